//! Duplicate and story detection: articles in, verified clusters out (issue 3).
//!
//! Three kinds of cluster, nested: *exact* duplicates (the same sequence of word match keys:
//! case, whitespace, punctuation and typography ignored), *near-duplicates* (copies with edits,
//! trimmed ends, new leads, reordered paragraphs) and *stories* (different wording, same event).
//!
//! The hard cases: a trimmed reprint shares only ~30% of its source's 3-word shingles, so
//! Jaccard alone misses it and containment (share of the smaller article found in the larger)
//! is verified too; five outlets rewriting one wire story share almost no shingles but share
//! rare names and content words, so story candidates are articles whose samples of names share
//! two rare ones, verified by an IDF-weighted overlap of content words and names that counts
//! only with six shared rare words (so that two match reports of one league, sharing "England"
//! and "Wilkinson", do not chain into one giant story); and a million articles must not mean a
//! million squared comparisons, so near-duplicate candidates come from banded LSH over MinHash
//! sketches ([`lsh`]), and every candidate is verified exactly before it counts.
//!
//! Stages, each plain data: [`features::signature`] per article (parallel; word hashes, shingle
//! sketch, name sample, sampled document frequencies) → exact groups by sorting hashes →
//! [`lsh::candidates`] and rare-name postings → cheap sketch estimates → exact verification
//! ([`features::features`], per connected component of candidate pairs; big components in
//! bounded chunks, so memory stays flat) → [`cluster::groups`]
//! (union-find; near-duplicate edges are a subset of story edges, so clusters nest) → [`plan()`].
//!
//! Exact duplicates are grouped by a 64-bit hash of the word-key sequence, not compared byte by
//! byte: a false merge needs a 64-bit collision (~3e-8 for a million articles).

pub mod cluster;
pub mod features;
pub mod lsh;
pub mod plan;
pub mod radix;
pub mod sketch;
pub mod tokens;

use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::corpus::Article;
use crate::report::ClusterKind;
use crate::{NoProgress, Progress};
use cluster::Edge;
use features::{intersection, shingle_intersection, Counts, DocFreq, Features, Scratch, Signature};
pub use plan::{plan, DedupPlan, KeepPolicy};

/// Thresholds and sizes for candidate search and verification.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    /// Words per shingle. Default 3: long enough that unrelated articles share few shingles
    /// ("one of the" is common, "the bridge was" much less), short enough that one edited word
    /// spoils only three shingles, so a copy with 10% of its words edited keeps ~70% of them.
    pub shingle_size: usize,
    /// Minimum verified similarity, the larger of Jaccard and containment of shingle sets, for a
    /// near-duplicate pair. Default 0.5: catches copies with up to ~15% of words edited, copies
    /// trimmed to a third of the source (containment ~1) and reprints with a new lead; two
    /// different articles on one story share far less than half their shingles.
    pub near_threshold: f64,
    /// Minimum similarity for a same-story pair: the larger of (a) the mean of the IDF-weighted
    /// overlap coefficients of the two articles' content words and of their names (counted
    /// only when they share `story_min_rare` rare words) and (b) the containment of shared
    /// passages (counted from `passage_shingles` shared shingles on). Default 0.3: the five
    /// seed articles (one story, five outlets, different wording) score 0.25-0.55 pairwise and
    /// connect through their stronger pairs; unrelated articles score under 0.1.
    pub story_threshold: f64,
    /// Largest LSH bucket whose members are all paired; larger buckets (boilerplate shared by
    /// many articles) are only chained. Default 64.
    pub bucket_cap: usize,
    /// Minimum number of shared shingles before shared-passage containment counts as story
    /// evidence (about two sentences' worth). Default 20.
    pub passage_shingles: usize,
    /// Minimum number of shared rare content words (used by at most 0.25% of the corpus, or 8
    /// articles) before word overlap counts as story evidence. Default 6: rewrites of one
    /// event share dozens, articles on one topic (an election, a league) rarely six.
    pub story_min_rare: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_size: 3,
            near_threshold: 0.5,
            story_threshold: 0.3,
            bucket_cap: 64,
            passage_shingles: 20,
            story_min_rare: 6,
        }
    }
}

/// A verified group of articles (indices into the corpus, ascending).
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub kind: ClusterKind,
    pub members: Vec<usize>,
    pub score: f64,
}

/// One verified candidate pair (`a < b`).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPair {
    pub a: usize,
    pub b: usize,
    pub jaccard: f64,
    pub containment: f64,
    pub kind: ClusterKind,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DedupResult {
    /// Clusters sorted by kind, then by first member.
    pub clusters: Vec<Cluster>,
    /// Verified pairs sorted by `(a, b)`.
    pub pairs: Vec<ScoredPair>,
}

/// Rows per LSH band of the shingle sketch: with 128 bins, 64 bands of 2 rows find a pair with
/// Jaccard 0.3 (a half-trimmed, lightly edited copy) with probability 0.998.
const NEAR_ROWS: usize = 2;
/// Distinct articles whose exact sets are held at once when a large candidate component is
/// verified (~2 KB each for 3 KB articles, so ~130 MB): memory stays flat at a million articles
/// (measured: under 1 KB per article in all) at the price of recomputing some articles' sets in
/// two chunks. Small components are bounded by [`SMALL_COMPONENT_TEXT`] instead.
const VERIFY_CHUNK: usize = 65_536;
/// How far under `near_threshold` a sketch estimate may be and the pair still be verified:
/// about 2.5 standard errors of a 128-bin estimate at Jaccard 0.3 (0.04). Lower margins verify
/// many more pairs that fail (bases sharing a few sentences) for no gain in recall.
const NEAR_MARGIN: f64 = 0.1;
/// Sampled rare names two articles must share to be a story candidate. One shared rare name
/// is chance (a footballer in two match reports); rewrites of one event share many.
const MIN_SHARED_NAMES: usize = 2;
/// Below this many shingles in the smaller article, containment is not trusted (a one-line
/// article is "contained" in anything quoting it) and Jaccard alone decides.
const MIN_CONTAINMENT_SHINGLES: usize = 10;

/// Finds exact, near-duplicate and same-story clusters.
pub fn find_clusters(articles: &[Article], config: &DedupConfig) -> DedupResult {
    find_clusters_with_progress(articles, config, &NoProgress)
}

/// [`find_clusters`], reporting its stages to `progress`: `signatures` (one per article),
/// `candidates`, `verify` (one per candidate pair) and `clusters`.
pub fn find_clusters_with_progress(
    articles: &[Article],
    config: &DedupConfig,
    progress: &dyn Progress,
) -> DedupResult {
    let n = articles.len();
    if n < 2 || n > u32::MAX as usize {
        return DedupResult::default();
    }
    let k = config.shingle_size.max(1);
    let counted = n.min(features::DF_SAMPLE);
    let bits = (usize::BITS - counted.leading_zeros() + 4).clamp(16, 20);
    let mut df = DocFreq::new(bits, n);
    progress.start("signatures", n as u64);
    // Each worker thread counts the words of the articles it samples into counts of its own
    // (up to 4 MB each) as it scans them: no count waits for another thread. Past
    // COUNT_TABLES threads, threads share tables, so that memory stays bounded on machines
    // with many cores.
    let tables: Vec<Mutex<Option<Counts>>> = (0..rayon::current_num_threads()
        .clamp(1, COUNT_TABLES))
        .map(|_| Mutex::new(None))
        .collect();
    let mut sigs: Vec<Signature> = articles
        .par_iter()
        .enumerate()
        .map_init(Scratch::default, |s, (i, a)| {
            let signature = if df.counts_article(i) {
                let slot = rayon::current_thread_index().unwrap_or(0) % tables.len();
                let mut table = tables[slot].lock().unwrap_or_else(PoisonError::into_inner);
                let counts = table.get_or_insert_with(|| df.new_counts());
                // Bound, so that the counter (which counts its last words when dropped) is
                // gone before the lock guard.
                let signature = features::signature(&a.text, k, Some(&mut counts.article(i)), s);
                signature
            } else {
                features::signature(&a.text, k, None, s)
            };
            progress.advance(1);
            signature
        })
        .collect();
    progress.start("candidates", n as u64);
    for table in tables {
        if let Some(counts) = table.into_inner().unwrap_or_else(PoisonError::into_inner) {
            df.add_counts(&counts);
        }
    }
    keep_rare_names(&mut sigs, &df);
    // Exact groups: sort by (hash, index); the first of each group represents it from here on.
    let mut by_hash: Vec<(u64, u32)> = sigs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.words > 0)
        .map(|(i, s)| (s.exact, i as u32))
        .collect();
    by_hash.par_sort_unstable();
    let mut exact_groups: Vec<Vec<usize>> = Vec::new();
    let mut reps: Vec<u32> = Vec::new();
    for run in by_hash.chunk_by(|x, y| x.0 == y.0) {
        reps.push(run[0].1);
        if run.len() > 1 {
            exact_groups.push(run.iter().map(|x| x.1 as usize).collect());
        }
    }
    reps.sort_unstable();

    let near_sketches: Vec<_> = reps.iter().map(|&i| &sigs[i as usize].near).collect();
    let mut cands = lsh::candidates(&near_sketches, &reps, NEAR_ROWS, config.bucket_cap);
    cands.extend(name_candidates(&sigs, &reps, config.bucket_cap));
    cands.par_sort_unstable();
    cands.dedup();

    // Cheap filter on sketch estimates before anything is recomputed.
    let near_floor = (config.near_threshold - NEAR_MARGIN).max(0.0);
    let cands: Vec<Candidate> = cands
        .par_chunks(FILTER_CHUNK)
        .flat_map_iter(|chunk| {
            chunk.iter().enumerate().filter_map(|(i, &p)| {
                if let Some(&ahead) = chunk.get(i + PREFETCH_AHEAD) {
                    prefetch_signature(&sigs[lsh::unpack(ahead).1]);
                }
                let (a, b) = lsh::unpack(p);
                filter_candidate(a, b, &sigs[a], &sigs[b], near_floor)
            })
        })
        .collect();

    progress.advance(n as u64);
    progress.start("verify", cands.len() as u64);
    let mut pairs = verify(
        articles,
        &cands,
        k,
        &df,
        config,
        SMALL_COMPONENT_TEXT,
        progress,
    );
    progress.start("clusters", n as u64);
    for g in &exact_groups {
        for &m in &g[1..] {
            pairs.push(Verified {
                pair: ScoredPair {
                    a: g[0],
                    b: m,
                    jaccard: 1.0,
                    containment: 1.0,
                    kind: ClusterKind::Exact,
                },
                story: 1.0,
            });
        }
    }
    // Pairs are unique, so an unstable sort is deterministic.
    pairs.par_sort_unstable_by_key(|v| (v.pair.a, v.pair.b));
    let result = build(n, exact_groups, pairs);
    progress.advance(n as u64);
    result
}

/// Most document-frequency tables the first pass counts into (see `find_clusters`).
const COUNT_TABLES: usize = 8;

/// Candidate pairs filtered by one task: the second member of each pair is prefetched
/// [`PREFETCH_AHEAD`] pairs early within it.
const FILTER_CHUNK: usize = 4096;

/// How many pairs ahead the filter fetches the second signature. Pairs are sorted by their
/// first member, so the second is a random article: without the prefetch, each pair waited
/// for main memory (at a million articles the filter took 1.6 s for 7.9 million pairs).
const PREFETCH_AHEAD: usize = 8;

/// Asks for the cache lines the filter reads of a signature: its sketch and its names.
#[inline]
fn prefetch_signature(s: &Signature) {
    prefetch_span(&s.near.mins);
    prefetch_span(&s.names);
}

/// Asks for every cache line of `items` (see [`features::prefetch`]).
#[inline]
fn prefetch_span<T>(items: &[T]) {
    let step = (64 / std::mem::size_of::<T>().max(1)).max(1);
    for item in items.iter().step_by(step).chain(items.last()) {
        features::prefetch(item);
    }
}

/// The pair as a candidate if its sketch estimates make it a possible near-duplicate, or its
/// samples share enough rare names for a story; `None` otherwise.
#[inline]
fn filter_candidate(
    a: usize,
    b: usize,
    sa: &Signature,
    sb: &Signature,
    near_floor: f64,
) -> Option<Candidate> {
    let j = sa.near.jaccard(&sb.near);
    let c = sketch::containment_from_jaccard(j, sa.shingles as usize, sb.shingles as usize);
    let words = shared_names(&sa.names, &sb.names) >= MIN_SHARED_NAMES;
    (j.max(c) >= near_floor || words).then_some(Candidate { a, b, words })
}

/// Every score dedup computes for one pair, for diagnostics (`why are these two not in one
/// cluster?`): exact shingle Jaccard and containment, the story score (IDF over the given
/// corpus) and the sketch estimates that decide whether the pair is ever a candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct PairExplanation {
    pub jaccard: f64,
    pub containment: f64,
    /// IDF-weighted share of the smaller article's content words found in the other.
    pub term_overlap: f64,
    /// IDF-weighted share of the smaller article's names found among the other's names.
    pub name_overlap: f64,
    /// What a story edge is judged on (see [`DedupConfig::story_threshold`]).
    pub story: f64,
    pub shingle_sketch_jaccard: f64,
    /// Names the two articles' name samples share.
    pub shared_sampled_names: usize,
}

/// Scores articles `a` and `b` of `articles` the way [`find_clusters`] would verify them.
pub fn explain_pair(
    articles: &[Article],
    a: usize,
    b: usize,
    config: &DedupConfig,
) -> PairExplanation {
    let k = config.shingle_size.max(1);
    let (mut sigs, df) = signatures_on_one_thread(articles, k);
    keep_rare_names(&mut sigs, &df);
    let fa = Weighted::new(features::features(&articles[a].text, k, true), &df);
    let fb = Weighted::new(features::features(&articles[b].text, k, true), &df);
    let inter = shingle_intersection(&fa.sets.shingles, &fb.sets.shingles);
    let union = fa.sets.shingles.len() + fb.sets.shingles.len() - inter;
    let (term_overlap, name_overlap) = (
        weighted_overlap(&fa.terms, &fb.terms),
        weighted_overlap(&fa.names, &fb.names),
    );
    PairExplanation {
        jaccard: inter as f64 / union.max(1) as f64,
        containment: inter as f64
            / fa.sets.shingles.len().min(fb.sets.shingles.len()).max(1) as f64,
        term_overlap,
        name_overlap,
        story: (term_overlap + name_overlap) / 2.0,
        shingle_sketch_jaccard: sigs[a].near.jaccard(&sigs[b].near),
        shared_sampled_names: shared_names(&sigs[a].names, &sigs[b].names),
    }
}

/// The first pass of [`find_clusters`] on one thread, with a small document-frequency table:
/// every article's signature, and the sampled document frequencies. For diagnostics, tests and
/// profiles, where the parallel pass's per-thread tables would only add noise.
pub fn signatures_on_one_thread(articles: &[Article], k: usize) -> (Vec<Signature>, DocFreq) {
    let mut df = DocFreq::new(16, articles.len());
    let mut scratch = Scratch::default();
    let mut counts = df.new_counts();
    let sigs = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut counter = counts.article(i);
            let counted = df.counts_article(i).then_some(&mut counter);
            features::signature(&a.text, k, counted, &mut scratch)
        })
        .collect();
    df.add_counts(&counts);
    (sigs, df)
}

/// A dropped article and the kept article that stands for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub article: usize,
    pub kept: usize,
    pub score: f64,
    pub kind: ClusterKind,
}

/// Drops the names that are not rare (see [`rare_df`]) from every name sample: from here on a
/// sampled name is rare evidence.
fn keep_rare_names(sigs: &mut [Signature], df: &DocFreq) {
    let cap = rare_df(df.docs);
    sigs.par_iter_mut()
        .for_each(|s| s.keep_names(|h| df.get_top32(h) <= cap));
}

/// Story candidates: articles whose name samples share at least [`MIN_SHARED_NAMES`] rare
/// names, as `a << 32 | b` (`a < b`), ascending. Postings `(name, article)` are sorted like
/// LSH bands; a name carried by more than `bucket_cap` sampled articles only chains them
/// (each is paired with the next one): it is a big story or not rare evidence.
///
/// Each article gathers the later articles it meets on the postings of its names and keeps
/// those it meets under two names: the pairs come out in order, a few per article. (Listing
/// every pair that shares one name, then sorting the list to count them, took 25 ms for
/// 100,000 articles: a million such pairs.)
fn name_candidates(sigs: &[Signature], reps: &[u32], bucket_cap: usize) -> Vec<u64> {
    let mut postings: Vec<(u32, u32)> = reps
        .par_iter()
        .flat_map_iter(|&i| {
            sigs[i as usize]
                .names
                .iter()
                .filter(|&&h| h != u32::MAX)
                .map(move |&h| (h, i))
        })
        .collect();
    postings.par_sort_unstable();
    // Two names of one article can share their top 32 bits: one posting each.
    postings.dedup();
    let postings = &postings[..];
    let articles_with = |name: u32| {
        let from = postings.partition_point(|p| p.0 < name);
        let len = postings[from..].partition_point(|p| p.0 == name);
        &postings[from..from + len]
    };
    reps.par_chunks(NAME_CHUNK)
        .flat_map_iter(|chunk| {
            let (mut pairs, mut met) = (Vec::new(), Vec::new());
            for &a in chunk {
                met.clear();
                let names = &sigs[a as usize].names;
                for (k, &name) in names.iter().enumerate() {
                    if name == u32::MAX || (k > 0 && names[k - 1] == name) {
                        continue;
                    }
                    let run = articles_with(name);
                    let later = &run[run.partition_point(|p| p.1 <= a)..];
                    if run.len() <= bucket_cap {
                        met.extend(later.iter().map(|p| p.1));
                    } else {
                        met.extend(later.first().map(|p| p.1));
                    }
                }
                met.sort_unstable();
                for same in met.chunk_by(|x, y| x == y) {
                    if same.len() >= MIN_SHARED_NAMES {
                        pairs.push((a as u64) << 32 | same[0] as u64);
                    }
                }
            }
            pairs
        })
        .collect()
}

/// Articles one task of [`name_candidates`] gathers pairs for.
const NAME_CHUNK: usize = 1024;

/// Number of names two ascending name samples share, padding excluded (after
/// [`keep_rare_names`], rare names).
fn shared_names(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() && a[i] != u32::MAX && b[j] != u32::MAX {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A candidate pair that passed the sketch filter (`a < b`).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    a: usize,
    b: usize,
    /// The name samples share [`MIN_SHARED_NAMES`] rare names: a story candidate, whose word
    /// evidence is weighed. Everything else is a near-duplicate check on shingles alone.
    words: bool,
}

/// A verified pair and the score it carries as a story edge.
#[derive(Debug, PartialEq)]
struct Verified {
    pair: ScoredPair,
    story: f64,
}

/// A weighted set: sorted keys with their IDF weights, and the total weight.
#[derive(Default)]
struct WeightedSet {
    items: Vec<(u64, f32)>,
    total: f64,
}

impl WeightedSet {
    fn fill(&mut self, keys: &[u64], df: &DocFreq) {
        self.items.clear();
        self.items.extend(keys.iter().map(|&t| (t, df.idf(t))));
        self.total = self.items.iter().map(|x| x.1 as f64).sum();
    }
}

/// An article's exact sets with content words and names weighted by IDF.
#[derive(Default)]
struct Weighted {
    sets: Features,
    /// Content words rare in the corpus (see [`rare_df`]), sorted.
    rare: Vec<u64>,
    terms: WeightedSet,
    names: WeightedSet,
}

impl Weighted {
    fn new(sets: Features, df: &DocFreq) -> Weighted {
        let mut w = Weighted {
            sets,
            ..Weighted::default()
        };
        w.weigh(df);
        w
    }

    /// Recomputes the sets of `text` in place, reusing every buffer.
    fn compute(&mut self, text: &str, k: usize, with_words: bool, df: &DocFreq, s: &mut Scratch) {
        features::features_into(text, k, with_words, s, &mut self.sets);
        self.weigh(df);
    }

    fn weigh(&mut self, df: &DocFreq) {
        let cap = rare_df(df.docs);
        let terms = &self.sets.terms;
        self.rare.clear();
        self.rare
            .extend(terms.iter().copied().filter(|&t| df.get(t) <= cap));
        self.terms.fill(terms, df);
        self.names.fill(&self.sets.names, df);
    }
}

/// Document frequency up to which a word counts as rare: 0.25% of the corpus, at least 8 and
/// at most 100. Tuned on bbc-news, where 1% let every Six Nations report (same player names)
/// join one story of 70 articles; at 0.25% the largest story has 10 articles. The ceiling is
/// for large corpora, where 0.25% of a million articles (2,500) would make any name "rare" and
/// chain related stories (a generated million-article corpus had a story of 555); a story told
/// by more than 100 outlets still connects through its rarer words and its copies.
fn rare_df(docs: u32) -> u32 {
    (docs / 400).clamp(8, 100)
}

/// A connected component of candidate pairs whose pairs name at most this many bytes of text
/// (both articles of every pair counted) is verified by one thread on its own: every member's
/// sets are computed once, into buffers the thread reuses, and are still in cache when its
/// pairs are scored. Copies of one article form such components (six 3 KB copies: 15 pairs,
/// 90 KB). Larger ones (a big story, chained boilerplate, a few huge articles) go through
/// [`verify_chunk`], which spreads one component over all threads; bounding by text rather
/// than by pairs also bounds each thread's buffers (about the size of that text).
const SMALL_COMPONENT_TEXT: usize = 2 << 20;

/// Verifies candidate pairs exactly on shingle and content-word sets; components whose pairs
/// name more than `small_text` bytes of text are verified chunk by chunk.
fn verify(
    articles: &[Article],
    cands: &[Candidate],
    k: usize,
    df: &DocFreq,
    config: &DedupConfig,
    small_text: usize,
    progress: &dyn Progress,
) -> Vec<Verified> {
    let mut uf = cluster::UnionFind::new(articles.len());
    for c in cands {
        uf.union(c.a, c.b);
    }
    // (component, candidate): sorting gathers each component's pairs, still in (a, b) order.
    // Roots are article indices, which fit in u32 (see `find_clusters`).
    let mut by_component: Vec<(u32, usize)> = cands
        .iter()
        .enumerate()
        .map(|(i, c)| (uf.find(c.a) as u32, i))
        .collect();
    by_component.par_sort_unstable();
    let text = |c: &Candidate| articles[c.a].text.len() + articles[c.b].text.len();
    type Component<'a> = &'a [(u32, usize)];
    let (small, large): (Vec<Component>, Vec<Component>) =
        by_component.chunk_by(|x, y| x.0 == y.0).partition(|group| {
            group.iter().map(|&(_, i)| text(&cands[i])).sum::<usize>() <= small_text
        });
    let mut verified: Vec<Verified> = small
        .par_iter()
        .map_init(ComponentScratch::default, |local, group| {
            let pairs = group.iter().map(|&(_, i)| &cands[i]);
            let verified = local.verify(articles, pairs, k, df, config);
            progress.advance(group.len() as u64);
            verified
        })
        .flat_map_iter(|v| v)
        .collect();
    let mut rest: Vec<Candidate> = large
        .iter()
        .flat_map(|group| group.iter().map(|&(_, i)| cands[i]))
        .collect();
    rest.sort_unstable_by_key(|c| (c.a, c.b));
    let mut start = 0;
    while start < rest.len() {
        let end = chunk_end(&rest, start);
        verified.extend(verify_chunk(articles, &rest[start..end], k, df, config));
        progress.advance((end - start) as u64);
        start = end;
    }
    verified
}

/// End of the chunk of `pairs` from `start` that names [`VERIFY_CHUNK`] distinct articles
/// (pairs are sorted by first member, so that side is contiguous): memory stays bounded and an
/// article is rarely recomputed.
fn chunk_end(pairs: &[Candidate], start: usize) -> usize {
    let mut seen: Vec<usize> = Vec::new();
    let mut end = start;
    while end < pairs.len() && seen.len() < VERIFY_CHUNK {
        seen.push(pairs[end].a);
        seen.push(pairs[end].b);
        end += 1;
        if seen.len() >= VERIFY_CHUNK {
            seen.sort_unstable();
            seen.dedup();
        }
    }
    end
}

/// The articles some pairs name, ascending, each with whether any of its pairs weighs words.
fn members<'c>(pairs: impl Iterator<Item = &'c Candidate>, out: &mut Vec<(usize, bool)>) {
    out.clear();
    out.extend(pairs.flat_map(|c| [(c.a, c.words), (c.b, c.words)]));
    out.sort_unstable();
    // One entry per article, with words if any of its pairs wants them (sorted last).
    out.reverse();
    out.dedup_by_key(|x| x.0);
    out.reverse();
}

/// One thread's buffers for verifying small components (see [`SMALL_COMPONENT_TEXT`]).
#[derive(Default)]
struct ComponentScratch {
    scratch: Scratch,
    members: Vec<(usize, bool)>,
    sets: Vec<Weighted>,
}

impl ComponentScratch {
    fn verify<'c>(
        &mut self,
        articles: &[Article],
        pairs: impl Iterator<Item = &'c Candidate> + Clone,
        k: usize,
        df: &DocFreq,
        config: &DedupConfig,
    ) -> Vec<Verified> {
        members(pairs.clone(), &mut self.members);
        if self.sets.len() < self.members.len() {
            self.sets.resize_with(self.members.len(), Weighted::default);
        }
        for (sets, &(i, words)) in self.sets.iter_mut().zip(&self.members) {
            sets.compute(&articles[i].text, k, words, df, &mut self.scratch);
        }
        pairs
            .filter_map(|c| score_candidate(c, &self.members, &self.sets, config))
            .collect()
    }
}

/// Scores candidate `c` with the sets of its articles: `sets[i]` belongs to `members[i]`.
fn score_candidate(
    c: &Candidate,
    members: &[(usize, bool)],
    sets: &[Weighted],
    config: &DedupConfig,
) -> Option<Verified> {
    let get = |i: usize| &sets[members.binary_search_by_key(&i, |x| x.0).unwrap_or(0)];
    let (fa, fb) = (get(c.a), get(c.b));
    if dropped_by_bound(fa, fb, c.words, config) {
        return None;
    }
    score_pair(c.a, c.b, fa, fb, c.words, config)
}

/// Verifies one chunk of candidate pairs exactly on shingle and content-word sets.
fn verify_chunk(
    articles: &[Article],
    chunk: &[Candidate],
    k: usize,
    df: &DocFreq,
    config: &DedupConfig,
) -> Vec<Verified> {
    let mut ids = Vec::new();
    members(chunk.iter(), &mut ids);
    let feats: Vec<Weighted> = ids
        .par_iter()
        .map_init(Scratch::default, |s, &(i, w)| {
            Weighted::new(features::features_with(&articles[i].text, k, w, s), df)
        })
        .collect();
    chunk
        .par_iter()
        .filter_map(|c| score_candidate(c, &ids, &feats, config))
        .collect()
}

/// IDF-weighted overlap coefficient: shared weight over the smaller set's total weight.
/// Overlap rather than Jaccard or cosine because outlets cut a story to very different lengths:
/// a 300-word brief and a 1,500-word feature on one event share most of the brief's names.
fn weighted_overlap(a: &WeightedSet, b: &WeightedSet) -> f64 {
    let small = a.total.min(b.total);
    if small <= 0.0 {
        return 0.0;
    }
    let (x, y) = (&a.items, &b.items);
    let (mut i, mut j, mut shared) = (0, 0, 0.0f64);
    // Branch-free merge, as in `intersection`.
    while i < x.len() && j < y.len() {
        let (p, q) = (x[i].0, y[j].0);
        shared += if p == q { x[i].1 as f64 } else { 0.0 };
        i += (p <= q) as usize;
        j += (q <= p) as usize;
    }
    (shared / small).min(1.0)
}

/// Whether the bucket bound alone shows that the pair scores `None`.
///
/// Most story candidates share too few shingles for either threshold, and the bucket bound
/// ([`features::ShingleBuckets`]) shows it without merging the sets: their shingle evidence
/// (containment, which is at least the Jaccard and any passage score) stays under both
/// thresholds, so they are judged on their words alone. What the bound does not settle, and
/// every pair kept, is scored exactly by [`score_pair`].
fn dropped_by_bound(fa: &Weighted, fb: &Weighted, with_words: bool, config: &DedupConfig) -> bool {
    let (Some(x), Some(y)) = (&fa.sets.buckets, &fb.sets.buckets) else {
        return false;
    };
    let small = fa.sets.shingles.len().min(fb.sets.shingles.len());
    let floor = config.story_threshold.min(config.near_threshold);
    // The same division as the containment in `score_pair`, so that rounding cannot split
    // them.
    with_words
        && small >= MIN_CONTAINMENT_SHINGLES
        && (x.shared_at_most(y) as f64 / small as f64) < floor
        && word_evidence(fa, fb, config) < config.story_threshold
}

/// Exact scores of one pair; `None` when it is neither a near-duplicate nor a story pair.
fn score_pair(
    a: usize,
    b: usize,
    fa: &Weighted,
    fb: &Weighted,
    with_words: bool,
    config: &DedupConfig,
) -> Option<Verified> {
    let (sa, sb) = (fa.sets.shingles.len(), fb.sets.shingles.len());
    let small = sa.min(sb);
    let inter = shingle_intersection(&fa.sets.shingles, &fb.sets.shingles);
    let union = sa + sb - inter;
    let jaccard = if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    };
    let containment = if small >= MIN_CONTAINMENT_SHINGLES {
        inter as f64 / small as f64
    } else {
        jaccard
    };
    let near = jaccard.max(containment);
    let passage = if inter >= config.passage_shingles {
        containment
    } else {
        0.0
    };
    // Near-duplicates need no word evidence.
    let words = if !with_words || near >= config.near_threshold {
        0.0
    } else {
        word_evidence(fa, fb, config)
    };
    let story = near.max(passage).max(words);
    let kind = if near >= config.near_threshold {
        ClusterKind::NearDuplicate
    } else if story >= config.story_threshold {
        ClusterKind::Story
    } else {
        return None;
    };
    Some(Verified {
        pair: ScoredPair {
            a,
            b,
            jaccard,
            containment,
            kind,
        },
        story,
    })
}

/// The story score two articles' words give: the mean IDF-weighted overlap of their content
/// words and of their names, counted only with enough shared rare words. Two pieces on one
/// party or one club share common names (Labour, Blair, Lions) and reach a high overlap, but
/// not six words that at most 0.25% of the corpus uses (Yukos, Rosneft, Khodorkovsky,
/// auction). The cheap check goes first.
fn word_evidence(fa: &Weighted, fb: &Weighted, config: &DedupConfig) -> f64 {
    if intersection(&fa.rare, &fb.rare) < config.story_min_rare {
        0.0
    } else {
        (weighted_overlap(&fa.terms, &fb.terms) + weighted_overlap(&fa.names, &fb.names)) / 2.0
    }
}

/// Nested clusters from exact groups and verified pairs.
fn build(n: usize, exact_groups: Vec<Vec<usize>>, verified: Vec<Verified>) -> DedupResult {
    let mut clusters: Vec<Cluster> = exact_groups
        .into_iter()
        .map(|mut members| {
            members.sort_unstable();
            Cluster {
                kind: ClusterKind::Exact,
                members,
                score: 1.0,
            }
        })
        .collect();
    let mut near_edges: Vec<Edge> = verified
        .iter()
        .filter(|v| v.pair.kind != ClusterKind::Story)
        .map(|v| Edge {
            a: v.pair.a,
            b: v.pair.b,
            score: v.pair.jaccard.max(v.pair.containment),
        })
        .collect();
    let mut story_edges: Vec<Edge> = verified
        .iter()
        .map(|v| Edge {
            a: v.pair.a,
            b: v.pair.b,
            score: v.story,
        })
        .collect();
    let (near, stories) = rayon::join(
        || cluster::groups(n, &mut near_edges),
        || cluster::groups(n, &mut story_edges),
    );
    for (members, score) in near {
        clusters.push(Cluster {
            kind: ClusterKind::NearDuplicate,
            members,
            score,
        });
    }
    for (members, score) in stories {
        clusters.push(Cluster {
            kind: ClusterKind::Story,
            members,
            score,
        });
    }
    clusters.sort_by_key(|c| (c.kind, c.members[0]));
    DedupResult {
        clusters,
        pairs: verified.into_iter().map(|v| v.pair).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A xorshift generator: the same pseudo-random numbers on every run.
    pub(super) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// Articles of pseudo-random words: `bases` unrelated texts, each followed by copies with
    /// every `edit`-th word replaced.
    fn copies(bases: usize, copies: usize) -> Vec<Article> {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        let mut word = move || format!("w{}", next() % 5_000);
        let mut out = Vec::new();
        for _ in 0..bases {
            let base: Vec<String> = (0..300).map(|_| word()).collect();
            for c in 0..=copies {
                let text: Vec<String> = base
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        if c > 0 && i % (20 + c) == 7 {
                            word()
                        } else {
                            w.clone()
                        }
                    })
                    .collect();
                out.push(Article::from_text(out.len().to_string(), text.join(" ")));
            }
        }
        out
    }

    /// Records stages and how far each got.
    #[derive(Default)]
    struct Stages(std::sync::Mutex<Vec<(&'static str, u64, u64)>>);

    impl Progress for Stages {
        fn start(&self, stage: &'static str, total: u64) {
            self.0.lock().unwrap().push((stage, total, 0));
        }
        fn advance(&self, n: u64) {
            if let Some(last) = self.0.lock().unwrap().last_mut() {
                last.2 += n;
            }
        }
    }

    #[test]
    fn stages_are_reported_in_order_and_completed() {
        let articles = copies(4, 3);
        let stages = Stages::default();
        let with = find_clusters_with_progress(&articles, &DedupConfig::default(), &stages);
        let without = find_clusters(&articles, &DedupConfig::default());
        assert_eq!(with.pairs.len(), without.pairs.len());
        assert!(!with.pairs.is_empty());
        let got = stages.0.into_inner().unwrap();
        let names: Vec<&str> = got.iter().map(|s| s.0).collect();
        assert_eq!(names, ["signatures", "candidates", "verify", "clusters"]);
        // Every stage ends where it said it would: one step per article, per candidate pair.
        assert!(got.iter().all(|&(_, total, done)| total == done), "{got:?}");
        assert_eq!(got[0].1, articles.len() as u64);
        assert!(got[2].1 >= with.pairs.len() as u64);
    }

    /// Signatures carrying only names: each of `n` articles gets up to six names from a pool
    /// of `pool`, so that names are shared by many articles (past small bucket caps).
    fn name_signatures(n: usize, pool: u32) -> Vec<Signature> {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        (0..n)
            .map(|_| {
                let mut names = [u32::MAX; features::NAME_SAMPLE];
                let count = (next() % 7) as usize;
                for slot in &mut names[..count] {
                    *slot = (next() % pool as u64) as u32 * 1000;
                }
                names.sort_unstable();
                Signature {
                    exact: next(),
                    words: 1,
                    shingles: 1,
                    near: sketch::SketchBuilder::<{ features::NEAR_BINS }>::default().finish(),
                    names,
                }
            })
            .collect()
    }

    #[test]
    fn name_candidates_are_pairs_met_under_two_names() {
        let sigs = name_signatures(400, 40);
        // Every article but each fifth (as if exact copies of another).
        let reps: Vec<u32> = (0..400).filter(|i| i % 5 != 3).collect();
        let mut runs: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
        for &i in &reps {
            let mut names: Vec<u32> = sigs[i as usize].names.to_vec();
            names.dedup();
            for h in names.into_iter().filter(|&h| h != u32::MAX) {
                runs.entry(h).or_default().push(i);
            }
        }
        // Caps at the length of some runs too: a run as long as the cap is still paired whole.
        let mut lengths: Vec<usize> = runs.values().map(Vec::len).collect();
        lengths.sort_unstable();
        for cap in [1, 3, lengths[0], lengths[lengths.len() / 2], 64] {
            // The definition: per name, all pairs of its articles, or a chain past the cap;
            // a candidate is a pair counted under two names.
            let mut counts: std::collections::BTreeMap<u64, usize> = Default::default();
            for run in runs.values() {
                let mut count =
                    |a: u32, b: u32| *counts.entry((a as u64) << 32 | b as u64).or_default() += 1;
                if run.len() <= cap {
                    for (i, &a) in run.iter().enumerate() {
                        for &b in &run[i + 1..] {
                            count(a, b);
                        }
                    }
                } else {
                    for w in run.windows(2) {
                        count(w[0], w[1]);
                    }
                }
            }
            let want: Vec<u64> = counts
                .into_iter()
                .filter(|&(_, c)| c >= MIN_SHARED_NAMES)
                .map(|(p, _)| p)
                .collect();
            assert!(!want.is_empty(), "cap {cap}");
            assert_eq!(name_candidates(&sigs, &reps, cap), want, "cap {cap}");
        }
    }

    #[test]
    fn the_bucket_bound_drops_only_pairs_exact_scoring_drops() {
        // Ten groups of articles. Articles of a group share rare words and names, in random
        // order among common words (story pairs on words alone). Groups five apart share a
        // passage (pairs on shingles alone), of any length from none to most of the text, so
        // containment runs from 0 to about 0.6.
        let mut next = xorshift(0x51_7CC1_B727_220A);
        let mut pick = |n: usize| (next() % n as u64) as usize;
        let common: Vec<String> = (0..200).map(|i| format!("c{i}")).collect();
        let passages: Vec<Vec<String>> = (0..5)
            .map(|_| (0..120).map(|_| common[pick(200)].clone()).collect())
            .collect();
        let articles: Vec<Article> = (0..60)
            .map(|i| {
                let group = i % 10;
                let mut words: Vec<String> = (0..150).map(|_| common[pick(200)].clone()).collect();
                for r in 0..12 {
                    let at = pick(words.len());
                    words.insert(at, format!("rare{group}x{r}"));
                }
                for n in 0..4 {
                    let at = 1 + pick(words.len() - 1);
                    words.insert(at, format!("Name{group}x{n}"));
                }
                let shared = (i * 13) % 120;
                words.extend(passages[group % 5][..shared].iter().cloned());
                Article::from_text(i.to_string(), words.join(" "))
            })
            .collect();
        let (_, df) = signatures_on_one_thread(&articles, 3);
        let sets: Vec<Weighted> = articles
            .iter()
            .map(|a| Weighted::new(features::features(&a.text, 3, true), &df))
            .collect();
        let config = DedupConfig::default();
        let (mut bounded, mut kept_on_words, mut kept_on_shingles) = (0, 0, 0);
        for a in 0..sets.len() {
            for b in a + 1..sets.len() {
                for words in [false, true] {
                    let exact = score_pair(a, b, &sets[a], &sets[b], words, &config);
                    if dropped_by_bound(&sets[a], &sets[b], words, &config) {
                        assert_eq!(exact, None, "{a} {b} words {words}");
                    }
                    let (x, y) = (&sets[a].sets, &sets[b].sets);
                    let (Some(bx), Some(by)) = (&x.buckets, &y.buckets) else {
                        panic!("story sets have buckets");
                    };
                    let small = x.shingles.len().min(y.shingles.len()) as f64;
                    let bound = bx.shared_at_most(by) as f64 / small;
                    if words && bound < config.story_threshold {
                        bounded += 1;
                        kept_on_words += exact.is_some() as usize;
                    }
                    // Kept on shingles though under the near-duplicate threshold: the bound
                    // must be held to the lower of the two thresholds.
                    let kept = exact.as_ref().is_some_and(|v| v.pair.containment >= 0.3);
                    kept_on_shingles += (words && kept && bound < config.near_threshold) as usize;
                }
            }
        }
        // Every way out of the bound was taken: dropped, kept on words, and (held to the
        // near-duplicate threshold alone) wrongly dropped.
        assert!(
            bounded > 100 && kept_on_words > 10 && kept_on_shingles > 0,
            "{bounded} {kept_on_words} {kept_on_shingles}"
        );
    }

    #[test]
    fn small_and_large_components_verify_alike() {
        let articles = copies(3, 6);
        let n = articles.len();
        let cands: Vec<Candidate> = (0..n)
            .flat_map(|a| {
                (a + 1..n).map(move |b| Candidate {
                    a,
                    b,
                    words: (a + b) % 3 == 0,
                })
            })
            .collect();
        let (_, df) = signatures_on_one_thread(&articles, 3);
        let config = DedupConfig::default();
        let sorted = |mut v: Vec<Verified>| {
            v.sort_by_key(|x| (x.pair.a, x.pair.b));
            v
        };
        let per_thread = sorted(verify(
            &articles,
            &cands,
            3,
            &df,
            &config,
            usize::MAX,
            &NoProgress,
        ));
        let chunked = sorted(verify(&articles, &cands, 3, &df, &config, 0, &NoProgress));
        // Copies of one base verify as near-duplicates, different bases do not pair.
        let near = per_thread
            .iter()
            .filter(|v| v.pair.kind == ClusterKind::NearDuplicate)
            .count();
        assert_eq!(near, 3 * 7 * 6 / 2);
        assert_eq!(per_thread, chunked);
    }
}

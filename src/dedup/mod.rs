//! Duplicate and story detection: articles in, verified clusters out (issue 3).
//!
//! Three kinds of cluster, nested: *exact* duplicates (the same sequence of word match keys:
//! case, whitespace, punctuation and typography ignored), *near-duplicates* (copies with edits,
//! trimmed ends, new leads, reordered paragraphs) and *stories* (different wording, same event).
//!
//! The hard cases: a trimmed reprint shares only ~30% of its source's 3-word shingles, so
//! Jaccard alone misses it and containment (share of the smaller article found in the larger)
//! is verified too; five outlets rewriting one wire story share almost no shingles but share
//! rare names and content words, so stories are found from a sketch of names and verified by an
//! IDF-weighted overlap of content words; and a million articles must not mean a million squared
//! comparisons, so candidates come from banded LSH over MinHash sketches ([`lsh`]), and every
//! candidate is verified exactly before it counts.
//!
//! Stages, each plain data: [`features::signature`] per article (parallel) → exact groups by
//! sorting hashes → [`lsh::candidates`] → cheap sketch estimates → exact verification
//! ([`features::features`], in bounded chunks so memory stays flat) → [`cluster::groups`]
//! → [`plan`].

pub mod cluster;
pub mod features;
pub mod lsh;
pub mod plan;
pub mod sketch;
pub mod tokens;

use rayon::prelude::*;

use crate::corpus::Article;
use crate::report::ClusterKind;
use cluster::Edge;
use features::{intersection, DocFreq, Features, Scratch, Signature};
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
    /// Minimum similarity for a same-story pair: the larger of the IDF-weighted cosine of the
    /// two articles' content words (names count 1.5 times) and the containment of shared
    /// passages. Default 0.3: outlets' rewrites of one event (same names, same rare words)
    /// score 0.35 and above, different articles on a related topic (two pieces on one company,
    /// one football club) mostly stay below it.
    pub story_threshold: f64,
    /// Largest LSH bucket whose members are all paired; larger buckets (boilerplate shared by
    /// many articles) are only chained. Default 64.
    pub bucket_cap: usize,
    /// Minimum number of shared shingles before shared-passage containment counts as story
    /// evidence (about two sentences' worth). Default 20.
    pub passage_shingles: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_size: 3,
            near_threshold: 0.5,
            story_threshold: 0.3,
            bucket_cap: 64,
            passage_shingles: 20,
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
/// Rows per band of the name sketch: 32 bands of 2 find name sets with Jaccard 0.3 w.p. 0.95.
const STORY_ROWS: usize = 2;
/// Candidate pairs verified per chunk; bounds the exact sets held in memory at once.
const VERIFY_CHUNK: usize = 16_384;
/// Below this many shingles in the smaller article, containment is not trusted (a one-line
/// article is "contained" in anything quoting it) and Jaccard alone decides.
const MIN_CONTAINMENT_SHINGLES: usize = 10;

/// Finds exact, near-duplicate and same-story clusters.
pub fn find_clusters(articles: &[Article], config: &DedupConfig) -> DedupResult {
    let n = articles.len();
    if n < 2 || n > u32::MAX as usize {
        return DedupResult::default();
    }
    let k = config.shingle_size.max(1);
    let bits = (usize::BITS - n.leading_zeros()).clamp(12, 22) + 2;
    let mut df = DocFreq::new(bits);
    let sigs: Vec<Signature> = articles
        .par_iter()
        .map_init(Scratch::default, |s, a| {
            features::signature(&a.text, k, &df, s)
        })
        .collect();
    df.docs = n as u32;

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
    let story_sketches: Vec<_> = reps.iter().map(|&i| &sigs[i as usize].story).collect();
    let mut cands = lsh::candidates(&near_sketches, &reps, NEAR_ROWS, config.bucket_cap);
    cands.extend(lsh::candidates(
        &story_sketches,
        &reps,
        STORY_ROWS,
        config.bucket_cap,
    ));
    cands.par_sort_unstable();
    cands.dedup();

    // Cheap filter on sketch estimates before anything is recomputed.
    let near_floor = (config.near_threshold - 0.2).max(0.0);
    let cands: Vec<(usize, usize)> = cands
        .par_iter()
        .map(|&p| lsh::unpack(p))
        .filter(|&(a, b)| {
            let (sa, sb) = (&sigs[a], &sigs[b]);
            let j = sa.near.jaccard(&sb.near);
            let c = sketch::containment_from_jaccard(j, sa.shingles as usize, sb.shingles as usize);
            j.max(c) >= near_floor || sa.story.jaccard(&sb.story) >= 0.1 || j >= 0.05
        })
        .collect();

    let mut pairs: Vec<ScoredPair> = Vec::new();
    for chunk in cands.chunks(VERIFY_CHUNK) {
        pairs.extend(verify_chunk(articles, chunk, k, &df, config));
    }
    for g in &exact_groups {
        for &m in &g[1..] {
            pairs.push(ScoredPair {
                a: g[0],
                b: m,
                jaccard: 1.0,
                containment: 1.0,
                kind: ClusterKind::Exact,
            });
        }
    }
    pairs.sort_by_key(|p| (p.a, p.b));
    let (pairs, story_scores): (Vec<ScoredPair>, Vec<f64>) = pairs
        .into_iter()
        .map(|p| {
            let s = story_score_of(&p);
            (p, s)
        })
        .unzip();
    let pairs = attach(pairs, story_scores);
    build(n, exact_groups, pairs)
}

/// A dropped article and the kept article that stands for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub article: usize,
    pub kept: usize,
    pub score: f64,
    pub kind: ClusterKind,
}

/// A verified pair and the score it carries as a story edge.
struct Verified {
    pair: ScoredPair,
    story: f64,
}

fn story_score_of(p: &ScoredPair) -> f64 {
    p.jaccard.max(p.containment)
}

fn attach(pairs: Vec<ScoredPair>, story: Vec<f64>) -> Vec<Verified> {
    pairs
        .into_iter()
        .zip(story)
        .map(|(pair, story)| Verified { pair, story })
        .collect()
}

/// Verifies one chunk of candidate pairs exactly on shingle and content-word sets.
fn verify_chunk(
    articles: &[Article],
    chunk: &[(usize, usize)],
    k: usize,
    df: &DocFreq,
    config: &DedupConfig,
) -> Vec<ScoredPair> {
    let mut ids: Vec<usize> = chunk.iter().flat_map(|&(a, b)| [a, b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let feats: Vec<(Features, f64)> = ids
        .par_iter()
        .map(|&i| {
            let f = features::features(&articles[i].text, k);
            let norm = term_norm(&f, df);
            (f, norm)
        })
        .collect();
    let get = |i: usize| &feats[ids.binary_search(&i).unwrap_or(0)];
    chunk
        .par_iter()
        .filter_map(|&(a, b)| {
            let ((fa, na), (fb, nb)) = (get(a), get(b));
            score_pair(a, b, (fa, *na), (fb, *nb), df, config)
        })
        .collect()
}

/// Weight of a content word: IDF, times 1.5 when the article uses it as a name.
fn term_weight(h: u64, name: bool, df: &DocFreq) -> f64 {
    df.idf(h) * if name { 1.5 } else { 1.0 }
}

fn term_norm(f: &Features, df: &DocFreq) -> f64 {
    f.terms
        .iter()
        .map(|&t| {
            let w = term_weight(t, f.names.binary_search(&t).is_ok(), df);
            w * w
        })
        .sum::<f64>()
        .sqrt()
}

/// IDF-weighted cosine of two content-word sets (binary term frequencies).
fn term_cosine(a: (&Features, f64), b: (&Features, f64), df: &DocFreq) -> f64 {
    let (fa, na) = a;
    let (fb, nb) = b;
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < fa.terms.len() && j < fb.terms.len() {
        match fa.terms[i].cmp(&fb.terms[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let t = fa.terms[i];
                let wa = term_weight(t, fa.names.binary_search(&t).is_ok(), df);
                let wb = term_weight(t, fb.names.binary_search(&t).is_ok(), df);
                dot += wa * wb;
                i += 1;
                j += 1;
            }
        }
    }
    (dot / (na * nb)).min(1.0)
}

/// Exact scores of one pair; `None` when it is neither a near-duplicate nor a story pair.
fn score_pair(
    a: usize,
    b: usize,
    (fa, na): (&Features, f64),
    (fb, nb): (&Features, f64),
    df: &DocFreq,
    config: &DedupConfig,
) -> Option<ScoredPair> {
    let inter = intersection(&fa.shingles, &fb.shingles);
    let (sa, sb) = (fa.shingles.len(), fb.shingles.len());
    let union = sa + sb - inter;
    let jaccard = if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    };
    let small = sa.min(sb);
    let containment = if small >= MIN_CONTAINMENT_SHINGLES {
        inter as f64 / small as f64
    } else {
        jaccard
    };
    let kind = if jaccard.max(containment) >= config.near_threshold {
        ClusterKind::NearDuplicate
    } else {
        let passage = if inter >= config.passage_shingles {
            containment
        } else {
            0.0
        };
        let cosine = term_cosine((fa, na), (fb, nb), df);
        if passage.max(cosine) >= config.story_threshold {
            // Story pairs carry their story evidence in `containment` when it is the stronger
            // signal, so that the cluster score reflects why they were joined.
            return Some(ScoredPair {
                a,
                b,
                jaccard,
                containment: containment.max(cosine),
                kind: ClusterKind::Story,
            });
        }
        return None;
    };
    Some(ScoredPair {
        a,
        b,
        jaccard,
        containment,
        kind,
    })
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
    for (members, score) in cluster::groups(n, &mut near_edges) {
        clusters.push(Cluster {
            kind: ClusterKind::NearDuplicate,
            members,
            score,
        });
    }
    for (members, score) in cluster::groups(n, &mut story_edges) {
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

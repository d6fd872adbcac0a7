//! Sentence alignment: prepared articles and clusters in, aligned sentence pairs, shared
//! passages and cluster collations out (issue 4).
//!
//! The hard case: five outlets carry one story, one moves paragraphs, one splits a sentence in
//! two, one is a machine translation of a translation, one lost the spaces after names
//! (`Putinbefore`), and they spell `Bremmer` two ways. The same sentence must still be found in
//! each, while an added paragraph stays unaligned. How one pair is aligned is described in
//! [`pair`]; the features it compares in [`features`].
//!
//! # Which pairs of a cluster are aligned
//!
//! Aligning every pair of a cluster is quadratic in its size: 200 outlets would mean 19,900
//! alignments. [`align_clusters`] therefore:
//!
//! - collapses each exact-duplicate cluster to its first member and aligns one pair inside it
//!   (the others are byte-identical, there is nothing more to learn);
//! - for each story cluster, and each near-duplicate cluster not inside a story cluster, with
//!   at most [`AlignConfig::full_pairs_max`] (default 6, so at most 15 pairs) distinct members:
//!   aligns all pairs;
//! - for a larger cluster: aligns every member against the *representative* (the member with
//!   the most words, the lowest index on ties) and along a maximum spanning tree of the
//!   members' stem-set Jaccard similarity (Prim), so each member is also aligned with its
//!   closest neighbour. That is fewer than 2·N pairs. Past a thousand members the tree is
//!   built per block of a thousand (it costs O(N²)).
//!
//! A pair is aligned once, for the first cluster that asks for it (story clusters first). The
//! output is sorted by `(a, b)` and does not depend on the thread count.
//!
//! Corpus-wide reuse outside clusters is found by [`shared::shared_passages`]; a cluster's
//! versions side by side by [`collate::collations`].
//!
//! # How much evidence a pair needs
//!
//! Two different articles about one story share its names and topic words in most sentences,
//! so similarity alone pairs sentences that say different things (`"We are watching it
//! closely," said race director David Bedford` / `"It doesn't get any better than this," said
//! race director David Bedford`). A pair therefore stands on its own only with *content*
//! evidence: its stems other than names and numbers must agree too (`min_content_score`,
//! default 0.25), or, for lists of names such as team sheets, its score must reach 0.6. Weaker
//! pairs (down to `chain_min_score`, default 0.2) are kept only in an in-order run next to
//! such an anchor. Two sentences quoting different words (no shared stem inside the quotation
//! marks) are never a pair. Details in [`pair`].
//!
//! Measured with `examples/eval_align_precision.rs` on hand-labelled pairs of BBC story
//! clusters (different articles, not copies) and the seeds. On a uniform sample of the BBC
//! output, precision rose from 0.61 (240 pairs) to 0.81 (100 pairs); of the pairs labelled
//! correct in the first sample, 85% are still found (the output shrank from 2,283 to 1,572
//! pairs; "negation" changes over the whole corpus fell from 225 to 143). On the seeds, precision 0.95 → 1.00 at recall 0.84. WMT16 English→Finnish stays at
//! P/R ≥ 0.99 for two human translations and P ≥ 0.99, R ≥ 0.95 for human vs machine
//! translation (`examples/eval_wmt`).

pub mod collate;
pub mod features;
pub mod pair;
pub mod quotes;
pub mod shared;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::report::ClusterKind;
use crate::text::Doc;

pub use collate::{collations, ClusterCollation};
pub use features::Features;
pub use shared::{shared_passages, SharedPassage};

#[derive(Debug, Clone, PartialEq)]
pub struct AlignConfig {
    /// Minimum similarity (weighted Dice of content stems, 0..1) for two sentences to be paired.
    pub min_sentence_score: f64,
    /// Lower minimum for a pair inside the in-order backbone that sits in a run with an
    /// anchor (a pair reaching `min_sentence_score` with content evidence): between anchors, a
    /// reworded or translated sentence needs less evidence than a moved one. Also what a pair
    /// filled by position at a document edge must score.
    pub chain_min_score: f64,
    /// A pair must also score at least this share of the best score of its row or column, so
    /// that a weak in-order match cannot take the place of a strong moved one.
    pub relative_floor: f64,
    /// Minimum similarity for a pair outside the in-order backbone (a moved sentence; never
    /// below `min_sentence_score`). Moves need content evidence in any case; a higher floor
    /// bought no precision on the labelled sample (`examples/eval_align_precision.rs`) and
    /// cost recall, so the default equals `min_sentence_score`.
    pub moved_min_score: f64,
    /// Minimum weighted Dice over content stems only (neither names nor numbers) for a pair
    /// to stand on its own (see [`pair`]): sharing the story's cast and topic is not saying
    /// the same thing.
    pub min_content_score: f64,
    /// How much adding a neighbouring sentence must raise a pair's score to make it 1:2 / 2:1.
    pub merge_gain: f64,
    /// Largest gap (in sentences, equal on both sides, between two in-order pairs) that is
    /// filled by position; 0 turns gap filling off.
    pub fill_gaps_max: usize,
    /// Minimum Dice over plain words for pairing short sentences next to an aligned pair.
    pub short_min_score: f64,
    /// Characters of a word's match key kept as its stem (absorbs inflection, run-together words).
    pub stem_chars: usize,
    /// Minimum length of a name for spelling-variant matching (one edit apart).
    pub min_variant_chars: usize,
    /// Clusters with at most this many distinct members are aligned all pairs.
    pub full_pairs_max: usize,
    /// Minimum similarity of two sentences for a corpus-wide shared passage.
    pub shared_min_score: f64,
    /// Minimum number of content stems of a sentence to take part in shared-passage search
    /// (shorter ones, such as `Advertisement` or a byline, are reused everywhere).
    pub shared_min_stems: usize,
    /// Sentence keys shared by more articles than this are boilerplate and not followed.
    pub shared_max_group: usize,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            min_sentence_score: 0.3,
            chain_min_score: 0.2,
            relative_floor: 0.5,
            moved_min_score: 0.3,
            min_content_score: 0.25,
            merge_gain: 0.08,
            fill_gaps_max: 2,
            short_min_score: 0.6,
            stem_chars: 4,
            min_variant_chars: 6,
            full_pairs_max: 6,
            shared_min_score: 0.6,
            shared_min_stems: 5,
            shared_max_group: 64,
        }
    }
}

/// Sentences `a` of one article aligned with sentences `b` of the other (1:1, 1:2 or 2:1).
#[derive(Debug, Clone, PartialEq)]
pub struct SentencePair {
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub score: f64,
}

/// A maximal run of pairs aligned in order: inclusive sentence ranges on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub a: [usize; 2],
    pub b: [usize; 2],
    pub pairs: usize,
}

/// Two articles (corpus indices) aligned sentence by sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedPair {
    pub a: usize,
    pub b: usize,
    /// Index into the cluster list this pair was aligned for.
    pub cluster: Option<usize>,
    pub pairs: Vec<SentencePair>,
    pub passages: Vec<Passage>,
    pub score: f64,
    pub a_coverage: f64,
    pub b_coverage: f64,
    /// `Some(a)` or `Some(b)`: the likely source of the shared text.
    pub likely_source: Option<usize>,
}

/// Aligns two articles; the result's `a`/`b` are `a_index`/`b_index`.
pub fn align_pair(
    a_index: usize,
    a: (&Article, &Doc),
    b_index: usize,
    b: (&Article, &Doc),
    config: &AlignConfig,
) -> AlignedPair {
    let fa = Features::build(a.0, a.1, config);
    let fb = Features::build(b.0, b.1, config);
    aligned(a_index, a.0, &fa, b_index, b.0, &fb, None, config)
}

#[allow(clippy::too_many_arguments)] // Two sides of three values each; a struct would only rename them.
fn aligned(
    a_index: usize,
    a: &Article,
    fa: &Features,
    b_index: usize,
    b: &Article,
    fb: &Features,
    cluster: Option<usize>,
    config: &AlignConfig,
) -> AlignedPair {
    let r = pair::align_features(fa, fb, config);
    let likely_source = likely_source(a, b, r.a_coverage, r.b_coverage, !r.pairs.is_empty())
        .map(|first| if first { a_index } else { b_index });
    AlignedPair {
        a: a_index,
        b: b_index,
        cluster,
        pairs: r.pairs,
        passages: r.passages,
        score: r.score,
        a_coverage: r.a_coverage,
        b_coverage: r.b_coverage,
        likely_source,
    }
}

/// `Some(true)` when `a` is the likely source, `Some(false)` for `b`: the earlier date when the
/// dates differ; else the article that contains the other's aligned text (the other is
/// covered almost entirely, it is not).
fn likely_source(a: &Article, b: &Article, a_cov: f64, b_cov: f64, shared: bool) -> Option<bool> {
    if !shared {
        return None;
    }
    if let (Some(da), Some(db)) = (a.iso_date(), b.iso_date()) {
        match da.cmp_common(&db) {
            std::cmp::Ordering::Equal => {}
            order => return Some(order.is_lt()),
        }
    }
    const CONTAINED: f64 = 0.8;
    const MARGIN: f64 = 0.15;
    if b_cov >= CONTAINED && a_cov + MARGIN <= b_cov {
        Some(true)
    } else if a_cov >= CONTAINED && b_cov + MARGIN <= a_cov {
        Some(false)
    } else {
        None
    }
}

/// For each article, the first member of its exact-duplicate cluster (itself if none).
pub(crate) fn exact_representatives(n: usize, clusters: &[Cluster]) -> Vec<usize> {
    let mut rep: Vec<usize> = (0..n).collect();
    for c in clusters.iter().filter(|c| c.kind == ClusterKind::Exact) {
        if let Some(&first) = c.members.iter().min() {
            for &m in &c.members {
                if m < n {
                    rep[m] = rep[m].min(first);
                }
            }
        }
    }
    rep
}

/// For each cluster, the first cluster of the kind above it (exact ⊂ near-duplicate ⊂ story)
/// that holds all its members; `None` for story clusters and orphans.
///
/// Looked up through the clusters holding each article: testing every member against every
/// member list made 32,000 copies of one article cost 10^9 comparisons.
pub(crate) fn parent_clusters(clusters: &[Cluster]) -> Vec<Option<usize>> {
    let up = |kind: ClusterKind| match kind {
        ClusterKind::Exact => Some(ClusterKind::NearDuplicate),
        ClusterKind::NearDuplicate => Some(ClusterKind::Story),
        ClusterKind::Story => None,
    };
    let size = clusters
        .iter()
        .flat_map(|c| c.members.iter())
        .max()
        .map_or(0, |&m| m + 1);
    // holders[kind][article]: the clusters of that kind holding the article, in list order.
    let mut holders: Vec<Vec<Vec<usize>>> = vec![vec![Vec::new(); size]; 3];
    for (p, c) in clusters.iter().enumerate() {
        for &m in &c.members {
            let h = &mut holders[c.kind as usize][m];
            if h.last() != Some(&p) {
                h.push(p);
            }
        }
    }
    clusters
        .iter()
        .map(|c| {
            let up = up(c.kind)?;
            let h = &holders[up as usize];
            match c.members.first() {
                None => clusters.iter().position(|p| p.kind == up),
                Some(&first) => h[first]
                    .iter()
                    .copied()
                    .find(|p| c.members.iter().all(|&m| h[m].contains(p))),
            }
        })
        .collect()
}

/// The member with the most words (the lowest index on ties).
pub(crate) fn representative(members: &[usize], words: impl Fn(usize) -> u64) -> Option<usize> {
    members
        .iter()
        .copied()
        .max_by(|&x, &y| words(x).cmp(&words(y)).then(y.cmp(&x)))
}

/// Number of equal elements of two sorted slices, walked together (a multiset intersection).
pub(crate) fn sorted_overlap<T: Ord>(x: &[T], y: &[T]) -> usize {
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both
}

/// Jaccard of two documents' stem vocabularies (sorted, distinct).
fn vocab_jaccard(x: &[u64], y: &[u64]) -> f64 {
    let both = sorted_overlap(x, y);
    let union = x.len() + y.len() - both;
    if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    }
}

/// The pairs `(lo, hi)` of `members` (distinct, ascending) to align; see the module doc.
pub(crate) fn cluster_pairs(
    members: &[usize],
    feats: &[Option<Features>],
    config: &AlignConfig,
) -> Vec<(usize, usize)> {
    let n = members.len();
    let mut out = BTreeSet::new();
    if n <= config.full_pairs_max {
        for x in 0..n {
            for y in x + 1..n {
                out.insert((members[x], members[y]));
            }
        }
        return out.into_iter().collect();
    }
    let f = |m: usize| feats[m].as_ref();
    let words = |m: usize| f(m).map_or(0, Features::total_words);
    let Some(rep) = representative(members, words) else {
        return Vec::new();
    };
    let edge = |x: usize, y: usize| (x.min(y), x.max(y));
    for &m in members.iter().filter(|&&m| m != rep) {
        out.insert(edge(rep, m));
    }
    let vocab = |m: usize| f(m).map_or(&[][..], |x| &x.vocab[..]);
    for block in members.chunks(TREE_BLOCK) {
        spanning_tree(block, vocab, &mut out);
    }
    out.into_iter().collect()
}

/// Members whose maximum spanning tree is built at once. The tree costs O(N²) similarity
/// evaluations: 20,000 copies of one wire story took 107 s in it alone. A larger cluster gets
/// a tree per block of this many members (in corpus order), so each member is aligned with
/// its closest neighbour among a thousand; the star around the representative still joins
/// every block.
const TREE_BLOCK: usize = 1000;

/// Adds the edges of the maximum spanning tree of `members` by stem-set Jaccard (Prim's
/// algorithm, O(N²) similarity evaluations of O(vocabulary) each) to `out`.
fn spanning_tree<'v>(
    members: &[usize],
    vocab: impl Fn(usize) -> &'v [u64],
    out: &mut BTreeSet<(usize, usize)>,
) {
    let n = members.len();
    if n < 2 {
        return;
    }
    let edge = |x: usize, y: usize| (x.min(y), x.max(y));
    let mut in_tree = vec![false; n];
    let mut best = vec![(-1.0f64, 0usize); n];
    in_tree[0] = true;
    for y in 1..n {
        best[y] = (vocab_jaccard(vocab(members[0]), vocab(members[y])), 0);
    }
    for _ in 1..n {
        let Some(next) = (0..n)
            .filter(|&y| !in_tree[y])
            .max_by(|&p, &q| best[p].0.total_cmp(&best[q].0).then(q.cmp(&p)))
        else {
            break;
        };
        in_tree[next] = true;
        out.insert(edge(members[best[next].1], members[next]));
        for y in 0..n {
            if !in_tree[y] {
                let s = vocab_jaccard(vocab(members[next]), vocab(members[y]));
                if s > best[y].0 {
                    best[y] = (s, next);
                }
            }
        }
    }
}

/// Features of the articles named by `needed`, built in parallel; `None` for the others.
pub(crate) fn features_for(
    articles: &[Article],
    docs: &[Doc],
    needed: &[bool],
    config: &AlignConfig,
) -> Vec<Option<Features>> {
    (0..articles.len().min(docs.len()))
        .into_par_iter()
        .map(|i| needed[i].then(|| Features::build(&articles[i], &docs[i], config)))
        .collect()
}

/// The `(a, b, cluster)` alignment tasks for a cluster list; see the module doc.
pub(crate) fn cluster_tasks(
    n: usize,
    clusters: &[Cluster],
    feats: &[Option<Features>],
    config: &AlignConfig,
) -> Vec<(usize, usize, usize)> {
    let exact_rep = exact_representatives(n, clusters);
    let parents = parent_clusters(clusters);
    let mut seen = BTreeSet::new();
    let mut tasks = Vec::new();
    let order = [
        ClusterKind::Story,
        ClusterKind::NearDuplicate,
        ClusterKind::Exact,
    ];
    for kind in order {
        for (ci, c) in clusters.iter().enumerate().filter(|(_, c)| c.kind == kind) {
            let members: Vec<usize> = c.members.iter().copied().filter(|&m| m < n).collect();
            let pairs = match kind {
                ClusterKind::Story => {
                    let distinct: BTreeSet<usize> = members.iter().map(|&m| exact_rep[m]).collect();
                    cluster_pairs(&distinct.into_iter().collect::<Vec<_>>(), feats, config)
                }
                ClusterKind::NearDuplicate if parents[ci].is_none() => {
                    let distinct: BTreeSet<usize> = members.iter().map(|&m| exact_rep[m]).collect();
                    cluster_pairs(&distinct.into_iter().collect::<Vec<_>>(), feats, config)
                }
                ClusterKind::Exact => {
                    let mut sorted = members.clone();
                    sorted.sort_unstable();
                    sorted.dedup();
                    sorted.get(..2).map_or(Vec::new(), |p| vec![(p[0], p[1])])
                }
                ClusterKind::NearDuplicate => Vec::new(),
            };
            for (a, b) in pairs {
                if a != b && seen.insert((a, b)) {
                    tasks.push((a, b, ci));
                }
            }
        }
    }
    tasks.sort_unstable();
    tasks
}

/// Aligns the pairs inside each cluster (which pairs: see the module doc).
pub fn align_clusters(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    config: &AlignConfig,
) -> Vec<AlignedPair> {
    let n = articles.len().min(docs.len());
    let mut needed = vec![false; n];
    for c in clusters {
        for &m in c.members.iter().filter(|&&m| m < n) {
            needed[m] = true;
        }
    }
    let feats = features_for(articles, docs, &needed, config);
    let tasks = cluster_tasks(n, clusters, &feats, config);
    tasks
        .par_iter()
        .filter_map(|&(a, b, ci)| {
            let (fa, fb) = (feats[a].as_ref()?, feats[b].as_ref()?);
            Some(aligned(
                a,
                &articles[a],
                fa,
                b,
                &articles[b],
                fb,
                Some(ci),
                config,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, date: Option<&str>, text: &str) -> Article {
        Article {
            date: date.map(Into::into),
            ..Article::from_text(id, text)
        }
    }

    const WIRE: &str = "The harbour bridge closed on Saturday after engineers found a cable \
        fault.\n\nMayor Lindqvist promised extra ferries from Monday morning.\n\nPolice \
        reported queues near the Eastern Docks interchange.";

    #[test]
    fn earlier_date_is_the_likely_source() {
        let a = article("a", Some("2026-03-14"), WIRE);
        let b = article("b", Some("2026-03-13T09:00:00Z"), WIRE);
        let (da, db) = (Doc::prepare(&a.text), Doc::prepare(&b.text));
        let r = align_pair(3, (&a, &da), 7, (&b, &db), &AlignConfig::default());
        assert_eq!((r.a, r.b), (3, 7));
        assert_eq!(r.pairs.len(), 3);
        assert_eq!(r.likely_source, Some(7));
    }

    #[test]
    fn odd_dates_do_not_panic() {
        let a = article("a", Some("2026-03-14 é"), WIRE);
        let b = article("b", Some("2026-03-14 ée"), WIRE);
        let c = article("c", Some("yesterday"), WIRE);
        let d = Doc::prepare(WIRE);
        let config = AlignConfig::default();
        assert_eq!(
            align_pair(0, (&a, &d), 1, (&b, &d), &config).likely_source,
            None
        );
        assert_eq!(
            align_pair(0, (&a, &d), 1, (&c, &d), &config).likely_source,
            None
        );
    }

    #[test]
    fn containment_decides_when_dates_tie() {
        let a = article("a", Some("2026-03-14"), WIRE);
        let short = "Mayor Lindqvist promised extra ferries from Monday morning.";
        let b = article("b", Some("2026-03-14"), short);
        let (da, db) = (Doc::prepare(&a.text), Doc::prepare(&b.text));
        let r = align_pair(0, (&a, &da), 1, (&b, &db), &AlignConfig::default());
        assert_eq!(r.b_coverage, 1.0);
        assert_eq!(r.likely_source, Some(0));
        let same = align_pair(0, (&a, &da), 1, (&a, &da), &AlignConfig::default());
        assert_eq!(same.likely_source, None);
    }

    #[test]
    fn big_clusters_align_fewer_than_all_pairs() {
        let config = AlignConfig::default();
        let arts: Vec<Article> = (0..10)
            .map(|i| {
                let extra = "Officials expect long queues at the ferry terminal. ".repeat(i);
                article(&format!("a{i}"), None, &format!("{WIRE}\n\n{extra}"))
            })
            .collect();
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        let story = Cluster {
            kind: ClusterKind::Story,
            members: (0..10).collect(),
            score: 0.5,
        };
        let exact = Cluster {
            kind: ClusterKind::Exact,
            members: vec![0, 1, 2],
            score: 1.0,
        };
        let clusters = [exact.clone(), story.clone()];
        let out = align_clusters(&arts, &docs, &clusters, &config);
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let again = pool.install(|| align_clusters(&arts, &docs, &clusters, &config));
            assert_eq!(again, out, "{threads} threads");
        }
        let keys: Vec<(usize, usize)> = out.iter().map(|p| (p.a, p.b)).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        // 8 distinct members (0 stands for 1 and 2): star around 9 (most words) + tree, plus
        // the exact pair (0, 1).
        assert!(keys.len() < 2 * 8, "{keys:?}");
        assert!(keys.contains(&(0, 1)));
        assert!((3..9).all(|m| keys.contains(&(m, 9))));
        assert!(out.iter().all(|p| !p.pairs.is_empty()));
        let small = Cluster {
            kind: ClusterKind::Story,
            members: vec![3, 4, 5, 6],
            score: 0.5,
        };
        assert_eq!(align_clusters(&arts, &docs, &[small], &config).len(), 6);
    }

    #[test]
    fn huge_clusters_get_a_spanning_tree_per_block() {
        // Member i shares stems only with i - 1 and i + 1: the tree is the path through them.
        let vocabs: Vec<Vec<u64>> = (0..2500u64)
            .map(|i| vec![2 * i, 2 * i + 1, 2 * i + 2])
            .collect();
        let members: Vec<usize> = (0..2500).collect();
        let mut out = BTreeSet::new();
        for block in members.chunks(TREE_BLOCK) {
            spanning_tree(block, |m| &vocabs[m][..], &mut out);
        }
        // Three blocks (1000, 1000, 500 members), each its own path: no edge crosses a block.
        assert_eq!(out.len(), 2500 - 3);
        assert!(
            out.iter().all(|&(a, b)| b == a + 1 && b % TREE_BLOCK != 0),
            "{out:?}"
        );
        let mut one = BTreeSet::new();
        spanning_tree(&members[..700], |m| &vocabs[m][..], &mut one);
        assert_eq!(one, (0..699).map(|i| (i, i + 1)).collect());
    }

    /// What `parent_clusters` replaced: every member looked up in every cluster's list.
    fn parents_by_scanning(clusters: &[Cluster]) -> Vec<Option<usize>> {
        clusters
            .iter()
            .map(|c| {
                let up = match c.kind {
                    ClusterKind::Exact => ClusterKind::NearDuplicate,
                    ClusterKind::NearDuplicate => ClusterKind::Story,
                    ClusterKind::Story => return None,
                };
                clusters
                    .iter()
                    .position(|p| p.kind == up && c.members.iter().all(|m| p.members.contains(m)))
            })
            .collect()
    }

    #[test]
    fn parents_are_the_first_enclosing_cluster_of_the_kind_above() {
        let c = |kind, members: &[usize]| Cluster {
            kind,
            members: members.to_vec(),
            score: 1.0,
        };
        use ClusterKind::{Exact, NearDuplicate, Story};
        let clusters = [
            c(Exact, &[4, 2]),
            c(Story, &[9]),
            c(NearDuplicate, &[2, 3, 4]),
            c(Story, &[1, 2, 3, 4, 5]),
            c(Story, &[2, 3, 4]),
            c(NearDuplicate, &[7, 8]),
            c(Exact, &[3, 7]),
            c(Exact, &[]),
            c(NearDuplicate, &[5, 5, 1]),
        ];
        let want = [
            Some(2),
            None,
            Some(3),
            None,
            None,
            None,
            None,
            Some(2),
            Some(3),
        ];
        assert_eq!(parent_clusters(&clusters), want);
        assert_eq!(parents_by_scanning(&clusters), want);
    }

    proptest::proptest! {
        #[test]
        fn parents_as_by_scanning(
            raw in proptest::collection::vec(
                (0u8..3, proptest::collection::vec(0usize..12, 0..6)),
                0..10,
            )
        ) {
            let kinds = [ClusterKind::Exact, ClusterKind::NearDuplicate, ClusterKind::Story];
            let clusters: Vec<Cluster> = raw
                .into_iter()
                .map(|(k, members)| Cluster { kind: kinds[k as usize], members, score: 1.0 })
                .collect();
            proptest::prop_assert_eq!(parent_clusters(&clusters), parents_by_scanning(&clusters));
        }
    }
}

//! Sentence alignment: two prepared articles in, aligned sentence pairs out (issue 4).
//!
//! Placeholder: aligns nothing yet.

pub mod quotes;

use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::text::Doc;

#[derive(Debug, Clone, PartialEq)]
pub struct AlignConfig {
    /// Minimum similarity for two sentences to be paired.
    pub min_sentence_score: f64,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            min_sentence_score: 0.3,
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
    let _ = (a, b, config);
    AlignedPair {
        a: a_index,
        b: b_index,
        cluster: None,
        pairs: Vec::new(),
        passages: Vec::new(),
        score: 0.0,
        a_coverage: 0.0,
        b_coverage: 0.0,
        likely_source: None,
    }
}

/// Aligns the pairs inside each cluster (which pairs: see the module doc).
pub fn align_clusters(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    config: &AlignConfig,
) -> Vec<AlignedPair> {
    let _ = (articles, docs, clusters, config);
    Vec::new()
}

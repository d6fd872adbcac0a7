//! Duplicate and story detection: articles in, verified clusters out (issue 3).
//!
//! Placeholder: finds nothing yet.

use crate::corpus::Article;
use crate::report::ClusterKind;

/// Thresholds and sizes for candidate search and verification.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle_size: usize,
    /// Minimum verified similarity for a near-duplicate pair.
    pub near_threshold: f64,
    /// Minimum similarity for a same-story pair.
    pub story_threshold: f64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_size: 3,
            near_threshold: 0.5,
            story_threshold: 0.1,
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

/// Finds exact, near-duplicate and same-story clusters.
pub fn find_clusters(articles: &[Article], config: &DedupConfig) -> DedupResult {
    let _ = (articles, config);
    DedupResult::default()
}

/// Which article of a duplicate cluster is kept by `wirediff dedup`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeepPolicy {
    /// The one with the earliest date (undated last), then the first in corpus order.
    #[default]
    Earliest,
    /// The longest text, then the first in corpus order.
    Longest,
    /// The first in corpus order.
    First,
}

/// A dropped article and the kept article that stands for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub article: usize,
    pub kept: usize,
    pub score: f64,
    pub kind: ClusterKind,
}

/// What `wirediff dedup` writes: every input article is either kept or dropped with a map entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DedupPlan {
    /// Kept article indices, ascending.
    pub kept: Vec<usize>,
    /// Dropped articles, ascending by `article`.
    pub dropped: Vec<Dropped>,
}

/// Chooses one article per near-duplicate cluster (exact clusters lie inside those).
pub fn plan(articles: &[Article], result: &DedupResult, keep: KeepPolicy) -> DedupPlan {
    let _ = (result, keep);
    DedupPlan {
        kept: (0..articles.len()).collect(),
        dropped: Vec::new(),
    }
}

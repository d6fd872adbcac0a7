//! Word differences: an aligned sentence pair in, classified changes out (issue 5).
//!
//! Placeholder: reports nothing yet.

use crate::align::AlignedPair;
use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::report::{Change, NameVariant};
use crate::text::Doc;

/// Classified word-level changes between sentences `a_sentences` of `a` and `b_sentences` of `b`.
pub fn diff_sentences(
    a: (&Article, &Doc),
    a_sentences: &[usize],
    b: (&Article, &Doc),
    b_sentences: &[usize],
) -> Vec<Change> {
    let _ = (a, a_sentences, b, b_sentences);
    Vec::new()
}

/// Proper nouns spelled differently across articles, per story cluster and corpus-wide.
pub fn name_census(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    alignments: &[AlignedPair],
) -> Vec<NameVariant> {
    let _ = (articles, docs, clusters, alignments);
    Vec::new()
}

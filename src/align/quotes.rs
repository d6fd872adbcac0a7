//! Quotations: prepared articles in, quotes with speakers and cross-outlet groups out (issue 5).
//!
//! Placeholder: finds nothing yet.

use crate::align::AlignedPair;
use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::report::QuoteGroup;
use crate::text::Doc;

/// Groups the same quote across articles and gives each group a status.
pub fn quote_groups(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    alignments: &[AlignedPair],
) -> Vec<QuoteGroup> {
    let _ = (articles, docs, clusters, alignments);
    Vec::new()
}

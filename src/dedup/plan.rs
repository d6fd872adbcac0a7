//! The dedup plan: clusters in, which article of each near-duplicate cluster to keep out.
//!
//! The promise `wirediff dedup` makes is that no article is lost: every input article is either
//! kept or mapped to the kept article that stands for it, with the score that justifies it. A
//! dropped article that was never compared directly with the kept one (it joined the cluster
//! through a third copy) carries the cluster's score, the weakest verified link in the chain.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::{DedupResult, Dropped};
use crate::corpus::Article;
use crate::report::ClusterKind;

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

/// What `wirediff dedup` writes: every input article is either kept or dropped with a map entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DedupPlan {
    /// Kept article indices, ascending.
    pub kept: Vec<usize>,
    /// Dropped articles, ascending by `article`.
    pub dropped: Vec<Dropped>,
}

/// Whether article `a` should be kept rather than `b` (`a < b` in corpus order).
fn better(articles: &[Article], keep: KeepPolicy, a: usize, b: usize) -> bool {
    let order = match keep {
        KeepPolicy::First => Ordering::Equal,
        KeepPolicy::Longest => articles[b].text.len().cmp(&articles[a].text.len()),
        KeepPolicy::Earliest => match (&articles[a].date, &articles[b].date) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    };
    order.then(a.cmp(&b)) == Ordering::Less
}

/// Chooses one article per near-duplicate cluster (exact clusters lie inside those).
pub fn plan(articles: &[Article], result: &DedupResult, keep: KeepPolicy) -> DedupPlan {
    let n = articles.len();
    let mut kept_for: Vec<Option<usize>> = vec![None; n];
    let mut dropped = Vec::new();
    let pair_score: HashMap<(usize, usize), f64> = result
        .pairs
        .iter()
        .map(|p| ((p.a, p.b), p.jaccard.max(p.containment)))
        .collect();
    let exact_of: HashMap<usize, usize> = result
        .clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ClusterKind::Exact)
        .flat_map(|(ci, c)| c.members.iter().map(move |&m| (m, ci)))
        .collect();
    for c in result
        .clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::NearDuplicate)
    {
        let members: Vec<usize> = c.members.iter().copied().filter(|&m| m < n).collect();
        let Some(&first) = members.first() else {
            continue;
        };
        let best = members.iter().copied().fold(first, |best, m| {
            if better(articles, keep, m, best) {
                m
            } else {
                best
            }
        });
        for &m in &members {
            if m == best || kept_for[m].is_some() {
                continue;
            }
            kept_for[m] = Some(best);
            let same_exact = exact_of.contains_key(&m) && exact_of.get(&m) == exact_of.get(&best);
            let (kind, score) = if same_exact {
                (ClusterKind::Exact, 1.0)
            } else {
                let key = (m.min(best), m.max(best));
                (
                    ClusterKind::NearDuplicate,
                    pair_score.get(&key).copied().unwrap_or(c.score),
                )
            };
            dropped.push(Dropped {
                article: m,
                kept: best,
                score,
                kind,
            });
        }
    }
    dropped.sort_by_key(|d| d.article);
    DedupPlan {
        kept: (0..n).filter(|&i| kept_for[i].is_none()).collect(),
        dropped,
    }
}

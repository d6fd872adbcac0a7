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
    /// The one with the earliest date, then the first in corpus order. Dates are compared
    /// when ISO 8601 ([`crate::corpus::IsoDate::cmp_common`]); an article with any other
    /// date (blank, epoch seconds, RFC 2822) counts as undated, and undated articles come
    /// last.
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
        KeepPolicy::Earliest => match (articles[a].iso_date(), articles[b].iso_date()) {
            (Some(x), Some(y)) => x.cmp_common(&y),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::{Cluster, ScoredPair};

    fn article(id: &str, date: Option<&str>, text: &str) -> Article {
        Article {
            date: date.map(Into::into),
            ..Article::from_text(id, text)
        }
    }

    /// Articles 0..4: 1 and 2 exact copies, 0..3 one near-duplicate cluster, 4 alone.
    fn fixture() -> (Vec<Article>, DedupResult) {
        let articles = vec![
            article("undated-long", None, "a much longer text than the others"),
            article("late", Some("2024-05-02"), "short"),
            article("late-copy", Some("2024-05-02"), "short"),
            article("early", Some("2024-05-01"), "medium text"),
            article("alone", None, "x"),
        ];
        let pair = |a, b, s, kind| ScoredPair {
            a,
            b,
            jaccard: s,
            containment: s,
            kind,
        };
        let result = DedupResult {
            clusters: vec![
                Cluster {
                    kind: ClusterKind::Exact,
                    members: vec![1, 2],
                    score: 1.0,
                },
                Cluster {
                    kind: ClusterKind::NearDuplicate,
                    members: vec![0, 1, 2, 3],
                    score: 0.6,
                },
            ],
            pairs: vec![
                pair(0, 1, 0.7, ClusterKind::NearDuplicate),
                pair(1, 2, 1.0, ClusterKind::Exact),
                pair(1, 3, 0.8, ClusterKind::NearDuplicate),
            ],
        };
        (articles, result)
    }

    #[test]
    fn earliest_compares_iso_dates_and_counts_other_dates_as_none() {
        let (mut articles, result) = fixture();
        // A blank date, an epoch number and an RFC 2822 date are not earlier than any.
        for odd in ["", "1709251200", "Tue, 1 Mar 2022 08:00:00 GMT"] {
            articles[0].date = Some(odd.into());
            let p = plan(&articles, &result, KeepPolicy::Earliest);
            assert_eq!(p.kept, [3, 4], "{odd:?}");
        }
        // Common precision: the dated time ties with its day, and corpus order decides.
        articles[0].date = Some("2024-05-01T23:59:00Z".into());
        assert_eq!(plan(&articles, &result, KeepPolicy::Earliest).kept, [0, 4]);
        articles[0].date = Some("2024-04-30T23:59:00Z".into());
        articles[3].date = Some(" 2024-05-01 ".into());
        assert_eq!(plan(&articles, &result, KeepPolicy::Earliest).kept, [0, 4]);
    }

    #[test]
    fn policies_choose_and_every_article_is_accounted_for() {
        let (articles, result) = fixture();
        for (keep, kept) in [
            (KeepPolicy::Earliest, 3),
            (KeepPolicy::Longest, 0),
            (KeepPolicy::First, 0),
        ] {
            let p = plan(&articles, &result, keep);
            assert_eq!(p.kept, {
                let mut v = vec![kept, 4];
                v.sort_unstable();
                v
            });
            assert_eq!(p.kept.len() + p.dropped.len(), articles.len());
            assert!(p.dropped.iter().all(|d| d.kept == kept));
            assert!(p.dropped.windows(2).all(|w| w[0].article < w[1].article));
        }
        // Earliest keeps "early" (3): "late" (1) was compared with it directly (0.8); "late-copy"
        // (2) was not, and carries the cluster's weakest link.
        let p = plan(&articles, &result, KeepPolicy::Earliest);
        let score_of = |a: usize| p.dropped.iter().find(|d| d.article == a).map(|d| d.score);
        assert_eq!(score_of(1), Some(0.8));
        assert_eq!(score_of(2), Some(0.6));
        // First keeps 0; 1 and 2 are exact copies of each other but not of 0.
        let p = plan(&articles, &result, KeepPolicy::First);
        assert!(p
            .dropped
            .iter()
            .all(|d| d.kind == ClusterKind::NearDuplicate));
    }

    #[test]
    fn undated_articles_come_last() {
        let a = vec![
            article("u", None, "t"),
            article("d", Some("2030-01-01"), "t"),
        ];
        assert!(better(&a, KeepPolicy::Earliest, 1, 0));
        assert!(!better(&a, KeepPolicy::Earliest, 0, 1));
        assert!(better(&a, KeepPolicy::First, 0, 1));
    }
}

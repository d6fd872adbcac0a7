//! Shared passages: the whole corpus in, passages reused by articles outside any common
//! cluster out.
//!
//! The hard case is a quote or a background paragraph copied into articles that are otherwise
//! about different things: dedup rightly keeps them apart, so no cluster alignment sees it.
//! Comparing every sentence with every other is quadratic in the corpus, so each sentence with
//! at least [`AlignConfig::shared_min_stems`] content stems gets a MinHash signature over its
//! stem set (8 hash functions, 4 bands of 2 rows: a sentence pair with Jaccard 0.8 becomes a
//! candidate with probability 0.98, one with Jaccard 0.3 with probability 0.3). Band keys go
//! into one sorted list, so the cost is O(S log S) in the number of sentences S. Keys shared
//! by more than [`AlignConfig::shared_max_group`] articles (boilerplate, bylines) are not
//! followed. Candidates are verified with the weighted Dice score of the alignment and chained
//! into passages of consecutive sentences on both sides.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::features::Features;
use super::AlignConfig;
use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::text::Doc;

/// A passage shared by two articles (`a < b`, corpus indices) that are in no common cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPassage {
    pub a: usize,
    pub b: usize,
    /// Consecutive sentence indices in `a` and the matching ones in `b`.
    pub a_sentences: Vec<usize>,
    pub b_sentences: Vec<usize>,
    /// Mean sentence similarity.
    pub score: f64,
}

const HASHES: usize = 8;
const ROWS: usize = 2;

/// splitmix64 finaliser: a fixed, documented mix so that signatures are stable everywhere.
#[inline]
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

const SEEDS: [u64; HASHES] = [
    0x9e37_79b9_7f4a_7c15,
    0x3c6e_f372_fe94_f82a,
    0xdaa6_6d2c_7ddf_743f,
    0x78dd_e6e5_fd29_f054,
    0x1715_609f_7c74_6c69,
    0xb54c_da59_fbbe_e87e,
    0x5384_5413_7b09_6493,
    0xf1bb_cdcd_fa53_dca8,
];

/// Weighted Dice over two sorted stem-hash lists (names and numbers weigh more).
fn sentence_sim(fa: &Features, sa: &[u32], fb: &Features, sb: &[u32]) -> f64 {
    let (mut x, mut y) = (0, 0);
    let (mut wa, mut wb, mut both) = (0.0f64, 0.0f64, 0.0f64);
    while x < sa.len() && y < sb.len() {
        let (ha, hb) = (fa.vocab[sa[x] as usize], fb.vocab[sb[y] as usize]);
        let (ba, bb) = (
            f64::from(fa.bonus[sa[x] as usize]),
            f64::from(fb.bonus[sb[y] as usize]),
        );
        match ha.cmp(&hb) {
            std::cmp::Ordering::Less => {
                wa += ba;
                x += 1;
            }
            std::cmp::Ordering::Greater => {
                wb += bb;
                y += 1;
            }
            std::cmp::Ordering::Equal => {
                let w = ba.max(bb);
                wa += w;
                wb += w;
                both += w;
                x += 1;
                y += 1;
            }
        }
    }
    wa += sa[x..]
        .iter()
        .map(|&t| f64::from(fa.bonus[t as usize]))
        .sum::<f64>();
    wb += sb[y..]
        .iter()
        .map(|&t| f64::from(fb.bonus[t as usize]))
        .sum::<f64>();
    if wa + wb == 0.0 {
        0.0
    } else {
        2.0 * both / (wa + wb)
    }
}

/// Finds passages shared by articles that are not in one cluster; sorted by `(a, b, a_sentences)`.
pub fn shared_passages(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    config: &AlignConfig,
) -> Vec<SharedPassage> {
    let n = articles.len().min(docs.len());
    let feats = super::features_for(articles, docs, &vec![true; n], config);
    let feats: Vec<Features> = feats.into_iter().map(Option::unwrap_or_default).collect();
    let mut member_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (ci, c) in clusters.iter().enumerate() {
        for &m in c.members.iter().filter(|&&m| m < n) {
            member_of[m].push(ci);
        }
    }
    let together = |a: usize, b: usize| member_of[a].iter().any(|c| member_of[b].contains(c));

    // Band keys of every long enough sentence.
    let mut keys: Vec<(u64, u32, u32)> = feats
        .par_iter()
        .enumerate()
        .flat_map_iter(|(ai, f)| {
            let mut out = Vec::new();
            for s in 0..f.sentences() {
                let toks = f.sentence(s);
                if toks.len() < config.shared_min_stems {
                    continue;
                }
                let mut mins = [u64::MAX; HASHES];
                for &t in toks {
                    let h = f.vocab[t as usize];
                    for (k, m) in mins.iter_mut().enumerate() {
                        *m = (*m).min(mix(h ^ SEEDS[k]));
                    }
                }
                for band in 0..HASHES / ROWS {
                    let mut key = band as u64;
                    for r in 0..ROWS {
                        key = mix(key ^ mins[band * ROWS + r]);
                    }
                    out.push((key, ai as u32, s as u32));
                }
            }
            out
        })
        .collect();
    keys.par_sort_unstable();

    // Candidate sentence pairs from groups of equal keys.
    let mut cands: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut lo = 0;
    while lo < keys.len() {
        let mut hi = lo + 1;
        while hi < keys.len() && keys[hi].0 == keys[lo].0 {
            hi += 1;
        }
        let group = &keys[lo..hi];
        let mut articles_in = group.iter().map(|k| k.1).collect::<Vec<_>>();
        articles_in.dedup();
        if articles_in.len() >= 2 && articles_in.len() <= config.shared_max_group {
            for x in 0..group.len() {
                for y in x + 1..group.len() {
                    let (p, q) = (group[x], group[y]);
                    if p.1 != q.1 && !together(p.1 as usize, q.1 as usize) {
                        cands.push((p.1, q.1, p.2, q.2));
                    }
                }
            }
        }
        lo = hi;
    }
    cands.sort_unstable();
    cands.dedup();

    // Verify, then per article pair keep one partner per sentence (greedy by score).
    let verified: Vec<(u32, u32, u32, u32, f64)> = cands
        .par_iter()
        .filter_map(|&(a, b, i, j)| {
            let (fa, fb) = (&feats[a as usize], &feats[b as usize]);
            let s = sentence_sim(fa, fa.sentence(i as usize), fb, fb.sentence(j as usize));
            (s >= config.shared_min_score).then_some((a, b, i, j, s))
        })
        .collect();
    // (a sentence, b sentence, score) per article pair.
    type Links = Vec<(u32, u32, f64)>;
    let mut by_pair: BTreeMap<(u32, u32), Links> = BTreeMap::new();
    for (a, b, i, j, s) in verified {
        by_pair.entry((a, b)).or_default().push((i, j, s));
    }
    let mut out = Vec::new();
    for ((a, b), mut links) in by_pair {
        links.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
        let mut used_a = std::collections::BTreeSet::new();
        let mut used_b = std::collections::BTreeSet::new();
        let mut kept: Vec<(u32, u32, f64)> = links
            .into_iter()
            .filter(|&(i, j, _)| used_a.insert(i) && used_b.insert(j))
            .collect();
        kept.sort_by_key(|&(i, j, _)| (i, j));
        let mut k = 0;
        while k < kept.len() {
            let mut end = k + 1;
            while end < kept.len()
                && kept[end].0 == kept[end - 1].0 + 1
                && kept[end].1 == kept[end - 1].1 + 1
            {
                end += 1;
            }
            let run = &kept[k..end];
            out.push(SharedPassage {
                a: a as usize,
                b: b as usize,
                a_sentences: run.iter().map(|l| l.0 as usize).collect(),
                b_sentences: run.iter().map(|l| l.1 as usize).collect(),
                score: run.iter().map(|l| l.2).sum::<f64>() / run.len() as f64,
            });
            k = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ClusterKind;

    fn article(id: &str, text: &str) -> Article {
        Article::from_text(id, text)
    }

    const QUOTE: &str = "\"Corrosion inside a cable is hard to see from the outside, which is \
        exactly why regular inspections matter,\" engineer Dr. Okafor told reporters.";

    #[test]
    fn a_reused_quote_is_found_outside_clusters() {
        let arts = vec![
            article(
                "a",
                &format!("The bakery in Tollby opened on Mill Lane. {QUOTE}"),
            ),
            article(
                "b",
                "Fishing quotas were cut again this year in the northern fleet.",
            ),
            article(
                "c",
                &format!("Budget talks stalled in the council chamber. {QUOTE} Rain is due."),
            ),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        let config = AlignConfig::default();
        let found = shared_passages(&arts, &docs, &[], &config);
        assert_eq!(found.len(), 1, "{found:?}");
        let p = &found[0];
        assert_eq!((p.a, p.b), (0, 2));
        assert_eq!(
            (p.a_sentences.clone(), p.b_sentences.clone()),
            (vec![1], vec![1])
        );
        assert!(p.score > 0.99);
        // In a common cluster it is the alignment's business, not a shared passage.
        let c = Cluster {
            kind: ClusterKind::Story,
            members: vec![0, 2],
            score: 0.2,
        };
        assert!(shared_passages(&arts, &docs, &[c], &config).is_empty());
    }
}

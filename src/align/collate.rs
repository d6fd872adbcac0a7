//! Collation: a story cluster and its aligned pairs in, the versions side by side out.
//!
//! One row per passage, one column per member. The hard case is that the members do not share
//! one sentence order: one outlet moved paragraphs, another added a paragraph nobody else has.
//! Rows follow the *representative* (the member with the most words, the same one
//! [`super::align_clusters`] aligns everybody against). Every other member's sentences go into
//! the row of the representative sentence they are aligned with; a sentence aligned with
//! nothing gets a row of its own just after the row holding that member's previous sentence,
//! so an added paragraph shows up where its outlet put it. Two representative sentences that
//! some member merged into one (a 2:1 pair) share one row. Exact duplicates of a member copy
//! that member's column.

use std::collections::HashMap;

use super::AlignedPair;
use crate::dedup::Cluster;
use crate::report::ClusterKind;
use crate::text::Doc;

/// One story cluster collated: `rows[r][c]` are the sentences of `members[c]` in row `r`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterCollation {
    /// Index into the cluster list.
    pub cluster: usize,
    /// Corpus indices, ascending (the column order).
    pub members: Vec<usize>,
    pub rows: Vec<Vec<Option<Vec<usize>>>>,
}

/// One row's cells: per column, the sentences of that member (or none).
type Cells = Vec<Option<Vec<usize>>>;
/// (anchor group + 1, 0 for a representative row / 1 for an inserted one, column, sentence).
type RowKey = (usize, u8, usize, usize);

/// Collates every story cluster, in cluster order.
pub fn collations(
    docs: &[Doc],
    clusters: &[Cluster],
    alignments: &[AlignedPair],
) -> Vec<ClusterCollation> {
    let n = docs.len();
    let exact_rep = super::exact_representatives(n, clusters);
    let index: HashMap<(usize, usize), usize> = alignments
        .iter()
        .enumerate()
        .map(|(k, p)| ((p.a.min(p.b), p.a.max(p.b)), k))
        .collect();
    clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == ClusterKind::Story)
        .map(|(ci, c)| collate(ci, c, docs, &exact_rep, alignments, &index))
        .collect()
}

/// `rep`'s sentence lists paired with `other`'s, from the alignment of the two (either order).
fn pairs_with(
    rep: usize,
    other: usize,
    alignments: &[AlignedPair],
    index: &HashMap<(usize, usize), usize>,
    rep_len: usize,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    if rep == other {
        return (0..rep_len).map(|s| (vec![s], vec![s])).collect();
    }
    let Some(&k) = index.get(&(rep.min(other), rep.max(other))) else {
        return Vec::new();
    };
    let al = &alignments[k];
    al.pairs
        .iter()
        .map(|p| {
            if al.a == rep {
                (p.a.clone(), p.b.clone())
            } else {
                (p.b.clone(), p.a.clone())
            }
        })
        .collect()
}

fn collate(
    ci: usize,
    cluster: &Cluster,
    docs: &[Doc],
    exact_rep: &[usize],
    alignments: &[AlignedPair],
    index: &HashMap<(usize, usize), usize>,
) -> ClusterCollation {
    let mut members: Vec<usize> = cluster
        .members
        .iter()
        .copied()
        .filter(|&m| m < docs.len())
        .collect();
    members.sort_unstable();
    members.dedup();
    let distinct: Vec<usize> = {
        let mut d: Vec<usize> = members.iter().map(|&m| exact_rep[m]).collect();
        d.sort_unstable();
        d.dedup();
        d
    };
    let Some(rep) = super::representative(&distinct, |m| docs[m].word_count() as u64) else {
        return ClusterCollation {
            cluster: ci,
            members,
            rows: Vec::new(),
        };
    };
    let rep_len = docs[rep].sentences.len();
    let per_member: Vec<Vec<(Vec<usize>, Vec<usize>)>> = members
        .iter()
        .map(|&m| pairs_with(rep, exact_rep[m], alignments, index, rep_len))
        .collect();

    // Representative sentences merged by some member share a row.
    let mut joined = vec![false; rep_len];
    for pairs in &per_member {
        for (r, _) in pairs {
            for w in r.windows(2) {
                if w[1] == w[0] + 1 && w[1] < rep_len {
                    joined[w[1]] = true;
                }
            }
        }
    }
    let mut group_of = vec![0usize; rep_len];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for s in 0..rep_len {
        if !(s > 0 && joined[s]) {
            groups.push(Vec::new());
        }
        let g = groups.len() - 1;
        groups[g].push(s);
        group_of[s] = g;
    }

    let cols = members.len();
    // Row key: (anchor group + 1, 0 for a representative row / 1 for an inserted one, column,
    // sentence); anchor 0 is "before everything".
    let mut rows: Vec<(RowKey, Cells)> = groups
        .iter()
        .enumerate()
        .map(|(g, _)| ((g + 1, 0, 0, 0), vec![None; cols]))
        .collect();
    for (c, &m) in members.iter().enumerate() {
        let len = docs[m].sentences.len();
        let mut row_of = vec![usize::MAX; len];
        for (r, o) in &per_member[c] {
            let Some(&r0) = r.first() else { continue };
            if r0 >= rep_len {
                continue;
            }
            let g = group_of[r0];
            for &s in o.iter().filter(|&&s| s < len) {
                row_of[s] = g;
            }
            let cell = rows[g].1[c].get_or_insert_with(Vec::new);
            cell.extend(o.iter().copied().filter(|&s| s < len));
            cell.sort_unstable();
            cell.dedup();
        }
        let mut anchor = 0usize;
        for (s, &g) in row_of.iter().enumerate() {
            if g == usize::MAX {
                let mut cells = vec![None; cols];
                cells[c] = Some(vec![s]);
                rows.push(((anchor, 1, c, s), cells));
            } else {
                anchor = g + 1;
            }
        }
    }
    rows.sort_by_key(|r| r.0);
    let rows = rows
        .into_iter()
        .map(|(_, cells)| cells)
        .filter(|cells| cells.iter().any(Option::is_some))
        .collect();
    ClusterCollation {
        cluster: ci,
        members,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::{align_clusters, AlignConfig};
    use crate::corpus::Article;

    fn article(id: &str, text: &str) -> Article {
        Article::from_text(id, text)
    }

    #[test]
    fn rows_follow_the_representative_with_insertions_in_place() {
        let arts = vec![
            article(
                "long",
                "The harbour bridge closed on Saturday after engineers found a cable fault.\n\n\
                 Mayor Lindqvist promised extra ferries from Monday morning.\n\n\
                 Police reported queues near the Eastern Docks interchange all evening.",
            ),
            article(
                "short",
                "Mayor Lindqvist promised extra ferries from Monday morning.\n\n\
                 Opposition councillors blamed the budget cuts for missed cable repairs.\n\n\
                 The harbour bridge closed on Saturday after engineers found a cable fault.",
            ),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        let clusters = vec![Cluster {
            kind: ClusterKind::Story,
            members: vec![0, 1],
            score: 0.5,
        }];
        let al = align_clusters(&arts, &docs, &clusters, &AlignConfig::default());
        let col = collations(&docs, &clusters, &al);
        assert_eq!(col.len(), 1);
        let rows: Vec<Vec<Option<Vec<usize>>>> = col[0].rows.clone();
        assert_eq!(
            rows,
            vec![
                vec![Some(vec![0]), Some(vec![2])],
                vec![Some(vec![1]), Some(vec![0])],
                vec![None, Some(vec![1])],
                vec![Some(vec![2]), None],
            ]
        );
    }
}

//! Clusters from verified edges: scored pairs in, connected groups out, each with the weakest
//! edge of its maximum spanning tree as its score.
//!
//! Union-find with edges taken strongest first (Kruskal): the last edge that joins two parts of
//! a group is the weakest link that holds it together, which is what the report's cluster score
//! promises. Edges are sorted by `(score desc, a, b)`, so the result does not depend on the order
//! in which parallel verification produced them.

use rayon::prelude::*;

/// One verified edge between two articles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub score: f64,
}

/// Union-find over `0..n` with path halving and union by size.
pub struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let grand = self.parent[self.parent[x] as usize];
            self.parent[x] = grand;
            x = grand as usize;
        }
        x
    }

    /// Joins the sets of `a` and `b`; returns whether they were apart.
    pub fn union(&mut self, a: usize, b: usize) -> bool {
        let (mut ra, mut rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        if self.size[ra] < self.size[rb] {
            std::mem::swap(&mut ra, &mut rb);
        }
        self.parent[rb] = ra as u32;
        self.size[ra] += self.size[rb];
        true
    }
}

/// Groups of two or more articles joined by `edges`, members ascending, groups ordered by first
/// member; each with the weakest spanning-tree edge as score.
pub fn groups(n: usize, edges: &mut [Edge]) -> Vec<(Vec<usize>, f64)> {
    // Unstable is deterministic here: edges that compare equal are equal in every field.
    edges.par_sort_unstable_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    let mut uf = UnionFind::new(n);
    // Weakest merging edge per root, carried along as roots merge.
    let mut weakest = vec![f64::INFINITY; n];
    for e in edges.iter() {
        let (ra, rb) = (uf.find(e.a), uf.find(e.b));
        if ra == rb {
            continue;
        }
        let w = weakest[ra].min(weakest[rb]).min(e.score);
        uf.union(ra, rb);
        let r = uf.find(ra);
        weakest[r] = w;
    }
    let mut members: Vec<(usize, usize)> = Vec::new();
    for e in edges.iter() {
        for x in [e.a, e.b] {
            members.push((uf.find(x), x));
        }
    }
    members.sort_unstable();
    members.dedup();
    let mut out: Vec<(Vec<usize>, f64)> = Vec::new();
    let mut i = 0;
    while i < members.len() {
        let root = members[i].0;
        let mut group = Vec::new();
        while i < members.len() && members[i].0 == root {
            group.push(members[i].1);
            i += 1;
        }
        if group.len() >= 2 {
            out.push((group, weakest[root]));
        }
    }
    out.sort_by_key(|(g, _)| g[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weakest_spanning_edge_is_the_score() {
        let mut edges = vec![
            Edge {
                a: 0,
                b: 1,
                score: 0.9,
            },
            Edge {
                a: 1,
                b: 2,
                score: 0.6,
            },
            Edge {
                a: 0,
                b: 2,
                score: 0.7,
            },
            Edge {
                a: 5,
                b: 4,
                score: 0.8,
            },
        ];
        let g = groups(6, &mut edges);
        assert_eq!(g, vec![(vec![0, 1, 2], 0.7), (vec![4, 5], 0.8)]);
    }

    #[test]
    fn order_of_edges_does_not_matter() {
        let base = vec![
            Edge {
                a: 0,
                b: 3,
                score: 0.5,
            },
            Edge {
                a: 3,
                b: 7,
                score: 0.9,
            },
            Edge {
                a: 2,
                b: 8,
                score: 0.4,
            },
        ];
        let mut rev: Vec<Edge> = base.iter().rev().copied().collect();
        assert_eq!(groups(9, &mut base.clone()), groups(9, &mut rev));
        assert!(groups(3, &mut []).is_empty());
    }
}

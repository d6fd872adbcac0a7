//! Alignment cost: how it grows with cluster size and article length.
//!
//! Clusters are synthetic but made of real sentences: the two independent human Finnish
//! translations of WMT16 (read from `../shared/corpora/wmt16-enfi`). A story is a run of
//! consecutive segments; each member takes every segment from one translation or the other,
//! drops about one in ten, moves a block of three and adds two sentences from elsewhere, so that
//! every pair needs the fuzzy and out-of-order steps, not only the backbone.
//!
//! ```text
//! cargo bench --bench align
//! ```

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use wirediff::align::{align_clusters, align_pair, AlignConfig};
use wirediff::corpus::Article;
use wirediff::dedup::Cluster;
use wirediff::report::ClusterKind;
use wirediff::text::Doc;

#[allow(dead_code)] // Only the SGML reader is needed here.
#[path = "../examples/eval_wmt/wmt.rs"]
mod wmt;

/// Segment pairs (translation A, translation B) in file order.
fn sentence_pool() -> Vec<(String, String)> {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/wmt16-enfi"
    ));
    let a = wmt::read_sgm(&root.join("sgm/newstest2016-enfi-ref.fi.sgm")).expect("ref A");
    let b = wmt::read_sgm(&root.join("sgm/newstestB2016-enfi-ref.fi.sgm")).expect("ref B");
    let mut pool = Vec::new();
    for (id, da) in &a {
        let Some(db) = b.get(id) else { continue };
        for ((ia, sa), (ib, sb)) in da.segs.iter().zip(&db.segs) {
            if ia == ib {
                pool.push((sa.clone(), sb.clone()));
            }
        }
    }
    pool
}

/// xorshift64*: a fixed generator so that every run benchmarks the same clusters.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn cluster(pool: &[(String, String)], members: usize, sentences: usize) -> Vec<Article> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (members * 1000 + sentences) as u64);
    let start = rng.below(pool.len().saturating_sub(sentences));
    let story = &pool[start..(start + sentences).min(pool.len())];
    (0..members)
        .map(|k| {
            let mut lines: Vec<&str> = Vec::with_capacity(story.len() + 2);
            for (a, b) in story {
                let roll = rng.below(20);
                if roll >= 2 {
                    lines.push(if roll % 2 == 0 { a } else { b });
                }
            }
            if lines.len() > 6 {
                let from = rng.below(lines.len() - 3);
                let block: Vec<&str> = lines.drain(from..from + 3).collect();
                let to = rng.below(lines.len());
                lines.splice(to..to, block);
            }
            for _ in 0..2 {
                let extra = pool[rng.below(pool.len())].0.as_str();
                let at = rng.below(lines.len() + 1);
                lines.insert(at, extra);
            }
            Article {
                id: format!("m{k}"),
                outlet: format!("m{k}"),
                date: None,
                title: None,
                url: None,
                lang: Some("fi".into()),
                source: format!("m{k}.txt"),
                text: lines.join("\n\n"),
            }
        })
        .collect()
}

fn bench_cluster(c: &mut Criterion, name: &str, sizes: &[(usize, usize)], config: &AlignConfig) {
    let pool = sentence_pool();
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    for &(members, sentences) in sizes {
        let articles = cluster(&pool, members, sentences);
        let docs = wirediff::prepare(&articles);
        let clusters = [Cluster {
            kind: ClusterKind::Story,
            members: (0..members).collect(),
            score: 0.5,
        }];
        let id = BenchmarkId::from_parameter(format!("{members}x{sentences}"));
        group.bench_with_input(id, &(), |bench, _| {
            bench.iter(|| align_clusters(&articles, &docs, &clusters, config).len())
        });
    }
    group.finish();
}

fn all_pairs(c: &mut Criterion) {
    // Every pair aligned (1,225 for 50 members), the worst case the cluster policy avoids.
    let config = AlignConfig {
        full_pairs_max: usize::MAX,
        ..AlignConfig::default()
    };
    let sizes = [(10, 40), (25, 40), (50, 40), (100, 40), (50, 10), (50, 80)];
    bench_cluster(c, "cluster_all_pairs", &sizes, &config);
}

fn default_policy(c: &mut Criterion) {
    // Representative star plus spanning tree above six members.
    let sizes = [(10, 40), (50, 40), (200, 40)];
    bench_cluster(c, "cluster_default", &sizes, &AlignConfig::default());
}

fn one_pair(c: &mut Criterion) {
    let pool = sentence_pool();
    let mut group = c.benchmark_group("pair");
    for sentences in [10, 40, 160, 640] {
        let articles = cluster(&pool, 2, sentences);
        let docs: Vec<Doc> = wirediff::prepare(&articles);
        let config = AlignConfig::default();
        group.bench_with_input(BenchmarkId::from_parameter(sentences), &(), |bench, _| {
            bench.iter(|| {
                align_pair(
                    0,
                    (&articles[0], &docs[0]),
                    1,
                    (&articles[1], &docs[1]),
                    &config,
                )
                .pairs
                .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, all_pairs, default_policy, one_pair);
criterion_main!(benches);

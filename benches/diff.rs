//! Diff + classify per sentence pair (issue 5).
//!
//! Pairs: each demo-corpus sentence of the wire against its best match in the near copy, the
//! rewrite, the translation and the scrape (mutual best Dice over match keys, as alignment
//! would give), so that near-identical pairs, planted changes and full rewrites are all in the
//! mix. Reported per sentence pair (`Throughput::Elements`). Also the story-level stages
//! (name census, quote groups) over the five demo articles, all ten pairs aligned, and quote
//! groups over 400 copies of each in one story cluster.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirediff::align::quotes::quote_groups;
use wirediff::align::{AlignedPair, SentencePair};
use wirediff::corpus::{read_inputs, FieldNames};
use wirediff::dedup::Cluster;
use wirediff::diff::name_census;
use wirediff::report::ClusterKind;
use wirediff::{Article, Doc};

fn keys(doc: &Doc, s: usize) -> BTreeSet<u64> {
    doc.sentence_words(s)
        .iter()
        .filter(|w| w.kind.is_wordlike())
        .map(|w| w.key)
        .collect()
}

fn dice(a: &BTreeSet<u64>, b: &BTreeSet<u64>) -> f64 {
    let n = a.len() + b.len();
    if n == 0 {
        0.0
    } else {
        2.0 * a.intersection(b).count() as f64 / n as f64
    }
}

fn pairs(docs: &[Doc], a: usize, b: usize) -> Vec<(usize, usize)> {
    let ka: Vec<_> = (0..docs[a].sentences.len())
        .map(|s| keys(&docs[a], s))
        .collect();
    let kb: Vec<_> = (0..docs[b].sentences.len())
        .map(|s| keys(&docs[b], s))
        .collect();
    let mut out = Vec::new();
    for (i, x) in ka.iter().enumerate() {
        let best = kb
            .iter()
            .enumerate()
            .map(|(j, y)| (dice(x, y), j))
            .max_by(|p, q| p.0.total_cmp(&q.0));
        if let Some((score, j)) = best {
            if score >= 0.3 {
                out.push((i, j));
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpora/demo"));
    let articles: Vec<Article> = read_inputs(&[dir], &FieldNames::default())
        .map(|c| c.articles)
        .unwrap_or_default()
        .into_iter()
        .filter(|a| !a.id.contains("README") && !a.id.contains("unrelated"))
        .collect();
    let docs: Vec<Doc> = articles.iter().map(|a| Doc::prepare(&a.text)).collect();
    let Some(wire) = articles.iter().position(|a| a.id.contains("northern")) else {
        return;
    };
    let mut work: Vec<(usize, usize, usize, usize)> = Vec::new();
    for other in (0..articles.len()).filter(|&o| o != wire) {
        for (i, j) in pairs(&docs, wire, other) {
            work.push((wire, i, other, j));
        }
    }
    let mut group = c.benchmark_group("diff");
    group.throughput(Throughput::Elements(work.len() as u64));
    group.bench_function(format!("diff_sentences x{}", work.len()), |bench| {
        bench.iter(|| {
            let mut n = 0;
            for &(a, i, b, j) in &work {
                n += wirediff::diff::diff_sentences(
                    (&articles[a], &docs[a]),
                    &[i],
                    (&articles[b], &docs[b]),
                    &[j],
                )
                .len();
            }
            black_box(n)
        })
    });
    group.finish();

    // The cluster-level stages over the same demo story, every pair aligned as above.
    let mut alignments = Vec::new();
    for a in 0..articles.len() {
        for b in a + 1..articles.len() {
            alignments.push(AlignedPair {
                a,
                b,
                cluster: Some(0),
                pairs: pairs(&docs, a, b)
                    .into_iter()
                    .map(|(i, j)| SentencePair {
                        a: vec![i],
                        b: vec![j],
                        score: 1.0,
                    })
                    .collect(),
                passages: Vec::new(),
                score: 0.0,
                a_coverage: 0.0,
                b_coverage: 0.0,
                likely_source: None,
            });
        }
    }
    let clusters = vec![Cluster {
        kind: ClusterKind::Story,
        members: (0..articles.len()).collect(),
        score: 1.0,
    }];
    let mut group = c.benchmark_group("story");
    group.bench_function("name_census demo", |bench| {
        bench.iter(|| black_box(name_census(&articles, &docs, &clusters, &alignments)))
    });
    group.bench_function("quote_groups demo", |bench| {
        bench.iter(|| black_box(quote_groups(&articles, &docs, &clusters, &alignments)))
    });
    // The demo story's five versions, each carried by 400 outlets, in one story cluster: the
    // cost must follow the quotes and their distinct wordings, not the pairs of articles
    // (pair by pair this was 2 million article pairs).
    let copies: Vec<Article> = (0..400)
        .flat_map(|k| {
            articles.iter().map(move |a| Article {
                id: format!("{}#{k}", a.id),
                ..a.clone()
            })
        })
        .collect();
    let copy_docs: Vec<Doc> = copies.iter().map(|a| Doc::prepare(&a.text)).collect();
    let copy_story = vec![Cluster {
        kind: ClusterKind::Story,
        members: (0..copies.len()).collect(),
        score: 1.0,
    }];
    group.throughput(Throughput::Elements(copies.len() as u64));
    group.bench_function(format!("quote_groups {} copies", copies.len()), |bench| {
        bench.iter(|| black_box(quote_groups(&copies, &copy_docs, &copy_story, &[])))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

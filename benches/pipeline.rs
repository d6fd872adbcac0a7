//! Reading plus segmentation throughput on real news text.
//!
//! Corpus: `../shared/corpora/bbc-news/bbc` (2,225 BBC articles, ~5 MB). Run with
//! `cargo bench --bench pipeline`; criterion reports MB/s (throughput is set in bytes).
//! Skipped with a message when the corpus is not beside the repo.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirediff::corpus::{read_inputs, FieldNames};
use wirediff::text::{words, Doc};

fn bbc_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/bbc-news/bbc"
    ));
    dir.is_dir().then_some(dir)
}

fn segmentation(c: &mut Criterion) {
    let Some(dir) = bbc_dir() else {
        eprintln!("skipping: ../shared/corpora/bbc-news not found");
        return;
    };
    let corpus = read_inputs(std::slice::from_ref(&dir), &FieldNames::default()).expect("corpus");
    let bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();

    let mut group = c.benchmark_group("bbc-news");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("read", |b| {
        b.iter(|| read_inputs(std::slice::from_ref(&dir), &FieldNames::default()).unwrap())
    });
    group.bench_function("tokenize/1-thread", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for a in &corpus.articles {
                out.clear();
                words::tokenize_into(&a.text, 0, a.text.len(), &mut out);
                n += out.len();
            }
            n
        })
    });
    group.bench_function("prepare/1-thread", |b| {
        b.iter(|| {
            corpus
                .articles
                .iter()
                .map(|a| Doc::prepare(&a.text).words.len())
                .sum::<usize>()
        })
    });
    group.bench_function("prepare/parallel", |b| {
        b.iter(|| wirediff::prepare(&corpus.articles).len())
    });
    group.finish();
}

criterion_group!(benches, segmentation);
criterion_main!(benches);

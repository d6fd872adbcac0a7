//! Throughput of duplicate and story detection (issue 3): `cargo bench --bench dedup`.
//!
//! Corpus: the bbc-news articles recycled to 10,000 articles (~2.3 KB each), every recycled
//! base with one word in three replaced (every 3-word shingle hit, so recycled bases are not
//! near-duplicates of each other), plus 30% planted copies (trimmed and lightly edited). Reports bytes/s for the whole `find_clusters` (tokenise, shingle,
//! sketch, candidates, verification, clusters) and for the word scan alone. Set
//! `WIREDIFF_BENCH_CORPUS=path.jsonl` to bench a corpus from `examples/gen_corpus.rs` instead.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirediff::corpus::{read_inputs, Article, FieldNames};
use wirediff::dedup::{find_clusters, DedupConfig};

const BBC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/bbc-news/bbc"
);

fn corpus() -> Vec<Article> {
    if let Some(path) = std::env::var_os("WIREDIFF_BENCH_CORPUS") {
        return read_inputs(&[PathBuf::from(path)], &FieldNames::default())
            .expect("bench corpus")
            .articles;
    }
    let source = read_inputs(&[PathBuf::from(BBC)], &FieldNames::default())
        .expect("bbc-news corpus (../shared)")
        .articles;
    let n = 10_000;
    let mut out: Vec<Article> = Vec::with_capacity(n);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut rand = move |m: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % m.max(1) as u64) as usize
    };
    let bases = n * 7 / 10;
    for i in 0..bases {
        let mut a = source[i % source.len()].clone();
        if i >= source.len() {
            a.text = a
                .text
                .split(' ')
                .enumerate()
                .map(|(j, w)| {
                    if j % 3 == i % 3 {
                        format!("v{i}x{j}")
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
        }
        a.id = format!("b{i}");
        out.push(a);
    }
    for c in 0..n - bases {
        let base = &out[rand(bases)];
        let words: Vec<&str> = base.text.split(' ').collect();
        let keep = words.len() / 2 + rand(words.len() / 2 + 1);
        let start = rand(words.len() - keep + 1);
        let text = words[start..start + keep]
            .iter()
            .map(|w| if rand(25) == 0 { "edit" } else { w })
            .collect::<Vec<_>>()
            .join(" ");
        let mut a = base.clone();
        a.id = format!("c{c}");
        a.text = text;
        out.push(a);
    }
    out
}

fn bench(c: &mut Criterion) {
    let articles = corpus();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let config = DedupConfig::default();
    let mut group = c.benchmark_group("dedup");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("find_clusters/{}", articles.len()), |b| {
        b.iter(|| find_clusters(&articles, &config))
    });
    group.bench_function("word_scan", |b| {
        b.iter(|| {
            let mut scratch = wirediff::dedup::tokens::ScanScratch::default();
            let mut n = 0u64;
            for a in &articles {
                wirediff::dedup::tokens::for_each_word(&a.text, &mut scratch, |w| n ^= w.hash);
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! JSON Lines reading throughput on a generated in-memory corpus (no files needed).
//!
//! 4,000 records of ~3.5 KB, shaped like `examples/gen_corpus` output (id, outlet, date,
//! paragraphs joined by `\n\n`, a few accented words) plus fields the reader skips. Run with
//! `cargo bench --bench read`; criterion reports MB/s of JSON input.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use wirediff::corpus::{read_jsonl_bytes, FieldNames};

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "talks",
    "would",
    "resume",
    "after",
    "a",
    "break",
    "of",
    "several",
    "weeks",
    "officials",
    "confirmed",
    "café",
    "Zürich",
    "economy",
    "growth",
    "quarter",
    "\\\"quoted\\\"",
    "shares",
    "rose",
    "in",
    "early",
    "trading",
];

fn corpus(records: usize) -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut out = String::new();
    for i in 0..records {
        let mut text = String::new();
        while text.len() < 3_400 {
            for _ in 0..60 {
                text.push_str(WORDS[next(WORDS.len())]);
                text.push(' ');
            }
            text.push_str("end.\\n\\n");
        }
        out.push_str(&format!(
            r#"{{"date":"2024-03-{:02}","id":"g{i:07}","outlet":"outlet-{}","tags":["a","b"],"meta":{{"words":{}}},"text":"{text}"}}"#,
            1 + i % 28,
            i % 17,
            text.len() / 6,
        ));
        out.push('\n');
    }
    out.into_bytes()
}

fn read(c: &mut Criterion) {
    let bytes = corpus(4_000);
    let fields = FieldNames::default();
    let mut group = c.benchmark_group("read_jsonl");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.sample_size(20);
    group.bench_function("parallel", |b| {
        b.iter(|| {
            read_jsonl_bytes(&bytes, "bench.jsonl", &fields)
                .articles
                .len()
        })
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    group.bench_function("1-thread", |b| {
        b.iter(|| {
            pool.install(|| {
                read_jsonl_bytes(&bytes, "bench.jsonl", &fields)
                    .articles
                    .len()
            })
        })
    });
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);

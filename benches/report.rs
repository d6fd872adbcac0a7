//! Rendering cost of the text and HTML formats on the generated large report
//! (`tests/fixtures/big.rs`): 2,000 stories, 10,000 articles, 24,000 changes.
//!
//! `cargo bench --bench report`

use criterion::{criterion_group, criterion_main, Criterion};
use wirediff::report::{self, Format, RenderOptions};

#[path = "../tests/fixtures/big.rs"]
mod big;

fn rendering(c: &mut Criterion) {
    let report = big::big_report(2_000);
    let options = RenderOptions::default();
    let mut group = c.benchmark_group("render-10000-articles");
    group.sample_size(10);
    for (name, format) in [
        ("text", Format::Text),
        ("html", Format::Html),
        ("json", Format::Json),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(16 << 20);
                report::render(&report, format, &options, &mut out).unwrap();
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, rendering);
criterion_main!(benches);

//! Sentence alignment measured against WMT16 English→Finnish: two independent human
//! translations of the same English news documents behave like two outlets rewording one
//! story, and machine translations like a careless third. Segment n of one version is the gold
//! partner of segment n of the other.
//!
//! ```text
//! cargo run --release --example eval_wmt [-- PATH/TO/wmt16-enfi]
//! ```
//!
//! Prints precision, recall and F1 of the segment links for the two human translations and
//! for each human translation against each machine translation in `mt/helsinki/basic/`.

// An example's job is to print its figures.
#![allow(clippy::print_stdout)]

mod wmt;

use std::path::PathBuf;

use wirediff::align::AlignConfig;

fn main() -> std::io::Result<()> {
    let root = std::env::args().nth(1).map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/corpora/wmt16-enfi"
            ))
        },
        PathBuf::from,
    );
    let mut config = AlignConfig::default();
    // Tuning knobs (not needed for the figures): WIREDIFF_ALIGN_MIN, _CHAIN, _MOVED, _CONTENT, _REL,
    // _STEM, _GAPS, _GAIN.
    let env = |k: &str| std::env::var(format!("WIREDIFF_ALIGN_{k}")).ok();
    if let Some(v) = env("MIN").and_then(|v| v.parse().ok()) {
        config.min_sentence_score = v;
    }
    if let Some(v) = env("CHAIN").and_then(|v| v.parse().ok()) {
        config.chain_min_score = v;
    }
    if let Some(v) = env("MOVED").and_then(|v| v.parse().ok()) {
        config.moved_min_score = v;
    }
    if let Some(v) = env("CONTENT").and_then(|v| v.parse().ok()) {
        config.min_content_score = v;
    }
    if let Some(v) = env("REL").and_then(|v| v.parse().ok()) {
        config.relative_floor = v;
    }
    if let Some(v) = env("STEM").and_then(|v| v.parse().ok()) {
        config.stem_chars = v;
    }
    if let Some(v) = env("GAPS").and_then(|v| v.parse().ok()) {
        config.fill_gaps_max = v;
    }
    if let Some(v) = env("GAIN").and_then(|v| v.parse().ok()) {
        config.merge_gain = v;
    }
    let a = wmt::read_sgm(&root.join("sgm/newstest2016-enfi-ref.fi.sgm"))?;
    let b = wmt::read_sgm(&root.join("sgm/newstestB2016-enfi-ref.fi.sgm"))?;
    let en = Some("en");
    let started = std::time::Instant::now();
    let (docs, s) = wmt::score_sets(&a, &b, en, &config);
    println!(
        "{:<54} {:>5} {:>6} {:>9} {:>7} {:>7}",
        "pair", "docs", "gold", "precision", "recall", "F1"
    );
    let row = |name: &str, docs: usize, s: wmt::Score| {
        println!(
            "{:<54} {:>5} {:>6} {:>9.4} {:>7.4} {:>7.4}",
            name,
            docs,
            s.gold,
            s.precision(),
            s.recall(),
            s.f1()
        );
    };
    row("human A vs human B", docs, s);
    row(
        "  baseline: most word-similar segment",
        docs,
        wmt::naive_score_sets(&a, &b, en),
    );
    let mut systems: Vec<PathBuf> = std::fs::read_dir(root.join("mt/helsinki/basic"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    systems.sort();
    for sys in systems {
        let mt = wmt::read_sgm(&sys)?;
        let name = sys
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        for (label, human) in [("A", &a), ("B", &b)] {
            let (docs, s) = wmt::score_sets(human, &mt, en, &config);
            row(&format!("human {label} vs {name}"), docs, s);
        }
    }
    println!("elapsed {:.2?}", started.elapsed());
    Ok(())
}

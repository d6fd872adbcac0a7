//! Renders the hand-built fixture report (`tests/fixtures/report.json`) in any format, for the
//! browser test and for looking at the renderers while the pipeline cannot yet produce a rich
//! report by itself.
//!
//! `cargo run --example render_fixture -- html target/fixture-report.html`
//! `cargo run --example render_fixture -- text` (to stdout; `color` as a third argument)
//! `cargo run --example render_fixture -- big target/big-report.html` (generated, 10,000
//! articles, HTML)

use std::io::Write;

use wirediff::report::{self, Format, RenderOptions, Report};

#[path = "../tests/fixtures/big.rs"]
mod big;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let format = match args.first().map(String::as_str).unwrap_or("text") {
        "html" | "big" => Format::Html,
        "json" => Format::Json,
        "jsonl" => Format::Jsonl,
        _ => Format::Text,
    };
    // WIREDIFF_REPORT renders another saved report (`wirediff scan --format json` output).
    let path = std::env::var("WIREDIFF_REPORT").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report.json").to_string()
    });
    let report: Report = if args.first().is_some_and(|a| a == "big") {
        big::big_report(2_000)
    } else {
        serde_json::from_str(&std::fs::read_to_string(path)?)?
    };
    let options = RenderOptions {
        color: args.iter().any(|a| a == "color"),
        width: std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100),
    };
    let mut buf = Vec::new();
    report::render(&report, format, &options, &mut buf)?;
    match args.get(1).filter(|a| *a != "color") {
        Some(out) => std::fs::write(out, buf)?,
        None => std::io::stdout().write_all(&buf)?,
    }
    Ok(())
}

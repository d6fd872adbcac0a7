//! JSON Lines: one tagged message per line, `{"type": "...", "data": {...}}` (ripgrep's shape).
//!
//! Order: a `summary` message, then `article`, `cluster`, `alignment`, `shared_passage`,
//! `collation`, `name_variant`, `quote` and `error` messages, each group in report order. A
//! consumer can act on each line as it arrives (`jq -c 'select(.type == "alignment")'`)
//! instead of parsing one large object; `data` is exactly the JSON format's element.

use std::io::Write;

use serde::Serialize;

use super::Report;

#[derive(Serialize)]
struct Message<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    data: &'a T,
}

fn emit<T: Serialize>(out: &mut dyn Write, kind: &str, data: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &Message { kind, data })?;
    out.write_all(b"\n")
}

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    emit(out, "summary", &report.summary)?;
    for a in &report.articles {
        emit(out, "article", a)?;
    }
    for c in &report.clusters {
        emit(out, "cluster", c)?;
    }
    for a in &report.alignments {
        emit(out, "alignment", a)?;
    }
    for p in &report.shared_passages {
        emit(out, "shared_passage", p)?;
    }
    for c in &report.collations {
        emit(out, "collation", c)?;
    }
    for n in &report.name_variants {
        emit(out, "name_variant", n)?;
    }
    for q in &report.quotes {
        emit(out, "quote", q)?;
    }
    for e in &report.errors {
        emit(out, "error", e)?;
    }
    Ok(())
}

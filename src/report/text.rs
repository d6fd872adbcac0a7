//! Terminal output (placeholder until the terminal renderer lands; see issue 6).

use std::io::Write;

use super::{RenderOptions, Report};

pub fn render(
    report: &Report,
    _options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let s = &report.summary;
    writeln!(out, "{} articles from {} outlets", s.articles, s.outlets)?;
    for a in &report.articles {
        writeln!(
            out,
            "  {}  {}  {} sentences, {} words",
            a.id, a.outlet, a.sentences, a.words
        )?;
    }
    for e in &report.errors {
        match e.line {
            Some(l) => writeln!(out, "error: {}:{}: {}", e.source, l, e.message)?,
            None => writeln!(out, "error: {}: {}", e.source, e.message)?,
        }
    }
    Ok(())
}

//! Self-contained HTML report (placeholder until the HTML renderer lands; see issue 6).

use std::io::Write;

use super::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "<!doctype html><meta charset=utf-8><title>wirediff</title><p>{} articles</p>",
        report.summary.articles
    )
}

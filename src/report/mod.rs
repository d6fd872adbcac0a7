//! Renderers: a [`Report`] in, bytes out. Every format renders the same value and nothing else.
//!
//! - `text`: for people at a terminal (colour when wanted, width-aware).
//! - `json`: the whole report as one object with a `version` field (the stable contract).
//! - `jsonl`: one tagged message per line, `{"type": ..., "data": {...}}`, for pipelines.
//! - `html`: one self-contained page; all article text escaped.

pub mod findings;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod model;
pub mod text;

pub use model::*;

use std::io::Write;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Html,
}

/// Options that change how a report is rendered (not what it contains).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Whether to emit ANSI colour (text format only).
    pub color: bool,
    /// Terminal width for wrapping (text format only).
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Renders `report` in `format` to `out`.
pub fn render(
    report: &Report,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::render(report, options, out),
        Format::Json => json::render(report, out),
        Format::Jsonl => jsonl::render(report, out),
        Format::Html => html::render(report, out),
    }
}

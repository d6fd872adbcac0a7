//! Integration tests: one binary (ripgrep's layout), one module per area.

mod align;
mod cli;
mod dedup;
mod diff;
mod e2e;
mod report;

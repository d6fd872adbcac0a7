//! Integration tests: one binary (ripgrep's layout), one module per area.

mod align;
mod cli;
mod diff;
mod report;

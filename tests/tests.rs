//! Integration tests: one binary (ripgrep's layout), one module per area.

mod cli;

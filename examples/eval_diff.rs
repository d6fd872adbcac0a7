//! Per-kind precision and recall of the classified word diff on the labelled set
//! (`tests/labelled/gen.rs`, built from `../shared/corpora/wmt16-enfi`).
//!
//! ```text
//! cargo run --release --example eval_diff [-- --errors]
//! ```

#[path = "../tests/labelled/gen.rs"]
mod labelled;

use std::io::Write;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let shared = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
    let show_errors = std::env::args().any(|a| a == "--errors");
    let mut out = std::io::stdout().lock();
    for (name, items) in [
        ("planted (English)", labelled::planted(&shared)),
        (
            "two plants per sentence (English)",
            labelled::planted_double(&shared),
        ),
        ("real (Finnish translations)", labelled::real(&shared)),
    ] {
        let (counts, wrong) = labelled::evaluate(&items);
        writeln!(out, "{name}: {} pairs", items.len())?;
        writeln!(
            out,
            "  {:<13} {:>5} {:>5} {:>5} {:>9} {:>7}",
            "kind", "tp", "fp", "fn", "precision", "recall"
        )?;
        for (kind, c) in &counts {
            writeln!(
                out,
                "  {:<13} {:>5} {:>5} {:>5} {:>9.3} {:>7.3}",
                kind.as_str(),
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall()
            )?;
        }
        if show_errors {
            for w in &wrong {
                writeln!(out, "  ! {w}")?;
            }
        }
    }
    Ok(())
}

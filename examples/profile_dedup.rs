//! Fixed dedup workloads for instruction-count profiling, one stage at a time:
//!
//! ```text
//! valgrind --tool=callgrind target/release/examples/profile_dedup scan CORPUS.jsonl
//! ```
//!
//! `scan`: the word scan alone; `signature`: the first pass (scan, shingles, sketch);
//! `features`: the exact shingle sets verification computes; `all`:
//! `find_clusters`. Reading is the same in every mode, so the difference between two modes'
//! instruction counts is the cost of the stages between them.
#![allow(clippy::print_stdout)] // a command-line tool: printing is its job

use std::path::PathBuf;

use wirediff::corpus::{read_inputs, FieldNames};
use wirediff::dedup::features::Scratch;
use wirediff::dedup::{find_clusters, signatures_on_one_thread, tokens, DedupConfig};

fn main() -> anyhow::Result<()> {
    wirediff::heap::grow_heaps_in_large_steps();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(path)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: profile_dedup scan|signature|all CORPUS");
    };
    let corpus = read_inputs(&[PathBuf::from(path)], &FieldNames::default())?;
    let articles = &corpus.articles;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    match mode.as_str() {
        "read" => println!("{} articles, {bytes} bytes", articles.len()),
        "scan" => {
            let rounds: usize = std::env::var("ROUNDS")
                .ok()
                .and_then(|r| r.parse().ok())
                .unwrap_or(1);
            let (mut words, mut x) = (0u64, 0u64);
            let mut scratch = wirediff::dedup::tokens::ScanScratch::default();
            let t = std::time::Instant::now();
            for _ in 0..rounds {
                for a in articles {
                    tokens::for_each_word(&a.text, &mut scratch, |w| {
                        words += 1;
                        x ^= w.hash;
                    });
                }
            }
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{words} words in {bytes} bytes ({x:x}): {:.0} MB/s on one thread",
                (bytes * rounds) as f64 / secs / 1e6
            );
        }
        "signature" => {
            let t = std::time::Instant::now();
            let (sigs, _) = signatures_on_one_thread(articles, 3);
            let x = sigs.iter().fold(0u64, |x, s| x ^ s.exact);
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{} signatures of {bytes} bytes ({x:x}): {:.0} MB/s on one thread",
                articles.len(),
                bytes as f64 / secs / 1e6
            );
        }
        "features" => {
            let mut s = Scratch::default();
            let mut n = 0;
            for a in articles {
                n += wirediff::dedup::features::features_with(&a.text, 3, false, &mut s)
                    .shingles
                    .len();
            }
            println!("{n} shingles in {bytes} bytes");
        }
        "all" => {
            let r = find_clusters(articles, &DedupConfig::default());
            println!("{} clusters over {bytes} bytes", r.clusters.len());
        }
        _ => anyhow::bail!("unknown mode {mode}"),
    }
    Ok(())
}

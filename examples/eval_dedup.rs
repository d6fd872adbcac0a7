//! Measures dedup: quality against a generator's truth file, or cluster statistics of any corpus.
//!
//! ```text
//! cargo run --release --example eval_dedup -- eval CORPUS.jsonl TRUTH.jsonl
//! cargo run --release --example eval_dedup -- stats PATH...      # clusters, timings
//! cargo run --release --example eval_dedup -- reference PATH...  # the machine's yardstick
//! ```
//!
//! `eval`: precision = share of verified near-duplicate (or exact) pairs whose two articles come
//! from the same base article; recall = share of planted (base, copy) pairs found in one
//! near-duplicate cluster, overall and for copies inside the target (≤10% of words edited or at
//! most half trimmed).
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool: printing is its job

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use std::sync::Mutex;

use wirediff::corpus::{read_inputs, FieldNames};
use wirediff::dedup::{find_clusters, find_clusters_with_progress, DedupConfig};
use wirediff::report::ClusterKind;
use wirediff::Progress;

/// When each dedup stage started, in wall-clock and CPU time: a breakdown of where the time
/// goes, and how well each stage uses the cores, on every run.
#[derive(Default)]
struct StageTimes(Mutex<Vec<(&'static str, Instant, f64)>>);

impl Progress for StageTimes {
    fn start(&self, stage: &'static str, _total: u64) {
        if let Ok(mut v) = self.0.lock() {
            v.push((stage, Instant::now(), cpu_seconds()));
        }
    }
}

impl StageTimes {
    /// `stages: name seconds (CPU seconds) ...`, each stage until the next one starts (the
    /// last until `end`, at `end_cpu`).
    fn line(&self, end: Instant, end_cpu: f64) -> String {
        let v = self.0.lock().map(|v| v.clone()).unwrap_or_default();
        let mut out = String::from("stages:");
        for (i, (name, at, cpu)) in v.iter().enumerate() {
            let (until, until_cpu) = v.get(i + 1).map_or((end, end_cpu), |x| (x.1, x.2));
            out.push_str(&format!(
                " {name} {:.3}s ({:.2} CPU)",
                (until - *at).as_secs_f64(),
                until_cpu - cpu
            ));
        }
        out
    }
}

fn main() -> anyhow::Result<()> {
    wirediff::heap::grow_heaps_in_large_steps();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("eval") if args.len() == 3 => eval(&args[1], &args[2]),
        Some("stats") if args.len() >= 2 => stats(&args[1..]),
        Some("pairs") if args.len() >= 2 => all_pairs(&args[1..]),
        Some("reference") if args.len() >= 2 => reference(&args[1..]),
        _ => anyhow::bail!(
            "usage: eval_dedup eval CORPUS TRUTH | eval_dedup stats PATH... | eval_dedup reference PATH..."
        ),
    };
    // Output piped into `head` that stops reading is not an error.
    match result {
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// CPU seconds (user + system) this process has used so far, from /proc/self/stat: wall time
/// is meaningless on a shared, loaded machine, CPU time is not.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// `VmRSS` and `VmHWM` (peak) of this process in MB, from /proc/self/status.
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn stats(paths: &[String]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let (t0, c0) = (Instant::now(), cpu_seconds());
    let corpus = read_inputs(&paths, &FieldNames::default())?;
    let read = t0.elapsed();
    let read_cpu = cpu_seconds() - c0;
    let bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    let t1 = Instant::now();
    let c1 = cpu_seconds();
    let stages = StageTimes::default();
    let result = find_clusters_with_progress(&corpus.articles, &DedupConfig::default(), &stages);
    let dedup = t1.elapsed();
    let end_cpu = cpu_seconds();
    let dedup_cpu = end_cpu - c1;
    let n = corpus.articles.len();
    let total = read.as_secs_f64() + dedup.as_secs_f64();
    writeln!(
            out,
        "articles {n}, {:.1} MB; read {:.2}s ({read_cpu:.2} CPU s), dedup {:.3}s ({dedup_cpu:.2} CPU s) = {:.0} articles/s, {:.0} MB/s; \
         end to end {total:.3}s = {:.0} articles/s",
        bytes as f64 / 1e6,
        read.as_secs_f64(),
        dedup.as_secs_f64(),
        n as f64 / dedup.as_secs_f64(),
        bytes as f64 / 1e6 / dedup.as_secs_f64(),
        n as f64 / total
    )?;
    writeln!(out, "{}", stages.line(t1 + dedup, end_cpu))?;
    for kind in [
        ClusterKind::Exact,
        ClusterKind::NearDuplicate,
        ClusterKind::Story,
    ] {
        let cs: Vec<_> = result.clusters.iter().filter(|c| c.kind == kind).collect();
        let largest = cs.iter().map(|c| c.members.len()).max().unwrap_or(0);
        let members: usize = cs.iter().map(|c| c.members.len()).sum();
        writeln!(
            out,
            "{:>15}: {} clusters, {members} articles, largest {largest}",
            kind.as_str(),
            cs.len()
        )?;
    }
    if std::env::var_os("SHOW").is_some() {
        for c in &result.clusters {
            let ids: Vec<&str> = c
                .members
                .iter()
                .map(|&m| corpus.articles[m].id.as_str())
                .collect();
            writeln!(out, "{} {:.3} {}", c.kind.as_str(), c.score, ids.join(" "))?;
        }
        for p in &result.pairs {
            writeln!(
                out,
                "pair {} {} j={:.3} c={:.3} {}",
                corpus.articles[p.a].id,
                corpus.articles[p.b].id,
                p.jaccard,
                p.containment,
                p.kind.as_str()
            )?;
        }
    }
    Ok(())
}

/// Passes of the reference loop; the median is reported.
const REFERENCE_PASSES: usize = 5;

/// The yardstick the dedup speed target comes with ("a plain 2-thread Rust loop that only
/// tokenises and hashes runs at about 1 GB/s here"): over the texts of a corpus already in
/// memory, on all threads, split each text at ASCII whitespace and hash every word with xxh3.
/// Of the plain loops tried it is the one nearest that figure (splitting at every byte that is
/// not a letter or digit ran 25% slower, `unicode_words` 4x slower). It does a small part of
/// what dedup does, so it says nothing about wirediff; run beside `stats`, it says how fast the
/// machine is that hour, which on a shared machine drifts by 10-20%.
fn reference(paths: &[String]) -> anyhow::Result<()> {
    use rayon::prelude::*;
    let mut out = std::io::stdout().lock();
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let corpus = read_inputs(&paths, &FieldNames::default())?;
    let bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    let mut seconds = Vec::new();
    let mut checksum = 0u64;
    for _ in 0..REFERENCE_PASSES {
        let t = Instant::now();
        checksum = corpus
            .articles
            .par_iter()
            .map(|a| {
                a.text
                    .split_ascii_whitespace()
                    .map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes()))
                    .fold(0u64, u64::wrapping_add)
            })
            .reduce(|| 0, |x, y| x ^ y);
        seconds.push(t.elapsed().as_secs_f64());
    }
    seconds.sort_by(f64::total_cmp);
    let median = seconds[seconds.len() / 2];
    writeln!(
        out,
        "reference loop: {:.0} MB/s, {:.3}s for {:.1} MB on {} threads (median of {REFERENCE_PASSES}; checksum {checksum:016x})",
        bytes as f64 / 1e6 / median,
        median,
        bytes as f64 / 1e6,
        rayon::current_num_threads(),
    )?;
    Ok(())
}

/// Every pair of a small corpus with all its scores (a diagnostic for tuning).
fn all_pairs(paths: &[String]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let corpus = read_inputs(&paths, &FieldNames::default())?;
    let a = &corpus.articles;
    for i in 0..a.len() {
        for j in i + 1..a.len() {
            let e = wirediff::dedup::explain_pair(a, i, j, &DedupConfig::default());
            writeln!(
            out,
                "{} {} j={:.3} c={:.3} story={:.3} (terms {:.3} names {:.3}) sketches: shingles {:.3} shared sampled names {}",
                a[i].id, a[j].id, e.jaccard, e.containment, e.story, e.term_overlap, e.name_overlap, e.shingle_sketch_jaccard,
                e.shared_sampled_names
            )?;
        }
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct Truth {
    base: String,
    copy: String,
    /// Whether the copy is inside the target (≤10% words edited or ≤ half trimmed).
    in_target: bool,
}

fn eval(corpus_path: &str, truth_path: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let t_read = Instant::now();
    let corpus = read_inputs(&[PathBuf::from(corpus_path)], &FieldNames::default())?;
    let read_secs = t_read.elapsed().as_secs_f64();
    let articles = &corpus.articles;
    let index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let truth: Vec<Truth> = std::fs::read_to_string(truth_path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    // Group of every article: its base (bases are their own group).
    let mut group: Vec<usize> = (0..articles.len()).collect();
    for t in &truth {
        if let (Some(&b), Some(&c)) = (index.get(t.base.as_str()), index.get(t.copy.as_str())) {
            group[c] = b;
        }
    }
    // Reset the peak so that it measures dedup, not the reader's transient buffers.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let (rss_before, _) = memory_mb();
    let t0 = Instant::now();
    let c0 = cpu_seconds();
    let result = find_clusters(articles, &DedupConfig::default());
    let secs = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c0;
    let (_, peak) = memory_mb();
    writeln!(
        out,
        "memory: {rss_before:.0} MB after reading, peak {peak:.0} MB; dedup added at most \
         {:.0} MB = {:.0} bytes per article",
        peak - rss_before,
        (peak - rss_before) * 1024.0 * 1024.0 / articles.len().max(1) as f64
    )?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut cluster_of = vec![usize::MAX; articles.len()];
    for (ci, c) in result.clusters.iter().enumerate() {
        if c.kind == ClusterKind::NearDuplicate {
            for &m in &c.members {
                cluster_of[m] = ci;
            }
        }
    }
    let predicted: Vec<_> = result
        .pairs
        .iter()
        .filter(|p| p.kind != ClusterKind::Story)
        .collect();
    let correct = predicted
        .iter()
        .filter(|p| group[p.a] == group[p.b])
        .count();
    if std::env::var_os("SHOW").is_some() {
        for p in predicted
            .iter()
            .filter(|p| group[p.a] != group[p.b])
            .take(15)
        {
            writeln!(
                out,
                "false pair {} {} j={:.3} c={:.3} {} bytes {} / {}",
                articles[p.a].id,
                articles[p.b].id,
                p.jaccard,
                p.containment,
                p.kind.as_str(),
                articles[p.a].text.len(),
                articles[p.b].text.len()
            )?;
        }
    }
    let (mut found, mut total, mut found_t, mut total_t) = (0, 0, 0, 0);
    for t in &truth {
        let (Some(&b), Some(&c)) = (index.get(t.base.as_str()), index.get(t.copy.as_str())) else {
            continue;
        };
        let hit = cluster_of[b] != usize::MAX && cluster_of[b] == cluster_of[c];
        total += 1;
        found += hit as usize;
        if t.in_target {
            total_t += 1;
            found_t += hit as usize;
        }
    }
    let story_largest = result
        .clusters
        .iter()
        .filter(|c| c.kind == ClusterKind::Story)
        .map(|c| c.members.len())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "articles {}, {:.1} MB, dedup {:.3}s ({:.0} articles/s, {:.0} MB/s); \
         CPU {:.2}s = {:.0} articles per CPU-second",
        articles.len(),
        bytes as f64 / 1e6,
        secs,
        articles.len() as f64 / secs,
        bytes as f64 / 1e6 / secs,
        cpu,
        articles.len() as f64 / cpu.max(0.01)
    )?;
    writeln!(
        out,
        "end to end (read {read_secs:.3}s + dedup): {:.3}s = {:.0} articles/s, {:.0} MB/s",
        read_secs + secs,
        articles.len() as f64 / (read_secs + secs),
        bytes as f64 / 1e6 / (read_secs + secs)
    )?;
    writeln!(
        out,
        "near-duplicate pairs: precision {:.4} ({correct}/{}), recall {:.4} ({found}/{total}), \
         recall in target {:.4} ({found_t}/{total_t}); largest story cluster {story_largest}",
        correct as f64 / predicted.len().max(1) as f64,
        predicted.len(),
        found as f64 / total.max(1) as f64,
        found_t as f64 / total_t.max(1) as f64,
    )?;
    Ok(())
}

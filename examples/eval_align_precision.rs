//! Alignment precision on real same-story articles that are neither translations nor copies:
//! different BBC articles about one story (story clusters of `wirediff scan` on the BBC News
//! corpus, exact and near-duplicate pairs left out) and the five seed articles (one story told
//! by five outlets).
//!
//! ```text
//! cargo run --release --example eval_align_precision [-- LABELS.tsv]
//! cargo run --release --example eval_align_precision -- --dump A_ID B_ID ...
//! ```
//!
//! The labels (`examples/eval_align_precision.tsv`) name sentence pairs by article id and
//! sentence indices only; the BBC text is research-only and is not committed. Each row is
//! `a_id  b_id  a_sentences  b_sentences  label`, indices comma-separated, label `1` when both
//! sides report the same proposition (a claim, a quote, a figure) or one contains the other's
//! main claim, `0` when they merely share a topic or names. How the pairs were sampled is in
//! the file's header; they were labelled by reading them.
//!
//! For each labelled article pair the articles are aligned again with the current
//! [`AlignConfig`]; a labelled sentence pair is *found* when an output pair has exactly its
//! sentences. Printed: precision over the found labelled pairs, recall of the pairs labelled
//! correct, and how many output pairs are not in the labels (those are not judged).
//!
//! The later samples were drawn from later outputs, so recall over the whole file favours the
//! current aligner; pass a file holding one sample's rows for that sample's figures.
//!
//! `--dump` prints every output pair of the given article pairs with its text, `--sentences`
//! every sentence of the given articles (for labelling; not to be committed for BBC
//! articles). Tuning knobs: WIREDIFF_ALIGN_MIN, _CHAIN, _REL, _MOVED, _CONTENT.

// An example's job is to print its figures.
#![allow(clippy::print_stdout)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use wirediff::align::{align_pair, AlignConfig, AlignedPair};
use wirediff::corpus::{read_inputs, Article, FieldNames};
use wirediff::text::Doc;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

type Key = (String, String, Vec<usize>, Vec<usize>);

fn config() -> AlignConfig {
    let mut config = AlignConfig::default();
    // Tuning knobs, as in eval_wmt.
    let env = |k: &str| {
        std::env::var(format!("WIREDIFF_ALIGN_{k}"))
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
    };
    if let Some(v) = env("MIN") {
        config.min_sentence_score = v;
    }
    if let Some(v) = env("CHAIN") {
        config.chain_min_score = v;
    }
    if let Some(v) = env("REL") {
        config.relative_floor = v;
    }
    if let Some(v) = env("MOVED") {
        config.moved_min_score = v;
    }
    if let Some(v) = env("CONTENT") {
        config.min_content_score = v;
    }
    config
}

/// The articles of the BBC corpus and of the seeds, by id.
fn articles() -> BTreeMap<String, (Article, Doc)> {
    let inputs = [
        PathBuf::from(ROOT).join("../shared/corpora/bbc-news/bbc"),
        PathBuf::from(ROOT).join("../shared/seeds"),
    ];
    let mut out = BTreeMap::new();
    for input in inputs {
        let corpus = read_inputs(&[input], &FieldNames::default()).expect("corpus is readable");
        for a in corpus.articles {
            let d = Doc::prepare(&a.text);
            out.insert(a.id.clone(), (a, d));
        }
    }
    out
}

fn align(
    arts: &BTreeMap<String, (Article, Doc)>,
    a: &str,
    b: &str,
    c: &AlignConfig,
) -> AlignedPair {
    let (x, y) = (&arts[a], &arts[b]);
    align_pair(0, (&x.0, &x.1), 1, (&y.0, &y.1), c)
}

fn indices(s: &str) -> Vec<usize> {
    s.split(',')
        .map(|x| x.trim().parse().expect("sentence index"))
        .collect()
}

fn join(v: &[usize]) -> String {
    v.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = config();
    let arts = articles();
    if args.first().is_some_and(|a| a == "--sentences") {
        for id in &args[1..] {
            let (art, doc) = &arts[id.as_str()];
            for (i, s) in doc.sentences.iter().enumerate() {
                println!(
                    "{id}\t{i}\t{}",
                    art.text[s.range()].replace(['\n', '\t'], " ")
                );
            }
        }
        return;
    }
    if args.first().is_some_and(|a| a == "--dump") {
        for ab in args[1..].chunks(2) {
            let [a, b] = ab else { break };
            let al = align(&arts, a, b, &config);
            let text = |id: &str, s: &[usize]| {
                let (art, doc) = &arts[id];
                s.iter()
                    .map(|&i| art.text[doc.sentences[i].range()].replace(['\n', '\t'], " "))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            for p in &al.pairs {
                println!(
                    "{a}\t{b}\t{}\t{}\t{:.3}\t{}\t{}",
                    join(&p.a),
                    join(&p.b),
                    p.score,
                    text(a, &p.a),
                    text(b, &p.b)
                );
            }
        }
        return;
    }
    let path = args.first().map_or_else(
        || PathBuf::from(ROOT).join("examples/eval_align_precision.tsv"),
        PathBuf::from,
    );
    let labels: BTreeMap<Key, bool> = std::fs::read_to_string(&path)
        .expect("labels are readable")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let key = (f[0].into(), f[1].into(), indices(f[2]), indices(f[3]));
            (key, f[4].trim() == "1")
        })
        .collect();
    let docs: BTreeSet<(String, String)> =
        labels.keys().map(|k| (k.0.clone(), k.1.clone())).collect();
    let started = std::time::Instant::now();
    // (labelled, labelled correct, found, found correct, unlabelled output) per group.
    let mut groups: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    let mut found_keys = BTreeSet::new();
    for (a, b) in &docs {
        let group = if a.contains('/') { "bbc" } else { "seeds" };
        let al = align(&arts, a, b, &config);
        let g = groups.entry(group).or_default();
        for p in &al.pairs {
            let key: Key = (a.clone(), b.clone(), p.a.clone(), p.b.clone());
            match labels.get(&key) {
                Some(&ok) => {
                    g[2] += 1;
                    g[3] += usize::from(ok);
                    found_keys.insert(key);
                }
                None => g[4] += 1,
            }
        }
    }
    for (k, &ok) in &labels {
        let group = if k.0.contains('/') { "bbc" } else { "seeds" };
        let g = groups.entry(group).or_default();
        g[0] += 1;
        g[1] += usize::from(ok);
    }
    println!(
        "{:<8} {:>8} {:>8} {:>6} {:>9} {:>7} {:>11}",
        "sample", "labelled", "correct", "found", "precision", "recall", "unlabelled"
    );
    let mut total = [0usize; 5];
    let row = |name: &str, g: &[usize; 5]| {
        let ratio = |x: usize, y: usize| if y == 0 { 0.0 } else { x as f64 / y as f64 };
        println!(
            "{:<8} {:>8} {:>8} {:>6} {:>9.4} {:>7.4} {:>11}",
            name,
            g[0],
            g[1],
            g[2],
            ratio(g[3], g[2]),
            ratio(g[3], g[1]),
            g[4]
        );
    };
    for (name, g) in &groups {
        row(name, g);
        for k in 0..5 {
            total[k] += g[k];
        }
    }
    row("all", &total);
    if std::env::var_os("WIREDIFF_EVAL_VERBOSE").is_some() {
        for (k, &ok) in &labels {
            let found = found_keys.contains(k);
            if found != ok {
                let what = if ok { "lost correct" } else { "kept wrong" };
                println!("{what}\t{}\t{}\t{}\t{}", k.0, k.1, join(&k.2), join(&k.3));
            }
        }
    }
    println!("elapsed {:.2?}", started.elapsed());
}

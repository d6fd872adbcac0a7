//! Generates a dedup test corpus of any size from real text, with planted copies and a truth file.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --source ../shared/corpora/bbc-news/bbc \
//!     --n 10000 --out /tmp/gen [--seed 42] [--copies 0.3] [--base-bytes 3000]
//! ```
//!
//! Writes `DIR/corpus.jsonl` (`id`, `outlet`, `date`, `title`, `text`) and `DIR/truth.jsonl`
//! (one line per planted copy: `base`, `copy`, what was done, and `in_target`: at most 10% of
//! words edited and at least half of the text kept, the range the recall target is set for).
//!
//! Base articles are the source's articles, deduplicated by body (bbc-news has 136 groups of
//! repeated bodies, which would otherwise count as unplanted duplicates). When more bases are
//! needed than the source has, new ones are assembled from random sentences of the whole source
//! with some words swapped, so that no two bases are near-duplicates of each other. They grow
//! until they hold `--base-bytes` (default 3,000), which makes articles average ~3.4 KB at
//! 100,000 articles; `--base-bytes 2640` gives the 3.0 KB articles the speed target is set on.
//!
//! Copies apply, each with some probability: word edits (substitution, deletion, insertion),
//! trimmed start and/or end, a new lead paragraph, reordered paragraphs, and sentence-level
//! paraphrase (words of a sentence shuffled locally and partly replaced). About one copy in six
//! is heavier than the target (up to 25% edited or only a third kept), marked `in_target: false`.
//!
//! Deterministic for a given `--seed`: a splitmix64 generator, no `rand` dependency.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool: printing is its job

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// splitmix64: tiny, fast, good enough for test data, and stable across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

struct Source {
    title: String,
    /// Paragraphs, each a list of sentences.
    paragraphs: Vec<Vec<String>>,
}

fn split_sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = p.as_bytes();
    for i in 0..b.len() {
        let end = matches!(b[i], b'.' | b'!' | b'?')
            && i + 2 < b.len()
            && b[i + 1] == b' '
            && b[i + 2].is_ascii_uppercase();
        if end {
            out.push(p[start..=i].trim().to_string());
            start = i + 2;
        }
    }
    if start < p.len() && !p[start..].trim().is_empty() {
        out.push(p[start..].trim().to_string());
    }
    out
}

fn load(dir: &Path) -> anyhow::Result<Vec<Source>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt")
                && p.file_name().is_none_or(|f| f != "README.TXT")
            {
                paths.push(p);
            }
        }
    }
    paths.sort();
    // bbc-news repeats bodies, re-runs stories under the same headline with edits, and reuses
    // background paragraphs across articles. Sources that would be unplanted near-duplicates of
    // an earlier one are skipped: a repeated headline, or a fifth of the sentences seen before
    // (exact sentence match, independent of the detector being measured).
    let mut seen_sentences: HashSet<String> = HashSet::new();
    let mut seen_titles: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for p in paths {
        let bytes = std::fs::read(&p)?;
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        let (title, body) = text.split_once('\n').unwrap_or(("", &text));
        if body.len() < 200 {
            continue;
        }
        let paragraphs: Vec<Vec<String>> = body
            .split("\n\n")
            .map(split_sentences)
            .filter(|s| !s.is_empty())
            .collect();
        let sentences: Vec<&String> = paragraphs.iter().flatten().collect();
        let repeated = sentences
            .iter()
            .filter(|s| seen_sentences.contains(s.as_str()))
            .count();
        let title_key = title.trim().to_lowercase();
        let fresh = seen_titles.insert(title_key) && repeated * 5 < sentences.len().max(1);
        seen_sentences.extend(sentences.iter().map(|s| s.to_string()));
        if !fresh {
            continue;
        }
        out.push(Source {
            title: title.trim().to_string(),
            paragraphs,
        });
    }
    Ok(out)
}

struct Args {
    source: PathBuf,
    n: usize,
    out: PathBuf,
    seed: u64,
    copies: f64,
    /// Size assembled bases grow to (see [`main`]); the mean article is ~13% larger.
    base_bytes: usize,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut a = Args {
        source: PathBuf::from("../shared/corpora/bbc-news/bbc"),
        n: 10_000,
        out: PathBuf::from("gen-corpus"),
        seed: 42,
        copies: 0.3,
        base_bytes: 3000,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let v = argv
            .get(i + 1)
            .ok_or_else(|| anyhow::anyhow!("{} needs a value", argv[i]))?;
        match argv[i].as_str() {
            "--source" => a.source = v.into(),
            "--n" => a.n = v.parse()?,
            "--out" => a.out = v.into(),
            "--seed" => a.seed = v.parse()?,
            "--copies" => a.copies = v.parse()?,
            "--base-bytes" => a.base_bytes = v.parse()?,
            other => anyhow::bail!("unknown option {other}"),
        }
        i += 2;
    }
    Ok(a)
}

/// A generated article before ids are assigned.
struct Doc {
    title: String,
    paragraphs: Vec<Vec<String>>,
    date: u32,
    base: Option<usize>,
    what: String,
    in_target: bool,
}

fn words_of(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// Edits about `rate` of the words of every sentence (substitute, delete or insert).
fn edit_words(paragraphs: &mut [Vec<String>], rate: f64, vocab: &[String], rng: &mut Rng) {
    for p in paragraphs.iter_mut() {
        for s in p.iter_mut() {
            let mut out: Vec<String> = Vec::new();
            for w in words_of(s) {
                if rng.chance(rate) {
                    match rng.below(3) {
                        0 => out.push(vocab[rng.below(vocab.len())].clone()),
                        1 => {}
                        _ => {
                            out.push(w.to_string());
                            out.push(vocab[rng.below(vocab.len())].clone());
                        }
                    }
                } else {
                    out.push(w.to_string());
                }
            }
            *s = out.join(" ");
        }
    }
}

/// Sentence-level paraphrase: some sentences get nearby words swapped and a third of their
/// words replaced, the way a rewrite keeps the facts and changes the phrasing.
fn paraphrase(paragraphs: &mut [Vec<String>], share: f64, vocab: &[String], rng: &mut Rng) {
    for p in paragraphs.iter_mut() {
        for s in p.iter_mut() {
            if !rng.chance(share) {
                continue;
            }
            let mut w: Vec<String> = words_of(s).iter().map(|x| x.to_string()).collect();
            for i in 1..w.len() {
                if rng.chance(0.3) {
                    w.swap(i - 1, i);
                }
                if rng.chance(0.3) {
                    w[i] = vocab[rng.below(vocab.len())].clone();
                }
            }
            *s = w.join(" ");
        }
    }
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let sources = load(&args.source)?;
    anyhow::ensure!(
        !sources.is_empty(),
        "no articles under {}",
        args.source.display()
    );
    let pool: Vec<&String> = sources
        .iter()
        .flat_map(|s| s.paragraphs.iter().flatten())
        .collect();
    let mut vocab: Vec<String> = pool
        .iter()
        .flat_map(|s| words_of(s))
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|w| w.to_ascii_lowercase())
        .collect();
    vocab.sort();
    vocab.dedup();
    let mut rng = Rng(args.seed);
    let n_copies = ((args.n as f64 * args.copies) as usize).min(args.n.saturating_sub(1));
    let n_bases = args.n - n_copies;

    let mut order: Vec<usize> = (0..sources.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut docs: Vec<Doc> = Vec::with_capacity(args.n);
    for i in 0..n_bases {
        let date = 20_000 + rng.below(700) as u32;
        if i < order.len() {
            let s = &sources[order[i]];
            docs.push(Doc {
                title: s.title.clone(),
                paragraphs: s.paragraphs.clone(),
                date,
                base: None,
                what: String::new(),
                in_target: true,
            });
        } else {
            // A new base from random sentences of the whole source, paragraphs of one to three
            // sentences until it holds `--base-bytes` (3,000 by default; the last paragraph
            // overshoots by ~300 bytes on average).
            let mut paragraphs = Vec::new();
            let mut bytes = 0;
            // At least one paragraph, whatever `--base-bytes` says.
            loop {
                let p: Vec<String> = (0..1 + rng.below(3))
                    .map(|_| pool[rng.below(pool.len())].clone())
                    .collect();
                bytes += p.iter().map(|s| s.len() + 1).sum::<usize>();
                paragraphs.push(p);
                if bytes >= args.base_bytes {
                    break;
                }
            }
            // 30% of words replaced: a 3-word shingle survives with probability 0.34, so a base
            // that happened to draw several sentences of one short source article is still not
            // a near-duplicate of it (or of another base that drew them too).
            edit_words(&mut paragraphs, 0.3, &vocab, &mut rng);
            let title = paragraphs[0][0].chars().take(60).collect();
            docs.push(Doc {
                title,
                paragraphs,
                date,
                base: None,
                what: String::new(),
                in_target: true,
            });
        }
    }
    for _ in 0..n_copies {
        let b = rng.below(n_bases);
        let mut paragraphs = docs[b].paragraphs.clone();
        let mut what = Vec::new();
        let heavy = rng.chance(1.0 / 6.0);
        // Trim: keep a contiguous run of sentences covering at least half (a third if heavy).
        if rng.chance(0.4) {
            let min_keep = if heavy { 0.34 } else { 0.5 };
            let keep = min_keep + (1.0 - min_keep) * rng.unit();
            let flat: Vec<(usize, String)> = paragraphs
                .iter()
                .enumerate()
                .flat_map(|(pi, p)| p.iter().map(move |s| (pi, s.clone())))
                .collect();
            let total: usize = flat.iter().map(|x| x.1.len()).sum();
            let target = (total as f64 * keep) as usize;
            let start = rng.below(flat.len());
            let mut kept = Vec::new();
            let mut size = 0;
            let mut i = start;
            while size < target && i < flat.len() {
                size += flat[i].1.len();
                kept.push(flat[i].clone());
                i += 1;
            }
            let mut j = start;
            while size < target && j > 0 {
                j -= 1;
                size += flat[j].1.len();
                kept.insert(0, flat[j].clone());
            }
            let mut rebuilt: Vec<Vec<String>> = Vec::new();
            let mut last = usize::MAX;
            for (pi, s) in kept {
                if pi != last {
                    rebuilt.push(Vec::new());
                    last = pi;
                }
                if let Some(p) = rebuilt.last_mut() {
                    p.push(s);
                }
            }
            paragraphs = rebuilt;
            what.push(format!("trim:{:.2}", size as f64 / total.max(1) as f64));
        }
        let rate = if heavy {
            0.1 + 0.15 * rng.unit()
        } else {
            0.1 * rng.unit()
        };
        if rng.chance(0.6) || heavy {
            edit_words(&mut paragraphs, rate, &vocab, &mut rng);
            what.push(format!("edit:{rate:.3}"));
        }
        if rng.chance(0.3) {
            let lead = vec![pool[rng.below(pool.len())].clone()];
            paragraphs.insert(0, lead);
            what.push("lead".into());
        }
        if rng.chance(0.3) && paragraphs.len() > 2 {
            let i = rng.below(paragraphs.len() - 1);
            paragraphs.swap(i, i + 1);
            what.push("reorder".into());
        }
        if rng.chance(0.2) {
            paraphrase(&mut paragraphs, 0.1, &vocab, &mut rng);
            what.push("paraphrase:0.1".into());
        }
        let date = docs[b].date + rng.below(5) as u32;
        docs.push(Doc {
            title: docs[b].title.clone(),
            paragraphs,
            date,
            base: Some(b),
            what: what.join(","),
            in_target: !heavy,
        });
    }
    // Shuffle so copies are not next to their bases; ids follow the shuffled order.
    let mut perm: Vec<usize> = (0..docs.len()).collect();
    for i in (1..perm.len()).rev() {
        perm.swap(i, rng.below(i + 1));
    }
    let mut id_of = vec![0usize; docs.len()];
    for (pos, &d) in perm.iter().enumerate() {
        id_of[d] = pos;
    }
    std::fs::create_dir_all(&args.out)?;
    let mut corpus = std::io::BufWriter::new(std::fs::File::create(args.out.join("corpus.jsonl"))?);
    let mut truth = std::io::BufWriter::new(std::fs::File::create(args.out.join("truth.jsonl"))?);
    let mut bytes = 0usize;
    for &d in &perm {
        let doc = &docs[d];
        let text: String = doc
            .paragraphs
            .iter()
            .map(|p| p.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n");
        bytes += text.len();
        let (y, m, day) = (
            2000 + doc.date / 360,
            1 + doc.date % 360 / 30,
            1 + doc.date % 30,
        );
        let rec = serde_json::json!({
            "id": format!("g{:07}", id_of[d]),
            "outlet": format!("outlet-{}", id_of[d] % 50),
            "date": format!("{y:04}-{m:02}-{day:02}"),
            "title": doc.title,
            "text": text,
        });
        serde_json::to_writer(&mut corpus, &rec)?;
        corpus.write_all(b"\n")?;
        if let Some(b) = doc.base {
            let t = serde_json::json!({
                "base": format!("g{:07}", id_of[b]),
                "copy": format!("g{:07}", id_of[d]),
                "what": doc.what,
                "in_target": doc.in_target,
            });
            serde_json::to_writer(&mut truth, &t)?;
            truth.write_all(b"\n")?;
        }
    }
    corpus.flush()?;
    truth.flush()?;
    eprintln!(
        "wrote {} articles ({} copies, {:.1} MB, {:.0} bytes/article) to {}",
        docs.len(),
        n_copies,
        bytes as f64 / 1e6,
        bytes as f64 / docs.len().max(1) as f64,
        args.out.display()
    );
    Ok(())
}

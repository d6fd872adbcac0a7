//! Arguments (clap derive) and the subcommands that turn them into library calls.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use wirediff::corpus::{self, Corpus, FieldNames};
use wirediff::report::{self, ChangeKind, Format, QuoteStatus, RenderOptions, Report};
use wirediff::{dedup, Config};

use crate::exit::Code;
use crate::output::{prepare, write_to, Prepared};
use crate::records::CopyError;

/// Find the same news story across outlets and show exactly how the wording differs.
#[derive(Debug, Parser)]
#[command(name = "wirediff", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse a corpus: duplicates, stories, aligned passages, wording differences.
    Scan(ScanArgs),
    /// Write the corpus with one article per duplicate cluster, and a map of what was dropped.
    Dedup(DedupArgs),
    /// Align and diff two articles (files, or ids within the corpus given by --in).
    Diff(DiffArgs),
    /// Print each article's sentences and words, as the pipeline sees them.
    Sentences(SentencesArgs),
}

#[derive(Debug, Args)]
struct InputArgs {
    /// Files or folders (.txt/.md: one article each; .jsonl/.ndjson/.json: records); `-` reads
    /// JSON Lines from stdin.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    fields: FieldArgs,
}

#[derive(Debug, Args, Default)]
struct FieldArgs {
    /// JSON field holding the article id [default: id, doc_id, docid]
    #[arg(long, value_name = "NAME", help_heading = "JSON Lines fields")]
    id_field: Option<String>,
    /// JSON field holding the text [default: text, body, content]
    #[arg(long, value_name = "NAME", help_heading = "JSON Lines fields")]
    text_field: Option<String>,
    /// JSON field holding the outlet [default: outlet, source, publisher, site]
    #[arg(long, value_name = "NAME", help_heading = "JSON Lines fields")]
    outlet_field: Option<String>,
    /// JSON field holding the date [default: date, published, published_at, timestamp]
    #[arg(long, value_name = "NAME", help_heading = "JSON Lines fields")]
    date_field: Option<String>,
    /// JSON field holding the title [default: title, headline]
    #[arg(long, value_name = "NAME", help_heading = "JSON Lines fields")]
    title_field: Option<String>,
}

impl FieldArgs {
    fn to_field_names(&self) -> FieldNames {
        let mut names = FieldNames::default();
        let set = |slot: &mut Vec<String>, value: &Option<String>| {
            if let Some(v) = value {
                *slot = vec![v.clone()];
            }
        };
        set(&mut names.id, &self.id_field);
        set(&mut names.text, &self.text_field);
        set(&mut names.outlet, &self.outlet_field);
        set(&mut names.date, &self.date_field);
        set(&mut names.title, &self.title_field);
        names
    }
}

#[derive(Debug, Args)]
struct OutputArgs {
    /// Output format [default: text]
    #[arg(long, short = 'f', value_enum)]
    format: Option<FormatArg>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// When to colour terminal output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// No progress or warnings on stderr (errors are still printed).
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Jsonl,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct ThresholdArgs {
    /// Words per shingle for duplicate detection.
    #[arg(long, default_value_t = dedup::DedupConfig::default().shingle_size, help_heading = "Detection")]
    shingle_size: usize,
    /// Verified similarity (max of Jaccard and containment) for a near-duplicate.
    #[arg(long, default_value_t = dedup::DedupConfig::default().near_threshold, help_heading = "Detection")]
    near_threshold: f64,
    /// Similarity for two articles to be about the same story.
    #[arg(long, default_value_t = dedup::DedupConfig::default().story_threshold, help_heading = "Detection")]
    story_threshold: f64,
}

impl ThresholdArgs {
    fn to_config(&self) -> anyhow::Result<Config> {
        for (name, v) in [
            ("--near-threshold", self.near_threshold),
            ("--story-threshold", self.story_threshold),
        ] {
            if !(0.0..=1.0).contains(&v) {
                anyhow::bail!("{name} must be between 0 and 1, got {v}");
            }
        }
        if self.shingle_size == 0 {
            anyhow::bail!("--shingle-size must be at least 1");
        }
        let mut config = Config::default();
        config.dedup.shingle_size = self.shingle_size;
        config.dedup.near_threshold = self.near_threshold;
        config.dedup.story_threshold = self.story_threshold;
        Ok(config)
    }
}

#[derive(Debug, Args)]
struct ScanArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    /// Exit with code 1 when any of these is found (change kinds, or `contradicting` quotes).
    #[arg(long, value_delimiter = ',', value_name = "KIND,...")]
    fail_on: Vec<GateArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GateArg {
    Negation,
    Number,
    Spelling,
    Substitution,
    Insertion,
    Deletion,
    Joined,
    Case,
    Punctuation,
    Contradicting,
    NameVariant,
}

#[derive(Debug, Args)]
struct DedupArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Where to write the kept articles (JSON Lines).
    #[arg(long, short = 'o', value_name = "FILE", required = true)]
    output: PathBuf,
    /// Where to write, for every dropped article, the kept article that stands for it.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// Which article of a duplicate cluster to keep.
    #[arg(long, value_enum, default_value_t = KeepArg::Earliest)]
    keep: KeepArg,
    #[command(flatten)]
    thresholds: ThresholdArgs,
    /// No summary or warnings on stderr (errors are still printed).
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KeepArg {
    Earliest,
    Longest,
    First,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// First article: a file, or an id in the corpus given by --in.
    a: String,
    /// Second article: a file, or an id in the corpus given by --in.
    b: String,
    /// Corpus to look ids up in.
    #[arg(long = "in", value_name = "INPUT")]
    corpus: Vec<PathBuf>,
    #[command(flatten)]
    fields: FieldArgs,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Args)]
struct SentencesArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Print JSON (one object per article, one per line) instead of text.
    #[arg(long)]
    json: bool,
    /// Write to this file (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    #[arg(long, short = 'q')]
    quiet: bool,
}

pub fn run(cli: Cli) -> anyhow::Result<Code> {
    match cli.command {
        Command::Scan(args) => scan(args),
        Command::Dedup(args) => dedup(args),
        Command::Diff(args) => diff(args),
        Command::Sentences(args) => sentences(args),
    }
}

fn read(input: &InputArgs, quiet: bool) -> anyhow::Result<Corpus> {
    let corpus = corpus::read_inputs(&input.inputs, &input.fields.to_field_names())?;
    report_input_errors(&corpus, quiet);
    Ok(corpus)
}

/// Problems printed per input file; the rest are counted (they are all in the report's
/// `errors`). A binary file fed as JSON Lines would otherwise print a line per line.
const ERRORS_PER_SOURCE: usize = 20;

fn report_input_errors(corpus: &Corpus, quiet: bool) {
    let file_of = |source: &str| {
        source
            .rsplit_once(':')
            .map_or(source, |(f, _)| f)
            .to_string()
    };
    let mut shown: std::collections::BTreeMap<String, usize> = Default::default();
    let mut held_back: std::collections::BTreeMap<String, usize> = Default::default();
    for e in corpus.errors.iter().filter(|e| e.skipped || !quiet) {
        let file = file_of(&e.source);
        let count = shown.entry(file.clone()).or_insert(0);
        if *count == ERRORS_PER_SOURCE {
            *held_back.entry(file).or_insert(0) += 1;
            continue;
        }
        *count += 1;
        // File names and record ids may hold escape sequences: never pass them to a terminal.
        let message = e.to_string();
        let message = wirediff::report::text::terminal_safe(&message);
        match e.skipped {
            true => eprintln!("wirediff: error: {message}"),
            false => eprintln!("wirediff: warning: {message}"),
        }
    }
    for (file, more) in held_back {
        let file = wirediff::report::text::terminal_safe(&file);
        eprintln!("wirediff: {file}: {more} more problems not shown");
    }
}

fn input_code(corpus_skipped: bool) -> Code {
    if corpus_skipped {
        Code::InputSkipped
    } else {
        Code::Ok
    }
}

fn render_options(args: &OutputArgs) -> RenderOptions {
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let force = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0");
            force || (to_terminal && !no_color)
        }
    };
    // The terminal's width when printing to one; COLUMNS overrides (and serves pipes).
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| {
            to_terminal
                .then(|| console::Term::stdout().size_checked())
                .flatten()
                .map(|(_, cols)| usize::from(cols))
        })
        .unwrap_or(100)
        .clamp(40, 200);
    RenderOptions { color, width }
}

fn format_of(args: &OutputArgs) -> Format {
    match args.format {
        Some(FormatArg::Text) => Format::Text,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Html) => Format::Html,
        None => {
            let ext = args.output.as_deref().and_then(Path::extension);
            let ext = ext.map(|e| e.to_string_lossy().to_ascii_lowercase());
            match ext.as_deref() {
                Some("html" | "htm") => Format::Html,
                Some("json") => Format::Json,
                Some("jsonl" | "ndjson") => Format::Jsonl,
                _ => Format::Text,
            }
        }
    }
}

fn emit(report: &Report, args: &OutputArgs) -> anyhow::Result<()> {
    let format = format_of(args);
    let options = render_options(args);
    write_to(args.output.as_deref(), |out| {
        report::render(report, format, &options, out)
    })
}

fn scan(args: ScanArgs) -> anyhow::Result<Code> {
    let config = args.thresholds.to_config()?;
    let corpus = read(&args.input, args.output.quiet)?;
    let skipped = corpus.has_skipped();
    let bar = crate::progress::Bar::new(args.output.quiet);
    let report = wirediff::scan_with_progress(corpus.articles, corpus.errors, &config, &bar);
    bar.finish();
    emit(&report, &args.output)?;
    if gate_tripped(&report, &args.fail_on) {
        return Ok(Code::Findings);
    }
    Ok(input_code(skipped))
}

fn gate_tripped(report: &Report, gates: &[GateArg]) -> bool {
    let kind_of = |g: GateArg| -> Option<ChangeKind> {
        Some(match g {
            GateArg::Negation => ChangeKind::Negation,
            GateArg::Number => ChangeKind::Number,
            GateArg::Spelling => ChangeKind::Spelling,
            GateArg::Substitution => ChangeKind::Substitution,
            GateArg::Insertion => ChangeKind::Insertion,
            GateArg::Deletion => ChangeKind::Deletion,
            GateArg::Joined => ChangeKind::Joined,
            GateArg::Case => ChangeKind::Case,
            GateArg::Punctuation => ChangeKind::Punctuation,
            GateArg::Contradicting | GateArg::NameVariant => return None,
        })
    };
    gates.iter().any(|&g| match g {
        GateArg::Contradicting => report
            .quotes
            .iter()
            .any(|q| q.status == QuoteStatus::Contradicting),
        GateArg::NameVariant => !report.name_variants.is_empty(),
        g => {
            let kind = kind_of(g);
            report.summary.changes.iter().any(|c| Some(c.kind) == kind)
        }
    })
}

/// Kept articles serialised at once by `wirediff dedup` (~50 MB of JSON for 3 KB articles).
const KEPT_BATCH: usize = 16_384;

fn dedup(args: DedupArgs) -> anyhow::Result<Code> {
    let config = args.thresholds.to_config()?;
    if args
        .map
        .as_deref()
        .is_some_and(|m| same_path(m, &args.output))
    {
        anyhow::bail!("--map and -o name the same file: the map would replace the kept articles");
    }
    let corpus = read(&args.input, args.quiet)?;
    let skipped = corpus.has_skipped();
    let bar = crate::progress::Bar::new(args.quiet);
    let result = dedup::find_clusters_with_progress(&corpus.articles, &config.dedup, &bar);
    bar.finish();
    let keep = match args.keep {
        KeepArg::Earliest => dedup::KeepPolicy::Earliest,
        KeepArg::Longest => dedup::KeepPolicy::Longest,
        KeepArg::First => dedup::KeepPolicy::First,
    };
    let plan = dedup::plan(&corpus.articles, &result, keep);
    let articles = &corpus.articles;
    let mut copier = crate::records::RecordCopier::default();
    let mut copy_failed = None;
    // Both outputs are written before either replaces anything: a failure leaves both as
    // they were, never a kept corpus with a map that does not match it.
    let kept = prepare(Some(&args.output), |out| {
        // Records from JSON Lines files are copied as given. The others (text files, JSON
        // arrays, stdin) are serialised, in parallel a batch at a time (memory stays
        // bounded); everything is written in input order.
        for batch in plan.kept.chunks(KEPT_BATCH) {
            let parts: Vec<Result<Vec<u8>, (&Path, usize)>> = batch
                .par_iter()
                .with_min_len(256)
                .map(|&i| match corpus.record_line(&articles[i]) {
                    Some(at) => Ok(Err(at)),
                    None => {
                        let mut buf = serde_json::to_vec(&articles[i])?;
                        buf.push(b'\n');
                        Ok(Ok(buf))
                    }
                })
                .collect::<std::io::Result<_>>()?;
            for part in parts {
                match part {
                    Ok(bytes) => out.write_all(&bytes)?,
                    Err((file, line)) => match copier.copy(file, line, out) {
                        Ok(()) => {}
                        // An error of the output, reported (or, for a closed pipe, ended
                        // quietly) as the output's own.
                        Err(CopyError::Write(e)) => return Err(e),
                        Err(CopyError::Input(e)) => {
                            copy_failed = Some(e);
                            return Err(std::io::Error::other("input changed"));
                        }
                    },
                }
            }
        }
        Ok(())
    })
    .map_err(|e| copy_failed.take().unwrap_or(e))?;
    let map = match &args.map {
        None => None,
        Some(map) => Some(prepare(Some(map), |out| {
            for d in &plan.dropped {
                let (dropped, kept) = (&articles[d.article], &articles[d.kept]);
                // Sources as well as ids: a record renamed for a duplicate id (`a#2`) still
                // says `a` in its own copy.
                let entry = serde_json::json!({
                    "dropped": dropped.id,
                    "kept": kept.id,
                    "score": wirediff::round(d.score),
                    "kind": d.kind,
                    "dropped_source": dropped.source,
                    "kept_source": kept.source,
                });
                serde_json::to_writer(&mut *out, &entry)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })?),
    };
    kept.commit()?;
    map.map(Prepared::commit).transpose()?;
    if !args.quiet {
        eprintln!(
            "wirediff: kept {} of {} articles ({} dropped as duplicates)",
            plan.kept.len(),
            articles.len(),
            plan.dropped.len()
        );
    }
    Ok(input_code(skipped))
}

/// Whether two output paths name one file (see [`crate::output::resolve`]).
fn same_path(a: &Path, b: &Path) -> bool {
    crate::output::resolve(a) == crate::output::resolve(b)
}

fn diff(args: DiffArgs) -> anyhow::Result<Code> {
    let fields = args.fields.to_field_names();
    let corpus = if args.corpus.is_empty() {
        Corpus::default()
    } else {
        let corpus = corpus::read_inputs(&args.corpus, &fields)?;
        report_input_errors(&corpus, args.output.quiet);
        corpus
    };
    let skipped = std::cell::Cell::new(corpus.has_skipped());
    let find = |name: &str| -> anyhow::Result<wirediff::Article> {
        if let Some(a) = corpus.articles.iter().find(|a| a.id == name) {
            return Ok(a.clone());
        }
        let path = Path::new(name);
        let by_id = "to diff articles of a corpus, give it with --in and name two ids";
        if path.is_file() {
            let read = corpus::read_inputs(&[path.to_path_buf()], &fields)?;
            report_input_errors(&read, args.output.quiet);
            skipped.set(skipped.get() || read.has_skipped());
            let n = read.articles.len();
            anyhow::ensure!(n <= 1, "{name} holds {n} articles, not one ({by_id})");
            return read
                .articles
                .into_iter()
                .next()
                .with_context(|| format!("{name}: no article could be read from this file"));
        }
        if path.is_dir() {
            anyhow::bail!("{name} is a folder, not an article ({by_id})");
        }
        if args.corpus.is_empty() {
            anyhow::bail!("{name}: no such file ({by_id})");
        }
        if corpus.articles.is_empty() {
            anyhow::bail!("{name}: no such file, and no article could be read from --in");
        }
        Err(wirediff::Error::UnknownArticle(name.to_string()).into())
    };
    let a = find(&args.a)?;
    let b = find(&args.b)?;
    let report = wirediff::compare(a, b, &Config::default());
    emit(&report, &args.output)?;
    Ok(input_code(skipped.get()))
}

fn sentences(args: SentencesArgs) -> anyhow::Result<Code> {
    let corpus = read(&args.input, args.quiet)?;
    let listings = wirediff::list_sentences(&corpus.articles);
    write_to(args.output.as_deref(), |out| {
        for listing in &listings {
            if args.json {
                serde_json::to_writer(&mut *out, listing)?;
                writeln!(out)?;
                continue;
            }
            // Article text may carry escape sequences: never pass them to a terminal.
            let safe = wirediff::report::text::terminal_safe;
            writeln!(out, "== {} ({})", safe(&listing.id), safe(&listing.source))?;
            for s in &listing.sentences {
                writeln!(
                    out,
                    "{:>4} [{}..{}] p{}  {}",
                    s.index,
                    s.start,
                    s.end,
                    s.paragraph,
                    safe(&s.text.replace('\n', "⏎").replace('\t', " "))
                )?;
            }
        }
        Ok(())
    })?;
    Ok(input_code(corpus.has_skipped()))
}

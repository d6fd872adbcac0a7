//! wirediff finds the same news story across outlets and shows exactly how the wording differs.
//!
//! The library is a pipeline of stages with plain data between them:
//!
//! ```text
//! inputs ─read─▶ Article ─prepare─▶ Doc ─dedup─▶ Cluster ─align─▶ AlignedPair ─diff─▶ Change
//!                                                                  └─ name census, quote groups
//!                                                   all of it ─▶ Report ─▶ text | json | jsonl | html
//! ```
//!
//! - [`corpus`]: reading files, folders and JSON Lines into [`Article`]s.
//! - [`text`]: paragraphs, sentences, words and match keys ([`Doc`]).
//! - [`dedup`]: exact, near-duplicate and same-story clusters.
//! - [`align`]: sentence alignment, passages, collation, quotes.
//! - [`diff`]: classified word changes and name-spelling variants.
//! - [`report`]: the [`Report`] value and its renderers.
//!
//! ```
//! use wirediff::{Article, Config};
//!
//! let report = wirediff::scan(
//!     vec![
//!         Article::from_text("a", "Mr. Bremmer spoke. He left."),
//!         Article::from_text("b", "Mr. Bremer spoke."),
//!     ],
//!     Vec::new(),
//!     &Config::default(),
//! );
//! assert_eq!(report.articles.len(), 2);
//! assert_eq!(report.articles[0].sentences, 2);
//! ```

// The library returns values and never prints; the binary owns stdout and stderr.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod align;
pub mod corpus;
pub mod dedup;
pub mod diff;
pub mod heap;
pub mod report;
pub mod text;

use std::collections::BTreeSet;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

pub use corpus::{Article, InputError};
pub use report::Report;
pub use text::Doc;

/// Errors that stop a run. Problems with single articles are not errors: they are reported in
/// [`Report::errors`] and the run goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("input path does not exist: {0}")]
    MissingInput(PathBuf),
    #[error("no article named {0:?} in the input")]
    UnknownArticle(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Everything the analysis needs to know, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Candidate search and cluster thresholds.
    pub dedup: dedup::DedupConfig,
    /// Sentence alignment settings.
    pub align: align::AlignConfig,
}

/// Prepares every article (in parallel); `docs[i]` belongs to `articles[i]`.
pub fn prepare(articles: &[Article]) -> Vec<Doc> {
    articles.par_iter().map(|a| Doc::prepare(&a.text)).collect()
}

/// Runs the whole analysis and returns the report. `errors` are the reader's problems, carried
/// into the report.
pub fn scan(articles: Vec<Article>, errors: Vec<InputError>, config: &Config) -> Report {
    scan_with_progress(articles, errors, config, &NoProgress)
}

/// Receives the pipeline's progress. The library draws nothing itself; the binary shows a bar.
pub trait Progress: Sync {
    /// A stage starts, with the number of items it will go through.
    fn start(&self, stage: &'static str, total: u64) {
        let _ = (stage, total);
    }
    /// `n` more items of the current stage are done.
    fn advance(&self, n: u64) {
        let _ = n;
    }
}

/// Progress that goes nowhere.
pub struct NoProgress;

impl Progress for NoProgress {}

/// Tags articles that came without a `lang` with the language their text is in, when it is
/// one the change rules know (see [`text::lang`]): the report then shows which rules were used.
fn detect_languages(articles: &mut [Article]) {
    articles
        .par_iter_mut()
        .filter(|a| a.lang.is_none())
        .for_each(|a| a.lang = text::lang::detect(&a.text).map(String::from));
}

/// [`scan`], reporting each stage to `progress`.
pub fn scan_with_progress(
    mut articles: Vec<Article>,
    errors: Vec<InputError>,
    config: &Config,
    progress: &dyn Progress,
) -> Report {
    detect_languages(&mut articles);
    let n = articles.len() as u64;
    progress.start("prepare", n);
    let docs: Vec<Doc> = articles
        .par_iter()
        .map(|a| {
            let doc = Doc::prepare(&a.text);
            progress.advance(1);
            doc
        })
        .collect();
    let dedup = dedup::find_clusters_with_progress(&articles, &config.dedup, progress);
    progress.start("align", dedup.clusters.len() as u64);
    let alignments = align::align_clusters(&articles, &docs, &dedup.clusters, &config.align);
    progress.advance(dedup.clusters.len() as u64);
    progress.start("passages", n);
    let shared = align::shared_passages(&articles, &docs, &dedup.clusters, &config.align);
    progress.advance(n);
    progress.start("names", alignments.len() as u64);
    let name_variants = diff::name_census(&articles, &docs, &dedup.clusters, &alignments);
    let quotes = align::quotes::quote_groups(&articles, &docs, &dedup.clusters, &alignments);
    progress.advance(alignments.len() as u64);
    progress.start("report", alignments.len() as u64);
    let mut report = build_report(
        &articles,
        &docs,
        &dedup.clusters,
        &alignments,
        name_variants,
        quotes,
        &errors,
    );
    report.shared_passages = shared_passage_entries(&articles, &docs, shared);
    report
}

/// Report entries for the passages [`align::shared_passages`] found.
fn shared_passage_entries(
    articles: &[Article],
    docs: &[Doc],
    shared: Vec<align::SharedPassage>,
) -> Vec<report::SharedPassage> {
    shared
        .into_iter()
        .map(|p| report::SharedPassage {
            a: articles[p.a].id.clone(),
            b: articles[p.b].id.clone(),
            a_text: sentences_text(&articles[p.a], &docs[p.a], &p.a_sentences),
            b_text: sentences_text(&articles[p.b], &docs[p.b], &p.b_sentences),
            a_sentences: p.a_sentences,
            b_sentences: p.b_sentences,
            score: round(p.score),
        })
        .collect()
}

fn cluster_ids(clusters: &[dedup::Cluster]) -> Vec<String> {
    let mut counters = [0usize; 3];
    clusters
        .iter()
        .map(|c| {
            let n = &mut counters[c.kind as usize];
            *n += 1;
            format!("{}-{}", c.kind.as_str(), n)
        })
        .collect()
}

fn build_report(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[dedup::Cluster],
    alignments: &[align::AlignedPair],
    name_variants: Vec<report::NameVariant>,
    quotes: Vec<report::QuoteGroup>,
    errors: &[InputError],
) -> Report {
    use report::*;

    let ids = cluster_ids(clusters);
    let parents = align::parent_clusters(clusters);
    let parent_of = |i: usize| parents[i].map(|p| ids[p].clone());
    let cluster_entries: Vec<ClusterEntry> = clusters
        .iter()
        .enumerate()
        .map(|(i, c)| ClusterEntry {
            id: ids[i].clone(),
            kind: c.kind,
            articles: c.members.iter().map(|&m| articles[m].id.clone()).collect(),
            score: round(c.score),
            parent: parent_of(i),
        })
        .collect();

    let alignment_entries: Vec<AlignmentEntry> = alignments
        .par_iter()
        .map(|al| {
            let (a, b) = (&articles[al.a], &articles[al.b]);
            let (da, db) = (&docs[al.a], &docs[al.b]);
            let pairs = al
                .pairs
                .iter()
                .map(|p| PairEntry {
                    a: p.a.clone(),
                    b: p.b.clone(),
                    score: round(p.score),
                    a_text: sentences_text(a, da, &p.a),
                    b_text: sentences_text(b, db, &p.b),
                    changes: diff::diff_sentences((a, da), &p.a, (b, db), &p.b),
                })
                .collect();
            AlignmentEntry {
                a: a.id.clone(),
                b: b.id.clone(),
                cluster: al.cluster.map(|c| ids[c].clone()),
                score: round(al.score),
                a_coverage: round(al.a_coverage),
                b_coverage: round(al.b_coverage),
                likely_source: al.likely_source.map(|s| articles[s].id.clone()),
                pairs,
                passages: al
                    .passages
                    .iter()
                    .map(|p| PassageEntry {
                        a: p.a,
                        b: p.b,
                        pairs: p.pairs,
                    })
                    .collect(),
            }
        })
        .collect();

    let collations: Vec<Collation> = align::collations(docs, clusters, alignments)
        .into_iter()
        .map(|c| Collation {
            cluster: ids[c.cluster].clone(),
            articles: c.members.iter().map(|&m| articles[m].id.clone()).collect(),
            rows: c
                .rows
                .into_iter()
                .map(|cells| CollationRow {
                    cells: cells
                        .into_iter()
                        .zip(&c.members)
                        .map(|(cell, &m)| {
                            cell.map(|sentences| CollationCell {
                                text: sentences_text(&articles[m], &docs[m], &sentences),
                                sentences,
                            })
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();

    let article_entries: Vec<ArticleEntry> = articles
        .iter()
        .zip(docs)
        .map(|(a, d)| ArticleEntry {
            id: a.id.clone(),
            outlet: a.outlet.clone(),
            date: a.date.clone(),
            title: a.title.clone(),
            url: a.url.clone(),
            lang: a.lang.clone(),
            source: a.source.clone(),
            sentences: d.sentences.len(),
            words: d.word_count(),
            bytes: a.text.len(),
        })
        .collect();

    let error_entries: Vec<ErrorEntry> = errors
        .iter()
        .map(|e| ErrorEntry {
            source: e.source.clone(),
            line: e.line,
            message: e.message.clone(),
        })
        .collect();

    let mut change_counts = [0usize; ChangeKind::ALL.len()];
    for al in &alignment_entries {
        for p in &al.pairs {
            for c in &p.changes {
                change_counts[c.kind as usize] += 1;
            }
        }
    }
    let count_kind = |k: ClusterKind| clusters.iter().filter(|c| c.kind == k).count();
    let summary = Summary {
        articles: articles.len(),
        outlets: articles
            .iter()
            .map(|a| &a.outlet)
            .collect::<BTreeSet<_>>()
            .len(),
        exact_clusters: count_kind(ClusterKind::Exact),
        near_duplicate_clusters: count_kind(ClusterKind::NearDuplicate),
        story_clusters: count_kind(ClusterKind::Story),
        aligned_pairs: alignment_entries.len(),
        changes: ChangeKind::ALL
            .iter()
            .zip(change_counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| KindCount { kind: *k, count: n })
            .collect(),
        name_variants: name_variants.len(),
        quotes: quotes.len(),
        contradicting_quotes: quotes
            .iter()
            .filter(|q| q.status == QuoteStatus::Contradicting)
            .count(),
        errors: error_entries.len(),
    };

    Report {
        version: REPORT_VERSION,
        summary,
        articles: article_entries,
        clusters: cluster_entries,
        alignments: alignment_entries,
        shared_passages: Vec::new(),
        collations,
        name_variants,
        quotes,
        errors: error_entries,
    }
}

/// The text of sentences `indices` of an article, joined by a space.
pub fn sentences_text(article: &Article, doc: &Doc, indices: &[usize]) -> String {
    let mut out = String::new();
    for &i in indices {
        if let Some(s) = doc.sentences.get(i) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&article.text[s.range()]);
        }
    }
    out
}

/// Scores in the report are rounded to 4 decimals so that float noise never changes the bytes.
pub fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// One article's sentences, as `wirediff sentences` shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentenceListing {
    pub id: String,
    pub source: String,
    pub sentences: Vec<ListedSentence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedSentence {
    pub index: usize,
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The tokens as the pipeline sees them.
    pub words: Vec<String>,
}

/// Segments every article for `wirediff sentences`.
pub fn list_sentences(articles: &[Article]) -> Vec<SentenceListing> {
    articles
        .par_iter()
        .map(|a| {
            let doc = Doc::prepare(&a.text);
            SentenceListing {
                id: a.id.clone(),
                source: a.source.clone(),
                sentences: doc
                    .sentences
                    .iter()
                    .enumerate()
                    .map(|(i, s)| ListedSentence {
                        index: i,
                        paragraph: s.paragraph as usize,
                        start: s.start as usize,
                        end: s.end as usize,
                        text: a.text[s.range()].to_string(),
                        words: doc.words[s.word_range()]
                            .iter()
                            .filter(|w| w.kind.is_wordlike())
                            .map(|w| a.text[w.range()].to_string())
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Aligns and diffs two articles directly, whatever their similarity (`wirediff diff A B`).
pub fn compare(a: Article, b: Article, config: &Config) -> Report {
    let mut articles = vec![a, b];
    detect_languages(&mut articles);
    let docs = prepare(&articles);
    let aligned = align::align_pair(
        0,
        (&articles[0], &docs[0]),
        1,
        (&articles[1], &docs[1]),
        &config.align,
    );
    let alignments = vec![aligned];
    let name_variants = diff::name_census(&articles, &docs, &[], &alignments);
    let quotes = align::quotes::quote_groups(&articles, &docs, &[], &alignments);
    build_report(
        &articles,
        &docs,
        &[],
        &alignments,
        name_variants,
        quotes,
        &[],
    )
}

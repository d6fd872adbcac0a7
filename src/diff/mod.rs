//! Word differences: an aligned sentence pair in, classified changes out (issue 5); and the
//! name-spelling census over whole clusters.
//!
//! - [`words`]: the token diff and its classification into [`ChangeKind`](crate::report::ChangeKind)s.
//! - [`classify`]: word-pair tests (spelling variant, inflection, number value).
//! - [`negation`]: negation word lists per language.
//! - [`names`]: proper nouns spelled differently across outlets.
//!
//! Severity, as reported: `negation` and `number` are `high` (they change a fact);
//! `spelling` of a capitalised word (a name) and `substitution` are `medium`; a substitution
//! that only inflects a word (`Russia`/`Russian`) is `low`; insertions and deletions are
//! `medium` when they carry a capitalised word or three or more words, `low` otherwise;
//! `joined`, `case`, `punctuation` and lower-case `spelling` are `low`.

pub mod classify;
pub mod names;
pub mod negation;
pub mod words;

use crate::align::AlignedPair;
use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::report::{Change, NameVariant};
use crate::text::Doc;

pub use names::name_census_with;
use negation::Lang;
use words::Tok;

/// The tokens of sentences `indices` of an article, in the order given. Unknown indices and
/// spans outside the text are skipped (no panic on inconsistent input).
pub fn sentence_tokens<'t>(article: &'t Article, doc: &Doc, indices: &[usize]) -> Vec<Tok<'t>> {
    let mut out = Vec::new();
    for &i in indices {
        let Some(s) = doc.sentences.get(i) else {
            continue;
        };
        let Some(words) = doc.words.get(s.word_range()) else {
            continue;
        };
        for w in words {
            if let Some(text) = article.text.get(w.range()) {
                out.push(Tok {
                    text,
                    key: w.key,
                    kind: w.kind,
                    start: w.start as usize,
                    end: w.end as usize,
                });
            }
        }
    }
    out
}

/// Byte span of tokens `r`; an empty range gives the insertion point (end of the token
/// before, or start of the token after, or `fallback`).
pub(crate) fn span_of(
    ts: &[Tok<'_>],
    r: &std::ops::Range<usize>,
    fallback: usize,
) -> (usize, usize) {
    if r.is_empty() {
        let at = if r.start > 0 {
            ts.get(r.start - 1).map(|t| t.end)
        } else {
            ts.get(r.start).map(|t| t.start)
        };
        let at = at.unwrap_or(fallback);
        return (at, at);
    }
    match (ts.get(r.start), ts.get(r.end - 1)) {
        (Some(x), Some(y)) => (x.start, y.end),
        _ => (fallback, fallback),
    }
}

fn lang_of(article: &Article) -> Lang {
    Lang::from_tag(article.lang.as_deref())
}

/// Classified word-level changes between sentences `a_sentences` of `a` and `b_sentences` of `b`.
pub fn diff_sentences(
    a: (&Article, &Doc),
    a_sentences: &[usize],
    b: (&Article, &Doc),
    b_sentences: &[usize],
) -> Vec<Change> {
    let ta = sentence_tokens(a.0, a.1, a_sentences);
    let tb = sentence_tokens(b.0, b.1, b_sentences);
    let fa = first_sentence_start(a.1, a_sentences);
    let fb = first_sentence_start(b.1, b_sentences);
    let units = words::diff_units(&ta, &tb, (lang_of(a.0), lang_of(b.0)), false);
    let mut out: Vec<Change> = units
        .iter()
        .filter_map(|u| {
            let kind = u.kind?;
            let (a_start, a_end) = span_of(&ta, &u.a, fa);
            let (b_start, b_end) = span_of(&tb, &u.b, fb);
            Some(Change {
                kind,
                severity: u.severity,
                a: a.0.text.get(a_start..a_end).unwrap_or("").to_string(),
                b: b.0.text.get(b_start..b_end).unwrap_or("").to_string(),
                a_start,
                a_end,
                b_start,
                b_end,
            })
        })
        .collect();
    out.sort_by(|x, y| {
        (x.a_start, x.a_end, x.b_start, x.b_end, x.kind)
            .cmp(&(y.a_start, y.a_end, y.b_start, y.b_end, y.kind))
    });
    out
}

fn first_sentence_start(doc: &Doc, indices: &[usize]) -> usize {
    indices
        .iter()
        .find_map(|&i| doc.sentences.get(i))
        .map_or(0, |s| s.start as usize)
}

/// Proper nouns spelled differently across articles, per story cluster and corpus-wide.
pub fn name_census(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    alignments: &[AlignedPair],
) -> Vec<NameVariant> {
    name_census_with(articles, docs, clusters, alignments, &[])
}

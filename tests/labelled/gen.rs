//! The labelled evaluation set for classified changes: real sentences in, labelled sentence
//! pairs and per-kind precision/recall out.
//!
//! Built at run time from `../shared/corpora/wmt16-enfi` (CC BY 4.0), so no corpus text is
//! committed. Two parts:
//!
//! - **planted**: real English news sentences (`txt/newstest2016-enfi.en`), each paired with a
//!   copy carrying one planted change of a known kind (or none: an identical copy, or `18` /
//!   `eighteen`), so every kind is labelled exactly;
//! - **real**: the two independent professional Finnish translations of the same English
//!   sentence (`txt/newstest2016-enfi.fi` Missilä, `txt/newstestB2016-enfi.fi` Lingsoft), which
//!   differ by natural rewording. They carry no negation flip and the same numbers, so any
//!   `negation` or `number` reported on them is counted as a false positive (only those two
//!   kinds are scored there). A copy of some of them with a planted number change or a removed
//!   `ei` (Finnish "not") measures recall inside a paraphrase.
//!
//! Deterministic: sentence `i` gets plant kind `i % 14`; sentences where the plant does not
//! apply are skipped.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use wirediff::report::ChangeKind;
use wirediff::text::words::tokenize;
use wirediff::text::TokenKind;
use wirediff::{Article, Doc};

/// One labelled pair.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub lang: &'static str,
    pub a: String,
    pub b: String,
    /// The changes expected, by kind (a multiset).
    pub expected: Vec<ChangeKind>,
    /// The kinds this item is labelled for; predictions of other kinds are not scored.
    pub scored: Vec<ChangeKind>,
}

const AUX: &[&str] = &[
    "is", "was", "are", "were", "will", "would", "can", "could", "should", "has", "have", "had",
    "must", "might",
];
const SYNONYMS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("says", "states"),
    ("big", "large"),
    ("about", "around"),
    ("found", "discovered"),
    ("help", "assist"),
    ("started", "began"),
    ("start", "begin"),
    ("buy", "purchase"),
    ("showed", "demonstrated"),
    ("many", "numerous"),
    ("people", "persons"),
    ("told", "informed"),
    ("new", "fresh"),
    ("get", "obtain"),
    ("before", "prior to"),
    ("after", "following"),
];
const DROPPABLE: &[&str] = &[
    "also", "very", "just", "still", "already", "really", "recently", "now",
];
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect()
}

/// Token spans of `s` (start, end, kind).
fn toks(s: &str) -> Vec<(usize, usize, TokenKind)> {
    tokenize(s)
        .into_iter()
        .map(|t| (t.start, t.end, t.kind))
        .collect()
}

fn replace(s: &str, start: usize, end: usize, with: &str) -> String {
    format!("{}{}{}", &s[..start], with, &s[end..])
}

fn has_negation(s: &str) -> bool {
    toks(s).iter().any(|&(x, y, _)| {
        let w = s[x..y].to_lowercase();
        matches!(
            w.as_str(),
            "not" | "no" | "never" | "nobody" | "nothing" | "none" | "without" | "nor" | "cannot"
        ) || w.ends_with("n't")
            || w.ends_with("n’t")
    })
}

fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
        && s.chars().skip(1).all(|c| c.is_ascii_lowercase())
}

/// Plants change `k` (0..14) into `s`: the new text and the expected kinds.
fn plant(s: &str, k: usize) -> Option<(String, Vec<ChangeKind>)> {
    use ChangeKind::*;
    let t = toks(s);
    let word = |i: usize| &s[t[i].0..t[i].1];
    // Positions after the first word (so sentence-initial capitals are not touched).
    let inner = 1..t.len();
    match k {
        0 => {
            // Negation by insertion after an auxiliary.
            if has_negation(s) {
                return None;
            }
            let i = inner
                .clone()
                .find(|&i| AUX.contains(&word(i)) && i + 1 < t.len())?;
            Some((replace(s, t[i].1, t[i].1, " not"), vec![Negation]))
        }
        1 => {
            // Negation by deletion of `not`.
            let i = inner.clone().find(|&i| word(i) == "not")?;
            let start = if s[..t[i].0].ends_with(' ') {
                t[i].0 - 1
            } else {
                t[i].0
            };
            Some((replace(s, start, t[i].1, ""), vec![Negation]))
        }
        2 => {
            // A number changed: last digit of the first number.
            let i = inner.clone().find(|&i| t[i].2 == TokenKind::Number)?;
            let w = word(i);
            let last = w.char_indices().rev().find(|(_, c)| c.is_ascii_digit())?;
            let d = last.1.to_digit(10)?;
            let nd = if d == 9 { 8 } else { d + 1 };
            let pos = t[i].0 + last.0;
            Some((replace(s, pos, pos + 1, &nd.to_string()), vec![Number]))
        }
        3 => {
            // The same number in words: no change.
            let i = inner.clone().find(|&i| {
                t[i].2 == TokenKind::Number
                    && word(i).parse::<usize>().is_ok_and(|n| (2..20).contains(&n))
                    && !s[t[i].1..].starts_with(['.', ',', ':', '%'])
            })?;
            let n: usize = word(i).parse().ok()?;
            Some((replace(s, t[i].0, t[i].1, NUMBER_WORDS[n]), vec![]))
        }
        4 => {
            // A name respelled: a double letter undoubled, or a middle letter doubled.
            let i = inner
                .clone()
                .find(|&i| is_name(word(i)) && word(i).len() >= 6)?;
            let w = word(i);
            let b = w.as_bytes();
            let new = if let Some(p) = (1..b.len()).find(|&p| b[p] == b[p - 1]) {
                format!("{}{}", &w[..p], &w[p + 1..])
            } else {
                let p = (2..b.len() - 1).find(|&p| !b"aeiouy".contains(&b[p]))?;
                format!("{}{}", &w[..p + 1], &w[p..])
            };
            Some((replace(s, t[i].0, t[i].1, &new), vec![Spelling]))
        }
        5 => {
            // A lost space after a word (the scraper case).
            let i = inner.clone().find(|&i| {
                i + 1 < t.len()
                    && t[i].2 == TokenKind::Word
                    && t[i + 1].2 == TokenKind::Word
                    && &s[t[i].1..t[i + 1].0] == " "
                    && word(i).len() >= 3
                    && word(i + 1).len() >= 3
            })?;
            Some((replace(s, t[i].1, t[i + 1].0, ""), vec![Joined]))
        }
        6 => {
            // Case only.
            let i = inner.clone().find(|&i| {
                t[i].2 == TokenKind::Word
                    && word(i).len() >= 4
                    && word(i).chars().all(|c| c.is_ascii_lowercase())
            })?;
            let w = word(i);
            let up = format!("{}{}", w[..1].to_uppercase(), &w[1..]);
            Some((replace(s, t[i].0, t[i].1, &up), vec![Case]))
        }
        7 => {
            // Punctuation: a comma dropped.
            let i = inner.clone().find(|&i| word(i) == "," && i + 1 < t.len())?;
            Some((replace(s, t[i].0, t[i].1, ""), vec![Punctuation]))
        }
        8 => {
            // Punctuation: one typographic apostrophe or quote mark.
            let (i, c) = s.char_indices().find(|(_, c)| matches!(c, '\'' | '"'))?;
            let to = if c == '\'' { "’" } else { "”" };
            Some((replace(s, i, i + 1, to), vec![Punctuation]))
        }
        9 => {
            // A synonym.
            let (i, to) = inner.clone().find_map(|i| {
                SYNONYMS
                    .iter()
                    .find(|(f, _)| *f == word(i))
                    .map(|(_, to)| (i, *to))
            })?;
            Some((replace(s, t[i].0, t[i].1, to), vec![Substitution]))
        }
        10 => {
            // An inflection (a possessive or plural): a substitution, never a spelling.
            let i = inner
                .clone()
                .find(|&i| is_name(word(i)) && word(i).len() >= 4 && !word(i).ends_with('s'))?;
            Some((replace(s, t[i].1, t[i].1, "'s"), vec![Substitution]))
        }
        11 => {
            // An inserted word.
            let i = inner.clone().find(|&i| AUX.contains(&word(i)))?;
            Some((replace(s, t[i].1, t[i].1, " reportedly"), vec![Insertion]))
        }
        12 => {
            // A deleted word.
            let i = inner.clone().find(|&i| DROPPABLE.contains(&word(i)))?;
            let start = if s[..t[i].0].ends_with(' ') {
                t[i].0 - 1
            } else {
                t[i].0
            };
            Some((replace(s, start, t[i].1, ""), vec![Deletion]))
        }
        _ => Some((s.to_string(), vec![])),
    }
}

/// The planted English items.
pub fn planted(shared: &Path) -> Vec<Item> {
    let lines = read_lines(&shared.join("corpora/wmt16-enfi/txt/newstest2016-enfi.en"));
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.split_whitespace().count() < 5 {
            continue;
        }
        let k = i % 14;
        if let Some((b, expected)) = plant(line, k) {
            out.push(Item {
                id: format!("en-{}-k{}", i + 1, k),
                lang: "en",
                a: line.clone(),
                b,
                expected,
                scored: ChangeKind::ALL.to_vec(),
            });
        }
    }
    out
}

/// The byte region where `a` and `b` differ: (start, end in `a`, end in `b`).
fn changed_region(a: &str, b: &str) -> (usize, usize, usize) {
    let p = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let mut sa = a.len();
    let mut sb = b.len();
    while sa > p && sb > p && a[..sa].chars().last() == b[..sb].chars().last() {
        let c = a[..sa].chars().last().map_or(1, char::len_utf8);
        sa -= c;
        sb -= c;
    }
    (p, sa, sb)
}

/// Two plants of different kinds in one sentence, at least two words apart, so that the
/// classification of one change is tested next to another.
pub fn planted_double(shared: &Path) -> Vec<Item> {
    let lines = read_lines(&shared.join("corpora/wmt16-enfi/txt/newstest2016-enfi.en"));
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.split_whitespace().count() < 8 {
            continue;
        }
        let k1 = i % 13;
        let k2 = (i / 13 + k1 + 1) % 13;
        if k1 == k2 {
            continue;
        }
        let Some((s1, mut e1)) = plant(line, k1) else {
            continue;
        };
        let Some((s2, e2)) = plant(&s1, k2) else {
            continue;
        };
        // Where the first plant sits in s1, and the second in s1.
        let (p1, _, q1) = changed_region(line, &s1);
        let (p2, q2, _) = changed_region(&s1, &s2);
        let (lo, hi) = if q1 <= p2 {
            (q1, p2)
        } else if q2 <= p1 {
            (q2, p1)
        } else {
            continue;
        };
        if s1[lo..hi].split_whitespace().count() < 3 {
            continue;
        }
        e1.extend(e2);
        out.push(Item {
            id: format!("en2-{}-k{}-k{}", i + 1, k1, k2),
            lang: "en",
            a: line.clone(),
            b: s2,
            expected: e1,
            scored: ChangeKind::ALL.to_vec(),
        });
    }
    out
}

fn digits(s: &str) -> Vec<String> {
    let mut v: Vec<String> = toks(s)
        .iter()
        .filter(|t| t.2 == TokenKind::Number)
        .map(|t| s[t.0..t.1].replace(',', ""))
        .collect();
    v.sort();
    v
}

/// Real Finnish pairs (two translations), and copies with a planted number or negation change.
pub fn real(shared: &Path) -> Vec<Item> {
    let dir = shared.join("corpora/wmt16-enfi/txt");
    let a = read_lines(&dir.join("newstest2016-enfi.fi"));
    let b = read_lines(&dir.join("newstestB2016-enfi.fi"));
    let mut out = Vec::new();
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if x == y || x.split_whitespace().count() < 4 {
            continue;
        }
        let scored = vec![ChangeKind::Negation, ChangeKind::Number];
        // Translations may differ in how they write numbers; label only pairs that agree.
        if digits(x) != digits(y) {
            continue;
        }
        out.push(Item {
            id: format!("fi-{}", i + 1),
            lang: "fi",
            a: x.clone(),
            b: y.clone(),
            expected: vec![],
            scored: scored.clone(),
        });
        // Planted into the paraphrase: a changed number, or `ei` removed from one side.
        if let Some((y2, exp)) = plant(y, 2) {
            out.push(Item {
                id: format!("fi-{}-number", i + 1),
                lang: "fi",
                a: x.clone(),
                b: y2,
                expected: exp,
                scored: scored.clone(),
            });
        }
        let t = toks(y);
        let count = |s: &str, w: &str| toks(s).iter().filter(|t| &s[t.0..t.1] == w).count();
        if count(x, "ei") == 1 && count(y, "ei") == 1 {
            if let Some(&(s0, e0, _)) = t.iter().find(|t| &y[t.0..t.1] == "ei") {
                let start = if y[..s0].ends_with(' ') { s0 - 1 } else { s0 };
                out.push(Item {
                    id: format!("fi-{}-negation", i + 1),
                    lang: "fi",
                    a: x.clone(),
                    b: replace(y, start, e0, ""),
                    expected: vec![ChangeKind::Negation],
                    scored,
                });
            }
        }
    }
    out
}

/// True positives, false positives and false negatives per kind.
#[derive(Debug, Default, Clone, Copy)]
pub struct Count {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Count {
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn article(id: &str, lang: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        outlet: id.into(),
        date: None,
        title: None,
        url: None,
        lang: Some(lang.into()),
        source: id.into(),
        text: text.into(),
    }
}

/// The predicted kinds of one item.
pub fn predict(item: &Item) -> Vec<ChangeKind> {
    let (a, b) = (
        article("a", item.lang, &item.a),
        article("b", item.lang, &item.b),
    );
    let (da, db) = (Doc::prepare(&a.text), Doc::prepare(&b.text));
    let sa: Vec<usize> = (0..da.sentences.len()).collect();
    let sb: Vec<usize> = (0..db.sentences.len()).collect();
    wirediff::diff::diff_sentences((&a, &da), &sa, (&b, &db), &sb)
        .into_iter()
        .map(|c| c.kind)
        .collect()
}

/// Scores `items`; also returns the ids of items with any error (for inspection).
pub fn evaluate(items: &[Item]) -> (BTreeMap<ChangeKind, Count>, Vec<String>) {
    let mut counts: BTreeMap<ChangeKind, Count> = BTreeMap::new();
    let mut wrong = Vec::new();
    for item in items {
        let pred = predict(item);
        let mut bad = false;
        for &kind in &item.scored {
            let p = pred.iter().filter(|&&k| k == kind).count();
            let e = item.expected.iter().filter(|&&k| k == kind).count();
            let c = counts.entry(kind).or_default();
            let tp = p.min(e);
            c.tp += tp;
            c.fp += p - tp;
            c.fn_ += e - tp;
            bad |= p != e;
        }
        if bad {
            wrong.push(format!(
                "{}: expected {:?}, got {:?}\n    a: {}\n    b: {}",
                item.id, item.expected, pred, item.a, item.b
            ));
        }
    }
    (counts, wrong)
}

//! Quotations: prepared articles in, quotes with speakers and cross-outlet groups out (issue 5).
//!
//! Extraction reads each paragraph once and tracks one open quotation at a time, for the
//! marks outlets use: straight `"…"`, curly `“…”`, low `„…“`, angle `«…»`, and single `‘…’`
//! when the `‘` opens a word after a space (a `’` is far more often an apostrophe). Marks
//! nested inside an open quotation are part of its text. A paragraph that ends inside a
//! quotation either continues it (the next paragraph opens with a quote mark, the press
//! convention for long quotes) or lost its closing mark; both end the quote at the paragraph
//! end. A closing mark with no opening one (`space, ”Musk wrote`, where the opener was
//! dropped) starts the quote at the paragraph start.
//!
//! The speaker is read around the quote: a speech verb (`said`, `wrote`, `tweeted`, `told`,
//! `according to`...) right after the closing mark with a name before or after it
//! (`," Brennecke said`, `," said Brennecke`, `», has declared Mrs. Valtonen-Marsh`), or
//! before the opening mark (`Marta Lindqvist, a nurse, said: "…`). `he`/`she` and an
//! unattributed quote following another in the same paragraph take the last named speaker.
//!
//! Grouping is the hard case: one outlet quotes a sentence, another the whole statement,
//! a third a translation. Two quotes of articles in one story cluster (or one aligned pair)
//! are the same quote when the content words of the shorter are mostly (60%, at least three)
//! contained in the longer, or when their sentences are aligned and half of the shorter's
//! content words are shared (a translation keeps the nouns). Pair status is read from the
//! word diff with the parts only one version quotes trimmed off: `verbatim` (same match keys),
//! `variant` (spelling, case, punctuation, joined words, an editor's `(true)`), `reworded`,
//! `contradicting` (a negation or a number differs).
//!
//! A matched set is then split so that one outlet's translation does not hide four verbatim
//! copies: versions verbatim or variant to each other form one group; versions reworded
//! against all of them form a second group together with the first version of the core they
//! matched (that version then appears in both). Groups are numbered `q1`, `q2`... by their
//! first version's article (corpus order) and offset.
//!
//! Nothing is done per pair of articles: a story cluster of 8,000 copies of one article was
//! 32 million pairs (5.4 s, 1.9 GB) although the article had no quote. Quotes of a story with
//! the same stem set are grouped by hashing; distinct sets are compared only when they share
//! one of the rarest stems of the shorter set; word diffs run between distinct wordings only,
//! at most 127 per wording (a component with more than 128 wordings is reported unsplit).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::align::AlignedPair;
use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::diff::classify::{fold, starts_upper};
use crate::diff::names::{find, scopes, union};
use crate::diff::negation::Lang;
use crate::diff::words::{diff_units, Tok};
use crate::report::{ChangeKind, QuoteGroup, QuoteStatus, QuoteVersion};
use crate::text::normalize::{match_hash, match_key};
use crate::text::words::tokenize;
use crate::text::{Doc, TokenKind};

/// One quotation found in an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Byte offsets of the quoted text without the marks.
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Straight,
    Curly,
    Low,
    Angle,
    Single,
}

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "wrote",
    "writes",
    "writing",
    "tweeted",
    "tweets",
    "told",
    "tells",
    "added",
    "adds",
    "continued",
    "stated",
    "stating",
    "declared",
    "explained",
    "noted",
    "insisted",
    "replied",
    "answered",
    "asked",
    "warned",
    "claimed",
    "stressed",
    "underlined",
    "specified",
    "indicated",
    "according",
    "posted",
    "commented",
    "remarked",
    "confirmed",
    "recalled",
    "argued",
    "announced",
    "admitted",
];
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sir", "Dame", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.",
];
const PRONOUNS: &[&str] = &["he", "she", "they"];
/// Capitalised words that start sentences but are not names.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "But", "And", "In", "On", "At", "He", "She", "It", "They", "We", "I",
    "This", "That", "When", "However", "Speaking", "Earlier", "Later", "Asked", "According",
    "After", "Before", "As", "If", "Then", "Meanwhile", "While", "So", "Also", "His", "Her",
    "Their", "Its", "Our", "There", "Since", "Yet", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December",
];
/// Words before a name that make it an object, not the speaker (`published by Vice`).
const PREPOSITIONS: &[&str] = &[
    "by", "at", "of", "in", "from", "for", "with", "to", "on", "about", "against", "via",
];

fn is_open_context(p: Option<char>) -> bool {
    p.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':'))
}

/// Finds the quotations of an article, in text order.
pub fn extract(article: &Article, doc: &Doc) -> Vec<Quote> {
    let text = article.text.as_str();
    let mut quotes: Vec<Quote> = Vec::new();
    for (pi, para) in doc.paragraphs.iter().enumerate() {
        let Some(ptext) = text.get(para.start..para.end) else {
            continue;
        };
        let mut open: Option<(Mark, usize)> = None;
        // Quotes of another family opened inside the open one (`"He called it “madness”"`).
        let mut nested = 0u32;
        let mut found_in_para = 0usize;
        let chars: Vec<(usize, char)> = ptext.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (off, c) = chars[k];
            let i = para.start + off;
            let after = i + c.len_utf8();
            let p = (k > 0).then(|| chars[k - 1].1);
            let n = chars.get(k + 1).map(|x| x.1);
            let space_after = n.is_none_or(|x| x.is_whitespace() || ",.;:!?)".contains(x));
            k += 1;
            match open {
                None => {
                    let opener = match c {
                        '"' if !(p.is_some_and(|x| !x.is_whitespace()) && space_after) => {
                            Some(Mark::Straight)
                        }
                        '“' => Some(Mark::Curly),
                        '„' => Some(Mark::Low),
                        '«' => Some(Mark::Angle),
                        '‘' if is_open_context(p) && n.is_some_and(char::is_alphanumeric) => {
                            Some(Mark::Single)
                        }
                        '”' if is_open_context(p)
                            && n.is_some_and(char::is_alphanumeric)
                            && ptext[off + c.len_utf8()..].contains('”') =>
                        {
                            // A reversed curly mark used as an opener (another one closes).
                            Some(Mark::Curly)
                        }
                        _ => None,
                    };
                    if let Some(m) = opener {
                        open = Some((m, after));
                        continue;
                    }
                    // A closing mark with nothing open: the opener was lost. Only at the
                    // first mark of a paragraph can we tell where the quote began.
                    let orphan = matches!(c, '”' | '»')
                        || (c == '"' && p.is_some_and(|x| !x.is_whitespace()) && space_after);
                    if orphan && found_in_para == 0 {
                        push_quote(&mut quotes, text, para.start, i, pi);
                        found_in_para += 1;
                    }
                }
                Some((m, start)) => {
                    let other_closer = matches!(c, '”' | '»' | '"' | '“') && !is_open_context(p);
                    if nested > 0 && other_closer {
                        nested -= 1;
                        continue;
                    }
                    let closes = match (m, c) {
                        (Mark::Straight, '"') => true,
                        (Mark::Straight, '”') => true,
                        (Mark::Curly, '”') => true,
                        (Mark::Curly, '"') => space_after,
                        (Mark::Low, '“' | '”') => true,
                        (Mark::Angle, '»') => true,
                        (Mark::Single, '’') => {
                            p.is_some_and(|x| !x.is_whitespace())
                                && n.is_none_or(|x| !x.is_alphanumeric())
                        }
                        _ => false,
                    };
                    if closes {
                        if push_quote(&mut quotes, text, start, i, pi) {
                            found_in_para += 1;
                        }
                        open = None;
                    } else if m != Mark::Single
                        && matches!(c, '“' | '«' | '„' | '"')
                        && is_open_context(p)
                        && n.is_some_and(char::is_alphanumeric)
                    {
                        nested += 1;
                    }
                }
            }
        }
        if let Some((m, start)) = open {
            // Runs to the paragraph end: a continued quote or a lost closing mark.
            if m != Mark::Single {
                push_quote(&mut quotes, text, start, para.end, pi);
            }
        }
    }
    attribute(text, doc, &mut quotes);
    quotes
}

/// Adds the quote `text[start..end]` (trimmed) when it holds at least three words.
fn push_quote(
    quotes: &mut Vec<Quote>,
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
) -> bool {
    let Some(slice) = text.get(start..end) else {
        return false;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    let words = tokenize(trimmed)
        .iter()
        .filter(|t| t.kind.is_wordlike())
        .count();
    if words < 3 {
        return false;
    }
    let s = start + lead;
    quotes.push(Quote {
        start: s,
        end: s + trimmed.len(),
        paragraph,
        speaker: None,
    });
    true
}

/// A capitalised run of words (a name) among `toks`, titles skipped.
fn name_run(text: &str, toks: &[crate::text::Token], from: usize, forward: bool) -> Option<String> {
    let word = |t: &crate::text::Token| &text[t.start..t.end];
    let is_cap = |t: &crate::text::Token| {
        t.kind == TokenKind::Word && starts_upper(word(t)) && !TITLES.contains(&word(t))
    };
    let mut idx: Vec<usize> = Vec::new();
    if forward {
        let mut k = from;
        // Skip titles and their dots.
        while k < toks.len() && (TITLES.contains(&word(&toks[k])) || word(&toks[k]) == ".") {
            k += 1;
        }
        while k < toks.len() && is_cap(&toks[k]) {
            idx.push(k);
            k += 1;
        }
    } else {
        let mut k = from;
        while k > 0 && is_cap(&toks[k - 1]) {
            idx.push(k - 1);
            k -= 1;
        }
        idx.reverse();
    }
    let names: Vec<&str> = idx
        .iter()
        .map(|&k| word(&toks[k]))
        .filter(|w| !NOT_NAMES.contains(w))
        .collect();
    (!names.is_empty()).then(|| {
        names
            .iter()
            .map(|w| crate::diff::names::base_form(w))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

enum Who {
    Name(String),
    Pronoun,
}

fn is_verb(text: &str, t: &crate::text::Token) -> bool {
    SPEECH_VERBS.contains(&match_key(&text[t.start..t.end]).as_str())
}

/// The speaker named in the text right after a quote.
fn speaker_after(text: &str, from: usize, limit: usize) -> Option<Who> {
    let window = text.get(from..limit)?;
    let toks = tokenize(window);
    // Stop at the sentence's end or the next quote.
    let stop = (0..toks.len())
        .find(|&k| {
            let w = &window[toks[k].start..toks[k].end];
            // `Mrs.` and `J.` do not end the sentence.
            let abbrev = w == "." && k > 0 && {
                let p = &window[toks[k - 1].start..toks[k - 1].end];
                TITLES.contains(&p) || (p.chars().count() == 1 && starts_upper(p))
            };
            matches!(w, "." | "!" | "?" | "\"" | "“" | "«" | "„") && toks[k].start > 0 && !abbrev
        })
        .unwrap_or(toks.len());
    let toks = &toks[..stop];
    let v = toks.iter().take(8).position(|t| is_verb(window, t))?;
    let before = v
        .checked_sub(1)
        .map(|k| &window[toks[k].start..toks[k].end]);
    if before.is_some_and(|w| PRONOUNS.contains(&w.to_lowercase().as_str())) {
        return Some(Who::Pronoun);
    }
    if let Some(n) = name_run(window, toks, v, false) {
        return Some(Who::Name(n));
    }
    let mut k = v + 1;
    if toks.get(k).is_some_and(|t| &window[t.start..t.end] == "to") {
        k += 1;
    }
    if toks
        .get(k)
        .is_some_and(|t| PRONOUNS.contains(&window[t.start..t.end].to_lowercase().as_str()))
    {
        return Some(Who::Pronoun);
    }
    name_run(window, toks, k, true).map(Who::Name)
}

/// The speaker named in the clause right before a quote (`X, a nurse, said: "…`).
fn speaker_before(text: &str, from: usize, to: usize) -> Option<Who> {
    let window = text.get(from..to)?;
    let toks = tokenize(window);
    let n = toks.len();
    // The verb must be at the end: `said:`, `said that`, `tweeted: `.
    let tail = n.saturating_sub(4);
    let v = (tail..n).rev().find(|&k| is_verb(window, &toks[k]))?;
    if v > 0 {
        let w = &window[toks[v - 1].start..toks[v - 1].end];
        if PRONOUNS.contains(&w.to_lowercase().as_str()) {
            return Some(Who::Pronoun);
        }
    }
    // The subject: the name nearest before the verb that is not the object of a
    // preposition (`Marta Lindqvist, a nurse at Berghaven General Hospital, said:`; `Already
    // after tweeting, Musk had said that`).
    let mut k = v;
    while k > 0 {
        k -= 1;
        let w = &window[toks[k].start..toks[k].end];
        let run_start = k == 0 || {
            let p = &window[toks[k - 1].start..toks[k - 1].end];
            !(p.chars().next().is_some_and(char::is_uppercase)
                && toks[k - 1].kind == TokenKind::Word)
        };
        if toks[k].kind == TokenKind::Word && starts_upper(w) && run_start {
            let object = k > 0
                && PREPOSITIONS.contains(
                    &window[toks[k - 1].start..toks[k - 1].end]
                        .to_lowercase()
                        .as_str(),
                );
            if !object && !NOT_NAMES.contains(&w) {
                if let Some(n) = name_run(window, &toks, k, true) {
                    return Some(Who::Name(n));
                }
            }
        }
    }
    None
}

/// Fills in speakers (see the module doc).
fn attribute(text: &str, doc: &Doc, quotes: &mut [Quote]) {
    // The last named speaker: name, paragraph, end of the quote.
    let mut last: Option<(String, usize, usize)> = None;
    for qi in 0..quotes.len() {
        let q = quotes[qi].clone();
        let para = doc.paragraphs.get(q.paragraph);
        let para_end = para.map_or(text.len(), |p| p.end);
        let para_start = para.map_or(0, |p| p.start);
        // After the closing mark, up to the next quote in the paragraph or 160 bytes.
        let next_start = quotes
            .get(qi + 1)
            .filter(|n| n.paragraph == q.paragraph)
            .map_or(para_end, |n| n.start);
        let limit = floor_char(text, next_start.min(q.end + 160).min(para_end));
        let after_from = skip_mark(text, q.end);
        let prev_end = qi
            .checked_sub(1)
            .and_then(|k| quotes.get(k))
            .filter(|p| p.paragraph == q.paragraph)
            .map_or(para_start, |p| skip_mark(text, p.end));
        let before_to = q.start.saturating_sub(1);
        let sent_start = doc
            .sentences
            .iter()
            .rfind(|s| (s.start as usize) <= before_to && (s.start as usize) >= para_start)
            .map_or(para_start, |s| s.start as usize)
            .max(prev_end);
        let before_to = floor_char(text, before_to.max(sent_start));
        // A name on either side beats a pronoun on the other (`X wrote: "…," he said`).
        let who = match (
            speaker_after(text, after_from.min(limit), limit),
            speaker_before(text, sent_start, before_to),
        ) {
            (Some(Who::Name(n)), _) | (_, Some(Who::Name(n))) => Some(Who::Name(n)),
            (Some(Who::Pronoun), _) | (_, Some(Who::Pronoun)) => Some(Who::Pronoun),
            (None, None) => None,
        };
        // `he` is the last speaker only when nobody else was introduced since
        // (`Dr. J. R. Okafor, an engineer, ... « … », has he underlined`).
        let safe = |max_paras: usize| {
            last.as_ref()
                .filter(|(n, p, end)| {
                    q.paragraph <= p + max_paras
                        && !introduces_person(text.get(*end..q.start).unwrap_or(""), n)
                })
                .map(|(n, _, _)| n.clone())
        };
        let speaker = match who {
            Some(Who::Name(n)) => Some(n),
            Some(Who::Pronoun) => safe(2),
            // Unattributed: the speaker of the quote just before, in this or the last paragraph.
            None => safe(1),
        };
        if let Some(s) = &speaker {
            last = Some((s.clone(), q.paragraph, q.end));
        }
        quotes[qi].speaker = speaker;
    }
}

/// Whether `between` names a new person: a title (`Dr.`, `Mrs`) before a name,
/// or a two-word capitalised name other than `speaker`'s (`diplomat Andriy Melnyk`).
fn introduces_person(between: &str, speaker: &str) -> bool {
    let toks = tokenize(between);
    let word = |k: usize| toks.get(k).map_or("", |t| &between[t.start..t.end]);
    let cap = |k: usize| {
        toks.get(k).is_some_and(|t| t.kind == TokenKind::Word)
            && starts_upper(word(k))
            && !NOT_NAMES.contains(&word(k))
    };
    (0..toks.len()).any(|k| {
        let titled = TITLES.contains(&word(k)) && (starts_upper(word(k + 1)) || word(k + 1) == ".");
        let pair =
            cap(k) && cap(k + 1) && !speaker.split(' ').any(|p| p == word(k) || p == word(k + 1));
        titled || pair
    })
}

fn floor_char(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The offset after a closing mark at `i` (and the space or comma around it).
fn skip_mark(text: &str, i: usize) -> usize {
    let mut j = i;
    for c in text.get(i..).unwrap_or("").chars() {
        if matches!(c, '"' | '”' | '»' | '“' | '’' | ' ') {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    j
}

/// Words that carry no content in a quote comparison.
const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "is", "it", "that", "this",
    "was", "we", "i", "be", "as", "by", "with", "are", "have", "has", "had", "what", "which",
    "who", "there", "from", "but", "so", "very", "me", "my", "our", "you", "he", "she", "they",
    "them", "his", "her", "their", "its", "were", "been", "will", "would",
];

/// Crude stems for content overlap: folded, common endings off, five letters at most.
fn stems(s: &str) -> BTreeSet<String> {
    tokenize(s)
        .iter()
        .filter(|t| t.kind.is_wordlike())
        .map(|t| fold(&s[t.start..t.end]))
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| {
            let w = ["ing", "ed", "es", "s", "ly"]
                .iter()
                .find_map(|e| w.strip_suffix(e).filter(|r| r.chars().count() >= 3))
                .map_or(w.clone(), str::to_string);
            w.chars().take(5).collect()
        })
        .collect()
}

/// Whether two quotes' content stems say they are one quote: most of the shorter one's
/// content words (at least three) are in the longer one. Quotes of one or two content words
/// (`"prepared to negotiate"`) match only their exact equal: two shared words such as
/// `Ukraine` and `peace` are common to half a story's quotes.
///
/// `a` and `b` are interned stems, sorted.
fn same_quote(a: &[usize], b: &[usize]) -> bool {
    let min = a.len().min(b.len());
    if min < 3 {
        return min > 0 && a == b;
    }
    let shared = super::sorted_overlap(a, b);
    shared >= 3 && shared >= min_shared(min)
}

/// How many stems a quote of `len >= 3` stems must share with a longer one to match
/// ([`same_quote`]): 60% of them, rounded up, and at least three.
fn min_shared(len: usize) -> usize {
    ((len * 6).div_ceil(10)).max(3)
}

struct Found<'a> {
    article: usize,
    quote: Quote,
    text: &'a str,
    /// Index into the interned stem sets: equal sets, equal index.
    set: usize,
    sentences: Vec<usize>,
}

fn quote_tokens(text: &str, offset: usize) -> Vec<Tok<'_>> {
    let mut scratch = String::new();
    let mut toks: Vec<Tok<'_>> = tokenize(text)
        .into_iter()
        .map(|t| Tok {
            text: &text[t.start..t.end],
            key: match_hash(&text[t.start..t.end], &mut scratch),
            kind: t.kind,
            start: offset + t.start,
            end: offset + t.end,
        })
        .collect();
    // Edge punctuation (`at,` inside the marks, `.` outside) is house style, not wording.
    while toks.last().is_some_and(|t| !t.kind.is_wordlike()) {
        toks.pop();
    }
    let lead = toks.iter().take_while(|t| !t.kind.is_wordlike()).count();
    toks.drain(..lead);
    toks
}

fn bracketed(ts: &[Tok<'_>]) -> bool {
    matches!(
        (ts.first().map(|t| t.text), ts.last().map(|t| t.text)),
        (Some("(" | "["), Some(")" | "]"))
    )
}

/// How two versions of a quote differ, read from the word diff.
pub fn pair_status(a: &str, b: &str, langs: (Lang, Lang)) -> QuoteStatus {
    let (ta, tb) = (quote_tokens(a, 0), quote_tokens(b, 0));
    let units = diff_units(&ta, &tb, langs, true);
    let mut status = QuoteStatus::Verbatim;
    for u in &units {
        let Some(kind) = u.kind else { continue };
        let s = match kind {
            ChangeKind::Negation | ChangeKind::Number => QuoteStatus::Contradicting,
            ChangeKind::Insertion | ChangeKind::Deletion
                if bracketed(if u.a.is_empty() {
                    &tb[u.b.clone()]
                } else {
                    &ta[u.a.clone()]
                }) =>
            {
                // An editor's bracketed insertion (`it is not (true)`) is not rewording.
                QuoteStatus::Variant
            }
            ChangeKind::Substitution | ChangeKind::Insertion | ChangeKind::Deletion => {
                QuoteStatus::Reworded
            }
            ChangeKind::Punctuation => {
                // Typography only (same match keys) is normalised away.
                let same = u.a.len() == u.b.len()
                    && ta[u.a.clone()]
                        .iter()
                        .zip(&tb[u.b.clone()])
                        .all(|(x, y)| x.key == y.key);
                if same {
                    QuoteStatus::Verbatim
                } else {
                    QuoteStatus::Variant
                }
            }
            ChangeKind::Spelling | ChangeKind::Case | ChangeKind::Joined => QuoteStatus::Variant,
        };
        status = status.max(s);
    }
    status
}

/// Components with more distinct wordings than this are not split (see [`split_component`]).
///
/// Splitting diffs every two wordings of a quote, in both orders where both occur. A quote
/// carried by many outlets has a handful of wordings (typography, a cut, a translation): at
/// most 4 per component on BBC News, 7 on WMT16 and on a 6,000-article generated corpus. The
/// demo wire copied by 1,000 outlets that each edit a quote one time in eight (a word, a
/// cut, a `not`, capitals) has 85; by 2,000 outlets, 131. 128 wordings cost at most
/// 128 * 127 = 16,256 diffs (about 0.13 s at the 8 µs a diff took there); past that the cost
/// grows with their square, so such a component is reported unsplit. Each wording is thus
/// diffed at most 127 times.
const MAX_SPLIT_WORDINGS: usize = 128;

/// Work done by [`group_quotes`], counted so that a test can tell linear growth from
/// quadratic growth without timing anything.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Work {
    /// Articles whose quotes were extracted.
    extracted: usize,
    /// Pairs of distinct stem sets tested with [`same_quote`] while grouping.
    stem_comparisons: usize,
    /// Word diffs of two wordings ([`pair_status`]).
    diffs: usize,
}

/// [`pair_status`] between the distinct wordings (text and language) of one component, each
/// ordered pair diffed once: the diff need not be symmetric.
struct Statuses<'a> {
    wordings: Vec<(&'a str, Lang)>,
    memo: HashMap<(usize, usize), QuoteStatus>,
}

impl Statuses<'_> {
    /// The status of wording `a` (the version that comes first) against wording `b`.
    fn get(&mut self, a: usize, b: usize, work: &mut Work) -> QuoteStatus {
        if a == b {
            // A text against itself (`identical_wordings_are_verbatim`).
            return QuoteStatus::Verbatim;
        }
        let wordings = &self.wordings;
        *self.memo.entry((a, b)).or_insert_with(|| {
            work.diffs += 1;
            let ((ta, la), (tb, lb)) = (wordings[a], wordings[b]);
            pair_status(ta, tb, (la, lb))
        })
    }
}

/// Splits one matched quote into reported groups.
///
/// Versions that are verbatim or variants of each other form a core group. When some
/// versions are reworded against every other (a translation, a paraphrase), they are
/// reported in a group of their own together with the first version of the largest core, so
/// that four outlets quoting verbatim are not hidden behind one outlet's rewording. Without
/// any core, the whole set is one group. Groups must span two articles.
///
/// Versions with the same wording (text and language) compare alike with every other, so the
/// word diffs run between distinct wordings only: 8,000 verbatim copies cost no diff. A
/// component with more than [`MAX_SPLIT_WORDINGS`] wordings is reported as one group whose
/// status is the worst of each wording against the first.
fn split_component(
    articles: &[Article],
    found: &[Found<'_>],
    linked: &dyn Fn(usize, usize) -> bool,
    mut members: Vec<usize>,
    work: &mut Work,
) -> Vec<(Vec<usize>, QuoteStatus)> {
    members.sort_by_key(|&i| (found[i].article, found[i].quote.start));
    let n = members.len();
    let article = |x: usize| found[members[x]].article;
    // Wordings are numbered in member order; `first` and `last` are their first and last
    // member positions.
    let mut statuses = Statuses {
        wordings: Vec::new(),
        memo: HashMap::new(),
    };
    let mut ids: HashMap<(&str, Lang), usize> = HashMap::new();
    let (mut first, mut last) = (Vec::new(), Vec::new());
    let mut wording: Vec<usize> = Vec::with_capacity(n);
    for (x, &i) in members.iter().enumerate() {
        let lang = Lang::from_tag(articles[found[i].article].lang.as_deref());
        let key = (found[i].text, lang);
        let w = *ids.entry(key).or_insert_with(|| {
            statuses.wordings.push(key);
            first.push(x);
            last.push(x);
            first.len() - 1
        });
        last[w] = x;
        wording.push(w);
    }
    let n_wordings = first.len();
    let spans_two = |set: &[usize]| -> bool {
        set.first()
            .is_some_and(|&x| set.iter().any(|&y| article(y) != article(x)))
    };
    // The worst status over the pairs of `set` from different articles (with `star`, only the
    // pairs with a version of the first wording). Members are sorted by article, so wording `a`
    // is the earlier one of such a pair with `b` when `a` has a member in an article before
    // one of `b`'s.
    let worst = |set: &[usize], star: bool, statuses: &mut Statuses<'_>, work: &mut Work| {
        let mut range: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for &x in set {
            let r = range.entry(wording[x]).or_insert((article(x), article(x)));
            r.0 = r.0.min(article(x));
            r.1 = r.1.max(article(x));
        }
        let mut w = QuoteStatus::Verbatim;
        for (&a, &(a_lo, _)) in &range {
            for (&b, &(_, b_hi)) in &range {
                if a != b && a_lo < b_hi && (!star || a == 0 || b == 0) {
                    w = w.max(statuses.get(a, b, work));
                }
            }
        }
        w
    };
    if n_wordings > MAX_SPLIT_WORDINGS {
        let all: Vec<usize> = (0..n).collect();
        if !spans_two(&all) {
            return Vec::new();
        }
        let w = worst(&all, true, &mut statuses, work);
        return vec![(members, w)];
    }
    // Cores: components of the "verbatim or variant" relation. Wording `a < b` has its first
    // member before `b`'s, so the pair (a, b) always occurs; (b, a) when `b` has a member
    // before `a`'s last.
    let mut parent: Vec<usize> = (0..n_wordings).collect();
    for (a, &a_last) in last.iter().enumerate() {
        for (b, &b_first) in first.iter().enumerate().skip(a + 1) {
            if find(&mut parent, a) == find(&mut parent, b) {
                continue;
            }
            let close = statuses.get(a, b, work) <= QuoteStatus::Variant
                || (b_first < a_last && statuses.get(b, a, work) <= QuoteStatus::Variant);
            if close {
                union(&mut parent, a, b);
            }
        }
    }
    // Keyed by the smallest wording, that is by the first member.
    let mut parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (x, &w) in wording.iter().enumerate() {
        let r = find(&mut parent, w);
        parts.entry(r).or_default().push(x);
    }
    let (cores, rest): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
        parts.into_values().partition(|p| spans_two(p));
    let mut out: Vec<(Vec<usize>, QuoteStatus)> = Vec::new();
    if cores.is_empty() {
        let all: Vec<usize> = (0..n).collect();
        if spans_two(&all) {
            let w = worst(&all, false, &mut statuses, work);
            out.push((members, w));
        }
        return out;
    }
    for c in &cores {
        let w = worst(c, false, &mut statuses, work);
        out.push((c.iter().map(|&x| members[x]).collect(), w));
    }
    // Each reworded version joins the core it was matched with directly (the largest), as a
    // group of its own with that core's first version; leftovers group among themselves.
    let linked = |x: usize, y: usize| linked(members[x], members[y]);
    let outliers: Vec<usize> = rest.into_iter().flatten().collect();
    let mut attached: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut loose: Vec<usize> = Vec::new();
    for &o in &outliers {
        let core = cores
            .iter()
            .filter(|c| c.iter().any(|&x| linked(o, x)))
            .max_by_key(|c| (c.len(), std::cmp::Reverse(c[0])));
        match core {
            Some(c) => attached.entry(c[0]).or_default().push(o),
            None => loose.push(o),
        }
    }
    for (reference, mut set) in attached {
        set.push(reference);
        set.sort_unstable();
        if spans_two(&set) {
            let w = worst(&set, false, &mut statuses, work);
            out.push((set.iter().map(|&x| members[x]).collect(), w));
        }
    }
    // Outliers are few: each of their parts lies in one article and has wordings of its own,
    // out of at most MAX_SPLIT_WORDINGS.
    let mut lp: Vec<usize> = (0..n).collect();
    for (k, &x) in loose.iter().enumerate() {
        for &y in &loose[k + 1..] {
            if linked(x, y) {
                union(&mut lp, x, y);
            }
        }
    }
    let mut lparts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &x in &loose {
        let r = find(&mut lp, x);
        lparts.entry(r).or_default().push(x);
    }
    for set in lparts.into_values().filter(|p| spans_two(p)) {
        let w = worst(&set, false, &mut statuses, work);
        out.push((set.iter().map(|&x| members[x]).collect(), w));
    }
    out
}

/// The quotes of one unit's articles (a story scope, or an aligned pair outside any scope)
/// with the same stem set.
struct Class {
    set: usize,
    quotes: Vec<usize>,
    /// Lowest and highest article holding it.
    lo: usize,
    hi: usize,
    /// Whether its quotes are already joined.
    joined: bool,
}

impl Class {
    fn join(&mut self, parent: &mut [usize]) {
        if !self.joined {
            for &i in &self.quotes[1..] {
                union(parent, self.quotes[0], i);
            }
            self.joined = true;
        }
    }
}

/// Joins the quotes of `unit`'s articles (every two of them are comparable) that
/// [`same_quote`] matches, as comparing every two quotes of two different articles would.
///
/// Quotes with the same stem set are one [`Class`], found by its index, never compared: a
/// class in two articles is one component, and two matching classes are one as soon as they
/// have two articles between them. Distinct sets are compared only when they share one of
/// the rarest stems of the shorter one (prefix filtering: a set of `k` stems sharing at
/// least `t` with another has one of any `k - t + 1` of its stems in it), so a stem the
/// whole story quotes (`bridge`) does not make every two quotes a candidate.
fn join_unit(
    unit: &[usize],
    by_article: &[Vec<usize>],
    found: &[Found<'_>],
    sets: &[Vec<usize>],
    parent: &mut [usize],
    work: &mut Work,
) {
    let mut by_set: BTreeMap<usize, Class> = BTreeMap::new();
    for &m in unit {
        for &i in &by_article[m] {
            let c = by_set.entry(found[i].set).or_insert_with(|| Class {
                set: found[i].set,
                quotes: Vec::new(),
                lo: m,
                hi: m,
                joined: false,
            });
            c.quotes.push(i);
            c.lo = c.lo.min(m);
            c.hi = c.hi.max(m);
        }
    }
    // An empty stem set matches nothing.
    let mut classes: Vec<Class> = by_set
        .into_values()
        .filter(|c| !sets[c.set].is_empty())
        .collect();
    for c in classes.iter_mut().filter(|c| c.lo != c.hi) {
        c.join(parent);
    }
    // Sets of fewer than three stems match only their equal, that is their own class.
    let candidates: Vec<usize> = (0..classes.len())
        .filter(|&k| sets[classes[k].set].len() >= 3)
        .collect();
    if candidates.len() < 2 {
        return;
    }
    let mut freq: HashMap<usize, usize> = HashMap::new();
    let mut index: HashMap<usize, Vec<usize>> = HashMap::new();
    for &k in &candidates {
        for &s in &sets[classes[k].set] {
            *freq.entry(s).or_default() += 1;
            index.entry(s).or_default().push(k);
        }
    }
    // Each pair is tested once, from the shorter set (ties: the lower index), and only when it
    // could join something. A stem whose classes are all joined and one component is settled:
    // its posting list is not walked again (many wordings of one quote share every stem).
    let size: Vec<usize> = classes.iter().map(|c| sets[c.set].len()).collect();
    let mut probed_by = vec![usize::MAX; classes.len()];
    let mut settled: HashSet<usize> = HashSet::new();
    for &a in &candidates {
        let sa = &sets[classes[a].set];
        let mut rare = sa.clone();
        rare.sort_unstable_by_key(|s| (freq[s], *s));
        rare.truncate(sa.len() - min_shared(sa.len()) + 1);
        for s in &rare {
            if settled.contains(s) {
                continue;
            }
            let mut all_one = true;
            for &b in &index[s] {
                if b == a {
                    continue;
                }
                let (qa, qb) = (classes[a].quotes[0], classes[b].quotes[0]);
                if classes[a].joined && classes[b].joined && find(parent, qa) == find(parent, qb) {
                    continue;
                }
                all_one = false;
                if (size[b], b) <= (size[a], a) || probed_by[b] == a {
                    continue;
                }
                probed_by[b] = a;
                work.stem_comparisons += 1;
                // Quotes of one article are never compared with each other.
                let one_article =
                    classes[a].lo.min(classes[b].lo) == classes[a].hi.max(classes[b].hi);
                if !one_article && same_quote(sa, &sets[classes[b].set]) {
                    classes[a].join(parent);
                    classes[b].join(parent);
                    union(parent, qa, qb);
                }
            }
            if all_one {
                settled.insert(*s);
            }
        }
    }
}

/// Groups the same quote across articles and gives each group a status.
pub fn quote_groups(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    alignments: &[AlignedPair],
) -> Vec<QuoteGroup> {
    group_quotes(articles, docs, clusters, alignments, &mut Work::default())
}

/// [`quote_groups`], counting its work.
///
/// Two articles are comparable when one story scope holds both or they are aligned. A scope
/// is handled as a whole ([`join_unit`]), never pair by pair: 8,000 copies of one article in
/// a story cluster made 32 million pairs (1.9 GB, 5 s) although none had a quote.
fn group_quotes(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    alignments: &[AlignedPair],
    work: &mut Work,
) -> Vec<QuoteGroup> {
    let n = articles.len().min(docs.len());
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut scopes_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for s in scopes(n, clusters, alignments) {
        if s.members.len() >= 2 {
            for &m in &s.members {
                scopes_of[m].push(units.len());
            }
            units.push(s.members);
        }
    }
    let in_scope = |x: usize, y: usize| scopes_of[x].iter().any(|s| scopes_of[y].contains(s));
    let aligned: BTreeSet<(usize, usize)> = alignments
        .iter()
        .filter(|al| al.a < n && al.b < n && al.a != al.b)
        .map(|al| (al.a.min(al.b), al.a.max(al.b)))
        .collect();
    for &(x, y) in &aligned {
        if !in_scope(x, y) {
            units.push(vec![x, y]);
        }
    }
    let comparable =
        |x: usize, y: usize| x != y && (in_scope(x, y) || aligned.contains(&(x.min(y), x.max(y))));
    let mut involved = vec![false; n];
    for &m in units.iter().flatten() {
        involved[m] = true;
    }

    let mut found: Vec<Found<'_>> = Vec::new();
    let mut by_article: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut stem_ids: HashMap<String, usize> = HashMap::new();
    let mut set_ids: HashMap<Vec<usize>, usize> = HashMap::new();
    let mut sets: Vec<Vec<usize>> = Vec::new();
    for m in (0..n).filter(|&m| involved[m]) {
        work.extracted += 1;
        let (article, doc) = (&articles[m], &docs[m]);
        for q in extract(article, doc) {
            let text = article.text.get(q.start..q.end).unwrap_or("");
            let sentences = doc
                .sentences
                .iter()
                .enumerate()
                .filter(|(_, s)| (s.start as usize) < q.end && (s.end as usize) > q.start)
                .map(|(i, _)| i)
                .collect();
            let mut ids: Vec<usize> = stems(text)
                .into_iter()
                .map(|s| {
                    let next = stem_ids.len();
                    *stem_ids.entry(s).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            let set = *set_ids.entry(ids).or_insert_with_key(|ids| {
                sets.push(ids.clone());
                sets.len() - 1
            });
            by_article[m].push(found.len());
            found.push(Found {
                article: m,
                text,
                quote: q,
                set,
                sentences,
            });
        }
    }

    let mut parent: Vec<usize> = (0..found.len()).collect();
    // Through content containment.
    for unit in &units {
        join_unit(unit, &by_article, &found, &sets, &mut parent, work);
    }
    // Through alignment: quotes in aligned sentences sharing some content (a translation).
    let mut aligned_edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    let empty = Vec::new();
    for al in alignments {
        let (qa, qb) = (
            by_article.get(al.a).unwrap_or(&empty),
            by_article.get(al.b).unwrap_or(&empty),
        );
        for p in &al.pairs {
            for &i in qa
                .iter()
                .filter(|&&i| found[i].sentences.iter().any(|s| p.a.contains(s)))
            {
                for &j in qb
                    .iter()
                    .filter(|&&j| found[j].sentences.iter().any(|s| p.b.contains(s)))
                {
                    let (si, sj) = (&sets[found[i].set], &sets[found[j].set]);
                    let shared = super::sorted_overlap(si, sj);
                    let min = si.len().min(sj.len());
                    if shared >= 3 && shared * 2 >= min {
                        union(&mut parent, i, j);
                        aligned_edges.insert((i.min(j), i.max(j)));
                    }
                }
            }
        }
    }
    // Whether two quotes were joined directly, asked only by the few reworded versions.
    let linked = |i: usize, j: usize| {
        aligned_edges.contains(&(i.min(j), i.max(j)))
            || (comparable(found[i].article, found[j].article)
                && same_quote(&sets[found[i].set], &sets[found[j].set]))
    };

    let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..found.len() {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut groups: Vec<QuoteGroup> = Vec::new();
    let mut order: Vec<(usize, usize)> = Vec::new();
    for members in comps.into_values() {
        for (mut members, status) in split_component(articles, &found, &linked, members, work) {
            members.sort_by_key(|&i| (found[i].article, found[i].quote.start));
            // The speaker most versions name (ties: the earliest).
            let mut votes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
            for (k, &i) in members.iter().enumerate() {
                if let Some(s) = found[i].quote.speaker.as_deref() {
                    let e = votes.entry(s).or_insert((0, k));
                    e.0 += 1;
                }
            }
            let speaker = votes
                .iter()
                .max_by(|x, y| {
                    (x.1 .0, std::cmp::Reverse(x.1 .1)).cmp(&(y.1 .0, std::cmp::Reverse(y.1 .1)))
                })
                .map(|(s, _)| s.to_string());
            let versions = members
                .iter()
                .map(|&i| QuoteVersion {
                    article: articles[found[i].article].id.clone(),
                    text: found[i].text.to_string(),
                    start: found[i].quote.start,
                    end: found[i].quote.end,
                    speaker: found[i].quote.speaker.clone(),
                })
                .collect();
            let first = members[0];
            order.push((found[first].article, found[first].quote.start));
            groups.push(QuoteGroup {
                id: String::new(),
                speaker,
                status,
                versions,
            });
        }
    }
    let mut idx: Vec<usize> = (0..groups.len()).collect();
    idx.sort_by_key(|&i| order[i]);
    let mut out: Vec<QuoteGroup> = Vec::with_capacity(groups.len());
    let mut slots: Vec<Option<QuoteGroup>> = groups.into_iter().map(Some).collect();
    for (k, i) in idx.into_iter().enumerate() {
        if let Some(mut g) = slots[i].take() {
            g.id = format!("q{}", k + 1);
            out.push(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, text: &str) -> Article {
        Article::from_text(id, text)
    }

    fn quotes_of(text: &str) -> Vec<(String, Option<String>)> {
        let a = art("a", text);
        let d = Doc::prepare(text);
        extract(&a, &d)
            .into_iter()
            .map(|q| (text[q.start..q.end].to_string(), q.speaker))
            .collect()
    }

    #[test]
    fn marks_and_speakers() {
        let q = quotes_of(
            "\"We closed the bridge at once,\" Valtonen-Marsh said. \"Safety comes first here.\"\n\n\
             Marta Lindqvist, a nurse at Berghaven General Hospital, said: “My shift starts at seven.”\n\n\
             « The corrosion is hard to see », has declared Mrs. Valtonen-Marsh.\n\n\
             I have only spoken once, ”Musk wrote on his account.\n\n\
             “It will not work,” he said.",
        );
        let want: Vec<(&str, Option<&str>)> = vec![
            ("We closed the bridge at once,", Some("Valtonen-Marsh")),
            ("Safety comes first here.", Some("Valtonen-Marsh")),
            ("My shift starts at seven.", Some("Marta Lindqvist")),
            ("The corrosion is hard to see", Some("Valtonen-Marsh")),
            ("I have only spoken once,", Some("Musk")),
            ("It will not work,", Some("Musk")),
        ];
        let got: Vec<(&str, Option<&str>)> =
            q.iter().map(|(t, s)| (t.as_str(), s.as_deref())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn subject_nearest_the_verb_and_new_people() {
        let q = quotes_of(
            "Already after tweeting his proposal, Musk had said that “a possible outcome is war” \
             and more.\n\n\
             “Which one do you like better?” President Zelensky asked.\n\n\
             Ukrainian diplomat Andriy Melnyk was angry. He tweeted: \"F off is my very diplomatic reply.\"",
        );
        let who: Vec<Option<&str>> = q.iter().map(|(_, s)| s.as_deref()).collect();
        assert_eq!(who, [Some("Musk"), Some("President Zelensky"), None]);
    }

    #[test]
    fn according_to_and_added() {
        let q = quotes_of(
            "\"The records will be reviewed soon,\" according to Tomas Brennecke. \
             \"We expect no delay at all,\" added Mrs. Valtonen-Marsh.",
        );
        let who: Vec<Option<&str>> = q.iter().map(|(_, s)| s.as_deref()).collect();
        assert_eq!(who, [Some("Tomas Brennecke"), Some("Valtonen-Marsh")]);
    }

    #[test]
    fn nested_double_quotes_of_another_family() {
        let q = quotes_of(
            "\"He called it “utter madness” in the end,\" Okafor said. \
             “She said \"no way at all\" to me,” Lindqvist said.",
        );
        let texts: Vec<&str> = q.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "He called it “utter madness” in the end,",
                "She said \"no way at all\" to me,"
            ]
        );
    }

    #[test]
    fn nested_and_single_quotes() {
        let q = quotes_of(
            "Bremer wrote: “Putin was ‘ready to negotiate’ and set the bare minimum,” he said.\n\n\
             She called it ‘a very bad idea indeed’ on Monday.",
        );
        let texts: Vec<&str> = q.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Putin was ‘ready to negotiate’ and set the bare minimum,",
                "a very bad idea indeed"
            ]
        );
        assert_eq!(q[0].1.as_deref(), Some("Bremer"));
    }

    proptest::proptest! {
        #[test]
        fn extraction_never_panics_and_spans_are_valid(
            s in "[a-zA-Z ,.:\n\"“”«»‘’„'é]{0,120}"
        ) {
            let a = art("a", &s);
            let d = Doc::prepare(&s);
            for q in extract(&a, &d) {
                proptest::prop_assert!(q.start <= q.end);
                proptest::prop_assert!(s.get(q.start..q.end).is_some());
            }
        }
    }

    #[test]
    fn apostrophes_and_scare_quotes_are_not_quotes() {
        assert!(
            quotes_of("The city’s bridge and Olaf’s institute, a \"peace plan\" indeed.")
                .is_empty()
        );
        assert!(quotes_of("").is_empty());
        assert!(quotes_of("\"").is_empty());
    }

    #[test]
    fn quote_over_paragraphs() {
        // A new person introduced between two quotes breaks the `he` chain.
        let q = quotes_of(
            "\"We will reopen the bridge soon,\" Brennecke said.\n\n\
             Dr. J. R. Okafor, an engineer, spoke. \"Cables fail slowly in general,\" he said.",
        );
        assert_eq!(q[1].1, None);
        let q = quotes_of(
            "He said: \"First part of the quote goes on\n\n\"and the second part ends here.\"",
        );
        assert_eq!(q.len(), 2);
        assert_eq!(q[1].1.as_deref(), q[0].1.as_deref());
    }

    #[test]
    fn status_from_the_diff() {
        let en = (Lang::En, Lang::En);
        assert_eq!(
            pair_status("We closed it,", "We closed it.", en),
            QuoteStatus::Verbatim
        );
        assert_eq!(
            pair_status(
                "No, it is not. I have spoken to Putin only once",
                "I have spoken to Putin only once",
                en
            ),
            QuoteStatus::Verbatim
        );
        assert_eq!(
            pair_status(
                "Nobody should trust Bremmer",
                "Nobody should trust Bremer",
                en
            ),
            QuoteStatus::Variant
        );
        assert_eq!(
            pair_status("it will not reopen soon", "it will reopen soon", en),
            QuoteStatus::Contradicting
        );
        assert_eq!(
            pair_status(
                "about 18 months ago, he said",
                "about 16 months ago, he said",
                en
            ),
            QuoteStatus::Contradicting
        );
        assert_eq!(
            pair_status(
                "The subject matter was space",
                "The topic we discussed was space",
                en
            ),
            QuoteStatus::Reworded
        );
    }

    #[test]
    fn identical_wordings_are_verbatim_in_every_language() {
        // `Statuses::get` relies on it instead of diffing a wording against itself.
        for lang in [Lang::En, Lang::Fi, Lang::De, Lang::Fr, Lang::Es] {
            for s in [
                "We closed it, (true) and it will not reopen before 2027.",
                "Ei, se ei ole totta",
                "« La corrosion est difficile à voir »",
            ] {
                assert_eq!(pair_status(s, s, (lang, lang)), QuoteStatus::Verbatim);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn identical_wordings_are_verbatim(s in "[a-zA-Z0-9 ,.:()\"“”'é-]{0,80}") {
            proptest::prop_assert_eq!(
                pair_status(&s, &s, (Lang::En, Lang::En)),
                QuoteStatus::Verbatim
            );
        }
    }

    fn story(members: impl IntoIterator<Item = usize>) -> Cluster {
        Cluster {
            kind: crate::report::ClusterKind::Story,
            members: members.into_iter().collect(),
            score: 1.0,
        }
    }

    fn aligned(a: usize, b: usize, pairs: &[(usize, usize)]) -> AlignedPair {
        AlignedPair {
            a,
            b,
            cluster: None,
            pairs: pairs
                .iter()
                .map(|&(x, y)| crate::align::SentencePair {
                    a: vec![x],
                    b: vec![y],
                    score: 1.0,
                })
                .collect(),
            passages: Vec::new(),
            score: 0.0,
            a_coverage: 0.0,
            b_coverage: 0.0,
            likely_source: None,
        }
    }

    fn prepared(articles: &[Article]) -> Vec<Doc> {
        articles.iter().map(|a| Doc::prepare(&a.text)).collect()
    }

    /// Robustness sweep: 8,000 copies of one short article in a story cluster took 5.4 s and
    /// 1.9 GB in `quote_groups`, which listed every pair of the cluster's articles. Counted
    /// work, not time: it must grow with the quotes, not with the pairs of articles.
    #[test]
    fn robustness_sweep_copies_of_one_article_cost_per_quote() {
        let n = 600;
        let wire = "\"We closed the bridge the moment we understood the damage,\" \
                    Valtonen-Marsh said.\n\nBrennecke said: \"Extra ferry sailings will run \
                    from Monday morning.\"";
        let mut articles: Vec<Article> = (0..n)
            .map(|i| {
                // Every third copy capitalises one word: a second wording of the second quote.
                let text = if i % 3 == 0 {
                    wire.replace("Monday morning", "Monday Morning")
                } else {
                    wire.to_string()
                };
                art(&format!("copy{i}"), &text)
            })
            .collect();
        articles.extend(
            (0..n).map(|i| art(&format!("plain{i}"), "The council voted on the new budget.")),
        );
        let docs = prepared(&articles);
        let mut work = Work::default();
        let groups = group_quotes(&articles, &docs, &[story(0..2 * n)], &[], &mut work);
        let got: Vec<(usize, QuoteStatus)> = groups
            .iter()
            .map(|g| (g.versions.len(), g.status))
            .collect();
        assert_eq!(got, [(n, QuoteStatus::Verbatim), (n, QuoteStatus::Variant)]);
        assert_eq!(work.extracted, 2 * n);
        // Two distinct stem sets, compared at most once; two wordings, one diff per order.
        // Pair by pair, that was 359,400 article pairs and 179,700 diffs per quote.
        assert!(work.stem_comparisons <= 1, "{work:?}");
        assert!(work.diffs <= 2, "{work:?}");
    }

    #[test]
    fn many_matching_stem_sets_are_compared_about_once_each() {
        // 400 articles quote one statement with a different figure each: 400 stem sets that
        // all match each other, so every pair is an answer; joining needs far fewer tests.
        let n = 400;
        let articles: Vec<Article> = (0..n)
            .map(|i| {
                art(
                    &format!("a{i}"),
                    &format!("\"Repairs on the harbour bridge cost {i} thousand euros,\" Brennecke said."),
                )
            })
            .collect();
        let docs = prepared(&articles);
        let mut work = Work::default();
        let groups = group_quotes(&articles, &docs, &[story(0..n)], &[], &mut work);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].versions.len(), n);
        assert!(work.stem_comparisons < 2 * n, "{work:?}");
    }

    #[test]
    fn a_quote_with_too_many_wordings_is_one_group_at_linear_cost() {
        let n = MAX_SPLIT_WORDINGS + 72;
        let articles: Vec<Article> = (0..n)
            .map(|i| {
                art(
                    &format!("a{i}"),
                    &format!(
                        "\"We will reopen the bridge on day {i} of the repairs,\" Brennecke said."
                    ),
                )
            })
            .collect();
        let docs = prepared(&articles);
        let mut work = Work::default();
        let groups = group_quotes(&articles, &docs, &[story(0..n)], &[], &mut work);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].versions.len(), n);
        assert_eq!(groups[0].status, QuoteStatus::Contradicting);
        // Each wording against the first, in the one order that occurs.
        assert_eq!(work.diffs, n - 1);
    }

    /// A random story: quotes drawn from a few statements, edited the ways outlets edit them.
    fn random_story(seed: u64) -> (Vec<Article>, Vec<Cluster>, Vec<AlignedPair>) {
        let mut state = seed;
        let mut next = move |below: usize| -> usize {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % below as u64) as usize
        };
        const STATEMENTS: &[&str] = &[
            "we closed the bridge at once because safety comes first",
            "extra ferry sailings will run from Monday morning",
            "the cable failed slowly over 12 years of corrosion",
            "we will reopen it soon",
            "it is what it is for the city",
        ];
        const SWAPS: &[&str] = &["bridge", "ferries", "Ferry", "quickly", "cable", "7", "not"];
        let n = 2 + next(7);
        let mut articles = Vec::new();
        for i in 0..n {
            let mut paragraphs = Vec::new();
            for _ in 0..1 + next(3) {
                let mut words: Vec<String> = STATEMENTS[next(STATEMENTS.len())]
                    .split(' ')
                    .map(str::to_string)
                    .collect();
                match next(10) {
                    0 | 1 => {
                        let k = next(words.len());
                        words[k] = SWAPS[next(SWAPS.len())].to_string();
                    }
                    2 => {
                        words.truncate(3 + next(words.len() - 2));
                    }
                    3 => words.insert(next(words.len()), "(true)".to_string()),
                    4 => words[0] = words[0].to_uppercase(),
                    _ => {}
                }
                let quote = words.join(" ");
                paragraphs.push(if next(2) == 0 {
                    format!("\"{quote},\" Brennecke said. The council met.")
                } else {
                    format!("Okafor said: “{quote}.”")
                });
            }
            let mut a = art(&format!("a{i}"), &paragraphs.join("\n\n"));
            if next(5) == 0 {
                a.lang = Some("fi".to_string());
            }
            articles.push(a);
        }
        let mut clusters = Vec::new();
        if next(3) > 0 {
            let mut start = 0;
            while start < n {
                let len = 1 + next(n - start);
                clusters.push(story(start..start + len));
                start += len;
            }
        }
        let alignments = (0..next(4))
            .map(|_| {
                let (a, b) = (next(n), next(n));
                let pairs: Vec<(usize, usize)> =
                    (0..1 + next(3)).map(|_| (next(6), next(6))).collect();
                aligned(a, b, &pairs)
            })
            .collect();
        (articles, clusters, alignments)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn same_groups_as_comparing_every_pair(seed in proptest::prelude::any::<u64>()) {
            let (articles, clusters, alignments) = random_story(seed);
            let docs = prepared(&articles);
            proptest::prop_assert_eq!(
                quote_groups(&articles, &docs, &clusters, &alignments),
                reference::quote_groups(&articles, &docs, &clusters, &alignments)
            );
        }
    }

    /// The grouping as it was before scopes were handled as a whole (commit c2ef921): every
    /// two articles of a scope, every two quotes of those, every two versions of a component.
    /// Quadratic, but the plainest statement of what [`quote_groups`] must return.
    mod reference {
        use std::collections::{BTreeMap, BTreeSet};

        use super::super::{extract, pair_status, stems};
        use crate::align::AlignedPair;
        use crate::corpus::Article;
        use crate::dedup::Cluster;
        use crate::diff::names::{find, scopes, union};
        use crate::diff::negation::Lang;
        use crate::report::{QuoteGroup, QuoteStatus, QuoteVersion};
        use crate::text::Doc;

        use super::super::Quote;

        /// Whether two quotes' content stems say they are one quote: most of the shorter one's
        /// content words (at least three) are in the longer one. Quotes of one or two content words
        /// (`"prepared to negotiate"`) match only their exact equal: two shared words such as
        /// `Ukraine` and `peace` are common to half a story's quotes.
        fn same_quote(a: &BTreeSet<String>, b: &BTreeSet<String>, shared: usize) -> bool {
            let min = a.len().min(b.len());
            if min < 3 {
                return min > 0 && a == b;
            }
            shared >= 3 && shared * 10 >= min * 6
        }

        struct Found<'a> {
            article: usize,
            quote: Quote,
            text: &'a str,
            stems: BTreeSet<String>,
            sentences: Vec<usize>,
        }

        /// Splits one matched quote into reported groups.
        ///
        /// Versions that are verbatim or variants of each other form a core group. When some
        /// versions are reworded against every other (a translation, a paraphrase), they are
        /// reported in a group of their own together with the first version of the largest core, so
        /// that four outlets quoting verbatim are not hidden behind one outlet's rewording. Without
        /// any core, the whole set is one group. Groups must span two articles.
        fn split_component(
            articles: &[Article],
            found: &[Found<'_>],
            edges: &BTreeSet<(usize, usize)>,
            mut members: Vec<usize>,
        ) -> Vec<(Vec<usize>, QuoteStatus)> {
            members.sort_by_key(|&i| (found[i].article, found[i].quote.start));
            let n = members.len();
            let mut status = vec![vec![QuoteStatus::Verbatim; n]; n];
            for x in 0..n {
                for y in x + 1..n {
                    let (i, j) = (members[x], members[y]);
                    let langs = (
                        Lang::from_tag(articles[found[i].article].lang.as_deref()),
                        Lang::from_tag(articles[found[j].article].lang.as_deref()),
                    );
                    let s = pair_status(found[i].text, found[j].text, langs);
                    status[x][y] = s;
                    status[y][x] = s;
                }
            }
            let worst = |set: &[usize]| -> QuoteStatus {
                let mut w = QuoteStatus::Verbatim;
                for (k, &x) in set.iter().enumerate() {
                    for &y in &set[k + 1..] {
                        if found[members[x]].article != found[members[y]].article {
                            w = w.max(status[x][y]);
                        }
                    }
                }
                w
            };
            let spans_two = |set: &[usize]| -> bool {
                set.iter()
                    .map(|&x| found[members[x]].article)
                    .collect::<BTreeSet<_>>()
                    .len()
                    >= 2
            };
            // Cores: components of the "verbatim or variant" relation.
            let mut parent: Vec<usize> = (0..n).collect();
            for (x, row) in status.iter().enumerate() {
                for (y, st) in row.iter().enumerate().skip(x + 1) {
                    if *st <= QuoteStatus::Variant {
                        union(&mut parent, x, y);
                    }
                }
            }
            let mut parts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for x in 0..n {
                let r = find(&mut parent, x);
                parts.entry(r).or_default().push(x);
            }
            let (cores, rest): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
                parts.into_values().partition(|p| spans_two(p));
            let mut out: Vec<(Vec<usize>, QuoteStatus)> = Vec::new();
            if cores.is_empty() {
                let all: Vec<usize> = (0..n).collect();
                if spans_two(&all) {
                    out.push((members.clone(), worst(&all)));
                }
                return out;
            }
            for c in &cores {
                out.push((c.iter().map(|&x| members[x]).collect(), worst(c)));
            }
            // Each reworded version joins the core it was matched with directly (the largest), as a
            // group of its own with that core's first version; leftovers group among themselves.
            let linked = |x: usize, y: usize| {
                let (i, j) = (members[x], members[y]);
                edges.contains(&(i.min(j), i.max(j)))
            };
            let outliers: Vec<usize> = rest.into_iter().flatten().collect();
            let mut attached: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            let mut loose: Vec<usize> = Vec::new();
            for &o in &outliers {
                let core = cores
                    .iter()
                    .filter(|c| c.iter().any(|&x| linked(o, x)))
                    .max_by_key(|c| (c.len(), std::cmp::Reverse(c[0])));
                match core {
                    Some(c) => attached.entry(c[0]).or_default().push(o),
                    None => loose.push(o),
                }
            }
            for (reference, mut set) in attached {
                set.push(reference);
                set.sort_unstable();
                if spans_two(&set) {
                    out.push((set.iter().map(|&x| members[x]).collect(), worst(&set)));
                }
            }
            let mut lp: Vec<usize> = (0..n).collect();
            for (k, &x) in loose.iter().enumerate() {
                for &y in &loose[k + 1..] {
                    if linked(x, y) {
                        union(&mut lp, x, y);
                    }
                }
            }
            let mut lparts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &x in &loose {
                let r = find(&mut lp, x);
                lparts.entry(r).or_default().push(x);
            }
            for set in lparts.into_values().filter(|p| spans_two(p)) {
                out.push((set.iter().map(|&x| members[x]).collect(), worst(&set)));
            }
            out
        }

        /// Groups the same quote across articles and gives each group a status.
        pub(super) fn quote_groups(
            articles: &[Article],
            docs: &[Doc],
            clusters: &[Cluster],
            alignments: &[AlignedPair],
        ) -> Vec<QuoteGroup> {
            let n = articles.len().min(docs.len());
            // Which article pairs may share a quote: same story scope, or aligned.
            let mut comparable: BTreeSet<(usize, usize)> = BTreeSet::new();
            for s in scopes(n, clusters, alignments) {
                for (i, &x) in s.members.iter().enumerate() {
                    for &y in &s.members[i + 1..] {
                        comparable.insert((x.min(y), x.max(y)));
                    }
                }
            }
            for al in alignments
                .iter()
                .filter(|al| al.a < n && al.b < n && al.a != al.b)
            {
                comparable.insert((al.a.min(al.b), al.a.max(al.b)));
            }
            let involved: BTreeSet<usize> = comparable.iter().flat_map(|&(x, y)| [x, y]).collect();

            let mut found: Vec<Found<'_>> = Vec::new();
            let mut by_article: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &m in &involved {
                let (article, doc) = (&articles[m], &docs[m]);
                for q in extract(article, doc) {
                    let text = article.text.get(q.start..q.end).unwrap_or("");
                    let sentences = doc
                        .sentences
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| (s.start as usize) < q.end && (s.end as usize) > q.start)
                        .map(|(i, _)| i)
                        .collect();
                    by_article.entry(m).or_default().push(found.len());
                    found.push(Found {
                        article: m,
                        stems: stems(text),
                        text,
                        quote: q,
                        sentences,
                    });
                }
            }

            let mut parent: Vec<usize> = (0..found.len()).collect();
            let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
            let empty = Vec::new();
            // Through content containment.
            for &(x, y) in &comparable {
                let (qx, qy) = (
                    by_article.get(&x).unwrap_or(&empty),
                    by_article.get(&y).unwrap_or(&empty),
                );
                for &i in qx {
                    for &j in qy {
                        let (si, sj) = (&found[i].stems, &found[j].stems);
                        let shared = si.intersection(sj).count();
                        if same_quote(si, sj, shared) {
                            union(&mut parent, i, j);
                            edges.insert((i.min(j), i.max(j)));
                        }
                    }
                }
            }
            // Through alignment: quotes in aligned sentences sharing some content (a translation).
            for al in alignments {
                let (qa, qb) = (
                    by_article.get(&al.a).unwrap_or(&empty),
                    by_article.get(&al.b).unwrap_or(&empty),
                );
                for p in &al.pairs {
                    for &i in qa
                        .iter()
                        .filter(|&&i| found[i].sentences.iter().any(|s| p.a.contains(s)))
                    {
                        for &j in qb
                            .iter()
                            .filter(|&&j| found[j].sentences.iter().any(|s| p.b.contains(s)))
                        {
                            let shared = found[i].stems.intersection(&found[j].stems).count();
                            let min = found[i].stems.len().min(found[j].stems.len());
                            if shared >= 3 && shared * 2 >= min {
                                union(&mut parent, i, j);
                                edges.insert((i.min(j), i.max(j)));
                            }
                        }
                    }
                }
            }

            let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for i in 0..found.len() {
                let r = find(&mut parent, i);
                comps.entry(r).or_default().push(i);
            }
            let mut groups: Vec<QuoteGroup> = Vec::new();
            let mut order: Vec<(usize, usize)> = Vec::new();
            for members in comps.into_values() {
                for (mut members, status) in split_component(articles, &found, &edges, members) {
                    members.sort_by_key(|&i| (found[i].article, found[i].quote.start));
                    // The speaker most versions name (ties: the earliest).
                    let mut votes: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
                    for (k, &i) in members.iter().enumerate() {
                        if let Some(s) = found[i].quote.speaker.as_deref() {
                            let e = votes.entry(s).or_insert((0, k));
                            e.0 += 1;
                        }
                    }
                    let speaker = votes
                        .iter()
                        .max_by(|x, y| {
                            (x.1 .0, std::cmp::Reverse(x.1 .1))
                                .cmp(&(y.1 .0, std::cmp::Reverse(y.1 .1)))
                        })
                        .map(|(s, _)| s.to_string());
                    let versions = members
                        .iter()
                        .map(|&i| QuoteVersion {
                            article: articles[found[i].article].id.clone(),
                            text: found[i].text.to_string(),
                            start: found[i].quote.start,
                            end: found[i].quote.end,
                            speaker: found[i].quote.speaker.clone(),
                        })
                        .collect();
                    let first = members[0];
                    order.push((found[first].article, found[first].quote.start));
                    groups.push(QuoteGroup {
                        id: String::new(),
                        speaker,
                        status,
                        versions,
                    });
                }
            }
            let mut idx: Vec<usize> = (0..groups.len()).collect();
            idx.sort_by_key(|&i| order[i]);
            let mut out: Vec<QuoteGroup> = Vec::with_capacity(groups.len());
            let mut slots: Vec<Option<QuoteGroup>> = groups.into_iter().map(Some).collect();
            for (k, i) in idx.into_iter().enumerate() {
                if let Some(mut g) = slots[i].take() {
                    g.id = format!("q{}", k + 1);
                    out.push(g);
                }
            }
            out
        }
    }
}

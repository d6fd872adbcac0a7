//! Paragraphs and sentences: a text in, spans that tile it out.
//!
//! Sentence boundaries start from Unicode's UAX #29 rules (`unicode-segmentation`), which know
//! every script's full stops (`。`, `।`, `۔`, `؟`) and that `."` ends with its quote. UAX #29 is
//! written for general text and gets news wrong in a few well-known ways, fixed here:
//!
//! - `Mr. Musk`, `Dr. Okafor`, `Gen. Milley`: a title before a name is not a sentence end.
//! - `J. R. Okafor`: initials are not sentence ends.
//! - `Jan. 5`, `No. 10`, `Art. 5`: an abbreviation before a number is not a sentence end.
//! - `approx. 18 months`: an abbreviation before a lower-case word is not one either.
//! - a line without a full stop (headline, dateline, byline) ends where the line ends, but a
//!   hard-wrapped line that continues in lower case does not.
//!
//! Paragraphs are runs of lines separated by blank lines; a paragraph break always ends a
//! sentence. Spans cover the text with surrounding whitespace trimmed, so every sentence starts
//! and ends on a visible character and sentence spans tile their paragraph up to whitespace.

use unicode_segmentation::UnicodeSegmentation;

/// A byte range of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// Titles that precede a name: never a sentence end.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "gov", "sen", "rep", "rev", "st", "sgt", "lt",
    "col", "capt", "cpt", "maj", "adm", "cmdr", "supt", "insp", "det", "pres", "hon", "fr", "sr",
    "jr", "messrs", "mme", "mlle", "hr", "fru", "sra", "srta",
];

/// Abbreviations that are not a sentence end when a number or lower-case word follows.
const BEFORE_NUMBER: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "art", "vol", "p", "pp", "fig", "ch", "sec", "para", "approx", "ca", "est", "op", "nr",
    "tel", "vs", "v",
];

/// Paragraph spans: maximal runs of non-blank lines, trimmed.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(Span { start: s, end });
            }
        } else {
            let lead = content.len() - content.trim_start().len();
            if start.is_none() {
                start = Some(offset + lead);
            }
            end = offset + content.trim_end().len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(Span { start: s, end });
    }
    out
}

/// Sentence spans of `text[para]`, appended to `out` (offsets into `text`).
pub fn sentences_into(text: &str, para: Span, out: &mut Vec<Span>) {
    let first = out.len();
    let body = &text[para.start..para.end];
    let mut pending: Option<Span> = None;
    for (rel, piece) in body.split_sentence_bound_indices() {
        let piece_start = para.start + rel;
        let Some(span) = trimmed(text, piece_start, piece_start + piece.len()) else {
            continue;
        };
        // UAX #29 breaks at every line end; re-join hard-wrapped lines.
        match pending.take() {
            Some(prev) if continues(text, prev, span) => {
                pending = Some(Span {
                    start: prev.start,
                    end: span.end,
                });
            }
            Some(prev) => {
                out.push(prev);
                pending = Some(span);
            }
            None => pending = Some(span),
        }
    }
    if let Some(p) = pending {
        out.push(p);
    }
    debug_assert!(out[first..].windows(2).all(|w| w[0].end <= w[1].start));
}

/// All sentences of `text`, paragraph by paragraph.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for p in paragraphs(text) {
        sentences_into(text, p, &mut out);
    }
    out
}

fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = &text[start..end];
    let t = s.trim_start();
    let start = start + (s.len() - t.len());
    let t = t.trim_end();
    (!t.is_empty()).then(|| Span {
        start,
        end: start + t.len(),
    })
}

/// Whether the UAX #29 boundary between `prev` and `next` is one of the false breaks above.
fn continues(text: &str, prev: Span, next: Span) -> bool {
    let prev_text = &text[prev.start..prev.end];
    let gap = &text[prev.end..next.start];
    let next_first = text[next.start..].chars().next().unwrap_or(' ');

    if gap.contains('\n') {
        // A hard-wrapped line: no terminal punctuation and the next line goes on in lower case.
        let last = prev_text.chars().next_back().unwrap_or('.');
        return next_first.is_lowercase() && !is_terminal(last) && !is_closing(last);
    }
    let Some(before_dot) = prev_text.strip_suffix('.') else {
        return false;
    };
    let word = last_word(before_dot);
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return next_first.is_uppercase();
    }
    // An initial: one upper-case letter, e.g. "J." in "J. R. Okafor" (not "I." or a list
    // item "A." at the start of a paragraph).
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() && before_dot.len() > word.len() && next_first.is_uppercase() {
            return true;
        }
    }
    if BEFORE_NUMBER.contains(&lower.as_str()) {
        return next_first.is_numeric() || next_first.is_lowercase();
    }
    false
}

fn last_word(s: &str) -> &str {
    let start = s
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..]
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '。' | '！' | '？' | '।' | '۔' | '؟' | ':' | ';'
    )
}

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_titles_initials() {
        assert_eq!(
            split("Mr. Musk met Dr. J. R. Okafor in the U.S. on Jan. 5 at 6.30 p.m. It rained."),
            [
                "Mr. Musk met Dr. J. R. Okafor in the U.S. on Jan. 5 at 6.30 p.m.",
                "It rained."
            ]
        );
        assert_eq!(
            split("He spoke with St. Clair. No. 10 said no. She left."),
            ["He spoke with St. Clair.", "No. 10 said no.", "She left."]
        );
    }

    #[test]
    fn quotes_and_brackets_close_the_sentence() {
        assert_eq!(
            split("\"It is over.\" He left. (She stayed.) Then rain…"),
            ["\"It is over.\"", "He left.", "(She stayed.)", "Then rain…"]
        );
        assert_eq!(
            split("“No, it is not.” Musk said."),
            ["“No, it is not.”", "Musk said."]
        );
    }

    #[test]
    fn headlines_and_paragraphs() {
        let text = "Bridge closed after fault\n\nBERGHAVEN (Wire) - The bridge shut. Traffic\nwas diverted.\nA new line";
        assert_eq!(
            split(text),
            [
                "Bridge closed after fault",
                "BERGHAVEN (Wire) - The bridge shut.",
                "Traffic\nwas diverted.",
                "A new line"
            ]
        );
    }

    #[test]
    fn other_scripts() {
        assert_eq!(
            split("東京に行く。雨だった。"),
            ["東京に行く。", "雨だった。"]
        );
        assert_eq!(split("यह पहला है। यह दूसरा है।"), ["यह पहला है।", "यह दूसरा है।"]);
        assert_eq!(
            split("یہ پہلا ہے۔ یہ دوسرا ہے۔"),
            ["یہ پہلا ہے۔", "یہ دوسرا ہے۔"]
        );
        assert_eq!(
            split("Путин сказал. Потом ушёл."),
            ["Путин сказал.", "Потом ушёл."]
        );
    }

    proptest::proptest! {
        /// Sentence spans lie in order inside their paragraph, on char boundaries, and what is
        /// between them is whitespace only: they tile the paragraph.
        #[test]
        fn sentences_tile_paragraphs(s in "([A-Za-zé.!?\"” \n]|Mr\\. |J\\. |\n\n|。){0,80}") {
            for para in paragraphs(&s) {
                let mut out = Vec::new();
                sentences_into(&s, para, &mut out);
                let mut pos = para.start;
                for sent in &out {
                    proptest::prop_assert!(s.is_char_boundary(sent.start) && s.is_char_boundary(sent.end));
                    proptest::prop_assert!(sent.start >= pos && sent.end > sent.start && sent.end <= para.end);
                    proptest::prop_assert!(s[pos..sent.start].trim().is_empty());
                    pos = sent.end;
                }
                proptest::prop_assert!(s[pos..para.end].trim().is_empty());
                proptest::prop_assert!(!out.is_empty());
            }
        }
    }
}

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
    let mut pending: Option<Span> = None;
    let mut piece_start = para.start;
    let mut breaks = Vec::new();
    let body = &text[para.start..para.end];
    uax29_breaks(body, &mut breaks);
    for b in &mut breaks {
        *b = opening_quote_moved(body, *b);
    }
    breaks.push(para.end - para.start);
    for rel in breaks {
        let piece_end = para.start + rel;
        let piece = trimmed(text, piece_start, piece_end);
        piece_start = piece_end;
        let Some(span) = piece else {
            continue;
        };
        // Undo the false breaks UAX #29 makes in news text (see the module doc).
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

/// Characters after which UAX #29 may end a sentence (its STerm and ATerm classes), as
/// `unicode-segmentation` 1.13 has them. `terminal_table_matches_unicode_segmentation` checks
/// this list against the crate, so an update of its tables cannot go unnoticed.
const TERMINALS: &[char] = &[
    '\u{21}',
    '\u{2E}',
    '\u{3F}',
    '\u{589}',
    '\u{61D}',
    '\u{61E}',
    '\u{61F}',
    '\u{6D4}',
    '\u{700}',
    '\u{701}',
    '\u{702}',
    '\u{7F9}',
    '\u{837}',
    '\u{839}',
    '\u{83D}',
    '\u{83E}',
    '\u{964}',
    '\u{965}',
    '\u{104A}',
    '\u{104B}',
    '\u{1362}',
    '\u{1367}',
    '\u{1368}',
    '\u{166E}',
    '\u{1735}',
    '\u{1736}',
    '\u{17D4}',
    '\u{17D5}',
    '\u{1803}',
    '\u{1809}',
    '\u{1944}',
    '\u{1945}',
    '\u{1AA8}',
    '\u{1AA9}',
    '\u{1AAA}',
    '\u{1AAB}',
    '\u{1B4E}',
    '\u{1B4F}',
    '\u{1B5A}',
    '\u{1B5B}',
    '\u{1B5E}',
    '\u{1B5F}',
    '\u{1B7D}',
    '\u{1B7E}',
    '\u{1B7F}',
    '\u{1C3B}',
    '\u{1C3C}',
    '\u{1C7E}',
    '\u{1C7F}',
    '\u{2024}',
    '\u{203C}',
    '\u{203D}',
    '\u{2047}',
    '\u{2048}',
    '\u{2049}',
    '\u{2CF9}',
    '\u{2CFA}',
    '\u{2CFB}',
    '\u{2E2E}',
    '\u{2E3C}',
    '\u{2E53}',
    '\u{2E54}',
    '\u{3002}',
    '\u{A4FF}',
    '\u{A60E}',
    '\u{A60F}',
    '\u{A6F3}',
    '\u{A6F7}',
    '\u{A876}',
    '\u{A877}',
    '\u{A8CE}',
    '\u{A8CF}',
    '\u{A92F}',
    '\u{A9C8}',
    '\u{A9C9}',
    '\u{AA5D}',
    '\u{AA5E}',
    '\u{AA5F}',
    '\u{AAF0}',
    '\u{AAF1}',
    '\u{ABEB}',
    '\u{FE12}',
    '\u{FE15}',
    '\u{FE16}',
    '\u{FE52}',
    '\u{FE56}',
    '\u{FE57}',
    '\u{FF01}',
    '\u{FF0E}',
    '\u{FF1F}',
    '\u{FF61}',
    '\u{10A56}',
    '\u{10A57}',
    '\u{10F55}',
    '\u{10F56}',
    '\u{10F57}',
    '\u{10F58}',
    '\u{10F59}',
    '\u{10F86}',
    '\u{10F87}',
    '\u{10F88}',
    '\u{10F89}',
    '\u{11047}',
    '\u{11048}',
    '\u{110BE}',
    '\u{110BF}',
    '\u{110C0}',
    '\u{110C1}',
    '\u{11141}',
    '\u{11142}',
    '\u{11143}',
    '\u{111C5}',
    '\u{111C6}',
    '\u{111CD}',
    '\u{111DE}',
    '\u{111DF}',
    '\u{11238}',
    '\u{11239}',
    '\u{1123B}',
    '\u{1123C}',
    '\u{112A9}',
    '\u{113D4}',
    '\u{113D5}',
    '\u{1144B}',
    '\u{1144C}',
    '\u{115C2}',
    '\u{115C3}',
    '\u{115C9}',
    '\u{115CA}',
    '\u{115CB}',
    '\u{115CC}',
    '\u{115CD}',
    '\u{115CE}',
    '\u{115CF}',
    '\u{115D0}',
    '\u{115D1}',
    '\u{115D2}',
    '\u{115D3}',
    '\u{115D4}',
    '\u{115D5}',
    '\u{115D6}',
    '\u{115D7}',
    '\u{11641}',
    '\u{11642}',
    '\u{1173C}',
    '\u{1173D}',
    '\u{1173E}',
    '\u{11944}',
    '\u{11946}',
    '\u{11A42}',
    '\u{11A43}',
    '\u{11A9B}',
    '\u{11A9C}',
    '\u{11C41}',
    '\u{11C42}',
    '\u{11EF7}',
    '\u{11EF8}',
    '\u{11F43}',
    '\u{11F44}',
    '\u{16A6E}',
    '\u{16A6F}',
    '\u{16AF5}',
    '\u{16B37}',
    '\u{16B38}',
    '\u{16B44}',
    '\u{16D6E}',
    '\u{16D6F}',
    '\u{16E98}',
    '\u{1BC9F}',
    '\u{1DA88}',
];

#[inline]
fn is_uax29_terminal(c: char) -> bool {
    if c < '\u{589}' {
        matches!(c, '.' | '!' | '?')
    } else {
        TERMINALS.binary_search(&c).is_ok()
    }
}

#[inline]
fn is_paragraph_separator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// How far past a full stop the UAX #29 look-ahead is followed (rule SB8 looks for the next
/// letter); a window this long without a letter is cut there.
const MAX_LOOKAHEAD: usize = 256;

/// UAX #29 sentence boundaries of `body` (offsets into it, excluding 0 and `body.len()`).
///
/// Running `unicode-segmentation`'s sentence iterator over a whole paragraph spends most of
/// its time classifying letters that can never end a sentence (it was two thirds of the time
/// to prepare a document). A boundary can only follow a terminal (STerm/ATerm) or a paragraph
/// separator, and the rules that decide it look at one character before the terminal and
/// ahead up to the next letter. So the iterator is run on that small window around each
/// terminal only; a property test checks the result equals the iterator over the whole text.
pub fn uax29_breaks(body: &str, out: &mut Vec<usize>) {
    let bytes = body.as_bytes();
    let len = body.len();
    let mut i = 0;
    while i < len {
        let b = bytes[i];
        // Fast skip: ASCII other than `.`, `!`, `?`, CR and LF can neither end a sentence
        // nor separate paragraphs.
        if b < 0x80 && !matches!(b, b'.' | b'!' | b'?' | b'\n' | b'\r') {
            i += 1;
            continue;
        }
        if b < 0x80 && b != b'\n' && b != b'\r' {
            // The common shapes, decided without the iterator: `word. The` (rules SB9-SB11
            // break before the capital), `3.5` (SB6: no break) and a terminal that ends the
            // paragraph (no boundary inside it).
            match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(b' '), Some(n)) if n.is_ascii_uppercase() => {
                    out.push(i + 2);
                    i += 2;
                    continue;
                }
                (Some(n), _) if b == b'.' && n.is_ascii_digit() => {
                    i += 1;
                    continue;
                }
                (None, _) => break,
                _ => {}
            }
        }
        let c = if b < 0x80 {
            b as char
        } else {
            body[i..].chars().next().unwrap_or(' ')
        };
        let c_len = c.len_utf8();
        if is_paragraph_separator(c) {
            // SB3/SB4: CR LF stays together; otherwise break after a separator.
            let end = if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                i + 2
            } else {
                i + c_len
            };
            if end < len {
                out.push(end);
            }
            i = end;
            continue;
        }
        if !is_uax29_terminal(c) {
            i += c_len;
            continue;
        }
        let w0 = body[..i].char_indices().next_back().map_or(i, |(p, _)| p);
        let mut w1 = i + c_len;
        let mut next_letter = None;
        for (off, d) in body[w1..].char_indices() {
            let pos = w1 + off;
            if d.is_alphabetic() || is_paragraph_separator(d) {
                next_letter = Some(pos);
                w1 = pos + d.len_utf8();
                break;
            }
            if pos - i > MAX_LOOKAHEAD {
                w1 = pos;
                next_letter = Some(pos);
                break;
            }
        }
        let next = match next_letter {
            Some(p) => p,
            None => {
                w1 = len;
                len
            }
        };
        for (rel, _) in body[w0..w1].split_sentence_bound_indices().skip(1) {
            let pos = w0 + rel;
            if pos > i && pos <= next && pos < len {
                out.push(pos);
            }
        }
        i = next;
    }
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

/// A break placed after a quote mark that opens the next sentence, moved before it. UAX #29
/// counts every quote mark after a full stop as closing, which is right for `.”` and German
/// `.“ Dann`, but in `意见。“我们…` (Chinese, no space between sentences) the `“` opens the
/// next sentence. A quote mark right after a full stop and right before the next word opens it.
fn opening_quote_moved(body: &str, at: usize) -> usize {
    let (before, after) = body.split_at(at);
    let mut back = before.chars().rev();
    let (Some(quote), Some(stop)) = (back.next(), back.next()) else {
        return at;
    };
    let opens = matches!(quote, '“' | '‘' | '«' | '„' | '「' | '『' | '《');
    let next_is_word = after.chars().next().is_some_and(|c| c.is_alphanumeric());
    if opens && is_terminal(stop) && next_is_word {
        at - quote.len_utf8()
    } else {
        at
    }
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
    fn a_quote_mark_that_opens_the_next_sentence_goes_with_it() {
        assert_eq!(
            split("居民几乎没有时间发表意见。“我们为这份预算感到自豪，”奥卡福说。"),
            [
                "居民几乎没有时间发表意见。",
                "“我们为这份预算感到自豪，”奥卡福说。"
            ]
        );
        // German closes with `“`: after a full stop and a space it stays where it is.
        assert_eq!(
            split("Er sagte: „Wir sind stolz.“ Dann ging er."),
            ["Er sagte: „Wir sind stolz.“", "Dann ging er."]
        );
        assert_eq!(split("He left.” Then"), ["He left.”", "Then"]);
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

    #[test]
    fn terminal_table_matches_unicode_segmentation() {
        assert!(
            TERMINALS.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
        let mut derived = Vec::new();
        let mut s = String::new();
        for cp in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if c.is_alphanumeric() || c.is_whitespace() {
                continue;
            }
            s.clear();
            s.push('a');
            s.push(c);
            s.push_str(" B");
            if s.split_sentence_bounds().count() > 1 {
                derived.push(c);
            }
        }
        assert_eq!(derived, TERMINALS);
    }

    proptest::proptest! {
        /// The windowed driver finds exactly the boundaries of the plain UAX #29 iterator.
        #[test]
        fn windowed_breaks_equal_full_uax29(s in "([A-Za-z0-9.!?\"”)( ,\n]|\r\n|。|é|Ab|\\. [A-Z]|[!?.] \"|\\.\\.\\.){0,60}") {
            let mut windowed = Vec::new();
            uax29_breaks(&s, &mut windowed);
            let full: Vec<usize> = s
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .filter(|&i| i > 0)
                .collect();
            proptest::prop_assert_eq!(windowed, full);
        }

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

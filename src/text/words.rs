//! Words: a text span in, tokens with byte offsets out.
//!
//! News text needs more than whitespace splitting and less than a full UAX #29 word breaker:
//! `1,200`, `3.5`, `6.30`, `don't`, `Kremlin's`, `well-known`, `@elonmusk`, `#Ukraine` and
//! `https://example.org/a?b=c` must each be one token, while `Putin.` and `(true)` must not
//! swallow their punctuation. Punctuation is kept as tokens of its own (the diff stage reports
//! changes of punctuation); whitespace is not a token.
//!
//! Ideographs (Han, kana) have no spaces between words; each one is a token, which is what a
//! word diff over such text needs without a dictionary.
//!
//! The scanner walks bytes with an ASCII fast path and decodes a `char` only for non-ASCII.

use serde::{Deserialize, Serialize};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Letters (any script), with inner apostrophes, hyphens and combining marks.
    Word,
    /// Digits, with inner `,` `.` `:` between digits (`1,200`, `3.5`, `6:30`).
    Number,
    /// `@handle`
    Handle,
    /// `#tag`
    Tag,
    /// `http://...`, `https://...`, `www....`
    Url,
    /// One ideographic character.
    Ideograph,
    /// One punctuation or symbol character.
    Punct,
}

impl TokenKind {
    /// Whether the token carries words (everything except punctuation).
    pub fn is_wordlike(self) -> bool {
        !matches!(self, TokenKind::Punct)
    }
}

/// A token as a span of the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

#[inline]
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0x20000..=0x2FFFF)
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text[i..].chars().next()
    }
}

#[inline]
fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '‑' | '·' | '.')
}

/// Tokenises `text[range]` and appends tokens (with offsets into `text`) to `out`.
pub fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if b < 0x80 {
            if b.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            if b.is_ascii_alphanumeric() {
                // URLs start with `http` or `www` (case-sensitive in `url_at`): only those two
                // bytes pay for the prefix checks.
                let url = if matches!(b, b'h' | b'w') {
                    url_at(text, i, end)
                } else {
                    None
                };
                if let Some(url_end) = url {
                    out.push(Token {
                        start: i,
                        end: url_end,
                        kind: TokenKind::Url,
                    });
                    i = url_end;
                    continue;
                }
                let (tok_end, kind) = scan_word(text, i, end);
                out.push(Token {
                    start: i,
                    end: tok_end,
                    kind,
                });
                i = tok_end;
                continue;
            }
            if (b == b'@' || b == b'#') && i + 1 < end {
                if let Some(c) = char_at(text, i + 1) {
                    if c.is_alphanumeric() || c == '_' {
                        let mut j = i + 1;
                        while j < end {
                            let c = char_at(text, j).unwrap_or(' ');
                            if c.is_alphanumeric() || c == '_' {
                                j += c.len_utf8();
                            } else {
                                break;
                            }
                        }
                        let kind = if b == b'@' {
                            TokenKind::Handle
                        } else {
                            TokenKind::Tag
                        };
                        out.push(Token {
                            start: i,
                            end: j,
                            kind,
                        });
                        i = j;
                        continue;
                    }
                }
            }
            out.push(Token {
                start: i,
                end: i + 1,
                kind: TokenKind::Punct,
            });
            i += 1;
            continue;
        }
        let c = char_at(text, i).unwrap_or(' ');
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
        } else if is_ideograph(c) {
            out.push(Token {
                start: i,
                end: i + len,
                kind: TokenKind::Ideograph,
            });
            i += len;
        } else if is_word_char(c) {
            let (tok_end, kind) = scan_word(text, i, end);
            out.push(Token {
                start: i,
                end: tok_end,
                kind,
            });
            i = tok_end;
        } else {
            out.push(Token {
                start: i,
                end: i + len,
                kind: TokenKind::Punct,
            });
            i += len;
        }
    }
}

/// Tokenises a whole text.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, 0, text.len(), &mut out);
    out
}

const LETTER: u8 = 1;
const DIGIT: u8 = 2;

/// Class of each ASCII byte inside a word: `LETTER` (letters, underscore), `DIGIT`, or 0 (ends
/// the run). One table look-up per byte keeps the hottest loop of tokenisation short.
static ASCII_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() || c == b'_' {
            LETTER
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Scans a word or number starting at `i` (which holds a word character).
fn scan_word(text: &str, start: usize, end: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut all_digits = true;
    let mut any_digit = false;
    loop {
        // A run of word characters: a tight loop over ASCII, `char` decoding only beyond it.
        let mut classes = 0u8;
        while i < end {
            let class = ASCII_CLASS[bytes[i] as usize];
            if class == 0 {
                break;
            }
            classes |= class;
            i += 1;
        }
        all_digits &= classes & LETTER == 0;
        any_digit |= classes & DIGIT != 0;
        while i < end && bytes[i] >= 0x80 {
            let c = char_at(text, i).unwrap_or(' ');
            if is_word_char(c) && !is_ideograph(c) {
                all_digits &= c.is_numeric();
                any_digit |= c.is_numeric();
                i += c.len_utf8();
                while i < end && ASCII_CLASS[bytes[i] as usize] != 0 {
                    all_digits &= bytes[i].is_ascii_digit();
                    any_digit |= bytes[i].is_ascii_digit();
                    i += 1;
                }
            } else {
                break;
            }
        }
        // An inner joiner followed by another word character continues the token:
        // `don't`, `well-known`, `U.S`, `3.5`, `1,200` (digits only), `6:30` (digits only).
        if i >= end {
            break;
        }
        let Some(j) = char_at(text, i) else { break };
        let after = i + j.len_utf8();
        let Some(next) = (after < end).then(|| char_at(text, after)).flatten() else {
            break;
        };
        let digit_sep = matches!(j, ',' | ':' | '.') && next.is_ascii_digit() && all_digits;
        let word_sep = is_inner_joiner(j)
            && is_word_char(next)
            && !is_ideograph(next)
            && (j != '.' || is_dotted_abbreviation(text, start, i, next));
        if digit_sep || word_sep {
            i = after;
        } else {
            break;
        }
    }
    // Keep the final dot of a dotted abbreviation such as `U.S.` inside the token.
    if i < end && bytes[i] == b'.' && text[start..i].contains('.') && !all_digits {
        i += 1;
    }
    let kind = if all_digits && any_digit {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    (i, kind)
}

/// `U.S`, `e.g`, `a.m`: single letters joined by dots. `Putin.The` is not one.
fn is_dotted_abbreviation(text: &str, start: usize, dot: usize, next: char) -> bool {
    let before = &text[start..dot];
    let last_part = before.rsplit('.').next().unwrap_or(before);
    last_part.chars().count() == 1 && {
        let after = dot + 1 + next.len_utf8();
        after >= text.len() || !char_at(text, after).is_some_and(is_word_char)
    }
}

/// The end of a URL starting at `i`, if one starts there.
fn url_at(text: &str, i: usize, end: usize) -> Option<usize> {
    let rest = &text[i..end];
    let starts =
        rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.");
    if !starts {
        return None;
    }
    let mut j = i;
    for c in text[i..end].chars() {
        if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '“' | '”' | '»' | '«') {
            break;
        }
        j += c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence, not the URL.
    while j > i
        && matches!(
            text.as_bytes()[j - 1],
            b'.' | b',' | b')' | b';' | b':' | b'!' | b'?' | b'\''
        )
    {
        j -= 1;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    fn kinds(text: &str) -> Vec<TokenKind> {
        tokenize(text).iter().map(|t| t.kind).collect()
    }

    #[test]
    fn news_tokens() {
        assert_eq!(
            toks("He paid $1,200.50 at 6:30 for 3.5 kg, didn't he?"),
            [
                "He", "paid", "$", "1,200.50", "at", "6:30", "for", "3.5", "kg", ",", "didn't",
                "he", "?"
            ]
        );
        assert_eq!(
            toks("Kremlin’s well-known (true)."),
            ["Kremlin’s", "well-known", "(", "true", ")", "."]
        );
        assert_eq!(
            toks("the U.S. and e.g. this"),
            ["the", "U.S.", "and", "e.g.", "this"]
        );
        assert_eq!(toks("space.The end"), ["space", ".", "The", "end"]);
    }

    #[test]
    fn handles_tags_urls() {
        assert_eq!(
            toks("@elonmusk #Ukraine see https://x.org/a?b=1."),
            ["@elonmusk", "#Ukraine", "see", "https://x.org/a?b=1", "."]
        );
        assert_eq!(
            kinds("@a #b https://c.d 12"),
            [
                TokenKind::Handle,
                TokenKind::Tag,
                TokenKind::Url,
                TokenKind::Number
            ]
        );
    }

    #[test]
    fn other_scripts() {
        assert_eq!(toks("Путин сказал."), ["Путин", "сказал", "."]);
        assert_eq!(toks("नमस्ते दुनिया।"), ["नमस्ते", "दुनिया", "।"]);
        assert_eq!(toks("東京に行く。"), ["東", "京", "に", "行", "く", "。"]);
        assert_eq!(toks("Nausėda"), ["Nausėda"]);
    }

    proptest::proptest! {
        #[test]
        fn tokens_are_ordered_valid_slices(s in "\\PC{0,60}") {
            let tokens = tokenize(&s);
            let mut last = 0;
            for t in tokens {
                proptest::prop_assert!(t.start >= last && t.end > t.start);
                proptest::prop_assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
                proptest::prop_assert!(!s[last..t.start].chars().any(|c| !c.is_whitespace()));
                last = t.end;
            }
        }
    }
}

//! Fast words for dedup: an article's text in, one `u64` key hash per word out (via a callback).
//!
//! Candidate search has to run at hundreds of MB/s, so it cannot afford `Doc::prepare` (sentence
//! segmentation, a `Token` per word, punctuation tokens). Duplicate detection only needs the
//! sequence of word match keys, and those must agree with [`crate::text::normalize`]: a reprint
//! that turned `don't` into `don’t` or `Musk` into `ＭUSK` is still a copy. So this scanner
//! walks bytes with an ASCII fast path (lower-case into a stack buffer, xxh3 seed 0: the same
//! hash as [`key_hash`]`(`[`match_key`]`(word))`) and falls back to the match-key code for any
//! word with a non-ASCII character. No allocation per word.
//!
//! A word here is a maximal run of letters, digits and combining marks; everything else
//! (punctuation, apostrophes, hyphens) separates words and is dropped. That makes `well-known`
//! two words and `don’t`/`don't` the same pair of words, which is what a copy detector wants.
//! Each ideograph (Han, kana) is a word of its own, as in [`crate::text::words`].
//!
//! [`key_hash`]: crate::text::normalize::key_hash
//! [`match_key`]: crate::text::normalize::match_key

use crate::text::normalize::{key_hash, match_key_into};

/// What the callback learns about each word besides its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordInfo {
    /// Key hash (xxh3 seed 0 of the match key).
    pub hash: u64,
    /// Length of the word in characters (a cheap proxy to skip short function words).
    pub chars: u32,
    /// The word starts with an upper-case letter and does not start a sentence: a name.
    pub name: bool,
}

#[inline]
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Longest word hashed on the stack; longer ones (URLs glued together, junk) go through
/// `scratch`.
const STACK_WORD: usize = 48;

/// Lower-cased byte for ASCII letters and digits, 0 for everything else (including every
/// non-ASCII byte): one table load per byte in the hot loop instead of range checks.
static ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// The high bit of every byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `0x80` in each byte of `v` (eight bytes of text, little-endian) that is an ASCII letter or
/// digit, 0 elsewhere: the [`ASCII_WORD`] test for eight bytes at once, without a table load
/// or a branch per byte. For a 7-bit byte `x`, `x + (0x80 - lo)` has its high bit set exactly
/// when `x >= lo` and never carries into the next byte; `x | 0x20` folds upper-case letters
/// onto lower-case ones and maps no other byte into `a..=z`.
#[inline]
fn ascii_word_mask(v: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let at_least = |x: u64, lo: u8| x.wrapping_add((0x80 - lo as u64) * 0x0101_0101_0101_0101);
    let x = v & LOW7;
    let l = x | 0x2020_2020_2020_2020;
    let letter = at_least(l, b'a') & !at_least(l, b'z' + 1);
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    (letter | digit) & !v & HIGH_BITS
}

/// Calls `emit` for every word of `text`, in order. `scratch` is reused for non-ASCII words.
pub fn for_each_word(text: &str, scratch: &mut String, mut emit: impl FnMut(WordInfo)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    // True at the start and after `.`, `!`, `?` or a blank line: the next capital is not a name.
    let mut sentence_start = true;
    let mut buf = [0u8; STACK_WORD];
    while i < n {
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_WORD[b as usize] != 0 {
                let start = i;
                // Classify eight bytes at a time in a register: the end of the word is the
                // first byte that is not a letter or digit. Each chunk is lower-cased into
                // `buf` as it goes (bytes past the end are lower-cased too but never hashed).
                let mut len = 0;
                let mut found = false;
                while len < STACK_WORD {
                    let Some(w) = bytes.get(start + len..start + len + 8) else {
                        break;
                    };
                    let v = u64::from_le_bytes(w.try_into().unwrap_or_default());
                    // len is a multiple of 8 under STACK_WORD (48), so the chunk fits.
                    buf[len..len + 8].copy_from_slice(&(v | 0x2020_2020_2020_2020).to_le_bytes());
                    let stop = !ascii_word_mask(v) & HIGH_BITS;
                    if stop != 0 {
                        len += stop.trailing_zeros() as usize / 8;
                        found = true;
                        break;
                    }
                    len += 8;
                }
                if found {
                    i = start + len;
                } else {
                    // Long word or end of text: find the end (one table load per byte), then
                    // lower-case the word in one go.
                    i = start + len.max(1);
                    while i < n && ASCII_WORD[bytes[i] as usize] != 0 {
                        i += 1;
                    }
                    if i - start <= STACK_WORD {
                        lower_into(bytes, start, i - start, &mut buf);
                    }
                }
                let len = i - start;
                if i < n && bytes[i] >= 0x80 && continues_word(text, i) {
                    // `café`, `Nausėda`: the whole word goes through the match-key path.
                    i = unicode_word_end(text, i);
                    emit(slow_word(&text[start..i], scratch, sentence_start));
                } else if len <= STACK_WORD {
                    emit(WordInfo {
                        hash: xxhash_rust::xxh3::xxh3_64(&buf[..len]),
                        chars: len as u32,
                        name: !sentence_start && b.is_ascii_uppercase(),
                    });
                } else {
                    emit(slow_word(&text[start..i], scratch, sentence_start));
                }
                sentence_start = false;
            } else if b == b' ' {
                // The commonest separator, and it changes nothing.
                i += 1;
            } else {
                let blank_line = b == b'\n' && i + 1 < n && bytes[i + 1] == b'\n';
                if matches!(b, b'.' | b'!' | b'?') || blank_line {
                    sentence_start = true;
                }
                i += 1;
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if is_ideograph(c) {
            let mut tmp = [0u8; 4];
            emit(WordInfo {
                hash: key_hash(c.encode_utf8(&mut tmp)),
                chars: 1,
                name: false,
            });
            sentence_start = false;
            i += len;
        } else if is_word_char(c) {
            let start = i;
            i = unicode_word_end(text, i);
            emit(slow_word(&text[start..i], scratch, sentence_start));
            sentence_start = false;
        } else {
            if matches!(c, '。' | '…' | '！' | '？' | '।') {
                sentence_start = true;
            }
            i += len;
        }
    }
}

/// Lower-cases the ASCII letters and digits `bytes[start..start + len]` into `buf[..len]`,
/// eight bytes at a time: for letters and digits, lower-casing is setting bit 0x20 (digits
/// already have it). Whole-word stores also let the hash's 4- and 8-byte loads be forwarded
/// from the store buffer; byte-wise stores made them stall (measured: 10% of the scan).
#[inline]
fn lower_into(bytes: &[u8], start: usize, len: usize, buf: &mut [u8; STACK_WORD]) {
    let mut c = 0;
    while c < len {
        if start + c + 8 <= bytes.len() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[start + c..start + c + 8]);
            let v = u64::from_le_bytes(w) | 0x2020_2020_2020_2020;
            // c < len <= STACK_WORD and c is a multiple of 8, so c + 8 <= STACK_WORD.
            buf[c..c + 8].copy_from_slice(&v.to_le_bytes());
        } else {
            for t in c..len {
                buf[t] = bytes[start + t] | 0x20;
            }
        }
        c += 8;
    }
}

/// Whether the non-ASCII character at `i` continues a word (a letter, not an ideograph).
fn continues_word(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_some_and(|c| is_word_char(c) && !is_ideograph(c))
}

/// End of the word run starting at (or continuing at) `i`.
fn unicode_word_end(text: &str, mut i: usize) -> usize {
    for c in text[i..].chars() {
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            is_word_char(c) && !is_ideograph(c)
        };
        if !word {
            break;
        }
        i += c.len_utf8();
    }
    i
}

fn slow_word(word: &str, scratch: &mut String, sentence_start: bool) -> WordInfo {
    match_key_into(word, scratch);
    let first_upper = word.chars().next().is_some_and(|c| c.is_uppercase());
    WordInfo {
        hash: key_hash(scratch),
        chars: word.chars().count() as u32,
        name: !sentence_start && first_upper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::{key_hash, match_key};

    fn words(text: &str) -> Vec<WordInfo> {
        let mut out = Vec::new();
        for_each_word(text, &mut String::new(), |w| out.push(w));
        out
    }

    #[test]
    fn hashes_agree_with_match_keys() {
        let got: Vec<u64> = words("Musk’s café ＭUSK, Nausėda 1,200")
            .iter()
            .map(|w| w.hash)
            .collect();
        let want: Vec<u64> = ["musk", "s", "café", "musk", "nausėda", "1", "200"]
            .iter()
            .map(|w| key_hash(&match_key(w)))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn fast_lower_casing_matches_match_keys() {
        for text in [
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 x",
            "Zz9",
            "MiXeD CaSe WoRdS 2025 AbCdEfGhIj",
            "ENDSWITHALONGWORDWITHOUTSPACE",
        ] {
            let got: Vec<u64> = words(text).iter().map(|w| w.hash).collect();
            let want: Vec<u64> = text.split(' ').map(|w| key_hash(&match_key(w))).collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn every_word_length_hashes_like_its_match_key() {
        let alphabet = b"aZ9qM0xK";
        for len in 1..=60 {
            let word: String = (0..len)
                .map(|i| alphabet[(i * 7 + len) % alphabet.len()] as char)
                .collect();
            for text in [
                word.clone(),
                format!("{word} x"),
                format!("{word}, then {word}.\n\n{word}-{word}"),
            ] {
                let got: Vec<u64> = words(&text).iter().map(|w| w.hash).collect();
                let want: Vec<u64> = text
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(|w| key_hash(&match_key(w)))
                    .collect();
                assert_eq!(got, want, "{text}");
            }
        }
    }

    #[test]
    fn word_mask_agrees_with_the_table() {
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut w = [b' '; 8];
                w[pos] = b;
                let m = ascii_word_mask(u64::from_le_bytes(w));
                let want = if ASCII_WORD[b as usize] != 0 {
                    0x80u64 << (8 * pos)
                } else {
                    0
                };
                assert_eq!(m, want, "byte {b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn typography_does_not_change_words() {
        let a: Vec<u64> = words("“Don't” — he said").iter().map(|w| w.hash).collect();
        let b: Vec<u64> = words("\"Don’t\" - he said")
            .iter()
            .map(|w| w.hash)
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn names_are_capitals_inside_sentences() {
        let names: Vec<bool> = words("The mayor met Anna Berg. Then Berg left")
            .iter()
            .map(|w| w.name)
            .collect();
        assert_eq!(names, [false, false, false, true, true, false, true, false]);
    }

    #[test]
    fn ideographs_and_long_words() {
        assert_eq!(words("東京に").len(), 3);
        let long = "x".repeat(200);
        let w = words(&long);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].hash, key_hash(&long));
        assert!(words("").is_empty());
        assert!(words(" ,.;!").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_counts_chars(s in "\\PC{0,80}") {
            for w in words(&s) {
                proptest::prop_assert!(w.chars >= 1);
            }
        }
    }
}

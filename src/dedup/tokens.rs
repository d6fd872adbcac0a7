//! Fast words for dedup: an article's text in, one `u64` key hash per word out (via a callback).
//!
//! Candidate search has to run at hundreds of MB/s, so it cannot afford `Doc::prepare` (sentence
//! segmentation, a `Token` per word, punctuation tokens). Duplicate detection only needs the
//! sequence of word match keys, and those must agree with [`crate::text::normalize`]: a reprint
//! that turned `don't` into `don’t` or `Musk` into `ＭUSK` is still a copy. So every word is
//! hashed as [`word_hash`]`(`[`match_key`]`(word))`, whichever path it takes:
//!
//! - The text is classified 16 bytes at a time (SSE2 on x86-64) into bitmaps of ASCII letters
//!   and digits, non-ASCII bytes and sentence ends; finding the next word and its end is then a
//!   bit scan. A word of ASCII letters and digits (almost every word of English news),
//!   lower-cased by setting bit `0x20`, is its own match key, hashed straight from the text.
//! - Any word with a non-ASCII character goes through the match-key code (NFKC, case folding).
//!
//! The hash is not xxh3 (the hash of match keys elsewhere): xxh3 was a fifth of the scan's
//! instructions, and a word hash here only has to be well mixed and the same on both paths. [`word_hash`] absorbs
//! the key eight bytes at a time with one multiply each and finishes with one more.
//! No allocation per word.
//!
//! A word here is a maximal run of letters, digits and combining marks; everything else
//! (punctuation, apostrophes, hyphens) separates words and is dropped. That makes `well-known`
//! two words and `don’t`/`don't` the same pair of words, which is what a copy detector wants.
//! Each ideograph (Han, kana) is a word of its own, as in [`crate::text::words`].
//!
//! [`match_key`]: crate::text::normalize::match_key

use crate::text::normalize::match_key_into;

/// What the callback learns about each word besides its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordInfo {
    /// [`word_hash`] of the match key.
    pub hash: u64,
    /// Length of the word in characters (a cheap proxy to skip short function words).
    pub chars: u32,
    /// The word starts with an upper-case letter and does not start a sentence: a name.
    pub name: bool,
}

/// Starting value of [`word_hash`] (part of the output contract: it decides which words, and
/// so which shingles, are equal).
const WORD_SEED: u64 = 0x243F_6A88_85A3_08D3;

#[inline]
fn absorb(h: u64, chunk: u64) -> u64 {
    (h ^ chunk)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(29)
}

/// Mixes in the key length (so that keys differing only in trailing zero bytes differ), then
/// one multiply and a fold of the high half onto the low half: every output bit then depends
/// on every input bit, and over keys of one length up to eight bytes the whole hash is a
/// bijection, so two such words never collide.
#[inline]
fn finish(h: u64, len: usize) -> u64 {
    let h = (h ^ len as u64).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 29)
}

/// The hash of a match key, as every word of the dedup scan is hashed.
pub fn word_hash(key: &[u8]) -> u64 {
    let mut h = WORD_SEED;
    for chunk in key.chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        h = absorb(h, u64::from_le_bytes(w));
    }
    finish(h, key.len())
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

/// Reusable buffers of the scan: no allocation per article once warm.
#[derive(Debug, Default)]
pub struct ScanScratch {
    /// Match key of the current non-ASCII word.
    key: String,
    /// The text, zero-padded to whole 64-byte blocks plus one.
    padded: Vec<u8>,
    /// One bit per byte of the text (bit `i % 64` of element `i / 64`), plus one zero element
    /// past the end so that searches stop there: ASCII letters and digits.
    word: Vec<u64>,
    /// Non-ASCII bytes.
    high: Vec<u64>,
    /// Bytes that end a sentence: `.`, `!`, `?`, and the first `\n` of a blank line.
    ends: Vec<u64>,
}

/// Classes of up to 64 bytes, one bit per byte: (ASCII letter or digit, non-ASCII, `.!?`,
/// `\n`).
type Classes = (u64, u64, u64, u64);

/// [`Classes`] of 16 bytes with SSE2 (part of every x86-64 CPU), through `safe_arch`'s safe
/// wrappers: a dozen vector instructions for 16 bytes, where a byte loop cost nine
/// instructions a byte (measured; the compiler does not vectorise it).
#[cfg(target_feature = "sse2")]
#[inline]
fn classify16(chunk: &[u8; 16]) -> Classes {
    use safe_arch::*;
    let v = m128i::from(*chunk);
    let splat = |b: u8| set_splat_i8_m128i(b as i8);
    // Signed compares: non-ASCII bytes are negative, so they are neither letters nor digits.
    let between = |x: m128i, lo: u8, hi: u8| {
        bitand_m128i(
            cmp_gt_mask_i8_m128i(x, splat(lo - 1)),
            cmp_lt_mask_i8_m128i(x, splat(hi + 1)),
        )
    };
    let word = bitor_m128i(
        between(bitor_m128i(v, splat(0x20)), b'a', b'z'),
        between(v, b'0', b'9'),
    );
    let eq = |b: u8| cmp_eq_mask_i8_m128i(v, splat(b));
    let term = bitor_m128i(bitor_m128i(eq(b'.'), eq(b'!')), eq(b'?'));
    let bits = |x: m128i| move_mask_i8_m128i(x) as u16 as u64;
    (bits(word), bits(v), bits(term), bits(eq(b'\n')))
}

/// [`Classes`] of 16 bytes, a byte at a time (targets without SSE2, and the reference the
/// SSE2 version is tested against).
#[cfg_attr(target_feature = "sse2", allow(dead_code))]
fn classify16_bytes(chunk: &[u8; 16]) -> Classes {
    let mut c = (0, 0, 0, 0);
    for (i, &b) in chunk.iter().enumerate() {
        c.0 |= (b.is_ascii_alphanumeric() as u64) << i;
        c.1 |= ((b >= 0x80) as u64) << i;
        c.2 |= (matches!(b, b'.' | b'!' | b'?') as u64) << i;
        c.3 |= ((b == b'\n') as u64) << i;
    }
    c
}

/// [`Classes`] of one 64-byte block.
#[inline]
fn classify64(block: &[u8; 64]) -> Classes {
    let mut c = (0, 0, 0, 0);
    for (q, chunk) in block.chunks_exact(16).enumerate() {
        let chunk: &[u8; 16] = chunk.try_into().unwrap_or(&[0; 16]);
        #[cfg(target_feature = "sse2")]
        let (w, h, t, nl) = classify16(chunk);
        #[cfg(not(target_feature = "sse2"))]
        let (w, h, t, nl) = classify16_bytes(chunk);
        let shift = 16 * q;
        c.0 |= w << shift;
        c.1 |= h << shift;
        c.2 |= t << shift;
        c.3 |= nl << shift;
    }
    c
}

/// Copies `bytes` into the scratch buffer with zero padding (whole 64-byte blocks and one
/// block more: every 8-byte load at a word inside the text is then in bounds, with no tail
/// case) and fills the bitmaps.
fn classify(bytes: &[u8], s: &mut ScanScratch) {
    let blocks = bytes.len().div_ceil(64) + 1;
    s.padded.clear();
    s.padded.extend_from_slice(bytes);
    s.padded.resize(64 * blocks, 0);
    for v in [&mut s.word, &mut s.high, &mut s.ends] {
        v.clear();
        v.resize(blocks, 0);
    }
    let mut prev_newlines = 0u64;
    for (k, block) in s.padded.chunks_exact(64).enumerate() {
        let block = <&[u8; 64]>::try_from(block).unwrap_or(&[0; 64]);
        let (word, high, term, newlines) = classify64(block);
        s.word[k] = word;
        s.high[k] = high;
        s.ends[k] = term;
        if k > 0 {
            s.ends[k - 1] |= blank_lines(prev_newlines, newlines);
        }
        prev_newlines = newlines;
    }
}

/// Bits of newlines followed by a newline, given the newline bits of a block and of the next.
#[inline]
fn blank_lines(newlines: u64, next: u64) -> u64 {
    newlines & (newlines >> 1 | next << 63)
}

/// First position at or after `from` whose bit is set; `usize::MAX` when there is none.
#[inline]
fn next_set(bits: &[u64], from: usize) -> usize {
    let mut k = from / 64;
    let Some(&first) = bits.get(k) else {
        return usize::MAX;
    };
    let m = first >> (from % 64);
    if m != 0 {
        return from + m.trailing_zeros() as usize;
    }
    loop {
        k += 1;
        match bits.get(k) {
            None => return usize::MAX,
            Some(&0) => {}
            Some(&m) => return k * 64 + m.trailing_zeros() as usize,
        }
    }
}

/// First position at or after `from` whose bit is clear (the trailing zero element guarantees
/// one).
#[inline]
fn next_clear(bits: &[u64], from: usize) -> usize {
    let mut k = from / 64;
    let mut m = !bits[k] >> (from % 64);
    if m != 0 {
        return from + m.trailing_zeros() as usize;
    }
    loop {
        k += 1;
        m = !bits.get(k).copied().unwrap_or(0);
        if m != 0 {
            return k * 64 + m.trailing_zeros() as usize;
        }
    }
}

/// Bit `0x20` of every byte: for ASCII letters and digits, setting it is lower-casing.
const LOWER_BITS: u64 = 0x2020_2020_2020_2020;

/// Eight bytes of the padded text from `i`, little-endian.
#[inline]
fn load8(padded: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&padded[i..i + 8]);
    u64::from_le_bytes(w)
}

/// [`word_hash`] of the lower-cased ASCII word `padded[start..start + len]` (`len >= 1`),
/// straight from the text: lower-casing a letter or digit is setting bit `0x20`.
#[inline]
fn ascii_word_hash(padded: &[u8], start: usize, len: usize) -> u64 {
    let mut h = WORD_SEED;
    let mut at = 0;
    while len - at > 8 {
        h = absorb(h, load8(padded, start + at) | LOWER_BITS);
        at += 8;
    }
    let tail = len - at;
    h = absorb(
        h,
        (load8(padded, start + at) | LOWER_BITS) & (u64::MAX >> (64 - 8 * tail)),
    );
    finish(h, len)
}

/// Calls `emit` for every word of `text`, in order.
///
/// The text is first classified into bitmaps (letters and digits, non-ASCII bytes, sentence
/// ends); words are then runs of set bits, found a 64-byte block at a time with bit tricks
/// rather than a loop over bytes. Non-ASCII bytes and sentence ends are rare, so the loop
/// only tracks where the next one is and compares positions.
pub fn for_each_word(text: &str, s: &mut ScanScratch, mut emit: impl FnMut(WordInfo)) {
    let bytes = text.as_bytes();
    classify(bytes, s);
    let ScanScratch {
        key,
        padded,
        word,
        high,
        ends,
    } = s;
    let mut next_high = next_set(high, 0);
    let mut next_end = next_set(ends, 0);
    // True at the start and after `.`, `!`, `?` or a blank line: the next capital is not a name.
    let mut sentence_start = true;
    // The block being scanned, and its word bits not consumed yet.
    let (mut block, mut bits) = (0, word[0]);
    loop {
        while bits == 0 {
            block += 1;
            match word.get(block) {
                Some(&b) => bits = b,
                None => break,
            }
        }
        let first = bits.trailing_zeros() as usize;
        let start = if bits == 0 {
            usize::MAX
        } else {
            block * 64 + first
        };
        if next_end < start.min(next_high) {
            sentence_start = true;
            next_end = next_set(ends, start.min(next_high));
        }
        if next_high < start {
            // A non-ASCII character comes first: decode it, then resume after it.
            let at = next_high;
            let c = text[at..].chars().next().unwrap_or(' ');
            let mut pos = at + c.len_utf8();
            if is_ideograph(c) {
                // Through the match key too: compatibility ideographs (U+F900..) fold onto
                // unified ones.
                emit(slow_word(&text[at..pos], key, false));
                sentence_start = false;
            } else if is_word_char(c) {
                pos = unicode_word_end(text, at);
                emit(slow_word(&text[at..pos], key, sentence_start));
                sentence_start = false;
            } else if matches!(c, '。' | '…' | '！' | '？' | '।') {
                sentence_start = true;
            }
            (block, bits) = resume(word, pos);
            next_high = next_set(high, pos);
            next_end = next_set(ends, pos);
            continue;
        }
        if start == usize::MAX {
            break;
        }
        // The run of word bits from `first`; a run reaching the end of the block goes on in
        // the next one.
        let run = (!(bits >> first)).trailing_zeros() as usize;
        let mut end = start + run;
        if first + run == 64 {
            end = next_clear(word, end);
        }
        if end == next_high && continues_word(text, end) {
            // `café`, `Nausėda`: the whole word goes through the match-key path.
            let pos = unicode_word_end(text, end);
            emit(slow_word(&text[start..pos], key, sentence_start));
            (block, bits) = resume(word, pos);
            next_high = next_set(high, pos);
            next_end = next_set(ends, pos);
        } else {
            emit(WordInfo {
                hash: ascii_word_hash(padded, start, end - start),
                chars: (end - start) as u32,
                name: !sentence_start && bytes[start].is_ascii_uppercase(),
            });
            if first + run < 64 {
                // Clear the run: adding its lowest bit carries through it.
                bits &= bits.wrapping_add(1 << first);
            } else {
                (block, bits) = resume(word, end);
            }
        }
        sentence_start = false;
    }
}

/// The block holding position `pos` and its word bits from `pos` on.
#[inline]
fn resume(word: &[u64], pos: usize) -> (usize, u64) {
    let block = pos / 64;
    (
        block,
        word.get(block).map_or(0, |&b| b & (!0u64 << (pos % 64))),
    )
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
        hash: word_hash(scratch.as_bytes()),
        chars: word.chars().count() as u32,
        name: !sentence_start && first_upper,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::match_key;

    fn words(text: &str) -> Vec<WordInfo> {
        let mut out = Vec::new();
        for_each_word(text, &mut ScanScratch::default(), |w| out.push(w));
        out
    }

    fn key(word: &str) -> u64 {
        word_hash(match_key(word).as_bytes())
    }

    /// The scan's definition, one character at a time: what the fast paths must reproduce.
    fn reference(text: &str) -> Vec<WordInfo> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let in_word = |c: char| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else {
                is_word_char(c) && !is_ideograph(c)
            }
        };
        let (mut out, mut sentence_start, mut j) = (Vec::new(), true, 0);
        while j < chars.len() {
            let (at, c) = chars[j];
            if is_ideograph(c) {
                out.push(WordInfo {
                    hash: key(&c.to_string()),
                    chars: 1,
                    name: false,
                });
                sentence_start = false;
                j += 1;
            } else if in_word(c) {
                let mut e = j;
                while e < chars.len() && in_word(chars[e].1) {
                    e += 1;
                }
                let end = chars.get(e).map_or(text.len(), |x| x.0);
                out.push(WordInfo {
                    hash: key(&text[at..end]),
                    chars: (e - j) as u32,
                    name: !sentence_start && c.is_uppercase(),
                });
                sentence_start = false;
                j = e;
            } else {
                let blank = c == '\n' && chars.get(j + 1).is_some_and(|x| x.1 == '\n');
                if blank || matches!(c, '.' | '!' | '?' | '。' | '…' | '！' | '？' | '।') {
                    sentence_start = true;
                }
                j += 1;
            }
        }
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
            .map(|w| key(w))
            .collect();
        assert_eq!(got, want);
        assert_ne!(key("a"), key("a\0"), "zero padding is not part of a key");
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
            let want: Vec<u64> = text.split(' ').map(key).collect();
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
                format!("{word}é {word}"),
            ] {
                assert_eq!(words(&text), reference(&text), "{text}");
            }
        }
    }

    #[test]
    fn words_across_block_boundaries() {
        for offset in 0..140 {
            for body in [
                "Abcdefghijklmnopqrstuvwxyz0123 end. Next",
                "x.\n\nY Zé Élan 東京 q",
            ] {
                let text = format!(
                    "{}{body}",
                    "a ".repeat(offset / 2) + &" ".repeat(offset % 2)
                );
                assert_eq!(words(&text), reference(&text), "{text}");
            }
            let long = "w".repeat(offset + 1);
            assert_eq!(words(&long), reference(&long));
        }
    }

    #[test]
    fn vector_classes_agree_with_byte_classes() {
        let mut x = 0x1234_5678_9ABC_DEF0u64;
        let mut chunks: Vec<[u8; 16]> = (0..=255u8).map(|b| [b; 16]).collect();
        for _ in 0..2000 {
            let mut c = [0u8; 16];
            for b in &mut c {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            chunks.push(c);
        }
        for c in &chunks {
            let mut block = [0u8; 64];
            block[16..32].copy_from_slice(c);
            let (w, h, t, nl) = classify16_bytes(c);
            assert_eq!(
                classify64(&block),
                (w << 16, h << 16, t << 16, nl << 16),
                "{c:?}"
            );
        }
    }

    #[test]
    fn bit_searches() {
        let bits = [0b1010u64, 0, 1 << 63, 0];
        assert_eq!(next_set(&bits, 0), 1);
        assert_eq!(next_set(&bits, 4), 191);
        assert_eq!(next_set(&bits, 192), usize::MAX);
        assert_eq!(next_set(&bits, 1000), usize::MAX);
        assert_eq!(next_clear(&[!0, !0, 0], 5), 128);
        assert_eq!(next_clear(&[!0 << 3, 0], 0), 0);
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
        let after_blank_line: Vec<bool> =
            words("a b\n\nCity. X\nY").iter().map(|w| w.name).collect();
        assert_eq!(after_blank_line, [false, false, false, false, true]);
    }

    #[test]
    fn ideographs_and_long_words() {
        assert_eq!(words("東京に").len(), 3);
        let long = "x".repeat(200);
        let w = words(&long);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].hash, key(&long));
        assert!(words("").is_empty());
        assert!(words(" ,.;!").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference(s in "[a-zA-Z0-9 .,!?\n'’éÉ東ß\u{301}-]{0,120}") {
            proptest::prop_assert_eq!(words(&s), reference(&s));
        }

        #[test]
        fn never_panics_and_agrees_on_any_text(s in "\\PC{0,80}") {
            let got = words(&s);
            for w in &got {
                proptest::prop_assert!(w.chars >= 1);
            }
            proptest::prop_assert_eq!(got, reference(&s));
        }
    }
}

//! Match keys: the form in which two spellings of "the same" token compare equal.
//!
//! Outlets differ in typography more than in words: `don’t` / `don't`, `“` / `"`, `—` / `-`,
//! full-width digits, ligatures, `Ｍusk`. A match key is Unicode NFKC, then those quote and
//! dash variants mapped to one ASCII form, then lower-cased. Keys are for comparing only; the
//! original text is always what is shown. Keys are hashed with xxh3 (seed 0) so that a word is
//! one `u64` in every later stage; the hash is stable across runs and platforms.

use unicode_normalization::UnicodeNormalization;

/// Maps quote and dash look-alikes to one ASCII form; other characters pass through.
#[inline]
pub fn unify_punctuation(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{2039}' | '\u{203A}' | '\u{300C}' | '\u{300D}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        '\u{2026}' => '…',
        c => c,
    }
}

/// Writes the match key of `s` into `out` (cleared first). No allocation when `out` has room.
pub fn match_key_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        if out.contains('`') {
            *out = out.replace('`', "'");
        }
        return;
    }
    for c in s.nfkc() {
        let c = unify_punctuation(c);
        if c.is_lowercase() || c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The match key of `s` as a new string (convenience for tests and one-off comparisons).
pub fn match_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    match_key_into(s, &mut out);
    out
}

/// The xxh3 hash (seed 0) of a match key: how a word is compared in every later stage.
#[inline]
pub fn key_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// Match key hash of `s` using `scratch` as the buffer.
#[inline]
pub fn match_hash(s: &str, scratch: &mut String) -> u64 {
    let bytes = s.as_bytes();
    if bytes
        .iter()
        .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        // The common case needs no copy: the token is its own key.
        return xxhash_rust::xxh3::xxh3_64(bytes);
    }
    if s.len() <= 32 && bytes.iter().all(|&b| b.is_ascii() && b != b'`') {
        let mut buf = [0u8; 32];
        let buf = &mut buf[..s.len()];
        buf.copy_from_slice(s.as_bytes());
        buf.make_ascii_lowercase();
        return xxhash_rust::xxh3::xxh3_64(buf);
    }
    match_key_into(s, scratch);
    key_hash(scratch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typography_is_unified() {
        assert_eq!(match_key("Don’t"), "don't");
        assert_eq!(match_key("“Quote”"), "\"quote\"");
        assert_eq!(match_key("a—b"), "a-b");
        assert_eq!(match_key("ＭUSK"), "musk");
        assert_eq!(match_key("ﬁnal"), "final");
        assert_eq!(match_key("ÄÖ"), "äö");
    }

    #[test]
    fn hash_agrees_with_key() {
        let mut scratch = String::new();
        for s in ["Musk", "Musk’s", "ＭUSK", "plain", "Über", "a`b"] {
            assert_eq!(match_hash(s, &mut scratch), key_hash(&match_key(s)), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn match_key_is_idempotent(s in "\\PC{0,40}") {
            let once = match_key(&s);
            proptest::prop_assert_eq!(match_key(&once), once);
        }
    }
}

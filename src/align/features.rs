//! Sentence features: an article and its [`Doc`] in, per-sentence sets of content stems out.
//!
//! Two outlets rarely print a sentence with the same tokens. The features are built so that the
//! differences that do not change what a sentence says still compare equal:
//!
//! - stopwords and punctuation are left out (punctuation differences never matter here);
//! - a token is reduced to a *stem*: the first [`AlignConfig::stem_chars`] characters of its
//!   match key (default 4). This absorbs inflection (Finnish `Tampereella` / `Tampereen`,
//!   English `inspection` / `inspectors`) and run-together words from broken scrapes:
//!   `Putinbefore` and `Putin` share the stem `puti`, `Bremmerfounder` and `Bremmer` the stem
//!   `brem`. Four characters won over five and six on WMT16 English→Finnish (Finnish
//!   inflects heavily); the collisions it causes in English (`commuters` / `committee`) are
//!   kept harmless by IDF weighting and by requiring two shared stems per sentence pair;
//! - numbers, handles, URLs and tags are kept whole (`1,200` and `1,400` must stay apart);
//! - name-like tokens (capitalised, not sentence-initial, at least
//!   [`AlignConfig::min_variant_chars`] characters) also carry their one-deletion variants, so a
//!   pair can unify spelling variants whose stems differ (`Valtonen` / `Waltonen`, or
//!   `Bremmer` / `Bremer` with longer stems), the SymSpell way: two words within one edit
//!   share a deletion variant.
//!
//! - the stems inside a direct quotation (between the first and the last quotation mark of a
//!   sentence) are also listed apart, so that two different quotations of one speaker can be
//!   told apart however alike their attributions.
//!
//! Everything is hashed with xxh3 (seed 0) so that a sentence is a sorted list of small
//! integers (indices into the document's stem vocabulary) and later stages never touch strings.

use super::AlignConfig;
use crate::corpus::Article;
use crate::text::normalize::match_key_into;
use crate::text::{Doc, TokenKind};

/// Stopwords left out of the features. English only: for other languages the in-pair IDF
/// weighting already makes frequent function words nearly weightless.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "it's", "its", "me", "more", "my", "no",
    "not", "of", "on", "one", "or", "our", "out", "over", "said", "says", "she", "so", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "up",
    "us", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you",
];

/// Quotation marks that open or close a direct quotation (not apostrophes).
const QUOTE_MARKS: &[&str] = &["\"", "“", "”", "„", "«", "»"];

fn is_stopword(key: &str) -> bool {
    STOPWORDS.binary_search(&key).is_ok()
}

/// Extra weight of numbers and names: they survive translation and rewording, and they are
/// what makes two sentences about the same fact.
const NUMBER_BONUS: f32 = 1.5;
const NAME_BONUS: f32 = 1.3;

/// The features of one document. Sentence `i`'s stems are `toks[off[i]..off[i + 1]]`, sorted
/// and distinct, as indices into `vocab`.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Distinct stem hashes, ascending.
    pub vocab: Vec<u64>,
    /// Weight multiplier of each stem (names and numbers count more).
    pub bonus: Vec<f32>,
    /// Number of sentences containing each stem.
    pub df: Vec<u32>,
    pub off: Vec<u32>,
    pub toks: Vec<u32>,
    /// Word-like tokens per sentence (for coverage).
    pub words: Vec<u32>,
    /// Match-key hashes of every word-like token (stopwords included), sorted per sentence;
    /// sentence `i`'s are `keys[key_off[i]..key_off[i + 1]]`. Short sentences such as
    /// `No, it is not.` have no content stems; these are what tells them apart.
    pub key_off: Vec<u32>,
    pub keys: Vec<u64>,
    /// `(variant hash, vocab index)` of name-like tokens, sorted and distinct.
    pub variants: Vec<(u64, u32)>,
    /// Stems inside a direct quotation (between the first and the last quotation mark of a
    /// sentence that has at least two), sorted and distinct, as indices into `vocab`;
    /// sentence `i`'s are `quoted[quoted_off[i]..quoted_off[i + 1]]`.
    pub quoted_off: Vec<u32>,
    pub quoted: Vec<u32>,
}

impl Features {
    pub fn sentences(&self) -> usize {
        self.words.len()
    }

    pub fn sentence(&self, i: usize) -> &[u32] {
        &self.toks[self.off[i] as usize..self.off[i + 1] as usize]
    }

    /// The stems of sentence `i` inside a direct quotation (empty when it quotes nothing).
    pub fn sentence_quoted(&self, i: usize) -> &[u32] {
        &self.quoted[self.quoted_off[i] as usize..self.quoted_off[i + 1] as usize]
    }

    pub fn sentence_keys(&self, i: usize) -> &[u64] {
        &self.keys[self.key_off[i] as usize..self.key_off[i + 1] as usize]
    }

    pub fn total_words(&self) -> u64 {
        self.words.iter().map(|&w| u64::from(w)).sum()
    }

    /// Builds the features of `article` (whose prepared text is `doc`).
    pub fn build(article: &Article, doc: &Doc, config: &AlignConfig) -> Features {
        let text = article.text.as_str();
        let n = doc.sentences.len();
        let mut off = Vec::with_capacity(n + 1);
        let mut words = Vec::with_capacity(n);
        let mut key_off = Vec::with_capacity(n + 1);
        key_off.push(0u32);
        let mut keys: Vec<u64> = Vec::with_capacity(doc.words.len());
        // Stem hashes per sentence first; mapped to vocabulary indices once the vocabulary is
        // known.
        let mut stems: Vec<(u64, f32)> = Vec::with_capacity(doc.words.len());
        let mut variants: Vec<(u64, u64)> = Vec::new();
        let mut quoted_hashes: Vec<u64> = Vec::new();
        let mut quoted_off = Vec::with_capacity(n + 1);
        quoted_off.push(0u32);
        let mut key = String::new();
        let mut del = String::new();
        off.push(0u32);
        for s in 0..n {
            let mut first = true;
            let mut count = 0u32;
            // The span between the first and the last quotation mark, in token positions.
            let is_mark = |w: &crate::text::Word| {
                matches!(w.kind, TokenKind::Punct) && QUOTE_MARKS.contains(&&text[w.range()])
            };
            let words_s = doc.sentence_words(s);
            let open = words_s.iter().position(is_mark);
            let close = words_s.iter().rposition(is_mark);
            let quote_span = match (open, close) {
                (Some(o), Some(c)) if c > o => o..c,
                _ => 0..0,
            };
            for (pos, w) in words_s.iter().enumerate() {
                if !w.kind.is_wordlike() {
                    continue;
                }
                count += 1;
                keys.push(w.key);
                let raw = &text[w.range()];
                let initial = first;
                first = false;
                match_key_into(raw, &mut key);
                let whole = !matches!(w.kind, TokenKind::Word);
                if !whole && (is_stopword(&key) || key.chars().nth(1).is_none()) {
                    continue;
                }
                let stem = if whole {
                    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
                } else {
                    let end = key
                        .char_indices()
                        .nth(config.stem_chars)
                        .map_or(key.len(), |(i, _)| i);
                    xxhash_rust::xxh3::xxh3_64(&key.as_bytes()[..end])
                };
                let name = !initial && !whole && raw.chars().next().is_some_and(char::is_uppercase);
                let bonus = if matches!(w.kind, TokenKind::Number) {
                    NUMBER_BONUS
                } else if name {
                    NAME_BONUS
                } else {
                    1.0
                };
                stems.push((stem, bonus));
                if quote_span.contains(&pos) {
                    quoted_hashes.push(stem);
                }
                if name && key.chars().count() >= config.min_variant_chars {
                    variants.push((xxhash_rust::xxh3::xxh3_64(key.as_bytes()), stem));
                    for (i, c) in key.char_indices() {
                        del.clear();
                        del.push_str(&key[..i]);
                        del.push_str(&key[i + c.len_utf8()..]);
                        variants.push((xxhash_rust::xxh3::xxh3_64(del.as_bytes()), stem));
                    }
                }
            }
            words.push(count);
            let lo = key_off[s] as usize;
            keys[lo..].sort_unstable();
            key_off.push(keys.len() as u32);
            off.push(stems.len() as u32);
            quoted_off.push(quoted_hashes.len() as u32);
        }

        let mut vocab: Vec<u64> = stems.iter().map(|s| s.0).collect();
        vocab.sort_unstable();
        vocab.dedup();
        let mut bonus = vec![1.0f32; vocab.len()];
        let mut df = vec![0u32; vocab.len()];
        let mut toks: Vec<u32> = stems
            .iter()
            .map(|&(h, b)| {
                let i = vocab.binary_search(&h).unwrap_or(0);
                bonus[i] = bonus[i].max(b);
                i as u32
            })
            .collect();
        // Sort and deduplicate each sentence in place, compacting the flat list.
        let mut write = 0usize;
        let mut new_off = Vec::with_capacity(n + 1);
        new_off.push(0u32);
        for s in 0..n {
            let (lo, hi) = (off[s] as usize, off[s + 1] as usize);
            toks[lo..hi].sort_unstable();
            let start = write;
            for r in lo..hi {
                if write == start || toks[write - 1] != toks[r] {
                    toks[write] = toks[r];
                    df[toks[r] as usize] += 1;
                    write += 1;
                }
            }
            new_off.push(write as u32);
        }
        toks.truncate(write);

        let mut quoted: Vec<u32> = quoted_hashes
            .iter()
            .map(|h| vocab.binary_search(h).unwrap_or(0) as u32)
            .collect();
        let mut write = 0usize;
        for s in 0..n {
            let (lo, hi) = (quoted_off[s] as usize, quoted_off[s + 1] as usize);
            quoted[lo..hi].sort_unstable();
            quoted_off[s] = write as u32;
            let start = write;
            for r in lo..hi {
                if write == start || quoted[write - 1] != quoted[r] {
                    quoted[write] = quoted[r];
                    write += 1;
                }
            }
        }
        quoted_off[n] = write as u32;
        quoted.truncate(write);

        let mut variants: Vec<(u64, u32)> = variants
            .into_iter()
            .map(|(v, stem)| (v, vocab.binary_search(&stem).unwrap_or(0) as u32))
            .collect();
        variants.sort_unstable();
        variants.dedup();

        Features {
            vocab,
            bonus,
            df,
            off: new_off,
            toks,
            words,
            key_off,
            keys,
            variants,
            quoted_off,
            quoted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article::from_text("x", text)
    }

    fn features(text: &str) -> Features {
        let a = article(text);
        Features::build(&a, &Doc::prepare(&a.text), &AlignConfig::default())
    }

    fn stems(f: &Features, s: usize) -> Vec<u64> {
        f.sentence(s).iter().map(|&i| f.vocab[i as usize]).collect()
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn run_together_words_share_the_name_stem() {
        let f = features("He spoke to Vladimir Putin before. He spoke to Vladimir Putinbefore.");
        assert_eq!(stems(&f, 0).len(), 4); // spoke, vladi, putin, befor
        assert!(stems(&f, 1).iter().all(|s| stems(&f, 0).contains(s)));
    }

    #[test]
    fn numbers_stay_whole_and_stopwords_go() {
        let f = features("The cost was 1,200 euros. The cost was 1,400 euros.");
        assert_eq!(f.sentence(0).len(), 3);
        assert_ne!(stems(&f, 0), stems(&f, 1));
        assert_eq!(f.words, [5, 5]);
    }

    #[test]
    fn spelling_variants_share_a_deletion_variant() {
        let a = features("Analyst Ian Bremmer spoke.");
        let b = features("Analyst Ian Bremer spoke.");
        let shared = a
            .variants
            .iter()
            .filter(|(h, _)| b.variants.iter().any(|(g, _)| g == h))
            .count();
        assert!(shared >= 1);
    }

    #[test]
    fn empty_text_has_no_sentences() {
        let f = features("");
        assert_eq!(f.sentences(), 0);
        assert_eq!(f.off, [0]);
    }
}

//! Text model: an [`Article`](crate::corpus::Article)'s text in, a [`Doc`] out.
//!
//! A `Doc` holds paragraphs, sentences and tokens as byte spans into the article text (never
//! copies), plus one match-key hash per token. It is built once per article, in parallel, and
//! read by every later stage.

pub mod lang;
pub mod normalize;
pub mod sentences;
pub mod shingles;
pub mod words;

pub use sentences::Span;
pub use words::{Token, TokenKind};

/// One token of a prepared document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
    /// xxh3 of the token's match key (see [`normalize`]).
    pub key: u64,
}

impl Word {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One sentence: its span and the range of its tokens in [`Doc::words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: u32,
    pub end: u32,
    pub paragraph: u32,
    pub first_word: u32,
    pub end_word: u32,
}

impl Sentence {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn word_range(&self) -> std::ops::Range<usize> {
        self.first_word as usize..self.end_word as usize
    }
}

/// An article's text, segmented. Offsets are bytes into the article's `text`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub words: Vec<Word>,
}

impl Doc {
    /// Segments `text` into paragraphs, sentences and tokens.
    pub fn prepare(text: &str) -> Doc {
        assert!(
            u32::try_from(text.len()).is_ok(),
            "articles over 4 GiB are not supported"
        );
        let paragraphs = sentences::paragraphs(text);
        let mut sentence_spans = Vec::with_capacity(text.len() / 100 + 1);
        let mut sentences = Vec::with_capacity(text.len() / 100 + 1);
        let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
        let mut words = Vec::with_capacity(text.len() / 5 + 1);
        let mut scratch = String::new();
        for (p, para) in paragraphs.iter().enumerate() {
            sentence_spans.clear();
            sentences::sentences_into(text, *para, &mut sentence_spans);
            for span in &sentence_spans {
                let first_word = words.len() as u32;
                tokens.clear();
                words::tokenize_into(text, span.start, span.end, &mut tokens);
                words.extend(tokens.iter().map(|t| Word {
                    start: t.start as u32,
                    end: t.end as u32,
                    kind: t.kind,
                    key: normalize::match_hash(&text[t.start..t.end], &mut scratch),
                }));
                sentences.push(Sentence {
                    start: span.start as u32,
                    end: span.end as u32,
                    paragraph: p as u32,
                    first_word,
                    end_word: words.len() as u32,
                });
            }
        }
        Doc {
            paragraphs,
            sentences,
            words,
        }
    }

    /// Number of word-like tokens (punctuation excluded).
    pub fn word_count(&self) -> usize {
        self.words.iter().filter(|w| w.kind.is_wordlike()).count()
    }

    /// The tokens of sentence `i`.
    pub fn sentence_words(&self, i: usize) -> &[Word] {
        &self.words[self.sentences[i].word_range()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_links_sentences_to_words() {
        let text = "Title here\n\nMr. Musk said \"no\". It ended.";
        let doc = Doc::prepare(text);
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(doc.sentences.len(), 3);
        let s1 = doc.sentences[1];
        assert_eq!(&text[s1.range()], "Mr. Musk said \"no\".");
        let words: Vec<_> = doc
            .sentence_words(1)
            .iter()
            .map(|w| &text[w.range()])
            .collect();
        assert_eq!(words, ["Mr", ".", "Musk", "said", "\"", "no", "\"", "."]);
        assert_eq!(doc.word_count(), 8);
    }
}

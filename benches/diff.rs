//! Diff + classify per sentence pair: the demo corpus's wire and rewrite, sentence by sentence.

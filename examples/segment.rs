//! Segments a corpus once and prints counts: a fixed workload for instruction-count profiling
//! (`valgrind --tool=callgrind target/release/examples/segment ../shared/corpora/bbc-news/bbc`).

use std::path::PathBuf;

fn main() {
    let inputs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let corpus = wirediff::corpus::read_inputs(&inputs, &Default::default()).expect("inputs");
    let (mut sentences, mut words) = (0, 0);
    for article in &corpus.articles {
        let doc = wirediff::Doc::prepare(&article.text);
        sentences += doc.sentences.len();
        words += doc.words.len();
    }
    let bytes: usize = corpus.articles.iter().map(|a| a.text.len()).sum();
    println!(
        "{} articles, {bytes} bytes, {sentences} sentences, {words} tokens",
        corpus.articles.len()
    );
}

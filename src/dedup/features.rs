//! Per-article features: text in, the fixed-size [`Signature`] every article gets, and the
//! exact [`Features`] (shingle and term sets) only candidate articles get.
//!
//! The hard case is memory and speed at a million articles: keeping every article's shingle set
//! would cost ~4 KB an article, so the first pass keeps only a signature (a 128-bin MinHash
//! sketch, a sample of names, an exact-text hash and counts: ~370 bytes), and verification
//! recomputes the exact sets for just the articles that some candidate pair names. (Keeping
//! the first pass's shingles in a fixed 192 MB pool instead was tried: 12% fewer instructions
//! on 100,000 articles, but no faster, as writing and re-reading 200 MB cost what re-reading
//! the texts did.)
//!
//! Two kinds of evidence are kept. *Shingles* (runs of `k` word keys), in a MinHash sketch,
//! catch copies however they were trimmed or edited. *Names* (capitalised words inside a
//! sentence: Musk, Bremmer, Saltgate), as a bottom-k sample (the [`NAME_SAMPLE`] smallest name
//! hashes), catch the same story told in different words: once document frequencies are known,
//! articles whose samples share two rare names become candidates, and the IDF-weighted content
//! words of the whole texts then verify them. A sample rather than a MinHash sketch because
//! only rare names are evidence, and which names are rare is known only after the pass.

use std::sync::OnceLock;

use super::radix::sort_hashes;
use super::sketch::{Sketch, SketchBuilder};

use super::tokens::{for_each_word, word_hash, ScanScratch, WordInfo};

use crate::text::shingles::{combine, shingle_hashes, ShingleWindow};

/// Bins of the shingle sketch (256 bytes at 16 bits a bin).
pub const NEAR_BINS: usize = 128;
/// Names kept per article (bottom-k by hash, 96 bytes).
pub const NAME_SAMPLE: usize = 24;

/// What the first pass keeps of every article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Hash of the whole sequence of word keys: equal for exact duplicates after normalisation.
    pub exact: u64,
    /// Number of words.
    pub words: u32,
    /// Number of shingle windows (an upper bound of the shingle set size, for containment
    /// estimates).
    pub shingles: u32,
    pub near: Sketch<NEAR_BINS>,
    /// Top 32 bits of the smallest distinct name hashes, ascending; `u32::MAX` pads. Once
    /// document frequencies are known, dedup keeps only the rare ones ([`Signature::keep_names`]).
    pub names: [u32; NAME_SAMPLE],
}

impl Signature {
    /// Keeps only the sampled names `keep` accepts, still ascending and padded. Which names
    /// are rare is known only after the first pass; pruning once then spares every candidate
    /// pair a document-frequency lookup per name.
    pub fn keep_names(&mut self, keep: impl Fn(u32) -> bool) {
        let mut kept = [u32::MAX; NAME_SAMPLE];
        let rare = self
            .names
            .iter()
            .copied()
            .filter(|&h| h != u32::MAX && keep(h));
        for (slot, h) in kept.iter_mut().zip(rare) {
            *slot = h;
        }
        self.names = kept;
    }
}

/// Exact sets of one article, for verification. All sorted and deduplicated.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Top 32 bits of each shingle hash: half the memory, so twice the articles per
    /// verification chunk. Two 500-shingle articles then share a hash by chance with
    /// probability ~6e-5, far below any threshold's resolution.
    pub shingles: Vec<u32>,
    /// Which buckets the shingles fall in, for a cheap upper bound of how many two articles
    /// share; only with the terms (story candidates).
    pub buckets: Option<ShingleBuckets>,
    /// Content words (not stop words, at least 3 characters), by key hash.
    pub terms: Vec<u64>,
    /// The subset of `terms` also used as a name somewhere in the text.
    pub names: Vec<u64>,
}

/// An article's shingles by bucket (the top [`BUCKET_BITS`] bits of each): one bit per
/// bucket that holds any, and how many shingles share a bucket with a smaller one.
///
/// Most story candidates (articles that share rare names) share few shingles, and proving
/// that by merging two sorted sets of ~500 shingles was most of what scoring them cost. With
/// buckets, [`ShingleBuckets::shared_at_most`] bounds the shared count from above in 64
/// word operations: a pair whose bound is below what any threshold needs cannot be a
/// near-duplicate or share a passage, and is judged on its words alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShingleBuckets {
    bits: [u64; 1 << (BUCKET_BITS - 6)],
    /// Shingles beyond the first in their bucket.
    crowded: u32,
}

/// Buckets of [`ShingleBuckets`]: 4,096, eight for each of a 3 KB article's ~500 shingles.
/// Two unrelated articles of that size then have a bound of about 70 shared shingles, where
/// the default thresholds need 150; past ~1,000 shingles the bound rarely excludes anything
/// and the sets are merged as before.
pub const BUCKET_BITS: u32 = 12;

impl Default for ShingleBuckets {
    fn default() -> Self {
        ShingleBuckets {
            bits: [0; 1 << (BUCKET_BITS - 6)],
            crowded: 0,
        }
    }
}

impl ShingleBuckets {
    /// The buckets of a sorted, deduplicated set of shingles (in order, a shingle is crowded
    /// when the one before it is in the same bucket).
    fn fill(&mut self, shingles: &[u32]) {
        self.bits = [0; 1 << (BUCKET_BITS - 6)];
        let mut crowded = 0;
        let mut last = u32::MAX;
        for &h in shingles {
            let bucket = h >> (32 - BUCKET_BITS);
            self.bits[(bucket >> 6) as usize] |= 1 << (bucket & 63);
            crowded += (bucket == last) as u32;
            last = bucket;
        }
        self.crowded = crowded;
    }

    /// At least the number of shingles the two sets share: each shared shingle is in a bucket
    /// both sets fill, and a bucket both fill holds no more shared shingles than one plus the
    /// shingles crowded into it in either set.
    pub fn shared_at_most(&self, other: &ShingleBuckets) -> usize {
        let both: u32 = self
            .bits
            .iter()
            .zip(&other.bits)
            .map(|(a, b)| (a & b).count_ones())
            .sum();
        (both + self.crowded.min(other.crowded)) as usize
    }
}

/// Document frequencies of content words, counted into hashed buckets.
///
/// Each worker thread of the first pass counts the articles it scans into [`Counts`] of its
/// own, with plain increments, as it scans them; the tables are summed afterwards
/// ([`DocFreq::add_counts`]). An atomic increment per word into one shared table of megabytes
/// cost half of the first pass's per-word work (measured with perf: the locked add and its
/// cache miss). Sums do not depend on thread scheduling.
///
/// A bucket counts the articles that use any word hashed to it: the estimate for a word is
/// at least its own document frequency, more when it shares its bucket with words used in
/// other articles (dedup sizes the table at about sixteen buckets per counted article, so
/// few rare words share one with a common word).
///
/// In large corpora only every `stride`-th article (by index, so the choice is deterministic)
/// is counted, at most ~[`DF_SAMPLE`] of them, and counts are scaled back up. IDF only needs
/// to tell common from rare, which a sample of 32,768 articles does.
pub struct DocFreq {
    counts: Vec<u32>,
    shift: u32,
    pub docs: u32,
    stride: u32,
    /// [`DocFreq::idf`] by raw count: a logarithm per content word of every story candidate
    /// cost more than reading its text.
    idf_by_count: Vec<f32>,
}

/// Articles whose words are counted for document frequencies (see [`DocFreq`]).
pub const DF_SAMPLE: usize = 32_768;

/// Counts of articles per bucket, as one thread of the first pass adds them up (see
/// [`DocFreq`]). Each bucket also remembers the last article counted into it, so that an
/// article counts once per bucket however often it uses the word: one access per word,
/// with no set of the words an article has used so far (which, with its branches, cost more
/// than the counting).
///
/// A bucket is two 16-bit halves, so that a table is 4 MB rather than 8: the table does not fit
/// in a core's cache either way, but half the size is half the pages and lines it misses on.
/// Sixteen bits suffice: at most [`DF_SAMPLE`] articles are counted, each once per bucket,
/// and an article is marked by its number among the counted ones (`index / stride`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// `[count, mark of the last article counted]` per bucket (mark 0: none yet).
    buckets: Vec<[u16; 2]>,
    shift: u32,
    stride: u32,
}

impl Counts {
    /// Counts article number `article` into these counts while [`signature`] scans it; the
    /// last counts land when the counter is dropped. Meant for the articles
    /// [`DocFreq::counts_article`] picks: others share their mark with the counted article
    /// before them.
    pub fn article(&mut self, article: usize) -> Counter<'_> {
        // Counted articles number at most DF_SAMPLE (under 2^16 - 1), so marks do not wrap
        // within a corpus.
        let counted = article / self.stride as usize;
        Counter {
            mark: (counted as u16).wrapping_add(1),
            counts: self,
            pending: [0; COUNT_AHEAD],
            next: 0,
        }
    }
}

/// Words a [`Counter`] looks ahead: each word's bucket is fetched when the word is seen and
/// counted this many words later, by when it is in cache. The table (megabytes) does not fit
/// in a core's cache, and counting each word as it came waited for memory once per word:
/// counting one article in four was a sixth of the first pass (perf).
const COUNT_AHEAD: usize = 8;

/// One article being counted into [`Counts`].
pub struct Counter<'a> {
    counts: &'a mut Counts,
    mark: u16,
    /// Buckets fetched but not counted yet, a ring holding the last `min(next, COUNT_AHEAD)`
    /// content words' buckets.
    pending: [u32; COUNT_AHEAD],
    /// Words seen so far (the ring position is `next % COUNT_AHEAD`).
    next: usize,
}

impl Counter<'_> {
    /// Counts a content word, once per article and bucket.
    #[inline]
    fn add(&mut self, h: u64) {
        let slot = (h >> 32) as u32 >> self.counts.shift;
        if let Some(bucket) = self.counts.buckets.get(slot as usize) {
            prefetch(bucket);
        }
        let at = self.next % COUNT_AHEAD;
        if self.next >= COUNT_AHEAD {
            self.count(self.pending[at]);
        }
        self.pending[at] = slot;
        self.next += 1;
    }

    #[inline]
    fn count(&mut self, slot: u32) {
        if let Some([count, last]) = self.counts.buckets.get_mut(slot as usize) {
            *count = count.saturating_add((*last != self.mark) as u16);
            *last = self.mark;
        }
    }
}

impl Drop for Counter<'_> {
    /// Counts the words still pending.
    fn drop(&mut self) {
        let seen = self.next.min(COUNT_AHEAD);
        for k in self.next - seen..self.next {
            self.count(self.pending[k % COUNT_AHEAD]);
        }
    }
}

/// Asks for the cache line holding `item` (x86-64; elsewhere nothing).
#[inline]
pub(super) fn prefetch<T>(item: &T) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    safe_arch::prefetch_t0(item);
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = item;
}

impl DocFreq {
    /// A table of `2^bits` counters for a corpus of `docs` articles.
    pub fn new(bits: u32, docs: usize) -> DocFreq {
        let docs = docs.min(u32::MAX as usize) as u32;
        let stride = (docs as usize).div_ceil(DF_SAMPLE).max(1) as u32;
        // Counts never exceed the number of counted articles.
        let max_count = docs.div_ceil(stride);
        let idf_by_count = (0..=max_count)
            .map(|count| idf_of(count, stride, docs))
            .collect();
        DocFreq {
            counts: vec![0; 1 << bits],
            shift: 32 - bits,
            docs,
            stride,
            idf_by_count,
        }
    }

    /// Whether article `i` is one of those counted.
    pub fn counts_article(&self, i: usize) -> bool {
        i % self.stride as usize == 0
    }

    #[inline]
    fn slot(&self, h32: u32) -> usize {
        (h32 >> self.shift) as usize
    }

    /// Empty counts for one thread of the first pass to count articles into (see
    /// [`Counts::article`]); [`DocFreq::add_counts`] adds them up.
    pub fn new_counts(&self) -> Counts {
        Counts {
            buckets: vec![[0, 0]; self.counts.len()],
            shift: self.shift,
            stride: self.stride,
        }
    }

    /// Adds counts made with [`DocFreq::new_counts`].
    pub fn add_counts(&mut self, counts: &Counts) {
        for (total, &[c, _]) in self.counts.iter_mut().zip(&counts.buckets) {
            *total += u32::from(c);
        }
    }

    /// Estimated number of articles containing the word.
    pub fn get(&self, h: u64) -> u32 {
        self.get_top32((h >> 32) as u32)
    }

    /// Document frequency from the top 32 bits of a hash (as kept in [`Signature::names`]).
    pub fn get_top32(&self, h32: u32) -> u32 {
        self.counts[self.slot(h32)].saturating_mul(self.stride)
    }

    /// Inverse document frequency, smoothed so that a term in every article still weighs a
    /// little and tiny corpora (five articles) still give rare names more weight than common
    /// words.
    pub fn idf(&self, h: u64) -> f32 {
        let count = self.counts[self.slot((h >> 32) as u32)];
        match self.idf_by_count.get(count as usize) {
            Some(&idf) => idf,
            // A bucket shared by several common words can count more than all articles.
            None => idf_of(count, self.stride, self.docs),
        }
    }
}

/// IDF of a word counted in `count` sampled articles (see [`DocFreq::idf`]).
fn idf_of(count: u32, stride: u32, docs: u32) -> f32 {
    let df = count.saturating_mul(stride).max(1) as f64;
    (1.0 + docs.max(1) as f64 / df).ln() as f32
}

/// English function words that carry no story. Kept short: the IDF weighting does the rest.
const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "with",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "his",
    "her",
    "its",
    "this",
    "from",
    "but",
    "not",
    "they",
    "them",
    "their",
    "there",
    "been",
    "will",
    "would",
    "could",
    "should",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "while",
    "said",
    "says",
    "also",
    "about",
    "after",
    "before",
    "into",
    "than",
    "then",
    "more",
    "most",
    "over",
    "such",
    "some",
    "any",
    "all",
    "one",
    "two",
    "new",
    "out",
    "our",
    "you",
    "your",
    "she",
    "him",
    "can",
    "may",
    "did",
    "does",
    "being",
    "because",
    "other",
    "only",
    "just",
    "very",
    "these",
    "those",
    "through",
    "under",
    "between",
    "against",
    "during",
    "until",
    "since",
    "still",
    "last",
    "first",
    "year",
    "years",
    "told",
    "according",
    "added",
    "including",
    "both",
    "each",
    "many",
    "much",
    "well",
    "back",
    "now",
    "how",
    "why",
    "here",
    "even",
    "like",
    "make",
    "made",
    "take",
    "took",
    "get",
    "got",
    "per",
    "cent",
    "percent",
    "mr",
    "mrs",
    "ms",
    "dr",
];

/// Slots of the stop-word table, a power of two: ten times the stop words, so that a
/// multiplier giving every stop word a slot of its own turns up after a few hundred tries on
/// average (a random one does with probability about e^-6), in well under a millisecond.
const STOP_BITS: u32 = 10;

/// Stop words as a direct-mapped table of key hashes, collision-free by choice of multiplier:
/// a lookup is one load and one compare, with no branch. (Whether a word is a stop word is a
/// coin flip in running text, and the branches of a probed table were mispredicted on it.)
struct StopSet {
    slots: [u64; 1 << STOP_BITS],
    mult: u64,
}

impl StopSet {
    #[inline]
    fn slot(mult: u64, h: u64) -> usize {
        (h.wrapping_mul(mult) >> (64 - STOP_BITS)) as usize
    }

    /// Whether `h` is a stop word's hash. Empty slots hold 0, so a word whose hash is 0 would
    /// count as a stop word: a chance of 2^-64 per distinct word.
    #[inline]
    fn contains(&self, h: u64) -> bool {
        self.slots[StopSet::slot(self.mult, h)] == h
    }
}

fn stop_set() -> &'static StopSet {
    static SET: OnceLock<StopSet> = OnceLock::new();
    SET.get_or_init(|| {
        let hashes: Vec<u64> = STOP_WORDS.iter().map(|w| word_hash(w.as_bytes())).collect();
        // Odd multipliers from a fixed sequence: the first that separates all stop words.
        let mut mult = 0x9E37_79B9_7F4A_7C15u64;
        loop {
            let mut slots = [0u64; 1 << STOP_BITS];
            let separated = hashes.iter().all(|&h| {
                let slot = &mut slots[StopSet::slot(mult, h)];
                let free = *slot == 0 || *slot == h;
                *slot = h;
                free
            });
            if separated {
                return StopSet { slots, mult };
            }
            mult = mult.wrapping_add(0x6A09_E667_F3BC_C908);
        }
    })
}

/// Whether a word is a content word: long enough and not a function word. Evaluated without
/// branches (`&`, `|` on booleans), for the same reason as [`StopSet`].
#[inline]
fn is_content(w: &WordInfo, stops: &StopSet) -> bool {
    (w.chars >= 3) & ((w.chars > 8) | !stops.contains(w.hash))
}

/// Reusable buffers for one worker thread (no allocation per article once warm).
#[derive(Default)]
pub struct Scratch {
    words: Vec<u64>,
    names: Vec<u64>,
    scan: ScanScratch,
    near: SketchBuilder<NEAR_BINS>,
    /// The sorts' second buffers, for [`features_into`].
    radix: Vec<u32>,
    radix64: Vec<u64>,
}

/// Seed mixed into the exact-text hash (a documented constant: it decides exact groups).
const EXACT_SEED: u64 = 0xE7AC_7000_0000_0003;

/// Counts a content word for [`DocFreq`] (when the article is counted) and keeps it if it is
/// a name.
#[inline(never)]
fn note_content(w: WordInfo, stops: &StopSet, counter: Option<&mut Counter>, names: &mut Vec<u64>) {
    if !is_content(&w, stops) {
        return;
    }
    if let Some(counter) = counter {
        counter.add(w.hash);
    }
    if w.name {
        names.push(w.hash);
    }
}

/// First pass over one article: its signature; and, when a `counter` is given, its content
/// words counted there, for [`DocFreq`].
pub fn signature(
    text: &str,
    k: usize,
    counter: Option<&mut Counter>,
    s: &mut Scratch,
) -> Signature {
    // The usual shingle sizes hash each shingle inside the scan, from the last `K` words held
    // in registers; other sizes keep every word hash and walk the windows afterwards.
    match k {
        2 => signature_fixed::<2>(text, counter, s),
        3 => signature_fixed::<3>(text, counter, s),
        4 => signature_fixed::<4>(text, counter, s),
        5 => signature_fixed::<5>(text, counter, s),
        _ => signature_any_k(text, k, counter, s),
    }
}

/// One step of the exact hash, which runs over the whole sequence of word keys.
#[inline]
fn exact_step(exact: u64, word: u64) -> u64 {
    (exact ^ word)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(29)
}

/// [`signature`] for a shingle size fixed at compile time: one pass, no per-word storage.
/// The exact hash and each shingle's sketch update happen as the scan emits words, where
/// their multiplies overlap with the scan's own work (as separate loops afterwards they cost
/// 7-10% of the first pass: the exact hash is one long chain of dependent multiplies).
fn signature_fixed<const K: usize>(
    text: &str,
    mut counter: Option<&mut Counter>,
    s: &mut Scratch,
) -> Signature {
    let stops = stop_set();
    s.names.clear();
    let count = counter.is_some();
    let (names, near) = (&mut s.names, &mut s.near);
    let mut exact = EXACT_SEED;
    let mut window = ShingleWindow::<K>::default();
    for_each_word(text, &mut s.scan, |w| {
        exact = exact_step(exact, w.hash);
        if let Some(h) = window.push(w.hash) {
            near.add(h);
        }
        if count || w.name {
            // Out of line, so that the common path stays small enough to be inlined into
            // the scan loop.
            note_content(w, stops, counter.as_deref_mut(), names);
        }
    });
    if let Some(h) = window.short_text() {
        near.add(h);
    }
    let (words, windows) = (window.keys(), window.shingles());
    finish_signature(exact, words, windows, s)
}

/// [`signature`] for any shingle size: word hashes are kept, then their windows hashed.
fn signature_any_k(
    text: &str,
    k: usize,
    mut counter: Option<&mut Counter>,
    s: &mut Scratch,
) -> Signature {
    let stops = stop_set();
    s.names.clear();
    s.words.clear();
    let count = counter.is_some();
    let (words, names) = (&mut s.words, &mut s.names);
    // A word is at least one byte and a separator (a lone last word: one byte).
    words.reserve(text.len() / 2 + 1);
    let mut exact = EXACT_SEED;
    for_each_word(text, &mut s.scan, |w| {
        words.push(w.hash);
        exact = exact_step(exact, w.hash);
        if count || w.name {
            note_content(w, stops, counter.as_deref_mut(), names);
        }
    });
    let mut windows = 0;
    let near = &mut s.near;
    shingle_hashes(words, k, |h| {
        near.add(h);
        windows += 1;
    });
    let words = words.len();
    finish_signature(exact, words, windows, s)
}

/// The signature from the scan's totals; the sampled names and the sketch come from the
/// scratch buffers, which are left ready for the next article.
fn finish_signature(exact: u64, words: usize, windows: usize, s: &mut Scratch) -> Signature {
    let names = &mut s.names;
    names.sort_unstable();
    names.dedup();
    let mut sample = [u32::MAX; NAME_SAMPLE];
    for (slot, &n) in sample.iter_mut().zip(names.iter()) {
        *slot = (n >> 32) as u32;
    }
    Signature {
        exact: combine(&[exact ^ words as u64]),
        words: words.min(u32::MAX as usize) as u32,
        shingles: windows.min(u32::MAX as usize) as u32,
        near: s.near.finish(),
        names: sample,
    }
}

/// The exact sets of one article (second pass, candidates only). Content words and names are
/// collected only `with_terms` (story candidates): near-duplicate checks need shingles alone.
pub fn features(text: &str, k: usize, with_terms: bool) -> Features {
    features_with(text, k, with_terms, &mut Scratch::default())
}

/// [`features`] with reusable buffers: only the returned sets are allocated.
pub fn features_with(text: &str, k: usize, with_terms: bool, s: &mut Scratch) -> Features {
    let mut f = Features::default();
    features_into(text, k, with_terms, s, &mut f);
    // Held by the thousand during verification: no room to spare.
    f.shingles.shrink_to_fit();
    f
}

/// [`features`] into `out`, reusing its buffers as well: nothing is allocated once they have
/// grown to the largest article's size.
pub fn features_into(text: &str, k: usize, with_terms: bool, s: &mut Scratch, out: &mut Features) {
    let stops = stop_set();
    s.words.clear();
    out.shingles.clear();
    out.terms.clear();
    out.names.clear();
    let words = &mut s.words;
    let (terms, names) = (&mut out.terms, &mut out.names);
    for_each_word(text, &mut s.scan, |w| {
        words.push(w.hash);
        if with_terms && is_content(&w, stops) {
            terms.push(w.hash);
            if w.name {
                names.push(w.hash);
            }
        }
    });
    let shingles = &mut out.shingles;
    shingle_hashes(words, k, |h| shingles.push((h >> 32) as u32));
    sort_hashes(shingles, &mut s.radix, |x| x);
    shingles.dedup();
    // Only story candidates are bounded (see `ShingleBuckets`).
    if with_terms {
        out.buckets
            .get_or_insert_with(ShingleBuckets::default)
            .fill(shingles);
    } else {
        out.buckets = None;
    }
    for v in [&mut out.terms, &mut out.names] {
        sort_hashes(v, &mut s.radix64, |x| (x >> 32) as u32);
        v.dedup();
    }
}

/// Size of the intersection of two sorted, deduplicated lists.
///
/// Branch-free merge: which side advances is data, not a jump, because with well-mixed hashes
/// a branch on the comparison is mispredicted about half the time (measured: the merge was a
/// tenth of dedup's time before).
pub fn intersection<T: Ord + Copy>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += (x == y) as usize;
        i += (x <= y) as usize;
        j += (y <= x) as usize;
    }
    n
}

/// [`intersection`] of two sets of shingle hashes, four against four at a time with SSE2 (the
/// merge is most of the cost of scoring a candidate pair): each block of four from `a` is
/// compared with the current block of `b` in all four rotations, and the block with the
/// smaller last element moves on, so every common element is counted once, when the blocks
/// holding it meet.
pub fn shingle_intersection(a: &[u32], b: &[u32]) -> usize {
    #[cfg(target_feature = "sse2")]
    {
        use safe_arch::*;
        let (mut i, mut j, mut n) = (0, 0, 0);
        let block = |s: &[u32], at: usize| -> (m128i, u32) {
            let four: [u32; 4] = s[at..at + 4].try_into().unwrap_or([0; 4]);
            (m128i::from(four), four[3])
        };
        while i + 4 <= a.len() && j + 4 <= b.len() {
            let ((va, last_a), (vb, last_b)) = (block(a, i), block(b, j));
            let eq = |x: m128i| cmp_eq_mask_i32_m128i(va, x);
            let hits = bitor_m128i(
                bitor_m128i(eq(vb), eq(shuffle_ai_f32_all_m128i::<0b00_11_10_01>(vb))),
                bitor_m128i(
                    eq(shuffle_ai_f32_all_m128i::<0b01_00_11_10>(vb)),
                    eq(shuffle_ai_f32_all_m128i::<0b10_01_00_11>(vb)),
                ),
            );
            n += move_mask_m128(cast_to_m128_from_m128i(hits)).count_ones() as usize;
            i += 4 * (last_a <= last_b) as usize;
            j += 4 * (last_b <= last_a) as usize;
        }
        n + intersection(&a[i..], &b[j..])
    }
    #[cfg(not(target_feature = "sse2"))]
    intersection(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_hash_ignores_case_whitespace_and_punctuation() {
        let mut s = Scratch::default();
        let a = signature("Hello,  world. It’s here.", 3, None, &mut s);
        let b = signature("hello world\n\nit's HERE", 3, None, &mut s);
        let c = signature("hello world it is here", 3, None, &mut s);
        assert_eq!(a.exact, b.exact);
        assert_ne!(a.exact, c.exact);
        assert_eq!(a.near, b.near);
    }

    #[test]
    fn stop_words_and_sampled_counts() {
        let stops = stop_set();
        for w in STOP_WORDS {
            assert!(stops.contains(word_hash(w.as_bytes())), "{w}");
        }
        assert!(!stops.contains(word_hash(b"bridge")));
        let mut df = DocFreq::new(12, 100_000);
        assert!(df.counts_article(0) && !df.counts_article(1));
        let mut counts = df.new_counts();
        signature(
            "The bridge, the bridge and the river.",
            3,
            Some(&mut counts.article(0)),
            &mut Scratch::default(),
        );
        // bridge and river, each once ("the", "and" are stop words).
        assert_eq!(
            counts.buckets.iter().map(|b| u32::from(b[0])).sum::<u32>(),
            2
        );
        df.add_counts(&counts);
        // One article counted in four (stride 4 at 100,000 articles).
        assert_eq!(df.get(word_hash(b"bridge")), 4);
        assert_eq!(df.get(word_hash(b"river")), 4);
        assert_eq!(df.get(word_hash(b"the")), 0);
    }

    #[test]
    fn sampled_articles_2_pow_16_apart_each_count() {
        // Stride 32 at 2^20 articles: articles 0 and 65,536 are both counted, one after the
        // other into the same buckets, and their 16-bit marks must differ.
        let mut df = DocFreq::new(16, 1 << 20);
        let mut counts = df.new_counts();
        let mut s = Scratch::default();
        let sampled = [0, 1 << 16, (1 << 20) - 32];
        for &i in &sampled {
            assert!(df.counts_article(i));
            signature(
                "Floods hit the valley.",
                3,
                Some(&mut counts.article(i)),
                &mut s,
            );
        }
        df.add_counts(&counts);
        assert_eq!(df.get(word_hash(b"floods")), 32 * 3);
    }

    #[test]
    fn counts_split_over_tables_add_up_to_counting_in_one() {
        let texts = [
            "The bridge over the river closed.",
            "A river flooded the valley.",
            "Bridge repairs begin on Monday.",
        ];
        let (mut one, mut split) = (DocFreq::new(12, 3), DocFreq::new(12, 3));
        let mut all = one.new_counts();
        let mut tables = [split.new_counts(), split.new_counts()];
        let mut s = Scratch::default();
        for (i, text) in texts.iter().enumerate() {
            signature(text, 3, Some(&mut all.article(i)), &mut s);
            signature(text, 3, Some(&mut tables[i % 2].article(i)), &mut s);
        }
        one.add_counts(&all);
        for t in &tables {
            split.add_counts(t);
        }
        for word in ["bridge", "river", "valley", "monday", "closed"] {
            let h = word_hash(word.as_bytes());
            assert_eq!(split.get(h), one.get(h), "{word}");
        }
        assert_eq!(one.get(word_hash(b"river")), 2);
    }

    #[test]
    fn long_articles_count_once_per_bucket_past_the_look_ahead() {
        // Forty distinct content words, each used three times, far apart: more words than
        // a counter holds pending, so most are counted while the article is still scanned.
        let words: Vec<String> = (0..40).map(|i| format!("word{i}x")).collect();
        let text = [words.join(" "), words.join(" "), words.join(" ")].join(". ");
        let mut df = DocFreq::new(16, 100);
        let mut counts = df.new_counts();
        let mut s = Scratch::default();
        signature(&text, 3, Some(&mut counts.article(0)), &mut s);
        signature(&text, 3, Some(&mut counts.article(1)), &mut s);
        signature("word3x", 3, Some(&mut counts.article(2)), &mut s);
        let buckets: std::collections::BTreeSet<usize> = words
            .iter()
            .map(|w| df.slot((word_hash(w.as_bytes()) >> 32) as u32))
            .collect();
        let total: u32 = counts.buckets.iter().map(|b| u32::from(b[0])).sum();
        assert_eq!(total as usize, 2 * buckets.len() + 1);
        df.add_counts(&counts);
        assert_eq!(df.get(word_hash(b"word3x")), 3);
        assert!(words.iter().all(|w| df.get(word_hash(w.as_bytes())) >= 2));
    }

    #[test]
    fn features_are_sets() {
        let f = features("Anna Berg met the mayor. Anna Berg met the mayor.", 3, true);
        assert_eq!(f.shingles.len(), 5);
        // anna, berg, met, mayor ("the" is a stop word).
        assert_eq!(f.terms.len(), 4);
        // "Berg" is a name; "Anna" always starts a sentence, so it is not taken for one.
        assert_eq!(f.names.len(), 1);
        assert_eq!(intersection(&f.terms, &f.names), 1);
    }

    #[test]
    fn an_article_counts_once_per_word_and_articles_apart() {
        let mut df = DocFreq::new(16, 10);
        let mut counts = df.new_counts();
        let mut s = Scratch::default();
        let texts = ["Floods. Floods again, floods.", "The floods.", "No rain."];
        for (i, text) in texts.iter().enumerate() {
            signature(text, 3, Some(&mut counts.article(i)), &mut s);
        }
        // Counting one article again, as a different one, counts it again.
        signature(texts[0], 3, Some(&mut counts.article(7)), &mut s);
        df.add_counts(&counts);
        assert_eq!(df.get(word_hash(b"floods")), 3);
        assert_eq!(df.get(word_hash(b"again")), 2);
        assert_eq!(df.get(word_hash(b"rain")), 1);
    }

    #[test]
    fn kept_names_stay_ascending_and_padded() {
        let mut s = Scratch::default();
        let mut sig = signature(
            "Then Alice met Bob, Carol, Dave and Erin in Paris. Later Frank came.",
            3,
            None,
            &mut s,
        );
        let before: Vec<u32> = sig
            .names
            .iter()
            .copied()
            .filter(|&h| h != u32::MAX)
            .collect();
        assert!(before.len() >= 6, "{before:?}");
        let odd = |h: u32| h % 2 == 1;
        sig.keep_names(odd);
        let want: Vec<u32> = before.iter().copied().filter(|&h| odd(h)).collect();
        assert_eq!(&sig.names[..want.len()], &want[..]);
        assert!(sig.names[want.len()..].iter().all(|&h| h == u32::MAX));
        sig.keep_names(|_| false);
        assert_eq!(sig.names, [u32::MAX; NAME_SAMPLE]);
    }

    #[test]
    fn empty_and_tiny_texts() {
        let mut s = Scratch::default();
        let mut counts = DocFreq::new(12, 2).new_counts();
        let e = signature("", 3, Some(&mut counts.article(0)), &mut s);
        assert!(e.near.empty && e.names == [u32::MAX; NAME_SAMPLE] && e.words == 0);
        assert!(counts.buckets.iter().all(|b| b[0] == 0));
        let one = signature("word", 3, Some(&mut counts.article(1)), &mut s);
        assert_eq!(one.shingles, 1);
        assert!(!one.near.empty);
    }

    /// A shingle set (sorted, deduplicated) and its buckets.
    fn bucketed(shingles: impl Iterator<Item = u32>) -> (Vec<u32>, ShingleBuckets) {
        let mut v: Vec<u32> = shingles.collect();
        v.sort_unstable();
        v.dedup();
        let mut buckets = ShingleBuckets::default();
        buckets.fill(&v);
        (v, buckets)
    }

    #[test]
    fn bucket_bound_is_small_for_unrelated_articles() {
        // Two unrelated 500-shingle sets: what the bound is for (see BUCKET_BITS).
        let mut next = crate::dedup::tests::xorshift(0x2545_F491_4F6C_DD1D);
        let mut set = || bucketed((0..500).map(|_| (next() >> 32) as u32));
        let ((a, ba), (b, bb)) = (set(), set());
        let bound = ba.shared_at_most(&bb);
        assert!(bound >= intersection(&a, &b));
        assert!(bound < 100, "{bound}");
        // A set against itself: every shingle shared.
        assert!(ba.shared_at_most(&ba) >= a.len());
    }

    proptest::proptest! {
        /// The bound never falls under the true count, also when shingles crowd into a few
        /// buckets (`top` picks one of that many buckets).
        #[test]
        fn bucket_bound_is_at_least_the_shared_count(
            a in proptest::collection::btree_set((0u32..64, 0u32..1 << 20), 0..300),
            b in proptest::collection::btree_set((0u32..64, 0u32..1 << 20), 0..300),
            top in proptest::sample::select(vec![1u32, 4, 64]),
        ) {
            let set = |s: &std::collections::BTreeSet<(u32, u32)>| {
                bucketed(s.iter().map(|&(bucket, low)| (bucket % top) << (32 - BUCKET_BITS) | low))
            };
            let ((a, ba), (b, bb)) = (set(&a), set(&b));
            proptest::prop_assert!(ba.shared_at_most(&bb) >= intersection(&a, &b));
            proptest::prop_assert!(bb.shared_at_most(&ba) >= intersection(&a, &b));
        }

        #[test]
        fn shingle_intersection_counts_like_the_merge(
            a in proptest::collection::btree_set(0u32..200, 0..60),
            b in proptest::collection::btree_set(0u32..200, 0..60),
        ) {
            let (a, b): (Vec<u32>, Vec<u32>) = (a.into_iter().collect(), b.into_iter().collect());
            proptest::prop_assert_eq!(shingle_intersection(&a, &b), intersection(&a, &b));
            proptest::prop_assert_eq!(shingle_intersection(&b, &a), intersection(&a, &b));
        }

        /// The one-pass signature of the usual shingle sizes equals the general path's, names
        /// and counted words included, for texts of any length (shorter than a shingle too).
        #[test]
        fn fixed_shingle_sizes_sign_as_the_general_path(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["the", "Bremmer", "said", "é", "river", "5,000", "Kyiv", "of"]),
                0..40,
            ),
            ends in proptest::collection::vec(proptest::sample::select(vec![" ", ". ", ", ", "\n\n"]), 40),
        ) {
            let text: String = words.iter().zip(&ends).map(|(w, e)| format!("{w}{e}")).collect();
            let mut s = Scratch::default();
            let df = DocFreq::new(12, 1);
            for k in 2..=5 {
                let (mut fast_counts, mut slow_counts) = (df.new_counts(), df.new_counts());
                let fast = signature(&text, k, Some(&mut fast_counts.article(0)), &mut s);
                let slow = signature_any_k(&text, k, Some(&mut slow_counts.article(0)), &mut s);
                proptest::prop_assert_eq!(fast, slow, "k {}", k);
                proptest::prop_assert_eq!(&fast_counts, &slow_counts);
            }
        }
    }
}

//! Pairwise alignment: the features of two articles in, sentence pairs out.
//!
//! The hard case is a rewrite that moves paragraphs, splits one sentence in two, merges two
//! into one, rewords (or machine-translates) what it keeps and adds or drops whole paragraphs.
//! A plain sequence diff loses everything that moved; an all-pairs best match pairs repeated
//! boilerplate with the wrong sentence. So the alignment works in six steps:
//!
//! 1. **Similarity.** Each sentence is a set of content stems (see [`super::features`]), weighted
//!    by IDF within the pair (a stem in every sentence says nothing) times a bonus for names and
//!    numbers. Similarity is the weighted Dice coefficient. Candidate pairs come from an inverted
//!    index over the second article's stems, so only sentences that share a stem are scored.
//!    Name spellings one edit apart (`Bremmer` / `Bremer`) are unified first.
//!
//!    Each cell also gets an *evidence kind*. Two articles about one story share its cast:
//!    `Mr Clarke says he does not intend to use the house arrest powers` and `Mr Clarke also
//!    said intelligence reports showed ... terror threats` share a name and a topic word and
//!    score 0.31, yet say different things. So the *content* stems (neither names nor numbers)
//!    are compared on their own, by the same weighted Dice: below `min_content_score` the
//!    cell is `THIN`. When either sentence is mostly names and numbers (content under 30% of
//!    its weight: a team sheet, a fixture) there is no content to compare and the cell is a
//!    `LIST`, which must reach 0.6 to stand on its own (two team sheets of one story share most
//!    names whether or not they are the same list). Two sentences that both quote someone
//!    directly but share no stem inside the quotations report two different statements (the
//!    same speaker, attributed alike): they score 0, so that they do not even chain between
//!    anchors. Otherwise the cell is `CONTENT`.
//! 2. **Backbone.** A monotone dynamic programme (longest weighted common subsequence over the
//!    similarity matrix) picks the best in-order chain. A cell may take part only when its score
//!    reaches `chain_min_score` and is not far below the best score of its row and column
//!    (`relative_floor`): a weak in-order match must not hide a strong out-of-order one. The
//!    chain is then cut into runs (consecutive pairs at most one unpaired sentence apart on
//!    each side); a run survives only when it holds an *anchor*: a pair reaching
//!    `min_sentence_score` with content evidence (`CONTENT`, or a `LIST` at 0.6). Between
//!    anchors, a reworded or translated sentence needs less evidence; on its own it needs
//!    content.
//! 3. **Moves.** The sentences the chain left out are paired greedily by falling score: a moved
//!    paragraph is aligned where it went. A move is an anchor on its own, so it needs content
//!    evidence too, and at least `moved_min_score`.
//! 4. **Splits and merges.** A 1:1 pair grows into 1:2 or 2:1 when adding an unaligned
//!    neighbouring sentence raises the score by at least `merge_gain`.
//! 5. **Gaps.** k ≤ `fill_gaps_max` unaligned sentences on both sides between two in-order
//!    pairs are paired by position when their lengths agree (Gale–Church's insight: what sits
//!    between two anchors and has the same size is the same text, reworded). A gap at a
//!    document edge has one anchor only; its pairs need `chain_min_score` (two headlines are
//!    not the same sentence because both come first).
//! 6. **Short neighbours.** Stopword-only sentences next to a pair are paired when their plain
//!    words agree.
//!
//! Cost: O(postings) for the similarities, O(n·m) for the programme (a dense `f32` matrix), no
//! allocation inside the loops over sentences. Texts too long for a dense matrix are aligned
//! on their first 4,096 sentences only (see `MAX_CELLS`).

use super::features::Features;
use super::{AlignConfig, Passage, SentencePair};

/// `b_of_a[i]` / `a_of_b[j]` while aligning: not aligned yet, or already part of an output
/// pair (after step 4).
const FREE: usize = usize::MAX;
const CONSUMED: usize = usize::MAX - 1;

/// The similarity matrix and the programme are dense `n × m`: up to 2^24 cells (64 MiB each)
/// both articles are aligned whole; beyond, only their first [`MAX_SIDE`] sentences are (a
/// 4,096-sentence text is a book, not an article, and must not exhaust memory).
const MAX_CELLS: usize = 1 << 24;
const MAX_SIDE: usize = 1 << 12;

/// What one pair of articles produced, before the caller adds indices and metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairResult {
    pub pairs: Vec<SentencePair>,
    pub passages: Vec<Passage>,
    pub score: f64,
    pub a_coverage: f64,
    pub b_coverage: f64,
}

/// The two articles expressed in one stem id space with pair-level weights.
struct PairSpace {
    weight: Vec<f32>,
    /// Whether a stem is plain content (neither a name nor a number).
    content: Vec<bool>,
    a_off: Vec<u32>,
    a_toks: Vec<u32>,
    a_w: Vec<f32>,
    /// Weight of each sentence's content stems.
    a_cw: Vec<f32>,
    b_off: Vec<u32>,
    b_toks: Vec<u32>,
    b_w: Vec<f32>,
    b_cw: Vec<f32>,
    /// Quoted stems per sentence (see [`Features::sentence_quoted`]), in pair ids, sorted.
    a_qoff: Vec<u32>,
    a_q: Vec<u32>,
    b_qoff: Vec<u32>,
    b_q: Vec<u32>,
}

impl PairSpace {
    fn a(&self, i: usize) -> &[u32] {
        &self.a_toks[self.a_off[i] as usize..self.a_off[i + 1] as usize]
    }
    fn b(&self, j: usize) -> &[u32] {
        &self.b_toks[self.b_off[j] as usize..self.b_off[j + 1] as usize]
    }
    fn a_quoted(&self, i: usize) -> &[u32] {
        &self.a_q[self.a_qoff[i] as usize..self.a_qoff[i + 1] as usize]
    }
    fn b_quoted(&self, j: usize) -> &[u32] {
        &self.b_q[self.b_qoff[j] as usize..self.b_qoff[j + 1] as usize]
    }

    fn new(fa: &Features, fb: &Features) -> PairSpace {
        // Spelling variants: an `a` stem absent from `b` that is one edit away from a `b` stem
        // absent from `a` takes the `b` stem's hash.
        // Both vocabularies are sorted: one merge gives the pair's id space without hashing
        // or sorting.
        let (va, vb) = (&fa.vocab, &fb.vocab);
        let mut a_map = vec![0u32; va.len()];
        let mut b_map = vec![0u32; vb.len()];
        let (mut x, mut y, mut next) = (0usize, 0usize, 0u32);
        while x < va.len() || y < vb.len() {
            let take_a = y == vb.len() || (x < va.len() && va[x] <= vb[y]);
            let take_b = x == va.len() || (y < vb.len() && vb[y] <= va[x]);
            if take_a {
                a_map[x] = next;
                x += 1;
            }
            if take_b {
                b_map[y] = next;
                y += 1;
            }
            next += 1;
        }
        let ids = next as usize;
        // Spelling variants: an `a` stem absent from `b` that is one edit away from a `b` stem
        // absent from `a` takes the `b` stem's id.
        let (mut x, mut y) = (0, 0);
        while x < fa.variants.len() && y < fb.variants.len() {
            let (ha, ia) = fa.variants[x];
            let (hb, ib) = fb.variants[y];
            if ha < hb {
                x += 1;
            } else if hb < ha {
                y += 1;
            } else {
                let (sa, sb) = (va[ia as usize], vb[ib as usize]);
                if sa != sb && vb.binary_search(&sa).is_err() && va.binary_search(&sb).is_err() {
                    a_map[ia as usize] = b_map[ib as usize];
                }
                x += 1;
            }
        }
        let mut df = vec![0u32; ids];
        let mut bonus = vec![1.0f32; ids];
        for (i, &p) in a_map.iter().enumerate() {
            df[p as usize] += fa.df[i];
            bonus[p as usize] = bonus[p as usize].max(fa.bonus[i]);
        }
        for (i, &p) in b_map.iter().enumerate() {
            df[p as usize] += fb.df[i];
            bonus[p as usize] = bonus[p as usize].max(fb.bonus[i]);
        }
        let n = (fa.sentences() + fb.sentences()) as f32;
        let weight: Vec<f32> = df
            .iter()
            .zip(&bonus)
            .map(|(&d, &b)| (1.0 + n / d.max(1) as f32).ln() * b)
            .collect();
        let content: Vec<bool> = bonus.iter().map(|&b| b <= 1.0).collect();

        let remap = |f: &Features, map: &[u32]| {
            let mut toks: Vec<u32> = f.toks.iter().map(|&t| map[t as usize]).collect();
            let mut off = Vec::with_capacity(f.off.len());
            let mut w = Vec::with_capacity(f.sentences());
            let mut cw = Vec::with_capacity(f.sentences());
            off.push(0u32);
            let mut write = 0usize;
            for s in 0..f.sentences() {
                let (lo, hi) = (f.off[s] as usize, f.off[s + 1] as usize);
                // Aliasing can reorder or collide ids inside a sentence.
                toks[lo..hi].sort_unstable();
                let start = write;
                let (mut sum, mut csum) = (0.0f32, 0.0f32);
                for r in lo..hi {
                    if write == start || toks[write - 1] != toks[r] {
                        let t = toks[r] as usize;
                        toks[write] = toks[r];
                        sum += weight[t];
                        if content[t] {
                            csum += weight[t];
                        }
                        write += 1;
                    }
                }
                off.push(write as u32);
                w.push(sum);
                cw.push(csum);
            }
            toks.truncate(write);
            (off, toks, w, cw)
        };
        let (a_off, a_toks, a_w, a_cw) = remap(fa, &a_map);
        let (b_off, b_toks, b_w, b_cw) = remap(fb, &b_map);
        let remap_quoted = |f: &Features, map: &[u32]| {
            let mut q: Vec<u32> = f.quoted.iter().map(|&t| map[t as usize]).collect();
            for s in 0..f.sentences() {
                q[f.quoted_off[s] as usize..f.quoted_off[s + 1] as usize].sort_unstable();
            }
            (f.quoted_off.clone(), q)
        };
        let (a_qoff, a_q) = remap_quoted(fa, &a_map);
        let (b_qoff, b_q) = remap_quoted(fb, &b_map);
        PairSpace {
            weight,
            content,
            a_off,
            a_toks,
            a_w,
            a_cw,
            b_off,
            b_toks,
            b_w,
            b_cw,
            a_qoff,
            a_q,
            b_qoff,
            b_q,
        }
    }

    /// Weighted Dice of the union of `a` sentences `ai` and `b` sentences `bj` (each one or two
    /// sentences). Used for splits and merges only, so a small merge-join suffices.
    fn union_sim(&self, ai: &[usize], bj: &[usize]) -> f32 {
        let (mut wa, mut wb, mut shared) = (0.0f32, 0.0f32, 0.0f32);
        let a1 = self.a(ai[0]);
        let a2 = ai.get(1).map_or(&[][..], |&i| self.a(i));
        let b1 = self.b(bj[0]);
        let b2 = bj.get(1).map_or(&[][..], |&j| self.b(j));
        let mut ua = Union::new(a1, a2);
        let mut ub = Union::new(b1, b2);
        let (mut x, mut y) = (ua.next(), ub.next());
        loop {
            match (x, y) {
                (Some(p), Some(q)) if p == q => {
                    let w = self.weight[p as usize];
                    wa += w;
                    wb += w;
                    shared += w;
                    x = ua.next();
                    y = ub.next();
                }
                (Some(p), Some(q)) if p < q => {
                    wa += self.weight[p as usize];
                    x = ua.next();
                }
                (Some(p), None) => {
                    wa += self.weight[p as usize];
                    x = ua.next();
                }
                (_, Some(q)) => {
                    wb += self.weight[q as usize];
                    y = ub.next();
                }
                (None, None) => break,
            }
        }
        dice(shared, wa, wb)
    }
}

/// Distinct values of the union of two sorted, distinct slices, ascending.
struct Union<'a> {
    x: &'a [u32],
    y: &'a [u32],
}

impl<'a> Union<'a> {
    fn new(x: &'a [u32], y: &'a [u32]) -> Self {
        Union { x, y }
    }
    fn next(&mut self) -> Option<u32> {
        match (self.x.first(), self.y.first()) {
            (Some(&p), Some(&q)) => {
                if p <= q {
                    self.x = &self.x[1..];
                }
                if q <= p {
                    self.y = &self.y[1..];
                }
                Some(p.min(q))
            }
            (Some(&p), None) => {
                self.x = &self.x[1..];
                Some(p)
            }
            (None, Some(&q)) => {
                self.y = &self.y[1..];
                Some(q)
            }
            (None, None) => None,
        }
    }
}

fn dice(shared: f32, wa: f32, wb: f32) -> f32 {
    if wa + wb <= 0.0 {
        0.0
    } else {
        2.0 * shared / (wa + wb)
    }
}

/// Aligns two articles given their features.
pub fn align_features(fa: &Features, fb: &Features, config: &AlignConfig) -> PairResult {
    let (mut n, mut m) = (fa.sentences(), fb.sentences());
    if n.saturating_mul(m) > MAX_CELLS {
        // See MAX_CELLS: the tail of a gigantic text is left unaligned rather than exhausting
        // memory.
        n = n.min(MAX_SIDE);
        m = m.min(MAX_SIDE);
    }
    if n == 0 || m == 0 {
        return PairResult::default();
    }
    let space = PairSpace::new(fa, fb);
    let (sim, kind) = similarity_matrix(&space, n, m, config.min_content_score as f32);
    let min = config.min_sentence_score as f32;

    let mut row_max = vec![0.0f32; n];
    let mut col_max = vec![0.0f32; m];
    for i in 0..n {
        for j in 0..m {
            let s = sim[i * m + j];
            row_max[i] = row_max[i].max(s);
            col_max[j] = col_max[j].max(s);
        }
    }
    let rel = config.relative_floor as f32;
    let chain_min = (config.chain_min_score as f32).min(min);
    let allowed_at = |i: usize, j: usize, floor: f32| {
        let s = sim[i * m + j];
        s >= floor && s >= rel * row_max[i].max(col_max[j])
    };
    let chainable = |i: usize, j: usize| allowed_at(i, j, chain_min);
    // A pair that stands on its own (an anchor of the backbone, or a move) needs content
    // evidence, or a high score when one side is a list of names and numbers.
    let list_min = min.max(LIST_MIN_SCORE);
    let evident = |i: usize, j: usize, floor: f32| match kind[i * m + j] {
        CONTENT => allowed_at(i, j, floor),
        LIST => allowed_at(i, j, floor.max(list_min)),
        _ => false,
    };
    let moved_min = (config.moved_min_score as f32).max(min);
    let movable = |i: usize, j: usize| evident(i, j, moved_min);

    // Step 2: the monotone backbone.
    let mut a_of_b = vec![FREE; m];
    let mut b_of_a = vec![FREE; n];
    {
        let w = m + 1;
        let mut dp = vec![0.0f32; (n + 1) * w];
        for i in 1..=n {
            for j in 1..=m {
                let mut best = dp[(i - 1) * w + j].max(dp[i * w + j - 1]);
                if chainable(i - 1, j - 1) {
                    best = best.max(dp[(i - 1) * w + j - 1] + sim[(i - 1) * m + j - 1]);
                }
                dp[i * w + j] = best;
            }
        }
        let (mut i, mut j) = (n, m);
        while i > 0 && j > 0 {
            let here = dp[i * w + j];
            if chainable(i - 1, j - 1) && here == dp[(i - 1) * w + j - 1] + sim[(i - 1) * m + j - 1]
            {
                b_of_a[i - 1] = j - 1;
                a_of_b[j - 1] = i - 1;
                i -= 1;
                j -= 1;
            } else if here == dp[(i - 1) * w + j] {
                i -= 1;
            } else {
                j -= 1;
            }
        }
        // Weak pairs stay only in a run that holds a strong pair with content evidence. A run
        // is a chain of backbone pairs at most `RUN_SLACK` unpaired sentences apart on each
        // side (a dropped or reworded sentence does not break it).
        let mut i = 0;
        while i < n {
            if b_of_a[i] == FREE {
                i += 1;
                continue;
            }
            let mut last = i;
            loop {
                let next = (last + 1..n.min(last + 2 + RUN_SLACK)).find(|&t| b_of_a[t] != FREE);
                match next {
                    Some(t) if b_of_a[t] <= b_of_a[last] + 1 + RUN_SLACK => last = t,
                    _ => break,
                }
            }
            if !(i..=last).any(|k| b_of_a[k] != FREE && evident(k, b_of_a[k], min)) {
                for k in i..=last {
                    if b_of_a[k] != FREE {
                        a_of_b[b_of_a[k]] = FREE;
                        b_of_a[k] = FREE;
                    }
                }
            }
            i = last + 1;
        }
    }

    // Step 3: moved sentences, greedily by falling score.
    let mut rest: Vec<(f32, u32, u32)> = Vec::new();
    for i in (0..n).filter(|&i| b_of_a[i] == FREE) {
        for j in (0..m).filter(|&j| a_of_b[j] == FREE) {
            if movable(i, j) {
                rest.push((sim[i * m + j], i as u32, j as u32));
            }
        }
    }
    rest.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for &(_, i, j) in &rest {
        let (i, j) = (i as usize, j as usize);
        if b_of_a[i] == FREE && a_of_b[j] == FREE {
            b_of_a[i] = j;
            a_of_b[j] = i;
        }
    }

    // Step 4: splits and merges with unaligned neighbours.
    let mut pairs: Vec<SentencePair> = Vec::new();
    let gain = config.merge_gain as f32;
    for i in 0..n {
        let j = b_of_a[i];
        if j == FREE || j == CONSUMED {
            continue;
        }
        let base = sim[i * m + j];
        // A half of a split must carry content of its own: a stopword sentence next door
        // (`No, it is not (true).`) sharing one stem is not half of the sentence.
        const MIN_HALF_STEMS: usize = 3;
        let free_a = |k: usize| k < n && b_of_a[k] == FREE && space.a(k).len() >= MIN_HALF_STEMS;
        let free_b = |k: usize| k < m && a_of_b[k] == FREE && space.b(k).len() >= MIN_HALF_STEMS;
        // Candidates as (a first, a count, b first, b count): no allocation per candidate.
        let (ip, jp) = (i.wrapping_sub(1), j.wrapping_sub(1));
        let options = [
            (ip, 2, j, 1, free_a(ip)),
            (i, 2, j, 1, free_a(i + 1)),
            (i, 1, jp, 2, free_b(jp)),
            (i, 1, j, 2, free_b(j + 1)),
        ];
        let mut best = (base, i, 1, j, 1);
        for &(a0, na, b0, nb, ok) in &options {
            if !ok {
                continue;
            }
            let s = space.union_sim(&[a0, a0 + 1][..na], &[b0, b0 + 1][..nb]);
            if s >= base + gain && s > best.0 {
                best = (s, a0, na, b0, nb);
            }
        }
        let (score, a0, na, b0, nb) = best;
        b_of_a[a0..a0 + na].fill(CONSUMED);
        a_of_b[b0..b0 + nb].fill(CONSUMED);
        pairs.push(SentencePair {
            a: (a0..a0 + na).collect(),
            b: (b0..b0 + nb).collect(),
            score: f64::from(score),
        });
    }
    pairs.sort_by(|x, y| x.a[0].cmp(&y.a[0]).then(x.b[0].cmp(&y.b[0])));
    if config.fill_gaps_max > 0 {
        fill_gaps(
            fa,
            fb,
            (n, m),
            &sim,
            &mut pairs,
            config.fill_gaps_max,
            chain_min,
        );
    }
    pair_short_neighbours(fa, fb, (n, m), &mut pairs, config.short_min_score);
    finish(fa, fb, pairs)
}

/// Dice of two sorted multisets of word keys.
fn key_dice(x: &[u64], y: &[u64]) -> f64 {
    let both = super::sorted_overlap(x, y);
    if x.is_empty() && y.is_empty() {
        0.0
    } else {
        2.0 * both as f64 / (x.len() + y.len()) as f64
    }
}

/// Step 6: short sentences made of stopwords (`No, it is not.` / `No, it is not (true).`) have
/// no content stems, so nothing above can see them. Next to an aligned pair, on the same side
/// of it in both articles, two unaligned sentences are paired when their plain words agree
/// (Dice over all word keys ≥ `min`): the neighbour gives the context a lone short sentence
/// lacks.
fn pair_short_neighbours(
    fa: &Features,
    fb: &Features,
    (n, m): (usize, usize),
    pairs: &mut Vec<SentencePair>,
    min: f64,
) {
    let mut a_taken = vec![false; n];
    let mut b_taken = vec![false; m];
    for p in pairs.iter() {
        p.a.iter().for_each(|&i| a_taken[i] = true);
        p.b.iter().for_each(|&j| b_taken[j] = true);
    }
    let mut added = Vec::new();
    // Walk outwards from each pair while the neighbours keep matching.
    for p in pairs.iter() {
        let (a0, b0) = (p.a[0], p.b[0]);
        let (a1, b1) = (*p.a.last().unwrap_or(&a0), *p.b.last().unwrap_or(&b0));
        for dir in [-1isize, 1] {
            let (mut i, mut j) = if dir < 0 {
                (a0 as isize - 1, b0 as isize - 1)
            } else {
                (a1 as isize + 1, b1 as isize + 1)
            };
            while i >= 0 && j >= 0 && (i as usize) < n && (j as usize) < m {
                let (iu, ju) = (i as usize, j as usize);
                if a_taken[iu] || b_taken[ju] {
                    break;
                }
                let s = key_dice(fa.sentence_keys(iu), fb.sentence_keys(ju));
                if s < min {
                    break;
                }
                a_taken[iu] = true;
                b_taken[ju] = true;
                added.push(SentencePair {
                    a: vec![iu],
                    b: vec![ju],
                    score: s,
                });
                i += dir;
                j += dir;
            }
        }
    }
    if !added.is_empty() {
        pairs.extend(added);
        pairs.sort_by(|x, y| x.a[0].cmp(&y.a[0]).then(x.b[0].cmp(&y.b[0])));
    }
}

/// Step 5: a gap of k unaligned sentences on each side between two in-order pairs (or a
/// document edge) is the same k sentences reworded past recognition, the way Gale and Church
/// align by position and length: they are paired in order when k ≤ `max` and the lengths in
/// words are compatible. A gap of unequal size is an insertion or omission and stays open. At
/// a document edge there is one anchor only, so each pair there must also score `edge_min`.
fn fill_gaps(
    fa: &Features,
    fb: &Features,
    (n, m): (usize, usize),
    sim: &[f32],
    pairs: &mut Vec<SentencePair>,
    max: usize,
    edge_min: f32,
) {
    // Without a single recognised pair there is no evidence that the articles share anything.
    if pairs.is_empty() {
        return;
    }
    let mut b_taken = vec![false; m];
    for p in pairs.iter() {
        for &j in &p.b {
            b_taken[j] = true;
        }
    }
    let compatible = |i: usize, j: usize| {
        let (x, y) = (fa.words[i] as f32, fb.words[j] as f32);
        x.max(y) <= 2.5 * x.min(y) + 2.0
    };
    let mut added = Vec::new();
    // Bounds as (last a, last b) before the gap and (first a, first b) after it, shifted by one
    // so that the document edges are 0 and n + 1.
    let mut prev = (0usize, 0usize);
    for k in 0..=pairs.len() {
        let next = pairs
            .get(k)
            .map_or((n + 1, m + 1), |p| (p.a[0] + 1, p.b[0] + 1));
        if next.1 > prev.1 {
            let (ga, gb) = (prev.0..next.0 - 1, prev.1..next.1 - 1);
            let size = ga.len();
            // A gap at a document edge has one anchor only (a headline before the first
            // pair is not the other headline by position): its pairs need some similarity.
            let edge = k == 0 || k == pairs.len();
            if size > 0
                && (!edge
                    || ga
                        .clone()
                        .zip(gb.clone())
                        .all(|(i, j)| sim[i * m + j] >= edge_min))
                && size <= max
                && gb.len() == size
                && gb.clone().all(|j| !b_taken[j])
                && ga.clone().zip(gb.clone()).all(|(i, j)| compatible(i, j))
            {
                for (i, j) in ga.zip(gb) {
                    added.push(SentencePair {
                        a: vec![i],
                        b: vec![j],
                        score: f64::from(sim[i * m + j]),
                    });
                }
            }
        }
        if let Some(p) = pairs.get(k) {
            let last = (
                *p.a.last().unwrap_or(&p.a[0]) + 1,
                *p.b.last().unwrap_or(&p.b[0]) + 1,
            );
            prev = (
                last.0,
                if next.1 > prev.1 {
                    last.1
                } else {
                    prev.1.max(last.1)
                },
            );
        }
    }
    if !added.is_empty() {
        pairs.extend(added);
        pairs.sort_by(|x, y| x.a[0].cmp(&y.a[0]).then(x.b[0].cmp(&y.b[0])));
    }
}

/// Below this share of content stems (by weight) a sentence is a list of names and numbers
/// (a team sheet, a fixture, a dateline) and the content floor does not apply to it.
const MIN_CONTENT_SHARE: f32 = 0.3;
/// What a pair of list sentences must score to stand on its own: two team sheets of one
/// story share most of their names whether or not they are the same list.
const LIST_MIN_SCORE: f32 = 0.6;

/// Quoted stems each sentence needs before two quotations are compared.
const MIN_QUOTED_STEMS: usize = 2;

/// Whether two sentences both quote someone directly (at least [`MIN_QUOTED_STEMS`] stems
/// each) and the quotations share no stem: `"We are watching it closely," said race director
/// David Bedford` and `"It doesn't get any better than this," said race director David
/// Bedford` report two different statements, however alike their attributions.
fn different_quotes(x: &[u32], y: &[u32]) -> bool {
    if x.len() < MIN_QUOTED_STEMS || y.len() < MIN_QUOTED_STEMS {
        return false;
    }
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return false,
        }
    }
    true
}

/// Unpaired sentences (on each side) allowed between two backbone pairs of one run.
const RUN_SLACK: usize = 1;

/// The evidence kind of a cell: its content stems agree too little (`THIN`), enough
/// (`CONTENT`), or one side is a list of names and numbers (`LIST`).
const THIN: u8 = 0;
const CONTENT: u8 = 1;
const LIST: u8 = 2;

/// Dense similarity matrix `n × m` (row-major) through an inverted index over `b`'s stems.
/// Pairs sharing fewer than two stems score 0 unless one side has at most two stems: a lone
/// shared word is not evidence of the same sentence.
///
/// Also returns each cell's evidence kind: `THIN` when the content stems (neither names nor
/// numbers) agree less than `content_min` (weighted Dice over content stems only), `LIST`
/// when either sentence is mostly names and numbers, else `CONTENT`. Sharing the story's cast
/// is not saying the same thing.
fn similarity_matrix(
    space: &PairSpace,
    n: usize,
    m: usize,
    content_min: f32,
) -> (Vec<f32>, Vec<u8>) {
    let ids = space.weight.len();
    let mut start = vec![0u32; ids + 1];
    for j in 0..m {
        for &t in space.b(j) {
            start[t as usize + 1] += 1;
        }
    }
    for k in 0..ids {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut postings = vec![0u32; start[ids] as usize];
    for j in 0..m {
        for &t in space.b(j) {
            postings[fill[t as usize] as usize] = j as u32;
            fill[t as usize] += 1;
        }
    }
    let mut sim = vec![0.0f32; n * m];
    let mut kind = vec![THIN; n * m];
    let mut count = vec![0u16; m];
    let mut shared_content = vec![0.0f32; m];
    let prose = |w: f32, cw: f32| cw >= MIN_CONTENT_SHARE * w;
    for i in 0..n {
        let row = &mut sim[i * m..(i + 1) * m];
        let kinds = &mut kind[i * m..(i + 1) * m];
        count.iter_mut().for_each(|c| *c = 0);
        shared_content.iter_mut().for_each(|c| *c = 0.0);
        for &t in space.a(i) {
            let w = space.weight[t as usize];
            let c = space.content[t as usize];
            for &j in &postings[start[t as usize] as usize..start[t as usize + 1] as usize] {
                row[j as usize] += w;
                if c {
                    shared_content[j as usize] += w;
                }
                count[j as usize] = count[j as usize].saturating_add(1);
            }
        }
        let la = space.a(i).len();
        let a_prose = prose(space.a_w[i], space.a_cw[i]);
        for j in 0..m {
            if row[j] > 0.0 {
                let short = la <= 2 || space.b(j).len() <= 2;
                row[j] = if count[j] >= 2 || short {
                    dice(row[j], space.a_w[i], space.b_w[j])
                } else {
                    0.0
                };
                kinds[j] = if different_quotes(space.a_quoted(i), space.b_quoted(j)) {
                    // Not even a weak pair between anchors.
                    row[j] = 0.0;
                    THIN
                } else if !(a_prose && prose(space.b_w[j], space.b_cw[j])) {
                    LIST
                } else if dice(shared_content[j], space.a_cw[i], space.b_cw[j]) >= content_min {
                    CONTENT
                } else {
                    THIN
                };
            }
        }
    }
    (sim, kind)
}

/// Passages, coverage and score from the final pairs (sorted by `a`).
fn finish(fa: &Features, fb: &Features, pairs: Vec<SentencePair>) -> PairResult {
    let words = |f: &Features, s: &[usize]| s.iter().map(|&k| u64::from(f.words[k])).sum::<u64>();
    let (ta, tb) = (fa.total_words(), fb.total_words());
    let (mut ca, mut cb, mut weighted) = (0u64, 0u64, 0.0f64);
    for p in &pairs {
        let (wa, wb) = (words(fa, &p.a), words(fb, &p.b));
        ca += wa;
        cb += wb;
        weighted += p.score.min(1.0) * (wa + wb) as f64;
    }
    let ratio = |x: f64, t: u64| if t == 0 { 0.0 } else { x / t as f64 };
    PairResult {
        passages: passages(&pairs),
        score: ratio(weighted, ta + tb),
        a_coverage: ratio(ca as f64, ta),
        b_coverage: ratio(cb as f64, tb),
        pairs,
    }
}

/// Maximal runs of pairs that are in the same order on both sides. Unaligned sentences in
/// between do not break a run (an inserted sentence is not a move); a pair out of order does.
pub fn passages(pairs: &[SentencePair]) -> Vec<Passage> {
    let mut by_b: Vec<usize> = (0..pairs.len()).collect();
    by_b.sort_by_key(|&k| (pairs[k].b[0], pairs[k].a[0]));
    let mut rank = vec![0usize; pairs.len()];
    for (r, &k) in by_b.iter().enumerate() {
        rank[k] = r;
    }
    let mut out: Vec<Passage> = Vec::new();
    for (k, p) in pairs.iter().enumerate() {
        let (a_last, b_last) = (
            *p.a.last().unwrap_or(&p.a[0]),
            *p.b.last().unwrap_or(&p.b[0]),
        );
        let extends = k > 0 && rank[k] == rank[k - 1] + 1;
        match out.last_mut() {
            Some(last) if extends => {
                last.a[1] = a_last;
                last.b[1] = b_last;
                last.pairs += 1;
            }
            _ => out.push(Passage {
                a: [p.a[0], a_last],
                b: [p.b[0], b_last],
                pairs: 1,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Article;
    use crate::text::Doc;

    fn feats(text: &str) -> Features {
        let a = Article {
            id: "x".into(),
            outlet: "x".into(),
            date: None,
            title: None,
            url: None,
            lang: None,
            source: "x.txt".into(),
            text: text.into(),
        };
        Features::build(&a, &Doc::prepare(&a.text), &AlignConfig::default())
    }

    fn links(r: &PairResult) -> Vec<(Vec<usize>, Vec<usize>)> {
        r.pairs.iter().map(|p| (p.a.clone(), p.b.clone())).collect()
    }

    #[test]
    fn moved_paragraph_is_still_aligned() {
        let a = feats(
            "The harbour bridge closed on Saturday after engineers found a cable fault.\n\n\
             Mayor Lindqvist promised extra ferries from Monday morning.\n\n\
             Police reported queues near the Eastern Docks interchange.",
        );
        let b = feats(
            "Police reported queues near the Eastern Docks interchange.\n\n\
             The harbour bridge closed on Saturday after engineers found a cable fault.\n\n\
             Mayor Lindqvist promised extra ferries from Monday morning.",
        );
        let r = align_features(&a, &b, &AlignConfig::default());
        assert_eq!(
            links(&r),
            [(vec![0], vec![1]), (vec![1], vec![2]), (vec![2], vec![0])]
        );
        assert_eq!(r.passages.len(), 2);
        assert!((r.a_coverage - 1.0).abs() < 1e-9);
    }

    #[test]
    fn split_sentence_becomes_one_to_two() {
        let a = feats(
            "The Saltgate Bridge, the main road link across Berghaven harbour, was closed to all \
             traffic on Saturday after engineers found a damaged support cable during a routine \
             inspection. Officials expect long queues.",
        );
        let b = feats(
            "The Saltgate Bridge, the main road link across Berghaven harbour, was closed to all \
             traffic on Saturday. Engineers found a damaged support cable during a routine \
             inspection. Officials expect long queues.",
        );
        let r = align_features(&a, &b, &AlignConfig::default());
        assert_eq!(links(&r), [(vec![0], vec![0, 1]), (vec![1], vec![2])]);
        let back = align_features(&b, &a, &AlignConfig::default());
        assert_eq!(links(&back), [(vec![0, 1], vec![0]), (vec![2], vec![1])]);
    }

    #[test]
    fn unrelated_sentences_stay_unaligned() {
        let a = feats("A bakery opened in Tollby on Mill Lane with sourdough bread.");
        let b = feats("The bridge closed after engineers found a broken cable.");
        let r = align_features(&a, &b, &AlignConfig::default());
        assert!(r.pairs.is_empty());
        assert_eq!(r.score, 0.0);
    }

    #[test]
    fn empty_and_one_sentence_docs_do_not_panic() {
        let e = feats("");
        let one = feats("Hello.");
        let c = AlignConfig::default();
        assert!(align_features(&e, &one, &c).pairs.is_empty());
        assert!(align_features(&one, &e, &c).pairs.is_empty());
        assert_eq!(align_features(&one, &one, &c).pairs.len(), 1);
    }

    #[test]
    fn a_reworded_sentence_between_two_anchors_is_paired_by_position() {
        let a = feats(
            "The harbour bridge closed on Saturday after engineers found a cable fault. \
             It was a grim day for everyone. \
             Mayor Lindqvist promised extra ferries from Monday morning.",
        );
        let b = feats(
            "The harbour bridge closed on Saturday after engineers found a cable fault. \
             Nobody in town could remember worse news. \
             Mayor Lindqvist promised extra ferries from Monday morning.",
        );
        let c = AlignConfig::default();
        let r = align_features(&a, &b, &c);
        assert_eq!(r.pairs.len(), 3);
        assert_eq!(
            (r.pairs[1].a.clone(), r.pairs[1].b.clone()),
            (vec![1], vec![1])
        );
        let off = AlignConfig {
            fill_gaps_max: 0,
            ..c
        };
        assert_eq!(align_features(&a, &b, &off).pairs.len(), 2);
    }

    #[test]
    fn sharing_only_names_and_the_topic_is_not_a_pair() {
        // Two articles of one story: Clarke and terror are everywhere, so sharing them says
        // little; A2 and B1 also share `now`, and score as high as a reworded sentence.
        let a = feats(
            "Charles Clarke published the terror bill on Tuesday. \
             The terror bill lets Mr Clarke order house arrest. \
             Mr Clarke says he does not intend to use the house arrest powers now, even for the \
             current British terror detainees.",
        );
        let b = feats(
            "Charles Clarke published the terror bill on Tuesday. \
             Mr Clarke also said intelligence reports showed British nationals were now playing \
             a bigger role in terror threats. \
             Critics of Mr Clarke attacked the terror bill.",
        );
        let c = AlignConfig::default();
        let space = PairSpace::new(&a, &b);
        let (sim, kind) = similarity_matrix(&space, 3, 3, c.min_content_score as f32);
        assert!(sim[2 * 3 + 1] >= c.min_sentence_score as f32, "{sim:?}");
        assert_eq!(kind[2 * 3 + 1], THIN);
        assert_eq!(kind[0], CONTENT);
        let r = align_features(&a, &b, &c);
        assert!(!r.pairs.iter().any(|p| p.a.contains(&2)), "{:?}", r.pairs);
    }

    #[test]
    fn two_different_quotes_of_one_speaker_are_not_a_pair() {
        let a = feats(
            "The marathon starts on Sunday morning in Greenwich. \
             \"We are watching it closely,\" said London race director David Bedford.",
        );
        let b = feats(
            "The marathon starts on Sunday morning in Greenwich. \
             \"It doesn't get any better than this for the anniversary,\" said race director \
             David Bedford.",
        );
        let r = align_features(&a, &b, &AlignConfig::default());
        assert_eq!(links(&r), [(vec![0], vec![0])]);
        // The same quotation, reworded, is still a pair.
        let c = feats(
            "The marathon starts on Sunday morning in Greenwich. \
             \"We are watching it very closely,\" race director David Bedford said.",
        );
        let r = align_features(&a, &c, &AlignConfig::default());
        assert_eq!(links(&r), [(vec![0], vec![0]), (vec![1], vec![1])]);
    }

    #[test]
    fn a_team_sheet_needs_a_high_score() {
        let a = feats("Replacements: A Titterrell, D Bell, S Borthwick, A Hazell, M Dawson.");
        let b = feats("Replacements: A Titterrell, P Vickery, S Borthwick, J Forrester, H Ellis.");
        assert!(align_features(&a, &b, &AlignConfig::default())
            .pairs
            .is_empty());
        let c = feats("Replacements: A Titterrell, D Bell, S Borthwick, A Hazell, O Smith.");
        assert_eq!(
            align_features(&a, &c, &AlignConfig::default()).pairs.len(),
            1
        );
    }

    #[test]
    fn an_insertion_next_to_nothing_stays_unpaired() {
        let a = feats(
            "The harbour bridge closed on Saturday after engineers found a cable fault. \
             Mayor Lindqvist promised extra ferries from Monday morning.",
        );
        let b = feats(
            "The harbour bridge closed on Saturday after engineers found a cable fault. \
             Nobody in town could remember worse news. \
             Mayor Lindqvist promised extra ferries from Monday morning.",
        );
        let r = align_features(&a, &b, &AlignConfig::default());
        assert_eq!(links(&r), [(vec![0], vec![0]), (vec![1], vec![2])]);
        assert!(r.b_coverage < 1.0 && r.a_coverage == 1.0);
    }

    #[test]
    fn names_one_edit_apart_share_an_id_in_the_pair() {
        let a = feats("Engineer Ingrid Valtonen inspected the cables.");
        let b = feats("Engineer Ingrid Waltonen inspected the cables.");
        let space = PairSpace::new(&a, &b);
        assert_eq!(space.a(0), space.b(0));
        let c = feats("Engineer Ingrid Kaltenbach inspected the cables.");
        let space = PairSpace::new(&a, &c);
        assert_ne!(space.a(0), space.b(0));
    }

    #[test]
    fn stopword_sentence_next_to_a_pair_is_paired() {
        let a = feats(
            "Reporters asked about the call. \"No, it is not (true). I have spoken to Putin only \
             once and that was about 18 months ago.\"",
        );
        let b = feats(
            "Asked on Twitter whether the report was true, he answered. \"No, it is not. I have \
             only spoken to Putin once and it was about 18 months ago.\"",
        );
        let r = align_features(&a, &b, &AlignConfig::default());
        let pair = r.pairs.iter().find(|p| p.a == [1]).map(|p| p.b.clone());
        assert_eq!(pair, Some(vec![1]), "{:?}", r.pairs);
    }

    const WORDS: &[&str] = &[
        "bridge",
        "Bridge",
        "closed",
        "cable",
        "Putin",
        "Putinbefore",
        "Bremmer",
        "Bremer",
        "the",
        "said",
        "1,200",
        "ferry",
        "Saturday",
        "engineers",
        "»",
        "\"",
        ",",
        "-",
    ];

    fn text_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let sentence = prop::collection::vec(prop::sample::select(WORDS), 0..10)
            .prop_map(|w| format!("{}.", w.join(" ")));
        prop::collection::vec((sentence, prop::bool::ANY), 0..12).prop_map(|s| {
            s.into_iter()
                .map(|(t, para)| {
                    if para {
                        format!("{t}\n\n")
                    } else {
                        format!("{t} ")
                    }
                })
                .collect()
        })
    }

    proptest::proptest! {
        #[test]
        fn alignment_invariants_hold_on_any_input(
            a in text_strategy(),
            b in proptest::prop_oneof![text_strategy(), "\\PC{0,120}"],
        ) {
            let (fa, fb) = (feats(&a), feats(&b));
            let r = align_features(&fa, &fb, &AlignConfig::default());
            let mut seen_a = vec![false; fa.sentences()];
            let mut seen_b = vec![false; fb.sentences()];
            for p in &r.pairs {
                proptest::prop_assert!(p.a.len() + p.b.len() <= 3 && !p.a.is_empty() && !p.b.is_empty());
                proptest::prop_assert!(p.a.windows(2).all(|w| w[1] == w[0] + 1));
                proptest::prop_assert!(p.b.windows(2).all(|w| w[1] == w[0] + 1));
                for &i in &p.a {
                    proptest::prop_assert!(!std::mem::replace(&mut seen_a[i], true));
                }
                for &j in &p.b {
                    proptest::prop_assert!(!std::mem::replace(&mut seen_b[j], true));
                }
            }
            proptest::prop_assert!(r.pairs.windows(2).all(|w| w[0].a[0] < w[1].a[0]));
            for x in [r.score, r.a_coverage, r.b_coverage] {
                proptest::prop_assert!((0.0..=1.0 + 1e-9).contains(&x));
            }
            let in_passages: usize = r.passages.iter().map(|p| p.pairs).sum();
            proptest::prop_assert_eq!(in_passages, r.pairs.len());
        }
    }

    #[test]
    fn gigantic_texts_are_aligned_on_their_head() {
        let text: String = (0..5000)
            .map(|i| format!("No {i} is {}. ", i + 7000))
            .collect();
        let f = feats(&text);
        assert_eq!(f.sentences(), 5000);
        let r = align_features(&f, &f, &AlignConfig::default());
        assert_eq!(r.pairs.len(), MAX_SIDE);
        assert!(r.pairs.iter().all(|p| p.a == p.b && p.a[0] < MAX_SIDE));
    }

    #[test]
    fn passages_break_on_moves_not_on_insertions() {
        let p = |a: usize, b: usize| SentencePair {
            a: vec![a],
            b: vec![b],
            score: 1.0,
        };
        // b sentence 1 is an insertion: one passage.
        let ps = passages(&[p(0, 0), p(1, 2), p(2, 3)]);
        assert_eq!(ps.len(), 1);
        assert_eq!((ps[0].a, ps[0].b, ps[0].pairs), ([0, 2], [0, 3], 3));
        // a sentence 0 moved to the end of b: two passages.
        let ps = passages(&[p(0, 3), p(1, 0), p(2, 1), p(3, 2)]);
        assert_eq!(ps.len(), 2);
        assert_eq!((ps[1].a, ps[1].b, ps[1].pairs), ([1, 3], [0, 2], 3));
    }
}

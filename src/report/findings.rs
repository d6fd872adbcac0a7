//! Findings: the same wording difference seen across several article pairs, told once.
//!
//! With five outlets aligned all-pairs, one outlet's flipped negation shows up in four pairs
//! (that outlet against each of the others). An editor wants it once: "negation: Coastal Times
//! says X; Harbour Daily, Northern Wire, Scraped News say Y". Both renderers use this module:
//!
//! - `Finding`: changes of one kind whose two sides have the same (whitespace-normalised)
//!   texts, joined across pairs when they share a sentence on one side. Concretely each change
//!   links two *nodes*, (article, sentences, change text), and a finding is a connected
//!   component of those links among changes with the same kind and texts. The side with fewer
//!   articles (the odd one out) comes first.
//! - `PairGroup`: aligned sentence pairs whose two texts are the same up to whitespace (the
//!   wire's sentence against the rewrite's, seen from three copies of the wire), drawn once with
//!   every article on each side. Groups are ordered so that the ones showing a finding for the
//!   first time come first; a group whose every change was already shown is a repeat and is
//!   attached to the group that showed its most serious finding.
//!
//! Everything is keyed and sorted by severity, kind, texts and report indices, never by hash
//! order, so the output is deterministic.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use super::text::Index;
use super::{ChangeKind, PairEntry, Report, Severity};

/// Most serious first: severity, then kind.
pub(crate) type Rank = (Reverse<Severity>, ChangeKind);

/// One article's sentence on one side of a finding or group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member<'r> {
    pub article: &'r str,
    pub sentences: &'r [usize],
    /// The whole sentence (or sentences) as the article has it.
    pub text: &'r str,
}

/// One side of a finding: the change text it has, and who has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Side<'r> {
    /// The change text on this side, whitespace-normalised (empty: this side lacks the words).
    pub change: String,
    /// Sorted by outlet, then article id, then sentence numbers; one entry per sentence.
    pub members: Vec<Member<'r>>,
}

impl Side<'_> {
    /// Number of distinct articles on this side.
    pub fn articles(&self) -> usize {
        let mut ids: Vec<&str> = self.members.iter().map(|m| m.article).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// Members grouped by identical sentence text: (text, members), the largest group first,
    /// then in member order. What "Harbour Daily, Northern Wire, Scraped News say ..." is.
    pub fn by_text(&self) -> Vec<(&str, Vec<&Member<'_>>)> {
        let mut groups: Vec<(&str, Vec<&Member>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for m in &self.members {
            let next = groups.len();
            let g = *index.entry(norm(m.text)).or_insert(next);
            if g == next {
                groups.push((m.text, Vec::new()));
            }
            groups[g].1.push(m);
        }
        // Stable: equal sizes keep member order.
        groups.sort_by_key(|(_, v)| Reverse(v.len()));
        groups
    }
}

/// A change of one kind, with the same texts, across one or more pairs of a story.
#[derive(Debug, Clone)]
pub(crate) struct Finding<'r> {
    /// The kind read from side 0 to side 1 (an insertion when side 0 lacks the words).
    pub kind: ChangeKind,
    pub severity: Severity,
    /// The odd one out (fewer articles) first.
    pub sides: [Side<'r>; 2],
    /// (alignment, pair) indices into the report, in report order, without repeats.
    pub pairs: Vec<(usize, usize)>,
}

impl Finding<'_> {
    pub fn rank(&self) -> Rank {
        (Reverse(self.severity), self.kind)
    }

    /// Whether a reader must check it: negations, numbers and anything of high severity.
    pub fn is_serious(&self) -> bool {
        self.severity == Severity::High
            || matches!(self.kind, ChangeKind::Negation | ChangeKind::Number)
    }
}

/// Aligned sentence pairs with the same two texts (up to whitespace), shown once.
#[derive(Debug, Clone)]
pub(crate) struct PairGroup<'r> {
    /// Who has side a's text and who has side b's; the odd one out first. `sentences` and
    /// `article` are filled, `text` is the pair's text on that side.
    pub sides: [Vec<Member<'r>>; 2],
    /// The first pair of the group, turned so that its side a is `sides[0]`: what is drawn.
    pub pair: PairEntry,
    /// (alignment, pair) indices of every pair in the group, in report order.
    pub pairs: Vec<(usize, usize)>,
    /// Most serious change of the group (`None`: the texts differ but nothing was classified).
    pub rank: Option<Rank>,
    /// Groups (indices into the story's group list) whose changes were all shown by this one
    /// first: "same change in N more pairs".
    pub repeats: Vec<usize>,
    /// Every change of this group was shown by an earlier group.
    pub is_repeat: bool,
}

/// A story's findings and its sentence differences, grouped.
#[derive(Debug, Clone, Default)]
pub(crate) struct Story<'r> {
    /// Most serious first, then by kind and texts.
    pub findings: Vec<Finding<'r>>,
    /// Groups showing something new first (most serious first), then the repeats.
    pub groups: Vec<PairGroup<'r>>,
}

/// Whitespace runs collapsed to one space, ends trimmed.
pub(crate) fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Insertion and deletion are one change read in two directions.
fn class(kind: ChangeKind) -> ChangeKind {
    match kind {
        ChangeKind::Deletion => ChangeKind::Insertion,
        k => k,
    }
}

fn flip_kind(kind: ChangeKind) -> ChangeKind {
    match kind {
        ChangeKind::Insertion => ChangeKind::Deletion,
        ChangeKind::Deletion => ChangeKind::Insertion,
        k => k,
    }
}

/// `p` seen from the other side.
pub(crate) fn flipped(p: &PairEntry) -> PairEntry {
    PairEntry {
        a: p.b.clone(),
        b: p.a.clone(),
        score: p.score,
        a_text: p.b_text.clone(),
        b_text: p.a_text.clone(),
        changes: p
            .changes
            .iter()
            .map(|c| super::Change {
                kind: flip_kind(c.kind),
                severity: c.severity,
                a: c.b.clone(),
                b: c.a.clone(),
                a_start: c.b_start,
                a_end: c.b_end,
                b_start: c.a_start,
                b_end: c.a_end,
            })
            .collect(),
    }
}

/// Whether a pair belongs in a listing of differences.
pub(crate) fn differs(p: &PairEntry) -> bool {
    !p.changes.is_empty() || p.a_text != p.b_text
}

fn member_key<'a>(ix: &Index<'a>, m: &Member<'a>) -> (&'a str, &'a str, &'a [usize]) {
    (ix.outlet(m.article), m.article, m.sentences)
}

fn sort_members<'r>(ix: &Index<'r>, v: &mut Vec<Member<'r>>) {
    v.sort_by(|x, y| member_key(ix, x).cmp(&member_key(ix, y)));
    v.dedup_by(|x, y| x.article == y.article && x.sentences == y.sentences);
}

/// Union-find over node ids.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller id wins, so roots do not depend on the order of unions.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.0[hi] = lo;
        }
    }
}

/// Findings and grouped sentence differences over `alignments` (indices into the report), which
/// should be one story's (or the alignments outside any story).
pub(crate) fn story<'r>(report: &'r Report, ix: &Index<'r>, alignments: &[usize]) -> Story<'r> {
    let (findings, finding_of) = findings(report, ix, alignments);
    let groups = pair_groups(report, ix, alignments, &findings, &finding_of);
    Story { findings, groups }
}

/// (alignment, pair, change) → index into the returned findings.
type FindingOf = HashMap<(usize, usize, usize), usize>;

fn findings<'r>(
    report: &'r Report,
    ix: &Index<'r>,
    alignments: &[usize],
) -> (Vec<Finding<'r>>, FindingOf) {
    // A node: one article's sentence(s) with one change text, on one side of a bucket.
    type Node<'a> = (&'a str, &'a [usize], String, u8);
    // A bucket: kind class and the two texts (ordered), so that pairs seen either way match.
    type Bucket = (ChangeKind, String, String);
    let mut node_id: HashMap<Node<'r>, usize> = HashMap::new();
    let mut nodes: Vec<(Member<'r>, u8)> = Vec::new();
    let mut sets = Sets(Vec::new());
    // (bucket, node of side a, node of side b, ai, pi, ci, kind, severity)
    struct Item {
        bucket: usize,
        na: usize,
        nb: usize,
        at: (usize, usize, usize),
        kind: ChangeKind,
        severity: Severity,
    }
    let mut buckets: HashMap<Bucket, usize> = HashMap::new();
    let mut bucket_keys: Vec<Bucket> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    for &ai in alignments {
        let Some(al) = report.alignments.get(ai) else {
            continue;
        };
        for (pi, p) in al.pairs.iter().enumerate() {
            for (ci, c) in p.changes.iter().enumerate() {
                let (ta, tb) = (norm(&c.a), norm(&c.b));
                // Side of each node within the bucket: by text, or by position when the two
                // texts are the same after normalising (whitespace-only changes).
                let (sa, sb) = match ta.cmp(&tb) {
                    std::cmp::Ordering::Less => (0, 1),
                    std::cmp::Ordering::Greater => (1, 0),
                    std::cmp::Ordering::Equal => (0, 1),
                };
                let key: Bucket = if sa == 0 {
                    (class(c.kind), ta.clone(), tb.clone())
                } else {
                    (class(c.kind), tb.clone(), ta.clone())
                };
                let next = bucket_keys.len();
                let bucket = *buckets.entry(key.clone()).or_insert(next);
                if bucket == next {
                    bucket_keys.push(key);
                }
                let mut node =
                    |article: &'r str, sentences: &'r [usize], text: &'r str, t: String, s: u8| {
                        let next = nodes.len();
                        let id = *node_id
                            .entry((article, sentences, format!("{bucket}\u{0}{t}"), s))
                            .or_insert(next);
                        if id == next {
                            nodes.push((
                                Member {
                                    article,
                                    sentences,
                                    text,
                                },
                                s,
                            ));
                            sets.0.push(next);
                        }
                        id
                    };
                let na = node(&al.a, &p.a, &p.a_text, ta, sa);
                let nb = node(&al.b, &p.b, &p.b_text, tb, sb);
                sets.union(na, nb);
                items.push(Item {
                    bucket,
                    na,
                    nb,
                    at: (ai, pi, ci),
                    kind: c.kind,
                    severity: c.severity,
                });
            }
        }
    }

    // Components, in order of their first item (report order).
    let mut component: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut first_item: HashMap<usize, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let root = sets.find(it.na);
        first_item.entry(root).or_insert(i);
        component.entry(first_item[&root]).or_default().push(i);
    }

    // Each finding with the (alignment, pair, change) indices it was made of.
    type Located<'a> = (Finding<'a>, Vec<(usize, usize, usize)>);
    let mut out: Vec<Located<'r>> = Vec::new();
    for its in component.values() {
        let first = &items[its[0]];
        let key = &bucket_keys[first.bucket];
        let mut sides: [Vec<Member<'r>>; 2] = [Vec::new(), Vec::new()];
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut severity = Severity::Low;
        for &i in its {
            let it = &items[i];
            for n in [it.na, it.nb] {
                let (m, s) = &nodes[n];
                sides[usize::from(*s)].push(m.clone());
            }
            pairs.push((it.at.0, it.at.1));
            severity = severity.max(it.severity);
        }
        pairs.sort_unstable();
        pairs.dedup();
        for v in &mut sides {
            sort_members(ix, v);
        }
        let [s0, s1] = sides;
        let mut sides = [
            Side {
                change: key.1.clone(),
                members: s0,
            },
            Side {
                change: key.2.clone(),
                members: s1,
            },
        ];
        // Orientation: the odd one out first; on a tie, the way the first pair reads.
        let first_a_side = usize::from(nodes[first.na].1);
        let flip = match sides[0].articles().cmp(&sides[1].articles()) {
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => first_a_side == 1,
        };
        if flip {
            sides.swap(0, 1);
        }
        // The kind as read from side 0 to side 1.
        let first_flipped = (first_a_side == 1) != flip;
        let kind = match (sides[0].change.is_empty(), sides[1].change.is_empty()) {
            (true, false) if class(first.kind) == ChangeKind::Insertion => ChangeKind::Insertion,
            (false, true) if class(first.kind) == ChangeKind::Insertion => ChangeKind::Deletion,
            _ if first_flipped => flip_kind(first.kind),
            _ => first.kind,
        };
        let at = its.iter().map(|&i| items[i].at).collect();
        out.push((
            Finding {
                kind,
                severity,
                sides,
                pairs,
            },
            at,
        ));
    }
    out.sort_by(|(x, xa), (y, ya)| {
        let key = |f: &Finding<'r>| {
            (
                f.rank(),
                f.sides[0].change.clone(),
                f.sides[1].change.clone(),
            )
        };
        key(x).cmp(&key(y)).then_with(|| xa[0].cmp(&ya[0]))
    });
    let mut finding_of = HashMap::new();
    let mut findings = Vec::with_capacity(out.len());
    for (i, (f, at)) in out.into_iter().enumerate() {
        for a in at {
            finding_of.insert(a, i);
        }
        findings.push(f);
    }
    (findings, finding_of)
}

fn pair_groups<'r>(
    report: &'r Report,
    ix: &Index<'r>,
    alignments: &[usize],
    findings: &[Finding<'r>],
    finding_of: &FindingOf,
) -> Vec<PairGroup<'r>> {
    // Group by the two texts, either way round.
    struct Draft<'r> {
        texts: (String, String),
        /// Members with the first text, with the second.
        sides: [Vec<Member<'r>>; 2],
        pairs: Vec<(usize, usize)>,
        /// The first pair reads second text → first text.
        first_flipped: bool,
        findings: Vec<usize>,
        /// The group has a difference no finding covers (texts differ, nothing classified).
        unclassified: bool,
    }
    let mut by_texts: HashMap<(String, String), usize> = HashMap::new();
    let mut drafts: Vec<Draft<'r>> = Vec::new();
    for &ai in alignments {
        let Some(al) = report.alignments.get(ai) else {
            continue;
        };
        for (pi, p) in al.pairs.iter().enumerate() {
            if !differs(p) {
                continue;
            }
            let (ta, tb) = (norm(&p.a_text), norm(&p.b_text));
            let swap = ta > tb;
            let key = if swap { (tb, ta) } else { (ta, tb) };
            let next = drafts.len();
            let g = *by_texts.entry(key.clone()).or_insert(next);
            if g == next {
                drafts.push(Draft {
                    texts: key,
                    sides: [Vec::new(), Vec::new()],
                    pairs: Vec::new(),
                    first_flipped: swap,
                    findings: Vec::new(),
                    unclassified: false,
                });
            }
            let d = &mut drafts[g];
            let ma = Member {
                article: &al.a,
                sentences: &p.a,
                text: &p.a_text,
            };
            let mb = Member {
                article: &al.b,
                sentences: &p.b,
                text: &p.b_text,
            };
            let (m0, m1) = if swap { (mb, ma) } else { (ma, mb) };
            d.sides[0].push(m0);
            d.sides[1].push(m1);
            d.pairs.push((ai, pi));
            for ci in 0..p.changes.len() {
                if let Some(&f) = finding_of.get(&(ai, pi, ci)) {
                    d.findings.push(f);
                }
            }
            if p.changes.is_empty() {
                d.unclassified = true;
            }
        }
    }
    for d in &mut drafts {
        d.findings.sort_unstable();
        d.findings.dedup();
        for v in &mut d.sides {
            sort_members(ix, v);
        }
    }
    // Static order: most serious, most pairs, then texts; the tie-breaker for the greedy pass.
    let rank_of = |fs: &[usize]| fs.iter().map(|&f| findings[f].rank()).min();
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by(|&x, &y| {
        let key = |d: &Draft| {
            (
                rank_of(&d.findings),
                Reverse(d.pairs.len()),
                d.texts.clone(),
            )
        };
        // `None` (unclassified) sorts after every rank.
        let (kx, ky) = (key(&drafts[x]), key(&drafts[y]));
        (kx.0.is_none(), kx).cmp(&(ky.0.is_none(), ky))
    });
    let mut position = vec![0; drafts.len()];
    for (pos, &g) in order.iter().enumerate() {
        position[g] = pos;
    }

    // Greedy: take the group whose most serious *not yet shown* finding ranks best. A group's
    // key only gets worse as findings are shown, so a stale heap entry is re-pushed (lazy).
    type Key = (bool, Option<Rank>, Reverse<usize>, usize);
    let mut shown_by: Vec<Option<usize>> = vec![None; findings.len()];
    let key = |d: &Draft, shown_by: &[Option<usize>], pos: usize| -> Option<Key> {
        let new: Vec<usize> = d
            .findings
            .iter()
            .copied()
            .filter(|&f| shown_by[f].is_none())
            .collect();
        if new.is_empty() && !d.unclassified {
            return None;
        }
        let r = rank_of(&new);
        Some((r.is_none(), r, Reverse(d.pairs.len()), pos))
    };
    let mut heap: BinaryHeap<Reverse<(Key, usize)>> = drafts
        .iter()
        .enumerate()
        .filter_map(|(g, d)| key(d, &shown_by, position[g]).map(|k| Reverse((k, g))))
        .collect();
    let mut fresh: Vec<usize> = Vec::new();
    let mut taken = vec![false; drafts.len()];
    while let Some(Reverse((k, g))) = heap.pop() {
        match key(&drafts[g], &shown_by, position[g]) {
            None => {}
            Some(now) if now != k => heap.push(Reverse((now, g))),
            Some(_) => {
                for &f in &drafts[g].findings {
                    shown_by[f].get_or_insert(fresh.len());
                }
                taken[g] = true;
                fresh.push(g);
            }
        }
    }
    // Repeats, in static order, attached to the group that showed their most serious finding.
    let repeats: Vec<usize> = order.iter().copied().filter(|&g| !taken[g]).collect();

    let n_fresh = fresh.len();
    let mut out: Vec<PairGroup<'r>> = Vec::with_capacity(drafts.len());
    for (slot, g) in fresh.into_iter().chain(repeats).enumerate() {
        let d = &mut drafts[g];
        let (ai, pi) = d.pairs[0];
        let p = &report.alignments[ai].pairs[pi];
        let mut sides = std::mem::take(&mut d.sides);
        let count = |v: &[Member]| {
            let mut ids: Vec<&str> = v.iter().map(|m| m.article).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        };
        // The odd one out first; on a tie, the way the first pair reads.
        let swap = match count(&sides[0]).cmp(&count(&sides[1])) {
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => d.first_flipped,
        };
        if swap {
            sides.swap(0, 1);
        }
        // The drawn pair reads sides[0] → sides[1].
        let pair = if swap != d.first_flipped {
            flipped(p)
        } else {
            p.clone()
        };
        let rank = rank_of(&d.findings);
        out.push(PairGroup {
            sides,
            pair,
            pairs: std::mem::take(&mut d.pairs),
            rank,
            repeats: Vec::new(),
            is_repeat: slot >= n_fresh,
        });
    }
    // Attach each repeat to the fresh group that first showed its most serious finding.
    let group_findings: Vec<Vec<usize>> = out
        .iter()
        .map(|g| {
            let mut fs: Vec<usize> = g
                .pairs
                .iter()
                .flat_map(|&(ai, pi)| {
                    (0..report.alignments[ai].pairs[pi].changes.len())
                        .filter_map(move |ci| finding_of.get(&(ai, pi, ci)).copied())
                })
                .collect();
            fs.sort_unstable();
            fs.dedup();
            fs
        })
        .collect();
    for (r, group) in group_findings.iter().enumerate().skip(n_fresh) {
        let best = group
            .iter()
            .copied()
            .min_by_key(|&f| (findings[f].rank(), f));
        if let Some(owner) = best.and_then(|f| shown_by[f]) {
            out[owner].repeats.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{AlignmentEntry, ArticleEntry, Change, ClusterEntry, ClusterKind};

    fn article(id: &str, outlet: &str) -> ArticleEntry {
        ArticleEntry {
            id: id.into(),
            outlet: outlet.into(),
            date: None,
            title: None,
            url: None,
            lang: None,
            source: format!("{id}.txt"),
            sentences: 1,
            words: 1,
            bytes: 1,
        }
    }

    fn change(kind: ChangeKind, severity: Severity, a: &str, b: &str) -> Change {
        Change {
            kind,
            severity,
            a: a.into(),
            b: b.into(),
            a_start: 0,
            a_end: 0,
            b_start: 0,
            b_end: 0,
        }
    }

    const REOPEN: &str = "The bridge will reopen before Friday.";
    const NOT: &str = "The bridge will not reopen before Friday.";

    /// Five outlets all-pairs; `odd` says the bridge reopens, the others that it does not.
    fn report(odd: &str) -> Report {
        let ids = ["a", "b", "c", "d", "e"];
        let mut r = Report::default();
        for id in ids {
            r.articles
                .push(article(id, &format!("Outlet {}", id.to_uppercase())));
        }
        r.clusters.push(ClusterEntry {
            id: "story-1".into(),
            kind: ClusterKind::Story,
            articles: ids.iter().map(|s| s.to_string()).collect(),
            score: 0.5,
            parent: None,
        });
        for (i, x) in ids.iter().enumerate() {
            for y in &ids[i + 1..] {
                let text = |id: &str| if id == odd { REOPEN } else { NOT };
                let (ta, tb) = (text(x), text(y));
                let changes = match (*x == odd, *y == odd) {
                    (true, false) => vec![change(ChangeKind::Negation, Severity::High, "", "not")],
                    (false, true) => vec![change(ChangeKind::Negation, Severity::High, "not", "")],
                    _ => vec![],
                };
                r.alignments.push(AlignmentEntry {
                    a: x.to_string(),
                    b: y.to_string(),
                    cluster: Some("story-1".into()),
                    score: 0.9,
                    a_coverage: 1.0,
                    b_coverage: 1.0,
                    likely_source: None,
                    pairs: vec![PairEntry {
                        a: vec![3],
                        b: vec![3],
                        score: 0.9,
                        a_text: ta.into(),
                        b_text: tb.into(),
                        changes,
                    }],
                    passages: vec![],
                });
            }
        }
        r
    }

    #[test]
    fn one_negation_in_four_pairs_is_one_finding_odd_one_first() {
        for odd in ["a", "c", "e"] {
            let r = report(odd);
            let ix = Index::new(&r);
            let all: Vec<usize> = (0..r.alignments.len()).collect();
            let s = story(&r, &ix, &all);
            assert_eq!(s.findings.len(), 1, "odd {odd}");
            let f = &s.findings[0];
            assert_eq!(f.kind, ChangeKind::Negation);
            assert_eq!(f.pairs.len(), 4);
            let who: Vec<Vec<&str>> = f
                .sides
                .iter()
                .map(|s| s.members.iter().map(|m| m.article).collect())
                .collect();
            assert_eq!(who[0], [odd]);
            assert_eq!(who[1].len(), 4);
            assert_eq!(f.sides[0].change, "");
            assert_eq!(f.sides[1].change, "not");
            // One sentence difference, drawn from the odd one's side, covering the four pairs.
            assert_eq!(s.groups.len(), 1);
            let g = &s.groups[0];
            assert_eq!(g.pairs.len(), 4);
            assert_eq!(g.pair.a_text, REOPEN);
            assert_eq!(g.pair.changes[0].b, "not");
            assert_eq!(g.sides[0].len(), 1);
        }
    }

    #[test]
    fn two_against_three_is_still_one_finding() {
        let mut r = report("a");
        // Make "b" say "reopen" too: its pairs with a disappear, its pairs with c, d, e appear.
        for al in &mut r.alignments {
            let p = &mut al.pairs[0];
            if al.a == "a" && al.b == "b" {
                p.b_text = REOPEN.into();
                p.changes.clear();
            } else if al.a == "b" {
                p.a_text = REOPEN.into();
                p.changes = vec![change(ChangeKind::Negation, Severity::High, "", "not")];
            }
        }
        let ix = Index::new(&r);
        let all: Vec<usize> = (0..r.alignments.len()).collect();
        let s = story(&r, &ix, &all);
        assert_eq!(s.findings.len(), 1);
        assert_eq!(s.findings[0].sides[0].articles(), 2);
        assert_eq!(s.findings[0].sides[1].articles(), 3);
        assert_eq!(s.findings[0].pairs.len(), 6);
    }

    #[test]
    fn insertion_seen_both_ways_is_one_finding_read_from_the_odd_one() {
        // "b" has words the others lack; as side b of (a, b) it is an insertion, as side a of
        // (b, c) a deletion.
        let mut r = report("none");
        r.alignments.retain(|al| {
            (al.a == "a" && al.b == "b")
                || (al.a == "b" && al.b == "c")
                || (al.a == "a" && al.b == "c")
        });
        let with = "The bridge, which opened in 1974, is closed.";
        let without = "The bridge is closed.";
        for al in &mut r.alignments {
            let p = &mut al.pairs[0];
            p.a_text = if al.a == "b" { with } else { without }.into();
            p.b_text = if al.b == "b" { with } else { without }.into();
            p.changes = match (al.a.as_str(), al.b.as_str()) {
                ("a", "b") => vec![change(
                    ChangeKind::Insertion,
                    Severity::Low,
                    "",
                    ", which opened in 1974,",
                )],
                ("b", "c") => vec![change(
                    ChangeKind::Deletion,
                    Severity::Low,
                    ", which  opened in 1974,",
                    "",
                )],
                _ => vec![],
            };
        }
        let ix = Index::new(&r);
        let all: Vec<usize> = (0..r.alignments.len()).collect();
        let s = story(&r, &ix, &all);
        assert_eq!(s.findings.len(), 1, "{:?}", s.findings);
        let f = &s.findings[0];
        assert_eq!(f.sides[0].members[0].article, "b");
        assert_eq!(f.sides[0].change, ", which opened in 1974,");
        assert_eq!(f.kind, ChangeKind::Deletion);
        // The two sentence pairs have the same texts: drawn once, from b's side.
        let fresh: Vec<&PairGroup> = s.groups.iter().filter(|g| !g.is_repeat).collect();
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh[0].pair.a_text, with);
        assert_eq!(fresh[0].pair.changes[0].kind, ChangeKind::Deletion);
        assert_eq!(fresh[0].pairs.len(), 2);
    }

    #[test]
    fn empty_and_dangling_input() {
        let r = Report::default();
        let ix = Index::new(&r);
        let s = story(&r, &ix, &[0, 5]);
        assert!(s.findings.is_empty() && s.groups.is_empty());
    }
}

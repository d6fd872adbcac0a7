//! Terminal output: a [`Report`] and [`RenderOptions`] in, readable text out.
//!
//! Layout: the summary first (counts, the most serious differences with both texts, corpus-wide
//! name variants), then one section per story cluster (articles, sub-clusters, name variants,
//! quotes, aligned sentence pairs as inline word diffs), then shared passages and errors.
//!
//! Neither list repeats itself across article pairs (see [`super::findings`]): "most serious
//! differences" has one entry per finding (the odd outlet first, then every outlet with the
//! other wording), and a story's sentence differences show each distinct sentence pair once with
//! every outlet on each side, the pairs that show something new first; a pair that only repeats
//! changes shown above is named under the one that showed them.
//!
//! The hard cases this module exists for:
//! - A pair's [`Change`] offsets point into the *article* text, which the report does not carry.
//!   So the inline diff is recomputed from `a_text`/`b_text` with `similar`, and each changed run
//!   is labelled with the kinds of the changes whose texts match it (`inline_diff`, shared
//!   with the HTML renderer).
//! - Colour must never be the only signal: deletions and insertions always carry
//!   `git diff --word-diff` markers (`[-old-]{+new+}`), and the kind is spelled out, `(number)`.
//!   ANSI escapes are emitted only when [`RenderOptions::color`] is set.
//! - Wrapping is by display width (CJK and emoji are two columns), and an escape sequence
//!   never straddles a line break because every word is styled on its own.
//! - Big corpora: a story with hundreds of aligned pairs shows the most serious sentence
//!   differences first and caps the rest ("N more sentence differences in M pairs, see
//!   --format html or json").
//! - Reports are data from elsewhere (a JSON file, another version): ids that point nowhere are
//!   shown as they are, never unwrapped.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write;

use anstyle::{AnsiColor, Effects, Style};
use similar::{Algorithm, ChangeTag, TextDiff};
use unicode_width::UnicodeWidthStr;

use super::findings::{self, Finding, Member, PairGroup, Story};
use super::{
    AlignmentEntry, ArticleEntry, Change, ChangeKind, ClusterEntry, PairEntry, QuoteGroup,
    QuoteStatus, RenderOptions, Report, Severity,
};

/// Sentence pairs shown per story cluster before the rest are summarised in one line.
pub const PAIRS_PER_CLUSTER: usize = 12;
/// Entries in the summary's "most serious differences" list.
const SERIOUS_SHOWN: usize = 10;
/// Articles listed per cluster; a 5,000-article syndication cluster is summarised.
const ARTICLES_PER_CLUSTER: usize = 30;
/// Outlets named on one side of a finding or sentence difference before "and N more".
const MEMBERS_NAMED: usize = 8;
/// Distinct wordings of one side of a serious finding shown in the summary.
const WORDINGS_SHOWN: usize = 3;
/// Characters of a change text shown in a finding's headline.
const HEADLINE_CHARS: usize = 40;
/// Repeating sentence pairs named under the group that showed their changes.
const REPEATS_NAMED: usize = 4;

/// Renders `report` as text for a terminal (or a pager, or a file).
pub fn render(
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    out.write_all(render_string(report, options).as_bytes())
}

/// `text` without the characters that must not reach a terminal from untrusted text: control
/// characters (ESC above all) would let article text drive the terminal, and bidi overrides
/// would let it reorder what is shown.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if text.chars().any(unsafe_char) {
        text.chars().filter(|&c| !unsafe_char(c)).collect()
    } else {
        text.into()
    }
}

/// The whole text rendering as a string (what [`render`] writes).
pub fn render_string(report: &Report, options: &RenderOptions) -> String {
    let index = Index::new(report);
    let mut w = Out {
        buf: String::new(),
        color: options.color,
        // Below 40 columns nothing lays out sensibly; the CLI clamps too, the library may not.
        width: options.width.max(40),
    };
    summary(&mut w, report, &index);
    for (slot, &ci) in index.top.iter().enumerate() {
        cluster(&mut w, report, &index, slot, ci);
    }
    unclustered(&mut w, report, &index);
    if !index.loose_alignments.is_empty() {
        w.heading("Other aligned articles");
        let story = findings::story(report, &index, &index.loose_alignments);
        pair_list(&mut w, &index, &story);
    }
    shared_passages(&mut w, report, &index);
    errors(&mut w, report);
    w.buf
}

// ---------------------------------------------------------------------------------------------
// What belongs where. Shared with the HTML renderer.
// ---------------------------------------------------------------------------------------------

/// Lookups over a report: which cluster is top-level, which alignments, quotes, name variants
/// and collations belong to it. Everything is by index into the report's lists, in report order,
/// so both renderers are deterministic.
pub(crate) struct Index<'r> {
    articles: HashMap<&'r str, &'r ArticleEntry>,
    /// Clusters with no (known) parent: story clusters, or a lone near-duplicate cluster.
    pub top: Vec<usize>,
    /// Per top-level cluster (same order as `top`): its descendant clusters.
    pub children: Vec<Vec<usize>>,
    pub alignments: Vec<Vec<usize>>,
    pub quotes: Vec<Vec<usize>>,
    pub names: Vec<Vec<usize>>,
    pub collations: Vec<Vec<usize>>,
    /// Alignments whose cluster is unknown or absent.
    pub loose_alignments: Vec<usize>,
    pub loose_quotes: Vec<usize>,
    /// Corpus-wide name variants (no cluster, or an unknown one).
    pub loose_names: Vec<usize>,
    /// Articles in no cluster, in report order.
    pub loose_articles: Vec<usize>,
}

impl<'r> Index<'r> {
    pub fn new(report: &'r Report) -> Self {
        let articles: HashMap<&str, &ArticleEntry> =
            report.articles.iter().map(|a| (a.id.as_str(), a)).collect();
        let by_id: HashMap<&str, usize> = report
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        // Follow parents up; the depth limit guards against a cyclic parent chain in a
        // hand-edited report (the kinds nest at most three deep).
        let root = |mut i: usize| -> usize {
            for _ in 0..4 {
                match report.clusters[i]
                    .parent
                    .as_deref()
                    .and_then(|p| by_id.get(p))
                {
                    Some(&p) if p != i => i = p,
                    _ => break,
                }
            }
            i
        };
        let roots: Vec<usize> = (0..report.clusters.len()).map(root).collect();
        // Story clusters before lone near-duplicate/exact ones, each group in report order.
        let mut top: Vec<usize> = (0..report.clusters.len())
            .filter(|&i| roots[i] == i)
            .collect();
        top.sort_by_key(|&i| (std::cmp::Reverse(report.clusters[i].kind), i));
        let slot_of: HashMap<usize, usize> = top.iter().enumerate().map(|(s, &i)| (i, s)).collect();
        let slot_of_cluster = |id: Option<&str>| -> Option<usize> {
            let &i = by_id.get(id?)?;
            slot_of.get(&roots[i]).copied()
        };
        // Articles to the top-level cluster that holds them (the first, if several do).
        let mut article_slot: HashMap<&str, usize> = HashMap::new();
        for (slot, &ci) in top.iter().enumerate() {
            for a in &report.clusters[ci].articles {
                article_slot.entry(a.as_str()).or_insert(slot);
            }
        }

        let n = top.len();
        let mut ix = Index {
            articles,
            top,
            children: vec![Vec::new(); n],
            alignments: vec![Vec::new(); n],
            quotes: vec![Vec::new(); n],
            names: vec![Vec::new(); n],
            collations: vec![Vec::new(); n],
            loose_alignments: Vec::new(),
            loose_quotes: Vec::new(),
            loose_names: Vec::new(),
            loose_articles: report
                .articles
                .iter()
                .enumerate()
                .filter(|(_, a)| !article_slot.contains_key(a.id.as_str()))
                .map(|(i, _)| i)
                .collect(),
        };
        for (i, &r) in roots.iter().enumerate() {
            if r != i {
                if let Some(&s) = slot_of.get(&r) {
                    ix.children[s].push(i);
                }
            }
        }
        for (i, al) in report.alignments.iter().enumerate() {
            let slot = slot_of_cluster(al.cluster.as_deref())
                .or_else(|| article_slot.get(al.a.as_str()).copied());
            match slot {
                Some(s) => ix.alignments[s].push(i),
                None => ix.loose_alignments.push(i),
            }
        }
        for (i, q) in report.quotes.iter().enumerate() {
            match q
                .versions
                .iter()
                .find_map(|v| article_slot.get(v.article.as_str()))
            {
                Some(&s) => ix.quotes[s].push(i),
                None => ix.loose_quotes.push(i),
            }
        }
        for (i, nv) in report.name_variants.iter().enumerate() {
            match slot_of_cluster(nv.cluster.as_deref()) {
                Some(s) => ix.names[s].push(i),
                None => ix.loose_names.push(i),
            }
        }
        for (i, c) in report.collations.iter().enumerate() {
            if let Some(s) = slot_of_cluster(Some(&c.cluster)) {
                ix.collations[s].push(i);
            }
        }
        ix
    }

    pub fn article(&self, id: &str) -> Option<&'r ArticleEntry> {
        self.articles.get(id).copied()
    }

    /// The outlet of article `id`, or the id itself when the report does not list it.
    pub fn outlet<'a>(&self, id: &'a str) -> &'a str
    where
        'r: 'a,
    {
        self.article(id).map_or(id, |a| a.outlet.as_str())
    }
}

/// Most serious first: highest severity, then most serious kind, then report order.
pub(crate) fn pair_rank(p: &PairEntry) -> (std::cmp::Reverse<Severity>, ChangeKind) {
    let sev = p
        .changes
        .iter()
        .map(|c| c.severity)
        .max()
        .unwrap_or(Severity::Low);
    let kind = p
        .changes
        .iter()
        .map(|c| c.kind)
        .min()
        .unwrap_or(ChangeKind::Punctuation);
    (std::cmp::Reverse(sev), kind)
}

// ---------------------------------------------------------------------------------------------
// The inline word diff. Shared with the HTML renderer.
// ---------------------------------------------------------------------------------------------

/// One piece of an inline diff of two sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'p> {
    /// Text both sides share.
    Same(String),
    /// A run of words that differs: `del` on side a, `ins` on side b (either may be empty),
    /// and the changes of the pair that this run is (part of), most serious first.
    Changed {
        del: String,
        ins: String,
        changes: Vec<&'p Change>,
    },
}

/// Word diff of `pair.a_text` against `pair.b_text`, each changed run labelled with the
/// classified [`Change`]s it shows.
///
/// Runs that are separated only by whitespace are joined (as `git diff --word-diff` shows
/// `[-Brennecke said-]{+has he specified+}` rather than three fragments).
pub(crate) fn inline_diff(pair: &PairEntry) -> Vec<Piece<'_>> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_unicode_words(pair.a_text.as_str(), pair.b_text.as_str());
    // Tokens with the same tag merged.
    let mut tokens: Vec<(ChangeTag, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        match tokens.last_mut() {
            Some((t, s)) if *t == c.tag() => s.push_str(c.value()),
            _ => tokens.push((c.tag(), c.value().to_string())),
        }
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut del = String::new();
    let mut ins = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let (tag, text) = &tokens[i];
        match tag {
            ChangeTag::Delete => del.push_str(text),
            ChangeTag::Insert => ins.push_str(text),
            ChangeTag::Equal => {
                let open = !del.is_empty() || !ins.is_empty();
                let bridges = open
                    && text.chars().all(char::is_whitespace)
                    && tokens
                        .get(i + 1)
                        .is_some_and(|(t, _)| *t != ChangeTag::Equal);
                if bridges {
                    // Whitespace inside a run belongs to both sides of it (both texts have
                    // it, so both sides must keep it to rebuild their sentence).
                    del.push_str(text);
                    ins.push_str(text);
                } else {
                    flush(&mut pieces, &mut del, &mut ins, pair);
                    pieces.push(Piece::Same(text.clone()));
                }
            }
        }
        i += 1;
    }
    flush(&mut pieces, &mut del, &mut ins, pair);
    pieces
}

fn flush<'p>(pieces: &mut Vec<Piece<'p>>, del: &mut String, ins: &mut String, pair: &'p PairEntry) {
    if del.is_empty() && ins.is_empty() {
        return;
    }
    let (d, i) = (std::mem::take(del), std::mem::take(ins));
    let changes = matching_changes(pair, &d, &i);
    pieces.push(Piece::Changed {
        del: d,
        ins: i,
        changes,
    });
}

/// The changes of `pair` whose texts are (part of) the run `del`/`ins`: an exact match if there
/// is one, else every change overlapping the run, most serious first.
fn matching_changes<'p>(pair: &'p PairEntry, del: &str, ins: &str) -> Vec<&'p Change> {
    let (d, i) = (del.trim(), ins.trim());
    let exact: Vec<&Change> = pair
        .changes
        .iter()
        .filter(|c| c.a.trim() == d && c.b.trim() == i)
        .collect();
    let mut found = if exact.is_empty() {
        let within = |run: &str, t: &str| {
            let t = t.trim();
            !run.is_empty() && !t.is_empty() && (run.contains(t) || t.contains(run))
        };
        pair.changes
            .iter()
            .filter(|c| within(d, &c.a) || within(i, &c.b))
            .collect()
    } else {
        exact
    };
    found.sort_by_key(|c| (std::cmp::Reverse(c.severity), c.kind));
    found.dedup_by_key(|c| c.kind);
    found
}

// ---------------------------------------------------------------------------------------------
// Styled, width-aware output.
// ---------------------------------------------------------------------------------------------

struct Out {
    buf: String,
    color: bool,
    width: usize,
}

fn style_del() -> Style {
    AnsiColor::Red.on_default()
}
fn style_ins() -> Style {
    AnsiColor::Green.on_default()
}
fn style_dim() -> Style {
    Style::new().effects(Effects::DIMMED)
}
fn style_bold() -> Style {
    Style::new().effects(Effects::BOLD)
}
fn style_heading() -> Style {
    AnsiColor::Cyan.on_default().effects(Effects::BOLD)
}
fn style_severity(s: Severity) -> Style {
    match s {
        Severity::High => AnsiColor::Magenta.on_default().effects(Effects::BOLD),
        Severity::Medium => AnsiColor::Yellow.on_default(),
        Severity::Low => style_dim(),
    }
}
fn style_status(s: QuoteStatus) -> Style {
    match s {
        QuoteStatus::Verbatim => AnsiColor::Green.on_default(),
        QuoteStatus::Variant => AnsiColor::Cyan.on_default(),
        QuoteStatus::Reworded => AnsiColor::Yellow.on_default(),
        QuoteStatus::Contradicting => AnsiColor::Magenta.on_default().effects(Effects::BOLD),
    }
}

impl Out {
    fn styled(&mut self, text: &str, style: Style) {
        if self.color && style != Style::new() {
            let _ = write!(self.buf, "{style}{text}{style:#}");
        } else {
            self.buf.push_str(text);
        }
    }

    fn line(&mut self, indent: usize, parts: &[(&str, Style)]) {
        let mut p = Para::new(self, indent, indent + 2);
        for (t, s) in parts {
            p.gap();
            p.push(t, *s);
        }
        p.end();
    }

    fn blank(&mut self) {
        self.buf.push('\n');
    }

    fn heading(&mut self, title: &str) {
        self.blank();
        self.line(0, &[(title, style_heading())]);
    }
}

/// A wrapped paragraph: words are laid out up to the width; continuation lines get
/// `hang` columns of indent. Text glued together (a marker, a word, a tag) is one unit that is
/// never broken, so `[-` never ends a line.
struct Para<'o> {
    out: &'o mut Out,
    col: usize,
    hang: usize,
    /// A space is owed before the next word (the last thing pushed ended in whitespace).
    space: bool,
    /// The unit being built: styled segments with no break opportunity between them.
    chunk: Vec<(String, Style)>,
    chunk_width: usize,
    /// A space goes before the chunk being built.
    chunk_space: bool,
    /// Nothing but indent on the current line yet.
    fresh: bool,
}

impl<'o> Para<'o> {
    fn new(out: &'o mut Out, indent: usize, hang: usize) -> Self {
        out.buf.extend(std::iter::repeat_n(' ', indent));
        Para {
            out,
            col: indent,
            hang,
            space: false,
            chunk: Vec::new(),
            chunk_width: 0,
            chunk_space: false,
            fresh: true,
        }
    }

    /// Appends `text`; whitespace in it is where lines may break (newlines included: text from
    /// articles is flowed, not kept verbatim).
    fn push(&mut self, text: &str, style: Style) {
        let mut rest = text;
        while !rest.is_empty() {
            let ws_end = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            if ws_end > 0 {
                self.space = true;
                rest = &rest[ws_end..];
                continue;
            }
            let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            self.word(&rest[..word_end], style);
            rest = &rest[word_end..];
        }
    }

    /// Appends `text` as it is (spaces kept, no break inside): padded table cells.
    fn literal(&mut self, text: &str, style: Style) {
        self.word(text, style);
    }

    /// A word glued to whatever comes before unless a space is owed.
    fn word(&mut self, word: &str, style: Style) {
        let word = terminal_safe(word).into_owned();
        if self.space {
            self.flush_chunk();
            self.chunk_space = true;
            self.space = false;
        }
        self.chunk_width += UnicodeWidthStr::width(word.as_str());
        // One escape sequence per styled run, not per segment.
        match self.chunk.last_mut() {
            Some((text, s)) if *s == style => text.push_str(&word),
            _ => self.chunk.push((word, style)),
        }
    }

    fn flush_chunk(&mut self) {
        if self.chunk.is_empty() {
            return;
        }
        let sep = usize::from(self.chunk_space && !self.fresh);
        if !self.fresh && self.col + sep + self.chunk_width > self.out.width {
            self.out.buf.push('\n');
            self.out.buf.extend(std::iter::repeat_n(' ', self.hang));
            self.col = self.hang;
        } else if sep == 1 {
            self.out.buf.push(' ');
            self.col += 1;
        }
        for (text, style) in std::mem::take(&mut self.chunk) {
            self.out.styled(&text, style);
        }
        self.col += self.chunk_width;
        self.chunk_width = 0;
        self.chunk_space = false;
        self.fresh = false;
    }

    /// Forces a separating space before the next word.
    fn gap(&mut self) {
        self.space = true;
    }

    fn end(mut self) {
        self.flush_chunk();
        self.out.buf.push('\n');
    }
}

// ---------------------------------------------------------------------------------------------
// Sections.
// ---------------------------------------------------------------------------------------------

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Harbour Daily, Northern Wire and 3 more": distinct outlets of some members, in order.
pub(crate) fn outlet_list(ix: &Index, members: &[&Member]) -> String {
    let mut outlets: Vec<&str> = Vec::new();
    for m in members {
        let o = ix.outlet(m.article);
        if !outlets.contains(&o) {
            outlets.push(o);
        }
    }
    let mut s = outlets
        .iter()
        .take(MEMBERS_NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if outlets.len() > MEMBERS_NAMED {
        let _ = write!(s, " and {} more", outlets.len() - MEMBERS_NAMED);
    }
    s
}

/// Serious findings of every story (and of the alignments outside any), with the id of their
/// story: most serious first, then by kind, texts and story. Shared with the HTML renderer.
pub(crate) fn serious_findings<'r>(
    report: &'r Report,
    ix: &Index<'r>,
) -> Vec<(Option<&'r str>, Finding<'r>)> {
    let mut items: Vec<(usize, Option<&'r str>, Finding<'r>)> = Vec::new();
    let scopes = ix
        .top
        .iter()
        .enumerate()
        .map(|(slot, &ci)| (Some(report.clusters[ci].id.as_str()), &ix.alignments[slot]))
        .chain(std::iter::once((None, &ix.loose_alignments)));
    for (order, (cluster, alignments)) in scopes.enumerate() {
        if alignments.is_empty() {
            continue;
        }
        for f in findings::story(report, ix, alignments).findings {
            if f.is_serious() {
                items.push((order, cluster, f));
            }
        }
    }
    items.sort_by(|(ox, _, x), (oy, _, y)| {
        (
            x.rank(),
            &x.sides[0].change,
            &x.sides[1].change,
            ox,
            &x.pairs,
        )
            .cmp(&(
                y.rank(),
                &y.sides[0].change,
                &y.sides[1].change,
                oy,
                &y.pairs,
            ))
    });
    items.into_iter().map(|(_, c, f)| (c, f)).collect()
}

fn summary(w: &mut Out, report: &Report, ix: &Index) {
    let s = &report.summary;
    w.line(
        0,
        &[
            ("wirediff:", style_bold()),
            (&plural(s.articles, "article", "articles"), Style::new()),
            (" from", Style::new()),
            (&plural(s.outlets, "outlet", "outlets"), Style::new()),
        ],
    );
    let clusters = format!(
        "clusters: {} story, {} near-duplicate, {} exact · {}",
        s.story_clusters,
        s.near_duplicate_clusters,
        s.exact_clusters,
        plural(
            s.aligned_pairs,
            "aligned article pair",
            "aligned article pairs"
        )
    );
    w.line(2, &[(&clusters, Style::new())]);
    if !s.changes.is_empty() {
        let mut p = Para::new(w, 2, 4);
        p.push("changes:", Style::new());
        for (i, kc) in s.changes.iter().enumerate() {
            // "case 1" stays on one line: literal segments are glued into one unit.
            p.gap();
            p.literal(&format!("{} ", kc.kind.as_str()), Style::new());
            let sep = if i + 1 < s.changes.len() { "," } else { "" };
            p.literal(&format!("{}{sep}", kc.count), style_bold());
        }
        p.end();
    }
    let mut extra = vec![
        plural(
            s.name_variants,
            "name with variant spellings",
            "names with variant spellings",
        ),
        plural(s.quotes, "quote", "quotes"),
    ];
    if s.contradicting_quotes > 0 {
        extra.push(format!("{} contradicting", s.contradicting_quotes));
    }
    if s.errors > 0 {
        extra.push(plural(s.errors, "input error", "input errors"));
    }
    w.line(2, &[(&extra.join(" · "), Style::new())]);

    serious(w, report, ix);

    if !ix.loose_names.is_empty() {
        w.heading("Name variants across the corpus");
        name_table(w, report, ix, &ix.loose_names);
    }
}

/// Negations and numbers (high severity), and contradicting quotes: what a reader must check.
/// One entry per finding (the same change across the pairs of a story), the odd one out first.
fn serious(w: &mut Out, report: &Report, ix: &Index) {
    let items = serious_findings(report, ix);
    let contradicting: Vec<&QuoteGroup> = report
        .quotes
        .iter()
        .filter(|q| q.status == QuoteStatus::Contradicting)
        .collect();
    if items.is_empty() && contradicting.is_empty() {
        return;
    }
    w.heading("Most serious differences");
    for (_, f) in items.iter().take(SERIOUS_SHOWN) {
        let (what, who) = finding_headline(ix, f);
        w.line(
            2,
            &[
                (f.kind.as_str(), style_severity(f.severity)),
                (&what, style_bold()),
                (&who, style_dim()),
            ],
        );
        for (side, (style, mark)) in f.sides.iter().zip([(style_del(), "-"), (style_ins(), "+")]) {
            let groups = side.by_text();
            for (text, members) in groups.iter().take(WORDINGS_SHOWN) {
                labelled_text(w, &outlet_list(ix, members), text, style, mark);
            }
            if groups.len() > WORDINGS_SHOWN {
                let more = format!(
                    "{mark} … {} more",
                    plural(groups.len() - WORDINGS_SHOWN, "wording", "wordings")
                );
                w.line(4, &[(&more, style_dim())]);
            }
        }
    }
    if items.len() > SERIOUS_SHOWN {
        let more = format!(
            "… {} more; see the clusters below",
            items.len() - SERIOUS_SHOWN
        );
        w.line(2, &[(&more, style_dim())]);
    }
    for q in contradicting {
        let who = q.speaker.as_deref().unwrap_or("unattributed");
        w.line(
            2,
            &[
                ("contradicting quote", style_status(q.status)),
                (&format!("({who})"), style_bold()),
            ],
        );
        for v in &q.versions {
            labelled_text(
                w,
                ix.outlet(&v.article),
                &format!("“{}”", v.text),
                Style::new(),
                "·",
            );
        }
    }
}

fn labelled_text(w: &mut Out, label: &str, text: &str, style: Style, mark: &str) {
    let mut p = Para::new(w, 4, 6);
    p.push(mark, style);
    p.gap();
    p.push(&format!("{label}:"), style_dim());
    p.gap();
    p.push(text, Style::new());
    p.end();
}

fn cluster(w: &mut Out, report: &Report, ix: &Index, slot: usize, ci: usize) {
    let c = &report.clusters[ci];
    w.blank();
    let title = format!(
        "━━ {} · {} · similarity {:.2}",
        c.id,
        plural(c.articles.len(), "article", "articles"),
        c.score
    );
    w.line(0, &[(&title, style_heading())]);

    let first = c.articles.first().and_then(|a| ix.article(a));
    if let Some(t) = first.and_then(|a| a.title.as_deref()) {
        let mut p = Para::new(w, 2, 2);
        p.push(t, style_bold());
        p.end();
    }
    article_list(w, ix, c);
    for &child in &ix.children[slot] {
        let k = &report.clusters[child];
        let mut p = Para::new(w, 2, 4);
        p.push(
            &format!("{} ({}, {:.2}):", k.id, k.kind.as_str(), k.score),
            style_dim(),
        );
        p.gap();
        p.push(&k.articles.join(", "), Style::new());
        p.end();
    }

    if !ix.names[slot].is_empty() {
        w.blank();
        w.line(2, &[("Name variants", style_bold())]);
        name_table(w, report, ix, &ix.names[slot]);
    }
    if !ix.quotes[slot].is_empty() {
        w.blank();
        w.line(2, &[("Quotes", style_bold())]);
        for &qi in &ix.quotes[slot] {
            quote(w, ix, &report.quotes[qi]);
        }
    }
    if !ix.alignments[slot].is_empty() {
        w.blank();
        w.line(2, &[("Aligned articles", style_bold())]);
        let all = &ix.alignments[slot];
        for &ai in all.iter().take(ARTICLES_PER_CLUSTER) {
            alignment_line(w, ix, &report.alignments[ai]);
        }
        if all.len() > ARTICLES_PER_CLUSTER {
            let more = format!("… {} more aligned pairs", all.len() - ARTICLES_PER_CLUSTER);
            w.line(4, &[(&more, style_dim())]);
        }
    }
    let story = findings::story(report, ix, &ix.alignments[slot]);
    if !story.groups.is_empty() {
        w.blank();
        w.line(
            2,
            &[("Sentence differences, most serious first", style_bold())],
        );
        pair_list(w, ix, &story);
    }
}

fn article_list(w: &mut Out, ix: &Index, c: &ClusterEntry) {
    let shown = c.articles.len().min(ARTICLES_PER_CLUSTER);
    let id_w = c.articles[..shown]
        .iter()
        .map(|a| UnicodeWidthStr::width(a.as_str()))
        .max()
        .unwrap_or(0)
        .min(30);
    for id in &c.articles[..shown] {
        let mut p = Para::new(w, 4, 6);
        p.literal(&pad(id, id_w), Style::new());
        match ix.article(id) {
            Some(a) => {
                p.gap();
                p.push(&a.outlet, style_bold());
                p.gap();
                p.push(a.date.as_deref().unwrap_or("(no date)"), style_dim());
            }
            None => {
                p.gap();
                p.push("(not in the report's article list)", style_dim());
            }
        }
        p.end();
    }
    if c.articles.len() > shown {
        let more = format!("… {} more articles", c.articles.len() - shown);
        w.line(4, &[(&more, style_dim())]);
    }
}

/// `s` padded with spaces to `width` display columns (never cut).
fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

fn name_table(w: &mut Out, report: &Report, ix: &Index, names: &[usize]) {
    for &ni in names {
        let nv = &report.name_variants[ni];
        let mut p = Para::new(w, 4, 6);
        p.push(&nv.suggested, style_bold());
        p.push(":", Style::new());
        for (i, s) in nv.spellings.iter().enumerate() {
            let outlets: BTreeSet<&str> = s.articles.iter().map(|a| ix.outlet(a)).collect();
            let st = if s.text == nv.suggested {
                style_ins()
            } else {
                style_del()
            };
            p.gap();
            p.push(&s.text, st);
            let sep = if i + 1 < nv.spellings.len() { ";" } else { "" };
            let detail = format!(
                " ×{} ({}){sep}",
                s.count,
                outlets.into_iter().collect::<Vec<_>>().join(", ")
            );
            p.push(&detail, style_dim());
        }
        p.end();
    }
}

fn quote(w: &mut Out, ix: &Index, q: &QuoteGroup) {
    let who = q.speaker.as_deref().unwrap_or("unattributed");
    let mut p = Para::new(w, 4, 6);
    p.literal(&pad(q.status.as_str(), 13), style_status(q.status));
    p.push(who, style_bold());
    p.gap();
    p.push(&format!("· {}", q.id), style_dim());
    p.end();
    // Verbatim versions are one text; show it once with all outlets.
    let mut seen: Vec<(&str, Vec<&str>)> = Vec::new();
    for v in &q.versions {
        let outlet = ix.outlet(&v.article);
        match seen.iter_mut().find(|(t, _)| *t == v.text) {
            Some((_, outlets)) => outlets.push(outlet),
            None => seen.push((&v.text, vec![outlet])),
        }
    }
    for (text, outlets) in seen {
        let mut p = Para::new(w, 6, 8);
        p.push(&format!("“{text}”"), Style::new());
        p.gap();
        p.push(&format!("— {}", outlets.join(", ")), style_dim());
        p.end();
    }
}

fn alignment_line(w: &mut Out, ix: &Index, al: &AlignmentEntry) {
    let mut p = Para::new(w, 4, 6);
    p.push(
        &format!("{} ↔ {}", ix.outlet(&al.a), ix.outlet(&al.b)),
        Style::new(),
    );
    let mut detail = format!(
        " · similarity {:.2}, coverage {:.0}%/{:.0}%",
        al.score,
        al.a_coverage * 100.0,
        al.b_coverage * 100.0
    );
    if let Some(src) = &al.likely_source {
        let _ = write!(detail, ", likely source {}", ix.outlet(src));
    }
    p.push(&detail, style_dim());
    p.end();
}

/// A story's sentence differences: each distinct sentence pair once, with every outlet on each
/// side; the groups that show a change for the first time come first, and groups that only
/// repeat changes already shown are named under the group that showed them.
fn pair_list(w: &mut Out, ix: &Index, story: &Story) {
    let fresh: Vec<&PairGroup> = story.groups.iter().filter(|g| !g.is_repeat).collect();
    for g in fresh.iter().take(PAIRS_PER_CLUSTER) {
        pair(w, ix, g);
        if !g.repeats.is_empty() {
            let n: usize = g.repeats.iter().map(|&r| story.groups[r].pairs.len()).sum();
            let mut p = Para::new(w, 6, 8);
            p.push(
                &format!(
                    "↳ {} only {} changes shown above:",
                    plural(n, "more pair", "more pairs"),
                    if n == 1 { "repeats" } else { "repeat" }
                ),
                style_dim(),
            );
            let shown = g.repeats.len().min(REPEATS_NAMED);
            for (i, &r) in g.repeats[..shown].iter().enumerate() {
                let sep = if i + 1 < shown { ";" } else { "" };
                p.gap();
                p.push(
                    &format!("{}{sep}", group_head(ix, &story.groups[r])),
                    style_dim(),
                );
            }
            if g.repeats.len() > shown {
                p.gap();
                p.push(
                    &format!("and {} more", g.repeats.len() - shown),
                    style_dim(),
                );
            }
            p.end();
        }
    }
    if fresh.len() > PAIRS_PER_CLUSTER {
        let rest = &fresh[PAIRS_PER_CLUSTER..];
        let n = rest.len();
        let pairs: usize = rest
            .iter()
            .map(|g| {
                g.pairs.len()
                    + g.repeats
                        .iter()
                        .map(|&r| story.groups[r].pairs.len())
                        .sum::<usize>()
            })
            .sum();
        let more = format!(
            "… {} in {}, see --format html or --format json",
            plural(n, "more sentence difference", "more sentence differences"),
            plural(pairs, "pair", "pairs"),
        );
        w.line(4, &[(&more, style_dim())]);
    }
}

/// "Coastal Times s4 ↔ Harbour Daily s6, Northern Wire s7": who is on each side of a group.
pub(crate) fn group_head(ix: &Index, g: &PairGroup) -> String {
    format!(
        "{} ↔ {}",
        side_label(ix, &g.sides[0]),
        side_label(ix, &g.sides[1])
    )
}

/// `s` cut to [`HEADLINE_CHARS`] characters at a word boundary, with "…" when cut.
fn clip(s: &str) -> String {
    if s.chars().count() <= HEADLINE_CHARS {
        return s.to_string();
    }
    let end = s
        .char_indices()
        .nth(HEADLINE_CHARS)
        .map_or(s.len(), |(i, _)| i);
    let cut = &s[..end];
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > 0 => &cut[..i],
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// "Harbour Daily s6, Northern Wire s7": one side of a group.
pub(crate) fn side_label(ix: &Index, v: &[Member]) -> String {
    let mut parts: Vec<String> = v
        .iter()
        .take(MEMBERS_NAMED)
        .map(|m| {
            format!(
                "{} s{}",
                ix.outlet(m.article),
                sentence_numbers(m.sentences)
            )
        })
        .collect();
    if v.len() > MEMBERS_NAMED {
        parts.push(format!("{} more", v.len() - MEMBERS_NAMED));
    }
    parts.join(", ")
}

/// A finding's headline: what changed (`"1,400" → "1,200"`, `"not" added`), read from the odd
/// one out to the others, and who is on which side (`· Coastal Times against 3 outlets`).
pub(crate) fn finding_headline(ix: &Index, f: &Finding) -> (String, String) {
    // A long change (a reworded clause) is cut: the sentences below carry it in full.
    let (x, y) = (clip(&f.sides[0].change), clip(&f.sides[1].change));
    let what = match (x.is_empty(), y.is_empty()) {
        (false, false) => format!("{x:?} → {y:?}"),
        (false, true) => format!("{x:?} dropped"),
        (true, false) => format!("{y:?} added"),
        (true, true) => String::new(),
    };
    let (n0, n1) = (f.sides[0].articles(), f.sides[1].articles());
    let who = match (n0, n1) {
        (1, 1) => String::new(),
        (1, n) => format!(
            "· {} against {}",
            f.sides[0]
                .members
                .first()
                .map_or("", |m| ix.outlet(m.article)),
            plural(n, "outlet", "outlets")
        ),
        (m, n) => format!("· {m} outlets against {n}"),
    };
    (what, who)
}

fn sentence_numbers(v: &[usize]) -> String {
    // The report's own indices (0-based), as `wirediff sentences` prints them, so that a
    // sentence can be looked up there.
    v.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("+")
}

fn pair(w: &mut Out, ix: &Index, g: &PairGroup) {
    let head = group_head(ix, g);
    w.line(4, &[(&head, style_dim())]);
    let mut para = Para::new(w, 6, 6);
    for piece in inline_diff(&g.pair) {
        match piece {
            Piece::Same(t) => para.push(&t, Style::new()),
            Piece::Changed { del, ins, changes } => {
                // Whitespace at the edges of a run stays outside the markers.
                let lead = del.starts_with(char::is_whitespace)
                    || (del.is_empty() && ins.starts_with(char::is_whitespace));
                let trail = ins.ends_with(char::is_whitespace)
                    || (ins.is_empty() && del.ends_with(char::is_whitespace));
                if lead {
                    para.gap();
                }
                if !del.trim().is_empty() {
                    para.push("[-", style_del());
                    para.push(del.trim(), style_del());
                    para.push("-]", style_del());
                }
                if !ins.trim().is_empty() {
                    para.push("{+", style_ins());
                    para.push(ins.trim(), style_ins());
                    para.push("+}", style_ins());
                }
                if !changes.is_empty() {
                    let kinds: Vec<&str> = changes.iter().map(|c| c.kind.as_str()).collect();
                    let sev = changes
                        .iter()
                        .map(|c| c.severity)
                        .max()
                        .unwrap_or(Severity::Low);
                    para.gap();
                    para.push(&format!("({})", kinds.join(", ")), style_severity(sev));
                }
                if trail {
                    para.gap();
                }
            }
        }
    }
    para.end();
}

fn unclustered(w: &mut Out, report: &Report, ix: &Index) {
    if ix.loose_articles.is_empty() {
        return;
    }
    let n = ix.loose_articles.len();
    w.heading(&format!(
        "{} in no cluster",
        plural(n, "article", "articles")
    ));
    let shown = &ix.loose_articles[..n.min(ARTICLES_PER_CLUSTER)];
    let id_w = shown
        .iter()
        .map(|&i| UnicodeWidthStr::width(report.articles[i].id.as_str()))
        .max()
        .unwrap_or(0)
        .min(30);
    for &i in shown {
        let a = &report.articles[i];
        let mut p = Para::new(w, 2, 4);
        p.literal(&pad(&a.id, id_w), Style::new());
        p.gap();
        p.push(&a.outlet, style_bold());
        p.gap();
        p.push(a.date.as_deref().unwrap_or("(no date)"), style_dim());
        p.end();
    }
    if n > shown.len() {
        let more = format!("… {} more articles", n - shown.len());
        w.line(2, &[(&more, style_dim())]);
    }
}

fn shared_passages(w: &mut Out, report: &Report, ix: &Index) {
    if report.shared_passages.is_empty() {
        return;
    }
    w.heading("Passages shared outside any story");
    for sp in &report.shared_passages {
        let head = format!(
            "{} s{} ↔ {} s{} · similarity {:.2}",
            ix.outlet(&sp.a),
            sentence_numbers(&sp.a_sentences),
            ix.outlet(&sp.b),
            sentence_numbers(&sp.b_sentences),
            sp.score
        );
        w.line(2, &[(&head, style_dim())]);
        labelled_text(w, &sp.a, &sp.a_text, Style::new(), "·");
        labelled_text(w, &sp.b, &sp.b_text, Style::new(), "·");
    }
}

fn errors(w: &mut Out, report: &Report) {
    if report.errors.is_empty() {
        return;
    }
    w.heading("Errors");
    for e in &report.errors {
        let place = match e.line {
            Some(l) => format!("{}:{l}:", e.source),
            None => format!("{}:", e.source),
        };
        let mut p = Para::new(w, 2, 4);
        p.push("error:", AnsiColor::Red.on_default().effects(Effects::BOLD));
        p.gap();
        p.push(&place, style_bold());
        p.gap();
        p.push(&e.message, Style::new());
        p.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pair(a: &str, b: &str, changes: Vec<Change>) -> PairEntry {
        PairEntry {
            a: vec![0],
            b: vec![0],
            score: 1.0,
            a_text: a.into(),
            b_text: b.into(),
            changes,
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

    /// Side a (or b) rebuilt from the pieces.
    fn side(pieces: &[Piece], a: bool) -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Same(t) => t.as_str(),
                Piece::Changed { del, ins, .. } => {
                    if a {
                        del.as_str()
                    } else {
                        ins.as_str()
                    }
                }
            })
            .collect()
    }

    #[test]
    fn runs_get_the_kind_of_their_change() {
        let p = pair(
            "The bridge will not reopen before Friday, Brennecke said.",
            "The bridge will reopen before Friday, Brenecke said.",
            vec![
                change(ChangeKind::Negation, Severity::High, "not", ""),
                change(
                    ChangeKind::Spelling,
                    Severity::Medium,
                    "Brennecke",
                    "Brenecke",
                ),
            ],
        );
        let kinds: Vec<Vec<ChangeKind>> = inline_diff(&p)
            .iter()
            .filter_map(|piece| match piece {
                Piece::Changed { changes, .. } => Some(changes.iter().map(|c| c.kind).collect()),
                Piece::Same(_) => None,
            })
            .collect();
        assert_eq!(
            kinds,
            [vec![ChangeKind::Negation], vec![ChangeKind::Spelling]]
        );
    }

    #[test]
    fn runs_separated_by_spaces_are_joined() {
        let p = pair(
            "Friday, Brennecke said.",
            "Friday, has he specified.",
            vec![],
        );
        let changed: Vec<(String, String)> = inline_diff(&p)
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Changed { del, ins, .. } => Some((del, ins)),
                Piece::Same(_) => None,
            })
            .collect();
        assert_eq!(
            changed,
            [("Brennecke said".to_string(), "has he specified".to_string())]
        );
    }

    #[test]
    fn long_change_texts_are_cut_in_headlines() {
        assert_eq!(clip("1,400"), "1,400");
        let long = "last week that reflected demands that Kremlin officials have made";
        let c = clip(long);
        assert!(
            c.ends_with('…') && c.chars().count() <= HEADLINE_CHARS + 1,
            "{c}"
        );
        assert!(long.starts_with(c.trim_end_matches('…')));
        let cjk = "橋".repeat(60);
        assert_eq!(clip(&cjk).chars().count(), HEADLINE_CHARS + 1);
    }

    #[test]
    fn article_text_cannot_drive_the_terminal() {
        let mut report = Report::default();
        report.errors.push(super::super::ErrorEntry {
            source: "x\u{1b}[2Jy".into(),
            line: None,
            message: "a\u{202E}b\u{7}c".into(),
        });
        let out = render_string(
            &report,
            &RenderOptions {
                color: false,
                width: 80,
            },
        );
        assert!(out.contains("x[2Jy:") && out.contains("abc"), "{out}");
    }

    proptest! {
        /// Whatever the texts, the pieces rebuild both sentences exactly.
        #[test]
        fn inline_diff_rebuilds_both_sides(a in "[a-c ,.é]{0,30}", b in "[a-c ,.é]{0,30}") {
            let p = pair(&a, &b, vec![]);
            let pieces = inline_diff(&p);
            prop_assert_eq!(side(&pieces, true), a);
            prop_assert_eq!(side(&pieces, false), b);
        }
    }
}

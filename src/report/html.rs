//! Self-contained HTML report: a [`Report`] in, one HTML file out (inline CSS and JS, no
//! network fetch of any kind, opens offline from disk).
//!
//! Article text is untrusted: a scraped page can carry `<script>`, `onerror=` attributes or a
//! `javascript:` URL. The page is therefore built so that article text is never parsed as HTML:
//!
//! 1. Rust builds a compact *view* of the report (clusters with their sentence differences
//!    grouped across pairs and already diffed into runs, collations, names, quotes; the serious
//!    findings, one card each, see [`super::findings`]) and serialises it as JSON into
//!    `<script type="application/json">`, with `<`, `>`, `&`, U+2028 and U+2029 written as
//!    `\u003c`-style escapes ([`json_for_script`]), so no text can close the element or start
//!    a tag. Only `http://` and `https://` URLs are kept ([`safe_url`]).
//! 2. The page's one script (`html/report.js`) renders that data with `createElement` and
//!    `textContent` only; it never assigns `innerHTML`, and it sets `href` only after checking
//!    the scheme again.
//! 3. The only strings interpolated into markup on the Rust side are counts and the static
//!    CSS/JS, and the title goes through [`escape`] anyway.
//!
//! The other hard case is size: a 10,000-article report must open without freezing. The data
//! is one JSON parse; the script renders a page of cluster headers at a time and a cluster's
//! body (tables, pairs) only when it is opened, so the initial DOM is bounded whatever the
//! corpus size.

use std::io::Write;

use serde::Serialize;

use super::findings::{self, Finding, PairGroup, Story};
use super::text::{
    finding_headline, group_head, inline_diff, outlet_list, pair_rank, serious_findings,
    side_label, Index, Piece,
};
use super::{
    AlignmentEntry, Change, ChangeKind, ErrorEntry, NameVariant, PairEntry, QuoteStatus, Report,
    Severity, SharedPassage, Summary,
};

const CSS: &str = include_str!("html/report.css");
const JS: &str = include_str!("html/report.js");

/// Renders `report` as one self-contained HTML page.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let view = View::new(report);
    let data = serde_json::to_string(&view).map_err(std::io::Error::other)?;
    let title = format!(
        "wirediff report: {}, {}",
        super::text::plural(report.summary.articles, "article", "articles"),
        super::text::plural(
            report.summary.story_clusters,
            "story cluster",
            "story clusters"
        )
    );
    write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n\
         <noscript><p class=\"noscript\">This report is drawn by a script embedded in the \
         file; enable JavaScript, or use <code>--format text</code> or <code>--format json</code>.\
         </p></noscript>\n<div id=\"app\"></div>\n\
         <script type=\"application/json\" id=\"wirediff-data\">{}</script>\n\
         <script>\n{JS}</script>\n</body>\n</html>\n",
        escape(&title),
        json_for_script(&data),
    )
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Makes serialised JSON safe inside a `<script>` element: no `</script>`, no `<!--`, and no
/// U+2028/U+2029 (line terminators in older JavaScript). These characters can only occur inside
/// JSON strings, where the `\uXXXX` forms mean the same text.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The URL if it may become a link: `http://` or `https://` only (case-insensitive), so that
/// `javascript:`, `data:` and relative URLs from article metadata stay plain text.
pub fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(u)
}

// ---------------------------------------------------------------------------------------------
// The view: what the page's script needs, already grouped and diffed.
// ---------------------------------------------------------------------------------------------

#[derive(Serialize)]
struct View<'r> {
    summary: &'r Summary,
    kinds: Vec<&'static str>,
    articles: Vec<ArticleView<'r>>,
    clusters: Vec<ClusterView<'r>>,
    /// Alignments outside any known cluster, corpus-wide names, quotes outside clusters.
    loose: Loose<'r>,
    serious: Vec<SeriousView<'r>>,
    shared: &'r [SharedPassage],
    errors: &'r [ErrorEntry],
    /// Ids of articles in no cluster.
    unclustered: Vec<&'r str>,
}

#[derive(Serialize)]
struct ArticleView<'r> {
    id: &'r str,
    outlet: &'r str,
    date: Option<&'r str>,
    title: Option<&'r str>,
    url: Option<&'r str>,
}

#[derive(Serialize)]
struct ClusterView<'r> {
    id: &'r str,
    kind: &'static str,
    score: f64,
    articles: &'r [String],
    children: Vec<ChildView<'r>>,
    /// Change counts per kind, in [`ChangeKind::ALL`] order.
    counts: Vec<usize>,
    /// Highest severity of any change in the cluster: 0 none, 1 low, 2 medium, 3 high.
    sev: u8,
    /// Sentence differences, each distinct sentence pair once (see [`findings`]).
    groups: Vec<GroupView>,
    alignments: Vec<AlignmentView<'r>>,
    collations: Vec<CollationView<'r>>,
    names: Vec<&'r NameVariant>,
    quotes: Vec<QuoteView<'r>>,
}

#[derive(Serialize)]
struct ChildView<'r> {
    id: &'r str,
    kind: &'static str,
    score: f64,
    articles: &'r [String],
}

#[derive(Serialize)]
struct AlignmentView<'r> {
    a: &'r str,
    b: &'r str,
    score: f64,
    a_coverage: f64,
    b_coverage: f64,
    likely_source: Option<&'r str>,
    /// Pairs with differences, most serious first.
    pairs: Vec<PairView<'r>>,
    /// Pairs whose two sentences are the same.
    same: usize,
}

#[derive(Serialize)]
struct PairView<'r> {
    a: &'r [usize],
    b: &'r [usize],
    score: f64,
    sev: u8,
    /// Kinds present (indices into `kinds`).
    kinds: Vec<u8>,
    /// Runs: `[text]` for shared text, `[del, ins, kinds, sev]` for a changed run.
    runs: Vec<RunView>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum RunView {
    Same((String,)),
    Changed((String, String, Vec<u8>, u8)),
}

#[derive(Serialize)]
struct CollationView<'r> {
    articles: &'r [String],
    rows: Vec<Vec<Option<&'r str>>>,
}

#[derive(Serialize)]
struct QuoteView<'r> {
    id: &'r str,
    speaker: Option<&'r str>,
    status: &'static str,
    versions: Vec<(&'r str, &'r str)>,
}

/// One sentence difference shown once for every pair that has it.
#[derive(Serialize)]
struct GroupView {
    /// Who has each side, e.g. "Coastal Times s4" and "Harbour Daily s6, Northern Wire s7".
    left: String,
    right: String,
    sev: u8,
    kinds: Vec<u8>,
    runs: Vec<RunView>,
    /// Number of article pairs with exactly this sentence pair.
    pairs: usize,
    /// Sentence pairs whose changes were all shown here first ("same changes also in").
    also: Vec<String>,
    /// Pairs in `also`.
    also_pairs: usize,
}

/// One entry of "Most serious differences": a finding (the same change across the pairs of a
/// story, the odd one out first) or a contradicting quote.
#[derive(Serialize)]
struct SeriousView<'r> {
    kind: &'static str,
    sev: u8,
    cluster: Option<&'r str>,
    /// `"1,400" → "1,200"`, `"not" added`; empty for a quote.
    what: String,
    /// `· Coastal Times against 3 outlets`; for a quote, the speaker.
    who: String,
    rows: Vec<SeriousRow<'r>>,
}

#[derive(Serialize)]
struct SeriousRow<'r> {
    /// 0: the odd one out's side (drawn as side a), 1: the others.
    side: u8,
    /// Outlets with this wording.
    outlets: String,
    /// The wording, plain (quotes) ...
    text: Option<&'r str>,
    /// ... or diffed against the other side's main wording (findings).
    runs: Option<Vec<RunView>>,
}

#[derive(Serialize)]
struct Loose<'r> {
    groups: Vec<GroupView>,
    alignments: Vec<AlignmentView<'r>>,
    names: Vec<&'r NameVariant>,
    quotes: Vec<QuoteView<'r>>,
}

fn sev_rank(s: Severity) -> u8 {
    match s {
        Severity::Low => 1,
        Severity::Medium => 2,
        Severity::High => 3,
    }
}

fn quote_view(q: &super::QuoteGroup) -> QuoteView<'_> {
    QuoteView {
        id: &q.id,
        speaker: q.speaker.as_deref(),
        status: q.status.as_str(),
        versions: q
            .versions
            .iter()
            .map(|v| (v.article.as_str(), v.text.as_str()))
            .collect(),
    }
}

/// The pair's inline diff, as the script draws it.
fn runs(p: &super::PairEntry) -> Vec<RunView> {
    inline_diff(p)
        .into_iter()
        .map(|piece| match piece {
            Piece::Same(t) => RunView::Same((t,)),
            Piece::Changed { del, ins, changes } => {
                let sev = changes.iter().map(|c| sev_rank(c.severity)).max();
                RunView::Changed((
                    del,
                    ins,
                    changes.iter().map(|c| c.kind as u8).collect(),
                    sev.unwrap_or(0),
                ))
            }
        })
        .collect()
}

/// Findings shown in the summary (the text report shows 10; the page has room for more).
const SERIOUS_SHOWN: usize = 50;
/// Sentence pairs named under a group as repeating its changes.
const ALSO_NAMED: usize = 8;

fn group_views(ix: &Index, story: &Story) -> Vec<GroupView> {
    story
        .groups
        .iter()
        .filter(|g| !g.is_repeat)
        .map(|g| group_view(ix, story, g))
        .collect()
}

fn group_view(ix: &Index, story: &Story, g: &PairGroup) -> GroupView {
    let mut kinds: Vec<u8> = g.pair.changes.iter().map(|c| c.kind as u8).collect();
    kinds.sort_unstable();
    kinds.dedup();
    GroupView {
        left: side_label(ix, &g.sides[0]),
        right: side_label(ix, &g.sides[1]),
        sev: g.rank.map_or(0, |(std::cmp::Reverse(s), _)| sev_rank(s)),
        kinds,
        runs: runs(&g.pair),
        pairs: g.pairs.len(),
        also: g
            .repeats
            .iter()
            .take(ALSO_NAMED)
            .map(|&r| group_head(ix, &story.groups[r]))
            .chain(
                (g.repeats.len() > ALSO_NAMED)
                    .then(|| format!("and {} more", g.repeats.len() - ALSO_NAMED)),
            )
            .collect(),
        also_pairs: g.repeats.iter().map(|&r| story.groups[r].pairs.len()).sum(),
    }
}

fn serious_view<'r>(ix: &Index<'r>, cluster: Option<&'r str>, f: &Finding<'r>) -> SeriousView<'r> {
    let (what, who) = finding_headline(ix, f);
    let wordings = [f.sides[0].by_text(), f.sides[1].by_text()];
    // Each wording is diffed against the main wording of the other side, with the finding's
    // change labelled (other differences show unlabelled).
    let main: [&str; 2] = [
        wordings[0].first().map_or("", |w| w.0),
        wordings[1].first().map_or("", |w| w.0),
    ];
    let mut rows = Vec::new();
    for (side, ws) in wordings.iter().enumerate() {
        for (text, members) in ws.iter().take(WORDINGS_SHOWN) {
            let (a_text, b_text) = if side == 0 {
                (*text, main[1])
            } else {
                (main[0], *text)
            };
            let pair = PairEntry {
                a: vec![],
                b: vec![],
                score: 1.0,
                a_text: a_text.to_string(),
                b_text: b_text.to_string(),
                changes: vec![Change {
                    kind: f.kind,
                    severity: f.severity,
                    a: f.sides[0].change.clone(),
                    b: f.sides[1].change.clone(),
                    a_start: 0,
                    a_end: 0,
                    b_start: 0,
                    b_end: 0,
                }],
            };
            rows.push(SeriousRow {
                side: side as u8,
                outlets: outlet_list(ix, members),
                text: None,
                runs: Some(runs(&pair)),
            });
        }
    }
    SeriousView {
        kind: f.kind.as_str(),
        sev: sev_rank(f.severity),
        cluster,
        what,
        who,
        rows,
    }
}

/// Wordings per side of a serious finding drawn on its card.
const WORDINGS_SHOWN: usize = 4;

fn alignment_view(al: &AlignmentEntry) -> AlignmentView<'_> {
    let mut order: Vec<usize> = (0..al.pairs.len())
        .filter(|&i| !al.pairs[i].changes.is_empty() || al.pairs[i].a_text != al.pairs[i].b_text)
        .collect();
    order.sort_by_key(|&i| (pair_rank(&al.pairs[i]), i));
    let pairs = order
        .iter()
        .map(|&i| {
            let p = &al.pairs[i];
            let mut kinds: Vec<u8> = p.changes.iter().map(|c| c.kind as u8).collect();
            kinds.sort_unstable();
            kinds.dedup();
            let runs = runs(p);
            PairView {
                a: &p.a,
                b: &p.b,
                score: p.score,
                sev: p
                    .changes
                    .iter()
                    .map(|c| sev_rank(c.severity))
                    .max()
                    .unwrap_or(0),
                kinds,
                runs,
            }
        })
        .collect();
    AlignmentView {
        a: &al.a,
        b: &al.b,
        score: al.score,
        a_coverage: al.a_coverage,
        b_coverage: al.b_coverage,
        likely_source: al.likely_source.as_deref(),
        pairs,
        same: al.pairs.len() - order.len(),
    }
}

impl<'r> View<'r> {
    fn new(report: &'r Report) -> Self {
        let ix = Index::new(report);
        let clusters = ix
            .top
            .iter()
            .enumerate()
            .map(|(slot, &ci)| {
                let c = &report.clusters[ci];
                let mut counts = vec![0usize; ChangeKind::ALL.len()];
                let mut sev = 0;
                for &ai in &ix.alignments[slot] {
                    for p in &report.alignments[ai].pairs {
                        for ch in &p.changes {
                            counts[ch.kind as usize] += 1;
                            sev = sev.max(sev_rank(ch.severity));
                        }
                    }
                }
                ClusterView {
                    id: &c.id,
                    kind: c.kind.as_str(),
                    score: c.score,
                    articles: &c.articles,
                    children: ix.children[slot]
                        .iter()
                        .map(|&k| {
                            let k = &report.clusters[k];
                            ChildView {
                                id: &k.id,
                                kind: k.kind.as_str(),
                                score: k.score,
                                articles: &k.articles,
                            }
                        })
                        .collect(),
                    counts,
                    sev,
                    groups: group_views(&ix, &findings::story(report, &ix, &ix.alignments[slot])),
                    alignments: {
                        // Most serious first, so a 5,000-article cluster opens on what matters.
                        let mut v: Vec<AlignmentView> = ix.alignments[slot]
                            .iter()
                            .map(|&ai| alignment_view(&report.alignments[ai]))
                            .collect();
                        v.sort_by_key(|al| {
                            std::cmp::Reverse(al.pairs.first().map_or(0, |p| p.sev))
                        });
                        v
                    },
                    collations: ix.collations[slot]
                        .iter()
                        .map(|&i| {
                            let col = &report.collations[i];
                            CollationView {
                                articles: &col.articles,
                                rows: col
                                    .rows
                                    .iter()
                                    .map(|r| {
                                        r.cells
                                            .iter()
                                            .map(|c| c.as_ref().map(|c| c.text.as_str()))
                                            .collect()
                                    })
                                    .collect(),
                            }
                        })
                        .collect(),
                    names: ix.names[slot]
                        .iter()
                        .map(|&i| &report.name_variants[i])
                        .collect(),
                    quotes: ix.quotes[slot]
                        .iter()
                        .map(|&i| quote_view(&report.quotes[i]))
                        .collect(),
                }
            })
            .collect();

        // The summary's "most serious" list: serious findings and contradicting quotes.
        let mut serious: Vec<SeriousView> = serious_findings(report, &ix)
            .iter()
            .take(SERIOUS_SHOWN)
            .map(|(cluster, f)| serious_view(&ix, *cluster, f))
            .collect();
        for q in &report.quotes {
            if q.status == QuoteStatus::Contradicting && q.versions.len() >= 2 {
                let (a, b) = (&q.versions[0], &q.versions[1]);
                serious.push(SeriousView {
                    kind: "contradicting quote",
                    sev: 3,
                    cluster: None,
                    what: String::new(),
                    who: q.speaker.clone().unwrap_or_else(|| "unattributed".into()),
                    rows: [(0, a), (1, b)]
                        .into_iter()
                        .map(|(side, v)| SeriousRow {
                            side,
                            outlets: ix.outlet(&v.article).to_string(),
                            text: Some(&v.text),
                            runs: None,
                        })
                        .collect(),
                });
            }
        }

        View {
            summary: &report.summary,
            kinds: ChangeKind::ALL.iter().map(|k| k.as_str()).collect(),
            articles: report
                .articles
                .iter()
                .map(|a| ArticleView {
                    id: &a.id,
                    outlet: &a.outlet,
                    date: a.date.as_deref(),
                    title: a.title.as_deref(),
                    url: a.url.as_deref().and_then(safe_url),
                })
                .collect(),
            clusters,
            loose: Loose {
                groups: group_views(&ix, &findings::story(report, &ix, &ix.loose_alignments)),
                alignments: ix
                    .loose_alignments
                    .iter()
                    .map(|&ai| alignment_view(&report.alignments[ai]))
                    .collect(),
                names: ix
                    .loose_names
                    .iter()
                    .map(|&i| &report.name_variants[i])
                    .collect(),
                quotes: ix
                    .loose_quotes
                    .iter()
                    .map(|&i| quote_view(&report.quotes[i]))
                    .collect(),
            },
            serious,
            shared: &report.shared_passages,
            errors: &report.errors,
            unclustered: ix
                .loose_articles
                .iter()
                .map(|&i| report.articles[i].id.as_str())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_for_script_cannot_close_the_element() {
        let s = json_for_script(r#"{"t":"</script><!-- & \u{2028}"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}'));
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(safe_url("https://a.example/x"), Some("https://a.example/x"));
        assert_eq!(safe_url(" HTTP://a.example"), Some("HTTP://a.example"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
        assert_eq!(safe_url("//evil.example"), None);
        assert_eq!(safe_url("ht"), None);
    }

    #[test]
    fn escape_covers_attributes() {
        assert_eq!(
            escape(r#"<a href="x" b='y'>&"#),
            "&lt;a href=&quot;x&quot; b=&#39;y&#39;&gt;&amp;"
        );
    }

    #[test]
    fn empty_report_renders() {
        let mut out = Vec::new();
        render(&Report::default(), &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("wirediff-data"));
    }
}

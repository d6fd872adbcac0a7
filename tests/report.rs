//! Renderers on the hand-built fixture (`tests/fixtures/report.json`), on degenerate reports,
//! and on a generated 10,000-article report (issue 6).

use wirediff::report::{self, Format, RenderOptions, Report};

#[path = "fixtures/big.rs"]
mod big;

fn fixture() -> Report {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/report.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn render(report: &Report, format: Format, options: RenderOptions) -> String {
    let mut out = Vec::new();
    report::render(report, format, &options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn plain(width: usize) -> RenderOptions {
    RenderOptions {
        color: false,
        width,
    }
}

#[test]
fn text_snapshot() {
    insta::assert_snapshot!("text", render(&fixture(), Format::Text, plain(100)));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", render(&fixture(), Format::Json, plain(100)));
}

#[test]
fn text_marks_changes_like_git_word_diff_and_names_the_kind() {
    let text = render(&fixture(), Format::Text, plain(100));
    assert!(text.contains("[-1,200-]{+1,400+} (number)"), "{text}");
    assert!(text.contains("[-not-] (negation)"));
    assert!(text.contains("[-Brennecke-]{+Brenecke+} (spelling)"));
    assert!(text.contains("{+Brenneckesaid+} (joined)"));
    assert!(
        !text.contains('\u{1b}'),
        "no ANSI escapes when colour is off"
    );
}

#[test]
fn colour_only_when_asked() {
    let on = render(
        &fixture(),
        Format::Text,
        RenderOptions {
            color: true,
            width: 100,
        },
    );
    assert!(on.contains("\u{1b}[31m[-1,200-]"), "deletions are red");
    assert!(on.contains("\u{1b}[32m{+1,400+}"), "insertions are green");
    // Stripping the escapes gives the plain rendering back.
    let stripped: String = {
        let mut out = String::new();
        let mut chars = on.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    assert_eq!(stripped, render(&fixture(), Format::Text, plain(100)));
}

#[test]
fn text_wraps_to_the_width() {
    for (report, width) in [40, 60, 100, 160]
        .into_iter()
        .flat_map(|w| [(fixture(), w), (demo(), w)])
    {
        let text = render(&report, Format::Text, plain(width));
        for line in text.lines() {
            // A single unbreakable unit may be longer than the width; nothing else is.
            let cols = unicode_width::UnicodeWidthStr::width(line);
            let longest_word = line
                .split(' ')
                .map(unicode_width::UnicodeWidthStr::width)
                .max();
            assert!(
                cols <= width || longest_word.unwrap_or(0) + 8 > width,
                "width {width}: {cols} columns: {line}"
            );
        }
    }
}

#[test]
fn text_caps_pairs_per_cluster() {
    let text = render(&big::big_report(1), Format::Text, plain(100));
    assert!(
        !text.contains("more sentence differences"),
        "3 sentence differences in a story fit the cap"
    );
    // 15 distinct sentence pairs (each its own number change) on top of the story's 3.
    let mut one = big::big_report(1);
    let mut extra = one.alignments[0].clone();
    extra.pairs = (0..15)
        .map(|k| {
            let mut p = one.alignments[0].pairs[0].clone();
            let (x, y) = (format!("{}", 5000 + k), format!("{}", 7000 + k));
            p.a = vec![100 + k];
            p.b = vec![100 + k];
            p.a_text = format!("About {x} commuters cross the bridge.");
            p.b_text = format!("About {y} commuters cross the bridge.");
            p.changes.truncate(1);
            p.changes[0].a = x;
            p.changes[0].b = y;
            p
        })
        .collect();
    one.alignments.push(extra);
    let text = render(&one, Format::Text, plain(100));
    assert!(
        text.contains(
            "… 6 more sentence differences in 6 pairs, see --format html or --format json"
        ),
        "{text}"
    );
}

/// The demo corpus as the pipeline reported it (`wirediff scan tests/corpora/demo --format
/// json`): five outlets aligned all-pairs, so every change repeats across pairs.
fn demo() -> Report {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/demo-report.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn demo_text_snapshot() {
    insta::assert_snapshot!("demo_text", render(&demo(), Format::Text, plain(100)));
}

/// One entry per finding: the flipped negation in Coastal Times is one entry naming the four
/// other outlets, not four pairwise entries; the same for the changed number.
#[test]
fn serious_differences_are_told_once_per_finding() {
    let text = render(&demo(), Format::Text, plain(100));
    let summary = &text[..text.find("━━").unwrap()];
    assert_eq!(summary.matches("negation ").count(), 2, "{summary}"); // counts line + one entry
    assert_eq!(summary.matches("\n  number ").count(), 1);
    assert!(summary.contains("negation \"not\" added · Coastal Times against 4 outlets"));
    assert!(summary.contains("number \"1,400\" → \"1,200\" · Coastal Times against 3 outlets"));
    assert!(summary.contains("+ Harbour Daily, Northern Wire, Scraped News: The bridge will not"));
    assert!(summary.contains("+ Le Monde Express: The bridge will not reopen before Friday, has"));

    // Per story, the negation sentence is drawn once for the three outlets with the same text.
    assert!(text.contains("Coastal Times s4 ↔ Harbour Daily s6, Northern Wire s7, Scraped News s8"));
    assert_eq!(text.matches("{+not+} (negation)").count(), 1, "{text}");

    let html = render(&demo(), Format::Html, plain(100));
    let data = embedded_data(&html);
    let serious = data["serious"].as_array().unwrap();
    let kinds: Vec<&str> = serious
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["negation", "number"]);
    assert_eq!(serious[0]["who"], "· Coastal Times against 4 outlets");
    let outlets: Vec<&str> = serious[0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outlets"].as_str().unwrap())
        .collect();
    assert_eq!(
        outlets,
        [
            "Coastal Times",
            "Harbour Daily, Northern Wire, Scraped News",
            "Le Monde Express"
        ]
    );
    let groups = data["clusters"][0]["groups"].as_array().unwrap();
    assert_eq!(groups[0]["left"], "Coastal Times s4");
    assert_eq!(groups[0]["pairs"], 3);
}

/// A report from elsewhere may reference ids that do not exist, or have a parent cycle.
fn broken_report() -> Report {
    let mut r = fixture();
    r.articles.clear();
    r.clusters[0].parent = Some("story-1".into());
    r.clusters[1].parent = Some("near-duplicate-1".into());
    r.alignments[0].cluster = Some("no-such-cluster".into());
    r.quotes[0].versions.clear();
    r.name_variants[0].cluster = Some("nowhere".into());
    r.collations[0].cluster = "nowhere".into();
    r
}

#[test]
fn no_panic_on_empty_or_inconsistent_reports() {
    // The demo report with its articles gone and one pair's texts emptied: findings and groups
    // must cope with ids that point nowhere and sentences with nothing in them.
    let mut odd_demo = demo();
    odd_demo.articles.clear();
    odd_demo.alignments[0].pairs[0].a_text.clear();
    odd_demo.alignments[0].pairs[0].a.clear();
    for r in [Report::default(), broken_report(), odd_demo] {
        for format in [Format::Text, Format::Json, Format::Jsonl, Format::Html] {
            for width in [0, 1, 40, 500] {
                render(&r, format, plain(width));
            }
        }
    }
}

#[test]
fn jsonl_messages_are_tagged() {
    let out = render(&fixture(), Format::Jsonl, plain(100));
    let mut types = Vec::new();
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let obj = v.as_object().unwrap();
        assert_eq!(obj.len(), 2, "{line}");
        assert!(obj["data"].is_object());
        types.push(obj["type"].as_str().unwrap().to_string());
    }
    let order = [
        "summary",
        "article",
        "cluster",
        "alignment",
        "shared_passage",
        "collation",
        "name_variant",
        "quote",
        "error",
    ];
    let mut last = 0;
    for t in &types {
        let i = order.iter().position(|o| o == t).unwrap();
        assert!(i >= last, "messages out of order: {types:?}");
        last = i;
    }
    assert_eq!(types[0], "summary");
    assert_eq!(types.iter().filter(|t| *t == "article").count(), 8);
    assert_eq!(types.iter().filter(|t| *t == "error").count(), 2);
}

#[test]
fn rendering_is_deterministic() {
    for format in [Format::Text, Format::Json, Format::Jsonl, Format::Html] {
        assert_eq!(
            render(&fixture(), format, plain(100)),
            render(&fixture(), format, plain(100))
        );
    }
}

/// The embedded data, unescaped.
fn embedded_data(html: &str) -> serde_json::Value {
    let open = r#"<script type="application/json" id="wirediff-data">"#;
    let start = html.find(open).unwrap() + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn html_escapes_hostile_articles() {
    let html = render(&fixture(), Format::Html, plain(100));
    let lower = html.to_ascii_lowercase();
    // Exactly two script elements: the JSON data and the page's own script.
    assert_eq!(lower.matches("<script").count(), 2);
    assert_eq!(lower.matches("</script").count(), 2);
    assert!(lower.contains(r#"<script type="application/json" id="wirediff-data">"#));
    // Outside the data element, nothing came from an article; inside it, no character can
    // start a tag or an entity.
    let open = r#"id="wirediff-data">"#;
    let start = lower.find(open).unwrap() + open.len();
    let end = start + lower[start..].find("</script>").unwrap();
    let (shell, data) = (
        format!("{}{}", &lower[..start], &lower[end..]),
        &lower[start..end],
    );
    for bad in [
        "<img",
        "<b ",
        "onerror",
        "onmouseover",
        "javascript:",
        "xssed",
    ] {
        assert!(
            !shell.contains(bad),
            "found {bad:?} in the HTML outside the data"
        );
    }
    for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!data.contains(bad), "found {bad:?} in the embedded data");
    }
    // No markup-building calls in the page's script.
    for call in [
        ".innerhtml",
        ".outerhtml",
        "insertadjacenthtml",
        "document.write",
        "eval(",
    ] {
        assert!(!lower.contains(call), "script uses {call}");
    }
    // The hostile text is still there, as data, and the javascript: URL was dropped.
    let data = embedded_data(&html);
    let text = data.to_string();
    assert!(text.contains("<script>document.title='XSSED'</script>"));
    let evil = data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "evil-1")
        .unwrap();
    assert!(evil["url"].is_null());
    // No network: nothing is fetched from anywhere.
    for fetch in ["http-equiv=\"refresh\"", "<link", "@import", "url(", "src="] {
        assert!(!shell.contains(fetch), "{fetch}");
    }
}

#[test]
fn html_view_groups_and_classifies() {
    let html = render(&fixture(), Format::Html, plain(100));
    let data = embedded_data(&html);
    let clusters = data["clusters"].as_array().unwrap();
    let ids: Vec<&str> = clusters.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["story-1", "story-2"]);
    assert_eq!(clusters[0]["children"][0]["id"], "near-duplicate-1");
    // The most serious pair comes first: the negation, whose run is labelled as one.
    let first = &clusters[0]["alignments"][0]["pairs"][0];
    let negation = first["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.as_array().unwrap().len() == 4 && r[0].as_str().unwrap().trim() == "not")
        .unwrap();
    assert_eq!(negation[2], serde_json::json!([0]));
    assert_eq!(negation[3], 3);
}

#[test]
fn html_for_10000_articles_stays_bounded() {
    let report = big::big_report(2_000);
    assert_eq!(report.articles.len(), 10_000);
    let html = render(&report, Format::Html, plain(100));
    let data_start = html.find("id=\"wirediff-data\">").unwrap();
    let data_end = data_start + html[data_start..].find("</script>").unwrap();
    // The markup around the data does not grow with the corpus: the page draws one page of
    // clusters, and cluster bodies on demand.
    let shell = html.len() - (data_end - data_start);
    assert!(shell < 60_000, "shell {shell} bytes");
    // Around 1 KB per article (its pairs, already diffed) is the budget.
    assert!(html.len() < 12_000_000, "{} bytes", html.len());
    if let Ok(dir) = std::env::var("WIREDIFF_BIG_REPORT_DIR") {
        std::fs::write(format!("{dir}/big-report.html"), &html).unwrap();
    }
}

fn wirediff() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("wirediff").unwrap()
}

#[test]
fn cli_colour_follows_the_flag() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpora/demo");
    let always = wirediff()
        .args(["scan", demo, "--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&always.stdout).contains("\u{1b}["));
    let never = wirediff()
        .args(["scan", demo, "--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&never.stdout).contains('\u{1b}'));
    let piped = wirediff().args(["scan", demo]).output().unwrap();
    assert!(!String::from_utf8_lossy(&piped.stdout).contains('\u{1b}'));
}

#[test]
fn cli_writes_one_html_file() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpora/demo");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    wirediff()
        .args(["scan", demo, "--format", "html", "-o"])
        .arg(&out)
        .assert()
        .code(predicates::ord::lt(2));
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(embedded_data(&html)["articles"].as_array().unwrap().len() >= 6);
}

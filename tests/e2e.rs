//! The whole pipeline on the demo corpus and on the real seed articles, through the CLI:
//! what a user of `wirediff scan` is promised. Snapshots pin the demo's terminal and JSON
//! output (colour off); assertions name the phenomena, so a snapshot change that loses one
//! fails loudly.

use serde_json::Value;

use crate::cli::{repo, scan_json, shared, wirediff};

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

fn all_changes(report: &Value) -> Vec<&Value> {
    report["alignments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|al| al["pairs"].as_array().unwrap())
        .flat_map(|p| p["changes"].as_array().unwrap())
        .collect()
}

fn has_change(report: &Value, kind: &str, a: &str, b: &str) -> bool {
    all_changes(report).iter().any(|c| {
        c["kind"] == kind
            && ((c["a"].as_str().unwrap().contains(a) && c["b"].as_str().unwrap().contains(b))
                || (c["a"].as_str().unwrap().contains(b) && c["b"].as_str().unwrap().contains(a)))
    })
}

fn demo() -> Value {
    let (report, code) = scan_json(&[repo("tests/corpora/demo").to_str().unwrap()]);
    assert_eq!(code, 0);
    report
}

#[test]
fn demo_clusters_nest_and_leave_the_unrelated_article_out() {
    let report = demo();
    let clusters = report["clusters"].as_array().unwrap();
    let story: Vec<_> = clusters.iter().filter(|c| c["kind"] == "story").collect();
    assert_eq!(story.len(), 1, "one story");
    let members = ids(&story[0]["articles"]);
    assert_eq!(
        members,
        [
            "coastal-times",
            "harbour-daily",
            "le-monde-express",
            "northern-wire",
            "scraped-news"
        ]
    );
    for c in clusters {
        if c["kind"] != "story" {
            let parent = c["parent"].as_str().expect("nested cluster has a parent");
            let parent = clusters.iter().find(|p| p["id"] == parent).unwrap();
            for a in ids(&c["articles"]) {
                assert!(ids(&parent["articles"]).contains(&a));
            }
        }
        assert!(!ids(&c["articles"]).contains(&"unrelated"));
    }
    let near = clusters
        .iter()
        .find(|c| c["kind"] == "near-duplicate")
        .expect("near-duplicates");
    for id in ["harbour-daily", "northern-wire", "scraped-news"] {
        assert!(
            ids(&near["articles"]).contains(&id),
            "{id} is a near-copy of the wire"
        );
    }
}

#[test]
fn demo_differences_are_found_and_classified() {
    let report = demo();
    assert!(has_change(&report, "number", "1,200", "1,400"));
    assert!(all_changes(&report)
        .iter()
        .any(|c| c["kind"] == "negation" && (c["a"] == "not" || c["b"] == "not")));
    for joined in ["Brenneckesaid", "Berghavenharbour", "Institutewho"] {
        assert!(
            all_changes(&report)
                .iter()
                .any(|c| c["kind"] == "joined" && (c["a"] == joined || c["b"] == joined)),
            "{joined} is a joined change"
        );
    }
    let variants = report["name_variants"].as_array().unwrap();
    let brennecke = variants
        .iter()
        .find(|v| v["suggested"] == "Brennecke")
        .expect("Brennecke/Brenecke variant");
    let spellings: Vec<&str> = brennecke["spellings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(spellings.contains(&"Brenecke"));
    let quotes = report["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| q["status"] == "verbatim"));
    assert!(quotes.iter().any(|q| q["status"] == "reworded"
        && q["versions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["article"] == "le-monde-express")));
}

#[test]
fn demo_offsets_point_at_the_changed_text() {
    let report = demo();
    let texts: std::collections::HashMap<String, String> = [
        "coastal-times",
        "harbour-daily",
        "le-monde-express",
        "northern-wire",
        "scraped-news",
    ]
    .iter()
    .map(|id| {
        let raw = std::fs::read_to_string(repo(&format!("tests/corpora/demo/{id}.txt"))).unwrap();
        let (_, body) = wirediff::corpus::parse_header(&raw);
        (id.to_string(), body.to_string())
    })
    .collect();
    let mut checked = 0;
    for al in report["alignments"].as_array().unwrap() {
        let (a, b) = (
            &texts[al["a"].as_str().unwrap()],
            &texts[al["b"].as_str().unwrap()],
        );
        for p in al["pairs"].as_array().unwrap() {
            for c in p["changes"].as_array().unwrap() {
                let span = |t: &str, s: &str, e: &str| {
                    t[c[s].as_u64().unwrap() as usize..c[e].as_u64().unwrap() as usize].to_string()
                };
                assert_eq!(span(a, "a_start", "a_end"), c["a"].as_str().unwrap());
                assert_eq!(span(b, "b_start", "b_end"), c["b"].as_str().unwrap());
                checked += 1;
            }
        }
    }
    assert!(checked > 20);

    let mut quotes = 0;
    for q in report["quotes"].as_array().unwrap() {
        for v in q["versions"].as_array().unwrap() {
            let text = &texts[v["article"].as_str().unwrap()];
            let (start, end) = (
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[start..end], v["text"].as_str().unwrap());
            quotes += 1;
        }
    }
    assert!(quotes > 10);
}

#[test]
fn demo_terminal_and_json_snapshots() {
    let demo = repo("tests/corpora/demo");
    let text = wirediff()
        .env("COLUMNS", "100")
        .args(["scan", "--color", "never"])
        .arg(&demo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!("demo_text", text.replace(&root, ""));
    let (json, _) = scan_json(&[demo.to_str().unwrap()]);
    let json = serde_json::to_string_pretty(&json)
        .unwrap()
        .replace(&root, "");
    insta::assert_snapshot!("demo_json", json);
}

#[test]
fn seeds_are_one_story_with_their_real_differences() {
    let (report, code) = scan_json(&[shared("seeds").to_str().unwrap()]);
    assert_eq!(code, 0);
    let clusters = report["clusters"].as_array().unwrap();
    let stories: Vec<_> = clusters.iter().filter(|c| c["kind"] == "story").collect();
    assert_eq!(stories.len(), 1);
    assert_eq!(ids(&stories[0]["articles"]).len(), 5);
    assert!(
        !clusters.iter().any(|c| c["kind"] == "near-duplicate"),
        "no seed is a near-copy of another"
    );

    // Bremmer / Bremer is a name variant; inflections and possessives are not.
    let variants = report["name_variants"].as_array().unwrap();
    let spellings = |v: &Value| -> Vec<String> {
        v["spellings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(variants.iter().any(|v| {
        let s = spellings(v);
        s.contains(&"Bremmer".to_string()) && s.contains(&"Bremer".to_string())
    }));
    for v in variants {
        let s = spellings(v);
        for (x, y) in [
            ("Russia", "Russian"),
            ("Kremlin", "Kremlin's"),
            ("Ukraine", "Ukrainian"),
            ("Musk", "Musk's"),
        ] {
            assert!(
                !(s.iter().any(|t| t == x) && s.iter().any(|t| t == y || t.replace('’', "'") == y)),
                "inflection reported as a name variant: {s:?}"
            );
        }
    }

    // Musk's denial is aligned across all five articles.
    let denial = |t: &str| t.contains("18 months ago");
    let mut linked = std::collections::BTreeSet::new();
    for al in report["alignments"].as_array().unwrap() {
        for p in al["pairs"].as_array().unwrap() {
            if denial(p["a_text"].as_str().unwrap()) && denial(p["b_text"].as_str().unwrap()) {
                linked.insert(al["a"].as_str().unwrap().to_string());
                linked.insert(al["b"].as_str().unwrap().to_string());
            }
        }
    }
    assert_eq!(linked.len(), 5, "denial aligned in {linked:?}");

    // Words run together by the extraction of the Spanish translation.
    assert!(all_changes(&report)
        .iter()
        .any(|c| c["kind"] == "joined" && (c["a"] == "Putinbefore" || c["b"] == "Putinbefore")));
    // "Ukraine remains neutral" / "Ukraine does not remain neutral": a real flipped negation.
    assert!(all_changes(&report).iter().any(|c| c["kind"] == "negation"));
}

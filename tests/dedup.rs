//! Duplicate and story detection on real and generated corpora (issue 3).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use assert_cmd::Command;
use wirediff::corpus::{read_inputs, Article, FieldNames};
use wirediff::dedup::{find_clusters, plan, DedupConfig, DedupResult, KeepPolicy};
use wirediff::report::ClusterKind;

const SEEDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds");
const BBC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/bbc-news/bbc"
);
const DEMO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpora/demo");

fn read(paths: &[PathBuf]) -> Vec<Article> {
    read_inputs(paths, &FieldNames::default()).unwrap().articles
}

fn ids_of(articles: &[Article], members: &[usize]) -> BTreeSet<String> {
    members.iter().map(|&m| articles[m].id.clone()).collect()
}

fn of_kind(result: &DedupResult, kind: ClusterKind) -> Vec<&wirediff::dedup::Cluster> {
    result.clusters.iter().filter(|c| c.kind == kind).collect()
}

/// Exact ⊂ near-duplicate ⊂ story; at most one cluster of each kind per article; sorted.
fn assert_nested(result: &DedupResult, n: usize) {
    let mut seen: HashMap<(ClusterKind, usize), usize> = HashMap::new();
    for (ci, c) in result.clusters.iter().enumerate() {
        assert!(c.members.len() >= 2, "singleton cluster");
        assert!(
            c.members.windows(2).all(|w| w[0] < w[1]),
            "members not ascending"
        );
        assert!(c.members.iter().all(|&m| m < n));
        assert!((0.0..=1.0).contains(&c.score), "score {}", c.score);
        for &m in &c.members {
            assert!(seen.insert((c.kind, m), ci).is_none(), "article {m} twice");
        }
    }
    for c in &result.clusters {
        let up = match c.kind {
            ClusterKind::Exact => ClusterKind::NearDuplicate,
            ClusterKind::NearDuplicate => ClusterKind::Story,
            ClusterKind::Story => continue,
        };
        let parent = seen.get(&(up, c.members[0])).expect("no enclosing cluster");
        let parent = &result.clusters[*parent];
        assert!(c.members.iter().all(|m| parent.members.contains(m)));
    }
    let keys: Vec<_> = result
        .clusters
        .iter()
        .map(|c| (c.kind, c.members[0]))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "clusters not sorted");
    assert!(result
        .pairs
        .windows(2)
        .all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)));
}

#[test]
fn seeds_are_one_story_and_no_near_duplicates() {
    let articles = read(&[PathBuf::from(SEEDS)]);
    assert_eq!(articles.len(), 5);
    let result = find_clusters(&articles, &DedupConfig::default());
    assert_nested(&result, articles.len());
    assert!(of_kind(&result, ClusterKind::NearDuplicate).is_empty());
    assert!(of_kind(&result, ClusterKind::Exact).is_empty());
    let stories = of_kind(&result, ClusterKind::Story);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].members, [0, 1, 2, 3, 4]);
}

/// coastal-times is a rewrite that keeps most wire sentences verbatim (reordered paragraphs, a
/// split and a merged sentence, one added paragraph): 90% of its shingles are in the wire, so
/// by containment it is a near-duplicate, which is the right call for `wirediff dedup` (the
/// reader gains almost nothing from it). le-monde-express is a translation: same story, not a
/// copy.
#[test]
fn demo_corpus_story_and_copies() {
    let files: Vec<PathBuf> = [
        "coastal-times",
        "harbour-daily",
        "le-monde-express",
        "northern-wire",
        "scraped-news",
        "unrelated",
    ]
    .iter()
    .map(|f| PathBuf::from(format!("{DEMO}/{f}.txt")))
    .collect();
    let articles = read(&files);
    let result = find_clusters(&articles, &DedupConfig::default());
    assert_nested(&result, articles.len());
    let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let near = of_kind(&result, ClusterKind::NearDuplicate);
    assert_eq!(near.len(), 1);
    assert_eq!(
        ids_of(&articles, &near[0].members),
        set(&[
            "coastal-times",
            "harbour-daily",
            "northern-wire",
            "scraped-news"
        ])
    );
    let story = of_kind(&result, ClusterKind::Story);
    assert_eq!(story.len(), 1);
    assert_eq!(
        ids_of(&articles, &story[0].members),
        set(&[
            "coastal-times",
            "harbour-daily",
            "le-monde-express",
            "northern-wire",
            "scraped-news"
        ])
    );
}

fn bbc_body_groups() -> Vec<Vec<String>> {
    // Files whose bodies (everything after the headline) are equal after whitespace
    // normalisation: the README's 100 + 36 groups.
    let articles = read(&[PathBuf::from(BBC)]);
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in &articles {
        let Some((_, body)) = a.text.split_once('\n') else {
            continue;
        };
        let key = body.split_whitespace().collect::<Vec<_>>().join(" ");
        groups.entry(key).or_default().push(a.id.clone());
    }
    groups.into_values().filter(|g| g.len() > 1).collect()
}

#[test]
fn bbc_exact_groups_are_all_found_and_stories_stay_small() {
    let articles = read(&[PathBuf::from(BBC)]);
    let result = find_clusters(&articles, &DedupConfig::default());
    assert_nested(&result, articles.len());
    let exact = of_kind(&result, ClusterKind::Exact);
    // 100 groups are identical after whitespace normalisation; a few more differ only in
    // punctuation or case of the headline, which match keys ignore.
    assert!(exact.len() >= 100, "{} exact groups", exact.len());
    let body_groups = bbc_body_groups();
    assert_eq!(body_groups.len(), 136);
    let near: Vec<BTreeSet<String>> = of_kind(&result, ClusterKind::NearDuplicate)
        .iter()
        .map(|c| ids_of(&articles, &c.members))
        .collect();
    for g in &body_groups {
        assert!(
            near.iter().any(|c| g.iter().all(|id| c.contains(id))),
            "body group {g:?} not in one near-duplicate cluster"
        );
    }
    let largest = of_kind(&result, ClusterKind::Story)
        .iter()
        .map(|c| c.members.len())
        .max()
        .unwrap_or(0);
    assert!(
        largest <= 40,
        "largest bbc story cluster has {largest} articles"
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let article = |id: &str, text: String| Article {
        id: id.into(),
        outlet: id.into(),
        date: None,
        title: None,
        url: None,
        lang: None,
        source: id.into(),
        text,
    };
    let huge = "word ".repeat(200_000) + &"Zürich 東京 ＭUSK don’t ".repeat(1000);
    let articles = vec![
        article("empty", String::new()),
        article("empty2", String::new()),
        article("space", " \n\n ".into()),
        article("one", "word".into()),
        article("one2", "Word.".into()),
        article("huge", huge.clone()),
        article("huge2", huge),
        article("punct", "!!! ??? ...".into()),
    ];
    let result = find_clusters(&articles, &DedupConfig::default());
    assert_nested(&result, articles.len());
    let exact: Vec<Vec<usize>> = of_kind(&result, ClusterKind::Exact)
        .iter()
        .map(|c| c.members.clone())
        .collect();
    // Empty texts are not duplicates of anything; equal one-word texts are.
    assert_eq!(exact, [vec![3, 4], vec![5, 6]]);
    let p = plan(&articles, &result, KeepPolicy::Longest);
    assert_eq!(p.kept.len() + p.dropped.len(), articles.len());
    assert!(find_clusters(&[], &DedupConfig::default())
        .clusters
        .is_empty());
}

/// A small generated corpus: bbc articles plus planted copies (trimmed, edited, new lead).
fn generated_corpus(dir: &std::path::Path) -> (PathBuf, usize) {
    let articles = read(&[PathBuf::from(BBC)]);
    let mut lines = Vec::new();
    let mut state = 0x1234_5678_u64;
    let mut rand = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for (i, a) in articles.iter().take(400).enumerate() {
        lines.push(serde_json::json!({"id": format!("base{i}"), "text": a.text,
            "date": format!("2005-01-{:02}", 1 + i % 28)}));
    }
    for c in 0..200 {
        let src = &articles[rand(400)].text;
        let words: Vec<&str> = src.split_whitespace().collect();
        let keep = words.len() / 2 + rand(words.len() / 2 + 1);
        let start = rand(words.len() - keep + 1);
        let mut copy: Vec<String> = words[start..start + keep]
            .iter()
            .map(|w| {
                if rand(20) == 0 {
                    "edited".to_string()
                } else {
                    w.to_string()
                }
            })
            .collect();
        if rand(3) == 0 {
            copy.insert(
                0,
                "A brand new lead paragraph written by the outlet.".into(),
            );
        }
        let dated = rand(4) != 0;
        lines.push(if dated {
            serde_json::json!({"id": format!("copy{c}"), "text": copy.join(" "), "date": "2005-02-01"})
        } else {
            serde_json::json!({"id": format!("copy{c}"), "text": copy.join(" ")})
        });
    }
    let path = dir.join("corpus.jsonl");
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&path, body).unwrap();
    (path, lines.len())
}

#[test]
fn cli_dedup_loses_no_article_and_is_thread_count_independent() {
    let dir = tempfile::tempdir().unwrap();
    let (input, n) = generated_corpus(dir.path());
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let kept = dir.path().join(format!("kept{threads}.jsonl"));
        let map = dir.path().join(format!("map{threads}.jsonl"));
        Command::cargo_bin("wirediff")
            .unwrap()
            .env("RAYON_NUM_THREADS", threads)
            .args(["dedup", input.to_str().unwrap(), "-o"])
            .arg(&kept)
            .arg("--map")
            .arg(&map)
            .assert()
            .success();
        outputs.push((std::fs::read(&kept).unwrap(), std::fs::read(&map).unwrap()));
    }
    assert_eq!(outputs[0], outputs[1], "output depends on thread count");
    let (kept, map) = &outputs[0];
    let parse = |bytes: &[u8]| -> Vec<serde_json::Value> {
        std::str::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let kept_ids: BTreeSet<String> = parse(kept)
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    let mut accounted = kept_ids.clone();
    for m in parse(map) {
        let dropped = m["dropped"].as_str().unwrap().to_string();
        let to = m["kept"].as_str().unwrap();
        assert!(
            kept_ids.contains(to),
            "{dropped} maps to {to}, which was not kept"
        );
        assert!(!kept_ids.contains(&dropped));
        assert!(m["score"].as_f64().unwrap() >= 0.5);
        assert!(accounted.insert(dropped), "article mapped twice");
    }
    assert_eq!(accounted.len(), n, "articles lost");
    // Most of the 200 planted copies are dropped (some copies are of each other's base).
    assert!(
        n - kept_ids.len() >= 180,
        "only {} dropped",
        n - kept_ids.len()
    );
}

/// Kept records are the input lines themselves (every field, the text's own line ends), and
/// the map names records by source as well as id, so a duplicate id renamed `a#2` for the run
/// is still found.
#[test]
fn cli_dedup_copies_kept_records_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let text = "The harbour authority approved the new breakwater on Tuesday after years of \
                storms had flooded the quay, the mayor said in a statement to the council.";
    let lines = [
        format!(r#"{{"id": "a", "text": "{text}", "tags": ["port", 1], "licence": "CC-BY"}}"#),
        format!(r#"{{"id": "a", "body": "{}", "site": "X"}}"#, text.replace(", the", r",\r\nthe")),
        r#"{"text": "An unrelated note about the weather: rain all week in the hills, they said."}"#
            .to_string(),
        format!(r#"{{"id": "c", "text": "{text}"}}"#),
    ];
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, lines.join("\r\n") + "\n").unwrap();
    let (kept, map) = (dir.path().join("kept.jsonl"), dir.path().join("map.jsonl"));
    Command::cargo_bin("wirediff")
        .unwrap()
        .args(["dedup", "-q", input.to_str().unwrap(), "-o"])
        .arg(&kept)
        .arg("--map")
        .arg(&map)
        .assert()
        .success();
    let kept = std::fs::read_to_string(&kept).unwrap();
    let kept: Vec<&str> = kept.lines().collect();
    assert_eq!(kept, [lines[0].as_str(), lines[2].as_str()]);
    let map = std::fs::read_to_string(&map).unwrap();
    let map: Vec<serde_json::Value> = map
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let source = |line: usize| format!("{}:{line}", input.display());
    let mut dropped: Vec<(&str, String, String)> = map
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap().to_string();
            (
                m["dropped"].as_str().unwrap(),
                s("dropped_source"),
                s("kept_source"),
            )
        })
        .collect();
    dropped.sort();
    assert_eq!(
        dropped,
        [("a#2", source(2), source(1)), ("c", source(4), source(1)),]
    );
}

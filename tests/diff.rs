//! Issue 5 on real and demo text: classified changes, the name census and quote groups.
//!
//! Sentence alignment is built by the align stage (issue 4); these tests pair sentences with a
//! small greedy matcher of their own (mutual best Dice over match keys) so that they exercise
//! the diff stage alone.

use std::collections::BTreeSet;
use std::path::PathBuf;

use wirediff::align::quotes::quote_groups;
use wirediff::align::{AlignedPair, SentencePair};
use wirediff::corpus::{read_inputs, FieldNames};
use wirediff::dedup::Cluster;
use wirediff::diff::{diff_sentences, name_census};
use wirediff::report::{Change, ChangeKind, ClusterKind, QuoteStatus};
use wirediff::{Article, Doc};

fn load(dir: &str) -> Vec<Article> {
    let path = PathBuf::from(dir);
    let mut corpus = read_inputs(&[path], &FieldNames::default()).expect("corpus");
    corpus.articles.sort_by(|a, b| a.id.cmp(&b.id));
    corpus.articles
}

fn keys(doc: &Doc, s: usize) -> BTreeSet<u64> {
    doc.sentence_words(s)
        .iter()
        .filter(|w| w.kind.is_wordlike())
        .map(|w| w.key)
        .collect()
}

fn dice(a: &BTreeSet<u64>, b: &BTreeSet<u64>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// Mutual-best sentence pairs with Dice >= `min`.
fn pair_up(docs: &[Doc], a: usize, b: usize, min: f64) -> AlignedPair {
    let ka: Vec<_> = (0..docs[a].sentences.len())
        .map(|s| keys(&docs[a], s))
        .collect();
    let kb: Vec<_> = (0..docs[b].sentences.len())
        .map(|s| keys(&docs[b], s))
        .collect();
    let best = |x: &BTreeSet<u64>, ys: &[BTreeSet<u64>]| {
        ys.iter()
            .enumerate()
            .map(|(j, y)| (dice(x, y), j))
            .max_by(|p, q| p.0.total_cmp(&q.0).then(q.1.cmp(&p.1)))
    };
    let mut pairs = Vec::new();
    for (i, x) in ka.iter().enumerate() {
        if let Some((score, j)) = best(x, &kb) {
            if score >= min && best(&kb[j], &ka).map(|b| b.1) == Some(i) {
                pairs.push(SentencePair {
                    a: vec![i],
                    b: vec![j],
                    score,
                });
            }
        }
    }
    AlignedPair {
        a,
        b,
        cluster: Some(0),
        pairs,
        passages: Vec::new(),
        score: 0.0,
        a_coverage: 0.0,
        b_coverage: 0.0,
        likely_source: None,
    }
}

struct Setup {
    articles: Vec<Article>,
    docs: Vec<Doc>,
    clusters: Vec<Cluster>,
    alignments: Vec<AlignedPair>,
}

fn setup(dir: &str, keep: impl Fn(&Article) -> bool, min: f64) -> Setup {
    let articles: Vec<Article> = load(dir).into_iter().filter(|a| keep(a)).collect();
    let docs: Vec<Doc> = articles.iter().map(|a| Doc::prepare(&a.text)).collect();
    let n = articles.len();
    let clusters = vec![Cluster {
        kind: ClusterKind::Story,
        members: (0..n).collect(),
        score: 1.0,
    }];
    let mut alignments = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            alignments.push(pair_up(&docs, a, b, min));
        }
    }
    Setup {
        articles,
        docs,
        clusters,
        alignments,
    }
}

impl Setup {
    fn index(&self, needle: &str) -> usize {
        self.articles
            .iter()
            .position(|a| a.id.contains(needle))
            .unwrap_or_else(|| panic!("no article {needle}"))
    }

    fn changes(&self, a: &str, b: &str) -> Vec<Change> {
        let (ia, ib) = (self.index(a), self.index(b));
        let al = self
            .alignments
            .iter()
            .find(|al| (al.a, al.b) == (ia.min(ib), ia.max(ib)))
            .expect("aligned");
        let (x, y) = (al.a, al.b);
        al.pairs
            .iter()
            .flat_map(|p| {
                diff_sentences(
                    (&self.articles[x], &self.docs[x]),
                    &p.a,
                    (&self.articles[y], &self.docs[y]),
                    &p.b,
                )
            })
            .collect()
    }
}

fn demo() -> Setup {
    setup(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpora/demo"),
        |a| !a.id.contains("unrelated") && !a.id.contains("README"),
        0.3,
    )
}

fn seeds() -> Setup {
    setup(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"),
        |a| !a.id.contains("README"),
        0.3,
    )
}

fn has(changes: &[Change], kind: ChangeKind, a: &str, b: &str) -> bool {
    changes
        .iter()
        .any(|c| c.kind == kind && c.a.contains(a) && c.b.contains(b))
}

#[test]
fn demo_number_negation_and_spelling() {
    let s = demo();
    let c = s.changes("coastal", "northern");
    assert!(has(&c, ChangeKind::Number, "1,400", "1,200"), "{c:#?}");
    assert!(has(&c, ChangeKind::Negation, "", "not"), "{c:#?}");
    assert!(
        has(&c, ChangeKind::Spelling, "Brenecke", "Brennecke"),
        "{c:#?}"
    );
    // The negations that are the same on both sides are not flips.
    let flips = c.iter().filter(|c| c.kind == ChangeKind::Negation).count();
    assert_eq!(flips, 1, "{c:#?}");
    // Offsets point at the text they name.
    let (ia, ib) = (s.index("coastal"), s.index("northern"));
    for ch in &c {
        assert_eq!(&s.articles[ia].text[ch.a_start..ch.a_end], ch.a);
        assert_eq!(&s.articles[ib].text[ch.b_start..ch.b_end], ch.b);
    }
}

#[test]
fn demo_joined_words_from_the_scraper() {
    let s = demo();
    let c = s.changes("northern", "scraped");
    let joined: Vec<&Change> = c.iter().filter(|c| c.kind == ChangeKind::Joined).collect();
    for b in [
        "Berghavenharbour",
        "Valtonen-Marshtold",
        "Docksinterchange",
        "Institutewho",
        "Brenneckesaid",
    ] {
        assert!(joined.iter().any(|c| c.b == b), "{b}: {c:#?}");
    }
    // Nothing else differs between the wire and its scrape in aligned sentences.
    assert!(c.iter().all(|c| c.kind == ChangeKind::Joined), "{c:#?}");
}

#[test]
fn demo_near_copy_edits_are_substitutions() {
    let s = demo();
    let c = s.changes("harbour", "northern");
    assert!(
        has(&c, ChangeKind::Substitution, "discovered", "found"),
        "{c:#?}"
    );
    assert!(
        has(&c, ChangeKind::Substitution, "around", "about"),
        "{c:#?}"
    );
    assert!(
        has(&c, ChangeKind::Substitution, "told reporters", "said"),
        "{c:#?}"
    );
    let bad: Vec<&Change> = c
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                ChangeKind::Negation | ChangeKind::Number | ChangeKind::Spelling
            )
        })
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn demo_name_census() {
    let s = demo();
    let v = name_census(&s.articles, &s.docs, &s.clusters, &s.alignments);
    let b = v
        .iter()
        .find(|v| v.spellings.iter().any(|sp| sp.text == "Brenecke"))
        .unwrap_or_else(|| panic!("{v:#?}"));
    assert_eq!(b.suggested, "Brennecke");
    assert_eq!(b.spellings.len(), 2, "{b:#?}");
    assert_eq!(b.spellings[1].count, 4, "{b:#?}");
    assert_eq!(b.cluster.as_deref(), Some("story-1"));
    // Nothing else in the demo is a spelling variant.
    assert_eq!(v.len(), 1, "{v:#?}");
}

#[test]
fn demo_quote_groups() {
    let s = demo();
    let q = quote_groups(&s.articles, &s.docs, &s.clusters, &s.alignments);
    let verbatim = q
        .iter()
        .filter(|g| g.status == QuoteStatus::Verbatim)
        .count();
    assert!(verbatim >= 6, "{q:#?}");
    let closed = q
        .iter()
        .find(|g| {
            g.status == QuoteStatus::Verbatim
                && g.versions[0].text.starts_with("We closed the bridge")
        })
        .unwrap_or_else(|| panic!("{q:#?}"));
    assert_eq!(closed.versions.len(), 4, "{closed:#?}");
    assert_eq!(closed.speaker.as_deref(), Some("Valtonen-Marsh"));
    let translated = q
        .iter()
        .find(|g| {
            g.status == QuoteStatus::Reworded
                && g.versions
                    .iter()
                    .any(|v| v.text.starts_with("We have closed"))
        })
        .unwrap_or_else(|| panic!("{q:#?}"));
    assert!(translated.versions.len() >= 2);
    for g in &q {
        for v in &g.versions {
            let a = s.articles.iter().find(|a| a.id == v.article).unwrap();
            assert_eq!(&a.text[v.start..v.end], v.text);
        }
    }
    let ids: Vec<String> = (1..=q.len()).map(|i| format!("q{i}")).collect();
    assert_eq!(q.iter().map(|g| g.id.clone()).collect::<Vec<_>>(), ids);
}

#[test]
fn seeds_name_census_and_joined() {
    let s = seeds();
    let v = name_census(&s.articles, &s.docs, &s.clusters, &s.alignments);
    assert!(
        v.iter().any(|v| {
            let t: BTreeSet<&str> = v.spellings.iter().map(|s| s.text.as_str()).collect();
            t.contains("Bremmer") && t.contains("Bremer")
        }),
        "{v:#?}"
    );
    for bad in [
        "Russian",
        "Ukrainian",
        "Bremmerfounder",
        "Muskowner",
        "Putinbefore",
    ] {
        assert!(
            !v.iter().any(|v| v.spellings.iter().any(|s| s.text == bad)),
            "{bad}: {v:#?}"
        );
    }
}

#[test]
fn seeds_putin_quote_grouped() {
    let s = seeds();
    let q = quote_groups(&s.articles, &s.docs, &s.clusters, &s.alignments);
    let groups: Vec<_> = q
        .iter()
        .filter(|g| {
            g.versions
                .iter()
                .any(|v| v.text.contains("spoken to Putin"))
        })
        .collect();
    let arts: BTreeSet<&str> = groups
        .iter()
        .flat_map(|g| g.versions.iter().map(|v| v.article.as_str()))
        .collect();
    assert!(arts.len() >= 3, "{groups:#?}");
    assert!(
        groups.iter().all(|g| matches!(
            g.status,
            QuoteStatus::Variant | QuoteStatus::Reworded | QuoteStatus::Verbatim
        )),
        "{groups:#?}"
    );
    assert!(
        groups.iter().any(|g| g.status == QuoteStatus::Reworded),
        "{groups:#?}"
    );
}

#[test]
fn no_panic_on_bad_indices() {
    let s = demo();
    let c = diff_sentences(
        (&s.articles[0], &s.docs[0]),
        &[usize::MAX, 0],
        (&s.articles[1], &s.docs[1]),
        &[999_999],
    );
    assert!(c.iter().all(|c| c.b.is_empty()));
}

#[path = "labelled/gen.rs"]
mod labelled;

fn shared() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
}

#[test]
fn labelled_planted_precision_recall_per_kind() {
    let items = labelled::planted(&shared());
    assert!(items.len() > 1000, "{}", items.len());
    let (counts, wrong) = labelled::evaluate(&items);
    for kind in ChangeKind::ALL {
        let c = counts.get(&kind).copied().unwrap_or_default();
        assert!(c.tp >= 20, "{kind:?}: too few labelled ({c:?})");
        assert!(
            c.precision() >= 0.95 && c.recall() >= 0.95,
            "{kind:?}: {c:?}\n{}",
            wrong.join("\n")
        );
    }
}

#[test]
fn labelled_real_translation_pairs() {
    let items = labelled::real(&shared());
    assert!(items.len() > 1000, "{}", items.len());
    let (counts, _) = labelled::evaluate(&items);
    let number = counts[&ChangeKind::Number];
    assert!(
        number.precision() >= 0.95 && number.recall() >= 0.95,
        "{number:?}"
    );
    let negation = counts[&ChangeKind::Negation];
    assert!(
        negation.precision() >= 0.6 && negation.recall() >= 0.55,
        "{negation:?}"
    );
}

#[test]
fn labelled_two_plants_per_sentence() {
    let items = labelled::planted_double(&shared());
    assert!(items.len() > 200, "{}", items.len());
    let (counts, wrong) = labelled::evaluate(&items);
    for kind in ChangeKind::ALL {
        let c = counts.get(&kind).copied().unwrap_or_default();
        assert!(c.tp >= 10, "{kind:?}: too few labelled ({c:?})");
        assert!(
            c.precision() >= 0.95 && c.recall() >= 0.95,
            "{kind:?}: {c:?}\n{}",
            wrong.join("\n")
        );
    }
}

/// Precision stress: 68 unrelated real articles (WMT16 English originals, CC BY 4.0) thrown
/// into one "story" by different outlets. Without alignment, look-alike names of different
/// people (`Barack`/`Black`, `Obama`/`Osama`, `Austria`/`Australia`) must not be reported.
#[test]
fn census_on_unrelated_articles_reports_almost_nothing() {
    let mut arts = Vec::new();
    for seg in ["segment_03_en", "segment_04_en"] {
        let dir = shared().join("corpora/wmt16-enfi/original").join(seg);
        arts.extend(
            read_inputs(&[dir], &FieldNames::default())
                .expect("wmt16")
                .articles,
        );
    }
    for (i, a) in arts.iter_mut().enumerate() {
        a.outlet = format!("outlet-{i}");
    }
    assert!(arts.len() > 60);
    let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
    let clusters = vec![Cluster {
        kind: ClusterKind::Story,
        members: (0..arts.len()).collect(),
        score: 1.0,
    }];
    let v = name_census(&arts, &docs, &clusters, &[]);
    assert!(v.len() <= 2, "{v:#?}");
}

#[test]
fn seeds_census_is_the_real_variants_only() {
    let s = seeds();
    let v = name_census(&s.articles, &s.docs, &s.clusters, &s.alignments);
    let sets: Vec<String> = v
        .iter()
        .map(|x| {
            let mut t: Vec<&str> = x.spellings.iter().map(|s| s.text.as_str()).collect();
            t.sort_unstable();
            t.join("/")
        })
        .collect();
    assert_eq!(
        sets,
        [
            "Andrei/Andrij/Andriy",
            "Bremer/Bremmer",
            "Lughansk/Luhansk",
            "Melnik/Melnyk",
            "Zelensky/Zelenskyy"
        ]
    );
}

fn any_article(id: usize, text: String) -> Article {
    Article {
        id: format!("a{id}"),
        outlet: format!("o{}", id % 2),
        date: None,
        title: None,
        url: None,
        lang: [None, Some("fi".to_string()), Some("fr".to_string())][id % 3].clone(),
        source: String::new(),
        text,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// No panic on any input: odd text, docs that do not belong to their article, alignments
    /// with indices out of range.
    #[test]
    fn issue5_stages_never_panic(
        texts in proptest::collection::vec("[A-Za-zé ,.:\n\"“”«»‘’'0-9-]{0,80}", 1..4),
        other in "[A-Za-z .\"]{0,40}",
        pairs in proptest::collection::vec((0usize..6, 0usize..6, 0usize..5, 0usize..5), 0..6),
    ) {
        let articles: Vec<Article> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| any_article(i, t.clone()))
            .collect();
        let mut docs: Vec<Doc> = articles.iter().map(|a| Doc::prepare(&a.text)).collect();
        // One doc prepared from another text.
        docs[0] = Doc::prepare(&other);
        let alignments: Vec<AlignedPair> = pairs
            .iter()
            .map(|&(a, b, x, y)| AlignedPair {
                a,
                b,
                cluster: None,
                pairs: vec![SentencePair { a: vec![x], b: vec![y], score: 1.0 }],
                passages: Vec::new(),
                score: 0.0,
                a_coverage: 0.0,
                b_coverage: 0.0,
                likely_source: None,
            })
            .collect();
        let clusters = vec![Cluster {
            kind: ClusterKind::Story,
            members: (0..articles.len() + 2).collect(),
            score: 1.0,
        }];
        for a in 0..articles.len() {
            for b in 0..articles.len() {
                let c = diff_sentences((&articles[a], &docs[a]), &[0, 1, 7], (&articles[b], &docs[b]), &[0, 2]);
                for ch in c {
                    proptest::prop_assert!(ch.a_start <= ch.a_end && ch.b_start <= ch.b_end);
                }
            }
        }
        let _ = name_census(&articles, &docs, &clusters, &alignments);
        let _ = name_census(&articles, &docs, &[], &alignments);
        let q = quote_groups(&articles, &docs, &clusters, &alignments);
        for g in &q {
            proptest::prop_assert!(g.versions.len() >= 2);
        }
    }
}

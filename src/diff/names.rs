//! The name-spelling census: the articles of each story cluster in, proper nouns spelled two
//! or more ways across outlets out, with counts, the articles using each spelling and a
//! suggested form.
//!
//! Evidence comes from two places:
//! - aligned sentence pairs, where the word diff calls a capitalised one-word change a
//!   spelling variant (`Brennecke said` / `Brenecke said`);
//! - the names of the cluster's articles compared with each other, because an outlet may
//!   spell a name differently in a sentence no other outlet has. Here a pair must also be used
//!   by different outlets, never side by side in one article (one writer using both is more
//!   likely two people than a typo), and keep the same company: a content word next to one
//!   is next to the other, or a variant of it (`Ian Bremmer` / `Ian Bremer`, `Andrij Melnyk`
//!   / `Andrei Melnik`). 68 unrelated WMT16 articles thrown into one cluster yield nothing.
//!
//! Groups are stars around the most used spelling, never chains (`Damon`-`Damien`-`Daniel`).
//!
//! The hard case is precision. `Russia`/`Russian`, `Kremlin`/`Kremlin's`, `Musk`/`Musk's`
//! are not variants: possessives are stripped before counting and inflections are refused by
//! [`is_spelling_variant`]. A run-together token (`Bremmerfounder`) is a scraper's lost
//! space, reported as `joined` by the diff, so a capitalised token that is another name plus
//! two or more letters is not a name of its own. Sentence-initial words count only when the
//! same form also appears capitalised inside a sentence and is not more often lower-case.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use super::classify::{fold, is_spelling_variant, is_spelling_variant_in, starts_upper};
use super::negation::Lang;
use super::words::{diff_units, Tok};
use super::{lang_of, sentence_tokens};
use crate::align::AlignedPair;
use crate::corpus::Article;
use crate::dedup::Cluster;
use crate::report::{ChangeKind, ClusterKind, NameVariant, Spelling};
use crate::text::{Doc, TokenKind};

/// A group of articles about one story: its report id (`story-N`) or `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub id: Option<String>,
    pub members: Vec<usize>,
}

/// The story clusters as scopes, numbered as the report numbers them (`story-1`, ... in
/// cluster-list order). Without story clusters (`wirediff diff A B`), the articles joined by
/// alignments form scopes of their own, with no id.
pub fn scopes(n_articles: usize, clusters: &[Cluster], alignments: &[AlignedPair]) -> Vec<Scope> {
    let mut out: Vec<Scope> = Vec::new();
    let mut n = 0;
    for c in clusters {
        if c.kind == ClusterKind::Story {
            n += 1;
            let mut members: Vec<usize> = c
                .members
                .iter()
                .copied()
                .filter(|&m| m < n_articles)
                .collect();
            members.sort_unstable();
            members.dedup();
            out.push(Scope {
                id: Some(format!("story-{n}")),
                members,
            });
        }
    }
    if out.is_empty() {
        // Connected components of the alignment graph.
        let mut parent: Vec<usize> = (0..n_articles).collect();
        let mut linked = BTreeSet::new();
        for al in alignments {
            if al.a < n_articles && al.b < n_articles && al.a != al.b {
                union(&mut parent, al.a, al.b);
                linked.insert(al.a);
                linked.insert(al.b);
            }
        }
        let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &m in &linked {
            let r = find(&mut parent, m);
            comps.entry(r).or_default().push(m);
        }
        let mut comps: Vec<Vec<usize>> = comps.into_values().collect();
        comps.sort();
        out.extend(comps.into_iter().map(|members| Scope { id: None, members }));
    }
    out
}

pub(crate) fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

pub(crate) fn union(parent: &mut [usize], x: usize, y: usize) {
    let (rx, ry) = (find(parent, x), find(parent, y));
    if rx != ry {
        // The smaller root wins, so that the result does not depend on edge order.
        let (lo, hi) = if rx < ry { (rx, ry) } else { (ry, rx) };
        parent[hi] = lo;
    }
}

/// A name's base form: possessive and a final abbreviation dot stripped.
pub fn base_form(token: &str) -> &str {
    for suffix in ["'s", "’s", "'", "’"] {
        if let Some(stem) = token.strip_suffix(suffix) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    token
}

/// Occurrences per spelling, per article index.
type Usage = BTreeMap<String, BTreeMap<usize, usize>>;

/// Per-form usage inside one scope.
#[derive(Default)]
struct FormStats {
    /// Occurrences per article.
    per_article: BTreeMap<usize, usize>,
    inside_sentence: bool,
    /// Content words right before or after the name (`Ian`, `ambassador`, `Melnyk`).
    neighbours: BTreeSet<String>,
}

/// Neighbours too common to say two names are one person.
const NEIGHBOUR_STOP: &[&str] = &[
    "the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "by", "with", "from", "said",
    "says", "told", "that", "is", "was", "has", "had", "he", "she", "it", "mr", "mrs", "ms", "dr",
    "his", "her", "who", "which", "as", "but", "or", "not", "also", "wrote", "would", "will",
    "their", "its", "this", "after", "before", "than", "about", "be", "been", "are", "were",
];

/// Capitalised word tokens of one article: (base form, whether it starts a sentence or
/// a quotation), and the article's lower-case words (folded) with counts.
fn article_words(
    article: &Article,
    doc: &Doc,
    forms: &mut BTreeMap<String, FormStats>,
    lower: &mut BTreeMap<String, usize>,
    index: usize,
) {
    let all: Vec<usize> = (0..doc.sentences.len()).collect();
    for s in all {
        let toks = sentence_tokens(article, doc, &[s]);
        let words: Vec<&str> = toks
            .iter()
            .filter(|t| t.kind.is_wordlike())
            .map(|t| t.text)
            .collect();
        let mut w = 0usize;
        let mut initial = true;
        for t in &toks {
            if t.kind == TokenKind::Punct {
                // After an opening quote or a colon a capital letter proves nothing.
                if matches!(
                    t.text,
                    "\"" | "“" | "«" | "‘" | ":" | "(" | "„" | "'" | "-" | "—"
                ) {
                    initial = true;
                }
                continue;
            }
            if t.kind == TokenKind::Word {
                if starts_upper(t.text) {
                    let base = base_form(t.text);
                    let st = forms.entry(base.to_string()).or_default();
                    *st.per_article.entry(index).or_default() += 1;
                    st.inside_sentence |= !initial;
                    let around = [w.checked_sub(1), Some(w + 1)];
                    for n in around.into_iter().flatten().filter_map(|k| words.get(k)) {
                        let n = base_form(n);
                        if !NEIGHBOUR_STOP.contains(&fold(n).as_str()) && n.chars().count() >= 2 {
                            st.neighbours.insert(n.to_string());
                        }
                    }
                } else {
                    *lower.entry(fold(base_form(t.text))).or_default() += 1;
                }
            }
            if t.kind.is_wordlike() {
                w += 1;
            }
            initial = false;
        }
    }
}

/// Whether two names are used in the same company: a shared neighbour, or neighbours that
/// are spelling variants themselves (`Andrij Melnyk` / `Andrei Melnik`).
fn share_context(x: &BTreeSet<String>, y: &BTreeSet<String>) -> bool {
    x.iter().any(|p| {
        y.iter().any(|q| {
            let (fp, fq) = (fold(p), fold(q));
            fp == fq || (starts_upper(p) && starts_upper(q) && is_spelling_variant(p, q))
        })
    })
}

/// Capitalised one-word spelling changes in the aligned pairs: (form, form) edges.
fn aligned_edges(
    articles: &[Article],
    docs: &[Doc],
    alignments: &[AlignedPair],
    members: &BTreeSet<usize>,
) -> BTreeSet<(String, String)> {
    let mut edges = BTreeSet::new();
    for al in alignments {
        if !(members.contains(&al.a) && members.contains(&al.b)) {
            continue;
        }
        let (Some(a), Some(b), Some(da), Some(db)) = (
            articles.get(al.a),
            articles.get(al.b),
            docs.get(al.a),
            docs.get(al.b),
        ) else {
            continue;
        };
        for p in &al.pairs {
            let ta = sentence_tokens(a, da, &p.a);
            let tb = sentence_tokens(b, db, &p.b);
            // Identical keys: no spelling change to find (most pairs of a near copy).
            if ta.len() == tb.len() && ta.iter().zip(&tb).all(|(x, y)| x.key == y.key) {
                continue;
            }
            for u in diff_units(&ta, &tb, (lang_of(a), lang_of(b)), false) {
                if u.kind != Some(ChangeKind::Spelling) {
                    continue;
                }
                let one = |ts: &[Tok<'_>]| -> Option<String> {
                    let w: Vec<&Tok<'_>> = ts.iter().filter(|t| t.kind.is_wordlike()).collect();
                    (w.len() == 1 && starts_upper(w[0].text))
                        .then(|| base_form(w[0].text).to_string())
                };
                if let (Some(x), Some(y)) = (one(&ta[u.a.clone()]), one(&tb[u.b.clone()])) {
                    if x != y {
                        edges.insert(if x < y { (x, y) } else { (y, x) });
                    }
                }
            }
        }
    }
    edges
}

/// Like [`super::name_census`], with a house-style list: a spelling on the list (or a
/// spelling variant of an entry) is suggested over the majority.
pub fn name_census_with(
    articles: &[Article],
    docs: &[Doc],
    clusters: &[Cluster],
    alignments: &[AlignedPair],
    house_style: &[String],
) -> Vec<NameVariant> {
    let n = articles.len().min(docs.len());
    let mut out = Vec::new();
    // Corpus-wide: variant sets seen in two or more scopes, aggregated.
    let mut seen: BTreeMap<Vec<String>, (usize, Usage)> = BTreeMap::new();
    for scope in scopes(n, clusters, alignments) {
        let members: BTreeSet<usize> = scope.members.iter().copied().collect();
        // Finnish inflects names (`Hayne` / `Haynea`): in a scope with Finnish text, such pairs
        // are forms of one name, not variants.
        let lang = if members.iter().any(|&m| lang_of(&articles[m]) == Lang::Fi) {
            Lang::Fi
        } else {
            Lang::En
        };
        let mut forms: BTreeMap<String, FormStats> = BTreeMap::new();
        let mut lower: BTreeMap<String, usize> = BTreeMap::new();
        for &m in &members {
            article_words(&articles[m], &docs[m], &mut forms, &mut lower, m);
        }
        let aligned = aligned_edges(articles, docs, alignments, &members);

        // Which forms count as names.
        let names: Vec<&String> = forms
            .iter()
            .filter(|(f, st)| {
                let total: usize = st.per_article.values().sum();
                let lc = lower.get(&fold(f)).copied().unwrap_or(0);
                st.inside_sentence && lc < total && f.chars().count() >= 2
            })
            .map(|(f, _)| f)
            .collect();
        let folded: Vec<String> = names.iter().map(|f| fold(f)).collect();
        // Run-together tokens: another name plus two or more letters.
        let joined: Vec<bool> = folded
            .iter()
            .map(|f| {
                folded.iter().any(|g| {
                    g.chars().count() >= 3 && f.len() >= g.len() + 2 && f.starts_with(g.as_str())
                })
            })
            .collect();

        let outlet_set = |f: &str| -> BTreeSet<&str> {
            forms[f]
                .per_article
                .keys()
                .map(|&m| articles[m].outlet.as_str())
                .collect()
        };
        let mut idx: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, f) in names.iter().enumerate() {
            idx.insert(f.as_str(), i);
        }
        let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
        for i in 0..names.len() {
            if joined[i] {
                continue;
            }
            for j in i + 1..names.len() {
                if joined[j] {
                    continue;
                }
                let (li, lj) = (folded[i].chars().count(), folded[j].chars().count());
                // Cheap filters first (this loop is quadratic in a cluster's names): variants
                // share their first letter or their last three (`Tchaikovsky`/`Chaikovsky`).
                let (fi, fj) = (&folded[i], &folded[j]);
                let tail = |f: &str| f.chars().rev().take(3).collect::<String>();
                let similar_ends = fi.chars().next() == fj.chars().next() || tail(fi) == tail(fj);
                if li.abs_diff(lj) > 2 || !similar_ends {
                    continue;
                }
                if !is_spelling_variant_in(names[i], names[j], lang) {
                    continue;
                }
                let key = (names[i].clone(), names[j].clone());
                let by_alignment = aligned.contains(&key);
                let (fi, fj) = (&forms[names[i]], &forms[names[j]]);
                let co_occur = fi
                    .per_article
                    .keys()
                    .any(|m| fj.per_article.contains_key(m));
                let different_outlets = outlet_set(names[i]) != outlet_set(names[j]);
                // Without alignment, the two must also keep the same company (`Ian Bremmer`
                // / `Ian Bremer`): in one story, `Barack` and `Black` do not.
                let context = share_context(&fi.neighbours, &fj.neighbours);
                if by_alignment || (!co_occur && different_outlets && context) {
                    edges.insert((i, j));
                }
            }
        }
        // Aligned edges between forms both counted as names but too far apart in length.
        for (x, y) in &aligned {
            if let (Some(&i), Some(&j)) = (idx.get(x.as_str()), idx.get(y.as_str())) {
                if !joined[i] && !joined[j] {
                    edges.insert((i.min(j), i.max(j)));
                }
            }
        }
        // Star-shaped groups around the most used spelling, so that variants do not chain
        // (`Damon`-`Damien`-`Daniel`).
        let total = |i: usize| -> usize { forms[names[i]].per_article.values().sum() };
        let mut order: Vec<usize> = (0..names.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(total(i)), i));
        let mut comps: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in &order {
            let head = order
                .iter()
                .copied()
                .filter(|h| comps.contains_key(h))
                .find(|&h| edges.contains(&(h.min(i), h.max(i))));
            match head {
                Some(h) => comps.entry(h).or_default().push(i),
                None => {
                    comps.insert(i, vec![i]);
                }
            }
        }
        for comp in comps.into_values().filter(|c| c.len() >= 2) {
            let usage: Usage = comp
                .iter()
                .map(|&i| (names[i].clone(), forms[names[i]].per_article.clone()))
                .collect();
            out.push(variant(articles, scope.id.clone(), &usage, house_style));
            let key: Vec<String> = usage.keys().cloned().collect();
            let e = seen.entry(key).or_default();
            e.0 += 1;
            for (f, per) in usage {
                let dst = e.1.entry(f).or_default();
                for (m, c) in per {
                    *dst.entry(m).or_default() = c;
                }
            }
        }
    }
    for (_, (scopes_seen, usage)) in seen {
        if scopes_seen >= 2 {
            out.push(variant(articles, None, &usage, house_style));
        }
    }
    // Spellings that differ only where comparison ignores the difference (`O’Steen` /
    // `O'Steen`: typographic apostrophes) are one name; the diffs show the typography.
    out.retain(|v| {
        let key = |s: &Spelling| crate::text::normalize::match_key(&s.text);
        v.spellings.iter().any(|s| key(s) != key(&v.spellings[0]))
    });
    break_ties_by_corpus(&mut out, articles, docs, house_style);
    out.sort_by(|x, y| {
        (x.cluster.is_none(), &x.cluster, &x.suggested).cmp(&(
            y.cluster.is_none(),
            &y.cluster,
            &y.suggested,
        ))
    });
    out
}

/// A story where each spelling is used equally often (`Hurosawa` once, `Kurosawa` once) says
/// nothing about which is right; the rest of the corpus often does. For such ties, the
/// spelling the whole corpus uses most is suggested (one pass over the corpus, only when a
/// tie occurs, counting only the tied spellings).
fn break_ties_by_corpus(
    out: &mut [NameVariant],
    articles: &[Article],
    docs: &[Doc],
    house_style: &[String],
) {
    let tied = |v: &NameVariant| {
        let s = &v.spellings;
        s.len() >= 2
            && (s[0].count, s[0].articles.len()) == (s[1].count, s[1].articles.len())
            && !house_style.iter().any(|h| {
                s.iter()
                    .any(|x| x.text == *h || is_spelling_variant(h, &x.text))
            })
    };
    let wanted: HashSet<&str> = out
        .iter()
        .filter(|v| tied(v))
        .flat_map(|v| v.spellings.iter().map(|s| s.text.as_str()))
        .collect();
    if wanted.is_empty() {
        return;
    }
    let counts: HashMap<String, usize> = articles
        .par_iter()
        .zip(docs.par_iter())
        .fold(
            HashMap::new,
            |mut counts: HashMap<String, usize>, (a, d)| {
                for w in &d.words {
                    if let Some(&form) = a.text.get(w.range()).and_then(|t| wanted.get(t)) {
                        *counts.entry(form.to_string()).or_default() += 1;
                    }
                }
                counts
            },
        )
        .reduce(HashMap::new, |mut x, y| {
            for (k, v) in y {
                *x.entry(k).or_default() += v;
            }
            x
        });
    let corpus = |text: &str| counts.get(text).copied().unwrap_or(0);
    for v in out.iter_mut().filter(|v| tied(v)) {
        let top = (v.spellings[0].count, v.spellings[0].articles.len());
        let ties = v
            .spellings
            .iter()
            .take_while(|s| (s.count, s.articles.len()) == top)
            .count();
        // Stable: among equal corpus counts the alphabetical order stays.
        v.spellings[..ties].sort_by_key(|s| std::cmp::Reverse(corpus(&s.text)));
        v.suggested = v.spellings[0].text.clone();
    }
}

fn variant(
    articles: &[Article],
    cluster: Option<String>,
    usage: &Usage,
    house_style: &[String],
) -> NameVariant {
    let mut spellings: Vec<Spelling> = usage
        .iter()
        .map(|(f, per)| Spelling {
            text: f.clone(),
            count: per.values().sum(),
            articles: per.keys().map(|&m| articles[m].id.clone()).collect(),
        })
        .collect();
    // Most used first; ties by number of articles, then alphabetically (deterministic).
    spellings.sort_by(|x, y| {
        (y.count, y.articles.len(), &x.text).cmp(&(x.count, x.articles.len(), &y.text))
    });
    let house = house_style.iter().find(|h| {
        spellings
            .iter()
            .any(|s| s.text == **h || is_spelling_variant(h, &s.text))
    });
    let suggested = match house {
        Some(h) => h.clone(),
        None => spellings
            .first()
            .map(|s| s.text.clone())
            .unwrap_or_default(),
    };
    NameVariant {
        suggested,
        cluster,
        spellings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::name_census;

    fn art(id: &str, outlet: &str, text: &str) -> Article {
        Article {
            outlet: outlet.into(),
            ..Article::from_text(id, text)
        }
    }

    fn story(members: Vec<usize>) -> Cluster {
        Cluster {
            kind: ClusterKind::Story,
            members,
            score: 1.0,
        }
    }

    #[test]
    fn unaligned_variants_and_no_inflections() {
        let arts = vec![
            art("a", "A", "Analyst Ian Bremmer said Russia and the Kremlin's envoy met. Then Bremmer left. Bremmer spoke."),
            art("b", "B", "Analyst Ian Bremer said Russian troops and the Kremlin met. Then Bremer left for Ukraine."),
            art("c", "C", "Analyst Ian Bremmerfounder of a firm said Ukrainian officials met Musk's team."),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        let v = name_census(&arts, &docs, &[story(vec![0, 1, 2])], &[]);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].suggested, "Bremmer");
        assert_eq!(v[0].cluster.as_deref(), Some("story-1"));
        let texts: Vec<&str> = v[0].spellings.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Bremmer", "Bremer"]);
        assert_eq!(v[0].spellings[0].count, 3);
        assert_eq!(v[0].spellings[1].articles, ["b"]);
    }

    #[test]
    fn a_tie_goes_to_the_spelling_the_corpus_uses() {
        let arts = vec![
            art(
                "a",
                "A",
                "Director Akira Hurosawa said the film was finished. Critics met.",
            ),
            art(
                "b",
                "B",
                "Director Akira Kurosawa said the film was finished. Critics met.",
            ),
            art(
                "c",
                "C",
                "A season of films by Kurosawa opens. Fans of Kurosawa queued.",
            ),
            // Typography only: one name, not a variant.
            art(
                "d",
                "D",
                "Coach Tom O’Steen said the team was ready. Fans cheered.",
            ),
            art(
                "e",
                "E",
                "Coach Tom O'Steen said the team was ready. Fans cheered.",
            ),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        let v = name_census(&arts, &docs, &[story(vec![0, 1]), story(vec![3, 4])], &[]);
        assert_eq!(v.len(), 1, "{v:?}");
        // Alphabetically `Hurosawa` would come first; the rest of the corpus says `Kurosawa`.
        assert_eq!(v[0].suggested, "Kurosawa");
        let texts: Vec<&str> = v[0].spellings.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Kurosawa", "Hurosawa"]);
    }

    #[test]
    fn house_style_wins_and_corpus_wide_entry() {
        let arts = vec![
            art(
                "a",
                "A",
                "Talks with Zelensky went on. Later Zelensky left.",
            ),
            art("b", "B", "Talks with Zelenskyy went on."),
            art("c", "C", "Aid for President Zelensky was agreed."),
            art("d", "D", "Aid for President Zelenskyy was agreed."),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        let clusters = [story(vec![0, 1]), story(vec![2, 3])];
        let v = name_census_with(&arts, &docs, &clusters, &[], &["Zelenskyy".to_string()]);
        assert_eq!(v.len(), 3, "{v:?}");
        assert!(v.iter().all(|x| x.suggested == "Zelenskyy"));
        assert_eq!(v[2].cluster, None);
        assert_eq!(v[2].spellings[0].articles, ["a", "c"]);
    }

    #[test]
    fn aligned_diacritic_variant_is_counted() {
        // Before, `Zurich` / `Zürich` came out of the diff as `joined` and never got here.
        let arts = vec![
            art(
                "a",
                "A",
                "The delegates flew to Zurich on Monday to read the resume of the candidate.",
            ),
            art(
                "b",
                "B",
                "The delegates flew to Zürich on Monday to read the résumé of the candidate.",
            ),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        let al = crate::align::align_pair(
            0,
            (&arts[0], &docs[0]),
            1,
            (&arts[1], &docs[1]),
            &crate::align::AlignConfig::default(),
        );
        let v = name_census(&arts, &docs, &[], &[al]);
        assert_eq!(v.len(), 1, "{v:?}");
        let texts: BTreeSet<&str> = v[0].spellings.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, BTreeSet::from(["Zurich", "Zürich"]));
        // The variant comes from the aligned pair: without it (and without a story) there
        // is no scope to count in.
        assert!(name_census(&arts, &docs, &[], &[]).is_empty());
    }

    #[test]
    fn same_article_using_both_is_not_enough() {
        let arts = vec![
            art("a", "A", "Then Mr. Mayer met Mr. Meyer."),
            art("b", "B", "Then Mr. Meyer spoke."),
        ];
        let docs: Vec<Doc> = arts.iter().map(|a| Doc::prepare(&a.text)).collect();
        assert!(name_census(&arts, &docs, &[story(vec![0, 1])], &[]).is_empty());
        assert!(name_census(&[], &[], &[], &[]).is_empty());
    }
}

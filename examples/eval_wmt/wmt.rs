// Shared by `examples/eval_wmt` and `tests/align.rs`: reads WMT SGML test sets and scores
// sentence alignment against the segment ids (segment n of one translation is the gold
// partner of segment n of the other).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use wirediff::align::{align_pair, AlignConfig};
use wirediff::corpus::Article;
use wirediff::text::Doc;

/// One `<doc>` of an SGML file: its segments in file order, with their ids.
#[derive(Debug, Clone)]
pub struct SgmDoc {
    pub docid: String,
    pub origlang: Option<String>,
    pub segs: Vec<(u32, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=\"");
    let start = tag.find(&pat)? + pat.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses the `<doc>`s of a WMT `.sgm` file (tags in either case), keyed by docid.
pub fn read_sgm(path: &Path) -> std::io::Result<BTreeMap<String, SgmDoc>> {
    let bytes = std::fs::read(path)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut docs = BTreeMap::new();
    let mut current: Option<SgmDoc> = None;
    for line in text.lines() {
        let l = line.trim();
        let lower = l.get(..5).unwrap_or("").to_ascii_lowercase();
        if lower.starts_with("<doc") {
            current = Some(SgmDoc {
                docid: attr(l, "docid").unwrap_or_default(),
                origlang: attr(l, "origlang"),
                segs: Vec::new(),
            });
        } else if lower.starts_with("</doc") {
            if let Some(d) = current.take() {
                docs.insert(d.docid.clone(), d);
            }
        } else if lower.starts_with("<seg") {
            let (Some(open_end), Some(close)) = (l.find('>'), l.rfind("</")) else {
                continue;
            };
            let id = attr(&l[..open_end], "id").and_then(|s| s.parse().ok());
            if let (Some(d), Some(id)) = (current.as_mut(), id) {
                if close > open_end {
                    d.segs.push((id, unescape(l[open_end + 1..close].trim())));
                }
            }
        }
    }
    Ok(docs)
}

/// An article made of a doc's segments (one paragraph each), and for each byte offset range
/// the segment id it came from.
pub fn article(doc: &SgmDoc, outlet: &str) -> (Article, Vec<(usize, usize, u32)>) {
    let mut text = String::new();
    let mut ranges = Vec::new();
    for (id, seg) in &doc.segs {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(seg);
        ranges.push((start, text.len(), *id));
    }
    let a = Article {
        id: format!("{outlet}:{}", doc.docid),
        outlet: outlet.into(),
        date: None,
        title: None,
        url: None,
        lang: Some("fi".into()),
        source: doc.docid.clone(),
        text,
    };
    (a, ranges)
}

/// Alignment links counted against the gold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Score {
    pub predicted: usize,
    pub correct: usize,
    pub gold: usize,
}

impl Score {
    pub fn add(&mut self, o: Score) {
        self.predicted += o.predicted;
        self.correct += o.correct;
        self.gold += o.gold;
    }
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }
    #[allow(dead_code)] // The test asserts precision and recall; the example prints F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Aligns one document's two versions and scores the segment links. A sentence pair links
/// every segment of its `a` sentences with every segment of its `b` sentences (a 1:2 pair
/// covers two gold links when the segments are two; it is one link when the segmenter split
/// one segment in two).
pub fn score_doc(x: &SgmDoc, y: &SgmDoc, config: &AlignConfig) -> Score {
    let (ax, rx) = article(x, "x");
    let (ay, ry) = article(y, "y");
    let (dx, dy) = (Doc::prepare(&ax.text), Doc::prepare(&ay.text));
    let seg_of = |ranges: &[(usize, usize, u32)], doc: &Doc, s: usize| {
        let start = doc.sentences[s].start as usize;
        ranges
            .iter()
            .find(|r| r.0 <= start && start < r.1.max(r.0 + 1))
            .map_or(u32::MAX, |r| r.2)
    };
    let al = align_pair(0, (&ax, &dx), 1, (&ay, &dy), config);
    let mut predicted = BTreeSet::new();
    for p in &al.pairs {
        for &i in &p.a {
            for &j in &p.b {
                predicted.insert((seg_of(&rx, &dx, i), seg_of(&ry, &dy, j)));
            }
        }
    }
    let ids_x: BTreeSet<u32> = x.segs.iter().map(|s| s.0).collect();
    let gold: BTreeSet<(u32, u32)> = y
        .segs
        .iter()
        .filter(|s| ids_x.contains(&s.0))
        .map(|s| (s.0, s.0))
        .collect();
    Score {
        predicted: predicted.len(),
        correct: predicted.intersection(&gold).count(),
        gold: gold.len(),
    }
}

/// Scores every document of `x` with `origlang` (when given) that `y` also has.
pub fn score_sets(
    x: &BTreeMap<String, SgmDoc>,
    y: &BTreeMap<String, SgmDoc>,
    origlang: Option<&str>,
    config: &AlignConfig,
) -> (usize, Score) {
    let mut total = Score::default();
    let mut docs = 0;
    for (id, dx) in x {
        if origlang.is_some() && dx.origlang.as_deref() != origlang {
            continue;
        }
        if let Some(dy) = y.get(id) {
            docs += 1;
            total.add(score_doc(dx, dy, config));
        }
    }
    (docs, total)
}

fn word_set(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The baseline: each segment of `x` linked to the segment of `y` with the highest word
/// Jaccard (no order, no thresholds).
#[allow(dead_code)] // The example prints it; the test does not need it.
pub fn naive_score_sets(
    x: &BTreeMap<String, SgmDoc>,
    y: &BTreeMap<String, SgmDoc>,
    origlang: Option<&str>,
) -> Score {
    let mut total = Score::default();
    for (id, dx) in x {
        if origlang.is_some() && dx.origlang.as_deref() != origlang {
            continue;
        }
        let Some(dy) = y.get(id) else { continue };
        let ys: Vec<(u32, BTreeSet<String>)> =
            dy.segs.iter().map(|(i, s)| (*i, word_set(s))).collect();
        for (i, s) in &dx.segs {
            let w = word_set(s);
            let best = ys
                .iter()
                .map(|(j, v)| {
                    let both = w.intersection(v).count();
                    let union = w.len() + v.len() - both;
                    (
                        if union == 0 {
                            0.0
                        } else {
                            both as f64 / union as f64
                        },
                        *j,
                    )
                })
                .max_by(|p, q| p.0.total_cmp(&q.0).then(q.1.cmp(&p.1)));
            if let Some((_, j)) = best {
                total.predicted += 1;
                total.correct += usize::from(j == *i);
            }
            total.gold += usize::from(dy.segs.iter().any(|(j, _)| j == i));
        }
    }
    total
}

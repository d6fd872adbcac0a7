//! The report: the one value every output format renders.
//!
//! Field names here are a contract (see `docs/report-schema.md`): other tools parse them.
//! Every list is sorted by stable keys before it is stored, so the serialised bytes do not
//! depend on thread count.

use serde::{Deserialize, Serialize};

/// Current version of the report schema. Bumped on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// Everything a run found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub version: u32,
    pub summary: Summary,
    pub articles: Vec<ArticleEntry>,
    pub clusters: Vec<ClusterEntry>,
    pub alignments: Vec<AlignmentEntry>,
    /// Passages shared between articles that are otherwise not in one cluster.
    pub shared_passages: Vec<SharedPassage>,
    pub collations: Vec<Collation>,
    pub name_variants: Vec<NameVariant>,
    pub quotes: Vec<QuoteGroup>,
    pub errors: Vec<ErrorEntry>,
}

/// Counts for the top of every rendering.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub articles: usize,
    pub outlets: usize,
    pub exact_clusters: usize,
    pub near_duplicate_clusters: usize,
    pub story_clusters: usize,
    pub aligned_pairs: usize,
    /// Change counts by kind, in [`ChangeKind`] order; kinds with no change are left out.
    pub changes: Vec<KindCount>,
    pub name_variants: usize,
    pub quotes: usize,
    pub contradicting_quotes: usize,
    pub errors: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCount {
    pub kind: ChangeKind,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEntry {
    pub id: String,
    pub outlet: String,
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub source: String,
    /// Number of sentences.
    pub sentences: usize,
    /// Number of words (punctuation not counted).
    pub words: usize,
    /// Length of the text in bytes.
    pub bytes: usize,
}

/// How close the articles of a cluster are. Clusters nest: exact ⊂ near-duplicate ⊂ story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterKind {
    Exact,
    NearDuplicate,
    Story,
}

impl ClusterKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterKind::Exact => "exact",
            ClusterKind::NearDuplicate => "near-duplicate",
            ClusterKind::Story => "story",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterEntry {
    /// Stable id, e.g. `story-1`, numbered in order of the clusters' first article.
    pub id: String,
    pub kind: ClusterKind,
    /// Article ids, in corpus order.
    pub articles: Vec<String>,
    /// The weakest verified similarity that holds the cluster together (0..1).
    pub score: f64,
    /// The enclosing cluster of the next kind up (exact → near-duplicate → story), if any.
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignmentEntry {
    pub a: String,
    pub b: String,
    /// The cluster this pair was aligned for, if any.
    pub cluster: Option<String>,
    /// Share of both articles' words inside aligned sentences, weighted by pair score (0..1).
    pub score: f64,
    pub a_coverage: f64,
    pub b_coverage: f64,
    /// The article that is the likely source of the shared text, when dates or containment say.
    pub likely_source: Option<String>,
    pub pairs: Vec<PairEntry>,
    /// Maximal runs of pairs aligned in order on both sides.
    pub passages: Vec<PassageEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairEntry {
    /// Sentence indices in article `a` (one, or two for a split/merge).
    pub a: Vec<usize>,
    pub b: Vec<usize>,
    pub score: f64,
    pub a_text: String,
    pub b_text: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PassageEntry {
    /// First and last sentence index (inclusive) on each side.
    pub a: [usize; 2],
    pub b: [usize; 2],
    /// Number of sentence pairs in the passage.
    pub pairs: usize,
}

/// A word-level difference between two aligned sentences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub severity: Severity,
    /// Text on side `a` (empty for an insertion).
    pub a: String,
    /// Text on side `b` (empty for a deletion).
    pub b: String,
    /// Byte offsets into article `a`'s text (`a_start == a_end` for an insertion, at the
    /// position where the text would go).
    pub a_start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub b_end: usize,
}

/// What kind of difference a change is. Ordered from most to least serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Negation,
    Number,
    Spelling,
    Substitution,
    Insertion,
    Deletion,
    Joined,
    Case,
    Punctuation,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 9] = [
        ChangeKind::Negation,
        ChangeKind::Number,
        ChangeKind::Spelling,
        ChangeKind::Substitution,
        ChangeKind::Insertion,
        ChangeKind::Deletion,
        ChangeKind::Joined,
        ChangeKind::Case,
        ChangeKind::Punctuation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Negation => "negation",
            ChangeKind::Number => "number",
            ChangeKind::Spelling => "spelling",
            ChangeKind::Substitution => "substitution",
            ChangeKind::Insertion => "insertion",
            ChangeKind::Deletion => "deletion",
            ChangeKind::Joined => "joined",
            ChangeKind::Case => "case",
            ChangeKind::Punctuation => "punctuation",
        }
    }
}

/// How much a change matters to a reader: `high` flips or alters a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// A passage shared by articles outside any common cluster (a reused quote or paragraph).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedPassage {
    pub a: String,
    pub b: String,
    pub a_sentences: Vec<usize>,
    pub b_sentences: Vec<usize>,
    pub score: f64,
    pub a_text: String,
    pub b_text: String,
}

/// A cluster's versions side by side: one row per passage, one column per article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collation {
    pub cluster: String,
    /// Column headings: article ids.
    pub articles: Vec<String>,
    pub rows: Vec<CollationRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollationRow {
    /// One cell per article (same order as [`Collation::articles`]); `None` where the article
    /// has no version of this passage.
    pub cells: Vec<Option<CollationCell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollationCell {
    pub sentences: Vec<usize>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameVariant {
    /// The spelling to use (majority, or the house-style list's entry).
    pub suggested: String,
    /// The story cluster the variants were found in, or `None` for corpus-wide.
    pub cluster: Option<String>,
    pub spellings: Vec<Spelling>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spelling {
    pub text: String,
    pub count: usize,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroup {
    pub id: String,
    pub speaker: Option<String>,
    pub status: QuoteStatus,
    pub versions: Vec<QuoteVersion>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteStatus {
    Verbatim,
    Variant,
    Reworded,
    Contradicting,
}

impl QuoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Verbatim => "verbatim",
            QuoteStatus::Variant => "variant",
            QuoteStatus::Reworded => "reworded",
            QuoteStatus::Contradicting => "contradicting",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVersion {
    pub article: String,
    pub text: String,
    /// Byte offsets of the quoted text (without the quote marks) in the article.
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorEntry {
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

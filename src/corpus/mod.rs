//! Reading corpora: paths in, [`Article`]s and [`InputError`]s out.
//!
//! Real corpora are messy: a folder of scraped `.txt` files where one is binary, one is Latin-1,
//! one is empty; a JSON Lines dump with a truncated line in the middle; two files whose stems
//! collide. One bad article must never lose the others, so readers never fail as a whole on bad
//! content: each problem becomes an [`InputError`] naming the file (and line, for JSON Lines) and
//! the run goes on. Only a path that does not exist at all is a hard error ([`crate::Error`]),
//! because that is a usage mistake, not bad data.
//!
//! In a directory, hidden files, files without a text or JSON extension, and notes about the
//! corpus (`README`, `LICENSE` and the like, by exact name) are passed over.
//!
//! Articles come out in a deterministic order: inputs in the order given, directories walked in
//! sorted order, JSON records in file order.

mod header;
mod jsonl;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use header::parse_header;

/// One article as read: metadata plus the text exactly as decoded.
///
/// Nothing downstream changes `text`; every later stage points into it by byte offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Unique within a run (duplicates are made unique with a `#2`, `#3`, ... suffix).
    pub id: String,
    /// The outlet (publisher) that printed this version.
    pub outlet: String,
    /// Publication date as given (ISO `YYYY-MM-DD` when the input has one).
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    /// Where the article came from: a file path, `path:line` for JSON Lines, `<stdin>:line`.
    pub source: String,
    /// The body text after decoding (BOM removed, CRLF turned into LF; nothing else changed).
    pub text: String,
}

impl Article {
    /// An article with only an id and a text (outlet = id, source = `<id>`); for library users
    /// who build corpora in memory, and for tests.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Article {
        let id = id.into();
        Article {
            outlet: id.clone(),
            source: format!("<{id}>"),
            id,
            date: None,
            title: None,
            url: None,
            lang: None,
            text: text.into(),
        }
    }
}

impl Article {
    /// The date, when it is ISO 8601 (`2022-10-12`, `2022-10-12T08:00:00Z`,
    /// `2022-10-12 10:00+02:00`); `None` for anything else (blank, `yesterday`, epoch seconds,
    /// RFC 2822), which is not compared.
    pub fn iso_date(&self) -> Option<IsoDate> {
        IsoDate::parse(self.date.as_deref()?)
    }
}

/// An ISO 8601 date, with its time when it has one, for ordering articles by date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDate {
    /// Days since 1970-01-01 of the date as written.
    day: i64,
    /// Nanoseconds since 1970-01-01T00:00Z of the moment, when a time is given (a time
    /// without an offset is taken as UTC).
    moment: Option<i128>,
}

impl IsoDate {
    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM`, optional `:SS`
    /// and fraction, and an optional `Z` or `±HH:MM` / `±HHMM` offset.
    pub fn parse(text: &str) -> Option<IsoDate> {
        let b = text.trim().as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let digits = b.get(from..from + len)?;
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
        };
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        if b[4] != b'-' || b[7] != b'-' || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let day = days_from_civil(year, month, day);
        let rest = &b[10..];
        if rest.is_empty() {
            return Some(IsoDate { day, moment: None });
        }
        if !matches!(rest[0], b'T' | b't' | b' ') {
            return None;
        }
        let at = 11;
        let (hour, minute) = (num(at, 2)?, num(at + 3, 2)?);
        if b[at + 2] != b':' || hour > 24 || minute > 59 {
            return None;
        }
        let mut pos = at + 5;
        let mut nanos: i128 = 0;
        let mut second = 0;
        if b.get(pos) == Some(&b':') {
            second = num(pos + 1, 2).filter(|&s| s <= 60)?;
            pos += 3;
            if matches!(b.get(pos), Some(b'.' | b',')) {
                pos += 1;
                let digits = b[pos..].iter().take_while(|d| d.is_ascii_digit()).count();
                if digits == 0 {
                    return None;
                }
                for k in 0..9 {
                    let d = if k < digits {
                        i128::from(b[pos + k] - b'0')
                    } else {
                        0
                    };
                    nanos = nanos * 10 + d;
                }
                pos += digits;
            }
        }
        let offset_minutes = match &b[pos..] {
            [] | [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), tail @ ..] => {
                let (h, m) = match tail {
                    [_, _, b':', _, _] => (num(pos + 1, 2)?, num(pos + 4, 2)?),
                    [_, _, _, _] => (num(pos + 1, 2)?, num(pos + 3, 2)?),
                    [_, _] => (num(pos + 1, 2)?, 0),
                    _ => return None,
                };
                let sign = if *sign == b'-' { -1 } else { 1 };
                sign * (h * 60 + m)
            }
            _ => return None,
        };
        let seconds = day * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
        Some(IsoDate {
            day,
            moment: Some(i128::from(seconds) * 1_000_000_000 + nanos),
        })
    }

    /// Orders two dates at their common precision: moments when both have a time, else the
    /// dates as written (`2022-10-12` and `2022-10-12T08:00Z` are equal).
    pub fn cmp_common(&self, other: &IsoDate) -> std::cmp::Ordering {
        match (self.moment, other.moment) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.day.cmp(&other.day),
        }
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A problem with one input (file, or line of a JSON Lines file). The run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    /// The file (or `<stdin>`) the problem is in.
    pub source: String,
    /// 1-based line for JSON Lines input.
    pub line: Option<usize>,
    pub message: String,
    /// Whether the article was still read (a warning, e.g. invalid UTF-8 replaced) or skipped.
    #[serde(skip)]
    pub skipped: bool,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

/// Field names for JSON Lines records. Each list is tried in order; the first present field wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    pub id: Vec<String>,
    pub text: Vec<String>,
    pub outlet: Vec<String>,
    pub date: Vec<String>,
    pub title: Vec<String>,
}

impl Default for FieldNames {
    fn default() -> Self {
        let v = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        FieldNames {
            id: v(&["id", "doc_id", "docid"]),
            text: v(&["text", "body", "content"]),
            outlet: v(&["outlet", "source", "publisher", "site"]),
            date: v(&["date", "published", "published_at", "timestamp"]),
            title: v(&["title", "headline"]),
        }
    }
}

/// What the readers produced: the articles, and every problem met on the way.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    pub articles: Vec<Article>,
    pub errors: Vec<InputError>,
    /// Input files read as JSON Lines, by the name their articles' sources start with (`name`
    /// of `name:line`): a record of theirs can be found again and copied byte for byte, as
    /// `wirediff dedup` does with the records it keeps.
    /// Each maps to the path to open it by (a source name is lossy where the path is not
    /// UTF-8), or to `None` when two files share the name (`a\xfe.jsonl` and `a\xff.jsonl`
    /// both show as `a\u{FFFD}.jsonl`), whose records are then not copied. Only regular
    /// files are listed (a named pipe cannot be read twice).
    pub line_files: BTreeMap<String, Option<PathBuf>>,
}

impl Corpus {
    /// Whether any input was skipped (not merely warned about).
    pub fn has_skipped(&self) -> bool {
        self.errors.iter().any(|e| e.skipped)
    }

    fn append(&mut self, mut part: Corpus) {
        join(&mut self.articles, part.articles);
        join(&mut self.errors, part.errors);
        for (name, path) in std::mem::take(&mut part.line_files) {
            let slot = self.line_files.entry(name).or_insert_with(|| path.clone());
            if *slot != path {
                *slot = None;
            }
        }
    }

    /// The input file and line an article was read from, when it came from a JSON Lines file
    /// (see [`Corpus::line_files`]).
    pub fn record_line(&self, article: &Article) -> Option<(&Path, usize)> {
        let (file, line) = article.source.rsplit_once(':')?;
        let line = line.parse().ok()?;
        let path = self.line_files.get(file)?.as_deref()?;
        Some((path, line))
    }
}

/// Appends `part` to `into`, taking its allocation when `into` is empty (the usual case of one
/// big file) instead of copying it.
fn join<T>(into: &mut Vec<T>, mut part: Vec<T>) {
    if into.is_empty() {
        std::mem::swap(into, &mut part);
    } else {
        into.append(&mut part);
    }
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "text"];
const JSON_EXTENSIONS: &[&str] = &["jsonl", "ndjson", "json"];

/// Reads every input path (files, directories, or `-` for JSON Lines on stdin).
///
/// Errors only when a path does not exist; everything else wrong with the data lands in
/// [`Corpus::errors`].
pub fn read_inputs(inputs: &[PathBuf], fields: &FieldNames) -> Result<Corpus, crate::Error> {
    for input in inputs {
        if input.as_os_str() != "-" && !input.exists() {
            return Err(crate::Error::MissingInput(input.clone()));
        }
    }
    let mut corpus = Corpus::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            match jsonl::read_stream(std::io::stdin().lock(), "<stdin>", fields) {
                Ok(mut part) => {
                    // Standard input cannot be read a second time.
                    part.line_files.clear();
                    corpus.append(part);
                }
                Err(e) => corpus.errors.push(InputError {
                    source: "<stdin>".into(),
                    line: None,
                    message: format!("cannot read standard input: {e}"),
                    skipped: true,
                }),
            }
        } else if input.is_dir() {
            read_directory(input, fields, &mut corpus);
        } else {
            read_file(input, None, fields, &mut corpus);
        }
    }
    make_ids_unique(&mut corpus);
    Ok(corpus)
}

/// Reads articles from JSON Lines bytes already in memory (`source` names them in errors).
pub fn read_jsonl_bytes(bytes: &[u8], source: &str, fields: &FieldNames) -> Corpus {
    let mut corpus = Corpus::default();
    jsonl::read_records(bytes, source, fields, &mut corpus);
    // The bytes were given, not read from a file that could be read again.
    corpus.line_files.clear();
    make_ids_unique(&mut corpus);
    corpus
}

fn read_directory(root: &Path, fields: &FieldNames, corpus: &mut Corpus) {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() || entry.path_is_symlink() => {
                let path = entry.into_path();
                if is_hidden(&path, root) || !has_known_extension(&path) || is_corpus_note(&path) {
                    continue;
                }
                // A link to an article file is read; links are not followed into folders
                // (no loops), and a broken link is reported.
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_file() => files.push(path),
                    Ok(_) => {}
                    Err(e) => corpus.errors.push(InputError {
                        source: path.display().to_string(),
                        line: None,
                        message: format!("cannot read: {e}"),
                        skipped: true,
                    }),
                }
            }
            Ok(_) => {}
            Err(e) => corpus.errors.push(InputError {
                source: e
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string()),
                line: None,
                message: format!("cannot read: {e}"),
                skipped: true,
            }),
        }
    }
    // Per-outlet layout: the input folder holds subfolders (one per outlet) with the articles.
    let per_outlet = files.iter().any(|f| f.parent() != Some(root));
    let stems = stem_counts(&files);
    // Files are read in parallel, each into its own part; the parts are joined in sorted file
    // order, so the result is the same as reading them one after the other.
    let parts: Vec<Corpus> = files
        .par_iter()
        .map(|path| {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let stem = file_stem(path);
            let id = if stems.get(&stem).copied().unwrap_or(0) > 1 {
                rel.with_extension("").to_string_lossy().replace('\\', "/")
            } else {
                stem
            };
            let folder_outlet = if per_outlet {
                rel.components()
                    .next()
                    .filter(|_| rel.components().count() > 1)
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
            } else {
                None
            };
            let mut part = Corpus::default();
            read_file(
                path,
                Some(FileDefaults {
                    id,
                    outlet: folder_outlet,
                }),
                fields,
                &mut part,
            );
            part
        })
        .collect();
    for part in parts {
        corpus.append(part);
    }
}

struct FileDefaults {
    id: String,
    outlet: Option<String>,
}

fn is_hidden(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// `README`, `LICENSE` and similar files describe a corpus folder; they are not articles.
/// (Given explicitly as an input path, such a file is still read.) Only those exact names:
/// an article file named after its headline (`notice_of_closure.txt`,
/// `license_plate_fees.txt`) is an article.
fn is_corpus_note(path: &Path) -> bool {
    let stem = file_stem(path).to_ascii_uppercase();
    [
        "README",
        "LICENSE",
        "LICENCE",
        "CHANGELOG",
        "COPYING",
        "NOTICE",
    ]
    .contains(&stem.as_str())
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn has_known_extension(path: &Path) -> bool {
    let ext = extension(path);
    TEXT_EXTENSIONS.contains(&ext.as_str()) || JSON_EXTENSIONS.contains(&ext.as_str())
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn stem_counts(files: &[PathBuf]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for f in files {
        *counts.entry(file_stem(f)).or_insert(0) += 1;
    }
    counts
}

fn read_file(
    path: &Path,
    defaults: Option<FileDefaults>,
    fields: &FieldNames,
    corpus: &mut Corpus,
) {
    let source = path.display().to_string();
    let cannot_read = |source, e: std::io::Error| InputError {
        source,
        line: None,
        message: format!("cannot read file: {e}"),
        skipped: true,
    };
    if JSON_EXTENSIONS.contains(&extension(path).as_str()) {
        let read = std::fs::File::open(path).and_then(|f| {
            let regular = f.metadata()?.is_file();
            let mut part = jsonl::read_file(f, &source, fields)?;
            if regular {
                part.line_files
                    .values_mut()
                    .for_each(|p| *p = Some(path.to_path_buf()));
            } else {
                part.line_files.clear();
            }
            Ok(part)
        });
        match read {
            Ok(part) => corpus.append(part),
            Err(e) => corpus.errors.push(cannot_read(source, e)),
        }
        return;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            corpus.errors.push(cannot_read(source, e));
            return;
        }
    };
    // A UTF-16 file (as Windows tools write them) opens with its byte order mark; without
    // one, its NUL bytes make it look binary.
    let bytes = match utf16_to_utf8(&bytes) {
        Some((utf8, lossy)) => {
            if lossy {
                let what = "invalid UTF-16; unpaired surrogates";
                corpus
                    .errors
                    .push(jsonl::replaced_warning(&source, None, what));
            }
            utf8
        }
        None => bytes,
    };
    if looks_binary(&bytes) {
        corpus.errors.push(InputError {
            source,
            line: None,
            message: "looks like a binary file (contains NUL bytes); skipped".into(),
            skipped: true,
        });
        return;
    }
    let (decoded, lossy) = decode(bytes);
    if lossy {
        let what = "invalid UTF-8; undecodable bytes";
        corpus
            .errors
            .push(jsonl::replaced_warning(&source, None, what));
    }
    let (meta, body) = parse_header(&decoded);
    // The body is a suffix of `decoded`: cut the header off in place rather than copy the rest.
    let header_len = decoded.len() - body.len();
    let mut body = decoded;
    body.drain(..header_len);
    if body.trim().is_empty() {
        corpus.errors.push(InputError {
            source,
            line: None,
            message: "empty article (no text after the header); skipped".into(),
            skipped: true,
        });
        return;
    }
    let defaults = defaults.unwrap_or_else(|| FileDefaults {
        id: file_stem(path),
        outlet: None,
    });
    let id = meta.get("id").cloned().unwrap_or(defaults.id);
    let outlet = meta
        .get("outlet")
        .or_else(|| meta.get("source"))
        .or_else(|| meta.get("publisher"))
        .cloned()
        .or(defaults.outlet)
        .unwrap_or_else(|| id.clone());
    corpus.articles.push(Article {
        id,
        outlet,
        date: meta.get("date").cloned(),
        title: meta.get("title").cloned(),
        url: meta.get("url").cloned(),
        lang: meta.get("lang").cloned(),
        source,
        text: body,
    });
}

/// The text of a UTF-16 file with a byte order mark, as UTF-8 (unpaired surrogates become
/// U+FFFD, a last odd byte is dropped), and whether anything was replaced or dropped; `None`
/// for anything else.
fn utf16_to_utf8(bytes: &[u8]) -> Option<(Vec<u8>, bool)> {
    let (little, body) = match bytes {
        [0xFF, 0xFE, body @ ..] => (true, body),
        [0xFE, 0xFF, body @ ..] => (false, body),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|p| match little {
        true => u16::from_le_bytes([p[0], p[1]]),
        false => u16::from_be_bytes([p[0], p[1]]),
    });
    let mut lossy = body.len() % 2 == 1;
    let text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                lossy = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    Some((text.into_bytes(), lossy))
}

fn looks_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

/// Decodes bytes as UTF-8 (replacing invalid sequences), drops a BOM and normalises line ends.
/// Returns whether anything had to be replaced. Valid UTF-8 given as a `Vec` becomes the
/// `String` without a copy.
pub(crate) fn decode(bytes: impl Into<Vec<u8>>) -> (String, bool) {
    let mut bytes = bytes.into();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let (text, lossy) = match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    (normalize_line_ends(text), lossy)
}

/// CRLF and lone CR become LF, so that offsets mean the same whatever the platform wrote.
/// Text without a CR (nearly all) is returned as it is.
pub(crate) fn normalize_line_ends(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(cr) = rest.find('\r') {
        out.push_str(&rest[..cr]);
        out.push('\n');
        rest = &rest[cr + 1..];
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    out.push_str(rest);
    out
}

/// Whether two articles may share an id: equal hashes of their ids. Hashing in parallel and
/// sorting is the fast path for the usual corpus, whose ids are all distinct; a hash collision
/// only sends it down the exact path in [`make_ids_unique`].
fn may_share_ids(articles: &[Article]) -> bool {
    let mut hashes: Vec<u64> = articles
        .par_iter()
        .map(|a| xxhash_rust::xxh3::xxh3_64(a.id.as_bytes()))
        .collect();
    hashes.par_sort_unstable();
    hashes.windows(2).any(|w| w[0] == w[1])
}

fn make_ids_unique(corpus: &mut Corpus) {
    if !may_share_ids(&corpus.articles) {
        return;
    }
    // A new name must not take an id that another article has as given, even a later one: in
    // `a, a, a#2`, the second `a` becomes `a#3`, so that `a#2` still names the record that says so.
    let given: HashSet<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    // The last suffix given to each id. Every suffix below it and above the count it started
    // from was taken, so the next search starts past it: a corpus that already holds `a#2` ..
    // `a#20001` and 20,000 more `a` costs linear time, not 20,000 searches through them.
    let mut last: HashMap<&str, usize> = HashMap::new();
    let mut assigned: HashSet<String> = HashSet::new();
    let mut renames: Vec<(usize, String)> = Vec::new();
    for (i, article) in corpus.articles.iter().enumerate() {
        let id = article.id.as_str();
        let seen = count.entry(id).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            continue;
        }
        let mut n = (*seen).max(last.get(id).map_or(0, |&l| l + 1));
        let mut candidate = format!("{id}#{n}");
        while given.contains(candidate.as_str()) || assigned.contains(&candidate) {
            n += 1;
            candidate = format!("{id}#{n}");
        }
        last.insert(id, n);
        assigned.insert(candidate.clone());
        renames.push((i, candidate));
    }
    for (i, new_id) in renames {
        let article = &mut corpus.articles[i];
        corpus.errors.push(InputError {
            source: article.source.clone(),
            line: None,
            message: format!(
                "duplicate article id {:?}; renamed to {:?}",
                article.id, new_id
            ),
            skipped: false,
        });
        article.id = new_id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        let (text, lossy) = decode(b"\xEF\xBB\xBFa\r\nb\rc");
        assert_eq!(text, "a\nb\nc");
        assert!(!lossy);
    }

    #[test]
    fn iso_dates_order_by_moment_or_by_day() {
        use std::cmp::Ordering::*;
        let d = |t: &str| IsoDate::parse(t).unwrap_or_else(|| panic!("{t}"));
        for (a, b, want) in [
            ("2024-05-01T08:00Z", "2024-05-01T08:00:30Z", Less),
            ("2024-05-01T08:00:00Z", "2024-05-01T08:00:00.500Z", Less),
            ("2024-05-01T10:00:00+02:00", "2024-05-01T09:00:00Z", Less),
            ("2024-05-01 08:00", "2024-05-01T07:00", Greater),
            ("2024-05-01T23:30-01:00", "2024-05-02T00:40Z", Less),
            ("2024-05-01T00:30+0100", "2024-04-30T23:30Z", Equal),
            ("2024-05-01", "2024-05-01T23:59Z", Equal),
            ("2024-04-30", "2024-05-01T00:00+05", Less),
            ("1999-12-31", "2000-01-01", Less),
            ("2024-02-29", "2024-03-01", Less),
            ("2023-12-31T23:59:59.999999999Z", "2024-01-01T00:00Z", Less),
        ] {
            assert_eq!(d(a).cmp_common(&d(b)), want, "{a} vs {b}");
            assert_eq!(d(b).cmp_common(&d(a)), want.reverse(), "{b} vs {a}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for bad in [
            "",
            "yesterday",
            "1709251200",
            "Tue, 1 Mar 2022 08:00:00 GMT",
            "2024-13-01",
            "2024-05-01x",
            "2024-05-01T8:00",
            "2024-05-01T08:00+1",
            "2024-05-01T08:00:00.Z",
            "2024-05-01 é",
            "2024/05/01",
        ] {
            assert_eq!(IsoDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn utf16_files_with_a_byte_order_mark_are_decoded() {
        let text = "Café, 東京.\r\nSecond line 😀.";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(utf16_to_utf8(&le), Some((text.as_bytes().to_vec(), false)));
        assert_eq!(utf16_to_utf8(&be), Some((text.as_bytes().to_vec(), false)));
        assert_eq!(utf16_to_utf8(b"plain"), None);
        // An unpaired surrogate, and an odd last byte.
        let broken = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0, b'c'];
        assert_eq!(
            utf16_to_utf8(&broken),
            Some(("a\u{FFFD}b".as_bytes().to_vec(), true))
        );
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("w.txt"), &le).expect("write");
        let corpus =
            read_inputs(&[dir.path().to_path_buf()], &FieldNames::default()).expect("read");
        assert_eq!(corpus.errors, []);
        assert_eq!(corpus.articles[0].text, "Café, 東京.\nSecond line 😀.");
    }

    #[test]
    fn decode_replaces_invalid_utf8() {
        let (text, lossy) = decode(b"caf\xE9 au lait");
        assert!(lossy);
        assert_eq!(text, "caf\u{FFFD} au lait");
    }

    #[test]
    fn line_ends_normalise_in_one_pass() {
        for (input, want) in [
            ("", ""),
            ("plain", "plain"),
            ("a\r\nb\rc\n", "a\nb\nc\n"),
            ("\r\r\n\n\r", "\n\n\n\n"),
            ("é\r\n€\r", "é\n€\n"),
        ] {
            assert_eq!(normalize_line_ends(input.to_string()), want, "{input:?}");
        }
    }

    #[test]
    fn directory_reads_in_sorted_order_whatever_the_thread_count() {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |rel: &str, bytes: &[u8]| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, bytes).expect("write");
        };
        for i in 0..40 {
            let outlet = ["ap", "bbc", "reuters"][i % 3];
            match i % 7 {
                0 => write(&format!("{outlet}/{i:02}.txt"), b"bin\0ary"),
                1 => write(&format!("{outlet}/{i:02}.txt"), b"title: T\n\n"),
                2 => write(
                    &format!("{outlet}/{i:02}.jsonl"),
                    b"{\"text\": \"J1\"}\n{\"text\": \n{\"text\": \"J3\"}\n",
                ),
                3 => write(
                    &format!("{outlet}/{i:02}.txt"),
                    b"\xEF\xBB\xBFtitle: T\r\n\r\nBody\r\n",
                ),
                _ => write(
                    &format!("{outlet}/{i:02}.txt"),
                    format!("Story {i}.").as_bytes(),
                ),
            }
        }
        let read_with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| read_inputs(&[dir.path().to_path_buf()], &FieldNames::default()))
                .expect("readable")
        };
        let single = read_with(1);
        let sources: Vec<&str> = single.articles.iter().map(|a| a.source.as_str()).collect();
        let mut sorted = sources.clone();
        sorted.sort_unstable();
        assert_eq!(sources, sorted);
        assert_eq!(single.errors.len(), 6 + 6 + 6);
        let header = single
            .articles
            .iter()
            .find(|a| a.title.is_some())
            .expect("a file with a header");
        assert_eq!(header.text, "Body\n");
        assert_eq!(header.outlet, "ap");
        for threads in [2, 4] {
            let many = read_with(threads);
            assert_eq!(many.articles, single.articles, "{threads} threads");
            assert_eq!(many.errors, single.errors, "{threads} threads");
        }
    }

    #[test]
    fn duplicate_ids_are_renamed_and_reported() {
        let article = |id: &str| Article {
            id: id.into(),
            outlet: "o".into(),
            date: None,
            title: None,
            url: None,
            lang: None,
            source: "s".into(),
            text: "t".into(),
        };
        let mut corpus = Corpus {
            articles: vec![article("a"), article("a"), article("a#2"), article("a")],
            ..Corpus::default()
        };
        make_ids_unique(&mut corpus);
        let ids: Vec<_> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
        // The given `a#2` keeps its id: renaming never takes an id an input record has.
        assert_eq!(ids, ["a", "a#3", "a#2", "a#4"]);
        assert_eq!(corpus.errors.len(), 2);
        assert!(corpus.errors.iter().all(|e| !e.skipped));
    }

    /// Renaming by its definition: the `k`-th `id` takes the first `id#n`, `n >= k`, that no
    /// record has as given and no earlier rename took.
    fn renamed_by_definition(ids: &[&str]) -> Vec<String> {
        let given: HashSet<&str> = ids.iter().copied().collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        let mut taken: HashSet<String> = HashSet::new();
        ids.iter()
            .map(|&id| {
                let seen = count.entry(id).or_insert(0);
                *seen += 1;
                if *seen == 1 {
                    return id.to_string();
                }
                let name = (*seen..)
                    .map(|n| format!("{id}#{n}"))
                    .find(|c| !given.contains(c.as_str()) && !taken.contains(c))
                    .unwrap_or_default();
                taken.insert(name.clone());
                name
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn renaming_follows_its_definition(
            picks in proptest::collection::vec(0usize..8, 0..60),
        ) {
            let pool = ["a", "a#2", "a#3", "a#5", "b", "a#2#2", "b#2", "a#4"];
            let ids: Vec<&str> = picks.iter().map(|&i| pool[i]).collect();
            let mut corpus = Corpus {
                articles: ids.iter().map(|&id| Article::from_text(id, "t")).collect(),
                ..Corpus::default()
            };
            make_ids_unique(&mut corpus);
            let got: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
            proptest::prop_assert_eq!(got, renamed_by_definition(&ids));
        }
    }
}

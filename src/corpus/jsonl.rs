//! JSON Lines records: a file, stdin or bytes in, one [`Article`] or one [`InputError`] per
//! non-blank line out, in line order. Fields are looked up by [`FieldNames`]; the first present
//! (non-null) name in each list wins, wherever it sits in the object.
//!
//! A `.json` file holding one array of records is read too (`line` is then the record's 1-based
//! position). Each bad line is one [`InputError`] with its line number; the lines around it are
//! still read.
//!
//! Files and stdin are read in chunks of complete lines. The lines of a chunk are parsed in
//! parallel (rayon) and collected in line order, so the output does not depend on the thread
//! count or the chunk size. A record is never built into a `serde_json::Value`: a visitor
//! keeps only the values of wanted fields and skips the rest without allocating.

use std::fmt;
use std::io::{self, Read};

use rayon::prelude::*;
use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{normalize_line_ends, Article, Corpus, FieldNames, InputError};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How much input is read at a time. Reading a file whole would fault in a fresh page for every
/// 4 KB of it (slow in VMs) and hold it all in memory at once; a reused buffer does neither.
const CHUNK: u64 = 8 << 20;

/// Appends the records in `bytes` (a whole file or stdin), `source` naming it in errors and
/// article sources.
pub(super) fn read_records(bytes: &[u8], source: &str, fields: &FieldNames, corpus: &mut Corpus) {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let plan = Plan::new(fields);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        let parsed = parse_lossy(bytes, |bytes| {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            de.deserialize_seq(ArrayVisitor(&plan))
                .and_then(|records| de.end().map(|()| records))
        });
        match parsed {
            Ok((records, replaced)) => {
                let warning = replaced.map(|what| replaced_warning(source, None, what));
                corpus.errors.extend(warning);
                for (i, record) in records.into_iter().enumerate() {
                    let article = to_article(record, &plan, source, Place::InArray(i + 1));
                    push(corpus, article.map(|a| (a, None)));
                }
                return;
            }
            Err(e) if !lines_after_all(bytes, source) => {
                corpus.errors.push(malformed_array(source, &e));
                return;
            }
            Err(_) => {}
        }
    }
    if one_pretty_object(bytes, source) {
        let parsed = parse_lossy(bytes, |bytes| {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            RecordSeed(&plan)
                .deserialize(&mut de)
                .and_then(|record| de.end().map(|()| record))
        });
        if let Ok((record, replaced)) = parsed {
            let warning = replaced.map(|what| replaced_warning(source, Some(1), what));
            push(
                corpus,
                to_article(record, &plan, source, Place::Line(1)).map(|a| (a, warning)),
            );
            return;
        }
    }
    corpus
        .line_files
        .insert(source.to_string(), Some(source.into()));
    read_lines(bytes, 1, source, &plan, corpus);
}

/// Where a record is in its input, which its errors and default id name.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// Line `n` of a JSON Lines file (or of the file, for one pretty-printed object).
    Line(usize),
    /// Record `n` of a JSON array, which may be on one line or spread over many.
    InArray(usize),
}

impl Place {
    fn number(self) -> usize {
        match self {
            Place::Line(n) | Place::InArray(n) => n,
        }
    }

    /// The error for a record skipped because of `why`.
    fn skipped(self, source: &str, why: &str) -> InputError {
        match self {
            Place::Line(n) => skipped(source, n, format!("{why}; line skipped")),
            Place::InArray(n) => InputError {
                source: source.to_string(),
                line: None,
                message: format!("record {n}: {why}; record skipped"),
                skipped: true,
            },
        }
    }
}

/// Whether `bytes` may be one pretty-printed JSON object (a `.json` file holding a single
/// article) rather than JSON Lines: it opens with `{`, the file is not named as JSON Lines, and
/// its first line is not a complete JSON value. The caller still parses it whole and reads it
/// as lines if that fails, so a JSON Lines file with a broken first line loses only that line.
fn one_pretty_object(bytes: &[u8], source: &str) -> bool {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes).trim_ascii_start();
    if body.first() != Some(&b'{') || lines_by_name(source) {
        return false;
    }
    memchr::memchr(b'\n', body).is_some_and(|end| !first_line_is_a_value(body, end))
}

/// Reads the records from `input` a chunk at a time; same result as [`read_records`] on the
/// whole input. A JSON array is one document, so it is still read whole. On an I/O error the
/// records read so far are dropped with the rest, as if the input could not be read at all.
pub(super) fn read_stream(
    input: impl Fill,
    source: &str,
    fields: &FieldNames,
) -> io::Result<Corpus> {
    read_chunked(input, CHUNK, source, fields)
}

/// Input that a chunk can be read from: any reader, in order, or a file ([`FileAt`]), whose
/// chunks are read in two halves at once.
pub(super) trait Fill {
    /// Reads into `dst` until it is full or the input ends; returns the number of bytes read.
    fn fill(&mut self, dst: &mut [u8]) -> io::Result<usize>;
    /// Appends all the rest of the input to `out`.
    fn read_rest(&mut self, out: &mut Vec<u8>) -> io::Result<()>;
}

/// Fills `dst` with `read(rest of dst, bytes read so far)` calls until it is full or a read
/// returns nothing (the end); an interrupted read is retried. Returns the bytes read.
fn read_full(
    dst: &mut [u8],
    mut read: impl FnMut(&mut [u8], usize) -> io::Result<usize>,
) -> io::Result<usize> {
    let mut n = 0;
    while n < dst.len() {
        match read(&mut dst[n..], n) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

impl<R: Read> Fill for R {
    fn fill(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        read_full(dst, |rest, _| self.read(rest))
    }

    fn read_rest(&mut self, out: &mut Vec<u8>) -> io::Result<()> {
        self.read_to_end(out).map(drop)
    }
}

/// Reads a JSON Lines file: a regular file as [`FileAt`], anything else (a pipe, a device)
/// in order.
pub(super) fn read_file(
    file: std::fs::File,
    source: &str,
    fields: &FieldNames,
) -> io::Result<Corpus> {
    #[cfg(unix)]
    if file.metadata()?.is_file() {
        return read_stream(FileAt::new(file), source, fields);
    }
    read_stream(file, source, fields)
}

/// A regular file read at offsets. Copying a chunk out of the page cache is the one part of
/// reading that runs on one thread while the others wait (62 ms of 300 for 100,000 articles,
/// 338 MB); two threads copying one half each halve it.
#[cfg(unix)]
pub(super) struct FileAt {
    file: std::fs::File,
    offset: u64,
}

#[cfg(unix)]
impl FileAt {
    pub(super) fn new(file: std::fs::File) -> FileAt {
        FileAt { file, offset: 0 }
    }

    fn fill_from(file: &std::fs::File, offset: u64, dst: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::fs::FileExt;
        read_full(dst, |rest, done| file.read_at(rest, offset + done as u64))
    }
}

#[cfg(unix)]
impl Fill for FileAt {
    fn fill(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        let half = dst.len() / 2;
        let (first, second) = dst.split_at_mut(half);
        let (file, at) = (&self.file, self.offset);
        let (a, b) = rayon::join(
            || Self::fill_from(file, at, first),
            || Self::fill_from(file, at + half as u64, second),
        );
        let (a, b) = (a?, b?);
        // A short first half is the end of the file; anything read past it (the file grew
        // meanwhile) is not contiguous with it and waits for the next chunk.
        let n = if a < half { a } else { a + b };
        self.offset += n as u64;
        Ok(n)
    }

    fn read_rest(&mut self, out: &mut Vec<u8>) -> io::Result<()> {
        use std::io::{Seek, SeekFrom};
        self.file.seek(SeekFrom::Start(self.offset))?;
        self.file.read_to_end(out).map(drop)
    }
}

/// The bytes read but not parsed yet: `bytes[..valid]`. The buffer is reused, chunk after
/// chunk, without being cleared: a fresh or zeroed buffer per chunk would cost a page fault
/// or a write for every 4 KB of input.
struct Window {
    bytes: Vec<u8>,
    valid: usize,
    /// How much the next fill asks for: [`FIRST_REQUEST`] at first, doubled after each fill
    /// that got all it asked for, up to the chunk. A small file (a directory of one-article
    /// `.json` files) then costs a small buffer, not a chunk's worth of zeros.
    request: usize,
}

/// The first fill's size (see [`Window::request`]).
const FIRST_REQUEST: usize = 64 << 10;

impl Window {
    fn new(chunk: usize) -> Window {
        Window {
            bytes: Vec::new(),
            valid: 0,
            request: chunk.min(FIRST_REQUEST),
        }
    }

    fn data(&self) -> &[u8] {
        &self.bytes[..self.valid]
    }

    /// Appends up to a chunk of `input`; returns whether the input is at its end.
    fn fill(&mut self, input: &mut impl Fill, chunk: usize) -> io::Result<bool> {
        let want = self.request;
        let end = self.valid.saturating_add(want);
        if self.bytes.len() < end {
            self.bytes.resize(end, 0);
        }
        let n = input.fill(&mut self.bytes[self.valid..end])?;
        self.valid += n;
        if n == want {
            self.request = want.saturating_mul(2).min(chunk);
        }
        Ok(n < want)
    }

    /// Drops the first `end` bytes, keeping the rest at the front.
    fn consume(&mut self, end: usize) {
        self.bytes.copy_within(end..self.valid, 0);
        self.valid -= end;
    }
}

fn read_chunked(
    mut input: impl Fill,
    chunk: u64,
    source: &str,
    fields: &FieldNames,
) -> io::Result<Corpus> {
    let chunk = usize::try_from(chunk).unwrap_or(usize::MAX).max(1);
    let mut corpus = Corpus::default();
    let mut buf = Window::new(chunk);
    // The first non-blank byte tells a JSON array from JSON Lines (with a BOM fully in view,
    // should the chunk be tiny).
    let mut eof = buf.fill(&mut input, chunk)?;
    let first = loop {
        let data = buf.data();
        let body = data.strip_prefix(BOM).unwrap_or(data);
        let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
        if (first.is_some() && data.len() >= BOM.len()) || eof {
            break first;
        }
        eof = buf.fill(&mut input, chunk)?;
    };
    // Whether a `{` opens one pretty-printed object depends on its first line: have all of it.
    if first == Some(b'{') && !lines_by_name(source) {
        while !eof && memchr::memchr(b'\n', buf.data()).is_none() {
            eof = buf.fill(&mut input, chunk)?;
        }
    }
    if first == Some(b'[') || one_pretty_object(buf.data(), source) {
        // Whole, to tell one array from JSON Lines that start with one (`lines_after_all`), or
        // one pretty-printed object from JSON Lines.
        let mut whole = buf.bytes;
        whole.truncate(buf.valid);
        input.read_rest(&mut whole)?;
        read_records(&whole, source, fields, &mut corpus);
        return Ok(corpus);
    }
    corpus
        .line_files
        .insert(source.to_string(), Some(source.into()));
    let plan = Plan::new(fields);
    let mut start = if buf.data().starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let mut line = 1;
    loop {
        let data = buf.data();
        // Complete lines only: the partial last one waits for the rest of it in the next chunk.
        let end = if eof {
            data.len()
        } else {
            memchr::memrchr(b'\n', data).map_or(start, |i| i + 1)
        };
        line = read_lines(&data[start..end], line, source, &plan, &mut corpus);
        if eof {
            return Ok(corpus);
        }
        buf.consume(end);
        start = 0;
        eof = buf.fill(&mut input, chunk)?;
    }
}

/// Whether input that starts with `[` but is not one JSON array is JSON Lines whose first
/// line happens to be an array, so that only that line is skipped and not the whole file: when
/// the file is named so, or when its first line is a complete JSON value and more lines follow.
/// Otherwise it is reported as a broken array (a `.json` export cut short, say).
fn lines_after_all(bytes: &[u8], source: &str) -> bool {
    if lines_by_name(source) {
        return true;
    }
    let Some(end) = memchr::memchr(b'\n', bytes) else {
        return false;
    };
    !bytes[end..].iter().all(u8::is_ascii_whitespace) && first_line_is_a_value(bytes, end)
}

/// Whether the line ending at `end` (the first `\n`) is a complete JSON value on its own:
/// what tells JSON Lines from one document spread over lines.
fn first_line_is_a_value(bytes: &[u8], end: usize) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(&bytes[..end]).is_ok()
}

pub(super) fn malformed_array(source: &str, e: &serde_json::Error) -> InputError {
    InputError {
        source: source.to_string(),
        line: Some(e.line()),
        message: format!("malformed JSON array: {e}; file skipped"),
        skipped: true,
    }
}

/// Whether the input's name says JSON Lines (`.jsonl`, `.ndjson`): never read as one array.
fn lines_by_name(source: &str) -> bool {
    let ext = source.rsplit_once('.').map_or("", |(_, ext)| ext);
    ext.eq_ignore_ascii_case("jsonl") || ext.eq_ignore_ascii_case("ndjson")
}

/// Parses the lines of `bytes` (numbered from `first_line`) in parallel and appends the results
/// in line order. Returns the number the line after `bytes` would have.
fn read_lines(
    bytes: &[u8],
    first_line: usize,
    source: &str,
    plan: &Plan,
    corpus: &mut Corpus,
) -> usize {
    let (lines, next_line) = lines_in_halves(bytes, first_line);
    let results: Vec<Result<LineRead, InputError>> = lines
        .par_iter()
        .map(|&(line, raw)| read_line(raw, source, line, plan))
        .collect();
    corpus.articles.reserve(results.len());
    for result in results {
        push(corpus, result);
    }
    next_line
}

/// An article read from a line, and the warning it comes with, if any.
type LineRead = (Article, Option<InputError>);

fn push(corpus: &mut Corpus, result: Result<LineRead, InputError>) {
    match result {
        Ok((article, warning)) => {
            corpus.articles.push(article);
            corpus.errors.extend(warning);
        }
        Err(error) => corpus.errors.push(error),
    }
}

/// Input from which [`lines_in_halves`] splits on two threads (less is not worth a join).
const SPLIT_IN_HALVES: usize = 64 << 10;

/// [`lines`] of the two halves of `bytes` (split after a `\n`) at once: splitting a chunk into
/// lines is a part of reading that ran on one thread while the others waited (16 ms of 240
/// for 100,000 articles; read 0.240 -> 0.231 s, mean of 15 alternating runs).
fn lines_in_halves(bytes: &[u8], first_line: usize) -> (Vec<(usize, &[u8])>, usize) {
    let split = memchr::memchr(b'\n', &bytes[bytes.len() / 2..]).map(|i| bytes.len() / 2 + i + 1);
    let Some(split) = split.filter(|_| bytes.len() >= SPLIT_IN_HALVES) else {
        return lines(bytes, first_line);
    };
    let ((mut first, middle), (second, last)) = rayon::join(
        || lines(&bytes[..split], first_line),
        || lines(&bytes[split..], 0),
    );
    // The second half's lines were numbered from 0; `middle`, the number of the line after
    // the first half, is the number of its first.
    first.extend(second.into_iter().map(|(n, raw)| (n + middle, raw)));
    (first, last + middle)
}

/// The non-blank lines with their numbers (counted from `first_line`), a trailing `\r` dropped,
/// and the number of the line after the last `\n`. Splitting first is cheap (memchr) and gives
/// every line its number before the parallel part starts.
fn lines(bytes: &[u8], first_line: usize) -> (Vec<(usize, &[u8])>, usize) {
    let mut out = Vec::new();
    let mut start = 0;
    let mut line = first_line;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let raw = &bytes[start..end];
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if !raw.iter().all(u8::is_ascii_whitespace) {
            out.push((line, raw));
        }
        start = end + 1;
        line += 1;
    }
    // The last segment (after the last `\n`, or all of `bytes`) was counted as a line too.
    (out, line - 1)
}

// Out of line so that profiles show the per-line cost under this name rather than inside a
// rayon closure; one call per line costs nothing next to parsing it.
#[inline(never)]
fn read_line(raw: &[u8], source: &str, line: usize, plan: &Plan) -> Result<LineRead, InputError> {
    let parse = |raw: &[u8]| {
        let mut de = serde_json::Deserializer::from_slice(raw);
        RecordSeed(plan)
            .deserialize(&mut de)
            .and_then(|record| de.end().map(|()| record))
    };
    match parse_lossy(raw, parse) {
        Ok((record, replaced)) => {
            let article = to_article(record, plan, source, Place::Line(line))?;
            let warning = replaced.map(|what| replaced_warning(source, Some(line), what));
            Ok((article, warning))
        }
        Err(e) => Err(skipped(source, line, malformed_line(&e))),
    }
}

/// The warning for a record read with something replaced by U+FFFD (see [`parse_lossy`]).
pub(super) fn replaced_warning(source: &str, line: Option<usize>, what: &str) -> InputError {
    InputError {
        source: source.to_string(),
        line,
        message: format!("{what} replaced with U+FFFD"),
        skipped: false,
    }
}

/// Parses JSON; when that fails on invalid UTF-8 or on escapes of unpaired UTF-16 surrogates
/// (`"\ud800"`, which Python's `json.dumps` writes for undecodable input), parses it again
/// with those replaced by U+FFFD (as text files are read) rather than losing the record.
/// Returns what was replaced, if anything. Valid input is parsed once: the checks run only on
/// failure.
pub(super) fn parse_lossy<T>(
    raw: &[u8],
    parse: impl Fn(&[u8]) -> serde_json::Result<T>,
) -> serde_json::Result<(T, Option<&'static str>)> {
    let e = match parse(raw) {
        Ok(value) => return Ok((value, None)),
        Err(e) => e,
    };
    let decoded = std::str::from_utf8(raw)
        .is_err()
        .then(|| String::from_utf8_lossy(raw).into_owned().into_bytes());
    let valid = decoded.as_deref().unwrap_or(raw);
    let paired = replace_unpaired_surrogates(valid);
    let what = match (&decoded, &paired) {
        (None, None) => return Err(e),
        (Some(_), None) => "invalid UTF-8; undecodable bytes",
        (None, Some(_)) => "escapes of unpaired UTF-16 surrogates",
        (Some(_), Some(_)) => "invalid UTF-8 and escapes of unpaired UTF-16 surrogates",
    };
    let fixed = paired.as_deref().unwrap_or(valid);
    parse(fixed).map(|v| (v, Some(what))).map_err(|_| e)
}

/// `raw` with every `\u` escape of an unpaired UTF-16 surrogate replaced by `\ufffd`, or
/// `None` when it has none. Escaped backslashes (`\\u`) are not escapes.
fn replace_unpaired_surrogates(raw: &[u8]) -> Option<Vec<u8>> {
    let code = |at: usize| -> Option<u32> {
        let hex = raw
            .get(at..at + 4)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
        u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let escape_at = |at: usize| raw.get(at) == Some(&b'\\') && raw.get(at + 1) == Some(&b'u');
    let (high, low) = (0xD800..0xDC00, 0xDC00..0xE000);
    let mut out: Option<Vec<u8>> = None;
    let (mut at, mut copied) = (0, 0);
    while let Some(found) = raw.get(at..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        at += found;
        let Some(c) = code(at + 2).filter(|_| escape_at(at)) else {
            // Any other escape, `\\` included: skip the escaped character too.
            at += 2;
            continue;
        };
        if high.contains(&c) && escape_at(at + 6) && code(at + 8).is_some_and(|d| low.contains(&d))
        {
            at += 12;
            continue;
        }
        if high.contains(&c) || low.contains(&c) {
            let out = out.get_or_insert_with(|| Vec::with_capacity(raw.len()));
            out.extend_from_slice(&raw[copied..at]);
            out.extend_from_slice(b"\\ufffd");
            copied = at + 6;
        }
        at += 6;
    }
    out.map(|mut out| {
        out.extend_from_slice(&raw[copied..]);
        out
    })
}

/// The message for a line that is not JSON. serde_json's own position says "line 1" (of the
/// line); the column within the line is what helps.
pub(super) fn malformed_line(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let what = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(w, _)| w);
    format!(
        "malformed JSON at column {}: {what}; line skipped",
        e.column()
    )
}

fn skipped(source: &str, line: usize, message: String) -> InputError {
    InputError {
        source: source.to_string(),
        line: Some(line),
        message,
        skipped: true,
    }
}

/// The field names searched for, resolved once per file. Each distinct name gets one slot (a
/// name may sit in two lists, e.g. `--id-field url`); the lists hold slot numbers in priority
/// order.
struct Plan<'f> {
    fields: &'f FieldNames,
    names: Vec<&'f str>,
    text: Vec<usize>,
    id: Vec<usize>,
    outlet: Vec<usize>,
    date: Vec<usize>,
    title: Vec<usize>,
    url: Vec<usize>,
    lang: Vec<usize>,
}

impl<'f> Plan<'f> {
    fn new(fields: &'f FieldNames) -> Plan<'f> {
        let mut names: Vec<&'f str> = Vec::new();
        let mut slots = |list: &[&'f str]| -> Vec<usize> {
            list.iter()
                .map(|&name| {
                    names.iter().position(|n| *n == name).unwrap_or_else(|| {
                        names.push(name);
                        names.len() - 1
                    })
                })
                .collect()
        };
        let strs = |list: &'f [String]| list.iter().map(String::as_str).collect::<Vec<_>>();
        let text = slots(&strs(&fields.text));
        let id = slots(&strs(&fields.id));
        let outlet = slots(&strs(&fields.outlet));
        let date = slots(&strs(&fields.date));
        let title = slots(&strs(&fields.title));
        let url = slots(&["url", "link"]);
        let lang = slots(&["lang", "language"]);
        Plan {
            fields,
            names,
            text,
            id,
            outlet,
            date,
            title,
            url,
            lang,
        }
    }

    fn slot(&self, key: &str) -> Option<usize> {
        self.names.iter().position(|n| *n == key)
    }
}

/// A wanted field's value as the record gave it.
#[derive(Debug, Clone, Default, PartialEq)]
enum Slot {
    /// Missing, or `null`: the next name in the list is tried.
    #[default]
    Absent,
    /// A string, or a number or bool written as JSON writes it.
    Text(String),
    /// An array or object: the field is present but holds no text.
    Other,
}

/// One parsed record: the wanted fields' values by slot, or `None` when it is not an object.
type Record = Option<Vec<Slot>>;

fn to_article(record: Record, plan: &Plan, source: &str, at: Place) -> Result<Article, InputError> {
    let Some(slots) = record else {
        return Err(at.skipped(source, "record is not a JSON object"));
    };
    // For the FieldNames lists the first present field decides, even if it holds no text (as
    // before); for url/lang the first field with text wins.
    let first_present = |list: &[usize]| {
        list.iter()
            .copied()
            .find(|&i| slots[i] != Slot::Absent)
            .filter(|&i| matches!(slots[i], Slot::Text(_)))
    };
    let first_text = |list: &[usize]| {
        list.iter()
            .copied()
            .find(|&i| matches!(slots[i], Slot::Text(_)))
    };
    // In `Field` order.
    let picks = [
        first_present(&plan.text),
        first_present(&plan.id),
        first_present(&plan.outlet),
        first_present(&plan.date),
        first_present(&plan.title),
        first_text(&plan.url),
        first_text(&plan.lang),
    ];
    let mut winners = Winners { slots, picks };
    let Some(text) = winners.take(Field::Text) else {
        let why = format!(
            "record has no text field (looked for {})",
            plan.fields.text.join(", ")
        );
        return Err(at.skipped(source, &why));
    };
    let text = normalize_line_ends(text);
    if text.trim().is_empty() {
        return Err(at.skipped(source, "empty article text"));
    }
    let line = at.number();
    // A blank id names nothing: the record is named by its place, as without one.
    let id = winners
        .take(Field::Id)
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| at_line(file_name(source), line));
    let outlet = winners.take(Field::Outlet).unwrap_or_else(|| id.clone());
    Ok(Article {
        outlet,
        date: winners.take(Field::Date),
        title: winners.take(Field::Title),
        url: winners.take(Field::Url),
        lang: winners.take(Field::Lang),
        source: at_line(source, line),
        text,
        id,
    })
}

/// `name:line`. Cheaper than `format!`, which grows its string piece by piece; this runs once
/// per article.
fn at_line(name: &str, line: usize) -> String {
    use std::fmt::Write;
    // 20: the most digits a usize can have.
    let mut out = String::with_capacity(name.len() + 1 + 20);
    out.push_str(name);
    // Writing to a String cannot fail.
    let _ = write!(out, ":{line}");
    out
}

/// Hands out each article field's winning string: moved out of its slot, or cloned when a later
/// field won the same slot too. Fields must therefore be taken in [`Field`] order.
struct Winners {
    slots: Vec<Slot>,
    /// The winning slot of each [`Field`], if any.
    picks: [Option<usize>; 7],
}

#[derive(Clone, Copy)]
enum Field {
    Text,
    Id,
    Outlet,
    Date,
    Title,
    Url,
    Lang,
}

impl Winners {
    fn take(&mut self, field: Field) -> Option<String> {
        let field = field as usize;
        let slot = self.picks[field]?;
        let shared = self.picks[field + 1..].contains(&Some(slot));
        let value = if shared {
            self.slots[slot].clone()
        } else {
            std::mem::take(&mut self.slots[slot])
        };
        match value {
            Slot::Text(s) => Some(s),
            Slot::Absent | Slot::Other => None,
        }
    }
}

fn file_name(source: &str) -> &str {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    name.split('.').next().unwrap_or(name)
}

// --- serde visitors -------------------------------------------------------------------------
//
// Every value goes through `deserialize_any`, as it did when lines were parsed into `Value`, so
// serde_json checks exactly what it checked then (UTF-8 and surrogates in every string, number
// range, nesting depth) and reports the same error at the same column.

struct ArrayVisitor<'p, 'f>(&'p Plan<'f>);

impl<'de> Visitor<'de> for ArrayVisitor<'_, '_> {
    type Value = Vec<Record>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Record>, A::Error> {
        let mut records = Vec::new();
        while let Some(record) = seq.next_element_seed(RecordSeed(self.0))? {
            records.push(record);
        }
        Ok(records)
    }
}

#[derive(Clone, Copy)]
struct RecordSeed<'p, 'f>(&'p Plan<'f>);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = Record;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let mut slots = vec![Slot::Absent; self.0.names.len()];
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            // A repeated key overwrites the earlier value, as `serde_json::Map::insert` did.
            match key {
                Some(slot) => slots[slot] = map.next_value()?,
                None => map.next_value::<Skip>().map(drop)?,
            }
        }
        Ok(Some(slots))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Record, A::Error> {
        Skip.visit_seq(seq).map(|_| None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Record, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Record, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Record, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Record, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Record, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Record, E> {
        Ok(None)
    }
}

/// A map key: the slot of a wanted name, `None` for any other key.
struct KeySeed<'p, 'f>(&'p Plan<'f>);

impl<'de> DeserializeSeed<'de> for KeySeed<'_, '_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_, '_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.slot(key))
    }
}

impl<'de> Deserialize<'de> for Slot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Slot, D::Error> {
        d.deserialize_any(SlotVisitor)
    }
}

/// Turns a value into text as `Value`'s `Display`-based conversion did: strings as they are,
/// numbers via `serde_json::Number`, bools as `true`/`false`.
struct SlotVisitor;

impl<'de> Visitor<'de> for SlotVisitor {
    type Value = Slot;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_str<E>(self, s: &str) -> Result<Slot, E> {
        Ok(Slot::Text(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Slot, E> {
        Ok(Slot::Text(s))
    }

    fn visit_bool<E>(self, b: bool) -> Result<Slot, E> {
        Ok(Slot::Text(b.to_string()))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Slot, E> {
        Ok(Slot::Text(serde_json::Number::from(n).to_string()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Slot, E> {
        Ok(Slot::Text(serde_json::Number::from(n).to_string()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Slot, E> {
        // `Value` turned a non-finite float into null.
        Ok(serde_json::Number::from_f64(n).map_or(Slot::Absent, |n| Slot::Text(n.to_string())))
    }

    fn visit_unit<E>(self) -> Result<Slot, E> {
        Ok(Slot::Absent)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Slot, A::Error> {
        Skip.visit_seq(seq).map(|_| Slot::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot, A::Error> {
        Skip.visit_map(map).map(|_| Slot::Other)
    }
}

/// Skips any value, allocating nothing, with the same checks as parsing it into a `Value`.
/// `serde::de::IgnoredAny` is not used: serde_json skips it by a faster path that accepts what
/// `Value` rejected (invalid UTF-8 or lone surrogates in strings, numbers out of range, nesting
/// past the depth limit), which would turn lines that were errors into articles.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Corpus {
        let mut corpus = Corpus::default();
        read_records(
            input.as_bytes(),
            "in.jsonl",
            &FieldNames::default(),
            &mut corpus,
        );
        corpus
    }

    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let corpus = read(concat!(
            "{\"id\": \"a\", \"text\": \"First.\", \"source\": \"AP\", \"published\": \"2024-01-01\"}\n",
            "{\"id\": \"b\", \"text\": \n",
            "\n",
            "{\"id\": \"c\"}\n",
            "[1, 2]\n",
            "{\"id\": 7, \"body\": \"Third.\"}\n",
        ));
        let ids: Vec<_> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert_eq!(corpus.articles[0].outlet, "AP");
        assert_eq!(corpus.articles[0].date.as_deref(), Some("2024-01-01"));
        assert_eq!(corpus.articles[1].source, "in.jsonl:6");
        let lines: Vec<_> = corpus.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(2), Some(4), Some(5)]);
    }

    #[test]
    fn json_array_is_read() {
        let corpus = read("[{\"text\": \"x\"}, {\"text\": \"y\"}]");
        assert_eq!(corpus.articles.len(), 2);
        assert_eq!(corpus.articles[1].id, "in:2");
    }

    fn read_named(input: &[u8], source: &str) -> Corpus {
        let mut corpus = Corpus::default();
        read_records(input, source, &FieldNames::default(), &mut corpus);
        assert_same_as_oracle_named(input, source);
        corpus
    }

    #[test]
    fn a_first_line_that_is_an_array_loses_only_that_line() {
        let input =
            b"[1, 2, 3]\n{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\", \"text\": \"y\"}\n";
        for source in ["in.json", "in.jsonl", "<stdin>"] {
            let corpus = read_named(input, source);
            let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
            assert_eq!(ids, ["a", "b"], "{source}");
            assert_eq!(corpus.errors.len(), 1, "{source}");
            assert_eq!(corpus.errors[0].line, Some(1), "{source}");
        }
        // A line that only opens an array: in a file named JSON Lines, still only that line.
        let corpus = read_named(b"[\n{\"text\": \"x\"}\n", "in.jsonl");
        assert_eq!((corpus.articles.len(), corpus.errors.len()), (1, 1));
        // A pretty-printed array cut short is one broken array, not a line-by-line mess.
        let corpus = read_named(b"[\n  {\"text\": \"x\"},\n  {\"text\": \"y\"\n", "in.json");
        assert!(corpus.articles.is_empty());
        assert_eq!(corpus.errors.len(), 1);
        assert!(corpus.errors[0].message.contains("array"));
    }

    #[test]
    fn one_pretty_printed_object_is_one_article() {
        let pretty = b"{\n  \"id\": \"a\",\n  \"text\": \"One article.\"\n}\n";
        let corpus = read_named(pretty, "in.json");
        assert_eq!(corpus.articles.len(), 1);
        assert_eq!(corpus.articles[0].id, "a");
        assert!(corpus.errors.is_empty(), "{:?}", corpus.errors);
        // Named JSON Lines, it is what it says: lines, each one broken.
        let corpus = read_named(pretty, "in.jsonl");
        assert!(corpus.articles.is_empty());
        // A broken first line of JSON Lines costs that line only.
        let corpus = read_named(b"{\"text\": \"cut\n{\"text\": \"fine\"}\n", "in.json");
        assert_eq!((corpus.articles.len(), corpus.errors.len()), (1, 1));
        // Read a chunk at a time, whether its first line fits in the first chunk or not.
        assert_same_as_oracle_named(
            b"\xEF\xBB\xBF{\n\"id\": \"p\", \"text\": \"x\"\n}",
            "in.json",
        );
        assert_same_as_oracle_named(
            b"{\"text\": \"a first line longer than the smaller chunks\",\n\"id\": \"p\"\n}\n",
            "in.json",
        );
    }

    #[test]
    fn invalid_utf8_in_a_line_is_replaced_with_a_warning() {
        let corpus = read_named(
            b"{\"id\": \"a\", \"text\": \"caf\xE9 au lait\"}\n",
            "in.jsonl",
        );
        assert_eq!(corpus.articles.len(), 1);
        assert_eq!(corpus.articles[0].text, "caf\u{FFFD} au lait");
        assert_eq!(corpus.errors.len(), 1);
        assert!(!corpus.errors[0].skipped);
        assert_eq!(corpus.errors[0].line, Some(1));
    }

    #[test]
    fn malformed_lines_are_located_by_column() {
        let corpus = read("{\"text\": \"x\"}\n{\"text\": oops}\n");
        assert_eq!(corpus.errors.len(), 1);
        let message = &corpus.errors[0].message;
        assert_eq!(corpus.errors[0].line, Some(2));
        assert!(
            message.starts_with("malformed JSON at column 10: "),
            "{message}"
        );
        assert!(!message.contains("line 1"), "{message}");
    }

    /// The reader this module replaced (every line parsed into a `serde_json::Value`), kept as
    /// the oracle: the new reader must give the same articles and errors on any input.
    mod oracle {
        use serde_json::{Map, Value};

        use super::super::file_name;
        use crate::corpus::{Article, Corpus, FieldNames, InputError};

        pub fn read_records(bytes: &[u8], source: &str, fields: &FieldNames) -> Corpus {
            let mut corpus = Corpus::default();
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if first == Some(&b'[') {
                match super::super::parse_lossy(bytes, |b: &[u8]| {
                    serde_json::from_slice::<Vec<Value>>(b)
                }) {
                    Ok((values, replaced)) => {
                        corpus.errors.extend(
                            replaced.map(|w| super::super::replaced_warning(source, None, w)),
                        );
                        for (i, value) in values.into_iter().enumerate() {
                            let before = corpus.errors.len();
                            push_record(value, source, i + 1, fields, &mut corpus);
                            for e in &mut corpus.errors[before..] {
                                e.line = None;
                                let message =
                                    e.message.replace("; line skipped", "; record skipped");
                                e.message = format!("record {}: {message}", i + 1);
                            }
                        }
                        return corpus;
                    }
                    Err(e) if !super::super::lines_after_all(bytes, source) => {
                        corpus
                            .errors
                            .push(super::super::malformed_array(source, &e));
                        return corpus;
                    }
                    Err(_) => {}
                }
            }
            if super::super::one_pretty_object(bytes, source) {
                let parsed =
                    super::super::parse_lossy(bytes, |b: &[u8]| serde_json::from_slice::<Value>(b));
                if let Ok((value @ Value::Object(_), replaced)) = parsed {
                    let before = corpus.articles.len();
                    push_record(value, source, 1, fields, &mut corpus);
                    if let Some(what) = replaced.filter(|_| corpus.articles.len() > before) {
                        corpus
                            .errors
                            .push(super::super::replaced_warning(source, Some(1), what));
                    }
                    return corpus;
                }
            }
            for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
                let line_no = i + 1;
                let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                if raw.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                match super::super::parse_lossy(raw, |b: &[u8]| serde_json::from_slice::<Value>(b))
                {
                    Ok((value, replaced)) => {
                        let before = corpus.articles.len();
                        push_record(value, source, line_no, fields, &mut corpus);
                        if let Some(what) = replaced.filter(|_| corpus.articles.len() > before) {
                            corpus.errors.push(super::super::replaced_warning(
                                source,
                                Some(line_no),
                                what,
                            ));
                        }
                    }
                    Err(e) => corpus.errors.push(InputError {
                        source: source.to_string(),
                        line: Some(line_no),
                        message: super::super::malformed_line(&e),
                        skipped: true,
                    }),
                }
            }
            corpus
        }

        fn field<'a>(obj: &'a Map<String, Value>, names: &[String]) -> Option<&'a Value> {
            names
                .iter()
                .find_map(|n| obj.get(n).filter(|v| !v.is_null()))
        }

        fn as_text(value: &Value) -> Option<String> {
            match value {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        }

        fn push_record(
            value: Value,
            source: &str,
            line: usize,
            fields: &FieldNames,
            corpus: &mut Corpus,
        ) {
            let error = |message: String| InputError {
                source: source.to_string(),
                line: Some(line),
                message,
                skipped: true,
            };
            let Value::Object(obj) = value else {
                corpus
                    .errors
                    .push(error("record is not a JSON object; line skipped".into()));
                return;
            };
            let Some(text) = field(&obj, &fields.text).and_then(as_text) else {
                corpus.errors.push(error(format!(
                    "record has no text field (looked for {}); line skipped",
                    fields.text.join(", ")
                )));
                return;
            };
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            if text.trim().is_empty() {
                corpus
                    .errors
                    .push(error("empty article text; line skipped".into()));
                return;
            }
            let id = field(&obj, &fields.id)
                .and_then(as_text)
                .filter(|id| !id.trim().is_empty())
                .unwrap_or_else(|| format!("{}:{}", file_name(source), line));
            let outlet = field(&obj, &fields.outlet)
                .and_then(as_text)
                .unwrap_or_else(|| id.clone());
            let get = |names: &[&str]| names.iter().find_map(|n| obj.get(*n).and_then(as_text));
            corpus.articles.push(Article {
                outlet,
                date: field(&obj, &fields.date).and_then(as_text),
                title: field(&obj, &fields.title).and_then(as_text),
                url: get(&["url", "link"]),
                lang: get(&["lang", "language"]),
                source: format!("{source}:{line}"),
                text,
                id,
            });
        }
    }

    /// The in-memory reader and the chunked one (with chunks of every size up to 15 bytes and a
    /// few larger, so that chunks end inside lines, inside `\r\n` and inside the BOM) agree with
    /// the oracle.
    fn assert_same_as_oracle(input: &[u8], fields: &FieldNames) {
        // Named JSON Lines and named plain JSON take different paths for input opening with `[`.
        for source in ["dir/in.jsonl", "dir/in.json"] {
            assert_same_as_oracle_with(input, source, fields);
        }
    }

    fn assert_same_as_oracle_named(input: &[u8], source: &str) {
        assert_same_as_oracle_with(input, source, &FieldNames::default());
    }

    fn assert_same_as_oracle_with(input: &[u8], source: &str, fields: &FieldNames) {
        let old = oracle::read_records(input, source, fields);
        let mut new = Corpus::default();
        read_records(input, source, fields, &mut new);
        let shown = String::from_utf8_lossy(input);
        assert_eq!(new.articles, old.articles, "{source}: {shown:?}");
        assert_eq!(new.errors, old.errors, "{source}: {shown:?}");
        for chunk in (1..16).chain([64, 2048]) {
            let new = read_chunked(input, chunk, source, fields).expect("no I/O error");
            assert_eq!(
                new.articles, old.articles,
                "chunk {chunk}: {source}: {shown:?}"
            );
            assert_eq!(new.errors, old.errors, "chunk {chunk}: {source}: {shown:?}");
        }
        #[cfg(unix)]
        {
            let mut file = tempfile::tempfile().expect("temp file");
            io::Write::write_all(&mut file, input).expect("write");
            for chunk in [3, 64, 2048] {
                let file = file.try_clone().expect("clone");
                let new = read_chunked(FileAt::new(file), chunk, source, fields).expect("read");
                assert_eq!(new.articles, old.articles, "file, chunk {chunk}: {shown:?}");
                assert_eq!(new.errors, old.errors, "file, chunk {chunk}: {shown:?}");
            }
        }
    }

    #[test]
    fn the_window_grows_with_the_input_not_with_the_chunk() {
        let chunk = 256 << 10;
        let mut small: &[u8] = &[b'x'; 100];
        let mut window = Window::new(chunk);
        assert!(window.fill(&mut small, chunk).expect("fill"));
        assert_eq!(window.data().len(), 100);
        assert_eq!(
            window.bytes.len(),
            FIRST_REQUEST,
            "a small input, a small buffer"
        );

        let big = vec![b'y'; 1 << 20];
        let mut input: &[u8] = &big;
        let mut window = Window::new(chunk);
        let mut asked = Vec::new();
        loop {
            asked.push(window.request);
            let eof = window.fill(&mut input, chunk).expect("fill");
            window.consume(window.valid);
            if eof {
                break;
            }
        }
        assert_eq!(asked[..4], [64 << 10, 128 << 10, 256 << 10, 256 << 10]);
        assert!(window.bytes.len() <= chunk);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_read_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("in.jsonl");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        let input = (0..1000)
            .map(|i| format!("{{\"id\": \"a{i}\", \"text\": \"Story {i}.\"}}\n"))
            .collect::<String>();
        let writer = {
            let (fifo, input) = (fifo.clone(), input.clone());
            std::thread::spawn(move || std::fs::write(fifo, input))
        };
        let file = std::fs::File::open(&fifo).expect("open fifo");
        let corpus = read_file(file, "in.jsonl", &FieldNames::default()).expect("read fifo");
        writer.join().expect("writer").expect("write fifo");
        assert_eq!(corpus.errors, []);
        assert_eq!(corpus.articles.len(), 1000);
        assert_eq!(corpus.articles[999].text, "Story 999.");
    }

    #[test]
    fn an_io_error_drops_the_whole_stream() {
        struct Failing<'a>(&'a [u8]);
        impl Read for Failing<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Err(io::Error::other("disk on fire"));
                }
                let n = buf.len().min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let input = "{\"text\": \"a\"}\n".repeat(100);
        let read = read_chunked(Failing(input.as_bytes()), 64, "in", &FieldNames::default());
        assert_eq!(read.expect_err("fails").to_string(), "disk on fire");
        let whole = read_stream(input.as_bytes(), "in", &FieldNames::default()).expect("read");
        assert_eq!(whole.articles.len(), 100);
    }

    fn one(input: &str) -> Article {
        let corpus = read(input);
        assert_eq!(corpus.errors, [], "{input}");
        assert_same_as_oracle(input.as_bytes(), &FieldNames::default());
        corpus.articles.into_iter().next().expect("one article")
    }

    #[test]
    fn first_name_in_list_order_wins_wherever_it_sits() {
        for input in [
            r#"{"text": "T", "body": "B", "id": "i", "docid": "d"}"#,
            r#"{"docid": "d", "body": "B", "id": "i", "text": "T"}"#,
        ] {
            let article = one(input);
            assert_eq!((article.text.as_str(), article.id.as_str()), ("T", "i"));
        }
        let article = one(r#"{"site": "S", "body": "B", "publisher": "P", "link": "L"}"#);
        assert_eq!(article.text, "B");
        assert_eq!(article.outlet, "P");
        assert_eq!(article.url.as_deref(), Some("L"));
    }

    #[test]
    fn null_counts_as_absent() {
        let article = one(
            r#"{"text": null, "body": "B", "id": null, "doc_id": "d", "url": null, "link": "L", "title": null}"#,
        );
        assert_eq!(article.text, "B");
        assert_eq!(article.id, "d");
        assert_eq!(article.url.as_deref(), Some("L"));
        assert_eq!(article.title, None);
        // The last of repeated keys counts, null included.
        let article = one(r#"{"text": "T", "body": "B", "text": null}"#);
        assert_eq!(article.text, "B");
        let corpus = read(r#"{"text": null, "body": null, "content": null}"#);
        assert_eq!(
            corpus.errors[0].message,
            "record has no text field (looked for text, body, content); line skipped"
        );
    }

    #[test]
    fn numbers_and_bools_become_text() {
        let article = one(
            r#"{"text": 12, "id": -3, "outlet": true, "date": 2.50, "title": 1e3, "lang": false}"#,
        );
        assert_eq!(article.text, "12");
        assert_eq!(article.id, "-3");
        assert_eq!(article.outlet, "true");
        assert_eq!(article.date.as_deref(), Some("2.5"));
        assert_eq!(article.title.as_deref(), Some("1000.0"));
        assert_eq!(article.lang.as_deref(), Some("false"));
    }

    #[test]
    fn an_array_or_object_stops_the_search_but_not_for_url() {
        let input = r#"{"text": "x", "id": [1], "doc_id": "d", "url": {"a": 1}, "link": "L"}"#;
        let article = one(input);
        assert_eq!(article.id, "in:1");
        assert_eq!(article.url.as_deref(), Some("L"));
        let corpus = read(r#"{"text": {"a": "b"}, "body": "B"}"#);
        assert_eq!(corpus.articles, []);
        assert_same_as_oracle(
            br#"{"text": {"a": "b"}, "body": "B"}"#,
            &FieldNames::default(),
        );
    }

    #[test]
    fn a_name_in_two_lists_fills_both() {
        let fields = FieldNames {
            id: vec!["url".into()],
            title: vec!["text".into()],
            ..FieldNames::default()
        };
        let input = r#"{"text": "T", "url": "U"}"#;
        let mut corpus = Corpus::default();
        read_records(input.as_bytes(), "in.jsonl", &fields, &mut corpus);
        let article = &corpus.articles[0];
        assert_eq!(
            (article.id.as_str(), article.url.as_deref()),
            ("U", Some("U"))
        );
        assert_eq!(
            (article.text.as_str(), article.title.as_deref()),
            ("T", Some("T"))
        );
        assert_same_as_oracle(input.as_bytes(), &fields);
    }

    #[test]
    fn skipped_fields_are_checked_as_before() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let lines: Vec<Vec<u8>> = vec![
            br#"{"text": "x", "junk": "\ud800"}"#.to_vec(),
            br#"{"text": "x", "junk": 1e400}"#.to_vec(),
            b"{\"text\": \"x\", \"junk\": \"caf\xE9\"}".to_vec(),
            b"{\"text\": \"x\", \"junk\": {\"caf\xE9\": 1}}".to_vec(),
            format!(r#"{{"text": "x", "junk": {deep}}}"#).into_bytes(),
            format!(r#"{{"text": {deep}}}"#).into_bytes(),
            deep.clone().into_bytes(),
            br#"{"text": "x"} {"text": "y"}"#.to_vec(),
            br#"{"text": "x", "junk": [1, 2,]}"#.to_vec(),
            br#"{"text": "a\r\nb\rc"}"#.to_vec(),
            br#"{"text": " \r\n "}"#.to_vec(),
            br#""just a string""#.to_vec(),
        ];
        for line in &lines {
            assert_same_as_oracle(line, &FieldNames::default());
        }
        // An unpaired surrogate, even in a field not read, is replaced, with a warning.
        let corpus = read(&String::from_utf8_lossy(&lines[0]));
        assert_eq!(corpus.articles.len(), 1);
        assert!(
            corpus.errors[0].message.contains("surrogates"),
            "{:?}",
            corpus.errors
        );
        assert!(!corpus.has_skipped());
        let array = format!(
            "[{}]",
            lines[..2]
                .iter()
                .map(|l| String::from_utf8_lossy(l))
                .collect::<Vec<_>>()
                .join(",")
        );
        assert_same_as_oracle(array.as_bytes(), &FieldNames::default());
    }

    #[test]
    fn lines_in_halves_number_as_lines_does() {
        let mut text = String::new();
        for i in 0..5000 {
            match i % 7 {
                0 => text.push('\n'),
                1 => text.push_str("  \r\n"),
                2 => text.push_str(&format!("{{\"n\": {i}}}\r\n")),
                _ => text.push_str(&format!(
                    "{{\"n\": {i}, \"pad\": \"{}\"}}\n",
                    "x".repeat(i % 50)
                )),
            }
        }
        for cut in [text.len(), text.len() - 1, text.len() - 3] {
            let bytes = &text.as_bytes()[..cut];
            assert!(bytes.len() >= SPLIT_IN_HALVES);
            for first in [1, 17] {
                assert_eq!(
                    lines_in_halves(bytes, first),
                    lines(bytes, first),
                    "{cut} {first}"
                );
            }
        }
        assert_eq!(lines_in_halves(b"{}\n{}", 1), lines(b"{}\n{}", 1));
    }

    #[test]
    fn errors_in_an_array_name_the_record() {
        let array = b"[{\"text\": \"One.\"},\n {\"id\": \"b\"}, 7]";
        let corpus = crate::corpus::read_jsonl_bytes(array, "a.json", &FieldNames::default());
        assert_eq!(corpus.articles.len(), 1);
        let errors: Vec<(Option<usize>, &str)> = corpus
            .errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                (
                    None,
                    "record 2: record has no text field (looked for text, body, content); \
                     record skipped"
                ),
                (
                    None,
                    "record 3: record is not a JSON object; record skipped"
                ),
            ]
        );
        assert_same_as_oracle(array, &FieldNames::default());
    }

    #[test]
    fn unpaired_surrogate_escapes_become_replacement_characters() {
        let cases: [(&str, Option<&str>); 8] = [
            (r#""a \ud800 b""#, Some(r#""a \ufffd b""#)),
            (r#""\udc00""#, Some(r#""\ufffd""#)),
            (r#""\ud83d\ude00 ok""#, None),
            (r#""\ud83d\u0041""#, Some(r#""\ufffd\u0041""#)),
            (r#""\\ud800 is text""#, None),
            (r#""\\\ud800""#, Some(r#""\\\ufffd""#)),
            (r#""cut \ud8"#, None),
            ("\\", None),
        ];
        for (raw, want) in cases {
            let got = replace_unpaired_surrogates(raw.as_bytes());
            assert_eq!(got.as_deref(), want.map(str::as_bytes), "{raw}");
        }
        let input = "{\"id\": \"a\", \"text\": \"caf\\udce9 and \\ud83d\\ude00.\"}\n";
        let corpus =
            crate::corpus::read_jsonl_bytes(input.as_bytes(), "in.jsonl", &FieldNames::default());
        let texts: Vec<&str> = corpus.articles.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["caf\u{FFFD} and \u{1F600}."]);
        assert_eq!(
            corpus.errors[0].message,
            "escapes of unpaired UTF-16 surrogates replaced with U+FFFD"
        );
        // One bad record in a JSON array costs nothing else.
        let array: &[u8] = b"[{\"id\": \"a\", \"text\": \"good.\"}, \
            {\"id\": \"b\", \"text\": \"lone \\ud800 \xe9\"}, {\"id\": \"c\", \"text\": \"good.\"}]";
        let corpus = crate::corpus::read_jsonl_bytes(array, "a.json", &FieldNames::default());
        let texts: Vec<&str> = corpus.articles.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["good.", "lone \u{FFFD} \u{FFFD}", "good."]);
        assert!(!corpus.has_skipped());
        assert_eq!(corpus.errors.len(), 1);
        assert_eq!(corpus.errors[0].line, None);
        assert!(
            corpus.errors[0]
                .message
                .starts_with("invalid UTF-8 and escapes"),
            "{:?}",
            corpus.errors
        );
        assert_same_as_oracle(array, &FieldNames::default());
        // A pretty-printed object with a Latin-1 byte.
        let pretty = b"{\n  \"id\": \"p\",\n  \"text\": \"caf\xe9\"\n}\n";
        let corpus = crate::corpus::read_jsonl_bytes(pretty, "p.json", &FieldNames::default());
        assert_eq!(corpus.articles.len(), 1, "{:?}", corpus.errors);
        assert_eq!(corpus.articles[0].text, "caf\u{FFFD}");
        assert_eq!(corpus.errors.len(), 1);
        assert!(corpus.errors[0].message.starts_with("invalid UTF-8"));
        assert_same_as_oracle(pretty, &FieldNames::default());
    }

    /// A few thousand lines mixing good records with every kind of bad one.
    fn mixed_input(n: usize) -> String {
        let mut out = String::from("\u{FEFF}");
        for i in 0..n {
            let line = match i % 13 {
                0 => format!(r#"{{"id": "a{i}", "text": "Body {i}."#),
                1 => "[1, 2]".to_string(),
                2 => format!(r#"{{"id": "b{i}"}}"#),
                3 => format!(r#"{{"id": "c{i}", "text": "  "}}"#),
                4 => String::new(),
                5 => format!(
                    r#"{{"id": "dup", "body": "Body {i}.", "source": "o{}"}}"#,
                    i % 5
                ),
                _ => format!(
                    r#"{{"id": "g{i}", "title": "T\u00e9 {i}", "text": "Line one.\r\nLine {i}.", "tags": ["x", {{"y": null}}], "n": {i}}}"#
                ),
            };
            out.push_str(&line);
            out.push_str(if i % 2 == 0 { "\n" } else { "\r\n" });
        }
        out
    }

    #[test]
    fn output_does_not_depend_on_thread_count() {
        let input = mixed_input(3_000);
        let fields = FieldNames::default();
        let read_with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| crate::corpus::read_jsonl_bytes(input.as_bytes(), "in.jsonl", &fields))
        };
        let single = read_with(1);
        assert!(single.articles.len() > 1_800);
        assert!(single.errors.len() > 1_000);
        for threads in [2, 4] {
            let many = read_with(threads);
            assert_eq!(many.articles, single.articles, "{threads} threads");
            assert_eq!(many.errors, single.errors, "{threads} threads");
        }
        assert_same_as_oracle(input.as_bytes(), &fields);
    }

    /// Pieces of JSON Lines input, valid and not, for the property tests.
    fn fragment() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop::sample::select(vec![
            "text", "body", "content", "id", "docid", "source", "outlet", "date", "title",
            "headline", "url", "link", "lang", "language", "other", "tags",
        ]);
        let value = prop::sample::select(vec![
            r#""plain""#,
            r#""a\nb""#,
            r#""cr\r\nlf""#,
            r#""é €""#,
            r#""\ud83d\ude00""#,
            r#""\ud800""#,
            r#""""#,
            r#"" ""#,
            "null",
            "true",
            "false",
            "0",
            "-7",
            "2.5",
            "1e400",
            "18446744073709551616",
            "[]",
            r#"[1, "x"]"#,
            r#"{"k": "v"}"#,
            r#"{"k": [}"#,
            "nul",
            r#""unterminated"#,
            "\"\u{1}\"",
        ]);
        let entry = (key, value).prop_map(|(k, v)| format!(r#""{k}": {v}"#));
        let object =
            prop::collection::vec(entry, 0..6).prop_map(|e| format!("{{{}}}", e.join(", ")));
        prop_oneof![
            6 => object,
            1 => prop::sample::select(vec!["", " ", "[", "]", "\r", "1", r#""s""#, "{", "}", ","])
                .prop_map(String::from),
            1 => "\\PC{0,12}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn same_as_oracle_on_generated_lines(
            lines in proptest::collection::vec(fragment(), 0..12),
            sep in proptest::sample::select(vec!["\n", "\r\n", ",\n"]),
            wrap in proptest::bool::ANY,
        ) {
            let body = lines.join(sep);
            let input = if wrap { format!("[{body}]") } else { body };
            assert_same_as_oracle(input.as_bytes(), &FieldNames::default());
        }

        #[test]
        fn never_panics_on_random_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            assert_same_as_oracle(&bytes, &FieldNames::default());
        }
    }
}

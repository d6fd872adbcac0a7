//! JSON Lines records: one article per line, fields named by [`FieldNames`].
//!
//! A `.json` file holding one array of records is read too. Each bad line is one
//! [`InputError`] with its line number; the lines around it are still read.

use serde_json::{Map, Value};

use super::{normalize_line_ends, Article, Corpus, FieldNames, InputError};

pub(super) fn read_records(bytes: &[u8], source: &str, fields: &FieldNames, corpus: &mut Corpus) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        match serde_json::from_slice::<Vec<Value>>(bytes) {
            Ok(values) => {
                for (i, value) in values.into_iter().enumerate() {
                    // For an array, `line` is the record's 1-based position.
                    push_record(value, source, i + 1, fields, corpus);
                }
            }
            Err(e) => corpus.errors.push(InputError {
                source: source.to_string(),
                line: Some(e.line()),
                message: format!("malformed JSON array: {e}; file skipped"),
                skipped: true,
            }),
        }
        return;
    }
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Value>(raw) {
            Ok(value) => push_record(value, source, line_no, fields, corpus),
            Err(e) => corpus.errors.push(InputError {
                source: source.to_string(),
                line: Some(line_no),
                message: format!("malformed JSON: {e}; line skipped"),
                skipped: true,
            }),
        }
    }
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

fn push_record(value: Value, source: &str, line: usize, fields: &FieldNames, corpus: &mut Corpus) {
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
    let text = normalize_line_ends(text);
    if text.trim().is_empty() {
        corpus
            .errors
            .push(error("empty article text; line skipped".into()));
        return;
    }
    let id = field(&obj, &fields.id)
        .and_then(as_text)
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

fn file_name(source: &str) -> &str {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    name.split('.').next().unwrap_or(name)
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
}

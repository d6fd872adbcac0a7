//! Metadata headers at the top of text files.
//!
//! Two forms are understood: a `---` fenced block of `key: value` lines (as in Markdown front
//! matter), and bare `Key: value` lines up to the first blank line. The bare form is only taken
//! as a header when every line before the blank line is a known key, so that a body starting
//! with "WASHINGTON: Officials said..." stays body text. Scraped files also often open with a
//! bare `date 2022-10-12` marker glued to the first paragraph; that date is taken too.

use std::collections::BTreeMap;

const KNOWN_KEYS: &[&str] = &[
    "id",
    "outlet",
    "source",
    "publisher",
    "date",
    "published",
    "title",
    "headline",
    "url",
    "lang",
    "language",
    "author",
    "byline",
];

fn canonical_key(key: &str) -> Option<&'static str> {
    let key = key.trim().to_ascii_lowercase();
    let canonical = match key.as_str() {
        "published" => "date",
        "headline" => "title",
        "language" => "lang",
        "byline" => "author",
        other => KNOWN_KEYS.iter().find(|k| **k == other)?,
    };
    Some(canonical)
}

fn parse_line(line: &str) -> Option<(&'static str, String)> {
    let (key, value) = line.split_once(':')?;
    let key = canonical_key(key)?;
    let value = value.trim().trim_matches('"').trim().to_string();
    Some((key, value))
}

/// Adds the known fields of header `lines` to `meta`. A blank value (`id:`) says nothing: the
/// default stands.
fn insert_fields<'a>(
    lines: impl IntoIterator<Item = &'a str>,
    meta: &mut BTreeMap<String, String>,
) {
    for line in lines {
        if let Some((k, v)) = parse_line(line).filter(|(_, v)| !v.is_empty()) {
            meta.insert(k.to_string(), v);
        }
    }
}

/// Splits a metadata header from the body. Returns the metadata (canonical keys: `id`, `outlet`,
/// `source`, `publisher`, `date`, `title`, `url`, `lang`, `author`) and the body, a suffix of
/// `text`.
pub fn parse_header(text: &str) -> (BTreeMap<String, String>, &str) {
    let mut meta = BTreeMap::new();
    let mut body = text;

    if let Some(rest) = text.strip_prefix("---\n") {
        let close = if rest.starts_with("---") {
            Some(0)
        } else {
            rest.find("\n---").map(|i| i + 1)
        };
        if let Some(close) = close {
            let after_fence = &rest[close + 3..];
            let block = &rest[..close];
            if (after_fence.is_empty() || after_fence.starts_with('\n'))
                && block.lines().all(is_front_matter_line)
            {
                insert_fields(block.lines(), &mut meta);
                body = after_fence.strip_prefix('\n').unwrap_or(after_fence);
            }
        }
    } else {
        let block_end = text.find("\n\n").unwrap_or(text.len());
        let block = &text[..block_end];
        let lines: Vec<&str> = block.lines().collect();
        if !lines.is_empty()
            && block_end < text.len()
            && lines.iter().all(|l| parse_line(l).is_some())
        {
            insert_fields(lines, &mut meta);
            body = &text[block_end + 2..];
        }
    }

    // A glued `date YYYY-MM-DD` marker, as some scrapers leave it.
    let trimmed = body.trim_start();
    if let Some(rest) = trimmed.strip_prefix("date ") {
        if let (Some(date), Some(after)) = (rest.get(..10), rest.get(10..)) {
            if is_iso_date(date) && after.starts_with(char::is_whitespace) {
                meta.entry("date".to_string())
                    .or_insert_with(|| date.to_string());
                body = after.trim_start();
            }
        }
    }
    (meta, body)
}

/// Whether a line may belong to a `---` fenced front matter block: a `key: value` line (any
/// one-word key, known or not: `tags`, `layout`), a YAML list item or continuation (indented,
/// or `- item`), or blank. A fenced block with anything else (a paragraph between two `---`
/// rules, even one with a colon) is body text.
fn is_front_matter_line(line: &str) -> bool {
    let is_key = |k: &str| {
        !k.is_empty()
            && k.len() <= 32
            && k.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    line.trim().is_empty()
        || line.starts_with(char::is_whitespace)
        || line.starts_with("- ")
        || line.split_once(':').is_some_and(|(k, _)| is_key(k))
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_value_header() {
        let (meta, body) = parse_header("Outlet: Daily\nDate: 2024-01-02\n\nBody here.\n");
        assert_eq!(meta["outlet"], "Daily");
        assert_eq!(meta["date"], "2024-01-02");
        assert_eq!(body, "Body here.\n");
    }

    #[test]
    fn front_matter_header() {
        let (meta, body) = parse_header("---\ntitle: \"A: B\"\nlang: fi\n---\nText");
        assert_eq!(meta["title"], "A: B");
        assert_eq!(meta["lang"], "fi");
        assert_eq!(body, "Text");
    }

    #[test]
    fn front_matter_with_other_keys_and_lists() {
        let text = "---\nlayout: post\ntags:\n  - port\n- storm\n\nid: x1\n---\nText";
        let (meta, body) = parse_header(text);
        assert_eq!(meta["id"], "x1");
        assert_eq!(body, "Text");
    }

    #[test]
    fn paragraph_between_rules_is_body() {
        for text in [
            "---\nFirst paragraph, with a clause.\n---\nRest.",
            "---\nThe minister said on Monday: taxes will rise.\n---\nRest.",
        ] {
            let (meta, body) = parse_header(text);
            assert!(meta.is_empty());
            assert_eq!(body, text);
        }
    }

    #[test]
    fn blank_values_say_nothing() {
        let (meta, body) = parse_header("id:\nOutlet: \nDate: 2024-01-02\n\nBody.");
        assert_eq!(meta.keys().collect::<Vec<_>>(), ["date"]);
        assert_eq!(body, "Body.");
        let (meta, _) = parse_header("---\nid: \"\"\ntitle: T\n---\nBody.");
        assert_eq!(meta.keys().collect::<Vec<_>>(), ["title"]);
    }

    #[test]
    fn body_with_colon_is_not_a_header() {
        let text = "WASHINGTON: Officials said so.\n\nMore.";
        let (meta, body) = parse_header(text);
        assert!(meta.is_empty());
        assert_eq!(body, text);
    }

    #[test]
    fn glued_date_marker() {
        let (meta, body) = parse_header(" date 2022-10-12 WASHINGTON (X) - Text.");
        assert_eq!(meta["date"], "2022-10-12");
        assert_eq!(body, "WASHINGTON (X) - Text.");
    }

    #[test]
    fn short_text_does_not_panic() {
        for t in ["date ", "date 2022", "---\n", "---\n---", "a:b", ""] {
            let _ = parse_header(t);
        }
    }
}

//! The foundation, end to end through the real binary: reading messy inputs, segmentation,
//! the report's JSON contract, exit codes and determinism (issue 2).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub fn wirediff() -> Command {
    Command::cargo_bin("wirediff").expect("binary")
}

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path)
}

pub fn scan_json(args: &[&str]) -> (Value, i32) {
    let out = wirediff()
        .args(["scan", "--format", "json"])
        .args(args)
        .output()
        .expect("run");
    let code = out.status.code().expect("exit code");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, code)
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(|s| s.as_str())
        .collect();
    k.sort();
    k
}

/// The field names of the report are a contract (docs/report-schema.md).
#[test]
fn report_json_follows_the_schema() {
    let demo = repo("tests/corpora/demo");
    let (report, code) = scan_json(&[demo.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(report["version"], 1);
    for field in [
        "articles",
        "clusters",
        "alignments",
        "name_variants",
        "quotes",
        "errors",
    ] {
        assert!(report[field].is_array(), "{field} is an array");
    }
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 6);
    for a in articles {
        for field in [
            "id",
            "outlet",
            "date",
            "title",
            "source",
            "sentences",
            "words",
        ] {
            assert!(a.get(field).is_some(), "article has {field}");
        }
        assert!(a["sentences"].as_u64().unwrap() > 0);
    }
    let wire = articles
        .iter()
        .find(|a| a["id"] == "northern-wire")
        .expect("wire");
    assert_eq!(wire["outlet"], "Northern Wire");
    assert_eq!(wire["date"], "2026-03-14");
    for c in report["clusters"].as_array().unwrap() {
        assert_eq!(keys(c), ["articles", "id", "kind", "parent", "score"]);
        assert!(["exact", "near-duplicate", "story"].contains(&c["kind"].as_str().unwrap()));
    }
    for al in report["alignments"].as_array().unwrap() {
        for field in ["a", "b", "score", "a_coverage", "b_coverage", "pairs"] {
            assert!(al.get(field).is_some(), "alignment has {field}");
        }
        for p in al["pairs"].as_array().unwrap() {
            for field in ["a", "b", "score", "a_text", "b_text", "changes"] {
                assert!(p.get(field).is_some(), "pair has {field}");
            }
            for c in p["changes"].as_array().unwrap() {
                assert_eq!(
                    keys(c),
                    ["a", "a_end", "a_start", "b", "b_end", "b_start", "kind", "severity"]
                );
            }
        }
    }
}

#[test]
fn offsets_slice_the_article_text() {
    let demo = repo("tests/corpora/demo/northern-wire.txt");
    let out = wirediff()
        .args(["sentences", "--json"])
        .arg(&demo)
        .output()
        .unwrap();
    assert!(out.status.success());
    let listing: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(&demo).unwrap();
    let (_, body) = wirediff::corpus::parse_header(&text);
    let sentences = listing["sentences"].as_array().unwrap();
    assert!(sentences.len() > 15);
    for s in sentences {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[start..end], s["text"].as_str().unwrap());
    }
    // Abbreviations, initials and times do not end a sentence.
    assert!(sentences.iter().any(|s| s["text"]
        .as_str()
        .unwrap()
        .starts_with("Dr. J. R. Okafor, a structural engineer")));
}

#[test]
fn messy_inputs_are_reported_and_skipped_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);
    std::fs::write(
        p("good.txt"),
        "Outlet: A\n\nThe bridge closed. It will reopen.",
    )
    .unwrap();
    std::fs::write(p("bom-crlf.txt"), b"\xEF\xBB\xBFLine one.\r\nLine two.\r\n").unwrap();
    std::fs::write(p("latin1.txt"), b"Caf\xE9 opened today.").unwrap();
    std::fs::write(p("empty.txt"), "  \n\n ").unwrap();
    std::fs::write(p("binary.txt"), b"PK\x03\x04\x00\x00\x01").unwrap();
    std::fs::write(
        p("records.jsonl"),
        "{\"id\": \"j1\", \"text\": \"First record.\", \"source\": \"AP\"}\n{\"id\": \"j2\", \"text\": \n{\"id\": \"j3\"}\n{\"id\": \"good\", \"text\": \"Same id as the file.\"}\n",
    )
    .unwrap();
    std::fs::write(p("ignored.csv"), "a,b").unwrap();

    let (report, code) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 3, "exit code 3: input skipped");
    let ids: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["bom-crlf", "good", "latin1", "j1", "good#2"]);
    let errors = report["errors"].as_array().unwrap();
    let find = |needle: &str| {
        errors
            .iter()
            .find(|e| e["message"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no error containing {needle:?} in {errors:#?}"))
    };
    assert!(find("binary")["source"]
        .as_str()
        .unwrap()
        .ends_with("binary.txt"));
    assert!(find("empty")["source"]
        .as_str()
        .unwrap()
        .ends_with("empty.txt"));
    assert!(find("invalid UTF-8")["source"]
        .as_str()
        .unwrap()
        .ends_with("latin1.txt"));
    assert_eq!(find("malformed JSON")["line"], 2);
    assert_eq!(find("no text field")["line"], 3);
    assert!(find("duplicate article id").is_object());
    let bom = &report["articles"][0];
    assert_eq!(bom["sentences"], 2, "CRLF lines are sentences, BOM is gone");
}

#[test]
fn stdin_jsonl_with_custom_fields() {
    let out = wirediff()
        .args([
            "scan",
            "--format",
            "json",
            "--text-field",
            "body",
            "--outlet-field",
            "site",
            "-",
        ])
        .write_stdin(
            "{\"id\": \"x\", \"body\": \"Hello there. Bye.\", \"site\": \"S\"}\nnot json\n",
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["articles"][0]["outlet"], "S");
    assert_eq!(report["articles"][0]["sentences"], 2);
    assert_eq!(report["errors"][0]["source"], "<stdin>");
    assert_eq!(report["errors"][0]["line"], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("<stdin>:2: malformed JSON"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let out = wirediff().args(["scan", "/no/such/path"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("input path does not exist: /no/such/path"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1);

    let out = wirediff()
        .args(["scan", "--no-such-flag", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_file_is_written_and_identical_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let demo = repo("tests/corpora/demo");
    let mut outputs = Vec::new();
    for threads in ["1", "2", "4"] {
        let path = dir.path().join(format!("report-{threads}.json"));
        wirediff()
            .env("RAYON_NUM_THREADS", threads)
            .args(["scan", "--format", "json", "-o"])
            .arg(&path)
            .arg(&demo)
            .assert()
            .success();
        outputs.push(std::fs::read(&path).unwrap());
    }
    assert!(!outputs[0].is_empty());
    assert!(
        outputs.windows(2).all(|w| w[0] == w[1]),
        "same bytes whatever the thread count"
    );
    // No temporary files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn seeds_are_read_with_their_dates() {
    let seeds = shared("seeds");
    let (report, code) = scan_json(&[seeds.to_str().unwrap()]);
    assert_eq!(code, 0);
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    let dated = articles
        .iter()
        .filter(|a| a["date"] == "2022-10-12")
        .count();
    assert_eq!(dated, 2, "two seeds open with a `date YYYY-MM-DD` marker");
}

#[test]
fn jsonl_format_is_tagged_messages() {
    let demo = repo("tests/corpora/demo");
    let out = wirediff()
        .args(["scan", "--format", "jsonl"])
        .arg(&demo)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut articles = 0;
    for line in text.lines() {
        let msg: Value = serde_json::from_str(line).unwrap();
        assert!(msg["type"].is_string() && msg["data"].is_object(), "{line}");
        articles += usize::from(msg["type"] == "article");
    }
    assert_eq!(articles, 6);
}

#[test]
fn diff_two_files_or_two_ids() {
    let wire = repo("tests/corpora/demo/northern-wire.txt");
    let coastal = repo("tests/corpora/demo/coastal-times.txt");
    let out = wirediff()
        .args(["diff", "--format", "json"])
        .arg(&wire)
        .arg(&coastal)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let al = &report["alignments"][0];
    assert_eq!(
        (al["a"].as_str(), al["b"].as_str()),
        (Some("northern-wire"), Some("coastal-times"))
    );
    assert!(al["pairs"].as_array().unwrap().len() > 10);

    let by_id = wirediff()
        .args([
            "diff",
            "--format",
            "json",
            "northern-wire",
            "coastal-times",
            "--in",
        ])
        .arg(repo("tests/corpora/demo"))
        .output()
        .unwrap();
    assert!(by_id.status.success());
    let by_id: Value = serde_json::from_slice(&by_id.stdout).unwrap();
    assert_eq!(by_id["alignments"], report["alignments"]);

    let missing = wirediff()
        .args(["diff", "nope", "coastal-times", "--in"])
        .arg(repo("tests/corpora/demo"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("\"nope\""));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.jsonl"), "").unwrap();
    let empty = wirediff()
        .args(["diff", "nope", "coastal-times", "--in"])
        .arg(dir.path().join("empty.jsonl"))
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&empty.stderr);
    assert!(
        stderr.contains("no article could be read from --in"),
        "{stderr}"
    );
}

#[test]
fn fail_on_gates_the_exit_code() {
    let demo = repo("tests/corpora/demo");
    let code = |gate: &str| {
        wirediff()
            .args(["scan", "--format", "json", "--fail-on", gate])
            .arg(&demo)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(
        code("negation,number"),
        Some(1),
        "the demo has a flipped negation"
    );
    let unrelated = repo("tests/corpora/demo/unrelated.txt");
    let clean = wirediff()
        .args(["scan", "--fail-on", "negation,number,contradicting"])
        .arg(&unrelated)
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
}

#[test]
fn colour_follows_flags_and_environment() {
    let demo = repo("tests/corpora/demo");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = wirediff();
        cmd.arg("scan")
            .args(args)
            .arg(&demo)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(!run(&[], &[]).contains('\u{1b}'), "plain when piped");
    assert!(run(&["--color", "always"], &[]).contains('\u{1b}'));
    assert!(run(&[], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
}

/// Runs `scan --format jsonl ARGS` on the demo corpus and closes its stdout after 16 bytes.
fn scan_closed_early(args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("wirediff"));
    command
        .args(["scan", "--format", "jsonl"])
        .args(args)
        .arg(repo("tests/corpora/demo"));
    closed_early(command)
}

/// Runs `command` and closes its stdout after 16 bytes, as `| head -c 16` would.
fn closed_early(mut command: std::process::Command) -> std::process::Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_broken_pipe_ends_quietly_with_the_code_the_run_earned() {
    // The demo has a flipped negation: the reader leaving early must not hide it from CI.
    let mut runs = vec![(vec![], 0), (vec!["--fail-on", "negation"], 1)];
    if cfg!(target_os = "linux") {
        runs.push((vec!["--fail-on", "negation", "-o", "/dev/stdout"], 1));
    }
    for (args, code) in runs {
        let out = scan_closed_early(&args);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn dedup_to_a_closed_pipe_still_writes_the_map_and_its_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    // 3 MB of distinct records (more than the output buffer) and one bad line.
    let mut lines: Vec<String> = (0..6000)
        .map(|i| {
            let words: Vec<String> = (0..60).map(|w| format!("w{}x{}", i, w)).collect();
            format!("{{\"id\": \"r{i}\", \"text\": \"{}.\"}}", words.join(" "))
        })
        .collect();
    lines.push("{broken".into());
    std::fs::write(&input, lines.join("\n")).unwrap();
    let map = dir.path().join("map.jsonl");
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("wirediff"));
    command
        .args(["dedup", "-q", "-o", "-", "--map"])
        .arg(&map)
        .arg(&input);
    let out = closed_early(command);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(map.exists(), "the map is written");
}

#[test]
fn output_format_follows_the_extension_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Report.HTML");
    wirediff()
        .args(["scan", "-q", "-o"])
        .arg(&path)
        .arg(repo("tests/corpora/demo"))
        .assert()
        .success();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!doctype html>"), "{}", &html[..40]);
}

/// Fails if `text` holds a control character other than a line end (escape sequences).
fn assert_terminal_safe(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
}

#[test]
fn sentences_never_pass_escape_sequences_to_the_terminal() {
    let out = wirediff()
        .args(["sentences", "-"])
        .write_stdin("{\"id\": \"x\", \"text\": \"Red \\u001b[31mtext\\u001b]0;title\\u0007 here. More.\"}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("text"), "{stdout}");
    assert_terminal_safe(&stdout);
}

#[test]
fn dedup_refuses_one_file_for_kept_and_map() {
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("out.jsonl");
    let also_same = dir.path().join(".").join("out.jsonl");
    let out = wirediff()
        .args(["dedup", "-o"])
        .arg(&same)
        .arg("--map")
        .arg(&also_same)
        .arg(repo("tests/corpora/demo"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--map and -o"));
    assert!(!same.exists(), "nothing is written");
    // The same file named through `..`, a linked folder or a dangling link, before it exists.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let mut others = vec![dir.path().join("sub").join("..").join("out.jsonl")];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path(), dir.path().join("link")).unwrap();
        others.push(dir.path().join("link").join("out.jsonl"));
        std::os::unix::fs::symlink("out.jsonl", dir.path().join("dangling.jsonl")).unwrap();
        others.push(dir.path().join("dangling.jsonl"));
    }
    for other in others {
        let out = wirediff()
            .args(["dedup", "-q", "-o"])
            .arg(&same)
            .arg("--map")
            .arg(&other)
            .arg(repo("tests/corpora/demo"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", other.display());
        assert!(!same.exists(), "nothing is written");
    }
}

#[test]
fn dedup_replaces_neither_output_when_one_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("kept.jsonl");
    std::fs::write(&kept, "old\n").unwrap();
    let out = wirediff()
        .args(["dedup", "-q", "-o"])
        .arg(&kept)
        .arg("--map")
        .arg(dir.path().join("missing").join("map.jsonl"))
        .arg(repo("tests/corpora/demo"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("there is no folder"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "old\n");
}

/// Runs `wirediff dedup` on `input` and returns the kept records' ids.
#[cfg(unix)]
fn dedup_kept_ids(input: &Path, dir: &Path) -> Vec<String> {
    let kept = dir.join("kept.jsonl");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("wirediff"))
        .args(["dedup", "-q", "-o"])
        .arg(&kept)
        .arg(input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&kept)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string())
        .collect()
}

#[cfg(unix)]
const TWO_COPIES: &str = "{\"id\": \"a\", \"text\": \"The council voted to close the old bridge on Tuesday, the mayor said.\"}\n\
                          {\"id\": \"b\", \"text\": \"The council voted to close the old bridge on Tuesday, the mayor said.\"}\n";

#[test]
#[cfg(target_os = "linux")]
fn dedup_copies_records_from_a_file_whose_name_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"wire\xfe.jsonl"));
    std::fs::write(&input, TWO_COPIES).unwrap();
    assert_eq!(dedup_kept_ids(&input, dir.path()), ["\"a\""]);
}

#[test]
#[cfg(target_os = "linux")]
fn dedup_keeps_records_of_files_whose_names_show_alike() {
    use std::os::unix::ffi::OsStrExt;
    // Both names show as `a\u{FFFD}.jsonl`.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("in");
    std::fs::create_dir(&corpus).unwrap();
    for (name, id, text) in [
        (
            &b"a\xfe.jsonl"[..],
            "two",
            "The harbour reopened on Monday after the storm.",
        ),
        (
            &b"a\xff.jsonl"[..],
            "one",
            "Rail fares rise by four percent in January.",
        ),
    ] {
        let line = format!("{{\"id\": \"{id}\", \"text\": \"{text}\"}}\n");
        std::fs::write(corpus.join(std::ffi::OsStr::from_bytes(name)), line).unwrap();
    }
    let mut ids = dedup_kept_ids(&corpus, dir.path());
    ids.sort();
    assert_eq!(ids, ["\"one\"", "\"two\""]);
}

#[test]
#[cfg(unix)]
fn dedup_reads_a_named_pipe_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jsonl");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to test
    }
    let writer = fifo.clone();
    let feeder = std::thread::spawn(move || std::fs::write(writer, TWO_COPIES));
    let (tx, rx) = std::sync::mpsc::channel();
    let (input, out_dir) = (fifo.clone(), dir.path().to_path_buf());
    std::thread::spawn(move || {
        let _ = tx.send(dedup_kept_ids(&input, &out_dir));
    });
    // The kept record was copied by reopening the pipe, which then waited forever.
    let ids = rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("dedup finished");
    assert_eq!(ids, ["\"a\""]);
    feeder.join().unwrap().unwrap();
}

#[test]
#[cfg(unix)]
fn stderr_never_passes_escape_sequences_in_file_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("\u{1b}]0;pwned\u{7}\u{1b}[2Jx.txt"), "").unwrap();
    std::fs::write(dir.path().join("ok.txt"), "The council met. It voted.").unwrap();
    let out = wirediff()
        .args(["scan", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("pwned"), "{stderr}");
    assert_terminal_safe(&stderr);
    let out = wirediff()
        .args(["scan", "-o"])
        .arg(dir.path().join("no\u{1b}[2Jsuch").join("r.json"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_terminal_safe(&stderr);
}

#[test]
#[cfg(unix)]
fn linked_article_files_are_read_and_broken_links_reported() {
    let dir = tempfile::tempdir().unwrap();
    let (real, corpus) = (dir.path().join("real"), dir.path().join("corpus"));
    std::fs::create_dir(&real).unwrap();
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(real.join("x.txt"), "The council met on Tuesday. It voted.").unwrap();
    std::os::unix::fs::symlink(real.join("x.txt"), corpus.join("x.txt")).unwrap();
    std::os::unix::fs::symlink(real.join("gone.txt"), corpus.join("gone.txt")).unwrap();
    // A link back up: not followed, so no loop.
    std::os::unix::fs::symlink(dir.path(), corpus.join("up")).unwrap();
    let out = wirediff()
        .args(["scan", "--format", "json"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["x"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("gone.txt"), "{stderr}");
}

#[test]
fn article_files_named_like_corpus_notes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "notice_of_closure.txt",
        "license_plate_fees.txt",
        "README.md",
        "LICENSE.txt",
    ] {
        std::fs::write(
            dir.path().join(name),
            "The council met on Tuesday. It voted.",
        )
        .unwrap();
    }
    let (report, code) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    let mut ids: Vec<&str> = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["license_plate_fees", "notice_of_closure"]);
}

#[test]
fn a_jsonl_file_opening_with_an_array_line_keeps_its_other_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(
        &path,
        "[1, 2, 3]\n{\"id\": \"a\", \"text\": \"First one.\"}\n{\"id\": \"b\", \"text\": \"Second.\"}\n",
    )
    .unwrap();
    let (json, code) = scan_json(&[path.to_str().unwrap()]);
    assert_eq!(code, 3, "input skipped");
    assert_eq!(json["summary"]["articles"], 2);
}

#[test]
fn diff_wants_one_article_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let many = dir.path().join("many.jsonl");
    std::fs::write(&many, "{\"text\": \"One.\"}\n{\"text\": \"Two.\"}\n").unwrap();
    let out = wirediff()
        .arg("diff")
        .arg(&many)
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds 2 articles"), "{stderr}");
}

#[test]
fn stderr_shows_a_bounded_number_of_problems_per_input() {
    let garbage = "not json\n".repeat(500);
    let out = wirediff()
        .args(["scan", "--format", "json", "-"])
        .write_stdin(garbage)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().count() <= 25, "{stderr}");
    assert!(stderr.contains("480 more problems not shown"), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"].as_array().unwrap().len(), 500);
}

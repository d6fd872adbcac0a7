//! Where output goes: stdout, or a file written atomically (temporary file, then rename), so a
//! reader never sees half a report and a failed run never clobbers the last good one.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Bytes buffered before a write: `dedup` copies records of a few kilobytes each, and with the
/// default 8 KB a 240 MB kept corpus took 36,000 write calls (0.6 s under strace).
const OUTPUT_BUFFER: usize = 1 << 20;

/// Runs `write` against stdout or against `path` (atomically).
///
/// Stdout closed by its reader (`wirediff scan | head`) is not an error: the reader has what it
/// wanted, and the run goes on to its exit code, so that a `--fail-on` gate or skipped input
/// still shows in it.
pub fn write_to(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    prepare(path, write)?.commit()
}

/// Output written but not yet in place: a file waiting to be renamed over its target. Lets a
/// command that writes two files (`dedup -o kept --map map`) put both in place only once both
/// are written, so that a failure leaves neither changed.
pub enum Prepared {
    /// Already where it goes (stdout, a device, a FIFO).
    Written,
    /// A temporary file beside its target.
    Pending {
        tmp: tempfile::NamedTempFile,
        target: PathBuf,
        path: PathBuf,
    },
}

impl Prepared {
    /// Puts the output in place.
    pub fn commit(self) -> anyhow::Result<()> {
        match self {
            Prepared::Written => Ok(()),
            // `PersistError` displays as its I/O error and also has it as its source: keep
            // only the I/O error, or the message says it twice.
            Prepared::Pending { tmp, target, path } => tmp
                .persist(&target)
                .map(drop)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display())),
        }
    }
}

/// Writes the output: stdout at once; a file to a temporary file, for [`Prepared::commit`].
pub fn prepare(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<Prepared> {
    match path.filter(|p| p.as_os_str() != "-") {
        None => {
            let stdout = std::io::stdout();
            let out = BufWriter::with_capacity(OUTPUT_BUFFER, stdout.lock());
            write_through(out, write).map_err(Into::into)
        }
        Some(path) => prepare_file(path, write),
    }
}

/// Runs `write` against an output that is not a file to rename (stdout, a FIFO, a device)
/// and flushes it. A reader that closed its end has what it wanted: not an error.
fn write_through<W: Write>(
    mut out: BufWriter<W>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Prepared> {
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            // Nothing more can reach the reader; drop what is buffered quietly.
            let _ = out.into_parts();
            Ok(Prepared::Written)
        }
        written => written.map(|()| Prepared::Written),
    }
}

/// The file a path names: links followed, dangling ones too (to the file they would create),
/// and the folder of a file that does not exist yet resolved (`..`, linked folders).
pub fn resolve(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // As many links as the kernel follows before it reports a loop.
    for _ in 0..40 {
        if let Ok(resolved) = std::fs::canonicalize(&path) {
            return resolved;
        }
        match std::fs::read_link(&path) {
            // A dangling link: where it points, relative to its folder.
            Ok(to) => path = path.parent().map_or(to.clone(), |dir| dir.join(&to)),
            Err(_) => break,
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => std::path::absolute(&path).unwrap_or(path),
    }
}

/// Writes a temporary file beside the target when the path names a regular file or nothing
/// yet, to be renamed over it on commit; writes straight through when it names a device, a
/// FIFO or a socket (`-o /dev/stdout`, a named pipe): a rename would replace that node with a
/// plain file. A symbolic link is followed, so the file it points to (or, for a dangling link,
/// would point to) is replaced or created, and the link stays.
fn prepare_file(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<Prepared> {
    // Through the kernel's own link following, which also knows `/dev/stdout`'s.
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        anyhow::bail!("cannot write {}: it is a directory", path.display());
    }
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        // A special file: there is nothing to keep by renaming.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let out = BufWriter::with_capacity(OUTPUT_BUFFER, file);
        return write_through(out, write)
            .with_context(|| format!("cannot write {}", path.display()));
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = match is_link {
        true => resolve(path),
        false => path.to_path_buf(),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: there is no folder {}",
            path.display(),
            dir.display()
        );
    }
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    write_buffered(tmp.as_file_mut(), path, write)?;
    // A temporary file is private (0600); the report should get the permissions a plain write
    // would give it: those of the file it replaces, else rw-r--r--.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = existing
            .map(|m| m.permissions())
            .unwrap_or_else(|| std::fs::Permissions::from_mode(0o644));
        std::fs::set_permissions(tmp.path(), permissions)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(Prepared::Pending {
        tmp,
        target,
        path: path.to_path_buf(),
    })
}

/// Runs `write` against `file` through a buffer and flushes it; errors name `path`.
fn write_buffered(
    file: impl Write,
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, file);
    write(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Whether an error is a broken pipe (`wirediff ... | head`), which ends the run quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_text(path: &Path, text: &'static str) -> anyhow::Result<()> {
        write_to(Some(path), |out| out.write_all(text.as_bytes()))
    }

    #[test]
    fn replaces_a_regular_file_and_creates_a_new_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("report.txt");
        write_text(&path, "first").expect("write");
        write_text(&path, "second").expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "second");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_symbolic_link_and_keeps_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (target, link) = (dir.path().join("target.txt"), dir.path().join("link.txt"));
        std::fs::write(&target, "old").expect("write");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        write_text(&link, "new").expect("write");
        assert!(std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        // A dangling link: the file it names is created.
        let (missing, dangling) = (dir.path().join("missing.txt"), dir.path().join("d.txt"));
        std::os::unix::fs::symlink(&missing, &dangling).expect("symlink");
        write_text(&dangling, "made").expect("write");
        assert_eq!(std::fs::read_to_string(&missing).expect("read"), "made");
        // Through a dangling link too, nothing is written until the commit.
        let (later, link2) = (dir.path().join("later.txt"), dir.path().join("l2.txt"));
        std::os::unix::fs::symlink("later.txt", &link2).expect("symlink");
        let prepared = prepare(Some(&link2), |out| out.write_all(b"x")).expect("prepare");
        assert!(!later.exists());
        prepared.commit().expect("commit");
        assert_eq!(std::fs::read_to_string(&later).expect("read"), "x");
        assert!(std::fs::symlink_metadata(&link2)
            .expect("link")
            .file_type()
            .is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn resolve_sees_through_links_dangling_or_not_and_dot_dot() {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).expect("dir");
        std::os::unix::fs::symlink("map.jsonl", d.join("kept.jsonl")).expect("symlink");
        std::os::unix::fs::symlink(d.join("sub"), d.join("linked")).expect("symlink");
        let want = resolve(&d.join("map.jsonl"));
        for other in ["kept.jsonl", "sub/../map.jsonl", "linked/../map.jsonl"] {
            assert_eq!(resolve(&d.join(other)), want, "{other}");
        }
        assert_eq!(resolve(&d.join("linked/x")), resolve(&d.join("sub/x")));
        assert_ne!(resolve(&d.join("sub/map.jsonl")), want);
        // A loop of links ends.
        std::os::unix::fs::symlink("b", d.join("a")).expect("symlink");
        std::os::unix::fs::symlink("a", d.join("b")).expect("symlink");
        let _ = resolve(&d.join("a"));
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_to_a_fifo() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = fifo.clone();
        std::thread::spawn(move || {
            let _ = tx.send(std::fs::read_to_string(reader).expect("read fifo"));
        });
        write_text(&fifo, "through the pipe").expect("write");
        let got = rx.recv_timeout(std::time::Duration::from_secs(10));
        assert_eq!(got.as_deref(), Ok("through the pipe"));
        assert!(std::fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo());
    }

    #[test]
    fn a_directory_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = write_text(dir.path(), "x").expect_err("a directory");
        let message = format!("{err:#}");
        assert!(message.ends_with("it is a directory"), "{message}");
    }
}

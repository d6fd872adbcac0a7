//! Where output goes: stdout, or a file written atomically (temporary file, then rename), so a
//! reader never sees half a report and a failed run never clobbers the last good one.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;

/// Runs `write` against stdout or against `path` (atomically).
pub fn write_to(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match path.filter(|p| p.as_os_str() != "-") {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            write(&mut out)?;
            out.flush()?;
            Ok(())
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let mut tmp = tempfile::NamedTempFile::new_in(dir)
                .with_context(|| format!("cannot create a file in {}", dir.display()))?;
            {
                let mut out = BufWriter::new(tmp.as_file_mut());
                write(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
                out.flush()
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            // A temporary file is private (0600); the report should get the permissions a
            // plain write would give it: those of the file it replaces, else rw-r--r--.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let permissions = std::fs::metadata(path)
                    .map(|m| m.permissions())
                    .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
                std::fs::set_permissions(tmp.path(), permissions)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(())
        }
    }
}

/// Whether an error is a broken pipe (`wirediff ... | head`), which ends the run quietly.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

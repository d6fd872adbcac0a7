//! Copies JSON Lines records from the input files, byte for byte: `wirediff dedup` writes the
//! records it keeps as they were given (every field, the text with its own line ends), not as
//! wirediff's reading of them.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Reads input files forward, one open at a time: records asked for in input order (as the
/// kept articles are) cost one pass over each file.
#[derive(Default)]
pub struct RecordCopier {
    open: Option<OpenFile>,
    line: Vec<u8>,
}

struct OpenFile {
    path: PathBuf,
    reader: BufReader<File>,
    /// Number of the line the next read returns.
    next: usize,
}

/// Why a record was not copied.
#[derive(Debug)]
pub enum CopyError {
    /// Writing the output failed: an error of the output (a closed pipe, a full disk).
    Write(std::io::Error),
    /// The input could not be read again, or changed during the run.
    Input(anyhow::Error),
}

impl RecordCopier {
    /// Writes line `line` (numbered from 1) of the file at `path`, without its line end, and a
    /// `\n`.
    pub fn copy(&mut self, path: &Path, line: usize, out: &mut dyn Write) -> Result<(), CopyError> {
        let record = self.read(path, line).map_err(CopyError::Input)?;
        out.write_all(record)
            .and_then(|()| out.write_all(b"\n"))
            .map_err(CopyError::Write)
    }

    /// Line `line` of the file at `path`, without its line end.
    fn read(&mut self, path: &Path, line: usize) -> anyhow::Result<&[u8]> {
        let name = path.display();
        let f = match &mut self.open {
            Some(f) if f.path == path && f.next <= line => f,
            slot => {
                let file = File::open(path).with_context(|| format!("cannot read {name} again"))?;
                slot.insert(OpenFile {
                    path: path.to_path_buf(),
                    reader: BufReader::with_capacity(1 << 20, file),
                    next: 1,
                })
            }
        };
        let changed = || format!("{name}:{line}: the file changed during the run");
        loop {
            self.line.clear();
            let n = f
                .reader
                .read_until(b'\n', &mut self.line)
                .with_context(|| format!("cannot read {name} again"))?;
            if n == 0 {
                anyhow::bail!(changed());
            }
            f.next += 1;
            if f.next - 1 == line {
                break;
            }
        }
        let mut record = self.line.as_slice();
        if line == 1 {
            record = record.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(record);
        }
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        let record = record.strip_suffix(b"\r").unwrap_or(record);
        // The reader made an article of this line, so it held a JSON object.
        if record.trim_ascii_start().first() != Some(&b'{') {
            anyhow::bail!(changed());
        }
        Ok(record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_lines_verbatim_in_any_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.jsonl");
        std::fs::write(
            &path,
            "\u{FEFF}{\"id\": 1, \"extra\": [1]}\r\n\n{\"id\": 2, \"text\": \"a\\r\\nb\"}\n{\"id\": 3}",
        )
        .expect("write");
        let name = path.as_path();
        let mut copier = RecordCopier::default();
        let mut out = Vec::new();
        for line in [1, 3, 4, 1] {
            copier.copy(name, line, &mut out).expect("copy");
        }
        let expected = "{\"id\": 1, \"extra\": [1]}\n{\"id\": 2, \"text\": \"a\\r\\nb\"}\n\
                        {\"id\": 3}\n{\"id\": 1, \"extra\": [1]}\n";
        assert_eq!(String::from_utf8(out).expect("utf-8"), expected);
        // A line that is not there, or not a record, means the file changed.
        assert!(copier.copy(name, 9, &mut Vec::new()).is_err());
        assert!(copier.copy(name, 2, &mut Vec::new()).is_err());
    }
}

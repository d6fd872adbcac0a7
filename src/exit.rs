//! Exit codes, in one place. CI scripts depend on them; see the README.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// The run completed; nothing the `--fail-on` gate asks about was found.
    Ok = 0,
    /// The run completed and found what `--fail-on` asks about (e.g. a flipped negation).
    Findings = 1,
    /// Usage error or fatal error: bad flag, missing input path, output not writable.
    Usage = 2,
    /// The run completed, but some input was skipped (bad file or JSON line; see stderr).
    InputSkipped = 3,
}

impl From<Code> for ExitCode {
    fn from(code: Code) -> ExitCode {
        ExitCode::from(code as u8)
    }
}

//! The `wirediff` command line: parse arguments, call the library, map outcomes to exit codes.

mod cli;
mod exit;
mod output;
mod progress;
mod records;

use std::process::ExitCode;

fn main() -> ExitCode {
    use clap::Parser;
    wirediff::heap::grow_heaps_in_large_steps();
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return exit::Code::Ok.into();
            }
            // Paths in the message may hold escape sequences: never pass them to a terminal.
            let message = format!("{err:#}");
            eprintln!(
                "wirediff: error: {}",
                wirediff::report::text::terminal_safe(&message)
            );
            exit::Code::Usage.into()
        }
    }
}

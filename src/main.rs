//! The `wirediff` command line: parse arguments, call the library, map outcomes to exit codes.

// The binary is where output is printed; the library never prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod exit;
mod output;

use std::process::ExitCode;

fn main() -> ExitCode {
    use clap::Parser;
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            if output::is_broken_pipe(&err) {
                return exit::Code::Ok.into();
            }
            eprintln!("wirediff: error: {err:#}");
            exit::Code::Usage.into()
        }
    }
}

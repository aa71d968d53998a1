//! `icp`: find your ideal customers in your own data, prove it, and put the answer to work.
//!
//! The binary owns the command line, settings and output; the work happens in the library
//! crates (`icp-io` reads, `icp-project` assembles, `icp-rules` evaluates rules).

mod analysis;
mod cli;
mod commands;
mod hash;
mod orders;
mod output;
mod report;
mod summary;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`icp … | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let message = format!("error: {err:#}");
            // Colour the labels of the message and of its hint lines.
            let painted: Vec<String> = message.lines().map(output::paint).collect();
            let _ = writeln!(stderr, "{}", painted.join("\n"));
            ExitCode::from(1)
        }
    }
}

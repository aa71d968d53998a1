//! `icp`: find your ideal customers in your own data, prove it, and put the answer to work.
//!
//! The binary turns arguments into requests for `icp-engine` and renders what comes back
//! (text, JSON, files, colour, progress); the work happens in the library crates.

mod cli;
mod commands;
mod engine;
mod files;
mod hints;
mod output;
mod page;
mod summary;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

/// What a panic said, kept instead of printed: a panic inside a library that icp catches
/// (a damaged file) must not spill a Rust backtrace on the user, and one that is not caught
/// is reported as an internal error, once.
static PANIC: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut slot) = PANIC.lock() {
            *slot = Some(info.to_string());
        }
    }));
    let cli = cli::Cli::parse();
    // The server stops on signals itself, finishing requests in flight.
    files::init(cli.force, !matches!(cli.command, cli::Command::Serve(_)));
    engine::allow_outside(cli.allow_outside);
    let outcome = std::panic::catch_unwind(|| commands::run(cli)).unwrap_or_else(|_| {
        let what = PANIC.lock().ok().and_then(|mut p| p.take()).unwrap_or_default();
        Err(anyhow::anyhow!(
            "internal error (a bug in icp, not in your data): {what}\nhint: please report it with the command you ran"
        ))
    });
    match outcome {
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
            let mut message = hints::name_flags(&format!("error: {}", chain_message(&err)));
            if let Some(hint) = hints::for_chain(err.chain())
                && !message.contains(hint)
            {
                message.push_str(&format!("\nhint: {hint}"));
            }
            // Colour the labels of the message and of its hint lines.
            let message = output::terminal_safe(&message);
            let painted: Vec<String> = message.lines().map(output::paint).collect();
            let _ = writeln!(stderr, "{}", painted.join("\n"));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes joined by ": ", each cause once: library errors that already name
/// their cause in their own message (`file: No such file…`) would otherwise repeat it.
fn chain_message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

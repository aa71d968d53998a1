//! One file per subcommand.

mod demo;
mod describe;
mod init;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init(args) => init::run(&args, cli.quiet),
        Command::Describe(args) => describe::run(&args, cli.quiet),
        Command::Demo(args) => demo::run(&args, cli.quiet),
    }
}

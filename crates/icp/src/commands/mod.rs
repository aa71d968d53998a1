//! One file per subcommand.

mod allocate;
mod chain;
mod clv;
mod demo;
mod describe;
pub mod diff;
mod discover;
mod evaluate;
mod explain;
mod history;
mod init;
mod interview;
mod journey;
mod lookalike;
mod personas;
mod plan;
mod pushdown;
mod report;
mod review;
mod rfm;
mod rightsize;
mod score;
mod segment;
mod serve;
mod sql;

use anyhow::Result;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init(args) => init::run(&args, cli.quiet),
        Command::Describe(args) => describe::run(&args, cli.quiet),
        Command::Discover(args) => discover::run(&args, cli.quiet),
        Command::Score(args) => score::run(&args, cli.quiet),
        Command::Sql(args) => sql::run(&args, cli.quiet),
        Command::Explain(args) => explain::run(&args, cli.quiet),
        Command::Evaluate(args) => evaluate::run(&args, cli.quiet),
        Command::Segment(args) => segment::run(&args, cli.quiet),
        Command::Rfm(args) => rfm::run(&args, cli.quiet),
        Command::Clv(args) => clv::run(&args, cli.quiet),
        Command::Report(args) => report::run(&args, cli.quiet),
        Command::Serve(args) => serve::run(&args, cli.quiet),
        Command::Review(args) => review::run(&args, cli.quiet),
        Command::Diff(args) => diff::run(&args),
        Command::Rightsize(args) => rightsize::run(&args, cli.quiet),
        Command::Plan(args) => plan::run(&args, cli.quiet),
        Command::Allocate(args) => allocate::run(&args, cli.quiet),
        Command::Lookalike(args) => lookalike::run(&args, cli.quiet),
        Command::History(args) => history::run(&args, cli.quiet),
        Command::Demo(args) => demo::run(&args, cli.quiet),
        Command::Chain(args) => chain::run(&args, cli.quiet),
        Command::Personas(args) => personas::run(&args, cli.quiet),
        Command::Journey(args) => journey::run(&args, cli.quiet),
        Command::Interview(args) => interview::run(&args, cli.quiet),
    }
}

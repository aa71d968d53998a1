//! `icp lookalike --like ID`: the records most like one chosen customer, by the points the
//! bins they share with it carry (the engine's `lookalike`).

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::lookalike::like;
use icp_engine::scoring::{load_scorer, read_options};

use crate::cli::LookalikeArgs;
use crate::engine::{advise, open};
use crate::output;

pub fn run(args: &LookalikeArgs, quiet: bool) -> Result<()> {
    let session = open(&args.project, Overrides::default())?;
    let scorer = load_scorer(&args.profile).map_err(advise)?;
    let found = match &args.input {
        None => {
            let d = &session.dataset;
            let names = d.labels(d.id_column().or(d.name_column()));
            like(&session, &scorer, &args.like, &d.frame, &names, args.limit)
        }
        Some(path) => {
            let settings = super::score::read_settings(&args.read);
            let options = read_options(&settings, &scorer).map_err(advise)?;
            let table = icp_io::read_table(path, &options)?;
            let id = scorer.profile().provenance.id_column.clone();
            let column = id.as_deref().and_then(|c| table.frame.column(c));
            let first = if args.read.no_header { 1 } else { 2 };
            let names: Vec<String> = (0..table.frame.rows())
                .map(|i| {
                    icp_engine::scoring::cell_text(column, i)
                        .unwrap_or_else(|| format!("row {}", i + first))
                })
                .collect();
            like(&session, &scorer, &args.like, &table.frame, &names, args.limit)
        }
    }
    .map_err(advise)?;
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&found)?))?;
        return Ok(());
    }
    let mut out = String::new();
    for (k, a) in found.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}. {}  {:.0}%  same bins: {}",
            k + 1,
            output::pad(&a.name, 24),
            a.similarity * 100.0,
            if a.shared.is_empty() { "none".to_owned() } else { a.shared.join(", ") }
        );
    }
    output::stdout(&out)?;
    output::note(
        quiet,
        "similarity: the points of the bins shared with the chosen customer, over all the profile's points",
    );
    Ok(())
}

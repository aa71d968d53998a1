//! `icp report`: the whole story on one page — discover, prove, score, segment, and RFM and
//! lifetime value when the project has orders — written as one self-contained HTML file.
//! The project is loaded once; the engine runs every job over it.

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::report::{ReportRequest, full_report};

use crate::cli::ReportArgs;
use crate::engine::{advise, open, progress};
use crate::output;

pub fn run(args: &ReportArgs, quiet: bool) -> Result<()> {
    let overrides = Overrides {
        golden: args.golden.as_ref().map(|g| icp_engine::Override::new(g, "--golden")),
        ..Overrides::default()
    };
    let session = open(&args.project, overrides)?;
    let lang = crate::page::lang(args.lang.as_deref(), &session.project)?;
    let profile =
        args.profile.as_deref().map(|path| crate::engine::load_profile(path, None)).transpose()?;
    let request = ReportRequest { profile, folds: args.folds, keep_leaks: args.keep_leaks };
    let (report, notes) = full_report(&session, &request, &progress(quiet)).map_err(advise)?;
    output::notes(quiet, &notes);
    let mut inputs = session.inputs();
    inputs.extend(args.profile.clone());
    crate::page::write(&args.output, &report, lang, quiet, &inputs)
}

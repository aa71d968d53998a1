//! `icp history [PROFILE]`: the versions of a profile, from the files beside it; with
//! `--restore HASH`, an older version becomes the profile again (the current one is kept).

use std::fmt::Write as _;

use anyhow::{Context as _, Result};
use icp_engine::history::{History, SHORT_HASH, Version, history};

use crate::cli::HistoryArgs;
use crate::engine::advise;
use crate::output::{self, truncate};

pub fn run(args: &HistoryArgs, quiet: bool) -> Result<()> {
    let found = history(&args.profile).map_err(advise)?;
    if let Some(hash) = &args.restore {
        return restore(args, &found, hash, quiet);
    }
    if args.json {
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&found)?))?;
    } else {
        output::stdout(&render(&found))?;
    }
    for (file, why) in &found.unreadable {
        output::note(quiet, &format!("note: {} is not read as a version: {why}", file.display()));
    }
    Ok(())
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(SHORT_HASH)]
}

fn line(w: &mut String, v: &Version) {
    let auc = v.auc.map_or("-".to_owned(), |a| format!("{a:.3}"));
    let _ = writeln!(
        w,
        "  {:<12}  {:<20}  {}  {:>5}  {:>2} {}  {}",
        short(&v.hash),
        truncate(&v.created, 20),
        output::pad(&truncate(&v.golden_rule, 28), 28),
        auc,
        v.attributes.len(),
        truncate(&v.attributes.join(", "), 60),
        v.file.display()
    );
}

fn render(h: &History) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "  {:<12}  {:<20}  {}  {:>5}  attributes{:>54}file",
        "version",
        "created",
        output::pad("golden rule", 28),
        "AUC",
        ""
    );
    for v in &h.chain {
        line(w, v);
    }
    match &h.missing_parent {
        Some(p) => {
            let _ = writeln!(w, "  (its parent {} is in no file here)", short(p));
        }
        None => {
            let _ = writeln!(w, "  (the first version)");
        }
    }
    if !h.others.is_empty() {
        let _ = writeln!(w, "\nOther versions kept here, not in the chain:");
        for v in &h.others {
            line(w, v);
        }
    }
    let _ = writeln!(w, "\n`icp history --restore VERSION` makes a version the profile again.");
    out
}

fn restore(args: &HistoryArgs, h: &History, hash: &str, quiet: bool) -> Result<()> {
    let wanted = h.find(hash).map_err(advise)?;
    let current = &h.chain[0];
    let path = &args.profile;
    if wanted.hash == current.hash {
        output::note(
            quiet,
            &format!(
                "{} is already version {}; nothing changed",
                path.display(),
                short(&wanted.hash)
            ),
        );
        return Ok(());
    }
    // Checked before anything is copied, so a refusal leaves the folder as it was.
    crate::files::destination(path, &[])?;
    let bytes = std::fs::read(&wanted.file)
        .with_context(|| format!("cannot read {}", wanted.file.display()))?;
    let already_kept = h.kept_copy(&current.hash);
    let kept = match already_kept {
        Some(v) => v.file.clone(),
        None => {
            let kept = crate::files::backup_name(path);
            std::fs::copy(path, &kept)
                .with_context(|| format!("cannot keep a copy of {}", path.display()))?;
            kept
        }
    };
    crate::files::write(path, &bytes, &[])?;
    output::note(
        quiet,
        &format!(
            "{} is now version {} (from {}); version {} is kept as {}",
            path.display(),
            short(&wanted.hash),
            wanted.file.display(),
            short(&current.hash),
            kept.display()
        ),
    );
    Ok(())
}

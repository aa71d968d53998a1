//! Writing the report: choosing its language and saying where it went.

use std::path::Path;

use anyhow::{Result, bail};
use icp_report::{Lang, Report};

use crate::output;

/// The language: the flag, then `lang` in icp.toml, then the locale (`LC_ALL`, `LANG`).
pub fn lang(flag: Option<&str>, project: &icp_project::ProjectFile) -> Result<Lang> {
    let chosen = flag.map(str::to_owned).or_else(|| project.lang.clone());
    match chosen.as_deref() {
        Some("en") => Ok(Lang::En),
        Some("ja") => Ok(Lang::Ja),
        Some(other) => bail!("language `{other}` is not available; use en or ja"),
        None => {
            let locale = std::env::var("LC_ALL")
                .ok()
                .filter(|v| !v.is_empty())
                .or_else(|| std::env::var("LANG").ok())
                .unwrap_or_default();
            Ok(Lang::from_locale(&locale))
        }
    }
}

/// Writes the report (never over one of `inputs`) and says where.
pub fn write(
    path: &Path,
    report: &Report,
    lang: Lang,
    quiet: bool,
    inputs: &[std::path::PathBuf],
) -> Result<()> {
    let html = icp_report::render(report, lang);
    crate::files::write_data(path, html.as_bytes(), inputs)?;
    output::note(quiet, &format!("wrote the report to {}", path.display()));
    Ok(())
}

/// Writes the report `add` fills, when `--report` asks for one.
pub fn maybe_write(
    page: &crate::cli::PageArgs,
    session: &icp_engine::Session,
    quiet: bool,
    add: impl FnOnce(&mut Report),
) -> Result<()> {
    if let Some(path) = &page.report {
        let mut report = icp_engine::report::base(&session.project_path);
        add(&mut report);
        let lang = lang(page.lang.as_deref(), &session.project)?;
        write(path, &report, lang, quiet, &session.inputs())?;
    }
    Ok(())
}

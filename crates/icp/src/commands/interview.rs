//! `icp interview`: the ICP interview page and answer sheet for the top golden customers,
//! and a filled sheet read back as attributes.

use std::fmt::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::interview::{
    Lang, answer_sheet, answer_sheet_xlsx, interviewees, page, read_answers,
};

use crate::cli::InterviewArgs;
use crate::engine::{advise, open};
use crate::output;

pub fn run(args: &InterviewArgs, quiet: bool) -> Result<()> {
    let session = open(&args.project, Overrides::default())?;
    if let Some(path) = &args.answers {
        return import(args, path, &session, quiet);
    }
    let lang = match crate::page::lang(args.lang.as_deref(), &session.project)? {
        icp_report::Lang::Ja => Lang::Ja,
        _ => Lang::En,
    };
    let customers = interviewees(&session, Some(&args.profile), args.top).map_err(advise)?;
    let sheet_name = args
        .sheet
        .file_name()
        .map_or_else(|| args.sheet.display().to_string(), |n| n.to_string_lossy().into_owned());
    let inputs = session.inputs();
    crate::files::write_data(&args.html, page(&customers, lang, &sheet_name).as_bytes(), &inputs)?;
    // A workbook when the sheet's name asks for one, else CSV.
    let xlsx = args.sheet.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let sheet = if xlsx {
        answer_sheet_xlsx(&customers, lang)
    } else {
        answer_sheet(&customers).into_bytes()
    };
    if xlsx {
        crate::files::write_workbook(&args.sheet, &sheet, &inputs)?;
    } else {
        crate::files::write_data(&args.sheet, &sheet, &inputs)?;
    }
    if args.json {
        return output::stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({
                "page": args.html,
                "sheet": args.sheet,
                "customers": customers,
            }))?
        ));
    }
    output::note(
        quiet,
        &format!(
            "wrote the interview for {} golden customers to {} (print it) and {} (fill it in, then: icp interview --answers {})",
            customers.len(),
            args.html.display(),
            args.sheet.display(),
            args.sheet.display()
        ),
    );
    Ok(())
}

fn import(
    args: &InterviewArgs,
    path: &std::path::Path,
    session: &icp_engine::Session,
    quiet: bool,
) -> Result<()> {
    let answers = read_answers(path).map_err(advise)?;
    let mut inputs = session.inputs();
    inputs.push(path.to_owned());
    crate::files::write_data(&args.output, answers.table.as_bytes(), &inputs)?;
    for (column, n) in &answers.unknown_codes {
        output::note(
            quiet,
            &format!(
                "warning: {n} answers in `{column}` use a code the interview does not list; kept as written"
            ),
        );
    }
    if args.json {
        return output::stdout(&format!("{}\n", serde_json::to_string_pretty(&answers)?));
    }
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{} customers answered", answers.customers);
    for a in &answers.attributes {
        let _ = writeln!(w, "  {}", a.summary);
    }
    let id = session.dataset.id.as_deref().unwrap_or("id");
    let _ = writeln!(
        w,
        "\nwrote the answers' codes to {}; to analyse them with the accounts, add to icp.toml:\n\n[[lookup]]\npath = \"{}\"\non = \"{id}\"\nkey = \"account_id\"\n\n[segmenting]\npsychographic = [{}]",
        args.output.display(),
        args.output.display(),
        answers
            .attributes
            .iter()
            .map(|a| format!("\"{}\"", a.column))
            .collect::<Vec<_>>()
            .join(", ")
    );
    output::stdout(&out)
}

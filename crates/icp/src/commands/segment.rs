//! `icp segment`: segments that each carry an action, and whom not to approach (the engine's
//! `segment` job does the work; this writes the files and the summary).

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Result;
use icp_engine::Overrides;
use icp_engine::segment::{Family, Segment, SegmentRequest, segment};
use icp_engine::segment_files;
use icp_project::SegmentMode;
use serde_json::{Value as Json, json};

use crate::cli::SegmentArgs;
use crate::engine::{advise, open, progress};
use crate::output::{self, thousands};

pub fn run(args: &SegmentArgs, quiet: bool) -> Result<()> {
    let profile =
        args.profile.as_deref().map(|path| crate::engine::load_profile(path, None)).transpose()?;
    let reading = icp_engine::segment::reading(profile.as_ref()).map_err(advise)?;
    let session = open(&args.project, Overrides { reading, ..Overrides::default() })?;
    let request = SegmentRequest {
        k: args.k,
        clusters: !args.no_clusters,
        seed: args.seed,
        keep_leaks: args.keep_leaks,
    };
    let s = segment(&session, &request, profile.as_ref(), &progress(quiet)).map_err(advise)?;
    let mut inputs = session.inputs();
    inputs.extend(args.profile.clone());
    crate::page::maybe_write(&args.page, &session, quiet, |report| {
        icp_engine::report::add_segments(report, &s.segments, &s.dna, &s.ids)
    })?;
    let style = || segment_files::output_style(&session, args.output_encoding.as_deref());
    if let Some(path) = &args.output {
        let jsonl = path.extension().is_some_and(|e| e == "jsonl" || e == "ndjson");
        // Written as it is made into a temporary file put in place at the end: on millions of
        // records the file's text is the largest thing the command would otherwise hold.
        let target = crate::files::Output::create_data(path, &inputs)?;
        {
            let mut sink = target.sink();
            if jsonl {
                write_memberships_jsonl(&mut *sink, &s.ids, &s.families, s.score.as_deref())?;
            } else {
                segment_files::write_memberships_csv(&s, &session, style()?, &mut *sink)
                    .map_err(advise)?;
            }
            sink.flush()?;
        }
        target.commit()?;
        output::note(quiet, &format!("wrote each record's segments to {}", path.display()));
    }
    if let Some(path) = &args.do_not_approach {
        let reason = |k: usize| icp_report::EN.dna_reasons(&s.dna[k].1);
        let target = crate::files::Output::create_data(path, &inputs)?;
        {
            let mut sink = target.sink();
            segment_files::write_do_not_approach_csv(&s, &session, style()?, &reason, &mut *sink)
                .map_err(advise)?;
            sink.flush()?;
        }
        target.commit()?;
        output::note(
            quiet,
            &format!(
                "wrote the do-not-approach list ({} records) to {}",
                s.dna.len(),
                path.display()
            ),
        );
    }
    if args.json {
        let report = json!({
            "records": s.records,
            "mode": match s.mode { SegmentMode::First => "first", SegmentMode::Overlap => "overlap" },
            "segments": s.segments.iter().map(Segment::summary).collect::<Vec<_>>(),
            "do_not_approach": s.dna.len(),
        });
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        output::stdout(&report_text(&s.segments, s.records, s.dna.len()))?;
    }
    output::notes(quiet, &s.notes);
    Ok(())
}

fn write_memberships_jsonl(
    out: &mut dyn std::io::Write,
    ids: &icp_frame::StrColumn,
    families: &[Family],
    score: Option<&[f64]>,
) -> Result<()> {
    for i in 0..ids.len() {
        let mut object = serde_json::Map::new();
        object.insert("record".into(), json!(ids.get(i).unwrap_or_default()));
        for f in families {
            object.insert(f.name.to_string(), json!(f.label(i)));
        }
        if let Some(s) = score {
            object.insert(
                "icp_score".into(),
                if s[i].is_finite() { json!(s[i]) } else { Json::Null },
            );
        }
        serde_json::to_writer(&mut *out, &Json::Object(object))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn report_text(segments: &[Segment], n: usize, dna: usize) -> String {
    let mut out = String::new();
    let w = &mut out;
    let mut current = String::new();
    for s in segments {
        let family = s.family.to_string();
        if family != current {
            current = family;
            let _ = writeln!(w, "\n{current}");
            let _ = writeln!(
                w,
                "  {:<40} {:>8} {:>6} {:>7} {:>7} {:>6}  action",
                "segment", "records", "share", "value", "golden", "score"
            );
        }
        let pct = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{:.1}%", v * 100.0));
        let action = match (&s.action, s.suggested) {
            (Some(a), true) => format!("{a} (suggested)"),
            (Some(a), false) => a.to_string(),
            (None, _) => "no action — decide or drop it".into(),
        };
        let owner = s.owner.as_ref().map_or(String::new(), |o| format!(" [{o}]"));
        let _ = writeln!(
            w,
            "  {} {:>8} {:>6} {:>7} {:>7} {:>6}  {action}{owner}",
            output::pad(&output::truncate(&s.name.to_string(), 40), 40),
            thousands(s.stats.size),
            format!("{:.1}%", s.stats.share * 100.0),
            pct(s.stats.value_share),
            pct(s.stats.golden_share),
            s.stats.mean_score.map_or("-".to_owned(), |x| format!("{x:.1}")),
        );
        if !s.stats.distinctions.is_empty() {
            let words: Vec<String> = s.stats.distinctions.iter().map(ToString::to_string).collect();
            let _ = writeln!(w, "  {:<40} {}", "", words.join("; "));
        }
    }
    let _ =
        writeln!(w, "\n{} records; {} on the do-not-approach list", thousands(n), thousands(dna));
    out
}

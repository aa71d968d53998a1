//! `icp segment`: segments that each carry an action — the project's rule segments, clusters
//! of mixed data, and the families people use (geographic, demographic, psychographic,
//! purchase status, attitude, engagement) — with size, value share, golden share, mean ICP
//! score and what sets each apart, plus the do-not-approach list with reasons.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use icp_frame::{Frame, Value};
use icp_io::roles::Role;
use icp_project::{Dataset, LoadOptions, ProjectFile, SegmentMode, key_text};
use icp_rules::Expr;
use icp_scorecard::scorer::{Outcome, Scorer};
use icp_segment::families;
use icp_segment::rules::{self, RuleSegment};
use icp_segment::summary::{self, Facts, SegmentStats};
use serde_json::{Value as Json, json};

use crate::cli::SegmentArgs;
use crate::output::{self, thousands};

/// One segment of one family, with its figures and action.
pub struct Segment {
    pub family: String,
    pub name: String,
    pub stats: SegmentStats,
    pub action: Option<String>,
    pub owner: Option<String>,
    /// Whether the action was suggested by icp rather than written by a person.
    pub suggested: bool,
}

/// A family's label for every record (`None`: not in any segment of it).
pub struct Family {
    pub name: String,
    pub labels: Vec<Option<String>>,
}

/// What segmentation found.
pub struct Segmented {
    pub project: ProjectFile,
    pub segments: Vec<Segment>,
    pub families: Vec<Family>,
    /// Row and reasons of every record on the do-not-approach list.
    pub dna: Vec<(usize, String)>,
    /// How each record is named in outputs.
    pub ids: Vec<String>,
    pub score: Option<Vec<f64>>,
    pub records: usize,
}

pub fn run(args: &SegmentArgs, quiet: bool) -> Result<()> {
    let profile = args.profile.as_deref().map(icp_profile::Profile::load).transpose()?;
    let Segmented { project, segments, families, dna, ids, score, records: n } =
        compute(args, quiet, profile)?;
    if let Some(path) = &args.page.report {
        let mut report = crate::report::base(&args.project);
        crate::report::add_segments(&mut report, &segments, &dna, &ids);
        crate::report::write(
            path,
            &report,
            crate::report::lang(args.page.lang.as_deref(), &project)?,
            quiet,
        )?;
    }
    if let Some(path) = &args.output {
        write_memberships(path, &ids, &families, score.as_deref())?;
        output::note(quiet, &format!("wrote each record's segments to {}", path.display()));
    }
    if let Some(path) = &args.do_not_approach {
        let mut csv = String::from("record,reason\n");
        for (i, reason) in &dna {
            let _ = writeln!(
                csv,
                "{},{}",
                crate::output::csv_cell(&ids[*i]),
                crate::output::csv_cell(reason)
            );
        }
        output::write_atomic(path, csv.as_bytes())?;
        output::note(
            quiet,
            &format!(
                "wrote the do-not-approach list ({} records) to {}",
                dna.len(),
                path.display()
            ),
        );
    }
    if args.json {
        let report = json!({
            "records": n,
            "mode": match project.segmenting.mode { SegmentMode::First => "first", SegmentMode::Overlap => "overlap" },
            "segments": segments.iter().map(segment_json).collect::<Vec<_>>(),
            "do_not_approach": dna.len(),
        });
        output::stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        output::stdout(&report_text(&segments, n, dna.len()))?;
    }
    Ok(())
}

/// Forms every segment family and the do-not-approach list. `profile` adds scores and hard
/// criteria.
pub fn compute(
    args: &SegmentArgs,
    quiet: bool,
    profile: Option<icp_profile::Profile>,
) -> Result<Segmented> {
    let project = ProjectFile::load(&args.project)?;
    let dir = match args.project.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let dataset = Dataset::load(&project, &dir, &LoadOptions::default())
        .with_context(|| format!("loading the project {}", args.project.display()))?;
    let frame = &dataset.frame;
    let n = frame.rows();
    let golden = match &project.golden.rule {
        Some(rule) => {
            Some(icp_project::golden::evaluate(rule, frame, "the golden rule in icp.toml")?.mask)
        }
        None => None,
    };
    let value = match &project.golden.value {
        Some(v) => Some(numbers(frame, v, "the golden value in icp.toml")?),
        None => None,
    };
    let (score, dna_criteria) = match profile {
        Some(profile) => {
            let scorer = Scorer::new(profile)?;
            scorer.check_columns(frame)?;
            let batch = scorer.score(frame)?;
            let scores: Vec<f64> = (0..n)
                .map(|i| match batch.outcomes[i] {
                    Outcome::Insufficient => f64::NAN,
                    _ => f64::from(batch.score_tenths[i]) / 10.0,
                })
                .collect();
            let criteria: Vec<Option<String>> = (0..n)
                .map(|i| match batch.outcomes[i] {
                    Outcome::Disqualified { criterion } => {
                        let c = &scorer.profile().criteria[usize::from(criterion)];
                        Some(format!(
                            "fails a hard criterion: {}",
                            c.reason.clone().unwrap_or_else(|| c.rule.clone())
                        ))
                    }
                    _ => None,
                })
                .collect();
            (Some(scores), criteria)
        }
        None => (None, vec![None; n]),
    };
    let facts =
        Facts { value: value.as_deref(), golden: golden.as_deref(), score: score.as_deref() };
    let describe: Vec<String> =
        dataset.columns.iter().filter(|c| c.analyse).map(|c| c.name.clone()).collect();
    let base_golden =
        golden.as_ref().map(|g| g.iter().filter(|&&x| x).count() as f64 / n.max(1) as f64);

    let mut segments: Vec<Segment> = Vec::new();
    let mut families: Vec<Family> = Vec::new();

    // Rule segments.
    if !project.segments.is_empty() {
        let defs: Vec<RuleSegment> = project
            .segments
            .iter()
            .map(|s| RuleSegment {
                name: s.name.clone(),
                when: s.when.clone(),
                action: s.action.clone(),
                owner: s.owner.clone(),
            })
            .collect();
        let membership = rules::apply(frame, &defs)?;
        let overlap = project.segmenting.mode == SegmentMode::Overlap;
        let mut labels: Vec<Option<String>> = vec![None; n];
        for (s, def) in defs.iter().enumerate() {
            let members = membership.members(s, overlap);
            for &i in &members {
                labels[i] = Some(match &labels[i] {
                    Some(prev) => format!("{prev}; {}", def.name),
                    None => def.name.clone(),
                });
            }
            segments.push(Segment {
                family: "rule segment".into(),
                name: def.name.clone(),
                stats: summary::stats(frame, &members, facts, &describe),
                action: def.action.clone(),
                owner: def.owner.clone(),
                suggested: false,
            });
        }
        families.push(Family { name: "rule segment".into(), labels });
    }

    // Clusters of mixed data (k-prototypes), k by silhouette unless given.
    if !args.no_clusters {
        let columns: Vec<&str> = dataset
            .columns
            .iter()
            .filter(|c| {
                c.analyse
                    && matches!(
                        c.kind,
                        icp_frame::Kind::Number
                            | icp_frame::Kind::Categorical
                            | icp_frame::Kind::Boolean
                    )
            })
            .map(|c| c.name.as_str())
            .take(20)
            .collect();
        if columns.is_empty() {
            output::note(
                quiet,
                "note: no numeric or categorical column to cluster on; clusters skipped",
            );
        } else {
            clusters(
                &project,
                frame,
                &columns,
                args,
                quiet,
                facts,
                &describe,
                base_golden,
                &mut segments,
                &mut families,
            )?;
        }
    }

    // The families people use.
    let role_column =
        |role: Role| dataset.columns.iter().find(|c| c.role == Some(role)).map(|c| c.name.clone());
    let geographic = if project.segmenting.geographic.is_empty() {
        role_column(Role::Country).into_iter().collect()
    } else {
        project.segmenting.geographic.clone()
    };
    let demographic = if project.segmenting.demographic.is_empty() {
        [Role::Industry, Role::Employees].into_iter().filter_map(role_column).collect()
    } else {
        project.segmenting.demographic.clone()
    };
    for (family, columns) in [
        ("geographic", &geographic),
        ("demographic", &demographic),
        ("psychographic", &project.segmenting.psychographic),
    ] {
        for name in columns {
            icp_project::require_column(
                frame,
                &dataset.accounts.source.path,
                name,
                &format!("[segmenting] {family}"),
            )?;
            let column = frame.column(name).expect("checked");
            let labels = families::by_column(column);
            push_family(
                &mut segments,
                &mut families,
                frame,
                &format!("{family}: {name}"),
                labels,
                facts,
                &describe,
                base_golden,
            );
        }
    }
    if let (None, Some(_), Some(id)) = (&dataset.deal_summary, &project.orders, &dataset.id) {
        // Purchase status from the orders table: distinct orders per account.
        let orders = crate::orders::load(&crate::cli::OrdersArgs {
            project: args.project.clone(),
            ..Default::default()
        })?;
        let of = &orders.table.frame;
        let customer = of.column(&orders.columns.customer).expect("resolved");
        let invoice = orders.columns.invoice.as_deref().and_then(|n| of.column(n));
        let mut per: std::collections::HashMap<String, std::collections::HashSet<String>> =
            Default::default();
        for i in 0..of.rows() {
            if let Some(k) = key_text(customer, i) {
                let order =
                    invoice.and_then(|c| key_text(c, i)).unwrap_or_else(|| format!("line {i}"));
                per.entry(k).or_default().insert(order);
            }
        }
        let ids = frame.column(id).expect("id exists");
        let labels = (0..n)
            .map(|i| {
                key_text(ids, i).map(|k| {
                    families::purchase_status(per.get(&k).map_or(0, |s| s.len()) as f64).to_owned()
                })
            })
            .collect();
        push_family(
            &mut segments,
            &mut families,
            frame,
            "purchase status",
            labels,
            facts,
            &describe,
            base_golden,
        );
    }
    if let Some(won) = frame.column("won_deals").filter(|_| dataset.deal_summary.is_some()) {
        let labels = (0..n)
            .map(|i| match won.get(i) {
                Value::Number(x) => Some(families::purchase_status(x).to_owned()),
                _ => None,
            })
            .collect();
        push_family(
            &mut segments,
            &mut families,
            frame,
            "purchase status",
            labels,
            facts,
            &describe,
            base_golden,
        );
    }
    if let Some(nps) = &project.segmenting.nps {
        icp_project::require_column(frame, &dataset.accounts.source.path, nps, "[segmenting] nps")?;
        let first_row = dataset.first_row();
        let labels = families::attitudes(frame.column(nps).expect("checked"), first_row)?
            .into_iter()
            .map(|a| a.map(str::to_owned))
            .collect();
        push_family(
            &mut segments,
            &mut families,
            frame,
            "attitude",
            labels,
            facts,
            &describe,
            base_golden,
        );
    }
    if let Some(steps) = &project.segmenting.steps {
        let labels = engagement(&project, &dir, steps, &dataset)?;
        push_family(
            &mut segments,
            &mut families,
            frame,
            "engagement",
            labels,
            facts,
            &describe,
            base_golden,
        );
    }

    // Do not approach: failed hard criteria, a segment whose action says so, negative economics.
    let economics = match &project.segmenting.cost_to_serve {
        Some(cost) => {
            let cost = numbers(frame, cost, "[segmenting] cost_to_serve")?;
            let value = value.as_ref().context("[segmenting] cost_to_serve needs a golden value to subtract it from; set `value` under [golden]")?;
            Some(value.iter().zip(&cost).map(|(v, c)| v - c).collect::<Vec<f64>>())
        }
        None => None,
    };
    let mut dna: Vec<(usize, String)> = Vec::new();
    for i in 0..n {
        let mut reasons = Vec::new();
        if let Some(r) = &dna_criteria[i] {
            reasons.push(r.clone());
        }
        for (family, segment_names) in families.iter().map(|f| (&f.name, &f.labels[i])) {
            if let Some(names) = segment_names {
                for s in segments
                    .iter()
                    .filter(|s| &s.family == family && names.split("; ").any(|x| x == s.name))
                {
                    // Suggestions drawn from the golden share would exclude prospects for not
                    // being customers yet; only actions people wrote, customary plays and
                    // clusters (described by attributes, not outcomes) put records on the list.
                    let eligible = !s.suggested
                        || s.family == "clusters"
                        || families::default_action(&s.family, &s.name).is_some();
                    if eligible
                        && s.action
                            .as_deref()
                            .is_some_and(|a| a.to_lowercase().contains("do not approach"))
                    {
                        reasons.push(format!(
                            "in {family} `{}`, whose action is: {}",
                            s.name,
                            s.action.as_deref().unwrap_or_default()
                        ));
                    }
                }
            }
        }
        if let Some(net) = &economics
            && net[i] < 0.0
        {
            reasons.push("negative value after cost to serve".into());
        }
        if !reasons.is_empty() {
            dna.push((i, reasons.join("; ")));
        }
    }

    let ids = dataset.labels(dataset.id_column());
    Ok(Segmented { project, segments, families, dna, ids, score, records: n })
}

#[allow(clippy::too_many_arguments)]
fn clusters(
    project: &ProjectFile,
    frame: &Frame,
    columns: &[&str],
    args: &SegmentArgs,
    quiet: bool,
    facts: Facts<'_>,
    describe: &[String],
    base_golden: Option<f64>,
    segments: &mut Vec<Segment>,
    families: &mut Vec<Family>,
) -> Result<()> {
    use icp_segment::kprototypes::{self, DescribeOptions, KPrototypesConfig, MixedData};
    use icp_segment::silhouette::{self, SilhouetteOptions};
    use std::io::IsTerminal as _;
    // Heavily skewed amounts (employees, revenue) would make clusters of a few outliers; on a
    // log scale they spread like the other columns.
    let mut transformed: Vec<(String, Vec<f64>)> = Vec::new();
    let mut cats: Vec<(String, Vec<u32>, Vec<String>)> = Vec::new();
    for &name in columns {
        let column = frame.column(name).expect("described column");
        match &column.data {
            icp_frame::ColumnData::Number(v) => {
                let values =
                    if is_skewed(v) { v.iter().map(|x| x.ln_1p()).collect() } else { v.clone() };
                transformed.push((name.to_owned(), values));
            }
            icp_frame::ColumnData::Cat { codes, levels } => {
                cats.push((name.to_owned(), codes.clone(), levels.clone()))
            }
            icp_frame::ColumnData::Bool(b) => {
                let codes = b
                    .iter()
                    .map(|&x| {
                        if x == icp_frame::MISSING_BOOL {
                            icp_frame::MISSING_CODE
                        } else {
                            u32::from(x)
                        }
                    })
                    .collect();
                cats.push((name.to_owned(), codes, vec!["no".into(), "yes".into()]));
            }
            _ => {}
        }
    }
    let mut inputs: Vec<kprototypes::InputColumn<'_>> = transformed
        .iter()
        .map(|(name, values)| kprototypes::InputColumn::Numeric { name, values })
        .collect();
    inputs.extend(cats.iter().map(|(name, codes, levels)| kprototypes::InputColumn::Categorical {
        name,
        codes,
        levels,
    }));
    let data = MixedData::new(&inputs)?;
    let show =
        !quiet && std::io::stderr().is_terminal() && std::env::var_os("ICP_NO_PROGRESS").is_none();
    let progress = |done: u64, total: u64| {
        if show && total > 0 {
            eprint!("\rclustering {:>3}%", done * 100 / total);
        }
    };
    let mut config = KPrototypesConfig::new(args.k.unwrap_or(2).max(1));
    config.seed = args.seed;
    let fit = match args.k {
        Some(_) => kprototypes::fit(&data, &config, Some(&progress))?,
        None => {
            // Too few records to choose k is not an error for the other families: say so and
            // go on without clusters (`--k` forces them).
            let selection = match silhouette::select_k(
                &data,
                &config,
                &SilhouetteOptions::default(),
                Some(&progress),
            ) {
                Ok(selection) => selection,
                Err(e) if data.rows() < 40 => {
                    output::note(quiet, &format!("note: clusters skipped: {e}"));
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            match selection.fit {
                Some(fit) => fit,
                None => {
                    if show {
                        eprintln!();
                    }
                    output::note(
                        quiet,
                        "note: no k from 2 to 10 gives clusters that each hold 5% of the records; clusters skipped (pass --k to force)",
                    );
                    return Ok(());
                }
            }
        }
    };
    if show {
        eprintln!("\rclustering done  ");
    }
    let descriptions =
        kprototypes::describe_clusters(&data, &fit.labels, fit.k, &DescribeOptions::default());
    // The clustering's own descriptions only fix the order of clusters here.
    let labels: Vec<Option<String>> =
        fit.labels.iter().map(|&c| Some(format!("cluster {}", c + 1))).collect();
    for d in &descriptions {
        let members: Vec<usize> =
            (0..fit.labels.len()).filter(|&i| fit.labels[i] == d.cluster).collect();
        // Described on the original columns (the clustering saw skewed ones on a log scale).
        let stats = summary::stats(frame, &members, facts, describe);
        let number = (d.cluster + 1).to_string();
        let (action, suggested) = match project.segmenting.cluster_actions.get(&number) {
            Some(a) => (Some(a.clone()), false),
            None => (suggest_action(&stats, base_golden), true),
        };
        segments.push(Segment {
            family: "clusters".into(),
            name: format!("cluster {number}"),
            stats,
            action,
            owner: None,
            suggested,
        });
    }
    families.push(Family { name: "clusters".into(), labels });
    output::note(
        quiet,
        &format!(
            "{} clusters on {} columns (k-prototypes, cost {:.1}, {} iterations, seed {})",
            fit.k,
            columns.len(),
            fit.cost,
            fit.iterations,
            args.seed
        ),
    );
    Ok(())
}

/// Non-negative with a long right tail (skewness above 2).
fn is_skewed(values: &[f64]) -> bool {
    let present: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if present.len() < 3 || present.iter().any(|&x| x < 0.0) {
        return false;
    }
    let n = present.len() as f64;
    let mean = present.iter().sum::<f64>() / n;
    let var = present.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    if var <= 0.0 {
        return false;
    }
    let skew = present.iter().map(|x| (x - mean).powi(3)).sum::<f64>() / n / var.powf(1.5);
    skew > 2.0
}

#[allow(clippy::too_many_arguments)]
fn push_family(
    segments: &mut Vec<Segment>,
    families: &mut Vec<Family>,
    frame: &Frame,
    family: &str,
    labels: Vec<Option<String>>,
    facts: Facts<'_>,
    describe: &[String],
    base_golden: Option<f64>,
) {
    let mut names: Vec<String> = labels.iter().flatten().cloned().collect();
    names.sort();
    names.dedup();
    // Tiny groups say nothing; the twelve largest carry the family.
    let mut groups: Vec<(String, Vec<usize>)> = names
        .into_iter()
        .map(|name| {
            let members = (0..labels.len())
                .filter(|&i| labels[i].as_deref() == Some(name.as_str()))
                .collect();
            (name, members)
        })
        .collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    for (name, members) in groups.into_iter().take(12) {
        let stats = summary::stats(frame, &members, facts, describe);
        // Purchase status, attitude and engagement have their customary plays; for the rest
        // an action is suggested from the segment's economics.
        let action = families::default_action(family, &name).map(str::to_owned).or_else(|| {
            if family == "purchase status" { None } else { suggest_action(&stats, base_golden) }
        });
        segments.push(Segment {
            family: family.to_owned(),
            name,
            stats,
            action,
            owner: None,
            suggested: true,
        });
    }
    families.push(Family { name: family.to_owned(), labels });
}

/// An action from a segment's economics: its golden share against the base rate and its value
/// share against its size.
pub fn suggest_action(stats: &SegmentStats, base_golden: Option<f64>) -> Option<String> {
    let golden_ratio = match (stats.golden_share, base_golden) {
        (Some(g), Some(b)) if b > 0.0 => Some(g / b),
        _ => None,
    };
    let value_ratio = stats.value_share.map(|v| v / stats.share.max(1e-9));
    let ratio = match (golden_ratio, value_ratio) {
        (Some(g), Some(v)) => Some((g + v) / 2.0),
        (g, v) => g.or(v),
    }?;
    Some(
        match ratio {
            r if r >= 1.5 => "invest: prioritise with sales and account-based plays",
            r if r >= 0.9 => "nurture: marketing programmes, sales on signals",
            r if r >= 0.4 => "automate: low-touch, self-serve",
            _ => "do not approach: spend elsewhere",
        }
        .to_owned(),
    )
}

fn numbers(frame: &Frame, expr: &str, context: &str) -> Result<Vec<f64>> {
    let err = |e: icp_rules::RuleError| anyhow::anyhow!("{context}: {}", e.render(expr));
    let parsed = Expr::parse(expr).map_err(err)?;
    parsed.check(frame).map_err(err)?;
    Ok(parsed
        .eval_numbers(frame)
        .map_err(err)?
        .into_iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}

fn engagement(
    project: &ProjectFile,
    dir: &std::path::Path,
    steps: &icp_project::StepsTable,
    dataset: &Dataset,
) -> Result<Vec<Option<String>>> {
    let path = project.resolve(dir, &steps.source.path);
    let table = icp_io::read_table(
        &path,
        &icp_project::read_options(&steps.source, &LoadOptions::default())?,
    )?;
    icp_project::require_column(&table.frame, &path, &steps.account, "[segmenting.steps] account")?;
    icp_project::require_column(&table.frame, &path, &steps.step, "[segmenting.steps] step")?;
    let account = table.frame.column(&steps.account).expect("checked");
    let step = table.frame.column(&steps.step).expect("checked");
    let keys: Vec<Option<String>> = (0..account.len()).map(|i| key_text(account, i)).collect();
    let names: Vec<Option<String>> = (0..step.len()).map(|i| key_text(step, i)).collect();
    let (done, total) = families::steps_done(&keys, &names, steps.total);
    let Some(id) = &dataset.id else {
        anyhow::bail!("engagement stages need an accounts id column; set `id` under [accounts]");
    };
    let ids = dataset.frame.column(id).expect("id exists");
    Ok((0..ids.len())
        .map(|i| {
            key_text(ids, i)
                .map(|k| families::engagement_stage(done.get(&k).copied().unwrap_or(0), total))
        })
        .collect())
}

fn write_memberships(
    path: &std::path::Path,
    ids: &[String],
    families: &[Family],
    score: Option<&[f64]>,
) -> Result<()> {
    let jsonl = path.extension().is_some_and(|e| e == "jsonl" || e == "ndjson");
    let mut out = String::new();
    if !jsonl {
        let mut header = vec!["record".to_owned()];
        header.extend(families.iter().map(|f| f.name.clone()));
        if score.is_some() {
            header.push("icp_score".into());
        }
        let _ = writeln!(
            out,
            "{}",
            header.iter().map(|h| crate::output::csv_cell(h)).collect::<Vec<_>>().join(",")
        );
    }
    for (i, id) in ids.iter().enumerate() {
        if jsonl {
            let mut object = serde_json::Map::new();
            object.insert("record".into(), json!(id));
            for f in families {
                object.insert(f.name.clone(), json!(f.labels[i]));
            }
            if let Some(s) = score {
                object.insert(
                    "icp_score".into(),
                    if s[i].is_finite() { json!(s[i]) } else { Json::Null },
                );
            }
            let _ = writeln!(out, "{}", Json::Object(object));
        } else {
            let mut cells = vec![crate::output::csv_cell(id)];
            cells.extend(
                families
                    .iter()
                    .map(|f| crate::output::csv_cell(f.labels[i].as_deref().unwrap_or(""))),
            );
            if let Some(s) = score {
                cells.push(if s[i].is_finite() { format!("{:.1}", s[i]) } else { String::new() });
            }
            let _ = writeln!(out, "{}", cells.join(","));
        }
    }
    output::write_atomic(path, out.as_bytes())
}

fn report_text(segments: &[Segment], n: usize, dna: usize) -> String {
    let mut out = String::new();
    let w = &mut out;
    let mut current = String::new();
    for s in segments {
        if s.family != current {
            current = s.family.clone();
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
            (Some(a), false) => a.clone(),
            (None, _) => "no action — decide or drop it".into(),
        };
        let owner = s.owner.as_ref().map_or(String::new(), |o| format!(" [{o}]"));
        let _ = writeln!(
            w,
            "  {:<40} {:>8} {:>6} {:>7} {:>7} {:>6}  {action}{owner}",
            crate::output::truncate(&s.name, 40),
            thousands(s.stats.size),
            format!("{:.1}%", s.stats.share * 100.0),
            pct(s.stats.value_share),
            pct(s.stats.golden_share),
            s.stats.mean_score.map_or("-".to_owned(), |x| format!("{x:.1}")),
        );
        if !s.stats.distinctions.is_empty() {
            let _ = writeln!(w, "  {:<40} {}", "", s.stats.distinctions.join("; "));
        }
    }
    let _ =
        writeln!(w, "\n{} records; {} on the do-not-approach list", thousands(n), thousands(dna));
    out
}

fn segment_json(s: &Segment) -> Json {
    json!({
        "family": s.family,
        "name": s.name,
        "records": s.stats.size,
        "share": s.stats.share,
        "value_share": s.stats.value_share,
        "golden_share": s.stats.golden_share,
        "mean_score": s.stats.mean_score,
        "distinctions": s.stats.distinctions,
        "action": s.action,
        "action_suggested": s.suggested,
        "owner": s.owner,
    })
}

//! Segments that each carry an action: the project's rule segments, clusters of mixed data,
//! and the families people use (geographic, demographic, psychographic, purchase status,
//! attitude, engagement), with size, value share, golden share, mean ICP score and what sets
//! each apart, plus the do-not-approach list with reasons.

use icp_frame::{Frame, Value};
use icp_io::roles::Role;
use icp_project::{Dataset, LoadOptions, ProjectFile, SegmentMode, key_text};
use icp_scorecard::scorer::{Outcome, Scorer};
use icp_segment::families;
use icp_segment::rules::{self, RuleSegment};
use icp_segment::summary::{self, Facts, SegmentStats};
use serde::Serialize;

use crate::error::{Code, EngineError, Result};
use crate::note::Note;
use crate::progress::{Progress, Stage};
use crate::session::{Session, numbers};

/// How to segment.
#[derive(Debug, Clone)]
pub struct SegmentRequest {
    /// Number of clusters (`None`: chosen by silhouette over 2..10).
    pub k: Option<usize>,
    /// Form clusters at all.
    pub clusters: bool,
    /// Seed for the clusters.
    pub seed: u64,
}

impl Default for SegmentRequest {
    fn default() -> Self {
        SegmentRequest { k: None, clusters: true, seed: 7 }
    }
}

/// One segment of one family, with its figures and action.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The family (`rule segment`, `clusters`, `geographic: country` …).
    pub family: String,
    /// The segment's name.
    pub name: String,
    /// Its figures.
    pub stats: SegmentStats,
    /// Its action.
    pub action: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Whether the action was suggested by icp rather than written by a person.
    pub suggested: bool,
}

/// A family's label for every record (`None`: not in any segment of it).
#[derive(Debug, Clone)]
pub struct Family {
    /// The family.
    pub name: String,
    /// Per record, its segment(s) in this family (`; `-joined when they overlap).
    pub labels: Vec<Option<String>>,
}

/// What segmentation found.
#[derive(Debug)]
pub struct Segmented {
    /// Every segment, family by family.
    pub segments: Vec<Segment>,
    /// Every family's labels.
    pub families: Vec<Family>,
    /// Row and reasons of every record on the do-not-approach list.
    pub dna: Vec<(usize, String)>,
    /// How each record is named in outputs.
    pub ids: Vec<String>,
    /// The id column's name, when there is one.
    pub id_column: Option<String>,
    /// Each record's ICP score (NaN: insufficient data), when a profile was given.
    pub score: Option<Vec<f64>>,
    /// Records segmented.
    pub records: usize,
    /// first-match or overlapping rule segments.
    pub mode: SegmentMode,
    /// What to tell the user.
    pub notes: Vec<Note>,
}

/// A segment as data (what `--json` prints and the server returns).
#[derive(Debug, Serialize)]
pub struct SegmentSummary {
    /// The family.
    pub family: String,
    /// The segment.
    pub name: String,
    /// Records in it.
    pub records: usize,
    /// Share of all records.
    pub share: f64,
    /// Share of all value.
    pub value_share: Option<f64>,
    /// Golden share.
    pub golden_share: Option<f64>,
    /// Mean ICP score.
    pub mean_score: Option<f64>,
    /// What sets it apart.
    pub distinctions: Vec<String>,
    /// Its action.
    pub action: Option<String>,
    /// Whether icp suggested the action.
    pub action_suggested: bool,
    /// Who owns it.
    pub owner: Option<String>,
}

impl Segment {
    /// The segment as data.
    pub fn summary(&self) -> SegmentSummary {
        SegmentSummary {
            family: self.family.clone(),
            name: self.name.clone(),
            records: self.stats.size,
            share: self.stats.share,
            value_share: self.stats.value_share,
            golden_share: self.stats.golden_share,
            mean_score: self.stats.mean_score,
            distinctions: self.stats.distinctions.clone(),
            action: self.action.clone(),
            action_suggested: self.suggested,
            owner: self.owner.clone(),
        }
    }
}

/// Forms every segment family and the do-not-approach list. `profile` adds scores and hard
/// criteria.
pub fn segment(
    session: &Session,
    request: &SegmentRequest,
    profile: Option<&icp_profile::Profile>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Segmented> {
    let project = &session.project;
    let dataset = &session.dataset;
    let frame = &dataset.frame;
    let n = frame.rows();
    let mut notes = Vec::new();
    let golden = session.golden_mask()?;
    let value = session.values()?;
    let (score, dna_criteria) = match profile {
        Some(profile) => {
            let scorer = Scorer::new(profile.clone())?;
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
    if request.clusters {
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
            notes.push(Note::NoColumnsToCluster);
        } else {
            clusters(
                project,
                frame,
                &columns,
                request,
                progress,
                &mut notes,
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
    if let (None, Some(_), Some(id)) = (&dataset.deal_summary, &dataset.orders, &dataset.id) {
        // Purchase status from the orders table: distinct orders per account.
        let table = dataset.orders.as_ref().expect("the project has an orders table");
        let of = &table.frame;
        let columns = crate::orders::recognise(
            of,
            &table.source.path,
            &crate::orders::OrdersRequest::default(),
        )?;
        let customer = of.column(&columns.customer).expect("resolved");
        let invoice = columns.invoice.as_deref().and_then(|n| of.column(n));
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
        let labels = engagement(project, &session.dir, steps, dataset)?;
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
            let value = value.as_ref().ok_or_else(|| EngineError::invalid(Code::Other, "[segmenting] cost_to_serve needs a golden value to subtract it from; set `value` under [golden]"))?;
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
    notes.extend(session.notes());
    Ok(Segmented {
        segments,
        families,
        dna,
        ids,
        id_column: dataset.id.clone(),
        score,
        records: n,
        mode: project.segmenting.mode,
        notes,
    })
}

#[allow(clippy::too_many_arguments)]
fn clusters(
    project: &ProjectFile,
    frame: &Frame,
    columns: &[&str],
    request: &SegmentRequest,
    progress: &(dyn Fn(Progress) + Sync),
    notes: &mut Vec<Note>,
    facts: Facts<'_>,
    describe: &[String],
    base_golden: Option<f64>,
    segments: &mut Vec<Segment>,
    families: &mut Vec<Family>,
) -> Result<()> {
    use icp_segment::kprototypes::{self, DescribeOptions, KPrototypesConfig, MixedData};
    use icp_segment::silhouette::{self, SilhouetteOptions};
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
    let progress = |done: u64, total: u64| {
        progress(Progress { stage: Stage::Clustering, done: done as usize, total: total as usize })
    };
    let mut config = KPrototypesConfig::new(request.k.unwrap_or(2).max(1));
    config.seed = request.seed;
    let fit = match request.k {
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
                    notes.push(Note::TooFewRecordsToCluster { reason: e.to_string() });
                    return Ok(());
                }
                Err(e) => return Err(e.into()),
            };
            match selection.fit {
                Some(fit) => fit,
                None => {
                    notes.push(Note::NoClusterCount);
                    return Ok(());
                }
            }
        }
    };
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
    notes.push(Note::Clustered {
        k: fit.k,
        columns: columns.len(),
        cost: fit.cost,
        iterations: fit.iterations,
        seed: request.seed,
    });
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
        return Err(EngineError::invalid(
            Code::NeedsAccountsId,
            "engagement stages need an accounts id column; set `id` under [accounts]",
        ));
    };
    let ids = dataset.frame.column(id).expect("id exists");
    Ok((0..ids.len())
        .map(|i| {
            key_text(ids, i)
                .map(|k| families::engagement_stage(done.get(&k).copied().unwrap_or(0), total))
        })
        .collect())
}

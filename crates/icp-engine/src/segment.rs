//! Segments that each carry an action: the project's rule segments, clusters of mixed data,
//! and the families people use (geographic, demographic, psychographic, purchase status,
//! attitude, engagement), with size, value share, golden share, mean ICP score and what sets
//! each apart, plus the do-not-approach list with reasons.

use std::collections::HashMap;

use icp_frame::{Frame, Value};
use icp_io::roles::Role;
use icp_project::{Dataset, LoadOptions, ProjectFile, SegmentMode, SegmentRule, key_text};
use icp_report::phrase::{self, Action, DnaReason, Play, SegmentName};
use icp_scorecard::scorer::{Outcome, Scorer};
use icp_segment::coded::Coded;
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
    /// Let clusters and segment descriptions use columns left out as probable leaks.
    pub keep_leaks: bool,
}

impl Default for SegmentRequest {
    fn default() -> Self {
        SegmentRequest { k: None, clusters: true, seed: 7, keep_leaks: false }
    }
}

/// One segment of one family, with its figures and action.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The family (`rule segment`, `clusters`, `geographic: country` …).
    pub family: phrase::Family,
    /// The segment's name.
    pub name: SegmentName,
    /// Its figures.
    pub stats: SegmentStats,
    /// Its action: icp's play, or what a person wrote.
    pub action: Option<Action>,
    /// Who owns it.
    pub owner: Option<String>,
    /// Whether the action was suggested by icp rather than written by a person.
    pub suggested: bool,
    /// Whether its records may be approached at all (`false` puts them on the
    /// do-not-approach list).
    pub approach: bool,
    /// Its records (rows of the frame).
    pub members: Vec<usize>,
}

/// A family's label for every record, stored once per distinct label (millions of records
/// share a handful of labels).
#[derive(Debug, Clone)]
pub struct Family {
    /// The family.
    pub name: phrase::Family,
    /// The distinct labels (segment names, `; `-joined when they overlap).
    pub names: Vec<String>,
    /// Per record, its label's index in `names`, or [`Family::NONE`].
    pub codes: Vec<u32>,
}

impl Family {
    /// The code of a record in no segment of the family.
    pub const NONE: u32 = u32::MAX;

    /// A record's segment(s) in this family; `None`: not in any segment of it.
    pub fn label(&self, record: usize) -> Option<&str> {
        let code = self.codes[record];
        (code != Family::NONE).then(|| self.names[code as usize].as_str())
    }

    /// The family from every record's label.
    fn from_labels(name: phrase::Family, labels: Vec<Option<String>>) -> Family {
        let Coded { labels: names, codes } = Coded::intern(labels);
        Family { name, names, codes }
    }
}

/// What segmentation found.
#[derive(Debug)]
pub struct Segmented {
    /// Every segment, family by family.
    pub segments: Vec<Segment>,
    /// Every family's labels.
    pub families: Vec<Family>,
    /// Row and reasons of every record on the do-not-approach list.
    pub dna: Vec<(usize, Vec<DnaReason>)>,
    /// How each record is named in outputs (see [`Segmented::id`]).
    pub ids: icp_frame::StrColumn,
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

impl Segmented {
    /// How record `i` is named in outputs: its id as people wrote it, or `row N`.
    pub fn id(&self, i: usize) -> &str {
        self.ids.get(i).unwrap_or_default()
    }
}

impl Segment {
    /// The segment as data.
    pub fn summary(&self) -> SegmentSummary {
        SegmentSummary {
            family: self.family.to_string(),
            name: self.name.to_string(),
            records: self.stats.size,
            share: self.stats.share,
            value_share: self.stats.value_share,
            golden_share: self.stats.golden_share,
            mean_score: self.stats.mean_score,
            distinctions: self.stats.distinctions.iter().map(ToString::to_string).collect(),
            action: self.action.as_ref().map(ToString::to_string),
            action_suggested: self.suggested,
            owner: self.owner.clone(),
        }
    }
}

/// The accounts columns segmenting reads: every analysed one and each the project names, and
/// the columns of `profile` (the company names, say, are never read: on millions of
/// accounts they cost more memory than every segment).
pub fn reading(profile: Option<&icp_profile::Profile>) -> Result<icp_project::Reading> {
    let also = match profile {
        Some(profile) => Scorer::new(profile.clone())?.input_columns(),
        None => Vec::new(),
    };
    Ok(icp_project::Reading::Analysed { also })
}

/// Forms every segment family and the do-not-approach list. `profile` adds scores and hard
/// criteria.
pub fn segment(
    session: &Session,
    request: &SegmentRequest,
    profile: Option<&icp_profile::Profile>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Segmented> {
    segment_with(session, request, profile, None, progress)
}

/// [`segment`], with the columns left out as leaks already judged (`leaky`: by a discovery
/// over the session's analysis, as the report runs one) instead of judged again.
pub(crate) fn segment_with(
    session: &Session,
    request: &SegmentRequest,
    profile: Option<&icp_profile::Profile>,
    leaky: Option<Vec<String>>,
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
            // Only the records that fail a criterion: a reason per record would cost more
            // than the frame on millions of records.
            let criteria: Vec<(usize, DnaReason)> = (0..n)
                .filter_map(|i| match batch.outcomes[i] {
                    Outcome::Disqualified { criterion } => {
                        let c = &scorer.profile().criteria[usize::from(criterion)];
                        let criterion = c.reason.clone().unwrap_or_else(|| c.rule.clone());
                        Some((i, DnaReason::FailsCriterion { criterion }))
                    }
                    _ => None,
                })
                .collect();
            (Some(scores), criteria)
        }
        None => (None, Vec::new()),
    };
    let facts =
        Facts { value: value.as_deref(), golden: golden.as_deref(), score: score.as_deref() };
    let analysable: Vec<String> =
        dataset.columns.iter().filter(|c| c.analyse).map(|c| c.name.clone()).collect();
    // Columns left out as leaks describe the outcome, not who the customer is: clusters and
    // what sets a segment apart never use them.
    let leaky = match (&project.golden.rule, leaky) {
        (Some(_), _) if request.keep_leaks => Vec::new(),
        (Some(_), Some(judged)) => judged,
        (Some(_), None) => crate::leaks::left_out(session, &session.analysis()?, &analysable),
        (None, _) => Vec::new(),
    };
    let describe: Vec<String> = analysable.into_iter().filter(|c| !leaky.contains(c)).collect();
    // Everyone's figures once; each segment is then described from its own members.
    let population = summary::Population::new(frame, facts, &describe);
    let base_golden =
        golden.as_ref().map(|g| g.iter().filter(|&&x| x).count() as f64 / n.max(1) as f64);

    let mut segments: Vec<Segment> = Vec::new();
    let mut families: Vec<Family> = Vec::new();

    // Rule segments.
    if !project.segments.is_empty() {
        let approaches: Vec<bool> = project.segments.iter().map(|s| s.approaches()).collect();
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
                family: phrase::Family::Rule,
                name: SegmentName::Written { name: def.name.clone() },
                stats: population.stats(&members),
                action: def.action.clone().map(Action::Written),
                owner: def.owner.clone(),
                suggested: false,
                approach: approaches[s],
                members,
            });
        }
        families.push(Family::from_labels(phrase::Family::Rule, labels));
    }

    // Clusters of mixed data (k-prototypes), k by silhouette unless given.
    if request.clusters {
        let columns: Vec<&str> = dataset
            .columns
            .iter()
            .filter(|c| {
                c.analyse
                    && !leaky.contains(&c.name)
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
                &population,
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
    type ByColumn = fn(String) -> phrase::Family;
    for (family, columns, named) in [
        ("geographic", &geographic, phrase::Family::Geographic as ByColumn),
        ("demographic", &demographic, phrase::Family::Demographic),
        ("psychographic", &project.segmenting.psychographic, phrase::Family::Psychographic),
    ] {
        for name in columns {
            icp_project::require_column(
                frame,
                &dataset.accounts.source.path,
                name,
                &format!("[segmenting] {family}"),
            )?;
            let column = frame.column(name).expect("checked");
            let labels = families::by_column(column).map(column_label);
            push_family(
                &mut segments,
                &mut families,
                named(name.clone()),
                labels,
                &population,
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
        let labels = Coded::intern((0..n).map(|i| {
            key_text(ids, i).map(|k| {
                purchase_status(
                    families::purchase_status(per.get(&k).map_or(0, |s| s.len()) as f64),
                )
            })
        }));
        push_family(
            &mut segments,
            &mut families,
            phrase::Family::PurchaseStatus,
            labels,
            &population,
            base_golden,
        );
    }
    if let Some(won) = frame.column("won_deals").filter(|_| dataset.deal_summary.is_some()) {
        let labels = Coded::intern((0..n).map(|i| match won.get(i) {
            Value::Number(x) => Some(purchase_status(families::purchase_status(x))),
            _ => None,
        }));
        push_family(
            &mut segments,
            &mut families,
            phrase::Family::PurchaseStatus,
            labels,
            &population,
            base_golden,
        );
    }
    if let Some(nps) = &project.segmenting.nps {
        icp_project::require_column(frame, &dataset.accounts.source.path, nps, "[segmenting] nps")?;
        let first_row = dataset.first_row();
        let labels = Coded::intern(
            families::attitudes(frame.column(nps).expect("checked"), first_row)?
                .into_iter()
                .map(|a| a.map(attitude)),
        );
        push_family(
            &mut segments,
            &mut families,
            phrase::Family::Attitude,
            labels,
            &population,
            base_golden,
        );
    }
    if let Some(steps) = &project.segmenting.steps {
        let labels = engagement(project, &session.dir, steps, dataset)?;
        push_family(
            &mut segments,
            &mut families,
            phrase::Family::Engagement,
            labels,
            &population,
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
    // Reasons per record on the list: failed criteria first, then segments not to approach
    // in family order, then economics (a stable sort by record keeps that order).
    let mut reasons: Vec<(usize, DnaReason)> = dna_criteria;
    for s in segments.iter().filter(|s| !s.approach) {
        reasons.extend(s.members.iter().map(|&i| {
            let reason = DnaReason::InSegment {
                family: s.family.clone(),
                segment: s.name.clone(),
                action: s.action.clone(),
            };
            (i, reason)
        }));
    }
    if let Some(net) = &economics {
        reasons.extend(
            net.iter()
                .enumerate()
                .filter(|(_, v)| **v < 0.0)
                .map(|(i, _)| (i, DnaReason::NegativeValue)),
        );
    }
    reasons.sort_by_key(|(i, _)| *i);
    let mut dna: Vec<(usize, Vec<DnaReason>)> = Vec::new();
    for (i, reason) in reasons {
        match dna.last_mut() {
            Some((last, list)) if *last == i => list.push(reason),
            _ => dna.push((i, vec![reason])),
        }
    }

    let ids = dataset.label_arena(dataset.id_column());
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
    population: &summary::Population<'_>,
    base_golden: Option<f64>,
    segments: &mut Vec<Segment>,
    families: &mut Vec<Family>,
) -> Result<()> {
    use icp_segment::kprototypes::{self, DescribeOptions, KPrototypesConfig, MixedData};
    use icp_segment::silhouette::{self, SilhouetteOptions};
    // Heavily skewed amounts (employees, revenue) would make clusters of a few outliers; on a
    // log scale they spread like the other columns. The preparation scales them as it reads
    // them (a log-scaled copy of each would add to the peak on millions of accounts).
    let mut numeric: Vec<(&str, &[f64], bool)> = Vec::new();
    // Categorical columns borrowed where used as they are: the prepared data copies them once.
    use std::borrow::Cow;
    type Codes<'a> = (String, Cow<'a, [u32]>, Cow<'a, [String]>);
    let mut cats: Vec<Codes<'_>> = Vec::new();
    for &name in columns {
        let column = frame.column(name).expect("described column");
        match &column.data {
            icp_frame::ColumnData::Number(v) => numeric.push((name, v, is_skewed(v))),
            icp_frame::ColumnData::Cat { codes, levels } => {
                cats.push((name.to_owned(), Cow::Borrowed(codes), Cow::Borrowed(levels)))
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
                cats.push((
                    name.to_owned(),
                    Cow::Owned(codes),
                    Cow::Owned(vec!["no".into(), "yes".into()]),
                ));
            }
            _ => {}
        }
    }
    let mut inputs: Vec<kprototypes::InputColumn<'_>> = numeric
        .iter()
        .map(|&(name, values, skewed)| {
            if skewed {
                kprototypes::InputColumn::LogNumeric { name, values }
            } else {
                kprototypes::InputColumn::Numeric { name, values }
            }
        })
        .collect();
    inputs.extend(cats.iter().map(|(name, codes, levels)| kprototypes::InputColumn::Categorical {
        name,
        codes,
        levels,
    }));
    let data = MixedData::new(&inputs)?;
    drop(inputs);
    drop(cats);
    let progress = |done: u64, total: u64| {
        progress(Progress { stage: Stage::Clustering, done: done as usize, total: total as usize })
    };
    let mut config = KPrototypesConfig::new(request.k.unwrap_or(2).max(1));
    config.seed = request.seed;
    let fit = match request.k {
        // The restarts on the same seeded sample as the choice of k; one run on all rows.
        Some(_) => kprototypes::fit_sampled(
            &data,
            &config,
            SilhouetteOptions::default().sample_size,
            Some(&progress),
        )?,
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
    drop(data);
    // The clustering's own descriptions only fix the order of clusters here.
    let names: Vec<String> =
        (0..fit.k).map(|c| SegmentName::Cluster { number: c + 1 }.to_string()).collect();
    let mut members_of: Vec<Vec<usize>> =
        fit.sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
    for (i, &c) in fit.labels.iter().enumerate() {
        members_of[c as usize].push(i);
    }
    for d in &descriptions {
        let members = std::mem::take(&mut members_of[d.cluster as usize]);
        // Described on the original columns (the clustering saw skewed ones on a log scale).
        let stats = population.stats(&members);
        let number = d.cluster as usize + 1;
        // A person's action for the cluster says "do not approach" in words (as rule segments
        // did before `approach = false`); icp's suggestion says it as a play.
        let (action, suggested, approach) =
            match project.segmenting.cluster_actions.get(&number.to_string()) {
                Some(a) => {
                    (Some(Action::Written(a.clone())), false, !SegmentRule::says_do_not_approach(a))
                }
                None => {
                    let play = suggest_action(&stats, base_golden);
                    (play.map(Action::Play), true, play.is_none_or(Play::approach))
                }
            };
        segments.push(Segment {
            family: phrase::Family::Clusters,
            name: SegmentName::Cluster { number },
            stats,
            action,
            owner: None,
            suggested,
            approach,
            members,
        });
    }
    families.push(Family { name: phrase::Family::Clusters, names, codes: fit.labels });
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
    // Read in place: a copy of the present values would be one more column's worth of memory.
    let present = || values.iter().copied().filter(|x| x.is_finite());
    let count = present().count();
    if count < 3 || present().any(|x| x < 0.0) {
        return false;
    }
    let n = count as f64;
    let mean = present().sum::<f64>() / n;
    let var = present().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    if var <= 0.0 {
        return false;
    }
    let skew = present().map(|x| (x - mean).powi(3)).sum::<f64>() / n / var.powf(1.5);
    skew > 2.0
}

fn push_family(
    segments: &mut Vec<Segment>,
    families: &mut Vec<Family>,
    family: phrase::Family,
    labels: Coded<SegmentName>,
    population: &summary::Population<'_>,
    base_golden: Option<f64>,
) {
    // Records with the same words are one segment (the first record's name names it). Words
    // are made once per label, when a record first has it, not once per record.
    let mut word_of_label: Vec<Option<u32>> = vec![None; labels.labels.len()];
    let mut by_word: HashMap<String, u32> = HashMap::new();
    let mut words: Vec<String> = Vec::new();
    let mut named: Vec<&SegmentName> = Vec::new();
    let mut members_of: Vec<Vec<usize>> = Vec::new();
    let mut codes = Vec::with_capacity(labels.len());
    // Each member list sized once: grown by doubling, the lists of a family of millions of
    // records left freed copies of themselves behind.
    let mut per_label = vec![0usize; labels.labels.len()];
    for &label in labels.codes.iter().filter(|&&l| l != Coded::<SegmentName>::NONE) {
        per_label[label as usize] += 1;
    }
    for (i, &label) in labels.codes.iter().enumerate() {
        if label == Coded::<SegmentName>::NONE {
            codes.push(Family::NONE);
            continue;
        }
        let code = match word_of_label[label as usize] {
            Some(code) => code,
            None => {
                let name = &labels.labels[label as usize];
                let code = *by_word.entry(name.to_string()).or_insert_with_key(|word| {
                    words.push(word.clone());
                    named.push(name);
                    members_of.push(Vec::new());
                    words.len() as u32 - 1
                });
                members_of[code as usize].reserve_exact(per_label[label as usize]);
                word_of_label[label as usize] = Some(code);
                code
            }
        };
        members_of[code as usize].push(i);
        codes.push(code);
    }
    // Tiny groups say nothing; the twelve largest carry the family.
    let mut groups: Vec<(&String, &SegmentName, Vec<usize>)> = words
        .iter()
        .zip(named)
        .zip(members_of)
        .map(|((word, name), members)| (word, name, members))
        .collect();
    groups.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.0.cmp(b.0)));
    let mut made = Vec::new();
    for (_, name, members) in groups.into_iter().take(12) {
        let stats = population.stats(&members);
        // Purchase status, attitude and engagement have their customary plays (which alone
        // may say not to approach); for the rest an action is suggested from the segment's
        // economics, which never puts records on the do-not-approach list: drawn from the
        // golden share, it would exclude prospects for not being customers yet.
        let (action, approach) = match customary_play(name) {
            Some(play) => (Some(play), play.approach()),
            None if family == phrase::Family::PurchaseStatus => (None, true),
            None => (suggest_action(&stats, base_golden), true),
        };
        made.push(Segment {
            family: family.clone(),
            name: name.clone(),
            stats,
            action: action.map(Action::Play),
            owner: None,
            suggested: true,
            approach,
            members,
        });
    }
    segments.extend(made);
    families.push(Family { name: family, names: words, codes });
}

/// The customary play of a segment icp names in the purchase-status, attitude and engagement
/// families.
fn customary_play(name: &SegmentName) -> Option<Play> {
    match name {
        SegmentName::PurchaseStatus { status } => Some(match status {
            phrase::PurchaseStatus::Prospect => Play::Qualify,
            phrase::PurchaseStatus::New => Play::OnboardThenExpand,
            phrase::PurchaseStatus::Repeat => Play::Retain,
        }),
        SegmentName::Attitude { attitude } => Some(match attitude {
            phrase::Attitude::Enthusiastic => Play::AskForReferrals,
            phrase::Attitude::Positive => Play::NurtureTowardAdvocacy,
            phrase::Attitude::Indifferent => Play::ReEngage,
            phrase::Attitude::Negative => Play::FixFirst,
            phrase::Attitude::Hostile => Play::HandToCustomerSuccess,
        }),
        SegmentName::Engagement { stage, .. } => Some(match stage {
            phrase::Stage::NotStarted => Play::OnboardingOutreach,
            phrase::Stage::Started => Play::HelpNextStep,
            phrase::Stage::MoreThanHalfway => Play::NudgeToComplete,
            phrase::Stage::Completed => Play::Expand,
        }),
        _ => None,
    }
}

/// An action from a segment's economics: its golden share against the base rate and its value
/// share against its size.
pub fn suggest_action(stats: &SegmentStats, base_golden: Option<f64>) -> Option<Play> {
    let golden_ratio = match (stats.golden_share, base_golden) {
        (Some(g), Some(b)) if b > 0.0 => Some(g / b),
        _ => None,
    };
    let value_ratio = stats.value_share.map(|v| v / stats.share.max(1e-9));
    let ratio = match (golden_ratio, value_ratio) {
        (Some(g), Some(v)) => Some((g + v) / 2.0),
        (g, v) => g.or(v),
    }?;
    Some(match ratio {
        r if r >= 1.5 => Play::Invest,
        r if r >= 0.9 => Play::Nurture,
        r if r >= 0.4 => Play::Automate,
        _ => Play::SpendElsewhere,
    })
}

fn purchase_status(s: families::PurchaseStatus) -> SegmentName {
    let status = match s {
        families::PurchaseStatus::Prospect => phrase::PurchaseStatus::Prospect,
        families::PurchaseStatus::New => phrase::PurchaseStatus::New,
        families::PurchaseStatus::Repeat => phrase::PurchaseStatus::Repeat,
    };
    SegmentName::PurchaseStatus { status }
}

fn attitude(a: families::Attitude) -> SegmentName {
    let attitude = match a {
        families::Attitude::Enthusiastic => phrase::Attitude::Enthusiastic,
        families::Attitude::Positive => phrase::Attitude::Positive,
        families::Attitude::Indifferent => phrase::Attitude::Indifferent,
        families::Attitude::Negative => phrase::Attitude::Negative,
        families::Attitude::Hostile => phrase::Attitude::Hostile,
    };
    SegmentName::Attitude { attitude }
}

fn engagement_name(e: families::Engagement) -> SegmentName {
    match e {
        families::Engagement::Stage { stage, done, total } => SegmentName::Engagement {
            stage: match stage {
                families::Stage::NotStarted => phrase::Stage::NotStarted,
                families::Stage::Started => phrase::Stage::Started,
                families::Stage::MoreThanHalfway => phrase::Stage::MoreThanHalfway,
                families::Stage::Completed => phrase::Stage::Completed,
            },
            done,
            total,
        },
        families::Engagement::NoSteps => SegmentName::NoSteps,
    }
}

fn column_label(l: families::ColumnLabel) -> SegmentName {
    match l {
        families::ColumnLabel::Value(value) => SegmentName::Value { value },
        families::ColumnLabel::Flag { column, value } => SegmentName::Flag { column, value },
        families::ColumnLabel::Band { column, band, range } => SegmentName::Band {
            column,
            band: match band {
                families::Band::Low => phrase::Band::Low,
                families::Band::LowerMiddle => phrase::Band::LowerMiddle,
                families::Band::UpperMiddle => phrase::Band::UpperMiddle,
                families::Band::High => phrase::Band::High,
            },
            range,
        },
    }
}

fn engagement(
    project: &ProjectFile,
    dir: &std::path::Path,
    steps: &icp_project::StepsTable,
    dataset: &Dataset,
) -> Result<Coded<SegmentName>> {
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
    Ok(Coded::intern((0..ids.len()).map(|i| {
        key_text(ids, i).map(|k| {
            engagement_name(families::engagement_stage(done.get(&k).copied().unwrap_or(0), total))
        })
    })))
}

//! The customer journey: events grouped into stages (awareness → consideration → purchase
//! → retention, as `[journey]` in `icp.toml` maps them), the funnel with the conversion from
//! stage to stage and the median time between them, per group of accounts, and where golden
//! accounts' journeys differ from the others': the steps nearly all of them took and the
//! stage where the others stall.
//!
//! An account has reached a stage when it has an event in that stage or a later one (a
//! purchase recorded without its trial still went through consideration); the time of a
//! stage is its first event there. Steps are compared between golden and other accounts with
//! the same tests and Benjamini–Hochberg correction as attributes (`icp_scorecard::stats`).
//!
//! What customers do after they bought (a renewal call) says nothing about how they came to
//! buy, yet golden accounts are customers by definition: counted, it would read as "golden
//! accounts all took the renewal call". So the golden-vs-rest comparison (the steps, the
//! golden step, the stall) counts only events up to the day an account's first won deal
//! closed, where the deals are dated ([`GoldenAccounts::until`]); the funnels count every
//! event. [`JourneyReport::comparison`] says which was done.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use icp_frame::{Frame, Value};
use icp_project::{Journey, key_text};
use icp_scorecard::stats;

/// No time: the account has no event in the stage.
const NEVER: i64 = i64::MAX;

/// Why the journey cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum JourneyError {
    /// The project has no `[journey]`.
    #[error(
        "the project has no [journey]: add the events table to icp.toml as\n\n[journey]\npath = \"events.csv\"\naccount = \"account_id\"\nstep = \"event\"\ntimestamp = \"timestamp\"\n\n[[journey.stage]]\nname = \"awareness\"\nsteps = [\"ad_click\", \"webinar\"]\n\n(one [[journey.stage]] per stage, in journey order)"
    )]
    NoJourney,
    /// No stages are mapped.
    #[error(
        "{file}: [journey] maps no stages; add one [[journey.stage]] per stage, in order, with the steps it groups"
    )]
    NoStages {
        /// The events file.
        file: PathBuf,
    },
    /// A named column is missing.
    #[error("{file}: [journey] {setting} names column `{column}`, which the table does not have")]
    NoSuchColumn {
        /// The events file.
        file: PathBuf,
        /// The setting.
        setting: &'static str,
        /// The column.
        column: String,
    },
    /// Nothing links events to accounts.
    #[error("{file}: {message}")]
    NoLink {
        /// The events file.
        file: PathBuf,
        /// What is needed.
        message: String,
    },
}

/// How events link to accounts: an account-row lookup by id text.
pub struct EventLinks<'a> {
    /// Account id text → account row.
    pub accounts: Option<&'a HashMap<String, u32>>,
    /// Contact id text → account row (for events that name contacts).
    pub contacts: Option<&'a HashMap<String, u32>>,
}

/// Counts of what reading the events found (never values).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EventsSummary {
    /// Events read.
    pub events: usize,
    /// Events whose account (or contact) is unknown or missing.
    pub unknown_account: usize,
    /// Events without a readable date or time.
    pub no_time: usize,
    /// Events whose step is in no stage (kept for the step comparison).
    pub unmapped_step: usize,
    /// Accounts with at least one event.
    pub accounts: usize,
    /// Events after the account's first won deal closed, left out of the golden comparison.
    pub after_win: usize,
}

/// One stage of a funnel.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StageFunnel {
    /// The stage.
    pub stage: String,
    /// Accounts that reached it.
    pub reached: u64,
    /// Share of the group's accounts that reached it.
    pub share: f64,
    /// Conversion from the previous stage, with its 95% Wilson interval.
    pub conversion: Option<[f64; 3]>,
    /// Median days from the first event of the previous stage to the first of this one.
    pub median_days: Option<f64>,
}

/// The funnel of one group of accounts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupFunnel {
    /// The group ("all", "golden", "other", or a value of the grouping column).
    pub group: String,
    /// Accounts of the group with at least one event.
    pub accounts: u64,
    /// Stage by stage.
    pub stages: Vec<StageFunnel>,
}

/// A step taken by a different share of golden and other accounts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StepDifference {
    /// The step as written (the first spelling seen).
    pub step: String,
    /// Its stage, if mapped.
    pub stage: Option<String>,
    /// Share of golden accounts (with events) that took it.
    pub golden_share: f64,
    /// Share of the other accounts that took it.
    pub other_share: f64,
    /// p-value (Fisher, or χ² on large counts).
    pub p_value: f64,
    /// Benjamini–Hochberg q-value across steps.
    pub q_value: f64,
    /// Golden accounts take it more often, beyond chance.
    pub found: bool,
}

/// The step nearly every golden account took on the way.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GoldenStep {
    /// The step.
    pub step: String,
    /// Share of golden accounts that took it.
    pub golden_share: f64,
    /// Share of the others.
    pub other_share: f64,
    /// In words.
    pub sentence: String,
}

/// Where the other accounts stall.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stall {
    /// The stage they reach.
    pub from: String,
    /// The stage they do not go on to.
    pub to: String,
    /// Conversion of golden accounts.
    pub golden_conversion: f64,
    /// Conversion of the others.
    pub other_conversion: f64,
    /// p-value of the difference.
    pub p_value: f64,
    /// In words.
    pub sentence: String,
}

/// The customer journey's findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct JourneyReport {
    /// What reading the events found.
    pub events: EventsSummary,
    /// The stages, in order.
    pub stages: Vec<String>,
    /// Every account with events.
    pub overall: GroupFunnel,
    /// Golden and other accounts, when golden accounts are known.
    pub golden: Vec<GroupFunnel>,
    /// Per value of a grouping (segments, an accounts column), largest first.
    pub groups: Vec<GroupFunnel>,
    /// Steps compared between golden and other accounts, findings first.
    pub steps: Vec<StepDifference>,
    /// The step (nearly) every golden account took.
    pub golden_step: Option<GoldenStep>,
    /// The stage where the others stall.
    pub stall: Option<Stall>,
    /// Which events the golden comparison counts, in words.
    pub comparison: String,
}

/// Which accounts are golden, and up to when their events count in the comparison.
pub struct GoldenAccounts<'a> {
    /// Whether each account row is golden.
    pub golden: &'a [bool],
    /// Per account row, the last second whose events count in the golden comparison (the
    /// end of the day its first won deal closed; `i64::MAX` for accounts never won), or
    /// `None` when the deals are not dated.
    pub until: Option<&'a [i64]>,
    /// Why `until` is `None`, in words (no deals table, no close date).
    pub undated_because: &'a str,
}

/// Events read into per-account stage times and steps.
struct Read {
    first: Vec<i64>,
    steps: Vec<(u32, u32)>,
    step_names: Vec<String>,
    step_stage: Vec<Option<usize>>,
    with_events: Vec<bool>,
    summary: EventsSummary,
}

fn column<'a>(
    frame: &'a Frame,
    file: &Path,
    setting: &'static str,
    name: &str,
) -> Result<&'a icp_frame::Column, JourneyError> {
    frame.column(name).ok_or_else(|| JourneyError::NoSuchColumn {
        file: file.to_owned(),
        setting,
        column: name.to_owned(),
    })
}

fn read(
    spec: &Journey,
    events: &Frame,
    file: &Path,
    links: &EventLinks<'_>,
    accounts: usize,
    until: Option<&[i64]>,
) -> Result<Read, JourneyError> {
    let stages = spec.stages.len();
    if stages == 0 {
        return Err(JourneyError::NoStages { file: file.to_owned() });
    }
    let step = column(events, file, "step", &spec.step)?;
    let time = column(events, file, "timestamp", &spec.timestamp)?;
    let (link, index) = match (&spec.account, &spec.contact, links.accounts, links.contacts) {
        (Some(a), _, Some(index), _) => (column(events, file, "account", a)?, index),
        (None, Some(c), _, Some(index)) => (column(events, file, "contact", c)?, index),
        (None, Some(_), _, None) => {
            return Err(JourneyError::NoLink {
                file: file.to_owned(),
                message: "[journey] names contacts, but the contacts table has no contact id column (like `contact_id`) to look them up in".into(),
            });
        }
        _ => {
            return Err(JourneyError::NoLink {
                file: file.to_owned(),
                message: "[journey] needs account = \"...\" (its column holding the account id, with `id` set under [accounts]) or contact = \"...\"".into(),
            });
        }
    };
    let stage_of: HashMap<String, usize> = spec
        .stages
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.steps.iter().map(move |step| (step.trim().to_lowercase(), i)))
        .collect();
    let mut summary = EventsSummary { events: events.rows(), ..EventsSummary::default() };
    let mut first = vec![NEVER; accounts * stages];
    let mut with_events = vec![false; accounts];
    let mut step_codes: HashMap<String, u32> = HashMap::new();
    let mut step_names = Vec::new();
    let mut step_stage = Vec::new();
    let mut steps = Vec::with_capacity(events.rows());
    for i in 0..events.rows() {
        let Some(account) = key_text(link, i).and_then(|k| index.get(&k).copied()) else {
            summary.unknown_account += 1;
            continue;
        };
        let seconds = match time.get(i) {
            Value::DateTime(s) => Some(s),
            Value::Date(d) => Some(i64::from(d) * 86_400),
            _ => None,
        };
        if let (Some(until), Some(t)) = (until, seconds)
            && t > until[account as usize]
        {
            summary.after_win += 1;
            continue;
        }
        let Some(name) = key_text(step, i) else { continue };
        let folded = name.trim().to_lowercase();
        let code = match step_codes.get(&folded) {
            Some(&c) => c,
            None => {
                let c = step_names.len() as u32;
                step_stage.push(stage_of.get(&folded).copied());
                step_names.push(name.trim().to_owned());
                step_codes.insert(folded, c);
                c
            }
        };
        with_events[account as usize] = true;
        steps.push((account, code));
        let stage = step_stage[code as usize];
        if stage.is_none() {
            summary.unmapped_step += 1;
        }
        match (seconds, stage) {
            (None, _) => summary.no_time += 1,
            (Some(t), Some(s)) => {
                let slot = &mut first[account as usize * stages + s];
                *slot = (*slot).min(t);
            }
            (Some(_), None) => {}
        }
    }
    steps.sort_unstable();
    steps.dedup();
    summary.accounts = with_events.iter().filter(|&&x| x).count();
    Ok(Read { first, steps, step_names, step_stage, with_events, summary })
}

impl Read {
    fn reached(&self, account: usize, stage: usize, stages: usize) -> bool {
        (stage..stages).any(|s| self.first[account * stages + s] != NEVER)
    }

    fn funnel(&self, name: &str, members: &[usize], stage_names: &[String]) -> GroupFunnel {
        let stages = stage_names.len();
        let mut reached = vec![0u64; stages];
        let mut days: Vec<Vec<f64>> = vec![Vec::new(); stages];
        for &a in members {
            for s in 0..stages {
                if self.reached(a, s, stages) {
                    reached[s] += 1;
                }
                if s > 0 {
                    let (t0, t1) = (self.first[a * stages + s - 1], self.first[a * stages + s]);
                    if t0 != NEVER && t1 != NEVER && t1 >= t0 {
                        days[s].push((t1 - t0) as f64 / 86_400.0);
                    }
                }
            }
        }
        let n = members.len() as u64;
        GroupFunnel {
            group: name.to_owned(),
            accounts: n,
            stages: (0..stages)
                .map(|s| StageFunnel {
                    stage: stage_names[s].clone(),
                    reached: reached[s],
                    share: if n == 0 { 0.0 } else { reached[s] as f64 / n as f64 },
                    conversion: (s > 0 && reached[s - 1] > 0).then(|| {
                        let (low, high) =
                            stats::wilson_interval(reached[s], reached[s - 1], stats::Z_95);
                        [reached[s] as f64 / reached[s - 1] as f64, low, high]
                    }),
                    median_days: median(&mut days[s]),
                })
                .collect(),
        }
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let m = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[m - 1] + values[m]) / 2.0 } else { values[m] })
}

/// Grouping of accounts for per-group funnels: `of[row]` indexes `names` (`u32::MAX`: none).
pub struct Grouping<'a> {
    /// The group of each account row.
    pub of: &'a [u32],
    /// Group names.
    pub names: &'a [String],
}

/// The customer journey of `events` (read from `file`, laid out as `spec` says) over
/// `accounts` account rows; `golden` marks golden accounts when known, `grouping` gives
/// per-group funnels.
pub fn journey(
    spec: &Journey,
    events: &Frame,
    file: &Path,
    links: &EventLinks<'_>,
    accounts: usize,
    golden: Option<&GoldenAccounts<'_>>,
    grouping: Option<&Grouping<'_>>,
) -> Result<JourneyReport, JourneyError> {
    let read_all = read(spec, events, file, links, accounts, None)?;
    let mut summary = read_all.summary.clone();
    let stage_names: Vec<String> = spec.stages.iter().map(|s| s.name.clone()).collect();
    let active: Vec<usize> = (0..accounts).filter(|&a| read_all.with_events[a]).collect();
    let overall = read_all.funnel("all", &active, &stage_names);
    let mut golden_funnels = Vec::new();
    let mut steps = Vec::new();
    let mut golden_step = None;
    let mut stall = None;
    let mut comparison = String::from("no golden accounts to compare");
    if let Some(GoldenAccounts { golden, until, undated_because }) = golden {
        // The comparison's own reading, without what accounts did once they had bought.
        let cut;
        let read = match until {
            Some(until) => {
                cut = read(spec, events, file, links, accounts, Some(until))?;
                summary.after_win = cut.summary.after_win;
                comparison = format!(
                    "golden and other accounts are compared on their events up to the day their first won deal closed ({} later events left out), so what customers do once they bought (a renewal) is not read as the way to become one; the funnels count every event",
                    cut.summary.after_win
                );
                &cut
            }
            None => {
                comparison = format!(
                    "{undated_because}, so events after an account became a customer count in the golden comparison: a step customers take (a renewal) can look like the way to become one"
                );
                &read_all
            }
        };
        let active: Vec<usize> = (0..accounts).filter(|&a| read.with_events[a]).collect();
        let (g, o): (Vec<usize>, Vec<usize>) = active.iter().partition(|&&a| golden[a]);
        if !g.is_empty() && !o.is_empty() {
            let gf = read.funnel("golden", &g, &stage_names);
            let of = read.funnel("other", &o, &stage_names);
            steps = step_differences(read, golden, g.len() as u64, o.len() as u64, &stage_names);
            golden_step = the_golden_step(&steps, &stage_names).map(|s| GoldenStep {
                step: s.step.clone(),
                golden_share: s.golden_share,
                other_share: s.other_share,
                sentence: format!(
                    "{:.0}% of golden accounts took `{}`, against {:.0}% of the others",
                    s.golden_share * 100.0,
                    s.step,
                    s.other_share * 100.0
                ),
            });
            stall = find_stall(&gf, &of);
            golden_funnels = vec![gf, of];
        }
    }
    let groups = match grouping {
        Some(grouping) => {
            let mut members: Vec<Vec<usize>> = vec![Vec::new(); grouping.names.len()];
            for &a in &active {
                if let Some(m) = members.get_mut(grouping.of[a] as usize) {
                    m.push(a);
                }
            }
            let mut funnels: Vec<GroupFunnel> = members
                .iter()
                .zip(grouping.names)
                .filter(|(m, _)| !m.is_empty())
                .map(|(m, name)| read_all.funnel(name, m, &stage_names))
                .collect();
            funnels.sort_by_key(|f| std::cmp::Reverse(f.accounts));
            funnels
        }
        None => Vec::new(),
    };
    Ok(JourneyReport {
        events: summary,
        stages: stage_names,
        overall,
        golden: golden_funnels,
        groups,
        steps,
        golden_step,
        stall,
        comparison,
    })
}

fn step_differences(
    read: &Read,
    golden: &[bool],
    golden_n: u64,
    other_n: u64,
    stage_names: &[String],
) -> Vec<StepDifference> {
    let mut counts = vec![(0u64, 0u64); read.step_names.len()];
    for &(account, step) in &read.steps {
        if golden[account as usize] {
            counts[step as usize].0 += 1;
        } else {
            counts[step as usize].1 += 1;
        }
    }
    let mut out: Vec<StepDifference> = counts
        .iter()
        .enumerate()
        .map(|(i, &(g, o))| StepDifference {
            step: read.step_names[i].clone(),
            stage: read.step_stage[i].map(|s| stage_names[s].clone()),
            golden_share: g as f64 / golden_n as f64,
            other_share: o as f64 / other_n as f64,
            p_value: stats::attribute_p_value(&[[g, o], [golden_n - g, other_n - o]]),
            q_value: 1.0,
            found: false,
        })
        .collect();
    let p: Vec<f64> = out.iter().map(|s| s.p_value).collect();
    for (s, q) in out.iter_mut().zip(stats::benjamini_hochberg(&p)) {
        s.q_value = q;
        s.found = q <= 0.05 && s.golden_share > s.other_share;
    }
    out.sort_by(|a, b| {
        b.found
            .cmp(&a.found)
            .then(b.golden_share.total_cmp(&a.golden_share))
            .then((b.golden_share - b.other_share).total_cmp(&(a.golden_share - a.other_share)))
    });
    out
}

/// The step nearly every golden account took on the way, and many others skipped: of the
/// steps golden accounts take more often (90% of them at least, 25 points more than the
/// others), the one in the earliest stage, then with the widest gap. Later stages are where
/// the golden rule itself usually lies (a signed contract): the earliest such step is the
/// one to act on.
fn the_golden_step<'a>(
    steps: &'a [StepDifference],
    stages: &[String],
) -> Option<&'a StepDifference> {
    let stage = |s: &StepDifference| {
        s.stage.as_ref().and_then(|n| stages.iter().position(|x| x == n)).unwrap_or(usize::MAX)
    };
    steps
        .iter()
        .filter(|s| s.found && s.golden_share >= 0.9 && s.golden_share - s.other_share >= 0.25)
        .min_by(|a, b| {
            stage(a)
                .cmp(&stage(b))
                .then((b.golden_share - b.other_share).total_cmp(&(a.golden_share - a.other_share)))
        })
}

/// The transition with the widest gap between golden and other conversion, when the others
/// convert less and the gap is beyond chance.
fn find_stall(golden: &GroupFunnel, other: &GroupFunnel) -> Option<Stall> {
    let mut best: Option<Stall> = None;
    for s in 1..golden.stages.len() {
        let (g0, g1) = (golden.stages[s - 1].reached, golden.stages[s].reached);
        let (o0, o1) = (other.stages[s - 1].reached, other.stages[s].reached);
        if g0 == 0 || o0 == 0 {
            continue;
        }
        let (gc, oc) = (g1 as f64 / g0 as f64, o1 as f64 / o0 as f64);
        let p = stats::attribute_p_value(&[[g1, o1], [g0 - g1, o0 - o1]]);
        if oc >= gc
            || p > 0.05
            || best.as_ref().is_some_and(|b| b.golden_conversion - b.other_conversion >= gc - oc)
        {
            continue;
        }
        let (from, to) = (golden.stages[s - 1].stage.clone(), golden.stages[s].stage.clone());
        best = Some(Stall {
            sentence: format!(
                "between {from} and {to}: {:.0}% of the others reaching {from} go on, against {:.0}% of golden accounts",
                oc * 100.0,
                gc * 100.0
            ),
            from,
            to,
            golden_conversion: gc,
            other_conversion: oc,
            p_value: p,
        });
    }
    best
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
    }
}

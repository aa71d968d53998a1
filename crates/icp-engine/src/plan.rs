//! A capacity plan: with this month's calls (or touches), which records to work, and what
//! that finds — judged honestly on held-out records. A third of the records (stratified,
//! seeded) is held out; the profile, its calibration and the value of a golden account are
//! learned on the rest alone; then the held-out records are worked three ways with the same
//! capacity — by expected value, by score, and "bigger is better" (a size column alone) —
//! and the golden records and the value each finds are counted with 95% intervals.

use icp_frame::Value;
use icp_scorecard::crossval::{self, Sample, stratified_test_sets};
use icp_scorecard::discover::{DiscoverSettings, discover_with};
use icp_scorecard::profile_builder::{ProfileMeta, build_profile};
use icp_scorecard::scorer::{Outcome, Scorer};
use icp_scorecard::stats::{Z_95, wilson_interval};
use serde::Serialize;

use crate::economics::{account_values, learn};
use crate::error::{Code, EngineError, Result};
use crate::expected_value::ValueModel;
use crate::session::Session;

/// What to plan.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    /// Records that can be worked (default: `[economics.capacity] calls`).
    pub calls: Option<usize>,
    /// The column "bigger is better" ranks by (default: employees, else revenue).
    pub bigger: Option<String>,
    /// Most key attributes.
    pub max_attributes: usize,
}

impl Default for PlanRequest {
    fn default() -> Self {
        PlanRequest { calls: None, bigger: None, max_attributes: 10 }
    }
}

/// How one way of choosing did on the held-out records.
#[derive(Debug, Clone, Serialize)]
pub struct Worked {
    /// The way of choosing: `expected value`, `score` or `bigger is better (COLUMN)`.
    pub method: String,
    /// Records worked.
    pub worked: u64,
    /// Golden records among them.
    pub golden: u64,
    /// 95% interval of the golden records found (Wilson, on the share found).
    pub golden_interval: [f64; 2],
    /// Net value of the golden records found.
    pub value: f64,
    /// 95% interval of that value.
    pub value_interval: [f64; 2],
    /// Value less the cost of working them.
    pub net: f64,
}

/// The plan and its proof.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Records held out.
    pub held_out: u64,
    /// Golden records among them.
    pub held_out_golden: u64,
    /// Records the capacity allows.
    pub calls: u64,
    /// The cost of working one record.
    pub cost_per_call: f64,
    /// What value means.
    pub value: String,
    /// Golden records the calibrated probabilities expected among those chosen by expected
    /// value (set beside what was found, it shows the calibration holds).
    pub expected_golden: f64,
    /// By expected value, by score, bigger is better.
    pub methods: Vec<Worked>,
    /// Tiers of the records chosen by expected value: how far down the tiers to work.
    pub tiers: Vec<(String, u64)>,
    /// The records to work this month: those not golden yet with the highest expected value,
    /// as many as the capacity allows, best first.
    #[serde(skip)]
    pub leads: Vec<Lead>,
    /// Golden customers the probabilities expect among the leads.
    pub leads_expected_golden: f64,
    /// The expected value of working the leads (their probabilities × values − the cost).
    pub leads_expected_value: f64,
}

/// One record to work.
#[derive(Debug, Clone)]
pub struct Lead {
    /// Row in the accounts (0-based).
    pub row: usize,
    /// Its score.
    pub score: f64,
    /// Its tier's name.
    pub tier: String,
    /// The calibrated probability of becoming golden (the golden customers it is expected
    /// to give).
    pub probability: f64,
    /// Probability × the value of a golden account like it − the cost of working it.
    pub expected_value: f64,
}

impl Plan {
    /// Writes the leads as CSV, best first: id (the accounts' id column, else the name),
    /// rank, score, tier, expected golden (the probability) and expected value.
    pub fn write_leads_csv(&self, session: &Session, sink: &mut dyn std::io::Write) -> Result<()> {
        use icp_io::write::csv::push_text;
        use icp_io::write::push_i64;
        let dataset = &session.dataset;
        let ids = dataset.labels(dataset.id_column().or(dataset.name_column()));
        let mut out = Vec::with_capacity(64 * (self.leads.len() + 1));
        push_text(&mut out, dataset.id.as_deref().unwrap_or("record").as_bytes());
        out.extend_from_slice(b",rank,icp_score,icp_tier,expected_golden,expected_value\n");
        for (k, lead) in self.leads.iter().enumerate() {
            push_text(&mut out, ids[lead.row].as_bytes());
            out.push(b',');
            push_i64(&mut out, k as i64 + 1);
            out.push(b',');
            crate::allocate::push_fixed(&mut out, lead.score, 1);
            out.push(b',');
            push_text(&mut out, lead.tier.as_bytes());
            out.push(b',');
            crate::allocate::push_fixed(&mut out, lead.probability, 4);
            out.push(b',');
            crate::allocate::push_fixed(&mut out, lead.expected_value, 2);
            out.push(b'\n');
        }
        sink.write_all(&out).map_err(EngineError::Output)?;
        Ok(())
    }
}

/// Plans the capacity and proves it on held-out records.
pub fn plan(session: &Session, request: &PlanRequest) -> Result<Plan> {
    let a = session.analysis()?;
    let frame = &session.dataset.frame;
    let economics = session.project.economics.clone().unwrap_or_default();
    let calls = request
        .calls
        .or(economics.capacity.calls.map(|c| c.round() as usize))
        .filter(|&c| c > 0)
        .ok_or_else(|| {
            EngineError::invalid(
                Code::Other,
                "a plan needs a capacity: set `calls` under [economics.capacity] in icp.toml, or give the number of calls",
            )
        })?;
    let values = account_values(session)?.ok_or_else(|| {
        EngineError::invalid(
            Code::Other,
            "a plan needs a value: set `price` under [economics] (or `value` under [golden]) in icp.toml",
        )
    })?;
    let bigger = match &request.bigger {
        Some(b) => {
            icp_project::require_column(
                frame,
                &session.project.accounts.source.path,
                b,
                "the column bigger is better ranks by",
            )?;
            b.clone()
        }
        None => crate::rightsize::size_column(session).ok_or_else(|| {
            EngineError::invalid(
                Code::NoSuchColumn,
                "no column holds company size (employees or revenue) for \"bigger is better\"; name one",
            )
        })?,
    };
    let settings = DiscoverSettings::default();
    let sets = stratified_test_sets(&a.rows, &a.golden, 3, settings.seed);
    let test = &sets[0];
    let train: Vec<usize> = sets[1..].iter().flatten().copied().collect();
    let scorer = learn_on(session, &a, &train, request.max_attributes, Some(&values))?;
    let model = ValueModel::new(&scorer)?;
    let batch = scorer.score(frame)?;
    let tiers = &scorer.profile().tiers;
    let mut ev = vec![f64::NEG_INFINITY; frame.rows()];
    let mut score = vec![f64::NEG_INFINITY; frame.rows()];
    let mut probability = vec![0.0; frame.rows()];
    let mut tier_of = vec![usize::MAX; frame.rows()];
    for &i in test {
        if let Outcome::Scored { tier } = batch.outcomes[i] {
            let s = f64::from(batch.score_tenths[i]) / 10.0;
            let p = scorer.probability(s);
            let code = model.attribute().map_or(0, |k| batch.codes[k][i]);
            ev[i] = model.expected(p, code, usize::from(tier));
            score[i] = s;
            probability[i] = p;
            tier_of[i] = usize::from(tier);
        }
    }
    let size: Vec<f64> = {
        let column = frame.column(&bigger).expect("checked");
        (0..frame.rows())
            .map(|i| match column.get(i) {
                Value::Number(x) if x.is_finite() => x,
                _ => f64::NEG_INFINITY,
            })
            .collect()
    };
    let leads = leads(&a, &scorer, &model, &batch, calls);
    let calls = calls.min(test.len());
    let cost = economics.cost_per_touch.unwrap_or(0.0);
    let net_value = |i: usize| if a.golden[i] { values.net(i).max(0.0) } else { 0.0 };
    let choose = |key: &[f64]| -> Vec<usize> {
        let mut order = test.clone();
        // Highest first; ties in input order, so the choice is reproducible.
        order.sort_by(|&x, &y| key[y].total_cmp(&key[x]).then(x.cmp(&y)));
        order.truncate(calls);
        order
    };
    let worked = |method: String, chosen: &[usize]| -> Worked {
        let golden = chosen.iter().filter(|&&i| a.golden[i]).count() as u64;
        let n = chosen.len() as u64;
        let (lo, hi) = wilson_interval(golden, n, Z_95);
        let v: Vec<f64> = chosen.iter().map(|&i| net_value(i)).collect();
        let total: f64 = v.iter().sum();
        let mean = total / n.max(1) as f64;
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>()
            / (n.saturating_sub(1)).max(1) as f64)
            .sqrt();
        let half = Z_95 * sd * (n as f64).sqrt();
        Worked {
            method,
            worked: n,
            golden,
            golden_interval: [lo * n as f64, hi * n as f64],
            value: total,
            value_interval: [(total - half).max(0.0), total + half],
            net: total - cost * n as f64,
        }
    };
    let by_value = choose(&ev);
    let methods = vec![
        worked("expected value".into(), &by_value),
        worked("score".into(), &choose(&score)),
        worked(format!("bigger is better ({bigger})"), &choose(&size)),
    ];
    let mut tier_counts = vec![0u64; tiers.len()];
    for &i in &by_value {
        if let Some(c) = tier_counts.get_mut(tier_of[i]) {
            *c += 1;
        }
    }
    Ok(Plan {
        held_out: test.len() as u64,
        held_out_golden: test.iter().filter(|&&i| a.golden[i]).count() as u64,
        calls: calls as u64,
        cost_per_call: cost,
        value: values.describe(session),
        expected_golden: by_value.iter().map(|&i| probability[i]).sum(),
        methods,
        tiers: tiers.iter().map(|t| t.name.clone()).zip(tier_counts).collect(),
        leads_expected_golden: leads.iter().map(|l| l.probability).sum(),
        leads_expected_value: leads.iter().map(|l| l.expected_value).sum(),
        leads,
    })
}

/// The `capacity` records not golden yet (of those analysed) with the highest expected
/// value, best first; ties in input order.
fn leads(
    a: &crate::session::Analysis,
    scorer: &Scorer,
    model: &ValueModel,
    batch: &icp_scorecard::scorer::ScoredBatch,
    capacity: usize,
) -> Vec<Lead> {
    let tiers = &scorer.profile().tiers;
    let mut leads: Vec<Lead> = a
        .rows
        .iter()
        .filter(|&&i| !a.golden[i])
        .filter_map(|&i| match batch.outcomes[i] {
            Outcome::Scored { tier } => {
                let score = f64::from(batch.score_tenths[i]) / 10.0;
                let probability = scorer.probability(score);
                let code = model.attribute().map_or(0, |k| batch.codes[k][i]);
                Some(Lead {
                    row: i,
                    score,
                    tier: tiers[usize::from(tier)].name.clone(),
                    probability,
                    expected_value: model.expected(probability, code, usize::from(tier)),
                })
            }
            _ => None,
        })
        .collect();
    leads.sort_by(|x, y| y.expected_value.total_cmp(&x.expected_value).then(x.row.cmp(&y.row)));
    leads.truncate(capacity);
    leads
}

/// A profile learned on `train` alone, as discover learns one: the attributes, points and
/// tiers, its probability calibrated on out-of-fold scores of those rows, and the value of a
/// golden account with the project's cost of working a record.
pub(crate) fn learn_on(
    session: &Session,
    a: &crate::session::Analysis,
    train: &[usize],
    max_attributes: usize,
    values: Option<&crate::economics::AccountValues>,
) -> Result<Scorer> {
    let frame = &session.dataset.frame;
    let settings =
        DiscoverSettings { max_attributes: max_attributes.max(1), ..DiscoverSettings::default() };
    let leaks = crate::leaks::context(session);
    let discovery = discover_with(frame, &a.columns, &a.golden, train, &settings, &leaks)?;
    if discovery.no_signal {
        return Err(EngineError::invalid(
            Code::Other,
            "the records learned from show no reliable signal, so there is nothing to rank by",
        ));
    }
    let meta = ProfileMeta { golden_rule: a.rule.clone(), ..ProfileMeta::default() };
    let mut profile = build_profile(&discovery, frame, train, &a.golden, &meta);
    let sample =
        Sample { frame, columns: &a.columns, golden: &a.golden, rows: train, leaks: &leaks };
    if let Some(measured) = crossval::out_of_fold(sample, &settings, crossval::DISCOVER_FOLDS) {
        crossval::apply(&mut profile, &measured);
    }
    profile.economics = values.and_then(|v| learn(session, &profile, frame, train, &a.golden, v));
    if let Some(e) = profile.economics.as_mut() {
        e.cost_to_work =
            session.project.economics.as_ref().and_then(|e| e.cost_per_touch).unwrap_or(0.0);
    }
    Ok(Scorer::new(profile)?)
}

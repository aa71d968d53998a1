//! `icp report`: the whole story on one page — discover, prove, score, segment, and RFM and
//! lifetime value when the project has orders — written as one self-contained HTML file.

use anyhow::Result;
use icp_report::ScoredRow;
use icp_scorecard::scorer::{Outcome, Scorer};

use crate::cli::{ClvArgs, DiscoverArgs, EvaluateArgs, OrdersArgs, ReportArgs, SegmentArgs};
use crate::output;

pub fn run(args: &ReportArgs, quiet: bool) -> Result<()> {
    let discover_args = DiscoverArgs {
        page: Default::default(),
        project: args.project.clone(),
        population: None,
        golden: None,
        value: None,
        output: Default::default(),
        max_attributes: 10,
        keep_leaks: false,
        json: false,
        lenient: false,
    };
    let found = super::discover::compute(&discover_args)?;
    let lang = crate::report::lang(args.lang.as_deref(), &found.analysis.project)?;
    let mut report = crate::report::base(&args.project);
    let profile = match &args.profile {
        Some(path) => Some(icp_profile::Profile::load(path)?),
        None => found.profile.clone(),
    };
    crate::report::add_discovery(
        &mut report,
        &found.analysis,
        &found.discovery,
        &found.top,
        profile.as_ref(),
        &found.settings,
    );
    if !found.discovery.no_signal {
        let evaluation = super::evaluate::compute(&EvaluateArgs {
            page: Default::default(),
            project: args.project.clone(),
            population: None,
            golden: None,
            folds: args.folds,
            time_column: None,
            max_attributes: 10,
            json: false,
        })?;
        crate::report::add_proof(&mut report, &evaluation);
    }
    // The scored list: the accounts themselves, scored with the profile.
    if let Some(p) = &profile {
        let scorer = Scorer::new(p.clone())?;
        let frame = &found.analysis.dataset.frame;
        let batch = scorer.score(frame)?;
        let dataset = &found.analysis.dataset;
        let names = dataset.labels(dataset.name_column());
        let tiers = &scorer.profile().tiers;
        let mut counts = vec![0u64; tiers.len() + 2];
        for o in &batch.outcomes {
            match o {
                Outcome::Scored { tier } => counts[usize::from(*tier)] += 1,
                Outcome::Insufficient => counts[tiers.len()] += 1,
                Outcome::Disqualified { .. } => counts[tiers.len() + 1] += 1,
            }
        }
        let mut tier_counts: Vec<(String, u64)> =
            tiers.iter().map(|t| t.name.clone()).zip(counts.iter().copied()).collect();
        tier_counts.push((scorer.profile().scoring.insufficient_tier.clone(), counts[tiers.len()]));
        tier_counts
            .push((scorer.profile().scoring.disqualified_tier.clone(), counts[tiers.len() + 1]));
        let mut order: Vec<usize> = (0..batch.rows)
            .filter(|&i| matches!(batch.outcomes[i], Outcome::Scored { .. }))
            .collect();
        order.sort_by(|&a, &b| batch.score_tenths[b].cmp(&batch.score_tenths[a]).then(a.cmp(&b)));
        let top = order
            .iter()
            .take(20)
            .map(|&i| {
                let r = scorer.reasons(&batch, i, 3, 2);
                let words: Vec<String> = r
                    .positive
                    .iter()
                    .chain(&r.negative)
                    .map(|x| format!("{}: {} ({:+.1})", x.attribute, x.bin, x.delta))
                    .collect();
                let tier = match batch.outcomes[i] {
                    Outcome::Scored { tier } => tiers[usize::from(tier)].name.clone(),
                    _ => String::new(),
                };
                ScoredRow {
                    name: names[i].clone(),
                    score: f64::from(batch.score_tenths[i]) / 10.0,
                    tier,
                    reasons: words.join("; "),
                }
            })
            .collect();
        crate::report::add_scored(&mut report, tier_counts, top);
    }
    let segment_args = SegmentArgs {
        page: Default::default(),
        project: args.project.clone(),
        profile: None,
        k: None,
        no_clusters: false,
        seed: 7,
        output: None,
        do_not_approach: None,
        json: false,
    };
    let segmented = super::segment::compute(&segment_args, quiet, profile.clone())?;
    crate::report::add_segments(&mut report, &segmented.segments, &segmented.dna, &segmented.ids);
    if found.analysis.project.orders.is_some() {
        let orders = OrdersArgs { project: args.project.clone(), ..Default::default() };
        let loaded = crate::orders::load(&orders)?;
        let options =
            icp_orders::rfm::RfmOptions { cleaning: loaded.cleaning.clone(), ..Default::default() };
        match icp_orders::rfm::rfm_frame(&loaded.table.frame, &loaded.columns, &options) {
            Ok(r) => crate::report::add_rfm(&mut report, &r),
            Err(e) => output::note(quiet, &format!("note: RFM left out of the report: {e}")),
        }
        let clv_args = ClvArgs {
            orders,
            horizon_months: 12,
            discount_rate: 0.01,
            until: None,
            output: None,
            json: false,
        };
        match super::clv::compute(&clv_args) {
            Ok(c) => crate::report::add_clv(&mut report, &c, 12),
            Err(e) => {
                output::note(quiet, &format!("note: lifetime value left out of the report: {e}"))
            }
        }
    }
    crate::report::write(&args.output, &report, lang, quiet)
}

//! The report's data, assembled from what the jobs found: each job adds its sections, and
//! [`full_report`] runs every job once over one session for `icp report`.

use icp_profile::{AttributeKind, CriterionKind, Profile};
use icp_report::phrase::{self, Action, BinLabel, DnaReason, Play, RfmGroup};
use icp_report::{
    AttributeRow, BinRow, ClvSection, CriterionRow, EvidenceSection, FamilyRow, GoldenSection,
    MethodRow, ProfileAttribute, ProfileSection, ProofSection, Report, RfmGroupRow, RfmSection,
    ScoredRow, ScoredSection, SegmentRow, SegmentsSection, TierDefinition, TierRow, TopCustomer,
};
use icp_scorecard::crossval::DISCOVER_FOLDS;
use icp_scorecard::reasons::{ReasonPart, Reasoner};
use icp_scorecard::scorer::{MISSING_BIN, Outcome, Scorer};

use crate::clv::{ClvRequest, ClvResult, clv};
use crate::discover::{DiscoverRequest, Discovered, Measure, discover_on};
use crate::error::Result;
use crate::evaluate::{EvaluateRequest, Evaluation, evaluate};
use crate::note::Note;
use crate::orders::{OrdersRequest, orders_from_table};
use crate::progress::Progress;
use crate::segment::{Segment, SegmentRequest, segment_with};
use crate::session::Session;

/// An empty report titled after the project's folder.
pub fn base(project: &std::path::Path) -> Report {
    let dir = std::path::absolute(project).ok().and_then(|p| {
        p.parent().and_then(|d| d.file_name()).map(|n| n.to_string_lossy().into_owned())
    });
    Report {
        title: dir.unwrap_or_else(|| project.display().to_string()),
        generated: crate::format::now_rfc3339(),
        icp_version: crate::VERSION.into(),
        ..Report::default()
    }
}

/// What `icp report` covers.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    /// Use this profile instead of the one discovery proposes.
    pub profile: Option<Profile>,
    /// Cross-validation folds for the proof.
    pub folds: usize,
    /// Keep attributes left out as probable leaks (discovery, the proof and clusters).
    pub keep_leaks: bool,
}

/// Runs every job once over `session` and assembles the whole story: discovery, proof,
/// the scored list, segments, and RFM and lifetime value when the project has orders.
pub fn full_report(
    session: &Session,
    request: &ReportRequest,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<(Report, Vec<Note>)> {
    let mut notes = Vec::new();
    let keep_leaks = request.keep_leaks;
    let mut report = base(&session.project_path);
    // With orders and no golden rule, the report is the orders' story alone.
    let orders_only = session.project.golden.rule.is_none() && session.dataset.orders.is_some();
    if orders_only {
        notes.push(Note::OrdersOnly);
    } else {
        let folds = if request.folds == 0 { DISCOVER_FOLDS } else { request.folds };
        let discovering = DiscoverRequest { keep_leaks, ..DiscoverRequest::default() };
        let proof = EvaluateRequest { folds, keep_leaks, ..EvaluateRequest::default() };
        // The proof's cross-validation is discover's own measurement when it splits as
        // discover does and chooses attributes alike: run it once, for both.
        let one_cross_validation =
            folds == DISCOVER_FOLDS && proof.max_attributes == discovering.max_attributes;
        let measure = if one_cross_validation { Measure::Skip } else { Measure::NestedCv };
        let mut found = discover_on(session, &discovering, session.analysis()?, measure)?;
        if !found.discovery.no_signal {
            let evaluation = evaluate(session, &proof, progress)?;
            if one_cross_validation
                && let (Some(profile), Some(measured)) =
                    (found.profile.as_mut(), &evaluation.out_of_fold)
            {
                icp_scorecard::crossval::apply(profile, measured);
            }
            add_proof(&mut report, &evaluation);
        }
        let profile = request.profile.clone().or_else(|| found.profile.clone());
        add_discovery(&mut report, &found, profile.as_ref());
        if let Some(p) = &profile {
            add_scored(&mut report, &Scorer::new(p.clone())?, session)?;
        }
        let request = SegmentRequest { keep_leaks, ..SegmentRequest::default() };
        // Discovery judged every analysed column's leaks over the same rows already.
        let leaky = crate::leaks::left_out_by(&found.discovery);
        let segmented = segment_with(session, &request, profile.as_ref(), Some(leaky), progress)?;
        notes.extend(segmented.notes.iter().cloned());
        add_segments(&mut report, &segmented.segments, &segmented.dna, &segmented.ids);
        // Right-sizing where the project states its economics and the data has a size.
        if session.project.economics.is_some() && crate::rightsize::size_column(session).is_some() {
            let r = crate::rightsize::rightsize(
                session,
                &crate::rightsize::RightsizeRequest::default(),
            )?;
            add_rightsize(&mut report, &r);
        }
    }
    if let Some(table) = &session.dataset.orders {
        match orders_from_table(std::borrow::Cow::Borrowed(table), &OrdersRequest::default()) {
            Ok(orders) => {
                match crate::rfm::rfm(&orders) {
                    Ok(r) => {
                        let warnings = crate::rfm::warnings(&r);
                        notes.extend(warnings.into_iter().map(|message| Note::Orders { message }));
                        add_rfm(&mut report, &r);
                    }
                    Err(e) => notes.push(Note::RfmLeftOut { reason: e.to_string() }),
                }
                match clv(&orders, &ClvRequest::default()) {
                    Ok(c) => {
                        let warnings = c.warnings();
                        notes.extend(warnings.into_iter().map(|message| Note::Orders { message }));
                        add_clv(&mut report, &c);
                    }
                    Err(e) => notes.push(Note::ClvLeftOut { reason: e.to_string() }),
                }
            }
            Err(e) => {
                notes.push(Note::RfmLeftOut { reason: e.to_string() });
                notes.push(Note::ClvLeftOut { reason: e.to_string() });
            }
        }
    }
    Ok((report, notes))
}

/// Section 5: tier counts over the project's own accounts and the top records with reasons.
pub fn add_scored(report: &mut Report, scorer: &Scorer, session: &Session) -> Result<()> {
    let dataset = &session.dataset;
    let batch = scorer.score(&dataset.frame)?;
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
    tier_counts.push((scorer.profile().scoring.disqualified_tier.clone(), counts[tiers.len() + 1]));
    let mut order: Vec<usize> =
        (0..batch.rows).filter(|&i| matches!(batch.outcomes[i], Outcome::Scored { .. })).collect();
    order.sort_by(|&a, &b| batch.score_tenths[b].cmp(&batch.score_tenths[a]).then(a.cmp(&b)));
    let reasoner = Reasoner::new(scorer);
    let top = order
        .iter()
        .take(20)
        .map(|&i| {
            let tier = match batch.outcomes[i] {
                Outcome::Scored { tier } => tiers[usize::from(tier)].name.clone(),
                _ => String::new(),
            };
            ScoredRow {
                name: names[i].clone(),
                score: f64::from(batch.score_tenths[i]) / 10.0,
                tier,
                reasons: reasoner
                    .parts(&batch, i, batch.outcomes[i])
                    .into_iter()
                    .map(|p| score_reason(scorer.profile(), p))
                    .collect(),
            }
        })
        .collect();
    report.scored = Some(ScoredSection { tiers: tier_counts, top });
    Ok(())
}

/// Sections 1–3: golden customers, what they share, the template.
pub fn add_discovery(report: &mut Report, found: &Discovered, profile: Option<&Profile>) {
    let d = &found.discovery;
    let top = &found.top;
    let settings = &found.settings;
    report.golden = Some(GoldenSection {
        rule: found.analysis.rule.clone(),
        count: d.golden as u64,
        rows: d.rows as u64,
        value_label: found.value.clone(),
        top: top
            .iter()
            .map(|t| TopCustomer { name: t.name.clone(), value: t.value, why: t.why.clone() })
            .collect(),
    });
    let key: Vec<usize> = d.key.iter().map(|k| k.candidate).collect();
    let min_rows = icp_scorecard::binning::min_group_rows(d.rows);
    report.evidence = Some(EvidenceSection {
        no_signal: d.no_signal,
        tentative: d.tentative,
        notes: d.notes.iter().map(note).collect(),
        attributes: d
            .candidates
            .iter()
            .enumerate()
            .take(settings.long_list)
            .map(|(i, c)| {
                let e = &c.evidence;
                AttributeRow {
                    name: e.name.clone(),
                    iv: e.iv,
                    strength: e.strength().into(),
                    q_value: e.q_value,
                    leak: e.leak.as_ref().map(leak),
                    leak_excluded: e.leak_excluded,
                    key: key.contains(&i),
                    bins: e
                        .bins
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| b.rows > 0)
                        .map(|(slot, b)| BinRow {
                            label: evidence_bin_label(&c.binning, slot, b),
                            rows: b.rows,
                            golden: b.golden,
                            lift: b.lift,
                            lift_low: b.lift_low,
                            lift_high: b.lift_high,
                            small: b.rows < min_rows,
                        })
                        .collect(),
                }
            })
            .collect(),
    });
    if let Some(p) = profile {
        add_profile(report, p);
    }
}

/// Section 3 from a profile.
pub fn add_profile(report: &mut Report, p: &Profile) {
    report.profile = Some(ProfileSection {
        criteria: p
            .criteria
            .iter()
            .filter(|c| c.enabled)
            .map(|c| CriterionRow {
                kind: match c.kind {
                    CriterionKind::Require => "require".into(),
                    CriterionKind::Disqualify => "disqualify".into(),
                },
                rule: c.rule.clone(),
                reason: c.reason.clone(),
            })
            .collect(),
        attributes: p
            .attributes
            .iter()
            .map(|a| ProfileAttribute {
                name: a.name.clone(),
                bins: a.bins.iter().map(|b| (profile_bin_label(a.kind, b), b.points)).collect(),
                missing_points: a.missing_points,
            })
            .collect(),
        tiers: p
            .tiers
            .iter()
            .map(|t| TierDefinition {
                name: t.name.clone(),
                min_score: t.min_score,
                action: t.action.as_deref().map(tier_action),
            })
            .collect(),
        nested_cv_auc: p.quality.nested_cv_auc,
        folds: p.quality.folds,
        selection_auc: p.quality.selection_auc,
        tentative: p.quality.tentative,
    });
}

/// Puts the customer-success allocation into `report`; `names` name the customers by row.
pub fn add_allocation(report: &mut Report, a: &crate::allocate::Allocation, names: &[String]) {
    let mut top: Vec<&crate::allocate::Customer> = a.customers.iter().collect();
    top.sort_by_key(|c| c.rank);
    top.truncate(25);
    report.allocate = Some(icp_report::AllocateSection {
        value: a.value.clone(),
        seats: a.seats,
        counts: a.counts,
        value_at_risk: a.value_at_risk,
        covered: a.covered,
        proof: a.proof.as_ref().map(|p| {
            let cover = |k: usize| {
                let m = &p.methods[k];
                (m.value_at_risk, m.interval, m.left)
            };
            icp_report::AllocateProof {
                held_out: p.held_out,
                seats_accounts: p.seats_accounts,
                value_lost: p.value_lost,
                by_risk: cover(0),
                by_value: cover(1),
            }
        }),
        top: top.iter().map(|c| (names[c.row].clone(), c.value, c.risk, c.at_risk)).collect(),
    });
}

/// Puts right-sizing into `report`.
pub fn add_rightsize(report: &mut Report, r: &crate::rightsize::Rightsized) {
    let pair = |v: Option<f64>, i: Option<[f64; 2]>| v.map(|v| (v, i));
    report.rightsize = Some(icp_report::RightsizeSection {
        by: r.by.clone(),
        value: r.value.clone(),
        dates: r.dates.clone(),
        bands: r
            .bands
            .iter()
            .map(|b| icp_report::RightsizeBand {
                label: b.label.clone(),
                records: b.records,
                win_rate: (b.win_rate, b.win_rate_interval),
                value: pair(b.value, b.value_interval),
                days: pair(b.days, b.days_interval),
                value_per_day: pair(b.value_per_day, b.value_per_day_interval),
                value_per_seat: pair(b.value_per_seat, b.value_per_seat_interval),
                received: b.value_received.zip(b.received_per_price),
            })
            .collect(),
        core: r.core,
        peak: r.peak,
        findings: r.findings.clone(),
    });
}

/// Section 4: the proof.
pub fn add_proof(report: &mut Report, e: &Evaluation) {
    report.proof = Some(ProofSection {
        design: e.design.clone(),
        rows: e.rows as u64,
        golden: e.golden as u64,
        methods: e
            .figures
            .iter()
            .map(|f| MethodRow {
                name: f.name.clone(),
                auc: f.auc,
                auc_low: f.auc_low,
                auc_high: f.auc_high,
                ks: f.ks,
                lift10: f.lift_top10,
                capture10: f.capture_top10,
                lift20: f.lift_top20,
                capture20: f.capture_top20,
                brier: f.brier,
                gains: f.gains.iter().map(|g| g.capture).collect(),
                roc: f.roc.clone(),
            })
            .collect(),
        tiers: e
            .figures
            .first()
            .and_then(|f| f.tiers.as_ref())
            .map(|t| {
                t.iter()
                    .map(|t| TierRow {
                        name: t.tier.clone(),
                        rows: t.rows,
                        golden: t.golden,
                        rate: t.rate,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        warnings: e.warnings.clone(),
    });
}

/// Section 6: segments and the do-not-approach list.
pub fn add_segments(
    report: &mut Report,
    segments: &[Segment],
    dna: &[(usize, Vec<DnaReason>)],
    ids: &icp_frame::StrColumn,
) {
    let mut families: Vec<FamilyRow> = Vec::new();
    for s in segments {
        if families.last().is_none_or(|f| f.family != s.family) {
            families.push(FamilyRow { family: s.family.clone(), segments: Vec::new() });
        }
        families.last_mut().expect("pushed").segments.push(SegmentRow {
            name: s.name.clone(),
            records: s.stats.size as u64,
            share: s.stats.share,
            value_share: s.stats.value_share,
            golden_share: s.stats.golden_share,
            mean_score: s.stats.mean_score,
            action: s.action.clone(),
            suggested: s.suggested,
            distinctions: s.stats.distinctions.iter().map(distinction).collect(),
        });
    }
    report.segments = Some(SegmentsSection {
        families,
        do_not_approach: dna
            .iter()
            .take(50)
            .map(|(i, r)| (ids.get(*i).unwrap_or_default().to_owned(), r.clone()))
            .collect(),
        do_not_approach_total: dna.len() as u64,
    });
}

/// Section 7a: RFM groups.
pub fn add_rfm(report: &mut Report, r: &icp_orders::rfm::Rfm) {
    report.rfm = Some(RfmSection {
        customers: r.customers.len() as u64,
        orders: r.orders as u64,
        groups: r
            .groups
            .iter()
            .map(|g| RfmGroupRow {
                name: rfm_group(g.group),
                customers: g.customers as u64,
                share: g.share,
                monetary_share: g.monetary_share,
                action: rfm_action(g.group, &g.action),
                approach: g.action.approach,
            })
            .collect(),
    });
}

/// Section 7b: lifetime value.
pub fn add_clv(report: &mut Report, c: &ClvResult) {
    let mut order: Vec<usize> = (0..c.values.len()).collect();
    order.sort_by(|&a, &b| c.values[b].clv.total_cmp(&c.values[a].clv));
    let p = &c.bg.params;
    let g = &c.gg.params;
    report.clv = Some(ClvSection {
        customers: c.summaries.len() as u64,
        repeat_customers: c.summaries.iter().filter(|s| s.frequency > 0).count() as u64,
        bgnbd: [p.r, p.alpha, p.a, p.b],
        gamma_gamma: [g.p, g.q, g.v],
        horizon_months: c.horizon_months,
        expected_purchases: c.values.iter().map(|v| v.expected_purchases).sum(),
        total_clv: c.values.iter().map(|v| v.clv).sum(),
        top: order
            .iter()
            .take(10)
            .map(|&k| {
                (
                    c.shown[c.summaries[k].customer as usize].clone(),
                    c.values[k].clv,
                    c.values[k].probability_alive,
                )
            })
            .collect(),
    });
}

/// A discovery note as the report types it.
fn note(n: &icp_scorecard::discover::DiscoveryNote) -> phrase::Note {
    use icp_scorecard::discover::DiscoveryNote as D;
    match n {
        D::FewGolden { golden } => phrase::Note::FewGolden { golden: *golden as u64 },
        D::NoSignal => phrase::Note::NoSignal,
        D::Collinear { attribute } => phrase::Note::Collinear { attribute: attribute.clone() },
        // A note added to discovery before the report has words for it: shown as discovery
        // wrote it (in English) rather than lost.
        other => phrase::Note::Text { text: other.to_string() },
    }
}

/// A leak warning as the report types it (the report's catalog words it; `Display` gives the
/// English the command line and `--json` print).
pub fn leak(l: &icp_scorecard::leak::Leak) -> phrase::Leak {
    use icp_scorecard::leak::LeakEvidence as E;
    use phrase::LeakEvidence as P;
    let evidence = l
        .evidence
        .iter()
        .map(|e| match e {
            E::OutcomeName { word } => P::OutcomeName { word: word.clone() },
            E::UpdatedName { word } => P::UpdatedName { word: word.clone() },
            E::ContactMeasureName { word, .. } => P::ContactMeasureName { word: word.clone() },
            E::AfterOutcome { outcome, share, rows } => {
                P::AfterOutcome { outcome: outcome.clone(), share: *share, rows: *rows }
            }
            E::FilledByOutcome { golden_filled, other_filled } => {
                P::FilledByOutcome { golden_filled: *golden_filled, other_filled: *other_filled }
            }
            E::NearPerfectValue { value, golden_rate } => {
                P::NearPerfectValue { value: leak_value(value), golden_rate: *golden_rate }
            }
            E::NearPerfect { iv } => P::NearPerfect { iv: *iv },
            E::StrongSeparation { iv } => P::StrongSeparation { iv: *iv },
            E::GoldenOnlyValue { value, rows } => {
                P::GoldenOnlyValue { value: leak_value(value), rows: *rows }
            }
            E::MarkedInProject => P::MarkedInProject,
        })
        .collect();
    phrase::Leak { attribute: l.attribute.clone(), left_out: l.left_out, evidence }
}

/// An evidence bin's label: the missing bin, the merged rare values and a flag's value are
/// icp's words; ranges and lists of values are shown as written.
fn evidence_bin_label(
    binning: &icp_scorecard::binning::Binning,
    slot: usize,
    b: &icp_scorecard::evidence::BinEvidence,
) -> BinLabel {
    use icp_scorecard::binning::BinSpec;
    if b.missing {
        return BinLabel::Missing;
    }
    match binning.bins.get(slot) {
        Some(BinSpec::Other(levels)) => BinLabel::Other(levels.clone()),
        Some(BinSpec::Flag(v)) => BinLabel::Flag(*v),
        _ => BinLabel::Text(b.label.clone()),
    }
}

/// A value leak evidence names, as the report types it.
fn leak_value(value: &icp_scorecard::leak::LeakValue) -> BinLabel {
    match value {
        icp_scorecard::leak::LeakValue::Label(text) => BinLabel::Text(text.clone()),
        icp_scorecard::leak::LeakValue::Flag(v) => BinLabel::Flag(*v),
    }
}

/// A reason for a record's score as the report types it.
fn score_reason(profile: &Profile, part: ReasonPart) -> phrase::ScoreReason {
    let name = |a: usize| profile.attributes[a].name.clone();
    match part {
        ReasonPart::Bin { attribute, code, delta_tenths } => {
            let a = &profile.attributes[attribute];
            let bin = if code == MISSING_BIN {
                BinLabel::Missing
            } else {
                profile_bin_label(a.kind, &a.bins[usize::from(code)])
            };
            phrase::ScoreReason::Points { attribute: name(attribute), bin, tenths: delta_tenths }
        }
        ReasonPart::Unseen { attribute, value, delta_tenths } => {
            phrase::ScoreReason::Unseen { attribute: name(attribute), value, tenths: delta_tenths }
        }
        ReasonPart::Disqualified { criterion } => {
            let c = &profile.criteria[criterion];
            phrase::ScoreReason::Disqualified {
                criterion: c.reason.clone().unwrap_or_else(|| c.rule.clone()),
            }
        }
        ReasonPart::Insufficient { missing } => {
            phrase::ScoreReason::Insufficient { missing: missing.into_iter().map(name).collect() }
        }
    }
}

/// A profile bin's label. The profile is a file people edit: a bin keeps its words unless they
/// are still the ones icp wrote for the merged bin (`other (3 values: …)`, or `other` in
/// older profiles) or a flag (`yes` / `no`).
pub(crate) fn profile_bin_label(kind: AttributeKind, b: &icp_profile::Bin) -> BinLabel {
    let merged = b.levels.as_deref().unwrap_or_default();
    match (b.other, b.value, b.label.as_str()) {
        (Some(true), _, label) if label == icp_profile::merged_label(merged) => {
            BinLabel::Other(merged.to_vec())
        }
        (_, Some(true), "yes") if matches!(kind, AttributeKind::Boolean | AttributeKind::Tag) => {
            BinLabel::Flag(true)
        }
        (_, Some(false), "no") if matches!(kind, AttributeKind::Boolean | AttributeKind::Tag) => {
            BinLabel::Flag(false)
        }
        _ => BinLabel::Text(b.label.clone()),
    }
}

/// A tier's action. The profile stores actions as text people may edit; the ones still as
/// icp wrote them (`discover` suggests them) are its plays, the rest are a person's words.
fn tier_action(text: &str) -> Action {
    Play::TIERS
        .into_iter()
        .find(|p| p.to_string() == text)
        .map_or_else(|| Action::Written(text.to_owned()), Action::Play)
}

/// A segment distinction as the report types it.
fn distinction(d: &icp_segment::summary::Distinction) -> phrase::Distinction {
    use icp_segment::summary::Distinction as D;
    match d {
        D::Level { column, level, share, overall } => phrase::Distinction::Level {
            column: column.clone(),
            level: level.clone(),
            share: *share,
            overall: *overall,
        },
        D::Mean { column, mean, overall } => {
            phrase::Distinction::Mean { column: column.clone(), mean: *mean, overall: *overall }
        }
    }
}

/// An RFM group as the report types it.
fn rfm_group(g: icp_orders::rfm::Group) -> RfmGroup {
    use icp_orders::rfm::Group as G;
    match g {
        G::Champions => RfmGroup::Champions,
        G::Loyal => RfmGroup::Loyal,
        G::PotentialLoyalist => RfmGroup::PotentialLoyalist,
        G::New => RfmGroup::New,
        G::Promising => RfmGroup::Promising,
        G::NeedAttention => RfmGroup::NeedAttention,
        G::AboutToSleep => RfmGroup::AboutToSleep,
        G::AtRisk => RfmGroup::AtRisk,
        G::CantLoseThem => RfmGroup::CantLoseThem,
        G::Hibernating => RfmGroup::Hibernating,
        G::Lost => RfmGroup::Lost,
    }
}

/// An RFM group's action: the group's standard play when it is the library's standard action,
/// otherwise the words that were set.
fn rfm_action(group: icp_orders::rfm::Group, action: &icp_orders::rfm::Action) -> Action {
    if *action == *icp_orders::rfm::Actions::standard().get(group) {
        Action::Play(Play::Rfm(rfm_group(group)))
    } else {
        Action::Written(action.text.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfm_groups_and_standard_actions_read_as_the_library_words_them() {
        let standard = icp_orders::rfm::Actions::standard();
        for g in icp_orders::rfm::Group::ALL {
            let a = standard.get(g);
            let typed = rfm_action(g, a);
            assert_eq!(typed, Action::Play(Play::Rfm(rfm_group(g))));
            // The catalog's English is the library's, and whether to approach agrees.
            assert_eq!(typed.to_string(), a.text, "{g:?}");
            assert_eq!(rfm_group(g).to_string(), g.name());
            assert_eq!(Play::Rfm(rfm_group(g)).approach(), a.approach, "{g:?}");
        }
        let set = icp_orders::rfm::Action { approach: true, text: "one last try".into() };
        let lost = icp_orders::rfm::Group::Lost;
        assert_eq!(rfm_action(lost, &set), Action::Written("one last try".into()));
    }

    /// A flag's value named as leak evidence is はい/いいえ on the Japanese page.
    #[test]
    fn leak_values_of_flags_are_worded_in_each_language() {
        use icp_scorecard::leak::{Leak, LeakEvidence, LeakValue};
        let l = Leak {
            attribute: "won".into(),
            left_out: true,
            evidence: vec![LeakEvidence::NearPerfectValue {
                value: LeakValue::Flag(true),
                golden_rate: 1.0,
            }],
        };
        let typed = leak(&l);
        let (en, ja) = (icp_report::EN.leak(&typed), icp_report::JA.leak(&typed));
        assert!(en.contains("`yes`") || en.contains("yes"), "{en}");
        assert!(ja.contains("はい") && !ja.contains("yes"), "{ja}");
    }

    /// The scored list's typed reasons, worded by the English catalog, are exactly what
    /// `icp score` writes (one formatter's choice, two renderings); the Japanese page words
    /// icp's own parts (yes/no, missing, the merged bin, unseen, insufficient, disqualified)
    /// in Japanese.
    #[test]
    fn score_reasons_read_as_the_scorer_writes_them_and_in_japanese() {
        use icp_frame::{Column, ColumnData, Frame, Kind, MISSING_BOOL, MISSING_CODE};
        let profile = Profile::parse(
            std::path::Path::new("profile.toml"),
            r#"
schema_version = 1
name = "test"
[[criteria]]
kind = "disqualify"
rule = "plan == 'banned'"
reason = "banned plan"
[scoring]
intercept = -2.0
slope = 0.05
insufficient_share = 0.4
[[tiers]]
name = "A"
min_score = 0.0
[[attributes]]
name = "plan"
column = "plan"
kind = "categorical"
missing_points = 2.0
neutral_points = 10.0
[[attributes.bins]]
label = "basic"
points = 0.0
levels = ["basic", "banned"]
[[attributes.bins]]
label = "pro"
points = 20.0
levels = ["pro"]
[[attributes.bins]]
label = "other (2 values: team, edu)"
points = 14.5
levels = ["team", "edu"]
other = true
[[attributes]]
name = "paid"
column = "paid"
kind = "boolean"
missing_points = 5.0
neutral_points = 5.0
[[attributes.bins]]
label = "no"
points = 0.0
value = false
[[attributes.bins]]
label = "yes"
points = 12.0
value = true
"#,
        )
        .unwrap();
        let plans = ["basic", "pro", "team", "edu", "enterprise", "banned"];
        let rows = 6 * 3;
        let plan_codes =
            (0..rows).map(|i| if i == 17 { MISSING_CODE } else { (i % 6) as u32 }).collect();
        let paid = (0..rows).map(|i| [0, 1, MISSING_BOOL][i / 6]).collect();
        let frame = Frame::new(
            vec![
                Column::new(
                    "plan",
                    Kind::Categorical,
                    ColumnData::Cat { codes: plan_codes, levels: plans.map(String::from).to_vec() },
                ),
                Column::new("paid", Kind::Boolean, ColumnData::Bool(paid)),
            ],
            rows,
        );
        let scorer = Scorer::new(profile).unwrap();
        let batch = scorer.score(&frame).unwrap();
        let reasoner = Reasoner::new(&scorer);
        let mut seen_kinds = std::collections::BTreeSet::new();
        for row in 0..rows {
            let outcome = batch.outcomes[row];
            let typed: Vec<phrase::ScoreReason> = reasoner
                .parts(&batch, row, outcome)
                .into_iter()
                .map(|p| score_reason(scorer.profile(), p))
                .collect();
            for r in &typed {
                seen_kinds.insert(format!("{r:?}").split([' ', '{']).next().unwrap().to_owned());
            }
            assert_eq!(
                icp_report::EN.score_reasons(&typed),
                reasoner.text(&batch, row, outcome),
                "row {row}"
            );
            let ja = icp_report::JA.score_reasons(&typed);
            for english in ["yes", "missing", "other", "not seen", "insufficient", "disqualified"] {
                assert!(!ja.contains(english), "row {row}: {ja}");
            }
        }
        assert_eq!(
            seen_kinds.into_iter().collect::<Vec<_>>(),
            ["Disqualified", "Insufficient", "Points", "Unseen"],
        );
    }

    #[test]
    fn leaks_carry_their_evidence_and_notes_read_as_the_scorecard_words_them() {
        use icp_scorecard::discover::DiscoveryNote;
        use icp_scorecard::leak::{Leak, LeakEvidence as E};
        let l = Leak {
            attribute: "loan_status".into(),
            left_out: true,
            evidence: vec![
                E::AfterOutcome { outcome: "close_date".into(), share: 0.8, rows: 120 },
                E::OutcomeName { word: "status".into() },
                E::NearPerfect { iv: 3.456 },
            ],
        };
        let words = leak(&l).to_string();
        for part in [
            "`loan_status` is left out",
            "80% of its dates fall after `close_date` (of 120 rows with both)",
            "(`status`)",
            "information value 3.46",
        ] {
            assert!(words.contains(part), "{part} not in {words}");
        }
        let kept = leak(&Leak { left_out: false, ..l }).to_string();
        assert!(kept.contains("may be recorded after the outcome") && kept.contains("it is kept"));
        for n in [
            DiscoveryNote::FewGolden { golden: 12 },
            DiscoveryNote::NoSignal,
            DiscoveryNote::Collinear { attribute: "revenue".into() },
        ] {
            let typed = note(&n);
            assert!(!matches!(typed, phrase::Note::Text { .. }), "{n:?} has report words");
            assert_eq!(typed.to_string(), n.to_string());
        }
    }

    #[test]
    fn distinctions_read_as_the_segment_library_words_them() {
        use icp_segment::summary::Distinction as D;
        for d in [
            D::Level {
                column: "industry".into(),
                level: "Software".into(),
                share: 1.0,
                overall: 0.375,
            },
            D::Mean { column: "nps".into(), mean: 8.0, overall: 5.857 },
            D::Mean { column: "employees".into(), mean: 12.5, overall: 480.2 },
        ] {
            assert_eq!(distinction(&d).to_string(), d.to_string());
        }
    }

    #[test]
    fn icp_s_words_in_a_profile_are_typed_and_a_person_s_are_kept() {
        assert_eq!(tier_action("hand to sales now"), Action::Play(Play::HandToSales));
        assert_eq!(tier_action("do not chase"), Action::Play(Play::DoNotChase));
        assert_eq!(tier_action("Call them today"), Action::Written("Call them today".into()));
        let bin = |label: &str, other, value| icp_profile::Bin {
            label: label.into(),
            other,
            value,
            ..icp_profile::Bin::default()
        };
        assert_eq!(
            profile_bin_label(AttributeKind::Categorical, &bin("other", Some(true), None)),
            BinLabel::Other(Vec::new())
        );
        // icp's label of the merged bin, as it writes it now: typed with the merged values
        // (so the Japanese page words it); a real level named `other` keeps its name.
        let merged = icp_profile::Bin {
            label: "other (3 values: phd, mba, …)".into(),
            other: Some(true),
            levels: Some(vec!["phd".into(), "mba".into(), "edd".into()]),
            ..icp_profile::Bin::default()
        };
        let values = vec!["phd".to_string(), "mba".into(), "edd".into()];
        assert_eq!(
            profile_bin_label(AttributeKind::Categorical, &merged),
            BinLabel::Other(values.clone())
        );
        assert_eq!(BinLabel::Other(values).to_string(), "other (3 values: phd, mba, …)");
        let real = icp_profile::Bin {
            label: "other".into(),
            levels: Some(vec!["other".into()]),
            ..icp_profile::Bin::default()
        };
        assert_eq!(
            profile_bin_label(AttributeKind::Categorical, &real),
            BinLabel::Text("other".into())
        );
        assert_eq!(
            profile_bin_label(AttributeKind::Boolean, &bin("no", None, Some(false))),
            BinLabel::Flag(false)
        );
        assert_eq!(
            profile_bin_label(AttributeKind::Tag, &bin("yes", None, Some(true))),
            BinLabel::Flag(true)
        );
        // Relabelled by hand: the person's words.
        assert_eq!(
            profile_bin_label(AttributeKind::Categorical, &bin("the rest", Some(true), None)),
            BinLabel::Text("the rest".into())
        );
    }
}

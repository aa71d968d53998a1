//! Filling the report's data from what the commands computed, choosing its language, and
//! writing it.

use std::path::Path;

use anyhow::{Result, bail};
use icp_profile::{CriterionKind, Profile};
use icp_report::{
    AttributeRow, BinRow, ClvSection, CriterionRow, EvidenceSection, FamilyRow, GoldenSection,
    Lang, MethodRow, ProfileAttribute, ProfileSection, ProofSection, Report, RfmGroupRow,
    RfmSection, ScoredRow, ScoredSection, SegmentRow, SegmentsSection, TierDefinition, TierRow,
    TopCustomer,
};
use icp_scorecard::discover::{DiscoverSettings, Discovery};

use crate::analysis::Analysis;
use crate::commands::discover::TopGolden;
use crate::commands::evaluate::Evaluation;
use crate::commands::segment::Segment;
use crate::output;

/// A report with its title and provenance, no sections yet.
pub fn base(project: &Path) -> Report {
    let dir = std::path::absolute(project).ok().and_then(|p| {
        p.parent().and_then(|d| d.file_name()).map(|n| n.to_string_lossy().into_owned())
    });
    Report {
        title: dir.unwrap_or_else(|| project.display().to_string()),
        generated: crate::commands::discover::now_rfc3339(),
        icp_version: env!("CARGO_PKG_VERSION").into(),
        ..Report::default()
    }
}

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

/// Writes the report atomically and says where.
pub fn write(path: &Path, report: &Report, lang: Lang, quiet: bool) -> Result<()> {
    let html = icp_report::render(report, lang);
    output::write_atomic(path, html.as_bytes())?;
    output::note(quiet, &format!("wrote the report to {}", path.display()));
    Ok(())
}

/// Sections 1–3: golden customers, what they share, the template.
pub fn add_discovery(
    report: &mut Report,
    a: &Analysis,
    d: &Discovery,
    top: &[TopGolden],
    profile: Option<&Profile>,
    settings: &DiscoverSettings,
) {
    report.golden = Some(GoldenSection {
        rule: a.rule.clone(),
        count: d.golden as u64,
        rows: d.rows as u64,
        value_label: a.project.golden.value.clone(),
        top: top
            .iter()
            .map(|t| TopCustomer { name: t.name.clone(), value: t.value, why: t.why.clone() })
            .collect(),
    });
    let key: Vec<usize> = d.key.iter().map(|k| k.candidate).collect();
    report.evidence = Some(EvidenceSection {
        no_signal: d.no_signal,
        tentative: d.tentative,
        notes: d.notes.clone(),
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
                    leak: e.leak.clone(),
                    leak_excluded: e.leak_excluded,
                    key: key.contains(&i),
                    bins: e
                        .bins
                        .iter()
                        .filter(|b| b.rows > 0)
                        .map(|b| BinRow {
                            label: b.label.clone(),
                            rows: b.rows,
                            golden: b.golden,
                            lift: b.lift,
                            lift_low: b.lift_low,
                            lift_high: b.lift_high,
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
                bins: a.bins.iter().map(|b| (b.label.clone(), b.points)).collect(),
                missing_points: a.missing_points,
            })
            .collect(),
        tiers: p
            .tiers
            .iter()
            .map(|t| TierDefinition {
                name: t.name.clone(),
                min_score: t.min_score,
                action: t.action.clone(),
            })
            .collect(),
        cv_auc: p.quality.cv_auc,
        tentative: p.quality.tentative,
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
                auc: f.auc.0,
                auc_low: f.auc.1,
                auc_high: f.auc.2,
                ks: f.ks,
                lift10: f.lift10.0,
                capture10: f.lift10.1,
                lift20: f.lift20.0,
                capture20: f.lift20.1,
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
                    .map(|(name, rows, golden, rate)| TierRow {
                        name: name.clone(),
                        rows: *rows,
                        golden: *golden,
                        rate: *rate,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    });
}

/// Section 5: tier counts and the top records with reasons.
pub fn add_scored(report: &mut Report, tiers: Vec<(String, u64)>, top: Vec<ScoredRow>) {
    report.scored = Some(ScoredSection { tiers, top });
}

/// Section 6: segments and the do-not-approach list.
pub fn add_segments(
    report: &mut Report,
    segments: &[Segment],
    dna: &[(usize, String)],
    ids: &[String],
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
            distinctions: s.stats.distinctions.clone(),
        });
    }
    report.segments = Some(SegmentsSection {
        families,
        do_not_approach: dna.iter().take(50).map(|(i, r)| (ids[*i].clone(), r.clone())).collect(),
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
                name: g.group.name().into(),
                customers: g.customers as u64,
                share: g.share,
                monetary_share: g.monetary_share,
                action: g.action.text.clone(),
                approach: g.action.approach,
            })
            .collect(),
    });
}

/// Section 7b: lifetime value.
pub fn add_clv(report: &mut Report, c: &crate::commands::clv::ClvResult, horizon_months: u32) {
    let mut order: Vec<usize> = (0..c.values.len()).collect();
    order.sort_by(|&a, &b| c.values[b].clv.total_cmp(&c.values[a].clv));
    let p = &c.bg.params;
    let g = &c.gg.params;
    report.clv = Some(ClvSection {
        customers: c.summaries.len() as u64,
        repeat_customers: c.summaries.iter().filter(|s| s.frequency > 0).count() as u64,
        bgnbd: [p.r, p.alpha, p.a, p.b],
        gamma_gamma: [g.p, g.q, g.v],
        horizon_months,
        expected_purchases: c.values.iter().map(|v| v.expected_purchases).sum(),
        total_clv: c.values.iter().map(|v| v.clv).sum(),
        top: order
            .iter()
            .take(10)
            .map(|&k| {
                (
                    c.names[c.summaries[k].customer as usize].clone(),
                    c.values[k].clv,
                    c.values[k].probability_alive,
                )
            })
            .collect(),
    });
}

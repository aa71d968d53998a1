//! A realistic, completely filled report (the demo's planted ICP: Software and Fintech, 50–500
//! employees, United States / United Kingdom / Germany, uses analytics), so that tests, the
//! screenshot script and the binary can render a page without running an analysis.

use crate::data::*;
use crate::phrase::{
    Action, Attitude, Band, BinLabel, Design, Distinction, DnaReason, Family, Leak, LeakEvidence,
    Method, Note, Play, PurchaseStatus, RfmGroup, RightsizeFinding, ScoreReason, SegmentName,
    Stage,
};

/// A report with every section filled.
pub fn sample_report() -> Report {
    Report {
        title: "Northwind CRM export (demo)".into(),
        generated: "2025-06-02T09:30:00Z".into(),
        icp_version: env!("CARGO_PKG_VERSION").into(),
        golden: Some(golden()),
        evidence: Some(evidence()),
        profile: Some(profile()),
        proof: Some(proof()),
        scored: Some(scored()),
        segments: Some(segments()),
        rfm: Some(rfm()),
        clv: Some(clv()),
        rightsize: Some(rightsize()),
        allocate: Some(allocate()),
        review: Some(review()),
        people: Some(people()),
    }
}

/// The people of a B2B pipeline: won deals need a budget holder and a champion; three
/// personas; golden accounts all attend a demo while the others stall after the trial.
fn people() -> PeopleSection {
    let row = |key: &str, won: f64, lost: f64, lift: f64| ChainRow {
        key: key.into(),
        won_share: won,
        lost_share: lost,
        lift: [lift, lift - 0.12, lift + 0.12],
        q: 0.0004,
    };
    let persona =
        |role: &str, seniority: &str, department: &str, contacts, won, lost, titles: &[&str]| {
            PersonaPart {
                role: Some(role.into()),
                seniority: Some(seniority.into()),
                department: Some(department.into()),
                contacts,
                won_deal_share: won,
                lost_deal_share: lost,
                titles: titles.iter().map(|t| (*t).into()).collect(),
            }
        };
    PeopleSection {
        chain: Some(ChainPart {
            won: 592,
            lost: 1_933,
            participants: vec![
                row("role:budget_holder", 0.75, 0.35, 1.69),
                row("role:champion", 0.78, 0.42, 1.54),
                row("at_least:director", 0.89, 0.68, 1.23),
                row("department:finance_accounting", 0.75, 0.35, 1.69),
                row("seniority:vp", 0.21, 0.09, 1.76),
            ],
            typical: Some((vec!["role:budget_holder".into(), "role:champion".into()], 0.64, 0.10)),
            open_gaps: 367,
            by_account: false,
        }),
        personas: vec![
            persona(
                "end_user",
                "ic",
                "sales",
                6_010,
                0.99,
                1.0,
                &["Account Executive", "営業担当"],
            ),
            persona(
                "champion",
                "director",
                "operations",
                1_546,
                0.78,
                0.42,
                &["Director of Operations", "総務部長"],
            ),
            persona(
                "budget_holder",
                "owner_c_level",
                "finance_accounting",
                1_364,
                0.75,
                0.35,
                &["CFO", "VP Finance"],
            ),
            PersonaPart { contacts: 40, titles: Vec::new(), ..PersonaPart::default() },
        ],
        journey: Some(JourneyPart {
            stages: vec![
                "awareness".into(),
                "consideration".into(),
                "purchase".into(),
                "retention".into(),
            ],
            golden: vec![(1.0, None), (1.0, Some(12.0)), (1.0, Some(21.0)), (0.59, Some(388.0))],
            other: vec![(1.0, None), (0.71, Some(11.0)), (0.07, Some(21.0)), (0.0, None)],
            golden_step: Some(("demo".into(), 0.99, 0.13)),
            stall: Some(("consideration".into(), "purchase".into(), 1.0, 0.10)),
        }),
    }
}

const BASE_RATE: f64 = 412.0 / 5_000.0;

const COMPANIES: [&str; 14] = [
    "Brightline Payments",
    "Kestrel Software",
    "株式会社さくらデータ",
    "Lumen Ledger",
    "Harbor Analytics",
    "Quillstack",
    "Vantage Fintech GmbH",
    "Northgate Systems",
    "Tidewater Cloud",
    "Ashford Risk Ltd",
    "Polaris Billing",
    "Corvid Labs",
    "株式会社みらいペイ",
    "Redwood Treasury",
];

fn golden() -> GoldenSection {
    let top = COMPANIES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let value = 412_000.0 * 0.9f64.powi(i as i32) + 1_250.0 * (i % 3) as f64;
            let deals = 2 + (13 - i) / 4;
            TopCustomer {
                name: (*name).into(),
                value: Some(value.round()),
                why: format!("won_deals = {deals}, won_value ≥ p75 (48,200)"),
            }
        })
        .collect();
    GoldenSection {
        rule: "won_deals > 0 and won_value >= p75(won_value)".into(),
        count: 412,
        rows: 5_000,
        value_label: Some("won_value".into()),
        top,
    }
}

/// A bin label as the engine types it: the missing bin, the merged rare values, a flag's
/// value, or a text.
fn label(text: &str) -> BinLabel {
    match text {
        "missing" => BinLabel::Missing,
        "yes" => BinLabel::Flag(true),
        "no" => BinLabel::Flag(false),
        // `other: a|b|c`: the merged rare values.
        t if t.starts_with("other: ") => {
            BinLabel::Other(t["other: ".len()..].split('|').map(String::from).collect())
        }
        t if t.starts_with("other") => BinLabel::Other(Vec::new()),
        t => BinLabel::Text(t.into()),
    }
}

/// A bin whose golden count follows from its lift; the interval narrows with its size.
fn bin(text: &str, rows: u64, lift: f64) -> BinRow {
    let golden = (rows as f64 * BASE_RATE * lift).round() as u64;
    let half = 1.96 * (lift * lift / (golden.max(1) as f64)).sqrt();
    BinRow {
        label: label(text),
        rows,
        golden,
        lift,
        lift_low: (lift - half).max(0.0),
        lift_high: lift + half,
        small: false,
    }
}

fn attribute(name: &str, iv: f64, q_value: f64, key: bool, bins: Vec<BinRow>) -> AttributeRow {
    let strength = match iv {
        iv if iv < 0.02 => "useless",
        iv if iv < 0.1 => "weak",
        iv if iv < 0.3 => "medium",
        iv if iv <= 0.5 => "strong",
        _ => "suspicious",
    };
    AttributeRow {
        name: name.into(),
        iv,
        strength: strength.into(),
        q_value,
        leak: None,
        leak_excluded: false,
        key,
        bins,
    }
}

fn evidence() -> EvidenceSection {
    let mut leak_gap = attribute(
        "days_since_last_contact",
        2.31,
        1e-9,
        false,
        vec![bin("0–3", 520, 8.9), bin("4–30", 1_400, 0.6), bin("> 30", 3_080, 0.05)],
    );
    leak_gap.leak = Some(Leak {
        attribute: "days_since_last_contact".into(),
        left_out: true,
        evidence: vec![
            LeakEvidence::UpdatedName { word: "last".into() },
            LeakEvidence::NearPerfectValue {
                value: BinLabel::Text("0–3".into()),
                golden_rate: 0.98,
            },
        ],
    });
    leak_gap.leak_excluded = true;
    let mut status = attribute(
        "account_status",
        0.74,
        1e-6,
        false,
        vec![bin("customer", 900, 3.1), bin("trial", 1_300, 0.7), bin("prospect", 2_800, 0.45)],
    );
    status.leak = Some(Leak {
        attribute: "account_status".into(),
        left_out: false,
        evidence: vec![
            LeakEvidence::OutcomeName { word: "status".into() },
            LeakEvidence::StrongSeparation { iv: 0.74 },
        ],
    });
    EvidenceSection {
        no_signal: false,
        tentative: false,
        notes: vec![
            Note::Collinear { attribute: "annual_revenue".into() },
            Note::Collinear { attribute: "lead_source".into() },
        ],
        attributes: vec![
            leak_gap,
            status,
            attribute(
                "industry",
                0.41,
                1e-8,
                true,
                vec![
                    bin("Software", 1_150, 2.61),
                    bin("Fintech", 780, 2.18),
                    bin("Healthcare", 640, 0.82),
                    bin("Retail", 910, 0.47),
                    bin("Manufacturing", 870, 0.41),
                    bin("other: Media|Logistics|Energy|Legal|Mining|Farming|Travel", 650, 0.58),
                ],
            ),
            attribute(
                "employees",
                0.33,
                1e-7,
                true,
                vec![
                    bin("< 10", 820, 0.21),
                    bin("10–49", 1_260, 0.62),
                    bin("50–199", 1_380, 1.74),
                    bin("200–500", 860, 1.91),
                    bin("> 500", 580, 0.74),
                    bin("missing", 100, 0.9),
                ],
            ),
            attribute(
                "country",
                0.21,
                1e-5,
                true,
                vec![
                    bin("United States", 1_640, 1.62),
                    bin("United Kingdom", 720, 1.48),
                    bin("Germany", 610, 1.41),
                    bin("Japan", 480, 0.93),
                    bin("France", 430, 0.66),
                    bin("other: Ireland", 1_120, 0.34),
                ],
            ),
            attribute(
                "uses: analytics",
                0.18,
                4e-5,
                true,
                vec![bin("yes", 1_910, 1.71), bin("no", 3_090, 0.56)],
            ),
            attribute(
                "company_age",
                0.062,
                0.018,
                true,
                vec![
                    bin("< 2 years", 540, 0.71),
                    bin("2–5 years", 1_320, 1.24),
                    bin("5–15 years", 2_110, 1.06),
                    bin("> 15 years", 1_030, 0.78),
                ],
            ),
            attribute(
                "lead_source",
                0.034,
                0.11,
                false,
                vec![
                    bin("referral", 620, 1.31),
                    bin("web", 2_480, 0.98),
                    bin("event", 900, 1.02),
                    bin("outbound", 1_000, 0.84),
                ],
            ),
            attribute(
                "plan_interest",
                0.015,
                0.48,
                false,
                vec![bin("pro", 1_600, 1.08), bin("basic", 3_400, 0.96)],
            ),
            attribute(
                "region_code",
                0.006,
                0.83,
                false,
                vec![bin("east", 2_400, 1.03), bin("west", 2_600, 0.97)],
            ),
        ],
    }
}

fn profile() -> ProfileSection {
    let bins = |v: &[(&str, f64)]| v.iter().map(|(l, p)| (label(l), *p)).collect::<Vec<_>>();
    ProfileSection {
        criteria: vec![
            CriterionRow {
                kind: "require".into(),
                rule: "employees >= 10".into(),
                reason: Some("no account under 10 people became golden".into()),
            },
            CriterionRow {
                kind: "disqualify".into(),
                rule: "lower(industry) == \"government\"".into(),
                reason: Some("procurement makes deals too slow to be worth it".into()),
            },
        ],
        attributes: vec![
            ProfileAttribute {
                name: "industry".into(),
                bins: bins(&[
                    ("Software", 30.0),
                    ("Fintech", 26.0),
                    ("Healthcare", 9.0),
                    ("Retail", 4.0),
                    ("Manufacturing", 3.0),
                    ("other: Media|Logistics|Energy|Legal|Mining|Farming|Travel", 6.0),
                ]),
                missing_points: 8.0,
            },
            ProfileAttribute {
                name: "employees".into(),
                bins: bins(&[
                    ("< 10", 0.0),
                    ("10–49", 8.0),
                    ("50–199", 23.0),
                    ("200–500", 25.0),
                    ("> 500", 11.0),
                ]),
                missing_points: 9.0,
            },
            ProfileAttribute {
                name: "country".into(),
                bins: bins(&[
                    ("United States", 20.0),
                    ("United Kingdom", 18.0),
                    ("Germany", 17.0),
                    ("Japan", 10.0),
                    ("France", 7.0),
                    ("other: Ireland", 3.0),
                ]),
                missing_points: 7.0,
            },
            ProfileAttribute {
                name: "uses: analytics".into(),
                bins: bins(&[("yes", 15.0), ("no", 2.0)]),
                missing_points: 6.0,
            },
            ProfileAttribute {
                name: "company_age".into(),
                bins: bins(&[
                    ("< 2 years", 3.0),
                    ("2–5 years", 10.0),
                    ("5–15 years", 8.0),
                    ("> 15 years", 4.0),
                ]),
                missing_points: 6.5,
            },
        ],
        tiers: vec![
            TierDefinition {
                name: "A".into(),
                min_score: 75.0,
                action: Some(Action::Written("Call within 48 hours; a senior rep owns it".into())),
            },
            TierDefinition {
                name: "B".into(),
                min_score: 55.0,
                action: Some(Action::Written("Personal e-mail sequence, then a call".into())),
            },
            TierDefinition {
                name: "C".into(),
                min_score: 35.0,
                action: Some(Action::Written("Nurture with case studies and webinars".into())),
            },
            TierDefinition {
                name: "D".into(),
                min_score: 0.0,
                action: Some(Action::Written("Automated campaigns only; no sales time".into())),
            },
        ],
        nested_cv_auc: Some(0.823),
        folds: Some(5),
        selection_auc: None,
        tentative: false,
    }
}

/// A smooth ROC curve with a given AUC: `tpr = fpr^k`, whose area is `1 / (k + 1)`.
fn roc(auc: f64) -> Vec<(f64, f64)> {
    let k = 1.0 / auc - 1.0;
    (0..=40).map(|i| i as f64 / 40.0).map(|x| (x, x.powf(k))).collect()
}

/// Gains consistent with a ROC curve: capture after each decile when `base` of all are golden.
fn gains(auc: f64) -> Vec<f64> {
    // Capture after contacting a share s, roughly s^sqrt(k) for the ROC's k: good enough here.
    let k = (1.0 / auc - 1.0).sqrt();
    (1..=10).map(|d| ((d as f64 / 10.0).powf(k) * 1000.0).round() / 1000.0).collect()
}

fn method(name: Method, auc: f64, ks: f64, brier: Option<f64>) -> MethodRow {
    let g = gains(auc);
    MethodRow {
        name,
        auc,
        auc_low: auc - 0.022,
        auc_high: (auc + 0.022).min(1.0),
        ks,
        lift10: g[0] / 0.1,
        capture10: g[0],
        lift20: g[1] / 0.2,
        capture20: g[1],
        brier,
        gains: g,
        roc: roc(auc),
    }
}

fn proof() -> ProofSection {
    let tier = |name: &str, rows: u64, golden: u64| TierRow {
        name: name.into(),
        rows,
        golden,
        rate: golden as f64 / rows as f64,
    };
    ProofSection {
        design: Design::Folds { folds: 5 },
        rows: 5_000,
        golden: 412,
        methods: vec![
            method(Method::Profile, 0.823, 0.512, Some(0.061)),
            method(Method::BestSingle, 0.701, 0.324, None),
            method(Method::Bigger { column: "employees".into() }, 0.612, 0.187, None),
            method(Method::Random, 0.503, 0.031, None),
        ],
        tiers: vec![
            tier("A", 610, 221),
            tier("B", 980, 121),
            tier("C", 1_520, 52),
            tier("D", 1_890, 18),
        ],
        warnings: Vec::new(),
    }
}

fn scored() -> ScoredSection {
    let points = |attribute: &str, bin: BinLabel, tenths: i32| ScoreReason::Points {
        attribute: attribute.into(),
        bin,
        tenths,
    };
    let text = |t: &str| BinLabel::Text(t.into());
    let reasons = [
        vec![
            points("industry", text("Software"), 300),
            points("employees", text("200 – 500"), 250),
            points("country", text("United States"), 200),
            points("uses_tags: analytics", BinLabel::Flag(true), 150),
        ],
        vec![
            points("industry", text("Fintech"), 260),
            points("employees", text("50 – 199"), 230),
            points("country", BinLabel::Other(vec!["Ireland".into(), "Austria".into()]), 180),
            points("website_visits", BinLabel::Missing, -35),
        ],
        vec![
            points("industry", text("Software"), 300),
            points("employees", text("50 – 199"), 230),
            ScoreReason::Unseen {
                attribute: "plan".into(),
                value: Some("enterprise-plus".into()),
                tenths: 0,
            },
        ],
    ];
    let top = (0..20)
        .map(|i| {
            let score = 97.0 - i as f64 * 0.45;
            ScoredRow {
                name: format!("LEAD-{:05}", 10_007 + i * 37),
                score: score.round(),
                tier: if score >= 75.0 { "A" } else { "B" }.into(),
                reasons: reasons[i % reasons.len()].clone(),
            }
        })
        .collect();
    ScoredSection {
        tiers: vec![
            ("A".into(), 1_204),
            ("B".into(), 3_310),
            ("C".into(), 8_921),
            ("D".into(), 14_077),
            ("insufficient data".into(), 988),
            ("disqualified".into(), 1_500),
        ],
        top,
    }
}

#[allow(clippy::too_many_arguments)]
fn segment(
    name: SegmentName,
    records: u64,
    total: u64,
    value_share: f64,
    golden_share: f64,
    mean_score: f64,
    action: Option<Action>,
    suggested: bool,
    distinctions: Vec<Distinction>,
) -> SegmentRow {
    SegmentRow {
        name,
        records,
        share: records as f64 / total as f64,
        value_share: Some(value_share),
        golden_share: Some(golden_share),
        mean_score: Some(mean_score),
        action,
        suggested,
        distinctions,
    }
}

fn written(name: &str) -> SegmentName {
    SegmentName::Written { name: name.into() }
}

fn level(column: &str, level: &str, share: f64, overall: f64) -> Distinction {
    Distinction::Level { column: column.into(), level: level.into(), share, overall }
}

fn mean(column: &str, mean: f64, overall: f64) -> Distinction {
    Distinction::Mean { column: column.into(), mean, overall }
}

fn segments() -> SegmentsSection {
    let n = 5_000;
    let criterion = |c: &str| DnaReason::FailsCriterion { criterion: c.into() };
    let hostile = DnaReason::InSegment {
        family: Family::Attitude,
        segment: SegmentName::Attitude { attitude: Attitude::Hostile },
        action: Some(Action::Play(Play::HandToCustomerSuccess)),
    };
    let cluster = DnaReason::InSegment {
        family: Family::Clusters,
        segment: SegmentName::Cluster { number: 4 },
        action: Some(Action::Play(Play::SpendElsewhere)),
    };
    let reasons = [
        vec![criterion("no account under 10 people became golden")],
        vec![hostile],
        vec![DnaReason::NegativeValue],
        vec![cluster, DnaReason::NegativeValue],
        vec![criterion("procurement makes deals too slow to be worth it")],
    ];
    SegmentsSection {
        families: vec![
            FamilyRow {
                family: Family::Rule,
                segments: vec![
                    segment(
                        written("Enterprise fintech"),
                        320,
                        n,
                        0.21,
                        0.31,
                        78.0,
                        Some(Action::Written("Assign a named account executive".into())),
                        false,
                        vec![
                            level("industry", "Fintech", 1.0, 0.16),
                            mean("employees", 1_840.0, 212.0),
                        ],
                    ),
                    segment(
                        written("Mid-market software"),
                        1_140,
                        n,
                        0.38,
                        0.17,
                        71.0,
                        Some(Action::Written("Run the outbound playbook".into())),
                        false,
                        vec![
                            level("industry", "Software", 1.0, 0.23),
                            mean("employees", 214.0, 212.0),
                        ],
                    ),
                    segment(
                        written("Small shops"),
                        1_460,
                        n,
                        0.06,
                        0.02,
                        24.0,
                        None,
                        false,
                        vec![mean("employees", 18.0, 212.0)],
                    ),
                    segment(
                        written("Everyone else"),
                        2_080,
                        n,
                        0.35,
                        0.07,
                        41.0,
                        Some(Action::Written("Nurture by e-mail".into())),
                        false,
                        vec![],
                    ),
                ],
            },
            FamilyRow {
                family: Family::Clusters,
                segments: vec![
                    segment(
                        SegmentName::Cluster { number: 1 },
                        1_050,
                        n,
                        0.52,
                        0.24,
                        74.0,
                        Some(Action::Play(Play::Invest)),
                        true,
                        vec![
                            mean("won_value", 152_000.0, 49_000.0),
                            level("industry", "Software", 0.58, 0.23),
                        ],
                    ),
                    segment(
                        SegmentName::Cluster { number: 2 },
                        1_620,
                        n,
                        0.27,
                        0.08,
                        52.0,
                        Some(Action::Play(Play::Nurture)),
                        true,
                        vec![level("country", "United States", 0.51, 0.33)],
                    ),
                    segment(
                        SegmentName::Cluster { number: 3 },
                        1_730,
                        n,
                        0.19,
                        0.03,
                        33.0,
                        Some(Action::Play(Play::Automate)),
                        true,
                        vec![mean("company_age", 1.42, 7.8)],
                    ),
                    segment(
                        SegmentName::Cluster { number: 4 },
                        600,
                        n,
                        0.02,
                        0.0,
                        18.0,
                        Some(Action::Play(Play::SpendElsewhere)),
                        true,
                        vec![mean("cost_to_serve", 61.0, 24.5)],
                    ),
                ],
            },
            FamilyRow {
                family: Family::Attitude,
                segments: [
                    (Attitude::Enthusiastic, 780, 0.31, 0.19, 69.0, Play::AskForReferrals, 9.4),
                    (Attitude::Positive, 1_420, 0.33, 0.09, 58.0, Play::NurtureTowardAdvocacy, 7.6),
                    (Attitude::Indifferent, 1_610, 0.24, 0.06, 47.0, Play::ReEngage, 5.5),
                    (Attitude::Negative, 890, 0.1, 0.04, 39.0, Play::FixFirst, 2.9),
                    (Attitude::Hostile, 300, 0.02, 0.01, 22.0, Play::HandToCustomerSuccess, 0.4),
                ]
                .into_iter()
                .map(|(attitude, records, value, golden, score, play, nps)| {
                    segment(
                        SegmentName::Attitude { attitude },
                        records,
                        n,
                        value,
                        golden,
                        score,
                        Some(Action::Play(play)),
                        true,
                        vec![mean("nps", nps, 6.1)],
                    )
                })
                .collect(),
            },
        ],
        do_not_approach: (0..15)
            .map(|i| (format!("ACC-{:05}", 40 + i * 53), reasons[i % reasons.len()].clone()))
            .collect(),
        do_not_approach_total: 312,
    }
}

fn rfm() -> RfmSection {
    let customers = 4_338u64;
    let groups = [
        (RfmGroup::Champions, 520, 0.43),
        (RfmGroup::Loyal, 610, 0.2),
        (RfmGroup::PotentialLoyalist, 480, 0.09),
        (RfmGroup::New, 210, 0.02),
        (RfmGroup::Promising, 190, 0.015),
        (RfmGroup::NeedAttention, 330, 0.05),
        (RfmGroup::AboutToSleep, 360, 0.03),
        (RfmGroup::AtRisk, 420, 0.07),
        (RfmGroup::CantLoseThem, 95, 0.04),
        (RfmGroup::Hibernating, 560, 0.03),
        (RfmGroup::Lost, 563, 0.025),
    ];
    RfmSection {
        customers,
        orders: 18_532,
        groups: groups
            .iter()
            .map(|&(name, n, money)| RfmGroupRow {
                name,
                customers: n,
                share: n as f64 / customers as f64,
                monetary_share: money,
                action: Action::Play(Play::Rfm(name)),
                approach: Play::Rfm(name).approach(),
            })
            .collect(),
    }
}

fn clv() -> ClvSection {
    ClvSection {
        customers: 4_338,
        repeat_customers: 2_845,
        bgnbd: [0.243, 4.414, 0.793, 2.426],
        gamma_gamma: [6.25, 3.74, 15.44],
        horizon_months: 12,
        expected_purchases: 9_812.4,
        total_clv: 2_384_120.0,
        top: (0..12)
            .map(|i| {
                (
                    format!("CUST-{:05}", 12_346 + i * 211),
                    58_400.0 * 0.88f64.powi(i),
                    0.99 - i as f64 * 0.011,
                )
            })
            .collect(),
    }
}

/// A quarterly review that asks for named edits: one attribute shifted, one value's lift
/// moved, the top tier converting less than on the learning data.
fn review() -> ReviewSection {
    use crate::phrase::{DriftBand, ReviewAction, ReviewReason};
    let row = |name: &str, psi: f64, limit: f64, band: DriftBand| DriftRow {
        name: name.into(),
        score: false,
        psi: Some(psi),
        noise_limit: Some(limit),
        band,
        bins: vec![
            (Some(BinLabel::Text("Software, Fintech".into())), 0.34, 0.18),
            (Some(BinLabel::Text("Retail, Media".into())), 0.41, 0.44),
            (Some(BinLabel::Other(vec!["Energy".into(), "Mining".into()])), 0.22, 0.33),
            (Some(BinLabel::Missing), 0.03, 0.03),
            (None, 0.0, 0.02),
        ],
    };
    let tier = |tier: &str, rows: u64, golden: u64, then_rate: f64| {
        let rate = golden as f64 / rows as f64;
        ReviewTier {
            tier: tier.into(),
            rows,
            golden,
            rate,
            interval: [rate * 0.8, rate * 1.2],
            then_rate: Some(then_rate),
        }
    };
    ReviewSection {
        date: "2026-10-01".into(),
        next_review: "2026-12-30".into(),
        profile_rows: 4_812,
        rows: 1_240,
        drift: vec![
            row("industry", 0.312, 0.041, DriftBand::Shifted),
            row("employees", 0.118, 0.035, DriftBand::Watch),
            row("country", 0.012, 0.038, DriftBand::Stable),
            DriftRow {
                name: String::new(),
                score: true,
                psi: None,
                noise_limit: None,
                band: DriftBand::Stable,
                bins: Vec::new(),
            },
        ],
        unmatched: vec!["uses_tags: analytics".into()],
        golden_rate: Some(GoldenRateRow { then: 0.081, now: 0.064, interval: [0.051, 0.079] }),
        moved: vec![MovedValue {
            attribute: "industry".into(),
            value: BinLabel::Text("Software".into()),
            then: 2.6,
            now: 1.1,
            interval: [0.7, 1.6],
        }],
        performance: Some(ReviewPerformance {
            rows: 1_240,
            auc: 0.712,
            auc_interval: [0.664, 0.760],
            auc_then: Some(0.781),
            lift_top20: 2.1,
            lift_top20_interval: [1.6, 2.7],
            tiers: vec![
                tier("A", 240, 41, 0.214),
                tier("B", 410, 28, 0.092),
                tier("C", 590, 10, 0.021),
            ],
        }),
        action: Some(ReviewAction::Adjust),
        reasons: vec![
            ReviewReason::Shifted { attribute: "industry".into(), psi: 0.312 },
            ReviewReason::LiftMoved {
                attribute: "industry".into(),
                value: BinLabel::Text("Software".into()),
                then: 2.6,
                now: 1.1,
                interval: [0.7, 1.6],
            },
        ],
        fresh: Some(FreshProfile {
            attributes_in: vec!["website_visits".into()],
            attributes_out: vec!["country".into()],
            attributes_changed: vec!["industry".into()],
            criteria_in: vec!["employees >= 5".into()],
            criteria_out: vec!["country != \"Antarctica\"".into()],
            tiers: vec![("A".into(), Some(75.4), Some(71.0)), ("D".into(), None, Some(0.0))],
            old_tiers: vec!["A".into(), "B".into(), "C".into(), "insufficient data".into()],
            new_tiers: vec![
                "A".into(),
                "B".into(),
                "C".into(),
                "D".into(),
                "insufficient data".into(),
            ],
            counts: vec![
                vec![180, 52, 8, 0, 0],
                vec![31, 300, 79, 0, 0],
                vec![2, 61, 520, 0, 7],
                vec![0, 0, 0, 0, 0],
            ],
            movers: vec![
                ("Hokuto Trading".into(), "C".into(), "A".into()),
                ("Acme Software".into(), "A".into(), "C".into()),
            ],
            sample: Some(FreshSample {
                rows: 600,
                of_rows: 1_240,
                held_out: 640,
                fresh_auc: 0.781,
                fresh_auc_interval: [0.742, 0.820],
                reviewed_auc: 0.694,
                reviewed_auc_interval: [0.651, 0.737],
            }),
        }),
    }
}

/// Right-sizing of a B2B pipeline by employees: the largest accounts win more per deal but
/// take so long to close that a sales-day there is worth less than in the core band.
fn rightsize() -> RightsizeSection {
    let band =
        |label: &str, records, rate: f64, value: f64, days: f64, per_day: f64| RightsizeBand {
            label: label.into(),
            records,
            win_rate: (rate, [rate - 0.04, rate + 0.04]),
            value: Some((value, Some([value * 0.9, value * 1.1]))),
            days: Some((days, Some([days - 6.0, days + 6.0]))),
            value_per_day: Some((per_day, Some([per_day * 0.85, per_day * 1.15]))),
            // A seat carries 40 accounts.
            value_per_seat: Some((value * 40.0, Some([value * 36.0, value * 44.0]))),
            // What customers say they get from it: about three times the price.
            received: Some((value * 3.1, 3.1)),
        };
    RightsizeSection {
        by: "employees".into(),
        value: "won_value − (tickets * 35)".into(),
        dates: Some(["engage_date".into(), "close_date".into()]),
        bands: vec![
            band("< 100", 812, 0.58, 1_210.0, 41.0, 17.1),
            band("100 – 1,000", 1_954, 0.64, 2_380.0, 48.0, 31.8),
            band(">= 1,000", 640, 0.61, 4_280.0, 149.0, 17.5),
        ],
        core: 1,
        peak: Some(1),
        findings: vec![
            RightsizeFinding::BiggerIsSlower {
                band: ">= 1,000".into(),
                value_ratio: 1.8,
                days_ratio: 3.1,
                per_day_ratio: 0.55,
                core: "100 – 1,000".into(),
            },
            RightsizeFinding::CostEatsMargin { band: "< 100".into(), cost_share: 0.56 },
        ],
    }
}

/// Customer success for a subscription business: 2 seats of 200 accounts.
fn allocate() -> AllocateSection {
    AllocateSection {
        value: "MonthlyCharges * 12".into(),
        seats: [2, 200],
        counts: [400, 3_121, 3_522],
        value_at_risk: 1_653_845.0,
        covered: 319_645.0,
        proof: Some(AllocateProof {
            held_out: 2_348,
            seats_accounts: 133,
            value_lost: 550_730.0,
            by_risk: (105_629.0, [95_755.0, 115_504.0], 104),
            by_value: (44_443.0, [31_499.0, 57_386.0], 34),
        }),
        top: vec![
            ("Kestrel Software".into(), 1_410.0, 0.86, 1_212.6),
            ("Brightline Payments".into(), 1_380.0, 0.84, 1_159.2),
            ("Northwind Clinics".into(), 1_302.0, 0.83, 1_080.7),
        ],
    }
}

/// The sample with every phrase icp writes that the sample itself does not show: the other
/// notes and leaks, icp's tier plays, a time split, every family and segment name icp makes
/// with its customary play, and a segment marked not to approach. With [`sample_report`] it
/// covers every typed phrase (for the tests).
pub fn every_phrase_report() -> Report {
    let mut r = sample_report();
    // Right-sizing without dates: no days, no value per sales-day, no peak.
    let rs = r.rightsize.as_mut().expect("filled");
    rs.dates = None;
    rs.peak = None;
    rs.findings.clear();
    for b in &mut rs.bands {
        b.days = None;
        b.value_per_day = None;
    }
    let review = r.review.as_mut().expect("filled");
    review.action = Some(crate::phrase::ReviewAction::Rebuild);
    review.reasons.push(crate::phrase::ReviewReason::GoldenRate { then: 0.081, now: 0.064 });
    review.reasons.push(crate::phrase::ReviewReason::AucFell { then: 0.781, now: 0.712 });
    let e = r.evidence.as_mut().expect("filled");
    e.notes.push(Note::FewGolden { golden: 38 });
    e.notes.push(Note::NoSignal);
    e.attributes[2].leak = Some(Leak {
        attribute: "industry".into(),
        left_out: true,
        evidence: vec![
            LeakEvidence::AfterOutcome { outcome: "close_date".into(), share: 0.83, rows: 412 },
            LeakEvidence::FilledByOutcome { golden_filled: 0.97, other_filled: 0.02 },
            LeakEvidence::NearPerfect { iv: 3.42 },
            LeakEvidence::GoldenOnlyValue { value: BinLabel::Flag(true), rows: 57 },
            LeakEvidence::MarkedInProject,
        ],
    });
    e.attributes[2].leak_excluded = true;
    let flagged = e.attributes.len() - 1;
    e.attributes[flagged].leak = Some(Leak {
        attribute: e.attributes[flagged].name.clone(),
        left_out: false,
        evidence: vec![
            LeakEvidence::ContactMeasureName { word: "call duration".into() },
            LeakEvidence::StrongSeparation { iv: 1.62 },
        ],
    });
    let p = r.profile.as_mut().expect("filled");
    for (t, play) in p.tiers.iter_mut().zip(Play::TIERS) {
        t.action = Some(Action::Play(play));
    }
    r.proof.as_mut().expect("filled").design = Design::TimeSplit { column: "created_at".into() };
    let s = r.segments.as_mut().expect("filled");
    let template = s.families[0].segments[0].clone();
    let row = |name: SegmentName, action: Option<Play>| SegmentRow {
        name,
        action: action.map(Action::Play),
        suggested: true,
        ..template.clone()
    };
    s.families.push(FamilyRow {
        family: Family::PurchaseStatus,
        segments: [
            (PurchaseStatus::Prospect, Play::Qualify),
            (PurchaseStatus::New, Play::OnboardThenExpand),
            (PurchaseStatus::Repeat, Play::Retain),
        ]
        .into_iter()
        .map(|(status, play)| row(SegmentName::PurchaseStatus { status }, Some(play)))
        .collect(),
    });
    let mut engagement: Vec<SegmentRow> = [
        (Stage::NotStarted, 0, Play::OnboardingOutreach),
        (Stage::Started, 2, Play::HelpNextStep),
        (Stage::MoreThanHalfway, 3, Play::NudgeToComplete),
        (Stage::Completed, 5, Play::Expand),
    ]
    .into_iter()
    .map(|(stage, done, play)| row(SegmentName::Engagement { stage, done, total: 5 }, Some(play)))
    .collect();
    engagement.push(row(SegmentName::NoSteps, None));
    s.families.push(FamilyRow { family: Family::Engagement, segments: engagement });
    s.families.push(FamilyRow {
        family: Family::Geographic("country".into()),
        segments: vec![row(SegmentName::Value { value: "Japan".into() }, Some(Play::Invest))],
    });
    s.families.push(FamilyRow {
        family: Family::Demographic("employees".into()),
        segments: [
            (Band::Low, "≤ 26"),
            (Band::LowerMiddle, "26–51"),
            (Band::UpperMiddle, "51–75"),
            (Band::High, "> 75"),
        ]
        .into_iter()
        .map(|(band, range)| {
            let name = SegmentName::Band { column: "employees".into(), band, range: range.into() };
            row(name, Some(Play::Nurture))
        })
        .collect(),
    });
    s.families.push(FamilyRow {
        family: Family::Psychographic("vip".into()),
        segments: vec![
            row(SegmentName::Flag { column: "vip".into(), value: true }, None),
            row(SegmentName::Flag { column: "vip".into(), value: false }, None),
        ],
    });
    let scored = r.scored.as_mut().expect("filled");
    scored.top[0].reasons.extend([
        ScoreReason::Unseen { attribute: "plan".into(), value: None, tenths: 0 },
        ScoreReason::Unseen { attribute: "region".into(), value: Some("Mars".into()), tenths: 15 },
    ]);
    scored.top[1].reasons =
        vec![ScoreReason::Insufficient { missing: vec!["industry".into(), "employees".into()] }];
    scored.top[2].reasons =
        vec![ScoreReason::Disqualified { criterion: "students are not buyers".into() }];
    s.do_not_approach.insert(
        0,
        (
            "ACC-00007".into(),
            vec![
                DnaReason::InSegment {
                    family: Family::Rule,
                    segment: SegmentName::Written { name: "Churned last year".into() },
                    action: None,
                },
                DnaReason::NegativeValue,
            ],
        ),
    );
    r
}

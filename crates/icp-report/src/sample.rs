//! A realistic, completely filled report (the demo's planted ICP: Software and Fintech, 50–500
//! employees, United States / United Kingdom / Germany, uses analytics), so that tests, the
//! screenshot script and the binary can render a page without running an analysis.

use crate::data::*;

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

/// A bin whose golden count follows from its lift; the interval narrows with its size.
fn bin(label: &str, rows: u64, lift: f64) -> BinRow {
    let golden = (rows as f64 * BASE_RATE * lift).round() as u64;
    let half = 1.96 * (lift * lift / (golden.max(1) as f64)).sqrt();
    BinRow {
        label: label.into(),
        rows,
        golden,
        lift,
        lift_low: (lift - half).max(0.0),
        lift_high: lift + half,
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
    leak_gap.leak = Some(
        "`days_since_last_contact` = 0–3 holds 98% golden accounts and half of all golden ones: it is almost certainly recorded after the outcome, so it is left out of the profile"
            .into(),
    );
    leak_gap.leak_excluded = true;
    let mut status = attribute(
        "account_status",
        0.74,
        1e-6,
        false,
        vec![bin("customer", 900, 3.1), bin("trial", 1_300, 0.7), bin("prospect", 2_800, 0.45)],
    );
    status.leak = Some(
        "`account_status` separates golden customers suspiciously well (information value 0.74, above 0.5): if it is filled in after the outcome (a sales note, a status), exclude it with `analyse = false` in icp.toml".into(),
    );
    EvidenceSection {
        no_signal: false,
        tentative: false,
        notes: vec![
            "`annual_revenue` was dropped: once the other key attributes are known it points the wrong way (collinear)".into(),
            "`lead_source` was dropped: once the other key attributes are known it points the wrong way (collinear)".into(),
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
                    bin("other (7 merged)", 650, 0.58),
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
                    bin("other (18 merged)", 1_120, 0.34),
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
                vec![bin("referral", 620, 1.31), bin("web", 2_480, 0.98), bin("event", 900, 1.02), bin("outbound", 1_000, 0.84)],
            ),
            attribute("plan_interest", 0.015, 0.48, false, vec![bin("pro", 1_600, 1.08), bin("basic", 3_400, 0.96)]),
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
    let bins = |v: &[(&str, f64)]| v.iter().map(|(l, p)| (l.to_string(), *p)).collect::<Vec<_>>();
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
                    ("other", 6.0),
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
                    ("other", 3.0),
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
                action: Some("Call within 48 hours; a senior rep owns it".into()),
            },
            TierDefinition {
                name: "B".into(),
                min_score: 55.0,
                action: Some("Personal e-mail sequence, then a call".into()),
            },
            TierDefinition {
                name: "C".into(),
                min_score: 35.0,
                action: Some("Nurture with case studies and webinars".into()),
            },
            TierDefinition {
                name: "D".into(),
                min_score: 0.0,
                action: Some("Automated campaigns only; no sales time".into()),
            },
        ],
        cv_auc: Some(0.823),
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

fn method(name: &str, auc: f64, ks: f64, brier: Option<f64>) -> MethodRow {
    let g = gains(auc);
    MethodRow {
        name: name.into(),
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
        design: "5-fold cross-validation, stratified by golden".into(),
        rows: 5_000,
        golden: 412,
        methods: vec![
            method("ICP profile", 0.823, 0.512, Some(0.061)),
            method("best single attribute", 0.701, 0.324, None),
            method("bigger is better (employees)", 0.612, 0.187, None),
            method("random", 0.503, 0.031, None),
        ],
        tiers: vec![
            tier("A", 610, 221),
            tier("B", 980, 121),
            tier("C", 1_520, 52),
            tier("D", 1_890, 18),
        ],
    }
}

fn scored() -> ScoredSection {
    let reasons = [
        "industry Software (+30), employees 200–500 (+25), country United States (+20), uses analytics (+15)",
        "industry Fintech (+26), employees 50–199 (+23), country United Kingdom (+18), uses analytics (+15)",
        "industry Software (+30), employees 50–199 (+23), country Germany (+17), company_age 2–5 years (+10)",
    ];
    let top = (0..20)
        .map(|i| {
            let score = 97.0 - i as f64 * 0.45;
            ScoredRow {
                name: format!("LEAD-{:05}", 10_007 + i * 37),
                score: score.round(),
                tier: if score >= 75.0 { "A" } else { "B" }.into(),
                reasons: reasons[i % reasons.len()].into(),
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
    name: &str,
    records: u64,
    total: u64,
    value_share: f64,
    golden_share: f64,
    mean_score: f64,
    action: Option<&str>,
    suggested: bool,
    distinctions: &[&str],
) -> SegmentRow {
    SegmentRow {
        name: name.into(),
        records,
        share: records as f64 / total as f64,
        value_share: Some(value_share),
        golden_share: Some(golden_share),
        mean_score: Some(mean_score),
        action: action.map(Into::into),
        suggested,
        distinctions: distinctions.iter().map(|d| d.to_string()).collect(),
    }
}

fn segments() -> SegmentsSection {
    let n = 5_000;
    let reasons = [
        "fails a hard criterion: no account under 10 people became golden",
        "in attitude `hostile`, whose action is: do not approach for sales; hand to customer success",
        "negative value after cost to serve",
        "in clusters `cluster 4`, whose action is: do not approach: spend elsewhere; negative value after cost to serve",
        "fails a hard criterion: procurement makes deals too slow to be worth it",
    ];
    SegmentsSection {
        families: vec![
            FamilyRow {
                family: "rule segment".into(),
                segments: vec![
                    segment(
                        "Enterprise fintech",
                        320,
                        n,
                        0.21,
                        0.31,
                        78.0,
                        Some("Assign a named account executive"),
                        false,
                        &["industry Fintech", "employees > 500"],
                    ),
                    segment(
                        "Mid-market software",
                        1_140,
                        n,
                        0.38,
                        0.17,
                        71.0,
                        Some("Run the outbound playbook"),
                        false,
                        &["industry Software", "employees 50–500"],
                    ),
                    segment(
                        "Small shops",
                        1_460,
                        n,
                        0.06,
                        0.02,
                        24.0,
                        None,
                        false,
                        &["employees < 50"],
                    ),
                    segment(
                        "Everyone else",
                        2_080,
                        n,
                        0.35,
                        0.07,
                        41.0,
                        Some("Nurture by e-mail"),
                        false,
                        &[],
                    ),
                ],
            },
            FamilyRow {
                family: "clusters".into(),
                segments: vec![
                    segment(
                        "cluster 1",
                        1_050,
                        n,
                        0.52,
                        0.24,
                        74.0,
                        Some("invest: prioritise with sales and account-based plays"),
                        true,
                        &["won_value ×3.1 the average", "industry Software or Fintech"],
                    ),
                    segment(
                        "cluster 2",
                        1_620,
                        n,
                        0.27,
                        0.08,
                        52.0,
                        Some("nurture: marketing programmes, sales on signals"),
                        true,
                        &["employees 10–199", "country United States"],
                    ),
                    segment(
                        "cluster 3",
                        1_730,
                        n,
                        0.19,
                        0.03,
                        33.0,
                        Some("automate: low-touch, self-serve"),
                        true,
                        &["uses no analytics", "company_age < 2 years"],
                    ),
                    segment(
                        "cluster 4",
                        600,
                        n,
                        0.02,
                        0.0,
                        18.0,
                        Some("do not approach: spend elsewhere"),
                        true,
                        &["cost_to_serve above won_value"],
                    ),
                ],
            },
            FamilyRow {
                family: "attitude".into(),
                segments: vec![
                    segment(
                        "enthusiastic",
                        780,
                        n,
                        0.31,
                        0.19,
                        69.0,
                        Some("ask for referrals, reviews and case studies"),
                        true,
                        &["NPS 9–10"],
                    ),
                    segment(
                        "positive",
                        1_420,
                        n,
                        0.33,
                        0.09,
                        58.0,
                        Some("nurture toward advocacy"),
                        true,
                        &["NPS 7–8"],
                    ),
                    segment(
                        "indifferent",
                        1_610,
                        n,
                        0.24,
                        0.06,
                        47.0,
                        Some("re-engage with proof of value"),
                        true,
                        &["NPS 5–6"],
                    ),
                    segment(
                        "negative",
                        890,
                        n,
                        0.1,
                        0.04,
                        39.0,
                        Some("fix what went wrong before selling more"),
                        true,
                        &["NPS 1–4"],
                    ),
                    segment(
                        "hostile",
                        300,
                        n,
                        0.02,
                        0.01,
                        22.0,
                        Some("do not approach for sales; hand to customer success"),
                        true,
                        &["NPS 0"],
                    ),
                ],
            },
        ],
        do_not_approach: (0..15)
            .map(|i| (format!("ACC-{:05}", 40 + i * 53), reasons[i % reasons.len()].to_string()))
            .collect(),
        do_not_approach_total: 312,
    }
}

fn rfm() -> RfmSection {
    let customers = 4_338u64;
    let groups = [
        (
            "Champions",
            520,
            0.43,
            "Reward them: early access, loyalty perks, a thank-you; ask for reviews and referrals. No discounts needed.",
            true,
        ),
        (
            "Loyal",
            610,
            0.2,
            "Keep them close: loyalty programme, upsell higher-value products, ask for reviews.",
            true,
        ),
        (
            "Potential loyalist",
            480,
            0.09,
            "Turn them into regulars: membership or loyalty offer, recommendations based on what they bought.",
            true,
        ),
        (
            "New",
            210,
            0.02,
            "Onboard them: welcome series, make the first purchase a success, earn the second order.",
            true,
        ),
        (
            "Promising",
            190,
            0.015,
            "Build the habit: show bestsellers and give a small incentive for the next order.",
            true,
        ),
        (
            "Need attention",
            330,
            0.05,
            "Re-engage them: limited-time offers and recommendations based on past purchases.",
            true,
        ),
        (
            "About to sleep",
            360,
            0.03,
            "Reconnect before they lapse: popular products and a modest, time-limited discount.",
            true,
        ),
        (
            "At risk",
            420,
            0.07,
            "Win them back with a personal offer and a personal message; find out what changed.",
            true,
        ),
        (
            "Can't lose them",
            95,
            0.04,
            "Win them back now: personal contact, your best offer, ask for feedback; do not lose them to a competitor.",
            true,
        ),
        (
            "Hibernating",
            560,
            0.03,
            "Low-cost reactivation only: one relevant offer in a general campaign, then stop if they do not respond.",
            true,
        ),
        (
            "Lost",
            563,
            0.025,
            "Do not approach and do not spend on them; at most include them in free, untargeted channels.",
            false,
        ),
    ];
    RfmSection {
        customers,
        orders: 18_532,
        groups: groups
            .iter()
            .map(|&(name, n, money, action, approach)| RfmGroupRow {
                name: name.into(),
                customers: n,
                share: n as f64 / customers as f64,
                monetary_share: money,
                action: action.into(),
                approach,
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

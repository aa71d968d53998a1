//! The page as a whole: well-formed, self-contained, sections present exactly when their data
//! is, data escaped, small and fast whatever the input.

mod common;

use common::{check, svgs};
use icp_report::phrase::*;
use icp_report::*;
use std::time::{Duration, Instant};

fn both(report: &Report) -> [(Lang, String); 2] {
    Lang::ALL.map(|lang| (lang, render(report, lang)))
}

fn section_ids(page: &common::Page) -> Vec<&str> {
    page.ids.iter().map(String::as_str).filter(|id| SECTION_IDS.contains(id)).collect()
}

#[test]
fn the_checker_rejects_what_it_should() {
    let ok = "<!DOCTYPE html><html lang=\"en\"><body><p id=\"a\">x &amp; y</p></body></html>";
    assert!(check(ok).is_ok());
    for bad in [
        "<!DOCTYPE html><p>unclosed",
        "<!DOCTYPE html><p></div>",
        "<!DOCTYPE html><p>a < b</p>",
        "<!DOCTYPE html><p>a & b</p>",
        "<!DOCTYPE html><p title=\"a\"b\"></p>",
        "<!DOCTYPE html><script>1</script>",
        "<!DOCTYPE html><a href=\"https://example.invalid\">x</a>",
        "<!DOCTYPE html><a href=\"//example.invalid\">x</a>",
        "<!DOCTYPE html><img src=\"x.png\">",
        "<!DOCTYPE html><style>@import 'x.css';</style>",
        "<!DOCTYPE html><style>p { background: url(x.png) }</style>",
        "<!DOCTYPE html><p onclick=\"x\"></p>",
    ] {
        assert!(check(bad).is_err(), "accepted {bad}");
    }
}

#[test]
fn well_formed_in_both_languages() {
    for (lang, html) in both(&sample_report()) {
        let page = check(&html).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert_eq!(page.lang.as_deref(), Some(lang.code()));
        for once in ["html", "head", "body", "main"] {
            assert_eq!(
                page.elements.iter().filter(|e| *e == once).count(),
                1,
                "{lang:?}: one <{once}>"
            );
        }
        let mut ids = page.ids.clone();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), page.ids.len(), "{lang:?}: ids are unique");
    }
}

#[test]
fn self_contained() {
    for (lang, html) in both(&sample_report()) {
        assert!(!html.contains("<script"), "{lang:?}: no script");
        assert!(!html.contains("http://") && !html.contains("https://"), "{lang:?}: no URL");
        assert!(!html.contains("@import") && !html.contains("url("), "{lang:?}: nothing imported");
        assert!(
            html.contains("Content-Security-Policy"),
            "{lang:?}: a policy that forbids fetching"
        );
        check(&html).unwrap();
    }
}

#[test]
fn japanese_font_stack_and_lang() {
    let html = render(&sample_report(), Lang::Ja);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    let css = check(&html).unwrap().css;
    for font in [
        "Hiragino Sans",
        "Hiragino Kaku Gothic ProN",
        "Yu Gothic",
        "Meiryo",
        "Noto Sans CJK JP",
        "Noto Sans JP",
    ] {
        assert!(css.contains(&format!("\"{font}\"")), "font stack names {font}");
    }
    assert!(css.contains("@page") && css.contains("size: A4"), "prints on A4");
}

#[test]
fn sections_present_when_data_present() {
    for (lang, html) in both(&sample_report()) {
        let page = check(&html).unwrap();
        assert_eq!(section_ids(&page), SECTION_IDS, "{lang:?}: every section, in order");
        for part in ["leaks", "do-not-approach"] {
            assert!(page.ids.iter().any(|id| id == part), "{lang:?}: #{part}");
        }
        assert!(!page.ids.iter().any(|id| id == "no-signal"), "{lang:?}: there is a signal");
    }
}

#[test]
fn sections_absent_when_data_absent() {
    type Clear = fn(&mut Report);
    let clear: [(&str, Clear); 10] = [
        ("golden", |r| r.golden = None),
        ("evidence", |r| r.evidence = None),
        ("profile", |r| r.profile = None),
        ("proof", |r| r.proof = None),
        ("scored", |r| r.scored = None),
        ("segments", |r| r.segments = None),
        ("rfm", |r| r.rfm = None),
        ("clv", |r| r.clv = None),
        ("review", |r| r.review = None),
        ("people", |r| r.people = None),
    ];
    for (id, f) in clear {
        let mut report = sample_report();
        f(&mut report);
        for (lang, html) in both(&report) {
            let page = check(&html).unwrap_or_else(|e| panic!("without {id}: {e}"));
            let expected: Vec<&str> = SECTION_IDS.iter().copied().filter(|s| *s != id).collect();
            assert_eq!(section_ids(&page), expected, "{lang:?} without {id}");
            assert!(
                !html.contains(&format!("href=\"#{id}\"")),
                "{lang:?}: no link to the absent #{id}"
            );
        }
    }

    // Present but empty is absent too.
    let mut report = sample_report();
    report.evidence.as_mut().unwrap().attributes.clear();
    report.evidence.as_mut().unwrap().notes.clear();
    let p = report.profile.as_mut().unwrap();
    p.attributes.clear();
    p.criteria.clear();
    p.tiers.clear();
    let p = report.proof.as_mut().unwrap();
    p.methods.clear();
    p.tiers.clear();
    report.scored = Some(ScoredSection::default());
    report.segments = Some(SegmentsSection::default());
    report.rfm.as_mut().unwrap().groups.clear();
    report.clv = Some(ClvSection::default());
    report.review = Some(ReviewSection::default());
    report.rightsize = Some(RightsizeSection::default());
    report.allocate = Some(AllocateSection::default());
    report.people = Some(PeopleSection::default());
    let page = check(&render(&report, Lang::En)).unwrap();
    assert_eq!(section_ids(&page), ["golden"]);

    let empty = Report::default();
    for (lang, html) in both(&empty) {
        let page = check(&html).unwrap();
        assert!(section_ids(&page).is_empty(), "{lang:?}");
        assert!(
            page.texts.iter().any(|t| t == lang.messages().nothing_to_report),
            "{lang:?}: says so"
        );
        assert!(svgs(&html).is_empty());
    }
}

#[test]
fn no_signal_is_stated_plainly() {
    let mut report = sample_report();
    let e = report.evidence.as_mut().unwrap();
    e.no_signal = true;
    e.attributes.clear();
    e.notes.clear();
    report.profile = None;
    for (lang, html) in both(&report) {
        let page = check(&html).unwrap();
        assert!(section_ids(&page).contains(&"evidence"), "{lang:?}: the finding is a section");
        assert!(page.ids.iter().any(|id| id == "no-signal"));
        let m = lang.messages();
        assert!(page.texts.iter().any(|t| t == m.no_signal_title));
        assert!(page.texts.iter().any(|t| t == m.no_signal_text));
    }
}

#[test]
fn every_chart_has_drawable_children() {
    for (lang, html) in both(&sample_report()) {
        let charts = svgs(&html);
        // Lift summary, 5 key attributes, gains, ROC, conversion, tiers, 3 segment families, RFM,
        // the review's two attributes that moved, and right-sizing's value per sales-day.
        assert_eq!(charts.len(), 17, "{lang:?}");
        for svg in charts {
            assert!(svg.contains("<title>"), "{lang:?}: charts are labelled");
            let shapes = ["<rect", "<line", "<polyline", "<circle"]
                .iter()
                .map(|s| svg.matches(s).count())
                .sum::<usize>();
            assert!(shapes >= 3, "{lang:?}: a chart with {shapes} shapes");
            assert!(svg.matches("<text").count() >= 3, "{lang:?}: a chart without labels");
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{lang:?}: finite coordinates");
        }
    }
}

fn hostile() -> &'static str {
    "<script>alert(\"x\")</script> & 'q' \"quoted\" <b>bold</b>"
}

#[test]
fn data_is_escaped() {
    let h = hostile().to_string();
    let mut r = sample_report();
    r.title = h.clone();
    r.icp_version = h.clone();
    r.generated = h.clone();
    let g = r.golden.as_mut().unwrap();
    g.rule = h.clone();
    g.value_label = Some(h.clone());
    g.top[0].name = h.clone();
    g.top[0].why = h.clone();
    let e = r.evidence.as_mut().unwrap();
    e.notes.push(Note::Collinear { attribute: h.clone() });
    e.attributes[0].leak = Some(Leak {
        attribute: h.clone(),
        left_out: false,
        evidence: vec![LeakEvidence::OutcomeName { word: h.clone() }],
    });
    for a in &mut e.attributes {
        a.name = h.clone();
        a.strength = h.clone();
        a.bins[0].label = BinLabel::Text(h.clone());
    }
    let p = r.profile.as_mut().unwrap();
    p.criteria[0].rule = h.clone();
    p.criteria[0].kind = h.clone();
    p.criteria[0].reason = Some(h.clone());
    p.attributes[0].name = h.clone();
    p.attributes[0].bins[0].0 = BinLabel::Text(h.clone());
    p.tiers[0].name = h.clone();
    p.tiers[0].action = Some(Action::Written(h.clone()));
    let proof = r.proof.as_mut().unwrap();
    proof.design = Design::TimeSplit { column: h.clone() };
    proof.methods[0].name = Method::Bigger { column: h.clone() };
    proof.tiers[0].name = h.clone();
    let s = r.scored.as_mut().unwrap();
    s.tiers[0].0 = h.clone();
    s.top[0].name = h.clone();
    s.top[0].reasons = vec![ScoreReason::Disqualified { criterion: h.clone() }];
    s.top[0].tier = h.clone();
    let seg = r.segments.as_mut().unwrap();
    seg.families[0].family = Family::Geographic(h.clone());
    seg.families[0].segments[0].name = SegmentName::Written { name: h.clone() };
    seg.families[0].segments[0].action = Some(Action::Written(h.clone()));
    seg.families[0].segments[0].distinctions =
        vec![Distinction::Level { column: h.clone(), level: h.clone(), share: 0.5, overall: 0.1 }];
    seg.do_not_approach[0] = (h.clone(), vec![DnaReason::FailsCriterion { criterion: h.clone() }]);
    let rfm = r.rfm.as_mut().unwrap();
    rfm.groups[0].action = Action::Written(h.clone());
    r.clv.as_mut().unwrap().top[0].0 = h.clone();

    for (lang, html) in both(&r) {
        let page = check(&html).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert!(!html.contains("<script"), "{lang:?}");
        assert!(!html.contains("<b>"), "{lang:?}");
        assert!(
            html.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;"),
            "{lang:?}: text escaped"
        );
        assert!(
            html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
            "{lang:?}: attributes escaped"
        );
        assert!(page.texts.iter().any(|t| t.contains(hostile())), "{lang:?}: and shown as written");
        assert_eq!(section_ids(&page), SECTION_IDS);
    }
}

/// A report with far more rows than any real one, everywhere.
fn huge() -> Report {
    let long = "x".repeat(10_000);
    let medium = "y".repeat(300);
    let mut r = sample_report();
    let g = r.golden.as_mut().unwrap();
    g.rule = long.clone();
    g.top = (0..100_000)
        .map(|i| TopCustomer { name: format!("C{i}"), value: Some(i as f64), why: long.clone() })
        .collect();
    let e = r.evidence.as_mut().unwrap();
    e.notes = vec![Note::Collinear { attribute: long.clone() }; 1_000];
    let bins: Vec<BinRow> = (0..200)
        .map(|i| BinRow {
            label: BinLabel::Text(format!("{i}{medium}")),
            rows: 10,
            golden: 1,
            lift: 1.0 + i as f64 / 100.0,
            lift_low: 0.5,
            lift_high: 40.0,
            small: false,
        })
        .collect();
    e.attributes = (0..300)
        .map(|i| AttributeRow {
            name: format!("a{i}{medium}"),
            iv: 0.2,
            strength: "medium".into(),
            q_value: 0.01,
            leak: Some(Leak {
                attribute: medium.clone(),
                left_out: i % 2 == 0,
                evidence: vec![LeakEvidence::StrongSeparation { iv: 0.7 }],
            }),
            leak_excluded: i % 2 == 0,
            key: true,
            bins: bins.clone(),
        })
        .collect();
    let p = r.profile.as_mut().unwrap();
    p.criteria =
        vec![
            CriterionRow { kind: "require".into(), rule: long.clone(), reason: Some(long.clone()) };
            1_000
        ];
    p.attributes = (0..300)
        .map(|i| ProfileAttribute {
            name: format!("a{i}"),
            bins: vec![(BinLabel::Text(medium.clone()), 1.0); 200],
            missing_points: 0.0,
        })
        .collect();
    p.tiers = (0..1_000)
        .map(|i| TierDefinition {
            name: format!("T{i}"),
            min_score: i as f64,
            action: Some(Action::Written(long.clone())),
        })
        .collect();
    let proof = r.proof.as_mut().unwrap();
    let m = proof.methods[0].clone();
    proof.methods = (0..100)
        .map(|i| MethodRow {
            name: Method::Bigger { column: format!("m{i}") },
            gains: (1..=1_000).map(|k| k as f64 / 1_000.0).collect(),
            roc: (0..=200_000).map(|k| (k as f64 / 2e5, (k as f64 / 2e5).sqrt())).collect(),
            ..m.clone()
        })
        .collect();
    proof.tiers = (0..1_000)
        .map(|i| TierRow { name: format!("T{i}"), rows: 10, golden: 1, rate: 0.1 })
        .collect();
    let s = r.scored.as_mut().unwrap();
    s.tiers = (0..1_000).map(|i| (format!("T{i}"), i)).collect();
    s.top = (0..100_000)
        .map(|i| ScoredRow {
            name: format!("L{i}"),
            score: 50.0,
            tier: "A".into(),
            reasons: vec![ScoreReason::Disqualified { criterion: long.clone() }],
        })
        .collect();
    let seg = r.segments.as_mut().unwrap();
    let one = seg.families[0].segments[0].clone();
    seg.families = (0..50)
        .map(|f| FamilyRow {
            family: Family::Geographic(format!("f{f}")),
            segments: (0..200)
                .map(|i| SegmentRow {
                    name: SegmentName::Written { name: format!("s{i}") },
                    distinctions: vec![
                        Distinction::Mean {
                            column: medium.clone(),
                            mean: 1.0,
                            overall: 2.0
                        };
                        20
                    ],
                    ..one.clone()
                })
                .collect(),
        })
        .collect();
    seg.do_not_approach = (0..100_000)
        .map(|i| (format!("R{i}"), vec![DnaReason::FailsCriterion { criterion: long.clone() }]))
        .collect();
    seg.do_not_approach_total = 100_000;
    let rfm = r.rfm.as_mut().unwrap();
    let g0 = rfm.groups[0].clone();
    rfm.groups = (0..1_000)
        .map(|i| RfmGroupRow {
            name: RfmGroup::ALL[i % RfmGroup::ALL.len()],
            action: Action::Written(long.clone()),
            ..g0.clone()
        })
        .collect();
    r.clv.as_mut().unwrap().top = (0..100_000).map(|i| (format!("K{i}"), i as f64, 0.5)).collect();
    r
}

#[test]
fn large_inputs_make_a_small_page_quickly() {
    let report = huge();
    for lang in Lang::ALL {
        let started = Instant::now();
        let html = render(&report, lang);
        let took = started.elapsed();
        assert!(html.len() < 2_000_000, "{lang:?}: {} bytes", html.len());
        assert!(took < Duration::from_secs(1), "{lang:?}: {took:?}");
        let page = check(&html).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert_eq!(section_ids(&page), SECTION_IDS);
        // Long lists are capped, and say so.
        let dna = html.split("id=\"do-not-approach\"").nth(1).unwrap();
        let dna_rows = dna[..dna.find("</table>").unwrap()].matches("<tr>").count();
        assert_eq!(dna_rows, caps::DO_NOT_APPROACH + 1, "{lang:?}: header and the first rows");
        assert!(page.texts.iter().any(|t| t == &fill(lang.messages().more_not_shown, &["99,950"])));
    }
}

#[test]
fn sample_renders_well_under_a_second() {
    let report = sample_report();
    let started = Instant::now();
    for lang in Lang::ALL {
        let html = render(&report, lang);
        assert!(html.len() < 200_000, "{} bytes", html.len());
    }
    assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
}

#[test]
fn rendering_is_deterministic() {
    let report = sample_report();
    for lang in Lang::ALL {
        assert_eq!(render(&report, lang), render(&report, lang));
    }
}

#[test]
fn numbers_read_naturally_in_each_language() {
    let report = sample_report();
    let en = check(&render(&report, Lang::En)).unwrap().visible();
    let ja = check(&render(&report, Lang::Ja)).unwrap().visible();
    // Counts group thousands in both; shares have one decimal.
    assert!(en.contains("412 of 5,000 accounts are golden (8.2%)."), "{en}");
    assert!(ja.contains("全5,000件のうち412件（8.2%）が優良顧客です。"));
    // Amounts are compact: thousands in English, 万 and 億 in Japanese.
    assert!(en.contains("412K") && en.contains("2.4M"));
    assert!(ja.contains("41.2万") && ja.contains("238万"));
    // Dates are ISO.
    assert!(en.contains("Generated 2025-06-02 by icp"));
    assert!(ja.contains("2025-06-02 作成"));
}

#[test]
fn from_locale_picks_the_language() {
    assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Lang::Ja);
    assert_eq!(Lang::from_locale("en_GB.UTF-8"), Lang::En);
    assert!(
        render(&Report::default(), Lang::from_locale("ja_JP.UTF-8")).contains("<html lang=\"ja\">")
    );
}

#[test]
fn a_chain_counted_by_account_says_so_in_both_languages() {
    let mut report = sample_report();
    let chain = report.people.as_mut().unwrap().chain.as_mut().unwrap();
    chain.by_account = true;
    for (lang, html) in both(&report) {
        let page = check(&html).unwrap();
        let said = match lang {
            Lang::Ja => "受注592社と失注1,933社",
            _ => "592 won and 1,933 lost accounts",
        };
        assert!(page.texts.iter().any(|t| t.contains(said)), "{lang:?}");
        // The table's shares are of accounts too, not of deals.
        let (accounts, deals) = match lang {
            Lang::Ja => ("受注取引先", "受注商談"),
            _ => ("Won accounts", "Won deals"),
        };
        assert!(page.texts.iter().any(|t| t == accounts), "{lang:?}");
        // Only the personas' table still counts deals.
        assert_eq!(page.texts.iter().filter(|t| *t == deals).count(), 1, "{lang:?}");
    }
}

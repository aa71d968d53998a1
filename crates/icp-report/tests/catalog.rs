//! The message catalogs: Japanese is really translated, every text is used, and no English
//! catalog text leaks into a Japanese page.

mod common;

use icp_report::phrase::*;
use icp_report::*;

/// Reports that between them use every text of the catalogs.
fn variants() -> Vec<Report> {
    let full = sample_report();
    let phrases = every_phrase_report();
    let mut doubtful = sample_report();
    let e = doubtful.evidence.as_mut().unwrap();
    e.no_signal = true;
    e.tentative = true;
    let p = doubtful.profile.as_mut().unwrap();
    p.tentative = true;
    p.criteria.clear();
    // A profile written before the AUC was measured outside attribute selection.
    p.selection_auc = p.nested_cv_auc.take();
    // A proof that finds the profile wanting.
    let proof = doubtful.proof.as_mut().unwrap();
    let mut logistic = proof.methods[0].clone();
    logistic.name = icp_report::phrase::Method::Logistic;
    logistic.auc += 0.05;
    proof.methods.insert(1, logistic);
    proof.warnings = vec![
        icp_report::phrase::ProofWarning::BelowBaseline { profile: 0.823, baseline: 0.873 },
        icp_report::phrase::ProofWarning::TiersOutOfOrder {
            higher: "B".into(),
            lower: "C".into(),
            higher_rate: 0.05,
            lower_rate: 0.09,
        },
    ];
    let s = doubtful.segments.as_mut().unwrap();
    s.do_not_approach.clear();
    s.do_not_approach_total = 0;
    // A decision chain whose contacts are tied to accounts: one observation per account.
    doubtful.people.as_mut().unwrap().chain.as_mut().unwrap().by_account = true;
    // A review of new data without outcomes, where nothing moved and a fresh profile agrees.
    let review = doubtful.review.as_mut().unwrap();
    review.golden_rate = None;
    review.performance = None;
    review.moved.clear();
    review.action = Some(icp_report::phrase::ReviewAction::Keep);
    review.reasons = vec![icp_report::phrase::ReviewReason::Stable];
    review.fresh = Some(FreshProfile::default());
    let mut unmoved = sample_report();
    let review = unmoved.review.as_mut().unwrap();
    review.moved.clear();
    // A proof made in a warehouse, on aggregates.
    unmoved.proof.as_mut().unwrap().design = Design::HashedFolds { folds: 5 };
    vec![full, phrases, doubtful, unmoved, Report::default()]
}

fn pages(lang: Lang) -> Vec<(Report, common::Page)> {
    variants()
        .into_iter()
        .map(|r| {
            let html = render(&r, lang);
            let page = common::check(&html).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
            (r, page)
        })
        .collect()
}

#[test]
fn japanese_differs_from_english_except_where_meant() {
    let (en, ja) = (EN.entries(), JA.entries());
    assert_eq!(en.len(), ja.len());
    for ((field, e), (field_ja, j)) in en.iter().zip(&ja) {
        assert_eq!(field, field_ja);
        assert!(!e.trim().is_empty() && !j.trim().is_empty(), "{field} is empty");
        if SAME_IN_BOTH.contains(field) {
            assert_eq!(e, j, "{field} is on the list of texts that read the same in both");
        } else {
            assert_ne!(e, j, "{field} is not translated (or add it to SAME_IN_BOTH)");
        }
    }
    for field in SAME_IN_BOTH {
        assert!(en.iter().any(|(f, _)| f == field), "SAME_IN_BOTH names an unknown field {field}");
    }
    assert_ne!((EN.compact)(12_345.0), (JA.compact)(12_345.0));
}

#[test]
fn placeholders_match_between_languages() {
    let placeholders = |s: &str| {
        let mut p: Vec<usize> = (0..10).filter(|i| s.contains(&format!("{{{i}}}"))).collect();
        p.sort();
        p
    };
    for ((field, e), (_, j)) in EN.entries().iter().zip(JA.entries()) {
        assert_eq!(placeholders(e), placeholders(j), "{field}");
        // Every brace is a placeholder: a stray one would show.
        let braces = e.matches('{').count() + j.matches('{').count();
        assert_eq!(braces, placeholders(e).len() * 2, "{field} has a stray brace");
    }
}

#[test]
fn every_catalog_text_appears_in_a_rendered_page() {
    for lang in Lang::ALL {
        let m = lang.messages();
        let visible: String =
            pages(lang).iter().map(|(_, p)| p.visible()).collect::<Vec<_>>().join("\n");
        let mut unused = Vec::new();
        for (field, text) in m.entries() {
            for fragment in fragments(text) {
                if !visible.contains(&fragment) {
                    unused.push(format!("{field}: {fragment:?}"));
                }
            }
        }
        assert!(unused.is_empty(), "{lang:?}: catalog texts never shown:\n{}", unused.join("\n"));
    }
}

/// The report with every text that comes inside the data replaced by "§" (in typed phrases
/// too: their names and values), except the fixed words icp writes there and the page
/// translates (strengths, criterion kinds, the special tiers): what is left on a page is the
/// catalog's alone.
fn scrub(mut r: Report) -> Report {
    fn x(s: &mut String) {
        *s = "§".into();
    }
    fn xo(s: &mut Option<String>) {
        if let Some(s) = s {
            x(s);
        }
    }
    fn family(f: &mut Family) {
        match f {
            Family::Geographic(c) | Family::Demographic(c) | Family::Psychographic(c) => x(c),
            _ => {}
        }
    }
    fn segment(n: &mut SegmentName) {
        match n {
            SegmentName::Written { name: t } | SegmentName::Value { value: t } => x(t),
            SegmentName::Flag { column, .. } => x(column),
            SegmentName::Band { column, range, .. } => {
                x(column);
                x(range);
            }
            _ => {}
        }
    }
    fn action(a: &mut Action) {
        if let Action::Written(t) = a {
            x(t);
        }
    }
    fn score_reason(r: &mut ScoreReason) {
        match r {
            ScoreReason::Points { attribute, bin: b, .. } => {
                x(attribute);
                bin(b);
            }
            ScoreReason::Unseen { attribute, value, .. } => {
                x(attribute);
                xo(value);
            }
            ScoreReason::Disqualified { criterion } => x(criterion),
            ScoreReason::Insufficient { missing } => missing.iter_mut().for_each(x),
        }
    }
    fn bin(b: &mut BinLabel) {
        match b {
            BinLabel::Text(t) => x(t),
            BinLabel::Other(values) => values.iter_mut().for_each(x),
            _ => {}
        }
    }
    x(&mut r.title);
    x(&mut r.icp_version);
    if let Some(g) = &mut r.golden {
        x(&mut g.rule);
        xo(&mut g.value_label);
        for t in &mut g.top {
            x(&mut t.name);
            x(&mut t.why);
        }
    }
    if let Some(e) = &mut r.evidence {
        for n in &mut e.notes {
            if let Note::Collinear { attribute } = n {
                x(attribute);
            }
        }
        for a in &mut e.attributes {
            x(&mut a.name);
            if let Some(leak) = &mut a.leak {
                x(&mut leak.attribute);
                for e in &mut leak.evidence {
                    match e {
                        LeakEvidence::OutcomeName { word }
                        | LeakEvidence::UpdatedName { word }
                        | LeakEvidence::ContactMeasureName { word } => x(word),
                        LeakEvidence::AfterOutcome { outcome, .. } => x(outcome),
                        LeakEvidence::NearPerfectValue { value, .. }
                        | LeakEvidence::GoldenOnlyValue { value, .. } => bin(value),
                        _ => {}
                    }
                }
            }
            a.bins.iter_mut().for_each(|b| bin(&mut b.label));
        }
    }
    if let Some(p) = &mut r.profile {
        for c in &mut p.criteria {
            x(&mut c.rule);
            xo(&mut c.reason);
        }
        for a in &mut p.attributes {
            x(&mut a.name);
            a.bins.iter_mut().for_each(|b| bin(&mut b.0));
        }
        for t in &mut p.tiers {
            x(&mut t.name);
            t.action.iter_mut().for_each(action);
        }
    }
    if let Some(p) = &mut r.proof {
        if let Design::TimeSplit { column } = &mut p.design {
            x(column);
        }
        for m in &mut p.methods {
            if let Method::Bigger { column } = &mut m.name {
                x(column);
            }
        }
        p.tiers.iter_mut().for_each(|t| x(&mut t.name));
    }
    if let Some(s) = &mut r.scored {
        for t in &mut s.tiers {
            if t.0 != "insufficient data" && t.0 != "disqualified" {
                x(&mut t.0);
            }
        }
        for t in &mut s.top {
            x(&mut t.name);
            x(&mut t.tier);
            t.reasons.iter_mut().for_each(score_reason);
        }
    }
    if let Some(s) = &mut r.segments {
        for f in &mut s.families {
            family(&mut f.family);
            for g in &mut f.segments {
                segment(&mut g.name);
                g.action.iter_mut().for_each(action);
                for d in &mut g.distinctions {
                    match d {
                        Distinction::Level { column, level, .. } => {
                            x(column);
                            x(level);
                        }
                        Distinction::Mean { column, .. } => x(column),
                    }
                }
            }
        }
        for (record, reasons) in &mut s.do_not_approach {
            x(record);
            for r in reasons {
                match r {
                    DnaReason::FailsCriterion { criterion } => x(criterion),
                    DnaReason::InSegment { family: f, segment: n, action: a } => {
                        family(f);
                        segment(n);
                        a.iter_mut().for_each(action);
                    }
                    DnaReason::NegativeValue => {}
                }
            }
        }
    }
    if let Some(g) = &mut r.rfm {
        for g in &mut g.groups {
            action(&mut g.action);
        }
    }
    if let Some(c) = &mut r.clv {
        c.top.iter_mut().for_each(|t| x(&mut t.0));
    }
    if let Some(a) = &mut r.allocate {
        x(&mut a.value);
        a.top.iter_mut().for_each(|t| x(&mut t.0));
    }
    if let Some(s) = &mut r.rightsize {
        x(&mut s.by);
        x(&mut s.value);
        if let Some(dates) = &mut s.dates {
            dates.iter_mut().for_each(x);
        }
        s.bands.iter_mut().for_each(|b| x(&mut b.label));
        for f in &mut s.findings {
            match f {
                RightsizeFinding::BiggerIsSlower { band, core, .. } => {
                    x(band);
                    x(core);
                }
                RightsizeFinding::CostEatsMargin { band, .. } => x(band),
            }
        }
    }
    if let Some(v) = &mut r.review {
        for d in &mut v.drift {
            x(&mut d.name);
            d.bins.iter_mut().filter_map(|b| b.0.as_mut()).for_each(bin);
        }
        v.unmatched.iter_mut().for_each(x);
        for m in &mut v.moved {
            x(&mut m.attribute);
            bin(&mut m.value);
        }
        if let Some(p) = &mut v.performance {
            p.tiers.iter_mut().for_each(|t| x(&mut t.tier));
        }
        for reason in &mut v.reasons {
            match reason {
                ReviewReason::Shifted { attribute, .. } => x(attribute),
                ReviewReason::LiftMoved { attribute, value, .. } => {
                    x(attribute);
                    bin(value);
                }
                _ => {}
            }
        }
        if let Some(f) = &mut v.fresh {
            for list in [
                &mut f.attributes_in,
                &mut f.attributes_out,
                &mut f.attributes_changed,
                &mut f.criteria_in,
                &mut f.criteria_out,
            ] {
                list.iter_mut().for_each(x);
            }
            f.old_tiers.iter_mut().chain(&mut f.new_tiers).for_each(x);
            f.tiers.iter_mut().for_each(|t| x(&mut t.0));
            for (account, old, new) in &mut f.movers {
                x(account);
                x(old);
                x(new);
            }
        }
    }
    if let Some(p) = &mut r.people {
        p.personas.iter_mut().flat_map(|p| &mut p.titles).for_each(x);
        if let Some(j) = &mut p.journey {
            j.stages.iter_mut().for_each(x);
            if let Some((step, ..)) = &mut j.golden_step {
                x(step);
            }
            if let Some((from, to, ..)) = &mut j.stall {
                x(from);
                x(to);
            }
        }
    }
    r
}

#[test]
fn no_english_catalog_text_in_japanese_pages() {
    let mut leaks = Vec::new();
    for report in variants() {
        let page = common::check(&render(&scrub(report), Lang::Ja)).unwrap();
        let visible = page.visible();
        let nodes: Vec<&str> =
            page.texts.iter().chain(&page.attribute_texts).map(|t| t.trim()).collect();
        for (field, text) in EN.entries() {
            if SAME_IN_BOTH.contains(&field) {
                continue;
            }
            for fragment in fragments(text) {
                // Short pieces ("#", "no", ").") are leaks when they stand alone; others anywhere.
                let leaked = if fragment.chars().count() < 4 {
                    nodes.contains(&fragment.as_str())
                } else {
                    visible.contains(&fragment)
                };
                if leaked {
                    leaks.push(format!("{field}: {fragment:?}"));
                }
            }
        }
    }
    leaks.dedup();
    assert!(leaks.is_empty(), "English catalog texts in a Japanese page:\n{}", leaks.join("\n"));
}

#[test]
fn japanese_page_has_no_english_of_its_own() {
    // Once the data's texts are gone, no English word is left: only names that read the same.
    // The settings a leak warning tells people to write (`analyse = false`, `leak = false` in
    // icp.toml) are written as they are in the file.
    let names = [
        "icp", "ICP", "AUC", "KS", "IV", "ROC", "RFM", "CLV", "BG", "NBD", "Gamma", "toml",
        "analyse", "false", "leak", "true", "PSI",
    ];
    for report in variants() {
        let page = common::check(&render(&scrub(report), Lang::Ja)).unwrap();
        for text in page.texts.iter().chain(&page.attribute_texts) {
            let english: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 1 && !names.contains(w))
                .collect();
            assert!(english.is_empty(), "English {english:?} in the Japanese page: {text:?}");
        }
    }
}

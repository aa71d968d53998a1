//! The page's languages: typed message catalogs, one field per text, so a missing Japanese
//! text is a compile error. Texts with `{0}`, `{1}`… are filled by [`fill`]; word order is the
//! catalog's business. Texts a person wrote that come inside the report's data (names, values,
//! rules, actions from icp.toml) are shown as they are; the phrases icp itself writes there are
//! typed values ([`crate::phrase`]) that the catalog words, and the few fixed words of the
//! profile (strengths, criterion kinds, the special tiers) are translated by [`Messages`].

use crate::format;

/// The page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, in a fixed order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    /// The language of a locale such as `ja_JP.UTF-8`, `ja-JP`, `ja` or `Japanese_Japan.932`;
    /// English for anything else.
    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.trim().to_ascii_lowercase();
        let primary = l.split(['_', '-', '.', '@']).next().unwrap_or("");
        if primary == "ja" || primary == "jp" || primary == "japanese" {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    /// The BCP 47 code for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language's catalog.
    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        }
    }
}

/// Fills `{0}`, `{1}`… in a catalog text.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}').and_then(|end| Some((end, after[..end].parse::<usize>().ok()?))) {
            Some((end, i)) => {
                out.push_str(args.get(i).copied().unwrap_or(""));
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The literal pieces of a catalog text, placeholders removed (for the tests).
pub fn fragments(template: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = template;
    loop {
        match rest.find('{').filter(|&s| rest[s + 1..].find('}').is_some()) {
            Some(start) => {
                let end = start + 1 + rest[start + 1..].find('}').expect("checked");
                parts.push(rest[..start].to_string());
                rest = &rest[end + 1..];
            }
            None => {
                parts.push(rest.to_string());
                break;
            }
        }
    }
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Catalog fields whose Japanese text is the English one on purpose (abbreviations read the
/// same in both languages).
pub const SAME_IN_BOTH: &[&str] = &["col_ks"];

macro_rules! catalog {
    ($($(#[doc = $doc:literal])+ $field:ident,)*) => {
        /// Every text of the page in one language.
        #[derive(Debug)]
        pub struct Messages {
            $($(#[doc = $doc])+ pub $field: &'static str,)*
            /// Compact amounts (`12.3K` / `1.2万`).
            pub compact: fn(f64) -> String,
            /// The catalog's language.
            pub lang: Lang,
        }

        impl Messages {
            /// Every text as (field name, text), in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)*]
            }
        }
    };
}

catalog! {
    /// The page's title.
    report_title,
    /// "Generated {0} by icp {1}".
    generated,
    /// The table of contents.
    contents,
    /// Shown when no section has data.
    nothing_to_report,
    /// The footer ({0}: version).
    footer,
    /// Rows of a long list left out ({0}: how many).
    more_not_shown,
    /// Yes.
    yes,
    /// No.
    no,

    /// Section 1.
    golden_title,
    /// What golden means.
    golden_intro,
    /// The rule's label.
    golden_rule,
    /// {0} golden of {1} accounts, {2} share.
    golden_count,
    /// The value measure's label.
    value_measure,
    /// The top list's heading.
    top_golden,
    /// Rank column.
    col_rank,
    /// Customer column.
    col_customer,
    /// Value column.
    col_value,
    /// Why-golden column.
    col_why,

    /// Section 2.
    evidence_title,
    /// How to read lift.
    evidence_intro,
    /// No reliable signal: heading.
    no_signal_title,
    /// No reliable signal: explanation.
    no_signal_text,
    /// Too few golden customers.
    tentative_text,
    /// Leak warnings: heading.
    leak_title,
    /// Leak warnings: explanation.
    leak_intro,
    /// Marks a leak left out of the profile.
    leak_excluded,
    /// Notes: heading.
    notes_title,
    /// The summary lift chart's caption.
    chart_lift_title,
    /// The per-attribute lift charts' heading.
    key_bins_title,
    /// The attribute table's heading.
    attributes_title,
    /// Attribute column.
    col_attribute,
    /// Information value column.
    col_iv,
    /// Strength column.
    col_strength,
    /// q-value column.
    col_q,
    /// Key attribute column.
    col_key,
    /// Leak column.
    col_leak,
    /// Lift axis.
    axis_lift,
    /// The interval's legend.
    legend_interval,
    /// Strength "useless".
    strength_useless,
    /// Strength "weak".
    strength_weak,
    /// Strength "medium".
    strength_medium,
    /// Strength "strong".
    strength_strong,
    /// Strength "suspicious".
    strength_suspicious,

    /// Section 3.
    profile_title,
    /// How to use the template.
    profile_intro,
    /// Tentative badge.
    tentative_badge,
    /// The AUC reached while choosing attributes (not the proof's).
    selection_auc,
    /// The profile's cross-validated AUC, selection inside the folds ({0} folds).
    nested_cv_auc,
    /// Criteria heading.
    criteria_title,
    /// No criteria.
    no_criteria,
    /// Criterion kind "require".
    criterion_require,
    /// Criterion kind "disqualify".
    criterion_disqualify,
    /// Kind column.
    col_kind,
    /// Rule column.
    col_rule,
    /// Reason column.
    col_reason,
    /// Points heading.
    points_title,
    /// Bin column.
    col_bin,
    /// Points column.
    col_points,
    /// Missing or unseen values.
    missing_value,
    /// Tiers heading.
    tiers_title,
    /// Tier column.
    col_tier,
    /// Minimum score column.
    col_min_score,
    /// Action column.
    col_action,

    /// Section 4.
    proof_title,
    /// How the proof works.
    proof_intro,
    /// Design, accounts tested, golden.
    proof_design,
    /// Method column.
    col_method,
    /// AUC column.
    col_auc,
    /// KS column.
    col_ks,
    /// Lift in the top 10%.
    col_lift10,
    /// Capture in the top 10%.
    col_capture10,
    /// Lift in the top 20%.
    col_lift20,
    /// Capture in the top 20%.
    col_capture20,
    /// Brier column.
    col_brier,
    /// Method "ICP profile".
    method_profile,
    /// Method "bigger is better ({0})".
    method_bigger,
    /// Method "best single attribute".
    method_best_single,
    /// Method "logistic regression (all columns)".
    method_logistic,
    /// Method "random".
    method_random,
    /// The profile stands below the logistic regression: {0} profile AUC, {1} baseline, {2} gap.
    warning_below_baseline,
    /// A lower tier converts more: {0} lower tier, {1} its rate, {2} higher tier, {3} its rate.
    warning_tiers_out_of_order,
    /// Gains chart caption.
    chart_gains_title,
    /// Gains x axis.
    axis_contacted,
    /// Gains y axis.
    axis_captured,
    /// ROC caption.
    chart_roc_title,
    /// ROC x axis.
    axis_fpr,
    /// ROC y axis.
    axis_tpr,
    /// Conversion chart caption.
    chart_conversion_title,
    /// Golden rate (axis and column).
    golden_rate,
    /// The base rate's legend.
    legend_base_rate,

    /// Section 5.
    scored_title,
    /// What scoring gave.
    scored_intro,
    /// Tier distribution caption.
    chart_tiers_title,
    /// Accounts (axis and column).
    accounts,
    /// Golden accounts column.
    col_golden,
    /// Tier "insufficient data".
    tier_insufficient,
    /// Tier "disqualified".
    tier_disqualified,
    /// Top accounts heading.
    top_scored_title,
    /// Score column.
    col_score,
    /// Reasons column.
    col_reasons,

    /// Section 6.
    segments_title,
    /// How to read segments.
    segments_intro,
    /// Segment column.
    col_segment,
    /// Share column.
    col_share,
    /// Value share column.
    col_value_share,
    /// Golden share column.
    col_golden_share,
    /// Mean score column.
    col_mean_score,
    /// Distinctions column.
    col_sets_apart,
    /// A segment without an action.
    no_action,
    /// An action icp suggested.
    suggested,
    /// Segment chart caption.
    chart_segments_title,
    /// Share of records legend.
    legend_records,
    /// Share of value legend.
    legend_value,
    /// Do-not-approach heading.
    dna_title,
    /// Do-not-approach count ({0}).
    dna_intro,
    /// An empty do-not-approach list.
    dna_empty,
    /// Record column.
    col_record,

    /// Section 7a.
    rfm_title,
    /// Customers and orders ({0}, {1}).
    rfm_intro,
    /// RFM chart caption.
    chart_rfm_title,
    /// Group column.
    col_group,
    /// Customers column.
    col_customers,
    /// Share of customers legend.
    share_of_customers,
    /// Share of spend legend and column.
    share_of_spend,
    /// Approach column.
    col_approach,

    /// Section 7b.
    clv_title,
    /// Horizon and models ({0}: months).
    clv_intro,
    /// Repeat customers.
    clv_repeat,
    /// Expected purchases.
    clv_expected_purchases,
    /// Total CLV.
    clv_total,
    /// Parameters heading.
    clv_params,
    /// Parameter column.
    col_parameter,
    /// BG/NBD model name.
    model_bgnbd,
    /// Gamma-Gamma model name.
    model_gamma_gamma,
    /// Top customers heading.
    clv_top,
    /// CLV column.
    col_clv,
    /// P(alive) column.
    col_p_alive,

    /// A discovery note: too few golden customers ({0}).
    note_few_golden,
    /// A discovery note: no reliable signal.
    note_no_signal,
    /// A discovery note: an attribute dropped as collinear ({0}).
    note_collinear,
    /// A leak left out of the profile: the attribute ({0}) and its evidence ({1}).
    leak_left_out,
    /// A leak flagged and kept: the attribute ({0}) and its evidence ({1}).
    leak_flagged,
    /// Between two pieces of leak evidence.
    leak_evidence_separator,
    /// Leak evidence: the name says an outcome ({0}: the word).
    leak_outcome_name,
    /// Leak evidence: the name says a state kept up to date ({0}: the word).
    leak_updated_name,
    /// Leak evidence: the name says a measure of the contact itself ({0}: the words).
    leak_contact_measure_name,
    /// Leak evidence: {0}% of its dates fall after {1}'s, of {2} rows with both.
    leak_after_outcome,
    /// Leak evidence: filled in for {0}% of golden accounts and {1}% of the others.
    leak_filled_by_outcome,
    /// Leak evidence: a value ({0}) holds {1}% golden accounts and half of all golden ones.
    leak_value,
    /// Leak evidence: near-perfect separation (information value {0}).
    leak_near_perfect,
    /// Leak evidence: strong separation (information value {0}).
    leak_strong,
    /// Leak evidence: a value ({0}) only golden accounts have ({1} rows).
    leak_golden_only,
    /// Leak evidence: icp.toml says `leak = true`.
    leak_marked,
    /// The bin of missing values.
    bin_missing,
    /// The merged bin of rare values when they are not known (older profiles).
    bin_other,
    /// The merged bin of one rare value ({0}).
    bin_other_one,
    /// The merged bin of {0} rare values, the first named ({1}).
    bin_other_many,
    /// The proof's design: {0}-fold cross-validation.
    design_folds,
    /// The proof's design: a time split on column {0}.
    design_time_split,
    /// The proof's design: {0}-fold cross-validation inside a warehouse, on aggregates.
    design_hashed_folds,
    /// Family: rule segments.
    family_rule,
    /// Family: clusters.
    family_clusters,
    /// Family: geographic, by column {0}.
    family_geographic,
    /// Family: demographic, by column {0}.
    family_demographic,
    /// Family: psychographic, by column {0}.
    family_psychographic,
    /// Family: purchase status.
    family_purchase_status,
    /// Family: attitude.
    family_attitude,
    /// Family: engagement.
    family_engagement,
    /// Segment: cluster number {0}.
    segment_cluster,
    /// Segment: flag column {0} with value {1} (yes/no).
    segment_flag,
    /// Segment: band {1} of number column {0}, range {2}.
    segment_band,
    /// Band: lowest quarter.
    band_low,
    /// Band: second quarter.
    band_lower_middle,
    /// Band: third quarter.
    band_upper_middle,
    /// Band: highest quarter.
    band_high,
    /// Purchase status: prospect.
    status_prospect,
    /// Purchase status: new.
    status_new,
    /// Purchase status: repeat.
    status_repeat,
    /// Attitude: enthusiastic.
    attitude_enthusiastic,
    /// Attitude: positive.
    attitude_positive,
    /// Attitude: indifferent.
    attitude_indifferent,
    /// Attitude: negative.
    attitude_negative,
    /// Attitude: hostile.
    attitude_hostile,
    /// Engagement stage: not started.
    stage_not_started,
    /// Engagement stage: started.
    stage_started,
    /// Engagement stage: more than halfway.
    stage_more_than_halfway,
    /// Engagement stage: completed.
    stage_completed,
    /// Segment: engagement stage {0}, {1} of {2} steps done.
    segment_engagement,
    /// Segment: no engagement steps defined.
    segment_no_steps,
    /// Distinction: column {0} is {1} for {2}% of the segment, {3}% overall.
    distinction_level,
    /// Distinction: column {0} has a higher mean ({1} vs {2}).
    distinction_higher,
    /// Distinction: column {0} has a lower mean ({1} vs {2}).
    distinction_lower,
    /// Do-not-approach reason: fails a hard criterion ({0}).
    dna_fails_criterion,
    /// Do-not-approach reason: in segment {1} of family {0}, whose action is {2}.
    dna_in_segment,
    /// Do-not-approach reason: in segment {1} of family {0}, marked not to approach.
    dna_in_segment_marked,
    /// Do-not-approach reason: negative value after the cost to serve.
    dna_negative_value,
    /// Between do-not-approach reasons.
    dna_separator,
    /// Score reason: attribute {0} in bin {1} scored {2} points from neutral.
    reason_points,
    /// Score reason: attribute {0}'s value {1} was not seen when learning; it scored {2}.
    reason_unseen,
    /// Score reason: attribute {0}'s value falls outside every bin; it scored {1}.
    reason_outside_bins,
    /// Score reason: the points of a value scored as neutral.
    reason_neutral,
    /// Score reason: fails a hard criterion ({0}).
    reason_disqualified,
    /// Score reason: too much missing to score (the attributes, {0}).
    reason_insufficient,
    /// Between the items of a list inside a sentence.
    list_separator,
    /// Play for prospects.
    play_qualify,
    /// Play for new customers.
    play_onboard_then_expand,
    /// Play for repeat customers.
    play_retain,
    /// Play for the enthusiastic.
    play_ask_for_referrals,
    /// Play for the positive.
    play_nurture_toward_advocacy,
    /// Play for the indifferent.
    play_re_engage,
    /// Play for the negative.
    play_fix_first,
    /// Play for the hostile.
    play_hand_to_customer_success,
    /// Play for engagement not started.
    play_onboarding_outreach,
    /// Play for engagement started.
    play_help_next_step,
    /// Play for engagement more than halfway.
    play_nudge_to_complete,
    /// Play for engagement completed.
    play_expand,
    /// Suggested play: invest.
    play_invest,
    /// Suggested play: nurture.
    play_nurture,
    /// Suggested play: automate.
    play_automate,
    /// Suggested play: do not approach.
    play_spend_elsewhere,
    /// Tier play: hand to sales now.
    play_hand_to_sales,
    /// Tier play: nurture, then hand to sales.
    play_nurture_then_sales,
    /// Tier play: automated nurture.
    play_automated_nurture,
    /// Tier play: do not chase.
    play_do_not_chase,
    /// RFM group: Champions.
    rfm_champions,
    /// RFM group: Loyal.
    rfm_loyal,
    /// RFM group: Potential loyalist.
    rfm_potential_loyalist,
    /// RFM group: New.
    rfm_new,
    /// RFM group: Promising.
    rfm_promising,
    /// RFM group: Need attention.
    rfm_need_attention,
    /// RFM group: About to sleep.
    rfm_about_to_sleep,
    /// RFM group: At risk.
    rfm_at_risk,
    /// RFM group: Can't lose them.
    rfm_cant_lose_them,
    /// RFM group: Hibernating.
    rfm_hibernating,
    /// RFM group: Lost.
    rfm_lost,
    /// RFM action: Champions.
    rfm_action_champions,
    /// RFM action: Loyal.
    rfm_action_loyal,
    /// RFM action: Potential loyalist.
    rfm_action_potential_loyalist,
    /// RFM action: New.
    rfm_action_new,
    /// RFM action: Promising.
    rfm_action_promising,
    /// RFM action: Need attention.
    rfm_action_need_attention,
    /// RFM action: About to sleep.
    rfm_action_about_to_sleep,
    /// RFM action: At risk.
    rfm_action_at_risk,
    /// RFM action: Can't lose them.
    rfm_action_cant_lose_them,
    /// RFM action: Hibernating.
    rfm_action_hibernating,
    /// RFM action: Lost.
    rfm_action_lost,
    /// Section title.
    review_title,
    /// {0}: accounts learned from, {1}: new accounts, {2}: date.
    review_intro,
    /// Drift sub-heading.
    review_drift_title,
    /// Drift explanation.
    review_drift_intro,
    /// Column: PSI.
    col_psi,
    /// Column: noise limit.
    col_noise_limit,
    /// Column: drift band.
    col_band,
    /// Band: stable.
    band_stable,
    /// Band: watch.
    band_watch,
    /// Band: shifted.
    band_shifted,
    /// The score's row in the drift table.
    review_score_row,
    /// A PSI that could not be measured.
    review_not_measured,
    /// {0}: attributes.
    review_unmatched,
    /// Evidence sub-heading.
    review_evidence_title,
    /// {0} then, {1} now, {2}–{3} interval.
    review_golden_rate,
    /// No moved bins.
    review_evidence_none,
    /// Column: lift then.
    col_lift_then,
    /// Column: lift now.
    col_lift_now,
    /// No outcomes.
    review_no_outcomes,
    /// Performance sub-heading.
    review_performance_title,
    /// {0} outcomes, {1} AUC, {2}–{3} interval, {4} AUC then.
    review_auc,
    /// {0} lift, {1}–{2} interval.
    review_lift_top20,
    /// Column.
    col_rate_now,
    /// Column.
    col_rate_learned,
    /// Recommendation sub-heading.
    review_recommendation_title,
    /// Keep.
    action_keep,
    /// Adjust.
    action_adjust,
    /// Rebuild.
    action_rebuild,
    /// {0} attribute, {1} PSI.
    reason_shifted,
    /// {0} attribute {1} value {2} then {3} now {4}-{5} interval.
    reason_lift_moved,
    /// {0} then {1} now.
    reason_golden_rate,
    /// {0} then {1} now.
    reason_auc_fell,
    /// Nothing moved.
    reason_stable,
    /// {0}: date.
    review_next,
    /// Fresh profile sub-heading.
    review_fresh_title,
    /// {0}: accounts learned from; {1}: new accounts with outcomes.
    review_fresh_sample,
    /// Follows the sample sentence (English starts with a space). {0}: held-out accounts; {1}: fresh AUC; {2}: its interval; {3}: current AUC; {4}: its interval.
    review_fresh_held_out,
    /// {0}: attributes.
    review_diff_in,
    /// {0}: attributes.
    review_diff_out,
    /// {0}: attributes.
    review_diff_changed,
    /// No differences.
    review_diff_none,
    /// Migration table caption.
    review_migration_title,
    /// Movers heading.
    review_movers,
    /// A bin of values never seen when learning.
    review_unseen,
    /// {0}: attribute.
    chart_review_shares,
    /// Legend: the learning data's share.
    share_when_learned,
    /// Legend: the new data's share.
    share_now,
    /// {0}: criteria.
    review_diff_criteria_in,
    /// {0}: criteria.
    review_diff_criteria_out,
    /// {0}: tier, {1}: old cut-off, {2}: new.
    review_diff_tier,

    /// Section: right-sizing.
    rightsize_title,
    /// {0}: the band column, {1}: what value means, {2}: start date column, {3}: close date column.
    rightsize_intro,
    /// Without dates: {0}: the band column, {1}: what value means.
    rightsize_intro_undated,
    /// {0}: core band, {1}: peak band.
    rightsize_core_peak,
    /// {0}: core band.
    rightsize_core,
    /// Size band column.
    col_size_band,
    /// Records column.
    col_records,
    /// Win rate column.
    col_win_rate,
    /// Net value of a won record column.
    col_net_value,
    /// Median days to close column.
    col_days_to_close,
    /// Net value per sales-day column.
    col_value_per_day,
    /// Right-sizing column: net value one customer-success seat carries.
    col_value_per_seat,
    /// Value received by a won record, and over its price, column.
    col_value_received,
    /// {0}: the band column.
    chart_rightsize,
    /// Legend of the core band's line.
    legend_core_band,
    /// {0}: band, {1}: value ratio, {2}: days ratio, {3}: per-day ratio, {4}: core band.
    rightsize_bigger_is_slower,
    /// {0}: band, {1}: share of the price.
    rightsize_cost_eats_margin,

    /// Section: customer-success allocation.
    allocate_title,
    /// {0}: what value means, {1}: seats, {2}: accounts per seat.
    allocate_intro,
    /// {0}: value at risk the seats carry, {1}: all value at risk, {2}: share.
    allocate_covered,
    /// Touch column.
    col_touch,
    /// High-touch.
    touch_high,
    /// Low-touch.
    touch_low,
    /// Tech-touch.
    touch_tech,
    /// {0}: customers held out, {1}: seats' accounts at the same share, {2}: value of those who left.
    allocate_proof,
    /// Ranked by value at risk.
    method_value_at_risk,
    /// Ranked by value alone.
    method_value_alone,
    /// Value covered column.
    col_value_covered,
    /// Customers who left column.
    col_left,
    /// The customers most at risk heading.
    allocate_top,
    /// Value at risk column.
    col_value_at_risk,
    /// Chance of leaving column.
    col_risk,

    /// Section: the people who decide.
    people_title,
    /// Heading: the decision chain.
    people_chain_heading,
    /// {0}: won deals, {1}: lost deals.
    people_chain_intro,
    /// {0}: won accounts, {1}: lost accounts (contacts tied to accounts: one observation
    /// per account).
    people_chain_intro_accounts,
    /// {0}: the typical chain, {1}: share of won deals, {2}: share of lost deals.
    people_typical,
    /// {0}: open deals lacking part of the chain.
    people_open_gaps,
    /// Participant column.
    col_participant,
    /// Share of won deals column.
    col_won_deals,
    /// Share of lost deals column.
    col_lost_deals,
    /// Share of won accounts column (the chain counted by account).
    col_won_accounts,
    /// Share of lost accounts column (the chain counted by account).
    col_lost_accounts,
    /// Lift of the win rate column.
    col_win_lift,
    /// Joins the typical chain's participants.
    people_and,
    /// Heading: personas.
    people_personas_heading,
    /// Persona column.
    col_persona,
    /// Contacts column.
    col_contacts,
    /// Typical titles column.
    col_titles,
    /// A persona sharing no role, seniority or department.
    persona_mixed,
    /// Heading: the customer journey.
    people_journey_heading,
    /// Stage column.
    col_stage,
    /// Golden accounts reaching the stage column.
    col_golden_reached,
    /// Other accounts reaching the stage column.
    col_other_reached,
    /// {0}: step, {1}: golden share, {2}: others' share.
    people_golden_step,
    /// {0}: stage, {1}: next stage, {2}: others' conversion, {3}: golden conversion.
    people_stall,
    /// {0}: median days.
    people_days,
}

/// English.
pub const EN: Messages = Messages {
    report_title: "Ideal customer profile report",
    generated: "Generated {0} by icp {1}",
    contents: "Contents",
    nothing_to_report: "There is nothing to report yet: run an analysis first.",
    footer: "Made with icp {0}. All figures are aggregates; no personal data is included.",
    more_not_shown: "{0} more not shown.",
    yes: "yes",
    no: "no",

    golden_title: "Who the golden customers are",
    golden_intro: "Golden customers are the accounts that meet the golden rule below. The rest of this report compares them with everyone else.",
    golden_rule: "Golden rule",
    golden_count: "{0} of {1} accounts are golden ({2}).",
    value_measure: "Value is measured by",
    top_golden: "Top golden customers by value",
    col_rank: "#",
    col_customer: "Customer",
    col_value: "Value",
    col_why: "Why golden",

    evidence_title: "What they share",
    evidence_intro: "Lift says how many times more often an account with this value is golden than the average account (1 = no difference). The whisker is the 95% interval: when it crosses 1, the difference is not convincing.",
    no_signal_title: "No reliable signal",
    no_signal_text: "After correcting for testing many attributes, no attribute reliably separates golden customers from the others. Do not target on these differences: collect more data or revisit the golden rule.",
    tentative_text: "Tentative: there are few golden customers, so treat these findings as hypotheses to check.",
    leak_title: "Possible leaks",
    leak_intro: "These attributes may have been recorded because an account became golden, not before. Check them before trusting them.",
    leak_excluded: "left out of the profile",
    notes_title: "Notes from the analysis",
    chart_lift_title: "Lift of the strongest value of each attribute, with its 95% interval",
    key_bins_title: "Key attributes, value by value",
    attributes_title: "All attributes, strongest first",
    col_attribute: "Attribute",
    col_iv: "Information value",
    col_strength: "Strength",
    col_q: "q-value",
    col_key: "Key",
    col_leak: "Leak warning",
    axis_lift: "Lift (1 = average)",
    legend_interval: "95% interval",
    strength_useless: "useless",
    strength_weak: "weak",
    strength_medium: "medium",
    strength_strong: "strong",
    strength_suspicious: "suspiciously strong",

    profile_title: "The ICP template",
    profile_intro: "Check the hard criteria first. Then add up the points of each attribute: the score runs from 0 to 100 and sets the tier.",
    tentative_badge: "Tentative",
    selection_auc: "AUC while choosing attributes (optimistic: the proof below re-learns everything in each fold)",
    nested_cv_auc: "Cross-validated AUC ({0} folds; bins, attributes and points re-learned in each fold, as the proof measures it)",
    criteria_title: "Hard criteria",
    no_criteria: "No hard criteria.",
    criterion_require: "Require",
    criterion_disqualify: "Disqualify",
    col_kind: "Kind",
    col_rule: "Rule",
    col_reason: "Reason",
    points_title: "Points",
    col_bin: "Bin",
    col_points: "Points",
    missing_value: "missing or unknown",
    tiers_title: "Tiers",
    col_tier: "Tier",
    col_min_score: "Score from",
    col_action: "Action",

    proof_title: "Proof",
    proof_intro: "The profile was rebuilt without the accounts it was then tested on, beside simple baselines. A useful profile sits well above the random line and above the baselines.",
    proof_design: "Design: {0}. {1} accounts tested, {2} of them golden.",
    col_method: "Method",
    col_auc: "AUC (95% interval)",
    col_ks: "KS",
    col_lift10: "Lift, top 10%",
    col_capture10: "Captured, top 10%",
    col_lift20: "Lift, top 20%",
    col_capture20: "Captured, top 20%",
    col_brier: "Brier score",
    method_profile: "ICP profile",
    method_bigger: "Bigger is better ({0})",
    method_best_single: "Best single attribute",
    method_logistic: "Logistic regression (all columns)",
    method_random: "Random",
    warning_below_baseline: "The profile's AUC ({0}) stands {2} below a logistic regression on every analysed column ({1}): its few key attributes leave signal unused",
    warning_tiers_out_of_order: "Tier {0} converts more than tier {2} beyond noise ({1} vs {3}): the tiers are not in order of golden rate on accounts the model did not learn from",
    chart_gains_title: "Gains: share of golden customers found when contacting the best-scored accounts first",
    axis_contacted: "Accounts contacted, best score first",
    axis_captured: "Golden customers found",
    chart_roc_title: "ROC curves",
    axis_fpr: "False positive rate",
    axis_tpr: "True positive rate",
    chart_conversion_title: "Golden rate per tier",
    golden_rate: "Golden rate",
    legend_base_rate: "average of all accounts",

    scored_title: "The scored list",
    scored_intro: "Every account has a score from 0 to 100, a tier and the reasons for both.",
    chart_tiers_title: "Accounts per tier",
    accounts: "Accounts",
    col_golden: "Golden",
    tier_insufficient: "Insufficient data",
    tier_disqualified: "Disqualified",
    top_scored_title: "Top accounts",
    col_score: "Score",
    col_reasons: "Reasons",

    segments_title: "Segments and actions",
    segments_intro: "Every segment carries an action. A segment without one needs a decision.",
    col_segment: "Segment",
    col_share: "Share",
    col_value_share: "Value share",
    col_golden_share: "Golden share",
    col_mean_score: "Mean score",
    col_sets_apart: "What sets it apart",
    no_action: "no action — decide or drop it",
    suggested: "suggested by icp",
    chart_segments_title: "Share of records and of value per segment",
    legend_records: "Share of records",
    legend_value: "Share of value",
    dna_title: "Do not approach",
    dna_intro: "{0} records are on the do-not-approach list. The first ones, with the reason:",
    dna_empty: "Nobody is on the do-not-approach list.",
    col_record: "Record",

    rfm_title: "RFM: recency, frequency and money",
    rfm_intro: "{0} customers and {1} orders after cleaning.",
    chart_rfm_title: "Customers and spend per group",
    col_group: "Group",
    col_customers: "Customers",
    share_of_customers: "Share of customers",
    share_of_spend: "Share of spend",
    col_approach: "Approach",

    clv_title: "Customer lifetime value",
    clv_intro: "Expected over the next {0} months: purchases from the BG/NBD model, spend from the Gamma-Gamma model.",
    clv_repeat: "Repeat customers",
    clv_expected_purchases: "Expected purchases",
    clv_total: "Total lifetime value",
    clv_params: "Model parameters",
    col_parameter: "Parameters",
    model_bgnbd: "BG/NBD (purchases)",
    model_gamma_gamma: "Gamma-Gamma (spend)",
    clv_top: "Highest lifetime value",
    col_clv: "Lifetime value",
    col_p_alive: "P(alive)",

    note_few_golden: "only {0} golden customers: treat the profile as a hypothesis; its intervals are wide and it will change as customers are added",
    note_no_signal: "no attribute separates golden customers from the others reliably (none survives the correction for testing many attributes): there is no reliable signal in this data, so no profile is proposed",
    note_collinear: "`{0}` was dropped: once the other key attributes are known it points the wrong way (collinear)",
    leak_left_out: "`{0}` is left out of the profile as probably recorded after the outcome: {1} (`leak = false` in icp.toml keeps it)",
    leak_flagged: "`{0}` may be recorded after the outcome: {1}; it is kept (`analyse = false` in icp.toml drops it, `leak = false` keeps it without this warning)",
    leak_evidence_separator: "; ",
    leak_outcome_name: "its name means an outcome (`{0}`)",
    leak_updated_name: "its name means a state kept up to date (`{0}`), which can include what happened after the outcome",
    leak_contact_measure_name: "its name means a measure of the contact itself (`{0}`), known only once the contact that decided the outcome happened",
    leak_after_outcome: "{0}% of its dates fall after `{1}` (of {2} rows with both)",
    leak_filled_by_outcome: "it is filled in for {0}% of golden accounts and {1}% of the others",
    leak_value: "value `{0}` holds {1}% golden accounts and half of all golden ones",
    leak_near_perfect: "it separates golden customers almost perfectly (information value {0})",
    leak_strong: "it separates golden customers strongly (information value {0})",
    leak_golden_only: "value `{0}` occurs only in golden accounts ({1} rows)",
    leak_marked: "icp.toml marks it `leak = true`",
    bin_missing: "missing",
    bin_other: "other",
    bin_other_one: "other (1 value: {0})",
    bin_other_many: "other ({0} values: {1})",
    design_folds: "{0}-fold stratified cross-validation; every fold re-learns bins, attributes and points",
    design_time_split: "time split on `{0}`: trained on the earliest 80%, tested on the latest 20%",
    design_hashed_folds: "{0}-fold cross-validation inside the warehouse, on aggregates only: each account's fold from a hash of its row; every fold re-learns attributes, points and tiers within the bins and candidate attributes chosen on all accounts",
    family_rule: "rule segment",
    family_clusters: "clusters",
    family_geographic: "geographic: {0}",
    family_demographic: "demographic: {0}",
    family_psychographic: "psychographic: {0}",
    family_purchase_status: "purchase status",
    family_attitude: "attitude",
    family_engagement: "engagement",
    segment_cluster: "cluster {0}",
    segment_flag: "{0}: {1}",
    segment_band: "{0} {1} ({2})",
    band_low: "low",
    band_lower_middle: "lower-middle",
    band_upper_middle: "upper-middle",
    band_high: "high",
    status_prospect: "prospect",
    status_new: "new",
    status_repeat: "repeat",
    attitude_enthusiastic: "enthusiastic",
    attitude_positive: "positive",
    attitude_indifferent: "indifferent",
    attitude_negative: "negative",
    attitude_hostile: "hostile",
    stage_not_started: "not started",
    stage_started: "started",
    stage_more_than_halfway: "more than halfway",
    stage_completed: "completed",
    segment_engagement: "{0} ({1} of {2} steps)",
    segment_no_steps: "no steps defined",
    distinction_level: "{0} is {1} ({2}% vs {3}% overall)",
    distinction_higher: "{0} higher (mean {1} vs {2} overall)",
    distinction_lower: "{0} lower (mean {1} vs {2} overall)",
    dna_fails_criterion: "fails a hard criterion: {0}",
    dna_in_segment: "in {0} `{1}`, whose action is: {2}",
    dna_in_segment_marked: "in {0} `{1}`, marked not to approach",
    dna_negative_value: "negative value after cost to serve",
    dna_separator: "; ",
    reason_points: "{0}: {1} ({2})",
    reason_unseen: "{0}: {1} not seen when the profile was learned ({2})",
    reason_outside_bins: "{0}: a value outside every bin ({1})",
    reason_neutral: "neutral",
    reason_disqualified: "disqualified: {0}",
    reason_insufficient: "insufficient data: missing {0}",
    list_separator: ", ",
    play_qualify: "qualify: fit first, then outreach",
    play_onboard_then_expand: "onboard well, then expand",
    play_retain: "retain, expand and ask for referrals",
    play_ask_for_referrals: "ask for referrals, reviews and case studies",
    play_nurture_toward_advocacy: "nurture toward advocacy",
    play_re_engage: "re-engage with proof of value",
    play_fix_first: "fix what went wrong before selling more",
    play_hand_to_customer_success: "do not approach for sales; hand to customer success",
    play_onboarding_outreach: "onboarding outreach",
    play_help_next_step: "help with the next step",
    play_nudge_to_complete: "nudge to complete",
    play_expand: "expand",
    play_invest: "invest: prioritise with sales and account-based plays",
    play_nurture: "nurture: marketing programmes, sales on signals",
    play_automate: "automate: low-touch, self-serve",
    play_spend_elsewhere: "do not approach: spend elsewhere",
    play_hand_to_sales: "hand to sales now",
    play_nurture_then_sales: "nurture, then hand to sales",
    play_automated_nurture: "automated nurture",
    play_do_not_chase: "do not chase",
    rfm_champions: "Champions",
    rfm_loyal: "Loyal",
    rfm_potential_loyalist: "Potential loyalist",
    rfm_new: "New",
    rfm_promising: "Promising",
    rfm_need_attention: "Need attention",
    rfm_about_to_sleep: "About to sleep",
    rfm_at_risk: "At risk",
    rfm_cant_lose_them: "Can't lose them",
    rfm_hibernating: "Hibernating",
    rfm_lost: "Lost",
    rfm_action_champions: "Reward them: early access, loyalty perks, a thank-you; ask for reviews and referrals. No discounts needed.",
    rfm_action_loyal: "Keep them close: loyalty programme, upsell higher-value products, ask for reviews.",
    rfm_action_potential_loyalist: "Turn them into regulars: membership or loyalty offer, recommendations based on what they bought.",
    rfm_action_new: "Onboard them: welcome series, make the first purchase a success, earn the second order.",
    rfm_action_promising: "Build the habit: show bestsellers and give a small incentive for the next order.",
    rfm_action_need_attention: "Re-engage them: limited-time offers and recommendations based on past purchases.",
    rfm_action_about_to_sleep: "Reconnect before they lapse: popular products and a modest, time-limited discount.",
    rfm_action_at_risk: "Win them back with a personal offer and a personal message; find out what changed.",
    rfm_action_cant_lose_them: "Win them back now: personal contact, your best offer, ask for feedback; do not lose them to a competitor.",
    rfm_action_hibernating: "Low-cost reactivation only: one relevant offer in a general campaign, then stop if they do not respond.",
    rfm_action_lost: "Do not approach and do not spend on them; at most include them in free, untargeted channels.",

    review_title: "The quarterly review",
    review_intro: "The profile learned from {0} accounts; reviewed on {1} new accounts on {2}.",
    review_drift_title: "Population drift",
    review_drift_intro: "PSI compares the new accounts' mix with the learning data's; the noise limit is the PSI sampling alone would give at these sizes. Only drift beyond it counts.",
    col_psi: "PSI",
    col_noise_limit: "Noise limit",
    col_band: "Verdict",
    band_stable: "stable",
    band_watch: "watch",
    band_shifted: "shifted",
    review_score_row: "The score",
    review_not_measured: "not measured",
    review_unmatched: "Not reviewed, as the new data no longer matches them: {0}",
    review_evidence_title: "Has the evidence moved?",
    review_golden_rate: "Golden rate: {0} when learned, {1} now (95% interval {2}).",
    review_evidence_none: "No value's lift changed beyond noise.",
    col_lift_then: "Lift then",
    col_lift_now: "Lift now (95% interval)",
    review_no_outcomes: "The new data has no outcomes: the evidence and the performance are not reviewed.",
    review_performance_title: "Is the profile still working?",
    review_auc: "AUC on {0} new outcomes: {1} (95% interval {2}); measured when made: {3}.",
    review_lift_top20: "Lift in the top 20%: {0}× ({1}).",
    col_rate_now: "Golden rate now (95% interval)",
    col_rate_learned: "On the learning data",
    review_recommendation_title: "Recommendation",
    action_keep: "Keep the profile.",
    action_adjust: "Adjust the profile.",
    action_rebuild: "Rebuild the profile on new data.",
    reason_shifted: "{0} shifted beyond noise (PSI {1}).",
    reason_lift_moved: "{0} = {1} used to convert at {2}×; it now converts at {3}× ({4}).",
    reason_golden_rate: "The golden rate changed beyond noise, from {0} to {1}.",
    reason_auc_fell: "The AUC fell beyond noise, from {0} to {1}.",
    reason_stable: "Nothing moved beyond noise.",
    review_next: "Next review: {0}.",
    review_fresh_title: "What a fresh profile would say",
    review_fresh_sample: "Learned on a sample of {0} of the {1} new accounts with outcomes.",
    review_fresh_held_out: " On {0} accounts it did not learn from, its AUC is {1} ({2}), against {3} ({4}) for the current profile.",
    review_diff_in: "Attributes in: {0}",
    review_diff_out: "Attributes out: {0}",
    review_diff_changed: "Bins or points changed: {0}",
    review_diff_none: "No differences in attributes, bins or points.",
    review_migration_title: "Tier migration of the new accounts (rows: now; columns: with the fresh profile)",
    review_movers: "Moving furthest",
    chart_review_shares: "{0}: share of accounts when learned and now",
    share_when_learned: "When learned",
    share_now: "Now",
    review_diff_criteria_in: "Hard criteria in: {0}",
    review_diff_criteria_out: "Hard criteria out: {0}",
    review_diff_tier: "Tier {0} starts at score {2} instead of {1}.",
    review_unseen: "values never seen when learning",
    rightsize_title: "Right-sizing: value against capacity",
    rightsize_intro: "By {0}: win rate, net value of a won record ({1}), days from {2} to {3}, and net value per sales-day (value won per day deals spend in flight), each with its 95% interval.",
    rightsize_intro_undated: "By {0}: win rate and net value of a won record ({1}), each with its 95% interval. Without start and close dates, days to close and value per sales-day are not measured.",
    rightsize_core_peak: "Core band (the most wins): {0}. Net value per sales-day peaks in {1}.",
    rightsize_core: "Core band (the most wins): {0}.",
    col_size_band: "Band",
    col_records: "Records",
    col_win_rate: "Win rate",
    col_net_value: "Net value per win",
    col_days_to_close: "Days to close (median)",
    col_value_per_day: "Net value per sales-day",
    col_value_per_seat: "Net value per CS seat",
    col_value_received: "Value received (× price)",
    chart_rightsize: "Net value per sales-day by {0}",
    legend_core_band: "Core band",
    rightsize_bigger_is_slower: "Accounts in {0} win {1}× the value but take {2}× the days to close: per sales-day they are worth {3}× your core band ({4})",
    rightsize_cost_eats_margin: "In {0} the cost to serve takes {1}% of the price",
    allocate_title: "Customer-success allocation",
    allocate_intro: "Customers ranked by value at risk — value ({0}) × the chance of not staying golden — so that {1} high-touch seats of {2} accounts each carry the most of it; the rest above the median go low-touch, the others tech-touch.",
    allocate_covered: "The seats carry {0} of {1} value at risk ({2}).",
    col_touch: "Touch",
    touch_high: "High-touch",
    touch_low: "Low-touch",
    touch_tech: "Tech-touch",
    allocate_proof: "On {0} customers held out from learning (the seats scaled to {1} accounts), the value of those who then left ({2} in all) that the seats would have covered:",
    method_value_at_risk: "By value at risk",
    method_value_alone: "By value alone",
    col_value_covered: "Value covered (95% interval)",
    col_left: "Customers who left",
    allocate_top: "Most value at risk",
    col_value_at_risk: "Value at risk",
    col_risk: "Chance of leaving",
    people_title: "The people who decide",
    people_chain_heading: "The decision chain",
    people_chain_intro: "Who takes part in {0} won and {1} lost deals: the participants found more or less often in won deals than chance explains (Benjamini–Hochberg q ≤ 0.05).",
    people_chain_intro_accounts: "Who takes part in {0} won and {1} lost accounts: contacts are tied to accounts, so each account with closed deals counts once (won when any of its deals was won), and the shares below are of accounts. The participants found more or less often in won accounts than chance explains (Benjamini–Hochberg q ≤ 0.05).",
    people_typical: "The typical chain of won deals: {0}, in {1} of won deals against {2} of lost ones.",
    people_open_gaps: "{0} open deals lack part of it: the decision chain's action list names each with whom to involve.",
    col_participant: "Participant",
    col_won_deals: "Won deals",
    col_lost_deals: "Lost deals",
    col_won_accounts: "Won accounts",
    col_lost_accounts: "Lost accounts",
    col_win_lift: "Win-rate lift (95%)",
    people_and: " plus ",
    people_personas_heading: "Personas",
    col_persona: "Persona",
    col_contacts: "Contacts",
    col_titles: "Typical titles",
    persona_mixed: "mixed contacts",
    people_journey_heading: "The customer journey",
    col_stage: "Stage",
    col_golden_reached: "Golden accounts reaching it",
    col_other_reached: "Other accounts reaching it",
    people_golden_step: "{1} of golden accounts took {0}, against {2} of the others.",
    people_stall: "The others stall between {0} and {1}: {2} of them go on, against {3} of golden accounts.",
    people_days: "median {0} days after the stage before",
    compact: format::compact_en,
    lang: Lang::En,
};

/// Japanese.
pub const JA: Messages = Messages {
    report_title: "理想顧客プロファイル（ICP）レポート",
    generated: "{0} 作成（icp {1}）",
    contents: "目次",
    nothing_to_report: "まだ表示できる内容がありません。先に分析を実行してください。",
    footer: "icp {0} で作成。数値はすべて集計値で、個人データは含みません。",
    more_not_shown: "ほか{0}件は省略しています。",
    yes: "はい",
    no: "いいえ",

    golden_title: "優良顧客は誰か",
    golden_intro: "優良顧客とは、下記のゴールデンルールを満たす顧客です。このレポートでは、優良顧客とそれ以外の顧客を比較します。",
    golden_rule: "ゴールデンルール",
    golden_count: "全{1}件のうち{0}件（{2}）が優良顧客です。",
    value_measure: "価値の指標：",
    top_golden: "価値の高い優良顧客",
    col_rank: "順位",
    col_customer: "顧客",
    col_value: "価値",
    col_why: "優良顧客である理由",

    evidence_title: "優良顧客の共通点",
    evidence_intro: "リフトは、その値を持つ顧客が平均的な顧客に比べて何倍優良顧客になりやすいかを示します（1 = 差なし）。ひげは95%区間で、1をまたぐ場合は確かな差とはいえません。",
    no_signal_title: "信頼できるシグナルはありません",
    no_signal_text: "多数の属性を検定したことを補正すると、優良顧客とそれ以外を確実に区別できる属性はありませんでした。これらの差でターゲティングせず、データを増やすか、ゴールデンルールを見直してください。",
    tentative_text: "暫定：優良顧客が少ないため、これらの結果は検証すべき仮説として扱ってください。",
    leak_title: "リークの可能性",
    leak_intro: "これらの属性は、優良顧客になる前ではなく、なった結果として記録された可能性があります。信頼する前に確認してください。",
    leak_excluded: "プロファイルから除外",
    notes_title: "分析メモ",
    chart_lift_title: "属性ごとに最も強い値のリフトと95%区間",
    key_bins_title: "主要属性の値ごとのリフト",
    attributes_title: "全属性（強い順）",
    col_attribute: "属性",
    col_iv: "情報量（IV）",
    col_strength: "強さ",
    col_q: "q値",
    col_key: "主要",
    col_leak: "リーク警告",
    axis_lift: "リフト（1 = 平均）",
    legend_interval: "95%区間",
    strength_useless: "効果なし",
    strength_weak: "弱い",
    strength_medium: "中程度",
    strength_strong: "強い",
    strength_suspicious: "強すぎる（要確認）",

    profile_title: "ICPテンプレート",
    profile_intro: "まず必須条件を確認し、次に各属性のポイントを合計します。スコアは0〜100で、スコアによってティアが決まります。",
    tentative_badge: "暫定",
    selection_auc: "属性選択時のAUC（楽観的な値です。下の検証は分割ごとにすべてを学習し直して測ります）",
    nested_cv_auc: "交差検証AUC（{0}分割。分割ごとに区分・属性・ポイントを学習し直す、検証と同じ測り方）",
    criteria_title: "必須条件",
    no_criteria: "必須条件はありません。",
    criterion_require: "必須",
    criterion_disqualify: "対象外",
    col_kind: "種類",
    col_rule: "ルール",
    col_reason: "理由",
    points_title: "ポイント表",
    col_bin: "区分",
    col_points: "ポイント",
    missing_value: "欠損・不明",
    tiers_title: "ティア",
    col_tier: "ティア",
    col_min_score: "スコア下限",
    col_action: "アクション",

    proof_title: "効果の検証",
    proof_intro: "プロファイルは、検証に使う顧客を除いて作り直し、単純なベースラインと並べて検証しました。有用なプロファイルは、ランダムの線とベースラインを大きく上回ります。",
    proof_design: "検証方法：{0}。検証した顧客 {1}件、うち優良顧客 {2}件。",
    col_method: "手法",
    col_auc: "AUC（95%区間）",
    col_ks: "KS",
    col_lift10: "上位10%のリフト",
    col_capture10: "上位10%の捕捉率",
    col_lift20: "上位20%のリフト",
    col_capture20: "上位20%の捕捉率",
    col_brier: "ブライアスコア",
    method_profile: "ICPプロファイル",
    method_bigger: "規模が大きいほど良い（{0}）",
    method_best_single: "最良の単一属性",
    method_logistic: "ロジスティック回帰（全列）",
    method_random: "ランダム",
    warning_below_baseline: "プロファイルのAUC（{0}）は、分析対象の全列を使うロジスティック回帰（{1}）より{2}低く、少数の主要属性では拾えていない情報があります",
    warning_tiers_out_of_order: "ティア{0}の成約率（{1}）がティア{2}（{3}）を誤差を超えて上回っています。学習に使っていない顧客で、ティアが成約率の順になっていません",
    chart_gains_title: "ゲイン：スコアの高い順に接触したときに見つかる優良顧客の割合",
    axis_contacted: "接触した顧客（スコアの高い順）",
    axis_captured: "見つかった優良顧客",
    chart_roc_title: "ROC曲線",
    axis_fpr: "偽陽性率",
    axis_tpr: "真陽性率",
    chart_conversion_title: "ティア別の優良顧客率",
    golden_rate: "優良顧客率",
    legend_base_rate: "全顧客の平均",

    scored_title: "スコアリング結果",
    scored_intro: "すべての顧客に0〜100のスコアとティア、その理由が付いています。",
    chart_tiers_title: "ティア別の顧客数",
    accounts: "顧客数",
    col_golden: "優良顧客",
    tier_insufficient: "データ不足",
    tier_disqualified: "対象外",
    top_scored_title: "スコア上位の顧客",
    col_score: "スコア",
    col_reasons: "根拠",

    segments_title: "セグメントとアクション",
    segments_intro: "各セグメントにはアクションがあります。アクションのないセグメントは判断が必要です。",
    col_segment: "セグメント",
    col_share: "構成比",
    col_value_share: "価値の構成比",
    col_golden_share: "優良顧客の割合",
    col_mean_score: "平均スコア",
    col_sets_apart: "特徴",
    no_action: "アクション未設定 — 決めるか削除してください",
    suggested: "icpの提案",
    chart_segments_title: "セグメント別の件数と価値の構成比",
    legend_records: "件数の構成比",
    legend_value: "価値の構成比",
    dna_title: "アプローチしない顧客",
    dna_intro: "アプローチしないリストには{0}件あります。先頭の一部と理由：",
    dna_empty: "アプローチしないリストに該当する顧客はいません。",
    col_record: "レコード",

    rfm_title: "RFM分析（最終購入・頻度・金額）",
    rfm_intro: "クリーニング後の顧客{0}人、注文{1}件。",
    chart_rfm_title: "グループ別の顧客数と購入金額",
    col_group: "グループ",
    col_customers: "顧客数",
    share_of_customers: "顧客数の構成比",
    share_of_spend: "購入金額の構成比",
    col_approach: "アプローチ",

    clv_title: "顧客生涯価値（CLV）",
    clv_intro: "今後{0}か月の予測です。購入回数はBG/NBDモデル、購入金額はGamma-Gammaモデルによります。",
    clv_repeat: "リピート顧客",
    clv_expected_purchases: "予測購入回数",
    clv_total: "生涯価値の合計",
    clv_params: "モデルのパラメータ",
    col_parameter: "パラメータ",
    model_bgnbd: "BG/NBD（購入回数）",
    model_gamma_gamma: "Gamma-Gamma（購入金額）",
    clv_top: "生涯価値の高い顧客",
    col_clv: "生涯価値",
    col_p_alive: "生存確率",

    note_few_golden: "優良顧客は{0}件しかありません。プロファイルは仮説として扱ってください。区間の幅は広く、顧客が増えれば変わります。",
    note_no_signal: "優良顧客とそれ以外を確実に分ける属性はありません（多数の属性を検定するための補正を通過したものがありません）。このデータには確かなシグナルがないため、プロファイルは提案しません。",
    note_collinear: "「{0}」は除外しました。他の主要な属性が分かっていると、逆向きに効いてしまうためです（共線性）。",
    leak_left_out: "「{0}」は結果の後に記録された可能性が高いため、プロファイルから除外しました：{1}（icp.toml で leak = false にすると残せます）。",
    leak_flagged: "「{0}」は結果の後に記録された可能性があります：{1}。プロファイルには残しています（icp.toml で analyse = false にすると除外、leak = false にするとこの警告なしで残せます）。",
    leak_evidence_separator: "、",
    leak_outcome_name: "列名が結果を表します（「{0}」）",
    leak_updated_name: "列名が随時更新される状態を表し（「{0}」）、結果の後の情報を含みえます",
    leak_contact_measure_name: "列名が接触そのものの計測値を表し（「{0}」）、結果を決めた接触が終わるまで分かりません",
    leak_after_outcome: "両方の日付がある{2}行のうち{0}%で、日付が「{1}」より後です",
    leak_filled_by_outcome: "値が入っているのは優良顧客の{0}%、その他の{1}%です",
    leak_value: "値「{0}」の顧客は{1}%が優良顧客で、優良顧客全体の半数を占めます",
    leak_near_perfect: "優良顧客をほぼ完全に分けています（情報量 {0}）",
    leak_strong: "優良顧客を強く分けています（情報量 {0}）",
    leak_golden_only: "値「{0}」は優良顧客にだけ現れます（{1}行）",
    leak_marked: "icp.toml で leak = true と指定されています",
    bin_missing: "欠損",
    bin_other: "その他",
    bin_other_one: "その他（1件：{0}）",
    bin_other_many: "その他（{0}件：{1}）",
    design_folds: "{0}分割の層化交差検証（分割ごとに区分・属性・ポイントを学習し直します）",
    design_time_split: "「{0}」による時系列分割（古い80%で学習し、新しい20%で検証）",
    design_hashed_folds: "データウェアハウス内での{0}分割交差検証（集計値のみ使用。分割は各顧客の行のハッシュで決定。区分と候補属性は全顧客で選び、分割ごとに属性・ポイント・ティアを学習し直します）",
    family_rule: "ルールセグメント",
    family_clusters: "クラスター",
    family_geographic: "地理：{0}",
    family_demographic: "デモグラフィック：{0}",
    family_psychographic: "サイコグラフィック：{0}",
    family_purchase_status: "購入状況",
    family_attitude: "態度",
    family_engagement: "エンゲージメント",
    segment_cluster: "クラスター{0}",
    segment_flag: "{0}：{1}",
    segment_band: "{0} {1}（{2}）",
    band_low: "低",
    band_lower_middle: "中低",
    band_upper_middle: "中高",
    band_high: "高",
    status_prospect: "見込み客",
    status_new: "新規",
    status_repeat: "リピート",
    attitude_enthusiastic: "熱心",
    attitude_positive: "好意的",
    attitude_indifferent: "無関心",
    attitude_negative: "否定的",
    attitude_hostile: "敵対的",
    stage_not_started: "未着手",
    stage_started: "着手",
    stage_more_than_halfway: "半分以上完了",
    stage_completed: "完了",
    segment_engagement: "{0}（{2}ステップ中{1}）",
    segment_no_steps: "ステップ未定義",
    distinction_level: "{0}が{1}（{2}%、全体では{3}%）",
    distinction_higher: "{0}が高い（平均 {1}、全体では {2}）",
    distinction_lower: "{0}が低い（平均 {1}、全体では {2}）",
    dna_fails_criterion: "必須条件を満たさない：{0}",
    dna_in_segment: "{0}「{1}」に属し、そのアクションは「{2}」",
    dna_in_segment_marked: "{0}「{1}」に属し、アプローチしない設定",
    dna_negative_value: "サービス提供コストを差し引くと価値がマイナス",
    dna_separator: "；",
    reason_points: "{0}：{1}（{2}）",
    reason_unseen: "{0}：{1}（学習時に未出現、{2}）",
    reason_outside_bins: "{0}：どの区分にも入らない値（{1}）",
    reason_neutral: "中立",
    reason_disqualified: "除外：{0}",
    reason_insufficient: "データ不足：{0}が欠損",
    list_separator: "、",
    play_qualify: "見極め：まず適合度を確認し、それからアプローチ",
    play_onboard_then_expand: "しっかり定着させてから拡大",
    play_retain: "維持・拡大し、紹介を依頼",
    play_ask_for_referrals: "紹介・レビュー・導入事例を依頼",
    play_nurture_toward_advocacy: "推奨者になるよう育成",
    play_re_engage: "価値の実証で再び関心を引く",
    play_fix_first: "追加で売る前に、うまくいかなかった点を直す",
    play_hand_to_customer_success: "営業目的ではアプローチしない。カスタマーサクセスに引き継ぐ",
    play_onboarding_outreach: "オンボーディングの働きかけ",
    play_help_next_step: "次のステップを支援",
    play_nudge_to_complete: "完了を後押し",
    play_expand: "拡大",
    play_invest: "投資：営業とアカウントベースの施策で優先",
    play_nurture: "育成：マーケティング施策、兆候が出たら営業",
    play_automate: "自動化：ロータッチ、セルフサービス",
    play_spend_elsewhere: "アプローチしない：予算は他に回す",
    play_hand_to_sales: "すぐに営業へ渡す",
    play_nurture_then_sales: "育成してから営業へ渡す",
    play_automated_nurture: "自動化された育成",
    play_do_not_chase: "追いかけない",
    rfm_champions: "チャンピオン",
    rfm_loyal: "ロイヤル顧客",
    rfm_potential_loyalist: "ロイヤル顧客候補",
    rfm_new: "新規顧客",
    rfm_promising: "有望顧客",
    rfm_need_attention: "要注意",
    rfm_about_to_sleep: "休眠予備軍",
    rfm_at_risk: "離反リスク",
    rfm_cant_lose_them: "失ってはならない顧客",
    rfm_hibernating: "休眠",
    rfm_lost: "離反",
    rfm_action_champions: "感謝を形に：先行アクセス、ロイヤルティ特典、お礼の言葉。レビューと紹介を依頼する。値引きは不要。",
    rfm_action_loyal: "関係を保つ：ロイヤルティプログラム、より高価値な商品のアップセル、レビューの依頼。",
    rfm_action_potential_loyalist: "常連にする：会員制度やロイヤルティ特典、購入履歴に基づくおすすめ。",
    rfm_action_new: "定着を支援：ウェルカムシリーズで初回購入を成功させ、2回目の注文につなげる。",
    rfm_action_promising: "習慣づける：人気商品を紹介し、次の注文に小さな特典を付ける。",
    rfm_action_need_attention: "再び関心を引く：期間限定オファーと過去の購入に基づくおすすめ。",
    rfm_action_about_to_sleep: "離れる前につなぎ直す：人気商品と控えめな期間限定割引。",
    rfm_action_at_risk: "個別のオファーとメッセージで呼び戻し、何が変わったのかを確かめる。",
    rfm_action_cant_lose_them: "今すぐ呼び戻す：個別に連絡し、最良のオファーを出し、意見を聞く。競合に奪われないようにする。",
    rfm_action_hibernating: "低コストの再活性化のみ：一般キャンペーンで関連するオファーを一度送り、反応がなければやめる。",
    rfm_action_lost: "アプローチせず、費用もかけない。含めるとしても無料の非ターゲット型チャネルまで。",

    review_title: "四半期レビュー",
    review_intro: "プロファイルは{0}件の取引先から学習されました。{2}に新しい{1}件の取引先で見直しました。",
    review_drift_title: "母集団の変化",
    review_drift_intro: "PSIは新しい取引先の構成を学習データと比べた指標です。ノイズ限界はこの件数で偶然だけから生じるPSIで、それを超えた変化だけを数えます。",
    col_psi: "PSI（安定性指数）",
    col_noise_limit: "ノイズ限界",
    col_band: "判定",
    band_stable: "安定",
    band_watch: "要注意",
    band_shifted: "変化あり",
    review_score_row: "スコア",
    review_not_measured: "測定できず",
    review_unmatched: "新しいデータと一致しないため見直せなかった属性: {0}",
    review_evidence_title: "根拠は変わったか",
    review_golden_rate: "ゴールデン率: 学習時 {0}、現在 {1}（95%区間 {2}）。",
    review_evidence_none: "ノイズを超えてリフトが変わった値はありません。",
    col_lift_then: "学習時のリフト",
    col_lift_now: "現在のリフト（95%区間）",
    review_no_outcomes: "新しいデータには成果がないため、根拠と性能は見直していません。",
    review_performance_title: "プロファイルはまだ機能しているか",
    review_auc: "新しい成果{0}件でのAUC: {1}（95%区間 {2}）。作成時の測定値: {3}。",
    review_lift_top20: "上位20%のリフト: {0}倍（{1}）。",
    col_rate_now: "現在のゴールデン率（95%区間）",
    col_rate_learned: "学習データでの率",
    review_recommendation_title: "推奨",
    action_keep: "プロファイルはそのまま使い続けてください。",
    action_adjust: "プロファイルを調整してください。",
    action_rebuild: "新しいデータでプロファイルを作り直してください。",
    reason_shifted: "{0}はノイズを超えて変化しました（PSI {1}）。",
    reason_lift_moved: "{0} = {1}の成約は以前{2}倍でしたが、現在は{3}倍（{4}）です。",
    reason_golden_rate: "ゴールデン率がノイズを超えて{0}から{1}に変わりました。",
    reason_auc_fell: "AUCがノイズを超えて{0}から{1}に下がりました。",
    reason_stable: "ノイズを超えて動いたものはありません。",
    review_next: "次回の見直し: {0}。",
    review_fresh_title: "新しく学習したプロファイルとの違い",
    review_fresh_sample: "結果の分かる新しい{1}件のうち、{0}件の標本から学習しました。",
    review_fresh_held_out: "学習に使っていない{0}件では、AUCは{1}（{2}）、現在のプロファイルは{3}（{4}）です。",
    review_diff_in: "加わる属性: {0}",
    review_diff_out: "外れる属性: {0}",
    review_diff_changed: "区分または点数が変わる属性: {0}",
    review_diff_none: "属性・区分・点数に違いはありません。",
    review_migration_title: "新しい取引先のティア移動（行: 現在のプロファイル、列: 新しいプロファイル）",
    review_movers: "最も大きく移動する取引先",
    chart_review_shares: "{0}: 学習時と現在の取引先の構成比",
    share_when_learned: "学習時",
    share_now: "現在",
    review_diff_criteria_in: "加わる必須条件: {0}",
    review_diff_criteria_out: "外れる必須条件: {0}",
    review_diff_tier: "ティア{0}の下限スコアは{1}から{2}に変わります。",
    review_unseen: "学習時になかった値",
    rightsize_title: "適正規模：価値と対応能力",
    rightsize_intro: "{0}の区分ごとに、成約率、受注1件の純価値（{1}）、{2}から{3}までの日数、営業日あたりの純価値（商談が進行中の1日あたりに得られる価値）を、それぞれ95%区間とともに示します。",
    rightsize_intro_undated: "{0}の区分ごとに、成約率と受注1件の純価値（{1}）を95%区間とともに示します。開始日と成約日がないため、成約までの日数と営業日あたりの価値は測っていません。",
    rightsize_core_peak: "中核の区分（受注が最も多い）：{0}。営業日あたりの純価値が最も高いのは{1}です。",
    rightsize_core: "中核の区分（受注が最も多い）：{0}。",
    col_size_band: "区分",
    col_records: "件数",
    col_win_rate: "成約率",
    col_net_value: "受注1件の純価値",
    col_days_to_close: "成約までの日数（中央値）",
    col_value_per_day: "営業日あたりの純価値",
    col_value_per_seat: "カスタマーサクセス1席あたりの純価値",
    col_value_received: "顧客が受け取る価値（価格の何倍か）",
    chart_rightsize: "{0}の区分別、営業日あたりの純価値",
    legend_core_band: "中核の区分",
    rightsize_bigger_is_slower: "{0}の取引先は受注価値が{1}倍ですが、成約までに{2}倍の日数がかかります。営業日あたりでは中核の区分（{4}）の{3}倍の価値です",
    rightsize_cost_eats_margin: "{0}では、提供コストが価格の{1}%を占めます",
    allocate_title: "カスタマーサクセスの配分",
    allocate_intro: "顧客を危険にさらされた価値（価値（{0}）×優良顧客にとどまらない確率）の順に並べ、{1}席（1席あたり{2}社）のハイタッチがその最大部分を担うよう配分します。残りのうち中央値を超える顧客はロータッチ、それ以外はテックタッチです。",
    allocate_covered: "ハイタッチの席が担う危険にさらされた価値は{1}のうち{0}（{2}）です。",
    col_touch: "対応",
    touch_high: "ハイタッチ",
    touch_low: "ロータッチ",
    touch_tech: "テックタッチ",
    allocate_proof: "学習に使っていない{0}社の顧客（席は同じ割合の{1}社に換算）で、実際に離れた顧客の価値（全体で{2}）のうち席が担えたはずの価値：",
    method_value_at_risk: "危険にさらされた価値の順",
    method_value_alone: "価値のみの順",
    col_value_covered: "担えた価値（95%区間）",
    col_left: "離れた顧客",
    allocate_top: "危険にさらされた価値が大きい顧客",
    col_value_at_risk: "危険にさらされた価値",
    col_risk: "離れる確率",
    people_title: "意思決定に関わる人",
    people_chain_heading: "意思決定の連鎖",
    people_chain_intro: "受注{0}件と失注{1}件の商談に誰が関わったか。受注した商談に偶然では説明できないほど多く（または少なく）現れる関与者を示します（多重比較を補正したq ≤ 0.05）。",
    people_chain_intro_accounts: "受注{0}社と失注{1}社に誰が関わったか。連絡先は取引先単位で紐づくため、成約・失注した商談のある取引先をそれぞれ1件と数え（いずれかの商談を受注していれば受注）、以下の割合も取引先の割合です。受注した取引先に偶然では説明できないほど多く（または少なく）現れる関与者を示します（多重比較を補正したq ≤ 0.05）。",
    people_typical: "受注商談の典型的な関与者：{0}。受注商談の{1}、失注商談の{2}にそろっています。",
    people_open_gaps: "進行中の商談{0}件にその一部が欠けています。意思決定の連鎖の対応リストに、商談ごとに巻き込むべき人を示します。",
    col_participant: "関与者",
    col_won_deals: "受注商談",
    col_lost_deals: "失注商談",
    col_won_accounts: "受注取引先",
    col_lost_accounts: "失注取引先",
    col_win_lift: "成約率のリフト（95%）",
    people_and: "と",
    people_personas_heading: "ペルソナ",
    col_persona: "ペルソナ",
    col_contacts: "担当者数",
    col_titles: "代表的な役職",
    persona_mixed: "さまざまな担当者",
    people_journey_heading: "カスタマージャーニー",
    col_stage: "段階",
    col_golden_reached: "到達したゴールデン顧客",
    col_other_reached: "到達したその他の顧客",
    people_golden_step: "ゴールデン顧客の{1}が{0}を経ています（その他は{2}）。",
    people_stall: "その他の顧客は{0}から{1}への間で止まります。次へ進むのは{2}で、ゴールデン顧客は{3}です。",
    people_days: "前の段階から中央値{0}日",
    compact: format::compact_ja,
    lang: Lang::Ja,
};

impl Messages {
    /// A strength word icp writes ("useless" … "suspicious"), translated; others as they are.
    pub fn strength<'a>(&self, s: &'a str) -> &'a str {
        match s {
            "useless" => self.strength_useless,
            "weak" => self.strength_weak,
            "medium" => self.strength_medium,
            "strong" => self.strength_strong,
            "suspicious" => self.strength_suspicious,
            other => other,
        }
    }

    /// A criterion kind ("require" / "disqualify"), translated; others as they are.
    pub fn criterion_kind<'a>(&self, s: &'a str) -> &'a str {
        match s {
            "require" => self.criterion_require,
            "disqualify" => self.criterion_disqualify,
            other => other,
        }
    }

    /// A tier name: icp's special tiers translated, the profile's own as they are.
    pub fn tier<'a>(&self, s: &'a str) -> &'a str {
        match s {
            "insufficient data" => self.tier_insufficient,
            "disqualified" => self.tier_disqualified,
            other => other,
        }
    }

    /// A compact amount.
    pub fn amount(&self, x: f64) -> String {
        (self.compact)(x)
    }

    /// A buying role key (`budget_holder`), named; others as they are.
    pub fn buying_role<'a>(&self, key: &'a str) -> &'a str {
        let (en, ja) = match key {
            "decision_maker" => ("decision maker", "意思決定者"),
            "budget_holder" => ("budget holder", "予算権限者"),
            "executive_sponsor" => ("executive sponsor", "エグゼクティブスポンサー"),
            "champion" => ("champion", "推進者"),
            "influencer" => ("influencer", "影響者"),
            "evaluator" => ("evaluator", "評価者"),
            "technical_buyer" => ("technical buyer", "技術的購買者"),
            "legal_compliance" => ("legal or compliance", "法務・コンプライアンス"),
            "end_user" => ("end user", "利用者"),
            "blocker" => ("blocker", "反対者"),
            "other" => ("other role", "その他の役割"),
            other => return other,
        };
        if self.lang == Lang::Ja { ja } else { en }
    }

    /// A seniority key (`director`), named; others as they are.
    pub fn seniority<'a>(&self, key: &'a str) -> &'a str {
        let (en, ja) = match key {
            "owner_c_level" => ("owner or C-level", "経営層"),
            "vp" => ("VP", "執行役員級"),
            "head" => ("head of", "本部長級"),
            "director" => ("director", "部長級"),
            "manager" => ("manager", "課長級"),
            "senior_ic" => ("senior individual contributor", "係長・主任級"),
            "ic" => ("individual contributor", "担当者"),
            "intern" => ("intern", "インターン"),
            other => return other,
        };
        if self.lang == Lang::Ja { ja } else { en }
    }

    /// A department key (`it_engineering`), named; others as they are.
    pub fn department<'a>(&self, key: &'a str) -> &'a str {
        let (en, ja) = match key {
            "executive" => ("executive office", "経営"),
            "it_engineering" => ("IT and engineering", "情報システム・開発"),
            "finance_accounting" => ("finance", "財務・経理"),
            "hr" => ("HR", "人事"),
            "sales" => ("sales", "営業"),
            "marketing" => ("marketing", "マーケティング"),
            "operations" => ("operations", "業務・総務"),
            "customer_success" => ("customer success", "カスタマーサクセス"),
            "legal" => ("legal", "法務"),
            "procurement" => ("procurement", "購買"),
            "product" => ("product", "製品"),
            "research" => ("research", "研究"),
            other => return other,
        };
        if self.lang == Lang::Ja { ja } else { en }
    }

    /// A decision-chain participant key (`role:champion`, `at_least:director`), in words.
    pub fn participant(&self, key: &str) -> String {
        let ja = self.lang == Lang::Ja;
        match key.split_once(':') {
            Some(("role", k)) => self.buying_role(k).to_owned(),
            Some(("seniority", k)) if ja => self.seniority(k).to_owned(),
            Some(("seniority", k)) => format!("{} level", self.seniority(k)),
            Some(("at_least", k)) if ja => format!("{}以上", self.seniority(k)),
            Some(("at_least", k)) => format!("{} level or above", self.seniority(k)),
            Some(("department", k)) if ja => format!("{}部門", self.department(k)),
            Some(("department", k)) => format!("someone from {}", self.department(k)),
            _ => key.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Lang::Ja);
        assert_eq!(Lang::from_locale("ja-JP"), Lang::Ja);
        assert_eq!(Lang::from_locale("ja"), Lang::Ja);
        assert_eq!(Lang::from_locale("Japanese_Japan.932"), Lang::Ja);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
        assert_eq!(Lang::Ja.code(), "ja");
    }

    #[test]
    fn fills_placeholders_in_any_order() {
        assert_eq!(fill("{1}件のうち{0}件", &["3", "10"]), "10件のうち3件");
        assert_eq!(fill("a {x} {0}", &["b"]), "a {x} b");
        assert_eq!(
            fragments("{0} of {1} accounts are golden ({2})."),
            ["of", "accounts are golden (", ")."]
        );
    }

    #[test]
    fn fixed_words_are_translated() {
        use crate::phrase::Method;
        let bigger = Method::Bigger { column: "employees".into() };
        assert_eq!(JA.method(&bigger), "規模が大きいほど良い（employees）");
        assert_eq!(EN.method(&Method::Random), "Random");
        assert_eq!(Method::Random.to_string(), "random");
        assert_eq!(JA.strength("strong"), "強い");
        assert_eq!(JA.tier("A"), "A");
        assert_eq!(JA.criterion_kind("disqualify"), "対象外");
    }
}

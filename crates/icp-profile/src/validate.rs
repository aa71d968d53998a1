//! Reading a profile and checking it: every problem names its line.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::criteria_key::{criteria_line, find_criteria};
use crate::model::{AttributeKind, Profile, SCHEMA_VERSION};

/// Why a profile cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProfileError {
    /// The file could not be read or written.
    #[error("{}: {source}", file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Not valid TOML, an unknown key, or a value of the wrong type.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Syntax {
        /// The file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Valid TOML that does not make a usable profile.
    #[error("{}:{line}: {message}", file.display())]
    Invalid {
        /// The file.
        file: PathBuf,
        /// 1-based line (0 when it cannot be pinned down).
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
}

/// The highest score, and the largest points any one value may carry.
const MAX_SCORE: f64 = 100.0;

/// The comment above a criterion icp suggested and left off.
pub const SUGGESTED_OFF: &str = "# Suggested by icp discover from the data and not applied: check it, then set\n# `enabled = true` to apply it.\n";

impl Profile {
    /// Reads and validates a profile file.
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| ProfileError::Io { file: path.to_owned(), source })?;
        Profile::parse(path, &text)
    }

    /// Parses and validates profile text (`path` is only for messages).
    pub fn parse(path: &Path, text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = toml::from_str(text).map_err(|e| {
            if let Some(message) = plain_string_criteria(text) {
                return ProfileError::Invalid {
                    file: path.to_owned(),
                    line: criteria_line(text),
                    message,
                };
            }
            let (line, column) = e.span().map_or((0, 0), |s| line_col(text, s.start));
            ProfileError::Syntax {
                file: path.to_owned(),
                line,
                column,
                message: e.message().to_owned(),
            }
        })?;
        profile.validate(path, text)?;
        Ok(profile)
    }

    /// The profile as TOML. A criterion icp suggested and left off gets a comment saying how
    /// to turn it on.
    pub fn to_toml(&self) -> String {
        let text = toml::to_string(self).expect("a profile always serialises");
        let mut out = String::with_capacity(text.len() + 128);
        let mut criterion = 0;
        for line in text.split_inclusive('\n') {
            if line.trim_end() == "[[criteria]]" {
                if self.criteria.get(criterion).is_some_and(|c| c.suggested && !c.enabled) {
                    out.push_str(SUGGESTED_OFF);
                }
                criterion += 1;
            }
            out.push_str(line);
        }
        out
    }

    fn validate_economics(
        &self,
        invalid: &dyn Fn(&str, String) -> ProfileError,
    ) -> Result<(), ProfileError> {
        let Some(e) = &self.economics else { return Ok(()) };
        let money = |x: f64| x.is_finite() && x >= 0.0;
        if !money(e.golden_value) || !e.bin_values.iter().all(|&v| money(v)) {
            return Err(invalid(
                "golden_value",
                "[economics]: the value of a golden account must be a number of zero or more"
                    .into(),
            ));
        }
        if !money(e.cost_to_work) || !e.cost_per_tier.values().all(|&c| money(c)) {
            return Err(invalid(
                "cost_to_work",
                "[economics]: the cost of working a record must be a number of zero or more".into(),
            ));
        }
        for tier in e.cost_per_tier.keys() {
            if !self.tiers.iter().any(|t| &t.name == tier) {
                return Err(invalid(
                    "[economics.cost_per_tier]",
                    format!("[economics.cost_per_tier]: there is no tier `{tier}`"),
                ));
            }
        }
        match &e.value_attribute {
            Some(name) => {
                let Some(a) = self.attributes.iter().find(|a| &a.name == name) else {
                    return Err(invalid(
                        "value_attribute",
                        format!("[economics] value_attribute: there is no attribute `{name}`"),
                    ));
                };
                if a.bins.len() != e.bin_values.len() {
                    return Err(invalid(
                        "bin_values",
                        format!(
                            "[economics] bin_values: attribute `{name}` has {} bins and bin_values has {} values",
                            a.bins.len(),
                            e.bin_values.len()
                        ),
                    ));
                }
            }
            None if !e.bin_values.is_empty() => {
                return Err(invalid(
                    "bin_values",
                    "[economics] bin_values needs value_attribute, the attribute whose bins they follow".into(),
                ));
            }
            None => {}
        }
        Ok(())
    }

    /// Tiers cut by expected value need `[economics]` and a `min_expected_value` on every
    /// tier, lower down the list; tiers cut by score carry none.
    fn validate_value_cuts(
        &self,
        invalid: &dyn Fn(&str, String) -> ProfileError,
    ) -> Result<(), ProfileError> {
        let by_value = self.scoring.tiers_by == crate::TiersBy::ExpectedValue;
        if by_value && self.economics.is_none() {
            return Err(invalid(
                "tiers_by",
                "[scoring] tiers_by = \"expected_value\" needs the profile's [economics] (set `price` under [economics] in icp.toml and run discover again)".into(),
            ));
        }
        for tier in &self.tiers {
            let at = format!("name = \"{}\"", tier.name);
            match tier.min_expected_value {
                Some(_) if !by_value => {
                    return Err(invalid(
                        &at,
                        format!(
                            "tier `{}`: min_expected_value applies when tiers are cut by expected value; add tiers_by = \"expected_value\" under [scoring], or remove it",
                            tier.name
                        ),
                    ));
                }
                Some(v) if !v.is_finite() => {
                    return Err(invalid(
                        &at,
                        format!("tier `{}`: min_expected_value must be a number", tier.name),
                    ));
                }
                None if by_value => {
                    return Err(invalid(
                        &at,
                        format!(
                            "tier `{}` needs min_expected_value: tiers are cut by expected value ([scoring] tiers_by)",
                            tier.name
                        ),
                    ));
                }
                _ => {}
            }
        }
        for pair in self.tiers.windows(2) {
            if let (Some(lower), Some(upper)) =
                (pair[1].min_expected_value, pair[0].min_expected_value)
                && lower >= upper
            {
                return Err(invalid(
                    &format!("name = \"{}\"", pair[1].name),
                    format!(
                        "tier `{}` must have a lower min_expected_value than `{}` before it (tiers are listed best first)",
                        pair[1].name, pair[0].name
                    ),
                ));
            }
        }
        Ok(())
    }

    fn validate(&self, path: &Path, text: &str) -> Result<(), ProfileError> {
        let invalid = |needle: &str, message: String| ProfileError::Invalid {
            file: path.to_owned(),
            line: find_line(text, needle),
            message,
        };
        if self.schema_version != SCHEMA_VERSION {
            return Err(invalid(
                "schema_version",
                format!(
                    "schema_version {} is not supported (this icp reads {SCHEMA_VERSION})",
                    self.schema_version
                ),
            ));
        }
        if self.tiers.is_empty() {
            return Err(invalid("[scoring]", "a profile needs at least one tier".into()));
        }
        self.validate_scoring(&invalid)?;
        self.validate_economics(&invalid)?;
        self.validate_value_cuts(&invalid)?;
        for pair in self.tiers.windows(2) {
            if pair[1].min_score >= pair[0].min_score {
                return Err(invalid(
                    &format!("name = \"{}\"", pair[1].name),
                    format!(
                        "tier `{}` must have a lower min_score than `{}` before it (tiers are listed best first)",
                        pair[1].name, pair[0].name
                    ),
                ));
            }
        }
        let mut names = HashSet::new();
        for attribute in &self.attributes {
            let at = format!("name = \"{}\"", attribute.name);
            if !names.insert(attribute.name.as_str()) {
                return Err(invalid(
                    &at,
                    format!("attribute `{}` is listed twice", attribute.name),
                ));
            }
            if attribute.bins.is_empty() {
                return Err(invalid(&at, format!("attribute `{}` has no bins", attribute.name)));
            }
            let finite = [attribute.missing_points, attribute.neutral_points]
                .into_iter()
                .chain(attribute.unseen_points)
                .chain(attribute.bins.iter().map(|b| b.points))
                .all(f64::is_finite);
            if !finite {
                return Err(invalid(
                    &at,
                    format!(
                        "attribute `{}` has points that are not finite numbers",
                        attribute.name
                    ),
                ));
            }
            match attribute.kind {
                AttributeKind::Tag if attribute.tag.is_none() => {
                    return Err(invalid(
                        &at,
                        format!(
                            "attribute `{}` is a tag attribute without `tag = \"...\"`",
                            attribute.name
                        ),
                    ));
                }
                AttributeKind::Age
                    if attribute
                        .reference_date
                        .as_deref()
                        .and_then(icp_frame::parse_iso_day)
                        .is_none() =>
                {
                    return Err(invalid(
                        &at,
                        format!(
                            "attribute `{}` needs `reference_date = \"YYYY-MM-DD\"`",
                            attribute.name
                        ),
                    ));
                }
                _ => {}
            }
            self.validate_bins(attribute, &invalid)?;
        }
        self.validate_score_range(&invalid)
    }

    /// The scoring table and the tiers: finite numbers, a share within 0–1, tier names that
    /// tell records apart.
    fn validate_scoring(
        &self,
        invalid: &dyn Fn(&str, String) -> ProfileError,
    ) -> Result<(), ProfileError> {
        let s = &self.scoring;
        for (key, value) in [("intercept", s.intercept), ("slope", s.slope)] {
            if !value.is_finite() {
                return Err(invalid(
                    &format!("{key} ="),
                    format!("[scoring] `{key}` must be a finite number"),
                ));
            }
        }
        if !(0.0..=1.0).contains(&s.insufficient_share) {
            return Err(invalid(
                "insufficient_share",
                format!(
                    "[scoring] `insufficient_share` is {}, but it is a share of the points range: use a number from 0 to 1 (0.5 marks a record insufficient when its missing attributes carry over half the points)",
                    s.insufficient_share
                ),
            ));
        }
        let mut names: HashSet<&str> = HashSet::new();
        for tier in &self.tiers {
            let at = format!("name = \"{}\"", tier.name);
            if !tier.min_score.is_finite() || !(0.0..=MAX_SCORE).contains(&tier.min_score) {
                return Err(invalid(
                    &at,
                    format!(
                        "tier `{}`: min_score must be a number from 0 to {MAX_SCORE} (scores are 0–100)",
                        tier.name
                    ),
                ));
            }
            if !names.insert(tier.name.as_str()) {
                return Err(invalid(
                    &at,
                    format!(
                        "tier `{}` is listed twice: every tier needs its own name, or records in the two cannot be told apart",
                        tier.name
                    ),
                ));
            }
        }
        for (key, name) in [
            ("insufficient_tier", &s.insufficient_tier),
            ("disqualified_tier", &s.disqualified_tier),
        ] {
            if names.contains(name.as_str()) {
                return Err(invalid(
                    key,
                    format!(
                        "[scoring] `{key}` is `{name}`, the name of a tier: give it a name of its own"
                    ),
                ));
            }
        }
        if s.insufficient_tier == s.disqualified_tier {
            return Err(invalid(
                "disqualified_tier",
                "[scoring] `insufficient_tier` and `disqualified_tier` need different names".into(),
            ));
        }
        Ok(())
    }

    /// Points stay sane and add up to a score from 0 to 100, as promised: the lowest and the
    /// highest total any record can reach (every value an attribute can score: its bins,
    /// missing, neutral and unseen points) must lie in 0–100.
    fn validate_score_range(
        &self,
        invalid: &dyn Fn(&str, String) -> ProfileError,
    ) -> Result<(), ProfileError> {
        let (mut lowest, mut highest) = (0.0, 0.0);
        for attribute in &self.attributes {
            let name = &attribute.name;
            let mut values = vec![
                ("missing_points", attribute.missing_points),
                ("neutral_points", attribute.neutral_points),
            ];
            values.extend(attribute.unseen_points.map(|p| ("unseen_points", p)));
            for (key, points) in &values {
                if points.abs() > MAX_SCORE {
                    return Err(invalid(
                        &format!("name = \"{name}\""),
                        format!(
                            "attribute `{name}`: `{key}` is {points}, outside -{MAX_SCORE} to {MAX_SCORE} (scores are 0–100)"
                        ),
                    ));
                }
            }
            for bin in &attribute.bins {
                if bin.points.abs() > MAX_SCORE {
                    return Err(invalid(
                        &format!("label = \"{}\"", bin.label),
                        format!(
                            "attribute `{name}`, bin `{}`: {} points is outside -{MAX_SCORE} to {MAX_SCORE} (scores are 0–100)",
                            bin.label, bin.points
                        ),
                    ));
                }
            }
            let all = values.iter().map(|v| v.1).chain(attribute.bins.iter().map(|b| b.points));
            lowest += all.clone().fold(f64::INFINITY, f64::min);
            highest += all.fold(f64::NEG_INFINITY, f64::max);
        }
        // icp rounds every bin to a tenth, so its own totals may miss 0 and 100 by a
        // twentieth per attribute.
        let slack = 0.05 * self.attributes.len() as f64 + 1e-9;
        if lowest < -slack || highest > MAX_SCORE + slack {
            let at = self
                .attributes
                .first()
                .map_or_else(|| "[scoring]".to_owned(), |a| format!("name = \"{}\"", a.name));
            return Err(invalid(
                &at,
                format!(
                    "the attributes' points add up to totals from {lowest:.1} to {highest:.1}, but scores are 0–100: lower the points so that the lowest total is at least 0 and the highest at most 100 (icp discover writes profiles that span exactly 0–100)"
                ),
            ));
        }
        Ok(())
    }

    fn validate_bins(
        &self,
        attribute: &crate::Attribute,
        invalid: &dyn Fn(&str, String) -> ProfileError,
    ) -> Result<(), ProfileError> {
        let name = &attribute.name;
        let wrong_matcher = |label: &str, expected: &str| {
            invalid(
                &format!("label = \"{label}\""),
                format!(
                    "attribute `{name}`, bin `{label}`: a {} attribute's bins need {expected}",
                    kind_name(attribute.kind)
                ),
            )
        };
        match attribute.kind {
            AttributeKind::Number | AttributeKind::Age => {
                let mut ranges = Vec::new();
                for bin in &attribute.bins {
                    if bin.levels.is_some() || bin.value.is_some() || bin.other.is_some() {
                        return Err(wrong_matcher(&bin.label, "`min` and/or `max`"));
                    }
                    let (lo, hi) =
                        (bin.min.unwrap_or(f64::NEG_INFINITY), bin.max.unwrap_or(f64::INFINITY));
                    if lo >= hi || lo.is_nan() || hi.is_nan() {
                        return Err(invalid(
                            &format!("label = \"{}\"", bin.label),
                            format!(
                                "attribute `{name}`, bin `{}`: min must be below max",
                                bin.label
                            ),
                        ));
                    }
                    ranges.push((lo, hi, &bin.label));
                }
                ranges.sort_by(|a, b| a.0.total_cmp(&b.0));
                for pair in ranges.windows(2) {
                    if pair[1].0 < pair[0].1 {
                        return Err(invalid(
                            &format!("label = \"{}\"", pair[1].2),
                            format!(
                                "attribute `{name}`: bins `{}` and `{}` overlap",
                                pair[0].2, pair[1].2
                            ),
                        ));
                    }
                }
            }
            AttributeKind::Categorical => {
                let mut seen = HashSet::new();
                let mut others = 0;
                for bin in &attribute.bins {
                    if bin.min.is_some() || bin.max.is_some() || bin.value.is_some() {
                        return Err(wrong_matcher(&bin.label, "`levels` or `other = true`"));
                    }
                    match (&bin.levels, bin.other) {
                        (Some(levels), _) => {
                            others += usize::from(bin.other == Some(true));
                            for level in levels {
                                if !seen.insert(level.as_str()) {
                                    return Err(invalid(
                                        &format!("label = \"{}\"", bin.label),
                                        format!(
                                            "attribute `{name}`: level `{level}` is in two bins"
                                        ),
                                    ));
                                }
                            }
                        }
                        (None, Some(true)) => others += 1,
                        _ => {
                            return Err(wrong_matcher(
                                &bin.label,
                                "`levels`, or `other = true` (with the merged `levels`)",
                            ));
                        }
                    }
                }
                if others > 1 {
                    return Err(invalid(
                        &format!("name = \"{name}\""),
                        format!("attribute `{name}` has more than one `other` bin"),
                    ));
                }
            }
            AttributeKind::Boolean | AttributeKind::Tag => {
                let mut seen = HashSet::new();
                for bin in &attribute.bins {
                    let Some(value) = bin.value else {
                        return Err(wrong_matcher(&bin.label, "`value = true` or `value = false`"));
                    };
                    if bin.min.is_some()
                        || bin.max.is_some()
                        || bin.levels.is_some()
                        || bin.other.is_some()
                        || !seen.insert(value)
                    {
                        return Err(wrong_matcher(&bin.label, "one `value` each"));
                    }
                }
            }
        }
        Ok(())
    }

    /// The tier a score falls in.
    pub fn tier_for(&self, score: f64) -> &str {
        self.tiers
            .iter()
            .find(|t| score >= t.min_score)
            .unwrap_or_else(|| self.tiers.last().expect("validated"))
            .name
            .as_str()
    }
}

fn kind_name(kind: AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Number => "number",
        AttributeKind::Categorical => "categorical",
        AttributeKind::Boolean => "boolean",
        AttributeKind::Tag => "tag",
        AttributeKind::Age => "age",
    }
}

/// When `criteria` is written as a list of plain rules (`criteria = ["契約月数 >= 1"]`), the
/// message that shows the form that works, with the first rule written in it. Plain strings
/// are not accepted because they do not say whether a record must match (`require`) or is
/// left out when it matches (`disqualify`).
fn plain_string_criteria(text: &str) -> Option<String> {
    let table: toml::Table = text.parse().ok()?;
    let items = find_criteria(&table, &[])?.as_array()?;
    let first = items.iter().find_map(toml::Value::as_str)?;
    let rule = toml::Value::String(first.to_owned());
    Some(format!(
        "`criteria` lists rules as plain strings, which do not say whether a record must \
         match or is left out when it matches; write each criterion as a table, e.g.\n\n\
         [[criteria]]\nkind = \"require\"  # or \"disqualify\"\nrule = {rule}\n"
    ))
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    )
}

fn find_line(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1)
}

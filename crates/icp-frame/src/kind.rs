use std::fmt;
use std::str::FromStr;

/// What a column means, as inferred from its values or declared in the project file.
///
/// The kind decides how a column is stored and analysed: numbers are binned, categorical
/// levels are compared, identifiers and free text are never used as attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A real number (thousands separators, currency signs and percent signs removed).
    Number,
    /// Yes/no, true/false, 1/0, はい/いいえ.
    Boolean,
    /// A calendar date.
    Date,
    /// A date with a time of day.
    DateTime,
    /// A small set of repeated labels.
    Categorical,
    /// Several labels in one cell, separated by `;`.
    Tags,
    /// Free text: many distinct values, not an identifier.
    Text,
    /// A key: (nearly) every value distinct.
    Identifier,
}

impl Kind {
    /// All kinds, in the order the project file documents them.
    pub const ALL: [Kind; 8] = [
        Kind::Number,
        Kind::Boolean,
        Kind::Date,
        Kind::DateTime,
        Kind::Categorical,
        Kind::Tags,
        Kind::Text,
        Kind::Identifier,
    ];

    /// The name used in `icp.toml` and in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::DateTime => "datetime",
            Kind::Categorical => "categorical",
            Kind::Tags => "tags",
            Kind::Text => "text",
            Kind::Identifier => "identifier",
        }
    }

    /// Whether values of this kind are stored as strings (dictionary or arena).
    pub fn is_textual(self) -> bool {
        matches!(self, Kind::Categorical | Kind::Tags | Kind::Text | Kind::Identifier)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            let names: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown kind `{s}`; expected one of {}", names.join(", "))
        })
    }
}

use crate::{Kind, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME};

/// One named, typed column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header as it appeared in the file (trimmed).
    pub name: String,
    /// What the column means.
    pub kind: Kind,
    /// The values.
    pub data: ColumnData,
}

/// Column storage. Every variant has a sentinel for "missing" so that no separate validity
/// mask is needed on the hot paths.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Numbers; `NaN` is missing (NaN in input is rejected by the readers).
    Number(Vec<f64>),
    /// 0 = false, 1 = true, [`MISSING_BOOL`] = missing.
    Bool(Vec<u8>),
    /// Days since 1970-01-01; [`MISSING_DATE`] = missing.
    Date(Vec<i32>),
    /// Seconds since 1970-01-01T00:00:00; [`MISSING_DATETIME`] = missing.
    DateTime(Vec<i64>),
    /// Dictionary-encoded labels; [`MISSING_CODE`] = missing.
    Cat {
        /// One code per row, indexing `levels`.
        codes: Vec<u32>,
        /// The distinct labels, in order of first appearance.
        levels: Vec<String>,
    },
    /// Several labels per row.
    Tags(TagsColumn),
    /// Arbitrary strings (identifiers, free text) in one arena.
    Str(StrColumn),
}

/// Strings stored back to back in one buffer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StrColumn {
    /// UTF-8 bytes of all values.
    pub bytes: Vec<u8>,
    /// `offsets[i]..offsets[i + 1]` is row `i`; length is rows + 1.
    pub offsets: Vec<u64>,
    /// `true` where the row is missing.
    pub missing: Vec<bool>,
}

impl StrColumn {
    /// An empty column ready for pushes.
    pub fn new() -> Self {
        StrColumn { bytes: Vec::new(), offsets: vec![0], missing: Vec::new() }
    }

    /// Appends a value.
    pub fn push(&mut self, value: Option<&str>) {
        if let Some(v) = value {
            self.bytes.extend_from_slice(v.as_bytes());
        }
        self.offsets.push(self.bytes.len() as u64);
        self.missing.push(value.is_none());
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.missing.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
    }

    /// Row `i`, or `None` when missing.
    pub fn get(&self, i: usize) -> Option<&str> {
        if self.missing[i] {
            return None;
        }
        let bytes = &self.bytes[self.offsets[i] as usize..self.offsets[i + 1] as usize];
        // The readers only push valid UTF-8, and offsets always fall on pushed boundaries.
        Some(std::str::from_utf8(bytes).expect("StrColumn holds UTF-8"))
    }

    /// Appends all rows of `other`.
    pub fn extend(&mut self, other: &StrColumn) {
        let base = self.bytes.len() as u64;
        self.bytes.extend_from_slice(&other.bytes);
        self.offsets.extend(other.offsets[1..].iter().map(|o| o + base));
        self.missing.extend_from_slice(&other.missing);
    }
}

/// Multi-valued labels: row `i` holds `codes[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TagsColumn {
    /// Start of each row's codes; length is rows + 1.
    pub offsets: Vec<u32>,
    /// Codes indexing `levels`.
    pub codes: Vec<u32>,
    /// The distinct labels.
    pub levels: Vec<String>,
    /// `true` where the whole cell is missing (an empty list is not missing).
    pub missing: Vec<bool>,
}

impl TagsColumn {
    /// The labels of row `i`, or `None` when missing.
    pub fn get(&self, i: usize) -> Option<Vec<&str>> {
        if self.missing[i] {
            return None;
        }
        let codes = &self.codes[self.offsets[i] as usize..self.offsets[i + 1] as usize];
        Some(codes.iter().map(|&c| self.levels[c as usize].as_str()).collect())
    }
}

/// One cell, borrowed from its column, for row-wise consumers (rules, printing).
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// No value.
    Missing,
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// Days since 1970-01-01.
    Date(i32),
    /// Seconds since 1970-01-01T00:00:00.
    DateTime(i64),
    /// A label or string.
    Str(&'a str),
    /// Several labels.
    Tags(Vec<&'a str>),
}

impl Value<'_> {
    /// Whether the value is missing.
    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }
}

impl Column {
    /// A column from its parts.
    pub fn new(name: impl Into<String>, kind: Kind, data: ColumnData) -> Self {
        Column { name: name.into(), kind, data }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Number(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::Date(v) => v.len(),
            ColumnData::DateTime(v) => v.len(),
            ColumnData::Cat { codes, .. } => codes.len(),
            ColumnData::Tags(t) => t.missing.len(),
            ColumnData::Str(s) => s.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at row `i`.
    pub fn get(&self, i: usize) -> Value<'_> {
        match &self.data {
            ColumnData::Number(v) => {
                if v[i].is_nan() {
                    Value::Missing
                } else {
                    Value::Number(v[i])
                }
            }
            ColumnData::Bool(v) => match v[i] {
                MISSING_BOOL => Value::Missing,
                b => Value::Bool(b == 1),
            },
            ColumnData::Date(v) => match v[i] {
                MISSING_DATE => Value::Missing,
                d => Value::Date(d),
            },
            ColumnData::DateTime(v) => match v[i] {
                MISSING_DATETIME => Value::Missing,
                d => Value::DateTime(d),
            },
            ColumnData::Cat { codes, levels } => match codes[i] {
                MISSING_CODE => Value::Missing,
                c => Value::Str(&levels[c as usize]),
            },
            ColumnData::Tags(t) => t.get(i).map_or(Value::Missing, Value::Tags),
            ColumnData::Str(s) => s.get(i).map_or(Value::Missing, Value::Str),
        }
    }

    /// Whether row `i` is missing.
    pub fn is_missing(&self, i: usize) -> bool {
        match &self.data {
            ColumnData::Number(v) => v[i].is_nan(),
            ColumnData::Bool(v) => v[i] == MISSING_BOOL,
            ColumnData::Date(v) => v[i] == MISSING_DATE,
            ColumnData::DateTime(v) => v[i] == MISSING_DATETIME,
            ColumnData::Cat { codes, .. } => codes[i] == MISSING_CODE,
            ColumnData::Tags(t) => t.missing[i],
            ColumnData::Str(s) => s.missing[i],
        }
    }

    /// How many rows are missing.
    pub fn missing_count(&self) -> usize {
        match &self.data {
            ColumnData::Number(v) => v.iter().filter(|x| x.is_nan()).count(),
            ColumnData::Bool(v) => v.iter().filter(|&&b| b == MISSING_BOOL).count(),
            ColumnData::Date(v) => v.iter().filter(|&&d| d == MISSING_DATE).count(),
            ColumnData::DateTime(v) => v.iter().filter(|&&d| d == MISSING_DATETIME).count(),
            ColumnData::Cat { codes, .. } => codes.iter().filter(|&&c| c == MISSING_CODE).count(),
            ColumnData::Tags(t) => t.missing.iter().filter(|&&m| m).count(),
            ColumnData::Str(s) => s.missing.iter().filter(|&&m| m).count(),
        }
    }

    /// How many distinct non-missing values the column holds.
    pub fn distinct_count(&self) -> usize {
        // Sorting bit patterns beats hashing on millions of rows; labels use their codes.
        fn sorted_distinct(mut v: Vec<u64>) -> usize {
            v.sort_unstable();
            v.dedup();
            v.len()
        }
        // Whole numbers in a narrow range (years, counts, scores, dates) are marked in a
        // table instead: no sort. `None` as soon as a value is not whole or the range grows
        // too wide, so other columns pay for a few values only.
        fn ranged_distinct(values: impl Iterator<Item = Option<i64>> + Clone) -> Option<usize> {
            const WIDEST: i64 = 1 << 22;
            let (mut min, mut max) = (i64::MAX, i64::MIN);
            for v in values.clone() {
                let v = v?;
                (min, max) = (min.min(v), max.max(v));
                if max - min >= WIDEST {
                    return None;
                }
            }
            if min > max {
                return Some(0);
            }
            let mut seen = vec![false; (max - min + 1) as usize];
            for v in values.flatten() {
                seen[(v - min) as usize] = true;
            }
            Some(seen.iter().filter(|&&s| s).count())
        }
        // A cast and back instead of `fract`, which is a library call without SSE4.1.
        fn whole(x: f64) -> Option<i64> {
            (x.abs() < 1e15 && (x as i64) as f64 == x).then_some(x as i64)
        }
        fn codes_distinct(codes: &[u32], levels: usize) -> usize {
            let mut seen = vec![false; levels];
            for &c in codes {
                if let Some(s) = seen.get_mut(c as usize) {
                    *s = true;
                }
            }
            seen.iter().filter(|&&s| s).count()
        }
        match &self.data {
            ColumnData::Number(v) => {
                let present = v.iter().copied().filter(|x| !x.is_nan());
                ranged_distinct(present.clone().map(whole)).unwrap_or_else(|| {
                    sorted_distinct(present.map(|x| (x + 0.0).to_bits()).collect())
                })
            }
            ColumnData::Bool(v) => {
                let (t, f) = (v.contains(&1), v.contains(&0));
                usize::from(t) + usize::from(f)
            }
            ColumnData::Date(v) => {
                let present = v.iter().filter(|&&d| d != MISSING_DATE);
                ranged_distinct(present.clone().map(|&d| Some(i64::from(d))))
                    .unwrap_or_else(|| sorted_distinct(present.map(|&d| d as u64).collect()))
            }
            ColumnData::DateTime(v) => sorted_distinct(
                v.iter().filter(|&&d| d != MISSING_DATETIME).map(|&d| d as u64).collect(),
            ),
            ColumnData::Cat { codes, levels } => codes_distinct(codes, levels.len()),
            ColumnData::Tags(t) => codes_distinct(&t.codes, t.levels.len()),
            ColumnData::Str(s) => {
                let mut seen = hashbrown::HashSet::with_capacity(s.len());
                for i in 0..s.len() {
                    if let Some(v) = s.get(i) {
                        seen.insert(v);
                    }
                }
                seen.len()
            }
        }
    }

    /// Bytes of memory the values occupy (the "columnar size" the load benchmark reports).
    pub fn heap_bytes(&self) -> usize {
        match &self.data {
            ColumnData::Number(v) => v.len() * 8,
            ColumnData::Bool(v) => v.len(),
            ColumnData::Date(v) => v.len() * 4,
            ColumnData::DateTime(v) => v.len() * 8,
            ColumnData::Cat { codes, levels } => {
                codes.len() * 4 + levels.iter().map(|l| l.len() + 24).sum::<usize>()
            }
            ColumnData::Tags(t) => {
                t.offsets.len() * 4
                    + t.codes.len() * 4
                    + t.missing.len()
                    + t.levels.iter().map(|l| l.len() + 24).sum::<usize>()
            }
            ColumnData::Str(s) => s.bytes.len() + s.offsets.len() * 8 + s.missing.len(),
        }
    }

    /// A new column with one row per entry of `rows`: that row's value, or missing for
    /// `None` (a left join's unmatched rows).
    pub fn take_optional(&self, rows: &[Option<usize>]) -> Column {
        let present: Vec<usize> = rows.iter().map(|r| r.unwrap_or(0)).collect();
        let mut out = if self.is_empty() {
            // Nothing to copy from: every row is missing.
            let mut c = self.clone();
            c.data = empty_like(&self.data, rows.len());
            return c;
        } else {
            self.take(&present)
        };
        for (i, r) in rows.iter().enumerate() {
            if r.is_none() {
                out.set_missing(i);
            }
        }
        out
    }

    /// Makes row `i` missing.
    pub fn set_missing(&mut self, i: usize) {
        match &mut self.data {
            ColumnData::Number(v) => v[i] = f64::NAN,
            ColumnData::Bool(v) => v[i] = MISSING_BOOL,
            ColumnData::Date(v) => v[i] = MISSING_DATE,
            ColumnData::DateTime(v) => v[i] = MISSING_DATETIME,
            ColumnData::Cat { codes, .. } => codes[i] = MISSING_CODE,
            ColumnData::Tags(t) => {
                // Keep the offsets; the row's codes are ignored once it is missing.
                t.missing[i] = true;
            }
            ColumnData::Str(s) => s.missing[i] = true,
        }
    }

    /// A new column holding the given rows, in that order.
    pub fn take(&self, rows: &[usize]) -> Column {
        let data = match &self.data {
            ColumnData::Number(v) => ColumnData::Number(rows.iter().map(|&i| v[i]).collect()),
            ColumnData::Bool(v) => ColumnData::Bool(rows.iter().map(|&i| v[i]).collect()),
            ColumnData::Date(v) => ColumnData::Date(rows.iter().map(|&i| v[i]).collect()),
            ColumnData::DateTime(v) => ColumnData::DateTime(rows.iter().map(|&i| v[i]).collect()),
            ColumnData::Cat { codes, levels } => ColumnData::Cat {
                codes: rows.iter().map(|&i| codes[i]).collect(),
                levels: levels.clone(),
            },
            ColumnData::Tags(t) => {
                let mut out =
                    TagsColumn { levels: t.levels.clone(), offsets: vec![0], ..Default::default() };
                for &i in rows {
                    out.codes.extend_from_slice(
                        &t.codes[t.offsets[i] as usize..t.offsets[i + 1] as usize],
                    );
                    out.offsets.push(out.codes.len() as u32);
                    out.missing.push(t.missing[i]);
                }
                ColumnData::Tags(out)
            }
            ColumnData::Str(s) => {
                let mut out = StrColumn::new();
                for &i in rows {
                    out.push(s.get(i));
                }
                ColumnData::Str(out)
            }
        };
        Column { name: self.name.clone(), kind: self.kind, data }
    }
}

/// Storage of the same type as `data` with `rows` missing values.
fn empty_like(data: &ColumnData, rows: usize) -> ColumnData {
    match data {
        ColumnData::Number(_) => ColumnData::Number(vec![f64::NAN; rows]),
        ColumnData::Bool(_) => ColumnData::Bool(vec![MISSING_BOOL; rows]),
        ColumnData::Date(_) => ColumnData::Date(vec![MISSING_DATE; rows]),
        ColumnData::DateTime(_) => ColumnData::DateTime(vec![MISSING_DATETIME; rows]),
        ColumnData::Cat { levels, .. } => {
            ColumnData::Cat { codes: vec![MISSING_CODE; rows], levels: levels.clone() }
        }
        ColumnData::Tags(t) => ColumnData::Tags(TagsColumn {
            offsets: vec![0; rows + 1],
            codes: vec![],
            levels: t.levels.clone(),
            missing: vec![true; rows],
        }),
        ColumnData::Str(_) => {
            let mut s = StrColumn::new();
            for _ in 0..rows {
                s.push(None);
            }
            ColumnData::Str(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_counts_agree_whether_counted_in_a_table_or_by_sorting() {
        let number = |v: Vec<f64>| Column::new("n", Kind::Number, ColumnData::Number(v));
        // Whole numbers in a narrow range (counted in a table), −0 and 0 one value.
        let years: Vec<f64> = (0..10_000).map(|i| f64::from(1990 + i % 35)).collect();
        assert_eq!(number(years).distinct_count(), 35);
        assert_eq!(number(vec![-0.0, 0.0, -3.0, f64::NAN, -3.0]).distinct_count(), 2);
        // Too wide for a table, or not whole: sorted.
        assert_eq!(number(vec![0.0, 1e12, 1e12, 5.0]).distinct_count(), 3);
        assert_eq!(number(vec![0.5, 1.0, 0.5, 2.25]).distinct_count(), 3);
        assert_eq!(number(vec![f64::NAN, f64::NAN]).distinct_count(), 0);
        let dates = |v: Vec<i32>| Column::new("d", Kind::Date, ColumnData::Date(v));
        assert_eq!(dates(vec![19_000, MISSING_DATE, 19_000, -365, 20_000]).distinct_count(), 3);
        assert_eq!(dates(vec![i32::MIN + 1, i32::MAX, 0]).distinct_count(), 3);
    }

    #[test]
    fn values_and_missing_sentinels() {
        let c = Column::new("n", Kind::Number, ColumnData::Number(vec![1.0, f64::NAN, 3.0]));
        assert_eq!(c.get(0), Value::Number(1.0));
        assert!(c.get(1).is_missing());
        assert_eq!(c.missing_count(), 1);
        assert_eq!(c.distinct_count(), 2);

        let mut s = StrColumn::new();
        s.push(Some("a"));
        s.push(None);
        s.push(Some("ü"));
        let c = Column::new("s", Kind::Text, ColumnData::Str(s));
        assert_eq!(c.get(2), Value::Str("ü"));
        assert!(c.is_missing(1));
        let t = c.take(&[2, 0]);
        assert_eq!(t.get(0), Value::Str("ü"));
        assert_eq!(t.get(1), Value::Str("a"));
    }
}

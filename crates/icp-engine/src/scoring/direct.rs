//! Scoring a block of delimited UTF-8 text straight from its cells: each cell the profile
//! reads becomes a bin code as it is read (no typed columns, no per-block dictionaries, no
//! string per cell), and each row is formatted into the output buffer from the scored
//! codes and the precomputed phrases.
//!
//! It covers the common run (CSV out in UTF-8, kept columns copied as the file has them,
//! no hard criteria, no expected value, no lookalikes). A block it cannot score exactly as
//! the column path would (a cell that does not fit its column, quoting the fast split does
//! not take, a ragged record) is declined and scored the column way, so the output bytes
//! and the messages never depend on which path ran.

use icp_frame::Kind;
use icp_io::parse::{self, DecimalStyle, NumberCell};
use icp_io::write::csv::{push_plain_text, push_text_in};
use icp_io::write::pieces::{CellPiece, push_pieces};
use icp_io::write::{MISSING_TENTHS, push_tenths};
use icp_io::{BatchParser, ColumnPlan, Fields, RawBatch};
use icp_profile::AttributeKind;
use icp_scorecard::reasons::{Reasoner, SEPARATOR};
use icp_scorecard::scorer::{MISSING_BIN, Outcome, Scorer, UNSEEN_BIN, UnseenValues};

use super::{Body, Scored};

/// How one attribute's cells become bin codes.
enum CellCode {
    Number(DecimalStyle),
    Age(Box<ColumnPlan>),
    Level,
    Bool,
    Tag(String),
}

/// One output column.
#[derive(Clone, Copy)]
enum Out {
    /// An input column's text as the file has it.
    Kept(usize),
    Score,
    Tier,
    Reasons,
    /// Points of attribute `.0`.
    Points(usize),
}

/// A scoring run that the direct path can take: what each attribute reads and what each
/// row is written as.
pub(super) struct Direct<'a> {
    scorer: &'a Scorer,
    reasoner: &'a Reasoner,
    /// Per attribute: the input column it reads and how.
    cells: Vec<(usize, CellCode)>,
    /// Input columns carried over, in output order.
    kept: Vec<usize>,
    outputs: Vec<Out>,
    /// Each outcome code's tier name, formatted as a CSV cell.
    tiers: Vec<Vec<u8>>,
    /// Per attribute and bin code, its reason phrase ready for a CSV cell (none without
    /// the reasons column).
    phrases: Vec<Vec<CellPiece>>,
    separator: CellPiece,
    delimiter: u8,
    /// Lines end with `\r\n` (else `\n`).
    crlf: bool,
}

/// What the run asks for, as far as the direct path cares.
pub(super) struct Shape<'a> {
    pub(super) keep: &'a [usize],
    pub(super) reasons: bool,
    pub(super) points: bool,
    pub(super) tier_levels: &'a [String],
    pub(super) delimiter: u8,
    pub(super) crlf: bool,
}

impl<'a> Direct<'a> {
    /// The direct path for a run over columns `plans`, or `None` when the profile needs
    /// something only the column path does (hard criteria, an attribute's column missing or
    /// read as another kind, a nameless column, which the column path reports).
    pub(super) fn new(
        scorer: &'a Scorer,
        reasoner: &'a Reasoner,
        plans: &[ColumnPlan],
        shape: &Shape<'_>,
    ) -> Option<Direct<'a>> {
        let attributes = &scorer.profile().attributes;
        if scorer.has_criteria() || attributes.is_empty() || plans.iter().any(|p| p.name.is_empty())
        {
            return None;
        }
        let names: Vec<&str> = plans.iter().map(|p| p.name.as_str()).collect();
        let mut cells = Vec::with_capacity(attributes.len());
        for (a, attribute) in attributes.iter().enumerate() {
            let column = super::find_column(&names, scorer.attribute_column(a))?;
            let plan = &plans[column];
            let code = match (attribute.kind, plan.kind) {
                (AttributeKind::Number, Kind::Number) => CellCode::Number(plan.decimal),
                (AttributeKind::Age, Kind::Date) => CellCode::Age(Box::new(plan.clone())),
                (AttributeKind::Categorical, Kind::Categorical) => CellCode::Level,
                (AttributeKind::Boolean, Kind::Boolean) => CellCode::Bool,
                (AttributeKind::Tag, Kind::Tags) => CellCode::Tag(scorer.tag(a).to_owned()),
                _ => return None,
            };
            cells.push((column, code));
        }
        let mut outputs: Vec<Out> = (0..shape.keep.len()).map(Out::Kept).collect();
        outputs.extend([Out::Score, Out::Tier]);
        if shape.reasons {
            outputs.push(Out::Reasons);
        }
        if shape.points {
            outputs.extend((0..attributes.len()).map(Out::Points));
        }
        let tiers = shape
            .tier_levels
            .iter()
            .map(|name| {
                let mut cell = Vec::new();
                push_text_in(&mut cell, name.as_bytes(), shape.delimiter);
                cell
            })
            .collect();
        let phrases = if shape.reasons {
            (0..attributes.len())
                .map(|a| {
                    (0..=u8::MAX)
                        .map(|code| CellPiece::new(reasoner.phrase(a, code), shape.delimiter))
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(Direct {
            scorer,
            reasoner,
            cells,
            kept: shape.keep.to_vec(),
            outputs,
            tiers,
            phrases,
            separator: CellPiece::new(SEPARATOR.as_bytes(), shape.delimiter),
            delimiter: shape.delimiter,
            crlf: shape.crlf,
        })
    }

    /// Scores block `raw` into `buffer` (empty), or hands the buffer back, still empty,
    /// when the block must take the column path.
    pub(super) fn run(
        &self,
        parser: &BatchParser,
        raw: &RawBatch,
        mut buffer: Vec<u8>,
        scratch: &mut Vec<u8>,
    ) -> Result<Scored, Vec<u8>> {
        let attributes = self.cells.len();
        let expected = raw.input_bytes() / 64 + 16;
        let mut codes: Vec<Vec<u8>> =
            (0..attributes).map(|_| Vec::with_capacity(expected)).collect();
        let mut unseen: Vec<UnseenValues> = vec![Vec::new(); attributes];
        // Where each kept cell is: a span of the block, or (a cell that lost its quotes) of
        // `kept_text`, which holds such cells one after another.
        let block = raw.text().unwrap_or_default();
        let mut kept_cells: Vec<KeptCell> = Vec::with_capacity(expected * self.kept.len());
        let mut kept_text: Vec<u8> = Vec::new();
        // No kept cell needs quotes: each is copied as it is (unless formula-like).
        let mut plain = true;
        let mut visit = |row: usize, fields: &Fields<'_>| -> bool {
            for (a, (column, how)) in self.cells.iter().enumerate() {
                let cell = parse::trim_cell(fields.get(*column));
                let code = if parse::is_missing_token(cell) {
                    MISSING_BIN
                } else {
                    match how {
                        CellCode::Number(style) => match parse::parse_number(cell, *style) {
                            NumberCell::Finite(v) => self.scorer.number_code(a, v),
                            _ => return false,
                        },
                        CellCode::Age(plan) => match plan.day(cell) {
                            Some(day) => self.scorer.age_code(a, day),
                            None => return false,
                        },
                        CellCode::Level => self.scorer.level_code(a, cell).unwrap_or_else(|| {
                            unseen[a].push((row, cell.to_owned()));
                            UNSEEN_BIN
                        }),
                        CellCode::Bool => match parse::parse_bool(cell) {
                            Some(value) => self.scorer.bool_code(a, value),
                            None => return false,
                        },
                        CellCode::Tag(tag) => {
                            // Most cells lack the tag's text altogether: one search instead
                            // of splitting them.
                            let has = contains(cell.as_bytes(), tag.as_bytes())
                                && parse::tags(cell).any(|t| t == tag);
                            self.scorer.bool_code(a, has)
                        }
                    }
                };
                codes[a].push(code);
            }
            for &column in &self.kept {
                let cell = fields.get(column).as_bytes();
                kept_cells.push(KeptCell::of(cell, block, &mut kept_text));
            }
            plain &= fields.plain();
            true
        };
        let Some(rows) = parser.visit_records(raw, &mut visit) else {
            buffer.clear();
            return Err(buffer);
        };
        let batch = self.scorer.score_codes(rows, codes, unseen);
        let n_tiers = self.scorer.profile().tiers.len();
        let mut outcomes = vec![0usize; n_tiers + 2];
        // Whether any row has a value outside every bin: most blocks have none, and their
        // rows need not be checked one by one.
        let unseen_bins = batch.codes.iter().any(|codes| codes.contains(&UNSEEN_BIN));
        for row in 0..rows {
            let outcome = batch.outcomes[row];
            let code = match outcome {
                Outcome::Scored { tier } => usize::from(tier),
                Outcome::Insufficient => n_tiers,
                Outcome::Disqualified { .. } => n_tiers + 1,
            };
            outcomes[code] += 1;
            let shown = outcome != Outcome::Insufficient;
            let score = if shown { batch.score_tenths[row] } else { MISSING_TENTHS };
            let kept = &kept_cells[row * self.kept.len()..(row + 1) * self.kept.len()];
            for (i, out) in self.outputs.iter().enumerate() {
                if i > 0 {
                    buffer.push(self.delimiter);
                }
                match *out {
                    Out::Kept(k) => {
                        let cell = kept[k].text(block, &kept_text);
                        if plain {
                            push_plain_text(&mut buffer, cell, self.delimiter);
                        } else {
                            push_text_in(&mut buffer, cell, self.delimiter);
                        }
                    }
                    Out::Score if score != MISSING_TENTHS => push_tenths(&mut buffer, score),
                    // Tier names are mostly one letter: a push, not a copy call.
                    Out::Tier => match self.tiers[code].as_slice() {
                        [letter] => buffer.push(*letter),
                        cell => buffer.extend_from_slice(cell),
                    },
                    Out::Reasons => {
                        let picks = match outcome {
                            Outcome::Scored { .. } if !unseen_bins => {
                                Some(self.reasoner.pick(&batch, row))
                            }
                            Outcome::Scored { .. } => self.reasoner.pick_seen(&batch, row),
                            _ => None,
                        };
                        match picks {
                            // Most rows: the picked phrases, each copied once.
                            Some((best, n_best, worst, n_worst)) => {
                                let mut pieces = [&self.separator; 5];
                                let picked = best[..n_best].iter().chain(&worst[..n_worst]);
                                for (piece, &a) in pieces.iter_mut().zip(picked) {
                                    let a = usize::from(a);
                                    *piece = &self.phrases[a][usize::from(batch.codes[a][row])];
                                }
                                let pieces = &pieces[..n_best + n_worst];
                                push_pieces(&mut buffer, pieces, &self.separator);
                            }
                            None => {
                                scratch.clear();
                                self.reasoner.write(&batch, row, outcome, scratch);
                                push_text_in(&mut buffer, &scratch[..], self.delimiter);
                            }
                        }
                    }
                    Out::Points(a) => {
                        let points = self.reasoner.points(a, batch.codes[a][row]);
                        if shown && points != MISSING_TENTHS {
                            push_tenths(&mut buffer, points);
                        }
                    }
                    Out::Score => {}
                }
            }
            if self.crlf {
                buffer.push(b'\r');
            }
            buffer.push(b'\n');
        }
        Ok(Scored {
            rows,
            direct: true,
            outcomes,
            unseen: batch.unseen.clone(),
            body: Body::Bytes(buffer),
            records: None,
            ranked: None,
        })
    }
}

/// Where a kept cell's text is, so that it is copied once, straight into the output.
#[derive(Clone, Copy)]
struct KeptCell {
    in_block: bool,
    start: usize,
    end: usize,
}

impl KeptCell {
    /// `cell` located in `block` when it lies there, else appended to `text`.
    #[inline]
    fn of(cell: &[u8], block: &[u8], text: &mut Vec<u8>) -> KeptCell {
        // Addresses compared as numbers: a cell cut from the block lies within it; one
        // unquoted into the splitter's buffer does not.
        let offset = (cell.as_ptr() as usize).wrapping_sub(block.as_ptr() as usize);
        if offset <= block.len() && cell.len() <= block.len() - offset {
            return KeptCell { in_block: true, start: offset, end: offset + cell.len() };
        }
        let start = text.len();
        text.extend_from_slice(cell);
        KeptCell { in_block: false, start, end: text.len() }
    }

    #[inline]
    fn text<'t>(self, block: &'t [u8], text: &'t [u8]) -> &'t [u8] {
        if self.in_block { &block[self.start..self.end] } else { &text[self.start..self.end] }
    }
}

/// Whether `needle` occurs in `haystack` (an empty needle does).
#[inline]
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else { return true };
    let Some(last_start) = haystack.len().checked_sub(needle.len()) else { return false };
    (0..=last_start).any(|i| haystack[i] == first && &haystack[i + 1..i + needle.len()] == rest)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use icp_profile::Profile;

    use super::super::{Format, ReadSettings, ScoreInput, ScoreRequest};
    use icp_scorecard::scorer::Scorer;

    /// Every attribute kind; labels with commas and quotes so that reasons need quoting; an
    /// older profile's catch-all bin on one categorical, none on the other (unseen values).
    const PROFILE: &str = r#"schema_version = 1
name = "paths"

[scoring]
intercept = -3.0
slope = 0.05
insufficient_share = 0.5

[[tiers]]
name = "A"
min_score = 40.0

[[tiers]]
name = "=B"
min_score = 0.0

[[attributes]]
name = "industry"
column = "industry"
kind = "categorical"
missing_points = 6.0
neutral_points = 7.0
bins = [
  { label = "Software, \"Fintech\"", points = 16.0, levels = ["Software", "Fintech"] },
  { label = "Other", points = 4.0, other = true },
]

[[attributes]]
name = "plan"
column = "plan"
kind = "categorical"
missing_points = 3.0
neutral_points = 4.0
bins = [
  { label = "enterprise", points = 8.0, levels = ["enterprise"] },
  { label = "free", points = 2.0, levels = ["free"] },
]

[[attributes]]
name = "employees"
column = "employees"
kind = "number"
missing_points = 7.0
neutral_points = 8.0
bins = [
  { label = "under 10", points = 2.0, min = 0.0, max = 10.0 },
  { label = "10 and more", points = 15.5, min = 10.0 },
]

[[attributes]]
name = "age"
column = "created"
kind = "age"
reference_date = "2026-01-01"
missing_points = 3.0
neutral_points = 4.0
bins = [
  { label = "under 2 years", points = 6.0, max = 2.0 },
  { label = "2 years and more", points = 2.0, min = 2.0 },
]

[[attributes]]
name = "analytics"
column = "tags"
kind = "tag"
tag = "analytics"
missing_points = 5.0
neutral_points = 5.0
bins = [
  { label = "yes", points = 14.0, value = true },
  { label = "no", points = 4.0, value = false },
]

[[attributes]]
name = "customer"
column = "is_customer"
kind = "boolean"
missing_points = 2.0
neutral_points = 3.0
bins = [
  { label = "yes", points = 5.0, value = true },
  { label = "no", points = 1.5, value = false },
]
"#;

    /// `rows` records over several 1 MiB blocks: plain blocks, blocks with quoted cells,
    /// missing tokens, unseen levels, out-of-range numbers, blank records; `bad` puts a
    /// cell that is not a number at that record.
    fn input(rows: usize, delimiter: char, line_end: &str, bad: Option<usize>) -> Vec<u8> {
        let d = delimiter;
        let mut text = format!(
            "id{d}note{d}industry{d}plan{d}employees{d}created{d}tags{d}is_customer{line_end}"
        );
        let industries = ["Software", "Fintech", "Retail", " Software ", "NA", "", "Mining"];
        let plans = ["enterprise", "free", "pro", "", "null", "free"];
        let employees = ["5", "12", "250", "-3", "", "1e3", "7.5", "N/A"];
        let created = ["2025-06-01", "2019-02-03", "", "2024-12-31 10:00:00", "03/04/2020"];
        let tags = ["analytics", "crm; analytics", "crm", "", ";", "Analytics"];
        let customer = ["yes", "no", "", "true", "0", "1"];
        let mut state = 11u64;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        for row in 0..rows {
            // Quotes only in some stretches, so that some blocks have none.
            let note = match (row / 4000) % 3 {
                0 => format!("n{row}"),
                1 => format!("\"a{d} b \"\"{row}\"\"\""),
                _ => ["=cmd", "-5", "+x", ""][row % 4].to_owned(),
            };
            let employees = if Some(row) == bad { "many" } else { employees[next(8)] };
            text.push_str(&format!(
                "{row}{d}{note}{d}{}{d}{}{d}{employees}{d}{}{d}{}{d}{}{line_end}",
                industries[next(7)],
                plans[next(6)],
                created[next(5)],
                tags[next(6)].replace(';', if d == ';' { "|" } else { ";" }),
                customer[next(6)],
            ));
            if row % 9_999 == 5 {
                text.push_str(&format!("{d}{d}{d}{d}{d}{d}{d}{line_end}"));
            }
        }
        text.into_bytes()
    }

    /// The output and summary (or the error) of scoring `bytes`, straight or by columns, and
    /// how many blocks were scored straight.
    fn score(
        bytes: &[u8],
        request: &ScoreRequest,
        read: &ReadSettings,
        direct: bool,
    ) -> (String, usize) {
        let profile = Profile::parse(Path::new("p.toml"), PROFILE).unwrap();
        let scorer = Scorer::new(profile).unwrap();
        let cursor = Box::new(std::io::Cursor::new(bytes.to_vec()));
        let run = ScoreInput::from_reader(Path::new("in.csv"), cursor, scorer, read, false)
            .and_then(|input| {
                let mut out = Vec::new();
                let (summary, blocks) = input.run(request, &mut out, None, false, direct)?;
                let text = format!(
                    "{}\n{} rows {:?}\n{}",
                    String::from_utf8(out).unwrap(),
                    summary.rows,
                    summary.outcomes,
                    summary.notes.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
                );
                Ok((text, blocks))
            });
        run.unwrap_or_else(|e| (format!("error: {e}"), 0))
    }

    /// The output, after checking that both paths write it; and how many blocks were
    /// scored straight.
    fn same(bytes: &[u8], request: &ScoreRequest, read: &ReadSettings) -> (String, usize) {
        let (direct, blocks) = score(bytes, request, read, true);
        let (columns, none) = score(bytes, request, read, false);
        assert_eq!(none, 0);
        assert!(
            direct == columns,
            "the two paths differ:\n{}",
            first_difference(&direct, &columns)
        );
        (direct, blocks)
    }

    fn first_difference(a: &str, b: &str) -> String {
        let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        format!(
            "line {line}:\n  direct:  {:?}\n  columns: {:?}",
            a.lines().nth(line),
            b.lines().nth(line)
        )
    }

    #[test]
    fn direct_scoring_writes_what_the_column_path_writes() {
        let bytes = input(45_000, ',', "\n", None);
        assert!(bytes.len() > 2 << 20, "several blocks");
        let request = ScoreRequest { points: true, ..ScoreRequest::default() };
        let (out, blocks) = same(&bytes, &request, &ReadSettings::default());
        // Every block goes straight: one without quotes, the others through the CSV machine.
        assert_eq!(blocks, 3);
        assert!(out.contains("not seen when the profile was learned"), "unseen levels named");
        assert!(out.contains("\"industry: Software, \"\"Fintech\"\""), "reasons quoted");
        assert!(out.contains("45000 rows"), "{}", &out[out.len() - 300..]);
        let keep = ScoreRequest {
            keep: Some(vec!["id".into(), "NOTE".into()]),
            reasons: false,
            ..ScoreRequest::default()
        };
        assert_eq!(same(&bytes, &keep, &ReadSettings::default()).1, 3);
    }

    #[test]
    fn other_delimiters_line_ends_and_bad_cells_too() {
        let bytes = input(12_000, ';', "\r\n", None);
        assert!(same(&bytes, &ScoreRequest::default(), &ReadSettings::default()).1 > 0);
        // A cell that is not a number: the same error, naming the row and column.
        let bytes = input(40_000, ',', "\n", Some(9_000));
        let (out, _) = same(&bytes, &ScoreRequest::default(), &ReadSettings::default());
        assert!(out.starts_with("error:") && out.contains("employees"), "{out}");
        // Read as missing with --lenient: every block scores.
        let lenient = ReadSettings { lenient: true, ..ReadSettings::default() };
        let (out, blocks) = same(&bytes, &ScoreRequest::default(), &lenient);
        // The block with the bad cell goes the column way, the rest straight.
        assert!(blocks > 0);
        assert!(out.contains("40000 rows"), "{}", &out[out.len() - 300..]);
        let csv = ScoreRequest { format: Format::Csv, bom: true, ..ScoreRequest::default() };
        same(&input(100, ',', "\n", None), &csv, &ReadSettings::default());
    }
}

//! A block's records as borrowed fields, for callers that read cells straight from the text
//! instead of building columns (scoring a file). A block without quotes or carriage returns
//! is split with SIMD searches (`memchr`); any other block goes through the same CSV state
//! machine as the column reader, so both see the same fields.
//!
//! Whatever the fast split cannot decide exactly as [`crate::BatchParser::parse`] would (a
//! block that is not UTF-8, a ragged or over-long record, an empty line) is declined, and
//! the caller parses that block the full way, which reports the problem as it always did.

use crate::delimited::{self, Delimiter, Layout};

/// One record's fields, borrowed from the block (or from the unquoting buffer).
pub struct Fields<'a> {
    bytes: &'a [u8],
    bounds: &'a [(usize, usize)],
}

impl<'a> Fields<'a> {
    /// How many fields.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }

    /// Field `i`, unquoted and untrimmed, exactly as the column reader sees it.
    pub fn get(&self, i: usize) -> &'a str {
        let (start, end) = self.bounds[i];
        crate::utf8::field_str(&self.bytes[start..end])
    }
}

/// Calls `visit` with each record's index in the block and its fields; returns how many
/// records there were, or `None` when the block is declined (see the module docs) or
/// `visit` returned `false`.
pub(crate) fn visit_records(
    block: &[u8],
    layout: &Layout<'_>,
    visit: &mut dyn FnMut(usize, &Fields<'_>) -> bool,
) -> Option<usize> {
    let Delimiter::Byte(delimiter) = layout.delimiter else { return None };
    if layout.reject_replacement || std::str::from_utf8(block).is_err() {
        return None;
    }
    let columns = layout.plans.len();
    let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(columns + 1);
    if memchr::memchr2(b'"', b'\r', block).is_some() {
        let mut rows = 0;
        let mut record = |out: &[u8], ends: &[usize]| {
            if ends.len() != columns {
                return Err(());
            }
            bounds.clear();
            let mut start = 0;
            bounds.extend(ends.iter().map(|&end| (std::mem::replace(&mut start, end), end)));
            if !visit(rows, &Fields { bytes: out, bounds: &bounds }) {
                return Err(());
            }
            rows += 1;
            Ok(())
        };
        let parsed =
            delimited::each_record(block, delimiter, layout.max_record_bytes, &mut record, |_| ());
        return parsed.ok().map(|()| rows);
    }
    let mut rows = 0;
    let mut start = 0;
    while start < block.len() {
        let end = memchr::memchr(b'\n', &block[start..]).map_or(block.len(), |i| start + i);
        let line = &block[start..end];
        // The CSV state machine skips empty lines and counts their bytes into the next
        // record's length; the full parser keeps that rule.
        if line.is_empty() || end + 1 - start > layout.max_record_bytes {
            return None;
        }
        bounds.clear();
        let mut field = start;
        for at in memchr::memchr_iter(delimiter, line) {
            bounds.push((field, start + at));
            field = start + at + 1;
        }
        bounds.push((field, end));
        if bounds.len() != columns {
            return None;
        }
        let fields = Fields { bytes: block, bounds: &bounds };
        if !bounds.iter().all(|&(s, e)| delimited::is_blank(&block[s..e])) {
            if !visit(rows, &fields) {
                return None;
            }
            rows += 1;
        }
        start = end + 1;
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ColumnPlan;
    use icp_frame::Kind;

    fn layout(plans: &[ColumnPlan]) -> Layout<'_> {
        Layout {
            delimiter: Delimiter::Byte(b','),
            plans,
            reject_replacement: false,
            max_record_bytes: 1 << 20,
            encoding: "UTF-8",
            record_bytes_hint: 16,
            keep: &[],
        }
    }

    fn records(block: &str, plans: &[ColumnPlan]) -> Option<Vec<Vec<String>>> {
        let mut out = Vec::new();
        visit_records(block.as_bytes(), &layout(plans), &mut |row, fields| {
            assert_eq!(row, out.len());
            out.push((0..fields.len()).map(|i| fields.get(i).to_owned()).collect());
            true
        })?;
        Some(out)
    }

    /// What the column reader makes of the same block, as text.
    fn parsed(block: &str, plans: &[ColumnPlan]) -> Vec<Vec<String>> {
        let parsed = delimited::parse_block(block.as_bytes(), &layout(plans)).ok().unwrap();
        let columns: Vec<icp_frame::Column> = (plans.iter().zip(parsed.builders))
            .map(|(p, b)| b.finish(p.name.clone(), Kind::Text))
            .collect();
        (0..parsed.rows)
            .map(|r| {
                columns
                    .iter()
                    .map(|c| match c.get(r) {
                        icp_frame::Value::Str(s) => s.to_owned(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn splits_as_the_column_reader_does() {
        let plans: Vec<ColumnPlan> =
            ["a", "b", "c"].iter().map(|n| ColumnPlan::new(*n, Kind::Text)).collect();
        for block in [
            "1,x,y\n2,,z\n",
            "1,x,y\n2,,z",
            "1,\"x,1\",y\n2,\"say \"\"hi\"\"\",z\n",
            "1,x,y\r\n2,b,z\r\n",
            "1,x,y\n,,\n2, b ,z\n",
            "1,データ,y\n2,é,z\n",
        ] {
            let fast = records(block, &plans).unwrap();
            let trimmed: Vec<Vec<String>> =
                fast.iter().map(|r| r.iter().map(|f| f.trim().to_owned()).collect()).collect();
            assert_eq!(trimmed, parsed(block, &plans), "{block:?}");
        }
        // Quoted text keeps its delimiter and loses its quotes.
        assert_eq!(records("1,\"x,1\",y\n", &plans).unwrap()[0][1], "x,1");
        assert_eq!(records("1,x,y\n,,\n2,b,z\n", &plans).unwrap().len(), 2);
    }

    #[test]
    fn declines_what_the_full_parser_must_report() {
        let plans: Vec<ColumnPlan> =
            ["a", "b"].iter().map(|n| ColumnPlan::new(*n, Kind::Text)).collect();
        assert!(records("1,x,y\n", &plans).is_none(), "ragged");
        assert!(records("1,x\n\n2,y\n", &plans).is_none(), "an empty line");
        assert!(records("1,\"x\",y\n", &plans).is_none(), "ragged and quoted");
        let mut bytes = b"1,x\n2,".to_vec();
        bytes.push(0xff);
        bytes.push(b'\n');
        assert!(visit_records(&bytes, &layout(&plans), &mut |_, _| true).is_none(), "not UTF-8");
        assert!(visit_records(b"1,x\n2,y\n", &layout(&plans), &mut |row, _| row == 0).is_none());
    }
}

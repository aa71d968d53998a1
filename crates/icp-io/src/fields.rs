//! A block's records as borrowed fields, for callers that read cells straight from the text
//! instead of building columns (scoring a file). Records are cut by the column reader's own
//! [`Splitter`] (in place with `memchr` where a record has no quote, by the CSV state
//! machine otherwise), so both see the same fields and skip the same blank records.
//!
//! Whatever the fast path cannot decide exactly as [`crate::BatchParser::parse`] would (a
//! block that is not UTF-8, a ragged or over-long record) is declined, and the caller parses
//! that block the full way, which reports the problem as it always did.

use crate::delimited::{self, Delimiter, Layout};
use crate::split::Splitter;

/// One record's fields, borrowed from the block (or from the unquoting buffer).
pub struct Fields<'a> {
    bytes: &'a [u8],
    bounds: &'a [(usize, usize)],
    plain: bool,
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

    /// Whether no field holds a quote, a delimiter or a line break (the record had no
    /// quote, as nearly all have), so that writing a field to CSV needs no quotes.
    pub fn plain(&self) -> bool {
        self.plain
    }

    /// Field `i`, unquoted and untrimmed, exactly as the column reader sees it.
    #[inline]
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
    let mut records = Splitter::new(block, delimiter, delimited::core_reader(delimiter), columns);
    let mut rows = 0;
    while let Some(record) = records.next_record() {
        if record.bytes > layout.max_record_bytes {
            return None;
        }
        // Skipped as the column reader skips it (a blank line, `,,,` below the data).
        if record.may_be_blank() && delimited::is_blank(&record.joined()) {
            continue;
        }
        if record.fields.len() != columns
            || !visit(
                rows,
                &Fields {
                    bytes: record.text,
                    bounds: record.fields,
                    plain: record.offset.is_some(),
                },
            )
        {
            return None;
        }
        rows += 1;
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
        // Only a record with a quote may hold a field that needs quoting again.
        let mut plain = Vec::new();
        visit_records(b"1,x,y\n2,\"a,b\",z\n3,x,y", &layout(&plans), &mut |_, fields| {
            plain.push(fields.plain());
            true
        });
        assert_eq!(plain, [true, false, true]);
        assert_eq!(records("1,x,y\n,,\n2,b,z\n", &plans).unwrap().len(), 2);
    }

    #[test]
    fn declines_what_the_full_parser_must_report() {
        let plans: Vec<ColumnPlan> =
            ["a", "b"].iter().map(|n| ColumnPlan::new(*n, Kind::Text)).collect();
        assert!(records("1,x,y\n", &plans).is_none(), "ragged");
        // An empty line is skipped, as the column reader skips it.
        assert_eq!(records("1,x\n\n2,y\n", &plans).unwrap().len(), 2);
        assert!(records("1,\"x\",y\n", &plans).is_none(), "ragged and quoted");
        let mut bytes = b"1,x\n2,".to_vec();
        bytes.push(0xff);
        bytes.push(b'\n');
        assert!(visit_records(&bytes, &layout(&plans), &mut |_, _| true).is_none(), "not UTF-8");
        assert!(visit_records(b"1,x\n2,y\n", &layout(&plans), &mut |row, _| row == 0).is_none());
    }
}

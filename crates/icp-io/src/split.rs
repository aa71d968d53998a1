//! Cutting a block of delimited text into records and fields.
//!
//! Nearly every record of a real export has no quote and no stray carriage return: those
//! are split in place, eight bytes at a time (no copy). A record with a quote, or with a `\r` that
//! is not part of its line end, goes through `csv_core`, whose reading of quotes and line
//! ends is the reference; the fast path gives the same fields wherever it applies.

use csv_core::{ReadRecordResult, Reader as CoreReader};

const QUOTE: u8 = b'"';

/// A byte repeated in every lane of a `u64`, times the byte.
const LANES: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of `x` that is zero, and nothing else (no carry crosses a
/// byte, so the mask is exact, not just "some byte is zero").
#[inline]
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// One record: its fields as byte ranges of `text`.
pub(crate) struct Record<'s> {
    /// The bytes the field ranges index (the record's line in the block, or `csv_core`'s
    /// unquoted copy).
    pub(crate) text: &'s [u8],
    /// Where `text` starts in the block, when it is the block's own bytes: split in place,
    /// so no field holds a quote, a delimiter or a line break.
    pub(crate) offset: Option<usize>,
    /// `(start, end)` of each field in `text`.
    pub(crate) fields: &'s [(usize, usize)],
    /// Bytes the record took in the block, its line end included.
    pub(crate) bytes: usize,
}

impl Record<'_> {
    /// Field `i`'s bytes.
    pub(crate) fn field(&self, i: usize) -> &[u8] {
        let (start, end) = self.fields[i];
        &self.text[start..end]
    }

    /// Whether every field holds only whitespace or non-ASCII bytes (the cheap first test
    /// for a blank record; most records fail it on their first byte).
    pub(crate) fn may_be_blank(&self) -> bool {
        self.fields.iter().all(|&(s, e)| self.text[s..e].iter().all(|&b| b <= b' ' || b >= 0x80))
    }

    /// The fields' bytes back to back (as `csv_core` would hand them out).
    pub(crate) fn joined(&self) -> Vec<u8> {
        self.fields.iter().flat_map(|&(s, e)| self.text[s..e].iter().copied()).collect()
    }
}

/// Hands out the records of one block in order.
pub(crate) struct Splitter<'b> {
    block: &'b [u8],
    pos: usize,
    delimiter: u8,
    /// Whether records may be split in place: not when the delimiter is itself a quote or
    /// a line-end byte, nor when a `\r` stands alone (a line end of its own to `csv_core`,
    /// as in old Mac files).
    fast: bool,
    /// The block holds `\r\n` line ends.
    has_cr: bool,
    core: CoreReader,
    out: Vec<u8>,
    ends: Vec<usize>,
    fields: Vec<(usize, usize)>,
}

impl<'b> Splitter<'b> {
    /// A splitter over `block` (whole records), with `core` configured for the same
    /// delimiter; `columns` sizes the buffers.
    pub(crate) fn new(block: &'b [u8], delimiter: u8, core: CoreReader, columns: usize) -> Self {
        let has_cr = memchr::memchr(b'\r', block).is_some();
        let lone_cr = has_cr
            && memchr::memchr_iter(b'\r', block)
                .any(|i| block.get(i + 1).is_some_and(|&next| next != b'\n'));
        Splitter {
            block,
            pos: 0,
            delimiter,
            fast: !matches!(delimiter, QUOTE | b'\n' | b'\r') && !lone_cr,
            has_cr,
            core,
            out: vec![0u8; 1 << 16],
            ends: vec![0usize; columns.max(1) + 1],
            fields: Vec::with_capacity(columns.max(1) + 1),
        }
    }

    /// The next record, `None` at the end of the block. Empty lines come out as a record
    /// of one empty field (callers skip blank records).
    pub(crate) fn next_record(&mut self) -> Option<Record<'_>> {
        if self.pos >= self.block.len() {
            return None;
        }
        if self.fast
            && let Some((start, end, bytes)) = self.split_in_place()
        {
            return Some(Record {
                text: &self.block[start..end],
                offset: Some(start),
                fields: &self.fields,
                bytes,
            });
        }
        self.read_with_core()
    }

    /// Splits the line at the current position when it has no quote:
    /// returns the line's bounds in the block (line end excluded) and the bytes taken, and
    /// leaves the fields in `self.fields`. `None` leaves the position where it was.
    ///
    /// One pass over the line, eight bytes at a time: the delimiters, quotes and line feeds
    /// of each word come out as a bit mask (fields are short, so a search per field spent
    /// more on starting than on searching).
    fn split_in_place(&mut self) -> Option<(usize, usize, usize)> {
        let block = self.block;
        let start = self.pos;
        let delimiter = self.delimiter;
        let (delimiters, quotes, feeds) =
            (LANES * u64::from(delimiter), LANES * u64::from(QUOTE), LANES * u64::from(b'\n'));
        self.fields.clear();
        let mut field_start = start;
        let mut i = start;
        let feed = 'scan: loop {
            let Some(word) = block.get(i..i + 8) else {
                // The last few bytes of the block.
                for (j, &b) in block.iter().enumerate().skip(i) {
                    if b == b'\n' {
                        break 'scan Some(j);
                    } else if b == QUOTE {
                        return None;
                    } else if b == delimiter {
                        self.fields.push((field_start - start, j - start));
                        field_start = j + 1;
                    }
                }
                break None;
            };
            let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let mut hits = zero_bytes(word ^ delimiters)
                | zero_bytes(word ^ quotes)
                | zero_bytes(word ^ feeds);
            while hits != 0 {
                let j = i + (hits.trailing_zeros() / 8) as usize;
                hits &= hits - 1;
                match block[j] {
                    b'\n' => break 'scan Some(j),
                    QUOTE => return None,
                    _ => {
                        self.fields.push((field_start - start, j - start));
                        field_start = j + 1;
                    }
                }
            }
            i += 8;
        };
        let (end, taken) = match feed {
            Some(j) => (j, j + 1 - start),
            None => (block.len(), block.len() - start),
        };
        let mut len = end - start;
        // Every `\r` of the block ends a line (see `fast`).
        if self.has_cr && block[start..end].last() == Some(&b'\r') {
            len -= 1;
        }
        self.fields.push((field_start - start, len));
        self.pos = start + taken;
        Some((start, start + len, taken))
    }

    /// Reads the record at the current position with `csv_core`.
    fn read_with_core(&mut self) -> Option<Record<'_>> {
        let start = self.pos;
        let (mut out_len, mut n_ends) = (0, 0);
        loop {
            let (res, nin, nout, nend) = self.core.read_record(
                &self.block[self.pos..],
                &mut self.out[out_len..],
                &mut self.ends[n_ends..],
            );
            self.pos += nin;
            out_len += nout;
            n_ends += nend;
            match res {
                // The block ends on a record boundary; an empty read flushes the last record.
                ReadRecordResult::InputEmpty => continue,
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return None,
            }
        }
        self.fields.clear();
        let mut prev = 0;
        for &end in &self.ends[..n_ends] {
            self.fields.push((prev, end));
            prev = end;
        }
        Some(Record {
            text: &self.out[..out_len],
            offset: None,
            fields: &self.fields,
            bytes: self.pos - start,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use csv_core::{ReaderBuilder, Terminator};

    fn core(delimiter: u8) -> CoreReader {
        ReaderBuilder::new().delimiter(delimiter).quote(QUOTE).terminator(Terminator::CRLF).build()
    }

    /// Every record as `csv_core` alone reads it.
    fn reference(block: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut reader = core(delimiter);
        let (mut out, mut ends) = (vec![0u8; 1 << 16], vec![0usize; 64]);
        let (mut pos, mut records) = (0, Vec::new());
        loop {
            let (mut out_len, mut n_ends) = (0, 0);
            loop {
                let (res, nin, nout, nend) =
                    reader.read_record(&block[pos..], &mut out[out_len..], &mut ends[n_ends..]);
                (pos, out_len, n_ends) = (pos + nin, out_len + nout, n_ends + nend);
                match res {
                    ReadRecordResult::InputEmpty => continue,
                    ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => {
                        unreachable!("the test records are small")
                    }
                    ReadRecordResult::Record => break,
                    ReadRecordResult::End => return records,
                }
            }
            let mut prev = 0;
            records.push(
                ends[..n_ends]
                    .iter()
                    .map(|&e| {
                        let field = out[prev..e].to_vec();
                        prev = e;
                        field
                    })
                    .collect(),
            );
        }
    }

    /// The splitter's records, less those of one empty field (empty lines, which
    /// `csv_core` skips; callers drop both as blank records).
    fn split(block: &[u8], delimiter: u8) -> Vec<Vec<Vec<u8>>> {
        let mut splitter = Splitter::new(block, delimiter, core(delimiter), 4);
        let mut records = Vec::new();
        while let Some(record) = splitter.next_record() {
            if record.fields.len() == 1 && record.field(0).is_empty() {
                continue;
            }
            records.push((0..record.fields.len()).map(|i| record.field(i).to_vec()).collect());
        }
        records
    }

    #[test]
    fn splits_as_csv_core_does_quotes_and_line_ends_included() {
        let pieces: [&[u8]; 14] = [
            b"a",
            b"bc",
            b"",
            b" ",
            b",",
            b",",
            b";",
            b"long text, longer than a word",
            b"\"",
            b"\"\"",
            b"\n",
            b"\r\n",
            b"\r",
            b"x\"y",
        ];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for case in 0..6_000 {
            let mut block = Vec::new();
            for _ in 0..(case % 40) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Line ends and quotes rarer than text, as in real files.
                let piece = match x % 10 {
                    0..=4 => pieces[(x >> 8) as usize % 8],
                    _ => pieces[(x >> 8) as usize % pieces.len()],
                };
                block.extend_from_slice(piece);
            }
            let text = String::from_utf8_lossy(&block).into_owned();
            // Mostly commas; every third block with semicolons (commas then are text).
            let delimiter = if case % 3 == 2 { b';' } else { b',' };
            let mut expected = reference(&block, delimiter);
            // A quoted empty field alone is a record to `csv_core`; the reader drops it as
            // blank, like the empty lines the splitter hands out.
            expected.retain(|r| !(r.len() == 1 && r[0].is_empty()));
            assert_eq!(split(&block, delimiter), expected, "{text:?}");
        }
    }

    #[test]
    fn plain_records_are_split_in_place_and_crlf_is_dropped() {
        let block = b"a,b,c\r\n1,,3\r\n\"q,1\",2,3\r\nx,y,z";
        let records = split(block, b',');
        assert_eq!(records.len(), 4);
        assert_eq!(records[1], vec![b"1".to_vec(), b"".to_vec(), b"3".to_vec()]);
        assert_eq!(records[2][0], b"q,1".to_vec());
        assert_eq!(records[3][2], b"z".to_vec());
        // A lone carriage return ends a record, as in old Mac files.
        assert_eq!(split(b"a,b\rc,d\r", b',').len(), 2);
    }
}

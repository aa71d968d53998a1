//! Cutting a block of delimited text into records and fields.
//!
//! Nearly every record of a real export has no quote and no stray carriage return: those
//! are split in place with `memchr` (no copy). A record with a quote, or with a `\r` that
//! is not part of its line end, goes through `csv_core`, whose reading of quotes and line
//! ends is the reference; the fast path gives the same fields wherever it applies.

use csv_core::{ReadRecordResult, Reader as CoreReader};

const QUOTE: u8 = b'"';

/// One record: its fields as byte ranges of `text`.
pub(crate) struct Record<'s> {
    /// The bytes the field ranges index (the record's line in the block, or `csv_core`'s
    /// unquoted copy).
    pub(crate) text: &'s [u8],
    /// Where `text` starts in the block, when it is the block's own bytes.
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
    /// One pass finds the delimiters, quotes and the line end eight bytes at a time (most
    /// fields are shorter than the set-up of a `memchr` call).
    fn split_in_place(&mut self) -> Option<(usize, usize, usize)> {
        let (block, start) = (self.block, self.pos);
        let bytes = Bytes::new(self.delimiter);
        self.fields.clear();
        let mut field_start = 0;
        let mut at = start;
        let (mut len, taken) = 'line: loop {
            let (word, valid) = word_at(block, at);
            let mut hits = bytes.find(word) & valid;
            while hits != 0 {
                let i = at + (hits.trailing_zeros() / 8) as usize;
                match block[i] {
                    QUOTE => return None,
                    b'\n' => break 'line (i - start, i - start + 1),
                    _ => {
                        self.fields.push((field_start, i - start));
                        field_start = i - start + 1;
                    }
                }
                hits &= hits - 1;
            }
            at += 8;
            if at >= block.len() {
                break (block.len() - start, block.len() - start);
            }
        };
        // Every `\r` of the block ends a line (see `fast`).
        if self.has_cr && len > 0 && block[start + len - 1] == b'\r' {
            len -= 1;
        }
        self.fields.push((field_start, len));
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

/// The bytes a plain record is cut at, spread over a word's eight lanes.
struct Bytes {
    delimiter: u64,
    quote: u64,
    newline: u64,
}

const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LANES: u64 = 0x0101_0101_0101_0101;

impl Bytes {
    fn new(delimiter: u8) -> Self {
        Bytes {
            delimiter: LANES * u64::from(delimiter),
            quote: LANES * u64::from(QUOTE),
            newline: LANES * u64::from(b'\n'),
        }
    }

    /// The high bit of every byte of `word` that is a delimiter, a quote or a newline.
    #[inline]
    fn find(&self, word: u64) -> u64 {
        // A lane's high bit stays clear exactly where the lane is zero: adding 0x7f to the
        // low seven bits carries into the high bit for any other value, and never crosses
        // into the next lane.
        let nonzero = |x: u64| ((x & LOW7) + LOW7) | x;
        let other = nonzero(word ^ self.delimiter)
            & nonzero(word ^ self.quote)
            & nonzero(word ^ self.newline);
        !other & HIGH
    }
}

/// The eight bytes of `block` from `at` as a little-endian word, and the mask of the lanes
/// that are in the block (the rest read as zero).
#[inline]
fn word_at(block: &[u8], at: usize) -> (u64, u64) {
    match block.get(at..at + 8) {
        Some(eight) => {
            let mut word = [0u8; 8];
            word.copy_from_slice(eight);
            (u64::from_le_bytes(word), u64::MAX)
        }
        None => {
            let rest = &block[at.min(block.len())..];
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            (u64::from_le_bytes(word), (1u64 << (8 * rest.len())) - 1)
        }
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
        let pieces: [&[u8]; 12] =
            [b"a", b"bc", b"", b" ", b",", b",", b"\"", b"\"\"", b"\n", b"\r\n", b"\r", b"x\"y"];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for case in 0..5_000 {
            let mut block = Vec::new();
            for _ in 0..(case % 40) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                // Line ends and quotes rarer than text, as in real files.
                let piece = match x % 10 {
                    0..=4 => pieces[(x >> 8) as usize % 6],
                    _ => pieces[(x >> 8) as usize % pieces.len()],
                };
                block.extend_from_slice(piece);
            }
            let text = String::from_utf8_lossy(&block).into_owned();
            let mut expected = reference(&block, b',');
            // A quoted empty field alone is a record to `csv_core`; the reader drops it as
            // blank, like the empty lines the splitter hands out.
            expected.retain(|r| !(r.len() == 1 && r[0].is_empty()));
            assert_eq!(split(&block, b','), expected, "{text:?}");
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

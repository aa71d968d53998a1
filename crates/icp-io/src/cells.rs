//! A batch of records held as the byte ranges of their fields, so that each column's cells
//! are then pushed in one run ([`ColumnBuilder::push_all`]): the column's kind is matched
//! once per batch instead of once per cell, and the loop over one column's cells stays in
//! one kind's code.
//!
//! [`ColumnBuilder::push_all`]: crate::builder::ColumnBuilder::push_all

use crate::split::Record;

/// Most records per batch: their ranges and text stay in the core's cache while each column
/// is pushed.
pub(crate) const BATCH_ROWS: usize = 512;

/// Most field ranges a batch holds (1 MiB of them): a wide file gets fewer records per batch
/// rather than megabytes of ranges per block in flight.
const BATCH_FIELDS: usize = 65_536;

/// The fields of up to [`BATCH_ROWS`] records of one block.
pub(crate) struct CellBatch<'b> {
    block: &'b [u8],
    columns: usize,
    /// Records the batch holds when full.
    capacity: usize,
    rows: usize,
    /// Unquoted copies of the fields of records that had quotes.
    copies: Vec<u8>,
    /// Per record, whether its fields are in `copies` rather than in the block.
    copied: [bool; BATCH_ROWS],
    /// `(start, end)` of each field, column after column (`capacity` slots per column).
    ranges: Vec<(usize, usize)>,
}

impl<'b> CellBatch<'b> {
    /// An empty batch of records of `block`, each with `columns` fields, for about
    /// `expected` records in all.
    pub(crate) fn new(block: &'b [u8], columns: usize, expected: usize) -> Self {
        let capacity = BATCH_ROWS.min(expected).min(BATCH_FIELDS / columns.max(1)).max(1);
        CellBatch {
            block,
            columns,
            capacity,
            rows: 0,
            copies: Vec::new(),
            copied: [false; BATCH_ROWS],
            ranges: vec![(0, 0); columns * capacity],
        }
    }

    /// Records held.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Whether another record would not fit.
    pub(crate) fn is_full(&self) -> bool {
        self.rows == self.capacity
    }

    /// Adds a record of exactly `columns` fields (the caller checks the count).
    pub(crate) fn push(&mut self, record: &Record<'_>) {
        debug_assert_eq!(record.fields.len(), self.columns);
        let row = self.rows;
        match record.offset {
            Some(offset) => {
                for (column, &(start, end)) in record.fields.iter().enumerate() {
                    self.ranges[column * self.capacity + row] = (offset + start, offset + end);
                }
                self.copied[row] = false;
            }
            None => {
                for (column, &(start, end)) in record.fields.iter().enumerate() {
                    let at = self.copies.len();
                    self.copies.extend_from_slice(&record.text[start..end]);
                    self.ranges[column * self.capacity + row] = (at, at + (end - start));
                }
                self.copied[row] = true;
            }
        }
        self.rows += 1;
    }

    /// The bytes of column `column`'s cells, record after record.
    pub(crate) fn column(&self, column: usize) -> impl Iterator<Item = &[u8]> + Clone {
        let first = column * self.capacity;
        let ranges = &self.ranges[first..first + self.rows];
        ranges.iter().zip(&self.copied).map(|(&(start, end), &copied)| {
            if copied { &self.copies[start..end] } else { &self.block[start..end] }
        })
    }

    /// Empties the batch for the next records.
    pub(crate) fn clear(&mut self) {
        self.rows = 0;
        self.copies.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_records_get_fewer_per_batch_not_more_memory() {
        let block = b"";
        let narrow = CellBatch::new(block, 10, 100_000);
        assert_eq!(narrow.capacity, BATCH_ROWS);
        let wide = CellBatch::new(block, 20_000, 100_000);
        assert_eq!(wide.capacity, 3);
        assert!(wide.ranges.len() <= BATCH_FIELDS);
        let few = CellBatch::new(block, 10, 40);
        assert_eq!(few.capacity, 40);
        let widest = CellBatch::new(block, 100_000, 10);
        assert_eq!(widest.capacity, 1);
    }
}

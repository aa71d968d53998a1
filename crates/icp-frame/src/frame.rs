use crate::Column;

/// A table: named columns of equal length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    columns: Vec<Column>,
    rows: usize,
}

impl Frame {
    /// A frame from columns that all have `rows` rows.
    ///
    /// # Panics
    /// When a column's length differs from `rows`: that is a bug in the caller, not bad data.
    pub fn new(columns: Vec<Column>, rows: usize) -> Self {
        for c in &columns {
            assert_eq!(c.len(), rows, "column `{}` has the wrong length", c.name);
        }
        Frame { columns, rows }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The columns, in file order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Mutable access to the columns (lengths must stay equal).
    pub fn columns_mut(&mut self) -> &mut [Column] {
        &mut self.columns
    }

    /// The column called `name` (exact match first, then case-insensitive).
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.index_of(name).map(|i| &self.columns[i])
    }

    /// Position of the column called `name` (exact match first, then case-insensitive).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name)))
    }

    /// Adds a column at the end.
    ///
    /// # Panics
    /// When its length differs from the frame's.
    pub fn push(&mut self, column: Column) {
        if self.columns.is_empty() && self.rows == 0 {
            self.rows = column.len();
        }
        assert_eq!(column.len(), self.rows, "column `{}` has the wrong length", column.name);
        self.columns.push(column);
    }

    /// A new frame with the given rows, in that order.
    pub fn take(&self, rows: &[usize]) -> Frame {
        Frame { columns: self.columns.iter().map(|c| c.take(rows)).collect(), rows: rows.len() }
    }

    /// Bytes the values occupy.
    pub fn heap_bytes(&self) -> usize {
        self.columns.iter().map(Column::heap_bytes).sum()
    }
}

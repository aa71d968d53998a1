//! Whether an id column names every row once, on millions of rows: every key is hashed on
//! all cores and the hashes sorted, so only rows whose hashes agree are compared as text —
//! no map of a million strings is built.

use std::hash::BuildHasher;

use icp_frame::Column;
use rayon::prelude::*;

use crate::keys::key;

/// The first problem a scan from the top would meet in an id column (rows 0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdProblem {
    /// A row without an id.
    Missing { row: usize },
    /// A row whose id an earlier row has.
    Duplicate { first: usize, second: usize },
}

/// The first row without a key, or the first row repeating an earlier row's key (with
/// that earlier row), whichever comes first; `None` when every row has its own key. Keys
/// are compared as joins compare them (`00123` and `123` are one id).
pub(crate) fn id_problem(column: &Column) -> Option<IdProblem> {
    let hasher = hashbrown::DefaultHashBuilder::default();
    let hashes: Vec<Option<u64>> = (0..column.len())
        .into_par_iter()
        .map(|i| key(column, i).map(|k| hasher.hash_one(k.as_ref())))
        .collect();
    let missing = hashes.iter().position(Option::is_none);
    let limit = missing.unwrap_or(hashes.len());
    // Rows past the first missing one cannot come first.
    let mut sorted: Vec<(u64, usize)> =
        hashes[..limit].iter().enumerate().map(|(i, h)| (h.unwrap_or_default(), i)).collect();
    drop(hashes);
    sorted.par_sort_unstable();
    let mut duplicate: Option<(usize, usize)> = None;
    for group in sorted.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // Rows ascend within a group; the first row that repeats an earlier one's key is
        // this group's candidate (equal hashes of different keys are told apart here).
        let rows: Vec<usize> = group.iter().map(|&(_, row)| row).collect();
        let found = rows.iter().enumerate().skip(1).find_map(|(j, &second)| {
            let text = key(column, second);
            rows[..j].iter().find(|&&first| key(column, first) == text).map(|&f| (f, second))
        });
        if let Some((first, second)) = found
            && duplicate.is_none_or(|(_, s)| second < s)
        {
            duplicate = Some((first, second));
        }
    }
    match (duplicate, missing) {
        (Some((first, second)), _) => Some(IdProblem::Duplicate { first, second }),
        (None, Some(row)) => Some(IdProblem::Missing { row }),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use icp_frame::{ColumnData, Kind, StrColumn};

    use super::*;

    fn ids(cells: &[Option<&str>]) -> Column {
        let mut text = StrColumn::new();
        for cell in cells {
            text.push(*cell);
        }
        Column::new("id", Kind::Identifier, ColumnData::Str(text))
    }

    #[test]
    fn unique_ids_have_no_problem() {
        let cells: Vec<String> = (0..10_000).map(|i| format!("C{i:05}")).collect();
        let cells: Vec<Option<&str>> = cells.iter().map(|c| Some(c.as_str())).collect();
        assert_eq!(id_problem(&ids(&cells)), None);
    }

    #[test]
    fn the_first_repeat_from_the_top_is_named_with_its_earlier_row() {
        // `b` repeats at row 4, `a` at row 5 (first at 0): row 4 comes first.
        let column = ids(&[Some("a"), Some("b"), Some("c"), Some("d"), Some("b"), Some("a")]);
        assert_eq!(id_problem(&column), Some(IdProblem::Duplicate { first: 1, second: 4 }));
        // `007` and `7` are one id, as joins read them.
        let column = ids(&[Some("7"), Some("x"), Some("007")]);
        assert_eq!(id_problem(&column), Some(IdProblem::Duplicate { first: 0, second: 2 }));
    }

    #[test]
    fn a_missing_id_counts_where_the_scan_meets_it() {
        let column = ids(&[Some("a"), None, Some("a")]);
        assert_eq!(id_problem(&column), Some(IdProblem::Missing { row: 1 }));
        let column = ids(&[Some("a"), Some("a"), None]);
        assert_eq!(id_problem(&column), Some(IdProblem::Duplicate { first: 0, second: 1 }));
    }
}

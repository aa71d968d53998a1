//! From header names and a sample to finished columns, shared by every reader: names are
//! checked, each column gets a plan (declared or inferred), and builders become a [`Table`].

use std::collections::HashMap;
use std::path::Path;

use icp_frame::{Column, Frame, Kind};
use rayon::prelude::*;

use crate::ReadError;
use crate::builder::ColumnBuilder;
use crate::infer;
use crate::plan::ColumnPlan;
use crate::table::{ReadOptions, SourceInfo, Table};

pub(crate) fn check_names(path: &Path, names: &[String]) -> Result<(), ReadError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(name.as_str()) {
            return Err(ReadError::DuplicateHeader {
                file: path.to_owned(),
                name: name.clone(),
                first: first + 1,
                second: i + 1,
            });
        }
        seen.insert(name, i);
    }
    Ok(())
}

/// Plans for every column: declared kinds win, the rest are inferred from the sample. A
/// column the options do not ask for gets a text plan without looking at its cells.
pub(crate) fn plan_columns<'a>(
    names: &[String],
    sample: impl Iterator<Item = &'a Vec<String>>,
    options: &ReadOptions,
) -> Vec<ColumnPlan> {
    let sample: Vec<&Vec<String>> = sample.take(options.sample_rows).collect();
    // Columns are inferred independently, so on all cores: opening a file waits for it.
    names
        .par_iter()
        .enumerate()
        .map(|(i, name)| {
            if !options.wants(name) {
                return ColumnPlan::new(name.clone(), Kind::Text);
            }
            if let Some(&kind) = options.kinds.get(name) {
                let cells: Vec<&str> =
                    sample.iter().filter_map(|r| r.get(i)).map(String::as_str).collect();
                let mut plan = infer::infer(name, &cells);
                let inferred = plan.kind;
                if plan.kind != kind {
                    plan = ColumnPlan { kind, ..plan };
                }
                plan.declared = true;
                if kind == Kind::Boolean && options.widen.contains(name) {
                    // Cells that are numbers but not 0/1 (in the sample or later) make it
                    // a number; `finish` says so.
                    plan.widen = true;
                    plan.bool_digits = matches!(inferred, Kind::Boolean | Kind::Number);
                }
                return plan;
            }
            let cells: Vec<&str> =
                sample.iter().filter_map(|r| r.get(i)).map(String::as_str).collect();
            infer::infer(name, &cells)
        })
        .collect()
}

/// Like [`finish`] for one streamed batch: kinds are fixed, so no re-inference.
pub(crate) fn finish_batch(
    path: &Path,
    source: SourceInfo,
    plans: Vec<ColumnPlan>,
    builders: Vec<ColumnBuilder>,
    rows: usize,
    first_row: usize,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    let declared = plans.into_iter().map(|p| ColumnPlan { declared: true, ..p }).collect();
    finish(path, source, declared, builders, rows, first_row, options)
}

/// Turns builders into columns: reports cells that did not fit, drops nameless empty
/// columns and the columns the options do not ask for, and re-infers string columns whose
/// labels turned out to be typed.
pub(crate) fn finish(
    path: &Path,
    source: SourceInfo,
    plans: Vec<ColumnPlan>,
    builders: Vec<ColumnBuilder>,
    rows: usize,
    first_row: usize,
    options: &ReadOptions,
) -> Result<Table, ReadError> {
    let mut warnings = Vec::new();
    let mut columns: Vec<Column> = Vec::with_capacity(builders.len());
    let mut kept_plans = Vec::with_capacity(plans.len());
    for (position, (plan, builder)) in plans.into_iter().zip(builders).enumerate() {
        if !options.wants(&plan.name) {
            continue;
        }
        let bad = builder.bad_cells();
        let errors = builder.spreadsheet_errors();
        if errors > 0 && !plan.name.is_empty() {
            warnings.push(format!(
                "column `{}`: {errors} spreadsheet error cell(s) (such as #DIV/0!, #REF! or #N/A) were read as missing",
                plan.name
            ));
        }
        if bad.count > 0 {
            let row = first_row + bad.first_row;
            if options.lenient {
                warnings.push(format!(
                    "column `{}`: {} cell(s) that are not {} were read as missing (first at row {row})",
                    plan.name, bad.count, plan.kind
                ));
            } else if bad.non_finite {
                return Err(ReadError::NonFinite {
                    file: path.to_owned(),
                    column: plan.name,
                    count: bad.count,
                    row,
                });
            } else {
                return Err(ReadError::MixedTypes {
                    file: path.to_owned(),
                    column: plan.name,
                    kind: plan.kind,
                    count: bad.count,
                    row,
                });
            }
        }
        let mut column = builder.finish(plan.name.clone(), plan.kind);
        if plan.name.is_empty() {
            if column.missing_count() == rows {
                warnings.push(format!(
                    "column {} has no name and no values; it was left out",
                    position + 1
                ));
                continue;
            }
            return Err(ReadError::EmptyHeader { file: path.to_owned(), position: position + 1 });
        }
        let mut plan = plan;
        if !plan.declared {
            column = infer::refine(column);
        }
        if plan.widen && plan.kind == Kind::Boolean && column.kind == Kind::Number {
            warnings.push(format!(
                "column `{}` was declared yes/no from an earlier file that held only 0 and 1; this one holds other numbers too, so it is read as a number (declare it a number to make that its kind)",
                plan.name
            ));
        }
        plan.kind = column.kind;
        kept_plans.push(plan);
        columns.push(column);
    }
    Ok(Table { frame: Frame::new(columns, rows), source, plans: kept_plans, warnings })
}

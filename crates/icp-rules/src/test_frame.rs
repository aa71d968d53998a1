//! Small frames for the tests.

use icp_frame::{
    Column, ColumnData, Frame, Kind, MISSING_BOOL, MISSING_CODE, MISSING_DATE, MISSING_DATETIME,
    StrColumn, TagsColumn, days_from_civil,
};

pub(crate) fn frame_of(columns: Vec<Column>) -> Frame {
    let rows = columns.first().map_or(0, Column::len);
    Frame::new(columns, rows)
}

pub(crate) fn number_column(name: &str, values: &[f64]) -> Column {
    Column::new(name, Kind::Number, ColumnData::Number(values.to_vec()))
}

fn bool_column(name: &str, values: &[Option<bool>]) -> Column {
    let data = values.iter().map(|v| v.map_or(MISSING_BOOL, u8::from)).collect();
    Column::new(name, Kind::Boolean, ColumnData::Bool(data))
}

fn categorical_column(name: &str, values: &[Option<&str>]) -> Column {
    let mut levels: Vec<String> = Vec::new();
    let mut codes = Vec::new();
    for value in values {
        codes.push(match value {
            None => MISSING_CODE,
            Some(v) => match levels.iter().position(|l| l == v) {
                Some(code) => code as u32,
                None => {
                    levels.push(v.to_string());
                    (levels.len() - 1) as u32
                }
            },
        });
    }
    Column::new(name, Kind::Categorical, ColumnData::Cat { codes, levels })
}

pub(crate) fn tags_column(name: &str, rows: &[Option<&[&str]>]) -> Column {
    let mut tags = TagsColumn { offsets: vec![0], ..TagsColumn::default() };
    for row in rows {
        for label in row.unwrap_or_default() {
            let code = match tags.levels.iter().position(|l| l == label) {
                Some(code) => code,
                None => {
                    tags.levels.push(label.to_string());
                    tags.levels.len() - 1
                }
            };
            tags.codes.push(code as u32);
        }
        tags.offsets.push(tags.codes.len() as u32);
        tags.missing.push(row.is_none());
    }
    Column::new(name, Kind::Tags, ColumnData::Tags(tags))
}

/// Four accounts with one column of every storage kind:
///
/// | column | values |
/// |---|---|
/// | won | true, false, true, missing |
/// | churned | false, false, true, false |
/// | flag (0/1 number) | 1, 0, missing, 1 |
/// | won_value | 100, 50, 300, missing |
/// | employees | 10, 200, 35, missing |
/// | lead_source | Web, Event, Web, Partner |
/// | Lead Source | Web, Web, Event, Partner |
/// | 業種 | 製造, IT, missing, 製造 |
/// | name (text) | "Acme, Inc.", Globex, Initech Ltd, missing |
/// | tags | [crm, ads], [], missing, [analytics] |
/// | signup | 2019-12-31, 2020-01-31, 2020-02-01, missing |
/// | created_at | 2020-01-31 00:00, 2020-01-31 12:00, 2020-02-01 00:00, missing |
pub(crate) fn sample() -> Frame {
    let mut names = StrColumn::new();
    for name in [Some("Acme, Inc."), Some("Globex"), Some("Initech Ltd"), None] {
        names.push(name);
    }
    let day = |y, m, d| days_from_civil(y, m, d);
    let midnight = |y, m, d| i64::from(days_from_civil(y, m, d)) * 86_400;
    frame_of(vec![
        bool_column("won", &[Some(true), Some(false), Some(true), None]),
        bool_column("churned", &[Some(false), Some(false), Some(true), Some(false)]),
        number_column("flag", &[1.0, 0.0, f64::NAN, 1.0]),
        number_column("won_value", &[100.0, 50.0, 300.0, f64::NAN]),
        number_column("employees", &[10.0, 200.0, 35.0, f64::NAN]),
        categorical_column(
            "lead_source",
            &[Some("Web"), Some("Event"), Some("Web"), Some("Partner")],
        ),
        categorical_column(
            "Lead Source",
            &[Some("Web"), Some("Web"), Some("Event"), Some("Partner")],
        ),
        categorical_column("業種", &[Some("製造"), Some("IT"), None, Some("製造")]),
        Column::new("name", Kind::Text, ColumnData::Str(names)),
        tags_column("tags", &[Some(&["crm", "ads"]), Some(&[]), None, Some(&["analytics"])]),
        Column::new(
            "signup",
            Kind::Date,
            ColumnData::Date(vec![
                day(2019, 12, 31),
                day(2020, 1, 31),
                day(2020, 2, 1),
                MISSING_DATE,
            ]),
        ),
        Column::new(
            "created_at",
            Kind::DateTime,
            ColumnData::DateTime(vec![
                midnight(2020, 1, 31),
                midnight(2020, 1, 31) + 12 * 3600,
                midnight(2020, 2, 1),
                MISSING_DATETIME,
            ]),
        ),
    ])
}

//! Reading only some columns (`ReadOptions::columns`): the same columns, kinds and rows as a
//! full read, the others never stored, and bad input still reported with file, row and column.

use std::path::Path;

use icp_frame::{Kind, Value};
use icp_io::write::parquet::ParquetWriter;
use icp_io::write::{Field, OutColumn, OutKind};
use icp_io::{ReadError, ReadOptions, read_table, table_from_cells};

fn only(columns: &[&str]) -> ReadOptions {
    ReadOptions {
        columns: Some(columns.iter().map(|c| (*c).to_owned()).collect()),
        ..ReadOptions::default()
    }
}

fn names(table: &icp_io::Table) -> Vec<&str> {
    table.frame.columns().iter().map(|c| c.name.as_str()).collect()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const ACCOUNTS: &str = "id,name,employees,industry,founded\n\
    A1,Kestrel,120,Software,2001-04-01\n\
    A2,\"Brightline, Inc\",45,Payments,1999-12-31\n\
    A3,Orbit,,Software,2010-06-15\n";

#[test]
fn a_projected_csv_has_the_columns_asked_for_in_file_order_typed_as_a_full_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "accounts.csv", ACCOUNTS);
    let full = read_table(&path, &ReadOptions::default()).unwrap();
    // Asked in another order, with a name the file does not have.
    let table = read_table(&path, &only(&["industry", "id", "employees", "revenue"])).unwrap();
    assert_eq!(names(&table), ["id", "employees", "industry"]);
    assert_eq!(table.frame.rows(), 3);
    assert_eq!(table.plans.len(), 3);
    for column in table.frame.columns() {
        let same = full.frame.column(&column.name).unwrap();
        assert_eq!(column.kind, same.kind, "{}", column.name);
        for row in 0..3 {
            assert_eq!(column.get(row), same.get(row), "{} row {row}", column.name);
        }
    }
    assert_eq!(table.frame.column("employees").unwrap().kind, Kind::Number);
    assert_eq!(table.frame.column("employees").unwrap().get(2), Value::Missing);
    assert_eq!(table.frame.column("industry").unwrap().get(1), Value::Str("Payments"));
}

#[test]
fn cells_of_columns_not_asked_for_are_not_parsed_but_records_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    // `score` is a number column with a word on row 3: an error when read, not when skipped.
    let text = "id,score,segment\nA1,10,x\nA2,ten,y\nA3,30,z\n";
    let path = write(dir.path(), "leads.csv", text);
    let options = ReadOptions {
        kinds: [("score".to_owned(), Kind::Number)].into_iter().collect(),
        ..only(&["id", "segment"])
    };
    let table = read_table(&path, &options).unwrap();
    assert_eq!(names(&table), ["id", "segment"]);
    let asked = ReadOptions { columns: Some(vec!["score".into()]), ..options.clone() };
    match read_table(&path, &asked).unwrap_err() {
        ReadError::MixedTypes { file, column, row, .. } => {
            assert_eq!(file, path);
            assert_eq!(column, "score");
            assert_eq!(row, 3);
        }
        other => panic!("expected a mixed-types error, got {other}"),
    }
    // A record with a field too many is found whichever columns are read.
    let ragged = write(dir.path(), "ragged.csv", "id,score,segment\nA1,10,x\nA2,20,y,Zq9\n");
    let message = read_table(&ragged, &only(&["id"])).unwrap_err().to_string();
    assert!(message.contains("ragged.csv") && message.contains("row 3"), "{message}");
    assert!(!message.contains("Zq9"), "no cell value in messages: {message}");
}

#[test]
fn a_bad_byte_in_a_column_not_asked_for_still_names_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bytes.csv");
    let mut bytes = b"id,note\nA1,fine\nA2,".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
    std::fs::write(&path, bytes).unwrap();
    let options = ReadOptions { encoding: Some("utf-8".into()), ..only(&["id"]) };
    match read_table(&path, &options).unwrap_err() {
        ReadError::Encoding { row, column, .. } => {
            assert_eq!(row, 3);
            assert_eq!(column, "note");
        }
        other => panic!("expected an encoding error, got {other}"),
    }
}

#[test]
fn json_lines_keep_every_object_as_a_row_even_one_without_the_columns_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"id\": \"A1\", \"n\": 1, \"note\": \"x\"}\n{\"note\": \"only a note\"}\n{\"id\": \"A3\", \"n\": 3}\n";
    let path = write(dir.path(), "leads.jsonl", text);
    let table = read_table(&path, &only(&["id", "n"])).unwrap();
    assert_eq!(names(&table), ["id", "n"]);
    assert_eq!(table.frame.rows(), 3);
    assert_eq!(table.frame.column("n").unwrap().get(1), Value::Missing);
    assert_eq!(table.frame.column("n").unwrap().get(2), Value::Number(3.0));
}

#[test]
fn rows_of_cells_are_projected_like_a_workbook() {
    let names = vec!["id".to_owned(), "city".to_owned(), "employees".to_owned()];
    let cell = |s: &str| Some(s.to_owned());
    let rows = vec![vec![cell("A1"), cell("Osaka"), cell("12")], vec![cell("A2"), None, cell("7")]];
    let table = table_from_cells(Path::new("lead"), names, rows, &only(&["employees"])).unwrap();
    assert_eq!(table.frame.columns().len(), 1);
    assert_eq!(table.frame.column("employees").unwrap().get(1), Value::Number(7.0));
}

#[test]
fn parquet_reads_only_the_column_chunks_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accounts.parquet");
    let source =
        read_table(&write(dir.path(), "accounts.csv", ACCOUNTS), &ReadOptions::default()).unwrap();
    let fields: Vec<Field> = source
        .frame
        .columns()
        .iter()
        .map(|c| Field::new(c.name.clone(), OutKind::of_kind(c.kind)))
        .collect();
    let mut writer = ParquetWriter::new(std::fs::File::create(&path).unwrap(), fields).unwrap();
    let columns: Vec<OutColumn<'_>> =
        source.frame.columns().iter().map(OutColumn::Column).collect();
    writer.write(&columns).unwrap();
    writer.finish().unwrap();

    let table = read_table(&path, &only(&["founded", "name"])).unwrap();
    assert_eq!(names(&table), ["name", "founded"]);
    assert_eq!(table.frame.rows(), 3);
    assert_eq!(table.frame.column("founded").unwrap().kind, Kind::Date);
    assert_eq!(table.frame.column("name").unwrap().get(1), Value::Str("Brightline, Inc"));
    // None of its columns asked for: still its rows.
    let none = read_table(&path, &only(&["revenue"])).unwrap();
    assert_eq!((none.frame.rows(), none.frame.columns().len()), (3, 0));
}

#[test]
fn skipped_columns_are_left_out_and_every_other_one_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "accounts.csv", ACCOUNTS);
    let full = read_table(&path, &ReadOptions::default()).unwrap();
    // A name the file does not have is no error; `founded`, named by nobody, is read.
    let options =
        ReadOptions { skip: vec!["name".into(), "revenue".into()], ..ReadOptions::default() };
    let table = read_table(&path, &options).unwrap();
    assert_eq!(names(&table), ["id", "employees", "industry", "founded"]);
    for column in table.frame.columns() {
        let same = full.frame.column(&column.name).unwrap();
        assert_eq!(column.kind, same.kind, "{}", column.name);
        assert_eq!(column.get(1), same.get(1), "{}", column.name);
    }
    // With `columns` too, a column named in both is not read.
    let both = ReadOptions { skip: vec!["id".into()], ..only(&["id", "industry"]) };
    assert_eq!(names(&read_table(&path, &both).unwrap()), ["industry"]);
}

#[test]
fn columns_are_asked_for_and_skipped_without_regard_to_case_as_they_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "accounts.csv", ACCOUNTS);
    // A profile or rule spelling `Industry` finds the header `industry` once read, so a
    // projection must read it too (else its cells would silently score as missing).
    let table = read_table(&path, &only(&["ID", "Industry"])).unwrap();
    assert_eq!(names(&table), ["id", "industry"]);
    let options = ReadOptions { skip: vec!["NAME".into()], ..ReadOptions::default() };
    assert_eq!(
        names(&read_table(&path, &options).unwrap()),
        ["id", "employees", "industry", "founded"]
    );
}

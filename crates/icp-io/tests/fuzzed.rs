//! Inputs the fuzzers found (scripts/fuzz.sh), kept so that each stays fixed: every one is
//! read as a table or refused with an error naming the file, never a panic.

use std::path::Path;

#[test]
fn damaged_parquet_whose_reader_panicked_is_an_error() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzzed/parquet-dictionary-panic.parquet");
    let err = icp_io::read_table(&path, &icp_io::ReadOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("parquet-dictionary-panic.parquet"), "{message}");
    assert!(message.contains("cannot be read"), "{message}");
}

/// A few kilobytes whose dictionary page claims billions of values: the parquet crate would
/// size the dictionary first and abort on the failed allocation. Refused before decoding.
#[test]
fn parquet_dictionary_claiming_more_values_than_it_holds_is_an_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzzed/parquet-dictionary-claims-too-many.parquet");
    let err = icp_io::read_table(&path, &icp_io::ReadOptions::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("parquet-dictionary-claims-too-many.parquet"), "{message}");
    assert!(message.contains("damaged"), "{message}");
}

//! Finding a `criteria` key wherever a user wrote it in a TOML file, so that the profile and
//! the project file can both answer a misplaced or misspelled criteria list with the form that
//! works.

/// The value of a `criteria` key anywhere in `table`: a key written after a table header
/// belongs to that table, so `criteria = [...]` lands wherever the user put it. Tables named
/// in `skip` are not searched (the project's column settings are keyed by header, and a
/// column may be called `criteria`).
pub fn find_criteria<'a>(table: &'a toml::Table, skip: &[&str]) -> Option<&'a toml::Value> {
    table.get("criteria").or_else(|| {
        table.iter().filter(|(key, _)| !skip.contains(&key.as_str())).find_map(|(_, value)| {
            match value {
                toml::Value::Table(inner) => find_criteria(inner, skip),
                toml::Value::Array(items) => items.iter().find_map(|item| match item {
                    toml::Value::Table(inner) => find_criteria(inner, skip),
                    _ => None,
                }),
                _ => None,
            }
        })
    })
}

/// The line of the `criteria = ...` key or the `[[criteria]]` header (0 when not found).
pub fn criteria_line(text: &str) -> usize {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.trim_start_matches('[').starts_with("criteria")
                && (line.starts_with('[') || line["criteria".len()..].trim_start().starts_with('='))
        })
        .map_or(0, |i| i + 1)
}

//! The permanent adversarial corpus (issue 10): hostile but realistic inputs, table-driven.
//!
//! A case is files, an optional prepared project, a command and its expectations. Every case
//! also asserts, whatever it is about: no panic or internal error; no planted personal value
//! ([`MARKERS`]) in stdout, stderr or any file the command wrote; every file that existed
//! before is byte-identical afterwards unless the case says the command may rewrite it; and a
//! failed command writes nothing. Cases run on a few threads and failures are reported
//! together, each with its case's name.

mod clearer_errors;
mod files;
mod paths;
mod personal_data;
mod silently_wrong;

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{Run, icp, icp_with};

/// Unique personal values planted in the data; none may ever be printed or written.
pub const MARKERS: [&str; 6] =
    ["zq.marker", "pii-leak.example", "90-7777-", "Quintessa", "Marrowby", "5550199"];

/// A planted e-mail address for row `i`.
pub fn email(i: usize) -> String {
    format!("zq.marker{i}@pii-leak.example")
}

/// A planted phone number for row `i`.
pub fn phone(i: usize) -> String {
    format!("+81 90-7777-{:04}", i % 10_000)
}

/// A planted person's name for row `i`.
pub fn person(i: usize) -> String {
    format!("Quintessa{} Marrowby", i % 7)
}

/// The columns of [`accounts`].
pub const COLUMNS: [&str; 10] = [
    "account_id",
    "company_name",
    "industry",
    "employees",
    "country",
    "founded",
    "contact_email",
    "phone",
    "owner",
    "won",
];

/// One row of the standard accounts table: won customers follow industry and size.
pub fn account_row(i: usize) -> Vec<String> {
    let industry = ["Software", "Retail", "Fintech", "Mining"][i % 4];
    let employees = 10 + (i * 37) % 900;
    let won =
        (matches!(industry, "Software" | "Fintech") && employees < 500) || i.is_multiple_of(11);
    vec![
        format!("A{i:04}"),
        format!("Company {i}"),
        industry.to_owned(),
        employees.to_string(),
        ["US", "UK", "DE", "JP"][i % 3].to_owned(),
        format!("20{:02}-{:02}-{:02}", 5 + i % 15, 1 + i % 12, 1 + i % 28),
        email(i),
        phone(i),
        person(i),
        won.to_string(),
    ]
}

/// `n` accounts, each row passed through `edit` (row index, cells), joined with `sep`.
pub fn accounts(n: usize, sep: &str, edit: impl Fn(usize, &mut Vec<String>)) -> String {
    let mut out = COLUMNS.join(sep) + "\n";
    for i in 0..n {
        let mut row = account_row(i);
        edit(i, &mut row);
        out.push_str(&row.join(sep));
        out.push('\n');
    }
    out
}

/// The same table as JSON lines.
pub fn accounts_jsonl(n: usize, edit: impl Fn(usize, &mut Vec<String>)) -> String {
    let mut out = String::new();
    for i in 0..n {
        let mut row = account_row(i);
        edit(i, &mut row);
        let object: serde_json::Map<String, serde_json::Value> = COLUMNS
            .iter()
            .zip(row)
            .map(|(k, v)| {
                let value = match v.parse::<f64>() {
                    Ok(x) if *k == "employees" && x.is_finite() => serde_json::json!(x),
                    _ => serde_json::Value::String(v),
                };
                ((*k).to_owned(), value)
            })
            .collect();
        out.push_str(&serde_json::Value::Object(object).to_string());
        out.push('\n');
    }
    out
}

pub fn gzip(text: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

/// A prepared project copied into a case's folder before it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// No files but the case's own.
    None,
    /// accounts.csv (300 rows with planted personal data), leads.csv, orders.csv, icp.toml
    /// (golden: won) and profile.toml from `discover`.
    Project,
}

fn project_template() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let d = crate::common::temp();
        let p = d.path();
        std::fs::write(p.join("accounts.csv"), accounts(300, ",", |_, _| {})).unwrap();
        let leads = accounts(60, ",", |i, r| {
            r[0] = format!("L{i:04}");
            r[9] = String::new();
        });
        std::fs::write(p.join("leads.csv"), leads).unwrap();
        let mut orders = String::from("customer_id,order_date,amount\n");
        for i in 0..400 {
            let customer = if i % 5 == 0 { email(i % 40) } else { format!("C{:03}", i % 40) };
            orders.push_str(&format!(
                "{customer},2024-{:02}-{:02},{}\n",
                1 + i % 12,
                1 + i % 28,
                10 + i % 90
            ));
        }
        std::fs::write(p.join("orders.csv"), orders).unwrap();
        icp(p, &["init", "accounts.csv", "--golden", "won", "--id", "account_id", "-q"]).ok();
        icp(p, &["discover", "-q"]).ok();
        d
    })
    .path()
}

/// One adversarial case.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    base: Base,
    files: Vec<(String, Vec<u8>)>,
    setup: Vec<Vec<String>>,
    args: Vec<String>,
    code: i32,
    stderr_has: Vec<String>,
    stdout_has: Vec<String>,
    stdout_lacks: Vec<String>,
    /// Files the command may create or rewrite when it succeeds (exact names).
    writes: Vec<String>,
    /// Written files that carry the input's rows on purpose (a scored copy of the leads).
    carries_rows: Vec<String>,
}

impl Case {
    pub fn new(name: impl Into<String>) -> Case {
        Case {
            name: name.into(),
            base: Base::None,
            files: Vec::new(),
            setup: Vec::new(),
            args: Vec::new(),
            code: 0,
            stderr_has: Vec::new(),
            stdout_has: Vec::new(),
            stdout_lacks: Vec::new(),
            writes: Vec::new(),
            carries_rows: Vec::new(),
        }
    }

    pub fn base(mut self, base: Base) -> Case {
        self.base = base;
        self
    }

    pub fn file(mut self, name: &str, bytes: impl AsRef<[u8]>) -> Case {
        self.files.push((name.to_owned(), bytes.as_ref().to_vec()));
        self
    }

    /// A command run before the one under test; it must succeed.
    pub fn setup(mut self, args: &[&str]) -> Case {
        self.setup.push(args.iter().map(|s| (*s).to_owned()).collect());
        self
    }

    pub fn run(mut self, args: &[&str]) -> Case {
        self.args = args.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// Expects exit code 1 and every fragment in stderr.
    pub fn fails(mut self, fragments: &[&str]) -> Case {
        self.code = 1;
        self.stderr_has.extend(fragments.iter().map(|s| (*s).to_owned()));
        self
    }

    /// Expects success; the command may write these files.
    pub fn succeeds(mut self, writes: &[&str]) -> Case {
        self.code = 0;
        self.writes.extend(writes.iter().map(|s| (*s).to_owned()));
        self
    }

    /// Expects exit code `code` (a usage error is 2).
    pub fn code(mut self, code: i32) -> Case {
        self.code = code;
        self
    }

    pub fn stderr(mut self, fragments: &[&str]) -> Case {
        self.stderr_has.extend(fragments.iter().map(|s| (*s).to_owned()));
        self
    }

    pub fn stdout(mut self, fragments: &[&str]) -> Case {
        self.stdout_has.extend(fragments.iter().map(|s| (*s).to_owned()));
        self
    }

    pub fn stdout_lacks(mut self, fragments: &[&str]) -> Case {
        self.stdout_lacks.extend(fragments.iter().map(|s| (*s).to_owned()));
        self
    }

    pub fn carries_rows(mut self, name: &str) -> Case {
        self.carries_rows.push(name.to_owned());
        self
    }

    /// Runs the case; `Err` says what went wrong.
    fn check(&self) -> Result<(), String> {
        let dir = crate::common::temp();
        let d = dir.path();
        if self.base == Base::Project {
            for entry in std::fs::read_dir(project_template()).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), d.join(entry.file_name())).unwrap();
            }
        }
        for (name, bytes) in &self.files {
            let path = d.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(path, bytes).unwrap();
        }
        for args in &self.setup {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = icp(d, &args);
            if run.code != 0 {
                return Err(format!("setup {args:?} failed:\n{}", run.stderr));
            }
        }
        let before = snapshot(d);
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        // A user's shell has no RUST_BACKTRACE: an error is a message, never a trace.
        let run = icp_with(d, &args, &[("RUST_BACKTRACE", "0"), ("RUST_LIB_BACKTRACE", "0")]);
        let after = snapshot(d);
        self.judge(&run, &before, &after)
    }

    fn judge(
        &self,
        run: &Run,
        before: &BTreeMap<String, Vec<u8>>,
        after: &BTreeMap<String, Vec<u8>>,
    ) -> Result<(), String> {
        let shown = || format!("stdout:\n{}\nstderr:\n{}", clip(&run.stdout), clip(&run.stderr));
        if run.code != self.code {
            return Err(format!("exit code {} (expected {})\n{}", run.code, self.code, shown()));
        }
        for bad in ["panicked", "internal error", "stack backtrace"] {
            if run.stderr.contains(bad) {
                return Err(format!("`{bad}` in stderr\n{}", shown()));
            }
        }
        for f in &self.stderr_has {
            if !run.stderr.contains(f.as_str()) {
                return Err(format!("stderr lacks {f:?}\n{}", shown()));
            }
        }
        for f in &self.stdout_has {
            if !run.stdout.contains(f.as_str()) {
                return Err(format!("stdout lacks {f:?}\n{}", shown()));
            }
        }
        for f in &self.stdout_lacks {
            if run.stdout.contains(f.as_str()) {
                return Err(format!("stdout has {f:?}\n{}", shown()));
            }
        }
        for marker in MARKERS {
            if run.stdout.contains(marker) || run.stderr.contains(marker) {
                return Err(format!("personal value `{marker}` printed\n{}", shown()));
            }
        }
        for (name, bytes) in before {
            let may_change = run.code == 0 && self.writes.contains(name);
            match after.get(name) {
                None => return Err(format!("{name} was removed")),
                Some(now) if now != bytes && !may_change => {
                    return Err(format!("{name} was changed\n{}", shown()));
                }
                _ => {}
            }
        }
        for (name, bytes) in after {
            let new_or_changed = before.get(name) != Some(bytes);
            if !new_or_changed {
                continue;
            }
            if run.code != 0 {
                return Err(format!("{name} was written by a failing command"));
            }
            if !self.writes.contains(name) {
                return Err(format!("{name} was written unexpectedly"));
            }
            if !self.carries_rows.contains(name) {
                let text = String::from_utf8_lossy(bytes);
                if let Some(m) = MARKERS.iter().find(|m| text.contains(**m)) {
                    return Err(format!("personal value `{m}` written to {name}"));
                }
            }
        }
        Ok(())
    }
}

fn clip(text: &str) -> String {
    text.chars().take(3000).collect()
}

/// Regular files under `dir` (one level of folders deep), by relative name.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![(dir.to_path_buf(), String::new(), 0)];
    while let Some((path, prefix, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&path) else { continue };
        for entry in entries.flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else { continue };
            if meta.is_dir() && depth < 1 {
                stack.push((entry.path(), format!("{name}/"), depth + 1));
            } else if meta.is_file() {
                out.insert(name, std::fs::read(entry.path()).unwrap_or_default());
            }
        }
    }
    out
}

/// Runs every case (on a few threads) and fails once, listing every failing case.
#[track_caller]
pub fn run_all(cases: Vec<Case>) {
    let mut names = std::collections::HashSet::new();
    for c in &cases {
        assert!(names.insert(c.name.clone()), "two cases are called {}", c.name);
    }
    let threads = 3;
    let chunks: Vec<Vec<Case>> =
        (0..threads).map(|t| cases.iter().skip(t).step_by(threads).cloned().collect()).collect();
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|c| c.check().err().map(|e| format!("case `{}`: {e}", c.name)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

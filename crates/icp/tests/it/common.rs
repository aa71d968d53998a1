use std::path::{Path, PathBuf};
use std::process::Command;

/// The outcome of one `icp` run.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts a clean failure: exit code 1, no panic, and every fragment in stderr.
    #[track_caller]
    pub fn fails_with(&self, fragments: &[&str]) {
        assert_eq!(
            self.code, 1,
            "expected exit 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        for f in fragments {
            assert!(self.stderr.contains(f), "stderr lacks {f:?}:\n{}", self.stderr);
        }
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        &self.stdout
    }
}

/// Runs `icp` in `dir` with `args`, colour and progress off.
pub fn icp(dir: &Path, args: &[&str]) -> Run {
    icp_with(dir, args, &[])
}

/// Runs `icp` on a project whose data lies outside its folder (the shared datasets).
pub fn icp_outside(dir: &Path, args: &[&str]) -> Run {
    icp_with(dir, args, &[("ICP_ALLOW_OUTSIDE", "1")])
}

/// Runs `icp` in `dir` with `args` and extra environment variables.
pub fn icp_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_icp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("ICP_QUIET")
        .env_remove("ICP_ALLOW_OUTSIDE")
        .envs(env.iter().copied())
        .output()
        .expect("icp runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh temporary folder.
pub fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// The shared real datasets (`../shared/datasets` beside the repository, or
/// `$ICP_DATASETS`), or `None` with a message saying the test is skipped. With
/// `ICP_REQUIRE_DATASETS=1` (set by CI) an absent folder fails the test instead, so a green
/// run always includes the real-data tests.
pub fn datasets(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("ICP_DATASETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets"));
    if dir.is_dir() {
        return Some(dir);
    }
    let message = format!(
        "{test}: the shared datasets folder {} is absent (set ICP_DATASETS)",
        dir.display()
    );
    assert!(!datasets_required(), "{message}, and ICP_REQUIRE_DATASETS=1 forbids skipping");
    eprintln!("skipping {message}");
    None
}

/// Whether `ICP_REQUIRE_DATASETS=1` is set: a missing dataset then fails instead of skipping.
pub fn datasets_required() -> bool {
    std::env::var_os("ICP_REQUIRE_DATASETS").is_some_and(|v| v == "1")
}

/// Parses JSON printed by `--json`.
pub fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(run.ok()).expect("valid JSON on stdout")
}

/// The summary entry for one column.
pub fn column<'a>(summary: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    summary["columns"]
        .as_array()
        .expect("columns array")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name} in summary"))
}

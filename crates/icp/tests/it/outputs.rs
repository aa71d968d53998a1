//! Never destroy a user's file: every command that writes checks its output the same way —
//! devices and FIFOs are written through, links followed, read-only files and the command's
//! own inputs refused, files icp did not write replaced only with `--force`, permissions
//! kept, hand-edited profiles kept, spreadsheets refused, and no temporary file left behind
//! by an error or a signal.

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::Path;

use crate::common::{icp, temp, write};

/// A demo project (accounts, deals, leads, icp.toml, profile.toml) in `dir`.
fn demo(dir: &Path) {
    icp(dir, &["demo", "-o", ".", "--accounts", "400", "-q"]).ok();
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".icp-") && n != ".icp-demo")
        .collect()
}

/// Each writing command, as arguments with `OUT` where the output path goes.
const WRITERS: &[&[&str]] = &[
    &["score", "leads.csv", "-o", "OUT"],
    &["discover", "-o", "OUT"],
    &["segment", "--no-clusters", "-o", "OUT"],
    &["segment", "--no-clusters", "--do-not-approach", "OUT"],
    &["report", "-o", "OUT"],
    &["evaluate", "--report", "OUT"],
    &["init", "accounts.csv", "--deals", "deals.csv", "-o", "OUT"],
];

fn with_output<'a>(args: &[&'a str], out: &'a str) -> Vec<&'a str> {
    let mut v: Vec<&str> = args.iter().map(|a| if *a == "OUT" { out } else { a }).collect();
    v.push("-q");
    v
}

#[test]
fn a_file_icp_did_not_write_is_replaced_only_with_force() {
    let d = temp();
    demo(d.path());
    for args in WRITERS {
        write(d.path(), "mine.txt", "my notes\n");
        let run = icp(d.path(), &with_output(args, "mine.txt"));
        run.fails_with(&["mine.txt already exists and was not written by icp", "--force"]);
        assert_eq!(read(d.path(), "mine.txt"), "my notes\n", "{args:?}");
        let mut forced = with_output(args, "mine.txt");
        forced.push("--force");
        icp(d.path(), &forced).ok();
        assert_ne!(read(d.path(), "mine.txt"), "my notes\n", "{args:?}");
        assert!(temporaries(d.path()).is_empty(), "{args:?}: {:?}", temporaries(d.path()));
    }
}

#[test]
fn an_input_is_never_replaced_even_with_force() {
    let d = temp();
    demo(d.path());
    let cases: &[(&[&str], &str)] = &[
        (&["score", "leads.csv", "-o", "leads.csv"], "leads.csv"),
        (&["score", "leads.csv", "-o", "profile.toml"], "profile.toml"),
        (&["discover", "-o", "accounts.csv"], "accounts.csv"),
        (&["discover", "-o", "icp.toml"], "icp.toml"),
        (&["segment", "-o", "accounts.csv"], "accounts.csv"),
        (&["report", "-o", "deals.csv"], "deals.csv"),
        (&["init", "accounts.csv", "-o", "accounts.csv"], "accounts.csv"),
    ];
    for (args, input) in cases {
        let before = std::fs::read(d.path().join(input)).unwrap();
        let mut run: Vec<&str> = args.to_vec();
        run.extend(["--force", "-q"]);
        icp(d.path(), &run).fails_with(&[input, "one of this command's inputs"]);
        assert_eq!(std::fs::read(d.path().join(input)).unwrap(), before, "{args:?}");
    }
    // A link to an input is the input.
    std::os::unix::fs::symlink("accounts.csv", d.path().join("alias.csv")).unwrap();
    icp(d.path(), &["discover", "-o", "alias.csv", "--force"])
        .fails_with(&["one of this command's inputs"]);
}

#[test]
fn devices_are_written_through_and_stay_devices() {
    let d = temp();
    demo(d.path());
    for args in WRITERS {
        icp(d.path(), &with_output(args, "/dev/null")).ok();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device(), "{args:?} replaced /dev/null");
    }
}

#[test]
fn a_fifo_is_written_through() {
    let d = temp();
    demo(d.path());
    let fifo = d.path().join("pipe");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    icp(d.path(), &["score", "leads.csv", "-o", "pipe", "-q"]).ok();
    let text = reader.join().unwrap();
    assert!(text.starts_with("id,") || text.contains("icp_score"), "{}", &text[..80]);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn a_link_is_followed_and_stays_a_link() {
    let d = temp();
    demo(d.path());
    std::fs::create_dir(d.path().join("shared")).unwrap();
    icp(d.path(), &["score", "leads.csv", "-o", "shared/scored.csv", "-q"]).ok();
    std::os::unix::fs::symlink("shared/scored.csv", d.path().join("latest.csv")).unwrap();
    icp(d.path(), &["score", "leads.csv", "-o", "latest.csv", "--no-reasons", "-q"]).ok();
    let link = std::fs::symlink_metadata(d.path().join("latest.csv")).unwrap();
    assert!(link.file_type().is_symlink());
    assert!(!read(d.path(), "shared/scored.csv").contains("icp_reasons"));
}

#[test]
fn read_only_files_are_refused_and_permissions_are_kept() {
    let d = temp();
    demo(d.path());
    icp(d.path(), &["score", "leads.csv", "-o", "a.csv", "-q"]).ok();
    assert_eq!(
        std::fs::metadata(d.path().join("a.csv")).unwrap().permissions().mode() & 0o777,
        0o644
    );
    let path = d.path().join("a.csv");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = read(d.path(), "a.csv");
    icp(d.path(), &["score", "leads.csv", "-o", "a.csv", "--no-reasons", "--force"])
        .fails_with(&["a.csv is read-only"]);
    assert_eq!(read(d.path(), "a.csv"), before);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    icp(d.path(), &["score", "leads.csv", "-o", "a.csv", "--no-reasons", "-q"]).ok();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert_ne!(read(d.path(), "a.csv"), before);
}

#[test]
fn a_hand_edited_profile_is_kept_beside_the_new_one() {
    let d = temp();
    demo(d.path());
    // A profile icp wrote and nobody touched is simply replaced.
    icp(d.path(), &["discover", "-q"]).ok();
    assert!(!d.path().join("profile.toml.1").exists());
    let edited = read(d.path(), "profile.toml").replacen("min_score = ", "min_score = 1", 1);
    write(d.path(), "profile.toml", &edited);
    let run = icp(d.path(), &["discover"]);
    run.ok();
    assert!(run.stderr.contains("edited by hand; it is kept as profile.toml.1"), "{}", run.stderr);
    assert_eq!(read(d.path(), "profile.toml.1"), edited);
    assert_ne!(read(d.path(), "profile.toml"), edited);
}

#[test]
fn spreadsheets_are_refused_not_written_as_csv() {
    let d = temp();
    demo(d.path());
    for args in [
        &["score", "leads.csv", "-o", "out.xlsx"][..],
        &["segment", "--no-clusters", "-o", "out.xlsx"],
        &["segment", "--no-clusters", "--do-not-approach", "out.xls"],
    ] {
        icp(d.path(), args).fails_with(&["icp does not write spreadsheets", ".csv"]);
    }
    assert!(!d.path().join("out.xlsx").exists() && !d.path().join("out.xls").exists());
}

#[test]
fn the_demo_writes_only_into_a_folder_of_its_own() {
    let d = temp();
    write(d.path(), "icp.toml", "# my real project\n");
    icp(d.path(), &["demo", "-o", ".", "-q"]).fails_with(&["not made by `icp demo`"]);
    assert_eq!(read(d.path(), "icp.toml"), "# my real project\n");
    // Its own folder it may write again.
    let fresh = d.path().join("demo");
    let dir = fresh.to_str().unwrap();
    icp(d.path(), &["demo", "-o", dir, "--accounts", "300", "-q"]).ok();
    icp(d.path(), &["demo", "-o", dir, "--accounts", "300", "-q"]).ok();
}

#[test]
fn a_signal_removes_the_temporary_file() {
    let d = temp();
    demo(d.path());
    // Standard input held open: icp has created its temporary output and waits for rows.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_icp"))
        .args(["score", "-", "-p", "profile.toml", "-o", "out.csv", "-q"])
        .current_dir(d.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    use std::io::Write as _;
    stdin.write_all(read(d.path(), "leads.csv").lines().next().unwrap().as_bytes()).unwrap();
    stdin.write_all(b"\n").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while temporaries(d.path()).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!temporaries(d.path()).is_empty(), "no temporary file appeared");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(!exit.success());
    drop(stdin);
    assert!(temporaries(d.path()).is_empty(), "left behind: {:?}", temporaries(d.path()));
    assert!(!d.path().join("out.csv").exists());
}

/// A project file is passed around: the tables it names are read only from inside its own
/// folder unless the user allows otherwise, and never from the machine's system files.
#[test]
fn a_project_reads_tables_only_from_its_own_folder() {
    let d = temp();
    demo(d.path());
    std::fs::create_dir(d.path().join("p")).unwrap();
    let toml =
        read(d.path(), "icp.toml").replace("path = \"accounts.csv\"", "path = \"../accounts.csv\"");
    let toml = toml.replace("path = \"deals.csv\"", "path = \"../deals.csv\"");
    write(&d.path().join("p"), "icp.toml", &toml);
    let p = d.path().join("p");
    icp(&p, &["describe"]).fails_with(&["outside the project's folder", "--allow-outside"]);
    icp(&p, &["describe", "--allow-outside"]).ok();
    crate::common::icp_outside(&p, &["describe"]).ok();
    // System files, never.
    let toml = toml.replace("path = \"../accounts.csv\"", "path = \"/proc/self/environ\"");
    write(&p, "icp.toml", &toml);
    icp(&p, &["describe", "--allow-outside"]).fails_with(&["system file, which icp never reads"]);
}

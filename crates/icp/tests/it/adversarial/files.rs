//! Files never destroyed: for every command that writes, a file icp did not write, one of
//! the command's inputs, a folder and a path in a missing folder are refused and left as
//! they were; a failing command leaves its previous output intact.

use super::{Base, Case, run_all};

/// Each writing command, with `OUT` where the output path goes.
const WRITERS: [&[&str]; 6] = [
    &["score", "leads.csv", "-o", "OUT"],
    &["discover", "-o", "OUT"],
    &["segment", "--no-clusters", "-o", "OUT"],
    &["report", "-o", "OUT"],
    &["evaluate", "--folds", "3", "--report", "OUT"],
    &["init", "accounts.csv", "--golden", "won", "-o", "OUT"],
];

fn with(args: &[&str], out: &str, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> =
        args.iter().map(|a| if *a == "OUT" { out.to_owned() } else { (*a).to_owned() }).collect();
    v.extend(extra.iter().map(|s| (*s).to_owned()));
    v.push("-q".into());
    v
}

#[test]
fn writers_refuse_what_they_must_not_replace() {
    let mut cases = Vec::new();
    for writer in WRITERS {
        let name = writer[0];
        let input = if name == "score" { "leads.csv" } else { "accounts.csv" };
        let targets: [(&str, &str, &[&str], &str); 3] = [
            ("foreign", "notes.txt", &[], "already exists and was not written by icp"),
            ("input-forced", input, &["--force"], input),
            ("folder", "sub", &[], "folder"),
        ];
        for (label, target, extra, fragment) in targets {
            let args = with(writer, target, extra);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            cases.push(
                Case::new(format!("{name}/{label}"))
                    .base(Base::Project)
                    .file("notes.txt", "my own notes\n")
                    .file("sub/keep.txt", "kept\n")
                    .run(&args)
                    .fails(&[fragment]),
            );
        }
        // Broken input: the command fails and its previous output stays as it was.
        let previous = match name {
            "score" => "scored.csv",
            "discover" => "profile.toml",
            "segment" => "members.csv",
            "report" | "evaluate" => "r.html",
            _ => "icp.toml",
        };
        let args = with(writer, previous, &["--force"]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let broken = super::accounts(300, ",", |i, r| {
            if i == 150 {
                r.push("extra".into());
            }
        });
        let mut case = Case::new(format!("{name}/broken-input-keeps-previous-output"))
            .base(Base::Project)
            .file("accounts.csv", &broken)
            .file("leads.csv", broken.replace("A0", "L0"));
        if previous != "profile.toml" && previous != "icp.toml" {
            case = case.file(previous, "previous output written by icp\n");
        }
        cases.push(case.run(&args).fails(&["row 152 has 11 fields"]));
    }
    run_all(cases);
}

/// A path in a folder that does not exist yet: the folder is made and the output written.
#[test]
fn a_missing_folder_is_made() {
    let cases = WRITERS
        .iter()
        .map(|writer| {
            let out = if writer[0] == "discover" || writer[0] == "init" {
                "new/p.toml"
            } else {
                "new/out.x"
            };
            let args = with(writer, out, &[]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let case = Case::new(writer[0]).base(Base::Project).run(&args).succeeds(&[out]);
            if writer[0] == "score" { case.carries_rows(out) } else { case }
        })
        .collect();
    run_all(cases);
}

#[test]
fn the_project_file_is_never_an_output_of_score() {
    let args = with(WRITERS[0], "icp.toml", &["--force"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_all(vec![
        Case::new("score/project-forced").base(Base::Project).run(&args).fails(&["icp.toml"]),
    ]);
}

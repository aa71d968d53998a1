//! Paths from icp.toml: tables are read from inside the project's folder, relative to it;
//! anything outside (a `../` path, an absolute system file, the process's own environment)
//! needs `--allow-outside`, and the system's `/proc`, `/sys` and `/dev` never.

use super::{Case, accounts, run_all};

fn project(path: &str) -> String {
    format!("schema_version = 1\n\n[accounts]\npath = \"{path}\"\n\n[golden]\nrule = \"won\"\n")
}

#[test]
fn project_paths_stay_inside_the_project() {
    let data = accounts(60, ",", |_, _| {});
    let refused: [(&str, &str, &str); 7] = [
        ("parent", "../outside.csv", "outside"),
        ("deep-parent", "sub/../../outside.csv", "outside"),
        ("etc-passwd", "/etc/passwd", "outside"),
        ("proc-environ", "/proc/self/environ", "a system file, which icp never reads"),
        ("proc-parent", "../../../../../../proc/self/environ", "a system file"),
        ("dev", "/dev/zero", "a system file"),
        ("sys", "/sys/devices/system/cpu/online", "a system file"),
    ];
    let mut cases = Vec::new();
    for (label, path, fragment) in refused {
        cases.push(
            Case::new(format!("refused/{label}"))
                .file("p/icp.toml", project(path))
                .file("outside.csv", &data)
                .run(&["describe", "-p", "p/icp.toml"])
                .fails(&["p/icp.toml", fragment]),
        );
    }
    for (label, path) in [("proc", "/proc/self/environ"), ("dev", "/dev/zero")] {
        cases.push(
            Case::new(format!("never-even-allowed/{label}"))
                .file("p/icp.toml", project(path))
                .run(&["describe", "-p", "p/icp.toml", "--allow-outside"])
                .fails(&["a system file"]),
        );
    }
    cases.push(
        Case::new("relative-to-the-project-file")
            .file("p/icp.toml", project("data/a.csv"))
            .file("p/data/a.csv", &data)
            .run(&["describe", "-p", "p/icp.toml"])
            .succeeds(&[]),
    );
    cases.push(
        Case::new("allowed-outside")
            .file("p/icp.toml", project("../outside.csv"))
            .file("outside.csv", &data)
            .run(&["describe", "-p", "p/icp.toml", "--allow-outside"])
            .succeeds(&[]),
    );
    cases.push(
        Case::new("missing-table-named")
            .file("p/icp.toml", project("nope.csv"))
            .run(&["describe", "-p", "p/icp.toml"])
            .fails(&["nope.csv"]),
    );
    run_all(cases);
}

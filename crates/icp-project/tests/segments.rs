//! `[[segment]]` in icp.toml: `approach = false` says "do not approach" as data; actions
//! written before that setting existed still say it in words.

use std::path::Path;

use icp_project::{ProjectError, ProjectFile};

fn parse(segments: &str) -> Result<ProjectFile, ProjectError> {
    let text = format!("schema_version = 1\n[accounts]\npath = \"a.csv\"\n{segments}");
    ProjectFile::parse(Path::new("icp.toml"), &text)
}

#[test]
fn approach_is_optional_and_read_as_data() {
    let p = parse(
        r#"
[[segment]]
name = "Churned"
when = "churned"
approach = false

[[segment]]
name = "Fit"
when = "employees > 50"
action = "call them"

[[segment]]
name = "Explicit"
when = "employees > 5"
approach = true
"#,
    )
    .unwrap();
    assert_eq!(p.segments[0].approach, Some(false));
    assert!(!p.segments[0].approaches());
    assert_eq!(p.segments[1].approach, None);
    assert!(p.segments[1].approaches());
    assert!(p.segments[2].approaches());
}

#[test]
fn actions_written_before_approach_existed_still_count() {
    let p = parse(
        r#"
[[segment]]
name = "Micro"
when = "employees < 5"
action = "Do not approach: too small to serve"

[[segment]]
name = "小規模"
when = "employees < 5"
action = "営業はアプローチしない"

[[segment]]
name = "Nurture"
when = "employees < 50"
action = "nurture; we do not approach them by phone"
"#,
    )
    .unwrap();
    assert!(!p.segments[0].approaches());
    assert!(!p.segments[1].approaches());
    // Words in the middle of an English action are not a decision.
    assert!(p.segments[2].approaches());
}

#[test]
fn a_wrong_or_contradictory_approach_is_refused() {
    let e = parse("[[segment]]\nname = \"X\"\nwhen = \"a > 1\"\napproach = \"no\"\n").unwrap_err();
    let e = e.to_string();
    assert!(e.contains("icp.toml:7:") && e.contains("expected a boolean"), "{e}");
    let e = parse(
        "[[segment]]\nname = \"Micro\"\nwhen = \"a > 1\"\naction = \"do not approach\"\napproach = true\n",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("segment `Micro`") && e.contains("approach = false"), "{e}");
}

#[test]
fn criteria_in_the_project_file_say_where_they_go() {
    for criteria in [
        "criteria = [\"契約月数 >= 1\"]\n",
        "[[criteria]]\nkind = \"require\"\nrule = \"契約月数 >= 1\"\n",
    ] {
        let err = parse(criteria).expect_err(criteria);
        let ProjectError::Setting { line, message, .. } = &err else { panic!("{err:?}") };
        assert_eq!(*line, 4, "{criteria}");
        assert!(message.starts_with("the project file has no `criteria`"), "{message}");
        assert!(
            message.contains(
                "[[criteria]]\nkind = \"require\"  # or \"disqualify\"\nrule = \"契約月数 >= 1\""
            ),
            "{message}"
        );
        assert!(message.ends_with("[golden]\npopulation = \"契約月数 >= 1\"\n"), "{message}");
        // The population it suggests is a valid project file.
        let fixed = parse("[golden]\npopulation = \"契約月数 >= 1\"\n").unwrap();
        assert_eq!(fixed.golden.population.as_deref(), Some("契約月数 >= 1"));
    }
}

/// A project file icp rewrites (a settings change, a new upload) keeps its `[segmenting]`, as
/// it keeps its segments and economics; a project without one gets the commented template.
#[test]
fn a_rewritten_project_file_keeps_its_segmenting() {
    let p = parse(
        "[segmenting]\nmode = \"overlap\"\ngeographic = [\"region\"]\nnps = \"nps\"\n\
         cost_to_serve = \"0.2 * employees\"\n[segmenting.cluster_actions]\n\"1\" = \"call\"\n",
    )
    .unwrap();
    let text = icp_project::render(&p, &[], "a test");
    let reread = ProjectFile::parse(Path::new("icp.toml"), &text).unwrap();
    assert_eq!(reread.segmenting, p.segmenting, "{text}");
    let bare = parse("").unwrap();
    let text = icp_project::render(&bare, &[], "a test");
    assert!(text.contains("# [segmenting]"), "{text}");
    let reread = ProjectFile::parse(Path::new("icp.toml"), &text).unwrap();
    assert_eq!(reread.segmenting, bare.segmenting);
}

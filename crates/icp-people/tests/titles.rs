//! Every title in `titles.csv` gets the seniority and department written beside it.

use icp_people::{Department, Seniority, TitleClass, classify_title};

/// Splits one CSV record; fields may be quoted, with `""` for a quote inside.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

fn expected(row: usize, seniority: &str, department: &str) -> TitleClass {
    let seniority = (!seniority.is_empty()).then(|| {
        Seniority::from_key(seniority)
            .unwrap_or_else(|| panic!("titles.csv row {row}: unknown seniority key"))
    });
    let department = (!department.is_empty()).then(|| {
        Department::from_key(department)
            .unwrap_or_else(|| panic!("titles.csv row {row}: unknown department key"))
    });
    TitleClass { seniority, department }
}

#[test]
fn every_title_in_the_table_is_classified_as_written() {
    let table = include_str!("titles.csv");
    let mut rows = 0;
    let mut wrong = Vec::new();
    for (index, line) in table.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let row = index + 1;
        let record = fields(line);
        assert_eq!(record.len(), 3, "titles.csv row {row}: expected 3 fields");
        let want = expected(row, &record[1], &record[2]);
        let got = classify_title(&record[0]);
        if got != want {
            wrong.push(format!("row {row} {:?}: got {got:?}, want {want:?}", record[0]));
        }
        rows += 1;
    }
    assert!(rows >= 200, "only {rows} titles");
    assert!(wrong.is_empty(), "{} of {rows} wrong:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn the_table_covers_every_level_and_department_in_both_languages() {
    let table = include_str!("titles.csv");
    for level in Seniority::ALL {
        assert!(table.contains(&format!(",{},", level.key())), "{level:?}");
    }
    for department in Department::ALL {
        assert!(table.contains(&format!(",{}\n", department.key())), "{department:?}");
    }
    let japanese = table.lines().filter(|l| !l.is_ascii()).count();
    assert!(japanese >= 80, "only {japanese} Japanese titles");
}

#[test]
fn unknown_and_empty_titles_give_none() {
    for title in ["", "   ", "・", "Wizard", "Happiness Evangelist", "ninja", "なんでも屋", "-"]
    {
        let class = classify_title(title);
        assert!(class.is_unknown(), "{title:?} gave {class:?}");
        assert_eq!(Seniority::from_title(title), None);
        assert_eq!(Department::from_title(title), None);
    }
}

#[test]
fn words_inside_other_words_do_not_match() {
    // "intern" in "International", "it" in "Recruiting", "cto" in "Director".
    let class = classify_title("International Relations");
    assert_eq!(class.seniority, None);
    assert_eq!(classify_title("Recruiting").department, Some(Department::HumanResources));
    assert_eq!(classify_title("Director").seniority, Some(Seniority::Director));
    assert_eq!(classify_title("Director").department, None);
}

//! Rules written as people see their data, run through the binary: yes/no columns compared
//! with the file's own spellings, SQL habits and numbers written as the export writes them,
//! in English and Japanese. The files are made here.

use crate::common::{icp, json, temp, write};

const ACCOUNTS: &str = "\
id,company,Purchase,card,revenue,plan
A1,Acme Inc,Yes,yes,\"12,000\",1 year
A2,Globex,No,no,\"4,999\",2 years
A3,Initech Inc.,Yes,no,\"5,000\",monthly
A4,Umbrella,No,yes,,1 year
A5,Hooli,yes,YES,\"30,000\",2 years
A6,Vandelay,NO,no,800,monthly
";

const JAPANESE: &str = "\
顧客ID,会社名,解約,契約期間,契約月数,売上
C1,山田商事,いいえ,1年,12,\"288,870円\"
C2,佐藤工業,はい,2年,24,\"4,999円\"
C3,鈴木電機,いいえ,月極,3,\"5,000円\"
C4,高橋物産,いいえ,1年,,\"12,000円\"
C5,田中製作所,はい,月極,1,\"800円\"
";

/// How many accounts the golden rule `rule` selects, through `icp describe --json`.
fn golden_count(dir: &std::path::Path, rule: &str) -> u64 {
    let s = json(&icp(dir, &["describe", "--json", "--golden", rule]));
    s["golden"]["count"].as_u64().unwrap_or_else(|| panic!("{rule}: {s}"))
}

#[test]
fn yes_no_columns_take_the_spellings_of_the_file() {
    let d = temp();
    write(d.path(), "accounts.csv", ACCOUNTS);
    icp(d.path(), &["init", "accounts.csv"]).ok();
    for (rule, count) in [
        ("Purchase == \"Yes\"", 3),
        ("Purchase == 'yes'", 3),
        ("card == \"yes\"", 3),
        ("Purchase == 1", 3),
        ("Purchase != 'no'", 3),
        ("Purchase is true", 3),
        ("Purchase is false and card is not false", 1),
        ("card == false", 3),
        ("Purchase in ('yes', 'y')", 3),
        ("revenue is null", 1),
        ("revenue is not null and revenue >= 5,000", 3),
        ("revenue >= $5,000", 3),
        ("plan in (\"1 year\", \"2 years\")", 4),
        ("company like '%Inc%'", 2),
        ("company not like '%Inc%'", 4),
    ] {
        assert_eq!(golden_count(d.path(), rule), count, "{rule}");
    }
    // An unknown spelling lists the ones that work and points at what was typed.
    icp(d.path(), &["describe", "--golden", "Purchase == \"maybe\""]).fails_with(&[
        "`Purchase` is yes/no, and `\"maybe\"` is not a yes/no value",
        "yes/no, y/n, true/false, t/f, 1/0, はい/いいえ",
        "e.g. `Purchase == \"yes\"` or `Purchase is true`",
        "Purchase == \"maybe\"\n              ^^^^^^^",
    ]);
    // A grouped number inside a list is ambiguous: refused with the number that works.
    icp(d.path(), &["describe", "--golden", "revenue in [5,000, 12,000]"])
        .fails_with(&["`5,000` is ambiguous here, where a comma separates items", "e.g. `5000`"]);
}

#[test]
fn japanese_yes_no_and_amounts_in_yen() {
    let d = temp();
    write(d.path(), "顧客.csv", JAPANESE);
    icp(d.path(), &["init", "顧客.csv"]).ok();
    for (rule, count) in [
        ("解約 == \"いいえ\"", 3),
        ("解約 != \"はい\"", 3),
        ("解約 == 'ハイ' or 解約 == \"はい\"", 2),
        ("解約 is false and 売上 >= 5,000円", 3),
        ("売上 >= ¥5,000", 3),
        ("契約期間 in (\"1年\", \"2年\")", 3),
        ("契約期間 like '_年'", 3),
        ("契約月数 is missing", 1),
        ("契約月数 >= 1", 4),
    ] {
        if rule.contains("ハイ") {
            // Katakana ハイ is not a spelling icp reads as yes: the error says which are.
            icp(d.path(), &["describe", "--golden", rule]).fails_with(&[
                "`解約` is yes/no, and `\"ハイ\"` is not a yes/no value",
                "はい/いいえ",
            ]);
            continue;
        }
        assert_eq!(golden_count(d.path(), rule), count, "{rule}");
    }
}

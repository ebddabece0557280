//! The edge of what a `reply` table may hold, checked with games too big to commit as corpus
//! files: two watched players of 64 actions give exactly 4096 cases, the most a table may have,
//! and such a table validates and runs. (Past 4096 is refused: `tests/bad_scenarios.rs`
//! generates that case.)

mod common;

use common::{dilemma_in, text};
use std::fmt::Write as _;

/// Japan (C, D) replies to Russia and China, 64 actions each; every payoff is given. With
/// `drop_last`, the table lacks its last case.
fn reply_to_two_players_of_64_actions(drop_last: bool) -> String {
    let labels: Vec<String> = (0..64).map(|action| format!("A{action}")).collect();
    let quoted: Vec<String> = labels.iter().map(|label| format!("\"{label}\"")).collect();
    let mut scenario = format!(
        "[scenario]\nname = \"wide\"\nreplicates = 1\n[game]\nplayers = [\"Japan\", \"Russia\", \
         \"China\"]\nrounds = 3\n[game.actions]\nJapan = [\"C\", \"D\"]\nRussia = [{0}]\n\
         China = [{0}]\n[game.payoffs]\n",
        quoted.join(", ")
    );
    for own in ["C", "D"] {
        for russia in &labels {
            for china in &labels {
                writeln!(scenario, "\"{own},{russia},{china}\" = [1, 2, 3]").unwrap();
            }
        }
    }
    let mut cases = Vec::new();
    for (r, russia) in labels.iter().enumerate() {
        for (c, china) in labels.iter().enumerate() {
            let reply = if (r + c) % 2 == 0 { "C" } else { "D" };
            cases.push(format!("\"{russia},{china}\" = \"{reply}\""));
        }
    }
    if drop_last {
        cases.pop();
    }
    writeln!(
        scenario,
        "[strategies]\nJapan = [{{ kind = \"reply\", first = \"C\", table = {{ {} }} }}]\n\
         Russia = [{{ kind = \"fixed\", action = \"A7\" }}]\n\
         China = [{{ kind = \"cycle\", sequence = [\"A0\", \"A63\"] }}]",
        cases.join(", ")
    )
    .unwrap();
    scenario
}

#[test]
fn a_reply_table_of_exactly_4096_cases_validates_and_runs() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("wide.toml");
    std::fs::write(&path, reply_to_two_players_of_64_actions(false)).unwrap();
    let path = path.to_str().unwrap();
    let validated = dilemma_in(folder.path(), &["validate", path]);
    assert_eq!(
        validated.status.code(),
        Some(0),
        "{}",
        text(&validated.stderr)
    );
    let out = folder.path().join("results");
    let ran = dilemma_in(
        folder.path(),
        &["run", path, "--out", out.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(ran.status.code(), Some(0), "{}", text(&ran.stderr));
    // Round 1 plays `first` (C); then Russia's A7 and China's A0 (odd sum: D), then A7 and
    // A63 (even: C): Japan plays C, D, C.
    let rounds = std::fs::read_to_string(out.join("rounds.csv")).unwrap();
    let japan: Vec<&str> = rounds
        .lines()
        .filter(|line| line.contains(",Japan,"))
        .collect();
    assert_eq!(japan.len(), 3, "{rounds}");
    let header: Vec<&str> = rounds.lines().next().unwrap().split(',').collect();
    let share_c = header.iter().position(|name| *name == "share_C").unwrap();
    let shares: Vec<&str> = japan
        .iter()
        .map(|line| line.split(',').nth(share_c).unwrap())
        .collect();
    assert_eq!(shares, ["1", "0", "1"], "{rounds}");
}

#[test]
fn a_missing_case_among_4096_is_named() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("wide.toml");
    std::fs::write(&path, reply_to_two_players_of_64_actions(true)).unwrap();
    let output = dilemma_in(folder.path(), &["validate", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "strategies.Japan[0].table: has no reply for 1 of its 4096 cases: \"A63,A63\";"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

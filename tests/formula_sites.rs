//! A formula of `round` takes its round's value at every site a formula can stand (payoffs,
//! noise, constraint probabilities, perception rates, state updates, parameters), whether it is
//! written there directly, through a parameter, or beside an unrelated state variable.
//!
//! The expected values come from the formulas themselves: a payoff is exact, and a chance is
//! compared with its formula within 4 binomial standard errors.

mod common;

use common::paths::{Path, tables};
use std::collections::BTreeMap;

/// The rows of `rounds.csv` for `player`, as (round, column values by name).
fn rounds_of(table: &[u8], player: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(table);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            headers
                .iter()
                .zip(record.iter())
                .map(|(header, value)| (header.to_string(), value.to_string()))
                .collect::<BTreeMap<_, _>>()
        })
        .filter(|row| row["player"] == player)
        .collect()
}

fn number(row: &BTreeMap<String, String>, column: &str) -> f64 {
    row[column]
        .parse()
        .unwrap_or_else(|_| panic!("{column} = {:?}", row[column]))
}

/// The tables of `text` run as `dilemma run` runs it.
fn run(text: &str) -> BTreeMap<String, Vec<u8>> {
    let experiment = dilemma::scenario::parse(text, "sites.toml").expect("a valid scenario");
    tables(&experiment, Path::Fast)
}

/// Checks a share per round against `expected(round)` within 4 binomial standard errors over
/// `replicates` (exactly where the chance is 0 or 1).
fn assert_shares(
    rows: &[BTreeMap<String, String>],
    column: &str,
    replicates: f64,
    expected: impl Fn(f64) -> f64,
) {
    assert!(!rows.is_empty(), "no rows for {column}");
    for row in rows {
        let round = number(row, "round");
        let (share, p) = (number(row, column), expected(round));
        let bound = 4.0 * (p * (1.0 - p) / replicates).sqrt();
        assert!(
            (share - p).abs() <= bound.max(1e-12),
            "{column} in round {round}: {share}, expected {p} ± {bound}"
        );
    }
}

const HEADER: &str = "[scenario]\nname = \"sites\"\nseed = 11\nreplicates = 4000\n";

#[test]
fn a_payoff_formula_of_round_pays_its_round_value() {
    let text = format!(
        "{HEADER}[game]\nplayers = [\"A\", \"B\"]\nrounds = 5\n[game.payoffs]\n\
         \"C,C\" = [\"round * 2\", \"10 - round\"]\n\"C,D\" = [0, 5]\n\"D,C\" = [5, 0]\n\
         \"D,D\" = [1, 1]\n[strategies]\nA = [\"always_cooperate\"]\nB = [\"always_cooperate\"]\n"
    );
    let tables = run(&text);
    for (player, payoff) in [
        ("A", (|r: f64| 2.0 * r) as fn(f64) -> f64),
        ("B", |r| 10.0 - r),
    ] {
        let rows = rounds_of(&tables["rounds.csv"], player);
        assert_eq!(rows.len(), 5);
        for row in &rows {
            assert_eq!(number(row, "mean_payoff"), payoff(number(row, "round")));
        }
    }
    // Over the match: the mean of 2, 4, …, 10 and of 9, 8, …, 5.
    let summary = String::from_utf8(tables["summary.csv"].clone()).unwrap();
    let means: Vec<&str> = summary
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(5).unwrap())
        .collect();
    assert_eq!(means, ["6", "7"]);
}

#[test]
fn noise_of_round_flips_with_its_round_chance() {
    let text = format!(
        "{HEADER}[game]\nplayers = [\"A\", \"B\"]\nrounds = 5\nnoise = \"0.2 * (round - 1)\"\n\
         {}[strategies]\nA = [\"always_cooperate\"]\nB = [\"always_cooperate\"]\n",
        common::STANDARD_PAYOFFS
    );
    let rounds = &run(&text)["rounds.csv"];
    for player in ["A", "B"] {
        let rows = rounds_of(rounds, player);
        assert_shares(&rows, "share_C", 4000.0, |round| 1.0 - 0.2 * (round - 1.0));
    }
}

#[test]
fn a_constraint_probability_of_round_holds_with_its_round_chance() {
    let text = format!(
        "{HEADER}[game]\nplayers = [\"A\", \"B\"]\nrounds = 5\n{}\
         [[game.constraints]]\nplayer = \"A\"\nforbid = [\"D\"]\nprobability = \"round / 10\"\n\
         [strategies]\nA = [\"always_defect\"]\nB = [\"always_cooperate\"]\n",
        common::STANDARD_PAYOFFS
    );
    let rows = rounds_of(&run(&text)["rounds.csv"], "A");
    // Always D, but for the rounds in which the constraint holds: then the fallback C.
    assert_shares(&rows, "share_C", 4000.0, |round| round / 10.0);
}

/// Tit for tat as A against an unconditional cooperator that A misreads with the rate
/// `perception`: A defects in round r + 1 exactly when it misread round r.
fn misread_rounds(perception: &str) -> Vec<BTreeMap<String, String>> {
    let text = format!(
        "{HEADER}[game]\nplayers = [\"A\", \"B\"]\nrounds = 5\n{}\
         [[game.perception]]\nobserver = \"A\"\nobserved = \"B\"\n{perception}\n\
         [strategies]\nA = [\"tit_for_tat\"]\nB = [\"always_cooperate\"]\n",
        common::STANDARD_PAYOFFS
    );
    rounds_of(&run(&text)["rounds.csv"], "A")
}

#[test]
fn perception_rates_of_round_misread_with_their_round_chance() {
    for perception in [
        "error = \"(round - 1) / 4\"",
        "misread = { C = \"(round - 1) / 4\" }",
    ] {
        let rows = misread_rounds(perception);
        assert_eq!(rows.len(), 5, "{perception}");
        // Round 1 opens with C; round r > 1 is D with the chance of a misread in round r − 1.
        assert_shares(&rows, "share_D", 4000.0, |round| {
            if round == 1.0 {
                0.0
            } else {
                (round - 2.0) / 4.0
            }
        });
    }
}

/// The sites a formula can stand at, in a scenario where each matters to the tables: random
/// and reactive strategies, so that a value that changes changes the random draws.
const SITES: &str = r#"[scenario]
name = "sites"
seed = 5
replicates = 300

[parameters]
x = {x}
{schedules}
{state}
[game]
players = ["A", "B"]
rounds = 6
noise = {noise}

[game.payoffs]
"C,C" = [{payoff}, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]

[[game.constraints]]
player = "A"
forbid = ["D"]
probability = {constraint}

[[game.perception]]
observer = "A"
observed = "B"
{perception}

[strategies]
A = ["tit_for_tat", "random"]
B = [{ kind = "memory_one", p = [0.9, 0.2, 0.6, 0.1] }, "win_stay_lose_shift"]
"#;

/// One site's three writings of one formula.
struct Site {
    name: &'static str,
    /// The site's text with `{}` where the formula goes.
    at: &'static str,
    formula: &'static str,
    /// Its value in round 1, which the direct writing declares `x` as: every writing then has
    /// the same parameters, so the same cell keys and random streams.
    round_one: &'static str,
    /// The template's line that the site replaces.
    replaces: &'static str,
    /// A state variable the site's formula reads, declared in every writing.
    state: &'static str,
}

/// The scenario with `site` written as `at` (its formula, or `x`), `x` declared as `x`, and
/// `extra_state` added to `[state]`.
fn writing(site: &Site, at: &str, x: &str, extra_state: &str) -> String {
    let placed = site.at.replace("{}", at);
    let mut text = SITES
        .replace("{x}", x)
        .replace("{schedules}", "")
        .replace("{noise}", "0.02")
        .replace("{payoff}", "3")
        .replace("{constraint}", "0.5")
        .replace("{perception}", "error = 0.05");
    let state: String = [site.state, extra_state]
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| format!("{line}\n"))
        .collect();
    let state = if state.is_empty() {
        String::new()
    } else {
        format!("[state]\n{state}")
    };
    text = text.replace("{state}", &state);
    assert!(
        text.contains(site.replaces),
        "{}: no line {}",
        site.name,
        site.replaces
    );
    text.replacen(site.replaces, &placed, 1)
}

const SITE_LIST: [Site; 7] = [
    Site {
        name: "payoff",
        at: "\"C,C\" = [{}, 3]",
        formula: "\"3 + 0.5 * round\"",
        round_one: "3.5",
        replaces: "\"C,C\" = [3, 3]",
        state: "",
    },
    Site {
        name: "noise",
        at: "noise = {}",
        formula: "\"0.04 * (round - 1)\"",
        round_one: "0",
        replaces: "noise = 0.02",
        state: "",
    },
    Site {
        name: "constraint probability",
        at: "probability = {}",
        formula: "\"round / 6\"",
        round_one: "0.16666666666666666",
        replaces: "probability = 0.5",
        state: "",
    },
    Site {
        name: "perception error",
        at: "error = {}",
        formula: "\"0.1 * (round - 1) / 5\"",
        round_one: "0",
        replaces: "error = 0.05",
        state: "",
    },
    Site {
        name: "perception misread",
        at: "misread = { C = {} }",
        formula: "\"0.1 * (round - 1) / 5\"",
        round_one: "0",
        replaces: "error = 0.05",
        state: "",
    },
    Site {
        name: "state update",
        at: "level = { initial = 0, update = {} }",
        formula: "\"level + round\"",
        round_one: "1",
        // Replaced by the placed update; the payoff reads it below.
        replaces: "level = { initial = 0, update = \"level\" }",
        state: "level = { initial = 0, update = \"level\" }",
    },
    Site {
        name: "a schedule reading a schedule",
        at: "\"C,C\" = [{}, 3]",
        formula: "\"3 + 0.1 * x2\"",
        round_one: "3.1",
        replaces: "\"C,C\" = [3, 3]",
        state: "",
    },
];

/// For each site: the formula written there directly, through a parameter, and directly
/// beside an unused state variable give byte-identical `summary.csv` and `rounds.csv` (the
/// last with its own `state_unused` column removed).
#[test]
fn a_formula_reads_the_same_at_every_site_however_it_is_written() {
    let unused = "unused = { initial = 0, update = \"unused + 1\" }";
    for site in &SITE_LIST {
        let mut direct_text = writing(site, site.formula, site.round_one, "");
        let mut through_text = writing(site, "\"x\"", site.formula, "");
        let mut beside_text = writing(site, site.formula, site.round_one, unused);
        if site.name == "state update" {
            // The payoff reads the state, so its updates reach the tables.
            for text in [&mut direct_text, &mut through_text, &mut beside_text] {
                *text = text.replacen("\"C,C\" = [3, 3]", "\"C,C\" = [\"3 + level\", 3]", 1);
            }
        }
        if site.name == "a schedule reading a schedule" {
            // x2 is a schedule of round; the payoff reads it directly, or through x.
            for text in [&mut direct_text, &mut through_text, &mut beside_text] {
                *text = text.replacen("[parameters]\n", "[parameters]\nx2 = \"round\"\n", 1);
            }
        }
        let direct = run(&direct_text);
        let through = run(&through_text);
        let beside = run(&beside_text);
        for (writing, theirs, table, skip) in [
            ("through a parameter", &through, "summary.csv", None),
            ("through a parameter", &through, "rounds.csv", None),
            ("beside a state variable", &beside, "summary.csv", None),
            (
                "beside a state variable",
                &beside,
                "rounds.csv",
                Some("state_unused"),
            ),
        ] {
            assert_eq!(
                records(&direct[table], None),
                records(&theirs[table], skip),
                "{}: {table} {writing}\n--- direct ---\n{direct_text}",
                site.name
            );
        }
    }
}

/// The header and records of `table` (CSV), without the column `skip` if given.
fn records(table: &[u8], skip: Option<&str>) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(table);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let skipped = skip.map(|name| {
        rows[0]
            .iter()
            .position(|header| header == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    });
    rows.iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .filter(|(index, _)| Some(*index) != skipped)
                .map(|(_, field)| field.to_string())
                .collect()
        })
        .collect()
}

//! joint.csv, joint_summary.csv and relations.csv against what the games imply: shares that
//! add up to 1, products of independent mixed strategies, the top-32 rule, Dittmer's
//! configurations derived by hand round by round, thread-count determinism, the manifest, and
//! `dilemma plot` re-drawing the joint and relations charts byte for byte.

mod common;

use common::{dilemma, text};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A CSV file as (header, rows of fields).
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|column| column == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

/// Writes `scenario` into `dir` and runs it with `args`, returning the results folder.
fn run(dir: &Path, scenario: &str, args: &[&str]) -> PathBuf {
    let path = dir.join("scenario.toml");
    std::fs::write(&path, scenario).unwrap();
    let out = dir.join("out");
    let mut all = vec![
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    all.extend(args);
    let output = dilemma(&all);
    assert!(output.status.success(), "{}", text(&output.stderr));
    out
}

/// A game of `players` players with C/D and every payoff 1 (the payoffs do not matter here).
fn flat_game(players: &[&str], length: &str, strategies: &[&str]) -> String {
    let mut keys = vec![String::new()];
    for _ in players {
        keys = keys
            .into_iter()
            .flat_map(|key: String| {
                ["C", "D"].map(|action| {
                    if key.is_empty() {
                        action.to_string()
                    } else {
                        format!("{key},{action}")
                    }
                })
            })
            .collect();
    }
    let ones = vec!["1"; players.len()].join(", ");
    let payoffs: String = keys
        .iter()
        .map(|key| format!("\"{key}\" = [{ones}]\n"))
        .collect();
    let quoted: Vec<String> = players.iter().map(|p| format!("\"{p}\"")).collect();
    let strategies: String = players
        .iter()
        .zip(strategies)
        .map(|(player, strategy)| format!("{player} = [{strategy}]\n"))
        .collect();
    format!(
        "[scenario]\nname = \"joint\"\nseed = 11\nreplicates = 150\n[game]\nplayers = [{}]\n\
         {length}\n[game.payoffs]\n{payoffs}[strategies]\n{strategies}",
        quoted.join(", ")
    )
}

/// Sums joint.csv's shares per (cell, round).
fn sums_per_round(out: &Path) -> BTreeMap<(String, u64), f64> {
    let (header, rows) = read_csv(&out.join("joint.csv"));
    let (cell, round, share) = (
        column(&header, "cell"),
        column(&header, "round"),
        column(&header, "share"),
    );
    let mut sums = BTreeMap::new();
    for row in rows {
        *sums
            .entry((row[cell].clone(), row[round].parse().unwrap()))
            .or_insert(0.0) += row[share].parse::<f64>().unwrap();
    }
    sums
}

#[test]
fn joint_shares_add_up_to_one_in_every_round_for_two_three_and_four_players() {
    let noisy = r#"{ kind = "random", p = 0.35 }"#;
    for (players, length) in [
        (vec!["A", "B"], "rounds = 20\nnoise = 0.1"),
        (vec!["A", "B", "C"], "rounds = 20\nnoise = 0.1"),
        (vec!["A", "B", "C", "D"], "rounds = 20\nnoise = 0.1"),
        // Replicates stop at different rounds: later rounds have fewer of them.
        (
            vec!["A", "B", "C"],
            "continuation = 0.9\nmax_rounds = 60\nnoise = 0.1",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let strategies: Vec<&str> = players
            .iter()
            .enumerate()
            .map(|(i, _)| if i == 0 { noisy } else { "\"tit_for_tat\"" })
            .collect();
        let out = run(dir.path(), &flat_game(&players, length, &strategies), &[]);
        let sums = sums_per_round(&out);
        assert!(sums.len() >= 20, "{players:?}: {} rounds", sums.len());
        for ((cell, round), sum) in &sums {
            assert!(
                (sum - 1.0).abs() < 1e-12,
                "{players:?} {length}: cell {cell} round {round} sums to {sum}"
            );
        }
        if length.contains("continuation") {
            let (header, rows) = read_csv(&out.join("joint.csv"));
            let replicates = column(&header, "replicates");
            let fewest = rows
                .iter()
                .map(|row| row[replicates].parse::<u64>().unwrap())
                .min()
                .unwrap();
            assert!(fewest < 150, "no replicate dropped out");
        }
        // 2 and 3 players: every joint action in every round, zeros included.
        let (_, rows) = read_csv(&out.join("joint.csv"));
        let per_round = 1usize << players.len();
        let expected = if players.len() <= 3 {
            per_round
        } else {
            per_round + 1
        };
        assert_eq!(rows.len(), sums.len() * expected, "{players:?}");
    }
}

#[test]
fn independent_mixed_strategies_give_products_of_their_probabilities() {
    // Each player plays C with its own fixed probability every round, independently, so the
    // joint action (a, b, c) has probability q = Π p_i or (1 - p_i). Over R replicates of T
    // rounds the pooled share has standard error sqrt(q (1 - q) / (R T)) (all rounds
    // independent); a single round's share sqrt(q (1 - q) / R).
    let probabilities = [0.3, 0.6, 0.8];
    let (replicates, rounds) = (4000.0, 50.0);
    let strategies: Vec<String> = probabilities
        .iter()
        .map(|p| format!("{{ kind = \"random\", p = {p} }}"))
        .collect();
    let strategies: Vec<&str> = strategies.iter().map(String::as_str).collect();
    let scenario = flat_game(&["A", "B", "C"], "rounds = 50", &strategies)
        .replace("replicates = 150", "replicates = 4000");
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &scenario, &[]);
    let probability = |label: &str| -> f64 {
        label
            .split(',')
            .zip(probabilities)
            .map(|(action, p)| if action == "C" { p } else { 1.0 - p })
            .product()
    };
    let (header, rows) = read_csv(&out.join("joint_summary.csv"));
    assert_eq!(rows.len(), 8);
    let (joint, share, low, high) = (
        column(&header, "joint"),
        column(&header, "share"),
        column(&header, "ci95_low"),
        column(&header, "ci95_high"),
    );
    for row in &rows {
        let q = probability(&row[joint]);
        let value: f64 = row[share].parse().unwrap();
        let se = (q * (1.0 - q) / (replicates * rounds)).sqrt();
        assert!(
            (value - q).abs() < 4.0 * se,
            "{}: pooled {value} vs {q} (se {se})",
            row[joint]
        );
        // The Wilson interval over replicates is wider than the rounds' SE and holds q.
        let (low, high): (f64, f64) = (row[low].parse().unwrap(), row[high].parse().unwrap());
        assert!(low <= q && q <= high, "{}: [{low}, {high}]", row[joint]);
    }
    let (header, rows) = read_csv(&out.join("joint.csv"));
    let (round, joint, share) = (
        column(&header, "round"),
        column(&header, "joint"),
        column(&header, "share"),
    );
    let mut checked = 0;
    for row in rows
        .iter()
        .filter(|row| ["1", "25", "50"].contains(&row[round].as_str()))
    {
        let q = probability(&row[joint]);
        let value: f64 = row[share].parse().unwrap();
        let se = (q * (1.0 - q) / replicates).sqrt();
        assert!(
            (value - q).abs() < 4.0 * se,
            "round {} {}: {value} vs {q} (se {se})",
            row[round],
            row[joint]
        );
        checked += 1;
    }
    assert_eq!(checked, 3 * 8);
}

#[test]
fn six_players_list_the_32_most_frequent_joint_actions_and_other() {
    // 2^6 = 64 joint actions; random players spread play over all of them.
    let strategies = [r#"{ kind = "random", p = 0.5 }"#; 6];
    let scenario = flat_game(&["A", "B", "C", "D", "E", "F"], "rounds = 12", &strategies);
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &scenario, &[]);
    let (header, rows) = read_csv(&out.join("joint.csv"));
    let (round, joint, share) = (
        column(&header, "round"),
        column(&header, "joint"),
        column(&header, "share"),
    );
    let mut per_round: BTreeMap<u64, Vec<(String, f64)>> = BTreeMap::new();
    for row in &rows {
        per_round
            .entry(row[round].parse().unwrap())
            .or_default()
            .push((row[joint].clone(), row[share].parse().unwrap()));
    }
    assert_eq!(per_round.len(), 12);
    let first_set: Vec<String> = per_round[&1]
        .iter()
        .map(|(label, _)| label.clone())
        .collect();
    for (round, entries) in &per_round {
        assert_eq!(entries.len(), 33, "round {round}");
        let labels: Vec<String> = entries.iter().map(|(label, _)| label.clone()).collect();
        // The same joint actions in every round, `other` last.
        assert_eq!(labels, first_set, "round {round}");
        assert_eq!(labels[32], "other");
        let listed: f64 = entries[..32].iter().map(|(_, share)| share).sum();
        assert!(
            (entries[32].1 - (1.0 - listed)).abs() < 1e-12,
            "round {round}: other {} vs 1 - {listed}",
            entries[32].1
        );
    }
    // The 32 listed are the most frequent over the cell's rounds: none left out is more
    // frequent than one listed (pooled counts from joint_summary.csv, which lists the same).
    let (header, summary) = read_csv(&out.join("joint_summary.csv"));
    let labels: Vec<String> = summary
        .iter()
        .map(|row| row[column(&header, "joint")].clone())
        .collect();
    assert_eq!(labels, first_set);
    let shares: Vec<f64> = summary
        .iter()
        .map(|row| row[column(&header, "share")].parse().unwrap())
        .collect();
    assert!(shares[..32].windows(2).all(|pair| pair[0] >= pair[1]));
    // Each left-out joint action has at most the smallest listed share; 32 of 64 left out
    // share `other` between them.
    assert!(shares[32] <= 32.0 * shares[31] + 1e-12);
}

/// A three-player C/D game with `[relations]`: Japan always cooperates, Russia alternates
/// (C in odd rounds), China always defects (cell 0) or always cooperates (cell 1).
const TRIANGLE: &str = r#"
[scenario]
name = "triangle"
replicates = 5
[game]
players = ["Japan", "Russia", "China"]
rounds = 6
[game.payoffs]
"C,C,C" = [3, 3, 3]
"C,C,D" = [1, 1, 4]
"C,D,C" = [1, 4, 1]
"C,D,D" = [0, 2, 2]
"D,C,C" = [4, 1, 1]
"D,C,D" = [2, 0, 2]
"D,D,C" = [2, 2, 0]
"D,D,D" = [1, 1, 1]
[strategies]
Japan = ["always_cooperate"]
Russia = ["alternator"]
China = ["always_defect", "always_cooperate"]
[relations]
"Japan,Russia" = ["C,C"]
"China,Russia" = ["D,C", "D,D"]
"Japan,China" = ["C,D"]
"#;

#[test]
fn relations_follow_the_hand_derived_configurations_round_by_round() {
    // Amity: Japan–Russia when both play C; China–Russia when China defects (whatever Russia
    // does); Japan–China when Japan cooperates and China defects.
    //  cell 0 (China D), odd rounds (Russia C): JR yes, CR yes, JC yes → ménage à trois.
    //  cell 0, even rounds (Russia D):          JR no,  CR yes, JC yes → romantic triangle,
    //                                            China the pivot (in both pairs).
    //  cell 1 (China C), odd rounds:            JR yes, CR no,  JC no  → stable marriage J–R.
    //  cell 1, even rounds:                     none                   → unit veto.
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), TRIANGLE, &[]);
    let (header, rows) = read_csv(&out.join("relations.csv"));
    assert_eq!(
        header,
        [
            "cell",
            "profile",
            "round",
            "amity_Japan_Russia",
            "amity_China_Russia",
            "amity_Japan_China",
            "menage_a_trois",
            "romantic_triangle",
            "stable_marriage",
            "unit_veto",
            "romantic_triangle_pivot_Japan",
            "romantic_triangle_pivot_Russia",
            "romantic_triangle_pivot_China",
            "stable_marriage_Japan_Russia",
            "stable_marriage_China_Russia",
            "stable_marriage_Japan_China",
            "replicates",
            "round_last",
        ]
    );
    assert_eq!(rows.len(), 2 * 6);
    for row in &rows {
        let round: u64 = row[2].parse().unwrap();
        let odd = round % 2 == 1;
        #[rustfmt::skip]
        let expected: [u8; 13] = match (row[0].as_str(), odd) {
            //         JR CR JC  men rom mar veto  pJ pR pC  mJR mCR mJC
            ("0", true) =>  [1, 1, 1,  1, 0, 0, 0,  0, 0, 0,  0, 0, 0],
            ("0", false) => [0, 1, 1,  0, 1, 0, 0,  0, 0, 1,  0, 0, 0],
            ("1", true) =>  [1, 0, 0,  0, 0, 1, 0,  0, 0, 0,  1, 0, 0],
            ("1", false) => [0, 0, 0,  0, 0, 0, 1,  0, 0, 0,  0, 0, 0],
            other => panic!("unexpected row {other:?}"),
        };
        let found: Vec<f64> = row[3..16].iter().map(|v| v.parse().unwrap()).collect();
        let expected: Vec<f64> = expected.iter().map(|v| f64::from(*v)).collect();
        assert_eq!(found, expected, "cell {} round {round}", row[0]);
        assert_eq!(
            (row[16].as_str(), row[17].parse::<u64>().unwrap()),
            ("5", round)
        );
    }
}

#[test]
fn joint_and_relations_tables_do_not_depend_on_the_thread_count() {
    let scenario = TRIANGLE
        .replace("replicates = 5", "replicates = 300\nseed = 3")
        .replace(
            "rounds = 6",
            "continuation = 0.95\nmax_rounds = 80\nnoise = 0.05",
        )
        .replace(
            r#"Japan = ["always_cooperate"]"#,
            r#"Japan = [{ kind = "random", p = 0.6 }, "tit_for_tat"]"#,
        );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, scenario).unwrap();
    let outs: Vec<PathBuf> = ["1", "2"]
        .iter()
        .map(|threads| {
            let out = dir.path().join(format!("t{threads}"));
            let output = dilemma(&[
                "run",
                path.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--quiet",
                "--threads",
                threads,
            ]);
            assert!(output.status.success(), "{}", text(&output.stderr));
            out
        })
        .collect();
    for file in ["joint.csv", "joint_summary.csv", "relations.csv"] {
        let one = std::fs::read(outs[0].join(file)).unwrap();
        let two = std::fs::read(outs[1].join(file)).unwrap();
        assert!(one.len() > 1000, "{file} is nearly empty");
        assert!(one == two, "{file} differs between 1 and 2 threads");
    }
}

#[test]
fn the_manifest_lists_the_tables_and_plot_redraws_the_charts_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), TRIANGLE, &[]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], true);
    let files = manifest["files"].as_array().unwrap();
    for name in [
        "joint.csv",
        "joint_summary.csv",
        "relations.csv",
        "joint.svg",
        "relations.png",
    ] {
        let entry = files
            .iter()
            .find(|entry| entry["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in the manifest"));
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(entry["bytes"], bytes.len() as u64, "{name}");
        assert_eq!(entry["sha256"].as_str().unwrap().len(), 64, "{name}");
    }
    assert_eq!(manifest["joint_outcomes"]["written"], true);
    assert_eq!(manifest["relations"][1]["pair"][0], "China");
    let charts = ["joint", "relations"].map(|stem| {
        ["svg", "pdf", "png"].map(|ext| std::fs::read(out.join(format!("{stem}.{ext}"))).unwrap())
    });
    let output = dilemma(&["plot", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for (stem, before) in ["joint", "relations"].iter().zip(&charts) {
        for (ext, bytes) in ["svg", "pdf", "png"].iter().zip(before) {
            let after = std::fs::read(out.join(format!("{stem}.{ext}"))).unwrap();
            assert!(&after == bytes, "{stem}.{ext} changed when re-plotted");
        }
    }
}

#[test]
fn requested_joint_and_relations_charts_in_a_sweep_show_their_point() {
    let scenario = TRIANGLE.replace(
        "[scenario]",
        "[parameters]\nk = 1\n[sweep]\nk = [1, 2]\n[scenario]",
    ) + "\n[[charts]]\nkind = \"joint\"\npoint = { k = 2 }\n\n[[charts]]\nkind = \"relations\"\npoint = { k = 1 }\nfile = \"triangle\"\n";
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &scenario, &[]);
    for name in ["joint.svg", "triangle.svg", "triangle.pdf"] {
        assert!(out.join(name).is_file(), "{name} not drawn");
    }
    let svg = std::fs::read_to_string(out.join("triangle.svg")).unwrap();
    assert!(
        svg.contains("ménage à trois") && svg.contains("unit veto"),
        "legend"
    );
}

#[test]
fn mixed_strategies_over_three_actions_give_products_of_their_probabilities() {
    // A draws from three actions and B from two, independently each round; C always plays its
    // second action. The joint share of (a, b, c) is p_A(a) p_B(b) [c = Y], with standard error
    // sqrt(q (1 - q) / (R T)) pooled over R replicates of T independent rounds.
    let (replicates, rounds): (f64, f64) = (2000.0, 40.0);
    let a = [("C", 0.2), ("D", 0.5), ("E", 0.3)];
    let b = [("C", 0.6), ("D", 0.4)];
    let mut payoffs = String::new();
    for (x, _) in a {
        for (y, _) in b {
            for z in ["X", "Y"] {
                payoffs.push_str(&format!("\"{x},{y},{z}\" = [1, 1, 1]\n"));
            }
        }
    }
    let scenario = format!(
        "[scenario]\nname = \"joint\"\nseed = 5\nreplicates = {replicates}\n[game]\nplayers = \
         [\"A\", \"B\", \"C\"]\nrounds = {rounds}\n[game.actions]\nA = [\"C\", \"D\", \"E\"]\nB = \
         [\"C\", \"D\"]\nC = [\"X\", \"Y\"]\n[game.payoffs]\n{payoffs}[strategies]\n\
         A = [{{ kind = \"mixed\", p = {{ C = 0.2, D = 0.5, E = 0.3 }} }}]\n\
         B = [{{ kind = \"mixed\", p = {{ C = 0.6, D = 0.4 }} }}]\n\
         C = [{{ kind = \"fixed\", action = \"Y\" }}]\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &scenario, &[]);
    let (header, rows) = read_csv(&out.join("joint_summary.csv"));
    assert_eq!(rows.len(), 12, "every joint action of 3 × 2 × 2");
    let (joint, share) = (column(&header, "joint"), column(&header, "share"));
    for row in &rows {
        let labels: Vec<&str> = row[joint].split(',').collect();
        let p_a = a.iter().find(|(l, _)| *l == labels[0]).unwrap().1;
        let p_b = b.iter().find(|(l, _)| *l == labels[1]).unwrap().1;
        let q = if labels[2] == "Y" { p_a * p_b } else { 0.0 };
        let value: f64 = row[share].parse().unwrap();
        if q == 0.0 {
            assert_eq!(value, 0.0, "{}", row[joint]);
            continue;
        }
        let se = (q * (1.0 - q) / (replicates * rounds)).sqrt();
        assert!(
            (value - q).abs() < 4.0 * se,
            "{}: {value} vs {q} (se {se})",
            row[joint]
        );
    }
}

//! The same scenario and seed give byte-identical tables for any thread count, and a cell's
//! numbers depend on its content, not on which other cells run.

mod common;

use common::STANDARD_PAYOFFS;
use std::path::Path;
use std::process::Command;

fn run_cli(scenario: &Path, out: &Path, extra: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_dilemma"))
        .arg("run")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .status()
        .expect("the binary runs");
    assert!(status.success(), "dilemma run failed: {status}");
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `scenario` with 300 replicates and seed 7 on 1, 2 and 3 threads; the result folders.
fn runs_on_one_two_three_threads(scenario: &Path, scratch: &Path) -> Vec<std::path::PathBuf> {
    ["1", "2", "3"]
        .iter()
        .map(|threads| {
            let out = scratch.join(format!("threads-{threads}"));
            run_cli(
                scenario,
                &out,
                &["--replicates", "300", "--seed", "7", "--threads", threads],
            );
            out
        })
        .collect()
}

#[test]
fn thread_count_does_not_change_a_single_byte() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_revised_pd.toml");
    let scratch = tempfile::tempdir().unwrap();
    // 300 replicates span several blocks, so the parallel reduction is really exercised.
    let common = ["--replicates", "300", "--seed", "7"];
    let outputs: Vec<_> = ["1", "2", "3"]
        .iter()
        .map(|threads| {
            let out = scratch.path().join(format!("threads-{threads}"));
            let mut args = common.to_vec();
            args.extend(["--threads", threads]);
            run_cli(&scenario, &out, &args);
            out
        })
        .collect();
    for file in ["summary.csv", "rounds.csv"] {
        let reference = read(&outputs[0].join(file));
        assert!(reference.len() > 100, "{file} is suspiciously small");
        for other in &outputs[1..] {
            assert!(
                reference == read(&other.join(file)),
                "{file} differs between thread counts"
            );
        }
    }
}

#[test]
fn perception_noise_does_not_make_the_thread_count_matter() {
    // Misreadings draw from each replicate's stream: still the same bytes for 1, 2, 3 threads.
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_security_dilemma.toml");
    let scratch = tempfile::tempdir().unwrap();
    let outputs = runs_on_one_two_three_threads(&scenario, scratch.path());
    for file in ["summary.csv", "rounds.csv"] {
        let reference = read(&outputs[0].join(file));
        // The run really misread something, so the draws are part of what is compared: every
        // row away from the sweep's incident rate of 0 (its second column) misread some Cs.
        let text = String::from_utf8_lossy(&reference);
        if file == "summary.csv" {
            let misread = |line: &&str| line.split(',').nth(1).is_none_or(|rate| rate != "0");
            assert!(
                text.lines()
                    .skip(1)
                    .filter(misread)
                    .all(|line| !line.ends_with(",0")),
                "{text}"
            );
        }
        for other in &outputs[1..] {
            assert!(
                reference == read(&other.join(file)),
                "{file} differs between thread counts"
            );
        }
    }
}

#[test]
fn schedules_and_state_variables_do_not_make_the_thread_count_matter() {
    // Working copies are per block and reset per match: 1, 2 and 3 threads, same bytes,
    // the state variable's column included.
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_leverage_over_time.toml");
    let scratch = tempfile::tempdir().unwrap();
    let outputs = runs_on_one_two_three_threads(&scenario, scratch.path());
    let rounds = String::from_utf8_lossy(&read(&outputs[0].join("rounds.csv"))).into_owned();
    assert!(
        rounds.lines().next().unwrap().ends_with(",state_trust"),
        "{rounds:.200}"
    );
    for file in ["summary.csv", "rounds.csv"] {
        let reference = read(&outputs[0].join(file));
        for other in &outputs[1..] {
            assert!(
                reference == read(&other.join(file)),
                "{file} differs between thread counts"
            );
        }
    }
}

#[test]
fn a_different_seed_gives_different_numbers() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_revised_pd.toml");
    let scratch = tempfile::tempdir().unwrap();
    let (a, b) = (scratch.path().join("a"), scratch.path().join("b"));
    run_cli(&scenario, &a, &["--replicates", "50", "--seed", "1"]);
    run_cli(&scenario, &b, &["--replicates", "50", "--seed", "2"]);
    assert!(read(&a.join("summary.csv")) != read(&b.join("summary.csv")));
}

const SMALL: &str = r#"
[scenario]
name = "keys"
seed = 5
replicates = 130

[game]
players = ["A", "B"]
rounds = 30
noise = 0.05
"#;

#[test]
fn a_cells_numbers_do_not_depend_on_the_other_cells() {
    let with_three = format!(
        "{SMALL}{STANDARD_PAYOFFS}\n[strategies]\nA = [\"joss\", \"random\"]\nB = [\"tit_for_tat\", \"win_stay_lose_shift\", \"joss\"]\n"
    );
    let with_one =
        format!("{SMALL}{STANDARD_PAYOFFS}\n[strategies]\nA = [\"random\"]\nB = [\"joss\"]\n");
    let big = dilemma::scenario::parse(&with_three, "three.toml").unwrap();
    let small = dilemma::scenario::parse(&with_one, "one.toml").unwrap();
    let big_summary = dilemma::sim::run(&big, &dilemma::sim::Silent);
    let small_summary = dilemma::sim::run(&small, &dilemma::sim::Silent);
    let position = big
        .cells
        .iter()
        .position(|cell| big.profile_label(cell) == "random vs joss")
        .expect("the profile exists");
    assert_eq!(big.cells[position].key, small.cells[0].key);
    assert_eq!(big_summary.cells[position], small_summary.cells[0]);
    // And the cell was really stochastic, so equality is not trivial.
    assert!(small_summary.cells[0].players[0].sd_payoff > 0.0);
}

#[test]
fn binned_tables_do_not_depend_on_the_thread_count_either() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_revised_pd.toml");
    let scratch = tempfile::tempdir().unwrap();
    let outputs: Vec<_> = ["1", "3"]
        .iter()
        .map(|threads| {
            let out = scratch.path().join(format!("threads-{threads}"));
            let args = [
                "--replicates",
                "200",
                "--round-bin",
                "7",
                "--threads",
                threads,
            ];
            run_cli(&scenario, &out, &args);
            out
        })
        .collect();
    for file in ["summary.csv", "rounds.csv"] {
        assert!(
            read(&outputs[0].join(file)) == read(&outputs[1].join(file)),
            "{file} differs between thread counts"
        );
    }
}

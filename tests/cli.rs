//! The command line as a researcher meets it: the output contract, help, exit codes, and results
//! that never end up half-written.

mod common;

use common::{dilemma, kuril, kuril_with_rounds, text};
use std::path::Path;
use std::process::{Command, Output};

/// `dilemma run` on the shipped Kuril scenario, writing to `out`.
fn run_kuril(out: &Path, extra: &[&str]) -> Output {
    let scenario = kuril();
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    dilemma(&args)
}

#[test]
fn run_writes_the_contract_files_and_a_complete_manifest_last() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("kuril");
    let output = run_kuril(&out, &["--replicates", "20"]);
    assert!(output.status.success(), "{}", text(&output.stderr));

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], true);
    assert_eq!(manifest["replicates"], 20);
    assert_eq!(manifest["seed"], 20131102);
    assert_eq!(manifest["engine_version"], env!("CARGO_PKG_VERSION"));
    let scenario_bytes = std::fs::read(kuril()).unwrap();
    let digest = {
        use sha2::Digest;
        dilemma::rng::hex(&sha2::Sha256::digest(&scenario_bytes))
    };
    assert_eq!(manifest["scenario"]["sha256"], digest.as_str());
    // 3 Japanese × 4 Russian candidates.
    assert_eq!(manifest["cells"].as_array().unwrap().len(), 12);
    let entries = manifest["files"].as_array().unwrap();
    let files: Vec<&str> = entries
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        !files.contains(&"manifest.json"),
        "the manifest lists every file but itself"
    );
    for entry in entries {
        let name = entry["name"].as_str().unwrap();
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(entry["bytes"], bytes.len(), "{name}");
        use sha2::Digest;
        let digest = dilemma::rng::hex(&sha2::Sha256::digest(&bytes));
        assert_eq!(entry["sha256"], digest.as_str(), "{name}");
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "manifest.json")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = files.iter().map(|name| name.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "every file in the folder is listed");
    for chart in [
        "payoffs.svg",
        "payoffs.pdf",
        "payoffs.png",
        "heatmap.svg",
        "heatmap.pdf",
        "heatmap.png",
        "rounds.svg",
        "rounds.pdf",
        "rounds.png",
    ] {
        assert!(files.contains(&chart), "{chart} missing from {files:?}");
    }
    let png = std::fs::read(out.join("payoffs.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");

    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(
        summary.lines().next().unwrap(),
        "cell,profile,player,strategy,replicates,mean_payoff,sd_payoff,ci95_low,ci95_high,share_C,share_D,constrained_share,misperceived_share"
    );
    assert_eq!(summary.lines().count(), 1 + 12 * 2);
    let rounds = std::fs::read_to_string(out.join("rounds.csv")).unwrap();
    assert_eq!(
        rounds.lines().next().unwrap(),
        "cell,profile,player,round,mean_payoff,share_C,share_D,replicates,round_last"
    );
    // One row per (cell, player, round): 12 cells × 2 players × 100 rounds.
    assert_eq!(rounds.lines().count(), 1 + 12 * 2 * 100);
    // No staging folder is left beside the results.
    let leftovers: Vec<_> = std::fs::read_dir(scratch.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .filter(|name| name != "kuril")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn rerunning_replaces_earlier_results() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("again");
    for replicates in ["5", "6"] {
        let output = run_kuril(&out, &["--replicates", replicates, "-q"]);
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"replicates\": 6"));
}

#[test]
fn a_foreign_folder_is_never_overwritten() {
    let scratch = tempfile::tempdir().unwrap();
    let precious = scratch.path().join("thesis");
    std::fs::create_dir(&precious).unwrap();
    std::fs::write(precious.join("chapter1.tex"), "years of work").unwrap();
    let output = run_kuril(&precious, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).starts_with("error: "));
    assert_eq!(
        std::fs::read_to_string(precious.join("chapter1.tex")).unwrap(),
        "years of work"
    );
    assert_eq!(std::fs::read_dir(&precious).unwrap().count(), 1);
}

#[test]
fn a_failure_while_writing_exits_with_1_and_leaves_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let blocker = scratch.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let out = blocker.join("results");
    let output = run_kuril(&out, &["--replicates", "2"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: ") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 1);
}

#[test]
fn bad_arguments_exit_with_2() {
    let scenario = kuril();
    let scenario = scenario.to_str().unwrap();
    for args in [
        vec!["run", scenario, "--replicates", "0"],
        vec!["run", scenario, "--threads", "0"],
        vec!["run", scenario, "--seed", "minus-one"],
        vec!["run", "no/such/scenario.toml"],
        vec!["frobnicate"],
        vec!["validate"],
    ] {
        let output = dilemma(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(!text(&output.stderr).contains("panicked"));
    }
}

#[test]
fn help_explains_every_flag() {
    let output = dilemma(&["run", "--help"]);
    assert!(output.status.success());
    let help = text(&output.stdout);
    for flag in ["--out", "--seed", "--replicates", "--threads", "--quiet"] {
        let line = help
            .lines()
            .find(|line| line.contains(flag))
            .unwrap_or_else(|| panic!("{flag} missing"));
        // Every flag line carries an explanation, not just the flag.
        assert!(
            line.split(flag).nth(1).unwrap().trim().len() > 10,
            "{flag} is unexplained: {line}"
        );
    }
    let top = text(&dilemma(&["--help"]).stdout);
    for command in ["run", "validate", "strategies"] {
        assert!(top.contains(command), "{command} missing from --help");
    }
}

#[test]
fn validate_accepts_the_shipped_scenarios() {
    let output = dilemma(&[
        "validate",
        "scenarios/kuril_revised_pd.toml",
        "scenarios/classic_ipd.toml",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout)
            .lines()
            .filter(|line| line.starts_with("ok: "))
            .count(),
        2
    );
}

#[test]
fn strategies_lists_the_same_library_as_table_and_json() {
    let table = text(&dilemma(&["strategies"]).stdout);
    let json: serde_json::Value =
        serde_json::from_slice(&dilemma(&["strategies", "--json"]).stdout).unwrap();
    let entries = json.as_array().unwrap();
    let names: Vec<&str> = entries
        .iter()
        .map(|entry| entry["name"].as_str().unwrap())
        .collect();
    let required = [
        "always_cooperate",
        "always_defect",
        "tit_for_tat",
        "suspicious_tit_for_tat",
        "tit_for_two_tats",
        "grudger",
        "win_stay_lose_shift",
        "alternator",
        "random",
        "generous_tit_for_tat",
        "joss",
        "memory_one",
        "zd_extort_2",
        "zdgtft_2",
    ];
    for name in required {
        assert!(names.contains(&name), "{name} missing from --json");
    }
    // A Markdown table: a header row, a rule, then one row per strategy, name first.
    let table_names: Vec<&str> = table
        .lines()
        .skip(2)
        .filter_map(|line| line.split('|').nth(1))
        // The name, then its abbreviations in parentheses.
        .filter_map(|cell| cell.split_whitespace().next())
        .collect();
    assert_eq!(table_names, names, "the table and the JSON list differ");
    for entry in entries {
        assert!(entry["classifier"]["stochastic"].is_boolean());
        // The kinds that name actions, the transformers and the kinds written in the scenario
        // have no Axelrod-Python strategy of their own: null, never "".
        let alias = &entry["axelrod_name"];
        let without_counterpart = [
            "fixed", "mixed", "cycle", "reply", "noisy", "joss_ann", "dual", "fsm", "lookup",
            "memory_n",
        ]
        .contains(&entry["name"].as_str().unwrap());
        assert!(
            if without_counterpart {
                alias.is_null()
            } else {
                alias.as_str().is_some_and(|a| !a.is_empty())
            },
            "{entry}"
        );
    }
}

/// The JSON list `dilemma strategies` prints with these extra arguments.
fn listed(filters: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["strategies", "--json"];
    args.extend_from_slice(filters);
    let output = Command::new(env!("CARGO_BIN_EXE_dilemma"))
        .args(&args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{filters:?}: {output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn strategies_filters_keep_exactly_the_entries_that_match() {
    let all = listed(&[]);
    let keep = |test: &dyn Fn(&serde_json::Value) -> bool| -> Vec<serde_json::Value> {
        all.iter().filter(|entry| test(entry)).cloned().collect()
    };
    let classifier = |entry: &serde_json::Value, key: &str| entry["classifier"][key].clone();
    let cases: Vec<(Vec<&str>, Vec<serde_json::Value>)> = vec![
        (
            vec!["--stochastic", "false"],
            keep(&|e| classifier(e, "stochastic") == false),
        ),
        (
            vec!["--stochastic", "true"],
            keep(&|e| classifier(e, "stochastic") == true),
        ),
        (
            vec!["--memory-depth", "1"],
            keep(&|e| classifier(e, "memory_depth") == 1),
        ),
        (
            vec!["--memory-depth", "inf"],
            keep(&|e| classifier(e, "memory_depth").is_null()),
        ),
        (
            vec!["--family", "memory_one"],
            keep(&|e| e["family"] == "memory_one"),
        ),
        (
            vec![
                "--stochastic",
                "false",
                "--memory-depth",
                "1",
                "--uses-game",
                "false",
            ],
            keep(&|e| {
                classifier(e, "stochastic") == false
                    && classifier(e, "memory_depth") == 1
                    && classifier(e, "uses_game") == false
            }),
        ),
    ];
    for (filters, expected) in cases {
        assert!(!expected.is_empty(), "{filters:?} should match something");
        assert!(
            expected.len() < all.len(),
            "{filters:?} should filter something"
        );
        assert_eq!(listed(&filters), expected, "{filters:?}");
    }
}

#[test]
fn strategies_refuses_unknown_filters_with_the_nearest_family() {
    for (args, message) in [
        (
            vec!["--family", "fsmm"],
            "unknown family `fsmm` (did you mean `fsm`?)",
        ),
        (
            vec!["--memory-depth", "deep"],
            "--memory-depth takes a number of rounds or `inf`",
        ),
        (vec!["--stochastic", "maybe"], "invalid value 'maybe'"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_dilemma"))
            .arg("strategies")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_reader_that_closes_the_pipe_early_causes_no_panic() {
    // `dilemma strategies | head -1`: the reading end is gone before the first write.
    for args in [vec!["strategies"], vec!["strategies", "--json"]] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_dilemma"))
            .args(&args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn long_matches_draw_at_most_about_four_hundred_points_per_series() {
    // 20 000 rounds: one vertex per round would put 24 series × 20 000 points in the SVG.
    let scratch = tempfile::tempdir().unwrap();
    let scenario = kuril_with_rounds(scratch.path(), 20_000);
    let out = scratch.path().join("long");
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--replicates",
        "2",
        "-q",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rounds = std::fs::read_to_string(out.join("rounds.csv")).unwrap();
    // 12 cells × 20 000 rounds × (2 rows of rounds.csv + 4 of joint.csv) pass 10^6 rows, so
    // the automatic binning pools rounds in pairs: 10 000 rows per (cell, player).
    assert_eq!(
        rounds.lines().count(),
        1 + 12 * 2 * 10_000,
        "the table keeps every bin"
    );
    let svg = std::fs::read_to_string(out.join("rounds.svg")).unwrap();
    // Each plotted point appears as one "x,y" pair in a polyline or polygon.
    let pairs = svg
        .split(['"', ' '])
        .filter(|token| {
            token
                .split_once(',')
                .is_some_and(|(x, y)| x.parse::<f64>().is_ok() && y.parse::<f64>().is_ok())
        })
        .count();
    // 12 panels × two players, each a line (≤ 401 points) and a band (≤ 2 × 401 points); a
    // dashed line adds the ends of its dashes (at most one more point per vertex at these
    // panel sizes).
    assert!(pairs <= 2 * 12 * 2 * 3 * 401, "{pairs} points drawn");
    assert!(
        pairs > 12 * 2 * 3 * 200,
        "{pairs} points: the series were thinned too far"
    );
}

#[test]
fn run_records_the_scenarios_charts_in_the_manifest() {
    use dilemma::chart::spec::{ChartKind, ChartSpec, Format};
    let scratch = tempfile::tempdir().unwrap();
    let scenario = scratch.path().join("charts.toml");
    let written = std::fs::read_to_string(kuril()).unwrap()
        + r#"
[[charts]]
kind = "payoffs"
file = "payoffs_single"
profiles = ["tit_for_tat vs always_defect", "grudger vs zd_extort_2"]
players = ["Russia"]
title = "Payoffs under energy dependence"
width = "89mm"
height = "2.5in"
font_size = 8
formats = ["pdf", "png"]
dpi = 600

[[charts]]
kind = "rounds"
metric = "share_D"
"#;
    std::fs::write(&scenario, written).unwrap();
    let out = scratch.path().join("out");
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--replicates",
        "2",
        "--quiet",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let expected = vec![
        ChartSpec {
            kind: Some(ChartKind::Payoffs),
            file: Some("payoffs_single".to_string()),
            profiles: Some(vec![
                "tit_for_tat vs always_defect".to_string(),
                "grudger vs zd_extort_2".to_string(),
            ]),
            players: Some(vec!["Russia".to_string()]),
            title: Some("Payoffs under energy dependence".to_string()),
            width: Some("89mm".to_string()),
            height: Some("2.5in".to_string()),
            font_size: Some(8.0),
            formats: Some(vec![Format::Pdf, Format::Png]),
            dpi: Some(600),
            ..ChartSpec::default()
        },
        ChartSpec {
            kind: Some(ChartKind::Rounds),
            metric: Some("share_D".to_string()),
            ..ChartSpec::default()
        },
    ];
    assert_eq!(dilemma::export::manifest::charts(&manifest), Ok(expected));

    // The shipped scenario has no [[charts]]: an empty list.
    let plain = scratch.path().join("plain");
    let output = run_kuril(&plain, &["--replicates", "2", "--quiet"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(plain.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["charts"], serde_json::json!([]));
}

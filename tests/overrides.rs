//! `dilemma run --set NAME=VALUE`: a parameter given on the command line acts exactly as if the
//! file said it, is recorded in the manifest, and every mistake exits 2 with one line per
//! problem and nothing written.

mod common;

use common::{dilemma, kuril, text};
use std::path::Path;

fn run(scenario: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    dilemma(&args)
}

#[test]
fn a_set_parameter_gives_the_tables_of_the_file_that_says_it() {
    let scratch = tempfile::tempdir().unwrap();
    let scenario = kuril();
    // The same world written into the file: Japan's dependence at 0.5 instead of 0.98.
    let original = std::fs::read_to_string(&scenario).unwrap();
    assert!(original.contains("\nenergy_dependence = 0.98\n"));
    let edited = scratch.path().join("edited.toml");
    std::fs::write(
        &edited,
        original.replace(
            "\nenergy_dependence = 0.98\n",
            "\nenergy_dependence = 0.5\n",
        ),
    )
    .unwrap();
    let (by_flag, by_file) = (scratch.path().join("flag"), scratch.path().join("file"));
    let output = run(&scenario, &by_flag, &["--set", "energy_dependence=0.5"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = run(&edited, &by_file, &[]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for table in ["summary.csv", "rounds.csv"] {
        assert_eq!(
            std::fs::read(by_flag.join(table)).unwrap(),
            std::fs::read(by_file.join(table)).unwrap(),
            "{table} differs between --set and the edited file"
        );
    }
    // And it is a different world from the file's own value.
    let plain = scratch.path().join("plain");
    assert!(run(&scenario, &plain, &[]).status.success());
    assert_ne!(
        std::fs::read(plain.join("summary.csv")).unwrap(),
        std::fs::read(by_flag.join("summary.csv")).unwrap()
    );

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(by_flag.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["overrides"]["energy_dependence"], 0.5);
    assert_eq!(manifest["parameters"]["energy_dependence"], 0.5);
    // The constraint's probability is the formula `energy_dependence`, evaluated at 0.5.
    let constraints = manifest["points"][0]["constraints"].to_string();
    assert!(constraints.contains("0.5"), "{constraints}");
    let plain: serde_json::Value =
        serde_json::from_slice(&std::fs::read(plain.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(plain["overrides"], serde_json::json!({}));
}

/// Exit 2, one `error:` line per expected fragment (in order), nothing written.
fn assert_refused(extra: &[&str], expected: &[&str]) {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let output = run(&kuril(), &out, extra);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{extra:?}: {stderr}");
    for (line, fragment) in lines.iter().zip(expected) {
        assert!(line.starts_with("error: "), "{line}");
        assert!(line.contains(fragment), "{fragment:?} missing from {line}");
    }
    assert!(!out.exists(), "{extra:?} wrote {out:?}");
    assert!(output.stdout.is_empty());
}

#[test]
fn unknown_repeated_and_malformed_settings_are_refused() {
    assert_refused(
        &["--set", "energy_dependance=0.5"],
        &[
            "--set energy_dependance: the scenario has no parameter `energy_dependance` (did you mean `energy_dependence`?)",
        ],
    );
    assert_refused(
        &[
            "--set",
            "energy_dependence=0.5",
            "--set",
            "energy_dependence=0.6",
        ],
        &["--set energy_dependence: is given more than once"],
    );
    assert_refused(
        &["--set", "nope=1", "--set", "peace_dividnd=2"],
        &[
            "the scenario has no parameter `nope`",
            "(did you mean `peace_dividend`?)",
        ],
    );
    for bad in [
        "energy_dependence",
        "=0.5",
        "energy_dependence=",
        "energy_dependence=half",
        "energy_dependence=NaN",
        "energy_dependence=1e999",
    ] {
        assert_refused(&["--set", bad], &["'--set <NAME=VALUE>'"]);
    }
    // A control character in the name is shown escaped, never raw.
    assert_refused(&["--set", "a\u{1b}[31m=1"], &["\\u{1b}"]);
}

#[test]
fn a_value_that_breaks_a_formula_is_reported_where_the_formula_is_with_the_setting() {
    // The constraint's probability is `energy_dependence`: 2 is no probability.
    assert_refused(
        &["--set", "energy_dependence=2"],
        &[
            "game.constraints[0].probability: must be a probability in [0, 1], found 2 (this run sets energy_dependence=2)",
        ],
    );
}

#[test]
fn a_scenario_without_parameters_says_so() {
    let scratch = tempfile::tempdir().unwrap();
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/classic_ipd.toml");
    let out = scratch.path().join("out");
    let output = run(&scenario, &out, &["--set", "x=1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("--set x: the scenario has no [parameters] to set"),
        "{}",
        text(&output.stderr)
    );
    assert!(!out.exists());
}

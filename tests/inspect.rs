//! What a researcher sees of the computed game: `validate --verbose` prints the evaluated payoff
//! table and constraint probabilities, and the manifest records the same numbers.

mod common;

use common::dilemma_in;

/// Formulas whose values are worked out by hand below.
const SCENARIO: &str = r#"
[scenario]
name = "inspect"
[parameters]
dependence = 0.75
scale = 4
[game]
players = ["Japan", "Russia"]
rounds = 3
[game.payoffs]
"C,C" = [3, "scale / 2 + 1"]
"C,D" = ["0 - dependence", "scale ^ 2"]
"D,C" = [5, "min(scale, 1)"]
"D,D" = ["1 - dependence * scale", 1]
[[game.constraints]]
player = "Japan"
forbid = ["D"]
probability = "dependence / 3"
[strategies]
Japan = ["tit_for_tat"]
Russia = ["always_defect"]
"#;

/// (joint action, Japan, Russia), evaluated by hand at dependence = 0.75, scale = 4.
const EXPECTED: [(&str, f64, f64); 4] = [
    ("C,C", 3.0, 3.0),
    ("C,D", -0.75, 16.0),
    ("D,C", 5.0, 1.0),
    ("D,D", -2.0, 1.0),
];

#[test]
fn validate_verbose_prints_the_evaluated_game() {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(scratch.path().join("s.toml"), SCENARIO).unwrap();
    let output = dilemma_in(scratch.path(), &["validate", "--verbose", "s.toml"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for (joint, japan, russia) in EXPECTED {
        let row = text
            .lines()
            .find(|line| line.trim_start().starts_with(&format!("{joint} ")))
            .unwrap_or_else(|| panic!("no row for {joint} in:\n{text}"));
        let numbers: Vec<f64> = row
            .split_whitespace()
            .skip(1)
            .map(|cell| cell.parse().unwrap())
            .collect();
        assert_eq!(numbers, [japan, russia], "{row}");
    }
    assert!(
        text.contains("Japan: D forbidden with probability 0.25, else C"),
        "{text}"
    );
    assert!(text.contains("dependence = 0.75"), "{text}");
    // Without --verbose only the verdict is printed.
    let plain = dilemma_in(scratch.path(), &["validate", "s.toml"]);
    assert_eq!(String::from_utf8(plain.stdout).unwrap().lines().count(), 1);
}

#[test]
fn the_manifest_records_the_evaluated_game() {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(scratch.path().join("s.toml"), SCENARIO).unwrap();
    let output = dilemma_in(
        scratch.path(),
        &[
            "run",
            "s.toml",
            "--out",
            "results",
            "--replicates",
            "2",
            "-q",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(scratch.path().join("results/manifest.json")).unwrap(),
    )
    .unwrap();
    let point = &manifest["points"][0];
    for (index, (joint, japan, russia)) in EXPECTED.iter().enumerate() {
        assert_eq!(point["payoffs"][index]["joint"], *joint);
        assert_eq!(
            point["payoffs"][index]["payoffs"],
            serde_json::json!([japan, russia])
        );
    }
    assert_eq!(point["constraints"][0]["probability"], 0.25);
    assert_eq!(point["constraints"][0]["forbid"], serde_json::json!(["D"]));
    assert_eq!(point["parameters"]["scale"], 4.0);
    assert_eq!(manifest["cells"][0]["point"], 0);
}

//! 200-round noise-free matches among the deterministic strategies, run through the whole engine
//! (scenario → simulator → summary), score exactly what Axelrod-Python 4.14 scores.
//! The fixture comes from tests/fixtures/generate_axelrod.py.

mod common;

use common::STANDARD_PAYOFFS;
use dilemma::sim::{self, Silent};

#[test]
fn every_pairing_scores_as_in_axelrod_python() {
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/axelrod/match_scores_200.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let matches = fixture["matches"].as_array().expect("matches list");
    // The strategies are the fixture's own: every name that plays in it, in order of appearance.
    let mut names: Vec<&str> = Vec::new();
    for record in matches {
        let name = record["player1"].as_str().unwrap();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    assert_eq!(names.len(), 8, "the eight deterministic strategies");
    let list = names
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        "[scenario]\nname = \"axelrod\"\nreplicates = 1\n\n[game]\nplayers = [\"P1\", \"P2\"]\n\
         rounds = 200\n{STANDARD_PAYOFFS}\n[strategies]\nP1 = [{list}]\nP2 = [{list}]\n"
    );
    let experiment = dilemma::scenario::parse(&text, "axelrod.toml").unwrap();
    let summary = sim::run(&experiment, &Silent);
    assert_eq!(matches.len(), 64);
    for record in matches {
        let (first, second) = (
            record["player1"].as_str().unwrap(),
            record["player2"].as_str().unwrap(),
        );
        let profile = format!("{first} vs {second}");
        let index = experiment
            .cells
            .iter()
            .position(|cell| experiment.profile_label(cell) == profile)
            .unwrap_or_else(|| panic!("no cell {profile}"));
        let expected = record["final_score"].as_array().unwrap();
        for (player, want) in expected.iter().enumerate() {
            // mean_payoff is per round; Axelrod's final score is the 200-round total.
            let total = summary.cells[index].players[player].mean_payoff * 200.0;
            let want = want.as_f64().unwrap();
            assert!(
                (total - want).abs() < 1e-9,
                "{profile}, player {player}: {total} vs Axelrod {want}"
            );
        }
    }
}

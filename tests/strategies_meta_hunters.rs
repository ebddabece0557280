//! Pinned plays of the math constant hunter and the meta hunters, restating the expectations of
//! Axelrod-Python 4.14's own tests (test_hunter.py, test_meta.py) and, over 341 and 1000
//! rounds (the math constant hunter's windows reach back three quarters of the match), Axelrod's
//! own output. An Axelrod `MockPlayer(actions)` repeats its actions, as `versus_script` does.

mod common;

use common::engine::{bipartite_lasting, pair, replicates_off_the_prefix};
use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::{versus_policy, versus_script};

fn build_for(name: &str, context: &Context) -> Result<Policy, String> {
    lookup(name)
        .unwrap_or_else(|| panic!("no strategy `{name}`"))
        .build(&StrategyArgs::default(), context)
}

fn build(name: &str) -> Policy {
    build_for(name, &Context::standard(200)).unwrap_or_else(|e| panic!("building `{name}`: {e}"))
}

/// The strategy's moves over `turns` rounds against an opponent repeating `script`.
fn moves(name: &str, script: &str, turns: usize) -> String {
    versus_script(&build(name), script, turns, 0).0
}

#[test]
fn math_constant_hunter() {
    // TestMathConstantHunter.test_strategy: MockPlayer([C] * 7 + [D] * 3), 8 rounds.
    let script = format!("{}{}", "C".repeat(7), "D".repeat(3));
    assert_eq!(moves("math_constant_hunter", &script, 8), "C".repeat(8));
}

#[test]
fn meta_hunter() {
    // TestMetaHunter.test_strategy. No cooperator hunter in the team: C against Cooperator.
    assert_eq!(moves("meta_hunter", "C", 5), "CCCCC");
    assert_eq!(moves("meta_hunter", "C", 102), "C".repeat(102));
    // After 100 rounds tit for tat comes into play.
    let script = format!("{}D", "C".repeat(100));
    assert_eq!(
        moves("meta_hunter", &script, 102),
        format!("{}CD", "C".repeat(100))
    );
    assert_eq!(moves("meta_hunter", "D", 5), "CCCCD");
    assert_eq!(moves("meta_hunter", "CD", 7), "CCCCCCD");
    assert_eq!(moves("meta_hunter", "CCCD", 9), "CCCCCCCCD");
}

#[test]
fn meta_hunter_aggressive() {
    // TestMetaHunterAggressive.test_strategy: with the cooperator hunter, D against Cooperator.
    // (Its test of a smaller team has no counterpart: we expose no `team` parameter.)
    assert_eq!(moves("meta_hunter_aggressive", "C", 5), "CCCCD");
    assert_eq!(moves("meta_hunter_aggressive", "D", 5), "CCCCD");
    assert_eq!(moves("meta_hunter_aggressive", "CD", 7), "CCCCCCD");
    assert_eq!(moves("meta_hunter_aggressive", "CCCD", 9), "CCCCCCCCD");
}

/// Axelrod's moves over 341 rounds, `Match((first(), second()), turns=341)`.
const MATH_CONSTANT_VS_SUSPICIOUS_TFT: &str = concat!(
    "CCCCCCCCDDCCCCCDCCDDDDDCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDCCCCCCCCCCDCCCCCCCCCCCCCCCC",
    "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDCCCCCCCCCCDDCDCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
    "CCCCCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDCCCCCCCCCDCCCCCCCCCDCCCCCCCCCDCCCCCCCCCDCCCCCCCC",
    "CCCCCCCCCCCCCCCCCCCCC",
);
const META_HUNTER_AGGRESSIVE_VS_TFT: &str = concat!(
    "CCCCDDCCCDCDDDDDDCCCCCCCCCDDDDDDDDDCDDCCCCCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDDDDDDD",
    "DDDDCCCCCCCDCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    "DDDDDDDDDDDDDDDDDDDDD",
);

#[test]
fn the_math_constant_hunters_windows_stay_exact_past_256_rounds() {
    // 341 rounds was the reach of the 256-round tape these players kept before their record
    // moved to the store; the outputs are Axelrod's.
    let turns = 341;
    let longest = Context::standard(341);
    for (name, opponent, expected) in [
        (
            "math_constant_hunter",
            "suspicious_tit_for_tat",
            MATH_CONSTANT_VS_SUSPICIOUS_TFT,
        ),
        (
            "meta_hunter_aggressive",
            "tit_for_tat",
            META_HUNTER_AGGRESSIVE_VS_TFT,
        ),
    ] {
        let opponent = build_for(opponent, &longest).unwrap();
        let hunter = build_for(name, &longest).unwrap();
        assert_eq!(
            versus_policy(&hunter, &opponent, turns, 0).0,
            expected,
            "{name}"
        );
        // With the length unknown it plays the same.
        let unknown = Context {
            length: None,
            ..longest
        };
        let hunter = build_for(name, &unknown).unwrap();
        assert_eq!(
            versus_policy(&hunter, &opponent, turns, 0).0,
            expected,
            "{name}"
        );
    }
}

fn axelrod_long_matches() -> serde_json::Value {
    let path = format!(
        "{}/tests/fixtures/axelrod/hunters_1000.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(value["axelrod_version"], "4.14.0");
    assert_eq!(value["turns"], 1000);
    value
}

#[test]
fn the_hunters_play_1000_rounds_as_axelrods() {
    // Axelrod's 1000-turn matches (hunters_1000.json): the windows reach back to round 250.
    let context = Context::standard(1000);
    let mut checked = 0;
    for record in axelrod_long_matches()["matches"].as_array().unwrap() {
        let name = record["player"].as_str().unwrap();
        if name.starts_with("Meta Winner") {
            continue;
        }
        let opponent = record["opponent"].as_str().unwrap();
        let (ours, theirs) = versus_policy(
            &build_for(name, &context).unwrap(),
            &build_for(opponent, &context).unwrap(),
            1000,
            0,
        );
        assert_eq!(ours, record["player_actions"], "{name} vs {opponent}");
        assert_eq!(theirs, record["opponent_actions"], "{name} vs {opponent}");
        checked += 1;
    }
    assert_eq!(checked, 18);
}

#[test]
fn a_record_sized_for_a_shorter_match_grows_rather_than_forgets() {
    // Built for 200 rounds but played for 1000 (as a test or a library user may): the record
    // grows and the play stays Axelrod's.
    let short = Context::standard(200);
    let mut checked = 0;
    for record in axelrod_long_matches()["matches"].as_array().unwrap() {
        if record["player"] != "Math Constant Hunter" {
            continue;
        }
        let opponent = record["opponent"].as_str().unwrap();
        let (ours, _) = versus_policy(
            &build_for("math_constant_hunter", &short).unwrap(),
            &build_for(opponent, &Context::standard(1000)).unwrap(),
            1000,
            0,
        );
        assert_eq!(ours, record["player_actions"], "against {opponent}");
        checked += 1;
    }
    assert_eq!(checked, 6, "the fixture's six opponents");
}

#[test]
fn a_scenario_of_long_matches_runs_the_hunters() {
    // A continuation probability hides the length from the strategy; the record is sized for
    // the cap. Run as `dilemma run` plays it, each match of the hunters against tit for tat
    // scores what the first rounds of Axelrod's 1000-round match score (none of them reads the
    // length), whether the cap cuts matches short (341) or lies far beyond them (10^6).
    let matches = axelrod_long_matches();
    let against_tit_for_tat = |player: &str| {
        let record = matches["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|record| record["player"] == player && record["opponent"] == "Tit For Tat")
            .unwrap_or_else(|| panic!("no {player} against Tit For Tat"));
        (
            record["player_actions"].as_str().unwrap(),
            record["opponent_actions"].as_str().unwrap(),
        )
    };
    let hunters = [
        "Math Constant Hunter",
        "Meta Hunter",
        "Meta Hunter Aggressive",
    ];
    for max_rounds in [341u32, 1000, 1_000_000] {
        let experiment = bipartite_lasting(
            &hunters,
            &["tit_for_tat"],
            &format!("continuation = 0.99\nmax_rounds = {max_rounds}"),
            100,
            u64::from(max_rounds),
        );
        let summary = dilemma::sim::run(&experiment, &dilemma::sim::Silent);
        for (row, hunter) in hunters.iter().enumerate() {
            let (first, second) = against_tit_for_tat(hunter);
            let cell = pair(&experiment, &summary, row, 0);
            let (off, checked) = replicates_off_the_prefix(cell, first, second);
            assert!(off.is_empty(), "{hunter}, cap {max_rounds}: {off:#?}");
            // A match outlives 1000 rounds with chance 0.99^1000 = 4e-5.
            assert_eq!(checked, 100, "{hunter}, cap {max_rounds}");
            let longest = (0..100)
                .map(|r| cell.replicates.rounds(r))
                .fold(0.0, f64::max);
            assert!(
                longest <= f64::from(max_rounds) && longest > 200.0,
                "{longest}"
            );
        }
    }
}

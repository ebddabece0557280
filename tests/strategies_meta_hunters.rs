//! Pinned plays of the math constant hunter and the meta hunters, restating the expectations of
//! Axelrod-Python 4.14's own tests (test_hunter.py, test_meta.py) and, over 341 rounds (past
//! the 256 rounds the math constant hunter's tape keeps), Axelrod's own output. An Axelrod
//! `MockPlayer(actions)` repeats its actions, as `versus_script` does.

use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::hunter::MATH_CONSTANT_ROUNDS;
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
fn the_math_constant_hunters_windows_stay_exact_past_its_tape() {
    assert_eq!(MATH_CONSTANT_ROUNDS, 341);
    let turns = MATH_CONSTANT_ROUNDS as usize;
    let longest = Context::standard(MATH_CONSTANT_ROUNDS);
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
        // With the length unknown it plays the same up to the tape's reach.
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

#[test]
fn a_known_length_past_the_tapes_reach_is_refused() {
    for name in [
        "math_constant_hunter",
        "meta_hunter",
        "meta_hunter_aggressive",
    ] {
        let error = build_for(name, &Context::standard(MATH_CONSTANT_ROUNDS + 1)).unwrap_err();
        assert!(error.contains("at most 341 rounds"), "{name}: {error}");
    }
}

#[test]
fn a_scenario_whose_matches_could_outrun_the_tape_is_refused_up_front() {
    // A continuation probability hides the length from the strategy, but the cap is known:
    // a cap past the tape is refused at the candidate; one within it runs.
    let scenario = |max_rounds: u32| {
        format!(
            r#"
[scenario]
name = "taped"
[game]
players = ["A", "B"]
continuation = 0.99
max_rounds = {max_rounds}
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
[strategies]
A = ["meta_hunter"]
B = ["tit_for_tat"]
"#
        )
    };
    let errors = dilemma::scenario::parse(&scenario(1000), "taped.toml").unwrap_err();
    let message = errors.first().to_string();
    assert!(
        message.contains("strategies.A[0]") && message.contains("up to 1000"),
        "{message}"
    );
    assert!(dilemma::scenario::parse(&scenario(MATH_CONSTANT_ROUNDS), "taped.toml").is_ok());
}

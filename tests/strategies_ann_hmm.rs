//! Pinned action sequences for the neural-network and hidden-Markov-model families, restated
//! from Axelrod-Python 4.14's tests (`test_ann.py`, `test_hmm.py`) and, where marked, from
//! Axelrod's own output over longer matches. A MockPlayer cycles through its actions, as our
//! scripts do. Evolved HMM 5 is stochastic: what its published matrices make certain is pinned,
//! and chances are checked against what the matrices give.

use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::{versus_policy, versus_script};
use dilemma::strategy::{Move, Policy};

fn build(name: &str) -> Policy {
    lookup(name)
        .unwrap_or_else(|| panic!("no `{name}`"))
        .build(&StrategyArgs::default(), &Context::standard(200))
        .unwrap_or_else(|e| panic!("building `{name}`: {e}"))
}

fn plays(name: &str, script: &str, expected: &str) {
    let (own, _) = versus_script(&build(name), script, expected.len(), 0);
    assert_eq!(own, expected, "{name} against {script}");
}

fn plays_policy(name: &str, opponent: &str, expected: &str) {
    let (own, _) = versus_policy(&build(name), &build(opponent), expected.len(), 0);
    assert_eq!(own, expected, "{name} against {opponent}");
}

// ---------------------------------------------------------------------------------------------
// ann.py
// ---------------------------------------------------------------------------------------------

#[test]
fn evolved_ann_as_in_axelrods_tests() {
    plays("Evolved ANN", "C", "CCCCC");
    plays("Evolved ANN", "D", "CDDDDD");
    plays_policy("Evolved ANN", "Tit For Tat", "CCCCC");
}

#[test]
fn evolved_ann_5_as_in_axelrods_tests() {
    plays("Evolved ANN 5", "C", "CCCCC");
    plays("Evolved ANN 5", "D", "CDDDD");
}

#[test]
fn evolved_ann_5_noise_05_as_in_axelrods_tests() {
    plays("Evolved ANN 5 Noise 05", "C", "CCCCC");
    plays("Evolved ANN 5 Noise 05", "D", "CDD");
}

#[test]
fn the_networks_are_deterministic() {
    for name in ["Evolved ANN", "Evolved ANN 5", "Evolved ANN 5 Noise 05"] {
        assert!(!build(name).is_stochastic(), "{name}");
    }
}

/// Axelrod's output over 40 turns against the panel's simple opponents.
#[test]
fn the_networks_play_forty_turns_as_in_axelrod() {
    let all_c = "C".repeat(40);
    let all_d_after_c = format!("C{}", "D".repeat(39));
    plays("Evolved ANN", "C", &all_c);
    plays("Evolved ANN", "D", &all_d_after_c);
    plays(
        "Evolved ANN",
        "CD",
        "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    );
    plays_policy("Evolved ANN", "Tit For Tat", &all_c);
    plays("Evolved ANN 5", "C", &all_c);
    plays("Evolved ANN 5", "D", &all_d_after_c);
    plays(
        "Evolved ANN 5",
        "CD",
        "CCCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    );
    plays_policy("Evolved ANN 5", "Tit For Tat", &all_c);
}

/// Evolved ANN 5 Noise 05 depends on numpy's rectifier typing: when its first hidden unit is
/// negative every positive unit is truncated to an integer. A network with float units leaves
/// the sequences against C and Tit For Tat at turn 34 (Axelrod's output).
#[test]
fn evolved_ann_5_noise_05_plays_forty_turns_as_in_axelrod() {
    let name = "Evolved ANN 5 Noise 05";
    plays(name, "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCDCCDCC");
    plays(name, "D", "CDDCCCCCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD");
    plays(name, "CD", "CCDCCCCCCCDCDDDDDDDDDDDDDDDDDDDDDDDDDDDD");
    let (own, opponent) = versus_policy(&build(name), &build("Tit For Tat"), 40, 0);
    assert_eq!(own, "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCDCCCCC");
    assert_eq!(opponent, "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCDCCCC");
}

/// Scripts on which a plain sequential sum with float units decides otherwise (Axelrod's
/// output; the first is EasyGo's moves against Evolved ANN).
#[test]
fn the_networks_follow_axelrods_arithmetic_on_close_outputs() {
    plays("Evolved ANN", "DDCCCCCCCCCC", "CDDCDDCDDCDD");
    plays("Evolved ANN", "DDDDDDDCDDDC", "CDDDDDDDCDDD");
    plays(
        "Evolved ANN 5",
        "DCDCCCDCCCCDDCCCDCCCCDCCCCDDCC",
        "CDDCCCCCCCCCCDDDDCCCCCCCCCCDDD",
    );
}

// ---------------------------------------------------------------------------------------------
// hmm.py
// ---------------------------------------------------------------------------------------------

/// Evolved HMM 5's published transitions after the opponent's D (`hmm.py`).
const AFTER_DEFECTION: [[f64; 5]; 5] = [
    [0.0, 1.0, 0.0, 0.0, 0.0],
    [0.0, 0.487, 0.513, 0.0, 0.0],
    [0.0, 0.0, 0.0, 0.590, 0.410],
    [1.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 0.287, 0.456, 0.146, 0.111],
];
/// Its published chances of emitting C per state.
const EMISSIONS: [f64; 5] = [1.0, 0.0, 0.0, 1.0, 0.111];

/// How often, over `seeds` matches, the strategy cooperates in round `round` against `script`.
fn cooperation_frequency(name: &str, script: &str, round: usize, seeds: u64) -> f64 {
    let policy = build(name);
    let cooperated = (0..seeds)
        .filter(|&seed| versus_script(&policy, script, round, seed).0.ends_with('C'))
        .count();
    cooperated as f64 / seeds as f64
}

fn assert_within_four_standard_errors(observed: f64, expected: f64, trials: u64, what: &str) {
    let standard_error = (expected * (1.0 - expected) / trials as f64).sqrt();
    assert!(
        (observed - expected).abs() <= 4.0 * standard_error,
        "{what}: observed {observed}, expected {expected} (4 SE = {})",
        4.0 * standard_error
    );
}

#[test]
fn evolved_hmm_5_is_stochastic() {
    assert!(build("Evolved HMM 5").is_stochastic());
}

/// Axelrod pins five C against Cooperator (seed 3). States 0 and 3, where it starts, only lead
/// to each other after a C and both emit C: it cooperates for ever, whatever the seed.
#[test]
fn evolved_hmm_5_cooperates_with_a_cooperator_for_every_seed() {
    for seed in 0..50 {
        let (own, _) = versus_script(&build("Evolved HMM 5"), "C", 200, seed);
        assert_eq!(own, "C".repeat(200), "seed {seed}");
    }
}

/// Axelrod pins C C D against Defector (seed 5). From state 3 a D leads to 0 (C), then to 1
/// (D), then to 1 or 2 (both D): C C D D for every seed.
#[test]
fn evolved_hmm_5_opens_c_c_d_d_against_a_defector_for_every_seed() {
    for seed in 0..50 {
        let (own, _) = versus_script(&build("Evolved HMM 5"), "D", 4, seed);
        assert_eq!(own, "CCDD", "seed {seed}");
    }
}

/// Axelrod pins C C D D D against Alternator (seed 2). The first two are certain (state 3 goes
/// to 0 or stays after the C, both emitting C); the third is D when that C led to state 0,
/// whose D leads to state 1: a chance of 0.631.
#[test]
fn evolved_hmm_5_against_alternator_as_its_matrices_say() {
    for seed in 0..50 {
        let (own, _) = versus_script(&build("Evolved HMM 5"), "CD", 2, seed);
        assert_eq!(own, "CC", "seed {seed}");
    }
    let seeds = 20_000;
    let cooperation = cooperation_frequency("Evolved HMM 5", "CD", 3, seeds);
    assert_within_four_standard_errors(cooperation, 1.0 - 0.631, seeds, "round 3 against CD");
}

/// Against a defector: round 4 is in state 1 (0.487) or 2 (0.513); round 5 reaches state 3
/// (C) with 0.513 × 0.590 and state 4 (C with 0.111) with 0.513 × 0.410.
#[test]
fn evolved_hmm_5_fifth_round_against_a_defector() {
    let expected = 0.513 * 0.590 + 0.513 * 0.410 * 0.111;
    let seeds = 20_000;
    let cooperation = cooperation_frequency("Evolved HMM 5", "D", 5, seeds);
    assert_within_four_standard_errors(cooperation, expected, seeds, "round 5 against D");
}

/// Far into a match against a defector the hidden state follows the chain of the published
/// D-transitions from state 3; its distribution after 199 moves gives the chance of C in
/// round 200.
#[test]
fn evolved_hmm_5_late_rounds_against_a_defector() {
    let mut distribution = [0.0, 0.0, 0.0, 1.0, 0.0];
    for _ in 1..200 {
        let mut next = [0.0; 5];
        for (from, weight) in distribution.iter().enumerate() {
            for (to, p) in AFTER_DEFECTION[from].iter().enumerate() {
                next[to] += weight * p;
            }
        }
        distribution = next;
    }
    let expected: f64 = distribution.iter().zip(EMISSIONS).map(|(w, e)| w * e).sum();
    let seeds = 20_000;
    let cooperation = cooperation_frequency("Evolved HMM 5", "D", 200, seeds);
    assert_within_four_standard_errors(cooperation, expected, seeds, "round 200 against D");
}

#[test]
fn evolved_hmm_5_plays_its_initial_move_first() {
    let (own, _) = versus_script(&build("Evolved HMM 5"), "D", 1, 0);
    assert_eq!(own, Move::C.letter().to_string());
}

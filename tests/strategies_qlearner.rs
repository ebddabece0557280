//! The Q-learners (`src/strategy/qlearner.rs`) against Axelrod-Python 4.14's
//! test_qlearner.py: its seeded runs replayed with a scripted random stream that makes the same
//! choices, so the moves and every learnt value must be Axelrod's.

use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::registry;
use dilemma::strategy::{Move, Policy, View};
use rand::TryRng;
use std::convert::Infallible;

/// A random stream that plays back words: 0 makes a chance of C happen and keeps a learner
/// exploiting its table; `u64::MAX` makes it defect and explore.
struct Scripted<'a>(std::slice::Iter<'a, u64>);

const YES: u64 = 0;
const NO: u64 = u64::MAX;

impl TryRng for Scripted<'_> {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(*self.0.next().expect("the script has a word for every draw"))
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Infallible> {
        unreachable!("the learners draw words")
    }
}

fn build(name: &str) -> Policy {
    registry::lookup(name)
        .unwrap()
        .build(&StrategyArgs::default(), &Context::standard(200))
        .unwrap()
}

/// Plays `name` against an opponent repeating `opponent` for as many rounds as `script`'s
/// draws last, and returns its moves and its learnt values for each of `states`.
fn replay(
    name: &str,
    opponent: Move,
    script: &[u64],
    turns: usize,
    states: &[&str],
) -> (String, Vec<[f64; 3]>) {
    let policy = build(name);
    let Policy::QLearner(rule) = &policy else {
        panic!("{name} is not a Q-learner")
    };
    let (mut view, mut memory) = (View::default(), policy.new_memory());
    let mut rng = Scripted(script.iter());
    let mut moves = String::new();
    for _ in 0..turns {
        let played = policy.decide_move(&view, &mut memory, &mut rng);
        moves.push(played.letter());
        view.record(played, opponent);
    }
    assert!(rng.0.next().is_none(), "{name}: draws left over");
    let values = states
        .iter()
        .map(|state| {
            rule.learnt(&memory, state)
                .unwrap_or_else(|| panic!("{name}: no state {state:?}"))
        })
        .collect();
    (moves, values)
}

const STATES: [&str; 5] = ["", "0.0", "C1.0", "CC2.0", "CCC3.0"];

// Axelrod's seed 32 made these choices, as its expected Qs show: round 1 imagined its own last
// move D and the opponent's D (Qs[""][D] = 0.9 = rate x P), then exploited (C, the first of
// equal values); round 2 explored and drew D; rounds 3 and 4 exploited.
const AXELROD_SEED_32: [u64; 7] = [NO, NO, YES, NO, NO, YES, YES];

fn assert_values(name: &str, ours: &[[f64; 3]], expected: &[[f64; 3]]) {
    for ((state, ours), expected) in STATES.iter().zip(ours).zip(expected) {
        for (got, want) in ours.iter().zip(expected) {
            assert!(
                (got - want).abs() < 1e-12,
                "{name} {state:?}: {ours:?}, Axelrod {expected:?}"
            );
        }
    }
}

#[test]
fn the_risky_and_arrogant_learners_learn_as_axelrods_against_a_cooperator() {
    // test_qlearner.py: actions C D C C against Cooperator, and these Qs (C, D) and Vs; the
    // last state is only met, so all zero. Both learn at rate 0.9 and the discount never
    // matters here, as every state's value is still 0 when it is read.
    let expected = [
        [0.0, 0.9, 0.9],
        [2.7, 0.0, 2.7],
        [0.0, 4.5, 4.5],
        [2.7, 0.0, 2.7],
        [0.0, 0.0, 0.0],
    ];
    for name in ["risky_qlearner", "arrogant_qlearner"] {
        let (moves, values) = replay(name, Move::C, &AXELROD_SEED_32, 4, &STATES);
        assert_eq!(moves, "CDCC", "{name}");
        assert_values(name, &values, &expected);
    }
}

#[test]
fn the_hesitant_and_cautious_learners_learn_as_axelrods_against_a_defector() {
    // test_qlearner.py: actions C D C C against Defector with seed 32, learning at rate 0.1:
    // Qs[""][D] = 0.1 x P, Qs["D0.0"][D] = 0.1 x P, every other value 0.
    let states = ["", "0.0", "D0.0", "DD0.0", "DDD0.0"];
    let expected = [
        [0.0, 0.1, 0.1],
        [0.0, 0.0, 0.0],
        [0.0, 0.1, 0.1],
        [0.0, 0.0, 0.0],
        [0.0, 0.0, 0.0],
    ];
    for name in ["hesitant_qlearner", "cautious_qlearner"] {
        let (moves, values) = replay(name, Move::D, &AXELROD_SEED_32, 4, &states);
        assert_eq!(moves, "CDCC", "{name}");
        for ((state, ours), expected) in states.iter().zip(&values).zip(&expected) {
            for (got, want) in ours.iter().zip(expected) {
                assert!(
                    (got - want).abs() < 1e-12,
                    "{name} {state:?}: {ours:?}, Axelrod {expected:?}"
                );
            }
        }
    }
}

#[test]
fn a_match_longer_than_the_table_is_refused_with_the_limit() {
    use dilemma::strategy::qlearner::MAX_ROUNDS;
    let entry = registry::lookup("risky_qlearner").unwrap();
    let fits = Context::standard(MAX_ROUNDS);
    assert!(entry.build(&StrategyArgs::default(), &fits).is_ok());
    let too_long = Context::standard(MAX_ROUNDS + 1);
    let error = entry
        .build(&StrategyArgs::default(), &too_long)
        .unwrap_err();
    assert!(error.contains(&MAX_ROUNDS.to_string()), "{error}");
    assert!(error.contains(&(MAX_ROUNDS + 1).to_string()), "{error}");
}

#[test]
fn the_table_holds_a_state_per_round_of_a_long_match() {
    // Against a cycle of period 7 every round meets a new state (the cooperation count grows),
    // so the table must hold them all: 5,000 rounds, 5,001 states with the opening one.
    let policy = registry::lookup("risky_qlearner")
        .unwrap()
        .build(&StrategyArgs::default(), &Context::standard(5000))
        .unwrap();
    let Policy::QLearner(rule) = &policy else {
        panic!("not a Q-learner")
    };
    let (mut view, mut memory) = (View::default(), policy.new_memory());
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(3);
    let cycle = [
        Move::C,
        Move::C,
        Move::D,
        Move::C,
        Move::D,
        Move::D,
        Move::C,
    ];
    for round in 0..5000 {
        let played = policy.decide_move(&view, &mut memory, &mut rng);
        view.record(played, cycle[round % cycle.len()]);
    }
    let claimed = memory.store.keys.iter().filter(|&&key| key != 0).count();
    assert_eq!(claimed, 5001);
    // The opening state keeps what round 1 taught it.
    assert!(rule.learnt(&memory, "").is_some());
}

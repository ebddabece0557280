//! Test helpers after Axelrod-Python's `versus_test`: play a policy against a scripted opponent
//! or another policy, noise-free, and return the moves as strings of `C` and `D`.

use super::{Move, Policy, View};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn parse_script(script: &str) -> Vec<Move> {
    script
        .chars()
        .map(|letter| match letter {
            'C' => Move::C,
            'D' => Move::D,
            other => panic!("scripts hold only C and D, found {other:?}"),
        })
        .collect()
}

fn letters(moves: &[Move]) -> String {
    moves.iter().map(|m| m.letter()).collect()
}

/// Plays `policy` for `turns` rounds against an opponent repeating `script` cyclically.
/// Returns (the policy's moves, the opponent's moves).
pub fn versus_script(policy: &Policy, script: &str, turns: usize, seed: u64) -> (String, String) {
    let cycle = parse_script(script);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut view = View::default();
    let (mut own, mut opponent) = (Vec::new(), Vec::new());
    for round in 0..turns {
        let mine = policy.decide_move(&view, &mut rng);
        let theirs = cycle[round % cycle.len()];
        view.record(mine, theirs);
        own.push(mine);
        opponent.push(theirs);
    }
    (letters(&own), letters(&opponent))
}

/// Plays two policies against each other, both drawing from one seeded stream in a fixed order.
pub fn versus_policy(first: &Policy, second: &Policy, turns: usize, seed: u64) -> (String, String) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut first_view, mut second_view) = (View::default(), View::default());
    let (mut first_moves, mut second_moves) = (Vec::new(), Vec::new());
    for _ in 0..turns {
        let a = first.decide_move(&first_view, &mut rng);
        let b = second.decide_move(&second_view, &mut rng);
        first_view.record(a, b);
        second_view.record(b, a);
        first_moves.push(a);
        second_moves.push(b);
    }
    (letters(&first_moves), letters(&second_moves))
}

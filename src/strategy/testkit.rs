//! Test helpers after Axelrod-Python's `versus_test`: play a policy against a scripted opponent
//! or another policy, noise-free, and return the moves as strings of `C` and `D`.

use super::{Memory, Move, Policy, View};
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
    let (mut view, mut memory) = (View::default(), policy.new_memory());
    let (mut own, mut opponent) = (Vec::new(), Vec::new());
    for round in 0..turns {
        let mine = policy.decide_move(&view, &mut memory, &mut rng);
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
    let (mut first_memory, mut second_memory) = (first.new_memory(), second.new_memory());
    let (mut first_moves, mut second_moves) = (Vec::new(), Vec::new());
    for _ in 0..turns {
        let a = first.decide_move(&first_view, &mut first_memory, &mut rng);
        let b = second.decide_move(&second_view, &mut second_memory, &mut rng);
        first_view.record(a, b);
        second_view.record(b, a);
        first_moves.push(a);
        second_moves.push(b);
    }
    (letters(&first_moves), letters(&second_moves))
}

/// The view and memory `policy` has after the rounds of `history` (own move, opponent's move),
/// consulting it each round as a match would, so a rule that keeps state has updated it; what
/// it decided is discarded and the history's own moves are recorded, as when noise flips them.
pub fn replay(policy: &Policy, history: &[(Move, Move)], seed: u64) -> (View, Memory) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut view, mut memory) = (View::default(), policy.new_memory());
    for &(own, opponent) in history {
        policy.decide_move(&view, &mut memory, &mut rng);
        view.record(own, opponent);
    }
    (view, memory)
}

/// Both players' totals for two move strings in the standard game (R, S, T, P = 3, 0, 5, 1),
/// as Axelrod-Python scores a match.
pub fn standard_totals(first: &str, second: &str) -> (i64, i64) {
    assert_eq!(
        first.len(),
        second.len(),
        "move strings of different lengths"
    );
    first
        .bytes()
        .zip(second.bytes())
        .map(|pair| match pair {
            (b'C', b'C') => (3, 3),
            (b'C', b'D') => (0, 5),
            (b'D', b'C') => (5, 0),
            (b'D', b'D') => (1, 1),
            other => panic!("not a C/D pair: {other:?}"),
        })
        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y))
}

/// Expected actions in a compact form of Axelrod's lists of (own, opponent) pairs: tokens
/// separated by spaces, each a run of pairs joined by `.` and optionally repeated with `*n`:
/// `"CC*10 CD.DC*2"` is `[(C, C)] * 10 + [(C, D), (D, C)] * 2`. Returns (own, opponent).
pub fn pairs(spec: &str) -> (String, String) {
    let (mut own, mut opponent) = (String::new(), String::new());
    for token in spec.split_whitespace() {
        let (run, times) = match token.split_once('*') {
            Some((run, times)) => (run, times.parse().expect("a repeat count")),
            None => (token, 1),
        };
        for _ in 0..times {
            for pair in run.split('.') {
                let mut letters = pair.chars();
                own.push(letters.next().expect("own move"));
                opponent.push(letters.next().expect("opponent move"));
                assert!(letters.next().is_none(), "a pair is two letters: {pair}");
            }
        }
    }
    (own, opponent)
}

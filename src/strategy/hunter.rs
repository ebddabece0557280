//! Hunters: strategies that detect a kind of opponent (a defector, a cooperator, an alternator,
//! a cycler, a random player) and defect against it.

use super::entry::{Entry, classifier};
use super::{Memory, Move, Policy, View};
use rand::Rng;

/// The shortest and longest cycles the cycle hunters look for, as Axelrod-Python's
/// `detect_cycle(min_size=3)` with its default `max_size=12`.
const SHORTEST_CYCLE: u32 = 3;
const LONGEST_CYCLE: u32 = 12;

/// Rounds the eventual cycle hunter lets pass before it looks for a cycle (`offset=10`); it
/// looks again every this many rounds.
const SETTLING_ROUNDS: u32 = 10;

/// The family's compiled rules. What each keeps in `Memory` is documented at its variant.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// C, and D from round 5 on while the opponent has only ever defected.
    DefectorHunter,
    /// C, and D from round 5 on while the opponent has only ever cooperated.
    CooperatorHunter,
    /// C for 6 rounds, then D for ever if the opponent alternated over them, else C.
    /// Memory: `state` is 1 when it did.
    AlternatorHunter,
    /// D for ever once the opponent's whole history repeats a cycle of 3 to 12 moves (at most
    /// half the history long) that is not all one move, else C.
    /// Memory: bit `p` of `bits` is set once the history has broken period `p`; `state` is 1
    /// once a cycle was found.
    CycleHunter,
    /// C for 10 rounds and while the opponent has only cooperated; every 10th round it checks
    /// whether the opponent's history after round 10 repeats a cycle of 3 to 12 moves, and
    /// plays D until the next check if so.
    /// Memory: bit `p` of `bits` is set once that part of the history has broken period `p`;
    /// `state` is 1 while the last check found a cycle.
    EventualCycleHunter,
    /// D once its own C was followed by the opponent's C, and its own D by the opponent's D,
    /// about half the time (within 0.25) after 10 rounds, else C.
    /// Memory: `counts[0]` counts its Cs followed by the opponent's C, `counts[1]` its Ds
    /// followed by the opponent's D.
    RandomHunter,
}

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        match self {
            Rule::DefectorHunter => {
                Move::from_defected(view.rounds >= 4 && view.opponent_defections == view.rounds)
            }
            Rule::CooperatorHunter => {
                Move::from_defected(view.rounds >= 4 && view.opponent_defections == 0)
            }
            Rule::AlternatorHunter => {
                if view.rounds == 6 {
                    // Six moves alternate when each differs from the next.
                    let six = view.opponent & 0b11_1111;
                    memory.state = u32::from((six ^ six >> 1) & 0b1_1111 == 0b1_1111);
                }
                Move::from_defected(view.rounds >= 6 && memory.state == 1)
            }
            Rule::CycleHunter => {
                record_broken_periods(view, memory, 0);
                if memory.state == 0 {
                    let varied = (1..view.rounds).contains(&view.opponent_defections);
                    if varied && repeats_a_cycle(memory.bits, view.rounds) {
                        memory.state = 1;
                    }
                }
                Move::from_defected(memory.state == 1)
            }
            Rule::EventualCycleHunter => {
                record_broken_periods(view, memory, SETTLING_ROUNDS);
                if view.rounds < SETTLING_ROUNDS || view.opponent_defections == 0 {
                    return Move::C;
                }
                if view.rounds.is_multiple_of(SETTLING_ROUNDS) {
                    let tail = view.rounds - SETTLING_ROUNDS;
                    memory.state = u32::from(repeats_a_cycle(memory.bits, tail));
                }
                Move::from_defected(memory.state == 1)
            }
            Rule::RandomHunter => random_hunter(view, memory),
        }
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }
}

/// Marks in `memory.bits` the periods the opponent's history from index `offset` on has
/// broken, given its newest move: period `p` breaks when a move differs from the one `p`
/// before it, both at or after `offset`.
fn record_broken_periods(view: &View, memory: &mut Memory, offset: u32) {
    let Some(newest) = view.rounds.checked_sub(1) else {
        return;
    };
    for period in SHORTEST_CYCLE..=LONGEST_CYCLE {
        let differs = (view.opponent ^ view.opponent >> period) & 1 == 1;
        if newest >= offset + period && differs {
            memory.bits |= 1 << period;
        }
    }
}

/// Whether a history of `length` moves, with the periods in `broken` ruled out, repeats a
/// cycle of a length Axelrod-Python's `detect_cycle` tries: 3 up to 12 and half the history.
fn repeats_a_cycle(broken: u64, length: u32) -> bool {
    (SHORTEST_CYCLE..=LONGEST_CYCLE.min(length / 2)).any(|period| broken >> period & 1 == 0)
}

fn random_hunter(view: &View, memory: &mut Memory) -> Move {
    if view.rounds > 1 {
        let (own, opponent) = (view.own_move(2), view.opponent_move(1));
        if own == opponent {
            memory.counts[usize::from(own == Move::D)] += 1;
        }
    }
    if view.rounds <= 10 {
        return Move::C;
    }
    let near_half = |count: u32, of: u32| (f64::from(count) / f64::from(of) - 0.5).abs() < 0.25;
    let (cooperations, defections) = (view.own_cooperations(), view.own_defections);
    let mut judged = false;
    let mut all_near_half = true;
    if cooperations > 5 {
        judged = true;
        all_near_half &= near_half(memory.counts[0], cooperations);
    }
    if defections > 5 {
        judged = true;
        all_near_half &= near_half(memory.counts[1], defections);
    }
    Move::from_defected(judged && all_near_half)
}

fn hunter(rule: Rule) -> Result<Policy, String> {
    Ok(Policy::Hunter(rule))
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &DEFECTOR_HUNTER,
    &COOPERATOR_HUNTER,
    &ALTERNATOR_HUNTER,
    &CYCLE_HUNTER,
    &EVENTUAL_CYCLE_HUNTER,
    &RANDOM_HUNTER,
];

pub static DEFECTOR_HUNTER: Entry = Entry {
    name: "defector_hunter",
    axelrod_name: Some("Defector Hunter"),
    aliases: &[],
    summary: "C, but D from round 5 on against an opponent that has only defected",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| hunter(Rule::DefectorHunter),
};

pub static COOPERATOR_HUNTER: Entry = Entry {
    name: "cooperator_hunter",
    axelrod_name: Some("Cooperator Hunter"),
    aliases: &[],
    summary: "C, but D from round 5 on against an opponent that has only cooperated",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| hunter(Rule::CooperatorHunter),
};

pub static ALTERNATOR_HUNTER: Entry = Entry {
    name: "alternator_hunter",
    axelrod_name: Some("Alternator Hunter"),
    aliases: &[],
    summary: "C, but D for ever from round 7 if the opponent alternated in its first 6 moves",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| hunter(Rule::AlternatorHunter),
};

pub static CYCLE_HUNTER: Entry = Entry {
    name: "cycle_hunter",
    axelrod_name: Some("Cycle Hunter"),
    aliases: &[],
    summary: "C, but D for ever once the opponent's whole play repeats a mixed cycle of 3 to 12",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| hunter(Rule::CycleHunter),
};

pub static EVENTUAL_CYCLE_HUNTER: Entry = Entry {
    name: "eventual_cycle_hunter",
    axelrod_name: Some("Eventual Cycle Hunter"),
    aliases: &[],
    summary: "C, but D while the opponent's play after round 10 repeats a cycle (checked every 10)",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| hunter(Rule::EventualCycleHunter),
};

pub static RANDOM_HUNTER: Entry = Entry {
    name: "random_hunter",
    axelrod_name: Some("Random Hunter"),
    aliases: &[],
    summary: "C, but D when the opponent answers its C with C and its D with D about half the time",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| hunter(Rule::RandomHunter),
};

//! Hunters: strategies that detect a kind of opponent (a defector, a cooperator, an alternator,
//! a cycler, a random player, a steady rate of cooperation) and defect against it, and the meta
//! hunters that consult several of them each round.

use super::entry::{Context, Entry, classifier};
use super::{Memory, Move, Policy, View};
use rand::Rng;

/// The shortest and longest cycles the cycle hunters look for, as Axelrod-Python's
/// `detect_cycle(min_size=3)` with its default `max_size=12`.
const SHORTEST_CYCLE: u32 = 3;
const LONGEST_CYCLE: u32 = 12;

/// Rounds the eventual cycle hunter lets pass before it looks for a cycle (`offset=10`); it
/// looks again every this many rounds.
const SETTLING_ROUNDS: u32 = 10;

/// Rounds of the math constant hunter's record per word, two bits each.
const RECORD_ROUNDS_PER_WORD: u32 = 32;

/// The record's length, in words, for a match of up to `rounds` rounds (none known: Axelrod's
/// tournament length, 200; a longer match grows it).
fn record_words(rounds: Option<u32>) -> usize {
    rounds.unwrap_or(200).div_ceil(RECORD_ROUNDS_PER_WORD) as usize
}

/// Rounds after which the meta hunters fall back on tit for tat when no hunter defects.
const TIT_FOR_TAT_AFTER: u32 = 100;

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
    /// C, but D from round 9 on when the opponent has both cooperated and defected and the
    /// two players' cooperation rate over the first half of the rounds played is within 0.2
    /// of that over the middle half and of that over the second half.
    /// Memory: `values[0]`, `values[1]` and `values[2]` count the cooperations (both players')
    /// before rounds n/4, n/2 and 3n/4 of the `n` played, `values[3]` all of them (whole numbers
    /// kept as reals); the store's `keys` hold each round's count of cooperations (0 to 2), two
    /// bits a round, for the whole match: after `n` rounds its windows reach back to round n/4,
    /// so no fixed window would do. `rounds` is the longest the match can last, for which the
    /// record is sized before the match.
    MathConstantHunter { rounds: Option<u32> },
    /// Axelrod-Python's Meta Hunter (and, `aggressive`, Meta Hunter Aggressive): D when any of
    /// its hunters would defect (the defector, alternator, random, math constant, cycle and
    /// eventual cycle hunters, and the cooperator hunter when aggressive); else, after 100
    /// rounds, tit for tat, and before, C. Each hunter keeps its own state and its own history
    /// of what it proposed, as the members of Axelrod's `MetaPlayer` do, and plays as it would
    /// alone against this opponent.
    /// Memory: `state` holds flags: bit 0 the alternator hunter found alternation, bit 1 the
    /// cycle hunter found a cycle, bit 2 the eventual cycle hunter's last check found one,
    /// bits 3 and 4 the random hunter proposed D last round and the round before, bit 5 the
    /// math constant hunter proposed D last round. `bits` holds the cycle hunter's broken
    /// periods in its low 32 bits and the eventual cycle hunter's in its high 32 (period `p` at
    /// bit `p` of each half). `counts[0]` and `counts[1]` are the random hunter's tallies (as
    /// for `RandomHunter`), `counts[2]` the random hunter's own proposed defections. `values`
    /// and the store's `keys` are the math constant hunter's, as for `MathConstantHunter`.
    MetaHunter {
        aggressive: bool,
        rounds: Option<u32>,
    },
}

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        let defect = match self {
            Rule::DefectorHunter => defector_vote(view),
            Rule::CooperatorHunter => cooperator_vote(view),
            Rule::AlternatorHunter => {
                let mut alternated = memory.state == 1;
                let vote = alternator_vote(view, &mut alternated);
                memory.state = u32::from(alternated);
                vote
            }
            Rule::CycleHunter => {
                let mut found = memory.state == 1;
                let vote = cycle_vote(view, &mut memory.bits, &mut found);
                memory.state = u32::from(found);
                vote
            }
            Rule::EventualCycleHunter => {
                let mut cycling = memory.state == 1;
                let vote = eventual_cycle_vote(view, &mut memory.bits, &mut cycling);
                memory.state = u32::from(cycling);
                vote
            }
            Rule::RandomHunter => random_vote(
                view,
                view.own_move(2),
                view.own_defections,
                &mut memory.counts,
            ),
            Rule::MathConstantHunter { .. } => math_constant_vote(
                view,
                view.own_move(1),
                &mut memory.values,
                &mut memory.store.keys,
            ),
            Rule::MetaHunter { aggressive, .. } => meta_vote(view, memory, *aggressive),
        };
        Move::from_defected(defect)
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }

    /// A memory whose store holds the math constant hunter's record for the longest match.
    pub fn new_memory(&self) -> Memory {
        let mut memory = Memory::default();
        if let Rule::MathConstantHunter { rounds } | Rule::MetaHunter { rounds, .. } = *self {
            memory.store.keys = vec![0; record_words(rounds)];
        }
        memory
    }
}

// Each hunter's test is a vote: true to defect. The meta hunters take every member's vote each
// round, each member keeping its own state, as Axelrod-Python's `MetaPlayer` consults its team.

fn defector_vote(view: &View) -> bool {
    view.rounds >= 4 && view.opponent_defections == view.rounds
}

fn cooperator_vote(view: &View) -> bool {
    view.rounds >= 4 && view.opponent_defections == 0
}

fn alternator_vote(view: &View, alternated: &mut bool) -> bool {
    if view.rounds == 6 {
        // Six moves alternate when each differs from the next.
        let six = view.opponent & 0b11_1111;
        *alternated = (six ^ six >> 1) & 0b1_1111 == 0b1_1111;
    }
    view.rounds >= 6 && *alternated
}

fn cycle_vote(view: &View, broken: &mut u64, found: &mut bool) -> bool {
    record_broken_periods(view, broken, 0);
    if !*found {
        let varied = (1..view.rounds).contains(&view.opponent_defections);
        *found = varied && repeats_a_cycle(*broken, view.rounds);
    }
    *found
}

fn eventual_cycle_vote(view: &View, broken: &mut u64, cycling: &mut bool) -> bool {
    record_broken_periods(view, broken, SETTLING_ROUNDS);
    if view.rounds < SETTLING_ROUNDS || view.opponent_defections == 0 {
        return false;
    }
    if view.rounds.is_multiple_of(SETTLING_ROUNDS) {
        *cycling = repeats_a_cycle(*broken, view.rounds - SETTLING_ROUNDS);
    }
    *cycling
}

/// Marks in `broken` the periods the opponent's history from index `offset` on has broken,
/// given its newest move: period `p` (bit `p`) breaks when a move differs from the one `p`
/// before it, both at or after `offset`.
fn record_broken_periods(view: &View, broken: &mut u64, offset: u32) {
    let Some(newest) = view.rounds.checked_sub(1) else {
        return;
    };
    for period in SHORTEST_CYCLE..=LONGEST_CYCLE {
        let differs = (view.opponent ^ view.opponent >> period) & 1 == 1;
        if newest >= offset + period && differs {
            *broken |= 1 << period;
        }
    }
}

/// Whether a history of `length` moves, with the periods in `broken` ruled out, repeats a
/// cycle of a length Axelrod-Python's `detect_cycle` tries: 3 up to 12 and half the history.
fn repeats_a_cycle(broken: u64, length: u32) -> bool {
    (SHORTEST_CYCLE..=LONGEST_CYCLE.min(length / 2)).any(|period| broken >> period & 1 == 0)
}

/// The random hunter's vote, given the hunter's own move two rounds ago and its defections so
/// far; `tally[0]` counts its Cs the opponent answered with C, `tally[1]` its Ds answered
/// with D.
fn random_vote(view: &View, own_two_back: Move, own_defections: u32, tally: &mut [u32]) -> bool {
    if view.rounds > 1 && own_two_back == view.opponent_move(1) {
        tally[usize::from(own_two_back == Move::D)] += 1;
    }
    if view.rounds <= 10 {
        return false;
    }
    let near_half = |count: u32, of: u32| (f64::from(count) / f64::from(of) - 0.5).abs() < 0.25;
    let (cooperations, defections) = (view.rounds - own_defections, own_defections);
    let mut judged = false;
    let mut all_near_half = true;
    if cooperations > 5 {
        judged = true;
        all_near_half &= near_half(tally[0], cooperations);
    }
    if defections > 5 {
        judged = true;
        all_near_half &= near_half(tally[1], defections);
    }
    judged && all_near_half
}

/// The math constant hunter's vote, given the hunter's own last move. `sums[0..3]` hold the
/// cooperations (both players') before rounds n/4, n/2 and 3n/4 of the `n` played, `sums[3]`
/// all of them; `record` keeps each round's count of cooperations (0 to 2, two bits), for the
/// window edges to read as they move on.
fn math_constant_vote(
    view: &View,
    own_last: Move,
    sums: &mut [f64; 4],
    record: &mut Vec<u64>,
) -> bool {
    let played = view.rounds;
    if played == 0 {
        return false;
    }
    let newest = played - 1;
    let cooperated = u64::from(view.opponent_move(1) == Move::C) + u64::from(own_last == Move::C);
    let (word, shift) = record_slot(newest);
    if word >= record.len() {
        // Only a match longer than the one the record was sized for (or a memory a test made
        // by hand) gets here; the record grows rather than forgetting.
        record.resize((word + 1).max(2 * record.len()), 0);
    }
    record[word] = record[word] & !(0b11 << shift) | cooperated << shift;
    sums[3] += cooperated as f64;
    // Each edge moves on by at most one round a round: add the round it passes.
    for (quarters, sum) in (1..=3).zip(sums.iter_mut()) {
        let edge = quarters * played / 4;
        if edge > quarters * newest / 4 {
            let (word, shift) = record_slot(edge - 1);
            *sum += (record[word] >> shift & 0b11) as f64;
        }
    }
    if played < 8 || !(1..played).contains(&view.opponent_defections) {
        return false;
    }
    let (quarter, half, three_quarters) = (played / 4, played / 2, 3 * played / 4);
    let rate = |count: f64, rounds: u32| 0.5 * count / f64::from(rounds);
    let first = rate(sums[1], half);
    let middle = rate(sums[2] - sums[0], three_quarters - quarter);
    let second = rate(sums[3] - sums[1], played - half);
    (first - middle).abs() < 0.2 && (first - second).abs() < 0.2
}

/// The word and bit offset of round `index`'s two bits in the record.
fn record_slot(index: u32) -> (usize, u32) {
    (
        (index / RECORD_ROUNDS_PER_WORD) as usize,
        index % RECORD_ROUNDS_PER_WORD * 2,
    )
}

// The meta hunters' flags in `memory.state`.
const ALTERNATED: u32 = 1;
const CYCLE_FOUND: u32 = 1 << 1;
const CYCLING: u32 = 1 << 2;
const RANDOM_LAST_DEFECTED: u32 = 1 << 3;
const RANDOM_BEFORE_DEFECTED: u32 = 1 << 4;
const MATH_LAST_DEFECTED: u32 = 1 << 5;

/// Where the eventual cycle hunter's broken periods sit in a meta hunter's `memory.bits`.
const EVENTUAL_SHIFT: u32 = 32;

fn meta_vote(view: &View, memory: &mut Memory, aggressive: bool) -> bool {
    let flag = |bit: u32| memory.state & bit != 0;
    let (mut alternated, mut found, mut cycling) =
        (flag(ALTERNATED), flag(CYCLE_FOUND), flag(CYCLING));
    let random_two_back = Move::from_defected(flag(RANDOM_BEFORE_DEFECTED));
    let random_last = flag(RANDOM_LAST_DEFECTED);
    let math_last = Move::from_defected(flag(MATH_LAST_DEFECTED));
    let mut broken_cycle = memory.bits & u64::from(u32::MAX);
    let mut broken_eventual = memory.bits >> EVENTUAL_SHIFT;
    // Every member votes every round, so each keeps its state up to date.
    let random = random_vote(view, random_two_back, memory.counts[2], &mut memory.counts);
    let votes = [
        defector_vote(view),
        alternator_vote(view, &mut alternated),
        random,
        math_constant_vote(view, math_last, &mut memory.values, &mut memory.store.keys),
        cycle_vote(view, &mut broken_cycle, &mut found),
        eventual_cycle_vote(view, &mut broken_eventual, &mut cycling),
        aggressive && cooperator_vote(view),
    ];
    memory.counts[2] += u32::from(random);
    memory.bits = broken_cycle | broken_eventual << EVENTUAL_SHIFT;
    memory.state = [
        (alternated, ALTERNATED),
        (found, CYCLE_FOUND),
        (cycling, CYCLING),
        (random, RANDOM_LAST_DEFECTED),
        (random_last, RANDOM_BEFORE_DEFECTED),
        (votes[3], MATH_LAST_DEFECTED),
    ]
    .into_iter()
    .filter(|&(set, _)| set)
    .fold(0, |state, (_, bit)| state | bit);
    if votes.contains(&true) {
        return true;
    }
    // Past 100 rounds, tit for tat.
    view.rounds > TIT_FOR_TAT_AFTER && view.opponent_move(1) == Move::D
}

fn hunter(rule: Rule) -> Result<Policy, String> {
    Ok(Policy::Hunter(rule))
}

/// The longest a match can last, for which the math constant hunter's record is sized.
fn longest(context: &Context) -> Option<u32> {
    context.max_rounds.or(context.length)
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &DEFECTOR_HUNTER,
    &COOPERATOR_HUNTER,
    &ALTERNATOR_HUNTER,
    &CYCLE_HUNTER,
    &EVENTUAL_CYCLE_HUNTER,
    &RANDOM_HUNTER,
    &MATH_CONSTANT_HUNTER,
    &META_HUNTER,
    &META_HUNTER_AGGRESSIVE,
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

pub static MATH_CONSTANT_HUNTER: Entry = Entry {
    name: "math_constant_hunter",
    axelrod_name: Some("Math Constant Hunter"),
    aliases: &[],
    summary: "C, but D when the cooperation rate of the first half is within 0.2 of the middle and second halves",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, context| {
        hunter(Rule::MathConstantHunter {
            rounds: longest(context),
        })
    },
};

pub static META_HUNTER: Entry = Entry {
    name: "meta_hunter",
    axelrod_name: Some("Meta Hunter"),
    aliases: &[],
    summary: "D when any of six hunters would (all but the cooperator hunter), else C, then tit for tat after 100 rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, context| {
        hunter(Rule::MetaHunter {
            aggressive: false,
            rounds: longest(context),
        })
    },
};

pub static META_HUNTER_AGGRESSIVE: Entry = Entry {
    name: "meta_hunter_aggressive",
    axelrod_name: Some("Meta Hunter Aggressive"),
    aliases: &[],
    summary: "D when any of seven hunters would (the cooperator hunter too), else C, then tit for tat after 100 rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, context| {
        hunter(Rule::MetaHunter {
            aggressive: true,
            rounds: longest(context),
        })
    },
};

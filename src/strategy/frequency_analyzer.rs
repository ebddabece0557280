//! Axelrod-Python's Frequency Analyzer (`frequency_analyzer`): a tit for tat opening, then a reply to how often the opponent defects.

use super::entry::{Entry, classifier};
use super::{Memory, Move, Policy, View};
use rand::Rng;

/// Rounds of tit for tat while the table fills (Axelrod's dataset generation phase).
const LEARNING_ROUNDS: u32 = 30;

/// Rounds played before the table records anything: Axelrod's player updates it only once
/// its history is longer than 5.
const RECORDING_AFTER: u32 = 5;

/// Frequency Analyzer (Ian Miller): tit for tat for 30 rounds while it tables, for each
/// pattern of two rounds (opponent's and own move, twice), the opponent's next moves; then,
/// when the last two rounds form a tabled pattern, C if the opponent's cooperations after
/// that pattern exceed a quarter of the rounds played (the whole match, as Axelrod divides),
/// else D; tit for tat for a pattern not yet tabled.
///
/// Memory: bit `k` of `bits` is set once pattern `k` is tabled; `tape` holds, 32 bits for
/// each of the 16 patterns, the opponent's cooperations after it. A pattern `k` has the
/// opponent's and own moves of the older round in bits 3 and 2, of the newer round in bits 1
/// and 0 (1 = D).
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    FrequencyAnalyzer,
}

/// The pattern of the two rounds ending `back` rounds ago (1 = the last two rounds).
fn pattern(view: &View, back: u32) -> usize {
    let bit = |moved: Move| usize::from(moved == Move::D);
    bit(view.opponent_move(back + 1)) << 3
        | bit(view.own_move(back + 1)) << 2
        | bit(view.opponent_move(back)) << 1
        | bit(view.own_move(back))
}

fn cooperations_after(memory: &Memory, pattern: usize) -> u32 {
    (memory.tape[pattern / 2] >> (32 * (pattern % 2))) as u32
}

impl Rule {
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        if view.rounds > RECORDING_AFTER {
            let earlier = pattern(view, 2);
            memory.bits |= 1 << earlier;
            if view.opponent_move(1) == Move::C {
                memory.tape[earlier / 2] += 1 << (32 * (earlier % 2));
            }
        }
        let current = pattern(view, 1);
        if view.rounds < LEARNING_ROUNDS || memory.bits >> current & 1 == 0 {
            return view.opponent_move(1);
        }
        // Axelrod's count / len(history) > 0.25, in integers.
        Move::from_defected(4 * cooperations_after(memory, current) <= view.rounds)
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }
}

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[&FREQUENCY_ANALYZER];

pub static FREQUENCY_ANALYZER: Entry = Entry {
    name: "frequency_analyzer",
    axelrod_name: Some("FrequencyAnalyzer"),
    aliases: &[],
    summary: "Tit for tat for 30 rounds while it tables the opponent's replies to two-round patterns, then C where they cooperated often enough",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::FrequencyAnalyzer(Rule::FrequencyAnalyzer)),
};

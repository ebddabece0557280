//! Axelrod-Python's Q-learners (`qlearner`): a table of action values over states made of the
//! opponent's last 12 moves and its number of cooperations, learnt as the match goes, with a
//! tenth of the moves chosen at random.

use super::axelrod_first::payoff;
use super::entry::{Context, Entry, Rspt, classifier};
use super::{Chance, Memory, Move, Policy, View};
use rand::{Rng, RngExt};

/// Opponent moves a state remembers.
const WINDOW: u32 = 12;
/// The chance of choosing at random instead of by the table (Axelrod's
/// `action_selection_parameter`).
const EXPLORATION: f64 = 0.1;
/// Longest match a Q-learner plays: its table grows by up to one state a round, and is sized
/// for the longest match before the first (so rounds never allocate): 2^20 rounds make a table
/// of 128 MiB per worker.
pub const MAX_ROUNDS: u32 = 1 << 20;
/// The key of the state before round 1 (Axelrod's empty string), apart from every state of a
/// match (whose keys are 2 and up).
const OPENING_KEY: u64 = 1;
/// Values per table slot: the value of C, of D, and the state's value.
const VALUES: usize = 3;

/// A Q-learner. Memory: bit 0 of `state` is the move it chose last round (D set), `counts[0]`
/// the table slot of last round's state. The store's `keys` and `values` are the table, open
/// addressed: a key per slot (0 empty), and per slot the values of C and D and the state's.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    learning_rate: f64,
    discount_rate: f64,
    game: Rspt,
    /// Slots in the table: a power of two, at least twice the states a match can meet.
    slots: usize,
}

impl Rule {
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        if memory.store.keys.len() != self.slots {
            // Only a memory not made by `Policy::new_memory` (a test's own) gets here, once.
            *memory = self.new_memory();
        }
        if view.rounds == 0 {
            memory.state = u32::from(Chance::new(0.5).play(rng) == Move::D);
            memory.counts[0] = self.slot(&mut memory.store.keys, OPENING_KEY) as u32;
        }
        let chosen = Move::from_defected(memory.state & 1 == 1);
        // Before round 1 Axelrod's learner imagines the opponent's last move at random.
        let opponent_last = if view.rounds == 0 {
            Chance::new(0.5).play(rng)
        } else {
            view.opponent_move(1)
        };
        let reward = payoff(self.game, chosen, opponent_last);
        let window = view.rounds.min(WINDOW);
        let key = 2
            + (u64::from(window)
                | view.opponent_recent(window) << 4
                | u64::from(view.opponent_cooperations()) << 16);
        let state = self.slot(&mut memory.store.keys, key);
        let previous = memory.counts[0] as usize;
        let values = &mut memory.store.values;
        let state_value = values[state * VALUES + 2];
        let learnt = &mut values[previous * VALUES + chosen.action_index()];
        *learnt = (1.0 - self.learning_rate) * *learnt
            + self.learning_rate * (reward + self.discount_rate * state_value);
        values[previous * VALUES + 2] =
            values[previous * VALUES].max(values[previous * VALUES + 1]);
        let action = if rng.random::<f64>() < 1.0 - EXPLORATION {
            // Of equal values C, the first Axelrod's table lists.
            Move::from_defected(values[state * VALUES] < values[state * VALUES + 1])
        } else {
            Chance::new(0.5).play(rng)
        };
        memory.state = u32::from(action == Move::D);
        memory.counts[0] = state as u32;
        action
    }

    pub fn is_stochastic(&self) -> bool {
        true
    }

    pub fn new_memory(&self) -> Memory {
        let mut memory = Memory::default();
        memory.store.keys = vec![0; self.slots];
        memory.store.values = vec![0.0; self.slots * VALUES];
        memory
    }

    /// The values it has learnt for a state written as Axelrod's learners name them (the
    /// opponent's last moves, then its count of cooperations: "CCD2.0"; "" before round 1):
    /// the values of C and D and the state's value, or `None` for a state not met.
    pub fn learnt(&self, memory: &Memory, axelrod_state: &str) -> Option<[f64; 3]> {
        let key = if axelrod_state.is_empty() {
            OPENING_KEY
        } else {
            let moves = axelrod_state.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
            let cooperations: f64 = axelrod_state[moves.len()..].parse().ok()?;
            let recent = moves.bytes().try_fold(0u64, |bits, letter| match letter {
                b'C' => Some(bits << 1),
                b'D' => Some(bits << 1 | 1),
                _ => None,
            })?;
            2 + (moves.len() as u64 | recent << 4 | (cooperations as u64) << 16)
        };
        let slot = memory.store.keys.iter().position(|&k| k == key)?;
        let values = &memory.store.values[slot * VALUES..(slot + 1) * VALUES];
        Some([values[0], values[1], values[2]])
    }

    /// The slot of `key`, claimed if the key is new. The table has at least twice the slots of
    /// the states a match meets, so a free slot is always found.
    fn slot(&self, keys: &mut [u64], key: u64) -> usize {
        let mask = self.slots - 1;
        let mut slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        for _ in 0..self.slots {
            if keys[slot] == key {
                return slot;
            }
            if keys[slot] == 0 {
                keys[slot] = key;
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        // Unreachable with the table sized by `build`; a full table reuses a slot rather than
        // stopping the run.
        slot
    }
}

fn build(learning_rate: f64, discount_rate: f64, context: &Context) -> Result<Policy, String> {
    let rounds = context.max_rounds.or(context.length).unwrap_or(MAX_ROUNDS);
    if rounds > MAX_ROUNDS {
        return Err(format!(
            "a Q-learner's table holds a state per round, sized before the match: it plays at \
             most {MAX_ROUNDS} rounds, and these matches can last {rounds} (lower game.rounds \
             or game.max_rounds)"
        ));
    }
    // The opening state and one per round, at most half full.
    let slots = (2 * (rounds as usize + 2)).next_power_of_two();
    Ok(Policy::QLearner(Rule {
        learning_rate,
        discount_rate,
        game: context.game_or_standard(),
        slots,
    }))
}

pub static RISKY_QLEARNER: Entry = Entry {
    name: "risky_qlearner",
    axelrod_name: Some("Risky QLearner"),
    aliases: &[],
    summary: "Q-learning on the opponent's last 12 moves and cooperation count; learns fast (rate 0.9) and values the future (discount 0.9)",
    parameters: &[],
    classifier: classifier(None, true, true),
    build: |_, context| build(0.9, 0.9, context),
};

pub static ARROGANT_QLEARNER: Entry = Entry {
    name: "arrogant_qlearner",
    axelrod_name: Some("Arrogant QLearner"),
    aliases: &[],
    summary: "Q-learning as the risky learner, learning fast (rate 0.9) but discounting the future (0.1)",
    parameters: &[],
    classifier: classifier(None, true, true),
    build: |_, context| build(0.9, 0.1, context),
};

pub static HESITANT_QLEARNER: Entry = Entry {
    name: "hesitant_qlearner",
    axelrod_name: Some("Hesitant QLearner"),
    aliases: &[],
    summary: "Q-learning as the risky learner, learning slowly (rate 0.1) and valuing the future (0.9)",
    parameters: &[],
    classifier: classifier(None, true, true),
    build: |_, context| build(0.1, 0.9, context),
};

pub static CAUTIOUS_QLEARNER: Entry = Entry {
    name: "cautious_qlearner",
    axelrod_name: Some("Cautious QLearner"),
    aliases: &[],
    summary: "Q-learning as the risky learner, learning slowly (rate 0.1) and discounting the future (0.1)",
    parameters: &[],
    classifier: classifier(None, true, true),
    build: |_, context| build(0.1, 0.1, context),
};

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[
    &ARROGANT_QLEARNER,
    &CAUTIOUS_QLEARNER,
    &HESITANT_QLEARNER,
    &RISKY_QLEARNER,
];

//! Axelrod-Python's hidden-Markov-model players (`hmm`): a hidden state that moves and emits a move at random, after the opponent's last move.
//!
//! A [`Rule`] is Axelrod's `HMMPlayer`: round 1 plays the initial action; every later round the
//! hidden state moves by the transition row for the opponent's last move (a row holding a 1
//! moves there without a draw, as Axelrod caches it), then the new state emits C with its
//! emission probability (0 and 1 draw nothing).
//!
//! `Memory.state` holds the hidden state, set to the initial state in round 1. No other memory
//! field is used.
//!
//! Memory depth: Axelrod declares 5 for Evolved HMM 5, but its states 0 and 1 each keep
//! themselves for as long as the opponent cooperates (cooperating in 0, defecting in 1), so
//! a defection any number of rounds back still decides the move: unbounded here.

use super::entry::{Entry, classifier};
use super::{Chance, Memory, Move, Policy, View};
use rand::{Rng, RngExt};

/// The most hidden states a model may have (the published one has 5).
const STATES: usize = 5;

/// A hidden Markov model's published parameters.
#[derive(Debug, PartialEq)]
pub struct Model {
    /// Per state, the chance of each next state after the opponent's C.
    pub after_cooperation: [[f64; STATES]; STATES],
    /// Per state, the chance of each next state after the opponent's D.
    pub after_defection: [[f64; STATES]; STATES],
    /// Per state, the chance it emits C.
    pub emissions: [f64; STATES],
    pub initial_state: u32,
    pub initial_action: Move,
}

/// Draws the next state from a transition row: no draw when the row is certain.
fn next_state<R: Rng + ?Sized>(row: &[f64; STATES], rng: &mut R) -> u32 {
    if let Some(certain) = row.iter().position(|&p| p == 1.0) {
        return certain as u32;
    }
    let draw: f64 = rng.random();
    let mut cumulative = 0.0;
    for (state, &p) in row.iter().enumerate() {
        cumulative += p;
        if draw < cumulative {
            return state as u32;
        }
    }
    // Rounding left the row's total just below the draw: the last state it can reach.
    row.iter().rposition(|&p| p > 0.0).unwrap_or(0) as u32
}

/// A hidden-Markov-model player with published parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    model: &'static Model,
}

impl Rule {
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        let model = self.model;
        if view.rounds == 0 {
            memory.state = model.initial_state;
            return model.initial_action;
        }
        let state = memory.state as usize;
        let row = match view.opponent_move(1) {
            Move::C => &model.after_cooperation[state],
            Move::D => &model.after_defection[state],
        };
        memory.state = next_state(row, rng);
        Chance::new(model.emissions[memory.state as usize]).play(rng)
    }

    pub fn is_stochastic(&self) -> bool {
        let model = self.model;
        let certain = |p: &f64| *p == 0.0 || *p == 1.0;
        !(model.emissions.iter().all(certain)
            && model.after_cooperation.iter().flatten().all(certain)
            && model.after_defection.iter().flatten().all(certain))
    }
}

/// Evolved HMM 5's published parameters (Axelrod-Python's `EvolvedHMM5`).
static EVOLVED_HMM_5_MODEL: Model = Model {
    after_cooperation: [
        [1.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0, 0.0],
        [0.631, 0.0, 0.0, 0.369, 0.0],
        [0.143, 0.018, 0.118, 0.0, 0.721],
    ],
    after_defection: [
        [0.0, 1.0, 0.0, 0.0, 0.0],
        [0.0, 0.487, 0.513, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.590, 0.410],
        [1.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.287, 0.456, 0.146, 0.111],
    ],
    emissions: [1.0, 0.0, 0.0, 1.0, 0.111],
    initial_state: 3,
    initial_action: Move::C,
};

pub static EVOLVED_HMM_5: Entry = Entry {
    name: "evolved_hmm_5",
    axelrod_name: Some("Evolved HMM 5"),
    aliases: &[],
    summary: "a hidden Markov model of 5 states evolved by Marc Harper: the state moves at \
        random after the opponent's last move and emits C or D by its own chance",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| {
        Ok(Policy::Hmm(Rule {
            model: &EVOLVED_HMM_5_MODEL,
        }))
    },
};

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[&EVOLVED_HMM_5];

//! Axelrod-Python's Adaptor players (`adaptor`): a running score of the last round's outcome sets the chance of cooperating.

use super::entry::{Entry, classifier};
use super::{Chance, Memory, Move, Policy, View};
use rand::Rng;

/// The chance of misplaying the move the score calls for (Axelrod's `perr`).
const ERROR_CHANCE: f64 = 0.01;

/// An Adaptor (Hauert and Schuster 2002): a score `s`, 0 at the start, moves each round by an
/// amount that depends on the last round's outcome; the player cooperates with chance 0.99
/// while -1 <= s < 1, and 0.01 otherwise.
///
/// Memory: `values[0]` is the score `s`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// What the score gains after (own, opponent) = CC, CD, DC, DD.
    pub step: [f64; 4],
}

impl Rule {
    /// AdaptorBrief: trained on short interactions.
    pub const BRIEF: Rule = Rule {
        step: [0.0, -1.001505, 0.992107, -0.638734],
    };
    /// AdaptorLong: trained on long interactions.
    pub const LONG: Rule = Rule {
        step: [0.0, 1.888159, 1.858883, -0.995703],
    };

    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        if view.rounds > 0 {
            let outcome = ((view.own & 1) << 1 | (view.opponent & 1)) as usize;
            memory.values[0] += self.step[outcome];
        }
        let score = memory.values[0];
        // Axelrod's heaviside(s + 1, 1) - heaviside(s - 1, 1): 1 on [-1, 1), else 0.
        let inside = if (-1.0..1.0).contains(&score) {
            1.0
        } else {
            0.0
        };
        Chance::new(ERROR_CHANCE + (1.0 - 2.0 * ERROR_CHANCE) * inside).play(rng)
    }

    pub fn is_stochastic(&self) -> bool {
        true
    }
}

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[&ADAPTOR_BRIEF, &ADAPTOR_LONG];

pub static ADAPTOR_BRIEF: Entry = Entry {
    name: "adaptor_brief",
    axelrod_name: Some("AdaptorBrief"),
    aliases: &[],
    summary: "C with chance 0.99 while a score of past outcomes stays in [-1, 1), else 0.01 (tuned for short matches)",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| Ok(Policy::Adaptor(Rule::BRIEF)),
};

pub static ADAPTOR_LONG: Entry = Entry {
    name: "adaptor_long",
    axelrod_name: Some("AdaptorLong"),
    aliases: &[],
    summary: "C with chance 0.99 while a score of past outcomes stays in [-1, 1), else 0.01 (tuned for long matches)",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| Ok(Policy::Adaptor(Rule::LONG)),
};

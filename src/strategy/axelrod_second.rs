//! Axelrod's second tournament (1980), as Axelrod-Python's `axelrod_second` module: the
//! deterministic entries in `deterministic`, those that draw at random in `stochastic`.

mod deterministic;
mod stochastic;

use super::entry::Entry;
use super::{Memory, Move, View};
use rand::Rng;

/// The family's compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    Deterministic(deterministic::Rule),
    Stochastic(stochastic::Rule),
}

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        match self {
            Rule::Deterministic(rule) => rule.decide(view, memory, rng),
            Rule::Stochastic(rule) => rule.decide(view, memory, rng),
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self {
            Rule::Deterministic(rule) => rule.is_stochastic(),
            Rule::Stochastic(rule) => rule.is_stochastic(),
        }
    }
}

/// The family's registered strategies: the deterministic entries, then the stochastic ones.
pub static ENTRIES: &[&Entry] = &ALL;

static ALL: [&Entry; deterministic::ENTRIES.len() + stochastic::ENTRIES.len()] =
    concatenated(deterministic::ENTRIES, stochastic::ENTRIES);

/// The two lists as one array, at compile time (the registry takes one static slice per
/// family).
const fn concatenated<const N: usize>(
    first: &[&'static Entry],
    second: &[&'static Entry],
) -> [&'static Entry; N] {
    let mut all: [&'static Entry; N] = [&super::unconditional::ALWAYS_COOPERATE; N];
    let mut index = 0;
    while index < N {
        all[index] = if index < first.len() {
            first[index]
        } else {
            second[index - first.len()]
        };
        index += 1;
    }
    all
}

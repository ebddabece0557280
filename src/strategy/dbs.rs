//! Axelrod-Python's Desired Belief Strategy (`dbs`): a learnt model of the opponent's rule, with its promotion and violation counts, searched a few moves ahead.

use super::entry::Entry;
use super::{Memory, Move, View};
use rand::Rng;

/// The family's compiled rules (none yet).
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {}

impl Rule {
    pub fn decide<R: Rng + ?Sized>(
        &self,
        _view: &View,
        _memory: &mut Memory,
        _rng: &mut R,
    ) -> Move {
        match *self {}
    }

    pub fn is_stochastic(&self) -> bool {
        match *self {}
    }
}

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[];

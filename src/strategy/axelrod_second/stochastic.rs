//! The stochastic entries of Axelrod's second tournament.

use crate::strategy::entry::Entry;
use crate::strategy::{Memory, Move, View};
use rand::Rng;

/// The compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {}

impl Rule {
    #[inline]
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

/// The registered strategies, in the order `dilemma strategies` lists them.
pub const ENTRIES: &[&Entry] = &[];

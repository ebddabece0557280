//! Lookup-table players: LookerUp and Gambler, keyed on recent own and opponent moves and the opponent's opening moves.

use super::entry::Entry;
use super::{Memory, Move, View};
use rand::Rng;

/// The family's compiled rules. Uninhabited until the family is ported.
#[derive(Debug, Clone, PartialEq)]
pub enum Table {}

impl Table {
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

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[];

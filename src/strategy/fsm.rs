//! Finite-state machines that move on the opponent's last move (Axelrod-Python's finite_state_machines).

use super::entry::Entry;
use super::{Memory, Move, View};
use rand::Rng;

/// The family's compiled rules. Uninhabited until the family is ported.
#[derive(Debug, Clone, PartialEq)]
pub enum Machine {}

impl Machine {
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

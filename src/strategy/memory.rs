//! A strategy's per-match memory: the little a rule keeps beyond the [`View`](super::View),
//! zeroed before each match and written in place, so a round allocates nothing.

use super::{Move, View};

/// Fields a family gives its own meaning to, documented at the rule that uses them. All zero
/// before round 1: a rule that starts elsewhere (a machine's initial state) sets itself up when
/// `view.rounds` is 0.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Memory {
    /// A state or phase: a machine's state, a punishment under way.
    pub state: u32,
    /// Counters: rounds left to punish, a count of calm rounds.
    pub counts: [u32; 4],
    /// Moves kept beyond the view's 64 rounds, such as the opponent's opening moves.
    pub bits: u64,
    /// Real-valued state: a running score, an estimate.
    pub values: [f64; 4],
    /// A ring of recent per-round records beyond the view's 64 rounds, for the rules whose
    /// windows reach far back (DBS keeps its last 256 rounds here).
    pub tape: [u64; TAPE_WORDS],
    /// What outgrows the fields above: empty for all but a few rules.
    pub store: Store,
}

/// Words in [`Memory::tape`]: 512 bits.
pub const TAPE_WORDS: usize = 8;

impl Memory {
    /// Zeroes every field for a new match, keeping the store's allocations (`Store::clear`).
    #[inline]
    pub fn reset(&mut self) {
        self.state = 0;
        self.counts = [0; 4];
        self.bits = 0;
        self.values = [0.0; 4];
        self.tape = [0; TAPE_WORDS];
        self.store.clear();
    }
}

/// What a rule keeps that no fixed size can hold: a learner's table of the states it met, a
/// meta player's members. `Policy::new_memory` sizes it once per worker, before the first
/// match, and `clear` empties it in place, so a round allocates nothing however long the match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Store {
    /// Keys of a table, 0 for an empty slot.
    pub keys: Vec<u64>,
    /// Values of a table, a fixed number per key slot.
    pub values: Vec<f64>,
    /// One per member of a team, in the team's order.
    pub members: Vec<Member>,
}

impl Store {
    /// Bytes this store holds on the heap, members' stores included, for the run's memory
    /// estimate.
    pub fn heap_bytes(&self) -> usize {
        self.keys.len() * size_of::<u64>()
            + self.values.len() * size_of::<f64>()
            + self
                .members
                .iter()
                .map(|member| size_of::<Member>() + member.memory.store.heap_bytes())
                .sum::<usize>()
    }

    /// Zeroes the table and every member for a new match, keeping the allocations.
    pub fn clear(&mut self) {
        self.keys.fill(0);
        self.values.fill(0.0);
        for member in &mut self.members {
            member.clear();
        }
    }
}

/// A team member's own match: the view it decides from (its own proposals as its moves, as
/// Axelrod-Python's meta players record them), its memory, its last proposal and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub view: View,
    pub memory: Memory,
    pub proposal: Move,
    pub score: f64,
}

impl Member {
    pub fn new(memory: Memory) -> Member {
        Member {
            view: View::default(),
            memory,
            proposal: Move::C,
            score: 0.0,
        }
    }

    fn clear(&mut self) {
        self.view = View::default();
        self.memory.reset();
        self.proposal = Move::C;
        self.score = 0.0;
    }
}

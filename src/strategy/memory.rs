//! A strategy's per-match memory: the little a rule keeps beyond the [`View`](super::View),
//! zeroed before each match and written in place, so a round allocates nothing.

/// Fields a family gives its own meaning to, documented at the rule that uses them. All zero
/// before round 1: a rule that starts elsewhere (a machine's initial state) sets itself up when
/// `view.rounds` is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
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
    /// windows reach far back (the math constant hunter keeps its last 256 rounds here).
    pub tape: [u64; TAPE_WORDS],
}

/// Words in [`Memory::tape`]: 512 bits.
pub const TAPE_WORDS: usize = 8;

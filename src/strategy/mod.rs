//! Strategies: the decision rules players follow, their classifier metadata, and the history view
//! they decide from.
//!
//! A strategy decides between cooperating (a player's first action) and defecting (its second)
//! from a [`View`] of the realised history, kept as counters and bit registers so a round
//! allocates nothing. Every library strategy compiles to a [`Policy`], a small enum matched on
//! the hot path.

pub mod catalogue;
pub mod chance;
pub mod memory_one;
pub mod reactive;
pub mod registry;
pub mod testkit;
pub mod unconditional;
pub mod zero_determinant;

pub use chance::Chance;
use rand::Rng;

/// A binary move: `C` is a player's first action, `D` its second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Move {
    C,
    D,
}

impl Move {
    /// The action index this move stands for in a two-action game.
    pub fn action_index(self) -> usize {
        match self {
            Move::C => 0,
            Move::D => 1,
        }
    }

    pub fn from_defected(defected: bool) -> Move {
        if defected { Move::D } else { Move::C }
    }

    pub fn letter(self) -> char {
        match self {
            Move::C => 'C',
            Move::D => 'D',
        }
    }
}

/// What a player has seen so far: its own and its opponent's last 64 moves as bits (1 = defected,
/// newest in bit 0), the number of rounds played and the opponent's defection count.
///
/// In games with more than two players the "opponent" is the strategy's `target`, or, without
/// one, the event "somebody else defected".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub own: u64,
    pub opponent: u64,
    pub rounds: u32,
    pub opponent_defections: u32,
}

impl View {
    pub fn record(&mut self, own: Move, opponent: Move) {
        self.own = (self.own << 1) | u64::from(own == Move::D);
        self.opponent = (self.opponent << 1) | u64::from(opponent == Move::D);
        self.rounds += 1;
        self.opponent_defections += u32::from(opponent == Move::D);
    }
}

/// The executable form of a strategy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    Always(Move),
    /// Chance of C in round 1, then chance of C after (own, opponent) = CC, CD, DC, DD.
    MemoryOne {
        first: Chance,
        after: [Chance; 4],
    },
    /// Cooperates unless the opponent defected in both of the last two rounds.
    TitForTwoTats,
    /// Cooperates until the opponent defects once, then defects for ever.
    Grudger,
}

impl Policy {
    /// A memory-one policy from cooperation probabilities in Axelrod-Python's order.
    pub fn memory_one(first: f64, after: [f64; 4]) -> Policy {
        Policy::MemoryOne {
            first: Chance::new(first),
            after: after.map(Chance::new),
        }
    }

    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, rng: &mut R) -> Move {
        match *self {
            Policy::Always(choice) => choice,
            Policy::MemoryOne { first, after } => {
                let chance = if view.rounds == 0 {
                    first
                } else {
                    after[((view.own & 1) << 1 | (view.opponent & 1)) as usize]
                };
                Move::from_defected(!chance.happens(rng))
            }
            Policy::TitForTwoTats => {
                Move::from_defected(view.rounds >= 2 && view.opponent & 0b11 == 0b11)
            }
            Policy::Grudger => Move::from_defected(view.opponent_defections > 0),
        }
    }

    /// True when some decision depends on a random draw.
    pub fn is_stochastic(&self) -> bool {
        match self {
            Policy::MemoryOne { first, after } => {
                first.is_random() || after.iter().any(Chance::is_random)
            }
            _ => false,
        }
    }
}

/// Classifier metadata, after Axelrod-Python's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Classifier {
    /// How many past rounds a decision can depend on; `None` means unbounded.
    pub memory_depth: Option<u32>,
    pub stochastic: bool,
    /// Reads the game's payoffs (R, S, T, P) to set itself up.
    pub uses_game: bool,
}

/// How a player perceives "the opponent" in a game with more than two players.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perception {
    /// The realised move of this player index.
    Target(usize),
    /// D when any other player defected, else C.
    AnyOther,
}

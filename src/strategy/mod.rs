//! Strategies: the decision rules players follow, their classifier metadata, and the history view
//! they decide from.
//!
//! A library strategy decides between cooperating (a player's first action) and defecting (its
//! second) from a [`View`] of the realised history, kept as counters and bit registers so a
//! round allocates nothing. The kinds over any number of actions (`fixed`, `mixed`, `cycle`,
//! `reply`) choose an action index, `reply` from what it saw each player play last round.
//! Every strategy compiles to a [`Policy`]: an immutable program, an enum matched on the hot
//! path and shared by every replicate of a cell. What a strategy must remember beyond the view
//! (a machine's state, a punishment's countdown) lives in a small [`Memory`] per player and
//! match, reset in place, so a round allocates nothing.
//!
//! Each family of strategies has its own file, which imports the shared types from [`entry`];
//! [`registry`] only indexes the families.

pub mod adaptor;
pub mod ann;
pub mod axelrod_first;
pub mod axelrod_second;
pub mod catalogue;
pub mod chance;
pub mod cycler;
pub mod dbs;
pub mod entry;
pub mod frequency_analyzer;
pub mod fsm;
pub mod go_by_majority;
pub mod grudger;
pub mod hmm;
pub mod hunter;
pub mod lookup;
pub mod memory;
pub mod memory_n;
pub mod memory_one;
pub mod meta;
pub mod misc;
pub mod multi_action;
pub mod prober;
pub mod qlearner;
pub mod reactive;
pub mod registry;
pub mod testkit;
pub mod tit_for_tat;
pub mod unconditional;
pub mod wrapper;
pub mod zero_determinant;

pub use chance::Chance;
pub use memory::Memory;
pub use multi_action::{Choice, Reply};
use rand::Rng;
use std::sync::Arc;

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

    pub fn flip(self) -> Move {
        match self {
            Move::C => Move::D,
            Move::D => Move::C,
        }
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
/// In games with more than two players the "opponent" is what the strategy's [`Watch`] rule makes
/// of the others' moves: one `target`'s, or an aggregate such as "somebody else defected".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub own: u64,
    pub opponent: u64,
    pub rounds: u32,
    pub opponent_defections: u32,
    pub own_defections: u32,
}

impl View {
    pub fn record(&mut self, own: Move, opponent: Move) {
        self.record_classic(own, opponent);
        self.own_defections += u32::from(own == Move::D);
    }

    /// `record` without the own-defection count, which no classic strategy reads
    /// (`Policy::is_classic`): the round loop of classic strategies is a few percent faster.
    #[inline(always)]
    pub fn record_classic(&mut self, own: Move, opponent: Move) {
        self.own = (self.own << 1) | u64::from(own == Move::D);
        self.opponent = (self.opponent << 1) | u64::from(opponent == Move::D);
        self.rounds += 1;
        self.opponent_defections += u32::from(opponent == Move::D);
    }

    /// The opponent's move `back` rounds ago (1 = last round); C before the match began.
    #[inline]
    pub fn opponent_move(&self, back: u32) -> Move {
        Move::from_defected(
            (1..=64).contains(&back) && back <= self.rounds && self.opponent >> (back - 1) & 1 == 1,
        )
    }

    /// This player's own move `back` rounds ago (1 = last round); C before the match began.
    #[inline]
    pub fn own_move(&self, back: u32) -> Move {
        Move::from_defected(
            (1..=64).contains(&back) && back <= self.rounds && self.own >> (back - 1) & 1 == 1,
        )
    }

    /// The opponent's last `n` moves as bits (1 = D, newest in bit 0), only those played so far
    /// and at most the 64 the view keeps.
    #[inline]
    pub fn opponent_recent(&self, n: u32) -> u64 {
        let n = n.min(self.rounds);
        if n >= 64 {
            self.opponent
        } else {
            self.opponent & ((1u64 << n) - 1)
        }
    }

    /// True in the last `rounds` rounds of a match whose `length` is known (Axelrod-Python's
    /// players that defect at the end; past the announced length, or with it unknown, false).
    pub fn in_last_rounds(&self, length: Option<u32>, rounds: u32) -> bool {
        length.is_some_and(|length| self.rounds < length && length - self.rounds <= rounds)
    }

    /// The same view with this player's own moves the other way round, as a dual strategy's
    /// wrapped rule sees them.
    pub fn with_own_flipped(&self) -> View {
        let played = if self.rounds >= 64 {
            u64::MAX
        } else {
            (1u64 << self.rounds) - 1
        };
        View {
            own: !self.own & played,
            own_defections: self.rounds - self.own_defections,
            ..*self
        }
    }

    pub fn opponent_cooperations(&self) -> u32 {
        self.rounds - self.opponent_defections
    }

    pub fn own_cooperations(&self) -> u32 {
        self.rounds - self.own_defections
    }
}

/// The executable form of a strategy. The binary variants come first and carry no pointer, so
/// the two-action hot path never leaves the enum; the multi-action ones share their tables
/// between every replicate of a cell.
#[derive(Debug, Clone, PartialEq)]
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
    /// One action, or a draw from a distribution over actions, every round (`fixed`, `mixed`).
    Play(Choice),
    /// The actions of a sequence in turn, from its start again after its end.
    Cycle(Arc<[u16]>),
    /// A reply to what the watched players did last round (`reply`).
    Reply(Arc<Reply>),
    // The families below keep their tables behind an `Arc` and their state in `Memory`; each
    // type stays within the size of `MemoryOne` (a test checks), so `Policy` does not grow.
    /// A table over the last n joint moves (memory-two, `memory_n`).
    MemoryN(memory_n::Table),
    /// A finite-state machine on the opponent's last move.
    Fsm(fsm::Machine),
    /// A lookup table on recent and opening moves (LookerUp, Gambler).
    Lookup(lookup::Table),
    TitForTat(tit_for_tat::Rule),
    Grudging(grudger::Rule),
    Prober(prober::Rule),
    Cycler(cycler::Rule),
    Majority(go_by_majority::Rule),
    Hunter(hunter::Rule),
    FirstTournament(axelrod_first::Rule),
    SecondTournament(axelrod_second::Rule),
    Other(misc::Rule),
    Ann(ann::Rule),
    Hmm(hmm::Rule),
    Adaptor(adaptor::Rule),
    Dbs(dbs::Rule),
    FrequencyAnalyzer(frequency_analyzer::Rule),
    /// A team of strategies, each deciding every round, and a vote of their proposals; the
    /// members' own memories are in the store of this player's `Memory`.
    Meta(meta::Rule),
    /// A Q-learner; its table is in the store of this player's `Memory`.
    QLearner(qlearner::Rule),
    /// Another strategy made noisy, Joss-Ann or dual.
    Wrapped(Arc<wrapper::Wrapped>),
}

impl Policy {
    /// A memory-one policy from cooperation probabilities in Axelrod-Python's order.
    pub fn memory_one(first: f64, after: [f64; 4]) -> Policy {
        Policy::MemoryOne {
            first: Chance::new(first),
            after: after.map(Chance::new),
        }
    }

    /// The action index to play. `last` holds, per player, the action this player saw it play
    /// last round (its own as played); only `reply` reads it, and not in round 1. `memory` is
    /// this player's for the match, all zero before round 1.
    #[inline(always)]
    pub fn decide<R: Rng + ?Sized>(
        &self,
        view: &View,
        last: &[usize],
        memory: &mut Memory,
        rng: &mut R,
    ) -> usize {
        match self {
            Policy::Play(_) | Policy::Cycle(_) | Policy::Reply(_) => {
                self.decide_named(view, last, rng)
            }
            binary => binary.binary_move(view, memory, rng).action_index(),
        }
    }

    /// The move of a two-action policy; the kinds that name actions give C for their first
    /// action and D for any other, reading the view's last moves as action indices 0 and 1.
    pub fn decide_move<R: Rng + ?Sized>(
        &self,
        view: &View,
        memory: &mut Memory,
        rng: &mut R,
    ) -> Move {
        if self.names_actions() {
            let last = [(view.own & 1) as usize, (view.opponent & 1) as usize];
            Move::from_defected(self.decide_named(view, &last, rng) != 0)
        } else {
            self.binary_move(view, memory, rng)
        }
    }

    // `binary_move` and `decide_named` call nothing back: with `decide` reachable from them,
    // the cycle kept LLVM from inlining the two-action strategies into the round loop, and the
    // plain two-player match ran at 0.6 of its speed (benches/match_throughput.rs).

    #[inline(always)]
    fn binary_move<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        if self.is_classic() {
            self.decide_classic(view, rng)
        } else {
            self.family_move(view, memory, rng)
        }
    }

    /// True for the strategies `decide_classic` plays: they read only the view, and the round
    /// loop gets a copy of itself that calls nothing else. That loop does not keep the view's
    /// `own_defections` (`View::record_classic`), so a classic strategy must not read it.
    pub fn is_classic(&self) -> bool {
        matches!(
            self,
            Policy::Always(_) | Policy::MemoryOne { .. } | Policy::TitForTwoTats | Policy::Grudger
        )
    }

    /// The move of a classic policy (see `is_classic`); C for any other.
    #[inline(always)]
    pub fn decide_classic<R: Rng + ?Sized>(&self, view: &View, rng: &mut R) -> Move {
        match *self {
            Policy::Always(choice) => choice,
            Policy::MemoryOne { first, after } => {
                let chance = if view.rounds == 0 {
                    first
                } else {
                    after[((view.own & 1) << 1 | (view.opponent & 1)) as usize]
                };
                chance.play(rng)
            }
            Policy::TitForTwoTats => {
                Move::from_defected(view.rounds >= 2 && view.opponent & 0b11 == 0b11)
            }
            Policy::Grudger => Move::from_defected(view.opponent_defections > 0),
            _ => Move::C,
        }
    }

    /// The families' rules, out of line: inlined with the classic strategies above, their code
    /// crowded the round loop, and the plain two-player match ran at 0.65 of its speed
    /// (benches/match_throughput.rs). A family rule pays one call per round.
    #[inline(never)]
    fn family_move<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        match *self {
            Policy::MemoryN(ref table) => table.decide(view, memory, rng),
            Policy::Fsm(ref machine) => machine.decide(view, memory, rng),
            Policy::Lookup(ref table) => table.decide(view, memory, rng),
            Policy::TitForTat(ref rule) => rule.decide(view, memory, rng),
            Policy::Grudging(ref rule) => rule.decide(view, memory, rng),
            Policy::Prober(ref rule) => rule.decide(view, memory, rng),
            Policy::Cycler(ref rule) => rule.decide(view, memory, rng),
            Policy::Majority(ref rule) => rule.decide(view, memory, rng),
            Policy::Hunter(ref rule) => rule.decide(view, memory, rng),
            Policy::FirstTournament(ref rule) => rule.decide(view, memory, rng),
            Policy::SecondTournament(ref rule) => rule.decide(view, memory, rng),
            Policy::Other(ref rule) => rule.decide(view, memory, rng),
            Policy::Ann(ref rule) => rule.decide(view, memory, rng),
            Policy::Hmm(ref rule) => rule.decide(view, memory, rng),
            Policy::Adaptor(ref rule) => rule.decide(view, memory, rng),
            Policy::Dbs(ref rule) => rule.decide(view, memory, rng),
            Policy::FrequencyAnalyzer(ref rule) => rule.decide(view, memory, rng),
            Policy::Meta(ref rule) => rule.decide(view, memory, rng),
            Policy::QLearner(ref rule) => rule.decide(view, memory, rng),
            Policy::Wrapped(ref wrapped) => wrapped.decide(view, memory, rng),
            // Never asked: `binary_move` plays these itself, and `decide` and `decide_move` send
            // the kinds that name actions to `decide_named`.
            Policy::Always(_)
            | Policy::MemoryOne { .. }
            | Policy::TitForTwoTats
            | Policy::Grudger
            | Policy::Play(_)
            | Policy::Cycle(_)
            | Policy::Reply(_) => Move::C,
        }
    }

    #[inline]
    fn decide_named<R: Rng + ?Sized>(&self, view: &View, last: &[usize], rng: &mut R) -> usize {
        match self {
            Policy::Play(choice) => choice.draw(rng),
            Policy::Cycle(sequence) => usize::from(sequence[view.rounds as usize % sequence.len()]),
            Policy::Reply(reply) => reply.decide(view.rounds, last, rng),
            // Never asked: the two-action policies go to `binary_move`.
            _ => 0,
        }
    }

    /// True for the kinds that name their actions (`fixed`, `mixed`, `cycle`, `reply`), which
    /// any player may use; the others choose between a player's first two actions.
    pub fn names_actions(&self) -> bool {
        matches!(self, Policy::Play(_) | Policy::Cycle(_) | Policy::Reply(_))
    }

    /// True when some decision depends on a random draw.
    pub fn is_stochastic(&self) -> bool {
        match self {
            Policy::MemoryOne { first, after } => {
                first.is_random() || after.iter().any(Chance::is_random)
            }
            Policy::Play(choice) => choice.is_random(),
            Policy::Reply(reply) => reply.is_stochastic(),
            Policy::Always(_) | Policy::TitForTwoTats | Policy::Grudger | Policy::Cycle(_) => false,
            Policy::MemoryN(table) => table.is_stochastic(),
            Policy::Fsm(machine) => machine.is_stochastic(),
            Policy::Lookup(table) => table.is_stochastic(),
            Policy::TitForTat(rule) => rule.is_stochastic(),
            Policy::Grudging(rule) => rule.is_stochastic(),
            Policy::Prober(rule) => rule.is_stochastic(),
            Policy::Cycler(rule) => rule.is_stochastic(),
            Policy::Majority(rule) => rule.is_stochastic(),
            Policy::Hunter(rule) => rule.is_stochastic(),
            Policy::FirstTournament(rule) => rule.is_stochastic(),
            Policy::SecondTournament(rule) => rule.is_stochastic(),
            Policy::Other(rule) => rule.is_stochastic(),
            Policy::Ann(rule) => rule.is_stochastic(),
            Policy::Hmm(rule) => rule.is_stochastic(),
            Policy::Adaptor(rule) => rule.is_stochastic(),
            Policy::Dbs(rule) => rule.is_stochastic(),
            Policy::FrequencyAnalyzer(rule) => rule.is_stochastic(),
            Policy::Meta(rule) => rule.is_stochastic(),
            Policy::QLearner(rule) => rule.is_stochastic(),
            Policy::Wrapped(wrapped) => wrapped.is_stochastic(),
        }
    }

    /// A memory for this policy's matches, its store sized for the policy (a meta player's
    /// members, a learner's table), so that rounds never allocate; allocated once per worker and
    /// reset in place before each match (`Memory::reset`).
    pub fn new_memory(&self) -> Memory {
        match self {
            Policy::Meta(rule) => rule.new_memory(),
            Policy::QLearner(rule) => rule.new_memory(),
            Policy::Hunter(rule) => rule.new_memory(),
            Policy::Wrapped(wrapped) => wrapped.inner.new_memory(),
            _ => Memory::default(),
        }
    }

    /// What a round of this policy costs, in plain decisions, for the run's time estimate: a
    /// meta player's members each decide too, and the networks and searches cost more than a
    /// table look-up (`benches/strategy_families.rs` measured Evolved ANN at about a twentieth
    /// of gradual's rounds per second, DBS at a twelfth).
    pub fn cost_per_round(&self) -> u64 {
        match self {
            Policy::Meta(meta::Rule::Team(team)) => {
                1 + team.members.iter().map(Policy::cost_per_round).sum::<u64>()
            }
            Policy::Wrapped(wrapped) => wrapped.inner.cost_per_round(),
            Policy::Ann(_) => 20,
            Policy::Dbs(_) => 12,
            _ => 1,
        }
    }

    /// The memory depth of a table or machine written in the scenario file, computed from what
    /// it reads (the registered strategies declare theirs); `None`, unbounded, for any other.
    pub fn written_memory_depth(&self) -> Option<u32> {
        match self {
            Policy::Fsm(machine) => machine.memory_depth(),
            Policy::Lookup(table) => table.memory_depth(),
            Policy::MemoryN(table) => table.memory_depth(),
            _ => None,
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
    /// Reads the match length (to defect near the end, say); Axelrod-Python's
    /// `makes_use_of: length`.
    pub uses_length: bool,
}

impl Classifier {
    /// The same classifier for a strategy that also reads the match length.
    pub const fn using_length(self) -> Classifier {
        Classifier {
            uses_length: true,
            ..self
        }
    }
}

/// What a two-action strategy takes for "the opponent's move" in a game with more than two
/// players: one player's, or an aggregate of the others'. A player "defects" when it plays one
/// of the actions its watcher counts as hostile (by default any but its first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watch {
    /// The move of this player index.
    Target(usize),
    /// D when at least this many of the others defected, else C: `any` is 1, `all` is the
    /// number of others, `majority` more than half of them.
    AtLeast(u32),
}

impl Watch {
    /// The opponent's move for `player` in a game of `players`, given the bits of the players it
    /// saw defect (its own bit is ignored).
    #[inline(always)]
    pub fn opponent(self, hostile: u64, player: usize) -> Move {
        match self {
            Watch::Target(other) => Move::from_defected(hostile >> other & 1 == 1),
            Watch::AtLeast(count) => {
                Move::from_defected((hostile & !(1 << player)).count_ones() >= count)
            }
        }
    }
}

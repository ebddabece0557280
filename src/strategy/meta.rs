//! Axelrod-Python's meta players (`meta`): a team of registered strategies, each proposing a
//! move every round as it would alone against this opponent, and a rule that makes the meta
//! player's move of the proposals (a vote, the best scorer's, a draw); and Memory Decay.
//!
//! The teams are Axelrod's: its "ordinary" strategies without the meta players, in its order,
//! filtered on the memory depth and randomness Axelrod declares for them (not on our
//! corrections, so a team has the members Axelrod's has). Members are found by name in the
//! registry when a meta player is built: a team is "the other strategies", so this family alone
//! consults the index.

pub mod team;

use super::axelrod_first::payoff;
use super::entry::{Context, Entry, ParameterInfo, Rspt, StrategyArgs, classifier};
use super::memory::Member;
use super::{Chance, Memory, Move, Policy, View, registry};
use rand::{Rng, RngExt};
use std::sync::Arc;
use team::{AXELROD_TEAM, Depth};

/// The family's compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    Team(Arc<Team>),
    /// Tit for tat for 15 rounds; then D when its memory of the opponent's moves, each C
    /// worth 1 and each D -2, sums below 0. Each round from the 16th, one remembered move is
    /// flipped with chance 0.03 and one forgotten with chance 0.1, each chosen uniformly.
    /// Memory: `counts[0]` and `counts[1]` are the Cs and Ds it remembers (the order of its
    /// memories never matters: a uniform choice among them flips or drops a D with chance
    /// Ds / all, which is all the counts need).
    MemoryDecay,
}

/// A meta player's members and how it makes its move of their proposals.
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub members: Box<[Policy]>,
    pub vote: Vote,
    /// Axelrod's `NiceTransformer`: C instead of D while the opponent has never defected.
    pub nice: bool,
    /// The payoffs the winner votes score proposals with.
    pub game: Rspt,
    /// Every member the same strategy: the draws (ensemble, mixer) take the first member's
    /// proposal without drawing, as Axelrod's do for a team of one class.
    pub singular: bool,
}

/// How the proposals become the meta player's move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    /// D when more members propose D than C.
    Majority,
    /// D when fewer members propose D than C.
    Minority,
    /// The proposal of the members whose proposals have scored most so far against this
    /// opponent; C when any of them proposes C.
    Winner,
    /// The proposal of one member drawn uniformly from the best 8% by score (at least one),
    /// ties in score ranked by the later member first, as Axelrod sorts them.
    WinnerEnsemble,
    /// The proposal of one member drawn uniformly.
    Mixer,
}

/// Which of Axelrod's team a meta player takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roster {
    All,
    MemoryOne,
    FiniteMemory,
    LongMemory,
    Deterministic,
    Stochastic,
}

impl Roster {
    fn admits(self, depth: Depth, stochastic: bool) -> bool {
        match self {
            Roster::All => true,
            Roster::MemoryOne => depth == Depth::One,
            Roster::FiniteMemory => depth != Depth::Long,
            Roster::LongMemory => depth == Depth::Long,
            Roster::Deterministic => !stochastic,
            Roster::Stochastic => stochastic,
        }
    }

    /// The Axelrod names of the members, in Axelrod's order, with those we have not ported
    /// left out (see `NOT_IN_TEAMS`).
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        AXELROD_TEAM
            .iter()
            .filter(move |(name, depth, stochastic)| {
                self.admits(*depth, *stochastic) && !NOT_IN_TEAMS.contains(name)
            })
            .map(|(name, _, _)| *name)
    }
}

/// Members of Axelrod's team that ours lack: EvolvedAttention is a 24-layer transformer whose
/// 51 MB of weights would dwarf the program, run for about 5 GFLOP a round.
pub const NOT_IN_TEAMS: &[&str] = &["EvolvedAttention"];

/// Rounds of tit for tat before Memory Decay judges by its memories.
const MEMORY_DECAY_OPENING: u32 = 15;
const MEMORY_DECAY_ALTER: f64 = 0.03;
const MEMORY_DECAY_DELETE: f64 = 0.1;

impl Rule {
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        match self {
            Rule::Team(team) => team.decide(view, memory, rng),
            Rule::MemoryDecay => memory_decay(view, memory, rng),
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self {
            Rule::Team(team) => {
                (!team.singular && matches!(team.vote, Vote::WinnerEnsemble | Vote::Mixer))
                    || team.members.iter().any(Policy::is_stochastic)
            }
            Rule::MemoryDecay => true,
        }
    }

    pub fn new_memory(&self) -> Memory {
        match self {
            Rule::Team(team) => team.new_memory(),
            Rule::MemoryDecay => Memory::default(),
        }
    }
}

impl Team {
    /// A memory whose store holds one member per team member, each with its own memory, and
    /// the ensemble's ranking in `keys`.
    fn new_memory(&self) -> Memory {
        let mut memory = Memory::default();
        memory.store.members = self
            .members
            .iter()
            .map(|policy| Member::new(policy.new_memory()))
            .collect();
        memory.store.keys = vec![0; self.members.len()];
        memory
    }

    /// True when the vote scores the members' proposals, and so reads the game.
    pub fn scores_proposals(&self) -> bool {
        matches!(self.vote, Vote::Winner | Vote::WinnerEnsemble)
    }

    fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        if memory.store.members.len() != self.members.len() {
            // Only a memory not made by `Policy::new_memory` (a test's own) gets here, once.
            *memory = self.new_memory();
        }
        let store = &mut memory.store;
        let scoring = self.scores_proposals();
        if view.rounds > 0 {
            // Each member's history is of its own proposals against the opponent's moves.
            let opponent = view.opponent_move(1);
            for member in store.members.iter_mut() {
                member.view.record(member.proposal, opponent);
                if scoring {
                    member.score += payoff(self.game, member.proposal, opponent);
                }
            }
        }
        for (policy, member) in self.members.iter().zip(store.members.iter_mut()) {
            member.proposal = policy.decide_move(&member.view, &mut member.memory, rng);
        }
        let members = &store.members;
        let draws = matches!(self.vote, Vote::WinnerEnsemble | Vote::Mixer);
        let proposed = match self.vote {
            _ if draws && self.singular => members[0].proposal,
            Vote::Majority | Vote::Minority => {
                let defections = members.iter().filter(|m| m.proposal == Move::D).count();
                let cooperations = members.len() - defections;
                Move::from_defected(if self.vote == Vote::Majority {
                    defections > cooperations
                } else {
                    defections < cooperations
                })
            }
            Vote::Winner => {
                let best = members.iter().map(|m| m.score).fold(f64::MIN, f64::max);
                Move::from_defected(
                    !members
                        .iter()
                        .any(|m| m.score == best && m.proposal == Move::C),
                )
            }
            Vote::WinnerEnsemble => {
                let best_share = (members.len() * 8 / 100).max(1);
                let rank = rng.random_range(0..best_share);
                let order = &mut store.keys;
                for (slot, index) in order.iter_mut().zip(0u64..) {
                    *slot = index;
                }
                // Axelrod sorts (score, index) pairs in reverse: higher scores first, and of
                // equal scores the later member first.
                let (_, ranked, _) = order.select_nth_unstable_by(rank, |&a, &b| {
                    let (a_score, b_score) = (members[a as usize].score, members[b as usize].score);
                    b_score.total_cmp(&a_score).then(b.cmp(&a))
                });
                members[*ranked as usize].proposal
            }
            Vote::Mixer => members[rng.random_range(0..members.len())].proposal,
        };
        if self.nice && proposed == Move::D && view.opponent_defections == 0 {
            Move::C
        } else {
            proposed
        }
    }
}

fn memory_decay<R: Rng + ?Sized>(view: &View, memory: &mut Memory, rng: &mut R) -> Move {
    if view.rounds > 0 {
        memory.counts[usize::from(view.opponent_move(1) == Move::D)] += 1;
    }
    if view.rounds < MEMORY_DECAY_OPENING {
        return view.opponent_move(1);
    }
    // Fifteen memories at least from here on: one is added every round, at most one dropped.
    let [cooperations, defections, ..] = memory.counts;
    let remembered = u64::from(cooperations + defections);
    // Never empty in a match (see above); the check keeps a hand-made memory from panicking.
    if remembered == 0 {
        return Move::C;
    }
    if Chance::new(MEMORY_DECAY_ALTER).happens(rng) {
        let [c, d, ..] = &mut memory.counts;
        if rng.random_range(0..remembered) < u64::from(*d) {
            *d -= 1;
            *c += 1;
        } else {
            *c -= 1;
            *d += 1;
        }
    }
    if Chance::new(MEMORY_DECAY_DELETE).happens(rng) {
        let [cooperations, defections, ..] = memory.counts;
        let remembered = u64::from(cooperations + defections);
        let slot = usize::from(rng.random_range(0..remembered) < u64::from(defections));
        memory.counts[slot] -= 1;
    }
    let [cooperations, defections, ..] = memory.counts;
    Move::from_defected(i64::from(cooperations) - 2 * i64::from(defections) < 0)
}

/// The most members a team written in a scenario may have (Axelrod's whole team is 220).
pub const MAX_TEAM: usize = 1000;

/// The `team` parameter every meta player but Memory Decay takes.
const TEAM_PARAMETER: ParameterInfo = ParameterInfo {
    name: "team",
    meaning: "the members, each a strategy name or table as a candidate is written (no meta players), in place of Axelrod's team",
    default: "Axelrod's team for this player",
};

/// True for a meta player that scores its members' proposals (and so reads the game).
pub fn scores_proposals(policy: &Policy) -> bool {
    matches!(policy, Policy::Meta(Rule::Team(team)) if team.scores_proposals())
}

/// True for a policy that consults a team (a meta player, wrapped or not), which Axelrod's
/// teams leave out.
pub fn consults_a_team(policy: &Policy) -> bool {
    match policy {
        Policy::Meta(Rule::Team(_)) => true,
        Policy::Wrapped(wrapped) => consults_a_team(&wrapped.inner),
        _ => false,
    }
}

/// Builds a meta player of `roster`, its members built for the same match.
pub fn team(roster: Roster, vote: Vote, nice: bool, context: &Context) -> Result<Policy, String> {
    let members = roster
        .names()
        .map(|name| {
            let entry = registry::lookup(name)
                .ok_or_else(|| format!("its team member {name:?} is not registered"))?;
            entry
                .build(&StrategyArgs::default(), context)
                .map_err(|reason| format!("its team member `{}`: {reason}", entry.name))
        })
        .collect::<Result<Box<[Policy]>, String>>()?;
    Ok(with_members(members, vote, nice, false, context))
}

fn with_members(
    members: Box<[Policy]>,
    vote: Vote,
    nice: bool,
    singular: bool,
    context: &Context,
) -> Policy {
    Policy::Meta(Rule::Team(Arc::new(Team {
        singular: singular || members.len() == 1,
        members,
        vote,
        nice,
        game: context.game_or_standard(),
    })))
}

/// A meta player with the scenario's own team when it gives one, else Axelrod's `roster`.
fn build(
    args: &StrategyArgs,
    roster: Roster,
    vote: Vote,
    nice: bool,
    context: &Context,
) -> Result<Policy, String> {
    let Some(written) = &args.team else {
        return team(roster, vote, nice, context);
    };
    // Axelrod's ensembles and mixer take the first member's proposal when every member is of
    // one class; here, when every member is the same strategy with the same parameters.
    let singular = written
        .iter()
        .all(|member| member.definition == written[0].definition);
    let members = written.iter().map(|member| member.policy.clone()).collect();
    Ok(with_members(members, vote, nice, singular, context))
}

/// A meta player's classifier: unbounded memory, as Axelrod declares for every meta player.
const fn meta_classifier(
    stochastic: bool,
    uses_game: bool,
    uses_length: bool,
) -> super::Classifier {
    let classifier = classifier(None, stochastic, uses_game);
    if uses_length {
        classifier.using_length()
    } else {
        classifier
    }
}

macro_rules! meta_entry {
    ($static:ident, $name:literal, $axelrod:literal, $summary:literal, $roster:expr, $vote:expr,
     $nice:literal, $stochastic:literal, $uses_game:literal, $uses_length:literal) => {
        pub static $static: Entry = Entry {
            name: $name,
            axelrod_name: Some($axelrod),
            aliases: &[],
            summary: $summary,
            parameters: &[TEAM_PARAMETER],
            classifier: meta_classifier($stochastic, $uses_game, $uses_length),
            build: |args, context| build(args, $roster, $vote, $nice, context),
        };
    };
}

use Roster::{All, Deterministic, FiniteMemory, LongMemory, MemoryOne, Stochastic};
use Vote::{Majority, Minority, Mixer, Winner, WinnerEnsemble};

meta_entry!(
    META_MAJORITY,
    "meta_majority",
    "Meta Majority",
    "the majority proposal of Axelrod's whole team (D only when more propose D)",
    All,
    Majority,
    false,
    true,
    true,
    true
);
meta_entry!(
    META_MAJORITY_MEMORY_ONE,
    "meta_majority_memory_one",
    "Meta Majority Memory One",
    "the majority proposal of the team's memory-one players",
    MemoryOne,
    Majority,
    false,
    true,
    true,
    false
);
meta_entry!(
    META_MAJORITY_FINITE_MEMORY,
    "meta_majority_finite_memory",
    "Meta Majority Finite Memory",
    "the majority proposal of the team's finite-memory players",
    FiniteMemory,
    Majority,
    false,
    true,
    true,
    false
);
meta_entry!(
    META_MAJORITY_LONG_MEMORY,
    "meta_majority_long_memory",
    "Meta Majority Long Memory",
    "the majority proposal of the team's unbounded-memory players",
    LongMemory,
    Majority,
    false,
    true,
    true,
    true
);
meta_entry!(
    META_MINORITY,
    "meta_minority",
    "Meta Minority",
    "the minority proposal of Axelrod's whole team (D only when fewer propose D)",
    All,
    Minority,
    false,
    true,
    true,
    true
);
meta_entry!(
    META_WINNER,
    "meta_winner",
    "Meta Winner",
    "the proposal of the team's best scorers so far against this opponent (C if any of them proposes C)",
    All,
    Winner,
    false,
    true,
    true,
    true
);
meta_entry!(
    META_WINNER_MEMORY_ONE,
    "meta_winner_memory_one",
    "Meta Winner Memory One",
    "meta winner over the team's memory-one players",
    MemoryOne,
    Winner,
    false,
    true,
    true,
    false
);
meta_entry!(
    META_WINNER_FINITE_MEMORY,
    "meta_winner_finite_memory",
    "Meta Winner Finite Memory",
    "meta winner over the team's finite-memory players",
    FiniteMemory,
    Winner,
    false,
    true,
    true,
    false
);
meta_entry!(
    META_WINNER_LONG_MEMORY,
    "meta_winner_long_memory",
    "Meta Winner Long Memory",
    "meta winner over the team's unbounded-memory players",
    LongMemory,
    Winner,
    false,
    true,
    true,
    true
);
meta_entry!(
    META_WINNER_DETERMINISTIC,
    "meta_winner_deterministic",
    "Meta Winner Deterministic",
    "meta winner over the team's deterministic players",
    Deterministic,
    Winner,
    false,
    false,
    true,
    true
);
meta_entry!(
    META_WINNER_STOCHASTIC,
    "meta_winner_stochastic",
    "Meta Winner Stochastic",
    "meta winner over the team's stochastic players",
    Stochastic,
    Winner,
    false,
    true,
    true,
    true
);
meta_entry!(
    META_WINNER_ENSEMBLE,
    "meta_winner_ensemble",
    "Meta Winner Ensemble",
    "the proposal of one of the team's best 8% by score so far, drawn at random each round",
    All,
    WinnerEnsemble,
    false,
    true,
    true,
    true
);
meta_entry!(
    META_MIXER,
    "meta_mixer",
    "Meta Mixer",
    "the proposal of one member of Axelrod's whole team, drawn uniformly each round",
    All,
    Mixer,
    false,
    true,
    true,
    true
);
meta_entry!(
    NICE_META_WINNER,
    "nice_meta_winner",
    "Nice Meta Winner",
    "meta winner that cooperates while the opponent has never defected",
    All,
    Winner,
    true,
    true,
    true,
    true
);
meta_entry!(
    NICE_META_WINNER_ENSEMBLE,
    "nice_meta_winner_ensemble",
    "Nice Meta Winner Ensemble",
    "meta winner ensemble that cooperates while the opponent has never defected",
    All,
    WinnerEnsemble,
    true,
    true,
    true,
    true
);
meta_entry!(
    NMWE_DETERMINISTIC,
    "nmwe_deterministic",
    "NMWE Deterministic",
    "nice meta winner ensemble over the team's deterministic players",
    Deterministic,
    WinnerEnsemble,
    true,
    true,
    true,
    true
);
meta_entry!(
    NMWE_STOCHASTIC,
    "nmwe_stochastic",
    "NMWE Stochastic",
    "nice meta winner ensemble over the team's stochastic players",
    Stochastic,
    WinnerEnsemble,
    true,
    true,
    true,
    true
);
meta_entry!(
    NMWE_FINITE_MEMORY,
    "nmwe_finite_memory",
    "NMWE Finite Memory",
    "nice meta winner ensemble over the team's finite-memory players",
    FiniteMemory,
    WinnerEnsemble,
    true,
    true,
    true,
    false
);
meta_entry!(
    NMWE_LONG_MEMORY,
    "nmwe_long_memory",
    "NMWE Long Memory",
    "nice meta winner ensemble over the team's unbounded-memory players",
    LongMemory,
    WinnerEnsemble,
    true,
    true,
    true,
    true
);
meta_entry!(
    NMWE_MEMORY_ONE,
    "nmwe_memory_one",
    "NMWE Memory One",
    "nice meta winner ensemble over the team's memory-one players",
    MemoryOne,
    WinnerEnsemble,
    true,
    true,
    true,
    false
);

pub static MEMORY_DECAY: Entry = Entry {
    name: "memory_decay",
    axelrod_name: Some("Memory Decay"),
    aliases: &[],
    summary: "tit for tat for 15 rounds, then D when its fading, sometimes misremembered record of the opponent (C +1, D -2) sums below 0",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| Ok(Policy::Meta(Rule::MemoryDecay)),
};

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[
    &META_MAJORITY,
    &META_MAJORITY_MEMORY_ONE,
    &META_MAJORITY_FINITE_MEMORY,
    &META_MAJORITY_LONG_MEMORY,
    &META_MINORITY,
    &META_WINNER,
    &META_WINNER_MEMORY_ONE,
    &META_WINNER_FINITE_MEMORY,
    &META_WINNER_LONG_MEMORY,
    &META_WINNER_DETERMINISTIC,
    &META_WINNER_STOCHASTIC,
    &META_WINNER_ENSEMBLE,
    &META_MIXER,
    &NICE_META_WINNER,
    &NICE_META_WINNER_ENSEMBLE,
    &NMWE_DETERMINISTIC,
    &NMWE_STOCHASTIC,
    &NMWE_FINITE_MEMORY,
    &NMWE_LONG_MEMORY,
    &NMWE_MEMORY_ONE,
    &MEMORY_DECAY,
];

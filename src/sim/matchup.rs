//! One match: the per-round loop of decide, constrain, add noise, score and record.
//!
//! Everything a round touches is sized before the first round, so the loop allocates nothing.

use crate::experiment::{Cell, Experiment};
use crate::game::Length;
use crate::strategy::{Chance, Move, Perception, Policy, View};
use rand::Rng;

/// Receives each round's outcome as it is played.
pub trait RoundSink {
    fn round(&mut self, round: usize, outcome: &RoundOutcome);
}

/// What happened in one round, indexed by player.
#[derive(Debug, Clone, Default)]
pub struct RoundOutcome {
    /// Realised action indices.
    pub actions: Vec<usize>,
    pub payoffs: Vec<f64>,
    /// True where a constraint replaced the strategy's choice.
    pub constrained: Vec<bool>,
}

#[derive(Debug, Clone, Copy)]
struct ActiveConstraint {
    player: usize,
    forbidden: u64,
    chance: Chance,
    fallback: usize,
}

/// A cell's game with every formula evaluated and every probability compiled.
#[derive(Debug, Clone)]
pub struct MatchSpec {
    players: usize,
    /// Bit `a` set for every action `a` of the player.
    action_masks: Vec<u64>,
    strides: Vec<usize>,
    payoffs: Vec<f64>,
    max_rounds: u32,
    continuation: Option<Chance>,
    noise: Chance,
    constraints: Vec<ActiveConstraint>,
    policies: Vec<Policy>,
    perceptions: Vec<Perception>,
}

impl MatchSpec {
    pub fn new(experiment: &Experiment, cell: &Cell) -> MatchSpec {
        let game = &experiment.game;
        let parameters = &experiment.parameter_values;
        let players = game.player_count();
        let mut strides = vec![1; players];
        for player in (0..players.saturating_sub(1)).rev() {
            strides[player] = strides[player + 1] * game.actions[player + 1].len();
        }
        MatchSpec {
            players,
            action_masks: game
                .actions
                .iter()
                .map(|labels| u64::MAX >> (64 - labels.len()))
                .collect(),
            strides,
            payoffs: game.evaluate_payoffs(parameters),
            max_rounds: game.length.max_rounds(),
            continuation: match game.length {
                Length::Fixed(_) => None,
                Length::Continuation { probability, .. } => Some(Chance::new(probability)),
            },
            noise: Chance::new(game.noise),
            constraints: game
                .constraints
                .iter()
                .map(|constraint| ActiveConstraint {
                    player: constraint.player,
                    forbidden: constraint.forbidden,
                    chance: Chance::new(constraint.probability.evaluate(parameters)),
                    fallback: constraint.fallback,
                })
                .collect(),
            policies: (0..players)
                .map(|player| experiment.strategy(cell, player).policy)
                .collect(),
            perceptions: (0..players)
                .map(|player| experiment.strategy(cell, player).perception)
                .collect(),
        }
    }

    pub fn players(&self) -> usize {
        self.players
    }

    pub fn max_rounds(&self) -> u32 {
        self.max_rounds
    }

    /// Working memory for `play`, allocated once and reused across matches.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            views: vec![View::default(); self.players],
            forbidden: vec![0; self.players],
            outcome: RoundOutcome {
                actions: vec![0; self.players],
                payoffs: vec![0.0; self.players],
                constrained: vec![false; self.players],
            },
        }
    }

    /// Plays one match and returns the number of rounds played.
    pub fn play<R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        scratch: &mut Scratch,
        sink: &mut S,
    ) -> usize {
        scratch.views.fill(View::default());
        let mut round = 0usize;
        loop {
            self.play_round(rng, scratch);
            sink.round(round, &scratch.outcome);
            round += 1;
            if round >= self.max_rounds as usize {
                break;
            }
            if self
                .continuation
                .is_some_and(|continuation| !continuation.happens(rng))
            {
                break;
            }
        }
        round
    }

    // Indexing by player reads better than zipping five parallel per-player arrays. Per-round
    // state is reset inside these loops rather than with `fill`/`copy_from_slice`, which on
    // slices this short cost a libc call each (measured: a tenth of the round).
    #[allow(clippy::needless_range_loop)]
    #[inline]
    fn play_round<R: Rng + ?Sized>(&self, rng: &mut R, scratch: &mut Scratch) {
        let Scratch {
            views,
            forbidden,
            outcome,
        } = scratch;
        // Strategies choose simultaneously, each from its own view of the past.
        for player in 0..self.players {
            outcome.actions[player] = self.policies[player]
                .decide(&views[player], rng)
                .action_index();
            outcome.constrained[player] = false;
        }
        for constraint in &self.constraints {
            if constraint.chance.happens(rng) {
                let player = constraint.player;
                forbidden[player] |= constraint.forbidden;
                if constraint.forbidden >> outcome.actions[player] & 1 == 1 {
                    outcome.actions[player] = constraint.fallback;
                    outcome.constrained[player] = true;
                }
            }
        }
        let mut joint = 0;
        // Bit p set when player p's realised action is not its first ("defected").
        let mut defectors = 0u64;
        for player in 0..self.players {
            let allowed = self.action_masks[player] & !forbidden[player];
            forbidden[player] = 0;
            // Two holding constraints can forbid one's fallback; take the first allowed action.
            if allowed >> outcome.actions[player] & 1 == 0 {
                outcome.actions[player] = allowed.trailing_zeros() as usize;
            }
            if self.noise.happens(rng) {
                let others = allowed & !(1 << outcome.actions[player]);
                if others != 0 {
                    outcome.actions[player] = pick_set_bit(others, rng);
                }
            }
            joint += outcome.actions[player] * self.strides[player];
            defectors |= u64::from(outcome.actions[player] != 0) << player;
        }
        let scores = &self.payoffs[joint * self.players..];
        for player in 0..self.players {
            outcome.payoffs[player] = scores[player];
            let own = Move::from_defected(defectors >> player & 1 == 1);
            let opponent = match self.perceptions[player] {
                Perception::Target(other) => Move::from_defected(defectors >> other & 1 == 1),
                Perception::AnyOther => Move::from_defected(defectors & !(1 << player) != 0),
            };
            views[player].record(own, opponent);
        }
    }
}

/// A uniformly chosen set bit; with one set bit (the two-action case) no draw is needed.
#[inline]
fn pick_set_bit<R: Rng + ?Sized>(bits: u64, rng: &mut R) -> usize {
    let count = bits.count_ones();
    let mut rank = if count == 1 {
        0
    } else {
        // Lemire's multiply-shift maps a u64 onto 0..count.
        ((u128::from(rng.next_u64()) * u128::from(count)) >> 64) as u32
    };
    let mut remaining = bits;
    while rank > 0 {
        remaining &= remaining - 1;
        rank -= 1;
    }
    remaining.trailing_zeros() as usize
}

/// Per-match working memory.
#[derive(Debug, Clone)]
pub struct Scratch {
    views: Vec<View>,
    forbidden: Vec<u64>,
    outcome: RoundOutcome,
}

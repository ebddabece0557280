//! The reference path of the round loop, compiled for tests only (feature `reference-path`):
//! every formula at every site evaluated in every round, with no tabulation, no static-game
//! detection, no fixed-size arrays, no loop variants compiled per feature, fresh strategy
//! memory for every match, and `Policy::decide` for every strategy. It draws the same random
//! numbers in the same order as `matchup`, so the Monte Carlo driven by it must give
//! byte-identical tables to the fast paths (tests/reference_path.rs).
//!
//! It is written from the semantics (README, DESIGN.md), not from `matchup`: only what defines
//! the model is shared (`Chance` for a Bernoulli draw, `Watch` for whom a strategy reacts to,
//! `Policy` for the strategies, `Game::joint_index` for the payoff table's order).

use super::matchup::{RoundOutcome, RoundSink};
use super::{CellMatch, RunOptions, Summary};
use crate::experiment::{Cell, Experiment, StrategySpec};
use crate::game::Length;
use crate::game::dynamics::Reading;
use crate::scenario::formula::Formula;
use crate::strategy::{Chance, Memory, Move, View};
use rand::Rng;

/// One cell's match, played the plain way.
pub struct ReferenceMatch<'e> {
    experiment: &'e Experiment,
    /// The cell's parameter point, in `parameter_names` order.
    parameters: &'e [f64],
    strategies: Vec<&'e StrategySpec>,
    /// The game's perception entries by (observer, observed): the order their draws come in.
    perception_order: Vec<usize>,
}

impl<'e> ReferenceMatch<'e> {
    pub fn new(experiment: &'e Experiment, cell: &Cell) -> ReferenceMatch<'e> {
        let game = &experiment.game;
        let mut perception_order: Vec<usize> = (0..game.perceptions.len()).collect();
        perception_order.sort_by_key(|&entry| {
            let perception = &game.perceptions[entry];
            (perception.observer, perception.observed)
        });
        ReferenceMatch {
            experiment,
            parameters: experiment.parameters(cell),
            strategies: (0..game.player_count())
                .map(|player| experiment.strategy(cell, player))
                .collect(),
            perception_order,
        }
    }

    /// True when `observer`'s strategy counts `action` of player `observed` as defection.
    fn hostile(&self, observer: usize, observed: usize, action: usize) -> bool {
        let labels = self.strategies[observer]
            .hostile
            .as_ref()
            .and_then(|masks| masks.get(observed));
        match labels {
            Some(mask) => mask >> action & 1 == 1,
            None => action != 0,
        }
    }

    /// Plays one match from its first round, reporting each round to `sink`; returns the
    /// number of rounds played.
    pub fn play_match<R: Rng + ?Sized, S: RoundSink>(&self, rng: &mut R, sink: &mut S) -> usize {
        let game = &self.experiment.game;
        let dynamics = &game.dynamics;
        let players = game.player_count();
        let evaluate = |formula: &Formula, slots: &[f64]| formula.evaluate(slots);

        // Before round 1: the point's parameters, then every schedule (those that read `round`
        // or a state are evaluated again each round), the states' initial values in the order
        // that lets each read the ones before it, and readings at zero.
        let mut slots = vec![f64::NAN; dynamics.slot_count()];
        slots[..dynamics.parameter_count].copy_from_slice(self.parameters);
        slots[dynamics.round_slot()] = 1.0;
        for schedule in &dynamics.schedules {
            slots[schedule.slot] = evaluate(&schedule.formula, &slots);
        }
        for &state in &dynamics.initial_order {
            slots[dynamics.state_slot(state)] = evaluate(&dynamics.states[state].initial, &slots);
        }
        for reading in 0..dynamics.readings.len() {
            slots[dynamics.reading_slot(reading)] = 0.0;
        }

        let mut views = vec![View::default(); players];
        let mut memories: Vec<Memory> = self
            .strategies
            .iter()
            .map(|strategy| strategy.policy.new_memory())
            .collect();
        // What each observer saw each player play last round (its own action as played).
        let mut last_seen = vec![vec![0usize; players]; players];
        let continuation = match game.length {
            Length::Fixed(_) => None,
            Length::Continuation { probability, .. } => Some(Chance::new(probability)),
        };
        let max_rounds = game.length.max_rounds() as usize;

        let mut round = 0usize;
        loop {
            // This round's values, every one of them evaluated now.
            slots[dynamics.round_slot()] = (round + 1) as f64;
            for schedule in &dynamics.schedules {
                slots[schedule.slot] = evaluate(&schedule.formula, &slots);
            }
            let table: Vec<f64> = game.payoffs.iter().map(|f| evaluate(f, &slots)).collect();
            let noise = Chance::new(evaluate(&game.noise, &slots));

            // Strategies choose simultaneously, each from its own view of the past.
            let mut actions: Vec<usize> = (0..players)
                .map(|player| {
                    self.strategies[player].policy.decide(
                        &views[player],
                        &last_seen[player],
                        &mut memories[player],
                        rng,
                    )
                })
                .collect();

            // Constraints, in the game's order: each that holds forbids its actions and
            // replaces a forbidden choice with its fallback.
            let mut constrained = vec![false; players];
            let mut forbidden: Vec<Vec<bool>> = game
                .actions
                .iter()
                .map(|labels| vec![false; labels.len()])
                .collect();
            for constraint in &game.constraints {
                if !Chance::new(evaluate(&constraint.probability, &slots)).happens(rng) {
                    continue;
                }
                let player = constraint.player;
                for (action, forbid) in forbidden[player].iter_mut().enumerate() {
                    *forbid |= constraint.forbidden >> action & 1 == 1;
                }
                if forbidden[player][actions[player]] {
                    actions[player] = constraint.fallback;
                    constrained[player] = true;
                }
            }

            // A choice still forbidden (two constraints together) becomes the first allowed
            // action; then execution noise replaces the action with another allowed one.
            for player in 0..players {
                let allowed: Vec<usize> = (0..game.actions[player].len())
                    .filter(|&action| !forbidden[player][action])
                    .collect();
                if !allowed.is_empty() && !allowed.contains(&actions[player]) {
                    actions[player] = allowed[0];
                }
                if noise.happens(rng) {
                    let others: Vec<usize> = allowed
                        .iter()
                        .copied()
                        .filter(|&action| action != actions[player])
                        .collect();
                    if !others.is_empty() {
                        actions[player] = others[uniform_index(others.len(), rng)];
                    }
                }
            }

            // Perception: each observer sees the realised actions, but for its misreads.
            let mut seen = vec![actions.clone(); players];
            let mut misperceived = vec![0u32; players];
            for &entry in &self.perception_order {
                let perception = &game.perceptions[entry];
                let played = actions[perception.observed];
                let rate = evaluate(&perception.rates[played], &slots);
                if Chance::new(rate).happens(rng) {
                    let others: Vec<usize> = (0..game.actions[perception.observed].len())
                        .filter(|&action| action != played)
                        .collect();
                    if !others.is_empty() {
                        seen[perception.observer][perception.observed] =
                            others[uniform_index(others.len(), rng)];
                        misperceived[perception.observer] += 1;
                    }
                }
            }

            let joint = game.joint_index(&actions);
            let payoffs: Vec<f64> = (0..players)
                .map(|player| table[joint * players + player])
                .collect();
            for player in 0..players {
                let hostile_bits = (0..players).fold(0u64, |bits, other| {
                    let action = seen[player][other];
                    bits | u64::from(self.hostile(player, other, action)) << other
                });
                let opponent = self.strategies[player].watch.opponent(hostile_bits, player);
                let own = Move::from_defected(actions[player] != 0);
                views[player].record(own, opponent);
            }
            last_seen = seen;

            sink.round(
                round,
                &RoundOutcome {
                    actions: &actions,
                    payoffs: &payoffs,
                    constrained: &constrained,
                    joint,
                },
            );
            if !game.perceptions.is_empty() {
                sink.misperceived(round, &misperceived);
            }

            // State variables: readings of this round, then every update from the values
            // before it, all at once.
            for (index, reading) in dynamics.readings.iter().enumerate() {
                let slot = &mut slots[dynamics.reading_slot(index)];
                let indicator = |condition: bool| f64::from(u8::from(condition));
                match *reading {
                    Reading::Played { player, action } => {
                        *slot = indicator(actions[player] == action);
                    }
                    Reading::Count { player, action } => {
                        *slot += indicator(actions[player] == action);
                    }
                    Reading::Defections { player } => *slot += indicator(actions[player] != 0),
                    Reading::Cooperations { player } => *slot += indicator(actions[player] == 0),
                    Reading::Payoff { player } => *slot = payoffs[player],
                }
            }
            let next: Vec<f64> = dynamics
                .states
                .iter()
                .map(|state| evaluate(&state.update, &slots))
                .collect();
            for (state, value) in next.iter().enumerate() {
                slots[dynamics.state_slot(state)] = *value;
            }
            if !next.is_empty() {
                sink.states(round, &next);
            }

            round += 1;
            if round >= max_rounds {
                break;
            }
            if continuation.is_some_and(|chance| !chance.happens(rng)) {
                break;
            }
        }
        round
    }
}

/// A uniform index below `count`: none drawn for one choice, else Lemire's multiply-shift of
/// one u64 (the engine's rule for choosing among other actions).
fn uniform_index<R: Rng + ?Sized>(count: usize, rng: &mut R) -> usize {
    if count == 1 {
        0
    } else {
        ((u128::from(rng.next_u64()) * count as u128) >> 64) as usize
    }
}

impl CellMatch for ReferenceMatch<'_> {
    type Scratch = ();

    fn scratch(&self) {}

    fn play<R: Rng + ?Sized, S: RoundSink>(&self, rng: &mut R, _: &mut (), sink: &mut S) -> usize {
        self.play_match(rng, sink)
    }
}

/// Every replicate of every cell on the reference path, blocked and folded exactly as
/// [`super::run_with`] does.
pub fn run(
    experiment: &Experiment,
    options: &RunOptions,
    progress: &dyn super::Progress,
) -> Summary {
    let matches: Vec<ReferenceMatch<'_>> = experiment
        .cells
        .iter()
        .map(|cell| ReferenceMatch::new(experiment, cell))
        .collect();
    super::run_cells(experiment, options, progress, &matches)
}

//! The game: players, their actions, payoff formulas for every joint action, length, execution
//! noise, constraints on what a player may do, perception noise in what players see, and what
//! changes during a match.

pub mod dynamics;
pub mod evaluated;
pub mod relations;

use crate::scenario::formula::Formula;
use crate::strategy::entry::Rspt;
use dynamics::{Level, Target};

/// How many rounds a match lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    Fixed(u32),
    /// After each round another follows with this probability, up to `max_rounds`.
    Continuation {
        probability: f64,
        max_rounds: u32,
    },
}

impl Length {
    pub fn max_rounds(self) -> u32 {
        match self {
            Length::Fixed(rounds) => rounds,
            Length::Continuation { max_rounds, .. } => max_rounds,
        }
    }
}

/// Some actions are unavailable to a player in a round with some probability.
#[derive(Debug, Clone)]
pub struct Constraint {
    pub player: usize,
    /// Bit `a` set when action `a` is forbidden while the constraint holds.
    pub forbidden: u64,
    /// Chance per round that the constraint holds.
    pub probability: Formula,
    /// Played instead of a forbidden choice.
    pub fallback: usize,
}

/// A player misreads what another played: each round, with a chance that depends on the action
/// really played, the observer's strategy sees another of the observed player's actions
/// instead (chosen uniformly among the others; for C/D, flipped). Payoffs, constraints and the
/// recorded results use the realised action.
#[derive(Debug, Clone)]
pub struct Misperception {
    pub observer: usize,
    pub observed: usize,
    /// One rate per action of the observed player, in its action order (0 for an action read
    /// correctly).
    pub rates: Vec<Formula>,
}

#[derive(Debug, Clone)]
pub struct Game {
    pub players: Vec<String>,
    pub actions: Vec<Vec<String>>,
    /// One formula per (joint action, player), at `joint * players + player`. Joint actions are
    /// numbered in mixed radix with the first player most significant.
    pub payoffs: Vec<Formula>,
    pub length: Length,
    /// The chance per player and round that the realised action is another one.
    pub noise: Formula,
    pub constraints: Vec<Constraint>,
    /// At most one per (observer, observed) pair, the observer never the observed player.
    pub perceptions: Vec<Misperception>,
    /// Schedules and state variables; every formula above is compiled against its slot layout.
    pub dynamics: dynamics::Dynamics,
}

impl Game {
    pub fn player_count(&self) -> usize {
        self.players.len()
    }

    pub fn joint_count(&self) -> usize {
        self.actions.iter().map(Vec::len).product()
    }

    /// The index of a joint action (one action index per player).
    pub fn joint_index(&self, actions: &[usize]) -> usize {
        actions
            .iter()
            .zip(&self.actions)
            .fold(0, |index, (action, labels)| index * labels.len() + action)
    }

    /// The labels of joint action `joint` joined with `,`, as payoff keys are written: the
    /// inverse of [`Game::joint_index`].
    pub fn joint_label(&self, joint: usize) -> String {
        let mut rest = joint;
        let mut labels = vec![""; self.player_count()];
        for (label, actions) in labels.iter_mut().zip(&self.actions).rev() {
            *label = &actions[rest % actions.len()];
            rest /= actions.len();
        }
        labels.join(",")
    }

    /// Evaluates every payoff formula at these parameter values as they stand in round 1 (for
    /// the whole match, unless a schedule or state variable changes them), in `payoffs` order.
    pub fn evaluate_payoffs(&self, parameters: &[f64]) -> Vec<f64> {
        self.payoffs_at(&self.dynamics.slots_at_start(parameters))
    }

    /// Every payoff formula evaluated at these slot values (`Dynamics::slots_at_start`).
    pub fn payoffs_at(&self, slots: &[f64]) -> Vec<f64> {
        self.payoffs
            .iter()
            .map(|formula| formula.evaluate(slots))
            .collect()
    }

    /// Every formula of the game with where its value goes: the schedules first, each after
    /// those it reads, then payoffs, noise, constraint probabilities and perception rates. The
    /// one list of formula sites: what changes during a match is decided over it alone, so a
    /// site added later is classified with the rest ([`Game::is_static`],
    /// [`Game::changing_values`]). State updates are not listed: they change by definition.
    pub fn formula_sites(&self) -> impl Iterator<Item = (Target, &Formula)> {
        let schedules = self
            .dynamics
            .schedules
            .iter()
            .map(|schedule| (Target::Slot(schedule.slot), &schedule.formula));
        let payoffs = self
            .payoffs
            .iter()
            .enumerate()
            .map(|(index, formula)| (Target::Payoff(index), formula));
        let constraints = self
            .constraints
            .iter()
            .enumerate()
            .map(|(index, constraint)| (Target::Constraint(index), &constraint.probability));
        let rates = self
            .perceptions
            .iter()
            .enumerate()
            .flat_map(|(entry, perception)| {
                perception
                    .rates
                    .iter()
                    .enumerate()
                    .map(move |(action, rate)| (Target::Misread { entry, action }, rate))
            });
        schedules
            .chain(payoffs)
            .chain([(Target::Noise, &self.noise)])
            .chain(constraints)
            .chain(rates)
    }

    /// Every value that changes during a match, with where it goes and what it depends on, in
    /// [`Game::formula_sites`] order.
    pub fn changing_values(&self) -> Vec<(Target, &Formula, Level)> {
        self.formula_sites()
            .map(|(target, formula)| (target, formula, self.dynamics.level(formula)))
            .filter(|(_, _, level)| *level != Level::Fixed)
            .collect()
    }

    /// True when nothing changes during a match: no state variable, and no formula at any site
    /// reads `round` or a state variable, directly or through a schedule.
    pub fn is_static(&self) -> bool {
        self.dynamics.states.is_empty()
            && self
                .formula_sites()
                .all(|(_, formula)| self.dynamics.level(formula) == Level::Fixed)
    }

    /// How many players each player observes through a perception entry: the denominator of
    /// its `misperceived_share`, per round.
    pub fn observed_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.player_count()];
        for perception in &self.perceptions {
            if let Some(count) = counts.get_mut(perception.observer) {
                *count += 1;
            }
        }
        counts
    }

    /// R, S, T, P from `player`'s side, when this is a two-player game with two actions each.
    pub fn rspt(&self, player: usize, payoffs: &[f64]) -> Option<Rspt> {
        if self.player_count() != 2 || self.actions.iter().any(|labels| labels.len() != 2) {
            return None;
        }
        let value = |own: usize, other: usize| {
            let joint = if player == 0 {
                [own, other]
            } else {
                [other, own]
            };
            payoffs[self.joint_index(&joint) * 2 + player]
        };
        Some(Rspt {
            reward: value(0, 0),
            sucker: value(0, 1),
            temptation: value(1, 0),
            punishment: value(1, 1),
        })
    }
}

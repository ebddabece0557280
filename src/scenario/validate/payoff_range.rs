//! The range of payoffs some players can receive in any round of a match, known before the run
//! from the payoff formulas: what `[evolution]` bounds its fitness and its replicator's speed
//! with, since a strategy's mean payoff per round (simulated later) lies within it.

use super::Validator;
use crate::game::Game;
use crate::game::dynamics::Level;

/// Formula evaluations spent on payoffs that change with `round`: a match of a million rounds
/// with four such payoffs, a fraction of a second.
pub const RANGE_EVALUATIONS: usize = 20_000_000;

/// Where a payoff was found.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PayoffAt {
    pub value: f64,
    /// The payoff key, labels joined by `,` as written in `[game.payoffs]`.
    pub joint: String,
    pub player: String,
    /// The round, for a payoff that changes with `round`.
    pub round: Option<u32>,
}

impl PayoffAt {
    /// `Russia's payoff at "D,C"` (`… in round 7`).
    pub fn describe(&self) -> String {
        let round = self
            .round
            .map_or_else(String::new, |round| format!(" in round {round}"));
        format!(
            "{}'s payoff at \"{}\"{round}",
            crate::text::echo(&self.player),
            crate::text::echo(&self.joint)
        )
    }
}

/// The payoffs' range, or why it cannot be known before the run.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PayoffRange {
    Known {
        lowest: PayoffAt,
        highest: PayoffAt,
    },
    /// A payoff reads a state variable: its values are known only during play.
    ReadsState(PayoffAt),
    /// A payoff is NaN or infinite in some round.
    NotFinite(PayoffAt),
    /// Payoffs of `round` over a match too long to evaluate every round within
    /// [`RANGE_EVALUATIONS`].
    TooLong {
        evaluations: u128,
    },
    /// No player given.
    Empty,
}

impl Validator<'_> {
    /// The range of `players`' payoffs over every joint action and every round of the longest
    /// match.
    pub(super) fn payoff_range(&self, game: &Game, players: &[usize]) -> PayoffRange {
        let count = game.player_count();
        let at = |joint: usize, player: usize, value: f64, round: Option<u32>| PayoffAt {
            value,
            joint: game.joint_label(joint),
            player: game.players[player].clone(),
            round,
        };
        let mut fixed = Vec::new();
        let mut by_round = Vec::new();
        for joint in 0..game.joint_count() {
            for &player in players {
                let formula = &game.payoffs[joint * count + player];
                match self.dynamics.level(formula) {
                    Level::Fixed => fixed.push((joint, player)),
                    Level::Round => by_round.push((joint, player)),
                    Level::Play => {
                        return PayoffRange::ReadsState(at(joint, player, f64::NAN, None));
                    }
                }
            }
        }
        let rounds = if by_round.is_empty() {
            1
        } else {
            self.max_rounds.get()
        };
        let schedules: Vec<_> = self.dynamics.round_schedules().collect();
        let evaluations = u128::from(rounds) * (by_round.len() + schedules.len()) as u128;
        if evaluations > RANGE_EVALUATIONS as u128 {
            return PayoffRange::TooLong { evaluations };
        }
        let mut slots = self.start_slots.clone();
        let mut stack = Vec::new();
        let mut lowest: Option<PayoffAt> = None;
        let mut highest: Option<PayoffAt> = None;
        let mut consider = |value: f64, found: &dyn Fn() -> PayoffAt| -> Result<(), PayoffAt> {
            if !value.is_finite() {
                return Err(found());
            }
            if lowest.as_ref().is_none_or(|low| value < low.value) {
                lowest = Some(found());
            }
            if highest.as_ref().is_none_or(|high| value > high.value) {
                highest = Some(found());
            }
            Ok(())
        };
        for &(joint, player) in &fixed {
            let value = game.payoffs[joint * count + player].evaluate_with(&slots, &mut stack);
            if let Err(found) = consider(value, &|| at(joint, player, value, None)) {
                return PayoffRange::NotFinite(found);
            }
        }
        for round in 1..=rounds {
            if round > 1 {
                slots[self.dynamics.round_slot()] = f64::from(round);
                for schedule in &schedules {
                    slots[schedule.slot] = schedule.formula.evaluate_with(&slots, &mut stack);
                }
            }
            for &(joint, player) in &by_round {
                let value = game.payoffs[joint * count + player].evaluate_with(&slots, &mut stack);
                if let Err(found) = consider(value, &|| at(joint, player, value, Some(round))) {
                    return PayoffRange::NotFinite(found);
                }
            }
        }
        match (lowest, highest) {
            (Some(lowest), Some(highest)) => PayoffRange::Known { lowest, highest },
            _ => PayoffRange::Empty,
        }
    }
}

//! Validation of `[[game.constraints]]`: each constraint alone, then in combination, since
//! constraints that may hold in the same round must together leave every player an action.

use super::{Locate, PROBABILITY, Validator, check_probability, is_probability, resolve};
use crate::game::{Constraint, Game};
use crate::scenario::formula::Formula;
use crate::scenario::schema::RawConstraint;
use crate::text::{echo, number};
use std::ops::Range;
use toml::Spanned;

/// Constraints named in a message about a combination before the rest are only counted.
const MAX_NAMED_CONSTRAINTS: usize = 4;

/// A constraint that passed its own checks, with what the combination check needs.
pub(super) struct Accepted {
    index: usize,
    pub(super) constraint: Constraint,
    /// Its probability at the scenario's parameter values.
    probability: f64,
    forbid_span: Range<usize>,
}

/// Bit mask of every action of a player with `count` actions (at most 64).
fn all_actions(count: usize) -> u64 {
    if count >= 64 {
        u64::MAX
    } else {
        (1u64 << count) - 1
    }
}

impl Validator<'_> {
    /// One constraint checked on its own, or `None` after recording why it cannot be used.
    pub(super) fn constraint(
        &self,
        raw: &Spanned<RawConstraint>,
        index: usize,
        game: &Game,
        names_ok: bool,
    ) -> Option<Accepted> {
        let source = self.source;
        let field = format!("game.constraints[{index}]");
        let raw = raw.get_ref();
        let player = self.player(
            &game.players,
            names_ok,
            &raw.player,
            &format!("{field}.player"),
        );
        let probability = match &raw.probability {
            Some(probability) => {
                let probability_field = format!("{field}.probability");
                self.number(probability, &probability_field)
                    .and_then(|(formula, value)| {
                        self.check(check_probability(
                            source,
                            probability.span(),
                            &probability_field,
                            value,
                        ))
                        .map(|value| (formula, value))
                    })
                    .filter(|(formula, _)| {
                        self.later_rounds(
                            probability,
                            &probability_field,
                            formula,
                            is_probability,
                            PROBABILITY,
                        )
                    })
            }
            None => Some((Formula::constant(1.0), 1.0)),
        };
        // Labels are the player's: without a player they cannot be checked.
        let player = player?;
        let actions = &game.actions[player];
        let action =
            |label: &Spanned<String>, field: &str| resolve(source, actions, label, field, "action");
        if raw.forbid.get_ref().is_empty() {
            self.report(source.problem(
                raw.forbid.span(),
                format!("{field}.forbid"),
                "lists no action to forbid",
            ));
            return None;
        }
        let mut forbidden = 0u64;
        let mut labels_ok = true;
        for (index, label) in raw.forbid.get_ref().iter().enumerate() {
            // Below 64 (MAX_ACTIONS), so the shift cannot overflow.
            match self.check(action(label, &format!("{field}.forbid[{index}]"))) {
                Some(action) => forbidden |= 1u64 << action,
                None => labels_ok = false,
            }
        }
        let fallback = raw
            .fallback
            .as_ref()
            .and_then(|label| self.check(action(label, &format!("{field}.fallback"))));
        if !labels_ok {
            return None;
        }
        if forbidden == all_actions(actions.len()) {
            self.report(source.problem(
                raw.forbid.span(),
                format!("{field}.forbid"),
                "forbids every action; at least one must stay allowed",
            ));
            return None;
        }
        // Not every action is forbidden, so a zero bit exists below the action count. It also
        // stands in for a rejected fallback, so the constraint still takes part in the
        // combination check (no experiment is built once an error is recorded).
        let first_allowed = (!forbidden).trailing_zeros() as usize;
        let fallback = match (fallback, &raw.fallback) {
            (Some(fallback), Some(label)) if forbidden >> fallback & 1 == 1 => {
                self.report(source.problem(
                    label.span(),
                    format!("{field}.fallback"),
                    format!(
                        "`{}` is itself forbidden by this constraint",
                        echo(label.get_ref())
                    ),
                ));
                first_allowed
            }
            (Some(fallback), _) => fallback,
            (None, _) => first_allowed,
        };
        let (probability, value) = probability?;
        Some(Accepted {
            index,
            constraint: Constraint {
                player,
                forbidden,
                probability,
                fallback,
            },
            probability: value,
            forbid_span: raw.forbid.span(),
        })
    }

    /// Constraints are drawn independently each round, so any set of those with a positive
    /// probability may hold at once, and what they forbid together is the union of what each
    /// forbids. The union only grows with the set, so if all of a player's constraints together
    /// leave an action, every combination does; this walks them in file order and reports the
    /// first constraint that completes a cover, at its `forbid`, naming earlier ones that do it.
    pub(super) fn check_combinations(&self, accepted: &[Accepted], game: &Game) {
        for (player, actions) in game.actions.iter().enumerate() {
            let all = all_actions(actions.len());
            // Earlier constraints of this player that may hold and forbid something no earlier
            // one does (at most one per action, so naming a cover stays cheap however many
            // constraints a file holds); one that completes a cover is reported, not kept, so
            // each conflict is reported once.
            let mut holding: Vec<&Accepted> = Vec::new();
            // What `holding` forbids together.
            let mut held = 0u64;
            for current in accepted
                .iter()
                .filter(|a| a.constraint.player == player && a.probability > 0.0)
            {
                let forbidden = current.constraint.forbidden;
                if held | forbidden != all {
                    if held | forbidden != held {
                        held |= forbidden;
                        holding.push(current);
                    }
                    continue;
                }
                let others = cover(all & !current.constraint.forbidden, &holding);
                // A 64-action player may need 63 others; name a few, count the rest.
                let mut names: Vec<String> = others
                    .iter()
                    .take(MAX_NAMED_CONSTRAINTS)
                    .map(|other| format!("game.constraints[{}]", other.index))
                    .collect();
                if others.len() > MAX_NAMED_CONSTRAINTS {
                    names.push(format!("{} more", others.len() - MAX_NAMED_CONSTRAINTS));
                }
                let together = others.iter().fold(current.probability, |product, other| {
                    product * other.probability
                });
                // Every factor is positive, but their product can underflow to 0.
                let together = if together > 0.0 {
                    number(together)
                } else {
                    format!("below {}", number(f64::MIN_POSITIVE))
                };
                self.report(self.source.problem(
                    current.forbid_span.clone(),
                    format!("game.constraints[{}].forbid", current.index),
                    format!(
                        "together with {} forbids every action of {} when they hold at once \
                         (probability {} each round); at least one action must stay allowed",
                        names.join(" and "),
                        echo(&game.players[player]),
                        together
                    ),
                ));
            }
        }
    }
}

/// A few of `candidates` whose forbidden actions cover `needed`, in file order: greedily the
/// one that covers most of what is left (the smallest cover is NP-hard; a short one is enough
/// to name in a message).
fn cover<'a>(mut needed: u64, candidates: &[&'a Accepted]) -> Vec<&'a Accepted> {
    let mut chosen: Vec<&Accepted> = Vec::new();
    while needed != 0 {
        let best = candidates
            .iter()
            .copied()
            .max_by_key(|candidate| {
                // Ties go to the earlier constraint: `max_by_key` keeps the last maximum.
                (
                    (candidate.constraint.forbidden & needed).count_ones(),
                    std::cmp::Reverse(candidate.index),
                )
            })
            .filter(|candidate| candidate.constraint.forbidden & needed != 0);
        let Some(best) = best else { break };
        needed &= !best.constraint.forbidden;
        chosen.push(best);
    }
    chosen.sort_by_key(|candidate| candidate.index);
    chosen
}

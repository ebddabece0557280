//! Validation of `[game]`: players, actions, length, noise, payoffs and constraints.

use super::{
    MAX_ACTIONS, MAX_JOINT_ACTIONS, MAX_PAYOFF_MAGNITUDE, MAX_PLAYERS, MAX_ROUNDS, Result,
    Validator, check_probability, check_unique, resolve,
};
use crate::game::{Constraint, Game, Length};
use crate::scenario::formula::Formula;
use crate::scenario::nearest_name;
use crate::scenario::schema::{RawActions, RawConstraint, RawGame, RawPayoffTable};
use std::ops::Range;
use toml::Spanned;

impl Validator<'_> {
    pub(super) fn game(&self, raw: Spanned<RawGame>) -> Result<Game> {
        let game_span = raw.span();
        let raw = raw.into_inner();
        let source = self.source;

        let player_list = raw.players.get_ref();
        if player_list.len() < 2 || player_list.len() > MAX_PLAYERS {
            return Err(source.error(
                raw.players.span(),
                "game.players",
                format!(
                    "a game needs 2 to {MAX_PLAYERS} players, found {}",
                    player_list.len()
                ),
            ));
        }
        check_unique(source, player_list, "game.players", "player name")?;
        let players: Vec<String> = player_list.iter().map(|p| p.get_ref().clone()).collect();

        let length = self.length(&raw, game_span.clone())?;
        let actions = self.actions(raw.actions, &players)?;
        let joint_count = actions
            .iter()
            .try_fold(1usize, |total, labels| total.checked_mul(labels.len()))
            .filter(|total| *total <= MAX_JOINT_ACTIONS)
            .ok_or_else(|| {
                source.error(
                    game_span.clone(),
                    "game.actions",
                    format!("the game has more than {MAX_JOINT_ACTIONS} joint actions"),
                )
            })?;

        let mut game = Game {
            players,
            actions,
            payoffs: Vec::new(),
            length,
            noise: match &raw.noise {
                Some(noise) => {
                    check_probability(source, noise.span(), "game.noise", *noise.get_ref())?
                }
                None => 0.0,
            },
            constraints: Vec::new(),
        };
        game.payoffs = self.payoffs(&raw.payoffs, &game, joint_count)?;
        for (index, constraint) in raw.constraints.iter().enumerate() {
            let constraint = self.constraint(constraint, index, &game)?;
            game.constraints.push(constraint);
        }
        Ok(game)
    }

    fn actions(
        &self,
        raw: Option<Spanned<RawActions>>,
        players: &[String],
    ) -> Result<Vec<Vec<String>>> {
        let source = self.source;
        let check = |labels: &Spanned<Vec<Spanned<String>>>, field: &str| -> Result<Vec<String>> {
            let list = labels.get_ref();
            if list.len() < 2 || list.len() > MAX_ACTIONS {
                return Err(source.error(
                    labels.span(),
                    field,
                    format!(
                        "a player needs 2 to {MAX_ACTIONS} actions, found {}",
                        list.len()
                    ),
                ));
            }
            check_unique(source, list, field, "action label")?;
            if let Some(bad) = list.iter().find(|label| label.get_ref().contains(',')) {
                return Err(source.error(
                    bad.span(),
                    field,
                    "an action label must not contain `,`",
                ));
            }
            Ok(list.iter().map(|label| label.get_ref().clone()).collect())
        };
        let Some(raw) = raw else {
            return Ok(vec![vec!["C".to_string(), "D".to_string()]; players.len()]);
        };
        let span = raw.span();
        match raw.into_inner() {
            RawActions::Shared(list) => {
                let labels = check(&Spanned::new(span, list), "game.actions")?;
                Ok(vec![labels; players.len()])
            }
            RawActions::PerPlayer(table) => {
                let mut by_player: Vec<Option<Vec<String>>> = vec![None; players.len()];
                for (player, labels) in &table {
                    let field = format!("game.actions.{}", player.get_ref());
                    let index = resolve(source, players, player, &field, "player")?;
                    by_player[index] = Some(check(labels, &field)?);
                }
                by_player
                    .into_iter()
                    .zip(players)
                    .map(|(labels, player)| {
                        labels.ok_or_else(|| {
                            source.error(
                                span.clone(),
                                "game.actions",
                                format!("no actions listed for player `{player}`"),
                            )
                        })
                    })
                    .collect()
            }
        }
    }

    fn length(&self, raw: &RawGame, game_span: Range<usize>) -> Result<Length> {
        let source = self.source;
        let rounds_in_range = |value: &Spanned<i64>, field: &str| -> Result<u32> {
            let rounds = *value.get_ref();
            if (1..=MAX_ROUNDS).contains(&rounds) {
                Ok(rounds as u32)
            } else {
                Err(source.error(
                    value.span(),
                    field,
                    format!("must be between 1 and {MAX_ROUNDS}, found {rounds}"),
                ))
            }
        };
        match (&raw.rounds, &raw.continuation) {
            (Some(rounds), None) => {
                if let Some(max) = &raw.max_rounds {
                    return Err(source.error(
                        max.span(),
                        "game.max_rounds",
                        "`max_rounds` goes with `continuation`; a fixed-length game uses `rounds` alone",
                    ));
                }
                Ok(Length::Fixed(rounds_in_range(rounds, "game.rounds")?))
            }
            (None, Some(continuation)) => {
                let probability = check_probability(
                    source,
                    continuation.span(),
                    "game.continuation",
                    *continuation.get_ref(),
                )?;
                let max = raw.max_rounds.as_ref().ok_or_else(|| {
                    source.error(
                        continuation.span(),
                        "game.max_rounds",
                        "`continuation` needs `max_rounds`, the cap on a match's length",
                    )
                })?;
                Ok(Length::Continuation {
                    probability,
                    max_rounds: rounds_in_range(max, "game.max_rounds")?,
                })
            }
            (Some(rounds), Some(_)) => Err(source.error(
                rounds.span(),
                "game.rounds",
                "give either `rounds` (fixed length) or `continuation` with `max_rounds`, not both",
            )),
            (None, None) => Err(source.error(
                game_span,
                "game.rounds",
                "missing the match length: set `rounds`, or `continuation` with `max_rounds`",
            )),
        }
    }

    fn payoffs(
        &self,
        raw: &RawPayoffTable,
        game: &Game,
        joint_count: usize,
    ) -> Result<Vec<Formula>> {
        let source = self.source;
        let players = game.player_count();
        let mut table: Vec<Option<Formula>> = vec![None; joint_count * players];
        let mut seen_from: Vec<Option<String>> = vec![None; joint_count];
        // In file order, so a duplicate is reported at its second appearance.
        let mut rows: Vec<_> = raw.get_ref().iter().collect();
        rows.sort_by_key(|(key, _)| key.span().start);
        for (key, values) in rows {
            let field = format!("game.payoffs.\"{}\"", key.get_ref());
            let labels: Vec<&str> = key.get_ref().split(',').map(str::trim).collect();
            if labels.len() != players {
                return Err(source.error(
                    key.span(),
                    field,
                    format!(
                        "a joint action names one action per player ({players}), separated by `,`; \
                         found {}",
                        labels.len()
                    ),
                ));
            }
            let mut joint = Vec::with_capacity(players);
            for (player, label) in labels.iter().enumerate() {
                let known = &game.actions[player];
                let Some(index) = known.iter().position(|action| action == label) else {
                    let mut error = source.error(
                        key.span(),
                        field,
                        format!(
                            "`{label}` is not an action of {} (actions: {})",
                            game.players[player],
                            known.join(", ")
                        ),
                    );
                    error.suggestion = nearest_name(label, known);
                    return Err(error);
                };
                joint.push(index);
            }
            let joint_index = game.joint_index(&joint);
            if let Some(previous) = &seen_from[joint_index] {
                return Err(source.error(
                    key.span(),
                    field,
                    format!("this joint action is already given as \"{previous}\""),
                ));
            }
            seen_from[joint_index] = Some(key.get_ref().clone());
            if values.get_ref().len() != players {
                return Err(source.error(
                    values.span(),
                    field,
                    format!(
                        "needs one payoff per player ({players}), found {}",
                        values.get_ref().len()
                    ),
                ));
            }
            for (player, value) in values.get_ref().iter().enumerate() {
                let element = format!("{field}[{player}]");
                let (formula, number) = self.number(value, &element)?;
                if number.abs() > MAX_PAYOFF_MAGNITUDE {
                    return Err(self.source.error(
                        value.span(),
                        element,
                        format!(
                            "payoff {number:e} is larger in magnitude than {MAX_PAYOFF_MAGNITUDE:e}; \
                             sums over rounds and replicates would overflow or lose precision, \
                             so rescale the payoffs"
                        ),
                    ));
                }
                table[joint_index * players + player] = Some(formula);
            }
        }
        if let Some(missing) = seen_from.iter().position(Option::is_none) {
            let mut rest = missing;
            let mut labels = vec![""; players];
            for player in (0..players).rev() {
                let count = game.actions[player].len();
                labels[player] = &game.actions[player][rest % count];
                rest /= count;
            }
            let missing_count = seen_from.iter().filter(|seen| seen.is_none()).count();
            return Err(source.error(
                raw.span(),
                "game.payoffs",
                format!(
                    "missing the payoffs for \"{}\" ({missing_count} of {joint_count} joint actions \
                     missing); every joint action needs one",
                    labels.join(",")
                ),
            ));
        }
        Ok(table.into_iter().flatten().collect())
    }

    fn constraint(
        &self,
        raw: &Spanned<RawConstraint>,
        index: usize,
        game: &Game,
    ) -> Result<Constraint> {
        let source = self.source;
        let field = format!("game.constraints[{index}]");
        let raw = raw.get_ref();
        let player = resolve(
            source,
            &game.players,
            &raw.player,
            &format!("{field}.player"),
            "player",
        )?;
        let actions = &game.actions[player];
        let action =
            |label: &Spanned<String>, field: &str| resolve(source, actions, label, field, "action");
        if raw.forbid.get_ref().is_empty() {
            return Err(source.error(
                raw.forbid.span(),
                format!("{field}.forbid"),
                "lists no action to forbid",
            ));
        }
        let mut forbidden = 0u64;
        for (index, label) in raw.forbid.get_ref().iter().enumerate() {
            forbidden |= 1 << action(label, &format!("{field}.forbid[{index}]"))?;
        }
        let all = if actions.len() == 64 {
            u64::MAX
        } else {
            (1u64 << actions.len()) - 1
        };
        if forbidden == all {
            return Err(source.error(
                raw.forbid.span(),
                format!("{field}.forbid"),
                "forbids every action; at least one must stay allowed",
            ));
        }
        let fallback = match &raw.fallback {
            Some(label) => {
                let fallback = action(label, &format!("{field}.fallback"))?;
                if forbidden >> fallback & 1 == 1 {
                    return Err(source.error(
                        label.span(),
                        format!("{field}.fallback"),
                        format!(
                            "`{}` is itself forbidden by this constraint",
                            label.get_ref()
                        ),
                    ));
                }
                fallback
            }
            None => (!forbidden).trailing_zeros() as usize,
        };
        let probability = match &raw.probability {
            Some(probability) => {
                let probability_field = format!("{field}.probability");
                let (formula, value) = self.number(probability, &probability_field)?;
                check_probability(source, probability.span(), &probability_field, value)?;
                formula
            }
            None => Formula::constant(1.0),
        };
        Ok(Constraint {
            player,
            forbidden,
            probability,
            fallback,
        })
    }
}

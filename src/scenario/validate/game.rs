//! Validation of `[game]`: players, actions, length, noise and payoffs; the constraints are
//! checked in `constraints.rs` and the perception entries in `perception.rs`.

use super::constraints::Accepted;
use super::{
    Locate, MAX_ACTIONS, MAX_JOINT_ACTIONS, MAX_PAYOFF_MAGNITUDE, MAX_PLAYERS, MAX_ROUNDS,
    PROBABILITY, Result, Validator, check_probability, is_probability, key_segment,
};
use crate::game::{Game, Length};
use crate::scenario::formula::Formula;
use crate::scenario::nearest_name;
use crate::scenario::schema::{RawActions, RawGame, RawNumber, RawPayoffTable};
use crate::text::{echo, number};
use std::ops::Range;
use toml::Spanned;

/// The game as far as it could be validated: placeholders stand where parts were rejected, and
/// the flags say which parts later checks may rely on.
pub(super) struct CheckedGame {
    pub game: Game,
    /// Player names are distinct and clean, so a player absent from a table is really absent
    /// (and not the echo of a duplicate or misspelt name already reported).
    pub names_ok: bool,
    /// Every player's action labels are known.
    pub actions_ok: bool,
    /// Every payoff is known, so strategies that read the game can be built.
    pub payoffs_ok: bool,
}

impl Validator<'_> {
    /// Checks `[game]`. `None` when the players themselves are unusable (too few or too many),
    /// since every other part of the game and the strategies are written per player.
    pub(super) fn game(&self, raw: Spanned<RawGame>) -> Option<CheckedGame> {
        let game_span = raw.span();
        let raw = raw.into_inner();
        let source = self.source;

        // Length and noise do not depend on the players: check them whatever happens next.
        let length = self
            .check(self.length(&raw, game_span.clone()))
            .unwrap_or(Length::Fixed(1));
        self.max_rounds.set(length.max_rounds());
        let noise = match &raw.noise {
            // A plain number is told it is no probability, rather than that it is not finite.
            Some(noise) => match noise.get_ref() {
                RawNumber::Number(value) => self
                    .check(check_probability(
                        source,
                        noise.span(),
                        "game.noise",
                        *value,
                    ))
                    .map(Formula::constant),
                RawNumber::Formula(_) => self
                    .number(noise, "game.noise")
                    .and_then(|(formula, value)| {
                        self.check(check_probability(source, noise.span(), "game.noise", value))
                            .map(|_| formula)
                    })
                    .filter(|formula| {
                        self.later_rounds(noise, "game.noise", formula, is_probability, PROBABILITY)
                    }),
            }
            .unwrap_or(Formula::constant(0.0)),
            None => Formula::constant(0.0),
        };

        let player_list = raw.players.get_ref();
        if player_list.len() < 2 || player_list.len() > MAX_PLAYERS {
            self.report(source.problem(
                raw.players.span(),
                "game.players",
                format!(
                    "a game needs 2 to {MAX_PLAYERS} players, found {}",
                    player_list.len()
                ),
            ));
            return None;
        }
        let names_ok = self.check_unique(player_list, "game.players", "player name");
        let players: Vec<String> = player_list.iter().map(|p| p.get_ref().clone()).collect();

        let actions = self.actions(raw.actions, &players, names_ok);
        let actions_ok = actions.is_some();
        let mut game = Game {
            actions: actions
                .unwrap_or_else(|| vec![vec!["C".to_string(), "D".to_string()]; players.len()]),
            players,
            payoffs: Vec::new(),
            length,
            noise,
            constraints: Vec::new(),
            perceptions: Vec::new(),
            dynamics: Default::default(),
        };
        let joint_count = actions_ok
            .then(|| {
                let count = game
                    .actions
                    .iter()
                    .try_fold(1usize, |total, labels| total.checked_mul(labels.len()))
                    .filter(|total| *total <= MAX_JOINT_ACTIONS);
                if count.is_none() {
                    self.report(source.problem(
                        game_span.clone(),
                        "game.actions",
                        format!("the game has more than {MAX_JOINT_ACTIONS} joint actions"),
                    ));
                }
                count
            })
            .flatten();

        let payoffs = joint_count.and_then(|count| self.payoffs(&raw.payoffs, &game, count));
        let payoffs_ok = payoffs.is_some();
        game.payoffs = payoffs.unwrap_or_default();
        if actions_ok {
            let accepted: Vec<Accepted> = raw
                .constraints
                .iter()
                .enumerate()
                .filter_map(|(index, constraint)| {
                    self.constraint(constraint, index, &game, names_ok)
                })
                .collect();
            self.check_combinations(&accepted, &game);
            game.constraints = accepted
                .into_iter()
                .map(|accepted| accepted.constraint)
                .collect();
            game.perceptions = self.perceptions(&raw.perception, &game, names_ok);
        }
        Some(CheckedGame {
            game,
            names_ok,
            actions_ok,
            payoffs_ok,
        })
    }

    /// Every player's action labels, or `None` after recording what is wrong with them.
    fn actions(
        &self,
        raw: Option<Spanned<RawActions>>,
        players: &[String],
        names_ok: bool,
    ) -> Option<Vec<Vec<String>>> {
        let source = self.source;
        let check = |labels: &Spanned<Vec<Spanned<String>>>, field: &str| -> Option<Vec<String>> {
            let list = labels.get_ref();
            if list.len() < 2 || list.len() > MAX_ACTIONS {
                self.report(source.problem(
                    labels.span(),
                    field,
                    format!(
                        "a player needs 2 to {MAX_ACTIONS} actions, found {}",
                        list.len()
                    ),
                ));
                return None;
            }
            let mut ok = self.check_unique(list, field, "action label");
            for (index, label) in list.iter().enumerate() {
                // Payoff keys join labels with `,`.
                if label.get_ref().contains(',') {
                    self.report(source.problem(
                        label.span(),
                        format!("{field}[{index}]"),
                        "an action label must not contain `,`",
                    ));
                    ok = false;
                }
            }
            ok.then(|| list.iter().map(|label| label.get_ref().clone()).collect())
        };
        let Some(raw) = raw else {
            return Some(vec![vec!["C".to_string(), "D".to_string()]; players.len()]);
        };
        let span = raw.span();
        match raw.into_inner() {
            RawActions::Shared(list) => {
                let labels = check(&Spanned::new(span, list), "game.actions")?;
                Some(vec![labels; players.len()])
            }
            RawActions::PerPlayer(table) => {
                let mut by_player: Vec<Option<Vec<String>>> = vec![None; players.len()];
                let mut ok = true;
                let mut rows: Vec<_> = table.iter().collect();
                rows.sort_by_key(|(player, _)| player.span().start);
                for (player, labels) in rows {
                    let field = format!("game.actions.{}", key_segment(player.get_ref()));
                    let index = self.player(players, names_ok, player, &field);
                    let labels = check(labels, &field);
                    match (index, labels) {
                        (Some(index), Some(labels)) => by_player[index] = Some(labels),
                        _ => ok = false,
                    }
                }
                // A missing player is only certain when nothing above was rejected: a
                // misspelt or bad row already explains the gap.
                if ok && names_ok {
                    for (labels, player) in by_player.iter().zip(players) {
                        if labels.is_none() {
                            self.report(source.problem(
                                span.clone(),
                                "game.actions",
                                format!("no actions listed for player `{}`", echo(player)),
                            ));
                            ok = false;
                        }
                    }
                }
                if !ok {
                    return None;
                }
                by_player.into_iter().collect()
            }
        }
    }

    fn length(&self, raw: &RawGame, game_span: Range<usize>) -> Result<Length> {
        let source = self.source;
        let rounds_in_range = |value: &Spanned<i64>, field: &str| -> Result<u32> {
            let rounds = *value.get_ref();
            if (1..=MAX_ROUNDS).contains(&rounds) {
                // In range, so it fits: MAX_ROUNDS is far below u32::MAX.
                Ok(u32::try_from(rounds).unwrap_or(u32::MAX))
            } else {
                Err(source.problem(
                    value.span(),
                    field,
                    format!("must be between 1 and {MAX_ROUNDS}, found {rounds}"),
                ))
            }
        };
        match (&raw.rounds, &raw.continuation) {
            (Some(rounds), None) => {
                if let Some(max) = &raw.max_rounds {
                    return Err(source.problem(
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
                    source.problem(
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
            (Some(rounds), Some(_)) => Err(source.problem(
                rounds.span(),
                "game.rounds",
                "give either `rounds` (fixed length) or `continuation` with `max_rounds`, not both",
            )),
            (None, None) => Err(source.problem(
                game_span,
                "game.rounds",
                "missing the match length: set `rounds`, or `continuation` with `max_rounds`",
            )),
        }
    }

    /// Every payoff formula in `Game::payoffs` order, or `None` after recording the problems.
    fn payoffs(
        &self,
        raw: &RawPayoffTable,
        game: &Game,
        joint_count: usize,
    ) -> Option<Vec<Formula>> {
        let source = self.source;
        let players = game.player_count();
        // Rows as given; the full table (up to 2^16 joint actions times the players) is only
        // built once every row is known to be there.
        let mut given: Vec<(usize, Vec<Option<Formula>>)> = Vec::new();
        let mut seen_from: Vec<Option<String>> = vec![None; joint_count];
        let mut ok = true;
        // A key that names no joint action leaves a hole the "missing" check would report
        // again; it is only run when every key was understood.
        let mut keys_ok = true;
        // In file order, so a duplicate is reported at its second appearance.
        let mut rows: Vec<_> = raw.get_ref().iter().collect();
        rows.sort_by_key(|(key, _)| key.span().start);
        for (key, values) in rows {
            let field = format!("game.payoffs.\"{}\"", echo(key.get_ref()));
            let joint = self.joint_action(key, &field, game);
            // Formulas are checked even when the key is wrong: their mistakes are their own.
            let row_length_ok = values.get_ref().len() == players;
            if !row_length_ok {
                self.report(source.problem(
                    values.span(),
                    field.as_str(),
                    format!(
                        "needs one payoff per player ({players}), found {}",
                        values.get_ref().len()
                    ),
                ));
            }
            let mut row = Vec::with_capacity(players);
            for (player, value) in values.get_ref().iter().enumerate() {
                let element = format!("{field}[{player}]");
                let formula = self
                    .number(value, &element)
                    .and_then(|(formula, value_now)| {
                        let within = |value: f64| value.abs() <= MAX_PAYOFF_MAGNITUDE;
                        if within(value_now)
                            && !self.later_rounds(
                                value,
                                &element,
                                &formula,
                                within,
                                &format!(
                                    "a payoff must be a finite number at most {} in magnitude",
                                    number(MAX_PAYOFF_MAGNITUDE)
                                ),
                            )
                        {
                            None
                        } else if value_now.abs() > MAX_PAYOFF_MAGNITUDE {
                            self.report(source.problem(
                            value.span(),
                            element,
                            format!(
                                "payoff {} is larger in magnitude than {}; sums over rounds and \
                                 replicates would overflow or lose precision, so rescale the \
                                 payoffs",
                                number(value_now),
                                number(MAX_PAYOFF_MAGNITUDE)
                            ),
                        ));
                            None
                        } else {
                            Some(formula)
                        }
                    });
                row.push(formula);
            }
            let Some(joint_index) = joint else {
                keys_ok = false;
                ok = false;
                continue;
            };
            if let Some(previous) = &seen_from[joint_index] {
                self.report(source.problem(
                    key.span(),
                    field,
                    format!(
                        "this joint action is already given as \"{}\"",
                        echo(previous)
                    ),
                ));
                ok = false;
                continue;
            }
            seen_from[joint_index] = Some(key.get_ref().clone());
            if !row_length_ok || row.iter().any(Option::is_none) {
                ok = false;
                continue;
            }
            given.push((joint_index, row));
        }
        if keys_ok && let Some(missing) = seen_from.iter().position(Option::is_none) {
            let missing_count = seen_from.iter().filter(|seen| seen.is_none()).count();
            self.report(source.problem(
                raw.span(),
                "game.payoffs",
                format!(
                    "missing the payoffs for \"{}\" ({missing_count} of {joint_count} joint actions \
                     missing); every joint action needs one",
                    echo(&game.joint_label(missing))
                ),
            ));
            ok = false;
        }
        if !ok {
            return None;
        }
        let mut table: Vec<Option<Formula>> = vec![None; joint_count * players];
        for (joint_index, row) in given {
            for (player, formula) in row.into_iter().enumerate() {
                table[joint_index * players + player] = formula;
            }
        }
        table.into_iter().collect()
    }

    /// The joint action a payoff key names, or `None` after recording why it names none.
    fn joint_action(&self, key: &Spanned<String>, field: &str, game: &Game) -> Option<usize> {
        let source = self.source;
        let players = game.player_count();
        let labels: Vec<&str> = key.get_ref().split(',').map(str::trim).collect();
        if labels.len() != players {
            self.report(source.problem(
                key.span(),
                field,
                format!(
                    "a joint action names one action per player ({players}), separated by `,`; \
                     found {}",
                    labels.len()
                ),
            ));
            return None;
        }
        let mut joint = Vec::with_capacity(players);
        for (player, label) in labels.iter().enumerate() {
            let known = &game.actions[player];
            match known.iter().position(|action| action == label) {
                Some(index) => joint.push(index),
                None => {
                    let mut error = source.problem(
                        key.span(),
                        field,
                        format!(
                            "`{}` is not an action of {} (actions: {})",
                            echo(label),
                            echo(&game.players[player]),
                            super::known_list(known)
                        ),
                    );
                    error.suggestion = nearest_name(label, known).map(|name| echo(&name));
                    self.report(error);
                }
            }
        }
        (joint.len() == players).then(|| game.joint_index(&joint))
    }
}

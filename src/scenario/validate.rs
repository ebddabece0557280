//! Turns the raw scenario into an [`Experiment`]: resolves names, compiles formulas, checks every
//! value's range, and reports the first problem with its position and field.

use super::formula::{FUNCTIONS_AND_CONSTANTS, Formula, FormulaError};
use super::schema::{
    RawActions, RawCandidates, RawConstraint, RawGame, RawNumber, RawPayoffTable, RawScenario,
    RawStrategy,
};
use super::{ScenarioError, Source, nearest_name};
use crate::experiment::{Experiment, StrategySpec};
use crate::game::{Constraint, Game, Length};
use crate::strategy::registry::{self, StrategyArgs};
use crate::strategy::{Classifier, Perception};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::ops::Range;
use toml::Spanned;

/// Bounds that keep a scenario's memory and running time finite; each is far above any
/// published iterated-game study.
pub const MAX_PLAYERS: usize = 32;
pub const MAX_ACTIONS: usize = 64;
pub const MAX_JOINT_ACTIONS: usize = 1 << 16;
pub const MAX_ROUNDS: i64 = 1_000_000;
pub const MAX_REPLICATES: u64 = 1_000_000_000;
pub const MAX_CELLS: usize = 100_000;

const DEFAULT_REPLICATES: u64 = 100;

type Result<T> = std::result::Result<T, ScenarioError>;

struct Validator<'a> {
    source: &'a Source<'a>,
    parameter_names: Vec<String>,
    parameter_values: Vec<f64>,
}

pub(super) fn validate(raw: RawScenario, source: &Source) -> Result<Experiment> {
    let meta = raw.scenario.into_inner();
    let name = meta.name;
    check_folder_name(source, &name)?;
    let replicates = match meta.replicates {
        Some(replicates) => {
            let value = *replicates.get_ref();
            if value == 0 || value > MAX_REPLICATES {
                return Err(source.error(
                    replicates.span(),
                    "scenario.replicates",
                    format!("must be between 1 and {MAX_REPLICATES}, found {value}"),
                ));
            }
            value
        }
        None => DEFAULT_REPLICATES,
    };

    let mut validator = Validator {
        source,
        parameter_names: Vec::new(),
        parameter_values: Vec::new(),
    };
    if let Some(parameters) = raw.parameters {
        for (key, value) in parameters.into_inner() {
            validator.add_parameter(key, value)?;
        }
    }
    let game = validator.game(raw.game)?;
    let strategies_span = raw.strategies.span();
    let candidates = validator.strategies(raw.strategies, &game)?;
    let cell_count = candidates
        .iter()
        .try_fold(1usize, |total, options| total.checked_mul(options.len()))
        .filter(|total| *total <= MAX_CELLS);
    if cell_count.is_none() {
        return Err(source.error(
            strategies_span,
            "strategies",
            format!("the candidates make more than {MAX_CELLS} profiles"),
        ));
    }
    let cells = Experiment::build_cells(
        &validator.parameter_names,
        &validator.parameter_values,
        &game.players,
        &candidates,
    );
    Ok(Experiment {
        title: meta
            .title
            .map(Spanned::into_inner)
            .unwrap_or_else(|| name.get_ref().clone()),
        name: name.into_inner(),
        source_path: source.file.to_string(),
        source_sha256: crate::rng::hex(&Sha256::digest(source.text.as_bytes())),
        seed: meta.seed.map_or(0, Spanned::into_inner),
        replicates,
        parameter_names: validator.parameter_names,
        parameter_values: validator.parameter_values,
        game,
        candidates,
        cells,
    })
}

/// The name becomes a folder under `output/`, so it must be one plain path component.
fn check_folder_name(source: &Source, name: &Spanned<String>) -> Result<()> {
    let text = name.get_ref();
    let plain = !text.is_empty()
        && text.len() <= 100
        && !text.starts_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(())
    } else {
        Err(source.error(
            name.span(),
            "scenario.name",
            format!(
                "`{text}` cannot name an output folder: use 1 to 100 letters, digits, `-`, `_` \
                 or `.`, not starting with `.`"
            ),
        ))
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Finds `name` among `known`, or explains the miss with the nearest known name.
fn resolve(
    source: &Source,
    known: &[String],
    name: &Spanned<String>,
    field: &str,
    what: &str,
) -> Result<usize> {
    known
        .iter()
        .position(|candidate| candidate == name.get_ref())
        .ok_or_else(|| {
            let mut error = source.error(
                name.span(),
                field,
                format!(
                    "unknown {what} `{}` (known: {})",
                    name.get_ref(),
                    known.join(", ")
                ),
            );
            error.suggestion = nearest_name(name.get_ref(), known);
            error
        })
}

fn check_probability(source: &Source, span: Range<usize>, field: &str, value: f64) -> Result<f64> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(source.error(
            span,
            field,
            format!("must be a probability in [0, 1], found {value}"),
        ))
    }
}

fn check_unique(source: &Source, items: &[Spanned<String>], field: &str, what: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        if item.get_ref().trim().is_empty() {
            return Err(source.error(
                item.span(),
                format!("{field}[{index}]"),
                format!("{what} must not be empty"),
            ));
        }
        // Names are matched exactly elsewhere (payoff keys, constraints, strategies), where a
        // stray space would make " D" a different action from "D".
        if item.get_ref().trim() != item.get_ref() {
            return Err(source.error(
                item.span(),
                format!("{field}[{index}]"),
                format!("{what} `{}` starts or ends with spaces", item.get_ref()),
            ));
        }
        if !seen.insert(item.get_ref().as_str()) {
            return Err(source.error(
                item.span(),
                format!("{field}[{index}]"),
                format!("duplicate {what} `{}`", item.get_ref()),
            ));
        }
    }
    Ok(())
}

impl Validator<'_> {
    fn add_parameter(&mut self, key: Spanned<String>, value: Spanned<f64>) -> Result<()> {
        let field = format!("parameters.{}", key.get_ref());
        if !is_identifier(key.get_ref())
            || FUNCTIONS_AND_CONSTANTS.contains(&key.get_ref().as_str())
        {
            return Err(self.source.error(
                key.span(),
                field,
                "a parameter name must be an identifier (letters, digits, `_`) and not a \
                 function name",
            ));
        }
        if !value.get_ref().is_finite() {
            return Err(self.source.error(
                value.span(),
                field,
                format!("must be a finite number, found {}", value.get_ref()),
            ));
        }
        self.parameter_names.push(key.into_inner());
        self.parameter_values.push(value.into_inner());
        Ok(())
    }

    /// Compiles a number or formula and evaluates it at the scenario's parameter values.
    fn number(&self, raw: &Spanned<RawNumber>, field: &str) -> Result<(Formula, f64)> {
        let formula = match raw.get_ref() {
            RawNumber::Number(value) => Formula::constant(*value),
            RawNumber::Formula(text) => Formula::compile(text, &self.parameter_names)
                .map_err(|error| self.formula_error(raw.span(), field, error))?,
        };
        let value = formula.evaluate(&self.parameter_values);
        if !value.is_finite() {
            let shown = match raw.get_ref() {
                RawNumber::Number(value) => value.to_string(),
                RawNumber::Formula(text) => format!("`{text}`"),
            };
            return Err(self.source.error(
                raw.span(),
                field,
                format!("{shown} evaluates to {value}; it must be a finite number"),
            ));
        }
        Ok((formula, value))
    }

    fn formula_error(&self, span: Range<usize>, field: &str, error: FormulaError) -> ScenarioError {
        let at =
            super::locate::string_offset(self.source.text, span.start, error.offset).min(span.end);
        let mut located = self
            .source
            .error(at..at, field, format!("formula: {}", error.message));
        located.suggestion = error.suggestion;
        located
    }

    fn game(&self, raw: Spanned<RawGame>) -> Result<Game> {
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
                let (formula, _) = self.number(value, &format!("{field}[{player}]"))?;
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

    fn strategies(&self, raw: RawCandidates, game: &Game) -> Result<Vec<Vec<StrategySpec>>> {
        let source = self.source;
        let span = raw.span();
        let payoffs = game.evaluate_payoffs(&self.parameter_values);
        let mut candidates: Vec<Option<Vec<StrategySpec>>> = vec![None; game.player_count()];
        let mut by_player: Vec<_> = raw.into_inner().into_iter().collect();
        by_player.sort_by_key(|(player, _)| player.span().start);
        for (player_name, entries) in by_player {
            let field = format!("strategies.{}", player_name.get_ref());
            let player = resolve(source, &game.players, &player_name, &field, "player")?;
            if entries.get_ref().is_empty() {
                return Err(source.error(entries.span(), field, "lists no strategy"));
            }
            let mut specs: Vec<StrategySpec> = Vec::new();
            for (index, entry) in entries.get_ref().iter().enumerate() {
                let entry_field = format!("{field}[{index}]");
                let spec = self.strategy(entry, &entry_field, player, game, &payoffs)?;
                if specs.iter().any(|other| other.label == spec.label) {
                    return Err(source.error(
                        entry.span(),
                        entry_field,
                        format!(
                            "duplicate strategy label `{}` for {}; give one of them a distinct `name`",
                            spec.label,
                            game.players[player]
                        ),
                    ));
                }
                specs.push(spec);
            }
            candidates[player] = Some(specs);
        }
        candidates
            .into_iter()
            .zip(&game.players)
            .map(|(specs, player)| {
                specs.ok_or_else(|| {
                    source.error(
                        span.clone(),
                        "strategies",
                        format!("no strategy candidates for player `{player}`"),
                    )
                })
            })
            .collect()
    }

    fn strategy(
        &self,
        raw: &Spanned<RawStrategy>,
        field: &str,
        player: usize,
        game: &Game,
        payoffs: &[f64],
    ) -> Result<StrategySpec> {
        let source = self.source;
        let (kind, label, args, target) = match raw.get_ref() {
            RawStrategy::Named(name) => (
                Spanned::new(raw.span(), name.clone()),
                name.clone(),
                StrategyArgs::default(),
                None,
            ),
            RawStrategy::Table(table) => {
                let args = StrategyArgs {
                    p: table.p.as_ref().map(|p| p.get_ref().0.clone()),
                    first: table.first.as_ref().map(|first| *first.get_ref()),
                    phi: table.phi.as_ref().map(|phi| *phi.get_ref()),
                    s: table.s.as_ref().map(|s| *s.get_ref()),
                };
                let label = table.name.as_ref().map_or_else(
                    || table.kind.get_ref().clone(),
                    |name| name.get_ref().clone(),
                );
                if label.trim().is_empty() {
                    return Err(source.error(
                        raw.span(),
                        format!("{field}.name"),
                        "a strategy label must not be empty",
                    ));
                }
                (table.kind.clone(), label, args, table.target.as_ref())
            }
        };
        let entry = registry::lookup(kind.get_ref()).ok_or_else(|| {
            let mut error = source.error(
                kind.span(),
                field,
                format!(
                    "unknown strategy `{}` (`dilemma strategies` lists them)",
                    kind.get_ref()
                ),
            );
            error.suggestion = nearest_name(kind.get_ref(), registry::all_names());
            error
        })?;
        if let Some(bad) = [args.first, args.phi, args.s]
            .into_iter()
            .flatten()
            .chain(args.p.iter().flatten().copied())
            .find(|value| !value.is_finite())
        {
            return Err(source.error(
                raw.span(),
                field,
                format!("parameter value {bad} is not a finite number"),
            ));
        }
        if game.actions[player].len() != 2 {
            return Err(source.error(
                raw.span(),
                field,
                format!(
                    "`{}` chooses between cooperating (the first action) and defecting (the \
                     second); {} has {} actions",
                    entry.name,
                    game.players[player],
                    game.actions[player].len()
                ),
            ));
        }
        let perception = match target {
            Some(target) => {
                let other = resolve(
                    source,
                    &game.players,
                    target,
                    &format!("{field}.target"),
                    "player",
                )?;
                if other == player {
                    return Err(source.error(
                        target.span(),
                        format!("{field}.target"),
                        "a strategy cannot target its own player",
                    ));
                }
                Perception::Target(other)
            }
            None if game.player_count() == 2 => Perception::Target(1 - player),
            None => Perception::AnyOther,
        };
        let policy = entry
            .build(&args, game.rspt(player, payoffs))
            .map_err(|message| source.error(raw.span(), field, message))?;
        Ok(StrategySpec {
            label,
            entry,
            args,
            perception,
            policy,
            classifier: Classifier {
                stochastic: policy.is_stochastic(),
                ..entry.classifier
            },
        })
    }
}

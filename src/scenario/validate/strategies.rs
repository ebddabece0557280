//! Validation of `[strategies]`: each player's candidates, resolved against the registry.

use super::{Result, Validator, resolve};
use crate::experiment::StrategySpec;
use crate::game::Game;
use crate::scenario::nearest_name;
use crate::scenario::schema::{RawCandidates, RawStrategy};
use crate::strategy::registry::{self, StrategyArgs};
use crate::strategy::{Classifier, Perception};
use toml::Spanned;

impl Validator<'_> {
    pub(super) fn strategies(
        &self,
        raw: RawCandidates,
        game: &Game,
    ) -> Result<Vec<Vec<StrategySpec>>> {
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

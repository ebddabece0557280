//! Validation of whom a two-action strategy watches in a game of three or more players: one
//! `target`, or an aggregate rule (`watch = "any" | "all" | "majority"`, `at_least = k`), and
//! which of the watched players' actions count as defection (`hostile`).

use super::{Locate, Problem, Validator, known_list};
use crate::game::Game;
use crate::scenario::nearest_name;
use crate::scenario::schema::{RawStrategyTable, RawWatch};
use crate::strategy::Watch;
use crate::text::echo;

/// The aggregate rules `watch` accepts.
const RULES: [&str; 3] = ["any", "all", "majority"];

/// Whom the strategy watches, and its `hostile` masks per player (`None` for the default).
pub(super) type Watching = (Watch, Option<Vec<u64>>);

impl Validator<'_> {
    /// The watch rule and hostile actions of a two-action strategy for `player`, or `None`
    /// after recording what is wrong. `table` is `None` for a strategy given by name.
    pub(super) fn watching(
        &self,
        table: Option<&RawStrategyTable>,
        field: &str,
        game: &Game,
        names_ok: bool,
        player: usize,
    ) -> Option<Watching> {
        let source = self.source;
        let others = game.player_count().saturating_sub(1);
        let default = if game.player_count() == 2 {
            Watch::Target(1 - player)
        } else {
            Watch::AtLeast(1)
        };
        let Some(table) = table else {
            return Some((default, None));
        };
        // At most one of target, watch and at_least: each says whom to watch.
        let mut given: Vec<(usize, &str)> = Vec::new();
        if let Some(target) = &table.target {
            given.push((target.span().start, "target"));
        }
        if let Some(watch) = &table.watch {
            given.push((watch.span().start, "watch"));
        }
        if let Some(at_least) = &table.at_least {
            given.push((at_least.span().start, "at_least"));
        }
        given.sort();
        if let [(_, first), (start, second), ..] = given.as_slice() {
            let span = [
                table.target.as_ref().map(|t| t.span()),
                table.watch.as_ref().map(|w| w.span()),
                table.at_least.as_ref().map(|a| a.span()),
            ]
            .into_iter()
            .flatten()
            .find(|span| span.start == *start)
            .unwrap_or_default();
            self.report(source.problem(
                span,
                format!("{field}.{second}"),
                format!(
                    "give one of `target`, `watch` and `at_least`: `{first}` already says whom \
                     the strategy watches"
                ),
            ));
            return None;
        }
        let aggregate_span = table
            .watch
            .as_ref()
            .map(|watch| (watch.span(), "watch"))
            .or_else(|| table.at_least.as_ref().map(|a| (a.span(), "at_least")));
        if game.player_count() == 2
            && let Some((span, key)) = aggregate_span
        {
            self.report(source.problem(
                span,
                format!("{field}.{key}"),
                format!(
                    "in a two-player game a strategy watches the one other player; `{key}` is \
                     for games of three or more players, remove it"
                ),
            ));
            return None;
        }
        let watch = if let Some(target) = &table.target {
            let other = self.player(&game.players, names_ok, target, &format!("{field}.target"))?;
            if other == player {
                self.report(source.problem(
                    target.span(),
                    format!("{field}.target"),
                    "a strategy cannot target its own player",
                ));
                return None;
            }
            Watch::Target(other)
        } else if let Some(watch) = &table.watch {
            let field = format!("{field}.watch");
            match watch.get_ref() {
                RawWatch::Rule(rule) => match rule.as_str() {
                    "any" => Watch::AtLeast(1),
                    "all" => Watch::AtLeast(others as u32),
                    "majority" => Watch::AtLeast((others / 2 + 1) as u32),
                    _ => {
                        let mut problem = source.problem(
                            watch.span(),
                            field,
                            format!(
                                "unknown rule `{}`: `watch` is \"any\", \"all\" or \"majority\" \
                                 of the other players defecting (or write `at_least = k`)",
                                echo(rule)
                            ),
                        );
                        problem.suggestion = nearest_name(rule, RULES);
                        self.report(problem);
                        return None;
                    }
                },
                RawWatch::Players(_) => {
                    self.report(source.problem(
                        watch.span(),
                        field,
                        "a list of players is for `reply`; a two-action strategy watches one \
                         `target` or a rule over all the others, e.g. watch = \"majority\"",
                    ));
                    return None;
                }
            }
        } else if let Some(at_least) = &table.at_least {
            let count = *at_least.get_ref();
            if count < 1 || count > others as i64 {
                self.report(source.problem(
                    at_least.span(),
                    format!("{field}.at_least"),
                    format!(
                        "at_least = {count}, but {} watches {others} other players: give 1 to \
                         {others}",
                        echo(&game.players[player])
                    ),
                ));
                return None;
            }
            Watch::AtLeast(count as u32)
        } else {
            default
        };
        let hostile = match &table.hostile {
            None => None,
            Some(hostile) => {
                let watched: Vec<usize> = match watch {
                    Watch::Target(other) => vec![other],
                    Watch::AtLeast(_) => {
                        (0..game.player_count()).filter(|&q| q != player).collect()
                    }
                };
                Some(self.check(hostile_masks(
                    source,
                    hostile,
                    &format!("{field}.hostile"),
                    game,
                    &watched,
                ))?)
            }
        };
        Some((watch, hostile))
    }
}

/// Per player, the bits of the `hostile` labels among its actions: watched players get the
/// labels they have, the others keep the default (every action but the first), which their
/// watcher never reads.
fn hostile_masks(
    source: &crate::scenario::Source,
    hostile: &toml::Spanned<Vec<toml::Spanned<String>>>,
    field: &str,
    game: &Game,
    watched: &[usize],
) -> Result<Vec<u64>, Problem> {
    if hostile.get_ref().is_empty() {
        return Err(source.problem(
            hostile.span(),
            field,
            "lists no action; name the watched players' actions that count as defection, \
             e.g. hostile = [\"D\"]",
        ));
    }
    let mut known: Vec<String> = Vec::new();
    for &q in watched {
        for label in &game.actions[q] {
            if !known.contains(label) {
                known.push(label.clone());
            }
        }
    }
    for (index, label) in hostile.get_ref().iter().enumerate() {
        if !known.contains(label.get_ref()) {
            let whose = match watched {
                [only] => format!("{}'s", echo(&game.players[*only])),
                _ => "the watched players'".to_string(),
            };
            let mut problem = source.problem(
                label.span(),
                format!("{field}[{index}]"),
                format!(
                    "`{}` is not among {whose} actions ({})",
                    echo(label.get_ref()),
                    known_list(&known)
                ),
            );
            problem.suggestion = nearest_name(label.get_ref(), &known).map(|name| echo(&name));
            return Err(problem);
        }
    }
    Ok((0..game.player_count())
        .map(|q| {
            let actions = &game.actions[q];
            if watched.contains(&q) {
                actions
                    .iter()
                    .enumerate()
                    .filter(|(_, label)| hostile.get_ref().iter().any(|h| h.get_ref() == *label))
                    .fold(0u64, |mask, (action, _)| mask | 1 << action)
            } else {
                let all = u64::MAX >> (64 - actions.len().clamp(1, 64));
                all & !1
            }
        })
        .collect())
}

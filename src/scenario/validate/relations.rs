//! Validation of `[relations]`: each key a pair of two different players named once, each
//! value a list of that pair's joint actions, and in a three-player game every pair named.

use super::game::CheckedGame;
use super::{Locate, Validator, key_segment, known_list, resolve};
use crate::game::relations::{Pair, Relations, pattern_bit};
use crate::names::nearest_name;
use crate::scenario::schema::RawRelations;
use crate::text::echo;
use std::sync::Arc;

impl Validator<'_> {
    /// The compiled relations, or `None` without the table or after recording a problem (or
    /// when the players or actions they name were themselves rejected).
    pub(super) fn relations(
        &self,
        raw: Option<RawRelations>,
        game: Option<&CheckedGame>,
    ) -> Option<Arc<Relations>> {
        let raw = raw?;
        let table_span = raw.span();
        let game = game?;
        let players = &game.game.players;
        let actions = &game.game.actions;
        // In file order, as the report and relations.csv's columns are.
        let mut entries: Vec<_> = raw.into_inner().into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let mut pairs: Vec<Pair> = Vec::new();
        let mut clean = true;
        for (key, labels) in entries {
            let field = format!("relations.{}", key_segment(key.get_ref()));
            let names: Vec<&str> = key.get_ref().split(',').collect();
            let [first_name, second_name] = names.as_slice() else {
                self.report(self.source.problem(
                    key.span(),
                    field,
                    format!(
                        "`{}` must name two players joined by \",\" (e.g. \"{}\"); found {} \
                         part{}",
                        echo(key.get_ref()),
                        echo(&players[..2.min(players.len())].join(",")),
                        names.len(),
                        if names.len() == 1 { "" } else { "s" }
                    ),
                ));
                clean = false;
                continue;
            };
            let mut resolve_player = |name: &str| {
                let spanned = toml::Spanned::new(key.span(), name.to_string());
                match resolve(self.source, players, &spanned, &field, "player") {
                    Ok(index) => Some(index),
                    Err(error) => {
                        if game.names_ok {
                            self.report(error);
                        }
                        clean = false;
                        None
                    }
                }
            };
            let (Some(first), Some(second)) =
                (resolve_player(first_name), resolve_player(second_name))
            else {
                continue;
            };
            if first == second {
                self.report(self.source.problem(
                    key.span(),
                    &field,
                    format!(
                        "a pair needs two different players; `{}` names {} twice",
                        echo(key.get_ref()),
                        echo(&players[first])
                    ),
                ));
                clean = false;
                continue;
            }
            if let Some(earlier) = pairs.iter().find(|pair| {
                (pair.first, pair.second) == (first, second)
                    || (pair.first, pair.second) == (second, first)
            }) {
                self.report(self.source.problem(
                    key.span(),
                    &field,
                    format!(
                        "the pair {} and {} is already named (as \"{},{}\"); name each pair once",
                        echo(&players[first]),
                        echo(&players[second]),
                        echo(&players[earlier.first]),
                        echo(&players[earlier.second])
                    ),
                ));
                clean = false;
                continue;
            }
            let second_actions = actions[second].len();
            let mut amity = vec![false; actions[first].len() * second_actions];
            for (index, label) in labels.get_ref().iter().enumerate() {
                let at = format!("{field}[{index}]");
                let parts: Vec<&str> = label.get_ref().split(',').collect();
                let [a, b] = parts.as_slice() else {
                    self.report(self.source.problem(
                        label.span(),
                        at,
                        format!(
                            "`{}` must be a joint action of {} and {}: one action of each, \
                             joined by \",\" (e.g. \"{},{}\"); found {} part{}",
                            echo(label.get_ref()),
                            echo(&players[first]),
                            echo(&players[second]),
                            echo(&actions[first][0]),
                            echo(&actions[second][0]),
                            parts.len(),
                            if parts.len() == 1 { "" } else { "s" }
                        ),
                    ));
                    clean = false;
                    continue;
                };
                let action = |player: usize, written: &str| {
                    let known = &actions[player];
                    let found = known.iter().position(|action| action == written);
                    if found.is_none() && game.actions_ok {
                        let mut problem = self.source.problem(
                            label.span(),
                            &at,
                            format!(
                                "`{}` is not an action of {} (actions: {})",
                                echo(written),
                                echo(&players[player]),
                                known_list(known)
                            ),
                        );
                        // The whole label corrected, as it should be written.
                        problem.suggestion = nearest_name(written, known).map(|fixed| {
                            let (a, b) = if player == first {
                                (fixed.as_str(), *b)
                            } else {
                                (*a, fixed.as_str())
                            };
                            echo(&format!("{a},{b}"))
                        });
                        self.report(problem);
                    }
                    found
                };
                match (action(first, a), action(second, b)) {
                    (Some(a), Some(b)) => amity[a * second_actions + b] = true,
                    _ => clean = false,
                }
            }
            pairs.push(Pair {
                first,
                second,
                amity,
                second_actions,
                bit: pattern_bit(first, second),
            });
        }
        let triangle = players.len() == 3;
        if triangle && clean {
            for (a, b) in [(0, 1), (0, 2), (1, 2)] {
                let named = pairs
                    .iter()
                    .any(|pair| pattern_bit(pair.first, pair.second) == pattern_bit(a, b));
                if !named {
                    self.report(self.source.problem(
                        table_span.clone(),
                        "relations",
                        format!(
                            "a three-player game needs every pair in [relations]; the pair \
                             \"{},{}\" is missing (give it `[]` if it is never in amity)",
                            echo(&players[a]),
                            echo(&players[b])
                        ),
                    ));
                    clean = false;
                }
            }
        }
        (clean && !pairs.is_empty()).then(|| Arc::new(Relations { pairs, triangle }))
    }
}

//! `dilemma compare`: a scenario's game played as a tournament of the strategies named on the
//! command line, rewritten into the scenario before validation so every check applies.

use super::ScenarioError;
use super::schema::{RawScenario, RawStrategy, RawTournament};
use crate::names::nearest_name;
use crate::strategy::registry;
use crate::text::echo;
use std::collections::BTreeMap;
use toml::Spanned;

/// Most strategies one comparison names: a round robin of this many is 125,250 matches.
pub const MAX_COMPARED: usize = 500;

/// What `--strategies` asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// `--strategies a,b,c`: one population, a round robin.
    Population(Vec<String>),
    /// `--strategies Japan=a,b --strategies Russia=c,d`: each named player's candidates, a
    /// bipartite tournament (players not named keep their `[strategies]`).
    PerPlayer(Vec<(String, Vec<String>)>),
}

impl Comparison {
    /// Reads the values of every `--strategies` given, in order.
    pub fn parse(values: &[String]) -> Result<Comparison, String> {
        let split = |list: &str| -> Result<Vec<String>, String> {
            let names: Vec<String> = list.split(',').map(|n| n.trim().to_string()).collect();
            if names.iter().any(String::is_empty) {
                return Err(format!(
                    "--strategies `{}` has an empty name; separate names with single commas",
                    echo(list)
                ));
            }
            Ok(names)
        };
        let assigned = values.iter().filter(|v| v.contains('=')).count();
        if values.is_empty() {
            return Err("--strategies needs at least one list of strategy names".into());
        }
        let comparison = if assigned == 0 {
            let names: Vec<String> = values
                .iter()
                .map(|v| split(v))
                .collect::<Result<Vec<_>, _>>()?
                .concat();
            Comparison::Population(names)
        } else if assigned == values.len() {
            let mut lists: Vec<(String, Vec<String>)> = Vec::new();
            for value in values {
                let (player, list) = value.split_once('=').unwrap_or((value, ""));
                let player = player.trim().to_string();
                if lists.iter().any(|(known, _)| *known == player) {
                    return Err(format!(
                        "--strategies names player `{}` twice; give all its strategies in one list",
                        echo(&player)
                    ));
                }
                lists.push((player, split(list)?));
            }
            Comparison::PerPlayer(lists)
        } else {
            return Err(
                "--strategies takes either one population (`a,b,c`, a round robin) or a list \
                 per player (`Japan=a,b`), not both"
                    .into(),
            );
        };
        let lists: Vec<&Vec<String>> = match &comparison {
            Comparison::Population(names) => vec![names],
            Comparison::PerPlayer(lists) => lists.iter().map(|(_, names)| names).collect(),
        };
        for names in lists {
            if names.len() > MAX_COMPARED {
                return Err(format!(
                    "--strategies lists {} strategies; at most {MAX_COMPARED} are compared at once",
                    names.len()
                ));
            }
            for (at, name) in names.iter().enumerate() {
                if names[..at].contains(name) {
                    return Err(format!("--strategies lists `{}` twice", echo(name)));
                }
            }
        }
        Ok(comparison)
    }
}

fn usage(message: String, suggestion: Option<String>) -> ScenarioError {
    ScenarioError {
        file: "--strategies".into(),
        position: None,
        field: String::new(),
        message,
        suggestion,
    }
}

/// A candidate's label as validation will give it: its `name`, else its kind or name.
fn label(strategy: &RawStrategy) -> String {
    match strategy {
        RawStrategy::Named(name) => name.clone(),
        RawStrategy::Table(table) => table
            .name
            .as_ref()
            .map_or_else(|| table.kind.get_ref().clone(), |n| n.get_ref().clone()),
    }
}

/// Rewrites `raw` so that it plays the comparison as a tournament. A name is a candidate the
/// scenario defines (by its label, so custom strategies can be compared) or a library strategy.
pub(super) fn apply(raw: &mut RawScenario, comparison: &Comparison) -> Result<(), ScenarioError> {
    let mut defined: Vec<(String, Spanned<RawStrategy>)> = Vec::new();
    let listed = raw
        .strategies
        .iter()
        .flat_map(|table| table.get_ref().values())
        .chain(
            raw.tournament
                .iter()
                .filter_map(|t| t.get_ref().strategies.as_ref()),
        );
    for list in listed {
        for entry in list.get_ref() {
            let name = label(entry.get_ref());
            if !defined.iter().any(|(known, _)| *known == name) {
                defined.push((name, entry.clone()));
            }
        }
    }
    let resolve = |name: &String| -> Result<Spanned<RawStrategy>, ScenarioError> {
        if let Some((_, entry)) = defined.iter().find(|(known, _)| known == name) {
            return Ok(entry.clone());
        }
        if registry::lookup(name).is_some() {
            return Ok(Spanned::new(0..0, RawStrategy::Named(name.clone())));
        }
        let known: Vec<String> = defined
            .iter()
            .map(|(known, _)| known.clone())
            .chain(registry::all_names().map(String::from))
            .collect();
        Err(usage(
            format!(
                "unknown strategy `{}`: name a library strategy (`dilemma strategies` lists \
                 them) or a candidate the scenario defines",
                echo(name)
            ),
            nearest_name(name, known).map(|n| echo(&n)),
        ))
    };
    let resolve_all = |names: &[String]| -> Result<Vec<Spanned<RawStrategy>>, ScenarioError> {
        names.iter().map(resolve).collect()
    };
    match comparison {
        Comparison::Population(names) => {
            let population = resolve_all(names)?;
            raw.strategies = None;
            raw.tournament = Some(Spanned::new(
                0..0,
                RawTournament {
                    kind: Some(Spanned::new(0..0, "round_robin".into())),
                    strategies: Some(Spanned::new(0..0, population)),
                },
            ));
        }
        Comparison::PerPlayer(lists) => {
            let players: Vec<String> = raw
                .game
                .get_ref()
                .players
                .get_ref()
                .iter()
                .map(|p| p.get_ref().clone())
                .collect();
            let mut table: BTreeMap<Spanned<String>, _> = raw
                .strategies
                .take()
                .map(Spanned::into_inner)
                .unwrap_or_default();
            for (player, names) in lists {
                if !players.contains(player) {
                    return Err(usage(
                        format!(
                            "--strategies names player `{}`, but the game's players are {}",
                            echo(player),
                            players
                                .iter()
                                .map(|p| echo(p))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        nearest_name(player, &players).map(|n| echo(&n)),
                    ));
                }
                table.retain(|key, _| key.get_ref() != player);
                table.insert(
                    Spanned::new(0..0, player.clone()),
                    Spanned::new(0..0, resolve_all(names)?),
                );
            }
            raw.strategies = Some(Spanned::new(0..0, table));
            raw.tournament = Some(Spanned::new(
                0..0,
                RawTournament {
                    kind: Some(Spanned::new(0..0, "bipartite".into())),
                    strategies: None,
                },
            ));
        }
    }
    Ok(())
}

/// Errors about the tournament that `--strategies` wrote into the scenario point at the
/// command line, not at the file's first character.
pub(super) fn blame_command_line(errors: &mut super::ScenarioErrors) {
    for error in &mut errors.0 {
        if error.field.starts_with("tournament") && error.position == Some((1, 1)) {
            error.file = "--strategies".into();
            error.position = None;
            error.field = String::new();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(values: &[&str]) -> Result<Comparison, String> {
        Comparison::parse(&values.iter().map(|v| v.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn a_list_is_a_population_and_assignments_are_per_player() {
        assert_eq!(
            parse(&["tit_for_tat, grudger", "joss"]).unwrap(),
            Comparison::Population(vec!["tit_for_tat".into(), "grudger".into(), "joss".into()])
        );
        assert_eq!(
            parse(&["Japan=a,b", "Russia=c"]).unwrap(),
            Comparison::PerPlayer(vec![
                ("Japan".into(), vec!["a".into(), "b".into()]),
                ("Russia".into(), vec!["c".into()]),
            ])
        );
    }

    #[test]
    fn mixed_forms_empty_names_and_repeats_are_refused() {
        assert!(parse(&["a,b", "Japan=c"]).unwrap_err().contains("not both"));
        assert!(parse(&["a,,b"]).unwrap_err().contains("empty name"));
        assert!(parse(&["a,b,a"]).unwrap_err().contains("twice"));
        assert!(parse(&["J=a", "J=b"]).unwrap_err().contains("twice"));
        assert!(parse(&[]).is_err());
        let many: Vec<String> = (0..=MAX_COMPARED).map(|i| format!("s{i}")).collect();
        assert!(
            parse(&[many.join(",").as_str()])
                .unwrap_err()
                .contains("at most")
        );
    }
}

//! `[tournament]`: which kind, whose candidates, and whether the game allows it (a round robin
//! needs two interchangeable players; neither kind takes a sweep or more than two players).

use super::game::CheckedGame;
use super::{Locate, Validator, echo, resolve};
use crate::experiment::{Cell, StrategySpec};
use crate::game::Game;
use crate::scenario::schema::{RawCandidates, RawTournament};
use crate::tournament::{TournamentKind, TournamentSpec};
use std::collections::BTreeMap;
use toml::Spanned;

const KINDS: [&str; 2] = ["round_robin", "bipartite"];

impl Validator<'_> {
    /// The candidate lists to compile: `[strategies]`, or a round robin's population given as
    /// `[tournament] strategies`, listed once per player. `None` after reporting that there
    /// are none, or both.
    pub(super) fn candidate_lists(
        &self,
        strategies: Option<RawCandidates>,
        tournament: Option<&Spanned<RawTournament>>,
        game: Option<&CheckedGame>,
    ) -> Option<RawCandidates> {
        let population = tournament.and_then(|t| t.get_ref().strategies.as_ref());
        match (strategies, population) {
            (Some(strategies), None) => Some(strategies),
            (Some(_), Some(population)) => {
                self.report(self.source.problem(
                    population.span(),
                    "tournament.strategies",
                    "the candidates are given twice: list a round robin's population here or \
                     each player's candidates in [strategies], not both",
                ));
                None
            }
            (None, Some(population)) => {
                let game = game.filter(|game| game.names_ok)?;
                let lists: BTreeMap<_, _> = game
                    .game
                    .players
                    .iter()
                    .map(|player| {
                        (
                            Spanned::new(population.span(), player.clone()),
                            population.clone(),
                        )
                    })
                    .collect();
                Some(Spanned::new(population.span(), lists))
            }
            (None, None) => {
                let at = tournament.map_or(0..0, Spanned::span);
                self.report(self.source.problem(
                    at,
                    "strategies",
                    "missing table [strategies]: each player's strategy candidates (or a round \
                     robin's population as `strategies` in [tournament])",
                ));
                None
            }
        }
    }

    /// `[tournament]` checked against the game and the candidates.
    pub(super) fn tournament(
        &self,
        raw: Option<Spanned<RawTournament>>,
        game: Option<&CheckedGame>,
        candidates: Option<&[Vec<StrategySpec>]>,
        sweeping: bool,
    ) -> Option<TournamentSpec> {
        let raw = raw?;
        let source = self.source;
        let table_span = raw.span();
        let raw = raw.into_inner();
        let population = raw.strategies.as_ref().map(Spanned::span);
        let kind = match &raw.kind {
            Some(kind) => {
                let known = KINDS.map(String::from);
                let index = self.check(resolve(
                    source,
                    &known,
                    kind,
                    "tournament.kind",
                    "tournament kind",
                ))?;
                [TournamentKind::RoundRobin, TournamentKind::Bipartite][index]
            }
            // A population is a round robin; two lists of candidates face each other.
            None if population.is_some() => TournamentKind::RoundRobin,
            None => TournamentKind::Bipartite,
        };
        let at = raw.kind.as_ref().map_or(table_span.clone(), Spanned::span);
        if sweeping {
            self.report(source.problem(
                table_span.clone(),
                "tournament",
                "a tournament runs at one parameter point and this scenario has a [sweep]: \
                 run the tournament at each value with `--set NAME=VALUE`, or drop the sweep",
            ));
        }
        if let (TournamentKind::Bipartite, Some(span)) = (kind, population.clone()) {
            self.report(source.problem(
                span,
                "tournament.strategies",
                "a bipartite tournament plays each player's candidates from [strategies]; a \
                 population listed here is for kind = \"round_robin\"",
            ));
            return None;
        }
        let game = game?;
        let players = game.game.player_count();
        if players != 2 {
            self.report(source.problem(
                at,
                "tournament.kind",
                format!(
                    "a tournament pits two players' strategies against each other; this game \
                     has {players} players"
                ),
            ));
            return None;
        }
        if kind == TournamentKind::RoundRobin {
            if game.actions_ok
                && game.payoffs_ok
                && let Some(reason) = asymmetry(&game.game, &self.start_slots)
            {
                self.report(source.problem(
                    at.clone(),
                    "tournament.kind",
                    format!(
                        "a round robin needs a symmetric game, in which the two players are \
                         interchangeable, but {reason}; a bipartite tournament ranks each \
                         player's candidates against the other's (kind = \"bipartite\", or \
                         `--strategies PLAYER=a,b` once per player with dilemma compare)"
                    ),
                ));
                return None;
            }
            let candidates = candidates?;
            let labels = |player: usize| -> Vec<&str> {
                candidates[player]
                    .iter()
                    .map(|spec| spec.label.as_str())
                    .collect()
            };
            if population.is_none() && labels(0) != labels(1) {
                self.report(source.problem(
                    at,
                    "tournament.kind",
                    format!(
                        "a round robin plays one population, but [strategies] lists different \
                         candidates for {} and {}; list the population once as `strategies` in \
                         [tournament]",
                        echo(&game.game.players[0]),
                        echo(&game.game.players[1])
                    ),
                ));
                return None;
            }
            if candidates[0].len() < 2 {
                self.report(source.problem(
                    population.unwrap_or(at),
                    "tournament.strategies",
                    "a round robin ranks strategies against each other: list at least two",
                ));
                return None;
            }
        }
        Some(TournamentSpec { kind })
    }
}

/// Keeps a round robin's matches: each unordered pair once, self-play included (the first
/// player's candidate never after the second's), numbered anew in order.
pub(super) fn keep_matches(tournament: &TournamentSpec, cells: &mut Vec<Cell>) {
    if tournament.kind == TournamentKind::RoundRobin {
        cells.retain(|cell| cell.profile[0] <= cell.profile[1]);
        for (index, cell) in cells.iter_mut().enumerate() {
            cell.index = index;
        }
    }
}

/// Why the two players of `game` are not interchangeable at these slot values (round 1), or
/// `None` when they are: the same actions, payoffs that mirror (u₁(a, b) = u₂(b, a)), and the
/// same constraints and perception noise.
pub fn asymmetry(game: &Game, slots: &[f64]) -> Option<String> {
    if game.actions[0] != game.actions[1] {
        return Some(format!(
            "{} and {} have different actions",
            echo(&game.players[0]),
            echo(&game.players[1])
        ));
    }
    let n = game.actions[0].len();
    let payoffs = game.payoffs_at(slots);
    for a in 0..n {
        for b in 0..n {
            let (first, second) = (payoffs[(a * n + b) * 2], payoffs[(b * n + a) * 2 + 1]);
            if first != second {
                return Some(format!(
                    "{} gets {first} at \"{},{}\" where {} gets {second} at \"{},{}\"",
                    echo(&game.players[0]),
                    echo(&game.actions[0][a]),
                    echo(&game.actions[0][b]),
                    echo(&game.players[1]),
                    echo(&game.actions[0][b]),
                    echo(&game.actions[0][a]),
                ));
            }
        }
    }
    let constraints = |player: usize| {
        let mut found: Vec<(u64, u64, usize)> = game
            .constraints
            .iter()
            .filter(|c| c.player == player)
            .map(|c| {
                (
                    c.forbidden,
                    c.probability.evaluate(slots).to_bits(),
                    c.fallback,
                )
            })
            .collect();
        found.sort_unstable();
        found
    };
    if constraints(0) != constraints(1) {
        return Some("the two players have different constraints".into());
    }
    let perceptions = |observer: usize| -> Vec<u64> {
        game.perceptions
            .iter()
            .filter(|p| p.observer == observer)
            .flat_map(|p| p.rates.iter().map(|rate| rate.evaluate(slots).to_bits()))
            .collect()
    };
    if perceptions(0) != perceptions(1) {
        return Some("the two players misread each other at different rates".into());
    }
    None
}

//! `[evolution]`: the evolving side and strategies, the initial population, and the Moran and
//! replicator settings, refused up front when the worst case would not finish in a day.

use super::game::CheckedGame;
use super::{Locate, Validator, echo, resolve};
use crate::evolution::moran::{MAX_POPULATION, MoranSettings, Update};
use crate::evolution::plan::EvolutionSpec;
use crate::experiment::StrategySpec;
use crate::scenario::schema::RawEvolution;
use crate::tournament::{TournamentKind, TournamentSpec};
use toml::Spanned;

/// Most runs of the Moran process.
pub const MAX_RUNS: i64 = 10_000_000;
/// Longest run.
pub const MAX_STEPS: i64 = 1_000_000_000;
/// Steps per second one thread takes with expected payoffs (benches/evolution.rs measured
/// about 46 M; a fifth of it leaves room for slower machines and larger populations), and
/// rounds per second of sampled matches (as `sim::budget`).
const STEPS_PER_SECOND: f64 = 10e6;
const ROUNDS_PER_SECOND: f64 = crate::sim::budget::ROUNDS_PER_SECOND_PER_THREAD;
const MAX_SECONDS: f64 = crate::sim::budget::MAX_SECONDS;

impl Validator<'_> {
    pub(super) fn evolution(
        &self,
        raw: Option<Spanned<RawEvolution>>,
        tournament: Option<&TournamentSpec>,
        game: Option<&CheckedGame>,
        candidates: Option<&[Vec<StrategySpec>]>,
    ) -> Option<EvolutionSpec> {
        let raw = raw?;
        let source = self.source;
        let span = raw.span();
        let raw = raw.into_inner();
        let Some(tournament) = tournament else {
            self.report(source.problem(
                span,
                "evolution",
                "[evolution] evolves a tournament's strategies: add [tournament] (a round \
                 robin's population, or kind = \"bipartite\" with `side` here)",
            ));
            return None;
        };
        let (game, candidates) = (game?, candidates?);
        let side = match (&raw.side, tournament.kind) {
            (Some(side), TournamentKind::RoundRobin) => {
                self.report(source.problem(
                    side.span(),
                    "evolution.side",
                    "a round robin has one population: leave `side` out",
                ));
                return None;
            }
            (Some(side), TournamentKind::Bipartite) => Some(self.check(resolve(
                source,
                &game.game.players,
                side,
                "evolution.side",
                "player",
            ))?),
            (None, TournamentKind::RoundRobin) => None,
            (None, TournamentKind::Bipartite) => {
                self.report(source.problem(
                    span,
                    "evolution.side",
                    format!(
                        "a bipartite tournament has two sides: name the player whose candidates \
                         evolve, e.g. side = \"{}\"",
                        echo(&game.game.players[0])
                    ),
                ));
                return None;
            }
        };
        let labels: Vec<String> = candidates[side.unwrap_or(0)]
            .iter()
            .map(|spec| spec.label.clone())
            .collect();
        let Some(initial) = raw.initial else {
            self.report(source.problem(
                span,
                "evolution.initial",
                format!(
                    "missing `initial`: individuals of each strategy at the start, e.g. \
                     initial = {{ {} = 5, {} = 5 }}",
                    echo(&labels[0]),
                    echo(labels.get(1).unwrap_or(&labels[0]))
                ),
            ));
            return None;
        };
        let initial_span = initial.span();
        let mut entries: Vec<_> = initial.into_inner().into_iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let mut strategies = Vec::new();
        let mut counts = Vec::new();
        let mut clean = true;
        for (label, count) in entries {
            let field = format!("evolution.initial.{}", super::key_segment(label.get_ref()));
            let Some(index) = self.check(resolve(source, &labels, &label, &field, "strategy"))
            else {
                clean = false;
                continue;
            };
            let value = *count.get_ref();
            if !(0..=MAX_POPULATION as i64).contains(&value) {
                self.report(source.problem(
                    count.span(),
                    field,
                    format!("must be a count from 0 to {MAX_POPULATION}, found {value}"),
                ));
                clean = false;
                continue;
            }
            strategies.push(index);
            counts.push(value as usize);
        }
        if !clean {
            return None;
        }
        if strategies.len() < 2 {
            self.report(source.problem(
                initial_span,
                "evolution.initial",
                "a population evolves between at least two strategies: list two or more (a \
                 count may be 0)",
            ));
            return None;
        }
        let population: usize = counts.iter().sum();
        if let Some(given) = &raw.population
            && *given.get_ref() != population as i64
        {
            self.report(source.problem(
                given.span(),
                "evolution.population",
                format!(
                    "the initial counts add up to {population}, not {}; the population is \
                     their sum (leave `population` out, or make them agree)",
                    given.get_ref()
                ),
            ));
            return None;
        }
        let update = match &raw.update {
            None => Update::BirthDeath,
            Some(update) => {
                let known = ["birth_death", "death_birth"].map(String::from);
                let index = self.check(resolve(
                    source,
                    &known,
                    update,
                    "evolution.update",
                    "update",
                ))?;
                [Update::BirthDeath, Update::DeathBirth][index]
            }
        };
        let sampled = match &raw.fitness {
            None => false,
            Some(fitness) => {
                let known = ["expected", "sampled"].map(String::from);
                let index = self.check(resolve(
                    source,
                    &known,
                    fitness,
                    "evolution.fitness",
                    "fitness",
                ))?;
                if index == 1 && side.is_some() {
                    self.report(source.problem(
                        fitness.span(),
                        "evolution.fitness",
                        "sampled fitness plays the evolving strategies against each other, as \
                         in a round robin; one side of a bipartite tournament meets the other \
                         side's candidates, whose mean payoffs are its fitness: use \"expected\"",
                    ));
                    return None;
                }
                index == 1
            }
        };
        let integer =
            |value: &Option<Spanned<i64>>, field: &str, low: i64, high: i64, default| match value {
                None => Some(default),
                Some(value) if (low..=high).contains(value.get_ref()) => Some(*value.get_ref()),
                Some(value) => {
                    self.report(source.problem(
                        value.span(),
                        field,
                        format!("must be from {low} to {high}, found {}", value.get_ref()),
                    ));
                    None
                }
            };
        let fraction = |value: &Option<Spanned<f64>>, field: &str, default| match value {
            None => Some(default),
            Some(value) if (0.0..=1.0).contains(value.get_ref()) => Some(*value.get_ref()),
            Some(value) => {
                self.report(source.problem(
                    value.span(),
                    field,
                    format!("must be from 0 to 1, found {}", value.get_ref()),
                ));
                None
            }
        };
        let runs = integer(&raw.runs, "evolution.runs", 1, MAX_RUNS, 1000);
        // Without mutation most runs fix long before this; with it every run takes it all.
        let default_steps = (1000 * population as i64).clamp(1000, MAX_STEPS);
        let max_steps = integer(
            &raw.max_steps,
            "evolution.max_steps",
            1,
            MAX_STEPS,
            default_steps,
        );
        let selection = fraction(&raw.selection, "evolution.selection", 1.0);
        let mutation = fraction(&raw.mutation, "evolution.mutation", 0.0);
        let time = match &raw.time {
            None => Some(100.0),
            Some(time)
                if time.get_ref().is_finite()
                    && (0.0..=1e6).contains(time.get_ref())
                    && *time.get_ref() > 0.0 =>
            {
                Some(*time.get_ref())
            }
            Some(time) => {
                self.report(source.problem(
                    time.span(),
                    "evolution.time",
                    format!(
                        "must be above 0 and at most 1000000, found {}",
                        time.get_ref()
                    ),
                ));
                None
            }
        };
        let (runs, max_steps, selection, mutation, time) =
            (runs?, max_steps?, selection?, mutation?, time?);
        let moran = MoranSettings {
            population,
            initial: counts,
            selection,
            mutation,
            update,
            runs: runs as u64,
            max_steps: max_steps as u64,
            seed: 0,
            trajectory_points: 0,
        };
        if let Err(message) = moran.check() {
            self.report(source.problem(span, "evolution", message));
            return None;
        }
        // The worst case: every run takes every step (with mutation, they do).
        let steps = runs as f64 * max_steps as f64;
        let seconds = if sampled {
            let matches = (population * (population - 1) / 2) as f64;
            steps * matches * crate::sim::budget::expected_rounds(game.game.length)
                / ROUNDS_PER_SECOND
        } else {
            steps / STEPS_PER_SECOND
        };
        if seconds > MAX_SECONDS {
            self.report(source.problem(
                span,
                "evolution",
                format!(
                    "the Moran process could take {runs} runs × {max_steps} steps{}: about {} \
                     hours at worst on one core, more than a day; lower `runs` or `max_steps`",
                    if sampled { " of sampled matches" } else { "" },
                    (seconds / 3600.0).round()
                ),
            ));
            return None;
        }
        Some(EvolutionSpec {
            side,
            strategies,
            moran,
            sampled,
            replicator_time: time,
        })
    }
}

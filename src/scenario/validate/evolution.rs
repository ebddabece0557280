//! `[evolution]`: the evolving side and strategies, the initial population, and the Moran and
//! replicator settings, refused up front when the worst case would not finish in a day, when a
//! fitness could be negative, or when the replicator would have to run too long: everything
//! that could fail once the tournament's payoffs are known is decided from the payoff table
//! before the run.

use super::game::CheckedGame;
use super::payoff_range::{PayoffRange, RANGE_EVALUATIONS};
use super::{Locate, Validator, echo, resolve};
use crate::evolution::field::{Field, MAX_SELECTION_TIME};
use crate::evolution::fixed_points::MAX_STRATEGIES;
use crate::evolution::moran::{MAX_POPULATION, MoranSettings, Update};
use crate::evolution::plan::EvolutionSpec;
use crate::experiment::StrategySpec;
use crate::scenario::schema::RawEvolution;
use crate::text::number;
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
        if strategies.len() > MAX_STRATEGIES {
            self.report(source.problem(
                initial_span,
                "evolution.initial",
                format!(
                    "{} strategies: the replicator's rest points are searched on every face of \
                     the simplex (2^K), for at most {MAX_STRATEGIES} strategies",
                    strategies.len()
                ),
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
        // A round robin's strategy earns either seat's payoffs; one side earns its own.
        let earners: Vec<usize> = match side {
            Some(side) => vec![side],
            None => (0..game.game.player_count()).collect(),
        };
        let range = self.payoff_range(&game.game, &earners);
        let selection_span = raw.selection.as_ref().map_or(span.clone(), Spanned::span);
        let time_span = raw.time.as_ref().map_or(span.clone(), Spanned::span);
        self.check(
            fitness_and_speed(
                &range,
                (selection, selection_span),
                mutation,
                (time, time_span),
                span.clone(),
            )
            .map_err(|(at, field, message)| source.problem(at, field, message)),
        )?;
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

/// A location, a field and a message: a problem before [`Locate`] makes it one.
type Refusal = (std::ops::Range<usize>, &'static str, String);

/// Refuses what could fail once the strategies' mean payoffs are known, from the range of the
/// payoffs they average: a negative fitness `1 − w + w·payoff` (at `selection`), and a
/// replicator run longer than [`MAX_SELECTION_TIME`] units of selection time (at `time`).
/// Payoffs that read a state variable, or are not finite, have no range to bound them with.
fn fitness_and_speed(
    range: &PayoffRange,
    (selection, selection_span): (f64, std::ops::Range<usize>),
    mutation: f64,
    (time, time_span): (f64, std::ops::Range<usize>),
    span: std::ops::Range<usize>,
) -> Result<(), Refusal> {
    let (lowest, highest) = match range {
        PayoffRange::Known { lowest, highest } => (lowest, highest),
        PayoffRange::ReadsState(at) => {
            return Err((
                span,
                "evolution",
                format!(
                    "{} reads a state variable, so the strategies' payoffs (and their fitness) \
                     are known only during play; [evolution] needs payoffs that depend on \
                     parameters and `round` only",
                    at.describe()
                ),
            ));
        }
        PayoffRange::NotFinite(at) => {
            return Err((
                span,
                "evolution",
                format!(
                    "{} is {}, so a strategy's mean payoff would not be a number",
                    at.describe(),
                    number(at.value)
                ),
            ));
        }
        PayoffRange::TooLong { evaluations } => {
            return Err((
                span,
                "evolution",
                format!(
                    "bounding the payoffs of `round` over every round of the match takes \
                     {evaluations} evaluations, more than {RANGE_EVALUATIONS}; shorten the match"
                ),
            ));
        }
        PayoffRange::Empty => {
            return Err((span, "evolution", "the game has no payoffs".into()));
        }
    };
    let lowest_fitness = 1.0 - selection + selection * lowest.value;
    if lowest_fitness < 0.0 {
        // 1 − w + w·p ≥ 0 ⇔ w ≤ 1/(1 − p) for p < 0; shown rounded down.
        let largest = 1.0 / (1.0 - lowest.value);
        let shown = (largest * 1e6).floor() / 1e6;
        return Err((
            selection_span,
            "evolution.selection",
            format!(
                "selection {} gives {} = {} a negative fitness 1 − w + w·payoff = {}, and a \
                 strategy's mean payoff can be as low as its smallest; use selection at most {} \
                 (1/(1 − ({}))), or shift the payoffs up",
                number(selection),
                lowest.describe(),
                number(lowest.value),
                number(lowest_fitness),
                number(shown),
                number(lowest.value)
            ),
        ));
    }
    let rate = Field::rate_bound(selection, mutation, lowest.value, highest.value);
    if time * rate > MAX_SELECTION_TIME {
        let longest = MAX_SELECTION_TIME / rate;
        let shown = significant_floor(longest, 3);
        return Err((
            time_span,
            "evolution.time",
            format!(
                "the replicator equations would run {:.3e} units of selection time, more than \
                 {MAX_SELECTION_TIME:e}: with payoffs from {} to {}, selection {} and mutation \
                 {} the shares can move at rate {} (w·(highest − lowest) + 2μ·largest fitness), \
                 so use time at most {}",
                time * rate,
                number(lowest.value),
                number(highest.value),
                number(selection),
                number(mutation),
                number(rate),
                number(shown)
            ),
        ));
    }
    Ok(())
}

/// `value` rounded down to `digits` significant digits.
fn significant_floor(value: f64, digits: i32) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return value;
    }
    let scale = 10f64.powi(digits - 1 - value.log10().floor() as i32);
    (value * scale).floor() / scale
}

//! A scenario's `[evolution]`: which tournament strategies evolve, with what settings, and the
//! run of the Moran process and the replicator equations on the tournament's payoff matrix.

use super::PayoffMatrix;
use super::field::Field;
use super::fixed_points::{FixedPoint, fixed_points};
use super::moran::{self, Fitness, MatchSampler, MoranResults, MoranSettings};
use super::replicator::{self, ContinuousSettings, DiscreteSettings, Trajectory};
use crate::experiment::Experiment;
use crate::game::Length;
use crate::game::dynamics::Level;
use crate::rng::cell_key;
use crate::scenario::formula::Formula;
use crate::sim::Progress;
use crate::sim::matchup::{MatchSpec, RoundOutcome, RoundSink};
use crate::tournament::TournamentResults;
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::sync::Arc;

/// Points of each trajectory written: enough for a smooth chart, few enough for a small table.
pub const TRAJECTORY_POINTS: usize = 200;

/// `[evolution]`, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct EvolutionSpec {
    /// The side whose strategies evolve: `None` for a round robin's population, else the
    /// player whose candidates evolve against the other player's (equally mixed).
    pub side: Option<usize>,
    /// The evolving strategies, as indices into the side's candidates, in `initial`'s order.
    pub strategies: Vec<usize>,
    /// The Moran process; `seed` is set from the run's seed when it starts.
    pub moran: MoranSettings,
    /// Each step plays fresh matches (a round robin only) instead of using the mean payoffs.
    pub sampled: bool,
    /// How long the replicator equations run (time, and generations of the discrete map).
    pub replicator_time: f64,
}

/// What `[evolution]` produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub matrix: PayoffMatrix,
    pub moran: MoranResults,
    pub continuous: Trajectory,
    pub discrete: Trajectory,
    pub fixed_points: Vec<FixedPoint>,
}

/// The evolving strategies' payoff matrix: a round robin's means, or for one side of a bipartite
/// tournament each strategy's mean over the partners, the same whoever it meets in its own
/// population (fitness does not depend on frequency).
pub fn matrix(spec: &EvolutionSpec, results: &TournamentResults) -> PayoffMatrix {
    let side_index = spec.side.unwrap_or(0);
    let side = &results.sides[side_index];
    let labels: Vec<String> = spec
        .strategies
        .iter()
        .map(|&i| side.strategies[i].clone())
        .collect();
    let values = spec
        .strategies
        .iter()
        .flat_map(|&i| {
            spec.strategies.iter().map(move |&j| match spec.side {
                None => side.pairing(i, j).estimate.mean,
                Some(_) => {
                    let partners = side.opponents.len().max(1) as f64;
                    (0..side.opponents.len())
                        .map(|p| side.pairing(i, p).estimate.mean)
                        .sum::<f64>()
                        / partners
                }
            })
        })
        .collect();
    PayoffMatrix::new(labels, values)
}

/// Plays a fresh match between two of a round robin's strategies for a sampled Moran step.
struct Matches {
    /// The compiled match of each pair of evolving strategies, `k × k` by (row, column); the
    /// two orders of a pair share one match (its cell holds the lower candidate first).
    pairs: Vec<Arc<MatchSpec>>,
    strategies: Vec<usize>,
}

/// Sums each player's payoffs over a match.
#[derive(Default)]
struct Totals {
    sums: [f64; 2],
    rounds: u64,
}

impl RoundSink for Totals {
    fn round(&mut self, _round: usize, outcome: &RoundOutcome<'_>) {
        self.sums[0] += outcome.payoffs[0];
        self.sums[1] += outcome.payoffs[1];
        self.rounds += 1;
    }
}

impl MatchSampler for Matches {
    fn sample(&self, row: usize, column: usize, rng: &mut ChaCha8Rng) -> (f64, f64) {
        let spec = &self.pairs[row * self.strategies.len() + column];
        let mut scratch = spec.scratch();
        let mut totals = Totals::default();
        spec.play(rng, &mut scratch, &mut totals);
        let rounds = totals.rounds.max(1) as f64;
        let (first, second) = (totals.sums[0] / rounds, totals.sums[1] / rounds);
        if self.strategies[row] <= self.strategies[column] {
            (first, second)
        } else {
            (second, first)
        }
    }
}

/// True when every match between the evolving strategies of a round robin plays out the same
/// way each time: neither strategy draws a random number, and nothing in the game does (no
/// noise, constraints that always or never hold, no misperception, a fixed length). Then each
/// sampled payoff is the pair's mean, and the sampled process is the expected-fitness one.
/// Conservative: a formula that changes with `round` counts as random.
fn deterministic_matches(experiment: &Experiment, strategies: &[usize]) -> bool {
    let game = &experiment.game;
    let constant = |formula: &Formula, values: &[f64]| {
        game.dynamics.level(formula) == Level::Fixed
            && values.contains(&formula.evaluate(&experiment.parameter_values))
    };
    matches!(game.length, Length::Fixed(_))
        && game.perceptions.is_empty()
        && constant(&game.noise, &[0.0])
        && game
            .constraints
            .iter()
            .all(|constraint| constant(&constraint.probability, &[0.0, 1.0]))
        && strategies.iter().all(|&strategy| {
            experiment.candidates[0]
                .get(strategy)
                .is_some_and(|spec| !spec.classifier.stochastic)
        })
}

/// Runs `[evolution]` on a finished tournament.
pub fn evolve(
    experiment: &Experiment,
    results: &TournamentResults,
    progress: &dyn Progress,
) -> Result<Option<Outcome>, String> {
    let Some(spec) = &experiment.evolution else {
        return Ok(None);
    };
    let matrix = matrix(spec, results);
    let mut settings = spec.moran.clone();
    settings.seed = experiment.seed;
    settings.trajectory_points = TRAJECTORY_POINTS;
    // The process's streams hang off its content, as a cell's do.
    let mut parts: Vec<Vec<u8>> = vec![b"evolution".to_vec()];
    for label in &matrix.labels {
        parts.push(label.as_bytes().to_vec());
    }
    parts.push(format!("{settings:?} sampled={}", spec.sampled).into_bytes());
    let key = cell_key(parts.iter().map(Vec::as_slice));
    let moran = if spec.sampled {
        let k = spec.strategies.len();
        let mut compiled: HashMap<(usize, usize), Arc<MatchSpec>> = HashMap::new();
        for cell in &experiment.cells {
            let pair = (cell.profile[0], cell.profile[1]);
            if spec.strategies.contains(&pair.0) && spec.strategies.contains(&pair.1) {
                compiled.insert(pair, Arc::new(MatchSpec::new(experiment, cell)));
            }
        }
        let pairs = (0..k * k)
            .map(|at| {
                let (a, b) = (spec.strategies[at / k], spec.strategies[at % k]);
                compiled
                    .get(&(a.min(b), a.max(b)))
                    .cloned()
                    .ok_or_else(|| format!("the tournament has no match of {a} and {b}"))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let sampler = Matches {
            pairs,
            strategies: spec.strategies.clone(),
        };
        let deterministic = deterministic_matches(experiment, &spec.strategies);
        moran::run(
            &settings,
            Fitness::Sampled {
                labels: &matrix.labels,
                sampler: &sampler,
                exact: deterministic.then_some(&matrix),
            },
            &key,
            progress,
        )?
    } else {
        moran::run(&settings, Fitness::Expected(&matrix), &key, progress)?
    };
    let population = settings.population as f64;
    let shares: Vec<f64> = settings
        .initial
        .iter()
        .map(|&count| count as f64 / population)
        .collect();
    let continuous = replicator::continuous(
        &matrix,
        &ContinuousSettings {
            selection: settings.selection,
            mutation: settings.mutation,
            ..ContinuousSettings::new(shares.clone(), spec.replicator_time, TRAJECTORY_POINTS)
        },
    )?;
    let discrete = replicator::discrete(
        &matrix,
        &DiscreteSettings {
            initial: shares,
            generations: (spec.replicator_time.ceil() as u64).max(1),
            points: TRAJECTORY_POINTS,
            selection: settings.selection,
            mutation: settings.mutation,
        },
    )?;
    let fixed_points = fixed_points(&Field::new(
        matrix.clone(),
        settings.selection,
        settings.mutation,
    ))?;
    Ok(Some(Outcome {
        matrix,
        moran,
        continuous,
        discrete,
        fixed_points,
    }))
}

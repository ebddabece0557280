//! The Moran process in a well-mixed population of N individuals and K strategies: runs in
//! parallel on deterministic streams, fixation counts and times, time-averaged shares and the
//! mean trajectory of the shares.
//!
//! One step replaces one individual:
//!
//! - birth–death (the textbook process of Nowak, Sasaki, Taylor and Fudenberg 2004): an
//!   individual is chosen to reproduce with probability proportional to its fitness, then one of
//!   all N (its parent included) is chosen uniformly to die and is replaced by the offspring;
//! - death–birth: one of the N is chosen uniformly to die, and the other N − 1 compete for its
//!   place with probability proportional to fitness.
//!
//! An individual of type i has fitness `1 − w + w·π_i`, with `π_i` its mean payoff against the
//! other N − 1 individuals (no self-interaction): `π_i = (Σ_j n_j a_ij − a_ii)/(N − 1)`. With
//! [`Fitness::Sampled`] every pair of individuals plays one fresh match each step, and `π` is the
//! individual's mean over its N − 1 matches; with [`Fitness::Expected`] the matches are replaced
//! by their expected payoffs (the same process, without match-to-match noise). When every
//! candidate's fitness is zero the choice is uniform.
//!
//! Relation to Axelrod-Python's `MoranProcess` (axelrod 4.14, `moran.py`, complete graph):
//! its fitness is an individual's total score (per-turn means summed over its N − 1 matches),
//! which chooses the parent exactly as our `w = 1` does. Its birth–death ("bd") also lets the
//! parent be the one replaced (death uniform over all N, the reproduction graph has loops), as
//! here. Its death–birth ("db") removes the dead individual before scoring, so the survivors'
//! fitness comes from matches among the N − 1 survivors only; here the dead individual's
//! payoffs still count (payoffs are earned before the death, as on graphs in Ohtsuki et al.
//! 2006), which makes a step's fitness one function of the state for both updates. Mutation is
//! the same: with probability μ the offspring takes a uniformly chosen other strategy.
//!
//! A run draws its randomness, in this order per step, from its own ChaCha8 stream
//! (`rng::replicate_rng(seed, key, run)`): birth–death draws the parent, then the mutation, then
//! the dead individual; death–birth draws the dead, the parent, then the mutation (a sampled
//! fitness plays its matches first, in pair order). Runs go in blocks on rayon's pool; every
//! statistic is an integer sum until the end, and blocks are merged in index order, so the
//! results are identical for any number of threads.

use super::exact;
use super::population::{Expected, Population, Sampled};
use super::{PayoffMatrix, check_fitness, wilson_interval};
use crate::rng::{CellKey, replicate_rng};
use crate::sim::Progress;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Who is replaced, and who reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Birth proportional to fitness, death uniform among all N.
    BirthDeath,
    /// Death uniform among all N, birth proportional to fitness among the other N − 1.
    DeathBirth,
}

impl Update {
    /// The name used in files: `birth_death` or `death_birth`.
    pub fn name(self) -> &'static str {
        match self {
            Update::BirthDeath => "birth_death",
            Update::DeathBirth => "death_birth",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MoranSettings {
    /// N.
    pub population: usize,
    /// The number of individuals of each strategy at the start; sums to N.
    pub initial: Vec<usize>,
    /// w in [0, 1]: 0 is neutral drift, 1 makes fitness the payoff.
    pub selection: f64,
    /// μ in [0, 1]: the chance an offspring takes another strategy.
    pub mutation: f64,
    pub update: Update,
    pub runs: u64,
    /// A run without mutation stops at fixation or here (then it counts as unfixed); with
    /// mutation every run takes this many steps.
    pub max_steps: u64,
    pub seed: u64,
    /// Points of the mean trajectory, evenly spaced from step 0 to the longest run; 0 for none
    /// (without mutation the trajectory needs a second pass over the runs, once the longest is
    /// known).
    pub trajectory_points: usize,
}

/// Most individuals: the counts are kept as `u32` in the hot loop and a sampled step plays
/// N(N − 1)/2 matches.
pub const MAX_POPULATION: usize = 1 << 20;

/// Most trajectory points: a chart shows a few hundred.
pub const MAX_TRAJECTORY_POINTS: usize = 100_000;

impl MoranSettings {
    /// Checks the settings on their own; the messages name the field as a scenario would.
    pub fn check(&self) -> Result<(), String> {
        if self.population < 2 {
            return Err(format!(
                "population must be at least 2, not {}",
                self.population
            ));
        }
        if self.population > MAX_POPULATION {
            return Err(format!(
                "population must be at most {MAX_POPULATION}, not {}",
                self.population
            ));
        }
        if self.initial.is_empty() {
            return Err("initial must give a count for each strategy".into());
        }
        let total: u128 = self.initial.iter().map(|&count| count as u128).sum();
        if total != self.population as u128 {
            return Err(format!(
                "initial counts sum to {total}, not the population {}",
                self.population
            ));
        }
        super::check_rates(self.selection, self.mutation)?;
        if self.runs == 0 {
            return Err("runs must be at least 1".into());
        }
        if self.max_steps == 0 {
            return Err("max_steps must be at least 1".into());
        }
        if self.trajectory_points == 1 || self.trajectory_points > MAX_TRAJECTORY_POINTS {
            return Err(format!(
                "trajectory_points must be 0 (none) or from 2 to {MAX_TRAJECTORY_POINTS}, not {}",
                self.trajectory_points
            ));
        }
        Ok(())
    }
}

/// Plays one match between two strategies for a sampled fitness.
pub trait MatchSampler: Sync {
    /// The per-round mean payoffs (row's, column's) of one freshly played match of strategy
    /// `row` against strategy `column`, drawing any randomness from `rng`.
    fn sample(&self, row: usize, column: usize, rng: &mut ChaCha8Rng) -> (f64, f64);
}

/// Where payoffs come from.
#[derive(Clone, Copy)]
pub enum Fitness<'a> {
    /// Each pair's expected payoff, computed once by the caller.
    Expected(&'a PayoffMatrix),
    /// A fresh match for every pair of individuals at every step (as Axelrod-Python does);
    /// `labels` names the sampler's strategies. A negative fitness counts as 0. `exact` is the
    /// matrix every sampled payoff equals when the matches are deterministic: the process is
    /// then the expected-fitness one, and so are its exact fixation probabilities. With random
    /// matches selection acts on noisy fitness, a different process, with no exact reference.
    Sampled {
        labels: &'a [String],
        sampler: &'a dyn MatchSampler,
        exact: Option<&'a PayoffMatrix>,
    },
}

impl Fitness<'_> {
    fn labels(&self) -> &[String] {
        match self {
            Fitness::Expected(matrix) => &matrix.labels,
            Fitness::Sampled { labels, .. } => labels,
        }
    }
}

/// One strategy's results.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategyOutcome {
    /// Runs that ended with the whole population of this strategy.
    pub fixations: u64,
    /// fixations / runs; NaN with mutation (nothing fixes).
    pub probability: f64,
    /// Wilson's 95% interval of the probability; NaN with mutation.
    pub ci95: (f64, f64),
    /// The exact fixation probability from the initial state, where one is known: two
    /// strategies, no mutation, expected fitness or deterministic matches (see [`exact`]).
    pub exact: Option<f64>,
    /// Steps to fixation over the runs that fixed on this strategy; NaN without such runs (the
    /// spread also with one).
    pub mean_steps: f64,
    pub sd_steps: f64,
    /// The strategy's share averaged over every step of every run (each run's states from step
    /// 0 to its last, pooled).
    pub mean_share: f64,
}

/// The mean share of each strategy at evenly spaced steps.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MoranTrajectory {
    pub steps: Vec<u64>,
    /// `shares[point * K + strategy]`: the share averaged over runs, a fixed run keeping its
    /// final state.
    pub shares: Vec<f64>,
}

impl MoranTrajectory {
    /// As a trajectory in time, for the writers and charts shared with the replicator.
    pub fn to_trajectory(&self) -> super::replicator::Trajectory {
        super::replicator::Trajectory {
            times: self.steps.iter().map(|&step| step as f64).collect(),
            shares: self.shares.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MoranResults {
    pub labels: Vec<String>,
    pub settings: MoranSettings,
    pub strategies: Vec<StrategyOutcome>,
    /// Runs that reached `max_steps` without fixing (every run, with mutation).
    pub unfixed: u64,
    /// The longest run in steps.
    pub longest: u64,
    pub trajectory: MoranTrajectory,
}

/// Runs per block: enough to amortise scheduling, few enough to balance two or more cores.
pub const BLOCK_RUNS: u64 = 64;

/// Bounds the memory of block tallies in flight (their trajectory sums dominate).
const MAX_TALLY_BYTES_IN_FLIGHT: usize = 64 << 20;

/// Checks the settings against the fitness source.
pub fn check(settings: &MoranSettings, fitness: &Fitness) -> Result<(), String> {
    settings.check()?;
    let k = fitness.labels().len();
    if settings.initial.len() != k {
        return Err(format!(
            "initial gives {} counts for {k} strategies",
            settings.initial.len()
        ));
    }
    if let Fitness::Expected(matrix) = fitness {
        matrix.check()?;
        check_fitness(matrix, settings.selection)?;
    }
    Ok(())
}

/// Runs the process `settings.runs` times on the current rayon pool.
pub fn run(
    settings: &MoranSettings,
    fitness: Fitness,
    key: &CellKey,
    progress: &dyn Progress,
) -> Result<MoranResults, String> {
    check(settings, &fitness)?;
    let k = settings.initial.len();
    let with_mutation = settings.mutation > 0.0;
    // With mutation every run is max_steps long, so the grid is known at once; without, the
    // longest run is known after a first pass, and a second pass replays the runs (the same
    // streams, the same paths) to sample them on the grid.
    let second_pass = settings.trajectory_points > 0 && !with_mutation;
    progress.begin(settings.runs.saturating_mul(1 + u64::from(second_pass)));
    let first_grid = if with_mutation {
        grid(settings.max_steps, settings.trajectory_points)
    } else {
        Vec::new()
    };
    let tally = execute(settings, fitness, key, &first_grid, progress);
    let (steps, trajectory) = if second_pass {
        let grid = grid(tally.longest, settings.trajectory_points);
        let replay = execute(settings, fitness, key, &grid, progress);
        (grid, replay.trajectory)
    } else {
        (first_grid, tally.trajectory.clone())
    };
    progress.end();
    let population = settings.population as f64;
    let runs = settings.runs as f64;
    let exact = exact_references(settings, &fitness);
    let strategies = (0..k)
        .map(|strategy| {
            let fixations = tally.fixations[strategy];
            let (probability, ci95) = if with_mutation {
                (f64::NAN, (f64::NAN, f64::NAN))
            } else {
                (
                    fixations as f64 / runs,
                    wilson_interval(fixations, settings.runs),
                )
            };
            let (mean_steps, sd_steps) = moments(
                fixations,
                tally.steps[strategy],
                tally.steps_squared[strategy],
            );
            StrategyOutcome {
                fixations,
                probability,
                ci95,
                exact: exact[strategy],
                mean_steps,
                sd_steps,
                mean_share: tally.occupancy[strategy] as f64 / (tally.time as f64 * population),
            }
        })
        .collect();
    Ok(MoranResults {
        labels: fitness.labels().to_vec(),
        settings: settings.clone(),
        strategies,
        unfixed: tally.unfixed,
        longest: tally.longest,
        trajectory: MoranTrajectory {
            steps,
            shares: trajectory
                .iter()
                .map(|&sum| sum as f64 / (runs * population))
                .collect(),
        },
    })
}

/// The exact fixation probability of each strategy, where one is known.
fn exact_references(settings: &MoranSettings, fitness: &Fitness) -> Vec<Option<f64>> {
    let k = settings.initial.len();
    let matrix = match fitness {
        Fitness::Expected(matrix) => *matrix,
        Fitness::Sampled {
            exact: Some(matrix),
            ..
        } => *matrix,
        Fitness::Sampled { exact: None, .. } => return vec![None; k],
    };
    if settings.mutation > 0.0 || matrix.check().is_err() || matrix.len() != k {
        return vec![None; k];
    }
    match k {
        1 => vec![Some(1.0)],
        2 => {
            let a = |i, j| matrix.get(i, j);
            let as_first = [a(0, 0), a(0, 1), a(1, 0), a(1, 1)];
            let as_second = [a(1, 1), a(1, 0), a(0, 1), a(0, 0)];
            let (n, w, update) = (settings.population, settings.selection, settings.update);
            // Each from its own side: 1 − ρ would lose a tiny probability to rounding.
            vec![
                exact::game_fixation(as_first, update, n, w, settings.initial[0]),
                exact::game_fixation(as_second, update, n, w, settings.initial[1]),
            ]
        }
        _ => vec![None; k],
    }
}

/// Mean and standard deviation from a count and integer sums; the variance's numerator
/// n·Σx² − (Σx)² is formed exactly in integers, so no cancellation.
fn moments(count: u64, sum: u128, sum_of_squares: u128) -> (f64, f64) {
    if count == 0 {
        return (f64::NAN, f64::NAN);
    }
    let n = count as u128;
    let mean = sum as f64 / count as f64;
    if count < 2 {
        return (mean, f64::NAN);
    }
    let numerator = n
        .saturating_mul(sum_of_squares)
        .saturating_sub(sum.saturating_mul(sum));
    let variance = numerator as f64 / (count as f64 * (count - 1) as f64);
    (mean, variance.sqrt())
}

/// `points` steps from 0 to `longest`, evenly spaced and rounded to whole steps (fewer when the
/// run is shorter than the points: every step then).
pub fn grid(longest: u64, points: usize) -> Vec<u64> {
    if points == 0 {
        return Vec::new();
    }
    let intervals = (points.max(2) - 1) as u128;
    let mut steps: Vec<u64> = (0..=intervals)
        .map(|point| ((point * longest as u128 + intervals / 2) / intervals) as u64)
        .collect();
    steps.dedup();
    steps
}

/// Integer sums over runs: independent of the order they are added in.
#[derive(Debug, Clone)]
struct Tally {
    fixations: Vec<u64>,
    steps: Vec<u128>,
    steps_squared: Vec<u128>,
    unfixed: u64,
    /// Σ over runs and states (steps 0..=last) of each strategy's count.
    occupancy: Vec<u128>,
    /// Σ over runs of the states counted in `occupancy`.
    time: u128,
    longest: u64,
    /// Σ over runs of each strategy's count at each grid point, `[point * K + strategy]`.
    trajectory: Vec<u64>,
}

impl Tally {
    fn new(k: usize, grid_points: usize) -> Tally {
        Tally {
            fixations: vec![0; k],
            steps: vec![0; k],
            steps_squared: vec![0; k],
            unfixed: 0,
            occupancy: vec![0; k],
            time: 0,
            longest: 0,
            trajectory: vec![0; k * grid_points],
        }
    }

    fn merge(&mut self, other: &Tally) {
        let add = |into: &mut [u64], from: &[u64]| {
            into.iter_mut().zip(from).for_each(|(a, b)| *a += b);
        };
        let add_wide = |into: &mut [u128], from: &[u128]| {
            into.iter_mut().zip(from).for_each(|(a, b)| *a += b);
        };
        add(&mut self.fixations, &other.fixations);
        add_wide(&mut self.steps, &other.steps);
        add_wide(&mut self.steps_squared, &other.steps_squared);
        add_wide(&mut self.occupancy, &other.occupancy);
        add(&mut self.trajectory, &other.trajectory);
        self.unfixed += other.unfixed;
        self.time += other.time;
        self.longest = self.longest.max(other.longest);
    }
}

/// Every run, in blocks, in waves of blocks whose tallies fit in memory; each wave's tallies
/// come back in block order and are merged in that order.
fn execute(
    settings: &MoranSettings,
    fitness: Fitness,
    key: &CellKey,
    grid: &[u64],
    progress: &dyn Progress,
) -> Tally {
    let k = settings.initial.len();
    let blocks = settings.runs.div_ceil(BLOCK_RUNS);
    let tally_bytes = (grid.len() * k * 8 + k * 64 + 256).max(1);
    let wave = (MAX_TALLY_BYTES_IN_FLIGHT / tally_bytes).clamp(1, 4096) as u64;
    let mut total = Tally::new(k, grid.len());
    let mut start = 0;
    while start < blocks {
        let end = (start + wave).min(blocks);
        let tallies: Vec<Tally> = (start..end)
            .into_par_iter()
            .map(|block| {
                let first = block * BLOCK_RUNS;
                let last = (first + BLOCK_RUNS).min(settings.runs);
                let tally = run_block(settings, fitness, key, grid, first..last);
                progress.advance(last - first);
                tally
            })
            .collect();
        for tally in &tallies {
            total.merge(tally);
        }
        start = end;
    }
    total
}

fn run_block(
    settings: &MoranSettings,
    fitness: Fitness,
    key: &CellKey,
    grid: &[u64],
    runs: std::ops::Range<u64>,
) -> Tally {
    // Generic over the population, so each fitness source gets its own compiled step loop.
    fn play_runs(
        settings: &MoranSettings,
        population: &mut impl Population,
        key: &CellKey,
        grid: &[u64],
        runs: std::ops::Range<u64>,
    ) -> Tally {
        let mut tally = Tally::new(settings.initial.len(), grid.len());
        let mut scratch = RunScratch::new(settings.initial.len());
        for run in runs {
            let mut rng = replicate_rng(settings.seed, key, run);
            play(
                settings,
                population,
                &mut rng,
                grid,
                &mut scratch,
                &mut tally,
            );
        }
        tally
    }
    match fitness {
        Fitness::Expected(matrix) => play_runs(
            settings,
            &mut Expected::new(settings, matrix),
            key,
            grid,
            runs,
        ),
        Fitness::Sampled { sampler, .. } => play_runs(
            settings,
            &mut Sampled::new(settings, sampler),
            key,
            grid,
            runs,
        ),
    }
}

/// Per-run bookkeeping, allocated once per block.
struct RunScratch {
    counts: Vec<u64>,
    /// The step since which each strategy has had its current count.
    since: Vec<u64>,
}

impl RunScratch {
    fn new(k: usize) -> RunScratch {
        RunScratch {
            counts: vec![0; k],
            since: vec![0; k],
        }
    }
}

fn play(
    settings: &MoranSettings,
    population: &mut impl Population,
    rng: &mut ChaCha8Rng,
    grid: &[u64],
    scratch: &mut RunScratch,
    tally: &mut Tally,
) {
    let k = settings.initial.len();
    let n = settings.population as u64;
    population.reset(&settings.initial);
    for (count, &initial) in scratch.counts.iter_mut().zip(&settings.initial) {
        *count = initial as u64;
    }
    scratch.since.fill(0);
    let record = |trajectory: &mut [u64], point: usize, counts: &[u64]| {
        let row = &mut trajectory[point * k..(point + 1) * k];
        row.iter_mut()
            .zip(counts)
            .for_each(|(sum, count)| *sum += count);
    };
    let mut next_point = 0;
    if grid.first() == Some(&0) {
        record(&mut tally.trajectory, 0, &scratch.counts);
        next_point = 1;
    }
    let fixes = settings.mutation == 0.0;
    let mut winner = if fixes {
        scratch.counts.iter().position(|&count| count == n)
    } else {
        None
    };
    let mut step = 0u64;
    while winner.is_none() && step < settings.max_steps {
        let (born, died) = population.step(rng);
        step += 1;
        if born != died {
            for (strategy, change) in [(born, 1i64), (died, -1)] {
                let count = &mut scratch.counts[strategy];
                tally.occupancy[strategy] +=
                    u128::from(*count) * u128::from(step - scratch.since[strategy]);
                scratch.since[strategy] = step;
                *count = count.wrapping_add_signed(change);
            }
            if fixes && scratch.counts[born] == n {
                winner = Some(born);
            }
        }
        while next_point < grid.len() && grid[next_point] == step {
            record(&mut tally.trajectory, next_point, &scratch.counts);
            next_point += 1;
        }
    }
    // The states of steps 0..=step: each strategy's count since its last change.
    for strategy in 0..k {
        tally.occupancy[strategy] +=
            u128::from(scratch.counts[strategy]) * u128::from(step + 1 - scratch.since[strategy]);
    }
    tally.time += u128::from(step) + 1;
    // A run that ended keeps its final state on the rest of the grid.
    while next_point < grid.len() {
        record(&mut tally.trajectory, next_point, &scratch.counts);
        next_point += 1;
    }
    tally.longest = tally.longest.max(step);
    match winner {
        Some(strategy) => {
            tally.fixations[strategy] += 1;
            tally.steps[strategy] += u128::from(step);
            tally.steps_squared[strategy] += u128::from(step) * u128::from(step);
        }
        None => tally.unfixed += 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_even_and_ends_at_the_longest_run() {
        assert_eq!(grid(100, 5), [0, 25, 50, 75, 100]);
        assert_eq!(grid(10, 4), [0, 3, 7, 10]);
        assert_eq!(grid(3, 10), [0, 1, 2, 3]);
        assert!(grid(10, 0).is_empty());
    }

    #[test]
    fn moments_are_exact_in_integers() {
        // Steps 10, 12, 14: mean 12, sample sd 2.
        assert_eq!(moments(3, 36, 100 + 144 + 196), (12.0, 2.0));
        let (mean, sd) = moments(1, 7, 49);
        assert!(mean == 7.0 && sd.is_nan());
        assert!(moments(0, 0, 0).0.is_nan());
    }

    #[test]
    fn settings_are_checked_with_readable_messages() {
        let good = MoranSettings {
            population: 10,
            initial: vec![9, 1],
            selection: 1.0,
            mutation: 0.0,
            update: Update::BirthDeath,
            runs: 10,
            max_steps: 100,
            seed: 0,
            trajectory_points: 0,
        };
        assert!(good.check().is_ok());
        let bad = |change: fn(&mut MoranSettings)| {
            let mut settings = good.clone();
            change(&mut settings);
            settings.check().unwrap_err()
        };
        assert!(bad(|s| s.population = 1).contains("at least 2"));
        assert!(bad(|s| s.initial = vec![5, 1]).contains("sum to 6"));
        assert!(bad(|s| s.selection = 1.5).contains("selection"));
        assert!(bad(|s| s.mutation = -0.1).contains("mutation"));
        assert!(bad(|s| s.selection = f64::NAN).contains("selection"));
        assert!(bad(|s| s.runs = 0).contains("runs"));
        assert!(bad(|s| s.max_steps = 0).contains("max_steps"));
        assert!(bad(|s| s.trajectory_points = 1).contains("trajectory_points"));
        let matrix = PayoffMatrix::new(vec!["A".into(), "B".into()], vec![-2.0, 0.0, 0.0, 1.0]);
        let negative = check(&good, &Fitness::Expected(&matrix)).unwrap_err();
        assert!(negative.contains("negative fitness"), "{negative}");
        let three = PayoffMatrix::new(vec!["A".into(), "B".into(), "C".into()], vec![1.0; 9]);
        assert!(
            check(&good, &Fitness::Expected(&three))
                .unwrap_err()
                .contains("2 counts")
        );
    }
}

//! Monte Carlo: every cell's replicates, in parallel, reduced in a fixed order.
//!
//! Replicates are grouped in blocks of [`BLOCK_REPLICATES`]. Blocks run on rayon's pool and come
//! back in index order; each is folded into its cell's accumulator sequentially. The block
//! boundaries depend only on the replicate count, so the floating-point sums are the same for
//! any number of threads.

pub mod budget;
pub mod dynamics;
pub mod matchup;
#[cfg(feature = "reference-path")]
pub mod reference;
pub mod student;
pub mod summary;

use crate::experiment::Experiment;
use crate::rng::replicate_rng;
use matchup::{MatchSpec, RoundSink, Scratch};
use rand::Rng;
use rayon::prelude::*;
use std::sync::Arc;
use summary::{CellAccumulator, CellSummary, Shape};

/// Replicates per block: large enough to amortise scheduling, small enough to balance 2+ cores.
pub const BLOCK_REPLICATES: u64 = 64;

/// Bounds the memory of blocks in flight, whatever the replicate count.
pub const MAX_BLOCK_BYTES_IN_FLIGHT: usize = 256 << 20;

/// Observes a run's progress; every method does nothing unless overridden.
pub trait Progress: Sync {
    fn begin(&self, _total_replicates: u64) {}
    fn advance(&self, _replicates: u64) {}
    fn end(&self) {}
}

/// Ignores progress.
pub struct Silent;
impl Progress for Silent {}

/// The results of every cell, in cell order.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub cells: Vec<CellSummary>,
}

pub fn shape_of(experiment: &Experiment) -> Shape {
    Shape::new(
        experiment.game.actions.iter().map(Vec::len).collect(),
        experiment.game.length.max_rounds() as usize,
    )
    .observing(experiment.game.observed_counts())
    .with_states(experiment.game.dynamics.states.len())
    .counting_joint(recorded_joint_actions(experiment))
    .with_relations(experiment.relations.clone())
    .keeping_replicates(experiment.tournament.is_some())
}

/// Most joint actions whose per-round shares a run records (joint.csv, joint_summary.csv).
/// Counting them costs 8 bytes per joint action and bin in every block accumulator: at 4096
/// (e.g. 3 players of 16 actions, 12 players of 2) a 1000-round match is 33 MB a block, which
/// the wave still bounds; past it the table, and a chart of its categories, stop being useful
/// (the shares are then mostly zeros), so a bigger game records none and says so.
pub const MAX_RECORDED_JOINT_ACTIONS: usize = 4096;

/// Joint actions a run of `experiment` counts per bin: all of them up to
/// [`MAX_RECORDED_JOINT_ACTIONS`], else none.
pub fn recorded_joint_actions(experiment: &Experiment) -> usize {
    let joint = experiment.game.joint_count();
    if joint <= MAX_RECORDED_JOINT_ACTIONS {
        joint
    } else {
        0
    }
}

/// Joint actions written per bin of a cell for more than [`JOINT_ALL_PLAYERS`] players: the
/// most frequent ones, then one `other` row.
pub const JOINT_TOP: usize = 32;

/// Up to this many players joint.csv lists every joint action (a rectangular table).
pub const JOINT_ALL_PLAYERS: usize = 3;

/// Rows joint.csv writes per cell and bin.
pub fn joint_rows_per_bin(players: usize, joint_actions: usize) -> usize {
    match joint_actions {
        0 => 0,
        joint if players <= JOINT_ALL_PLAYERS => joint,
        joint => joint.min(JOINT_TOP) + 1,
    }
}

/// Rows of the per-round tables (rounds.csv, joint.csv, relations.csv) that the automatic round
/// binning aims for, over all cells: rounds.csv of about 100 MB.
pub const AUTO_ROUND_ROWS: u128 = 1_000_000;

/// Bytes of the cells' per-round accumulators that the automatic binning aims for at most:
/// joint counts can make a row of few CSV lines hold thousands of slots.
pub const AUTO_ACCUMULATOR_BYTES: u128 = 64 << 20;

/// How a run records per-round statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoundBin {
    /// Every round while cells × rounds × (players + joint.csv's and relations.csv's rows per
    /// round) ≤ [`AUTO_ROUND_ROWS`] and the accumulators stay within
    /// [`AUTO_ACCUMULATOR_BYTES`], else bins of equal width that fit, at least one bin.
    #[default]
    Auto,
    /// This many rounds per row (at least 1).
    Rounds(u64),
}

impl RoundBin {
    /// Rounds per row for this experiment.
    pub fn width(self, experiment: &Experiment) -> usize {
        let max_rounds = experiment.game.length.max_rounds().max(1) as u128;
        let width = match self {
            RoundBin::Rounds(width) => u128::from(width),
            RoundBin::Auto => {
                let cells = experiment.cells.len() as u128;
                let players = experiment.game.player_count();
                let joint = recorded_joint_actions(experiment);
                let relations_rows = u128::from(experiment.relations.is_some());
                let rows_per_bin = cells
                    * (players as u128
                        + joint_rows_per_bin(players, joint) as u128
                        + relations_rows);
                let slots_per_bin = cells * shape_of(experiment).slots_per_row() as u128;
                let bins = (AUTO_ROUND_ROWS / rows_per_bin.max(1))
                    .min(AUTO_ACCUMULATOR_BYTES / 8 / slots_per_bin.max(1))
                    .max(1);
                max_rounds.div_ceil(bins)
            }
        };
        width.clamp(1, max_rounds) as usize
    }
}

/// Options of a run that are not part of the scenario.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    pub round_bin: RoundBin,
    /// Values each parameter point may tabulate by round; `None` for the budget of
    /// [`dynamics::tabulation_limit`]. Tests set 0 to evaluate every changing value in the loop.
    #[doc(hidden)]
    pub tabulation_limit: Option<usize>,
}

/// A cell's match as the Monte Carlo drives it: [`MatchSpec`], or the reference path that tests
/// hold it to.
pub trait CellMatch: Sync {
    /// Working memory, made once per block of replicates and reused for each of its matches.
    type Scratch;
    fn scratch(&self) -> Self::Scratch;
    /// Plays one match and returns the number of rounds played.
    fn play<R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        scratch: &mut Self::Scratch,
        sink: &mut S,
    ) -> usize;
}

impl CellMatch for MatchSpec {
    type Scratch = Scratch;

    fn scratch(&self) -> Scratch {
        MatchSpec::scratch(self)
    }

    #[inline]
    fn play<R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        scratch: &mut Scratch,
        sink: &mut S,
    ) -> usize {
        MatchSpec::play(self, rng, scratch, sink)
    }
}

/// Runs every replicate of every cell on the current rayon pool, with default options.
pub fn run(experiment: &Experiment, progress: &dyn Progress) -> Summary {
    run_with(experiment, &RunOptions::default(), progress)
}

/// Runs every replicate of every cell on the current rayon pool.
pub fn run_with(experiment: &Experiment, options: &RunOptions, progress: &dyn Progress) -> Summary {
    // The payoff table depends on the parameter point only: the cells of a point share one copy.
    let payoffs: Vec<Arc<[f64]>> = experiment
        .points
        .iter()
        .map(|values| experiment.game.evaluate_payoffs(values).into())
        .collect();
    // Schedules are tabulated once per point; the points share one memory budget.
    let limit = options
        .tabulation_limit
        .unwrap_or_else(|| dynamics::tabulation_limit(experiment.points.len()));
    let changing: Vec<Option<Arc<dynamics::PointDynamics>>> = experiment
        .points
        .iter()
        .map(|values| dynamics::PointDynamics::new(&experiment.game, values, limit).map(Arc::new))
        .collect();
    let specs: Vec<MatchSpec> = experiment
        .cells
        .iter()
        .map(
            |cell| match (payoffs.get(cell.point), changing.get(cell.point)) {
                (Some(shared), Some(changing)) => {
                    MatchSpec::with_point(experiment, cell, Arc::clone(shared), changing.clone())
                }
                // A hand-built experiment without points: the cell evaluates its own table.
                _ => MatchSpec::new(experiment, cell),
            },
        )
        .collect();
    run_cells(experiment, options, progress, &specs)
}

/// Runs every replicate of every cell, playing cell `c`'s matches with `matches[c]`.
fn run_cells<M: CellMatch>(
    experiment: &Experiment,
    options: &RunOptions,
    progress: &dyn Progress,
    matches: &[M],
) -> Summary {
    let shape = shape_of(experiment).binned(options.round_bin.width(experiment));
    // Job j is block j % blocks_per_cell of cell j / blocks_per_cell. Jobs are numbered, not
    // listed, so nothing here grows with the replicate count. u128: replicates × cells can pass
    // u64 (the CLI refuses such runs; the arithmetic must still not wrap into "nothing to do").
    let blocks_per_cell = u128::from(experiment.replicates.div_ceil(BLOCK_REPLICATES));
    let total_jobs = blocks_per_cell * experiment.cells.len() as u128;
    let wave = wave_size(&shape) as u128;

    progress.begin(
        u64::try_from(u128::from(experiment.replicates) * experiment.cells.len() as u128)
            .unwrap_or(u64::MAX),
    );
    let mut totals: Vec<CellAccumulator> = experiment
        .cells
        .iter()
        .map(|_| CellAccumulator::new(shape.clone()))
        .collect();
    let locate = |job: u128| {
        (
            (job / blocks_per_cell) as usize,
            (job % blocks_per_cell) as u64,
        )
    };
    let mut wave_start = 0u128;
    while wave_start < total_jobs {
        let wave_len = wave.min(total_jobs - wave_start) as usize;
        let blocks: Vec<CellAccumulator> = (0..wave_len)
            .into_par_iter()
            .map(|offset| {
                let (cell, block) = locate(wave_start + offset as u128);
                let accumulator = run_block(experiment, &matches[cell], cell, block, &shape);
                progress.advance(accumulator.replicates());
                accumulator
            })
            .collect();
        // Folded sequentially in job order: the same sums for any number of threads.
        for (offset, block) in blocks.iter().enumerate() {
            totals[locate(wave_start + offset as u128).0].merge(block);
        }
        wave_start += wave_len as u128;
    }
    progress.end();
    Summary {
        cells: totals
            .into_iter()
            .map(CellAccumulator::into_summary)
            .collect(),
    }
}

/// Bytes of one block's accumulator (its per-round, joint and relations tables dominate).
pub fn block_bytes(shape: &Shape) -> usize {
    shape
        .bins()
        .saturating_mul(shape.slots_per_row())
        .saturating_mul(8)
        .saturating_add(1024)
}

/// Blocks run at once: as many as fit in [`MAX_BLOCK_BYTES_IN_FLIGHT`], at least one.
pub fn wave_size(shape: &Shape) -> usize {
    (MAX_BLOCK_BYTES_IN_FLIGHT / block_bytes(shape)).clamp(1, 4096)
}

fn run_block<M: CellMatch>(
    experiment: &Experiment,
    spec: &M,
    cell: usize,
    block: u64,
    shape: &Shape,
) -> CellAccumulator {
    let key = &experiment.cells[cell].key;
    let mut accumulator = CellAccumulator::new(shape.clone());
    let mut scratch = spec.scratch();
    let first = block * BLOCK_REPLICATES;
    let last = first
        .saturating_add(BLOCK_REPLICATES)
        .min(experiment.replicates);
    for replicate in first..last {
        let mut rng = replicate_rng(experiment.seed, key, replicate);
        spec.play(&mut rng, &mut scratch, &mut accumulator);
        accumulator.finish_replicate();
    }
    accumulator
}

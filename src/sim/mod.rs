//! Monte Carlo: every cell's replicates, in parallel, reduced in a fixed order.
//!
//! Replicates are grouped in blocks of [`BLOCK_REPLICATES`]. Blocks run on rayon's pool and come
//! back in index order; each is folded into its cell's accumulator sequentially. The block
//! boundaries depend only on the replicate count, so the floating-point sums are the same for
//! any number of threads.

pub mod matchup;
pub mod summary;

use crate::experiment::Experiment;
use crate::rng::replicate_rng;
use matchup::MatchSpec;
use rayon::prelude::*;
use summary::{CellAccumulator, CellSummary, Shape};

/// Replicates per block: large enough to amortise scheduling, small enough to balance 2+ cores.
pub const BLOCK_REPLICATES: u64 = 64;

/// Bounds the memory of blocks in flight, whatever the replicate count.
const MAX_BLOCK_BYTES_IN_FLIGHT: usize = 256 << 20;

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

fn shape_of(experiment: &Experiment) -> Shape {
    Shape {
        action_counts: experiment.game.actions.iter().map(Vec::len).collect(),
        max_rounds: experiment.game.length.max_rounds() as usize,
    }
}

/// Runs every replicate of every cell on the current rayon pool.
pub fn run(experiment: &Experiment, progress: &dyn Progress) -> Summary {
    let shape = shape_of(experiment);
    let specs: Vec<MatchSpec> = experiment
        .cells
        .iter()
        .map(|cell| MatchSpec::new(experiment, cell))
        .collect();
    // Job j is block j % blocks_per_cell of cell j / blocks_per_cell. Jobs are numbered, not
    // listed, so nothing here grows with the replicate count.
    let blocks_per_cell = experiment.replicates.div_ceil(BLOCK_REPLICATES) as usize;
    let total_jobs = blocks_per_cell * experiment.cells.len();
    let block_bytes = shape.max_rounds * shape.row_width() * 8 + 1024;
    let wave = (MAX_BLOCK_BYTES_IN_FLIGHT / block_bytes).clamp(1, 4096);

    progress.begin(experiment.replicates * experiment.cells.len() as u64);
    let mut totals: Vec<CellAccumulator> = experiment
        .cells
        .iter()
        .map(|_| CellAccumulator::new(shape.clone()))
        .collect();
    let locate = |job: usize| (job / blocks_per_cell, (job % blocks_per_cell) as u64);
    for wave_start in (0..total_jobs).step_by(wave) {
        let wave_jobs = wave_start..(wave_start + wave).min(total_jobs);
        let blocks: Vec<CellAccumulator> = wave_jobs
            .clone()
            .into_par_iter()
            .map(|job| {
                let (cell, block) = locate(job);
                let accumulator = run_block(experiment, &specs[cell], cell, block, &shape);
                progress.advance(accumulator.replicates());
                accumulator
            })
            .collect();
        // Folded sequentially in job order: the same sums for any number of threads.
        for (job, block) in wave_jobs.zip(&blocks) {
            totals[locate(job).0].merge(block);
        }
    }
    progress.end();
    Summary {
        cells: totals.iter().map(CellAccumulator::summarize).collect(),
    }
}

fn run_block(
    experiment: &Experiment,
    spec: &MatchSpec,
    cell: usize,
    block: u64,
    shape: &Shape,
) -> CellAccumulator {
    let key = &experiment.cells[cell].key;
    let mut accumulator = CellAccumulator::new(shape.clone());
    let mut scratch = spec.scratch();
    let first = block * BLOCK_REPLICATES;
    let last = (first + BLOCK_REPLICATES).min(experiment.replicates);
    for replicate in first..last {
        let mut rng = replicate_rng(experiment.seed, key, replicate);
        spec.play(&mut rng, &mut scratch, &mut accumulator);
        accumulator.finish_replicate();
    }
    accumulator
}

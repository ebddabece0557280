//! The evolution tables: `fixation.csv` (the Moran process's fixation statistics with their
//! exact references), `trajectories.csv` (shares over time of every process, long form),
//! `fixed_points.csv` (the replicator's rest points and their eigenvalues) and
//! `evolution_payoffs.csv` (the matrix, so the charts can draw the replicator's flow from the
//! files alone).

use super::ExportError;
use super::tables::{csv_error, number, writer};
use crate::evolution::PayoffMatrix;
use crate::evolution::fixed_points::FixedPoint;
use crate::evolution::moran::MoranResults;
use crate::evolution::replicator::Trajectory;
use std::path::Path;

/// fixation.csv's columns, one row per strategy. `probability`, `ci95_*` and `exact` are
/// empty where undefined (mutation, or no exact reference); `mean_steps` and `sd_steps` are
/// over the runs that fixed on the strategy. Runs that reached `max_steps` unfixed are not a
/// strategy, so they are no row: `unfixed` repeats their count on every row (the row's
/// `fixations` and the `unfixed` runs add up to `runs` over the rows). `mean_share` is the
/// strategy's share averaged over every step of every run, the quantity to read with mutation.
pub const FIXATION_COLUMNS: [&str; 16] = [
    "strategy",
    "initial_count",
    "population",
    "runs",
    "fixations",
    "probability",
    "ci95_low",
    "ci95_high",
    "exact",
    "mean_steps",
    "sd_steps",
    "unfixed",
    "mean_share",
    "update",
    "selection",
    "mutation",
];

/// The process named in trajectories.csv and fixed_points.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Process {
    /// Steps of the Moran process (time = step).
    Moran,
    /// The continuous replicator (or replicator–mutator) equation (time = t).
    Replicator,
    /// The discrete replicator map (time = generation).
    ReplicatorDiscrete,
}

impl Process {
    pub fn name(self) -> &'static str {
        match self {
            Process::Moran => "moran",
            Process::Replicator => "replicator",
            Process::ReplicatorDiscrete => "replicator_discrete",
        }
    }
}

fn optional(value: Option<f64>) -> String {
    value.map_or_else(String::new, number)
}

pub fn write_fixation(results: &MoranResults, path: &Path) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    out.write_record(FIXATION_COLUMNS)
        .map_err(csv_error(path))?;
    let settings = &results.settings;
    for (index, (label, outcome)) in results.labels.iter().zip(&results.strategies).enumerate() {
        out.write_record([
            label.clone(),
            settings.initial[index].to_string(),
            settings.population.to_string(),
            settings.runs.to_string(),
            outcome.fixations.to_string(),
            number(outcome.probability),
            number(outcome.ci95.0),
            number(outcome.ci95.1),
            optional(outcome.exact),
            number(outcome.mean_steps),
            number(outcome.sd_steps),
            results.unfixed.to_string(),
            number(outcome.mean_share),
            settings.update.name().to_string(),
            number(settings.selection),
            number(settings.mutation),
        ])
        .map_err(csv_error(path))?;
    }
    out.flush().map_err(super::io_error(path))
}

/// trajectories.csv: `process, time, strategy, share`, one row per process, time and strategy,
/// the processes in the order given.
pub fn write_trajectories(
    labels: &[String],
    series: &[(Process, &Trajectory)],
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    out.write_record(["process", "time", "strategy", "share"])
        .map_err(csv_error(path))?;
    for (process, trajectory) in series {
        for (index, time) in trajectory.times.iter().enumerate() {
            for (label, share) in labels.iter().zip(trajectory.at(index)) {
                out.write_record([process.name(), &number(*time), label, &number(*share)])
                    .map_err(csv_error(path))?;
            }
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// fixed_points.csv: one row per rest point and strategy, `process, point, strategy, share,
/// stability`, then the point's K − 1 eigenvalues on the simplex as `eigenvalue_<m>_re,
/// eigenvalue_<m>_im` (m from 1, real part descending), repeated on each of the point's rows
/// so every row reads alone.
pub fn write_fixed_points(
    labels: &[String],
    points: &[FixedPoint],
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    let mut header: Vec<String> = ["process", "point", "strategy", "share", "stability"]
        .map(String::from)
        .to_vec();
    for m in 1..labels.len() {
        header.push(format!("eigenvalue_{m}_re"));
        header.push(format!("eigenvalue_{m}_im"));
    }
    out.write_record(&header).map_err(csv_error(path))?;
    for (index, point) in points.iter().enumerate() {
        for (label, share) in labels.iter().zip(&point.shares) {
            let mut row = vec![
                Process::Replicator.name().to_string(),
                (index + 1).to_string(),
                label.clone(),
                number(*share),
                point.stability.name().to_string(),
            ];
            for (re, im) in &point.eigenvalues {
                row.push(number(*re));
                row.push(number(*im));
            }
            out.write_record(&row).map_err(csv_error(path))?;
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// evolution_payoffs.csv: `row, column, payoff`, the payoff to `row` against `column`.
pub fn write_payoffs(matrix: &PayoffMatrix, path: &Path) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    out.write_record(["row", "column", "payoff"])
        .map_err(csv_error(path))?;
    for (i, row) in matrix.labels.iter().enumerate() {
        for (j, column) in matrix.labels.iter().enumerate() {
            out.write_record([row, column, &number(matrix.get(i, j))])
                .map_err(csv_error(path))?;
        }
    }
    out.flush().map_err(super::io_error(path))
}

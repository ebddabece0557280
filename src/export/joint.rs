//! `joint.csv` and `joint_summary.csv`: the share of replicates in each joint action, per bin of
//! rounds and pooled over the match, written from the counts each cell accumulated.

use super::ExportError;
use super::tables::{cell_header, cell_lead, csv_error, number, writer};
use crate::experiment::Experiment;
use crate::sim::{JOINT_ALL_PLAYERS, JOINT_TOP, Summary};
use std::path::Path;

/// The row that holds every joint action a cell of more than [`JOINT_ALL_PLAYERS`] players does
/// not list.
pub const OTHER: &str = "other";

/// The joint actions a cell lists, in row order, and whether an `other` row follows. Up to
/// [`JOINT_ALL_PLAYERS`] players, every one in `Game::payoffs` order (a rectangular table).
/// Beyond, the [`JOINT_TOP`] most frequent over the cell's rounds (ties to the lower index),
/// most frequent first, then `other`: the same rows in every bin, so a series can be followed.
pub fn listed(players: usize, totals: &[u64]) -> (Vec<usize>, bool) {
    if players <= JOINT_ALL_PLAYERS {
        return ((0..totals.len()).collect(), false);
    }
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by(|a, b| totals[*b].cmp(&totals[*a]).then(a.cmp(b)));
    order.truncate(JOINT_TOP);
    (order, true)
}

/// One row per (cell, bin of rounds, joint action listed): `cell`, the swept parameters,
/// `profile`, `round`, `joint`, `share`, `replicates`, `round_last`, as rounds.csv writes its
/// bins. `share` is the bin's rounds played in that joint action over all its rounds, summed
/// over replicates (per round: the share of the replicates that reached it).
pub fn write_joint(
    experiment: &Experiment,
    summary: &Summary,
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    let mut header = cell_header(experiment);
    header.extend(
        [
            "profile",
            "round",
            "joint",
            "share",
            "replicates",
            "round_last",
        ]
        .map(String::from),
    );
    out.write_record(&header).map_err(csv_error(path))?;
    let players = experiment.game.player_count();
    let labels = joint_labels(experiment, summary);
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        let lead = cell_lead(experiment, cell);
        let (rows, other) = listed(players, &results.rounds.joint_totals());
        for bin in results.rounds.iter() {
            let counts = bin.joint_counts();
            let total: u64 = counts.iter().sum();
            let first = bin.first_round().to_string();
            let last = bin.last_round().to_string();
            let replicates = bin.replicates().to_string();
            let mut write = |label: &str, count: u64| -> Result<(), ExportError> {
                for field in &lead {
                    out.write_field(field).map_err(csv_error(path))?;
                }
                out.write_field(&first).map_err(csv_error(path))?;
                out.write_field(label).map_err(csv_error(path))?;
                out.write_field(number(share(count, total)))
                    .map_err(csv_error(path))?;
                out.write_field(&replicates).map_err(csv_error(path))?;
                out.write_field(&last).map_err(csv_error(path))?;
                out.write_record(None::<&[u8]>).map_err(csv_error(path))
            };
            let mut listed_count = 0;
            for &joint in &rows {
                let count = counts.get(joint).copied().unwrap_or(0);
                listed_count += count;
                write(&labels[joint], count)?;
            }
            if other {
                write(OTHER, total - listed_count.min(total))?;
            }
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// One row per (cell, joint action listed, as joint.csv lists them): `cell`, the swept
/// parameters, `profile`, `joint`, `share` (of all rounds played, pooled over replicates),
/// `ci95_low`, `ci95_high`, `replicates`.
///
/// The interval is Wilson's score interval with the replicates as its trials. A replicate's
/// share of rounds in the joint action, X, lies in [0, 1], so X² ≤ X and Var X ≤ p(1 − p): the
/// binomial variance of one trial bounds that of a replicate, and the interval is conservative
/// (rounds within a replicate are not independent draws, so counting rounds as trials could be
/// far too narrow). A Student-t interval over per-replicate shares would be tighter but needs a
/// running variance per joint action and cell in every block; Wilson's also stays inside [0, 1]
/// for shares at or near 0 and 1, common here.
pub fn write_joint_summary(
    experiment: &Experiment,
    summary: &Summary,
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    let mut header = cell_header(experiment);
    header.extend(
        [
            "profile",
            "joint",
            "share",
            "ci95_low",
            "ci95_high",
            "replicates",
        ]
        .map(String::from),
    );
    out.write_record(&header).map_err(csv_error(path))?;
    let players = experiment.game.player_count();
    let labels = joint_labels(experiment, summary);
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        let lead = cell_lead(experiment, cell);
        let totals = results.rounds.joint_totals();
        let total: u64 = totals.iter().sum();
        let replicates = results
            .players
            .first()
            .map_or(0, |player| player.replicates);
        let (rows, other) = listed(players, &totals);
        let listed_count: u64 = rows.iter().map(|&joint| totals[joint]).sum();
        let entries = rows
            .iter()
            .map(|&joint| (labels[joint].as_str(), totals[joint]))
            .chain(other.then_some((OTHER, total - listed_count.min(total))));
        for (label, count) in entries {
            let value = share(count, total);
            let (low, high) = crate::chart::wilson_interval(value, replicates);
            let mut row = lead.clone();
            row.extend([
                label.to_string(),
                number(value),
                number(low),
                number(high),
                replicates.to_string(),
            ]);
            out.write_record(&row).map_err(csv_error(path))?;
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// Every joint action's label, as payoff keys write it (`C,Balance,D`), when the run counted
/// them; none otherwise.
fn joint_labels(experiment: &Experiment, summary: &Summary) -> Vec<String> {
    let counted = summary
        .cells
        .first()
        .map_or(0, |cell| cell.rounds.joint_actions());
    (0..counted)
        .map(|joint| experiment.game.joint_label(joint))
        .collect()
}

/// `count / total`; NaN (written empty) for a bin nobody played.
fn share(count: u64, total: u64) -> f64 {
    if total == 0 {
        f64::NAN
    } else {
        count as f64 / total as f64
    }
}

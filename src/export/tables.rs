//! `summary.csv` and `rounds.csv`, in the column order of the output contract.

use super::ExportError;
use crate::experiment::Experiment;
use crate::sim::Summary;
use std::path::Path;

/// Every action label in the game, in order of first appearance across players.
pub fn action_labels(experiment: &Experiment) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    for label in experiment.game.actions.iter().flatten() {
        if !labels.contains(label) {
            labels.push(label.clone());
        }
    }
    labels
}

/// Shortest text that reads back to the same f64; empty for NaN (an undefined statistic).
pub fn number(value: f64) -> String {
    if value.is_nan() {
        String::new()
    } else {
        value.to_string()
    }
}

/// The player's share of each game-wide action label, empty where the player lacks it.
fn shares_by_label(labels: &[String], player_actions: &[String], shares: &[f64]) -> Vec<String> {
    labels
        .iter()
        .map(|label| {
            player_actions
                .iter()
                .position(|action| action == label)
                .map_or_else(String::new, |index| number(shares[index]))
        })
        .collect()
}

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>, ExportError> {
    csv::Writer::from_path(path).map_err(|source| ExportError::Csv {
        path: path.to_path_buf(),
        source,
    })
}

fn csv_error(path: &Path) -> impl Fn(csv::Error) -> ExportError + '_ {
    move |source| ExportError::Csv {
        path: path.to_path_buf(),
        source,
    }
}

pub fn write_summary(
    experiment: &Experiment,
    summary: &Summary,
    path: &Path,
) -> Result<(), ExportError> {
    let labels = action_labels(experiment);
    let mut out = writer(path)?;
    let mut header: Vec<String> = [
        "cell",
        "profile",
        "player",
        "strategy",
        "replicates",
        "mean_payoff",
        "sd_payoff",
        "ci95_low",
        "ci95_high",
    ]
    .map(String::from)
    .to_vec();
    header.extend(labels.iter().map(|label| format!("share_{label}")));
    header.push("constrained_share".into());
    out.write_record(&header).map_err(csv_error(path))?;
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        let profile = experiment.profile_label(cell);
        for (player, stats) in results.players.iter().enumerate() {
            let mut row = vec![
                cell.index.to_string(),
                profile.clone(),
                experiment.game.players[player].clone(),
                experiment.strategy(cell, player).label.clone(),
                stats.replicates.to_string(),
                number(stats.mean_payoff),
                number(stats.sd_payoff),
                number(stats.ci95_low),
                number(stats.ci95_high),
            ];
            row.extend(shares_by_label(
                &labels,
                &experiment.game.actions[player],
                &stats.shares,
            ));
            row.push(number(stats.constrained_share));
            out.write_record(&row).map_err(csv_error(path))?;
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// One row per (cell, player, round). The trailing `replicates` column counts the replicates
/// that reached the round (all of them unless the game has a continuation probability); charts
/// use it for the confidence band.
pub fn write_rounds(
    experiment: &Experiment,
    summary: &Summary,
    path: &Path,
) -> Result<(), ExportError> {
    let labels = action_labels(experiment);
    let mut out = writer(path)?;
    let mut header: Vec<String> = ["cell", "profile", "player", "round", "mean_payoff"]
        .map(String::from)
        .to_vec();
    header.extend(labels.iter().map(|label| format!("share_{label}")));
    header.push("replicates".into());
    out.write_record(&header).map_err(csv_error(path))?;
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        let profile = experiment.profile_label(cell);
        for player in 0..experiment.game.player_count() {
            for (round, stats) in results.rounds.iter().enumerate() {
                let mut row = vec![
                    cell.index.to_string(),
                    profile.clone(),
                    experiment.game.players[player].clone(),
                    (round + 1).to_string(),
                    number(stats.players[player].mean_payoff),
                ];
                row.extend(shares_by_label(
                    &labels,
                    &experiment.game.actions[player],
                    &stats.players[player].shares,
                ));
                row.push(stats.replicates.to_string());
                out.write_record(&row).map_err(csv_error(path))?;
            }
        }
    }
    out.flush().map_err(super::io_error(path))
}

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

/// summary.csv's columns between the swept parameters and the shares.
const SUMMARY_COLUMNS: [&str; 8] = [
    "profile",
    "player",
    "strategy",
    "replicates",
    "mean_payoff",
    "sd_payoff",
    "ci95_low",
    "ci95_high",
];

/// The other fixed columns of either table: rounds.csv's round bounds and summary.csv's
/// columns after the shares. A swept parameter must not take any of these names.
const OTHER_COLUMNS: [&str; 10] = [
    "round",
    "round_last",
    "constrained_share",
    "misperceived_share",
    "joint",
    "share",
    "menage_a_trois",
    "romantic_triangle",
    "stable_marriage",
    "unit_veto",
];

/// Prefixes of the columns named after actions, states and players (summary.csv, rounds.csv,
/// relations.csv).
const COLUMN_PREFIXES: [&str; 5] = [
    "share_",
    "state_",
    "amity_",
    "romantic_triangle_pivot_",
    "stable_marriage_",
];

/// One column per swept parameter, after `cell` (none without a sweep). A parameter whose name
/// is already a column (`profile`, `share_C`, `state_trust` …) is prefixed `param_` so no two columns share one.
/// The start of a per-cell table's header: `cell`, then the swept parameters.
pub(super) fn cell_header(experiment: &Experiment) -> Vec<String> {
    let mut header = vec!["cell".to_string()];
    header.extend(swept_names(experiment));
    header
}

/// The leading fields of a per-cell row: the cell's index, its swept values, its profile.
pub(super) fn cell_lead(experiment: &Experiment, cell: &crate::experiment::Cell) -> Vec<String> {
    let mut fields = vec![cell.index.to_string()];
    fields.extend(experiment.swept_values(cell.point).map(number));
    fields.push(experiment.profile_label(cell));
    fields
}

pub fn swept_names(experiment: &Experiment) -> Vec<String> {
    experiment
        .swept
        .iter()
        .map(|&index| {
            let name = &experiment.parameter_names[index];
            let taken = name == "cell"
                || SUMMARY_COLUMNS.contains(&name.as_str())
                || OTHER_COLUMNS.contains(&name.as_str())
                || COLUMN_PREFIXES
                    .iter()
                    .any(|prefix| name.starts_with(prefix));
            if taken {
                format!("param_{name}")
            } else {
                name.clone()
            }
        })
        .collect()
}

pub(super) fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>, ExportError> {
    csv::Writer::from_path(path).map_err(|source| ExportError::Csv {
        path: path.to_path_buf(),
        source,
    })
}

pub(super) fn csv_error(path: &Path) -> impl Fn(csv::Error) -> ExportError + '_ {
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
    let mut header = cell_header(experiment);
    header.extend(SUMMARY_COLUMNS.map(String::from));
    header.extend(labels.iter().map(|label| format!("share_{label}")));
    header.push("constrained_share".into());
    header.push("misperceived_share".into());
    out.write_record(&header).map_err(csv_error(path))?;
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        let profile = experiment.profile_label(cell);
        for (player, stats) in results.players.iter().enumerate() {
            let mut row = vec![cell.index.to_string()];
            row.extend(experiment.swept_values(cell.point).map(number));
            row.extend([
                profile.clone(),
                experiment.game.players[player].clone(),
                experiment.strategy(cell, player).label.clone(),
                stats.replicates.to_string(),
                number(stats.mean_payoff),
                number(stats.sd_payoff),
                number(stats.ci95_low),
                number(stats.ci95_high),
            ]);
            row.extend(shares_by_label(
                &labels,
                &experiment.game.actions[player],
                &stats.shares,
            ));
            row.push(number(stats.constrained_share));
            row.push(number(stats.misperceived_share));
            out.write_record(&row).map_err(csv_error(path))?;
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// One row per (cell, player, bin of rounds); a bin is one round unless the run binned long
/// matches. `round` is the bin's first round and the trailing `round_last` its last (equal when
/// unbinned); `mean_payoff` and the shares average over the replicate-rounds in the bin; the
/// `replicates` column counts the replicates that reached the bin's first round (all of them
/// unless the game has a continuation probability); charts use it for the confidence band.
/// Then one column per state variable, `state_<name>`: its value after the bin's rounds,
/// averaged over the replicate-rounds (the same on every player's row of a cell).
/// Rows are written straight from each cell's flat table: nothing per round is kept.
pub fn write_rounds(
    experiment: &Experiment,
    summary: &Summary,
    path: &Path,
) -> Result<(), ExportError> {
    let labels = action_labels(experiment);
    let mut out = writer(path)?;
    let mut header = cell_header(experiment);
    header.extend(["profile", "player", "round", "mean_payoff"].map(String::from));
    header.extend(labels.iter().map(|label| format!("share_{label}")));
    header.push("replicates".into());
    header.push("round_last".into());
    header.extend(
        experiment
            .game
            .dynamics
            .states
            .iter()
            .map(|state| format!("state_{}", state.name)),
    );
    out.write_record(&header).map_err(csv_error(path))?;
    // Where each game-wide label sits among each player's actions.
    let positions: Vec<Vec<Option<usize>>> = experiment
        .game
        .actions
        .iter()
        .map(|actions| {
            labels
                .iter()
                .map(|label| actions.iter().position(|action| action == label))
                .collect()
        })
        .collect();
    let mut shares: Vec<f64> = Vec::new();
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        let cell_index = cell.index.to_string();
        let point: Vec<String> = experiment.swept_values(cell.point).map(number).collect();
        let profile = experiment.profile_label(cell);
        for (player, name) in experiment.game.players.iter().enumerate() {
            for bin in results.rounds.iter() {
                out.write_field(&cell_index).map_err(csv_error(path))?;
                for value in &point {
                    out.write_field(value).map_err(csv_error(path))?;
                }
                out.write_field(&profile).map_err(csv_error(path))?;
                out.write_field(name).map_err(csv_error(path))?;
                out.write_field(bin.first_round().to_string())
                    .map_err(csv_error(path))?;
                out.write_field(number(bin.mean_payoff(player)))
                    .map_err(csv_error(path))?;
                shares.clear();
                shares.extend(bin.shares(player));
                for position in &positions[player] {
                    let field = position.map_or_else(String::new, |index| number(shares[index]));
                    out.write_field(field).map_err(csv_error(path))?;
                }
                out.write_field(bin.replicates().to_string())
                    .map_err(csv_error(path))?;
                out.write_field(bin.last_round().to_string())
                    .map_err(csv_error(path))?;
                for mean in bin.state_means() {
                    out.write_field(number(mean)).map_err(csv_error(path))?;
                }
                out.write_record(None::<&[u8]>).map_err(csv_error(path))?;
            }
        }
    }
    out.flush().map_err(super::io_error(path))
}

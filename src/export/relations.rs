//! `relations.csv`: per cell and bin of rounds, the share of replicates with each named pair in
//! amity and, in a three-player game, in each of Dittmer's configurations of the triangle.

use super::ExportError;
use super::tables::{cell_header, cell_lead, csv_error, number, writer};
use crate::experiment::Experiment;
use crate::game::relations::{Configuration, PATTERNS, Relations, configuration};
use crate::sim::Summary;
use std::path::Path;

/// The configuration columns after the amity columns, in this order.
pub const CLASSES: [&str; 4] = [
    "menage_a_trois",
    "romantic_triangle",
    "stable_marriage",
    "unit_veto",
];

/// relations.csv's header after the swept parameters: `profile`, `round`, `amity_<A>_<B>` per
/// named pair (as the file names it), for a triangle the four classes, then
/// `romantic_triangle_pivot_<P>` per player and `stable_marriage_<A>_<B>` per named pair, then
/// `replicates`, `round_last`.
fn header(experiment: &Experiment, relations: &Relations) -> Vec<String> {
    let players = &experiment.game.players;
    let pair_name = |first: usize, second: usize| format!("{}_{}", players[first], players[second]);
    let mut header = cell_header(experiment);
    header.extend(["profile", "round"].map(String::from));
    for pair in &relations.pairs {
        header.push(format!("amity_{}", pair_name(pair.first, pair.second)));
    }
    if relations.triangle {
        header.extend(CLASSES.map(String::from));
        for player in players {
            header.push(format!("romantic_triangle_pivot_{player}"));
        }
        for pair in &relations.pairs {
            header.push(format!(
                "stable_marriage_{}",
                pair_name(pair.first, pair.second)
            ));
        }
    }
    header.extend(["replicates", "round_last"].map(String::from));
    header
}

/// Writes relations.csv; the experiment must have `[relations]` (else nothing is written).
pub fn write(experiment: &Experiment, summary: &Summary, path: &Path) -> Result<(), ExportError> {
    let Some(relations) = &experiment.relations else {
        return Ok(());
    };
    let mut out = writer(path)?;
    out.write_record(header(experiment, relations))
        .map_err(csv_error(path))?;
    let pairs = relations.pairs.len();
    let mut values: Vec<f64> = Vec::new();
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        let lead = cell_lead(experiment, cell);
        for bin in results.rounds.iter() {
            let counts = bin.relation_counts();
            let rounds = bin.replicate_rounds();
            values.clear();
            values.extend(counts.iter().take(pairs).map(|&count| count as f64));
            if relations.triangle {
                triangle_counts(relations, &counts[pairs.min(counts.len())..], &mut values);
            }
            for field in &lead {
                out.write_field(field).map_err(csv_error(path))?;
            }
            out.write_field(bin.first_round().to_string())
                .map_err(csv_error(path))?;
            for count in &values {
                out.write_field(number(count / rounds))
                    .map_err(csv_error(path))?;
            }
            out.write_field(bin.replicates().to_string())
                .map_err(csv_error(path))?;
            out.write_field(bin.last_round().to_string())
                .map_err(csv_error(path))?;
            out.write_record(None::<&[u8]>).map_err(csv_error(path))?;
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// Appends, from the count of each amity pattern, the counts of the four classes, of the
/// romantic triangle by pivot (per player) and of the stable marriage by pair (per named pair).
fn triangle_counts(relations: &Relations, patterns: &[u64], values: &mut Vec<f64>) {
    let mut classes = [0u64; 4];
    let mut pivots = [0u64; 3];
    let mut marriages = vec![0u64; relations.pairs.len()];
    for (pattern, &count) in patterns.iter().enumerate().take(PATTERNS) {
        match configuration(pattern as u8) {
            Configuration::MenageATrois => classes[0] += count,
            Configuration::RomanticTriangle { pivot } => {
                classes[1] += count;
                pivots[pivot.min(2)] += count;
            }
            Configuration::StableMarriage { pair: [a, b] } => {
                classes[2] += count;
                if let Some(index) = relations
                    .pairs
                    .iter()
                    .position(|pair| pair.bit == crate::game::relations::pattern_bit(a, b))
                {
                    marriages[index] += count;
                }
            }
            Configuration::UnitVeto => classes[3] += count,
        }
    }
    values.extend(classes.iter().map(|&count| count as f64));
    values.extend(pivots.iter().map(|&count| count as f64));
    values.extend(marriages.iter().map(|&count| count as f64));
}

//! The relations chart (relations.csv): in a three-player game, a panel per profile of Dittmer's
//! configurations of the triangle stacked per round, romantic triangles by pivot and stable
//! marriages by pair; with other player counts, each named pair's share in amity as a line.

use super::data::ChartData;
use super::panels::Panels;
use super::request::{Labels, Selection};
use super::stacked::{self, Category, StackPoint, Style, Thinned};
use super::theme::{self, Theme, okabe_ito};
use plotters::style::RGBColor;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Most amity lines in one panel: the palette's colours.
const MAX_LINES: usize = 7;

/// The fixed colours of the configurations: amity greens and blues for the friendly end,
/// warm colours for the marriages against a third, grey for the unit veto. A pivot or a pair
/// keeps its colour in every figure of the scenario.
const MENAGE: RGBColor = okabe_ito::BLUISH_GREEN;
const PIVOTS: [RGBColor; 3] = [
    okabe_ito::BLUE,
    okabe_ito::SKY_BLUE,
    okabe_ito::REDDISH_PURPLE,
];
const MARRIAGES: [RGBColor; 3] = [okabe_ito::VERMILLION, okabe_ito::ORANGE, okabe_ito::YELLOW];
const UNIT_VETO: RGBColor = RGBColor(90, 90, 90);

/// The columns of a figure, each with its category, in stacking order.
fn columns_of(header: &[String]) -> (Vec<(String, Category)>, Style) {
    let detail = |prefix: &str| -> Vec<String> {
        header
            .iter()
            .filter_map(|name| name.strip_prefix(prefix).map(str::to_string))
            .collect()
    };
    let pivots = detail("romantic_triangle_pivot_");
    let marriages = detail("stable_marriage_");
    if header.iter().any(|name| name == "menage_a_trois") {
        let mut columns = vec![(
            "menage_a_trois".to_string(),
            Category {
                label: "ménage à trois".into(),
                color: MENAGE,
            },
        )];
        if pivots.is_empty() {
            columns.push((
                "romantic_triangle".into(),
                Category {
                    label: "romantic triangle".into(),
                    color: PIVOTS[0],
                },
            ));
        }
        for (index, pivot) in pivots.iter().enumerate() {
            columns.push((
                format!("romantic_triangle_pivot_{pivot}"),
                Category {
                    label: format!("romantic triangle, {pivot} pivot"),
                    color: PIVOTS[index % PIVOTS.len()],
                },
            ));
        }
        if marriages.is_empty() {
            columns.push((
                "stable_marriage".into(),
                Category {
                    label: "stable marriage".into(),
                    color: MARRIAGES[0],
                },
            ));
        }
        for (index, pair) in marriages.iter().enumerate() {
            columns.push((
                format!("stable_marriage_{pair}"),
                Category {
                    label: format!("stable marriage {}", pair.replacen('_', "–", 1)),
                    color: MARRIAGES[index % MARRIAGES.len()],
                },
            ));
        }
        columns.push((
            "unit_veto".into(),
            Category {
                label: "unit veto".into(),
                color: UNIT_VETO,
            },
        ));
        (columns, Style::Stacked)
    } else {
        let columns = detail("amity_")
            .into_iter()
            .enumerate()
            .map(|(index, pair)| {
                (
                    format!("amity_{pair}"),
                    Category {
                        label: pair.replacen('_', "–", 1),
                        color: theme::palette(index),
                    },
                )
            })
            .collect();
        (columns, Style::Lines)
    }
}

/// The figure of `selection`'s cells, read from `folder`'s relations.csv.
pub fn figure(
    folder: &Path,
    data: &ChartData,
    selection: &Selection,
    labels: Labels,
    theme: Theme,
) -> Result<Panels, String> {
    let cells: HashSet<usize> = selection.cells.iter().copied().collect();
    let mut columns: Vec<(String, Category)> = Vec::new();
    let mut style = Style::Lines;
    let mut thinned: HashMap<usize, Thinned> = HashMap::new();
    let mut present: Vec<bool> = Vec::new();
    stacked::stream(
        &folder.join("relations.csv"),
        |cell| cells.contains(&cell),
        |cell, header, record| {
            if columns.is_empty() {
                (columns, style) = columns_of(&header.names);
                present = vec![false; columns.len()];
            }
            let values: Vec<f64> = columns
                .iter()
                .map(|(name, _)| header.number(record, name))
                .collect();
            for (seen, value) in present.iter_mut().zip(&values) {
                *seen |= *value > 0.0;
            }
            thinned.entry(cell).or_default().push(StackPoint {
                round: header.number(record, "round") as u64,
                round_last: header.number(record, "round_last") as u64,
                replicates: header.number(record, "replicates") as u64,
                values,
            });
        },
    )?;
    if columns.is_empty() {
        return Err("relations.csv has no rows for these profiles".into());
    }
    if style == Style::Lines && columns.len() > MAX_LINES {
        return Err(format!(
            "{} pairs are too many lines to tell apart in one panel (at most {MAX_LINES}); \
             relations.csv has every pair",
            columns.len()
        ));
    }
    // The legend lists what the figure shows: a configuration never reached is left out.
    let keep: Vec<usize> = (0..columns.len())
        .filter(|index| style == Style::Lines || present[*index])
        .collect();
    let categories: Vec<Category> = keep.iter().map(|index| columns[*index].1.clone()).collect();
    let points: HashMap<usize, Vec<StackPoint>> = thinned
        .into_iter()
        .map(|(cell, bins)| {
            let bins = bins
                .finish()
                .into_iter()
                .map(|mut bin| {
                    bin.values = keep.iter().map(|index| bin.values[*index]).collect();
                    bin
                })
                .collect();
            (cell, bins)
        })
        .collect();
    let heading = match style {
        Style::Stacked => "Configuration of the triangle (Dittmer), share of replicates:",
        Style::Lines => "Share of replicates with the pair in amity:",
    };
    stacked::figure(
        data,
        selection,
        &categories,
        &points,
        style,
        heading,
        labels,
        theme,
    )
}

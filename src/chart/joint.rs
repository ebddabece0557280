//! The joint-outcomes chart: a panel per profile, the share of replicates in each joint action
//! per round as stacked areas (joint.csv), the figure's most frequent joint actions each in its
//! own colour and the rest as one `other` band.

use super::data::ChartData;
use super::request::{Labels, Selection};
use super::stacked::{self, Category, StackPoint, Style, Thinned};
use super::theme::{self, Theme};
// joint.csv's row of the joint actions it does not list; the figure pools its omitted ones there.
use crate::export::joint::OTHER;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Bands with a colour of their own; with `other`, the eight an area chart can tell apart.
pub const MAX_SHOWN: usize = 7;

/// The figure of `selection`'s cells, read from `folder`'s joint_summary.csv and joint.csv.
pub fn figure(
    folder: &Path,
    data: &ChartData,
    selection: &Selection,
    labels: Labels,
    theme: Theme,
) -> Result<super::panels::Panels, String> {
    let cells: HashSet<usize> = selection.cells.iter().copied().collect();
    // The figure's joint actions by pooled share, summed over its panels in file order.
    let mut order: Vec<String> = Vec::new();
    let mut pooled: HashMap<String, f64> = HashMap::new();
    stacked::stream(
        &folder.join("joint_summary.csv"),
        |cell| cells.contains(&cell),
        |_, columns, record| {
            let label = columns.text(record, "joint").to_string();
            let share = columns.number(record, "share");
            if !pooled.contains_key(&label) {
                order.push(label.clone());
            }
            *pooled.entry(label).or_insert(0.0) += if share.is_finite() { share } else { 0.0 };
        },
    )?;
    let others_exist = pooled.get(OTHER).is_some_and(|share| *share > 0.0);
    let mut ranked: Vec<String> = order.into_iter().filter(|label| label != OTHER).collect();
    // Stable: equal shares keep the file's order (joint-action order up to three players).
    ranked.sort_by(|a, b| pooled[b].total_cmp(&pooled[a]));
    let fits = ranked.len() <= MAX_SHOWN + 1 && !others_exist;
    let shown: Vec<String> = if fits {
        ranked
    } else {
        ranked.into_iter().take(MAX_SHOWN).collect()
    };
    let with_other = !fits;
    let mut categories: Vec<Category> = shown
        .iter()
        .enumerate()
        .map(|(index, label)| Category {
            label: label.clone(),
            // Eight joint actions and no `other`: the eighth takes other's grey.
            color: if index < MAX_SHOWN {
                theme::area_color(index)
            } else {
                theme::OTHER_AREA
            },
        })
        .collect();
    if with_other {
        categories.push(Category {
            label: "other joint actions".into(),
            color: theme::OTHER_AREA,
        });
    }
    let slot: HashMap<&str, usize> = shown
        .iter()
        .enumerate()
        .map(|(index, label)| (label.as_str(), index))
        .collect();
    let width = categories.len();
    let mut thinned: HashMap<usize, Thinned> = HashMap::new();
    let mut current: Option<(usize, StackPoint)> = None;
    stacked::stream(
        &folder.join("joint.csv"),
        |cell| cells.contains(&cell),
        |cell, columns, record| {
            let round = columns.number(record, "round") as u64;
            let same_bin = current
                .as_ref()
                .is_some_and(|(at, point)| *at == cell && point.round == round);
            if !same_bin {
                if let Some((at, point)) = current.take() {
                    thinned.entry(at).or_default().push(point);
                }
                current = Some((
                    cell,
                    StackPoint {
                        round,
                        round_last: columns.number(record, "round_last") as u64,
                        replicates: columns.number(record, "replicates") as u64,
                        values: vec![0.0; width],
                    },
                ));
            }
            let share = columns.number(record, "share");
            let label = columns.text(record, "joint");
            let index = slot.get(label).copied().unwrap_or(width.saturating_sub(1));
            if let Some((_, point)) = current.as_mut()
                && let Some(value) = point.values.get_mut(index)
            {
                // An empty share (a bin nobody played) stays unknown.
                *value += share;
            }
        },
    )?;
    if let Some((at, point)) = current.take() {
        thinned.entry(at).or_default().push(point);
    }
    let points: HashMap<usize, Vec<StackPoint>> = thinned
        .into_iter()
        .map(|(cell, bins)| (cell, bins.finish()))
        .collect();
    stacked::figure(
        data,
        selection,
        &categories,
        &points,
        Style::Stacked,
        &format!("Joint action ({}):", data.players().join(", ")),
        labels,
        theme,
    )
}

/// True when the game behind `data` has three or more players, or a player with three or more
/// actions: the joint chart is then drawn by default (two C/D players are the rounds chart's).
pub fn drawn_by_default(data: &ChartData) -> bool {
    let players = data.players();
    let Some(cell) = data.cells().first().copied() else {
        return false;
    };
    let shares: Vec<usize> = data
        .extra_metrics
        .iter()
        .enumerate()
        .filter(|(_, name)| name.starts_with("share_"))
        .map(|(index, _)| index)
        .collect();
    let most_actions = data
        .rows_of(cell)
        .map(|row| {
            shares
                .iter()
                .filter(|index| row.extra.get(**index).is_some_and(|value| !value.is_nan()))
                .count()
        })
        .max()
        .unwrap_or(0);
    players.len() >= 3 || most_actions >= 3
}

//! The sweep figure: one player's mean payoff against a swept parameter, one panel per profile of
//! the other players' candidates, one line (with its 95% band) per candidate of the player. The
//! top line of a panel is the player's best reply there, so where lines cross the best reply
//! changes (best_replies.csv has the same answer as numbers).

use super::axes::{self, LegendEntry};
use super::data::ChartData;
use super::panels::{Panel, Panels, Point, Series};
use super::request::Labels;
use super::rounds::MAX_PANELS;
use super::theme::{self, Theme};
use crate::display;

/// The figure of `player`, over the one swept parameter of `data`.
pub fn figure(
    data: &ChartData,
    player: &str,
    labels: Labels,
    theme: Theme,
) -> Result<Panels, String> {
    let [parameter] = data.swept.as_slice() else {
        return Err(format!(
            "the sweep figure draws one swept parameter; this run sweeps {}",
            data.swept.len()
        ));
    };
    if !data.players().iter().any(|p| p == player) {
        return Err(format!("summary.csv has no player {player:?}"));
    }
    // Panels: the others' profiles in the order cells meet them; lines: my candidates in order.
    let mut panel_keys: Vec<String> = Vec::new();
    let mut candidates: Vec<String> = Vec::new();
    // (panel, candidate) → points.
    let mut lines: Vec<Vec<Vec<Point>>> = Vec::new();
    for cell in data.cells() {
        let rows: Vec<_> = data.rows_of(cell).collect();
        let Some(mine) = rows.iter().find(|row| row.player == player) else {
            continue;
        };
        let others: Vec<&str> = rows
            .iter()
            .filter(|row| row.player != player)
            .map(|row| row.strategy.as_str())
            .collect();
        let key = others.join(" vs ");
        let panel = match panel_keys.iter().position(|k| *k == key) {
            Some(panel) => panel,
            None => {
                panel_keys.push(key);
                lines.push(vec![Vec::new(); candidates.len()]);
                panel_keys.len() - 1
            }
        };
        let line = match candidates.iter().position(|c| *c == mine.strategy) {
            Some(line) => line,
            None => {
                candidates.push(mine.strategy.clone());
                for panel_lines in &mut lines {
                    panel_lines.push(Vec::new());
                }
                candidates.len() - 1
            }
        };
        let x = mine.point.first().copied().unwrap_or(f64::NAN);
        if !(x.is_finite() && mine.mean_payoff.is_finite()) {
            return Err(format!(
                "{parameter} or mean_payoff of {player} in {} is not a number in summary.csv",
                mine.profile
            ));
        }
        let band = (mine.ci95_low.is_finite() && mine.ci95_high.is_finite())
            .then_some((mine.ci95_low, mine.ci95_high));
        lines[panel][line].push(Point {
            x,
            y: mine.mean_payoff,
            band,
        });
    }
    if panel_keys.is_empty() {
        return Err(format!("summary.csv has no rows for {player}"));
    }
    if panel_keys.len() > MAX_PANELS {
        return Err(format!(
            "{} profiles of the other players are too many panels (at most {MAX_PANELS})",
            panel_keys.len()
        ));
    }
    let mut legend = vec![LegendEntry::heading(format!("{player}'s strategy:"))];
    legend.extend(
        candidates
            .iter()
            .enumerate()
            .map(|(index, candidate)| LegendEntry {
                label: display::strategy_name(candidate),
                color: theme::palette(index),
                marker: None,
                dash: Some(theme::dash(index)),
                band: true,
            }),
    );
    let mut values = Vec::new();
    let mut xs = Vec::new();
    let panels: Vec<Panel> = panel_keys
        .iter()
        .zip(lines)
        .map(|(key, panel_lines)| Panel {
            title: format!("against {}", display::profile_name(key)),
            series: panel_lines
                .into_iter()
                .enumerate()
                .map(|(index, mut points)| {
                    points.sort_by(|a, b| a.x.total_cmp(&b.x));
                    for point in &points {
                        xs.push(point.x);
                        values.push(point.y);
                        if let Some((low, high)) = point.band {
                            values.extend([low, high]);
                        }
                    }
                    Series {
                        style: index + 1,
                        points,
                    }
                })
                .collect(),
            guide: Vec::new(),
        })
        .collect();
    let x_range = axes::finite_range(xs).unwrap_or((0.0, 1.0));
    let y_range = axes::padded(axes::finite_range(values).unwrap_or((0.0, 1.0)), 0.05);
    Ok(Panels {
        theme,
        labels: Labels {
            x: labels.x.or_else(|| Some(parameter.clone())),
            ..labels
        },
        panels,
        legend,
        matrix: None,
        x_ticks: axes::ticks(x_range.0, x_range.1, 4),
        x_range,
        y_ticks: axes::ticks(y_range.0, y_range.1, 4),
        y_range,
        y_title: format!("{player}'s mean payoff per round (95% CI)"),
    })
}

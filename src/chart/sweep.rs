//! The sweep figure: one player's metric (mean payoff by default) against a swept parameter, one
//! panel per profile of the other players' candidates, one line (with its 95% band) per candidate
//! of the player. Drawn for the mean payoff, the top line of a panel is the player's best reply
//! there, so where lines cross the best reply changes (best_replies.csv has the same answer as
//! numbers).

use super::axes::{self, LegendEntry};
use super::data::{ChartData, wilson_interval};
use super::panels::{Panel, Panels, Point, Series};
use super::request::{Labels, metric_title};
use super::rounds::MAX_PANELS;
use super::theme::{self, Theme};
use crate::display;

/// True for metrics that are shares of rounds or observations: their axis is 0 to 1.
fn is_share(metric: &str) -> bool {
    metric.starts_with("share_") || metric.ends_with("_share")
}

/// The figure of `player`'s `metric`, over the one swept parameter of `data`, for the profiles
/// `keep` accepts.
///
/// The band of the mean payoff is summary.csv's 95% interval. A share has none there; its band
/// is Wilson's 95% interval over the replicates, which is conservative: a replicate's share of
/// rounds lies in [0, 1] with mean p, so its variance is at most p(1 − p), that of one draw.
pub fn figure(
    data: &ChartData,
    player: &str,
    metric: &str,
    keep: impl Fn(&str) -> bool,
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
        if !keep(&mine.profile) {
            continue;
        }
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
        let measure = data
            .measure(mine, metric)
            .ok_or_else(|| format!("summary.csv has no column {metric}"))?;
        if !x.is_finite() || (metric == "mean_payoff" && !measure.value.is_finite()) {
            return Err(format!(
                "{parameter} or {metric} of {player} in {} is not a number in summary.csv",
                mine.profile
            ));
        }
        // An empty value (the share of an action this player lacks) leaves a gap in the line.
        if !measure.value.is_finite() {
            continue;
        }
        let band = match measure.interval {
            Some(interval) => Some(interval),
            None if is_share(metric) => Some(wilson_interval(measure.value, mine.replicates)),
            None => None,
        };
        lines[panel][line].push(Point {
            x,
            y: measure.value,
            band,
        });
    }
    if lines.iter().flatten().all(Vec::is_empty) {
        return Err(format!("summary.csv has no value of {metric} for {player}"));
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
    let y_range = if is_share(metric) {
        // The whole 0-to-1 scale, so that a share near 1 does not look like a collapse.
        (0.0, 1.0)
    } else {
        axes::padded(axes::finite_range(values).unwrap_or((0.0, 1.0)), 0.05)
    };
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
        y_title: y_title_of(player, metric),
    })
}

/// The vertical axis title: whose metric, and that the band is a 95% interval.
fn y_title_of(player: &str, metric: &str) -> String {
    if metric == "mean_payoff" {
        format!("{player}'s {}", metric_title(metric, true))
    } else {
        format!("{player}'s {} (95% CI)", metric_title(metric, false))
    }
}

//! Small multiples of a metric per round: one panel per profile, and, where replicates stop
//! early (a continuation probability), the share still playing drawn in each panel and the
//! series cut where too few remain to estimate.

use super::axes::{self, LegendEntry};
use super::data::{ChartData, wilson_interval};
use super::panels::{self, Panel, Panels, Point, Series};
use super::request::{Labels, Selection};
use super::theme::{self, GREY, Theme};
use crate::display;

/// Most panels in one figure: 8 × 8 still reads at page width.
pub const MAX_PANELS: usize = 64;

/// A round's estimate is drawn only while at least this many replicates reach it (or all of a
/// run's, when it has fewer): at 30 a share's 95% band is at most ±0.18 wide, below it the band
/// fills the panel and the line is noise. The axis ends where the last estimate is drawn.
pub const MIN_REPLICATES: u64 = 30;

/// Points per series at most: a panel is a few hundred points wide.
const MAX_POINTS: usize = 400;

/// `metric`: `share_<action>`, `mean_payoff`, or `None` for every action's share (less the
/// complement when the game has two actions).
pub fn figure(
    data: &ChartData,
    selection: &Selection,
    metric: Option<&str>,
    labels: Labels,
    theme: Theme,
) -> Result<Panels, String> {
    if selection.cells.is_empty() || selection.players.is_empty() {
        return Err("no profiles or players to show".into());
    }
    if selection.cells.len() > MAX_PANELS {
        return Err(format!(
            "{} profiles are too many panels for one figure (at most {MAX_PANELS}); choose \
             `profiles`",
            selection.cells.len()
        ));
    }
    // What each panel draws: (action index or None for the payoff) per player.
    let actions: Vec<Option<usize>> = match metric {
        Some("mean_payoff") => vec![None],
        Some(other) => {
            let action = other.strip_prefix("share_").unwrap_or(other);
            let index = data
                .actions
                .iter()
                .position(|a| a == action)
                .ok_or_else(|| format!("rounds.csv has no column share_{action}"))?;
            vec![Some(index)]
        }
        None if data.actions.len() == 2 => vec![Some(0)],
        None => (0..data.actions.len()).map(Some).collect(),
    };
    let shares = actions.iter().all(Option::is_some);
    let by_action = actions.len() > 1;
    // The legend opens with what the lines measure: in a grid of candidates no axis says it.
    let heading = match actions.as_slice() {
        [Some(action)] => format!("Share of replicates playing {}:", data.actions[*action]),
        [None] => "Mean payoff in the round:".to_string(),
        _ => "Share of replicates playing each action:".to_string(),
    };
    let mut legend = vec![LegendEntry::heading(heading)];
    let mut style_of = Vec::new();
    let game_players = data.players();
    for (player_index, player) in selection.players.iter().enumerate() {
        // A player's colour and dash follow its place in the game, whichever are shown.
        let in_game = game_players.iter().position(|p| p == player).unwrap_or(0);
        for (action_index, action) in actions.iter().enumerate() {
            let style = if by_action { action_index } else { in_game };
            let label = match (action, by_action) {
                (Some(a), true) => format!("{player}: {}", data.actions[*a]),
                _ => player.clone(),
            };
            style_of.push((player_index, *action, legend.len()));
            legend.push(LegendEntry {
                label,
                color: theme::palette(style),
                marker: None,
                dash: Some(theme::dash(in_game)),
                band: shares,
            });
        }
    }
    let mut panels = Vec::with_capacity(selection.cells.len());
    let mut last_round = 2.0_f64;
    let mut values = Vec::new();
    for &cell in &selection.cells {
        let profile = data.profile(cell).unwrap_or_default();
        let mut series = Vec::new();
        let mut still_playing = Vec::new();
        for (player_index, action, style) in &style_of {
            let style = *style;
            let player = &selection.players[*player_index];
            let rows: Vec<_> = data
                .rounds
                .iter()
                .filter(|row| row.cell == cell && &row.player == player)
                .collect();
            if rows.is_empty() {
                return Err(format!("rounds.csv has no rows for {player} in {profile}"));
            }
            let stride = rows.len().div_ceil(MAX_POINTS).max(1);
            let enough = MIN_REPLICATES.min(rows[0].replicates);
            let mut points = Vec::new();
            for (index, row) in rows.iter().enumerate() {
                if index % stride != 0 && index + 1 != rows.len() {
                    continue;
                }
                let value = match action {
                    Some(a) => row.shares.get(*a).copied().flatten(),
                    None => Some(row.mean_payoff),
                };
                let Some(value) = value else { continue };
                if !value.is_finite() {
                    return Err(format!(
                        "a value of {player} in {profile} at round {} is not a number in \
                         rounds.csv",
                        row.round
                    ));
                }
                if row.replicates >= enough && row.replicates > 0 {
                    let band = action.map(|_| wilson_interval(value, row.replicates));
                    points.push(Point {
                        x: row.midpoint(),
                        y: value,
                        band,
                    });
                    last_round = last_round.max(row.round_last as f64);
                }
            }
            if points.is_empty() {
                return Err(format!(
                    "no round of {player} in {profile} has {MIN_REPLICATES} replicates or \
                     more to draw"
                ));
            }
            values.extend(points.iter().map(|p| p.y));
            if *player_index == 0 && still_playing.is_empty() {
                let first = rows[0].replicates.max(1) as f64;
                if rows.iter().any(|row| row.replicates != rows[0].replicates) {
                    still_playing = rows
                        .iter()
                        .enumerate()
                        .filter(|(index, _)| index % stride == 0 || index + 1 == rows.len())
                        .map(|(_, row)| (row.midpoint(), row.replicates as f64 / first))
                        .collect();
                }
            }
            series.push(Series { style, points });
        }
        panels.push(Panel {
            title: display::profile_name(&profile),
            series,
            guide: still_playing,
        });
    }
    if !shares {
        // The share still playing is drawn on a share axis only.
        for panel in &mut panels {
            panel.guide.clear();
        }
    }
    if panels.iter().any(|panel| !panel.guide.is_empty()) {
        legend.push(LegendEntry {
            label: format!("replicates still playing (share; lines end below {MIN_REPLICATES})"),
            color: GREY,
            marker: None,
            dash: Some(Some((1.0, 1.2))),
            band: false,
        });
    }
    // The share still playing goes on to the last replicate's last round; the axis ends with
    // the estimates.
    for panel in &mut panels {
        panel.guide.retain(|(round, _)| *round <= last_round);
    }
    let y_range = if shares {
        (0.0, 1.0)
    } else {
        axes::padded(axes::finite_range(values).unwrap_or((0.0, 1.0)), 0.05)
    };
    // A label at the panel's right end would run into the next panel's first label.
    let x_ticks = theme::nice_ticks(1.0, last_round, 3)
        .into_iter()
        .filter(|round| *round >= 1.0 && *round <= last_round * 0.92)
        .map(|round| (round, theme::round_label(round)))
        .collect();
    // Shares read at 0, 0.5 and 1; payoffs need a few more.
    let y_ticks = axes::ticks(y_range.0, y_range.1, if shares { 2 } else { 4 });
    Ok(Panels {
        theme,
        labels,
        matrix: panels::matrix_of(data, selection),
        panels,
        legend,
        x_range: (1.0, last_round),
        x_ticks,
        y_range,
        y_ticks,
        y_title: if shares {
            "share of replicates".into()
        } else {
            "mean payoff in the round".into()
        },
    })
}

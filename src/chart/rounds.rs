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

/// Most lines in an overlaid panel: the palette's colours, each still told apart in print.
pub const MAX_OVERLAID: usize = 7;

/// A round's estimate is drawn only while at least this many replicates reach it (or all of a
/// run's, when it has fewer): at 30 a share's 95% band is at most ±0.18 wide, below it the band
/// fills the panel and the line is noise. The axis ends where the last estimate is drawn.
pub const MIN_REPLICATES: u64 = 30;

/// Points per series at most: a panel is a few hundred points wide.
const MAX_POINTS: usize = 400;

/// What one line of a panel shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    Share(usize),
    Payoff,
    /// A state variable: one value per cell, so drawn once per panel whatever the players.
    State(usize),
}

/// `metric`: `share_<action>`, `mean_payoff`, `state_<name>`, or `None` for every action's
/// share (less the complement when the game has two actions). `overlay` draws every profile
/// in one panel, a colour each (the players keep their dashes).
pub fn figure(
    data: &ChartData,
    selection: &Selection,
    metric: Option<&str>,
    overlay: bool,
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
    // What each panel draws per player.
    let lines: Vec<Line> = match metric {
        Some("mean_payoff") => vec![Line::Payoff],
        Some(other) if other.starts_with("state_") => {
            let name = &other["state_".len()..];
            let index = data
                .states
                .iter()
                .position(|state| state == name)
                .ok_or_else(|| format!("rounds.csv has no column {other}"))?;
            vec![Line::State(index)]
        }
        Some(other) => {
            let action = other.strip_prefix("share_").unwrap_or(other);
            let index = data
                .actions
                .iter()
                .position(|a| a == action)
                .ok_or_else(|| format!("rounds.csv has no column share_{action}"))?;
            vec![Line::Share(index)]
        }
        None if data.actions.len() == 2 => vec![Line::Share(0)],
        None => (0..data.actions.len()).map(Line::Share).collect(),
    };
    let shares = lines.iter().all(|line| matches!(line, Line::Share(_)));
    let state = lines.iter().find_map(|line| match line {
        Line::State(index) => Some(data.states[*index].clone()),
        _ => None,
    });
    let by_action = lines.len() > 1;
    // The legend opens with what the lines measure: in a grid of candidates no axis says it.
    let heading = match lines.as_slice() {
        [Line::Share(action)] => format!("Share of replicates playing {}:", data.actions[*action]),
        [Line::Payoff] => "Mean payoff in the round:".to_string(),
        [Line::State(_)] => "Mean over replicates, after each round:".to_string(),
        _ => "Share of replicates playing each action:".to_string(),
    };
    // A state variable is the same on every player's rows: one line, from the first player.
    let players = if state.is_some() {
        &selection.players[..1]
    } else {
        &selection.players[..]
    };
    let mut legend = vec![LegendEntry::heading(heading)];
    let mut style_of = Vec::new();
    let game_players = data.players();
    for (player_index, player) in players.iter().enumerate() {
        // A player's colour and dash follow its place in the game, whichever are shown.
        let in_game = game_players.iter().position(|p| p == player).unwrap_or(0);
        for (line_index, line) in lines.iter().enumerate() {
            let style = if by_action { line_index } else { in_game };
            let label = match (line, by_action) {
                (Line::Share(a), true) => format!("{player}: {}", data.actions[*a]),
                (Line::State(_), _) => state.clone().unwrap_or_default(),
                _ => player.clone(),
            };
            style_of.push((player_index, *line, legend.len()));
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
        for (player_index, line, style) in &style_of {
            let style = *style;
            let player = &players[*player_index];
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
                let value = match line {
                    Line::Share(a) => row.shares.get(*a).copied().flatten(),
                    Line::Payoff => Some(row.mean_payoff),
                    Line::State(index) => row.states.get(*index).copied(),
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
                    let band = match line {
                        Line::Share(_) => Some(wilson_interval(value, row.replicates)),
                        _ => None,
                    };
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
    if overlay {
        // One panel: a legend entry per (profile, line), coloured by profile.
        let lines_per_panel = legend.len() - 1;
        if selection.cells.len() * lines_per_panel > MAX_OVERLAID {
            return Err(format!(
                "{} lines are too many to tell apart in one panel (at most {MAX_OVERLAID}); \
                 choose `profiles` or `players`, or leave out `overlay`",
                selection.cells.len() * lines_per_panel
            ));
        }
        let per_line = legend.split_off(1);
        let mut merged = Panel {
            title: String::new(),
            series: Vec::new(),
            guide: Vec::new(),
        };
        for (profile_index, panel) in panels.drain(..).enumerate() {
            let first = legend.len();
            for (line_index, entry) in per_line.iter().enumerate() {
                let mut label = panel.title.clone();
                if lines_per_panel > 1 || state.is_none() && players.len() > 1 {
                    label = format!("{label}: {}", entry.label);
                }
                // Colour tells the profiles apart; dash the lines within one (solid if one).
                legend.push(LegendEntry {
                    label,
                    color: theme::palette(profile_index),
                    dash: Some(theme::dash(line_index)),
                    ..entry.clone()
                });
            }
            for mut series in panel.series {
                series.style = first + series.style - 1;
                merged.series.push(series);
            }
        }
        panels.push(merged);
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
        matrix: if overlay {
            None
        } else {
            panels::matrix_of(data, selection)
        },
        panels,
        legend,
        x_range: (1.0, last_round),
        x_ticks,
        y_range,
        y_ticks,
        y_title: match &state {
            _ if shares => "share of replicates".into(),
            Some(name) => format!("mean {name}"),
            None => "mean payoff in the round".into(),
        },
        stacked: false,
    })
}

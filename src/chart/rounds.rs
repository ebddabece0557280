//! Small multiples of a metric per round: one panel per profile, with shared axes, the legend
//! above the panels, and, where replicates stop early (a continuation probability), the share
//! still playing drawn in each panel and the series cut where too few remain to estimate.

use super::axes::{self, LegendEntry, LinearAxis};
use super::data::{ChartData, wilson_interval};
use super::render::{DrawResult, Figure};
use super::request::{Labels, Selection};
use super::theme::{self, GREY, Theme};
use crate::display;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Most panels in one figure: 8 × 8 still reads at page width.
pub const MAX_PANELS: usize = 64;

/// A round's estimate is drawn only while at least this many replicates reach it (or all of a
/// run's, when it has fewer): at 30 a share's 95% band is at most ±0.18 wide, below it the band
/// fills the panel and the line is noise. The axis ends where the last estimate is drawn.
pub const MIN_REPLICATES: u64 = 30;

/// Points per series at most: a panel is a few hundred points wide.
const MAX_POINTS: usize = 400;

/// Narrowest panel in points: room for three tick labels.
const MIN_PANEL_PT: f64 = 60.0;

const MARGIN_PT: f64 = 3.0;
/// Between panels side by side, and one above the other (room for the upper one's tick marks
/// and the lower one's top tick label).
const GAP_PT: f64 = 7.0;
const V_GAP_PT: f64 = 9.0;

/// One line of a panel: `(round, value, replicates)` points.
struct Series {
    /// Index into the figure's legend styles.
    style: usize,
    points: Vec<(f64, f64, u64)>,
}

struct Panel {
    title: String,
    series: Vec<Series>,
    /// `(round, share of the first round's replicates still playing)`, when that share falls.
    still_playing: Vec<(f64, f64)>,
}

pub struct RoundPanels {
    theme: Theme,
    labels: Labels,
    panels: Vec<Panel>,
    legend: Vec<LegendEntry>,
    /// Matrix layout of a two-player grid: the row and column candidates' names.
    matrix: Option<(Vec<String>, Vec<String>, [String; 2])>,
    shares: bool,
    y_range: (f64, f64),
    last_round: f64,
}

struct Layout {
    legend_places: Vec<(i32, i32)>,
    columns: i32,
    rows: i32,
    left: i32,
    top: i32,
    panel_width: i32,
    panel_height: i32,
    panel_title: i32,
    row_label_width: i32,
    height: i32,
}

impl RoundPanels {
    /// `metric`: `share_<action>`, `mean_payoff`, or `None` for every action's share (less the
    /// complement when the game has two actions).
    pub fn new(
        data: &ChartData,
        selection: &Selection,
        metric: Option<&str>,
        labels: Labels,
        theme: Theme,
    ) -> Result<RoundPanels, String> {
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
        let mut legend = vec![LegendEntry {
            label: heading,
            color: GREY,
            marker: None,
            dash: None,
            band: false,
        }];
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
                        points.push((row.midpoint(), value, row.replicates));
                        last_round = last_round.max(row.round_last as f64);
                    }
                }
                if points.is_empty() {
                    return Err(format!(
                        "no round of {player} in {profile} has {MIN_REPLICATES} replicates or \
                         more to draw"
                    ));
                }
                values.extend(points.iter().map(|p| p.1));
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
                still_playing,
            });
        }
        if shares && panels.iter().any(|panel| !panel.still_playing.is_empty()) {
            legend.push(LegendEntry {
                label: format!(
                    "replicates still playing (share; lines end below {MIN_REPLICATES})"
                ),
                color: GREY,
                marker: None,
                dash: Some(Some((1.0, 1.2))),
                band: false,
            });
        }
        // The share still playing goes on to the last replicate's last round; the axis ends with
        // the estimates.
        for panel in &mut panels {
            panel
                .still_playing
                .retain(|(round, _)| *round <= last_round);
        }
        let y_range = if shares {
            (0.0, 1.0)
        } else {
            axes::padded(axes::finite_range(values).unwrap_or((0.0, 1.0)), 0.05)
        };
        Ok(RoundPanels {
            theme,
            labels,
            matrix: matrix_of(data, selection),
            panels,
            legend,
            shares,
            y_range,
            last_round,
        })
    }

    pub fn sized(mut self, height_pt: Option<f64>) -> RoundPanels {
        self.theme.height_pt = match height_pt {
            Some(height) => height,
            None => f64::from(self.layout().height) / theme::UNITS_PER_PT,
        };
        self
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    fn layout(&self) -> Layout {
        let t = &self.theme;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let label = t.label();
        let tick = t.tick();
        let title_height = if self.labels.title.is_empty() {
            0
        } else {
            t.line_height(&t.title()) + t.u(2.0)
        };
        let (legend_places, legend_height) = axes::legend_layout(
            t,
            &self.legend,
            (margin, margin + title_height),
            width - 2 * margin,
        );
        let y_title = t.line_height(&label) + t.u(1.0);
        let y_ticks = t.text_width("0.75", &tick) + t.u(4.0);
        let (columns, rows, row_label_width, header) = match &self.matrix {
            Some((row_names, column_names, _)) => {
                let widest = row_names
                    .iter()
                    .map(|name| t.text_width(name, &tick))
                    .max()
                    .unwrap_or(0);
                (
                    column_names.len() as i32,
                    row_names.len() as i32,
                    widest.min(width / 6) + t.u(3.0),
                    // The column player's name, then the candidates' names.
                    t.line_height(&label) + t.line_height(&tick) + t.u(2.0),
                )
            }
            None => {
                let count = self.panels.len() as i32;
                let fit = ((width - 2 * margin) / t.u(MIN_PANEL_PT)).max(1);
                let columns = ((count as f64).sqrt().ceil() as i32).clamp(1, fit);
                (columns, (count + columns - 1) / columns, 0, 0)
            }
        };
        let left = margin + y_title + row_label_width + y_ticks;
        let top = margin + title_height + legend_height + t.u(4.0) + header;
        let gap = t.u(GAP_PT);
        let v_gap = t.u(V_GAP_PT);
        let panel_width = ((width - margin - left - gap * (columns - 1)) / columns.max(1)).max(1);
        // Panel titles take one line, or two where a profile's name is too long for one.
        let panel_title = if self.matrix.is_none() {
            let lines = self
                .panels
                .iter()
                .map(|panel| theme::profile_lines(t, &panel.title, &tick, panel_width).len())
                .max()
                .unwrap_or(1) as i32;
            t.line_height(&tick) * lines + t.u(1.0)
        } else {
            0
        };
        let panel_height = (panel_width * 5 / 8).max(t.u(36.0));
        let bottom = t.u(3.5) + t.line_height(&tick) + t.line_height(&label) + margin;
        let height = top + rows * (panel_title + panel_height + v_gap) - v_gap + bottom;
        Layout {
            legend_places,
            columns,
            rows,
            left,
            top,
            panel_width,
            panel_height,
            panel_title,
            row_label_width,
            height,
        }
    }
}

/// A two-player selection that is a whole candidates grid, in the file's order, is laid out as
/// that grid: rows the first player's candidates, columns the second's.
fn matrix_of(
    data: &ChartData,
    selection: &Selection,
) -> Option<(Vec<String>, Vec<String>, [String; 2])> {
    let players = data.players();
    let [first, second] = <[String; 2]>::try_from(players).ok()?;
    let mut row_names: Vec<String> = Vec::new();
    let mut column_names: Vec<String> = Vec::new();
    let mut order = Vec::new();
    for &cell in &selection.cells {
        let a = data.strategy(cell, &first)?;
        let b = data.strategy(cell, &second)?;
        if !row_names.contains(&a) {
            row_names.push(a.clone());
        }
        if !column_names.contains(&b) {
            column_names.push(b.clone());
        }
        order.push((a, b));
    }
    let expected: Vec<(String, String)> = row_names
        .iter()
        .flat_map(|a| column_names.iter().map(move |b| (a.clone(), b.clone())))
        .collect();
    (order == expected && row_names.len() > 1 && column_names.len() > 1).then(|| {
        let name = |names: Vec<String>| names.iter().map(|n| display::strategy_name(n)).collect();
        (name(row_names), name(column_names), [first, second])
    })
}

impl Figure for RoundPanels {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let layout = self.layout();
        let margin = t.u(MARGIN_PT);
        let tick = t.tick();
        let label = t.label();
        if !self.labels.title.is_empty() {
            root.draw(&Text::new(
                theme::fit_text(
                    t,
                    &self.labels.title,
                    &t.title(),
                    t.u(t.width_pt) - 2 * margin,
                ),
                (margin, margin),
                t.title().pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        axes::legend(root, t, &self.legend, &layout.legend_places)?;
        let gap = t.u(GAP_PT);
        let v_gap = t.u(V_GAP_PT);
        // A set height may differ from the natural one: panels take what there is.
        let bottom = t.u(3.5) + t.line_height(&tick) + t.line_height(&label) + margin;
        let panel_height = ((t.u(t.height_pt) - layout.top - bottom + v_gap) / layout.rows.max(1)
            - layout.panel_title
            - v_gap)
            .max(t.u(10.0));
        let grid_width = layout.columns * (layout.panel_width + gap) - gap;
        let grid_bottom =
            layout.top + layout.rows * (layout.panel_title + panel_height + v_gap) - v_gap;
        let _ = layout.panel_height;
        if let Some((row_names, column_names, players)) = &self.matrix {
            let header_top = layout.top - t.line_height(&tick) - t.line_height(&label) - t.u(2.0);
            root.draw(&Text::new(
                format!("{}'s strategy", players[1]),
                (layout.left + grid_width / 2, header_top),
                label.pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
            for (column, name) in column_names.iter().enumerate() {
                let x = layout.left + column as i32 * (layout.panel_width + gap);
                root.draw(&Text::new(
                    theme::fit_text(t, name, &tick, layout.panel_width),
                    (x + layout.panel_width / 2, layout.top - t.u(1.5)),
                    tick.pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))?;
            }
            let y_ticks = t.text_width("0.75", &tick) + t.u(4.0);
            for (row, name) in row_names.iter().enumerate() {
                let y = layout.top + row as i32 * (panel_height + v_gap) + panel_height / 2;
                root.draw(&Text::new(
                    theme::fit_text(t, name, &tick, layout.row_label_width - t.u(3.0)),
                    (layout.left - y_ticks - t.u(2.0), y),
                    tick.pos(Pos::new(HPos::Right, VPos::Center)),
                ))?;
            }
            axes::vertical_text(
                root,
                // The rows are the first player's candidates; `y_label` may say so otherwise.
                &self
                    .labels
                    .y
                    .clone()
                    .unwrap_or_else(|| format!("{}'s strategy", players[0])),
                &label,
                (margin, (layout.top + grid_bottom) / 2),
            )?;
        } else {
            let y_title = self.labels.y.clone().unwrap_or_else(|| self.y_title());
            axes::vertical_text(
                root,
                &y_title,
                &label,
                (margin, (layout.top + grid_bottom) / 2),
            )?;
        }
        // A label at the panel's right end would run into the next panel's first label.
        let x_ticks: Vec<(f64, String)> = theme::nice_ticks(1.0, self.last_round, 3)
            .into_iter()
            .filter(|round| *round >= 1.0 && *round <= self.last_round * 0.92)
            .map(|round| (round, theme::round_label(round)))
            .collect();
        // Shares read at 0, 0.5 and 1; payoffs need a few more.
        let y_ticks = axes::ticks(
            self.y_range.0,
            self.y_range.1,
            if self.shares { 2 } else { 4 },
        );
        for (index, panel) in self.panels.iter().enumerate() {
            let (row, column) = (index as i32 / layout.columns, index as i32 % layout.columns);
            let x0 = layout.left + column * (layout.panel_width + gap);
            let title_top = layout.top + row * (layout.panel_title + panel_height + v_gap);
            let y0 = title_top + layout.panel_title;
            let (x1, y1) = (x0 + layout.panel_width, y0 + panel_height);
            if self.matrix.is_none() {
                let lines = theme::profile_lines(t, &panel.title, &tick, layout.panel_width);
                // Bottom-aligned: a one-line title sits next to the panel like the others.
                let mut line_top = y0 - t.u(1.0) - t.line_height(&tick) * lines.len() as i32;
                for line in lines {
                    root.draw(&Text::new(
                        line,
                        (x0, line_top),
                        tick.pos(Pos::new(HPos::Left, VPos::Top)),
                    ))?;
                    line_top += t.line_height(&tick);
                }
            }
            let x_axis = LinearAxis {
                low: 1.0,
                high: self.last_round,
                start: x0,
                end: x1,
            };
            let y_axis = LinearAxis {
                low: self.y_range.0,
                high: self.y_range.1,
                start: y1,
                end: y0,
            };
            for (value, _) in &y_ticks {
                let y = y_axis.map(*value);
                root.draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    RGBColor(225, 225, 225).stroke_width(t.hairline()),
                ))?;
            }
            // Payoffs that change sign get a zero line.
            if self.y_range.0 < 0.0 && self.y_range.1 > 0.0 {
                let y = y_axis.map(0.0);
                root.draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    GREY.stroke_width(t.u(0.75) as u32),
                ))?;
            }
            if !panel.still_playing.is_empty() && self.shares {
                let points: Vec<(i32, i32)> = panel
                    .still_playing
                    .iter()
                    .map(|(x, share)| (x_axis.map(*x), y_axis.map(*share)))
                    .collect();
                axes::line(root, t, &points, GREY, t.u(0.75) as u32, Some((1.0, 1.2)))?;
            }
            // Every band before any line: an opaque band must not hide another series' line.
            if self.shares {
                for series in &panel.series {
                    let color = self.legend[series.style].color;
                    let mut band: Vec<(i32, i32)> = series
                        .points
                        .iter()
                        .map(|(x, p, n)| (x_axis.map(*x), y_axis.map(wilson_interval(*p, *n).1)))
                        .collect();
                    band.extend(
                        series.points.iter().rev().map(|(x, p, n)| {
                            (x_axis.map(*x), y_axis.map(wilson_interval(*p, *n).0))
                        }),
                    );
                    root.draw(&Polygon::new(band, theme::tint(color, 0.2).filled()))?;
                }
            }
            for series in &panel.series {
                let entry = &self.legend[series.style];
                let points: Vec<(i32, i32)> = series
                    .points
                    .iter()
                    .map(|(x, y, _)| (x_axis.map(*x), y_axis.map(*y)))
                    .collect();
                axes::line(
                    root,
                    t,
                    &points,
                    entry.color,
                    t.line(),
                    entry.dash.flatten(),
                )?;
            }
            root.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                GREY.stroke_width(t.hairline()),
            ))?;
            axes::y_axis(root, t, &y_axis, &y_ticks, x0, column == 0)?;
            let last_in_column = index + (layout.columns as usize) >= self.panels.len();
            axes::x_axis(root, t, &x_axis, &x_ticks, y1, last_in_column)?;
        }
        root.draw(&Text::new(
            self.labels.x.clone().unwrap_or_default(),
            (
                layout.left + grid_width / 2,
                grid_bottom + t.u(3.5) + t.line_height(&tick),
            ),
            label.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        Ok(())
    }
}

impl RoundPanels {
    fn y_title(&self) -> String {
        if !self.shares {
            return "mean payoff in the round".into();
        }
        "share of replicates".into()
    }
}

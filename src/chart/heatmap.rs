//! The payoff heatmap of a two-player game: one panel per player, rows the first player's
//! candidates, columns the second's, each square coloured by the player's mean (viridis) and
//! printed with it and its interval where the square has room.

use super::axes;
use super::data::{ChartData, Measure};
use super::render::{DrawResult, Figure};
use super::request::{Labels, Selection, metric_title};
use super::theme::{self, GREY, Theme};
use crate::display;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;

/// Most candidates on either side: at 20 inches wide a square is still a point across.
pub const MAX_SIDE: usize = 600;

/// The profiles of a two-player game laid out as a candidates × candidates grid.
pub struct Grid {
    /// Candidate labels of the row player, then of the column player, in file order.
    labels: [Vec<String>; 2],
    players: [String; 2],
    /// Each player's measure, row-major; `None` where the results have no such profile.
    values: [Vec<Option<Measure>>; 2],
}

impl Grid {
    /// The grid of `metric`, or why there is none: not two players, or more than [`MAX_SIDE`]
    /// candidates on a side.
    pub fn of(data: &ChartData, metric: &str) -> Result<Grid, String> {
        let players = data.players();
        let [first, second] = <[String; 2]>::try_from(players)
            .map_err(|players| format!("needs a two-player game, not {}", players.len()))?;
        let mut labels: [Vec<String>; 2] = Default::default();
        let mut index: [HashMap<&str, usize>; 2] = Default::default();
        for row in &data.summary {
            let side = usize::from(row.player != first);
            if !index[side].contains_key(row.strategy.as_str()) {
                index[side].insert(&row.strategy, labels[side].len());
                labels[side].push(row.strategy.clone());
            }
        }
        let (rows, columns) = (labels[0].len(), labels[1].len());
        if rows == 0 || columns == 0 {
            return Err("summary.csv has no profiles".into());
        }
        if rows > MAX_SIDE || columns > MAX_SIDE {
            return Err(format!(
                "{rows} × {columns} candidates are too many for a grid (at most {MAX_SIDE} a side)"
            ));
        }
        let mut values = [vec![None; rows * columns], vec![None; rows * columns]];
        for cell in data.cells() {
            let of = |player: &str| data.rows_of(cell).find(|row| row.player == player);
            let (Some(a), Some(b)) = (of(&first), of(&second)) else {
                continue;
            };
            let (row, column) = (index[0][a.strategy.as_str()], index[1][b.strategy.as_str()]);
            for (side, found) in [(0, a), (1, b)] {
                let measure = data
                    .measure(found, metric)
                    .ok_or_else(|| format!("summary.csv has no column {metric}"))?;
                if !measure.value.is_finite() {
                    return Err(format!(
                        "{metric} of {} in {} is not a number in summary.csv",
                        found.player, found.profile
                    ));
                }
                values[side][row * columns + column] = Some(measure);
            }
        }
        Ok(Grid {
            labels,
            players: [first, second],
            values,
        })
    }

    /// A grid read from another table (a tournament's): candidate labels of the rows and the
    /// columns, a name per panel, and each panel's values, row-major.
    pub fn from_parts(
        labels: [Vec<String>; 2],
        players: [String; 2],
        values: [Vec<Option<Measure>>; 2],
    ) -> Grid {
        Grid {
            labels,
            players,
            values,
        }
    }

    pub fn rows(&self) -> usize {
        self.labels[0].len()
    }

    pub fn columns(&self) -> usize {
        self.labels[1].len()
    }
}

pub struct Heatmap {
    theme: Theme,
    labels: Labels,
    grid: Grid,
    /// Indices (0 or 1) of the players shown, one panel each.
    panels: Vec<usize>,
    metric: String,
    /// Reader-facing candidate names of the rows and the columns.
    names: [Vec<String>; 2],
    /// Per panel, a title instead of "player: metric".
    panel_titles: Option<Vec<String>>,
    /// Per player, squares drawn with a heavy outline (a meta-game's equilibria), row-major.
    outlined: [Vec<bool>; 2],
    /// The colour scale's ends, instead of each panel's smallest and largest value (shares
    /// span 0 to 1, so 0.98 is not drawn as the darkest colour).
    scale: Option<(f64, f64)>,
}

/// Points between the figure's edge and its content, and between panels.
const MARGIN_PT: f64 = 3.0;
const PANEL_GAP_PT: f64 = 12.0;
/// Largest square: beyond this a small grid would look bloated.
const MAX_SQUARE_PT: f64 = 60.0;

struct Layout {
    title_height: i32,
    grid_left: i32,
    grid_top: i32,
    square: i32,
    panel_width: i32,
    row_label_width: i32,
    column_labels_rotated: bool,
    column_label_height: i32,
    height: i32,
}

impl Heatmap {
    pub fn new(
        data: &ChartData,
        selection: &Selection,
        metric: &str,
        labels: Labels,
        theme: Theme,
    ) -> Result<Heatmap, String> {
        let mut grid = Grid::of(data, metric)?;
        // Profiles left out of the selection are blank squares.
        let chosen: std::collections::HashSet<String> = selection
            .cells
            .iter()
            .filter_map(|cell| data.profile(*cell))
            .collect();
        if chosen.len() < data.cells().len() {
            let columns = grid.columns();
            for row in 0..grid.rows() {
                for column in 0..columns {
                    let profile = format!("{} vs {}", grid.labels[0][row], grid.labels[1][column]);
                    if !chosen.contains(&profile) {
                        grid.values[0][row * columns + column] = None;
                        grid.values[1][row * columns + column] = None;
                    }
                }
            }
        }
        let panels: Vec<usize> = selection
            .players
            .iter()
            .filter_map(|player| grid.players.iter().position(|p| p == player))
            .collect();
        if panels.is_empty() {
            return Err("no players to show".into());
        }
        if grid
            .values
            .iter()
            .all(|values| values.iter().all(Option::is_none))
        {
            return Err("no profiles to show".into());
        }
        Ok(Heatmap::of_grid(grid, panels, metric, labels, theme))
    }

    /// A heatmap of `grid`, one panel per index in `panels` (0 or 1).
    pub fn of_grid(
        grid: Grid,
        panels: Vec<usize>,
        metric: &str,
        labels: Labels,
        theme: Theme,
    ) -> Heatmap {
        let names = grid.labels.clone().map(|side| {
            side.iter()
                .map(|label| display::strategy_name(label))
                .collect()
        });
        let squares = grid.rows() * grid.columns();
        Heatmap {
            theme,
            labels,
            grid,
            panels,
            metric: metric.to_string(),
            names,
            panel_titles: None,
            outlined: [vec![false; squares], vec![false; squares]],
            scale: None,
        }
    }

    /// Colours from `low` to `high` in every panel.
    pub fn with_scale(mut self, low: f64, high: f64) -> Heatmap {
        self.scale = Some((low, high));
        self
    }

    /// Each panel's title instead of "player: metric".
    pub fn with_panel_titles(mut self, titles: Vec<String>) -> Heatmap {
        self.panel_titles = Some(titles);
        self
    }

    /// Outlines the square at (row, column) in `player`'s panel.
    pub fn outline(&mut self, player: usize, row: usize, column: usize) {
        let columns = self.grid.columns();
        if let Some(square) = self.outlined[player].get_mut(row * columns + column) {
            *square = true;
        }
    }

    pub fn sized(mut self, height_pt: Option<f64>) -> Heatmap {
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
        // A point more under the title than other figures: the panel titles follow it.
        let title_height = match axes::title_height(t, &self.labels.title) {
            0 => 0,
            height => height + t.u(1.0),
        };
        let panel_title_height = t.line_height(&label) + t.u(2.0);
        let widest = |side: usize| {
            self.names[side]
                .iter()
                .map(|name| t.text_width(name, &tick))
                .max()
                .unwrap_or(0)
        };
        let row_label_width = widest(0).min(width / 4);
        let y_title = t.line_height(&label) + t.u(2.0);
        let grid_left = margin + y_title + row_label_width + t.u(3.0);
        let panels = self.panels.len() as i32;
        let panel_width =
            (width - grid_left - margin - t.u(PANEL_GAP_PT) * (panels - 1)) / panels.max(1);
        let (rows, columns) = (self.grid.rows() as i32, self.grid.columns() as i32);
        let square = (panel_width / columns.max(1))
            .min(t.u(MAX_SQUARE_PT))
            .max(1);
        let column_labels_rotated = widest(1) + t.u(2.0) > square;
        let column_label_height = if column_labels_rotated {
            widest(1).min(t.u(t.width_pt) / 4)
        } else {
            t.line_height(&tick)
        } + t.u(4.0);
        let grid_top = margin + title_height + panel_title_height;
        let height = grid_top
            + square * rows
            + column_label_height
            + t.line_height(&label)
            + t.u(6.0 + axes::COLOUR_BAR_PT)
            + t.line_height(&tick)
            + margin;
        Layout {
            title_height,
            grid_left,
            grid_top,
            square,
            panel_width,
            row_label_width,
            column_labels_rotated,
            column_label_height,
            height,
        }
    }

    /// The text printed in a square: the mean, and the interval's half-width below it when
    /// there is room for two lines.
    fn square_text(&self, measure: &Measure, square: i32) -> Vec<(String, f64)> {
        let t = &self.theme;
        let digits = if matches!(self.metric.as_str(), "mean_payoff" | "cooperation") {
            2
        } else {
            3
        };
        // A mean that rounds to zero is "0.00", not "-0.00"; negatives get a true minus sign.
        let rounded = format!("{:.digits$}", measure.value);
        let mean = if rounded.trim_start_matches(['-', '0', '.']).is_empty() {
            rounded.trim_start_matches('-').to_string()
        } else {
            rounded.replace('-', "\u{2212}")
        };
        let size = t.font_pt * 0.875;
        let style = t.text_of(size);
        let line = t.line_height(&style);
        let fits = |text: &str| t.text_width(text, &style) + t.u(2.0) <= square;
        if line > square || !fits(&mean) {
            return Vec::new();
        }
        let mut lines = vec![(mean, size)];
        if let Some((low, high)) = measure.interval {
            let half = format!("±{:.digits$}", (high - low) / 2.0);
            let small = t.font_pt * 0.75;
            if 2 * line + t.u(1.0) <= square
                && t.text_width(&half, &t.text_of(small)) + t.u(2.0) <= square
            {
                lines.push((half, small));
            }
        }
        lines
    }
}

impl Figure for Heatmap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let layout = self.layout();
        let margin = t.u(MARGIN_PT);
        let (rows, columns) = (self.grid.rows() as i32, self.grid.columns() as i32);
        // A set height may be smaller than the natural one: squares shrink to fit it.
        let spare = t.u(t.height_pt) - layout.height;
        let square = if spare < 0 {
            (layout.square + spare / rows.max(1)).max(1)
        } else {
            layout.square
        };
        let grid_width = square * columns;
        let grid_height = square * rows;
        axes::title(root, t, &self.labels.title, margin)?;
        let tick = t.tick();
        let label = t.label();
        // Row labels once, left of the first panel.
        for (row, name) in self.names[0].iter().enumerate() {
            if square < t.line_height(&tick) * 3 / 4 {
                break;
            }
            root.draw(&Text::new(
                theme::fit_text(t, name, &tick, layout.row_label_width),
                (
                    layout.grid_left - t.u(2.0),
                    layout.grid_top + square * row as i32 + square / 2,
                ),
                tick.pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
        // Squares too small for names are numbered in scenario order instead.
        let labelled = square >= t.line_height(&tick) * 3 / 4;
        let axis_title = |side: usize| {
            let name = &self.grid.players[side];
            if labelled {
                format!("{name}'s strategy")
            } else {
                format!(
                    "{name}'s strategy, 1–{} in scenario order",
                    self.grid.labels[side].len()
                )
            }
        };
        let y_title = self.labels.y.clone().unwrap_or_else(|| axis_title(0));
        axes::vertical_text(
            root,
            &y_title,
            &label,
            (margin, layout.grid_top + grid_height / 2),
        )?;
        let x_title = self.labels.x.clone().unwrap_or_else(|| axis_title(1));
        // Column labels and the axis title under the grids.
        let below = layout.grid_top + grid_height + t.u(2.0);
        let axis_title_top = below + layout.column_label_height;
        // Each panel's slot: its title may take the slot, not the gap or the next panel.
        let slot = layout.panel_width.max(grid_width);
        let left_of =
            |panel_index: usize| layout.grid_left + (slot + t.u(PANEL_GAP_PT)) * panel_index as i32;
        for (panel_index, &player) in self.panels.iter().enumerate() {
            let left = left_of(panel_index);
            let values = &self.grid.values[player];
            let range = self.scale.unwrap_or_else(|| {
                axes::finite_range(values.iter().flatten().map(|m| m.value)).unwrap_or((0.0, 1.0))
            });
            let fraction = |value: f64| {
                if range.1 > range.0 {
                    (value - range.0) / (range.1 - range.0)
                } else {
                    0.5
                }
            };
            let panel_title = match &self.panel_titles {
                Some(titles) => titles.get(panel_index).cloned().unwrap_or_default(),
                None => format!(
                    "{}: {}",
                    self.grid.players[player],
                    metric_title(&self.metric, false)
                ),
            };
            // One panel's title may use the whole width; side by side, each keeps to its own.
            let (title_left, title_room) = if self.panels.len() == 1 {
                (margin, t.u(t.width_pt) - 2 * margin)
            } else {
                (left, slot.min(t.u(t.width_pt) - margin - left))
            };
            root.draw(&Text::new(
                theme::fit_text(t, &panel_title, &label, title_room),
                (title_left, margin + layout.title_height),
                label.pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
            for row in 0..rows {
                for column in 0..columns {
                    let (x, y) = (left + column * square, layout.grid_top + row * square);
                    let value = values[(row * columns + column) as usize];
                    let color =
                        value.map_or(RGBColor(235, 235, 235), |m| viridis(fraction(m.value)));
                    root.draw(&Rectangle::new(
                        [(x, y), (x + square, y + square)],
                        color.filled(),
                    ))?;
                    let Some(measure) = value else { continue };
                    let lines = self.square_text(&measure, square);
                    let ink = if fraction(measure.value) < 0.55 {
                        WHITE
                    } else {
                        BLACK
                    };
                    let total: i32 = lines
                        .iter()
                        .map(|(_, size)| t.line_height(&t.text_of(*size)))
                        .sum();
                    let mut line_top = y + (square - total) / 2;
                    for (text, size) in lines {
                        let style = t.text_of(size).color(&ink);
                        root.draw(&Text::new(
                            text,
                            (x + square / 2, line_top),
                            style.pos(Pos::new(HPos::Center, VPos::Top)),
                        ))?;
                        line_top += t.line_height(&t.text_of(size));
                    }
                }
            }
            root.draw(&Rectangle::new(
                [
                    (left, layout.grid_top),
                    (left + grid_width, layout.grid_top + grid_height),
                ],
                GREY.stroke_width(t.hairline()),
            ))?;
            // Outlined squares: black over white, visible on any colour of the scale.
            for row in 0..rows {
                for column in 0..columns {
                    if !self.outlined[player][(row * columns + column) as usize] {
                        continue;
                    }
                    let (x, y) = (left + column * square, layout.grid_top + row * square);
                    let inset = t.u(0.9);
                    root.draw(&Rectangle::new(
                        [
                            (x + inset, y + inset),
                            (x + square - inset, y + square - inset),
                        ],
                        BLACK.stroke_width(t.u(1.4) as u32),
                    ))?;
                    let inner = inset + t.u(1.1);
                    root.draw(&Rectangle::new(
                        [
                            (x + inner, y + inner),
                            (x + square - inner, y + square - inner),
                        ],
                        WHITE.stroke_width(t.u(0.6) as u32),
                    ))?;
                }
            }
            // Column labels under the grid: level when they fit a square, else turned to read upwards.
            if square >= t.line_height(&tick) * 3 / 4 {
                for (column, name) in self.names[1].iter().enumerate() {
                    let x = left + square * column as i32 + square / 2;
                    if layout.column_labels_rotated {
                        root.draw(&Text::new(
                            theme::fit_text(t, name, &tick, layout.column_label_height),
                            (x, below),
                            tick.transform(FontTransform::Rotate270)
                                .pos(Pos::new(HPos::Right, VPos::Center)),
                        ))?;
                    } else {
                        root.draw(&Text::new(
                            name.clone(),
                            (x, below),
                            tick.pos(Pos::new(HPos::Center, VPos::Top)),
                        ))?;
                    }
                }
            }
            // The colour bar under the panel, with round ticks.
            let bar_top = axis_title_top + t.line_height(&label) + t.u(4.0);
            let bar_width = grid_width.min(t.u(150.0)).max(t.u(40.0));
            let bar_left = left + (grid_width - bar_width) / 2;
            axes::colour_bar(root, t, range, (bar_left, bar_top), bar_width)?;
        }
        // One axis title under the panels, which share their columns, as the row title is one.
        let (first, last) = (left_of(0), left_of(self.panels.len() - 1) + grid_width);
        root.draw(&Text::new(
            theme::fit_text(t, &x_title, &label, last - first),
            ((first + last) / 2, axis_title_top),
            label.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        Ok(())
    }
}

/// Viridis (van der Walt and Smith, matplotlib): perceptually uniform, readable in grayscale
/// and with the common colour-vision deficiencies. Nine anchors, linearly interpolated.
pub fn viridis(t: f64) -> RGBColor {
    const ANCHORS: [(u8, u8, u8); 9] = [
        (0x44, 0x01, 0x54),
        (0x47, 0x2d, 0x7b),
        (0x3b, 0x52, 0x8b),
        (0x2c, 0x72, 0x8e),
        (0x21, 0x91, 0x8c),
        (0x28, 0xae, 0x80),
        (0x5e, 0xc9, 0x62),
        (0xad, 0xdc, 0x30),
        (0xfd, 0xe7, 0x25),
    ];
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let position = t * (ANCHORS.len() - 1) as f64;
    let index = (position.floor() as usize).min(ANCHORS.len() - 2);
    let fraction = position - index as f64;
    let (a, b) = (ANCHORS[index], ANCHORS[index + 1]);
    let mix =
        |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * fraction).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_ends_and_middle_match_matplotlib() {
        // matplotlib's viridis: 0 → #440154, 0.5 → #21918c, 1 → #fde725.
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(0.5), RGBColor(0x21, 0x91, 0x8c));
        assert_eq!(viridis(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
        assert_eq!(viridis(7.0), viridis(1.0));
    }
}

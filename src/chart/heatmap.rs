//! Payoff heatmaps for two-player games with too many profiles for one row each: rows are the
//! first player's candidates, columns the second's, the colour one player's mean payoff per
//! round, with a colour bar. Candidate labels are drawn only when they fit.

use super::data::ChartData;
use super::theme::FONT;
use super::{DrawResult, Figure, MAX_CANVAS};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;

/// Most candidates on either side: squares of at least 3 px keep the grid within 1800 px.
pub const MAX_SIDE: usize = 600;

/// Squares smaller than this (px) get no candidate labels: 11 pt text would overlap.
const LABEL_MIN_SQUARE: u32 = 14;

/// The pixels all squares share, whatever the candidate count: with the theme's 11–20 px text
/// the figure is about as wide as the other charts (~1000 px), so at page width its text
/// prints at the same size as theirs.
const GRID_TARGET: u32 = 700;

/// Space between figure parts and around the figure.
const GAP: u32 = 20;

/// The profiles of a two-player game laid out as a candidates × candidates grid.
pub struct Grid {
    /// Candidate labels of the row player, then of the column player, in file order.
    labels: [Vec<String>; 2],
    players: [String; 2],
    /// Mean payoff per round of each player, row-major; NaN where no profile exists.
    values: [Vec<f64>; 2],
}

impl Grid {
    /// The grid of `data`, or None unless the game has two players with at most [`MAX_SIDE`]
    /// candidates each.
    pub fn of(data: &ChartData) -> Option<Grid> {
        let players = data.players();
        let [first, second] = <[String; 2]>::try_from(players).ok()?;
        let mut labels: [Vec<String>; 2] = Default::default();
        let mut index: [HashMap<String, usize>; 2] = Default::default();
        for row in &data.summary {
            let side = if row.player == first { 0 } else { 1 };
            if !index[side].contains_key(&row.strategy) {
                index[side].insert(row.strategy.clone(), labels[side].len());
                labels[side].push(row.strategy.clone());
            }
        }
        let (rows, columns) = (labels[0].len(), labels[1].len());
        if rows == 0 || columns == 0 || rows > MAX_SIDE || columns > MAX_SIDE {
            return None;
        }
        let mut values = [
            vec![f64::NAN; rows * columns],
            vec![f64::NAN; rows * columns],
        ];
        for cell in data.cells() {
            let strategies: Vec<_> = data.rows_of(cell).collect();
            let position = |side: usize, player: &str| {
                strategies
                    .iter()
                    .find(|row| row.player == player)
                    .and_then(|row| index[side].get(&row.strategy))
                    .copied()
            };
            if let (Some(row), Some(column)) = (position(0, &first), position(1, &second)) {
                for (side, player) in [(0, &first), (1, &second)] {
                    if let Some(found) = strategies.iter().find(|row| &row.player == player) {
                        values[side][row * columns + column] = found.mean_payoff;
                    }
                }
            }
        }
        Some(Grid {
            labels,
            players: [first, second],
            values,
        })
    }

    fn rows(&self) -> usize {
        self.labels[0].len()
    }

    fn columns(&self) -> usize {
        self.labels[1].len()
    }

    /// Side of one square in pixels: the grid spans about GRID_TARGET px, squares 3 to 40 px.
    fn square(&self) -> u32 {
        (GRID_TARGET / self.rows().max(self.columns()) as u32).clamp(3, 40)
    }

    fn labelled(&self) -> bool {
        self.square() >= LABEL_MIN_SQUARE
    }

    /// Pixels for the labels of one side (about 6.5 px a character at 11 pt), or none.
    fn label_room(&self, side: usize) -> u32 {
        if !self.labelled() {
            return 0;
        }
        let longest = self.labels[side]
            .iter()
            .map(|label| label.chars().count())
            .max()
            .unwrap_or(0) as u32;
        (longest * 13 / 2 + 10).min(320)
    }
}

/// One player's payoffs over the grid.
pub struct HeatmapFigure<'a> {
    pub grid: &'a Grid,
    pub player: usize,
    pub title: &'a str,
}

/// Room left of the grid for the axis name, right of it for the colour bar and its ticks.
const AXIS_NAME: u32 = 30;
const BAR_WIDTH: u32 = 24;
const BAR_TICKS: u32 = 110;
const TITLE: u32 = 60;

impl HeatmapFigure<'_> {
    pub fn size(&self) -> (u32, u32) {
        let grid = self.grid;
        let square = grid.square();
        let width = GAP
            + AXIS_NAME
            + grid.label_room(0)
            + square * grid.columns() as u32
            + 2 * GAP
            + BAR_WIDTH
            + BAR_TICKS
            + GAP;
        let height = TITLE + square * grid.rows() as u32 + grid.label_room(1) + AXIS_NAME + 2 * GAP;
        (width.clamp(640, MAX_CANVAS), height.clamp(480, MAX_CANVAS))
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

/// Round tick values inside [low, high]: about five, spaced 1, 2, 2.5 or 5 × 10^k apart.
fn nice_ticks(low: f64, high: f64) -> Vec<f64> {
    if high <= low || high.is_nan() || low.is_nan() || !low.is_finite() || !high.is_finite() {
        return vec![low];
    }
    let rough = (high - low) / 4.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        // At least 0.7 of the rough step: four to six ticks over the range.
        .find(|step| *step >= 0.7 * rough)
        .unwrap_or(10.0 * power);
    // 2.2 / 0.02 is 110.00000000000001 in floating point: allow for it at both ends.
    let first = (low / step - 1e-9).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A tick label with about four significant digits.
fn tick(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

impl Figure for HeatmapFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let grid = self.grid;
        let values = &grid.values[self.player];
        let player = &grid.players[self.player];
        let (width, height) = root.dim_in_pixel();
        root.fill(&WHITE)?;
        let (low, high) = super::finite_range(values.iter().copied());
        let span = if high > low { high - low } else { 1.0 };
        let scale = |value: f64| (value - low) / span;

        // The grid shrinks (never the canvas past MAX_CANVAS) when the requested size was capped.
        let (rows, columns) = (grid.rows() as u32, grid.columns() as u32);
        let left = GAP + AXIS_NAME + grid.label_room(0);
        let top = TITLE;
        let room_x = width.saturating_sub(left + 3 * GAP + BAR_WIDTH + BAR_TICKS);
        let room_y = height.saturating_sub(top + grid.label_room(1) + AXIS_NAME + 2 * GAP);
        let square = grid
            .square()
            .min(room_x / columns.max(1))
            .min(room_y / rows.max(1))
            .max(1);
        let (grid_width, grid_height) = (square * columns, square * rows);
        let px = |x: u32, y: u32| (x as i32, y as i32);

        root.draw(&Text::new(
            format!("{}: mean payoff per round of {player}", self.title),
            px(GAP, GAP / 2),
            (FONT, 20).into_font().color(&BLACK),
        ))?;
        for row in 0..rows {
            for column in 0..columns {
                let value = values[(row * columns + column) as usize];
                let color = if value.is_finite() {
                    viridis(scale(value))
                } else {
                    RGBColor(220, 220, 220)
                };
                let (x, y) = (left + column * square, top + row * square);
                root.draw(&Rectangle::new(
                    [px(x, y), px(x + square, y + square)],
                    color.filled(),
                ))?;
            }
        }
        root.draw(&Rectangle::new(
            [px(left, top), px(left + grid_width, top + grid_height)],
            BLACK.mix(0.6).stroke_width(1),
        ))?;

        let label_style = (FONT, 11).into_font().color(&BLACK);
        if grid.labelled() {
            let right_aligned = label_style.pos(Pos::new(HPos::Right, VPos::Center));
            for (row, label) in grid.labels[0].iter().enumerate() {
                let y = top + row as u32 * square + square / 2;
                root.draw(&Text::new(
                    label.clone(),
                    px(left - 5, y),
                    right_aligned.clone(),
                ))?;
            }
            let rotated = (FONT, 11)
                .into_font()
                .transform(FontTransform::Rotate90)
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center));
            for (column, label) in grid.labels[1].iter().enumerate() {
                let x = left + column as u32 * square + square / 2;
                root.draw(&Text::new(
                    label.clone(),
                    px(x, top + grid_height + 5),
                    rotated.clone(),
                ))?;
            }
        }
        let describe = |side: usize| {
            let name = &grid.players[side];
            let count = grid.labels[side].len();
            if grid.labelled() {
                format!("{name}'s strategy")
            } else {
                format!("{name}'s strategy (1–{count} in scenario order; names in summary.csv)")
            }
        };
        let axis_style = (FONT, 15).into_font().color(&BLACK);
        root.draw(&Text::new(
            describe(1),
            px(left, top + grid_height + grid.label_room(1) + 8),
            axis_style.clone(),
        ))?;
        root.draw(&Text::new(
            describe(0),
            px(GAP, top + grid_height / 2),
            axis_style
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;

        // Colour bar: high values at the top, five ticks.
        let bar_left = left + grid_width + 2 * GAP;
        let bar_height = grid_height.max(120).min(height.saturating_sub(top + GAP));
        let steps = bar_height.max(1);
        for step in 0..steps {
            let t = 1.0 - f64::from(step) / f64::from(steps.saturating_sub(1).max(1));
            root.draw(&Rectangle::new(
                [
                    px(bar_left, top + step),
                    px(bar_left + BAR_WIDTH, top + step + 1),
                ],
                viridis(t).filled(),
            ))?;
        }
        root.draw(&Rectangle::new(
            [
                px(bar_left, top),
                px(bar_left + BAR_WIDTH, top + bar_height),
            ],
            BLACK.mix(0.6).stroke_width(1),
        ))?;
        let tick_style = (FONT, 12)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Left, VPos::Center));
        // Ticks at round values (1, 2, 2.5 or 5 times a power of ten), as a reader expects of
        // an axis; the extremes of the data are the bar's ends.
        let fraction_of = |value: f64| {
            if high > low {
                (value - low) / span
            } else {
                0.0
            }
        };
        for value in nice_ticks(low, high) {
            let fraction = fraction_of(value);
            let y = top + ((1.0 - fraction) * f64::from(bar_height.saturating_sub(1))) as u32;
            root.draw(&PathElement::new(
                vec![px(bar_left + BAR_WIDTH, y), px(bar_left + BAR_WIDTH + 5, y)],
                BLACK.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                tick(value),
                px(bar_left + BAR_WIDTH + 8, y),
                tick_style.clone(),
            ))?;
        }
        root.draw(&Text::new(
            "mean payoff per round",
            px(bar_left + BAR_WIDTH + BAR_TICKS - 22, top + bar_height / 2),
            (FONT, 14)
                .into_font()
                .color(&BLACK)
                .transform(FontTransform::Rotate90)
                .pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        root.present()
    }
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

    #[test]
    fn colour_bar_ticks_are_round_and_inside_the_range() {
        let ticks = nice_ticks(0.777, 4.1);
        assert_eq!(
            ticks.iter().map(|t| tick(*t)).collect::<Vec<_>>(),
            ["1", "2", "3", "4"]
        );
        let ticks = nice_ticks(-1.34, 3.05);
        assert_eq!(
            ticks.iter().map(|t| tick(*t)).collect::<Vec<_>>(),
            ["-1", "0", "1", "2", "3"]
        );
        let ticks = nice_ticks(2.2, 2.3);
        assert_eq!(
            ticks.iter().map(|t| tick(*t)).collect::<Vec<_>>(),
            ["2.2", "2.22", "2.24", "2.26", "2.28", "2.3"]
        );
        assert_eq!(nice_ticks(3.0, 3.0), [3.0]);
    }

    #[test]
    fn ticks_are_short() {
        assert_eq!(tick(1.0), "1");
        assert_eq!(tick(-1.3400000000000025), "-1.34");
        assert_eq!(tick(-0.00001), "0");
        assert_eq!(tick(2.25), "2.25");
    }
}

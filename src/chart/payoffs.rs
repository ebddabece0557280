//! The payoff dot plot: one row per profile, every player's mean and 95% interval on that row,
//! the row's label centred on it, players told apart by colour and marker shape.

use super::axes::{self, LegendEntry, LinearAxis};
use super::data::{ChartData, Measure};
use super::render::{DrawResult, Figure};
use super::request::{Labels, Selection};
use super::theme::{self, GREY, Theme};
use crate::display;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Most profiles in one dot plot: beyond this its labels blur into a wall (the heatmap scales).
pub const MAX_PROFILES: usize = 60;

pub struct PayoffDots {
    theme: Theme,
    labels: Labels,
    players: Vec<String>,
    /// Each shown player's place in the game, which picks its colour and marker: a player looks
    /// the same in every chart, whichever players a chart shows.
    styles: Vec<usize>,
    /// Per profile, top to bottom: its label and each player's measure.
    rows: Vec<(String, Vec<Measure>)>,
    range: (f64, f64),
    /// The values change sign: a zero line is drawn.
    crosses_zero: bool,
}

/// Points between the figure's edge and its content.
const MARGIN_PT: f64 = 3.0;

/// Vertical layout in drawing units, shared by sizing and drawing.
struct Layout {
    legend_places: Vec<(i32, i32)>,
    plot_top: i32,
    plot_left: i32,
    plot_right: i32,
    label_width: i32,
    /// Profile labels too long for one line are broken after a " vs ".
    wrapped: bool,
    height: i32,
}

impl PayoffDots {
    /// The plot of `metric` for the selected profiles and players, or why it cannot be drawn.
    pub fn new(
        data: &ChartData,
        selection: &Selection,
        metric: &str,
        labels: Labels,
        theme: Theme,
    ) -> Result<PayoffDots, String> {
        if selection.cells.is_empty() || selection.players.is_empty() {
            return Err("no profiles or players to show".into());
        }
        if selection.cells.len() > MAX_PROFILES {
            return Err(format!(
                "{} profiles are too many for one row each (at most {MAX_PROFILES}); choose \
                 `profiles`, or use kind = \"heatmap\"",
                selection.cells.len()
            ));
        }
        let mut rows = Vec::with_capacity(selection.cells.len());
        for &cell in &selection.cells {
            let profile = data.profile(cell).unwrap_or_default();
            let mut measures = Vec::with_capacity(selection.players.len());
            for player in &selection.players {
                let row = data
                    .rows_of(cell)
                    .find(|row| &row.player == player)
                    .ok_or_else(|| format!("summary.csv has no row for {player} in {profile}"))?;
                let measure = data
                    .measure(row, metric)
                    .ok_or_else(|| format!("summary.csv has no column {metric}"))?;
                if !measure.value.is_finite() {
                    return Err(format!(
                        "{metric} of {player} in {profile} is not a number in summary.csv"
                    ));
                }
                measures.push(measure);
            }
            rows.push((display::profile_name(&profile), measures));
        }
        let range = axes::finite_range(rows.iter().flat_map(|(_, measures)| {
            measures.iter().flat_map(|m| {
                let (low, high) = m.interval.unwrap_or((m.value, m.value));
                [m.value, low, high]
            })
        }))
        .ok_or("no finite values to show")?;
        Ok(PayoffDots {
            theme,
            labels,
            players: selection.players.clone(),
            styles: selection
                .players
                .iter()
                .map(|player| data.players().iter().position(|p| p == player).unwrap_or(0))
                .collect(),
            rows,
            range: axes::padded(range, 0.06),
            crosses_zero: range.0 < 0.0 && range.1 > 0.0,
        })
    }

    /// The theme with the height the rows need, unless one was set.
    pub fn sized(mut self, height_pt: Option<f64>) -> PayoffDots {
        if let Some(height) = height_pt {
            self.theme.height_pt = height;
        } else {
            let layout = self.layout();
            self.theme.height_pt = f64::from(layout.height) / theme::UNITS_PER_PT;
        }
        self
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    fn legend_entries(&self) -> Vec<LegendEntry> {
        self.players
            .iter()
            .zip(&self.styles)
            .map(|(player, &style)| LegendEntry {
                label: player.clone(),
                color: theme::palette(style),
                marker: Some(theme::marker(style)),
                dash: None,
                band: false,
            })
            .collect()
    }

    fn layout(&self) -> Layout {
        let t = &self.theme;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let title_height = axes::title_height(t, &self.labels.title);
        let (legend_places, legend_height) = axes::legend_layout(
            t,
            &self.legend_entries(),
            (margin, margin + title_height),
            width - 2 * margin,
        );
        let plot_top = margin + title_height + legend_height + t.u(3.0);
        let label_style = t.label();
        let longest = self
            .rows
            .iter()
            .map(|(label, _)| t.text_width(label, &label_style))
            .max()
            .unwrap_or(0);
        let y_title = if self.labels.y.is_some() {
            t.line_height(&label_style)
        } else {
            0
        };
        // Labels may take up to 45% of the width; longer ones go on two lines, broken after
        // " vs ", and what still does not fit is cut with an ellipsis.
        let room = width * 45 / 100;
        let wrapped = longest > room;
        let most_lines = if wrapped {
            self.rows
                .iter()
                .map(|(label, _)| theme::profile_lines(t, label, &label_style, room).len())
                .max()
                .unwrap_or(1) as i32
        } else {
            1
        };
        let label_width = if wrapped {
            self.rows
                .iter()
                .flat_map(|(label, _)| theme::profile_lines(t, label, &label_style, room))
                .map(|line| t.text_width(&line, &label_style))
                .max()
                .unwrap_or(0)
        } else {
            longest
        };
        let plot_left = margin + y_title + label_width + t.u(4.0);
        // Each player gets 4.5 pt of the row, and a row is at least one and a half lines.
        // Half a line of air above and below a row's label.
        let row_height = (t.u(4.5) * self.players.len() as i32)
            .max(t.line_height(&label_style) * (2 * most_lines + 1) / 2);
        let plot_bottom = plot_top + row_height * self.rows.len() as i32;
        let axis_height = t.u(3.5) + t.line_height(&t.tick()) + t.line_height(&label_style);
        Layout {
            legend_places,
            plot_top,
            plot_left,
            plot_right: width - margin - t.u(4.0),
            label_width,
            wrapped,
            height: plot_bottom + axis_height + margin,
        }
    }
}

impl Figure for PayoffDots {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let layout = self.layout();
        let margin = t.u(MARGIN_PT);
        axes::title(root, t, &self.labels.title, margin)?;
        axes::legend(root, t, &self.legend_entries(), &layout.legend_places)?;
        // Rows fill the height there is (a set height may differ from the natural one).
        let axis_height = t.u(3.5) + t.line_height(&t.tick()) + t.line_height(&t.label());
        let available = t.u(t.height_pt) - margin - axis_height - layout.plot_top;
        let row_height = (available / self.rows.len().max(1) as i32).max(1);
        let plot_bottom = layout.plot_top + row_height * self.rows.len() as i32;
        let axis = LinearAxis {
            low: self.range.0,
            high: self.range.1,
            start: layout.plot_left,
            end: layout.plot_right,
        };
        let ticks = axes::ticks(self.range.0, self.range.1, 5);
        // Every other row shaded, so the eye follows a row from its label to its dots.
        for index in (1..self.rows.len()).step_by(2) {
            let top = layout.plot_top + row_height * index as i32;
            root.draw(&Rectangle::new(
                [
                    (layout.plot_left, top),
                    (layout.plot_right, top + row_height),
                ],
                RGBColor(240, 240, 240).filled(),
            ))?;
        }
        for (value, _) in &ticks {
            let x = axis.map(*value);
            let (color, width) = if *value == 0.0 && self.crosses_zero {
                // The zero line: where payoffs change sign.
                (GREY, t.u(0.75) as u32)
            } else {
                (RGBColor(215, 215, 215), t.hairline())
            };
            root.draw(&PathElement::new(
                vec![(x, layout.plot_top), (x, plot_bottom)],
                color.stroke_width(width),
            ))?;
        }
        root.draw(&Rectangle::new(
            [
                (layout.plot_left, layout.plot_top),
                (layout.plot_right, plot_bottom),
            ],
            GREY.stroke_width(t.hairline()),
        ))?;
        let label_style = t.label().pos(Pos::new(HPos::Right, VPos::Center));
        let players = self.players.len() as i32;
        // Players' dots sit a little apart within the row so their intervals do not overlap.
        let step = (row_height / (players + 1)).min(t.u(4.5));
        for (index, (label, measures)) in self.rows.iter().enumerate() {
            let middle = layout.plot_top + row_height * index as i32 + row_height / 2;
            let lines = if layout.wrapped {
                theme::profile_lines(t, label, &t.label(), layout.label_width)
            } else {
                vec![label.clone()]
            };
            let line_height = t.line_height(&t.label());
            let first = middle - line_height * (lines.len() as i32 - 1) / 2;
            for (number, line) in lines.iter().enumerate() {
                root.draw(&Text::new(
                    theme::fit_text(t, line, &t.label(), layout.label_width),
                    (
                        layout.plot_left - t.u(4.0),
                        first + line_height * number as i32,
                    ),
                    label_style.clone(),
                ))?;
            }
            for (player, measure) in measures.iter().enumerate() {
                let y = middle + (2 * player as i32 - (players - 1)) * step / 2;
                let style = self.styles[player];
                let color = theme::palette(style);
                if let Some((low, high)) = measure.interval {
                    let (x0, x1) = (axis.map(low), axis.map(high));
                    let cap = t.u(1.6);
                    root.draw(&PathElement::new(
                        vec![(x0, y), (x1, y)],
                        color.stroke_width(t.u(0.9) as u32),
                    ))?;
                    for x in [x0, x1] {
                        root.draw(&PathElement::new(
                            vec![(x, y - cap), (x, y + cap)],
                            color.stroke_width(t.u(0.9) as u32),
                        ))?;
                    }
                }
                axes::marker(
                    root,
                    t,
                    theme::marker(style),
                    (axis.map(measure.value), y),
                    color,
                )?;
            }
        }
        let used = axes::x_axis(root, t, &axis, &ticks, plot_bottom, true)?;
        root.draw(&Text::new(
            self.labels.x.clone().unwrap_or_default(),
            (
                (layout.plot_left + layout.plot_right) / 2,
                plot_bottom + used + t.u(1.0),
            ),
            t.label().pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        if let Some(y_title) = &self.labels.y {
            axes::vertical_text(
                root,
                y_title,
                &t.label(),
                (margin, (layout.plot_top + plot_bottom) / 2),
            )?;
        }
        Ok(())
    }
}

//! Maps over a sweep's parameters: panels whose squares are parameter points, across them the
//! first swept parameter and down them the second (one row with one). The best-reply map colours
//! each square by the candidate that wins there (pale where its 95% interval overlaps the
//! runner-up's): `best_replies.csv` as a picture. The payoff map of a two-parameter sweep
//! colours each by the player's mean payoff (viridis, with a colour bar).

use super::axes::{self, LegendEntry};
use super::data::ChartData;
use super::error::ChartError;
use super::heatmap::viridis;
use super::render::{DrawResult, Figure};
use super::request::{Labels, metric_title};
use super::theme::{self, GREY, Theme};
use crate::display;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Most panels in one map.
const MAX_PANELS: usize = 64;

/// One row of best_replies.csv.
#[derive(Debug, Clone)]
pub struct Reply {
    pub point: Vec<f64>,
    pub player: String,
    pub others: String,
    pub best: String,
    /// `Some(true)` when the intervals are apart, `None` when undefined (no runner-up, or one
    /// replicate).
    pub separated: Option<bool>,
}

/// Reads best_replies.csv (absent in results of earlier versions: no rows).
pub fn read(folder: &Path, swept: &[String]) -> Result<Vec<Reply>, ChartError> {
    let path = folder.join("best_replies.csv");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let csv_error = |source| ChartError::Csv {
        path: path.clone(),
        source,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let point: Vec<Option<usize>> = swept.iter().map(|name| column(name)).collect();
    let (player, others, best, separated) = (
        column("player"),
        column("others"),
        column("best"),
        column("separated"),
    );
    let mut replies = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let text = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").to_string();
        replies.push(Reply {
            point: point
                .iter()
                .map(|at| text(*at).parse().unwrap_or(f64::NAN))
                .collect(),
            player: text(player),
            others: text(others),
            best: text(best),
            separated: match text(separated).as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
        });
    }
    Ok(replies)
}

pub struct ParameterMap {
    theme: Theme,
    labels: Labels,
    /// A categorical legend (best replies), or a heading over the colour bar.
    legend: Vec<LegendEntry>,
    /// The colour bar's range, for a map coloured by a value.
    scale: Option<(f64, f64)>,
    /// Values along the first swept parameter, and the second (one row without it).
    columns: Vec<f64>,
    rows: Vec<f64>,
    axis_names: Vec<String>,
    /// Per panel: its title and, per (row, column), the square's colour; `None` where the
    /// results have no such point.
    panels: Vec<(String, Vec<Option<RGBColor>>)>,
}

/// Every distinct value of one swept parameter, ascending.
fn distinct(points: impl Iterator<Item = f64>) -> Result<Vec<f64>, String> {
    let mut values: Vec<f64> = Vec::new();
    for value in points {
        if !value.is_finite() {
            return Err("a swept value is not a number".into());
        }
        if !values.contains(&value) {
            values.push(value);
        }
    }
    values.sort_by(f64::total_cmp);
    Ok(values)
}

const MARGIN_PT: f64 = 3.0;
const GAP_PT: f64 = 10.0;

impl ParameterMap {
    /// Which of `player`'s candidates wins at each point, against each profile of the others.
    pub fn best_replies(
        data: &ChartData,
        replies: &[Reply],
        player: &str,
        labels: Labels,
        theme: Theme,
    ) -> Result<ParameterMap, String> {
        if data.swept.is_empty() || data.swept.len() > 2 {
            return Err(format!(
                "a best-reply map needs one or two swept parameters, not {}",
                data.swept.len()
            ));
        }
        let mut candidates: Vec<String> = Vec::new();
        for row in data.summary.iter().filter(|row| row.player == player) {
            if !candidates.contains(&row.strategy) {
                candidates.push(row.strategy.clone());
            }
        }
        let mine: Vec<&Reply> = replies.iter().filter(|r| r.player == player).collect();
        if mine.is_empty() || candidates.is_empty() {
            return Err(format!("best_replies.csv has no rows for {player}"));
        }
        let axis = |index: usize| {
            mine.iter()
                .map(move |r| r.point.get(index).copied().unwrap_or(0.0))
        };
        let columns = distinct(axis(0))?;
        let rows = if data.swept.len() == 2 {
            distinct(axis(1))?
        } else {
            vec![0.0]
        };
        let mut panels: Vec<(String, Vec<Option<RGBColor>>)> = Vec::new();
        let mut keys: Vec<&str> = Vec::new();
        for reply in &mine {
            let panel = match keys.iter().position(|k| *k == reply.others) {
                Some(panel) => panel,
                None => {
                    keys.push(&reply.others);
                    panels.push((
                        format!("against {}", display::profile_name(&reply.others)),
                        vec![None; rows.len() * columns.len()],
                    ));
                    panels.len() - 1
                }
            };
            let column = columns
                .iter()
                .position(|v| *v == reply.point[0])
                .unwrap_or(0);
            let row = if rows.len() > 1 {
                rows.iter().position(|v| *v == reply.point[1]).unwrap_or(0)
            } else {
                0
            };
            let winner = candidates
                .iter()
                .position(|c| *c == reply.best)
                .ok_or_else(|| format!("best_replies.csv names {} for {player}", reply.best))?;
            let colour = match reply.separated {
                Some(false) => theme::tint(theme::palette(winner), 0.35),
                _ => theme::palette(winner),
            };
            panels[panel].1[row * columns.len() + column] = Some(colour);
        }
        if panels.len() > MAX_PANELS {
            return Err(format!(
                "{} panels are too many (at most {MAX_PANELS})",
                panels.len()
            ));
        }
        let mut legend = vec![LegendEntry::heading(format!("{player}'s best reply:"))];
        legend.extend(candidates.iter().enumerate().map(|(index, c)| LegendEntry {
            label: display::strategy_name(c),
            color: theme::palette(index),
            marker: Some(theme::Marker::Square),
            dash: None,
            band: false,
        }));
        legend.push(LegendEntry::heading(
            "(pale: within the runner-up's 95% interval)",
        ));
        Ok(ParameterMap {
            theme,
            labels,
            legend,
            scale: None,
            columns,
            rows,
            axis_names: data.swept.clone(),
            panels,
        })
    }

    /// `player`'s `metric` over a two-parameter sweep: a panel per profile (of those `keep`
    /// accepts), each square coloured by the value there.
    pub fn metric(
        data: &ChartData,
        player: &str,
        metric: &str,
        keep: impl Fn(&str) -> bool,
        labels: Labels,
        theme: Theme,
    ) -> Result<ParameterMap, String> {
        if data.swept.len() != 2 {
            return Err(format!(
                "a map of a metric needs two swept parameters, not {}",
                data.swept.len()
            ));
        }
        let mine: Vec<_> = data
            .summary
            .iter()
            .filter(|row| row.player == player && keep(&row.profile))
            .collect();
        if mine.is_empty() {
            return Err(format!("summary.csv has no rows for {player}"));
        }
        let axis = |index: usize| mine.iter().map(move |row| row.point[index]);
        let (columns, rows) = (distinct(axis(0))?, distinct(axis(1))?);
        let mut keys: Vec<&str> = Vec::new();
        let mut values: Vec<Vec<Option<f64>>> = Vec::new();
        for row in &mine {
            let value = data
                .measure(row, metric)
                .map(|measure| measure.value)
                .ok_or_else(|| format!("summary.csv has no column {metric}"))?;
            if metric == "mean_payoff" && !value.is_finite() {
                return Err(format!(
                    "mean_payoff of {player} in {} is not a number in summary.csv",
                    row.profile
                ));
            }
            let panel = match keys.iter().position(|k| *k == row.profile) {
                Some(panel) => panel,
                None => {
                    keys.push(&row.profile);
                    values.push(vec![None; rows.len() * columns.len()]);
                    keys.len() - 1
                }
            };
            let column = columns.iter().position(|v| *v == row.point[0]).unwrap_or(0);
            let line = rows.iter().position(|v| *v == row.point[1]).unwrap_or(0);
            // An empty cell (a share of an action the player lacks) stays a blank square.
            values[panel][line * columns.len() + column] = value.is_finite().then_some(value);
        }
        if keys.len() > MAX_PANELS {
            return Err(format!(
                "{} panels are too many (at most {MAX_PANELS})",
                keys.len()
            ));
        }
        if values.iter().flatten().all(Option::is_none) {
            return Err(format!("summary.csv has no value of {metric} for {player}"));
        }
        let range =
            axes::finite_range(values.iter().flatten().flatten().copied()).unwrap_or((0.0, 1.0));
        let fraction = |value: f64| {
            if range.1 > range.0 {
                (value - range.0) / (range.1 - range.0)
            } else {
                0.5
            }
        };
        let panels = keys
            .iter()
            .zip(values)
            .map(|(key, squares)| {
                (
                    display::profile_name(key),
                    squares
                        .into_iter()
                        .map(|value| value.map(|v| viridis(fraction(v))))
                        .collect(),
                )
            })
            .collect();
        Ok(ParameterMap {
            theme,
            labels,
            legend: vec![LegendEntry::heading(format!(
                "{player}'s {}, by profile:",
                metric_title(metric, false)
            ))],
            scale: Some(range),
            columns,
            rows,
            axis_names: data.swept.clone(),
            panels,
        })
    }

    /// Height of the colour bar and its labels below the panels, if the map has one.
    fn bar_height(&self) -> i32 {
        let t = &self.theme;
        if self.scale.is_some() {
            t.u(10.0 + axes::COLOUR_BAR_PT) + t.line_height(&t.tick())
        } else {
            0
        }
    }

    /// (columns of panels, panel width, square width, square height, legend height, top).
    fn geometry(&self) -> (i32, i32, i32, i32, i32, i32) {
        let t = &self.theme;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let title = axes::title_height(t, &self.labels.title);
        let (_, legend_height) = axes::legend_layout(
            t,
            &self.legend,
            (margin, margin + title),
            width - 2 * margin,
        );
        let y_room = if self.rows.len() > 1 {
            t.line_height(&t.label()) + t.text_width("0.0000", &t.tick()) + t.u(4.0)
        } else {
            0
        };
        let count = self.panels.len() as i32;
        let per_row = (count as f64).sqrt().ceil() as i32;
        let gap = t.u(GAP_PT);
        let panel_width =
            ((width - 2 * margin - y_room - gap * (per_row - 1)) / per_row.max(1)).max(1);
        let square_width = (panel_width / self.columns.len().max(1) as i32).max(1);
        let square_height = if self.rows.len() > 1 {
            square_width
        } else {
            t.u(14.0)
        };
        (
            per_row,
            panel_width,
            square_width,
            square_height,
            legend_height,
            margin + title + legend_height + t.u(4.0),
        )
    }

    pub fn sized(mut self) -> ParameterMap {
        let t = self.theme;
        let (per_row, _, _, square_height, _, top) = self.geometry();
        let panel_rows = (self.panels.len() as i32 + per_row - 1) / per_row.max(1);
        let panel_height = t.line_height(&t.tick())
            + square_height * self.rows.len() as i32
            + t.u(3.5)
            + t.line_height(&t.tick());
        let height = top
            + panel_rows * (panel_height + t.u(GAP_PT))
            + t.line_height(&t.label())
            + self.bar_height()
            + t.u(MARGIN_PT);
        self.theme.height_pt = f64::from(height) / theme::UNITS_PER_PT;
        self
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }
}

impl Figure for ParameterMap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let tick = t.tick();
        let label = t.label();
        axes::title(root, t, &self.labels.title, margin)?;
        let legend = &self.legend;
        let title = axes::title_height(t, &self.labels.title);
        let (places, _) =
            axes::legend_layout(t, legend, (margin, margin + title), width - 2 * margin);
        axes::legend(root, t, legend, &places)?;
        let (per_row, panel_width, square_width, square_height, _, top) = self.geometry();
        let y_room = if self.rows.len() > 1 {
            t.line_height(&label) + t.text_width("0.0000", &tick) + t.u(4.0)
        } else {
            0
        };
        let gap = t.u(GAP_PT);
        let grid_height = square_height * self.rows.len() as i32;
        let panel_height = t.line_height(&tick) + grid_height + t.u(3.5) + t.line_height(&tick);
        let columns = self.columns.len() as i32;
        // Tick labels on a few columns only: every value would run together.
        let every = (columns / 4).max(1);
        for (index, (title, squares)) in self.panels.iter().enumerate() {
            let (panel_row, panel_column) = (index as i32 / per_row, index as i32 % per_row);
            let x0 = margin + y_room + panel_column * (panel_width + gap);
            let title_top = top + panel_row * (panel_height + gap);
            root.draw(&Text::new(
                theme::fit_text(t, title, &tick, panel_width),
                (x0, title_top),
                tick.pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
            let y0 = title_top + t.line_height(&tick);
            // Rows from the top: the second parameter's largest value first, as on an axis.
            for (row, _) in self.rows.iter().enumerate() {
                let y = y0 + grid_height - square_height * (row as i32 + 1);
                for column in 0..columns {
                    let x = x0 + square_width * column;
                    let color = squares[row * columns as usize + column as usize]
                        .unwrap_or(RGBColor(235, 235, 235));
                    // One unit over into the next square: abutting antialiased edges would leave
                    // a light seam between squares of one colour.
                    root.draw(&Rectangle::new(
                        [(x, y), (x + square_width + 1, y + square_height + 1)],
                        color.filled(),
                    ))?;
                }
            }
            root.draw(&Rectangle::new(
                [(x0, y0), (x0 + square_width * columns, y0 + grid_height)],
                GREY.stroke_width(t.hairline()),
            ))?;
            for (column, value) in self.columns.iter().enumerate() {
                if column as i32 % every != 0 && column + 1 != self.columns.len() {
                    continue;
                }
                let x = x0 + square_width * column as i32 + square_width / 2;
                root.draw(&PathElement::new(
                    vec![(x, y0 + grid_height), (x, y0 + grid_height + t.u(2.0))],
                    GREY.stroke_width(t.hairline()),
                ))?;
                root.draw(&Text::new(
                    theme::tick_label(*value),
                    (x, y0 + grid_height + t.u(3.0)),
                    tick.pos(Pos::new(HPos::Center, VPos::Top)),
                ))?;
            }
            if self.rows.len() > 1 && panel_column == 0 {
                let every_row = (self.rows.len() / 4).max(1);
                for (row, value) in self.rows.iter().enumerate() {
                    if row % every_row != 0 && row + 1 != self.rows.len() {
                        continue;
                    }
                    let y = y0 + grid_height - square_height * row as i32 - square_height / 2;
                    root.draw(&Text::new(
                        theme::tick_label(*value),
                        (x0 - t.u(2.0), y),
                        tick.pos(Pos::new(HPos::Right, VPos::Center)),
                    ))?;
                }
            }
        }
        let panel_rows = (self.panels.len() as i32 + per_row - 1) / per_row.max(1);
        let bottom = top + panel_rows * (panel_height + gap) - gap;
        let grid_width = per_row * (panel_width + gap) - gap;
        root.draw(&Text::new(
            self.labels
                .x
                .clone()
                .unwrap_or_else(|| self.axis_names[0].clone()),
            (margin + y_room + grid_width / 2, bottom + t.u(2.0)),
            label.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        if self.rows.len() > 1 {
            axes::vertical_text(
                root,
                &self
                    .labels
                    .y
                    .clone()
                    .unwrap_or_else(|| self.axis_names[1].clone()),
                &label,
                (margin, (top + bottom) / 2),
            )?;
        }
        if let Some(range) = self.scale {
            // The colour bar under the panels: one colour scale for all of them.
            let bar_top = bottom + t.u(2.0) + t.line_height(&label) + t.u(4.0);
            let bar_width = grid_width.min(t.u(200.0));
            let bar_left = margin + y_room + (grid_width - bar_width) / 2;
            axes::colour_bar(root, t, range, (bar_left, bar_top), bar_width)?;
        }
        Ok(())
    }
}

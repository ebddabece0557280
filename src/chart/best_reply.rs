//! The best-reply map of a sweep: for one player, a panel per profile of the other players'
//! candidates; across it the swept parameter (and down it a second one, if swept), each square
//! coloured by the candidate with the highest mean payoff there, pale where its 95% interval
//! overlaps the runner-up's. It draws `best_replies.csv`: which candidate wins where.

use super::axes::{self, LegendEntry};
use super::data::ChartData;
use super::error::ChartError;
use super::render::{DrawResult, Figure};
use super::request::Labels;
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

/// A square of the map: the winner's index among the player's candidates and whether its
/// interval is apart from the runner-up's; `None` where the results have no such point.
type Square = Option<(usize, Option<bool>)>;

pub struct BestReplyMap {
    theme: Theme,
    labels: Labels,
    player: String,
    /// The player's candidates, in scenario order: a candidate's colour is its place here.
    candidates: Vec<String>,
    /// Values along the first swept parameter, and the second (one row without it).
    columns: Vec<f64>,
    rows: Vec<f64>,
    axis_names: Vec<String>,
    /// Per panel: its title and, per (row, column), the winner's index and separation.
    panels: Vec<(String, Vec<Square>)>,
}

const MARGIN_PT: f64 = 3.0;
const GAP_PT: f64 = 10.0;

impl BestReplyMap {
    pub fn new(
        data: &ChartData,
        replies: &[Reply],
        player: &str,
        labels: Labels,
        theme: Theme,
    ) -> Result<BestReplyMap, String> {
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
        let distinct = |axis: usize| {
            let mut values: Vec<f64> = Vec::new();
            for reply in &mine {
                let value = reply.point.get(axis).copied().unwrap_or(0.0);
                if !value.is_finite() {
                    return Err(format!("a swept value of {player} is not a number"));
                }
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            values.sort_by(f64::total_cmp);
            Ok(values)
        };
        let columns = distinct(0)?;
        let rows = if data.swept.len() == 2 {
            distinct(1)?
        } else {
            vec![0.0]
        };
        let mut panels: Vec<(String, Vec<Square>)> = Vec::new();
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
            panels[panel].1[row * columns.len() + column] = Some((winner, reply.separated));
        }
        if panels.len() > MAX_PANELS {
            return Err(format!(
                "{} panels are too many (at most {MAX_PANELS})",
                panels.len()
            ));
        }
        Ok(BestReplyMap {
            theme,
            labels,
            player: player.to_string(),
            candidates,
            columns,
            rows,
            axis_names: data.swept.clone(),
            panels,
        })
    }

    fn legend(&self) -> Vec<LegendEntry> {
        let mut legend = vec![LegendEntry {
            label: format!("{}'s best reply:", self.player),
            color: GREY,
            marker: None,
            dash: None,
            band: false,
        }];
        legend.extend(
            self.candidates
                .iter()
                .enumerate()
                .map(|(index, c)| LegendEntry {
                    label: display::strategy_name(c),
                    color: theme::palette(index),
                    marker: Some(theme::Marker::Square),
                    dash: None,
                    band: false,
                }),
        );
        legend.push(LegendEntry {
            label: "(pale: within the runner-up's 95% interval)".into(),
            color: GREY,
            marker: None,
            dash: None,
            band: false,
        });
        legend
    }

    /// (columns of panels, panel width, square width, square height, legend height, top).
    fn geometry(&self) -> (i32, i32, i32, i32, i32, i32) {
        let t = &self.theme;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let title = if self.labels.title.is_empty() {
            0
        } else {
            t.line_height(&t.title()) + t.u(2.0)
        };
        let (_, legend_height) = axes::legend_layout(
            t,
            &self.legend(),
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

    pub fn sized(mut self) -> BestReplyMap {
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
            + t.u(MARGIN_PT);
        self.theme.height_pt = f64::from(height) / theme::UNITS_PER_PT;
        self
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }
}

impl Figure for BestReplyMap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let tick = t.tick();
        let label = t.label();
        if !self.labels.title.is_empty() {
            root.draw(&Text::new(
                theme::fit_text(t, &self.labels.title, &t.title(), width - 2 * margin),
                (margin, margin),
                t.title().pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        let legend = self.legend();
        let title = if self.labels.title.is_empty() {
            0
        } else {
            t.line_height(&t.title()) + t.u(2.0)
        };
        let (places, _) =
            axes::legend_layout(t, &legend, (margin, margin + title), width - 2 * margin);
        axes::legend(root, t, &legend, &places)?;
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
                    let color = match squares[row * columns as usize + column as usize] {
                        Some((winner, Some(false))) => theme::tint(theme::palette(winner), 0.35),
                        Some((winner, _)) => theme::palette(winner),
                        None => RGBColor(235, 235, 235),
                    };
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
        Ok(())
    }
}

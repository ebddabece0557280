//! Small multiples: a grid of panels sharing their axes, each with lines (and bands) of its own,
//! the legend above the panels. A whole two-player grid of candidates is laid out as that grid,
//! with the candidates' names as row and column headers; anything else wraps, each panel under
//! its own title. The per-round figure (`rounds`) and the sweep figure (`sweep`) are built on it.

use super::axes::{self, LegendEntry, LinearAxis};
use super::data::ChartData;
use super::render::{DrawResult, Figure};
use super::request::{Labels, Selection};
use super::theme::{self, GREY, Theme};
use crate::display;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Narrowest panel in points: room for three tick labels.
const MIN_PANEL_PT: f64 = 60.0;

const MARGIN_PT: f64 = 3.0;
/// Between panels side by side, and one above the other (room for the upper one's tick marks
/// and the lower one's top tick label).
const GAP_PT: f64 = 7.0;
const V_GAP_PT: f64 = 9.0;

/// One point of a line: where it is, and its 95% band when it has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub band: Option<(f64, f64)>,
}

/// One line of a panel.
pub struct Series {
    /// Index into the figure's legend, whose entry gives the colour and dash.
    pub style: usize,
    pub points: Vec<Point>,
}

pub struct Panel {
    pub title: String,
    pub series: Vec<Series>,
    /// A grey dotted guide line (the share of replicates still playing), when there is one.
    pub guide: Vec<(f64, f64)>,
}

/// A figure of panels, built by the per-round and sweep figures.
pub struct Panels {
    pub theme: Theme,
    pub labels: Labels,
    pub panels: Vec<Panel>,
    pub legend: Vec<LegendEntry>,
    /// Matrix layout of a two-player grid: the row and column candidates' names and the
    /// players they belong to.
    pub matrix: Option<(Vec<String>, Vec<String>, [String; 2])>,
    pub x_range: (f64, f64),
    pub x_ticks: Vec<(f64, String)>,
    pub y_range: (f64, f64),
    pub y_ticks: Vec<(f64, String)>,
    /// The vertical axis title when `labels.y` gives none (wrapped layout only).
    pub y_title: String,
    /// Each series is an area between its points' band bounds, filled in its colour and edged
    /// in white (shares stacked to 1), instead of a line over a pale band.
    pub stacked: bool,
}

struct Layout {
    legend_places: Vec<(i32, i32)>,
    columns: i32,
    rows: i32,
    left: i32,
    top: i32,
    panel_width: i32,
    panel_title: i32,
    row_label_width: i32,
    height: i32,
}

impl Panels {
    pub fn sized(mut self, height_pt: Option<f64>) -> Panels {
        self.theme.height_pt = match height_pt {
            Some(height) => height,
            None => f64::from(self.layout().height) / theme::UNITS_PER_PT,
        };
        self
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The vertical axis title: `y_label` if given, else the rows' player (a matrix of
    /// candidates) or the metric.
    fn vertical_title(&self) -> String {
        match (&self.labels.y, &self.matrix) {
            (Some(label), _) => label.clone(),
            (None, Some((_, _, players))) => format!("{}'s strategy", players[0]),
            (None, None) => self.y_title.clone(),
        }
    }

    fn layout(&self) -> Layout {
        let t = &self.theme;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let label = t.label();
        let tick = t.tick();
        let title_height = axes::title_height(t, &self.labels.title);
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
        // The rightmost panel's last tick label is centred on its right edge: half of it must
        // fit inside the figure.
        let right = self
            .x_ticks
            .last()
            .map(|(_, text)| t.text_width(text, &tick) / 2 + t.u(1.0))
            .unwrap_or(0)
            .max(margin);
        let panel_width = ((width - right - left - gap * (columns - 1)) / columns.max(1)).max(1);
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
        // Tall enough for the vertical axis title, which is centred on the grid and must not
        // run past it: a single row of wide panels would otherwise clip a long title.
        let y_title_length = t.text_width(&self.vertical_title(), &label) + t.u(4.0);
        let fits_title = (y_title_length - (rows - 1) * v_gap) / rows.max(1) - panel_title;
        let panel_height = (panel_width * 5 / 8).max(t.u(36.0)).max(fits_title);
        let bottom = t.u(3.5) + t.line_height(&tick) + t.line_height(&label) + margin;
        let height = top + rows * (panel_title + panel_height + v_gap) - v_gap + bottom;
        Layout {
            legend_places,
            columns,
            rows,
            left,
            top,
            panel_width,
            panel_title,
            row_label_width,
            height,
        }
    }
}

/// A two-player selection that is a whole candidates grid, in the file's order, is laid out as
/// that grid: rows the first player's candidates, columns the second's.
pub fn matrix_of(
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

impl Panels {
    /// A panel's stacked areas, bottom up, each edged along its top in white: the thin
    /// separator keeps neighbouring bands apart in grayscale.
    fn draw_areas<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        panel: &Panel,
        x_axis: &LinearAxis,
        y_axis: &LinearAxis,
    ) -> DrawResult<DB> {
        let t = &self.theme;
        for series in &panel.series {
            let color = self.legend[series.style].color;
            let bounds: Vec<(f64, (f64, f64))> = series
                .points
                .iter()
                .filter_map(|point| point.band.map(|band| (point.x, band)))
                .collect();
            if bounds.len() < 2 {
                continue;
            }
            let mut area: Vec<(i32, i32)> = bounds
                .iter()
                .map(|(x, (_, high))| (x_axis.map(*x), y_axis.map(*high)))
                .collect();
            area.extend(
                bounds
                    .iter()
                    .rev()
                    .map(|(x, (low, _))| (x_axis.map(*x), y_axis.map(*low))),
            );
            root.draw(&Polygon::new(area, color.filled()))?;
        }
        for series in &panel.series {
            let top: Vec<(i32, i32)> = series
                .points
                .iter()
                .filter_map(|point| point.band.map(|(_, high)| (point.x, high)))
                .map(|(x, high)| (x_axis.map(x), y_axis.map(high)))
                .collect();
            if top.len() > 1 {
                axes::line(root, t, &top, WHITE, t.u(0.5) as u32, None)?;
            }
        }
        Ok(())
    }
}

impl Figure for Panels {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let layout = self.layout();
        let margin = t.u(MARGIN_PT);
        let tick = t.tick();
        let label = t.label();
        axes::title(root, t, &self.labels.title, margin)?;
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
        }
        axes::vertical_text(
            root,
            &self.vertical_title(),
            &label,
            (margin, (layout.top + grid_bottom) / 2),
        )?;
        let (x_ticks, y_ticks) = (&self.x_ticks, &self.y_ticks);
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
                low: self.x_range.0,
                high: self.x_range.1,
                start: x0,
                end: x1,
            };
            let y_axis = LinearAxis {
                low: self.y_range.0,
                high: self.y_range.1,
                start: y1,
                end: y0,
            };
            for (value, _) in y_ticks {
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
            if !panel.guide.is_empty() {
                let points: Vec<(i32, i32)> = panel
                    .guide
                    .iter()
                    .map(|(x, share)| (x_axis.map(*x), y_axis.map(*share)))
                    .collect();
                axes::line(root, t, &points, GREY, t.u(0.75) as u32, Some((1.0, 1.2)))?;
            }
            if self.stacked {
                self.draw_areas(root, panel, &x_axis, &y_axis)?;
            }
            // Every band before any line: an opaque band must not hide another series' line.
            for series in panel.series.iter().filter(|_| !self.stacked) {
                let color = self.legend[series.style].color;
                let banded: Vec<(f64, (f64, f64))> = series
                    .points
                    .iter()
                    .filter_map(|point| point.band.map(|band| (point.x, band)))
                    .collect();
                if banded.len() > 1 {
                    let mut band: Vec<(i32, i32)> = banded
                        .iter()
                        .map(|(x, (_, high))| (x_axis.map(*x), y_axis.map(*high)))
                        .collect();
                    band.extend(
                        banded
                            .iter()
                            .rev()
                            .map(|(x, (low, _))| (x_axis.map(*x), y_axis.map(*low))),
                    );
                    root.draw(&Polygon::new(band, theme::tint(color, 0.2).filled()))?;
                }
            }
            for series in panel.series.iter().filter(|_| !self.stacked) {
                let entry = &self.legend[series.style];
                let points: Vec<(i32, i32)> = series
                    .points
                    .iter()
                    .map(|point| (x_axis.map(point.x), y_axis.map(point.y)))
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
            axes::y_axis(root, t, &y_axis, y_ticks, x0, column == 0)?;
            let last_in_column = index + (layout.columns as usize) >= self.panels.len();
            // A label at the right end would run into the next panel's first one: only the
            // rightmost panel of a row labels its axis's last twelfth.
            let rightmost = column + 1 == layout.columns || index + 1 == self.panels.len();
            let span = self.x_range.1 - self.x_range.0;
            let shown: Vec<(f64, String)> = x_ticks
                .iter()
                .filter(|(x, _)| rightmost || *x <= self.x_range.1 - span / 12.0)
                .cloned()
                .collect();
            axes::x_axis(root, t, &x_axis, &shown, y1, last_in_column)?;
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

//! The evolution charts, drawn from the evolution tables alone: the strategies' shares over
//! time as stacked areas (one figure per process in `trajectories.csv`), the Moran fixation
//! probabilities with their intervals, exact values and the neutral reference
//! (`fixation.csv`), and the replicator's picture: a simplex for three strategies or the
//! gradient of selection for two (see [`super::simplex`]).

use super::axes::{self, LegendEntry, LinearAxis};
use super::panels::{Panel, Panels, Point, Series};
use super::render::{self, DrawResult, Figure};
use super::request::Labels;
use super::simplex;
use super::theme::{self, GREY, Marker, Theme};
use super::{ChartError, Context, Rendered, SINGLE_COLUMN_PT, output_of};
use crate::display;
use crate::evolution::PayoffMatrix;
use crate::evolution::field::Field;
use crate::evolution::fixed_points::Stability;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// Most strategies a stacked area or a fixation plot shows: past seven the area colours repeat.
pub const MAX_STRATEGIES: usize = 7;

/// Draws every evolution chart whose table is in `folder`; a chart that cannot be drawn is a
/// failure with its reason, as in [`super::render_all`].
pub fn render_evolution(folder: &Path, context: &Context) -> Result<Rendered, ChartError> {
    theme::register_font();
    let mut rendered = Rendered::default();
    let output = output_of(None, &context.overrides);
    let theme = Theme {
        width_pt: context.overrides.width_pt.unwrap_or(SINGLE_COLUMN_PT),
        height_pt: SINGLE_COLUMN_PT,
        font_pt: theme::DEFAULT_FONT_PT,
    };
    let trajectories = folder.join("trajectories.csv");
    let mut series = Vec::new();
    if trajectories.is_file() {
        match read_trajectories(&trajectories) {
            Ok(read) => series = read,
            Err(reason) => rendered
                .failures
                .push(format!("chart evolution_shares not drawn: {reason}")),
        }
    }
    for process in &series {
        let drawn = shares_figure(process, &context.title, theme).and_then(|figure| {
            let figure = figure.sized(None);
            render::svg(&figure, figure.theme())
        });
        let stem = format!("evolution_shares_{}", process.process);
        super::emit(folder, &stem, drawn, &output, &mut rendered)?;
    }
    let fixation = folder.join("fixation.csv");
    if fixation.is_file() {
        let drawn = read_fixation(&fixation)
            .and_then(|rows| FixationPlot::new(rows, &context.title, theme))
            .and_then(|plot| {
                let plot = plot.sized();
                render::svg(&plot, &plot.theme)
            });
        match drawn {
            Err(reason) if reason.contains(WITH_MUTATION) => rendered.notes.push(reason),
            drawn => super::emit(folder, "evolution_fixation", drawn, &output, &mut rendered)?,
        }
    }
    let payoffs = folder.join("evolution_payoffs.csv");
    if payoffs.is_file() {
        let points_path = folder.join("fixed_points.csv");
        let read = read_payoffs(&payoffs).and_then(|matrix| {
            let points = if points_path.is_file() {
                read_fixed_points(&points_path, &matrix.labels)?
            } else {
                Vec::new()
            };
            // The flow is the equation that was integrated: its selection and mutation.
            let (selection, mutation) = read_rates(&fixation)?;
            Ok((Field::new(matrix, selection, mutation), points))
        });
        let replicator = series.iter().find(|s| s.process == "replicator");
        match read {
            Ok((field, points)) if field.len() == 3 => {
                let drawn =
                    simplex::Simplex::new(&field, &points, replicator, &context.title, theme)
                        .and_then(|figure| render::svg(&figure, &figure.theme));
                super::emit(folder, "evolution_simplex", drawn, &output, &mut rendered)?;
            }
            Ok((field, points)) if field.len() == 2 => {
                let drawn = simplex::Gradient::new(&field, &points, &context.title, theme)
                    .and_then(|figure| render::svg(&figure, &figure.theme));
                super::emit(folder, "evolution_gradient", drawn, &output, &mut rendered)?;
            }
            Ok((field, _)) => rendered.notes.push(format!(
                "evolution: the replicator's flow is drawn for 2 or 3 strategies; these results \
                 have {}, and fixed_points.csv lists its rest points",
                field.len()
            )),
            Err(reason) => rendered
                .failures
                .push(format!("chart evolution_simplex not drawn: {reason}")),
        }
    }
    Ok(rendered)
}

/// One process's rows of trajectories.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Shares {
    pub process: String,
    pub labels: Vec<String>,
    pub times: Vec<f64>,
    /// `values[time][strategy]`; NaN where the file has no row.
    pub values: Vec<Vec<f64>>,
}

fn open(path: &Path) -> Result<(csv::Reader<std::fs::File>, super::stacked::Columns), String> {
    let name = file_name(path);
    let mut reader =
        csv::Reader::from_path(path).map_err(|error| format!("cannot read {name}: {error}"))?;
    let columns = super::stacked::Columns::of(
        reader
            .headers()
            .map_err(|error| format!("cannot read {name}: {error}"))?,
    );
    Ok((reader, columns))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn records(
    path: &Path,
    required: &[&str],
    mut row: impl FnMut(&super::stacked::Columns, &csv::StringRecord) -> Result<(), String>,
) -> Result<(), String> {
    let name = file_name(path);
    let (mut reader, columns) = open(path)?;
    if let Some(missing) = required.iter().find(|c| columns.index(c).is_none()) {
        return Err(format!("{name} has no column {missing}"));
    }
    for record in reader.records() {
        let record = record.map_err(|error| format!("cannot read {name}: {error}"))?;
        row(&columns, &record)?;
    }
    Ok(())
}

/// Most rows of trajectories.csv read: a chart shows a few hundred points per process.
const MAX_TRAJECTORY_ROWS: usize = 5_000_000;

pub fn read_trajectories(path: &Path) -> Result<Vec<Shares>, String> {
    let mut all: Vec<Shares> = Vec::new();
    let mut rows = 0;
    records(
        path,
        &["process", "time", "strategy", "share"],
        |columns, record| {
            rows += 1;
            if rows > MAX_TRAJECTORY_ROWS {
                return Err(format!(
                    "trajectories.csv has more than {MAX_TRAJECTORY_ROWS} rows"
                ));
            }
            let process = columns.text(record, "process");
            let strategy = columns.text(record, "strategy");
            let (time, share) = (
                columns.number(record, "time"),
                columns.number(record, "share"),
            );
            if !(time.is_finite() && share.is_finite()) {
                return Err(format!(
                    "trajectories.csv: a time or share of {process} is not a number"
                ));
            }
            let index = match all.iter().position(|s| s.process == process) {
                Some(index) => index,
                None => {
                    all.push(Shares {
                        process: process.to_string(),
                        labels: Vec::new(),
                        times: Vec::new(),
                        values: Vec::new(),
                    });
                    all.len() - 1
                }
            };
            let shares = &mut all[index];
            let column = match shares.labels.iter().position(|label| label == strategy) {
                Some(column) => column,
                None => {
                    shares.labels.push(strategy.to_string());
                    shares.values.iter_mut().for_each(|row| row.push(f64::NAN));
                    shares.labels.len() - 1
                }
            };
            // Rows come grouped by time: a new time starts a new point.
            if shares.times.last() != Some(&time) {
                shares.times.push(time);
                shares.values.push(vec![f64::NAN; shares.labels.len()]);
            }
            if let Some(last) = shares.values.last_mut() {
                last[column] = share;
            }
            Ok(())
        },
    )?;
    Ok(all)
}

/// How the x axis of a process is titled.
fn time_title(process: &str) -> &'static str {
    match process {
        "moran" => "step of the Moran process",
        "replicator_discrete" => "generation",
        _ => "time",
    }
}

fn process_title(process: &str) -> String {
    match process {
        "moran" => "Moran process: mean shares over runs".into(),
        "replicator" => "Replicator dynamics".into(),
        "replicator_discrete" => "Discrete replicator dynamics".into(),
        other => other.to_string(),
    }
}

/// The shares of one process as stacked areas, in the style of the other stacked charts.
pub fn shares_figure(shares: &Shares, title: &str, theme: Theme) -> Result<Panels, String> {
    let k = shares.labels.len();
    if shares.times.len() < 2 {
        return Err(format!(
            "{} has fewer than two points in trajectories.csv",
            shares.process
        ));
    }
    if k > MAX_STRATEGIES {
        return Err(format!(
            "{k} strategies are too many areas to tell apart (at most {MAX_STRATEGIES})"
        ));
    }
    let mut legend = vec![LegendEntry::heading("share of")];
    for (index, label) in shares.labels.iter().enumerate() {
        legend.push(LegendEntry {
            label: display::strategy_name(label),
            color: theme::area_color(index),
            marker: None,
            dash: None,
            band: true,
        });
    }
    let mut below = vec![0.0; shares.times.len()];
    let mut series = Vec::with_capacity(k);
    for index in 0..k {
        let mut points = Vec::with_capacity(shares.times.len());
        for ((time, row), base) in shares.times.iter().zip(&shares.values).zip(&mut below) {
            let value = row[index];
            if !value.is_finite() {
                return Err(format!(
                    "trajectories.csv has no share of {} at time {time} of {}",
                    shares.labels[index], shares.process
                ));
            }
            let low = *base;
            *base = (low + value).min(1.0);
            points.push(Point {
                x: *time,
                y: *base,
                band: Some((low, *base)),
            });
        }
        series.push(Series {
            style: index + 1,
            points,
        });
    }
    let (first, last) = (shares.times[0], shares.times[shares.times.len() - 1]);
    let x_ticks = theme::nice_ticks(first, last, 4)
        .into_iter()
        .map(|value| (value, theme::round_label(value)))
        .filter(|(value, _)| *value >= first && *value <= last)
        .collect();
    Ok(Panels {
        theme,
        labels: Labels {
            title: if title.is_empty() {
                process_title(&shares.process)
            } else {
                title.to_string()
            },
            x: Some(time_title(&shares.process).into()),
            y: Some("share of the population".into()),
        },
        panels: vec![Panel {
            title: String::new(),
            series,
            guide: Vec::new(),
        }],
        legend,
        matrix: None,
        x_range: (first, last),
        x_ticks,
        y_range: (0.0, 1.0),
        y_ticks: axes::ticks(0.0, 1.0, 2),
        y_title: String::new(),
        stacked: true,
    })
}

/// One strategy's row of fixation.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct FixationRow {
    pub strategy: String,
    pub initial: f64,
    pub population: f64,
    pub probability: f64,
    pub low: f64,
    pub high: f64,
    pub exact: f64,
}

const WITH_MUTATION: &str = "with mutation nothing fixes";

pub fn read_fixation(path: &Path) -> Result<Vec<FixationRow>, String> {
    let mut rows = Vec::new();
    let mut mutation = false;
    records(
        path,
        &[
            "strategy",
            "initial_count",
            "population",
            "probability",
            "ci95_low",
            "ci95_high",
        ],
        |columns, record| {
            mutation |= columns.number(record, "mutation") > 0.0;
            rows.push(FixationRow {
                strategy: columns.text(record, "strategy").to_string(),
                initial: columns.number(record, "initial_count"),
                population: columns.number(record, "population"),
                probability: columns.number(record, "probability"),
                low: columns.number(record, "ci95_low"),
                high: columns.number(record, "ci95_high"),
                exact: columns.number(record, "exact"),
            });
            Ok(())
        },
    )?;
    if mutation {
        return Err(format!(
            "evolution_fixation: {WITH_MUTATION}, so no fixation chart is drawn; \
             fixation.csv's mean_share has each strategy's time-averaged share"
        ));
    }
    if rows.is_empty() {
        return Err("fixation.csv has no rows".into());
    }
    if rows.iter().any(|row| {
        !(row.probability.is_finite()
            && row.low.is_finite()
            && row.high.is_finite()
            && row.population > 0.0
            && row.initial.is_finite())
    }) {
        return Err("fixation.csv has a probability or count that is not a number".into());
    }
    Ok(rows)
}

/// Fixation probabilities: one row per strategy, the estimate with its 95% interval, the exact
/// value (an open circle), and the neutral reference i/N (a grey dashed tick: the
/// probability without selection from the strategy's initial count).
pub struct FixationPlot {
    theme: Theme,
    title: String,
    rows: Vec<FixationRow>,
    legend: Vec<LegendEntry>,
    range: (f64, f64),
}

const MARGIN_PT: f64 = 3.0;
const ROW_PT: f64 = 16.0;

impl FixationPlot {
    pub fn new(rows: Vec<FixationRow>, title: &str, theme: Theme) -> Result<FixationPlot, String> {
        if rows.len() > 40 {
            return Err(format!(
                "{} strategies are too many rows (at most 40)",
                rows.len()
            ));
        }
        let high = rows
            .iter()
            .flat_map(|row| [row.high, row.exact, row.initial / row.population])
            .filter(|value| value.is_finite())
            .fold(0.0_f64, f64::max);
        // A mark at the frame's edge would hide in it: the axis runs past the highest value.
        let top = theme::nice_ticks(0.0, high.max(1e-3) * 1.08, 4)
            .into_iter()
            .find(|tick| *tick >= high * 1.04)
            .unwrap_or(high.max(1e-3) * 1.08)
            .min(1.0);
        let mut legend = vec![LegendEntry {
            label: "simulated (95% CI)".into(),
            color: theme::palette(0),
            marker: Some(Marker::Circle),
            dash: None,
            band: false,
        }];
        if rows.iter().any(|row| row.exact.is_finite()) {
            // Drawn as an open circle around the estimate; the legend's swatch is a white
            // placeholder that `draw` draws one over.
            legend.push(LegendEntry {
                label: "exact".into(),
                color: WHITE,
                marker: Some(Marker::Circle),
                dash: None,
                band: false,
            });
        }
        legend.push(LegendEntry {
            label: "neutral, i/N".into(),
            color: GREY,
            marker: None,
            dash: Some(Some((2.0, 1.5))),
            band: false,
        });
        Ok(FixationPlot {
            theme,
            title: if title.is_empty() {
                "Moran process: fixation probabilities".into()
            } else {
                title.to_string()
            },
            rows,
            legend,
            range: (0.0, top),
        })
    }

    /// (legend places, plot left, plot top, plot right, height).
    fn layout(&self) -> (Vec<(i32, i32)>, i32, i32, i32, i32) {
        let t = &self.theme;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let title = axes::title_height(t, &self.title);
        let (places, legend_height) = axes::legend_layout(
            t,
            &self.legend,
            (margin, margin + title),
            width - 2 * margin,
        );
        let tick = t.tick();
        let widest = self
            .rows
            .iter()
            .map(|row| t.text_width(&display::strategy_name(&row.strategy), &tick))
            .max()
            .unwrap_or(0)
            .min(width / 3);
        let left = margin + widest + t.u(4.0);
        let top = margin + title + legend_height + t.u(4.0);
        let right = width - margin - t.text_width("0.00", &tick) / 2;
        let plot_height = t.u(ROW_PT) * self.rows.len() as i32;
        let height = top
            + plot_height
            + t.u(3.5)
            + t.line_height(&tick)
            + t.line_height(&t.label())
            + margin;
        (places, left, top, right, height)
    }

    pub fn sized(mut self) -> FixationPlot {
        let height = self.layout().4;
        self.theme.height_pt = f64::from(height) / theme::UNITS_PER_PT;
        self
    }
}

/// An open circle: the exact value, drawn over the estimate so both stay visible.
fn open_circle<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Theme,
    (x, y): (i32, i32),
    color: RGBColor,
) -> DrawResult<DB> {
    let r = t.u(axes::MARKER_PT + 1.3);
    root.draw(&Circle::new((x, y), r, color.stroke_width(t.u(0.9) as u32)))
}

impl Figure for FixationPlot {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let margin = t.u(MARGIN_PT);
        axes::title(root, t, &self.title, margin)?;
        let (places, left, top, right, _) = self.layout();
        axes::legend(root, t, &self.legend, &places)?;
        // The "exact" entry's swatch: an open circle in its colour.
        if let Some(index) = self.legend.iter().position(|e| e.label == "exact") {
            let (x, y) = places[index];
            // The swatch's centre, where the legend puts a marker.
            open_circle(root, t, (x + t.u(6.0), y), theme::palette(1))?;
        }
        let row_height = t.u(ROW_PT);
        let bottom = top + row_height * self.rows.len() as i32;
        let axis = LinearAxis {
            low: self.range.0,
            high: self.range.1,
            start: left,
            end: right,
        };
        let ticks = axes::ticks(self.range.0, self.range.1, 4);
        for (value, _) in &ticks {
            let x = axis.map(*value);
            root.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                RGBColor(225, 225, 225).stroke_width(t.hairline()),
            ))?;
        }
        let tick = t.tick();
        for (index, row) in self.rows.iter().enumerate() {
            let y = top + row_height * index as i32 + row_height / 2;
            root.draw(&Text::new(
                theme::fit_text(
                    t,
                    &display::strategy_name(&row.strategy),
                    &tick,
                    left - margin - t.u(4.0),
                ),
                (left - t.u(4.0), y),
                tick.pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
            let neutral = axis.map(row.initial / row.population);
            axes::line(
                root,
                t,
                &[
                    (neutral, y - row_height * 2 / 5),
                    (neutral, y + row_height * 2 / 5),
                ],
                GREY,
                t.u(0.9) as u32,
                Some((2.0, 1.5)),
            )?;
            let color = theme::palette(0);
            let whisker = t.u(2.0);
            let (low, high) = (axis.map(row.low), axis.map(row.high));
            root.draw(&PathElement::new(
                vec![(low, y), (high, y)],
                color.stroke_width(t.line()),
            ))?;
            for x in [low, high] {
                root.draw(&PathElement::new(
                    vec![(x, y - whisker), (x, y + whisker)],
                    color.stroke_width(t.line()),
                ))?;
            }
            axes::marker(
                root,
                t,
                Marker::Circle,
                (axis.map(row.probability), y),
                color,
            )?;
            if row.exact.is_finite() {
                open_circle(root, t, (axis.map(row.exact), y), theme::palette(1))?;
            }
        }
        root.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            GREY.stroke_width(t.hairline()),
        ))?;
        let used = axes::x_axis(root, t, &axis, &ticks, bottom, true)?;
        root.draw(&Text::new(
            "fixation probability".to_string(),
            ((left + right) / 2, bottom + used + t.u(1.0)),
            t.label().pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        Ok(())
    }
}

pub fn read_payoffs(path: &Path) -> Result<PayoffMatrix, String> {
    let mut entries: Vec<(String, String, f64)> = Vec::new();
    records(path, &["row", "column", "payoff"], |columns, record| {
        entries.push((
            columns.text(record, "row").to_string(),
            columns.text(record, "column").to_string(),
            columns.number(record, "payoff"),
        ));
        Ok(())
    })?;
    let mut labels: Vec<String> = Vec::new();
    for (row, _, _) in &entries {
        if !labels.contains(row) {
            labels.push(row.clone());
        }
    }
    let k = labels.len();
    if k > simplex::MAX_FLOW_STRATEGIES * 20 {
        return Err(format!("evolution_payoffs.csv has {k} strategies"));
    }
    let mut values = vec![f64::NAN; k * k];
    for (row, column, payoff) in entries {
        let i = labels.iter().position(|l| *l == row);
        let j = labels.iter().position(|l| *l == column);
        match (i, j) {
            (Some(i), Some(j)) => values[i * k + j] = payoff,
            _ => {
                return Err(format!(
                    "evolution_payoffs.csv: {column} is not a row strategy"
                ));
            }
        }
    }
    let matrix = PayoffMatrix::new(labels, values);
    matrix
        .check()
        .map_err(|reason| format!("evolution_payoffs.csv: {reason}"))?;
    Ok(matrix)
}

/// The selection intensity and mutation rate of the run, from fixation.csv's `selection` and
/// `mutation` columns (the same on every row).
pub fn read_rates(path: &Path) -> Result<(f64, f64), String> {
    if !path.is_file() {
        return Err("fixation.csv, whose selection and mutation give the flow, is missing".into());
    }
    let mut rates = None;
    records(path, &["selection", "mutation"], |columns, record| {
        let row = (
            columns.number(record, "selection"),
            columns.number(record, "mutation"),
        );
        match rates {
            None => rates = Some(row),
            Some(first) if first != row => {
                return Err("fixation.csv's rows differ in selection or mutation".to_string());
            }
            Some(_) => {}
        }
        Ok(())
    })?;
    rates.ok_or_else(|| "fixation.csv has no rows".to_string())
}

/// One rest point of fixed_points.csv: its shares in the order of `labels`.
#[derive(Debug, Clone, PartialEq)]
pub struct RestPoint {
    pub shares: Vec<f64>,
    pub stability: Stability,
}

pub fn read_fixed_points(path: &Path, labels: &[String]) -> Result<Vec<RestPoint>, String> {
    let mut points: Vec<(String, RestPoint)> = Vec::new();
    records(
        path,
        &["point", "strategy", "share", "stability"],
        |columns, record| {
            let id = columns.text(record, "point").to_string();
            let strategy = columns.text(record, "strategy");
            let stability =
                Stability::parse(columns.text(record, "stability")).ok_or_else(|| {
                    format!(
                        "fixed_points.csv: unknown stability {:?}",
                        columns.text(record, "stability")
                    )
                })?;
            let column = labels
                .iter()
                .position(|label| label == strategy)
                .ok_or_else(|| format!("fixed_points.csv names {strategy}, not in the payoffs"))?;
            let index = match points.iter().position(|(point, _)| *point == id) {
                Some(index) => index,
                None => {
                    points.push((
                        id,
                        RestPoint {
                            shares: vec![0.0; labels.len()],
                            stability,
                        },
                    ));
                    points.len() - 1
                }
            };
            points[index].1.shares[column] = columns.number(record, "share");
            Ok(())
        },
    )?;
    Ok(points.into_iter().map(|(_, point)| point).collect())
}

//! Small multiples of shares that add up to 1 per round, drawn as stacked areas (joint outcomes,
//! the triangle's configurations) or as lines (each pair's amity): reading such a table per cell,
//! thinned while streaming, and laying it out on the panels of [`super::panels`].

use super::axes::LegendEntry;
use super::data::{ChartData, wilson_interval};
use super::panels::{self, Panel, Panels, Point, Series};
use super::request::{Labels, Selection};
use super::rounds::{MAX_PANELS, MIN_REPLICATES};
use super::theme::{self, Theme};
use crate::display;
use plotters::style::RGBColor;
use std::collections::HashMap;

/// Bins kept per cell while reading: twice the points a panel draws, so a million-round table
/// costs a few hundred rows per cell.
const KEEP_PER_CELL: usize = 800;

/// One bin of rounds of one cell: where it sits and each category's share.
#[derive(Debug, Clone, PartialEq)]
pub struct StackPoint {
    pub round: u64,
    pub round_last: u64,
    pub replicates: u64,
    pub values: Vec<f64>,
}

impl StackPoint {
    fn midpoint(&self) -> f64 {
        (self.round as f64 + self.round_last as f64) / 2.0
    }
}

/// A cell's bins in file order, thinned while streaming: every `stride`-th bin and the last,
/// the stride doubling whenever more than [`KEEP_PER_CELL`] are held.
#[derive(Debug, Default)]
pub struct Thinned {
    kept: Vec<StackPoint>,
    stride: usize,
    seen: usize,
    last: Option<StackPoint>,
}

impl Thinned {
    pub fn push(&mut self, point: StackPoint) {
        self.stride = self.stride.max(1);
        if self.seen.is_multiple_of(self.stride) {
            self.kept.push(point);
            self.last = None;
            if self.kept.len() > KEEP_PER_CELL {
                let mut index = 0;
                self.kept.retain(|_| {
                    index += 1;
                    (index - 1) % 2 == 0
                });
                self.stride *= 2;
            }
        } else {
            self.last = Some(point);
        }
        self.seen += 1;
    }

    pub fn finish(mut self) -> Vec<StackPoint> {
        self.kept.extend(self.last);
        self.kept
    }
}

/// One category of the figure: its legend label and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    pub label: String,
    pub color: RGBColor,
}

/// How the categories are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Stacked from the bottom in category order, filling to 1.
    Stacked,
    /// A line (with its Wilson band) per category, dashed by index.
    Lines,
}

/// The figure: a panel per selected cell, `points[cell]` its bins (values in `categories`
/// order). The legend opens with `heading`.
#[allow(clippy::too_many_arguments)]
pub fn figure(
    data: &ChartData,
    selection: &Selection,
    categories: &[Category],
    points: &HashMap<usize, Vec<StackPoint>>,
    style: Style,
    heading: &str,
    labels: Labels,
    theme: Theme,
) -> Result<Panels, String> {
    if selection.cells.is_empty() {
        return Err("no profiles to show".into());
    }
    if selection.cells.len() > MAX_PANELS {
        return Err(format!(
            "{} profiles are too many panels for one figure (at most {MAX_PANELS}); choose \
             `profiles`",
            selection.cells.len()
        ));
    }
    let mut legend = vec![LegendEntry::heading(heading)];
    for (index, category) in categories.iter().enumerate() {
        legend.push(LegendEntry {
            label: category.label.clone(),
            color: category.color,
            marker: None,
            dash: match style {
                // A filled swatch: the legend draws a band without a line as an area.
                Style::Stacked => None,
                Style::Lines => Some(theme::dash(index)),
            },
            band: true,
        });
    }
    let mut panels = Vec::with_capacity(selection.cells.len());
    let mut last_round = 2.0_f64;
    for &cell in &selection.cells {
        let profile = data.profile(cell).unwrap_or_default();
        let bins = points.get(&cell).map(Vec::as_slice).unwrap_or_default();
        let Some(first) = bins.first() else {
            return Err(format!("no rows for {profile}"));
        };
        // As the rounds chart: estimates only while enough replicates remain.
        let enough = MIN_REPLICATES.min(first.replicates).max(1);
        let shown: Vec<&StackPoint> = bins.iter().filter(|bin| bin.replicates >= enough).collect();
        for bin in &shown {
            if bin.values.iter().any(|value| !value.is_finite()) {
                return Err(format!(
                    "a share in {profile} at round {} is not a number",
                    bin.round
                ));
            }
            last_round = last_round.max(bin.round_last as f64);
        }
        let mut series = Vec::with_capacity(categories.len());
        let mut below = vec![0.0; shown.len()];
        for index in 0..categories.len() {
            let mut points = Vec::with_capacity(2 * shown.len());
            for (bin, base) in shown.iter().zip(below.iter_mut()) {
                let value = bin.values.get(index).copied().unwrap_or(0.0);
                match style {
                    Style::Stacked => {
                        let low = *base;
                        // Rounding must not push the top past the frame.
                        *base = (low + value).min(1.0);
                        // A step per bin, edge to edge: a share that alternates round by
                        // round shows as stripes, not as slopes between midpoints.
                        for x in [bin.round as f64 - 0.5, bin.round_last as f64 + 0.5] {
                            points.push(Point {
                                x,
                                y: *base,
                                band: Some((low, *base)),
                            });
                        }
                    }
                    Style::Lines => points.push(Point {
                        x: bin.midpoint(),
                        y: value,
                        band: Some(wilson_interval(value, bin.replicates)),
                    }),
                }
            }
            series.push(Series {
                style: index + 1,
                points,
            });
        }
        panels.push(Panel {
            title: display::profile_name(&profile),
            series,
            guide: Vec::new(),
        });
    }
    let x_ticks = theme::nice_ticks(1.0, last_round, 3)
        .into_iter()
        .filter(|round| *round >= 1.0 && *round <= last_round * 0.92)
        .map(|round| (round, theme::round_label(round)))
        .collect();
    Ok(Panels {
        theme,
        labels,
        matrix: panels::matrix_of(data, selection),
        panels,
        legend,
        x_range: match style {
            Style::Stacked => (0.5, last_round + 0.5),
            Style::Lines => (1.0, last_round),
        },
        x_ticks,
        y_range: (0.0, 1.0),
        y_ticks: super::axes::ticks(0.0, 1.0, 2),
        y_title: "share of replicates".into(),
        stacked: style == Style::Stacked,
    })
}

/// Reads a per-round CSV by column name, calling `row` with each record of a cell `keep`
/// accepts; an unreadable file or record is an error naming the file.
pub fn stream(
    path: &std::path::Path,
    keep: impl Fn(usize) -> bool,
    mut row: impl FnMut(usize, &Columns, &csv::StringRecord),
) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut reader =
        csv::Reader::from_path(path).map_err(|error| format!("cannot read {name}: {error}"))?;
    let columns = Columns::of(
        reader
            .headers()
            .map_err(|error| format!("cannot read {name}: {error}"))?,
    );
    let cell_column = columns
        .index("cell")
        .ok_or(format!("{name} has no column cell"))?;
    for record in reader.records() {
        let record = record.map_err(|error| format!("cannot read {name}: {error}"))?;
        let Some(cell) = record
            .get(cell_column)
            .and_then(|text| text.parse::<usize>().ok())
        else {
            continue;
        };
        if keep(cell) {
            row(cell, &columns, &record);
        }
    }
    Ok(())
}

/// A CSV header, looked up by name.
pub struct Columns {
    pub names: Vec<String>,
}

impl Columns {
    /// The header record of a CSV file.
    pub fn of(headers: &csv::StringRecord) -> Columns {
        Columns {
            names: headers.iter().map(str::to_string).collect(),
        }
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|column| column == name)
    }

    /// The field of `name` as a number; NaN when absent or empty.
    pub fn number(&self, record: &csv::StringRecord, name: &str) -> f64 {
        self.index(name)
            .and_then(|index| record.get(index))
            .and_then(|text| text.parse().ok())
            .unwrap_or(f64::NAN)
    }

    /// The field of `name` as text; empty when absent.
    pub fn text<'r>(&self, record: &'r csv::StringRecord, name: &str) -> &'r str {
        self.index(name)
            .and_then(|index| record.get(index))
            .unwrap_or("")
    }
}

//! Publication charts, drawn from the exported CSV files (never from the simulator), as SVG and
//! PNG with an embedded font.
//!
//! Every chart stays readable and bounded: canvases are at most [`MAX_CANVAS`] pixels a side;
//! the per-profile payoff chart is drawn up to [`MAX_DOT_PROFILES`] profiles, beyond which a
//! two-player game gets a heatmap per player and larger games a note; per-cell action charts are
//! drawn for the first [`MAX_ACTION_CHARTS`] cells. What is replaced or skipped is said in
//! [`Rendered::notes`].

mod data;
mod heatmap;
pub mod spec;
mod theme;

use crate::export::ExportError;
pub use data::{ChartData, KEEP_PER_SERIES, RoundRow, SummaryRow};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;
use theme::{FONT, palette};

/// Points per series in a per-round chart, at most (about one per horizontal pixel).
const MAX_POINTS: usize = 1000;

/// Largest width or height of any canvas, in pixels: 13 inches at 300 dpi. A 316 × 316-profile
/// dot chart once asked for a 9.7 GB bitmap.
pub const MAX_CANVAS: u32 = 4000;

/// Most profiles in the per-profile payoff chart: beyond about 40 its labels blur into a wall.
pub const MAX_DOT_PROFILES: usize = 40;

/// Most per-cell action charts: one file pair per cell stops being browsable beyond this.
pub const MAX_ACTION_CHARTS: usize = 40;

/// The charts written, and what was replaced or skipped and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub files: Vec<String>,
    pub notes: Vec<String>,
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A figure that can be drawn on any plotters backend, so SVG and PNG share one drawing code.
trait Figure {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

struct PayoffFigure<'a> {
    data: &'a ChartData,
    title: &'a str,
}

struct ActionsFigure<'a> {
    data: &'a ChartData,
    cell: usize,
    title: &'a str,
}

impl Figure for PayoffFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        draw_payoffs(root, self.data, self.title)
    }
}

impl Figure for ActionsFigure<'_> {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult<DB> {
        draw_actions(root, self.data, self.cell, self.title)
    }
}

/// Renders every chart for the results in `folder`; returns the file names written and notes on
/// the charts replaced or skipped.
pub fn render_all(folder: &Path, title: &str) -> Result<Rendered, ExportError> {
    theme::register_font();
    // Cells are numbered from 0 in file order, so the charted ones are the first few.
    let data = ChartData::read(folder, |cell| cell < MAX_ACTION_CHARTS)?;
    let mut rendered = Rendered::default();
    let cells = data.cells();
    let players = data.players();
    if cells.len() <= MAX_DOT_PROFILES {
        rendered.files.extend(render_both(
            folder,
            "payoffs",
            payoff_chart_size(&data),
            &PayoffFigure { data: &data, title },
        )?);
    } else if let Some(grid) = heatmap::Grid::of(&data) {
        for player_index in 0..players.len() {
            let figure = heatmap::HeatmapFigure {
                grid: &grid,
                player: player_index,
                title,
            };
            rendered.files.extend(render_both(
                folder,
                &format!("payoffs_heatmap_player{}", player_index + 1),
                figure.size(),
                &figure,
            )?);
        }
        rendered.notes.push(format!(
            "payoffs: {} profiles are too many for one row each; drew a heatmap per player \
             (payoffs_heatmap_player1 … player{}) instead",
            cells.len(),
            players.len()
        ));
    } else {
        rendered.notes.push(format!(
            "payoffs: {} profiles of {} players are too many for a readable chart (a heatmap \
             needs two players with at most {} candidates each); skipped, summary.csv has \
             every value",
            cells.len(),
            players.len(),
            heatmap::MAX_SIDE
        ));
    }
    let width = 470 * players.len().max(1) as u32 + 30;
    let charted: Vec<usize> = cells
        .iter()
        .copied()
        .filter(|cell| *cell < MAX_ACTION_CHARTS)
        .collect();
    for &cell in &charted {
        let figure = ActionsFigure {
            data: &data,
            cell,
            title,
        };
        rendered.files.extend(render_both(
            folder,
            &format!("actions_cell{cell:03}"),
            (width, 470),
            &figure,
        )?);
    }
    if charted.len() < cells.len() {
        let skipped = cells.len() - charted.len();
        rendered.notes.push(format!(
            "actions: charts drawn for cells 0–{} only; the other {skipped} cells ({}–{}) are \
             skipped, rounds.csv has every value",
            MAX_ACTION_CHARTS - 1,
            MAX_ACTION_CHARTS,
            cells.iter().max().copied().unwrap_or(0)
        ));
    }
    Ok(rendered)
}

fn render_both(
    folder: &Path,
    stem: &str,
    size: (u32, u32),
    figure: &impl Figure,
) -> Result<Vec<String>, ExportError> {
    let size = (size.0.clamp(1, MAX_CANVAS), size.1.clamp(1, MAX_CANVAS));
    let svg_name = format!("{stem}.svg");
    let png_name = format!("{stem}.png");
    let failed = |name: &str, error: String| ExportError::Chart(format!("{name}: {error}"));
    let svg_path = folder.join(&svg_name);
    figure
        .draw(SVGBackend::new(&svg_path, size).into_drawing_area())
        .map_err(|e| failed(&svg_name, e.to_string()))?;
    let png_path = folder.join(&png_name);
    figure
        .draw(BitMapBackend::new(&png_path, size).into_drawing_area())
        .map_err(|e| failed(&png_name, e.to_string()))?;
    Ok(vec![svg_name, png_name])
}

/// A round number as a tick label: whole thousands as `20k` from 10 000 on, so six labels of a
/// long match fit side by side.
fn round_label(round: f64) -> String {
    if round >= 10_000.0 && round % 1000.0 == 0.0 {
        format!("{:.0}k", round / 1000.0)
    } else {
        format!("{round:.0}")
    }
}

/// The smallest and largest finite values (undefined statistics are NaN), or [0, 1] when there
/// are none, so an axis always has a range.
fn finite_range(values: impl IntoIterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .into_iter()
        .filter(|value| value.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| {
            (low.min(value), high.max(value))
        });
    if low.is_finite() {
        (low, high)
    } else {
        (0.0, 1.0)
    }
}

/// Wilson's 95% score interval for a share `p` observed over `n` replicates; unlike the normal
/// approximation it stays inside [0, 1] and is not degenerate at 0 or 1.
pub fn wilson_interval(p: f64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054;
    let n = n as f64;
    let denominator = 1.0 + z * z / n;
    let center = (p + z * z / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    ((center - half).max(0.0), (center + half).min(1.0))
}

/// Room for the longest profile label at 13 px (about 7.5 px a character in DejaVu Sans).
fn profile_label_width(data: &ChartData) -> u32 {
    let longest = data
        .summary
        .iter()
        .map(|row| row.profile.chars().count())
        .max()
        .unwrap_or(10) as u32;
    (longest * 15 / 2 + 40).clamp(120, 560)
}

fn payoff_chart_size(data: &ChartData) -> (u32, u32) {
    let profiles = data.cells().len() as u32;
    let players = data.players().len().max(1) as u32;
    (
        profile_label_width(data) + 640,
        (profiles * (14 * players + 14) + 170).max(320),
    )
}

fn draw_payoffs<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &ChartData,
    title: &str,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let cells = data.cells();
    let players = data.players();
    let (low, high) = finite_range(
        data.summary
            .iter()
            .flat_map(|row| [row.mean_payoff, row.ci95_low, row.ci95_high]),
    );
    let pad = ((high - low) * 0.08).max(0.1);
    // Each profile owns 2 × players integer rows: players sit on the odd rows, the profile's
    // label on the middle one. An integer axis with one tick per row puts each label exactly
    // there, which a continuous axis's "nice" ticks cannot promise.
    let slots = 2 * players.len().max(1) as i32;
    let rows = cells.len() as i32 * slots;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("{title}: mean payoff per round (95% CI)"),
            (FONT, 20),
        )
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(profile_label_width(data))
        // One empty profile's height above the first keeps the legend clear of the data.
        .build_cartesian_2d((low - pad)..(high + pad), 0..rows + slots)?;
    chart
        .configure_mesh()
        .x_desc("mean payoff per round")
        .y_desc("profile")
        .y_labels((rows + slots) as usize + 1)
        .disable_y_mesh()
        .y_label_formatter(&|y| {
            if *y >= rows || y.rem_euclid(slots) != slots / 2 {
                return String::new();
            }
            // Profiles run top to bottom in cell order.
            let index = (cells.len() as i32 - 1 - y / slots) as usize;
            cells
                .get(index)
                .and_then(|cell| data.profile(*cell))
                .unwrap_or_default()
        })
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    for (player_index, player) in players.iter().enumerate() {
        let color = palette(player_index);
        let rows_of_player: Vec<&SummaryRow> = data
            .summary
            .iter()
            .filter(|row| &row.player == player)
            .collect();
        let position = |row: &SummaryRow| {
            let index = cells.iter().position(|cell| *cell == row.cell).unwrap_or(0) as i32;
            (cells.len() as i32 - 1 - index) * slots + slots - 1 - 2 * player_index as i32
        };
        chart.draw_series(
            rows_of_player
                .iter()
                .filter(|row| row.ci95_low.is_finite())
                .map(|row| {
                    ErrorBar::new_horizontal(
                        position(row),
                        row.ci95_low,
                        row.mean_payoff,
                        row.ci95_high,
                        color.stroke_width(2),
                        8,
                    )
                }),
        )?;
        chart
            .draw_series(
                rows_of_player
                    .iter()
                    .map(|row| Circle::new((row.mean_payoff, position(row)), 5, color.filled())),
            )?
            .label(player.clone())
            .legend(move |(x, y)| Circle::new((x + 10, y), 5, color.filled()));
    }
    chart
        .configure_series_labels()
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .position(SeriesLabelPosition::UpperRight)
        .draw()?;
    root.present()
}

fn draw_actions<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    data: &ChartData,
    cell: usize,
    title: &str,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let profile = data.profile(cell).unwrap_or_default();
    let root = root.titled(&format!("{title}: {profile}"), (FONT, 18))?;
    let players = data.players();
    let panels = root.split_evenly((1, players.len().max(1)));
    for (panel, player) in panels.iter().zip(&players) {
        let rows: Vec<&RoundRow> = data
            .rounds
            .iter()
            .filter(|row| row.cell == cell && &row.player == player)
            .collect();
        let last_round = rows
            .iter()
            .map(|row| row.round_last)
            .max()
            .unwrap_or(1)
            .max(2) as f64;
        let strategy = data.strategy(cell, player).unwrap_or_default();
        let mut chart = ChartBuilder::on(panel)
            .caption(format!("{player} ({strategy})"), (FONT, 15))
            .margin(12)
            .margin_right(22)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(1.0..last_round, 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_desc("round")
            .y_desc("share of replicates")
            // A panel is about 450 px wide: six labels of at most five characters fit.
            .x_labels(6)
            .x_label_formatter(&|round| round_label(*round))
            .label_style((FONT, 12))
            .axis_desc_style((FONT, 13))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        for (action_index, action) in data.actions.iter().enumerate() {
            // Long matches would put one vertex per round into the SVG (megabytes for 50 000
            // rounds, far below screen resolution); every `stride`-th round, and the last,
            // keeps about MAX_POINTS exact per-round values. rounds.csv keeps them all.
            let stride = rows.len().div_ceil(MAX_POINTS).max(1);
            let points: Vec<(f64, f64, u64)> = rows
                .iter()
                .enumerate()
                .filter(|(index, _)| index % stride == 0 || index + 1 == rows.len())
                .filter_map(|(_, row)| {
                    // Binned rows sit at the middle of their bin.
                    row.shares
                        .get(action_index)
                        .copied()
                        .flatten()
                        .map(|share| (row.midpoint(), share, row.replicates))
                })
                .collect();
            if points.is_empty() {
                continue;
            }
            let color = palette(action_index);
            let mut band: Vec<(f64, f64)> = points
                .iter()
                .map(|(x, p, n)| (*x, wilson_interval(*p, *n).1))
                .collect();
            band.extend(
                points
                    .iter()
                    .rev()
                    .map(|(x, p, n)| (*x, wilson_interval(*p, *n).0)),
            );
            chart.draw_series(std::iter::once(Polygon::new(
                band,
                color.mix(0.22).filled(),
            )))?;
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|(x, p, _)| (*x, *p)),
                    // Thick strokes on near-vertical segments (dense, noisy series) render as
                    // long miter spikes beyond the plot; thin lines do not.
                    color.stroke_width(if stride > 1 { 1 } else { 2 }),
                ))?
                .label(format!("{action} (95% band)"))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .label_font((FONT, 12))
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.4))
            .position(SeriesLabelPosition::UpperRight)
            .draw()?;
    }
    root.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_match_ticks_are_short() {
        assert_eq!(round_label(200_000.0), "200k");
        assert_eq!(round_label(20_000.0), "20k");
        assert_eq!(round_label(5000.0), "5000");
        assert_eq!(round_label(12_500.0), "12500");
        assert_eq!(round_label(1.0), "1");
    }

    #[test]
    fn wilson_interval_matches_the_closed_form() {
        // Wilson (1927): p = 0.5, n = 100 gives 0.5 ± 0.0961941 (z = 1.96).
        let (low, high) = wilson_interval(0.5, 100);
        assert!(
            (low - 0.403_831).abs() < 1e-4 && (high - 0.596_169).abs() < 1e-4,
            "{low} {high}"
        );
        let (low, high) = wilson_interval(0.0, 100);
        assert!(low.abs() < 1e-12);
        // Upper bound at zero successes: z² / (n + z²) = 3.8415 / 103.8415.
        assert!((high - 3.841_459 / 103.841_459).abs() < 1e-6);
    }
}

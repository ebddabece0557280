//! A tournament's charts, read from tournament.csv, scores.csv and equilibria.csv: the payoff
//! and cooperation heatmaps (equilibria of the meta-game outlined), the ranking as a box per
//! strategy over repetitions, and the wins per repetition.

use super::axes::{self, LinearAxis};
use super::data::Measure;
use super::heatmap::{Grid, Heatmap};
use super::render::{DrawResult, Figure};
use super::request::Labels;
use super::stacked::Columns;
use super::theme::{self, GREY, Theme, okabe_ito};
use super::{ChartError, Context, Rendered};
use crate::display;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One tournament.csv row.
struct PairRow {
    player: String,
    strategy: String,
    opponent: String,
    mean: f64,
    interval: Option<(f64, f64)>,
    cooperation: f64,
}

/// One side's strategies (ranked best first) and its results.
struct SideData {
    player: String,
    /// In ranking order.
    ranked: Vec<String>,
    /// Per strategy (by label): its scores over repetitions, and its wins per repetition.
    scores: HashMap<String, Vec<f64>>,
    wins: HashMap<String, Vec<f64>>,
    /// Opponents each strategy meets in a repetition (self-play excluded).
    opponents: usize,
}

/// A tournament results folder's tables.
pub struct TournamentData {
    pairs: Vec<PairRow>,
    sides: Vec<SideData>,
    /// Equilibrium profiles as (first player's strategy, second's).
    equilibria: Vec<(String, String)>,
}

fn read_csv(folder: &Path, name: &str) -> Result<(Columns, Vec<csv::StringRecord>), ChartError> {
    let path = folder.join(name);
    let csv_error = |source| ChartError::Csv {
        path: path.clone(),
        source,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(csv_error)?;
    let columns = Columns::of(reader.headers().map_err(csv_error)?);
    let rows = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_error)?;
    Ok((columns, rows))
}

impl TournamentData {
    /// The tables of `folder`, or `None` when it holds no tournament.
    pub fn read(folder: &Path) -> Result<Option<TournamentData>, ChartError> {
        if !folder.join("tournament.csv").is_file() {
            return Ok(None);
        }
        let (columns, rows) = read_csv(folder, "tournament.csv")?;
        let pairs: Vec<PairRow> = rows
            .iter()
            .map(|row| {
                let low = columns.number(row, "ci95_low");
                let high = columns.number(row, "ci95_high");
                PairRow {
                    player: columns.text(row, "player").to_string(),
                    strategy: columns.text(row, "strategy").to_string(),
                    opponent: columns.text(row, "opponent").to_string(),
                    mean: columns.number(row, "mean_payoff"),
                    interval: (low.is_finite() && high.is_finite()).then_some((low, high)),
                    cooperation: columns.number(row, "cooperation"),
                }
            })
            .collect();
        let (columns, rows) = read_csv(folder, "ranking.csv")?;
        let mut sides: Vec<SideData> = Vec::new();
        for row in &rows {
            let player = columns.text(row, "player");
            if sides.last().is_none_or(|side| side.player != player) {
                sides.push(SideData {
                    player: player.to_string(),
                    ranked: Vec::new(),
                    scores: HashMap::new(),
                    wins: HashMap::new(),
                    opponents: 0,
                });
            }
            if let Some(side) = sides.last_mut() {
                side.ranked.push(columns.text(row, "strategy").to_string());
            }
        }
        let (columns, rows) = read_csv(folder, "scores.csv")?;
        for row in &rows {
            let player = columns.text(row, "player");
            let Some(side) = sides.iter_mut().find(|side| side.player == player) else {
                continue;
            };
            let strategy = columns.text(row, "strategy").to_string();
            side.scores
                .entry(strategy.clone())
                .or_default()
                .push(columns.number(row, "score"));
            side.wins
                .entry(strategy)
                .or_default()
                .push(columns.number(row, "wins"));
        }
        for side in &mut sides {
            let opponents: Vec<&str> = pairs
                .iter()
                .filter(|pair| pair.player == side.player)
                .map(|pair| pair.opponent.as_str())
                .collect();
            let distinct: std::collections::HashSet<&str> = opponents.into_iter().collect();
            // A round robin's strategies meet every other; a bipartite side meets all of the other.
            side.opponents = if side.player.is_empty() {
                distinct.len().saturating_sub(1)
            } else {
                distinct.len()
            };
        }
        let mut equilibria = Vec::new();
        if folder.join("equilibria.csv").is_file() {
            let (columns, rows) = read_csv(folder, "equilibria.csv")?;
            let mut current: Option<(String, Vec<String>)> = None;
            for row in &rows {
                let number = columns.text(row, "equilibrium").to_string();
                let strategy = columns.text(row, "strategy").to_string();
                match &mut current {
                    Some((at, members)) if *at == number => members.push(strategy),
                    _ => {
                        if let Some((_, members)) = current.take()
                            && let [a, b] = members.as_slice()
                        {
                            equilibria.push((a.clone(), b.clone()));
                        }
                        current = Some((number, vec![strategy]));
                    }
                }
            }
            if let Some((_, members)) = current
                && let [a, b] = members.as_slice()
            {
                equilibria.push((a.clone(), b.clone()));
            }
        }
        Ok(Some(TournamentData {
            pairs,
            sides,
            equilibria,
        }))
    }

    fn round_robin(&self) -> bool {
        self.sides.len() == 1 && self.sides[0].player.is_empty()
    }

    /// The labels of a side in the scenario's order (tournament.csv's), not ranked.
    fn listed(&self, player: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        self.pairs
            .iter()
            .filter(|pair| pair.player == player && seen.insert(pair.strategy.as_str()))
            .map(|pair| pair.strategy.clone())
            .collect()
    }

    /// The sides whose pairings the rows and the columns show (both the population in a round
    /// robin), and the row and column labels in scenario order.
    fn axes(&self) -> ([&str; 2], [Vec<String>; 2]) {
        if self.round_robin() {
            let labels = self.listed("");
            return (["", ""], [labels.clone(), labels]);
        }
        let (first, second) = (self.sides[0].player.as_str(), self.sides[1].player.as_str());
        ([first, second], [self.listed(first), self.listed(second)])
    }

    /// The grid of a measure: a round robin's strategy × opponent, or a bipartite game's first
    /// player's candidates × the second's, one panel per player.
    fn grid(&self, measure: impl Fn(&PairRow) -> Measure) -> Grid {
        let index: HashMap<(&str, &str, &str), &PairRow> = self
            .pairs
            .iter()
            .map(|p| {
                (
                    (p.player.as_str(), p.strategy.as_str(), p.opponent.as_str()),
                    p,
                )
            })
            .collect();
        let find = |player: &str, strategy: &str, opponent: &str| {
            index.get(&(player, strategy, opponent)).map(|p| measure(p))
        };
        let ([first, second], [rows, columns]) = self.axes();
        let mut values = [Vec::new(), Vec::new()];
        for row in &rows {
            for column in &columns {
                values[0].push(find(first, row, column));
                // A round robin has one panel: the population's payoffs.
                if !self.round_robin() {
                    values[1].push(find(second, column, row));
                }
            }
        }
        if self.round_robin() {
            values[1] = vec![None; values[0].len()];
            return Grid::from_parts(
                [rows, columns],
                ["strategy".into(), "opponent".into()],
                values,
            );
        }
        Grid::from_parts([rows, columns], [first.into(), second.into()], values)
    }

    /// A heatmap of one measure with the meta-game's equilibria outlined.
    fn heatmap(
        &self,
        metric: &str,
        what: &str,
        title: &str,
        theme: Theme,
        measure: impl Fn(&PairRow) -> Measure,
    ) -> Heatmap {
        let grid = self.grid(measure);
        let round_robin = self.round_robin();
        let (panels, titles, labels) = if round_robin {
            (
                vec![0],
                vec![format!("{what} of the row strategy against the column")],
                Labels {
                    title: title.to_string(),
                    x: Some("opponent".into()),
                    y: Some("strategy".into()),
                },
            )
        } else {
            (
                vec![0, 1],
                self.sides
                    .iter()
                    .map(|side| format!("{}: {what}", side.player))
                    .collect(),
                Labels {
                    title: title.to_string(),
                    x: None,
                    y: None,
                },
            )
        };
        let mut heatmap =
            Heatmap::of_grid(grid, panels.clone(), metric, labels, theme).with_panel_titles(titles);
        let (_, [row_names, column_names]) = self.axes();
        for (a, b) in &self.equilibria {
            let (Some(row), Some(column)) = (
                row_names.iter().position(|n| n == a),
                column_names.iter().position(|n| n == b),
            ) else {
                continue;
            };
            for &panel in &panels {
                heatmap.outline(panel, row, column);
                if round_robin {
                    heatmap.outline(panel, column, row);
                }
            }
        }
        heatmap
    }
}

/// Draws every tournament chart of `folder` into it.
pub fn render(
    folder: &Path,
    data: &TournamentData,
    context: &Context,
    rendered: &mut Rendered,
) -> Result<(), ChartError> {
    let output = super::output_of(None, &context.overrides);
    let width = context
        .overrides
        .width_pt
        .unwrap_or(super::DOUBLE_COLUMN_PT);
    let theme = Theme {
        width_pt: width,
        height_pt: width,
        font_pt: theme::DEFAULT_FONT_PT,
    };
    let marked = if data.equilibria.is_empty() {
        String::new()
    } else {
        " (outlined: pure equilibria of the meta-game)".to_string()
    };
    let payoffs = data
        .heatmap(
            "mean_payoff",
            "payoff per round",
            &format!("{}: payoffs{marked}", context.title),
            theme,
            |pair| Measure {
                value: pair.mean,
                interval: pair.interval,
            },
        )
        .sized(None);
    let svg = super::render::svg(&payoffs, payoffs.theme());
    super::emit(folder, "tournament", svg, &output, rendered)?;
    let cooperation = data
        .heatmap(
            "cooperation",
            "share of rounds playing C",
            &format!("{}: cooperation", context.title),
            theme,
            |pair| Measure {
                value: pair.cooperation,
                interval: None,
            },
        )
        .with_scale(0.0, 1.0)
        .sized(None);
    let svg = super::render::svg(&cooperation, cooperation.theme());
    super::emit(folder, "cooperation", svg, &output, rendered)?;
    for kind in [RowsKind::Scores, RowsKind::Wins] {
        let figure = SideRows::new(data, kind, &context.title, theme);
        let svg = figure.and_then(|figure| {
            let figure = figure.sized();
            super::render::svg(&figure, &figure.theme)
        });
        super::emit(folder, kind.stem(), svg, &output, rendered)?;
    }
    Ok(())
}

/// What a row of a [`SideRows`] figure shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RowsKind {
    /// A box of the strategy's scores over repetitions.
    Scores,
    /// A bar of the strategy's mean wins per repetition.
    Wins,
}

impl RowsKind {
    fn stem(self) -> &'static str {
        match self {
            RowsKind::Scores => "ranking",
            RowsKind::Wins => "wins",
        }
    }
}

/// Five-number summary of a box plot (Tukey's: whiskers to the furthest value within 1.5 IQR).
#[derive(Debug, Clone, PartialEq)]
struct BoxStats {
    low_whisker: f64,
    q1: f64,
    median: f64,
    q3: f64,
    high_whisker: f64,
    mean: f64,
    outliers: Vec<f64>,
}

/// Quantile by linear interpolation between order statistics (numpy's default, type 7).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + (sorted[above] - sorted[below]) * (position - below as f64)
}

fn box_stats(values: &[f64]) -> Option<BoxStats> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let (q1, median, q3) = (
        quantile(&sorted, 0.25),
        quantile(&sorted, 0.5),
        quantile(&sorted, 0.75),
    );
    let reach = 1.5 * (q3 - q1);
    let inside = |v: &&f64| **v >= q1 - reach && **v <= q3 + reach;
    let low_whisker = sorted.iter().find(inside).copied().unwrap_or(q1);
    let high_whisker = sorted.iter().rev().find(inside).copied().unwrap_or(q3);
    Some(BoxStats {
        low_whisker,
        q1,
        median,
        q3,
        high_whisker,
        mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
        outliers: sorted.iter().filter(|v| !inside(v)).copied().collect(),
    })
}

/// One panel per side, one row per strategy in ranking order (best on top).
struct SideRows {
    theme: Theme,
    title: String,
    kind: RowsKind,
    panels: Vec<(String, Vec<(String, BoxStats)>)>,
    range: (f64, f64),
    /// Each panel's axis title: a side's wins are out of its own number of opponents.
    x_titles: Vec<String>,
}

const MARGIN_PT: f64 = 3.0;

impl SideRows {
    fn new(
        data: &TournamentData,
        kind: RowsKind,
        title: &str,
        theme: Theme,
    ) -> Result<SideRows, String> {
        let mut panels = Vec::new();
        let mut most_opponents = 0;
        let mut opponents = Vec::new();
        for side in &data.sides {
            let source = match kind {
                RowsKind::Scores => &side.scores,
                RowsKind::Wins => &side.wins,
            };
            let rows: Vec<(String, BoxStats)> = side
                .ranked
                .iter()
                .filter_map(|label| {
                    let stats = box_stats(source.get(label)?)?;
                    Some((display::strategy_name(label), stats))
                })
                .collect();
            if rows.is_empty() {
                return Err("scores.csv has no scores".into());
            }
            most_opponents = most_opponents.max(side.opponents);
            opponents.push(side.opponents);
            let heading = if side.player.is_empty() {
                String::new()
            } else {
                format!("{}'s candidates", side.player)
            };
            panels.push((heading, rows));
        }
        let repetitions = data
            .sides
            .first()
            .and_then(|side| side.scores.values().next())
            .map_or(0, Vec::len);
        let (range, x_titles, title) = match kind {
            RowsKind::Scores => {
                let values = panels.iter().flat_map(|(_, rows)| {
                    rows.iter().flat_map(|(_, s)| {
                        [s.low_whisker, s.high_whisker]
                            .into_iter()
                            .chain(s.outliers.iter().copied())
                    })
                });
                let range = axes::finite_range(values).ok_or("no finite scores")?;
                let x_title = format!(
                    "mean payoff per round against the others, per repetition ({repetitions})"
                );
                (
                    axes::padded(range, 0.05),
                    vec![x_title; panels.len()],
                    format!("{title}: ranking by median score"),
                )
            }
            RowsKind::Wins => (
                // One scale for both sides, so their bars compare.
                (0.0, most_opponents.max(1) as f64),
                opponents
                    .iter()
                    .map(|most| {
                        format!(
                            "matches won per repetition (mean of {repetitions}; at most {most})"
                        )
                    })
                    .collect(),
                format!("{title}: wins (a strictly higher total in a match)"),
            ),
        };
        Ok(SideRows {
            theme,
            title,
            kind,
            panels,
            range,
            x_titles,
        })
    }

    fn row_height(&self) -> i32 {
        let t = &self.theme;
        t.line_height(&t.label()) * 3 / 2
    }

    fn label_width(&self) -> i32 {
        let t = &self.theme;
        let widest = self
            .panels
            .iter()
            .flat_map(|(_, rows)| rows.iter())
            .map(|(name, _)| t.text_width(name, &t.label()))
            .max()
            .unwrap_or(0);
        widest.min(t.u(t.width_pt) * 2 / 5)
    }

    fn heading_height(&self, heading: &str) -> i32 {
        if heading.is_empty() {
            0
        } else {
            self.theme.line_height(&self.theme.label()) + self.theme.u(2.0)
        }
    }

    fn axis_height(&self) -> i32 {
        let t = &self.theme;
        t.u(4.5) + t.line_height(&t.tick()) + t.line_height(&t.label())
    }

    fn sized(mut self) -> SideRows {
        let t = &self.theme;
        let mut height = t.u(MARGIN_PT) * 2 + axes::title_height(t, &self.title) + t.u(3.0);
        for (heading, rows) in &self.panels {
            height += self.heading_height(heading)
                + self.row_height() * rows.len() as i32
                + self.axis_height()
                + t.u(4.0);
        }
        self.theme.height_pt = f64::from(height) / theme::UNITS_PER_PT;
        self
    }
}

impl Figure for SideRows {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let margin = t.u(MARGIN_PT);
        axes::title(root, t, &self.title, margin)?;
        let label_width = self.label_width();
        let left = margin + label_width + t.u(4.0);
        let right = t.u(t.width_pt) - margin - t.u(6.0);
        let axis = LinearAxis {
            low: self.range.0,
            high: self.range.1,
            start: left,
            end: right,
        };
        let ticks = match self.kind {
            RowsKind::Scores => axes::ticks(self.range.0, self.range.1, 6),
            RowsKind::Wins => axes::ticks(0.0, self.range.1, 6),
        };
        let row_height = self.row_height();
        let color = okabe_ito::BLUE;
        let mut top = margin + axes::title_height(t, &self.title) + t.u(3.0);
        for ((heading, rows), x_title) in self.panels.iter().zip(&self.x_titles) {
            if !heading.is_empty() {
                root.draw(&Text::new(
                    heading.clone(),
                    (margin, top),
                    t.label().pos(Pos::new(HPos::Left, VPos::Top)),
                ))?;
                top += self.heading_height(heading);
            }
            let bottom = top + row_height * rows.len() as i32;
            for index in (1..rows.len()).step_by(2) {
                let y = top + row_height * index as i32;
                root.draw(&Rectangle::new(
                    [(left, y), (right, y + row_height)],
                    RGBColor(243, 243, 243).filled(),
                ))?;
            }
            for (value, _) in &ticks {
                let x = axis.map(*value);
                root.draw(&PathElement::new(
                    vec![(x, top), (x, bottom)],
                    RGBColor(215, 215, 215).stroke_width(t.hairline()),
                ))?;
            }
            for (index, (name, stats)) in rows.iter().enumerate() {
                let middle = top + row_height * index as i32 + row_height / 2;
                root.draw(&Text::new(
                    theme::fit_text(t, name, &t.label(), label_width),
                    (left - t.u(4.0), middle),
                    t.label().pos(Pos::new(HPos::Right, VPos::Center)),
                ))?;
                let half = row_height * 3 / 10;
                match self.kind {
                    RowsKind::Scores => {
                        let line = color.stroke_width(t.u(0.8) as u32);
                        let (w0, w1) = (axis.map(stats.low_whisker), axis.map(stats.high_whisker));
                        let (b0, b1) = (axis.map(stats.q1), axis.map(stats.q3));
                        root.draw(&PathElement::new(vec![(w0, middle), (b0, middle)], line))?;
                        root.draw(&PathElement::new(vec![(b1, middle), (w1, middle)], line))?;
                        for x in [w0, w1] {
                            root.draw(&PathElement::new(
                                vec![(x, middle - half / 2), (x, middle + half / 2)],
                                line,
                            ))?;
                        }
                        root.draw(&Rectangle::new(
                            [(b0, middle - half), (b1.max(b0 + 1), middle + half)],
                            theme::tint(color, 0.3).filled(),
                        ))?;
                        root.draw(&Rectangle::new(
                            [(b0, middle - half), (b1.max(b0 + 1), middle + half)],
                            line,
                        ))?;
                        let m = axis.map(stats.median);
                        root.draw(&PathElement::new(
                            vec![(m, middle - half), (m, middle + half)],
                            okabe_ito::BLACK.stroke_width(t.u(1.4) as u32),
                        ))?;
                        for outlier in &stats.outliers {
                            root.draw(&Circle::new(
                                (axis.map(*outlier), middle),
                                t.u(1.1),
                                color.stroke_width(t.u(0.6) as u32),
                            ))?;
                        }
                    }
                    RowsKind::Wins => {
                        let (x0, x1) = (axis.map(0.0), axis.map(stats.mean));
                        root.draw(&Rectangle::new(
                            [(x0, middle - half), (x1.max(x0 + 1), middle + half)],
                            theme::tint(color, 0.7).filled(),
                        ))?;
                        root.draw(&Text::new(
                            format!("{:.2}", stats.mean),
                            (x1 + t.u(2.0), middle),
                            t.tick().pos(Pos::new(HPos::Left, VPos::Center)),
                        ))?;
                    }
                }
            }
            root.draw(&Rectangle::new(
                [(left, top), (right, bottom)],
                GREY.stroke_width(t.hairline()),
            ))?;
            let used = axes::x_axis(root, t, &axis, &ticks, bottom, true)?;
            root.draw(&Text::new(
                x_title.clone(),
                ((left + right) / 2, bottom + used + t.u(1.0)),
                t.label().pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
            top = bottom + self.axis_height() + t.u(4.0);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_statistics_follow_tukey_and_numpy_quantiles() {
        // numpy.percentile([1..=9, 100], [25, 50, 75]) = 3.25, 5.5, 7.75; IQR 4.5, so values
        // above 7.75 + 6.75 = 14.5 are outliers: 100.
        let values: Vec<f64> = (1..=9).map(f64::from).chain([100.0]).collect();
        let stats = box_stats(&values).unwrap();
        assert_eq!((stats.q1, stats.median, stats.q3), (3.25, 5.5, 7.75));
        assert_eq!((stats.low_whisker, stats.high_whisker), (1.0, 9.0));
        assert_eq!(stats.outliers, vec![100.0]);
        assert!(box_stats(&[]).is_none());
    }
}

//! Reads `summary.csv` and `rounds.csv` back for charting, by column name.

use super::error::ChartError;
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub cell: usize,
    pub profile: String,
    pub player: String,
    pub strategy: String,
    pub mean_payoff: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    pub replicates: u64,
    /// The values of [`ChartData::extra_metrics`] (`share_<action>`, `constrained_share`,
    /// `misperceived_share`), in that order; NaN where empty.
    pub extra: Vec<f64>,
    /// The swept parameters' values ([`ChartData::swept`]), in order; empty without a sweep.
    pub point: Vec<f64>,
}

/// One value to chart, with its 95% interval when the table has one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    pub value: f64,
    pub interval: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoundRow {
    pub cell: usize,
    pub player: String,
    /// The first round of the row's bin (the round itself when unbinned).
    pub round: u64,
    /// The last round of the row's bin; `round` when unbinned or when the column is absent.
    pub round_last: u64,
    /// One entry per game-wide action label; `None` where the player lacks the action.
    pub shares: Vec<Option<f64>>,
    /// Mean payoff in the round over the replicates that reached it.
    pub mean_payoff: f64,
    pub replicates: u64,
    /// Each state variable's mean value after the round, in [`ChartData::states`] order.
    pub states: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct ChartData {
    pub actions: Vec<String>,
    /// rounds.csv's state variables (its `state_<name>` columns), once it is read.
    pub states: Vec<String>,
    /// Summary columns besides the mean that a chart may show: `share_<action>`…,
    /// `constrained_share`, `misperceived_share`.
    pub extra_metrics: Vec<String>,
    /// The swept parameters: summary.csv's columns between `cell` and `profile`.
    pub swept: Vec<String>,
    pub summary: Vec<SummaryRow>,
    /// Only the rows of the cells asked for when reading.
    pub rounds: Vec<RoundRow>,
    /// Cell numbers in file order, each once.
    cells: Vec<usize>,
    /// Player names in file order, each once.
    players: Vec<String>,
    /// The first summary row of each cell: lookups stay linear in the players, not the cells.
    first_row: HashMap<usize, usize>,
}

impl RoundRow {
    /// Where the row sits on a round axis: the middle of its bin.
    pub fn midpoint(&self) -> f64 {
        (self.round as f64 + self.round_last as f64) / 2.0
    }
}

/// Per-round rows kept per (cell, player) series: twice what a chart draws, so its own thinning
/// still chooses the points, while a million-round table costs a few thousand rows.
pub const KEEP_PER_SERIES: usize = 2000;

/// Keeps, per (cell, player) series in file order, every `stride`-th row and the last, doubling
/// the stride (and dropping every other kept row) whenever more than `keep` are held. Memory
/// stays O(keep) per series whatever the table's length.
pub fn thin(rows: impl Iterator<Item = RoundRow>, keep: usize) -> Vec<RoundRow> {
    struct Series {
        kept: Vec<RoundRow>,
        stride: usize,
        seen: usize,
        last: Option<RoundRow>,
    }
    // Even, so the row whose arrival triggers a halving (index `keep`) is itself kept.
    let keep = keep.max(2) & !1;
    let mut order: Vec<(usize, String)> = Vec::new();
    let mut series: HashMap<(usize, String), Series> = HashMap::new();
    for row in rows {
        let key = (row.cell, row.player.clone());
        let entry = series.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Series {
                kept: Vec::new(),
                stride: 1,
                seen: 0,
                last: None,
            }
        });
        if entry.seen.is_multiple_of(entry.stride) {
            entry.kept.push(row);
            entry.last = None;
            if entry.kept.len() > keep {
                let mut index = 0;
                entry.kept.retain(|_| {
                    index += 1;
                    (index - 1) % 2 == 0
                });
                entry.stride *= 2;
            }
        } else {
            entry.last = Some(row);
        }
        entry.seen += 1;
    }
    let mut out = Vec::new();
    for key in order {
        if let Some(mut entry) = series.remove(&key) {
            out.append(&mut entry.kept);
            out.extend(entry.last);
        }
    }
    out
}

/// The action labels of rounds.csv and its rows of the cells `keep_cell` accepts, thinned while
/// streaming: a million-row table never sits in memory.
/// The state variables' names come second.
#[allow(clippy::type_complexity)]
fn read_rounds(
    path: &Path,
    keep_cell: impl Fn(usize) -> bool,
) -> Result<(Vec<String>, Vec<String>, Vec<RoundRow>), ChartError> {
    let csv_error = |source| ChartError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let mean_payoff = column("mean_payoff");
    let (cell, player, round, last, replicates) = (
        column("cell"),
        column("player"),
        column("round"),
        column("round_last"),
        column("replicates"),
    );
    let shares: Vec<(String, usize)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, name)| name.strip_prefix("share_").map(|a| (a.to_string(), i)))
        .collect();
    let states: Vec<(String, usize)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, name)| name.strip_prefix("state_").map(|a| (a.to_string(), i)))
        .collect();
    let mut failure = None;
    let rows = reader
        .records()
        .map_while(|record| match record {
            Ok(record) => Some(record),
            Err(error) => {
                failure = Some(error);
                None
            }
        })
        .filter_map(|record| {
            let number = |index: Option<usize>| {
                index
                    .and_then(|i| record.get(i))
                    .and_then(|text| text.parse::<f64>().ok())
            };
            let cell = number(cell)? as usize;
            if !keep_cell(cell) {
                return None;
            }
            let first = number(round).unwrap_or(f64::NAN) as u64;
            Some(RoundRow {
                cell,
                player: player.and_then(|i| record.get(i)).unwrap_or("").to_string(),
                round: first,
                round_last: number(last).map_or(first, |value| value as u64),
                shares: shares
                    .iter()
                    .map(|(_, i)| record.get(*i).and_then(|text| text.parse().ok()))
                    .collect(),
                mean_payoff: number(mean_payoff).unwrap_or(f64::NAN),
                replicates: number(replicates).unwrap_or(0.0) as u64,
                states: states
                    .iter()
                    .map(|(_, i)| number(Some(*i)).unwrap_or(f64::NAN))
                    .collect(),
            })
        });
    let rows = thin(rows, KEEP_PER_SERIES);
    match failure {
        Some(error) => Err(csv_error(error)),
        None => Ok((
            shares.into_iter().map(|(action, _)| action).collect(),
            states.into_iter().map(|(state, _)| state).collect(),
            rows,
        )),
    }
}

struct Table {
    headers: Vec<String>,
    columns: HashMap<String, usize>,
    records: Vec<csv::StringRecord>,
}

/// Reads a whole CSV table (summary.csv: one row per cell and player).
fn read_table(path: &Path) -> Result<Table, ChartError> {
    let csv_error = |source| ChartError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let columns: HashMap<String, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, name)| (name.to_string(), i))
        .collect();
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_error)?;
    Ok(Table {
        headers: headers.iter().map(str::to_string).collect(),
        columns,
        records,
    })
}

impl Table {
    fn text<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.columns
            .get(column)
            .and_then(|i| record.get(*i))
            .unwrap_or("")
    }

    /// A numeric field; empty or unreadable cells (undefined statistics) become NaN.
    fn number(&self, record: &csv::StringRecord, column: &str) -> f64 {
        self.text(record, column).parse().unwrap_or(f64::NAN)
    }
}

impl ChartData {
    /// Reads `summary.csv` of `folder`; per-round rows come later, for the cells a chart needs,
    /// from [`read_rounds`](Self::read_rounds).
    pub fn read(folder: &Path) -> Result<ChartData, ChartError> {
        let summary_table = read_table(&folder.join("summary.csv"))?;
        let mut extra_metrics: Vec<String> = summary_table
            .headers
            .iter()
            .filter(|name| {
                name.starts_with("share_")
                    || *name == "constrained_share"
                    || *name == "misperceived_share"
            })
            .cloned()
            .collect();
        extra_metrics.dedup();
        let swept: Vec<String> = summary_table
            .headers
            .iter()
            .skip(1)
            .take_while(|name| *name != "profile")
            .cloned()
            .collect();
        let summary: Vec<SummaryRow> = summary_table
            .records
            .iter()
            .map(|record| SummaryRow {
                cell: summary_table.number(record, "cell") as usize,
                profile: summary_table.text(record, "profile").to_string(),
                player: summary_table.text(record, "player").to_string(),
                strategy: summary_table.text(record, "strategy").to_string(),
                mean_payoff: summary_table.number(record, "mean_payoff"),
                ci95_low: summary_table.number(record, "ci95_low"),
                ci95_high: summary_table.number(record, "ci95_high"),
                replicates: summary_table.number(record, "replicates") as u64,
                extra: extra_metrics
                    .iter()
                    .map(|name| summary_table.number(record, name))
                    .collect(),
                point: swept
                    .iter()
                    .map(|name| summary_table.number(record, name))
                    .collect(),
            })
            .collect();
        let actions = extra_metrics
            .iter()
            .filter_map(|name| name.strip_prefix("share_"))
            .map(str::to_string)
            .collect();
        Ok(ChartData::from_summary(
            actions,
            extra_metrics,
            swept,
            summary,
        ))
    }

    /// The data of `summary`'s rows, with no per-round rows yet.
    fn from_summary(
        actions: Vec<String>,
        extra_metrics: Vec<String>,
        swept: Vec<String>,
        summary: Vec<SummaryRow>,
    ) -> ChartData {
        let rounds = Vec::new();
        let mut cells = Vec::new();
        let mut first_row = HashMap::new();
        let mut players = Vec::new();
        let mut seen_players = HashSet::new();
        for (index, row) in summary.iter().enumerate() {
            first_row.entry(row.cell).or_insert_with(|| {
                cells.push(row.cell);
                index
            });
            if seen_players.insert(row.player.as_str()) {
                players.push(row.player.clone());
            }
        }
        ChartData {
            actions,
            states: Vec::new(),
            extra_metrics,
            swept,
            summary,
            rounds,
            cells,
            players,
            first_row,
        }
    }

    /// The results at one point of the sweep (`values` in [`swept`](Self::swept) order, each
    /// matched by [`same_value`](crate::scenario::sweep::same_value)): its summary rows, and the per-round rows read for them.
    pub fn at(&self, values: &[f64]) -> Result<ChartData, String> {
        let at_point = |row: &SummaryRow| {
            row.point.len() == values.len()
                && row
                    .point
                    .iter()
                    .zip(values)
                    .all(|(a, b)| crate::scenario::sweep::same_value(*a, *b))
        };
        let summary: Vec<SummaryRow> = self
            .summary
            .iter()
            .filter(|r| at_point(r))
            .cloned()
            .collect();
        if summary.is_empty() {
            let point: Vec<String> = self
                .swept
                .iter()
                .zip(values)
                .map(|(name, value)| format!("{name} = {}", crate::text::number(*value)))
                .collect();
            return Err(format!("summary.csv has no rows at {}", point.join(", ")));
        }
        let cells: HashSet<usize> = summary.iter().map(|row| row.cell).collect();
        let mut shown = ChartData::from_summary(
            self.actions.clone(),
            self.extra_metrics.clone(),
            self.swept.clone(),
            summary,
        );
        shown.states = self.states.clone();
        shown.rounds = self
            .rounds
            .iter()
            .filter(|row| cells.contains(&row.cell))
            .cloned()
            .collect();
        Ok(shown)
    }

    /// Reads the per-round rows of the cells `keep_cell` accepts from `folder`'s rounds.csv.
    pub fn read_rounds(
        &mut self,
        folder: &Path,
        keep_cell: impl Fn(usize) -> bool,
    ) -> Result<(), ChartError> {
        let (actions, states, rounds) = read_rounds(&folder.join("rounds.csv"), keep_cell)?;
        self.actions = actions;
        self.states = states;
        self.rounds = rounds;
        Ok(())
    }

    /// Cell numbers in file order, each once.
    pub fn cells(&self) -> Vec<usize> {
        self.cells.clone()
    }

    /// Player names in file order, each once.
    pub fn players(&self) -> Vec<String> {
        self.players.clone()
    }

    /// The summary rows of one cell (one per player, in file order).
    pub fn rows_of(&self, cell: usize) -> impl Iterator<Item = &SummaryRow> {
        let start = self
            .first_row
            .get(&cell)
            .copied()
            .unwrap_or(self.summary.len());
        self.summary[start..]
            .iter()
            .take_while(move |row| row.cell == cell)
    }

    pub fn profile(&self, cell: usize) -> Option<String> {
        self.rows_of(cell).next().map(|row| row.profile.clone())
    }

    /// `metric` of `row`: `mean_payoff` (with its interval) or a column of
    /// [`extra_metrics`](Self::extra_metrics); `None` for a metric the table lacks.
    pub fn measure(&self, row: &SummaryRow, metric: &str) -> Option<Measure> {
        if metric == "mean_payoff" {
            let interval = (row.ci95_low.is_finite() && row.ci95_high.is_finite())
                .then_some((row.ci95_low, row.ci95_high));
            return Some(Measure {
                value: row.mean_payoff,
                interval,
            });
        }
        let index = self.extra_metrics.iter().position(|name| name == metric)?;
        Some(Measure {
            value: row.extra.get(index).copied().unwrap_or(f64::NAN),
            interval: None,
        })
    }

    pub fn strategy(&self, cell: usize, player: &str) -> Option<String> {
        self.rows_of(cell)
            .find(|row| row.player == player)
            .map(|row| row.strategy.clone())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cell: usize, player: &str, round: u64) -> RoundRow {
        RoundRow {
            cell,
            player: player.into(),
            round,
            round_last: round,
            shares: vec![Some(0.5)],
            mean_payoff: 1.0,
            replicates: 1,
            states: Vec::new(),
        }
    }

    #[test]
    fn thinning_keeps_a_bounded_evenly_spaced_series_with_its_ends() {
        let rows = (1..=100_000u64).flat_map(|round| [row(0, "A", round), row(0, "B", round)]);
        let kept = thin(rows.chain((1..=10).map(|round| row(1, "A", round))), 2000);
        let a: Vec<u64> = kept
            .iter()
            .filter(|r| r.cell == 0 && r.player == "A")
            .map(|r| r.round)
            .collect();
        // 100 000 rows at stride 64 keep 1563, then the last.
        assert_eq!(a.len(), 1564);
        assert_eq!((a[0], a[1], a[1562], a[1563]), (1, 65, 99_969, 100_000));
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        // Short series are kept whole, and series stay in file order.
        let short: Vec<u64> = kept
            .iter()
            .filter(|r| r.cell == 1)
            .map(|r| r.round)
            .collect();
        assert_eq!(short, (1..=10).collect::<Vec<_>>());
        assert_eq!(kept[0].player, "A");
        assert_eq!(kept[1564].player, "B");
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

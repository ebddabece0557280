//! Reads `summary.csv` and `rounds.csv` back for charting, by column name.

use crate::export::ExportError;
use std::collections::HashMap;
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
}

#[derive(Debug, Clone)]
pub struct RoundRow {
    pub cell: usize,
    pub player: String,
    pub round: u64,
    /// One entry per game-wide action label; `None` where the player lacks the action.
    pub shares: Vec<Option<f64>>,
    pub replicates: u64,
}

#[derive(Debug, Clone)]
pub struct ChartData {
    pub actions: Vec<String>,
    pub summary: Vec<SummaryRow>,
    pub rounds: Vec<RoundRow>,
}

struct Table {
    columns: HashMap<String, usize>,
    share_columns: Vec<(String, usize)>,
    records: Vec<csv::StringRecord>,
}

fn read_table(path: &Path) -> Result<Table, ExportError> {
    let csv_error = |source| ExportError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = csv::Reader::from_path(path).map_err(csv_error)?;
    let headers = reader.headers().map_err(csv_error)?.clone();
    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, name)| (name.to_string(), i))
        .collect();
    let share_columns = headers
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            name.strip_prefix("share_")
                .map(|action| (action.to_string(), i))
        })
        .collect();
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .map_err(csv_error)?;
    Ok(Table {
        columns,
        share_columns,
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
    pub fn read(folder: &Path) -> Result<ChartData, ExportError> {
        let summary_table = read_table(&folder.join("summary.csv"))?;
        let rounds_table = read_table(&folder.join("rounds.csv"))?;
        let summary = summary_table
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
            })
            .collect();
        let rounds = rounds_table
            .records
            .iter()
            .map(|record| RoundRow {
                cell: rounds_table.number(record, "cell") as usize,
                player: rounds_table.text(record, "player").to_string(),
                round: rounds_table.number(record, "round") as u64,
                shares: rounds_table
                    .share_columns
                    .iter()
                    .map(|(_, i)| record.get(*i).and_then(|text| text.parse().ok()))
                    .collect(),
                replicates: rounds_table.number(record, "replicates") as u64,
            })
            .collect();
        Ok(ChartData {
            actions: rounds_table
                .share_columns
                .into_iter()
                .map(|(action, _)| action)
                .collect(),
            summary,
            rounds,
        })
    }

    /// Cell numbers in file order, each once.
    pub fn cells(&self) -> Vec<usize> {
        let mut cells: Vec<usize> = Vec::new();
        for row in &self.summary {
            if !cells.contains(&row.cell) {
                cells.push(row.cell);
            }
        }
        cells
    }

    /// Player names in file order, each once.
    pub fn players(&self) -> Vec<String> {
        let mut players: Vec<String> = Vec::new();
        for row in &self.summary {
            if !players.contains(&row.player) {
                players.push(row.player.clone());
            }
        }
        players
    }

    pub fn profile(&self, cell: usize) -> Option<String> {
        self.summary
            .iter()
            .find(|row| row.cell == cell)
            .map(|row| row.profile.clone())
    }

    pub fn strategy(&self, cell: usize, player: &str) -> Option<String> {
        self.summary
            .iter()
            .find(|row| row.cell == cell && row.player == player)
            .map(|row| row.strategy.clone())
    }
}

//! The grid of a table: which result goes in which row and column, and which entries are their
//! column's best. Two players get one grid per player (the first player's candidates down the
//! side, the second's across the top); any other number gets one long table of profiles.

use super::read::{Cell, Number, Results};
use crate::display::{profile_name, strategy_name};
use std::collections::{HashMap, HashSet};

/// One mean payoff with its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub mean: Number,
    pub low: Number,
    pub high: Number,
    /// The highest mean in its column (ties are all best); never set on an undefined mean.
    pub best: bool,
}

/// A row or column heading: the label as `summary.csv` has it, and as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub raw: String,
    pub shown: String,
}

/// How rows and columns are chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// Two players: rows are `rows_player`'s candidates, columns `columns_player`'s; every entry
    /// is the payoff to `payoff_to`.
    Grid {
        payoff_to: String,
        rows_player: String,
        columns_player: String,
    },
    /// Rows are profiles, columns are players; each entry is that player's payoff.
    Long,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub shape: Shape,
    /// The scenario's title.
    pub title: String,
    pub columns: Vec<Label>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: Label,
    /// One per column; `None` where the run has no such result.
    pub entries: Vec<Option<Entry>>,
}

impl Table {
    /// What the table holds, in words, for a heading or comment line, with the user's text (a
    /// player's name, the title) passed through `escape`.
    pub fn caption(&self, escape: impl Fn(&str) -> String) -> String {
        let whose = match &self.shape {
            Shape::Grid { payoff_to, .. } => escape(payoff_to),
            Shape::Long => "each player".to_string(),
        };
        format!(
            "Payoff per round to {whose}, mean [95% CI] ({})",
            escape(&self.title)
        )
    }
}

/// The tables a paper shows for `results`, or what about them cannot be laid out.
pub fn tables(results: &Results) -> Result<Vec<Table>, String> {
    let mut tables = if let [first, second] = results.players.as_slice() {
        grids(results, first, second)?
    } else {
        vec![long(results)?]
    };
    for table in &mut tables {
        mark_best(table);
    }
    Ok(tables)
}

fn entry(cell: &Cell, player: &str) -> Option<Entry> {
    cell.rows
        .iter()
        .find(|row| row.player == player)
        .map(|row| Entry {
            mean: row.mean.clone(),
            low: row.low.clone(),
            high: row.high.clone(),
            best: false,
        })
}

fn strategy_of<'c>(cell: &'c Cell, player: &str) -> Result<&'c str, String> {
    cell.rows
        .iter()
        .find(|row| row.player == player)
        .map(|row| row.strategy.as_str())
        .ok_or_else(|| {
            format!(
                "profile `{}` has no row for player `{}`",
                crate::text::echo(&cell.profile),
                crate::text::echo(player)
            )
        })
}

fn once_only(profile: &str) -> String {
    format!(
        "profile `{}` appears in more than one cell; tables of parameter sweeps are not supported \
         yet",
        crate::text::echo(profile)
    )
}

fn strategy_label(raw: &str) -> Label {
    Label {
        raw: raw.to_string(),
        shown: strategy_name(raw),
    }
}

/// One grid per player: rows are the first player's candidates and columns the second's, each
/// in the order they first appear in the file.
fn grids(results: &Results, first: &str, second: &str) -> Result<Vec<Table>, String> {
    let mut down: Vec<&str> = Vec::new();
    let mut across: Vec<&str> = Vec::new();
    let mut at: HashMap<(usize, usize), &Cell> = HashMap::new();
    for cell in &results.cells {
        let (row, column) = (strategy_of(cell, first)?, strategy_of(cell, second)?);
        let key = (position(&mut down, row), position(&mut across, column));
        if at.insert(key, cell).is_some() {
            return Err(once_only(&cell.profile));
        }
    }
    let columns: Vec<Label> = across.iter().map(|s| strategy_label(s)).collect();
    Ok([first, second]
        .iter()
        .map(|payoff_to| Table {
            shape: Shape::Grid {
                payoff_to: payoff_to.to_string(),
                rows_player: first.to_string(),
                columns_player: second.to_string(),
            },
            title: results.title.clone(),
            columns: columns.clone(),
            rows: down
                .iter()
                .enumerate()
                .map(|(r, strategy)| Row {
                    label: strategy_label(strategy),
                    entries: (0..across.len())
                        .map(|c| at.get(&(r, c)).and_then(|cell| entry(cell, payoff_to)))
                        .collect(),
                })
                .collect(),
        })
        .collect())
}

/// Where `item` is in `list`, appending it when new.
fn position<'a>(list: &mut Vec<&'a str>, item: &'a str) -> usize {
    list.iter().position(|s| *s == item).unwrap_or_else(|| {
        list.push(item);
        list.len() - 1
    })
}

/// One row per profile in file order, one column per player.
fn long(results: &Results) -> Result<Table, String> {
    let mut seen = HashSet::new();
    let mut rows = Vec::with_capacity(results.cells.len());
    for cell in &results.cells {
        if !seen.insert(cell.profile.as_str()) {
            return Err(once_only(&cell.profile));
        }
        rows.push(Row {
            label: Label {
                raw: cell.profile.clone(),
                shown: profile_name(&cell.profile),
            },
            entries: results
                .players
                .iter()
                .map(|player| entry(cell, player))
                .collect(),
        });
    }
    Ok(Table {
        shape: Shape::Long,
        title: results.title.clone(),
        columns: results
            .players
            .iter()
            .map(|player| Label {
                raw: player.clone(),
                shown: player.clone(),
            })
            .collect(),
        rows,
    })
}

/// Marks the highest mean of each column, every one of them when several are equal. Undefined
/// means (NaN, or infinite in a damaged file) never count.
fn mark_best(table: &mut Table) {
    for column in 0..table.columns.len() {
        let best = table
            .rows
            .iter()
            .filter_map(|row| row.entries[column].as_ref())
            .map(|entry| entry.mean.value)
            .filter(|mean| mean.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        for row in &mut table.rows {
            if let Some(entry) = &mut row.entries[column] {
                entry.best = entry.mean.value.is_finite() && entry.mean.value == best;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read::Row as Line;

    fn number(value: f64) -> Number {
        Number {
            value,
            text: if value.is_nan() {
                String::new()
            } else {
                value.to_string()
            },
        }
    }

    fn line(player: &str, strategy: &str, mean: f64) -> Line {
        Line {
            player: player.into(),
            strategy: strategy.into(),
            mean: number(mean),
            low: number(mean - 0.5),
            high: number(mean + 0.5),
        }
    }

    fn cell(lines: Vec<Line>) -> Cell {
        Cell {
            profile: lines
                .iter()
                .map(|l| l.strategy.as_str())
                .collect::<Vec<_>>()
                .join(" vs "),
            rows: lines,
        }
    }

    fn results(players: &[&str], cells: Vec<Cell>) -> Results {
        Results {
            title: "T".into(),
            players: players.iter().map(|p| p.to_string()).collect(),
            cells,
        }
    }

    /// Each entry as (mean, best), `None` where empty.
    fn means(table: &Table) -> Vec<Vec<Option<(f64, bool)>>> {
        table
            .rows
            .iter()
            .map(|row| {
                row.entries
                    .iter()
                    .map(|e| e.as_ref().map(|e| (e.mean.value, e.best)))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn two_players_get_a_grid_each_with_missing_profiles_empty_and_ties_all_best() {
        let cells = vec![
            cell(vec![line("A", "tit_for_tat", 3.0), line("B", "x", 1.0)]),
            cell(vec![line("A", "tit_for_tat", 2.0), line("B", "y", 4.0)]),
            cell(vec![line("A", "always_defect", 3.0), line("B", "x", 0.5)]),
            // always_defect vs y was not run.
        ];
        let tables = tables(&results(&["A", "B"], cells)).unwrap();
        assert_eq!(tables.len(), 2);
        let shown: Vec<&str> = tables[0].columns.iter().map(|c| c.shown.as_str()).collect();
        assert_eq!(shown, ["x", "y"]);
        let rows: Vec<&str> = tables[0]
            .rows
            .iter()
            .map(|r| r.label.shown.as_str())
            .collect();
        assert_eq!(rows, ["Tit for tat", "Always defect"]);
        assert_eq!(tables[0].rows[1].label.raw, "always_defect");
        assert_eq!(
            means(&tables[0]),
            [
                [Some((3.0, true)), Some((2.0, true))],
                [Some((3.0, true)), None]
            ]
        );
        assert_eq!(
            means(&tables[1]),
            [
                [Some((1.0, true)), Some((4.0, true))],
                [Some((0.5, false)), None]
            ]
        );
        assert_eq!(
            tables[1].shape,
            Shape::Grid {
                payoff_to: "B".into(),
                rows_player: "A".into(),
                columns_player: "B".into()
            }
        );
        assert_eq!(
            tables[1].caption(|text| format!("<{text}>")),
            "Payoff per round to <B>, mean [95% CI] (<T>)"
        );
    }

    #[test]
    fn undefined_means_are_never_best() {
        let cells = vec![
            cell(vec![line("A", "a", f64::NAN), line("B", "x", f64::NAN)]),
            cell(vec![line("A", "b", -1.0), line("B", "x", f64::INFINITY)]),
        ];
        let tables = tables(&results(&["A", "B"], cells)).unwrap();
        assert_eq!(means(&tables[0])[1], [Some((-1.0, true))]);
        assert!(!tables[0].rows[0].entries[0].as_ref().unwrap().best);
        assert!(
            tables[1]
                .rows
                .iter()
                .all(|r| !r.entries[0].as_ref().unwrap().best)
        );
    }

    #[test]
    fn other_player_counts_get_one_long_table() {
        let cells = vec![
            cell(vec![
                line("A", "a", 1.0),
                line("B", "b", 2.0),
                line("C", "c", 3.0),
            ]),
            cell(vec![line("A", "tit_for_tat", 1.0), line("C", "d", 5.0)]),
        ];
        let tables = tables(&results(&["A", "B", "C"], cells)).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].shape, Shape::Long);
        assert_eq!(tables[0].rows[1].label.shown, "Tit for tat vs d");
        assert_eq!(
            means(&tables[0]),
            [
                [Some((1.0, true)), Some((2.0, true)), Some((3.0, false))],
                [Some((1.0, true)), None, Some((5.0, true))]
            ]
        );
        let one = results(&["A"], vec![cell(vec![line("A", "a", 1.0)])]);
        let single = super::tables(&one).unwrap();
        assert_eq!((single.len(), &single[0].shape), (1, &Shape::Long));
    }

    #[test]
    fn a_profile_in_two_cells_is_refused() {
        let twice = || cell(vec![line("A", "a", 1.0), line("B", "x", 1.0)]);
        let error = tables(&results(&["A", "B"], vec![twice(), twice()])).unwrap_err();
        assert!(error.contains("more than one cell"), "{error}");
        let three = || {
            cell(vec![
                line("A", "a", 1.0),
                line("B", "b", 2.0),
                line("C", "c", 3.0),
            ])
        };
        assert!(tables(&results(&["A", "B", "C"], vec![three(), three()])).is_err());
        let lonely = cell(vec![line("A", "a", 1.0)]);
        let two = cell(vec![line("A", "b", 1.0), line("B", "x", 1.0)]);
        let error = tables(&results(&["A", "B"], vec![two, lonely])).unwrap_err();
        assert!(error.contains("no row for player `B`"), "{error}");
    }
}

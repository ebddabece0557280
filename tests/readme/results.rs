//! Reading a results folder's tables the way the README quotes them, and writing numbers the
//! way it writes them.

use std::path::Path;

/// One CSV table of a results folder.
pub struct Table {
    file: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// One row of a [`Table`].
#[derive(Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    cells: &'a [String],
}

impl Table {
    pub fn read(folder: &Path, file: &str) -> Table {
        let path = folder.join(file);
        let mut reader =
            csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let headers = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|record| record.unwrap().iter().map(String::from).collect())
            .collect();
        Table {
            file: path.display().to_string(),
            headers,
            rows,
        }
    }

    fn column(&self, name: &str) -> usize {
        self.headers
            .iter()
            .position(|header| header == name)
            .unwrap_or_else(|| panic!("{} has no column {name}", self.file))
    }

    /// The rows whose columns hold these texts, in file order.
    pub fn rows(&self, filter: &[(&str, &str)]) -> Vec<Row<'_>> {
        let filter: Vec<(usize, &str)> = filter
            .iter()
            .map(|(column, text)| (self.column(column), *text))
            .collect();
        self.rows
            .iter()
            .filter(|cells| filter.iter().all(|(at, text)| cells[*at] == *text))
            .map(|cells| Row { table: self, cells })
            .collect()
    }

    /// The one row whose columns hold these texts.
    pub fn row(&self, filter: &[(&str, &str)]) -> Row<'_> {
        match self.rows(filter).as_slice() {
            [row] => *row,
            rows => panic!(
                "{}: {} rows match {filter:?}, not one",
                self.file,
                rows.len()
            ),
        }
    }

    /// The texts of `column`, each once, in order of first appearance.
    pub fn distinct(&self, column: &str) -> Vec<String> {
        let at = self.column(column);
        let mut seen: Vec<String> = Vec::new();
        for cells in &self.rows {
            if !seen.contains(&cells[at]) {
                seen.push(cells[at].clone());
            }
        }
        seen
    }
}

impl Table {
    /// The strategy labels the player at `position` of the profile takes, each once, in order of
    /// first appearance.
    pub fn candidates(&self, position: usize) -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for profile in self.distinct("profile") {
            let label = profile.split(" vs ").nth(position).unwrap().to_string();
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        labels
    }
}

impl Row<'_> {
    pub fn text(&self, column: &str) -> &str {
        &self.cells[self.table.column(column)]
    }

    pub fn number(&self, column: &str) -> f64 {
        let text = self.text(column);
        text.parse()
            .unwrap_or_else(|_| panic!("{}: {column} is {text:?}", self.table.file))
    }
}

/// `value` with `decimals` decimal places.
pub fn fixed(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}")
}

/// A share as a whole percentage.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The lowest and highest of `values` with `decimals` places, `low to high`, or one number
/// when they print alike.
pub fn span(values: &[f64], decimals: usize) -> String {
    assert!(!values.is_empty());
    let low = fixed(
        values.iter().copied().fold(f64::INFINITY, f64::min),
        decimals,
    );
    let high = fixed(
        values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        decimals,
    );
    if low == high {
        low
    } else {
        format!("{low} to {high}")
    }
}

/// The first of `count` positions from which `holds` is true at every later one, if the last
/// one holds (where a curve crosses another for good).
pub fn from_which_on(count: usize, holds: impl Fn(usize) -> bool) -> Option<usize> {
    let failing = (0..count).rev().find(|&at| !holds(at));
    match failing {
        None if count > 0 => Some(0),
        None => None,
        Some(at) if at + 1 < count => Some(at + 1),
        Some(_) => None,
    }
}

/// A Markdown table: a header row, the rule, then the rows.
pub fn markdown_table(header: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
    let mut table = line(header);
    table.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        table.push_str(&line(row));
    }
    table
}

#[test]
fn crossings_are_found_where_they_hold_for_good() {
    let values = [1, 3, 2, 4, 5];
    assert_eq!(from_which_on(5, |at| values[at] > 2), Some(3));
    assert_eq!(from_which_on(5, |at| values[at] > 0), Some(0));
    assert_eq!(from_which_on(5, |at| values[at] > 9), None);
    assert_eq!(span(&[2.994, 3.046, 3.01], 2), "2.99 to 3.05");
    assert_eq!(span(&[3.001, 2.998], 2), "3.00");
}

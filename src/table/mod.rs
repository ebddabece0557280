//! Tables for papers: a finished results folder's mean payoffs with 95% intervals, laid out as a
//! paper shows them and written as a LaTeX fragment, a Markdown table or a wide CSV file.
//!
//! [`read`] checks that the folder is a finished run whose `summary.csv` is the file the run
//! wrote; [`layout`] arranges the entries (a grid per player for two players, one long table
//! otherwise) and marks each column's best; the format files only spell the grid out.

mod latex;
pub mod layout;
mod markdown;
pub mod read;
mod wide_csv;

use std::path::{Path, PathBuf};

/// Most decimal places `--digits` accepts.
pub const MAX_DIGITS: usize = 6;

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A LaTeX fragment (booktabs) to `\input` into a paper.
    Latex,
    /// GitHub pipe tables.
    Markdown,
    /// One wide CSV table with every number at full precision.
    Csv,
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("{0}: no such results folder")]
    NoFolder(PathBuf),
    #[error("{0} is not a folder; give the results folder a run wrote")]
    NotFolder(PathBuf),
    #[error(
        "{0} has no manifest.json, so it is not a dilemma results folder (or its run never \
         finished)"
    )]
    NoManifest(PathBuf),
    #[error("{path} is not a dilemma manifest: {why}")]
    NotManifest { path: PathBuf, why: String },
    #[error(
        "{0} does not say \"complete\": true, so its run did not finish; run the scenario again"
    )]
    Incomplete(PathBuf),
    #[error("{0} is missing, although the manifest lists it; run the scenario again")]
    SummaryMissing(PathBuf),
    #[error("{0} does not list summary.csv, so there is nothing to tabulate")]
    SummaryNotListed(PathBuf),
    #[error("{0} is not a regular file")]
    NotAFile(PathBuf),
    #[error(
        "{0} was edited since the run (its size or SHA-256 differs from manifest.json), so a \
         table would not match the run; run the scenario again"
    )]
    Edited(PathBuf),
    #[error("{path} is malformed: {why}")]
    Malformed { path: PathBuf, why: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl TableError {
    /// True when the folder given is at fault (every case but a failing read).
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, TableError::Io { .. })
    }
}

/// The tables of the results in `folder`, written in `format`, numbers rounded to `digits`
/// decimal places (at most [`MAX_DIGITS`]; CSV keeps every digit).
pub fn render(folder: &Path, format: Format, digits: usize) -> Result<String, TableError> {
    let results = read::results(folder)?;
    let tables = layout::tables(&results).map_err(|why| TableError::Malformed {
        path: folder.join("summary.csv"),
        why,
    })?;
    let digits = digits.min(MAX_DIGITS);
    Ok(match format {
        Format::Latex => latex::render(&tables, digits),
        Format::Markdown => markdown::render(&tables, digits),
        Format::Csv => wide_csv::render(&tables),
    })
}

/// `value` with `digits` decimal places and an ASCII `-` (never on a number that rounds to
/// zero), in exponent form from 1e15 up so that a table never holds a 300-digit number. Each
/// format swaps in its own minus sign.
fn decimal(value: f64, digits: usize) -> String {
    let text = if value.abs() >= 1e15 {
        format!("{value:.digits$e}")
    } else {
        format!("{value:.digits$}")
    };
    match text.strip_prefix('-') {
        Some(unsigned) if unsigned.chars().all(|c| c == '0' || c == '.') => unsigned.to_string(),
        _ => text,
    }
}

/// An entry as a reader sees it: `2.96 [2.91, 3.01]`, the mean alone when the interval is
/// undefined (one replicate), `n/a` when the mean is. Numbers are rounded to `digits` places and
/// a leading minus is written as `minus`.
fn entry_text(entry: &layout::Entry, digits: usize, minus: &str) -> String {
    let number = |value: f64| {
        let text = decimal(value, digits);
        match text.strip_prefix('-') {
            Some(unsigned) => format!("{minus}{unsigned}"),
            None => text,
        }
    };
    if !entry.mean.value.is_finite() {
        return "n/a".to_string();
    }
    let mean = number(entry.mean.value);
    if entry.low.value.is_finite() && entry.high.value.is_finite() {
        format!(
            "{mean} [{}, {}]",
            number(entry.low.value),
            number(entry.high.value)
        )
    } else {
        mean
    }
}

#[cfg(test)]
mod tests {
    use super::layout::Entry;
    use super::read::Number;
    use super::*;

    fn entry(mean: f64, low: f64, high: f64) -> Entry {
        let number = |value: f64| Number {
            value,
            text: value.to_string(),
        };
        Entry {
            mean: number(mean),
            low: number(low),
            high: number(high),
            best: false,
        }
    }

    #[test]
    fn decimals_round_and_never_show_minus_zero() {
        assert_eq!(decimal(2.4350000000000005, 2), "2.44");
        // 0.155 is 0.15499999… in binary: correct rounding gives 0.15.
        assert_eq!(decimal(0.155, 2), "0.15");
        assert_eq!(decimal(-0.035, 2), "-0.04");
        assert_eq!(decimal(-0.004, 2), "0.00");
        assert_eq!(decimal(-0.4, 0), "0");
        assert_eq!(decimal(-0.6, 0), "-1");
        assert_eq!(decimal(1.0 / 3.0, 6), "0.333333");
        assert_eq!(decimal(-2.5e20, 2), "-2.50e20");
    }

    #[test]
    fn entries_show_the_interval_when_there_is_one() {
        assert_eq!(
            entry_text(&entry(-0.035, -0.16, 0.09), 2, "$-$"),
            "$-$0.04 [$-$0.16, 0.09]"
        );
        assert_eq!(entry_text(&entry(3.0, f64::NAN, f64::NAN), 1, "-"), "3.0");
        assert_eq!(entry_text(&entry(f64::NAN, 1.0, 2.0), 2, "-"), "n/a");
        assert_eq!(entry_text(&entry(f64::INFINITY, 1.0, 2.0), 2, "-"), "n/a");
    }
}

//! The round loop's paths side by side: the fast paths `dilemma run` takes (with its schedules
//! tabulated, and with every changing value evaluated in the loop) and the reference path
//! (src/sim/reference.rs), each writing the results' tables, compared byte for byte.

use dilemma::experiment::Experiment;
use dilemma::sim::{self, RunOptions, Silent};
use std::collections::BTreeMap;

/// A way to play the matches of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// What `dilemma run` does.
    Fast,
    /// The fast paths with no value tabulated by round: every changing value in the loop.
    FastInLoop,
    /// Every formula at every site evaluated in every round, plainly.
    Reference,
}

/// Every table of the run of `experiment` on `path`, by file name.
pub fn tables(experiment: &Experiment, path: Path) -> BTreeMap<String, Vec<u8>> {
    let summary = match path {
        Path::Fast => sim::run_with(experiment, &RunOptions::default(), &Silent),
        Path::FastInLoop => {
            let options = RunOptions {
                tabulation_limit: Some(0),
                ..RunOptions::default()
            };
            sim::run_with(experiment, &options, &Silent)
        }
        Path::Reference => sim::reference::run(experiment, &RunOptions::default(), &Silent),
    };
    let folder = tempfile::tempdir().expect("a temporary folder");
    let (files, _) = dilemma::export::write_tables(experiment, &summary, None, folder.path())
        .expect("the tables are written");
    files
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(folder.path().join(&name)).expect("a table just written");
            (name, bytes)
        })
        .collect()
}

/// `Err` naming the first table and line where `other` differs from `reference`.
pub fn compare(
    reference: &BTreeMap<String, Vec<u8>>,
    other: &BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let names = |tables: &BTreeMap<String, Vec<u8>>| tables.keys().cloned().collect::<Vec<_>>();
    if names(reference) != names(other) {
        return Err(format!(
            "different tables: {:?} and {:?}",
            names(reference),
            names(other)
        ));
    }
    for (name, bytes) in reference {
        let theirs = &other[name];
        if bytes == theirs {
            continue;
        }
        let (ours, theirs) = (
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(theirs),
        );
        let line = ours
            .lines()
            .zip(theirs.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| ours.lines().count().min(theirs.lines().count()));
        return Err(format!(
            "{name} differs at line {}:\n  reference: {}\n  other:     {}",
            line + 1,
            ours.lines().nth(line).unwrap_or("(none)"),
            theirs.lines().nth(line).unwrap_or("(none)"),
        ));
    }
    Ok(())
}

/// `Err` when any fast path's tables differ from the reference path's, naming the path.
pub fn every_path_agrees(experiment: &Experiment) -> Result<(), String> {
    let reference = tables(experiment, Path::Reference);
    for path in [Path::Fast, Path::FastInLoop] {
        compare(&reference, &tables(experiment, path)).map_err(|e| format!("{path:?}: {e}"))?;
    }
    Ok(())
}

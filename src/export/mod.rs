//! Writing results: `summary.csv`, `rounds.csv`, charts, and `manifest.json` last.
//!
//! Everything is written into a hidden staging folder beside the destination, which replaces the
//! destination only once complete, so a failed run never leaves half-written results behind.

pub mod manifest;
pub mod tables;

use crate::experiment::Experiment;
use crate::sim::Summary;
use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("{0}")]
    Chart(String),
    #[error(
        "{0} exists and does not hold dilemma results (no manifest.json); choose another --out"
    )]
    NotOurs(PathBuf),
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// What a finished run left on disk.
#[derive(Debug, Clone)]
pub struct Written {
    pub folder: PathBuf,
    pub files: Vec<String>,
    /// Charts replaced or skipped, and why (see `chart::Rendered`).
    pub notes: Vec<String>,
}

/// Checks that `folder` may be (re)placed with results, before any simulation time is spent.
pub fn check_destination(folder: &Path) -> Result<(), ExportError> {
    if folder.exists() {
        let ours = folder.join("manifest.json").is_file()
            || fs::read_dir(folder)
                .map_err(io_error(folder))?
                .next()
                .is_none();
        if !ours || !folder.is_dir() {
            return Err(ExportError::NotOurs(folder.to_path_buf()));
        }
    }
    Ok(())
}

/// Writes every output for `summary` into `folder`, replacing earlier results there.
pub fn write_all(
    experiment: &Experiment,
    summary: &Summary,
    folder: &Path,
    threads: usize,
) -> Result<Written, ExportError> {
    check_destination(folder)?;
    let parent = folder
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    let leaf = folder.file_name().map_or_else(
        || "results".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let staging = parent.join(format!(".{leaf}.partial-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io_error(&staging))?;
    }
    fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    let result = fill(experiment, summary, &staging, threads).and_then(|(files, notes)| {
        if folder.exists() {
            fs::remove_dir_all(folder).map_err(io_error(folder))?;
        }
        fs::rename(&staging, folder).map_err(io_error(folder))?;
        Ok(Written {
            folder: folder.to_path_buf(),
            files,
            notes,
        })
    });
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn fill(
    experiment: &Experiment,
    summary: &Summary,
    staging: &Path,
    threads: usize,
) -> Result<(Vec<String>, Vec<String>), ExportError> {
    let mut files = vec!["summary.csv".to_string(), "rounds.csv".to_string()];
    tables::write_summary(experiment, summary, &staging.join("summary.csv"))?;
    tables::write_rounds(experiment, summary, &staging.join("rounds.csv"))?;
    let rendered = crate::chart::render_all(staging, &experiment.title)?;
    files.extend(rendered.files);
    files.push("manifest.json".to_string());
    manifest::write(experiment, &files, threads, &staging.join("manifest.json"))?;
    Ok((files, rendered.notes))
}

//! Writing results: `summary.csv`, `rounds.csv`, charts, and `manifest.json` last, into a
//! staging folder that [`folder`] swaps in for the destination once complete.

pub mod best_replies;
pub mod destination;
pub mod evolution;
pub mod folder;
pub mod joint;
pub mod manifest;
pub mod relations;
pub mod replot;
pub mod tables;
pub mod tournament;

use crate::experiment::Experiment;
use crate::sim::Summary;
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
    /// `--out` names a folder that must not be replaced; the message says why. Bad input.
    #[error("{0}")]
    Refused(String),
    /// The destination holds files dilemma did not write, or results edited since. Bad input.
    #[error(
        "{folder} holds files dilemma did not write or that were edited since: {list}; move \
         them elsewhere or choose another --out",
        folder = .folder.display()
    )]
    NotOurs { folder: PathBuf, list: String },
    /// Another process holds the lock on a folder this run must take.
    #[error("{0} is locked by another process; try again when it has finished")]
    Busy(PathBuf),
}

impl From<crate::chart::ChartError> for ExportError {
    fn from(error: crate::chart::ChartError) -> Self {
        use crate::chart::ChartError;
        match error {
            ChartError::Io { path, source } => ExportError::Io { path, source },
            ChartError::Csv { path, source } => ExportError::Csv { path, source },
            ChartError::Encode(message) => ExportError::Chart(message),
        }
    }
}

impl ExportError {
    /// True when the user's input (`--out` and what it holds) is at fault, not the run.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, ExportError::Refused(_) | ExportError::NotOurs { .. })
    }
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Test hook: the export code calls this at each stage of a run's life cycle. When the
/// environment variable `DILEMMA_TEST_KILL_AT` names the stage, the process kills itself with
/// SIGKILL there, so tests (tests/results_folder.rs) can check what a kill at that exact point
/// leaves on disk. Without the variable it does nothing.
pub(crate) fn stage(name: &str) {
    #[cfg(unix)]
    if std::env::var_os("DILEMMA_TEST_KILL_AT").is_some_and(|at| at == name) {
        // SAFETY: kill(2) on our own PID has no memory-safety preconditions.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
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

/// Before any simulation time is spent: resolves `out` (see [`destination::resolve`]), cleans
/// what dead runs left beside it, and checks that it may be (re)placed. Returns the resolved
/// path to pass to [`write_all`].
pub fn prepare(out: &Path, scenario: &Path) -> Result<PathBuf, ExportError> {
    stage("start");
    let dest = destination::resolve(out, Some(scenario))?;
    folder::clean_dead_staging(&dest)?;
    folder::check(&dest)?;
    stage("prepared");
    Ok(dest)
}

/// Writes every output for `summary` and swaps it in at `out`, replacing earlier results there.
pub fn write_all(
    experiment: &Experiment,
    summary: &Summary,
    evolution: Option<&crate::evolution::plan::Outcome>,
    out: &Path,
    threads: usize,
) -> Result<Written, ExportError> {
    let dest = destination::resolve(out, None)?;
    folder::check(&dest)?;
    let staging = folder::Staging::create(&dest)?;
    stage("staging");
    let (files, notes) = fill(experiment, summary, evolution, staging.path(), threads)?;
    staging.commit()?;
    Ok(Written {
        folder: dest,
        files,
        notes,
    })
}

/// Writes every table of the results (no chart, no manifest) into `folder`; returns the files
/// written and the notes on tables left out. Tests compare these byte for byte between paths.
pub fn write_tables(
    experiment: &Experiment,
    summary: &Summary,
    evolution_outcome: Option<&crate::evolution::plan::Outcome>,
    folder: &Path,
) -> Result<(Vec<String>, Vec<String>), ExportError> {
    let mut files = vec![
        "summary.csv".to_string(),
        "rounds.csv".to_string(),
        "best_replies.csv".to_string(),
    ];
    tables::write_summary(experiment, summary, &folder.join("summary.csv"))?;
    stage("summary.csv");
    tables::write_rounds(experiment, summary, &folder.join("rounds.csv"))?;
    stage("rounds.csv");
    let results = crate::tournament::tabulate(experiment, summary);
    match &results {
        Some(results) => {
            tournament::write_best_replies(experiment, results, &folder.join("best_replies.csv"))?
        }
        None => best_replies::write(experiment, summary, &folder.join("best_replies.csv"))?,
    }
    tournament::write_equilibria(
        experiment,
        summary,
        results.as_ref(),
        &folder.join("equilibria.csv"),
    )?;
    files.push("equilibria.csv".to_string());
    if let Some(results) = &results {
        tournament::write_matrix(experiment, results, &folder.join("tournament.csv"))?;
        tournament::write_ranking(experiment, results, &folder.join("ranking.csv"))?;
        tournament::write_scores(experiment, results, &folder.join("scores.csv"))?;
        files.extend(["tournament.csv", "ranking.csv", "scores.csv"].map(String::from));
        stage("tournament.csv");
    }
    if let Some(outcome) = evolution_outcome {
        use evolution::Process;
        let labels = &outcome.matrix.labels;
        evolution::write_fixation(&outcome.moran, &folder.join("fixation.csv"))?;
        let moran = outcome.moran.trajectory.to_trajectory();
        evolution::write_trajectories(
            labels,
            &[
                (Process::Moran, &moran),
                (Process::Replicator, &outcome.continuous),
                (Process::ReplicatorDiscrete, &outcome.discrete),
            ],
            &folder.join("trajectories.csv"),
        )?;
        evolution::write_fixed_points(
            labels,
            &outcome.fixed_points,
            &folder.join("fixed_points.csv"),
        )?;
        evolution::write_payoffs(&outcome.matrix, &folder.join("evolution_payoffs.csv"))?;
        files.extend(
            [
                "fixation.csv",
                "trajectories.csv",
                "fixed_points.csv",
                "evolution_payoffs.csv",
            ]
            .map(String::from),
        );
        stage("fixation.csv");
    }
    let mut table_notes = Vec::new();
    if crate::sim::recorded_joint_actions(experiment) > 0 {
        joint::write_joint(experiment, summary, &folder.join("joint.csv"))?;
        joint::write_joint_summary(experiment, summary, &folder.join("joint_summary.csv"))?;
        files.extend(["joint.csv".to_string(), "joint_summary.csv".to_string()]);
        stage("joint.csv");
    } else {
        table_notes.push(manifest::joint_cap_note(experiment));
    }
    if experiment.relations.is_some() {
        relations::write(experiment, summary, &folder.join("relations.csv"))?;
        files.push("relations.csv".to_string());
        stage("relations.csv");
    }
    Ok((files, table_notes))
}

fn fill(
    experiment: &Experiment,
    summary: &Summary,
    evolution_outcome: Option<&crate::evolution::plan::Outcome>,
    staging: &Path,
    threads: usize,
) -> Result<(Vec<String>, Vec<String>), ExportError> {
    let (mut files, mut table_notes) =
        write_tables(experiment, summary, evolution_outcome, staging)?;
    let context = crate::chart::Context {
        title: experiment.title.clone(),
        charts: experiment.charts.clone(),
        sweep: tables::swept_names(experiment),
        overrides: crate::chart::Overrides::default(),
    };
    let mut rendered = crate::chart::render_all(staging, &context)?;
    // A chart that cannot be drawn costs the chart, not the results.
    rendered.notes.append(&mut rendered.failures);
    table_notes.append(&mut rendered.notes);
    rendered.notes = table_notes;
    files.extend(rendered.files);
    stage("charts");
    let entries = files
        .iter()
        .map(|name| folder::seal(staging, name))
        .collect::<Result<Vec<_>, _>>()?;
    folder::sync_dir(staging)?;
    stage("sealed");
    let path = staging.join("manifest.json");
    manifest::write(experiment, &entries, &rendered.notes, threads, &path)?;
    folder::sync_dir(staging)?;
    stage("manifest");
    files.push("manifest.json".to_string());
    Ok((files, rendered.notes))
}

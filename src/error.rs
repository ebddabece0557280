//! The library's top-level error and the exit code each kind maps to.

use crate::export::ExportError;
use crate::scenario::ScenarioErrors;
use crate::table::TableError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario file is wrong: bad input. Displays one line per problem.
    #[error("{0}")]
    Scenario(#[from] ScenarioErrors),
    /// A command-line value is wrong: bad input.
    #[error("{0}")]
    Usage(String),
    /// Writing results failed while running, or `--out` was refused (bad input).
    #[error("{0}")]
    Export(#[from] ExportError),
    /// A results folder given to `table` is not a finished, unedited run (bad input), or
    /// reading it failed.
    #[error("{0}")]
    Table(#[from] TableError),
    /// Anything else that failed while running.
    #[error("{0}")]
    Run(String),
}

impl Error {
    /// The message as lines, each to be printed after `error: `; each is one safe line.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Scenario(errors) => errors
                .0
                .iter()
                .map(|e| crate::text::one_line(&e.to_string()))
                .collect(),
            other => vec![crate::text::one_line(&other.to_string())],
        }
    }

    /// 2 for bad input (scenario or arguments), 1 for a failure while running.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Scenario(_) | Error::Usage(_) => 2,
            Error::Export(error) if error.is_bad_input() => 2,
            Error::Table(error) if error.is_bad_input() => 2,
            Error::Export(_) | Error::Table(_) | Error::Run(_) => 1,
        }
    }
}

//! The library's top-level error and the exit code each kind maps to.

use crate::export::ExportError;
use crate::scenario::ScenarioError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario file is wrong: bad input.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// A command-line value is wrong: bad input.
    #[error("{0}")]
    Usage(String),
    /// Writing results failed while running.
    #[error("{0}")]
    Export(#[from] ExportError),
    /// Anything else that failed while running.
    #[error("{0}")]
    Run(String),
}

impl Error {
    /// 2 for bad input (scenario or arguments), 1 for a failure while running.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Scenario(_) | Error::Usage(_) => 2,
            Error::Export(_) | Error::Run(_) => 1,
        }
    }
}

//! What can go wrong while drawing a results folder's charts: reading its tables, encoding a
//! chart, or writing a file. The export layer turns these into its own errors.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
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
    /// A chart that could not be encoded (the SVG unreadable, the PNG too large).
    #[error("{0}")]
    Encode(String),
}

//! Loading a results folder for tables: its manifest must say the run finished, and
//! `summary.csv` must be, byte for byte, the file that run recorded.

use super::TableError;
use crate::export::manifest::{self, FileEntry};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

/// A number from `summary.csv`: its value (NaN where the file leaves it empty) and its text as
/// written there, which keeps every digit.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    pub text: String,
}

/// One row of `summary.csv`: one player's results in one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub player: String,
    pub strategy: String,
    pub mean: Number,
    pub low: Number,
    pub high: Number,
}

/// One cell (one profile) of the run, with a row for each player it has, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub profile: String,
    pub rows: Vec<Row>,
}

/// What the tables are made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The scenario's title (its name when it has none).
    pub title: String,
    /// Player names in file order, each once.
    pub players: Vec<String>,
    /// Cells in file order.
    pub cells: Vec<Cell>,
}

/// Reads `folder` after checking that it is a complete dilemma results folder whose
/// `summary.csv` is unchanged since the run.
pub fn results(folder: &Path) -> Result<Results, TableError> {
    match fs::metadata(folder) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(TableError::NoFolder(folder.to_path_buf()));
        }
        Err(source) => {
            return Err(TableError::Io {
                path: folder.to_path_buf(),
                source,
            });
        }
        Ok(meta) if !meta.is_dir() => return Err(TableError::NotFolder(folder.to_path_buf())),
        Ok(_) => {}
    }
    let (manifest, recorded) = finished_manifest(folder)?;
    let summary_path = folder.join("summary.csv");
    let bytes = recorded_bytes(&summary_path, recorded.as_ref())?;
    let (players, cells) = parse_summary(&bytes).map_err(|why| TableError::Malformed {
        path: summary_path,
        why,
    })?;
    let scenario = &manifest["scenario"];
    let title = scenario["title"].as_str().or(scenario["name"].as_str());
    Ok(Results {
        title: title.unwrap_or_default().to_string(),
        players,
        cells,
    })
}

/// The manifest of a finished run, with what it recorded about `summary.csv` (`None` in
/// manifests of earlier versions, which list plain names).
fn finished_manifest(folder: &Path) -> Result<(Value, Option<FileEntry>), TableError> {
    let path = folder.join("manifest.json");
    let bytes = match read_regular(&path) {
        Err(TableError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            return Err(TableError::NoManifest(folder.to_path_buf()));
        }
        other => other?,
    };
    let not_manifest = |why: String| TableError::NotManifest {
        path: path.clone(),
        why,
    };
    let manifest: Value = serde_json::from_slice(&bytes)
        .map_err(|error| not_manifest(format!("it is not JSON ({error})")))?;
    let mut listing = manifest::listing(&manifest).ok_or_else(|| {
        not_manifest("it lacks \"engine\": \"dilemma\" or a list of files".to_string())
    })?;
    if manifest.get("complete") != Some(&Value::Bool(true)) {
        return Err(TableError::Incomplete(path));
    }
    match listing.remove("summary.csv") {
        Some(recorded) => Ok((manifest, recorded)),
        None => Err(TableError::SummaryNotListed(path)),
    }
}

/// The bytes of `path` (summary.csv), refused when its size or SHA-256 is not what the manifest
/// recorded. The bytes hashed are the bytes parsed, so the file cannot change in between.
fn recorded_bytes(path: &Path, recorded: Option<&FileEntry>) -> Result<Vec<u8>, TableError> {
    let meta = match fs::symlink_metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(TableError::SummaryMissing(path.to_path_buf()));
        }
        other => other.map_err(|source| TableError::Io {
            path: path.to_path_buf(),
            source,
        })?,
    };
    if !meta.is_file() {
        return Err(TableError::NotAFile(path.to_path_buf()));
    }
    // The size is compared first, so a file swollen to gigabytes is refused unread.
    if recorded.is_some_and(|entry| meta.len() != entry.bytes) {
        return Err(TableError::Edited(path.to_path_buf()));
    }
    let bytes = read_regular(path)?;
    if let Some(entry) = recorded
        && (bytes.len() as u64 != entry.bytes
            || crate::rng::hex(&Sha256::digest(&bytes)) != entry.sha256)
    {
        return Err(TableError::Edited(path.to_path_buf()));
    }
    Ok(bytes)
}

/// The contents of a regular file; anything else (a FIFO that would block, a device, a folder)
/// is refused before it is opened.
fn read_regular(path: &Path) -> Result<Vec<u8>, TableError> {
    let io_error = |source| TableError::Io {
        path: path.to_path_buf(),
        source,
    };
    if !fs::metadata(path).map_err(io_error)?.is_file() {
        return Err(TableError::NotAFile(path.to_path_buf()));
    }
    fs::read(path).map_err(io_error)
}

/// The columns tables need, by name, so that columns added later (swept parameters, shares)
/// change nothing.
const NEEDED: [&str; 7] = [
    "cell",
    "profile",
    "player",
    "strategy",
    "mean_payoff",
    "ci95_low",
    "ci95_high",
];

/// Players in file order and the cells with their rows, or what is wrong with the table.
fn parse_summary(bytes: &[u8]) -> Result<(Vec<String>, Vec<Cell>), String> {
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let mut index = [0; NEEDED.len()];
    for (slot, name) in index.iter_mut().zip(NEEDED) {
        *slot = headers
            .iter()
            .position(|header| header == name)
            .ok_or_else(|| format!("it has no `{name}` column"))?;
    }
    let [
        cell_at,
        profile_at,
        player_at,
        strategy_at,
        mean_at,
        low_at,
        high_at,
    ] = index;
    let mut players: Vec<String> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut cell_index: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map_or(0, |p| p.line());
        // Every record has as many fields as the header (the reader checks), so `get` succeeds.
        let field = |at: usize| record.get(at).unwrap_or("");
        let number = |name: &str, at: usize| -> Result<Number, String> {
            let text = field(at);
            let value = if text.is_empty() {
                f64::NAN
            } else {
                text.parse().map_err(|_| {
                    format!(
                        "line {line}: `{name}` is not a number: `{}`",
                        crate::text::echo(text)
                    )
                })?
            };
            Ok(Number {
                value,
                text: text.to_string(),
            })
        };
        let cell = field(cell_at);
        if cell.parse::<u64>().is_err() {
            return Err(format!(
                "line {line}: `cell` is not a cell number: `{}`",
                crate::text::echo(cell)
            ));
        }
        let row = Row {
            player: field(player_at).to_string(),
            strategy: field(strategy_at).to_string(),
            mean: number("mean_payoff", mean_at)?,
            low: number("ci95_low", low_at)?,
            high: number("ci95_high", high_at)?,
        };
        if !players.contains(&row.player) {
            players.push(row.player.clone());
        }
        let at = *cell_index.entry(cell.to_string()).or_insert_with(|| {
            cells.push(Cell {
                profile: field(profile_at).to_string(),
                rows: Vec::new(),
            });
            cells.len() - 1
        });
        if cells[at]
            .rows
            .iter()
            .any(|other| other.player == row.player)
        {
            return Err(format!(
                "line {line}: a second row for player `{}` in cell {cell}",
                crate::text::echo(&row.player)
            ));
        }
        cells[at].rows.push(row);
    }
    if cells.is_empty() {
        return Err("it has no rows".to_string());
    }
    Ok((players, cells))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "cell,profile,player,strategy,replicates,mean_payoff,sd_payoff,\
                          ci95_low,ci95_high,share_C,share_D,constrained_share\n";

    #[test]
    fn rows_are_grouped_by_cell_in_file_order() {
        let text = format!(
            "{HEADER}0,a vs b,P,a,2,1.5,0.1,1.25,1.75,1,0,0\n0,a vs b,Q,b,2,-0.5,0.1,,,1,0,0\n\
             1,c vs b,P,c,2,,0,,,1,0,0\n"
        );
        let (players, cells) = parse_summary(text.as_bytes()).unwrap();
        assert_eq!(players, ["P", "Q"]);
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[0].profile, "a vs b");
        assert_eq!(cells[0].rows[1].mean.value, -0.5);
        assert_eq!(cells[0].rows[1].mean.text, "-0.5");
        assert!(cells[0].rows[1].low.value.is_nan());
        assert_eq!(cells[0].rows[1].low.text, "");
        assert!(cells[1].rows[0].mean.value.is_nan());
        assert_eq!(cells[1].rows.len(), 1);
    }

    #[test]
    fn malformed_tables_say_what_and_where() {
        let missing = "cell,profile,player,strategy\n0,a,P,a\n";
        assert_eq!(
            parse_summary(missing.as_bytes()).unwrap_err(),
            "it has no `mean_payoff` column"
        );
        let text = format!("{HEADER}0,a vs b,P,a,2,lots,0.1,1,2,1,0,0\n");
        assert_eq!(
            parse_summary(text.as_bytes()).unwrap_err(),
            "line 2: `mean_payoff` is not a number: `lots`"
        );
        let text = format!("{HEADER}x,a vs b,P,a,2,1,0.1,1,2,1,0,0\n");
        assert!(
            parse_summary(text.as_bytes())
                .unwrap_err()
                .contains("`cell`")
        );
        let text = format!("{HEADER}0,a vs b,P,a,2,1,0.1,1,2\n");
        assert!(
            parse_summary(text.as_bytes())
                .unwrap_err()
                .contains("fields")
        );
        let text = format!("{HEADER}0,a,P,a,2,1,0,1,1,1,0,0\n0,a,P,a,2,1,0,1,1,1,0,0\n");
        assert!(
            parse_summary(text.as_bytes())
                .unwrap_err()
                .contains("second row")
        );
        assert_eq!(
            parse_summary(HEADER.as_bytes()).unwrap_err(),
            "it has no rows"
        );
        assert!(parse_summary(b"cell,profile\n\xff,x\n").is_err());
    }
}

//! `dilemma plot`: re-renders the charts of a results folder from its files alone (no
//! simulation), and swaps in the folder with the new charts and an updated manifest exactly as a
//! run does, so the folder is at every instant the complete old or the complete new result.

use super::{ExportError, Written, destination, folder, manifest};
use crate::chart::spec::Format;
use crate::chart::{Context, Overrides};
use serde_json::Value;
use std::path::Path;

/// Re-makes every chart of the results in `out` with `overrides` applied.
pub fn replot(out: &Path, overrides: &Overrides) -> Result<Written, ExportError> {
    let dest = destination::resolve(out, None)?;
    let not_results = |why: &str| {
        ExportError::Refused(format!(
            "{} {why}; `dilemma plot` needs a folder written by `dilemma run`",
            crate::text::echo(&dest.display().to_string())
        ))
    };
    if !dest.is_dir() {
        return Err(not_results("is not a folder"));
    }
    let manifest_path = dest.join("manifest.json");
    let recorded: Value = std::fs::read(&manifest_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| not_results("has no readable manifest.json"))?;
    if recorded.get("engine") != Some(&Value::from("dilemma"))
        || recorded.get("complete") != Some(&Value::Bool(true))
    {
        return Err(not_results("has no complete dilemma manifest"));
    }
    let context = context_of(&recorded, overrides).map_err(|why| not_results(&why))?;
    folder::clean_dead_staging(&dest)?;
    // Refuses a folder holding foreign or edited files, as a run would: the swap must not lose
    // them, and charts of edited tables would not match the manifest.
    folder::check(&dest).map_err(|error| match error {
        ExportError::NotOurs { folder, list } => ExportError::Refused(format!(
            "{} holds files dilemma did not write or that were edited since: {list}; plotting \
             replaces the folder in one step and would lose them, so move them elsewhere (for \
             edited tables, run the scenario again)",
            crate::text::echo(&folder.display().to_string())
        )),
        other => other,
    })?;
    let listing = manifest::listing(&recorded).unwrap_or_default();
    let staging = folder::Staging::create(&dest)?;
    // The tables move over unchanged; the charts are made anew.
    let mut tables: Vec<String> = listing
        .keys()
        .filter(|name| !is_chart(name))
        .cloned()
        .collect();
    tables.sort();
    for name in &tables {
        let (from, to) = (dest.join(name), staging.path().join(name));
        // A second name for the same file costs nothing; where links are not allowed, a copy.
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(super::io_error(&to))?;
        }
    }
    let rendered = crate::chart::render_all(staging.path(), &context)?;
    if !rendered.failures.is_empty() {
        return Err(ExportError::Chart(rendered.failures.join("; ")));
    }
    let mut files = tables;
    files.extend(rendered.files);
    let entries = files
        .iter()
        .map(|name| folder::seal(staging.path(), name))
        .collect::<Result<Vec<_>, _>>()?;
    folder::sync_dir(staging.path())?;
    let mut updated = recorded;
    updated["files"] = serde_json::to_value(&entries).expect("file entries serialise");
    updated["chart_notes"] = Value::from(rendered.notes.clone());
    manifest::write_value(&updated, &staging.path().join("manifest.json"))?;
    folder::sync_dir(staging.path())?;
    staging.commit()?;
    files.push("manifest.json".to_string());
    Ok(Written {
        folder: dest,
        files,
        notes: rendered.notes,
    })
}

/// Charts are the files in a chart format; everything else a run wrote is a table.
fn is_chart(name: &str) -> bool {
    Format::ALL
        .iter()
        .any(|format| name.ends_with(&format!(".{}", format.extension())))
}

/// The render context a run recorded: the scenario's title and its `[[charts]]`.
fn context_of(recorded: &Value, overrides: &Overrides) -> Result<Context, String> {
    let title = recorded
        .pointer("/scenario/title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let charts = manifest::charts(recorded)
        .map_err(|e| format!("has a manifest whose charts cannot be used: {e}"))?;
    let sweep = recorded
        .get("sweep")
        .and_then(Value::as_array)
        .map(|axes| {
            axes.iter()
                .filter_map(|axis| axis.get("parameter").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(Context {
        title,
        charts,
        sweep,
        overrides: overrides.clone(),
    })
}

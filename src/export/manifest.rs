//! `manifest.json`: what was run (engine, scenario digest, seed, replicates, cells) and which
//! files belong to it, each with its size and SHA-256. It is written last, with
//! `"complete": true`, so its presence marks a finished result.

use super::ExportError;
use crate::chart::spec::ChartSpec;
use crate::experiment::Experiment;
use crate::game::Length;
use crate::game::evaluated::EvaluatedGame;
use crate::rng::hex;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// One result file as the manifest records it. The manifest does not list itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The files a manifest lists: name, and what was recorded about it (`None` for the plain names
/// that manifests of earlier versions list).
pub type Listing = HashMap<String, Option<FileEntry>>;

/// The listing of a dilemma manifest; `None` when `manifest` is not one (no `"engine":
/// "dilemma"`, or `files` is not a list of names or entries).
pub fn listing(manifest: &Value) -> Option<Listing> {
    if manifest.get("engine")? != "dilemma" {
        return None;
    }
    manifest
        .get("files")?
        .as_array()?
        .iter()
        .map(|file| match file {
            Value::String(name) => Some((name.clone(), None)),
            entry => {
                let entry: FileEntry = serde_json::from_value(entry.clone()).ok()?;
                Some((entry.name.clone(), Some(entry)))
            }
        })
        .collect()
}

/// The chart requests a manifest records (`[]` without a `[[charts]]` section, and for
/// manifests written before charts were recorded); an error names the entry that cannot be read.
pub fn charts(manifest: &Value) -> Result<Vec<ChartSpec>, String> {
    let Some(charts) = manifest.get("charts") else {
        return Ok(Vec::new());
    };
    let entries = charts
        .as_array()
        .ok_or("the manifest's `charts` is not a list")?;
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            ChartSpec::deserialize(entry).map_err(|error| {
                crate::text::one_line(&format!("the manifest's charts[{index}]: {error}"))
            })
        })
        .collect()
}

/// `notes` say which charts were replaced or skipped, and why.
pub fn to_json(
    experiment: &Experiment,
    files: &[FileEntry],
    notes: &[String],
    threads: usize,
) -> Value {
    let game = &experiment.game;
    let named = |values: &[f64]| -> serde_json::Map<String, Value> {
        experiment
            .parameter_names
            .iter()
            .zip(values)
            .map(|(name, value)| (name.clone(), json!(value)))
            .collect()
    };
    let parameters = named(&experiment.parameter_values);
    let point_parameters: Vec<serde_json::Map<String, Value>> = experiment
        .points
        .iter()
        .map(|values| named(values))
        .collect();
    let length = match game.length {
        Length::Fixed(rounds) => json!({ "rounds": rounds }),
        Length::Continuation {
            probability,
            max_rounds,
        } => json!({ "continuation": probability, "max_rounds": max_rounds }),
    };
    let cells: Vec<Value> = experiment
        .cells
        .iter()
        .map(|cell| {
            let strategies: Vec<Value> = game
                .players
                .iter()
                .enumerate()
                .map(|(player, name)| {
                    let spec = experiment.strategy(cell, player);
                    json!({
                        "player": name,
                        "label": spec.label,
                        "kind": spec.entry.name,
                        "definition": spec.definition(),
                        "classifier": spec.classifier,
                    })
                })
                .collect();
            json!({
                "cell": cell.index,
                "point": cell.point,
                "key": hex(&cell.key),
                "profile": experiment.profile_label(cell),
                "parameters": point_parameters.get(cell.point).unwrap_or(&parameters),
                "strategies": strategies,
            })
        })
        .collect();
    json!({
        "engine": "dilemma",
        "engine_version": env!("CARGO_PKG_VERSION"),
        "scenario": {
            "name": experiment.name,
            "title": experiment.title,
            "path": experiment.source_path,
            "sha256": experiment.source_sha256,
        },
        "seed": experiment.seed,
        "replicates": experiment.replicates,
        "threads": threads,
        "game": {
            "players": game.players,
            "actions": game.actions,
            "length": length,
            "noise": game.noise.evaluate(&game.dynamics.slots_at_start(&experiment.parameter_values)),
        },
        "parameters": parameters,
        // `--set NAME=VALUE` given for the run; `parameters` already holds their values.
        "overrides": experiment
            .overrides
            .iter()
            .map(|(name, value)| (name.clone(), json!(value)))
            .collect::<serde_json::Map<String, Value>>(),
        // The game as run at each parameter point (one until sweeps exist): the evaluated
        // payoff table and constraint probabilities, so the formulas can be checked.
        "points": experiment
            .points
            .iter()
            .zip(&point_parameters)
            .enumerate()
            .map(|(index, (values, named))| point(experiment, index, values, named.clone()))
            .collect::<Vec<_>>(),
        // The swept parameters in column order, each with its values; empty without a sweep.
        "sweep": experiment
            .swept
            .iter()
            .map(|&index| {
                json!({
                    "parameter": experiment.parameter_names[index],
                    "values": experiment.swept_axis(index),
                })
            })
            .collect::<Vec<_>>(),
        "cells": cells,
        // Whether joint.csv and joint_summary.csv were written, and why not.
        "joint_outcomes": joint_outcomes(experiment),
        // `[relations]` as validated: each pair and its joint actions in amity.
        "relations": relations(experiment),
        "files": files,
        // The scenario's `[[charts]]` as validated, for `dilemma plot` to read back (`charts`).
        "charts": experiment.charts,
        "chart_notes": notes,
        "complete": true,
    })
}

fn point(
    experiment: &Experiment,
    index: usize,
    values: &[f64],
    parameters: serde_json::Map<String, Value>,
) -> Value {
    let evaluated = EvaluatedGame::new(&experiment.game, values);
    let mut point = json!({ "point": index, "parameters": parameters });
    if let (Value::Object(point), Value::Object(game)) = (&mut point, evaluated.to_json()) {
        point.extend(game);
    }
    point
}

/// Writes the manifest and flushes it to disk.
pub fn write(
    experiment: &Experiment,
    files: &[FileEntry],
    notes: &[String],
    threads: usize,
    path: &Path,
) -> Result<(), ExportError> {
    write_value(&to_json(experiment, files, notes, threads), path)
}

/// Writes a manifest value and flushes it to disk.
pub fn write_value(manifest: &Value, path: &Path) -> Result<(), ExportError> {
    let mut text = serde_json::to_string_pretty(manifest).expect("a JSON value always serialises");
    text.push('\n');
    let mut file = std::fs::File::create(path).map_err(super::io_error(path))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(super::io_error(path))
}

/// The joint actions' record: how many there are, the cap, and whether they were written.
fn joint_outcomes(experiment: &Experiment) -> Value {
    let joint = experiment.game.joint_count();
    let written = crate::sim::recorded_joint_actions(experiment) > 0;
    json!({
        "joint_actions": joint,
        "cap": crate::sim::MAX_RECORDED_JOINT_ACTIONS,
        "written": written,
        "note": if written { Value::Null } else { Value::from(joint_cap_note(experiment)) },
    })
}

/// Why a run wrote no joint.csv; the CLI prints it as a note and the manifest records it.
pub fn joint_cap_note(experiment: &Experiment) -> String {
    format!(
        "joint.csv, joint_summary.csv: not written; this game has {} joint actions, more than \
         the {} whose shares a run records (a joint chart needs them)",
        experiment.game.joint_count(),
        crate::sim::MAX_RECORDED_JOINT_ACTIONS
    )
}

fn relations(experiment: &Experiment) -> Value {
    let Some(relations) = &experiment.relations else {
        return Value::Null;
    };
    let game = &experiment.game;
    relations
        .pairs
        .iter()
        .map(|pair| {
            let second = &game.actions[pair.second];
            let amity: Vec<String> = pair
                .amity
                .iter()
                .enumerate()
                .filter(|(_, in_amity)| **in_amity)
                .map(|(index, _)| {
                    format!(
                        "{},{}",
                        game.actions[pair.first][index / second.len()],
                        second[index % second.len()]
                    )
                })
                .collect();
            json!({
                "pair": [game.players[pair.first], game.players[pair.second]],
                "amity": amity,
            })
        })
        .collect::<Vec<_>>()
        .into()
}

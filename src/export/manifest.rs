//! `manifest.json`: what was run (engine, scenario digest, seed, replicates, cells) and which
//! files belong to it. It is written last, with `"complete": true`, so its presence marks a
//! finished result.

use super::ExportError;
use crate::experiment::Experiment;
use crate::game::Length;
use crate::game::evaluated::EvaluatedGame;
use crate::rng::hex;
use serde_json::{Value, json};
use std::path::Path;

pub fn to_json(experiment: &Experiment, files: &[String], threads: usize) -> Value {
    let game = &experiment.game;
    let parameters: serde_json::Map<String, Value> = experiment
        .parameter_names
        .iter()
        .zip(&experiment.parameter_values)
        .map(|(name, value)| (name.clone(), json!(value)))
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
                "point": 0,
                "key": hex(&cell.key),
                "profile": experiment.profile_label(cell),
                "parameters": parameters,
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
            "noise": game.noise,
        },
        "parameters": parameters,
        // The game as run at each parameter point (one until sweeps exist): the evaluated
        // payoff table and constraint probabilities, so the formulas can be checked.
        "points": [point(experiment, parameters.clone())],
        "cells": cells,
        "files": files,
        "complete": true,
    })
}

fn point(experiment: &Experiment, parameters: serde_json::Map<String, Value>) -> Value {
    let evaluated = EvaluatedGame::new(&experiment.game, &experiment.parameter_values);
    let mut point = json!({ "point": 0, "parameters": parameters });
    if let (Value::Object(point), Value::Object(game)) = (&mut point, evaluated.to_json()) {
        point.extend(game);
    }
    point
}

pub fn write(
    experiment: &Experiment,
    files: &[String],
    threads: usize,
    path: &Path,
) -> Result<(), ExportError> {
    let mut text = serde_json::to_string_pretty(&to_json(experiment, files, threads))
        .expect("a JSON value always serialises");
    text.push('\n');
    std::fs::write(path, text).map_err(super::io_error(path))
}

//! Turns the raw scenario into an [`Experiment`]: resolves names, compiles formulas, checks every
//! value's range, and reports the first problem with its position and field.

mod game;
mod strategies;

use super::formula::{Formula, FormulaError, is_function_name};
use super::schema::{RawNumber, RawScenario};
use super::{ScenarioError, Source, nearest_name};
use crate::experiment::Experiment;
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::ops::Range;
use toml::Spanned;

/// Bounds that keep a scenario's memory and running time finite; each is far above any
/// published iterated-game study.
pub const MAX_PLAYERS: usize = 32;
pub const MAX_ACTIONS: usize = 64;
pub const MAX_JOINT_ACTIONS: usize = 1 << 16;
pub const MAX_ROUNDS: i64 = 1_000_000;
pub const MAX_REPLICATES: u64 = 1_000_000_000;
pub const MAX_CELLS: usize = 100_000;
/// Payoffs are summed over up to a million rounds and a billion replicates; this keeps the sums
/// finite and their rounding far below any reported digit.
pub const MAX_PAYOFF_MAGNITUDE: f64 = 1e12;

const DEFAULT_REPLICATES: u64 = 100;

type Result<T> = std::result::Result<T, ScenarioError>;

struct Validator<'a> {
    source: &'a Source<'a>,
    parameter_names: Vec<String>,
    parameter_values: Vec<f64>,
}

pub(super) fn validate(raw: RawScenario, source: &Source) -> Result<Experiment> {
    let meta = raw.scenario.into_inner();
    let name = meta.name;
    check_folder_name(source, &name)?;
    let replicates = match meta.replicates {
        Some(replicates) => {
            let value = *replicates.get_ref();
            if value == 0 || value > MAX_REPLICATES {
                return Err(source.error(
                    replicates.span(),
                    "scenario.replicates",
                    format!("must be between 1 and {MAX_REPLICATES}, found {value}"),
                ));
            }
            value
        }
        None => DEFAULT_REPLICATES,
    };

    let mut validator = Validator {
        source,
        parameter_names: Vec::new(),
        parameter_values: Vec::new(),
    };
    if let Some(parameters) = raw.parameters {
        for (key, value) in parameters.into_inner() {
            validator.add_parameter(key, value)?;
        }
    }
    let game = validator.game(raw.game)?;
    let strategies_span = raw.strategies.span();
    let candidates = validator.strategies(raw.strategies, &game)?;
    let cell_count = candidates
        .iter()
        .try_fold(1usize, |total, options| total.checked_mul(options.len()))
        .filter(|total| *total <= MAX_CELLS);
    if cell_count.is_none() {
        return Err(source.error(
            strategies_span,
            "strategies",
            format!("the candidates make more than {MAX_CELLS} profiles"),
        ));
    }
    let cells = Experiment::build_cells(
        &validator.parameter_names,
        &validator.parameter_values,
        &game.players,
        &candidates,
    );
    Ok(Experiment {
        title: meta
            .title
            .map(Spanned::into_inner)
            .unwrap_or_else(|| name.get_ref().clone()),
        name: name.into_inner(),
        source_path: source.file.to_string(),
        source_sha256: crate::rng::hex(&Sha256::digest(source.text.as_bytes())),
        seed: meta.seed.map_or(0, Spanned::into_inner),
        replicates,
        parameter_names: validator.parameter_names,
        parameter_values: validator.parameter_values,
        game,
        candidates,
        cells,
    })
}

/// The name becomes a folder under `output/`, so it must be one plain path component.
fn check_folder_name(source: &Source, name: &Spanned<String>) -> Result<()> {
    let text = name.get_ref();
    let plain = !text.is_empty()
        && text.len() <= 100
        && !text.starts_with('.')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain {
        Ok(())
    } else {
        Err(source.error(
            name.span(),
            "scenario.name",
            format!(
                "`{text}` cannot name an output folder: use 1 to 100 letters, digits, `-`, `_` \
                 or `.`, not starting with `.`"
            ),
        ))
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Finds `name` among `known`, or explains the miss with the nearest known name.
fn resolve(
    source: &Source,
    known: &[String],
    name: &Spanned<String>,
    field: &str,
    what: &str,
) -> Result<usize> {
    known
        .iter()
        .position(|candidate| candidate == name.get_ref())
        .ok_or_else(|| {
            let mut error = source.error(
                name.span(),
                field,
                format!(
                    "unknown {what} `{}` (known: {})",
                    name.get_ref(),
                    known.join(", ")
                ),
            );
            error.suggestion = nearest_name(name.get_ref(), known);
            error
        })
}

fn check_probability(source: &Source, span: Range<usize>, field: &str, value: f64) -> Result<f64> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(source.error(
            span,
            field,
            format!("must be a probability in [0, 1], found {value}"),
        ))
    }
}

fn check_unique(source: &Source, items: &[Spanned<String>], field: &str, what: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        if item.get_ref().trim().is_empty() {
            return Err(source.error(
                item.span(),
                format!("{field}[{index}]"),
                format!("{what} must not be empty"),
            ));
        }
        // Names are matched exactly elsewhere (payoff keys, constraints, strategies), where a
        // stray space would make " D" a different action from "D".
        if item.get_ref().trim() != item.get_ref() {
            return Err(source.error(
                item.span(),
                format!("{field}[{index}]"),
                format!("{what} `{}` starts or ends with spaces", item.get_ref()),
            ));
        }
        if !seen.insert(item.get_ref().as_str()) {
            return Err(source.error(
                item.span(),
                format!("{field}[{index}]"),
                format!("duplicate {what} `{}`", item.get_ref()),
            ));
        }
    }
    Ok(())
}

impl Validator<'_> {
    fn add_parameter(&mut self, key: Spanned<String>, value: Spanned<f64>) -> Result<()> {
        let field = format!("parameters.{}", key.get_ref());
        if !is_identifier(key.get_ref()) || is_function_name(key.get_ref()) {
            return Err(self.source.error(
                key.span(),
                field,
                "a parameter name must be an identifier (letters, digits, `_`) and not a \
                 function name",
            ));
        }
        if !value.get_ref().is_finite() {
            return Err(self.source.error(
                value.span(),
                field,
                format!("must be a finite number, found {}", value.get_ref()),
            ));
        }
        self.parameter_names.push(key.into_inner());
        self.parameter_values.push(value.into_inner());
        Ok(())
    }

    /// Compiles a number or formula and evaluates it at the scenario's parameter values.
    fn number(&self, raw: &Spanned<RawNumber>, field: &str) -> Result<(Formula, f64)> {
        let formula = match raw.get_ref() {
            RawNumber::Number(value) => Formula::constant(*value),
            RawNumber::Formula(text) => Formula::compile(text, &self.parameter_names)
                .map_err(|error| self.formula_error(raw.span(), field, error))?,
        };
        let value = formula.evaluate(&self.parameter_values);
        if !value.is_finite() {
            let shown = match raw.get_ref() {
                RawNumber::Number(value) => value.to_string(),
                RawNumber::Formula(text) => format!("`{text}`"),
            };
            return Err(self.source.error(
                raw.span(),
                field,
                format!("{shown} evaluates to {value}; it must be a finite number"),
            ));
        }
        Ok((formula, value))
    }

    fn formula_error(&self, span: Range<usize>, field: &str, error: FormulaError) -> ScenarioError {
        let at =
            super::locate::string_offset(self.source.text, span.start, error.offset).min(span.end);
        let mut located = self
            .source
            .error(at..at, field, format!("formula: {}", error.message));
        located.suggestion = error.suggestion;
        located
    }
}

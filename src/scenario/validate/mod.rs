//! Turns the raw scenario into an [`Experiment`]: resolves names, compiles formulas, checks every
//! value's range, and reports every problem it finds in one pass, in file order.
//!
//! Each check records its error on the [`Validator`] and carries on with a placeholder, so one
//! mistake does not hide the next (as a compiler reports). A section stops only where later
//! checks would be meaningless, e.g. payoff keys cannot be checked against players that are not
//! known, and then only the checks that depend on it are skipped.

mod action_kinds;
mod charts;
mod constraints;
mod dynamics;
mod evolution;
mod game;
mod payoff_range;
mod perception;
mod profiles;
mod relations;
mod strategies;
mod tournament;
mod watch;
mod written;

pub use charts::{MAX_CHART_TEXT_CHARS, MAX_CHARTS};

use super::formula::{Formula, FormulaError, is_function_name};
use super::schema::{RawNumber, RawScenario};
use super::sweep::Axis;
use super::{ScenarioError, ScenarioErrors, Source, nearest_name};
use crate::experiment::Experiment;
use crate::game::dynamics::{Dynamics, Level};
use crate::text::{echo, number};
use dynamics::{Context, PendingSchedule};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
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
/// Errors reported for one file; a hostile file could otherwise flood the terminal with tens of
/// thousands of lines, and nobody fixes the fifty-first error before the first.
pub const MAX_ERRORS: usize = 50;
/// Known names listed in an "unknown name" message before the list is cut short, and the
/// characters they may take: the rest of the message (and the suggestion) must fit in a line.
const MAX_KNOWN_LISTED: usize = 8;
const MAX_KNOWN_CHARS: usize = 200;

const DEFAULT_REPLICATES: u64 = 100;
/// Evaluations spent checking one formula of `round` over the rounds of a match: every round
/// of any match with few schedules; past it, a probability is clipped into [0, 1] at run time.
pub const ROUND_CHECK_EVALUATIONS: usize = 200_000;

type Result<T> = std::result::Result<T, Problem>;

/// A problem found by validation, located by byte offset. It becomes a [`ScenarioError`] with
/// a line and column only if it is reported: counting lines is linear in the offset, and a
/// hostile file can hold hundreds of thousands of mistakes of which fifty are shown.
#[derive(Debug, Clone, PartialEq)]
struct Problem {
    offset: usize,
    field: String,
    message: String,
    suggestion: Option<String>,
}

/// `Source::error` for validation: the same arguments, giving a [`Problem`].
trait Locate {
    fn problem(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem;
}

impl Locate for Source<'_> {
    fn problem(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            offset: span.start,
            field: field.into(),
            message: message.into(),
            suggestion: None,
        }
    }
}

struct Validator<'a> {
    source: &'a Source<'a>,
    /// The sweep's axes (none without `[sweep]`): charts choose among their points.
    sweep: &'a [Axis],
    parameter_names: Vec<String>,
    parameter_values: Vec<f64>,
    /// Slots (parameters, then `round` and state variables) whose value was rejected. Formulas
    /// that read one are not evaluated: its error is reported once, where it was made, not
    /// again at every formula that uses it.
    poisoned: Vec<bool>,
    /// Parameters written as formulas, compiled once the state variables are known.
    pending_schedules: Vec<PendingSchedule>,
    state_names: Vec<String>,
    /// The slot layout, schedules and state variables, as far as they are known.
    dynamics: Dynamics,
    /// Every slot's value before round 1, where formulas are checked.
    start_slots: Vec<f64>,
    /// The longest match, once `[game]` has been read: formulas of `round` are checked over it.
    max_rounds: std::cell::Cell<u32>,
    /// Every problem found so far. A `RefCell` so that checks can record while they hold
    /// borrows of the parts of the game they read.
    errors: RefCell<Found>,
    /// While set, problems are not recorded: entries checked a second time (a round robin's
    /// population, compiled for each seat) would report the same mistakes again.
    muted: std::cell::Cell<bool>,
}

/// The errors kept for the report, and how many were dropped to keep memory bounded: a 1 MiB
/// file can hold hundreds of thousands of mistakes, and only the first [`MAX_ERRORS`] in file
/// order are shown.
#[derive(Default)]
struct Found {
    kept: Vec<Problem>,
    dropped: usize,
}

impl Found {
    /// Keeps the first [`MAX_ERRORS`] distinct errors in file order once the list has grown
    /// well past that; sections are checked in a fixed order, not file order, so an error
    /// found later may still belong earlier in the report.
    fn compact(&mut self) {
        sort_and_dedup(&mut self.kept);
        if self.kept.len() > MAX_ERRORS {
            self.dropped += self.kept.len() - MAX_ERRORS;
            self.kept.truncate(MAX_ERRORS);
        }
    }
}

pub(super) fn validate(
    raw: RawScenario,
    source: &Source,
    sweep: &[Axis],
) -> std::result::Result<Experiment, ScenarioErrors> {
    let validator = Validator {
        source,
        sweep,
        parameter_names: Vec::new(),
        parameter_values: Vec::new(),
        poisoned: Vec::new(),
        pending_schedules: Vec::new(),
        state_names: Vec::new(),
        dynamics: Dynamics::default(),
        start_slots: Vec::new(),
        max_rounds: std::cell::Cell::new(1),
        errors: RefCell::new(Found::default()),
        muted: std::cell::Cell::new(false),
    };
    validator.run(raw)
}

impl Validator<'_> {
    /// Records a problem; validation goes on.
    fn report(&self, error: Problem) {
        if self.muted.get() {
            return;
        }
        let mut found = self.errors.borrow_mut();
        found.kept.push(error);
        if found.kept.len() >= 4 * MAX_ERRORS {
            found.compact();
        }
    }

    /// The value of a check, or `None` after recording its error.
    fn check<T>(&self, result: Result<T>) -> Option<T> {
        result.map_err(|error| self.report(error)).ok()
    }

    fn run(mut self, raw: RawScenario) -> std::result::Result<Experiment, ScenarioErrors> {
        let source = self.source;
        let meta = raw.scenario.into_inner();
        let name = meta.name;
        self.check(check_folder_name(source, &name));
        if let Some(title) = &meta.title
            && crate::text::has_unsafe(title.get_ref())
        {
            // Charts write the title into SVG, where most control characters are not even
            // well-formed XML, and a terminal would obey an escape sequence.
            self.report(source.problem(
                title.span(),
                "scenario.title",
                format!(
                    "`{}` contains a control or bidirectional character",
                    echo(title.get_ref())
                ),
            ));
        }
        let replicates = match meta.replicates {
            Some(replicates) => {
                let value = *replicates.get_ref();
                if value == 0 || value > MAX_REPLICATES {
                    self.report(source.problem(
                        replicates.span(),
                        "scenario.replicates",
                        format!("must be between 1 and {MAX_REPLICATES}, found {value}"),
                    ));
                }
                value
            }
            None => DEFAULT_REPLICATES,
        };

        if let Some(parameters) = raw.parameters {
            // The table is a BTreeMap, in name order; check in file order instead.
            let mut entries: Vec<_> = parameters.into_inner().into_iter().collect();
            entries.sort_by_key(|(key, _)| key.span().start);
            for (key, value) in entries {
                self.add_parameter(key, value);
            }
        }
        self.dynamics.parameter_count = self.parameter_names.len();
        self.dynamics.parameter_levels = vec![Level::Fixed; self.parameter_names.len()];
        self.declare_states(&raw.state);
        // `round`, then the state variables.
        self.poisoned.resize(self.parameter_names.len() + 1, false);
        let pending = std::mem::take(&mut self.pending_schedules);
        self.schedules(pending);
        self.initials(&raw.state);
        let mut game = self.game(raw.game);
        // With players or actions rejected, a name in `played(…)` may be the echo of that
        // mistake: the reading functions are then not checked.
        let named = game
            .as_ref()
            .filter(|game| game.names_ok && game.actions_ok);
        self.updates(&raw.state, named.map(|game| &game.game));
        if let Some(game) = &mut game {
            game.game.dynamics = self.dynamics.clone();
        }
        let population = raw
            .tournament
            .as_ref()
            .is_some_and(|tournament| tournament.get_ref().strategies.is_some());
        let listed = self.candidate_lists(raw.strategies, raw.tournament.as_ref(), game.as_ref());
        let strategies_span = listed.as_ref().map_or(0..0, Spanned::span);
        let candidates =
            listed.and_then(|listed| self.strategies(listed, game.as_ref(), population));
        if let Some(candidates) = &candidates {
            let cell_count = candidates
                .iter()
                .try_fold(1usize, |total, options| total.checked_mul(options.len()))
                .filter(|total| *total <= MAX_CELLS);
            if cell_count.is_none() {
                self.report(source.problem(
                    strategies_span,
                    "strategies",
                    format!("the candidates make more than {MAX_CELLS} profiles"),
                ));
            }
        }
        let tournament = self.tournament(
            raw.tournament,
            game.as_ref(),
            candidates.as_deref(),
            !self.sweep.is_empty(),
        );
        let evolution = self.evolution(
            raw.evolution,
            tournament.as_ref(),
            game.as_ref(),
            candidates.as_deref(),
        );
        let has_relations = raw.relations.is_some();
        let relations = self.relations(raw.relations, game.as_ref());
        let charts = self.charts(
            raw.charts,
            game.as_ref(),
            candidates.as_deref(),
            has_relations,
        );
        let found = self.errors.take();
        let (Some(game), Some(candidates), true) = (game, candidates, found.kept.is_empty()) else {
            return Err(finish(found, source));
        };
        let game = game.game;
        // A schedule's value is its value in round 1 (or for the whole match, if fixed).
        let parameter_count = self.parameter_names.len();
        self.parameter_values
            .copy_from_slice(&self.start_slots[..parameter_count]);
        let mut cells = Experiment::build_cells(
            &self.parameter_names,
            &self.parameter_values,
            &game.players,
            &candidates,
        );
        if let Some(tournament) = &tournament {
            tournament::keep_matches(tournament, &mut cells);
        }
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
            parameter_names: std::mem::take(&mut self.parameter_names),
            points: vec![self.parameter_values.clone()],
            parameter_values: std::mem::take(&mut self.parameter_values),
            overrides: Vec::new(),
            swept: Vec::new(),
            game,
            candidates,
            cells,
            charts,
            relations,
            tournament,
            evolution,
        })
    }
}

/// Orders errors by position (those without one first) and drops exact repeats.
fn sort_and_dedup(errors: &mut Vec<Problem>) {
    // Stable: errors at one position keep the order in which they were found.
    errors.sort_by_key(|error| error.offset);
    let mut unique: Vec<Problem> = Vec::with_capacity(errors.len());
    let mut run_start = 0;
    for error in errors.drain(..) {
        if unique.last().is_none_or(|last| last.offset != error.offset) {
            run_start = unique.len();
        }
        // Repeats share a position, so only the run at this position needs a look.
        if !unique[run_start..].contains(&error) {
            unique.push(error);
        }
    }
    *errors = unique;
}

/// The report: errors in file order without repeats, at most [`MAX_ERRORS`], then one line
/// that counts the rest (an error dropped early is counted even if it would have been a
/// repeat of one found later; repeats are rare, so the count is at worst a little high).
fn finish(mut found: Found, source: &Source) -> ScenarioErrors {
    found.compact();
    let mut errors: Vec<ScenarioError> = found
        .kept
        .into_iter()
        .map(|problem| {
            let mut error = source.error(
                problem.offset..problem.offset,
                problem.field,
                problem.message,
            );
            error.suggestion = problem.suggestion;
            error
        })
        .collect();
    if errors.is_empty() {
        // Unreachable by construction (validation fails only after recording), but an empty
        // list would print no reason at all.
        errors.push(source.error(0..0, "", "the scenario is not valid"));
    }
    let dropped = found.dropped;
    if dropped > 0 {
        errors.push(ScenarioError {
            file: source.file.to_string(),
            position: None,
            field: String::new(),
            message: format!("… and {dropped} more errors"),
            suggestion: None,
        });
    }
    ScenarioErrors(errors)
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
        Err(source.problem(
            name.span(),
            "scenario.name",
            format!(
                "`{}` cannot name an output folder: use 1 to 100 letters, digits, `-`, `_` \
                 or `.`, not starting with `.`",
                echo(text)
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

/// A list of known names for a message: each echoed, and cut short after a few, so that 64
/// long action labels do not push the rest of the message past the line cap.
fn known_list(known: &[String]) -> String {
    let mut shown: Vec<String> = Vec::new();
    let mut chars = 0;
    for name in known.iter().take(MAX_KNOWN_LISTED) {
        let name = echo(name);
        chars += name.chars().count() + 2;
        // The first name is always shown, so the list never reads as empty.
        if chars > MAX_KNOWN_CHARS && !shown.is_empty() {
            break;
        }
        shown.push(name);
    }
    if known.len() > shown.len() {
        shown.push(format!("… {} more", known.len() - shown.len()));
    }
    shown.join(", ")
}

/// A user-written name as one segment of a field path (`strategies.<player>`): echoed, and
/// quoted when it is not a bare TOML key, as the file would have to write it.
fn key_segment(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        echo(name)
    } else {
        format!("\"{}\"", echo(name))
    }
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
            let mut error = source.problem(
                name.span(),
                field,
                format!(
                    "unknown {what} `{}` (known: {})",
                    echo(name.get_ref()),
                    known_list(known)
                ),
            );
            error.suggestion = nearest_name(name.get_ref(), known).map(|name| echo(&name));
            error
        })
}

/// A number or formula as a message quotes it.
fn shown(raw: &Spanned<RawNumber>) -> String {
    match raw.get_ref() {
        RawNumber::Number(value) => number(*value),
        RawNumber::Formula(text) => format!("`{}`", echo(text)),
    }
}

/// What `later_rounds` says a probability must be.
const PROBABILITY: &str = "it must be a probability in [0, 1] in every round";

fn is_probability(value: f64) -> bool {
    (0.0..=1.0).contains(&value)
}

fn check_probability(source: &Source, span: Range<usize>, field: &str, value: f64) -> Result<f64> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(source.problem(
            span,
            field,
            format!("must be a probability in [0, 1], found {}", number(value)),
        ))
    }
}

impl Validator<'_> {
    /// Checks a list of names (players, action labels): each non-empty, without surrounding
    /// spaces, and distinct. Records every problem; true when there was none.
    fn check_unique(&self, items: &[Spanned<String>], field: &str, what: &str) -> bool {
        let source = self.source;
        let mut seen = HashSet::new();
        let mut clean = true;
        for (index, item) in items.iter().enumerate() {
            let text = item.get_ref();
            let problem = if text.trim().is_empty() {
                Some(format!("{what} must not be empty"))
            } else if crate::text::has_unsafe(text) {
                // It would reach summary.csv, chart legends and terminals.
                Some(format!(
                    "{what} `{}` contains a control or bidirectional character",
                    echo(text)
                ))
            } else if text.trim() != text {
                // Names are matched exactly elsewhere (payoff keys, constraints, strategies),
                // where a stray space would make " D" a different action from "D".
                Some(format!(
                    "{what} `{}` starts or ends with spaces",
                    echo(text)
                ))
            } else if !seen.insert(text.as_str()) {
                Some(format!("duplicate {what} `{}`", echo(text)))
            } else {
                None
            };
            if let Some(message) = problem {
                self.report(source.problem(item.span(), format!("{field}[{index}]"), message));
                clean = false;
            }
        }
        clean
    }

    /// Resolves a player's name. When the player list itself was rejected, a name missing from
    /// it is most likely the one that was misspelt there, so the miss is not reported again.
    fn player(
        &self,
        players: &[String],
        names_ok: bool,
        name: &Spanned<String>,
        field: &str,
    ) -> Option<usize> {
        match resolve(self.source, players, name, field, "player") {
            Ok(index) => Some(index),
            Err(error) => {
                if names_ok {
                    self.report(error);
                }
                None
            }
        }
    }

    fn add_parameter(&mut self, key: Spanned<String>, value: Spanned<RawNumber>) {
        let field = format!("parameters.{}", key_segment(key.get_ref()));
        if !is_identifier(key.get_ref()) || is_function_name(key.get_ref()) {
            // Left out: no formula can name it anyway (the tokenizer reads identifiers only).
            self.report(self.source.problem(
                key.span(),
                field,
                if key.get_ref() == super::formula::ROUND {
                    "`round` is the round being played, which every formula may read; give the \
                     parameter another name"
                } else {
                    "a parameter name must be an identifier (letters, digits, `_`) and not a \
                     function name"
                },
            ));
            return;
        }
        let finite = match value.get_ref() {
            RawNumber::Number(number) => number.is_finite(),
            RawNumber::Formula(_) => {
                self.pending_schedules.push(PendingSchedule {
                    slot: self.parameter_names.len(),
                    text: value.clone(),
                    field: field.clone(),
                });
                true
            }
        };
        if let (false, RawNumber::Number(found)) = (finite, value.get_ref()) {
            self.report(self.source.problem(
                value.span(),
                field,
                format!("must be a finite number, found {}", number(*found)),
            ));
        }
        // Kept even when rejected, so formulas that use it do not also say "unknown parameter".
        self.parameter_names.push(key.into_inner());
        self.parameter_values.push(match value.into_inner() {
            RawNumber::Number(number) if finite => number,
            _ => 0.0,
        });
        self.poisoned.push(!finite);
    }

    /// Compiles a number or formula of the game and evaluates it as it stands before round 1.
    /// `None` after recording an error, or when it reads a value that was rejected.
    fn number(&self, raw: &Spanned<RawNumber>, field: &str) -> Option<(Formula, f64)> {
        let formula = self.compile(raw, field, Context::Game, None, &mut Vec::new())?;
        if formula
            .parameters()
            .any(|index| self.poisoned.get(index).copied().unwrap_or(false))
        {
            return None;
        }
        let value = formula.evaluate(&self.start_slots);
        if !value.is_finite() {
            self.report(self.source.problem(
                raw.span(),
                field,
                format!(
                    "{} evaluates to {}; it must be a finite number",
                    shown(raw),
                    number(value)
                ),
            ));
            return None;
        }
        Some((formula, value))
    }

    /// Checks a formula that changes with `round` alone in every round after the first (round 1
    /// is the caller's), up to [`ROUND_CHECK_EVALUATIONS`] evaluations: the first value
    /// `accept` refuses is reported as "`…` is <value> in round <r>; <requirement>". Formulas
    /// that read a state variable cannot be checked before a run. True when nothing was found.
    fn later_rounds(
        &self,
        raw: &Spanned<RawNumber>,
        field: &str,
        formula: &Formula,
        accept: impl Fn(f64) -> bool,
        requirement: &str,
    ) -> bool {
        if self.dynamics.level(formula) != Level::Round {
            return true;
        }
        let schedules: Vec<_> = self.dynamics.round_schedules().collect();
        let rounds =
            (self.max_rounds.get() as usize).min(ROUND_CHECK_EVALUATIONS / (schedules.len() + 1));
        let mut slots = self.start_slots.clone();
        let mut stack = Vec::new();
        for round in 2..=rounds {
            slots[self.dynamics.round_slot()] = round as f64;
            for schedule in &schedules {
                slots[schedule.slot] = schedule.formula.evaluate_with(&slots, &mut stack);
            }
            let value = formula.evaluate_with(&slots, &mut stack);
            if !accept(value) {
                self.report(self.source.problem(
                    raw.span(),
                    field,
                    format!(
                        "{} is {} in round {round}; {requirement}",
                        shown(raw),
                        number(value)
                    ),
                ));
                return false;
            }
        }
        true
    }

    fn formula_error(&self, span: Range<usize>, field: &str, error: FormulaError) -> Problem {
        let at =
            super::locate::string_offset(self.source.text, span.start, error.offset).min(span.end);
        let mut located = self
            .source
            .problem(at..at, field, format!("formula: {}", error.message));
        located.suggestion = error.suggestion.map(|name| echo(&name));
        located
    }
}

#[cfg(test)]
mod tests;

//! Validation of what changes during a match: parameters written as formulas (schedules) and
//! `[state]` variables. Resolves what each formula may read, rejects cycles (naming the
//! variables and pointing at the line), and classifies every schedule by what it depends on.

use super::{Locate, Validator, is_identifier, key_segment, known_list};
use crate::game::Game;
use crate::game::dynamics::{Dynamics, Level, Reading, Schedule, StateVariable};
use crate::scenario::formula::{CallError, Formula, ROUND, Scope, is_function_name};
use crate::scenario::nearest_name;
use crate::scenario::schema::{RawNumber, RawState};
use crate::text::echo;
use std::collections::BTreeMap;
use toml::Spanned;

/// The `[state]` table as written.
pub(super) type RawStates = Option<Spanned<BTreeMap<Spanned<String>, Spanned<RawState>>>>;

/// Where a formula stands decides what it may read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Context {
    /// A parameter written as a formula: parameters, `round` and state variables.
    Schedule,
    /// A state variable's value before round 1: fixed parameters and other state variables.
    Initial,
    /// Payoffs, constraint probabilities, noise and perception rates: as a schedule.
    Game,
    /// A state variable's update: as a schedule, and what the round just played showed.
    Update,
}

/// Resolves names against the slot layout of [`Dynamics`].
pub(super) struct ScenarioScope<'a> {
    pub parameters: &'a [String],
    pub states: &'a [String],
    pub dynamics: &'a Dynamics,
    pub context: Context,
    /// The game's players and actions, for the functions that read a round.
    pub game: Option<&'a Game>,
    /// Readings used so far, appended to by update formulas.
    pub readings: &'a mut Vec<Reading>,
}

impl ScenarioScope<'_> {
    fn round_slot(&self) -> usize {
        self.parameters.len()
    }

    fn player(&self, game: &Game, name: &str) -> Result<usize, CallError> {
        game.players
            .iter()
            .position(|player| player == name)
            .ok_or_else(|| CallError {
                argument: Some(0),
                message: format!(
                    "unknown player `{}` (known: {})",
                    echo(name),
                    known_list(&game.players)
                ),
                suggestion: nearest_name(name, &game.players).map(|name| echo(&name)),
            })
    }
}

impl Scope for ScenarioScope<'_> {
    fn slot(&self, name: &str) -> Result<usize, Option<String>> {
        if let Some(index) = self.parameters.iter().position(|known| known == name) {
            if self.context == Context::Initial && self.dynamics.slot_level(index) != Level::Fixed {
                return Err(Some(format!(
                    "`{}` changes during the match; an initial value is set before round 1 \
                     from fixed parameters and other initial values",
                    echo(name)
                )));
            }
            return Ok(index);
        }
        if name == ROUND {
            if self.context == Context::Initial {
                return Err(Some(
                    "an initial value is set before round 1, so it cannot read `round`".into(),
                ));
            }
            return Ok(self.round_slot());
        }
        match self.states.iter().position(|known| known == name) {
            Some(state) => Ok(self.round_slot() + 1 + state),
            None => Err(None),
        }
    }

    fn kinds(&self) -> &'static str {
        if self.states.is_empty() {
            "parameter"
        } else {
            "parameter or state variable"
        }
    }

    fn known(&self) -> Vec<String> {
        let mut known: Vec<String> = self.parameters.to_vec();
        known.extend(self.states.iter().cloned());
        if self.context != Context::Initial {
            known.push(ROUND.to_string());
        }
        known
    }

    fn reading(&mut self, function: &str, arguments: &[String]) -> Result<usize, CallError> {
        let game = match (self.context, self.game) {
            (Context::Update, Some(game)) => game,
            (Context::Update, None) => {
                // The players were rejected and that error reported; this call cannot be
                // checked, and saying so would only repeat it. The slot is a placeholder: the
                // scenario is refused anyway.
                return Ok(self.round_slot());
            }
            _ => {
                return Err(CallError {
                    argument: None,
                    message: format!(
                        "`{function}` reads the round just played; only a [state] update may \
                         use it (keep a state variable that records it)"
                    ),
                    suggestion: None,
                });
            }
        };
        let player = self.player(game, &arguments[0])?;
        let action = |label: &str| {
            let actions = &game.actions[player];
            actions
                .iter()
                .position(|known| known == label)
                .ok_or_else(|| CallError {
                    argument: Some(1),
                    message: format!(
                        "{} has no action `{}` (known: {})",
                        echo(&game.players[player]),
                        echo(label),
                        known_list(actions)
                    ),
                    suggestion: nearest_name(label, actions).map(|name| echo(&name)),
                })
        };
        let reading = match function {
            "played" => Reading::Played {
                player,
                action: action(&arguments[1])?,
            },
            "count" => Reading::Count {
                player,
                action: action(&arguments[1])?,
            },
            "defections" => Reading::Defections { player },
            "cooperations" => Reading::Cooperations { player },
            _ => Reading::Payoff { player },
        };
        let index = match self.readings.iter().position(|known| *known == reading) {
            Some(index) => index,
            None => {
                self.readings.push(reading);
                self.readings.len() - 1
            }
        };
        Ok(self.round_slot() + 1 + self.states.len() + index)
    }
}

/// An order in which every node comes after the nodes it reads, or a cycle: the nodes on it,
/// with its first node repeated at the end. Iterative, so a long chain cannot overflow the stack.
pub(super) fn dependency_order(reads: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut mark = vec![NEW; reads.len()];
    let mut order = Vec::with_capacity(reads.len());
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..reads.len() {
        if mark[root] != NEW {
            continue;
        }
        mark[root] = OPEN;
        path.push((root, 0));
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            match reads[node].get(*next) {
                Some(&read) => {
                    *next += 1;
                    match mark[read] {
                        NEW => {
                            mark[read] = OPEN;
                            path.push((read, 0));
                        }
                        OPEN => {
                            let start = path.iter().position(|(on, _)| *on == read).unwrap_or(0);
                            let mut cycle: Vec<usize> = path[start..].iter().map(|p| p.0).collect();
                            cycle.push(read);
                            return Err(cycle);
                        }
                        _ => {}
                    }
                }
                None => {
                    mark[node] = DONE;
                    order.push(node);
                    path.pop();
                }
            }
        }
    }
    Ok(order)
}

/// `a → b → a`, starting from the member written first (`first` ranks the nodes), so the
/// message reads the same whichever member the search met first.
fn cycle_text(
    cycle: &[usize],
    first: impl Fn(usize) -> usize,
    name: impl Fn(usize) -> String,
) -> (usize, String) {
    let members = &cycle[..cycle.len() - 1];
    let start = (0..members.len())
        .min_by_key(|&at| first(members[at]))
        .unwrap_or(0);
    let names: Vec<String> = (0..=members.len())
        .map(|step| name(members[(start + step) % members.len()]))
        .collect();
    (members[start], names.join(" → "))
}

/// A formula parameter waiting for the state names, with its slot.
pub(super) struct PendingSchedule {
    pub slot: usize,
    pub text: Spanned<RawNumber>,
    pub field: String,
}

impl Validator<'_> {
    fn scope<'s>(
        &'s self,
        context: Context,
        game: Option<&'s Game>,
        readings: &'s mut Vec<Reading>,
    ) -> ScenarioScope<'s> {
        ScenarioScope {
            parameters: &self.parameter_names,
            states: &self.state_names,
            dynamics: &self.dynamics,
            context,
            game,
            readings,
        }
    }

    /// Compiles `text` where it stands, recording its error at the formula's position.
    pub(super) fn compile(
        &self,
        raw: &Spanned<RawNumber>,
        field: &str,
        context: Context,
        game: Option<&Game>,
        readings: &mut Vec<Reading>,
    ) -> Option<Formula> {
        match raw.get_ref() {
            RawNumber::Number(value) => Some(Formula::constant(*value)),
            RawNumber::Formula(text) => {
                let mut scope = self.scope(context, game, readings);
                let compiled = Formula::compile_in(text, &mut scope);
                self.check(compiled.map_err(|error| self.formula_error(raw.span(), field, error)))
            }
        }
    }

    /// Declares the state variables (their names only), so that every formula can read them.
    pub(super) fn declare_states(&mut self, raw: &RawStates) {
        let Some(table) = raw else {
            return;
        };
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        for (name, _) in entries {
            let text = name.get_ref();
            let field = format!("state.{}", key_segment(text));
            let problem = if !is_identifier(text) {
                Some(
                    "a state variable's name must be an identifier (letters, digits and `_`, not \
                     starting with a digit)"
                        .to_string(),
                )
            } else if text == ROUND {
                Some(
                    "`round` is the number of the round being played, which every formula may \
                     read; give the state variable another name"
                        .to_string(),
                )
            } else if is_function_name(text) {
                Some(format!(
                    "`{text}` is the name of a function; give the state variable another name"
                ))
            } else if self.parameter_names.contains(text) {
                Some(format!(
                    "`{}` is already a parameter; give the state variable another name",
                    echo(text)
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                self.report(self.source.problem(name.span(), field, message));
            }
            // Kept even when rejected, so formulas that read it do not also say "unknown".
            self.state_names.push(text.clone());
        }
    }

    /// Compiles the formula parameters, orders them so each follows what it reads, rejects
    /// cycles and classifies each by what it depends on.
    pub(super) fn schedules(&mut self, pending: Vec<PendingSchedule>) {
        let mut readings = Vec::new();
        let mut compiled: Vec<(PendingSchedule, Option<Formula>)> = Vec::new();
        for schedule in pending {
            let formula = self.compile(
                &schedule.text,
                &schedule.field,
                Context::Schedule,
                None,
                &mut readings,
            );
            compiled.push((schedule, formula));
        }
        // A schedule's node is its position in `compiled`.
        let mut nodes: Vec<Option<usize>> = vec![None; self.parameter_names.len()];
        for (node, (pending, _)) in compiled.iter().enumerate() {
            nodes[pending.slot] = Some(node);
        }
        let node_of = |slot: usize| nodes.get(slot).copied().flatten();
        let reads: Vec<Vec<usize>> = compiled
            .iter()
            .map(|(_, formula)| {
                formula
                    .iter()
                    .flat_map(Formula::parameters)
                    .filter_map(node_of)
                    .collect()
            })
            .collect();
        let order = match dependency_order(&reads) {
            Ok(order) => order,
            Err(cycle) => {
                let (at, path) = cycle_text(
                    &cycle,
                    |node| compiled[node].0.text.span().start,
                    |node| self.parameter_names[compiled[node].0.slot].clone(),
                );
                let (pending, _) = &compiled[at];
                let message = if cycle.len() == 2 {
                    format!(
                        "`{}` reads itself; a parameter's formula cannot use its own value (a \
                         [state] variable's update can: it reads the value before the round)",
                        echo(&self.parameter_names[pending.slot])
                    )
                } else {
                    format!(
                        "the parameters read each other in a circle: {}",
                        echo(&path)
                    )
                };
                self.report(self.source.problem(
                    pending.text.span(),
                    pending.field.clone(),
                    message,
                ));
                for (pending, _) in &compiled {
                    self.poisoned[pending.slot] = true;
                }
                return;
            }
        };
        for node in order {
            let (pending, formula) = &compiled[node];
            let Some(formula) = formula else {
                self.poisoned[pending.slot] = true;
                continue;
            };
            if formula
                .parameters()
                .any(|slot| self.poisoned.get(slot).copied().unwrap_or(false))
            {
                self.poisoned[pending.slot] = true;
            }
            self.dynamics.parameter_levels[pending.slot] = self.dynamics.level(formula);
            self.dynamics.schedules.push(Schedule {
                slot: pending.slot,
                formula: formula.clone(),
            });
        }
    }

    /// Compiles the state variables' initial values, rejects cycles among them, and fixes
    /// every slot's value before round 1.
    pub(super) fn initials(&mut self, raw: &RawStates) {
        let entries = sorted_states(raw);
        let mut readings = Vec::new();
        let mut initials: Vec<Option<Formula>> = Vec::new();
        for (name, state) in &entries {
            let field = format!("state.{}.initial", key_segment(name.get_ref()));
            initials.push(self.compile(
                &state.get_ref().initial,
                &field,
                Context::Initial,
                None,
                &mut readings,
            ));
        }
        let first_state = self.parameter_names.len() + 1;
        let reads: Vec<Vec<usize>> = initials
            .iter()
            .map(|formula| {
                formula
                    .iter()
                    .flat_map(Formula::parameters)
                    .filter_map(|slot| slot.checked_sub(first_state))
                    .collect()
            })
            .collect();
        self.poisoned.resize(first_state + entries.len(), false);
        match dependency_order(&reads) {
            Ok(order) => self.dynamics.initial_order = order,
            Err(cycle) => {
                let (at, path) = cycle_text(
                    &cycle,
                    |state| entries[state].1.get_ref().initial.span().start,
                    |state| self.state_names[state].clone(),
                );
                let (name, state) = &entries[at];
                let message = if cycle.len() == 2 {
                    format!(
                        "the initial value of `{}` reads itself; it is set before round 1 from \
                         fixed parameters and other initial values (the update may read the \
                         value before the round)",
                        echo(name.get_ref())
                    )
                } else {
                    format!(
                        "the initial values of the state variables read each other in a circle: \
                         {}",
                        echo(&path)
                    )
                };
                self.report(self.source.problem(
                    state.get_ref().initial.span(),
                    format!("state.{}.initial", key_segment(name.get_ref())),
                    message,
                ));
                self.poisoned[first_state..].fill(true);
            }
        }
        for (state, formula) in initials.into_iter().enumerate() {
            let formula = formula.unwrap_or_else(|| {
                self.poisoned[first_state + state] = true;
                Formula::constant(0.0)
            });
            self.dynamics.states.push(StateVariable {
                name: self.state_names[state].clone(),
                initial: formula,
                // Replaced by `updates` once the game is known.
                update: Formula::constant(0.0),
            });
        }
        self.start_slots = self.dynamics.slots_at_start(&self.parameter_values);
        for (state, name_and_state) in entries.iter().enumerate() {
            let value = self.start_slots[first_state + state];
            if !self.poisoned[first_state + state] && !value.is_finite() {
                let initial = &name_and_state.1.get_ref().initial;
                let message = match initial.get_ref() {
                    RawNumber::Number(_) => format!(
                        "must be a finite number, found {}",
                        crate::text::number(value)
                    ),
                    RawNumber::Formula(text) => format!(
                        "`{}` evaluates to {} before round 1; it must be a finite number",
                        echo(text),
                        crate::text::number(value)
                    ),
                };
                self.report(self.source.problem(
                    initial.span(),
                    format!("state.{}.initial", key_segment(name_and_state.0.get_ref())),
                    message,
                ));
            }
        }
    }

    /// Compiles the state variables' updates, which may read the round just played.
    pub(super) fn updates(&mut self, raw: &RawStates, game: Option<&Game>) {
        let entries = sorted_states(raw);
        let mut readings = std::mem::take(&mut self.dynamics.readings);
        for (state, (name, raw_state)) in entries.iter().enumerate() {
            let field = format!("state.{}.update", key_segment(name.get_ref()));
            let update = self.compile(
                &raw_state.get_ref().update,
                &field,
                Context::Update,
                game,
                &mut readings,
            );
            if let (Some(update), Some(variable)) = (update, self.dynamics.states.get_mut(state)) {
                variable.update = update;
            }
        }
        self.dynamics.readings = readings;
    }
}

fn sorted_states(raw: &RawStates) -> Vec<(&Spanned<String>, &Spanned<RawState>)> {
    let mut entries: Vec<_> = raw
        .iter()
        .flat_map(|table| table.get_ref().iter())
        .collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_come_first_and_cycles_are_found() {
        // 0 reads 1, 1 reads 2: the order is 2, 1, 0.
        assert_eq!(
            dependency_order(&[vec![1], vec![2], vec![]]),
            Ok(vec![2, 1, 0])
        );
        // 0 → 1 → 2 → 0.
        assert_eq!(
            dependency_order(&[vec![1], vec![2], vec![0]]),
            Err(vec![0, 1, 2, 0])
        );
        assert_eq!(dependency_order(&[vec![0]]), Err(vec![0, 0]));
        // A chain of a million links neither overflows nor reports a cycle.
        let chain: Vec<Vec<usize>> = (0..1_000_000)
            .map(|node| vec![node + 1])
            .chain([vec![]])
            .collect();
        assert_eq!(
            dependency_order(&chain).map(|order| order[0]),
            Ok(1_000_000)
        );
    }

    #[test]
    fn a_cycle_is_told_from_the_member_written_first() {
        // Nodes 5, 3, 9 in that order around the circle; 3 was written first.
        let positions = |node: usize| node;
        let (at, text) = cycle_text(&[5, 9, 3, 5], positions, |node| format!("n{node}"));
        assert_eq!(at, 3);
        assert_eq!(text, "n3 → n5 → n9 → n3");
    }
}

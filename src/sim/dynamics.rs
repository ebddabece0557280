//! The round loop's side of schedules and state variables: per parameter point, what is
//! tabulated by round and what is left to evaluate in the loop; per block, the working copies
//! of the payoff table, chances and slots that each round writes before it is played.
//!
//! The cost is paid only where it is used. A value that depends on nothing that changes in a
//! match is evaluated once per point (by `MatchSpec`, as always); one that depends only on
//! `round` is tabulated once per point, up to [`MAX_TABULATED_VALUES`]; only what reads a state
//! variable (or a table that would not fit) is evaluated in the loop, on a preallocated stack.

use crate::game::Game;
use crate::game::dynamics::{Level, Reading, Target};
use crate::scenario::formula::Formula;
use crate::strategy::Chance;

/// Values one point may tabulate (32 MiB); more, and its round-only formulas are evaluated in
/// the loop instead.
pub const MAX_TABULATED_VALUES: usize = 1 << 22;

/// Values each point may tabulate when a run has `points` of them: they share a budget of eight
/// points' worth (256 MiB), each at most [`MAX_TABULATED_VALUES`].
pub fn tabulation_limit(points: usize) -> usize {
    (MAX_TABULATED_VALUES * 8 / points.max(1)).min(MAX_TABULATED_VALUES)
}

/// Bytes the tables of a run take: per point, its round-only values if they fit the limit;
/// and per thread a working copy of the payoff table when anything changes during a match.
pub fn memory_bytes(game: &Game, points: usize, threads: usize) -> u128 {
    if game.is_static() {
        return 0;
    }
    let round_only = game
        .changing_values()
        .iter()
        .filter(|(_, _, level)| *level == Level::Round)
        .count();
    let values = (game.length.max_rounds() as usize).saturating_mul(round_only);
    let table = if values <= tabulation_limit(points) {
        values as u128 * 8 * points as u128
    } else {
        0
    };
    table + threads as u128 * (game.payoffs.len() as u128 * 8 + 1024)
}

/// One parameter point's schedules and state variables, shared by its cells.
#[derive(Debug, Clone)]
pub struct PointDynamics {
    /// Every slot before round 1: parameters, schedules as in round 1, initial states, and
    /// readings at 0 (counts start from nothing).
    pub start: Vec<f64>,
    pub round_slot: usize,
    pub first_state: usize,
    pub updates: Vec<Formula>,
    pub readings: Vec<(usize, Reading)>,
    /// `rows` × `targets.len()` values, row r − 1 for round r.
    pub table: Vec<f64>,
    pub table_targets: Vec<Target>,
    pub rows: usize,
    /// Evaluated each round, in order: schedules (each after what it reads), then the rest.
    pub in_loop: Vec<(Target, Formula)>,
    /// The deepest stack any formula here needs.
    pub stack: usize,
}

impl PointDynamics {
    /// `None` when nothing in `game` changes during a match. `limit` bounds the tabulated
    /// values (tests pass 0 to force every formula into the loop).
    pub fn new(game: &Game, parameters: &[f64], limit: usize) -> Option<PointDynamics> {
        let dynamics = &game.dynamics;
        if game.is_static() {
            return None;
        }
        let mut start = dynamics.slots_at_start(parameters);
        let first_reading = dynamics.reading_slot(0);
        start[first_reading..].fill(0.0);

        let items = game.changing_values();

        let rows = game.length.max_rounds() as usize;
        let round_only = items.iter().filter(|item| item.2 == Level::Round).count();
        let tabulate = round_only > 0 && rows.saturating_mul(round_only) <= limit;
        let mut table_targets = Vec::new();
        let mut in_loop = Vec::new();
        for (target, formula, level) in &items {
            if tabulate && *level == Level::Round {
                table_targets.push(*target);
            } else {
                in_loop.push((*target, (*formula).clone()));
            }
        }
        let stack = items
            .iter()
            .map(|item| item.1.stack_needed())
            .chain(dynamics.states.iter().map(|s| s.update.stack_needed()))
            .max()
            .unwrap_or(0);
        let mut table = Vec::new();
        if tabulate {
            table.reserve_exact(rows * table_targets.len());
            let mut slots = start.clone();
            let mut scratch = Vec::with_capacity(stack);
            for round in 1..=rows {
                slots[dynamics.round_slot()] = round as f64;
                for (target, formula, level) in &items {
                    if *level != Level::Round {
                        continue;
                    }
                    let value = formula.evaluate_with(&slots, &mut scratch);
                    if let Target::Slot(slot) = target {
                        slots[*slot] = value;
                    }
                    table.push(value);
                }
            }
        }
        Some(PointDynamics {
            start,
            round_slot: dynamics.round_slot(),
            first_state: dynamics.state_slot(0),
            updates: dynamics.states.iter().map(|s| s.update.clone()).collect(),
            readings: dynamics
                .readings
                .iter()
                .enumerate()
                .map(|(index, reading)| (dynamics.reading_slot(index), *reading))
                .collect(),
            table,
            table_targets,
            rows: if tabulate { rows } else { 0 },
            in_loop,
            stack,
        })
    }
}

/// A target resolved to a position in the working copies of one cell's match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Live {
    Payoff(usize),
    Noise,
    Constraint(usize),
    Misread(usize),
    Slot(usize),
    /// A constraint or perception entry the match does not use.
    Nowhere,
}

/// Per block: what each round writes and the formulas read. Allocated once per block, reset
/// per match by copying, so the round loop allocates nothing.
#[derive(Debug, Clone)]
pub struct Working {
    pub(super) slots: Vec<f64>,
    pub(super) payoffs: Vec<f64>,
    pub(super) chances: Vec<Chance>,
    pub(super) misread: Vec<Chance>,
    pub(super) noise: Chance,
    next_states: Vec<f64>,
    stack: Vec<f64>,
}

impl Working {
    pub(super) fn new(
        point: &PointDynamics,
        payoffs: &[f64],
        chances: Vec<Chance>,
        misread: Vec<Chance>,
        noise: Chance,
    ) -> Working {
        Working {
            slots: point.start.clone(),
            payoffs: payoffs.to_vec(),
            chances,
            misread,
            noise,
            next_states: vec![0.0; point.updates.len()],
            stack: Vec::with_capacity(point.stack),
        }
    }

    /// Back to the values before round 1.
    pub(super) fn start_match(&mut self, point: &PointDynamics) {
        self.slots.copy_from_slice(&point.start);
    }

    fn write(&mut self, target: Live, value: f64) {
        match target {
            Live::Payoff(index) => self.payoffs[index] = value,
            Live::Noise => self.noise = Chance::new(value),
            Live::Constraint(index) => self.chances[index] = Chance::new(value),
            Live::Misread(index) => self.misread[index] = Chance::new(value),
            Live::Slot(slot) => self.slots[slot] = value,
            Live::Nowhere => {}
        }
    }

    /// Sets every value of `round` (1-based) before it is played.
    pub(super) fn before_round(
        &mut self,
        point: &PointDynamics,
        table_targets: &[Live],
        loop_targets: &[Live],
        round: usize,
    ) {
        self.slots[point.round_slot] = round as f64;
        if round <= point.rows {
            let width = table_targets.len();
            let row = &point.table[(round - 1) * width..round * width];
            for (target, value) in table_targets.iter().zip(row) {
                self.write(*target, *value);
            }
        }
        for (target, (_, formula)) in loop_targets.iter().zip(&point.in_loop) {
            let value = formula.evaluate_with(&self.slots, &mut self.stack);
            self.write(*target, value);
        }
    }

    /// Updates the state variables from the round just played; returns their new values.
    pub(super) fn after_round(
        &mut self,
        point: &PointDynamics,
        actions: &[usize],
        payoffs: &[f64],
    ) -> &[f64] {
        for (slot, reading) in &point.readings {
            let value = &mut self.slots[*slot];
            match *reading {
                Reading::Played { player, action } => {
                    *value = f64::from(u8::from(actions[player] == action));
                }
                Reading::Count { player, action } => {
                    *value += f64::from(u8::from(actions[player] == action));
                }
                Reading::Defections { player } => {
                    *value += f64::from(u8::from(actions[player] != 0))
                }
                Reading::Cooperations { player } => {
                    *value += f64::from(u8::from(actions[player] == 0));
                }
                Reading::Payoff { player } => *value = payoffs[player],
            }
        }
        // Simultaneous: every update reads the values from before this round's updates.
        for (next, update) in self.next_states.iter_mut().zip(&point.updates) {
            *next = update.evaluate_with(&self.slots, &mut self.stack);
        }
        let first = point.first_state;
        self.slots[first..first + self.next_states.len()].copy_from_slice(&self.next_states);
        &self.next_states
    }
}

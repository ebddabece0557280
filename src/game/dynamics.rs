//! What may change during a match: parameters written as formulas of `round`, of other
//! parameters or of state variables (schedules), and `[state]` variables that each round's play
//! updates. Owns the slot layout every game formula is compiled against and the classification
//! of a formula by what it depends on, which decides where the simulation evaluates it.

use crate::scenario::formula::Formula;

/// What a formula depends on, from cheapest to dearest to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing that changes during a match: evaluated once per parameter point.
    Fixed,
    /// `round`, directly or through a schedule: tabulated once per cell.
    Round,
    /// A state variable, directly or through a schedule: evaluated in the round loop.
    Play,
}

/// A value read from the round just played, for state updates. "Defection" is any action but a
/// player's first, as in the rest of the outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// 1 if `player` played `action` this round, else 0.
    Played { player: usize, action: usize },
    /// Rounds so far, this one included, in which `player` played `action`.
    Count { player: usize, action: usize },
    /// Rounds so far in which `player` played anything but its first action.
    Defections { player: usize },
    /// Rounds so far in which `player` played its first action.
    Cooperations { player: usize },
    /// `player`'s payoff this round.
    Payoff { player: usize },
}

/// Where a value of the game goes, as it changes during a match, in the game's numbering.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// `Game::payoffs[index]`.
    Payoff(usize),
    Noise,
    /// `Game::constraints[index].probability`.
    Constraint(usize),
    /// `Game::perceptions[entry].rates[action]`.
    Misread {
        entry: usize,
        action: usize,
    },
    /// A slot read by other formulas: a schedule's value.
    Slot(usize),
}

/// A parameter written as a formula.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Its slot, which is its index among the parameters.
    pub slot: usize,
    pub formula: Formula,
}

/// A `[state]` variable: its value before round 1, and its value after each round as a
/// function of the values before that round and what was played in it.
#[derive(Debug, Clone)]
pub struct StateVariable {
    pub name: String,
    pub initial: Formula,
    pub update: Formula,
}

/// The slot layout is parameters, then `round`, then state variables, then readings; a formula
/// reads slot `i` as `Op::Param(i)`.
#[derive(Debug, Clone, Default)]
pub struct Dynamics {
    pub parameter_count: usize,
    /// What each parameter depends on, by slot: `Fixed` but for schedules that change (an
    /// array, not a search of `schedules`: a file may hold tens of thousands of parameters).
    pub parameter_levels: Vec<Level>,
    /// Every parameter written as a formula, each after the ones it reads.
    pub schedules: Vec<Schedule>,
    pub states: Vec<StateVariable>,
    /// State indices in an order where each initial value comes after those it reads.
    pub initial_order: Vec<usize>,
    pub readings: Vec<Reading>,
}

impl Dynamics {
    pub fn round_slot(&self) -> usize {
        self.parameter_count
    }

    pub fn state_slot(&self, state: usize) -> usize {
        self.parameter_count + 1 + state
    }

    pub fn reading_slot(&self, reading: usize) -> usize {
        self.parameter_count + 1 + self.states.len() + reading
    }

    pub fn slot_count(&self) -> usize {
        self.parameter_count + 1 + self.states.len() + self.readings.len()
    }

    /// What a value in `slot` depends on.
    pub fn slot_level(&self, slot: usize) -> Level {
        if slot < self.parameter_count {
            self.parameter_levels
                .get(slot)
                .copied()
                .unwrap_or(Level::Fixed)
        } else if slot == self.round_slot() {
            Level::Round
        } else {
            Level::Play
        }
    }

    /// The schedules that change with `round` alone, each after those it reads.
    pub fn round_schedules(&self) -> impl Iterator<Item = &Schedule> {
        self.schedules
            .iter()
            .filter(|schedule| self.slot_level(schedule.slot) == Level::Round)
    }

    /// What `formula` depends on.
    pub fn level(&self, formula: &Formula) -> Level {
        formula
            .parameters()
            .map(|slot| self.slot_level(slot))
            .max()
            .unwrap_or(Level::Fixed)
    }

    /// Every slot's value before round 1: `parameters` (the point's values), `round` = 1, the
    /// schedules that change during the match and the states' initial values; readings NaN.
    /// The validator checks formulas at these values, and the manifest reports them.
    pub fn slots_at_start(&self, parameters: &[f64]) -> Vec<f64> {
        let mut slots = vec![f64::NAN; self.slot_count()];
        slots[..self.parameter_count.min(parameters.len())]
            .copy_from_slice(&parameters[..self.parameter_count.min(parameters.len())]);
        slots[self.round_slot()] = 1.0;
        let mut stack = Vec::new();
        // Initial values read fixed parameters only, and schedules that change read states.
        for fixed in [true, false] {
            for schedule in &self.schedules {
                if (self.slot_level(schedule.slot) == Level::Fixed) == fixed {
                    slots[schedule.slot] = schedule.formula.evaluate_with(&slots, &mut stack);
                }
            }
            if fixed {
                for &state in &self.initial_order {
                    slots[self.state_slot(state)] =
                        self.states[state].initial.evaluate_with(&slots, &mut stack);
                }
            }
        }
        slots
    }
}

//! Finite-state machines that move on the opponent's last move (Axelrod-Python's finite_state_machines).
//!
//! A [`Machine`] is Axelrod's `FSMPlayer`: rows (state, opponent's last move, next state,
//! action), an initial state and an initial action. Round 1 plays the initial action; every
//! later round takes the row for the current state and the opponent's last move, plays its
//! action and moves to its next state. No machine here draws at random: Axelrod classifies
//! every one of them deterministic.
//!
//! `Memory.state` holds the current state as a dense index (the machine's state labels sorted
//! ascending), set to the initial state in round 1. No other memory field is used.
//!
//! Memory depth: Axelrod declares 2 for Fortress3 and SolutionB1 and 3 for Fortress4 and
//! Ripoff, counting the machine's own past moves as a witness of its state, which holds only
//! when its moves are played as chosen. With noise (or in our conformance check, which replays
//! arbitrary own moves) the state depends on the whole history, so these are unbounded here.

use super::entry::{Entry, ParameterInfo, Written, classifier};
use super::{Memory, Move, Policy, View};
use rand::Rng;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

/// The most states a machine may have: Axelrod's largest published machine has 16, and a
/// machine's memory depth is computed over sets of its states.
pub const MAX_STATES: usize = 1024;

/// One transition as Axelrod writes it: (state, opponent's last move, next state, action).
pub type Row = (u32, Move, u32, Move);

/// Where a state goes and what it plays, after one opponent move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    next: u32,
    action: Move,
}

/// A deterministic finite-state machine on the opponent's last move.
#[derive(Debug, Clone, PartialEq)]
pub struct Machine {
    /// Per dense state, the step after the opponent's C, then after its D.
    steps: Arc<[[Step; 2]]>,
    /// Dense index of the initial state.
    initial_state: u32,
    initial_action: Move,
}

/// Why a table of rows is not a machine. `row` counts the given rows from 0; states are the
/// labels as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MachineError {
    /// No rows at all.
    Empty,
    /// A row moves to a state that has no rows of its own.
    UnknownState { row: usize, state: u32 },
    /// A state has a row for one opponent move but none for this one.
    MissingTransition { state: u32, opponent: Move },
    /// Two rows for the same state and opponent move.
    DuplicateTransition {
        row: usize,
        earlier_row: usize,
        state: u32,
        opponent: Move,
    },
    /// The initial state has no rows.
    UnknownInitialState { state: u32 },
    /// More states than [`MAX_STATES`].
    TooManyStates { states: usize },
}

impl fmt::Display for MachineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            MachineError::Empty => write!(f, "the machine has no transitions"),
            MachineError::UnknownState { row, state } => write!(
                f,
                "row {row} moves to state {state}, which has no transitions of its own"
            ),
            MachineError::MissingTransition { state, opponent } => write!(
                f,
                "state {state} has no transition for the opponent's {}",
                opponent.letter()
            ),
            MachineError::DuplicateTransition {
                row,
                earlier_row,
                state,
                opponent,
            } => write!(
                f,
                "row {row} repeats the transition of row {earlier_row} (state {state}, \
                 opponent's {})",
                opponent.letter()
            ),
            MachineError::UnknownInitialState { state } => {
                write!(f, "the initial state {state} has no transitions")
            }
            MachineError::TooManyStates { states } => write!(
                f,
                "the machine has {states} states; at most {MAX_STATES} are allowed"
            ),
        }
    }
}

impl std::error::Error for MachineError {}

impl Machine {
    /// A machine from Axelrod-style rows. Every state named (in a row, as a next state or as
    /// the initial state) must have exactly one row for the opponent's C and one for its D.
    /// State labels are any `u32`s; they need not be dense or start at 0.
    pub fn new(
        rows: &[Row],
        initial_state: u32,
        initial_action: Move,
    ) -> Result<Machine, MachineError> {
        if rows.is_empty() {
            return Err(MachineError::Empty);
        }
        let labels: BTreeSet<u32> = rows.iter().map(|row| row.0).collect();
        if labels.len() > MAX_STATES {
            return Err(MachineError::TooManyStates {
                states: labels.len(),
            });
        }
        let dense: BTreeMap<u32, u32> = labels.iter().zip(0..).map(|(&l, i)| (l, i)).collect();
        let mut seen: Vec<[Option<usize>; 2]> = vec![[None; 2]; labels.len()];
        let mut steps = vec![
            [Step {
                next: 0,
                action: Move::C
            }; 2];
            labels.len()
        ];
        for (index, &(state, opponent, next, action)) in rows.iter().enumerate() {
            let from = dense[&state] as usize;
            let slot = &mut seen[from][opponent.action_index()];
            if let Some(earlier_row) = *slot {
                return Err(MachineError::DuplicateTransition {
                    row: index,
                    earlier_row,
                    state,
                    opponent,
                });
            }
            *slot = Some(index);
            let Some(&next) = dense.get(&next) else {
                return Err(MachineError::UnknownState {
                    row: index,
                    state: next,
                });
            };
            steps[from][opponent.action_index()] = Step { next, action };
        }
        for (&state, slots) in labels.iter().zip(&seen) {
            for (slot, opponent) in slots.iter().zip([Move::C, Move::D]) {
                if slot.is_none() {
                    return Err(MachineError::MissingTransition { state, opponent });
                }
            }
        }
        let Some(&initial) = dense.get(&initial_state) else {
            return Err(MachineError::UnknownInitialState {
                state: initial_state,
            });
        };
        Ok(Machine {
            steps: steps.into(),
            initial_state: initial,
            initial_action,
        })
    }

    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        if view.rounds == 0 {
            memory.state = self.initial_state;
            return self.initial_action;
        }
        let step = self.steps[memory.state as usize][(view.opponent & 1) as usize];
        memory.state = step.next;
        step.action
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }

    /// The number of states.
    pub fn states(&self) -> usize {
        self.steps.len()
    }

    /// The fewest last rounds that determine every decision whatever the own moves were (as
    /// under noise), or `None` when no bound up to 64 rounds exists: what a scenario-defined
    /// machine's classifier should declare.
    pub fn memory_depth(&self) -> Option<u32> {
        let mut reachable = vec![false; self.steps.len()];
        let mut stack = vec![self.initial_state];
        reachable[self.initial_state as usize] = true;
        while let Some(state) = stack.pop() {
            for step in self.steps[state as usize] {
                if !std::mem::replace(&mut reachable[step.next as usize], true) {
                    stack.push(step.next);
                }
            }
        }
        let start: Vec<u32> = (0..self.steps.len() as u32)
            .filter(|&s| reachable[s as usize])
            .collect();
        let always_initial = start.iter().all(|&s| {
            self.steps[s as usize]
                .iter()
                .all(|step| step.action == self.initial_action)
        });
        if always_initial {
            return Some(0);
        }
        // Groups of states the machine may be in, not told apart by the last k opponent moves:
        // depth k holds when each group answers each opponent move with one action.
        let mut groups: BTreeSet<Vec<u32>> = BTreeSet::from([start]);
        for depth in 1..=64 {
            let decided = groups.iter().all(|group| {
                (0..2).all(|m| {
                    let first = self.steps[group[0] as usize][m].action;
                    group
                        .iter()
                        .all(|&s| self.steps[s as usize][m].action == first)
                })
            });
            if decided {
                return Some(depth);
            }
            let mut following = BTreeSet::new();
            for group in &groups {
                for m in 0..2 {
                    let next: BTreeSet<u32> = group
                        .iter()
                        .map(|&s| self.steps[s as usize][m].next)
                        .collect();
                    if next.len() > 1 {
                        following.insert(next.into_iter().collect::<Vec<u32>>());
                    }
                }
            }
            // A bound on the work, not on the answer: past it the depth is declared unbounded,
            // which is safe (an upper bound is all a classifier promises).
            if following.len() > 4096 || following.iter().map(Vec::len).sum::<usize>() > 1 << 16 {
                return None;
            }
            groups = following;
        }
        None
    }
}

fn machine(rows: &[Row], initial_state: u32, initial_action: Move) -> Result<Policy, String> {
    Machine::new(rows, initial_state, initial_action)
        .map(Policy::Fsm)
        .map_err(|error| error.to_string())
}

use Move::{C, D};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &FSM,
    &FORTRESS3,
    &FORTRESS4,
    &PREDATOR,
    &PUN1,
    &RAIDER,
    &RIPOFF,
    &USUALLYCOOPERATES,
    &USUALLYDEFECTS,
    &SOLUTIONB1,
    &SOLUTIONB5,
    &THUMPER,
    &EVOLVED_FSM_4,
    &EVOLVED_FSM_16,
    &EVOLVED_FSM_16_NOISE_05,
    &TF1,
    &TF2,
    &TF3,
    &EVOLVED_FSM_6,
];

pub static FSM: Entry = Entry {
    name: "fsm",
    axelrod_name: None,
    aliases: &[],
    summary: "a finite-state machine written in the scenario, in the form of Axelrod's \
        FSMPlayer; its memory depth is computed from its rows",
    parameters: &[
        ParameterInfo {
            name: "transitions",
            meaning: "rows [state, opponent's last move, next state, action], e.g. [1, \"D\", \
                2, \"D\"]; each state needs one row for the opponent's C and one for its D",
            default: "required",
        },
        ParameterInfo {
            name: "initial_state",
            meaning: "the state the machine starts in",
            default: "the first row's state",
        },
        ParameterInfo {
            name: "initial_action",
            meaning: "the move of round 1, \"C\" or \"D\"",
            default: "C",
        },
    ],
    classifier: classifier(None, false, false),
    build: |args, _| match &args.written {
        Some(Written::Fsm {
            rows,
            initial_state,
            initial_action,
        }) => machine(rows, *initial_state, *initial_action),
        _ => Err(
            "`fsm` needs `transitions`, rows [state, opponent's last move, next state, \
                  action], e.g. [[1, \"C\", 1, \"C\"], [1, \"D\", 1, \"D\"]]"
                .into(),
        ),
    },
};

/// Fortress3's transitions (Axelrod-Python's `Fortress3`): (state, opponent's last move, next state, action).
const FORTRESS3_ROWS: &[Row] = &[
    (1, C, 1, D),
    (1, D, 2, D),
    (2, C, 1, D),
    (2, D, 3, C),
    (3, C, 3, C),
    (3, D, 1, D),
];

pub static FORTRESS3: Entry = Entry {
    name: "fortress3",
    axelrod_name: Some("Fortress3"),
    aliases: &[],
    summary: "3 states (Ashlock 2006): D; after the opponent defects twice running, C while it cooperates",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(FORTRESS3_ROWS, 1, D),
};

/// Fortress4's transitions (Axelrod-Python's `Fortress4`): (state, opponent's last move, next state, action).
const FORTRESS4_ROWS: &[Row] = &[
    (1, C, 1, D),
    (1, D, 2, D),
    (2, C, 1, D),
    (2, D, 3, D),
    (3, C, 1, D),
    (3, D, 4, C),
    (4, C, 4, C),
    (4, D, 1, D),
];

pub static FORTRESS4: Entry = Entry {
    name: "fortress4",
    axelrod_name: Some("Fortress4"),
    aliases: &[],
    summary: "4 states (Ashlock 2006): D; after three opponent Ds running, C while it cooperates",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(FORTRESS4_ROWS, 1, D),
};

/// Predator's transitions (Axelrod-Python's `Predator`): (state, opponent's last move, next state, action).
const PREDATOR_ROWS: &[Row] = &[
    (0, C, 0, D),
    (0, D, 1, D),
    (1, C, 2, D),
    (1, D, 3, D),
    (2, C, 4, C),
    (2, D, 3, D),
    (3, C, 5, D),
    (3, D, 4, C),
    (4, C, 2, C),
    (4, D, 6, D),
    (5, C, 7, D),
    (5, D, 3, D),
    (6, C, 7, C),
    (6, D, 7, D),
    (7, C, 8, D),
    (7, D, 7, D),
    (8, C, 8, D),
    (8, D, 6, D),
];

pub static PREDATOR: Entry = Entry {
    name: "predator",
    axelrod_name: Some("Predator"),
    aliases: &[],
    summary: "9 states (Ashlock 2006): C first, then mostly D, cooperating only on a few paths",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(PREDATOR_ROWS, 0, C),
};

/// Pun1's transitions (Axelrod-Python's `Pun1`): (state, opponent's last move, next state, action).
const PUN1_ROWS: &[Row] = &[(1, C, 2, C), (1, D, 2, C), (2, C, 1, C), (2, D, 1, D)];

pub static PUN1: Entry = Entry {
    name: "pun1",
    axelrod_name: Some("Pun1"),
    aliases: &[],
    summary: "2 states (Ashlock 2006): D first, then C and tit for tat on alternate rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(PUN1_ROWS, 1, D),
};

/// Raider's transitions (Axelrod-Python's `Raider`): (state, opponent's last move, next state, action).
const RAIDER_ROWS: &[Row] = &[
    (0, C, 2, D),
    (0, D, 2, D),
    (1, C, 1, C),
    (1, D, 1, D),
    (2, C, 0, D),
    (2, D, 3, C),
    (3, C, 0, D),
    (3, D, 1, C),
];

pub static RAIDER: Entry = Entry {
    name: "raider",
    axelrod_name: Some("Raider"),
    aliases: &[],
    summary: "4 states (Ashlock 2014): D first, exploits cooperators, tit for tat after some D runs",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(RAIDER_ROWS, 0, D),
};

/// Ripoff's transitions (Axelrod-Python's `Ripoff`): (state, opponent's last move, next state, action).
const RIPOFF_ROWS: &[Row] = &[
    (1, C, 2, C),
    (1, D, 3, C),
    (2, C, 1, D),
    (2, D, 3, C),
    (3, C, 3, C),
    (3, D, 3, D),
];

pub static RIPOFF: Entry = Entry {
    name: "ripoff",
    axelrod_name: Some("Ripoff"),
    aliases: &[],
    summary: "3 states (Ashlock 2008): D first, alternates C and D until the opponent defects, then tit for tat",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(RIPOFF_ROWS, 1, D),
};

/// UsuallyCooperates's transitions (Axelrod-Python's `UsuallyCooperates`): (state, opponent's last move, next state, action).
const USUALLYCOOPERATES_ROWS: &[Row] = &[(1, C, 1, C), (1, D, 2, C), (2, C, 1, D), (2, D, 1, C)];

pub static USUALLYCOOPERATES: Entry = Entry {
    name: "usuallycooperates",
    axelrod_name: Some("UsuallyCooperates"),
    aliases: &[],
    summary: "2 states (Ashlock 2009): C except D after a C that follows a D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(USUALLYCOOPERATES_ROWS, 1, C),
};

/// UsuallyDefects's transitions (Axelrod-Python's `UsuallyDefects`): (state, opponent's last move, next state, action).
const USUALLYDEFECTS_ROWS: &[Row] = &[(1, C, 2, D), (1, D, 1, D), (2, C, 1, D), (2, D, 1, C)];

pub static USUALLYDEFECTS: Entry = Entry {
    name: "usuallydefects",
    axelrod_name: Some("UsuallyDefects"),
    aliases: &[],
    summary: "2 states (Ashlock 2009): D except C after a D that follows a C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(USUALLYDEFECTS_ROWS, 1, D),
};

/// SolutionB1's transitions (Axelrod-Python's `SolutionB1`): (state, opponent's last move, next state, action).
const SOLUTIONB1_ROWS: &[Row] = &[
    (1, C, 2, D),
    (1, D, 1, D),
    (2, C, 2, C),
    (2, D, 3, C),
    (3, C, 3, C),
    (3, D, 3, C),
];

pub static SOLUTIONB1: Entry = Entry {
    name: "solutionb1",
    axelrod_name: Some("SolutionB1"),
    aliases: &[],
    summary: "3 states (Ashlock 2015): D until the opponent cooperates, then C, for good after its next D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(SOLUTIONB1_ROWS, 1, D),
};

/// SolutionB5's transitions (Axelrod-Python's `SolutionB5`): (state, opponent's last move, next state, action).
const SOLUTIONB5_ROWS: &[Row] = &[
    (1, C, 2, C),
    (1, D, 6, D),
    (2, C, 2, C),
    (2, D, 3, D),
    (3, C, 6, C),
    (3, D, 1, D),
    (4, C, 3, C),
    (4, D, 6, D),
    (5, C, 5, D),
    (5, D, 4, D),
    (6, C, 3, C),
    (6, D, 5, D),
];

pub static SOLUTIONB5: Entry = Entry {
    name: "solutionb5",
    axelrod_name: Some("SolutionB5"),
    aliases: &[],
    summary: "6 states (Ashlock 2015): D first, a machine evolved for the prisoner's dilemma",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(SOLUTIONB5_ROWS, 1, D),
};

/// Thumper's transitions (Axelrod-Python's `Thumper`): (state, opponent's last move, next state, action).
const THUMPER_ROWS: &[Row] = &[(1, C, 1, C), (1, D, 2, D), (2, C, 1, D), (2, D, 1, D)];

pub static THUMPER: Entry = Entry {
    name: "thumper",
    axelrod_name: Some("Thumper"),
    aliases: &[],
    summary: "2 states (Ashlock 2008): C first; tit for tat that defects again the round after answering a D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(THUMPER_ROWS, 1, C),
};

/// Evolved FSM 4's transitions (Axelrod-Python's `EvolvedFSM4`): (state, opponent's last move, next state, action).
const EVOLVED_FSM_4_ROWS: &[Row] = &[
    (0, C, 0, C),
    (0, D, 2, D),
    (1, C, 3, D),
    (1, D, 0, C),
    (2, C, 2, D),
    (2, D, 1, C),
    (3, C, 3, D),
    (3, D, 1, D),
];

pub static EVOLVED_FSM_4: Entry = Entry {
    name: "evolved_fsm_4",
    axelrod_name: Some("Evolved FSM 4"),
    aliases: &[],
    summary: "4 states evolved by Harper to score well, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(EVOLVED_FSM_4_ROWS, 0, C),
};

/// Evolved FSM 16's transitions (Axelrod-Python's `EvolvedFSM16`): (state, opponent's last move, next state, action).
const EVOLVED_FSM_16_ROWS: &[Row] = &[
    (0, C, 0, C),
    (0, D, 12, D),
    (1, C, 3, D),
    (1, D, 6, C),
    (2, C, 2, D),
    (2, D, 14, D),
    (3, C, 3, D),
    (3, D, 3, D),
    (5, C, 12, D),
    (5, D, 10, D),
    (6, C, 5, C),
    (6, D, 12, D),
    (7, C, 3, D),
    (7, D, 1, C),
    (8, C, 5, C),
    (8, D, 5, C),
    (10, C, 11, D),
    (10, D, 8, C),
    (11, C, 15, D),
    (11, D, 5, D),
    (12, C, 8, C),
    (12, D, 11, D),
    (13, C, 13, D),
    (13, D, 7, D),
    (14, C, 13, D),
    (14, D, 13, D),
    (15, C, 15, D),
    (15, D, 2, C),
];

pub static EVOLVED_FSM_16: Entry = Entry {
    name: "evolved_fsm_16",
    axelrod_name: Some("Evolved FSM 16"),
    aliases: &[],
    summary: "16 states evolved by Harper to score well, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(EVOLVED_FSM_16_ROWS, 0, C),
};

/// Evolved FSM 16 Noise 05's transitions (Axelrod-Python's `EvolvedFSM16Noise05`): (state, opponent's last move, next state, action).
const EVOLVED_FSM_16_NOISE_05_ROWS: &[Row] = &[
    (0, C, 8, C),
    (0, D, 3, D),
    (1, C, 13, C),
    (1, D, 15, D),
    (2, C, 12, C),
    (2, D, 3, D),
    (3, C, 10, C),
    (3, D, 3, D),
    (4, C, 5, D),
    (4, D, 4, D),
    (5, C, 4, D),
    (5, D, 10, D),
    (6, C, 8, C),
    (6, D, 6, D),
    (8, C, 2, C),
    (8, D, 4, D),
    (10, C, 4, D),
    (10, D, 1, D),
    (11, C, 14, D),
    (11, D, 13, C),
    (12, C, 13, C),
    (12, D, 2, C),
    (13, C, 13, C),
    (13, D, 6, C),
    (14, C, 3, D),
    (14, D, 13, D),
    (15, C, 5, D),
    (15, D, 11, C),
];

pub static EVOLVED_FSM_16_NOISE_05: Entry = Entry {
    name: "evolved_fsm_16_noise_05",
    axelrod_name: Some("Evolved FSM 16 Noise 05"),
    aliases: &[],
    summary: "16 states evolved by Harper with 5% noise, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(EVOLVED_FSM_16_NOISE_05_ROWS, 0, C),
};

/// TF1's transitions (Axelrod-Python's `TF1`): (state, opponent's last move, next state, action).
const TF1_ROWS: &[Row] = &[
    (0, C, 7, C),
    (0, D, 1, C),
    (1, C, 11, D),
    (1, D, 11, D),
    (2, C, 8, D),
    (2, D, 8, C),
    (3, C, 3, C),
    (3, D, 12, D),
    (4, C, 6, C),
    (4, D, 3, C),
    (5, C, 11, C),
    (5, D, 8, D),
    (6, C, 13, D),
    (6, D, 14, C),
    (7, C, 4, D),
    (7, D, 2, D),
    (8, C, 14, D),
    (8, D, 8, D),
    (9, C, 0, C),
    (9, D, 10, D),
    (10, C, 8, C),
    (10, D, 15, C),
    (11, C, 6, D),
    (11, D, 5, D),
    (12, C, 6, D),
    (12, D, 9, D),
    (13, C, 9, D),
    (13, D, 8, D),
    (14, C, 8, D),
    (14, D, 13, D),
    (15, C, 4, C),
    (15, D, 5, C),
];

pub static TF1: Entry = Entry {
    name: "tf1",
    axelrod_name: Some("TF1"),
    aliases: &[],
    summary: "machine trained by Harper for Moran fixation, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(TF1_ROWS, 0, C),
};

/// TF2's transitions (Axelrod-Python's `TF2`): (state, opponent's last move, next state, action).
const TF2_ROWS: &[Row] = &[
    (0, C, 13, D),
    (0, D, 12, D),
    (1, C, 3, D),
    (1, D, 4, D),
    (2, C, 14, D),
    (2, D, 9, D),
    (3, C, 0, C),
    (3, D, 1, D),
    (4, C, 1, D),
    (4, D, 2, D),
    (7, C, 12, D),
    (7, D, 2, D),
    (8, C, 7, D),
    (8, D, 9, D),
    (9, C, 8, D),
    (9, D, 0, D),
    (10, C, 2, C),
    (10, D, 15, C),
    (11, C, 7, D),
    (11, D, 13, D),
    (12, C, 3, C),
    (12, D, 8, D),
    (13, C, 7, C),
    (13, D, 10, D),
    (14, C, 10, D),
    (14, D, 7, D),
    (15, C, 15, C),
    (15, D, 11, D),
];

pub static TF2: Entry = Entry {
    name: "tf2",
    axelrod_name: Some("TF2"),
    aliases: &[],
    summary: "machine trained by Harper for Moran fixation, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(TF2_ROWS, 0, C),
};

/// TF3's transitions (Axelrod-Python's `TF3`): (state, opponent's last move, next state, action).
const TF3_ROWS: &[Row] = &[
    (0, C, 0, C),
    (0, D, 3, C),
    (1, C, 5, D),
    (1, D, 0, C),
    (2, C, 3, C),
    (2, D, 2, D),
    (3, C, 4, D),
    (3, D, 6, D),
    (4, C, 3, C),
    (4, D, 1, D),
    (5, C, 6, C),
    (5, D, 3, D),
    (6, C, 6, D),
    (6, D, 6, D),
    (7, C, 7, D),
    (7, D, 5, C),
];

pub static TF3: Entry = Entry {
    name: "tf3",
    axelrod_name: Some("TF3"),
    aliases: &[],
    summary: "machine trained by Harper for Moran fixation, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(TF3_ROWS, 0, C),
};

/// Evolved FSM 6's transitions (Axelrod-Python's `EvolvedFSM6`): (state, opponent's last move, next state, action).
const EVOLVED_FSM_6_ROWS: &[Row] = &[
    (2, C, 2, D),
    (2, D, 7, D),
    (3, C, 6, D),
    (3, D, 4, C),
    (4, C, 4, C),
    (4, D, 6, D),
    (5, C, 2, D),
    (5, D, 7, D),
    (6, C, 3, C),
    (6, D, 5, D),
    (7, C, 2, C),
    (7, D, 3, D),
];

pub static EVOLVED_FSM_6: Entry = Entry {
    name: "evolved_fsm_6",
    axelrod_name: Some("Evolved FSM 6"),
    aliases: &[],
    summary: "6 accessible states evolved by Vincent and Fryer to score well, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| machine(EVOLVED_FSM_6_ROWS, 4, C),
};

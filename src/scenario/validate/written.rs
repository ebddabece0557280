//! Validation of the strategies written out in the scenario file (`fsm`, `lookup`, `memory_n`):
//! every row, letter and chance is checked where it is written, so an error names its line.

use super::{Locate, Validator, known_list};
use crate::scenario::schema::{RawCell, RawChoice, RawPattern, RawProbabilities, RawStrategyTable};
use crate::strategy::Move;
use crate::strategy::entry::Written;
use crate::strategy::fsm::{MAX_STATES, Machine, MachineError, Row};
use crate::strategy::lookup::MAX_KEY_BITS;
use crate::strategy::memory_n::MAX_DEPTH;
use crate::text::{echo, number};
use std::ops::Range;
use toml::Spanned;

/// The registered kinds whose definition is written in the scenario file.
pub(super) const WRITTEN_KINDS: [&str; 3] = ["fsm", "lookup", "memory_n"];

/// How a candidate's table is read: the kind's name, the whole candidate (blamed for a missing
/// field) and its field path.
pub(super) struct WrittenSeat<'a> {
    pub kind: &'a str,
    pub span: Range<usize>,
    pub field: &'a str,
}

impl Validator<'_> {
    /// The definition of a written kind from its table, or `None` after recording every problem.
    pub(super) fn written(&self, table: &RawStrategyTable, seat: &WrittenSeat) -> Option<Written> {
        match seat.kind {
            "fsm" => self.machine(table, seat),
            "lookup" => self.lookup(table, seat),
            "memory_n" => self.memory_n(table, seat),
            _ => None,
        }
    }

    fn required(&self, seat: &WrittenSeat, name: &str, example: &str) {
        self.report(self.source.problem(
            seat.span.clone(),
            seat.field,
            format!("`{}` needs `{name}`, e.g. {example}", seat.kind),
        ));
    }

    fn machine(&self, table: &RawStrategyTable, seat: &WrittenSeat) -> Option<Written> {
        let source = self.source;
        let field = seat.field;
        let Some(transitions) = &table.transitions else {
            self.required(
                seat,
                "transitions",
                "transitions = [[1, \"C\", 1, \"C\"], [1, \"D\", 2, \"D\"], [2, \"C\", 2, \"D\"], \
                 [2, \"D\", 1, \"D\"]] (rows of state, opponent's last move, next state, action)",
            );
            return None;
        };
        let rows_field = format!("{field}.transitions");
        let given = transitions.get_ref();
        if given.is_empty() || given.len() > 2 * MAX_STATES {
            let why = if given.is_empty() {
                "lists no row; a machine needs rows [state, opponent's last move, next state, \
                 action], one for the opponent's C and one for its D in each state"
                    .to_string()
            } else {
                format!(
                    "has {} rows; a machine has at most {MAX_STATES} states, so at most {} rows",
                    given.len(),
                    2 * MAX_STATES
                )
            };
            self.report(source.problem(transitions.span(), rows_field, why));
            return None;
        }
        let mut rows: Vec<Row> = Vec::with_capacity(given.len());
        let mut ok = true;
        for (index, row) in given.iter().enumerate() {
            let at = format!("{rows_field}[{index}]");
            let cells = row.get_ref();
            if cells.len() != 4 {
                self.report(source.problem(
                    row.span(),
                    at,
                    format!(
                        "a row is [state, opponent's last move, next state, action], e.g. [1, \
                         \"D\", 2, \"D\"]; this one has {} {}",
                        cells.len(),
                        if cells.len() == 1 { "entry" } else { "entries" }
                    ),
                ));
                ok = false;
                continue;
            }
            let state = self.state_cell(&cells[0], &format!("{at}[0]"), "the state");
            let opponent = self.move_cell(&cells[1], &format!("{at}[1]"), "the opponent's move");
            let next = self.state_cell(&cells[2], &format!("{at}[2]"), "the next state");
            let action = self.move_cell(&cells[3], &format!("{at}[3]"), "the action");
            match (state, opponent, next, action) {
                (Some(state), Some(opponent), Some(next), Some(action)) => {
                    rows.push((state, opponent, next, action));
                }
                _ => ok = false,
            }
        }
        let initial_state = match &table.initial_state {
            Some(given) => {
                let state = u32::try_from(*given.get_ref()).ok();
                if state.is_none() {
                    self.report(source.problem(
                        given.span(),
                        format!("{field}.initial_state"),
                        format!(
                            "a state is a whole number from 0 to {}, found {}",
                            u32::MAX,
                            given.get_ref()
                        ),
                    ));
                }
                state
            }
            // The machine starts where its table starts, as a reader of the table would.
            None => rows.first().map(|row| row.0),
        };
        let initial_action = match &table.initial_action {
            Some(given) => self.letter(
                given.get_ref(),
                given.span(),
                &format!("{field}.initial_action"),
                "the action",
            ),
            None => Some(Move::C),
        };
        let (Some(initial_state), Some(initial_action)) = (initial_state, initial_action) else {
            return None;
        };
        if !ok {
            return None;
        }
        if let Err(error) = Machine::new(&rows, initial_state, initial_action) {
            let states = || {
                let mut labels: Vec<u32> = rows.iter().map(|row| row.0).collect();
                labels.sort_unstable();
                labels.dedup();
                let labels: Vec<String> = labels.iter().map(u32::to_string).collect();
                known_list(&labels)
            };
            let row_at = |row: usize| (given[row].span(), format!("{rows_field}[{row}]"));
            let (span, at, message) = match error {
                MachineError::UnknownState { row, state } => {
                    let (span, at) = row_at(row);
                    let message = format!(
                        "moves to state {state}, which has no rows of its own (states with \
                         rows: {})",
                        states()
                    );
                    (span, at, message)
                }
                MachineError::DuplicateTransition {
                    row,
                    earlier_row,
                    state,
                    opponent,
                } => {
                    let (span, at) = row_at(row);
                    let (line, _) = source.position(given[earlier_row].span().start);
                    let message = format!(
                        "state {state} already has a row for the opponent's {} \
                         ({rows_field}[{earlier_row}], line {line}); a machine is \
                         deterministic, one row per state and opponent's move",
                        opponent.letter()
                    );
                    (span, at, message)
                }
                MachineError::MissingTransition { state, opponent } => {
                    let first = rows.iter().position(|row| row.0 == state).unwrap_or(0);
                    let (span, at) = row_at(first);
                    let message = format!(
                        "state {state} has no row for the opponent's {}; every state needs a \
                         row for the opponent's C and one for its D",
                        opponent.letter()
                    );
                    (span, at, message)
                }
                MachineError::UnknownInitialState { state } => {
                    let span = table
                        .initial_state
                        .as_ref()
                        .map_or(seat.span.clone(), Spanned::span);
                    let message = format!(
                        "the initial state {state} has no rows (states with rows: {})",
                        states()
                    );
                    (span, format!("{field}.initial_state"), message)
                }
                MachineError::Empty | MachineError::TooManyStates { .. } => {
                    (transitions.span(), rows_field.clone(), error.to_string())
                }
            };
            self.report(source.problem(span, at, message));
            return None;
        }
        Some(Written::Fsm {
            rows,
            initial_state,
            initial_action,
        })
    }

    fn state_cell(&self, cell: &Spanned<RawCell>, at: &str, what: &str) -> Option<u32> {
        let found = match cell.get_ref() {
            RawCell::Integer(value) => match u32::try_from(*value) {
                Ok(state) => return Some(state),
                Err(_) => value.to_string(),
            },
            RawCell::Float(value) => number(*value),
            RawCell::Text(text) => format!("the string \"{}\"", echo(text)),
            RawCell::Other(kind) => kind.to_string(),
        };
        self.report(self.source.problem(
            cell.span(),
            at,
            format!(
                "{what} must be a whole number from 0 to {}; found {found}",
                u32::MAX
            ),
        ));
        None
    }

    fn move_cell(&self, cell: &Spanned<RawCell>, at: &str, what: &str) -> Option<Move> {
        if let RawCell::Text(text) = cell.get_ref() {
            return self.letter(text, cell.span(), at, what);
        }
        let found = match cell.get_ref() {
            RawCell::Integer(value) => value.to_string(),
            RawCell::Float(value) => number(*value),
            RawCell::Other(kind) => kind.to_string(),
            RawCell::Text(_) => unreachable!("handled above"),
        };
        self.report(self.source.problem(
            cell.span(),
            at,
            format!(
                "{what} must be \"C\" (the player's first action) or \"D\" (its second); \
                 found {found}"
            ),
        ));
        None
    }

    /// A move written "C" or "D": the player's first or second action.
    fn letter(&self, text: &str, span: Range<usize>, at: &str, what: &str) -> Option<Move> {
        match text {
            "C" => Some(Move::C),
            "D" => Some(Move::D),
            other => {
                self.report(self.source.problem(
                    span,
                    at,
                    format!(
                        "{what} must be \"C\" (the player's first action) or \"D\" (its \
                         second); found \"{}\"",
                        echo(other)
                    ),
                ));
                None
            }
        }
    }

    /// Moves written as a string of C and D, such as "CCD".
    fn letters(&self, text: &str, span: Range<usize>, at: &str) -> Option<Vec<Move>> {
        let mut moves = Vec::with_capacity(text.len());
        for (index, letter) in text.chars().enumerate() {
            moves.push(match letter {
                'C' => Move::C,
                'D' => Move::D,
                other => {
                    self.report(self.source.problem(
                        span.clone(),
                        at,
                        format!(
                            "letter {} is `{}`; the moves are written with the letters C and D",
                            index + 1,
                            echo(&other.to_string())
                        ),
                    ));
                    return None;
                }
            });
        }
        Some(moves)
    }

    fn lookup(&self, table: &RawStrategyTable, seat: &WrittenSeat) -> Option<Written> {
        let source = self.source;
        let field = seat.field;
        let plays = [
            ("self_plays", &table.self_plays),
            ("op_plays", &table.op_plays),
            ("op_openings", &table.op_openings),
        ]
        .map(|(name, given)| match given {
            None => Some(0),
            Some(given) => match u32::try_from(*given.get_ref()) {
                Ok(count) if count <= MAX_KEY_BITS => Some(count),
                _ => {
                    self.report(source.problem(
                        given.span(),
                        format!("{field}.{name}"),
                        format!(
                            "must be a whole number from 0 to {MAX_KEY_BITS}, found {}",
                            given.get_ref()
                        ),
                    ));
                    None
                }
            },
        });
        let [Some(self_plays), Some(op_plays), Some(op_openings)] = plays else {
            return None;
        };
        let key_moves = self_plays + op_plays + op_openings;
        if key_moves > MAX_KEY_BITS {
            self.report(source.problem(
                seat.span.clone(),
                field,
                format!(
                    "a key holds self_plays + op_plays + op_openings = {key_moves} moves; at \
                     most {MAX_KEY_BITS} are allowed (a table of 2^{MAX_KEY_BITS} entries)"
                ),
            ));
            return None;
        }
        let Some(pattern) = &table.pattern else {
            self.required(
                seat,
                "pattern",
                "op_plays = 1, pattern = \"CD\" (C after the opponent's C, D after its D)",
            );
            return None;
        };
        let pattern_field = format!("{field}.pattern");
        let chances: Vec<f64> = match pattern.get_ref() {
            RawPattern::Letters(letters) => self
                .letters(letters, pattern.span(), &pattern_field)?
                .into_iter()
                .map(|action| if action == Move::C { 1.0 } else { 0.0 })
                .collect(),
            RawPattern::Chances(values) => {
                let mut ok = true;
                for (index, value) in values.iter().enumerate() {
                    let chance = *value.get_ref();
                    if !(0.0..=1.0).contains(&chance) {
                        let why = if chance.is_finite() {
                            "is not a chance of C in [0, 1]"
                        } else {
                            "is not a finite number"
                        };
                        self.report(source.problem(
                            value.span(),
                            format!("{pattern_field}[{index}]"),
                            format!("{} {why}", number(chance)),
                        ));
                        ok = false;
                    }
                }
                if !ok {
                    return None;
                }
                values.iter().map(|value| *value.get_ref()).collect()
            }
        };
        let keys = 1usize << key_moves;
        if chances.len() != keys {
            self.report(source.problem(
                pattern.span(),
                pattern_field,
                format!(
                    "has {} entries; a key holds {self_plays} own, {op_plays} opponent and \
                     {op_openings} opening moves, so the table needs 2^{key_moves} = {keys}, in \
                     Axelrod's order: own moves slowest, then the opponent's, then its openings, \
                     each oldest first, C before D",
                    chances.len()
                ),
            ));
            return None;
        }
        let depth = self_plays.max(op_plays).max(op_openings) as usize;
        let initial_actions = match &table.initial_actions {
            None => Vec::new(),
            Some(given) => {
                let at = format!("{field}.initial_actions");
                let moves = self.letters(given.get_ref(), given.span(), &at)?;
                if moves.len() > depth {
                    self.report(source.problem(
                        given.span(),
                        at,
                        format!(
                            "gives {} moves, but the table applies from round {}: give at most \
                             {depth}",
                            moves.len(),
                            depth + 1
                        ),
                    ));
                    return None;
                }
                moves
            }
        };
        Some(Written::Lookup {
            self_plays,
            op_plays,
            op_openings,
            pattern: chances,
            initial_actions,
        })
    }

    fn memory_n(&self, table: &RawStrategyTable, seat: &WrittenSeat) -> Option<Written> {
        let source = self.source;
        let field = seat.field;
        let Some(n) = &table.n else {
            self.required(
                seat,
                "n",
                "n = 2 with p listing 16 chances of C (one per history of two joint moves)",
            );
            return None;
        };
        let depth = match usize::try_from(*n.get_ref()) {
            Ok(depth) if (1..=MAX_DEPTH).contains(&depth) => depth,
            _ => {
                self.report(source.problem(
                    n.span(),
                    format!("{field}.n"),
                    format!(
                        "a memory-n table remembers 1 to {MAX_DEPTH} joint moves, not {}",
                        n.get_ref()
                    ),
                ));
                return None;
            }
        };
        let cases = 1usize << (2 * depth);
        let Some(p) = &table.p else {
            self.required(
                seat,
                "p",
                &format!(
                    "p listing {cases} chances of C, one per history of the last {depth} joint \
                     moves"
                ),
            );
            return None;
        };
        // A table of chances per action is refused by `fields_fit`.
        let RawProbabilities::List(values) = p.get_ref() else {
            return None;
        };
        if values.len() != cases {
            self.report(source.problem(
                p.span(),
                format!("{field}.p"),
                format!(
                    "has {} chances; a memory-{depth} table needs 4^{depth} = {cases}, one per \
                     history: own moves oldest first, then the opponent's, read as a binary \
                     number with D = 1 (for n = 1: CC, CD, DC, DD)",
                    values.len()
                ),
            ));
            return None;
        }
        // A value that is not finite is reported with the candidate's other parameters.
        if let Some((index, bad)) = values
            .iter()
            .enumerate()
            .find(|(_, value)| value.is_finite() && !(0.0..=1.0).contains(*value))
        {
            self.report(source.problem(
                p.span(),
                format!("{field}.p[{index}]"),
                format!("{} is not a chance of C in [0, 1]", number(*bad)),
            ));
            return None;
        }
        if let Some(first) = &table.first
            && let RawChoice::Chance(chance) = first.get_ref()
            && chance.is_finite()
            && !(0.0..=1.0).contains(chance)
        {
            self.report(source.problem(
                first.span(),
                format!("{field}.first"),
                format!("{} is not a chance of C in [0, 1]", number(*chance)),
            ));
            return None;
        }
        Some(Written::MemoryN { n: depth as u32 })
    }
}

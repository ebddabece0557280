//! Memory-n strategies: a chance of C for each combination of the last n joint moves
//! (Axelrod-Python's memory-two players, and the scenario's `memory_n`), MEM2, which switches
//! between such rules, and the few rules of Axelrod's `cooperator`, `defector` and
//! `averagecopier` modules that read the opponent (registered in `unconditional`).

use super::entry::{Entry, ParameterInfo, Written, check_probabilities, classifier};
use super::{Chance, Memory, Move, Policy, View};
use rand::Rng;
use std::sync::Arc;

/// The longest memory a [`Table::new`] table may have: 4⁶ = 4096 cases.
pub const MAX_DEPTH: usize = 6;

/// The family's compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Table {
    /// A chance of C per combination of the last `depth` joint moves (see [`Table::new`]).
    Joint {
        depth: u32,
        /// The `depth` opening chances, then the 4^`depth` chances after each history.
        chances: Arc<[Chance]>,
    },
    /// MEM2 (Li and Kendall, 2014): every two rounds, after the first two, it chooses from the
    /// last two joint moves to play tit for tat (both CC), tit for two tats (one CD and one DC)
    /// or always defect (anything else), and always defects once it has chosen that twice.
    /// Memory: `state` is the rule played (0 tit for tat, 1 tit for two tats, 2 always defect),
    /// `counts[0]` the rounds until it chooses again, `counts[1]` how often it chose to defect.
    Mem2,
    /// C in the first three rounds, then D when the opponent has not defected in the last ten.
    TrickyCooperator,
    /// D, except C when the opponent has cooperated once and defected in the last three rounds.
    TrickyDefector,
    /// `first` in round 1, then C with the opponent's cooperation rate so far.
    AverageCopier { first: Chance },
}

const MEM2_TIT_FOR_TAT: u32 = 0;
const MEM2_TIT_FOR_TWO_TATS: u32 = 1;
const MEM2_ALWAYS_DEFECT: u32 = 2;

impl Table {
    /// A table over the last `depth` joint moves: `opening[k]` is the chance of C in round
    /// k + 1 (k < `depth`), and `after[i]` the chance of C after the history whose index is
    /// `i`. The index has one bit per move, D = 1 and C = 0; from the most significant bit:
    /// the player's own move `depth` rounds ago, ..., its own last move, then the opponent's
    /// move `depth` rounds ago, ..., the opponent's last move. With depth 1 the order is CC,
    /// CD, DC, DD (own move first), Axelrod-Python's memory-one order; with depth 2 it is
    /// Axelrod-Python's sixteen-vector order.
    pub fn new(depth: usize, opening: Vec<f64>, after: Vec<f64>) -> Result<Table, String> {
        if !(1..=MAX_DEPTH).contains(&depth) {
            return Err(format!(
                "a memory-n table remembers 1 to {MAX_DEPTH} rounds, not {depth}"
            ));
        }
        if opening.len() != depth {
            return Err(format!(
                "a memory-{depth} table needs {depth} opening chances of C (one per round \
                 before its memory fills), found {}",
                opening.len()
            ));
        }
        let cases = 1 << (2 * depth);
        if after.len() != cases {
            return Err(format!(
                "a memory-{depth} table needs {cases} chances of C (4^{depth}, one per history \
                 of the last {depth} joint moves), found {}",
                after.len()
            ));
        }
        check_probabilities(&opening).map_err(|e| format!("opening: {e}"))?;
        check_probabilities(&after).map_err(|e| format!("table: {e}"))?;
        Ok(Table::Joint {
            depth: depth as u32,
            chances: opening
                .iter()
                .chain(&after)
                .copied()
                .map(Chance::new)
                .collect(),
        })
    }

    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        match *self {
            Table::Joint { depth, ref chances } => {
                let chance = if view.rounds < depth {
                    chances[view.rounds as usize]
                } else {
                    let mask = (1u64 << depth) - 1;
                    let history = (view.own & mask) << depth | (view.opponent & mask);
                    chances[depth as usize + history as usize]
                };
                chance.play(rng)
            }
            Table::Mem2 => mem2(view, memory),
            Table::TrickyCooperator => {
                Move::from_defected(view.rounds >= 3 && view.opponent & 0x3ff == 0)
            }
            Table::TrickyDefector => Move::from_defected(
                !(view.opponent_cooperations() > 0
                    && view.rounds >= 3
                    && view.opponent & 0b111 == 0b111),
            ),
            Table::AverageCopier { first } => {
                let chance = if view.rounds == 0 {
                    first
                } else {
                    Chance::new(f64::from(view.opponent_cooperations()) / f64::from(view.rounds))
                };
                chance.play(rng)
            }
        }
    }

    /// The rounds a joint table reads; `None`, unbounded, for the other rules.
    pub fn memory_depth(&self) -> Option<u32> {
        match self {
            Table::Joint { depth, .. } => Some(*depth),
            _ => None,
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self {
            Table::Joint { chances, .. } => chances.iter().any(Chance::is_random),
            Table::Mem2 | Table::TrickyCooperator | Table::TrickyDefector => false,
            Table::AverageCopier { .. } => true,
        }
    }
}

fn mem2(view: &View, memory: &mut Memory) -> Move {
    if view.rounds == 0 {
        memory.reset();
        memory.state = MEM2_TIT_FOR_TAT;
        memory.counts[0] = 3;
    }
    // Once it has chosen to defect twice it never chooses again.
    if memory.counts[1] < 2 {
        memory.counts[0] -= 1;
        if memory.counts[0] == 0 {
            memory.counts[0] = 2;
            let last = (view.own_move(1), view.opponent_move(1));
            let before = (view.own_move(2), view.opponent_move(2));
            let (cc, cd, dc) = ((Move::C, Move::C), (Move::C, Move::D), (Move::D, Move::C));
            memory.state = if last == cc && before == cc {
                MEM2_TIT_FOR_TAT
            } else if (last, before) == (cd, dc) || (last, before) == (dc, cd) {
                MEM2_TIT_FOR_TWO_TATS
            } else {
                memory.counts[1] += 1;
                MEM2_ALWAYS_DEFECT
            };
        }
    }
    match memory.state {
        MEM2_TIT_FOR_TAT => view.opponent_move(1),
        MEM2_TIT_FOR_TWO_TATS => {
            Move::from_defected(view.rounds >= 2 && view.opponent & 0b11 == 0b11)
        }
        _ => Move::D,
    }
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[&AON2, &DELAYED_AON1, &MEM2, &MEMORY_TWO, &MEMORY_N];

const P_MEMORY_TWO: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "sixteen chances of C, after (own two moves, opponent's two moves) = (CC, CC), \
        (CC, CD), (CC, DC), ..., (DD, DD), older move first",
    default: "required",
};

const FIRST_TWO: ParameterInfo = ParameterInfo {
    name: "first",
    meaning: "probability of C in each of rounds 1 and 2",
    default: "1",
};

/// A deterministic memory-two table that cooperates in the first two rounds.
fn memory_two(after: [f64; 16]) -> Result<Policy, String> {
    Table::new(2, vec![1.0; 2], after.to_vec()).map(Policy::MemoryN)
}

pub static AON2: Entry = Entry {
    name: "aon2",
    axelrod_name: Some("AON2"),
    aliases: &[],
    summary: "all-or-none memory two: C first, then C only when both played alike in each of \
        the last two rounds",
    parameters: &[],
    classifier: classifier(Some(2), false, false),
    build: |_, _| {
        memory_two([
            1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0,
        ])
    },
};

pub static DELAYED_AON1: Entry = Entry {
    name: "delayed_aon1",
    axelrod_name: Some("Delayed AON1"),
    aliases: &[],
    summary: "Hilbe's delayed all-or-none: win-stay lose-shift read over the last two rounds",
    parameters: &[],
    classifier: classifier(Some(2), false, false),
    build: |_, _| {
        memory_two([
            1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0,
        ])
    },
};

pub static MEM2: Entry = Entry {
    name: "mem2",
    axelrod_name: Some("MEM2"),
    aliases: &[],
    summary: "every two rounds plays tit for tat, tit for two tats or always defect by the last \
        two rounds; always defects after choosing that twice",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::MemoryN(Table::Mem2)),
};

pub static MEMORY_TWO: Entry = Entry {
    name: "memory_two",
    axelrod_name: Some("Generic Memory Two Player"),
    aliases: &[],
    summary: "any memory-two rule: p(C) after each of the 16 histories of two joint moves",
    parameters: &[P_MEMORY_TWO, FIRST_TWO],
    classifier: classifier(Some(2), true, false),
    build: |args, _| {
        let after = match args.p.as_deref() {
            Some(p) if p.len() == 16 => p.to_vec(),
            Some(other) => {
                return Err(format!(
                    "`p` must list 16 probabilities, after (CC, CC), (CC, CD), ..., (DD, DD), \
                     found {}",
                    other.len()
                ));
            }
            None => {
                return Err(
                    "`memory_two` needs `p`: 16 probabilities of C, after (own two \
                            moves, opponent's two moves) = (CC, CC), (CC, CD), ..., (DD, DD)"
                        .into(),
                );
            }
        };
        let first = args.first.unwrap_or(1.0);
        Table::new(2, vec![first; 2], after).map(Policy::MemoryN)
    },
};

pub static MEMORY_N: Entry = Entry {
    name: "memory_n",
    axelrod_name: None,
    aliases: &[],
    summary: "any rule over the last n joint moves (n from 1 to 6): p(C) after each of the 4^n \
        histories",
    parameters: &[
        ParameterInfo {
            name: "n",
            meaning: "how many joint moves the table remembers, 1 to 6",
            default: "required",
        },
        ParameterInfo {
            name: "p",
            meaning: "4^n chances of C, one per history: own moves (oldest first), then the \
                opponent's, read as a binary number with D = 1; for n = 1 the order is CC, CD, \
                DC, DD",
            default: "required",
        },
        ParameterInfo {
            name: "first",
            meaning: "probability of C in each of the first n rounds",
            default: "1",
        },
    ],
    classifier: classifier(None, true, false),
    build: |args, _| {
        let Some(Written::MemoryN { n }) = args.written else {
            return Err("`memory_n` needs `n`, the rounds it remembers (1 to 6)".into());
        };
        let Some(after) = args.p.clone() else {
            return Err(format!(
                "`memory_n` needs `p`: {} chances of C, one per history of the last {n} joint \
                 moves",
                4u64.pow(n.min(MAX_DEPTH as u32))
            ));
        };
        let first = args.first.unwrap_or(1.0);
        Table::new(n as usize, vec![first; n as usize], after).map(Policy::MemoryN)
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_stays_small() {
        assert!(std::mem::size_of::<Table>() <= 80);
    }

    #[test]
    fn construction_errors_point_at_the_problem() {
        let error = Table::new(2, vec![1.0; 2], vec![0.5; 15]).unwrap_err();
        assert!(
            error.contains("needs 16 chances") && error.contains("found 15"),
            "{error}"
        );
        let error = Table::new(1, vec![1.0, 1.0], vec![0.5; 4]).unwrap_err();
        assert!(error.contains("1 opening"), "{error}");
        let error = Table::new(0, vec![], vec![1.0]).unwrap_err();
        assert!(error.contains("1 to 6"), "{error}");
        let error = Table::new(1, vec![1.0], vec![0.5, 1.5, 0.0, 0.0]).unwrap_err();
        assert!(error.contains("table: probability 1.5"), "{error}");
        let error = Table::new(1, vec![-0.5], vec![0.5; 4]).unwrap_err();
        assert!(error.contains("opening: probability -0.5"), "{error}");
    }
}

//! Cyclers and other sequence players: strategies that play a fixed or generated sequence
//! whatever the opponent does (Axelrod's cyclers, the anti-cycler, the Thue-Morse players), and
//! the mathematical-constant players that steer the ratio of C to D in the match towards φ, π
//! or e.

use super::entry::{Entry, classifier};
use super::{Memory, Move, Policy, View};
use rand::Rng;

/// The longest cycle [`Rule::cycle`] accepts: the moves are kept as the bits of a `u64`.
pub const MAX_CYCLE: usize = 64;

/// The family's compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// The moves of a sequence in turn, from its start again after its end: bit `k` of `moves`
    /// is 1 when the `k`-th move (from 0) is D; `length` is 1 to 64. Reads the round number
    /// only, so a move flipped by noise does not shift the cycle (as in Axelrod-Python).
    Cycle { moves: u64, length: u8 },
    /// C D D, then C D, C C D, C C C D, ...: runs of C one longer each time, so no cycle.
    /// Memory: `state` is the length of the current run of C minus 1, `counts[0]` the Cs of
    /// that run played so far.
    AntiCycler,
    /// The Thue-Morse sequence 0 1 1 0 1 0 0 1 ..., 0 played as D and 1 as C; `inverse` plays
    /// 0 as C and 1 as D.
    ThueMorse { inverse: bool },
    /// C first; D while the opponent has never defected; then D when the match's cooperations
    /// (both players') divided by its defections exceed `ratio`, else C.
    Ratio(f64),
}

impl Rule {
    /// A cycler from a string of C and D letters, such as "CCD": at least one move, at most
    /// [`MAX_CYCLE`].
    pub fn cycle(letters: &str) -> Result<Rule, String> {
        if letters.is_empty() {
            return Err("a cycle needs at least one move, e.g. \"CCD\"".into());
        }
        let mut moves = 0u64;
        let mut length = 0usize;
        for (index, letter) in letters.chars().enumerate() {
            let defect = match letter {
                'C' => false,
                'D' => true,
                other => {
                    return Err(format!(
                        "cycle \"{letters}\": character {} is {other:?}; a cycle holds only the \
                         letters C and D",
                        index + 1
                    ));
                }
            };
            if index >= MAX_CYCLE {
                return Err(format!(
                    "cycle \"{letters}\" has {} moves; a cycle holds at most {MAX_CYCLE} (its \
                     moves are kept as the bits of one 64-bit word)",
                    letters.chars().count()
                ));
            }
            moves |= u64::from(defect) << index;
            length = index + 1;
        }
        Ok(Rule::Cycle {
            moves,
            length: length as u8,
        })
    }

    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        match *self {
            Rule::Cycle { moves, length } => {
                let position = view.rounds % u32::from(length);
                Move::from_defected(moves >> position & 1 == 1)
            }
            Rule::AntiCycler => anti_cycler(view.rounds, memory),
            Rule::ThueMorse { inverse } => {
                // The n-th Thue-Morse term is the parity of the number of 1s in n's binary form.
                let term_is_one = view.rounds.count_ones() % 2 == 1;
                Move::from_defected(term_is_one == inverse)
            }
            Rule::Ratio(ratio) => {
                if view.rounds == 0 {
                    return Move::C;
                }
                if view.opponent_defections == 0 {
                    return Move::D;
                }
                let cooperations =
                    f64::from(view.opponent_cooperations() + view.own_cooperations());
                let defections = f64::from(view.opponent_defections + view.own_defections);
                Move::from_defected(cooperations / defections > ratio)
            }
        }
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }
}

fn anti_cycler(rounds: u32, memory: &mut Memory) -> Move {
    const OPENING: [Move; 3] = [Move::C, Move::D, Move::D];
    if let Some(&opening) = OPENING.get(rounds as usize) {
        return opening;
    }
    let run = memory.state + 1;
    if memory.counts[0] < run {
        memory.counts[0] += 1;
        Move::C
    } else {
        memory.state += 1;
        memory.counts[0] = 0;
        Move::D
    }
}

fn cycler(letters: &str) -> Result<Policy, String> {
    Rule::cycle(letters).map(Policy::Cycler)
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &CYCLER_CCD,
    &CYCLER_CCCD,
    &CYCLER_CCCCCD,
    &CYCLER_DC,
    &CYCLER_DDC,
    &CYCLER_CCCDCD,
    &ANTICYCLER,
    &THUEMORSE,
    &THUEMORSEINVERSE,
    &PHI,
    &PI,
    &E,
];

// Axelrod-Python declares a cycler's memory depth as its length minus 1, but the cycle runs on
// the round number (a move flipped by noise does not shift it), so no bounded window of past
// moves determines the next one: the depth is unbounded.

pub static CYCLER_CCD: Entry = Entry {
    name: "cycler_ccd",
    axelrod_name: Some("Cycler CCD"),
    aliases: &[],
    summary: "repeats C, C, D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| cycler("CCD"),
};

pub static CYCLER_CCCD: Entry = Entry {
    name: "cycler_cccd",
    axelrod_name: Some("Cycler CCCD"),
    aliases: &[],
    summary: "repeats C, C, C, D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| cycler("CCCD"),
};

pub static CYCLER_CCCCCD: Entry = Entry {
    name: "cycler_cccccd",
    axelrod_name: Some("Cycler CCCCCD"),
    aliases: &[],
    summary: "repeats C, C, C, C, C, D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| cycler("CCCCCD"),
};

pub static CYCLER_DC: Entry = Entry {
    name: "cycler_dc",
    axelrod_name: Some("Cycler DC"),
    aliases: &[],
    summary: "repeats D, C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| cycler("DC"),
};

pub static CYCLER_DDC: Entry = Entry {
    name: "cycler_ddc",
    axelrod_name: Some("Cycler DDC"),
    aliases: &[],
    summary: "repeats D, D, C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| cycler("DDC"),
};

pub static CYCLER_CCCDCD: Entry = Entry {
    name: "cycler_cccdcd",
    axelrod_name: Some("Cycler CCCDCD"),
    aliases: &[],
    summary: "repeats C, C, C, D, C, D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| cycler("CCCDCD"),
};

pub static ANTICYCLER: Entry = Entry {
    name: "anticycler",
    axelrod_name: Some("AntiCycler"),
    aliases: &[],
    summary: "C D D, then runs of C one longer each time, each closed by a D: never cycles",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Cycler(Rule::AntiCycler)),
};

pub static THUEMORSE: Entry = Entry {
    name: "thuemorse",
    axelrod_name: Some("ThueMorse"),
    aliases: &[],
    summary: "plays the Thue-Morse sequence 0 1 1 0 1 0 0 1 ..., 0 as D and 1 as C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Cycler(Rule::ThueMorse { inverse: false })),
};

pub static THUEMORSEINVERSE: Entry = Entry {
    name: "thuemorseinverse",
    axelrod_name: Some("ThueMorseInverse"),
    aliases: &[],
    summary: "plays the Thue-Morse sequence 0 1 1 0 1 0 0 1 ..., 0 as C and 1 as D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Cycler(Rule::ThueMorse { inverse: true })),
};

pub static PHI: Entry = Entry {
    name: "phi",
    axelrod_name: Some("$\\phi$"),
    aliases: &["golden"],
    summary: "C first, D until the opponent defects, then D when the match's C/D ratio exceeds φ",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Cycler(Rule::Ratio((1.0 + 5f64.sqrt()) / 2.0))),
};

pub static PI: Entry = Entry {
    name: "pi",
    axelrod_name: Some("$\\pi$"),
    aliases: &[],
    summary: "C first, D until the opponent defects, then D when the match's C/D ratio exceeds π",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Cycler(Rule::Ratio(std::f64::consts::PI))),
};

pub static E: Entry = Entry {
    name: "e",
    axelrod_name: Some("$e$"),
    aliases: &[],
    summary: "C first, D until the opponent defects, then D when the match's C/D ratio exceeds e",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Cycler(Rule::Ratio(std::f64::consts::E))),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_read_from_its_letters() {
        assert_eq!(
            Rule::cycle("CCD"),
            Ok(Rule::Cycle {
                moves: 0b100,
                length: 3
            })
        );
        let longest = "D".repeat(MAX_CYCLE);
        assert_eq!(
            Rule::cycle(&longest),
            Ok(Rule::Cycle {
                moves: u64::MAX,
                length: 64
            })
        );
    }

    #[test]
    fn a_bad_cycle_is_refused_with_the_reason() {
        assert!(Rule::cycle("").unwrap_err().contains("at least one move"));
        // Axelrod-Python refuses "CdDC" too (test_cycle_raises_value_error_on_bad_cycle_str).
        let error = Rule::cycle("CdDC").unwrap_err();
        assert!(error.contains("character 2 is 'd'"), "{error}");
        let error = Rule::cycle(&"C".repeat(MAX_CYCLE + 1)).unwrap_err();
        assert!(
            error.contains("has 65 moves") && error.contains("at most 64"),
            "{error}"
        );
    }
}

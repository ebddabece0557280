//! Lookup-table players: LookerUp and Gambler, keyed on recent own and opponent moves and the opponent's opening moves.
//!
//! A [`Table`] is Axelrod's LookerUp (an action per key) and Gambler (a chance of C per key).
//! A key is (own last `n_self` moves, opponent's last `n_op` moves, opponent's first
//! `n_op_initial` moves), each oldest first; keys are numbered in Axelrod's order, C before D,
//! own moves slowest and the opponent's opening fastest: key index =
//! `own << (n_op + n_op_initial) | op << n_op_initial | opening`, each part read as binary
//! with D = 1 and the oldest move as the highest bit. For the first max(n_self, n_op,
//! n_op_initial) rounds the table plays its initial actions instead.
//!
//! `Memory.bits` holds the opponent's opening moves (first move highest), captured when
//! `n_op_initial` rounds have been played, so they outlive the view's 64 rounds.

use super::entry::{Entry, ParameterInfo, Written, classifier};
use super::{Chance, Memory, Move, Policy, View};
use rand::Rng;
use std::sync::Arc;

/// The most key bits (n_self + n_op + n_op_initial) a table may have: 2^20 entries.
pub const MAX_KEY_BITS: u32 = 20;

#[derive(Debug, PartialEq)]
struct Program {
    n_op_initial: u32,
    n_self: u32,
    n_op: u32,
    /// One per round before the table applies: max(n_self, n_op, n_op_initial) of them.
    initial_actions: Box<[Move]>,
    /// Chance of C per key, in the documented key order.
    chances: Box<[Chance]>,
}

/// A LookerUp or Gambler table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    program: Arc<Program>,
}

fn mask(bits: u32) -> u64 {
    (1u64 << bits) - 1
}

impl Table {
    /// A table from its depths, its opening actions and a chance of C per key (1 or 0 for a
    /// LookerUp's C or D), keys in the order the module documents. Initial actions shorter than
    /// the table's depth are padded with C, as Axelrod does.
    pub fn new(
        n_op_initial: u32,
        n_self: u32,
        n_op: u32,
        initial_actions: Vec<Move>,
        values: Vec<f64>,
    ) -> Result<Table, String> {
        let key_bits = n_op_initial as u64 + n_self as u64 + n_op as u64;
        if key_bits > u64::from(MAX_KEY_BITS) {
            return Err(format!(
                "the table reads {key_bits} moves (n_self + n_op + n_op_initial); at most \
                 {MAX_KEY_BITS} are allowed"
            ));
        }
        let depth = n_op_initial.max(n_self).max(n_op) as usize;
        if initial_actions.len() > depth {
            return Err(format!(
                "{} initial actions given, but the table applies from round {}: give at most \
                 {depth}",
                initial_actions.len(),
                depth + 1
            ));
        }
        let keys = 1usize << key_bits;
        if values.len() != keys {
            return Err(format!(
                "a table with n_self = {n_self}, n_op = {n_op}, n_op_initial = {n_op_initial} \
                 needs 2^{key_bits} = {keys} values (one per key), found {}",
                values.len()
            ));
        }
        if let Some((index, bad)) = values
            .iter()
            .enumerate()
            .find(|(_, p)| !(0.0..=1.0).contains(*p))
        {
            return Err(format!(
                "value {index} (from 0) is {}, not a probability in [0, 1]",
                crate::text::number(*bad)
            ));
        }
        let mut initial_actions = initial_actions;
        initial_actions.resize(depth, Move::C);
        Ok(Table {
            program: Arc::new(Program {
                n_op_initial,
                n_self,
                n_op,
                initial_actions: initial_actions.into(),
                chances: values.into_iter().map(Chance::new).collect(),
            }),
        })
    }

    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        let program = &*self.program;
        let rounds = view.rounds as usize;
        if rounds == program.n_op_initial as usize {
            memory.bits = view.opponent & mask(program.n_op_initial);
        }
        if let Some(&action) = program.initial_actions.get(rounds) {
            return action;
        }
        let own = view.own & mask(program.n_self);
        let opponent = view.opponent & mask(program.n_op);
        let key = own << (program.n_op + program.n_op_initial)
            | opponent << program.n_op_initial
            | memory.bits;
        program.chances[key as usize].play(rng)
    }

    pub fn is_stochastic(&self) -> bool {
        self.program.chances.iter().any(Chance::is_random)
    }

    /// Unbounded when the table reads the opponent's opening moves, else its depth.
    pub fn memory_depth(&self) -> Option<u32> {
        let program = &*self.program;
        (program.n_op_initial == 0).then_some(program.n_self.max(program.n_op))
    }
}

pub static LOOKUP: Entry = Entry {
    name: "lookup",
    axelrod_name: None,
    aliases: &[],
    summary: "a lookup table written in the scenario, in the form of Axelrod's LookerUp (an \
        action per key) or Gambler (a chance of C per key)",
    parameters: &[
        ParameterInfo {
            name: "self_plays",
            meaning: "how many of its own last moves a key holds",
            default: "0",
        },
        ParameterInfo {
            name: "op_plays",
            meaning: "how many of the opponent's last moves a key holds",
            default: "0",
        },
        ParameterInfo {
            name: "op_openings",
            meaning: "how many of the opponent's first moves a key holds",
            default: "0",
        },
        ParameterInfo {
            name: "pattern",
            meaning: "per key, C or D (a string, LookerUp) or a chance of C (a list, Gambler); \
                2^(self_plays + op_plays + op_openings) keys in Axelrod's order: own moves \
                slowest, then the opponent's, then its openings, each oldest first, C before D",
            default: "required",
        },
        ParameterInfo {
            name: "initial_actions",
            meaning: "the moves played before the table applies, e.g. \"CD\"",
            default: "C for each such round",
        },
    ],
    classifier: classifier(None, true, false),
    build: |args, _| match &args.written {
        Some(Written::Lookup {
            self_plays,
            op_plays,
            op_openings,
            pattern,
            initial_actions,
        }) => Table::new(
            *op_openings,
            *self_plays,
            *op_plays,
            initial_actions.clone(),
            pattern.clone(),
        )
        .map(Policy::Lookup),
        _ => Err(
            "`lookup` needs `pattern`, e.g. self_plays = 0, op_plays = 1, pattern = \"CD\"".into(),
        ),
    },
};

/// A LookerUp pattern: C and D per key, as 1 and 0.
fn pattern(letters: &str) -> Vec<f64> {
    letters
        .chars()
        .map(|letter| if letter == 'C' { 1.0 } else { 0.0 })
        .collect()
}

fn table(
    (n_self, n_op, n_op_initial): (u32, u32, u32),
    initial_actions: &[Move],
    values: Vec<f64>,
) -> Result<Policy, String> {
    Table::new(n_op_initial, n_self, n_op, initial_actions.to_vec(), values).map(Policy::Lookup)
}

use Move::{C, D};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &LOOKUP,
    &LOOKERUP,
    &EVOLVEDLOOKERUP1_1_1,
    &EVOLVEDLOOKERUP2_2_2,
    &WINNER12,
    &WINNER21,
    &GAMBLER,
    &PSO_GAMBLER_MEM1,
    &PSO_GAMBLER_1_1_1,
    &PSO_GAMBLER_2_2_2,
    &PSO_GAMBLER_2_2_2_NOISE_05,
    &ZD_MEM2,
];

pub static LOOKERUP: Entry = Entry {
    name: "lookerup",
    axelrod_name: Some("LookerUp"),
    aliases: &[],
    summary: "LookerUp with its default table, the opponent's last move: tit for tat",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 1.0, 0.0])),
};

pub static EVOLVEDLOOKERUP1_1_1: Entry = Entry {
    name: "evolvedlookerup1_1_1",
    axelrod_name: Some("EvolvedLookerUp1_1_1"),
    aliases: &[],
    summary: "evolved table on own and opponent's last move and the opponent's first, C first",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| table((1, 1, 1), &[C], pattern("CDDDDCDD")),
};

pub static EVOLVEDLOOKERUP2_2_2: Entry = Entry {
    name: "evolvedlookerup2_2_2",
    axelrod_name: Some("EvolvedLookerUp2_2_2"),
    aliases: &[],
    summary: "evolved table on own and opponent's last two moves and the opponent's first two",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| {
        // One line per own last two moves (CC, CD, DC, DD).
        let letters = concat!(
            "CDDCDCDDCDDDCDDD",
            "DDCDCDCCCDDCCDCD",
            "DDCCCCCDDDCDDDDD",
            "DDDDCCDDCDDDCCCD",
        );
        table((2, 2, 2), &[C, C], pattern(letters))
    },
};

pub static WINNER12: Entry = Entry {
    name: "winner12",
    axelrod_name: Some("Winner12"),
    aliases: &[],
    summary: "Mathieu and Delahaye's table on own last move and opponent's last two, C C first",
    parameters: &[],
    classifier: classifier(Some(2), false, false),
    build: |_, _| table((1, 2, 0), &[C, C], pattern("CDCDDCDD")),
};

pub static WINNER21: Entry = Entry {
    name: "winner21",
    axelrod_name: Some("Winner21"),
    aliases: &[],
    summary: "Mathieu and Delahaye's table on own last move and opponent's last two, D C first",
    parameters: &[],
    classifier: classifier(Some(2), false, false),
    build: |_, _| table((1, 2, 0), &[D, C], pattern("CDCDCDDD")),
};

pub static GAMBLER: Entry = Entry {
    name: "gambler",
    axelrod_name: Some("Gambler"),
    aliases: &[],
    summary: "Gambler with its default table, the opponent's last move: tit for tat",
    parameters: &[],
    // Axelrod classifies it stochastic, but its default table holds only C and D.
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 1.0, 0.0])),
};

pub static PSO_GAMBLER_MEM1: Entry = Entry {
    name: "pso_gambler_mem1",
    axelrod_name: Some("PSO Gambler Mem1"),
    aliases: &[],
    summary: "memory-one chances of C trained by particle swarm, C first",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    // A 1_1_0 table is memory-one: (own, opponent) = CC, CD, DC, DD, as Policy::MemoryOne.
    build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.52173487, 0.0, 0.12050939])),
};

pub static PSO_GAMBLER_1_1_1: Entry = Entry {
    name: "pso_gambler_1_1_1",
    axelrod_name: Some("PSO Gambler 1_1_1"),
    aliases: &[],
    summary: "chances of C on the last moves and the opponent's first, trained by particle swarm",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| table((1, 1, 1), &[C], PSO_GAMBLER_1_1_1_VALUES.to_vec()),
};

pub static PSO_GAMBLER_2_2_2: Entry = Entry {
    name: "pso_gambler_2_2_2",
    axelrod_name: Some("PSO Gambler 2_2_2"),
    aliases: &[],
    summary: "chances of C on the last two moves and the opponent's first two, by particle swarm",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| table((2, 2, 2), &[C, C], PSO_GAMBLER_2_2_2_VALUES.to_vec()),
};

pub static PSO_GAMBLER_2_2_2_NOISE_05: Entry = Entry {
    name: "pso_gambler_2_2_2_noise_05",
    axelrod_name: Some("PSO Gambler 2_2_2 Noise 05"),
    aliases: &[],
    summary: "PSO Gambler 2_2_2 trained with 5% noise",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| {
        table(
            (2, 2, 2),
            &[C, C],
            PSO_GAMBLER_2_2_2_NOISE_05_VALUES.to_vec(),
        )
    },
};

pub static ZD_MEM2: Entry = Entry {
    name: "zd_mem2",
    axelrod_name: Some("ZD-Mem2"),
    aliases: &[],
    summary: "a memory-two generalisation of a zero-determinant strategy, C C first",
    parameters: &[],
    classifier: classifier(Some(2), true, false),
    build: |_, _| table((2, 2, 0), &[C, C], ZD_MEM2_VALUES.to_vec()),
};

// Axelrod-Python's data/pso_gambler.csv rows, in key order (see the module documentation).

const PSO_GAMBLER_1_1_1_VALUES: [f64; 8] = [
    1.0, 1.0, 0.12304797, 0.57740178, 0.0, 0.0, 0.13581423, 0.11886807,
];

/// One line per own last two moves (CC, CD, DC, DD).
const PSO_GAMBLER_2_2_2_VALUES: [f64; 64] = [
    1.0, 1.0, 1.0, 0.0, 1.0, 0.95280465, 0.0, 0.0, 0.0, 0.80897541, 0.0, 0.0, 0.02126434, 0.0,
    0.43278586, 0.0, 0.0, 0.0, 1.0, 0.15140743, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.23563137, 0.0, 0.0,
    0.65147565, 1.0, 0.0, 0.0, 0.15412392, 1.0, 0.0, 0.0, 0.24922166, 1.0, 0.0, 0.0, 0.0,
    0.00227615, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0,
    0.77344942, 1.0, 0.24523149, 1.0, 0.0,
];

/// One line per own last two moves (CC, CD, DC, DD).
const PSO_GAMBLER_2_2_2_NOISE_05_VALUES: [f64; 64] = [
    1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.98603825, 1.0, 1.0, 0.0, 0.0, 0.16240799, 0.63548102, 0.0, 0.0,
    0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.13863175, 0.06434619, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.7724137,
    1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.50999729, 1.0, 0.0, 0.0, 0.00524508, 0.87463905, 0.0,
    0.07127653, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.28124022, 1.0, 0.0, 0.0,
    0.0, 1.0, 0.0,
];

/// ZD-Mem2's chances of C (Axelrod's `ZDMem2`), keyed on own and opponent's last two moves.
const ZD_MEM2_VALUES: [f64; 16] = [
    11.0 / 12.0,
    4.0 / 11.0,
    7.0 / 9.0,
    1.0 / 10.0,
    5.0 / 6.0,
    3.0 / 11.0,
    7.0 / 9.0,
    1.0 / 10.0,
    2.0 / 3.0,
    1.0 / 11.0,
    7.0 / 9.0,
    1.0 / 10.0,
    3.0 / 4.0,
    2.0 / 11.0,
    7.0 / 9.0,
    1.0 / 10.0,
];

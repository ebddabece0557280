//! Strategies that (nearly) ignore the opponent: unconditional play, alternation, coin flips,
//! Axelrod-Python's tricky cooperator and defector, and the average copiers (whose rules live
//! in [`memory_n::Table`]).

use super::entry::{Entry, ParameterInfo, classifier, single};
use super::memory_n::Table;
use super::{Chance, Move, Policy};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &ALWAYS_COOPERATE,
    &ALWAYS_DEFECT,
    &TRICKY_COOPERATOR,
    &TRICKY_DEFECTOR,
    &ALTERNATOR,
    &RANDOM,
    &AVERAGE_COPIER,
    &NICE_AVERAGE_COPIER,
];

const P_RANDOM: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of C each round",
    default: "0.5",
};

pub static ALWAYS_COOPERATE: Entry = Entry {
    name: "always_cooperate",
    axelrod_name: Some("Cooperator"),
    aliases: &["ALLC"],
    summary: "always plays C",
    parameters: &[],
    classifier: classifier(Some(0), false, false),
    build: |_, _| Ok(Policy::Always(Move::C)),
};

pub static ALWAYS_DEFECT: Entry = Entry {
    name: "always_defect",
    axelrod_name: Some("Defector"),
    aliases: &["ALLD"],
    summary: "always plays D",
    parameters: &[],
    classifier: classifier(Some(0), false, false),
    build: |_, _| Ok(Policy::Always(Move::D)),
};

pub static ALTERNATOR: Entry = Entry {
    name: "alternator",
    axelrod_name: Some("Alternator"),
    aliases: &[],
    summary: "C, D, C, D, ...",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [0.0, 0.0, 1.0, 1.0])),
};

pub static RANDOM: Entry = Entry {
    name: "random",
    axelrod_name: Some("Random"),
    aliases: &[],
    summary: "C with probability p each round",
    parameters: &[P_RANDOM],
    classifier: classifier(Some(0), true, false),
    build: |args, _| {
        let p = single(args, 0.5)?;
        Ok(Policy::memory_one(p, [p; 4]))
    },
};

pub static TRICKY_COOPERATOR: Entry = Entry {
    name: "tricky_cooperator",
    axelrod_name: Some("Tricky Cooperator"),
    aliases: &[],
    summary: "C, but D from round 4 on whenever the opponent has not defected in the last 10 rounds",
    parameters: &[],
    classifier: classifier(Some(10), false, false),
    build: |_, _| Ok(Policy::MemoryN(Table::TrickyCooperator)),
};

pub static TRICKY_DEFECTOR: Entry = Entry {
    name: "tricky_defector",
    axelrod_name: Some("Tricky Defector"),
    aliases: &[],
    summary: "D, but C when the opponent has ever cooperated and defected in the last 3 rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::MemoryN(Table::TrickyDefector)),
};

pub static AVERAGE_COPIER: Entry = Entry {
    name: "average_copier",
    axelrod_name: Some("Average Copier"),
    aliases: &[],
    summary: "a coin flip in round 1, then C with the opponent's cooperation rate so far",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| {
        Ok(Policy::MemoryN(Table::AverageCopier {
            first: Chance::new(0.5),
        }))
    },
};

pub static NICE_AVERAGE_COPIER: Entry = Entry {
    name: "nice_average_copier",
    axelrod_name: Some("Nice Average Copier"),
    aliases: &[],
    summary: "C in round 1, then C with the opponent's cooperation rate so far",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| {
        Ok(Policy::MemoryN(Table::AverageCopier {
            first: Chance::Always,
        }))
    },
};

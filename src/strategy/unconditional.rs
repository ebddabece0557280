//! Strategies that ignore the opponent: unconditional play, alternation, coin flips.

use super::entry::{Entry, ParameterInfo, classifier, single};
use super::{Move, Policy};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[&ALWAYS_COOPERATE, &ALWAYS_DEFECT, &ALTERNATOR, &RANDOM];

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

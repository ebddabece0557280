//! Reactive strategies: they answer the opponent's past moves (the tit-for-tat family, grudger).

use super::Policy;
use super::entry::{Entry, classifier};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &TIT_FOR_TAT,
    &SUSPICIOUS_TIT_FOR_TAT,
    &TIT_FOR_TWO_TATS,
    &GRUDGER,
];

pub static TIT_FOR_TAT: Entry = Entry {
    name: "tit_for_tat",
    axelrod_name: Some("Tit For Tat"),
    aliases: &["TFT"],
    summary: "C first, then the opponent's last move",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 1.0, 0.0])),
};

pub static SUSPICIOUS_TIT_FOR_TAT: Entry = Entry {
    name: "suspicious_tit_for_tat",
    axelrod_name: Some("Suspicious Tit For Tat"),
    aliases: &["STFT"],
    summary: "D first, then the opponent's last move",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(0.0, [1.0, 0.0, 1.0, 0.0])),
};

pub static TIT_FOR_TWO_TATS: Entry = Entry {
    name: "tit_for_two_tats",
    axelrod_name: Some("Tit For 2 Tats"),
    aliases: &["TF2T", "TFTT"],
    summary: "D only after two D in a row from the opponent",
    parameters: &[],
    classifier: classifier(Some(2), false, false),
    build: |_, _| Ok(Policy::TitForTwoTats),
};

pub static GRUDGER: Entry = Entry {
    name: "grudger",
    axelrod_name: Some("Grudger"),
    aliases: &["Grim Trigger", "Grim"],
    summary: "C until the opponent defects once, then D for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Grudger),
};

//! Reactive strategies that answer the opponent's past moves and belong to no ported family yet
//! (grudger; the tit-for-tat family lives in `tit_for_tat`).

use super::Policy;
use super::entry::{Entry, classifier};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[&GRUDGER];

pub static GRUDGER: Entry = Entry {
    name: "grudger",
    axelrod_name: Some("Grudger"),
    aliases: &["Grim Trigger", "Grim"],
    summary: "C until the opponent defects once, then D for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Grudger),
};

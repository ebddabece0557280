//! Go-by-majority players: they copy the opponent's most frequent move, over the whole match or
//! over its last few rounds, and break a tie with C (soft) or D (hard).

use super::entry::{Entry, classifier};
use super::{Memory, Move, Policy, View};
use rand::Rng;

/// The family's compiled rules. They keep nothing in `Memory`: the view's counters and its last
/// 64 moves hold what they read.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// How many of the opponent's last moves count (at most 64); `None` counts them all.
    pub window: Option<u8>,
    /// Cooperates on a tie (and so in round 1) when true, defects when false.
    pub soft: bool,
}

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, _memory: &mut Memory, _rng: &mut R) -> Move {
        let (defections, counted) = match self.window {
            None => (view.opponent_defections, view.rounds),
            Some(window) => {
                let window = u32::from(window);
                (
                    view.opponent_recent(window).count_ones(),
                    view.rounds.min(window),
                )
            }
        };
        let cooperations = counted - defections;
        if defections == cooperations {
            Move::from_defected(!self.soft)
        } else {
            Move::from_defected(defections > cooperations)
        }
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }
}

fn majority(window: Option<u8>, soft: bool) -> Result<Policy, String> {
    Ok(Policy::Majority(Rule { window, soft }))
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &GO_BY_MAJORITY,
    &GO_BY_MAJORITY_5,
    &GO_BY_MAJORITY_10,
    &GO_BY_MAJORITY_20,
    &GO_BY_MAJORITY_40,
    &HARD_GO_BY_MAJORITY,
    &HARD_GO_BY_MAJORITY_5,
    &HARD_GO_BY_MAJORITY_10,
    &HARD_GO_BY_MAJORITY_20,
    &HARD_GO_BY_MAJORITY_40,
];

pub static GO_BY_MAJORITY: Entry = Entry {
    name: "go_by_majority",
    axelrod_name: Some("Soft Go By Majority"),
    aliases: &[],
    summary: "D when the opponent has defected more often than cooperated, else C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| majority(None, true),
};

pub static GO_BY_MAJORITY_5: Entry = Entry {
    name: "go_by_majority_5",
    axelrod_name: Some("Soft Go By Majority: 5"),
    aliases: &[],
    summary: "D when the opponent defected in most of the last 5 rounds, C on a tie",
    parameters: &[],
    classifier: classifier(Some(5), false, false),
    build: |_, _| majority(Some(5), true),
};

pub static GO_BY_MAJORITY_10: Entry = Entry {
    name: "go_by_majority_10",
    axelrod_name: Some("Soft Go By Majority: 10"),
    aliases: &[],
    summary: "D when the opponent defected in most of the last 10 rounds, C on a tie",
    parameters: &[],
    classifier: classifier(Some(10), false, false),
    build: |_, _| majority(Some(10), true),
};

pub static GO_BY_MAJORITY_20: Entry = Entry {
    name: "go_by_majority_20",
    axelrod_name: Some("Soft Go By Majority: 20"),
    aliases: &[],
    summary: "D when the opponent defected in most of the last 20 rounds, C on a tie",
    parameters: &[],
    classifier: classifier(Some(20), false, false),
    build: |_, _| majority(Some(20), true),
};

pub static GO_BY_MAJORITY_40: Entry = Entry {
    name: "go_by_majority_40",
    axelrod_name: Some("Soft Go By Majority: 40"),
    aliases: &[],
    summary: "D when the opponent defected in most of the last 40 rounds, C on a tie",
    parameters: &[],
    classifier: classifier(Some(40), false, false),
    build: |_, _| majority(Some(40), true),
};

pub static HARD_GO_BY_MAJORITY: Entry = Entry {
    name: "hard_go_by_majority",
    axelrod_name: Some("Hard Go By Majority"),
    aliases: &[],
    summary: "D when the opponent has defected at least as often as cooperated, else C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| majority(None, false),
};

pub static HARD_GO_BY_MAJORITY_5: Entry = Entry {
    name: "hard_go_by_majority_5",
    axelrod_name: Some("Hard Go By Majority: 5"),
    aliases: &[],
    summary: "D when the opponent defected in at least half of the last 5 rounds",
    parameters: &[],
    classifier: classifier(Some(5), false, false),
    build: |_, _| majority(Some(5), false),
};

pub static HARD_GO_BY_MAJORITY_10: Entry = Entry {
    name: "hard_go_by_majority_10",
    axelrod_name: Some("Hard Go By Majority: 10"),
    aliases: &[],
    summary: "D when the opponent defected in at least half of the last 10 rounds",
    parameters: &[],
    classifier: classifier(Some(10), false, false),
    build: |_, _| majority(Some(10), false),
};

pub static HARD_GO_BY_MAJORITY_20: Entry = Entry {
    name: "hard_go_by_majority_20",
    axelrod_name: Some("Hard Go By Majority: 20"),
    aliases: &[],
    summary: "D when the opponent defected in at least half of the last 20 rounds",
    parameters: &[],
    classifier: classifier(Some(20), false, false),
    build: |_, _| majority(Some(20), false),
};

pub static HARD_GO_BY_MAJORITY_40: Entry = Entry {
    name: "hard_go_by_majority_40",
    axelrod_name: Some("Hard Go By Majority: 40"),
    aliases: &[],
    summary: "D when the opponent defected in at least half of the last 40 rounds",
    parameters: &[],
    classifier: classifier(Some(40), false, false),
    build: |_, _| majority(Some(40), false),
};

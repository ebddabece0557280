//! The kinds over any number of actions, written in the scenario with action labels: `fixed`,
//! `mixed`, `cycle` and `reply`. Validation resolves the labels to action indices
//! ([`ActionArgs`]); this file compiles them to a [`Policy`].

use super::Policy;
use super::entry::{ActionArgs, Entry, ParameterInfo, classifier};
use rand::Rng;
use std::sync::Arc;

/// 2⁶⁴ as a float: probabilities become thresholds on a uniform `u64`, as in `Chance`.
/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[&FIXED, &MIXED, &CYCLE, &REPLY];

const TWO_TO_64: f64 = 18_446_744_073_709_551_616.0;

/// How far a distribution's sum may stray from 1: more than rounding in a hand-written list of
/// decimals (0.1 + 0.2 + 0.7), far less than any intended probability.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// One action, or a draw from a distribution over a player's actions.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Certain(usize),
    /// A uniform `u64` below `thresholds[a]` (and not below the ones before) picks action `a`;
    /// one above them all picks `last`, the last action with a chance above 0, so rounding never
    /// plays an action the distribution excludes.
    Random {
        thresholds: Arc<[u64]>,
        last: usize,
    },
}

impl Choice {
    /// The distribution `probabilities` (by action index, summing to 1 as validation checks),
    /// compiled; a certain action draws nothing.
    pub fn new(probabilities: &[f64]) -> Choice {
        let possible: Vec<usize> = (0..probabilities.len())
            .filter(|&action| probabilities[action] > 0.0)
            .collect();
        match possible.as_slice() {
            [] => Choice::Certain(0),
            [only] => Choice::Certain(*only),
            [.., last] => {
                let mut cumulative = 0.0;
                let thresholds = probabilities[..*last]
                    .iter()
                    .map(|p| {
                        cumulative += p.max(0.0);
                        // `as` saturates: a sum past 1 by rounding is the whole range.
                        (cumulative * TWO_TO_64) as u64
                    })
                    .collect();
                Choice::Random {
                    thresholds,
                    last: *last,
                }
            }
        }
    }

    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        match self {
            Choice::Certain(action) => *action,
            Choice::Random { thresholds, last } => {
                let draw = rng.next_u64();
                thresholds
                    .iter()
                    .position(|&threshold| draw < threshold)
                    .unwrap_or(*last)
            }
        }
    }

    pub fn is_random(&self) -> bool {
        matches!(self, Choice::Random { .. })
    }
}

/// `reply`: an action (or a distribution) for round 1, and one for each combination of what the
/// watched players did last round.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The watched players' indices, in the order the table's keys name their actions.
    watched: Box<[usize]>,
    /// Per watched player, the weight of its action in the case index (the last one's is 1).
    strides: Box<[usize]>,
    first: Choice,
    /// By case index: the first watched player's action changes slowest.
    replies: Box<[Choice]>,
}

impl Reply {
    /// `counts` holds the watched players' action counts; `table` one distribution per case.
    pub fn new(watched: &[usize], counts: &[usize], first: &[f64], table: &[Vec<f64>]) -> Reply {
        let mut strides = vec![1; counts.len()];
        for index in (0..counts.len().saturating_sub(1)).rev() {
            strides[index] = strides[index + 1] * counts[index + 1];
        }
        Reply {
            watched: watched.into(),
            strides: strides.into(),
            first: Choice::new(first),
            replies: table.iter().map(|case| Choice::new(case)).collect(),
        }
    }

    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, rounds: u32, last: &[usize], rng: &mut R) -> usize {
        if rounds == 0 {
            return self.first.draw(rng);
        }
        let case: usize = self
            .watched
            .iter()
            .zip(&self.strides)
            .map(|(&player, &stride)| last.get(player).copied().unwrap_or(0) * stride)
            .sum();
        // Validation lists every case; a hand-built table that does not falls back to round 1's.
        self.replies.get(case).unwrap_or(&self.first).draw(rng)
    }

    pub fn is_stochastic(&self) -> bool {
        self.first.is_random() || self.replies.iter().any(Choice::is_random)
    }
}

const ACTION: ParameterInfo = ParameterInfo {
    name: "action",
    meaning: "the label of the action it plays",
    default: "required",
};

const P_MIXED: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "a probability per action, e.g. { C = 0.7, D = 0.3 }",
    default: "required",
};

const SEQUENCE: ParameterInfo = ParameterInfo {
    name: "sequence",
    meaning: "the actions in turn, e.g. [\"C\", \"C\", \"D\"]",
    default: "required",
};

const WATCH: ParameterInfo = ParameterInfo {
    name: "watch",
    meaning: "the players it replies to, e.g. [\"China\"]",
    default: "every other player",
};

const FIRST_ACTION: ParameterInfo = ParameterInfo {
    name: "first",
    meaning: "round 1's action (or a probability per action)",
    default: "required",
};

const TABLE: ParameterInfo = ParameterInfo {
    name: "table",
    meaning: "a reply per case of the watched players' last actions, e.g. { C = \"C\", D = \"D\" }",
    default: "required",
};

pub static FIXED: Entry = Entry {
    name: "fixed",
    axelrod_name: None,
    aliases: &[],
    summary: "plays one named action every round",
    parameters: &[ACTION],
    classifier: classifier(Some(0), false, false),
    build: |args, _| match &args.actions {
        Some(ActionArgs::Fixed(action)) => Ok(Policy::Play(Choice::Certain(*action))),
        _ => Err(missing("fixed", "action = \"C\"")),
    },
};

pub static MIXED: Entry = Entry {
    name: "mixed",
    axelrod_name: None,
    aliases: &[],
    summary: "draws each round from a probability per named action",
    parameters: &[P_MIXED],
    classifier: classifier(Some(0), true, false),
    build: |args, _| match &args.actions {
        Some(ActionArgs::Mixed(probabilities)) => Ok(Policy::Play(Choice::new(probabilities))),
        _ => Err(missing("mixed", "p = { C = 0.5, D = 0.5 }")),
    },
};

pub static CYCLE: Entry = Entry {
    name: "cycle",
    axelrod_name: None,
    aliases: &[],
    summary: "plays a sequence of named actions in turn, repeated",
    parameters: &[SEQUENCE],
    // It reads the round number, so no window of past moves bounds what it depends on.
    classifier: classifier(None, false, false),
    build: |args, _| match &args.actions {
        Some(ActionArgs::Cycle(sequence)) if !sequence.is_empty() => Ok(Policy::Cycle(
            sequence
                .iter()
                .map(|&action| u16::try_from(action).unwrap_or(0))
                .collect(),
        )),
        _ => Err(missing("cycle", "sequence = [\"C\", \"D\"]")),
    },
};

pub static REPLY: Entry = Entry {
    name: "reply",
    axelrod_name: None,
    aliases: &[],
    summary: "replies to what the watched players did last round, from a table",
    parameters: &[WATCH, FIRST_ACTION, TABLE],
    classifier: classifier(Some(1), false, false),
    build: |args, _| match &args.actions {
        Some(ActionArgs::Reply {
            watched,
            counts,
            first,
            table,
        }) => Ok(Policy::Reply(Arc::new(Reply::new(
            watched, counts, first, table,
        )))),
        _ => Err(missing("reply", "first = \"C\" and a `table`")),
    },
};

/// True for the kinds in this file, which name their actions and so suit any player.
pub fn is_kind(entry: &Entry) -> bool {
    [&FIXED, &MIXED, &CYCLE, &REPLY]
        .into_iter()
        .any(|kind| std::ptr::eq(kind, entry))
}

fn missing(kind: &str, example: &str) -> String {
    format!("`{kind}` needs its actions named in the scenario, e.g. {example}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn a_distribution_is_drawn_in_proportion_within_four_standard_errors() {
        let probabilities = [0.2, 0.0, 0.5, 0.3];
        let choice = Choice::new(&probabilities);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let draws = 100_000;
        let mut counts = [0usize; 4];
        for _ in 0..draws {
            counts[choice.draw(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0, "an action of probability 0 is never drawn");
        for (action, p) in probabilities.iter().enumerate() {
            let share = counts[action] as f64 / draws as f64;
            let standard_error = (p * (1.0 - p) / draws as f64).sqrt();
            assert!(
                (share - p).abs() <= 4.0 * standard_error,
                "action {action}: {share} against {p}"
            );
        }
    }

    #[test]
    fn certain_choices_draw_nothing_and_trailing_zeros_are_never_played() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut untouched = rng.clone();
        assert_eq!(Choice::new(&[0.0, 1.0, 0.0]).draw(&mut rng), 1);
        assert_eq!(rng.next_u64(), untouched.next_u64());
        // The last possible action takes whatever rounding leaves above the thresholds.
        let choice = Choice::new(&[0.1, 0.2, 0.7, 0.0]);
        assert!(matches!(choice, Choice::Random { last: 2, .. }));
        assert!((0..10_000).all(|_| choice.draw(&mut rng) != 3));
    }

    #[test]
    fn a_reply_reads_the_watched_players_in_order() {
        // Watches players 2 and 0, with 3 and 2 actions: the case is 2 × action(2) + action(0).
        let table: Vec<Vec<f64>> = (0..6)
            .map(|case| {
                let mut row = vec![0.0; 6];
                row[case] = 1.0;
                row
            })
            .collect();
        let reply = Reply::new(&[2, 0], &[3, 2], &[0.0, 0.0, 0.0, 0.0, 0.0, 1.0], &table);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert_eq!(reply.decide(0, &[0, 0, 0], &mut rng), 5);
        for (player_0, player_2) in [(0, 0), (1, 0), (0, 2), (1, 1)] {
            assert_eq!(
                reply.decide(4, &[player_0, 7, player_2], &mut rng),
                2 * player_2 + player_0
            );
        }
    }
}

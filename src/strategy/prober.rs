//! Probers: strategies that test the opponent with early defections and exploit those that do
//! not retaliate (Axelrod-Python's `prober` module), and the backstabbers, which also defect in
//! the last two rounds of a match of known length (its `backstabber` module).

use super::entry::{Entry, ParameterInfo, classifier, single};
use super::{Chance, Memory, Move, Policy, View};
use rand::Rng;

/// The family's compiled rules. The `Memory` fields each one uses are listed at its variant.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// An opening, then a verdict on the opponent's replies to it: `on_match` for ever when
    /// they fit a pattern, tit for tat otherwise. `state`: 0 during the opening, then
    /// `MATCHED` or `UNMATCHED`.
    Probe(Probe),
    /// Li's Collective Strategy: C, D; then C until the opponent's second D if it opened with
    /// the same C, D handshake, else D for ever. `state`: 0 during the opening, then `MATCHED`
    /// when the handshake was returned, `UNMATCHED` otherwise.
    Collective,
    /// A fixed 20-move opening that counts the opponent's D after its own D (retaliation) and
    /// after its own C (provocation); D for ever when the two counts differ by 2 or less, else
    /// C for five rounds and tit for tat. `counts[0]`: retaliating D; `counts[1]`: provoking D;
    /// `state`: the verdict, `MATCHED` meaning D for ever.
    Prober4,
    /// Tit for tat that defects with chance `probe` after an opponent's C, and does not answer
    /// the opponent's D right after such a probe. `state`: 1 when its last decision was a probe.
    Remorseful { probe: Chance },
    /// C until the opponent's fourth D, then D for ever; in a match of known `length` D in its
    /// last two rounds. `double_cross`: from round 8 to 180, if the opponent did not defect in
    /// rounds 1 to 7, D only after two D in a row instead. `state`: `MATCHED` when the opponent
    /// kept to C in rounds 1 to 7, else `UNMATCHED` (decided at round 8).
    Stab {
        length: Option<u32>,
        double_cross: bool,
    },
}

/// An opening of at most 32 moves and the pattern its verdict looks for in the opponent's
/// replies. Bit i stands for move i of the match, 1 = D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub opening: u32,
    pub opening_length: u32,
    /// The opponent's opening moves the verdict reads.
    pub mask: u32,
    /// Their values (under `mask`) that bring `on_match`.
    pub pattern: u32,
    pub on_match: Move,
}

impl Probe {
    /// Tit for tat after `opening`, unless the opponent's moves at `positions` (move indices
    /// from 0) were `replies`: then `on_match` for ever.
    pub const fn new(opening: &[u8], positions: &[u32], replies: &[u8], on_match: Move) -> Probe {
        let mut mask = 0;
        let mut pattern = 0;
        let mut i = 0;
        while i < positions.len() {
            mask |= 1 << positions[i];
            if replies[i] == b'D' {
                pattern |= 1 << positions[i];
            }
            i += 1;
        }
        Probe {
            opening: moves(opening),
            opening_length: opening.len() as u32,
            mask,
            pattern,
            on_match,
        }
    }
}

const MATCHED: u32 = 1;
const UNMATCHED: u32 = 2;

/// Prober 4's opening, C C D C D D D C C D C D C C D C D D C D, as bits (move i in bit i).
const PROBER_4_OPENING: u32 = moves(b"CCDCDDDCCDCDCCDCDDCD");
const PROBER_4_OPENING_LENGTH: u32 = 20;

/// Moves written in order as bits, move i in bit i, 1 = D.
const fn moves(letters: &[u8]) -> u32 {
    let mut bits = 0;
    let mut i = 0;
    while i < letters.len() {
        if letters[i] == b'D' {
            bits |= 1 << i;
        }
        i += 1;
    }
    bits
}

/// The opponent's first `count` moves as bits (move i in bit i), read from the view while they
/// are still among its last 64.
fn opening_of(view: &View, count: u32) -> u32 {
    (0..count).fold(0, |bits, i| {
        bits | u32::from(view.opponent_move(view.rounds - i) == Move::D) << i
    })
}

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        let opponent_last = view.opponent_move(1);
        match *self {
            Rule::Probe(probe) => {
                if view.rounds < probe.opening_length {
                    return Move::from_defected(probe.opening >> view.rounds & 1 == 1);
                }
                if view.rounds == probe.opening_length {
                    let seen = opening_of(view, probe.opening_length);
                    memory.state = if seen & probe.mask == probe.pattern {
                        MATCHED
                    } else {
                        UNMATCHED
                    };
                }
                if memory.state == MATCHED {
                    probe.on_match
                } else {
                    opponent_last
                }
            }
            Rule::Collective => match view.rounds {
                0 => Move::C,
                1 => Move::D,
                rounds => {
                    if rounds == 2 {
                        let handshake = opening_of(view, 2) == moves(b"CD");
                        memory.state = if handshake { MATCHED } else { UNMATCHED };
                    }
                    Move::from_defected(view.opponent_defections > 1 || memory.state != MATCHED)
                }
            },
            Rule::Prober4 => {
                if view.rounds < PROBER_4_OPENING_LENGTH {
                    if view.rounds > 0 && opponent_last == Move::D {
                        let retaliating = view.own_move(1) == Move::D;
                        memory.counts[usize::from(!retaliating)] += 1;
                    }
                    return Move::from_defected(PROBER_4_OPENING >> view.rounds & 1 == 1);
                }
                if view.rounds == PROBER_4_OPENING_LENGTH {
                    let close = memory.counts[0].abs_diff(memory.counts[1]) <= 2;
                    memory.state = if close { MATCHED } else { UNMATCHED };
                }
                if memory.state == MATCHED {
                    Move::D
                } else if view.rounds < PROBER_4_OPENING_LENGTH + 5 {
                    Move::C
                } else {
                    opponent_last
                }
            }
            Rule::Remorseful { probe } => {
                if view.rounds == 0 {
                    Move::C
                } else if opponent_last == Move::D {
                    // The opponent's D answers a probe: take the hit once.
                    let remorse = memory.state == 1;
                    memory.state = 0;
                    Move::from_defected(!remorse)
                } else {
                    let probing = probe.happens(rng);
                    memory.state = u32::from(probing);
                    Move::from_defected(probing)
                }
            }
            Rule::Stab {
                length,
                double_cross,
            } => {
                if view.rounds == 7 {
                    let clean = view.opponent & 0x7f == 0;
                    memory.state = if clean { MATCHED } else { UNMATCHED };
                }
                let alternative =
                    double_cross && memory.state == MATCHED && (7..180).contains(&view.rounds);
                let chosen = if alternative {
                    Move::from_defected(view.rounds >= 2 && view.opponent & 0b11 == 0b11)
                } else {
                    Move::from_defected(view.opponent_defections > 3)
                };
                if view.in_last_rounds(length, 2) {
                    Move::D
                } else {
                    chosen
                }
            }
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self {
            Rule::Remorseful { probe } => probe.is_random(),
            _ => false,
        }
    }
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &COLLECTIVE_STRATEGY,
    &DETECTIVE,
    &PROBER,
    &PROBER_2,
    &PROBER_3,
    &PROBER_4,
    &HARD_PROBER,
    &NAIVE_PROBER,
    &REMORSEFUL_PROBER,
    &BACKSTABBER,
    &DOUBLE_CROSSER,
];

fn rule(rule: Rule) -> Result<Policy, String> {
    Ok(Policy::Prober(rule))
}

pub static COLLECTIVE_STRATEGY: Entry = Entry {
    name: "collectivestrategy",
    axelrod_name: Some("CollectiveStrategy"),
    aliases: &[],
    summary: "C, D; then grudger if the opponent opened C, D too, else D for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Collective),
};

pub static DETECTIVE: Entry = Entry {
    name: "detective",
    axelrod_name: Some("Detective"),
    aliases: &[],
    summary: "C, D, C, C; then D for ever if the opponent never defected in them, else TFT",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| {
        rule(Rule::Probe(Probe::new(
            b"CDCC",
            &[0, 1, 2, 3],
            b"CCCC",
            Move::D,
        )))
    },
};

pub static PROBER: Entry = Entry {
    name: "prober",
    axelrod_name: Some("Prober"),
    aliases: &[],
    summary: "D, C, C; then D for ever if the opponent played C in rounds 2 and 3, else TFT",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Probe(Probe::new(b"DCC", &[1, 2], b"CC", Move::D))),
};

pub static PROBER_2: Entry = Entry {
    name: "prober_2",
    axelrod_name: Some("Prober 2"),
    aliases: &[],
    summary: "D, C, C; then C for ever if the opponent played D, C in rounds 2 and 3, else TFT",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Probe(Probe::new(b"DCC", &[1, 2], b"DC", Move::C))),
};

pub static PROBER_3: Entry = Entry {
    name: "prober_3",
    axelrod_name: Some("Prober 3"),
    aliases: &[],
    summary: "D, C; then D for ever if the opponent played C in round 2, else TFT",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Probe(Probe::new(b"DC", &[1], b"C", Move::D))),
};

pub static PROBER_4: Entry = Entry {
    name: "prober_4",
    axelrod_name: Some("Prober 4"),
    aliases: &[],
    summary: "a 20-move probe; D for ever if the opponent's D look unprovoked, else 5 C and TFT",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Prober4),
};

pub static HARD_PROBER: Entry = Entry {
    name: "hard_prober",
    axelrod_name: Some("Hard Prober"),
    aliases: &[],
    summary: "D, D, C, C; then D for ever if the opponent played C in rounds 2 and 3, else TFT",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Probe(Probe::new(b"DDCC", &[1, 2], b"CC", Move::D))),
};

const P_PROBE: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of an unprovoked D after the opponent's C",
    default: "0.1",
};

pub static NAIVE_PROBER: Entry = Entry {
    name: "naive_prober",
    axelrod_name: Some("Naive Prober"),
    aliases: &[],
    summary: "tit for tat that defects with probability p after the opponent's C",
    parameters: &[P_PROBE],
    classifier: classifier(Some(1), true, false),
    build: |args, _| {
        let p = single(args, 0.1)?;
        Ok(Policy::memory_one(1.0, [1.0 - p, 0.0, 1.0 - p, 0.0]))
    },
};

pub static REMORSEFUL_PROBER: Entry = Entry {
    name: "remorseful_prober",
    axelrod_name: Some("Remorseful Prober"),
    aliases: &[],
    summary: "naive prober that lets a D go unanswered right after its own probe",
    parameters: &[P_PROBE],
    // Axelrod-Python declares depth 2, but whether the last move was a probe is the last draw's
    // outcome, which noise can hide from the history.
    classifier: classifier(None, true, false),
    build: |args, _| {
        let probe = Chance::new(single(args, 0.1)?);
        rule(Rule::Remorseful { probe })
    },
};

pub static BACKSTABBER: Entry = Entry {
    name: "backstabber",
    axelrod_name: Some("BackStabber"),
    aliases: &[],
    summary: "C until the opponent's fourth D, then D for ever; D in the last two rounds",
    parameters: &[],
    classifier: classifier(None, false, false).using_length(),
    build: |_, context| {
        rule(Rule::Stab {
            length: context.length,
            double_cross: false,
        })
    },
};

pub static DOUBLE_CROSSER: Entry = Entry {
    name: "doublecrosser",
    axelrod_name: Some("DoubleCrosser"),
    aliases: &[],
    summary: "backstabber that, against a clean first 7 rounds, answers only two D in a row \
              until round 180",
    parameters: &[],
    classifier: classifier(None, false, false).using_length(),
    build: |_, context| {
        rule(Rule::Stab {
            length: context.length,
            double_cross: true,
        })
    },
};

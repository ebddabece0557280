//! The tit-for-tat family, after Axelrod-Python's `titfortat.py` and `forgiver.py`: strategies
//! that answer the opponent's recent moves, some with a punishment schedule, a grudge, a
//! tolerance for noise or a defection in the match's last round.

use super::entry::{Entry, ParameterInfo, classifier, single};
use super::{Chance, Memory, Move, Policy, View};
use rand::Rng;

/// The family's rules that are neither memory-one nor tit for two tats (those compile to
/// [`Policy::MemoryOne`] and [`Policy::TitForTwoTats`], the fast path).
///
/// What each keeps in [`Memory`] is documented at its variant; the others keep nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// D when the opponent defected in either of the last two rounds.
    TwoTitsForTat,
    /// C first; after a D in the opponent's last two moves, C with the chance the opponent has
    /// cooperated so far, else C.
    DynamicTwoTitsForTat,
    /// C twice; D while the opponent has never defected; then tit for tat, except C after the
    /// opponent answered its own D of two rounds ago with D.
    SneakyTitForTat,
    /// D when the opponent defected in any of the last three rounds.
    HardTitForTat,
    /// D when the opponent defected twice in a row within the last three rounds.
    HardTitForTwoTats,
    /// Slany and Kienreich's tit for tat that breaks C/D deadlocks and defects against an
    /// opponent that looks random. `counts[0]`: the deadlock counter; `counts[1]`: the
    /// randomness counter, an `i32` stored in two's complement (it can go below zero).
    OmegaTitForTat,
    /// Answers the opponent's n-th D with n D, then two C (CRISTAL-SMAC's version: every D of
    /// the opponent counts, even during a punishment). `counts[0]`: punishment rounds left;
    /// `counts[1]`: calming rounds left.
    Gradual,
    /// Beaufils et al.'s Gradual: a D outside punishment and calm lengthens the punishment by
    /// one. `state` bit 0: calming; bit 1: punishing. `counts[0]`: rounds punished so far;
    /// `counts[1]`: the punishment's length.
    OriginalGradual,
    /// Tit for tat that, when noise turned its intended C into a D against a C, becomes
    /// contrite and cooperates once it has cooperated again. `state` bit 0: contrite; bit 1:
    /// the move it intended last round was D.
    ContriteTitForTat,
    /// C twice; then the opponent's move when its last two agree, else its own last move.
    SlowTitForTwoTats2,
    /// Tzafestas's adaptive tit for tat: a world estimate moves towards 1 after the opponent's
    /// C and towards 0 after its D, by `rate` of the distance; C while it is at least 1/2.
    /// `values[0]`: the estimate, `rate` before round 2.
    AdaptiveTitForTat { rate: f64 },
    /// Tit for tat until the opponent defects twice in a row, then D for ever. `state`: 1 once
    /// it retaliates.
    SpitefulTitForTat,
    /// Tit for tat that defects in the last round of a match of known `length`.
    Alexei { length: Option<u32> },
    /// Tit for tat that defects for ever once the opponent has defected five times, and in the
    /// last round of a match of known `length`.
    EugineNier { length: Option<u32> },
    /// `n` D after `m` D in a row from the opponent. `counts[0]`: retaliations left.
    NTitsForMTats { n: u32, m: u32 },
    /// Tit for tat, except that after its own D met the opponent's C it cooperates or, by a
    /// coin flip, defects for ever; D in the last round of a match of known `length`.
    /// `state`: 1 once it defects for ever.
    Michaelos { length: Option<u32> },
    /// C first; then tit for tat and a draw with chance `cooperation` of C, in turn.
    RandomTitForTat { cooperation: Chance },
    /// D while the opponent has defected in more than a tenth of the rounds.
    Forgiver,
    /// The opponent's last move while it has defected in more than a tenth of the rounds,
    /// else C.
    ForgivingTitForTat,
}

const CONTRITE: u32 = 1;
const INTENDED_DEFECTION: u32 = 2;
const CALMING: u32 = 1;
const PUNISHING: u32 = 2;
/// Omega TFT's thresholds, Axelrod-Python's defaults (Slany and Kienreich's 3 and 8).
const DEADLOCK_THRESHOLD: u32 = 3;
const RANDOMNESS_THRESHOLD: i32 = 8;
/// The opponent's defections after which EugineNier defects for ever.
const EUGINE_NIER_PATIENCE: u32 = 5;

/// More than a tenth of the opponent's moves so far were D.
#[inline]
fn defected_over_a_tenth(view: &View) -> bool {
    10 * u64::from(view.opponent_defections) > u64::from(view.rounds)
}

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        let last = view.opponent_move(1);
        match *self {
            Rule::TwoTitsForTat => Move::from_defected(view.opponent_recent(2) != 0),
            Rule::DynamicTwoTitsForTat => {
                if view.rounds == 0 || view.opponent_recent(2) == 0 {
                    Move::C
                } else {
                    let forgiveness =
                        f64::from(view.opponent_cooperations()) / f64::from(view.rounds);
                    Chance::new(forgiveness).play(rng)
                }
            }
            Rule::SneakyTitForTat => {
                if view.rounds < 2 {
                    Move::C
                } else if view.opponent_defections == 0 {
                    Move::D
                } else if last == Move::D && view.own_move(2) == Move::D {
                    Move::C
                } else {
                    last
                }
            }
            Rule::HardTitForTat => Move::from_defected(view.opponent_recent(3) != 0),
            Rule::HardTitForTwoTats => {
                let window = view.opponent_recent(3);
                Move::from_defected(window & (window >> 1) != 0)
            }
            Rule::OmegaTitForTat => omega(view, memory),
            Rule::Gradual => gradual(view, memory),
            Rule::OriginalGradual => original_gradual(view, memory),
            Rule::ContriteTitForTat => contrite(view, memory),
            Rule::SlowTitForTwoTats2 => {
                if view.rounds < 2 {
                    Move::C
                } else if view.opponent_move(2) == last {
                    last
                } else {
                    view.own_move(1)
                }
            }
            Rule::AdaptiveTitForTat { rate } => {
                let world = &mut memory.values[0];
                if view.rounds == 0 {
                    *world = rate;
                    return Move::C;
                }
                if last == Move::C {
                    *world += rate * (1.0 - *world);
                } else {
                    *world -= rate * *world;
                }
                Move::from_defected(*world < 0.5)
            }
            Rule::SpitefulTitForTat => {
                if view.rounds >= 2 && view.opponent & 0b11 == 0b11 {
                    memory.state = 1;
                }
                if memory.state == 1 { Move::D } else { last }
            }
            Rule::Alexei { length } => {
                if view.in_last_rounds(length, 1) {
                    Move::D
                } else {
                    last
                }
            }
            Rule::EugineNier { length } => {
                let grudge = view.opponent_defections >= EUGINE_NIER_PATIENCE;
                if grudge || view.in_last_rounds(length, 1) {
                    Move::D
                } else {
                    last
                }
            }
            Rule::NTitsForMTats { n, m } => {
                let provoked =
                    m == 0 || (view.rounds >= m && view.opponent_recent(m).count_ones() == m);
                if provoked {
                    memory.counts[0] = n;
                }
                if memory.counts[0] > 0 {
                    memory.counts[0] -= 1;
                    Move::D
                } else {
                    Move::C
                }
            }
            Rule::Michaelos { length } => {
                // Decides before the last-round override, as Axelrod's transformer does, so the
                // coin is flipped in the last round too.
                let decided = if view.rounds == 0 {
                    Move::C
                } else if memory.state == 1 {
                    Move::D
                } else if view.own_move(1) == Move::D && last == Move::C {
                    if Chance::new(0.5).happens(rng) {
                        Move::C
                    } else {
                        memory.state = 1;
                        Move::D
                    }
                } else {
                    last
                };
                if view.in_last_rounds(length, 1) {
                    Move::D
                } else {
                    decided
                }
            }
            Rule::RandomTitForTat { cooperation } => {
                // Round 1 is C, round 2 tit for tat; from round 3 on, the even rounds draw.
                if view.rounds == 0 || view.rounds % 2 == 1 {
                    last
                } else {
                    cooperation.play(rng)
                }
            }
            Rule::Forgiver => Move::from_defected(defected_over_a_tenth(view)),
            Rule::ForgivingTitForTat => {
                if defected_over_a_tenth(view) {
                    last
                } else {
                    Move::C
                }
            }
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self {
            Rule::DynamicTwoTitsForTat | Rule::Michaelos { .. } => true,
            Rule::RandomTitForTat { cooperation } => cooperation.is_random(),
            _ => false,
        }
    }
}

fn omega(view: &View, memory: &mut Memory) -> Move {
    let last = view.opponent_move(1);
    if view.rounds < 2 {
        return last;
    }
    let [deadlock, randomness, ..] = &mut memory.counts;
    if *deadlock >= DEADLOCK_THRESHOLD {
        // Breaks the deadlock with one C, then starts watching for the next.
        *deadlock = if *deadlock == DEADLOCK_THRESHOLD {
            DEADLOCK_THRESHOLD + 1
        } else {
            0
        };
        return Move::C;
    }
    let changed = view.opponent_move(2) != last;
    let mut score = *randomness as i32;
    if view.opponent & 0b11 == 0 {
        score -= 1;
    }
    if changed {
        score += 1;
    }
    if view.own_move(1) != last {
        score += 1;
    }
    *randomness = score as u32;
    if score >= RANDOMNESS_THRESHOLD {
        return Move::D;
    }
    *deadlock = if changed { *deadlock + 1 } else { 0 };
    last
}

fn gradual(view: &View, memory: &mut Memory) -> Move {
    let [punish, calm, ..] = &mut memory.counts;
    if view.rounds == 0 {
        Move::C
    } else if *punish > 0 {
        *punish -= 1;
        Move::D
    } else if *calm > 0 {
        *calm -= 1;
        Move::C
    } else if view.opponent_move(1) == Move::D {
        // This D is the first of as many as the opponent's defections so far.
        *punish = view.opponent_defections - 1;
        *calm = 2;
        Move::D
    } else {
        Move::C
    }
}

fn original_gradual(view: &View, memory: &mut Memory) -> Move {
    let [punished, length, ..] = &mut memory.counts;
    let state = &mut memory.state;
    if *state & CALMING != 0 {
        *state &= !CALMING;
        Move::C
    } else if *state & PUNISHING != 0 {
        if *punished < *length {
            *punished += 1;
            Move::D
        } else {
            *state = CALMING;
            *punished = 0;
            Move::C
        }
    } else if view.opponent_move(1) == Move::D {
        *state |= PUNISHING;
        *punished += 1;
        *length += 1;
        Move::D
    } else {
        Move::C
    }
}

fn contrite(view: &View, memory: &mut Memory) -> Move {
    let state = &mut memory.state;
    let intended = if view.rounds == 0 {
        Move::C
    } else if *state & CONTRITE != 0 && view.own_move(1) == Move::C {
        *state &= !CONTRITE;
        Move::C
    } else {
        let own = view.own_move(1);
        let was_intended = Move::from_defected(*state & INTENDED_DEFECTION != 0);
        // Its D was noise, and it met a C: make amends before answering any retaliation.
        if own != was_intended && own == Move::D && view.opponent_move(1) == Move::C {
            *state |= CONTRITE;
        }
        view.opponent_move(1)
    };
    if intended == Move::D {
        *state |= INTENDED_DEFECTION;
    } else {
        *state &= !INTENDED_DEFECTION;
    }
    intended
}

/// The family's registered strategies, in the order `dilemma strategies` lists them. Suspicious
/// tit for tat precedes the other strategies whose initials are "stft" so that it is the one
/// suggested for the abbreviation.
pub static ENTRIES: &[&Entry] = &[
    &TIT_FOR_TAT,
    &SUSPICIOUS_TIT_FOR_TAT,
    &TIT_FOR_TWO_TATS,
    &TWO_TITS_FOR_TAT,
    &DYNAMIC_TWO_TITS_FOR_TAT,
    &BULLY,
    &ANTI_TIT_FOR_TAT,
    &SNEAKY_TIT_FOR_TAT,
    &HARD_TIT_FOR_TAT,
    &HARD_TIT_FOR_2_TATS,
    &SLOW_TIT_FOR_TWO_TATS_2,
    &N_TIT_S_FOR_M_TAT_S,
    &SPITEFUL_TIT_FOR_TAT,
    &OMEGA_TFT,
    &GRADUAL,
    &ORIGINAL_GRADUAL,
    &CONTRITE_TIT_FOR_TAT,
    &ADAPTIVE_TIT_FOR_TAT,
    &RANDOM_TIT_FOR_TAT,
    &BURN_BOTH_ENDS,
    &ALEXEI,
    &EUGINENIER,
    &MICHAELOS,
    &FORGIVER,
    &FORGIVING_TIT_FOR_TAT,
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

pub static TWO_TITS_FOR_TAT: Entry = Entry {
    name: "two_tits_for_tat",
    axelrod_name: Some("Two Tits For Tat"),
    aliases: &[],
    summary: "D when the opponent defected in either of the last two rounds",
    parameters: &[],
    classifier: classifier(Some(2), false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::TwoTitsForTat)),
};

pub static DYNAMIC_TWO_TITS_FOR_TAT: Entry = Entry {
    name: "dynamic_two_tits_for_tat",
    axelrod_name: Some("Dynamic Two Tits For Tat"),
    aliases: &[],
    summary: "two tits for tat that still cooperates with the opponent's overall rate of C",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::DynamicTwoTitsForTat)),
};

pub static BULLY: Entry = Entry {
    name: "bully",
    axelrod_name: Some("Bully"),
    aliases: &[],
    summary: "D first, then the opposite of the opponent's last move",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(0.0, [0.0, 1.0, 0.0, 1.0])),
};

pub static ANTI_TIT_FOR_TAT: Entry = Entry {
    name: "anti_tit_for_tat",
    axelrod_name: Some("Anti Tit For Tat"),
    aliases: &[],
    summary: "C first, then the opposite of the opponent's last move",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [0.0, 1.0, 0.0, 1.0])),
};

pub static SNEAKY_TIT_FOR_TAT: Entry = Entry {
    name: "sneaky_tit_for_tat",
    axelrod_name: Some("Sneaky Tit For Tat"),
    aliases: &[],
    summary: "defects until the opponent first defects, then tit for tat that repents a punished D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::SneakyTitForTat)),
};

pub static HARD_TIT_FOR_TAT: Entry = Entry {
    name: "hard_tit_for_tat",
    axelrod_name: Some("Hard Tit For Tat"),
    aliases: &[],
    summary: "D when the opponent defected in any of the last three rounds",
    parameters: &[],
    classifier: classifier(Some(3), false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::HardTitForTat)),
};

pub static HARD_TIT_FOR_2_TATS: Entry = Entry {
    name: "hard_tit_for_2_tats",
    axelrod_name: Some("Hard Tit For 2 Tats"),
    aliases: &[],
    summary: "D when the opponent defected twice in a row within the last three rounds",
    parameters: &[],
    classifier: classifier(Some(3), false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::HardTitForTwoTats)),
};

pub static SLOW_TIT_FOR_TWO_TATS_2: Entry = Entry {
    name: "slow_tit_for_two_tats_2",
    axelrod_name: Some("Slow Tit For Two Tats 2"),
    aliases: &[],
    summary: "C twice, then the opponent's move once it repeats it, else its own last move",
    parameters: &[],
    classifier: classifier(Some(2), false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::SlowTitForTwoTats2)),
};

pub static N_TIT_S_FOR_M_TAT_S: Entry = Entry {
    name: "n_tit_s_for_m_tat_s",
    axelrod_name: Some("N Tit(s) For M Tat(s)"),
    aliases: &[],
    summary: "three D after two D in a row from the opponent (N = 3, M = 2)",
    parameters: &[],
    // Axelrod-Python declares max(N, M) = 3, but a D answers provocations up to N - 1 rounds
    // old, each read over M rounds: N + M - 1 = 4.
    classifier: classifier(Some(4), false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::NTitsForMTats { n: 3, m: 2 })),
};

pub static SPITEFUL_TIT_FOR_TAT: Entry = Entry {
    name: "spiteful_tit_for_tat",
    axelrod_name: Some("Spiteful Tit For Tat"),
    aliases: &[],
    summary: "tit for tat until the opponent defects twice in a row, then D for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::SpitefulTitForTat)),
};

pub static OMEGA_TFT: Entry = Entry {
    name: "omega_tft",
    axelrod_name: Some("Omega TFT"),
    aliases: &[],
    summary: "tit for tat that breaks C-D deadlocks and defects against a random-looking opponent",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::OmegaTitForTat)),
};

pub static GRADUAL: Entry = Entry {
    name: "gradual",
    axelrod_name: Some("Gradual"),
    aliases: &[],
    summary: "answers the opponent's n-th D with n D then two C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::Gradual)),
};

pub static ORIGINAL_GRADUAL: Entry = Entry {
    name: "original_gradual",
    axelrod_name: Some("Original Gradual"),
    aliases: &[],
    summary: "gradual as first published: only D outside a punishment lengthen the next one",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::OriginalGradual)),
};

pub static CONTRITE_TIT_FOR_TAT: Entry = Entry {
    name: "contrite_tit_for_tat",
    axelrod_name: Some("Contrite Tit For Tat"),
    aliases: &["CTFT"],
    summary: "tit for tat that accepts retaliation for its own D caused by noise",
    parameters: &[],
    // Axelrod-Python declares 3, but contrition outlasts any run of its own D: unbounded.
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::ContriteTitForTat)),
};

pub static ADAPTIVE_TIT_FOR_TAT: Entry = Entry {
    name: "adaptive_tit_for_tat",
    axelrod_name: Some("Adaptive Tit For Tat"),
    aliases: &[],
    summary: "C while a running estimate of the opponent's cooperation (rate 0.5) is at least 1/2",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::AdaptiveTitForTat { rate: 0.5 })),
};

const P_RANDOM_TIT_FOR_TAT: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of C in the rounds it draws (round 3, 5, 7, ...)",
    default: "0.5",
};

pub static RANDOM_TIT_FOR_TAT: Entry = Entry {
    name: "random_tit_for_tat",
    axelrod_name: Some("Random Tit for Tat"),
    aliases: &[],
    summary: "C first, then tit for tat and a random move with chance p of C, in turn",
    parameters: &[P_RANDOM_TIT_FOR_TAT],
    // Axelrod-Python declares 1, but whether a round copies or draws depends on its parity.
    classifier: classifier(None, true, false),
    build: |args, _| {
        let cooperation = Chance::new(single(args, 0.5)?);
        Ok(Policy::TitForTat(Rule::RandomTitForTat { cooperation }))
    },
};

pub static BURN_BOTH_ENDS: Entry = Entry {
    name: "burn_both_ends",
    axelrod_name: Some("Burn Both Ends"),
    aliases: &["BBE"],
    summary: "tit for tat that answers a C with C only nine times in ten",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [0.9, 0.0, 0.9, 0.0])),
};

pub static ALEXEI: Entry = Entry {
    name: "alexei",
    axelrod_name: Some("Alexei"),
    aliases: &[],
    summary: "tit for tat that defects in the last round",
    parameters: &[],
    classifier: classifier(None, false, false).using_length(),
    build: |_, context| {
        Ok(Policy::TitForTat(Rule::Alexei {
            length: context.length,
        }))
    },
};

pub static EUGINENIER: Entry = Entry {
    name: "euginenier",
    axelrod_name: Some("EugineNier"),
    aliases: &[],
    summary: "tit for tat that defects for ever after five D from the opponent, and in the last round",
    parameters: &[],
    classifier: classifier(None, false, false).using_length(),
    build: |_, context| {
        Ok(Policy::TitForTat(Rule::EugineNier {
            length: context.length,
        }))
    },
};

pub static MICHAELOS: Entry = Entry {
    name: "michaelos",
    axelrod_name: Some("Michaelos"),
    aliases: &[],
    summary: "tit for tat that, after its D met a C, defects for ever half the time; D in the last round",
    parameters: &[],
    classifier: classifier(None, true, false).using_length(),
    build: |_, context| {
        Ok(Policy::TitForTat(Rule::Michaelos {
            length: context.length,
        }))
    },
};

pub static FORGIVER: Entry = Entry {
    name: "forgiver",
    axelrod_name: Some("Forgiver"),
    aliases: &[],
    summary: "D while the opponent has defected in more than a tenth of the rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::Forgiver)),
};

pub static FORGIVING_TIT_FOR_TAT: Entry = Entry {
    name: "forgiving_tit_for_tat",
    axelrod_name: Some("Forgiving Tit For Tat"),
    aliases: &[],
    summary: "tit for tat while the opponent has defected in more than a tenth of the rounds, else C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::TitForTat(Rule::ForgivingTitForTat)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_fits_in_a_policy_without_growing_it() {
        assert!(std::mem::size_of::<Rule>() <= 80);
    }
}

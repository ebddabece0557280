//! The entries of Axelrod's first tournament (1980), as Axelrod-Python reads their published
//! descriptions. Joss is a memory-one rule and lives in `memory_one`.

use super::entry::{Entry, Rspt, classifier};
use super::{Chance, Memory, Move, Policy, View};
use rand::{Rng, RngExt};

/// The family's compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// C for 10 rounds, then grudger. Reads only the view.
    Davis,
    /// Estimates the opponent's chances of C after its own C and D, and plays the move with the
    /// better expected payoff. `counts[0]`: the opponent's Cs after this player's C (its opening
    /// C counted as one); `counts[1]`: its Cs after this player's D.
    Downing { game: Rspt },
    /// Tit for tat whose chance of C after a C falls linearly from 1 to 1/2 over 200 rounds.
    Feld,
    /// Tit for tat with a D at round 51, then a randomness test and occasional Ds. `state`: bit
    /// 0 the opponent was judged random, bit 1 it has not always copied this player's previous
    /// move, bit 2 it has not always played this player's move; `counts[0]`: the round index of
    /// the next planned D (0 before one is planned).
    Graaskamp,
    /// Tit for tat for three rounds, then a table on the last three joint moves.
    Nydegger,
    /// Retaliates for k rounds, k growing by one with each new provocation. `counts[0]`: the
    /// retaliation length k; `counts[1]`: Ds still owed.
    Shubik,
    /// Tit for tat after four Cs, D against an opponent a chi-squared test finds random (checked
    /// every 15 rounds), D in the last two rounds. `state`: 1 while the opponent is judged
    /// random.
    SteinAndRapoport { length: Option<u32> },
    /// Retaliation growing with each run of the opponent's Ds, fresh starts, D in the last two
    /// rounds. `counts`: retaliation length, Ds still owed, round of the last fresh start, the
    /// opponent's Ds since then; `state`: 1 when the second C of a fresh start is due;
    /// `values[0]`, `values[1]`: this player's and the opponent's scores.
    TidemanAndChieruzzi { game: Rspt, length: Option<u32> },
    /// C for 11 rounds, then C with 0.1 less than the opponent's share of C in the last 10.
    Tullock,
    /// C with a chance drawn uniformly from [0.3, 0.7] each round.
    Anonymous,
}

/// The chi-squared test's significance level in Graaskamp's and Stein and Rapoport's rules.
const RANDOMNESS_ALPHA: f64 = 0.05;

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        match *self {
            Rule::Davis => Move::from_defected(view.rounds >= 10 && view.opponent_defections > 0),
            Rule::Downing { game } => downing(game, view, memory),
            Rule::Feld => {
                if view.rounds == 0 {
                    return Move::C;
                }
                if view.opponent_move(1) == Move::D {
                    return Move::D;
                }
                let slope = (0.5 - 1.0) / 200.0;
                let p = (1.0 + slope * f64::from(view.rounds)).max(0.5);
                Chance::new(p).play(rng)
            }
            Rule::Graaskamp => graaskamp(view, memory, rng),
            Rule::Nydegger => nydegger(view),
            Rule::Shubik => {
                if view.rounds == 0 {
                    return Move::C;
                }
                let [length, owed, ..] = &mut memory.counts;
                if *owed > 0 {
                    *owed -= 1;
                    return Move::D;
                }
                if view.opponent_move(1) == Move::D && view.own_move(1) == Move::C {
                    *length += 1;
                    *owed = *length - 1;
                    return Move::D;
                }
                Move::C
            }
            Rule::SteinAndRapoport { length } => {
                let round = view.rounds + 1;
                let planned = if round < 5 {
                    Move::C
                } else if round < 15 {
                    view.opponent_move(1)
                } else {
                    if round.is_multiple_of(15) {
                        memory.state = u32::from(looks_random(
                            view.opponent_cooperations(),
                            view.opponent_defections,
                        ));
                    }
                    if memory.state == 1 {
                        Move::D
                    } else {
                        view.opponent_move(1)
                    }
                };
                finally_defect(planned, view, length, 2)
            }
            Rule::TidemanAndChieruzzi { game, length } => {
                let planned = tideman_and_chieruzzi(game, length, view, memory);
                finally_defect(planned, view, length, 2)
            }
            Rule::Tullock => {
                if view.rounds < 11 {
                    return Move::C;
                }
                let cooperations = 10 - (view.opponent & 0x3ff).count_ones();
                let p = (f64::from(cooperations) / 10.0 - 0.10).max(0.0);
                Chance::new(p).play(rng)
            }
            Rule::Anonymous => {
                let p = (3.0 + 4.0 * rng.random::<f64>()) / 10.0;
                Chance::new(p).play(rng)
            }
        }
    }

    pub fn is_stochastic(&self) -> bool {
        matches!(
            self,
            Rule::Feld | Rule::Graaskamp | Rule::Tullock | Rule::Anonymous
        )
    }
}

/// This player's payoff for a round, from its own side of the game.
pub(super) fn payoff(game: Rspt, own: Move, opponent: Move) -> f64 {
    match (own, opponent) {
        (Move::C, Move::C) => game.reward,
        (Move::C, Move::D) => game.sucker,
        (Move::D, Move::C) => game.temptation,
        (Move::D, Move::D) => game.punishment,
    }
}

/// `planned`, or D in the last `rounds` rounds of a match of known length (Axelrod's
/// `FinalTransformer`: past the announced length the rule's own move stands).
pub(super) fn finally_defect(planned: Move, view: &View, length: Option<u32>, rounds: u32) -> Move {
    if view.in_last_rounds(length, rounds) {
        Move::D
    } else {
        planned
    }
}

/// Whether Pearson's chi-squared test cannot tell the opponent's C and D counts from a fair coin
/// at the 5% level: the statistic (c - d)²/n has one degree of freedom, whose survival function
/// is erfc(√(x/2)).
fn looks_random(cooperations: u32, defections: u32) -> bool {
    let total = f64::from(cooperations + defections);
    let expected = total / 2.0;
    let statistic = (f64::from(cooperations) - expected).powi(2) / expected
        + (f64::from(defections) - expected).powi(2) / expected;
    statrs::function::erf::erfc((statistic / 2.0).sqrt()) >= RANDOMNESS_ALPHA
}

fn downing(game: Rspt, view: &View, memory: &mut Memory) -> Move {
    if view.rounds == 0 {
        return Move::D;
    }
    let opponent_cooperated = view.opponent_move(1) == Move::C;
    if view.rounds == 1 {
        // The opponent's first move counts as an answer to a C before the match.
        memory.counts[0] += u32::from(opponent_cooperated);
        return Move::D;
    }
    if opponent_cooperated {
        match view.own_move(2) {
            Move::C => memory.counts[0] += 1,
            Move::D => memory.counts[1] += 1,
        }
    }
    let alpha = f64::from(memory.counts[0]) / f64::from(view.own_cooperations() + 1);
    let beta = f64::from(memory.counts[1]) / f64::from(view.own_defections.max(2));
    let cooperating = alpha * game.reward + (1.0 - alpha) * game.sucker;
    let defecting = beta * game.temptation + (1.0 - beta) * game.punishment;
    if cooperating > defecting {
        Move::C
    } else if cooperating < defecting {
        Move::D
    } else {
        Move::from_defected(view.own_move(1) == Move::C)
    }
}

const GRAASKAMP_RANDOM: u32 = 1;
const GRAASKAMP_NOT_TIT_FOR_TAT: u32 = 2;
const GRAASKAMP_NOT_CLONE: u32 = 4;

fn graaskamp<R: Rng + ?Sized>(view: &View, memory: &mut Memory, rng: &mut R) -> Move {
    if view.rounds == 0 {
        return Move::C;
    }
    // Axelrod compares whole histories; one new round at a time gives the same verdicts.
    if view.rounds >= 2 && view.opponent_move(1) != view.own_move(2) {
        memory.state |= GRAASKAMP_NOT_TIT_FOR_TAT;
    }
    if view.opponent_move(1) != view.own_move(1) {
        memory.state |= GRAASKAMP_NOT_CLONE;
    }
    let tit_for_tat = view.opponent_move(1);
    if view.rounds < 56 {
        return if view.rounds == 50 {
            Move::D
        } else {
            tit_for_tat
        };
    }
    if looks_random(view.opponent_cooperations(), view.opponent_defections) {
        memory.state |= GRAASKAMP_RANDOM;
    }
    if memory.state & GRAASKAMP_RANDOM != 0 {
        return Move::D;
    }
    if memory.state & (GRAASKAMP_NOT_TIT_FOR_TAT | GRAASKAMP_NOT_CLONE)
        != GRAASKAMP_NOT_TIT_FOR_TAT | GRAASKAMP_NOT_CLONE
    {
        return tit_for_tat;
    }
    let next_defection = &mut memory.counts[0];
    if *next_defection == 0 {
        *next_defection = view.rounds + rng.random_range(5..15);
    }
    if view.rounds == *next_defection {
        *next_defection = view.rounds + rng.random_range(5..15);
        return Move::D;
    }
    Move::C
}

/// The values of Nydegger's A = 16 a₁ + 4 a₂ + a₃ (aᵢ = 2 for the opponent's D plus 1 for one's
/// own, i rounds back) on which it defects, as a bit set.
const NYDEGGER_DEFECTS: u64 = {
    let values = [
        1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33, 38, 39, 45, 49, 54, 55, 58, 61,
    ];
    let mut set = 0u64;
    let mut i = 0;
    while i < values.len() {
        set |= 1 << values[i];
        i += 1;
    }
    set
};

fn nydegger(view: &View) -> Move {
    match view.rounds {
        0 => Move::C,
        1 => view.opponent_move(1),
        2 if view.opponent_move(2) == Move::D && view.opponent_move(1) == Move::C => Move::D,
        2 => view.opponent_move(1),
        _ => {
            let outcome = |back: u32| {
                2 * u32::from(view.opponent_move(back) == Move::D)
                    + u32::from(view.own_move(back) == Move::D)
            };
            let a = 16 * outcome(1) + 4 * outcome(2) + outcome(3);
            Move::from_defected(NYDEGGER_DEFECTS >> a & 1 == 1)
        }
    }
}

fn tideman_and_chieruzzi(
    game: Rspt,
    length: Option<u32>,
    view: &View,
    memory: &mut Memory,
) -> Move {
    if view.rounds == 0 {
        return Move::C;
    }
    let (own, opponent) = (view.own_move(1), view.opponent_move(1));
    let [
        retaliation_length,
        owed,
        last_fresh_start,
        remembered_defections,
    ] = &mut memory.counts;
    *remembered_defections += u32::from(opponent == Move::D);
    memory.values[0] += payoff(game, own, opponent);
    memory.values[1] += payoff(game, opponent, own);
    if memory.state == 1 {
        memory.state = 0;
        return Move::C;
    }
    let round = view.rounds + 1;
    let fresh_start_allowed = *last_fresh_start == 0 || round - *last_fresh_start >= 20;
    if fresh_start_allowed {
        let ahead = memory.values[0] - memory.values[1] >= 10.0;
        // An unknown length is Axelrod's infinite one: always enough rounds remain.
        let rounds_remain = length.is_none_or(|length| i64::from(length) - i64::from(round) >= 10);
        if ahead && rounds_remain && opponent == Move::C {
            let n = f64::from(view.rounds);
            let deviation = n.powf(0.5) / 2.0;
            let (lower, upper) = (n / 2.0 - 3.0 * deviation, n / 2.0 + 3.0 * deviation);
            let remembered = f64::from(*remembered_defections);
            if remembered <= lower || remembered >= upper {
                *last_fresh_start = round;
                *retaliation_length = 0;
                *owed = 0;
                *remembered_defections = 0;
                memory.state = 1;
                return Move::C;
            }
        }
    }
    if *owed > 0 {
        *owed -= 1;
        return Move::D;
    }
    if opponent == Move::D {
        *retaliation_length += 1;
        *owed = *retaliation_length - 1;
        return Move::D;
    }
    Move::C
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &FIRST_BY_DAVIS,
    &FIRST_BY_DOWNING,
    &FIRST_BY_FELD,
    &FIRST_BY_GRAASKAMP,
    &FIRST_BY_GROFMAN,
    &FIRST_BY_NYDEGGER,
    &FIRST_BY_SHUBIK,
    &FIRST_BY_STEIN_AND_RAPOPORT,
    &FIRST_BY_TIDEMAN_AND_CHIERUZZI,
    &FIRST_BY_TULLOCK,
    &FIRST_BY_ANONYMOUS,
];

pub static FIRST_BY_DAVIS: Entry = Entry {
    name: "first_by_davis",
    axelrod_name: Some("First by Davis"),
    aliases: &[],
    summary: "C for 10 rounds, then D for ever once the opponent has defected",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::FirstTournament(Rule::Davis)),
};

pub static FIRST_BY_DOWNING: Entry = Entry {
    name: "first_by_downing",
    axelrod_name: Some("First by Downing"),
    aliases: &[],
    summary: "D twice, then the move with the better payoff against its estimate of the opponent",
    parameters: &[],
    classifier: classifier(None, false, true),
    build: |_, context| {
        Ok(Policy::FirstTournament(Rule::Downing {
            game: context.game_or_standard(),
        }))
    },
};

pub static FIRST_BY_FELD: Entry = Entry {
    name: "first_by_feld",
    axelrod_name: Some("First by Feld"),
    aliases: &[],
    summary: "tit for tat whose chance of C after a C falls from 1 to 1/2 over 200 rounds",
    parameters: &[],
    // Axelrod declares 200, but the chance reads the round number, which no number of recent
    // rounds bounds.
    classifier: classifier(None, true, false),
    build: |_, _| Ok(Policy::FirstTournament(Rule::Feld)),
};

pub static FIRST_BY_GRAASKAMP: Entry = Entry {
    name: "first_by_graaskamp",
    axelrod_name: Some("First by Graaskamp"),
    aliases: &[],
    summary: "tit for tat, D at round 51, then D for ever against randomness or random Ds",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| Ok(Policy::FirstTournament(Rule::Graaskamp)),
};

pub static FIRST_BY_GROFMAN: Entry = Entry {
    name: "first_by_grofman",
    axelrod_name: Some("First by Grofman"),
    aliases: &[],
    summary: "C after matching moves, C with chance 2/7 after differing ones",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| {
        let differ = 2.0 / 7.0;
        Ok(Policy::memory_one(1.0, [1.0, differ, differ, 1.0]))
    },
};

pub static FIRST_BY_NYDEGGER: Entry = Entry {
    name: "first_by_nydegger",
    axelrod_name: Some("First by Nydegger"),
    aliases: &[],
    summary: "tit for tat for three rounds, then a table on the last three joint moves",
    parameters: &[],
    classifier: classifier(Some(3), false, false),
    build: |_, _| Ok(Policy::FirstTournament(Rule::Nydegger)),
};

pub static FIRST_BY_SHUBIK: Entry = Entry {
    name: "first_by_shubik",
    axelrod_name: Some("First by Shubik"),
    aliases: &[],
    summary: "retaliates for k rounds, k growing by one with each new provocation",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::FirstTournament(Rule::Shubik)),
};

pub static FIRST_BY_STEIN_AND_RAPOPORT: Entry = Entry {
    name: "first_by_stein_and_rapoport",
    axelrod_name: Some("First by Stein and Rapoport"),
    aliases: &[],
    summary: "tit for tat, D against an opponent that tests random, D in the last two rounds",
    parameters: &[],
    classifier: classifier(None, false, false).using_length(),
    build: |_, context| {
        Ok(Policy::FirstTournament(Rule::SteinAndRapoport {
            length: context.length,
        }))
    },
};

pub static FIRST_BY_TIDEMAN_AND_CHIERUZZI: Entry = Entry {
    name: "first_by_tideman_and_chieruzzi",
    axelrod_name: Some("First by Tideman and Chieruzzi"),
    aliases: &[],
    summary: "growing retaliation with fresh starts for a losing opponent; D in the last two",
    parameters: &[],
    classifier: classifier(None, false, true).using_length(),
    build: |_, context| {
        Ok(Policy::FirstTournament(Rule::TidemanAndChieruzzi {
            game: context.game_or_standard(),
            length: context.length,
        }))
    },
};

pub static FIRST_BY_TULLOCK: Entry = Entry {
    name: "first_by_tullock",
    axelrod_name: Some("First by Tullock"),
    aliases: &[],
    summary: "C for 11 rounds, then C 10% less often than the opponent in the last 10",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| Ok(Policy::FirstTournament(Rule::Tullock)),
};

pub static FIRST_BY_ANONYMOUS: Entry = Entry {
    name: "first_by_anonymous",
    axelrod_name: Some("First by Anonymous"),
    aliases: &[],
    summary: "C with a chance drawn uniformly from 0.3 to 0.7 each round",
    parameters: &[],
    classifier: classifier(Some(0), true, false),
    build: |_, _| Ok(Policy::FirstTournament(Rule::Anonymous)),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_randomness_test_rejects_past_the_chi_squared_critical_value() {
        // With one degree of freedom the 5% critical value is 3.841: (c - d)^2 / n is
        // 361 / 101 = 3.57 for (60, 41), so that looks random, and 400 / 100 = 4 for (60, 40).
        assert!(looks_random(50, 50));
        assert!(looks_random(60, 41));
        assert!(!looks_random(60, 40));
    }

    #[test]
    fn nydegger_defects_on_the_published_values() {
        // Nineteen values; mutual D thrice (A = 63) is not one of them.
        assert_eq!(NYDEGGER_DEFECTS.count_ones(), 19);
        assert_eq!(NYDEGGER_DEFECTS >> 63, 0);
    }
}

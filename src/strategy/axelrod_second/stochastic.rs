//! The stochastic entries of Axelrod's second tournament, as Axelrod-Python reads the Fortran
//! submissions (K-numbers in its docstrings).

use crate::strategy::axelrod_first::payoff;
use crate::strategy::entry::{Entry, Rspt, classifier};
use crate::strategy::{Chance, Memory, Move, Policy, View};
use rand::Rng;

/// The compiled rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// C for four rounds, C after the opponent's first D (from round 5), else C with the
    /// opponent's historical rate of C after this player's move two rounds back. `counts[0]`,
    /// `counts[1]`: the opponent's Cs after this player's C and D (the latter starting at 1);
    /// `counts[2]`, `counts[3]`: this player's Cs and Ds counted (the latter starting at 1);
    /// `state`: 1 once the opponent's first D (from round 5) was forgiven.
    Appold,
    /// C for five rounds, then C with a chance falling with the opponent's Ds in the last five.
    /// Reads only the view.
    Black,
    /// D against a defective or random-looking opponent; C after C; after a D, D once the
    /// opponent has 18 Ds, a coin toss before. Reads only the view.
    Cave,
    /// C for 10 rounds, tit for tat to round 25, then after the opponent's D, D with its share
    /// of D when that is at least 0.4. Reads only the view.
    Champion,
    /// C after C; after a D, D with the opponent's share of D. Reads only the view.
    Eatherley,
    /// D with a chance that sums the opponent's Ds, halving each round. `values[0]`: that
    /// chance (Axelrod's `flack`).
    Getzler,
    /// D against an opponent whose replies look random (after round 27), else a noisy
    /// continuation of the opponent's last moves. `counts`: the opponent's C and D after this
    /// player's C, then its C and D after this player's D (replies to the move two rounds back).
    Kluepfel,
    /// A chance of C on the opponent's last three moves. Reads only the view.
    Leyvraz,
    /// C with rare, score-guarded Ds, two Cs after each; tit for tat when scoring poorly.
    /// `state`: rounds since its last "good" D (0, 1 or 2); `counts[0]`: the opponent's
    /// consecutive Ds; `counts[1]`, `counts[2]`: how many payoffs each ratio below averages;
    /// `values[0]`, `values[1]`: the average payoff one and two rounds after those Ds;
    /// `values[2]`, `values[3]`: this player's and the opponent's standard-game scores.
    Tranquilizer,
    /// D when the opponent's Ds after its first move number 4, 7 or 9; past 9, after a D, C
    /// with chance 1/2 to the power of the excess. `state`: 1 when the opponent opened with D.
    WmAdams,
    /// Tit for tat with a D at round 37 and random generous Ds later, a defect mode against
    /// random-looking opponents, streak checks. See `harrington` for its memory.
    Harrington,
}

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        match *self {
            Rule::Appold => appold(view, memory, rng),
            Rule::Black => {
                if view.rounds < 5 {
                    return Move::C;
                }
                let defections = (view.opponent & 0b1_1111).count_ones() as usize;
                Chance::new(BLACK_COOPERATION[defections]).play(rng)
            }
            Rule::Cave => cave(view, rng),
            Rule::Champion => {
                if view.rounds < 10 {
                    return Move::C;
                }
                if view.rounds < 25 {
                    return view.opponent_move(1);
                }
                let share = f64::from(view.opponent_defections) / f64::from(view.rounds);
                // Axelrod defects when the share is at least max(0.4, r) for a uniform r.
                let defects = view.opponent_move(1) == Move::D
                    && share >= 0.4
                    && Chance::new(share).happens(rng);
                Move::from_defected(defects)
            }
            Rule::Eatherley => {
                if view.rounds == 0 || view.opponent_move(1) == Move::C {
                    return Move::C;
                }
                let share = f64::from(view.opponent_defections) / f64::from(view.rounds);
                Chance::new(1.0 - share).play(rng)
            }
            Rule::Getzler => {
                if view.rounds == 0 {
                    return Move::C;
                }
                let flack = &mut memory.values[0];
                if view.opponent_move(1) == Move::D {
                    *flack += 1.0;
                }
                *flack *= 0.5;
                Chance::new(1.0 - *flack).play(rng)
            }
            Rule::Kluepfel => kluepfel(view, memory, rng),
            Rule::Leyvraz => {
                let recent = view.opponent_recent(3) as usize;
                Chance::new(LEYVRAZ_COOPERATION[recent]).play(rng)
            }
            Rule::Tranquilizer => tranquilizer(view, memory, rng),
            Rule::WmAdams => {
                if view.rounds == 1 {
                    memory.state = u32::from(view.opponent_move(1) == Move::D);
                }
                if view.rounds <= 1 {
                    return Move::C;
                }
                let defections = view.opponent_defections - memory.state;
                if matches!(defections, 4 | 7 | 9) {
                    return Move::D;
                }
                if defections > 9 && view.opponent_move(1) == Move::D {
                    // Past 2^-1074 the chance is 0 in floating point too.
                    let excess = (defections - 9).min(1100) as i32;
                    return Chance::new(0.5f64.powi(excess)).play(rng);
                }
                Move::C
            }
            Rule::Harrington => harrington(view, memory, rng),
        }
    }

    pub fn is_stochastic(&self) -> bool {
        true
    }
}

/// Black's chance of C by the opponent's Ds in the last five rounds: 1 - (n² - 1)/25, at most 1.
const BLACK_COOPERATION: [f64; 6] = [1.0, 1.0, 0.88, 0.68, 0.4, 0.04];

/// Leyvraz's chance of C by the opponent's last three moves as bits (1 = D, last round in bit
/// 0): D in the last two, 1/4; else D three rounds back, C; else D two back, D; else D last,
/// 1/2; else C.
const LEYVRAZ_COOPERATION: [f64; 8] = [
    1.0,  // C C C
    0.5,  // C C D
    0.0,  // C D C
    0.25, // C D D
    1.0,  // D C C
    1.0,  // D C D
    1.0,  // D D C
    0.25, // D D D
];

fn appold<R: Rng + ?Sized>(view: &View, memory: &mut Memory, rng: &mut R) -> Move {
    if view.rounds == 0 {
        // The opponent is credited one C after one D of this player's before the match.
        memory.counts[1] = 1;
        memory.counts[3] = 1;
        return Move::C;
    }
    // The opponent's first move answers an imagined C of this player's.
    let two_back = usize::from(view.rounds >= 2 && view.own_move(2) == Move::D);
    memory.counts[2 + two_back] += 1;
    if view.opponent_move(1) == Move::C {
        memory.counts[two_back] += 1;
    }
    if view.rounds < 4 {
        return Move::C;
    }
    if view.opponent_move(1) == Move::D && memory.state == 0 {
        memory.state = 1;
        return Move::C;
    }
    let p = f64::from(memory.counts[two_back]) / f64::from(memory.counts[2 + two_back]);
    Chance::new(p).play(rng)
}

fn cave<R: Rng + ?Sized>(view: &View, rng: &mut R) -> Move {
    if view.rounds == 0 {
        return Move::C;
    }
    let turn = view.rounds + 1;
    let defections = view.opponent_defections;
    let share = f64::from(defections) / f64::from(turn);
    if (turn > 39 && share > 0.39) || (turn > 29 && share > 0.65) || (turn > 19 && share > 0.79) {
        return Move::D;
    }
    if view.opponent_move(1) == Move::C {
        Move::C
    } else if defections > 17 {
        Move::D
    } else {
        Chance::new(0.5).play(rng)
    }
}

fn kluepfel<R: Rng + ?Sized>(view: &View, memory: &mut Memory, rng: &mut R) -> Move {
    if view.rounds >= 2 {
        let index = 2 * usize::from(view.own_move(2) == Move::D)
            + usize::from(view.opponent_move(1) == Move::D);
        memory.counts[index] += 1;
    }
    if view.rounds > 26 {
        let [c_after_c, d_after_c, c_after_d, d_after_d] = memory.counts.map(f64::from);
        let after_d = c_after_d + d_after_d;
        let after_c = c_after_c + d_after_c;
        // Axelrod's test (which counts Ds, not Cs, after this player's C).
        if c_after_d >= after_d / 2.0 - 0.75 * after_d.sqrt()
            && d_after_c >= after_c / 2.0 - 0.75 * after_c.sqrt()
        {
            return Move::D;
        }
    }
    let (one, two, three) = (
        view.opponent_move(1),
        view.opponent_move(2),
        view.opponent_move(3),
    );
    if one == two && two == three {
        return one;
    }
    let keep = if one == two {
        0.9
    } else if one == Move::C {
        0.7
    } else {
        0.6
    };
    if Chance::new(keep).happens(rng) {
        one
    } else {
        one.flip()
    }
}

fn tranquilizer<R: Rng + ?Sized>(view: &View, memory: &mut Memory, rng: &mut R) -> Move {
    if view.rounds == 0 {
        memory.values[0] = 5.0;
        memory.counts[1] = 1;
        memory.counts[2] = 1;
        return Move::C;
    }
    let (own, opponent) = (view.own_move(1), view.opponent_move(1));
    // Tranquilizer scores in the standard game whatever the match's, as its Fortran does.
    let own_payoff = payoff(Rspt::STANDARD, own, opponent);
    memory.values[2] += own_payoff;
    memory.values[3] += payoff(Rspt::STANDARD, opponent, own);
    if opponent == Move::D {
        memory.counts[0] += 1;
    } else {
        memory.counts[0] = 0;
    }
    match memory.state {
        2 => {
            memory.state = 0;
            let count = f64::from(memory.counts[2]);
            memory.values[1] = (memory.values[1] * count + own_payoff) / (count + 1.0);
            memory.counts[2] += 1;
        }
        1 => {
            memory.state = 2;
            let count = f64::from(memory.counts[1]);
            memory.values[0] = (memory.values[0] * count + own_payoff) / (count + 1.0);
            memory.counts[1] += 1;
        }
        _ => {}
    }
    if memory.state != 0 {
        return Move::C;
    }
    let played = f64::from(view.rounds) + 1.0;
    let average = memory.values[2] / played;
    let opponent_defected = f64::from(u8::from(opponent == Move::D));
    if average >= 2.25 {
        let p = (0.95 - (memory.values[0] + memory.values[1] - 5.0) / 15.0)
            + 1.0 / (played * played)
            - opponent_defected / 4.0;
        // Axelrod cooperates when a uniform draw is at most p.
        if Chance::new(p).happens(rng) {
            return Move::C;
        }
        memory.state = 1;
        return Move::D;
    }
    if average >= 1.75 {
        let p = (0.25 + (f64::from(view.opponent_cooperations()) + 1.0) / played)
            - f64::from(memory.counts[0]) * 0.25
            + (memory.values[2] - memory.values[3]) / 100.0
            + 4.0 / played;
        return Chance::new(p).play(rng);
    }
    opponent
}

// Harrington's memory. `state` packs its flags and small counters; `counts` holds the
// opponent's Ds recorded (after round 2), its current streak of Ds and the two parity
// streaks; `values` the chance of a generous D, the defect mode's exit meter, the Cs scheduled
// (Axelrod's `more_coop`, which can go negative) and the rounds since the last generous D;
// `tape[0..8]` the move-history matrix, row (this player's and the opponent's moves two rounds
// back: CC, CD, DC, DD) by column (the opponent's last move), as counts.
const MODE_MASK: u32 = 0b11;
const MODE_NORMAL: u32 = 0;
const MODE_FAIR_WEATHER: u32 = 1;
const MODE_DEFECT: u32 = 2;
const WAS_DEFECTIVE: u32 = 1 << 2;
const BURNED: u32 = 1 << 3;
const PARITY_BIT: u32 = 1 << 4;
/// Parity limit hits in bits 8 and up, saturating at 8 (after which the limit is 3).
const PARITY_HITS_SHIFT: u32 = 8;

const PROB: usize = 0;
const EXIT_METER: usize = 1;
const MORE_COOP: usize = 2;
const LAST_GENEROUS: usize = 3;

const RECORDED_DEFECTS: usize = 0;
const DEFECT_STREAK: usize = 1;
const PARITY_STREAKS: usize = 2;

/// Axelrod's `try_return`: a C (when `lower_flags`) uses up a scheduled C and ages the last
/// generous D; a D (when `inc_parity`) lengthens the current parity streak.
fn harrington_return(memory: &mut Memory, play: Move, lower_flags: bool, inc_parity: bool) -> Move {
    if lower_flags && play == Move::C {
        memory.values[MORE_COOP] -= 1.0;
        memory.values[LAST_GENEROUS] += 1.0;
    }
    if inc_parity && play == Move::D {
        memory.counts[PARITY_STREAKS + parity_index(memory)] += 1;
    }
    play
}

fn parity_index(memory: &Memory) -> usize {
    usize::from(memory.state & PARITY_BIT != 0)
}

/// Whether the opponent looks random after `turn - 1` rounds: not mostly mutual C, between a
/// quarter and three quarters Ds, and a chi-squared statistic on the move-history matrix
/// (summing only cells expected above 1) of at most 3.
fn harrington_detects_random(memory: &Memory, turn: u32) -> bool {
    let total = f64::from(turn - 2);
    let cell = |row: usize, column: usize| memory.tape[2 * row + column] as f64;
    if cell(0, 0) / total >= 0.8 {
        return false;
    }
    let defections = f64::from(memory.counts[RECORDED_DEFECTS]) / total;
    if !(0.25..=0.75).contains(&defections) {
        return false;
    }
    let rows: [f64; 4] = std::array::from_fn(|row| cell(row, 0) + cell(row, 1));
    let columns: [f64; 2] = std::array::from_fn(|column| {
        cell(0, column) + cell(1, column) + cell(2, column) + cell(3, column)
    });
    let mut chi_squared = 0.0;
    for (row, row_sum) in rows.iter().enumerate() {
        for (column, column_sum) in columns.iter().enumerate() {
            let expected = row_sum * column_sum / total;
            if expected > 1.0 {
                chi_squared += (expected - cell(row, column)).powi(2) / expected;
            }
        }
    }
    chi_squared <= 3.0
}

fn harrington<R: Rng + ?Sized>(view: &View, memory: &mut Memory, rng: &mut R) -> Move {
    let turn = view.rounds + 1;
    if turn == 1 {
        memory.values[PROB] = 0.25;
        memory.values[LAST_GENEROUS] = 3.0;
        return Move::C;
    }
    let last = view.opponent_move(1);
    if memory.state & MODE_MASK == MODE_DEFECT {
        memory.values[EXIT_METER] += if last == Move::D { 1.0 } else { -3.0 };
        if memory.values[EXIT_METER] >= 11.0 {
            memory.state = (memory.state & !MODE_MASK) | MODE_NORMAL | WAS_DEFECTIVE;
            memory.values[MORE_COOP] = 2.0;
            return harrington_return(memory, Move::C, false, false);
        }
        return harrington_return(memory, Move::D, true, false);
    }
    if memory.state & WAS_DEFECTIVE == 0 {
        if turn > 2 {
            if last == Move::D {
                memory.counts[RECORDED_DEFECTS] += 1;
            }
            let row = usize::from(view.opponent_move(2) == Move::D)
                + 2 * usize::from(view.own_move(2) == Move::D);
            memory.tape[2 * row + usize::from(last == Move::D)] += 1;
        }
        if turn.is_multiple_of(15) && turn > 15 && harrington_detects_random(memory, turn) {
            memory.state = (memory.state & !MODE_MASK) | MODE_DEFECT;
            return harrington_return(memory, Move::D, false, false);
        }
    }
    if memory.values[LAST_GENEROUS] == 2.0 && last == Move::D {
        memory.state |= BURNED;
    }
    if turn == 38 && last == Move::D && view.opponent_cooperations() == 36 {
        memory.state = (memory.state & !MODE_MASK) | MODE_FAIR_WEATHER;
        return harrington_return(memory, Move::C, false, false);
    }
    if memory.state & MODE_MASK == MODE_FAIR_WEATHER {
        if last == Move::D {
            memory.state = (memory.state & !MODE_MASK) | MODE_NORMAL;
        } else {
            return harrington_return(memory, Move::C, true, false);
        }
    }
    // Streaks: twenty Ds in a row, then the alternating parity streaks.
    if last == Move::D {
        memory.counts[DEFECT_STREAK] += 1;
    } else {
        memory.counts[DEFECT_STREAK] = 0;
    }
    if memory.counts[DEFECT_STREAK] >= 20 {
        return harrington_return(memory, Move::D, true, true);
    }
    memory.state ^= PARITY_BIT;
    let streak = PARITY_STREAKS + parity_index(memory);
    if last == Move::D {
        memory.counts[streak] += 1;
    } else {
        memory.counts[streak] = 0;
    }
    let hits = memory.state >> PARITY_HITS_SHIFT;
    let limit = if hits >= 8 { 3 } else { 5 };
    if memory.counts[streak] >= limit {
        memory.counts[streak] = 0;
        let hits = (hits + 1).min(8);
        memory.state = (memory.state & ((1 << PARITY_HITS_SHIFT) - 1)) | hits << PARITY_HITS_SHIFT;
        return harrington_return(memory, Move::C, true, true);
    }
    if memory.values[MORE_COOP] >= 1.0 {
        return harrington_return(memory, Move::C, true, true);
    }
    if turn < 37 {
        return harrington_return(memory, last, true, true);
    }
    if turn == 37 {
        memory.values[MORE_COOP] = 2.0;
        memory.values[LAST_GENEROUS] = 1.0;
        return harrington_return(memory, Move::D, false, false);
    }
    // Axelrod plays tit for tat when a uniform draw exceeds the chance of a generous D.
    if memory.state & BURNED != 0 || !Chance::new(memory.values[PROB]).happens(rng) {
        return harrington_return(memory, last, true, true);
    }
    memory.values[PROB] += 0.05;
    memory.values[MORE_COOP] = 2.0;
    memory.values[LAST_GENEROUS] = 1.0;
    harrington_return(memory, Move::D, false, false)
}

/// The registered strategies, in the order `dilemma strategies` lists them.
pub const ENTRIES: &[&Entry] = &[
    &SECOND_BY_APPOLD,
    &SECOND_BY_BLACK,
    &SECOND_BY_CAVE,
    &SECOND_BY_CHAMPION,
    &SECOND_BY_EATHERLEY,
    &SECOND_BY_GETZLER,
    &SECOND_BY_KLUEPFEL,
    &SECOND_BY_LEYVRAZ,
    &SECOND_BY_TRANQUILIZER,
    &SECOND_BY_WMADAMS,
    &SECOND_BY_HARRINGTON,
];

fn rule(rule: Rule) -> Result<Policy, String> {
    Ok(Policy::SecondTournament(super::Rule::Stochastic(rule)))
}

pub static SECOND_BY_APPOLD: Entry = Entry {
    name: "second_by_appold",
    axelrod_name: Some("Second by Appold"),
    aliases: &[],
    summary: "C with the opponent's past rate of C after its own move two rounds back",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Appold),
};

pub static SECOND_BY_BLACK: Entry = Entry {
    name: "second_by_black",
    axelrod_name: Some("Second by Black"),
    aliases: &[],
    summary: "C for five rounds, then C less often the more the opponent defected in the last five",
    parameters: &[],
    classifier: classifier(Some(5), true, false),
    build: |_, _| rule(Rule::Black),
};

pub static SECOND_BY_CAVE: Entry = Entry {
    name: "second_by_cave",
    axelrod_name: Some("Second by Cave"),
    aliases: &[],
    summary: "D against defective or random opponents, else C after C and a coin toss after D",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Cave),
};

pub static SECOND_BY_CHAMPION: Entry = Entry {
    name: "second_by_champion",
    axelrod_name: Some("Second by Champion"),
    aliases: &[],
    summary: "C for 10 rounds, tit for tat to 25, then D after D at random against a defector",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Champion),
};

pub static SECOND_BY_EATHERLEY: Entry = Entry {
    name: "second_by_eatherley",
    axelrod_name: Some("Second by Eatherley"),
    aliases: &[],
    summary: "C after C; after a D, D with the opponent's share of D so far",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Eatherley),
};

pub static SECOND_BY_GETZLER: Entry = Entry {
    name: "second_by_getzler",
    axelrod_name: Some("Second by Getzler"),
    aliases: &[],
    summary: "D with a chance summing the opponent's Ds, each halving every round",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Getzler),
};

pub static SECOND_BY_KLUEPFEL: Entry = Entry {
    name: "second_by_kluepfel",
    axelrod_name: Some("Second by Kluepfel"),
    aliases: &[],
    summary: "D against random-looking replies, else follows the opponent's recent moves noisily",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Kluepfel),
};

pub static SECOND_BY_LEYVRAZ: Entry = Entry {
    name: "second_by_leyvraz",
    axelrod_name: Some("Second by Leyvraz"),
    aliases: &[],
    summary: "a chance of C on the opponent's last three moves",
    parameters: &[],
    classifier: classifier(Some(3), true, false),
    build: |_, _| rule(Rule::Leyvraz),
};

pub static SECOND_BY_TRANQUILIZER: Entry = Entry {
    name: "second_by_tranquilizer",
    axelrod_name: Some("Second by Tranquilizer"),
    aliases: &[],
    summary: "C with rare score-guarded Ds followed by two Cs; tit for tat when scoring poorly",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Tranquilizer),
};

pub static SECOND_BY_WMADAMS: Entry = Entry {
    name: "second_by_wmadams",
    axelrod_name: Some("Second by WmAdams"),
    aliases: &[],
    summary: "D at the opponent's 4th, 7th and 9th D; past 9, after a D, C ever more rarely",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::WmAdams),
};

pub static SECOND_BY_HARRINGTON: Entry = Entry {
    name: "second_by_harrington",
    axelrod_name: Some("Second by Harrington"),
    aliases: &[],
    summary: "tit for tat with a D at 37 and random generous Ds; defects on against randomness",
    parameters: &[],
    classifier: classifier(None, true, false),
    build: |_, _| rule(Rule::Harrington),
};

//! The deterministic entries of Axelrod's second tournament, as Axelrod-Python reads their
//! Fortran: each keeps the counters and modes its original kept, in the per-match `Memory`.

use crate::strategy::axelrod_first::payoff;
use crate::strategy::entry::{Entry, Rspt, classifier};
use crate::strategy::{Memory, Move, Policy, View};
use rand::Rng;

/// The compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Tit for tat with a mutual-defection breaker, an echo breaker and a defect mode chosen
    /// every 25 rounds. `counts`: the opponent's Cs after this player's C and after its D since
    /// the last evaluation, the run of mutual Ds, the run of echoes; `state`: bit 0 defect
    /// mode, bit 1 the next planned D becomes a C.
    Borufsen,
    /// C C C C C D C C, then a C answers a C and a D starts D D C C, which ignores the
    /// opponent. `state`: the step of that chain (0 when none is under way).
    Colbert,
    /// D first, then D while its C share stays above one half, until the opponent's first D:
    /// then a C and tit for tat. `state`: 1 once the opponent has defected.
    Gladstein,
    /// Tit for tat that defects for ever when its own score misses a checkpoint. `state`: 1 in
    /// defect mode; `values[0]`: its score.
    GraaskampKatzen { game: Rspt },
    /// C twice, tit for tat to round 7, then C unless the opponent's Ds 2 to 8 rounds back are
    /// too many for its own last move. Reads only the view.
    Grofman,
    /// Cooperates on credit, which the opponent's C raises and its D lowers by two.
    /// `state`: the credit, offset by `MIKKELSON_CREDIT_OFFSET` to stay unsigned.
    Mikkelson,
    /// Tit for tat filtered by how often the opponent echoes its moves, with a D after a long
    /// run of the opponent's C. `counts`: agreements (plus 2), the run of C needed, the current
    /// run, the round of the last such D (`NEVER` when none is pending); `values[0]`,
    /// `values[1]`: the opponent's Cs and Ds right after one (plus 2 each).
    RichardHufford,
    /// C, but every sixth round a poor score per round earns distrust, answered by D C D; much
    /// distrust means D for ever. `state`: the mode (`ROWSAM_*`); `counts[0]`: distrust;
    /// `values[0]`: its score.
    Rowsam { game: Rspt },
    /// D first, then alternates C and D until the opponent's first D: then a C and tit for tat.
    /// `state`: 1 once the opponent has defected.
    Tester,
    /// C while its lead over the opponent's score reaches a bar the opponent's C-then-D raises,
    /// with fresh starts for a far-from-random opponent. `values`: its score, the opponent's,
    /// the bar and the bar's increment; `counts[0]`: the round of the last fresh start;
    /// `state`: 1 when the second C of a fresh start is due.
    TidemanAndChieruzzi { game: Rspt },
    /// Tit for tat with forgiveness after an odd run of Ds, D when the opponent defected five
    /// of twelve rounds. `state`: 1 when forgiveness is due; `counts`: the grudge (the round
    /// forgiveness waits for), the current run of the opponent's Ds.
    Weiner,
    /// C for ten rounds and after the opponent's C; after its D, D once the opponent's Ds times
    /// floor(ln(round)) reach the round number. Reads only the view.
    White,
    /// Predicts the opponent's move from what followed the same pair (its move, then this
    /// player's) before, D against a near half-and-half defector after round 40. `tape[0..8]`:
    /// the counts of (opponent, own, opponent) triples; `bits`: the moves it meant to play
    /// (1 = D, newest in bit 0), before that override.
    Yamachi,
}

/// Ds that Grofman's rule tolerates 2 to 8 rounds back, after its own C and its own D.
const GROFMAN_TOLERANCE_AFTER_C: u32 = 2;
const GROFMAN_TOLERANCE_AFTER_D: u32 = 1;

const MIKKELSON_CREDIT_OFFSET: i32 = 7;

/// Richard Hufford's "no aberration pending".
const NEVER: u32 = u32::MAX;

const ROWSAM_NORMAL: u32 = 0;
const ROWSAM_CYCLE_C: u32 = 1;
const ROWSAM_CYCLE_D: u32 = 2;
const ROWSAM_DEFECT: u32 = 3;

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        match *self {
            Rule::Borufsen => borufsen(view, memory),
            Rule::Colbert => colbert(view, memory),
            Rule::Gladstein => {
                if view.rounds == 0 {
                    return Move::D;
                }
                if memory.state == 1 {
                    return view.opponent_move(1);
                }
                if view.opponent_move(1) == Move::D {
                    memory.state = 1;
                    return Move::C;
                }
                Move::from_defected(2 * view.own_cooperations() > view.rounds)
            }
            Rule::GraaskampKatzen { game } => graaskamp_katzen(game, view, memory),
            Rule::Grofman => {
                if view.rounds < 2 {
                    return Move::C;
                }
                if view.rounds <= 6 {
                    return view.opponent_move(1);
                }
                let defections = ((view.opponent >> 1) & 0x7f).count_ones();
                let tolerance = match view.own_move(1) {
                    Move::C => GROFMAN_TOLERANCE_AFTER_C,
                    Move::D => GROFMAN_TOLERANCE_AFTER_D,
                };
                Move::from_defected(defections > tolerance)
            }
            Rule::Mikkelson => mikkelson(view, memory),
            Rule::RichardHufford => richard_hufford(view, memory),
            Rule::Rowsam { game } => rowsam(game, view, memory),
            Rule::Tester => {
                if view.rounds == 0 {
                    return Move::D;
                }
                if memory.state == 1 {
                    return view.opponent_move(1);
                }
                if view.opponent_move(1) == Move::D {
                    memory.state = 1;
                    return Move::C;
                }
                if view.rounds <= 2 {
                    Move::C
                } else {
                    view.own_move(1).flip()
                }
            }
            Rule::TidemanAndChieruzzi { game } => tideman_and_chieruzzi(game, view, memory),
            Rule::Weiner => weiner(view, memory),
            Rule::White => {
                let turn = view.rounds + 1;
                if turn <= 10 || view.opponent_move(1) == Move::C {
                    return Move::C;
                }
                let factor = f64::from(turn).ln().floor();
                Move::from_defected(factor * f64::from(view.opponent_defections) >= f64::from(turn))
            }
            Rule::Yamachi => yamachi(view, memory),
        }
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }
}

const BORUFSEN_DEFECT_MODE: u32 = 1;
const BORUFSEN_FLIP_NEXT_D: u32 = 2;

fn borufsen(view: &View, memory: &mut Memory) -> Move {
    let turn = view.rounds + 1;
    if turn == 1 {
        return Move::C;
    }
    let [after_c, after_d, mutual_run, echo_run] = &mut memory.counts;
    if turn >= 3 && view.opponent_move(1) == Move::C {
        match view.own_move(2) {
            Move::C => *after_c += 1,
            Move::D => *after_d += 1,
        }
    }
    if turn > 2 && turn % 25 == 2 {
        let was_defecting = memory.state & BORUFSEN_DEFECT_MODE != 0;
        let cooperations = *after_c + *after_d;
        let looks_random =
            (8..=17).contains(&cooperations) && f64::from(*after_c) / f64::from(cooperations) < 0.7;
        let defecting = cooperations < 3 || looks_random;
        (*after_c, *after_d) = (0, 0);
        if defecting {
            (*mutual_run, *echo_run) = (0, 0);
            memory.state = BORUFSEN_DEFECT_MODE;
        } else {
            memory.state &= !BORUFSEN_DEFECT_MODE;
            if was_defecting {
                return Move::D;
            }
        }
    }
    if memory.state & BORUFSEN_DEFECT_MODE != 0 {
        return Move::D;
    }
    let (own, opponent) = (view.own_move(1), view.opponent_move(1));
    if own == Move::D && opponent == Move::D {
        *mutual_run += 1;
    } else {
        *mutual_run = 0;
    }
    if *mutual_run >= 3 {
        (*mutual_run, *echo_run) = (0, 0);
        return Move::C;
    }
    // Before round 3 the moves two rounds back read as C, as in the Fortran.
    if own != opponent && own == view.opponent_move(2) && opponent == view.own_move(2) {
        *echo_run += 1;
    } else {
        *echo_run = 0;
    }
    if *echo_run >= 3 {
        (*mutual_run, *echo_run) = (0, 0);
        memory.state |= BORUFSEN_FLIP_NEXT_D;
    }
    if opponent == Move::D && memory.state & BORUFSEN_FLIP_NEXT_D != 0 {
        memory.state &= !BORUFSEN_FLIP_NEXT_D;
        return Move::C;
    }
    opponent
}

/// Colbert's opening, one move per round; after it a machine on the opponent's last move.
const COLBERT_OPENING: [Move; 8] = [
    Move::C,
    Move::C,
    Move::C,
    Move::C,
    Move::C,
    Move::D,
    Move::C,
    Move::C,
];

fn colbert(view: &View, memory: &mut Memory) -> Move {
    if let Some(&opening) = COLBERT_OPENING.get(view.rounds as usize) {
        return opening;
    }
    // The chain after a D plays D D C C whatever the opponent does; state 0 listens.
    let (next, play) = match memory.state {
        0 if view.opponent_move(1) == Move::D => (1, Move::D),
        0 => (0, Move::C),
        1 => (2, Move::D),
        2 => (3, Move::C),
        _ => (0, Move::C),
    };
    memory.state = next;
    play
}

/// Scores below which Graaskamp and Katzen's rule turns to D for ever, by round.
const GRAASKAMP_KATZEN_CHECKPOINTS: [(u32, f64); 6] = [
    (11, 23.0),
    (21, 53.0),
    (31, 83.0),
    (41, 113.0),
    (51, 143.0),
    (101, 293.0),
];

fn graaskamp_katzen(game: Rspt, view: &View, memory: &mut Memory) -> Move {
    if memory.state == 1 {
        return Move::D;
    }
    let turn = view.rounds + 1;
    if turn == 1 {
        return Move::C;
    }
    memory.values[0] += payoff(game, view.own_move(1), view.opponent_move(1));
    let missed = GRAASKAMP_KATZEN_CHECKPOINTS
        .iter()
        .any(|&(round, score)| turn == round && memory.values[0] < score);
    if missed {
        memory.state = 1;
        return Move::D;
    }
    view.opponent_move(1)
}

fn mikkelson(view: &View, memory: &mut Memory) -> Move {
    let turn = view.rounds + 1;
    if turn == 1 {
        memory.state = (7 + MIKKELSON_CREDIT_OFFSET) as u32;
        return Move::C;
    }
    let mut credit = memory.state as i32 - MIKKELSON_CREDIT_OFFSET;
    credit = match view.opponent_move(1) {
        Move::C => (credit + 1).min(8),
        Move::D => (credit - 2).max(-7),
    };
    let play = if turn == 2 || credit > 0 {
        Move::C
    } else if turn <= 10 {
        credit = 4;
        Move::D
    } else {
        Move::from_defected(f64::from(view.opponent_defections) / f64::from(turn) >= 0.15)
    };
    memory.state = (credit + MIKKELSON_CREDIT_OFFSET) as u32;
    play
}

fn richard_hufford(view: &View, memory: &mut Memory) -> Move {
    let turn = view.rounds + 1;
    let [agreements, streak_needed, streak, aberration] = &mut memory.counts;
    if turn == 1 {
        (*agreements, *streak_needed, *streak, *aberration) = (2, 21, 2, NEVER);
        memory.values[0] = 2.0;
        memory.values[1] = 2.0;
        return Move::C;
    }
    // An agreement: the opponent's move repeats this player's the round before; rounds before
    // the match count as C moves and, in the last four, as agreements.
    let agrees =
        |back: u32| back > view.rounds || view.opponent_move(back) == view.own_move(back + 1);
    *agreements += u32::from(agrees(1));
    let last_four = (1..=4).filter(|&back| agrees(back)).count();
    let opponent = view.opponent_move(1);
    if turn < *aberration {
        if opponent == Move::C {
            *streak += 1;
        } else {
            *streak = 0;
        }
        if *streak >= *streak_needed {
            *aberration = turn;
            if *streak == *streak_needed {
                return Move::D;
            }
        }
    } else if turn - *aberration == 2 {
        *aberration = NEVER;
        let [cooperations, defections, ..] = &mut memory.values;
        match opponent {
            Move::C => *cooperations += 1.0,
            Move::D => *defections += 1.0,
        }
        *streak_needed = (20.0 * *defections / *cooperations).floor() as u32 + 1;
        *streak = 0;
        return Move::C;
    }
    let agreeing = f64::from(*agreements) / f64::from(turn);
    if agreeing > 0.9 && last_four >= 4 {
        Move::C
    } else if agreeing >= 0.625 && last_four >= 2 {
        opponent
    } else {
        Move::D
    }
}

fn rowsam(game: Rspt, view: &View, memory: &mut Memory) -> Move {
    let turn = view.rounds + 1;
    if turn > 1 {
        memory.values[0] += payoff(game, view.own_move(1), view.opponent_move(1));
    }
    match memory.state {
        ROWSAM_DEFECT => return Move::D,
        ROWSAM_CYCLE_C => {
            memory.state = ROWSAM_CYCLE_D;
            return Move::C;
        }
        ROWSAM_CYCLE_D => {
            memory.state = ROWSAM_NORMAL;
            return Move::D;
        }
        _ => {}
    }
    let distrust = &mut memory.counts[0];
    if turn.is_multiple_of(18) && *distrust >= 3 {
        *distrust -= 1;
    }
    if !turn.is_multiple_of(6) {
        return Move::C;
    }
    // Axelrod's score per round divides by the coming round, one more than those scored.
    let per_round = memory.values[0] / f64::from(turn);
    *distrust += if per_round < 1.0 {
        5
    } else if per_round < 1.5 {
        3
    } else if per_round < 2.0 {
        2
    } else if per_round < 2.5 {
        1
    } else {
        return Move::C;
    };
    memory.state = if *distrust >= 7 {
        ROWSAM_DEFECT
    } else {
        ROWSAM_CYCLE_C
    };
    Move::D
}

fn tideman_and_chieruzzi(game: Rspt, view: &View, memory: &mut Memory) -> Move {
    let turn = view.rounds + 1;
    if turn == 1 {
        return Move::C;
    }
    let (own, opponent) = (view.own_move(1), view.opponent_move(1));
    let [score, opponent_score, bar, increment] = &mut memory.values;
    *score += payoff(game, own, opponent);
    *opponent_score += payoff(game, opponent, own);
    if memory.state == 1 {
        (*score, *opponent_score, *bar, *increment) = (0.0, 0.0, 0.0, 0.0);
        memory.counts[0] = turn;
        memory.state = 0;
        return Move::C;
    }
    let cooperated_then_defected = view.opponent_move(2) == Move::C && opponent == Move::D;
    if cooperated_then_defected {
        *bar += *increment;
        *increment += 5.0;
    }
    if *score - *opponent_score >= *bar {
        return Move::C;
    }
    if !cooperated_then_defected && turn - memory.counts[0] >= 10 {
        // Three standard deviations of a fair coin's count of D: an opponent outside them
        // is far from random and earns a fresh start.
        let n = f64::from(view.rounds);
        let deviation = n.powf(0.5) / 2.0;
        let defections = f64::from(view.opponent_defections);
        if defections <= n / 2.0 - 3.0 * deviation || defections >= n / 2.0 + 3.0 * deviation {
            memory.state = 1;
            return Move::C;
        }
    }
    Move::D
}

fn weiner(view: &View, memory: &mut Memory) -> Move {
    if view.rounds == 0 {
        return Move::C;
    }
    // Axelrod's Fortran port counts the opponent's Ds in its 12 moves before the last one.
    let override_to_d = ((view.opponent >> 1) & 0xfff).count_ones() >= 5;
    let [grudge, defection_run, ..] = &mut memory.counts;
    let opponent = view.opponent_move(1);
    let planned = if memory.state == 1 {
        memory.state = 0;
        *defection_run = 0;
        if *grudge < view.rounds + 1 && opponent == Move::D {
            *grudge += 20;
            Move::C
        } else {
            opponent
        }
    } else {
        if opponent == Move::D {
            *defection_run += 1;
        } else {
            if *defection_run % 2 == 1 {
                memory.state = 1;
            }
            *defection_run = 0;
        }
        opponent
    };
    if override_to_d { Move::D } else { planned }
}

/// Index of Yamachi's count for (the opponent's move, this player's next, the opponent's next).
fn yamachi_triple(first: Move, second: Move, third: Move) -> usize {
    first.action_index() << 2 | second.action_index() << 1 | third.action_index()
}

fn yamachi(view: &View, memory: &mut Memory) -> Move {
    let turn = view.rounds + 1;
    let meant =
        |back: u32| Move::from_defected(back <= view.rounds && memory.bits >> (back - 1) & 1 == 1);
    let planned = if turn == 1 {
        Move::C
    } else {
        if turn >= 3 {
            let seen = yamachi_triple(view.opponent_move(3), meant(2), view.opponent_move(2));
            memory.tape[seen] += 1;
        }
        let (before, own) = (view.opponent_move(2), meant(1));
        let cooperations = memory.tape[yamachi_triple(before, own, Move::C)];
        let defections = memory.tape[yamachi_triple(before, own, Move::D)];
        Move::from_defected(cooperations < defections)
    };
    memory.bits = memory.bits << 1 | u64::from(planned == Move::D);
    if turn > 40 {
        let defecting = (f64::from(view.opponent_defections) + 0.5) / f64::from(turn);
        if 0.45 < defecting && defecting < 0.55 {
            return Move::D;
        }
    }
    planned
}

/// The registered strategies, in the order `dilemma strategies` lists them.
pub const ENTRIES: &[&Entry] = &[
    &SECOND_BY_BORUFSEN,
    &SECOND_BY_COLBERT,
    &SECOND_BY_GLADSTEIN,
    &SECOND_BY_GRAASKAMP_KATZEN,
    &SECOND_BY_GROFMAN,
    &SECOND_BY_MIKKELSON,
    &SECOND_BY_RICHARD_HUFFORD,
    &SECOND_BY_ROWSAM,
    &SECOND_BY_TESTER,
    &SECOND_BY_TIDEMAN_AND_CHIERUZZI,
    &SECOND_BY_WEINER,
    &SECOND_BY_WHITE,
    &SECOND_BY_YAMACHI,
];

fn deterministic(rule: Rule) -> Result<Policy, String> {
    Ok(Policy::SecondTournament(super::Rule::Deterministic(rule)))
}

pub static SECOND_BY_BORUFSEN: Entry = Entry {
    name: "second_by_borufsen",
    axelrod_name: Some("Second by Borufsen"),
    aliases: &[],
    summary: "tit for tat breaking mutual-D and echo runs; D for 25 rounds at a random or mean opponent",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::Borufsen),
};

pub static SECOND_BY_COLBERT: Entry = Entry {
    name: "second_by_colbert",
    axelrod_name: Some("Second by Colbert"),
    aliases: &[],
    summary: "C but D at round 6, then answers a D with D D C C and a C with C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::Colbert),
};

pub static SECOND_BY_GLADSTEIN: Entry = Entry {
    name: "second_by_gladstein",
    axelrod_name: Some("Second by Gladstein"),
    aliases: &[],
    summary: "D first and as often as under half its moves until the opponent defects, then C and tit for tat",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::Gladstein),
};

pub static SECOND_BY_GRAASKAMP_KATZEN: Entry = Entry {
    name: "second_by_graaskampkatzen",
    axelrod_name: Some("Second by GraaskampKatzen"),
    aliases: &[],
    summary: "tit for tat, D for ever when its score misses a checkpoint (rounds 11 to 101)",
    parameters: &[],
    classifier: classifier(None, false, true),
    build: |_, context| {
        deterministic(Rule::GraaskampKatzen {
            game: context.game_or_standard(),
        })
    },
};

pub static SECOND_BY_GROFMAN: Entry = Entry {
    name: "second_by_grofman",
    axelrod_name: Some("Second by Grofman"),
    aliases: &[],
    summary: "tit for tat to round 7, then C unless the opponent defected often 2 to 8 rounds back",
    parameters: &[],
    classifier: classifier(Some(8), false, false),
    build: |_, _| deterministic(Rule::Grofman),
};

pub static SECOND_BY_MIKKELSON: Entry = Entry {
    name: "second_by_mikkelson",
    axelrod_name: Some("Second by Mikkelson"),
    aliases: &[],
    summary: "C on credit the opponent's C raises and D lowers; out of credit, D at a 15% defector",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::Mikkelson),
};

pub static SECOND_BY_RICHARD_HUFFORD: Entry = Entry {
    name: "second_by_richardhufford",
    axelrod_name: Some("Second by RichardHufford"),
    aliases: &[],
    summary: "C or tit for tat while the opponent echoes its moves, a D after a long run of C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::RichardHufford),
};

pub static SECOND_BY_ROWSAM: Entry = Entry {
    name: "second_by_rowsam",
    axelrod_name: Some("Second by Rowsam"),
    aliases: &[],
    summary: "C, with D C D when its score per round is poor and D for ever when that recurs",
    parameters: &[],
    classifier: classifier(None, false, true),
    build: |_, context| {
        deterministic(Rule::Rowsam {
            game: context.game_or_standard(),
        })
    },
};

pub static SECOND_BY_TESTER: Entry = Entry {
    name: "second_by_tester",
    axelrod_name: Some("Second by Tester"),
    aliases: &[],
    summary: "D first, then alternates C and D until the opponent defects, then C and tit for tat",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::Tester),
};

pub static SECOND_BY_TIDEMAN_AND_CHIERUZZI: Entry = Entry {
    name: "second_by_tideman_and_chieruzzi",
    axelrod_name: Some("Second by Tideman and Chieruzzi"),
    aliases: &[],
    summary: "C while its score lead meets a bar the opponent's C-then-D raises; fresh starts",
    parameters: &[],
    classifier: classifier(None, false, true),
    build: |_, context| {
        deterministic(Rule::TidemanAndChieruzzi {
            game: context.game_or_standard(),
        })
    },
};

pub static SECOND_BY_WEINER: Entry = Entry {
    name: "second_by_weiner",
    axelrod_name: Some("Second by Weiner"),
    aliases: &[],
    summary: "tit for tat forgiving after an odd run of D; D when 5 of 12 recent opponent moves are D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::Weiner),
};

pub static SECOND_BY_WHITE: Entry = Entry {
    name: "second_by_white",
    axelrod_name: Some("Second by White"),
    aliases: &[],
    summary: "C for 10 rounds and after a C; after a D, D once floor(ln n) times its Ds reaches n",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::White),
};

pub static SECOND_BY_YAMACHI: Entry = Entry {
    name: "second_by_yamachi",
    axelrod_name: Some("Second by Yamachi"),
    aliases: &[],
    summary: "predicts the opponent from past triples of moves; D at a near half-and-half defector",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| deterministic(Rule::Yamachi),
};

//! Strategies of their own kind that belong to no larger family: Axelrod-Python's
//! single-strategy modules (Adaptive, Grumpy, Handshake, the Worse and Worse rules, ...).

use super::axelrod_first::{finally_defect, payoff};
use super::entry::{Entry, Rspt, classifier};
use super::{Chance, Memory, Move, Policy, View};
use rand::Rng;

/// The family's compiled rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// C six times, D five times, then the move that has scored more in total. `values[0]`,
    /// `values[1]`: the payoffs summed over its Cs and over its Ds.
    Adaptive { game: Rspt },
    /// Tit for tat for six rounds, then a reply to the class the opponent's last six moves put
    /// it in, reclassified every six rounds. `state`: the class (see `PavlovClass`).
    AdaptivePavlov2006,
    /// As 2006 with four classes decided by counting Ds. `state`: the class.
    AdaptivePavlov2011,
    /// C with chance (round number)/1000.
    BetterAndBetter,
    /// Reinforcement learning on its own payoffs. `values[0]`, `values[1]`: the weights of C and
    /// D (C is played with chance C/(C+D)).
    BushMosteller { game: Rspt },
    /// Joss for 20 rounds, then D for ever if the opponent's first 20 moves repeat a cycle of
    /// at most 10, else tit for tat. `state`: 1 when a cycle was found.
    Calculator,
    /// D after the opponent's D when it has at most twice as many Cs as Ds.
    Doubler,
    /// D five times, C twice, then D for ever if the opponent played D in rounds 6 and 7, else
    /// C for ever. `state`: 1 when it did.
    GradualKiller,
    /// Turns grumpy (D) when the opponent's Ds outnumber its Cs by more than 10, nice again
    /// when its Cs outnumber its Ds by more than 10. `state`: 1 while grumpy.
    Grumpy,
    /// C then D; C for ever if the opponent opened the same way, else D. `state`: 1 when it
    /// did, 2 when it did not (decided in round 3).
    Handshake,
    /// C with chance 1 - 1/k when the opponent's last D was k rounds ago. `counts[0]`: the
    /// number of rounds played when it last defected (0 if never).
    Inverse,
    /// C while an exponential average of the opponent's Cs stays above a threshold.
    /// `values[0]`: the average.
    Momentum,
    /// Tit for tat, but D after five Ds of its own.
    Resurrection,
    /// Tit for tat, but D after five Cs of its own and C after five Ds.
    DoubleResurrection,
    /// Downing's second-tournament rule: estimates how the opponent answers its C and D.
    /// `counts`: the opponent's Cs after its C, after its D, its Cs and Ds answered so far.
    RevisedDowning,
    /// Follows a sine of the round number: D at its top, tit for tat on the slopes, random at
    /// zero, C at the bottom.
    SelfSteem,
    /// C for 10 rounds, then C or D when one leads by 3 in the opponent's last 10 moves, else
    /// tit for tat.
    ShortMem,
    /// Plays on its average score: D when above R, C between (R+P)/2 and R or above 2, D between
    /// 1 and 2, random otherwise; D in the last round. `values[0]`: its score.
    Stalker { game: Rspt, length: Option<u32> },
    /// C for three rounds, then the opponent's majority move, tit for tat on a tie.
    VeryBad,
    /// C with chance 1 - (round number)/1000.
    WorseAndWorse,
    /// C with chance 1 - (round number)/(match length); C when the length is unknown.
    KnowledgeableWorseAndWorse { length: Option<u32> },
    /// Tit for tat for 20 rounds, then C with chance 20/(round number).
    WorseAndWorse2,
    /// C first, then C with the opponent's share of C so far.
    WorseAndWorse3,
}

/// Adaptive Pavlov's opponent classes, as stored in `Memory::state` (0: not yet classified).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
enum PavlovClass {
    Cooperative = 1,
    AllD = 2,
    SuspiciousTitForTat = 3,
    PavlovD = 4,
    Random = 5,
}

impl PavlovClass {
    fn stored(memory: &Memory) -> Option<PavlovClass> {
        use PavlovClass::*;
        [Cooperative, AllD, SuspiciousTitForTat, PavlovD, Random]
            .into_iter()
            .find(|class| *class as u32 == memory.state)
    }
}

/// A sequence of moves, oldest first, as the view's bits (1 = D, newest in bit 0).
const fn pattern(moves: &[u8]) -> u64 {
    let mut bits = 0;
    let mut i = 0;
    while i < moves.len() {
        bits = bits << 1 | (moves[i] == b'D') as u64;
        i += 1;
    }
    bits
}

/// Momentum's decay and threshold, as tuned by a genetic algorithm (Axelrod-Python's defaults).
const MOMENTUM_ALPHA: f64 = 0.991_465_539_987_747_7;
const MOMENTUM_THRESHOLD: f64 = 0.967_659_561_372_490_7;

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        let tit_for_tat = view.opponent_move(1);
        match *self {
            Rule::Adaptive { game } => {
                if view.rounds > 0 {
                    let own = view.own_move(1);
                    memory.values[own.action_index()] += payoff(game, own, view.opponent_move(1));
                }
                if view.rounds < 11 {
                    Move::from_defected(view.rounds >= 6)
                } else {
                    Move::from_defected(memory.values[0] <= memory.values[1])
                }
            }
            Rule::AdaptivePavlov2006 => adaptive_pavlov_2006(view, memory),
            Rule::AdaptivePavlov2011 => adaptive_pavlov_2011(view, memory),
            Rule::BetterAndBetter => Chance::new(f64::from(view.rounds + 1) / 1000.0).play(rng),
            Rule::BushMosteller { game } => {
                bush_mosteller(game, view, memory);
                let [c, d, ..] = memory.values;
                Chance::new(c / (c + d)).play(rng)
            }
            Rule::Calculator => {
                if view.rounds < 20 {
                    // Joss: C first, D after a D, C with chance 0.9 after a C.
                    return match (view.rounds, tit_for_tat) {
                        (0, _) => Move::C,
                        (_, Move::D) => Move::D,
                        (_, Move::C) => Chance::new(0.9).play(rng),
                    };
                }
                if view.rounds == 20 {
                    memory.state = u32::from(opening_repeats_a_cycle(view.opponent));
                }
                if memory.state == 1 {
                    Move::D
                } else {
                    tit_for_tat
                }
            }
            Rule::Doubler => Move::from_defected(
                view.rounds > 0
                    && tit_for_tat == Move::D
                    && view.opponent_cooperations() <= 2 * view.opponent_defections,
            ),
            Rule::GradualKiller => {
                if view.rounds < 7 {
                    return Move::from_defected(view.rounds < 5);
                }
                if view.rounds == 7 {
                    memory.state = u32::from(view.opponent & 0b11 == 0b11);
                }
                Move::from_defected(memory.state == 1)
            }
            Rule::Grumpy => {
                let grumpiness =
                    i64::from(view.opponent_defections) - i64::from(view.opponent_cooperations());
                if memory.state == 0 && grumpiness > 10 {
                    memory.state = 1;
                } else if memory.state == 1 && grumpiness < -10 {
                    memory.state = 0;
                }
                Move::from_defected(memory.state == 1)
            }
            Rule::Handshake => match view.rounds {
                0 => Move::C,
                1 => Move::D,
                _ => {
                    if view.rounds == 2 {
                        let answered = view.opponent & 0b11 == pattern(b"CD");
                        memory.state = if answered { 1 } else { 2 };
                    }
                    Move::from_defected(memory.state != 1)
                }
            },
            Rule::Inverse => {
                if view.rounds > 0 && tit_for_tat == Move::D {
                    memory.counts[0] = view.rounds;
                }
                if memory.counts[0] == 0 {
                    return Move::C;
                }
                let since = view.rounds - memory.counts[0] + 1;
                Chance::new(1.0 - 1.0 / f64::from(since)).play(rng)
            }
            Rule::Momentum => {
                if view.rounds == 0 {
                    memory.values[0] = 1.0;
                    return Move::C;
                }
                let cooperated = if tit_for_tat == Move::C { 1.0 } else { 0.0 };
                let momentum = &mut memory.values[0];
                *momentum = MOMENTUM_ALPHA * *momentum + (1.0 - MOMENTUM_ALPHA) * cooperated;
                Move::from_defected(*momentum < MOMENTUM_THRESHOLD)
            }
            Rule::Resurrection => {
                if view.rounds >= 5 && view.own & 0x1f == 0x1f {
                    Move::D
                } else {
                    tit_for_tat
                }
            }
            Rule::DoubleResurrection => match view.own & 0x1f {
                0 if view.rounds >= 5 => Move::D,
                0x1f if view.rounds >= 5 => Move::C,
                _ => tit_for_tat,
            },
            Rule::RevisedDowning => revised_downing(view, memory),
            Rule::SelfSteem => {
                let sine = (2.0 * std::f64::consts::PI * f64::from(view.rounds) / 10.0).sin();
                if sine > 0.95 {
                    Move::D
                } else if 0.95 > sine.abs() && sine.abs() > 0.3 {
                    tit_for_tat
                } else if 0.3 > sine && sine > -0.3 {
                    Chance::new(0.5).play(rng)
                } else {
                    Move::C
                }
            }
            Rule::ShortMem => {
                if view.rounds <= 10 {
                    return Move::C;
                }
                let defections = i64::from((view.opponent & 0x3ff).count_ones());
                let lead = (10 - defections) - defections;
                if lead >= 3 {
                    Move::C
                } else if lead <= -3 {
                    Move::D
                } else {
                    tit_for_tat
                }
            }
            Rule::Stalker { game, length } => {
                let planned = stalker(game, view, memory, rng);
                finally_defect(planned, view, length, 1)
            }
            Rule::VeryBad => {
                if view.rounds < 3 {
                    return Move::C;
                }
                match (2 * view.opponent_cooperations()).cmp(&view.rounds) {
                    std::cmp::Ordering::Greater => Move::C,
                    std::cmp::Ordering::Less => Move::D,
                    std::cmp::Ordering::Equal => tit_for_tat,
                }
            }
            Rule::WorseAndWorse => Chance::new(1.0 - f64::from(view.rounds + 1) / 1000.0).play(rng),
            Rule::KnowledgeableWorseAndWorse { length } => match length {
                // Axelrod's infinite length: 1 - round/inf = 1.
                None => Move::C,
                Some(length) => {
                    Chance::new(1.0 - f64::from(view.rounds + 1) / f64::from(length)).play(rng)
                }
            },
            Rule::WorseAndWorse2 => match view.rounds {
                0 => Move::C,
                1..20 => tit_for_tat,
                _ => Chance::new(20.0 / f64::from(view.rounds + 1)).play(rng),
            },
            Rule::WorseAndWorse3 => {
                if view.rounds == 0 {
                    return Move::C;
                }
                let defected = f64::from(view.opponent_defections) / f64::from(view.rounds);
                Chance::new(1.0 - defected).play(rng)
            }
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self {
            Rule::KnowledgeableWorseAndWorse { length } => length.is_some(),
            Rule::BetterAndBetter
            | Rule::BushMosteller { .. }
            | Rule::Calculator
            | Rule::Inverse
            | Rule::SelfSteem
            | Rule::Stalker { .. }
            | Rule::WorseAndWorse
            | Rule::WorseAndWorse2
            | Rule::WorseAndWorse3 => true,
            Rule::Adaptive { .. }
            | Rule::AdaptivePavlov2006
            | Rule::AdaptivePavlov2011
            | Rule::Doubler
            | Rule::GradualKiller
            | Rule::Grumpy
            | Rule::Handshake
            | Rule::Momentum
            | Rule::Resurrection
            | Rule::DoubleResurrection
            | Rule::RevisedDowning
            | Rule::ShortMem
            | Rule::VeryBad => false,
        }
    }
}

fn adaptive_pavlov_2006(view: &View, memory: &mut Memory) -> Move {
    use PavlovClass::*;
    let tit_for_tat = view.opponent_move(1);
    if view.rounds < 6 {
        return tit_for_tat;
    }
    let phase = view.rounds % 6;
    if phase == 0 {
        let recent = view.opponent & 0x3f;
        let class = match recent {
            0 => Some(Cooperative),
            0x3f => Some(AllD),
            r if r == pattern(b"DCDCDC") => Some(SuspiciousTitForTat),
            r if r == pattern(b"DDCDDC") => Some(PavlovD),
            _ => None,
        };
        // An unrecognised window keeps the class found earlier, Random only the first time.
        match class {
            Some(class) => memory.state = class as u32,
            None if memory.state == 0 => memory.state = Random as u32,
            None => {}
        }
    }
    match PavlovClass::stored(memory) {
        Some(Random | AllD) => Move::D,
        Some(SuspiciousTitForTat) if phase <= 1 => Move::C,
        Some(SuspiciousTitForTat | Cooperative) => tit_for_tat,
        Some(PavlovD) if phase == 0 => Move::D,
        _ => Move::C,
    }
}

fn adaptive_pavlov_2011(view: &View, memory: &mut Memory) -> Move {
    use PavlovClass::*;
    let tit_for_tat = view.opponent_move(1);
    if view.rounds < 6 {
        return tit_for_tat;
    }
    if view.rounds.is_multiple_of(6) {
        let class = match (view.opponent & 0x3f).count_ones() {
            0 => Some(Cooperative),
            4.. => Some(AllD),
            3 => Some(SuspiciousTitForTat),
            _ => None,
        };
        match class {
            Some(class) => memory.state = class as u32,
            None if memory.state == 0 => memory.state = Random as u32,
            None => {}
        }
    }
    match PavlovClass::stored(memory) {
        Some(Random | AllD) => Move::D,
        // Tit for two tats.
        Some(SuspiciousTitForTat) => Move::from_defected(view.opponent & 0b11 == 0b11),
        Some(Cooperative) => tit_for_tat,
        _ => Move::C,
    }
}

fn bush_mosteller(game: Rspt, view: &View, memory: &mut Memory) {
    if view.rounds == 0 {
        memory.values[0] = 0.5;
        memory.values[1] = 0.5;
        return;
    }
    const LEARNING_RATE: f64 = 0.5;
    // Axelrod-Python fixes the aspiration level when the player is built, before it is told
    // the game, so it always comes from the standard game; the payoffs come from the match's.
    let standard = Rspt::STANDARD;
    let aspiration = (largest_payoff(standard) / 3.0).abs();
    let own = view.own_move(1);
    let received = payoff(game, own, view.opponent_move(1));
    let stimulus = ((received - aspiration) / (largest_payoff(game) - aspiration).abs()).max(-1.0);
    let weight = &mut memory.values[own.action_index()];
    if stimulus >= 0.0 {
        *weight += LEARNING_RATE * stimulus * (1.0 - *weight);
    } else {
        *weight += LEARNING_RATE * stimulus * *weight;
    }
}

fn largest_payoff(game: Rspt) -> f64 {
    game.reward
        .max(game.punishment)
        .max(game.sucker)
        .max(game.temptation)
}

/// Whether the opponent's first 20 moves (the view's low 20 bits at round 20) repeat their own
/// first k moves for some k from 1 to 10, as Axelrod-Python's `detect_cycle` finds.
fn opening_repeats_a_cycle(opponent: u64) -> bool {
    // Move j (0 = the first) is bit 19 - j.
    let defected = |j: u32| opponent >> (19 - j) & 1 == 1;
    (1..=10).any(|period| (period..20).all(|j| defected(j) == defected(j % period)))
}

fn revised_downing(view: &View, memory: &mut Memory) -> Move {
    if view.rounds == 0 {
        return Move::C;
    }
    let [after_c, after_d, answered_c, answered_d] = &mut memory.counts;
    if view.rounds >= 2 {
        let cooperated = u32::from(view.opponent_move(1) == Move::C);
        match view.own_move(2) {
            Move::D => {
                *after_d += cooperated;
                *answered_d += 1;
            }
            Move::C => {
                *after_c += cooperated;
                *answered_c += 1;
            }
        }
    }
    let good = if *answered_c > 0 {
        f64::from(*after_c) / f64::from(*answered_c)
    } else {
        1.0
    };
    let bad = if *answered_d > 0 {
        f64::from(*after_d) / f64::from(*answered_d)
    } else {
        0.0
    };
    let c = 6.0 * good - 8.0 * bad - 2.0;
    let alt = 4.0 * good - 5.0 * bad - 1.0;
    if c >= 0.0 && c >= alt {
        Move::C
    } else if (0.0 <= c && c < alt) || alt >= 0.0 {
        Move::from_defected(view.own_move(1) == Move::C)
    } else {
        Move::D
    }
}

fn stalker<R: Rng + ?Sized>(game: Rspt, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
    if view.rounds == 0 {
        return Move::C;
    }
    memory.values[0] += payoff(game, view.own_move(1), view.opponent_move(1));
    let average = memory.values[0] / f64::from(view.rounds);
    let (very_good, wish) = (game.reward, (game.reward + game.punishment) / 2.0);
    if average > very_good {
        Move::D
    } else if (average > wish && average < very_good) || average > 2.0 {
        Move::C
    } else if average < 2.0 && average > 1.0 {
        Move::D
    } else {
        Chance::new(0.5).play(rng)
    }
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &ADAPTIVE,
    &APPEASER,
    &ADAPTIVE_PAVLOV_2006,
    &ADAPTIVE_PAVLOV_2011,
    &BETTER_AND_BETTER,
    &BUSH_MOSTELLER,
    &CALCULATOR,
    &DOUBLER,
    &GRADUAL_KILLER,
    &GRUMPY,
    &HANDSHAKE,
    &INVERSE,
    &MOMENTUM,
    &NEGATION,
    &RESURRECTION,
    &DOUBLE_RESURRECTION,
    &REVISED_DOWNING,
    &SELFSTEEM,
    &SHORTMEM,
    &STALKER,
    &VERYBAD,
    &WORSE_AND_WORSE,
    &KNOWLEDGEABLE_WORSE_AND_WORSE,
    &WORSE_AND_WORSE_2,
    &WORSE_AND_WORSE_3,
];

/// An entry whose policy is `Policy::Other(rule)`, built without reading the context.
macro_rules! plain {
    ($static:ident, $name:literal, $axelrod:literal, $summary:literal, $classifier:expr,
     $rule:expr) => {
        pub static $static: Entry = Entry {
            name: $name,
            axelrod_name: Some($axelrod),
            aliases: &[],
            summary: $summary,
            parameters: &[],
            classifier: $classifier,
            build: |_, _| Ok(Policy::Other($rule)),
        };
    };
}

pub static ADAPTIVE: Entry = Entry {
    name: "adaptive",
    axelrod_name: Some("Adaptive"),
    aliases: &[],
    summary: "C six times, D five times, then whichever move has scored more in total",
    parameters: &[],
    classifier: classifier(None, false, true),
    build: |_, context| {
        Ok(Policy::Other(Rule::Adaptive {
            game: context.game_or_standard(),
        }))
    },
};

pub static APPEASER: Entry = Entry {
    name: "appeaser",
    axelrod_name: Some("Appeaser"),
    aliases: &[],
    summary: "C first; switches its move whenever the opponent defects",
    parameters: &[],
    // Axelrod declares an unbounded memory; the rule is memory-one (WSLS's vector).
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 0.0, 1.0])),
};

pub static ADAPTIVE_PAVLOV_2006: Entry = Entry {
    name: "adaptive_pavlov_2006",
    axelrod_name: Some("Adaptive Pavlov 2006"),
    aliases: &["APavlov2006"],
    summary: "tit for tat for six rounds, then answers the opponent class it detects every six",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Other(Rule::AdaptivePavlov2006)),
};

pub static ADAPTIVE_PAVLOV_2011: Entry = Entry {
    name: "adaptive_pavlov_2011",
    axelrod_name: Some("Adaptive Pavlov 2011"),
    aliases: &["APavlov2011"],
    summary: "tit for tat for six rounds, then answers one of four classes it detects every six",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| Ok(Policy::Other(Rule::AdaptivePavlov2011)),
};

plain!(
    BETTER_AND_BETTER,
    "better_and_better",
    "Better and Better",
    "C with chance (round number)/1000",
    classifier(None, true, false),
    Rule::BetterAndBetter
);

pub static BUSH_MOSTELLER: Entry = Entry {
    name: "bush_mosteller",
    axelrod_name: Some("Bush Mosteller"),
    aliases: &[],
    summary: "reinforcement learning: a move's weight grows when its payoff beats an aspiration",
    parameters: &[],
    classifier: classifier(None, true, true),
    build: |_, context| {
        Ok(Policy::Other(Rule::BushMosteller {
            game: context.game_or_standard(),
        }))
    },
};

plain!(
    CALCULATOR,
    "calculator",
    "Calculator",
    "Joss for 20 rounds, then D for ever against a cycle, else tit for tat",
    classifier(None, true, false),
    Rule::Calculator
);

plain!(
    DOUBLER,
    "doubler",
    "Doubler",
    "D after a D when the opponent has at most twice as many Cs as Ds, else C",
    classifier(None, false, false),
    Rule::Doubler
);

plain!(
    GRADUAL_KILLER,
    "gradual_killer",
    "Gradual Killer",
    "DDDDDCC, then D for ever if the opponent played D in rounds 6 and 7, else C",
    classifier(None, false, false),
    Rule::GradualKiller
);

plain!(
    GRUMPY,
    "grumpy",
    "Grumpy",
    "turns grumpy (D) past 10 more Ds than Cs from the opponent, nice past 10 more Cs",
    classifier(None, false, false),
    Rule::Grumpy
);

plain!(
    HANDSHAKE,
    "handshake",
    "Handshake",
    "C then D; C for ever if the opponent opened C then D, else D for ever",
    classifier(None, false, false),
    Rule::Handshake
);

plain!(
    INVERSE,
    "inverse",
    "Inverse",
    "C with chance 1 - 1/k when the opponent last defected k rounds ago",
    classifier(None, true, false),
    Rule::Inverse
);

plain!(
    MOMENTUM,
    "momentum",
    "Momentum",
    "C while an exponential average of the opponent's Cs stays above a threshold",
    classifier(None, false, false),
    Rule::Momentum
);

pub static NEGATION: Entry = Entry {
    name: "negation",
    axelrod_name: Some("Negation"),
    aliases: &[],
    summary: "a coin flip first, then the opposite of the opponent's last move",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(0.5, [0.0, 1.0, 0.0, 1.0])),
};

plain!(
    RESURRECTION,
    "resurrection",
    "Resurrection",
    "tit for tat, but D after five Ds of its own",
    classifier(Some(5), false, false),
    Rule::Resurrection
);

plain!(
    DOUBLE_RESURRECTION,
    "doubleresurrection",
    "DoubleResurrection",
    "tit for tat, but D after five Cs of its own and C after five Ds",
    classifier(Some(5), false, false),
    Rule::DoubleResurrection
);

plain!(
    REVISED_DOWNING,
    "revised_downing",
    "Revised Downing",
    "C first; estimates how the opponent answers its C and D and plays the better reply",
    classifier(None, false, false),
    Rule::RevisedDowning
);

plain!(
    SELFSTEEM,
    "selfsteem",
    "SelfSteem",
    "follows a sine of the round: D at the top, tit for tat, random at zero, C at the bottom",
    classifier(None, true, false),
    Rule::SelfSteem
);

plain!(
    SHORTMEM,
    "shortmem",
    "ShortMem",
    "C for 10 rounds, then the move leading by 3 in the opponent's last 10, else tit for tat",
    classifier(None, false, false),
    Rule::ShortMem
);

pub static STALKER: Entry = Entry {
    name: "stalker",
    axelrod_name: Some("Stalker"),
    aliases: &[],
    summary: "plays on its average score (D above R, random below P) and D in the last round",
    parameters: &[],
    classifier: classifier(None, true, true).using_length(),
    build: |_, context| {
        Ok(Policy::Other(Rule::Stalker {
            game: context.game_or_standard(),
            length: context.length,
        }))
    },
};

plain!(
    VERYBAD,
    "verybad",
    "VeryBad",
    "C for three rounds, then the opponent's majority move so far, tit for tat on a tie",
    classifier(None, false, false),
    Rule::VeryBad
);

plain!(
    WORSE_AND_WORSE,
    "worse_and_worse",
    "Worse and Worse",
    "C with chance 1 - (round number)/1000",
    classifier(None, true, false),
    Rule::WorseAndWorse
);

pub static KNOWLEDGEABLE_WORSE_AND_WORSE: Entry = Entry {
    name: "knowledgeable_worse_and_worse",
    axelrod_name: Some("Knowledgeable Worse and Worse"),
    aliases: &[],
    summary: "C with chance 1 - (round number)/(match length); C when the length is unknown",
    parameters: &[],
    classifier: classifier(None, true, false).using_length(),
    build: |_, context| {
        Ok(Policy::Other(Rule::KnowledgeableWorseAndWorse {
            length: context.length,
        }))
    },
};

plain!(
    WORSE_AND_WORSE_2,
    "worse_and_worse_2",
    "Worse and Worse 2",
    "tit for tat for 20 rounds, then C with chance 20/(round number)",
    classifier(None, true, false),
    Rule::WorseAndWorse2
);

plain!(
    WORSE_AND_WORSE_3,
    "worse_and_worse_3",
    "Worse and Worse 3",
    "C first, then C with the opponent's share of C so far",
    classifier(None, true, false),
    Rule::WorseAndWorse3
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_read_oldest_first() {
        assert_eq!(pattern(b"CD"), 0b01);
        assert_eq!(pattern(b"DCDCDC"), 0b101010);
    }

    #[test]
    fn cycles_of_at_most_ten_are_found_in_twenty_moves() {
        // Axelrod's test: CDCCDCCCDC twice is a cycle of ten; an eleven-move cycle is not.
        let bits = |moves: &[u8]| pattern(moves);
        assert!(opening_repeats_a_cycle(bits(b"CDCCDCCCDCCDCCDCCCDC")));
        assert!(!opening_repeats_a_cycle(bits(b"DDCCDCCCDCDDDCCDCCCD")));
        assert!(opening_repeats_a_cycle(bits(b"CDCDCDCDCDCDCDCDCDCD")));
    }
}

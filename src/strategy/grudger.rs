//! Grudgers, punishers and retaliators: strategies that hold a defection against the opponent
//! (Axelrod-Python's `grudger`, `punisher`, `retaliate` and `oncebitten` modules; plain Grudger
//! itself is `Policy::Grudger`, registered with the reactive strategies).

use super::entry::{Entry, ParameterInfo, classifier, single};
use super::{Chance, Memory, Move, Policy, View};
use rand::Rng;

/// The family's compiled rules. The `Memory` fields each one uses are listed at its variant;
/// the others leave memory untouched.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// C; on the opponent's D, D for `FORGETFUL_SPAN` rounds, then looks again.
    /// `state`: 1 while grudging; `counts[0]`: rounds of the grudge played.
    ForgetfulGrudger,
    /// D until the opponent cooperates once, then C for ever.
    OppositeGrudger,
    /// D for three rounds, then grudger.
    Aggravater,
    /// C until the opponent's last `trigger` moves are all D; then D for `punish` rounds (the
    /// triggered round included) and C for `penance` rounds, whatever the opponent does, before
    /// looking again. `state`: 1 while in the punishment; `counts[0]`: its rounds played after
    /// the triggered one.
    SoftGrudger {
        trigger: u32,
        punish: u32,
        penance: u32,
    },
    /// C until the opponent defects once, then alternates D and C from its own last move.
    GrudgerAlternator,
    /// D until the opponent defects once, then C for ever.
    EasyGo,
    /// C twice, then grudger.
    SpitefulCc,
    /// Murase and Baek's CAPRI: a table on the last three rounds (before round 1 they count as
    /// mutual cooperation).
    Capri,
    /// C; on the opponent's D, D for a number of rounds set then: 20 × the opponent's share of D
    /// (`inverse`: of C, at least 1). `state`: 1 while grudging; `counts[0]`: rounds of the
    /// grudge played; `counts[1]`: its length.
    Punisher { inverse: bool },
    /// C for 10 rounds, then D whenever more than 20% of the opponent's moves were D.
    LevelPunisher,
    /// D when the opponent's share of D exceeds 20% (before round 10), 10% (before 50) or 5%
    /// (before 100); C otherwise and from round 100 on.
    TrickyLevelPunisher,
    /// D while the opponent's (C, D) rounds outnumber `threshold` × its (D, C) rounds; with a
    /// `limit`, after that many D in a row it cooperates one round and starts counting again.
    /// `counts[0]`: rounds of (own C, opponent D); `counts[1]`: of (own D, opponent C);
    /// `counts[2]`: retaliations in a row (limited only).
    Retaliate { threshold: f64, limit: Option<u32> },
    /// C; after two D in a row from the opponent, D for `ONCE_BITTEN_SPAN` rounds, then looks
    /// again. `state`: 1 while grudging; `counts[0]`: rounds of the grudge played.
    OnceBitten,
    /// C until the opponent's second D, then D for ever.
    FoolMeOnce,
    /// Fool me once on its own count of the opponent's D, forgotten (reset to 0) with chance
    /// `forget` each round. `counts[0]`: the count.
    ForgetfulFoolMeOnce { forget: Chance },
}

/// How long Forgetful Grudger holds a grudge.
const FORGETFUL_SPAN: u32 = 10;
/// How long Once Bitten holds a grudge.
const ONCE_BITTEN_SPAN: u32 = 10;

/// CAPRI's cooperative cases as (own, opponent) moves over the last three rounds, oldest first;
/// it defects in the other 50. Transcribed from Murase and Baek (2020), as Axelrod-Python lists
/// them: rule C, then A (accept punishment), P (punish once, then return), R (recover).
const CAPRI_COOPERATES: [(&str, &str); 14] = [
    ("CCC", "CCC"),
    ("CCD", "CCC"),
    ("CDC", "CCD"),
    ("DCC", "CDC"),
    ("CCC", "DCC"),
    ("CCD", "CDC"),
    ("CDC", "DCC"),
    ("DCC", "CCC"),
    ("DDD", "DDC"),
    ("DDC", "DCC"),
    ("DDC", "DDD"),
    ("DCC", "DDC"),
    ("DDC", "DDC"),
    ("DCC", "DCC"),
];

/// The last three moves, oldest first, as the view's bits: newest in bit 0, 1 = D.
const fn three_moves(letters: &str) -> u64 {
    let bytes = letters.as_bytes();
    ((bytes[0] == b'D') as u64) << 2 | ((bytes[1] == b'D') as u64) << 1 | (bytes[2] == b'D') as u64
}

/// Bit `own << 3 | opponent` (three moves each, as the view holds them) is set where CAPRI
/// defects.
const CAPRI_DEFECTS: u64 = {
    let mut defects = u64::MAX;
    let mut i = 0;
    while i < CAPRI_COOPERATES.len() {
        let (own, opponent) = CAPRI_COOPERATES[i];
        defects &= !(1 << (three_moves(own) << 3 | three_moves(opponent)));
        i += 1;
    }
    defects
};

impl Rule {
    #[inline]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        let opponent_defected = view.rounds > 0 && view.opponent & 1 == 1;
        match *self {
            Rule::ForgetfulGrudger => {
                if memory.counts[0] == FORGETFUL_SPAN {
                    memory.counts[0] = 0;
                    memory.state = 0;
                }
                if opponent_defected {
                    memory.state = 1;
                }
                if memory.state == 1 {
                    memory.counts[0] += 1;
                    Move::D
                } else {
                    Move::C
                }
            }
            Rule::OppositeGrudger => Move::from_defected(view.opponent_cooperations() == 0),
            Rule::Aggravater => {
                Move::from_defected(view.rounds < 3 || view.opponent_defections > 0)
            }
            Rule::SoftGrudger {
                trigger,
                punish,
                penance,
            } => {
                if memory.state == 1 {
                    // The triggered round was the first D; the rest follow from here.
                    let step = memory.counts[0];
                    memory.counts[0] += 1;
                    if memory.counts[0] == punish - 1 + penance {
                        memory.state = 0;
                        memory.counts[0] = 0;
                    }
                    Move::from_defected(step + 1 < punish)
                } else if trigger <= view.rounds && last_all_defected(view.opponent, trigger) {
                    memory.state = 1;
                    Move::D
                } else {
                    Move::C
                }
            }
            Rule::GrudgerAlternator => {
                Move::from_defected(view.opponent_defections > 0 && view.own & 1 == 0)
            }
            Rule::EasyGo => Move::from_defected(view.opponent_defections == 0),
            Rule::SpitefulCc => {
                Move::from_defected(view.rounds >= 2 && view.opponent_defections > 0)
            }
            Rule::Capri => {
                let key = (view.own & 0b111) << 3 | view.opponent & 0b111;
                Move::from_defected(CAPRI_DEFECTS >> key & 1 == 1)
            }
            Rule::Punisher { inverse } => {
                if memory.counts[0] >= memory.counts[1] {
                    memory.counts[0] = 0;
                    memory.state = 0;
                }
                if memory.state == 1 {
                    memory.counts[0] += 1;
                    Move::D
                } else if opponent_defected {
                    memory.counts[1] = if inverse {
                        (view.opponent_cooperations() * 20 / view.rounds).max(1)
                    } else {
                        view.opponent_defections * 20 / view.rounds
                    };
                    memory.state = 1;
                    Move::D
                } else {
                    Move::C
                }
            }
            Rule::LevelPunisher => Move::from_defected(view.rounds >= 10 && share_exceeds(view, 5)),
            Rule::TrickyLevelPunisher => Move::from_defected(
                (1..10).contains(&view.rounds) && share_exceeds(view, 5)
                    || (1..50).contains(&view.rounds) && share_exceeds(view, 10)
                    || (1..100).contains(&view.rounds) && share_exceeds(view, 20),
            ),
            Rule::Retaliate { threshold, limit } => {
                if view.rounds > 0 {
                    match (view.own & 1 == 1, opponent_defected) {
                        (false, true) => memory.counts[0] += 1,
                        (true, false) => memory.counts[1] += 1,
                        _ => {}
                    }
                }
                let provoked =
                    f64::from(memory.counts[0]) > f64::from(memory.counts[1]) * threshold;
                let Some(limit) = limit else {
                    return Move::from_defected(provoked);
                };
                if provoked && memory.counts[2] < limit {
                    memory.counts[2] += 1;
                    Move::D
                } else {
                    // Either calm again or at the limit: one C, and the count starts over.
                    memory.counts[2] = 0;
                    Move::C
                }
            }
            Rule::OnceBitten => {
                if memory.counts[0] >= ONCE_BITTEN_SPAN {
                    memory.counts[0] = 0;
                    memory.state = 0;
                }
                if view.rounds < 2 {
                    Move::C
                } else if memory.state == 1 {
                    memory.counts[0] += 1;
                    Move::D
                } else if view.opponent & 0b11 == 0b11 {
                    memory.state = 1;
                    Move::D
                } else {
                    Move::C
                }
            }
            Rule::FoolMeOnce => Move::from_defected(view.opponent_defections > 1),
            Rule::ForgetfulFoolMeOnce { forget } => {
                if view.rounds == 0 {
                    return Move::C;
                }
                if opponent_defected {
                    memory.counts[0] += 1;
                }
                if forget.happens(rng) {
                    memory.counts[0] = 0;
                }
                Move::from_defected(memory.counts[0] > 1)
            }
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self {
            Rule::ForgetfulFoolMeOnce { forget } => forget.is_random(),
            _ => false,
        }
    }
}

/// True when the last `count` moves in `moves` (newest in bit 0) are all D.
fn last_all_defected(moves: u64, count: u32) -> bool {
    let mask = if count >= 64 {
        u64::MAX
    } else {
        (1 << count) - 1
    };
    moves & mask == mask
}

/// True when more than 1/`parts` of the opponent's moves were D, for a played round or more;
/// exact in integers where Axelrod-Python divides (`defections / rounds > 0.2`, ...).
fn share_exceeds(view: &View, parts: u32) -> bool {
    u64::from(view.opponent_defections) * u64::from(parts) > u64::from(view.rounds)
}

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &FORGETFUL_GRUDGER,
    &OPPOSITE_GRUDGER,
    &AGGRAVATER,
    &SOFT_GRUDGER,
    &GRUDGER_ALTERNATOR,
    &EASY_GO,
    &GENERAL_SOFT_GRUDGER,
    &SPITEFUL_CC,
    &CAPRI,
    &PUNISHER,
    &INVERSE_PUNISHER,
    &LEVEL_PUNISHER,
    &TRICKY_LEVEL_PUNISHER,
    &RETALIATE,
    &RETALIATE_2,
    &RETALIATE_3,
    &LIMITED_RETALIATE,
    &LIMITED_RETALIATE_2,
    &LIMITED_RETALIATE_3,
    &ONCE_BITTEN,
    &FOOL_ME_ONCE,
    &FORGETFUL_FOOL_ME_ONCE,
];

fn rule(rule: Rule) -> Result<Policy, String> {
    Ok(Policy::Grudging(rule))
}

/// Soft Grudger's punishment: D, D, D, D, C, C after the opponent's D.
const SOFT: Rule = Rule::SoftGrudger {
    trigger: 1,
    punish: 4,
    penance: 2,
};

pub static FORGETFUL_GRUDGER: Entry = Entry {
    name: "forgetful_grudger",
    axelrod_name: Some("Forgetful Grudger"),
    aliases: &[],
    summary: "C; after an opponent's D, D for 10 rounds, then looks again",
    parameters: &[],
    // Axelrod-Python declares a finite depth, but when the grudge began depends on earlier
    // grudges, as far back as the match goes.
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::ForgetfulGrudger),
};

pub static OPPOSITE_GRUDGER: Entry = Entry {
    name: "opposite_grudger",
    axelrod_name: Some("Opposite Grudger"),
    aliases: &[],
    summary: "D until the opponent cooperates once, then C for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::OppositeGrudger),
};

pub static AGGRAVATER: Entry = Entry {
    name: "aggravater",
    axelrod_name: Some("Aggravater"),
    aliases: &[],
    summary: "D for three rounds, then C until the opponent defects once, then D for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Aggravater),
};

pub static SOFT_GRUDGER: Entry = Entry {
    name: "soft_grudger",
    axelrod_name: Some("Soft Grudger"),
    aliases: &["SGRIM"],
    summary: "C; answers an opponent's D with D, D, D, D, C, C, then looks again",
    parameters: &[],
    // Axelrod-Python declares a finite depth, but when the grudge began depends on earlier
    // grudges, as far back as the match goes.
    classifier: classifier(None, false, false),
    build: |_, _| rule(SOFT),
};

pub static GRUDGER_ALTERNATOR: Entry = Entry {
    name: "grudgeralternator",
    axelrod_name: Some("GrudgerAlternator"),
    aliases: &[],
    summary: "C until the opponent defects once, then alternates D and C",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::GrudgerAlternator),
};

pub static EASY_GO: Entry = Entry {
    name: "easygo",
    axelrod_name: Some("EasyGo"),
    aliases: &["RGRIM"],
    summary: "D until the opponent defects once, then C for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::EasyGo),
};

pub static GENERAL_SOFT_GRUDGER: Entry = Entry {
    name: "general_soft_grudger",
    axelrod_name: Some("General Soft Grudger"),
    aliases: &[],
    summary: "soft grudger in Axelrod's general form (n=1 D trigger 4 D then 2 C)",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(SOFT),
};

pub static SPITEFUL_CC: Entry = Entry {
    name: "spitefulcc",
    axelrod_name: Some("SpitefulCC"),
    aliases: &[],
    summary: "C twice, then C until the opponent defects once, then D for ever",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::SpitefulCc),
};

pub static CAPRI: Entry = Entry {
    name: "capri",
    axelrod_name: Some("CAPRI"),
    aliases: &[],
    summary: "Murase and Baek's memory-three rule: punishes a D once, accepts punishment, recovers",
    parameters: &[],
    classifier: classifier(Some(3), false, false),
    build: |_, _| rule(Rule::Capri),
};

pub static PUNISHER: Entry = Entry {
    name: "punisher",
    axelrod_name: Some("Punisher"),
    aliases: &[],
    summary: "C; after an opponent's D, D for 20 × its share of D rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Punisher { inverse: false }),
};

pub static INVERSE_PUNISHER: Entry = Entry {
    name: "inverse_punisher",
    axelrod_name: Some("Inverse Punisher"),
    aliases: &[],
    summary: "C; after an opponent's D, D for 20 × its share of C rounds (at least 1)",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::Punisher { inverse: true }),
};

pub static LEVEL_PUNISHER: Entry = Entry {
    name: "level_punisher",
    axelrod_name: Some("Level Punisher"),
    aliases: &[],
    summary: "C for 10 rounds, then D while over 20% of the opponent's moves were D",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::LevelPunisher),
};

pub static TRICKY_LEVEL_PUNISHER: Entry = Entry {
    name: "tricky_level_punisher",
    axelrod_name: Some("Tricky Level Punisher"),
    aliases: &[],
    summary: "D while the opponent's share of D exceeds 20%, 10%, 5% before rounds 10, 50, 100",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::TrickyLevelPunisher),
};

pub static RETALIATE: Entry = Entry {
    name: "retaliate",
    axelrod_name: Some("Retaliate"),
    aliases: &[],
    summary: "D while its (C, D) rounds exceed 10% of its (D, C) rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| retaliate(0.1, None),
};

pub static RETALIATE_2: Entry = Entry {
    name: "retaliate_2",
    axelrod_name: Some("Retaliate 2"),
    aliases: &[],
    summary: "D while its (C, D) rounds exceed 8% of its (D, C) rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| retaliate(0.08, None),
};

pub static RETALIATE_3: Entry = Entry {
    name: "retaliate_3",
    axelrod_name: Some("Retaliate 3"),
    aliases: &[],
    summary: "D while its (C, D) rounds exceed 5% of its (D, C) rounds",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| retaliate(0.05, None),
};

pub static LIMITED_RETALIATE: Entry = Entry {
    name: "limited_retaliate",
    axelrod_name: Some("Limited Retaliate"),
    aliases: &[],
    summary: "retaliate at 10% that pauses for one C after 20 D in a row",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| retaliate(0.1, Some(20)),
};

pub static LIMITED_RETALIATE_2: Entry = Entry {
    name: "limited_retaliate_2",
    axelrod_name: Some("Limited Retaliate 2"),
    aliases: &[],
    summary: "retaliate at 8% that pauses for one C after 15 D in a row",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| retaliate(0.08, Some(15)),
};

pub static LIMITED_RETALIATE_3: Entry = Entry {
    name: "limited_retaliate_3",
    axelrod_name: Some("Limited Retaliate 3"),
    aliases: &[],
    summary: "retaliate at 5% that pauses for one C after 20 D in a row",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| retaliate(0.05, Some(20)),
};

fn retaliate(threshold: f64, limit: Option<u32>) -> Result<Policy, String> {
    rule(Rule::Retaliate { threshold, limit })
}

pub static ONCE_BITTEN: Entry = Entry {
    name: "once_bitten",
    axelrod_name: Some("Once Bitten"),
    aliases: &[],
    summary: "C; after two D in a row from the opponent, D for 10 rounds, then looks again",
    parameters: &[],
    // Axelrod-Python declares a finite depth, but when the grudge began depends on earlier
    // grudges, as far back as the match goes.
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::OnceBitten),
};

pub static FOOL_ME_ONCE: Entry = Entry {
    name: "fool_me_once",
    axelrod_name: Some("Fool Me Once"),
    aliases: &[],
    summary: "forgives the opponent's first D, then D for ever after its second",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| rule(Rule::FoolMeOnce),
};

const P_FORGET: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of forgetting the count of the opponent's D, each round",
    default: "0.05",
};

pub static FORGETFUL_FOOL_ME_ONCE: Entry = Entry {
    name: "forgetful_fool_me_once",
    axelrod_name: Some("Forgetful Fool Me Once"),
    aliases: &[],
    summary: "fool me once that forgets the opponent's D count with probability p a round",
    parameters: &[P_FORGET],
    classifier: classifier(None, true, false),
    build: |args, _| {
        let forget = Chance::new(single(args, 0.05)?);
        rule(Rule::ForgetfulFoolMeOnce { forget })
    },
};

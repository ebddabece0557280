//! Memory-one strategies given by their four cooperation probabilities after CC, CD, DC, DD
//! (Axelrod-Python's `memoryone` and `mutual` modules, and its reactive player): all compile to
//! the fast path, [`Policy::MemoryOne`].

use super::Policy;
use super::entry::{Entry, ParameterInfo, Rspt, check_probabilities, classifier, single};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &WIN_STAY_LOSE_SHIFT,
    &WIN_SHIFT_LOSE_STAY,
    &STOCHASTIC_WSLS,
    &GENEROUS_TIT_FOR_TAT,
    &JOSS,
    &SOFT_JOSS,
    &FIRM_BUT_FAIR,
    &STOCHASTIC_COOPERATOR,
    &ALLCORALLD,
    &DESPERATE,
    &HOPELESS,
    &WILLING,
    &REACTIVE_PLAYER,
    &MEMORY_ONE,
];

const P_GTFT: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of forgiving a D",
    default: "min(1 - (T-R)/(R-S), (R-P)/(T-P)) of the game (1/3 for 3,0,5,1)",
};

const P_JOSS: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of C after the opponent's C",
    default: "0.9",
};

const P_MEMORY_ONE: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "four chances of C, after CC, CD, DC and DD (own move first)",
    default: "required",
};

const P_STOCHASTIC_WSLS: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of C after CD or DC, and of D after CC or DD",
    default: "0.05",
};

const P_SOFT_JOSS: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of D after the opponent's D",
    default: "0.9",
};

const P_REACTIVE: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "two chances of C, after the opponent's C and after its D",
    default: "required",
};

const FIRST: ParameterInfo = ParameterInfo {
    name: "first",
    meaning: "probability of C in round 1",
    default: "1",
};

pub static WIN_STAY_LOSE_SHIFT: Entry = Entry {
    name: "win_stay_lose_shift",
    axelrod_name: Some("Win-Stay Lose-Shift"),
    aliases: &["WSLS", "Pavlov"],
    summary: "C first; repeats its move after R or T, switches after S or P",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 0.0, 1.0])),
};

pub static WIN_SHIFT_LOSE_STAY: Entry = Entry {
    name: "win_shift_lose_stay",
    axelrod_name: Some("Win-Shift Lose-Stay"),
    aliases: &[],
    summary: "D first; switches its move after R or T, repeats it after S or P",
    parameters: &[],
    classifier: classifier(Some(1), false, false),
    build: |_, _| Ok(Policy::memory_one(0.0, [0.0, 1.0, 1.0, 0.0])),
};

pub static STOCHASTIC_WSLS: Entry = Entry {
    name: "stochastic_wsls",
    axelrod_name: Some("Stochastic WSLS"),
    aliases: &[],
    summary: "win-stay lose-shift that makes the other move with probability p",
    parameters: &[P_STOCHASTIC_WSLS],
    classifier: classifier(Some(1), true, false),
    build: |args, _| {
        let p = single(args, 0.05)?;
        Ok(Policy::memory_one(1.0, [1.0 - p, p, p, 1.0 - p]))
    },
};

pub static GENEROUS_TIT_FOR_TAT: Entry = Entry {
    name: "generous_tit_for_tat",
    axelrod_name: Some("GTFT"),
    aliases: &[],
    summary: "tit for tat that forgives a D with probability p",
    parameters: &[P_GTFT],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let p = match &args.p {
            Some(_) => single(args, f64::NAN)?,
            None => generosity(context.game_or_standard())?,
        };
        Ok(Policy::memory_one(1.0, [1.0, p, 1.0, p]))
    },
};

pub static JOSS: Entry = Entry {
    name: "joss",
    axelrod_name: Some("First by Joss"),
    aliases: &[],
    summary: "tit for tat that defects with probability 1 - p after a C",
    parameters: &[P_JOSS],
    classifier: classifier(Some(1), true, false),
    build: |args, _| {
        let p = single(args, 0.9)?;
        Ok(Policy::memory_one(1.0, [p, 0.0, p, 0.0]))
    },
};

pub static SOFT_JOSS: Entry = Entry {
    name: "soft_joss",
    axelrod_name: Some("Soft Joss"),
    aliases: &[],
    summary: "tit for tat that forgives a D with probability 1 - p",
    parameters: &[P_SOFT_JOSS],
    classifier: classifier(Some(1), true, false),
    build: |args, _| {
        let p = single(args, 0.9)?;
        Ok(Policy::memory_one(1.0, [1.0, 1.0 - p, 1.0, 1.0 - p]))
    },
};

pub static FIRM_BUT_FAIR: Entry = Entry {
    name: "firm_but_fair",
    axelrod_name: Some("Firm But Fair"),
    aliases: &[],
    summary: "C first; D after being the sucker, C with probability 2/3 after mutual D, else C",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 1.0, 2.0 / 3.0])),
};

pub static STOCHASTIC_COOPERATOR: Entry = Entry {
    name: "stochastic_cooperator",
    axelrod_name: Some("Stochastic Cooperator"),
    aliases: &[],
    summary: "Adami and Hintze's evolved memory-one rule (0.935, 0.229, 0.266, 0.42)",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(1.0, [0.935, 0.229, 0.266, 0.42])),
};

pub static ALLCORALLD: Entry = Entry {
    name: "allcoralld",
    axelrod_name: Some("ALLCorALLD"),
    aliases: &[],
    summary: "C with probability 0.6 in round 1, then repeats its own last move",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(0.6, [1.0, 1.0, 0.0, 0.0])),
};

pub static DESPERATE: Entry = Entry {
    name: "desperate",
    axelrod_name: Some("Desperate"),
    aliases: &[],
    summary: "a coin flip in round 1, then C only after mutual D",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(0.5, [0.0, 0.0, 0.0, 1.0])),
};

pub static HOPELESS: Entry = Entry {
    name: "hopeless",
    axelrod_name: Some("Hopeless"),
    aliases: &[],
    summary: "a coin flip in round 1, then D only after mutual C",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(0.5, [0.0, 1.0, 1.0, 1.0])),
};

pub static WILLING: Entry = Entry {
    name: "willing",
    axelrod_name: Some("Willing"),
    aliases: &[],
    summary: "a coin flip in round 1, then D only after mutual D",
    parameters: &[],
    classifier: classifier(Some(1), true, false),
    build: |_, _| Ok(Policy::memory_one(0.5, [1.0, 1.0, 1.0, 0.0])),
};

pub static REACTIVE_PLAYER: Entry = Entry {
    name: "reactive_player",
    axelrod_name: Some("Reactive Player"),
    aliases: &[],
    summary: "C first, then C with one chance after the opponent's C and another after its D",
    parameters: &[P_REACTIVE],
    classifier: classifier(Some(1), true, false),
    build: |args, _| match args.p.as_deref() {
        Some(&[after_c, after_d]) => {
            check_probabilities(&[after_c, after_d])?;
            Ok(Policy::memory_one(
                1.0,
                [after_c, after_d, after_c, after_d],
            ))
        }
        Some(other) => Err(format!(
            "`p` must list 2 probabilities [p(C|C), p(C|D)], found {}",
            other.len()
        )),
        None => Err("`reactive_player` needs `p = [p(C|C), p(C|D)]`".into()),
    },
};

pub static MEMORY_ONE: Entry = Entry {
    name: "memory_one",
    axelrod_name: Some("Generic Memory One Player"),
    aliases: &[],
    summary: "any memory-one rule: p(C) after CC, CD, DC, DD",
    parameters: &[P_MEMORY_ONE, FIRST],
    classifier: classifier(Some(1), true, false),
    build: |args, _| {
        let after = match args.p.as_deref() {
            Some([cc, cd, dc, dd]) => [*cc, *cd, *dc, *dd],
            Some(other) => {
                return Err(format!(
                    "`p` must list 4 probabilities [p(C|CC), p(C|CD), p(C|DC), p(C|DD)], \
                     found {}",
                    other.len()
                ));
            }
            None => {
                return Err("`memory_one` needs `p = [p(C|CC), p(C|CD), p(C|DC), p(C|DD)]`".into());
            }
        };
        let first = args.first.unwrap_or(1.0);
        check_probabilities(&[first])?;
        check_probabilities(&after)?;
        Ok(Policy::memory_one(first, after))
    },
};

/// Nowak and Sigmund's generosity bound, as Axelrod-Python's GTFT computes it from the game.
fn generosity(game: Rspt) -> Result<f64, String> {
    let Rspt {
        reward: r,
        sucker: s,
        temptation: t,
        punishment: p,
    } = game;
    let generosity = (1.0 - (t - r) / (r - s)).min((r - p) / (t - p));
    if (0.0..=1.0).contains(&generosity) {
        Ok(generosity)
    } else {
        let n = crate::text::number;
        Err(format!(
            "the default p = min(1 - (T-R)/(R-S), (R-P)/(T-P)) is {} for this game's payoffs \
             (R={}, S={}, T={}, P={}); give `p` explicitly",
            n(generosity),
            n(r),
            n(s),
            n(t),
            n(p)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::entry::Rspt;

    #[test]
    fn generosity_is_one_third_in_the_standard_game() {
        // min(1 - (5-3)/(3-0), (3-1)/(5-1)) = min(1/3, 1/2).
        assert!((generosity(Rspt::STANDARD).unwrap() - 1.0 / 3.0).abs() < 1e-15);
    }
}

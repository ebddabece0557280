//! The strategy library: names, Axelrod-Python display names, parameters, classifiers, and how
//! each strategy compiles to a [`Policy`].

use super::{Classifier, Move, Policy};

/// The payoffs a strategy may read from a two-player, two-action game, from its own side:
/// R = (C,C), S = (C,D), T = (D,C), P = (D,D).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rspt {
    pub reward: f64,
    pub sucker: f64,
    pub temptation: f64,
    pub punishment: f64,
}

impl Rspt {
    pub const STANDARD: Rspt = Rspt {
        reward: 3.0,
        sucker: 0.0,
        temptation: 5.0,
        punishment: 1.0,
    };
}

/// Parameters given for a strategy in a scenario. Which ones apply depends on the strategy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StrategyArgs {
    /// One probability (random, generous_tit_for_tat, joss) or four (memory_one).
    pub p: Option<Vec<f64>>,
    pub first: Option<f64>,
    pub phi: Option<f64>,
    pub s: Option<f64>,
}

/// A parameter a strategy accepts, for `dilemma strategies` and for error messages.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ParameterInfo {
    pub name: &'static str,
    pub meaning: &'static str,
    /// The default, in words (some are derived from the game).
    pub default: &'static str,
}

/// One registered strategy.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Entry {
    pub name: &'static str,
    pub axelrod_name: &'static str,
    pub summary: &'static str,
    pub parameters: &'static [ParameterInfo],
    /// Classifier with default parameters; a built strategy recomputes `stochastic`.
    pub classifier: Classifier,
    #[serde(skip)]
    build: fn(&StrategyArgs, Option<Rspt>) -> Result<Policy, String>,
}

impl Entry {
    /// Compiles the strategy with these arguments; `game` is `None` outside 2×2 games.
    pub fn build(&self, args: &StrategyArgs, game: Option<Rspt>) -> Result<Policy, String> {
        for (given, name) in [
            (args.p.is_some(), "p"),
            (args.first.is_some(), "first"),
            (args.phi.is_some(), "phi"),
            (args.s.is_some(), "s"),
        ] {
            if given && !self.parameters.iter().any(|info| info.name == name) {
                let accepted: Vec<&str> = self.parameters.iter().map(|info| info.name).collect();
                return Err(if accepted.is_empty() {
                    format!("`{}` takes no parameter `{name}`", self.name)
                } else {
                    format!(
                        "`{}` takes no parameter `{name}` (it takes: {})",
                        self.name,
                        accepted.join(", ")
                    )
                });
            }
        }
        (self.build)(args, game)
    }
}

const fn classifier(memory_depth: Option<u32>, stochastic: bool, uses_game: bool) -> Classifier {
    Classifier {
        memory_depth,
        stochastic,
        uses_game,
    }
}

const P_RANDOM: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "probability of C each round",
    default: "0.5",
};
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
    meaning: "[p(C|CC), p(C|CD), p(C|DC), p(C|DD)], own move first",
    default: "required",
};
const FIRST: ParameterInfo = ParameterInfo {
    name: "first",
    meaning: "probability of C in round 1",
    default: "1",
};
const PHI_EXTORT: ParameterInfo = ParameterInfo {
    name: "phi",
    meaning: "Press-Dyson scale",
    default: "1/9",
};
const PHI_GTFT: ParameterInfo = ParameterInfo {
    name: "phi",
    meaning: "Press-Dyson scale",
    default: "1/4",
};
const S_ZD: ParameterInfo = ParameterInfo {
    name: "s",
    meaning: "slope: s (pi_self - l) = pi_other - l",
    default: "1/2",
};

/// Every registered strategy, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[Entry] = &[
    Entry {
        name: "always_cooperate",
        axelrod_name: "Cooperator",
        summary: "always plays C",
        parameters: &[],
        classifier: classifier(Some(0), false, false),
        build: |_, _| Ok(Policy::Always(Move::C)),
    },
    Entry {
        name: "always_defect",
        axelrod_name: "Defector",
        summary: "always plays D",
        parameters: &[],
        classifier: classifier(Some(0), false, false),
        build: |_, _| Ok(Policy::Always(Move::D)),
    },
    Entry {
        name: "tit_for_tat",
        axelrod_name: "Tit For Tat",
        summary: "C first, then the opponent's last move",
        parameters: &[],
        classifier: classifier(Some(1), false, false),
        build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 1.0, 0.0])),
    },
    Entry {
        name: "suspicious_tit_for_tat",
        axelrod_name: "Suspicious Tit For Tat",
        summary: "D first, then the opponent's last move",
        parameters: &[],
        classifier: classifier(Some(1), false, false),
        build: |_, _| Ok(Policy::memory_one(0.0, [1.0, 0.0, 1.0, 0.0])),
    },
    Entry {
        name: "tit_for_two_tats",
        axelrod_name: "Tit For 2 Tats",
        summary: "D only after two D in a row from the opponent",
        parameters: &[],
        classifier: classifier(Some(2), false, false),
        build: |_, _| Ok(Policy::TitForTwoTats),
    },
    Entry {
        name: "grudger",
        axelrod_name: "Grudger",
        summary: "C until the opponent defects once, then D for ever",
        parameters: &[],
        classifier: classifier(None, false, false),
        build: |_, _| Ok(Policy::Grudger),
    },
    Entry {
        name: "win_stay_lose_shift",
        axelrod_name: "Win-Stay Lose-Shift",
        summary: "C first; repeats its move after R or T, switches after S or P",
        parameters: &[],
        classifier: classifier(Some(1), false, false),
        build: |_, _| Ok(Policy::memory_one(1.0, [1.0, 0.0, 0.0, 1.0])),
    },
    Entry {
        name: "alternator",
        axelrod_name: "Alternator",
        summary: "C, D, C, D, ...",
        parameters: &[],
        classifier: classifier(Some(1), false, false),
        build: |_, _| Ok(Policy::memory_one(1.0, [0.0, 0.0, 1.0, 1.0])),
    },
    Entry {
        name: "random",
        axelrod_name: "Random",
        summary: "C with probability p each round",
        parameters: &[P_RANDOM],
        classifier: classifier(Some(0), true, false),
        build: |args, _| {
            let p = single(args, 0.5)?;
            Ok(Policy::memory_one(p, [p; 4]))
        },
    },
    Entry {
        name: "generous_tit_for_tat",
        axelrod_name: "GTFT",
        summary: "tit for tat that forgives a D with probability p",
        parameters: &[P_GTFT],
        classifier: classifier(Some(1), true, true),
        build: |args, game| {
            let p = match &args.p {
                Some(_) => single(args, f64::NAN)?,
                None => generosity(game.unwrap_or(Rspt::STANDARD))?,
            };
            Ok(Policy::memory_one(1.0, [1.0, p, 1.0, p]))
        },
    },
    Entry {
        name: "joss",
        axelrod_name: "First by Joss",
        summary: "tit for tat that defects with probability 1 - p after a C",
        parameters: &[P_JOSS],
        classifier: classifier(Some(1), true, false),
        build: |args, _| {
            let p = single(args, 0.9)?;
            Ok(Policy::memory_one(1.0, [p, 0.0, p, 0.0]))
        },
    },
    Entry {
        name: "memory_one",
        axelrod_name: "Generic Memory One Player",
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
                    return Err(
                        "`memory_one` needs `p = [p(C|CC), p(C|CD), p(C|DC), p(C|DD)]`".into(),
                    );
                }
            };
            let first = args.first.unwrap_or(1.0);
            check_probabilities(&[first])?;
            check_probabilities(&after)?;
            Ok(Policy::memory_one(first, after))
        },
    },
    Entry {
        name: "zd_extort_2",
        axelrod_name: "ZD-Extort-2",
        summary: "zero-determinant extortioner: pi_other - P = s (pi_self - P)",
        parameters: &[PHI_EXTORT, S_ZD],
        classifier: classifier(Some(1), true, true),
        build: |args, game| {
            let game = game.ok_or("`zd_extort_2` needs a two-player game with two actions each")?;
            let phi = args.phi.unwrap_or(1.0 / 9.0);
            let s = args.s.unwrap_or(0.5);
            Ok(Policy::memory_one(
                1.0,
                zero_determinant(game, phi, s, game.punishment)?,
            ))
        },
    },
    Entry {
        name: "zdgtft_2",
        axelrod_name: "ZD-GTFT-2",
        summary: "generous zero-determinant: pi_other - R = s (pi_self - R)",
        parameters: &[PHI_GTFT, S_ZD],
        classifier: classifier(Some(1), true, true),
        build: |args, game| {
            let game = game.ok_or("`zdgtft_2` needs a two-player game with two actions each")?;
            let phi = args.phi.unwrap_or(0.25);
            let s = args.s.unwrap_or(0.5);
            Ok(Policy::memory_one(
                1.0,
                zero_determinant(game, phi, s, game.reward)?,
            ))
        },
    },
];

fn single(args: &StrategyArgs, default: f64) -> Result<f64, String> {
    let p = match args.p.as_deref() {
        None => default,
        Some([p]) => *p,
        Some(other) => {
            return Err(format!(
                "`p` must be one probability, found a list of {}",
                other.len()
            ));
        }
    };
    check_probabilities(&[p])?;
    Ok(p)
}

fn check_probabilities(values: &[f64]) -> Result<(), String> {
    match values.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        Some(bad) => Err(format!("probability {bad} is outside [0, 1]")),
        None => Ok(()),
    }
}

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
        Err(format!(
            "the default p = min(1 - (T-R)/(R-S), (R-P)/(T-P)) is {generosity} for this game's \
             payoffs (R={r}, S={s}, T={t}, P={p}); give `p` explicitly"
        ))
    }
}

/// Press and Dyson's zero-determinant vector enforcing s (pi_self - l) = pi_other - l, in the
/// parameterisation of Stewart and Plotkin (2012) that Axelrod-Python's LRPlayer uses.
fn zero_determinant(game: Rspt, phi: f64, s: f64, l: f64) -> Result<[f64; 4], String> {
    let Rspt {
        reward: r,
        sucker,
        temptation: t,
        punishment: p,
    } = game;
    let vector = [
        1.0 - phi * (1.0 - s) * (r - l),
        1.0 - phi * (s * (l - sucker) + (t - l)),
        phi * ((l - sucker) + s * (t - l)),
        phi * (1.0 - s) * (l - p),
    ];
    if vector.iter().all(|x| (-1e-12..=1.0 + 1e-12).contains(x)) {
        Ok(vector.map(|x| x.clamp(0.0, 1.0)))
    } else {
        Err(format!(
            "phi={phi}, s={s} give probabilities {vector:?} outside [0, 1] for this game \
             (R={r}, S={sucker}, T={t}, P={p})"
        ))
    }
}

/// Folds case, spaces, hyphens and underscores, so "Tit For Tat" finds `tit_for_tat`.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds a strategy by our name or its Axelrod-Python display name.
pub fn lookup(name: &str) -> Option<&'static Entry> {
    let folded = fold(name);
    ENTRIES
        .iter()
        .find(|entry| fold(entry.name) == folded || fold(entry.axelrod_name) == folded)
}

/// Every name `lookup` accepts, for suggestions.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    ENTRIES
        .iter()
        .flat_map(|entry| [entry.name, entry.axelrod_name])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axelrod_display_names_are_aliases() {
        assert_eq!(lookup("Tit For Tat").unwrap().name, "tit_for_tat");
        assert_eq!(
            lookup("Win-Stay Lose-Shift").unwrap().name,
            "win_stay_lose_shift"
        );
        assert_eq!(lookup("ZD-Extort-2").unwrap().name, "zd_extort_2");
        assert!(lookup("tit_for_tatt").is_none());
    }

    #[test]
    fn zero_determinant_vectors_follow_press_dyson_for_the_standard_game() {
        // Stewart & Plotkin (2012) with R,S,T,P = 3,0,5,1: ZD-Extort-2 (phi=1/9, s=1/2, l=P)
        // is (8/9, 1/2, 1/3, 0); ZD-GTFT-2 (phi=1/4, s=1/2, l=R) is (1, 1/8, 1, 1/4).
        let extort = zero_determinant(Rspt::STANDARD, 1.0 / 9.0, 0.5, 1.0).unwrap();
        let expected = [8.0 / 9.0, 0.5, 1.0 / 3.0, 0.0];
        for (got, want) in extort.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{extort:?}");
        }
        let generous = zero_determinant(Rspt::STANDARD, 0.25, 0.5, 3.0).unwrap();
        assert_eq!(generous, [1.0, 0.125, 1.0, 0.25]);
    }

    #[test]
    fn generosity_is_one_third_in_the_standard_game() {
        // min(1 - (5-3)/(3-0), (3-1)/(5-1)) = min(1/3, 1/2).
        assert!((generosity(Rspt::STANDARD).unwrap() - 1.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn parameters_a_strategy_does_not_take_are_rejected() {
        let args = StrategyArgs {
            p: Some(vec![0.5]),
            ..StrategyArgs::default()
        };
        let error = lookup("tit_for_tat")
            .unwrap()
            .build(&args, None)
            .unwrap_err();
        assert!(error.contains("takes no parameter `p`"), "{error}");
    }
}

//! Press-Dyson zero-determinant strategies (Axelrod-Python's `zero_determinant` module), which
//! enforce a linear relation between payoffs: memory-one rules on the fast path.

use super::Policy;
use super::entry::{Entry, ParameterInfo, Rspt, StrategyArgs, classifier};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &ZD_EXTORT_2,
    &ZD_EXTORT_2_V2,
    &ZD_EXTORT3,
    &ZD_EXTORT_4,
    &ZD_EXTORTION,
    &ZD_MISCHIEF,
    &ZDGTFT_2,
    &ZD_GEN_2,
    &ZD_SET_2,
    &ZERO_DETERMINANT,
];

/// Where a strategy's baseline payoff `l` comes from when it is not given.
#[derive(Clone, Copy)]
enum Baseline {
    /// The game's mutual-defection payoff P (ZD-Extort-2).
    Punishment,
    /// The game's mutual-cooperation payoff R (ZD-GTFT-2).
    Reward,
    /// A number, which the `l` parameter may replace.
    Level(f64),
    /// No default: `l` must be given.
    Required,
}

/// A ZD strategy's defaults, as Axelrod-Python's constructors set them; `None` when required.
struct Defaults {
    phi: Option<f64>,
    s: Option<f64>,
    l: Baseline,
}

const fn info(name: &'static str, meaning: &'static str, default: &'static str) -> ParameterInfo {
    ParameterInfo {
        name,
        meaning,
        default,
    }
}

const PHI: &str = "Press-Dyson scale";
const S: &str = "slope: s (pi_self - l) = pi_other - l";
const L: &str = "baseline payoff l of the linear relation";

const PHI_1_9: ParameterInfo = info("phi", PHI, "1/9");
const PHI_1_8: ParameterInfo = info("phi", PHI, "1/8");
const PHI_3_26: ParameterInfo = info("phi", PHI, "3/26");
const PHI_4_17: ParameterInfo = info("phi", PHI, "4/17");
const PHI_0_2: ParameterInfo = info("phi", PHI, "0.2");
const PHI_0_1: ParameterInfo = info("phi", PHI, "0.1");
const PHI_1_4: ParameterInfo = info("phi", PHI, "1/4");
const PHI_REQUIRED: ParameterInfo = info("phi", PHI, "required");
const S_1_2: ParameterInfo = info("s", S, "1/2");
const S_1_3: ParameterInfo = info("s", S, "1/3");
const S_1_4: ParameterInfo = info("s", S, "1/4");
const S_0_1: ParameterInfo = info("s", S, "0.1");
const S_0: ParameterInfo = info("s", S, "0");
const S_REQUIRED: ParameterInfo = info("s", S, "required");
const L_1: ParameterInfo = info("l", L, "1");
const L_2: ParameterInfo = info("l", L, "2");
const L_3: ParameterInfo = info("l", L, "3");
const L_REQUIRED: ParameterInfo = info("l", L, "required");

pub static ZD_EXTORT_2: Entry = Entry {
    name: "zd_extort_2",
    axelrod_name: Some("ZD-Extort-2"),
    aliases: &[],
    summary: "zero-determinant extortioner: pi_other - P = s (pi_self - P)",
    parameters: &[PHI_1_9, S_1_2],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(1.0 / 9.0),
            s: Some(0.5),
            l: Baseline::Punishment,
        };
        build("zd_extort_2", args, context.game, defaults)
    },
};

pub static ZD_EXTORT_2_V2: Entry = Entry {
    name: "zd_extort_2_v2",
    axelrod_name: Some("ZD-Extort-2 v2"),
    aliases: &[],
    summary: "Kuhn's EXTORT2: extortion with s = 1/2 and l = 1",
    parameters: &[PHI_1_8, S_1_2, L_1],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(1.0 / 8.0),
            s: Some(0.5),
            l: Baseline::Level(1.0),
        };
        build("zd_extort_2_v2", args, context.game, defaults)
    },
};

pub static ZD_EXTORT3: Entry = Entry {
    name: "zd_extort3",
    axelrod_name: Some("ZD-Extort3"),
    aliases: &[],
    summary: "Press and Dyson's extortioner with extortion factor 3 (s = 1/3, l = 1)",
    parameters: &[PHI_3_26, S_1_3, L_1],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(3.0 / 26.0),
            s: Some(1.0 / 3.0),
            l: Baseline::Level(1.0),
        };
        build("zd_extort3", args, context.game, defaults)
    },
};

pub static ZD_EXTORT_4: Entry = Entry {
    name: "zd_extort_4",
    axelrod_name: Some("ZD-Extort-4"),
    aliases: &[],
    summary: "extortioner with extortion factor 4 (s = 1/4, l = 1)",
    parameters: &[PHI_4_17, S_1_4, L_1],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(4.0 / 17.0),
            s: Some(0.25),
            l: Baseline::Level(1.0),
        };
        build("zd_extort_4", args, context.game, defaults)
    },
};

pub static ZD_EXTORTION: Entry = Entry {
    name: "zd_extortion",
    axelrod_name: Some("ZD-Extortion"),
    aliases: &[],
    summary: "Roemheld's extortioner (phi = 0.2, s = 0.1, l = 1)",
    parameters: &[PHI_0_2, S_0_1, L_1],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(0.2),
            s: Some(0.1),
            l: Baseline::Level(1.0),
        };
        build("zd_extortion", args, context.game, defaults)
    },
};

pub static ZD_MISCHIEF: Entry = Entry {
    name: "zd_mischief",
    axelrod_name: Some("ZD-Mischief"),
    aliases: &[],
    summary: "Roemheld's mischief player: pins the opponent's payoff at l = 1 (s = 0)",
    parameters: &[PHI_0_1, S_0, L_1],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(0.1),
            s: Some(0.0),
            l: Baseline::Level(1.0),
        };
        build("zd_mischief", args, context.game, defaults)
    },
};

pub static ZDGTFT_2: Entry = Entry {
    name: "zdgtft_2",
    axelrod_name: Some("ZD-GTFT-2"),
    aliases: &[],
    summary: "generous zero-determinant: pi_other - R = s (pi_self - R)",
    parameters: &[PHI_1_4, S_1_2],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(0.25),
            s: Some(0.5),
            l: Baseline::Reward,
        };
        build("zdgtft_2", args, context.game, defaults)
    },
};

pub static ZD_GEN_2: Entry = Entry {
    name: "zd_gen_2",
    axelrod_name: Some("ZD-GEN-2"),
    aliases: &[],
    summary: "Kuhn's GEN2: generous with s = 1/2 and l = 3",
    parameters: &[PHI_1_8, S_1_2, L_3],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(1.0 / 8.0),
            s: Some(0.5),
            l: Baseline::Level(3.0),
        };
        build("zd_gen_2", args, context.game, defaults)
    },
};

pub static ZD_SET_2: Entry = Entry {
    name: "zd_set_2",
    axelrod_name: Some("ZD-SET-2"),
    aliases: &[],
    summary: "Kuhn's SET2: sets the opponent's payoff to l = 2 (s = 0)",
    parameters: &[PHI_1_4, S_0, L_2],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: Some(0.25),
            s: Some(0.0),
            l: Baseline::Level(2.0),
        };
        build("zd_set_2", args, context.game, defaults)
    },
};

pub static ZERO_DETERMINANT: Entry = Entry {
    name: "zero_determinant",
    axelrod_name: Some("LinearRelation"),
    aliases: &[],
    summary: "any zero-determinant rule enforcing s (pi_self - l) = pi_other - l, scaled by phi",
    parameters: &[PHI_REQUIRED, S_REQUIRED, L_REQUIRED],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        let defaults = Defaults {
            phi: None,
            s: None,
            l: Baseline::Required,
        };
        build("zero_determinant", args, context.game, defaults)
    },
};

/// A ZD strategy's policy: C first, then the vector for `phi`, `s` and `l` as given or by
/// default.
fn build(
    name: &str,
    args: &StrategyArgs,
    game: Option<Rspt>,
    defaults: Defaults,
) -> Result<Policy, String> {
    let game =
        game.ok_or_else(|| format!("`{name}` needs a two-player game with two actions each"))?;
    let required = |given: Option<f64>, default: Option<f64>, field: &str| {
        given.or(default).ok_or_else(|| {
            format!("`{name}` needs `phi`, `s` and `l` (s (pi_self - l) = pi_other - l); `{field}` is missing")
        })
    };
    let phi = required(args.phi, defaults.phi, "phi")?;
    let s = required(args.s, defaults.s, "s")?;
    let baseline = match defaults.l {
        Baseline::Punishment => Some(game.punishment),
        Baseline::Reward => Some(game.reward),
        Baseline::Level(level) => Some(level),
        Baseline::Required => None,
    };
    let l = required(args.l, baseline, "l")?;
    Ok(Policy::memory_one(1.0, zero_determinant(game, phi, s, l)?))
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
        let n = crate::text::number;
        let vector: Vec<String> = vector.iter().map(|x| n(*x)).collect();
        Err(format!(
            "phi={}, s={}, l={} give probabilities [{}] outside [0, 1] for this game \
             (R={}, S={}, T={}, P={})",
            n(phi),
            n(s),
            n(l),
            vector.join(", "),
            n(r),
            n(sucker),
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
}

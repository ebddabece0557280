//! Press-Dyson zero-determinant strategies, which enforce a linear relation between payoffs.

use super::Policy;
use super::entry::{Entry, ParameterInfo, Rspt, StrategyArgs, classifier};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[&ZD_EXTORT_2, &ZDGTFT_2];

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

pub static ZD_EXTORT_2: Entry = Entry {
    name: "zd_extort_2",
    axelrod_name: Some("ZD-Extort-2"),
    aliases: &[],
    summary: "zero-determinant extortioner: pi_other - P = s (pi_self - P)",
    parameters: &[PHI_EXTORT, S_ZD],
    classifier: classifier(Some(1), true, true),
    build: |args, context| {
        build("zd_extort_2", args, context.game, 1.0 / 9.0, |game| {
            game.punishment
        })
    },
};

pub static ZDGTFT_2: Entry = Entry {
    name: "zdgtft_2",
    axelrod_name: Some("ZD-GTFT-2"),
    aliases: &[],
    summary: "generous zero-determinant: pi_other - R = s (pi_self - R)",
    parameters: &[PHI_GTFT, S_ZD],
    classifier: classifier(Some(1), true, true),
    build: |args, context| build("zdgtft_2", args, context.game, 0.25, |game| game.reward),
};

/// A ZD strategy's policy: C first, then the vector for `phi` (or its default), `s` (default 1/2)
/// and the baseline `l` that `baseline` reads from the game.
fn build(
    name: &str,
    args: &StrategyArgs,
    game: Option<Rspt>,
    default_phi: f64,
    baseline: fn(&Rspt) -> f64,
) -> Result<Policy, String> {
    let game =
        game.ok_or_else(|| format!("`{name}` needs a two-player game with two actions each"))?;
    let (phi, s) = (args.phi.unwrap_or(default_phi), args.s.unwrap_or(0.5));
    Ok(Policy::memory_one(
        1.0,
        zero_determinant(game, phi, s, baseline(&game))?,
    ))
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
            "phi={}, s={} give probabilities [{}] outside [0, 1] for this game \
             (R={}, S={}, T={}, P={})",
            n(phi),
            n(s),
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

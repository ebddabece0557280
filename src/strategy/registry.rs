//! The strategy library's index: names, Axelrod-Python display names, parameters, classifiers,
//! and lookup. Each family's strategies live in their own file and compile to a `Policy`.

use super::{
    Classifier, Policy, memory_one, multi_action, reactive, unconditional, zero_determinant,
};
use crate::names::fold_name;

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
    /// The arguments of a kind that names actions, with the labels resolved to action indices.
    pub actions: Option<ActionArgs>,
}

/// What `fixed`, `mixed`, `cycle` and `reply` are given, by action index (validation resolves
/// the labels and checks that every distribution sums to 1).
#[derive(Debug, Clone, PartialEq)]
pub enum ActionArgs {
    Fixed(usize),
    /// A probability per action of the player.
    Mixed(Vec<f64>),
    Cycle(Vec<usize>),
    Reply {
        /// Player indices, in the order the table's keys name their actions.
        watched: Vec<usize>,
        /// The watched players' action counts.
        counts: Vec<usize>,
        /// Round 1's distribution over the player's actions.
        first: Vec<f64>,
        /// One distribution per case, the first watched player's action changing slowest.
        table: Vec<Vec<f64>>,
    },
}

impl ActionArgs {
    /// The scenario fields these arguments came from.
    fn fields(&self) -> &'static [&'static str] {
        match self {
            ActionArgs::Fixed(_) => &["action"],
            ActionArgs::Mixed(_) => &["p"],
            ActionArgs::Cycle(_) => &["sequence"],
            ActionArgs::Reply { .. } => &["watch", "first", "table"],
        }
    }
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
    /// The name of the same strategy in Axelrod-Python; `None` for the kinds it has no
    /// counterpart of (those that name actions).
    pub axelrod_name: Option<&'static str>,
    pub summary: &'static str,
    pub parameters: &'static [ParameterInfo],
    /// Classifier with default parameters; a built strategy recomputes `stochastic`.
    pub classifier: Classifier,
    #[serde(skip)]
    pub(super) build: fn(&StrategyArgs, Option<Rspt>) -> Result<Policy, String>,
}

impl Entry {
    /// Our name, then Axelrod-Python's where it has one.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name).chain(self.axelrod_name)
    }

    /// Compiles the strategy with these arguments; `game` is `None` outside 2×2 games.
    pub fn build(&self, args: &StrategyArgs, game: Option<Rspt>) -> Result<Policy, String> {
        let named = args.actions.as_ref().map_or(&[][..], ActionArgs::fields);
        let given = [
            (args.p.is_some(), "p"),
            (args.first.is_some(), "first"),
            (args.phi.is_some(), "phi"),
            (args.s.is_some(), "s"),
        ]
        .into_iter()
        .chain(named.iter().map(|name| (true, *name)));
        for (given, name) in given {
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

pub(super) const fn classifier(
    memory_depth: Option<u32>,
    stochastic: bool,
    uses_game: bool,
) -> Classifier {
    Classifier {
        memory_depth,
        stochastic,
        uses_game,
    }
}

/// Every registered strategy, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[
    &unconditional::ALWAYS_COOPERATE,
    &unconditional::ALWAYS_DEFECT,
    &reactive::TIT_FOR_TAT,
    &reactive::SUSPICIOUS_TIT_FOR_TAT,
    &reactive::TIT_FOR_TWO_TATS,
    &reactive::GRUDGER,
    &memory_one::WIN_STAY_LOSE_SHIFT,
    &unconditional::ALTERNATOR,
    &unconditional::RANDOM,
    &memory_one::GENEROUS_TIT_FOR_TAT,
    &memory_one::JOSS,
    &memory_one::MEMORY_ONE,
    &zero_determinant::ZD_EXTORT_2,
    &zero_determinant::ZDGTFT_2,
    &multi_action::FIXED,
    &multi_action::MIXED,
    &multi_action::CYCLE,
    &multi_action::REPLY,
];

pub(super) fn single(args: &StrategyArgs, default: f64) -> Result<f64, String> {
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

pub(super) fn check_probabilities(values: &[f64]) -> Result<(), String> {
    match values.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        Some(bad) => Err(format!(
            "probability {} is outside [0, 1]",
            crate::text::number(*bad)
        )),
        None => Ok(()),
    }
}

/// Finds a strategy by our name or its Axelrod-Python display name, folding case, spaces,
/// hyphens and underscores, so "Tit For Tat" finds `tit_for_tat`.
pub fn lookup(name: &str) -> Option<&'static Entry> {
    let folded = fold_name(name);
    ENTRIES
        .iter()
        .copied()
        .find(|entry| entry.names().any(|name| fold_name(name) == folded))
}

/// Every name `lookup` accepts.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    ENTRIES.iter().flat_map(|entry| entry.names())
}

/// The initials of a name of several words, which is how the literature abbreviates strategies:
/// `tit_for_tat` → `tft`, `Win-Stay Lose-Shift` → `wsls`, `Tit For 2 Tats` → `tf2t`.
fn initials(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    (words.len() >= 2).then(|| {
        words
            .iter()
            .filter_map(|word| word.chars().next())
            .flat_map(char::to_lowercase)
            .collect()
    })
}

/// The strategy a misspelt name most likely meant, as our snake_case name.
///
/// Compares folded names (so case, spaces, `-` and `_` do not count) by edit distance, and
/// initials: an abbreviation must match exactly when it is three letters or fewer (`tft` is tit
/// for tat, not `stft`), within one edit when longer.
pub fn suggest(unknown: &str) -> Option<&'static str> {
    use crate::names::{MAX_SUGGESTION_CHARS, typo_distance};
    // Without a letter or digit there is nothing to compare with a strategy's name.
    if unknown.chars().count() > MAX_SUGGESTION_CHARS || !unknown.chars().any(char::is_alphanumeric)
    {
        return None;
    }
    let folded = fold_name(unknown);
    let mut best: Option<(usize, &'static str)> = None;
    for entry in ENTRIES {
        let spelled = entry
            .names()
            .filter_map(|name| typo_distance(&folded, &fold_name(name)));
        let abbreviated = entry.names().filter_map(initials).filter_map(|initials| {
            let distance = strsim::damerau_levenshtein(&folded, &initials);
            let allowed = usize::from(folded.len() > 3 && initials.len() > 3);
            (distance <= allowed).then_some(distance)
        });
        if let Some(distance) = spelled.chain(abbreviated).min()
            && best.is_none_or(|(shortest, _)| distance < shortest)
        {
            best = Some((distance, entry.name));
        }
    }
    best.map(|(_, name)| name)
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
    fn suggestions_follow_a_table_of_typos() {
        for (typo, expected) in [
            // Abbreviations from the literature, by initials.
            ("tft", Some("tit_for_tat")),
            ("TFT", Some("tit_for_tat")),
            ("wsls", Some("win_stay_lose_shift")),
            ("stft", Some("suspicious_tit_for_tat")),
            ("tftt", Some("tit_for_two_tats")),
            ("tf2t", Some("tit_for_two_tats")),
            // One edit away from a four-letter abbreviation.
            ("wslz", Some("win_stay_lose_shift")),
            // Misspellings, in any case and with any separators; our name is suggested even
            // when the typo is of the Axelrod display name.
            ("tit_for_tatt", Some("tit_for_tat")),
            ("Tit-For-Tatt", Some("tit_for_tat")),
            ("grudgr", Some("grudger")),
            ("Defecter", Some("always_defect")),
            ("ZD-Extort-3", Some("zd_extort_2")),
            ("zdgtft", Some("zdgtft_2")),
            ("memory_onee", Some("memory_one")),
            ("jos", Some("joss")),
            ("Generous Tit For Tatt", Some("generous_tit_for_tat")),
            // Strangers and near-empty names get nothing.
            ("pavlov", None),
            ("grim", None),
            ("xyz", None),
            ("a", None),
            ("", None),
            ("___", None),
            ("zz", None),
            ("prober", None),
            ("handshake", None),
        ] {
            assert_eq!(suggest(typo), expected, "{typo:?}");
        }
        assert_eq!(suggest(&"tft".repeat(40_000)), None);
    }

    #[test]
    fn every_registered_name_is_found_not_suggested() {
        for name in all_names() {
            assert!(lookup(name).is_some(), "{name}");
        }
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

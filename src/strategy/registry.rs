//! The strategy library's index: which families there are, what each registers, and lookup
//! by name, Axelrod-Python display name or abbreviation. The families' files hold their
//! strategies and import the shared types from `entry`, not from here.

use super::entry::Entry;
use super::{
    adaptor, ann, axelrod_first, axelrod_second, cycler, dbs, frequency_analyzer, fsm,
    go_by_majority, grudger, hmm, hunter, lookup as lookup_family, memory_n, memory_one, meta,
    misc, multi_action, prober, qlearner, reactive, tit_for_tat, unconditional, wrapper,
    zero_determinant,
};
use crate::names::fold_name;
use std::sync::LazyLock;

/// A family of strategies: one file, one kind of rule.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Family {
    /// The name `dilemma strategies --family` takes.
    pub name: &'static str,
    /// What the family's strategies watch in a game of three or more players.
    pub with_more_players: &'static str,
    #[serde(skip)]
    pub entries: &'static [&'static Entry],
}

/// What every two-action strategy watches among three or more players, unless its family says
/// more: the `target`, `watch` and `at_least` fields turn the others' moves into one opponent.
const WATCHES_ONE_OPPONENT: &str = "the one opponent the strategy's `target`, `watch` or \
    `at_least` makes of the others (by default: D when any other player defected)";

/// The families, in the order `dilemma strategies` lists them.
pub static FAMILIES: &[Family] = &[
    Family {
        name: "unconditional",
        with_more_players: "nothing, except the tricky ones and the average copiers, which read \
            the one opponent their watch makes of the others",
        entries: unconditional::ENTRIES,
    },
    Family {
        name: "reactive",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: reactive::ENTRIES,
    },
    Family {
        name: "memory_one",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: memory_one::ENTRIES,
    },
    Family {
        name: "zero_determinant",
        with_more_players: "the one opponent the strategy's watch makes of the others; the \
            linear payoff relation it enforces holds only against a single opponent",
        entries: zero_determinant::ENTRIES,
    },
    Family {
        name: "memory_n",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: memory_n::ENTRIES,
    },
    Family {
        name: "tit_for_tat",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: tit_for_tat::ENTRIES,
    },
    Family {
        name: "grudger",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: grudger::ENTRIES,
    },
    Family {
        name: "prober",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: prober::ENTRIES,
    },
    Family {
        name: "cycler",
        with_more_players: "the cyclers and Thue-Morse ignore the others; phi, pi and e count the \
            moves of the one opponent their watch makes of the others",
        entries: cycler::ENTRIES,
    },
    Family {
        name: "go_by_majority",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: go_by_majority::ENTRIES,
    },
    Family {
        name: "hunter",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: hunter::ENTRIES,
    },
    Family {
        name: "fsm",
        with_more_players: "the machine moves on the one opponent move its watch makes of the \
            others",
        entries: fsm::ENTRIES,
    },
    Family {
        name: "lookup",
        with_more_players: "the table reads the one opponent its watch makes of the others, for \
            the recent and the opening moves alike",
        entries: lookup_family::ENTRIES,
    },
    Family {
        name: "axelrod_first",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: axelrod_first::ENTRIES,
    },
    Family {
        name: "axelrod_second",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: axelrod_second::ENTRIES,
    },
    Family {
        name: "misc",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: misc::ENTRIES,
    },
    Family {
        name: "ann",
        with_more_players: "the network's features read the one opponent its watch makes of the \
            others",
        entries: ann::ENTRIES,
    },
    Family {
        name: "hmm",
        with_more_players: "the hidden state moves on the one opponent move its watch makes of \
            the others",
        entries: hmm::ENTRIES,
    },
    Family {
        name: "adaptor",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: adaptor::ENTRIES,
    },
    Family {
        name: "dbs",
        with_more_players: "the model it learns is of the one opponent its watch makes of the \
            others",
        entries: dbs::ENTRIES,
    },
    Family {
        name: "frequency_analyzer",
        with_more_players: WATCHES_ONE_OPPONENT,
        entries: frequency_analyzer::ENTRIES,
    },
    Family {
        name: "qlearner",
        with_more_players: "its states are of the one opponent its watch makes of the others",
        entries: qlearner::ENTRIES,
    },
    Family {
        name: "meta",
        with_more_players: "every member proposes against the one opponent the meta player's \
            watch makes of the others, and the winners score their proposals against it",
        entries: meta::ENTRIES,
    },
    Family {
        name: "transformer",
        with_more_players: "what the strategy they transform watches",
        entries: wrapper::ENTRIES,
    },
    Family {
        name: "any_actions",
        with_more_players: "`fixed`, `mixed` and `cycle` ignore the others; `reply` reads the \
            last actions of the players it names in `watch`",
        entries: multi_action::ENTRIES,
    },
];

/// Every registered strategy, in the order `dilemma strategies` lists them: family by family.
pub static ENTRIES: LazyLock<Vec<&'static Entry>> = LazyLock::new(|| {
    FAMILIES
        .iter()
        .flat_map(|family| family.entries.iter().copied())
        .collect()
});

/// The family a registered strategy belongs to.
pub fn family_of(entry: &Entry) -> &'static Family {
    FAMILIES
        .iter()
        .find(|family| {
            family
                .entries
                .iter()
                .any(|member| std::ptr::eq(*member, entry))
        })
        .expect("every entry is registered in a family")
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
    for entry in ENTRIES.iter() {
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
    use crate::strategy::entry::{Context, StrategyArgs};

    #[test]
    fn abbreviations_of_the_literature_are_names() {
        for (alias, name) in [
            ("TFT", "tit_for_tat"),
            ("tf2t", "tit_for_two_tats"),
            ("WSLS", "win_stay_lose_shift"),
            ("Pavlov", "win_stay_lose_shift"),
            ("GTFT", "generous_tit_for_tat"),
            ("ALLC", "always_cooperate"),
            ("allD", "always_defect"),
            ("Grim Trigger", "grudger"),
        ] {
            assert_eq!(lookup(alias).map(|entry| entry.name), Some(name), "{alias}");
        }
    }

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
            ("ZD-Extrot-3", Some("zd_extort3")),
            ("zdgtft", Some("zdgtft_2")),
            ("memory_onee", Some("memory_one")),
            ("jos", Some("joss")),
            ("Generous Tit For Tatt", Some("generous_tit_for_tat")),
            // Strangers and near-empty names get nothing.
            // Aliases are found, so near-misses of them are suggested too.
            ("pavlof", Some("win_stay_lose_shift")),
            ("grim trigger", Some("grudger")),
            ("xyz", None),
            ("a", None),
            ("", None),
            ("___", None),
            ("zz", None),
            ("hawk", None),
            ("bourgeois", None),
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
            .build(&args, &Context::default())
            .unwrap_err();
        assert!(error.contains("takes no parameter `p`"), "{error}");
    }
}

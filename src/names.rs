//! Names as people type them: folding away case and separators, and suggesting the nearest
//! known name for a typo. Scenario validation and the strategy registry both use it.

/// Longest name, in characters, that takes part in a suggestion. Beyond it a typo suggestion
/// helps nobody, and the edit distance costs the product of the two lengths.
pub const MAX_SUGGESTION_CHARS: usize = 100;

/// A name reduced to what a typo rarely changes on purpose: lowercase letters and digits, so
/// `Tit-For-Tat`, `tit_for_tat` and `TitForTat` compare equal. A name with no letter or digit
/// (an action called `+`) is only lowercased, or every such name would fold to "".
pub fn fold_name(name: &str) -> String {
    let folded: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if folded.is_empty() {
        name.to_lowercase()
    } else {
        folded
    }
}

/// Edit distance between folded names when it is small enough to be a plausible typo: at most a
/// third of the longer name (so one- and two-character names must match once folded).
pub fn typo_distance(unknown_folded: &str, known_folded: &str) -> Option<usize> {
    let longest = unknown_folded
        .chars()
        .count()
        .max(known_folded.chars().count());
    let distance = strsim::damerau_levenshtein(unknown_folded, known_folded);
    (distance <= longest / 3).then_some(distance)
}

/// The known name closest to `unknown`, if any is close enough to be a plausible typo. Ties go
/// to the name listed first.
pub fn nearest_name<S: AsRef<str>>(
    unknown: &str,
    known: impl IntoIterator<Item = S>,
) -> Option<String> {
    if unknown.chars().count() > MAX_SUGGESTION_CHARS {
        return None;
    }
    let unknown_folded = fold_name(unknown);
    let mut best: Option<(usize, String)> = None;
    for name in known {
        let name = name.as_ref();
        if name.chars().count() > MAX_SUGGESTION_CHARS {
            continue;
        }
        if let Some(distance) = typo_distance(&unknown_folded, &fold_name(name))
            && best
                .as_ref()
                .is_none_or(|(shortest, _)| distance < *shortest)
        {
            best = Some((distance, name.to_string()));
        }
    }
    best.map(|(_, name)| name)
}

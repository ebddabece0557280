//! How results name strategies to readers: `tit_for_tat` becomes "Tit for tat", while a name the
//! scenario gave (`name = "Hard line"`) is shown as written.

use crate::strategy::registry;

/// The reader-facing name of a strategy label from summary.csv. A label that is exactly a
/// registered strategy name is a machine name and is spelled out; anything else is the user's.
pub fn strategy_name(label: &str) -> String {
    match registry::lookup(label) {
        // "zd" is an acronym: the literature writes ZD-Extort-2, as Axelrod-Python does.
        Some(entry) if entry.name == label && label.starts_with("zd") => entry
            .axelrod_name
            .map_or_else(|| sentence_case(label), String::from),
        Some(entry) if entry.name == label => sentence_case(label),
        _ => label.to_string(),
    }
}

/// `tit_for_tat` → "Tit for tat": underscores become spaces and the first letter is capitalised.
fn sentence_case(name: &str) -> String {
    let spaced = name.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// A profile label (`a vs b`) with each strategy shown by [`strategy_name`].
pub fn profile_name(profile: &str) -> String {
    profile
        .split(" vs ")
        .map(strategy_name)
        .collect::<Vec<_>>()
        .join(" vs ")
}

/// A file-name-safe form of a profile: `tit_for_tat vs always_defect` →
/// `tit_for_tat-vs-always_defect`. Other characters become `_`; long names are cut at 80 bytes.
pub fn file_slug(text: &str) -> String {
    let slug: String = text
        .replace(" vs ", "-vs-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    slug.trim_start_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_names_are_spelled_out_and_user_names_kept() {
        assert_eq!(strategy_name("tit_for_tat"), "Tit for tat");
        assert_eq!(strategy_name("always_defect"), "Always defect");
        // The user's own names, and Axelrod's display names as the user wrote them, stay.
        assert_eq!(strategy_name("wary"), "wary");
        assert_eq!(strategy_name("Tit For Tat"), "Tit For Tat");
        assert_eq!(strategy_name("Hard line"), "Hard line");
        assert_eq!(profile_name("tit_for_tat vs wary"), "Tit for tat vs wary");
    }

    #[test]
    fn slugs_are_file_names() {
        assert_eq!(
            file_slug("tit_for_tat vs always_defect"),
            "tit_for_tat-vs-always_defect"
        );
        assert_eq!(file_slug("Hard line vs ../x"), "Hard_line-vs-___x");
    }
}

//! The strategy library as one Markdown table for people: `dilemma strategies` prints it and
//! the README embeds it verbatim (a test keeps the two equal), so neither can drift.

use super::entry::Entry;
use super::registry::{ENTRIES, FAMILIES, Family, family_of};
use crate::names::{fold_name, nearest_name};

const HEADER: [&str; 9] = [
    "name",
    "Axelrod name",
    "family",
    "memory",
    "stochastic",
    "uses game",
    "uses length",
    "what it does",
    "parameters",
];

/// Which strategies `dilemma strategies` lists: every condition given must hold.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub stochastic: Option<bool>,
    /// `Some(None)` asks for unbounded memory.
    pub memory_depth: Option<Option<u32>>,
    pub family: Option<&'static Family>,
    pub uses_game: Option<bool>,
    pub uses_length: Option<bool>,
}

impl Filter {
    /// The family `--family` names, or an error listing the families (and the nearest one).
    pub fn family_named(name: &str) -> Result<&'static Family, String> {
        let folded = fold_name(name);
        if let Some(family) = FAMILIES
            .iter()
            .find(|family| fold_name(family.name) == folded)
        {
            return Ok(family);
        }
        let names: Vec<&str> = FAMILIES.iter().map(|family| family.name).collect();
        let hint = nearest_name(name, names.iter().copied())
            .map(|nearest| format!(" (did you mean `{nearest}`?)"))
            .unwrap_or_default();
        Err(format!(
            "unknown family `{}`{hint}; the families are: {}",
            crate::text::echo(name),
            names.join(", ")
        ))
    }

    /// A memory depth as `--memory-depth` takes it: a number of rounds, or `inf` for unbounded.
    pub fn memory_depth_from(text: &str) -> Result<Option<u32>, String> {
        match text.trim() {
            "inf" | "infinite" | "∞" | "unbounded" => Ok(None),
            digits => digits.parse::<u32>().map(Some).map_err(|_| {
                format!(
                    "--memory-depth takes a number of rounds or `inf`, not `{}`",
                    crate::text::echo(text)
                )
            }),
        }
    }

    pub fn admits(&self, entry: &Entry) -> bool {
        let classifier = entry.classifier;
        self.stochastic
            .is_none_or(|want| classifier.stochastic == want)
            && self
                .memory_depth
                .is_none_or(|want| classifier.memory_depth == want)
            && self
                .family
                .is_none_or(|family| std::ptr::eq(family_of(entry), family))
            && self
                .uses_game
                .is_none_or(|want| classifier.uses_game == want)
            && self
                .uses_length
                .is_none_or(|want| classifier.uses_length == want)
    }

    /// The registered strategies this filter admits, in registry order.
    pub fn entries(&self) -> Vec<&'static Entry> {
        ENTRIES
            .iter()
            .copied()
            .filter(|entry| self.admits(entry))
            .collect()
    }
}

/// One strategy as `dilemma strategies --json` prints it: the entry and its family.
#[derive(serde::Serialize)]
struct Listed {
    #[serde(flatten)]
    entry: &'static Entry,
    family: &'static str,
}

/// The strategies `filter` admits as a JSON array.
pub fn json(filter: &Filter) -> String {
    let listed: Vec<Listed> = filter
        .entries()
        .into_iter()
        .map(|entry| Listed {
            entry,
            family: family_of(entry).name,
        })
        .collect();
    serde_json::to_string_pretty(&listed).expect("entries serialise") + "\n"
}

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_string()
}

fn row(entry: &Entry) -> [String; 9] {
    let parameters: Vec<String> = entry
        .parameters
        .iter()
        .map(|info| match info.default {
            "required" => format!("`{}` (required): {}", info.name, info.meaning),
            default => format!("`{}`: {}, default {default}", info.name, info.meaning),
        })
        .collect();
    let name = match entry.aliases {
        [] => entry.name.to_string(),
        aliases => format!("{} ({})", entry.name, aliases.join(", ")),
    };
    [
        name,
        entry.axelrod_name.unwrap_or("—").to_string(),
        family_of(entry).name.to_string(),
        entry
            .classifier
            .memory_depth
            .map_or_else(|| "∞".to_string(), |depth| depth.to_string()),
        yes_no(entry.classifier.stochastic),
        yes_no(entry.classifier.uses_game),
        yes_no(entry.classifier.uses_length),
        entry.summary.to_string(),
        parameters.join("; "),
    ]
}

/// The table, columns padded so it reads as well in a terminal as rendered. Cells never hold
/// `|`, so no escaping is needed.
pub fn markdown_table(filter: &Filter) -> String {
    let rows: Vec<[String; 9]> = filter.entries().into_iter().map(row).collect();
    let mut widths = HEADER.map(|title| title.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| {
                let pad = width - cell.chars().count();
                format!("{cell}{}", " ".repeat(pad))
            })
            .collect();
        format!("| {} |\n", padded.join(" | ")).replace(" \n", "\n")
    };
    let mut text = line(&HEADER.map(String::from));
    let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
    text.push_str(&format!("|-{}-|\n", rule.join("-|-")));
    for row in &rows {
        text.push_str(&line(row));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_one_row_with_every_column() {
        let table = markdown_table(&Filter::default());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2 + ENTRIES.len());
        for (line, entry) in lines[2..].iter().zip(ENTRIES.iter()) {
            // 9 columns: 10 separators.
            assert_eq!(line.matches('|').count(), 10, "{line}");
            assert!(line.starts_with(&format!("| {} ", entry.name)), "{line}");
        }
    }
}

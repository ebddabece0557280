//! The strategy library as one Markdown table for people: `dilemma strategies` prints it and
//! the README embeds it verbatim (a test keeps the two equal), so neither can drift.

use super::registry::{ENTRIES, Entry};

const HEADER: [&str; 7] = [
    "name",
    "Axelrod name",
    "memory",
    "stochastic",
    "uses game",
    "what it does",
    "parameters",
];

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_string()
}

fn row(entry: &Entry) -> [String; 7] {
    let parameters: Vec<String> = entry
        .parameters
        .iter()
        .map(|info| match info.default {
            "required" => format!("`{}` (required): {}", info.name, info.meaning),
            default => format!("`{}`: {}, default {default}", info.name, info.meaning),
        })
        .collect();
    [
        entry.name.to_string(),
        entry.axelrod_name.unwrap_or("—").to_string(),
        entry
            .classifier
            .memory_depth
            .map_or_else(|| "∞".to_string(), |depth| depth.to_string()),
        yes_no(entry.classifier.stochastic),
        yes_no(entry.classifier.uses_game),
        entry.summary.to_string(),
        parameters.join("; "),
    ]
}

/// The table, columns padded so it reads as well in a terminal as rendered. Cells never hold
/// `|`, so no escaping is needed.
pub fn markdown_table() -> String {
    let rows: Vec<[String; 7]> = ENTRIES.iter().map(|entry| row(entry)).collect();
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
        let table = markdown_table();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2 + ENTRIES.len());
        for (line, entry) in lines[2..].iter().zip(ENTRIES) {
            // 7 columns: 8 separators.
            assert_eq!(line.matches('|').count(), 8, "{line}");
            assert!(line.starts_with(&format!("| {} ", entry.name)), "{line}");
        }
    }
}

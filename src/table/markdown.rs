//! Tables as GitHub pipe tables under a heading line each. The user's text is escaped, so a name
//! can neither split a cell (`|`) nor turn into markup, math or a link.

use super::entry_text;
use super::layout::{Shape, Table};

/// The tables, each under a `###` heading, separated by blank lines.
pub fn render(tables: &[Table], digits: usize) -> String {
    tables
        .iter()
        .map(|table| one(table, digits))
        .collect::<Vec<_>>()
        .join("\n")
}

fn one(table: &Table, digits: usize) -> String {
    let mut text = format!("### {}\n\n", table.caption(escape));
    let corner = match &table.shape {
        Shape::Grid {
            rows_player,
            columns_player,
            ..
        } => format!("{} \\\\ {}", escape(rows_player), escape(columns_player)),
        Shape::Long => "Profile".to_string(),
    };
    let header: Vec<String> = table.columns.iter().map(|c| escape(&c.shown)).collect();
    text.push_str(&row(&corner, &header));
    text.push_str(&row("---", &vec!["---:".to_string(); table.columns.len()]));
    for line in &table.rows {
        let entries: Vec<String> = line
            .entries
            .iter()
            .map(|entry| match entry {
                None => String::new(),
                Some(entry) if entry.best => format!("**{}**", entry_text(entry, digits, "-")),
                Some(entry) => entry_text(entry, digits, "-"),
            })
            .collect();
        text.push_str(&row(&escape(&line.label.shown), &entries));
    }
    text
}

fn row(first: &str, rest: &[String]) -> String {
    let mut line = format!("| {first} |");
    for cell in rest {
        line.push(' ');
        line.push_str(cell);
        line.push_str(" |");
    }
    line.push('\n');
    line
}

/// The user's text as Markdown that shows it literally: control characters as escapes (`\n`),
/// and a backslash before every character that could start markup, math, a link, an HTML tag or
/// an entity, or end a table cell.
pub fn escape(text: &str) -> String {
    let shown = crate::text::escape_controls(text);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        if matches!(
            c,
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '&' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_names_is_shown_literally() {
        assert_eq!(escape("a|b"), r"a\|b");
        assert_eq!(
            escape(r"*x* _y_ `z` [l](u) <b> ~s~ &amp; $m$ \ ![i]"),
            r"\*x\* \_y\_ \`z\` \[l\](u) \<b\> \~s\~ \&amp; \$m\$ \\ !\[i\]"
        );
        assert_eq!(escape("a\nb"), r"a\\nb");
        assert_eq!(escape("Tit for tat"), "Tit for tat");
    }
}

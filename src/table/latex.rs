//! Tables as a LaTeX fragment with booktabs rules, ready to `\input` into a paper. Every piece of
//! the user's text is escaped, so a strategy name can never run a command.

use super::entry_text;
use super::layout::{Shape, Table};

/// Minus as typeset in a paper, rather than a hyphen.
const MINUS: &str = "$-$";

/// The tables, each preceded by a `%` comment saying what it holds, separated by blank lines.
pub fn render(tables: &[Table], digits: usize) -> String {
    tables
        .iter()
        .map(|table| one(table, digits))
        .collect::<Vec<_>>()
        .join("\n")
}

fn one(table: &Table, digits: usize) -> String {
    let columns = table.columns.len();
    let mut text = format!("% {}\n", table.caption(comment));
    text.push_str(&format!(
        "\\begin{{tabular}}{{l {}}}\n\\toprule\n",
        "r".repeat(columns)
    ));
    let corner = match &table.shape {
        Shape::Grid {
            rows_player,
            columns_player,
            ..
        } => {
            // The column player's name spans the columns, ruled off beneath.
            text.push_str(&format!(
                " & \\multicolumn{{{columns}}}{{c}}{{{}}} \\\\\n\\cmidrule(l){{2-{}}}\n",
                escape(columns_player),
                columns + 1
            ));
            escape(rows_player)
        }
        Shape::Long => "Profile".to_string(),
    };
    let header: Vec<String> = table.columns.iter().map(|c| escape(&c.shown)).collect();
    text.push_str(&row(&corner, &header));
    text.push_str("\\midrule\n");
    for line in &table.rows {
        let entries: Vec<String> = line
            .entries
            .iter()
            .map(|entry| match entry {
                None => String::new(),
                Some(entry) if entry.best => {
                    format!("\\textbf{{{}}}", entry_text(entry, digits, MINUS))
                }
                Some(entry) => entry_text(entry, digits, MINUS),
            })
            .collect();
        text.push_str(&row(&escape(&line.label.shown), &entries));
    }
    text.push_str("\\bottomrule\n\\end{tabular}\n");
    text
}

fn row(first: &str, rest: &[String]) -> String {
    let mut line = first.to_string();
    for cell in rest {
        line.push_str(" & ");
        line.push_str(cell);
    }
    line.push_str(" \\\\\n");
    line
}

/// Text for a `%` comment: TeX ignores the rest of the line, so only a line break (or any other
/// control character) could end it early; those are written as escapes.
fn comment(text: &str) -> String {
    crate::text::escape_controls(text)
}

/// The user's text as LaTeX that typesets it literally: the ten special characters become their
/// text commands; `[`, `]` and `*` are braced, since after `\\` or `\midrule` they would be read
/// as an optional argument or a star; a `-` before another is braced so `--` stays two hyphens
/// rather than a dash; `<`, `>` and `|` get their text commands (in the default font encoding
/// they print as other glyphs); control characters are shown as escapes (`\n`), never raw.
pub fn escape(text: &str) -> String {
    let shown = crate::text::escape_controls(text);
    let mut out = String::with_capacity(shown.len());
    let mut chars = shown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            '[' | ']' | '*' => {
                out.push('{');
                out.push(c);
                out.push('}');
            }
            '-' if chars.peek() == Some(&'-') => out.push_str("-{}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specials_are_typeset_literally() {
        assert_eq!(
            escape(r"a & b_{x} \input{y} %"),
            r"a \& b\_\{x\} \textbackslash{}input\{y\} \%"
        );
        assert_eq!(
            escape("$5 #1 ~x^2 <a|b>"),
            r"\$5 \#1 \textasciitilde{}x\textasciicircum{}2 \textless{}a\textbar{}b\textgreater{}"
        );
        assert_eq!(escape("[opt] *x a--b---c"), "{[}opt{]} {*}x a-{}-b-{}-{}-c");
        assert_eq!(escape("Tit for tat"), "Tit for tat");
    }

    #[test]
    fn control_characters_never_reach_the_file_raw() {
        let shown = escape("a\nb\r\u{1b}[2J\u{0}");
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(
            shown,
            r"a\textbackslash{}nb\textbackslash{}r\textbackslash{}u\{1b\}{[}2J\textbackslash{}u\{0\}"
        );
        // A line break would end the comment and let the rest run as LaTeX.
        assert_eq!(
            comment("x\n\\input{/etc/passwd}"),
            "x\\n\\input{/etc/passwd}"
        );
    }
}

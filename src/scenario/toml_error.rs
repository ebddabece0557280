//! toml's and serde's messages reworded for people: one line, TOML's words (table, array,
//! date-time, whole number) instead of Rust's (map, sequence, u64), user text escaped and
//! capped, and a field and position wherever toml gives none.

use super::{ScenarioError, Source, locate, nearest_name};
use crate::text::echo;

/// The top-level tables every scenario must have; serde reports them as root fields.
const ROOT_TABLES: [&str; 3] = ["scenario", "game", "strategies"];

/// Dotted keys with this many parts or more are refused by toml ("recursion limit").
const TOML_KEY_DEPTH_LIMIT: usize = 80;

/// Serde's Rust vocabulary and the TOML words a scenario's author knows.
const WORDS: [(&str, &str); 8] = [
    ("invalid type: sequence", "invalid type: array"),
    ("expected u64", "expected a whole number (0 or more)"),
    ("expected i64", "expected a whole number"),
    ("expected usize", "expected a whole number (0 or more)"),
    ("expected f64", "expected a number"),
    ("expected a sequence", "expected an array"),
    ("expected a map", "expected a table"),
    ("unclosed table,", "unclosed table header,"),
];

/// Locates and rewords a toml error.
pub(super) fn toml_error(source: &Source, error: &toml::de::Error) -> ScenarioError {
    let raw = error.message().trim();
    let Some(span) = error.span() else {
        return unlocated(source, raw);
    };
    let mut field = locate::path_at(source.text, span.start);

    // "missing field `x`" points at the table that lacks it; name the field itself. The root
    // table's span starts at 0, where the first header may sit: its fields are told apart by
    // name.
    if let Some((missing, _)) = raw
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
    {
        if ROOT_TABLES.contains(&missing) {
            let message = format!("missing field `{missing}` (the file has no [{missing}] table)");
            return source.error(span, missing, message);
        }
        field = if field.is_empty() {
            missing.to_string()
        } else {
            format!("{field}.{missing}")
        };
    }

    // serde says "unknown field `x`, expected one of `a`, `b`": echo `x` safely and offer the
    // nearest of the names it lists (ours, so safe to show).
    if let Some((unknown, expected)) = raw
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let mut located = source.error(
            span,
            field,
            format!("unknown field `{}`{}", echo(unknown), one_line(expected)),
        );
        located.suggestion = nearest_name(unknown, candidates);
        return located;
    }

    let message = reword(source, &span, raw);
    source.error(span, field, message)
}

/// An error toml gives no span: so far only a dotted key with too many parts.
fn unlocated(source: &Source, raw: &str) -> ScenarioError {
    if raw == "recursion limit"
        && let Some((offset, parts, count)) =
            locate::long_dotted_key(source.text, TOML_KEY_DEPTH_LIMIT)
    {
        let mut field = parts.join(".");
        if count > parts.len() {
            field.push_str(".…");
        }
        return source.error(
            offset..offset,
            field,
            format!(
                "the key has {count} dotted parts; at most {} are accepted",
                TOML_KEY_DEPTH_LIMIT - 1
            ),
        );
    }
    source.error(0..0, "", reword(source, &(0..0), raw))
}

/// One line, TOML's words, user text capped.
fn reword(source: &Source, span: &std::ops::Range<usize>, raw: &str) -> String {
    let mut message = cap_quoted(&one_line(raw));
    if message.contains("max recursion depth") {
        return "arrays or inline tables nest too deeply (recursion limit)".to_string();
    }
    if let Some(rest) = message.strip_prefix("invalid type: map") {
        // toml hands a date-time to serde as a map; a table value starts with `{` or a header.
        let value = source.text.get(span.clone()).unwrap_or("").trim();
        message = if value.starts_with(|c: char| c.is_ascii_digit()) {
            format!("invalid type: date-time `{}`{rest}", echo(value))
        } else {
            format!("invalid type: table{rest}")
        };
    }
    for (rust, toml) in WORDS {
        message = message.replace(rust, toml);
    }
    message
}

/// toml's multi-line messages joined into one line: a part ending in `:` runs on, others are
/// separated by `; `.
fn one_line(raw: &str) -> String {
    let mut joined = String::new();
    for part in raw.lines().map(str::trim).filter(|part| !part.is_empty()) {
        if !joined.is_empty() {
            joined.push_str(if joined.ends_with(':') { " " } else { "; " });
        }
        joined.push_str(part);
    }
    joined
}

/// Caps every `` `quoted` `` and `"quoted"` piece of user text inside a message (serde quotes a
/// string value with Rust's escapes, so `\"` does not end it).
fn cap_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(4096));
    let mut rest = message;
    while let Some(start) = rest.find(['`', '"']) {
        let quote = rest.as_bytes()[start];
        out.push_str(&rest[..=start]);
        let inside = &rest[start + 1..];
        let mut end = None;
        let mut escaped = false;
        for (index, byte) in inside.bytes().enumerate() {
            if byte == quote && !escaped {
                end = Some(index);
                break;
            }
            escaped = quote == b'"' && byte == b'\\' && !escaped;
        }
        let Some(end) = end else {
            out.push_str(&echo(inside));
            return out;
        };
        out.push_str(&echo(&inside[..end]));
        out.push(quote as char);
        rest = &inside[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_for(text: &str) -> ScenarioError {
        let source = Source::new("f.toml", text);
        let error = toml::from_str::<super::super::schema::RawScenario>(text)
            .expect_err("the text is rejected");
        toml_error(&source, &error)
    }

    const GAME: &str = "[game]\nplayers = [\"A\", \"B\"]\nrounds = 3\n[game.payoffs]\n\
                        \"C,C\" = [3, 3]\n[strategies]\nA = [\"tit_for_tat\"]\n";

    #[test]
    fn no_internal_type_names_reach_the_user() {
        let cases = [
            format!("scenario = [1, 2, 3]\n{GAME}"),
            format!("scenario = [\"x\"]\n{GAME}"),
            format!("scenario = 5\n{GAME}"),
            "game = \"x\"\n[scenario]\nname = \"x\"\n".to_string(),
            format!("[scenario]\nname = \"x\"\n{GAME}")
                .replace("rounds = 3", "rounds = 3\nconstraints = [\"x\"]"),
            format!("[scenario]\nname = \"x\"\n{GAME}")
                .replace("rounds = 3", "rounds = 3\nconstraints = [[\"A\", [\"D\"]]]"),
            format!("[scenario]\nname = \"x\"\n{GAME}")
                .replace("\"tit_for_tat\"", "[\"tit_for_tat\"]"),
        ];
        for text in cases {
            let error = message_for(&text);
            let shown = error.to_string();
            assert!(
                !shown.contains("Raw") && !shown.contains("struct"),
                "{shown}\nfrom\n{text}"
            );
            assert!(shown.contains("expected"), "{shown}");
        }
    }

    #[test]
    fn an_array_is_never_taken_for_a_table() {
        // serde's derive would read this as name, title, seed, replicates.
        let text = format!("scenario = [\"x\", \"t\", 1, 2]\n{GAME}");
        let error = message_for(&text);
        assert_eq!(error.field, "scenario");
        assert_eq!(error.message, "invalid type: array, expected a table");
    }

    #[test]
    fn a_date_time_is_called_one() {
        let text = format!("[scenario]\nname = \"x\"\nseed = 1979-05-27\n{GAME}");
        let error = message_for(&text);
        assert_eq!(error.field, "scenario.seed");
        assert_eq!(error.position, Some((3, 8)));
        assert_eq!(
            error.message,
            "invalid type: date-time `1979-05-27`, expected a whole number (0 or more)"
        );
    }

    #[test]
    fn a_missing_top_level_table_is_named_even_after_another_header() {
        let error = message_for(GAME);
        assert_eq!(error.field, "scenario");
        assert!(
            error.message.contains("the file has no [scenario] table"),
            "{}",
            error.message
        );
    }

    #[test]
    fn an_unclosed_header_names_its_table_in_one_line() {
        let text = format!("[scenario]\nname = \"x\"\n{GAME}").replace("[game]", "[game");
        let error = message_for(&text);
        assert_eq!(error.field, "game");
        assert_eq!(error.position, Some((3, 6)));
        assert!(!error.to_string().contains('\n'), "{error}");
        assert!(error.message.contains("unclosed table header"), "{error}");
    }

    #[test]
    fn a_key_of_thousands_of_parts_gets_a_short_field_and_a_position() {
        let key = vec!["a"; 5000].join(".");
        let text = format!("[scenario]\nname = \"x\"\n[{key}]\n");
        let error = message_for(&text);
        assert_eq!(error.field, "a.a.a.a.…");
        assert_eq!(error.position, Some((3, 1)));
        assert_eq!(
            error.message,
            "the key has 5000 dotted parts; at most 79 are accepted"
        );
    }

    #[test]
    fn long_and_hostile_user_text_is_capped_and_escaped() {
        let key = "k".repeat(100_000);
        let error = message_for(&format!("[scenario]\nname = \"x\"\n{key} = 1\n{GAME}"));
        assert!(error.message.len() < 400, "{}", error.message.len());
        assert!(
            error.message.contains("more characters"),
            "{}",
            error.message
        );
        // TOML's `\u001b` escape puts a raw ESC in the value.
        let value = format!("\\u001b[2J{}", "v".repeat(100_000));
        let error = message_for(&format!(
            "[scenario]\nname = \"x\"\nseed = \"{value}\"\n{GAME}"
        ));
        assert!(error.message.len() < 400, "{}", error.message.len());
        assert!(!error.message.contains('\u{1b}'), "{}", error.message);
        assert!(
            error
                .message
                .ends_with("expected a whole number (0 or more)")
        );
    }

    #[test]
    fn multi_line_messages_become_one() {
        assert_eq!(one_line("a\n  b\n\nc:\n d"), "a; b; c: d");
        assert_eq!(cap_quoted("x `a` \"b\\\"c\" y"), "x `a` \"b\\\"c\" y");
    }
}

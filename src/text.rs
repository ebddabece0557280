//! Text shown to a person: every message passes through here so that user-written names,
//! keys and paths can neither break a message into several lines nor drive the terminal.

/// Longest piece of user text echoed inside a message, in characters.
pub const MAX_ECHO_CHARS: usize = 80;
/// Longest message line printed, in characters.
pub const MAX_LINE_CHARS: usize = 1000;

/// True for characters that must never reach a terminal raw: C0 and C1 controls, DEL, and the
/// bidirectional overrides and isolates that reorder what a reader sees ("Trojan Source").
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True when `text` holds a character that [`escape_controls`] would escape: a name holding
/// one would reach tables, charts and terminals, so validation rejects it.
pub fn has_unsafe(text: &str) -> bool {
    text.chars().any(is_unsafe)
}

/// The first character of `text` that [`escape_controls`] would escape, with its byte offset,
/// so a message can say which it is and where.
pub fn first_unsafe(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|(_, c)| is_unsafe(*c))
}

/// Escapes unsafe characters (`\n`, `\u{1b}`, …) so the result is one printable line.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Cuts `text` to `max` characters, marking the cut with `…` and how much was left out.
pub fn truncate(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max).collect();
    format!("{kept}… ({} more characters)", count - max)
}

/// User text to quote inside a message: escaped and capped at [`MAX_ECHO_CHARS`].
pub fn echo(text: &str) -> String {
    truncate(&escape_controls(text), MAX_ECHO_CHARS)
}

/// A whole message as one safe line: escaped, and capped at [`MAX_LINE_CHARS`].
pub fn one_line(text: &str) -> String {
    truncate(&escape_controls(text.trim_end()), MAX_LINE_CHARS)
}

/// A number as shown in a message: the shortest text that reads back as the same `f64`, in
/// exponent form (`-1e-300`, `2.5e20`) when it is tiny or huge, so a message never carries a
/// 300-digit decimal. Plain form covers 1e-4 <= |x| < 1e15, where it is at most ~20 characters.
pub fn number(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let magnitude = x.abs();
    // Both `{}` and `{:e}` print the shortest digits that round-trip; they differ only in form.
    if x != 0.0 && !(1e-4..1e15).contains(&magnitude) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A number for a table a person reads: at most ten significant digits, so that `1 - 0.98`
/// shows as 0.02 rather than 0.020000000000000018. Files keep the exact [`number`].
pub fn rounded(value: f64) -> String {
    if !value.is_finite() || value == 0.0 {
        return number(value);
    }
    let digits = 10 - 1 - value.abs().log10().floor() as i32;
    let rounded: f64 = if (0..=17).contains(&digits) {
        format!("{value:.*}", digits as usize)
            .parse()
            .unwrap_or(value)
    } else {
        format!("{value:.9e}").parse().unwrap_or(value)
    };
    number(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_shortest_round_trip_with_exponents_at_the_extremes() {
        for (value, shown) in [
            (0.0, "0"),
            (1.0, "1"),
            (-2.5, "-2.5"),
            (0.1, "0.1"),
            (1e-4, "0.0001"),
            (9.99e-5, "9.99e-5"),
            (-1e-300, "-1e-300"),
            (5e-324, "5e-324"),
            (123456789012345.0, "123456789012345"),
            (1e15, "1e15"),
            (-2.5e20, "-2.5e20"),
            (f64::MAX, "1.7976931348623157e308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(number(value), shown, "{value:?}");
        }
        // Round trip: the text parses back to the same bits, whatever the form.
        for value in [1.0 / 3.0, -1e-300, 2.0f64.powi(70), 0.1 + 0.2, 1e-4 - 1e-20] {
            assert_eq!(number(value).parse::<f64>().unwrap(), value);
        }
    }

    #[test]
    fn controls_are_escaped_into_one_line() {
        let hostile = "a\nerror: forged\u{1b}[2J\0\u{202E}b\u{85}";
        let line = one_line(hostile);
        assert!(!line.chars().any(is_unsafe), "{line:?}");
        assert_eq!(line.lines().count(), 1);
        assert!(line.contains("\\n") && line.contains("\\u{1b}") && line.contains("\\u{0}"));
    }

    #[test]
    fn long_text_is_capped_and_says_so() {
        let long = "x".repeat(100_000);
        let shown = echo(&long);
        assert!(
            shown.chars().count() < MAX_ECHO_CHARS + 40,
            "{}",
            shown.len()
        );
        assert!(shown.ends_with("(99920 more characters)"), "{shown}");
        assert_eq!(echo("short"), "short");
    }

    #[test]
    fn numbers_read_back_exactly_and_stay_short() {
        for value in [
            0.0, -0.0, 3.0, 0.98, -1e-300, 1e300, 12345.678, 1e15, 9.99e-5, 1e-4,
        ] {
            let shown = number(value);
            assert_eq!(shown.parse::<f64>().unwrap(), value, "{shown}");
            assert!(shown.len() <= 12, "{shown}");
        }
        assert_eq!(number(-1e-300), "-1e-300");
        assert_eq!(number(0.98), "0.98");
        assert_eq!(number(f64::INFINITY), "inf");
    }

    #[test]
    fn rounded_numbers_keep_ten_significant_digits() {
        assert_eq!(rounded(1.0 - 0.98), "0.02");
        assert_eq!(rounded(2.25), "2.25");
        assert_eq!(rounded(-1.34), "-1.34");
        assert_eq!(rounded(1.0 / 3.0), "0.3333333333");
        assert_eq!(rounded(123456789012.0), "123456789000");
        assert_eq!(rounded(-1e-300 / 3.0), "-3.333333333e-301");
        assert_eq!(rounded(0.0), "0");
    }
}

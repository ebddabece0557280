//! Positions inside TOML text: the key path at a byte offset, and the file offset of a character
//! inside a decoded string.
//!
//! toml's errors carry a byte span but not the path of the key, and a formula's error offset
//! counts characters of the decoded string, not of the file. Neither the toml crate nor another
//! well-kept crate exposes either mapping, so this module scans the text itself. It only has to
//! be right for text toml has already tokenised up to the offset.

/// Deeper nesting than this is reported at its key alone.
const MAX_PATH_DEPTH: usize = 8;

/// One open container while scanning a value.
enum Frame {
    Array { index: usize },
    InlineTable { key: Option<String> },
}

/// Quotes a key segment unless it is a bare key.
fn segment(key: &str) -> String {
    let key = key.trim();
    let key = key
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .or_else(|| {
            key.strip_prefix('\'')
                .and_then(|inner| inner.strip_suffix('\''))
        })
        .unwrap_or(key);
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    if bare {
        key.to_string()
    } else {
        format!("\"{key}\"")
    }
}

fn join(parts: &[String]) -> String {
    let mut path = String::new();
    for part in parts {
        if !part.starts_with('[') && !path.is_empty() {
            path.push('.');
        }
        path.push_str(part);
    }
    path
}

/// Skips a string starting at `at` (on its opening quote); returns the index after it.
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let triple = bytes.get(at..at + 3) == Some(&[quote, quote, quote][..]);
    let mut index = at + if triple { 3 } else { 1 };
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'\\' && quote == b'"' {
            index += 2;
            continue;
        }
        if !triple && byte == b'\n' {
            return index;
        }
        if byte == quote
            && (!triple || bytes.get(index..index + 3) == Some(&[quote, quote, quote][..]))
        {
            return index + if triple { 3 } else { 1 };
        }
        index += 1;
    }
    index
}

/// The key text from `start` up to the next `=` on the same line.
fn key_ahead(text: &str, start: usize) -> String {
    let rest = &text[start..];
    let end = rest.find(['=', '\n', ',', '}']).unwrap_or(rest.len());
    rest[..end].trim().to_string()
}

/// The dotted path (with `[i]` for array elements) of whatever sits at `offset`.
pub fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let mut table: Vec<String> = Vec::new();
    let mut array_tables: Vec<(String, usize)> = Vec::new();
    let mut key: Option<String> = None;
    let mut frames: Vec<Frame> = Vec::new();
    // Where the current key (top-level or inside an inline table) started.
    let mut key_start = 0;
    let mut index = 0;
    let mut at_line_start = true;
    let header_at_offset = |index: usize, key: &Option<String>, frames: &Vec<Frame>| {
        index == offset && key.is_none() && frames.is_empty() && bytes.get(index) == Some(&b'[')
    };
    while index < offset || header_at_offset(index, &key, &frames) {
        let byte = bytes[index];
        match byte {
            b'\n' => {
                if frames.is_empty() {
                    key = None;
                    at_line_start = true;
                    key_start = index + 1;
                }
                index += 1;
            }
            b' ' | b'\t' | b'\r' => {
                if at_line_start {
                    key_start = index + 1;
                }
                index += 1;
            }
            b'#' => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    index += 1;
                }
            }
            b'[' if frames.is_empty() && key.is_none() && at_line_start => {
                let double = bytes.get(index + 1) == Some(&b'[');
                // An unclosed header ends at its line: the next line is not part of its name.
                let close = text[index..]
                    .find([']', '\n'])
                    .map_or(bytes.len(), |i| index + i);
                let name = text[index + if double { 2 } else { 1 }..close]
                    .trim()
                    .to_string();
                table = name.split('.').map(segment).collect();
                if double {
                    let count = match array_tables.iter_mut().find(|(known, _)| *known == name) {
                        Some((_, count)) => {
                            *count += 1;
                            *count
                        }
                        None => {
                            array_tables.push((name.clone(), 1));
                            1
                        }
                    };
                    table.push(format!("[{}]", count - 1));
                }
                if offset <= close {
                    return join(&table);
                }
                index = text[index..].find('\n').map_or(bytes.len(), |i| index + i);
            }
            b'"' | b'\''
                if key.is_some()
                    || !frames.is_empty() && matches!(frames.last(), Some(Frame::Array { .. })) =>
            {
                index = skip_string(bytes, index);
            }
            b'"' | b'\'' => {
                // A quoted key: skip it; it is read back whole when `=` arrives.
                at_line_start = false;
                index = skip_string(bytes, index);
            }
            b'=' => {
                let name = text[key_start..index].trim().to_string();
                match frames.last_mut() {
                    Some(Frame::InlineTable { key }) => *key = Some(name),
                    _ => key = Some(name),
                }
                index += 1;
            }
            b'[' => {
                frames.push(Frame::Array { index: 0 });
                index += 1;
            }
            b'{' => {
                frames.push(Frame::InlineTable { key: None });
                key_start = index + 1;
                index += 1;
            }
            b']' | b'}' => {
                frames.pop();
                index += 1;
            }
            b',' => {
                match frames.last_mut() {
                    Some(Frame::Array { index }) => *index += 1,
                    Some(Frame::InlineTable { key }) => *key = None,
                    None => {}
                }
                key_start = index + 1;
                index += 1;
            }
            _ => {
                at_line_start = false;
                index += 1;
            }
        }
    }
    let mut parts = table;
    match &key {
        Some(key) => parts.push(segment(key)),
        // The offset sits on a key that has not reached its `=` yet.
        None if frames.is_empty() => {
            let ahead = key_ahead(text, key_start.min(offset));
            if !ahead.is_empty() && !ahead.starts_with(['[', '#']) {
                parts.push(segment(&ahead));
            }
        }
        None => {}
    }
    // A path through hundreds of nested arrays helps nobody; the key names the place.
    if frames.len() > MAX_PATH_DEPTH {
        frames.clear();
    }
    for (depth, frame) in frames.iter().enumerate() {
        match frame {
            Frame::Array { index } => parts.push(format!("[{index}]")),
            Frame::InlineTable { key: Some(key) } => parts.push(segment(key)),
            Frame::InlineTable { key: None } if depth + 1 == frames.len() => {
                let ahead = key_ahead(text, key_start.min(offset));
                if !ahead.is_empty() {
                    parts.push(segment(&ahead));
                }
            }
            Frame::InlineTable { key: None } => {}
        }
    }
    join(&parts)
}

/// The first table header or top-level dotted key with at least `limit` parts: its offset,
/// its first few parts (as [`segment`]s, each capped) and its number of parts.
///
/// toml refuses such a key with "recursion limit" and no span. Keys inside inline tables and
/// lines inside multi-line strings are not told apart; the first match is the likely culprit.
pub fn long_dotted_key(text: &str, limit: usize) -> Option<(usize, Vec<String>, usize)> {
    let mut line_start = 0;
    for line in text.split('\n') {
        let indent = line.len() - line.trim_start().len();
        let trimmed = line.trim_start();
        let key = if let Some(header) = trimmed.strip_prefix('[') {
            let header = header.strip_prefix('[').unwrap_or(header);
            until_unquoted(header, b']')
        } else {
            until_unquoted(trimmed, b'=')
        };
        let parts = split_unquoted_dots(key);
        if parts.len() >= limit {
            let shown = parts
                .iter()
                .take(SHOWN_PARTS)
                .map(|part| crate::text::echo(&segment(part)))
                .collect();
            return Some((line_start + indent, shown, parts.len()));
        }
        line_start += line.len() + 1;
    }
    None
}

/// Key parts named in the field of a key that is too deep.
const SHOWN_PARTS: usize = 4;

/// `text` up to the first `stop` byte outside quotes (all of it if none).
fn until_unquoted(text: &str, stop: u8) -> &str {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'"' | b'\'' => index = skip_string(bytes, index),
            byte if byte == stop => return &text[..index],
            _ => index += 1,
        }
    }
    text
}

/// The parts of a dotted key; dots inside quoted parts do not split.
fn split_unquoted_dots(key: &str) -> Vec<&str> {
    let bytes = key.as_bytes();
    let mut parts = Vec::new();
    let (mut start, mut index) = (0, 0);
    while index < bytes.len() {
        match bytes[index] {
            b'"' | b'\'' => index = skip_string(bytes, index),
            b'.' => {
                parts.push(&key[start..index]);
                index += 1;
                start = index;
            }
            _ => index += 1,
        }
    }
    parts.push(&key[start..]);
    parts
}

/// The file offset of the character `decoded_offset` bytes into the string value whose opening
/// quote is at `quote_at`, undoing escapes, line-ending backslashes and the newline that
/// TOML drops after an opening triple quote.
pub fn string_offset(text: &str, quote_at: usize, decoded_offset: usize) -> usize {
    let bytes = text.as_bytes();
    let Some(&quote) = bytes.get(quote_at) else {
        return quote_at;
    };
    let triple = bytes.get(quote_at..quote_at + 3) == Some(&[quote, quote, quote][..]);
    let mut index = quote_at + if triple { 3 } else { 1 };
    if triple && bytes.get(index) == Some(&b'\n') {
        index += 1;
    } else if triple && bytes.get(index..index + 2) == Some(b"\r\n") {
        index += 2;
    }
    let escapes = quote == b'"';
    let mut decoded = 0;
    while index < bytes.len() {
        let next = bytes.get(index + 1).copied().unwrap_or(b' ');
        if escapes && bytes[index] == b'\\' && next.is_ascii_whitespace() {
            // Line-ending backslash: it and all whitespace after it vanish from the value.
            index += 1;
            while index < bytes.len() && bytes[index].is_ascii_whitespace() {
                index += 1;
            }
            continue;
        }
        if decoded >= decoded_offset {
            break;
        }
        if escapes && bytes[index] == b'\\' {
            let (raw_len, value_len) = match next {
                b'u' => (6, char_len_of_escape(&text[index + 2..], 4)),
                b'U' => (10, char_len_of_escape(&text[index + 2..], 8)),
                _ => (2, 1),
            };
            index += raw_len;
            decoded += value_len;
            continue;
        }
        let width = text[index..].chars().next().map_or(1, char::len_utf8);
        index += width;
        decoded += width;
    }
    index.min(bytes.len())
}

fn char_len_of_escape(hex: &str, digits: usize) -> usize {
    hex.get(..digits)
        .and_then(|digits| u32::from_str_radix(digits, 16).ok())
        .and_then(char::from_u32)
        .map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(text: &str, needle: &str) -> String {
        path_at(text, text.find(needle).expect("needle in text"))
    }

    #[test]
    fn paths_cover_tables_keys_arrays_and_inline_tables() {
        let text = "# comment\n[scenario]\nname = \"x\"\n\n[game]\nplayers = [\"A\",\n  \"B\", 7]\n\
                    [game.payoffs]\n\"C,C\" = [3, \"1 + q\"]\n[[game.constraints]]\nplayer = \"A\"\n\
                    [[game.constraints]]\nprobabilty = 1\n[strategies]\nB = [\"tft\", { kind = \"joss\", frist = 1 }]\n";
        assert_eq!(path_of(text, "name"), "scenario.name");
        assert_eq!(path_of(text, "\"x\""), "scenario.name");
        assert_eq!(path_of(text, "7]"), "game.players[2]");
        assert_eq!(path_of(text, "\"B\""), "game.players[1]");
        assert_eq!(path_of(text, "\"1 + q\""), "game.payoffs.\"C,C\"[1]");
        assert_eq!(path_of(text, "\"A\"\n[[game"), "game.constraints[0].player");
        assert_eq!(
            path_of(text, "probabilty"),
            "game.constraints[1].probabilty"
        );
        assert_eq!(path_of(text, "frist"), "strategies.B[1].frist");
        assert_eq!(path_of(text, "\"joss\""), "strategies.B[1].kind");
        assert_eq!(path_of(text, "[game.payoffs]"), "game.payoffs");
        assert_eq!(path_at(text, 0), "");
    }

    #[test]
    fn string_offsets_undo_escapes_and_line_continuations() {
        let text = "a = \"\\t1 + x\"";
        // Decoded "\t1 + x": `x` is byte 5; in the file it follows a two-byte escape.
        assert_eq!(&text[string_offset(text, 4, 5)..][..1], "x");
        let text = "a = \"\"\"\n1 + \\\n    y\"\"\"";
        // Decoded "1 + y": `y` is byte 4.
        assert_eq!(&text[string_offset(text, 4, 4)..][..1], "y");
        let text = "a = '''\nab c'''";
        assert_eq!(&text[string_offset(text, 4, 3)..][..1], "c");
    }
}

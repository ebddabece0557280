//! Scenario files: reading TOML with positions, and validating it into an [`Experiment`].
//!
//! Every error names `file:line:column` and the field, suggests the nearest name for a typo,
//! and is returned before anything is written.

pub mod formula;
mod locate;
pub mod schema;
mod validate;

use crate::experiment::Experiment;
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// Largest scenario file accepted; anything bigger is almost certainly not a scenario.
pub const MAX_SCENARIO_BYTES: usize = 1 << 20;

/// A problem in a scenario file, located in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub file: String,
    /// 1-based line and column (in characters); `None` when the error is not inside the text
    /// (the file cannot be read at all).
    pub position: Option<(usize, usize)>,
    /// Dotted path of the field, e.g. `strategies.Russia[1].p`.
    pub field: String,
    pub message: String,
    pub suggestion: Option<String>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", crate::text::escape_controls(&self.file))?;
        if let Some((line, column)) = self.position {
            write!(f, "{line}:{column}:")?;
        }
        f.write_str(" ")?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)?;
        if let Some(suggestion) = &self.suggestion {
            write!(f, " (did you mean `{suggestion}`?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// Every problem found in one scenario file, in file order. Never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioErrors(pub Vec<ScenarioError>);

impl ScenarioErrors {
    pub fn first(&self) -> &ScenarioError {
        &self.0[0]
    }
}

impl From<ScenarioError> for ScenarioErrors {
    fn from(error: ScenarioError) -> Self {
        ScenarioErrors(vec![error])
    }
}

/// One error a line; the CLI prefixes each line with `error: `.
impl fmt::Display for ScenarioErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioErrors {}

/// The text of a scenario and its name for messages, to turn byte spans into positions.
pub(crate) struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    pub fn error(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> ScenarioError {
        ScenarioError {
            file: self.file.to_string(),
            position: Some(self.position(span.start)),
            field: field.into(),
            message: message.into(),
            suggestion: None,
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Reads and validates a scenario file.
pub fn load(path: &Path) -> Result<Experiment, ScenarioErrors> {
    let file = path.display().to_string();
    let unreadable = |message: String| ScenarioError {
        file: file.clone(),
        position: None,
        field: String::new(),
        message,
        suggestion: None,
    };
    let metadata = std::fs::metadata(path)
        .map_err(|e| ScenarioErrors::from(unreadable(format!("cannot read the scenario: {e}"))))?;
    if metadata.len() > MAX_SCENARIO_BYTES as u64 {
        return Err(unreadable(format!(
            "the file is {} bytes; a scenario may be at most {MAX_SCENARIO_BYTES}",
            metadata.len()
        ))
        .into());
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ScenarioErrors::from(unreadable(format!("cannot read the scenario: {e}"))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // The bytes before the first invalid one are valid UTF-8, so the position is exact.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let source = Source {
            file: &file,
            text: valid,
        };
        ScenarioErrors::from(source.error(
            valid.len()..valid.len(),
            "",
            format!("the file is not UTF-8: {}", e.utf8_error()),
        ))
    })?;
    parse(&text, &file)
}

/// Validates scenario text; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<Experiment, ScenarioErrors> {
    let source = Source { file, text };
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(source
            .error(
                0..0,
                "",
                format!(
                    "the scenario is {} bytes; at most {MAX_SCENARIO_BYTES} are accepted",
                    text.len()
                ),
            )
            .into());
    }
    let raw: schema::RawScenario =
        toml::from_str(text).map_err(|error| toml_error(&source, &error))?;
    validate::validate(raw, &source)
}

fn toml_error(source: &Source, error: &toml::de::Error) -> ScenarioError {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().to_string();
    let mut field = locate::path_at(source.text, span.start);
    // "missing field `x`" points at the table that lacks it; name the field itself.
    if let Some((missing, _)) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
    {
        field = if field.is_empty() {
            missing.to_string()
        } else {
            format!("{field}.{missing}")
        };
    }
    let mut located = source.error(span.clone(), field, message.clone());
    // serde says "unknown field `x`, expected one of `a`, `b`": offer the nearest of those.
    if let Some((unknown, expected)) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        located.suggestion = nearest_name(unknown, candidates);
    }
    located
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let source = Source {
            file: "f",
            text: "a = 1\nbé = 2\n",
        };
        assert_eq!(source.position(0), (1, 1));
        assert_eq!(source.position(6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(source.position(9), (2, 3));
    }

    #[test]
    fn nearest_name_accepts_typos_and_rejects_strangers() {
        let known = ["tit_for_tat", "grudger", "joss"];
        assert_eq!(
            nearest_name("tit_for_tatt", known).as_deref(),
            Some("tit_for_tat")
        );
        assert_eq!(nearest_name("Gruger", known).as_deref(), Some("grudger"));
        assert_eq!(nearest_name("pavlov_prime", known), None);
    }

    #[test]
    fn nearest_name_folds_case_and_separators_and_spares_short_names() {
        assert_eq!(nearest_name("d", ["C", "D"]).as_deref(), Some("D"));
        // One edit in a one-letter label is a different label, not a typo.
        assert_eq!(nearest_name("X", ["C", "D"]), None);
        assert_eq!(nearest_name("CC", ["CD", "DD"]), None);
        assert_eq!(
            nearest_name("Energy-Dependance", ["energy_dependence", "trust"]).as_deref(),
            Some("energy_dependence")
        );
        // Names without letters or digits still compare, by their lowercase text.
        assert_eq!(nearest_name("+", ["+", "-"]).as_deref(), Some("+"));
        // Ties go to the name listed first.
        assert_eq!(
            nearest_name("Rusia", ["Russia", "Rusiaa"]).as_deref(),
            Some("Russia")
        );
        assert_eq!(nearest_name("abd", ["abc", "abe"]).as_deref(), Some("abc"));
    }

    #[test]
    fn nearest_name_ignores_absurdly_long_names() {
        let long = "x".repeat(100_000);
        assert_eq!(nearest_name(&long, [long.as_str()]), None);
        assert_eq!(nearest_name("x", [long.as_str()]), None);
    }
}

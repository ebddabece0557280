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
    Ok(validate::validate(raw, &source)?)
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

/// The known name closest to `unknown`, if any is close enough to be a plausible typo.
pub fn nearest_name<S: AsRef<str>>(
    unknown: &str,
    known: impl IntoIterator<Item = S>,
) -> Option<String> {
    let unknown_folded = unknown.to_lowercase();
    known
        .into_iter()
        .map(|name| {
            let name = name.as_ref().to_string();
            let distance = strsim::damerau_levenshtein(&unknown_folded, &name.to_lowercase());
            (distance, name)
        })
        .filter(|(distance, name)| {
            *distance <= (name.chars().count().max(unknown.chars().count()) / 3).max(1)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)))
        .map(|(_, name)| name)
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
}

//! Scenario files: reading TOML with positions, and validating it into an [`Experiment`].
//!
//! Every error names `file:line:column` and the field, suggests the nearest name for a typo,
//! and is returned before anything is written.

pub mod compare;
pub mod formula;
mod locate;
mod overrides;
mod read;
pub mod schema;
pub mod sweep;
mod toml_error;
mod validate;

/// Bounds a scenario's fields must respect; `run`'s overriding flags respect the same.
pub use validate::{MAX_CHART_TEXT_CHARS, MAX_CHARTS, MAX_REPLICATES, MAX_ROUNDS};

use crate::experiment::Experiment;
pub use crate::names::{MAX_SUGGESTION_CHARS, fold_name, nearest_name, typo_distance};
pub use compare::Comparison;
pub use overrides::Override;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// Largest scenario file accepted; anything bigger is almost certainly not a scenario.
pub const MAX_SCENARIO_BYTES: usize = 1 << 20;

/// Longest file name or field shown in a message, in characters: real ones fit, hostile ones
/// leave room for the message.
const MAX_SHOWN_PATH_CHARS: usize = 300;

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
        // File and field come from the user (a path, a key): escaped, and capped so that the
        // message after them survives the line cap.
        let shown =
            |text: &str, max| crate::text::truncate(&crate::text::escape_controls(text), max);
        write!(f, "{}:", shown(&self.file, MAX_SHOWN_PATH_CHARS))?;
        if let Some((line, column)) = self.position {
            write!(f, "{line}:{column}:")?;
        }
        f.write_str(" ")?;
        if !self.field.is_empty() {
            write!(f, "{}: ", shown(&self.field, MAX_SHOWN_PATH_CHARS))?;
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
    /// The text as parsed: Unicode NFC, so that a name compares equal however its accents were
    /// typed (composed `ó` or `o` + combining acute).
    pub text: &'a str,
    /// The text as written, when normalising changed it: columns are counted in it.
    pub original: Option<&'a str>,
    /// SHA-256 (lowercase hex) of the bytes as written, for the manifest.
    pub sha256: String,
}

impl<'a> Source<'a> {
    /// A source whose text is already as parsed (no normalisation to undo).
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Source {
            file,
            text,
            original: None,
            sha256: crate::rng::hex(&Sha256::digest(text.as_bytes())),
        }
    }

    /// 1-based line and column (in characters of the text as written) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let column = before[line_start..].chars().count();
        let Some(original) = self.original else {
            return (line, column + 1);
        };
        // NFC never joins characters across a newline, so lines match one to one.
        let written = original.split('\n').nth(line - 1).unwrap_or("");
        let parsed = self.text[line_start..].split('\n').next().unwrap_or("");
        if written == parsed {
            return (line, column + 1);
        }
        (line, written_column(written, column) + 1)
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

/// The character index in a line as written of the character `normalised` characters into its
/// NFC form. The line is cut before each ASCII character: nothing composes with a following
/// ASCII character or reorders across one, so each piece normalises on its own.
fn written_column(written: &str, normalised: usize) -> usize {
    let (mut written_count, mut normalised_count) = (0, 0);
    let mut pieces = Vec::new();
    let mut start = 0;
    for (index, c) in written.char_indices() {
        if c.is_ascii() && index > start {
            pieces.push(&written[start..index]);
            start = index;
        }
    }
    pieces.push(&written[start..]);
    for piece in pieces {
        let piece_written = piece.chars().count();
        let piece_normalised = piece.nfc().count();
        if normalised_count + piece_normalised > normalised {
            return written_count + (normalised - normalised_count).min(piece_written - 1);
        }
        written_count += piece_written;
        normalised_count += piece_normalised;
    }
    written_count + (normalised - normalised_count)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Reads and validates a scenario file. Only a regular file (symlinks followed) of at most
/// [`MAX_SCENARIO_BYTES`] is read; anything else is refused without a position.
pub fn load(path: &Path) -> Result<Experiment, ScenarioErrors> {
    load_with(path, &[])
}

/// Reads and validates a scenario file with `--set` overrides applied to its parameters.
pub fn load_with(path: &Path, overrides: &[Override]) -> Result<Experiment, ScenarioErrors> {
    load_comparing(path, overrides, None)
}

/// Reads and validates a scenario file with `--set` overrides, played as the tournament of
/// `comparison` when one is given (`dilemma compare`).
pub fn load_comparing(
    path: &Path,
    overrides: &[Override],
    comparison: Option<&Comparison>,
) -> Result<Experiment, ScenarioErrors> {
    let file = path.display().to_string();
    let bytes = read::read_scenario(path).map_err(|message| {
        ScenarioErrors::from(ScenarioError {
            file: file.clone(),
            position: None,
            field: String::new(),
            message,
            suggestion: None,
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        // The bytes before the first invalid one are valid UTF-8, so the position is exact.
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let source = Source::new(&file, valid);
        ScenarioErrors::from(source.error(
            valid.len()..valid.len(),
            "",
            format!("the file is not UTF-8: {}", e.utf8_error()),
        ))
    })?;
    parse_comparing(&text, &file, overrides, comparison)
}

/// Validates scenario text; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<Experiment, ScenarioErrors> {
    parse_with(text, file, &[])
}

/// Validates scenario text with `--set` overrides applied to its parameters.
pub fn parse_with(
    text: &str,
    file: &str,
    overrides: &[Override],
) -> Result<Experiment, ScenarioErrors> {
    parse_comparing(text, file, overrides, None)
}

/// Validates scenario text with `--set` overrides, played as the tournament of `comparison`
/// when one is given.
pub fn parse_comparing(
    text: &str,
    file: &str,
    overrides: &[Override],
    comparison: Option<&Comparison>,
) -> Result<Experiment, ScenarioErrors> {
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(Source::new(file, "")
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
    let normalised: Cow<str> = if is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    let source = Source {
        file,
        text: &normalised,
        original: matches!(normalised, Cow::Owned(_)).then_some(text),
        sha256: crate::rng::hex(&Sha256::digest(text.as_bytes())),
    };
    let read = |text: &str| -> Result<schema::RawScenario, ScenarioErrors> {
        toml::from_str(text)
            .map_err(|error| ScenarioErrors::from(toml_error::toml_error(&source, &error)))
    };
    let compare = |raw: &mut schema::RawScenario| -> Result<(), ScenarioErrors> {
        match comparison {
            Some(comparison) => compare::apply(raw, comparison).map_err(ScenarioErrors::from),
            None => Ok(()),
        }
    };
    let mut raw = read(&normalised)?;
    compare(&mut raw)?;
    overrides::apply(&mut raw, overrides, file).map_err(ScenarioErrors)?;
    let axes = sweep::axes(&raw, &source, overrides).map_err(ScenarioErrors)?;
    let points = sweep::grid(&axes);
    let mut merged: Option<Experiment> = None;
    let mut first = Some(raw);
    for values in &points {
        // Each point is validated as if the file said its values: formulas, constraint
        // probabilities and strategies that read the payoffs are all checked there.
        let mut raw = match first.take() {
            Some(raw) => raw,
            None => {
                let mut raw = read(&normalised)?;
                compare(&mut raw)?;
                raw
            }
        };
        let settings: Vec<Override> = overrides
            .iter()
            .cloned()
            .chain(axes.iter().zip(values).map(|(axis, value)| Override {
                name: axis.name.clone(),
                value: *value,
            }))
            .collect();
        overrides::apply(&mut raw, &settings, file).map_err(ScenarioErrors)?;
        let experiment = validate::validate(raw, &source, &axes).map_err(|mut errors| {
            if comparison.is_some() {
                compare::blame_command_line(&mut errors);
            }
            // A value from the command line or the sweep can break a formula the file states
            // correctly: say which values were in force.
            if !settings.is_empty() {
                let set: Vec<String> = settings
                    .iter()
                    .map(|o| format!("{}={}", crate::text::echo(&o.name), o.value))
                    .collect();
                let context = if axes.is_empty() {
                    "this run sets"
                } else {
                    "at the sweep point"
                };
                // Chart entries read no parameter value: naming the point would mislead.
                for error in errors
                    .0
                    .iter_mut()
                    .filter(|e| !e.field.starts_with("charts"))
                {
                    error
                        .message
                        .push_str(&format!(" ({context} {})", set.join(", ")));
                }
            }
            errors
        })?;
        merged = Some(match merged {
            None => experiment,
            Some(mut merged) => {
                merged.add_point(experiment);
                merged
            }
        });
    }
    let mut experiment = merged.expect("a grid has at least one point");
    experiment.swept = axes
        .iter()
        .filter_map(|axis| {
            experiment
                .parameter_names
                .iter()
                .position(|n| n == &axis.name)
        })
        .collect();
    experiment.overrides = overrides
        .iter()
        .map(|o| (o.name.clone(), o.value))
        .collect();
    // The manifest identifies the file as written, not the normalised text validated.
    experiment.source_sha256 = source.sha256;
    Ok(experiment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let source = Source::new("f", "a = 1\nbé = 2\n");
        assert_eq!(source.position(0), (1, 1));
        assert_eq!(source.position(6), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(source.position(9), (2, 3));
    }

    /// A scenario whose players and actions are composed (`ó` as one character) where they are
    /// declared and decomposed (`o` + U+0301) where they are used.
    fn mixed_normalisation_scenario() -> String {
        let composed = "Jap\u{f3}n";
        let decomposed = "Japo\u{301}n";
        let action = "Coop\u{e9}rer";
        let action_decomposed = "Coope\u{301}rer";
        format!(
            "[scenario]\nname = \"nfc\"\nreplicates = 2\n\n[game]\n\
             players = [\"{composed}\", \"Russia\"]\nactions = [\"{action}\", \"D\"]\nrounds = 3\n\n\
             [game.payoffs]\n\"{action_decomposed},{action_decomposed}\" = [3, 3]\n\
             \"{action_decomposed},D\" = [0, 5]\n\"D,{action}\" = [5, 0]\n\"D,D\" = [1, 1]\n\n\
             [[game.constraints]]\nplayer = \"{decomposed}\"\nforbid = [\"D\"]\n\n\
             [strategies]\n\"{decomposed}\" = [\"always_cooperate\"]\nRussia = [\"always_defect\"]\n"
        )
    }

    #[test]
    fn names_compare_in_nfc_however_they_were_typed() {
        let text = mixed_normalisation_scenario();
        assert!(!is_nfc(&text));
        let experiment = parse(&text, "nfc.toml").expect("composed and decomposed names agree");
        assert_eq!(experiment.game.players[0], "Jap\u{f3}n");
        // The manifest's digest is of the bytes as written, not of the normalised text.
        assert_eq!(
            experiment.source_sha256,
            crate::rng::hex(&Sha256::digest(text.as_bytes()))
        );
    }

    #[test]
    fn columns_count_the_characters_as_written_after_normalising() {
        // `o` + U+0301 is two characters as written and one after NFC.
        let written = "a = [\"Japo\u{301}n\", \"Japo\u{301}n\", 7]\nb = 1\n";
        let normalised: String = written.nfc().collect();
        let source = Source {
            file: "f",
            text: &normalised,
            original: Some(written),
            sha256: String::new(),
        };
        let seven = normalised.find('7').unwrap();
        assert_eq!(source.position(seven), (1, 26));
        assert_eq!(written.chars().position(|c| c == '7'), Some(25));
        assert_eq!(normalised.chars().position(|c| c == '7'), Some(23));
        let b = normalised.find('b').unwrap();
        assert_eq!(source.position(b), (2, 1));
        assert_eq!(written_column("o\u{301}\u{301}x", 2), 3);
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

//! `dilemma run --set NAME=VALUE`: parameter values given on the command line, applied to the
//! scenario's `[parameters]` before validation, so every formula, constraint and strategy that
//! reads the parameter sees the new value exactly as if the file said it.

use super::schema::{RawNumber, RawScenario};
use super::{ScenarioError, nearest_name};
use toml::Spanned;

/// One `--set NAME=VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub name: String,
    pub value: f64,
}

impl Override {
    /// Parses `NAME=VALUE`: a non-empty name and a finite number.
    pub fn parse(text: &str) -> Result<Override, String> {
        let Some((name, value)) = text.split_once('=') else {
            return Err("expected NAME=VALUE, e.g. energy_dependence=0.5".into());
        };
        let name = name.trim();
        if name.is_empty() {
            return Err("expected a parameter name before `=`".into());
        }
        let value: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|value: &f64| value.is_finite())
            .ok_or_else(|| {
                format!(
                    "expected a finite number after `=`, found {:?}",
                    crate::text::echo(value)
                )
            })?;
        Ok(Override {
            name: name.to_string(),
            value,
        })
    }
}

/// Puts each override's value in place of the file's, keeping the file's position so that a
/// formula it breaks is still reported where it is written. Every problem is returned: a name
/// the scenario does not define (with the nearest that it does), or one set twice.
pub(super) fn apply(
    raw: &mut RawScenario,
    overrides: &[Override],
    file: &str,
) -> Result<(), Vec<ScenarioError>> {
    let mut errors = Vec::new();
    let problem = |name: &str, message: String, suggestion: Option<String>| ScenarioError {
        file: file.to_string(),
        position: None,
        field: format!("--set {}", crate::text::echo(name)),
        message,
        suggestion,
    };
    for (index, wanted) in overrides.iter().enumerate() {
        if overrides[..index]
            .iter()
            .any(|earlier| earlier.name == wanted.name)
        {
            errors.push(problem(
                &wanted.name,
                "is given more than once; set each parameter once".into(),
                None,
            ));
            continue;
        }
        let parameters = raw.parameters.as_mut().map(|table| table.get_mut());
        let slot = parameters.and_then(|table| {
            table
                .iter_mut()
                .find(|(name, _)| name.get_ref() == &wanted.name)
                .map(|(_, value)| value)
        });
        match slot {
            Some(value) => *value = Spanned::new(value.span(), RawNumber::Number(wanted.value)),
            None => {
                let known = raw.parameter_names();
                let message = if known.is_empty() {
                    "the scenario has no [parameters] to set".to_string()
                } else {
                    format!(
                        "the scenario has no parameter `{}`",
                        crate::text::echo(&wanted.name)
                    )
                };
                let suggestion = nearest_name(&wanted.name, &known).map(|n| crate::text::echo(&n));
                errors.push(problem(&wanted.name, message, suggestion));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_parse_or_say_what_is_wrong() {
        assert_eq!(
            Override::parse("energy_dependence=0.5"),
            Ok(Override {
                name: "energy_dependence".into(),
                value: 0.5
            })
        );
        assert_eq!(Override::parse(" x = -1e3 ").map(|o| o.value), Ok(-1000.0));
        for bad in ["x", "=1", "x=", "x=abc", "x=NaN", "x=inf", "x=1e999"] {
            assert!(Override::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }
}

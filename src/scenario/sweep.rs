//! `[sweep]`: a grid over parameters. Each swept parameter takes a list of values or an evenly
//! spaced range (`from`, `to`, `steps`, linear or log); the grid is every combination, the first
//! parameter in the file changing slowest. Each point is validated as if the file said its
//! values, and each (point, profile) becomes a cell with its own random streams.

use super::overrides::Override;
use super::schema::{RawAxis, RawScenario};
use super::{ScenarioError, Source, nearest_name};
use crate::text::{echo, number};

/// Most points in a grid: each point is validated like a scenario of its own.
pub const MAX_SWEEP_POINTS: usize = 1000;

/// Most values of one swept parameter.
pub const MAX_AXIS_VALUES: usize = 1000;

/// One swept parameter and its values, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub name: String,
    pub values: Vec<f64>,
}

/// True when `a` and `b` name the same value of a sweep: equal to a relative 1e-9, so a chart's
/// `point = { x = 0.05 }` finds the value a range computed, and a value read back from
/// summary.csv finds the one the chart recorded.
pub fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// The sweep's axes in file order (none without `[sweep]`), or every problem with its position.
pub(super) fn axes(
    raw: &RawScenario,
    source: &Source,
    overrides: &[Override],
) -> Result<Vec<Axis>, Vec<ScenarioError>> {
    let Some(sweep) = &raw.sweep else {
        return Ok(Vec::new());
    };
    let mut errors = Vec::new();
    let known = raw.parameter_names();
    let mut entries: Vec<_> = sweep.get_ref().iter().collect();
    entries.sort_by_key(|(name, _)| name.span().start);
    if entries.is_empty() {
        errors.push(source.error(
            sweep.span(),
            "sweep",
            "lists no parameter; leave [sweep] out to run the scenario's own values",
        ));
    }
    let mut axes = Vec::new();
    for (name, axis) in entries {
        let field = format!("sweep.{}", echo(name.get_ref()));
        if !known.contains(name.get_ref()) {
            let mut error = source.error(
                name.span(),
                field.clone(),
                format!(
                    "`{}` is not a parameter; a sweep varies a name of [parameters]",
                    echo(name.get_ref())
                ),
            );
            error.suggestion = nearest_name(name.get_ref(), &known).map(|n| echo(&n));
            errors.push(error);
            continue;
        }
        if overrides.iter().any(|o| &o.name == name.get_ref()) {
            errors.push(source.error(
                name.span(),
                field.clone(),
                format!(
                    "is swept here, so `--set {}` cannot also fix it; drop one of the two",
                    echo(name.get_ref())
                ),
            ));
            continue;
        }
        match axis_values(axis.get_ref(), source, &field, axis.span()) {
            Ok(values) => axes.push(Axis {
                name: name.get_ref().clone(),
                values,
            }),
            Err(mut problems) => errors.append(&mut problems),
        }
    }
    let points = axes
        .iter()
        .map(|axis| axis.values.len() as u128)
        .product::<u128>();
    if errors.is_empty() && points > MAX_SWEEP_POINTS as u128 {
        errors.push(source.error(
            sweep.span(),
            "sweep",
            format!(
                "the grid has {points} points; at most {MAX_SWEEP_POINTS} are accepted (use fewer \
                 values, or split the sweep over several runs with --set)"
            ),
        ));
    }
    if errors.is_empty() {
        Ok(axes)
    } else {
        Err(errors)
    }
}

fn axis_values(
    axis: &RawAxis,
    source: &Source,
    field: &str,
    span: std::ops::Range<usize>,
) -> Result<Vec<f64>, Vec<ScenarioError>> {
    let mut errors = Vec::new();
    let values =
        match axis {
            RawAxis::Values(values) => {
                if values.is_empty() {
                    errors.push(source.error(span.clone(), field, "lists no value"));
                }
                if values.len() > MAX_AXIS_VALUES {
                    errors.push(source.error(
                        span.clone(),
                        field,
                        format!(
                            "lists {} values; at most {MAX_AXIS_VALUES} are accepted",
                            values.len()
                        ),
                    ));
                }
                for (index, value) in values.iter().enumerate() {
                    let v = *value.get_ref();
                    if !v.is_finite() {
                        errors.push(source.error(
                            value.span(),
                            format!("{field}[{index}]"),
                            format!("must be a finite number, found {}", number(v)),
                        ));
                    } else if values[..index]
                        .iter()
                        .any(|earlier| *earlier.get_ref() == v)
                    {
                        errors.push(source.error(
                            value.span(),
                            format!("{field}[{index}]"),
                            format!("{} is listed twice", number(v)),
                        ));
                    }
                }
                values.iter().map(|value| *value.get_ref()).collect()
            }
            RawAxis::Range(range) => {
                let (from, to) = (*range.from.get_ref(), *range.to.get_ref());
                let steps = *range.steps.get_ref();
                for (name, value, at) in [
                    ("from", from, range.from.span()),
                    ("to", to, range.to.span()),
                ] {
                    if !value.is_finite() {
                        errors.push(source.error(
                            at,
                            format!("{field}.{name}"),
                            format!("must be a finite number, found {}", number(value)),
                        ));
                    }
                }
                if !(2..=MAX_AXIS_VALUES as i64).contains(&steps) {
                    errors.push(source.error(
                        range.steps.span(),
                        format!("{field}.steps"),
                        format!(
                            "must be a whole number from 2 to {MAX_AXIS_VALUES} (the values from \
                         `from` to `to`, both included), found {steps}"
                        ),
                    ));
                }
                if from == to {
                    errors.push(source.error(
                        range.to.span(),
                        format!("{field}.to"),
                        "equals `from`: every step would be the same value; list it instead",
                    ));
                }
                let log = match &range.scale {
                    None => false,
                    Some(scale) => match scale.get_ref().as_str() {
                        "linear" => false,
                        "log" => true,
                        other => {
                            let mut error = source.error(
                                scale.span(),
                                format!("{field}.scale"),
                                format!("`{}` is not a scale: use linear or log", echo(other)),
                            );
                            error.suggestion =
                                nearest_name(other, ["linear", "log"]).map(|n| echo(&n));
                            errors.push(error);
                            false
                        }
                    },
                };
                if log && !(from > 0.0 && to > 0.0) {
                    errors.push(source.error(
                    if from > 0.0 { range.to.span() } else { range.from.span() },
                    field,
                    format!(
                        "a log sweep needs `from` and `to` above 0 (it cannot reach or cross 0), \
                         found {} to {}",
                        number(from),
                        number(to)
                    ),
                ));
                }
                if errors.is_empty() {
                    spaced(from, to, steps as usize, log)
                } else {
                    Vec::new()
                }
            }
        };
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// `steps` values from `from` to `to`, both exact, evenly spaced on a linear or log scale.
/// Inner values are rounded to 12 significant digits, so a decade grid reads 0.1, 1, 10 and a
/// tenth-step grid 0.6, 0.7 (not 1.0000000000000004 or 0.6000000000000001) in the tables.
pub fn spaced(from: f64, to: f64, steps: usize, log: bool) -> Vec<f64> {
    let last = (steps - 1) as f64;
    let tidy = |value: f64| -> f64 { format!("{value:.11e}").parse().unwrap_or(value) };
    (0..steps)
        .map(|step| {
            if step == 0 {
                from
            } else if step == steps - 1 {
                to
            } else if log {
                tidy((from.ln() + (to.ln() - from.ln()) * step as f64 / last).exp())
            } else {
                tidy(from + (to - from) * step as f64 / last)
            }
        })
        .collect()
}

/// Every combination of the axes' values, the first axis changing slowest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    let mut points: Vec<Vec<f64>> = vec![Vec::new()];
    for axis in axes {
        points = points
            .into_iter()
            .flat_map(|point| {
                axis.values.iter().map(move |value| {
                    let mut next = point.clone();
                    next.push(*value);
                    next
                })
            })
            .collect();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_evenly_spaced_with_exact_ends() {
        let linear = spaced(0.5, 1.0, 6, false);
        for (got, want) in linear.iter().zip([0.5, 0.6, 0.7, 0.8, 0.9, 1.0]) {
            assert!((got - want).abs() < 1e-12, "{linear:?}");
        }
        assert_eq!((linear[0], linear[5]), (0.5, 1.0));
        // Log: 0.01, 0.1, 1, 10: each a factor of ten, and exactly those numbers once tidied.
        assert_eq!(spaced(0.01, 10.0, 4, true), [0.01, 0.1, 1.0, 10.0]);
        assert_eq!(spaced(0.1, 10.0, 3, true), [0.1, 1.0, 10.0]);
        assert_eq!(spaced(0.5, 1.0, 6, false), [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]);
    }

    #[test]
    fn the_grid_varies_the_first_axis_slowest() {
        let axes = [
            Axis {
                name: "a".into(),
                values: vec![1.0, 2.0],
            },
            Axis {
                name: "b".into(),
                values: vec![10.0, 20.0, 30.0],
            },
        ];
        assert_eq!(
            grid(&axes),
            [
                [1.0, 10.0],
                [1.0, 20.0],
                [1.0, 30.0],
                [2.0, 10.0],
                [2.0, 20.0],
                [2.0, 30.0]
            ]
        );
        assert_eq!(grid(&[]), [Vec::<f64>::new()]);
    }
}

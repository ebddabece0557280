//! Evolutionary dynamics over K strategies' mean payoffs: the finite-population Moran process
//! ([`moran`], with its exact references in [`exact`]) and the infinite-population replicator
//! equations ([`replicator`], with their rest points in [`fixed_points`]).
//!
//! Everything here is pure computation on a [`PayoffMatrix`]: the caller (the tournament code)
//! obtains the payoffs by simulation or exactly, and the writers in `export::evolution` put the
//! results on disk.

pub mod exact;
pub mod field;
pub mod fixed_points;
mod integrator;
pub mod moran;
pub mod plan;
mod population;
pub mod replicator;

/// K strategies' mean per-round payoffs: `values[i * k + j]` is the payoff to strategy i against
/// strategy j.
#[derive(Debug, Clone, PartialEq)]
pub struct PayoffMatrix {
    pub labels: Vec<String>,
    pub values: Vec<f64>,
}

impl PayoffMatrix {
    pub fn new(labels: Vec<String>, values: Vec<f64>) -> PayoffMatrix {
        PayoffMatrix { labels, values }
    }

    /// K, the number of strategies.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The payoff to `row` against `column`.
    #[inline]
    pub fn get(&self, row: usize, column: usize) -> f64 {
        self.values[row * self.labels.len() + column]
    }

    /// K ≥ 1 strategies, K × K finite values, distinct labels.
    pub fn check(&self) -> Result<(), String> {
        let k = self.labels.len();
        if k == 0 {
            return Err("the payoff matrix has no strategies".into());
        }
        if self.values.len() != k * k {
            return Err(format!(
                "the payoff matrix of {k} strategies needs {} values, not {}",
                k * k,
                self.values.len()
            ));
        }
        if let Some(at) = self.values.iter().position(|value| !value.is_finite()) {
            return Err(format!(
                "the payoff of {} against {} is not a finite number",
                self.labels[at / k],
                self.labels[at % k]
            ));
        }
        for (index, label) in self.labels.iter().enumerate() {
            if self.labels[..index].contains(label) {
                return Err(format!("strategy {label:?} appears twice"));
            }
        }
        Ok(())
    }

    /// The smallest payoff.
    pub fn min(&self) -> f64 {
        self.values.iter().copied().fold(f64::INFINITY, f64::min)
    }
}

/// Fitness `1 − w + w·payoff` must not be negative for any payoff the matrix can average to
/// (a mean payoff lies between the smallest and largest entries), or selection proportional to
/// fitness is undefined. Shared by the Moran process and the discrete replicator.
///
/// Validation refuses such settings from the payoff table before the run; a mean of payoffs at
/// that bound can still round a hair below it, which counts as fitness 0.
/// Selection intensity and mutation rate are probabilities-like weights in [0, 1].
pub(crate) fn check_rates(selection: f64, mutation: f64) -> Result<(), String> {
    if !(0.0..=1.0).contains(&selection) {
        return Err(format!("selection must be in [0, 1], not {selection}"));
    }
    if !(0.0..=1.0).contains(&mutation) {
        return Err(format!("mutation must be in [0, 1], not {mutation}"));
    }
    Ok(())
}

pub(crate) fn check_fitness(matrix: &PayoffMatrix, selection: f64) -> Result<(), String> {
    let lowest = 1.0 - selection + selection * matrix.min();
    let rounding = 1e-12 * (1.0 + selection * matrix.min().abs());
    if lowest < -rounding {
        return Err(format!(
            "with selection {selection} the smallest payoff ({}) gives a negative fitness \
             1 − w + w·payoff = {lowest}; lower the selection intensity or shift the payoffs up",
            matrix.min()
        ));
    }
    Ok(())
}

/// Wilson's 95% score interval for `successes` out of `trials`.
///
/// Why Wilson and not the normal (Wald) interval: fixation probabilities are often small
/// (1/N or much less under selection) and a strategy may never fix in a finite number of runs;
/// the Wald interval then collapses to zero width at 0 and covers far less than 95% near the
/// edges, while Wilson's stays inside [0, 1] and keeps close to nominal coverage (Brown, Cai
/// and DasGupta 2001, Statistical Science 16:101).
pub fn wilson_interval(successes: u64, trials: u64) -> (f64, f64) {
    if trials == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054;
    let n = trials as f64;
    let p = successes as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    // At 0 (or all) successes the bound is exactly 0 (or 1); the formula leaves rounding there.
    let low = if successes == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if successes >= trials {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_the_published_example() {
        // Wilson (1927); Newcombe (1998, Stat Med 17:857) example: 81/263 gives 0.2553 to 0.3662.
        let (low, high) = wilson_interval(81, 263);
        assert!((low - 0.2553).abs() < 1e-4 && (high - 0.3662).abs() < 1e-4);
        // No successes: the upper bound is z² / (n + z²).
        let (low, high) = wilson_interval(0, 100);
        assert_eq!(low, 0.0);
        assert!((high - 3.841_459 / 103.841_459).abs() < 1e-6);
    }

    #[test]
    fn bad_matrices_are_refused_with_the_reason() {
        let labels = vec!["A".to_string(), "B".to_string()];
        assert!(
            PayoffMatrix::new(labels.clone(), vec![1.0; 4])
                .check()
                .is_ok()
        );
        let short = PayoffMatrix::new(labels.clone(), vec![1.0; 3]).check();
        assert!(short.unwrap_err().contains("needs 4 values"));
        let nan = PayoffMatrix::new(labels, vec![1.0, f64::NAN, 1.0, 1.0]).check();
        assert!(nan.unwrap_err().contains("A against B"));
        let twice = PayoffMatrix::new(vec!["A".into(), "A".into()], vec![1.0; 4]).check();
        assert!(twice.unwrap_err().contains("twice"));
    }
}

//! The replicator–mutator of an infinite population: its vector field on the simplex, its
//! Jacobian, its generation-by-generation map, and a bound on how fast it moves.
//!
//! With shares x, payoffs A and selection intensity w, strategy i's payoff is `π_i = (A x)_i`
//! and its fitness `f_i = 1 − w + w·π_i`, the fitness of the Moran process, so w means the same
//! selection intensity in every process. An offspring of a j-strategist is a j-strategist with
//! probability `q_jj = 1 − μ` and each other strategy with `q_ji = μ/(K − 1)` (uniform
//! mutation, as in the Moran process). With `φ = Σ_j x_j f_j`, the mean fitness:
//!
//! - continuous (the replicator–mutator, Page and Nowak 2002, J Theor Biol 219:93):
//!   `ẋ_i = Σ_j x_j f_j q_ji − x_i φ`; without mutation it is the replicator equation of Taylor
//!   and Jonker (1978) at speed w, `ẋ_i = w·x_i (π_i − π̄)`;
//! - discrete, the same process one generation at a time: `x_i' = Σ_j x_j f_j q_ji / φ`.
//!
//! Both keep the simplex when every fitness is non-negative (validation refuses settings where
//! one could be negative; without mutation the continuous equation keeps it for any payoffs): a share at 0 has `ẋ_i = Σ_j x_j f_j q_ji ≥ 0`, the shares' velocities
//! add up to `φ − φ Σ x = 0`, and the map's shares are non-negative and add up to 1.

use super::PayoffMatrix;

/// The replicator–mutator of one payoff matrix at one selection intensity and mutation rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub matrix: PayoffMatrix,
    /// w in [0, 1].
    pub selection: f64,
    /// μ in [0, 1].
    pub mutation: f64,
}

impl Field {
    pub fn new(matrix: PayoffMatrix, selection: f64, mutation: f64) -> Field {
        Field {
            matrix,
            selection,
            mutation,
        }
    }

    /// K, the number of strategies.
    pub fn len(&self) -> usize {
        self.matrix.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matrix.is_empty()
    }

    /// A valid matrix, w and μ in [0, 1], and with mutation no negative fitness for any payoff of
    /// the matrix (so for any shares): offspring, mutants included, are in proportion to fitness.
    /// Without mutation the continuous equation `w·x_i(π_i − π̄)` is defined for any payoffs
    /// (adding a constant to every payoff changes nothing), as in the textbook rock–paper–scissors
    /// with payoffs −1, 0 and 1; the discrete map needs non-negative fitness in any case.
    pub fn check(&self) -> Result<(), String> {
        self.matrix.check()?;
        super::check_rates(self.selection, self.mutation)?;
        if self.mutation > 0.0 {
            super::check_fitness(&self.matrix, self.selection)?;
        }
        Ok(())
    }

    /// Uniform mutation to each other strategy, μ/(K − 1); 0 with one strategy.
    fn spread(&self) -> f64 {
        let k = self.len();
        if k > 1 {
            self.mutation / (k - 1) as f64
        } else {
            0.0
        }
    }

    /// Each strategy's payoff `π = A x` into `out`.
    pub fn payoffs(&self, x: &[f64], out: &mut [f64]) {
        let k = self.len();
        for (i, slot) in out.iter_mut().enumerate().take(k) {
            *slot = (0..k).map(|j| self.matrix.get(i, j) * x[j]).sum();
        }
    }

    /// Each strategy's fitness `1 − w + w·π_i` into `out`.
    pub fn fitness(&self, x: &[f64], out: &mut [f64]) {
        self.payoffs(x, out);
        let (base, w) = (1.0 - self.selection, self.selection);
        for slot in out.iter_mut() {
            *slot = base + w * *slot;
        }
    }

    /// The velocity ẋ at `x` into `out`, without allocating.
    pub fn velocity(&self, x: &[f64], out: &mut [f64]) {
        let k = self.len();
        if self.mutation == 0.0 || k < 2 {
            // w·x_i(π_i − π̄): the same as x_i(f_i − φ) on the simplex, and exactly 0 at w = 0
            // (the constant 1 − w cancels instead of leaving rounding behind).
            self.payoffs(x, out);
            let mean: f64 = (0..k).map(|i| x[i] * out[i]).sum();
            for i in 0..k {
                out[i] = self.selection * (x[i] * (out[i] - mean));
            }
            return;
        }
        self.fitness(x, out);
        let phi: f64 = (0..k).map(|i| x[i] * out[i]).sum();
        let (keep, spread) = (1.0 - self.mutation, self.spread());
        for i in 0..k {
            // Σ_j x_j f_j q_ji = (1 − μ) x_i f_i + μ/(K − 1) (φ − x_i f_i).
            let own = x[i] * out[i];
            out[i] = keep * own + spread * (phi - own) - x[i] * phi;
        }
    }

    /// One generation of the discrete map from `x` into `next`; `fitness` is scratch of length
    /// K. When every present strategy has fitness 0 there are no offspring and the shares stay.
    pub fn generation(&self, x: &[f64], next: &mut [f64], fitness: &mut [f64]) {
        let k = self.len();
        self.fitness(x, fitness);
        // Below 0 only by rounding (validation keeps fitness non-negative): no offspring.
        fitness.iter_mut().for_each(|f| *f = f.max(0.0));
        let phi: f64 = (0..k).map(|i| x[i] * fitness[i]).sum();
        if phi <= 0.0 {
            next.copy_from_slice(x);
            return;
        }
        let (keep, spread) = (1.0 - self.mutation, self.spread());
        for i in 0..k {
            let own = x[i] * fitness[i];
            next[i] = if self.mutation == 0.0 {
                x[i] * (fitness[i] / phi)
            } else {
                (keep * own + spread * (phi - own)) / phi
            };
        }
        project(next);
    }

    /// The Jacobian of the velocity at `x`, row-major K × K:
    ///
    /// ```text
    /// ∂ẋ_i/∂x_k = f_k q_ki + w Σ_j x_j a_jk q_ji − δ_ik φ − x_i (f_k + w (Aᵀx)_k)
    /// ```
    ///
    /// since ∂f_j/∂x_k = w a_jk and ∂φ/∂x_k = f_k + w (Aᵀx)_k. Without mutation (q = I) it is
    /// `δ_ik (f_i − φ) + x_i (w a_ik − f_k − w (Aᵀx)_k)`.
    pub fn jacobian(&self, x: &[f64]) -> Vec<f64> {
        let k = self.len();
        let w = self.selection;
        let mut f = vec![0.0; k];
        self.fitness(x, &mut f);
        let column_means: Vec<f64> = (0..k)
            .map(|c| (0..k).map(|j| x[j] * self.matrix.get(j, c)).sum())
            .collect();
        let phi: f64 = (0..k).map(|i| x[i] * f[i]).sum();
        let (keep, spread) = if self.mutation == 0.0 {
            (1.0, 0.0)
        } else {
            (1.0 - self.mutation, self.spread())
        };
        let q = |from: usize, to: usize| if from == to { keep } else { spread };
        let mut jacobian = vec![0.0; k * k];
        for i in 0..k {
            for c in 0..k {
                // Σ_j x_j a_jc q_ji = spread·(Aᵀx)_c + (keep − spread)·x_i a_ic.
                let inflow =
                    spread * column_means[c] + (keep - spread) * x[i] * self.matrix.get(i, c);
                let own = if i == c { phi } else { 0.0 };
                jacobian[i * k + c] =
                    f[c] * q(c, i) + w * inflow - own - x[i] * (f[c] + w * column_means[c]);
            }
        }
        jacobian
    }

    /// An upper bound on the rate at which the field moves, per unit of time, for any matrix
    /// whose payoffs lie in [`lowest`, `highest`]: selection moves shares at most at w times the
    /// payoffs' spread, and mutation at most at 2μ times the largest fitness. Validation bounds
    /// `time` with it before any payoff is simulated; see [`MAX_SELECTION_TIME`].
    pub fn rate_bound(selection: f64, mutation: f64, lowest: f64, highest: f64) -> f64 {
        let largest_fitness = (1.0 - selection + selection * highest).max(0.0);
        selection * (highest - lowest).max(0.0) + 2.0 * mutation * largest_fitness
    }

    /// [`Field::rate_bound`] of this field's own matrix.
    pub fn rate(&self) -> f64 {
        let highest = self
            .matrix
            .values
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        Field::rate_bound(self.selection, self.mutation, self.matrix.min(), highest)
    }
}

/// The most units of "selection time" (time × [`Field::rate_bound`]) a continuous run may span.
/// The integrator's steps grow with it (about 6 per unit where the shares cycle, far fewer where
/// they settle: `integrator`'s tests measure both), so this bounds a run to seconds; past it the shares have long settled or
/// gone round their cycle hundreds of thousands of times.
pub const MAX_SELECTION_TIME: f64 = 1e6;

/// Shares back onto the simplex after rounding: negatives to 0, then divided by their sum.
pub fn project(x: &mut [f64]) {
    let mut sum = 0.0;
    for share in x.iter_mut() {
        if share.is_nan() || *share < 0.0 {
            *share = 0.0;
        }
        sum += *share;
    }
    if sum > 0.0 && sum != 1.0 {
        x.iter_mut().for_each(|share| *share /= sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(values: &[f64], selection: f64, mutation: f64) -> Field {
        let k = (values.len() as f64).sqrt() as usize;
        let labels = (0..k).map(|i| format!("S{i}")).collect();
        Field::new(
            PayoffMatrix::new(labels, values.to_vec()),
            selection,
            mutation,
        )
    }

    #[test]
    fn the_velocity_is_tangent_to_the_simplex() {
        let game = [2.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.5];
        let mut out = [0.0; 3];
        for (w, mu) in [(1.0, 0.0), (0.5, 0.0), (0.5, 0.1), (0.2, 1.0)] {
            field(&game, w, mu).velocity(&[0.2, 0.3, 0.5], &mut out);
            assert!(out.iter().sum::<f64>().abs() < 1e-15, "{out:?}");
        }
    }

    #[test]
    fn the_jacobian_is_the_derivative_of_the_velocity() {
        // Central differences of the velocity against the formula, with and without mutation.
        let game = [2.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.5];
        let x = [0.2, 0.3, 0.5];
        for (w, mu) in [(1.0, 0.0), (0.4, 0.0), (0.4, 0.15)] {
            let field = field(&game, w, mu);
            let jacobian = field.jacobian(&x);
            let h = 1e-6;
            if mu > 0.0 {
                // The general form is the one evaluated: every partial derivative matches.
                for c in 0..3 {
                    let (mut up, mut down) = (x, x);
                    up[c] += h;
                    down[c] -= h;
                    let (mut v_up, mut v_down) = ([0.0; 3], [0.0; 3]);
                    field.velocity(&up, &mut v_up);
                    field.velocity(&down, &mut v_down);
                    for i in 0..3 {
                        let numeric = (v_up[i] - v_down[i]) / (2.0 * h);
                        assert!(
                            (jacobian[i * 3 + c] - numeric).abs() < 1e-8,
                            "{w} {mu} {i} {c}"
                        );
                    }
                }
            }
            // Without mutation the velocity is written as w·x_i(π_i − π̄), which differs from the
            // general form off the simplex only along its normal: on the tangent space the
            // derivatives agree for every w and μ.
            for direction in [[1.0, -1.0, 0.0], [0.0, 1.0, -1.0]] {
                let mut along = [0.0; 3];
                for i in 0..3 {
                    along[i] = (0..3).map(|c| jacobian[i * 3 + c] * direction[c]).sum();
                }
                let (mut v_up, mut v_down) = ([0.0; 3], [0.0; 3]);
                let up: Vec<f64> = (0..3).map(|i| x[i] + h * direction[i]).collect();
                let down: Vec<f64> = (0..3).map(|i| x[i] - h * direction[i]).collect();
                field.velocity(&up, &mut v_up);
                field.velocity(&down, &mut v_down);
                for i in 0..3 {
                    let numeric = (v_up[i] - v_down[i]) / (2.0 * h);
                    assert!((along[i] - numeric).abs() < 1e-8, "{w} {mu} {i}");
                }
            }
        }
    }

    #[test]
    fn a_generation_keeps_the_simplex_and_mutates_uniformly() {
        // Equal fitness: x' = (1 − μ) x + μ/(K − 1) (1 − x).
        let equal = field(&[1.0; 9], 1.0, 0.3);
        let (mut next, mut scratch) = ([0.0; 3], [0.0; 3]);
        equal.generation(&[1.0, 0.0, 0.0], &mut next, &mut scratch);
        assert!((next[0] - 0.7).abs() < 1e-15 && (next[1] - 0.15).abs() < 1e-15);
        // Fitness 0 everywhere (w = 1, payoffs 0): nothing is born, nothing changes.
        let barren = field(&[0.0; 4], 1.0, 0.5);
        let mut two = [0.0; 2];
        barren.generation(&[0.25, 0.75], &mut two, &mut scratch[..2]);
        assert_eq!(two, [0.25, 0.75]);
    }

    #[test]
    fn projection_clips_and_renormalises() {
        let mut x = [0.5, -1e-18, 0.5000000001];
        project(&mut x);
        assert_eq!(x[1], 0.0);
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }

    #[test]
    fn the_rate_bound_grows_with_selection_spread_and_mutation() {
        assert_eq!(Field::rate_bound(1.0, 0.0, 0.0, 5.0), 5.0);
        assert_eq!(Field::rate_bound(0.0, 0.0, -3.0, 5.0), 0.0);
        // Neutral with mutation: two strategies relax at 2μ.
        assert_eq!(Field::rate_bound(0.0, 0.1, -3.0, 5.0), 0.2);
    }
}

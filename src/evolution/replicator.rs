//! Replicator dynamics of an infinite population: the continuous replicator (and
//! replicator–mutator) equations integrated by an adaptive Dormand–Prince method, the discrete
//! replicator map, and the gradient of selection of two strategies.
//!
//! With shares x and payoffs A, `f = A x` is each strategy's payoff and `φ = xᵀ A x` the mean:
//!
//! - replicator: `ẋ_i = x_i (f_i − φ)` (Taylor and Jonker 1978);
//! - replicator–mutator: `ẋ_i = Σ_j x_j f_j Q_ji − φ x_i` with uniform mutation,
//!   Q_jj = 1 − μ and Q_ji = μ/(K − 1) (Page and Nowak 2002, J Theor Biol 219:93);
//! - discrete: `x_i' = x_i F_i / Σ_j x_j F_j` with `F = 1 − w + w·f`, the fitness of the Moran
//!   process, so w means the same selection intensity in both (w = 1 is the classic
//!   `x_i f_i / φ`, which needs positive payoffs; a smaller w needs only `1 − w + w·min A ≥ 0`).
//!   Shifting the payoffs up instead would change the map's speed with the shift chosen.

use super::moran::grid;
use super::{PayoffMatrix, check_fitness};
use ode_solvers::continuous_output_model::ContinuousOutputModel;
use ode_solvers::{DVector, Dopri5, System};

/// Relative and absolute tolerances of the integrator's step control: the shares are in
/// [0, 1], so 1e-10 relative with 1e-12 absolute keeps the global error near 1e-9 over the
/// times a chart shows (tests/evolution.rs measures it against the closed form).
pub const RTOL: f64 = 1e-10;
pub const ATOL: f64 = 1e-12;

/// Most integrator steps before giving up: a stiff or very long run stops with the reason.
pub const MAX_STEPS: u32 = 1_000_000;

/// Shares at evenly spaced times.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Trajectory {
    pub times: Vec<f64>,
    /// `shares[point * K + strategy]`.
    pub shares: Vec<f64>,
}

impl Trajectory {
    /// The shares at point `index`.
    pub fn at(&self, index: usize) -> &[f64] {
        let k = self.shares.len() / self.times.len().max(1);
        &self.shares[index * k..(index + 1) * k]
    }

    /// The shares at the last point.
    pub fn last(&self) -> &[f64] {
        self.at(self.times.len().saturating_sub(1))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContinuousSettings {
    /// Shares at time 0: non-negative, summing to 1.
    pub initial: Vec<f64>,
    /// The end time (the start is 0).
    pub time: f64,
    /// Output points, evenly spaced from 0 to `time` (at least 2).
    pub points: usize,
    /// μ in [0, 1]; 0 is the plain replicator equation.
    pub mutation: f64,
    pub rtol: f64,
    pub atol: f64,
}

impl ContinuousSettings {
    /// The plain replicator at the default tolerances.
    pub fn new(initial: Vec<f64>, time: f64, points: usize) -> ContinuousSettings {
        ContinuousSettings {
            initial,
            time,
            points,
            mutation: 0.0,
            rtol: RTOL,
            atol: ATOL,
        }
    }

    pub fn check(&self) -> Result<(), String> {
        check_shares(&self.initial)?;
        if !(self.time.is_finite() && self.time > 0.0) {
            return Err(format!("time must be a positive number, not {}", self.time));
        }
        if self.points < 2 || self.points > super::moran::MAX_TRAJECTORY_POINTS {
            return Err(format!(
                "points must be from 2 to {}, not {}",
                super::moran::MAX_TRAJECTORY_POINTS,
                self.points
            ));
        }
        if !(0.0..=1.0).contains(&self.mutation) {
            return Err(format!("mutation must be in [0, 1], not {}", self.mutation));
        }
        let tolerance = |value: f64| value.is_finite() && value > 0.0 && value < 1.0;
        if !(tolerance(self.rtol) && tolerance(self.atol)) {
            return Err(format!(
                "tolerances must be in (0, 1), not rtol {} and atol {}",
                self.rtol, self.atol
            ));
        }
        Ok(())
    }
}

/// Shares: at least one, non-negative, finite, summing to 1 within 1e-9.
pub fn check_shares(shares: &[f64]) -> Result<(), String> {
    if shares.is_empty() {
        return Err("the initial shares are empty".into());
    }
    if let Some(bad) = shares
        .iter()
        .find(|share| !(share.is_finite() && **share >= 0.0))
    {
        return Err(format!("a share must be a number ≥ 0, not {bad}"));
    }
    let sum: f64 = shares.iter().sum();
    if (sum - 1.0).abs() > 1e-9 {
        return Err(format!("the initial shares sum to {sum}, not 1"));
    }
    Ok(())
}

fn check_against(matrix: &PayoffMatrix, shares: &[f64]) -> Result<(), String> {
    matrix.check()?;
    if shares.len() != matrix.len() {
        return Err(format!(
            "{} initial shares for {} strategies",
            shares.len(),
            matrix.len()
        ));
    }
    Ok(())
}

/// The replicator(–mutator) vector field at `x` into `out`, without allocating: `f` is formed
/// in `out` first, then turned into the velocity.
pub fn velocity(matrix: &PayoffMatrix, mutation: f64, x: &[f64], out: &mut [f64]) {
    let k = matrix.len();
    for (i, slot) in out.iter_mut().enumerate().take(k) {
        *slot = (0..k).map(|j| matrix.get(i, j) * x[j]).sum();
    }
    let phi: f64 = (0..k).map(|i| x[i] * out[i]).sum();
    if mutation > 0.0 && k > 1 {
        // Σ_j x_j f_j Q_ji = (1 − μ) x_i f_i + μ/(K − 1) (φ − x_i f_i).
        let spread = mutation / (k - 1) as f64;
        for i in 0..k {
            let own = x[i] * out[i];
            out[i] = (1.0 - mutation) * own + spread * (phi - own) - phi * x[i];
        }
    } else {
        for i in 0..k {
            out[i] = x[i] * (out[i] - phi);
        }
    }
}

struct Field<'a> {
    matrix: &'a PayoffMatrix,
    mutation: f64,
}

impl System<f64, DVector<f64>> for Field<'_> {
    fn system(&self, _t: f64, y: &DVector<f64>, dy: &mut DVector<f64>) {
        velocity(self.matrix, self.mutation, y.as_slice(), dy.as_mut_slice());
    }
}

/// Integrates the replicator (or replicator–mutator) equation from `settings.initial`.
pub fn continuous(
    matrix: &PayoffMatrix,
    settings: &ContinuousSettings,
) -> Result<Trajectory, String> {
    settings.check()?;
    check_against(matrix, &settings.initial)?;
    let field = Field {
        matrix,
        mutation: settings.mutation,
    };
    let y0 = DVector::from_vec(settings.initial.clone());
    let span = settings.time;
    // The dense-output step is unused: the continuous model is evaluated at exact times below.
    let mut stepper = Dopri5::from_param(
        field,
        0.0,
        span,
        span,
        y0,
        settings.rtol,
        settings.atol,
        0.9,
        0.04,
        0.2,
        10.0,
        span,
        0.0,
        MAX_STEPS,
        1000,
        ode_solvers::OutputType::Continuous,
    );
    let mut model = ContinuousOutputModel::default();
    stepper
        .integrate_with_continuous_output_model(&mut model)
        .map_err(|error| format!("the replicator equation could not be integrated: {error}"))?;
    let intervals = (settings.points - 1) as f64;
    let k = matrix.len();
    let mut times = Vec::with_capacity(settings.points);
    let mut shares = Vec::with_capacity(settings.points * k);
    for point in 0..settings.points {
        // The last time exactly: `point / intervals * span` can round past the end.
        let time = if point + 1 == settings.points {
            span
        } else {
            span * point as f64 / intervals
        };
        let state = if point == 0 {
            DVector::from_vec(settings.initial.clone())
        } else {
            model
                .evaluate(time)
                .ok_or_else(|| format!("the integrator's output does not reach t = {time}"))?
        };
        times.push(time);
        // Rounding can leave a vanishing share a hair below 0.
        shares.extend(state.iter().map(|share| share.max(0.0)));
    }
    Ok(Trajectory { times, shares })
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiscreteSettings {
    pub initial: Vec<f64>,
    pub generations: u64,
    /// Output points, evenly spaced generations from 0 to `generations` (at least 2; fewer
    /// when there are fewer generations).
    pub points: usize,
    /// w in [0, 1]: fitness `1 − w + w·payoff`.
    pub selection: f64,
}

/// Most generations of the discrete map.
pub const MAX_GENERATIONS: u64 = 100_000_000;

impl DiscreteSettings {
    pub fn check(&self) -> Result<(), String> {
        check_shares(&self.initial)?;
        if self.generations == 0 || self.generations > MAX_GENERATIONS {
            return Err(format!(
                "generations must be from 1 to {MAX_GENERATIONS}, not {}",
                self.generations
            ));
        }
        if self.points < 2 || self.points > super::moran::MAX_TRAJECTORY_POINTS {
            return Err(format!(
                "points must be from 2 to {}, not {}",
                super::moran::MAX_TRAJECTORY_POINTS,
                self.points
            ));
        }
        if !(0.0..=1.0).contains(&self.selection) {
            return Err(format!(
                "selection must be in [0, 1], not {}",
                self.selection
            ));
        }
        Ok(())
    }
}

/// Iterates the discrete replicator map.
pub fn discrete(matrix: &PayoffMatrix, settings: &DiscreteSettings) -> Result<Trajectory, String> {
    settings.check()?;
    check_against(matrix, &settings.initial)?;
    check_fitness(matrix, settings.selection)?;
    let k = matrix.len();
    let steps = grid(settings.generations, settings.points);
    let (base, w) = (1.0 - settings.selection, settings.selection);
    let mut x = settings.initial.clone();
    let mut fitness = vec![0.0; k];
    let mut times = Vec::with_capacity(steps.len());
    let mut shares = Vec::with_capacity(steps.len() * k);
    let mut next = 0;
    for generation in 0..=settings.generations {
        if steps.get(next) == Some(&generation) {
            times.push(generation as f64);
            shares.extend_from_slice(&x);
            next += 1;
        }
        if generation == settings.generations {
            break;
        }
        for (i, slot) in fitness.iter_mut().enumerate() {
            *slot = base + w * (0..k).map(|j| matrix.get(i, j) * x[j]).sum::<f64>();
        }
        let mean: f64 = (0..k).map(|i| x[i] * fitness[i]).sum();
        if mean <= 0.0 {
            // Every present strategy has fitness 0: nothing changes any more.
            continue;
        }
        for i in 0..k {
            x[i] *= fitness[i] / mean;
        }
    }
    Ok(Trajectory { times, shares })
}

/// The gradient of selection of two strategies, `ẋ = x(1 − x)(f_1 − f_2)` with x the first
/// strategy's share and `f = A x` (Traulsen, Nowak and Pacheco 2006 take its finite-population
/// form; this is the infinite-population limit), at `points` evenly spaced x from 0 to 1.
pub fn gradient_of_selection(
    matrix: &PayoffMatrix,
    points: usize,
) -> Result<Vec<(f64, f64)>, String> {
    matrix.check()?;
    if matrix.len() != 2 {
        return Err(format!(
            "the gradient of selection is drawn for 2 strategies, not {}",
            matrix.len()
        ));
    }
    if points < 2 {
        return Err(format!("points must be at least 2, not {points}"));
    }
    let [a, b, c, d] = [
        matrix.get(0, 0),
        matrix.get(0, 1),
        matrix.get(1, 0),
        matrix.get(1, 1),
    ];
    Ok((0..points)
        .map(|point| {
            let x = point as f64 / (points - 1) as f64;
            let advantage = (a * x + b * (1.0 - x)) - (c * x + d * (1.0 - x));
            (x, x * (1.0 - x) * advantage)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(values: &[f64]) -> PayoffMatrix {
        let k = (values.len() as f64).sqrt() as usize;
        PayoffMatrix::new((0..k).map(|i| format!("S{i}")).collect(), values.to_vec())
    }

    #[test]
    fn the_velocity_keeps_the_simplex() {
        let game = matrix(&[2.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.5]);
        let mut out = [0.0; 3];
        for mutation in [0.0, 0.1] {
            velocity(&game, mutation, &[0.2, 0.3, 0.5], &mut out);
            assert!(out.iter().sum::<f64>().abs() < 1e-15, "{out:?}");
        }
        // A vertex is a rest point without mutation, and not with it (where its payoff is not 0:
        // offspring, and so mutants, are in proportion to payoff).
        velocity(&game, 0.0, &[1.0, 0.0, 0.0], &mut out);
        assert_eq!(out, [0.0; 3]);
        velocity(&game, 0.1, &[1.0, 0.0, 0.0], &mut out);
        assert!(out[1] > 0.0 && out[2] > 0.0);
    }

    #[test]
    fn bad_settings_are_refused() {
        let game = matrix(&[1.0, 0.0, 0.0, 1.0]);
        let mut settings = ContinuousSettings::new(vec![0.5, 0.6], 1.0, 10);
        assert!(continuous(&game, &settings).unwrap_err().contains("sum to"));
        settings.initial = vec![0.5, 0.5, 0.0];
        assert!(
            continuous(&game, &settings)
                .unwrap_err()
                .contains("3 initial shares")
        );
        settings.initial = vec![0.5, 0.5];
        settings.time = -1.0;
        assert!(continuous(&game, &settings).unwrap_err().contains("time"));
        let discrete_settings = DiscreteSettings {
            initial: vec![0.5, 0.5],
            generations: 10,
            points: 5,
            selection: 1.0,
        };
        let negative = matrix(&[-1.0, 0.0, 0.0, 1.0]);
        assert!(
            discrete(&negative, &discrete_settings)
                .unwrap_err()
                .contains("negative")
        );
    }

    #[test]
    fn the_gradient_vanishes_where_payoffs_are_equal() {
        // Hawk–Dove V = 2, C = 3: equal payoffs at x = V/C.
        let game = matrix(&[-0.5, 2.0, 0.0, 1.0]);
        let gradient = gradient_of_selection(&game, 4).unwrap();
        assert_eq!(gradient.len(), 4);
        let at_two_thirds = gradient[2];
        assert!((at_two_thirds.0 - 2.0 / 3.0).abs() < 1e-15 && at_two_thirds.1.abs() < 1e-15);
        assert!(gradient[1].1 > 0.0);
    }
}

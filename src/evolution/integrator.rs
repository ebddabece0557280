//! The continuous replicator–mutator integrated by the Dormand–Prince 5(4) pair with adaptive
//! steps (Dormand and Prince 1980; the step control of Hairer, Nørsett and Wanner, Solving
//! Ordinary Differential Equations I, II.4), each accepted step projected back onto the simplex,
//! the steps cut to land exactly on the output times.
//!
//! Why an explicit method, written here: the equation turns stiff only when its rates are large
//! against the time asked for (payoffs of 1e11, or `time` near 1e6), and the step count of any
//! method that follows the shares where they cycle (rock–paper–scissors, limit cycles) grows with
//! `time × rate` whatever the method. An implicit method would settle fast at an attractor but
//! not on a cycle, and which one a tournament's payoffs give is known only after simulating; so
//! validation bounds `time × rate` from the payoff table before the run
//! ([`super::field::MAX_SELECTION_TIME`]), and inside that bound an explicit method is cheap.
//! Written here rather than taken from `ode_solvers`: its Dopri5 allocates at every step,
//! stores every step for a continuous output, gives up on detected stiffness, and cannot put
//! the state back onto the simplex after a step (the projection method of Hairer, Lubich and
//! Wanner, Geometric Numerical Integration, IV.4), which is how the shares stay in it by
//! construction.

use super::field::{Field, project};

// The Dormand–Prince tableau: the stages' coefficients a (the last row holds the fifth-order
// weights b, "first same as last"), and e = b − b̂, the difference to the embedded fourth-order
// weights. The field does not depend on time, so the nodes c are not needed.
const A: [[f64; 6]; 7] = [
    [0.0; 6],
    [0.2, 0.0, 0.0, 0.0, 0.0, 0.0],
    [3.0 / 40.0, 9.0 / 40.0, 0.0, 0.0, 0.0, 0.0],
    [44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0, 0.0, 0.0, 0.0],
    [
        19372.0 / 6561.0,
        -25360.0 / 2187.0,
        64448.0 / 6561.0,
        -212.0 / 729.0,
        0.0,
        0.0,
    ],
    [
        9017.0 / 3168.0,
        -355.0 / 33.0,
        46732.0 / 5247.0,
        49.0 / 176.0,
        -5103.0 / 18656.0,
        0.0,
    ],
    [
        35.0 / 384.0,
        0.0,
        500.0 / 1113.0,
        125.0 / 192.0,
        -2187.0 / 6784.0,
        11.0 / 84.0,
    ],
];
const E: [f64; 7] = [
    71.0 / 57600.0,
    0.0,
    -71.0 / 16695.0,
    71.0 / 1920.0,
    -17253.0 / 339200.0,
    22.0 / 525.0,
    -1.0 / 40.0,
];

/// Step control (Hairer, Nørsett and Wanner's defaults): the safety factor, and the most a step
/// may shrink or grow at once.
const SAFETY: f64 = 0.9;
const SHRINK_MOST: f64 = 0.2;
const GROW_MOST: f64 = 10.0;

/// Accuracy and effort of an integration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerances {
    pub rtol: f64,
    pub atol: f64,
    /// Steps (accepted and rejected) before giving up.
    pub max_steps: u64,
}

/// What an integration did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    pub accepted: u64,
    pub rejected: u64,
}

/// The shares at each of `times` (ascending, from 0) starting from `initial` at time 0, as
/// `shares[point * K + strategy]`.
pub fn integrate(
    field: &Field,
    initial: &[f64],
    times: &[f64],
    tolerances: Tolerances,
) -> Result<(Vec<f64>, Stats), String> {
    let k = field.len();
    let mut stepper = Stepper::new(field, initial, tolerances);
    let mut shares = Vec::with_capacity(times.len() * k);
    for &target in times {
        stepper.advance_to(target)?;
        shares.extend_from_slice(&stepper.y);
    }
    Ok((shares, stepper.stats))
}

struct Stepper<'a> {
    field: &'a Field,
    tolerances: Tolerances,
    t: f64,
    y: Vec<f64>,
    /// The stages; `stages[0]` is the velocity at (t, y).
    stages: [Vec<f64>; 7],
    /// Scratch: a stage's state, then the step's end.
    point: Vec<f64>,
    next: Vec<f64>,
    /// The step the controller proposes next (a step cut short to land on an output time does
    /// not shrink it).
    h: f64,
    stats: Stats,
}

impl<'a> Stepper<'a> {
    fn new(field: &'a Field, initial: &[f64], tolerances: Tolerances) -> Stepper<'a> {
        let k = field.len();
        let mut y = initial.to_vec();
        project(&mut y);
        let stages: [Vec<f64>; 7] = std::array::from_fn(|_| vec![0.0; k]);
        let mut stepper = Stepper {
            field,
            tolerances,
            t: 0.0,
            y,
            stages,
            point: vec![0.0; k],
            next: vec![0.0; k],
            h: 0.0,
            stats: Stats::default(),
        };
        field.velocity(&stepper.y, &mut stepper.stages[0]);
        stepper.h = stepper.first_step();
        stepper
    }

    /// The weighted RMS norm of `v` against the tolerances at the current state.
    fn norm(&self, v: &[f64]) -> f64 {
        let sum: f64 = v
            .iter()
            .zip(&self.y)
            .map(|(value, y)| {
                let scale = self.tolerances.atol + self.tolerances.rtol * y.abs();
                (value / scale).powi(2)
            })
            .sum();
        (sum / v.len().max(1) as f64).sqrt()
    }

    /// Hairer, Nørsett and Wanner's starting step (II.4): small enough that an Euler step's
    /// error is about the tolerance.
    fn first_step(&mut self) -> f64 {
        let d0 = self.norm(&self.y);
        let d1 = self.norm(&self.stages[0]);
        let h0 = if d0 < 1e-5 || d1 < 1e-5 {
            1e-6
        } else {
            0.01 * d0 / d1
        };
        for (point, (y, v)) in self
            .point
            .iter_mut()
            .zip(self.y.iter().zip(&self.stages[0]))
        {
            *point = y + h0 * v;
        }
        self.field.velocity(&self.point, &mut self.next);
        let difference: Vec<f64> = self
            .next
            .iter()
            .zip(&self.stages[0])
            .map(|(a, b)| a - b)
            .collect();
        let d2 = self.norm(&difference) / h0;
        let largest = d1.max(d2);
        let h1 = if largest <= 1e-15 {
            (h0 * 1e-3).max(1e-6)
        } else {
            (0.01 / largest).powf(0.2)
        };
        (100.0 * h0).min(h1)
    }

    fn advance_to(&mut self, target: f64) -> Result<(), String> {
        while self.t < target {
            if self.stats.accepted + self.stats.rejected >= self.tolerances.max_steps {
                return Err(format!(
                    "the replicator equation needed more than {} steps to reach t = {target} \
                     (it had reached t = {})",
                    self.tolerances.max_steps, self.t
                ));
            }
            let remaining = target - self.t;
            // A step that would stop just short of the target takes it in.
            let last = 1.01 * self.h >= remaining;
            let h = if last { remaining } else { self.h };
            let error = self.try_step(h);
            if error <= 1.0 {
                self.stats.accepted += 1;
                self.t = if last { target } else { self.t + h };
                std::mem::swap(&mut self.y, &mut self.next);
                let clipped = self.y.iter().any(|share| share.is_nan() || *share < 0.0);
                project(&mut self.y);
                if clipped {
                    self.field.velocity(&self.y, &mut self.stages[0]);
                } else {
                    // First same as last: the final stage was evaluated at the step's end.
                    self.stages.swap(0, 6);
                }
                let grow = SAFETY * error.max(1e-10).powf(-0.2);
                let proposed = h * grow.clamp(SHRINK_MOST, GROW_MOST);
                // A step shortened to land on the target says little about the next one.
                self.h = if last { self.h.max(proposed) } else { proposed };
            } else {
                self.stats.rejected += 1;
                let shrink = (SAFETY * error.powf(-0.2)).clamp(SHRINK_MOST, 1.0);
                // NaN (a blown-up stage) shrinks as much as allowed.
                self.h = h * if shrink.is_nan() { SHRINK_MOST } else { shrink };
                let floor = f64::EPSILON * self.t.abs().max(1e-300);
                if self.h.is_nan() || self.h <= floor {
                    return Err(format!(
                        "the replicator equation's step fell below rounding at t = {}",
                        self.t
                    ));
                }
            }
        }
        Ok(())
    }

    /// One Dormand–Prince step of length `h` from (t, y): the end into `next`, the error
    /// estimate's norm returned (NaN when the step failed).
    fn try_step(&mut self, h: f64) -> f64 {
        let k = self.y.len();
        for (stage, weights) in A.iter().enumerate().skip(1) {
            for i in 0..k {
                let increment: f64 = (0..stage).map(|j| weights[j] * self.stages[j][i]).sum();
                self.point[i] = self.y[i] + h * increment;
            }
            self.field.velocity(&self.point, &mut self.stages[stage]);
        }
        // The sixth stage's point is the fifth-order solution (its row of A holds the weights).
        self.next.copy_from_slice(&self.point);
        let mut sum = 0.0;
        for i in 0..k {
            let estimate: f64 = h * (0..7).map(|j| E[j] * self.stages[j][i]).sum::<f64>();
            let scale = self.tolerances.atol
                + self.tolerances.rtol * self.y[i].abs().max(self.next[i].abs());
            sum += (estimate / scale).powi(2);
        }
        let error = (sum / k.max(1) as f64).sqrt();
        if error.is_finite() { error } else { f64::NAN }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evolution::PayoffMatrix;

    fn steps(values: Vec<f64>, selection: f64, initial: &[f64], time: f64) -> (Stats, f64) {
        let k = initial.len();
        let labels = (0..k).map(|i| format!("S{i}")).collect();
        let field = Field::new(PayoffMatrix::new(labels, values), selection, 0.0);
        let tolerances = Tolerances {
            rtol: 1e-10,
            atol: 1e-12,
            max_steps: u64::MAX,
        };
        let (_, stats) = integrate(&field, initial, &[0.0, time], tolerances).unwrap();
        (stats, time * field.rate())
    }

    #[test]
    fn a_cycle_costs_tens_of_steps_per_unit_of_selection_time() {
        // Zero-sum rock–paper–scissors turns for ever: the steps grow with time × rate, far
        // below the cap of replicator::STEPS_PER_SELECTION_TIME (1000) per unit.
        let rps = vec![0.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.0];
        let (stats, units) = steps(rps, 1.0, &[0.5, 0.3, 0.2], 500.0);
        let per_unit = (stats.accepted + stats.rejected) as f64 / units;
        assert!(per_unit > 1.0 && per_unit < 30.0, "{stats:?} over {units}");
    }

    #[test]
    fn an_attractor_costs_fewer() {
        // Hawk–Dove settles at its interior point; the explicit method's steps are then bounded
        // by its stability (h ≈ 3.3/|λ|, with λ the rest point's eigenvalue).
        let hawk_dove = vec![-0.5, 2.0, 0.0, 1.0];
        let (stats, units) = steps(hawk_dove, 1.0, &[0.05, 0.95], 10_000.0);
        let per_unit = (stats.accepted + stats.rejected) as f64 / units;
        assert!(per_unit < 1.0, "{stats:?} over {units}");
    }
}

//! Replicator dynamics of an infinite population, over time: the continuous replicator–mutator
//! equation integrated from the initial shares, the discrete map generation by generation, and
//! the gradient of selection of two strategies. The equations and their fitness are those of
//! [`super::field`].

use super::PayoffMatrix;
use super::field::{Field, MAX_SELECTION_TIME};
use super::integrator::{self, Tolerances};
use super::moran::grid;

/// Relative and absolute tolerances of the integrator's step control: the shares are in
/// [0, 1], so 1e-10 relative with 1e-12 absolute keeps the global error near 1e-9 over the
/// times a chart shows (tests/evolution.rs measures it against closed forms).
pub const RTOL: f64 = 1e-10;
pub const ATOL: f64 = 1e-12;

/// Most integrator steps per unit of selection time (time × [`Field::rate`]), with room for a
/// short run's first steps: where the shares cycle the integrator takes about 6 steps a unit at
/// these tolerances, where they settle far fewer (`integrator`'s tests measure both), so a run
/// within [`MAX_SELECTION_TIME`] never reaches it.
pub const STEPS_PER_SELECTION_TIME: f64 = 1000.0;
const MIN_STEPS: f64 = 100_000.0;

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
    /// w in [0, 1]: fitness `1 − w + w·payoff`; 1 is the classic replicator, 0 stands still
    /// without mutation.
    pub selection: f64,
    /// μ in [0, 1]; 0 is the plain replicator equation.
    pub mutation: f64,
    pub rtol: f64,
    pub atol: f64,
}

impl ContinuousSettings {
    /// The plain replicator (w = 1, no mutation) at the default tolerances.
    pub fn new(initial: Vec<f64>, time: f64, points: usize) -> ContinuousSettings {
        ContinuousSettings {
            initial,
            time,
            points,
            selection: 1.0,
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
        check_rates(self.selection, self.mutation)?;
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

fn check_rates(selection: f64, mutation: f64) -> Result<(), String> {
    if !(0.0..=1.0).contains(&selection) {
        return Err(format!("selection must be in [0, 1], not {selection}"));
    }
    if !(0.0..=1.0).contains(&mutation) {
        return Err(format!("mutation must be in [0, 1], not {mutation}"));
    }
    Ok(())
}

/// Integrates the replicator–mutator equation from `settings.initial`.
pub fn continuous(
    matrix: &PayoffMatrix,
    settings: &ContinuousSettings,
) -> Result<Trajectory, String> {
    settings.check()?;
    check_against(matrix, &settings.initial)?;
    let field = Field::new(matrix.clone(), settings.selection, settings.mutation);
    field.check()?;
    let selection_time = settings.time * field.rate();
    if selection_time > MAX_SELECTION_TIME {
        return Err(format!(
            "the replicator would run for {selection_time:.3e} units of selection time (time × \
             the rate its payoffs, selection and mutation allow), more than {MAX_SELECTION_TIME:e}"
        ));
    }
    let span = settings.time;
    let intervals = (settings.points - 1) as f64;
    let times: Vec<f64> = (0..settings.points)
        .map(|point| {
            // The last time exactly: `point / intervals * span` can round past the end.
            if point + 1 == settings.points {
                span
            } else {
                span * point as f64 / intervals
            }
        })
        .collect();
    let tolerances = Tolerances {
        rtol: settings.rtol,
        atol: settings.atol,
        max_steps: (STEPS_PER_SELECTION_TIME * selection_time).max(MIN_STEPS) as u64,
    };
    let (shares, _) = integrator::integrate(&field, &settings.initial, &times, tolerances)?;
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
    /// μ in [0, 1]: the chance an offspring takes another strategy.
    pub mutation: f64,
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
        check_rates(self.selection, self.mutation)
    }
}

/// Iterates the discrete replicator(–mutator) map.
pub fn discrete(matrix: &PayoffMatrix, settings: &DiscreteSettings) -> Result<Trajectory, String> {
    settings.check()?;
    check_against(matrix, &settings.initial)?;
    let field = Field::new(matrix.clone(), settings.selection, settings.mutation);
    field.check()?;
    // Selection proportional to fitness, generation by generation, needs it non-negative.
    super::check_fitness(matrix, settings.selection)?;
    let k = matrix.len();
    let steps = grid(settings.generations, settings.points);
    let mut x = settings.initial.clone();
    super::field::project(&mut x);
    let mut next = vec![0.0; k];
    let mut fitness = vec![0.0; k];
    let mut times = Vec::with_capacity(steps.len());
    let mut shares = Vec::with_capacity(steps.len() * k);
    let mut at = 0;
    for generation in 0..=settings.generations {
        if steps.get(at) == Some(&generation) {
            times.push(generation as f64);
            shares.extend_from_slice(&x);
            at += 1;
        }
        if generation == settings.generations {
            break;
        }
        field.generation(&x, &mut next, &mut fitness);
        std::mem::swap(&mut x, &mut next);
    }
    Ok(Trajectory { times, shares })
}

/// The velocity of the first of two strategies' share, `ẋ` at `points` evenly spaced shares x
/// from 0 to 1: without mutation the gradient of selection `w·x(1 − x)(π_1 − π_2)` (Traulsen,
/// Nowak and Pacheco 2006 take its finite-population form; this is the infinite-population
/// limit), with mutation the replicator–mutator's `ẋ_1`.
pub fn gradient_of_selection(field: &Field, points: usize) -> Result<Vec<(f64, f64)>, String> {
    field.check()?;
    if field.len() != 2 {
        return Err(format!(
            "the gradient of selection is drawn for 2 strategies, not {}",
            field.len()
        ));
    }
    if points < 2 {
        return Err(format!("points must be at least 2, not {points}"));
    }
    let mut velocity = [0.0; 2];
    Ok((0..points)
        .map(|point| {
            let x = point as f64 / (points - 1) as f64;
            field.velocity(&[x, 1.0 - x], &mut velocity);
            (x, velocity[0])
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
        settings.time = 1.0;
        settings.selection = 1.5;
        assert!(
            continuous(&game, &settings)
                .unwrap_err()
                .contains("selection")
        );
        // Rates of 1e11 over 100 units of time: 1e13 units of selection time.
        settings.selection = 1.0;
        settings.time = 100.0;
        let huge = matrix(&[1e11, 0.0, 0.0, 1e11]);
        assert!(
            continuous(&huge, &settings)
                .unwrap_err()
                .contains("selection time")
        );
        let discrete_settings = DiscreteSettings {
            initial: vec![0.5, 0.5],
            generations: 10,
            points: 5,
            selection: 1.0,
            mutation: 0.0,
        };
        // A negative fitness: refused by the map, and by the equation with mutation (without,
        // only payoff differences matter).
        let negative = matrix(&[-1.0, 0.0, 0.0, 1.0]);
        let mut mutating = ContinuousSettings::new(vec![0.5, 0.5], 1.0, 2);
        assert!(continuous(&negative, &mutating).is_ok());
        mutating.mutation = 0.1;
        for error in [
            discrete(&negative, &discrete_settings).unwrap_err(),
            continuous(&negative, &mutating).unwrap_err(),
        ] {
            assert!(error.contains("negative"), "{error}");
        }
    }

    #[test]
    fn the_gradient_vanishes_where_payoffs_are_equal() {
        // Hawk–Dove V = 2, C = 3: equal payoffs at x = V/C.
        let game = matrix(&[-0.5, 2.0, 0.0, 1.0]);
        let gradient = gradient_of_selection(&Field::new(game, 0.5, 0.0), 4).unwrap();
        assert_eq!(gradient.len(), 4);
        let at_two_thirds = gradient[2];
        assert!((at_two_thirds.0 - 2.0 / 3.0).abs() < 1e-15 && at_two_thirds.1.abs() < 1e-15);
        assert!(gradient[1].1 > 0.0);
    }
}

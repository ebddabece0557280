//! Rest points of the replicator–mutator actually integrated (see [`super::field`]) and their
//! stability: the roots of its vector field on the simplex, classified by the eigenvalues of its
//! Jacobian restricted to the simplex's tangent space.
//!
//! The roots are searched in two ways, and every candidate is kept only where the field
//! vanishes. Without mutation the field is `w·x_i(π_i − π̄)`: on each support S (the strategies
//! present) a rest point has equal fitness on S, `(F x)_i = φ` for every i in S with
//! `F = 1 − w + w·A`, `Σ x = 1` and `x_j = 0` off S, a linear system of |S| + 1 equations, so
//! solving it for every support finds every isolated rest point. A support whose system is
//! singular holds a continuum of rest points (or none), which no single point describes; it is
//! skipped (with w = 0 every point is at rest, and only the vertices are listed). With mutation
//! the field is no longer zero on faces: Newton's method on the field in the simplex's
//! coordinates starts from every point of a grid over the simplex and from the rest points
//! without mutation (where they continue from, for small μ).

use super::PayoffMatrix;
use super::field::{Field, project};
use nalgebra::DMatrix;

/// Most strategies whose supports are all tried (2^K − 1 linear systems).
pub const MAX_STRATEGIES: usize = 12;

/// Newton's starting points with mutation: a grid over the simplex as fine as this many points
/// allow (every 1/200 for two strategies, 1/40 for three, 1/16 for four).
const GRID_POINTS: usize = 2_000;
const NEWTON_ITERATIONS: usize = 100;

/// The linearisation's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stability {
    /// Every eigenvalue has a negative real part: nearby states move in.
    Stable,
    /// Every eigenvalue with a non-zero real part has a positive one, at least one: nearby
    /// states move out.
    Unstable,
    /// Real parts of both signs.
    Saddle,
    /// No positive real part and at least one zero: the linearisation does not decide (the
    /// centre of Rock–Paper–Scissors, a line of rest points).
    Neutral,
}

impl Stability {
    pub fn name(self) -> &'static str {
        match self {
            Stability::Stable => "stable",
            Stability::Unstable => "unstable",
            Stability::Saddle => "saddle",
            Stability::Neutral => "neutral",
        }
    }

    pub fn parse(text: &str) -> Option<Stability> {
        [
            Stability::Stable,
            Stability::Unstable,
            Stability::Saddle,
            Stability::Neutral,
        ]
        .into_iter()
        .find(|stability| stability.name() == text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FixedPoint {
    pub shares: Vec<f64>,
    /// The K − 1 eigenvalues (real, imaginary) of the Jacobian on the simplex, by real part
    /// descending.
    pub eigenvalues: Vec<(f64, f64)>,
    pub stability: Stability,
}

/// Every rest point of the replicator–mutator of `field`, ordered by support size, then support
/// (vertices first, then edges …, each support's strategies in order), then shares.
pub fn fixed_points(field: &Field) -> Result<Vec<FixedPoint>, String> {
    field.check()?;
    let k = field.len();
    if k > MAX_STRATEGIES {
        return Err(format!(
            "rest points are searched for at most {MAX_STRATEGIES} strategies (2^K supports), \
             not {k}"
        ));
    }
    let fitness = fitness_matrix(field);
    let mut supports: Vec<Vec<usize>> = (1u32..(1 << k))
        .map(|mask| (0..k).filter(|i| mask & (1 << i) != 0).collect())
        .collect();
    supports.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let without_mutation: Vec<Vec<f64>> = supports
        .iter()
        .filter_map(|support| solve_support(&fitness, support))
        .collect();
    let rate = field.rate();
    let roots = if field.mutation == 0.0 {
        without_mutation
    } else {
        let mut roots: Vec<Vec<f64>> = Vec::new();
        for start in without_mutation.into_iter().chain(grid(k)) {
            let Some(root) = newton(field, start, rate) else {
                continue;
            };
            if !roots.iter().any(|known| distance(known, &root) < 1e-7) {
                roots.push(root);
            }
        }
        roots.sort_by(|a, b| order(a, b));
        roots
    };
    Ok(roots
        .into_iter()
        .map(|shares| {
            let eigenvalues = simplex_eigenvalues(field, &shares);
            let stability = classify(&eigenvalues, 1e-9 * rate);
            FixedPoint {
                shares,
                eigenvalues,
                stability,
            }
        })
        .collect())
}

/// `F_ij = 1 − w + w·a_ij`: the fitness of i against j, so that `(F x)_i` is i's fitness on
/// the simplex.
fn fitness_matrix(field: &Field) -> PayoffMatrix {
    let (base, w) = (1.0 - field.selection, field.selection);
    PayoffMatrix::new(
        field.matrix.labels.clone(),
        field.matrix.values.iter().map(|a| base + w * a).collect(),
    )
}

fn support_of(x: &[f64]) -> Vec<usize> {
    (0..x.len()).filter(|&i| x[i] > 0.0).collect()
}

/// Support size, then support, then shares descending.
fn order(a: &[f64], b: &[f64]) -> std::cmp::Ordering {
    let (sa, sb) = (support_of(a), support_of(b));
    sa.len()
        .cmp(&sb.len())
        .then_with(|| sa.cmp(&sb))
        .then_with(|| {
            a.iter()
                .zip(b)
                .map(|(x, y)| y.total_cmp(x))
                .find(|ordering| ordering.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

/// Evenly spaced points of the simplex, `i/m` in each coordinate, with m as large as
/// [`GRID_POINTS`] allows.
fn grid(k: usize) -> Vec<Vec<f64>> {
    let count = |m: usize| -> f64 {
        // C(m + K − 1, K − 1)
        (1..k).fold(1.0, |c, i| c * (m + i) as f64 / i as f64)
    };
    let mut m = 1;
    while m < 200 && count(m + 1) <= GRID_POINTS as f64 {
        m += 1;
    }
    let mut points = Vec::new();
    let mut counts = vec![0usize; k];
    fn fill(at: usize, left: usize, m: usize, counts: &mut Vec<usize>, points: &mut Vec<Vec<f64>>) {
        let k = counts.len();
        if at + 1 == k {
            counts[at] = left;
            points.push(counts.iter().map(|&c| c as f64 / m as f64).collect());
            return;
        }
        for c in 0..=left {
            counts[at] = c;
            fill(at + 1, left - c, m, counts, points);
        }
    }
    fill(0, m, m, &mut counts, &mut points);
    points
}

/// Newton's method on the field's first K − 1 components in the coordinates x_1 … x_{K−1}
/// (x_K = 1 − Σ), whose Jacobian is the restricted one of [`simplex_eigenvalues`]; a step that
/// would leave the simplex or not reduce the residual is halved. The root, if the field vanishes
/// there to rounding.
fn newton(field: &Field, start: Vec<f64>, rate: f64) -> Option<Vec<f64>> {
    let k = field.len();
    let m = k - 1;
    let mut x = start;
    project(&mut x);
    let mut velocity = vec![0.0; k];
    let residual = |x: &[f64], velocity: &mut [f64]| {
        field.velocity(x, velocity);
        velocity.iter().fold(0.0_f64, |r, v| r.max(v.abs()))
    };
    let tolerance = 1e-13 * rate.max(f64::MIN_POSITIVE);
    let mut current = residual(&x, &mut velocity);
    for _ in 0..NEWTON_ITERATIONS {
        if current <= tolerance {
            break;
        }
        let j = field.jacobian(&x);
        let restricted = DMatrix::from_fn(m, m, |a, b| j[a * k + b] - j[a * k + m]);
        let right = nalgebra::DVector::from_fn(m, |a, _| -velocity[a]);
        let step = restricted.lu().solve(&right)?;
        let mut scale = 1.0;
        let mut improved = false;
        for _ in 0..40 {
            let mut trial: Vec<f64> = (0..m).map(|a| x[a] + scale * step[a]).collect();
            trial.push(1.0 - trial.iter().sum::<f64>());
            if trial.iter().all(|share| *share >= -1e-12) {
                project(&mut trial);
                let value = residual(&trial, &mut velocity);
                if value < current {
                    x = trial;
                    current = value;
                    improved = true;
                    break;
                }
            }
            scale /= 2.0;
        }
        if !improved {
            break;
        }
    }
    (current <= 1e-9 * rate.max(f64::MIN_POSITIVE)).then_some(x)
}

/// The rest point of the field without mutation with exactly this support, if there is a single
/// one strictly inside the face; `fitness` is [`fitness_matrix`].
fn solve_support(fitness: &PayoffMatrix, support: &[usize]) -> Option<Vec<f64>> {
    let k = fitness.len();
    let s = support.len();
    if s == 1 {
        let mut shares = vec![0.0; k];
        shares[support[0]] = 1.0;
        return Some(shares);
    }
    // [F_SS  −1] [x]   [0]
    // [1ᵀ     0] [φ] = [1]
    let system = DMatrix::from_fn(s + 1, s + 1, |row, column| match (row < s, column < s) {
        (true, true) => fitness.get(support[row], support[column]),
        (true, false) => -1.0,
        (false, true) => 1.0,
        (false, false) => 0.0,
    });
    let singular = system.clone().svd(false, false).singular_values;
    let largest = singular.max();
    if largest == 0.0 || singular.min() <= 1e-12 * largest {
        return None;
    }
    let mut right = nalgebra::DVector::zeros(s + 1);
    right[s] = 1.0;
    let solution = system.lu().solve(&right)?;
    let inside = (0..s).all(|index| solution[index] > 1e-12);
    inside.then(|| {
        let mut shares = vec![0.0; k];
        for (index, &strategy) in support.iter().enumerate() {
            shares[strategy] = solution[index];
        }
        shares
    })
}

/// The eigenvalues of the field's Jacobian restricted to the simplex's tangent space
/// {v : Σ v = 0}. On Σ x = 1 the Jacobian maps that space into itself (1ᵀ J = −φ 1ᵀ, with or
/// without mutation), so in the basis e_b − e_K (b < K) the restriction is R_ab = J_ab − J_aK.
/// Sorted by real part descending, then imaginary part descending.
pub fn simplex_eigenvalues(field: &Field, x: &[f64]) -> Vec<(f64, f64)> {
    let k = field.len();
    if k < 2 {
        return Vec::new();
    }
    let j = field.jacobian(x);
    let m = k - 1;
    let restricted = DMatrix::from_fn(m, m, |a, b| j[a * k + b] - j[a * k + m]);
    let mut eigenvalues: Vec<(f64, f64)> = if m == 1 {
        vec![(restricted[(0, 0)], 0.0)]
    } else {
        restricted
            .complex_eigenvalues()
            .iter()
            .map(|value| (value.re, value.im))
            .collect()
    };
    eigenvalues.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    eigenvalues
}

/// Stability from the real parts, with `tolerance` for zero.
pub fn classify(eigenvalues: &[(f64, f64)], tolerance: f64) -> Stability {
    let positive = eigenvalues.iter().any(|(re, _)| *re > tolerance);
    let negative = eigenvalues.iter().any(|(re, _)| *re < -tolerance);
    let zero = eigenvalues.iter().any(|(re, _)| re.abs() <= tolerance);
    match (positive, negative, zero) {
        (true, true, _) => Stability::Saddle,
        (true, false, _) => Stability::Unstable,
        (false, _, true) => Stability::Neutral,
        (false, _, false) => Stability::Stable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restricted_jacobian_of_two_strategies_is_the_derivative_of_the_gradient() {
        // ẋ = x(1 − x)((a − c)x + (b − d)(1 − x)); at the interior root x* of a game with
        // a − c < 0 < b − d its slope is x*(1 − x*)((a − c) − (b − d)).
        let game = PayoffMatrix::new(vec!["H".into(), "D".into()], vec![-0.5, 2.0, 0.0, 1.0]);
        let x = 2.0 / 3.0;
        let slope = x * (1.0 - x) * ((-0.5 - 0.0) - (2.0 - 1.0));
        let eigenvalues = simplex_eigenvalues(&Field::new(game, 1.0, 0.0), &[x, 1.0 - x]);
        assert_eq!(eigenvalues.len(), 1);
        assert!((eigenvalues[0].0 - slope).abs() < 1e-12, "{eigenvalues:?}");
    }

    #[test]
    fn a_vertex_has_the_invasion_rates_as_eigenvalues() {
        // At e_0 the eigenvalues are a_j0 − a_00 for j ≠ 0.
        let game = PayoffMatrix::new(
            vec!["A".into(), "B".into(), "C".into()],
            vec![1.0, 0.0, 0.0, 3.0, 0.0, 0.0, -2.0, 0.0, 0.0],
        );
        let eigenvalues = simplex_eigenvalues(&Field::new(game, 1.0, 0.0), &[1.0, 0.0, 0.0]);
        assert!((eigenvalues[0].0 - 2.0).abs() < 1e-12 && (eigenvalues[1].0 + 3.0).abs() < 1e-12);
        assert_eq!(classify(&eigenvalues, 1e-9), Stability::Saddle);
    }

    #[test]
    fn classification_by_real_parts() {
        assert_eq!(
            classify(&[(-1.0, 0.0), (-2.0, 0.0)], 1e-9),
            Stability::Stable
        );
        assert_eq!(
            classify(&[(1.0, 0.0), (0.0, 0.0)], 1e-9),
            Stability::Unstable
        );
        assert_eq!(
            classify(&[(0.0, 1.0), (0.0, -1.0)], 1e-9),
            Stability::Neutral
        );
        assert_eq!(
            classify(&[(1.0, 0.0), (-1.0, 0.0)], 1e-9),
            Stability::Saddle
        );
        assert_eq!(Stability::parse("saddle"), Some(Stability::Saddle));
    }

    #[test]
    fn a_game_with_a_line_of_rest_points_lists_only_the_vertices() {
        let flat = PayoffMatrix::new(vec!["A".into(), "B".into()], vec![1.0; 4]);
        let points = fixed_points(&Field::new(flat, 1.0, 0.0)).unwrap();
        assert_eq!(points.len(), 2);
        assert!(points.iter().all(|p| p.stability == Stability::Neutral));
    }

    #[test]
    fn the_grid_covers_the_simplex_within_its_budget() {
        let two = grid(2);
        assert_eq!(two.len(), 201);
        assert_eq!(two[1], [1.0 / 200.0, 199.0 / 200.0]);
        let three = grid(3);
        assert!(three.len() <= GRID_POINTS && three.len() > GRID_POINTS / 3);
        assert!(
            three
                .iter()
                .all(|p| (p.iter().sum::<f64>() - 1.0).abs() < 1e-12)
        );
        assert!(grid(MAX_STRATEGIES).len() <= GRID_POINTS);
    }
}

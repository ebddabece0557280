//! Rest points of the replicator equation and their stability: every support solved for equal
//! payoffs, kept when inside the simplex, classified by the eigenvalues of the Jacobian
//! restricted to the simplex.
//!
//! On a support S the rest point has `(A x)_i = φ` for every i in S, `Σ x = 1` and `x_j = 0`
//! off S: a linear system of |S| + 1 equations. A support whose system is singular holds a
//! continuum of rest points (or none), which no single point describes; it is skipped.

use super::PayoffMatrix;
use nalgebra::DMatrix;

/// Most strategies whose supports are all tried (2^K − 1 linear systems).
pub const MAX_STRATEGIES: usize = 12;

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

/// Every rest point of the replicator equation of `matrix`: vertices first, then by support
/// size, supports in lexicographic order.
pub fn fixed_points(matrix: &PayoffMatrix) -> Result<Vec<FixedPoint>, String> {
    matrix.check()?;
    let k = matrix.len();
    if k > MAX_STRATEGIES {
        return Err(format!(
            "rest points are searched for at most {MAX_STRATEGIES} strategies (2^K supports), \
             not {k}"
        ));
    }
    let scale = matrix.values.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
    let mut supports: Vec<Vec<usize>> = (1u32..(1 << k))
        .map(|mask| (0..k).filter(|i| mask & (1 << i) != 0).collect())
        .collect();
    supports.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    let mut points = Vec::new();
    for support in supports {
        let Some(shares) = solve_support(matrix, &support) else {
            continue;
        };
        let eigenvalues = simplex_eigenvalues(matrix, &shares);
        let stability = classify(&eigenvalues, 1e-9 * scale);
        points.push(FixedPoint {
            shares,
            eigenvalues,
            stability,
        });
    }
    Ok(points)
}

/// The rest point with exactly this support, if there is a single one strictly inside the
/// face.
fn solve_support(matrix: &PayoffMatrix, support: &[usize]) -> Option<Vec<f64>> {
    let k = matrix.len();
    let s = support.len();
    if s == 1 {
        let mut shares = vec![0.0; k];
        shares[support[0]] = 1.0;
        return Some(shares);
    }
    // [A_SS  −1] [x]   [0]
    // [1ᵀ     0] [φ] = [1]
    let system = DMatrix::from_fn(s + 1, s + 1, |row, column| match (row < s, column < s) {
        (true, true) => matrix.get(support[row], support[column]),
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

/// The replicator's Jacobian at `x`, row-major K × K:
/// `J_ij = δ_ij (f_i − φ) + x_i (a_ij − f_j − (Aᵀx)_j)`, since ∂φ/∂x_j = (A x)_j + (Aᵀ x)_j.
pub fn jacobian(matrix: &PayoffMatrix, x: &[f64]) -> Vec<f64> {
    let k = matrix.len();
    let f: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| matrix.get(i, j) * x[j]).sum())
        .collect();
    let g: Vec<f64> = (0..k)
        .map(|j| (0..k).map(|i| matrix.get(i, j) * x[i]).sum())
        .collect();
    let phi: f64 = (0..k).map(|i| x[i] * f[i]).sum();
    let mut jacobian = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            let diagonal = if i == j { f[i] - phi } else { 0.0 };
            jacobian[i * k + j] = diagonal + x[i] * (matrix.get(i, j) - f[j] - g[j]);
        }
    }
    jacobian
}

/// The eigenvalues of the Jacobian restricted to the simplex's tangent space {v : Σ v = 0}.
/// On Σ x = 1 the field maps that space into itself (1ᵀ J v = −φ 1ᵀ v), so in the basis
/// e_b − e_K (b < K) the restriction is R_ab = J_ab − J_aK. Sorted by real part descending,
/// then imaginary part descending.
pub fn simplex_eigenvalues(matrix: &PayoffMatrix, x: &[f64]) -> Vec<(f64, f64)> {
    let k = matrix.len();
    if k < 2 {
        return Vec::new();
    }
    let j = jacobian(matrix, x);
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
        let eigenvalues = simplex_eigenvalues(&game, &[x, 1.0 - x]);
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
        let eigenvalues = simplex_eigenvalues(&game, &[1.0, 0.0, 0.0]);
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
        let points = fixed_points(&flat).unwrap();
        assert_eq!(points.len(), 2);
        assert!(points.iter().all(|p| p.stability == Stability::Neutral));
    }
}

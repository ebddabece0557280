//! The replicator equations run as a user runs them, from a scenario's `[evolution]`, against
//! closed forms derived here: a two-strategy game's replicator–mutator is one equation
//! `ẋ = p(x)` with p a cubic, whose roots are the rest points, whose slope there is the
//! eigenvalue, and whose solution is `t = Σ_r ln|x − r| / p'(r)` (partial fractions of 1/p).
//!
//! Only the scenario, the tournament and `plan::evolve` are used, so these tests run unchanged
//! on the code before issue 21, where each of them failed: the rest points with mutation were
//! those without it, the discrete map ignored mutation, the replicator–mutator integrated raw
//! payoffs (shares left [0, 1], then the integrator gave up), and the continuous replicator
//! ignored `selection`.

use dilemma::evolution::fixed_points::Stability;
use dilemma::evolution::plan::{Outcome, evolve};
use dilemma::sim::{self, Silent};
use dilemma::tournament;

/// A one-round symmetric game of doves (`always_cooperate`, C) and hawks (`always_defect`, D):
/// a dove gets a against a dove and b against a hawk, a hawk c against a dove and d against a
/// hawk. `evolution` is appended to `[evolution]`.
fn doves_and_hawks([a, b, c, d]: [f64; 4], doves: u32, hawks: u32, evolution: &str) -> Outcome {
    let text = format!(
        r#"
[scenario]
name = "doves-and-hawks"
seed = 3
replicates = 1

[game]
players = ["Row", "Column"]
rounds = 1

[game.payoffs]
"C,C" = [{a}, {a}]
"C,D" = [{b}, {c}]
"D,C" = [{c}, {b}]
"D,D" = [{d}, {d}]

[tournament]
strategies = ["always_cooperate", "always_defect"]

[evolution]
initial = {{ always_cooperate = {doves}, always_defect = {hawks} }}
runs = 10
max_steps = 100
{evolution}
"#
    );
    let experiment = dilemma::scenario::parse(&text, "doves-and-hawks.toml").expect("valid");
    let summary = sim::run(&experiment, &Silent);
    let results = tournament::tabulate(&experiment, &summary).expect("a tournament");
    let outcome = evolve(&experiment, &results, &Silent)
        .expect("the evolution runs")
        .expect("the scenario has [evolution]");
    assert_eq!(outcome.matrix.values, vec![a, b, c, d]);
    outcome
}

/// The two-strategy replicator–mutator for the first strategy's share x, derived by hand.
/// With f_1 = 1 − w + w(a x + b(1 − x)), f_2 = 1 − w + w(c x + d(1 − x)) and φ = x f_1 + (1 − x) f_2,
/// `ẋ = (1 − μ) x f_1 + μ (1 − x) f_2 − x φ = x(1 − x)(f_1 − f_2) − μ(x f_1 − (1 − x) f_2)`.
/// With α = (a − c) − (b − d), β = b − d, u = 1 − w + w b and v = 1 − w + w d:
/// `x(1 − x)(f_1 − f_2) = −wα x³ + w(α − β) x² + wβ x` and
/// `x f_1 − (1 − x) f_2 = w(a − b + c − d) x² + (u + v − w(c − d)) x − v`.
struct Cubic {
    /// p(x) = c[0] x³ + c[1] x² + c[2] x + c[3].
    c: [f64; 4],
}

impl Cubic {
    fn of([a, b, c, d]: [f64; 4], w: f64, mu: f64) -> Cubic {
        let (alpha, beta) = ((a - c) - (b - d), b - d);
        let (u, v) = (1.0 - w + w * b, 1.0 - w + w * d);
        Cubic {
            c: [
                -w * alpha,
                w * (alpha - beta) - mu * w * (a - b + c - d),
                w * beta - mu * (u + v - w * (c - d)),
                mu * v,
            ],
        }
    }

    fn at(&self, x: f64) -> f64 {
        ((self.c[0] * x + self.c[1]) * x + self.c[2]) * x + self.c[3]
    }

    fn slope(&self, x: f64) -> f64 {
        (3.0 * self.c[0] * x + 2.0 * self.c[1]) * x + self.c[2]
    }

    /// Its three real roots, ascending (the trigonometric solution of the depressed cubic,
    /// then two Newton steps to polish); panics unless there are three distinct ones.
    fn roots(&self) -> [f64; 3] {
        let [a, b, c, d] = self.c;
        let (b, c, d) = (b / a, c / a, d / a);
        let p = c - b * b / 3.0;
        let q = 2.0 * b * b * b / 27.0 - b * c / 3.0 + d;
        assert!(p < 0.0, "three real roots need p < 0");
        let m = 2.0 * (-p / 3.0).sqrt();
        let angle = ((3.0 * q / (p * m)).clamp(-1.0, 1.0)).acos() / 3.0;
        let mut roots = [0, 1, 2].map(|k| {
            let t = m * (angle - 2.0 * std::f64::consts::PI * f64::from(k) / 3.0).cos();
            let mut x = t - b / 3.0;
            for _ in 0..2 {
                x -= self.at(x) / self.slope(x);
            }
            x
        });
        roots.sort_by(f64::total_cmp);
        assert!(
            roots[1] - roots[0] > 1e-6 && roots[2] - roots[1] > 1e-6,
            "{roots:?}"
        );
        roots
    }

    /// The time `ẋ = p(x)` takes from x0 to x, by partial fractions: 1/p(x) = Σ_r 1/(p'(r)(x − r)).
    fn time(&self, x0: f64, x: f64) -> f64 {
        self.roots()
            .iter()
            .map(|&r| ((x - r).abs().ln() - (x0 - r).abs().ln()) / self.slope(r))
            .sum()
    }
}

/// Every trajectory point is a point of the simplex: shares in [0, 1] adding up to 1.
fn assert_in_simplex(shares: &[f64]) {
    for pair in shares.chunks(2) {
        assert!(pair.iter().all(|x| (0.0..=1.0).contains(x)), "{pair:?}");
        assert!((pair[0] + pair[1] - 1.0).abs() < 1e-12, "{pair:?}");
    }
}

/// The continuous trajectory is the solution of ẋ = p(x): at each output (t, x), the time the
/// exact solution takes to reach x is t, to within a share error of 1e-8 (δx ≈ p(x)·δt).
fn assert_follows(outcome: &Outcome, cubic: &Cubic) {
    let path = &outcome.continuous;
    let x0 = path.at(0)[0];
    for (index, &t) in path.times.iter().enumerate().skip(1) {
        let x = path.at(index)[0];
        let implied = (cubic.time(x0, x) - t) * cubic.at(x);
        assert!(implied.abs() < 1e-8, "t = {t}: x = {x}, off by {implied}");
    }
}

#[test]
fn with_mutation_the_rest_points_are_those_of_the_replicator_mutator() {
    // The issue's Hawk–Dove: payoffs (1, 0, 2, −0.5), w = 0.5, μ = 0.05. Without mutation the
    // rest points are the vertices and x = 1/3; with it, the one root of p in [0, 1].
    let game = [1.0, 0.0, 2.0, -0.5];
    let (w, mu) = (0.5, 0.05);
    let cubic = Cubic::of(game, w, mu);
    let inside: Vec<f64> = cubic
        .roots()
        .into_iter()
        .filter(|r| (0.0..=1.0).contains(r))
        .collect();
    assert_eq!(inside.len(), 1);
    let root = inside[0];
    assert!((root - 0.3849).abs() < 1e-4, "{root}");
    let outcome = doves_and_hawks(
        game,
        50,
        50,
        &format!("selection = {w}\nmutation = {mu}\ntime = 20"),
    );
    let points = &outcome.fixed_points;
    assert_eq!(points.len(), 1, "{points:?}");
    assert!((points[0].shares[0] - root).abs() < 1e-9, "{points:?}");
    // Its eigenvalue on the simplex is p'(root) < 0: stable.
    assert!((points[0].eigenvalues[0].0 - cubic.slope(root)).abs() < 1e-9);
    assert!(cubic.slope(root) < 0.0);
    assert_eq!(points[0].stability, Stability::Stable);
    // The trajectory is the solution of the equation whose rest point this is.
    assert_follows(&outcome, &cubic);
}

#[test]
fn the_discrete_map_mutates_generation_by_generation() {
    // x' = ((1 − μ) x f_1 + μ (1 − x) f_2) / φ, checked for the first generations by hand.
    let game = [1.0, 0.0, 2.0, -0.5];
    let (w, mu) = (0.5, 0.05);
    let outcome = doves_and_hawks(
        game,
        10,
        90,
        &format!("selection = {w}\nmutation = {mu}\ntime = 199"),
    );
    let path = &outcome.discrete;
    assert_eq!(path.times[..3], [0.0, 1.0, 2.0]);
    let [a, b, c, d] = game;
    let mut x: f64 = 0.1;
    for generation in 0..3 {
        assert!((path.at(generation)[0] - x).abs() < 1e-15, "{generation}");
        let f1 = 1.0 - w + w * (a * x + b * (1.0 - x));
        let f2 = 1.0 - w + w * (c * x + d * (1.0 - x));
        let phi = x * f1 + (1.0 - x) * f2;
        x = ((1.0 - mu) * x * f1 + mu * (1.0 - x) * f2) / phi;
    }
    assert_in_simplex(&path.shares);
    // A rest point of the map is one of the equation (x' = x ⇔ ẋ = 0): after 199 generations
    // (contracting by about 1 + p'(r)/φ ≈ 0.8 each) the shares sit on the root of p.
    let root = Cubic::of(game, w, mu).roots()[1];
    assert!((path.last()[0] - root).abs() < 1e-12, "{:?}", path.last());
}

#[test]
fn the_replicator_mutator_uses_fitness_and_keeps_the_simplex() {
    // The issue's Hawk–Dove with "D,D" = −1: one dove among 99 hawks, w = 0.4, μ = 0.05,
    // time 10. The smallest fitness is 1 − 0.4 + 0.4·(−1) = 0.2.
    let game = [1.0, 0.0, 2.0, -1.0];
    let (w, mu) = (0.4, 0.05);
    let outcome = doves_and_hawks(
        game,
        1,
        99,
        &format!("selection = {w}\nmutation = {mu}\ntime = 10"),
    );
    assert_in_simplex(&outcome.continuous.shares);
    assert_in_simplex(&outcome.discrete.shares);
    let cubic = Cubic::of(game, w, mu);
    assert_follows(&outcome, &cubic);
    // The roots are −0.0223, 1/2 and 1.1223: the dove share rises from 0.01 towards 1/2.
    let roots = cubic.roots();
    assert!((roots[1] - 0.5).abs() < 1e-12, "{roots:?}");
    let shares: Vec<f64> = (0..outcome.continuous.times.len())
        .map(|index| outcome.continuous.at(index)[0])
        .collect();
    assert!(
        shares
            .windows(2)
            .all(|pair| pair[0] < pair[1] && pair[1] < 0.5)
    );
}

#[test]
fn selection_sets_the_replicators_speed() {
    // Hawk–Dove without mutation at w = 0.5: p(x) = w x(1 − x)(αx + β), roots 0, 1 and 1/3.
    let game = [1.0, 0.0, 2.0, -0.5];
    let outcome = doves_and_hawks(game, 5, 95, "selection = 0.5\ntime = 30");
    let cubic = Cubic::of(game, 0.5, 0.0);
    assert_follows(&outcome, &cubic);
    let points = &outcome.fixed_points;
    assert_eq!(points.len(), 3);
    assert!((points[2].shares[0] - 1.0 / 3.0).abs() < 1e-12);
    // Eigenvalues p'(r): at the vertices −w(b − d)·… and w·(c − a), at 1/3 w·x(1 − x)·α.
    for point in points {
        let x = point.shares[0];
        assert!(
            (point.eigenvalues[0].0 - cubic.slope(x)).abs() < 1e-12,
            "{point:?}"
        );
    }
    assert_eq!(points[2].stability, Stability::Stable);
}

#[test]
fn without_selection_or_mutation_the_shares_stand_still() {
    // Neutral drift: w = 0, μ = 0, in the prisoner's dilemma that otherwise drives cooperators
    // out. Every point is at rest; the vertices are listed, neutral (all eigenvalues 0).
    let outcome = doves_and_hawks([3.0, 0.0, 5.0, 1.0], 9, 1, "selection = 0\ntime = 5");
    for path in [&outcome.continuous, &outcome.discrete] {
        for index in 0..path.times.len() {
            let x = path.at(index);
            assert!(
                (x[0] - 0.9).abs() < 1e-12 && (x[1] - 0.1).abs() < 1e-12,
                "{x:?}"
            );
        }
    }
    assert!(
        outcome
            .fixed_points
            .iter()
            .all(|p| p.stability == Stability::Neutral && p.eigenvalues == [(0.0, 0.0)]),
        "{:?}",
        outcome.fixed_points
    );
}

#[test]
fn stag_hunt_and_the_prisoners_dilemma_with_and_without_mutation() {
    // Stag (C) against hare (D): 4, 0, 3, 3; the PD: 3, 0, 5, 1; w = 1/2. The rest points are
    // the roots of p in [0, 1], each stable where p' < 0: with μ = 0.01 the Stag Hunt keeps two
    // stable points (near all-hare and near all-stag) and the unstable one between them; with
    // μ = 0.02 the PD's all-defect point moves inside, to a few percent of cooperators.
    for (game, mu, count) in [
        ([4.0, 0.0, 3.0, 3.0], 0.0, 3),
        ([4.0, 0.0, 3.0, 3.0], 0.01, 3),
        ([3.0, 0.0, 5.0, 1.0], 0.0, 2),
        ([3.0, 0.0, 5.0, 1.0], 0.02, 1),
    ] {
        let w = 0.5;
        let cubic = Cubic::of(game, w, mu);
        let expected: Vec<f64> = cubic
            .roots()
            .into_iter()
            .filter(|r| (-1e-12..=1.0 + 1e-12).contains(r))
            .collect();
        assert_eq!(expected.len(), count, "{game:?} {mu}: {expected:?}");
        let outcome = doves_and_hawks(
            game,
            50,
            50,
            &format!("selection = {w}\nmutation = {mu}\ntime = 20"),
        );
        let points = &outcome.fixed_points;
        assert_eq!(points.len(), count, "{game:?} {mu}: {points:?}");
        for root in expected {
            let point = points
                .iter()
                .find(|p| (p.shares[0] - root).abs() < 1e-9)
                .unwrap_or_else(|| panic!("{game:?} {mu}: no rest point at {root}: {points:?}"));
            let slope = cubic.slope(root);
            assert!(
                (point.eigenvalues[0].0 - slope).abs() < 1e-9,
                "{point:?} {slope}"
            );
            let stability = if slope < 0.0 {
                Stability::Stable
            } else {
                Stability::Unstable
            };
            assert_eq!(point.stability, stability, "{game:?} {mu} at {root}");
        }
        assert_follows(&outcome, &cubic);
    }
}

//! Evolutionary dynamics against independent references: Moran fixation probabilities against
//! the textbook formulas (computed here in their direct product form, not with the library's
//! log-space code), replicator rest points against their analytic values, the integrator
//! against closed-form solutions, and determinism across thread counts.
//!
//! A simulated fixation probability p̂ over R runs has standard error √(p(1 − p)/R) with p the
//! exact value; every check allows 4 of them (a false alarm about once in 16 000 checks).

mod common;

use common::fixation::{death_birth, death_birth_among_survivors, nstf_birth_death};
use dilemma::evolution::PayoffMatrix;
use dilemma::evolution::field::Field;
use dilemma::evolution::fixed_points::{Stability, fixed_points};
use dilemma::evolution::moran::{self, Fitness, MatchSampler, MoranResults, MoranSettings, Update};
use dilemma::evolution::replicator::{self, ContinuousSettings, DiscreteSettings};
use dilemma::rng::{CellKey, cell_key};
use dilemma::sim::Silent;
use rand_chacha::ChaCha8Rng;

fn key() -> CellKey {
    cell_key([b"tests/evolution".as_slice()])
}

fn two(labels: [&str; 2], [a, b, c, d]: [f64; 4]) -> PayoffMatrix {
    PayoffMatrix::new(labels.map(String::from).to_vec(), vec![a, b, c, d])
}

fn settings(
    population: usize,
    initial: Vec<usize>,
    selection: f64,
    update: Update,
) -> MoranSettings {
    MoranSettings {
        population,
        initial,
        selection,
        mutation: 0.0,
        update,
        runs: 40_000,
        max_steps: 10_000_000,
        seed: 7,
        trajectory_points: 0,
    }
}

fn run(settings: &MoranSettings, matrix: &PayoffMatrix) -> MoranResults {
    moran::run(settings, Fitness::Expected(matrix), &key(), &Silent).unwrap()
}

/// The estimate of strategy 0 is within 4 standard errors of `exact`.
fn assert_close(results: &MoranResults, exact: f64) {
    let runs = results.settings.runs as f64;
    let estimate = results.strategies[0].probability;
    let se = (exact * (1.0 - exact) / runs).sqrt();
    assert!(
        (estimate - exact).abs() <= 4.0 * se,
        "estimate {estimate}, exact {exact}, 4 SE = {}",
        4.0 * se
    );
    assert_eq!(results.unfixed, 0);
    assert_eq!(
        results.strategies.iter().map(|s| s.fixations).sum::<u64>(),
        results.settings.runs
    );
}

/// TFT against ALLD over m rounds of the PD R = 3, S = 0, T = 5, P = 1, as NSTF (2004) set it
/// up: a = mR, b = S + (m − 1)P, c = T + (m − 1)P, d = mP.
fn tft_alld(m: f64) -> [f64; 4] {
    [3.0 * m, m - 1.0, 5.0 + (m - 1.0), m]
}

#[test]
fn neutral_drift_fixes_one_mutant_with_probability_one_over_n() {
    let matrix = two(["A", "B"], [2.0, 7.0, 1.0, 3.0]);
    for update in [Update::BirthDeath, Update::DeathBirth] {
        let results = run(&settings(10, vec![1, 9], 0.0, update), &matrix);
        assert_close(&results, 0.1);
        assert!((results.strategies[0].exact.unwrap() - 0.1).abs() < 1e-15);
    }
}

#[test]
fn constant_fitness_matches_the_closed_form() {
    // Rows constant: every A earns r, every B earns 1, whoever they meet; w = 1.
    for (r, n) in [(1.5, 10), (1.1, 20), (0.8, 6)] {
        let matrix = two(["mutant", "resident"], [r, r, 1.0, 1.0]);
        let exact = (1.0 - 1.0 / r) / (1.0 - 1.0 / f64::powi(r, n as i32));
        let results = run(
            &settings(n, vec![1, n - 1], 1.0, Update::BirthDeath),
            &matrix,
        );
        assert_close(&results, exact);
        assert!((results.strategies[0].exact.unwrap() - exact).abs() < 1e-12);
    }
}

#[test]
fn a_game_matches_nstf_2004_under_weak_and_strong_selection() {
    let game = tft_alld(10.0);
    let matrix = two(["TFT", "ALLD"], game);
    for (w, n, mutants) in [(0.1, 20, 1), (0.05, 30, 3), (1.0, 20, 4), (1.0, 10, 1)] {
        let exact = nstf_birth_death(game, n, w, mutants);
        let results = run(
            &settings(n, vec![mutants, n - mutants], w, Update::BirthDeath),
            &matrix,
        );
        assert_close(&results, exact);
        let reference = results.strategies[0].exact.unwrap();
        assert!(
            (reference - exact).abs() < 1e-12 * exact.max(1e-300),
            "{reference} {exact}"
        );
        let other = results.strategies[1].exact.unwrap();
        assert!((reference + other - 1.0).abs() < 1e-12);
    }
    // Weak selection and N > 3: TFT is favoured (ρ > 1/N) when a(N − 2) + b(2N − 1) >
    // c(N + 1) + d(2N − 4) (NSTF's condition); with m = 10 and N = 20 it holds.
    let [a, b, c, d] = game;
    assert!(a * 18.0 + b * 39.0 > c * 21.0 + d * 36.0);
    assert!(nstf_birth_death(game, 20, 0.01, 1) > 1.0 / 20.0);
}

#[test]
fn death_birth_matches_its_chain() {
    let game = tft_alld(10.0);
    let matrix = two(["TFT", "ALLD"], game);
    for (w, n, mutants) in [(1.0, 12, 3), (0.2, 15, 2)] {
        let exact = death_birth(game, n, w, mutants);
        let results = run(
            &settings(n, vec![mutants, n - mutants], w, Update::DeathBirth),
            &matrix,
        );
        assert_close(&results, exact);
        assert!((results.strategies[0].exact.unwrap() - exact).abs() < 1e-12);
    }
}

#[test]
fn death_birth_scores_the_candidates_before_the_death() {
    // N = 3, one cooperator among two defectors in the PD (3, 0, 5, 1) at w = 1/2. Scored before
    // the death (against the N − 1 others, the dead one included, as Ohtsuki et al. 2006 do) a
    // lone cooperator fixes with probability 0.1423; scored among the survivors only
    // (Axelrod-Python's "db") with 0.0952. The simulation agrees with the first and is many
    // standard errors from the second.
    let game = [3.0, 0.0, 5.0, 1.0];
    let before = death_birth(game, 3, 0.5, 1);
    let after = death_birth_among_survivors(game, 3, 0.5, 1);
    // By hand: from one A, a B dies (2/3) and the A (payoff b = 0, fitness 1/2) beats the other B
    // (payoff (c + d)/2 = 3, fitness 2) with 1/5; the A dies (1/3) and is surely replaced:
    // γ(1) = (1/3)/(2/15) = 5/2. From two A's (payoffs 1.5 and 5: fitness 1.25 and 3): the B
    // dies (1/3) and is surely replaced; an A dies (2/3) and the B wins with 3/4.25:
    // γ(2) = (8/17)/(1/3) = 24/17. ρ = 1/(1 + 5/2 + 60/17) = 34/239.
    assert!((before - 34.0 / 239.0).abs() < 1e-14, "{before}");
    let matrix = two(["C", "D"], game);
    let mut setup = settings(3, vec![1, 2], 0.5, Update::DeathBirth);
    setup.runs = 40_000;
    let results = run(&setup, &matrix);
    assert_close(&results, before);
    let se = (before * (1.0 - before) / setup.runs as f64).sqrt();
    let estimate = results.strategies[0].probability;
    assert!(
        (estimate - after).abs() > 4.0 * se,
        "the survivors-only reading {after} is within 4 SE of {estimate}"
    );
}

/// Plays no match at all: each strategy's payoff is its row's constant, with a coin flipped
/// per match so that the stream is used.
struct ConstantRows {
    rows: [f64; 2],
}

impl MatchSampler for ConstantRows {
    fn sample(&self, row: usize, column: usize, rng: &mut ChaCha8Rng) -> (f64, f64) {
        use rand::Rng;
        let _ = rng.next_u32();
        (self.rows[row], self.rows[column])
    }
}

#[test]
fn a_sampled_fitness_with_constant_matches_gives_the_closed_form() {
    let r = 1.5;
    let sampler = ConstantRows { rows: [r, 1.0] };
    let labels = ["mutant".to_string(), "resident".to_string()];
    // The matrix every sampled payoff equals: the matches are deterministic.
    let always = two(["mutant", "resident"], [r, r, 1.0, 1.0]);
    let mut setup = settings(8, vec![1, 7], 1.0, Update::BirthDeath);
    setup.runs = 20_000;
    let closed_form = (1.0 - 1.0 / r) / (1.0 - r.powi(-8));
    for exact in [Some(&always), None] {
        let fitness = Fitness::Sampled {
            labels: &labels,
            sampler: &sampler,
            exact,
        };
        let results = moran::run(&setup, fitness, &key(), &Silent).unwrap();
        assert_close(&results, closed_form);
        // Deterministic matches make the sampled process the expected one, with its exact
        // value; random ones (here: not declared deterministic) have none.
        match exact {
            Some(_) => assert!((results.strategies[0].exact.unwrap() - closed_form).abs() < 1e-12),
            None => assert_eq!(results.strategies[0].exact, None),
        }
    }
}

#[test]
fn mutation_keeps_every_run_going_and_symmetry_halves_the_time() {
    let matrix = two(["A", "B"], [1.0, 1.0, 1.0, 1.0]);
    let mut setup = settings(10, vec![10, 0], 0.5, Update::BirthDeath);
    setup.mutation = 0.05;
    setup.runs = 2_000;
    setup.max_steps = 2_000;
    setup.trajectory_points = 11;
    let results = run(&setup, &matrix);
    assert_eq!(results.unfixed, setup.runs);
    assert!(
        results
            .strategies
            .iter()
            .all(|s| s.fixations == 0 && s.probability.is_nan())
    );
    assert_eq!(results.longest, setup.max_steps);
    assert_eq!(results.trajectory.steps.first(), Some(&0));
    assert_eq!(results.trajectory.steps.last(), Some(&2_000));
    // Neutral with symmetric mutation: the shares relax towards 1/2 from all-A; at 2000 steps
    // (about 10 mutations per individual) the mean is within a few percent of it.
    let last = &results.trajectory.shares[results.trajectory.shares.len() - 2..];
    assert!((last[0] - 0.5).abs() < 0.03, "{last:?}");
    assert_eq!(&results.trajectory.shares[..2], [1.0, 0.0]);
    let mean_share = results.strategies[0].mean_share;
    assert!(mean_share > 0.5 && mean_share < 0.7, "{mean_share}");
}

#[test]
fn runs_that_reach_max_steps_are_counted_unfixed() {
    let matrix = two(["A", "B"], [1.0, 1.0, 1.0, 1.0]);
    let mut setup = settings(10, vec![5, 5], 0.0, Update::BirthDeath);
    setup.runs = 100;
    setup.max_steps = 1;
    let results = run(&setup, &matrix);
    assert_eq!(results.unfixed, 100);
    assert_eq!(results.strategies[0].probability, 0.0);
    assert!(results.strategies[0].mean_steps.is_nan());
    // A population that starts fixed fixes at step 0.
    setup.initial = vec![10, 0];
    let results = run(&setup, &matrix);
    assert_eq!(
        (
            results.strategies[0].fixations,
            results.strategies[0].mean_steps
        ),
        (100, 0.0)
    );
}

#[test]
fn the_trajectory_starts_at_the_initial_shares_and_ends_at_the_fixation_shares() {
    let matrix = two(["TFT", "ALLD"], tft_alld(10.0));
    let mut setup = settings(10, vec![5, 5], 1.0, Update::BirthDeath);
    setup.runs = 3_000;
    setup.trajectory_points = 50;
    let results = run(&setup, &matrix);
    let trajectory = &results.trajectory;
    assert_eq!(trajectory.steps.last(), Some(&results.longest));
    assert_eq!(&trajectory.shares[..2], [0.5, 0.5]);
    let end = &trajectory.shares[trajectory.shares.len() - 2..];
    assert_eq!(end[0], results.strategies[0].probability);
    for point in trajectory.shares.chunks(2) {
        assert!((point[0] + point[1] - 1.0).abs() < 1e-12);
    }
    // Means and spreads of the fixation times are those of fixed runs only.
    assert!(results.strategies[0].mean_steps > 0.0 && results.strategies[0].sd_steps > 0.0);
}

fn fingerprint(results: &MoranResults) -> String {
    format!("{results:?}")
}

#[test]
fn moran_results_do_not_depend_on_threads_and_follow_the_seed()
-> Result<(), Box<dyn std::error::Error>> {
    let matrix = two(["TFT", "ALLD"], tft_alld(10.0));
    let mut setup = settings(12, vec![6, 6], 0.5, Update::DeathBirth);
    setup.runs = 1_000;
    setup.trajectory_points = 20;
    let on =
        |threads: usize, setup: &MoranSettings| -> Result<String, Box<dyn std::error::Error>> {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()?;
            Ok(pool.install(|| fingerprint(&run(setup, &matrix))))
        };
    let one = on(1, &setup)?;
    assert_eq!(one, on(2, &setup)?);
    assert_eq!(one, on(2, &setup)?);
    setup.seed += 1;
    assert_ne!(one, on(2, &setup)?);
    Ok(())
}

// ---------------------------------------------------------------- replicator dynamics

fn hawk_dove(v: f64, c: f64) -> PayoffMatrix {
    two(["Hawk", "Dove"], [(v - c) / 2.0, v, 0.0, v / 2.0])
}

#[test]
fn hawk_dove_has_a_stable_interior_point_at_v_over_c() {
    let (v, c) = (2.0, 3.0);
    let game = hawk_dove(v, c);
    let points = fixed_points(&Field::new(game.clone(), 1.0, 0.0)).unwrap();
    assert_eq!(points.len(), 3);
    let interior = &points[2];
    assert!((interior.shares[0] - v / c).abs() < 1e-12, "{interior:?}");
    assert_eq!(interior.stability, Stability::Stable);
    assert!(
        points[..2]
            .iter()
            .all(|p| p.stability == Stability::Unstable)
    );
    let path =
        replicator::continuous(&game, &ContinuousSettings::new(vec![0.05, 0.95], 60.0, 7)).unwrap();
    assert!((path.last()[0] - v / c).abs() < 1e-6, "{:?}", path.last());
}

#[test]
fn the_discrete_replicator_reaches_the_same_hawk_dove_point() {
    let (v, c) = (2.0, 3.0);
    let settings = DiscreteSettings {
        initial: vec![0.9, 0.1],
        generations: 2_000,
        points: 11,
        selection: 0.5,
        mutation: 0.0,
    };
    let path = replicator::discrete(&hawk_dove(v, c), &settings).unwrap();
    assert_eq!(path.times.len(), 11);
    assert_eq!(path.times[10], 2_000.0);
    assert!((path.last()[0] - v / c).abs() < 1e-9, "{:?}", path.last());
}

#[test]
fn stag_hunt_has_an_unstable_interior_point_and_stable_pure_points() {
    // Stag with stag 4, stag alone 0, hare 3 whatever: equal payoffs at x* = (d − b)/(a − b −
    // c + d) = 3/4.
    let game = two(["Stag", "Hare"], [4.0, 0.0, 3.0, 3.0]);
    let points = fixed_points(&Field::new(game.clone(), 1.0, 0.0)).unwrap();
    assert_eq!(points.len(), 3);
    assert!((points[2].shares[0] - 0.75).abs() < 1e-12);
    assert_eq!(points[2].stability, Stability::Unstable);
    assert_eq!(points[0].stability, Stability::Stable);
    assert_eq!(points[1].stability, Stability::Stable);
    // The gradient of selection vanishes there and changes sign from − to +.
    let gradient =
        replicator::gradient_of_selection(&Field::new(game.clone(), 1.0, 0.0), 401).unwrap();
    assert!(gradient[300].1.abs() < 1e-15 && gradient[299].1 < 0.0 && gradient[301].1 > 0.0);
}

#[test]
fn the_prisoners_dilemma_goes_to_all_defect_from_any_interior_start() {
    let game = two(["C", "D"], [3.0, 0.0, 5.0, 1.0]);
    for start in [0.01, 0.5, 0.999] {
        let settings = ContinuousSettings::new(vec![start, 1.0 - start], 40.0, 5);
        let path = replicator::continuous(&game, &settings).unwrap();
        assert!(path.last()[1] > 1.0 - 1e-9, "{start}: {:?}", path.last());
    }
    let points = fixed_points(&Field::new(game.clone(), 1.0, 0.0)).unwrap();
    assert_eq!(points.len(), 2, "no interior rest point");
    assert_eq!(points[0].stability, Stability::Unstable);
    assert_eq!(points[1].stability, Stability::Stable);
}

#[test]
fn rock_paper_scissors_has_a_neutral_centre_and_conserves_the_product() {
    let game = PayoffMatrix::new(
        ["Rock", "Paper", "Scissors"].map(String::from).to_vec(),
        vec![0.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.0],
    );
    let points = fixed_points(&Field::new(game.clone(), 1.0, 0.0)).unwrap();
    assert_eq!(points.len(), 4);
    assert!(points[..3].iter().all(|p| p.stability == Stability::Saddle));
    let centre = &points[3];
    assert!(centre.shares.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-12));
    assert_eq!(centre.stability, Stability::Neutral);
    // J = A/3 at the centre; A is circulant with eigenvalues ω² − ω = ∓i√3 on Σ v = 0.
    for (re, im) in &centre.eigenvalues {
        assert!(re.abs() < 1e-12 && (im.abs() - 1.0 / 3f64.sqrt()).abs() < 1e-12);
    }
    // x_R x_P x_S is a constant of motion of zero-sum RPS (Hofbauer and Sigmund 1998, 7.7).
    let start = vec![0.5, 0.3, 0.2];
    let path =
        replicator::continuous(&game, &ContinuousSettings::new(start.clone(), 100.0, 101)).unwrap();
    let product = |x: &[f64]| x.iter().product::<f64>();
    for index in 0..path.times.len() {
        assert!((product(path.at(index)) - product(&start)).abs() < 1e-8);
    }
}

#[test]
fn the_integrator_follows_the_logistic_solution() {
    // A constant advantage s: ẋ = s x (1 − x), x(t) = x0 e^{st}/(1 − x0 + x0 e^{st}).
    let (s, x0) = (1.3, 0.01);
    let game = two(["A", "B"], [1.0 + s, 1.0 + s, 1.0, 1.0]);
    let settings = ContinuousSettings::new(vec![x0, 1.0 - x0], 15.0, 151);
    assert_eq!(settings.rtol, 1e-10);
    let path = replicator::continuous(&game, &settings).unwrap();
    let mut worst = 0.0_f64;
    for (index, &t) in path.times.iter().enumerate() {
        let e = (s * t).exp();
        let exact = x0 * e / (1.0 - x0 + x0 * e);
        worst = worst.max((path.at(index)[0] - exact).abs());
    }
    assert!(worst < 1e-7, "largest error {worst}");
    assert_eq!(path.times[150], 15.0);
}

#[test]
fn the_replicator_mutator_relaxes_to_one_half_at_rate_two_mu_times_fitness() {
    // Equal payoffs p and two strategies: every fitness is f = 1 − w + w p, so
    // ẋ = (1 − μ) x f + μ (1 − x) f − x f = μ f (1 − 2x), x(t) = 1/2 + (x0 − 1/2) e^{−2μ f t}.
    // With p = 3 and w = 1/2, f = 2: mutants are born in proportion to fitness, not payoff.
    let (mu, x0, p, w) = (0.1, 0.9, 3.0, 0.5);
    let f = 1.0 - w + w * p;
    let game = two(["A", "B"], [p; 4]);
    let mut settings = ContinuousSettings::new(vec![x0, 1.0 - x0], 20.0, 21);
    settings.mutation = mu;
    settings.selection = w;
    let path = replicator::continuous(&game, &settings).unwrap();
    for (index, &t) in path.times.iter().enumerate() {
        let exact = 0.5 + (x0 - 0.5) * (-2.0 * mu * f * t).exp();
        assert!((path.at(index)[0] - exact).abs() < 1e-8, "t = {t}");
    }
    // The rest point is 1/2, with eigenvalue −2μf.
    let points = fixed_points(&Field::new(game, w, mu)).unwrap();
    assert_eq!(points.len(), 1, "{points:?}");
    assert!((points[0].shares[0] - 0.5).abs() < 1e-12);
    assert!((points[0].eigenvalues[0].0 + 2.0 * mu * f).abs() < 1e-12);
}

#[test]
fn the_discrete_map_follows_its_closed_forms() {
    // Without mutation and with constant fitness r for A and 1 for B (rows constant, w = 1):
    // x_n = x0 rⁿ / (x0 rⁿ + 1 − x0).
    let (r, x0) = (1.2, 0.05);
    let constant = two(["A", "B"], [r, r, 1.0, 1.0]);
    let settings = |selection, mutation, initial: Vec<f64>| DiscreteSettings {
        initial,
        generations: 40,
        points: 41,
        selection,
        mutation,
    };
    let path = replicator::discrete(&constant, &settings(1.0, 0.0, vec![x0, 1.0 - x0])).unwrap();
    for n in 0..=40 {
        let grown = x0 * f64::powi(r, n);
        let exact = grown / (grown + 1.0 - x0);
        assert!((path.at(n as usize)[0] - exact).abs() < 1e-13, "n = {n}");
    }
    // Equal fitness with mutation among K = 3: x' = (1 − μ) x + μ/2 (1 − x), so
    // x_n = 1/3 + (x0 − 1/3)(1 − 3μ/2)ⁿ, whatever w and the common payoff.
    let mu = 0.04;
    let equal = PayoffMatrix::new(["A", "B", "C"].map(String::from).to_vec(), vec![2.0; 9]);
    let path = replicator::discrete(&equal, &settings(0.7, mu, vec![1.0, 0.0, 0.0])).unwrap();
    for n in 0..=40 {
        let exact = 1.0 / 3.0 + (2.0 / 3.0) * f64::powi(1.0 - 1.5 * mu, n);
        assert!((path.at(n as usize)[0] - exact).abs() < 1e-13, "n = {n}");
        assert!((path.at(n as usize).iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }
}

#[test]
fn mutation_makes_the_centre_of_rock_paper_scissors_stable() {
    // Zero-sum RPS at w = 1/2, μ = 0.06. At the centre every payoff is 0, so f = 1 − w and
    // (Aᵀx) = 0; the Jacobian on the tangent space is −(3/2)μ(1 − w) I + (w/3)(1 − 3μ/2) A,
    // and A's eigenvalues there are ±i√3: λ = −(3/2)μ(1 − w) ± i (w/√3)(1 − 3μ/2).
    let (w, mu) = (0.5, 0.06);
    let game = PayoffMatrix::new(
        ["Rock", "Paper", "Scissors"].map(String::from).to_vec(),
        vec![0.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.0],
    );
    let points = fixed_points(&Field::new(game.clone(), w, mu)).unwrap();
    // The vertices are no rest points any more (mutants appear), and the centre is the only one.
    assert_eq!(points.len(), 1, "{points:?}");
    let centre = &points[0];
    assert!(centre.shares.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-12));
    let (re, im) = (-1.5 * mu * (1.0 - w), w / 3f64.sqrt() * (1.0 - 1.5 * mu));
    assert_eq!(centre.eigenvalues.len(), 2);
    for (index, sign) in [(0, 1.0), (1, -1.0)] {
        let (got_re, got_im) = centre.eigenvalues[index];
        assert!((got_re - re).abs() < 1e-12 && (got_im - sign * im).abs() < 1e-12);
    }
    assert_eq!(centre.stability, Stability::Stable);
    // Without mutation the same w only slows the neutral cycle: ±i w/√3.
    let neutral = fixed_points(&Field::new(game, w, 0.0)).unwrap();
    let centre = neutral.last().unwrap();
    assert_eq!(centre.stability, Stability::Neutral);
    assert!((centre.eigenvalues[0].1 - w / 3f64.sqrt()).abs() < 1e-12);
}

#[test]
fn large_payoffs_and_long_times_run_within_the_selection_time_bound() {
    // Hawk–Dove payoffs in the hundreds of billions, over a time short enough for the bound:
    // the shares settle at V/C as with small payoffs (the flow is the same, 1e11 times faster).
    let (v, c) = (2e11, 3e11);
    let game = hawk_dove(v, c);
    let field = Field::new(game.clone(), 1.0, 0.0);
    let time = 1e6 / field.rate();
    let path =
        replicator::continuous(&game, &ContinuousSettings::new(vec![0.05, 0.95], time, 5)).unwrap();
    assert!((path.last()[0] - v / c).abs() < 1e-9, "{:?}", path.last());
    // The documented longest time, 1e6, with payoffs whose rate bound is 1: a neutral cycle
    // (zero-sum RPS at w = 1/2) turned about 10⁵ times, keeping x_R x_P x_S (Hofbauer and Sigmund
    // 1998, 7.7) and the simplex.
    let rps = PayoffMatrix::new(
        ["Rock", "Paper", "Scissors"].map(String::from).to_vec(),
        vec![0.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.0],
    );
    let mut settings = ContinuousSettings::new(vec![0.5, 0.3, 0.2], 1e6, 11);
    settings.selection = 0.5;
    assert_eq!(Field::new(rps.clone(), 0.5, 0.0).rate(), 1.0);
    let started = std::time::Instant::now();
    let path = replicator::continuous(&rps, &settings).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    for index in 0..path.times.len() {
        let x = path.at(index);
        assert!(x.iter().all(|share| *share >= 0.0));
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-14);
        assert!((x.iter().product::<f64>() - 0.03).abs() < 1e-5, "{x:?}");
    }
    eprintln!("a 1e6-long neutral cycle took {seconds:.2} s");
}

// ---------------------------------------------------------------- writers

use dilemma::export::evolution::{
    FIXATION_COLUMNS, Process, write_fixation, write_fixed_points, write_payoffs,
    write_trajectories,
};

fn read(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn parsed(text: &str) -> f64 {
    if text.is_empty() {
        f64::NAN
    } else {
        text.parse().unwrap()
    }
}

/// Equal as numbers, NaN (an empty field) equal to NaN.
fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

#[test]
fn fixation_csv_reads_back_as_the_results() {
    let matrix = two(["TFT", "ALLD"], tft_alld(10.0));
    let mut setup = settings(10, vec![3, 7], 1.0, Update::BirthDeath);
    setup.runs = 500;
    setup.max_steps = 40;
    let results = run(&setup, &matrix);
    assert!(results.unfixed > 0, "some runs stop at max_steps");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("fixation.csv");
    write_fixation(&results, &path).unwrap();
    let (header, rows) = read(&path);
    assert_eq!(header, FIXATION_COLUMNS);
    assert_eq!(rows.len(), 2);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut fixed = 0;
    for (row, (label, outcome)) in rows
        .iter()
        .zip(results.labels.iter().zip(&results.strategies))
    {
        assert_eq!(&row[column("strategy")], label);
        assert_eq!(row[column("population")], "10");
        assert_eq!(row[column("runs")], "500");
        assert_eq!(row[column("update")], "birth_death");
        assert_eq!(row[column("unfixed")], results.unfixed.to_string());
        let fixations: u64 = row[column("fixations")].parse().unwrap();
        assert_eq!(fixations, outcome.fixations);
        fixed += fixations;
        for (name, value) in [
            ("probability", outcome.probability),
            ("ci95_low", outcome.ci95.0),
            ("ci95_high", outcome.ci95.1),
            ("exact", outcome.exact.unwrap()),
            ("mean_steps", outcome.mean_steps),
            ("sd_steps", outcome.sd_steps),
            ("mean_share", outcome.mean_share),
        ] {
            assert!(same(parsed(&row[column(name)]), value), "{name}");
        }
    }
    assert_eq!(fixed + results.unfixed, 500);
    assert_eq!(rows[0][column("initial_count")], "3");
}

#[test]
fn the_other_tables_read_back() {
    let folder = tempfile::tempdir().unwrap();
    let game = PayoffMatrix::new(
        ["Rock", "Paper", "Scissors"].map(String::from).to_vec(),
        vec![0.0, -1.0, 1.0, 1.0, 0.0, -1.0, -1.0, 1.0, 0.0],
    );
    let payoffs = folder.path().join("evolution_payoffs.csv");
    write_payoffs(&game, &payoffs).unwrap();
    let (header, rows) = read(&payoffs);
    assert_eq!(header, ["row", "column", "payoff"]);
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[1], ["Rock", "Paper", "-1"]);

    let points = fixed_points(&Field::new(game.clone(), 1.0, 0.0)).unwrap();
    let path = folder.path().join("fixed_points.csv");
    write_fixed_points(&game.labels, &points, &path).unwrap();
    let (header, rows) = read(&path);
    assert_eq!(
        header,
        [
            "process",
            "point",
            "strategy",
            "share",
            "stability",
            "eigenvalue_1_re",
            "eigenvalue_1_im",
            "eigenvalue_2_re",
            "eigenvalue_2_im"
        ]
    );
    assert_eq!(rows.len(), 3 * points.len());
    let centre = &rows[9..12];
    assert!(
        centre
            .iter()
            .all(|row| row[1] == "4" && row[4] == "neutral")
    );
    assert!((parsed(&centre[0][3]) - points[3].shares[0]).abs() == 0.0);
    assert_eq!(parsed(&centre[2][6]), points[3].eigenvalues[0].1);

    let path_replicator =
        replicator::continuous(&game, &ContinuousSettings::new(vec![0.5, 0.3, 0.2], 2.0, 3))
            .unwrap();
    let path = folder.path().join("trajectories.csv");
    write_trajectories(
        &game.labels,
        &[(Process::Replicator, &path_replicator)],
        &path,
    )
    .unwrap();
    let (header, rows) = read(&path);
    assert_eq!(header, ["process", "time", "strategy", "share"]);
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[0], ["replicator", "0", "Rock", "0.5"]);
    assert_eq!(rows[8][1], "2");
    assert_eq!(parsed(&rows[8][3]), path_replicator.at(2)[2]);
}

#[test]
fn written_moran_tables_are_byte_identical_across_threads() -> Result<(), Box<dyn std::error::Error>>
{
    let matrix = two(["TFT", "ALLD"], tft_alld(10.0));
    let mut setup = settings(12, vec![6, 6], 0.3, Update::BirthDeath);
    setup.runs = 1_500;
    setup.trajectory_points = 30;
    let tables = |threads: usize,
                  setup: &MoranSettings|
     -> Result<(Vec<u8>, Vec<u8>), Box<dyn std::error::Error>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let results = pool.install(|| run(setup, &matrix));
        let folder = tempfile::tempdir()?;
        let (fixation, trajectories) = (
            folder.path().join("fixation.csv"),
            folder.path().join("trajectories.csv"),
        );
        write_fixation(&results, &fixation)?;
        let trajectory = results.trajectory.to_trajectory();
        write_trajectories(
            &results.labels,
            &[(Process::Moran, &trajectory)],
            &trajectories,
        )?;
        Ok((std::fs::read(fixation)?, std::fs::read(trajectories)?))
    };
    let one = tables(1, &setup)?;
    assert_eq!(one, tables(2, &setup)?);
    assert_eq!(one, tables(1, &setup)?);
    setup.seed = 8;
    let other = tables(2, &setup)?;
    assert_ne!(one.0, other.0);
    assert_ne!(one.1, other.1);
    Ok(())
}

// ---------------------------------------------------------------- charts

use dilemma::chart::{Context, render_evolution};

/// The tables of a run with 3 strategies (Moran and replicator) into `folder`.
fn three_strategy_tables(folder: &std::path::Path) {
    // TFT, ALLD and ALLC over 10 rounds of the PD R = 3, S = 0, T = 5, P = 1.
    let m = 10.0;
    let game = PayoffMatrix::new(
        ["tit_for_tat", "always_defect", "always_cooperate"]
            .map(String::from)
            .to_vec(),
        vec![
            3.0 * m,
            m - 1.0,
            3.0 * m,
            5.0 + m - 1.0,
            m,
            5.0 * m,
            3.0 * m,
            0.0,
            3.0 * m,
        ],
    );
    let mut setup = settings(30, vec![10, 10, 10], 0.1, Update::BirthDeath);
    setup.runs = 2_000;
    setup.trajectory_points = 200;
    let results = run(&setup, &game);
    write_fixation(&results, &folder.join("fixation.csv")).unwrap();
    let replicator_path = replicator::continuous(
        &game,
        &ContinuousSettings {
            selection: setup.selection,
            ..ContinuousSettings::new(vec![0.25, 0.05, 0.7], 30.0, 200)
        },
    )
    .unwrap();
    let moran_path = results.trajectory.to_trajectory();
    write_trajectories(
        &game.labels,
        &[
            (Process::Moran, &moran_path),
            (Process::Replicator, &replicator_path),
        ],
        &folder.join("trajectories.csv"),
    )
    .unwrap();
    write_fixed_points(
        &game.labels,
        &fixed_points(&Field::new(game.clone(), setup.selection, 0.0)).unwrap(),
        &folder.join("fixed_points.csv"),
    )
    .unwrap();
    write_payoffs(&game, &folder.join("evolution_payoffs.csv")).unwrap();
}

fn two_strategy_tables(folder: &std::path::Path) {
    let game = two(["tit_for_tat", "always_defect"], tft_alld(10.0));
    let mut setup = settings(20, vec![4, 16], 1.0, Update::BirthDeath);
    setup.runs = 5_000;
    setup.trajectory_points = 200;
    let results = run(&setup, &game);
    write_fixation(&results, &folder.join("fixation.csv")).unwrap();
    let discrete = replicator::discrete(
        &game,
        &DiscreteSettings {
            initial: vec![0.5, 0.5],
            generations: 60,
            points: 61,
            selection: 0.5,
            mutation: 0.0,
        },
    )
    .unwrap();
    let moran_path = results.trajectory.to_trajectory();
    write_trajectories(
        &game.labels,
        &[
            (Process::Moran, &moran_path),
            (Process::ReplicatorDiscrete, &discrete),
        ],
        &folder.join("trajectories.csv"),
    )
    .unwrap();
    write_fixed_points(
        &game.labels,
        &fixed_points(&Field::new(game.clone(), 1.0, 0.0)).unwrap(),
        &folder.join("fixed_points.csv"),
    )
    .unwrap();
    write_payoffs(&game, &folder.join("evolution_payoffs.csv")).unwrap();
}

/// The folder for a chart test: `DILEMMA_EVOLUTION_CHARTS/<name>` when set (to look at them),
/// else a temporary one.
fn chart_folder(name: &str) -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    match std::env::var_os("DILEMMA_EVOLUTION_CHARTS") {
        Some(root) => {
            let folder = std::path::PathBuf::from(root).join(name);
            std::fs::create_dir_all(&folder).unwrap();
            (None, folder)
        }
        None => {
            let temporary = tempfile::tempdir().unwrap();
            let folder = temporary.path().to_path_buf();
            (Some(temporary), folder)
        }
    }
}

#[test]
fn evolution_charts_are_drawn_from_the_tables_alone() {
    for (name, write, charts) in [
        (
            "three",
            three_strategy_tables as fn(&std::path::Path),
            vec![
                "evolution_shares_moran",
                "evolution_shares_replicator",
                "evolution_fixation",
                "evolution_simplex",
            ],
        ),
        (
            "two",
            two_strategy_tables,
            vec![
                "evolution_shares_moran",
                "evolution_shares_replicator_discrete",
                "evolution_fixation",
                "evolution_gradient",
            ],
        ),
    ] {
        let (_keep, folder) = chart_folder(name);
        write(&folder);
        let rendered = render_evolution(&folder, &Context::default()).unwrap();
        assert!(rendered.failures.is_empty(), "{:?}", rendered.failures);
        for chart in charts {
            for extension in ["svg", "pdf", "png"] {
                let file = format!("{chart}.{extension}");
                assert!(
                    rendered.files.contains(&file),
                    "{name}: {file} in {:?}",
                    rendered.files
                );
                assert!(folder.join(&file).is_file());
            }
        }
    }
}

#[test]
fn with_mutation_the_fixation_chart_gives_way_to_a_note() {
    let (_keep, folder) = chart_folder("mutation");
    let game = two(["A", "B"], [1.0; 4]);
    let mut setup = settings(10, vec![5, 5], 0.0, Update::BirthDeath);
    setup.mutation = 0.01;
    setup.runs = 10;
    setup.max_steps = 100;
    write_fixation(&run(&setup, &game), &folder.join("fixation.csv")).unwrap();
    let rendered = render_evolution(&folder, &Context::default()).unwrap();
    assert!(rendered.files.is_empty());
    assert!(
        rendered
            .notes
            .iter()
            .any(|note| note.contains("mean_share")),
        "{:?}",
        rendered.notes
    );
}

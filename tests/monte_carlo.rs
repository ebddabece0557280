//! Monte Carlo results against exact values: the Markov chain of two memory-one strategies with
//! execution noise, and the Press-Dyson linear payoff relation of zero-determinant strategies.
//! Each standard error is the chain's own (tests/common/markov.rs), not the spread the simulator
//! reports, which is checked against it in turn.

mod common;

use common::STANDARD_PAYOFFS;
use common::markov::{average_reward_moments, check_average_reward_moments_by_hand};
use dilemma::experiment::Experiment;
use dilemma::scenario;
use dilemma::sim::{self, Silent, summary::PlayerSummary};

/// R, S, T, P from the row player's side, and the same payoffs seen by the column player.
const ROW_PAYOFF: [f64; 4] = [3.0, 0.0, 5.0, 1.0];
const COLUMN_PAYOFF: [f64; 4] = [3.0, 5.0, 0.0, 1.0];

fn two_player(row: &str, column: &str, rounds: u32, noise: f64, replicates: u64) -> Experiment {
    let text = format!(
        "[scenario]\nname = \"mc\"\nseed = 99\nreplicates = {replicates}\n\n\
         [game]\nplayers = [\"Row\", \"Column\"]\nrounds = {rounds}\nnoise = {noise}\n\
         {STANDARD_PAYOFFS}\n[strategies]\nRow = [{row}]\nColumn = [{column}]\n"
    );
    scenario::parse(&text, "monte_carlo.toml").expect("test scenario is valid")
}

fn simulate(experiment: &Experiment) -> Vec<PlayerSummary> {
    sim::run(experiment, &Silent).cells.remove(0).players
}

/// Cooperation probability after noise flips the intended move with probability `noise`.
fn with_noise(p: f64, noise: f64) -> f64 {
    p * (1.0 - noise) + (1.0 - p) * noise
}

/// States are (row's move, column's move): CC, CD, DC, DD. `p` and `q` are each player's
/// p(C | own last, other's last), as in Axelrod-Python; the column player sees CD as DC.
fn transition(p: [f64; 4], q: [f64; 4], noise: f64) -> [[f64; 4]; 4] {
    let mut matrix = [[0.0; 4]; 4];
    for (state, row) in matrix.iter_mut().enumerate() {
        let column_view = [0, 2, 1, 3][state];
        let x = with_noise(p[state], noise);
        let y = with_noise(q[column_view], noise);
        *row = [x * y, x * (1.0 - y), (1.0 - x) * y, (1.0 - x) * (1.0 - y)];
    }
    matrix
}

fn step(distribution: [f64; 4], matrix: &[[f64; 4]; 4]) -> [f64; 4] {
    let mut next = [0.0; 4];
    for (from, weight) in distribution.iter().enumerate() {
        for (to, slot) in next.iter_mut().enumerate() {
            *slot += weight * matrix[from][to];
        }
    }
    next
}

fn first_round(p_first: f64, q_first: f64, noise: f64) -> [f64; 4] {
    let (x, y) = (with_noise(p_first, noise), with_noise(q_first, noise));
    [x * y, x * (1.0 - y), (1.0 - x) * y, (1.0 - x) * (1.0 - y)]
}

/// A memory-one strategy by its published definition: `p` = p(C | own last, other's last) for
/// CC, CD, DC, DD, and `first` its chance of C in round 1.
#[derive(Clone, Copy)]
struct MemoryOne {
    p: [f64; 4],
    first: f64,
}

/// The exact mean and standard deviation, across matches, of `payoff` per round over a
/// `rounds`-round match of `row` against `column` under `noise`.
fn exact_moments(
    row: MemoryOne,
    column: MemoryOne,
    noise: f64,
    rounds: u32,
    payoff: [f64; 4],
) -> (f64, f64) {
    let matrix: Vec<Vec<f64>> = transition(row.p, column.p, noise)
        .iter()
        .map(|r| r.to_vec())
        .collect();
    average_reward_moments(
        &first_round(row.first, column.first, noise),
        &matrix,
        &payoff,
        rounds as usize,
    )
}

/// How far a sample standard deviation over `n` replicates may stray from the true `sd`: 4 of
/// its normal-theory standard errors, sd / sqrt(2 (n - 1)). Each replicate averages hundreds of
/// rounds of a chain that forgets its start within a few, so its distribution is close to normal.
fn sd_tolerance(sd: f64, n: u64) -> f64 {
    4.0 * sd / (2.0 * (n as f64 - 1.0)).sqrt()
}

fn dot(a: [f64; 4], b: [f64; 4]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The stationary distribution: the chain is ergodic under noise, so iterating converges.
fn stationary(matrix: &[[f64; 4]; 4]) -> [f64; 4] {
    let mut distribution = [0.25; 4];
    for _ in 0..100_000 {
        distribution = step(distribution, matrix);
    }
    distribution
}

struct MarkovCase {
    row: &'static str,
    column: &'static str,
    /// Each strategy's published definition.
    p: MemoryOne,
    q: MemoryOne,
    noise: f64,
}

#[test]
fn memory_one_pairs_under_noise_match_their_markov_chain_within_four_standard_errors() {
    let cases = [
        // WSLS (1,0,0,1) against GTFT with the standard game's generosity 1/3.
        MarkovCase {
            row: "\"win_stay_lose_shift\"",
            column: "\"generous_tit_for_tat\"",
            p: MemoryOne {
                p: [1.0, 0.0, 0.0, 1.0],
                first: 1.0,
            },
            q: MemoryOne {
                p: [1.0, 1.0 / 3.0, 1.0, 1.0 / 3.0],
                first: 1.0,
            },
            noise: 0.05,
        },
        // Joss (0.9, 0, 0.9, 0) against tit for tat (1, 0, 1, 0).
        MarkovCase {
            row: "\"joss\"",
            column: "\"tit_for_tat\"",
            p: MemoryOne {
                p: [0.9, 0.0, 0.9, 0.0],
                first: 1.0,
            },
            q: TIT_FOR_TAT,
            noise: 0.02,
        },
        // A scenario-defined memory-one rule against ZD-Extort-2 (8/9, 1/2, 1/3, 0).
        MarkovCase {
            row: "{ kind = \"memory_one\", p = [0.8, 0.3, 0.6, 0.2], first = 0.5 }",
            column: "\"zd_extort_2\"",
            p: MemoryOne {
                p: [0.8, 0.3, 0.6, 0.2],
                first: 0.5,
            },
            q: ZD_EXTORT_2,
            noise: 0.01,
        },
    ];
    let (rounds, replicates) = (2000, 400);
    for case in cases {
        let experiment = two_player(case.row, case.column, rounds, case.noise, replicates);
        let results = simulate(&experiment);
        let matrix = transition(case.p.p, case.q.p, case.noise);
        let limit = stationary(&matrix);
        for (stats, payoff) in results.iter().zip([ROW_PAYOFF, COLUMN_PAYOFF]) {
            let stationary_payoff = dot(limit, payoff);
            let (exact, sd) = exact_moments(case.p, case.q, case.noise, rounds, payoff);
            let error = sd / (replicates as f64).sqrt();
            assert_eq!(stats.replicates, replicates);
            // The match is finite, so its expectation differs from the stationary value by the
            // transient; that difference is computed exactly, not guessed.
            let transient = (exact - stationary_payoff).abs();
            assert!(
                (stats.mean_payoff - stationary_payoff).abs() <= 4.0 * error + transient,
                "{} vs {}: simulated {} vs stationary {stationary_payoff} (se {error}, transient {transient})",
                case.row,
                case.column,
                stats.mean_payoff
            );
            assert!(
                (stats.mean_payoff - exact).abs() <= 4.0 * error,
                "{} vs {}: simulated {} vs exact {exact} over {rounds} rounds (se {error})",
                case.row,
                case.column,
                stats.mean_payoff
            );
            // The spread summary.csv reports is the chain's.
            assert!(
                (stats.sd_payoff - sd).abs() <= sd_tolerance(sd, replicates),
                "{} vs {}: sd_payoff {} vs exact {sd}",
                case.row,
                case.column,
                stats.sd_payoff
            );
        }
    }
}

const TIT_FOR_TAT: MemoryOne = MemoryOne {
    p: [1.0, 0.0, 1.0, 0.0],
    first: 1.0,
};

/// Press & Dyson's extortioner with chi = 2 in the standard game: phi = 1/9, s = 1/2, l = P.
const ZD_EXTORT_2: MemoryOne = MemoryOne {
    p: [8.0 / 9.0, 0.5, 1.0 / 3.0, 0.0],
    first: 1.0,
};

/// Stewart & Plotkin's generous ZD with phi = 1/4, s = 1/2, l = R: p1 = 1 - phi (1 - s)(R - l)
/// = 1, p2 = 1 - phi (s (l - S) + (T - l)) = 1/8, p3 = phi ((l - S) + s (T - l)) = 1,
/// p4 = phi (1 - s)(l - P) = 1/4.
const ZDGTFT_2: MemoryOne = MemoryOne {
    p: [1.0, 0.125, 1.0, 0.25],
    first: 1.0,
};

#[test]
fn the_exact_moments_agree_with_cases_worked_out_by_hand() {
    check_average_reward_moments_by_hand();
    // Tit for tat against itself without noise cooperates throughout: 3 a round, no spread.
    let (mean, sd) = exact_moments(TIT_FOR_TAT, TIT_FOR_TAT, 0.0, 50, ROW_PAYOFF);
    assert!((mean - 3.0).abs() < 1e-12 && sd.abs() < 1e-9, "{mean} {sd}");
}

#[test]
fn markov_reference_reproduces_known_closed_forms() {
    // The reference itself must be right: TFT against TFT under noise e spends a quarter of the
    // time in each state in the long run (the chain is doubly stochastic), so each earns
    // (R + S + T + P) / 4 = 2.25, a classic result (e.g. Molander 1985).
    let tft = [1.0, 0.0, 1.0, 0.0];
    let limit = stationary(&transition(tft, tft, 0.05));
    assert!((dot(limit, ROW_PAYOFF) - 2.25).abs() < 1e-9);
    // WSLS against itself recovers mutual cooperation after an error (Nowak & Sigmund 1993),
    // so as the noise vanishes its stationary payoff tends to R = 3.
    let wsls = [1.0, 0.0, 0.0, 1.0];
    let nearly_noiseless = stationary(&transition(wsls, wsls, 1e-6));
    assert!((dot(nearly_noiseless, ROW_PAYOFF) - 3.0).abs() < 1e-3);
}

/// Akin's lemma: summing p̃·v_t over T rounds telescopes to P(C in round T+1) - P(C in round 1),
/// so a ZD player's relation s (π_X - l) = π_Y - l holds for a T-round average up to 1/(φ T).
/// The residual's standard error is the chain's: the exact sd of each match's
/// s (π_X - l) - (π_Y - l) over the replicates' square root.
fn check_linear_relation(zd: &str, definition: MemoryOne, phi: f64, s: f64, l: f64) {
    let (rounds, replicates) = (5000, 100);
    let residual_payoff: [f64; 4] =
        std::array::from_fn(|state| s * (ROW_PAYOFF[state] - l) - (COLUMN_PAYOFF[state] - l));
    let akin = 1.0 / (phi * f64::from(rounds));
    for (opponent, memory_one) in OPPONENTS {
        let (expected, sd) = exact_moments(definition, memory_one, 0.0, rounds, residual_payoff);
        // The lemma itself, on the chain: the exact expected residual is within its bound.
        assert!(
            expected.abs() <= akin,
            "{zd} vs {opponent}: E[residual] {expected}"
        );
        let experiment = two_player(&format!("\"{zd}\""), opponent, rounds, 0.0, replicates);
        let results = simulate(&experiment);
        let (zd_stats, other_stats) = (&results[0], &results[1]);
        let residual = s * (zd_stats.mean_payoff - l) - (other_stats.mean_payoff - l);
        let bound = akin + 4.0 * sd / (replicates as f64).sqrt();
        assert!(
            residual.abs() <= bound,
            "{zd} vs {opponent}: s(pi_X - l) - (pi_Y - l) = {residual}, bound {bound} \
             (pi_X {}, pi_Y {})",
            zd_stats.mean_payoff,
            other_stats.mean_payoff
        );
    }
}

/// Opponents of the ZD players, each with its memory-one definition (the alternator plays the
/// opposite of its own last move).
const OPPONENTS: [(&str, MemoryOne); 6] = [
    (
        "\"always_cooperate\"",
        MemoryOne {
            p: [1.0; 4],
            first: 1.0,
        },
    ),
    ("\"tit_for_tat\"", TIT_FOR_TAT),
    (
        "{ kind = \"random\", p = 0.5 }",
        MemoryOne {
            p: [0.5; 4],
            first: 0.5,
        },
    ),
    (
        "\"alternator\"",
        MemoryOne {
            p: [0.0, 0.0, 1.0, 1.0],
            first: 1.0,
        },
    ),
    (
        "\"win_stay_lose_shift\"",
        MemoryOne {
            p: [1.0, 0.0, 0.0, 1.0],
            first: 1.0,
        },
    ),
    (
        "{ kind = \"memory_one\", p = [0.7, 0.2, 0.9, 0.4], first = 0.3 }",
        MemoryOne {
            p: [0.7, 0.2, 0.9, 0.4],
            first: 0.3,
        },
    ),
];

#[test]
fn zd_extort_2_enforces_its_linear_payoff_relation() {
    // Press & Dyson (2012), Stewart & Plotkin (2012): with phi = 1/9, s = 1/2 and l = P = 1,
    // pi_Y - 1 = (pi_X - 1) / 2, i.e. the extortion factor chi = 2.
    check_linear_relation("zd_extort_2", ZD_EXTORT_2, 1.0 / 9.0, 0.5, 1.0);
}

#[test]
fn zdgtft_2_enforces_its_linear_payoff_relation() {
    // Generous ZD (Stewart & Plotkin 2013): phi = 1/4, s = 1/2, l = R = 3.
    check_linear_relation("zdgtft_2", ZDGTFT_2, 0.25, 0.5, 3.0);
}

#[test]
fn extortion_gives_the_extortioner_the_larger_surplus() {
    // With chi = 2, whenever the opponent earns above P the extortioner earns twice the surplus.
    let experiment = two_player("\"zd_extort_2\"", "\"always_cooperate\"", 5000, 0.0, 50);
    let results = simulate(&experiment);
    let surplus_zd = results[0].mean_payoff - 1.0;
    let surplus_other = results[1].mean_payoff - 1.0;
    assert!(surplus_other > 0.0 && surplus_zd > 1.9 * surplus_other);
}

#[test]
fn continuation_makes_match_lengths_geometric() {
    // With continuation probability d, a match reaches round r with probability d^(r - 1)
    // (capped at max_rounds): each replicate reaching round r is a Bernoulli(d^(r-1)) draw.
    let (continuation, replicates) = (0.9, 4000u64);
    let text = format!(
        "[scenario]\nname = \"geometric\"\nseed = 4\nreplicates = {replicates}\n\n[game]\n\
         players = [\"A\", \"B\"]\ncontinuation = {continuation}\nmax_rounds = 30\n\
         {STANDARD_PAYOFFS}\n[strategies]\nA = [\"random\"]\nB = [\"tit_for_tat\"]\n"
    );
    let experiment = scenario::parse(&text, "geometric.toml").unwrap();
    let cell = sim::run(&experiment, &Silent).cells.remove(0);
    assert_eq!(cell.rounds.get(0).unwrap().replicates(), replicates);
    for round in [2usize, 5, 10, 20, 30] {
        let p = continuation_power(continuation, round - 1);
        let observed = cell.rounds.get(round - 1).unwrap().replicates() as f64 / replicates as f64;
        let standard_error = (p * (1.0 - p) / replicates as f64).sqrt();
        assert!(
            (observed - p).abs() < 4.0 * standard_error,
            "round {round}: {observed} reached, expected {p}"
        );
    }
    assert!(cell.rounds.len() <= 30, "max_rounds caps the match");
}

fn continuation_power(d: f64, exponent: usize) -> f64 {
    (0..exponent).fold(1.0, |product, _| product * d)
}

#[test]
fn replicates_with_the_same_payoff_every_round_have_sd_exactly_zero() {
    // always_cooperate vs always_defect earns the same payoff every round; under a continuation
    // probability the replicates last different numbers of rounds, and plain f64 sums gave an
    // sd near 1e-15 (kuril with noise 0). Payoffs that are not binary fractions make it real.
    let text = "[scenario]\nname = \"flat\"\nseed = 9\nreplicates = 300\n[game]\n\
                players = [\"A\", \"B\"]\ncontinuation = 0.99\nmax_rounds = 1000\n\
                [game.payoffs]\n\"C,C\" = [3, 3]\n\"C,D\" = [-1.34, 3.05]\n\"D,C\" = [5, 0]\n\
                \"D,D\" = [1, 1]\n[strategies]\nA = [\"always_cooperate\"]\nB = [\"always_defect\"]\n";
    let experiment = scenario::parse(text, "flat.toml").unwrap();
    let results = simulate(&experiment);
    for (player, payoff) in [(0, -1.34), (1, 3.05)] {
        let stats = &results[player];
        assert_eq!(stats.mean_payoff, payoff);
        assert_eq!(stats.sd_payoff, 0.0);
        assert_eq!((stats.ci95_low, stats.ci95_high), (payoff, payoff));
    }
}

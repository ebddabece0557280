//! Exact moments of a finite Markov chain's average reward, the reference for Monte Carlo tests
//! whose matches are such chains (memory-one strategies, perception errors): the mean of a
//! `rounds`-round average and its standard deviation across matches, so that a test's standard
//! error comes from the model, not from the spread the simulator reports.

/// The mean and standard deviation of (1/T) Σ_{t<T} reward(X_t), where X_0 is distributed as
/// `start` and X_{t+1} follows row X_t of `transition` (rows sum to 1).
///
/// With S = Σ_t f(X_t): E[S²] = Σ_t E[f(X_t)²] + 2 Σ_t E[f(X_t) (P g_{t+1})(X_t)], where
/// g_t = Σ_{u ≥ t} P^{u-t} f is the expected reward still to come from round t, built backwards
/// (g_{T-1} = f, g_t = f + P g_{t+1}) and each E taken under the distribution of X_t.
pub fn average_reward_moments(
    start: &[f64],
    transition: &[Vec<f64>],
    reward: &[f64],
    rounds: usize,
) -> (f64, f64) {
    let states = start.len();
    assert!(rounds > 0 && transition.len() == states && reward.len() == states);
    let apply = |vector: &[f64]| -> Vec<f64> {
        transition
            .iter()
            .map(|row| row.iter().zip(vector).map(|(p, v)| p * v).sum())
            .collect()
    };
    // ahead[t] = P g_{t+1}: the expected reward of the rounds after t, from each state.
    let mut ahead = vec![vec![0.0; states]; rounds];
    let mut to_come = reward.to_vec();
    for t in (0..rounds - 1).rev() {
        ahead[t] = apply(&to_come);
        to_come = reward
            .iter()
            .zip(&ahead[t])
            .map(|(f, later)| f + later)
            .collect();
    }
    let (mut first, mut second) = (0.0, 0.0);
    let mut distribution = start.to_vec();
    for later in &ahead {
        for state in 0..states {
            let f = reward[state];
            first += distribution[state] * f;
            second += distribution[state] * f * (f + 2.0 * later[state]);
        }
        distribution = (0..states)
            .map(|to| {
                (0..states)
                    .map(|from| distribution[from] * transition[from][to])
                    .sum()
            })
            .collect();
    }
    let count = rounds as f64;
    let variance = (second - first * first).max(0.0);
    (first / count, variance.sqrt() / count)
}

/// Checks of the formula against cases worked out by hand; called from a test of each crate
/// that uses it, so a wrong reference cannot pass silently.
pub fn check_average_reward_moments_by_hand() {
    // Independent fair coin flips (every row the same): the average of T Bernoulli(1/2)
    // rewards has mean 1/2 and sd sqrt(1/4 / T).
    let coin = vec![vec![0.5, 0.5]; 2];
    let (mean, sd) = average_reward_moments(&[0.5, 0.5], &coin, &[1.0, 0.0], 100);
    assert!(
        (mean - 0.5).abs() < 1e-12 && (sd - 0.05).abs() < 1e-12,
        "{mean} {sd}"
    );
    // A chain that never leaves its first state: S = T f(X_0), so the average is 1 or 0 with
    // chance 1/2 each: mean 1/2, sd 1/2, whatever T.
    let stuck = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
    let (mean, sd) = average_reward_moments(&[0.5, 0.5], &stuck, &[1.0, 0.0], 37);
    assert!(
        (mean - 0.5).abs() < 1e-12 && (sd - 0.5).abs() < 1e-12,
        "{mean} {sd}"
    );
    // Two rounds of a chain that flips with chance q: S = f(X_0) + f(X_1), X_0 = 0 for sure,
    // f = (1, 0): S is 2 w.p. 1 - q, 1 w.p. q; mean (2 - q) / 2, variance q (1 - q) / 4.
    let q = 0.3;
    let flip = vec![vec![1.0 - q, q], vec![q, 1.0 - q]];
    let (mean, sd) = average_reward_moments(&[1.0, 0.0], &flip, &[1.0, 0.0], 2);
    assert!((mean - (2.0 - q) / 2.0).abs() < 1e-12, "{mean}");
    assert!((sd - (q * (1.0 - q) / 4.0).sqrt()).abs() < 1e-12, "{sd}");
}

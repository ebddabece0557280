//! Exact fixation probabilities of the Moran process: constant fitness, and two-strategy games
//! under birth–death (Nowak, Sasaki, Taylor and Fudenberg 2004) and death–birth updating, all
//! from the one formula for a birth–death chain.
//!
//! A well-mixed Moran process of two types is a birth–death chain on the number i of A
//! individuals: from i it moves to i + 1 with probability T⁺(i), to i − 1 with T⁻(i). With
//! γ(j) = T⁻(j)/T⁺(j), the probability that A fixes from i is (Karlin and Taylor 1975, ch. 4;
//! Nowak 2006, Evolutionary Dynamics, eq. 6.7)
//!
//! ```text
//! ρ(i) = (1 + Σ_{k=1}^{i−1} Π_{j=1}^{k} γ(j)) / (1 + Σ_{k=1}^{N−1} Π_{j=1}^{k} γ(j))
//! ```
//!
//! Products of N − 1 ratios overflow for strong selection in large populations, so the sums are
//! taken in logarithms.

use super::moran::Update;

/// The probability that `mutants` individuals of fitness `r` fix in a population of
/// `population` with fitness 1: `(1 − r^−i)/(1 − r^−N)`, and `i/N` when r = 1 (Nowak 2006,
/// eq. 6.13). For a single mutant: `(1 − 1/r)/(1 − 1/r^N)`.
pub fn constant_fitness(r: f64, mutants: usize, population: usize) -> f64 {
    if population == 0 || mutants == 0 || r <= 0.0 {
        return 0.0;
    }
    if mutants >= population {
        return 1.0;
    }
    let (i, n) = (mutants as f64, population as f64);
    // 1 − r^−x = −expm1(−x ln r): accurate when r is close to 1.
    let log_r = r.ln();
    if log_r.abs() < 1e-300 {
        return i / n;
    }
    (-i * log_r).exp_m1() / (-n * log_r).exp_m1()
}

/// The fixation probability of A from `mutants` A individuals in a chain on 0..=`population`
/// with `gamma(j) = T⁻(j)/T⁺(j)` for j in 1..population. A ratio may be 0 (A never declines
/// there) or +∞ (A never grows there: from at or below the highest such state it cannot fix).
/// `None` when a ratio is NaN or negative.
pub fn chain_fixation(
    population: usize,
    mutants: usize,
    gamma: impl Fn(usize) -> f64,
) -> Option<f64> {
    if mutants == 0 {
        return Some(0.0);
    }
    if mutants >= population {
        return Some(1.0);
    }
    let ratios: Vec<f64> = (1..population).map(&gamma).collect();
    if ratios.iter().any(|ratio| ratio.is_nan() || *ratio < 0.0) {
        return None;
    }
    // Above the highest state where A cannot grow, the chain is one that starts over there.
    let floor = ratios
        .iter()
        .rposition(|ratio| ratio.is_infinite())
        .map_or(0, |index| index + 1);
    if mutants <= floor {
        return Some(0.0);
    }
    // log Π_{j=floor+1}^{k} γ(j) for k = floor..population−1 (the empty product first).
    let mut logs = Vec::with_capacity(population - floor);
    let mut sum = 0.0;
    logs.push(0.0);
    for ratio in &ratios[floor..] {
        sum += ratio.ln();
        logs.push(sum);
    }
    let numerator = log_sum_exp(&logs[..mutants - floor]);
    let denominator = log_sum_exp(&logs);
    Some((numerator - denominator).exp())
}

/// ln Σ exp(values), with −∞ terms contributing nothing; `values[0]` is finite here.
fn log_sum_exp(values: &[f64]) -> f64 {
    let largest = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !largest.is_finite() {
        return largest;
    }
    largest
        + values
            .iter()
            .map(|value| (value - largest).exp())
            .sum::<f64>()
            .ln()
}

/// A two-strategy game `[a, b, c, d]`: A gets a against A and b against B, B gets c against A
/// and d against B.
pub type TwoByTwo = [f64; 4];

/// The fitnesses (f of an A, g of a B) with `mutants` = i A individuals, each meeting the other
/// N − 1 (no self-interaction), as Nowak, Sasaki, Taylor and Fudenberg define them (2004,
/// Nature 428:646, "Emergence of cooperation and evolutionary stability in finite
/// populations"):
///
/// ```text
/// f_i = 1 − w + w (a(i − 1) + b(N − i)) / (N − 1)
/// g_i = 1 − w + w (c i + d(N − i − 1)) / (N − 1)
/// ```
pub fn nstf_fitness(
    game: TwoByTwo,
    population: usize,
    selection: f64,
    mutants: usize,
) -> (f64, f64) {
    let [a, b, c, d] = game;
    let (n, i, w) = (population as f64, mutants as f64, selection);
    let f = 1.0 - w + w * (a * (i - 1.0) + b * (n - i)) / (n - 1.0);
    let g = 1.0 - w + w * (c * i + d * (n - i - 1.0)) / (n - 1.0);
    (f, g)
}

/// The chance that an individual chosen proportionally to fitness among `own` of fitness
/// `own_fitness` and `others` of fitness `other_fitness` is one of the `own`: when every
/// candidate has fitness 0 the choice is uniform, as the simulation makes it.
fn chosen(own: f64, own_fitness: f64, others: f64, other_fitness: f64) -> f64 {
    let total = own * own_fitness + others * other_fitness;
    if total > 0.0 {
        own * own_fitness / total
    } else if own + others > 0.0 {
        own / (own + others)
    } else {
        0.0
    }
}

/// The fixation probability of A from `mutants` A individuals among `population` in the game
/// `game` at selection intensity `selection` (fitness `1 − w + w·payoff`), for either update:
///
/// - birth–death (NSTF 2004): T⁺(i) = [i f_i / (i f_i + (N − i) g_i)]·(N − i)/N and
///   T⁻(i) = [(N − i) g_i / (i f_i + (N − i) g_i)]·i/N, so γ(i) = g_i / f_i;
/// - death–birth: a uniformly chosen individual dies and the other N − 1 compete for its place
///   with the fitness they had in the full population (the payoffs were earned before the
///   death): T⁺(i) = (N − i)/N · i f_i / (i f_i + (N − i − 1) g_i) and
///   T⁻(i) = i/N · (N − i) g_i / ((i − 1) f_i + (N − i) g_i).
///
/// `None` when the chain is undefined (a NaN fitness).
pub fn game_fixation(
    game: TwoByTwo,
    update: Update,
    population: usize,
    selection: f64,
    mutants: usize,
) -> Option<f64> {
    if population < 2 {
        return Some(if mutants >= population { 1.0 } else { 0.0 });
    }
    let n = population as f64;
    chain_fixation(population, mutants, |i| {
        let (f, g) = nstf_fitness(game, population, selection, i);
        let i = i as f64;
        let (up, down) = match update {
            Update::BirthDeath => (
                chosen(i, f, n - i, g) * (n - i) / n,
                chosen(n - i, g, i, f) * i / n,
            ),
            Update::DeathBirth => (
                (n - i) / n * chosen(i, f, n - i - 1.0, g),
                i / n * chosen(n - i, g, i - 1.0, f),
            ),
        };
        if up == 0.0 && down == 0.0 {
            // Neither move can happen: no state-changing step, the chain would stay; a γ of 1
            // keeps the formula defined and never arises with positive fitness.
            1.0
        } else if up == 0.0 {
            f64::INFINITY
        } else {
            down / up
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn constant_fitness_by_hand() {
        // N = 2, r = 2: (1 − 1/2)/(1 − 1/4) = 2/3.
        assert!(close(constant_fitness(2.0, 1, 2), 2.0 / 3.0));
        // N = 3, r = 2: (1/2)/(7/8) = 4/7; two mutants: (3/4)/(7/8) = 6/7.
        assert!(close(constant_fitness(2.0, 1, 3), 4.0 / 7.0));
        assert!(close(constant_fitness(2.0, 2, 3), 6.0 / 7.0));
        // Neutral: i/N, also just beside r = 1.
        assert!(close(constant_fitness(1.0, 1, 10), 0.1));
        assert!((constant_fitness(1.0 + 1e-12, 1, 10) - 0.1).abs() < 1e-9);
        // Large N with strong selection does not overflow: → 1 − 1/r.
        assert!(close(constant_fitness(2.0, 1, 5000), 0.5));
        assert!(constant_fitness(0.5, 1, 5000) < 1e-300);
    }

    #[test]
    fn the_chain_reproduces_constant_fitness() {
        for n in [2, 3, 7, 50] {
            for i in 1..n {
                let chain = chain_fixation(n, i, |_| 1.0 / 1.7).unwrap();
                assert!(close(chain, constant_fitness(1.7, i, n)), "{n} {i}");
            }
        }
    }

    #[test]
    fn birth_death_game_by_hand_for_n_3() {
        // a = 3, b = 0, c = 5, d = 1 (a prisoner's dilemma), w = 1, N = 3.
        // i = 1: f = (0 + 0·2)/2 = 0, g = (5 + 1)/2 = 3; i = 2: f = (3 + 0)/2 = 1.5,
        // g = (10 + 0)/2 = 5. A cannot reproduce at i = 1, so one mutant never fixes, and
        // from i = 2 the chain only loses by falling to 1: ρ(2) = T⁺(2)/(T⁺(2) + T⁻(2)) with
        // γ(2) = 5/1.5, i.e. 1/(1 + 10/3) = 3/13.
        let game = [3.0, 0.0, 5.0, 1.0];
        assert_eq!(
            game_fixation(game, Update::BirthDeath, 3, 1.0, 1),
            Some(0.0)
        );
        let two = game_fixation(game, Update::BirthDeath, 3, 1.0, 2).unwrap();
        assert!(close(two, 3.0 / 13.0), "{two}");
        // w = 0.5: f_1 = 0.5, g_1 = 0.5 + 1.5 = 2, f_2 = 0.5 + 0.75 = 1.25, g_2 = 3;
        // γ = (4, 2.4): ρ(1) = 1/(1 + 4 + 9.6) = 1/14.6, ρ(2) = 5/14.6.
        let one = game_fixation(game, Update::BirthDeath, 3, 0.5, 1).unwrap();
        assert!(close(one, 1.0 / 14.6), "{one}");
        let two = game_fixation(game, Update::BirthDeath, 3, 0.5, 2).unwrap();
        assert!(close(two, 5.0 / 14.6), "{two}");
    }

    #[test]
    fn death_birth_game_by_hand_for_n_3() {
        // The same game at w = 0.5, N = 3. i = 1 (f = 0.5, g = 2): a B dies (2/3), the A wins
        // against the other B with 0.5/2.5: T⁺ = 2/3 · 1/5; the A dies (1/3), a B surely
        // replaces it: T⁻ = 1/3. γ(1) = (1/3)/(2/15) = 2.5. i = 2 (f = 1.25, g = 3): the B dies
        // (1/3), an A surely replaces it: T⁺ = 1/3; an A dies (2/3), the B wins against the other
        // A with 3/4.25: T⁻ = 2/3 · 12/17 = 8/17; γ(2) = 24/17.
        // ρ(1) = 1/(1 + 2.5 + 2.5·24/17) = 1/(3.5 + 60/17) = 17/119.5.
        let game = [3.0, 0.0, 5.0, 1.0];
        let one = game_fixation(game, Update::DeathBirth, 3, 0.5, 1).unwrap();
        assert!(close(one, 17.0 / 119.5), "{one}");
        // Neutral: 1/N.
        let neutral = game_fixation(game, Update::DeathBirth, 10, 0.0, 1).unwrap();
        assert!(close(neutral, 0.1), "{neutral}");
        // N = 2 death–birth: the survivor always replaces the dead: 1/2 whatever the game.
        let two = game_fixation(game, Update::DeathBirth, 2, 1.0, 1).unwrap();
        assert!(close(two, 0.5), "{two}");
    }

    #[test]
    fn nstf_fitness_matches_the_paper_definitions() {
        // N = 4, i = 1, w = 1: f = (a·0 + b·3)/3 = b, g = (c·1 + d·2)/3.
        let (f, g) = nstf_fitness([3.0, 0.0, 5.0, 1.0], 4, 1.0, 1);
        assert!(close(f, 0.0) && close(g, 7.0 / 3.0));
    }
}

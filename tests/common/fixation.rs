//! Fixation probabilities of the two-strategy Moran process written out from their
//! definitions, in the product form of the papers, as references for the simulation (and for
//! the library's own log-space code, which they do not share).
//!
//! With j A individuals among N, each meeting the other N − 1 (no self-interaction), an A earns
//! `(a(j − 1) + b(N − j))/(N − 1)` and a B `(c j + d(N − j − 1))/(N − 1)`, fitness
//! `1 − w + w·payoff` (Nowak, Sasaki, Taylor and Fudenberg 2004, Nature 428:646). The fixation
//! probability from i is `Σ_{k<i} Π_{j≤k} γ(j) / Σ_{k<N} Π_{j≤k} γ(j)` with γ = T⁻/T⁺ (Nowak
//! 2006, Evolutionary Dynamics, eq. 6.7).

/// A fixation probability from (game, N, w, initial mutants).
pub type Reference = fn([f64; 4], usize, f64, usize) -> f64;

/// (f, g): the fitness of an A and of a B with j A individuals.
fn fitness([a, b, c, d]: [f64; 4], n: usize, w: f64, j: usize) -> (f64, f64) {
    let (nf, j) = (n as f64, j as f64);
    let f = 1.0 - w + w * (a * (j - 1.0) + b * (nf - j)) / (nf - 1.0);
    let g = 1.0 - w + w * (c * j + d * (nf - j - 1.0)) / (nf - 1.0);
    (f, g)
}

/// Σ_{k=0}^{upto} Π_{j=1}^{k} γ(j).
fn partial(ratio: impl Fn(usize) -> f64, upto: usize) -> f64 {
    let mut sum = 1.0;
    let mut product = 1.0;
    for k in 1..=upto {
        product *= ratio(k);
        sum += product;
    }
    sum
}

/// Birth–death (NSTF 2004): the parent by fitness among all N, the dead uniform among all N,
/// so γ(j) = g/f.
pub fn nstf_birth_death(game: [f64; 4], n: usize, w: f64, i: usize) -> f64 {
    let ratio = |j: usize| {
        let (f, g) = fitness(game, n, w, j);
        g / f
    };
    partial(ratio, i - 1) / partial(ratio, n - 1)
}

/// Death–birth, the fitness from the payoffs before the death (the dead individual's included,
/// as on graphs in Ohtsuki et al. 2006): with j A's, a B dies with probability (N − j)/N and an
/// A takes its place with j f/(j f + (N − j − 1) g); an A dies with probability j/N and a B
/// takes it with (N − j) g/((j − 1) f + (N − j) g).
pub fn death_birth(game: [f64; 4], n: usize, w: f64, i: usize) -> f64 {
    let nf = n as f64;
    let ratio = |j: usize| {
        let (f, g) = fitness(game, n, w, j);
        let j = j as f64;
        let up = (nf - j) / nf * j * f / (j * f + (nf - j - 1.0) * g);
        let down = j / nf * (nf - j) * g / ((j - 1.0) * f + (nf - j) * g);
        down / up
    };
    partial(ratio, i - 1) / partial(ratio, n - 1)
}

/// Death–birth with the fitness from the payoffs after the death, among the N − 1 survivors
/// only (Axelrod-Python's `MoranProcess` with `mode="db"`): each survivor meets the other N − 2.
pub fn death_birth_among_survivors([a, b, c, d]: [f64; 4], n: usize, w: f64, i: usize) -> f64 {
    let nf = n as f64;
    let fit = |payoff: f64| 1.0 - w + w * payoff;
    let ratio = |j: usize| {
        let j = j as f64;
        // A B died: j A's and N − j − 1 B's remain.
        let f = fit((a * (j - 1.0) + b * (nf - j - 1.0)) / (nf - 2.0));
        let g = fit((c * j + d * (nf - j - 2.0)) / (nf - 2.0));
        let up = (nf - j) / nf * j * f / (j * f + (nf - j - 1.0) * g);
        // An A died: j − 1 A's and N − j B's remain.
        let f = fit((a * (j - 2.0) + b * (nf - j)) / (nf - 2.0));
        let g = fit((c * (j - 1.0) + d * (nf - j - 1.0)) / (nf - 2.0));
        let down = j / nf * (nf - j) * g / ((j - 1.0) * f + (nf - j) * g);
        down / up
    };
    partial(ratio, i - 1) / partial(ratio, n - 1)
}

//! The populations a Moran step acts on: strategy counts with expected payoffs (a step costs
//! O(K)), or individuals that play a fresh match with every other at each step; and the draws
//! of a step (the parent proportional to fitness, the mutant offspring, the one who dies).

use super::PayoffMatrix;
use super::moran::{MatchSampler, MoranSettings, Update};
use crate::strategy::chance::Chance;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// A population that can take one step of the process.
pub(super) trait Population {
    fn reset(&mut self, initial: &[usize]);
    /// One step; returns (the type born, the type that died).
    fn step(&mut self, rng: &mut ChaCha8Rng) -> (usize, usize);
}

/// The offspring's strategy: the parent's, or with probability μ a uniformly chosen other one.
#[inline]
fn offspring(parent: usize, k: usize, mutation: Chance, rng: &mut ChaCha8Rng) -> usize {
    if k > 1 && mutation.happens(rng) {
        let other = rng.random_range(0..k - 1);
        if other >= parent { other + 1 } else { other }
    } else {
        parent
    }
}

/// The index chosen with probability proportional to `weight(i)` among `0..len`, or, when
/// every weight is 0, proportional to `count(i)` (uniform among the candidates).
#[inline]
fn proportional(
    rng: &mut ChaCha8Rng,
    len: usize,
    weight: impl Fn(usize) -> f64,
    count: impl Fn(usize) -> f64,
) -> usize {
    let total: f64 = (0..len).map(&weight).sum();
    if total > 0.0 {
        pick(rng, len, total, weight)
    } else {
        let total = (0..len).map(&count).sum();
        pick(rng, len, total, count)
    }
}

#[inline]
fn pick(rng: &mut ChaCha8Rng, len: usize, total: f64, weight: impl Fn(usize) -> f64) -> usize {
    let target = rng.random::<f64>() * total;
    let mut cumulative = 0.0;
    let mut last = 0;
    for index in 0..len {
        let w = weight(index);
        // A weight a hair below 0 (rounding in the running payoff sums) is no candidate.
        if w > 0.0 {
            cumulative += w;
            last = index;
            if target < cumulative {
                return index;
            }
        }
    }
    // Rounding can leave the target at the very top: the last candidate takes it.
    last
}

/// Strategies' expected payoffs: the state is the counts, a step costs O(K).
pub(super) struct Expected<'a> {
    matrix: &'a PayoffMatrix,
    k: usize,
    n: usize,
    update: Update,
    mutation: Chance,
    /// 1 − w and w/(N − 1): fitness = base + scale·(Σ_j n_j a_ij − a_ii).
    base: f64,
    scale: f64,
    counts: Vec<u32>,
    /// Σ_j n_j a_ij for each i, kept up to date as counts change.
    sums: Vec<f64>,
}

impl<'a> Expected<'a> {
    pub(super) fn new(settings: &MoranSettings, matrix: &'a PayoffMatrix) -> Expected<'a> {
        let k = settings.initial.len();
        Expected {
            matrix,
            k,
            n: settings.population,
            update: settings.update,
            mutation: Chance::new(settings.mutation),
            base: 1.0 - settings.selection,
            scale: settings.selection / (settings.population - 1) as f64,
            counts: vec![0; k],
            sums: vec![0.0; k],
        }
    }

    #[inline]
    fn fitness(&self, strategy: usize) -> f64 {
        self.base + self.scale * (self.sums[strategy] - self.matrix.get(strategy, strategy))
    }

    /// The strategy of a uniformly chosen individual.
    #[inline]
    fn uniform(&self, rng: &mut ChaCha8Rng) -> usize {
        let mut target = rng.random_range(0..self.n) as u64;
        for (strategy, &count) in self.counts.iter().enumerate() {
            if target < u64::from(count) {
                return strategy;
            }
            target -= u64::from(count);
        }
        self.k - 1
    }
}

impl Population for Expected<'_> {
    fn reset(&mut self, initial: &[usize]) {
        for (count, &initial) in self.counts.iter_mut().zip(initial) {
            *count = initial as u32;
        }
        for i in 0..self.k {
            self.sums[i] = (0..self.k)
                .map(|j| f64::from(self.counts[j]) * self.matrix.get(i, j))
                .sum();
        }
    }

    #[inline]
    fn step(&mut self, rng: &mut ChaCha8Rng) -> (usize, usize) {
        let (born, died) = match self.update {
            Update::BirthDeath => {
                let parent = proportional(
                    rng,
                    self.k,
                    |i| f64::from(self.counts[i]) * self.fitness(i),
                    |i| f64::from(self.counts[i]),
                );
                let born = offspring(parent, self.k, self.mutation, rng);
                (born, self.uniform(rng))
            }
            Update::DeathBirth => {
                let died = self.uniform(rng);
                // The dead individual's strategy has one candidate fewer.
                let candidates =
                    |i: usize| f64::from(self.counts[i]) - f64::from(u8::from(i == died));
                let parent =
                    proportional(rng, self.k, |i| candidates(i) * self.fitness(i), candidates);
                (offspring(parent, self.k, self.mutation, rng), died)
            }
        };
        if born != died {
            self.counts[born] += 1;
            self.counts[died] -= 1;
            for i in 0..self.k {
                self.sums[i] += self.matrix.get(i, born) - self.matrix.get(i, died);
            }
        }
        (born, died)
    }
}

/// Individuals that play a fresh match with every other individual at every step.
pub(super) struct Sampled<'a> {
    sampler: &'a dyn MatchSampler,
    k: usize,
    update: Update,
    mutation: Chance,
    base: f64,
    scale: f64,
    /// Each individual's strategy.
    types: Vec<usize>,
    /// Each individual's summed payoff this step, then its fitness.
    fitness: Vec<f64>,
}

impl<'a> Sampled<'a> {
    pub(super) fn new(settings: &MoranSettings, sampler: &'a dyn MatchSampler) -> Sampled<'a> {
        Sampled {
            sampler,
            k: settings.initial.len(),
            update: settings.update,
            mutation: Chance::new(settings.mutation),
            base: 1.0 - settings.selection,
            scale: settings.selection / (settings.population - 1) as f64,
            types: vec![0; settings.population],
            fitness: vec![0.0; settings.population],
        }
    }
}

impl Population for Sampled<'_> {
    fn reset(&mut self, initial: &[usize]) {
        let mut at = 0;
        for (strategy, &count) in initial.iter().enumerate() {
            self.types[at..at + count].fill(strategy);
            at += count;
        }
    }

    fn step(&mut self, rng: &mut ChaCha8Rng) -> (usize, usize) {
        let n = self.types.len();
        self.fitness.fill(0.0);
        for i in 0..n {
            for j in i + 1..n {
                let (mine, theirs) = self.sampler.sample(self.types[i], self.types[j], rng);
                self.fitness[i] += mine;
                self.fitness[j] += theirs;
            }
        }
        for value in &mut self.fitness {
            *value = (self.base + self.scale * *value).max(0.0);
        }
        let pick = |rng: &mut ChaCha8Rng, excluded: Option<usize>| {
            let fitness = &self.fitness;
            let eligible = |i: usize| excluded != Some(i);
            proportional(
                rng,
                n,
                |i| if eligible(i) { fitness[i] } else { 0.0 },
                |i| f64::from(u8::from(eligible(i))),
            )
        };
        let (parent, dead) = match self.update {
            Update::BirthDeath => {
                let parent = pick(rng, None);
                let born = offspring(self.types[parent], self.k, self.mutation, rng);
                let dead = rng.random_range(0..n);
                let died = self.types[dead];
                self.types[dead] = born;
                return (born, died);
            }
            Update::DeathBirth => {
                let dead = rng.random_range(0..n);
                (pick(rng, Some(dead)), dead)
            }
        };
        let born = offspring(self.types[parent], self.k, self.mutation, rng);
        let died = self.types[dead];
        self.types[dead] = born;
        (born, died)
    }
}

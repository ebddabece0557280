//! A side's ranking, by Axelrod-Python's rule: the median over repetitions of each strategy's
//! mean payoff per round against the others (self-play excluded), best first, ties in listed
//! order.

use super::meta_game::Estimate;
use super::{Side, estimate_of};
use crate::sim::summary::Welford;

/// One strategy's place in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// 1 for the best.
    pub rank: usize,
    /// Index into the side's strategies.
    pub strategy: usize,
    /// Median over repetitions of the mean payoff per round against the others.
    pub median: f64,
    /// The mean of the same per-repetition scores, with its interval.
    pub score: Estimate,
    /// Matches won over all repetitions.
    pub wins: u64,
    pub cooperation: f64,
}

pub fn rank(side: &Side) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = side
        .scores
        .iter()
        .enumerate()
        .map(|(strategy, scores)| {
            let mut welford = Welford::default();
            scores.iter().for_each(|score| welford.push(*score));
            Ranked {
                rank: 0,
                strategy,
                median: median(scores),
                score: estimate_of(&welford),
                wins: side.wins[strategy].iter().sum(),
                cooperation: side.cooperation[strategy],
            }
        })
        .collect();
    // Stable, so equal medians keep the listed order (as Python's `sorted` does in Axelrod).
    ranked.sort_by(|a, b| {
        b.median
            .partial_cmp(&a.median)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for (place, entry) in ranked.iter_mut().enumerate() {
        entry.rank = place + 1;
    }
    ranked
}

/// The middle value, or the mean of the two middle values of an even count; NaN for none.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&[]).is_nan());
    }
}

//! Streaming accumulators: per-replicate payoff mean and variance, action shares and per-round
//! statistics, merged in a fixed order so the result does not depend on the thread count.
//! Their size depends on the game and the match length, never on the number of replicates.

use super::matchup::{RoundOutcome, RoundSink};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Running mean and variance (Welford), mergeable (Chan, Golub and LeVeque 1979).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Welford {
    pub count: u64,
    pub mean: f64,
    sum_squared_deviations: f64,
}

impl Welford {
    pub fn push(&mut self, value: f64) {
        self.count += 1;
        let delta = value - self.mean;
        self.mean += delta / self.count as f64;
        self.sum_squared_deviations += delta * (value - self.mean);
    }

    pub fn merge(&mut self, other: &Welford) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        let count = self.count + other.count;
        let delta = other.mean - self.mean;
        self.mean += delta * other.count as f64 / count as f64;
        self.sum_squared_deviations += other.sum_squared_deviations
            + delta * delta * self.count as f64 * other.count as f64 / count as f64;
        self.count = count;
    }

    /// Sample standard deviation (n - 1 in the denominator); NaN below two values.
    pub fn standard_deviation(&self) -> f64 {
        if self.count < 2 {
            f64::NAN
        } else {
            (self.sum_squared_deviations / (self.count - 1) as f64).sqrt()
        }
    }

    /// Student-t 95% confidence interval for the mean; NaN below two values.
    pub fn confidence_interval_95(&self) -> (f64, f64) {
        if self.count < 2 {
            return (f64::NAN, f64::NAN);
        }
        let t = StudentsT::new(0.0, 1.0, (self.count - 1) as f64)
            .map(|distribution| distribution.inverse_cdf(0.975))
            .unwrap_or(f64::NAN);
        let half_width = t * self.standard_deviation() / (self.count as f64).sqrt();
        (self.mean - half_width, self.mean + half_width)
    }
}

/// The shape of a cell's results: players, actions per player, and the longest match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub action_counts: Vec<usize>,
    pub max_rounds: usize,
}

impl Shape {
    /// Width of a per-round row: replicates reached, a payoff sum per player, a count per
    /// (player, action).
    pub fn row_width(&self) -> usize {
        1 + self.action_counts.len() + self.action_counts.iter().sum::<usize>()
    }

    fn action_offsets(&self) -> Vec<usize> {
        let mut offsets = Vec::with_capacity(self.action_counts.len() + 1);
        let mut total = 0;
        for count in &self.action_counts {
            offsets.push(total);
            total += count;
        }
        offsets.push(total);
        offsets
    }
}

/// Accumulates replicates of one cell. Blocks of replicates accumulate separately and are then
/// merged in block order.
#[derive(Debug, Clone)]
pub struct CellAccumulator {
    shape: Shape,
    /// Start of each player's actions in the flattened (player, action) arrays; one extra at the end.
    offsets: Vec<usize>,
    /// Per player: the mean and variance of the per-replicate payoff per round.
    payoff: Vec<Welford>,
    /// Constrained rounds per player, over all replicates. (Action totals and the number of
    /// rounds are sums of the per-round counts, so they are not kept twice.)
    constrained_totals: Vec<u64>,
    /// One row per round: [replicates that reached it, payoff sum per player, count per
    /// (player, action)]. One interleaved row keeps a round's updates on one or two cache lines;
    /// three separate arrays made long matches memory-bound. Counts are kept as f64, exact up to
    /// 2^53, far above rounds × replicates at the scenario limits.
    round_table: Vec<f64>,
    row_width: usize,
    // The replicate being played.
    current_payoffs: Vec<f64>,
    current_rounds: u64,
}

impl CellAccumulator {
    pub fn new(shape: Shape) -> CellAccumulator {
        let offsets = shape.action_offsets();
        let players = shape.action_counts.len();
        let row_width = shape.row_width();
        CellAccumulator {
            payoff: vec![Welford::default(); players],
            constrained_totals: vec![0; players],
            round_table: vec![0.0; shape.max_rounds * row_width],
            row_width,
            current_payoffs: vec![0.0; players],
            current_rounds: 0,
            offsets,
            shape,
        }
    }

    fn players(&self) -> usize {
        self.shape.action_counts.len()
    }

    /// Closes the replicate whose rounds were just recorded.
    pub fn finish_replicate(&mut self) {
        let rounds = self.current_rounds.max(1) as f64;
        for player in 0..self.players() {
            self.payoff[player].push(self.current_payoffs[player] / rounds);
        }
        self.current_payoffs.fill(0.0);
        self.current_rounds = 0;
    }

    /// Adds a later block's replicates. Merging in a fixed order keeps results bit-identical.
    pub fn merge(&mut self, later: &CellAccumulator) {
        for (mine, theirs) in self.payoff.iter_mut().zip(&later.payoff) {
            mine.merge(theirs);
        }
        for (mine, theirs) in self.round_table.iter_mut().zip(&later.round_table) {
            *mine += theirs;
        }
        for (mine, theirs) in self
            .constrained_totals
            .iter_mut()
            .zip(&later.constrained_totals)
        {
            *mine += theirs;
        }
    }

    pub fn replicates(&self) -> u64 {
        self.payoff.first().map_or(0, |welford| welford.count)
    }

    /// The finished statistics.
    pub fn summarize(&self) -> CellSummary {
        let players = self.players();
        // Shares pool all rounds of all replicates: whole-number counts, so no rounding accumulates.
        let slots = self.offsets[players];
        let rows = || self.round_table.chunks_exact(self.row_width);
        let rounds = rows().map(|row| row[0]).sum::<f64>().max(1.0);
        let mut action_totals = vec![0.0; slots];
        for row in rows() {
            action_totals
                .iter_mut()
                .zip(&row[1 + players..])
                .for_each(|(total, count)| *total += count);
        }
        let player_summaries = (0..players)
            .map(|player| {
                let welford = &self.payoff[player];
                let (ci95_low, ci95_high) = welford.confidence_interval_95();
                let actions = self.offsets[player]..self.offsets[player + 1];
                PlayerSummary {
                    replicates: welford.count,
                    mean_payoff: welford.mean,
                    sd_payoff: welford.standard_deviation(),
                    ci95_low,
                    ci95_high,
                    shares: action_totals[actions]
                        .iter()
                        .map(|count| count / rounds)
                        .collect(),
                    constrained_share: self.constrained_totals[player] as f64 / rounds,
                }
            })
            .collect();
        let rounds = rows()
            .take_while(|row| row[0] > 0.0)
            .map(|row| {
                let reached = row[0];
                let counts = &row[1 + players..];
                RoundSummary {
                    replicates: reached as u64,
                    players: (0..players)
                        .map(|player| RoundPlayer {
                            mean_payoff: row[1 + player] / reached,
                            shares: counts[self.offsets[player]..self.offsets[player + 1]]
                                .iter()
                                .map(|count| count / reached)
                                .collect(),
                        })
                        .collect(),
                }
            })
            .collect();
        CellSummary {
            players: player_summaries,
            rounds,
        }
    }
}

impl RoundSink for CellAccumulator {
    #[inline]
    fn round(&mut self, round: usize, outcome: &RoundOutcome<'_>) {
        let players = outcome.actions.len();
        self.current_rounds += 1;
        let row = &mut self.round_table[round * self.row_width..(round + 1) * self.row_width];
        let (reached, rest) = row.split_at_mut(1);
        let (payoff_sums, counts) = rest.split_at_mut(players);
        reached[0] += 1.0;
        let current = &mut self.current_payoffs[..players];
        let constrained = &mut self.constrained_totals[..players];
        let offsets = &self.offsets[..players];
        for player in 0..players {
            let payoff = outcome.payoffs[player];
            current[player] += payoff;
            payoff_sums[player] += payoff;
            constrained[player] += u64::from(outcome.constrained[player]);
            counts[offsets[player] + outcome.actions[player]] += 1.0;
        }
    }
}

/// One player's results in one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayerSummary {
    pub replicates: u64,
    /// Payoff per round, averaged over replicates.
    pub mean_payoff: f64,
    pub sd_payoff: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    /// Share of all rounds played (pooled over replicates) with each of the player's actions.
    pub shares: Vec<f64>,
    /// Share of all rounds in which a constraint replaced the strategy's choice.
    pub constrained_share: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RoundPlayer {
    pub mean_payoff: f64,
    pub shares: Vec<f64>,
}

/// One round across the replicates that reached it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundSummary {
    pub replicates: u64,
    pub players: Vec<RoundPlayer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CellSummary {
    pub players: Vec<PlayerSummary>,
    pub rounds: Vec<RoundSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welford_matches_the_two_pass_formulas() {
        let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let mut welford = Welford::default();
        values.iter().for_each(|v| welford.push(*v));
        let mean = values.iter().sum::<f64>() / 8.0;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 7.0;
        assert_eq!(welford.mean, 5.0);
        assert!((welford.standard_deviation() - variance.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn merged_blocks_equal_one_pass() {
        let values: Vec<f64> = (0..50).map(|i| ((i * 37) % 11) as f64 * 0.3).collect();
        let mut whole = Welford::default();
        values.iter().for_each(|v| whole.push(*v));
        let (mut left, mut right) = (Welford::default(), Welford::default());
        values[..17].iter().for_each(|v| left.push(*v));
        values[17..].iter().for_each(|v| right.push(*v));
        left.merge(&right);
        assert_eq!(left.count, whole.count);
        assert!((left.mean - whole.mean).abs() < 1e-12);
        assert!((left.standard_deviation() - whole.standard_deviation()).abs() < 1e-12);
    }

    #[test]
    fn confidence_interval_uses_student_t() {
        // n = 2, values 0 and 2: mean 1, sd sqrt(2), t(0.975, 1) = 12.7062047362.
        let mut welford = Welford::default();
        welford.push(0.0);
        welford.push(2.0);
        let (low, high) = welford.confidence_interval_95();
        let half = 12.706_204_736_174_7 * 2f64.sqrt() / 2f64.sqrt();
        assert!((low - (1.0 - half)).abs() < 1e-6 && (high - (1.0 + half)).abs() < 1e-6);
    }
}

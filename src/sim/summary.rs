//! Streaming accumulators: per-replicate payoff mean and variance, action shares and per-round
//! statistics, merged in a fixed order so the result does not depend on the thread count.
//! Their size depends on the game and the match length (in bins of rounds), never on the number
//! of replicates.

use super::matchup::{RoundOutcome, RoundSink};
use super::student::t_975;
use crate::game::relations::{PATTERNS, Relations};
use std::sync::Arc;

/// Running mean and variance (Welford), mergeable (Chan, Golub and LeVeque 1979).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Welford {
    pub count: u64,
    pub mean: f64,
    sum_squared_deviations: f64,
}

impl Welford {
    /// A state as if `count` values with this mean and sum of squared deviations had been pushed.
    pub fn from_parts(count: u64, mean: f64, sum_squared_deviations: f64) -> Welford {
        Welford {
            count,
            mean,
            sum_squared_deviations,
        }
    }

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
        // u128: two counts near u64::MAX must not wrap (the estimate refuses such runs anyway).
        let count = self.count as u128 + other.count as u128;
        let delta = other.mean - self.mean;
        self.mean += delta * other.count as f64 / count as f64;
        self.sum_squared_deviations += other.sum_squared_deviations
            + delta * delta * self.count as f64 * other.count as f64 / count as f64;
        self.count = u64::try_from(count).unwrap_or(u64::MAX);
    }

    /// Sample standard deviation (n - 1 in the denominator); NaN below two values. Identical
    /// values give exactly 0: their deviations are exactly 0, pushed or merged.
    pub fn standard_deviation(&self) -> f64 {
        if self.count < 2 {
            f64::NAN
        } else {
            (self.sum_squared_deviations / (self.count - 1) as f64).sqrt()
        }
    }

    /// Student-t 95% confidence interval for the mean; NaN below two values. With a zero
    /// standard deviation it collapses to the mean.
    pub fn confidence_interval_95(&self) -> (f64, f64) {
        if self.count < 2 {
            return (f64::NAN, f64::NAN);
        }
        let sd = self.standard_deviation();
        if sd == 0.0 {
            return (self.mean, self.mean);
        }
        let half_width = t_975((self.count - 1) as f64) * sd / (self.count as f64).sqrt();
        (self.mean - half_width, self.mean + half_width)
    }
}

/// A sum kept as an unevaluated pair `high + low` (Knuth's TwoSum), exact for the payoff sums of
/// a match: a replicate of a game whose payoff never changes sums to exactly rounds × payoff,
/// so its per-round payoff is exactly the payoff and identical replicates give sd 0 even when
/// their lengths differ (a plain f64 sum drifts by an ulp every few rounds).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct ExactSum {
    high: f64,
    low: f64,
}

impl ExactSum {
    #[inline(always)]
    fn add(&mut self, value: f64) {
        let sum = self.high + value;
        let high_part = sum - value;
        let error = (self.high - high_part) + (value - (sum - high_part));
        self.high = sum;
        self.low += error;
    }

    /// (high + low) / divisor, correctly rounded in the cases that matter here: when the exact
    /// quotient is a double (a constant payoff) it is returned exactly.
    fn divided_by(self, divisor: f64) -> f64 {
        let quotient = self.high / divisor;
        // The remainder of a division is exact with a fused multiply-add.
        let remainder = (-quotient).mul_add(divisor, self.high) + self.low;
        quotient + remainder / divisor
    }
}

/// The shape of a cell's results: players, actions per player, the longest match, how many
/// rounds one row of the per-round table covers, and how many players each player observes
/// through perception noise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub action_counts: Vec<usize>,
    pub max_rounds: usize,
    /// Rounds per row of the per-round table (1: every round has its row).
    pub round_bin: usize,
    /// Per player, the players it may misread (its `[[game.perception]]` entries): its
    /// observations per round, the denominator of `misperceived_share`.
    pub observed_counts: Vec<usize>,
    /// State variables, each summed per row of the per-round table.
    pub states: usize,
    /// Joint actions counted per row (joint.csv); 0 when the game has too many to record.
    pub joint_actions: usize,
    /// `[relations]`: amity per named pair (and the triangle's pattern) counted per row.
    pub relations: Option<Arc<Relations>>,
    /// Keep every replicate's rounds and payoff totals (a tournament ranks by the median over
    /// repetitions and counts wins per match, which the streaming moments cannot give).
    pub keep_replicates: bool,
}

impl Shape {
    /// Every round in its own row; nobody misreads anybody.
    pub fn new(action_counts: Vec<usize>, max_rounds: usize) -> Shape {
        Shape {
            observed_counts: vec![0; action_counts.len()],
            action_counts,
            max_rounds,
            round_bin: 1,
            states: 0,
            joint_actions: 0,
            relations: None,
            keep_replicates: false,
        }
    }

    /// Keeping each replicate's totals ([`ReplicateTotals`]).
    pub fn keeping_replicates(mut self, keep: bool) -> Shape {
        self.keep_replicates = keep;
        self
    }

    /// Counting each row's joint actions (`joint_actions` of them; 0 counts none).
    pub fn counting_joint(mut self, joint_actions: usize) -> Shape {
        self.joint_actions = joint_actions;
        self
    }

    /// Counting each row's amity per pair of `relations`.
    pub fn with_relations(mut self, relations: Option<Arc<Relations>>) -> Shape {
        self.relations = relations;
        self
    }

    /// Counts per row of the relations table: amity per named pair, then, for a triangle, one
    /// count per amity pattern.
    pub fn relations_width(&self) -> usize {
        self.relations.as_ref().map_or(0, |relations| {
            relations.pairs.len() + if relations.triangle { PATTERNS } else { 0 }
        })
    }

    /// Every 8-byte slot of one row: the per-round table's, the joint counts and the relations
    /// counts. A block accumulator holds `bins() × slots_per_row()` of them.
    pub fn slots_per_row(&self) -> usize {
        self.row_width() + self.joint_actions + self.relations_width()
    }

    /// With `states` state variables, whose values after each round are averaged per row.
    pub fn with_states(mut self, states: usize) -> Shape {
        self.states = states;
        self
    }

    /// With `observed_counts[p]` players observed by player p through perception noise.
    pub fn observing(mut self, observed_counts: Vec<usize>) -> Shape {
        self.observed_counts = observed_counts;
        self
    }

    /// Rows of `round_bin` rounds each (at least 1).
    pub fn binned(mut self, round_bin: usize) -> Shape {
        self.round_bin = round_bin.max(1);
        self
    }

    /// Rows of the per-round table.
    pub fn bins(&self) -> usize {
        self.max_rounds.div_ceil(self.round_bin.max(1))
    }

    /// Width of a per-round row: replicates that reached the bin, a payoff sum per player, a
    /// count per (player, action), a sum per state variable.
    pub fn row_width(&self) -> usize {
        1 + self.action_counts.len() + self.action_counts.iter().sum::<usize>() + self.states
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
    /// Misread observations per observing player, over all replicates.
    misperceived_totals: Vec<u64>,
    /// One row per bin of rounds: [replicates that reached the bin's first round, payoff sum per
    /// player, count per (player, action)]. One interleaved row keeps a round's updates on one
    /// or two cache lines; three separate arrays made long matches memory-bound. Counts are kept
    /// as f64, exact up to 2^53, far above rounds × replicates at the scenario limits. The
    /// replicate-rounds in a bin are the sum of the first player's counts, so no column is spent
    /// on them.
    round_table: Vec<f64>,
    row_width: usize,
    round_bin: usize,
    /// Per bin, a count per joint action (`joint_actions` of them): joint.csv.
    joint_table: Vec<u64>,
    joint_actions: usize,
    /// Per bin, amity counts per pair then, for a triangle, per amity pattern: relations.csv.
    relation_table: Vec<u64>,
    relations_width: usize,
    /// Each finished replicate's totals, when the shape keeps them.
    kept: Vec<f64>,
    // The replicate being played.
    current_payoffs: Vec<ExactSum>,
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
            misperceived_totals: vec![0; players],
            round_table: vec![0.0; shape.bins() * row_width],
            row_width,
            joint_table: vec![0; shape.bins() * shape.joint_actions],
            joint_actions: shape.joint_actions,
            relation_table: vec![0; shape.bins() * shape.relations_width()],
            relations_width: shape.relations_width(),
            round_bin: shape.round_bin.max(1),
            kept: Vec::new(),
            current_payoffs: vec![ExactSum::default(); players],
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
        if self.shape.keep_replicates {
            self.kept.push(self.current_rounds as f64);
            self.kept
                .extend(self.current_payoffs.iter().map(|sum| sum.high + sum.low));
        }
        for player in 0..self.players() {
            let per_round = self.current_payoffs[player].divided_by(rounds);
            self.payoff[player].push(per_round);
            if self.shape.keep_replicates {
                self.kept.push(per_round);
            }
        }
        self.current_payoffs.fill(ExactSum::default());
        self.current_rounds = 0;
    }

    /// Adds a later block's replicates. Merging in a fixed order keeps results bit-identical.
    pub fn merge(&mut self, later: &CellAccumulator) {
        // Blocks merge in replicate order, so the kept totals stay in replicate order.
        self.kept.extend_from_slice(&later.kept);
        for (mine, theirs) in self.payoff.iter_mut().zip(&later.payoff) {
            mine.merge(theirs);
        }
        for (mine, theirs) in self.round_table.iter_mut().zip(&later.round_table) {
            *mine += theirs;
        }
        for (mine, theirs) in self.joint_table.iter_mut().zip(&later.joint_table) {
            *mine += theirs;
        }
        for (mine, theirs) in self.relation_table.iter_mut().zip(&later.relation_table) {
            *mine += theirs;
        }
        for (mine, theirs) in self
            .constrained_totals
            .iter_mut()
            .zip(&later.constrained_totals)
        {
            *mine += theirs;
        }
        for (mine, theirs) in self
            .misperceived_totals
            .iter_mut()
            .zip(&later.misperceived_totals)
        {
            *mine += theirs;
        }
    }

    pub fn replicates(&self) -> u64 {
        self.payoff.first().map_or(0, |welford| welford.count)
    }

    /// The finished statistics. The per-round table moves into the summary as it is (one flat
    /// array), so summarising copies nothing that grows with the match length.
    pub fn into_summary(self) -> CellSummary {
        let players = self.players();
        // Shares pool all rounds of all replicates: whole-number counts, so no rounding accumulates.
        let slots = self.offsets[players];
        let mut action_totals = vec![0.0; slots];
        for row in self.round_table.chunks_exact(self.row_width) {
            action_totals
                .iter_mut()
                .zip(&row[1 + players..])
                .for_each(|(total, count)| *total += count);
        }
        // Every round played has exactly one action of the first player.
        let rounds = action_totals[..self.offsets.get(1).copied().unwrap_or(0)]
            .iter()
            .sum::<f64>()
            .max(1.0);
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
                    misperceived_share: match self.shape.observed_counts.get(player) {
                        Some(&observed) if observed > 0 => {
                            self.misperceived_totals[player] as f64 / (rounds * observed as f64)
                        }
                        _ => 0.0,
                    },
                }
            })
            .collect();
        let reached = self
            .round_table
            .chunks_exact(self.row_width)
            .take_while(|row| row[0] > 0.0)
            .count();
        let mut rows = self.round_table;
        rows.truncate(reached * self.row_width);
        let mut joint = self.joint_table;
        joint.truncate(reached * self.joint_actions);
        let mut relations = self.relation_table;
        relations.truncate(reached * self.relations_width);
        CellSummary {
            replicates: ReplicateTotals {
                width: 1 + 2 * players,
                values: self.kept,
            },
            players: player_summaries,
            rounds: RoundTable {
                rows,
                row_width: self.row_width,
                joint,
                joint_actions: self.joint_actions,
                relations,
                relations_width: self.relations_width,
                offsets: self.offsets,
                round_bin: self.round_bin,
                max_rounds: self.shape.max_rounds,
            },
        }
    }

    /// `into_summary` of a copy.
    pub fn summarize(&self) -> CellSummary {
        self.clone().into_summary()
    }
}

impl CellAccumulator {
    /// Counts the round's amity per pair and, for three players, its amity pattern. Kept out of
    /// `round`, so that the round loop of a run without `[relations]` inlines a smaller body.
    #[inline(never)]
    fn count_relations(&mut self, bin: usize, actions: &[usize]) {
        let Some(relations) = &self.shape.relations else {
            return;
        };
        let width = self.relations_width;
        let row = &mut self.relation_table[bin * width..(bin + 1) * width];
        let (amity, patterns) = row.split_at_mut(relations.pairs.len());
        let mut pattern = 0usize;
        for (count, pair) in amity.iter_mut().zip(&relations.pairs) {
            let in_amity = pair.in_amity(actions);
            *count += u64::from(in_amity);
            pattern |= usize::from(in_amity) << pair.bit;
        }
        if let Some(count) = patterns.get_mut(pattern) {
            *count += 1;
        }
    }
}

impl RoundSink for CellAccumulator {
    #[inline]
    fn round(&mut self, round: usize, outcome: &RoundOutcome<'_>) {
        let players = outcome.actions.len();
        self.current_rounds += 1;
        // Unbinned tables (the common case) skip the division.
        let (bin, first_of_bin) = if self.round_bin == 1 {
            (round, true)
        } else {
            (round / self.round_bin, round.is_multiple_of(self.round_bin))
        };
        let row = &mut self.round_table[bin * self.row_width..(bin + 1) * self.row_width];
        let (reached, rest) = row.split_at_mut(1);
        let (payoff_sums, counts) = rest.split_at_mut(players);
        reached[0] += f64::from(u8::from(first_of_bin));
        let current = &mut self.current_payoffs[..players];
        let constrained = &mut self.constrained_totals[..players];
        let offsets = &self.offsets[..players];
        for player in 0..players {
            let payoff = outcome.payoffs[player];
            current[player].add(payoff);
            payoff_sums[player] += payoff;
            constrained[player] += u64::from(outcome.constrained[player]);
            counts[offsets[player] + outcome.actions[player]] += 1.0;
        }
        if self.joint_actions > 0
            && let Some(count) = self
                .joint_table
                .get_mut(bin * self.joint_actions + outcome.joint)
        {
            *count += 1;
        }
        if self.shape.relations.is_some() {
            self.count_relations(bin, outcome.actions);
        }
    }

    #[inline]
    fn states(&mut self, round: usize, values: &[f64]) {
        // As in `round`: unbinned tables skip the division.
        let bin = if self.round_bin == 1 {
            round
        } else {
            round / self.round_bin
        };
        let row = &mut self.round_table[bin * self.row_width..(bin + 1) * self.row_width];
        // The last `states` columns; a sink shaped for fewer states keeps the first ones.
        let sums = &mut row[self.row_width - self.shape.states..];
        for (sum, value) in sums.iter_mut().zip(values) {
            *sum += value;
        }
    }

    #[inline]
    fn misperceived(&mut self, _round: usize, counts: &[u32]) {
        for (total, count) in self.misperceived_totals.iter_mut().zip(counts) {
            *total += u64::from(*count);
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
    /// Share of the player's observations (rounds × players it observes through perception
    /// noise) in which it saw another action than was played; 0 when it misreads nobody.
    pub misperceived_share: f64,
}

/// Per-round statistics of one cell: the accumulator's flat table of sums, read through
/// [`RoundBin`] views, so long matches cost one array and no per-round objects.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundTable {
    rows: Vec<f64>,
    row_width: usize,
    /// Per bin, a count per joint action; empty when the run did not count them.
    joint: Vec<u64>,
    joint_actions: usize,
    /// Per bin, amity counts per named pair, then (a triangle) per amity pattern.
    relations: Vec<u64>,
    relations_width: usize,
    offsets: Vec<usize>,
    round_bin: usize,
    max_rounds: usize,
}

impl RoundTable {
    /// Bins reached by at least one replicate.
    pub fn len(&self) -> usize {
        self.rows.len() / self.row_width.max(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rounds per bin (1 when every round has its row).
    pub fn round_bin(&self) -> usize {
        self.round_bin
    }

    pub fn get(&self, index: usize) -> Option<RoundBin<'_>> {
        let row = self
            .rows
            .get(index * self.row_width..(index + 1) * self.row_width)?;
        Some(RoundBin {
            table: self,
            index,
            row,
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = RoundBin<'_>> {
        (0..self.len()).filter_map(|index| self.get(index))
    }

    /// Joint actions counted per bin (0 when the run counted none).
    pub fn joint_actions(&self) -> usize {
        self.joint_actions
    }

    /// Each joint action's count over every bin: rounds played in it, summed over replicates.
    pub fn joint_totals(&self) -> Vec<u64> {
        let mut totals = vec![0u64; self.joint_actions];
        for row in self.joint.chunks_exact(self.joint_actions.max(1)) {
            for (total, count) in totals.iter_mut().zip(row) {
                *total += count;
            }
        }
        totals
    }
}

/// One bin of rounds (one round when unbinned) across the replicates that reached it.
#[derive(Debug, Clone, Copy)]
pub struct RoundBin<'a> {
    table: &'a RoundTable,
    index: usize,
    row: &'a [f64],
}

impl RoundBin<'_> {
    /// The bin's first round, counting from 1.
    pub fn first_round(&self) -> u64 {
        (self.index * self.table.round_bin) as u64 + 1
    }

    /// The bin's last round, counting from 1 (at most the longest match).
    pub fn last_round(&self) -> u64 {
        (((self.index + 1) * self.table.round_bin).min(self.table.max_rounds) as u64)
            .max(self.first_round())
    }

    /// Replicates that reached the bin's first round.
    pub fn replicates(&self) -> u64 {
        self.row[0] as u64
    }

    fn players(&self) -> usize {
        self.table.offsets.len() - 1
    }

    /// Rounds played in the bin, summed over replicates (the replicates when unbinned).
    pub fn replicate_rounds(&self) -> f64 {
        let players = self.players();
        let end = self.table.offsets.get(1).copied().unwrap_or(0);
        self.row[1 + players..1 + players + end].iter().sum()
    }

    /// The player's payoff per round, averaged over the replicate-rounds in the bin.
    pub fn mean_payoff(&self, player: usize) -> f64 {
        self.row[1 + player] / self.replicate_rounds()
    }

    /// The share of the bin's replicate-rounds in which the player played each of its actions.
    pub fn shares(&self, player: usize) -> impl Iterator<Item = f64> + '_ {
        let players = self.players();
        let rounds = self.replicate_rounds();
        let counts = &self.row[1 + players..];
        counts[self.table.offsets[player]..self.table.offsets[player + 1]]
            .iter()
            .map(move |count| count / rounds)
    }

    /// The bin's rounds played in each joint action, summed over replicates; empty when the run
    /// counted none.
    pub fn joint_counts(&self) -> &[u64] {
        let width = self.table.joint_actions;
        self.table
            .joint
            .get(self.index * width..(self.index + 1) * width)
            .unwrap_or(&[])
    }

    /// The bin's rounds with each named pair in amity (summed over replicates), then, for a
    /// triangle, the rounds of each amity pattern; empty without `[relations]`.
    pub fn relation_counts(&self) -> &[u64] {
        let width = self.table.relations_width;
        self.table
            .relations
            .get(self.index * width..(self.index + 1) * width)
            .unwrap_or(&[])
    }

    /// Each state variable's value after the bin's rounds, averaged over its replicate-rounds.
    pub fn state_means(&self) -> impl Iterator<Item = f64> + '_ {
        let players = self.players();
        let states = 1 + players + self.table.offsets[players];
        let rounds = self.replicate_rounds();
        self.row[states..].iter().map(move |sum| sum / rounds)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CellSummary {
    pub players: Vec<PlayerSummary>,
    pub rounds: RoundTable,
    /// Every replicate's totals, in replicate order; empty unless the shape kept them.
    pub replicates: ReplicateTotals,
}

/// Per replicate: the rounds played, each player's payoff summed over them, then each player's
/// payoff per round (exactly as summary.csv averages it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReplicateTotals {
    width: usize,
    values: Vec<f64>,
}

impl ReplicateTotals {
    pub fn len(&self) -> usize {
        self.values.len().checked_div(self.width).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Rounds played in `replicate`.
    pub fn rounds(&self, replicate: usize) -> f64 {
        self.values[replicate * self.width]
    }

    /// `player`'s payoff summed over the rounds of `replicate`.
    pub fn total(&self, replicate: usize, player: usize) -> f64 {
        self.values[replicate * self.width + 1 + player]
    }

    /// `player`'s payoff per round in `replicate`.
    pub fn per_round(&self, replicate: usize, player: usize) -> f64 {
        let players = (self.width - 1) / 2;
        self.values[replicate * self.width + 1 + players + player]
    }
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

    /// Plays `lengths.len()` replicates of one player whose payoff is always `payoff`, the
    /// replicate i lasting lengths[i] rounds.
    fn constant_replicates(payoff: f64, lengths: &[usize]) -> CellAccumulator {
        let max = lengths.iter().copied().max().unwrap_or(1);
        let mut accumulator = CellAccumulator::new(Shape::new(vec![2, 2], max));
        for &length in lengths {
            for round in 0..length {
                let outcome = RoundOutcome {
                    actions: &[0, 1],
                    payoffs: &[payoff, 5.0],
                    constrained: &[false, false],
                    joint: 0,
                };
                accumulator.round(round, &outcome);
            }
            accumulator.finish_replicate();
        }
        accumulator
    }

    #[test]
    fn identical_per_round_payoffs_give_sd_zero_whatever_the_match_lengths() {
        // -1.34 is not a binary fraction: a plain running sum of it over 47, 100, 313 … rounds
        // divided by the rounds differs from -1.34 in the last bits, and the replicates' sd came
        // out near 1e-15 (kuril with noise 0 and a continuation probability).
        let lengths: Vec<usize> = (0..300).map(|i| 1 + (i * 7919) % 997).collect();
        let naive: Vec<f64> = lengths
            .iter()
            .map(|&n| (0..n).fold(0.0, |sum, _| sum + -1.34) / n as f64)
            .collect();
        assert!(
            naive.iter().any(|value| *value != -1.34),
            "the test needs drift"
        );
        let mut blocks = lengths
            .chunks(64)
            .map(|chunk| constant_replicates(-1.34, chunk));
        let mut total = blocks.next().unwrap();
        blocks.for_each(|block| total.merge(&block));
        let summary = total.into_summary();
        for player in &summary.players {
            assert_eq!(player.replicates, 300);
            assert_eq!(player.sd_payoff, 0.0);
            assert_eq!(
                (player.ci95_low, player.ci95_high),
                (player.mean_payoff, player.mean_payoff)
            );
        }
        assert_eq!(summary.players[0].mean_payoff, -1.34);
        assert_eq!(summary.players[1].mean_payoff, 5.0);
    }

    #[test]
    fn exact_sums_divide_back_to_the_payoff() {
        for payoff in [0.1, -1.34, 3.0499999999999994, 1e12 / 3.0, 2.0f64.sqrt()] {
            for rounds in [1, 2, 3, 7, 100, 999, 65_537, 1_000_000] {
                let mut sum = ExactSum::default();
                (0..rounds).for_each(|_| sum.add(payoff));
                assert_eq!(sum.divided_by(rounds as f64), payoff, "{payoff} × {rounds}");
            }
        }
        // Mixed values: 0.1 + 0.2 + 0.3 is 0.6000000000000001 as plain f64, 0.6 here.
        let mut sum = ExactSum::default();
        [0.1, 0.2, 0.3].iter().for_each(|v| sum.add(*v));
        assert_eq!(sum.divided_by(3.0), 0.2);
    }

    #[test]
    fn a_hundred_million_replicates_worth_of_counts_summarize_quickly() {
        // Built directly, not simulated: 10^8 replicates of 200 rounds with a known spread.
        let start = std::time::Instant::now();
        let replicates = 100_000_000u64;
        let mut accumulator = CellAccumulator::new(Shape::new(vec![2, 2], 200));
        for row in accumulator
            .round_table
            .chunks_exact_mut(accumulator.row_width)
        {
            // reached, payoff sums, counts (A: C, D; B: C, D).
            let n = replicates as f64;
            row.copy_from_slice(&[n, 3.0 * n, 2.0 * n, 0.75 * n, 0.25 * n, 0.5 * n, 0.5 * n]);
        }
        // Mean 3, sample variance 0.25 (sd 0.5).
        let m2 = 0.25 * (replicates - 1) as f64;
        accumulator.payoff = vec![Welford::from_parts(replicates, 3.0, m2); 2];
        let summary = accumulator.into_summary();
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        let player = &summary.players[0];
        assert_eq!(player.replicates, replicates);
        assert!((player.sd_payoff - 0.5).abs() < 1e-12);
        // Half-width t(0.975, 10^8 - 1) × 0.5 / 10^4, with t within 1e-7 of z.
        let half = 1.959_963_984_540_054 * 0.5 / 1e4;
        assert!(
            (player.ci95_high - 3.0 - half).abs() < 1e-10,
            "{}",
            player.ci95_high
        );
        assert!((3.0 - player.ci95_low - half).abs() < 1e-10);
        assert_eq!(player.shares, vec![0.75, 0.25]);
        assert_eq!(summary.rounds.len(), 200);
        let bin = summary.rounds.get(199).unwrap();
        assert_eq!(
            (bin.first_round(), bin.last_round(), bin.replicates()),
            (200, 200, replicates)
        );
        assert_eq!(bin.mean_payoff(1), 2.0);
    }

    #[test]
    fn bins_average_over_their_replicate_rounds() {
        // Rounds of 10 in bins of 4: [1-4], [5-8], [9-10]. Player A's payoff is the round
        // number (1-based); A plays D in even rounds. Two replicates, of 10 and of 6 rounds.
        let shape = Shape::new(vec![2, 2], 10).binned(4);
        assert_eq!(shape.bins(), 3);
        let mut accumulator = CellAccumulator::new(shape);
        for length in [10, 6] {
            for round in 0..length {
                let action = usize::from((round + 1) % 2 == 0);
                let outcome = RoundOutcome {
                    actions: &[action, 0],
                    payoffs: &[(round + 1) as f64, 1.0],
                    constrained: &[false, false],
                    joint: 0,
                };
                accumulator.round(round, &outcome);
            }
            accumulator.finish_replicate();
        }
        let summary = accumulator.into_summary();
        let bins: Vec<_> = summary.rounds.iter().collect();
        assert_eq!(bins.len(), 3);
        let expect = [
            // first, last, replicates, replicate-rounds, mean payoff of A, share of D
            (1, 4, 2, 8.0, (1 + 2 + 3 + 4) as f64 * 2.0 / 8.0, 0.5),
            (
                5,
                8,
                2,
                6.0,
                (5 + 6 + 7 + 8 + 5 + 6) as f64 / 6.0,
                3.0 / 6.0,
            ),
            (9, 10, 1, 2.0, (9 + 10) as f64 / 2.0, 0.5),
        ];
        for (bin, (first, last, replicates, rounds, mean, share_d)) in bins.iter().zip(expect) {
            assert_eq!(bin.first_round(), first);
            assert_eq!(bin.last_round(), last);
            assert_eq!(bin.replicates(), replicates);
            assert_eq!(bin.replicate_rounds(), rounds);
            assert_eq!(bin.mean_payoff(0), mean);
            assert_eq!(
                bin.shares(0).collect::<Vec<_>>(),
                vec![1.0 - share_d, share_d]
            );
            assert_eq!(bin.mean_payoff(1), 1.0);
        }
        // Whole-match statistics do not depend on the binning.
        assert_eq!(summary.players[0].shares, vec![8.0 / 16.0, 8.0 / 16.0]);
    }
}

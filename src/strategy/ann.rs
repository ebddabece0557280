//! Axelrod-Python's evolved neural-network players (`ann`): a fixed network of published weights over features of the match so far.
//!
//! Each round the network reads 17 features (the opponent's first two moves, both players'
//! last two moves, each player's cooperation and defection counts and the round number), takes
//! them through one hidden layer of rectified units to a single output, and cooperates when the
//! output is positive. Round 1 sees all-zero features.
//!
//! The sign of the output decides the move, so the arithmetic follows Axelrod's bit for bit:
//! - numpy multiplies the hidden weights by the features with OpenBLAS's `dgemv_t` (the Haswell
//!   kernel the reference fixture was recorded with). Its first 16 features go in lanes of
//!   four (feature i in lane i mod 4), reduced as (lane 0 + lane 2) + (lane 1 + lane 3); for
//!   rows in whole groups of four the lanes accumulate with fused multiply-adds, the next two
//!   rows use two unfused lanes, a last odd row four unfused lanes. The 17th feature (the round
//!   number) is then added with a fused multiply-add, and the bias after it.
//! - Axelrod's rectifier is `np.vectorize(lambda x: max(x, 0))`, whose output type numpy takes
//!   from the first unit: when the first unit is negative its `0` is an integer, and every
//!   positive unit is truncated to an integer too.
//! - The output sums the units times their weights in order, unfused (`ddot` on ten or fewer
//!   terms).
//!
//! `Memory.bits` keeps the opponent's opening moves beyond the view's 64 rounds: bit 0 is set
//! when its first move was D, bit 1 when its second was; recorded in rounds 2 and 3. No other
//! memory field is used.

mod weights;

use super::entry::{Entry, classifier};
use super::{Memory, Move, Policy, View};
use rand::Rng;

/// Features the published networks read.
pub const FEATURES: usize = 17;

/// A network's published weights, as Axelrod splits its weight vector.
#[derive(Debug, PartialEq)]
pub struct Network {
    /// Per hidden unit, its weight on each feature.
    pub hidden: &'static [[f64; FEATURES]],
    /// Per hidden unit, its weight in the output.
    pub output: &'static [f64],
    /// Per hidden unit, its bias.
    pub bias: &'static [f64],
}

/// The most hidden units a published network has.
const MAX_HIDDEN: usize = 10;

/// How OpenBLAS's kernel sums one hidden row's first 16 products, in lanes.
#[derive(Clone, Copy)]
enum RowKernel {
    /// Rows in whole groups of four: four lanes of fused multiply-adds.
    FusedFour,
    /// The two rows after them: two lanes, multiply then add.
    UnfusedTwo,
    /// A last odd row: four lanes, multiply then add.
    UnfusedFour,
}

impl Network {
    fn kernel(&self, row: usize) -> RowKernel {
        let units = self.hidden.len();
        let grouped = units / 4 * 4;
        if row < grouped {
            RowKernel::FusedFour
        } else if units % 4 >= 2 && row < grouped + 2 {
            RowKernel::UnfusedTwo
        } else {
            RowKernel::UnfusedFour
        }
    }

    /// A hidden unit's value before the rectifier: weights times features, plus its bias.
    fn unit(&self, row: usize, features: &[f64; FEATURES]) -> f64 {
        let weights = &self.hidden[row];
        let mut lanes = [0.0f64; 4];
        match self.kernel(row) {
            RowKernel::FusedFour => {
                for i in 0..16 {
                    lanes[i % 4] = weights[i].mul_add(features[i], lanes[i % 4]);
                }
            }
            RowKernel::UnfusedTwo => {
                for i in 0..16 {
                    lanes[i % 2] += weights[i] * features[i];
                }
            }
            RowKernel::UnfusedFour => {
                for i in 0..16 {
                    lanes[i % 4] += weights[i] * features[i];
                }
            }
        }
        let head = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
        let product = weights[16].mul_add(features[16], 0.0 + head);
        self.bias[row] + product
    }

    /// The network's output on these features.
    fn output(&self, features: &[f64; FEATURES]) -> f64 {
        let mut units = [0.0f64; MAX_HIDDEN];
        for (row, unit) in units.iter_mut().enumerate().take(self.hidden.len()) {
            *unit = self.unit(row, features);
        }
        // numpy's vectorised `max(x, 0)` is integer-typed when the first unit is negative.
        let integer = units[0] < 0.0;
        let mut sum = 0.0;
        for (unit, weight) in units.iter().zip(self.output) {
            let rectified = if *unit < 0.0 {
                0.0
            } else if integer {
                unit.trunc()
            } else {
                *unit
            };
            sum += rectified * weight;
        }
        sum
    }
}

/// An evolved network with its published weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    network: &'static Network,
}

impl Rule {
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, _rng: &mut R) -> Move {
        // The opponent's opening moves are the newest in the view in rounds 2 and 3.
        if (1..=2).contains(&view.rounds) && view.opponent_move(1) == Move::D {
            memory.bits |= 1 << (view.rounds - 1);
        }
        let output = self.network.output(&features(view, memory));
        Move::from_defected(output <= 0.0)
    }

    pub fn is_stochastic(&self) -> bool {
        false
    }
}

/// Axelrod's 17 features, in its order; a move not yet played counts as neither C nor D.
fn features(view: &View, memory: &Memory) -> [f64; FEATURES] {
    let one_hot = |played: bool, defected: bool| -> [f64; 2] {
        match (played, defected) {
            (false, _) => [0.0, 0.0],
            (true, false) => [1.0, 0.0],
            (true, true) => [0.0, 1.0],
        }
    };
    let rounds = view.rounds;
    let opening = |index: u32| one_hot(rounds > index, memory.bits >> index & 1 == 1);
    let own = |back: u32| one_hot(rounds >= back, view.own_move(back) == Move::D);
    let opponent = |back: u32| one_hot(rounds >= back, view.opponent_move(back) == Move::D);
    let [first_c, first_d] = opening(0);
    let [second_c, second_d] = opening(1);
    let [own_c, own_d] = own(1);
    let [own2_c, own2_d] = own(2);
    let [opponent_c, opponent_d] = opponent(1);
    let [opponent2_c, opponent2_d] = opponent(2);
    [
        first_c,
        first_d,
        second_c,
        second_d,
        own_c,
        own_d,
        own2_c,
        own2_d,
        opponent_c,
        opponent_d,
        opponent2_c,
        opponent2_d,
        f64::from(view.opponent_cooperations()),
        f64::from(view.opponent_defections),
        f64::from(view.own_cooperations()),
        f64::from(view.own_defections),
        f64::from(rounds),
    ]
}

fn network(network: &'static Network) -> Result<Policy, String> {
    Ok(Policy::Ann(Rule { network }))
}

pub static EVOLVED_ANN: Entry = Entry {
    name: "evolved_ann",
    axelrod_name: Some("Evolved ANN"),
    aliases: &[],
    summary: "a network of 10 hidden units evolved by Martin Jones, over the openings, last two \
        moves, counts and round number; C when its output is positive",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| network(&weights::EVOLVED_ANN),
};

pub static EVOLVED_ANN_5: Entry = Entry {
    name: "evolved_ann_5",
    axelrod_name: Some("Evolved ANN 5"),
    aliases: &[],
    summary: "a network of 5 hidden units evolved by Marc Harper, over the openings, last two \
        moves, counts and round number; C when its output is positive",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| network(&weights::EVOLVED_ANN_5),
};

pub static EVOLVED_ANN_5_NOISE_05: Entry = Entry {
    name: "evolved_ann_5_noise_05",
    axelrod_name: Some("Evolved ANN 5 Noise 05"),
    aliases: &[],
    summary: "a network of 5 hidden units evolved by Marc Harper under 5% noise, over the \
        openings, last two moves, counts and round number; C when its output is positive",
    parameters: &[],
    classifier: classifier(None, false, false),
    build: |_, _| network(&weights::EVOLVED_ANN_5_NOISE_05),
};

/// The family's registered strategies.
pub static ENTRIES: &[&Entry] = &[&EVOLVED_ANN, &EVOLVED_ANN_5, &EVOLVED_ANN_5_NOISE_05];

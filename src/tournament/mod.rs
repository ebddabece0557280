//! Comparing strategies: a round robin of one population in a symmetric game, or a bipartite
//! tournament of two players' candidates, tabulated from a run's kept replicate totals (each
//! replicate of a cell is one repetition of that match), with Axelrod-Python's conventions.

pub mod meta_game;
pub mod ranking;

use crate::experiment::Experiment;
use crate::sim::Summary;
use crate::sim::summary::{CellSummary, Welford};
use meta_game::{Estimate, MetaGame};
use std::collections::HashMap;

/// Who plays whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TournamentKind {
    /// One population in a symmetric two-player game: each unordered pair (self-play included)
    /// is one match per repetition.
    RoundRobin,
    /// Every candidate of the first player against every candidate of the second, each side
    /// ranked on its own.
    Bipartite,
}

impl TournamentKind {
    pub fn name(self) -> &'static str {
        match self {
            TournamentKind::RoundRobin => "round_robin",
            TournamentKind::Bipartite => "bipartite",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TournamentSpec {
    pub kind: TournamentKind,
}

/// One strategy against one opponent over the repetitions.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    /// The strategy's payoff per round in each repetition. Self-play averages the two seats, as
    /// Axelrod-Python's payoff matrix does.
    pub per_repetition: Vec<f64>,
    /// The strategy's payoff summed over each repetition's rounds (self-play: both seats'
    /// mean).
    pub totals: Vec<f64>,
    pub estimate: Estimate,
    pub sd: f64,
    /// Share of the strategy's rounds against this opponent in which it played its first
    /// action (C), pooled over repetitions.
    pub cooperation: f64,
    /// Per repetition, whether the strategy's total beat the opponent's strictly (a win);
    /// `None` for self-play.
    pub won: Option<Vec<bool>>,
    /// Rounds played over all repetitions.
    pub rounds: f64,
}

/// The strategies one ranking compares, and their results against each opponent.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    /// The game's player whose candidates these are; `None` for a round robin's population.
    pub player: Option<usize>,
    pub strategies: Vec<String>,
    pub opponents: Vec<String>,
    /// `pairings[i * opponents + j]`: strategy i against opponent j.
    pub pairings: Vec<Pairing>,
    /// Per strategy and repetition: its mean payoff per round against its opponents, self-play
    /// excluded (Axelrod-Python's normalised score).
    pub scores: Vec<Vec<f64>>,
    /// Per strategy and repetition: matches won, self-play excluded.
    pub wins: Vec<Vec<u64>>,
    /// Per strategy: share of its rounds against others in which it played its first action.
    pub cooperation: Vec<f64>,
}

impl Pairing {
    /// Repetitions won; `None` for self-play.
    pub fn wins(&self) -> Option<u64> {
        self.won
            .as_ref()
            .map(|won| won.iter().filter(|&&w| w).count() as u64)
    }
}

impl Side {
    pub fn pairing(&self, strategy: usize, opponent: usize) -> &Pairing {
        &self.pairings[strategy * self.opponents.len() + opponent]
    }

    /// Whether strategy i meeting opponent j is self-play (same population, same strategy).
    pub fn is_self_play(&self, strategy: usize, opponent: usize) -> bool {
        self.player.is_none() && strategy == opponent
    }
}

/// A tournament's results: one side for a round robin, one per player for a bipartite one.
#[derive(Debug, Clone, PartialEq)]
pub struct TournamentResults {
    pub kind: TournamentKind,
    pub repetitions: usize,
    pub sides: Vec<Side>,
}

impl TournamentResults {
    /// The meta-game whose actions are the candidate strategies and whose payoffs are the mean
    /// payoffs per round.
    pub fn meta_game(&self) -> MetaGame {
        let estimates = |side: &Side| -> Vec<Estimate> {
            side.pairings
                .iter()
                .map(|pairing| pairing.estimate)
                .collect()
        };
        match self.kind {
            TournamentKind::RoundRobin => {
                let side = &self.sides[0];
                MetaGame::symmetric(side.strategies.len(), &estimates(side))
            }
            TournamentKind::Bipartite => {
                let (first, second) = (&self.sides[0], &self.sides[1]);
                let (rows, columns) = (first.strategies.len(), second.strategies.len());
                // The second side's pairings are column-major from the first player's view.
                let column: Vec<Estimate> = (0..rows * columns)
                    .map(|at| second.pairing(at % columns, at / columns).estimate)
                    .collect();
                MetaGame::bimatrix(rows, columns, &estimates(first), &column)
            }
        }
    }
}

/// The tournament's tables from a run of `experiment` (whose cells are its matches), or `None`
/// when the run was not a tournament or kept no replicates.
pub fn tabulate(experiment: &Experiment, summary: &Summary) -> Option<TournamentResults> {
    let spec = experiment.tournament.as_ref()?;
    let repetitions = summary.cells.first()?.replicates.len();
    let mut cells: HashMap<&[usize], usize> = HashMap::new();
    for (index, cell) in experiment.cells.iter().enumerate() {
        cells.insert(&cell.profile, index);
    }
    let labels = |player: usize| -> Vec<String> {
        experiment.candidates[player]
            .iter()
            .map(|spec| spec.label.clone())
            .collect()
    };
    let sides = match spec.kind {
        TournamentKind::RoundRobin => {
            let population = labels(0);
            let k = population.len();
            let mut pairings = Vec::with_capacity(k * k);
            for i in 0..k {
                for j in 0..k {
                    let (low, high) = (i.min(j), i.max(j));
                    let cell = &summary.cells[*cells.get(&[low, high][..])?];
                    let seat = if i == j {
                        Seat::Both
                    } else {
                        Seat::One(usize::from(i > j))
                    };
                    pairings.push(pairing(cell, seat, repetitions));
                }
            }
            vec![side(
                None,
                population.clone(),
                population,
                pairings,
                repetitions,
            )]
        }
        TournamentKind::Bipartite => {
            let (first, second) = (labels(0), labels(1));
            let mut sides = Vec::new();
            for player in 0..2 {
                let (own, other) = if player == 0 {
                    (&first, &second)
                } else {
                    (&second, &first)
                };
                let mut pairings = Vec::with_capacity(own.len() * other.len());
                for i in 0..own.len() {
                    for j in 0..other.len() {
                        let profile = if player == 0 { [i, j] } else { [j, i] };
                        let cell = &summary.cells[*cells.get(&profile[..])?];
                        pairings.push(pairing(cell, Seat::One(player), repetitions));
                    }
                }
                sides.push(side(
                    Some(player),
                    own.clone(),
                    other.clone(),
                    pairings,
                    repetitions,
                ));
            }
            sides
        }
    };
    Some(TournamentResults {
        kind: spec.kind,
        repetitions,
        sides,
    })
}

/// Whose results a pairing reads from a match: one seat's, or both averaged (self-play).
#[derive(Clone, Copy)]
enum Seat {
    One(usize),
    Both,
}

fn pairing(cell: &CellSummary, seat: Seat, repetitions: usize) -> Pairing {
    let kept = &cell.replicates;
    let per_repetition: Vec<f64> = (0..repetitions.min(kept.len()))
        .map(|r| match seat {
            Seat::One(player) => kept.per_round(r, player),
            Seat::Both => (kept.per_round(r, 0) + kept.per_round(r, 1)) / 2.0,
        })
        .collect();
    let totals = (0..per_repetition.len())
        .map(|r| match seat {
            Seat::One(player) => kept.total(r, player),
            Seat::Both => (kept.total(r, 0) + kept.total(r, 1)) / 2.0,
        })
        .collect();
    let won = match seat {
        Seat::One(player) => Some(
            (0..per_repetition.len())
                .map(|r| kept.total(r, player) > kept.total(r, 1 - player))
                .collect(),
        ),
        Seat::Both => None,
    };
    let cooperation = match seat {
        Seat::One(player) => first_share(cell, player),
        Seat::Both => (first_share(cell, 0) + first_share(cell, 1)) / 2.0,
    };
    let rounds = (0..per_repetition.len()).map(|r| kept.rounds(r)).sum();
    let mut welford = Welford::default();
    per_repetition.iter().for_each(|value| welford.push(*value));
    Pairing {
        estimate: estimate_of(&welford),
        sd: welford.standard_deviation(),
        per_repetition,
        totals,
        cooperation,
        won,
        rounds,
    }
}

fn first_share(cell: &CellSummary, player: usize) -> f64 {
    cell.players[player].shares.first().copied().unwrap_or(0.0)
}

/// The mean, interval and standard error of the values pushed into `welford`.
pub(crate) fn estimate_of(welford: &Welford) -> Estimate {
    let (ci95_low, ci95_high) = welford.confidence_interval_95();
    Estimate {
        mean: welford.mean,
        ci95_low,
        ci95_high,
        standard_error: if welford.count < 2 {
            f64::NAN
        } else {
            welford.standard_deviation() / (welford.count as f64).sqrt()
        },
    }
}

fn side(
    player: Option<usize>,
    strategies: Vec<String>,
    opponents: Vec<String>,
    pairings: Vec<Pairing>,
    repetitions: usize,
) -> Side {
    let mut side = Side {
        player,
        strategies,
        opponents,
        pairings,
        scores: Vec::new(),
        wins: Vec::new(),
        cooperation: Vec::new(),
    };
    for i in 0..side.strategies.len() {
        let against: Vec<usize> = (0..side.opponents.len())
            .filter(|&j| !side.is_self_play(i, j))
            .collect();
        let scores = (0..repetitions)
            .map(|r| {
                let sum: f64 = against
                    .iter()
                    .map(|&j| side.pairing(i, j).per_repetition[r])
                    .sum();
                sum / against.len().max(1) as f64
            })
            .collect();
        let wins = (0..repetitions)
            .map(|r| {
                against
                    .iter()
                    .filter(|&&j| side.pairing(i, j).won.as_ref().is_some_and(|won| won[r]))
                    .count() as u64
            })
            .collect();
        let (cooperated, rounds) = against.iter().fold((0.0, 0.0), |(c, n), &j| {
            let pairing = side.pairing(i, j);
            (c + pairing.cooperation * pairing.rounds, n + pairing.rounds)
        });
        side.scores.push(scores);
        side.wins.push(wins);
        side.cooperation.push(cooperated / f64::max(rounds, 1.0));
    }
    side
}

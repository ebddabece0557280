//! A tournament's tables (`tournament.csv`, `ranking.csv`, `scores.csv`), and the strategy
//! meta-game's pure equilibria (`equilibria.csv`) of a tournament or of any run.

use super::ExportError;
use super::best_replies::{Contest, estimate, write_contests};
use super::tables::{csv_error, number, swept_names, writer};
use crate::experiment::Experiment;
use crate::sim::Summary;
use crate::tournament::meta_game::{Equilibrium, MetaGame};
use crate::tournament::ranking::rank;
use crate::tournament::{TournamentKind, TournamentResults};
use std::collections::HashMap;
use std::path::Path;

/// The side's player name, empty for a round robin's population.
fn side_name(experiment: &Experiment, player: Option<usize>) -> String {
    player.map_or(String::new(), |p| experiment.game.players[p].clone())
}

/// `tournament.csv`: one row per strategy and opponent (per side), the strategy's payoff per
/// round against that opponent over the repetitions, its cooperation and its wins.
pub fn write_matrix(
    experiment: &Experiment,
    results: &TournamentResults,
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    out.write_record([
        "player",
        "strategy",
        "opponent",
        "repetitions",
        "mean_payoff",
        "sd_payoff",
        "ci95_low",
        "ci95_high",
        "cooperation",
        "wins",
    ])
    .map_err(csv_error(path))?;
    for side in &results.sides {
        let name = side_name(experiment, side.player);
        for (i, strategy) in side.strategies.iter().enumerate() {
            for (j, opponent) in side.opponents.iter().enumerate() {
                let pairing = side.pairing(i, j);
                out.write_record([
                    name.clone(),
                    strategy.clone(),
                    opponent.clone(),
                    pairing.per_repetition.len().to_string(),
                    number(pairing.estimate.mean),
                    number(pairing.sd),
                    number(pairing.estimate.ci95_low),
                    number(pairing.estimate.ci95_high),
                    number(pairing.cooperation),
                    pairing
                        .wins()
                        .map_or(String::new(), |wins| wins.to_string()),
                ])
                .map_err(csv_error(path))?;
            }
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// `ranking.csv`: per side, the strategies best first by median score.
pub fn write_ranking(
    experiment: &Experiment,
    results: &TournamentResults,
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    out.write_record([
        "player",
        "rank",
        "strategy",
        "median_score",
        "mean_score",
        "ci95_low",
        "ci95_high",
        "wins",
        "cooperation",
    ])
    .map_err(csv_error(path))?;
    for side in &results.sides {
        let name = side_name(experiment, side.player);
        for entry in rank(side) {
            out.write_record([
                name.clone(),
                entry.rank.to_string(),
                side.strategies[entry.strategy].clone(),
                number(entry.median),
                number(entry.score.mean),
                number(entry.score.ci95_low),
                number(entry.score.ci95_high),
                entry.wins.to_string(),
                number(entry.cooperation),
            ])
            .map_err(csv_error(path))?;
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// `scores.csv`: one row per strategy and repetition, its score (mean payoff per round against
/// the others) and matches won: the data of a box plot.
pub fn write_scores(
    experiment: &Experiment,
    results: &TournamentResults,
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    out.write_record(["player", "strategy", "repetition", "score", "wins"])
        .map_err(csv_error(path))?;
    for side in &results.sides {
        let name = side_name(experiment, side.player);
        for (i, strategy) in side.strategies.iter().enumerate() {
            for (repetition, score) in side.scores[i].iter().enumerate() {
                out.write_record([
                    name.clone(),
                    strategy.clone(),
                    repetition.to_string(),
                    number(*score),
                    side.wins[i][repetition].to_string(),
                ])
                .map_err(csv_error(path))?;
            }
        }
    }
    out.flush().map_err(super::io_error(path))
}

/// best_replies.csv of a tournament: each player's best reply to each candidate of the other,
/// read from the meta-game. A round robin's cells hold each pair of strategies once, so the
/// run's own contests would be half-empty; its meta-game is symmetric (each strategy's payoff
/// against each opponent, whichever seat it took), so both players' rows name the same replies.
/// Both are listed, as in equilibria.csv, so that every player has its rows.
pub fn write_best_replies(
    experiment: &Experiment,
    results: &TournamentResults,
    path: &Path,
) -> Result<(), ExportError> {
    write_contests(experiment, &contests(&tournament_game(results)), path)
}

/// Each player's candidates against each profile of the others, from a meta-game: players in
/// order, the others' profiles in profile order (the last player's candidate changing fastest).
fn contests(game: &PointGame) -> Vec<Contest> {
    let players = game.game.counts.len();
    let total: usize = game.game.counts.iter().product();
    let mut contests = Vec::new();
    for player in 0..players {
        // Each profile of the others once: those where the player takes its first candidate.
        for profile in (0..total).map(|index| game.game.profile_of(index)) {
            if profile[player] != 0 {
                continue;
            }
            let others: Vec<&str> = (0..players)
                .filter(|&other| other != player)
                .map(|other| game.labels[other][profile[other]].as_str())
                .collect();
            let entries = game.game.alternatives(&profile, player);
            contests.push(Contest {
                point: game.point,
                player,
                others: others.join(" vs "),
                entries: game.labels[player].iter().cloned().zip(entries).collect(),
            });
        }
    }
    contests
}

/// A meta-game at one parameter point, with each player's candidate labels.
struct PointGame {
    point: usize,
    labels: Vec<Vec<String>>,
    game: MetaGame,
    /// A round robin's game is symmetric: (i, j) and (j, i) are one equilibrium.
    symmetric: bool,
}

/// A tournament's meta-game: it is played at one parameter point.
fn tournament_game(results: &TournamentResults) -> PointGame {
    let labels = match results.kind {
        TournamentKind::RoundRobin => vec![results.sides[0].strategies.clone(); 2],
        TournamentKind::Bipartite => results
            .sides
            .iter()
            .map(|side| side.strategies.clone())
            .collect(),
    };
    PointGame {
        point: 0,
        labels,
        game: results.meta_game(),
        symmetric: results.kind == TournamentKind::RoundRobin,
    }
}

/// The meta-games of a run: one per parameter point over the cells there, or the tournament's.
fn point_games(
    experiment: &Experiment,
    summary: &Summary,
    tournament: Option<&TournamentResults>,
) -> Vec<PointGame> {
    if let Some(results) = tournament {
        return vec![tournament_game(results)];
    }
    let players = experiment.game.player_count();
    let mut games = Vec::new();
    let mut by_point: Vec<Vec<usize>> = vec![Vec::new(); experiment.points.len().max(1)];
    for (index, cell) in experiment.cells.iter().enumerate() {
        if let Some(cells) = by_point.get_mut(cell.point) {
            cells.push(index);
        }
    }
    for (point, cells) in by_point.into_iter().enumerate() {
        let Some(&first) = cells.first() else {
            continue;
        };
        // The point's candidates are a contiguous run of each player's list (`add_point`).
        let mut low = experiment.cells[first].profile.clone();
        let mut high = low.clone();
        for &c in &cells {
            for (p, &choice) in experiment.cells[c].profile.iter().enumerate() {
                low[p] = low[p].min(choice);
                high[p] = high[p].max(choice);
            }
        }
        let counts: Vec<usize> = low.iter().zip(&high).map(|(l, h)| h - l + 1).collect();
        let total: usize = counts.iter().product();
        if total != cells.len() {
            // Not a full grid of profiles: no meta-game to read.
            continue;
        }
        let mut payoffs = vec![None; total * players];
        for &c in &cells {
            let local = experiment.cells[c]
                .profile
                .iter()
                .zip(&low)
                .zip(&counts)
                .fold(0, |index, ((choice, low), count)| {
                    index * count + (choice - low)
                });
            for (p, stats) in summary.cells[c].players.iter().enumerate() {
                payoffs[local * players + p] = Some(estimate(stats));
            }
        }
        let Some(payoffs) = payoffs.into_iter().collect::<Option<Vec<_>>>() else {
            continue;
        };
        let labels = (0..players)
            .map(|p| {
                (low[p]..=high[p])
                    .map(|c| experiment.candidates[p][c].label.clone())
                    .collect()
            })
            .collect();
        games.push(PointGame {
            point,
            labels,
            game: MetaGame { counts, payoffs },
            symmetric: false,
        });
    }
    games
}

/// Pure equilibria in the order to report them: a symmetric game's once per unordered pair.
fn equilibria_of(game: &PointGame) -> Vec<Equilibrium> {
    game.game
        .pure_equilibria()
        .into_iter()
        .filter(|e| !game.symmetric || e.profile[0] <= e.profile[1])
        .collect()
}

/// `equilibria.csv`: every pure Nash equilibrium of the strategy meta-game, one row per player,
/// with the margin over the player's best alternative and whether the intervals are apart.
/// Returns how many equilibria were written and how many of them are robust.
pub fn write_equilibria(
    experiment: &Experiment,
    summary: &Summary,
    tournament: Option<&TournamentResults>,
    path: &Path,
) -> Result<(usize, usize), ExportError> {
    let mut out = writer(path)?;
    let mut header = vec!["point".to_string()];
    header.extend(swept_names(experiment));
    header.extend(
        [
            "equilibrium",
            "profile",
            "player",
            "strategy",
            "mean_payoff",
            "ci95_low",
            "ci95_high",
            "best_alternative",
            "alternative_mean",
            "margin",
            "z",
            "separated",
            "robust",
        ]
        .map(String::from),
    );
    out.write_record(&header).map_err(csv_error(path))?;
    let mut found = 0;
    let mut robust = 0;
    let mut numbering: HashMap<usize, usize> = HashMap::new();
    for game in point_games(experiment, summary, tournament) {
        for equilibrium in equilibria_of(&game) {
            found += 1;
            robust += usize::from(equilibrium.robust());
            let number_at_point = numbering.entry(game.point).or_insert(0);
            *number_at_point += 1;
            let profile: Vec<&str> = equilibrium
                .profile
                .iter()
                .enumerate()
                .map(|(p, &choice)| game.labels[p][choice].as_str())
                .collect();
            let profile = profile.join(" vs ");
            for (player, stability) in equilibrium.players.iter().enumerate() {
                let own = game.game.payoff(&equilibrium.profile, player);
                let alternative = stability.alternative.map(|other| {
                    let mut varied = equilibrium.profile.clone();
                    varied[player] = other;
                    (
                        game.labels[player][other].clone(),
                        game.game.payoff(&varied, player).mean,
                    )
                });
                let mut row = vec![game.point.to_string()];
                row.extend(experiment.swept_values(game.point).map(number));
                row.extend([
                    number_at_point.to_string(),
                    profile.clone(),
                    experiment.game.players[player].clone(),
                    game.labels[player][equilibrium.profile[player]].clone(),
                    number(own.mean),
                    number(own.ci95_low),
                    number(own.ci95_high),
                    alternative
                        .as_ref()
                        .map_or(String::new(), |(label, _)| label.clone()),
                    alternative
                        .as_ref()
                        .map_or(String::new(), |(_, mean)| number(*mean)),
                    number(stability.margin),
                    number(stability.z),
                    stability
                        .separated
                        .map_or(String::new(), |apart| apart.to_string()),
                    equilibrium.robust().to_string(),
                ]);
                out.write_record(&row).map_err(csv_error(path))?;
            }
        }
    }
    out.flush().map_err(super::io_error(path))?;
    Ok((found, robust))
}

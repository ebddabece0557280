//! `best_replies.csv`: for each parameter point, each player, and each profile of the other
//! players' candidates, the player's candidate with the highest mean payoff, its margin over the
//! runner-up, and whether the two 95% intervals are apart. In the Kuril scenario: Russia's best
//! reply to each Japanese strategy, at each level of dependence.

use super::ExportError;
use super::tables::{csv_error, number, swept_names, writer};
use crate::experiment::Experiment;
use crate::sim::Summary;
use crate::sim::summary::PlayerSummary;
use crate::tournament::meta_game::{Estimate, best_reply};
use std::collections::HashMap;
use std::path::Path;

/// One player's candidates facing one profile of the others at one point.
pub(super) struct Contest {
    pub point: usize,
    pub player: usize,
    /// The other players' strategy labels, joined with " vs " in player order.
    pub others: String,
    /// (candidate label, its estimate), in scenario order.
    pub entries: Vec<(String, Estimate)>,
}

pub fn write(experiment: &Experiment, summary: &Summary, path: &Path) -> Result<(), ExportError> {
    let players = experiment.game.player_count();
    let mut contests: Vec<Contest> = Vec::new();
    let mut index: HashMap<(usize, usize, String), usize> = HashMap::new();
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        for (player, stats) in results.players.iter().enumerate() {
            let others: Vec<&str> = (0..players)
                .filter(|other| *other != player)
                .map(|other| experiment.strategy(cell, other).label.as_str())
                .collect();
            let others = others.join(" vs ");
            let key = (cell.point, player, others.clone());
            let slot = *index.entry(key).or_insert_with(|| {
                contests.push(Contest {
                    point: cell.point,
                    player,
                    others,
                    entries: Vec::new(),
                });
                contests.len() - 1
            });
            contests[slot].entries.push((
                experiment.strategy(cell, player).label.clone(),
                estimate(stats),
            ));
        }
    }
    // By point, then player; within them, the others' profiles in the order cells meet them.
    contests.sort_by_key(|contest| (contest.point, contest.player));
    write_contests(experiment, &contests, path)
}

/// A player's mean payoff in a cell as the meta-game reads it.
pub(super) fn estimate(stats: &PlayerSummary) -> Estimate {
    Estimate {
        mean: stats.mean_payoff,
        ci95_low: stats.ci95_low,
        ci95_high: stats.ci95_high,
        standard_error: stats.sd_payoff / (stats.replicates as f64).sqrt(),
    }
}

/// best_replies.csv from contests in the order to write them.
pub(super) fn write_contests(
    experiment: &Experiment,
    contests: &[Contest],
    path: &Path,
) -> Result<(), ExportError> {
    let mut out = writer(path)?;
    let mut header = vec!["point".to_string()];
    header.extend(swept_names(experiment));
    header.extend(
        [
            "player",
            "others",
            "best",
            "best_mean",
            "runner_up",
            "runner_up_mean",
            "margin",
            "separated",
        ]
        .map(String::from),
    );
    out.write_record(&header).map_err(csv_error(path))?;
    for contest in contests {
        let mut row = vec![contest.point.to_string()];
        row.extend(experiment.swept_values(contest.point).map(number));
        row.push(experiment.game.players[contest.player].clone());
        row.push(contest.others.clone());
        row.extend(ranking(&contest.entries));
        out.write_record(&row).map_err(csv_error(path))?;
    }
    out.flush().map_err(super::io_error(path))
}

/// best, best_mean, runner_up, runner_up_mean, margin, separated, from the meta-game's best
/// reply: ties go to the candidate listed first; a lone candidate has no runner-up (those
/// fields are empty). `separated` is `true` when the best's interval lies wholly above the
/// runner-up's, empty when an interval is undefined (one replicate).
fn ranking(entries: &[(String, Estimate)]) -> [String; 6] {
    let estimates: Vec<Estimate> = entries.iter().map(|(_, estimate)| *estimate).collect();
    let reply = best_reply(&estimates);
    let best = reply.best.first().map_or(0, |&best| best);
    let (label, estimate) = &entries[best];
    let Some(second) = reply.runner_up else {
        return [
            label.clone(),
            number(estimate.mean),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
    };
    [
        label.clone(),
        number(estimate.mean),
        entries[second].0.clone(),
        number(entries[second].1.mean),
        number(reply.margin),
        reply
            .separated
            .map_or(String::new(), |apart| apart.to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str, mean: f64, low: f64, high: f64) -> (String, Estimate) {
        let estimate = Estimate {
            mean,
            ci95_low: low,
            ci95_high: high,
            standard_error: (high - low) / 4.0,
        };
        (label.into(), estimate)
    }

    #[test]
    fn the_highest_mean_wins_and_its_margin_and_separation_are_reported() {
        let ranked = ranking(&[
            entry("a", 1.0, 0.9, 1.1),
            entry("b", 3.0, 2.9, 3.1),
            entry("c", 2.5, 2.0, 3.0),
        ]);
        assert_eq!(ranked, ["b", "3", "c", "2.5", "0.5", "false"]);
        let ranked = ranking(&[entry("a", 1.0, 0.9, 1.1), entry("b", 3.0, 2.9, 3.1)]);
        assert_eq!(ranked[5], "true");
        // Ties go to the first listed; one candidate has no runner-up.
        assert_eq!(
            ranking(&[entry("a", 2.0, 1.0, 3.0), entry("b", 2.0, 1.0, 3.0)])[0],
            "a"
        );
        assert_eq!(
            ranking(&[entry("a", 2.0, f64::NAN, f64::NAN)])[2..],
            ["", "", "", ""]
        );
    }
}

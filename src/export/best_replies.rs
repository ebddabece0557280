//! `best_replies.csv`: for each parameter point, each player, and each profile of the other
//! players' candidates, the player's candidate with the highest mean payoff, its margin over the
//! runner-up, and whether the two 95% intervals are apart. In the Kuril scenario: Russia's best
//! reply to each Japanese strategy, at each level of dependence.

use super::ExportError;
use super::tables::{number, swept_names};
use crate::experiment::Experiment;
use crate::sim::Summary;
use std::collections::HashMap;
use std::path::Path;

/// One player's candidates facing one profile of the others at one point.
struct Contest {
    point: usize,
    player: usize,
    /// The other players' strategy labels, joined with " vs " in player order.
    others: String,
    /// (candidate label, mean, ci95 low, ci95 high), in scenario order.
    entries: Vec<(String, f64, f64, f64)>,
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
                stats.mean_payoff,
                stats.ci95_low,
                stats.ci95_high,
            ));
        }
    }
    // By point, then player; within them, the others' profiles in the order cells meet them.
    contests.sort_by_key(|contest| (contest.point, contest.player));
    let csv_error = |source| ExportError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut out = csv::Writer::from_path(path).map_err(csv_error)?;
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
    out.write_record(&header).map_err(csv_error)?;
    for contest in &contests {
        let mut row = vec![contest.point.to_string()];
        row.extend(experiment.swept_values(contest.point).map(number));
        row.push(experiment.game.players[contest.player].clone());
        row.push(contest.others.clone());
        row.extend(ranking(&contest.entries));
        out.write_record(&row).map_err(csv_error)?;
    }
    out.flush().map_err(super::io_error(path))
}

/// best, best_mean, runner_up, runner_up_mean, margin, separated. Ties go to the candidate
/// listed first; a lone candidate has no runner-up (those fields are empty). `separated` is
/// `true` when the best's interval lies wholly above the runner-up's, empty when an interval is
/// undefined (one replicate).
fn ranking(entries: &[(String, f64, f64, f64)]) -> [String; 6] {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    // Stable, descending by mean; NaN (never produced for a mean) would sort last.
    order.sort_by(|&a, &b| {
        entries[b]
            .1
            .partial_cmp(&entries[a].1)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let best = &entries[order[0]];
    let Some(&second) = order.get(1) else {
        return [
            best.0.clone(),
            number(best.1),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ];
    };
    let runner_up = &entries[second];
    let separated = if best.2.is_nan() || runner_up.3.is_nan() {
        String::new()
    } else {
        (best.2 > runner_up.3).to_string()
    };
    [
        best.0.clone(),
        number(best.1),
        runner_up.0.clone(),
        number(runner_up.1),
        number(best.1 - runner_up.1),
        separated,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str, mean: f64, low: f64, high: f64) -> (String, f64, f64, f64) {
        (label.into(), mean, low, high)
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

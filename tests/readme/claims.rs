//! Words of the README that no number carries ("the only stable rest point"), each with the
//! check that the examples' runs bear it out.

use crate::examples::Examples;
use crate::generated::{COMPARISON, EVOLUTION, SWEEP};
use crate::results::Table;

type Check = fn(&Examples) -> bool;

/// Each claim, and whether the runs bear it out.
pub const CLAIMS: &[(&str, Check)] = &[
    (
        "the dependence sweep: always defect is Russia's best reply against every Japanese \
         strategy at every level, intervals apart",
        |ex| {
            let replies = Table::read(&ex.results(SWEEP), "best_replies.csv");
            replies
                .rows(&[("player", "Russia")])
                .iter()
                .all(|row| row.text("best") == "always_defect" && row.text("separated") == "true")
        },
    ),
    (
        "the dependence sweep: at the highest dependence no Japanese candidate is ahead",
        |ex| {
            let replies = Table::read(&ex.results(SWEEP), "best_replies.csv");
            let levels = replies.distinct("energy_dependence");
            replies
                .rows(&[
                    ("player", "Japan"),
                    ("energy_dependence", levels.last().unwrap()),
                ])
                .iter()
                .all(|row| row.text("separated") != "true")
        },
    ),
    (
        "the Kuril comparison: the hard line ranks first for Russia, win-stay lose-shift next",
        |ex| {
            let ranking = Table::read(&ex.results(COMPARISON), "ranking.csv");
            let strategy = |rank| {
                ranking
                    .row(&[("player", "Russia"), ("rank", rank)])
                    .text("strategy")
                    .to_string()
            };
            strategy("1") == "always_defect" && strategy("2") == "win_stay_lose_shift"
        },
    ),
    (
        "the Kuril comparison: the meta-game has one pure equilibrium, tit for tat against \
         always defect",
        |ex| {
            let equilibria = Table::read(&ex.results(COMPARISON), "equilibria.csv");
            equilibria.distinct("equilibrium") == ["1"]
                && equilibria.distinct("profile") == ["tit_for_tat vs always_defect"]
        },
    ),
    (
        "Kuril evolution: in the replicator equations always defect is the only stable rest \
         point, and no rest point lies inside the simplex (so every interior start flows to it)",
        |ex| {
            let points = Table::read(&ex.results(EVOLUTION), "fixed_points.csv");
            let replicator = points.rows(&[("process", "replicator")]);
            let vertices = replicator
                .iter()
                .filter(|row| row.number("share") == 1.0)
                .count();
            let points_where = |stability: Option<&str>| {
                let mut at: Vec<&str> = replicator
                    .iter()
                    .filter(|row| stability.is_none_or(|wanted| row.text("stability") == wanted))
                    .map(|row| row.text("point"))
                    .collect();
                at.dedup();
                at.len()
            };
            vertices == points_where(None)
                && points_where(Some("stable")) == 1
                && replicator.iter().any(|row| {
                    row.text("stability") == "stable"
                        && row.text("strategy") == "always_defect"
                        && row.number("share") == 1.0
                })
        },
    ),
];

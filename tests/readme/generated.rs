//! What each generated block of the README holds, made from the results of the README's own
//! command examples: the strategy table, the results tables, and every number the prose quotes
//! from a run of a shipped scenario. Each entry says how the number is read, so that the words
//! around it stay true when the runs change it.

use crate::examples::Examples;
use crate::results::{Table, fixed, from_which_on, markdown_table, percent, span};

type Make = fn(&Examples) -> String;

/// Every generated block: its name in the README and how it is made.
pub const BLOCKS: &[(&str, Make)] = &[
    ("strategies", |ex| ex.stdout("strategies")),
    ("kuril.table", kuril_table),
    ("kuril.japan_cooperates", |ex| {
        // Japan's lowest share of C over every profile, rounded down: "at least".
        let summary = kuril_summary(ex);
        let lowest = summary
            .rows(&[("player", "Japan")])
            .iter()
            .map(|row| row.number("share_C"))
            .fold(f64::INFINITY, f64::min);
        format!("{:.0}%", (lowest * 100.0).floor())
    }),
    ("kuril.tft_constrained", |ex| {
        let summary = kuril_summary(ex);
        let row = summary.row(&[
            ("profile", "tit_for_tat vs always_defect"),
            ("player", "Japan"),
        ]);
        percent(row.number("constrained_share"))
    }),
    ("kuril.latex", |ex| {
        // `dilemma table` prints Japan's table, a blank line, then Russia's.
        let printed = ex.stdout("table output/kuril-revised-pd --format latex");
        let japan = printed.split("\n\n").next().unwrap();
        format!("```latex\n{japan}\n```\n")
    }),
    ("sweep.levels", sweep_levels),
    ("sweep.japan_ahead", sweep_japan_ahead),
    ("security.table", security_table),
    ("security.tft_loss", |ex| {
        let summary = security_summary(ex);
        let (unmisread, misread) = (
            like_pair(&summary, "tit_for_tat", "0", "share_C"),
            like_pair(&summary, "tit_for_tat", "0.005", "share_C"),
        );
        percent(1.0 - misread / unmisread)
    }),
    ("security.tft_share", |ex| {
        percent(like_pair(
            &security_summary(ex),
            "tit_for_tat",
            "0.05",
            "share_C",
        ))
    }),
    ("security.tft_payoff", |ex| {
        let payoff = like_pair(&security_summary(ex), "tit_for_tat", "0.05", "mean_payoff");
        fixed(payoff, 2)
    }),
    ("security.forgiving_payoffs", |ex| {
        // Each side of each forgiving like pair at a rate of 0.05.
        let summary = security_summary(ex);
        let payoffs: Vec<f64> = FORGIVING
            .iter()
            .flat_map(|strategy| {
                let profile = format!("{strategy} vs {strategy}");
                summary
                    .rows(&[("incident_rate", "0.05"), ("profile", &profile)])
                    .into_iter()
                    .map(|row| row.number("mean_payoff"))
            })
            .collect();
        assert_eq!(payoffs.len(), 2 * FORGIVING.len());
        span(&payoffs, 2)
    }),
    ("security.tft_round_10", |ex| tft_pair_cooperation(ex, "10")),
    ("security.tft_round_50", |ex| tft_pair_cooperation(ex, "50")),
    ("security.tft_round_200", |ex| {
        tft_pair_cooperation(ex, "200")
    }),
    ("security.tft_against_tf2t_round_2", |ex| {
        tft_against_tf2t(ex, "2")
    }),
    ("security.tft_against_tf2t_round_200", |ex| {
        tft_against_tf2t(ex, "200")
    }),
    ("triangle.table", triangle_table),
    ("triangle.hedge_marriage", |ex| {
        let relations = Table::read(&ex.results(TRIANGLE), "relations.csv");
        let row = relations.row(&[
            (
                "profile",
                &triangle_profile(&relations, "hedge", "diversify"),
            ),
            ("round", "100"),
        ]);
        percent(row.number("stable_marriage_Japan_Russia"))
    }),
    ("triangle.russia_hedge", |ex| triangle_russia(ex, "hedge")),
    ("triangle.russia_balance", |ex| {
        triangle_russia(ex, "balance")
    }),
    ("triangle.russia_lean", |ex| {
        triangle_russia(ex, "lean_to_china")
    }),
    ("outside.hard_line", |ex| outside_payoffs(ex, "hard_line")),
    ("outside.crossing", outside_crossing),
    ("outside.reciprocating", |ex| {
        outside_payoffs(ex, "reciprocate_or_leave")
    }),
    ("outside.beaten_from", outside_beaten_from),
    ("leverage.hard_line_round_1", |ex| {
        leverage_round(ex, "always_defect", "1")
    }),
    ("leverage.tft_round_1", |ex| {
        leverage_round(ex, "tit_for_tat", "1")
    }),
    ("leverage.passes", |ex| {
        tft_passes_hard_line(&ex.results(LEVERAGE))
    }),
    ("leverage.hard_line_round_100", |ex| {
        leverage_round(ex, "always_defect", "100")
    }),
    ("leverage.tft_round_100", |ex| {
        leverage_round(ex, "tit_for_tat", "100")
    }),
    ("leverage.hard_line", |ex| {
        leverage_match(ex, &["always_defect"])
    }),
    ("leverage.reciprocators", |ex| {
        leverage_match(ex, &["tit_for_tat", "generous_tit_for_tat"])
    }),
    ("leverage.wsls", |ex| {
        leverage_match(ex, &["win_stay_lose_shift"])
    }),
    ("leverage.trust_gone", leverage_trust_gone),
    ("leverage.passes_without_trust_loss", |ex| {
        tft_passes_hard_line(&ex.results("output/leverage-no-trust-loss"))
    }),
    ("comparison.russia_first", |ex| comparison_median(ex, "1")),
    ("comparison.russia_second", |ex| comparison_median(ex, "2")),
    ("comparison.japan_spread", comparison_japan_spread),
    ("comparison.russia_margin", |ex| {
        fixed(comparison_equilibrium(ex, "Russia", "margin"), 2)
    }),
    ("comparison.russia_z", |ex| {
        fixed(comparison_equilibrium(ex, "Russia", "z"), 0)
    }),
    ("comparison.japan_margin", |ex| {
        fixed(comparison_equilibrium(ex, "Japan", "margin"), 3)
    }),
    ("comparison.japan_z", |ex| {
        fixed(comparison_equilibrium(ex, "Japan", "z"), 0)
    }),
    ("evolution.fixation", |ex| {
        percent(evolution_hard_line(ex, "probability"))
    }),
    ("evolution.interval", |ex| {
        let low = evolution_hard_line(ex, "ci95_low");
        format!(
            "{:.0}–{}",
            low * 100.0,
            percent(evolution_hard_line(ex, "ci95_high"))
        )
    }),
    ("evolution.neutral_ratio", |ex| {
        // Against the chance 1/N of a neutral mutant.
        let probability = evolution_hard_line(ex, "probability");
        fixed(probability * evolution_hard_line(ex, "population"), 1)
    }),
    ("evolution.payoff_hard_line", |ex| {
        evolution_payoff(ex, "always_defect")
    }),
    ("evolution.payoff_wsls", |ex| {
        evolution_payoff(ex, "win_stay_lose_shift")
    }),
    ("evolution.payoff_tft", |ex| {
        evolution_payoff(ex, "tit_for_tat")
    }),
];

/// The results folders of the README's examples that its numbers come from.
pub const KURIL: &str = "output/kuril-revised-pd";
pub const SWEEP: &str = "output/kuril-dependence-sweep";
pub const SECURITY: &str = "output/security-dilemma";
pub const TRIANGLE: &str = "output/triangle-japan-russia-china";
pub const OUTSIDE: &str = "output/kuril-outside-options";
pub const LEVERAGE: &str = "output/kuril-leverage-over-time";
pub const COMPARISON: &str = "output/kuril-strategy-comparison";
pub const EVOLUTION: &str = "output/kuril-evolution";

fn kuril_summary(ex: &Examples) -> Table {
    Table::read(&ex.results(KURIL), "summary.csv")
}

/// Russia's mean payoff per round in each profile, Japan's candidates as rows, the best of
/// each row in bold.
fn kuril_table(ex: &Examples) -> String {
    let summary = kuril_summary(ex);
    let (japan, russian) = (summary.candidates(0), summary.candidates(1));
    let mut header = vec!["Japan's strategy".to_string()];
    header.extend(russian.iter().enumerate().map(|(at, label)| {
        if at == 0 {
            format!("Russia: {label}")
        } else {
            label.clone()
        }
    }));
    let rows: Vec<Vec<String>> = japan
        .iter()
        .map(|j| {
            let means: Vec<f64> = russian
                .iter()
                .map(|r| {
                    summary
                        .row(&[("profile", &format!("{j} vs {r}")), ("player", "Russia")])
                        .number("mean_payoff")
                })
                .collect();
            let best = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut row = vec![j.clone()];
            row.extend(means.iter().map(|&mean| {
                if mean == best {
                    format!("**{}**", fixed(mean, 3))
                } else {
                    fixed(mean, 3)
                }
            }));
            row
        })
        .collect();
    markdown_table(&header, &rows)
}

/// How many levels the dependence sweep has (the claims check what holds at each).
fn sweep_levels(ex: &Examples) -> String {
    let replies = Table::read(&ex.results(SWEEP), "best_replies.csv");
    replies.distinct("energy_dependence").len().to_string()
}

/// The highest dependence up to which always cooperate is Japan's best reply, intervals apart,
/// against both reciprocating Russian strategies at every level.
fn sweep_japan_ahead(ex: &Examples) -> String {
    let replies = Table::read(&ex.results(SWEEP), "best_replies.csv");
    let mut levels = replies.distinct("energy_dependence");
    levels.sort_by(|a, b| a.parse::<f64>().unwrap().total_cmp(&b.parse().unwrap()));
    // Counted from the top: the levels from the lowest up to the answer all hold.
    let ahead = |from_top: usize| {
        let level = &levels[levels.len() - 1 - from_top];
        ["tit_for_tat", "zd_extort_2"].iter().all(|russia| {
            let row = replies.row(&[
                ("energy_dependence", level),
                ("player", "Japan"),
                ("others", russia),
            ]);
            row.text("best") == "always_cooperate" && row.text("separated") == "true"
        })
    };
    let from_top = from_which_on(levels.len(), ahead)
        .expect("always cooperate is not Japan's clear best reply at the lowest dependence");
    levels[levels.len() - 1 - from_top].clone()
}

/// The security dilemma's like pairs, strict reciprocity first.
const LIKE_PAIRS: [&str; 4] = [
    "tit_for_tat",
    "win_stay_lose_shift",
    "generous_tit_for_tat",
    "tit_for_two_tats",
];
const FORGIVING: [&str; 3] = [
    "win_stay_lose_shift",
    "generous_tit_for_tat",
    "tit_for_two_tats",
];
/// The incident rates the README's table shows.
const SECURITY_RATES: [&str; 6] = ["0.005", "0.01", "0.02", "0.05", "0.1", "0.2"];

fn security_summary(ex: &Examples) -> Table {
    Table::read(&ex.results(SECURITY), "summary.csv")
}

/// A summary column for a pair of like strategies at an incident rate, averaged over the sides.
fn like_pair(summary: &Table, strategy: &str, rate: &str, column: &str) -> f64 {
    let profile = format!("{strategy} vs {strategy}");
    let rows = summary.rows(&[("incident_rate", rate), ("profile", &profile)]);
    assert_eq!(rows.len(), 2, "{profile} at {rate}");
    rows.iter().map(|row| row.number(column)).sum::<f64>() / 2.0
}

fn security_table(ex: &Examples) -> String {
    let summary = security_summary(ex);
    let mut header = vec!["profile (Japan vs Russia)".to_string()];
    header.extend(SECURITY_RATES.iter().enumerate().map(|(at, rate)| {
        if at == 0 {
            format!("rate {rate}")
        } else {
            rate.to_string()
        }
    }));
    let rows: Vec<Vec<String>> = LIKE_PAIRS
        .iter()
        .map(|strategy| {
            let mut row = vec![format!("{strategy} vs {strategy}")];
            row.extend(
                SECURITY_RATES
                    .iter()
                    .map(|rate| fixed(like_pair(&summary, strategy, rate, "share_C"), 2)),
            );
            row
        })
        .collect();
    markdown_table(&header, &rows)
}

/// The share of replicates in which two tit-for-tat players cooperate in `round` at a rate of
/// 0.05, averaged over the sides; "none" at 0.
fn tft_pair_cooperation(ex: &Examples, round: &str) -> String {
    let rounds = Table::read(&ex.results(SECURITY), "rounds.csv");
    let rows = rounds.rows(&[
        ("incident_rate", "0.05"),
        ("profile", "tit_for_tat vs tit_for_tat"),
        ("round", round),
    ]);
    assert_eq!(rows.len(), 2);
    let share = rows.iter().map(|row| row.number("share_C")).sum::<f64>() / 2.0;
    if share == 0.0 {
        "none".to_string()
    } else {
        percent(share)
    }
}

/// The share of replicates in which tit for tat (Japan) cooperates against tit for two tats.
fn tft_against_tf2t(ex: &Examples, round: &str) -> String {
    let rounds = Table::read(&ex.results(SECURITY), "rounds.csv");
    let row = rounds.row(&[
        ("incident_rate", "0.05"),
        ("profile", "tit_for_tat vs tit_for_two_tats"),
        ("player", "Japan"),
        ("round", round),
    ]);
    percent(row.number("share_C"))
}

/// Japan's strategy is the same in every triangle profile: the profile of Russia's and China's.
fn triangle_profile(table: &Table, russia: &str, china: &str) -> String {
    let suffix = format!(" vs {russia} vs {china}");
    table
        .distinct("profile")
        .into_iter()
        .find(|profile| profile.ends_with(&suffix) && profile.matches(" vs ").count() == 2)
        .unwrap_or_else(|| panic!("no triangle profile{suffix}"))
}

fn triangle_table(ex: &Examples) -> String {
    const ROWS: [(&str, &str); 4] = [
        ("hedge", "partner_unless_slighted"),
        ("hedge", "diversify"),
        ("balance", "diversify"),
        ("lean_to_china", "diversify"),
    ];
    const COLUMNS: [&str; 4] = [
        "romantic_triangle_pivot_Russia",
        "stable_marriage_Japan_Russia",
        "stable_marriage_Russia_China",
        "unit_veto",
    ];
    const ROUNDS: [&str; 3] = ["1", "50", "100"];
    let relations = Table::read(&ex.results(TRIANGLE), "relations.csv");
    let header = [
        "Russia",
        "China",
        "round",
        "romantic triangle, Russia pivot",
        "marriage Japan–Russia",
        "marriage Russia–China",
        "unit veto",
    ]
    .map(String::from);
    let rows: Vec<Vec<String>> = ROWS
        .iter()
        .map(|(russia, china)| {
            let profile = triangle_profile(&relations, russia, china);
            let mut row = vec![russia.to_string(), china.to_string(), ROUNDS.join(" / ")];
            row.extend(COLUMNS.iter().map(|column| {
                let shares: Vec<String> = ROUNDS
                    .iter()
                    .map(|round| {
                        let share = relations
                            .row(&[("profile", &profile), ("round", round)])
                            .number(column);
                        // A configuration that never occurs reads 0, one that rounds away 0.00.
                        if share == 0.0 {
                            "0".to_string()
                        } else {
                            fixed(share, 2)
                        }
                    })
                    .collect();
                shares.join(" / ")
            }));
            row
        })
        .collect();
    markdown_table(&header, &rows)
}

/// Russia's mean payoff per quarter against a diversifying China.
fn triangle_russia(ex: &Examples, russia: &str) -> String {
    let summary = Table::read(&ex.results(TRIANGLE), "summary.csv");
    let profile = triangle_profile(&summary, russia, "diversify");
    fixed(
        summary
            .row(&[("profile", &profile), ("player", "Russia")])
            .number("mean_payoff"),
        2,
    )
}

/// What a Russian strategy earns at every level of the outside options, against either
/// Japanese strategy.
fn outside_payoffs(ex: &Examples, strategy: &str) -> String {
    let summary = Table::read(&ex.results(OUTSIDE), "summary.csv");
    let payoffs: Vec<f64> = summary
        .rows(&[("player", "Russia"), ("strategy", strategy)])
        .iter()
        .map(|row| row.number("mean_payoff"))
        .collect();
    span(&payoffs, 2)
}

/// The levels of the outside options in the order of the sweep (rising).
fn outside_levels(table: &Table) -> Vec<String> {
    table.distinct("outside_options")
}

/// Where turning elsewhere becomes Russia's best reply to both Japanese strategies, for good:
/// the level before and that level.
fn outside_crossing(ex: &Examples) -> String {
    let replies = Table::read(&ex.results(OUTSIDE), "best_replies.csv");
    let levels = outside_levels(&replies);
    let elsewhere = |at: usize| {
        replies
            .rows(&[("outside_options", &levels[at]), ("player", "Russia")])
            .iter()
            .all(|row| row.text("best") == "elsewhere")
    };
    match from_which_on(levels.len(), elsewhere) {
        Some(at) if at > 0 => format!("{} and {}", levels[at - 1], levels[at]),
        _ => panic!("turning elsewhere is not Russia's best reply at the top levels only"),
    }
}

/// The level from which on turning elsewhere earns Russia more than reciprocating, against
/// either Japanese strategy.
fn outside_beaten_from(ex: &Examples) -> String {
    let summary = Table::read(&ex.results(OUTSIDE), "summary.csv");
    let levels = outside_levels(&summary);
    let mean = |level: &str, japan: &str, russia: &str| {
        summary
            .row(&[
                ("outside_options", level),
                ("profile", &format!("{japan} vs {russia}")),
                ("player", "Russia"),
            ])
            .number("mean_payoff")
    };
    let japanese = summary.candidates(0);
    let beaten = |at: usize| {
        japanese.iter().all(|japan| {
            mean(&levels[at], japan, "elsewhere") > mean(&levels[at], japan, "reciprocate_or_leave")
        })
    };
    let at = from_which_on(levels.len(), beaten)
        .expect("turning elsewhere does not beat reciprocating at the top level");
    levels[at].clone()
}

/// Russia's mean payoff in one round against tit for tat.
fn leverage_round(ex: &Examples, russia: &str, round: &str) -> String {
    let rounds = Table::read(&ex.results(LEVERAGE), "rounds.csv");
    let row = rounds.row(&[
        ("profile", &format!("tit_for_tat vs {russia}")),
        ("player", "Russia"),
        ("round", round),
    ]);
    fixed(row.number("mean_payoff"), 2)
}

/// Russia's mean payoff per round over the whole match with these strategies.
fn leverage_match(ex: &Examples, strategies: &[&str]) -> String {
    let summary = Table::read(&ex.results(LEVERAGE), "summary.csv");
    let payoffs: Vec<f64> = strategies
        .iter()
        .map(|strategy| {
            summary
                .row(&[("player", "Russia"), ("strategy", strategy)])
                .number("mean_payoff")
        })
        .collect();
    span(&payoffs, 2)
}

/// A column of Russia's rows of rounds.csv, round by round, for one Russian strategy against
/// tit for tat.
fn leverage_by_round(rounds: &Table, russia: &str, column: &str) -> Vec<f64> {
    rounds
        .rows(&[
            ("profile", &format!("tit_for_tat vs {russia}")),
            ("player", "Russia"),
        ])
        .iter()
        .map(|row| row.number(column))
        .collect()
}

/// The round from which on tit for tat earns Russia more than the hard line in every round.
fn tft_passes_hard_line(folder: &std::path::Path) -> String {
    let rounds = Table::read(folder, "rounds.csv");
    let hard_line = leverage_by_round(&rounds, "always_defect", "mean_payoff");
    let reciprocity = leverage_by_round(&rounds, "tit_for_tat", "mean_payoff");
    assert_eq!(hard_line.len(), reciprocity.len());
    let at = from_which_on(hard_line.len(), |at| reciprocity[at] > hard_line[at])
        .expect("tit for tat does not end ahead of the hard line");
    // rounds.csv lists every round from 1 (the match is short enough not to be binned).
    (at + 1).to_string()
}

/// The round from which on trust under the hard line stays below 0.005 (0.00 to two places).
fn leverage_trust_gone(ex: &Examples) -> String {
    let rounds = Table::read(&ex.results(LEVERAGE), "rounds.csv");
    let trust = leverage_by_round(&rounds, "always_defect", "state_trust");
    let at = from_which_on(trust.len(), |at| trust[at] < 0.005)
        .expect("trust under the hard line does not fall to nothing");
    (at + 1).to_string()
}

/// Russia's median score at a rank of the Kuril comparison.
fn comparison_median(ex: &Examples, rank: &str) -> String {
    let ranking = Table::read(&ex.results(COMPARISON), "ranking.csv");
    let row = ranking.row(&[("player", "Russia"), ("rank", rank)]);
    fixed(row.number("median_score"), 2)
}

/// How far apart Japan's median scores end, rounded up to two places ("within").
fn comparison_japan_spread(ex: &Examples) -> String {
    let ranking = Table::read(&ex.results(COMPARISON), "ranking.csv");
    let medians: Vec<f64> = ranking
        .rows(&[("player", "Japan")])
        .iter()
        .map(|row| row.number("median_score"))
        .collect();
    let spread = medians.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        - medians.iter().copied().fold(f64::INFINITY, f64::min);
    fixed((spread * 100.0).ceil() / 100.0, 2)
}

/// A column of a player's row of the Kuril comparison's one equilibrium (a claim checks that
/// there is one).
fn comparison_equilibrium(ex: &Examples, player: &str, column: &str) -> f64 {
    let equilibria = Table::read(&ex.results(COMPARISON), "equilibria.csv");
    equilibria
        .row(&[("equilibrium", "1"), ("player", player)])
        .number(column)
}

/// A column of the hard line's row of the Kuril evolution's fixation table.
fn evolution_hard_line(ex: &Examples, column: &str) -> f64 {
    let fixation = Table::read(&ex.results(EVOLUTION), "fixation.csv");
    fixation
        .row(&[("strategy", "always_defect")])
        .number(column)
}

/// A Russian strategy's payoff per round in the Kuril evolution: it meets Japan's candidates
/// equally often, so its payoff does not depend on the Russian population's mix.
fn evolution_payoff(ex: &Examples, strategy: &str) -> String {
    let payoffs = Table::read(&ex.results(EVOLUTION), "evolution_payoffs.csv");
    let rows = payoffs.rows(&[("row", strategy)]);
    let first = rows[0].number("payoff");
    assert!(rows.iter().all(|row| row.number("payoff") == first));
    fixed(first, 2)
}

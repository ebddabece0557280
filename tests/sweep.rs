//! `[sweep]`: a grid over parameters. Each (point, profile) is a cell keyed by its content, so a
//! cell's numbers are the same whether it runs alone, inside a larger grid, or with the grid
//! reordered; summary.csv and rounds.csv carry one column per swept parameter after `cell`.
//! Its charts: the defaults, and `[[charts]]` of kind `sweep` (a chosen summary metric against
//! the swept parameter, a map over two) and `best_reply`, and the one-point kinds at the grid
//! point that `point` names, exactly as a run of that point alone draws them.

mod common;

use common::{dilemma, text};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const GAME: &str = r#"
[parameters]
dependence = 0.9
cost = 1.0

[game]
players = ["Japan", "Russia"]
rounds = 30
noise = 0.02

[game.payoffs]
"C,C" = [3, 3]
"C,D" = ["0 - cost", 5]
"D,C" = ["5 - dependence", 0]
"D,D" = ["1 - dependence", 1]

[[game.constraints]]
player = "Japan"
forbid = ["D"]
probability = "dependence"

[strategies]
Japan = ["tit_for_tat", "always_cooperate"]
Russia = ["always_defect", "win_stay_lose_shift", "zd_extort_2"]
"#;

fn scenario(sweep: &str) -> String {
    format!("[scenario]\nname = \"s\"\nreplicates = 40\nseed = 11\n{GAME}\n{sweep}\n")
}

/// Runs `text` as a scenario in `dir`; the results folder.
fn run(dir: &Path, name: &str, scenario_text: &str, extra: &[&str]) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, scenario_text).unwrap();
    let out = dir.join(name);
    let mut args = vec![
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let output = dilemma(&args);
    assert!(output.status.success(), "{name}: {}", text(&output.stderr));
    out
}

/// summary.csv's rows by (swept values…, profile, player), each row from `profile` on: what the
/// cell computed, without its position in the file.
fn rows_by_content(folder: &Path, swept: &[&str]) -> HashMap<Vec<String>, Vec<String>> {
    let mut reader = csv::Reader::from_path(folder.join("summary.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let profile = column("profile");
    let point: Vec<usize> = swept.iter().map(|name| column(name)).collect();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let mut key: Vec<String> = point.iter().map(|&i| record[i].to_string()).collect();
            key.push(record[profile].to_string());
            key.push(record[column("player")].to_string());
            (
                key,
                record.iter().skip(profile).map(str::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn a_cells_numbers_do_not_depend_on_the_rest_of_the_grid() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    let grid = run(
        dir,
        "grid",
        &scenario("[sweep]\ndependence = [0.5, 0.75, 1.0]\ncost = [1, 2]"),
        &[],
    );
    let reordered = run(
        dir,
        "reordered",
        &scenario("[sweep]\ncost = [2, 1]\ndependence = [1.0, 0.75, 0.5]"),
        &[],
    );
    let smaller = run(
        dir,
        "smaller",
        &scenario("[sweep]\ndependence = [0.75, 0.6]"),
        &[],
    );
    // Alone: the file's own values for everything but `dependence`, given on the command line.
    let alone = run(dir, "alone", &scenario(""), &["--set", "dependence=0.75"]);

    let grid_rows = rows_by_content(&grid, &["dependence", "cost"]);
    assert_eq!(
        grid_rows.len(),
        3 * 2 * 2 * 3 * 2,
        "points × profiles × players"
    );
    assert_eq!(
        grid_rows,
        rows_by_content(&reordered, &["dependence", "cost"])
    );
    // The point (0.75, cost 1) is the same world in every run: cost 1 is the file's value.
    let at = |rows: &HashMap<Vec<String>, Vec<String>>, prefix: &[&str]| {
        let mut picked: Vec<(Vec<String>, Vec<String>)> = rows
            .iter()
            .filter(|(key, _)| key.iter().zip(prefix).all(|(k, p)| k == p))
            .map(|(key, row)| (key[prefix.len()..].to_vec(), row.clone()))
            .collect();
        picked.sort();
        picked
    };
    let in_grid = at(&grid_rows, &["0.75", "1"]);
    assert_eq!(in_grid.len(), 12);
    assert_eq!(
        in_grid,
        at(&rows_by_content(&smaller, &["dependence"]), &["0.75"])
    );
    assert_eq!(in_grid, at(&rows_by_content(&alone, &[]), &[]));
    // And other points differ: the parameter does reach the game.
    assert_ne!(in_grid, at(&grid_rows, &["0.5", "1"]));
}

#[test]
fn swept_parameters_are_columns_after_cell_in_grid_order() {
    let scratch = tempfile::tempdir().unwrap();
    let out = run(
        scratch.path(),
        "grid",
        &scenario(
            "[sweep]\ndependence = { from = 0.5, to = 1.0, steps = 3 }\ncost = { from = 0.1, to = 10, steps = 3, scale = \"log\" }",
        ),
        &[],
    );
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.starts_with("cell,dependence,cost,profile,player,"),
        "{summary}"
    );
    // The first parameter in the file changes slowest; 6 profiles × 2 players per point. The
    // log range 0.1 … 10 in 3 steps is 0.1, 1, 10 (a factor of ten each).
    let points: Vec<(String, String)> = summary
        .lines()
        .skip(1)
        .step_by(12)
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            (fields[1].to_string(), fields[2].to_string())
        })
        .collect();
    let expected = [
        ("0.5", "0.1"),
        ("0.5", "1"),
        ("0.5", "10"),
        ("0.75", "0.1"),
        ("0.75", "1"),
        ("0.75", "10"),
        ("1", "0.1"),
        ("1", "1"),
        ("1", "10"),
    ];
    assert_eq!(points.len(), expected.len());
    for ((dependence, cost), (want_dependence, want_cost)) in points.iter().zip(expected) {
        assert_eq!(dependence, want_dependence);
        let cost: f64 = cost.parse().unwrap();
        let want: f64 = want_cost.parse().unwrap();
        assert!((cost / want - 1.0).abs() < 1e-12, "{cost} vs {want}");
    }
    let rounds = std::fs::read_to_string(out.join("rounds.csv")).unwrap();
    assert!(
        rounds.starts_with("cell,dependence,cost,profile,player,round,"),
        "{rounds}"
    );
    assert_eq!(rounds.lines().count(), 1 + 9 * 6 * 2 * 30);

    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["sweep"][0]["parameter"], "dependence");
    assert_eq!(
        manifest["sweep"][0]["values"],
        serde_json::json!([0.5, 0.75, 1.0])
    );
    assert_eq!(manifest["points"].as_array().unwrap().len(), 9);
    // Six profiles a point: cell 6 is the first of point 1, (0.5, 1).
    assert_eq!(manifest["cells"][6]["point"], 1);
    assert_eq!(manifest["cells"][6]["parameters"]["cost"], 1.0);
    // The evaluated payoff table follows the point: Japan's D,D payoff is 1 − dependence.
    let table = manifest["points"][8].to_string();
    assert!(table.contains("\"dependence\":1.0"), "{table}");
    // Per-profile charts would mix points, and the lines against a parameter take one: maps
    // are drawn instead, and the run says why.
    let notes = manifest["chart_notes"].to_string();
    assert!(
        notes.contains("this run sweeps 2 (dependence, cost), so maps are drawn instead"),
        "{notes}"
    );
    assert!(out.join("best_reply_Japan.svg").exists());
    assert!(!out.join("payoffs.svg").exists() && !out.join("sweep_Japan.svg").exists());
}

#[test]
fn a_swept_parameter_cannot_also_be_set() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("s.toml");
    std::fs::write(&path, scenario("[sweep]\ndependence = [0.5, 0.6]")).unwrap();
    let out = scratch.path().join("out");
    let output = dilemma(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--set",
        "dependence=0.7",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr
            .contains("sweep.dependence: is swept here, so `--set dependence` cannot also fix it"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_one_parameter_sweep_draws_each_players_payoff_against_it() {
    let scratch = tempfile::tempdir().unwrap();
    let out = run(
        scratch.path(),
        "line",
        &scenario("[sweep]\ndependence = { from = 0.5, to = 1.0, steps = 6 }"),
        &[],
    );
    for player in ["Japan", "Russia"] {
        for extension in ["svg", "pdf", "png"] {
            assert!(out.join(format!("sweep_{player}.{extension}")).is_file());
        }
    }
    // Russia's figure: a panel against each Japanese candidate, a line for each Russian one.
    let svg = std::fs::read_to_string(out.join("sweep_Russia.svg")).unwrap();
    // plotters writes each text element's content on a line of its own.
    let texts: Vec<&str> = svg.lines().map(str::trim).collect();
    for text in [
        "against Tit for tat",
        "against Always cooperate",
        "Always defect",
        "Win stay lose shift",
        "ZD-Extort-2",
        "dependence",
        "Russia&apos;s strategy:",
    ] {
        assert!(
            texts.contains(&text),
            "{text} missing from sweep_Russia.svg"
        );
    }
    assert!(
        !out.join("payoffs.svg").exists(),
        "a per-point chart was drawn for a sweep"
    );
    // `dilemma plot` makes the same figures from the files alone.
    let before = std::fs::read(out.join("sweep_Russia.svg")).unwrap();
    let output = dilemma(&["plot", out.to_str().unwrap(), "-q"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(std::fs::read(out.join("sweep_Russia.svg")).unwrap(), before);
}

/// Okabe and Ito's palette, in the order the charts use it (Okabe & Ito 2008, "Color Universal
/// Design"): blue, vermillion, bluish green, reddish purple, orange, sky blue, black.
const OKABE_ITO: [(u8, u8, u8); 7] = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (0, 0, 0),
];

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// 35% of a colour over white, as the map's pale squares are.
fn pale((r, g, b): (u8, u8, u8)) -> (u8, u8, u8) {
    let over = |c: u8| (255.0 - (255.0 - f64::from(c)) * 0.35).round() as u8;
    (over(r), over(g), over(b))
}

#[test]
fn the_best_reply_map_colours_each_square_by_the_winner_in_best_replies_csv() {
    let scratch = tempfile::tempdir().unwrap();
    let out = run(
        scratch.path(),
        "map",
        &scenario("[sweep]\ndependence = [0.5, 0.75, 1.0]\ncost = [1, 2]"),
        &[],
    );
    let notes = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(notes.contains("so maps are drawn instead"), "{notes}");
    for player in ["Japan", "Russia"] {
        // The player's candidates in scenario order give the colours.
        let candidates: Vec<&str> = if player == "Japan" {
            vec!["tit_for_tat", "always_cooperate"]
        } else {
            vec!["always_defect", "win_stay_lose_shift", "zd_extort_2"]
        };
        let mut expected: HashMap<String, usize> = HashMap::new();
        let mut reader = csv::Reader::from_path(out.join("best_replies.csv")).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            if &record[3] != player {
                continue;
            }
            let winner = candidates.iter().position(|c| *c == &record[5]).unwrap();
            let colour = if &record[10] == "false" {
                pale(OKABE_ITO[winner])
            } else {
                OKABE_ITO[winner]
            };
            *expected.entry(hex(colour)).or_default() += 1;
        }
        let svg = std::fs::read_to_string(out.join(format!("best_reply_{player}.svg"))).unwrap();
        for (colour, count) in &expected {
            // Each square is one filled rect (legend swatches are polygons).
            let drawn = svg
                .lines()
                .filter(|line| {
                    line.starts_with("<rect") && line.contains(&format!("fill=\"{colour}\""))
                })
                .count();
            assert_eq!(drawn, *count, "{player}: squares of {colour}");
        }
        // 3 × 2 points per panel; one panel per profile of the other player.
        let panels = if player == "Japan" { 3 } else { 2 };
        assert_eq!(expected.values().sum::<usize>(), 6 * panels);
    }
}

#[test]
fn a_two_parameter_sweep_maps_each_players_payoff_with_viridis_ends_at_the_extremes() {
    let scratch = tempfile::tempdir().unwrap();
    let out = run(
        scratch.path(),
        "payoff_map",
        &scenario("[sweep]\ndependence = [0.5, 0.75, 1.0]\ncost = [1, 2]"),
        &[],
    );
    for player in ["Japan", "Russia"] {
        // The player's means from summary.csv: the lowest maps to viridis(0) = #440154 and the
        // highest to viridis(1) = #FDE725 (matplotlib's colormap ends).
        let mut reader = csv::Reader::from_path(out.join("summary.csv")).unwrap();
        let means: Vec<f64> = reader
            .records()
            .map(|r| r.unwrap())
            .filter(|r| &r[4] == player)
            .map(|r| r[7].parse().unwrap())
            .collect();
        assert_eq!(means.len(), 6 * 6, "6 points × 6 profiles");
        let (low, high) = means
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), m| {
                (l.min(*m), h.max(*m))
            });
        let svg = std::fs::read_to_string(out.join(format!("payoff_map_{player}.svg"))).unwrap();
        let squares = |fill: &str| {
            svg.lines()
                .filter(|line| {
                    line.starts_with("<rect") && line.contains(&format!("fill=\"{fill}\""))
                })
                .count()
        };
        // The colour bar draws 64 steps from just above 0 to just below 1: neither end colour.
        assert_eq!(
            squares("#440154"),
            means.iter().filter(|m| **m == low).count(),
            "{player}"
        );
        assert_eq!(
            squares("#FDE725"),
            means.iter().filter(|m| **m == high).count(),
            "{player}"
        );
        let texts: Vec<&str> = svg.lines().map(str::trim).collect();
        assert!(
            texts.contains(&"dependence") && texts.contains(&"cost"),
            "{player}: axis titles"
        );
    }
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_chart_at_a_sweep_point_is_the_chart_that_point_draws_when_run_alone() {
    // A cell's numbers depend only on its content, so the charts of the point 0.75 drawn from
    // the sweep's files must be the very charts a run of 0.75 alone draws.
    let scratch = tempfile::tempdir().unwrap();
    let charts = |point: &str| {
        format!(
            "[[charts]]\nkind = \"rounds\"\nformats = [\"svg\"]\n{point}\n\
             [[charts]]\nkind = \"payoffs\"\nformats = [\"svg\"]\n{point}\n\
             [[charts]]\nkind = \"heatmap\"\nmetric = \"constrained_share\"\nformats = [\"svg\"]\n{point}\n"
        )
    };
    let swept = run(
        scratch.path(),
        "swept",
        &scenario(&format!(
            "[sweep]\ndependence = [0.5, 0.75, 1.0]\n\n{}",
            charts("point = { dependence = 0.75 }")
        )),
        &[],
    );
    let alone = run(
        scratch.path(),
        "alone",
        &scenario(&charts("")),
        &["--set", "dependence=0.75"],
    );
    for chart in ["rounds.svg", "payoffs.svg", "heatmap.svg"] {
        let drawn = read(&swept.join(chart));
        assert!(drawn.len() > 1000, "{chart} is suspiciously small");
        assert!(
            drawn == read(&alone.join(chart)),
            "{chart} of the point differs from the run of the point alone"
        );
    }
    // And the point is really chosen: another point draws another chart.
    let other = run(
        scratch.path(),
        "other",
        &scenario(&charts("")),
        &["--set", "dependence=0.5"],
    );
    assert!(read(&other.join("rounds.svg")) != read(&swept.join("rounds.svg")));
}

#[test]
fn a_best_reply_chart_is_the_default_best_reply_map() {
    let scratch = tempfile::tempdir().unwrap();
    let sweep = "[sweep]\ndependence = [0.5, 0.75, 1.0]\n";
    let defaults = run(scratch.path(), "defaults", &scenario(sweep), &[]);
    let asked = run(
        scratch.path(),
        "asked",
        &scenario(&format!(
            "{sweep}\n[[charts]]\nkind = \"best_reply\"\nplayers = [\"Japan\"]\n"
        )),
        &[],
    );
    assert!(
        read(&asked.join("best_reply_Japan.svg")) == read(&defaults.join("best_reply_Japan.svg"))
    );
    // `[[charts]]` replaces the defaults: nothing else is drawn.
    for absent in [
        "best_reply_Russia.svg",
        "sweep_Japan.svg",
        "sweep_Russia.svg",
    ] {
        assert!(!asked.join(absent).exists(), "{absent} was drawn");
    }
}

#[test]
fn a_sweep_chart_draws_the_chosen_metric_for_each_player_and_plot_remakes_it() {
    let scratch = tempfile::tempdir().unwrap();
    let out = run(
        scratch.path(),
        "metric",
        &scenario(
            "[sweep]\ndependence = { from = 0.5, to = 1.0, steps = 6 }\n\n\
             [[charts]]\nkind = \"sweep\"\nmetric = \"constrained_share\"\n\n\
             [[charts]]\nkind = \"sweep\"\nmetric = \"share_C\"\nfile = \"cooperation\"\n\
             profiles = [\"tit_for_tat vs always_defect\", \"always_cooperate vs always_defect\"]\n",
        ),
        &[],
    );
    for player in ["Japan", "Russia"] {
        for extension in ["svg", "pdf", "png"] {
            for stem in ["sweep_constrained_share", "cooperation"] {
                let file = out.join(format!("{stem}_{player}.{extension}"));
                assert!(file.is_file(), "{} missing", file.display());
            }
        }
    }
    let texts = |file: &str| -> Vec<String> {
        std::fs::read_to_string(out.join(file))
            .unwrap()
            .lines()
            .map(|line| line.trim().to_string())
            .collect()
    };
    let japan = texts("sweep_constrained_share_Japan.svg");
    assert!(
        japan.contains(&"Japan&apos;s share of rounds a constraint decided (95% CI)".to_string()),
        "{japan:?}"
    );
    // Russia's cooperation: its panels are the Japanese candidates the chosen profiles hold;
    // its lines, the one Russian candidate they hold.
    let russia = texts("cooperation_Russia.svg");
    for wanted in [
        "against Tit for tat",
        "against Always cooperate",
        "Always defect",
    ] {
        assert!(russia.contains(&wanted.to_string()), "{wanted} missing");
    }
    assert!(!russia.contains(&"Win stay lose shift".to_string()));
    // `dilemma plot` makes the same figures from the files and the manifest.
    let before = read(&out.join("cooperation_Russia.svg"));
    let output = dilemma(&["plot", out.to_str().unwrap(), "-q"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(read(&out.join("cooperation_Russia.svg")) == before);
}

#[test]
fn a_sweep_chart_over_two_parameters_maps_the_metric_with_viridis_ends_at_its_extremes() {
    let scratch = tempfile::tempdir().unwrap();
    let out = run(
        scratch.path(),
        "map",
        &scenario(
            "[sweep]\ndependence = [0.5, 0.75, 1.0]\ncost = [1, 2]\n\n\
             [[charts]]\nkind = \"sweep\"\nmetric = \"share_C\"\nplayers = [\"Russia\"]\n",
        ),
        &[],
    );
    // Russia's shares of C from summary.csv: the lowest maps to viridis(0) = #440154 and the
    // highest to viridis(1) = #FDE725 (matplotlib's colormap ends).
    let mut reader = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (player, share) = (column("player"), column("share_C"));
    let shares: Vec<f64> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[player] == "Russia")
        .map(|r| r[share].parse().unwrap())
        .collect();
    assert_eq!(shares.len(), 6 * 6, "6 points × 6 profiles");
    let low = shares.iter().copied().fold(f64::INFINITY, f64::min);
    let high = shares.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(low < high, "the shares do not vary: {shares:?}");
    let svg = std::fs::read_to_string(out.join("sweep_share_C_Russia.svg")).unwrap();
    let squares = |fill: &str| {
        svg.lines()
            .filter(|line| line.starts_with("<rect") && line.contains(&format!("fill=\"{fill}\"")))
            .count()
    };
    assert_eq!(
        squares("#440154"),
        shares.iter().filter(|s| **s == low).count()
    );
    assert_eq!(
        squares("#FDE725"),
        shares.iter().filter(|s| **s == high).count()
    );
    assert!(
        svg.lines()
            .any(|line| line.trim() == "Russia&apos;s share of rounds playing C, by profile:"),
        "the legend names the metric"
    );
    assert!(!out.join("sweep_share_C_Japan.svg").exists());
}

#[test]
fn validate_verbose_lists_the_chart_files_the_run_writes() {
    let scratch = tempfile::tempdir().unwrap();
    let text = scenario(
        "[sweep]\ndependence = [0.5, 0.75]\n\n\
         [[charts]]\nkind = \"sweep\"\nmetric = \"share_C\"\n\n\
         [[charts]]\nkind = \"best_reply\"\nplayers = [\"Russia\"]\n\n\
         [[charts]]\nkind = \"rounds\"\npoint = { dependence = 0.75 }\nformats = [\"svg\"]\n",
    );
    let path = scratch.path().join("listed.toml");
    std::fs::write(&path, &text).unwrap();
    let output = dilemma(&["validate", "--verbose", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", common::text(&output.stderr));
    let listing = common::text(&output.stdout);
    let charts = listing
        .split("  charts:\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no chart list in:\n{listing}"));
    assert!(
        charts.contains("rounds: rounds at dependence = 0.75"),
        "{charts}"
    );
    let listed: Vec<String> = charts
        .lines()
        .filter_map(|line| line.trim().split(": ").next())
        .flat_map(|files| files.split(", ").map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert_eq!(
        listed,
        [
            "sweep_share_C_Japan",
            "sweep_share_C_Russia",
            "best_reply_Russia",
            "rounds"
        ]
    );
    let out = run(scratch.path(), "listed_run", &text, &[]);
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".svg").map(str::to_string))
        .collect();
    written.sort();
    let mut expected = listed.clone();
    expected.sort();
    assert_eq!(written, expected);
}

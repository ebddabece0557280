//! `[[charts]]` in a sweep: `kind = "sweep"` draws a chosen summary metric against the swept
//! parameter (a map over two), `kind = "best_reply"` the best-reply map, and the one-point kinds
//! show the grid point that `point` names, exactly as a run of that point alone draws them.

mod common;

use common::{dilemma, text};
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

fn scenario(rest: &str) -> String {
    format!("[scenario]\nname = \"s\"\nreplicates = 40\nseed = 11\n{GAME}\n{rest}\n")
}

/// Runs `scenario_text` from a file in `dir`; the results folder.
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

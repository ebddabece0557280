//! Tournaments against Axelrod-Python 4.14 (tests/fixtures/axelrod/tournament_round_robin.json,
//! made by tests/fixtures/generate_axelrod.py): a noise-free round robin of the deterministic
//! classic strategies reproduces its payoff matrix, totals, wins and ranking exactly, and a
//! noisy round robin of the classic twelve agrees on every mean within 4 standard errors.

mod common;

use common::mean_and_standard_error;
use dilemma::experiment::Experiment;
use dilemma::sim::{self, Silent};
use dilemma::tournament::{self, TournamentKind, TournamentResults};
use serde_json::Value;
use std::path::Path;

fn fixture() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/axelrod/tournament_round_robin.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the fixture exists"))
        .expect("the fixture is JSON")
}

fn strategies(table: &Value) -> Vec<String> {
    table["strategies"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|name| name.as_str().expect("a name").to_string())
        .collect()
}

fn matrix(value: &Value) -> Vec<Vec<f64>> {
    value
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            row.as_array()
                .expect("a row")
                .iter()
                .map(|v| v.as_f64().expect("a number"))
                .collect()
        })
        .collect()
}

/// The standard PD round robin of `population` as a scenario.
fn round_robin(population: &[String], rounds: u32, noise: f64, replicates: u64) -> Experiment {
    let names: Vec<String> = population.iter().map(|n| format!("\"{n}\"")).collect();
    let text = format!(
        r#"
[scenario]
name = "round-robin"
seed = 4
replicates = {replicates}

[game]
players = ["Row", "Column"]
rounds = {rounds}
noise = {noise}

[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]

[tournament]
strategies = [{}]
"#,
        names.join(", ")
    );
    dilemma::scenario::parse(&text, "round-robin.toml").expect("the scenario is valid")
}

fn play(experiment: &Experiment) -> TournamentResults {
    let summary = sim::run(experiment, &Silent);
    tournament::tabulate(experiment, &summary).expect("a tournament")
}

#[test]
fn a_round_robin_plays_each_unordered_pair_once_with_self_play() {
    let population: Vec<String> = ["tit_for_tat", "grudger", "always_defect"]
        .map(String::from)
        .to_vec();
    let experiment = round_robin(&population, 10, 0.0, 3);
    assert_eq!(
        experiment.tournament.as_ref().unwrap().kind,
        TournamentKind::RoundRobin
    );
    // k (k + 1) / 2 matches.
    assert_eq!(experiment.cells.len(), 6);
    let results = play(&experiment);
    assert_eq!(results.sides.len(), 1);
    assert_eq!(results.repetitions, 3);
    // TFT against ALLD for 10 rounds: S then nine P = 9 in all, 0.9 a round; ALLD gets T + 9P.
    let side = &results.sides[0];
    assert_eq!(side.pairing(0, 2).estimate.mean, 0.9);
    assert_eq!(side.pairing(2, 0).estimate.mean, 1.4);
    assert_eq!(side.pairing(2, 0).wins(), Some(3));
    assert_eq!(side.pairing(0, 0).wins(), None);
}

#[test]
fn noise_free_round_robin_matches_axelrod_exactly() {
    let fixture = fixture();
    let reference = &fixture["deterministic"];
    let population = strategies(reference);
    let repetitions = reference["repetitions"].as_u64().unwrap();
    let experiment = round_robin(&population, 200, 0.0, repetitions);
    let results = play(&experiment);
    let side = &results.sides[0];
    let k = population.len();
    let payoffs = matrix(&reference["payoff_matrix"]);
    for i in 0..k {
        for j in 0..k {
            assert_eq!(
                side.pairing(i, j).estimate.mean,
                payoffs[i][j],
                "{} against {}",
                population[i],
                population[j]
            );
        }
    }
    let scores = matrix(&reference["scores"]);
    let wins = matrix(&reference["wins"]);
    let normalised = matrix(&reference["normalised_scores"]);
    for i in 0..k {
        for r in 0..repetitions as usize {
            let total: f64 = (0..k)
                .filter(|&j| j != i)
                .map(|j| side.pairing(i, j).totals[r])
                .sum();
            assert_eq!(total, scores[i][r], "total of {}", population[i]);
            assert_eq!(
                side.wins[i][r] as f64, wins[i][r],
                "wins of {}",
                population[i]
            );
            assert!(
                (side.scores[i][r] - normalised[i][r]).abs() < 1e-12,
                "score of {}",
                population[i]
            );
        }
    }
    let ranked: Vec<String> = tournament::ranking::rank(side)
        .into_iter()
        .map(|entry| population[entry.strategy].clone())
        .collect();
    let expected: Vec<String> = reference["ranked_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ranked, expected);
    for (i, rating) in reference["cooperating_rating"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert!((side.cooperation[i] - rating.as_f64().unwrap()).abs() < 1e-12);
    }
}

#[test]
fn noisy_round_robin_of_the_classic_twelve_agrees_with_axelrod_within_four_standard_errors() {
    let fixture = fixture();
    let reference = &fixture["noisy"];
    let population = strategies(reference);
    let theirs = reference["repetitions"].as_u64().unwrap() as f64;
    let noise = reference["noise"].as_f64().unwrap();
    let ours = 400;
    let results = play(&round_robin(&population, 200, noise, ours));
    let side = &results.sides[0];
    // Mean scores: Axelrod's per-repetition normalised scores against ours.
    let normalised = matrix(&reference["normalised_scores"]);
    for (i, name) in population.iter().enumerate() {
        let (mean, se) = mean_and_standard_error(&normalised[i]);
        let (our_mean, our_se) = mean_and_standard_error(&side.scores[i]);
        let bound = 4.0 * se.hypot(our_se);
        assert!(
            (mean - our_mean).abs() <= bound,
            "{name}: Axelrod {mean} ± {se}, ours {our_mean} ± {our_se}"
        );
    }
    // Every pairing's mean payoff; Axelrod reports the population sd (ddof 0).
    let payoffs = matrix(&reference["payoff_matrix"]);
    let spreads = matrix(&reference["payoff_stddevs"]);
    let k = population.len();
    for i in 0..k {
        for j in 0..k {
            let pairing = side.pairing(i, j);
            let their_se = spreads[i][j] / (theirs - 1.0).sqrt();
            // Ours from the repetitions themselves, not the estimate under test.
            assert_eq!(pairing.per_repetition.len(), ours as usize);
            let (our_mean, our_se) = mean_and_standard_error(&pairing.per_repetition);
            assert!((pairing.estimate.mean - our_mean).abs() < 1e-9);
            let bound = 4.0 * their_se.hypot(our_se);
            assert!(
                (payoffs[i][j] - our_mean).abs() <= bound.max(1e-12),
                "{} against {}: Axelrod {} ± {their_se}, ours {our_mean} ± {our_se}",
                population[i],
                population[j],
                payoffs[i][j],
            );
        }
    }
}

#[test]
fn tournament_tables_do_not_depend_on_the_thread_count() {
    let population: Vec<String> = ["tit_for_tat", "random", "joss", "generous_tit_for_tat"]
        .map(String::from)
        .to_vec();
    let experiment = round_robin(&population, 50, 0.05, 150);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| play(&experiment))
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_eq!(one, on(3));
}

#[test]
fn a_bipartite_tournament_ranks_each_side_and_finds_the_meta_game_equilibria() {
    // Japan constrained to cooperate; Russia's defection pays. Hand-derived payoffs per round
    // (Japan, Russia) with no noise over 10 rounds:
    //   always_cooperate vs always_defect: (0, 5); vs tit_for_tat: (3, 3).
    //   tit_for_tat vs always_defect: (0.9, 1.4); vs tit_for_tat: (3, 3).
    let text = r#"
[scenario]
name = "bipartite"
replicates = 4

[game]
players = ["Japan", "Russia"]
rounds = 10

[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]

[strategies]
Japan = ["always_cooperate", "tit_for_tat"]
Russia = ["always_defect", "tit_for_tat"]

[tournament]
kind = "bipartite"
"#;
    let experiment = dilemma::scenario::parse(text, "bipartite.toml").unwrap();
    assert_eq!(experiment.cells.len(), 4);
    let results = play(&experiment);
    assert_eq!(results.sides.len(), 2);
    let (japan, russia) = (&results.sides[0], &results.sides[1]);
    assert_eq!(japan.pairing(1, 0).estimate.mean, 0.9);
    assert_eq!(russia.pairing(0, 0).estimate.mean, 5.0);
    assert_eq!(russia.pairing(0, 1).estimate.mean, 1.4);
    // Japan: ALLC scores (0 + 3) / 2 = 1.5, TFT (0.9 + 3) / 2 = 1.95: TFT first.
    let japan_ranked = tournament::ranking::rank(japan);
    assert_eq!(japan_ranked[0].strategy, 1);
    assert_eq!(japan_ranked[0].median, 1.95);
    // Russia: ALLD (5 + 1.4) / 2 = 3.2, TFT 3: ALLD first.
    assert_eq!(tournament::ranking::rank(russia)[0].strategy, 0);
    // Meta-game, by hand: (ALLC, ALLD) fails (Japan's TFT gets 0.9 > 0); (ALLC, TFT) fails
    // (Russia's ALLD gets 5 > 3 against ALLC); (TFT, ALLD) fails (Russia's TFT gets 3 > 1.4
    // against TFT); (TFT, TFT) holds, Japan indifferent (ALLC also gets 3): a weak equilibrium.
    let equilibria = results.meta_game().pure_equilibria();
    let profiles: Vec<Vec<usize>> = equilibria.iter().map(|e| e.profile.clone()).collect();
    assert_eq!(profiles, vec![vec![1, 1]]);
    assert_eq!(equilibria[0].players[0].margin, 0.0);
    assert_eq!(equilibria[0].players[1].margin, 3.0 - 1.4);
    assert!(!equilibria[0].robust());
}

#[test]
fn compare_plays_a_round_robin_of_library_and_scenario_strategies() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("custom.toml");
    std::fs::write(
        &scenario,
        format!(
            "[scenario]\nname = \"custom\"\nreplicates = 20\n\n[game]\nplayers = [\"Row\", \"Column\"]\nrounds = 20\n{}\n[strategies]\nRow = [{{ kind = \"memory_one\", name = \"wary\", p = [0.9, 0.1, 0.8, 0.2] }}]\nColumn = [\"always_defect\"]\n",
            common::STANDARD_PAYOFFS
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = common::dilemma(&[
        "compare",
        scenario.to_str().unwrap(),
        "--strategies",
        "tit_for_tat,wary,Grudger",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::text(&output.stderr));
    let stdout = common::text(&output.stdout);
    assert!(
        stdout.contains("round robin of 3 strategies, 20 repetitions"),
        "{stdout}"
    );
    let ranking = std::fs::read_to_string(out.join("ranking.csv")).unwrap();
    // A header and one row per strategy, the scenario's custom one among them.
    assert_eq!(ranking.lines().count(), 4, "{ranking}");
    assert!(ranking.lines().any(|line| line.contains(",wary,")));
    for file in [
        "tournament.csv",
        "scores.csv",
        "equilibria.csv",
        "ranking.svg",
        "tournament.png",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
}

#[test]
fn compare_refuses_unknown_names_and_asymmetric_round_robins_with_advice() {
    let kuril = common::kuril();
    let kuril = kuril.to_str().unwrap();
    let output = common::dilemma(&["compare", kuril, "--strategies", "tit_for_tat,grudgr"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = common::text(&output.stderr);
    assert!(
        stderr.starts_with("error: --strategies: unknown strategy `grudgr`")
            && stderr.contains("(did you mean `grudger`?)"),
        "{stderr}"
    );
    let output = common::dilemma(&["compare", kuril, "--strategies", "tit_for_tat,grudger"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = common::text(&output.stderr);
    assert!(
        stderr.starts_with("error: --strategies: a round robin needs a symmetric game")
            && stderr.contains("`--strategies PLAYER=a,b`"),
        "{stderr}"
    );
    let output = common::dilemma(&["compare", kuril, "--strategies", "Rusia=always_defect"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = common::text(&output.stderr);
    assert!(stderr.contains("(did you mean `Russia`?)"), "{stderr}");
    let output = common::dilemma(&[
        "compare",
        kuril,
        "--strategies",
        "a,b",
        "--strategies",
        "Japan=c",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn compare_per_player_lists_make_a_bipartite_tournament() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let kuril = common::kuril();
    let output = common::dilemma(&[
        "compare",
        kuril.to_str().unwrap(),
        "--strategies",
        "Russia=always_defect,tit_for_tat",
        "--replicates",
        "30",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(output.status.success(), "{}", common::text(&output.stderr));
    let ranking = std::fs::read_to_string(out.join("ranking.csv")).unwrap();
    // Japan keeps its three candidates from the scenario; Russia has the two named.
    assert_eq!(
        ranking.lines().filter(|l| l.starts_with("Japan,")).count(),
        3
    );
    assert_eq!(
        ranking.lines().filter(|l| l.starts_with("Russia,")).count(),
        2
    );
}

/// A round robin of TFT and ALLD over `rounds` rounds with `[evolution]` settings appended.
fn tft_alld_evolution(rounds: u32, evolution: &str) -> Experiment {
    let text = format!(
        r#"
[scenario]
name = "tft-alld"
seed = 11
replicates = 2

[game]
players = ["Row", "Column"]
rounds = {rounds}
{}
[tournament]
strategies = ["tit_for_tat", "always_defect"]

[evolution]
{evolution}
"#,
        common::STANDARD_PAYOFFS
    );
    dilemma::scenario::parse(&text, "tft-alld.toml").expect("the scenario is valid")
}

#[test]
fn evolution_on_a_tournament_fixes_as_nowak_sasaki_taylor_fudenberg_predict() {
    use common::fixation::{Reference, death_birth, nstf_birth_death};
    // One ALLD among 9 TFT, 10 rounds a match, w = 0.5: the payoffs per round are TFT-TFT 3,
    // TFT-ALLD 0.9, ALLD-TFT 1.4, ALLD-ALLD 1 (a = 3, b = 0.9, c = 1.4, d = 1). The references
    // are the product formulas written out in tests/common/fixation.rs, not the library's.
    let references: [(Reference, &str); 2] = [
        (nstf_birth_death, "birth_death"),
        (death_birth, "death_birth"),
    ];
    for (reference, name) in references {
        let experiment = tft_alld_evolution(
            10,
            &format!(
                "initial = {{ tit_for_tat = 9, always_defect = 1 }}\nselection = 0.5\nupdate = \"{name}\"\nruns = 20000"
            ),
        );
        let results = play(&experiment);
        let outcome = dilemma::evolution::plan::evolve(&experiment, &results, &Silent)
            .unwrap()
            .unwrap();
        assert_eq!(outcome.matrix.values, vec![3.0, 0.9, 1.4, 1.0]);
        // The mutant is the second strategy: its fixation with the roles swapped (ALLD first).
        let exact = reference([1.0, 1.4, 0.9, 3.0], 10, 0.5, 1);
        let estimate = outcome.moran.strategies[1].probability;
        let se = (exact * (1.0 - exact) / 20_000.0).sqrt();
        assert!(
            (estimate - exact).abs() <= 4.0 * se,
            "{name}: simulated {estimate}, exact {exact} ± {se}"
        );
    }
}

#[test]
fn sampled_fitness_plays_fresh_matches_and_agrees_with_expected_payoffs() {
    // Deterministic strategies without noise: every sampled match pays the mean, so the two
    // fitness sources give the same process in distribution (here: within 4 SE of each other).
    let settings = "initial = { tit_for_tat = 5, always_defect = 5 }\nruns = 4000";
    let mut estimates = Vec::new();
    for fitness in ["expected", "sampled"] {
        let experiment = tft_alld_evolution(20, &format!("{settings}\nfitness = \"{fitness}\""));
        let results = play(&experiment);
        let outcome = dilemma::evolution::plan::evolve(&experiment, &results, &Silent)
            .unwrap()
            .unwrap();
        estimates.push(outcome.moran.strategies[0].probability);
        // The matches are deterministic, so both fitness sources are the process of NSTF
        // (2004) with a = 3, b = 19/20, c = 24/20, d = 1 (20 rounds), and both give its value.
        let exact = common::fixation::nstf_birth_death([3.0, 0.95, 1.2, 1.0], 10, 1.0, 5);
        let listed = outcome.moran.strategies[0].exact.expect("an exact value");
        assert!(
            (listed - exact).abs() < 1e-12,
            "{fitness}: {listed} against {exact}"
        );
    }
    let p = (estimates[0] + estimates[1]) / 2.0;
    let se = (2.0 * p * (1.0 - p) / 4000.0).sqrt();
    assert!(
        (estimates[0] - estimates[1]).abs() <= 4.0 * se,
        "expected {} against sampled {}",
        estimates[0],
        estimates[1]
    );
}

#[test]
fn the_kuril_evolution_scenario_writes_the_evolution_tables_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_evolution.toml");
    let output = common::dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--replicates",
        "50",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", common::text(&output.stderr));
    assert!(common::text(&output.stdout).contains("Moran process (birth_death, N = 20"));
    for file in [
        "fixation.csv",
        "trajectories.csv",
        "fixed_points.csv",
        "evolution_payoffs.csv",
        "evolution_simplex.svg",
        "evolution_fixation.png",
        "evolution_shares_moran.pdf",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"fixation.csv\"") && manifest.contains("\"complete\": true"));
}

#[test]
fn each_side_of_a_bipartite_wins_chart_is_out_of_its_own_opponents() {
    // kuril_custom_strategies.toml lists 6 Japanese and 8 Russian candidates: a Japanese one
    // can win at most 8 matches a repetition, a Russian one at most 6.
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let scenario = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/kuril_custom_strategies.toml"
    );
    let run = common::dilemma(&[
        "run",
        scenario,
        "--out",
        out.to_str().unwrap(),
        "--replicates",
        "4",
        "-q",
    ]);
    assert!(run.status.success(), "{}", common::text(&run.stderr));
    let svg = std::fs::read_to_string(out.join("wins.svg")).unwrap();
    let japan = svg.find("at most 8").expect("Japan's axis: at most 8");
    let russia = svg.find("at most 6").expect("Russia's axis: at most 6");
    assert!(japan < russia, "Japan's panel comes first");
}

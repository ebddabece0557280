//! What changes during a match: parameters written as formulas of `round` (schedules) and
//! `[state]` variables. A payoff that steps at round k steps there in `rounds.csv`; a schedule
//! evaluated in the round loop gives the same matches as the same schedule tabulated; state
//! trajectories of scripted matches equal values worked out by hand.

mod common;

use common::STANDARD_PAYOFFS;
use dilemma::experiment::Experiment;
use dilemma::sim::dynamics::{MAX_TABULATED_VALUES, PointDynamics};
use dilemma::sim::matchup::{MatchSpec, RoundOutcome, RoundSink};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::sync::Arc;

fn parse(text: &str) -> Experiment {
    dilemma::scenario::parse(text, "dynamics.toml")
        .unwrap_or_else(|errors| panic!("test scenario refused: {errors}"))
}

/// Every round of a match as played: actions, payoffs, and the state values after it.
#[derive(Default, Debug, PartialEq)]
struct Recorder {
    actions: Vec<Vec<usize>>,
    payoffs: Vec<Vec<f64>>,
    states: Vec<Vec<f64>>,
}

impl RoundSink for Recorder {
    fn round(&mut self, _round: usize, outcome: &RoundOutcome<'_>) {
        self.actions.push(outcome.actions.to_vec());
        self.payoffs.push(outcome.payoffs.to_vec());
    }

    fn states(&mut self, _round: usize, values: &[f64]) {
        self.states.push(values.to_vec());
    }
}

fn play(spec: &MatchSpec, seed: u64) -> Recorder {
    let mut recorder = Recorder::default();
    let mut scratch = spec.scratch();
    spec.play(
        &mut ChaCha8Rng::seed_from_u64(seed),
        &mut scratch,
        &mut recorder,
    );
    recorder
}

/// A cell's match with every schedule tabulated (`limit` = the default) or, with `limit` = 0,
/// evaluated in the round loop.
fn spec_with_limit(experiment: &Experiment, cell: usize, limit: usize) -> MatchSpec {
    let parameters = &experiment.points[0];
    let payoffs = experiment.game.evaluate_payoffs(parameters);
    let dynamics = PointDynamics::new(&experiment.game, parameters, limit);
    assert!(dynamics.is_some(), "the scenario changes during the match");
    MatchSpec::with_point(
        experiment,
        &experiment.cells[cell],
        payoffs.into(),
        dynamics.map(Arc::new),
    )
}

/// Runs `text` as a scenario file with `dilemma run --quiet`, checking it succeeds: the folder
/// (kept alive by the caller), the results folder and the process output.
fn run(text: &str) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let folder = tempfile::tempdir().unwrap();
    let scenario = folder.path().join("scenario.toml");
    std::fs::write(&scenario, text).unwrap();
    let out = folder.path().join("out");
    let output = common::dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(output.status.success(), "{}", common::text(&output.stderr));
    (folder, out, output)
}

fn two_players(rounds: u32, head: &str, payoffs: &str, extra: &str, a: &str, b: &str) -> String {
    format!(
        "[scenario]\nname = \"dynamics\"\nseed = 3\nreplicates = 40\n{head}\n[game]\n\
         players = [\"A\", \"B\"]\nrounds = {rounds}\n{payoffs}\n{extra}\n[strategies]\n\
         A = [{a}]\nB = [{b}]\n"
    )
}

#[test]
fn a_payoff_that_steps_at_round_k_steps_at_round_k_in_rounds_csv() {
    // R = 3 before round 7 and 5 from it on; tit for tat pair cooperates throughout, so each
    // round's mean payoff is R of that round.
    let payoffs = "[game.payoffs]\n\"C,C\" = [\"reward\", \"reward\"]\n\"C,D\" = [0, 5]\n\
                   \"D,C\" = [5, 0]\n\"D,D\" = [1, 1]";
    let text = two_players(
        12,
        "[parameters]\nk = 7\nreward = \"3 + 2 * step(round - k)\"",
        payoffs,
        "",
        "\"tit_for_tat\"",
        "\"tit_for_tat\"",
    );
    let (_folder, out, _) = run(&text);
    let table = std::fs::read_to_string(out.join("rounds.csv")).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let (player, round, mean) = (column("player"), column("round"), column("mean_payoff"));
    let mut seen = 0;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let r: u32 = fields[round].parse().unwrap();
        let expected = if r < 7 { 3.0 } else { 5.0 };
        let value: f64 = fields[mean].parse().unwrap();
        assert_eq!(value, expected, "{} round {r}", fields[player]);
        seen += 1;
    }
    assert_eq!(seen, 2 * 12);
    // The mean over the match follows: (6 × 3 + 6 × 5) / 12 = 4.
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.lines().skip(1).all(|line| line.contains(",4,")),
        "{summary}"
    );
}

#[test]
fn a_schedule_evaluated_in_the_loop_plays_exactly_as_when_tabulated() {
    // Schedules in a payoff, the noise, a constraint probability and a perception rate, and a
    // chain of schedules (`pressure` reads `phase`); stochastic strategies and a continuation
    // probability, so draws depend on every value.
    let head = "[parameters]\nk = 30\nphase = \"min(1, round / 80)\"\n\
                pressure = \"0.2 + 0.6 * phase * step(round - k)\"";
    let payoffs = "[game.payoffs]\n\"C,C\" = [\"3 + phase\", 3]\n\"C,D\" = [0, \"5 - pressure\"]\n\
                   \"D,C\" = [5, 0]\n\"D,D\" = [1, 1]";
    let extra = "[[game.constraints]]\nplayer = \"A\"\nforbid = [\"D\"]\nprobability = \"pressure\"\n\
                 [[game.perception]]\nobserver = \"B\"\nobserved = \"A\"\nerror = \"0.1 * phase\"";
    let text = two_players(
        100,
        head,
        payoffs,
        extra,
        "\"joss\"",
        "{ kind = \"generous_tit_for_tat\", p = 0.3 }",
    )
    .replace(
        "rounds = 100",
        "continuation = 0.995\nmax_rounds = 100\nnoise = \"0.02 * phase\"",
    );
    let experiment = parse(&text);
    let tabulated = spec_with_limit(&experiment, 0, MAX_TABULATED_VALUES);
    let in_loop = spec_with_limit(&experiment, 0, 0);
    let mut differs_from_round_one = false;
    for seed in 0..50 {
        let a = play(&tabulated, seed);
        let b = play(&in_loop, seed);
        assert_eq!(a, b, "seed {seed}");
        // The schedule is really in force: A's payoff for C,C rises above 3 after round 1.
        differs_from_round_one |= a
            .actions
            .iter()
            .zip(&a.payoffs)
            .skip(1)
            .any(|(actions, payoffs)| actions == &[0, 0] && payoffs[0] > 3.0);
    }
    assert!(differs_from_round_one);
}

#[test]
fn state_trajectories_of_a_scripted_match_equal_the_hand_computation() {
    // Tit for tat (A) against the alternator (B), no noise: B plays C, D, C, D, …; A plays C
    // and then B's previous move: C, C, D, C, D, C.
    let head = "[state]\n\
        trust = { initial = 0.5, update = 'trust + 0.1 * played(A, \"C\") * played(B, C) - 0.2 * played(B, \"D\")' }\n\
        b_defections = { initial = 0, update = \"defections(B)\" }\n\
        a_defections = { initial = 0, update = 'count(A, \"D\")' }\n\
        a_cooperations = { initial = 0, update = \"cooperations(A)\" }\n\
        a_total = { initial = 0, update = \"a_total + payoff(A)\" }\n\
        x = { initial = 1, update = \"y\" }\n\
        y = { initial = \"x + 1\", update = \"x\" }";
    let text = two_players(
        6,
        head,
        STANDARD_PAYOFFS,
        "",
        "\"tit_for_tat\"",
        "\"alternator\"",
    );
    let experiment = parse(&text);
    let recorder = play(&MatchSpec::new(&experiment, &experiment.cells[0]), 1);
    let letters = |player: usize| -> String {
        recorder
            .actions
            .iter()
            .map(|joint| if joint[player] == 0 { 'C' } else { 'D' })
            .collect()
    };
    assert_eq!(
        (letters(0).as_str(), letters(1).as_str()),
        ("CCDCDC", "CDCDCD")
    );
    // Rounds: CC, CD, DC, CD, DC, CD.
    // trust: 0.5 → +0.1 = 0.6 → −0.2 = 0.4 → 0.4 → −0.2 = 0.2 → 0.2 → −0.2 = 0.
    let trust = [0.6, 0.4, 0.4, 0.2, 0.2, 0.0];
    // B defects in rounds 2, 4, 6; A in rounds 3 and 5.
    let b_defections = [0.0, 1.0, 1.0, 2.0, 2.0, 3.0];
    let a_defections = [0.0, 0.0, 1.0, 1.0, 2.0, 2.0];
    let a_cooperations = [1.0, 2.0, 2.0, 3.0, 3.0, 4.0];
    // A's payoffs R, S, T, S, T, S = 3, 0, 5, 0, 5, 0.
    let a_total = [3.0, 3.0, 8.0, 8.0, 13.0, 13.0];
    // Simultaneous updates swap x and y (1 and 2) every round.
    let x = [2.0, 1.0, 2.0, 1.0, 2.0, 1.0];
    let y = [1.0, 2.0, 1.0, 2.0, 1.0, 2.0];
    assert_eq!(recorder.states.len(), 6);
    for (round, values) in recorder.states.iter().enumerate() {
        let expected = [
            trust[round],
            b_defections[round],
            a_defections[round],
            a_cooperations[round],
            a_total[round],
            x[round],
            y[round],
        ];
        for (name, (got, want)) in ["trust", "b_def", "a_def", "a_coop", "a_total", "x", "y"]
            .iter()
            .zip(values.iter().zip(expected))
        {
            assert!(
                (got - want).abs() < 1e-12,
                "round {}: {name} = {got}, not {want}",
                round + 1
            );
        }
    }
}

#[test]
fn a_payoff_reads_the_state_from_before_its_round() {
    // `bonus` counts the rounds before this one: C,C pays 3 + (round − 1) to A.
    let head = "[state]\nbonus = { initial = 0, update = \"bonus + 1\" }";
    let payoffs = "[game.payoffs]\n\"C,C\" = [\"3 + bonus\", 3]\n\"C,D\" = [0, 5]\n\
                   \"D,C\" = [5, 0]\n\"D,D\" = [1, 1]";
    let text = two_players(5, head, payoffs, "", "\"tit_for_tat\"", "\"tit_for_tat\"");
    let experiment = parse(&text);
    let recorder = play(&MatchSpec::new(&experiment, &experiment.cells[0]), 1);
    let a: Vec<f64> = recorder.payoffs.iter().map(|p| p[0]).collect();
    assert_eq!(a, [3.0, 4.0, 5.0, 6.0, 7.0]);
}

#[test]
fn state_means_per_round_reach_rounds_csv() {
    // Under noise the trust path is random; rounds.csv's column must equal the mean over the
    // replicates of the values the loop reports, round by round.
    let head = "[state]\ntrust = { initial = 0.5, update = 'max(0, min(1, trust + 0.1 * \
                played(A, C) * played(B, C) - 0.25 * played(B, D)))' }";
    let text = two_players(
        20,
        head,
        STANDARD_PAYOFFS,
        "",
        "\"tit_for_tat\"",
        "\"tit_for_tat\"",
    )
    .replace("rounds = 20", "rounds = 20\nnoise = 0.1");
    let experiment = parse(&text);
    let summary = dilemma::sim::run(&experiment, &dilemma::sim::Silent);
    let spec = MatchSpec::new(&experiment, &experiment.cells[0]);
    let mut sums = [0.0f64; 20];
    for replicate in 0..experiment.replicates {
        let mut rng =
            dilemma::rng::replicate_rng(experiment.seed, &experiment.cells[0].key, replicate);
        let mut recorder = Recorder::default();
        spec.play(&mut rng, &mut spec.scratch(), &mut recorder);
        for (sum, values) in sums.iter_mut().zip(&recorder.states) {
            *sum += values[0];
        }
    }
    let means: Vec<f64> = summary.cells[0]
        .rounds
        .iter()
        .map(|bin| bin.state_means().next().unwrap())
        .collect();
    assert_eq!(means.len(), 20);
    for (round, (mean, sum)) in means.iter().zip(sums).enumerate() {
        let expected = sum / experiment.replicates as f64;
        assert!(
            (mean - expected).abs() < 1e-12,
            "round {}: {mean} vs {expected}",
            round + 1
        );
    }
    // Noise makes some replicates lose trust: the mean is not the noise-free path's 1.
    assert!(means[19] < 0.99, "{means:?}");
}

#[test]
fn a_payoff_that_a_state_variable_makes_nan_is_reported_not_hidden() {
    // Validation sees only round 1 (trust = 2, a finite payoff); the NaN comes from play, so
    // the run must say so.
    let head = "[state]\ntrust = { initial = 2, update = \"ln(trust - 1)\" }";
    let payoffs = "[game.payoffs]\n\"C,C\" = [\"3 + trust\", 3]\n\"C,D\" = [0, 5]\n\
                   \"D,C\" = [5, 0]\n\"D,D\" = [1, 1]";
    let text = two_players(4, head, payoffs, "", "\"tit_for_tat\"", "\"tit_for_tat\"");
    let (_folder, _, output) = run(&text);
    let stderr = common::text(&output.stderr);
    // trust: 2 → ln 1 = 0 → ln(−1) = NaN; A's C,C payoff is NaN from round 3.
    assert!(
        stderr.contains("warning: 1 mean payoffs are not numbers"),
        "{stderr}"
    );
}

#[test]
fn a_state_variable_is_charted_per_round_and_overlay_puts_every_profile_in_one_panel() {
    let head = "[state]\ntrust = { initial = 0.5, update = 'max(0, min(1, trust + 0.1 * \
                played(A, C) * played(B, C) - 0.1 * played(B, D)))' }";
    let charts = "[[charts]]\nkind = \"rounds\"\nmetric = \"state_trust\"\noverlay = true\n\
                  formats = [\"svg\"]\nfile = \"together\"\n\
                  [[charts]]\nkind = \"rounds\"\nmetric = \"state_trust\"\nformats = [\"svg\"]\n\
                  file = \"apart\"\n";
    let text = two_players(
        30,
        head,
        STANDARD_PAYOFFS,
        "",
        "\"tit_for_tat\"",
        "\"always_defect\", \"always_cooperate\", \"alternator\"",
    ) + charts;
    let (_folder, out, _) = run(&text);
    let together = std::fs::read_to_string(out.join("together.svg")).unwrap();
    let apart = std::fs::read_to_string(out.join("apart.svg")).unwrap();
    // Overlaid: each profile is named once, in the legend, with a colour of its own.
    for profile in [
        "Tit for tat vs Always defect",
        "Tit for tat vs Always cooperate",
        "Tit for tat vs Alternator",
    ] {
        assert_eq!(together.matches(profile).count(), 1, "{profile}");
    }
    // Okabe–Ito's first three colours, one per profile (plotters writes them as #RRGGBB).
    for colour in ["#0072B2", "#D55E00", "#009E73"] {
        assert!(together.contains(colour), "{colour} missing");
    }
    // Apart: one panel per profile, each titled by its Russian strategy in the grid layout,
    // and the one line's colour is the first.
    assert!(apart.contains("Always cooperate") && apart.contains("Alternator"));
    assert!(!apart.contains("#D55E00"));
    // The values drawn are the state's: trust under always_cooperate rises to 1.
    let rounds = std::fs::read_to_string(out.join("rounds.csv")).unwrap();
    let last = rounds
        .lines()
        .filter(|line| line.contains("always_cooperate") && line.contains(",A,30,"))
        .collect::<Vec<_>>();
    assert_eq!(last.len(), 1);
    assert!(last[0].ends_with(",1"), "{}", last[0]);
}

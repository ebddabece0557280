//! Perception noise, `[[game.perception]]`: an observer's strategy sees the observed player's
//! realised action passed through a misreading, while payoffs and the tables keep the
//! realised one. Checked against an exact Markov chain computed here, independently of the
//! engine, against binomial counts, against action sequences worked out by hand, and for
//! byte-identical tables when every rate is 0.

mod common;

use common::STANDARD_PAYOFFS;
use common::markov::{average_reward_moments, check_average_reward_moments_by_hand};
use dilemma::experiment::Experiment;
use dilemma::scenario::formula::Formula;
use dilemma::sim::matchup::{MatchSpec, RoundOutcome, RoundSink};
use dilemma::sim::{self, Silent, summary::PlayerSummary};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::Path;

fn parse(text: &str) -> Experiment {
    dilemma::scenario::parse(text, "perception.toml")
        .unwrap_or_else(|errors| panic!("test scenario refused: {errors}"))
}

/// A two-player game with the standard payoffs (R, S, T, P = 3, 0, 5, 1), no execution noise,
/// `rounds` rounds, `extra` appended after the payoffs (perception entries), one candidate per
/// player.
fn two_players(japan: &str, russia: &str, rounds: u32, replicates: u64, extra: &str) -> String {
    format!(
        "[scenario]\nname = \"perception\"\nseed = 11\nreplicates = {replicates}\n\n[game]\n\
         players = [\"Japan\", \"Russia\"]\nrounds = {rounds}\n{STANDARD_PAYOFFS}\n{extra}\n\
         [strategies]\nJapan = [{japan}]\nRussia = [{russia}]\n"
    )
}

fn perception(observer: &str, observed: &str, rate: &str) -> String {
    format!("[[game.perception]]\nobserver = \"{observer}\"\nobserved = \"{observed}\"\n{rate}\n")
}

fn summaries(experiment: &Experiment) -> Vec<Vec<PlayerSummary>> {
    sim::run(experiment, &Silent)
        .cells
        .into_iter()
        .map(|cell| cell.players)
        .collect()
}

/// Exact mean payoff per round of each player, over `rounds` rounds, for tit for tat against
/// tit for tat without execution noise when player 1 misreads player 2's action a with
/// probability `e1[a]` and player 2 misreads player 1's with probability `e2[a]` (a = 0 for
/// C, 1 for D).
///
/// The state is the joint action (a1, a2); round 1 is (C, C). Each tit for tat plays next what
/// it saw the other play now, so a1' is a2 flipped with probability e1[a2] and a2' is a1
/// flipped with probability e2[a1], independently. The distribution over the four states is
/// propagated round by round and the expected payoffs summed.
fn tft_pair_exact(e1: [f64; 2], e2: [f64; 2], rounds: usize) -> [f64; 2] {
    let matrix = tft_pair_transition(e1, e2);
    let mut distribution = [1.0, 0.0, 0.0, 0.0];
    let mut totals = [0.0, 0.0];
    for _ in 0..rounds {
        for state in 0..4 {
            totals[0] += distribution[state] * TFT_PAYOFF1[state];
            totals[1] += distribution[state] * TFT_PAYOFF2[state];
        }
        let mut next = [0.0; 4];
        for (state, weight) in distribution.iter().enumerate() {
            for (target, slot) in next.iter_mut().enumerate() {
                *slot += weight * matrix[state][target];
            }
        }
        distribution = next;
    }
    totals.map(|total| total / rounds as f64)
}

/// Each player's payoff in the states of [`tft_pair_exact`], indexed 2 a1 + a2 with 0 = C,
/// 1 = D: CC, CD, DC, DD.
const TFT_PAYOFF1: [f64; 4] = [3.0, 0.0, 5.0, 1.0];
const TFT_PAYOFF2: [f64; 4] = [3.0, 5.0, 0.0, 1.0];

/// The chain of [`tft_pair_exact`]: from (a1, a2), a1' is a2 as player 1 reads it and a2' is
/// a1 as player 2 reads it, independently.
fn tft_pair_transition(e1: [f64; 2], e2: [f64; 2]) -> Vec<Vec<f64>> {
    // The chance that an observer with rates `e` reads `seen` when `played` was played.
    let read = |seen: usize, played: usize, e: [f64; 2]| {
        if seen == played {
            1.0 - e[played]
        } else {
            e[played]
        }
    };
    (0..4)
        .map(|state| {
            let (a1, a2) = (state / 2, state % 2);
            (0..4)
                .map(|target| {
                    let (b1, b2) = (target / 2, target % 2);
                    read(b1, a2, e1) * read(b2, a1, e2)
                })
                .collect()
        })
        .collect()
}

/// The exact standard deviation, across matches, of each player's mean payoff per round in
/// the chain of [`tft_pair_exact`] (tests/common/markov.rs): the Monte Carlo's standard error
/// comes from the model, not from the spread the run reports.
fn tft_pair_sd(e1: [f64; 2], e2: [f64; 2], rounds: usize) -> [f64; 2] {
    let matrix = tft_pair_transition(e1, e2);
    [TFT_PAYOFF1, TFT_PAYOFF2]
        .map(|payoff| average_reward_moments(&[1.0, 0.0, 0.0, 0.0], &matrix, &payoff, rounds).1)
}

#[test]
fn the_markov_chain_itself_matches_values_worked_out_by_hand() {
    check_average_reward_moments_by_hand();
    // Without errors, TFT pairs cooperate throughout: 3 each.
    assert_eq!(tft_pair_exact([0.0; 2], [0.0; 2], 50), [3.0, 3.0]);
    // Two rounds, e1 = e2 = 0.1: round 1 pays 3; round 2 is CC w.p. 0.81, CD and DC w.p. 0.09
    // each, DD w.p. 0.01, paying 0.81·3 + 0.09·0 + 0.09·5 + 0.01·1 = 2.89 to each.
    let [first, second] = tft_pair_exact([0.1; 2], [0.1; 2], 2);
    assert!((first - (3.0 + 2.89) / 2.0).abs() < 1e-12, "{first}");
    assert!((second - first).abs() < 1e-12);
    // The symmetric chain is doubly stochastic: in the long run each state has 1/4, paying
    // (3 + 0 + 5 + 1) / 4 = 2.25 per round; the mean over many rounds tends to it.
    let [long, _] = tft_pair_exact([0.1; 2], [0.1; 2], 100_000);
    assert!((long - 2.25).abs() < 1e-3, "{long}");
    // When only C is misread, (D, D) is absorbing: in the long run both earn P = 1.
    let [long, _] = tft_pair_exact([0.05, 0.0], [0.05, 0.0], 100_000);
    assert!((long - 1.0).abs() < 1e-3, "{long}");
}

/// Runs TFT vs TFT over 50 rounds and checks each player's mean payoff against the exact
/// value, within 4 standard errors of the Monte Carlo mean (the chain's exact sd / √replicates),
/// and the reported spread against the chain's.
fn check_tft_pair(entries: &str, e1: f64, e2: f64) -> Vec<PlayerSummary> {
    let (e1, e2) = ([e1; 2], [e2; 2]);
    let rounds = 50;
    let text = two_players("\"tit_for_tat\"", "\"tit_for_tat\"", rounds, 4000, entries);
    let players = summaries(&parse(&text)).remove(0);
    let exact = tft_pair_exact(e1, e2, rounds as usize);
    let spread = tft_pair_sd(e1, e2, rounds as usize);
    for ((player, wanted), sd) in players.iter().zip(exact).zip(spread) {
        assert_eq!(player.replicates, 4000);
        let standard_error = sd / (player.replicates as f64).sqrt();
        // The spread the run reports is the chain's, within 4 normal-theory standard errors of
        // a sample sd (each replicate averages 50 rounds of a fast-mixing chain).
        let sd_tolerance = 4.0 * sd / (2.0 * (player.replicates as f64 - 1.0)).sqrt();
        assert!(
            (player.sd_payoff - sd).abs() <= sd_tolerance,
            "sd_payoff {} vs exact {sd}",
            player.sd_payoff
        );
        assert!(
            (player.mean_payoff - wanted).abs() < 4.0 * standard_error,
            "mean {} vs exact {wanted} (SE {standard_error})",
            player.mean_payoff
        );
    }
    players
}

/// The binomial standard error of a share estimated from `observations` independent draws.
fn binomial_se(rate: f64, observations: f64) -> f64 {
    (rate * (1.0 - rate) / observations).sqrt()
}

#[test]
fn tit_for_tat_pair_matches_the_exact_markov_chain_when_both_misread() {
    // Exact: 2.336109683866 per round each (e = 0.1, 50 rounds); SE about 0.0045.
    let e = 0.1;
    let entries = perception("Japan", "Russia", "error = 0.1")
        + &perception("Russia", "Japan", "error = 0.1");
    let players = check_tft_pair(&entries, e, e);
    // Each of the 4000 × 50 observations per player is misread with probability e, independently
    // of the play (a uniform `error` draws the same Bernoulli whatever was played), so the
    // misread count is Binomial(n = replicates × rounds, e) and its share has standard error
    // sqrt(e (1 - e) / n) = 0.00067.
    let observations = 4000.0 * 50.0;
    for player in &players {
        assert!(
            (player.misperceived_share - e).abs() < 4.0 * binomial_se(e, observations),
            "{}",
            player.misperceived_share
        );
    }
}

#[test]
fn tit_for_tat_pair_matches_the_exact_markov_chain_when_only_japan_misreads() {
    // Exact: Japan 2.439188109777, Russia 2.389377004436 per round (e = 0.1, 50 rounds).
    let exact = tft_pair_exact([0.1; 2], [0.0; 2], 50);
    assert!((exact[0] - 2.439_188_109_777).abs() < 1e-9);
    assert!((exact[1] - 2.389_377_004_436).abs() < 1e-9);
    let players = check_tft_pair(&perception("Japan", "Russia", "error = 0.1"), 0.1, 0.0);
    assert!((players[0].misperceived_share - 0.1).abs() < 4.0 * binomial_se(0.1, 4000.0 * 50.0));
    // Russia misreads nobody.
    assert_eq!(players[1].misperceived_share, 0.0);
}

#[test]
fn a_rate_per_true_action_misreads_only_that_action() {
    // Japan reads Russia's C as D with probability e, Russia's D correctly.
    let (e, rounds, replicates) = (0.2, 100, 1000);
    let text = two_players(
        "\"tit_for_tat\"",
        "\"always_defect\", \"always_cooperate\"",
        rounds,
        replicates,
        &perception("Japan", "Russia", "misread = { C = \"2 * rate\" }"),
    )
    .replace("[game]", "[parameters]\nrate = 0.1\n\n[game]");
    let cells = summaries(&parse(&text));
    // Against always_defect nothing is ever misread, and tit for tat plays as without noise:
    // C in round 1, then D.
    let japan = &cells[0][0];
    assert_eq!(japan.misperceived_share, 0.0);
    assert_eq!(japan.shares, [0.01, 0.99]);
    // Against always_cooperate every observation is a C, misread with probability e: a
    // Binomial(replicates × rounds, e) count.
    let japan = &cells[1][0];
    let observations = (replicates * u64::from(rounds)) as f64;
    assert!(
        (japan.misperceived_share - e).abs() < 4.0 * binomial_se(e, observations),
        "{}",
        japan.misperceived_share
    );
    // Tit for tat defects in round t + 1 exactly when it misread round t: the D count is
    // Binomial(replicates × (rounds - 1), e) over replicates × rounds rounds.
    let d_expected = e * f64::from(rounds - 1) / f64::from(rounds);
    let d_se = binomial_se(e, (replicates * u64::from(rounds - 1)) as f64) * f64::from(rounds - 1)
        / f64::from(rounds);
    assert!(
        (japan.shares[1] - d_expected).abs() < 4.0 * d_se,
        "{}",
        japan.shares[1]
    );
    // Payoffs use the realised actions: Russia cooperates throughout, so Japan earns 5 when it
    // defects and 3 otherwise; Russia 0 and 3.
    let russia = &cells[1][1];
    assert_eq!(russia.shares, [1.0, 0.0]);
    assert!((japan.mean_payoff - (3.0 + 2.0 * japan.shares[1])).abs() < 1e-9);
    assert!((russia.mean_payoff - 3.0 * (1.0 - japan.shares[1])).abs() < 1e-9);
    assert_eq!(russia.misperceived_share, 0.0);
}

/// Keeps every round's realised actions and misread counts.
#[derive(Default, PartialEq, Debug)]
struct Recorder {
    actions: Vec<Vec<usize>>,
    misperceived: Vec<Vec<u32>>,
}

impl RoundSink for Recorder {
    fn round(&mut self, round: usize, outcome: &RoundOutcome<'_>) {
        assert_eq!(round, self.actions.len());
        self.actions.push(outcome.actions.to_vec());
    }

    fn misperceived(&mut self, round: usize, counts: &[u32]) {
        // Once per round, after `round`, in matches with perception noise.
        assert_eq!(round + 1, self.actions.len());
        assert_eq!(round, self.misperceived.len());
        self.misperceived.push(counts.to_vec());
    }
}

impl Recorder {
    /// One player's realised actions as letters (`C`, `D`, or the index beyond).
    fn letters(&self, player: usize) -> String {
        self.actions
            .iter()
            .map(|round| match round[player] {
                0 => 'C',
                1 => 'D',
                other => char::from_digit(other as u32, 36).unwrap(),
            })
            .collect()
    }
}

/// Plays the first cell once on the dispatching path and once on the general path, checks
/// they agree, and returns the recording.
fn play(experiment: &Experiment, seed: u64) -> Recorder {
    let spec = MatchSpec::new(experiment, &experiment.cells[0]);
    let mut scratch = spec.scratch();
    let (mut fast, mut general) = (Recorder::default(), Recorder::default());
    spec.play(
        &mut ChaCha8Rng::seed_from_u64(seed),
        &mut scratch,
        &mut fast,
    );
    spec.play_unspecialized(
        &mut ChaCha8Rng::seed_from_u64(seed),
        &mut scratch,
        &mut general,
    );
    assert_eq!(fast, general);
    fast
}

#[test]
fn tit_for_tat_that_always_misreads_cooperation_defects_from_round_two() {
    // Rate 1: Japan sees every C of always_cooperate as D, so tit for tat plays C, then D.
    let experiment = parse(&two_players(
        "\"tit_for_tat\"",
        "\"always_cooperate\"",
        10,
        1,
        &perception("Japan", "Russia", "error = 1"),
    ));
    let played = play(&experiment, 1);
    assert_eq!(played.letters(0), "CDDDDDDDDD");
    assert_eq!(played.letters(1), "CCCCCCCCCC");
    assert_eq!(played.misperceived, vec![vec![1, 0]; 10]);

    // And the other way: Russia sees always_defect's D as C, and cooperates throughout.
    let experiment = parse(&two_players(
        "\"always_defect\"",
        "\"tit_for_tat\"",
        10,
        1,
        &perception("Russia", "Japan", "misread = { D = 1.0, C = 0 }"),
    ));
    let played = play(&experiment, 1);
    assert_eq!(played.letters(0), "DDDDDDDDDD");
    assert_eq!(played.letters(1), "CCCCCCCCCC");
    assert_eq!(played.misperceived, vec![vec![0, 1]; 10]);

    // With every rate 0 the match runs the loop without perception: no misread counts at all.
    let experiment = parse(&two_players(
        "\"tit_for_tat\"",
        "\"always_cooperate\"",
        10,
        1,
        &perception("Japan", "Russia", "error = 0"),
    ));
    let played = play(&experiment, 1);
    assert_eq!(played.letters(0), "CCCCCCCCCC");
    assert!(played.misperceived.is_empty());
}

#[test]
fn a_misread_action_becomes_one_of_the_others_uniformly() {
    // Library strategies choose between two actions, so a scenario cannot give the observed
    // player a third; the game is widened by hand after validation: Russia gets actions C, D,
    // X, every payoff 1, and Japan misreads each of them with probability 1. Strategies treat
    // every action but the first as a defection.
    let widened = |russia: &str| {
        let mut experiment = parse(&two_players(
            "\"tit_for_tat\"",
            russia,
            2000,
            1,
            &perception("Japan", "Russia", "error = 1"),
        ));
        let game = &mut experiment.game;
        game.actions[1].push("X".to_string());
        game.payoffs = vec![Formula::constant(1.0); 2 * 3 * 2];
        game.perceptions[0].rates = vec![Formula::constant(1.0); 3];
        experiment
    };
    // Russia's C is always misread, as D or X: either is a defection, so tit for tat defects
    // from round 2 on.
    let played = play(&widened("\"always_cooperate\""), 3);
    assert_eq!(played.letters(0), format!("C{}", "D".repeat(1999)));
    // Russia's D is always misread, as C or X with probability 1/2 each: tit for tat
    // cooperates in round t + 1 exactly when it saw C in round t, a Binomial(1999, 1/2) count.
    let played = play(&widened("\"always_defect\""), 3);
    let cooperations = played.letters(0)[1..].matches('C').count() as f64;
    let standard_error = (0.25 / 1999.0f64).sqrt();
    assert!(
        (cooperations / 1999.0 - 0.5).abs() < 4.0 * standard_error,
        "{cooperations}"
    );
    assert_eq!(played.letters(1), "D".repeat(2000));
    assert_eq!(played.misperceived, vec![vec![1, 0]; 2000]);
}

/// A four-player game (the general path) in which every payoff is 1.
fn four_players(strategies: [&str; 4], entries: &str) -> Experiment {
    let payoffs: String = common::games::two_action_joints(4)
        .iter()
        .map(|joint| format!("\"{joint}\" = [1, 1, 1, 1]\n"))
        .collect();
    let [a, b, c, d] = strategies;
    parse(&format!(
        "[scenario]\nname = \"four\"\n[game]\nplayers = [\"A\", \"B\", \"C\", \"D\"]\n\
         rounds = 8\n[game.payoffs]\n{payoffs}\n{entries}\n[strategies]\nA = [{a}]\nB = [{b}]\n\
         C = [{c}]\nD = [{d}]\n"
    ))
}

#[test]
fn with_more_players_a_strategy_reacts_to_what_it_saw() {
    let cooperators = "\"always_cooperate\"";
    // A grudger without a target reacts to "somebody else defected": misreading B is enough.
    let played = play(
        &four_players(
            ["\"grudger\"", cooperators, cooperators, cooperators],
            &perception("A", "B", "error = 1"),
        ),
        5,
    );
    assert_eq!(played.letters(0), "CDDDDDDD");
    assert_eq!(played.misperceived, vec![vec![1, 0, 0, 0]; 8]);
    // A tit for tat targeting B ignores what it misreads of C...
    let tft_on_b = "{ kind = \"tit_for_tat\", target = \"B\" }";
    let played = play(
        &four_players(
            [tft_on_b, cooperators, cooperators, cooperators],
            &perception("A", "C", "error = 1"),
        ),
        5,
    );
    assert_eq!(played.letters(0), "CCCCCCCC");
    // ...and reacts to what it misreads of B.
    let played = play(
        &four_players(
            [tft_on_b, cooperators, cooperators, cooperators],
            &(perception("A", "C", "error = 1") + &perception("A", "B", "error = 1")),
        ),
        5,
    );
    assert_eq!(played.letters(0), "CDDDDDDD");
    assert_eq!(played.misperceived, vec![vec![2, 0, 0, 0]; 8]);
}

#[test]
fn the_order_of_the_entries_in_the_file_does_not_matter() {
    let japan_first = perception("Japan", "Russia", "error = 0.2")
        + &perception("Russia", "Japan", "misread = { C = 0.3 }");
    let russia_first = perception("Russia", "Japan", "misread = { C = 0.3 }")
        + &perception("Japan", "Russia", "error = 0.2");
    let run = |entries: &str| {
        summaries(&parse(&two_players(
            "\"joss\"",
            "\"win_stay_lose_shift\"",
            100,
            200,
            entries,
        )))
    };
    assert_eq!(run(&japan_first), run(&russia_first));
}

/// A scenario of `players` players where each one's payoff is 2 × (cooperators among the
/// others) − (1 if it cooperated), with execution noise and stochastic strategies.
fn public_goods(players: usize, extra: &str) -> String {
    let names: Vec<String> = (0..players).map(|p| format!("P{p}")).collect();
    let mut payoffs = String::new();
    for joint in 0..(1usize << players) {
        let cooperated: Vec<bool> = (0..players)
            .map(|p| joint >> (players - 1 - p) & 1 == 0)
            .collect();
        let labels: Vec<&str> = cooperated
            .iter()
            .map(|c| if *c { "C" } else { "D" })
            .collect();
        let values: Vec<String> = (0..players)
            .map(|p| {
                let others = (0..players).filter(|q| *q != p && cooperated[*q]).count() as i64;
                (2 * others - i64::from(cooperated[p])).to_string()
            })
            .collect();
        payoffs.push_str(&format!(
            "\"{}\" = [{}]\n",
            labels.join(","),
            values.join(", ")
        ));
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let strategies: Vec<String> = names
        .iter()
        .map(|n| format!("{n} = [\"joss\", \"generous_tit_for_tat\"]"))
        .collect();
    format!(
        "[scenario]\nname = \"zero\"\nseed = 9\nreplicates = 150\n\n[game]\nplayers = [{}]\n\
         rounds = 60\nnoise = 0.05\n\n[game.payoffs]\n{payoffs}\n{extra}\n[strategies]\n{}\n",
        quoted.join(", "),
        strategies.join("\n")
    )
}

fn run_cli(scenario: &Path, out: &Path) {
    let output = common::dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--replicates",
        "150",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn rates_of_zero_change_no_byte_of_the_tables() {
    let scratch = tempfile::tempdir().unwrap();
    let kuril = std::fs::read_to_string(common::kuril()).unwrap();
    // Rate-0 entries in every form: `error`, `misread` with numbers, and a formula that
    // evaluates to 0, in both directions; placed before `[strategies]`.
    let (head, tail) = kuril.split_once("[strategies]").unwrap();
    let zero_kuril = format!(
        "{head}{}{}\n[strategies]{tail}",
        perception("Japan", "Russia", "error = 0"),
        perception(
            "Russia",
            "Japan",
            "misread = { C = \"0 * energy_dependence\", D = 0 }"
        )
    );
    let zero_entries = |players: usize| {
        (0..players)
            .map(|p| {
                perception(
                    &format!("P{p}"),
                    &format!("P{}", (p + 1) % players),
                    "error = 0",
                )
            })
            .collect::<String>()
    };
    // Two players (kuril: noise, a constraint, stochastic strategies), three (the other fixed
    // path) and four (the general path).
    let cases = [
        (kuril.clone(), zero_kuril),
        (public_goods(3, ""), public_goods(3, &zero_entries(3))),
        (public_goods(4, ""), public_goods(4, &zero_entries(4))),
    ];
    for (index, (without, with_zero)) in cases.iter().enumerate() {
        assert!(with_zero.contains("[[game.perception]]"));
        let folder = scratch.path().join(index.to_string());
        std::fs::create_dir(&folder).unwrap();
        let mut outputs = Vec::new();
        for (name, text) in [("without", without), ("zero", with_zero)] {
            let path = folder.join(format!("{name}.toml"));
            std::fs::write(&path, text).unwrap();
            let out = folder.join(format!("out-{name}"));
            run_cli(&path, &out);
            outputs.push(out);
        }
        for file in ["summary.csv", "rounds.csv"] {
            let without = std::fs::read(outputs[0].join(file)).unwrap();
            let zero = std::fs::read(outputs[1].join(file)).unwrap();
            assert!(without.len() > 500, "case {index}: {file} is too small");
            assert!(without == zero, "case {index}: {file} differs");
        }
    }
}

#[test]
fn in_the_shipped_security_dilemma_tit_for_tat_pairs_lose_cooperation_forgiving_pairs_keep_it() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/kuril_security_dilemma.toml"
    ))
    .unwrap();
    let experiment = parse(&text);
    assert_eq!(experiment.replicates, 1000);
    let cells = summaries(&experiment);
    // The scenario sweeps the incident rate; the README's figures are at 0.05.
    let cell = |profile: &str| {
        let index = experiment
            .cells
            .iter()
            .position(|cell| {
                experiment.profile_label(cell) == profile
                    && experiment.swept_values(cell.point).eq([0.05])
            })
            .unwrap_or_else(|| panic!("no profile {profile} at incident rate 0.05"));
        &cells[index]
    };
    // Each side reads the other's C as D with probability 0.05 and never misreads a D, so a
    // tit-for-tat pair falls into (D, D) for good. Exact mean payoff over 200 rounds:
    // 1.248707432981 each; the run's standard error is about 0.0055.
    let exact = tft_pair_exact([0.05, 0.0], [0.05, 0.0], 200);
    assert!((exact[0] - 1.248_707_432_981).abs() < 1e-9, "{exact:?}");
    let spread = tft_pair_sd([0.05, 0.0], [0.05, 0.0], 200);
    for ((player, wanted), sd) in cell("tit_for_tat vs tit_for_tat")
        .iter()
        .zip(exact)
        .zip(spread)
    {
        let standard_error = sd / (player.replicates as f64).sqrt();
        assert!(
            (player.mean_payoff - wanted).abs() < 4.0 * standard_error,
            "mean {} vs exact {wanted} (SE {standard_error})",
            player.mean_payoff
        );
        assert!(player.shares[0] < 0.2, "{}", player.shares[0]);
    }
    // Strategies that forgive a lone D keep cooperating most of the time.
    for forgiving in [
        "generous_tit_for_tat",
        "win_stay_lose_shift",
        "tit_for_two_tats",
    ] {
        for player in cell(&format!("{forgiving} vs {forgiving}")) {
            assert!(player.shares[0] > 0.8, "{forgiving}: {}", player.shares[0]);
        }
    }
}

#[test]
fn payoffs_and_heatmap_charts_draw_misperceived_share() {
    let scratch = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/kuril_security_dilemma.toml"
    ))
    .unwrap()
        + "\n[[charts]]\nkind = \"payoffs\"\nmetric = \"misperceived_share\"\nformats = [\"svg\"]\n\
           point = { incident_rate = 0.05 }\n\
           \n[[charts]]\nkind = \"heatmap\"\nmetric = \"misperceived_share\"\nformats = [\"svg\"]\n\
           point = { incident_rate = 0.05 }\n";
    let scenario = scratch.path().join("charted.toml");
    std::fs::write(&scenario, text).unwrap();
    let out = scratch.path().join("out");
    let output = common::dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--replicates",
        "20",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for chart in ["payoffs.svg", "heatmap.svg"] {
        let svg = std::fs::read_to_string(out.join(chart)).unwrap();
        assert!(svg.contains("share of observations misread"), "{chart}");
    }
}

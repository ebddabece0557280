//! Constraints: a forbidden action never happens while the constraint holds, not even through
//! noise, and `constrained_share` counts exactly the rounds where a constraint replaced a choice.

mod common;

use common::STANDARD_PAYOFFS;
use dilemma::scenario;
use dilemma::sim::{self, Silent, summary::PlayerSummary};

fn constrained_game(
    japan: &str,
    probability: f64,
    noise: f64,
    rounds: u32,
    replicates: u64,
) -> Vec<PlayerSummary> {
    let text = format!(
        r#"
[scenario]
name = "constraint"
seed = 3
replicates = {replicates}

[game]
players = ["Japan", "Russia"]
rounds = {rounds}
noise = {noise}

{STANDARD_PAYOFFS}

[[game.constraints]]
player = "Japan"
forbid = ["D"]
probability = {probability}
fallback = "C"

[strategies]
Japan = [{japan}]
Russia = ["always_defect"]
"#
    );
    let experiment = scenario::parse(&text, "constraint.toml").expect("valid scenario");
    sim::run(&experiment, &Silent).cells.remove(0).players
}

#[test]
fn forbidden_with_certainty_means_never_even_through_noise() {
    // Noise 0.5 would flip half of the moves if noise could reach a forbidden action.
    let japan = &constrained_game("\"always_defect\"", 1.0, 0.5, 200, 50)[0];
    assert_eq!(japan.shares[1], 0.0, "Japan played D");
    assert_eq!(japan.shares[0], 1.0);
    // Every round the strategy wanted D and the constraint replaced it.
    assert_eq!(japan.constrained_share, 1.0);
}

#[test]
fn noise_still_flips_the_unconstrained_player() {
    let results = constrained_game("\"always_defect\"", 1.0, 0.5, 200, 50);
    let russia = &results[1];
    // Russia's D is flipped to C with probability 0.5 each round: 20 000 Bernoulli draws.
    let standard_error = (0.25f64 / 10_000.0).sqrt();
    assert!(
        (russia.shares[0] - 0.5).abs() < 4.0 * standard_error,
        "{}",
        russia.shares[0]
    );
}

/// Each round the constraint holds independently with probability q, so the constrained share of
/// a player whose strategy wants D with probability w per round is a mean of T·R Bernoulli(q·w)
/// draws: expectation q·w, standard error sqrt(q·w(1 - q·w) / (T·R)).
fn assert_constrained_share(japan: &str, q: f64, wanted: f64) {
    let (rounds, replicates) = (200u32, 400u64);
    let stats = &constrained_game(japan, q, 0.0, rounds, replicates)[0];
    let expected = q * wanted;
    let standard_error =
        (expected * (1.0 - expected) / (f64::from(rounds) * replicates as f64)).sqrt();
    assert!(
        (stats.constrained_share - expected).abs() < 4.0 * standard_error,
        "{japan}, q={q}: constrained share {} vs q x wanted = {expected} (se {standard_error})",
        stats.constrained_share
    );
    // Whatever the constraint did not replace, the strategy played.
    assert!((stats.shares[1] - (wanted - expected)).abs() < 4.0 * standard_error + 1e-12);
}

#[test]
fn constrained_share_is_q_times_the_share_of_wanted_defections() {
    assert_constrained_share("\"always_defect\"", 0.3, 1.0);
    assert_constrained_share("\"always_defect\"", 0.98, 1.0);
    // random(0.5) wants D in half of the rounds, independently of the past.
    assert_constrained_share("{ kind = \"random\", p = 0.5 }", 0.6, 0.5);
    // Against always_defect, tit for tat wants D in every round but the first.
    assert_constrained_share("\"tit_for_tat\"", 0.5, 199.0 / 200.0);
}

#[test]
fn probability_formulas_use_the_parameters() {
    let text = format!(
        r#"
[scenario]
name = "formula-constraint"
replicates = 200

[parameters]
dependence = 0.25

[game]
players = ["A", "B"]
rounds = 100

{STANDARD_PAYOFFS}

[[game.constraints]]
player = "A"
forbid = ["D"]
probability = "1 - dependence"

[strategies]
A = ["always_defect"]
B = ["always_cooperate"]
"#
    );
    let experiment = scenario::parse(&text, "f.toml").unwrap();
    let stats = &sim::run(&experiment, &Silent).cells[0].players[0];
    let standard_error = (0.75f64 * 0.25 / 20_000.0).sqrt();
    assert!((stats.constrained_share - 0.75).abs() < 4.0 * standard_error);
}

/// Records every round's realised actions and payoffs of a two-player match.
#[derive(Default)]
struct Recorder {
    actions: Vec<[usize; 2]>,
    payoffs: Vec<[f64; 2]>,
    constrained: Vec<bool>,
}

impl dilemma::sim::matchup::RoundSink for Recorder {
    fn round(&mut self, _round: usize, outcome: &dilemma::sim::matchup::RoundOutcome<'_>) {
        self.actions.push([outcome.actions[0], outcome.actions[1]]);
        self.payoffs.push([outcome.payoffs[0], outcome.payoffs[1]]);
        self.constrained.push(outcome.constrained[0]);
    }
}

#[test]
fn constraints_that_forbid_every_action_keep_the_last_fallback_without_panicking() {
    // Validation rejects this game; a hand-built one must still play. Japan (always_defect) is
    // forbidden D (fallback C) and then C (fallback D): nothing is allowed, so Japan keeps the
    // last replacement, D, and noise has no allowed action to switch to.
    use dilemma::game::Constraint;
    use dilemma::scenario::formula::Formula;
    use dilemma::sim::matchup::MatchSpec;
    use rand::SeedableRng;
    let text = format!(
        "[scenario]\nname = \"none-allowed\"\n[game]\nplayers = [\"Japan\", \"Russia\"]\n\
         rounds = 50\nnoise = 0.5\n{STANDARD_PAYOFFS}\n[strategies]\nJapan = [\"always_defect\"]\n\
         Russia = [\"always_cooperate\"]\n"
    );
    let mut experiment = scenario::parse(&text, "none.toml").expect("valid scenario");
    for (forbidden, fallback) in [(0b10, 0), (0b01, 1)] {
        experiment.game.constraints.push(Constraint {
            player: 0,
            forbidden,
            probability: Formula::constant(1.0),
            fallback,
        });
    }
    // Constraints a hand-built game gets wrong in other ways are ignored or repaired, not
    // followed out of range: a player that does not exist, a fallback beyond the actions.
    experiment.game.constraints.push(Constraint {
        player: 7,
        forbidden: 0b11,
        probability: Formula::constant(1.0),
        fallback: 0,
    });
    let spec = MatchSpec::new(&experiment, &experiment.cells[0]);
    let mut scratch = spec.scratch();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let mut fast = Recorder::default();
    assert_eq!(spec.play(&mut rng, &mut scratch, &mut fast), 50);
    let mut slow = Recorder::default();
    assert_eq!(
        spec.play_unspecialized(&mut rng, &mut scratch, &mut slow),
        50
    );
    for recorder in [&fast, &slow] {
        // Japan always plays D; Russia's C is flipped by noise about half the time.
        assert!(recorder.actions.iter().all(|actions| actions[0] == 1));
        assert!(recorder.constrained.iter().all(|constrained| *constrained));
        let flipped = recorder.actions.iter().filter(|a| a[1] == 1).count();
        assert!((10..=40).contains(&flipped), "{flipped} of 50 flipped");
        // Payoffs are the table's: D,C = (5, 0) and D,D = (1, 1).
        for (actions, payoffs) in recorder.actions.iter().zip(&recorder.payoffs) {
            let expected = if actions[1] == 0 {
                [5.0, 0.0]
            } else {
                [1.0, 1.0]
            };
            assert_eq!(*payoffs, expected);
        }
    }
}

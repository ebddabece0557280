//! The transformers (`noisy`, `joss_ann`, `dual`) over every registered two-action strategy,
//! after Axelrod-Python's `test_strategy_transformers.py`, and as a scenario writes them.

mod common;

use dilemma::strategy::entry::{Context, Entry, StrategyArgs};
use dilemma::strategy::registry::{ENTRIES, lookup};
use dilemma::strategy::testkit::{versus_policy, versus_script};
use dilemma::strategy::wrapper::Inner;
use dilemma::strategy::{Policy, multi_action};
use std::sync::Arc;

const TURNS: usize = 200;

fn context() -> Context {
    Context::standard(TURNS as u32)
}

/// Every registered strategy that chooses between C and D and builds without arguments.
fn two_action_strategies() -> Vec<(&'static Entry, Policy)> {
    ENTRIES
        .iter()
        .copied()
        .filter(|entry| !multi_action::is_kind(entry))
        .filter_map(|entry| {
            let policy = entry.build(&StrategyArgs::default(), &context()).ok()?;
            Some((entry, policy))
        })
        .collect()
}

fn transform(kind: &str, inner: &Policy, set: impl Fn(&mut StrategyArgs)) -> Policy {
    let entry = lookup(kind).unwrap();
    let mut args = StrategyArgs {
        of: Some(Arc::new(Inner {
            policy: inner.clone(),
            classifier: entry.classifier,
            definition: "inner".into(),
        })),
        ..StrategyArgs::default()
    };
    set(&mut args);
    entry
        .build(&args, &context())
        .unwrap_or_else(|e| panic!("{kind}: {e}"))
}

fn flipped(moves: &str) -> String {
    moves
        .chars()
        .map(|m| if m == 'C' { 'D' } else { 'C' })
        .collect()
}

#[test]
fn the_dual_plays_the_opposite_against_the_same_history() {
    // Axelrod's `assert_dual_wrapper_correct`: against an opponent that ignores them, a strategy
    // and its dual see the same opponent moves, so the dual's moves are the strategy's flipped,
    // every strategy and every seed alike (stochastic ones draw the same numbers).
    let strategies = two_action_strategies();
    assert!(strategies.len() >= 10);
    for (entry, policy) in &strategies {
        let dual = transform("dual", policy, |_| {});
        assert_eq!(
            dual.is_stochastic(),
            policy.is_stochastic(),
            "{}",
            entry.name
        );
        for script in ["CCD", "DDCDC", "C", "D"] {
            for seed in [0, 7] {
                let (plain, _) = versus_script(policy, script, TURNS, seed);
                let (dual_moves, _) = versus_script(&dual, script, TURNS, seed);
                assert_eq!(
                    dual_moves,
                    flipped(&plain),
                    "dual of {} vs {script}",
                    entry.name
                );
            }
        }
        // The dual of the dual is the strategy itself, also against a reacting opponent.
        let twice = transform("dual", &dual, |_| {});
        let opponent = lookup("tit_for_tat")
            .unwrap()
            .build(&StrategyArgs::default(), &context());
        let opponent = opponent.unwrap();
        assert_eq!(
            versus_policy(&twice, &opponent, TURNS, 3),
            versus_policy(policy, &opponent, TURNS, 3),
            "dual of dual of {}",
            entry.name
        );
    }
}

#[test]
fn a_certain_transform_is_deterministic_and_a_random_one_is_not() {
    // Axelrod's `test_noisy_transformation_stochastic` and the Joss-Ann reclassifier.
    let cooperator = lookup("always_cooperate").unwrap();
    let cooperator = cooperator
        .build(&StrategyArgs::default(), &context())
        .unwrap();
    let random = lookup("random").unwrap();
    let random = random.build(&StrategyArgs::default(), &context()).unwrap();
    let noisy = |inner: &Policy, noise: f64| transform("noisy", inner, |a| a.noise = Some(noise));
    assert!(!noisy(&cooperator, 1.0).is_stochastic());
    assert!(noisy(&cooperator, 0.3).is_stochastic());
    assert!(noisy(&random, 0.0).is_stochastic());
    assert!(noisy(&random, 1.0).is_stochastic());
    // A noise of 1 flips every move: the cooperator defects throughout.
    assert_eq!(
        versus_script(&noisy(&cooperator, 1.0), "C", 20, 1).0,
        "D".repeat(20)
    );
    let joss_ann =
        |inner: &Policy, p: [f64; 2]| transform("joss_ann", inner, |a| a.p = Some(p.to_vec()));
    // (1, 0) and (0, 1) never consult the strategy's move: certain C and certain D.
    assert!(!joss_ann(&random, [1.0, 0.0]).is_stochastic());
    assert_eq!(
        versus_script(&joss_ann(&random, [1.0, 0.0]), "D", 30, 4).0,
        "C".repeat(30)
    );
    assert_eq!(
        versus_script(&joss_ann(&random, [0.0, 1.0]), "C", 30, 4).0,
        "D".repeat(30)
    );
    // (0, 0) plays the strategy itself; above 1 the pair is scaled: (1, 1) is a fair coin.
    assert!(!joss_ann(&cooperator, [0.0, 0.0]).is_stochastic());
    assert!(joss_ann(&cooperator, [1.0, 1.0]).is_stochastic());
}

/// The share of C in `moves` at the positions `keep` selects, with its count.
fn share_of_c(moves: &str, keep: impl Fn(usize) -> bool) -> (f64, usize) {
    let kept: Vec<char> = moves
        .chars()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(_, m)| m)
        .collect();
    let c = kept.iter().filter(|&&m| m == 'C').count();
    (c as f64 / kept.len() as f64, kept.len())
}

#[test]
fn transformed_moves_follow_their_probabilities_within_four_standard_errors() {
    // Tit for tat proposes what a scripted opponent played last, whatever it played itself
    // (an alternator would not do: it alternates from its own transformed moves).
    let tit_for_tat = lookup("tit_for_tat").unwrap();
    let tit_for_tat = tit_for_tat
        .build(&StrategyArgs::default(), &context())
        .unwrap();
    let within = |label: &str, share: f64, count: usize, expected: f64| {
        let se = (expected * (1.0 - expected) / count as f64).sqrt();
        assert!(
            (share - expected).abs() < 4.0 * se,
            "{label}: {share} vs {expected} (n {count})"
        );
    };
    let mut moves = String::new();
    let joss_ann = transform("joss_ann", &tit_for_tat, |a| a.p = Some(vec![0.2, 0.3]));
    let noisy = transform("noisy", &tit_for_tat, |a| a.noise = Some(0.25));
    let mut noisy_moves = String::new();
    for seed in 0..100 {
        moves.push_str(&versus_script(&joss_ann, "CD", TURNS, seed).0);
        noisy_moves.push_str(&versus_script(&noisy, "CD", TURNS, seed).0);
    }
    // Against C, D, C, D, ... tit for tat proposes C in round 1 and in every even-numbered
    // round (0-based odd positions; 200 is even, so positions keep their parity across
    // matches), D in the others. Joss-Ann (0.2, 0.3) plays C with 0.2 + 0.5 · [C proposed].
    let proposes_c = |i: usize| i.is_multiple_of(TURNS) || i % 2 == 1;
    let (share, count) = share_of_c(&moves, proposes_c);
    within("joss-ann when C is proposed", share, count, 0.7);
    let (share, count) = share_of_c(&moves, |i| !proposes_c(i));
    within("joss-ann when D is proposed", share, count, 0.2);
    let (share, count) = share_of_c(&noisy_moves, proposes_c);
    within("noisy when C is proposed", share, count, 0.75);
    let (share, count) = share_of_c(&noisy_moves, |i| !proposes_c(i));
    within("noisy when D is proposed", share, count, 0.25);
}

#[test]
fn a_transformer_keeps_the_state_of_the_strategy_it_wraps() {
    // Grudger wrapped with a noise of 0 is the grudger: its state (the grudge) survives rounds
    // in which the transform changed nothing.
    let grudger = lookup("grudger").unwrap();
    let grudger = grudger.build(&StrategyArgs::default(), &context()).unwrap();
    let quiet = transform("noisy", &grudger, |a| a.noise = Some(0.0));
    assert_eq!(
        versus_script(&quiet, "CCDCC", 10, 0).0,
        versus_script(&grudger, "CCDCC", 10, 0).0
    );
}

#[test]
fn a_scenario_writes_transformers_of_names_and_of_tables() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("wrapped.toml");
    std::fs::write(
        &scenario,
        r#"
[scenario]
name = "wrapped"
replicates = 20
seed = 3
[game]
players = ["Japan", "Russia"]
rounds = 50
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
[strategies]
Japan = [
  { kind = "noisy", of = "tit_for_tat", noise = 0.1, name = "noisy TFT" },
  { kind = "dual", of = { kind = "memory_one", p = [1, 0, 1, 0] }, name = "dual TFT" },
  { kind = "joss_ann", of = { kind = "dual", of = "grudger" }, p = [0.1, 0.1] },
]
Russia = ["always_defect"]
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let output = common::dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(output.status.success(), "{}", common::text(&output.stderr));
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    // The dual of tit for tat against a defector: D first (the dual of C), then C for ever
    // (the dual of answering D with D on its own flipped history is C), scoring S = 0 each
    // round after the first's P = 1: a mean of 1/50.
    let dual_row = summary
        .lines()
        .find(|line| line.contains("dual TFT"))
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(dual_row.contains("0.02"), "{dual_row}");
}

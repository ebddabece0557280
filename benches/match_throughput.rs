//! Match throughput in rounds per second, beside a raw ChaCha8 draw baseline measured in the same
//! run, so the figure to read is the ratio (rounds per second ÷ draws per second), not a time.
//!
//! Two pairs of strategies, each in five scenarios that differ in one feature only; the
//! benchmarks are `match/{pair}{feature}`:
//!
//! - (no suffix) plain: fixed payoffs, no schedule, state or perception;
//! - `_schedule_tabulated`: `reward = "3 + 2 * step(round - 100)"` paid on C,C, tabulated
//!   once (as `MatchSpec::new` prepares it);
//! - `_schedule_in_loop`: the same schedule, forced into the loop (`PointDynamics` limit 0);
//! - `_state`: a `[state]` variable `trust`, updated after every round, paid on C,C
//!   (`2 + 2 * trust`), so evaluated in the loop;
//! - `_perception`: each player misreads the other with `error = 0.05`.
//!
//! where `{pair}` is `deterministic_tft_vs_wsls` (tit_for_tat vs win_stay_lose_shift, noise 0)
//! or `noisy_gtft_vs_joss` (generous_tit_for_tat vs joss, noise 0.05). Validation refuses
//! generous_tit_for_tat, which is built from the payoff table, where a payoff changes during a
//! match; there it is written as the `memory_one` it compiles to (setup checks that every
//! scenario of a pair compiles to the same policies). Each case is measured twice:
//! recording every round into the accumulators a run uses, and with `_unrecorded` appended,
//! into a sink that discards them (the loop alone). The plain cases keep their historical
//! names, so their results stay comparable with earlier runs.
//!
//! How to read the cost of a feature: divide its throughput by that of the plain case of the
//! same pair and the same recording, from the same run (`÷ plain` in the table printed at the
//! end). 0.8 means the feature leaves 80% of the plain throughput: each round costs 1/0.8 = 1.25
//! times as long. The extra time per round, 1/feature − 1/plain, is also printed in ChaCha8
//! draws (draws/s ÷ feature − draws/s ÷ plain), a unit that, like the ratios, carries from
//! one run to another better than nanoseconds. `÷ ChaCha8` compares every case with the
//! baseline, as the plain cases always have; a change of the plain path between commits shows
//! in that column. The throughput of `_schedule_tabulated` ÷ that of `_schedule_in_loop` is
//! what tabulating a round-only schedule saves.
//!
//! Setup checks that each spec takes the intended path before anything is timed: the scenario
//! validates; what `MatchSpec::new` would tabulate or evaluate in the loop is as intended; and
//! one match of each, traced round by round, plays the same actions as the plain case (neither
//! schedules nor state variables draw) with the C,C payoff rising from 3 to 5 at round 100 in
//! both schedule cases (identically), changing with `trust` in the state case, and with
//! misreadings reported only in the perception case.

mod common;

use common::{bench_chacha8_draws, criterion_directory, seconds_per_iteration};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dilemma::experiment::Experiment;
use dilemma::game::dynamics::Target;
use dilemma::sim::dynamics::{MAX_TABULATED_VALUES, PointDynamics};
use dilemma::sim::matchup::{MatchSpec, RoundOutcome, RoundSink};
use dilemma::sim::summary::CellAccumulator;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::sync::Arc;
use std::time::SystemTime;

const ROUNDS: u32 = 10_000;
/// The first round paid the scheduled reward of 5 instead of 3.
const STEP_ROUND: usize = 100;
const BASELINE: &str = "baseline_chacha8_u64_draws";

/// One benchmarked pair of strategies.
struct Pair {
    name: &'static str,
    strategies: &'static str,
    /// The same strategies for scenarios whose payoffs change during a match, which refuse a
    /// strategy built from the payoff table.
    without_the_table: &'static str,
    noise: f64,
}

const PAIRS: [Pair; 2] = [
    Pair {
        name: "deterministic_tft_vs_wsls",
        strategies: "A = [\"tit_for_tat\"]\nB = [\"win_stay_lose_shift\"]",
        without_the_table: "A = [\"tit_for_tat\"]\nB = [\"win_stay_lose_shift\"]",
        noise: 0.0,
    },
    Pair {
        name: "noisy_gtft_vs_joss",
        strategies: "A = [\"generous_tit_for_tat\"]\nB = [\"joss\"]",
        // generous_tit_for_tat's p as it computes it from 3, 0, 5, 1: min(1 - 2/3, 2/4).
        without_the_table: "A = [{ kind = \"memory_one\", name = \"generous_tit_for_tat\", \
                            p = [1, 0.33333333333333337, 1, 0.33333333333333337] }]\n\
                            B = [\"joss\"]",
        noise: 0.05,
    },
];

/// What a scenario adds to the plain game.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Feature {
    Plain,
    ScheduleTabulated,
    ScheduleInLoop,
    State,
    Perception,
}

impl Feature {
    const ALL: [Feature; 5] = [
        Feature::Plain,
        Feature::ScheduleTabulated,
        Feature::ScheduleInLoop,
        Feature::State,
        Feature::Perception,
    ];

    /// Appended to the pair's name; the plain case keeps the historical name.
    fn suffix(self) -> &'static str {
        match self {
            Feature::Plain => "",
            Feature::ScheduleTabulated => "_schedule_tabulated",
            Feature::ScheduleInLoop => "_schedule_in_loop",
            Feature::State => "_state",
            Feature::Perception => "_perception",
        }
    }
}

/// The scenario: the plain text (as this bench has always used) with the feature's additions.
fn scenario(pair: &Pair, feature: Feature) -> String {
    let (before_game, mutual_cooperation, after_payoffs) = match feature {
        Feature::Plain => ("", "[3, 3]", ""),
        Feature::ScheduleTabulated | Feature::ScheduleInLoop => (
            "[parameters]\nreward = \"3 + 2 * step(round - 100)\"\n",
            "[\"reward\", \"reward\"]",
            "",
        ),
        Feature::State => (
            "[state]\ntrust = { initial = 0.5, update = 'min(1, max(0, trust + 0.05 * \
             played(A, \"C\") * played(B, \"C\") - 0.2 * played(B, \"D\")))' }\n",
            "[\"2 + 2 * trust\", \"2 + 2 * trust\"]",
            "",
        ),
        Feature::Perception => (
            "",
            "[3, 3]",
            "[[game.perception]]\nobserver = \"A\"\nobserved = \"B\"\nerror = 0.05\n\
             [[game.perception]]\nobserver = \"B\"\nobserved = \"A\"\nerror = 0.05\n",
        ),
    };
    let strategies = match feature {
        Feature::Plain | Feature::Perception => pair.strategies,
        Feature::ScheduleTabulated | Feature::ScheduleInLoop | Feature::State => {
            pair.without_the_table
        }
    };
    format!(
        "[scenario]\nname = \"bench\"\n{before_game}[game]\nplayers = [\"A\", \"B\"]\n\
         rounds = {ROUNDS}\nnoise = {noise}\n[game.payoffs]\n\"C,C\" = {mutual_cooperation}\n\
         \"C,D\" = [0, 5]\n\"D,C\" = [5, 0]\n\"D,D\" = [1, 1]\n{after_payoffs}[strategies]\n\
         {strategies}\n",
        noise = pair.noise,
    )
}

/// True when `targets` include a payoff: the payoff table changes during the match.
fn writes_payoffs<'a>(mut targets: impl Iterator<Item = &'a Target>) -> bool {
    targets.any(|target| matches!(target, Target::Payoff(_)))
}

/// The feature's spec, after checking that the scenario validates and that its schedules and
/// state variables are prepared as the feature intends.
fn build(pair: &Pair, feature: Feature) -> (Experiment, MatchSpec) {
    let text = scenario(pair, feature);
    let experiment = dilemma::scenario::parse(&text, "bench.toml")
        .unwrap_or_else(|errors| panic!("{} scenario is invalid: {errors}\n{text}", pair.name));
    let cell = &experiment.cells[0];
    let game = &experiment.game;
    // What `MatchSpec::new` prepares for the cell.
    let prepared = PointDynamics::new(game, experiment.parameters(cell), MAX_TABULATED_VALUES);
    let expected_perceptions = if feature == Feature::Perception { 2 } else { 0 };
    assert_eq!(game.perceptions.len(), expected_perceptions, "{feature:?}");
    match feature {
        Feature::Plain | Feature::Perception => {
            assert!(prepared.is_none(), "{feature:?}: nothing should change");
        }
        Feature::ScheduleTabulated => {
            let point = prepared.expect("the schedule changes the payoffs");
            assert_eq!(point.rows, ROUNDS as usize, "every round tabulated");
            assert!(writes_payoffs(point.table_targets.iter()));
            assert!(point.in_loop.is_empty() && point.updates.is_empty());
        }
        Feature::ScheduleInLoop => {
            let point = prepared.expect("the schedule changes the payoffs");
            assert_eq!(point.rows, ROUNDS as usize, "tabulated unless forced");
            let forced = PointDynamics::new(game, &experiment.parameter_values, 0)
                .expect("the schedule changes the payoffs");
            assert!(forced.rows == 0 && forced.table.is_empty() && forced.updates.is_empty());
            assert!(writes_payoffs(
                forced.in_loop.iter().map(|(target, _)| target)
            ));
            let payoffs = game.evaluate_payoffs(&experiment.parameter_values);
            let spec =
                MatchSpec::with_point(&experiment, cell, payoffs.into(), Some(Arc::new(forced)));
            return (experiment, spec);
        }
        Feature::State => {
            let point = prepared.expect("the state variable changes the payoffs");
            assert_eq!(point.updates.len(), 1, "one state variable");
            assert!(point.rows == 0 && point.table_targets.is_empty());
            assert!(writes_payoffs(
                point.in_loop.iter().map(|(target, _)| target)
            ));
        }
    }
    let spec = MatchSpec::new(&experiment, cell);
    (experiment, spec)
}

/// Discards rounds: isolates the cost of playing from the cost of recording. It keeps the
/// trait's empty `misperceived` and `states`, and allocates nothing.
struct Discard;
impl RoundSink for Discard {
    fn round(&mut self, _round: usize, outcome: &RoundOutcome) {
        black_box(outcome);
    }
}

/// Everything one match reported, round by round (setup only: it allocates).
#[derive(Debug, Default, PartialEq)]
struct Trace {
    actions: Vec<[usize; 2]>,
    payoffs: Vec<[f64; 2]>,
    misperceived: u64,
    misperceived_calls: usize,
    state_calls: usize,
}

impl RoundSink for Trace {
    fn round(&mut self, round: usize, outcome: &RoundOutcome) {
        assert_eq!(round, self.actions.len());
        self.actions.push([outcome.actions[0], outcome.actions[1]]);
        self.payoffs.push([outcome.payoffs[0], outcome.payoffs[1]]);
    }
    fn misperceived(&mut self, _round: usize, counts: &[u32]) {
        self.misperceived_calls += 1;
        self.misperceived += counts.iter().map(|&count| u64::from(count)).sum::<u64>();
    }
    fn states(&mut self, _round: usize, values: &[f64]) {
        assert_eq!(values.len(), 1);
        self.state_calls += 1;
    }
}

fn trace(spec: &MatchSpec) -> Trace {
    let mut trace = Trace::default();
    let rounds = spec.play(
        &mut ChaCha8Rng::seed_from_u64(7),
        &mut spec.scratch(),
        &mut trace,
    );
    assert_eq!(rounds, ROUNDS as usize);
    trace
}

/// Checks that each feature's match does what the feature says, against the plain match.
fn check_paths(pair: &Pair, built: &[(Feature, Experiment, MatchSpec)]) {
    let traces: Vec<(Feature, Trace)> = built
        .iter()
        .map(|(feature, _, spec)| (*feature, trace(spec)))
        .collect();
    let of = |wanted: Feature| &traces.iter().find(|(f, _)| *f == wanted).unwrap().1;
    let plain = of(Feature::Plain);
    let name = pair.name;
    assert_eq!(
        (plain.misperceived_calls, plain.state_calls),
        (0, 0),
        "{name}"
    );
    for (feature, trace) in &traces {
        match feature {
            Feature::Plain => {}
            Feature::ScheduleTabulated | Feature::ScheduleInLoop => {
                assert_eq!(
                    trace.actions, plain.actions,
                    "{name} {feature:?}: same play"
                );
                let mut rewarded = 0;
                for (round, (actions, payoffs)) in
                    trace.actions.iter().zip(&trace.payoffs).enumerate()
                {
                    let stepped = *actions == [0, 0] && round + 1 >= STEP_ROUND;
                    let expected = if stepped {
                        [5.0, 5.0]
                    } else {
                        plain.payoffs[round]
                    };
                    assert_eq!(
                        *payoffs,
                        expected,
                        "{name} {feature:?}: round {}",
                        round + 1
                    );
                    rewarded += usize::from(stepped);
                }
                assert!(
                    rewarded > 0,
                    "{name} {feature:?}: C,C is never played after the step"
                );
                assert_eq!((trace.misperceived_calls, trace.state_calls), (0, 0));
            }
            Feature::State => {
                assert_eq!(
                    trace.actions, plain.actions,
                    "{name} {feature:?}: same play"
                );
                assert_ne!(
                    trace.payoffs, plain.payoffs,
                    "{name}: trust changes no payoff"
                );
                assert_eq!(trace.state_calls, ROUNDS as usize, "{name}: state reported");
                assert_eq!(trace.misperceived_calls, 0);
            }
            Feature::Perception => {
                assert_eq!(
                    trace.misperceived_calls, ROUNDS as usize,
                    "{name}: perceives"
                );
                assert!(trace.misperceived > 0, "{name}: nobody ever misreads");
                assert_eq!(trace.state_calls, 0);
            }
        }
    }
    assert_eq!(
        of(Feature::ScheduleTabulated),
        of(Feature::ScheduleInLoop),
        "{name}: tabulated and in-loop schedules play differently"
    );
}

fn bench_matches(c: &mut Criterion) {
    let started = SystemTime::now();
    let mut group = c.benchmark_group("match");
    group.throughput(Throughput::Elements(u64::from(ROUNDS)));

    bench_chacha8_draws(&mut group, BASELINE, u64::from(ROUNDS));

    for pair in &PAIRS {
        let built: Vec<(Feature, Experiment, MatchSpec)> = Feature::ALL
            .iter()
            .map(|&feature| {
                let (experiment, spec) = build(pair, feature);
                (feature, experiment, spec)
            })
            .collect();
        // The same strategies in every scenario, however they are written.
        let policies = |experiment: &Experiment| {
            let cell = &experiment.cells[0];
            [0, 1].map(|player| experiment.strategy(cell, player).policy.clone())
        };
        for (feature, experiment, _) in &built {
            assert_eq!(policies(experiment), policies(&built[0].1), "{feature:?}");
        }
        check_paths(pair, &built);
        for (feature, experiment, spec) in &built {
            let name = format!("{}{}", pair.name, feature.suffix());
            let mut accumulator = CellAccumulator::new(dilemma::sim::shape_of(experiment));
            let mut scratch = spec.scratch();
            let mut rng = ChaCha8Rng::seed_from_u64(2);
            group.bench_function(&name, |b| {
                b.iter(|| {
                    let rounds = spec.play(&mut rng, &mut scratch, &mut accumulator);
                    accumulator.finish_replicate();
                    black_box(rounds)
                });
            });
            group.bench_function(format!("{name}_unrecorded"), |b| {
                b.iter(|| black_box(spec.play(&mut rng, &mut scratch, &mut Discard)));
            });
        }
    }
    group.finish();
    print_costs(started);
}

/// The ratios to read, from the estimates criterion just wrote.
fn print_costs(since: SystemTime) {
    let directory = criterion_directory();
    let per_second = |id: &str| {
        seconds_per_iteration("match", id, since).map(|seconds| f64::from(ROUNDS) / seconds)
    };
    let Some(draws) = per_second(BASELINE) else {
        println!("\n(no ChaCha8 baseline measured in this run: no cost table)");
        return;
    };
    println!(
        "\nCost of each feature, from this run ({}):",
        directory.display()
    );
    println!("  ÷ plain: the case's rounds/s ÷ the plain case's, same pair and recording");
    println!(
        "  extra draws: extra time per round, in ChaCha8 draws (draws/s ÷ rounds/s, less plain)"
    );
    println!("  baseline ChaCha8 next_u64: {:.1} M draws/s", draws * 1e-6);
    println!(
        "  {:<58} {:>10} {:>9} {:>8} {:>12}",
        "benchmark", "M rounds/s", "÷ ChaCha8", "÷ plain", "extra draws"
    );
    for pair in &PAIRS {
        for recorded in ["", "_unrecorded"] {
            let plain = per_second(&format!("{}{recorded}", pair.name));
            for feature in Feature::ALL {
                let id = format!("{}{}{recorded}", pair.name, feature.suffix());
                let Some(rate) = per_second(&id) else {
                    continue;
                };
                let (versus_plain, extra) = match plain {
                    Some(plain) => (
                        format!("{:.3}", rate / plain),
                        format!("{:+.2}", draws / rate - draws / plain),
                    ),
                    None => ("-".into(), "-".into()),
                };
                println!(
                    "  {id:<58} {:>10.2} {:>9.4} {versus_plain:>8} {extra:>12}",
                    rate * 1e-6,
                    rate / draws,
                );
            }
        }
    }
}

criterion_group!(benches, bench_matches);
criterion_main!(benches);

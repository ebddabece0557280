//! Rounds per second of strategies that keep state beyond the view, one or two per kind of
//! memory, each against tit for tat in a plain two-player prisoner's dilemma of 200 rounds,
//! beside a raw ChaCha8 draw baseline measured in the same run: the figure to read is the ratio
//! (rounds per second ÷ draws per second), printed at the end as `÷ ChaCha8`.
//!
//! - `gradual`, `evolved_fsm_16`: counters and a machine state in the fixed-size `Memory`;
//! - `dbs`, `evolved_ann`: a search tree and a network over `Memory`'s tape and counts;
//! - `risky_qlearner`: a table of states in the memory's store, sized before the match;
//! - `meta_majority_memory_one`, `meta_winner`: 37 and 219 members, each deciding every round
//!   with its own memory in the store. A meta round's cost over a plain one is what the
//!   run's time estimate (`sim::budget`) charges per member decision.

mod common;

use common::{bench_chacha8_draws, criterion_directory, seconds_per_iteration};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dilemma::sim::matchup::MatchSpec;
use dilemma::sim::summary::CellAccumulator;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::time::SystemTime;

const ROUNDS: u32 = 200;
const BASELINE: &str = "chacha8_next_u64";
const STRATEGIES: [&str; 7] = [
    "gradual",
    "evolved_fsm_16",
    "dbs",
    "evolved_ann",
    "risky_qlearner",
    "meta_majority_memory_one",
    "meta_winner",
];

fn spec(strategy: &str) -> (dilemma::experiment::Experiment, MatchSpec) {
    let text = format!(
        r#"
[scenario]
name = "families"
[game]
players = ["A", "B"]
rounds = {ROUNDS}
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
[strategies]
A = ["{strategy}"]
B = ["tit_for_tat"]
"#
    );
    let experiment =
        dilemma::scenario::parse(&text, "families.toml").expect("the scenario is valid");
    let spec = MatchSpec::new(&experiment, &experiment.cells[0]);
    (experiment, spec)
}

fn bench_families(c: &mut Criterion) {
    let started = SystemTime::now();
    let mut group = c.benchmark_group("families");
    group.throughput(Throughput::Elements(u64::from(ROUNDS)));
    bench_chacha8_draws(&mut group, BASELINE, u64::from(ROUNDS));
    for strategy in STRATEGIES {
        let (experiment, spec) = spec(strategy);
        let mut accumulator = CellAccumulator::new(dilemma::sim::shape_of(&experiment));
        let mut scratch = spec.scratch();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        group.bench_function(strategy, |b| {
            b.iter(|| {
                let rounds = spec.play(&mut rng, &mut scratch, &mut accumulator);
                accumulator.finish_replicate();
                black_box(rounds)
            });
        });
    }
    group.finish();
    let per_second = |id: &str| {
        seconds_per_iteration("families", id, started).map(|seconds| f64::from(ROUNDS) / seconds)
    };
    let Some(draws) = per_second(BASELINE) else {
        println!("\n(no ChaCha8 baseline measured in this run: no table)");
        return;
    };
    println!(
        "\nStrategy families against tit for tat, from this run ({}):",
        criterion_directory().display()
    );
    println!("  baseline ChaCha8 next_u64: {:.1} M draws/s", draws * 1e-6);
    println!(
        "  {:<28} {:>10} {:>10}",
        "strategy", "k rounds/s", "÷ ChaCha8"
    );
    for strategy in STRATEGIES {
        if let Some(rate) = per_second(strategy) {
            println!(
                "  {strategy:<28} {:>10.1} {:>10.5}",
                rate * 1e-3,
                rate / draws
            );
        }
    }
}

criterion_group!(benches, bench_families);
criterion_main!(benches);

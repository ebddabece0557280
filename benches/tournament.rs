//! The classic twelve-strategy round robin (scenarios/classic_tournament.toml: 200 turns, 50
//! repetitions, 78 matches, 780,000 rounds) from validated scenario to ranked tables, on one
//! thread and on every core, beside a raw ChaCha8 baseline of as many u64 draws measured in the
//! same run: read the ratio, not the time. The README compares it with Axelrod-Python 4.14's
//! `Tournament.play` of the same twelve on the same machine.

mod common;

use common::bench_chacha8_draws;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dilemma::experiment::Experiment;
use dilemma::sim::{self, Silent};
use dilemma::tournament;
use std::hint::black_box;
use std::path::Path;

fn classic() -> Experiment {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/classic_tournament.toml");
    dilemma::scenario::load(&path).expect("the shipped scenario is valid")
}

/// Rounds the tournament plays: matches × repetitions × turns.
fn rounds(experiment: &Experiment) -> u64 {
    experiment.cells.len() as u64
        * experiment.replicates
        * u64::from(experiment.game.length.max_rounds())
}

fn play(experiment: &Experiment) -> tournament::TournamentResults {
    let summary = sim::run(experiment, &Silent);
    tournament::tabulate(experiment, &summary).expect("a tournament")
}

fn bench_tournament(c: &mut Criterion) {
    let experiment = classic();
    let total = rounds(&experiment);
    assert_eq!(total, 780_000, "78 matches × 50 repetitions × 200 turns");
    let mut group = c.benchmark_group("tournament");
    group.throughput(Throughput::Elements(total));
    group.sample_size(20);
    bench_chacha8_draws(&mut group, "baseline_chacha8_u64_draws", total);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    group.bench_function("classic_twelve_one_thread", |b| {
        b.iter(|| one.install(|| black_box(play(&experiment))));
    });
    group.bench_function("classic_twelve_all_threads", |b| {
        b.iter(|| black_box(play(&experiment)));
    });
    group.finish();
}

criterion_group!(benches, bench_tournament);
criterion_main!(benches);

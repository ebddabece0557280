//! Moran process throughput beside a raw ChaCha8 baseline measured in the same run, so the
//! figure to read is a ratio (steps per second ÷ draws per second), not a time.
//!
//! The experiment: 1,000 runs of a population of N = 10, 5 Tit For Tat and 5 Defector, to
//! fixation, birth–death, w = 1 (Axelrod-Python's fitness: birth proportional to score), with
//! expected fitness from the 200-turn payoff matrix of the PD R = 3, S = 0, T = 5, P = 1:
//! TFT–TFT 3, TFT–D (0 + 199·1)/200 = 0.995, D–TFT (5 + 199·1)/200 = 1.02, D–D 1.
//! `moran_1000_runs` records no trajectory (one pass); `_trajectory` samples 200 points (a
//! second pass replays the runs once the longest is known). Both run on a one-thread pool, so
//! the ratio does not depend on what else the machine is doing on its other cores.

mod common;

use common::{bench_chacha8_draws, seconds_per_iteration};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dilemma::evolution::PayoffMatrix;
use dilemma::evolution::moran::{self, Fitness, MoranSettings, Update};
use dilemma::rng::cell_key;
use dilemma::sim::Silent;
use std::hint::black_box;
use std::time::SystemTime;

const BASELINE: &str = "baseline_chacha8_u64_draws";
const DRAWS: u64 = 100_000;

fn payoffs() -> PayoffMatrix {
    let turns = 200.0;
    let (r, s, t, p) = (3.0, 0.0, 5.0, 1.0);
    PayoffMatrix::new(
        vec!["Tit For Tat".into(), "Defector".into()],
        vec![
            r,
            (s + (turns - 1.0) * p) / turns,
            (t + (turns - 1.0) * p) / turns,
            p,
        ],
    )
}

fn settings(trajectory_points: usize) -> MoranSettings {
    MoranSettings {
        population: 10,
        initial: vec![5, 5],
        selection: 1.0,
        mutation: 0.0,
        update: Update::BirthDeath,
        runs: 1_000,
        max_steps: 1_000_000,
        seed: 1,
        trajectory_points,
    }
}

fn bench_moran(c: &mut Criterion) {
    let started = SystemTime::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let matrix = payoffs();
    let key = cell_key([b"benches/evolution".as_slice()]);
    // The steps one experiment takes (every run fixes): the throughput's unit.
    let once = moran::run(&settings(0), Fitness::Expected(&matrix), &key, &Silent)
        .expect("valid settings");
    assert_eq!(once.unfixed, 0);
    let steps: f64 = once
        .strategies
        .iter()
        .map(|s| s.mean_steps * s.fixations as f64)
        .filter(|steps| steps.is_finite())
        .sum();
    let steps = steps.round() as u64;

    let mut group = c.benchmark_group("evolution");
    group.throughput(Throughput::Elements(DRAWS));
    bench_chacha8_draws(&mut group, BASELINE, DRAWS);
    group.throughput(Throughput::Elements(steps));
    group.sample_size(20);
    for (name, points) in [("moran_1000_runs", 0), ("moran_1000_runs_trajectory", 200)] {
        let settings = settings(points);
        group.bench_function(name, |b| {
            b.iter(|| {
                pool.install(|| {
                    black_box(
                        moran::run(&settings, Fitness::Expected(&matrix), &key, &Silent)
                            .expect("valid settings"),
                    )
                })
            });
        });
    }
    group.finish();
    print_ratios(started, steps, &once);
}

fn print_ratios(since: SystemTime, steps: u64, once: &moran::MoranResults) {
    let Some(draw_seconds) = seconds_per_iteration("evolution", BASELINE, since) else {
        println!("\n(no ChaCha8 baseline measured in this run: no ratio table)");
        return;
    };
    let draws = DRAWS as f64 / draw_seconds;
    println!(
        "\nMoran process, N = 10, 5 TFT + 5 Defector, w = 1, 1000 runs: {steps} steps in all \
         (TFT fixed in {} runs); one thread",
        once.strategies[0].fixations
    );
    println!("  baseline ChaCha8 next_u64: {:.1} M draws/s", draws * 1e-6);
    println!(
        "  {:<30} {:>12} {:>12} {:>10} {:>14}",
        "benchmark", "ms/experiment", "M steps/s", "÷ ChaCha8", "draws per step"
    );
    for id in ["moran_1000_runs", "moran_1000_runs_trajectory"] {
        let Some(seconds) = seconds_per_iteration("evolution", id, since) else {
            continue;
        };
        let rate = steps as f64 / seconds;
        println!(
            "  {id:<30} {:>12.3} {:>12.2} {:>10.4} {:>14.1}",
            seconds * 1e3,
            rate * 1e-6,
            rate / draws,
            draws / rate
        );
    }
}

criterion_group!(benches, bench_moran);
criterion_main!(benches);

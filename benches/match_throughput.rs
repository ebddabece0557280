//! Match throughput in rounds per second, beside a raw ChaCha8 draw baseline measured in the same
//! run, so the figure to read is the ratio (rounds per second ÷ draws per second), not a time.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dilemma::sim::matchup::{MatchSpec, RoundOutcome, RoundSink};
use dilemma::sim::summary::{CellAccumulator, Shape};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

const ROUNDS: u32 = 10_000;

fn spec(strategies: &str, noise: f64) -> MatchSpec {
    let text = format!(
        "[scenario]\nname = \"bench\"\n[game]\nplayers = [\"A\", \"B\"]\nrounds = {ROUNDS}\n\
         noise = {noise}\n[game.payoffs]\n\"C,C\" = [3, 3]\n\"C,D\" = [0, 5]\n\"D,C\" = [5, 0]\n\
         \"D,D\" = [1, 1]\n[strategies]\n{strategies}\n"
    );
    let experiment =
        dilemma::scenario::parse(&text, "bench.toml").expect("bench scenario is valid");
    MatchSpec::new(&experiment, &experiment.cells[0])
}

/// Discards rounds: isolates the cost of playing from the cost of recording.
struct Discard;
impl RoundSink for Discard {
    fn round(&mut self, _round: usize, outcome: &RoundOutcome) {
        black_box(outcome);
    }
}

fn bench_matches(c: &mut Criterion) {
    let mut group = c.benchmark_group("match");
    group.throughput(Throughput::Elements(u64::from(ROUNDS)));

    group.bench_function("baseline_chacha8_u64_draws", |b| {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        b.iter(|| {
            let mut acc = 0u64;
            for _ in 0..ROUNDS {
                acc ^= rng.next_u64();
            }
            black_box(acc)
        });
    });

    let cases = [
        (
            "deterministic_tft_vs_wsls",
            spec("A = [\"tit_for_tat\"]\nB = [\"win_stay_lose_shift\"]", 0.0),
        ),
        (
            "noisy_gtft_vs_joss",
            spec("A = [\"generous_tit_for_tat\"]\nB = [\"joss\"]", 0.05),
        ),
    ];
    for (name, spec) in cases {
        let shape = Shape::new(vec![2, 2], ROUNDS as usize);
        let mut accumulator = CellAccumulator::new(shape);
        let mut scratch = spec.scratch();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        group.bench_function(name, |b| {
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
    group.finish();
}

criterion_group!(benches, bench_matches);
criterion_main!(benches);

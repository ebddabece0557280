//! What the benches share: reading back the estimates criterion wrote in this run, so each
//! bench can print its figures as ratios to a baseline measured beside them.

// Each bench includes this module and uses only some of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::SystemTime;

/// Where criterion writes its results, found as criterion finds it.
pub fn criterion_directory() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    let metadata = std::env::var_os("CARGO").and_then(|cargo| {
        std::process::Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .output()
            .ok()
    });
    metadata
        .and_then(|output| serde_json::from_slice::<serde_json::Value>(&output.stdout).ok())
        .and_then(|value| value["target_directory"].as_str().map(PathBuf::from))
        .map_or_else(
            || PathBuf::from("target/criterion"),
            |target| target.join("criterion"),
        )
}

/// Seconds per iteration of `{group}/{id}` as criterion reports it (the slope, else the mean),
/// if this run measured it (its estimates are newer than `since`).
pub fn seconds_per_iteration(group: &str, id: &str, since: SystemTime) -> Option<f64> {
    let path = criterion_directory()
        .join(group)
        .join(id)
        .join("new")
        .join("estimates.json");
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    if modified < since {
        return None;
    }
    let estimates: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let typical = if estimates["slope"].is_object() {
        &estimates["slope"]
    } else {
        &estimates["mean"]
    };
    typical["point_estimate"].as_f64().map(|ns| ns * 1e-9)
}

/// The baseline every throughput is divided by: `draws` raw ChaCha8 `next_u64` calls an
/// iteration, benchmarked as `id` in `group`.
pub fn bench_chacha8_draws(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    id: &str,
    draws: u64,
) {
    use rand::{Rng, SeedableRng};
    group.bench_function(id, |b| {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        b.iter(|| {
            let mut acc = 0u64;
            for _ in 0..draws {
                acc ^= rng.next_u64();
            }
            std::hint::black_box(acc)
        });
    });
}

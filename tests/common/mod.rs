//! Shared pieces of the integration tests: the standard payoff table, the shipped Kuril scenario
//! and ways to run the `dilemma` binary.

// Each test crate includes this module and uses only some of it.
#![allow(dead_code)]

pub mod engine;
pub mod fixation;
pub mod games;
pub mod generate;
pub mod markov;
pub mod paths;
pub mod property;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The standard prisoner's dilemma, R, S, T, P = 3, 0, 5, 1, as a `[game.payoffs]` table.
pub const STANDARD_PAYOFFS: &str = r#"
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
"#;

/// The shipped Kuril scenario.
pub fn kuril() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_revised_pd.toml")
}

/// The Kuril scenario with matches of `rounds` rounds, written into `dir`.
pub fn kuril_with_rounds(dir: &Path, rounds: u32) -> PathBuf {
    let path = dir.join("long.toml");
    let text = std::fs::read_to_string(kuril())
        .unwrap()
        .replace("rounds = 100", &format!("rounds = {rounds}"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs the binary with `args` from `cwd` and waits for it.
pub fn dilemma_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dilemma"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// Runs the binary with `args` from the crate's folder.
pub fn dilemma(args: &[&str]) -> Output {
    dilemma_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs the binary in `cwd` with no input, killing it after `timeout` so that a hang is a
/// failure rather than a stalled test run.
pub fn run_with_timeout<S: AsRef<OsStr>>(
    args: &[S],
    cwd: &Path,
    timeout: Duration,
) -> Result<Output, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dilemma"))
        .args(args)
        .current_dir(cwd)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the binary: {e}"))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {timeout:?}; killed"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for the binary: {e}")),
        }
    }
    child
        .wait_with_output()
        .map_err(|e| format!("cannot collect the output: {e}"))
}

/// A fixture of `tests/fixtures/axelrod`, checked to come from Axelrod-Python 4.14.0.
pub fn axelrod_fixture(file: &str) -> serde_json::Value {
    let path = format!(
        "{}/tests/fixtures/axelrod/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(value["axelrod_version"], "4.14.0", "{file}");
    value
}

/// Whether our totals' mean agrees with Axelrod's (`their_mean`, sample sd `their_sd` over
/// `n` seeds) within 4 standard errors of the difference; both certain (sd 0), exactly.
/// Returns our mean and that standard error either way, for the message.
pub fn within_four_standard_errors(
    ours: &[f64],
    their_mean: f64,
    their_sd: f64,
    n: f64,
) -> (bool, f64, f64) {
    let count = ours.len() as f64;
    let mean = ours.iter().sum::<f64>() / count;
    let variance = ours.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (count - 1.0);
    let se = (their_sd.powi(2) / n + variance / count).sqrt();
    let off = (mean - their_mean).abs();
    let agrees = if se == 0.0 {
        off <= 1e-9
    } else {
        off <= 4.0 * se
    };
    (agrees, mean, se)
}

/// A test that needs a tool or a privilege this machine lacks: under `CI=true` a panic saying
/// what is missing (`.ci/run` provides it, so a skip there would hide a test that never ran);
/// elsewhere a note on stderr, and the caller skips.
pub fn missing_prerequisite(test: &str, what: &str) {
    if std::env::var("CI").is_ok_and(|value| value == "true") {
        panic!("{test} cannot run under CI=true: {what} (.ci/run should have provided it)");
    }
    eprintln!("skipping {test}: {what}; under CI=true this fails");
}

/// The chance that a two-sided normal deviate lies beyond 4 standard deviations: the level at
/// which the tests below call a difference real, as "within 4 standard errors" does elsewhere.
pub const FOUR_SIGMA_TAIL: f64 = 6.334e-5;

/// Whether our `ours` replicates can come from the distribution Axelrod's `n` seeds were drawn
/// from, when all of Axelrod's gave one value, `theirs`. A replicate off that value may be a rare
/// event that Axelrod's seeds missed; but if our `k` replicates off it are so many that `n` draws
/// from the pooled replicates would miss all of them with a chance below [`FOUR_SIGMA_TAIL`]
/// (the hypergeometric C(ours, k) / C(ours + n, k)), the spreads differ. Returns that chance.
pub fn zero_spread_chance(ours: &[f64], theirs: f64, n: usize) -> f64 {
    let count = ours.len();
    let off = ours.iter().filter(|value| **value != theirs).count();
    let log_chance: f64 = (0..off)
        .map(|i| ((count - i) as f64 / (count + n - i) as f64).ln())
        .sum();
    log_chance.exp()
}

/// Compares one strategy's replicates against one opponent (both players' match totals, and the
/// strategy's cooperation rate pooled over them) with a row of an Axelrod panel fixture:
/// `mean_score`, `mean_opponent_score` within 4 standard errors of the difference (from both
/// samples' spreads), each zero spread of Axelrod's kept ([`zero_spread_chance`]), and
/// `mean_cooperation_rate` within 4 standard errors. For that last the fixture's
/// `sd_cooperation_rate` is the spread when it holds a positive one (under the hypothesis tested,
/// both sides share it); else the largest spread a rate in [0, 1] with the pooled mean m can have,
/// sqrt(m (1 - m)) (the Bhatia-Davis bound), so the tolerance is never too tight. Returns what
/// disagrees, one line each.
pub fn compare_with_panel_row(
    row: &serde_json::Value,
    own: &[f64],
    opponent: &[f64],
    cooperation: f64,
) -> Vec<String> {
    let number = |key: &str| {
        row[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing in {row}"))
    };
    let n = number("n");
    let mut differences = Vec::new();
    for (ours, mean_key, sd_key) in [
        (own, "mean_score", "sd_score"),
        (opponent, "mean_opponent_score", "sd_opponent_score"),
    ] {
        let (their_mean, their_sd) = (number(mean_key), number(sd_key));
        let (agrees, mean, se) = within_four_standard_errors(ours, their_mean, their_sd, n);
        if !agrees {
            differences.push(format!(
                "{mean_key}: ours {mean:.2}, Axelrod {their_mean:.2} (se {se:.2})"
            ));
        }
        if their_sd == 0.0 {
            let chance = zero_spread_chance(ours, their_mean, n as usize);
            if chance < FOUR_SIGMA_TAIL {
                let off = ours.iter().filter(|value| **value != their_mean).count();
                differences.push(format!(
                    "{sd_key}: Axelrod's is 0, {off} of our {} replicates differ from {their_mean} \
                     (chance {chance:.1e} that {n} seeds miss them all)",
                    ours.len()
                ));
            }
        }
    }
    let their_rate = number("mean_cooperation_rate");
    let ours_n = own.len() as f64;
    let pooled = (their_rate * n + cooperation * ours_n) / (n + ours_n);
    let spread = match row["sd_cooperation_rate"].as_f64() {
        Some(sd) if sd > 0.0 => sd,
        _ => (pooled * (1.0 - pooled)).max(0.0).sqrt(),
    };
    let se = spread * (1.0 / n + 1.0 / ours_n).sqrt();
    let off = (cooperation - their_rate).abs();
    if off > 4.0 * se + 1e-12 {
        differences.push(format!(
            "mean_cooperation_rate: ours {cooperation:.4}, Axelrod {their_rate:.4} (se {se:.4})"
        ));
    }
    differences
}

/// The mean of `values` and its standard error (sample sd, n - 1, over sqrt(n)), computed here
/// from the replicates themselves rather than read from the summary under test.
pub fn mean_and_standard_error(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    assert!(values.len() >= 2, "a standard error needs two values");
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt())
}

//! Shared pieces of the integration tests: the standard payoff table, the shipped Kuril scenario
//! and ways to run the `dilemma` binary.

// Each test crate includes this module and uses only some of it.
#![allow(dead_code)]

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

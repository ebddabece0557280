//! Runs at the edges of what fits: huge replicate counts and thread counts are refused at once,
//! runs that would not fit in time or memory are refused with their estimate, long matches are
//! binned so memory stays bounded, and thousands of profiles get charts that scale.

mod common;

use common::{dilemma, kuril, kuril_with_rounds, text};
use std::path::Path;
use std::time::{Duration, Instant};

/// A two-player scenario with `n` named memory-one candidates per player.
fn grid_scenario(n: usize, rounds: u32) -> String {
    let strategies: Vec<String> = (0..n)
        .map(|i| {
            let p = |k: usize| ((i * 37 + k * 11) % 10) as f64 / 10.0;
            format!(
                "{{ kind = \"memory_one\", name = \"m{i:03}\", p = [{}, {}, {}, {}] }}",
                p(0),
                p(1),
                p(2),
                p(3)
            )
        })
        .collect();
    let list = strategies.join(", ");
    format!(
        "[scenario]\nname = \"grid\"\ntitle = \"Grid\"\nreplicates = 2\n[game]\n\
         players = [\"Row\", \"Column\"]\nrounds = {rounds}\n[game.payoffs]\n\"C,C\" = [3, 3]\n\
         \"C,D\" = [0, 5]\n\"D,C\" = [5, 0]\n\"D,D\" = [1, 1]\n[strategies]\nRow = [{list}]\n\
         Column = [{list}]\n"
    )
}

fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn out_of_range_replicates_and_threads_exit_2_at_once() {
    let scenario = kuril();
    let scenario = scenario.to_str().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let out = out.to_str().unwrap();
    for (flag, value) in [
        ("--replicates", "18446744073709551615"),
        ("--replicates", "1000000001"),
        ("--threads", "100000"),
        ("--threads", "1025"),
        ("--round-bin", "0"),
        ("--round-bin", "sometimes"),
    ] {
        let start = Instant::now();
        let output = dilemma(&["run", scenario, "--out", out, flag, value]);
        assert_eq!(output.status.code(), Some(2), "{flag} {value}");
        let stderr = text(&output.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("error: ") && first.contains(flag) && first.contains(value),
            "{flag} {value}: {stderr}"
        );
        assert!(!stderr.contains("panicked"));
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{flag} {value} was slow"
        );
        assert!(!Path::new(out).exists(), "nothing is written");
    }
}

#[test]
fn a_run_that_would_take_years_is_refused_with_its_estimate() {
    // 12 cells × 10^9 replicates × 10^6 rounds = 1.2e16 rounds: about 30 years on one thread at
    // the assumed rate, and still years at the fastest rate measured.
    let scratch = tempfile::tempdir().unwrap();
    let scenario = kuril_with_rounds(scratch.path(), 1_000_000);
    let out = scratch.path().join("out");
    let start = Instant::now();
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--replicates",
        "1000000000",
        "--threads",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for part in [
        "12 cells × 1000000000 replicates × 1000000 rounds = 1.20e16 rounds",
        "scenario.replicates",
        "--replicates",
        "game.rounds",
        "strategies",
    ] {
        assert!(stderr.contains(part), "{part} missing: {stderr}");
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(!out.exists());
}

#[test]
fn a_run_that_would_not_fit_in_memory_is_refused_with_its_estimate() {
    // 316 × 316 = 99 856 cells of 10^6 rounds kept one row per round, 7 f64 and 4 joint
    // counts a row: 99 856 × 10^6 × 88 bytes = 8.8 TB of accumulators, on any machine more
    // than half its memory.
    let scratch = tempfile::tempdir().unwrap();
    let scenario = scratch.path().join("wide.toml");
    std::fs::write(&scenario, grid_scenario(316, 1_000_000)).unwrap();
    let out = scratch.path().join("out");
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--round-bin",
        "1",
        "--replicates",
        "1",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for part in [
        "per-round accumulators 8.8 TB for 1000000 rows per cell",
        "--round-bin",
        "game.rounds",
    ] {
        assert!(stderr.contains(part), "{part} missing: {stderr}");
    }
    assert!(!out.exists());
}

/// Parses rounds.csv into rows of (cell, player, round, mean_payoff, share_C, replicates,
/// round_last).
fn rounds_rows(path: &Path) -> Vec<(u64, String, u64, f64, f64, u64, u64)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record[0].parse().unwrap(),
                record[2].to_string(),
                record[3].parse().unwrap(),
                record[4].parse().unwrap(),
                record[5].parse().unwrap(),
                record[7].parse().unwrap(),
                record[8].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn binned_rounds_average_the_rounds_they_cover() {
    let scratch = tempfile::tempdir().unwrap();
    let (every, binned) = (scratch.path().join("every"), scratch.path().join("binned"));
    for (out, bin) in [(&every, "1"), (&binned, "7")] {
        let output = dilemma(&[
            "run",
            kuril().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--replicates",
            "70",
            "--round-bin",
            bin,
            "-q",
        ]);
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
    let header = std::fs::read_to_string(binned.join("rounds.csv")).unwrap();
    assert_eq!(
        header.lines().next().unwrap(),
        "cell,profile,player,round,mean_payoff,share_C,share_D,replicates,round_last"
    );
    let every = rounds_rows(&every.join("rounds.csv"));
    let binned = rounds_rows(&binned.join("rounds.csv"));
    // 100 rounds in bins of 7: 15 rows per (cell, player), the last covering 99-100.
    assert_eq!(binned.len(), 12 * 2 * 15);
    assert_eq!(every.len(), 12 * 2 * 100);
    for (index, bin) in binned.iter().enumerate() {
        let (cell, player, first, mean, share_c, replicates, last) = bin;
        assert_eq!(*first, (index % 15) as u64 * 7 + 1);
        assert_eq!(*last, (*first + 6).min(100));
        assert_eq!(*replicates, 70);
        // Fixed length: every replicate plays every round, so the bin's mean is the plain
        // average of the per-round means it covers.
        let covered: Vec<_> = every
            .iter()
            .filter(|row| row.0 == *cell && &row.1 == player && (*first..=*last).contains(&row.2))
            .collect();
        assert_eq!(covered.len() as u64, last - first + 1);
        let n = covered.len() as f64;
        let expected_mean = covered.iter().map(|row| row.3).sum::<f64>() / n;
        let expected_share = covered.iter().map(|row| row.4).sum::<f64>() / n;
        assert!(
            (mean - expected_mean).abs() < 1e-12,
            "{bin:?}: {expected_mean}"
        );
        assert!(
            (share_c - expected_share).abs() < 1e-12,
            "{bin:?}: {expected_share}"
        );
    }
    // Unbinned rows have round_last = round.
    assert!(every.iter().all(|row| row.2 == row.6));
}

#[test]
fn long_matches_are_binned_automatically_to_about_a_million_rows() {
    // 12 cells × 100 000 rounds × (2 rows of rounds.csv + 4 of joint.csv) = 7.2 million rows
    // unbinned; 10^6 / 72 = 13 888 bins per cell fit, so bins of ⌈100 000 / 13 888⌉ = 8 rounds:
    // 12 500 rows per (cell, player) of rounds.csv.
    let scratch = tempfile::tempdir().unwrap();
    let scenario = kuril_with_rounds(scratch.path(), 100_000);
    let out = scratch.path().join("out");
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--replicates",
        "2",
        "-q",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rounds = rounds_rows(&out.join("rounds.csv"));
    assert_eq!(rounds.len(), 12 * 2 * 12_500);
    assert_eq!((rounds[0].2, rounds[0].6), (1, 8));
    assert_eq!((rounds[12_499].2, rounds[12_499].6), (99_993, 100_000));
    assert!(out.join("rounds.png").is_file());
}

#[test]
fn thousands_of_profiles_get_heatmaps_and_notes_not_a_giant_bitmap() {
    let scratch = tempfile::tempdir().unwrap();
    let scenario = scratch.path().join("grid.toml");
    std::fs::write(&scenario, grid_scenario(60, 20)).unwrap();
    let out = scratch.path().join("out");
    let start = Instant::now();
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(start.elapsed() < Duration::from_secs(60));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("note: payoffs: 3600 profiles would make the dot plot taller than a page"),
        "{stdout}"
    );
    assert!(
        stdout.contains("note: rounds: 3600 profiles are too many for one figure of panels"),
        "{stdout}"
    );
    assert!(!out.join("payoffs.png").exists());
    assert!(!out.join("rounds.png").exists());
    // One heatmap with a panel per player, page-sized at 300 dpi: at most 20 inches a side.
    let (width, height) = png_size(&out.join("heatmap.png"));
    assert!(
        width <= 6000 && height <= 6000 && width >= 2000,
        "{width} × {height}"
    );
    assert!(out.join("heatmap.svg").is_file() && out.join("heatmap.pdf").is_file());
    let charts = std::fs::read_dir(&out)
        .unwrap()
        .filter(|entry| {
            let name = entry.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".png")
        })
        .count();
    assert_eq!(charts, 1);
    // No staging folder is left beside the results.
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 2);

    // --quiet prints nothing, notes included.
    let quiet = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
}

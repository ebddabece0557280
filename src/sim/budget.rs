//! What a run will cost before it starts: rounds to play, the time they take, the memory they
//! hold; and the refusal, with the estimate, of a run that will not fit.
//!
//! The estimate is deliberately simple and errs high: a run refused here would have failed
//! hours later (out of memory, or never finishing), after the user had waited for it.

use super::{RunOptions, block_bytes, shape_of, wave_size};
use crate::experiment::Experiment;
use crate::game::Length;

/// Rounds per second one thread plays in a two-player match, recorded: a conservative figure.
/// `cargo bench --bench match_throughput` measured 37–45 M rounds/s (noisy GTFT vs Joss) and
/// 60–81 M rounds/s (deterministic TFT vs WSLS) for recorded two-player matches on this
/// project's machines (2 cores shared with other builds). A third of the slower figure leaves
/// room for costlier strategies, slower machines and busy cores; the estimate only has to tell
/// a day from a year.
pub const ROUNDS_PER_SECOND_PER_THREAD: f64 = 12.5e6;

/// Longest run accepted: a day. Longer runs are better split (fewer replicates first; the CI
/// half-width falls only with the square root of the replicates).
pub const MAX_SECONDS: f64 = 24.0 * 3600.0;

/// Used when the machine's available memory cannot be read (no /proc/meminfo).
pub const FALLBACK_AVAILABLE_BYTES: u64 = 4 << 30;

/// Memory of a run, by what holds it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Memory {
    /// One accumulator (then summary) per cell; its per-round table dominates.
    pub accumulators: u128,
    /// Block accumulators alive at once.
    pub in_flight: u128,
    /// Compiled matches, cells and the shared payoff table.
    pub specs: u128,
    /// Writing results: the summaries, the manifest's per-cell entries, the tables read back
    /// for charts, and the chart canvases.
    pub outputs: u128,
}

impl Memory {
    pub fn total(&self) -> u128 {
        self.accumulators + self.in_flight + self.specs + self.outputs
    }
}

/// The estimated cost of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub cells: u64,
    pub replicates: u64,
    /// Expected rounds of one match (the fixed length, or the mean under the continuation
    /// probability, capped by `max_rounds`).
    pub rounds_per_match: f64,
    /// Rounds to play in all: cells × replicates × rounds per match.
    pub rounds: f64,
    pub seconds: f64,
    pub threads: usize,
    /// Rows of each cell's per-round table.
    pub round_rows: u64,
    pub memory: Memory,
}

/// What this run may use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub memory_bytes: u128,
    pub seconds: f64,
}

impl Limits {
    /// Half the available memory (the rest is the system's and other programs'), and a day.
    pub fn from_available(available_bytes: Option<u64>) -> Limits {
        Limits {
            memory_bytes: u128::from(available_bytes.unwrap_or(FALLBACK_AVAILABLE_BYTES)) / 2,
            seconds: MAX_SECONDS,
        }
    }
}

/// `MemAvailable` from the text of /proc/meminfo, in bytes.
pub fn parse_meminfo(text: &str) -> Option<u64> {
    let line = text
        .lines()
        .find(|line| line.starts_with("MemAvailable:"))?;
    let mut fields = line["MemAvailable:".len()..].split_whitespace();
    let value: u64 = fields.next()?.parse().ok()?;
    match fields.next() {
        Some("kB") | None => value.checked_mul(1024),
        _ => None,
    }
}

/// Expected rounds of a match: Σ_{k<M} p^k = (1 − p^M) / (1 − p) under continuation p.
pub fn expected_rounds(length: Length) -> f64 {
    match length {
        Length::Fixed(rounds) => f64::from(rounds),
        Length::Continuation {
            probability,
            max_rounds,
        } => {
            let p = probability.clamp(0.0, 1.0);
            if p >= 1.0 {
                f64::from(max_rounds)
            } else {
                ((1.0 - p.powf(f64::from(max_rounds))) / (1.0 - p)).max(1.0)
            }
        }
    }
}

/// Estimates the run of `experiment` on `threads` threads.
pub fn estimate(experiment: &Experiment, options: &RunOptions, threads: usize) -> Estimate {
    let threads = threads.max(1);
    let cells = experiment.cells.len() as u128;
    let players = experiment.game.player_count() as u128;
    let shape = shape_of(experiment).binned(options.round_bin.width(experiment));
    let rounds_per_match = expected_rounds(experiment.game.length);
    let rounds = cells as f64 * experiment.replicates as f64 * rounds_per_match;
    // Per-player work (deciding, noise, recording) dominates a round; two players deciding once
    // each are the rate's reference. A meta player's members decide every round as well, and a
    // network costs more than a look-up, so a cell costs its players' `cost_per_round`,
    // averaged over the cells.
    let decisions: u64 = experiment
        .cells
        .iter()
        .map(|cell| {
            cell.profile
                .iter()
                .zip(&experiment.candidates)
                .map(|(&chosen, candidates)| candidates[chosen].policy.cost_per_round())
                .sum::<u64>()
                .max(players as u64)
        })
        .sum();
    let player_factor = (decisions as f64 / experiment.cells.len().max(1) as f64).max(2.0) / 2.0;
    let seconds = rounds * player_factor / (ROUNDS_PER_SECOND_PER_THREAD * threads as f64);

    let block = block_bytes(&shape) as u128;
    let blocks_per_cell = u128::from(experiment.replicates.div_ceil(super::BLOCK_REPLICATES));
    let jobs = (blocks_per_cell * cells).max(1);
    // A wave's blocks are all alive when it is folded; each thread also holds one it plays.
    let in_flight = (wave_size(&shape) as u128).min(jobs) * block + threads as u128 * block;
    let per_cell_fixed = 512 + players * 96;
    // A tournament keeps every replicate's totals (rounds, then a total and a mean per player),
    // and its tables hold about as much again.
    let kept = if experiment.tournament.is_some() {
        cells * u128::from(experiment.replicates) * (1 + 2 * players) * 8 * 2
    } else {
        0
    };
    let accumulators = cells * (block + per_cell_fixed) + kept;
    let joint = experiment.game.joint_count() as u128;
    let constraints = experiment.game.constraints.len() as u128;
    // Each thread's scratch holds a memory per player, with a meta player's members and a
    // learner's table in its store.
    let stores: usize = experiment
        .candidates
        .iter()
        .map(|candidates| {
            candidates
                .iter()
                .map(|candidate| candidate.policy.new_memory().store.heap_bytes())
                .max()
                .unwrap_or(0)
        })
        .sum();
    let specs = cells * (256 + players * 48 + constraints * 40)
        + threads as u128 * stores as u128
        + joint * players * 8
        + super::dynamics::memory_bytes(&experiment.game, experiment.points.len(), threads);
    // One PNG of at most MAX_PNG_SIDE² pixels, RGBA and RGB; per cell
    // and player its summary and the summary row read back (about 500 bytes); per cell its
    // manifest entry (about 2 kB: measured 983 MB peak for 99 856 cells of 2 players, most of it
    // the manifest); and the per-round rows kept for the charted cells (about 150 bytes a row,
    // at most KEEP_PER_SERIES + 1 a series).
    let round_rows = shape.bins() as u128;
    let charted_cells = cells.min(crate::chart::MAX_PANELS as u128);
    let kept_rows = round_rows.min(crate::chart::KEEP_PER_SERIES as u128 + 1);
    // The PNG's pixmap (RGBA) and its RGB copy for encoding.
    let outputs = u128::from(crate::chart::spec::MAX_PNG_SIDE).pow(2) * 7
        + cells * players * 500
        + cells * 2000
        + charted_cells * players * kept_rows * 150;
    Estimate {
        cells: cells as u64,
        replicates: experiment.replicates,
        rounds_per_match,
        rounds,
        seconds,
        threads,
        round_rows: round_rows as u64,
        memory: Memory {
            accumulators,
            in_flight,
            specs,
            outputs,
        },
    }
}

/// Refuses a run that will not fit, with a one-line message giving the estimate and the fields
/// to change.
pub fn check(estimate: &Estimate, limits: &Limits) -> Result<(), String> {
    let work = format!(
        "{} cells × {} replicates × {} rounds = {} rounds",
        estimate.cells,
        estimate.replicates,
        round_figure(estimate.rounds_per_match),
        scientific(estimate.rounds)
    );
    let memory = &estimate.memory;
    if memory.total() > limits.memory_bytes {
        let dominant = if memory.specs > memory.accumulators + memory.in_flight {
            "fewer strategies (profiles)"
        } else {
            "game.rounds or game.max_rounds lower, a coarser --round-bin, or fewer strategies \
             (profiles)"
        };
        return Err(format!(
            "this run needs about {} of memory (per-round accumulators {} for {} rows per cell, \
             blocks in flight {}, compiled matches {}, writing results {}) but may use {} (half of the \
             memory available); make {dominant}",
            bytes(memory.total()),
            bytes(memory.accumulators),
            estimate.round_rows,
            bytes(memory.in_flight),
            bytes(memory.specs),
            bytes(memory.outputs),
            bytes(limits.memory_bytes),
        ));
    }
    // A NaN estimate (it cannot happen with validated input) is refused too.
    if estimate.seconds.is_nan() || estimate.seconds > limits.seconds {
        return Err(format!(
            "this run would play {work}, about {} on {} threads at {} M rounds/s per thread; \
             the limit is {}: lower scenario.replicates (or --replicates), game.rounds (or \
             game.max_rounds), or the strategies",
            duration(estimate.seconds),
            estimate.threads,
            ROUNDS_PER_SECOND_PER_THREAD / 1e6,
            duration(limits.seconds),
        ));
    }
    Ok(())
}

fn round_figure(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value}")
    } else {
        format!("{value:.1}")
    }
}

fn scientific(value: f64) -> String {
    if value < 1e6 {
        format!("{value:.0}")
    } else {
        format!("{value:.2e}")
    }
}

/// Bytes in the largest unit that keeps the figure at least 1 (decimal units, as `df -H`).
pub fn bytes(value: u128) -> String {
    let value = value as f64;
    for (unit, size) in [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)] {
        if value >= size {
            return format!("{:.1} {unit}", value / size);
        }
    }
    format!("{value} B")
}

/// Seconds as the largest sensible unit.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "for ever".into();
    }
    for (unit, size) in [
        ("years", 365.25 * 86400.0),
        ("days", 86400.0),
        ("h", 3600.0),
        ("min", 60.0),
    ] {
        if seconds >= 2.0 * size || (unit == "h" && seconds >= size) {
            return format!("{:.1} {unit}", seconds / size);
        }
    }
    format!("{seconds:.1} s")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::RunOptions;

    #[test]
    fn meminfo_gives_available_bytes() {
        let text = "MemTotal:       16318412 kB\nMemFree:         1020000 kB\n\
                    MemAvailable:    8159206 kB\nBuffers:          100 kB\n";
        assert_eq!(parse_meminfo(text), Some(8_159_206 * 1024));
        assert_eq!(parse_meminfo("MemTotal: 5 kB\n"), None);
        assert_eq!(parse_meminfo("MemAvailable: lots kB\n"), None);
        assert_eq!(
            Limits::from_available(None).memory_bytes,
            u128::from(FALLBACK_AVAILABLE_BYTES / 2)
        );
    }

    #[test]
    fn expected_rounds_follow_the_geometric_series() {
        assert_eq!(expected_rounds(Length::Fixed(200)), 200.0);
        // p = 0.5, M = 3: 1 + 0.5 + 0.25.
        let short = Length::Continuation {
            probability: 0.5,
            max_rounds: 3,
        };
        assert!((expected_rounds(short) - 1.75).abs() < 1e-12);
        // p = 0.99 with a far cap: 1 / (1 - p) = 100.
        let long = Length::Continuation {
            probability: 0.99,
            max_rounds: 1_000_000,
        };
        assert!((expected_rounds(long) - 100.0).abs() < 1e-9);
        let certain = Length::Continuation {
            probability: 1.0,
            max_rounds: 40,
        };
        assert_eq!(expected_rounds(certain), 40.0);
    }

    #[test]
    fn units_read_naturally() {
        assert_eq!(bytes(15_700_000_000), "15.7 GB");
        assert_eq!(bytes(512), "512 B");
        assert_eq!(duration(90.0), "90.0 s");
        assert_eq!(duration(3.0 * 86400.0), "3.0 days");
        assert_eq!(duration(5400.0), "1.5 h");
        assert_eq!(duration(f64::INFINITY), "for ever");
    }

    fn two_player(rounds: &str, candidates: usize) -> Experiment {
        let names: Vec<String> = (0..candidates)
            .map(|i| format!("{{ kind = \"tit_for_tat\", name = \"t{i}\" }}"))
            .collect();
        let list = names.join(", ");
        let text = format!(
            "[scenario]\nname = \"b\"\nreplicates = 1000\n[game]\nplayers = [\"A\", \"B\"]\n\
             {rounds}\n[game.payoffs]\n\"C,C\" = [3, 3]\n\"C,D\" = [0, 5]\n\"D,C\" = [5, 0]\n\
             \"D,D\" = [1, 1]\n[strategies]\nA = [{list}]\nB = [{list}]\n"
        );
        crate::scenario::parse(&text, "b.toml").expect("valid scenario")
    }

    #[test]
    fn the_estimate_follows_its_formulas() {
        // 4 × 4 = 16 cells of 100 rounds, 1000 replicates.
        let experiment = two_player("rounds = 100", 4);
        let estimate = estimate(&experiment, &RunOptions::default(), 2);
        assert_eq!(estimate.cells, 16);
        assert_eq!(estimate.rounds, 16.0 * 1000.0 * 100.0);
        assert!((estimate.seconds - 1.6e6 / (ROUNDS_PER_SECOND_PER_THREAD * 2.0)).abs() < 1e-12);
        // 16 × 100 × (2 rounds.csv + 4 joint.csv rows) ≤ 10^6: every round kept; a row is
        // 1 + 2 + 4 f64 and a count per joint action (4).
        assert_eq!(estimate.round_rows, 100);
        let block = 100 * (7 + 4) * 8 + 1024;
        assert_eq!(estimate.memory.accumulators, 16 * (block + 512 + 2 * 96));
        // 16 cells × ⌈1000 / 64⌉ = 256 blocks, all in one wave, plus one per thread.
        assert_eq!(estimate.memory.in_flight, (256 + 2) * block);
        assert!(check(&estimate, &Limits::from_available(Some(8 << 30))).is_ok());
        // Half of 1 MB available is too little, and the message names the fix.
        let refused = check(&estimate, &Limits::from_available(Some(1 << 20))).unwrap_err();
        assert!(
            refused.contains("--round-bin") && !refused.contains('\n'),
            "{refused}"
        );
    }

    #[test]
    fn automatic_bins_keep_about_a_million_rows() {
        use super::super::RoundBin;
        // 36 cells × 10^6 rounds, each bin 2 rows of rounds.csv and 4 of joint.csv: 10^6 / 216
        // = 4629 bins per cell fit (the accumulators', 8 Mi slots / (36 × 11), are more), so
        // bins of ⌈10^6 / 4629⌉ = 217 rounds.
        let experiment = two_player("rounds = 1000000", 6);
        assert_eq!(RoundBin::Auto.width(&experiment), 217);
        let rows = 36 * (2 + 4) * 1_000_000usize.div_ceil(217);
        assert!(rows <= 1_000_000 && rows > 980_000, "{rows}");
        assert_eq!(RoundBin::Rounds(5_000_000).width(&experiment), 1_000_000);
        assert_eq!(RoundBin::Rounds(0).width(&experiment), 1);
        assert_eq!(RoundBin::Auto.width(&two_player("rounds = 100", 6)), 1);
        // A continuation game's estimate uses the expected length, not max_rounds.
        let geometric = two_player("continuation = 0.99\nmax_rounds = 1000000", 6);
        let estimate = estimate(&geometric, &RunOptions::default(), 1);
        assert!((estimate.rounds_per_match - 100.0).abs() < 1e-6);
    }
}

//! Matches played through the path `dilemma run` takes, for comparison with Axelrod's fixtures:
//! a scenario's text, `scenario::parse`, and `sim::run_with` on rayon's pool. Nothing here plays
//! a round itself.
//!
//! How the engine reuses memory (src/sim/mod.rs `run_block`): a cell's replicates run in blocks
//! of `BLOCK_REPLICATES` (64); each block makes one `Scratch` and resets its strategies'
//! memories (`Memory::reset`) before each replicate after the first. A worker thread moves on to
//! another cell's block with a fresh `Scratch`, so no memory passes between opponents; what can
//! go wrong is a reset that leaves a match's state behind, which only a second replicate in the
//! same block shows. So every comparison here plays several replicates per cell.

use dilemma::experiment::Experiment;
use dilemma::sim::summary::CellSummary;
use dilemma::sim::{self, RoundBin, RunOptions, Silent, Summary};
use dilemma::strategy::testkit::standard_totals;

/// A bipartite tournament of `rows` (first player) against `columns` (second player) in the
/// standard game (R, S, T, P = 3, 0, 5, 1), no noise, `turns` rounds: every row meets every
/// column. A tournament, so that the run keeps each replicate's totals.
pub fn bipartite(
    rows: &[&str],
    columns: &[&str],
    turns: u32,
    replicates: u64,
    seed: u64,
) -> Experiment {
    bipartite_lasting(
        rows,
        columns,
        &format!("rounds = {turns}"),
        replicates,
        seed,
    )
}

/// [`bipartite`] with the match length written as in `[game]`: `rounds = N`, or
/// `continuation = d` and `max_rounds = N` on two lines.
pub fn bipartite_lasting(
    rows: &[&str],
    columns: &[&str],
    length: &str,
    replicates: u64,
    seed: u64,
) -> Experiment {
    let list = |names: &[&str]| {
        names
            .iter()
            .copied()
            .map(toml_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = format!(
        "[scenario]\nname = \"axelrod-panel\"\nseed = {seed}\nreplicates = {replicates}\n\n\
         [game]\nplayers = [\"First\", \"Second\"]\n{length}\n{}\n\
         [strategies]\nFirst = [{}]\nSecond = [{}]\n\n[tournament]\nkind = \"bipartite\"\n",
        super::STANDARD_PAYOFFS,
        list(rows),
        list(columns)
    );
    dilemma::scenario::parse(&text, "axelrod-panel.toml")
        .unwrap_or_else(|errors| panic!("{}", errors.first()))
}

/// `text` as a TOML basic string: quoted, with backslashes and quotes escaped (Axelrod names
/// two strategies `$\phi$` and `$\pi$`).
pub fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Runs every cell with a row per round in the per-round table (`dilemma run`'s automatic
/// binning would merge rounds once the table is large), on the current rayon pool.
pub fn run_every_round(experiment: &Experiment) -> Summary {
    let options = RunOptions {
        round_bin: RoundBin::Rounds(1),
        ..RunOptions::default()
    };
    sim::run_with(experiment, &options, &Silent)
}

/// The results of row `row` against column `column` of a [`bipartite`] experiment.
pub fn pair<'s>(
    experiment: &Experiment,
    summary: &'s Summary,
    row: usize,
    column: usize,
) -> &'s CellSummary {
    let index = experiment
        .cells
        .iter()
        .position(|cell| cell.profile == [row, column])
        .unwrap_or_else(|| panic!("no cell for row {row} against column {column}"));
    &summary.cells[index]
}

/// `player`'s total in each replicate, in replicate order, as the run kept them.
pub fn totals(cell: &CellSummary, player: usize) -> Vec<f64> {
    (0..cell.replicates.len())
        .map(|replicate| cell.replicates.total(replicate, player))
        .collect()
}

/// Where a noise-free pair's moves, as the per-round table of a run records them, first depart
/// from `expected` (a string of `C` and `D`, one letter a round): every replicate must play the
/// same move, so each round's share of C is exactly 1 or 0, and the table must hold exactly
/// `expected.len()` rounds. `None` when all agree.
pub fn first_departure(cell: &CellSummary, player: usize, expected: &str) -> Option<String> {
    if cell.rounds.len() != expected.len() {
        return Some(format!(
            "{} rounds recorded, Axelrod played {}",
            cell.rounds.len(),
            expected.len()
        ));
    }
    first_departure_in_prefix(cell, player, expected)
}

/// [`first_departure`] for matches of random length (a continuation probability): the rounds
/// recorded, however many replicates reached each, must be a prefix of `expected`, the moves of
/// a longer match of the same pair, as they are for strategies that do not read the length.
pub fn first_departure_in_prefix(
    cell: &CellSummary,
    player: usize,
    expected: &str,
) -> Option<String> {
    let rounds = &cell.rounds;
    if rounds.len() > expected.len() {
        return Some(format!(
            "{} rounds recorded, beyond Axelrod's {}",
            rounds.len(),
            expected.len()
        ));
    }
    for (index, letter) in expected.chars().take(rounds.len()).enumerate() {
        let round = rounds.get(index).expect("a row per round");
        let share_of_c = round.shares(player).next().expect("C is the first action");
        let wanted = if letter == 'C' { 1.0 } else { 0.0 };
        if share_of_c != wanted {
            return Some(format!(
                "round {}: share of C {share_of_c} over {} replicates, Axelrod {letter}",
                index + 1,
                round.replicates()
            ));
        }
    }
    None
}

/// For matches of random length between two deterministic strategies that do not read the
/// length: each replicate of `cell` that ended within `first.len()` rounds must have scored what
/// the first rounds of Axelrod's longer match (`first`, `second`) score. Returns the replicates
/// that did not, and how many replicates were checked.
pub fn replicates_off_the_prefix(
    cell: &CellSummary,
    first: &str,
    second: &str,
) -> (Vec<String>, usize) {
    let (mut off, mut checked) = (Vec::new(), 0);
    for replicate in 0..cell.replicates.len() {
        let rounds = cell.replicates.rounds(replicate) as usize;
        if rounds > first.len() {
            continue;
        }
        let (a, b) = standard_totals(&first[..rounds], &second[..rounds]);
        let expected = (a as f64, b as f64);
        let got = (
            cell.replicates.total(replicate, 0),
            cell.replicates.total(replicate, 1),
        );
        if got != expected {
            off.push(format!(
                "replicate {replicate} of {rounds} rounds: totals {got:?}, Axelrod's first \
                 {rounds} rounds {expected:?}"
            ));
        }
        checked += 1;
    }
    (off, checked)
}

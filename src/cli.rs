//! The command line: arguments, subcommands, progress on a terminal, and exit codes.

use crate::chart::Overrides;
use crate::chart::spec::{DPI_RANGE, Format};
use crate::error::Error;
use crate::experiment::Experiment;
use crate::scenario::{MAX_REPLICATES, MAX_ROUNDS, Override};
use crate::sim::{self, Progress, RoundBin, RunOptions, Summary};
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "dilemma",
    version,
    about = "Parameterized iterated games: scenario files, parallel Monte Carlo, publication charts",
    long_about = "Parameterized iterated games: scenario files, parallel Monte Carlo, publication \
                  charts.\n\nExit codes: 0 success, 2 bad input (scenario or arguments), 1 a \
                  failure while running."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write tables, charts and a manifest.
    Run(RunArgs),
    /// Check scenario files without running them.
    Validate {
        /// Scenario files (TOML) to check.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Also print each valid scenario's parameters, evaluated payoff table and constraints.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Re-make the charts of a results folder from its files, without simulating.
    Plot(PlotArgs),
    /// List the strategy library with classifiers, optionally only those matching filters.
    Strategies(StrategiesArgs),
    /// Print a results folder's mean payoffs with 95% intervals as tables for a paper.
    Table(TableArgs),
    /// Rank strategies in a scenario's game: a round robin (`--strategies a,b,c`) or a
    /// bipartite tournament (`--strategies Japan=a,b --strategies Russia=c,d`), written like a
    /// run with tournament.csv, ranking.csv, scores.csv and equilibria.csv.
    #[command(mut_arg("out", |arg| arg.help(
        "Output folder [default: `output/NAME-compare`, NAME from the scenario]. Earlier dilemma \
         results there are replaced in one atomic step; a folder holding any other or edited \
         file is refused, and nothing in it is touched."
    )))]
    Compare(CompareArgs),
}

/// Arguments of `dilemma strategies`. Filters combine: every one given must hold.
#[derive(Debug, clap::Args)]
pub struct StrategiesArgs {
    /// Print the list as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only the stochastic strategies (`true`) or only the deterministic ones (`false`).
    #[arg(long, value_name = "true|false")]
    pub stochastic: Option<bool>,
    /// Only the strategies of this memory depth: a number of rounds, or `inf`.
    #[arg(long, value_name = "N|inf")]
    pub memory_depth: Option<String>,
    /// Only one family (the table's `family` column), e.g. `fsm`.
    #[arg(long)]
    pub family: Option<String>,
    /// Only the strategies that read the game's payoffs (`true`) or not (`false`).
    #[arg(long, value_name = "true|false")]
    pub uses_game: Option<bool>,
    /// Only the strategies that read the match length (`true`) or not (`false`).
    #[arg(long, value_name = "true|false")]
    pub uses_length: Option<bool>,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Strategies to compare: `a,b,c` is one population playing a round robin (the game must
    /// be symmetric); `PLAYER=a,b`, once per player, pits each player's list against the
    /// other's. Names are library strategies (`dilemma strategies`) or candidates the scenario
    /// defines.
    #[arg(long, value_name = "LIST", required = true)]
    pub strategies: Vec<String>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Output folder [default: `output/NAME`, NAME from the scenario]. Earlier dilemma results
    /// there are replaced in one atomic step; a folder holding any other or edited file is
    /// refused, and nothing in it is touched.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Master seed; overrides the scenario's `seed`. The same seed gives byte-identical tables.
    // Negative numbers are values here, so `--seed -1` says the value is wrong instead of
    // suggesting `-- -1`.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Replicates per cell, 1 to 1000000000; overrides the scenario's `replicates`.
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u64).range(1..=MAX_REPLICATES))]
    pub replicates: Option<u64>,
    /// Worker threads, 1 to 1024 [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u64).range(1..=MAX_THREADS as u64))]
    pub threads: Option<u64>,
    /// Rounds per row of rounds.csv: a number, or `auto` (every round while cells × players ×
    /// rounds stays within 1000000 rows, else equal bins that fit).
    #[arg(long, value_name = "N|auto", default_value = "auto", value_parser = parse_round_bin)]
    pub round_bin: RoundBin,
    /// Use VALUE for the scenario's parameter NAME instead of the file's (repeatable), as if the
    /// file said it; the manifest records each. E.g. `--set energy_dependence=0.5`.
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = Override::parse)]
    pub set: Vec<Override>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    /// A results folder written by `dilemma run`. Its charts are replaced in one atomic step,
    /// with the scenario's `[[charts]]` as the run recorded them.
    pub folder: PathBuf,
    /// Formats to write, comma-separated: svg, pdf, png [default: each chart's, else all three].
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_format)]
    pub format: Option<Vec<Format>>,
    /// Width of every chart with its unit: 3.5in (one journal column), 7in (two), 89mm, 252pt.
    #[arg(long, value_name = "LENGTH", value_parser = parse_width)]
    pub width: Option<f64>,
    /// PNG resolution in dots per inch, 50 to 1200 [default: each chart's, else 300].
    #[arg(long, value_name = "N", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(DPI_RANGE.0 as i64..=DPI_RANGE.1 as i64))]
    pub dpi: Option<u32>,
    /// Write SVG text as paths, so it looks the same where DejaVu Sans is not installed (the
    /// text can then no longer be selected or edited).
    #[arg(long)]
    pub outline_text: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

fn parse_format(text: &str) -> Result<Format, String> {
    Format::parse(text).ok_or_else(|| "expected svg, pdf or png".to_string())
}

fn parse_width(text: &str) -> Result<f64, String> {
    crate::chart::spec::parse_length(text)
}

#[derive(Debug, clap::Args)]
#[command(
    long_about = "Print a results folder's mean payoffs per round with 95% intervals as tables \
                  for a paper.\n\nTwo players get one table per player: the first player's \
                  candidates down the side, the second player's across the top, each entry the \
                  mean with its interval, e.g. `2.96 [2.91, 3.01]`; the highest mean in each \
                  column is bold. Other player counts get one table with a row per profile and a \
                  column per player. The folder must hold a finished run whose summary.csv is \
                  unedited since (manifest.json records its SHA-256)."
)]
pub struct TableArgs {
    /// A results folder written by `dilemma run` (e.g. `output/NAME`).
    pub results: PathBuf,
    /// Output format: a LaTeX fragment (booktabs), GitHub Markdown, or one wide CSV table
    /// (labels as in summary.csv, every digit kept).
    #[arg(long, value_enum, default_value_t = crate::table::Format::Markdown)]
    pub format: crate::table::Format,
    /// Decimal places for latex and markdown, 0 to 6 (csv keeps every digit).
    #[arg(long, value_name = "N", default_value_t = 2, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u8).range(0..=crate::table::MAX_DIGITS as i64))]
    pub digits: u8,
}

/// Most worker threads `--threads` accepts: far above any machine this runs on, and low enough
/// that starting them is instant.
pub const MAX_THREADS: usize = 1024;

/// `auto` or a whole number of rounds from 1 to the longest match the scenario allows.
fn parse_round_bin(text: &str) -> Result<RoundBin, String> {
    if text.eq_ignore_ascii_case("auto") {
        return Ok(RoundBin::Auto);
    }
    // The longest match a scenario may ask for is the widest useful bin.
    let limit = MAX_ROUNDS as u64;
    match text.parse::<u64>() {
        Ok(rounds) if (1..=limit).contains(&rounds) => Ok(RoundBin::Rounds(rounds)),
        _ => Err(format!(
            "expected `auto` or a number of rounds from 1 to {limit}"
        )),
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn execute(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Validate { scenarios, verbose } => validate(&scenarios, verbose),
        Command::Plot(args) => plot(&args),
        Command::Strategies(args) => strategies(&args),
        Command::Table(args) => table(&args),
        Command::Compare(args) => compare(&args),
    };
    match result {
        Ok(()) => 0,
        Err(error) => {
            report(&error);
            error.exit_code()
        }
    }
}

/// Prints an error to stderr, one `error: ` line per problem, never a raw control character.
fn report(error: &Error) {
    for line in error.lines() {
        eprintln!("error: {line}");
    }
}

/// Parses the command line. `--help` and `--version` print as usual and give `Err(0)`; any other
/// mistake prints one `error: ` line (escaped, with clap's tip and where to find help) and gives
/// `Err(2)`.
pub fn parse_arguments(args: &[OsString]) -> Result<Cli, i32> {
    let error = match Cli::try_parse_from(args) {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // Like clap's own exit: a reader that closed the pipe early just ends the output.
        let _ = error.print();
        return Err(0);
    }
    eprintln!(
        "error: {}",
        crate::text::one_line(&usage_error_line(&error, args))
    );
    Err(2)
}

/// clap's message for a bad command line, as one line. clap quotes the offending argument raw
/// (newlines, escape sequences, 100k characters), so the message is taken from parsing the
/// arguments again with each one escaped and capped: the same mistake, safely worded.
fn usage_error_line(error: &clap::Error, args: &[OsString]) -> String {
    let tame: Vec<String> = args
        .iter()
        .map(|arg| crate::text::echo(&arg.to_string_lossy()))
        .collect();
    // Help for the subcommand named, if one is: `dilemma run --help`.
    let command = tame
        .iter()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .filter(|name| {
            Cli::command()
                .get_subcommands()
                .any(|sub| sub.get_name() == name.as_str())
        })
        .map_or("dilemma".to_string(), |name| format!("dilemma {name}"));
    let see = format!("(see `{command} --help`)");
    let retried = Cli::try_parse_from(&tame).err();
    let Some(shown) = retried.filter(|again| again.kind() == error.kind()) else {
        return format!("invalid arguments: {} {see}", kind_words(error));
    };
    if shown.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return format!("missing a subcommand {see}");
    }
    let rendered = shown.render().to_string();
    let mut message = String::new();
    let mut tips = Vec::new();
    for paragraph in rendered.split("\n\n") {
        let joined = paragraph
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if joined.starts_with("tip:") {
            tips.push(joined);
        } else if message.is_empty() {
            message = joined
                .strip_prefix("error: ")
                .unwrap_or(&joined)
                .to_string();
        }
        // The rest (usage, "For more information") is what `--help` shows.
    }
    for tip in tips {
        message.push_str("; ");
        message.push_str(&tip);
    }
    format!("{message} {see}")
}

fn kind_words(error: &clap::Error) -> &'static str {
    error.kind().as_str().unwrap_or("not understood")
}

/// Loads, simulates and writes one scenario as `args` say.
pub fn run(args: &RunArgs) -> Result<(), Error> {
    let experiment = crate::scenario::load_with(&args.scenario, &args.set)?;
    let folder = Path::new("output").join(&experiment.name);
    run_loaded(experiment, args, folder)
}

/// `dilemma compare`: the scenario's game as a tournament of the strategies named.
pub fn compare(args: &CompareArgs) -> Result<(), Error> {
    let comparison = crate::scenario::Comparison::parse(&args.strategies).map_err(Error::Usage)?;
    let experiment =
        crate::scenario::load_comparing(&args.run.scenario, &args.run.set, Some(&comparison))?;
    let folder = Path::new("output").join(format!("{}-compare", experiment.name));
    run_loaded(experiment, &args.run, folder)
}

/// Runs a validated experiment as `args` say, writing to `--out` or else `default_folder`.
fn run_loaded(
    mut experiment: Experiment,
    args: &RunArgs,
    default_folder: PathBuf,
) -> Result<(), Error> {
    if let Some(seed) = args.seed {
        experiment.seed = seed;
    }
    if let Some(replicates) = args.replicates {
        // clap enforces the range; a caller building RunArgs by hand gets the same check.
        if !(1..=MAX_REPLICATES).contains(&replicates) {
            return Err(Error::Usage(format!(
                "--replicates must be between 1 and {MAX_REPLICATES}, found {replicates}"
            )));
        }
        experiment.replicates = replicates;
    }
    let threads = match args.threads {
        Some(threads) if threads == 0 || threads > MAX_THREADS as u64 => {
            return Err(Error::Usage(format!(
                "--threads must be between 1 and {MAX_THREADS}, found {threads}"
            )));
        }
        Some(threads) => threads as usize,
        None => std::thread::available_parallelism().map_or(1, usize::from),
    };
    let options = RunOptions {
        round_bin: args.round_bin,
        ..RunOptions::default()
    };
    let folder = args.out.clone().unwrap_or(default_folder);
    let folder = crate::export::prepare(&folder, &args.scenario)?;

    // Refuse before spending any time: a run that cannot fit fails now, not hours later.
    let estimate = sim::budget::estimate(&experiment, &options, threads);
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| sim::budget::parse_meminfo(&text));
    sim::budget::check(&estimate, &sim::budget::Limits::from_available(available))
        .map_err(Error::Usage)?;

    let summary = simulate(
        &experiment,
        &options,
        threads,
        !args.quiet && std::io::stderr().is_terminal(),
    )?;
    let tournament = crate::tournament::tabulate(&experiment, &summary);
    let evolution = match &tournament {
        Some(results) if experiment.evolution.is_some() => evolve(
            &experiment,
            results,
            threads,
            !args.quiet && std::io::stderr().is_terminal(),
        )?,
        _ => None,
    };
    let written =
        crate::export::write_all(&experiment, &summary, evolution.as_ref(), &folder, threads)?;
    let not_numbers = summary
        .cells
        .iter()
        .flat_map(|cell| &cell.players)
        .filter(|player| !player.mean_payoff.is_finite())
        .count();
    if not_numbers > 0 {
        // Only a formula that reads a state variable can do this: validation checks the rest.
        eprintln!(
            "warning: {not_numbers} mean payoffs are not numbers (left empty in summary.csv): a \
             payoff that reads a state variable became NaN or infinite during a match; bound \
             the [state] updates (min, max) or check the payoff formulas"
        );
    }
    if !args.quiet {
        let mut text = match &tournament {
            Some(results) => ranking_table(&experiment, results),
            None => results_table(&experiment, &summary),
        };
        if let Some(outcome) = &evolution {
            text.push_str(&fixation_table(outcome));
        }
        for note in &written.notes {
            text.push_str(&format!("note: {note}\n"));
        }
        text.push_str(&format!(
            "wrote {} files to {} (seed {}, {} replicates per cell)\n",
            written.files.len(),
            crate::text::escape_controls(&written.folder.display().to_string()),
            experiment.seed,
            experiment.replicates
        ));
        emit(&text)?;
    }
    Ok(())
}

/// Re-renders the charts of a results folder.
pub fn plot(args: &PlotArgs) -> Result<(), Error> {
    use crate::chart::spec::{MAX_PNG_SIDE, png_pixels};
    // Refused before anything is drawn: the widest default chart (7 in) at the dpi asked, or
    // the width asked at the default 300 dpi.
    let width = args.width.unwrap_or(504.0);
    let dpi = args.dpi.unwrap_or(crate::chart::render::DEFAULT_DPI);
    let wants_png = args
        .format
        .as_ref()
        .is_none_or(|formats| formats.contains(&Format::Png));
    if wants_png && png_pixels(width, dpi) > f64::from(MAX_PNG_SIDE) {
        return Err(Error::Usage(format!(
            "a PNG {:.2} in wide at {dpi} dpi would be {} px wide, more than {MAX_PNG_SIDE}; \
             lower --dpi or --width, or leave png out of --format",
            width / 72.0,
            png_pixels(width, dpi)
        )));
    }
    let overrides = Overrides {
        formats: args.format.clone().map(|mut formats| {
            formats.sort();
            formats.dedup();
            formats
        }),
        width_pt: args.width,
        dpi: args.dpi,
        outline_text: args.outline_text,
    };
    let written = crate::export::replot::replot(&args.folder, &overrides)?;
    if !args.quiet {
        let mut text = String::new();
        for note in &written.notes {
            text.push_str(&format!("note: {note}\n"));
        }
        let charts = written
            .files
            .iter()
            .filter(|name| Format::ALL.iter().any(|f| name.ends_with(f.extension())))
            .count();
        text.push_str(&format!(
            "wrote {charts} chart files to {}\n",
            crate::text::escape_controls(&written.folder.display().to_string())
        ));
        emit(&text)?;
    }
    Ok(())
}

/// Prints the tables of a results folder as `args` say.
pub fn table(args: &TableArgs) -> Result<(), Error> {
    let text = crate::table::render(&args.results, args.format, usize::from(args.digits))?;
    emit(&text)
}

/// Runs the Monte Carlo on a pool of `threads` workers.
pub fn simulate(
    experiment: &Experiment,
    options: &RunOptions,
    threads: usize,
    show_progress: bool,
) -> Result<Summary, Error> {
    let (pool, progress) = pool_and_bar(threads, show_progress, "replicates")?;
    Ok(pool.install(|| sim::run_with(experiment, options, &progress)))
}

/// A pool of `threads` workers and a progress bar counting `unit` (shown on a terminal only).
fn pool_and_bar(
    threads: usize,
    show_progress: bool,
    unit: &str,
) -> Result<(rayon::ThreadPool, BarProgress), Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Run(format!("cannot start {threads} worker threads: {e}")))?;
    let bar = show_progress.then(|| {
        let bar = indicatif::ProgressBar::new(0);
        let template = format!(
            "{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit} ({{eta}} left)"
        );
        bar.set_style(
            indicatif::ProgressStyle::with_template(&template)
                .expect("the progress template is valid"),
        );
        bar
    });
    Ok((pool, BarProgress(bar)))
}

/// Runs `[evolution]` on a pool of `threads` workers, with a bar over the Moran runs.
fn evolve(
    experiment: &Experiment,
    results: &crate::tournament::TournamentResults,
    threads: usize,
    show_progress: bool,
) -> Result<Option<crate::evolution::plan::Outcome>, Error> {
    let (pool, progress) = pool_and_bar(threads, show_progress, "Moran runs")?;
    pool.install(|| crate::evolution::plan::evolve(experiment, results, &progress))
        .map_err(|message| Error::Run(format!("[evolution]: {message}")))
}

/// The Moran process's fixation probabilities as the terminal shows them.
fn fixation_table(outcome: &crate::evolution::plan::Outcome) -> String {
    use crate::text::escape_controls;
    let moran = &outcome.moran;
    let settings = &moran.settings;
    let mut text = format!(
        "Moran process ({}, N = {}, w = {}, mutation {}): {} runs, {} unfixed\n",
        settings.update.name(),
        settings.population,
        settings.selection,
        settings.mutation,
        settings.runs,
        moran.unfixed
    );
    let width = moran
        .labels
        .iter()
        .map(|label| escape_controls(label).chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    text.push_str(&format!(
        "{:<width$}  {:>7}  {:>9}  95% CI              {:>9}\n",
        "strategy", "initial", "fixation", "exact"
    ));
    for ((label, outcome), initial) in moran
        .labels
        .iter()
        .zip(&moran.strategies)
        .zip(&settings.initial)
    {
        text.push_str(&format!(
            "{:<width$}  {:>7}  {:>9.4}  [{:.4}, {:.4}]  {:>9}\n",
            escape_controls(label),
            initial,
            outcome.probability,
            outcome.ci95.0,
            outcome.ci95.1,
            outcome
                .exact
                .map_or_else(|| "—".to_string(), |exact| format!("{exact:.4}")),
        ));
    }
    text
}

struct BarProgress(Option<indicatif::ProgressBar>);

impl Progress for BarProgress {
    fn begin(&self, total_replicates: u64) {
        if let Some(bar) = &self.0 {
            bar.set_length(total_replicates);
        }
    }
    fn advance(&self, replicates: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(replicates);
        }
    }
    fn end(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Writes to standard output. A reader that closes the pipe early (`dilemma strategies | head`)
/// simply ends the output: Rust's `println!` would panic there.
fn emit(text: &str) -> Result<(), Error> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Run(format!(
            "cannot write to standard output: {error}"
        ))),
        _ => Ok(()),
    }
}

fn results_table(experiment: &Experiment, summary: &Summary) -> String {
    let width = experiment
        .cells
        .iter()
        .map(|cell| {
            crate::text::escape_controls(&experiment.profile_label(cell))
                .chars()
                .count()
        })
        .max()
        .unwrap_or(7)
        .max(7);
    // A sweep's parameter values lead each row, as in summary.csv.
    let swept = crate::export::tables::swept_names(experiment);
    let point_width: Vec<usize> = swept
        .iter()
        .map(|name| name.chars().count().max(8))
        .collect();
    let mut text = String::new();
    for (name, width) in swept.iter().zip(&point_width) {
        text.push_str(&format!("{:<width$}  ", crate::text::escape_controls(name)));
    }
    text.push_str(&format!(
        "{:<width$}  {:<12} {:>10}  95% CI\n",
        "profile", "player", "payoff"
    ));
    for (cell, results) in experiment.cells.iter().zip(&summary.cells) {
        // Labels and names are the user's text: escaped so they cannot drive the terminal.
        let profile = crate::text::escape_controls(&experiment.profile_label(cell));
        let point: String = experiment
            .swept_values(cell.point)
            .zip(&point_width)
            .map(|(value, width)| format!("{:<width$}  ", crate::text::number(value)))
            .collect();
        for (player, stats) in results.players.iter().enumerate() {
            text.push_str(&format!(
                "{point}{:<width$}  {:<12} {:>10.4}  [{:.4}, {:.4}]\n",
                profile,
                crate::text::escape_controls(&experiment.game.players[player]),
                stats.mean_payoff,
                stats.ci95_low,
                stats.ci95_high
            ));
        }
    }
    text
}

/// A tournament's rankings as the terminal shows them: per side, best first.
fn ranking_table(
    experiment: &Experiment,
    results: &crate::tournament::TournamentResults,
) -> String {
    use crate::text::escape_controls;
    let mut text = String::new();
    for side in &results.sides {
        let ranked = crate::tournament::ranking::rank(side);
        let width = side
            .strategies
            .iter()
            .map(|label| escape_controls(label).chars().count())
            .max()
            .unwrap_or(8)
            .max(8);
        let heading = match side.player {
            Some(player) => format!(
                "{}'s candidates against {}'s",
                escape_controls(&experiment.game.players[player]),
                escape_controls(&experiment.game.players[1 - player])
            ),
            None => format!(
                "round robin of {} strategies, {} repetitions",
                side.strategies.len(),
                results.repetitions
            ),
        };
        text.push_str(&format!("{heading}\n"));
        text.push_str(&format!(
            "{:>4}  {:<width$}  {:>8}  {:>8}  95% CI of the mean     {:>6}  {:>6}\n",
            "rank", "strategy", "median", "mean", "wins", "coop"
        ));
        for entry in ranked {
            text.push_str(&format!(
                "{:>4}  {:<width$}  {:>8.4}  {:>8.4}  [{:.4}, {:.4}]  {:>6}  {:>6.3}\n",
                entry.rank,
                escape_controls(&side.strategies[entry.strategy]),
                entry.median,
                entry.score.mean,
                entry.score.ci95_low,
                entry.score.ci95_high,
                entry.wins,
                entry.cooperation
            ));
        }
    }
    text
}

/// Checks every file, reporting each error in order; the last one is returned for the exit code.
fn validate(scenarios: &[PathBuf], verbose: bool) -> Result<(), Error> {
    let mut failure = None;
    for path in scenarios {
        match crate::scenario::load(path) {
            Ok(experiment) => {
                let points = experiment.points.len().max(1);
                let size = if points > 1 {
                    format!(
                        "{} profiles at each of {points} sweep points, {} cells",
                        experiment.cells.len() / points,
                        experiment.cells.len()
                    )
                } else {
                    format!("{} profiles", experiment.cells.len())
                };
                let mut text = format!(
                    "ok: {} ({} players, {size})\n",
                    crate::text::escape_controls(&path.display().to_string()),
                    experiment.game.player_count(),
                );
                if verbose {
                    text.push_str(&describe(&experiment));
                }
                emit(&text)?;
            }
            Err(error) => {
                if let Some(earlier) = failure.replace(Error::from(error)) {
                    report(&earlier);
                }
            }
        }
    }
    failure.map_or(Ok(()), Err)
}

/// What `validate --verbose` adds: the game as a run will play it.
fn describe(experiment: &Experiment) -> String {
    use crate::text::{echo, number};
    let mut text = String::new();
    if !experiment.parameter_names.is_empty() {
        let parameters: Vec<String> = experiment
            .parameter_names
            .iter()
            .zip(&experiment.parameter_values)
            .enumerate()
            .map(|(slot, (name, value))| {
                // A schedule shows its value in round 1 and says that it moves.
                let changes = experiment.game.dynamics.slot_level(slot)
                    != crate::game::dynamics::Level::Fixed;
                if changes {
                    format!(
                        "{} = {} (in round 1; it changes during the match)",
                        echo(name),
                        crate::text::rounded(*value)
                    )
                } else {
                    format!("{} = {}", echo(name), number(*value))
                }
            })
            .collect();
        text.push_str(&format!("  parameters: {}\n", parameters.join(", ")));
    }
    if !experiment.swept.is_empty() {
        let axes: Vec<String> = crate::export::tables::swept_names(experiment)
            .iter()
            .zip(&experiment.swept)
            .map(|(name, &index)| {
                let shown: Vec<String> = experiment
                    .swept_axis(index)
                    .iter()
                    .map(|v| number(*v))
                    .collect();
                format!("{} = [{}]", echo(name), shown.join(", "))
            })
            .collect();
        text.push_str(&format!(
            "  sweep: {}; the game below is at the first point\n",
            axes.join("; ")
        ));
    }
    let evaluated = crate::game::evaluated::EvaluatedGame::new(
        &experiment.game,
        experiment
            .points
            .first()
            .unwrap_or(&experiment.parameter_values),
    );
    text.push_str(&evaluated.to_text(&experiment.game.players));
    text.push_str(&charts_text(experiment));
    text
}

/// The chart files a run of the scenario draws (each as SVG, PDF and PNG unless `formats`
/// says otherwise), and the sweep point a one-point chart shows.
fn charts_text(experiment: &Experiment) -> String {
    use crate::chart::spec::{ChartKind, player_stem};
    if experiment.charts.is_empty() {
        return "  charts: the default figures (see README, Charts)\n".to_string();
    }
    let mut lines = String::from("  charts:\n");
    for spec in &experiment.charts {
        let stem = crate::chart::stem(spec);
        let kind = spec.kind.unwrap_or(ChartKind::Payoffs);
        let files = if kind.spans_sweep() {
            let players = spec
                .players
                .clone()
                .unwrap_or_else(|| experiment.game.players.clone());
            players
                .iter()
                .map(|player| player_stem(&stem, player))
                .collect::<Vec<_>>()
                .join(", ")
        } else {
            stem
        };
        let at = spec
            .point
            .as_ref()
            .map(|point| {
                let values: Vec<String> = point
                    .iter()
                    .map(|(name, value)| {
                        format!(
                            "{} = {}",
                            crate::text::echo(name),
                            crate::text::number(*value)
                        )
                    })
                    .collect();
                format!(" at {}", values.join(", "))
            })
            .unwrap_or_default();
        lines.push_str(&format!(
            "    {files}: {}{}{at}\n",
            kind.name(),
            spec.metric
                .as_deref()
                .map(|metric| format!(" of {metric}"))
                .unwrap_or_default()
        ));
    }
    lines
}

/// `dilemma strategies`: the library, or the part of it the filters admit.
fn strategies(args: &StrategiesArgs) -> Result<(), Error> {
    use crate::strategy::catalogue::{self, Filter};
    let filter = Filter {
        stochastic: args.stochastic,
        memory_depth: args
            .memory_depth
            .as_deref()
            .map(Filter::memory_depth_from)
            .transpose()
            .map_err(Error::Usage)?,
        family: args
            .family
            .as_deref()
            .map(Filter::family_named)
            .transpose()
            .map_err(Error::Usage)?,
        uses_game: args.uses_game,
        uses_length: args.uses_length,
    };
    if args.json {
        emit(&catalogue::json(&filter))
    } else {
        emit(&catalogue::markdown_table(&filter))
    }
}

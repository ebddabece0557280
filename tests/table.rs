//! `dilemma table`: tables for papers from a real run's results folder. Golden files hold the
//! expected output for a small fixed-seed run; the best entries are checked against summary.csv
//! independently; every refusal is one `error:` line with exit code 2; hostile names come out
//! inert.

mod common;

use common::{STANDARD_PAYOFFS, dilemma, text};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/table")
        .join(name)
}

/// Runs `scenario` into `dir/results` and returns that folder.
fn run_into(dir: &Path, scenario: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("results");
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend(extra);
    let output = dilemma(&args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    out
}

/// Writes `toml` as a scenario in `dir`, runs it, and returns the results folder.
fn run_text(dir: &Path, toml: &str) -> PathBuf {
    let scenario = dir.join("scenario.toml");
    std::fs::write(&scenario, toml).unwrap();
    run_into(dir, &scenario, &[])
}

fn table(folder: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["table", folder.to_str().unwrap()];
    args.extend(extra);
    dilemma(&args)
}

/// The table's standard output, asserting success.
fn table_ok(folder: &Path, extra: &[&str]) -> String {
    let output = table(folder, extra);
    assert!(
        output.status.success(),
        "`dilemma table {extra:?}` failed: {}",
        text(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    String::from_utf8(output.stdout).expect("tables are UTF-8")
}

/// Asserts a refusal: exit code 2, nothing on stdout, one `error:` line that contains `needle`.
fn assert_refused(output: &Output, needle: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "{}", text(&output.stdout));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(needle), "`{needle}` not in {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// summary.csv as (cell, player) → (profile, strategy, mean), read with the csv crate.
struct Summary {
    players: Vec<String>,
    rows: Vec<SummaryRow>,
}

#[derive(Debug, Clone)]
struct SummaryRow {
    cell: String,
    profile: String,
    player: String,
    strategy: String,
    mean: String,
    low: String,
    high: String,
}

fn read_summary(folder: &Path) -> Summary {
    let mut reader = csv::Reader::from_path(folder.join("summary.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<SummaryRow> = reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let get = |name: &str| record[at(name)].to_string();
            SummaryRow {
                cell: get("cell"),
                profile: get("profile"),
                player: get("player"),
                strategy: get("strategy"),
                mean: get("mean_payoff"),
                low: get("ci95_low"),
                high: get("ci95_high"),
            }
        })
        .collect();
    let mut players: Vec<String> = Vec::new();
    for row in &rows {
        if !players.contains(&row.player) {
            players.push(row.player.clone());
        }
    }
    Summary { players, rows }
}

/// Replaces summary.csv with `contents` and records its new size and hash in the manifest, as a
/// run would have: the folder stays consistent, so only the table's own checks can refuse it.
fn reseal(folder: &Path, contents: &str) {
    std::fs::write(folder.join("summary.csv"), contents).unwrap();
    let path = folder.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for entry in manifest["files"].as_array_mut().unwrap() {
        if entry["name"] == "summary.csv" {
            entry["bytes"] = contents.len().into();
            entry["sha256"] = dilemma::rng::hex(&Sha256::digest(contents.as_bytes())).into();
        }
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap()).unwrap();
}

/// Rewrites summary.csv record by record (header included) through `edit`, which may drop a
/// record by returning false, then reseals the folder.
fn rewrite_summary(folder: &Path, mut edit: impl FnMut(&mut Vec<String>) -> bool) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(folder.join("summary.csv"))
        .unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in reader.records() {
        let mut fields: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if edit(&mut fields) {
            writer.write_record(&fields).unwrap();
        }
    }
    reseal(
        folder,
        &String::from_utf8(writer.into_inner().unwrap()).unwrap(),
    );
}

/// The Markdown tables as (rows of cells) per table, header row first, alignment row dropped.
fn markdown_tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    markdown
        .split("### ")
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            part.lines()
                .filter(|line| line.starts_with('|') && !line.starts_with("| ---"))
                .map(|line| {
                    // Cells split on `|` not preceded by a backslash.
                    let mut cells = Vec::new();
                    let mut cell = String::new();
                    let mut escaped = false;
                    for c in line.chars() {
                        if c == '|' && !escaped {
                            cells.push(cell.trim().to_string());
                            cell.clear();
                        } else {
                            cell.push(c);
                        }
                        escaped = c == '\\' && !escaped;
                    }
                    // Drop what is outside the outer pipes.
                    cells.remove(0);
                    cells
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_real_run_gives_the_golden_tables() {
    let scratch = tempfile::tempdir().unwrap();
    let results = run_into(scratch.path(), &fixture("scenario.toml"), &[]);
    for (flags, golden) in [
        (&["--format", "latex"][..], "expected.tex"),
        (&["--format", "markdown"][..], "expected.md"),
        (&[][..], "expected.md"),
        (&["--format", "csv"][..], "expected.csv"),
        (&["--format", "latex", "--digits", "2"][..], "expected.tex"),
    ] {
        let expected = std::fs::read_to_string(fixture(golden)).unwrap();
        assert_eq!(table_ok(&results, flags), expected, "{flags:?}");
    }
}

#[test]
fn the_wide_csv_holds_summary_numbers_exactly() {
    let scratch = tempfile::tempdir().unwrap();
    let results = run_into(scratch.path(), &fixture("scenario.toml"), &[]);
    let summary = read_summary(&results);
    let printed = table_ok(&results, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(printed.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[..2], ["player", "Row"]);
    let mut checked = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let (player, row_strategy) = (&record[0], &record[1]);
        for (i, header) in headers.iter().enumerate().skip(2) {
            let (column_strategy, statistic) = header.rsplit_once(' ').unwrap();
            let source = summary
                .rows
                .iter()
                .find(|r| {
                    r.player == player
                        && r.profile == format!("{row_strategy} vs {column_strategy}")
                })
                .expect("every grid entry comes from summary.csv");
            let expected = match statistic {
                "mean" => &source.mean,
                "ci95_low" => &source.low,
                "ci95_high" => &source.high,
                other => panic!("unexpected column {other}"),
            };
            assert_eq!(
                &record[i],
                expected.as_str(),
                "{player} {row_strategy} {header}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, summary.rows.len() * 3);
}

/// The classic scenario: six candidates a side, deterministic pairs with exact ties.
#[test]
fn the_bold_entries_are_each_columns_highest_mean() {
    let scratch = tempfile::tempdir().unwrap();
    let classic = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/classic_ipd.toml");
    let results = run_into(scratch.path(), &classic, &["--replicates", "20"]);
    let summary = read_summary(&results);
    let (first, second) = (&summary.players[0], &summary.players[1]);
    // (row strategy, column strategy, payoff to) → mean, from summary.csv.
    let mut mean: HashMap<(String, String, String), f64> = HashMap::new();
    let mut by_cell: HashMap<String, Vec<&SummaryRow>> = HashMap::new();
    for row in &summary.rows {
        by_cell.entry(row.cell.clone()).or_default().push(row);
    }
    for rows in by_cell.values() {
        let of = |player: &str| rows.iter().find(|r| r.player == player).unwrap();
        let (down, across) = (&of(first).strategy, &of(second).strategy);
        for row in rows {
            mean.insert(
                (down.clone(), across.clone(), row.player.clone()),
                row.mean.parse().unwrap(),
            );
        }
    }
    let mut candidates: Vec<String> = Vec::new();
    for row in summary.rows.iter().filter(|r| r.player == *first) {
        if !candidates.contains(&row.strategy) {
            candidates.push(row.strategy.clone());
        }
    }
    let tables = markdown_tables(&table_ok(&results, &[]));
    assert_eq!(tables.len(), 2);
    let mut ties = 0;
    for (table, payoff_to) in tables.iter().zip([first, second]) {
        assert_eq!(table.len(), 1 + candidates.len());
        for (c, across) in candidates.iter().enumerate() {
            let column: Vec<f64> = candidates
                .iter()
                .map(|down| mean[&(down.clone(), across.clone(), payoff_to.clone())])
                .collect();
            let highest = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let expected: Vec<bool> = column.iter().map(|m| *m == highest).collect();
            let bold: Vec<bool> = table[1..]
                .iter()
                .map(|row| row[c + 1].starts_with("**") && row[c + 1].ends_with("**"))
                .collect();
            assert_eq!(bold, expected, "{payoff_to}'s payoff, column {across}");
            ties += usize::from(expected.iter().filter(|b| **b).count() > 1);
        }
    }
    assert!(ties > 0, "the classic scenario has tied columns to check");
    // LaTeX marks the same entries.
    let latex = table_ok(&results, &["--format", "latex"]);
    let bold_md: usize = tables
        .iter()
        .flatten()
        .flatten()
        .filter(|c| c.starts_with("**"))
        .count();
    assert_eq!(latex.matches("\\textbf{").count(), bold_md);
}

#[test]
fn digits_round_every_number() {
    let scratch = tempfile::tempdir().unwrap();
    let results = run_into(scratch.path(), &fixture("scenario.toml"), &[]);
    let summary = read_summary(&results);
    for digits in [0usize, 4, 6] {
        let tables = markdown_tables(&table_ok(&results, &["--digits", &digits.to_string()]));
        let entries: Vec<&String> = tables
            .iter()
            .flat_map(|table| table[1..].iter().flat_map(|row| &row[1..]))
            .collect();
        assert_eq!(entries.len(), summary.rows.len());
        for entry in entries {
            let numbers: Vec<&str> = entry
                .trim_matches('*')
                .split([' ', '[', ']', ','])
                .filter(|piece| !piece.is_empty())
                .collect();
            assert_eq!(numbers.len(), 3, "{entry}");
            for number in numbers {
                let decimals = number.split_once('.').map_or(0, |(_, d)| d.len());
                assert_eq!(decimals, digits, "{entry}");
                let value: f64 = number.parse().unwrap();
                // Each shown number is some summary number rounded.
                let near = summary.rows.iter().any(|r| {
                    [&r.mean, &r.low, &r.high].iter().any(|t| {
                        (t.parse::<f64>().unwrap() - value).abs()
                            <= 0.5 * 10f64.powi(-(digits as i32)) + 1e-12
                    })
                });
                assert!(
                    near,
                    "{number} is no summary number rounded to {digits} places"
                );
            }
        }
    }
    for bad in ["7", "-1", "two"] {
        assert_refused(&table(&results, &["--digits", bad]), "--digits");
    }
    assert_refused(&table(&results, &["--format", "pdf"]), "--format");
}

#[test]
fn one_replicate_shows_the_mean_alone() {
    let scratch = tempfile::tempdir().unwrap();
    let results = run_into(
        scratch.path(),
        &fixture("scenario.toml"),
        &["--replicates", "1"],
    );
    let summary = read_summary(&results);
    assert!(
        summary.rows.iter().all(|r| r.low.is_empty()),
        "no CI with one replicate"
    );
    let tables = markdown_tables(&table_ok(&results, &[]));
    for row in tables.iter().flat_map(|table| &table[1..]) {
        for entry in &row[1..] {
            let bare = entry.trim_matches('*');
            assert!(bare.parse::<f64>().is_ok(), "{entry}");
        }
    }
    let csv = table_ok(&results, &["--format", "csv"]);
    assert!(csv.lines().nth(1).unwrap().ends_with(",,"), "{csv}");
}

#[test]
fn missing_profiles_are_empty_and_undefined_means_read_n_a() {
    let scratch = tempfile::tempdir().unwrap();
    let results = run_into(scratch.path(), &fixture("scenario.toml"), &[]);
    // Drop cell 1 (tit_for_tat vs always_defect); make cell 3's Row mean undefined.
    rewrite_summary(&results, |fields| {
        if fields[0] == "3" && fields[2] == "Row" {
            fields[5].clear();
        }
        fields[0] != "1"
    });
    let tables = markdown_tables(&table_ok(&results, &[]));
    // Row's table: TFT row, ALLD column was not run; ALLD row, ALLD column is undefined.
    assert_eq!(tables[0][1][2], "");
    assert_eq!(tables[0][2][2], "n/a");
    assert_eq!(tables[1][1][2], "");
    // Column's table keeps cell 3's Column entry, now the column's only one: bold.
    assert_eq!(tables[1][2][2], "**0.13 [0.01, 0.25]**");
}

#[test]
fn three_players_get_one_long_table() {
    let scratch = tempfile::tempdir().unwrap();
    let results = run_text(
        scratch.path(),
        r#"
[scenario]
name = "three"
title = "Three players"
seed = 3
replicates = 10
[game]
players = ["A", "B", "C"]
rounds = 10
noise = 0.1
[game.payoffs]
"C,C,C" = [3, 3, 3]
"C,C,D" = [1, 1, 4]
"C,D,C" = [1, 4, 1]
"C,D,D" = [-1, 2, 2]
"D,C,C" = [4, 1, 1]
"D,C,D" = [2, -1, 2]
"D,D,C" = [2, 2, -1]
"D,D,D" = [0, 0, 0]
[strategies]
A = ["tit_for_tat", "always_defect"]
B = ["always_cooperate"]
C = ["tit_for_tat", { kind = "always_defect", name = "Hard line" }]
"#,
    );
    let summary = read_summary(&results);
    let markdown = table_ok(&results, &[]);
    assert!(
        markdown
            .starts_with("### Payoff per round to each player, mean [95% CI] (Three players)\n")
    );
    let tables = markdown_tables(&markdown);
    assert_eq!(tables.len(), 1);
    let table = &tables[0];
    assert_eq!(table[0], ["Profile", "A", "B", "C"]);
    assert_eq!(table.len(), 1 + 4);
    assert_eq!(
        table[1][0],
        "Tit for tat vs Always cooperate vs Tit for tat"
    );
    assert_eq!(
        table[4][0],
        "Always defect vs Always cooperate vs Hard line"
    );
    // Bold: each player's highest mean, from summary.csv.
    for (p, player) in summary.players.iter().enumerate() {
        let means: Vec<f64> = summary
            .rows
            .iter()
            .filter(|r| r.player == *player)
            .map(|r| r.mean.parse().unwrap())
            .collect();
        let highest = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for (row, mean) in table[1..].iter().zip(&means) {
            assert_eq!(row[p + 1].starts_with("**"), *mean == highest, "{player}");
        }
    }
    let latex = table_ok(&results, &["--format", "latex"]);
    assert!(
        latex.contains("\\begin{tabular}{l rrr}\n\\toprule\nProfile & A & B & C \\\\\n\\midrule\n"),
        "{latex}"
    );
    let csv = table_ok(&results, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "profile",
            "A mean",
            "A ci95_low",
            "A ci95_high",
            "B mean",
            "B ci95_low",
            "B ci95_high",
            "C mean",
            "C ci95_low",
            "C ci95_high"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // One line per profile, each summary.csv's three rows (one per player); `zip` alone would
    // stop quietly at the shorter.
    assert!(!records.is_empty());
    assert_eq!(records.len() * 3, summary.rows.len());
    for (record, cell) in records.iter().zip(summary.rows.chunks(3)) {
        assert_eq!(&record[0], cell[0].profile);
        for (p, row) in cell.iter().enumerate() {
            assert_eq!(&record[1 + 3 * p], row.mean);
            assert_eq!(&record[3 + 3 * p], row.high);
        }
    }
}

#[test]
fn folders_that_are_not_finished_unedited_runs_are_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let results = run_into(scratch.path(), &fixture("scenario.toml"), &[]);
    let fresh = |name: &str| {
        let copy = scratch.path().join(name);
        std::fs::create_dir(&copy).unwrap();
        for entry in std::fs::read_dir(&results).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, copy.join(path.file_name().unwrap())).unwrap();
        }
        copy
    };
    assert_refused(
        &table(&scratch.path().join("nowhere"), &[]),
        "no such results folder",
    );
    assert_refused(&table(&results.join("summary.csv"), &[]), "is not a folder");

    let empty = scratch.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_refused(&table(&empty, &[]), "has no manifest.json");

    let garbled = fresh("garbled");
    std::fs::write(garbled.join("manifest.json"), "{ not json").unwrap();
    assert_refused(&table(&garbled, &[]), "is not a dilemma manifest");

    let foreign = fresh("foreign");
    let manifest = std::fs::read_to_string(foreign.join("manifest.json")).unwrap();
    std::fs::write(
        foreign.join("manifest.json"),
        manifest.replace("\"engine\": \"dilemma\"", "\"engine\": \"other\""),
    )
    .unwrap();
    assert_refused(&table(&foreign, &[]), "is not a dilemma manifest");

    let unfinished = fresh("unfinished");
    let manifest = std::fs::read_to_string(unfinished.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"complete\": true"));
    std::fs::write(
        unfinished.join("manifest.json"),
        manifest.replace("\"complete\": true", "\"complete\": false"),
    )
    .unwrap();
    assert_refused(&table(&unfinished, &[]), "did not finish");

    let unlisted = fresh("unlisted");
    let path = unlisted.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    manifest["files"]
        .as_array_mut()
        .unwrap()
        .retain(|entry| entry["name"] != "summary.csv");
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    assert_refused(&table(&unlisted, &[]), "does not list summary.csv");

    let missing = fresh("missing");
    std::fs::remove_file(missing.join("summary.csv")).unwrap();
    assert_refused(&table(&missing, &[]), "summary.csv is missing");

    // Edited in place: one digit changed, same size; and a row appended.
    let same_size = fresh("same_size");
    let summary = std::fs::read_to_string(same_size.join("summary.csv")).unwrap();
    let edited = summary.replacen("2.485", "2.985", 1);
    assert_eq!(edited.len(), summary.len());
    assert_ne!(edited, summary);
    std::fs::write(same_size.join("summary.csv"), edited).unwrap();
    assert_refused(&table(&same_size, &[]), "was edited since the run");
    let longer = fresh("longer");
    std::fs::write(
        longer.join("summary.csv"),
        summary.clone() + "9,x,Row,x,1,1,0,,,1,0,0\n",
    )
    .unwrap();
    assert_refused(&table(&longer, &[]), "was edited since the run");

    // Malformed, but recorded as the run's own file: the CSV reader's complaint, with the file.
    let ragged = fresh("ragged");
    reseal(&ragged, &(summary.clone() + "9,x,Row\n"));
    assert_refused(&table(&ragged, &[]), "summary.csv is malformed");
    let wordy = fresh("wordy");
    reseal(&wordy, &summary.replacen("2.485", "lots", 1));
    assert_refused(
        &table(&wordy, &[]),
        "summary.csv is malformed: line 3: `mean_payoff` is not a number",
    );
    let headless = fresh("headless");
    reseal(&headless, "cell,profile\n0,a\n");
    assert_refused(
        &table(&headless, &[]),
        "summary.csv is malformed: it has no `player` column",
    );

    #[cfg(unix)]
    {
        // A FIFO where summary.csv should be is refused without blocking on it.
        let fifo = fresh("fifo");
        let path = fifo.join("summary.csv");
        std::fs::remove_file(&path).unwrap();
        let c_path = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo reads a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        assert_refused(&table(&fifo, &[]), "is not a regular file");
    }
}

/// A strategy name that is LaTeX code, a player and title full of specials, a 10 000-character
/// name, and (in a resealed folder) control characters: all come out as inert text.
#[test]
fn hostile_names_come_out_escaped() {
    let scratch = tempfile::tempdir().unwrap();
    let long_name = "w".repeat(10_000);
    let scenario = format!(
        r#"
[scenario]
name = "hostile"
title = "50% & more: $x_1$ {{#2}} ~^ \\input{{t}}"
replicates = 3
[game]
players = ["Row|1", "Col"]
rounds = 5
{STANDARD_PAYOFFS}
[strategies]
"Row|1" = [{{ kind = "always_cooperate", name = "a & b_{{x}} \\input{{y}} %" }}, "always_defect"]
Col = [{{ kind = "always_cooperate", name = "[opt] *star* --dash <x>" }}, {{ kind = "always_defect", name = "{long_name}" }}]
"#
    );
    let path = scratch.path().join("hostile.toml");
    std::fs::write(&path, &scenario).unwrap();
    let validated = dilemma(&["validate", path.to_str().unwrap()]);
    assert!(validated.status.success(), "{}", text(&validated.stderr));
    let results = run_into(scratch.path(), &path, &[]);

    let latex = table_ok(&results, &["--format", "latex"]);
    assert!(
        latex.contains(r"a \& b\_\{x\} \textbackslash{}input\{y\} \%"),
        "{latex}"
    );
    assert!(latex.contains(r"{[}opt{]} {*}star{*} -{}-dash \textless{}x\textgreater{}"));
    assert!(latex.contains(&long_name));
    assert_inert_latex(&latex);

    let markdown = table_ok(&results, &[]);
    assert!(markdown.contains(r"Row\|1 \\ Col"), "{markdown}");
    for table in markdown_tables(&markdown) {
        for row in &table {
            assert_eq!(row.len(), 3, "a name split a cell: {row:?}");
        }
        assert_eq!(table[1][0], r"a \& b\_{x} \\input{y} %");
    }

    let csv = table_ok(&results, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[1], "Row|1");
    assert_eq!(&headers[2], "[opt] *star* --dash <x> mean");
    assert_eq!(headers[5], format!("{long_name} mean"));
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[1], r"a & b_{x} \input{y} %");

    // Control characters cannot come from a scenario (validation rejects them), but a results
    // folder can be made by hand: they are shown as escapes, never written raw.
    let evil = "evil\n\\end{tabular}\u{1b}[2J\u{7}";
    rewrite_summary(&results, |fields| {
        for field in fields.iter_mut() {
            *field = field.replace("always_defect", evil);
        }
        true
    });
    // The title is the manifest's own record, not hashed: a line break there must not end the
    // comment line either.
    let path = results.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    manifest["scenario"]["title"] = "T\n\\input{x}\r\\input{z}".into();
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    for format in ["latex", "markdown", "csv"] {
        let printed = table_ok(&results, &["--format", format]);
        if format == "csv" {
            // CSV quotes the field and keeps it exactly, as summary.csv does.
            let mut reader = csv::Reader::from_reader(printed.as_bytes());
            let labels: Vec<String> = reader
                .records()
                .map(|r| r.unwrap()[1].to_string())
                .collect();
            assert!(labels.iter().any(|label| label == evil), "{labels:?}");
            continue;
        }
        assert!(
            !printed.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {printed:?}"
        );
        assert!(!printed.contains("evil\n"), "{format}");
        if format == "latex" {
            assert_inert_latex(&printed);
            assert_eq!(printed.matches("\\end{tabular}").count(), 2);
        }
    }
}

/// Outside `%` comment lines, LaTeX text holds only the commands a table uses and escaped
/// specials: no `\input`, no unescaped `%`, `&` only between cells, braces balanced.
fn assert_inert_latex(latex: &str) {
    const COMMANDS: [&str; 14] = [
        "begin",
        "end",
        "toprule",
        "midrule",
        "bottomrule",
        "cmidrule",
        "multicolumn",
        "textbf",
        "textbackslash",
        "textasciitilde",
        "textasciicircum",
        "textless",
        "textgreater",
        "textbar",
    ];
    for line in latex.lines().filter(|line| !line.starts_with('%')) {
        let mut chars = line.chars().peekable();
        let mut depth = 0i64;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let next = chars.peek().copied();
                    // An escaped special, or `\\` ending a row.
                    if let Some('&' | '%' | '$' | '#' | '_' | '{' | '}' | '\\') = next {
                        chars.next();
                        continue;
                    }
                    let mut name = String::new();
                    while let Some(c) = chars.peek().filter(|c| c.is_ascii_alphabetic()) {
                        name.push(*c);
                        chars.next();
                    }
                    assert!(COMMANDS.contains(&name.as_str()), "\\{name} in {line}");
                }
                '%' => panic!("an unescaped % comments out the rest of: {line}"),
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    assert!(depth >= 0, "unbalanced braces: {line}");
                }
                '^' | '~' | '#' | '_' => panic!("unescaped {c} in {line}"),
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unbalanced braces: {line}");
    }
}

/// The fragment compiles with pdflatex inside a minimal document (skipped without pdflatex,
/// except under `CI=true`, where its absence fails).
#[test]
fn the_latex_fragment_compiles() {
    let Some(pdflatex) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("pdflatex"))
            .find(|path| path.is_file())
    }) else {
        common::missing_prerequisite(
            "the LaTeX test",
            "pdflatex is not on PATH (Debian: texlive-latex-base and, for booktabs, \
             texlive-latex-recommended)",
        );
        return;
    };
    let scratch = tempfile::tempdir().unwrap();
    let results = run_into(scratch.path(), &fixture("scenario.toml"), &[]);
    let fragment = table_ok(&results, &["--format", "latex"]);
    let document = format!(
        "\\documentclass{{article}}\n\\usepackage{{booktabs}}\n\\begin{{document}}\n{fragment}\n\\end{{document}}\n"
    );
    std::fs::write(scratch.path().join("paper.tex"), document).unwrap();
    let output = std::process::Command::new(pdflatex)
        .args(["-interaction=nonstopmode", "-halt-on-error", "paper.tex"])
        .current_dir(scratch.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stdout));
    assert!(scratch.path().join("paper.pdf").is_file());
}

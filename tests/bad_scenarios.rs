//! The corpus of malformed scenarios in `tests/bad_scenarios/`: every file must be rejected by
//! `dilemma validate` and `dilemma run` as the error contract says.
//!
//! Each file opens with one line per mistake it holds, in file order:
//! `# expect: line=<L> [col=<C>] field=<F> message=<fragment> [suggest=<name>]`.
//! `field=*` accepts any field (or none); without `col` the column is not checked; without
//! `suggest` no `(did you mean …?)` may appear; `line=none` expects an error without a
//! position (`error: <path>: …`). Adding a file adds a case.
//!
//! For every file and both commands the contract is: exit code 2, no panic, exactly one
//! `error: <path>:<line>:<column>: <field>: <message>` line on stderr per expect line and in
//! the same order, the suggestion when one is due, no other line, no control character and no
//! line longer than [`MAX_LINE_CHARS`], and nothing written (neither at `--out`, nor its
//! missing parent, nor in the working directory). Cases that cannot carry an expect line or
//! would be too big to commit (a zero-byte file, a 100 000-character name) are generated.

mod common;

use common::run_with_timeout;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

const MIN_CORPUS_FILES: usize = 99;
/// The CLI caps a message at 1000 characters plus a note of how much was cut.
const MAX_LINE_CHARS: usize = 1100;
const TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug)]
struct Expect {
    /// `None` for `line=none`: an error with no position.
    line: Option<usize>,
    col: Option<usize>,
    /// `None` for `field=*`.
    field: Option<String>,
    message: String,
    suggest: Option<String>,
}

/// Parses the `# expect:` line. Values may hold spaces (`game.payoffs."C, D"`), so each value
/// runs up to the next ` key=`.
fn parse_expect(first_line: &str) -> Result<Expect, String> {
    let rest = first_line
        .strip_prefix("# expect: ")
        .ok_or_else(|| format!("the first line is not `# expect: …`: {first_line:?}"))?;
    let keys = ["line", "col", "field", "message", "suggest"];
    let mut starts: Vec<(usize, &str)> = keys
        .iter()
        .filter_map(|key| {
            let marker = format!("{key}=");
            if rest.starts_with(&marker) {
                Some((0, *key))
            } else {
                rest.find(&format!(" {marker}")).map(|at| (at + 1, *key))
            }
        })
        .collect();
    starts.sort();
    let value = |key: &str| -> Option<String> {
        let index = starts.iter().position(|(_, k)| *k == key)?;
        let begin = starts[index].0 + key.len() + 1;
        let end = starts.get(index + 1).map_or(rest.len(), |(at, _)| at - 1);
        Some(rest[begin..end].trim_end().to_string())
    };
    let number = |key: &str| -> Result<Option<usize>, String> {
        value(key)
            .map(|text| {
                text.parse()
                    .map_err(|_| format!("`{key}={text}` is not a number"))
            })
            .transpose()
    };
    let line = match value("line").as_deref() {
        Some("none") => None,
        _ => Some(number("line")?.ok_or("the expect line lacks `line=`")?),
    };
    Ok(Expect {
        line,
        col: number("col")?,
        field: match value("field").ok_or("the expect line lacks `field=`")? {
            star if star == "*" => None,
            field => Some(field),
        },
        message: value("message").ok_or("the expect line lacks `message=`")?,
        suggest: value("suggest"),
    })
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("bad_scenarios")
}

fn corpus() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .expect("tests/bad_scenarios/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

/// Checks one command's outcome against the contract and the expectations (one per error
/// line, in order); returns the problems.
fn check_output(output: &Output, path: &Path, expects: &[Expect]) -> Vec<String> {
    let mut problems = Vec::new();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output.status.code();
    if code != Some(2) {
        problems.push(format!("exit code {code:?}, expected 2"));
    }
    if stderr.contains("panicked") || code == Some(101) {
        problems.push("panicked".to_string());
    }
    // Byte-level: `lines()` would hide a stray `\r`, and the lossy decoding a bad byte.
    if let Some(bad) = stderr.chars().find(|c| c.is_control() && *c != '\n') {
        problems.push(format!("control character {bad:?} on stderr"));
    }
    if std::str::from_utf8(&output.stderr).is_err() {
        problems.push("stderr is not UTF-8".to_string());
    }
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    if let Some(long) = lines
        .iter()
        .find(|line| line.chars().count() > MAX_LINE_CHARS)
    {
        problems.push(format!(
            "a line of {} characters on stderr (at most {MAX_LINE_CHARS})",
            long.chars().count()
        ));
    }
    if lines.len() != expects.len() {
        problems.push(format!(
            "{} lines on stderr, expected {} error lines",
            lines.len(),
            expects.len()
        ));
    }
    if lines.is_empty() {
        problems.push("nothing on stderr".to_string());
    }
    for (index, (message, expect)) in lines.iter().zip(expects).enumerate() {
        let found = check_line(message, path, expect);
        if !found.is_empty() {
            problems.extend(
                found
                    .into_iter()
                    .map(|problem| format!("error line {}: {problem}", index + 1)),
            );
            problems.push(format!("error line {} was: {message}", index + 1));
        }
    }
    if !problems.is_empty() {
        problems.push(format!("stderr was:\n      {}", lines.join("\n      ")));
    }
    problems
}

/// Checks one `error:` line against one expectation.
fn check_line(message: &str, path: &Path, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    let prefix = format!("error: {}:", path.display());
    let Some(rest) = message.strip_prefix(&prefix) else {
        problems.push(format!("the line does not start with `{prefix}`"));
        return problems;
    };
    let Some(expected_line) = expect.line else {
        // No position: `error: <path>: <message>`.
        let Some(text) = rest.strip_prefix(' ') else {
            problems.push("no space after the path".to_string());
            return problems;
        };
        if !text.contains(&expect.message) {
            problems.push(format!("message lacks `{}`", expect.message));
        }
        return problems;
    };
    // `<line>:<column>: <field>: <message>`
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().and_then(|text| text.parse::<usize>().ok());
    let col = parts.next().and_then(|text| text.parse::<usize>().ok());
    let tail = parts.next().unwrap_or("");
    let (Some(line), Some(col)) = (line, col) else {
        problems.push("no `<line>:<column>` after the path".to_string());
        return problems;
    };
    let Some(tail) = tail.strip_prefix(' ') else {
        problems.push(format!("no space after `{line}:{col}:`"));
        return problems;
    };
    if line != expected_line {
        problems.push(format!("line {line}, expected {expected_line}"));
    }
    if col == 0 {
        problems.push("column 0; columns are 1-based".to_string());
    }
    if let Some(expected_col) = expect.col
        && col != expected_col
    {
        problems.push(format!("column {col}, expected {expected_col}"));
    }
    let text = match &expect.field {
        Some(field) => match tail.strip_prefix(&format!("{field}: ")) {
            Some(text) => text,
            None => {
                let shown = tail.split(": ").next().unwrap_or("");
                problems.push(format!("field `{shown}`, expected `{field}`"));
                tail
            }
        },
        None => tail,
    };
    if !text.contains(&expect.message) {
        problems.push(format!("message lacks `{}`", expect.message));
    }
    match &expect.suggest {
        Some(name) => {
            let wanted = format!("(did you mean `{name}`?)");
            if !text.contains(&wanted) {
                problems.push(format!("no suggestion {wanted}"));
            }
        }
        None => {
            if text.contains("did you mean") {
                problems.push("a suggestion where none is due".to_string());
            }
        }
    }
    problems
}

/// Everything under `dir`, for the "nothing written" check.
fn entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|read| {
            read.filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Reads a corpus file's `# expect:` lines and checks the file against them.
fn check_file(path: &Path) -> Vec<String> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return vec![format!("cannot read: {e}")],
    };
    // The expect lines are ASCII/UTF-8 even when the rest of the file is not.
    let expect_lines: Vec<String> = bytes
        .split(|byte| *byte == b'\n')
        .map(|line| String::from_utf8_lossy(line).trim_end().to_string())
        .take_while(|line| line.starts_with("# expect:"))
        .collect();
    if expect_lines.is_empty() {
        return vec!["the first line is not `# expect: …`".to_string()];
    }
    match expect_lines
        .iter()
        .map(|line| parse_expect(line))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(expects) => check_scenario(path, &expects),
        Err(e) => vec![format!("bad expect line: {e}")],
    }
}

/// A scenario's text: `parameters` are written from line 5, `japan` is Japan's candidate list
/// (on line 15 when `parameters` is one line or empty); the rest is valid.
fn scenario_text(parameters: &str, japan: &str) -> String {
    format!(
        "[scenario]\nname = \"generated\"\nreplicates = 2\n[parameters]\n{parameters}\n[game]\n\
         players = [\"Japan\", \"Russia\"]\nrounds = 3\n[game.payoffs]\n\"C,C\" = [3, 3]\n\
         \"C,D\" = [0, 5]\n\"D,C\" = [5, 0]\n\"D,D\" = [1, 1]\n[strategies]\nJapan = [{japan}]\n\
         Russia = [\"always_defect\"]\n"
    )
}

fn expected(line: Option<usize>, col: Option<usize>, field: &str, message: &str) -> Expect {
    Expect {
        line,
        col,
        field: Some(field.to_string()),
        message: message.to_string(),
        suggest: None,
    }
}

/// A four-player game in which Japan (two actions) plays a `reply` watching the three others,
/// of 41, 10 and 10 actions: 4100 cases, the fewest past the 4096 a table may have (two
/// watched players of 64 actions give exactly 4096). Every payoff is given, so the table's
/// size is the only mistake. Returns the text and the `table`'s line and column.
fn reply_past_4096_cases() -> (String, usize, usize) {
    let players = ["Japan", "Russia", "China", "Korea"];
    let mut labels = vec![vec!["C".to_string(), "D".to_string()]];
    for (prefix, count) in [("R", 41), ("H", 10), ("K", 10)] {
        labels.push(
            (0..count)
                .map(|action| format!("{prefix}{action}"))
                .collect(),
        );
    }
    let mut text = String::from(
        "[scenario]\nname = \"generated\"\nreplicates = 2\n[game]\nplayers = [\"Japan\", \
         \"Russia\", \"China\", \"Korea\"]\nrounds = 3\n",
    );
    let quoted = |labels: &[String]| {
        labels
            .iter()
            .map(|label| format!("\"{label}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    text.push_str("[game.actions]\n");
    for (player, labels) in players.iter().zip(&labels) {
        text.push_str(&format!("{player} = [{}]\n", quoted(labels)));
    }
    text.push_str("[game.payoffs]\n");
    for a in &labels[0] {
        for b in &labels[1] {
            for c in &labels[2] {
                for d in &labels[3] {
                    text.push_str(&format!("\"{a},{b},{c},{d}\" = [1, 1, 1, 1]\n"));
                }
            }
        }
    }
    text.push_str("[strategies]\n");
    let line = text.lines().count() + 1;
    let prefix = "Japan = [{ kind = \"reply\", first = \"C\", table = ";
    text.push_str(&format!(
        "{prefix}{{ \"R0,H0,K0\" = \"C\" }} }}]\nRussia = [{{ kind = \"fixed\", action = \
         \"R0\" }}]\nChina = [{{ kind = \"fixed\", action = \"H0\" }}]\nKorea = [{{ kind = \
         \"fixed\", action = \"K0\" }}]\n"
    ));
    (text, line, prefix.len() + 1)
}

/// Cases that cannot carry an `# expect:` line, or are too big to commit, written by the test.
fn generated_cases() -> Vec<(&'static str, Vec<u8>, Vec<Expect>)> {
    // A 100 000-character strategy name: the message quotes 80 characters and says how many
    // more there were, and the name is not compared for a suggestion.
    let long_name = "x".repeat(100_000);
    let long = scenario_text("", &format!("\"{long_name}\""));
    // Sixty mistakes: fifty are listed, in file order, then one line counts the rest.
    let mut bad_parameters = String::new();
    for index in 0..60 {
        bad_parameters.push_str(&format!("\"bad {index}\" = 1\n"));
    }
    let mut flood = vec![];
    for index in 0..50 {
        flood.push(expected(
            Some(5 + index),
            Some(1),
            &format!("parameters.\"bad {index}\""),
            "a parameter name must be an identifier",
        ));
    }
    flood.push(expected(None, None, "", "… and 10 more errors"));
    // A chart title of 100 000 characters: counted, not echoed.
    let long_title = scenario_text("", "\"tit_for_tat\"")
        + &format!(
            "[[charts]]\nkind = \"payoffs\"\ntitle = \"{}\"\n",
            "t".repeat(100_000)
        );
    let (too_many_cases, table_line, table_col) = reply_past_4096_cases();
    vec![
        (
            // 8200 payoff rows: too big to commit.
            "reply_past_4096_cases.toml",
            too_many_cases.into_bytes(),
            vec![expected(
                Some(table_line),
                Some(table_col),
                "strategies.Japan[0].table",
                "watching Russia, China, Korea gives more than 4096 cases; watch fewer players",
            )],
        ),
        (
            // Zero bytes: nothing at all, not even a comment.
            "zero_bytes.toml",
            Vec::new(),
            vec![expected(
                Some(1),
                Some(1),
                "scenario",
                "missing field `scenario`",
            )],
        ),
        (
            "strategy_name_100k_characters.toml",
            long.into_bytes(),
            vec![expected(
                Some(15),
                Some(10),
                "strategies.Japan[0]",
                &format!(
                    "unknown strategy `{}… (99920 more characters)` (`dilemma strategies`",
                    "x".repeat(80)
                ),
            )],
        ),
        (
            "chart_title_100k_characters.toml",
            long_title.into_bytes(),
            vec![expected(
                Some(19),
                Some(9),
                "charts[0].title",
                "is 100000 characters long; at most 200 fit on a chart",
            )],
        ),
        (
            "sixty_errors_are_capped.toml",
            scenario_text(bad_parameters.trim_end(), "\"tit_for_tat\"").into_bytes(),
            flood,
        ),
    ]
}

/// Runs `validate` and `run` on one scenario and returns every breach of the contract.
fn check_scenario(path: &Path, expect: &[Expect]) -> Vec<String> {
    let mut problems = Vec::new();

    // validate, in an empty working directory that must stay empty.
    let cwd = tempfile::tempdir().expect("a temporary directory");
    match run_with_timeout(
        &["validate".as_ref(), path.as_os_str()],
        cwd.path(),
        TIMEOUT,
    ) {
        Ok(output) => problems.extend(
            check_output(&output, path, expect)
                .into_iter()
                .map(|p| format!("validate: {p}")),
        ),
        Err(e) => problems.push(format!("validate: {e}")),
    }
    let written = entries(cwd.path());
    if !written.is_empty() {
        problems.push(format!(
            "validate: wrote {written:?} in the working directory"
        ));
    }

    // run --out <tempdir>/never-created/results, also from an empty working directory: neither
    // the folder nor its missing parent may appear.
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let never_created = scratch.path().join("never-created");
    let out = never_created.join("results");
    let cwd = tempfile::tempdir().expect("a temporary directory");
    let args = [
        "run".as_ref(),
        path.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ];
    match run_with_timeout(&args, cwd.path(), TIMEOUT) {
        Ok(output) => problems.extend(
            check_output(&output, path, expect)
                .into_iter()
                .map(|p| format!("run: {p}")),
        ),
        Err(e) => problems.push(format!("run: {e}")),
    }
    if never_created.exists() {
        problems.push(format!("run: created {}", never_created.display()));
    }
    let written = entries(scratch.path());
    if !written.is_empty() {
        problems.push(format!("run: wrote {written:?} next to --out"));
    }
    let written = entries(cwd.path());
    if !written.is_empty() {
        problems.push(format!("run: wrote {written:?} in the working directory"));
    }
    problems
}

#[test]
fn every_bad_scenario_is_rejected_as_the_contract_says() {
    let files = corpus();
    assert!(
        files.len() >= MIN_CORPUS_FILES,
        "tests/bad_scenarios/ holds {} files; at least {MIN_CORPUS_FILES} expected",
        files.len()
    );
    let mut failures = Vec::new();
    let mut report = |name: &str, problems: Vec<String>| {
        if !problems.is_empty() {
            failures.push(format!("{name}:\n    {}", problems.join("\n    ")));
        }
    };
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        report(&name, check_file(path));
    }
    let generated = generated_cases();
    let folder = tempfile::tempdir().expect("a temporary directory");
    for (name, bytes, expects) in &generated {
        let path = folder.path().join(name);
        fs::write(&path, bytes).expect("the generated case is written");
        report(
            &format!("{name} (generated)"),
            check_scenario(&path, expects),
        );
    }
    let total = files.len() + generated.len();
    assert!(
        failures.is_empty(),
        "{} of {total} bad scenarios are not handled as the contract says:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn expect_lines_parse() {
    let expect =
        parse_expect("# expect: line=3 col=7 field=game.payoffs.\"C, D\" message=already given as \"C,D\" suggest=D")
            .unwrap();
    assert_eq!(expect.line, Some(3));
    assert_eq!(expect.col, Some(7));
    assert_eq!(expect.field.as_deref(), Some("game.payoffs.\"C, D\""));
    assert_eq!(expect.message, "already given as \"C,D\"");
    assert_eq!(expect.suggest.as_deref(), Some("D"));
    let loose = parse_expect("# expect: line=1 field=* message=not UTF-8").unwrap();
    assert_eq!((loose.col, loose.field, loose.suggest), (None, None, None));
    assert!(parse_expect("[scenario]").is_err());
    let unplaced = parse_expect("# expect: line=none field=* message=and 3 more errors").unwrap();
    assert_eq!(unplaced.line, None);
}

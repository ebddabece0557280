//! Hostile input to the binary: paths that are not scenario files (endless devices, FIFOs with
//! no writer, directories, missing or oversized files) and abused command-line arguments
//! (unknown flags, out-of-range numbers, escape sequences, newlines, 100k characters,
//! non-UTF-8 bytes).
//!
//! For each, the contract: the exit code (2 for bad input), no hang (a timeout kills the
//! binary and fails the case), no panic, exactly one stderr line that starts `error: `, holds no
//! control character and is at most [`MAX_LINE_CHARS`] long, and nothing written in the
//! working directory.

mod common;

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

/// The printed line cap (1000 characters of message) plus `error: ` and some slack.
const MAX_LINE_CHARS: usize = 1100;
const TIMEOUT: Duration = Duration::from_secs(30);
/// The largest scenario accepted, as `dilemma::scenario::MAX_SCENARIO_BYTES` says.
const MAX_SCENARIO_BYTES: usize = dilemma::scenario::MAX_SCENARIO_BYTES;

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// Runs the binary, failing the case if it hangs.
fn run_timed<S: AsRef<OsStr>>(args: &[S], cwd: &Path) -> Result<Output, String> {
    common::run_with_timeout(args, cwd, TIMEOUT)
}

/// Runs `args` from an empty working directory and checks the contract for bad input; returns
/// the one stderr line.
fn rejected(args: &[OsString]) -> String {
    let cwd = tempfile::tempdir().expect("a temporary directory");
    let output = run_timed(args, cwd.path()).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let shown = stderr.chars().take(2000).collect::<String>();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {shown}");
    assert!(!stderr.contains("panicked"), "{args:?}: {shown}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{args:?}: not one line: {shown}");
    let line = lines[0];
    assert!(line.starts_with("error: "), "{args:?}: {shown}");
    assert!(
        !line.chars().any(char::is_control),
        "{args:?}: a control character: {line:?}"
    );
    assert!(
        line.chars().count() <= MAX_LINE_CHARS,
        "{args:?}: {} characters: {shown}",
        line.chars().count()
    );
    let written: Vec<_> = fs::read_dir(cwd.path())
        .expect("the working directory is readable")
        .collect();
    assert!(written.is_empty(), "{args:?}: wrote {written:?}");
    line.to_string()
}

/// `validate PATH` and `run PATH --out <scratch>/results` must both refuse `path` with the same
/// position-less message; `run` must not create its output folder.
fn refused_file(path: &Path) -> String {
    let line = rejected(&[OsString::from("validate"), path.into()]);
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let out = scratch.path().join("results");
    let run_line = rejected(&[
        OsString::from("run"),
        path.into(),
        "--out".into(),
        out.clone().into(),
    ]);
    assert_eq!(line, run_line);
    assert!(!out.exists(), "run created {}", out.display());
    // No `line:column`: the error is not inside any text.
    let after_path = line
        .strip_prefix(&format!("error: {}: ", path.display()))
        .unwrap_or_else(|| panic!("the message does not name the path: {line}"));
    assert!(
        after_path.starts_with("cannot read the scenario: ")
            || after_path.starts_with("the file is "),
        "{line}"
    );
    line
}

fn good_scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_revised_pd.toml")
}

#[cfg(unix)]
#[test]
fn endless_and_empty_devices_are_refused_at_once() {
    let line = refused_file(Path::new("/dev/zero"));
    assert!(line.ends_with("it is a character device, not a regular file"));
    let line = refused_file(Path::new("/dev/null"));
    assert!(line.ends_with("it is a character device, not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_fifo_with_no_writer_does_not_block() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    let fifo = folder.path().join("scenario.toml");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("no NUL");
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o600) };
    assert_eq!(made, 0, "mkfifo: {}", std::io::Error::last_os_error());
    let line = refused_file(&fifo);
    assert!(line.ends_with("it is a named pipe (FIFO), not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_socket_is_refused() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    let socket = folder.path().join("scenario.toml");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("a socket");
    let line = refused_file(&socket);
    assert!(
        line.ends_with("it is a socket, not a regular file"),
        "{line}"
    );
}

#[test]
fn a_directory_is_refused() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    let line = refused_file(folder.path());
    assert!(line.ends_with("it is a directory, not a regular file"));
}

#[test]
fn a_missing_file_says_so_without_a_position() {
    let line = rejected(&os(&["validate", "no/such.toml"]));
    assert_eq!(
        line,
        "error: no/such.toml: cannot read the scenario: no such file"
    );
    let line = rejected(&os(&["run", "no/such.toml"]));
    assert_eq!(
        line,
        "error: no/such.toml: cannot read the scenario: no such file"
    );
}

#[test]
fn a_file_past_the_size_cap_is_refused_with_its_size() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    let path = folder.path().join("huge.toml");
    let mut text = fs::read(good_scenario()).expect("the shipped scenario");
    // Comment lines keep it a valid scenario in every respect but its size.
    while text.len() <= MAX_SCENARIO_BYTES {
        text.extend_from_slice(b"# padding padding padding padding padding padding padding\n");
    }
    fs::write(&path, &text).expect("the big file is written");
    let line = refused_file(&path);
    assert!(
        line.ends_with(&format!(
            "the file is {} bytes; a scenario may be at most {MAX_SCENARIO_BYTES}",
            text.len()
        )),
        "{line}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_good_scenario_is_followed() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    let link = folder.path().join("linked.toml");
    std::os::unix::fs::symlink(good_scenario(), &link).expect("a symlink");
    let cwd = tempfile::tempdir().expect("a temporary directory");
    let output = run_timed(
        &[OsString::from("validate"), link.clone().into()],
        cwd.path(),
    )
    .expect("the binary finishes");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.starts_with(&format!("ok: {}", link.display())),
        "{stdout}"
    );
    assert!(fs::read_dir(cwd.path()).unwrap().next().is_none());
}

#[test]
fn names_typed_composed_and_decomposed_are_the_same_name() {
    // Players and actions declared composed (`ó`, `é` as one character), used decomposed
    // (`o` + U+0301) in payoff keys, a constraint and the strategies table.
    let text = "[scenario]\nname = \"nfc\"\nreplicates = 2\n\n[game]\n\
                players = [\"Jap\u{f3}n\", \"Russia\"]\nactions = [\"Coop\u{e9}rer\", \"D\"]\n\
                rounds = 3\n\n[game.payoffs]\n\"Coope\u{301}rer,Coope\u{301}rer\" = [3, 3]\n\
                \"Coope\u{301}rer,D\" = [0, 5]\n\"D,Coope\u{301}rer\" = [5, 0]\n\"D,D\" = [1, 1]\n\n\
                [[game.constraints]]\nplayer = \"Japo\u{301}n\"\nforbid = [\"D\"]\n\n\
                [strategies]\n\"Japo\u{301}n\" = [\"always_cooperate\"]\nRussia = [\"always_defect\"]\n";
    let folder = tempfile::tempdir().expect("a temporary directory");
    let path = folder.path().join("nfc.toml");
    fs::write(&path, text).expect("the scenario is written");
    let output = run_timed(&[OsString::from("validate"), path.into()], folder.path())
        .expect("the binary finishes");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn hostile_keys_in_a_scenario_stay_one_short_line() {
    let folder = tempfile::tempdir().expect("a temporary directory");
    // Without its own `seed`, so that a hostile one is not a duplicate key.
    let base: String = fs::read_to_string(good_scenario())
        .expect("the shipped scenario")
        .lines()
        .filter(|line| !line.starts_with("seed"))
        .map(|line| format!("{line}\n"))
        .collect();
    let cases = [
        // A quoted key with an escape sequence that would clear the screen, and a newline.
        "\"\\u001b[2J\\nerror: forged\" = 1".to_string(),
        // A key of 100k characters.
        format!("{} = 1", "k".repeat(100_000)),
        // A string value of 100k characters where a number goes.
        format!("seed = \"\\u001b[2J{}\"", "v".repeat(100_000)),
    ];
    for (index, case) in cases.iter().enumerate() {
        let text = base.replacen("[scenario]\n", &format!("[scenario]\n{case}\n"), 1);
        assert_ne!(text, base, "the shipped scenario has a [scenario] table");
        let path = folder.path().join(format!("hostile{index}.toml"));
        fs::write(&path, text).expect("the scenario is written");
        let line = rejected(&[OsString::from("validate"), path.clone().into()]);
        assert!(
            line.contains("more characters") || line.contains("\\u{1b}"),
            "{line}"
        );
    }
}

/// Arguments that clap refuses: each must be one short, escaped line that points to `--help`.
#[test]
fn abused_arguments_give_one_escaped_line() {
    let scenario = good_scenario().into_os_string();
    let run = |extra: &[OsString]| {
        let mut args = vec![OsString::from("run"), scenario.clone()];
        args.extend_from_slice(extra);
        args
    };
    let long = "9".repeat(100_000);
    let cases: Vec<(Vec<OsString>, &str)> = vec![
        (os(&["frobnicate"]), "unrecognized subcommand 'frobnicate'"),
        (
            run(&os(&["--sed", "3"])),
            "tip: a similar argument exists: '--seed'",
        ),
        (
            run(&os(&["--seed", "-1"])),
            "invalid value '-1' for '--seed <N>'",
        ),
        (
            run(&os(&["--seed", "99999999999999999999999"])),
            "number too large",
        ),
        (
            run(&os(&["--replicates", "abc"])),
            "invalid value 'abc' for '--replicates <N>'",
        ),
        (
            run(&os(&["--seed", "1\u{1b}[2J\nerror: forged"])),
            "'1\\u{1b}[2J\\nerror: forged'",
        ),
        (
            run(&[OsString::from("--seed"), long.into()]),
            "more characters",
        ),
        (os(&["run"]), "required arguments were not provided"),
        (os(&["validate"]), "required arguments were not provided"),
        (os(&[]), "missing a subcommand"),
        (
            os(&["strategies", "--json", "--json"]),
            "cannot be used multiple times",
        ),
    ];
    for (args, fragment) in cases {
        let line = rejected(&args);
        assert!(line.contains(fragment), "{args:?}: {line}");
        assert!(line.ends_with("--help`)"), "{args:?}: {line}");
        if args.first().map(OsString::as_os_str) == Some(OsStr::new("run")) {
            assert!(line.ends_with("(see `dilemma run --help`)"), "{line}");
        }
    }
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_refused_or_shown_escaped() {
    use std::os::unix::ffi::OsStringExt;
    let bad = || OsString::from_vec(vec![b'x', 0xff, 0xfe, b'\n', 0x1b]);
    // As a number: clap cannot read it as text.
    let mut args = vec![OsString::from("run"), good_scenario().into_os_string()];
    args.extend([OsString::from("--seed"), bad()]);
    let line = rejected(&args);
    assert!(line.contains("invalid UTF-8"), "{line}");
    // As a path: a file name may be any bytes; it is missing, and shown escaped.
    let line = rejected(&[OsString::from("validate"), bad()]);
    assert!(
        line.ends_with("cannot read the scenario: no such file"),
        "{line}"
    );
}

#[test]
fn help_and_version_still_print_and_succeed() {
    let cwd = tempfile::tempdir().expect("a temporary directory");
    for args in [os(&["--help"]), os(&["--version"]), os(&["run", "--help"])] {
        let output = run_timed(&args, cwd.path()).expect("the binary finishes");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(!output.stdout.is_empty(), "{args:?}");
        assert!(output.stderr.is_empty(), "{args:?}");
    }
}

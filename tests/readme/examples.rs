//! The README's command examples, run as written, once per test process, in a scratch copy of
//! the scenarios: the test that they succeed and the numbers quoted from their results share
//! these runs.

use crate::common::dilemma_in;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

/// One command example and what it did.
pub struct Example {
    /// The arguments after `dilemma `.
    pub args: Vec<String>,
    pub output: Output,
}

/// Every example in README order, and the folder they ran in.
pub struct Examples {
    pub folder: PathBuf,
    pub runs: Vec<Example>,
}

/// Runs the examples the first time it is called; later calls (from other tests of this
/// process) wait for those runs and share them.
pub fn examples() -> &'static Examples {
    static EXAMPLES: OnceLock<Examples> = OnceLock::new();
    EXAMPLES.get_or_init(|| run_all(commands(&crate::readme())))
}

/// Command lines in the README's `sh` blocks that run the program, without their comments.
pub fn commands(text: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut in_shell = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_shell = line == "```sh";
            continue;
        }
        if !in_shell {
            continue;
        }
        let command = line.split(" #").next().unwrap_or("").trim();
        let args = if let Some(rest) = command.strip_prefix("dilemma ") {
            rest
        } else if let Some(rest) = command.strip_prefix("cargo run --release -- ") {
            rest
        } else {
            continue;
        };
        commands.push(args.split_whitespace().map(String::from).collect());
    }
    commands
}

/// Runs `commands` in order in a fresh folder under the target directory (kept after the tests,
/// so that a reader of a failure can look at the results), beside a copy of `scenarios/`, so
/// that the runs write nowhere in the repository.
fn run_all(commands: Vec<Vec<String>>) -> Examples {
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-examples");
    if folder.exists() {
        std::fs::remove_dir_all(&folder).unwrap();
    }
    let scenarios = folder.join("scenarios");
    std::fs::create_dir_all(&scenarios).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap()
    {
        let path = entry.unwrap().path();
        std::fs::copy(&path, scenarios.join(path.file_name().unwrap())).unwrap();
    }
    let runs = commands
        .into_iter()
        .map(|args| {
            let words: Vec<&str> = args.iter().map(String::as_str).collect();
            let output = dilemma_in(&folder, &words);
            Example { args, output }
        })
        .collect();
    Examples { folder, runs }
}

impl Examples {
    /// A results folder the examples wrote, named as the README names it
    /// (`output/kuril-revised-pd`).
    pub fn results(&self, name: &str) -> PathBuf {
        let path = self.folder.join(name);
        assert!(
            path.join("manifest.json").is_file(),
            "no complete results in {name}: the README's examples must write them, for the \
             numbers the README quotes from them"
        );
        path
    }

    /// What the example `command` (as written after `dilemma `) printed.
    pub fn stdout(&self, command: &str) -> String {
        let run = self
            .runs
            .iter()
            .find(|run| run.args.join(" ") == command)
            .unwrap_or_else(|| panic!("the README has no example `dilemma {command}`"));
        assert!(run.output.status.success(), "`dilemma {command}` failed");
        String::from_utf8(run.output.stdout.clone()).unwrap()
    }
}

//! The README tells the truth: its strategy table is what `dilemma strategies` prints, every
//! command example in it runs as written and succeeds, and its `[[charts]]` example validates.

mod common;

use common::dilemma_in;
use std::path::Path;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md is readable")
}

#[test]
fn the_strategy_table_is_the_programs_output() {
    let text = readme();
    let begin = text
        .find("<!-- strategies:begin")
        .expect("README has a strategies:begin marker");
    let body_start = begin + text[begin..].find('\n').expect("marker line ends") + 1;
    let end = text
        .find("<!-- strategies:end -->")
        .expect("README has a strategies:end marker");
    let printed = dilemma_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["strategies"]);
    assert!(printed.status.success());
    assert_eq!(
        &text[body_start..end],
        String::from_utf8(printed.stdout).unwrap(),
        "the README's table differs from `dilemma strategies`; paste the program's output"
    );
}

/// Command lines in the README's `sh` blocks that run the program, without their comments.
fn examples(text: &str) -> Vec<Vec<String>> {
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

#[test]
fn every_command_example_runs_as_written() {
    let commands = examples(&readme());
    // The main command, and the validate, strategies, run and help examples at least.
    assert!(commands.len() >= 5, "{commands:?}");
    assert!(
        commands
            .iter()
            .any(|args| args.join(" ") == "run scenarios/kuril_revised_pd.toml"),
        "the README's main command is missing: {commands:?}"
    );
    // A scratch folder with the shipped scenarios, so runs write nowhere in the repository.
    let scratch = tempfile::tempdir().unwrap();
    let scenarios = scratch.path().join("scenarios");
    std::fs::create_dir(&scenarios).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")).unwrap()
    {
        let path = entry.unwrap().path();
        std::fs::copy(&path, scenarios.join(path.file_name().unwrap())).unwrap();
    }
    for args in &commands {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = dilemma_in(scratch.path(), &args);
        assert!(
            output.status.success(),
            "`dilemma {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(
        scratch
            .path()
            .join("output/kuril-revised-pd/manifest.json")
            .is_file()
    );
}

/// The README's `[[charts]]` subsection, up to the next heading.
fn charts_section(text: &str) -> &str {
    let start = text
        .find("### Charts in the scenario: [[charts]]")
        .expect("README has the [[charts]] subsection");
    let body = &text[start + 4..];
    let end = body.find("\n#").map_or(body.len(), |end| end + 1);
    &body[..end]
}

#[test]
fn the_charts_example_is_valid_and_the_table_names_every_field() {
    let text = readme();
    let section = charts_section(&text);
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the subsection has a toml example");
    let kuril = std::fs::read_to_string(common::kuril()).unwrap();
    let experiment = dilemma::scenario::parse(&(kuril.clone() + "\n" + block), "readme.toml")
        .unwrap_or_else(|errors| panic!("the README's [[charts]] example is refused: {errors}"));
    assert_eq!(experiment.charts.len(), block.matches("[[charts]]").count());

    // Every field a chart records has a row.
    let full = dilemma::chart::spec::ChartSpec {
        kind: Some(dilemma::chart::spec::ChartKind::Payoffs),
        file: Some(String::new()),
        metric: Some(String::new()),
        overlay: Some(true),
        point: Some(Default::default()),
        profiles: Some(Vec::new()),
        players: Some(Vec::new()),
        title: Some(String::new()),
        x_label: Some(String::new()),
        y_label: Some(String::new()),
        width: Some(String::new()),
        height: Some(String::new()),
        font_size: Some(8.0),
        formats: Some(Vec::new()),
        dpi: Some(300),
    };
    let fields = serde_json::to_value(full).unwrap();
    for field in fields.as_object().unwrap().keys() {
        assert!(
            section.contains(&format!("| `{field}`")) || section.contains(&format!(", `{field}`")),
            "the [[charts]] table lacks `{field}`"
        );
    }

    // The worked refusal in the prose.
    let refused = kuril + "\n[[charts]]\nkind = \"payoffs\"\nwidth = \"15in\"\ndpi = 1200\n";
    let errors = dilemma::scenario::parse(&refused, "readme.toml").unwrap_err();
    let message = &errors.first().message;
    let prose = section.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        prose.contains("`dpi = 1200` with `width = \"15in\"` is refused with the size it would have been (18,000 pixels) and the most `dpi` that fits (800)"),
        "the README's worked refusal changed; update this test with it"
    );
    assert!(
        message.contains("18000 pixels wide") && message.contains("at most 800 dpi"),
        "{message}"
    );
}

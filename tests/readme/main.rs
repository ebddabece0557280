//! The README tells the truth: every command example in it runs as written, its `[[charts]]`
//! example validates, every block it marks as generated (`<!-- gen:NAME -->` … `<!-- /gen
//! -->`: the strategy table, the tables of results and each number quoted from a run) holds
//! what the examples' runs give, and the runs bear out the claims its words make about them.
//! After a change that moves the numbers, rewrite those blocks from fresh runs with
//! `DILEMMA_UPDATE_README=1 cargo test --release --test readme`, and read the diff.

#[path = "../common/mod.rs"]
mod common;

mod blocks;
mod claims;
mod examples;
mod generated;
mod results;

use std::path::{Path, PathBuf};

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

fn readme() -> String {
    std::fs::read_to_string(readme_path()).expect("README.md is readable")
}

#[test]
fn every_command_example_runs_as_written() {
    let examples = examples::examples();
    let runs = &examples.runs;
    // The main command, and the validate, strategies, run and help examples at least.
    assert!(runs.len() >= 5, "{} examples", runs.len());
    assert!(
        runs.iter()
            .any(|run| run.args.join(" ") == "run scenarios/kuril_revised_pd.toml"),
        "the README's main command is missing"
    );
    for run in runs {
        assert!(
            run.output.status.success(),
            "`dilemma {}` failed: {}",
            run.args.join(" "),
            String::from_utf8_lossy(&run.output.stderr)
        );
    }
    assert!(
        examples
            .folder
            .join("output/kuril-revised-pd/manifest.json")
            .is_file()
    );
}

#[test]
fn every_generated_block_is_what_the_runs_give() {
    let text = readme();
    let blocks = blocks::find(&text);
    let mut names: Vec<&str> = blocks.iter().map(|block| block.name.as_str()).collect();
    names.sort_unstable();
    let mut known: Vec<&str> = generated::BLOCKS.iter().map(|(name, _)| *name).collect();
    known.sort_unstable();
    assert_eq!(
        names, known,
        "the README's generated blocks and tests/readme/generated.rs must name the same blocks, \
         each once"
    );
    let examples = examples::examples();
    let contents: Vec<String> = blocks
        .iter()
        .map(|block| {
            let (_, make) = generated::BLOCKS
                .iter()
                .find(|(name, _)| *name == block.name)
                .unwrap();
            block.contents_for(&make(examples))
        })
        .collect();
    let unsupported: Vec<&str> = claims::CLAIMS
        .iter()
        .filter(|(_, holds)| !holds(examples))
        .map(|(claim, _)| *claim)
        .collect();
    assert!(
        unsupported.is_empty(),
        "the runs no longer bear out what the README says in words; rewrite these passages: \
         {unsupported:#?} (the runs are in {})",
        examples.folder.display()
    );
    if std::env::var_os("DILEMMA_UPDATE_README").is_some() {
        std::fs::write(readme_path(), blocks::replace(&text, &blocks, &contents)).unwrap();
        return;
    }
    let stale: Vec<String> = blocks
        .iter()
        .zip(&contents)
        .filter(|(block, new)| text[block.contents.clone()] != **new)
        .map(|(block, new)| {
            format!(
                "block {}:\n{}",
                block.name,
                blocks::difference(&text[block.contents.clone()], new)
            )
        })
        .collect();
    assert!(
        stale.is_empty(),
        "{} generated blocks of the README differ from what its examples' runs give (the runs \
         are in {}):\n{}\nIf the change is meant, rewrite them with \
         DILEMMA_UPDATE_README=1 cargo test --release --test readme, and read the diff",
        stale.len(),
        examples.folder.display(),
        stale.join("\n")
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

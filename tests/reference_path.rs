//! Every fast path of the round loop gives byte-identical tables to the reference path: on every
//! shipped scenario, and on generated scenarios with formulas at every site.

mod common;

use common::paths::every_path_agrees;

/// The shipped scenarios, each with few replicates: every table equal on every path.
#[test]
fn shipped_scenarios_give_the_same_tables_on_every_path() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let mut experiment = dilemma::scenario::load(&path).expect("a shipped scenario is valid");
        experiment.replicates = 70;
        if let Err(problem) = every_path_agrees(&experiment) {
            panic!("{}: {problem}", path.display());
        }
        checked += 1;
    }
    assert_eq!(checked, 11, "the shipped scenarios");
}

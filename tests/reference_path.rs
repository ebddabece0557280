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

use common::generate::{Choices, scenario};
use dilemma::strategy::registry::ENTRIES;
use proptest::prelude::*;

static LIBRARY: std::sync::LazyLock<(Vec<&str>, Vec<&str>)> = std::sync::LazyLock::new(library);

/// The library strategies a generated scenario chooses from: those that take no parameter and
/// a `watch` in a game of three (all of them, so any player of two actions may use them), and
/// apart those that read the payoff table, which need a fixed 2×2 one.
fn library() -> (Vec<&'static str>, Vec<&'static str>) {
    let accepted = |players: &str, extra: &str, candidate: &str| {
        let text = format!(
            "[scenario]\nname = \"probe\"\n[game]\nplayers = [{players}]\nrounds = 2\n\
             [game.payoffs]\n{extra}[strategies]\nA = [{candidate}]\n"
        );
        dilemma::scenario::parse(&text, "probe.toml").is_ok()
    };
    let three: String = common::games::two_action_joints(3)
        .iter()
        .map(|joint| format!("\"{joint}\" = [1, 2, 3]\n"))
        .collect();
    let two = common::STANDARD_PAYOFFS
        .trim_start()
        .trim_start_matches("[game.payoffs]\n");
    let mut library = Vec::new();
    let mut readers = Vec::new();
    for entry in ENTRIES.iter() {
        let name = entry.name;
        if entry.classifier.uses_game {
            let candidate = format!("\"{name}\"]\nB = [\"tit_for_tat\"");
            if accepted("\"A\", \"B\"", two, &candidate) {
                readers.push(name);
            }
        } else {
            let candidate = format!(
                "{{ kind = \"{name}\", at_least = 1 }}]\nB = [\"grudger\"]\nC = [\"grudger\""
            );
            if accepted("\"A\", \"B\", \"C\"", &three, &candidate) {
                library.push(name);
            }
        }
    }
    (library, readers)
}

proptest! {
    // Shrunk failures are saved beside this file (tests/reference_path.proptest-regressions) and
    // replayed first on every later run. `PROPTEST_CASES=20000` runs a long search.
    #![proptest_config(common::property::config(300))]

    #[test]
    fn generated_scenarios_give_the_same_tables_on_every_path(
        values in proptest::collection::vec(any::<u32>(), 0..400),
    ) {
        let (library, readers) = &*LIBRARY;
        let text = scenario(&mut Choices::new(&values), library, readers);
        let experiment = match dilemma::scenario::parse(&text, "generated.toml") {
            Ok(experiment) => experiment,
            Err(errors) => {
                return Err(TestCaseError::fail(format!(
                    "the generator wrote an invalid scenario: {errors}\n--- scenario ---\n{text}"
                )));
            }
        };
        if let Err(problem) = every_path_agrees(&experiment) {
            prop_assert!(false, "{problem}\n--- scenario ---\n{text}");
        }
    }
}

/// The generator reaches every feature it is meant to cover, so the property above cannot pass
/// by generating only simple scenarios: over 300 scenarios from random choice lists (as proptest
/// draws them), each feature appears in at least 2% of them.
#[test]
fn the_generator_reaches_every_feature() {
    use rand::{RngExt, SeedableRng};
    let (library, readers) = &*LIBRARY;
    let reads_game = |text: &str| {
        readers
            .iter()
            .any(|name| text.contains(&format!("kind = \"{name}\"")))
    };
    /// A feature's name and whether a scenario's text has it.
    type Feature<'a> = (&'a str, &'a dyn Fn(&str) -> bool);
    let features: [Feature; 23] = [
        ("four players", &|t: &str| t.contains("\"Dan\"]")),
        ("a player of four actions", &|t: &str| {
            t.contains("\"E\", \"F\"]")
        }),
        ("continuation", &|t: &str| t.contains("continuation =")),
        ("a sweep", &|t: &str| t.contains("[sweep]")),
        ("a state variable", &|t: &str| t.contains("[state]")),
        ("a schedule", &|t: &str| t.contains("\ns0 = \"")),
        ("a payoff of round", &|t: &str| t.contains("\"round * ")),
        ("a payoff of a state", &|t: &str| t.contains("\"2 * st")),
        ("noise of round", &|t: &str| {
            t.contains("noise = \"") && t.contains(" * round / ")
        }),
        ("a constraint", &|t: &str| {
            t.contains("[[game.constraints]]")
        }),
        ("a fallback", &|t: &str| t.contains("fallback =")),
        ("a misread table", &|t: &str| t.contains("misread = {")),
        ("an error rate", &|t: &str| t.contains("error = \"")),
        ("a state-dependent chance", &|t: &str| {
            t.contains("min(1, max(0, 0.5 * st")
        }),
        ("a game reader", &reads_game),
        ("a reply", &|t: &str| t.contains("kind = \"reply\"")),
        ("a machine", &|t: &str| t.contains("kind = \"fsm\"")),
        ("a lookup table", &|t: &str| t.contains("kind = \"lookup\"")),
        ("a memory-two table", &|t: &str| {
            t.contains("kind = \"memory_n\"")
        }),
        ("a mixed strategy", &|t: &str| {
            t.contains("kind = \"mixed\"")
        }),
        ("a hostile list", &|t: &str| t.contains("hostile = [")),
        ("a watch threshold", &|t: &str| t.contains("at_least =")),
        ("more than one block of replicates", &|t: &str| {
            t.lines()
                .find_map(|line| line.strip_prefix("replicates = "))
                .is_some_and(|count| count.parse::<u32>().unwrap() > 64)
        }),
    ];
    let mut counts = [0; 23];
    let scenarios = 300;
    for seed in 0..scenarios {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let length = rng.random_range(0..400);
        let values: Vec<u32> = (0..length).map(|_| rng.random()).collect();
        let text = scenario(&mut Choices::new(&values), library, readers);
        for (count, (_, present)) in counts.iter_mut().zip(&features) {
            *count += usize::from(present(&text));
        }
    }
    for (count, (feature, _)) in counts.iter().zip(&features) {
        assert!(
            *count * 50 >= scenarios as usize,
            "{feature}: in {count} of {scenarios} scenarios"
        );
    }
}

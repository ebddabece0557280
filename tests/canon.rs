//! The ported canon against Axelrod-Python 4.14 itself (tests/fixtures/generate_axelrod.py
//! `canon`): every deterministic pair over 200 turns, move for move, both in the strategies' own
//! loop (`testkit::versus_policy`) and through the engine's (`sim::run_with`, as `dilemma run`
//! plays them, several replicates a cell so that reset memories are exercised); the stochastic
//! panel's scores, spreads and cooperation through the engine; the classifiers; and the count of
//! strategies a study written for Axelrod can name.

mod common;

use common::engine::{bipartite, first_departure, pair, run_every_round, totals};
use common::{axelrod_fixture, compare_with_panel_row};
use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, Entry, StrategyArgs};
use dilemma::strategy::registry::ENTRIES;
use dilemma::strategy::testkit::versus_policy;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const TURNS: usize = 200;

/// Our strategies by the Axelrod display name they claim.
fn ported() -> BTreeMap<&'static str, &'static Entry> {
    ENTRIES
        .iter()
        .filter_map(|entry| entry.axelrod_name.map(|name| (name, *entry)))
        .collect()
}

fn build(entry: &Entry) -> Policy {
    entry
        .build(&StrategyArgs::default(), &Context::standard(TURNS as u32))
        .unwrap_or_else(|e| panic!("{}: {e}", entry.name))
}

/// Axelrod's classifier records by display name.
fn axelrod_strategies() -> BTreeMap<String, Value> {
    let data = axelrod_fixture("canon_strategies.json");
    data["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| {
            (
                record["axelrod_name"].as_str().unwrap().to_string(),
                record.clone(),
            )
        })
        .collect()
}

/// A fixture's list of names.
fn names(list: &Value) -> BTreeSet<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect()
}

#[test]
fn a_study_written_for_axelrod_can_name_at_least_150_of_its_strategies() {
    let axelrod = axelrod_strategies();
    let ported = ported();
    let named: Vec<&str> = ported
        .keys()
        .copied()
        .filter(|name| axelrod.contains_key(*name))
        .collect();
    assert!(named.len() >= 150, "{} ported: {named:?}", named.len());
    // Every Axelrod name we claim is one Axelrod has (no misspelt alias escapes the checks),
    // or one of its general classes, which `axl.all_strategies` leaves out.
    let unknown: Vec<&str> = ported
        .keys()
        .copied()
        .filter(|name| !axelrod.contains_key(*name) && !AXELROD_BASE_CLASSES.contains(name))
        .collect();
    assert!(unknown.is_empty(), "not Axelrod display names: {unknown:?}");
}

/// The strategies of the deterministic round robin that we port, after checking that it holds
/// every deterministic one we port but those it skipped (each with its reason: too slow in
/// Python). Returns them by Axelrod name with their entries.
fn deterministic_round_robin(data: &Value) -> BTreeMap<&str, &'static Entry> {
    assert_eq!(data["turns"], TURNS);
    let ported = ported();
    let in_fixture = names(&data["strategies"]);
    let skipped: BTreeSet<&str> = data["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["axelrod_name"].as_str().unwrap())
        .collect();
    let deterministic: Vec<&str> = ported
        .iter()
        .filter(|(_, entry)| !entry.classifier.stochastic)
        .map(|(name, _)| *name)
        .filter(|name| !AXELROD_BASE_CLASSES.contains(name) && !skipped.contains(name))
        .collect();
    for name in &deterministic {
        assert!(
            in_fixture.contains(name),
            "{name} is not in Axelrod's deterministic round robin"
        );
    }
    // Most of the canon is deterministic.
    assert!(
        deterministic.len() >= 100,
        "only {} deterministic strategies ported",
        deterministic.len()
    );
    let in_round_robin: BTreeMap<&str, &'static Entry> = in_fixture
        .into_iter()
        .filter_map(|name| ported.get(name).map(|entry| (name, *entry)))
        .collect();
    assert_eq!(in_round_robin.len(), deterministic.len());
    in_round_robin
}

/// Every unordered pair of `count` strategies, self-play included.
fn pairs_with_self_play(count: usize) -> usize {
    count * (count + 1) / 2
}

#[test]
fn every_deterministic_pair_plays_as_in_axelrod_move_for_move() {
    let data = axelrod_fixture("canon_deterministic_200.json");
    let policies: BTreeMap<&str, Policy> = deterministic_round_robin(&data)
        .into_iter()
        .map(|(name, entry)| (name, build(entry)))
        .collect();
    let mut checked = 0;
    let mut failures = Vec::new();
    for record in data["matches"].as_array().unwrap() {
        let (first, second) = (
            record["player1"].as_str().unwrap(),
            record["player2"].as_str().unwrap(),
        );
        let (Some(a), Some(b)) = (policies.get(first), policies.get(second)) else {
            continue;
        };
        let (got1, got2) = versus_policy(a, b, TURNS, 11);
        checked += 1;
        if got1 != record["actions1"].as_str().unwrap()
            || got2 != record["actions2"].as_str().unwrap()
        {
            failures.push(format!("{first} vs {second}"));
        }
    }
    assert_eq!(checked, pairs_with_self_play(policies.len()));
    assert!(
        failures.is_empty(),
        "{} of {checked} pairs differ: {failures:#?}",
        failures.len()
    );
}

/// Replicates of each deterministic pair through the engine: the first in its block plays on
/// fresh memories, the next two on memories reset after a match (tests/common/engine.rs).
const DETERMINISTIC_REPLICATES: u64 = 3;

#[test]
fn every_deterministic_pair_plays_as_in_axelrod_through_the_engine_with_reset_memories() {
    // Each strategy of the round robin against itself and every later one (the fixture's
    // player1 and player2), one run per strategy, as `dilemma run` plays a scenario of them:
    // every replicate must play Axelrod's moves round by round and score its totals.
    let data = axelrod_fixture("canon_deterministic_200.json");
    let entries = deterministic_round_robin(&data);
    let mut opponents: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for record in data["matches"].as_array().unwrap() {
        let first = record["player1"].as_str().unwrap();
        if entries.contains_key(first) && entries.contains_key(record["player2"].as_str().unwrap())
        {
            opponents.entry(first).or_default().push(record);
        }
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for (first, records) in &opponents {
        let columns: Vec<&str> = records
            .iter()
            .map(|record| entries[record["player2"].as_str().unwrap()].name)
            .collect();
        let experiment = bipartite(
            &[entries[first].name],
            &columns,
            TURNS as u32,
            DETERMINISTIC_REPLICATES,
            7,
        );
        let summary = run_every_round(&experiment);
        for (column, record) in records.iter().enumerate() {
            let cell = pair(&experiment, &summary, 0, column);
            let second = record["player2"].as_str().unwrap();
            let score = record["final_score"].as_array().unwrap();
            for player in 0..2 {
                let moves = record[["actions1", "actions2"][player]].as_str().unwrap();
                if let Some(departure) = first_departure(cell, player, moves) {
                    failures.push(format!(
                        "{first} vs {second}, player {}: {departure}",
                        player + 1
                    ));
                }
                let expected = score[player].as_f64().unwrap();
                let got = totals(cell, player);
                assert_eq!(got.len() as u64, DETERMINISTIC_REPLICATES);
                if got.iter().any(|total| *total != expected) {
                    failures.push(format!(
                        "{first} vs {second}, player {}: totals {got:?}, Axelrod {expected}",
                        player + 1
                    ));
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, pairs_with_self_play(entries.len()));
    assert!(
        failures.is_empty(),
        "{} differences over {checked} pairs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Axelrod's general classes, which take parameters and which `axl.all_strategies` (and so the
/// fixtures) leave out; we register them by these names with Axelrod's default parameters.
const AXELROD_BASE_CLASSES: &[&str] = &[
    "Gambler",
    "LookerUp",
    "Generic Memory One Player",
    "Generic Memory Two Player",
    "Reactive Player",
    "LinearRelation",
];

/// Where our memory depth departs from Axelrod's declared one, and why. Each of ours is checked
/// by the conformance suite (tests/conformance.rs) to bound what a decision reads, on
/// histories whose own moves need not be the strategy's (as under noise); Axelrod's do not pass
/// that check.
const MEMORY_DEPTH_CORRECTIONS: &[(&str, &str)] = &[
    (
        "Contrite Tit For Tat",
        "its contrite state survives any run of its own D",
    ),
    (
        "Cycler CCCCCD",
        "plays by the round number, so a flipped move does not shift the cycle",
    ),
    ("Cycler CCCD", "plays by the round number"),
    ("Cycler CCCDCD", "plays by the round number"),
    ("Cycler CCD", "plays by the round number"),
    ("Cycler DC", "plays by the round number"),
    ("Cycler DDC", "plays by the round number"),
    (
        "Evolved HMM 5",
        "its hidden states 0 and 1 each hold while the opponent cooperates, so a D any number of rounds back decides",
    ),
    (
        "First by Feld",
        "its chance of C falls with the round number",
    ),
    (
        "Forgetful Grudger",
        "when a grudge began depends on the grudges before it",
    ),
    (
        "Fortress3",
        "its state is not shown by its last two own moves when they were not its own",
    ),
    ("Fortress4", "as Fortress3"),
    (
        "N Tit(s) For M Tat(s)",
        "a D answers two D in a row up to N + M - 1 = 4 rounds back",
    ),
    (
        "Once Bitten",
        "when a grudge began depends on the grudges before it",
    ),
    (
        "Random Tit for Tat",
        "whether a round copies or draws depends on the round number",
    ),
    (
        "Remorseful Prober",
        "keeps whether its last D was a probe, which noise can hide",
    ),
    ("Ripoff", "as Fortress3"),
    (
        "Second by Colbert",
        "where its D D C C chain stands depends on when the opponent's run of D began",
    ),
    (
        "Soft Grudger",
        "when a grudge began depends on the grudges before it",
    ),
    ("SolutionB1", "as Fortress3"),
];

/// Strategies whose `makes_use_of` in Axelrod-Python is not what they read.
const USES_CORRECTIONS: &[(&str, &str)] = &[(
    "Meta Mixer",
    "its members read the game and the length; Axelrod's MetaMixer replaces the step that \
     gathers its team's makes_use_of and declares none",
)];

#[test]
fn classifiers_agree_with_axelrod_except_where_documented() {
    let axelrod = axelrod_strategies();
    let corrected: BTreeSet<&str> = MEMORY_DEPTH_CORRECTIONS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let mut differences = Vec::new();
    for (name, entry) in ported() {
        let Some(record) = axelrod.get(name) else {
            continue;
        };
        let classifier = &record["classifier"];
        let makes_use_of: Vec<&str> = classifier["makes_use_of"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let theirs_depth = classifier["memory_depth"].as_u64().map(|d| d as u32);
        if entry.classifier.memory_depth != theirs_depth && !corrected.contains(name) {
            differences.push(format!(
                "{name}: memory depth {:?}, Axelrod {:?}",
                entry.classifier.memory_depth, theirs_depth
            ));
        }
        let stochastic = classifier["stochastic"].as_bool().unwrap();
        if entry.classifier.stochastic != stochastic {
            differences.push(format!(
                "{name}: stochastic {}, Axelrod {stochastic}",
                entry.classifier.stochastic
            ));
        }
        let uses_corrected = USES_CORRECTIONS
            .iter()
            .any(|(corrected, _)| *corrected == name);
        if entry.classifier.uses_length != makes_use_of.contains(&"length") && !uses_corrected {
            differences.push(format!(
                "{name}: uses length {}, Axelrod {makes_use_of:?}",
                entry.classifier.uses_length
            ));
        }
        if entry.classifier.uses_game != makes_use_of.contains(&"game") && !uses_corrected {
            differences.push(format!(
                "{name}: uses game {}, Axelrod {makes_use_of:?}",
                entry.classifier.uses_game
            ));
        }
    }
    assert!(differences.is_empty(), "{differences:#?}");
}

/// Our seeds per strategy and opponent: with Axelrod's 300, the difference of the means has a
/// standard error of about 1.05 times Axelrod's alone. Blocks of 64 replicates each run on one
/// scratch, so 63 of every 64 matches start from reset memories.
const OUR_SEEDS: u64 = 3000;

#[test]
fn stochastic_strategies_play_as_in_axelrod_through_the_engine_within_four_standard_errors() {
    // Every column of the panel: both players' mean scores, Axelrod's zero spreads, and the
    // strategy's cooperation rate; ours from one bipartite run of the ported stochastic
    // strategies against the panel's eight opponents, as `dilemma run` plays it.
    let data = axelrod_fixture("canon_stochastic_panel.json");
    assert_eq!(data["turns"], TURNS);
    let ported = ported();
    let rows: Vec<&Value> = data["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| ported.contains_key(row["strategy"].as_str().unwrap()))
        .collect();
    let mut strategies: Vec<&str> = Vec::new();
    let mut opponents: Vec<&str> = Vec::new();
    for row in &rows {
        for (list, key) in [(&mut strategies, "strategy"), (&mut opponents, "opponent")] {
            let name = row[key].as_str().unwrap();
            if !list.contains(&name) {
                list.push(name);
            }
        }
    }
    // The panel's "Cycler CCD" is axl.Cycler("CCD"), which plays as Cycler CCD.
    let our_name = |name: &str| {
        ported
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not ported"))
            .name
    };
    let experiment = bipartite(
        &strategies
            .iter()
            .map(|name| our_name(name))
            .collect::<Vec<_>>(),
        &opponents
            .iter()
            .map(|name| our_name(name))
            .collect::<Vec<_>>(),
        TURNS as u32,
        OUR_SEEDS,
        20,
    );
    let summary = dilemma::sim::run(&experiment, &dilemma::sim::Silent);
    let mut failures = Vec::new();
    for row in &rows {
        let strategy = row["strategy"].as_str().unwrap();
        let opponent = row["opponent"].as_str().unwrap();
        assert!(
            row["n"].as_f64().unwrap() >= 300.0,
            "{strategy}: too few seeds"
        );
        let position = |list: &[&str], name: &str| list.iter().position(|n| *n == name).unwrap();
        let cell = pair(
            &experiment,
            &summary,
            position(&strategies, strategy),
            position(&opponents, opponent),
        );
        assert_eq!(cell.replicates.len() as u64, OUR_SEEDS);
        // Every match is 200 rounds, so the share of C pooled over the replicates' rounds is the
        // mean of their cooperation rates, as Axelrod's column is.
        assert!((0..cell.replicates.len()).all(|r| cell.replicates.rounds(r) == TURNS as f64));
        let cooperation = cell.players[0].shares[0];
        for difference in
            compare_with_panel_row(row, &totals(cell, 0), &totals(cell, 1), cooperation)
        {
            failures.push(format!("{strategy} vs {opponent}: {difference}"));
        }
    }
    assert_eq!(rows.len(), strategies.len() * opponents.len());
    assert_eq!(opponents.len(), data["panel"].as_array().unwrap().len());
    assert!(
        strategies.len() >= 40,
        "only {} stochastic strategies compared",
        strategies.len()
    );
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A count as the README writes it: 8,778.
fn with_commas(count: usize) -> String {
    let digits = count.to_string();
    let mut text = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

#[test]
fn the_readme_states_the_canon_as_it_is() {
    // Its figures are counted here from the registry and the fixtures, so a strategy ported
    // later cannot leave them stale.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let axelrod = axelrod_strategies();
    let ported = ported();
    let named = ported
        .keys()
        .filter(|name| axelrod.contains_key(**name))
        .count();
    let round_robin = axelrod_fixture("canon_deterministic_200.json");
    let in_round_robin = names(&round_robin["strategies"]);
    let deterministic = ported
        .iter()
        .filter(|(name, entry)| !entry.classifier.stochastic && in_round_robin.contains(*name))
        .count();
    let panel = axelrod_fixture("canon_stochastic_panel.json");
    let stochastic: BTreeSet<&str> = panel["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["strategy"].as_str().unwrap())
        .filter(|name| ported.contains_key(name))
        .collect();
    for sentence in [
        format!(
            "`dilemma strategies` lists {} strategies: {named} of Axelrod-Python 4.14's {}",
            ENTRIES.len(),
            axelrod.len()
        ),
        format!(
            "the {deterministic} deterministic ones play all {} pairs",
            with_commas(deterministic * (deterministic + 1) / 2)
        ),
        format!("the {} stochastic ones score", stochastic.len()),
        format!(
            "except {} memory depths we correct",
            MEMORY_DEPTH_CORRECTIONS.len()
        ),
    ] {
        let flowing = readme.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flowing.contains(&sentence), "README lacks: {sentence}");
    }
}

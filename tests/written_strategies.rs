//! Strategies written in the scenario file (`fsm`, `lookup`, `memory_n`, `cycle = "CCD"`) play
//! as the same rule does in Axelrod-Python: written with a published table, each matches the
//! registered strategy of that table (itself checked move for move against Axelrod 4.14 in
//! tests/canon.rs) against every deterministic strategy we have; the rest is checked against
//! hand-worked sequences and the binomial distribution.

use dilemma::experiment::StrategySpec;
use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::registry::{ENTRIES, lookup};
use dilemma::strategy::testkit::{versus_policy, versus_script};

const TURNS: usize = 200;

/// The candidates a scenario gives Japan, compiled by the scenario reader, in a 200-round
/// standard prisoner's dilemma (so length-reading opponents see Axelrod's match length).
fn japan(candidates: &str) -> Vec<StrategySpec> {
    let text = format!(
        r#"
[scenario]
name = "written"
[game]
players = ["Japan", "Russia"]
actions = ["C", "D"]
rounds = {TURNS}
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
[strategies]
Japan = [{candidates}]
Russia = ["tit_for_tat"]
"#
    );
    let experiment = dilemma::scenario::parse(&text, "written.toml")
        .unwrap_or_else(|errors| panic!("{}", errors.first()));
    experiment.candidates.into_iter().next().unwrap()
}

fn registered(name: &str) -> Policy {
    lookup(name)
        .unwrap_or_else(|| panic!("no `{name}`"))
        .build(&StrategyArgs::default(), &Context::standard(TURNS as u32))
        .unwrap()
}

/// Every registered deterministic strategy that builds with its defaults, as opponents.
fn deterministic_panel() -> Vec<(&'static str, Policy)> {
    ENTRIES
        .iter()
        .filter(|entry| !entry.classifier.stochastic)
        .filter_map(|entry| {
            entry
                .build(&StrategyArgs::default(), &Context::standard(TURNS as u32))
                .ok()
                .filter(|policy| !policy.names_actions())
                .map(|policy| (entry.name, policy))
        })
        .collect()
}

/// The written strategy plays move for move as the registered one, against every
/// deterministic strategy and against itself.
fn plays_as(written: &Policy, name: &str) {
    let reference = registered(name);
    let panel = deterministic_panel();
    assert!(panel.len() >= 130, "{} opponents", panel.len());
    for (opponent_name, opponent) in &panel {
        assert_eq!(
            versus_policy(written, opponent, TURNS, 1),
            versus_policy(&reference, opponent, TURNS, 1),
            "written `{name}` against {opponent_name}"
        );
    }
    assert_eq!(
        versus_policy(written, written, TURNS, 1),
        versus_policy(&reference, &reference, TURNS, 1),
        "written `{name}` against itself"
    );
}

#[test]
fn published_machines_written_as_rows_play_as_axelrods() {
    // Fortress3 and TF1 as Axelrod-Python publishes their transitions (fsm module).
    let specs = japan(
        r#"
        { kind = "fsm", name = "fortress3", initial_state = 1, initial_action = "D", transitions = [
            [1, "C", 1, "D"], [1, "D", 2, "D"],
            [2, "C", 1, "D"], [2, "D", 3, "C"],
            [3, "C", 3, "C"], [3, "D", 1, "D"],
        ] },
        { kind = "fsm", name = "tf1", initial_state = 0, initial_action = "C", transitions = [
            [0, "C", 7, "C"], [0, "D", 1, "C"], [1, "C", 11, "D"], [1, "D", 11, "D"],
            [2, "C", 8, "D"], [2, "D", 8, "C"], [3, "C", 3, "C"], [3, "D", 12, "D"],
            [4, "C", 6, "C"], [4, "D", 3, "C"], [5, "C", 11, "C"], [5, "D", 8, "D"],
            [6, "C", 13, "D"], [6, "D", 14, "C"], [7, "C", 4, "D"], [7, "D", 2, "D"],
            [8, "C", 14, "D"], [8, "D", 8, "D"], [9, "C", 0, "C"], [9, "D", 10, "D"],
            [10, "C", 8, "C"], [10, "D", 15, "C"], [11, "C", 6, "D"], [11, "D", 5, "D"],
            [12, "C", 6, "D"], [12, "D", 9, "D"], [13, "C", 9, "D"], [13, "D", 8, "D"],
            [14, "C", 8, "D"], [14, "D", 13, "D"], [15, "C", 4, "C"], [15, "D", 5, "C"],
        ] },
        "#,
    );
    plays_as(&specs[0].policy, "fortress3");
    plays_as(&specs[1].policy, "tf1");
}

#[test]
fn a_machine_starts_in_its_first_rows_state_and_with_c_by_default() {
    // Grim trigger with its punishing state listed first: without `initial_state` it starts
    // there, so it defects from round 2 on whatever the opponent does; told to start in
    // state 1, it is grim trigger.
    let specs = japan(
        r#"
        { kind = "fsm", name = "from_first_row", transitions = [
            [2, "C", 2, "D"], [2, "D", 2, "D"], [1, "C", 1, "C"], [1, "D", 2, "D"],
        ] },
        { kind = "fsm", name = "grim", initial_state = 1, transitions = [
            [2, "C", 2, "D"], [2, "D", 2, "D"], [1, "C", 1, "C"], [1, "D", 2, "D"],
        ] },
        "#,
    );
    assert_eq!(versus_script(&specs[0].policy, "C", 5, 0).0, "CDDDD");
    assert_eq!(versus_script(&specs[1].policy, "CCDCC", 7, 0).0, "CCCDDDD");
    plays_as(&specs[1].policy, "grudger");
}

#[test]
fn published_lookup_tables_written_as_patterns_play_as_axelrods() {
    // Axelrod-Python's EvolvedLookerUp1_1_1 (self 1, opponent 1, openings 1) and Winner12
    // (self 1, opponent 2, initial actions CC) patterns.
    let specs = japan(
        r#"
        { kind = "lookup", name = "elu", self_plays = 1, op_plays = 1, op_openings = 1, pattern = "CDDDDCDD", initial_actions = "C" },
        { kind = "lookup", name = "winner12", self_plays = 1, op_plays = 2, pattern = "CDCDDCDD", initial_actions = "CC" },
        { kind = "lookup", name = "tft", op_plays = 1, pattern = "CD" },
        "#,
    );
    plays_as(&specs[0].policy, "evolvedlookerup1_1_1");
    plays_as(&specs[1].policy, "winner12");
    plays_as(&specs[2].policy, "tit_for_tat");
}

#[test]
fn a_written_gambler_cooperates_with_its_chances() {
    // After the opponent's C it cooperates; after its D, with chance 0.3. Against always
    // defect, rounds 2..=10000 are independent draws: their share of C is binomial, and lies
    // within 4 standard errors of 0.3.
    let specs = japan(r#"{ kind = "lookup", op_plays = 1, pattern = [1, 0.3] }"#);
    let gambler = &specs[0].policy;
    assert!(specs[0].classifier.stochastic);
    assert_eq!(specs[0].classifier.memory_depth, Some(1));
    let rounds = 10_000;
    let (moves, _) = versus_script(gambler, "D", rounds, 7);
    assert!(moves.starts_with('C'));
    let draws = (rounds - 1) as f64;
    let share = moves[1..].matches('C').count() as f64 / draws;
    let standard_error = (0.3 * 0.7 / draws).sqrt();
    assert!(
        (share - 0.3).abs() < 4.0 * standard_error,
        "share of C {share}, expected 0.3 ± {}",
        4.0 * standard_error
    );
    // Against a cooperator it never draws a D.
    assert_eq!(versus_script(gambler, "C", 50, 7).0, "C".repeat(50));
}

#[test]
fn memory_n_tables_play_as_the_rules_they_write() {
    // n = 1 with p = (1, 0, 0, 1) over CC, CD, DC, DD is win-stay lose-shift; n = 2 with
    // AON2's sixteen-vector is AON2 (Axelrod's memorytwo module).
    let specs = japan(
        r#"
        { kind = "memory_n", name = "wsls", n = 1, p = [1, 0, 0, 1] },
        { kind = "memory_n", name = "aon2", n = 2, p = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] },
        { kind = "memory_n", name = "tf3t", n = 3, first = 1, p = [
            1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0,
            1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0,
            1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0,
            1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0,
        ] },
        "#,
    );
    plays_as(&specs[0].policy, "win_stay_lose_shift");
    plays_as(&specs[1].policy, "aon2");
    // Keys: own three moves then the opponent's three, oldest first, D = 1; the opponent's
    // three are the key's low bits, so p is 0 exactly at keys ending in 0b111: "D only after
    // three Ds in a row", worked by hand against this script.
    let tf3t = &specs[2].policy;
    assert_eq!(specs[2].classifier.memory_depth, Some(3));
    assert_eq!(versus_script(tf3t, "DDDCDDDDC", 11, 0).0, "CCCDCCCDDCC");
}

#[test]
fn a_cycle_written_as_letters_plays_as_axelrods_cycler() {
    let specs = japan(
        r#"
        { kind = "cycle", name = "ccd", sequence = "CCD" },
        { kind = "cycle", name = "cccdcd", sequence = "CCCDCD" },
        { kind = "cycle", name = "list", sequence = ["C", "C", "D"] },
        "#,
    );
    plays_as(&specs[0].policy, "cycler_ccd");
    plays_as(&specs[1].policy, "cycler_cccdcd");
    assert_eq!(specs[0].policy, specs[2].policy);
}

#[test]
fn a_written_machine_declares_the_depth_its_rows_give() {
    // Tit for tat as a one-state machine reads one round; grim trigger as a machine reads the
    // whole history; a machine that plays C in every reachable state reads nothing.
    let specs = japan(
        r#"
        { kind = "fsm", name = "tft", transitions = [[1, "C", 1, "C"], [1, "D", 1, "D"]] },
        { kind = "fsm", name = "grim", transitions = [[1, "C", 1, "C"], [1, "D", 2, "D"], [2, "C", 2, "D"], [2, "D", 2, "D"]] },
        { kind = "fsm", name = "nice", transitions = [[1, "C", 2, "C"], [1, "D", 1, "C"], [2, "C", 1, "C"], [2, "D", 2, "C"]] },
        "#,
    );
    let depths: Vec<Option<u32>> = specs
        .iter()
        .map(|spec| spec.classifier.memory_depth)
        .collect();
    assert_eq!(depths, [Some(1), None, Some(0)]);
    assert!(specs.iter().all(|spec| !spec.classifier.stochastic));
}

#[test]
fn a_long_table_is_recorded_by_its_digest_and_stays_distinct() {
    // The manifest repeats each definition per cell: a 5000-move cycle is recorded by its
    // SHA-256, two cycles one letter apart stay apart, and a short table reads as written.
    let long = "CCD".repeat(1666) + "CC";
    let other = "CCD".repeat(1666) + "CD";
    let specs = japan(&format!(
        r#"{{ kind = "cycle", name = "long", sequence = "{long}" }},
        {{ kind = "cycle", name = "other", sequence = "{other}" }},
        {{ kind = "lookup", name = "short", op_plays = 1, pattern = "CD" }}"#
    ));
    let definitions: Vec<String> = specs.iter().map(StrategySpec::definition).collect();
    for definition in &definitions[..2] {
        assert!(definition.len() < 200, "{definition}");
        assert!(definition.contains("sha256:"), "{definition}");
    }
    assert_ne!(definitions[0], definitions[1]);
    assert!(
        definitions[2].contains("pattern: [1.0, 0.0]"),
        "{}",
        definitions[2]
    );
}

//! Unit tests of the validator: constraint combinations, error order, de-duplication and the
//! cap. Files that must be rejected from the command line live in `tests/bad_scenarios/`.

use super::{MAX_ERRORS, MAX_KNOWN_CHARS, known_list};
use crate::scenario::{ScenarioErrors, parse};

/// A two-player scenario with `extra` inserted before `[strategies]`.
fn scenario(parameters: &str, extra: &str) -> String {
    format!(
        "[scenario]\nname = \"t\"\n[parameters]\n{parameters}\n[game]\nplayers = [\"Japan\", \"Russia\"]\n\
         rounds = 3\n[game.payoffs]\n\"C,C\" = [3, 3]\n\"C,D\" = [0, 5]\n\"D,C\" = [5, 0]\n\
         \"D,D\" = [1, 1]\n{extra}\n[strategies]\nJapan = [\"tit_for_tat\"]\nRussia = [\"always_defect\"]\n"
    )
}

fn constraint(player: &str, forbid: &str, probability: &str) -> String {
    format!(
        "[[game.constraints]]\nplayer = \"{player}\"\nforbid = {forbid}\nprobability = {probability}\n"
    )
}

fn errors(text: &str) -> ScenarioErrors {
    match parse(text, "f") {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(errors) => errors,
    }
}

#[test]
fn constraints_that_cannot_hold_together_are_fine() {
    // C and D are each forbidden, but the constraint on C never holds: no round forbids both.
    let text = scenario(
        "never = 0",
        &(constraint("Japan", "[\"C\"]", "\"never\"") + &constraint("Japan", "[\"D\"]", "1")),
    );
    let experiment = parse(&text, "f").expect("a probability-0 constraint never combines");
    assert_eq!(experiment.game.constraints.len(), 2);
    // The same constraints on different players never combine either.
    let text = scenario(
        "",
        &(constraint("Japan", "[\"C\"]", "1") + &constraint("Russia", "[\"D\"]", "1")),
    );
    assert!(parse(&text, "f").is_ok());
    // Overlapping constraints that leave D allowed are fine at any probability.
    let text = scenario(
        "",
        &(constraint("Japan", "[\"C\"]", "0.5") + &constraint("Japan", "[\"C\"]", "0.5")),
    );
    assert!(parse(&text, "f").is_ok());
}

#[test]
fn constraints_that_may_hold_together_must_leave_an_action() {
    let text = scenario(
        "p = 0.5",
        &(constraint("Japan", "[\"C\"]", "\"p\"") + &constraint("Japan", "[\"D\"]", "\"p * p\"")),
    );
    let errors = errors(&text);
    assert_eq!(errors.0.len(), 1, "{errors}");
    let error = errors.first();
    assert_eq!(error.field, "game.constraints[1].forbid");
    // Independent draws: both hold with probability 0.5 * 0.25.
    assert!(
        error.message.contains("together with game.constraints[0] ")
            && error.message.contains("probability 0.125 each round"),
        "{error}"
    );
}

#[test]
fn a_64_action_player_is_covered_without_overflow() {
    let labels: Vec<String> = (0..64).map(|index| format!("\"A{index}\"")).collect();
    let payoffs: String = (0..64)
        .flat_map(|own| ["C", "D"].map(|other| format!("\"A{own},{other}\" = [1, 1]\n")))
        .collect();
    let text = format!(
        "[scenario]\nname = \"t\"\n[game]\nplayers = [\"Japan\", \"Russia\"]\nrounds = 3\n\
         [game.actions]\nJapan = [{}]\nRussia = [\"C\", \"D\"]\n[game.payoffs]\n{payoffs}\n{}{}\
         [strategies]\nJapan = [\"tit_for_tat\"]\nRussia = [\"always_defect\"]\n",
        labels.join(", "),
        constraint("Japan", &format!("[{}]", labels[..63].join(", ")), "1"),
        constraint("Japan", "[\"A63\"]", "1"),
    );
    let errors = errors(&text);
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    // The combination, then (later in the file) the strategy that needs two actions.
    assert_eq!(
        fields,
        ["game.constraints[1].forbid", "strategies.Japan[0]"],
        "{errors}"
    );
}

#[test]
fn errors_come_in_file_order_without_repeats() {
    // Parameters are a BTreeMap (name order); the report follows the file.
    let text = scenario("zeta = inf\nalpha = nan", "");
    let fields: Vec<String> = errors(&text).0.into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["parameters.zeta", "parameters.alpha"]);
    // One unknown parameter read twice in one formula is two errors at two places, but a
    // rejected parameter is not reported again where a formula reads it.
    let text = scenario("bad = inf", "").replace("[3, 3]", "[\"bad + bad\", \"bad\"]");
    let errors = errors(&text);
    assert_eq!(errors.0.len(), 1, "{errors}");
    let positions: Vec<_> = errors.0.iter().map(|e| e.position).collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted);
}

#[test]
fn a_flood_of_errors_is_capped_with_a_count() {
    let parameters: Vec<String> = (0..MAX_ERRORS + 7)
        .map(|index| format!("\"bad {index}\" = 1"))
        .collect();
    let errors = errors(&scenario(&parameters.join("\n"), ""));
    assert_eq!(errors.0.len(), MAX_ERRORS + 1);
    let last = errors.0.last().expect("a closing line");
    assert_eq!(last.position, None);
    assert_eq!(last.message, "… and 7 more errors");
    assert_eq!(errors.0[0].field, "parameters.\"bad 0\"");
}

#[test]
fn every_independent_section_is_reported() {
    let text = scenario("energy = 0.5", "")
        .replace("rounds = 3", "rounds = 0\nnoise = -1e-300")
        .replace("\"C,D\" = [0, 5]", "\"C,D\" = [\"0 - enrgy\", 5]")
        .replace("[\"always_defect\"]", "[\"alwys_defect\", { kind = \"\" }]");
    let errors = errors(&text);
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "game.rounds",
            "game.noise",
            "game.payoffs.\"C,D\"[0]",
            "strategies.Russia[0]",
            "strategies.Russia[1].kind",
        ],
        "{errors}"
    );
    assert!(errors.0[1].message.ends_with("found -1e-300"), "{errors}");
    assert_eq!(errors.0[3].suggestion.as_deref(), Some("always_defect"));
}

#[test]
fn known_lists_stay_short() {
    let names = |list: &[&str]| list.iter().map(|name| name.to_string()).collect::<Vec<_>>();
    assert_eq!(known_list(&names(&["C", "D"])), "C, D");
    let many: Vec<String> = (0..64).map(|index| format!("A{index}")).collect();
    assert_eq!(
        known_list(&many),
        "A0, A1, A2, A3, A4, A5, A6, A7, … 56 more"
    );
    let long: Vec<String> = (0..64)
        .map(|index| format!("{}{index}", "L".repeat(90)))
        .collect();
    let shown = known_list(&long);
    // An echoed name here is 80 characters and a 22-character note (~104 with ", "): one
    // fits in the budget, two do not.
    assert!(shown.ends_with(", … 63 more"), "{shown}");
    assert!(shown.chars().count() < MAX_KNOWN_CHARS + 20, "{shown}");
    assert_eq!(known_list(&names(&["\n"])), "\\n");
}

#[test]
fn the_first_errors_in_file_order_survive_a_flood() {
    // `[strategies]` comes first in the file but is checked last, after thousands of bad payoff
    // rows have been found and most of them dropped: its error must still lead the report.
    let rows: String = (0..3000)
        .map(|index| format!("\"X{index}\" = [1, 1]\n"))
        .collect();
    let text = format!(
        "[scenario]\nname = \"t\"\n[strategies]\nJapan = [\"tit_for_tatt\"]\nRussia = [\"joss\"]\n\
         [game]\nplayers = [\"Japan\", \"Russia\"]\nrounds = 3\n[game.payoffs]\n{rows}"
    );
    let errors = errors(&text);
    assert_eq!(errors.0.len(), MAX_ERRORS + 1);
    assert_eq!(errors.0[0].field, "strategies.Japan[0]");
    assert_eq!(errors.0[0].position, Some((4, 10)));
    // Then the rows from the first on, one error each (a key of one label, not two).
    assert_eq!(errors.0[1].field, "game.payoffs.\"X0\"");
    assert_eq!(errors.0[1].position, Some((10, 1)));
    assert_eq!(errors.0[MAX_ERRORS - 1].field, "game.payoffs.\"X48\"");
    let last = errors.0.last().expect("a closing line");
    // 1 + 3000 errors, 50 shown.
    assert_eq!(last.message, "… and 2951 more errors");
}

#[test]
fn a_cover_of_many_constraints_is_named_briefly_and_its_chance_never_reads_zero() {
    // Japan has 64 actions and one constraint per action, each holding with probability 1e-10:
    // the last completes the cover with the 63 others, which all hold at once with probability
    // 1e-640, below the smallest positive f64.
    let labels: Vec<String> = (0..64).map(|index| format!("\"A{index}\"")).collect();
    let payoffs: String = (0..64)
        .flat_map(|own| ["C", "D"].map(|other| format!("\"A{own},{other}\" = [1, 1]\n")))
        .collect();
    let constraints: String = labels
        .iter()
        .map(|label| constraint("Japan", &format!("[{label}]"), "1e-10"))
        .collect();
    let text = format!(
        "[scenario]\nname = \"t\"\n[game]\nplayers = [\"Japan\", \"Russia\"]\nrounds = 3\n\
         [game.actions]\nJapan = [{}]\nRussia = [\"C\", \"D\"]\n[game.payoffs]\n{payoffs}\n\
         {constraints}[strategies]\nJapan = [\"tit_for_tat\"]\nRussia = [\"always_defect\"]\n",
        labels.join(", "),
    );
    let errors = errors(&text);
    let error = errors.first();
    assert_eq!(error.field, "game.constraints[63].forbid", "{errors}");
    assert!(
        error.message.starts_with(
            "together with game.constraints[0] and game.constraints[1] and \
             game.constraints[2] and game.constraints[3] and 59 more forbids every action"
        ),
        "{error}"
    );
    assert!(
        error
            .message
            .contains("(probability below 2.2250738585072014e-308 each round)"),
        "{error}"
    );
}

#[test]
fn a_constraint_with_a_bad_fallback_still_takes_part_in_combinations() {
    let second = constraint("Japan", "[\"D\"]", "1") + "fallback = \"D\"\n";
    let text = scenario("", &(constraint("Japan", "[\"C\"]", "1") + &second));
    let errors = errors(&text);
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    // The combination at the forbid list, then the fallback written after it: file order.
    assert_eq!(
        fields,
        ["game.constraints[1].forbid", "game.constraints[1].fallback"],
        "{errors}"
    );
}

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

// `[[charts]]`: the specs a valid section gives, the limits at their edges, and what the
// manifest records. The corpus in `tests/bad_scenarios/` holds one file per chart error.

use crate::chart::spec::{ChartKind, ChartSpec, Format};
use crate::export::manifest;

/// The brief's example entry, then two with only a kind and a metric.
const CHARTS: &str = r#"
[[charts]]
kind = "payoffs"
file = "payoffs_single"
metric = "mean_payoff"
profiles = ["tit_for_tat vs always_defect"]
players = ["Japan"]
title = "Payoffs under energy dependence"
x_label = "mean payoff per round"
y_label = "profile"
width = "3.5in"
height = "2.5in"
font_size = 8
formats = ["pdf", "png"]
dpi = 300

[[charts]]
kind = "rounds"
metric = "share_D"

[[charts]]
kind = "heatmap"
"#;

fn charts_of(extra: &str) -> Vec<ChartSpec> {
    match parse(&scenario("", extra), "f") {
        Ok(experiment) => experiment.charts,
        Err(errors) => panic!("rejected: {errors}\n{extra}"),
    }
}

/// The one error a chart entry gives, as `field: message`.
fn chart_error(extra: &str) -> String {
    let errors = errors(&scenario("", extra));
    assert_eq!(errors.0.len(), 1, "{errors}");
    format!("{}: {}", errors.0[0].field, errors.0[0].message)
}

#[test]
fn a_valid_charts_section_gives_its_specs_as_written() {
    let expected = vec![
        ChartSpec {
            kind: Some(ChartKind::Payoffs),
            file: Some("payoffs_single".to_string()),
            metric: Some("mean_payoff".to_string()),
            overlay: None,
            point: None,
            profiles: Some(vec!["tit_for_tat vs always_defect".to_string()]),
            players: Some(vec!["Japan".to_string()]),
            title: Some("Payoffs under energy dependence".to_string()),
            x_label: Some("mean payoff per round".to_string()),
            y_label: Some("profile".to_string()),
            width: Some("3.5in".to_string()),
            height: Some("2.5in".to_string()),
            font_size: Some(8.0),
            formats: Some(vec![Format::Pdf, Format::Png]),
            dpi: Some(300),
        },
        ChartSpec {
            kind: Some(ChartKind::Rounds),
            metric: Some("share_D".to_string()),
            ..ChartSpec::default()
        },
        ChartSpec {
            kind: Some(ChartKind::Heatmap),
            ..ChartSpec::default()
        },
    ];
    assert_eq!(charts_of(CHARTS), expected);
    // Without the section, no chart is requested.
    assert_eq!(charts_of(""), Vec::new());
}

#[test]
fn chart_limits_hold_at_their_edges() {
    let entry = |fields: &str| format!("[[charts]]\nkind = \"payoffs\"\n{fields}\n");
    // Inside, at the edges: 20in at 600 dpi is exactly 12000 pixels; 508mm is 20in.
    for fields in [
        "width = \"20in\"\nheight = \"1in\"\ndpi = 600",
        "width = \"508mm\"\nheight = \"25.4mm\"\ndpi = 600",
        "height = \"1440pt\"\ndpi = 600",
        "dpi = 50",
        "dpi = 1200",
        "width = \"10in\"\ndpi = 1200",
        // No PNG, so the pixel size does not arise.
        "width = \"20in\"\ndpi = 1200\nformats = [\"svg\", \"pdf\"]",
        "font_size = 4",
        "font_size = 24.0",
        "formats = [\"SVG\"]",
        &format!("title = \"{}\"", "é".repeat(200)),
        "title = \"\"",
    ] {
        charts_of(&entry(fields));
    }
    // Just outside. 20in × 601 = 12020 px; 10.01in × 1200 = 12012 px.
    let refused = [
        (
            "width = \"20in\"\ndpi = 601",
            "charts[0].dpi: a PNG 20in wide at 601 dpi would be 12020 pixels wide; at most 12000 pixels a side, so at most 600 dpi at this width",
        ),
        (
            "height = \"720.72pt\"\ndpi = 1200",
            "charts[0].dpi: a PNG 720.72pt high at 1200 dpi would be 12012 pixels high; at most 12000 pixels a side, so at most 1198 dpi at this height",
        ),
        (
            "dpi = 49",
            "charts[0].dpi: must be a whole number from 50 to 1200, found 49",
        ),
        (
            "dpi = 1201",
            "charts[0].dpi: must be a whole number from 50 to 1200, found 1201",
        ),
        (
            "dpi = 300.5",
            "charts[0].dpi: must be a whole number from 50 to 1200, found 300.5",
        ),
        (
            "font_size = 3.99",
            "charts[0].font_size: must be between 4 and 24 points, found 3.99",
        ),
        (
            "font_size = 24.01",
            "charts[0].font_size: must be between 4 and 24 points, found 24.01",
        ),
        (
            "width = \"0.99in\"",
            "charts[0].width: 0.99in is outside the range of chart sizes, 1in to 20in",
        ),
        (
            "height = \"508.1mm\"",
            "charts[0].height: 508.1mm is outside the range of chart sizes, 1in to 20in",
        ),
        (
            &format!("title = \"{}\"", "é".repeat(201)),
            "charts[0].title: is 201 characters long; at most 200 fit on a chart",
        ),
    ];
    for (fields, message) in refused {
        assert_eq!(chart_error(&entry(fields)), message, "{fields}");
    }
}

#[test]
fn hostile_chart_values_are_errors_not_panics() {
    let entry = |fields: &str| format!("[[charts]]\nkind = \"rounds\"\n{fields}\n");
    for (fields, field, found) in [
        ("dpi = 1e300", "charts[0].dpi", "found 1e300"),
        ("dpi = -1", "charts[0].dpi", "found -1"),
        ("dpi = nan", "charts[0].dpi", "found NaN"),
        ("dpi = inf", "charts[0].dpi", "found inf"),
        (
            "dpi = -9223372036854775808",
            "charts[0].dpi",
            "found -9.223372036854776e18",
        ),
        ("font_size = -inf", "charts[0].font_size", "found -inf"),
        (
            "width = \"1e400in\"",
            "charts[0].width",
            "expected a length with a unit",
        ),
        (
            "width = \"\"",
            "charts[0].width",
            "expected a length with a unit",
        ),
        (
            "file = \"../../etc/x\"",
            "charts[0].file",
            "`../../etc/x` cannot name a chart file",
        ),
        (
            "file = \"\"",
            "charts[0].file",
            "`` cannot name a chart file",
        ),
        (
            "x_label = \"\\u0000\"",
            "charts[0].x_label",
            "the control character `\\u{0}`",
        ),
        (
            "y_label = \"a\\u202Eb\"",
            "charts[0].y_label",
            "the bidirectional formatting character `\\u{202e}`",
        ),
        (
            "metric = \"\\u001b[2J\"",
            "charts[0].metric",
            "unknown metric `\\u{1b}[2J` for a rounds chart",
        ),
    ] {
        let message = chart_error(&entry(fields));
        assert!(message.starts_with(&format!("{field}: ")), "{message}");
        assert!(message.contains(found), "{fields}: {message}");
    }
    // A number too large for an f64 (1 and 400 zeros) is not a length.
    let message = chart_error(&entry(&format!("width = \"1{}in\"", "0".repeat(400))));
    assert!(
        message.starts_with("charts[0].width: expected a number before the unit"),
        "{message}"
    );
    // 100 000 characters: counted, never echoed whole.
    let message = chart_error(&entry(&format!("title = \"{}\"", "x".repeat(100_000))));
    assert_eq!(
        message,
        "charts[0].title: is 100000 characters long; at most 200 fit on a chart"
    );
    let message = chart_error(&entry(&format!("players = [\"{}\"]", "J".repeat(100_000))));
    assert!(message.len() < 400, "{message}");
}

#[test]
fn chart_errors_are_all_reported_in_file_order_with_the_rest() {
    // Charts written before the game: their errors lead, and the game's still follow.
    let text = scenario("", "").replace(
        "[scenario]",
        "[[charts]]\nkind = \"heatmpa\"\ndpi = 0\n[[charts]]\nformats = [\"gif\"]\n[scenario]",
    );
    let text = text.replace("rounds = 3", "rounds = 0");
    let errors = errors(&text);
    let found: Vec<(&str, Option<(usize, usize)>)> = errors
        .0
        .iter()
        .map(|error| (error.field.as_str(), error.position))
        .collect();
    assert_eq!(
        found,
        [
            ("charts[0].kind", Some((2, 8))),
            ("charts[0].dpi", Some((3, 7))),
            ("charts[1].kind", Some((4, 1))),
            ("charts[1].formats[0]", Some((5, 12))),
            ("game.rounds", Some((12, 10))),
        ],
        "{errors}"
    );
    assert_eq!(errors.0[0].suggestion.as_deref(), Some("heatmap"));
}

#[test]
fn profile_labels_may_hold_the_separator() {
    // Japan's second label contains " vs ", so "x vs always_defect vs …" is split after it.
    let text = scenario("", "")
        .replace(
            "Japan = [\"tit_for_tat\"]",
            "Japan = [\"tit_for_tat\", { kind = \"grudger\", name = \"x vs always_defect\" }]",
        )
        .replace(
            "Russia = [\"always_defect\"]",
            "Russia = [\"always_defect\", { kind = \"joss\", name = \"a vs b\" }]",
        );
    let with = |profiles: &str| {
        text.replace(
            "[strategies]",
            &format!("[[charts]]\nkind = \"payoffs\"\nprofiles = {profiles}\n[strategies]"),
        )
    };
    let all = "[\"tit_for_tat vs always_defect\", \"tit_for_tat vs a vs b\", \
               \"x vs always_defect vs always_defect\", \"x vs always_defect vs a vs b\"]";
    let experiment = parse(&with(all), "f").expect("every profile is known");
    let labels: Vec<String> = experiment
        .cells
        .iter()
        .map(|cell| experiment.profile_label(cell))
        .collect();
    assert_eq!(
        experiment.charts[0].profiles.as_deref(),
        Some(&labels[..]),
        "the four profiles, in the cells' order"
    );
    for unknown in [
        "x vs always_defect",
        "tit_for_tat vs a",
        "tit_for_tat vs always_defect vs a vs b",
        "tit_for_tat  vs always_defect",
        "",
    ] {
        let errors = errors(&with(&format!("[\"{unknown}\"]")));
        assert_eq!(errors.0.len(), 1, "{errors}");
        assert!(
            errors.0[0]
                .message
                .starts_with(&format!("unknown profile `{unknown}`")),
            "{errors}"
        );
    }
    // A typo in one part is corrected part by part.
    let errors = errors(&with("[\"tit_for_tat vs alwys_defect\"]"));
    assert_eq!(
        errors.0[0].suggestion.as_deref(),
        Some("tit_for_tat vs always_defect")
    );
}

#[test]
fn validated_charts_round_trip_through_the_manifest() {
    let experiment = parse(&scenario("", CHARTS), "f").expect("valid");
    let json = manifest::to_json(&experiment, &[], &[], 1);
    // The recorded shape: fields left out are absent, formats are lowercase names.
    assert_eq!(
        json["charts"][0],
        serde_json::json!({
            "kind": "payoffs",
            "file": "payoffs_single",
            "metric": "mean_payoff",
            "profiles": ["tit_for_tat vs always_defect"],
            "players": ["Japan"],
            "title": "Payoffs under energy dependence",
            "x_label": "mean payoff per round",
            "y_label": "profile",
            "width": "3.5in",
            "height": "2.5in",
            "font_size": 8.0,
            "formats": ["pdf", "png"],
            "dpi": 300,
        })
    );
    assert_eq!(json["charts"][2], serde_json::json!({ "kind": "heatmap" }));
    let read = manifest::charts(&json).expect("the manifest's charts read back");
    assert_eq!(read, experiment.charts);
    assert_eq!(read.len(), 3);

    // Without the section: an empty list, read back as none.
    let plain = parse(&scenario("", ""), "f").expect("valid");
    let json = manifest::to_json(&plain, &[], &[], 1);
    assert_eq!(json["charts"], serde_json::json!([]));
    assert_eq!(manifest::charts(&json), Ok(Vec::new()));
    // A manifest from before charts were recorded has none; a damaged one says where.
    assert_eq!(manifest::charts(&serde_json::json!({})), Ok(Vec::new()));
    let damaged = serde_json::json!({ "charts": [{ "kind": "heatmap" }, { "kind": "pie" }] });
    let error = manifest::charts(&damaged).unwrap_err();
    assert!(error.starts_with("the manifest's charts[1]: "), "{error}");
    assert!(manifest::charts(&serde_json::json!({ "charts": 3 })).is_err());
}

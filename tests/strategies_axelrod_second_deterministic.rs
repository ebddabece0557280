//! Pinned plays of Axelrod's second-tournament entries that play deterministically, restating
//! the `versus_test` expectations of Axelrod-Python 4.14's `test_axelrod_second.py` (where one
//! of its expectations is a prefix of a longer one against the same opponent, the longer is
//! kept). Axelrod's `versus_test` tells the players the match length (the number of expected
//! actions), so these do too; none of these strategies reads it.

use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, Rspt, StrategyArgs};
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::{pairs, versus_policy, versus_script};

fn build(name: &str, context: &Context) -> Policy {
    lookup(name)
        .unwrap_or_else(|| panic!("no `{name}`"))
        .build(&StrategyArgs::default(), context)
        .unwrap_or_else(|e| panic!("building `{name}`: {e}"))
}

/// Moves in a compact form: tokens separated by spaces, each a run of letters optionally
/// repeated with `*n` (`"C*10 CDD*2"` is ten Cs then CDDCDD).
fn moves(spec: &str) -> String {
    spec.split_whitespace()
        .map(|token| match token.split_once('*') {
            Some((run, times)) => run.repeat(times.parse().expect("a repeat count")),
            None => token.to_string(),
        })
        .collect()
}

/// `name` against an opponent cycling through `script` (Axelrod's Cooperator "C", Defector
/// "D", Alternator "CD", `MockPlayer(actions)` or a cycler) plays `expected`.
fn versus(name: &str, script: &str, expected: &str) {
    let (own, opponent) = pairs(expected);
    let policy = build(name, &Context::standard(own.len() as u32));
    let played = versus_script(&policy, &moves(script), own.len(), 0);
    assert_eq!(played, (own, opponent), "{name} vs {script:?}");
}

/// `name` against the registered strategy `opponent` plays `expected`.
fn versus_policy_named(name: &str, opponent: &str, expected: &str) {
    let (own, theirs) = pairs(expected);
    let context = Context::standard(own.len() as u32);
    let played = versus_policy(
        &build(name, &context),
        &build(opponent, &context),
        own.len(),
        0,
    );
    assert_eq!(played, (own, theirs), "{name} vs {opponent}");
}

#[test]
fn tester() {
    versus("second_by_tester", "C", "DC CC*2 DC.CC*4");
    versus("second_by_tester", "CD", "DC.CD.CC");
    versus("second_by_tester", "CD*2 DC", "DC.CD.CC.CD.DD.DC.CC");
}

#[test]
fn gladstein() {
    versus("second_by_gladstein", "CD", "DC.CD.CC.CD.DC");
    versus("second_by_gladstein", "C", "DC CC*2 DC.CC");
    versus("second_by_gladstein", "D", "DD.CD DD*3");
    versus("second_by_gladstein", "C*3 D*2", "DC CC*2 DD.CD");
    versus_policy_named("second_by_gladstein", "anti_tit_for_tat", "DC.CC CD*2 DD");
}

#[test]
fn grofman() {
    versus("second_by_grofman", "C", "CC*2");
    versus("second_by_grofman", "CD", "CC CD.DC*3");
    versus("second_by_grofman", "C*6 D*2", "CC*6 CD*2");
    versus(
        "second_by_grofman",
        "C*2 D*3 C*2 D",
        "CC*2 CD DD*2 DC.CC.DD",
    );
    versus("second_by_grofman", "C*5 DCD", "CC*5 CD.DC.CD");
    versus("second_by_grofman", "D*8", "CD*2 DD*6");
    versus_policy_named(
        "second_by_grofman",
        "anti_tit_for_tat",
        "CC.CD.DD.DC*2 DC*6 CC CD*4 DD DC*7 CC CD*4 DD DC*7 CC CD*4 DD DC*7 CC CD*4 DD.DC",
    );
}

#[test]
fn borufsen() {
    versus("second_by_borufsen", "C", "CC*100");
    versus("second_by_borufsen", "D", "CD.DD.DD.DD*7 DD*98");
    versus("second_by_borufsen", "CD", "CC.CD.DC.CD.DC.CD*20");
    versus_policy_named(
        "second_by_borufsen",
        "win_shift_lose_stay",
        "CD.DC.CC*8 CD DC*27 CC.CD.DC*8 DC*25",
    );
}

#[test]
fn graaskampkatzen() {
    versus("second_by_graaskampkatzen", "C", "CC*100");
    versus(
        "second_by_graaskampkatzen",
        "CDD",
        "CC CD.DD.DC*3 DD.DD.DC*20",
    );
    versus(
        "second_by_graaskampkatzen",
        "C*10 CDD*24",
        "CC*11 CD.DD.DC*3 DD.DD.DC*20",
    );
}

#[test]
fn weiner() {
    versus("second_by_weiner", "C", "CC*100");
    versus("second_by_weiner", "CD", "CC.CD.DC.CD*2 DC.CD DC.DD*100 DC");
    versus("second_by_weiner", "CD C*4 D*2", "CC.CD.DC CC*3 CD.DD");
    versus(
        "second_by_weiner",
        "CD C*4 DC*2",
        "CC.CD.DC CC*3 CD.DC.CD.CC",
    );
    versus(
        "second_by_weiner",
        "CD*2 C*13 DC*2",
        "CC.CD.DC.CD CC*13 CD.DC.CD.CC",
    );
}

#[test]
fn tideman_and_chieruzzi() {
    versus("second_by_tideman_and_chieruzzi", "C", "CC*100");
    versus("second_by_tideman_and_chieruzzi", "D", "CD DD*8 CD*2 DD*2");
    versus(
        "second_by_tideman_and_chieruzzi",
        "CD",
        "CC CD.DC*2 DD.DC*2 DD",
    );
    versus("second_by_tideman_and_chieruzzi", "C*5 D*5", "CC*5 CD DD*4");
}

#[test]
fn white() {
    versus("second_by_white", "C", "CC*30");
    versus("second_by_white", "D", "CD*10 DD*20");
    versus("second_by_white", "D*2 C", "CD.CD.CC*3 CD.DD.DC*3 CD.DD");
    versus("second_by_white", "CD", "CC.CD*10");
}

#[test]
fn richardhufford() {
    versus("second_by_richardhufford", "C", "CC*19 DC CC*15 DC CC*2");
    versus("second_by_richardhufford", "C*20 D", "CC*19 DC.CD.CC");
    versus_policy_named(
        "second_by_richardhufford",
        "win_shift_lose_stay",
        "CD.DC.CC*2 DD*3",
    );
}

#[test]
fn yamachi() {
    versus("second_by_yamachi", "C", "CC*100");
    versus("second_by_yamachi", "D", "CD*3 DD.CD DD*30");
    versus("second_by_yamachi", "CD", "CC.CD*3 DC.CD*17 DC.DD*30");
    versus_policy_named(
        "second_by_yamachi",
        "ripoff",
        "CD.CC.CD.DC.CC DC.CD*17 DC DD*8 CD.DC.CD",
    );
}

#[test]
fn colbert() {
    versus("second_by_colbert", "C", "CC*5 DC CC*30");
    versus("second_by_colbert", "D", "CD*5 DD.CD.CD.DD*20 DD CD*2");
    versus(
        "second_by_colbert",
        "C*10 D C*5",
        "CC*5 DC CC*4 CD DC*2 CC*3",
    );
}

#[test]
fn mikkelson() {
    versus("second_by_mikkelson", "C", "CC*30");
    versus("second_by_mikkelson", "D", "CD*4 DD.CD*3 DD*31");
    versus("second_by_mikkelson", "D*2 C", "CD*2 CC CD*2 DC CD*2");
    versus("second_by_mikkelson", "C*100 D*6", "CC*100 CD*6");
}

#[test]
fn rowsam() {
    versus("second_by_rowsam", "C", "CC*100");
    versus("second_by_rowsam", "D", "CD*5 DD.CD*2 CD*2 DD*100");
    versus("second_by_rowsam", "D*5 C", "CD*5 DC");
    versus("second_by_rowsam", "D*2 C*4", "CD*2 CC*3 DC");
    versus("second_by_rowsam", "D C*5", "CD CC*4 DC");
    versus(
        "second_by_rowsam",
        "D*3 C*51",
        "CD*3 CC.CC.DC.CC.DC.CC*2 CC*39",
    );
}

/// The three rules that score rounds read the match's game: their own moves over 60 rounds in
/// the standard game and two others, as Axelrod-Python plays them (`axl.Match` with
/// `game=axl.Game(r, s, t, p)`).
#[test]
fn the_scoring_rules_score_with_the_match_game() {
    let game = |reward, sucker, temptation, punishment| Rspt {
        reward,
        sucker,
        temptation,
        punishment,
    };
    let (standard, low, high) = (
        Rspt::STANDARD,
        game(2.0, 0.0, 4.0, 1.0),
        game(4.0, 1.0, 6.0, 2.0),
    );
    let cases = [
        (
            "second_by_graaskampkatzen",
            "CD",
            standard,
            "CCDCDCDCDCDCDCDCDCDCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
        ),
        (
            "second_by_graaskampkatzen",
            "CD",
            low,
            "CCDCDCDCDCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
        ),
        (
            "second_by_graaskampkatzen",
            "CD",
            high,
            "CCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDC",
        ),
        (
            "second_by_graaskampkatzen",
            "CCD",
            standard,
            "CCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
        ),
        (
            "second_by_graaskampkatzen",
            "CCD",
            low,
            "CCCDCCDCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
        ),
        (
            "second_by_graaskampkatzen",
            "CCD",
            high,
            "CCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCCDCC",
        ),
        (
            "second_by_rowsam",
            "CCD",
            standard,
            "CCCCCDCDCCCDCDCCCDCDCCCDCDCCCDCDCCCDCDCCCDCDCCCDDDDDDDDDDDDD",
        ),
        (
            "second_by_rowsam",
            "CCD",
            low,
            "CCCCCDCDCCCDCDCCCDCDCCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
        ),
        (
            "second_by_rowsam",
            "CCD",
            high,
            "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
        ),
        (
            "second_by_rowsam",
            "CD",
            high,
            "CCCCCDCDCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
        ),
        (
            "second_by_tideman_and_chieruzzi",
            "CCD",
            standard,
            "CCCDCCDDCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
        ),
        (
            "second_by_tideman_and_chieruzzi",
            "CCD",
            low,
            "CCCDCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
        ),
    ];
    for (name, script, game, expected) in cases {
        let context = Context {
            game: Some(game),
            length: Some(60),
            max_rounds: Some(60),
        };
        let (own, _) = versus_script(&build(name, &context), &moves(script), 60, 0);
        assert_eq!(own, expected, "{name} vs {script:?} in {game:?}");
    }
}

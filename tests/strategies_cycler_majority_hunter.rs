//! Pinned plays of the cycler, go-by-majority and hunter families, restating the expectations
//! of Axelrod-Python 4.14's own tests (test_cycler.py, test_sequence_player.py,
//! test_mathematicalconstants.py, test_gobymajority.py, test_hunter.py). An Axelrod
//! `MockPlayer(actions)` repeats its actions, as `versus_script` does.

use dilemma::strategy::cycler;
use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::go_by_majority;
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::{replay, versus_policy, versus_script};
use dilemma::strategy::{Move, Policy};

fn build(name: &str) -> Policy {
    lookup(name)
        .unwrap_or_else(|| panic!("no strategy `{name}`"))
        .build(&StrategyArgs::default(), &Context::standard(200))
        .unwrap_or_else(|e| panic!("building `{name}`: {e}"))
}

/// The strategy's moves over `turns` rounds against an opponent repeating `script`.
fn moves(name: &str, script: &str, turns: usize) -> String {
    versus_script(&build(name), script, turns, 0).0
}

/// `letters` repeated and cut to `turns` moves.
fn cycled(letters: &str, turns: usize) -> String {
    letters.chars().cycle().take(turns).collect()
}

// ---------------------------------------------------------------------------------------------
// Cyclers and sequence players
// ---------------------------------------------------------------------------------------------

#[test]
fn anticycler_plays_runs_of_c_one_longer_each_time() {
    // Rounds are CDD  CD  CCD CCCD CCCCD CCCCCD (TestAntiCycler.test_strategy).
    let expected = "CDDCDCCDCCCDCCCCDCCCCCD";
    assert_eq!(moves("anticycler", "D", expected.len()), expected);
    assert_eq!(moves("anticycler", "C", expected.len()), expected);
}

#[test]
fn named_cyclers_repeat_their_sequence_against_cooperator() {
    // test_cycler_factory: 20 rounds against Cooperator.
    for (name, cycle) in [
        ("cycler_dc", "DC"),
        ("cycler_ccd", "CCD"),
        ("cycler_ddc", "DDC"),
        ("cycler_cccd", "CCCD"),
        ("cycler_cccccd", "CCCCCD"),
        ("cycler_cccdcd", "CCCDCD"),
    ] {
        assert_eq!(moves(name, "C", 20), cycled(cycle, 20), "{name}");
    }
}

#[test]
fn a_cycle_given_by_its_letters_plays_them() {
    // TestBasicCycler.test_cycler_works_as_expected: cycle "CDDC" against Defector.
    let policy = Policy::Cycler(cycler::Rule::cycle("CDDC").unwrap());
    assert_eq!(versus_script(&policy, "D", 8, 0).0, "CDDCCDDC");
}

#[test]
fn a_cycle_with_a_letter_other_than_c_or_d_is_refused() {
    // TestBasicCycler.test_cycle_raises_value_error_on_bad_cycle_str.
    let error = cycler::Rule::cycle("CdDC").unwrap_err();
    assert!(error.contains("character 2 is 'd'"), "{error}");
    assert!(cycler::Rule::cycle("").is_err());
    let error = cycler::Rule::cycle(&"CD".repeat(40)).unwrap_err();
    assert!(error.contains("at most 64"), "{error}");
    assert!(cycler::Rule::cycle(&"CD".repeat(32)).is_ok());
}

#[test]
fn thue_morse_players_follow_the_sequence_whatever_the_opponent_does() {
    // TestThueMorse / TestThueMorseInverse: 0 1 1 0 1 0 0 1 ... played as D/C and as C/D.
    let thue_morse = "DCCDCDDCCDDCDCCDC";
    let inverse = "CDDCDCCDDCCDCDDCD";
    for opponent in ["C", "D"] {
        assert_eq!(moves("thuemorse", opponent, 17), thue_morse);
        assert_eq!(moves("thuemorseinverse", opponent, 17), inverse);
    }
}

#[test]
fn thue_morse_terms_are_the_parity_of_the_bits_of_n() {
    // The n-th term is the parity of the number of 1s in n: check 200 rounds by that formula.
    let expected: String = (0u32..200)
        .map(|n| if n.count_ones() % 2 == 1 { 'C' } else { 'D' })
        .collect();
    assert_eq!(moves("thuemorse", "C", 200), expected);
}

#[test]
fn mathematical_constants_steer_the_ratio_of_c_to_d() {
    // TestGolden, TestPi, Teste: against Alternator, Cooperator and Defector, 5 rounds.
    let alternator = build("alternator");
    for (name, against_alternator) in [("phi", "CDCDC"), ("pi", "CDCCC"), ("e", "CDCCC")] {
        let (own, _) = versus_policy(&build(name), &alternator, 5, 0);
        assert_eq!(own, against_alternator, "{name} vs alternator");
        assert_eq!(moves(name, "C", 5), "CDDDD", "{name} vs cooperator");
        assert_eq!(moves(name, "D", 5), "CCCCC", "{name} vs defector");
    }
    assert_eq!(lookup("golden").map(|e| e.name), Some("phi"));
}

// ---------------------------------------------------------------------------------------------
// Go by majority
// ---------------------------------------------------------------------------------------------

fn majority(window: Option<u8>, soft: bool) -> Policy {
    Policy::Majority(go_by_majority::Rule { window, soft })
}

#[test]
fn go_by_majority_over_the_whole_match() {
    // test_memory_depth_infinite_soft_is_true / _soft_is_false: 50 C, 100 D, 52 C.
    let script = format!("{}{}{}", "C".repeat(50), "D".repeat(100), "C".repeat(52));
    let soft = format!("{}{}{}", "C".repeat(101), "D".repeat(99), "C".repeat(2));
    let hard = format!("D{}{}{}", "C".repeat(99), "D".repeat(101), "C");
    assert_eq!(moves("go_by_majority", &script, 202), soft);
    assert_eq!(moves("hard_go_by_majority", &script, 202), hard);
}

#[test]
fn go_by_majority_over_windows_of_4_and_5() {
    // test_memory_depth_even_* (memory 4) and test_memory_depth_odd (memory 5) against
    // MockPlayer(C * memory + D * memory).
    let play = |window: u8, soft: bool, turns: usize| {
        let script = format!("{}{}", "C".repeat(window.into()), "D".repeat(window.into()));
        versus_script(&majority(Some(window), soft), &script, turns, 0).0
    };
    assert_eq!(play(4, true, 12), "CCCCCCCDDDCC");
    assert_eq!(play(4, false, 12), "DCCCCCDDDDDC");
    assert_eq!(play(5, true, 15), "CCCCCCCCDDDDDCC");
    assert_eq!(play(5, false, 15), "DCCCCCCCDDDDDCC");
}

#[test]
fn registered_windowed_majorities_follow_axelrods_formula() {
    // factory_TestGoByRecentMajority: against C * m + D * m for 2m rounds, the first move, then
    // int(1.5 m) Cs (one fewer when hard and m is even), then Ds.
    for window in [5usize, 10, 20, 40] {
        for soft in [true, false] {
            let name = if soft {
                format!("go_by_majority_{window}")
            } else {
                format!("hard_go_by_majority_{window}")
            };
            let script = format!("{}{}", "C".repeat(window), "D".repeat(window));
            let mut cooperations = window * 3 / 2;
            if !soft && window % 2 == 0 {
                cooperations -= 1;
            }
            let defections = 2 * window - cooperations - 1;
            let expected = format!(
                "{}{}{}",
                if soft { "C" } else { "D" },
                "C".repeat(cooperations),
                "D".repeat(defections)
            );
            assert_eq!(moves(&name, &script, 2 * window), expected, "{name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hunters
// ---------------------------------------------------------------------------------------------

#[test]
fn defector_and_cooperator_hunters() {
    // TestDefectorHunter, TestCooperatorHunter: 14 rounds.
    let hunted = format!("CCCC{}", "D".repeat(10));
    assert_eq!(moves("defector_hunter", "D", 14), hunted);
    assert_eq!(moves("defector_hunter", "C", 14), "C".repeat(14));
    assert_eq!(moves("cooperator_hunter", "C", 14), hunted);
    assert_eq!(moves("cooperator_hunter", "D", 14), "C".repeat(14));
}

#[test]
fn alternator_hunter() {
    // TestAlternatorHunter: against Alternator C for 6 rounds, then D, with is_alt set.
    let expected = format!("{}{}", "C".repeat(6), "D".repeat(10));
    assert_eq!(moves("alternator_hunter", "CD", 16), expected);
    assert_eq!(moves("alternator_hunter", "D", 14), "C".repeat(14));
    let policy = build("alternator_hunter");
    let history: Vec<(Move, Move)> = expected
        .chars()
        .zip("CD".chars().cycle())
        .map(|(own, theirs)| (letter(own), letter(theirs)))
        .collect();
    let (_, memory) = replay(&policy, &history, 0);
    assert_eq!(memory.state, 1, "is_alt");
}

fn letter(c: char) -> Move {
    if c == 'D' { Move::D } else { Move::C }
}

#[test]
fn cycle_hunter_defects_against_cyclers_only() {
    // TestCycleHunter.test_strategy: the last of 30 moves (Random is left out: its seeded play
    // does not carry over).
    let last = |name: &str, opponent: &str, turns: usize| {
        let (own, _) = versus_policy(&build(name), &build(opponent), turns, 0);
        own.chars().last().unwrap()
    };
    for cycler in ["cycler_ccd", "cycler_cccd", "cycler_cccccd", "alternator"] {
        assert_eq!(last("cycle_hunter", cycler, 30), 'D', "vs {cycler}");
    }
    for other in ["anticycler", "always_cooperate", "always_defect"] {
        assert_eq!(last("cycle_hunter", other, 30), 'C', "vs {other}");
    }
    // TestEventualCycleHunter.test_strategy: the last of 50 moves (DoubleCrosser is not ported
    // here and Random is left out).
    for cycler in ["cycler_ccd", "cycler_cccd", "cycler_cccccd", "alternator"] {
        assert_eq!(
            last("eventual_cycle_hunter", cycler, 50),
            'D',
            "vs {cycler}"
        );
    }
    for other in ["anticycler", "always_cooperate"] {
        assert_eq!(last("eventual_cycle_hunter", other, 50), 'C', "vs {other}");
    }
}

#[test]
fn random_hunter_catches_the_alternator() {
    // TestRandomHunter: against Alternator C for 11 rounds then D D, with countCC 5 and
    // countDD 0; against Defector C throughout.
    let expected = format!("{}DD", "C".repeat(11));
    assert_eq!(moves("random_hunter", "CD", 13), expected);
    let history: Vec<(Move, Move)> = expected
        .chars()
        .zip("CD".chars().cycle())
        .map(|(own, theirs)| (letter(own), letter(theirs)))
        .collect();
    let (_, memory) = replay(&build("random_hunter"), &history, 0);
    assert_eq!(memory.counts[..2], [5, 0], "countCC, countDD");
    assert_eq!(moves("random_hunter", "D", 14), "C".repeat(14));
}

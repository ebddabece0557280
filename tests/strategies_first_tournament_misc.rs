//! Pinned plays of Axelrod's first-tournament entries and of the single-strategy modules
//! (`misc`), restating Axelrod-Python 4.14's own tests (`test_axelrod_first.py`,
//! `test_adaptive.py`, ...). Axelrod's `versus_test` tells the players the match length (the
//! number of expected actions) unless its test says otherwise, so these do too. Stochastic
//! strategies are pinned where their play is certain and checked for frequencies elsewhere.

use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, Rspt, StrategyArgs};
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::{pairs, versus_policy, versus_script};

/// Axelrod's `match_attributes={"length": -1}` or `inf`: the length is not told.
const UNKNOWN_LENGTH: Context = Context {
    game: Some(Rspt::STANDARD),
    length: None,
    max_rounds: None,
};

fn build(name: &str, context: &Context) -> Policy {
    lookup(name)
        .unwrap_or_else(|| panic!("no `{name}`"))
        .build(&StrategyArgs::default(), context)
        .unwrap_or_else(|e| panic!("building `{name}`: {e}"))
}

/// `name` against an opponent cycling through `script` (Axelrod's Cooperator "C", Defector
/// "D", Alternator "CD", `MockPlayer(actions)` or `Cycler(cycle)`) plays `expected`, in a match
/// whose length is told as the number of expected actions.
fn versus(name: &str, script: &str, expected: &str) {
    let (own, opponent) = pairs(expected);
    let context = Context::standard(own.len() as u32);
    versus_in(name, script, expected, &context);
    assert_eq!(own.len(), opponent.len());
}

fn versus_in(name: &str, script: &str, expected: &str, context: &Context) {
    let (own, opponent) = pairs(expected);
    let policy = build(name, context);
    let played = versus_script(&policy, script, own.len(), 0);
    assert_eq!(
        played,
        (own, opponent),
        "{name} vs {script:?} ({context:?})"
    );
}

/// `name` against tit for tat plays `expected`, the length told.
fn versus_tit_for_tat(name: &str, expected: &str) {
    let (own, opponent) = pairs(expected);
    let context = Context::standard(own.len() as u32);
    let played = versus_policy(
        &build(name, &context),
        &build("tit_for_tat", &context),
        own.len(),
        0,
    );
    assert_eq!(played, (own, opponent), "{name} vs tit for tat");
}

/// The share of C in `name`'s moves over many seeds against a fixed script, one move per match
/// at `round` (0-based), so each draw is independent.
fn cooperation_share(name: &str, script: &str, round: usize, context: &Context) -> f64 {
    let policy = build(name, context);
    let trials = 4000;
    let cooperations = (0..trials)
        .filter(|&seed| {
            let (own, _) = versus_script(&policy, script, round + 1, seed);
            own.as_bytes()[round] == b'C'
        })
        .count();
    cooperations as f64 / trials as f64
}

/// Four binomial standard errors for 4000 trials at probability `p`.
fn tolerance(p: f64) -> f64 {
    4.0 * (p * (1.0 - p) / 4000.0).sqrt()
}

fn assert_share(name: &str, script: &str, round: usize, context: &Context, p: f64) {
    let share = cooperation_share(name, script, round, context);
    assert!(
        (share - p).abs() <= tolerance(p),
        "{name} vs {script:?} round {}: C share {share}, expected {p}",
        round + 1
    );
}

// ---------------------------------------------------------------------------------------------
// Axelrod's first tournament
// ---------------------------------------------------------------------------------------------

#[test]
fn davis_cooperates_ten_rounds_then_grudges() {
    versus("first_by_davis", "C", "CC*10");
    versus("first_by_davis", "D", "CD*10");
    versus("first_by_davis", "CD", "CC.CD*5");
    versus("first_by_davis", "CCCCCCCCCCD", "CC*10 CD DC");
    versus("first_by_davis", "CCCCCCCCCCCCCCCD", "CC*15 CD DC");
}

#[test]
fn downing_defects_twice_then_maximises_against_its_estimate() {
    versus("first_by_downing", "C", "DC DC CC");
    versus("first_by_downing", "D", "DD DD DD");
    versus("first_by_downing", "DCC", "DD DC DC DD");
    versus("first_by_downing", "DDC", "DD DD DC DD");
    versus("first_by_downing", "CCDDCC", "DC DC CD DD DC DC DC");
    versus("first_by_downing", "CCCCDD", "DC DC CC DC DD CD DC");
}

#[test]
fn feld_always_answers_a_defection() {
    versus("first_by_feld", "D", "CD DD*20");
}

#[test]
fn feld_cooperation_chance_falls_linearly_to_one_half() {
    // max(1 - 0.0025 · rounds played, 0.5): 0.75 after 100 rounds, 0.5 from 200 on.
    let context = Context::standard(400);
    assert_share("first_by_feld", "C", 100, &context, 0.75);
    assert_share("first_by_feld", "C", 200, &context, 0.5);
    assert_share("first_by_feld", "C", 300, &context, 0.5);
}

#[test]
fn graaskamp_plays_tit_for_tat_with_a_defection_at_move_51() {
    versus("first_by_graaskamp", "CD", "CC CD.DC*24 CD DC CD.DC*2 CD");
    versus("first_by_graaskamp", "D", "CD DD*55");
    versus("first_by_graaskamp", "C", "CC*50 DC CC*5");
    // Alternator looks random to the chi-squared test at move 57: D from move 58 on.
    versus(
        "first_by_graaskamp",
        "CD",
        "CC CD.DC*24 CD DC CD.DC*3 DD DC.DD*5",
    );
    // Tit for tat copies its previous move: Graaskamp keeps playing tit for tat.
    versus_tit_for_tat("first_by_graaskamp", "CC*50 DC CD.DC*3 CD.DC*50");
}

#[test]
fn graaskamp_defects_every_5_to_14_moves_against_a_cooperator() {
    // Axelrod draws each gap with numpy's randint(5, 15), 5 to 14 moves, first on move 57.
    let policy = build("first_by_graaskamp", &Context::standard(1000));
    for seed in 0..50 {
        let (own, _) = versus_script(&policy, "C", 1000, seed);
        assert_eq!(&own[..56], format!("{}D{}", "C".repeat(50), "C".repeat(5)));
        let defections: Vec<usize> = own
            .char_indices()
            .filter(|&(i, m)| m == 'D' && i > 56)
            .map(|(i, _)| i)
            .collect();
        // The first D falls 5 to 14 moves after move 57 (index 56).
        assert!((56 + 5..56 + 15).contains(&defections[0]), "{defections:?}");
        for gap in defections.windows(2).map(|w| w[1] - w[0]) {
            assert!((5..15).contains(&gap), "seed {seed}: gap {gap}");
        }
    }
}

#[test]
fn grofman_cooperates_after_matching_moves() {
    versus("first_by_grofman", "C", "CC*7");
    // After differing moves: C with chance 2/7.
    assert_share("first_by_grofman", "D", 1, &Context::standard(2), 2.0 / 7.0);
}

#[test]
fn nydegger_follows_its_table() {
    versus("first_by_nydegger", "C", "CC*9");
    versus("first_by_nydegger", "D", "CD DD DD CD CD CD CD CD");
    versus("first_by_nydegger", "CD", "CC CD DC CD DC CD DC CD");
    versus("first_by_nydegger", "DC", "CD DC DD DC DD DC DD DC");
}

#[test]
fn shubik_retaliates_longer_each_time() {
    versus("first_by_shubik", "C", "CC CC CC");
    versus("first_by_shubik", "CD", "CC CD DC");
    versus("first_by_shubik", "DCC", "CD DC CC CD");
    versus("first_by_shubik", "DCDCC", "CD DC CD DC DC CD DC");
    versus("first_by_shubik", "DCDDC", "CD DC CD DD DC CD DC");
    versus("first_by_shubik", "DCDCCD", "CD DC CD DC DC CD DD DC DD CC");
}

#[test]
fn tullock_cooperates_eleven_rounds_then_ten_percent_less_than_the_opponent() {
    versus("first_by_tullock", "CD", "CC.CD*5");
    versus("first_by_tullock", "D", "CD*11 DD*2");
    versus("first_by_tullock", "DDDDDDDDDDC", "CD*10 CC DD");
    // Ten Cs in the last ten: C with chance 0.9; five: 0.4.
    let context = Context::standard(20);
    assert_share("first_by_tullock", "C", 11, &context, 0.9);
    assert_share("first_by_tullock", "CD", 11, &context, 0.4);
}

#[test]
fn anonymous_cooperates_half_the_time_on_average() {
    // C with a chance uniform on [0.3, 0.7]: 0.5 overall, in any round.
    let context = Context::standard(10);
    assert_share("first_by_anonymous", "C", 0, &context, 0.5);
    assert_share("first_by_anonymous", "D", 5, &context, 0.5);
}

#[test]
fn stein_and_rapoport_tests_for_randomness_every_fifteen_rounds() {
    versus("first_by_stein_and_rapoport", "C", "CC*17 DC*2");
    versus_in("first_by_stein_and_rapoport", "C", "CC*17", &UNKNOWN_LENGTH);
    versus("first_by_stein_and_rapoport", "D", "CD*4 DD*15");
    versus(
        "first_by_stein_and_rapoport",
        "CD",
        "CC CD CC CD DC.CD*5 DC DD DC DD DC",
    );
    versus_in(
        "first_by_stein_and_rapoport",
        "CDCDCDCDCDCDCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
        "CC CD CC CD DC.CD*4 DC CC DC DC*14 CC",
        &UNKNOWN_LENGTH,
    );
}

#[test]
fn tideman_and_chieruzzi_retaliates_and_gives_fresh_starts() {
    let name = "first_by_tideman_and_chieruzzi";
    versus(name, "C", "CC CC DC DC");
    versus_in(name, "C", "CC CC CC CC", &UNKNOWN_LENGTH);
    versus(name, "D", "CD DD DD DD");
    versus(name, "DC", "CD DC CD DC DD DC DD DC DD DC");
    let ddcdd_20 = "CD DD DC DD DD DD DD DC DD DD DD DD DC DD DD DD DD DC DD DD";
    versus(name, "DDCDD", ddcdd_20);
    let ddcdd_30 = format!("{ddcdd_20} DD DD DC DD DD DD DD DC CD CD");
    versus_in(name, "DDCDD", &ddcdd_30, &Context::standard(50));
    versus_in(name, "DDCDD", &ddcdd_30, &UNKNOWN_LENGTH);
    versus(
        name,
        "DDCDDDDCDDCDCCC",
        "CD DD DC DD DD DD DD DC DD DD DC CD DC DC DC DD DD DC DD DD DD DD DC DD DD",
    );
    versus_tit_for_tat(name, "CC CC DC DD");
    versus_in(
        name,
        "CCCCD",
        "CC CC CC CC CD DC CC CC CC CD DC DC CC CC CD DC DC DC CC CD DC DC DC CC CD DC CC CC \
         CC CD DC DC CC DC DD",
        &Context::standard(35),
    );
}

// ---------------------------------------------------------------------------------------------
// Single-strategy modules
// ---------------------------------------------------------------------------------------------

#[test]
fn adaptive_opens_then_plays_its_better_scoring_move() {
    versus("adaptive", "C", "CC*6 DC*8");
    versus("adaptive", "D", "CD*6 DD*8");
    versus("adaptive", "CD", "CC.CD*3 DC.DD*4");
    versus_tit_for_tat("adaptive", "CC*6 DC DD*4 CD CC");
}

#[test]
fn adaptive_scores_with_the_match_game() {
    // Axelrod's Game(-3, 10, 10, 10) is R = -3, P = 10, S = 10, T = 10; Adaptive's first
    // moves are fixed, so this pins only the build.
    let context = Context {
        game: Some(Rspt {
            reward: -3.0,
            sucker: 10.0,
            temptation: 10.0,
            punishment: 10.0,
        }),
        ..Context::standard(3)
    };
    versus_in("adaptive", "CD", "CC CD CC", &context);
}

#[test]
fn appeaser_switches_when_the_opponent_defects() {
    versus("appeaser", "C", "CC*5");
    versus("appeaser", "D", "CD DD CD DD CD");
    versus("appeaser", "CCDD", "CC CC CD DD CC CC");
    versus("appeaser", "CCDDD", "CC CC CD DD CD DC DC");
}

#[test]
fn adaptive_pavlov_2006_classifies_every_six_rounds() {
    let name = "adaptive_pavlov_2006";
    versus(name, "C", "CC*7");
    versus(name, "CCCCCCD", "CC*6 CD DC");
    versus(name, "D", "CD DD*6");
    versus(name, "DC", "CD DC CD DC CD DC CD CC CD DC");
    versus(name, "DDC", "CD DD DC CD DD DC DD");
    versus(name, "DDCDDCD", "CD DD DC CD DD DC DD CD");
    versus(name, "CCCDDD", "CC CC CC CD DD DD DC");
    versus(name, "DDDCCC", "CD DD DD DC CC CC DD");
}

#[test]
fn adaptive_pavlov_2011_classifies_by_counting_defections() {
    let name = "adaptive_pavlov_2011";
    versus(name, "C", "CC*8");
    versus(name, "D", "CD DD*9");
    versus(name, "CDDDDDD", "CC CD DD*5 DC");
    versus(name, "CCDDDDD", "CC CC CD DD*4 DC");
    versus(name, "CDDCDDD", "CC CD DD DC CD DD DD DC");
    versus(name, "CDDCCDD", "CC CD DD DC CC CD CD DC");
    versus(name, "CDCDCDD", "CC CD DC CD DC CD CD DC");
    versus(name, "DDDCCCC", "CD DD DD DC CC CC CC CD");
    versus(name, "CCCCDD", "CC CC CC CC CD DD DC DC");
    versus(name, "DDCCCC", "CD DD DC CC CC CC DD DD");
}

#[test]
fn better_and_better_cooperates_with_chance_round_over_1000() {
    let context = Context::standard(1000);
    assert_share("better_and_better", "D", 99, &context, 0.1);
    assert_share("better_and_better", "C", 499, &context, 0.5);
    // Round 1000: the chance is 1, so no draw.
    let (own, _) = versus_script(&build("better_and_better", &context), "D", 1000, 3);
    assert_eq!(own.as_bytes()[999], b'C');
}

#[test]
fn bush_mosteller_learns_from_its_payoffs() {
    // Round 1: C with chance 1/2. After (C, C) with R = 3 the stimulus is (3 - 5/3)/(5 - 5/3)
    // = 0.4 and the chance of C becomes (0.5 + 0.5 · 0.4 · 0.5) / (0.6 + 0.5) = 0.6 / 1.1.
    let context = Context::standard(2);
    assert_share("bush_mosteller", "C", 0, &context, 0.5);
    let policy = build("bush_mosteller", &context);
    let (mut after_cc, mut cooperated) = (0, 0);
    for seed in 0..8000 {
        let (own, _) = versus_script(&policy, "C", 2, seed);
        if own.starts_with('C') {
            after_cc += 1;
            cooperated += usize::from(own.ends_with('C'));
        }
    }
    let (p, share) = (0.6 / 1.1, cooperated as f64 / after_cc as f64);
    let tolerance = 4.0 * (p * (1.0 - p) / after_cc as f64).sqrt();
    assert!((share - p).abs() <= tolerance, "{share} vs {p}");
}

#[test]
fn calculator_defects_against_a_cycle_after_twenty_rounds() {
    // Joss for 20 rounds: C first, D after a D; then alternator is a cycle: D for ever.
    let policy = build("calculator", &Context::standard(24));
    for seed in 0..20 {
        let (own, _) = versus_script(&policy, "CD", 24, seed);
        for (i, m) in own.char_indices().skip(2).step_by(2) {
            assert_eq!(m, 'D', "after the opponent's D, round {}", i + 1);
        }
        assert_eq!(&own[20..], "DDDD");
    }
    // Axelrod's ten-move cycle twice, then C, D, C: Joss with one seeded flip, then D.
    let ten = "CDCCDCCCDC";
    let script = format!("{ten}{ten}CDC");
    let policy = build("calculator", &Context::standard(23));
    let (own, _) = versus_script(&policy, &script, 23, 0);
    assert_eq!(&own[20..], "DDD");
    // An eleven-move cycle is not seen: tit for tat after round 20.
    let script = "DDCCDCCCDCDDDCCDCCCDCD";
    let (own, _) = versus_script(&build("calculator", &Context::standard(22)), script, 22, 0);
    assert_eq!(&own[20..], "DC");
}

#[test]
fn doubler_defects_after_a_defection_when_cooperation_is_scarce() {
    versus("doubler", "CCCCCCCDDDDC", "CC*7 CD*4 DC");
    versus("doubler", "CCCCCCCCDDDDC", "CC*8 CD*4 DC");
    versus("doubler", "DDDDDCD", "CD DD*4 DC CD");
}

#[test]
fn gradual_killer_opens_then_judges_moves_six_and_seven() {
    let name = "gradual_killer";
    versus(name, "C", "DC DC DC DC DC CC CC");
    versus(name, "D", "DD DD DD DD DD CD CD");
    versus(name, "CD", "DC DD DC DD DC CD CC");
    let opening = "DD DD DD DD DD";
    let rest = "CD.CC*20";
    versus(
        name,
        &format!("DDDDDCC{}", "DC".repeat(20)),
        &format!("{opening} CC CC {rest}"),
    );
    versus(
        name,
        &format!("DDDDDCD{}", "DC".repeat(20)),
        &format!("{opening} CC CD {rest}"),
    );
    versus(
        name,
        &format!("DDDDDDC{}", "DC".repeat(20)),
        &format!("{opening} CD CC {rest}"),
    );
    versus(
        name,
        &format!("CCCCCDD{}", "DC".repeat(20)),
        "DC DC DC DC DC CD CD DD.DC*20",
    );
}

#[test]
fn grumpy_turns_grumpy_and_nice_again() {
    versus("grumpy", "C", "CC*30");
    versus("grumpy", "CD", "CC.CD*30");
    versus("grumpy", "D", "CD*11 DD*20");
    let script = format!("{}{}{}", "D".repeat(11), "C".repeat(22), "D".repeat(11));
    versus(
        "grumpy",
        &script,
        "CD*11 DC*22 CD*11 CD*11 DC*22 CD*11 CD*11 DC*22 CD*11",
    );
}

#[test]
fn handshake_cooperates_only_with_an_opponent_that_opened_c_d() {
    versus("handshake", "CD", "CC DD CC.CD*10");
    versus("handshake", "C", "CC DC DC*20");
    versus("handshake", "DC", "CD DC DD.DC*10");
    versus("handshake", "D", "CD DD DD*20");
}

#[test]
fn inverse_cooperates_more_the_longer_ago_the_opponent_defected() {
    versus("inverse", "C", "CC");
    versus("inverse", "D", "CD DD*9");
    // Last D one round ago: D for sure; two rounds ago: C with chance 1/2; four: 3/4.
    let context = Context::standard(10);
    assert_share("inverse", "DCCC", 2, &context, 0.5);
    assert_share("inverse", "DCCC", 4, &context, 0.75);
}

#[test]
fn momentum_defects_once_its_trust_decays() {
    // Default alpha and threshold: Axelrod-Python 4.14's output over 200 rounds.
    versus("momentum", "C", "CC*20");
    versus("momentum", "D", "CD*4 DD*16");
    versus("momentum", "CD", "CC.CD*4 DC.DD*6");
}

#[test]
fn negation_does_the_opposite_of_the_opponent() {
    let policy = build("negation", &Context::standard(3));
    for seed in 0..10 {
        assert_eq!(&versus_script(&policy, "CD", 3, seed).0[1..], "DC");
        assert_eq!(&versus_script(&policy, "C", 3, seed).0[1..], "DD");
        assert_eq!(&versus_script(&policy, "D", 3, seed).0[1..], "CC");
    }
    assert_share("negation", "C", 0, &Context::standard(1), 0.5);
}

#[test]
fn resurrections_react_to_five_moves_of_their_own() {
    versus("resurrection", "C", "CC*7");
    versus("resurrection", "D", "CD DD*6");
    versus("resurrection", "CD", "CC CD DC CD DC CD DC");
    versus("doubleresurrection", "CD", "CC CD DC CD DC CD");
    versus("doubleresurrection", "C", "CC*5 DC");
    versus("doubleresurrection", "D", "CD DD*5 CD");
}

#[test]
fn revised_downing_estimates_how_the_opponent_answers() {
    versus("revised_downing", "C", "CC CC CC");
    versus("revised_downing", "D", "CD CD DD");
    versus("revised_downing", "DCC", "CD CC CC CD");
    versus("revised_downing", "DDC", "CD CD DC CD");
    versus("revised_downing", "CCDDCC", "CC CC CD CD DC CC DC");
    versus("revised_downing", "CCCCDD", "CC CC CC CC CD CD CC");
}

#[test]
fn selfsteem_follows_a_sine_of_the_round() {
    // Rounds 3, 4 (sine 0.95): D; 8, 9 (sine -0.95): C; 2, 5, 7, 10 follow tit for tat.
    let policy = build("selfsteem", &Context::standard(30));
    for seed in 0..20 {
        let (own, _) = versus_script(&policy, "CD", 30, seed);
        for (i, m) in own.char_indices() {
            match i % 10 {
                2 | 3 => assert_eq!(m, 'D', "round {}", i + 1),
                7 | 8 => assert_eq!(m, 'C', "round {}", i + 1),
                1 | 4 | 6 | 9 => assert_eq!(m, if i % 2 == 1 { 'C' } else { 'D' }),
                _ => {}
            }
        }
    }
    // Rounds 1 and 6 (sine 0): a coin flip.
    let context = Context::standard(10);
    assert_share("selfsteem", "C", 0, &context, 0.5);
    assert_share("selfsteem", "C", 5, &context, 0.5);
}

#[test]
fn shortmem_reads_the_last_ten_moves() {
    versus("shortmem", "C", "CC*10");
    versus("shortmem", "D", "CD*10");
    versus("shortmem", "CCCCCCCCCCCDDDD", "CC*11 CD*4");
    versus("shortmem", "DDDDDDDDDDDCCCC", "CD*11 DC*4");
    versus("shortmem", "DDDDDCCCCCCDDDCC", "CD*5 CC*6 CD DD DD DC CC");
    versus("shortmem", "CCCCCDDDDDDCCCDD", "CC*5 CD*6 DC CC CC CD DD");
}

#[test]
fn stalker_plays_on_its_average_score() {
    versus("stalker", "C", "CC*3 DC");
    versus("stalker", "CCCCCCCDD", "CC*7 CD CD CC CC DC");
    versus("stalker", "CCCCCCCD", "CC*7 CD CC DC");
    versus("stalker", "C", "CC*9 DC");
    versus("stalker", "CCCCCCCDDDDD", "CC*7 CD*4 DD");
    versus("stalker", "C", "CC*199 DC");
    // Told a length of 4 in a longer match: D in round 4, then D while its average beats R.
    versus_in("stalker", "C", "CC*3 DC*3", &Context::standard(4));
    // Average P = 1 against a defector after round 2: a coin flip.
    assert_share("stalker", "D", 3, &Context::standard(10), 0.5);
}

#[test]
fn verybad_follows_the_opponents_majority() {
    versus("verybad", "D", "CD*3 DD*7");
    versus("verybad", "C", "CC");
    versus("verybad", "CDDCCDDDCD", "CC CD CD DC CC CD DD DD DC DD");
}

#[test]
fn worse_and_worse_rules_defect_more_as_rounds_pass() {
    let context = Context::standard(1000);
    assert_share("worse_and_worse", "C", 99, &context, 0.9);
    assert_share("worse_and_worse", "D", 499, &context, 0.5);
    // Knowledgeable: 1 - round/length; its first round of five has chance 4/5.
    versus_in(
        "knowledgeable_worse_and_worse",
        "CD",
        "CC CD CC CD CC",
        &UNKNOWN_LENGTH,
    );
    let five = Context::standard(5);
    assert_share("knowledgeable_worse_and_worse", "C", 0, &five, 0.8);
    assert_share("knowledgeable_worse_and_worse", "D", 2, &five, 0.4);
    let (own, _) = versus_script(&build("knowledgeable_worse_and_worse", &five), "C", 5, 1);
    assert_eq!(
        own.as_bytes()[4],
        b'D',
        "chance 1 - 5/5 = 0 in the last round"
    );
    // 2: tit for tat for 20 rounds, then C with chance 20/round.
    versus("worse_and_worse_2", "C", "CC*19");
    versus("worse_and_worse_2", "CCDC", "CC CC CD DC");
    versus(
        "worse_and_worse_2",
        &format!("{}DC", "C".repeat(18)),
        "CC*18 CD DC",
    );
    assert_share("worse_and_worse_2", "C", 39, &Context::standard(40), 0.5);
    // 3: C with the opponent's share of C.
    versus("worse_and_worse_3", "D", "CD DD*4");
    versus("worse_and_worse_3", "C", "CC*5");
    assert_share("worse_and_worse_3", "CD", 4, &Context::standard(5), 0.5);
}

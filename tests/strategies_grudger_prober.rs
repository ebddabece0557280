//! Pinned action sequences for the grudger and prober families, restated from Axelrod-Python
//! 4.14's tests (`test_grudger.py`, `test_punisher.py`, `test_retaliate.py`,
//! `test_oncebitten.py`, `test_prober.py`, `test_backstabber.py`). A MockPlayer cycles through
//! its actions, as our scripts do. Stochastic strategies: what is certain is pinned, and
//! frequencies are checked against their formulas.

use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::grudger::Rule as Grudging;
use dilemma::strategy::prober::{Probe, Rule as Probing};
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::{replay, versus_policy, versus_script};
use dilemma::strategy::{Move, Policy};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn build_with(name: &str, args: &StrategyArgs, context: &Context) -> Policy {
    lookup(name)
        .unwrap_or_else(|| panic!("no `{name}`"))
        .build(args, context)
        .unwrap_or_else(|e| panic!("building `{name}`: {e}"))
}

fn build(name: &str) -> Policy {
    build_with(name, &StrategyArgs::default(), &Context::standard(200))
}

fn with_p(name: &str, p: f64) -> Policy {
    let args = StrategyArgs {
        p: Some(vec![p]),
        ..StrategyArgs::default()
    };
    build_with(name, &args, &Context::standard(200))
}

/// The policy's moves against an opponent cycling through `script`, as long as `expected`.
fn assert_plays(policy: &Policy, script: &str, expected: &str) {
    let (own, _) = versus_script(policy, script, expected.len(), 0);
    assert_eq!(own, expected, "against {script}");
}

fn plays(name: &str, script: &str, expected: &str) {
    let (own, _) = versus_script(&build(name), script, expected.len(), 0);
    assert_eq!(own, expected, "{name} against {script}");
}

fn plays_policy(name: &str, opponent: &str, expected: &str) {
    let (own, _) = versus_policy(&build(name), &build(opponent), expected.len(), 0);
    assert_eq!(own, expected, "{name} against {opponent}");
}

/// `letters` repeated `n` times.
fn rep(letters: &str, n: usize) -> String {
    letters.repeat(n)
}

// ---------------------------------------------------------------------------------------------
// grudger.py
// ---------------------------------------------------------------------------------------------

#[test]
fn forgetful_grudger() {
    plays("forgetful_grudger", "C", &rep("C", 20));
    for i in 1..15 {
        plays("forgetful_grudger", "D", &format!("C{}", rep("D", i)));
    }
    let script = format!("CCD{}", rep("C", 10));
    let expected = format!("{}C", rep(&format!("CCC{}", rep("D", 10)), 3));
    plays("forgetful_grudger", &script, &expected);
}

#[test]
fn opposite_grudger() {
    plays("opposite_grudger", "C", &format!("D{}", rep("C", 20)));
    plays("opposite_grudger", "D", &rep("D", 20));
    plays(
        "opposite_grudger",
        &format!("C{}", rep("D", 30)),
        &format!("D{}", rep("C", 30)),
    );
}

#[test]
fn aggravater() {
    plays("aggravater", "C", &format!("DDD{}", rep("C", 20)));
    plays("aggravater", "D", &rep("D", 20));
    let script = format!("{}D{}", rep("C", 10), rep("C", 20));
    let expected = format!("DDD{}C{}", rep("C", 7), rep("D", 20));
    plays("aggravater", &script, &expected);
}

#[test]
fn soft_grudger() {
    plays("soft_grudger", "C", &rep("C", 20));
    plays("soft_grudger", "D", &format!("C{}", rep("DDDDCC", 5)));
    let script = format!("{}D", rep("C", 10));
    let expected = format!("{}{}", rep("C", 11), rep("DDDDCCCCCCC", 5));
    plays("soft_grudger", &script, &expected);
}

#[test]
fn grudger_alternator() {
    plays("grudgeralternator", "C", &rep("C", 20));
    plays("grudgeralternator", "D", &format!("C{}", rep("DC", 20)));
    let script = format!("{}D{}", rep("C", 10), rep("C", 20));
    plays(
        "grudgeralternator",
        &script,
        &format!("{}{}", rep("C", 11), rep("DC", 10)),
    );
}

#[test]
fn easy_go() {
    plays("easygo", "C", &rep("D", 20));
    plays("easygo", "D", &format!("D{}", rep("C", 20)));
    let script = format!("{}{}", rep("C", 10), rep("DC", 20));
    plays(
        "easygo",
        &script,
        &format!("{}D{}", rep("D", 10), rep("CC", 19)),
    );
}

fn soft(trigger: u32, punish: u32, penance: u32) -> Policy {
    Policy::Grudging(Grudging::SoftGrudger {
        trigger,
        punish,
        penance,
    })
}

#[test]
fn general_soft_grudger() {
    // The registered defaults n=1, d=4, c=2 are Soft Grudger.
    assert_eq!(build("general_soft_grudger"), soft(1, 4, 2));
    plays("general_soft_grudger", "DDCC", "CDDDDCCC");
    assert_plays(&soft(2, 4, 2), "DDCC", "CCDDDDCC");
    assert_plays(&soft(1, 1, 1), "DDCC", "CDCCCDCC");
}

#[test]
fn spiteful_cc() {
    plays("spitefulcc", "C", &rep("C", 20));
    plays("spitefulcc", "D", &format!("CC{}", rep("D", 20)));
    let script = format!("{}{}", rep("D", 20), rep("C", 20));
    plays("spitefulcc", &script, &format!("CC{}", rep("D", 38)));
}

#[test]
fn capri_sequences() {
    plays("capri", "C", &rep("C", 20));
    plays("capri", "D", &format!("C{}", rep("D", 20)));
    // Punishes a single D once.
    let script = format!("{}D{}", rep("C", 10), rep("C", 10));
    plays(
        "capri",
        &script,
        &format!("{}D{}", rep("C", 11), rep("C", 9)),
    );
    // Never lets a second D pass.
    let script = format!("{}DD{}", rep("C", 10), rep("C", 10));
    plays(
        "capri",
        &script,
        &format!("{}{}", rep("C", 11), rep("D", 10)),
    );
    // Recovers cooperation when the opponent cooperates from mutual defection.
    plays("capri", "DDDDCCCC", "CDDDDCCC");
}

#[test]
fn capri_follows_its_five_rules() {
    // Murase and Baek's rules C, A, P, R as Axelrod-Python's docstring lists them: (own, opponent)
    // over the last three rounds, oldest first. Everything else is rule I: defect.
    let cooperates = [
        ("CCC", "CCC"),
        ("CCD", "CCC"),
        ("CDC", "CCD"),
        ("DCC", "CDC"),
        ("CCC", "DCC"),
        ("CCD", "CDC"),
        ("CDC", "DCC"),
        ("DCC", "CCC"),
        ("DDD", "DDC"),
        ("DDC", "DCC"),
        ("DDC", "DDD"),
        ("DCC", "DDC"),
        ("DDC", "DDC"),
        ("DCC", "DCC"),
    ];
    let policy = build("capri");
    let letter = |b: u8| if b == b'D' { Move::D } else { Move::C };
    let mut cooperations = 0;
    for own in 0..8u8 {
        for opponent in 0..8u8 {
            let word = |bits: u8| -> String {
                (0..3)
                    .map(|i| if bits >> (2 - i) & 1 == 1 { 'D' } else { 'C' })
                    .collect()
            };
            let (own_word, opponent_word) = (word(own), word(opponent));
            let history: Vec<(Move, Move)> = own_word
                .bytes()
                .zip(opponent_word.bytes())
                .map(|(a, b)| (letter(a), letter(b)))
                .collect();
            // Some histories are preceded by 5 rounds of mutual cooperation, some are not: a
            // memory-three rule does not care.
            for lead in [0, 5] {
                let mut full = vec![(Move::C, Move::C); lead];
                full.extend_from_slice(&history);
                let (view, mut memory) = replay(&policy, &full, 0);
                let decision =
                    policy.decide_move(&view, &mut memory, &mut ChaCha8Rng::seed_from_u64(0));
                let expected = if cooperates.contains(&(own_word.as_str(), opponent_word.as_str()))
                {
                    Move::C
                } else {
                    Move::D
                };
                assert_eq!(decision, expected, "({own_word}, {opponent_word})");
                cooperations += usize::from(decision == Move::C && lead == 0);
            }
        }
    }
    assert_eq!(cooperations, cooperates.len());
    // Rule P: punish a D from mutual cooperation once.
    assert!(!cooperates.contains(&("CCC", "CCD")));
}

// ---------------------------------------------------------------------------------------------
// punisher.py
// ---------------------------------------------------------------------------------------------

#[test]
fn punishers() {
    for name in ["punisher", "inverse_punisher"] {
        plays(name, "CD", "CCD");
        let script = format!("CD{}", rep("C", 10));
        plays(name, &script, &format!("CC{}", rep("D", 11)));
        // Eventually the grudge is dropped.
        plays(name, &script, &format!("CC{}C", rep("D", 11)));
        // Grudged again on the opponent's D.
        let script = format!("CD{}", rep("C", 11));
        plays(name, &script, &format!("CC{}CCD", rep("D", 11)));
    }
}

#[test]
fn level_punisher() {
    plays("level_punisher", "C", &rep("C", 9));
    plays(
        "level_punisher",
        "CCCCDDCCCD",
        &format!("{}D", rep("C", 10)),
    );
    plays("level_punisher", "CCCCDCCCCD", &rep("C", 11));
}

#[test]
fn tricky_level_punisher() {
    plays("tricky_level_punisher", "C", &rep("C", 9));
    plays("tricky_level_punisher", "CCCCCCDDDD", "CCCCCCCDDD");
    plays("tricky_level_punisher", "CCCCCCCCDC", "CCCCCCCCCD");
    let script = format!("{}DC", rep("C", 18));
    plays(
        "tricky_level_punisher",
        &script,
        &format!("{}D", rep("C", 19)),
    );
}

// ---------------------------------------------------------------------------------------------
// retaliate.py
// ---------------------------------------------------------------------------------------------

#[test]
fn retaliate() {
    plays("retaliate", "C", "CCCCC");
    plays("retaliate", "CCCDC", "CCCCDD");
    plays(
        "retaliate_2",
        &format!("{}D", rep("C", 13)),
        &format!("{}D", rep("C", 14)),
    );
    plays(
        "retaliate_3",
        &format!("{}D", rep("C", 19)),
        &format!("{}D", rep("C", 20)),
    );
}

fn limited(threshold: f64, limit: u32) -> Policy {
    Policy::Grudging(Grudging::Retaliate {
        threshold,
        limit: Some(limit),
    })
}

#[test]
fn limited_retaliate() {
    assert_eq!(build("limited_retaliate"), limited(0.1, 20));
    plays("limited_retaliate", "C", "CCCCC");
    plays("limited_retaliate", "CCCDC", "CCCCDD");
    plays("limited_retaliate", "CD", "CCDDD");
    // Cooperates on reaching the retaliation limit, then defects again.
    assert_plays(&limited(0.1, 2), "CD", "CCDDC");
    assert_plays(&limited(0.1, 2), "CD", "CCDDCDD");
    assert_plays(&limited(9.0, 2), "CD", "CCDCCCC");
}

// ---------------------------------------------------------------------------------------------
// oncebitten.py
// ---------------------------------------------------------------------------------------------

#[test]
fn once_bitten() {
    plays("once_bitten", "CCCD", "CCCCC");
    plays("once_bitten", "CCCDDD", "CCCCCDDDDDD");
    // After 10 rounds of grudge it forgives.
    let script = format!("CDDC{}", rep("C", 10));
    plays("once_bitten", &script, &format!("CCCD{}C", rep("D", 10)));
    plays("once_bitten", "D", "CCD");
}

#[test]
fn fool_me_once() {
    plays("fool_me_once", "C", &rep("C", 10));
    plays("fool_me_once", &format!("D{}", rep("C", 9)), &rep("C", 10));
    plays("fool_me_once", "D", &format!("CC{}", rep("D", 8)));
    plays(
        "fool_me_once",
        &format!("DD{}", rep("C", 9)),
        &format!("CC{}", rep("D", 8)),
    );
}

#[test]
fn forgetful_fool_me_once_certainties() {
    // Never forgetting is Fool Me Once; Axelrod's output with forget_probability 0 and 1.
    assert_plays(&with_p("forgetful_fool_me_once", 0.0), "CD", "CCCCDDDDDD");
    assert_plays(&with_p("forgetful_fool_me_once", 1.0), "D", &rep("C", 10));
    assert!(!with_p("forgetful_fool_me_once", 0.0).is_stochastic());
    // Round 1 is always C.
    for seed in 0..50 {
        let (own, _) = versus_script(&build("forgetful_fool_me_once"), "D", 1, seed);
        assert_eq!(own, "C");
    }
}

#[test]
fn forgetful_fool_me_once_frequency() {
    // Against a defector, the count exceeds 1 only when neither this round nor the last one
    // forgot it: from round 3 on P(C) = 1 - (1 - q)² with q = 0.05, that is 0.0975.
    let policy = build("forgetful_fool_me_once");
    let (mut cooperations, mut rounds) = (0, 0);
    for seed in 0..300 {
        let (own, _) = versus_script(&policy, "D", 200, seed);
        cooperations += own[2..].matches('C').count();
        rounds += own.len() - 2;
    }
    let share = cooperations as f64 / rounds as f64;
    // 59,400 correlated draws: the standard error is about 0.002.
    assert!((share - 0.0975).abs() < 0.01, "share of C {share}");
}

// ---------------------------------------------------------------------------------------------
// prober.py
// ---------------------------------------------------------------------------------------------

#[test]
fn collective_strategy() {
    let script = format!("CD{}", rep("C", 10));
    let expected = format!("CD{}{}", rep("C", 12), rep("D", 10));
    plays("collectivestrategy", &script, &expected);
    plays("collectivestrategy", "C", &format!("C{}", rep("D", 16)));
    plays("collectivestrategy", "D", &format!("C{}", rep("D", 16)));
}

#[test]
fn detective() {
    plays_policy("detective", "tit_for_tat", &format!("CDC{}", rep("C", 15)));
    plays("detective", "C", &format!("CDCC{}", rep("D", 15)));
    plays("detective", "D", &format!("CDCC{}", rep("D", 15)));
    // Other openings, as Axelrod's `initial_actions`.
    let tft = build("tit_for_tat");
    let two = Policy::Prober(Probing::Probe(Probe::new(b"CC", &[0, 1], b"CC", Move::D)));
    assert_eq!(
        versus_policy(&two, &tft, 18, 0).0,
        format!("CCD{}", rep("D", 15))
    );
    let none = Policy::Prober(Probing::Probe(Probe::new(b"", &[], b"", Move::D)));
    assert_eq!(versus_policy(&none, &tft, 16, 0).0, rep("D", 16));
}

#[test]
fn prober() {
    plays("prober", "C", "DCCDDD");
    plays("prober", "DCC", "DCCDDD");
    plays("prober", "CD", "DCCCD");
    plays("prober", "D", "DCCDD");
}

#[test]
fn prober_2() {
    plays("prober_2", "CD", "DCCCCC");
    plays("prober_2", "DDC", "DCCCCC");
    plays("prober_2", "C", "DCCCC");
    plays("prober_2", "D", "DCCDD");
    plays("prober_2", "DC", "DCCDCD");
}

#[test]
fn prober_3() {
    plays("prober_3", "C", "DCDDD");
    plays("prober_3", "DC", "DCDDD");
    plays("prober_3", "CD", "DCDCD");
    plays("prober_3", "D", "DCDDD");
}

#[test]
fn prober_4() {
    let opening = "CCDCDDDCCDCDCCDCDDCD";
    let provocative = [
        "CCCCCCCCCCCCCCCCCCCC",
        "CDCCCCCCCCCCCCCCCCCC",
        "CDCDCCCCCCCCCCCCCCCC",
        "CCDCCCCCCCCCCCCCCCCC",
        "CCDCDCCCCCCCCCCCCCCC",
        "DDDDDDDDDDDDDDDDDDDD",
    ];
    for history in provocative {
        let script = format!("{history}CCCCC");
        plays("prober_4", &script, &format!("{opening}DDDDD"));
    }
    let unprovocative = [
        "CCDCDDDCCDCDCCDCDDCD",
        "DDCDCCCDDCDCDDCDCCDC",
        "CCDCDDCCCCCCCCCCCCCC",
        "CCDCDDCCDCCCCCCDDDCC",
        "CCCCDDCCDCCDDCDCDCCC",
    ];
    for history in unprovocative {
        let script = format!("{history}DDDDDCC");
        plays("prober_4", &script, &format!("{opening}CCCCCDC"));
    }
}

#[test]
fn hard_prober() {
    plays("hard_prober", "C", "DDCCDDD");
    plays("hard_prober", "DCCD", "DDCCDDD");
    plays("hard_prober", "CD", "DDCCDCD");
    plays("hard_prober", "D", "DDCCDDD");
}

#[test]
fn naive_prober() {
    // Always retaliates a D.
    plays("naive_prober", "CDDDD", "CCDDD");
    assert_plays(&with_p("naive_prober", 1.0), "C", "CDDDD");
    assert_plays(&with_p("naive_prober", 0.0), "CD", "CCDCD");
    assert!(!with_p("naive_prober", 0.0).is_stochastic());
    assert!(!with_p("naive_prober", 1.0).is_stochastic());
    assert!(build("naive_prober").is_stochastic());
}

#[test]
fn remorseful_prober() {
    plays("remorseful_prober", "D", &format!("C{}", rep("D", 10)));
    assert_plays(&with_p("remorseful_prober", 1.0), "C", "CDDDD");
    assert_plays(&with_p("remorseful_prober", 0.0), "CD", "CCDCD");
    // After a probe answered by a D it offers a C; Axelrod's output with p = 1.
    assert_plays(&with_p("remorseful_prober", 1.0), "CCDC", "CDDCDDDCDD");
    let (own, theirs) = versus_policy(
        &with_p("remorseful_prober", 1.0),
        &build("tit_for_tat"),
        10,
        0,
    );
    assert_eq!(
        (own.as_str(), theirs.as_str()),
        ("CDDCDDCDDC", "CCDDCDDCDD")
    );
}

#[test]
fn probers_defect_unprovoked_with_probability_p() {
    // Against a cooperator every round after the first is an independent probe with p = 0.1.
    for name in ["naive_prober", "remorseful_prober"] {
        let policy = build(name);
        let (mut defections, mut rounds) = (0, 0);
        for seed in 0..200 {
            let (own, _) = versus_script(&policy, "C", 200, seed);
            assert!(own.starts_with('C'), "{name}");
            defections += own[1..].matches('D').count();
            rounds += own.len() - 1;
        }
        let share = defections as f64 / rounds as f64;
        // 39,800 Bernoulli(0.1) draws: the standard error is 0.0015.
        assert!((share - 0.1).abs() < 0.008, "{name}: share of D {share}");
    }
}

#[test]
fn probe_parameters_are_validated() {
    for name in [
        "naive_prober",
        "remorseful_prober",
        "forgetful_fool_me_once",
    ] {
        let bad = StrategyArgs {
            p: Some(vec![1.5]),
            ..StrategyArgs::default()
        };
        let error = lookup(name)
            .unwrap()
            .build(&bad, &Context::standard(200))
            .unwrap_err();
        assert!(error.contains("outside [0, 1]"), "{name}: {error}");
        let two = StrategyArgs {
            p: Some(vec![0.1, 0.2]),
            ..StrategyArgs::default()
        };
        assert!(
            lookup(name)
                .unwrap()
                .build(&two, &Context::standard(200))
                .is_err()
        );
    }
    let stray = StrategyArgs {
        p: Some(vec![0.5]),
        ..StrategyArgs::default()
    };
    let error = lookup("soft_grudger")
        .unwrap()
        .build(&stray, &Context::standard(200))
        .unwrap_err();
    assert!(error.contains("takes no parameter `p`"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// backstabber.py
// ---------------------------------------------------------------------------------------------

fn stabs(name: &str, length: Option<u32>, script: &str, expected: &str) {
    let context = Context {
        length,
        ..Context::standard(200)
    };
    let policy = build_with(name, &StrategyArgs::default(), &context);
    let (own, _) = versus_script(&policy, script, expected.len(), 0);
    assert_eq!(own, expected, "{name} against {script}, length {length:?}");
}

#[test]
fn backstabbers_forgive_three_defections_and_stab_at_the_end() {
    for name in ["backstabber", "doublecrosser"] {
        stabs(name, Some(200), "D", "CCCCDD");
        stabs(name, Some(200), "CD", &format!("{}DDDD", rep("C", 8)));
        stabs(name, Some(200), "C", &format!("{}DD", rep("C", 198)));
        stabs(name, Some(12), "C", &format!("{}DD", rep("C", 10)));
        // Past the announced length the rule plays on.
        stabs(name, Some(200), "C", &format!("{}DDCC", rep("C", 198)));
        // Only a known length is acted on.
        stabs(name, None, "C", &rep("C", 202));
        assert!(lookup(name).unwrap().classifier.uses_length);
    }
}

#[test]
fn double_crosser_alternative_strategy() {
    let stab = |script: &str, expected: &str| stabs("doublecrosser", Some(200), script, expected);
    let clean = rep("C", 7);
    stab(&format!("{clean}DDCD"), &format!("{clean}CCDC"));
    stab(&format!("{clean}DDDDCD"), &format!("{clean}CCDDDC"));
    // A D in the first 7 rounds keeps the alternative from triggering.
    for opening in ["DCCCCCC", "CCCDCCC", "CCCCCCD"] {
        stab(
            &format!("{opening}CDCDDCCC"),
            &format!("{}DDD", rep("C", 12)),
        );
    }
    // It stops after round 180.
    let script = format!("{}{}{}", rep("C", 8), rep("CD", 86), rep("C", 6));
    stab(&script, &format!("{}{}", rep("C", 180), rep("D", 6)));
}

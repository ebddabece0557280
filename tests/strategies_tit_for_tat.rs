//! Pinned action sequences of the tit-for-tat family, restated from Axelrod-Python 4.14's
//! `test_titfortat.py` and `test_forgiver.py` (`versus_test` against Cooperator "C", Defector
//! "D", Alternator "CD" and MockPlayer scripts, which cycle). A match's length is the number of
//! expected actions, as in `versus_test`, unless Axelrod's test says it is unknown.

use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::{versus_policy, versus_script};
use dilemma::strategy::{Memory, Move, Policy, View};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn build_with(name: &str, args: &StrategyArgs, length: Option<u32>) -> Policy {
    let context = Context {
        length,
        ..Context::standard(0)
    };
    lookup(name)
        .unwrap_or_else(|| panic!("no `{name}`"))
        .build(args, &context)
        .unwrap()
}

/// Plays `name` against a cyclic `script` for as many rounds as `own` has, the length known.
fn expect(name: &str, script: &str, own: &str) {
    let policy = build_with(name, &StrategyArgs::default(), Some(own.len() as u32));
    assert_eq!(
        versus_script(&policy, script, own.len(), 0).0,
        own,
        "{name} vs {script}"
    );
}

/// As `expect`, with the match length unknown.
fn expect_unknown_length(name: &str, script: &str, own: &str) {
    let policy = build_with(name, &StrategyArgs::default(), None);
    assert_eq!(
        versus_script(&policy, script, own.len(), 0).0,
        own,
        "{name} vs {script}"
    );
}

/// The moves and final memory of `name` against a cyclic script.
fn play_with_memory(name: &str, script: &str, turns: usize) -> (String, Memory) {
    let policy = build_with(name, &StrategyArgs::default(), Some(turns as u32));
    let script: Vec<Move> = script
        .chars()
        .map(|c| if c == 'D' { Move::D } else { Move::C })
        .collect();
    let (mut view, mut memory) = (View::default(), Memory::default());
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let mut own = String::new();
    for round in 0..turns {
        let mine = policy.decide_move(&view, &mut memory, &mut rng);
        own.push(mine.letter());
        view.record(mine, script[round % script.len()]);
    }
    (own, memory)
}

#[test]
fn tit_for_tat() {
    for name in ["tit_for_tat", "alexei"] {
        expect_unknown_length(name, "CD", "CCDCD");
    }
    expect("tit_for_tat", "CD", "CCDCD");
    expect("tit_for_tat", "C", "CCCCC");
    expect("tit_for_tat", "D", "CDDDD");
    expect("tit_for_tat", "CD", "CCDC");
    expect("tit_for_tat", "CCDDCD", "CCCDDC");
}

#[test]
fn tit_for_two_tats_and_two_tits_for_tat() {
    expect("tit_for_two_tats", "DDDCC", "CCDDCC");
    expect("tit_for_two_tats", "CCDDCDDCCDD", "CCCCDCCDCCC");
    expect("two_tits_for_tat", "DCCDC", "CDDCD");
    expect("two_tits_for_tat", "C", "CC");
    expect("two_tits_for_tat", "D", "CDD");
}

#[test]
fn bully_sneaky_suspicious_and_anti() {
    expect("bully", "CD", "DDCDC");
    expect("bully", "C", "DDDDD");
    expect("bully", "D", "DCCCC");
    expect("sneaky_tit_for_tat", "CCCDCC", "CCDDCC");
    expect("sneaky_tit_for_tat", "CD", "CCDCC");
    expect("suspicious_tit_for_tat", "C", "DCC");
    expect("suspicious_tit_for_tat", "D", "DDD");
    let tft = build_with("tit_for_tat", &StrategyArgs::default(), Some(16));
    let stft = build_with("suspicious_tit_for_tat", &StrategyArgs::default(), Some(16));
    assert_eq!(
        versus_policy(&stft, &tft, 16, 0),
        ("DC".repeat(8), "CD".repeat(8))
    );
    let anti = build_with("anti_tit_for_tat", &StrategyArgs::default(), Some(16));
    assert_eq!(
        versus_policy(&anti, &tft, 16, 0),
        ("CDDC".repeat(4), "CCDD".repeat(4))
    );
}

#[test]
fn hard_and_slow_variants() {
    expect("hard_tit_for_tat", "DCCCDC", "CDDDCD");
    expect("hard_tit_for_tat", "C", "CCC");
    expect("hard_tit_for_tat", "D", "CDD");
    expect("hard_tit_for_2_tats", "DCCDDDC", "CCCCCDD");
    expect("slow_tit_for_two_tats_2", "CCDDCDDCCDD", "CCCCDDDDDCC");
}

#[test]
fn omega_tft() {
    let tft_first_d = build_with("suspicious_tit_for_tat", &StrategyArgs::default(), Some(9));
    let omega = build_with("omega_tft", &StrategyArgs::default(), Some(9));
    assert_eq!(
        versus_policy(&omega, &tft_first_d, 9, 0),
        ("CDCDCCCCC".into(), "DCDCDCCCC".into())
    );
    expect("omega_tft", "CD", "CCDCDCCCDDDDDD");
}

#[test]
fn gradual_with_its_counters() {
    // (script, moves, punish_count, calm_count) from Axelrod's test; counts[0] and counts[1].
    for (script, own, punish, calm) in [
        ("C", "C", 0, 0),
        ("D", "C", 0, 0),
        ("DC", "CD", 0, 2),
        ("DCC", "CDC", 0, 1),
        ("DCDC", "CDCC", 0, 0),
        ("DCDCC", "CDCCC", 0, 0),
        ("DCDCCC", "CDCCCC", 0, 0),
        ("DCDCCCDC", "CDCCCCCD", 2, 2),
        ("DCDCCDDD", "CDCCCCDD", 1, 2),
    ] {
        let (moves, memory) = play_with_memory("gradual", script, own.len());
        assert_eq!(moves, own, "{script}");
        assert_eq!(memory.counts[..2], [punish, calm], "{script}");
    }
    // Against Defector the opponent's n-th D is answered by n D, then two C: punishments of
    // 1, 4, 10, 22 then 46 rounds (Axelrod's test stops 4 rounds into the last), starting at rounds 2, 5, 11, 23, 47.
    let mut own = String::from("C");
    for length in [1, 4, 10, 22] {
        own += &"D".repeat(length);
        own += "CC";
    }
    own += "DDDD";
    let (moves, memory) = play_with_memory("gradual", "D", own.len());
    assert_eq!(moves, own);
    assert_eq!(memory.counts[..2], [42, 2]);
}

#[test]
fn original_gradual_with_its_state() {
    // (script, moves, calming, punishing, punishment_count, punishment_limit).
    for (script, own, calming, punishing, count, limit) in [
        ("C", "C", false, false, 0, 0),
        ("D", "C", false, false, 0, 0),
        ("DC", "CD", false, true, 1, 1),
        ("DCC", "CDC", true, false, 0, 1),
        ("DCDC", "CDCC", false, false, 0, 1),
        ("DCDCC", "CDCCC", false, false, 0, 1),
        ("DCDCCC", "CDCCCC", false, false, 0, 1),
        ("DCDCCCDC", "CDCCCCCD", false, true, 1, 2),
        ("DCDCCDDD", "CDCCCCDD", false, true, 2, 2),
    ] {
        let (moves, memory) = play_with_memory("original_gradual", script, own.len());
        assert_eq!(moves, own, "{script}");
        assert_eq!(memory.state & 1 == 1, calming, "{script}");
        assert_eq!(memory.state & 2 == 2, punishing, "{script}");
        assert_eq!(memory.counts[..2], [count, limit], "{script}");
    }
}

/// Contrite TFT under Axelrod's seeded noise: each round it intends a move (its recorded
/// history), noise may flip it, and the next decision sees what was played.
#[test]
fn contrite_tit_for_tat_makes_amends_for_noise() {
    let policy = build_with("contrite_tit_for_tat", &StrategyArgs::default(), None);
    // (played, opponent's, intended) from test_strategy_with_noise3 to 5, against Defector
    // whose moves noise also flipped.
    for (played, theirs, intended, contrite) in [
        ("DC", "CD", "CC", true),
        ("DCC", "CDD", "CCC", false),
        ("DCCD", "CDDD", "CCCD", false),
    ] {
        let (mut view, mut memory) = (View::default(), Memory::default());
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let mut decided = String::new();
        for (own, other) in played.chars().zip(theirs.chars()) {
            decided.push(policy.decide_move(&view, &mut memory, &mut rng).letter());
            let letter = |c| if c == 'D' { Move::D } else { Move::C };
            view.record(letter(own), letter(other));
        }
        assert_eq!(decided, intended, "{played}");
        assert_eq!(memory.state & 1 == 1, contrite, "{played}");
    }
    expect("contrite_tit_for_tat", "D", "CDDDD");
}

#[test]
fn adaptive_spiteful_and_n_tits_for_m_tats() {
    let (moves, memory) = play_with_memory("adaptive_tit_for_tat", "CD", 5);
    assert_eq!(moves, "CCDCD");
    assert_eq!(memory.values[0], 0.34375);
    for (script, own, retaliating) in [
        ("CCCC", "CCCCC", false),
        ("CCCCDC", "CCCCCDC", false),
        ("CCDDC", "CCCDD", true),
    ] {
        let (moves, memory) = play_with_memory("spiteful_tit_for_tat", script, own.len());
        assert_eq!(moves, own, "{script}");
        assert_eq!(memory.state == 1, retaliating, "{script}");
    }
    expect("n_tit_s_for_m_tat_s", "CDDCCDC", "CCCDDDC");
}

#[test]
fn last_round_defectors() {
    expect("alexei", "C", "CCCCD");
    expect("alexei", "D", "CDDDD");
    expect("alexei", "CD", "CCDCDD");
    expect("alexei", "CCDDCD", "CCCDDD");
    expect("euginenier", "C", "CCCD");
    expect_unknown_length("euginenier", "C", "CCCC");
    expect("euginenier", "CD", "CCDCDD");
    expect_unknown_length("euginenier", "CD", "CCDCDC");
    expect("euginenier", "DCDDDDCC", "CDCDDDDD");
    // Michaelos's moves that involve no coin flip.
    expect("michaelos", "C", "CCCD");
    expect_unknown_length("michaelos", "C", "CCCC");
    expect("michaelos", "D", "CDDD");
    expect_unknown_length("michaelos", "D", "CDDD");
}

#[test]
fn forgivers() {
    expect("forgiver", "C", &"C".repeat(10));
    expect("forgiver", "D", &format!("C{}", "D".repeat(10)));
    expect("forgiver", "DCCCCCCCCC", &"CDDDDDDDDD".repeat(5));
    expect("forgiver", "CCCCCCCCCD", &"C".repeat(50));
    expect("forgiving_tit_for_tat", "C", "CCCCC");
    expect("forgiving_tit_for_tat", "D", "CDDDDD");
    expect(
        "forgiving_tit_for_tat",
        "CD",
        &format!("C{}", "CD".repeat(5)),
    );
    expect("forgiving_tit_for_tat", "CCCCCCCCCD", &"C".repeat(50));
    let before_tft = format!("{}DDD", format!("{}D", "C".repeat(18)).repeat(3));
    expect(
        "forgiving_tit_for_tat",
        &format!("{before_tft}DCDC"),
        &format!("{}CDCD", "C".repeat(60)),
    );
}

/// Checks the chance of C in each round of `rounds` over many seeds, within 4 standard errors.
fn frequencies(policy: &Policy, script: &str, expected: &[Option<f64>]) {
    let trials = 20_000;
    let mut cooperations = vec![0u32; expected.len()];
    for seed in 0..trials {
        let (own, _) = versus_script(policy, script, expected.len(), seed);
        for (count, letter) in cooperations.iter_mut().zip(own.chars()) {
            *count += u32::from(letter == 'C');
        }
    }
    for (round, (count, want)) in cooperations.iter().zip(expected).enumerate() {
        let observed = f64::from(*count) / trials as f64;
        if let Some(p) = want {
            let error = (p * (1.0 - p) / trials as f64).sqrt();
            assert!(
                (observed - p).abs() <= 4.0 * error,
                "round {round}: {observed} vs {p}"
            );
        }
    }
}

#[test]
fn stochastic_members_draw_with_axelrods_chances() {
    // Dynamic 2TFT vs MockPlayer [D, C, D, D, C]: C, D, then C with the opponent's rate of C
    // so far: 1/2, 1/3, 1/4. Certain against Cooperator and Defector.
    expect("dynamic_two_tits_for_tat", "C", "CCCCC");
    expect("dynamic_two_tits_for_tat", "D", "CDDDD");
    let dynamic = build_with(
        "dynamic_two_tits_for_tat",
        &StrategyArgs::default(),
        Some(5),
    );
    frequencies(
        &dynamic,
        "DCDDC",
        &[Some(1.0), Some(0.0), Some(0.5), Some(1.0 / 3.0), Some(0.25)],
    );
    // Random TFT: C, then tit for tat and a draw in turn; p = 0 and 1 are certain.
    let with_p = |p| StrategyArgs {
        p: Some(vec![p]),
        ..StrategyArgs::default()
    };
    for (p, script, own) in [
        (1.0, "C", "CCC"),
        (0.0, "D", "CDD"),
        (0.0, "C", "CCDC"),
        (1.0, "D", "CDCD"),
    ] {
        let policy = build_with("random_tit_for_tat", &with_p(p), Some(own.len() as u32));
        assert!(!policy.is_stochastic());
        assert_eq!(versus_script(&policy, script, own.len(), 0).0, own);
    }
    let random_tft = build_with("random_tit_for_tat", &StrategyArgs::default(), Some(6));
    frequencies(
        &random_tft,
        "C",
        &[
            Some(1.0),
            Some(1.0),
            Some(0.5),
            Some(1.0),
            Some(0.5),
            Some(1.0),
        ],
    );
    assert!(
        lookup("random_tit_for_tat")
            .unwrap()
            .build(&with_p(1.5), &Context::standard(5))
            .is_err()
    );
    // Burn Both Ends: C with chance 0.9 after the opponent's C, D after its D.
    expect("burn_both_ends", "D", "CDDDD");
    let bbe = build_with("burn_both_ends", &StrategyArgs::default(), Some(4));
    frequencies(&bbe, "C", &[Some(1.0), Some(0.9), Some(0.9), Some(0.9)]);
    // Michaelos vs Alternator: after its first D meets a C (round 4) it cooperates or
    // defects for ever, each with chance 1/2.
    let michaelos = build_with("michaelos", &StrategyArgs::default(), None);
    frequencies(
        &michaelos,
        "CD",
        &[Some(1.0), Some(1.0), Some(0.0), Some(0.5), None],
    );
}

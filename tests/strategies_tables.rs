//! Pinned action sequences for the finite-state machines and lookup tables, from Axelrod-Python
//! 4.14's output (30 turns against Alternator, Cooperator, Defector and Cycler("DDCCD")), and
//! the table constructors' validation.

use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::fsm::{Machine, MachineError};
use dilemma::strategy::lookup::Table;
use dilemma::strategy::registry::lookup;
use dilemma::strategy::testkit::versus_script;
use dilemma::strategy::{Move, Policy};

fn build(name: &str) -> Policy {
    lookup(name)
        .unwrap_or_else(|| panic!("no `{name}`"))
        .build(&StrategyArgs::default(), &Context::standard(200))
        .unwrap()
}

/// (strategy, opponent's cycled script, Axelrod's moves for the strategy over 30 turns).
const AXELROD_PLAYS: &[(&str, &str, &str)] = &[
    ("evolved_fsm_16", "CD", "CCDCCDDDCDDDDDDDDDDDDDDDDDDDDD"),
    ("evolved_fsm_16", "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("evolved_fsm_16", "D", "CDDDDCCDCCDCCDCCDCCDCCDCCDCCDC"),
    ("evolved_fsm_16", "DDCCD", "CDDDDCDDDDDCCCDDDDDDCDDDDDCCCD"),
    (
        "evolved_fsm_16_noise_05",
        "CD",
        "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    ),
    (
        "evolved_fsm_16_noise_05",
        "C",
        "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
    ),
    (
        "evolved_fsm_16_noise_05",
        "D",
        "CDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    ),
    (
        "evolved_fsm_16_noise_05",
        "DDCCD",
        "CDDCDDDDDDDDDDDDDDDDDDDDDDDDDD",
    ),
    ("evolved_fsm_4", "CD", "CCDDCDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("evolved_fsm_4", "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("evolved_fsm_4", "D", "CDCCDCCDCCDCCDCCDCCDCCDCCDCCDC"),
    ("evolved_fsm_4", "DDCCD", "CDCDDDCDDDCCDDDCCDDDCCDDDCCDDD"),
    ("evolved_fsm_6", "CD", "CCDCCCDCCCDCCCDCCCDCCCDCCCDCCC"),
    ("evolved_fsm_6", "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("evolved_fsm_6", "D", "CDDDDCDDDDCDDDDCDDDDCDDDDCDDDD"),
    ("evolved_fsm_6", "DDCCD", "CDDDDDDCCCDDDCDDDCCCDDDCDDDCCC"),
    (
        "evolvedlookerup1_1_1",
        "CD",
        "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    ),
    (
        "evolvedlookerup1_1_1",
        "C",
        "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
    ),
    (
        "evolvedlookerup1_1_1",
        "D",
        "CDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    ),
    (
        "evolvedlookerup1_1_1",
        "DDCCD",
        "CDDCDDDDCDDDDCDDDDCDDDDCDDDDCD",
    ),
    (
        "evolvedlookerup2_2_2",
        "CD",
        "CCCDDDCDDDCDDDCDDDCDDDCDDDCDDD",
    ),
    (
        "evolvedlookerup2_2_2",
        "C",
        "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC",
    ),
    (
        "evolvedlookerup2_2_2",
        "D",
        "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD",
    ),
    (
        "evolvedlookerup2_2_2",
        "DDCCD",
        "CCDCCDDDDDDDDDDDDDDDDDDDDDDDDD",
    ),
    ("fortress3", "CD", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("fortress3", "C", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("fortress3", "D", "DDCDDCDDCDDCDDCDDCDDCDDCDDCDDC"),
    ("fortress3", "DDCCD", "DDCCCDDCCCDDCCCDDCCCDDCCCDDCCC"),
    ("fortress4", "CD", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("fortress4", "C", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("fortress4", "D", "DDDCDDDCDDDCDDDCDDDCDDDCDDDCDD"),
    ("fortress4", "DDCCD", "DDDDDDDCCCDDDDDDDCCCDDDDDDDCCC"),
    ("predator", "CD", "CDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("predator", "C", "CDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("predator", "D", "CDDCDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("predator", "DDCCD", "CDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("pun1", "CD", "DCDCDCDCDCDCDCDCDCDCDCDCDCDCDC"),
    ("pun1", "C", "DCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("pun1", "D", "DCDCDCDCDCDCDCDCDCDCDCDCDCDCDC"),
    ("pun1", "DDCCD", "DCDCCCDCCCDCDCCCDCCCDCDCCCDCCC"),
    ("raider", "CD", "DDCDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("raider", "C", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("raider", "D", "DDCCDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("raider", "DDCCD", "DDCDDCCDCCDDDCCDDDCCDDDCCDDDCC"),
    ("ripoff", "CD", "DCCCDCDCDCDCDCDCDCDCDCDCDCDCDC"),
    ("ripoff", "C", "DCDCDCDCDCDCDCDCDCDCDCDCDCDCDC"),
    ("ripoff", "D", "DCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("ripoff", "DDCCD", "DCDCCDDDCCDDDCCDDDCCDDDCCDDDCC"),
    ("solutionb1", "CD", "DDCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("solutionb1", "C", "DDCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("solutionb1", "D", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("solutionb1", "DDCCD", "DDDDCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("solutionb5", "CD", "DCDCDDDCDCDCDDDCDCDCDDDCDCDCDD"),
    ("solutionb5", "C", "DCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("solutionb5", "D", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("solutionb5", "DDCCD", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tf1", "CD", "CCDDDDDDDCDDDDDCDDDDDCDDDDDCDD"),
    ("tf1", "C", "CCDCDDCCDCDDCCDCDDCCDCDDCCDCDD"),
    ("tf1", "D", "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tf1", "DDCCD", "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tf2", "CD", "CDDCDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tf2", "C", "CDCDCCDCDCCDCDCCDCDCCDCDCCDCDC"),
    ("tf2", "D", "CDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tf2", "DDCCD", "CDDDDDDDDCDDDDCDDDDCDDDDCDDDDC"),
    ("tf3", "CD", "CCCDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tf3", "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("tf3", "D", "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tf3", "DDCCD", "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("thumper", "CD", "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("thumper", "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("thumper", "D", "CDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("thumper", "DDCCD", "CDDCCDDDDCDDDDCDDDDCDDDDCDDDDC"),
    ("usuallycooperates", "CD", "CCCDCDCDCDCDCDCDCDCDCDCDCDCDCD"),
    ("usuallycooperates", "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("usuallycooperates", "D", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    (
        "usuallycooperates",
        "DDCCD",
        "CCCCCCCCDCCCCDCCCCDCCCCDCCCCDC",
    ),
    ("usuallydefects", "CD", "DDCDCDCDCDCDCDCDCDCDCDCDCDCDCD"),
    ("usuallydefects", "C", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("usuallydefects", "D", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("usuallydefects", "DDCCD", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("winner12", "CD", "CCDDCCDDCCDDCCDDCCDDCCDDCCDDCC"),
    ("winner12", "C", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("winner12", "D", "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("winner12", "DDCCD", "CCDDDCDDDDCDDDDCDDDDCDDDDCDDDD"),
    ("winner21", "CD", "DCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("winner21", "C", "DCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("winner21", "D", "DCDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("winner21", "DDCCD", "DCDDCDDDDCDDDDCDDDDCDDDDCDDDDC"),
];

#[test]
fn deterministic_tables_play_as_axelrod() {
    for &(name, script, expected) in AXELROD_PLAYS {
        let (ours, _) = versus_script(&build(name), script, expected.len(), 1);
        assert_eq!(ours, expected, "{name} against {script}");
    }
}

#[test]
fn axelrod_fsm_player_examples() {
    use Move::{C, D};
    // Axelrod's TestSampleFSMPlayer tables against Alternator.
    let wsls = Machine::new(
        &[(1, C, 1, C), (1, D, 2, D), (2, C, 2, D), (2, D, 1, C)],
        1,
        C,
    );
    let (ours, _) = versus_script(&Policy::Fsm(wsls.unwrap()), "CD", 12, 1);
    assert_eq!(ours, "CCDD".repeat(3));
    // Axelrod's FSMPlayer regression table against MockPlayer([D, D, C, C, D]).
    let rows = [
        (0, C, 0, C),
        (0, D, 3, C),
        (1, C, 5, D),
        (1, D, 0, C),
        (2, C, 3, C),
        (2, D, 2, D),
        (3, C, 4, D),
        (3, D, 6, D),
        (4, C, 3, C),
        (4, D, 1, D),
        (5, C, 6, C),
        (5, D, 3, D),
        (6, C, 6, D),
        (6, D, 6, D),
        (7, C, 7, D),
        (7, D, 5, C),
    ];
    let machine = Machine::new(&rows, 1, C).unwrap();
    let (ours, _) = versus_script(&Policy::Fsm(machine), "DDCCD", 5, 1);
    assert_eq!(ours, "CCCDC");
}

#[test]
fn machine_errors_point_at_the_row() {
    use Move::{C, D};
    assert_eq!(
        Machine::new(&[(1, C, 2, C), (1, D, 1, D)], 1, C),
        Err(MachineError::UnknownState { row: 0, state: 2 })
    );
    assert_eq!(
        Machine::new(&[(1, C, 1, C)], 1, C),
        Err(MachineError::MissingTransition {
            state: 1,
            opponent: D
        })
    );
    assert_eq!(
        Machine::new(&[(1, C, 1, C), (1, D, 1, D), (1, C, 1, D)], 1, C),
        Err(MachineError::DuplicateTransition {
            row: 2,
            earlier_row: 0,
            state: 1,
            opponent: C
        })
    );
    assert_eq!(
        Machine::new(&[(1, C, 1, C), (1, D, 1, D)], 7, C),
        Err(MachineError::UnknownInitialState { state: 7 })
    );
    assert_eq!(Machine::new(&[], 0, C), Err(MachineError::Empty));
}

#[test]
fn machine_depth_of_tit_for_tat_and_fortress3() {
    use Move::{C, D};
    let tft = Machine::new(&[(1, C, 1, C), (1, D, 1, D)], 1, C).unwrap();
    assert_eq!(tft.memory_depth(), Some(1));
    // Fortress3: after the opponent's D, D it cooperates while the opponent does, so C, C
    // alone does not decide its move once its own moves may have been flipped by noise.
    let fortress3 = Machine::new(
        &[
            (1, C, 1, D),
            (1, D, 2, D),
            (2, C, 1, D),
            (2, D, 3, C),
            (3, C, 3, C),
            (3, D, 1, D),
        ],
        1,
        D,
    )
    .unwrap();
    assert_eq!(fortress3.memory_depth(), None);
}

#[test]
fn table_validation() {
    use Move::C;
    assert!(Table::new(0, 0, 1, vec![C], vec![1.0, 0.0]).is_ok());
    let short = Table::new(0, 0, 1, vec![C], vec![1.0]).unwrap_err();
    assert!(short.contains("needs 2^1 = 2 values"), "{short}");
    let bad = Table::new(0, 0, 1, vec![C], vec![1.0, 1.5]).unwrap_err();
    assert!(bad.contains("value 1"), "{bad}");
    let long = Table::new(0, 0, 1, vec![C, C], vec![1.0, 0.0]).unwrap_err();
    assert!(long.contains("at most 1"), "{long}");
}

#[test]
fn gamblers_are_stochastic_where_axelrod_draws() {
    for name in [
        "pso_gambler_mem1",
        "pso_gambler_1_1_1",
        "pso_gambler_2_2_2",
        "zd_mem2",
    ] {
        assert!(build(name).is_stochastic(), "{name}");
    }
    // ZD-Mem2 against Cooperator: after CC, CC it cooperates with chance 11/12.
    let (ours, _) = versus_script(&build("zd_mem2"), "C", 20_000, 3);
    let after_cc = ours[2..]
        .chars()
        .zip(ours[..ours.len() - 2].chars().zip(ours[1..].chars()));
    let (mut n, mut c) = (0.0, 0.0);
    for (now, (a, b)) in after_cc {
        if a == 'C' && b == 'C' {
            n += 1.0;
            c += f64::from(u8::from(now == 'C'));
        }
    }
    assert!((c / n - 11.0 / 12.0).abs() < 0.01, "{}", c / n);
}

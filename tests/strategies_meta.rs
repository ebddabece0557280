//! The meta players and Memory Decay (`src/strategy/meta.rs`) against Axelrod-Python 4.14: the
//! teams against Axelrod's classifiers, the votes move for move over a deterministic team, the
//! others' mean scores within 4 standard errors, and the classifiers against the members'.

mod common;

use common::{axelrod_fixture, within_four_standard_errors};
use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::meta::team::{AXELROD_TEAM, Depth};
use dilemma::strategy::meta::{self, NOT_IN_TEAMS, Roster, Vote};
use dilemma::strategy::registry::{self, ENTRIES, family_of};
use dilemma::strategy::testkit::{standard_totals, versus_policy, versus_script};
use std::collections::BTreeMap;

const TURNS: usize = 200;

fn build(name: &str) -> Policy {
    registry::lookup(name)
        .unwrap_or_else(|| panic!("{name} is not registered"))
        .build(&StrategyArgs::default(), &Context::standard(TURNS as u32))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_team_is_axelrods_ordinary_strategies_with_their_declared_classifiers() {
    // Axelrod's team: every strategy that obeys its rules (inspects and manipulates nothing)
    // and is not a meta player (module `meta`), as canon_strategies.json records them.
    let canon = axelrod_fixture("canon_strategies.json");
    let mut expected: BTreeMap<&str, (Depth, bool)> = BTreeMap::new();
    for record in canon["strategies"].as_array().unwrap() {
        let classifier = &record["classifier"];
        let obeys = ["inspects_source", "manipulates_source", "manipulates_state"]
            .iter()
            .all(|key| classifier[key] == false);
        if !obeys || record["module"] == "meta" {
            continue;
        }
        let depth = match classifier["memory_depth"].as_u64() {
            Some(0 | 1) => Depth::One,
            Some(_) => Depth::Finite,
            None => Depth::Long,
        };
        let stochastic = classifier["stochastic"].as_bool().unwrap();
        expected.insert(
            record["axelrod_name"].as_str().unwrap(),
            (depth, stochastic),
        );
    }
    let ours: BTreeMap<&str, (Depth, bool)> = AXELROD_TEAM
        .iter()
        .map(|(name, depth, stochastic)| (*name, (*depth, *stochastic)))
        .collect();
    assert_eq!(ours.len(), AXELROD_TEAM.len(), "a member listed twice");
    assert_eq!(ours, expected);
    // Every member but those documented as not ported is registered.
    let missing: Vec<&str> = AXELROD_TEAM
        .iter()
        .map(|(name, _, _)| *name)
        .filter(|name| registry::lookup(name).is_none())
        .collect();
    assert_eq!(missing, NOT_IN_TEAMS);
}

#[test]
fn the_deterministic_team_is_axelrods_in_its_order() {
    let data = axelrod_fixture("meta_deterministic_team.json");
    let theirs: Vec<&str> = data["team"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    let ours: Vec<&str> = Roster::Deterministic.names().collect();
    assert_eq!(ours, theirs);
}

#[test]
fn votes_over_the_deterministic_team_play_as_axelrods_move_for_move() {
    // Axelrod's MetaMajority, MetaMinority, MetaWinner and NiceMetaWinner given the
    // deterministic team (without EvolvedAttention): every member and opponent is
    // deterministic, so each of the 200 moves must agree.
    let data = axelrod_fixture("meta_deterministic_team.json");
    let context = Context::standard(TURNS as u32);
    let meta_player = |name: &str| {
        let (vote, nice) = match name {
            "Meta Majority" => (Vote::Majority, false),
            "Meta Minority" => (Vote::Minority, false),
            "Meta Winner" => (Vote::Winner, false),
            "Nice Meta Winner" => (Vote::Winner, true),
            other => panic!("no vote for {other}"),
        };
        meta::team(Roster::Deterministic, vote, nice, &context).unwrap()
    };
    let mut failures = Vec::new();
    let matches = data["matches"].as_array().unwrap();
    for record in matches {
        let (meta_name, opponent) = (
            record["meta"].as_str().unwrap(),
            record["opponent"].as_str().unwrap(),
        );
        let (ours, theirs) = versus_policy(&meta_player(meta_name), &build(opponent), TURNS, 0);
        if ours != record["meta_actions"] || theirs != record["opponent_actions"] {
            failures.push(format!(
                "{meta_name} vs {opponent}:\n ours   {ours}\n theirs {}",
                record["meta_actions"]
            ));
        }
    }
    assert_eq!(matches.len(), 48);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn meta_winner_deterministic_is_meta_winner_over_the_deterministic_team() {
    let data = axelrod_fixture("meta_deterministic_team.json");
    let ours = build("meta_winner_deterministic");
    for record in data["matches"].as_array().unwrap() {
        if record["meta"] != "Meta Winner" {
            continue;
        }
        let opponent = record["opponent"].as_str().unwrap();
        let (played, _) = versus_policy(&ours, &build(opponent), TURNS, 0);
        assert_eq!(played, record["meta_actions"], "against {opponent}");
    }
}

#[test]
fn meta_players_with_random_members_score_as_axelrods_within_four_standard_errors() {
    // Axelrod's side: 25 seeds a pair (a second a match in Python), each meta player over its
    // own team without EvolvedAttention; ours: 200 seeds.
    let data = axelrod_fixture("meta_stochastic_teams.json");
    let mut failures = Vec::new();
    let mut compared = 0;
    for row in data["results"].as_array().unwrap() {
        let (strategy, opponent) = (
            row["strategy"].as_str().unwrap(),
            row["opponent"].as_str().unwrap(),
        );
        let (ours, theirs) = (build(strategy), build(opponent));
        let totals: Vec<f64> = (0..200)
            .map(|seed| {
                let (a, b) = versus_policy(&ours, &theirs, TURNS, seed);
                standard_totals(&a, &b).0 as f64
            })
            .collect();
        let n = row["n"].as_f64().unwrap();
        let (their_mean, their_sd) = (
            row["mean_score"].as_f64().unwrap(),
            row["sd_score"].as_f64().unwrap(),
        );
        let (agrees, mean, se) = within_four_standard_errors(&totals, their_mean, their_sd, n);
        if !agrees {
            failures.push(format!(
                "{strategy} vs {opponent}: ours {mean:.2}, Axelrod {their_mean:.2} (se {se:.2})"
            ));
        }
        compared += 1;
    }
    assert!(compared >= 48, "only {compared} pairs compared");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_meta_players_classifier_is_its_members() {
    // Random when a member is or the vote draws; reads the game or the length when a member
    // does (or, for the winners, to score the proposals).
    let context = Context::standard(TURNS as u32);
    let mut checked = 0;
    for entry in ENTRIES.iter().filter(|e| family_of(e).name == "meta") {
        let Policy::Meta(meta::Rule::Team(team)) = build(entry.name) else {
            continue;
        };
        let members: Vec<_> = team
            .members
            .iter()
            .map(|member| {
                let found = ENTRIES
                    .iter()
                    .find(|candidate| {
                        candidate.build(&StrategyArgs::default(), &context).as_ref() == Ok(member)
                    })
                    .expect("every member is a registered strategy");
                found.classifier
            })
            .collect();
        let draws = matches!(team.vote, Vote::WinnerEnsemble | Vote::Mixer);
        let winner = matches!(team.vote, Vote::Winner | Vote::WinnerEnsemble);
        assert_eq!(
            entry.classifier.stochastic,
            draws || members.iter().any(|c| c.stochastic),
            "{}",
            entry.name
        );
        assert_eq!(
            entry.classifier.uses_game,
            winner || members.iter().any(|c| c.uses_game),
            "{}",
            entry.name
        );
        assert_eq!(
            entry.classifier.uses_length,
            members.iter().any(|c| c.uses_length),
            "{}",
            entry.name
        );
        assert_eq!(entry.classifier.memory_depth, None, "{}", entry.name);
        checked += 1;
    }
    assert_eq!(checked, 20);
}

#[test]
fn team_sizes_are_axelrods_less_the_unported_member() {
    // Axelrod 4.14's team sizes (len(MetaX().team)): 220 in all, 37 of memory one, 82 finite,
    // 138 long, 152 deterministic, 68 stochastic; EvolvedAttention (finite memory,
    // deterministic) is not ported.
    for (roster, axelrod, less) in [
        (Roster::All, 220, 1),
        (Roster::MemoryOne, 37, 0),
        (Roster::FiniteMemory, 82, 1),
        (Roster::LongMemory, 138, 0),
        (Roster::Deterministic, 152, 1),
        (Roster::Stochastic, 68, 0),
    ] {
        assert_eq!(roster.names().count(), axelrod - less, "{roster:?}");
    }
}

#[test]
fn memory_decay_opens_with_tit_for_tat_and_then_weighs_its_memories() {
    // Axelrod's test_meta.py: the first 15 moves are tit for tat's, with no draw.
    let policy = build("memory_decay");
    for (script, expected) in [
        ("C", "C".repeat(15)),
        ("D", format!("C{}", "D".repeat(14))),
        ("CD", "CCD".to_string() + &"CD".repeat(6)),
    ] {
        let (played, _) = versus_script(&policy, script, 15, 0);
        assert_eq!(played, expected, "against {script}");
    }
    // After 15 rounds of C every memory is C: a flip (chance 0.03 a round) costs the sum 3,
    // and only 15 flips within 45 rounds (a chance below 1e-12) could bring it below 0.
    for seed in 0..50 {
        let (played, _) = versus_script(&policy, "C", 60, seed);
        assert_eq!(played, "C".repeat(60), "seed {seed}");
    }
    // Against a defector its memories are all D from round 2: D from round 16 for certain
    // (a flipped memory is worth 1 against 14 or more Ds at -2).
    for seed in 0..50 {
        let (played, _) = versus_script(&policy, "D", 60, seed);
        assert_eq!(played, format!("C{}", "D".repeat(59)), "seed {seed}");
    }
}

fn two_player(rounds: &str, strategies: &str) -> String {
    format!(
        r#"
[scenario]
name = "meta"
[game]
players = ["A", "B"]
{rounds}
[game.payoffs]
"C,C" = [3, 3]
"C,D" = [0, 5]
"D,C" = [5, 0]
"D,D" = [1, 1]
[strategies]
{strategies}
"#
    )
}

#[test]
fn meta_players_play_any_length_a_scenario_allows() {
    // Math Constant Hunter, in the whole, unbounded-memory and deterministic teams, keeps a
    // record sized for the match; the Q-learners' tables fit the longest match a scenario may
    // ask for (10^6 rounds).
    for (rounds, strategies) in [
        (
            "rounds = 1000",
            "A = [\"meta_majority\", \"meta_winner_deterministic\"]",
        ),
        (
            "continuation = 0.999\nmax_rounds = 1000000",
            "A = [\"meta_winner_stochastic\", \"meta_hunter\"]",
        ),
    ] {
        let text = two_player(rounds, &format!("{strategies}\nB = [\"tit_for_tat\"]"));
        if let Err(errors) = dilemma::scenario::parse(&text, "meta.toml") {
            panic!("{rounds}: {}", errors.first());
        }
    }
}

#[test]
fn a_team_member_that_refuses_the_match_is_named() {
    // Past the Q-learners' 2^20 rounds (which no scenario reaches), a team that holds them says
    // which member refuses.
    use dilemma::strategy::qlearner::MAX_ROUNDS;
    let entry = registry::lookup("meta_winner_stochastic").unwrap();
    let error = entry
        .build(&StrategyArgs::default(), &Context::standard(MAX_ROUNDS + 1))
        .unwrap_err();
    assert!(
        error.contains("its team member `") && error.contains("qlearner"),
        "{error}"
    );
}

#[test]
fn meta_winner_over_the_deterministic_team_plays_1000_rounds_as_axelrods() {
    // hunters_1000.json: the team's Math Constant Hunter reads back to round 250.
    let data = axelrod_fixture("hunters_1000.json");
    let ours = registry::lookup("meta_winner_deterministic")
        .unwrap()
        .build(&StrategyArgs::default(), &Context::standard(1000))
        .unwrap();
    let mut checked = 0;
    for record in data["matches"].as_array().unwrap() {
        if record["player"] != "Meta Winner over the deterministic team" {
            continue;
        }
        let name = record["opponent"].as_str().unwrap();
        let opponent = registry::lookup(name)
            .unwrap()
            .build(&StrategyArgs::default(), &Context::standard(1000))
            .unwrap();
        let (played, _) = versus_policy(&ours, &opponent, 1000, 0);
        assert_eq!(played, record["player_actions"], "against {name}");
        checked += 1;
    }
    assert_eq!(checked, 6);
}

#[test]
fn the_time_estimate_counts_every_members_decision() {
    // A cell of Meta Majority Memory One (Axelrod's 37 memory-one players, each a plain
    // decision) against tit for tat makes 1 + 37 + 1 decisions a round, against 2 for a plain
    // pair: the estimate grows by that ratio.
    use dilemma::sim::RunOptions;
    use dilemma::sim::budget::estimate;
    let seconds = |a: &str| {
        let text = two_player(
            "rounds = 200",
            &format!("A = [\"{a}\"]\nB = [\"tit_for_tat\"]"),
        );
        let experiment = dilemma::scenario::parse(&text, "meta.toml").unwrap();
        estimate(&experiment, &RunOptions::default(), 1).seconds
    };
    let ratio = seconds("meta_majority_memory_one") / seconds("grudger");
    assert!((ratio - 39.0 / 2.0).abs() < 1e-9, "ratio {ratio}");
    // The whole team's 219 members cost more still.
    assert!(seconds("meta_winner") > 221.0 / 2.0 * seconds("grudger"));
}

#[test]
fn a_team_written_in_the_scenario_plays_as_axelrods_team_argument() {
    // meta_custom_team.json: Axelrod's meta players given `team=[...]`; ours read the same team
    // from a scenario, so the scenario reader, the member compilation and the votes are all
    // checked. The ensemble of two tit for tats and the mixer of one grudger are "singular":
    // Axelrod takes the first member's proposal without drawing, and so must we.
    let data = axelrod_fixture("meta_custom_team.json");
    let team: Vec<String> = data["team"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| format!("\"{}\"", name.as_str().unwrap()))
        .collect();
    let mut checked = 0;
    for record in data["matches"].as_array().unwrap() {
        let kind = record["meta"].as_str().unwrap();
        let members = match kind {
            "meta_winner_ensemble" => "\"tit_for_tat\", \"tit_for_tat\"".to_string(),
            "meta_mixer" => "\"grudger\"".to_string(),
            _ => team.join(", "),
        };
        let text = two_player(
            "rounds = 200",
            &format!("A = [{{ kind = \"{kind}\", team = [{members}] }}]\nB = [\"tit_for_tat\"]"),
        );
        let experiment = dilemma::scenario::parse(&text, "meta.toml")
            .unwrap_or_else(|errors| panic!("{kind}: {}", errors.first()));
        let spec = &experiment.candidates[0][0];
        if matches!(kind, "meta_winner_ensemble" | "meta_mixer") {
            assert!(
                !spec.classifier.stochastic,
                "{kind} of one strategy draws nothing"
            );
        }
        let opponent = record["opponent"].as_str().unwrap();
        let (played, theirs) = versus_policy(&spec.policy, &build(opponent), TURNS, 0);
        assert_eq!(played, record["meta_actions"], "{kind} vs {opponent}");
        assert_eq!(theirs, record["opponent_actions"], "{kind} vs {opponent}");
        checked += 1;
    }
    assert_eq!(checked, 30);
}

#[test]
fn a_written_team_reads_what_its_members_read() {
    // Tit for tat and grudger read neither the game nor the length; a meta winner scores their
    // proposals with the game; a member that reads the length makes its team read it.
    let classifier = |candidate: &str| {
        let text = two_player(
            "rounds = 200",
            &format!("A = [{candidate}]\nB = [\"tit_for_tat\"]"),
        );
        let experiment = dilemma::scenario::parse(&text, "meta.toml")
            .unwrap_or_else(|errors| panic!("{candidate}: {}", errors.first()));
        experiment.candidates[0][0].classifier
    };
    let majority = classifier(r#"{ kind = "meta_majority", team = ["tit_for_tat", "grudger"] }"#);
    assert!(!majority.uses_game && !majority.uses_length && !majority.stochastic);
    let winner = classifier(r#"{ kind = "meta_winner", team = ["tit_for_tat", "grudger"] }"#);
    assert!(winner.uses_game && !winner.uses_length);
    let ending = classifier(r#"{ kind = "meta_minority", team = ["tit_for_tat", "backstabber"] }"#);
    assert!(ending.uses_length);
    let drawing = classifier(r#"{ kind = "meta_mixer", team = ["tit_for_tat", "grudger"] }"#);
    assert!(drawing.stochastic);
}

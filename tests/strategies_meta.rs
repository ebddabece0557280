//! The meta players and Memory Decay (`src/strategy/meta.rs`) against Axelrod-Python 4.14: the
//! teams against Axelrod's classifiers, the votes move for move over a deterministic team, the
//! others through the engine (both scores, Axelrod's zero spreads and the cooperation rate)
//! within 4 standard errors, long matches against Axelrod's 1000-round moves, and the
//! classifiers against the members'.

mod common;

use common::engine::{
    bipartite, bipartite_lasting, first_departure, pair, replicates_off_the_prefix,
    run_every_round, toml_string, totals,
};
use common::{axelrod_fixture, compare_with_panel_row};
use dilemma::experiment::Experiment;
use dilemma::strategy::Policy;
use dilemma::strategy::entry::{Context, StrategyArgs};
use dilemma::strategy::meta::team::{AXELROD_TEAM, Depth};
use dilemma::strategy::meta::{self, NOT_IN_TEAMS, Roster, Vote};
use dilemma::strategy::registry::{self, ENTRIES, family_of};
use dilemma::strategy::testkit::{versus_policy, versus_script};
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
fn votes_over_the_deterministic_team_written_in_a_scenario_play_as_axelrods_through_the_engine() {
    // The same 48 matches, the team written out member by member in Axelrod's order as a
    // scenario's `team`, each pair run as `dilemma run` plays it: 3 replicates in one block,
    // two of them on reset memories (every member's included).
    let data = axelrod_fixture("meta_deterministic_team.json");
    let team: Vec<String> = Roster::Deterministic.names().map(toml_string).collect();
    let mut failures = Vec::new();
    let matches = data["matches"].as_array().unwrap();
    for record in matches {
        let (meta_name, opponent) = (
            record["meta"].as_str().unwrap(),
            record["opponent"].as_str().unwrap(),
        );
        let kind = match meta_name {
            "Meta Majority" => "meta_majority",
            "Meta Minority" => "meta_minority",
            "Meta Winner" => "meta_winner",
            "Nice Meta Winner" => "nice_meta_winner",
            other => panic!("no kind for {other}"),
        };
        let written = format!("{{ kind = \"{kind}\", team = [{}] }}", team.join(", "));
        let experiment = three_replicates(&written, opponent, meta_name);
        let summary = run_every_round(&experiment);
        for (player, moves) in [(0, "meta_actions"), (1, "opponent_actions")] {
            if let Some(departure) =
                first_departure(&summary.cells[0], player, record[moves].as_str().unwrap())
            {
                failures.push(format!(
                    "{meta_name} vs {opponent}, player {player}: {departure}"
                ));
            }
        }
    }
    assert_eq!(matches.len(), 48);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn meta_winner_deterministic_is_meta_winner_over_the_deterministic_team() {
    let data = axelrod_fixture("meta_deterministic_team.json");
    let ours = build("meta_winner_deterministic");
    let mut checked = 0;
    for record in data["matches"].as_array().unwrap() {
        if record["meta"] != "Meta Winner" {
            continue;
        }
        let opponent = record["opponent"].as_str().unwrap();
        let (played, _) = versus_policy(&ours, &build(opponent), TURNS, 0);
        assert_eq!(played, record["meta_actions"], "against {opponent}");
        checked += 1;
    }
    // Meta Winner against each of the fixture's 12 opponents.
    assert_eq!(checked, 12);
}

/// Our replicates for a pair Axelrod played over `n` seeds: four times as many, so that our
/// share of the difference's standard error is half Axelrod's, and at least 200.
fn our_replicates(n: u64) -> u64 {
    (4 * n).max(200)
}

#[test]
fn meta_players_with_random_members_play_as_axelrods_through_the_engine_within_four_standard_errors()
 {
    // Axelrod's side (meta_stochastic_teams.json): each meta player over its own team without
    // EvolvedAttention, 25 seeds a pair or as many more as bring 4 standard errors of its means
    // within 8 points. Ours: each pair run as `dilemma run` plays it, in blocks of 64 replicates
    // on reset memories; every column compared.
    let data = axelrod_fixture("meta_stochastic_teams.json");
    assert_eq!(data["turns"], TURNS);
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut widest: (f64, String) = (0.0, String::new());
    for row in data["results"].as_array().unwrap() {
        let (strategy, opponent) = (
            row["strategy"].as_str().unwrap(),
            row["opponent"].as_str().unwrap(),
        );
        let n = row["n"].as_u64().unwrap();
        let replicates = our_replicates(n);
        let experiment = bipartite(&[strategy], &[opponent], TURNS as u32, replicates, 3);
        let summary = dilemma::sim::run(&experiment, &dilemma::sim::Silent);
        let cell = pair(&experiment, &summary, 0, 0);
        assert_eq!(cell.replicates.len() as u64, replicates);
        assert!((0..cell.replicates.len()).all(|r| cell.replicates.rounds(r) == TURNS as f64));
        let own = totals(cell, 0);
        for difference in
            compare_with_panel_row(row, &own, &totals(cell, 1), cell.players[0].shares[0])
        {
            failures.push(format!("{strategy} vs {opponent}: {difference}"));
        }
        // The widest 4 standard errors of the difference of mean scores, for the message below.
        let theirs = row["sd_score"].as_f64().unwrap().powi(2) / n as f64;
        let mean = own.iter().sum::<f64>() / own.len() as f64;
        let ours = own.iter().map(|t| (t - mean).powi(2)).sum::<f64>()
            / (own.len() as f64 - 1.0)
            / own.len() as f64;
        let four_se = 4.0 * (theirs + ours).sqrt();
        if four_se > widest.0 {
            widest = (four_se, format!("{strategy} vs {opponent}, mean {mean:.1}"));
        }
        compared += 1;
    }
    // 16 meta players against 3 opponents.
    assert_eq!(compared, 48);
    // The test has power: no pair's difference may hide behind 4 standard errors above 12 points
    // (25 seeds allowed 89).
    assert!(widest.0 <= 12.0, "4 SE of {:.1} for {}", widest.0, widest.1);
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

/// A's strategy `written` against `opponent` over 200 rounds, 3 replicates in one block (two of
/// them on reset memories, the team's members included), as `dilemma run` plays it.
fn three_replicates(written: &str, opponent: &str, name: &str) -> Experiment {
    let text = two_player(
        "rounds = 200",
        &format!("A = [{written}]\nB = [\"{opponent}\"]"),
    )
    .replace(
        "[scenario]\nname = \"meta\"",
        "[scenario]\nname = \"meta\"\nreplicates = 3",
    );
    dilemma::scenario::parse(&text, "meta.toml")
        .unwrap_or_else(|errors| panic!("{name}: {}", errors.first()))
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
    // 1000 rounds through the engine: Meta Winner over the deterministic team (its Math Constant
    // Hunter reads back to round 250) plays Axelrod's moves (hunters_1000.json) in every
    // replicate, and Meta Majority over the whole team plays all 1000 rounds.
    let data = axelrod_fixture("hunters_1000.json");
    let axelrod = |player: &str| {
        data["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|record| record["player"] == player && record["opponent"] == "Tit For Tat")
            .unwrap_or_else(|| panic!("no {player} against Tit For Tat"))
    };
    let long = bipartite_lasting(
        &["meta_winner_deterministic", "meta_majority"],
        &["tit_for_tat"],
        "rounds = 1000",
        3,
        5,
    );
    let summary = run_every_round(&long);
    let winner = axelrod("Meta Winner over the deterministic team");
    let cell = pair(&long, &summary, 0, 0);
    for (player, moves) in [(0, "player_actions"), (1, "opponent_actions")] {
        let departure = first_departure(cell, player, winner[moves].as_str().unwrap());
        assert_eq!(
            departure, None,
            "meta_winner_deterministic, player {player}"
        );
    }
    let majority = pair(&long, &summary, 1, 0);
    assert_eq!(majority.rounds.len(), 1000);
    assert_eq!(majority.rounds.get(999).unwrap().replicates(), 3);
    // Under a continuation probability of 0.999 with the largest cap a scenario allows (10^6
    // rounds), every member is built for the cap: Meta Hunter's matches score as the first
    // rounds of Axelrod's 1000-round match, and Meta Winner over the stochastic team (which
    // holds the Q-learners) plays each match to its end. 16 replicates: each passes 1000
    // rounds with chance 0.999^1000 = 0.37.
    let open = bipartite_lasting(
        &["meta_hunter", "meta_winner_stochastic"],
        &["tit_for_tat"],
        "continuation = 0.999\nmax_rounds = 1000000",
        16,
        5,
    );
    let summary = dilemma::sim::run(&open, &dilemma::sim::Silent);
    let hunter = axelrod("Meta Hunter");
    let (off, checked) = replicates_off_the_prefix(
        pair(&open, &summary, 0, 0),
        hunter["player_actions"].as_str().unwrap(),
        hunter["opponent_actions"].as_str().unwrap(),
    );
    assert!(off.is_empty(), "{off:#?}");
    assert!(checked >= 4, "only {checked} matches within 1000 rounds");
    for row in 0..2 {
        let replicates = &pair(&open, &summary, row, 0).replicates;
        assert_eq!(replicates.len(), 16);
        let longest = (0..16).map(|r| replicates.rounds(r)).fold(0.0, f64::max);
        assert!(
            longest > 1000.0,
            "row {row}: the longest match lasted {longest} rounds"
        );
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
        let opponent = record["opponent"].as_str().unwrap();
        // Played as `dilemma run` plays the scenario: 3 replicates in one block, two of them on
        // reset memories (the team's members included).
        let written = format!("{{ kind = \"{kind}\", team = [{members}] }}");
        let experiment = three_replicates(&written, opponent, kind);
        let spec = &experiment.candidates[0][0];
        if matches!(kind, "meta_winner_ensemble" | "meta_mixer") {
            assert!(
                !spec.classifier.stochastic,
                "{kind} of one strategy draws nothing"
            );
        }
        let summary = run_every_round(&experiment);
        let cell = &summary.cells[0];
        for (player, moves) in [(0, "meta_actions"), (1, "opponent_actions")] {
            let departure = first_departure(cell, player, record[moves].as_str().unwrap());
            assert_eq!(departure, None, "{kind} vs {opponent}, player {player}");
        }
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

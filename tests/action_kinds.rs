//! The strategy kinds that name actions (`fixed`, `mixed`, `cycle`, `reply`) and the rules for
//! whom a two-action strategy watches (`target`, `watch`, `at_least`, `hostile`), played through
//! the engine against scripted opponents in two-, three-, four- and five-player games.
//!
//! Every expected sequence is derived by hand from the kind's definition, in a comment beside it;
//! the opponents' scripts are `cycle`s, whose own play is checked first.

use dilemma::experiment::Experiment;
use dilemma::sim::matchup::{MatchSpec, RoundOutcome, RoundSink};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Every round's realised action indices.
#[derive(Default)]
struct Actions(Vec<Vec<usize>>);

impl RoundSink for Actions {
    fn round(&mut self, _round: usize, outcome: &RoundOutcome<'_>) {
        self.0.push(outcome.actions.to_vec());
    }
}

/// A scenario with these players (name, action labels) and strategies (one TOML value each),
/// every payoff 0 unless `payoff` gives one: (player, its action index, the joint action's
/// indices) → value.
fn scenario(
    players: &[(&str, &[&str])],
    strategies: &[&str],
    rounds: usize,
    payoff: impl Fn(usize, &[usize]) -> f64,
) -> String {
    let names: Vec<String> = players
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    let actions: Vec<String> = players
        .iter()
        .map(|(name, labels)| {
            let quoted: Vec<String> = labels.iter().map(|l| format!("\"{l}\"")).collect();
            format!("\"{name}\" = [{}]", quoted.join(", "))
        })
        .collect();
    let counts: Vec<usize> = players.iter().map(|(_, labels)| labels.len()).collect();
    let total: usize = counts.iter().product();
    let mut payoffs = String::new();
    for joint in 0..total {
        let mut rest = joint;
        let mut indices = vec![0; counts.len()];
        for (slot, count) in indices.iter_mut().zip(&counts).rev() {
            *slot = rest % count;
            rest /= count;
        }
        let labels: Vec<&str> = indices
            .iter()
            .zip(players)
            .map(|(&index, (_, labels))| labels[index])
            .collect();
        let values: Vec<String> = (0..counts.len())
            .map(|player| payoff(player, &indices).to_string())
            .collect();
        payoffs.push_str(&format!(
            "\"{}\" = [{}]\n",
            labels.join(","),
            values.join(", ")
        ));
    }
    let lines: Vec<String> = players
        .iter()
        .zip(strategies)
        .map(|((name, _), strategy)| format!("\"{name}\" = [{strategy}]"))
        .collect();
    format!(
        "[scenario]\nname = \"kinds\"\nreplicates = 1\n\n[game]\nplayers = [{}]\nrounds = \
         {rounds}\n\n[game.actions]\n{}\n\n[game.payoffs]\n{payoffs}\n[strategies]\n{}\n",
        names.join(", "),
        actions.join("\n"),
        lines.join("\n")
    )
}

fn parse(text: &str) -> Experiment {
    dilemma::scenario::parse(text, "kinds.toml").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Plays cell 0 once and returns each player's actions as labels joined by spaces.
fn play(players: &[(&str, &[&str])], strategies: &[&str], rounds: usize, seed: u64) -> Vec<String> {
    let experiment = parse(&scenario(players, strategies, rounds, |_, _| 0.0));
    play_experiment(&experiment, seed)
}

fn play_experiment(experiment: &Experiment, seed: u64) -> Vec<String> {
    let spec = MatchSpec::new(experiment, &experiment.cells[0]);
    let mut actions = Actions::default();
    spec.play(
        &mut ChaCha8Rng::seed_from_u64(seed),
        &mut spec.scratch(),
        &mut actions,
    );
    (0..spec.players())
        .map(|player| {
            actions
                .0
                .iter()
                .map(|round| experiment.game.actions[player][round[player]].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

const CD: &[&str] = &["C", "D"];
const RUSSIA: &[&str] = &["C", "D", "Balance"];

// ---------------------------------------------------------------------------------------------
// fixed, mixed, cycle
// ---------------------------------------------------------------------------------------------

#[test]
fn a_cycle_plays_its_sequence_in_turn_in_two_and_three_player_games() {
    // The sequence repeated from its start: 7 rounds of [C, C, D] are C C D C C D C.
    let two = play(
        &[("Japan", CD), ("Russia", RUSSIA)],
        &[
            "{ kind = \"cycle\", sequence = [\"C\", \"C\", \"D\"] }",
            "{ kind = \"cycle\", sequence = [\"Balance\", \"D\"] }",
        ],
        7,
        0,
    );
    assert_eq!(
        two,
        ["C C D C C D C", "Balance D Balance D Balance D Balance"]
    );
    let three = play(
        &[("Japan", CD), ("Russia", RUSSIA), ("China", CD)],
        &[
            "{ kind = \"cycle\", sequence = [\"D\"] }",
            "{ kind = \"cycle\", sequence = [\"Balance\", \"C\", \"D\", \"D\"] }",
            "{ kind = \"cycle\", sequence = [\"C\", \"D\"] }",
        ],
        6,
        0,
    );
    assert_eq!(
        three,
        ["D D D D D D", "Balance C D D Balance C", "C D C D C D"]
    );
}

#[test]
fn fixed_plays_its_action_whatever_the_others_do() {
    let two = play(
        &[("Japan", CD), ("Russia", RUSSIA)],
        &[
            "{ kind = \"cycle\", sequence = [\"C\", \"D\"] }",
            "{ kind = \"fixed\", action = \"Balance\" }",
        ],
        5,
        0,
    );
    assert_eq!(two[1], "Balance Balance Balance Balance Balance");
    let three = play(
        &[("Japan", CD), ("Russia", RUSSIA), ("China", CD)],
        &[
            "{ kind = \"fixed\", action = \"D\" }",
            "{ kind = \"cycle\", sequence = [\"Balance\", \"C\"] }",
            "{ kind = \"fixed\", action = \"C\" }",
        ],
        4,
        0,
    );
    assert_eq!(three[0], "D D D D");
    assert_eq!(three[2], "C C C C");
}

#[test]
fn mixed_with_one_certain_action_plays_it_and_draws_nothing() {
    // p = { Balance = 1 } is `fixed` in another form; the stream is untouched, so a stochastic
    // player beside it plays as it would beside `fixed`.
    let strategies = |russia: &str| {
        play(
            &[("Japan", CD), ("Russia", RUSSIA)],
            &["{ kind = \"random\", p = 0.5 }", russia],
            40,
            11,
        )
    };
    let mixed = strategies("{ kind = \"mixed\", p = { Balance = 1, C = 0 } }");
    let fixed = strategies("{ kind = \"fixed\", action = \"Balance\" }");
    assert_eq!(mixed, fixed);
    assert_eq!(mixed[1], vec!["Balance"; 40].join(" "));
}

#[test]
fn mixed_draws_each_action_at_its_probability_within_four_standard_errors() {
    // One long match of a player drawing independently each round: the share of each action is
    // binomial, with standard error sqrt(p (1 - p) / rounds).
    let rounds = 100_000;
    let probabilities = [0.2, 0.5, 0.3];
    let played = play(
        &[("Japan", CD), ("Russia", RUSSIA), ("China", CD)],
        &[
            "\"always_cooperate\"",
            "{ kind = \"mixed\", p = { C = 0.2, D = 0.5, Balance = 0.3 } }",
            "{ kind = \"mixed\", p = { D = 1 } }",
        ],
        rounds,
        5,
    );
    for (label, p) in RUSSIA.iter().zip(probabilities) {
        let share = played[1]
            .split(' ')
            .filter(|action| action == label)
            .count() as f64
            / rounds as f64;
        let standard_error = (p * (1.0 - p) / rounds as f64).sqrt();
        assert!(
            (share - p).abs() < 4.0 * standard_error,
            "{label}: {share} against {p}"
        );
    }
    assert!(played[2].split(' ').all(|action| action == "D"));
}

// ---------------------------------------------------------------------------------------------
// reply
// ---------------------------------------------------------------------------------------------

#[test]
fn reply_copies_the_watched_players_last_action_in_a_two_player_game() {
    // Suspicious tit for tat written as a reply: D first, then what Russia did last round.
    // Russia's script C D D C D repeated; Japan: D, then C D D C D C D.
    let played = play(
        &[("Japan", CD), ("Russia", CD)],
        &[
            "{ kind = \"reply\", first = \"D\", table = { C = \"C\", D = \"D\" } }",
            "{ kind = \"cycle\", sequence = [\"C\", \"D\", \"D\", \"C\", \"D\"] }",
        ],
        8,
        0,
    );
    assert_eq!(played[1], "C D D C D C D D");
    assert_eq!(played[0], "D C D D C D C D");
}

#[test]
fn russia_balances_when_china_cooperates_and_aligns_with_japan_when_china_defects() {
    // The example. China's script C D D; Russia replies to China alone: Balance after
    // China's C, C (with Japan) after China's D, Balance in round 1. Japan's tit for tat watches
    // Russia and counts Balance as hostile, as D: C in round 1, then D after Balance or D.
    // Round:    1       2       3  4  5       6  7
    // China:    C       D       D  C  D       D  C
    // Russia:   Balance Balance C  C  Balance C  C
    // Japan:    C       D       D  C  C       D  C
    let played = play(
        &[("Japan", CD), ("Russia", RUSSIA), ("China", CD)],
        &[
            "{ kind = \"tit_for_tat\", target = \"Russia\", hostile = [\"D\", \"Balance\"] }",
            "{ kind = \"reply\", watch = [\"China\"], first = \"Balance\", table = { C = \"Balance\", D = \"C\" } }",
            "{ kind = \"cycle\", sequence = [\"C\", \"D\", \"D\"] }",
        ],
        7,
        0,
    );
    assert_eq!(played[2], "C D D C D D C");
    assert_eq!(played[1], "Balance Balance C C Balance C C");
    assert_eq!(played[0], "C D D C C D C");
}

#[test]
fn reply_reads_several_watched_players_in_the_order_listed() {
    // Russia watches China then Japan; its table answers each of the four cases with a
    // different action, so a swapped order would show. Scripts: Japan C C D D, China C D C D.
    // After (China, Japan) = (C,C) → C, (D,C) → Balance, (C,D) → D, (D,D) → C, so:
    // round 1: first = D; round 2 reads round 1 (China C, Japan C) → C; round 3 reads (D, C) →
    // Balance; round 4 reads (C, D) → D; round 5 reads (D, D) → C; then the scripts repeat.
    let played = play(
        &[("Japan", CD), ("Russia", RUSSIA), ("China", CD)],
        &[
            "{ kind = \"cycle\", sequence = [\"C\", \"C\", \"D\", \"D\"] }",
            "{ kind = \"reply\", watch = [\"China\", \"Japan\"], first = \"D\", table = { \"C,C\" = \"C\", \"D,C\" = \"Balance\", \"C,D\" = \"D\", \"D,D\" = \"C\" } }",
            "{ kind = \"cycle\", sequence = [\"C\", \"D\", \"C\", \"D\"] }",
        ],
        6,
        0,
    );
    assert_eq!(played[0], "C C D D C C");
    assert_eq!(played[2], "C D C D C D");
    assert_eq!(played[1], "D C Balance D C C");
}

#[test]
fn reply_watches_every_other_player_by_default() {
    // Without `watch`, Russia's cases name Japan's then China's action (player order).
    // Japan C D; China C C D D. Round 2 reads (C, C) → C; round 3 (D, C) → D; round 4 (C, D) →
    // Balance; round 5 (D, D) → Balance.
    let played = play(
        &[("Japan", CD), ("Russia", RUSSIA), ("China", CD)],
        &[
            "{ kind = \"cycle\", sequence = [\"C\", \"D\"] }",
            "{ kind = \"reply\", first = \"C\", table = { \"C,C\" = \"C\", \"D,C\" = \"D\", \"C,D\" = \"Balance\", \"D,D\" = \"Balance\" } }",
            "{ kind = \"cycle\", sequence = [\"C\", \"C\", \"D\", \"D\"] }",
        ],
        5,
        0,
    );
    assert_eq!(played[1], "C C D Balance Balance");
}

#[test]
fn reply_with_a_distribution_draws_from_it_and_is_stochastic() {
    // After China's D, Russia plays C or D with probability 1/2 each; after China's C it
    // balances. China always defects, so from round 2 on Russia's C share is 1/2 ± 4 SE.
    let rounds = 20_000;
    let text = scenario(
        &[("Japan", CD), ("Russia", RUSSIA), ("China", CD)],
        &[
            "\"always_cooperate\"",
            "{ kind = \"reply\", watch = [\"China\"], first = \"Balance\", table = { C = \"Balance\", D = { C = 0.5, D = 0.5 } } }",
            "\"always_defect\"",
        ],
        rounds,
        |_, _| 0.0,
    );
    let experiment = parse(&text);
    assert!(experiment.candidates[1][0].classifier.stochastic);
    let played = play_experiment(&experiment, 3);
    let russia: Vec<&str> = played[1].split(' ').collect();
    assert_eq!(russia[0], "Balance");
    assert!(russia[1..].iter().all(|action| *action != "Balance"));
    let share = russia[1..].iter().filter(|a| **a == "C").count() as f64 / (rounds - 1) as f64;
    let standard_error = (0.25 / (rounds - 1) as f64).sqrt();
    assert!((share - 0.5).abs() < 4.0 * standard_error, "{share}");
}

// ---------------------------------------------------------------------------------------------
// Whom a two-action strategy watches
// ---------------------------------------------------------------------------------------------

/// Tit for tat for player A watching the others under `rule`, against scripts for the others.
fn tit_for_tat_under(rule: &str, scripts: &[&str]) -> String {
    let names = ["A", "B", "C", "D", "E"];
    let players: Vec<(&str, &[&str])> = names[..=scripts.len()].iter().map(|n| (*n, CD)).collect();
    let mut strategies = vec![format!("{{ kind = \"tit_for_tat\", {rule} }}")];
    strategies.extend(scripts.iter().map(|script| {
        let labels: Vec<String> = script.chars().map(|c| format!("\"{c}\"")).collect();
        format!("{{ kind = \"cycle\", sequence = [{}] }}", labels.join(", "))
    }));
    let strategies: Vec<&str> = strategies.iter().map(String::as_str).collect();
    let rounds = scripts[0].len() + 1;
    play(&players, &strategies, rounds, 0)[0].replace(' ', "")
}

#[test]
fn aggregate_rules_in_a_four_player_match() {
    // B, C, D defect in these rounds (columns), so the number of others defecting is:
    //   round: 1 2 3 4 5 6
    //   B:     D D D C C C
    //   C:     D D C C C D
    //   D:     D C C C D C
    //   count: 3 2 1 0 1 1
    // Tit for tat plays C in round 1, then D in round r+1 when the rule holds in round r:
    //   any (≥ 1):      C D D D C D D
    //   at_least = 2:   C D D C C C C
    //   all (= 3):      C D C C C C C
    //   majority (> 3/2, so ≥ 2 of the 3 others): the same as at_least = 2.
    let scripts = ["DDDCCC", "DDCCCD", "DCCCDC"];
    let any = tit_for_tat_under("watch = \"any\"", &scripts);
    let at_least_2 = tit_for_tat_under("at_least = 2", &scripts);
    let all = tit_for_tat_under("watch = \"all\"", &scripts);
    let majority = tit_for_tat_under("watch = \"majority\"", &scripts);
    assert_eq!(any, "CDDDCDD");
    assert_eq!(at_least_2, "CDDCCCC");
    assert_eq!(all, "CDCCCCC");
    assert_eq!(majority, at_least_2);
    // The default without a rule is "any".
    assert_eq!(tit_for_tat_under("name = \"default\"", &scripts), any);
}

#[test]
fn win_stay_lose_shift_reads_its_own_move_and_the_rule() {
    // WSLS is memory-one [1, 0, 0, 1]: C after (own, opponent) = CC or DD, D after CD or DC.
    // With the scripts above the opponent's move per round is, under `any`: D D D C D D; under
    // `at_least = 2`: D D C C C C. So:
    //   any:          C, (C,D)→D, (D,D)→C, (C,D)→D, (D,C)→D, (D,D)→C, (C,D)→D
    //   at_least = 2: C, (C,D)→D, (D,D)→C, (C,C)→C, (C,C)→C, (C,C)→C, (C,C)→C
    let scripts = ["DDDCCC", "DDCCCD", "DCCCDC"];
    let wsls = |rule: &str| {
        let players: Vec<(&str, &[&str])> = ["A", "B", "C", "D"].iter().map(|n| (*n, CD)).collect();
        let mut strategies = vec![format!("{{ kind = \"win_stay_lose_shift\", {rule} }}")];
        strategies.extend(scripts.iter().map(|script| {
            let labels: Vec<String> = script.chars().map(|c| format!("\"{c}\"")).collect();
            format!("{{ kind = \"cycle\", sequence = [{}] }}", labels.join(", "))
        }));
        let strategies: Vec<&str> = strategies.iter().map(String::as_str).collect();
        play(&players, &strategies, 7, 0)[0].replace(' ', "")
    };
    assert_eq!(wsls("watch = \"any\""), "CDCDDCD");
    assert_eq!(wsls("at_least = 2"), "CDCCCCC");
}

#[test]
fn aggregate_rules_in_a_five_player_match_all_differ() {
    // With four others a majority is 3 of them, so the four rules part. Counts of the others
    // defecting per round:
    //   round: 1 2 3 4 5
    //   B:     D D D C C
    //   C:     D D D D C
    //   D:     D D C C C
    //   E:     D C C C C
    //   count: 4 3 2 1 0
    //   any (≥ 1):      C D D D D C
    //   at_least = 2:   C D D D C C
    //   majority (≥ 3): C D D C C C
    //   all (= 4):      C D C C C C
    let scripts = ["DDDCC", "DDDDC", "DDCCC", "DCCCC"];
    assert_eq!(tit_for_tat_under("watch = \"any\"", &scripts), "CDDDDC");
    assert_eq!(tit_for_tat_under("at_least = 2", &scripts), "CDDDCC");
    assert_eq!(
        tit_for_tat_under("watch = \"majority\"", &scripts),
        "CDDCCC"
    );
    assert_eq!(tit_for_tat_under("watch = \"all\"", &scripts), "CDCCCC");
}

#[test]
fn hostile_names_which_watched_actions_count_as_defection() {
    // Grudger watching Russia, which plays C, Balance, D, C. Counting only D as hostile, the
    // grudge starts after round 3; counting Balance too, after round 2; counting only Balance,
    // after round 2 as well but a D alone would not start it (second script).
    let game = [("Japan", CD), ("Russia", RUSSIA)];
    let grudger = |hostile: &str, script: &str| {
        play(
            &game,
            &[
                &format!("{{ kind = \"grudger\", target = \"Russia\"{hostile} }}"),
                &format!("{{ kind = \"cycle\", sequence = [{script}] }}"),
            ],
            5,
            0,
        )[0]
        .replace(' ', "")
    };
    let script = "\"C\", \"Balance\", \"D\", \"C\", \"C\"";
    assert_eq!(grudger(", hostile = [\"D\"]", script), "CCCDD");
    assert_eq!(grudger(", hostile = [\"D\", \"Balance\"]", script), "CCDDD");
    assert_eq!(
        grudger(
            ", hostile = [\"Balance\"]",
            "\"C\", \"D\", \"D\", \"C\", \"C\""
        ),
        "CCCCC"
    );
}

#[test]
fn hostile_applies_to_each_watched_player_by_its_own_labels() {
    // Three others with different action sets: Russia [C, D, Balance], China [C, D, Align]
    // (two labels unknown to the others), Korea [C, D]. Hostile = [Balance, Align]: a D counts
    // for nobody. Tit for tat with `any`: rounds where someone is hostile, then the reply.
    //   round:  1  2       3     4
    //   Russia: D  Balance C     C
    //   China:  D  C       Align C
    //   Korea:  D  D       D     D
    //   hostile: no yes yes no → Japan: C C D D C
    let players: [(&str, &[&str]); 4] = [
        ("Japan", CD),
        ("Russia", RUSSIA),
        ("China", &["C", "D", "Align"]),
        ("Korea", CD),
    ];
    let played = play(
        &players,
        &[
            "{ kind = \"tit_for_tat\", watch = \"any\", hostile = [\"Balance\", \"Align\"] }",
            "{ kind = \"cycle\", sequence = [\"D\", \"Balance\", \"C\", \"C\"] }",
            "{ kind = \"cycle\", sequence = [\"D\", \"C\", \"Align\", \"C\"] }",
            "{ kind = \"fixed\", action = \"D\" }",
        ],
        5,
        0,
    );
    assert_eq!(played[0], "C C D D C");
}

// ---------------------------------------------------------------------------------------------
// Best responses reach a strictly dominant action
// ---------------------------------------------------------------------------------------------

#[test]
fn best_responding_players_reach_their_strictly_dominant_actions() {
    // A three-player game in which each player's payoff is its own action's base value plus a
    // term in the others' actions that its own choice cannot change, so one action is strictly
    // dominant for each: Japan's D (base 0, 1), Russia's Balance (base 0, 1, 2), China's C
    // (base 1, 0). Each player follows a `reply` whose table is its best response to each
    // case of the others' last actions, computed below from the payoff function by brute
    // force; round 1 is a dominated action. From round 2 on they play the dominant profile.
    let players: [(&str, &[&str]); 3] = [("Japan", CD), ("Russia", RUSSIA), ("China", CD)];
    let base: [&[f64]; 3] = [&[0.0, 1.0], &[0.0, 1.0, 2.0], &[1.0, 0.0]];
    let payoff = |player: usize, joint: &[usize]| -> f64 {
        let spillover: usize = (0..3)
            .filter(|&q| q != player)
            .map(|q| (q + 1) * joint[q])
            .sum();
        base[player][joint[player]] + 0.25 * spillover as f64
    };
    let counts: Vec<usize> = players.iter().map(|(_, labels)| labels.len()).collect();
    let strategies: Vec<String> = (0..3)
        .map(|player| {
            let others: Vec<usize> = (0..3).filter(|&q| q != player).collect();
            let mut cases = Vec::new();
            for first in 0..counts[others[0]] {
                for second in 0..counts[others[1]] {
                    let mut joint = [0; 3];
                    joint[others[0]] = first;
                    joint[others[1]] = second;
                    let best = (0..counts[player])
                        .max_by(|&a, &b| {
                            joint[player] = a;
                            let pa = payoff(player, &joint);
                            joint[player] = b;
                            pa.total_cmp(&payoff(player, &joint))
                        })
                        .unwrap();
                    cases.push(format!(
                        "\"{},{}\" = \"{}\"",
                        players[others[0]].1[first],
                        players[others[1]].1[second],
                        players[player].1[best]
                    ));
                }
            }
            // A dominated action in round 1: the first one that is not the best against all.
            let dominated = if player == 2 { "D" } else { "C" };
            format!(
                "{{ kind = \"reply\", first = \"{dominated}\", table = {{ {} }} }}",
                cases.join(", ")
            )
        })
        .collect();
    let strategies: Vec<&str> = strategies.iter().map(String::as_str).collect();
    let experiment = parse(&scenario(&players, &strategies, 6, payoff));
    let played = play_experiment(&experiment, 0);
    assert_eq!(played[0], "C D D D D D");
    assert_eq!(played[1], "C Balance Balance Balance Balance Balance");
    assert_eq!(played[2], "D C C C C C");
}

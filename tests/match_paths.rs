//! The fixed-size fast paths (two and three players) play exactly what the general path plays,
//! and games with more players run on the general path with the same semantics.

use dilemma::experiment::Experiment;
use dilemma::sim::matchup::{MatchSpec, RoundOutcome, RoundSink};
use dilemma::sim::{self, Silent};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// One round as played: actions, payoffs, constrained and misperceived, by player.
type Round = (Vec<usize>, Vec<f64>, Vec<bool>, Vec<u32>);

/// Keeps every round, to compare two plays move by move.
#[derive(Default, PartialEq, Debug)]
struct Recorder(Vec<Round>);

impl RoundSink for Recorder {
    fn round(&mut self, _round: usize, outcome: &RoundOutcome<'_>) {
        self.0.push((
            outcome.actions.to_vec(),
            outcome.payoffs.to_vec(),
            outcome.constrained.to_vec(),
            Vec::new(),
        ));
    }

    fn misperceived(&mut self, _round: usize, counts: &[u32]) {
        let last = self.0.last_mut().expect("`round` comes first");
        last.3 = counts.to_vec();
    }
}

/// A scenario whose payoff for each player is 2 × (cooperators among the others) − (1 if it
/// cooperated), written out for every joint action of `players` players.
fn public_goods(players: &[&str], strategies: &[&str], extra: &str) -> Experiment {
    let n = players.len();
    let mut payoffs = String::new();
    for joint in 0..(1usize << n) {
        let cooperated: Vec<bool> = (0..n).map(|p| joint >> (n - 1 - p) & 1 == 0).collect();
        let labels: Vec<&str> = cooperated
            .iter()
            .map(|c| if *c { "C" } else { "D" })
            .collect();
        let values: Vec<String> = (0..n)
            .map(|p| {
                let others = (0..n).filter(|q| *q != p && cooperated[*q]).count() as i64;
                (2 * others - i64::from(cooperated[p])).to_string()
            })
            .collect();
        payoffs.push_str(&format!(
            "\"{}\" = [{}]\n",
            labels.join(","),
            values.join(", ")
        ));
    }
    let quoted: Vec<String> = players.iter().map(|p| format!("\"{p}\"")).collect();
    let strategy_lines: Vec<String> = players
        .iter()
        .zip(strategies)
        .map(|(p, s)| format!("{p} = [{s}]"))
        .collect();
    let text = format!(
        "[scenario]\nname = \"paths\"\nreplicates = 1\n\n[game]\nplayers = [{}]\n{extra}\n\n\
         [game.payoffs]\n{payoffs}\n[strategies]\n{}\n",
        quoted.join(", "),
        strategy_lines.join("\n")
    );
    dilemma::scenario::parse(&text, "paths.toml").expect("valid test scenario")
}

/// A stochastic player, one that reacts to A alone, and a deterministic one.
const THREE_STRATEGIES: [&str; 3] = [
    "\"random\"",
    "{ kind = \"joss\", target = \"A\" }",
    "\"win_stay_lose_shift\"",
];

#[test]
fn fast_paths_play_exactly_what_the_general_path_plays() {
    let constraint = "[[game.constraints]]\nplayer = \"A\"\nforbid = [\"D\"]\nprobability = 0.4\n";
    // Perception noise on some pairs, so the loop compiled with it is compared too.
    let perception = "[[game.perception]]\nobserver = \"B\"\nobserved = \"A\"\nerror = 0.2\n\
                      [[game.perception]]\nobserver = \"A\"\nobserved = \"B\"\n\
                      misread = { C = 0.3 }\n";
    let cases = [
        public_goods(
            &["A", "B"],
            &["\"joss\"", "\"generous_tit_for_tat\""],
            &format!("rounds = 300\nnoise = 0.1\n{constraint}"),
        ),
        public_goods(
            &["A", "B", "C"],
            &THREE_STRATEGIES,
            &format!("continuation = 0.99\nmax_rounds = 400\nnoise = 0.05\n{constraint}"),
        ),
        public_goods(
            &["A", "B"],
            &["\"joss\"", "\"generous_tit_for_tat\""],
            &format!("rounds = 300\nnoise = 0.1\n{constraint}{perception}"),
        ),
        public_goods(
            &["A", "B", "C"],
            &THREE_STRATEGIES,
            &format!(
                "continuation = 0.99\nmax_rounds = 400\nnoise = 0.05\n{constraint}{perception}\
                 [[game.perception]]\nobserver = \"C\"\nobserved = \"B\"\nerror = 0.5\n"
            ),
        ),
        // A noise schedule and a state variable read by a constraint: the loop with its
        // working copies.
        public_goods(
            &["A", "B", "C"],
            &THREE_STRATEGIES,
            &format!(
                "continuation = 0.99\nmax_rounds = 400\nnoise = \"0.05 + 0.05 * step(round - 50)\"\n\
                 [[game.constraints]]\nplayer = \"A\"\nforbid = [\"D\"]\nprobability = \"trust\"\n\
                 {perception}[state]\ntrust = {{ initial = 0.4, update = 'max(0, min(1, trust + \
                 0.1 * played(B, C) - 0.1 * played(C, D)))' }}\n"
            ),
        ),
    ];
    for experiment in cases {
        let spec = MatchSpec::new(&experiment, &experiment.cells[0]);
        let mut scratch = spec.scratch();
        for seed in 0..5 {
            let (mut fast, mut general) = (Recorder::default(), Recorder::default());
            spec.play(
                &mut ChaCha8Rng::seed_from_u64(seed),
                &mut scratch,
                &mut fast,
            );
            spec.play_unspecialized(
                &mut ChaCha8Rng::seed_from_u64(seed),
                &mut scratch,
                &mut general,
            );
            assert!(fast.0.len() > 1);
            assert_eq!(fast, general, "{} players, seed {seed}", spec.players());
        }
    }
}

/// A game of three players with 2, 3 and 3 actions, payoffs that tell every joint action apart,
/// and strategies of every kind that names actions beside a two-action one that watches with
/// `hostile` labels; with execution noise, a constraint and perception noise on some pairs.
fn named_actions(players: usize, perceive: bool) -> Experiment {
    let all: [(&str, &[&str]); 3] = [
        ("A", &["C", "D"]),
        ("B", &["C", "D", "Balance"]),
        ("C", &["C", "D", "Align"]),
    ];
    let all_strategies = [
        "{ kind = \"tit_for_tat\", target = \"B\", hostile = [\"D\", \"Balance\"] }",
        "{ kind = \"reply\", watch = [\"C\"], first = { C = 0.5, Balance = 0.5 }, table = { C = \"C\", D = { D = 0.3, Balance = 0.7 }, Align = \"Balance\" } }",
        "{ kind = \"mixed\", p = { C = 0.2, D = 0.3, Align = 0.5 } }",
    ];
    let (game, strategies) = match players {
        2 => (
            &all[1..],
            vec![
                all_strategies[1].to_string(),
                "{ kind = \"cycle\", sequence = [\"Align\", \"C\", \"D\", \"D\"] }".into(),
            ],
        ),
        _ => (&all[..], all_strategies.map(String::from).to_vec()),
    };
    let counts: Vec<usize> = game.iter().map(|(_, labels)| labels.len()).collect();
    let mut payoffs = String::new();
    for joint in 0..counts.iter().product::<usize>() {
        let mut rest = joint;
        let mut labels = vec![""; counts.len()];
        for (player, count) in counts.iter().enumerate().rev() {
            labels[player] = game[player].1[rest % count];
            rest /= count;
        }
        let values: Vec<String> = (0..counts.len())
            .map(|player| (joint * 3 + player).to_string())
            .collect();
        payoffs.push_str(&format!(
            "\"{}\" = [{}]\n",
            labels.join(","),
            values.join(", ")
        ));
    }
    let names: Vec<String> = game.iter().map(|(name, _)| format!("\"{name}\"")).collect();
    let actions: Vec<String> = game
        .iter()
        .map(|(name, labels)| {
            let quoted: Vec<String> = labels.iter().map(|l| format!("\"{l}\"")).collect();
            format!("{name} = [{}]", quoted.join(", "))
        })
        .collect();
    let lines: Vec<String> = game
        .iter()
        .zip(&strategies)
        .map(|((name, _), strategy)| format!("{name} = [{strategy}]"))
        .collect();
    let perception = if perceive {
        "[[game.perception]]\nobserver = \"A\"\nobserved = \"B\"\nerror = 0.2\n\
         [[game.perception]]\nobserver = \"B\"\nobserved = \"C\"\nmisread = { Align = 0.4 }\n"
    } else {
        ""
    };
    let perception = if players == 2 {
        "[[game.perception]]\nobserver = \"B\"\nobserved = \"C\"\nerror = 0.3\n"
            .repeat(usize::from(perceive))
    } else {
        perception.to_string()
    };
    let text = format!(
        "[scenario]\nname = \"paths\"\nreplicates = 1\n\n[game]\nplayers = [{}]\n\
         continuation = 0.99\nmax_rounds = 400\nnoise = 0.05\n\n[game.actions]\n{}\n\n\
         [[game.constraints]]\nplayer = \"B\"\nforbid = [\"Balance\"]\nprobability = 0.3\n\
         {perception}\n[game.payoffs]\n{payoffs}\n[strategies]\n{}\n",
        names.join(", "),
        actions.join("\n"),
        lines.join("\n")
    );
    dilemma::scenario::parse(&text, "paths.toml").unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn fast_paths_play_what_the_general_path_plays_with_strategies_that_name_actions() {
    for (players, perceive) in [(2, false), (2, true), (3, false), (3, true)] {
        let experiment = named_actions(players, perceive);
        let spec = MatchSpec::new(&experiment, &experiment.cells[0]);
        assert_eq!(spec.players(), players);
        let mut scratch = spec.scratch();
        let mut played = vec![std::collections::BTreeSet::new(); players];
        for seed in 0..5 {
            let (mut fast, mut general) = (Recorder::default(), Recorder::default());
            spec.play(
                &mut ChaCha8Rng::seed_from_u64(seed),
                &mut scratch,
                &mut fast,
            );
            spec.play_unspecialized(
                &mut ChaCha8Rng::seed_from_u64(seed),
                &mut scratch,
                &mut general,
            );
            for round in &fast.0 {
                for (player, actions) in played.iter_mut().enumerate() {
                    actions.insert(round.0[player]);
                }
            }
            assert_eq!(
                fast, general,
                "{players} players, perception {perceive}, seed {seed}"
            );
        }
        // Every action of every player was played, so the comparison covered them all.
        for (player, actions) in played.iter().enumerate() {
            assert_eq!(
                actions.len(),
                experiment.game.actions[player].len(),
                "player {player}"
            );
        }
    }
}

#[test]
fn four_players_react_to_anyone_defecting() {
    // A always defects; B, C and D are grudgers without a target, so they react to "somebody
    // else defected": C in round 1, D from round 2 on. By hand, with 10 rounds:
    // round 1: A gets 2 × 3 = 6, each grudger 2 × 2 − 1 = 3; later rounds: everyone 0.
    let experiment = public_goods(
        &["A", "B", "C", "D"],
        &[
            "\"always_defect\"",
            "\"grudger\"",
            "\"grudger\"",
            "\"grudger\"",
        ],
        "rounds = 10",
    );
    let cell = &sim::run(&experiment, &Silent).cells[0];
    assert_eq!(cell.players[0].mean_payoff, 0.6);
    for grudger in &cell.players[1..] {
        assert_eq!(grudger.mean_payoff, 0.3);
        assert_eq!(grudger.shares, vec![0.1, 0.9]);
    }
}

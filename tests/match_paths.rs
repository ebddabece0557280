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

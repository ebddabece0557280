//! `best_replies.csv` agrees with `summary.csv`: recomputed here from the summary's rows, each
//! player's best candidate against each profile of the others, at each sweep point, with the
//! runner-up, the margin and whether the intervals are apart.

mod common;

use common::{dilemma, kuril, text};
use std::collections::BTreeMap;
use std::path::Path;

fn run(scenario: &Path, out: &Path) {
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
}

fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

/// A candidate's label, mean payoff and 95% interval.
type Entry = (String, f64, f64, f64);

/// best_replies.csv as the summary implies it, keyed by (swept values, player, others).
fn expected_from_summary(folder: &Path, players: &[&str]) -> BTreeMap<Vec<String>, Vec<String>> {
    let (headers, rows) = table(&folder.join("summary.csv"));
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let profile_at = at("profile");
    let swept: Vec<usize> = (1..profile_at).collect();
    let (player_at, strategy_at, mean_at) = (at("player"), at("strategy"), at("mean_payoff"));
    let (low_at, high_at) = (at("ci95_low"), at("ci95_high"));
    // (point, player, others) → [(label, mean, low, high)] in file order.
    let mut contests: BTreeMap<Vec<String>, Vec<Entry>> = BTreeMap::new();
    for row in &rows {
        let labels: Vec<&str> = row[profile_at].split(" vs ").collect();
        let me = players.iter().position(|p| *p == row[player_at]).unwrap();
        let others: Vec<&str> = labels
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != me)
            .map(|(_, l)| *l)
            .collect();
        let mut key: Vec<String> = swept.iter().map(|&i| row[i].clone()).collect();
        key.push(row[player_at].clone());
        key.push(others.join(" vs "));
        let number = |i: usize| row[i].parse::<f64>().unwrap_or(f64::NAN);
        contests.entry(key).or_default().push((
            row[strategy_at].clone(),
            number(mean_at),
            number(low_at),
            number(high_at),
        ));
    }
    contests
        .into_iter()
        .map(|(key, entries)| {
            // The first-listed among the highest means, then the best of the rest.
            let best =
                (0..entries.len()).fold(0, |b, i| if entries[i].1 > entries[b].1 { i } else { b });
            let rest: Vec<usize> = (0..entries.len()).filter(|&i| i != best).collect();
            let fields = match rest
                .iter()
                .copied()
                .reduce(|r, i| if entries[i].1 > entries[r].1 { i } else { r })
            {
                None => vec![
                    entries[best].0.clone(),
                    entries[best].1.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
                Some(second) => vec![
                    entries[best].0.clone(),
                    entries[best].1.to_string(),
                    entries[second].0.clone(),
                    entries[second].1.to_string(),
                    (entries[best].1 - entries[second].1).to_string(),
                    (entries[best].2 > entries[second].3).to_string(),
                ],
            };
            (key, fields)
        })
        .collect()
}

fn written(folder: &Path) -> BTreeMap<Vec<String>, Vec<String>> {
    let (headers, rows) = table(&folder.join("best_replies.csv"));
    let player_at = headers.iter().position(|h| h == "player").unwrap();
    rows.into_iter()
        .map(|row| {
            let key = row[1..player_at + 2].to_vec();
            (key, row[player_at + 2..].to_vec())
        })
        .collect()
}

#[test]
fn best_replies_are_what_the_summary_implies_at_every_sweep_point() {
    let scratch = tempfile::tempdir().unwrap();
    let scenario = scratch.path().join("sweep.toml");
    let kuril_text = std::fs::read_to_string(kuril()).unwrap();
    std::fs::write(
        &scenario,
        format!(
            "{}\n[sweep]\nenergy_dependence = [0.5, 0.75, 1.0]\npeace_dividend = [2.5, 3.0]\n",
            kuril_text.replace("replicates = 1000", "replicates = 60")
        ),
    )
    .unwrap();
    let out = scratch.path().join("out");
    run(&scenario, &out);
    let (headers, rows) = table(&out.join("best_replies.csv"));
    assert_eq!(
        headers,
        [
            "point",
            "energy_dependence",
            "peace_dividend",
            "player",
            "others",
            "best",
            "best_mean",
            "runner_up",
            "runner_up_mean",
            "margin",
            "separated"
        ]
    );
    // 6 points × (Japan facing 4 Russian strategies + Russia facing 3 Japanese ones).
    assert_eq!(rows.len(), 6 * (4 + 3));
    assert_eq!(
        written(&out),
        expected_from_summary(&out, &["Japan", "Russia"])
    );
}

#[test]
fn in_the_kuril_scenario_defection_is_russias_best_reply_to_every_japanese_strategy() {
    // The analysis (and the README's reading of the main command's run): while Japan is
    // constrained, Russia's payoffs make defection its best reply.
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    run(&kuril(), &out);
    let replies = written(&out);
    assert_eq!(replies, expected_from_summary(&out, &["Japan", "Russia"]));
    let russia: Vec<&Vec<String>> = replies
        .iter()
        .filter(|(key, _)| key[0] == "Russia")
        .map(|(_, fields)| fields)
        .collect();
    assert_eq!(russia.len(), 3);
    for fields in russia {
        assert_eq!(fields[0], "always_defect");
        assert_eq!(fields[5], "true", "{fields:?}: the intervals overlap");
    }
}

#[test]
fn three_players_face_the_profile_of_the_other_two() {
    let scratch = tempfile::tempdir().unwrap();
    let scenario = scratch.path().join("tri.toml");
    std::fs::write(
        &scenario,
        r#"[scenario]
name = "tri"
replicates = 30
[game]
players = ["Japan", "Russia", "China"]
rounds = 20
noise = 0.05
[game.payoffs]
"C,C,C" = [3, 3, 3]
"C,C,D" = [1, 1, 5]
"C,D,C" = [1, 5, 1]
"C,D,D" = [0, 3, 3]
"D,C,C" = [5, 1, 1]
"D,C,D" = [3, 0, 3]
"D,D,C" = [3, 3, 0]
"D,D,D" = [1, 1, 1]
[strategies]
Japan = ["tit_for_tat", "always_defect"]
Russia = ["tit_for_tat", "always_cooperate"]
China = ["win_stay_lose_shift", "always_defect"]
"#,
    )
    .unwrap();
    let out = scratch.path().join("out");
    run(&scenario, &out);
    let replies = written(&out);
    assert_eq!(
        replies.len(),
        3 * 4,
        "each player faces 2 × 2 profiles of the other two"
    );
    let key = [
        "Japan".to_string(),
        "tit_for_tat vs always_defect".to_string(),
    ];
    assert!(replies.contains_key(key.as_slice()));
    assert_eq!(
        replies,
        expected_from_summary(&out, &["Japan", "Russia", "China"])
    );
}

#[test]
fn the_dependence_sweep_answers_as_the_readme_says() {
    // README: in scenarios/kuril_dependence_sweep.toml, always defect stays Russia's best reply
    // to every Japanese strategy at all eleven levels of dependence, intervals apart.
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let scenario =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/kuril_dependence_sweep.toml");
    run(&scenario, &out);
    let replies = written(&out);
    assert_eq!(replies, expected_from_summary(&out, &["Japan", "Russia"]));
    let russia: Vec<(&Vec<String>, &Vec<String>)> = replies
        .iter()
        .filter(|(key, _)| key[1] == "Russia")
        .collect();
    assert_eq!(russia.len(), 11 * 3, "11 levels × 3 Japanese strategies");
    for (key, fields) in russia {
        assert_eq!(
            (fields[0].as_str(), fields[5].as_str()),
            ("always_defect", "true"),
            "{key:?}"
        );
    }
}

#[test]
fn a_round_robin_lists_each_players_best_replies_derived_by_hand() {
    // Tit for tat, always defect and always cooperate over 10 rounds without noise, R, S, T, P =
    // 3, 0, 5, 1. Payoffs per round to the strategy named first, by hand:
    //   TFT–TFT 3; TFT–ALLD 0.9 (S once, then P nine times) and ALLD–TFT 1.4 (T once, P nine
    //   times); TFT–ALLC 3, ALLC–TFT 3; ALLD–ALLD 1; ALLD–ALLC 5, ALLC–ALLD 0; ALLC–ALLC 3.
    // So against TFT: TFT 3 = ALLC 3 > ALLD 1.4 (a tie, to the first listed); against ALLD:
    // ALLD 1 > TFT 0.9 > ALLC 0; against ALLC: ALLD 5 > TFT 3 = ALLC 3. Every replicate plays
    // the same, so the intervals are points and `separated` is whether the margin is positive.
    // The game is symmetric, so each of the two players has these three rows.
    let scratch = tempfile::tempdir().unwrap();
    let scenario = scratch.path().join("round_robin.toml");
    std::fs::write(
        &scenario,
        format!(
            "[scenario]\nname = \"round-robin\"\nreplicates = 3\n\
             [game]\nplayers = [\"Row\", \"Column\"]\nrounds = 10\n{}\
             [tournament]\nkind = \"round_robin\"\n\
             strategies = [\"tit_for_tat\", \"always_defect\", \"always_cooperate\"]\n",
            common::STANDARD_PAYOFFS
        ),
    )
    .unwrap();
    let out = scratch.path().join("out");
    run(&scenario, &out);
    let (headers, rows) = table(&out.join("best_replies.csv"));
    assert_eq!(headers[..3], ["point", "player", "others"]);
    // (others, best, best_mean, runner_up, runner_up_mean, separated)
    let by_hand = [
        (
            "tit_for_tat",
            "tit_for_tat",
            3.0,
            "always_cooperate",
            3.0,
            "false",
        ),
        (
            "always_defect",
            "always_defect",
            1.0,
            "tit_for_tat",
            0.9,
            "true",
        ),
        (
            "always_cooperate",
            "always_defect",
            5.0,
            "tit_for_tat",
            3.0,
            "true",
        ),
    ];
    let expected: Vec<(&str, _)> = ["Row", "Column"]
        .iter()
        .flat_map(|player| by_hand.iter().map(move |reply| (*player, reply)))
        .collect();
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    let close = |text: &str, wanted: f64| (text.parse::<f64>().unwrap() - wanted).abs() < 1e-12;
    for (row, &(player, reply)) in rows.iter().zip(&expected) {
        let (others, best, best_mean, runner_up, runner_up_mean, separated) = *reply;
        let texts: Vec<&str> = row.iter().map(String::as_str).collect();
        assert_eq!(
            [texts[0], texts[1], texts[2], texts[3], texts[5], texts[8]],
            ["0", player, others, best, runner_up, separated],
            "{row:?}"
        );
        assert!(close(&row[4], best_mean), "{row:?}");
        assert!(close(&row[6], runner_up_mean), "{row:?}");
        assert!(close(&row[7], best_mean - runner_up_mean), "{row:?}");
    }
}

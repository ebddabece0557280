//! The shipped Kuril scenario shows what the analysis argues: while Japan is constrained by its
//! energy dependence, defection is Russia's best reply, whatever Japan's strategy.

use dilemma::experiment::Experiment;
use dilemma::sim::{self, Silent, Summary};

fn load(text: &str) -> Experiment {
    let mut experiment = dilemma::scenario::parse(text, "kuril_revised_pd.toml").expect("valid");
    experiment.replicates = 300;
    experiment
}

fn shipped() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/kuril_revised_pd.toml"
    ))
    .unwrap()
}

/// For each Japanese strategy, Russia's strategy with the highest mean payoff.
fn russias_best_replies(experiment: &Experiment, summary: &Summary) -> Vec<(String, String)> {
    let japan_options = &experiment.candidates[0];
    japan_options
        .iter()
        .enumerate()
        .map(|(japan, japan_spec)| {
            let best = experiment
                .cells
                .iter()
                .zip(&summary.cells)
                .filter(|(cell, _)| cell.profile[0] == japan)
                .max_by(|a, b| {
                    a.1.players[1]
                        .mean_payoff
                        .total_cmp(&b.1.players[1].mean_payoff)
                })
                .map(|(cell, _)| experiment.strategy(cell, 1).label.clone())
                .unwrap();
            (japan_spec.label.clone(), best)
        })
        .collect()
}

#[test]
fn defection_is_russias_best_reply_while_japan_is_constrained() {
    let experiment = load(&shipped());
    let summary = sim::run(&experiment, &Silent);
    for (japan, best) in russias_best_replies(&experiment, &summary) {
        assert_eq!(best, "always_defect", "against Japan's {japan}");
    }
    // And the constraint binds: Japan, whatever it wants, almost never defects.
    for results in &summary.cells {
        assert!(results.players[0].shares[1] < 0.05);
    }
}

#[test]
fn without_the_constraint_reciprocity_pays_russia_more_than_defection() {
    // The counterfactual that makes the point: drop the energy constraint (keep the payoffs) and a
    // reciprocating Japan can punish, so against tit for tat Russia's best reply is no longer D.
    let text = shipped();
    let start = text.find("[[game.constraints]]").unwrap();
    let end = text.find("[strategies]").unwrap();
    let unconstrained = format!("{}{}", &text[..start], &text[end..]);
    let experiment = load(&unconstrained);
    let summary = sim::run(&experiment, &Silent);
    let replies = russias_best_replies(&experiment, &summary);
    let against_tft = &replies
        .iter()
        .find(|(japan, _)| japan == "tit_for_tat")
        .unwrap()
        .1;
    assert_ne!(against_tft, "always_defect");
}

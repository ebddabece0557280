//! The shipped Kuril scenario shows what the analysis argues: while Japan is constrained by its
//! energy dependence, defection is Russia's best reply, whatever Japan's strategy, by more than
//! 4 standard errors of each difference, computed here from the replicates' own payoffs.

mod common;

use common::mean_and_standard_error;
use dilemma::experiment::Experiment;
use dilemma::sim::{self, Silent, Summary};

/// The scenario's text run as a bipartite tournament, so that the run keeps each replicate's
/// payoffs (the cells, their random streams and so their matches are the scenario's own).
fn load(text: &str) -> Experiment {
    let text = format!("{text}\n[tournament]\nkind = \"bipartite\"\n");
    let experiment = dilemma::scenario::parse(&text, "kuril_revised_pd.toml").expect("valid");
    // The shipped replicate count: the margins below are a few tenths of a payoff unit.
    assert_eq!(experiment.replicates, 1000);
    experiment
}

fn shipped() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/kuril_revised_pd.toml"
    ))
    .unwrap()
}

/// Russia's payoff per round in each replicate of the cell where Japan plays `japan` and
/// Russia `russia`, with its mean and standard error.
struct Russian {
    label: String,
    mean: f64,
    standard_error: f64,
}

/// For each Japanese strategy (by label), Russia's strategies with their payoffs against it.
fn russias_payoffs(experiment: &Experiment, summary: &Summary) -> Vec<(String, Vec<Russian>)> {
    experiment.candidates[0]
        .iter()
        .enumerate()
        .map(|(japan, japan_spec)| {
            let russians = experiment
                .cells
                .iter()
                .zip(&summary.cells)
                .filter(|(cell, _)| cell.profile[0] == japan)
                .map(|(cell, results)| {
                    let replicates = &results.replicates;
                    assert_eq!(replicates.len() as u64, experiment.replicates);
                    let payoffs: Vec<f64> = (0..replicates.len())
                        .map(|r| replicates.per_round(r, 1))
                        .collect();
                    let (mean, standard_error) = mean_and_standard_error(&payoffs);
                    // summary.csv's mean is the replicates' mean.
                    assert!((results.players[1].mean_payoff - mean).abs() < 1e-9);
                    Russian {
                        label: experiment.strategy(cell, 1).label.clone(),
                        mean,
                        standard_error,
                    }
                })
                .collect();
            (japan_spec.label.clone(), russians)
        })
        .collect()
}

/// Whether `better` beats `worse` by more than 4 standard errors of the difference (the cells'
/// replicates are independent).
fn beats(better: &Russian, worse: &Russian) -> bool {
    let se = better.standard_error.hypot(worse.standard_error);
    better.mean - worse.mean > 4.0 * se
}

#[test]
fn defection_is_russias_best_reply_while_japan_is_constrained() {
    let experiment = load(&shipped());
    let summary = sim::run(&experiment, &Silent);
    let replies = russias_payoffs(&experiment, &summary);
    assert_eq!(replies.len(), 3);
    for (japan, russians) in &replies {
        assert_eq!(russians.len(), 4);
        let defect = russians
            .iter()
            .find(|r| r.label == "always_defect")
            .unwrap();
        for other in russians.iter().filter(|r| r.label != "always_defect") {
            assert!(
                beats(defect, other),
                "against Japan's {japan}: always_defect {:.3} ± {:.3}, {} {:.3} ± {:.3}",
                defect.mean,
                defect.standard_error,
                other.label,
                other.mean,
                other.standard_error
            );
        }
    }
    // And the constraint binds: Japan can defect only in a round where the constraint does not
    // hold, drawn independently each round with chance 0.02, so over a cell's 100,000 rounds its
    // share of D stays below the share of such rounds: 0.02 plus 4 binomial standard errors.
    for results in &summary.cells {
        let share = results.players[0].shares[1];
        assert!(
            share < 0.02 + 4.0 * (0.02f64 * 0.98 / 1e5).sqrt(),
            "{share}"
        );
    }
}

#[test]
fn without_the_constraint_reciprocity_pays_russia_more_than_defection() {
    // The counterfactual that makes the point: drop the energy constraint (keep the payoffs) and a
    // reciprocating Japan can punish, so against tit for tat some Russian strategy beats
    // defection by more than 4 standard errors.
    let text = shipped();
    let start = text.find("[[game.constraints]]").unwrap();
    let end = text.find("[strategies]").unwrap();
    let unconstrained = format!("{}{}", &text[..start], &text[end..]);
    let experiment = load(&unconstrained);
    let summary = sim::run(&experiment, &Silent);
    let replies = russias_payoffs(&experiment, &summary);
    let (_, russians) = replies
        .iter()
        .find(|(japan, _)| japan == "tit_for_tat")
        .unwrap();
    let defect = russians
        .iter()
        .find(|r| r.label == "always_defect")
        .unwrap();
    assert!(
        russians.iter().any(|other| beats(other, defect)),
        "no Russian strategy beats always_defect ({:.3}) against tit for tat by 4 standard errors",
        defect.mean
    );
}

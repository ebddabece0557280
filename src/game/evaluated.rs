//! The game at one parameter point with every formula evaluated: the payoff table, the
//! constraints' probabilities, the noise and the perception error rates that a run uses (in
//! round 1, where schedules or state variables change them), and the state variables' initial
//! values. The manifest records it and `validate --verbose` prints it, so a researcher can check
//! that the formulas say what they meant.

use super::Game;
use serde_json::{Value, json};

/// One constraint with its probability evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatedConstraint {
    pub player: String,
    pub forbid: Vec<String>,
    pub probability: f64,
    pub fallback: String,
}

/// One perception entry with its rates evaluated, one per action of the observed player.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatedPerception {
    pub observer: String,
    pub observed: String,
    pub actions: Vec<String>,
    pub rates: Vec<f64>,
}

/// Payoffs for every joint action, in the game's joint-action order, the constraints and the
/// perception entries.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluatedGame {
    /// Each joint action's labels joined with `,`, as payoff keys are written in a scenario.
    pub joint_labels: Vec<String>,
    /// One payoff per player for each joint action.
    pub payoffs: Vec<Vec<f64>>,
    pub constraints: Vec<EvaluatedConstraint>,
    pub perceptions: Vec<EvaluatedPerception>,
    pub noise: f64,
    /// Each state variable's name and initial value.
    pub states: Vec<(String, f64)>,
    /// True when a schedule or state variable changes some value above during the match.
    pub changes: bool,
}

impl EvaluatedGame {
    pub fn new(game: &Game, parameters: &[f64]) -> EvaluatedGame {
        let players = game.player_count();
        let slots = game.dynamics.slots_at_start(parameters);
        let parameters = slots.as_slice();
        let values = game.payoffs_at(parameters);
        let joint_labels = (0..game.joint_count())
            .map(|joint| game.joint_label(joint))
            .collect();
        let constraints = game
            .constraints
            .iter()
            .map(|constraint| {
                let actions = &game.actions[constraint.player];
                EvaluatedConstraint {
                    player: game.players[constraint.player].clone(),
                    forbid: actions
                        .iter()
                        .enumerate()
                        .filter(|(index, _)| constraint.forbidden >> index & 1 == 1)
                        .map(|(_, label)| label.clone())
                        .collect(),
                    probability: constraint.probability.evaluate(parameters),
                    fallback: actions[constraint.fallback].clone(),
                }
            })
            .collect();
        let perceptions = game
            .perceptions
            .iter()
            .map(|perception| EvaluatedPerception {
                observer: game.players[perception.observer].clone(),
                observed: game.players[perception.observed].clone(),
                actions: game.actions[perception.observed].clone(),
                rates: perception
                    .rates
                    .iter()
                    .map(|rate| rate.evaluate(parameters))
                    .collect(),
            })
            .collect();
        let dynamics = &game.dynamics;
        // A schedule changes what is shown only through the values that read it.
        let changes = game
            .changing_values()
            .iter()
            .any(|(target, _, _)| !matches!(target, crate::game::dynamics::Target::Slot(_)));
        EvaluatedGame {
            joint_labels,
            payoffs: values.chunks(players).map(<[f64]>::to_vec).collect(),
            constraints,
            perceptions,
            noise: game.noise.evaluate(parameters),
            states: dynamics
                .states
                .iter()
                .enumerate()
                .map(|(index, state)| (state.name.clone(), slots[dynamics.state_slot(index)]))
                .collect(),
            changes,
        }
    }

    /// `{"payoffs": [{"joint": "C,D", "payoffs": [0, 5]}, …], "constraints": [{"player",
    /// "forbid", "probability", "fallback"}], "perception": [{"observer", "observed", "actions",
    /// "rates"}]}`. Arrays, not objects keyed by joint action or action: serde_json sorts object
    /// keys, and the tables should read in the game's order.
    pub fn to_json(&self) -> Value {
        let payoffs: Vec<Value> = self
            .joint_labels
            .iter()
            .zip(&self.payoffs)
            .map(|(label, values)| json!({ "joint": label, "payoffs": values }))
            .collect();
        let constraints: Vec<Value> = self
            .constraints
            .iter()
            .map(|constraint| {
                json!({
                    "player": constraint.player,
                    "forbid": constraint.forbid,
                    "probability": constraint.probability,
                    "fallback": constraint.fallback,
                })
            })
            .collect();
        let perceptions: Vec<Value> = self
            .perceptions
            .iter()
            .map(|perception| {
                json!({
                    "observer": perception.observer,
                    "observed": perception.observed,
                    "actions": perception.actions,
                    "rates": perception.rates,
                })
            })
            .collect();
        let states: Vec<Value> = self
            .states
            .iter()
            .map(|(name, initial)| json!({ "name": name, "initial": initial }))
            .collect();
        json!({
            "payoffs": payoffs,
            "constraints": constraints,
            "perception": perceptions,
            "noise": self.noise,
            "state": states,
            // The values above are those of round 1 when this is true.
            "changes_during_match": self.changes,
        })
    }
}

/// Joint actions listed by `to_text` before the rest are counted instead: a 16-player game
/// has 65,536 of them.
const MAX_TEXT_ROWS: usize = 1024;

impl EvaluatedGame {
    /// A plain-text table for a terminal, indented by two spaces. Labels are escaped, since
    /// they are the user's text.
    pub fn to_text(&self, players: &[String]) -> String {
        use crate::text::{echo, rounded};
        let mut header = vec!["joint action".to_string()];
        header.extend(players.iter().map(|player| echo(player)));
        let mut rows = vec![header];
        for (label, values) in self
            .joint_labels
            .iter()
            .zip(&self.payoffs)
            .take(MAX_TEXT_ROWS)
        {
            let mut row = vec![echo(label)];
            row.extend(values.iter().map(|value| rounded(*value)));
            rows.push(row);
        }
        let columns = rows[0].len();
        let widths: Vec<usize> = (0..columns)
            .map(|column| {
                rows.iter()
                    .map(|row| row[column].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut text = String::from(if self.changes {
            "  payoffs in round 1 (schedules or state variables change some values below):\n"
        } else {
            "  payoffs per round:\n"
        });
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            text.push_str(&format!("    {}\n", cells.join("  ").trim_end()));
        }
        if self.joint_labels.len() > MAX_TEXT_ROWS {
            text.push_str(&format!(
                "    … and {} more joint actions (every one is in manifest.json after a run)\n",
                self.joint_labels.len() - MAX_TEXT_ROWS
            ));
        }
        if !self.constraints.is_empty() {
            text.push_str("  constraints (drawn each round):\n");
        }
        for constraint in &self.constraints {
            let forbid: Vec<String> = constraint.forbid.iter().map(|label| echo(label)).collect();
            text.push_str(&format!(
                "    {}: {} forbidden with probability {}, else {}\n",
                echo(&constraint.player),
                forbid.join(", "),
                rounded(constraint.probability),
                echo(&constraint.fallback)
            ));
        }
        if self.noise > 0.0 {
            text.push_str(&format!("  noise: {}\n", rounded(self.noise)));
        }
        if !self.perceptions.is_empty() {
            text.push_str("  perception errors (drawn each round):\n");
        }
        for perception in &self.perceptions {
            let rates: Vec<String> = perception
                .actions
                .iter()
                .zip(&perception.rates)
                .map(|(action, rate)| format!("{} {}", echo(action), rounded(*rate)))
                .collect();
            text.push_str(&format!(
                "    {} misreads {}: {}\n",
                echo(&perception.observer),
                echo(&perception.observed),
                rates.join(", ")
            ));
        }
        if !self.states.is_empty() {
            text.push_str("  state variables (initial values):\n");
        }
        for (name, initial) in &self.states {
            text.push_str(&format!("    {}: {}\n", echo(name), rounded(*initial)));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::game::{Constraint, Length, Misperception};
    use crate::scenario::formula::Formula;
    use crate::scenario::parse;

    #[test]
    fn formulas_are_evaluated_at_the_scenario_parameter_values() {
        let text = r#"
[scenario]
name = "t"
[parameters]
q = 0.25
gain = 2
[game]
players = ["A", "B"]
rounds = 1
[game.payoffs]
"C,C" = [1, "gain * 3"]
"C,D" = [2, 0]
"D,C" = ["gain ^ 2", 0]
"D,D" = [6, "0 - q"]
[[game.constraints]]
player = "A"
forbid = ["D"]
probability = "2 * q"
[strategies]
A = ["tit_for_tat"]
B = ["always_cooperate"]
"#;
        let experiment = parse(text, "t.toml").expect("valid");
        let evaluated = EvaluatedGame::new(&experiment.game, &experiment.parameter_values);
        assert_eq!(evaluated.joint_labels, ["C,C", "C,D", "D,C", "D,D"]);
        assert_eq!(
            evaluated.payoffs,
            [[1.0, 6.0], [2.0, 0.0], [4.0, 0.0], [6.0, -0.25]]
        );
        let constraint = &evaluated.constraints[0];
        assert_eq!(
            (constraint.player.as_str(), constraint.probability),
            ("A", 0.5)
        );
        assert_eq!(constraint.forbid, ["D"]);
        assert_eq!(constraint.fallback, "C");
    }

    #[test]
    fn joint_actions_run_in_mixed_radix_with_the_first_player_slowest() {
        let labels = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let game = Game {
            players: labels(&["A", "B"]),
            actions: vec![labels(&["C", "D"]), labels(&["x", "y", "z"])],
            // Payoff of joint j for player p is 10 j + p, so the table shows its own order.
            payoffs: (0..6)
                .flat_map(|joint| (0..2).map(move |p| Formula::constant((10 * joint + p) as f64)))
                .collect(),
            length: Length::Fixed(1),
            noise: Formula::constant(0.0),
            constraints: vec![Constraint {
                player: 1,
                forbidden: 0b101,
                probability: Formula::constant(0.3),
                fallback: 1,
            }],
            perceptions: vec![Misperception {
                observer: 0,
                observed: 1,
                rates: vec![
                    Formula::constant(0.25),
                    Formula::constant(0.0),
                    Formula::constant(1.0),
                ],
            }],
            dynamics: Default::default(),
        };
        let evaluated = EvaluatedGame::new(&game, &[]);
        assert_eq!(
            evaluated.joint_labels,
            ["C,x", "C,y", "C,z", "D,x", "D,y", "D,z"]
        );
        assert_eq!(evaluated.payoffs[4], [40.0, 41.0]);
        assert_eq!(evaluated.constraints[0].forbid, ["x", "z"]);
        assert_eq!(evaluated.constraints[0].fallback, "y");
        let json = evaluated.to_json();
        assert_eq!(
            json["payoffs"][4],
            json!({ "joint": "D,y", "payoffs": [40.0, 41.0] })
        );
        assert_eq!(json["constraints"][0]["probability"], json!(0.3));
        assert_eq!(
            json["perception"][0],
            json!({ "observer": "A", "observed": "B", "actions": ["x", "y", "z"],
                    "rates": [0.25, 0.0, 1.0] })
        );
        assert!(
            evaluated
                .to_text(&game.players)
                .contains("    A misreads B: x 0.25, y 0, z 1\n")
        );
    }
}

//! Validation of the kinds that name actions (`fixed`, `mixed`, `cycle`, `reply`): every label
//! resolved against its player's actions (with the nearest label suggested for a typo), every
//! distribution summing to 1, and every case of a `reply` table present.

use super::{Locate, Result, Validator, key_segment, known_list, resolve};
use crate::game::Game;
use crate::scenario::nearest_name;
use crate::scenario::schema::{
    RawChoice, RawDistribution, RawProbabilities, RawSequence, RawStrategyTable, RawWatch,
};
use crate::strategy::entry::ActionArgs;
use crate::strategy::multi_action::SUM_TOLERANCE;
use crate::text::{echo, number, rounded};
use std::ops::Range;
use toml::Spanned;

/// Most cases a `reply` table may have: every one is written in the file, and a table past
/// this many is no longer something a person writes or reads.
pub const MAX_REPLY_CASES: usize = 4096;

/// The cases a "missing" message names before it counts the rest.
const MISSING_SHOWN: usize = 4;

/// Where a kind's arguments are checked: the candidate's player in the game.
pub(super) struct ActionSeat<'a> {
    pub game: &'a Game,
    pub names_ok: bool,
    pub player: usize,
    /// The whole candidate, blamed for a missing field.
    pub span: Range<usize>,
    pub field: &'a str,
}

impl Validator<'_> {
    /// The arguments of `kind` (one of the kinds that name actions) with labels resolved, or
    /// `None` after recording every problem found.
    pub(super) fn action_args(
        &self,
        kind: &str,
        table: Option<&RawStrategyTable>,
        seat: &ActionSeat,
    ) -> Option<ActionArgs> {
        let source = self.source;
        let labels = &seat.game.actions[seat.player];
        let field = seat.field;
        let required = |name: &str, example: &str| {
            self.report(source.problem(
                seat.span.clone(),
                field,
                format!("`{kind}` needs `{name}`, e.g. {example}"),
            ));
            None
        };
        match kind {
            "fixed" => match table.and_then(|t| t.action.as_ref()) {
                Some(action) => self
                    .check(resolve(
                        source,
                        labels,
                        action,
                        &format!("{field}.action"),
                        "action",
                    ))
                    .map(ActionArgs::Fixed),
                None => required("action", "action = \"C\""),
            },
            "mixed" => match table.and_then(|t| t.p.as_ref()) {
                Some(p) => match p.get_ref() {
                    RawProbabilities::ByAction(distribution) => self
                        .check(self.distribution(
                            distribution,
                            p.span(),
                            &format!("{field}.p"),
                            labels,
                        ))
                        .map(ActionArgs::Mixed),
                    RawProbabilities::List(_) => {
                        self.report(source.problem(
                            p.span(),
                            format!("{field}.p"),
                            "`mixed` takes a probability per action label, e.g. p = { C = 0.7, \
                             D = 0.3 }",
                        ));
                        None
                    }
                },
                None => required("p", "p = { C = 0.7, D = 0.3 }"),
            },
            "cycle" => match table.and_then(|t| t.sequence.as_ref()) {
                Some(sequence) => self.sequence(sequence, labels, &format!("{field}.sequence")),
                None => required("sequence", "sequence = \"CCD\" or [\"C\", \"C\", \"D\"]"),
            },
            "reply" => self.reply(table, seat),
            _ => None,
        }
    }

    /// A `cycle`'s moves: a list of action labels, or a string read a letter at a time, each
    /// letter a one-letter action label of the player or, for a player of two actions, C or D
    /// for its first or second (Axelrod's `Cycler("CCD")`).
    fn sequence(
        &self,
        sequence: &Spanned<RawSequence>,
        labels: &[String],
        field: &str,
    ) -> Option<ActionArgs> {
        let source = self.source;
        let empty = match sequence.get_ref() {
            RawSequence::Labels(list) => list.is_empty(),
            RawSequence::Letters(letters) => letters.is_empty(),
        };
        if empty {
            self.report(source.problem(
                sequence.span(),
                field,
                "lists no action; name the actions played in turn, e.g. sequence = \"CCD\" or \
                 [\"C\", \"C\", \"D\"]",
            ));
            return None;
        }
        match sequence.get_ref() {
            RawSequence::Labels(list) => {
                let resolved: Vec<Option<usize>> = list
                    .iter()
                    .enumerate()
                    .map(|(index, label)| {
                        let at = format!("{field}[{index}]");
                        self.check(resolve(source, labels, label, &at, "action"))
                    })
                    .collect();
                resolved.into_iter().collect::<Option<Vec<_>>>()
            }
            RawSequence::Letters(letters) => {
                let mut moves = Vec::with_capacity(letters.len());
                for (index, letter) in letters.chars().enumerate() {
                    let own = labels
                        .iter()
                        .position(|label| label.chars().eq(std::iter::once(letter)));
                    let by_letter = match (letter, labels.len()) {
                        ('C', 2) => Some(0),
                        ('D', 2) => Some(1),
                        _ => None,
                    };
                    let Some(action) = own.or(by_letter) else {
                        let meaning = if labels.len() == 2 {
                            "an action label of one letter, or C or D for the first or second \
                             action"
                        } else {
                            "an action label of one letter"
                        };
                        self.report(source.problem(
                            sequence.span(),
                            field,
                            format!(
                                "letter {} is `{}`; each letter of the sequence is {meaning} \
                                 (known: {}); write a list of labels for longer labels",
                                index + 1,
                                echo(&letter.to_string()),
                                known_list(labels)
                            ),
                        ));
                        return None;
                    };
                    moves.push(action);
                }
                Some(moves)
            }
        }
        .map(ActionArgs::Cycle)
    }

    fn reply(&self, table: Option<&RawStrategyTable>, seat: &ActionSeat) -> Option<ActionArgs> {
        let source = self.source;
        let game = seat.game;
        let field = seat.field;
        let own = &game.actions[seat.player];
        let missing = |name: &str, example: &str| {
            self.report(source.problem(
                seat.span.clone(),
                field,
                format!("`reply` needs `{name}`, e.g. {example}"),
            ));
        };
        let watched: Vec<usize> = match table.and_then(|t| t.watch.as_ref()) {
            None => (0..game.player_count())
                .filter(|&q| q != seat.player)
                .collect(),
            Some(watch) => match watch.get_ref() {
                RawWatch::Rule(_) => {
                    self.report(source.problem(
                        watch.span(),
                        format!("{field}.watch"),
                        "`reply` watches a list of players, e.g. watch = [\"China\"]; the rules \
                         \"any\", \"all\" and \"majority\" are for two-action strategies",
                    ));
                    return None;
                }
                RawWatch::Players(players) if players.is_empty() => {
                    self.report(source.problem(
                        watch.span(),
                        format!("{field}.watch"),
                        "lists no player; name whose last actions it replies to, e.g. watch = \
                         [\"China\"]",
                    ));
                    return None;
                }
                RawWatch::Players(players) => {
                    let mut watched = Vec::with_capacity(players.len());
                    for (index, name) in players.iter().enumerate() {
                        let at = format!("{field}.watch[{index}]");
                        let player = self.player(&game.players, seat.names_ok, name, &at)?;
                        if watched.contains(&player) {
                            self.report(source.problem(
                                name.span(),
                                at,
                                format!(
                                    "`{}` is listed twice; name each watched player once",
                                    echo(name.get_ref())
                                ),
                            ));
                            return None;
                        }
                        watched.push(player);
                    }
                    watched
                }
            },
        };
        let counts: Vec<usize> = watched.iter().map(|&q| game.actions[q].len()).collect();
        let cases = counts
            .iter()
            .try_fold(1usize, |product, &count| product.checked_mul(count))
            .filter(|&cases| cases <= MAX_REPLY_CASES);
        let first = match table.and_then(|t| t.first.as_ref()) {
            Some(first) => self.choice(first, &format!("{field}.first"), own),
            None => {
                missing("first", "first = \"C\" (round 1's action)");
                None
            }
        };
        let Some(raw_table) = table.and_then(|t| t.table.as_ref()) else {
            missing("table", "table = { C = \"C\", D = \"D\" }");
            return None;
        };
        let Some(cases) = cases else {
            self.report(source.problem(
                raw_table.span(),
                format!("{field}.table"),
                format!(
                    "watching {} gives more than {MAX_REPLY_CASES} cases; watch fewer players",
                    names_of(game, &watched)
                ),
            ));
            return None;
        };
        let mut replies: Vec<Option<Vec<f64>>> = vec![None; cases];
        // The key that first named each case, as written, for a duplicate's message.
        let mut keys: Vec<Option<&str>> = vec![None; cases];
        let mut ok = true;
        // The table is a BTreeMap, in key order; check in file order instead.
        let mut entries: Vec<_> = raw_table.get_ref().iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let at = format!("{field}.table.{}", key_segment(key.get_ref()));
            let case = self.check(case_index(source, key, &at, game, &watched));
            let reply = self.choice(value, &at, own);
            match (case, reply) {
                (Some(case), Some(_)) if replies[case].is_some() => {
                    let earlier = keys[case].unwrap_or_default();
                    let canonical = case_label(game, &watched, case);
                    let mut message = format!(
                        "names the same case as the earlier key \"{}\"",
                        echo(earlier)
                    );
                    if echo(earlier) != canonical {
                        message.push_str(&format!(" (both are \"{canonical}\")"));
                    }
                    self.report(source.problem(key.span(), at, message));
                    ok = false;
                }
                (Some(case), Some(reply)) => {
                    replies[case] = Some(reply);
                    keys[case] = Some(key.get_ref());
                }
                _ => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let absent: Vec<usize> = (0..cases).filter(|&case| replies[case].is_none()).collect();
        if !absent.is_empty() {
            let mut shown: Vec<String> = absent
                .iter()
                .take(MISSING_SHOWN)
                .map(|&case| format!("\"{}\"", case_label(game, &watched, case)))
                .collect();
            if absent.len() > MISSING_SHOWN {
                shown.push(format!("… {} more", absent.len() - MISSING_SHOWN));
            }
            self.report(source.problem(
                raw_table.span(),
                format!("{field}.table"),
                format!(
                    "has no reply for {} of its {cases} cases: {}; every combination of the last \
                     actions of {} needs one",
                    absent.len(),
                    shown.join(", "),
                    names_of(game, &watched)
                ),
            ));
            return None;
        }
        Some(ActionArgs::Reply {
            watched,
            counts,
            first: first?,
            table: replies.into_iter().flatten().collect(),
        })
    }

    /// An action label or a distribution over `labels`, as a probability per action.
    fn choice(&self, raw: &Spanned<RawChoice>, field: &str, labels: &[String]) -> Option<Vec<f64>> {
        let source = self.source;
        match raw.get_ref() {
            RawChoice::Action(label) => {
                let label = Spanned::new(raw.span(), label.clone());
                let action = self.check(resolve(source, labels, &label, field, "action"))?;
                let mut certain = vec![0.0; labels.len()];
                certain[action] = 1.0;
                Some(certain)
            }
            RawChoice::Distribution(distribution) => {
                self.check(self.distribution(distribution, raw.span(), field, labels))
            }
            RawChoice::Chance(value) => {
                self.report(source.problem(
                    raw.span(),
                    field,
                    format!(
                        "found the number {}; give an action label (e.g. \"{}\") or a \
                         probability per label (e.g. {{ {} = 0.5, … }})",
                        number(*value),
                        echo(&labels[0]),
                        key_segment(&labels[0])
                    ),
                ));
                None
            }
        }
    }

    /// A probability per action label, resolved to a probability per action index.
    fn distribution(
        &self,
        raw: &RawDistribution,
        span: Range<usize>,
        field: &str,
        labels: &[String],
    ) -> Result<Vec<f64>> {
        let source = self.source;
        if raw.is_empty() {
            return Err(source.problem(
                span,
                field,
                format!(
                    "lists no action; give a probability per action label ({})",
                    known_list(labels)
                ),
            ));
        }
        let mut probabilities = vec![0.0; labels.len()];
        let mut entries: Vec<_> = raw.iter().collect();
        entries.sort_by_key(|(label, _)| label.span().start);
        for (label, value) in &entries {
            let at = format!("{field}.{}", key_segment(label.get_ref()));
            let action = resolve(source, labels, label, &at, "action")?;
            let p = *value.get_ref();
            if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
                return Err(source.problem(
                    value.span(),
                    at,
                    format!("must be a probability in [0, 1], found {}", number(p)),
                ));
            }
            probabilities[action] = p;
        }
        let sum: f64 = entries.iter().map(|(_, value)| *value.get_ref()).sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            return Err(source.problem(
                span,
                field,
                // Ten significant digits: 0.6 + 0.3 reads 0.9, not 0.8999999999999999, and a
                // sum outside the tolerance never reads as 1.
                format!("the probabilities sum to {}, not 1", rounded(sum)),
            ));
        }
        Ok(probabilities)
    }
}

/// The case a `reply` table key names: one label per watched player, joined by `,`.
fn case_index(
    source: &crate::scenario::Source,
    key: &Spanned<String>,
    field: &str,
    game: &Game,
    watched: &[usize],
) -> Result<usize> {
    let labels: Vec<&str> = key.get_ref().split(',').map(str::trim).collect();
    if labels.len() != watched.len() {
        return Err(source.problem(
            key.span(),
            field,
            format!(
                "a case names one action per watched player ({}: {}), separated by `,`; found {}",
                watched.len(),
                names_of(game, watched),
                labels.len()
            ),
        ));
    }
    let mut case = 0;
    for (&q, label) in watched.iter().zip(&labels) {
        let known = &game.actions[q];
        let Some(action) = known.iter().position(|action| action == label) else {
            let mut problem = source.problem(
                key.span(),
                field,
                format!(
                    "`{}` is not an action of {} (actions: {})",
                    echo(label),
                    echo(&game.players[q]),
                    known_list(known)
                ),
            );
            problem.suggestion = nearest_name(label, known).map(|name| echo(&name));
            return Err(problem);
        };
        case = case * known.len() + action;
    }
    Ok(case)
}

/// The watched players' names for a message, in the order of `watch`.
fn names_of(game: &Game, watched: &[usize]) -> String {
    let names: Vec<String> = watched.iter().map(|&q| echo(&game.players[q])).collect();
    names.join(", ")
}

/// A case index written as a table key: the watched players' labels joined by `,`.
fn case_label(game: &Game, watched: &[usize], case: usize) -> String {
    let mut rest = case;
    let mut labels: Vec<&str> = watched
        .iter()
        .rev()
        .map(|&q| {
            let count = game.actions[q].len();
            let label = game.actions[q][rest % count].as_str();
            rest /= count;
            label
        })
        .collect();
    labels.reverse();
    echo(&labels.join(","))
}

//! Validation of `[[game.perception]]`: who misreads whose actions, at what rate per action
//! really played. Each rate is a number or formula that must evaluate into [0, 1].

use super::{
    Locate, PROBABILITY, Validator, check_probability, is_probability, key_segment, resolve,
};
use crate::game::{Game, Misperception};
use crate::scenario::formula::Formula;
use crate::scenario::schema::{RawNumber, RawPerception};
use crate::text::echo;
use toml::Spanned;

impl Validator<'_> {
    /// Every perception entry that passed its checks, in file order. `names_ok` as for
    /// constraints: a player missing from a rejected player list is not reported again.
    pub(super) fn perceptions(
        &self,
        raw: &[Spanned<RawPerception>],
        game: &Game,
        names_ok: bool,
    ) -> Vec<Misperception> {
        let mut accepted: Vec<(usize, Misperception)> = Vec::new();
        for (index, entry) in raw.iter().enumerate() {
            let Some(perception) = self.perception(entry, index, game, names_ok) else {
                continue;
            };
            let field = format!("game.perception[{index}].observed");
            let earlier = accepted.iter().find(|(_, other)| {
                (other.observer, other.observed) == (perception.observer, perception.observed)
            });
            if let Some((earlier, _)) = earlier {
                // Two rates for one pair would leave unclear which applies (or whether both do).
                self.report(self.source.problem(
                    entry.get_ref().observed.span(),
                    field,
                    format!(
                        "{} already misreads {} in game.perception[{earlier}]; give each \
                         (observer, observed) pair once",
                        echo(&game.players[perception.observer]),
                        echo(&game.players[perception.observed])
                    ),
                ));
                continue;
            }
            accepted.push((index, perception));
        }
        accepted
            .into_iter()
            .map(|(_, perception)| perception)
            .collect()
    }

    /// One entry checked on its own, or `None` after recording why it cannot be used.
    fn perception(
        &self,
        raw: &Spanned<RawPerception>,
        index: usize,
        game: &Game,
        names_ok: bool,
    ) -> Option<Misperception> {
        let source = self.source;
        let field = format!("game.perception[{index}]");
        let entry_span = raw.span();
        let raw = raw.get_ref();
        let observer = self.player(
            &game.players,
            names_ok,
            &raw.observer,
            &format!("{field}.observer"),
        );
        let observed = self.player(
            &game.players,
            names_ok,
            &raw.observed,
            &format!("{field}.observed"),
        );
        if let (Some(observer), Some(observed)) = (observer, observed)
            && observer == observed
        {
            // A player's strategy always sees its own realised action.
            self.report(source.problem(
                raw.observed.span(),
                format!("{field}.observed"),
                format!(
                    "`{}` is the observer itself; a player misreads only other players",
                    echo(raw.observed.get_ref())
                ),
            ));
            return None;
        }
        let rate = |number: &Spanned<RawNumber>, field: &str| -> Option<Formula> {
            let (formula, value) = self.number(number, field)?;
            self.check(check_probability(source, number.span(), field, value))?;
            self.later_rounds(number, field, &formula, is_probability, PROBABILITY)
                .then_some(formula)
        };
        match (&raw.error, &raw.misread) {
            (Some(error), Some(misread)) => {
                // Reported at whichever comes second: that is where the entry went wrong.
                let (span, second) = if misread.span().start > error.span().start {
                    (misread.span(), "misread")
                } else {
                    (error.span(), "error")
                };
                self.report(source.problem(
                    span,
                    format!("{field}.{second}"),
                    "give either `error` (one rate for every action) or `misread` (a rate per \
                     action), not both",
                ));
                None
            }
            (None, None) => {
                self.report(source.problem(
                    entry_span,
                    field,
                    "needs `error` (one rate for every action) or `misread` (a rate per \
                     action, e.g. `misread = { C = 0.05 }`)",
                ));
                None
            }
            (Some(error), None) => {
                let formula = rate(error, &format!("{field}.error"));
                let actions = game.actions.get(observed?)?.len();
                Some(Misperception {
                    observer: observer?,
                    observed: observed?,
                    rates: vec![formula?; actions],
                })
            }
            (None, Some(misread)) => {
                // Labels are the observed player's: without it only the rates can be checked.
                let actions = observed.map(|observed| &game.actions[observed]);
                let mut rates = vec![Formula::constant(0.0); actions.map_or(0, Vec::len)];
                let mut ok = true;
                // The table is a BTreeMap, in label order; check in file order instead.
                let mut entries: Vec<_> = misread.get_ref().iter().collect();
                entries.sort_by_key(|(label, _)| label.span().start);
                for (label, number) in entries {
                    let rate_field = format!("{field}.misread.{}", key_segment(label.get_ref()));
                    let action = actions.and_then(|actions| {
                        self.check(resolve(source, actions, label, &rate_field, "action"))
                    });
                    match (action, rate(number, &rate_field)) {
                        (Some(action), Some(formula)) => rates[action] = formula,
                        _ => ok = false,
                    }
                }
                ok.then_some(Misperception {
                    observer: observer?,
                    observed: observed?,
                    rates,
                })
            }
        }
    }
}

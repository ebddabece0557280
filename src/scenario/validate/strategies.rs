//! Validation of `[strategies]`: each player's candidates, resolved against the registry.

use super::action_kinds::ActionSeat;
use super::game::CheckedGame;
use super::written::{WRITTEN_KINDS, WrittenSeat};
use super::{Locate, Problem, Validator, key_segment};
use crate::experiment::StrategySpec;
use crate::game::Length;
use crate::game::dynamics::Level;
use crate::scenario::schema::{
    RawCandidates, RawChoice, RawProbabilities, RawStrategy, RawStrategyTable,
};
use crate::strategy::entry::{Context, Entry, Rspt, StrategyArgs};
use crate::strategy::wrapper::Inner;
use crate::strategy::{Classifier, Watch, multi_action};
use crate::strategy::{meta, registry};
use crate::text::{echo, number};
use std::collections::HashSet;
use std::sync::Arc;
use toml::Spanned;

/// Where a candidate is checked: its player and the game, when both are known.
#[derive(Clone, Copy)]
struct Seat<'a> {
    player: usize,
    game: &'a CheckedGame,
    /// The payoffs at the scenario's parameter values, when every payoff is known.
    payoffs: Option<&'a [f64]>,
}

impl Validator<'_> {
    /// Every player's candidates, or `None` after recording the problems. Without a usable game
    /// (`None`), each candidate is still checked against the registry.
    /// Each player's candidates. With `population`, every player lists the same entries (a
    /// round robin's `[tournament] strategies`): they are compiled for each player, and
    /// problems are reported once, as `tournament.strategies`.
    pub(super) fn strategies(
        &self,
        raw: RawCandidates,
        game: Option<&CheckedGame>,
        population: bool,
    ) -> Option<Vec<Vec<StrategySpec>>> {
        let source = self.source;
        let span = raw.span();
        let payoffs = game
            .filter(|game| game.payoffs_ok)
            .map(|game| game.game.evaluate_payoffs(&self.parameter_values));
        let player_count = game.map_or(0, |game| game.game.player_count());
        let mut candidates: Vec<Option<Vec<StrategySpec>>> = vec![None; player_count];
        let mut ok = game.is_some();
        let mut by_player: Vec<_> = raw.into_inner().into_iter().collect();
        by_player.sort_by_key(|(player, _)| player.span().start);
        for (listed, (player_name, entries)) in by_player.into_iter().enumerate() {
            let field = if population {
                "tournament.strategies".to_string()
            } else {
                format!("strategies.{}", key_segment(player_name.get_ref()))
            };
            // The same entries for the next player: their problems were reported already.
            self.muted.set(population && listed > 0);
            let seat = game.and_then(|game| {
                self.player(&game.game.players, game.names_ok, &player_name, &field)
                    .map(|player| Seat {
                        player,
                        game,
                        payoffs: payoffs.as_deref(),
                    })
            });
            if seat.is_none() {
                ok = false;
            }
            if entries.get_ref().is_empty() {
                self.report(source.problem(entries.span(), field, "lists no strategy"));
                ok = false;
                continue;
            }
            let mut specs: Vec<StrategySpec> = Vec::new();
            // A set, not a scan of `specs`: a file may list tens of thousands of candidates.
            let mut labels: HashSet<String> = HashSet::new();
            for (index, entry) in entries.get_ref().iter().enumerate() {
                let entry_field = format!("{field}[{index}]");
                let Some(spec) = self.strategy(entry, &entry_field, seat, 0) else {
                    ok = false;
                    continue;
                };
                if !labels.insert(spec.label.clone()) {
                    self.report(source.problem(
                        entry.span(),
                        entry_field,
                        format!(
                            "duplicate strategy label `{}` for {}; give one of them a distinct `name`",
                            echo(&spec.label),
                            echo(player_name.get_ref())
                        ),
                    ));
                    ok = false;
                    continue;
                }
                specs.push(spec);
            }
            if let Some(seat) = seat {
                candidates[seat.player] = Some(specs);
            }
        }
        self.muted.set(false);
        // A player without candidates is only certain when every name above was understood.
        if let Some(game) = game
            && ok
            && game.names_ok
        {
            for (specs, player) in candidates.iter().zip(&game.game.players) {
                if specs.is_none() {
                    self.report(source.problem(
                        span.clone(),
                        "strategies",
                        format!("no strategy candidates for player `{}`", echo(player)),
                    ));
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        candidates.into_iter().collect()
    }

    /// One candidate, or `None` after recording what is wrong with it. Checks that need the
    /// player or the game are skipped when `seat` is `None`.
    /// `depth` counts the transformers this candidate sits inside.
    fn strategy(
        &self,
        raw: &Spanned<RawStrategy>,
        field: &str,
        seat: Option<Seat>,
        depth: usize,
    ) -> Option<StrategySpec> {
        let source = self.source;
        let (kind, kind_field, label, table, what) = match raw.get_ref() {
            RawStrategy::Named(name) => (
                Spanned::new(raw.span(), name.clone()),
                field.to_string(),
                name.clone(),
                None,
                "name",
            ),
            RawStrategy::Table(table) => {
                let label = match &table.name {
                    Some(name) if name.get_ref().trim().is_empty() => {
                        // Blame the name only when one is given; an empty `kind` is its own error.
                        self.report(source.problem(
                            name.span(),
                            format!("{field}.name"),
                            "a strategy label must not be empty",
                        ));
                        None
                    }
                    Some(name) if crate::text::has_unsafe(name.get_ref()) => {
                        self.report(unsafe_label(source, name, &format!("{field}.name")));
                        None
                    }
                    Some(name) => Some(name.get_ref().clone()),
                    None => Some(table.kind.get_ref().clone()),
                };
                (
                    table.kind.clone(),
                    format!("{field}.kind"),
                    label.unwrap_or_default(),
                    Some(table.as_ref()),
                    "kind",
                )
            }
        };
        let entry = if kind.get_ref().trim().is_empty() {
            self.report(source.problem(
                kind.span(),
                kind_field.as_str(),
                format!(
                    "the strategy {what} is empty; name a registered strategy (`dilemma \
                     strategies` lists them)"
                ),
            ));
            None
        } else {
            let entry = registry::lookup(kind.get_ref());
            if entry.is_none() {
                let mut error = source.problem(
                    kind.span(),
                    kind_field.as_str(),
                    format!(
                        "unknown strategy `{}` (`dilemma strategies` lists them)",
                        echo(kind.get_ref())
                    ),
                );
                error.suggestion = registry::suggest(kind.get_ref()).map(str::to_string);
                self.report(error);
            }
            entry
        };
        // The lookup ignores everything but letters and digits, so "tit\u{7}_for_tat" finds
        // tit_for_tat; as a label it would still carry the control character into the output.
        let label = if crate::text::has_unsafe(&label) {
            if entry.is_some() && label == *kind.get_ref() {
                self.report(unsafe_label(source, &kind, &kind_field));
            }
            String::new()
        } else {
            label
        };
        let entry = entry?;
        let names_actions = multi_action::is_kind(entry);
        let mut ok = !label.trim().is_empty();
        let mut args = StrategyArgs::default();
        if let Some(table) = table {
            ok &= self.fields_fit(entry, table, field);
            // The kinds that name actions read their table in `action_args`, where a number
            // given for `p` or `first` is refused at that field; read as library arguments, a
            // NaN there would be blamed on the whole candidate.
            if ok && !names_actions {
                args = library_args(table);
            }
            if ok && WRITTEN_KINDS.contains(&entry.name) {
                let seat = WrittenSeat {
                    kind: entry.name,
                    span: raw.span(),
                    field,
                };
                args.written = self.written(table, &seat);
                ok = args.written.is_some();
            }
        }
        if let Some(bad) = [args.first, args.phi, args.s, args.l, args.noise]
            .into_iter()
            .flatten()
            .chain(args.p.iter().flatten().copied())
            .find(|value| !value.is_finite())
        {
            self.report(source.problem(
                raw.span(),
                field,
                format!("parameter value {} is not a finite number", number(bad)),
            ));
            ok = false;
        }
        if ok && let Some(of) = table.and_then(|table| table.of.as_ref()) {
            match self.wrapped(of, &format!("{field}.of"), seat, depth, "transformer") {
                Some(inner) => args.of = Some(inner),
                None => ok = false,
            }
        }
        if ok && let Some(team) = table.and_then(|table| table.team.as_ref()) {
            args.team = self.team(team, &format!("{field}.team"), seat, depth);
            ok = args.team.is_some();
        }
        let watching = seat.and_then(|seat| {
            if names_actions {
                return Some((Watch::AtLeast(1), None));
            }
            self.watching(
                table,
                field,
                &seat.game.game,
                seat.game.names_ok,
                seat.player,
            )
        });
        if !ok {
            // Building would only restate the problem already reported (a NaN parameter is
            // also "outside [0, 1]").
            return None;
        }
        let Some(seat) = seat.filter(|seat| seat.game.actions_ok) else {
            // Without the game only the parameters can be checked, and only for strategies
            // that do not read the game's payoffs or name actions.
            if !entry.classifier.uses_game
                && !names_actions
                && let Err(message) = entry.build(&args, &Context::default())
            {
                self.report(source.problem(raw.span(), field, message));
            }
            return None;
        };
        let game = &seat.game.game;
        let action_count = game.actions[seat.player].len();
        if names_actions {
            let action_seat = ActionSeat {
                game,
                names_ok: seat.game.names_ok,
                player: seat.player,
                span: raw.span(),
                field,
            };
            args.actions = Some(self.action_args(entry.name, table, &action_seat)?);
        } else if action_count != 2 {
            self.report(source.problem(
                raw.span(),
                field,
                format!(
                    "`{}` chooses between cooperating (the first action) and defecting (the \
                     second); {} has {action_count} actions: give it `fixed`, `mixed`, `cycle` \
                     or `reply`, which name the actions they play",
                    entry.name,
                    echo(&game.players[seat.player]),
                ),
            ));
            return None;
        }
        if entry.classifier.uses_game
            && let Some(joint) = game
                .payoffs
                .iter()
                .position(|formula| game.dynamics.level(formula) != Level::Fixed)
            && reads_payoffs(entry, &args)
        {
            self.report(source.problem(
                raw.span(),
                field,
                format!(
                    "`{}` is built from the payoff table, and the payoff of {} for \"{}\" \
                     changes during the match (it reads `round` or a state variable); give the \
                     strategy's parameters explicitly if it takes them, give that payoff a fixed \
                     value, or choose another strategy",
                    entry.name,
                    echo(&game.players[joint % game.player_count()]),
                    echo(&game.joint_label(joint / game.player_count())),
                ),
            ));
            return None;
        }
        let rspt = match seat.payoffs {
            Some(payoffs) => game.rspt(seat.player, payoffs),
            // The payoffs were rejected: a strategy that reads them cannot be checked yet.
            None if entry.classifier.uses_game => return None,
            None => None,
        };
        let policy = self.check(
            entry
                .build(
                    &args,
                    &Context {
                        game: rspt,
                        length: match game.length {
                            Length::Fixed(rounds) => Some(rounds),
                            Length::Continuation { .. } => None,
                        },
                        max_rounds: Some(game.length.max_rounds()),
                    },
                )
                .map_err(|message| source.problem(raw.span(), field, message)),
        )?;
        let (watch, hostile) = watching?;
        // A transformer keeps what the strategy it wraps reads; a meta player with its own team
        // reads what its members do (and the game, to score them, when it is a winner).
        let inner_or_entry = match (&args.of, &args.team) {
            (Some(inner), _) => inner.classifier,
            (None, Some(team)) => Classifier {
                uses_game: meta::scores_proposals(&policy)
                    || team.iter().any(|member| member.classifier.uses_game),
                uses_length: team.iter().any(|member| member.classifier.uses_length),
                ..entry.classifier
            },
            (None, None) => entry.classifier,
        };
        Some(StrategySpec {
            label,
            entry,
            watch,
            hostile,
            classifier: Classifier {
                stochastic: policy.is_stochastic(),
                // A written table or machine declares what it reads by its shape.
                memory_depth: if args.written.is_some() {
                    policy.written_memory_depth()
                } else {
                    inner_or_entry.memory_depth
                },
                ..inner_or_entry
            },
            args,
            policy,
        })
    }

    /// A meta player's own team (`team`), each member checked as a candidate of the same
    /// player: at least one, none of them a meta player.
    fn team(
        &self,
        raw: &Spanned<Vec<Spanned<RawStrategy>>>,
        field: &str,
        seat: Option<Seat>,
        depth: usize,
    ) -> Option<Vec<Arc<Inner>>> {
        let source = self.source;
        if raw.get_ref().is_empty() {
            self.report(source.problem(
                raw.span(),
                field,
                "a team needs at least one member".to_string(),
            ));
            return None;
        }
        if raw.get_ref().len() > meta::MAX_TEAM {
            self.report(source.problem(
                raw.span(),
                field,
                format!(
                    "a team has at most {} members, found {}",
                    meta::MAX_TEAM,
                    raw.get_ref().len()
                ),
            ));
            return None;
        }
        let mut members = Vec::with_capacity(raw.get_ref().len());
        let mut ok = true;
        for (index, member) in raw.get_ref().iter().enumerate() {
            let member_field = format!("{field}[{index}]");
            let Some(inner) = self.wrapped(member, &member_field, seat, depth, "meta player")
            else {
                ok = false;
                continue;
            };
            if meta::consults_a_team(&inner.policy) {
                self.report(
                    source.problem(
                        member.span(),
                        member_field,
                        "a meta player cannot be a member of a team (Axelrod's meta players leave \
                     them out, which would hide the mistake)"
                            .to_string(),
                    ),
                );
                ok = false;
                continue;
            }
            members.push(inner);
        }
        ok.then_some(members)
    }

    /// The strategy a transformer wraps (`of`), checked as a candidate of the same player.
    fn wrapped(
        &self,
        raw: &Spanned<RawStrategy>,
        field: &str,
        seat: Option<Seat>,
        depth: usize,
        holder: &str,
    ) -> Option<Arc<Inner>> {
        let source = self.source;
        if depth >= MAX_NESTING {
            self.report(source.problem(
                raw.span(),
                field,
                format!("transformers nest at most {MAX_NESTING} deep"),
            ));
            return None;
        }
        if let RawStrategy::Table(table) = raw.get_ref()
            && let Some((span, name)) = given_fields(table)
                .into_iter()
                .flatten()
                .find(|(_, name)| WATCH_FIELDS.contains(name))
        {
            self.report(source.problem(
                span,
                format!("{field}.{name}"),
                format!(
                    "give `{name}` on the {holder}'s table: it decides whom the strategy \
                         inside watches"
                ),
            ));
            return None;
        }
        let spec = self.strategy(raw, field, seat, depth + 1)?;
        Some(Arc::new(Inner {
            definition: spec.definition(),
            policy: spec.policy,
            classifier: spec.classifier,
        }))
    }

    /// True when every field of the table is one its kind takes, in the form it takes it; else
    /// records each misfit at its field and returns false.
    fn fields_fit(&self, entry: &Entry, table: &RawStrategyTable, field: &str) -> bool {
        let source = self.source;
        let names_actions = multi_action::is_kind(entry);
        let takes = |name: &str| {
            entry.parameters.iter().any(|info| info.name == name)
                || (!names_actions && WATCH_FIELDS.contains(&name))
        };
        let mut ok = true;
        let mut misfit = |span: std::ops::Range<usize>, name: &str, message: String| {
            self.report(source.problem(span, format!("{field}.{name}"), message));
            ok = false;
        };
        let accepted = || {
            let mut names: Vec<&str> = entry.parameters.iter().map(|info| info.name).collect();
            if !names_actions {
                names.extend(WATCH_FIELDS);
            }
            names.join(", ")
        };
        let given = given_fields(table);
        for (span, name) in given.into_iter().flatten() {
            if !takes(name) {
                let why = if names_actions && WATCH_FIELDS.contains(&name) && entry.name != "reply"
                {
                    format!(
                        "`{}` plays regardless of the other players, so it takes no `{name}`",
                        entry.name
                    )
                } else {
                    let owner = match name {
                        "action" => "; `action` is for `fixed`",
                        "sequence" => "; `sequence` is for `cycle`",
                        "table" => "; `table` is for `reply`",
                        "transitions" | "initial_state" | "initial_action" => "; it is for `fsm`",
                        "self_plays" | "op_plays" | "op_openings" | "pattern"
                        | "initial_actions" => "; it is for `lookup`",
                        "n" => "; `n` is for `memory_n`",
                        "team" => {
                            "; `team` is for the meta players (`dilemma strategies --family meta`)"
                        }
                        _ => "",
                    };
                    format!(
                        "`{}` takes no parameter `{name}` (it takes: {}){owner}",
                        entry.name,
                        {
                            let list = accepted();
                            if list.is_empty() {
                                "nothing".to_string()
                            } else {
                                list
                            }
                        }
                    )
                };
                misfit(span, name, why);
            }
        }
        // The forms that only some kinds take.
        if let Some(p) = &table.p
            && !names_actions
            && matches!(p.get_ref(), RawProbabilities::ByAction(_))
        {
            misfit(
                p.span(),
                "p",
                format!(
                    "a probability per action label is for `mixed`; `{}` takes a number or a list",
                    entry.name
                ),
            );
        }
        if let Some(first) = &table.first
            && !names_actions
            && !matches!(first.get_ref(), RawChoice::Chance(_))
        {
            misfit(
                first.span(),
                "first",
                format!(
                    "for `{}`, `first` is the probability of C in round 1, a number; an action \
                     label or a table is for `reply`",
                    entry.name
                ),
            );
        }
        ok
    }
}

/// How deeply transformers may nest (`noisy` of `dual` of ...): a file nesting deeper is
/// refused rather than followed.
const MAX_NESTING: usize = 8;

/// Each field a candidate's table gives, with its span, in the order problems are reported.
fn given_fields(table: &RawStrategyTable) -> [Option<(std::ops::Range<usize>, &'static str)>; 24] {
    [
        table.p.as_ref().map(|v| (v.span(), "p")),
        table.first.as_ref().map(|v| (v.span(), "first")),
        table.target.as_ref().map(|v| (v.span(), "target")),
        table.watch.as_ref().map(|v| (v.span(), "watch")),
        table.at_least.as_ref().map(|v| (v.span(), "at_least")),
        table.hostile.as_ref().map(|v| (v.span(), "hostile")),
        table.phi.as_ref().map(|v| (v.span(), "phi")),
        table.s.as_ref().map(|v| (v.span(), "s")),
        table.l.as_ref().map(|v| (v.span(), "l")),
        table.action.as_ref().map(|v| (v.span(), "action")),
        table.sequence.as_ref().map(|v| (v.span(), "sequence")),
        table.table.as_ref().map(|v| (v.span(), "table")),
        table.noise.as_ref().map(|v| (v.span(), "noise")),
        table.of.as_ref().map(|v| (v.span(), "of")),
        table.team.as_ref().map(|v| (v.span(), "team")),
        table
            .transitions
            .as_ref()
            .map(|v| (v.span(), "transitions")),
        table
            .initial_state
            .as_ref()
            .map(|v| (v.span(), "initial_state")),
        table
            .initial_action
            .as_ref()
            .map(|v| (v.span(), "initial_action")),
        table.self_plays.as_ref().map(|v| (v.span(), "self_plays")),
        table.op_plays.as_ref().map(|v| (v.span(), "op_plays")),
        table
            .op_openings
            .as_ref()
            .map(|v| (v.span(), "op_openings")),
        table.pattern.as_ref().map(|v| (v.span(), "pattern")),
        table
            .initial_actions
            .as_ref()
            .map(|v| (v.span(), "initial_actions")),
        table.n.as_ref().map(|v| (v.span(), "n")),
    ]
}

/// The fields that say whom a two-action strategy watches in a game of three or more players.
const WATCH_FIELDS: [&str; 4] = ["target", "watch", "at_least", "hostile"];

/// The numeric parameters of a library strategy, as given (validated by its `build`).
fn library_args(table: &RawStrategyTable) -> StrategyArgs {
    StrategyArgs {
        p: table.p.as_ref().and_then(|p| match p.get_ref() {
            RawProbabilities::List(values) => Some(values.clone()),
            RawProbabilities::ByAction(_) => None,
        }),
        first: table
            .first
            .as_ref()
            .and_then(|first| match first.get_ref() {
                RawChoice::Chance(value) => Some(*value),
                _ => None,
            }),
        phi: table.phi.as_ref().map(|phi| *phi.get_ref()),
        s: table.s.as_ref().map(|s| *s.get_ref()),
        // The scenario reader does not read `l` yet.
        l: table.l.as_ref().map(|l| *l.get_ref()),
        actions: None,
        noise: table.noise.as_ref().map(|noise| *noise.get_ref()),
        // Validated on its own, as a candidate, by `strategy`.
        of: None,
        // Each member validated as a candidate, by `team`.
        team: None,
        // Read by `written`, which points at the row or letter at fault.
        written: None,
    }
}

/// True when the strategy's policy with these arguments depends on the payoffs: built for two
/// unrelated games, it differs (or one build fails). GTFT with its `p` given does not.
fn reads_payoffs(entry: &Entry, args: &StrategyArgs) -> bool {
    let other = Rspt {
        reward: 4.0,
        sucker: -1.0,
        temptation: 7.0,
        punishment: 0.5,
    };
    match (
        entry.build(
            args,
            &Context {
                game: Some(Rspt::STANDARD),
                length: None,
                max_rounds: None,
            },
        ),
        entry.build(
            args,
            &Context {
                game: Some(other),
                length: None,
                max_rounds: None,
            },
        ),
    ) {
        (Ok(standard), Ok(other)) => standard != other,
        _ => true,
    }
}

/// The error for a strategy label (its `name`, else its kind) that holds a control character.
fn unsafe_label(source: &crate::scenario::Source, label: &Spanned<String>, field: &str) -> Problem {
    source.problem(
        label.span(),
        field,
        format!(
            "strategy label `{}` contains a control or bidirectional character",
            echo(label.get_ref())
        ),
    )
}

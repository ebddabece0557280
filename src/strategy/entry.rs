//! The types every strategy family shares: a registry [`Entry`], its parameters and classifier,
//! the arguments a scenario gives, and the [`Context`] of the match a strategy is compiled for.
//! Family files import this module; the registry only lists their entries.

use super::{Classifier, Move, Policy};

/// What a strategy may know about the match it is compiled for, as Axelrod-Python's
/// `match_attributes` tell its players.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Context {
    /// The player's payoffs in a two-player, two-action game; `None` in other games.
    pub game: Option<Rspt>,
    /// The number of rounds when it is fixed; `None` when a continuation probability ends the
    /// match (Axelrod's players are then told the length is unknown).
    pub length: Option<u32>,
    /// The most rounds the match can last: its length, or a continuation's cap. Not told to
    /// the strategy's play (Axelrod's players do not know it); a strategy whose record of the
    /// match is bounded refuses a match that could outrun it.
    pub max_rounds: Option<u32>,
}

impl Context {
    /// The standard game (3, 0, 5, 1) with a known length, as in Axelrod-Python's tournaments.
    pub const fn standard(length: u32) -> Context {
        Context {
            game: Some(Rspt::STANDARD),
            length: Some(length),
            max_rounds: Some(length),
        }
    }

    /// The game's payoffs, or the standard ones: what Axelrod-Python's players assume when
    /// they are not told the game.
    pub fn game_or_standard(&self) -> Rspt {
        self.game.unwrap_or(Rspt::STANDARD)
    }
}

/// The payoffs a strategy may read from a two-player, two-action game, from its own side:
/// R = (C,C), S = (C,D), T = (D,C), P = (D,D).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rspt {
    pub reward: f64,
    pub sucker: f64,
    pub temptation: f64,
    pub punishment: f64,
}

impl Rspt {
    pub const STANDARD: Rspt = Rspt {
        reward: 3.0,
        sucker: 0.0,
        temptation: 5.0,
        punishment: 1.0,
    };
}

/// Parameters given for a strategy in a scenario. Which ones apply depends on the strategy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StrategyArgs {
    /// One probability (random, generous_tit_for_tat, joss) or four (memory_one).
    pub p: Option<Vec<f64>>,
    pub first: Option<f64>,
    pub phi: Option<f64>,
    pub s: Option<f64>,
    /// A zero-determinant strategy's baseline payoff level.
    pub l: Option<f64>,
    /// The arguments of a kind that names actions, with the labels resolved to action indices.
    pub actions: Option<ActionArgs>,
    /// A transformer's chance of flipping a move (`noisy`).
    pub noise: Option<f64>,
    /// The strategy a transformer wraps, compiled.
    pub of: Option<std::sync::Arc<super::wrapper::Inner>>,
    /// A meta player's own team, compiled, in place of Axelrod's.
    pub team: Option<Vec<std::sync::Arc<super::wrapper::Inner>>>,
    /// A strategy written out in the scenario file (`fsm`, `lookup`, `memory_n`).
    pub written: Option<Written>,
}

/// A strategy written out in the scenario file, as plain data: the scenario reader checks it
/// (pointing at the offending row or field) and the family's `build` compiles it. Plain data
/// rather than the compiled machine or table, so this module need not import the families.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// Axelrod's `FSMPlayer`: rows (state, opponent's last move, next state, action).
    Fsm {
        rows: Vec<(u32, Move, u32, Move)>,
        initial_state: u32,
        initial_action: Move,
    },
    /// Axelrod's `LookerUp` (a pattern of 1 and 0 for C and D) and `Gambler` (chances of C).
    Lookup {
        self_plays: u32,
        op_plays: u32,
        op_openings: u32,
        pattern: Vec<f64>,
        initial_actions: Vec<Move>,
    },
    /// A table over the last `n` joint moves; its chances are `p` and its opening `first`.
    MemoryN { n: u32 },
}

impl Written {
    /// The scenario fields these arguments came from.
    fn fields(&self) -> &'static [&'static str] {
        match self {
            Written::Fsm { .. } => &["transitions", "initial_state", "initial_action"],
            Written::Lookup { .. } => &[
                "self_plays",
                "op_plays",
                "op_openings",
                "pattern",
                "initial_actions",
            ],
            Written::MemoryN { .. } => &["n"],
        }
    }
}

/// What `fixed`, `mixed`, `cycle` and `reply` are given, by action index (validation resolves
/// the labels and checks that every distribution sums to 1).
#[derive(Debug, Clone, PartialEq)]
pub enum ActionArgs {
    Fixed(usize),
    /// A probability per action of the player.
    Mixed(Vec<f64>),
    Cycle(Vec<usize>),
    Reply {
        /// Player indices, in the order the table's keys name their actions.
        watched: Vec<usize>,
        /// The watched players' action counts.
        counts: Vec<usize>,
        /// Round 1's distribution over the player's actions.
        first: Vec<f64>,
        /// One distribution per case, the first watched player's action changing slowest.
        table: Vec<Vec<f64>>,
    },
}

impl ActionArgs {
    /// The scenario fields these arguments came from.
    fn fields(&self) -> &'static [&'static str] {
        match self {
            ActionArgs::Fixed(_) => &["action"],
            ActionArgs::Mixed(_) => &["p"],
            ActionArgs::Cycle(_) => &["sequence"],
            ActionArgs::Reply { .. } => &["watch", "first", "table"],
        }
    }
}

/// A parameter a strategy accepts, for `dilemma strategies` and for error messages.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct ParameterInfo {
    pub name: &'static str,
    pub meaning: &'static str,
    /// The default, in words (some are derived from the game).
    pub default: &'static str,
}

/// One registered strategy.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Entry {
    pub name: &'static str,
    /// The name of the same strategy in Axelrod-Python; `None` for the kinds it has no
    /// counterpart of (those that name actions).
    pub axelrod_name: Option<&'static str>,
    /// Abbreviations the literature uses (TFT, WSLS), found by `lookup` like the names.
    pub aliases: &'static [&'static str],
    pub summary: &'static str,
    pub parameters: &'static [ParameterInfo],
    /// Classifier with default parameters; a built strategy recomputes `stochastic`.
    pub classifier: Classifier,
    #[serde(skip)]
    pub build: fn(&StrategyArgs, &Context) -> Result<Policy, String>,
}

impl Entry {
    /// Our name, then Axelrod-Python's where it has one, then the abbreviations.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name)
            .chain(self.axelrod_name)
            .chain(self.aliases.iter().copied())
    }

    /// Compiles the strategy with these arguments for the match `context` describes.
    pub fn build(&self, args: &StrategyArgs, context: &Context) -> Result<Policy, String> {
        let named = args
            .actions
            .as_ref()
            .map_or(&[][..], ActionArgs::fields)
            .iter()
            .chain(args.written.as_ref().map_or(&[][..], Written::fields));
        let given = [
            (args.p.is_some(), "p"),
            (args.first.is_some(), "first"),
            (args.phi.is_some(), "phi"),
            (args.s.is_some(), "s"),
            (args.l.is_some(), "l"),
            (args.noise.is_some(), "noise"),
            (args.of.is_some(), "of"),
            (args.team.is_some(), "team"),
        ]
        .into_iter()
        .chain(named.map(|name| (true, *name)));
        for (given, name) in given {
            if given && !self.parameters.iter().any(|info| info.name == name) {
                let accepted: Vec<&str> = self.parameters.iter().map(|info| info.name).collect();
                return Err(if accepted.is_empty() {
                    format!("`{}` takes no parameter `{name}`", self.name)
                } else {
                    format!(
                        "`{}` takes no parameter `{name}` (it takes: {})",
                        self.name,
                        accepted.join(", ")
                    )
                });
            }
        }
        (self.build)(args, context)
    }
}

/// A classifier for a strategy that does not read the match length (see [`Classifier::using_length`]).
pub const fn classifier(
    memory_depth: Option<u32>,
    stochastic: bool,
    uses_game: bool,
) -> Classifier {
    Classifier {
        memory_depth,
        stochastic,
        uses_game,
        uses_length: false,
    }
}

pub fn single(args: &StrategyArgs, default: f64) -> Result<f64, String> {
    let p = match args.p.as_deref() {
        None => default,
        Some([p]) => *p,
        Some(other) => {
            return Err(format!(
                "`p` must be one probability, found a list of {}",
                other.len()
            ));
        }
    };
    check_probabilities(&[p])?;
    Ok(p)
}

pub fn check_probabilities(values: &[f64]) -> Result<(), String> {
    match values.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        Some(bad) => Err(format!(
            "probability {} is outside [0, 1]",
            crate::text::number(*bad)
        )),
        None => Ok(()),
    }
}

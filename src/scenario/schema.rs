//! The scenario file as written: serde types that keep each value's byte span, so validation can
//! point at `file:line:column`. Nothing here checks meaning; `validate` does.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// Payoff rows by joint action: `"C,D" = [0, "formula"]`.
pub type RawPayoffTable = Spanned<BTreeMap<Spanned<String>, Spanned<Vec<Spanned<RawNumber>>>>>;
/// Strategy candidates by player.
pub type RawCandidates = Spanned<BTreeMap<Spanned<String>, Spanned<Vec<Spanned<RawStrategy>>>>>;

// Every struct names what it expects (`expecting`): serde's default, "struct RawMeta", would
// show our internal type names to users.

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a scenario: tables [scenario], [game], [strategies]"
)]
pub struct RawScenario {
    #[serde(deserialize_with = "table")]
    pub scenario: Spanned<RawMeta>,
    /// `[parameters]`: a number, or a formula of `round`, other parameters and state variables.
    #[serde(default)]
    pub parameters: Option<Spanned<BTreeMap<Spanned<String>, Spanned<RawNumber>>>>,
    /// `[state]`: variables that each round's play updates.
    #[serde(default)]
    pub state: Option<Spanned<BTreeMap<Spanned<String>, Spanned<RawState>>>>,
    #[serde(deserialize_with = "table")]
    pub game: Spanned<RawGame>,
    /// Required unless `[tournament]` lists the population.
    #[serde(default)]
    pub strategies: Option<RawCandidates>,
    /// `[tournament]`: the cells become a tournament's matches, and the run ranks strategies.
    #[serde(default, deserialize_with = "optional_table")]
    pub tournament: Option<Spanned<RawTournament>>,
    /// `[evolution]`: the tournament's strategies in a population.
    #[serde(default, deserialize_with = "optional_table")]
    pub evolution: Option<Spanned<RawEvolution>>,
    /// `[[charts]]`: the figures to draw; `None` without the section.
    #[serde(default, deserialize_with = "optional_tables")]
    pub charts: Option<Vec<Spanned<RawChart>>>,
    /// `[sweep]`: parameter name = a list of values, or `{ from, to, steps, scale }`.
    #[serde(default)]
    pub sweep: Option<Spanned<BTreeMap<Spanned<String>, Spanned<RawAxis>>>>,
    /// `[relations]`: `"A,B"` (two players) = the pair's joint actions that count as amity.
    #[serde(default)]
    pub relations: Option<RawRelations>,
}

/// `[tournament]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawTournament {
    /// `"round_robin"` or `"bipartite"`.
    pub kind: Option<Spanned<String>>,
    /// A round robin's population (instead of `[strategies]`).
    pub strategies: Option<Spanned<Vec<Spanned<RawStrategy>>>>,
}

/// `[evolution]` as written. Integers are `i64` so that a negative or huge count is refused by
/// validation with the others, not by the parser.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawEvolution {
    /// A bipartite tournament's player whose candidates evolve.
    pub side: Option<Spanned<String>>,
    pub population: Option<Spanned<i64>>,
    /// Individuals of each strategy at the start, by label.
    pub initial: Option<Spanned<BTreeMap<Spanned<String>, Spanned<i64>>>>,
    pub selection: Option<Spanned<f64>>,
    pub mutation: Option<Spanned<f64>>,
    /// `"birth_death"` or `"death_birth"`.
    pub update: Option<Spanned<String>>,
    /// `"expected"` or `"sampled"`.
    pub fitness: Option<Spanned<String>>,
    pub runs: Option<Spanned<i64>>,
    pub max_steps: Option<Spanned<i64>>,
    /// How long the replicator equations run.
    pub time: Option<Spanned<f64>>,
}

/// `[relations]` as written: pair key → joint action labels (`"C,C"`).
pub type RawRelations = Spanned<BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawMeta {
    pub name: Spanned<String>,
    pub title: Option<Spanned<String>>,
    pub seed: Option<Spanned<u64>>,
    pub replicates: Option<Spanned<u64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawGame {
    pub players: Spanned<Vec<Spanned<String>>>,
    pub actions: Option<Spanned<RawActions>>,
    pub rounds: Option<Spanned<i64>>,
    pub continuation: Option<Spanned<f64>>,
    pub max_rounds: Option<Spanned<i64>>,
    pub noise: Option<Spanned<RawNumber>>,
    pub payoffs: RawPayoffTable,
    #[serde(default, deserialize_with = "tables")]
    pub constraints: Vec<Spanned<RawConstraint>>,
    /// `[[game.perception]]`: who misreads whose actions, and how often.
    #[serde(default, deserialize_with = "tables")]
    pub perception: Vec<Spanned<RawPerception>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawConstraint {
    pub player: Spanned<String>,
    pub forbid: Spanned<Vec<Spanned<String>>>,
    pub probability: Option<Spanned<RawNumber>>,
    pub fallback: Option<Spanned<String>>,
}

/// One `[state]` variable: `trust = { initial = 0.5, update = "…" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table with `initial` and `update`")]
pub struct RawState {
    pub initial: Spanned<RawNumber>,
    pub update: Spanned<RawNumber>,
}

/// One `[[game.perception]]` entry. `error` and `misread` are both optional here, so that
/// giving both or neither is reported by validation with the other mistakes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawPerception {
    pub observer: Spanned<String>,
    pub observed: Spanned<String>,
    /// One rate for every action of the observed player.
    pub error: Option<Spanned<RawNumber>>,
    /// A rate per action really played; actions not listed are read correctly.
    pub misread: Option<RawRates>,
}

/// Rates by action label: `{ C = "incident_rate", D = 0 }`.
pub type RawRates = Spanned<BTreeMap<Spanned<String>, Spanned<RawNumber>>>;

/// One `[[charts]]` entry, field for field a [`crate::chart::spec::ChartSpec`]. Every field is
/// optional here, `kind` included, so that a missing kind is reported with the other mistakes
/// instead of ending the parse.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawChart {
    pub kind: Option<Spanned<String>>,
    pub file: Option<Spanned<String>>,
    pub metric: Option<Spanned<String>>,
    pub overlay: Option<Spanned<bool>>,
    /// A sweep's grid point: swept parameter = value.
    pub point: Option<Spanned<BTreeMap<Spanned<String>, Spanned<f64>>>>,
    pub profiles: Option<Spanned<Vec<Spanned<String>>>>,
    pub players: Option<Spanned<Vec<Spanned<String>>>>,
    pub title: Option<Spanned<String>>,
    pub x_label: Option<Spanned<String>>,
    pub y_label: Option<Spanned<String>>,
    pub width: Option<Spanned<RawLength>>,
    pub height: Option<Spanned<RawLength>>,
    /// Numbers, not integers or `u32`: `dpi = 1e300` or `-1` is then refused by validation
    /// with the others, not by the parser alone.
    pub font_size: Option<Spanned<f64>>,
    pub formats: Option<Spanned<Vec<Spanned<String>>>>,
    pub dpi: Option<Spanned<f64>>,
}

/// A chart length as written: `"3.5in"`, or a bare number that validation refuses for want of
/// a unit (more helpful than the parser's "expected a string").
#[derive(Debug, Clone, PartialEq)]
pub enum RawLength {
    Text(String),
    Number(f64),
}

/// Action labels: one list shared by all players, or a table of lists by player.
#[derive(Debug)]
pub enum RawActions {
    Shared(Vec<Spanned<String>>),
    PerPlayer(BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>),
}

/// A number, or a formula over the parameters written as a string.
#[derive(Debug, Clone, PartialEq)]
pub enum RawNumber {
    Number(f64),
    Formula(String),
}

/// A strategy candidate: a registered name, or an inline table with `kind` and parameters.
#[derive(Debug, Clone)]
pub enum RawStrategy {
    Named(String),
    Table(Box<RawStrategyTable>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
pub struct RawStrategyTable {
    pub kind: Spanned<String>,
    pub name: Option<Spanned<String>>,
    pub p: Option<Spanned<RawProbabilities>>,
    /// The chance of C in round 1 (library strategies), or round 1's action (`reply`).
    pub first: Option<Spanned<RawChoice>>,
    pub target: Option<Spanned<String>>,
    /// An aggregate rule (`"any"`, `"all"`, `"majority"`), or the players a `reply` watches.
    pub watch: Option<Spanned<RawWatch>>,
    pub at_least: Option<Spanned<i64>>,
    /// The watched players' actions that count as defection.
    pub hostile: Option<Spanned<Vec<Spanned<String>>>>,
    pub phi: Option<Spanned<f64>>,
    pub s: Option<Spanned<f64>>,
    /// A zero-determinant strategy's baseline payoff level.
    pub l: Option<Spanned<f64>>,
    /// `fixed`: the action it plays.
    pub action: Option<Spanned<String>>,
    /// `cycle`: the actions it plays in turn, as a list of labels or a string of letters.
    pub sequence: Option<Spanned<RawSequence>>,
    /// `reply`: per combination of the watched players' last actions, what it plays.
    pub table: Option<Spanned<BTreeMap<Spanned<String>, Spanned<RawChoice>>>>,
    /// `noisy`: the chance of flipping each move.
    pub noise: Option<Spanned<f64>>,
    /// A transformer's wrapped strategy: a name or a table like any candidate.
    pub of: Option<Spanned<RawStrategy>>,
    /// A meta player's members, each a name or a table like any candidate.
    pub team: Option<Spanned<Vec<Spanned<RawStrategy>>>>,
    /// `fsm`: rows [state, opponent's last move, next state, action].
    pub transitions: Option<RawTransitions>,
    pub initial_state: Option<Spanned<i64>>,
    pub initial_action: Option<Spanned<String>>,
    /// `lookup`: how many of the player's own last moves, the opponent's last moves and the
    /// opponent's first moves a key holds.
    pub self_plays: Option<Spanned<i64>>,
    pub op_plays: Option<Spanned<i64>>,
    pub op_openings: Option<Spanned<i64>>,
    /// `lookup`: per key, C or D (a string) or a chance of C (a list).
    pub pattern: Option<Spanned<RawPattern>>,
    /// `lookup`: the moves played before the table applies, as letters.
    pub initial_actions: Option<Spanned<String>>,
    /// `memory_n`: how many joint moves the table remembers.
    pub n: Option<Spanned<i64>>,
}

/// An `fsm`'s rows, each a list of entries, every one located for its error.
pub type RawTransitions = Spanned<Vec<Spanned<Vec<Spanned<RawCell>>>>>;

/// `sequence = ["C", "C", "D"]` (action labels) or `sequence = "CCD"` (one letter per move).
#[derive(Debug, Clone, PartialEq)]
pub enum RawSequence {
    Labels(Vec<Spanned<String>>),
    Letters(String),
}

/// One entry of an `fsm` row: a state (a whole number) or a move (a string). Read loosely so
/// that a wrong type is reported at the entry, with what the row needs there.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    Integer(i64),
    Float(f64),
    Text(String),
    /// Anything else (a boolean, a table, a list), as TOML names its type.
    Other(&'static str),
}

/// A `lookup` pattern: `"CDDC"` (LookerUp) or `[1, 0.5, 0, 1]` (Gambler).
#[derive(Debug, Clone, PartialEq)]
pub enum RawPattern {
    Letters(String),
    Chances(Vec<Spanned<f64>>),
}

/// A probability per action label: `{ C = 0.7, D = 0.3 }`.
pub type RawDistribution = BTreeMap<Spanned<String>, Spanned<f64>>;

/// `p = 0.3`, `p = [1, 0, 1, 0]`, or `p = { C = 0.7, D = 0.3 }` (`mixed`).
#[derive(Debug, Clone, PartialEq)]
pub enum RawProbabilities {
    List(Vec<f64>),
    ByAction(RawDistribution),
}

/// What a strategy plays at some point: a chance of C, an action label, or a distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum RawChoice {
    Chance(f64),
    Action(String),
    Distribution(RawDistribution),
}

/// `watch = "majority"`, or `watch = ["China", "Japan"]` for a `reply`.
#[derive(Debug, Clone, PartialEq)]
pub enum RawWatch {
    Rule(String),
    Players(Vec<Spanned<String>>),
}

/// A struct read from a TOML table only. serde's derive also reads a struct from an array of
/// its fields in order, so `scenario = ["x", "t", 1, 2]` would pass as a `[scenario]` table and
/// `scenario = [1]` would fail with "expected struct RawMeta with 4 elements".
struct TableOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for TableOnly<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TableVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for TableVisitor<T> {
            type Value = TableOnly<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TableOnly<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(TableOnly)
            }
        }
        deserializer.deserialize_map(TableVisitor(std::marker::PhantomData))
    }
}

/// `deserialize_with` for an optional table field (with `default`): keeps the span, refuses
/// arrays.
fn optional_table<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Spanned<T>>, D::Error> {
    table(deserializer).map(Some)
}

/// `deserialize_with` for a table field: keeps the span, refuses arrays.
fn table<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Spanned<T>, D::Error> {
    let spanned = Spanned::<TableOnly<T>>::deserialize(deserializer)?;
    let span = spanned.span();
    Ok(Spanned::new(span, spanned.into_inner().0))
}

/// `deserialize_with` for an array of tables (`[[game.constraints]]`).
fn tables<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<Spanned<T>>, D::Error> {
    let items = Vec::<Spanned<TableOnly<T>>>::deserialize(deserializer)?;
    Ok(items
        .into_iter()
        .map(|item| {
            let span = item.span();
            Spanned::new(span, item.into_inner().0)
        })
        .collect())
}

/// `deserialize_with` for an optional array of tables (`[[charts]]`). A single `[charts]` table
/// is refused with the header to write instead.
fn optional_tables<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Vec<Spanned<T>>>, D::Error> {
    struct ArrayVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ArrayVisitor<T> {
        type Value = Vec<Spanned<T>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of tables, each headed with double brackets ([[charts]])")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            tables(de::value::SeqAccessDeserializer::new(seq))
        }
    }
    deserializer
        .deserialize_seq(ArrayVisitor(std::marker::PhantomData))
        .map(Some)
}

// The enums above are written by hand instead of `#[serde(untagged)]`: untagged enums buffer the
// input and lose both the span and the reason a value was rejected.

/// One swept parameter's values: a list, or an evenly spaced range.
#[derive(Debug)]
pub enum RawAxis {
    Values(Vec<Spanned<f64>>),
    Range(RawRange),
}

/// `{ from = 0.5, to = 1.0, steps = 11, scale = "linear" }`.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table with from, to, steps and optionally scale"
)]
pub struct RawRange {
    pub from: Spanned<f64>,
    pub to: Spanned<f64>,
    pub steps: Spanned<i64>,
    pub scale: Option<Spanned<String>>,
}

impl RawScenario {
    /// The names of `[parameters]`, as written (none without the table).
    pub fn parameter_names(&self) -> Vec<String> {
        self.parameters
            .as_ref()
            .map(|table| {
                table
                    .get_ref()
                    .keys()
                    .map(|name| name.get_ref().clone())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for RawAxis {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AxisVisitor;
        impl<'de> Visitor<'de> for AxisVisitor {
            type Value = RawAxis;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of values, or a table { from, to, steps }")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawAxis, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<Spanned<f64>>()? {
                    values.push(value);
                }
                Ok(RawAxis::Values(values))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawAxis, A::Error> {
                RawRange::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawAxis::Range)
            }
        }
        deserializer.deserialize_any(AxisVisitor)
    }
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = RawNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a formula string")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(value as f64))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(value as f64))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawNumber, E> {
                Ok(RawNumber::Formula(value.to_string()))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

impl<'de> Deserialize<'de> for RawLength {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LengthVisitor;
        impl Visitor<'_> for LengthVisitor {
            type Value = RawLength;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a length with a unit, such as \"3.5in\" or \"89mm\"")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawLength, E> {
                Ok(RawLength::Number(value as f64))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawLength, E> {
                Ok(RawLength::Number(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawLength, E> {
                Ok(RawLength::Text(value.to_string()))
            }
        }
        deserializer.deserialize_any(LengthVisitor)
    }
}

impl<'de> Deserialize<'de> for RawStrategy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrategyVisitor;
        impl<'de> Visitor<'de> for StrategyVisitor {
            type Value = RawStrategy;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a strategy name or a table with `kind`")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawStrategy, E> {
                Ok(RawStrategy::Named(value.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawStrategy, A::Error> {
                RawStrategyTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|table| RawStrategy::Table(Box::new(table)))
            }
        }
        deserializer.deserialize_any(StrategyVisitor)
    }
}

impl<'de> Deserialize<'de> for RawActions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ActionsVisitor;
        impl<'de> Visitor<'de> for ActionsVisitor {
            type Value = RawActions;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of action labels, or a table of lists by player")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawActions, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawActions::Shared)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawActions, A::Error> {
                BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawActions::PerPlayer)
            }
        }
        deserializer.deserialize_any(ActionsVisitor)
    }
}

impl<'de> Deserialize<'de> for RawProbabilities {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbabilitiesVisitor;
        impl<'de> Visitor<'de> for ProbabilitiesVisitor {
            type Value = RawProbabilities;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a probability, a list of probabilities, or a table of a probability per \
                     action",
                )
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawProbabilities, E> {
                Ok(RawProbabilities::List(vec![value as f64]))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawProbabilities, E> {
                Ok(RawProbabilities::List(vec![value]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawProbabilities, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(RawProbabilities::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawProbabilities, A::Error> {
                BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawProbabilities::ByAction)
            }
        }
        deserializer.deserialize_any(ProbabilitiesVisitor)
    }
}

impl<'de> Deserialize<'de> for RawChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChoiceVisitor;
        impl<'de> Visitor<'de> for ChoiceVisitor {
            type Value = RawChoice;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a probability, an action label, or a table of a probability per action",
                )
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawChoice, E> {
                Ok(RawChoice::Chance(value as f64))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawChoice, E> {
                Ok(RawChoice::Chance(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawChoice, E> {
                Ok(RawChoice::Action(value.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawChoice, A::Error> {
                BTreeMap::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawChoice::Distribution)
            }
        }
        deserializer.deserialize_any(ChoiceVisitor)
    }
}

impl<'de> Deserialize<'de> for RawSequence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SequenceVisitor;
        impl<'de> Visitor<'de> for SequenceVisitor {
            type Value = RawSequence;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of action labels, or a string of one letter per move")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawSequence, E> {
                Ok(RawSequence::Letters(value.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawSequence, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(RawSequence::Labels)
            }
        }
        deserializer.deserialize_any(SequenceVisitor)
    }
}

impl<'de> Deserialize<'de> for RawPattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PatternVisitor;
        impl<'de> Visitor<'de> for PatternVisitor {
            type Value = RawPattern;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string of C and D, or a list of chances of C")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawPattern, E> {
                Ok(RawPattern::Letters(value.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawPattern, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(RawPattern::Chances)
            }
        }
        deserializer.deserialize_any(PatternVisitor)
    }
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = RawCell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a state (a whole number) or a move (\"C\" or \"D\")")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawCell, E> {
                Ok(RawCell::Integer(value))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawCell, E> {
                Ok(i64::try_from(value).map_or(RawCell::Float(value as f64), RawCell::Integer))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawCell, E> {
                Ok(RawCell::Float(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawCell, E> {
                Ok(RawCell::Text(value.to_string()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<RawCell, E> {
                Ok(RawCell::Other("a boolean"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawCell, A::Error> {
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(RawCell::Other("a list"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawCell, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawCell::Other("a table"))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

impl<'de> Deserialize<'de> for RawWatch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct WatchVisitor;
        impl<'de> Visitor<'de> for WatchVisitor {
            type Value = RawWatch;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rule (\"any\", \"all\", \"majority\") or a list of player names")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawWatch, E> {
                Ok(RawWatch::Rule(value.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<RawWatch, A::Error> {
                Vec::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(RawWatch::Players)
            }
        }
        deserializer.deserialize_any(WatchVisitor)
    }
}

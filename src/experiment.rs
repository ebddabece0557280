//! The validated experiment: the game, each player's strategy candidates, and the cells (one per
//! profile) that the simulator runs. Only this type reaches `sim`.

use crate::chart::spec::ChartSpec;
use crate::game::Game;
use crate::rng::{CellKey, cell_key};
use crate::strategy::entry::{Entry, StrategyArgs};
use crate::strategy::{Classifier, Policy, Watch};

/// One strategy candidate for one player, compiled.
#[derive(Debug, Clone)]
pub struct StrategySpec {
    /// The `name` given in the scenario, else the name as written there.
    pub label: String,
    pub entry: &'static Entry,
    pub args: StrategyArgs,
    /// Whom a two-action strategy reacts to.
    pub watch: Watch,
    /// Per player, bit `a` set when this strategy counts that player's action `a` as defection;
    /// `None` for the default, every action but the first (`hostile` in the scenario).
    pub hostile: Option<Vec<u64>>,
    pub policy: Policy,
    pub classifier: Classifier,
}

impl StrategySpec {
    /// A canonical description of what this strategy does: its kind and every parameter.
    pub fn definition(&self) -> String {
        let mut text = self.entry.name.to_string();
        let StrategyArgs {
            p,
            first,
            phi,
            s,
            l,
            actions,
            noise,
            of,
            team,
            written,
        } = &self.args;
        if let Some(p) = p {
            text.push_str(&format!(" p={}", compact(format!("{p:?}"))));
        }
        for (name, value) in [
            ("first", first),
            ("phi", phi),
            ("s", s),
            ("l", l),
            ("noise", noise),
        ] {
            if let Some(value) = value {
                text.push_str(&format!(" {name}={value:?}"));
            }
        }
        if let Some(actions) = actions {
            text.push_str(&format!(" actions={}", compact(format!("{actions:?}"))));
        }
        if let Some(inner) = of {
            text.push_str(&format!(" of=({})", inner.definition));
        }
        if let Some(team) = team {
            let members: Vec<&str> = team
                .iter()
                .map(|member| member.definition.as_str())
                .collect();
            text.push_str(&format!(" team=({})", compact(members.join(", "))));
        }
        if let Some(written) = written {
            text.push_str(&format!(" written={}", compact(format!("{written:?}"))));
        }
        match self.watch {
            Watch::Target(player) => text.push_str(&format!(" target={player}")),
            // "Anyone else defected", the default without a target, adds nothing: the keys of
            // scenarios written before the other rules existed stay as they were.
            Watch::AtLeast(1) => {}
            Watch::AtLeast(count) => text.push_str(&format!(" at_least={count}")),
        }
        if let Some(hostile) = &self.hostile {
            text.push_str(&format!(" hostile={hostile:?}"));
        }
        text
    }
}

/// A part of a definition as written, or its SHA-256 when longer than a reader would scan: the
/// manifest repeats each definition for every cell, and a written table or cycle may hold half
/// a million entries. The digest keeps definitions (and so cell keys) distinct.
fn compact(text: String) -> String {
    const LONGEST: usize = 1024;
    if text.len() <= LONGEST {
        return text;
    }
    use sha2::{Digest, Sha256};
    format!(
        "sha256:{}",
        crate::rng::hex(&Sha256::digest(text.as_bytes()))
    )
}

/// One profile (a candidate per player) at one parameter point.
#[derive(Debug, Clone)]
pub struct Cell {
    pub index: usize,
    /// The parameter point: an index into [`Experiment::points`].
    pub point: usize,
    /// The candidate index chosen for each player.
    pub profile: Vec<usize>,
    pub key: CellKey,
}

#[derive(Debug, Clone)]
pub struct Experiment {
    pub name: String,
    pub title: String,
    pub source_path: String,
    pub source_sha256: String,
    pub seed: u64,
    pub replicates: u64,
    pub parameter_names: Vec<String>,
    /// The values the run uses: the file's, with `--set` overrides applied.
    pub parameter_values: Vec<f64>,
    /// `--set NAME=VALUE` given for this run, in order; the manifest records them.
    pub overrides: Vec<(String, f64)>,
    /// Every parameter's value at each point of the sweep, in `parameter_names` order; one
    /// point (`parameter_values`) without a sweep.
    pub points: Vec<Vec<f64>>,
    /// The swept parameters, as indices into `parameter_names`, in the sweep's order.
    pub swept: Vec<usize>,
    pub game: Game,
    /// Strategy candidates, per player.
    pub candidates: Vec<Vec<StrategySpec>>,
    pub cells: Vec<Cell>,
    /// The scenario's `[[charts]]` entries, validated; empty without the section.
    pub charts: Vec<ChartSpec>,
    /// `[relations]`, validated; `None` without the section.
    pub relations: Option<std::sync::Arc<crate::game::relations::Relations>>,
    /// `[tournament]` (or `dilemma compare`): the cells are its matches, and the run ranks the
    /// strategies; `None` for a plain run of every profile.
    pub tournament: Option<crate::tournament::TournamentSpec>,
    /// `[evolution]`: the tournament's strategies in a Moran process and the replicator
    /// equations; `None` without the section.
    pub evolution: Option<crate::evolution::plan::EvolutionSpec>,
}

impl Experiment {
    /// Every profile in order, the last player's candidate changing fastest.
    pub(crate) fn build_cells(
        parameter_names: &[String],
        parameter_values: &[f64],
        players: &[String],
        candidates: &[Vec<StrategySpec>],
    ) -> Vec<Cell> {
        let total: usize = candidates.iter().map(Vec::len).product();
        (0..total)
            .map(|index| {
                let mut rest = index;
                let mut profile = vec![0; candidates.len()];
                for (slot, options) in profile.iter_mut().zip(candidates).rev() {
                    *slot = rest % options.len();
                    rest /= options.len();
                }
                let mut parts: Vec<Vec<u8>> = Vec::new();
                for (name, value) in parameter_names.iter().zip(parameter_values) {
                    parts.push(name.as_bytes().to_vec());
                    parts.push(value.to_bits().to_le_bytes().to_vec());
                }
                for ((player, options), choice) in players.iter().zip(candidates).zip(&profile) {
                    let spec = &options[*choice];
                    parts.push(player.as_bytes().to_vec());
                    parts.push(spec.label.as_bytes().to_vec());
                    parts.push(spec.definition().into_bytes());
                }
                Cell {
                    index,
                    point: 0,
                    key: cell_key(parts.iter().map(Vec::as_slice)),
                    profile,
                }
            })
            .collect()
    }

    /// Adds the cells of `other`, the same scenario validated at another parameter point: its
    /// candidates (whose compiled form may depend on the payoffs there) are appended to each
    /// player's list, and its cells, keyed by their own parameter values, follow ours.
    pub(crate) fn add_point(&mut self, other: Experiment) {
        let point = self.points.len();
        self.points.push(other.parameter_values);
        let offsets: Vec<usize> = self.candidates.iter().map(Vec::len).collect();
        for (mine, theirs) in self.candidates.iter_mut().zip(other.candidates) {
            mine.extend(theirs);
        }
        let start = self.cells.len();
        self.cells.extend(other.cells.into_iter().map(|cell| {
            Cell {
                index: start + cell.index,
                point,
                profile: cell
                    .profile
                    .iter()
                    .zip(&offsets)
                    .map(|(choice, offset)| choice + offset)
                    .collect(),
                key: cell.key,
            }
        }));
    }

    /// Every parameter's value in `cell`, in `parameter_names` order.
    pub fn parameters(&self, cell: &Cell) -> &[f64] {
        self.points
            .get(cell.point)
            .map_or(&self.parameter_values, Vec::as_slice)
    }

    /// The values a swept parameter (an index into `parameter_names`) takes over the grid, each
    /// once, in grid order.
    pub fn swept_axis(&self, parameter: usize) -> Vec<f64> {
        let mut values: Vec<f64> = Vec::new();
        for point in &self.points {
            if !values.contains(&point[parameter]) {
                values.push(point[parameter]);
            }
        }
        values
    }

    /// The swept parameters' values at `point`, in the sweep's order.
    pub fn swept_values(&self, point: usize) -> impl Iterator<Item = f64> + '_ {
        self.swept
            .iter()
            .map(move |&index| self.points[point][index])
    }

    pub fn strategy(&self, cell: &Cell, player: usize) -> &StrategySpec {
        &self.candidates[player][cell.profile[player]]
    }

    /// The players' strategy labels joined with " vs ".
    pub fn profile_label(&self, cell: &Cell) -> String {
        (0..self.game.player_count())
            .map(|player| self.strategy(cell, player).label.as_str())
            .collect::<Vec<_>>()
            .join(" vs ")
    }
}

//! One match: the per-round loop of decide, constrain, add noise, score, perceive and record.
//!
//! Everything a round touches is sized before the first round, so the loop allocates nothing.
//! Two- and three-player games run on stack arrays of a compile-time size, so the per-player
//! loops unroll and lose their bounds checks; larger games run the same code on `Scratch`.
//! Matches without perception noise run a copy of the loop compiled without it, and matches in
//! which nothing changes (no schedule or state variable) one without `dynamics::Working`.

use super::dynamics::{Live, MAX_TABULATED_VALUES, PointDynamics, Working};
use crate::experiment::{Cell, Experiment};
use crate::game::Length;
use crate::game::dynamics::Target;
use crate::strategy::{Chance, Memory, Move, Policy, View, Watch};
use rand::Rng;
use std::sync::Arc;

/// The round loop's variants, a const parameter: strategies that read only their view
/// ([`PLAIN`]), only the classic strategies that need no memory ([`CLASSIC`]), or some that
/// read what they saw each player do or count custom actions as hostile ([`OBSERVING`]).
const PLAIN: u8 = 0;
/// Every player's strategy is one of the classic few `Policy::decide_classic` plays: the loop
/// then holds no call to the families' rules, which kept the plain two-player match at 0.8 of
/// its speed (benches/match_throughput.rs).
const CLASSIC: u8 = 1;
const OBSERVING: u8 = 2;

/// Receives each round's outcome as it is played.
pub trait RoundSink {
    fn round(&mut self, round: usize, outcome: &RoundOutcome<'_>);

    /// How many other players' actions each player misread in the round just passed to
    /// `round`. Called only in matches with perception noise: a separate call rather than a
    /// field of [`RoundOutcome`], so that recording a match without it costs nothing more.
    fn misperceived(&mut self, _round: usize, _counts: &[u32]) {}

    /// The state variables' values after the round just passed to `round`, in `[state]`
    /// order. Called only in matches with state variables.
    fn states(&mut self, _round: usize, _values: &[f64]) {}
}

/// What happened in one round, indexed by player.
#[derive(Debug, Clone, Copy)]
pub struct RoundOutcome<'a> {
    /// Realised action indices.
    pub actions: &'a [usize],
    pub payoffs: &'a [f64],
    /// True where a constraint replaced the strategy's choice.
    pub constrained: &'a [bool],
    /// The joint action's index in `Game::payoffs` order (first player most significant).
    pub joint: usize,
}

#[derive(Debug, Clone, Copy)]
struct ActiveConstraint {
    player: usize,
    forbidden: u64,
    chance: Chance,
    fallback: usize,
}

/// One observer misreading one observed player, with the rates compiled.
#[derive(Debug, Clone, Copy)]
struct ActivePerception {
    observer: usize,
    observed: usize,
    /// Where the observed player's per-action chances start in `MatchSpec::misread`.
    start: usize,
}

/// Everything the round loop needs about one player, kept together for locality.
#[derive(Debug, Clone)]
struct PlayerRule {
    policy: Policy,
    watch: Watch,
    /// Bit `a` set for every action `a` of the player.
    action_mask: u64,
    /// Weight of the player's action in the joint-action index.
    stride: usize,
}

/// What changes during this cell's matches: the point's tables and formulas, with their targets
/// resolved to this match's working copies.
#[derive(Debug, Clone)]
struct MatchDynamics {
    point: Arc<PointDynamics>,
    table_targets: Vec<Live>,
    loop_targets: Vec<Live>,
}

/// A cell's game with every formula evaluated and every probability compiled.
#[derive(Debug, Clone)]
pub struct MatchSpec {
    rules: Vec<PlayerRule>,
    /// Per observer then observed player, bit `a` set when the observer's strategy counts action
    /// `a` as defection; empty when every strategy keeps the default (any action but the first),
    /// and the round loop then reads one shared set of defectors.
    hostile: Vec<u64>,
    /// True when some strategy replies to the actions it saw (`reply`): the loop then keeps,
    /// per observer, the action it saw each player play last round.
    tracks_last: bool,
    /// True when every strategy is one `Policy::decide_classic` plays and none needs the
    /// observing loop (`hostile` labels): the classic loop then applies.
    classic: bool,
    /// Identical for every cell of a parameter point, so shared rather than copied per cell (a
    /// 16-player game has 65,536 joint actions × 16 payoffs: 8 MB a copy).
    payoffs: Arc<[f64]>,
    max_rounds: u32,
    continuation: Option<Chance>,
    noise: Chance,
    constraints: Vec<ActiveConstraint>,
    /// Only the entries that can misread at all (some rate above 0), by observer then observed:
    /// empty when nothing can be misread, and the round loop then draws nothing for perception.
    perceptions: Vec<ActivePerception>,
    /// Per perception entry, the chance of a misread for each action the observed player may
    /// really play.
    misread: Vec<Chance>,
    /// `None` when nothing changes during a match.
    dynamics: Option<MatchDynamics>,
}

/// Per-player working memory for one round, borrowed from arrays or from `Scratch`.
struct RoundState<'s> {
    views: &'s mut [View],
    /// Per player: what its strategy keeps beyond the view this match.
    memories: &'s mut [Memory],
    forbidden: &'s mut [u64],
    actions: &'s mut [usize],
    payoffs: &'s mut [f64],
    constrained: &'s mut [bool],
    /// Per observer: bit q set when it sees player q defect (its own bit is the realised one).
    perceived: &'s mut [u64],
    misperceived: &'s mut [u32],
    /// Per observer then player: the action it saw that player play last round (its own as
    /// played). Kept only when the match `tracks_last`.
    last: &'s mut [usize],
}

impl MatchSpec {
    /// The cell's match, evaluating the payoff formulas and schedules for it alone.
    pub fn new(experiment: &Experiment, cell: &Cell) -> MatchSpec {
        let parameters = experiment.parameters(cell);
        let payoffs = experiment.game.evaluate_payoffs(parameters);
        let dynamics = PointDynamics::new(&experiment.game, parameters, MAX_TABULATED_VALUES);
        MatchSpec::with_point(experiment, cell, payoffs.into(), dynamics.map(Arc::new))
    }

    /// The cell's match with `payoffs` already evaluated at the cell's parameter point (in
    /// `Game::payoffs` order, as in round 1) and its schedules and state variables prepared
    /// (`None` when nothing changes during a match), both shared with the other cells of
    /// that point.
    pub fn with_point(
        experiment: &Experiment,
        cell: &Cell,
        payoffs: Arc<[f64]>,
        dynamics: Option<Arc<PointDynamics>>,
    ) -> MatchSpec {
        let game = &experiment.game;
        // Every slot as in round 1: the point's, already computed, when something changes.
        let start;
        let point = dynamics.clone();
        let parameters = match &point {
            Some(point) => point.start.as_slice(),
            None => {
                start = game.dynamics.slots_at_start(experiment.parameters(cell));
                start.as_slice()
            }
        };
        let players = game.player_count();
        let action_mask = |player: usize| match game.actions[player].len() {
            0 => 0,
            count => u64::MAX >> (64 - count.min(64)),
        };
        let rules: Vec<PlayerRule> = (0..players)
            .map(|player| {
                let strategy = experiment.strategy(cell, player);
                PlayerRule {
                    policy: strategy.policy.clone(),
                    watch: strategy.watch,
                    action_mask: action_mask(player),
                    stride: game.actions[player + 1..].iter().map(Vec::len).product(),
                }
            })
            .collect();
        let custom_hostile = (0..players).any(|p| experiment.strategy(cell, p).hostile.is_some());
        let hostile = if custom_hostile {
            (0..players)
                .flat_map(|observer| {
                    let strategy = experiment.strategy(cell, observer);
                    (0..players).map(move |observed| {
                        let default = action_mask(observed) & !1;
                        strategy
                            .hostile
                            .as_ref()
                            .and_then(|masks| masks.get(observed).copied())
                            .map_or(default, |mask| mask & action_mask(observed))
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let tracks_last = rules
            .iter()
            .any(|rule| matches!(rule.policy, Policy::Reply(_)));
        let mut perceptions = Vec::new();
        let mut misread = Vec::new();
        // Where each game entry's chances start in `misread`, if the match keeps it.
        let mut misread_start: Vec<Option<usize>> = vec![None; game.perceptions.len()];
        // Sorted, so that the draws' order does not depend on the entries' order in the file.
        let mut entries: Vec<_> = game
            .perceptions
            .iter()
            .enumerate()
            .filter(|(_, entry)| {
                // As for constraints: validation guarantees these, and a hand-built game that
                // breaks them loses the entry rather than indexing out of range.
                entry.observer < players
                    && entry.observed < players
                    && entry.observer != entry.observed
                    && entry.rates.len() == game.actions[entry.observed].len()
            })
            .collect();
        entries.sort_by_key(|(_, entry)| (entry.observer, entry.observed));
        for (index, entry) in entries {
            let chances: Vec<Chance> = entry
                .rates
                .iter()
                .map(|rate| Chance::new(rate.evaluate(parameters)))
                .collect();
            let changes = entry
                .rates
                .iter()
                .any(|rate| game.dynamics.level(rate) != crate::game::dynamics::Level::Fixed);
            if !changes && chances.iter().all(|chance| *chance == Chance::Never) {
                continue;
            }
            misread_start[index] = Some(misread.len());
            perceptions.push(ActivePerception {
                observer: entry.observer,
                observed: entry.observed,
                start: misread.len(),
            });
            misread.extend(chances);
        }
        // Where each game constraint sits in `constraints`, if the match keeps it.
        let mut constraint_position = Vec::with_capacity(game.constraints.len());
        let mut kept = 0;
        for constraint in &game.constraints {
            constraint_position.push((constraint.player < players).then_some(kept));
            kept += usize::from(constraint.player < players);
        }
        let resolve = |target: &Target| match *target {
            Target::Payoff(index) => Live::Payoff(index),
            Target::Noise => Live::Noise,
            Target::Constraint(index) => constraint_position
                .get(index)
                .copied()
                .flatten()
                .map_or(Live::Nowhere, Live::Constraint),
            Target::Misread { entry, action } => misread_start
                .get(entry)
                .copied()
                .flatten()
                .map_or(Live::Nowhere, |start| Live::Misread(start + action)),
            Target::Slot(slot) => Live::Slot(slot),
        };
        let dynamics = dynamics.map(|point| MatchDynamics {
            table_targets: point.table_targets.iter().map(resolve).collect(),
            loop_targets: point
                .in_loop
                .iter()
                .map(|(target, _)| resolve(target))
                .collect(),
            point,
        });
        MatchSpec {
            classic: hostile.is_empty()
                && !tracks_last
                && rules.iter().all(|rule| rule.policy.is_classic()),
            rules,
            hostile,
            tracks_last,
            payoffs,
            max_rounds: game.length.max_rounds(),
            continuation: match game.length {
                Length::Fixed(_) => None,
                Length::Continuation { probability, .. } => Some(Chance::new(probability)),
            },
            noise: Chance::new(game.noise.evaluate(parameters)),
            // Validation guarantees these; a hand-built game that breaks them still never makes
            // the round loop index out of range: constraints on no player are dropped, forbidden
            // bits are limited to the player's actions and a fallback outside them becomes the
            // first action.
            constraints: game
                .constraints
                .iter()
                .filter(|constraint| constraint.player < players)
                .map(|constraint| {
                    let mask = action_mask(constraint.player);
                    ActiveConstraint {
                        player: constraint.player,
                        forbidden: constraint.forbidden & mask,
                        chance: Chance::new(constraint.probability.evaluate(parameters)),
                        fallback: if mask >> constraint.fallback.min(63) & 1 == 1 {
                            constraint.fallback
                        } else {
                            0
                        },
                    }
                })
                .collect(),
            perceptions,
            misread,
            dynamics,
        }
    }

    pub fn players(&self) -> usize {
        self.rules.len()
    }

    /// Working memory for `play` in games with more than three players, allocated once and
    /// reused across matches.
    pub fn scratch(&self) -> Scratch {
        let players = self.players();
        Scratch {
            views: vec![View::default(); players],
            // Sized here, once per worker: a rule's store never grows during a match.
            memories: self
                .rules
                .iter()
                .map(|rule| rule.policy.new_memory())
                .collect(),
            forbidden: vec![0; players],
            actions: vec![0; players],
            payoffs: vec![0.0; players],
            constrained: vec![false; players],
            perceived: vec![0; players],
            misperceived: vec![0; players],
            last: vec![0; players * players],
            working: self.dynamics.as_ref().map(|dynamics| {
                Working::new(
                    &dynamics.point,
                    &self.payoffs,
                    self.constraints.iter().map(|c| c.chance).collect(),
                    self.misread.clone(),
                    self.noise,
                )
            }),
        }
    }

    /// Plays one match and returns the number of rounds played.
    pub fn play<R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        scratch: &mut Scratch,
        sink: &mut S,
    ) -> usize {
        match self.players() {
            // Known at compile time, an empty slice of memories lets the classic loop keep its
            // registers; an array of them, or a slice chosen at run time, cost it a sixth of
            // its speed though nothing reads them (benches/match_throughput.rs).
            2 if self.classic => self.play_fixed::<2, true, R, S>(rng, scratch, sink),
            2 => self.play_fixed::<2, false, R, S>(rng, scratch, sink),
            3 if self.classic => self.play_fixed::<3, true, R, S>(rng, scratch, sink),
            3 => self.play_fixed::<3, false, R, S>(rng, scratch, sink),
            _ => self.play_unspecialized(rng, scratch, sink),
        }
    }

    /// `play` without the fixed-size fast paths; public so tests can check both agree.
    pub fn play_unspecialized<R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        scratch: &mut Scratch,
        sink: &mut S,
    ) -> usize {
        scratch.views.fill(View::default());
        scratch.memories.iter_mut().for_each(Memory::reset);
        scratch.forbidden.fill(0);
        scratch.misperceived.fill(0);
        scratch.last.fill(0);
        let state = RoundState {
            views: &mut scratch.views,
            memories: &mut scratch.memories,
            forbidden: &mut scratch.forbidden,
            actions: &mut scratch.actions,
            payoffs: &mut scratch.payoffs,
            constrained: &mut scratch.constrained,
            perceived: &mut scratch.perceived,
            misperceived: &mut scratch.misperceived,
            last: &mut scratch.last,
        };
        self.play_either::<false, R, S>(rng, state, scratch.working.as_mut(), sink)
    }

    fn play_fixed<const N: usize, const CLASSIC_ONLY: bool, R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        scratch: &mut Scratch,
        sink: &mut S,
    ) -> usize {
        let (mut views, mut forbidden) = ([View::default(); N], [0u64; N]);
        // The memories stay in `scratch`, not on the stack with the rest (see `play`).
        let memories = if CLASSIC_ONLY {
            &mut []
        } else {
            scratch.memories.iter_mut().for_each(Memory::reset);
            &mut scratch.memories[..]
        };
        let (mut actions, mut payoffs, mut constrained) = ([0usize; N], [0.0f64; N], [false; N]);
        let (mut perceived, mut misperceived) = ([0u64; N], [0u32; N]);
        let mut last = [[0usize; N]; N];
        let state = RoundState {
            views: &mut views,
            memories,
            forbidden: &mut forbidden,
            actions: &mut actions,
            payoffs: &mut payoffs,
            constrained: &mut constrained,
            perceived: &mut perceived,
            misperceived: &mut misperceived,
            last: last.as_flattened_mut(),
        };
        self.play_either::<CLASSIC_ONLY, R, S>(rng, state, scratch.working.as_mut(), sink)
    }

    /// The classic strategies' loop when `CLASSIC_ONLY` (which `classic` allows); else the loop
    /// that keeps per-observer views (a `reply`, or `hostile` labels) when the match needs
    /// them, else the one that reads a single set of defectors.
    #[inline(always)]
    fn play_either<const CLASSIC_ONLY: bool, R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        state: RoundState<'_>,
        working: Option<&mut Working>,
        sink: &mut S,
    ) -> usize {
        if CLASSIC_ONLY {
            self.play_observing::<CLASSIC, R, S>(rng, state, working, sink)
        } else if self.tracks_last || !self.hostile.is_empty() {
            self.play_observing::<OBSERVING, R, S>(rng, state, working, sink)
        } else {
            self.play_observing::<PLAIN, R, S>(rng, state, working, sink)
        }
    }

    /// The loop with perception noise when the match has some, else the loop without it, and
    /// likewise for schedules and state variables, so a match pays only for what it uses.
    #[inline(always)]
    fn play_observing<const MODE: u8, R: Rng + ?Sized, S: RoundSink>(
        &self,
        rng: &mut R,
        state: RoundState<'_>,
        working: Option<&mut Working>,
        sink: &mut S,
    ) -> usize {
        match (self.perceptions.is_empty(), &self.dynamics, working) {
            (true, None, _) | (true, _, None) => {
                self.play_with::<false, false, MODE, R, S>(rng, state, None, sink)
            }
            (false, None, _) | (false, _, None) => {
                self.play_with::<true, false, MODE, R, S>(rng, state, None, sink)
            }
            (true, Some(dynamics), Some(working)) => self.play_with::<false, true, MODE, R, S>(
                rng,
                state,
                Some((dynamics, working)),
                sink,
            ),
            (false, Some(dynamics), Some(working)) => self.play_with::<true, true, MODE, R, S>(
                rng,
                state,
                Some((dynamics, working)),
                sink,
            ),
        }
    }

    #[inline(always)]
    fn play_with<
        const PERCEIVE: bool,
        const CHANGES: bool,
        const MODE: u8,
        R: Rng + ?Sized,
        S: RoundSink,
    >(
        &self,
        rng: &mut R,
        mut state: RoundState<'_>,
        mut dynamic: Option<(&MatchDynamics, &mut Working)>,
        sink: &mut S,
    ) -> usize {
        if CHANGES && let Some((dynamics, working)) = dynamic.as_mut() {
            working.start_match(&dynamics.point);
        }
        let mut round = 0usize;
        loop {
            let joint = match dynamic.as_mut() {
                Some((dynamics, working)) if CHANGES => {
                    working.before_round(
                        &dynamics.point,
                        &dynamics.table_targets,
                        &dynamics.loop_targets,
                        round + 1,
                    );
                    self.play_round::<PERCEIVE, true, MODE, R>(rng, &mut state, Some(working))
                }
                _ => self.play_round::<PERCEIVE, false, MODE, R>(rng, &mut state, None),
            };
            let outcome = RoundOutcome {
                actions: state.actions,
                payoffs: state.payoffs,
                constrained: state.constrained,
                joint,
            };
            sink.round(round, &outcome);
            if PERCEIVE {
                sink.misperceived(round, state.misperceived);
            }
            if CHANGES && let Some((dynamics, working)) = dynamic.as_mut() {
                let states = working.after_round(&dynamics.point, state.actions, state.payoffs);
                if !states.is_empty() {
                    sink.states(round, states);
                }
            }
            round += 1;
            if round >= self.max_rounds as usize {
                break;
            }
            if self
                .continuation
                .is_some_and(|continuation| !continuation.happens(rng))
            {
                break;
            }
        }
        round
    }

    // Indexing by player reads better than zipping five parallel per-player arrays. Per-round
    // state is reset inside these loops rather than with `fill`/`copy_from_slice`, which on
    // slices this short cost a libc call each.
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    fn play_round<const PERCEIVE: bool, const CHANGES: bool, const MODE: u8, R: Rng + ?Sized>(
        &self,
        rng: &mut R,
        state: &mut RoundState<'_>,
        working: Option<&Working>,
    ) -> usize {
        let observe = MODE == OBSERVING;
        // This round's values: the working copies where something changes during the match.
        let (table, noise, misread) = match working {
            Some(working) if CHANGES => (&working.payoffs[..], working.noise, &working.misread[..]),
            _ => (&self.payoffs[..], self.noise, &self.misread[..]),
        };
        let players = state.actions.len();
        let rules = &self.rules[..players];
        let RoundState {
            views,
            memories,
            forbidden,
            actions,
            payoffs,
            constrained,
            perceived,
            misperceived,
            last,
        } = state;
        // Strategies choose simultaneously, each from its own view of the past.
        for player in 0..players {
            // Only a `reply` reads the last round's actions, and only the observing loop has one.
            let seen: &[usize] = if observe {
                &last[player * players..(player + 1) * players]
            } else {
                &[]
            };
            let policy = &rules[player].policy;
            actions[player] = if MODE == CLASSIC {
                policy.decide_classic(&views[player], rng).action_index()
            } else {
                policy.decide(&views[player], seen, &mut memories[player], rng)
            };
            constrained[player] = false;
        }
        for (index, constraint) in self.constraints.iter().enumerate() {
            let chance = match working {
                Some(working) if CHANGES => working.chances[index],
                _ => constraint.chance,
            };
            if chance.happens(rng) {
                let player = constraint.player;
                forbidden[player] |= constraint.forbidden;
                if constraint.forbidden >> actions[player] & 1 == 1 {
                    actions[player] = constraint.fallback;
                    constrained[player] = true;
                }
            }
        }
        let mut joint = 0;
        // Bit p set when player p's realised action is not its first ("defected").
        let mut defectors = 0u64;
        for player in 0..players {
            let allowed = rules[player].action_mask & !forbidden[player];
            forbidden[player] = 0;
            if allowed >> actions[player] & 1 == 0 {
                // Two holding constraints can forbid one's fallback: take the first allowed
                // action. If together they forbid every action, nothing is allowed, yet the
                // player must still play: it keeps its choice (the strategy's, or the fallback),
                // which only has to be one of its actions. Validation rejects such scenarios;
                // this keeps a hand-built game from indexing past the payoff table.
                let playable = if allowed == 0 {
                    rules[player].action_mask
                } else {
                    allowed
                };
                if playable >> actions[player] & 1 == 0 {
                    actions[player] = playable.trailing_zeros() as usize;
                }
            }
            if noise.happens(rng) {
                let others = allowed & !(1 << actions[player]);
                if others != 0 {
                    actions[player] = pick_set_bit(others, rng);
                }
            }
            joint += actions[player] * rules[player].stride;
            defectors |= u64::from(actions[player] != 0) << player;
        }
        let custom_hostile = observe && !self.hostile.is_empty();
        let tracks_last = observe && self.tracks_last;
        // Bit q set when the observer counts player q's action `action` as defection.
        let hostile_bit = |observer: usize, q: usize, action: usize| -> u64 {
            let hostile = if custom_hostile {
                self.hostile[observer * players + q] >> action & 1 == 1
            } else {
                action != 0
            };
            u64::from(hostile) << q
        };
        // `perceived` is read only with perception noise or hostile labels; `last` only by a
        // reply.
        if PERCEIVE || custom_hostile || tracks_last {
            for player in 0..players {
                if PERCEIVE || custom_hostile {
                    perceived[player] = if custom_hostile {
                        (0..players).fold(0, |bits, q| bits | hostile_bit(player, q, actions[q]))
                    } else {
                        defectors
                    };
                }
                if tracks_last {
                    last[player * players..(player + 1) * players].copy_from_slice(actions);
                }
                misperceived[player] = 0;
            }
        }
        if PERCEIVE {
            // After execution noise: an observer misreads the action really played. Rates of 0
            // and 1 draw nothing (`Chance`), nor does the choice of what is seen instead when
            // there is one other action (C/D); the entries come in a fixed order.
            for entry in &self.perceptions {
                let played = actions[entry.observed];
                if misread[entry.start + played].happens(rng) {
                    let others = rules[entry.observed].action_mask & !(1 << played);
                    if others != 0 {
                        let seen = pick_set_bit(others, rng);
                        let (observer, observed) = (entry.observer, entry.observed);
                        perceived[observer] = perceived[observer] & !(1u64 << observed)
                            | hostile_bit(observer, observed, seen);
                        if tracks_last {
                            last[observer * players + observed] = seen;
                        }
                        misperceived[observer] += 1;
                    }
                }
            }
        }
        let scores = &table[joint * players..(joint + 1) * players];
        for player in 0..players {
            payoffs[player] = scores[player];
            let own = Move::from_defected(defectors >> player & 1 == 1);
            // What this player's strategy sees of the others.
            let seen = if PERCEIVE || custom_hostile {
                perceived[player]
            } else {
                defectors
            };
            let opponent = rules[player].watch.opponent(seen, player);
            if MODE == CLASSIC {
                // The classic strategies never read the own-defection count.
                views[player].record_classic(own, opponent);
            } else {
                views[player].record(own, opponent);
            }
        }
        joint
    }
}

/// A uniformly chosen set bit; with one set bit (the two-action case) no draw is needed.
#[inline]
fn pick_set_bit<R: Rng + ?Sized>(bits: u64, rng: &mut R) -> usize {
    let count = bits.count_ones();
    let mut rank = if count == 1 {
        0
    } else {
        // Lemire's multiply-shift maps a u64 onto 0..count.
        ((u128::from(rng.next_u64()) * u128::from(count)) >> 64) as u32
    };
    let mut remaining = bits;
    while rank > 0 {
        remaining &= remaining - 1;
        rank -= 1;
    }
    remaining.trailing_zeros() as usize
}

/// Per-match working memory for games with more than three players.
#[derive(Debug, Clone)]
pub struct Scratch {
    views: Vec<View>,
    memories: Vec<Memory>,
    forbidden: Vec<u64>,
    actions: Vec<usize>,
    payoffs: Vec<f64>,
    constrained: Vec<bool>,
    perceived: Vec<u64>,
    misperceived: Vec<u32>,
    last: Vec<usize>,
    /// Working copies of what changes during a match (any number of players).
    working: Option<Working>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn noise_picks_uniformly_among_the_other_allowed_actions() {
        // Bits 1, 4 and 6 set: each is chosen with probability 1/3.
        let bits = 0b101_0010;
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let draws = 30_000;
        let mut counts = [0usize; 64];
        for _ in 0..draws {
            counts[pick_set_bit(bits, &mut rng)] += 1;
        }
        let standard_error = (1.0 / 3.0 * 2.0 / 3.0 / draws as f64).sqrt();
        for bit in [1, 4, 6] {
            let share = counts[bit] as f64 / draws as f64;
            assert!(
                (share - 1.0 / 3.0).abs() < 4.0 * standard_error,
                "bit {bit}: {share}"
            );
        }
        assert_eq!(
            counts.iter().sum::<usize>(),
            counts[1] + counts[4] + counts[6]
        );
    }

    #[test]
    fn a_single_allowed_alternative_needs_no_draw() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut untouched = rng.clone();
        assert_eq!(pick_set_bit(0b100, &mut rng), 2);
        assert_eq!(rng.next_u64(), untouched.next_u64());
    }
}

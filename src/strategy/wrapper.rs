//! Transformers after Axelrod-Python's `strategy_transformers`: any two-action strategy made
//! noisy, turned into its Joss-Ann variant, or into its dual.

use super::entry::{Entry, ParameterInfo, StrategyArgs, check_probabilities, classifier};
use super::{Chance, Classifier, Memory, Move, Policy, View};
use rand::Rng;
use std::sync::Arc;

/// The strategy a transformer wraps, as validation compiled it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inner {
    pub policy: Policy,
    pub classifier: Classifier,
    /// The wrapped strategy's canonical description, for the wrapper's own.
    pub definition: String,
}

/// How the wrapped strategy's move is transformed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Transform {
    /// Flips the move with this chance.
    Noisy(Chance),
    /// A uniform `u64` below `cooperate` plays C, below `defect` (and not `cooperate`) D, else
    /// the wrapped strategy's move; `None` when one outcome is certain and nothing is drawn.
    JossAnn {
        cooperate: u64,
        defect: u64,
        certain: Option<Certain>,
    },
    /// The opposite of what the wrapped strategy would play had its own moves been the opposite.
    Dual,
}

/// The Joss-Ann outcome that happens for certain, when one does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Certain {
    Cooperate,
    Defect,
    Proposed,
}

/// A transformed strategy: the wrapped program and its transform, shared behind an `Arc` so a
/// wrapper costs `Policy` one pointer.
#[derive(Debug, Clone, PartialEq)]
pub struct Wrapped {
    pub inner: Policy,
    pub transform: Transform,
}

impl Wrapped {
    /// Not inlined: the wrapped policy's `decide_move` can lead back here, and a recursive call
    /// kept out of line leaves the round loop's own dispatch inlinable.
    #[inline(never)]
    pub fn decide<R: Rng + ?Sized>(&self, view: &View, memory: &mut Memory, rng: &mut R) -> Move {
        // As in Axelrod-Python, the wrapped strategy always decides first, so a strategy that
        // keeps state sees every round whatever the transform then does.
        match self.transform {
            Transform::Noisy(chance) => {
                let proposed = self.inner.decide_move(view, memory, rng);
                if chance.happens(rng) {
                    proposed.flip()
                } else {
                    proposed
                }
            }
            Transform::JossAnn {
                cooperate,
                defect,
                certain,
            } => {
                let proposed = self.inner.decide_move(view, memory, rng);
                match certain {
                    Some(Certain::Cooperate) => Move::C,
                    Some(Certain::Defect) => Move::D,
                    Some(Certain::Proposed) => proposed,
                    None => {
                        let draw = rng.next_u64();
                        if draw < cooperate {
                            Move::C
                        } else if draw < defect {
                            Move::D
                        } else {
                            proposed
                        }
                    }
                }
            }
            Transform::Dual => self
                .inner
                .decide_move(&view.with_own_flipped(), memory, rng)
                .flip(),
        }
    }

    pub fn is_stochastic(&self) -> bool {
        match self.transform {
            Transform::Noisy(chance) => chance.is_random() || self.inner.is_stochastic(),
            Transform::JossAnn { certain, .. } => match certain {
                Some(Certain::Cooperate | Certain::Defect) => false,
                Some(Certain::Proposed) => self.inner.is_stochastic(),
                None => true,
            },
            Transform::Dual => self.inner.is_stochastic(),
        }
    }
}

const OF: ParameterInfo = ParameterInfo {
    name: "of",
    meaning: "the strategy transformed: a name, or a table like any candidate",
    default: "required",
};

const NOISE: ParameterInfo = ParameterInfo {
    name: "noise",
    meaning: "chance of flipping each move",
    default: "required",
};

const P_JOSS_ANN: ParameterInfo = ParameterInfo {
    name: "p",
    meaning: "[chance of C, chance of D]; otherwise the strategy's own move (scaled to sum 1 when \
              above)",
    default: "required",
};

/// The family's registered strategies, in the order `dilemma strategies` lists them.
pub static ENTRIES: &[&Entry] = &[&NOISY, &JOSS_ANN, &DUAL];

pub static NOISY: Entry = Entry {
    name: "noisy",
    axelrod_name: None,
    aliases: &[],
    summary: "another strategy whose every move flips with chance `noise` (NoisyTransformer)",
    parameters: &[OF, NOISE],
    classifier: classifier(None, true, false),
    build: |args, _| {
        let noise = args
            .noise
            .ok_or("`noisy` needs `noise`, the chance of flipping a move")?;
        check_probabilities(&[noise])?;
        wrap(args, "noisy", Transform::Noisy(Chance::new(noise)))
    },
};

pub static JOSS_ANN: Entry = Entry {
    name: "joss_ann",
    axelrod_name: None,
    aliases: &["Joss-Ann"],
    summary: "C with one chance, D with another, else another strategy's move (JossAnnTransformer)",
    parameters: &[OF, P_JOSS_ANN],
    classifier: classifier(None, true, false),
    build: |args, _| {
        let [cooperate, defect] = match args.p.as_deref() {
            Some(&[cooperate, defect]) => [cooperate, defect],
            Some(other) => {
                return Err(format!(
                    "`joss_ann` takes `p = [chance of C, chance of D]`, found a list of {}",
                    other.len()
                ));
            }
            None => return Err("`joss_ann` needs `p = [chance of C, chance of D]`".into()),
        };
        check_probabilities(&[cooperate, defect])?;
        wrap(args, "joss_ann", joss_ann(cooperate, defect))
    },
};

pub static DUAL: Entry = Entry {
    name: "dual",
    axelrod_name: None,
    aliases: &[],
    summary: "the opposite of another strategy's move on the opposite own history \
              (DualTransformer)",
    parameters: &[OF],
    classifier: classifier(None, true, false),
    build: |args, _| wrap(args, "dual", Transform::Dual),
};

/// Axelrod-Python's Joss-Ann distribution: C, D and the proposed move with chances x, y and
/// the rest, x and y scaled to sum 1 when they sum to more.
fn joss_ann(cooperate: f64, defect: f64) -> Transform {
    let sum = cooperate + defect;
    let (x, y) = if sum > 1.0 {
        (cooperate / sum, defect / sum)
    } else {
        (cooperate, defect)
    };
    let rest = (1.0 - x - y).max(0.0);
    let certain = if x == 1.0 {
        Some(Certain::Cooperate)
    } else if y == 1.0 {
        Some(Certain::Defect)
    } else if rest == 1.0 {
        Some(Certain::Proposed)
    } else {
        None
    };
    let threshold = |p: f64| match Chance::new(p) {
        Chance::Never => 0,
        Chance::Always => u64::MAX,
        Chance::Below(threshold) => threshold,
    };
    Transform::JossAnn {
        cooperate: threshold(x),
        defect: threshold(x + y),
        certain,
    }
}

fn wrap(args: &StrategyArgs, name: &str, transform: Transform) -> Result<Policy, String> {
    let inner = args
        .of
        .as_ref()
        .ok_or_else(|| format!("`{name}` needs `of`, the strategy it transforms"))?;
    if inner.policy.names_actions() {
        return Err(format!(
            "`{name}` transforms a strategy that chooses between C and D; `{}` names actions",
            inner.definition.split(' ').next().unwrap_or_default()
        ));
    }
    Ok(Policy::Wrapped(Arc::new(Wrapped {
        inner: inner.policy.clone(),
        transform,
    })))
}

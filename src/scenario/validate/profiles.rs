//! Profile labels as summary.csv writes them (each player's strategy label, joined with
//! `" vs "`), recognised and suggested without listing every profile.

use crate::experiment::StrategySpec;
use crate::scenario::nearest_name;
use std::collections::HashSet;

/// Candidates a player may have for an unknown profile to get a suggestion: each is compared
/// with an edit distance, and a file may list tens of thousands.
const MAX_SUGGESTION_CANDIDATES: usize = 1000;

/// The separator of the players' strategy labels in a profile label.
const VS: &str = " vs ";

/// The profile labels of the scenario, matched without listing them: 100 000 profiles of long
/// strategy labels would spell out gigabytes. A profile label is each player's strategy label
/// joined with `" vs "`; a strategy label may itself hold `" vs "`, so every split is tried.
pub(super) struct Profiles<'a> {
    /// Per player, the strategy labels in the order written (suggestions break ties by it) and
    /// as a set, and their distinct lengths in bytes.
    ordered: Vec<Vec<&'a str>>,
    labels: Vec<HashSet<&'a str>>,
    lengths: Vec<Vec<usize>>,
    /// No profile label is longer, in bytes.
    longest: usize,
    /// The first profile, shown in messages.
    pub(super) example: String,
}

impl<'a> Profiles<'a> {
    pub(super) fn new(candidates: &'a [Vec<StrategySpec>]) -> Self {
        let ordered: Vec<Vec<&str>> = candidates
            .iter()
            .map(|specs| specs.iter().map(|spec| spec.label.as_str()).collect())
            .collect();
        let labels = ordered
            .iter()
            .map(|labels| labels.iter().copied().collect())
            .collect();
        let lengths = ordered
            .iter()
            .map(|labels| {
                let mut lengths: Vec<usize> = labels.iter().map(|label| label.len()).collect();
                lengths.sort_unstable();
                lengths.dedup();
                lengths
            })
            .collect();
        let longest = ordered
            .iter()
            .map(|labels| labels.iter().map(|label| label.len()).max().unwrap_or(0))
            .sum::<usize>()
            + VS.len() * ordered.len().saturating_sub(1);
        let example = ordered
            .iter()
            .map(|labels| labels.first().copied().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(VS);
        Profiles {
            ordered,
            labels,
            lengths,
            longest,
            example,
        }
    }

    /// True when `text` is some profile's label. The positions where each player's label may
    /// start are carried from player to player; each is tried with every label length of the
    /// player, so the cost stays near the text's length whatever the number of profiles.
    pub(super) fn contains(&self, text: &str) -> bool {
        if text.len() > self.longest || self.labels.is_empty() {
            return false;
        }
        let last = self.labels.len() - 1;
        let mut starts = vec![0];
        for (player, (labels, lengths)) in self.labels.iter().zip(&self.lengths).enumerate() {
            let mut next = Vec::new();
            for &start in &starts {
                for &length in lengths {
                    let end = start + length;
                    let fits = if player == last {
                        end == text.len()
                    } else {
                        text.get(end..).is_some_and(|rest| rest.starts_with(VS))
                    };
                    if fits && text.get(start..end).is_some_and(|l| labels.contains(l)) {
                        next.push(end + VS.len());
                    }
                }
            }
            next.sort_unstable();
            next.dedup();
            if next.is_empty() {
                return false;
            }
            starts = next;
        }
        true
    }

    /// A profile for a mistyped one: split at `" vs "`, each part its player's label or the
    /// nearest one. `None` unless every part finds a label and the result is a profile.
    pub(super) fn nearest(&self, text: &str) -> Option<String> {
        let parts: Vec<&str> = text.split(VS).collect();
        if parts.len() != self.ordered.len() {
            return None;
        }
        let mut chosen = Vec::with_capacity(parts.len());
        for (part, labels) in parts.iter().zip(&self.ordered) {
            if labels.contains(part) {
                chosen.push(part.to_string());
            } else if labels.len() <= MAX_SUGGESTION_CANDIDATES {
                chosen.push(nearest_name(part, labels)?);
            } else {
                return None;
            }
        }
        let suggestion = chosen.join(VS);
        self.contains(&suggestion).then_some(suggestion)
    }
}

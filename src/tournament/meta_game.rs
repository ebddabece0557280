//! The strategy meta-game: candidate strategies as actions and their Monte Carlo mean payoffs
//! as the payoffs. Best replies (shared with the sweeps' best_replies.csv) and pure Nash
//! equilibria, each with how far it stands clear of the sampling uncertainty.

/// A mean payoff with its 95% interval and standard error, as estimated over replicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    /// The standard error of the mean; 0 when every replicate gave the same value, NaN for one.
    pub standard_error: f64,
}

impl Estimate {
    /// An estimate known exactly (a hand-made payoff matrix).
    pub fn exact(mean: f64) -> Estimate {
        Estimate {
            mean,
            ci95_low: mean,
            ci95_high: mean,
            standard_error: 0.0,
        }
    }
}

/// The candidates' order for a best reply: descending by mean, ties in listed order (a stable
/// sort), so the best is `order[0]` and the runner-up `order[1]`.
pub fn reply_order(entries: &[Estimate]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    // NaN (never produced for a mean of finite payoffs) would sort as a tie.
    order.sort_by(|&a, &b| {
        entries[b]
            .mean
            .partial_cmp(&entries[a].mean)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    order
}

/// One player's best reply to a fixed profile of the others.
#[derive(Debug, Clone, PartialEq)]
pub struct BestReply {
    /// Every candidate with the highest mean, in listed order (more than one is a tie).
    pub best: Vec<usize>,
    /// The candidate ranked second (a tied best when there is a tie); `None` for a lone one.
    pub runner_up: Option<usize>,
    /// The best mean minus the runner-up's (0 in a tie); NaN without a runner-up.
    pub margin: f64,
    /// True when the best's interval lies wholly above the runner-up's; `None` when either
    /// interval is undefined (one replicate) or there is no runner-up.
    pub separated: Option<bool>,
}

pub fn best_reply(entries: &[Estimate]) -> BestReply {
    let order = reply_order(entries);
    let Some(&first) = order.first() else {
        return BestReply {
            best: Vec::new(),
            runner_up: None,
            margin: f64::NAN,
            separated: None,
        };
    };
    let top = entries[first].mean;
    let mut best: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].mean == top)
        .collect();
    if best.is_empty() {
        best.push(first);
    }
    let runner_up = order.get(1).copied();
    let (margin, separated) = match runner_up {
        Some(second) => (
            top - entries[second].mean,
            separation(&entries[first], &entries[second]),
        ),
        None => (f64::NAN, None),
    };
    BestReply {
        best,
        runner_up,
        margin,
        separated,
    }
}

/// Whether `a`'s interval lies wholly above `b`'s; `None` when either is undefined.
fn separation(a: &Estimate, b: &Estimate) -> Option<bool> {
    if a.ci95_low.is_nan() || b.ci95_high.is_nan() {
        None
    } else {
        Some(a.ci95_low > b.ci95_high)
    }
}

/// A game in normal form over candidate strategies: `counts[p]` candidates for player p, and an
/// estimate per profile and player. Profiles are numbered with the last player's candidate
/// changing fastest (the order of a run's cells).
#[derive(Debug, Clone, PartialEq)]
pub struct MetaGame {
    pub counts: Vec<usize>,
    /// `payoffs[profile * players + player]`.
    pub payoffs: Vec<Estimate>,
}

impl MetaGame {
    /// A two-player game from row-major matrices (`rows × columns` each): the row player's
    /// payoffs and the column player's.
    pub fn bimatrix(rows: usize, columns: usize, row: &[Estimate], column: &[Estimate]) -> Self {
        let payoffs = row.iter().zip(column).flat_map(|(r, c)| [*r, *c]).collect();
        MetaGame {
            counts: vec![rows, columns],
            payoffs,
        }
    }

    /// The symmetric two-player game of a round robin: `matrix[i * k + j]` is the payoff to
    /// strategy i against j, whichever seat it takes.
    pub fn symmetric(k: usize, matrix: &[Estimate]) -> Self {
        let transposed: Vec<Estimate> =
            (0..k * k).map(|at| matrix[(at % k) * k + at / k]).collect();
        MetaGame::bimatrix(k, k, matrix, &transposed)
    }

    fn players(&self) -> usize {
        self.counts.len()
    }

    fn profile_index(&self, profile: &[usize]) -> usize {
        profile
            .iter()
            .zip(&self.counts)
            .fold(0, |index, (choice, count)| index * count + choice)
    }

    /// The profile numbered `index` (the last player's candidate changing fastest).
    pub fn profile_of(&self, mut index: usize) -> Vec<usize> {
        let mut profile = vec![0; self.players()];
        for (slot, count) in profile.iter_mut().zip(&self.counts).rev() {
            *slot = index % count;
            index /= count;
        }
        profile
    }

    pub fn payoff(&self, profile: &[usize], player: usize) -> &Estimate {
        &self.payoffs[self.profile_index(profile) * self.players() + player]
    }

    /// `player`'s estimates for each of its candidates, the others playing as in `profile`.
    pub fn alternatives(&self, profile: &[usize], player: usize) -> Vec<Estimate> {
        let mut varied = profile.to_vec();
        (0..self.counts[player])
            .map(|candidate| {
                varied[player] = candidate;
                *self.payoff(&varied, player)
            })
            .collect()
    }

    /// Every profile in which each player's candidate is a best reply to the others' (ties
    /// count: a candidate as good as the best is a best reply), in profile order.
    pub fn pure_equilibria(&self) -> Vec<Equilibrium> {
        let total: usize = self.counts.iter().product();
        (0..total)
            .filter_map(|index| {
                let profile = self.profile_of(index);
                let stability: Option<Vec<Stability>> = (0..self.players())
                    .map(|player| self.stability(&profile, player))
                    .collect();
                stability.map(|players| Equilibrium { profile, players })
            })
            .collect()
    }

    /// How `player`'s candidate in `profile` stands against its best alternative; `None` when
    /// an alternative does strictly better.
    fn stability(&self, profile: &[usize], player: usize) -> Option<Stability> {
        let entries = self.alternatives(profile, player);
        let own = entries[profile[player]];
        let alternative = (0..entries.len())
            .filter(|&candidate| candidate != profile[player])
            .max_by(|&a, &b| {
                // The first listed among equal means, as best replies break ties.
                entries[a]
                    .mean
                    .partial_cmp(&entries[b].mean)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(b.cmp(&a))
            });
        let Some(alternative) = alternative else {
            return Some(Stability {
                alternative: None,
                margin: f64::NAN,
                z: f64::NAN,
                separated: None,
            });
        };
        let other = entries[alternative];
        let margin = own.mean - other.mean;
        if margin < 0.0 {
            return None;
        }
        let spread = own.standard_error.hypot(other.standard_error);
        let z = if spread > 0.0 {
            margin / spread
        } else if margin > 0.0 {
            f64::INFINITY
        } else {
            0.0
        };
        Some(Stability {
            alternative: Some(alternative),
            margin,
            z,
            separated: separation(&own, &other),
        })
    }
}

/// A pure Nash equilibrium of a meta-game and how robust each player's part of it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Equilibrium {
    pub profile: Vec<usize>,
    pub players: Vec<Stability>,
}

impl Equilibrium {
    /// True when every player's candidate beats its best alternative with intervals apart: the
    /// equilibrium survives the Monte Carlo uncertainty. A player without alternatives counts
    /// as robust.
    pub fn robust(&self) -> bool {
        self.players
            .iter()
            .all(|stability| stability.alternative.is_none() || stability.separated == Some(true))
    }
}

/// One player's incentive to stay in an equilibrium.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stability {
    /// The player's best other candidate; `None` when it has no other.
    pub alternative: Option<usize>,
    /// Own mean minus the best alternative's: ≥ 0, and 0 in a tie (a weak equilibrium).
    pub margin: f64,
    /// The margin in standard errors of the difference (independent estimates); infinite when
    /// both are exact and the margin positive.
    pub z: f64,
    /// The two 95% intervals are apart; `None` when one is undefined.
    pub separated: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(values: &[f64]) -> Vec<Estimate> {
        values.iter().map(|&v| Estimate::exact(v)).collect()
    }

    fn profiles(game: &MetaGame) -> Vec<Vec<usize>> {
        game.pure_equilibria()
            .into_iter()
            .map(|e| e.profile)
            .collect()
    }

    #[test]
    fn the_prisoners_dilemma_has_mutual_defection_as_its_only_equilibrium() {
        // C, D with R, S, T, P = 3, 0, 5, 1: D strictly dominates.
        let game = MetaGame::symmetric(2, &exact(&[3.0, 0.0, 5.0, 1.0]));
        assert_eq!(profiles(&game), vec![vec![1, 1]]);
        let equilibrium = &game.pure_equilibria()[0];
        // Deviating to C loses P − S = 1 for either player.
        assert_eq!(equilibrium.players[0].margin, 1.0);
        assert_eq!(equilibrium.players[1].z, f64::INFINITY);
        assert!(equilibrium.robust());
    }

    #[test]
    fn coordination_games_have_both_pure_equilibria_and_matching_pennies_none() {
        // Stag hunt: (4,4) and (3,3) are equilibria, the mixed pairs are not.
        let stag = MetaGame::symmetric(2, &exact(&[4.0, 0.0, 3.0, 3.0]));
        assert_eq!(profiles(&stag), vec![vec![0, 0], vec![1, 1]]);
        // Matching pennies: the row wants to match, the column to mismatch.
        let row = exact(&[1.0, -1.0, -1.0, 1.0]);
        let column = exact(&[-1.0, 1.0, 1.0, -1.0]);
        assert!(profiles(&MetaGame::bimatrix(2, 2, &row, &column)).is_empty());
    }

    #[test]
    fn ties_are_best_replies_and_weak_equilibria_report_a_zero_margin() {
        // Row indifferent between its two candidates against column 0; column prefers 0.
        let row = exact(&[2.0, 1.0, 2.0, 0.0]);
        let column = exact(&[5.0, 1.0, 5.0, 1.0]);
        let game = MetaGame::bimatrix(2, 2, &row, &column);
        assert_eq!(profiles(&game), vec![vec![0, 0], vec![1, 0]]);
        for equilibrium in game.pure_equilibria() {
            assert_eq!(equilibrium.players[0].margin, 0.0);
            assert_eq!(equilibrium.players[0].z, 0.0);
            assert!(!equilibrium.robust());
        }
        let reply = best_reply(&game.alternatives(&[0, 0], 0));
        assert_eq!(reply.best, vec![0, 1]);
        assert_eq!(reply.margin, 0.0);
    }

    #[test]
    fn a_three_by_two_game_finds_the_equilibrium_by_hand() {
        // Row: 3 candidates, column: 2. Best replies by hand: to column 0 the row plays 2 (4
        // against 1 and 0), to column 1 the row plays 0 (3). Column's best reply to row 2 is 0
        // (2 > 1), to row 0 is 0 (1 > 0). So (2, 0) is the one equilibrium; the row's best
        // alternative there is candidate 0 (1), the column's is 1 (1).
        let row = exact(&[1.0, 3.0, 0.0, 2.0, 4.0, 1.0]);
        let column = exact(&[1.0, 0.0, 0.0, 3.0, 2.0, 1.0]);
        let game = MetaGame::bimatrix(3, 2, &row, &column);
        assert_eq!(profiles(&game), vec![vec![2, 0]]);
        let equilibrium = &game.pure_equilibria()[0];
        assert_eq!(equilibrium.players[0].alternative, Some(0));
        assert_eq!(equilibrium.players[0].margin, 3.0);
        assert_eq!(equilibrium.players[1].margin, 1.0);
    }

    #[test]
    fn overlapping_intervals_make_an_equilibrium_fragile() {
        let noisy = |mean: f64| Estimate {
            mean,
            ci95_low: mean - 0.5,
            ci95_high: mean + 0.5,
            standard_error: 0.25,
        };
        // D beats C by 0.2 for each player, well inside the intervals.
        let matrix = [noisy(3.0), noisy(0.0), noisy(3.2), noisy(0.2)];
        let game = MetaGame::symmetric(2, &matrix);
        let equilibria = game.pure_equilibria();
        assert_eq!(equilibria.len(), 1);
        assert_eq!(equilibria[0].profile, vec![1, 1]);
        assert!(!equilibria[0].robust());
        let z = equilibria[0].players[0].z;
        assert!((z - 0.2 / (0.25f64 * 2f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn a_three_player_game_checks_every_unilateral_deviation() {
        // Each of three players gets 1 when all match and 0 otherwise: (0,0,0) and (1,1,1).
        let mut payoffs = Vec::new();
        for index in 0..8usize {
            let bits = [index >> 2 & 1, index >> 1 & 1, index & 1];
            let all_match = bits.iter().all(|&b| b == bits[0]);
            payoffs.extend(exact(&[f64::from(u8::from(all_match)); 3]));
        }
        let game = MetaGame {
            counts: vec![2, 2, 2],
            payoffs,
        };
        assert_eq!(profiles(&game), vec![vec![0, 0, 0], vec![1, 1, 1]]);
    }
}

//! `[relations]`: which joint actions of a pair of players count as amity, and Dittmer's (1981)
//! strategic-triangle configurations that the amity of three pairs makes.

/// One named pair: its players (as the scenario names them, first then second) and, for every
/// joint action of the two, whether it counts as amity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub first: usize,
    pub second: usize,
    /// `first_action * second_actions + second_action` → amity.
    pub amity: Vec<bool>,
    pub second_actions: usize,
    /// In a three-player game, the pair's bit in an amity pattern ([`pattern_bit`]).
    pub bit: u8,
}

impl Pair {
    /// True when the two players' actions in `actions` (every player's) count as amity.
    #[inline]
    pub fn in_amity(&self, actions: &[usize]) -> bool {
        let first = actions.get(self.first).copied().unwrap_or(0);
        let second = actions.get(self.second).copied().unwrap_or(0);
        self.amity
            .get(first * self.second_actions + second)
            .copied()
            .unwrap_or(false)
    }
}

/// The validated `[relations]` table: its pairs in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relations {
    pub pairs: Vec<Pair>,
    /// True in a three-player game: every pair is named and each round has a configuration.
    pub triangle: bool,
}

/// Amity patterns of a triangle: one bit per pair, so 2³.
pub const PATTERNS: usize = 8;

/// The bit of the pair of players `a` and `b` (0, 1, 2, in either order) in a three-player
/// amity pattern: 0 for players 0 and 1, 1 for 0 and 2, 2 for 1 and 2.
pub fn pattern_bit(a: usize, b: usize) -> u8 {
    (a + b).saturating_sub(1).min(2) as u8
}

/// Dittmer's configurations of a strategic triangle, players numbered 0, 1, 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Configuration {
    /// All three pairs in amity.
    MenageATrois,
    /// Exactly two pairs in amity: the pivot is in both, the other two (the wings) are not in
    /// amity with each other.
    RomanticTriangle { pivot: usize },
    /// Exactly one pair in amity, both against the third player.
    StableMarriage { pair: [usize; 2] },
    /// No pair in amity.
    UnitVeto,
}

/// The configuration of an amity pattern (bits as [`pattern_bit`] numbers them).
pub fn configuration(pattern: u8) -> Configuration {
    let amity = |a, b| pattern >> pattern_bit(a, b) & 1 == 1;
    let pairs = [[0, 1], [0, 2], [1, 2]];
    let in_amity: Vec<[usize; 2]> = pairs.into_iter().filter(|[a, b]| amity(*a, *b)).collect();
    match in_amity.as_slice() {
        [] => Configuration::UnitVeto,
        [pair] => Configuration::StableMarriage { pair: *pair },
        [one, other] => {
            // The player both pairs share.
            let pivot = one
                .iter()
                .copied()
                .find(|player| other.contains(player))
                .unwrap_or(0);
            Configuration::RomanticTriangle { pivot }
        }
        _ => Configuration::MenageATrois,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eight_amity_patterns_make_dittmers_four_configurations() {
        // Players J (0), R (1), C (2); bits JR = 1, JC = 2, RC = 4. Each line written out from
        // the definitions, not computed.
        use Configuration::*;
        let expected = [
            (0b000, UnitVeto),
            (0b001, StableMarriage { pair: [0, 1] }), // J–R marry against C
            (0b010, StableMarriage { pair: [0, 2] }), // J–C against R
            (0b100, StableMarriage { pair: [1, 2] }), // R–C against J
            (0b011, RomanticTriangle { pivot: 0 }),   // J friends with R and C; R, C wings
            (0b101, RomanticTriangle { pivot: 1 }),   // R friends with J and C
            (0b110, RomanticTriangle { pivot: 2 }),   // C friends with J and R
            (0b111, MenageATrois),
        ];
        for (pattern, configuration_expected) in expected {
            assert_eq!(
                configuration(pattern),
                configuration_expected,
                "{pattern:03b}"
            );
        }
        assert_eq!(
            (pattern_bit(0, 1), pattern_bit(2, 0), pattern_bit(1, 2)),
            (0, 1, 2)
        );
    }
}

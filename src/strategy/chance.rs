//! Bernoulli draws as integer comparisons against precomputed thresholds.

use super::Move;
use rand::Rng;

/// A probability compiled for the hot loop. Certain and impossible events draw nothing, so a
/// deterministic strategy never touches the random stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chance {
    Never,
    Always,
    /// Happens when a uniform `u64` is below this threshold (p × 2⁶⁴).
    Below(u64),
}

impl Chance {
    pub fn new(probability: f64) -> Chance {
        if probability.is_nan() || probability <= 0.0 {
            Chance::Never
        } else if probability >= 1.0 {
            Chance::Always
        } else {
            // p < 1 so the product is below 2⁶⁴; `as` saturates anyway.
            Chance::Below((probability * 18_446_744_073_709_551_616.0) as u64)
        }
    }

    /// C when the chance happens, else D: a chance of cooperating, played.
    #[inline]
    pub fn play<R: Rng + ?Sized>(self, rng: &mut R) -> Move {
        Move::from_defected(!self.happens(rng))
    }

    #[inline]
    pub fn happens<R: Rng + ?Sized>(self, rng: &mut R) -> bool {
        match self {
            Chance::Never => false,
            Chance::Always => true,
            Chance::Below(threshold) => rng.next_u64() < threshold,
        }
    }

    pub fn is_random(&self) -> bool {
        matches!(self, Chance::Below(_))
    }

    pub fn probability(self) -> f64 {
        match self {
            Chance::Never => 0.0,
            Chance::Always => 1.0,
            Chance::Below(threshold) => threshold as f64 / 18_446_744_073_709_551_616.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn extremes_draw_nothing() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut untouched = rng.clone();
        assert!(!Chance::new(0.0).happens(&mut rng));
        assert!(Chance::new(1.0).happens(&mut rng));
        assert!(!Chance::new(-0.5).happens(&mut rng));
        assert_eq!(rng.next_u64(), untouched.next_u64());
    }

    #[test]
    fn frequency_matches_probability_within_four_standard_errors() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let trials = 200_000;
        for p in [0.1, 1.0 / 3.0, 0.5, 0.9] {
            let chance = Chance::new(p);
            let hits = (0..trials).filter(|_| chance.happens(&mut rng)).count();
            let standard_error = (p * (1.0 - p) / trials as f64).sqrt();
            let observed = hits as f64 / trials as f64;
            assert!(
                (observed - p).abs() < 4.0 * standard_error,
                "p={p} observed={observed}"
            );
        }
    }

    #[test]
    fn threshold_round_trips_the_probability() {
        for p in [0.25, 0.5, 0.125] {
            assert_eq!(Chance::new(p).probability(), p);
        }
    }
}

//! The 0.975 quantile of Student's t distribution, by a method that always terminates.
//!
//! statrs inverts the regularized incomplete beta function iteratively; for tens of millions of
//! degrees of freedom that iteration never converges and the run hangs after simulating. Up to
//! [`EXPANSION_FROM`] degrees of freedom statrs is used (every integer df in that range is
//! tested to finish); above, the Cornish–Fisher expansion of the t quantile in 1/ν
//! (Abramowitz and Stegun 26.7.5) around the normal quantile, whose first omitted term is of
//! order ν⁻⁵ (below 1e-14 at ν = 1000).

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Degrees of freedom from which the expansion replaces statrs.
pub const EXPANSION_FROM: f64 = 1000.0;

/// The standard normal 0.975 quantile, z such that Φ(z) = 0.975.
pub const Z_975: f64 = 1.959_963_984_540_054;

/// t such that P(T ≤ t) = 0.975 for Student's t with `df` degrees of freedom; NaN for df that
/// is not positive or is NaN; the normal quantile for infinite df.
pub fn t_975(df: f64) -> f64 {
    if df.is_nan() || df <= 0.0 {
        f64::NAN
    } else if df >= EXPANSION_FROM {
        cornish_fisher(Z_975, df)
    } else {
        StudentsT::new(0.0, 1.0, df)
            .map(|distribution| distribution.inverse_cdf(0.975))
            .unwrap_or(f64::NAN)
    }
}

/// Abramowitz and Stegun 26.7.5: t_p(ν) = x + g₁(x)/ν + g₂(x)/ν² + g₃(x)/ν³ + g₄(x)/ν⁴, with x
/// the normal quantile of the same p.
pub fn cornish_fisher(x: f64, df: f64) -> f64 {
    let x2 = x * x;
    let g1 = (x2 + 1.0) * x / 4.0;
    let g2 = ((5.0 * x2 + 16.0) * x2 + 3.0) * x / 96.0;
    let g3 = (((3.0 * x2 + 19.0) * x2 + 17.0) * x2 - 15.0) * x / 384.0;
    let g4 = ((((79.0 * x2 + 776.0) * x2 + 1482.0) * x2 - 1920.0) * x2 - 945.0) * x / 92160.0;
    let v = 1.0 / df;
    x + v * (g1 + v * (g2 + v * (g3 + v * g4)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn statrs_t(df: f64) -> f64 {
        StudentsT::new(0.0, 1.0, df).unwrap().inverse_cdf(0.975)
    }

    #[test]
    fn every_integer_df_below_the_threshold_is_finite_and_quick() {
        let start = Instant::now();
        let mut previous = f64::INFINITY;
        for df in 1..EXPANSION_FROM as u32 {
            let t = t_975(f64::from(df));
            assert!(t.is_finite() && t > Z_975, "df {df}: {t}");
            // The quantile falls as the tails thin.
            assert!(t < previous, "df {df}: {t} after {previous}");
            previous = t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn published_table_values() {
        // Student's t tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), 0.975 quantiles.
        for (df, table) in [
            (1.0, 12.706),
            (2.0, 4.303),
            (10.0, 2.228),
            (30.0, 2.042),
            (100.0, 1.984),
        ] {
            assert!((t_975(df) - table).abs() < 5e-4, "df {df}: {}", t_975(df));
        }
        assert!(
            (t_975(1000.0) - 1.962_339).abs() < 5e-7,
            "{}",
            t_975(1000.0)
        );
        assert!((t_975(f64::INFINITY) - 1.959_964).abs() < 5e-7);
        assert_eq!(t_975(f64::INFINITY), Z_975);
        assert!(t_975(0.0).is_nan() && t_975(-3.0).is_nan() && t_975(f64::NAN).is_nan());
    }

    /// 0.975 quantiles computed with mpmath at 40 digits (findroot of 1 − I_{ν/(ν+t²)}(ν/2, ½)/2
    /// = 0.975), an independent arbitrary-precision reference, digits as printed.
    #[allow(clippy::excessive_precision)]
    const MPMATH: [(f64, f64); 13] = [
        (1.0, 12.706_204_736_174_704),
        (2.0, 4.302_652_729_749_464),
        (10.0, 2.228_138_851_986_274_7),
        (999.0, 1.962_341_461_133_45),
        (1000.0, 1.962_339_080_826_408_5),
        (1001.0, 1.962_336_705_280_88),
        (1500.0, 1.961_546_753_895_018_7),
        (2500.0, 1.960_913_344_795_567_3),
        (5000.0, 1.960_438_551_706_508),
        (12_345.0, 1.960_156_167_600_567_2),
        (30_000.0, 1.960_043_063_383_935),
        (65_536.0, 1.960_000_183_183_529_6),
        (100_000.0, 1.959_987_707_534_609_6),
    ];

    #[test]
    fn every_df_agrees_with_the_arbitrary_precision_reference() {
        for (df, reference) in MPMATH {
            let ours = t_975(df);
            assert!(
                (ours - reference).abs() < 1e-10,
                "df {df}: {ours} vs {reference}"
            );
        }
        // The expansion alone is already this close just below the switch.
        assert!((cornish_fisher(Z_975, 999.0) - 1.962_341_461_133_45).abs() < 1e-12);
    }

    #[test]
    fn the_expansion_agrees_with_statrs_where_statrs_is_accurate() {
        // statrs's inversion loses digits as df grows (at 30 000 it is 6.5e-7 off the mpmath
        // value, which the expansion matches to 1e-15), so the 1e-9 comparison stops at 5000.
        for df in [1000.0, 1001.0, 1500.0, 2500.0, 5000.0] {
            let (ours, reference) = (cornish_fisher(Z_975, df), statrs_t(df));
            assert!(
                (ours - reference).abs() < 1e-9,
                "df {df}: {ours} vs statrs {reference}"
            );
        }
    }

    #[test]
    fn the_whole_range_up_to_a_billion_df_terminates_and_decreases() {
        let start = Instant::now();
        let mut previous = t_975(1.0);
        // Every power of 10 in steps of 10^0.01, from 1 to 10^9 df.
        for step in 1..=900 {
            let df = 10f64.powf(f64::from(step) / 100.0).round();
            let t = t_975(df);
            assert!(t.is_finite() && t >= Z_975 && t <= previous, "df {df}: {t}");
            previous = t;
        }
        for df in [1.5e7, 1e8, 999_999_999.0, 1e9] {
            let t = t_975(df);
            assert!((t - Z_975).abs() < 1e-6, "df {df}: {t}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
    }
}

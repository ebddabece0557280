//! What one chart asks for: the `[[charts]]` entries of a scenario, recorded in the manifest so
//! `dilemma plot` re-makes the same figures, and the defaults used without them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The chart kinds every scenario can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// A dot plot: one row per profile holding every player's mean and 95% interval.
    Payoffs,
    /// Two players: one panel per player, rows the first player's candidates, columns the
    /// second's, each square coloured by and printed with the player's mean.
    Heatmap,
    /// Small multiples: one panel per profile, a metric per round (action shares by default).
    Rounds,
    /// A sweep's metric against its parameter, one figure per player: a panel per profile of
    /// the other players, a line (with its 95% band) per candidate of the player. Over two swept
    /// parameters, a map per profile coloured by the metric.
    Sweep,
    /// A sweep's best replies, one map per player: which candidate wins at each point.
    BestReply,
    /// Stacked areas: one panel per profile, the share of replicates in each joint action per
    /// round (joint.csv).
    Joint,
    /// `[relations]`: one panel per profile, the triangle's configurations stacked per round
    /// (relations.csv); with other than three players, each pair's amity as a line.
    Relations,
}

impl ChartKind {
    pub const ALL: [ChartKind; 7] = [
        ChartKind::Payoffs,
        ChartKind::Heatmap,
        ChartKind::Rounds,
        ChartKind::Sweep,
        ChartKind::BestReply,
        ChartKind::Joint,
        ChartKind::Relations,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Payoffs => "payoffs",
            ChartKind::Heatmap => "heatmap",
            ChartKind::Rounds => "rounds",
            ChartKind::Sweep => "sweep",
            ChartKind::BestReply => "best_reply",
            ChartKind::Joint => "joint",
            ChartKind::Relations => "relations",
        }
    }

    /// True for the kinds that draw every point of a sweep; the others show one point.
    pub fn spans_sweep(self) -> bool {
        matches!(self, ChartKind::Sweep | ChartKind::BestReply)
    }
}

/// The file formats of a chart, all rendered from one SVG drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Svg,
    Pdf,
    Png,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Svg, Format::Pdf, Format::Png];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Pdf => "pdf",
            Format::Png => "png",
        }
    }

    /// `svg`, `pdf` or `png`, in any case.
    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|format| format.extension().eq_ignore_ascii_case(text.trim()))
    }
}

/// One chart as a scenario's `[[charts]]` entry writes it. Every field but `kind` is optional;
/// what is left out takes the kind's default when the chart is drawn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    pub kind: Option<ChartKind>,
    /// File name without extension (letters, digits, `-`, `_`); default from the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `mean_payoff`, `share_<action>`, `constrained_share` or `misperceived_share` (payoffs,
    /// heatmap, sweep); `share_<action>`, `mean_payoff` or `state_<variable>` (rounds; default:
    /// every action's share, less the redundant complement in a two-action game).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Rounds: every profile's line in one panel (a colour each) instead of a panel each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlay: Option<bool>,
    /// In a sweep, the grid point a payoffs, heatmap or rounds chart shows: every swept
    /// parameter's value, as summary.csv writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<BTreeMap<String, f64>>,
    /// Profile labels as in summary.csv (`"tit_for_tat vs always_defect"`); default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// Player names; default all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub players: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y_label: Option<String>,
    /// A length with its unit: `"3.5in"`, `"89mm"`, `"8.9cm"`, `"252pt"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<String>,
    /// Base font size in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_size: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formats: Option<Vec<Format>>,
    /// PNG resolution in dots per inch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi: Option<u32>,
}

/// Points per inch: lengths are held in points, PDF's and typography's unit.
pub const POINTS_PER_INCH: f64 = 72.0;

/// Narrowest and widest chart, in points (1 inch to 20 inches): narrower leaves no room for a
/// label, wider than any page.
pub const LENGTH_RANGE_PT: (f64, f64) = (72.0, 1440.0);

/// Smallest and largest base font size in points.
pub const FONT_SIZE_RANGE_PT: (f64, f64) = (4.0, 24.0);

/// Lowest and highest PNG resolution.
pub const DPI_RANGE: (u32, u32) = (50, 1200);

/// Most pixels along either side of a PNG: 20 inches at 600 dpi. Width × dpi beyond it is
/// refused with the size it would have been.
pub const MAX_PNG_SIDE: u32 = 12_000;

/// Pixels along one side of a PNG `length_pt` points long at `dpi`: inches × dpi, rounded.
pub fn png_pixels(length_pt: f64, dpi: u32) -> f64 {
    (length_pt / POINTS_PER_INCH * f64::from(dpi)).round()
}

/// A length such as `3.5in`, `89mm`, `8.9cm` or `252pt`, in points; the message says what is
/// wrong and what is expected.
pub fn parse_length(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    // Points per unit as a fraction, multiplied before dividing: 508mm is then exactly 1440pt
    // (20in, the widest chart), where `508.0 * (72.0 / 25.4)` is 1440.0000000000002.
    let (per_unit, divisor) = match unit.to_ascii_lowercase().as_str() {
        "in" => (POINTS_PER_INCH, 1.0),
        "pt" => (1.0, 1.0),
        "mm" => (POINTS_PER_INCH * 10.0, 254.0),
        "cm" => (POINTS_PER_INCH * 100.0, 254.0),
        _ => {
            return Err(format!(
                "expected a length with a unit, such as \"3.5in\", \"89mm\", \"8.9cm\" or \
                 \"252pt\", found {:?}",
                crate::text::echo(text)
            ));
        }
    };
    let value: f64 = number
        .trim()
        .parse()
        .ok()
        .filter(|value: &f64| value.is_finite())
        .ok_or_else(|| {
            format!(
                "expected a number before the unit, such as \"3.5in\", found {:?}",
                crate::text::echo(text)
            )
        })?;
    let points = value * per_unit / divisor;
    let (low, high) = LENGTH_RANGE_PT;
    if !(low..=high).contains(&points) {
        return Err(format!(
            "{} is outside the range of chart sizes, 1in to 20in",
            crate::text::echo(text)
        ));
    }
    Ok(points)
}

/// True for a usable file stem: 1 to 64 ASCII letters, digits, `-` and `_`, not starting with
/// `-`. (Chart extensions differ from the tables', so `summary` or `rounds` clash with nothing.)
pub fn is_valid_file_stem(stem: &str) -> bool {
    (1..=64).contains(&stem.len())
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !stem.starts_with('-')
}

/// A chart's file name when its entry sets no `file`: the kind's name, with the profile when the
/// chart shows exactly one (`rounds_tit_for_tat-vs-always_defect`), and a sweep chart's metric
/// unless it is the mean payoff (`sweep_share_C`). A sweep or best-reply chart's files add the
/// player to this stem ([`player_stem`]).
pub fn default_stem(kind: ChartKind, profiles: Option<&[String]>, metric: Option<&str>) -> String {
    match (kind, profiles, metric) {
        (ChartKind::Sweep, _, Some(metric)) if metric != "mean_payoff" => {
            format!("sweep_{}", crate::display::file_slug(metric))
        }
        (ChartKind::Sweep | ChartKind::BestReply, _, _) => kind.name().to_string(),
        (_, Some([profile]), _) => {
            format!("{}_{}", kind.name(), crate::display::file_slug(profile))
        }
        _ => kind.name().to_string(),
    }
}

/// The file stem of one player's figure of a chart drawn per player (sweep, best reply).
pub fn player_stem(stem: &str, player: &str) -> String {
    format!("{stem}_{}", crate::display::file_slug(player))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_convert_to_points() {
        // 1 in = 72 pt = 25.4 mm exactly (the international inch).
        assert_eq!(parse_length("3.5in"), Ok(252.0));
        assert_eq!(parse_length(" 7in "), Ok(504.0));
        assert_eq!(parse_length("252pt"), Ok(252.0));
        assert!((parse_length("88.9mm").unwrap() - 252.0).abs() < 1e-9);
        assert!((parse_length("8.89cm").unwrap() - 252.0).abs() < 1e-9);
        // The metric spellings of the size limits, 1in and 20in, are inside them.
        for (text, points) in [
            ("25.4mm", 72.0),
            ("2.54cm", 72.0),
            ("508mm", 1440.0),
            ("50.8cm", 1440.0),
            ("1in", 72.0),
            ("20in", 1440.0),
            ("1440pt", 1440.0),
        ] {
            assert_eq!(parse_length(text), Ok(points), "{text}");
        }
        for bad in [
            "3.5",
            "in",
            "3.5 furlongs",
            "NaNin",
            "infin",
            "0.5in",
            "21in",
            "-3in",
            "",
        ] {
            assert!(parse_length(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn png_sides_are_inches_times_dpi() {
        // 3.5in at 300 dpi = 1050 px; 20in (1440pt) at 600 dpi is exactly the cap.
        assert_eq!(png_pixels(252.0, 300), 1050.0);
        assert_eq!(png_pixels(1440.0, 600), f64::from(MAX_PNG_SIDE));
        // 508mm is 20in; its conversion to points is not exact in binary, the pixels are.
        let points = parse_length("508mm").unwrap();
        assert_eq!(png_pixels(points, 600), 12_000.0);
    }

    #[test]
    fn file_stems_are_plain_names() {
        assert!(is_valid_file_stem("payoffs_single-column"));
        // Charts are .svg, .pdf and .png: `rounds` does not clash with rounds.csv.
        assert!(is_valid_file_stem("rounds"));
        for bad in ["", "../x", "a/b", "a b", "-x", "a.b", "é", &"x".repeat(65)] {
            assert!(!is_valid_file_stem(bad), "{bad:?} was accepted");
        }
    }
}

//! The one chart style: page sizes in points, the embedded font, the Okabe–Ito palette with line
//! dashes and marker shapes (so series differ in grayscale too), and tick values and labels.

use plotters::style::{
    FontStyle, IntoFont, RGBColor, TextStyle, register_font as plotters_register_font,
};
use std::sync::Once;

/// The family every chart's text names; the SVG says `DejaVu Sans`, and the PNG and PDF render
/// with the embedded copy, so all three formats use the same glyphs and advance widths.
pub const FONT: &str = "DejaVu Sans";

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt), embedded so text
/// renders the same on a machine without fonts; plotters measures labels with it, and resvg
/// and svg2pdf draw them with it.
pub static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// SVG user units per point. plotters draws on an integer grid; a quarter point keeps hairlines
/// (0.5 pt) and marker sizes exact without fractional coordinates.
pub const UNITS_PER_PT: f64 = 4.0;

/// plotters writes `font-size = size / 1.24` (it reserves line spacing in the size it is given),
/// so a font of `p` points is asked for as `p × UNITS_PER_PT × 1.24`.
const PLOTTERS_FONT_FACTOR: f64 = 1.24;

/// The embedded font, parsed once.
fn face() -> &'static ttf_parser::Face<'static> {
    static FACE: std::sync::OnceLock<ttf_parser::Face<'static>> = std::sync::OnceLock::new();
    FACE.get_or_init(|| {
        ttf_parser::Face::parse(DEJAVU_SANS, 0).expect("the embedded DejaVu Sans parses")
    })
}

/// The characters of `text` that the embedded font has no glyph for, each once, in order: the
/// PDF and PNG draw them as empty boxes (the SVG names the font and keeps the text).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let face = face();
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !c.is_control() && face.glyph_index(c).is_none() && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

pub fn register_font() {
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // The bytes are a valid TTF shipped with the crate; a failure here is a packaging bug
        // that the chart tests catch.
        let _ = plotters_register_font(FONT, FontStyle::Normal, DEJAVU_SANS);
    });
}

/// A figure's page size and base font size, in points, with conversions to drawing units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub width_pt: f64,
    pub height_pt: f64,
    /// Axis titles and labels; tick labels are 7/8 of it, the title 9/8.
    pub font_pt: f64,
}

/// Base font size when a chart does not set one: 8 pt, the usual size of figure text in a
/// journal column.
pub const DEFAULT_FONT_PT: f64 = 8.0;

impl Theme {
    /// Drawing units for a length in points.
    pub fn u(&self, pt: f64) -> i32 {
        (pt * UNITS_PER_PT).round() as i32
    }

    /// The canvas in drawing units.
    pub fn canvas(&self) -> (u32, u32) {
        (self.u(self.width_pt) as u32, self.u(self.height_pt) as u32)
    }

    /// Text of `pt` points in black.
    pub fn text_of(&self, pt: f64) -> TextStyle<'static> {
        (FONT, pt * UNITS_PER_PT * PLOTTERS_FONT_FACTOR)
            .into_font()
            .color(&plotters::style::BLACK)
    }

    pub fn label(&self) -> TextStyle<'static> {
        self.text_of(self.font_pt)
    }

    pub fn tick(&self) -> TextStyle<'static> {
        self.text_of(self.font_pt * 0.875)
    }

    pub fn title(&self) -> TextStyle<'static> {
        self.text_of(self.font_pt * 1.125)
    }

    /// Width of `text` in `style`, in drawing units: the sum of the embedded font's advance
    /// widths, which is where resvg and svg2pdf put the glyphs. (plotters' own estimate scales
    /// by the font's height, not its em, and comes out 6% wide.)
    pub fn text_width(&self, text: &str, style: &TextStyle) -> i32 {
        let em = style.font.get_size() / PLOTTERS_FONT_FACTOR;
        let face = face();
        let per_unit = em / f64::from(face.units_per_em());
        let advance: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|glyph| face.glyph_hor_advance(glyph))
                    // A character the font lacks is drawn by a fallback about an em wide.
                    .map_or(u32::from(face.units_per_em()), u32::from)
            })
            .sum();
        (f64::from(advance) * per_unit).ceil() as i32
    }

    /// The height of one line of `style`'s text, in drawing units.
    pub fn line_height(&self, style: &TextStyle) -> i32 {
        (style.font.get_size() / PLOTTERS_FONT_FACTOR * 1.2).ceil() as i32
    }

    /// A hairline for grid and frame: 0.5 pt.
    pub fn hairline(&self) -> u32 {
        self.u(0.5) as u32
    }

    /// A data line: 1 pt.
    pub fn line(&self) -> u32 {
        self.u(1.0) as u32
    }
}

/// Okabe and Ito's eight colours, by their names.
pub(super) mod okabe_ito {
    use plotters::style::RGBColor;
    pub const BLACK: RGBColor = RGBColor(0, 0, 0);
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    pub const SKY_BLUE: RGBColor = RGBColor(86, 180, 233);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0, 158, 115);
    pub const YELLOW: RGBColor = RGBColor(240, 228, 66);
    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(204, 121, 167);
}

/// Okabe and Ito's palette, distinguishable with the common colour-vision deficiencies. Black is
/// last: it is the axes' colour.
pub fn palette(index: usize) -> RGBColor {
    const COLORS: [RGBColor; 7] = [
        okabe_ito::BLUE,
        okabe_ito::VERMILLION,
        okabe_ito::BLUISH_GREEN,
        okabe_ito::REDDISH_PURPLE,
        okabe_ito::ORANGE,
        okabe_ito::SKY_BLUE,
        okabe_ito::BLACK,
    ];
    COLORS[index % COLORS.len()]
}

/// `color` at `alpha` over white, as an opaque colour. Charts use no transparency: svg2pdf
/// turns each translucent shape into a PDF group listed in hash-map order, so the same chart
/// would give a different PDF file each time.
pub fn tint(color: RGBColor, alpha: f64) -> RGBColor {
    let over_white = |channel: u8| (255.0 - (255.0 - f64::from(channel)) * alpha).round() as u8;
    RGBColor(
        over_white(color.0),
        over_white(color.1),
        over_white(color.2),
    )
}

/// The colour of stacked area `index` (at most seven; then they repeat): Okabe and Ito's
/// colours without black, ordered so that neighbouring bands alternate dark and light (their
/// luminance runs 87, 162, 106, 158, 119, 213, 151 of 255), and so stay apart in grayscale.
pub fn area_color(index: usize) -> RGBColor {
    const COLORS: [RGBColor; 7] = [
        okabe_ito::BLUE,
        okabe_ito::ORANGE,
        okabe_ito::BLUISH_GREEN,
        okabe_ito::SKY_BLUE,
        okabe_ito::VERMILLION,
        okabe_ito::YELLOW,
        okabe_ito::REDDISH_PURPLE,
    ];
    COLORS[index % COLORS.len()]
}

/// The band of everything not shown on its own: a light neutral grey, the eighth area colour.
pub const OTHER_AREA: RGBColor = RGBColor(200, 200, 200);

/// The grey of frames, grid lines and secondary marks.
pub const GREY: RGBColor = RGBColor(110, 110, 110);

/// A series' dash pattern in points (dash, gap), `None` for solid: with the palette's order it
/// keeps series apart in grayscale.
pub fn dash(index: usize) -> Option<(f64, f64)> {
    const DASHES: [Option<(f64, f64)>; 4] =
        [None, Some((3.0, 1.5)), Some((1.0, 1.2)), Some((4.0, 1.5))];
    DASHES[index % DASHES.len()]
}

/// A series' marker: shapes differ as well as colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

pub fn marker(index: usize) -> Marker {
    const MARKERS: [Marker; 4] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Diamond,
    ];
    MARKERS[index % MARKERS.len()]
}

/// Round tick values inside [low, high]: about `target` of them, spaced 1, 2, 2.5 or 5 × 10^k
/// apart.
pub fn nice_ticks(low: f64, high: f64, target: usize) -> Vec<f64> {
    if !(low.is_finite() && high.is_finite()) || high <= low {
        return vec![low];
    }
    let rough = (high - low) / target.max(2) as f64;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        // At least 0.7 of the rough step: about `target` ticks over the range.
        .find(|step| *step >= 0.7 * rough)
        .unwrap_or(10.0 * power);
    // 2.2 / 0.02 is 110.00000000000001 in floating point: allow for it at both ends.
    let first = (low / step - 1e-9).ceil() as i64;
    let last = (high / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A tick label with at most four decimals, trailing zeros dropped, never `-0`, and a true
/// minus sign (U+2212, as wide as a digit) rather than a hyphen.
pub fn tick_label(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.replace('-', "\u{2212}")
    }
}

/// A round number as a tick label: whole thousands as `20k` from 10 000 on, so six labels of a
/// long match fit side by side.
pub fn round_label(round: f64) -> String {
    if round >= 10_000.0 && round % 1000.0 == 0.0 {
        format!("{:.0}k", round / 1000.0)
    } else {
        format!("{round:.0}")
    }
}

/// `text` cut to fit `width` units in `style`, ending in `…` when cut.
pub fn fit_text(theme: &Theme, text: &str, style: &TextStyle, width: i32) -> String {
    if theme.text_width(text, style) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // Binary search on the kept prefix: text widths grow with length.
    let (mut keep, mut too_many) = (0, chars.len());
    while keep + 1 < too_many {
        let middle = (keep + too_many) / 2;
        let candidate: String = chars[..middle].iter().chain(['…'].iter()).collect();
        if theme.text_width(&candidate, style) <= width {
            keep = middle;
        } else {
            too_many = middle;
        }
    }
    let kept: String = chars[..keep].iter().collect();
    format!("{}…", kept.trim_end())
}

/// Most lines a profile's name is broken into; a longer remainder is cut with an ellipsis.
pub const MAX_PROFILE_LINES: usize = 3;

/// A profile's name as lines that fit `width`, broken after a " vs " (greedily: each line takes
/// as many strategies as fit), at most [`MAX_PROFILE_LINES`], each cut with an ellipsis if it
/// still does not fit.
pub fn profile_lines(t: &Theme, name: &str, style: &TextStyle, width: i32) -> Vec<String> {
    let parts: Vec<&str> = name.split(" vs ").collect();
    let mut lines: Vec<String> = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        let piece = if index + 1 < parts.len() {
            format!("{part} vs")
        } else {
            (*part).to_string()
        };
        match lines.last_mut() {
            Some(line) if t.text_width(&format!("{line} {piece}"), style) <= width => {
                line.push(' ');
                line.push_str(&piece);
            }
            _ => lines.push(piece),
        }
    }
    if lines.len() > MAX_PROFILE_LINES {
        let rest = lines.split_off(MAX_PROFILE_LINES - 1).join(" ");
        lines.push(rest);
    }
    lines
        .iter()
        .map(|line| fit_text(t, line, style, width))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_inside_the_range() {
        let labels = |ticks: Vec<f64>| ticks.into_iter().map(tick_label).collect::<Vec<_>>();
        assert_eq!(labels(nice_ticks(0.777, 4.1, 4)), ["1", "2", "3", "4"]);
        assert_eq!(
            labels(nice_ticks(-1.34, 3.05, 4)),
            ["\u{2212}1", "0", "1", "2", "3"]
        );
        assert_eq!(
            labels(nice_ticks(2.2, 2.3, 4)),
            ["2.2", "2.22", "2.24", "2.26", "2.28", "2.3"]
        );
        assert_eq!(nice_ticks(3.0, 3.0, 4), [3.0]);
        assert_eq!(nice_ticks(f64::NAN, 3.0, 4).len(), 1);
    }

    #[test]
    fn long_profiles_break_after_vs_and_short_ones_stay_whole() {
        let theme = Theme {
            width_pt: 252.0,
            height_pt: 180.0,
            font_pt: 8.0,
        };
        let style = theme.label();
        let width = theme.text_width("Tit for tat vs Always defect", &style);
        assert_eq!(
            profile_lines(&theme, "Tit for tat vs Grudger", &style, width),
            ["Tit for tat vs Grudger"]
        );
        assert_eq!(
            profile_lines(
                &theme,
                "Tit for tat vs Always defect vs Win stay lose shift",
                &style,
                width
            ),
            ["Tit for tat vs", "Always defect vs", "Win stay lose shift"]
        );
        let many = "A vs B vs C vs D vs E vs F vs G vs H vs I vs J vs K vs L vs M vs N vs O vs P";
        let lines = profile_lines(
            &theme,
            many,
            &style,
            theme.text_width("A vs B vs C", &style),
        );
        assert_eq!(lines.len(), MAX_PROFILE_LINES);
        assert!(
            lines
                .iter()
                .all(|line| theme.text_width(line, &style)
                    <= theme.text_width("A vs B vs C", &style))
        );
        assert!(lines[2].ends_with('…'), "{lines:?}");
    }

    #[test]
    fn glyphs_the_font_lacks_are_named() {
        // DejaVu Sans covers Latin, Greek and Cyrillic, not CJK.
        assert_eq!(missing_glyphs("Курилы & Kuril −1 ±"), Vec::<char>::new());
        assert_eq!(missing_glyphs("北方領土 and 北"), ['北', '方', '領', '土']);
    }

    #[test]
    fn tints_blend_with_white() {
        // 20% of Okabe–Ito blue (0, 114, 178) over white: 255 − 0.2 × (255 − c).
        assert_eq!(tint(RGBColor(0, 114, 178), 0.2), RGBColor(204, 227, 240));
        assert_eq!(tint(RGBColor(1, 2, 3), 1.0), RGBColor(1, 2, 3));
        assert_eq!(tint(RGBColor(1, 2, 3), 0.0), RGBColor(255, 255, 255));
    }

    #[test]
    fn tick_labels_are_short_and_never_negative_zero() {
        assert_eq!(tick_label(1.0), "1");
        assert_eq!(tick_label(-1.3400000000000025), "\u{2212}1.34");
        assert_eq!(tick_label(-0.00001), "0");
        assert_eq!(tick_label(-0.0), "0");
        assert_eq!(tick_label(2.25), "2.25");
    }

    #[test]
    fn long_match_ticks_are_short() {
        assert_eq!(round_label(200_000.0), "200k");
        assert_eq!(round_label(20_000.0), "20k");
        assert_eq!(round_label(5000.0), "5000");
        assert_eq!(round_label(12_500.0), "12500");
        assert_eq!(round_label(1.0), "1");
    }

    #[test]
    fn text_is_measured_with_the_fonts_advance_widths() {
        let theme = Theme {
            width_pt: 252.0,
            height_pt: 180.0,
            font_pt: 10.0,
        };
        // DejaVu Sans: 'l' advances 569 and 'W' 2025 font units of 2048 per em; at 10 pt and
        // 4 units per point one em is 40 units.
        let style = theme.label();
        let ten_l = theme.text_width("llllllllll", &style);
        assert!(
            (ten_l - (10.0 * 569.0 / 2048.0 * 40.0_f64).ceil() as i32).abs() <= 1,
            "{ten_l}"
        );
        let w = theme.text_width("W", &style);
        assert!(
            (w - (2025.0 / 2048.0 * 40.0_f64).ceil() as i32).abs() <= 1,
            "{w}"
        );
        let cut = fit_text(&theme, "Generous tit for tat", &style, ten_l);
        assert!(
            cut.ends_with('…') && theme.text_width(&cut, &style) <= ten_l,
            "{cut}"
        );
    }
}

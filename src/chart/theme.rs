//! Chart styling: the embedded font and a colour-blind-safe palette.

use plotters::style::{FontStyle, RGBColor, register_font as plotters_register_font};
use std::sync::Once;

/// Registered under plotters' default family so every label, legend and tick uses it.
pub const FONT: &str = "sans-serif";

/// DejaVu Sans (Bitstream Vera licence, see assets/fonts/LICENSE-DejaVu.txt), embedded so PNG
/// text renders the same on a machine without fonts; without a registered font plotters'
/// bitmap backend cannot draw text at all.
static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

pub fn register_font() {
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // The bytes are a valid TTF shipped with the crate; a failure here is a packaging bug
        // that the chart tests catch.
        let _ = plotters_register_font(FONT, FontStyle::Normal, DEJAVU_SANS);
    });
}

/// Okabe and Ito's palette, distinguishable with the common colour-vision deficiencies.
pub fn palette(index: usize) -> RGBColor {
    const COLORS: [RGBColor; 7] = [
        RGBColor(0, 114, 178),
        RGBColor(213, 94, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
        RGBColor(0, 0, 0),
    ];
    COLORS[index % COLORS.len()]
}

//! Shared drawing pieces: a linear axis mapping values to drawing units, the legend row above the
//! data, and markers and dashed lines in the theme's styles.

use super::heatmap::viridis;
use super::render::DrawResult;
use super::theme::{self, GREY, Marker, Theme};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Values from `low` to `high` drawn from unit `start` to unit `end` (`end < start` for an
/// upward vertical axis).
#[derive(Debug, Clone, Copy)]
pub struct LinearAxis {
    pub low: f64,
    pub high: f64,
    pub start: i32,
    pub end: i32,
}

impl LinearAxis {
    pub fn map(&self, value: f64) -> i32 {
        let span = if self.high > self.low {
            self.high - self.low
        } else {
            1.0
        };
        let fraction = (value - self.low) / span;
        self.start + (fraction * f64::from(self.end - self.start)).round() as i32
    }
}

/// The smallest and largest finite values, or `None` when there are none.
pub fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let (low, high) = values
        .into_iter()
        .filter(|value| value.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| {
            (low.min(value), high.max(value))
        });
    low.is_finite().then_some((low, high))
}

/// `range` widened by `fraction` of its span on each side (by 0.5 when it is a single value), so
/// markers at the extremes stay inside the frame.
pub fn padded((low, high): (f64, f64), fraction: f64) -> (f64, f64) {
    let pad = if high > low {
        (high - low) * fraction
    } else {
        0.5
    };
    (low - pad, high + pad)
}

/// One entry of a legend: a swatch drawn by [`swatch`] and its label.
#[derive(Clone)]
pub struct LegendEntry {
    pub label: String,
    pub color: RGBColor,
    pub marker: Option<Marker>,
    pub dash: Option<Option<(f64, f64)>>,
    /// A filled band behind the line.
    pub band: bool,
}

impl LegendEntry {
    /// Text alone, with no swatch: what the entries after it are.
    pub fn heading(label: impl Into<String>) -> LegendEntry {
        LegendEntry {
            label: label.into(),
            color: GREY,
            marker: None,
            dash: None,
            band: false,
        }
    }
}

const SWATCH_PT: f64 = 12.0;

/// Where each legend entry goes when the legend's rows run left to right from `(left, top)`
/// within `width`, wrapping as needed, and the height it takes. Legends sit outside the data.
pub fn legend_layout(
    theme: &Theme,
    entries: &[LegendEntry],
    (left, top): (i32, i32),
    width: i32,
) -> (Vec<(i32, i32)>, i32) {
    let style = theme.label();
    let line = theme.line_height(&style);
    let gap = theme.u(8.0);
    let (mut x, mut y) = (left, top);
    let mut places = Vec::with_capacity(entries.len());
    for entry in entries {
        let entry_width = swatch_width(theme, entry) + theme.text_width(&entry.label, &style);
        if x > left && x + entry_width > left + width {
            x = left;
            y += line;
        }
        places.push((x, y + line / 2));
        x += entry_width + gap;
    }
    let height = if entries.is_empty() {
        0
    } else {
        y + line - top
    };
    (places, height)
}

/// Draws the legend at the places [`legend_layout`] gave.
pub fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    entries: &[LegendEntry],
    places: &[(i32, i32)],
) -> DrawResult<DB> {
    let style = theme.label();
    for (entry, &(x, y)) in entries.iter().zip(places) {
        swatch(root, theme, entry, (x, y))?;
        root.draw(&Text::new(
            entry.label.clone(),
            (x + swatch_width(theme, entry), y),
            style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// An entry with no marker, line or band is a heading: its text alone.
fn swatch_width(theme: &Theme, entry: &LegendEntry) -> i32 {
    if entry.marker.is_none() && entry.dash.is_none() && !entry.band {
        0
    } else {
        theme.u(SWATCH_PT + 3.0)
    }
}

fn swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    entry: &LegendEntry,
    (x, y): (i32, i32),
) -> DrawResult<DB> {
    let end = x + theme.u(SWATCH_PT);
    if entry.band && entry.dash.is_none() && entry.marker.is_none() {
        // A band without a line is an area of a stacked chart: a filled square in its colour.
        let half = theme.u(3.5);
        root.draw(&Rectangle::new(
            [(x + theme.u(2.0), y - half), (end - theme.u(2.0), y + half)],
            entry.color.filled(),
        ))?;
        return root.draw(&Rectangle::new(
            [(x + theme.u(2.0), y - half), (end - theme.u(2.0), y + half)],
            theme::GREY.stroke_width(theme.u(0.25).max(1) as u32),
        ));
    }
    if entry.band {
        let half = theme.u(2.5);
        root.draw(&Rectangle::new(
            [(x, y - half), (end, y + half)],
            theme::tint(entry.color, 0.2).filled(),
        ))?;
    }
    if let Some(dash) = entry.dash {
        line(
            root,
            theme,
            &[(x, y), (end, y)],
            entry.color,
            theme.line(),
            dash,
        )?;
    }
    if let Some(shape) = entry.marker {
        marker(root, theme, shape, ((x + end) / 2, y), entry.color)?;
    }
    Ok(())
}

/// Marker radius: 2.2 pt reads at column width and leaves a 95% interval visible beyond it.
pub const MARKER_PT: f64 = 2.2;

/// A filled marker with a thin white edge, so overlapping markers stay distinct.
pub fn marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    shape: Marker,
    (x, y): (i32, i32),
    color: RGBColor,
) -> DrawResult<DB> {
    let r = theme.u(MARKER_PT);
    let points: Vec<(i32, i32)> = match shape {
        Marker::Circle => {
            root.draw(&Circle::new((x, y), r, color.filled()))?;
            return root.draw(&Circle::new(
                (x, y),
                r,
                WHITE.stroke_width(theme.u(0.4) as u32),
            ));
        }
        Marker::Square => {
            let s = r * 9 / 10;
            vec![
                (x - s, y - s),
                (x + s, y - s),
                (x + s, y + s),
                (x - s, y + s),
            ]
        }
        Marker::Triangle => {
            let s = r * 6 / 5;
            vec![(x, y - s), (x + s, y + s * 4 / 5), (x - s, y + s * 4 / 5)]
        }
        Marker::Diamond => {
            let s = r * 6 / 5;
            vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
        }
    };
    root.draw(&Polygon::new(points.clone(), color.filled()))?;
    let mut outline = points.clone();
    outline.push(points[0]);
    root.draw(&PathElement::new(
        outline,
        WHITE.stroke_width(theme.u(0.4) as u32),
    ))
}

/// A polyline, solid or dashed (`(dash, gap)` in points).
pub fn line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    points: &[(i32, i32)],
    color: RGBColor,
    width: u32,
    dash: Option<(f64, f64)>,
) -> DrawResult<DB> {
    match dash {
        None => root.draw(&PathElement::new(
            points.to_vec(),
            color.stroke_width(width),
        )),
        Some((on, off)) => root.draw(&DashedPathElement::new(
            points.iter().copied(),
            theme.u(on) as u32,
            theme.u(off) as u32,
            color.stroke_width(width),
        )),
    }
}

/// A horizontal value axis along `y` (tick marks down, labels below): returns the height used.
pub fn x_axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    axis: &LinearAxis,
    ticks: &[(f64, String)],
    y: i32,
    draw_labels: bool,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let style = theme.tick();
    let tick_length = theme.u(2.5);
    for (value, label) in ticks {
        let x = axis.map(*value);
        root.draw(&PathElement::new(
            vec![(x, y), (x, y + tick_length)],
            GREY.stroke_width(theme.hairline()),
        ))?;
        if draw_labels {
            root.draw(&Text::new(
                label.clone(),
                (x, y + tick_length + theme.u(1.0)),
                style.pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    Ok(tick_length
        + theme.u(1.0)
        + if draw_labels {
            theme.line_height(&style)
        } else {
            0
        })
}

/// A vertical value axis along `x` (tick marks left, labels left of them).
pub fn y_axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    axis: &LinearAxis,
    ticks: &[(f64, String)],
    x: i32,
    draw_labels: bool,
) -> DrawResult<DB> {
    let style = theme.tick();
    let tick_length = theme.u(2.5);
    for (value, label) in ticks {
        let y = axis.map(*value);
        root.draw(&PathElement::new(
            vec![(x - tick_length, y), (x, y)],
            GREY.stroke_width(theme.hairline()),
        ))?;
        if draw_labels {
            root.draw(&Text::new(
                label.clone(),
                (x - tick_length - theme.u(1.5), y),
                style.pos(Pos::new(HPos::Right, VPos::Center)),
            ))?;
        }
    }
    Ok(())
}

/// Ticks for a value range with their labels.
pub fn ticks(low: f64, high: f64, target: usize) -> Vec<(f64, String)> {
    theme::nice_ticks(low, high, target)
        .into_iter()
        .filter(|value| (low..=high).contains(value))
        .map(|value| (value, theme::tick_label(value)))
        .collect()
}

/// Text rotated to read upwards, centred on `(x, y)`: a vertical axis title.
pub fn vertical_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    (x, y): (i32, i32),
) -> DrawResult<DB> {
    root.draw(&Text::new(
        text.to_string(),
        (x, y),
        style
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Center, VPos::Top)),
    ))
}

/// Height of a figure's title line and the gap under it; 0 without a title.
pub fn title_height(theme: &Theme, title: &str) -> i32 {
    if title.is_empty() {
        0
    } else {
        theme.line_height(&theme.title()) + theme.u(2.0)
    }
}

/// A figure's title at the top left, cut with an ellipsis to the width between the margins.
pub fn title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    title: &str,
    margin: i32,
) -> DrawResult<DB> {
    if title.is_empty() {
        return Ok(());
    }
    root.draw(&Text::new(
        theme::fit_text(
            theme,
            title,
            &theme.title(),
            theme.u(theme.width_pt) - 2 * margin,
        ),
        (margin, margin),
        theme.title().pos(Pos::new(HPos::Left, VPos::Top)),
    ))
}

/// Height of a colour bar, in points.
pub const COLOUR_BAR_PT: f64 = 5.0;

/// A horizontal viridis colour bar for `range` at `(left, top)`, `width` wide, with round
/// ticks below it.
pub fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    theme: &Theme,
    range: (f64, f64),
    (left, top): (i32, i32),
    width: i32,
) -> DrawResult<DB> {
    let bottom = top + theme.u(COLOUR_BAR_PT);
    let steps = 64;
    for step in 0..steps {
        let x0 = left + width * step / steps;
        let x1 = left + width * (step + 1) / steps;
        // One unit over into the next step: abutting antialiased edges leave light seams.
        root.draw(&Rectangle::new(
            [(x0, top), (x1 + 1, bottom)],
            viridis((f64::from(step) + 0.5) / f64::from(steps)).filled(),
        ))?;
    }
    let axis = LinearAxis {
        low: range.0,
        high: range.1,
        start: left,
        end: left + width,
    };
    x_axis(
        root,
        theme,
        &axis,
        &ticks(range.0, range.1, 4),
        bottom,
        true,
    )?;
    Ok(())
}

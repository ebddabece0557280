//! The replicator's phase portrait, from `evolution_payoffs.csv`, `fixed_points.csv`,
//! `trajectories.csv` and the selection and mutation of `fixation.csv`: for three strategies a
//! simplex (ternary plot) with the direction of the flow integrated, the replicator trajectory
//! and the rest points; for two, the first strategy's velocity ẋ (without mutation the gradient
//! of selection w·x(1 − x)(π₁ − π₂)) with its zeros. Rest points are filled when stable, open when
//! unstable, half filled at a saddle, and open with a dot when neutral.

use super::axes::{self, LegendEntry, LinearAxis};
use super::evolution::{RestPoint, Shares};
use super::render::{DrawResult, Figure};
use super::theme::{self, GREY, Marker, Theme};
use crate::display;
use crate::evolution::field::Field;
use crate::evolution::fixed_points::Stability;
use crate::evolution::replicator;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The flow is drawn for 2 or 3 strategies.
pub const MAX_FLOW_STRATEGIES: usize = 3;

const MARGIN_PT: f64 = 3.0;
/// Radius of a rest point's symbol.
const REST_PT: f64 = 2.8;
/// Subdivisions of each side for the arrows of the flow.
const FLOW_DIVISIONS: usize = 13;

/// A rest point's symbol at `(x, y)`.
fn rest_symbol<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Theme,
    stability: Stability,
    (x, y): (i32, i32),
) -> DrawResult<DB> {
    let r = t.u(REST_PT);
    let edge = BLACK.stroke_width(t.u(0.8) as u32);
    match stability {
        Stability::Stable => root.draw(&Circle::new((x, y), r, BLACK.filled()))?,
        _ => root.draw(&Circle::new((x, y), r, WHITE.filled()))?,
    }
    match stability {
        Stability::Saddle => {
            // The left half filled.
            let steps = 24;
            let half: Vec<(i32, i32)> = (0..=steps)
                .map(|step| {
                    let angle = std::f64::consts::FRAC_PI_2
                        + std::f64::consts::PI * f64::from(step) / f64::from(steps);
                    (
                        x + (f64::from(r) * angle.cos()).round() as i32,
                        y - (f64::from(r) * angle.sin()).round() as i32,
                    )
                })
                .collect();
            root.draw(&Polygon::new(half, BLACK.filled()))?;
        }
        Stability::Neutral => {
            root.draw(&Circle::new((x, y), t.u(0.8), BLACK.filled()))?;
        }
        _ => {}
    }
    root.draw(&Circle::new((x, y), r, edge))
}

/// Legend entries for the rest points' kinds present, drawn as placeholders that
/// [`rest_legend_symbols`] draws over.
fn rest_legend(points: &[RestPoint]) -> Vec<(LegendEntry, Option<Stability>)> {
    let mut entries = Vec::new();
    for stability in [
        Stability::Stable,
        Stability::Unstable,
        Stability::Saddle,
        Stability::Neutral,
    ] {
        if points.iter().any(|point| point.stability == stability) {
            entries.push((
                LegendEntry {
                    label: stability.name().into(),
                    color: WHITE,
                    marker: Some(Marker::Circle),
                    dash: None,
                    band: false,
                },
                Some(stability),
            ));
        }
    }
    entries
}

fn rest_legend_symbols<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Theme,
    kinds: &[Option<Stability>],
    places: &[(i32, i32)],
) -> DrawResult<DB> {
    for (kind, &(x, y)) in kinds.iter().zip(places) {
        if let Some(stability) = kind {
            // The swatch's centre, as the legend places a marker.
            rest_symbol(root, t, *stability, (x + t.u(6.0), y))?;
        }
    }
    Ok(())
}

/// An arrowhead at `tip` pointing along `(dx, dy)` (drawing units, any length).
fn arrowhead<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    tip: (f64, f64),
    (dx, dy): (f64, f64),
    size: f64,
    color: RGBColor,
) -> DrawResult<DB> {
    let length = (dx * dx + dy * dy).sqrt();
    if length == 0.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let back = (tip.0 - ux * size, tip.1 - uy * size);
    let side = (-uy * size * 0.45, ux * size * 0.45);
    let point = |(x, y): (f64, f64)| (x.round() as i32, y.round() as i32);
    root.draw(&Polygon::new(
        vec![
            point(tip),
            point((back.0 + side.0, back.1 + side.1)),
            point((back.0 - side.0, back.1 - side.1)),
        ],
        color.filled(),
    ))
}

/// The simplex's corners in drawing units: the first strategy bottom left, the second bottom
/// right, the third on top.
type Triangle = [(f64, f64); 3];

pub struct Simplex {
    pub theme: Theme,
    title: String,
    labels: Vec<String>,
    field: Field,
    points: Vec<RestPoint>,
    /// The replicator trajectory's shares, if trajectories.csv has one.
    path: Vec<[f64; 3]>,
    legend: Vec<LegendEntry>,
    kinds: Vec<Option<Stability>>,
}

impl Simplex {
    pub fn new(
        field: &Field,
        points: &[RestPoint],
        trajectory: Option<&Shares>,
        title: &str,
        theme: Theme,
    ) -> Result<Simplex, String> {
        field.check()?;
        let matrix = &field.matrix;
        if matrix.len() != 3 {
            return Err(format!(
                "a simplex shows 3 strategies, not {}",
                matrix.len()
            ));
        }
        let mut path = Vec::new();
        if let Some(shares) = trajectory {
            let order: Vec<Option<usize>> = matrix
                .labels
                .iter()
                .map(|label| shares.labels.iter().position(|l| l == label))
                .collect();
            if order.iter().all(Option::is_some) {
                for row in &shares.values {
                    let at = |i: usize| order[i].map_or(f64::NAN, |j| row[j]);
                    let point = [at(0), at(1), at(2)];
                    if point.iter().all(|v| v.is_finite()) {
                        path.push(point);
                    }
                }
            }
        }
        let mut legend: Vec<(LegendEntry, Option<Stability>)> = Vec::new();
        if !path.is_empty() {
            legend.push((
                LegendEntry {
                    label: "trajectory".into(),
                    color: theme::palette(0),
                    marker: None,
                    dash: Some(None),
                    band: false,
                },
                None,
            ));
        }
        legend.extend(rest_legend(points));
        let (legend, kinds) = legend.into_iter().unzip();
        let mut figure = Simplex {
            theme,
            title: if title.is_empty() {
                "Replicator dynamics".into()
            } else {
                title.to_string()
            },
            labels: matrix
                .labels
                .iter()
                .map(|l| display::strategy_name(l))
                .collect(),
            field: field.clone(),
            points: points.to_vec(),
            path,
            legend,
            kinds,
        };
        figure.theme.height_pt = f64::from(figure.layout().3) / theme::UNITS_PER_PT;
        Ok(figure)
    }

    /// (legend places, the triangle's vertices, its side, the figure's height).
    fn layout(&self) -> (Vec<(i32, i32)>, Triangle, f64, i32) {
        let t = &self.theme;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let title = axes::title_height(t, &self.title);
        let (places, legend_height) = axes::legend_layout(
            t,
            &self.legend,
            (margin, margin + title),
            width - 2 * margin,
        );
        let line = t.line_height(&t.label());
        // The bottom labels are centred on their vertices: half of the wider must fit beside
        // the base.
        let overhang = self.labels[..2]
            .iter()
            .map(|label| t.text_width(label, &t.label()))
            .max()
            .unwrap_or(0)
            / 2;
        let side = f64::from(width - 2 * margin - 2 * overhang.max(t.u(6.0)));
        let top = f64::from(margin + title + legend_height + t.u(4.0) + line + t.u(2.0));
        let height = side * 3f64.sqrt() / 2.0;
        let left = f64::from(width) / 2.0 - side / 2.0;
        let vertices = [
            (left, top + height),
            (left + side, top + height),
            (left + side / 2.0, top),
        ];
        let figure_height = (top + height) as i32 + t.u(3.0) + line + margin;
        (places, vertices, side, figure_height)
    }
}

fn to_plane(vertices: &Triangle, x: &[f64]) -> (f64, f64) {
    let mut point = (0.0, 0.0);
    for (vertex, share) in vertices.iter().zip(x) {
        point.0 += vertex.0 * share;
        point.1 += vertex.1 * share;
    }
    point
}

fn round((x, y): (f64, f64)) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

impl Figure for Simplex {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        axes::title(root, t, &self.title, t.u(MARGIN_PT))?;
        let (places, vertices, side, _) = self.layout();
        axes::legend(root, t, &self.legend, &places)?;
        rest_legend_symbols(root, t, &self.kinds, &places)?;
        let corners: Vec<(i32, i32)> = vertices.iter().map(|v| round(*v)).collect();
        // The flow: an arrow of fixed length at the centre of each small upward triangle,
        // darker where the flow is faster (relative to the fastest).
        let n = FLOW_DIVISIONS;
        let mut arrows = Vec::new();
        let mut velocity = [0.0; 3];
        for i in 0..n {
            for j in 0..n - i {
                let x = [
                    (i as f64 + 1.0 / 3.0) / n as f64,
                    (j as f64 + 1.0 / 3.0) / n as f64,
                    0.0,
                ];
                let x = [x[0], x[1], 1.0 - x[0] - x[1]];
                self.field.velocity(&x, &mut velocity);
                let at = to_plane(&vertices, &x);
                let direction = (
                    vertices
                        .iter()
                        .zip(&velocity)
                        .map(|(v, d)| v.0 * d)
                        .sum::<f64>(),
                    vertices
                        .iter()
                        .zip(&velocity)
                        .map(|(v, d)| v.1 * d)
                        .sum::<f64>(),
                );
                let speed = (velocity.iter().map(|v| v * v).sum::<f64>()).sqrt();
                arrows.push((at, direction, speed));
            }
        }
        let fastest = arrows.iter().fold(0.0_f64, |m, a| m.max(a.2));
        let length = side / n as f64 * 0.62;
        for (at, (dx, dy), speed) in arrows {
            let norm = (dx * dx + dy * dy).sqrt();
            if fastest <= 0.0 || norm <= 1e-12 * fastest * side {
                continue;
            }
            let shade = theme::tint(GREY, 0.45 + 0.55 * (speed / fastest).sqrt());
            let (ux, uy) = (dx / norm, dy / norm);
            let tail = (at.0 - ux * length / 2.0, at.1 - uy * length / 2.0);
            let tip = (at.0 + ux * length / 2.0, at.1 + uy * length / 2.0);
            root.draw(&PathElement::new(
                vec![round(tail), round(tip)],
                shade.stroke_width(t.u(0.6) as u32),
            ))?;
            arrowhead(root, tip, (dx, dy), f64::from(t.u(2.2)), shade)?;
        }
        let mut outline = corners.clone();
        outline.push(corners[0]);
        root.draw(&PathElement::new(
            outline,
            BLACK.stroke_width(t.u(0.75) as u32),
        ))?;
        if self.path.len() > 1 {
            let line: Vec<(i32, i32)> = self
                .path
                .iter()
                .map(|x| round(to_plane(&vertices, x)))
                .collect();
            axes::line(root, t, &line, theme::palette(0), t.line(), None)?;
            // Where it starts, and which way it goes.
            axes::marker(root, t, Marker::Square, line[0], theme::palette(0))?;
            let middle = self.path.len() / 2;
            let (a, b) = (
                to_plane(&vertices, &self.path[middle.saturating_sub(1)]),
                to_plane(&vertices, &self.path[middle]),
            );
            arrowhead(
                root,
                b,
                (b.0 - a.0, b.1 - a.1),
                f64::from(t.u(4.0)),
                theme::palette(0),
            )?;
        }
        for point in &self.points {
            rest_symbol(
                root,
                t,
                point.stability,
                round(to_plane(&vertices, &point.shares)),
            )?;
        }
        let label = t.label();
        let gap = t.u(3.0);
        root.draw(&Text::new(
            self.labels[0].clone(),
            (corners[0].0, corners[0].1 + gap),
            label.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        root.draw(&Text::new(
            self.labels[1].clone(),
            (corners[1].0, corners[1].1 + gap),
            label.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        root.draw(&Text::new(
            self.labels[2].clone(),
            (corners[2].0, corners[2].1 - gap),
            label.pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
        Ok(())
    }
}

/// The gradient of selection of two strategies, with its zeros.
pub struct Gradient {
    pub theme: Theme,
    title: String,
    first: String,
    curve: Vec<(f64, f64)>,
    /// (share of the first strategy, stability) of each rest point.
    zeros: Vec<(f64, Stability)>,
    legend: Vec<LegendEntry>,
    kinds: Vec<Option<Stability>>,
    range: (f64, f64),
    /// The y axis: the gradient of selection, or with mutation the replicator–mutator's ẋ.
    axis_title: &'static str,
}

impl Gradient {
    pub fn new(
        field: &Field,
        points: &[RestPoint],
        title: &str,
        theme: Theme,
    ) -> Result<Gradient, String> {
        let matrix = &field.matrix;
        let curve = replicator::gradient_of_selection(field, 201)?;
        let range = axes::finite_range(curve.iter().map(|p| p.1).chain([0.0]))
            .map(|range| axes::padded(range, 0.08))
            .unwrap_or((-1.0, 1.0));
        let mut legend = vec![(
            LegendEntry {
                label: if field.mutation == 0.0 {
                    "ẋ = w·x(1 − x)(π₁ − π₂)".into()
                } else {
                    format!(
                        "ẋ with mutation μ = {}",
                        crate::text::number(field.mutation)
                    )
                },
                color: theme::palette(0),
                marker: None,
                dash: Some(None),
                band: false,
            },
            None,
        )];
        legend.extend(rest_legend(points));
        let (legend, kinds) = legend.into_iter().unzip();
        let mut figure = Gradient {
            theme,
            title: if title.is_empty() {
                "Gradient of selection".into()
            } else {
                title.to_string()
            },
            first: display::strategy_name(&matrix.labels[0]),
            curve,
            zeros: points.iter().map(|p| (p.shares[0], p.stability)).collect(),
            legend,
            kinds,
            range,
            axis_title: if field.mutation == 0.0 {
                "gradient of selection"
            } else {
                "ẋ, replicator–mutator"
            },
        };
        figure.theme.height_pt = figure.theme.width_pt * 0.78;
        Ok(figure)
    }
}

impl Figure for Gradient {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let t = &self.theme;
        root.fill(&WHITE)?;
        let margin = t.u(MARGIN_PT);
        let width = t.u(t.width_pt);
        let height = t.u(t.height_pt);
        axes::title(root, t, &self.title, margin)?;
        let title = axes::title_height(t, &self.title);
        let (places, legend_height) = axes::legend_layout(
            t,
            &self.legend,
            (margin, margin + title),
            width - 2 * margin,
        );
        axes::legend(root, t, &self.legend, &places)?;
        rest_legend_symbols(root, t, &self.kinds, &places)?;
        let tick = t.tick();
        let label = t.label();
        let y_ticks = axes::ticks(self.range.0, self.range.1, 4);
        let widest = y_ticks
            .iter()
            .map(|(_, text)| t.text_width(text, &tick))
            .max()
            .unwrap_or(0);
        let left = margin + t.line_height(&label) + t.u(2.0) + widest + t.u(4.0);
        let right = width - margin - t.u(4.0);
        let top = margin + title + legend_height + t.u(6.0);
        let bottom = height - margin - t.line_height(&label) - t.line_height(&tick) - t.u(5.0);
        let x_axis = LinearAxis {
            low: 0.0,
            high: 1.0,
            start: left,
            end: right,
        };
        let y_axis = LinearAxis {
            low: self.range.0,
            high: self.range.1,
            start: bottom,
            end: top,
        };
        for (value, _) in &y_ticks {
            let y = y_axis.map(*value);
            root.draw(&PathElement::new(
                vec![(left, y), (right, y)],
                RGBColor(225, 225, 225).stroke_width(t.hairline()),
            ))?;
        }
        let zero = y_axis.map(0.0);
        root.draw(&PathElement::new(
            vec![(left, zero), (right, zero)],
            GREY.stroke_width(t.u(0.75) as u32),
        ))?;
        // Which way the share moves between consecutive zeros.
        let mut stops: Vec<f64> = self.zeros.iter().map(|z| z.0).collect();
        stops.sort_by(f64::total_cmp);
        for pair in stops.windows(2) {
            let middle = (pair[0] + pair[1]) / 2.0;
            let index = (middle * (self.curve.len() - 1) as f64).round() as usize;
            let direction = self.curve[index].1;
            if direction.abs() > 0.0 && x_axis.map(pair[1]) - x_axis.map(pair[0]) > t.u(12.0) {
                arrowhead(
                    root,
                    (f64::from(x_axis.map(middle)), f64::from(zero)),
                    (direction.signum(), 0.0),
                    f64::from(t.u(4.0)),
                    GREY,
                )?;
            }
        }
        let line: Vec<(i32, i32)> = self
            .curve
            .iter()
            .map(|(x, y)| (x_axis.map(*x), y_axis.map(*y)))
            .collect();
        axes::line(root, t, &line, theme::palette(0), t.line(), None)?;
        for (x, stability) in &self.zeros {
            rest_symbol(root, t, *stability, (x_axis.map(*x), zero))?;
        }
        root.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            GREY.stroke_width(t.hairline()),
        ))?;
        axes::y_axis(root, t, &y_axis, &y_ticks, left, true)?;
        let used = axes::x_axis(root, t, &x_axis, &axes::ticks(0.0, 1.0, 4), bottom, true)?;
        root.draw(&Text::new(
            format!("share of {}", self.first),
            ((left + right) / 2, bottom + used + t.u(1.0)),
            label.pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
        axes::vertical_text(root, self.axis_title, &label, (margin, (top + bottom) / 2))?;
        Ok(())
    }
}

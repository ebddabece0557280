//! Publication charts, drawn from the exported result files (never from the simulator): the
//! scenario's `[[charts]]`, or the default figures, each as SVG, PDF and PNG from one drawing.
//!
//! Every chart stays readable and bounded: a kind refuses, with the reason, what it cannot show
//! legibly (a dot plot of thousands of profiles), and the defaults choose the kinds that scale.
//! What is replaced or skipped is said in [`Rendered::notes`].

mod axes;
mod best_reply;
mod data;
mod error;
mod heatmap;
mod panels;
mod payoffs;
pub mod render;
mod request;
mod rounds;
pub mod spec;
mod sweep;
pub mod theme;

pub use data::{ChartData, KEEP_PER_SERIES, Measure, RoundRow, SummaryRow, wilson_interval};
pub use error::ChartError;
use render::{DEFAULT_DPI, Output};
pub use request::{Labels, Selection};
use request::{metric_title, select};
use spec::{ChartKind, ChartSpec, Format};
use std::collections::HashSet;
use std::path::Path;
use theme::{DEFAULT_FONT_PT, Theme};

pub use payoffs::MAX_PROFILES as MAX_DOT_PROFILES;
pub use rounds::MAX_PANELS;

/// The charts written, what was replaced or skipped and why, and charts that failed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub files: Vec<String>,
    pub notes: Vec<String>,
    /// Charts that could not be drawn, with the reason; their files are not written.
    pub failures: Vec<String>,
}

/// Settings for every chart of a render, from `dilemma plot`'s flags; `None` keeps each chart's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    pub formats: Option<Vec<Format>>,
    /// Width in points.
    pub width_pt: Option<f64>,
    pub dpi: Option<u32>,
    pub outline_text: bool,
}

/// What a render needs besides the result files: recorded in the manifest, so `dilemma plot`
/// gives the same charts as the run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// The scenario's title: the default charts' title.
    pub title: String,
    /// The scenario's `[[charts]]`; empty for the default figures.
    pub charts: Vec<ChartSpec>,
    /// The parameters the run sweeps (summary.csv's columns after `cell`); empty without a sweep.
    pub sweep: Vec<String>,
    pub overrides: Overrides,
}

/// The default dot plot's most profiles: at two lines a label, 24 rows fill a page.
const DEFAULT_DOT_PROFILES: usize = 24;

/// Default widths: a dot plot fits one journal column (3.5 in); grids of panels span the page.
const SINGLE_COLUMN_PT: f64 = 252.0;
const DOUBLE_COLUMN_PT: f64 = 504.0;

/// Renders every chart for the results in `folder` into that folder.
pub fn render_all(folder: &Path, context: &Context) -> Result<Rendered, ChartError> {
    theme::register_font();
    let mut data = ChartData::read(folder)?;
    let mut rendered = Rendered::default();
    if !context.sweep.is_empty() {
        render_sweep(folder, &data, context, &mut rendered)?;
        return Ok(rendered);
    }
    let specs = if context.charts.is_empty() {
        default_specs(&data, &mut rendered.notes)
    } else {
        context.charts.clone()
    };
    // Per-round rows are read only for the profiles a rounds chart shows.
    let mut round_cells = HashSet::new();
    for spec in &specs {
        if spec.kind == Some(ChartKind::Rounds)
            && let Ok(selection) = select(&data, spec)
        {
            round_cells.extend(selection.cells.into_iter().take(MAX_PANELS));
        }
    }
    data.read_rounds(folder, |cell| round_cells.contains(&cell))?;
    for spec in &specs {
        let output = output_of(Some(spec), &context.overrides);
        emit(
            folder,
            &stem(spec),
            draw(&data, spec, context),
            &output,
            &mut rendered,
        )?;
    }
    Ok(rendered)
}

/// A sweep's charts: one figure per player of its mean payoff against the swept parameter. The
/// per-point kinds (payoffs, heatmap, rounds) show one parameter point, so they are not drawn:
/// a chart that silently mixed the points would mislead.
fn render_sweep(
    folder: &Path,
    data: &ChartData,
    context: &Context,
    rendered: &mut Rendered,
) -> Result<(), ChartError> {
    let why = format!(
        "the run sweeps {}, and the payoffs, heatmap and rounds charts show one parameter point; \
         summary.csv and rounds.csv have every point's values",
        context.sweep.join(", ")
    );
    for spec in &context.charts {
        rendered
            .failures
            .push(format!("chart {} not drawn: {why}", stem(spec)));
    }
    if data.swept.len() > 1 {
        rendered.notes.push(format!(
            "sweep: the lines of payoff against a parameter are drawn for one swept parameter; \
             this run sweeps {} ({}), so maps are drawn instead (best replies, and payoffs for \
             two parameters)",
            data.swept.len(),
            context.sweep.join(", ")
        ));
    }
    let overrides = &context.overrides;
    let output = output_of(None, overrides);
    let replies = best_reply::read(folder, &data.swept)?;
    let theme = Theme {
        width_pt: overrides.width_pt.unwrap_or(DOUBLE_COLUMN_PT),
        height_pt: DOUBLE_COLUMN_PT,
        font_pt: DEFAULT_FONT_PT,
    };
    let labels = Labels {
        title: context.title.clone(),
        x: None,
        y: None,
    };
    for player in data.players() {
        let slug = crate::display::file_slug(&player);
        let best_replies =
            best_reply::ParameterMap::best_replies(data, &replies, &player, labels.clone(), theme)
                .and_then(|map| {
                    let map = map.sized();
                    render::svg(&map, map.theme())
                });
        emit(
            folder,
            &format!("best_reply_{slug}"),
            best_replies,
            &output,
            rendered,
        )?;
        if data.swept.len() == 2 {
            let payoffs = best_reply::ParameterMap::payoffs(data, &player, labels.clone(), theme)
                .and_then(|map| {
                    let map = map.sized();
                    render::svg(&map, map.theme())
                });
            emit(
                folder,
                &format!("payoff_map_{slug}"),
                payoffs,
                &output,
                rendered,
            )?;
        }
        if data.swept.len() == 1 {
            let lines = sweep::figure(data, &player, labels.clone(), theme).and_then(|figure| {
                let figure = figure.sized(None);
                render::svg(&figure, &figure.theme)
            });
            emit(folder, &format!("sweep_{slug}"), lines, &output, rendered)?;
        }
    }
    Ok(())
}

/// How the files of a chart are written: `dilemma plot`'s flags first, then the chart's entry,
/// then the defaults.
fn output_of(spec: Option<&ChartSpec>, overrides: &Overrides) -> Output {
    Output {
        formats: overrides
            .formats
            .clone()
            .or_else(|| spec.and_then(|spec| spec.formats.clone()))
            .unwrap_or_else(|| Format::ALL.to_vec()),
        dpi: overrides
            .dpi
            .or_else(|| spec.and_then(|spec| spec.dpi))
            .unwrap_or(DEFAULT_DPI),
        outline_text: overrides.outline_text,
    }
}

/// Writes a drawn chart's files, or records why it could not be drawn (no file is written then).
fn emit(
    folder: &Path,
    stem: &str,
    drawn: Result<String, String>,
    output: &Output,
    rendered: &mut Rendered,
) -> Result<(), ChartError> {
    match drawn {
        Ok(svg) => write_chart(folder, stem, &svg, output, rendered),
        Err(reason) => {
            rendered
                .failures
                .push(format!("chart {stem} not drawn: {reason}"));
            Ok(())
        }
    }
}

/// Writes one chart's files from its SVG, noting characters the font lacks.
fn write_chart(
    folder: &Path,
    stem: &str,
    svg: &str,
    output: &Output,
    rendered: &mut Rendered,
) -> Result<(), ChartError> {
    let missing = theme::missing_glyphs(&svg_text(svg));
    if !missing.is_empty() {
        let shown: String = missing.iter().take(20).collect();
        rendered.notes.push(format!(
            "{stem}: the embedded font (DejaVu Sans) has no glyph for {shown}{}; the PDF and \
             PNG show empty boxes there, the SVG keeps the text",
            if missing.len() > 20 { "…" } else { "" }
        ));
    }
    let encoded =
        render::encode(svg, output).map_err(|e| ChartError::Encode(format!("{stem}: {e}")))?;
    for (format, bytes) in encoded {
        let name = format!("{stem}.{}", format.extension());
        let path = folder.join(&name);
        std::fs::write(&path, bytes).map_err(|source| ChartError::Io {
            path: path.clone(),
            source,
        })?;
        rendered.files.push(name);
    }
    Ok(())
}

/// The figures drawn without `[[charts]]`: the dot plot while profiles fit one row each, the
/// heatmap for two players with a choice on both sides, the panels of per-round shares while
/// they fit one figure.
fn default_specs(data: &ChartData, notes: &mut Vec<String>) -> Vec<ChartSpec> {
    let profiles = data.cells().len();
    let players = data.players().len();
    let mut specs = Vec::new();
    let of = |kind| ChartSpec {
        kind: Some(kind),
        ..ChartSpec::default()
    };
    if profiles <= DEFAULT_DOT_PROFILES {
        specs.push(of(ChartKind::Payoffs));
    } else {
        notes.push(format!(
            "payoffs: {profiles} profiles would make the dot plot taller than a page (the \
             default draws it for at most {DEFAULT_DOT_PROFILES}); a [[charts]] entry of kind \
             \"payoffs\" draws up to {} of them",
            payoffs::MAX_PROFILES
        ));
    }
    match heatmap::Grid::of(data, "mean_payoff") {
        Ok(grid) if grid.rows() > 1 && grid.columns() > 1 => specs.push(of(ChartKind::Heatmap)),
        Ok(_) => {}
        Err(reason) if players == 2 => notes.push(format!("heatmap: {reason}")),
        Err(_) => {}
    }
    if profiles <= MAX_PANELS {
        specs.push(of(ChartKind::Rounds));
    } else {
        notes.push(format!(
            "rounds: {profiles} profiles are too many for one figure of panels (at most \
             {MAX_PANELS}); choose `profiles` in a [[charts]] entry; rounds.csv has every value"
        ));
    }
    specs
}

/// The file name of a chart, without extension: `file`, else [`spec::default_stem`].
pub fn stem(spec: &ChartSpec) -> String {
    match &spec.file {
        Some(file) => file.clone(),
        None => spec::default_stem(
            spec.kind.unwrap_or(ChartKind::Payoffs),
            spec.profiles.as_deref(),
        ),
    }
}

/// The SVG of one chart, or why it cannot be drawn.
fn draw(data: &ChartData, spec: &ChartSpec, context: &Context) -> Result<String, String> {
    let kind = spec.kind.unwrap_or(ChartKind::Payoffs);
    let selection = select(data, spec)?;
    let overrides = &context.overrides;
    let default_width = match kind {
        ChartKind::Payoffs => SINGLE_COLUMN_PT,
        ChartKind::Heatmap | ChartKind::Rounds => DOUBLE_COLUMN_PT,
    };
    let width_pt = match (overrides.width_pt, &spec.width) {
        (Some(width), _) => width,
        (None, Some(text)) => spec::parse_length(text)?,
        (None, None) => default_width,
    };
    let height_pt = spec.height.as_deref().map(spec::parse_length).transpose()?;
    let theme = Theme {
        width_pt,
        height_pt: height_pt.unwrap_or(width_pt),
        font_pt: spec.font_size.unwrap_or(DEFAULT_FONT_PT),
    };
    let title = spec.title.clone().unwrap_or_else(|| context.title.clone());
    let svg = match kind {
        ChartKind::Payoffs => {
            let metric = spec.metric.as_deref().unwrap_or("mean_payoff");
            let labels = Labels {
                title,
                x: Some(
                    spec.x_label
                        .clone()
                        .unwrap_or_else(|| metric_title(metric, true)),
                ),
                y: spec.y_label.clone(),
            };
            let figure =
                payoffs::PayoffDots::new(data, &selection, metric, labels, theme)?.sized(height_pt);
            render::svg(&figure, figure.theme())?
        }
        ChartKind::Heatmap => {
            let metric = spec.metric.as_deref().unwrap_or("mean_payoff");
            let labels = Labels {
                title,
                x: spec.x_label.clone(),
                y: spec.y_label.clone(),
            };
            let figure =
                heatmap::Heatmap::new(data, &selection, metric, labels, theme)?.sized(height_pt);
            render::svg(&figure, figure.theme())?
        }
        ChartKind::Rounds => {
            let labels = Labels {
                title,
                x: Some(spec.x_label.clone().unwrap_or_else(|| "round".into())),
                y: spec.y_label.clone(),
            };
            let overlay = spec.overlay.unwrap_or(false);
            let figure = rounds::figure(
                data,
                &selection,
                spec.metric.as_deref(),
                overlay,
                labels,
                theme,
            )?
            .sized(height_pt);
            render::svg(&figure, figure.theme())?
        }
    };
    Ok(svg)
}

/// The text content of an SVG's `<text>` elements (plotters writes no other text), entities
/// left as they are: they are ASCII, which the font has.
fn svg_text(svg: &str) -> String {
    svg.split("<text")
        .skip(1)
        .filter_map(|element| {
            let start = element.find('>')? + 1;
            let end = element.find("</text>")?;
            element.get(start..end)
        })
        .collect()
}

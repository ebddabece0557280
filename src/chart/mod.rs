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
mod evolution;
mod heatmap;
mod joint;
mod panels;
mod payoffs;
mod relations;
pub mod render;
mod request;
mod rounds;
mod simplex;
pub mod spec;
mod stacked;
mod sweep;
pub mod theme;
mod tournament;

pub use data::{ChartData, KEEP_PER_SERIES, Measure, RoundRow, SummaryRow, wilson_interval};
pub use error::ChartError;
pub use evolution::render_evolution;
use render::{DEFAULT_DPI, Output};
pub use request::{Labels, Selection};
use request::{metric_title, select};
use spec::{ChartKind, ChartSpec, Format};
use std::borrow::Cow;
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
    if !context.sweep.is_empty() && context.charts.is_empty() {
        render_sweep_defaults(folder, &data, context, &mut rendered)?;
        return Ok(rendered);
    }
    let tournament = tournament::TournamentData::read(folder)?;
    let specs = if context.charts.is_empty() {
        let mut specs = default_specs(&data, &mut rendered.notes);
        if tournament.is_some() {
            // A tournament's own charts replace the per-profile ones: its heatmap shows every
            // pairing (the cells' grid would show a round robin's pairs once), and a panel per
            // match says less than the ranking. `[[charts]]` can still ask for them.
            specs.clear();
            rendered.notes.clear();
        }
        outcome_defaults(folder, &data, &mut specs, &mut rendered.notes);
        if let Some(tournament) = &tournament {
            tournament::render(folder, tournament, context, &mut rendered)?;
        }
        let mut evolution = render_evolution(folder, context)?;
        rendered.files.append(&mut evolution.files);
        rendered.notes.append(&mut evolution.notes);
        rendered.failures.append(&mut evolution.failures);
        specs
    } else {
        context.charts.clone()
    };
    // Per-round rows are read only for the profiles a rounds chart shows.
    let mut round_cells = HashSet::new();
    for spec in &specs {
        if spec.kind == Some(ChartKind::Rounds)
            && let Ok(shown) = at_point(&data, spec)
            && let Ok(selection) = select(&shown, spec)
        {
            round_cells.extend(selection.cells.into_iter().take(MAX_PANELS));
        }
    }
    data.read_rounds(folder, |cell| round_cells.contains(&cell))?;
    let replies = if specs.iter().any(|s| s.kind == Some(ChartKind::BestReply)) {
        best_reply::read(folder, &data.swept)?
    } else {
        Vec::new()
    };
    for spec in &specs {
        let output = output_of(Some(spec), &context.overrides);
        if let Some(kind @ (ChartKind::Joint | ChartKind::Relations)) = spec.kind {
            let drawn = at_point(&data, spec)
                .and_then(|shown| draw_outcomes(folder, kind, &shown, spec, context));
            emit(folder, &stem(spec), drawn, &output, &mut rendered)?;
            continue;
        }
        if spec.kind.is_some_and(ChartKind::spans_sweep) {
            let drawn = draw_per_player(&data, &replies, spec, context);
            emit_per_player(folder, &stem(spec), drawn, &output, &mut rendered)?;
            continue;
        }
        let drawn = at_point(&data, spec).and_then(|shown| draw(&shown, spec, context));
        emit(folder, &stem(spec), drawn, &output, &mut rendered)?;
    }
    Ok(rendered)
}

/// The results a one-point chart shows: in a sweep, the rows at the chart's `point`; without
/// one, all of them.
fn at_point<'d>(data: &'d ChartData, spec: &ChartSpec) -> Result<Cow<'d, ChartData>, String> {
    if data.swept.is_empty() {
        return Ok(Cow::Borrowed(data));
    }
    let Some(point) = &spec.point else {
        return Err(format!(
            "the run sweeps {}, and a {} chart shows one point of it: its entry needs `point`",
            data.swept.join(", "),
            spec.kind.unwrap_or(ChartKind::Payoffs).name()
        ));
    };
    let values = data
        .swept
        .iter()
        .map(|name| {
            point
                .get(name)
                .copied()
                .ok_or_else(|| format!("`point` gives no value of {name}"))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    data.at(&values).map(Cow::Owned)
}

/// Each player's figure (its SVG, or why it cannot be drawn), or why the chart cannot be drawn
/// for anyone.
type PlayerFigures = Result<Vec<(String, Result<String, String>)>, String>;

/// Writes each player's figure of a sweep or best-reply chart as `<stem>_<player>`; a chart
/// that cannot be drawn at all is one failure under `stem`.
fn emit_per_player(
    folder: &Path,
    stem: &str,
    drawn: PlayerFigures,
    output: &Output,
    rendered: &mut Rendered,
) -> Result<(), ChartError> {
    match drawn {
        Ok(figures) => {
            for (player, figure) in figures {
                emit(
                    folder,
                    &spec::player_stem(stem, &player),
                    figure,
                    output,
                    rendered,
                )?;
            }
            Ok(())
        }
        Err(reason) => emit(folder, stem, Err(reason), output, rendered),
    }
}

/// The figure of each player a sweep or best-reply chart shows, with the player's name.
fn draw_per_player(
    data: &ChartData,
    replies: &[best_reply::Reply],
    spec: &ChartSpec,
    context: &Context,
) -> PlayerFigures {
    let players = spec.players.clone().unwrap_or_else(|| data.players());
    let (theme, height_pt) = chart_theme(spec, context, DOUBLE_COLUMN_PT)?;
    let labels = Labels {
        title: spec.title.clone().unwrap_or_else(|| context.title.clone()),
        x: spec.x_label.clone(),
        y: spec.y_label.clone(),
    };
    let metric = spec.metric.as_deref().unwrap_or("mean_payoff");
    let keep = |profile: &str| {
        spec.profiles
            .as_ref()
            .is_none_or(|profiles| profiles.iter().any(|p| p == profile))
    };
    Ok(players
        .into_iter()
        .map(|player| {
            let drawn = match (spec.kind, data.swept.len()) {
                (Some(ChartKind::BestReply), _) => best_reply::ParameterMap::best_replies(
                    data,
                    replies,
                    &player,
                    labels.clone(),
                    theme,
                )
                .and_then(|map| {
                    let map = map.sized();
                    render::svg(&map, map.theme())
                }),
                (_, 1) => sweep::figure(data, &player, metric, keep, labels.clone(), theme)
                    .and_then(|figure| {
                        let figure = figure.sized(height_pt);
                        render::svg(&figure, &figure.theme)
                    }),
                (_, 2) => best_reply::ParameterMap::metric(
                    data,
                    &player,
                    metric,
                    keep,
                    labels.clone(),
                    theme,
                )
                .and_then(|map| {
                    let map = map.sized();
                    render::svg(&map, map.theme())
                }),
                (_, swept) => Err(format!(
                    "a sweep chart draws one or two swept parameters; this run sweeps {swept}"
                )),
            };
            (player, drawn)
        })
        .collect())
}

/// A sweep's figures without `[[charts]]`: for each player, the best-reply map, and the mean
/// payoff against the swept parameter (one parameter) or its map (two).
fn render_sweep_defaults(
    folder: &Path,
    data: &ChartData,
    context: &Context,
    rendered: &mut Rendered,
) -> Result<(), ChartError> {
    if data.swept.len() > 2 {
        rendered.notes.push(format!(
            "sweep: the figures draw one or two swept parameters; this run sweeps {} ({}), so \
             none is drawn; summary.csv and best_replies.csv have every point",
            data.swept.len(),
            context.sweep.join(", ")
        ));
        return Ok(());
    }
    if data.swept.len() == 2 {
        rendered.notes.push(format!(
            "sweep: the lines of payoff against a parameter are drawn for one swept parameter; \
             this run sweeps 2 ({}), so maps are drawn instead (best replies, and payoffs for \
             two parameters)",
            context.sweep.join(", ")
        ));
    }
    let replies = best_reply::read(folder, &data.swept)?;
    let output = output_of(None, &context.overrides);
    let of = |kind| ChartSpec {
        kind: Some(kind),
        ..ChartSpec::default()
    };
    for spec in [of(ChartKind::BestReply), of(ChartKind::Sweep)] {
        let stem = match spec.kind {
            Some(ChartKind::Sweep) if data.swept.len() == 2 => "payoff_map".to_string(),
            _ => stem(&spec),
        };
        let drawn = draw_per_player(data, &replies, &spec, context);
        emit_per_player(folder, &stem, drawn, &output, rendered)?;
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

/// The default joint chart (three or more players, or a player with three or more actions,
/// when joint.csv was written) and relations chart (when relations.csv was).
fn outcome_defaults(
    folder: &Path,
    data: &ChartData,
    specs: &mut Vec<ChartSpec>,
    notes: &mut Vec<String>,
) {
    let profiles = data.cells().len();
    let wanted = [
        (
            ChartKind::Joint,
            folder.join("joint.csv").is_file() && joint::drawn_by_default(data),
            "joint.csv",
        ),
        (
            ChartKind::Relations,
            folder.join("relations.csv").is_file(),
            "relations.csv",
        ),
    ];
    for (kind, drawn, table) in wanted {
        if !drawn {
            continue;
        }
        if profiles > MAX_PANELS {
            notes.push(format!(
                "{}: {profiles} profiles are too many for one figure of panels (at most \
                 {MAX_PANELS}); choose `profiles` in a [[charts]] entry; {table} has every value",
                kind.name()
            ));
            continue;
        }
        specs.push(ChartSpec {
            kind: Some(kind),
            ..ChartSpec::default()
        });
    }
}

/// The SVG of a joint or relations chart, which read their own tables from `folder`.
fn draw_outcomes(
    folder: &Path,
    kind: ChartKind,
    data: &ChartData,
    spec: &ChartSpec,
    context: &Context,
) -> Result<String, String> {
    let selection = select(data, spec)?;
    let (theme, height_pt) = chart_theme(spec, context, DOUBLE_COLUMN_PT)?;
    let labels = Labels {
        title: spec.title.clone().unwrap_or_else(|| context.title.clone()),
        x: Some(spec.x_label.clone().unwrap_or_else(|| "round".into())),
        y: spec.y_label.clone(),
    };
    let figure = match kind {
        ChartKind::Relations => relations::figure(folder, data, &selection, labels, theme)?,
        _ => joint::figure(folder, data, &selection, labels, theme)?,
    }
    .sized(height_pt);
    render::svg(&figure, figure.theme())
}

/// The file name of a chart, without extension: `file`, else [`spec::default_stem`].
pub fn stem(spec: &ChartSpec) -> String {
    match &spec.file {
        Some(file) => file.clone(),
        None => spec::default_stem(
            spec.kind.unwrap_or(ChartKind::Payoffs),
            spec.profiles.as_deref(),
            spec.metric.as_deref(),
        ),
    }
}

/// The SVG of one chart, or why it cannot be drawn.
fn draw(data: &ChartData, spec: &ChartSpec, context: &Context) -> Result<String, String> {
    let kind = spec.kind.unwrap_or(ChartKind::Payoffs);
    let selection = select(data, spec)?;
    let default_width = match kind {
        ChartKind::Payoffs => SINGLE_COLUMN_PT,
        _ => DOUBLE_COLUMN_PT,
    };
    let (theme, height_pt) = chart_theme(spec, context, default_width)?;
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
        ChartKind::Sweep | ChartKind::BestReply => {
            return Err(format!(
                "a {} chart draws the points of a sweep; these results have none",
                kind.name()
            ));
        }
        ChartKind::Joint | ChartKind::Relations => {
            return Err(format!(
                "a {} chart reads its own table; it is drawn by `draw_outcomes`",
                kind.name()
            ));
        }
    };
    Ok(svg)
}

/// A chart's size and font (`dilemma plot`'s width first, then the entry's, then the kind's),
/// and the height the entry fixes, if any (else the figure takes what its content needs).
fn chart_theme(
    spec: &ChartSpec,
    context: &Context,
    default_width: f64,
) -> Result<(Theme, Option<f64>), String> {
    let width_pt = match (context.overrides.width_pt, &spec.width) {
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
    Ok((theme, height_pt))
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

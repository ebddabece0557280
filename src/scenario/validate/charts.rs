//! Validation of `[[charts]]`: each entry against the chart kinds, the game's players and
//! actions, the profiles simulated and the bounds of a printable figure, giving the
//! [`ChartSpec`]s that the manifest records.

use super::game::CheckedGame;
use super::profiles::Profiles;
use super::{Locate, MAX_ERRORS, Problem, Result, Validator, known_list};
use crate::chart::spec::{
    ChartKind, ChartSpec, DPI_RANGE, FONT_SIZE_RANGE_PT, Format, MAX_PNG_SIDE, POINTS_PER_INCH,
    default_stem, is_valid_file_stem, parse_length, png_pixels,
};
use crate::experiment::StrategySpec;
use crate::scenario::locate::string_offset;
use crate::scenario::nearest_name;
use crate::scenario::schema::{RawChart, RawLength};
use crate::scenario::sweep::same_value;
use crate::sim::MAX_RECORDED_JOINT_ACTIONS;
use crate::text::{echo, first_unsafe, number};
use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;

/// Most `[[charts]]` entries in one scenario.
pub const MAX_CHARTS: usize = 50;

/// Longest title or axis label, in characters: more does not fit on a figure.
pub const MAX_CHART_TEXT_CHARS: usize = 200;

impl Validator<'_> {
    /// Every chart entry checked; the specs are meaningful only when nothing was recorded.
    /// Checks that need the game or the candidates are skipped when those were rejected
    /// (`None`): their errors are already reported.
    pub(super) fn charts(
        &self,
        raw: Option<Vec<Spanned<RawChart>>>,
        game: Option<&CheckedGame>,
        candidates: Option<&[Vec<StrategySpec>]>,
        has_relations: bool,
    ) -> Vec<ChartSpec> {
        let Some(raw) = raw else {
            return Vec::new();
        };
        if let Some(extra) = raw.get(MAX_CHARTS) {
            self.report(self.source.problem(
                extra.span(),
                format!("charts[{MAX_CHARTS}]"),
                format!(
                    "a scenario may ask for at most {MAX_CHARTS} charts; this one asks for {}",
                    raw.len()
                ),
            ));
        }
        let mut context = Charts {
            game,
            profiles: candidates.map(Profiles::new),
            stems: Vec::new(),
            suggestions_left: Cell::new(MAX_ERRORS),
            has_relations,
        };
        raw.iter()
            .take(MAX_CHARTS)
            .enumerate()
            .map(|(index, entry)| self.chart(entry, index, &mut context))
            .collect()
    }

    /// One entry, every field checked; the spec holds what passed.
    fn chart(&self, entry: &Spanned<RawChart>, index: usize, context: &mut Charts) -> ChartSpec {
        let source = self.source;
        let field = |name: &str| format!("charts[{index}].{name}");
        let raw = entry.get_ref();
        let kind = match &raw.kind {
            Some(kind) => self.check(chart_kind(self, kind, &field("kind"))),
            None => {
                self.report(source.problem(
                    entry.span(),
                    field("kind"),
                    "missing field `kind` (payoffs, heatmap, rounds, sweep, best_reply, joint or \
                     relations)",
                ));
                None
            }
        };
        if let (Some(ChartKind::Heatmap), Some(game), Some(written)) =
            (kind, context.game, &raw.kind)
            && game.game.player_count() != 2
        {
            self.report(source.problem(
                written.span(),
                field("kind"),
                format!(
                    "a heatmap needs a two-player game (rows one player's candidates, columns \
                     the other's); this game has {} players, use payoffs or rounds",
                    game.game.player_count()
                ),
            ));
        }

        if let (Some(kind), Some(written)) = (kind, &raw.kind) {
            self.check_sweep_fit(kind, written, raw, index);
            self.check_outcome_kind(kind, written, raw, index, context);
        }

        let file = raw.file.as_ref().and_then(|file| {
            if is_valid_file_stem(file.get_ref()) {
                Some(file)
            } else {
                self.report(source.problem(
                    file.span(),
                    field("file"),
                    format!(
                        "`{}` cannot name a chart file: use 1 to 64 letters, digits, `-` or \
                         `_`, not starting with `-`",
                        echo(file.get_ref())
                    ),
                ));
                None
            }
        });
        self.check_stem(raw, file, kind, index, &mut context.stems);

        if let (Some(metric), Some(kind @ (ChartKind::Joint | ChartKind::Relations))) =
            (&raw.metric, kind)
        {
            self.report(source.problem(
                metric.span(),
                field("metric"),
                format!(
                    "a {} chart draws shares of replicates per round and takes no `metric`; \
                     leave it out",
                    kind.name()
                ),
            ));
        } else if let (Some(metric), Some(ChartKind::BestReply)) = (&raw.metric, kind) {
            self.report(source.problem(
                metric.span(),
                field("metric"),
                "a best-reply map is by mean payoff (best_replies.csv); for another metric use \
                 kind \"sweep\"",
            ));
        } else if let (Some(metric), Some(kind)) = (&raw.metric, kind) {
            let actions = context
                .game
                .filter(|game| game.actions_ok)
                .map(|game| action_labels(&game.game.actions));
            self.check(check_metric(
                self,
                metric,
                &field("metric"),
                kind,
                actions.as_deref(),
            ));
        }
        if let (Some(overlay), Some(kind)) = (&raw.overlay, kind)
            && kind != ChartKind::Rounds
        {
            let why = if kind.spans_sweep() {
                "has a panel for each profile of the other players, and no overlay"
            } else {
                "has no panels to merge"
            };
            self.report(self.source.problem(
                overlay.span(),
                field("overlay"),
                format!(
                    "`overlay` draws a rounds chart's profiles in one panel; a {} chart {why}",
                    kind.name()
                ),
            ));
        }
        if let (Some(profiles), Some(ChartKind::BestReply)) = (&raw.profiles, kind) {
            self.report(source.problem(
                profiles.span(),
                field("profiles"),
                "a best-reply map shows the best reply against every profile of the other \
                 players; leave `profiles` out",
            ));
        } else if let Some(profiles) = &raw.profiles {
            self.check_profiles(profiles, &field("profiles"), context);
        }
        if let Some(players) = &raw.players {
            self.check_players(players, &field("players"), context.game);
        }
        for (name, text) in [
            ("title", &raw.title),
            ("x_label", &raw.x_label),
            ("y_label", &raw.y_label),
        ] {
            if let Some(text) = text {
                self.check_text(text, &field(name));
            }
        }
        let size = self.figure_size(raw, index);

        ChartSpec {
            kind,
            file: raw.file.as_ref().map(|file| file.get_ref().clone()),
            metric: raw.metric.as_ref().map(|metric| metric.get_ref().clone()),
            overlay: raw.overlay.as_ref().map(|overlay| *overlay.get_ref()),
            point: raw
                .point
                .as_ref()
                .and_then(|point| self.grid_point(point, index)),
            profiles: raw.profiles.as_ref().map(strings),
            players: raw.players.as_ref().map(strings),
            title: raw.title.as_ref().map(|text| text.get_ref().clone()),
            x_label: raw.x_label.as_ref().map(|text| text.get_ref().clone()),
            y_label: raw.y_label.as_ref().map(|text| text.get_ref().clone()),
            width: size.width.and(length_text(&raw.width)),
            height: size.height.and(length_text(&raw.height)),
            font_size: size.font_size,
            formats: size.formats,
            dpi: size.dpi,
        }
    }

    /// Width, height, font size, formats and resolution, each checked, then the PNG's pixels.
    fn figure_size(&self, raw: &RawChart, index: usize) -> FigureSize {
        let source = self.source;
        let field = |name: &str| format!("charts[{index}].{name}");
        let width = raw
            .width
            .as_ref()
            .and_then(|width| self.check(length(self, width, &field("width"))));
        let height = raw
            .height
            .as_ref()
            .and_then(|height| self.check(length(self, height, &field("height"))));
        let font_size = raw.font_size.as_ref().and_then(|size| {
            let value = *size.get_ref();
            let (low, high) = FONT_SIZE_RANGE_PT;
            if (low..=high).contains(&value) {
                return Some(value);
            }
            self.report(source.problem(
                size.span(),
                field("font_size"),
                format!(
                    "must be between {} and {} points, found {}",
                    number(low),
                    number(high),
                    number(value)
                ),
            ));
            None
        });
        let formats = raw
            .formats
            .as_ref()
            .map(|formats| self.check_formats(formats, &field("formats")));
        let dpi = raw.dpi.as_ref().and_then(|dpi| {
            let value = *dpi.get_ref();
            let (low, high) = DPI_RANGE;
            if value.fract() == 0.0 && (f64::from(low)..=f64::from(high)).contains(&value) {
                return Some(value as u32);
            }
            self.report(source.problem(
                dpi.span(),
                field("dpi"),
                format!(
                    "must be a whole number from {low} to {high}, found {}",
                    number(value)
                ),
            ));
            None
        });
        // The pixels matter only for a PNG, made unless `formats` leaves it out.
        let png = raw.formats.as_ref().is_none_or(|formats| {
            formats
                .get_ref()
                .iter()
                .any(|format| Format::parse(format.get_ref()) == Some(Format::Png))
        });
        if let (Some(dpi), Some(written), true) = (dpi, &raw.dpi, png) {
            let sides = [
                ("wide", "width", &raw.width, width),
                ("high", "height", &raw.height, height),
            ];
            for (extent, side, text, points) in sides {
                let Some(points) = points else {
                    continue;
                };
                let pixels = png_pixels(points, dpi);
                if pixels <= f64::from(MAX_PNG_SIDE) {
                    continue;
                }
                let most = (f64::from(MAX_PNG_SIDE) * POINTS_PER_INCH / points).floor();
                self.report(source.problem(
                    written.span(),
                    field("dpi"),
                    format!(
                        "a PNG {} {extent} at {dpi} dpi would be {} pixels {extent}; at most \
                         {MAX_PNG_SIDE} pixels a side, so at most {} dpi at this {side}",
                        echo(length_text(text).unwrap_or_default().trim()),
                        number(pixels),
                        number(most)
                    ),
                ));
            }
        }
        FigureSize {
            width,
            height,
            font_size,
            formats,
            dpi,
        }
    }

    /// Each chart writes `<file>.<format>`, `file` defaulting to the kind's name, so two
    /// entries must not share a stem; case is ignored, as some file systems ignore it.
    fn check_stem(
        &self,
        raw: &RawChart,
        file: Option<&Spanned<String>>,
        kind: Option<ChartKind>,
        index: usize,
        stems: &mut Vec<(String, usize)>,
    ) {
        let field = format!("charts[{index}].file");
        let (stem, problem) = match (&raw.file, file, kind, &raw.kind) {
            // Written and valid.
            (Some(_), Some(file), _, _) => (file.get_ref().clone(), file.span()),
            // Written but invalid (already reported), or nothing known to compare.
            (Some(_), None, _, _) | (None, _, None, _) | (None, _, _, None) => return,
            (None, _, Some(kind), Some(written)) => {
                let profiles: Option<Vec<String>> = raw
                    .profiles
                    .as_ref()
                    .map(|list| list.get_ref().iter().map(|p| p.get_ref().clone()).collect());
                let metric = raw.metric.as_ref().map(|metric| metric.get_ref().as_str());
                (
                    default_stem(kind, profiles.as_deref(), metric),
                    written.span(),
                )
            }
        };
        let folded = stem.to_ascii_lowercase();
        let Some(&(_, first)) = stems.iter().find(|(known, _)| *known == folded) else {
            stems.push((folded, index));
            return;
        };
        let message = if raw.file.is_some() {
            format!(
                "`{}` is already the file of charts[{first}] (names differing only in case \
                 count as the same); give each chart its own `file`",
                echo(&stem)
            )
        } else {
            format!(
                "not set, so this chart is written as `{stem}`, which charts[{first}] already \
                 uses; set `file` to a name of its own"
            )
        };
        self.report(self.source.problem(problem, field, message));
    }

    /// The joint and relations kinds: what they read must exist (joint.csv is written up to
    /// [`MAX_RECORDED_JOINT_ACTIONS`] joint actions, relations.csv with `[relations]`), and they
    /// show every player at once.
    fn check_outcome_kind(
        &self,
        kind: ChartKind,
        written: &Spanned<String>,
        raw: &RawChart,
        index: usize,
        context: &Charts,
    ) {
        let problem = match kind {
            ChartKind::Joint => context
                .game
                .map(|game| game.game.joint_count())
                .filter(|joint| *joint > MAX_RECORDED_JOINT_ACTIONS)
                .map(|joint| {
                    format!(
                        "this game has {joint} joint actions; their shares are recorded \
                         (joint.csv) and drawn up to {MAX_RECORDED_JOINT_ACTIONS}"
                    )
                }),
            ChartKind::Relations if !context.has_relations => Some(
                "a relations chart draws the amity that [relations] defines, and this scenario \
                 has no [relations] table"
                    .to_string(),
            ),
            _ => None,
        };
        if let Some(message) = problem {
            self.report(self.source.problem(
                written.span(),
                format!("charts[{index}].kind"),
                message,
            ));
        }
        if let (Some(players), ChartKind::Joint | ChartKind::Relations) = (&raw.players, kind) {
            self.report(self.source.problem(
                players.span(),
                format!("charts[{index}].players"),
                format!(
                    "a {} chart shows every player at once; leave `players` out",
                    kind.name()
                ),
            ));
        }
    }

    /// A chart's kind against the sweep: the sweep and best-reply kinds need one (of at most two
    /// parameters, what a line or a map can show), and in a sweep the other kinds show one
    /// point, which `point` must name.
    fn check_sweep_fit(
        &self,
        kind: ChartKind,
        written: &Spanned<String>,
        raw: &RawChart,
        index: usize,
    ) {
        let field = format!("charts[{index}].kind");
        let swept: Vec<&str> = self.sweep.iter().map(|axis| axis.name.as_str()).collect();
        let message = match (kind.spans_sweep(), swept.len()) {
            (true, 0) => Some(format!(
                "a {} chart draws the points of a sweep, and this scenario has no [sweep]; \
                 use payoffs, heatmap or rounds",
                kind.name()
            )),
            (true, 3..) => Some(format!(
                "a {} chart draws one or two swept parameters (lines, or a map); this scenario \
                 sweeps {} ({}); summary.csv and best_replies.csv have every point",
                kind.name(),
                swept.len(),
                swept.join(", ")
            )),
            (false, 1..) if raw.point.is_none() => Some(format!(
                "a {} chart shows one point of the sweep: add `point = {{ {} }}` (or other \
                 values of the sweep) to choose it, or use kind \"sweep\" for a metric against \
                 the swept parameter",
                kind.name(),
                self.sweep
                    .iter()
                    .map(|axis| format!("{} = {}", axis.name, number(axis.values[0])))
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
            _ => None,
        };
        if let Some(message) = message {
            self.report(self.source.problem(written.span(), field, message));
        }
        if let Some(point) = &raw.point
            && (kind.spans_sweep() || swept.is_empty())
        {
            let why = if swept.is_empty() {
                "this scenario has no [sweep]; leave `point` out".to_string()
            } else {
                format!(
                    "a {} chart draws every point of the sweep; leave `point` out",
                    kind.name()
                )
            };
            self.report(
                self.source
                    .problem(point.span(), format!("charts[{index}].point"), why),
            );
        }
    }

    /// The grid point a chart names: every swept parameter once, each at one of its values
    /// (by [`same_value`]); the grid's own values are kept.
    fn grid_point(
        &self,
        point: &Spanned<BTreeMap<Spanned<String>, Spanned<f64>>>,
        index: usize,
    ) -> Option<BTreeMap<String, f64>> {
        if self.sweep.is_empty() {
            return None;
        }
        let field = format!("charts[{index}].point");
        let mut chosen = BTreeMap::new();
        let swept: Vec<String> = self.sweep.iter().map(|axis| axis.name.clone()).collect();
        let mut unknown = false;
        for (name, value) in point.get_ref() {
            let item = format!("{field}.{}", echo(name.get_ref()));
            let Some(axis) = self.sweep.iter().find(|axis| &axis.name == name.get_ref()) else {
                let mut problem = self.source.problem(
                    name.span(),
                    item,
                    format!(
                        "`{}` is not swept (swept: {})",
                        echo(name.get_ref()),
                        known_list(&swept)
                    ),
                );
                problem.suggestion = nearest_name(name.get_ref(), &swept).map(|n| echo(&n));
                self.report(problem);
                unknown = true;
                continue;
            };
            let wanted = *value.get_ref();
            match axis.values.iter().find(|grid| same_value(**grid, wanted)) {
                Some(grid) => {
                    chosen.insert(axis.name.clone(), *grid);
                }
                None => {
                    let values: Vec<String> = axis.values.iter().map(|v| number(*v)).collect();
                    let mut problem = self.source.problem(
                        value.span(),
                        item,
                        format!(
                            "{} is not a point of the sweep; {} takes {}",
                            number(wanted),
                            axis.name,
                            known_list(&values)
                        ),
                    );
                    // The nearest value is a likely meaning only inside the grid's range.
                    let (low, high) = axis
                        .values
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                            (l.min(*v), h.max(*v))
                        });
                    problem.suggestion = axis
                        .values
                        .iter()
                        .filter(|_| (low..=high).contains(&wanted))
                        .min_by(|a, b| (**a - wanted).abs().total_cmp(&(**b - wanted).abs()))
                        .map(|nearest| number(*nearest));
                    self.report(problem);
                }
            }
        }
        let missing: Vec<&str> = swept
            .iter()
            .filter(|name| !point.get_ref().keys().any(|key| key.get_ref() == *name))
            .map(String::as_str)
            .collect();
        // A misspelt name is reported as such, not again as the parameter it leaves out.
        if !missing.is_empty() && !unknown {
            self.report(self.source.problem(
                point.span(),
                field,
                format!(
                    "names no value of {}; a point gives every swept parameter a value",
                    missing.join(", ")
                ),
            ));
        }
        (chosen.len() == swept.len()).then_some(chosen)
    }

    fn check_profiles(&self, list: &Spanned<Vec<Spanned<String>>>, field: &str, context: &Charts) {
        if list.get_ref().is_empty() {
            self.report(self.source.problem(
                list.span(),
                field,
                "lists no profile; leave `profiles` out to draw them all",
            ));
            return;
        }
        let mut seen = HashSet::new();
        for (index, entry) in list.get_ref().iter().enumerate() {
            let text = entry.get_ref();
            let item = format!("{field}[{index}]");
            if !seen.insert(text.as_str()) {
                self.report(self.source.problem(
                    entry.span(),
                    item,
                    format!("duplicate profile `{}`", echo(text)),
                ));
                continue;
            }
            let Some(profiles) = &context.profiles else {
                continue;
            };
            if profiles.contains(text) {
                continue;
            }
            let mut problem = self.source.problem(
                entry.span(),
                item,
                format!(
                    "unknown profile `{}`; a profile joins each player's strategy label with \
                     \" vs \", in the players' order, such as `{}`",
                    echo(text),
                    echo(&profiles.example)
                ),
            );
            // Suggestions cost an edit distance per candidate: only the first few, which are
            // the ones a report can show.
            let left = context.suggestions_left.get();
            if left > 0 {
                context.suggestions_left.set(left - 1);
                problem.suggestion = profiles.nearest(text).map(|name| echo(&name));
            }
            self.report(problem);
        }
    }

    fn check_players(
        &self,
        list: &Spanned<Vec<Spanned<String>>>,
        field: &str,
        game: Option<&CheckedGame>,
    ) {
        if list.get_ref().is_empty() {
            self.report(self.source.problem(
                list.span(),
                field,
                "lists no player; leave `players` out to draw them all",
            ));
            return;
        }
        let mut seen = HashSet::new();
        for (index, name) in list.get_ref().iter().enumerate() {
            let item = format!("{field}[{index}]");
            if !seen.insert(name.get_ref().as_str()) {
                self.report(self.source.problem(
                    name.span(),
                    item,
                    format!("duplicate player `{}`", echo(name.get_ref())),
                ));
            } else if let Some(game) = game {
                self.player(&game.game.players, game.names_ok, name, &item);
            }
        }
    }

    /// A title or axis label: short enough for a figure, and plain text (it goes into SVG,
    /// where most control characters are not even well-formed XML, and onto terminals).
    fn check_text(&self, text: &Spanned<String>, field: &str) {
        let value = text.get_ref();
        let chars = value.chars().count();
        if chars > MAX_CHART_TEXT_CHARS {
            self.report(self.source.problem(
                text.span(),
                field,
                format!(
                    "is {chars} characters long; at most {MAX_CHART_TEXT_CHARS} fit on a chart"
                ),
            ));
        }
        if let Some((offset, c)) = first_unsafe(value) {
            let span = text.span();
            let at = string_offset(self.source.text, span.start, offset).min(span.end);
            let what = if c.is_control() {
                "control character"
            } else {
                "bidirectional formatting character"
            };
            self.report(self.source.problem(
                at..at,
                field,
                format!(
                    "contains the {what} `{}`; chart text must be printable",
                    c.escape_default()
                ),
            ));
        }
    }

    fn check_formats(&self, list: &Spanned<Vec<Spanned<String>>>, field: &str) -> Vec<Format> {
        if list.get_ref().is_empty() {
            self.report(self.source.problem(
                list.span(),
                field,
                "lists no format; name at least one of svg, pdf and png, or leave `formats` out",
            ));
        }
        let mut formats: Vec<Format> = Vec::new();
        for (index, written) in list.get_ref().iter().enumerate() {
            let item = format!("{field}[{index}]");
            match Format::parse(written.get_ref()) {
                Some(format) if formats.contains(&format) => {
                    self.report(self.source.problem(
                        written.span(),
                        item,
                        format!("duplicate format `{}`", format.extension()),
                    ));
                }
                Some(format) => formats.push(format),
                None => {
                    let names = Format::ALL.map(Format::extension);
                    let mut problem = self.source.problem(
                        written.span(),
                        item,
                        format!(
                            "unknown format `{}` (known: {})",
                            echo(written.get_ref()),
                            names.join(", ")
                        ),
                    );
                    problem.suggestion = nearest_name(written.get_ref(), names);
                    self.report(problem);
                }
            }
        }
        formats
    }
}

/// A chart's size fields, in points where they are lengths; `None` where absent or rejected.
struct FigureSize {
    width: Option<f64>,
    height: Option<f64>,
    font_size: Option<f64>,
    formats: Option<Vec<Format>>,
    dpi: Option<u32>,
}

/// What the charts share while they are checked one by one.
struct Charts<'a> {
    game: Option<&'a CheckedGame>,
    profiles: Option<Profiles<'a>>,
    /// The stem of each chart so far (lowercase) and the first entry that uses it.
    stems: Vec<(String, usize)>,
    /// Unknown profiles that may still get a suggestion.
    suggestions_left: Cell<usize>,
    /// The scenario has a `[relations]` table (a relations chart needs one).
    has_relations: bool,
}

fn chart_kind(validator: &Validator, kind: &Spanned<String>, field: &str) -> Result<ChartKind> {
    let text = kind.get_ref();
    ChartKind::ALL
        .into_iter()
        .find(|known| known.name() == text)
        .ok_or_else(|| {
            let names = ChartKind::ALL.map(ChartKind::name);
            let mut problem = validator.source.problem(
                kind.span(),
                field,
                format!(
                    "unknown chart kind `{}` (known: {})",
                    echo(text),
                    names.join(", ")
                ),
            );
            problem.suggestion = nearest_name(text, names);
            problem
        })
}

/// Every action label of the game once, in the order the players list them: the
/// `share_<action>` columns of summary.csv.
fn action_labels(actions: &[Vec<String>]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for label in actions.iter().flatten() {
        if seen.insert(label.as_str()) {
            labels.push(label.clone());
        }
    }
    labels
}

/// `actions` is `None` when the game's labels are unknown: `share_<action>` is then taken on
/// trust (the labels' own error is reported), the other names are still checked.
/// Summary columns that a payoffs or heatmap chart may draw but a rounds chart may not:
/// `rounds.csv` has no per-round column for them.
const WHOLE_MATCH_METRICS: [&str; 2] = ["constrained_share", "misperceived_share"];

fn check_metric(
    validator: &Validator,
    metric: &Spanned<String>,
    field: &str,
    kind: ChartKind,
    actions: Option<&[String]>,
) -> Result<()> {
    let text = metric.get_ref();
    let shares = actions
        .unwrap_or_default()
        .iter()
        .map(|action| format!("share_{action}"));
    let known: Vec<String> = match kind {
        ChartKind::Rounds => shares
            .chain(["mean_payoff".to_string()])
            .chain(
                validator
                    .state_names
                    .iter()
                    .map(|name| format!("state_{name}")),
            )
            .collect(),
        ChartKind::Payoffs
        | ChartKind::Heatmap
        | ChartKind::Sweep
        | ChartKind::BestReply
        | ChartKind::Joint
        | ChartKind::Relations => ["mean_payoff".to_string()]
            .into_iter()
            .chain(shares)
            .chain(WHOLE_MATCH_METRICS.map(String::from))
            .collect(),
    };
    let action = text.strip_prefix("share_");
    if known.contains(text) || (actions.is_none() && action.is_some()) {
        return Ok(());
    }
    let problem = |message: String| validator.source.problem(metric.span(), field, message);
    let mut error = match (kind, action, actions) {
        (ChartKind::Rounds, _, _) if WHOLE_MATCH_METRICS.contains(&text.as_str()) => {
            problem(format!(
                "`{text}` is a whole-match figure; a rounds chart draws mean_payoff, \
                 share_<action> or state_<variable> per round"
            ))
        }
        (_, Some(action), Some(actions)) => {
            let mut error = problem(format!(
                "`{}`: `{}` is not an action of this game (actions: {})",
                echo(text),
                echo(action),
                known_list(actions)
            ));
            // Compared as actions: `share_X` and `share_C` differ by one letter in seven, but
            // X and C are different actions.
            error.suggestion = nearest_name(action, actions).map(|a| echo(&format!("share_{a}")));
            return Err(error);
        }
        _ => problem(format!(
            "unknown metric `{}` for a {} chart (known: {})",
            echo(text),
            kind.name(),
            known_list(&known)
        )),
    };
    if !WHOLE_MATCH_METRICS.contains(&text.as_str()) {
        error.suggestion = nearest_name(text, &known).map(|name| echo(&name));
    }
    Err(error)
}

fn length(validator: &Validator, raw: &Spanned<RawLength>, field: &str) -> Result<f64> {
    let problem =
        |message: String| -> Problem { validator.source.problem(raw.span(), field, message) };
    match raw.get_ref() {
        RawLength::Text(text) => parse_length(text).map_err(problem),
        RawLength::Number(value) => Err(problem(format!(
            "{} has no unit; write a length such as \"3.5in\", \"89mm\", \"8.9cm\" or \"252pt\"",
            number(*value)
        ))),
    }
}

fn length_text(raw: &Option<Spanned<RawLength>>) -> Option<String> {
    match raw.as_ref().map(Spanned::get_ref) {
        Some(RawLength::Text(text)) => Some(text.clone()),
        _ => None,
    }
}

fn strings(list: &Spanned<Vec<Spanned<String>>>) -> Vec<String> {
    list.get_ref()
        .iter()
        .map(|item| item.get_ref().clone())
        .collect()
}

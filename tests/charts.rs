//! Charts as a reader receives them: every kind rendered from a small results folder to SVG (text
//! as text, sized in inches), PDF (font embedded, text extractable, page of the asked size) and
//! PNG (pixel size and DPI recorded); failures reported, never drawn; `dilemma plot` making the
//! run's charts again, byte for byte; text laid out exactly as the font says, never overlapping
//! other text or leaving the page; hostile titles kept as text.
//!
//! Every number asserted comes from the chart request (width, dpi), from unit definitions
//! (72 pt and 0.0254 m to the inch), from the font file, or from the font's kerning as fontTools
//! reports it, never from the code's own output.

mod common;

use common::{dilemma, text};
use resvg::usvg;
use std::path::{Path, PathBuf};

/// What the fixture's `[[charts]]` entries ask for: `width = "3in"`, `dpi = 200`.
const WIDTH_IN: f64 = 3.0;
const DPI: u32 = 200;
/// Unit definitions: the PostScript point and the international inch.
const POINTS_PER_INCH: f64 = 72.0;
const METRES_PER_INCH: f64 = 0.0254;

/// One chart of the fixture: its file stem, its kind, its labels, and which of those labels the
/// kind draws.
struct Chart {
    stem: &'static str,
    kind: &'static str,
    title: &'static str,
    x_label: &'static str,
    y_label: &'static str,
    /// The labels this kind draws with the fixture's data. The dot plot and the heatmap draw
    /// title, x and y. The rounds panels of a whole two-player grid are laid out as that grid:
    /// the left side names the row player's strategies (rounds.rs, `matrix`), so `y_label` is
    /// not drawn there; the title and `x_label` are.
    drawn: &'static [&'static str],
}

const CHARTS: [Chart; 3] = [
    Chart {
        stem: "payoffs",
        kind: "payoffs",
        title: "Dot plot: payoffs by profile",
        x_label: "Dot plot x: payoff per round",
        y_label: "Dot plot y: profile",
        drawn: &[
            "Dot plot: payoffs by profile",
            "Dot plot x: payoff per round",
            "Dot plot y: profile",
        ],
    },
    Chart {
        stem: "heatmap",
        kind: "heatmap",
        title: "Heatmap: Row against Column",
        x_label: "Heatmap x: Column plays",
        y_label: "Heatmap y: Row plays",
        drawn: &[
            "Heatmap: Row against Column",
            "Heatmap x: Column plays",
            "Heatmap y: Row plays",
        ],
    },
    Chart {
        stem: "rounds",
        kind: "rounds",
        title: "Rounds: cooperation over time",
        x_label: "Rounds x: round of the match",
        y_label: "Rounds y: share (not drawn in a grid)",
        drawn: &[
            "Rounds: cooperation over time",
            "Rounds x: round of the match",
        ],
    },
];

/// Two players with actions C and D, a payoff below zero, 3 × 2 candidates, 30 replicates of 20
/// rounds; then one `[[charts]]` entry per kind.
const GAME: &str = r#"
[scenario]
name = "chart-fixture"
title = "Chart fixture"
seed = 11
replicates = 30

[game]
players = ["Row", "Column"]
actions = ["C", "D"]
rounds = 20
noise = 0.05

[game.payoffs]
"C,C" = [3, 3]
"C,D" = [-2, 5]
"D,C" = [5, -2]
"D,D" = [0, 0]

[strategies]
Row = ["tit_for_tat", "always_defect", "generous_tit_for_tat"]
Column = ["random", "grudger"]
"#;

fn scenario_text() -> String {
    let mut text = GAME.to_string();
    for chart in &CHARTS {
        text.push_str(&format!(
            "\n[[charts]]\nkind = \"{}\"\ntitle = \"{}\"\nx_label = \"{}\"\ny_label = \"{}\"\n\
             width = \"{WIDTH_IN}in\"\ndpi = {DPI}\nformats = [\"svg\", \"pdf\", \"png\"]\n",
            chart.kind, chart.title, chart.x_label, chart.y_label
        ));
    }
    text
}

/// Writes `scenario` into `dir` and runs it into `dir/results`; returns the results folder.
fn run_scenario(dir: &Path, scenario: &str) -> PathBuf {
    let path = dir.join("scenario.toml");
    std::fs::write(&path, scenario).unwrap();
    let out = dir.join("results");
    let output = dilemma(&[
        "run",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        output.status.success(),
        "dilemma run failed: {}",
        text(&output.stderr)
    );
    out
}

/// The fixture's results folder, made by `dilemma run` in `dir`.
fn fixture(dir: &Path) -> PathBuf {
    run_scenario(dir, &scenario_text())
}

/// Every text of an SVG as usvg reads it (the renderers' view), chunks joined, trimmed.
fn svg_texts(tree: &usvg::Tree) -> Vec<String> {
    text_boxes(tree).into_iter().map(|(text, _)| text).collect()
}

/// The value of the root `<svg>` element's `attribute`, e.g. `height="3.1528in"`.
fn svg_attribute<'a>(svg: &'a str, attribute: &str) -> &'a str {
    let opening = &svg[..svg.find('>').expect("an SVG element")];
    let start = opening
        .find(&format!(" {attribute}=\""))
        .unwrap_or_else(|| panic!("no {attribute} in {opening}"))
        + attribute.len()
        + 3;
    let length = opening[start..].find('"').unwrap();
    &opening[start..start + length]
}

/// A decoded PNG: size, recorded resolution, RGB pixels.
struct Png {
    width: u32,
    height: u32,
    pixel_dims: Option<png::PixelDimensions>,
    rgb: Vec<u8>,
}

fn decode_png(bytes: &[u8]) -> Png {
    let mut reader = png::Decoder::new(bytes).read_info().expect("a PNG");
    let pixel_dims = reader.info().pixel_dims;
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buffer).expect("the PNG's pixels");
    assert_eq!(
        (frame.color_type, frame.bit_depth),
        (png::ColorType::Rgb, png::BitDepth::Eight),
        "charts are 8-bit RGB"
    );
    buffer.truncate(frame.buffer_size());
    Png {
        width: frame.width,
        height: frame.height,
        pixel_dims,
        rgb: buffer,
    }
}

/// Width and height of the PDF's single page (its MediaBox), in points.
fn pdf_page_size(bytes: &[u8]) -> (f64, f64) {
    let document = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages = document.get_pages();
    assert_eq!(pages.len(), 1, "a chart is one page");
    let page = document
        .get_dictionary(*pages.values().next().unwrap())
        .unwrap();
    let bounds: Vec<f64> = page
        .get(b"MediaBox")
        .and_then(|object| object.as_array())
        .expect("a MediaBox on the page")
        .iter()
        .map(|value| f64::from(value.as_float().unwrap()))
        .collect();
    (bounds[2] - bounds[0], bounds[3] - bounds[1])
}

/// The PDF's text, decoded through its fonts' ToUnicode maps, as copy and paste or a search
/// index reads it. svg2pdf sets each glyph in its own `BT … ET` block at its own position, and
/// lopdf ends every block with a line break: those breaks are removed, so a label comes out as
/// the string it was.
fn pdf_text(bytes: &[u8]) -> String {
    let document = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    document
        .extract_text(&pages)
        .expect("the PDF's text can be extracted")
        .replace('\n', "")
}

/// `needle` occurs in `haystack` as a run of bytes.
fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[test]
fn every_kind_renders_to_svg_with_its_labels_as_text_at_the_asked_width() {
    let scratch = tempfile::tempdir().unwrap();
    let out = fixture(scratch.path());
    for chart in &CHARTS {
        let svg = std::fs::read_to_string(out.join(format!("{}.svg", chart.stem))).unwrap();
        let tree = dilemma::chart::render::parse(&svg)
            .unwrap_or_else(|e| panic!("{}.svg does not parse: {e}", chart.stem));
        let texts = svg_texts(&tree);
        for label in chart.drawn {
            assert!(
                texts.iter().any(|text| text == label),
                "{}.svg has no text {label:?}; its texts: {texts:?}",
                chart.stem
            );
        }
        assert!(
            svg.contains(r#"font-family="DejaVu Sans"#),
            "{}.svg does not name DejaVu Sans",
            chart.stem
        );
        assert_eq!(
            svg_attribute(&svg, "width"),
            format!("{WIDTH_IN:.4}in"),
            "{}.svg",
            chart.stem
        );
    }
}

#[test]
fn every_kind_renders_to_a_pdf_with_its_font_embedded_its_title_as_text_and_the_asked_width() {
    let scratch = tempfile::tempdir().unwrap();
    let out = fixture(scratch.path());
    for chart in &CHARTS {
        let pdf = std::fs::read(out.join(format!("{}.pdf", chart.stem))).unwrap();
        assert!(
            holds(&pdf, "/FontFile2"),
            "{}.pdf embeds no TrueType font program",
            chart.stem
        );
        assert!(
            holds(&pdf, "DejaVuSans"),
            "{}.pdf names no DejaVu Sans font",
            chart.stem
        );
        let extracted = pdf_text(&pdf);
        for label in chart.drawn {
            assert!(
                extracted.contains(label),
                "{}.pdf: {label:?} is not in its text {extracted:?}",
                chart.stem
            );
        }
        let (width, _) = pdf_page_size(&pdf);
        let expected = WIDTH_IN * POINTS_PER_INCH;
        assert!(
            (width - expected).abs() <= 0.5,
            "{}.pdf is {width} pt wide, not {expected}",
            chart.stem
        );
    }
}

#[test]
fn every_kind_renders_to_a_png_of_the_asked_pixel_size_recording_its_dpi() {
    let scratch = tempfile::tempdir().unwrap();
    let out = fixture(scratch.path());
    let per_metre = (f64::from(DPI) / METRES_PER_INCH).round() as u32;
    for chart in &CHARTS {
        let svg = std::fs::read_to_string(out.join(format!("{}.svg", chart.stem))).unwrap();
        let height_in: f64 = svg_attribute(&svg, "height")
            .strip_suffix("in")
            .expect("the SVG's height in inches")
            .parse()
            .unwrap();
        let png = decode_png(&std::fs::read(out.join(format!("{}.png", chart.stem))).unwrap());
        assert_eq!(
            f64::from(png.width),
            WIDTH_IN * f64::from(DPI),
            "{}.png width",
            chart.stem
        );
        assert_eq!(
            png.rgb.len(),
            png.width as usize * png.height as usize * 3,
            "{}.png holds every pixel",
            chart.stem
        );
        let expected_height = height_in * f64::from(DPI);
        assert!(
            (f64::from(png.height) - expected_height).abs() <= 1.0,
            "{}.png is {} px high, not {expected_height}",
            chart.stem,
            png.height
        );
        let dims = png.pixel_dims.expect("a pHYs chunk");
        assert_eq!(
            (dims.xppu, dims.yppu, dims.unit),
            (per_metre, per_metre, png::Unit::Meter),
            "{}.png records no {DPI} dpi",
            chart.stem
        );
    }
}

/// The render context the fixture's run recorded: its title and its `[[charts]]`.
fn recorded_context(results: &Path) -> dilemma::chart::Context {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(results.join("manifest.json")).unwrap()).unwrap();
    dilemma::chart::Context {
        title: manifest["scenario"]["title"].as_str().unwrap().to_string(),
        charts: dilemma::export::manifest::charts(&manifest).unwrap(),
        sweep: Vec::new(),
        overrides: dilemma::chart::Overrides::default(),
    }
}

/// A folder holding only the fixture's tables, so every chart file in it is one a render wrote.
fn tables_only(results: &Path, into: &Path) {
    std::fs::create_dir(into).unwrap();
    for table in ["summary.csv", "rounds.csv"] {
        std::fs::copy(results.join(table), into.join(table)).unwrap();
    }
}

/// `table` (CSV, no quoted commas) with `edit` applied to each data row as fields by column name;
/// rows for which it returns false are dropped.
fn edit_table(
    path: &Path,
    mut edit: impl FnMut(&mut std::collections::HashMap<String, String>) -> bool,
) {
    let content = std::fs::read_to_string(path).unwrap();
    let mut lines = content.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut edited = vec![header.join(",")];
    for line in lines {
        let mut row: std::collections::HashMap<String, String> = header
            .iter()
            .zip(line.split(','))
            .map(|(column, value)| (column.to_string(), value.to_string()))
            .collect();
        assert_eq!(row.len(), header.len(), "a plain CSV row: {line}");
        if edit(&mut row) {
            edited.push(
                header
                    .iter()
                    .map(|column| row[*column].as_str())
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
    }
    std::fs::write(path, edited.join("\n") + "\n").unwrap();
}

/// The profile and player whose mean payoff the NaN test spoils.
const SPOILED_PROFILE: &str = "always_defect vs grudger";
const SPOILED_PLAYER: &str = "Column";

fn put_nan_in_one_mean_payoff(folder: &Path) {
    let mut spoiled = 0;
    edit_table(&folder.join("summary.csv"), |row| {
        if row["profile"] == SPOILED_PROFILE && row["player"] == SPOILED_PLAYER {
            row.insert("mean_payoff".into(), "NaN".into());
            spoiled += 1;
        }
        true
    });
    assert_eq!(spoiled, 1, "the fixture has one row for the spoiled cell");
}

fn remove_one_players_rounds(folder: &Path) {
    let mut removed = 0;
    edit_table(&folder.join("rounds.csv"), |row| {
        let keep = row["player"] != SPOILED_PLAYER;
        removed += usize::from(!keep);
        keep
    });
    assert!(removed > 0, "the fixture has rounds of {SPOILED_PLAYER}");
}

/// The chart files of `stem` in `folder`.
fn chart_files(folder: &Path, stem: &str) -> Vec<String> {
    ["svg", "pdf", "png"]
        .iter()
        .map(|extension| format!("{stem}.{extension}"))
        .filter(|name| folder.join(name).exists())
        .collect()
}

#[test]
fn a_nan_mean_payoff_fails_the_charts_that_show_it_with_the_cause_and_writes_none_of_their_files() {
    let scratch = tempfile::tempdir().unwrap();
    let results = fixture(scratch.path());
    let folder = scratch.path().join("nan");
    tables_only(&results, &folder);
    put_nan_in_one_mean_payoff(&folder);
    let rendered = dilemma::chart::render_all(&folder, &recorded_context(&results))
        .expect("a render with a failing chart still returns");
    // The dot plot and the heatmap show mean_payoff from summary.csv; the rounds panels read
    // rounds.csv, which is intact.
    for stem in ["payoffs", "heatmap"] {
        let failure = rendered
            .failures
            .iter()
            .find(|failure| failure.contains(&format!("chart {stem} ")))
            .unwrap_or_else(|| panic!("no failure names {stem}: {:?}", rendered.failures));
        for cause in [
            "mean_payoff",
            SPOILED_PLAYER,
            SPOILED_PROFILE,
            "not a number",
        ] {
            assert!(
                failure.contains(cause),
                "{failure:?} does not say {cause:?}"
            );
        }
        assert_eq!(chart_files(&folder, stem), Vec::<String>::new());
        assert!(
            !rendered.files.iter().any(|file| file.starts_with(stem)),
            "{:?}",
            rendered.files
        );
    }
    assert_eq!(rendered.failures.len(), 2, "{:?}", rendered.failures);
    assert_eq!(
        chart_files(&folder, "rounds"),
        ["rounds.svg", "rounds.pdf", "rounds.png"]
    );
}

#[test]
fn a_player_missing_from_rounds_fails_the_rounds_chart_with_the_cause_and_writes_none_of_its_files()
{
    let scratch = tempfile::tempdir().unwrap();
    let results = fixture(scratch.path());
    let folder = scratch.path().join("empty");
    tables_only(&results, &folder);
    remove_one_players_rounds(&folder);
    let rendered = dilemma::chart::render_all(&folder, &recorded_context(&results))
        .expect("a render with a failing chart still returns");
    assert_eq!(rendered.failures.len(), 1, "{:?}", rendered.failures);
    let failure = &rendered.failures[0];
    for cause in ["chart rounds ", "rounds.csv", "no rows", SPOILED_PLAYER] {
        assert!(
            failure.contains(cause),
            "{failure:?} does not say {cause:?}"
        );
    }
    assert_eq!(chart_files(&folder, "rounds"), Vec::<String>::new());
    // The charts drawn from summary.csv are unaffected.
    for stem in ["payoffs", "heatmap"] {
        assert_eq!(chart_files(&folder, stem).len(), 3, "{stem}");
    }
}

/// `dilemma plot` on `results`; the output.
fn plot(results: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["plot", results.to_str().unwrap(), "-q"];
    args.extend(extra);
    dilemma(&args)
}

/// Every file of a folder with its bytes, by name.
fn snapshot(folder: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().into_string().unwrap(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

/// An edit of a results folder's tables.
type Edit = fn(&Path);

#[test]
fn plot_refuses_a_folder_whose_tables_were_edited_and_leaves_it_as_it_was() {
    let scratch = tempfile::tempdir().unwrap();
    let results = fixture(scratch.path());
    let edits: [(&str, Edit); 2] = [
        ("summary.csv", put_nan_in_one_mean_payoff),
        ("rounds.csv", remove_one_players_rounds),
    ];
    for (table, edit) in edits {
        let copy = scratch.path().join(format!("edited-{table}"));
        std::fs::create_dir(&copy).unwrap();
        for (name, bytes) in snapshot(&results) {
            std::fs::write(copy.join(name), bytes).unwrap();
        }
        edit(&copy);
        let before = snapshot(&copy);
        let output = plot(&copy, &[]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{table}: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{table}: one error line: {stderr}");
        assert!(lines[0].starts_with("error: "), "{stderr}");
        assert!(
            lines[0].contains(&format!("{table} (edited)")),
            "the message names the edited table: {stderr}"
        );
        assert_eq!(snapshot(&copy), before, "{table}: the folder was changed");
    }
}

/// The chart files (SVG, PDF, PNG) of a folder with their bytes.
fn chart_snapshot(folder: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(folder)
        .into_iter()
        .filter(|(name, _)| [".svg", ".pdf", ".png"].iter().any(|e| name.ends_with(e)))
        .collect()
}

#[test]
fn plot_reproduces_the_runs_charts_byte_for_byte() {
    let scratch = tempfile::tempdir().unwrap();
    let results = fixture(scratch.path());
    let run = chart_snapshot(&results);
    assert_eq!(run.len(), 3 * CHARTS.len(), "{:?}", run.keys());
    // Each process hashes with its own random keys: several plots give an order that depends on
    // a hash map (svg2pdf's, for translucent groups) several chances to show.
    for attempt in 1..=3 {
        let output = plot(&results, &[]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let plotted = chart_snapshot(&results);
        assert_eq!(
            plotted.keys().collect::<Vec<_>>(),
            run.keys().collect::<Vec<_>>()
        );
        // SVG first: the issue's requirement. Then PDF and PNG, rendered from it.
        for extension in [".svg", ".pdf", ".png"] {
            for (name, bytes) in run.iter().filter(|(name, _)| name.ends_with(extension)) {
                assert!(
                    plotted[name] == *bytes,
                    "plot {attempt}: {name} differs from the run's ({} bytes, was {})",
                    plotted[name].len(),
                    bytes.len()
                );
            }
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    dilemma::rng::hex(&sha2::Sha256::digest(bytes))
}

#[test]
fn plot_with_format_width_and_dpi_writes_only_those_pdfs_and_a_manifest_that_lists_exactly_the_folder()
 {
    let scratch = tempfile::tempdir().unwrap();
    let results = fixture(scratch.path());
    let output = plot(
        &results,
        &["--format", "pdf", "--width", "3.5in", "--dpi", "300"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let charts = chart_snapshot(&results);
    let expected: Vec<String> = CHARTS
        .iter()
        .map(|chart| format!("{}.pdf", chart.stem))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(charts.keys().cloned().collect::<Vec<_>>(), expected);
    for (name, bytes) in &charts {
        let (width, _) = pdf_page_size(bytes);
        let asked = 3.5 * POINTS_PER_INCH;
        assert!(
            (width - asked).abs() <= 0.5,
            "{name} is {width} pt wide, not {asked}"
        );
    }
    // The manifest lists exactly the files present (all but itself), each with its hash.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(results.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["complete"], true);
    let mut listed = std::collections::BTreeMap::new();
    for entry in manifest["files"].as_array().unwrap() {
        listed.insert(
            entry["name"].as_str().unwrap().to_string(),
            (
                entry["sha256"].as_str().unwrap().to_string(),
                entry["bytes"].as_u64().unwrap(),
            ),
        );
    }
    let present: std::collections::BTreeMap<String, (String, u64)> = snapshot(&results)
        .into_iter()
        .filter(|(name, _)| name != "manifest.json")
        .map(|(name, bytes)| (name, (sha256_hex(&bytes), bytes.len() as u64)))
        .collect();
    assert_eq!(listed, present);
    // The folder is still the run's: a new run into it is allowed.
    let scenario = scratch.path().join("scenario.toml");
    let output = dilemma(&[
        "run",
        scenario.to_str().unwrap(),
        "--out",
        results.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        output.status.success(),
        "a run into a replotted folder: {}",
        text(&output.stderr)
    );
    assert_eq!(chart_snapshot(&results).len(), 3 * CHARTS.len());
}

/// How far two images of the same size differ: the largest channel difference, the mean
/// absolute channel difference, and how many pixels differ by more than `visible` in a channel.
#[derive(Debug, Clone, Copy)]
struct Difference {
    max: u8,
    mean: f64,
    visible_pixels: usize,
}

/// A channel difference anyone would see on a white page: a tenth of the range.
const VISIBLE: u8 = 26;

fn difference(a: &Png, b: &Png) -> Difference {
    assert_eq!(
        (a.width, a.height),
        (b.width, b.height),
        "images of one size"
    );
    let mut max = 0;
    let mut total = 0u64;
    let mut visible_pixels = 0;
    for (pa, pb) in a.rgb.chunks_exact(3).zip(b.rgb.chunks_exact(3)) {
        let channel = pa
            .iter()
            .zip(pb)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap();
        max = max.max(channel);
        visible_pixels += usize::from(channel > VISIBLE);
        total += pa
            .iter()
            .zip(pb)
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum::<u64>();
    }
    Difference {
        max,
        mean: total as f64 / a.rgb.len() as f64,
        visible_pixels,
    }
}

/// `svg` rendered to a PNG at `dpi` as the charts are.
fn render_png(svg: &str, dpi: u32) -> Png {
    let output = dilemma::chart::render::Output {
        formats: vec![dilemma::chart::spec::Format::Png],
        dpi,
        outline_text: false,
    };
    let mut encoded = dilemma::chart::render::encode(svg, &output).expect("the SVG renders");
    decode_png(&encoded.remove(0).1)
}

/// CSS's reference pixel, which an SVG without units is measured in: 96 to the inch.
const CSS_PX_PER_INCH: f64 = 96.0;

/// How far a chart with its text as paths may render from the same chart with text: usvg's
/// writer rounds the outlines' coordinates, so edges move by a small fraction of a pixel; no
/// pixel may change visibly.
const SAME_PICTURE: Difference = Difference {
    max: VISIBLE,
    mean: 0.01,
    visible_pixels: 0,
};

#[test]
fn outlined_text_leaves_no_text_element_and_renders_like_the_text() {
    let scratch = tempfile::tempdir().unwrap();
    let results = fixture(scratch.path());
    let normal = chart_snapshot(&results);
    let output = plot(&results, &["--outline-text"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for chart in &CHARTS {
        let name = format!("{}.svg", chart.stem);
        let outlined = std::fs::read_to_string(results.join(&name)).unwrap();
        assert!(!outlined.contains("<text"), "{name} still holds text");
        let tree = dilemma::chart::render::parse(&outlined)
            .unwrap_or_else(|e| panic!("the outlined {name} does not parse: {e}"));
        assert!(svg_texts(&tree).is_empty(), "{name}");
        // Still the chart's size: written in CSS pixels instead of inches.
        let width: f64 = svg_attribute(&outlined, "width").parse().unwrap();
        assert!(
            (width - WIDTH_IN * CSS_PX_PER_INCH).abs() < 0.01,
            "the outlined {name} is {width} px wide"
        );
        // The PNG of the run, from the SVG with text, against the outlined SVG rendered alike.
        let with_text = decode_png(&normal[&format!("{}.png", chart.stem)]);
        let with_paths = render_png(&outlined, DPI);
        let found = difference(&with_text, &with_paths);
        assert!(
            within(found, SAME_PICTURE),
            "{name}: outlined, it renders {found:?} away from the text (at most {SAME_PICTURE:?})"
        );
    }
}

// Text layout. The old PNGs drew labels glyph by glyph at rounded positions
// (`gen erous_tit_for _tat`). Here a whole string as one `<text>` must look exactly like its
// glyphs placed one by one where the font says: each advance width from the font file, plus the
// kerning between the pair.

/// The font every chart names, as shipped.
static DEJAVU_SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// The strings whose layout is checked: the label that came out `gen erous_tit_for _tat`, and
/// strings made of kerned pairs.
const LAYOUT_STRINGS: [&str; 5] = ["generous_tit_for_tat", "AVAVA", "To", "LT", "r."];

/// Kerning pairs of DejaVu Sans's legacy `kern` table as fontTools reads them, in font units
/// (2048 per em): every pair of neighbours in [`LAYOUT_STRINGS`] that the table kerns. `r`→`o`
/// (−45) is in `generous_tit_for_tat`: that string is not free of kerning. The font's GPOS
/// `kern` feature, which resvg's shaper applies in preference to the legacy table, gives these
/// pairs the same values (fontTools: GPOS lookup 14, a class-pair table).
const KERN_PAIRS: [(char, char, i16); 6] = [
    ('A', 'V', -131),
    ('V', 'A', -131),
    ('T', 'o', -348),
    ('L', 'T', -282),
    ('r', '.', -188),
    ('r', 'o', -45),
];

fn face() -> ttf_parser::Face<'static> {
    ttf_parser::Face::parse(DEJAVU_SANS, 0).expect("DejaVu Sans parses")
}

fn kerning(left: char, right: char) -> i16 {
    KERN_PAIRS
        .iter()
        .find(|(a, b, _)| (*a, *b) == (left, right))
        .map_or(0, |pair| pair.2)
}

/// Text size, left edge and baseline of the test strings, in points (the SVGs' user units).
const TEXT_PT: f64 = 24.0;
const LEFT_PT: f64 = 6.0;
const BASELINE_PT: f64 = 30.0;
const LINE_BOX_PT: f64 = 40.0;

/// The high resolution of the layout comparisons: 24 pt text is 200 px to the em, so the
/// smallest pair, −45/2048 em, moves a glyph by 4.4 px.
const LAYOUT_DPI: u32 = 600;
/// A screen's resolution, where a glyph rounded to a whole pixel moves up to 1/48 em at 24 pt.
const LOW_DPI: u32 = 72;

/// Where each glyph of `text` starts, in points: the sum of the advances before it, with the
/// kerning pairs when `kern`.
fn pen_positions(text: &str, kern: bool) -> Vec<f64> {
    let face = face();
    let scale = TEXT_PT / f64::from(face.units_per_em());
    let chars: Vec<char> = text.chars().collect();
    let mut pen = 0i64;
    let mut positions = Vec::with_capacity(chars.len());
    for (index, &c) in chars.iter().enumerate() {
        positions.push(LEFT_PT + pen as f64 * scale);
        pen += i64::from(advance(&face, c));
        if kern && let Some(&next) = chars.get(index + 1) {
            pen += i64::from(kerning(c, next));
        }
    }
    positions
}

fn advance(face: &ttf_parser::Face, c: char) -> u16 {
    let glyph = face.glyph_index(c).expect("the font has the glyph");
    face.glyph_hor_advance(glyph)
        .expect("the glyph has an advance")
}

/// An SVG of one line of text, `width_pt` wide, in points; each `(x, text)` one `<text>`.
fn text_svg(elements: &[(f64, String)], width_pt: f64) -> String {
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}in" height="{}in" viewBox="0 0 {width_pt} {LINE_BOX_PT}">"#,
        width_pt / POINTS_PER_INCH,
        LINE_BOX_PT / POINTS_PER_INCH,
    );
    for (x, text) in elements {
        svg.push_str(&format!(
            r#"<text x="{x}" y="{BASELINE_PT}" font-family="DejaVu Sans" font-size="{TEXT_PT}">{text}</text>"#
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// How the glyphs are placed one by one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Placement {
    /// Advances and kerning, exact.
    Font,
    /// Advances only.
    WithoutKerning,
    /// Advances and kerning, each glyph's left edge rounded to a whole pixel at `dpi` (the old
    /// bitmap drawing's habit).
    RoundedAt(u32),
}

/// The whole string as one `<text>`, and its glyphs placed one by one as `placement` says, both
/// rendered at `dpi`: how far the two images differ, and where resvg put each glyph of the whole
/// string (for failure messages).
fn layout_difference(text: &str, placement: Placement, dpi: u32) -> (Difference, Vec<f32>) {
    let exact = pen_positions(text, true);
    let face = face();
    let last = text.chars().last().unwrap();
    let last_advance = f64::from(advance(&face, last)) * TEXT_PT / f64::from(face.units_per_em());
    let width_pt = exact.last().unwrap() + last_advance + LEFT_PT;
    let whole = text_svg(&[(LEFT_PT, text.to_string())], width_pt);
    let positions = match placement {
        Placement::Font => exact,
        Placement::WithoutKerning => pen_positions(text, false),
        Placement::RoundedAt(low) => {
            let pixels_per_pt = f64::from(low) / POINTS_PER_INCH;
            exact
                .iter()
                .map(|x| (x * pixels_per_pt).round() / pixels_per_pt)
                .collect()
        }
    };
    let glyphs: Vec<(f64, String)> = positions
        .into_iter()
        .zip(text.chars())
        .map(|(x, c)| (x, c.to_string()))
        .collect();
    let one_by_one = text_svg(&glyphs, width_pt);
    (
        difference(&render_png(&whole, dpi), &render_png(&one_by_one, dpi)),
        laid_out(&whole),
    )
}

/// The left edge of each glyph of an SVG's texts as resvg lays them out, in user units.
fn laid_out(svg: &str) -> Vec<f32> {
    fn walk(group: &usvg::Group, positions: &mut Vec<f32>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(group) => walk(group, positions),
                usvg::Node::Text(text) => positions.extend(
                    text.layouted()
                        .iter()
                        .flat_map(|span| &span.positioned_glyphs)
                        .map(|glyph| glyph.transform().tx),
                ),
                _ => {}
            }
        }
    }
    let mut positions = Vec::new();
    walk(
        dilemma::chart::render::parse(svg).unwrap().root(),
        &mut positions,
    );
    positions
}

/// How far a string drawn whole may differ from its glyphs placed by the font. Measured: not at
/// all (largest channel difference 0) for every layout string at 50 to 600 dpi, the same
/// outlines at the same positions. The margin covers rounding below a hundredth of a pixel
/// (resvg adds advances in f32, this test in f64); no pixel may change visibly.
const SAME_LAYOUT: Difference = Difference {
    max: 2,
    mean: 0.01,
    visible_pixels: 0,
};

fn within(found: Difference, limit: Difference) -> bool {
    found.max <= limit.max
        && found.mean <= limit.mean
        && found.visible_pixels <= limit.visible_pixels
}

/// A difference the layout check must see: pixels visibly changed, and on average ten times
/// the tolerance.
fn clearly_beyond(found: Difference, limit: Difference) -> bool {
    found.visible_pixels > 0 && found.max > VISIBLE && found.mean > 10.0 * limit.mean
}

#[test]
fn the_kerning_pairs_are_those_of_the_fonts_kern_table() {
    let face = face();
    assert_eq!(face.units_per_em(), 2048);
    let kern = face.tables().kern.expect("DejaVu Sans has a kern table");
    let legacy = |left: char, right: char| -> i16 {
        let (left, right) = (
            face.glyph_index(left).unwrap(),
            face.glyph_index(right).unwrap(),
        );
        kern.subtables
            .into_iter()
            .filter(|subtable| subtable.horizontal && !subtable.variable)
            .filter_map(|subtable| subtable.glyphs_kerning(left, right))
            .sum()
    };
    for (left, right, value) in KERN_PAIRS {
        assert_eq!(legacy(left, right), value, "{left}{right}");
    }
    // Every neighbouring pair of the layout strings is kerned as KERN_PAIRS says (0 if absent).
    for text in LAYOUT_STRINGS {
        let chars: Vec<char> = text.chars().collect();
        for pair in chars.windows(2) {
            assert_eq!(
                legacy(pair[0], pair[1]),
                kerning(pair[0], pair[1]),
                "{}{} in {text}",
                pair[0],
                pair[1]
            );
        }
    }
}

#[test]
fn a_string_drawn_whole_matches_its_glyphs_placed_by_advance_widths_and_kerning() {
    for text in LAYOUT_STRINGS {
        for dpi in [LAYOUT_DPI, LOW_DPI] {
            let (found, resvg) = layout_difference(text, Placement::Font, dpi);
            assert!(
                within(found, SAME_LAYOUT),
                "{text} at {dpi} dpi: drawn whole it differs from its glyphs placed by the font \
                 by {found:?} (at most {SAME_LAYOUT:?}); resvg put the glyphs at {resvg:?} pt, \
                 the font says {:?}",
                pen_positions(text, true)
            );
        }
    }
}

#[test]
fn the_layout_check_sees_glyphs_placed_without_kerning() {
    for text in LAYOUT_STRINGS {
        let (found, _) = layout_difference(text, Placement::WithoutKerning, LAYOUT_DPI);
        assert!(
            clearly_beyond(found, SAME_LAYOUT),
            "{text}: glyphs placed without kerning differ by only {found:?}"
        );
    }
}

#[test]
fn the_layout_check_sees_glyphs_rounded_to_whole_pixels() {
    // The old bug: each glyph of the label drawn at a whole pixel at screen resolution.
    let text = "generous_tit_for_tat";
    let (found, _) = layout_difference(text, Placement::RoundedAt(LOW_DPI), LOW_DPI);
    assert!(
        clearly_beyond(found, SAME_LAYOUT),
        "{text}: glyphs at whole pixels differ by only {found:?}"
    );
}

/// A title with XML's special characters, Cyrillic and Japanese: `&`, `<`, `>` and `"` must
/// reach the SVG escaped, and the text must come back as written.
const HOSTILE_TITLE: &str = r#"Курилы & 北方領土 "<x>""#;
/// The same without the Japanese, which DejaVu Sans has no glyphs for.
const HOSTILE_TITLE_IN_FONT: &str = r#"Курилы & "<x>" 'y'"#;

/// A small run whose `[[charts]]` titles are the hostile ones, `hostile` and `in_font`.
fn hostile_run(dir: &Path) -> PathBuf {
    // TOML literal strings ('…') hold `"` and `&` as they are; the one with `'` is escaped.
    let scenario = format!(
        "{GAME}\n[[charts]]\nkind = \"payoffs\"\nfile = \"hostile\"\ntitle = '{HOSTILE_TITLE}'\n\
         \n[[charts]]\nkind = \"payoffs\"\nfile = \"in_font\"\ntitle = \"{}\"\n",
        HOSTILE_TITLE_IN_FONT.replace('"', "\\\"")
    );
    run_scenario(dir, &scenario)
}

#[test]
fn a_hostile_title_is_escaped_in_a_valid_svg_and_read_back_as_written() {
    let scratch = tempfile::tempdir().unwrap();
    let results = hostile_run(scratch.path());
    for (stem, title) in [
        ("hostile", HOSTILE_TITLE),
        ("in_font", HOSTILE_TITLE_IN_FONT),
    ] {
        let svg = std::fs::read_to_string(results.join(format!("{stem}.svg"))).unwrap();
        let tree = dilemma::chart::render::parse(&svg)
            .unwrap_or_else(|e| panic!("{stem}.svg is not valid SVG: {e}"));
        let texts = svg_texts(&tree);
        assert!(
            texts.iter().any(|text| text == title),
            "{stem}.svg: no text {title:?} in {texts:?}"
        );
        assert!(
            !svg.contains("<x>"),
            "{stem}.svg holds the title's <x> as markup"
        );
    }
}

#[test]
fn a_hostile_title_in_the_fonts_scripts_survives_as_text_in_the_pdf() {
    let scratch = tempfile::tempdir().unwrap();
    let results = hostile_run(scratch.path());
    let extracted = pdf_text(&std::fs::read(results.join("in_font.pdf")).unwrap());
    assert!(
        extracted.contains(HOSTILE_TITLE_IN_FONT),
        "{HOSTILE_TITLE_IN_FONT:?} is not in the PDF's text {extracted:?}"
    );
}

#[test]
fn characters_outside_the_font_are_named_in_a_note_not_dropped_silently() {
    // DejaVu Sans, the only font the PDF and PNG renderers use (so a chart looks the same on
    // every machine), has no CJK glyphs: fontTools lists no cmap entry for 北, 方, 領 or 土.
    let scratch = tempfile::tempdir().unwrap();
    let results = hostile_run(scratch.path());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(results.join("manifest.json")).unwrap()).unwrap();
    let notes: Vec<&str> = manifest["chart_notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|note| note.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|note| note.starts_with("hostile:") && note.contains("北方領土")),
        "no note names the missing glyphs: {notes:?}"
    );
    assert!(
        !notes.iter().any(|note| note.starts_with("in_font:")),
        "a chart whose text the font covers has a glyph note: {notes:?}"
    );
}

/// Every text of an SVG with the box resvg lays it out in, in CSS pixels of the page.
fn text_boxes(tree: &usvg::Tree) -> Vec<(String, usvg::Rect)> {
    fn walk(group: &usvg::Group, boxes: &mut Vec<(String, usvg::Rect)>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(group) => walk(group, boxes),
                usvg::Node::Text(text) => boxes.push((
                    text.chunks()
                        .iter()
                        .map(|chunk| chunk.text())
                        .collect::<String>()
                        .trim()
                        .to_string(),
                    text.abs_bounding_box(),
                )),
                _ => {}
            }
        }
    }
    let mut boxes = Vec::new();
    walk(tree.root(), &mut boxes);
    boxes
}

/// Texts of the chart `name` that overlap one another or leave the page.
fn text_collisions(name: &str, svg: &str) -> Vec<String> {
    let tree = dilemma::chart::render::parse(svg).unwrap();
    let (width, height) = (tree.size().width(), tree.size().height());
    let boxes = text_boxes(&tree);
    let mut collisions = Vec::new();
    for (index, (a, box_a)) in boxes.iter().enumerate() {
        if box_a.left() < 0.0
            || box_a.top() < 0.0
            || box_a.right() > width
            || box_a.bottom() > height
        {
            collisions.push(format!(
                "{name}: {a:?} at {box_a:?} leaves the {width} × {height} page"
            ));
        }
        for (b, box_b) in &boxes[index + 1..] {
            if box_a.left() < box_b.right()
                && box_b.left() < box_a.right()
                && box_a.top() < box_b.bottom()
                && box_b.top() < box_a.bottom()
            {
                collisions.push(format!(
                    "{name}: {a:?} at {box_a:?} overlaps {b:?} at {box_b:?}"
                ));
            }
        }
    }
    collisions
}

#[test]
fn no_chart_text_overlaps_another_or_leaves_the_page_at_one_or_two_columns() {
    let scratch = tempfile::tempdir().unwrap();
    let results = fixture(scratch.path());
    let mut collisions = Vec::new();
    // The fixture's 3in, then a journal's two columns.
    for width in [None, Some("7in")] {
        if let Some(width) = width {
            let output = plot(&results, &["--width", width, "--format", "svg"]);
            assert!(output.status.success(), "{}", text(&output.stderr));
        }
        for chart in &CHARTS {
            let name = format!("{}.svg at {}", chart.stem, width.unwrap_or("3in"));
            let svg = std::fs::read_to_string(results.join(format!("{}.svg", chart.stem))).unwrap();
            collisions.extend(text_collisions(&name, &svg));
        }
    }
    assert!(collisions.is_empty(), "{}", collisions.join("\n"));
}

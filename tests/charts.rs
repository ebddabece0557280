//! Charts as a reader receives them: every kind rendered from a small results folder to SVG (text
//! as text, sized in inches), PDF (font embedded, text extractable, page of the asked size) and
//! PNG (pixel size and DPI recorded); failures reported, never drawn; `dilemma plot` making the
//! run's charts again; text laid out glyph by glyph exactly as the font says.
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
    fn walk(group: &usvg::Group, texts: &mut Vec<String>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(group) => walk(group, texts),
                usvg::Node::Text(text) => texts.push(
                    text.chunks()
                        .iter()
                        .map(|chunk| chunk.text())
                        .collect::<String>()
                        .trim()
                        .to_string(),
                ),
                _ => {}
            }
        }
    }
    let mut texts = Vec::new();
    walk(tree.root(), &mut texts);
    texts
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

//! One drawing, three formats: a figure is drawn once as SVG (plotters), sized in inches; the PDF
//! (svg2pdf, font embedded) and the PNG (resvg, DPI recorded) are rendered from that SVG, so
//! they look the same.

use super::spec::{Format, POINTS_PER_INCH};
use super::theme::{self, DEJAVU_SANS, FONT, Theme, UNITS_PER_PT};
use plotters::coord::Shift;
use plotters::prelude::*;
use resvg::usvg;
use std::sync::{Arc, OnceLock};

pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A figure drawn on a plotters drawing area whose units are [`UNITS_PER_PT`] per point.
pub trait Figure {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// How the files of one figure are written.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub formats: Vec<Format>,
    /// PNG resolution.
    pub dpi: u32,
    /// Text as paths in the SVG (no font needed to view it); the PDF and PNG are unchanged.
    pub outline_text: bool,
}

/// Default PNG resolution: what journals ask of line art is 300 to 600; 300 keeps files small.
pub const DEFAULT_DPI: u32 = 300;

/// The SVG of `figure` at `theme`'s size: width and height in inches, drawing units in the
/// viewBox, and the font named so that every viewer picks DejaVu Sans (or its metric cousins).
pub fn svg(figure: &impl Figure, theme: &Theme) -> Result<String, String> {
    theme::register_font();
    let size = theme.canvas();
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        figure.draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    let units = |value: u32| f64::from(value) / UNITS_PER_PT / POINTS_PER_INCH;
    let opening = format!(
        r#"<svg width="{}" height="{}" viewBox="0 0 {} {}""#,
        size.0, size.1, size.0, size.1
    );
    let sized = format!(
        r#"<svg width="{:.4}in" height="{:.4}in" viewBox="0 0 {} {}""#,
        units(size.0),
        units(size.1),
        size.0,
        size.1
    );
    if !text.contains(&opening) {
        return Err("the SVG backend wrote an unexpected header".into());
    }
    Ok(text.replacen(&opening, &sized, 1).replace(
        &format!(r#"font-family="{FONT}""#),
        &format!(r#"font-family="{FONT}, Verdana, sans-serif""#),
    ))
}

/// The font database the renderers use: the embedded DejaVu Sans only, so a PNG or PDF made on
/// any machine uses the glyphs plotters measured the layout with.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(DEJAVU_SANS.to_vec());
            database.set_sans_serif_family(FONT);
            Arc::new(database)
        })
        .clone()
}

/// Parses an SVG as the renderers see it.
pub fn parse(svg: &str) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        font_family: FONT.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the SVG: {e}"))
}

/// The bytes of each requested format, in the order asked, from one SVG.
pub fn encode(svg: &str, output: &Output) -> Result<Vec<(Format, Vec<u8>)>, String> {
    let tree = parse(svg)?;
    output
        .formats
        .iter()
        .map(|format| {
            let bytes = match format {
                Format::Svg if output.outline_text => outline_svg(&tree).into_bytes(),
                Format::Svg => svg.as_bytes().to_vec(),
                Format::Pdf => pdf(&tree)?,
                Format::Png => png(&tree, output.dpi)?,
            };
            Ok((*format, bytes))
        })
        .collect()
}

/// The SVG with every text turned into paths (usvg's writer outlines text).
fn outline_svg(tree: &usvg::Tree) -> String {
    tree.to_string(&usvg::WriteOptions::default())
}

/// usvg measures the SVG's inches at this many pixels per inch (CSS's reference pixel).
const USVG_DPI: f32 = 96.0;

fn pdf(tree: &usvg::Tree) -> Result<Vec<u8>, String> {
    svg2pdf::to_pdf(
        tree,
        svg2pdf::ConversionOptions::default(),
        // A page of the SVG's size in inches.
        svg2pdf::PageOptions { dpi: USVG_DPI },
    )
    .map_err(|e| format!("cannot make the PDF: {e}"))
}

/// The PNG's size in pixels for an SVG of `width_in × height_in` inches at `dpi`.
pub fn png_size(tree: &usvg::Tree, dpi: u32) -> (u32, u32) {
    let scale = dpi as f32 / USVG_DPI;
    let size = tree.size();
    (
        (size.width() * scale).round().max(1.0) as u32,
        (size.height() * scale).round().max(1.0) as u32,
    )
}

fn png(tree: &usvg::Tree, dpi: u32) -> Result<Vec<u8>, String> {
    let (width, height) = png_size(tree, dpi);
    let most = super::spec::MAX_PNG_SIDE;
    if width > most || height > most {
        return Err(format!(
            "a PNG of {width} × {height} px at {dpi} dpi is larger than {most} px a side; lower \
             the dpi or the size"
        ));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("cannot allocate a {width} × {height} px image"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let scale = (
        width as f32 / tree.size().width(),
        height as f32 / tree.size().height(),
    );
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(scale.0, scale.1),
        &mut pixmap.as_mut(),
    );
    encode_png(&pixmap, dpi)
}

/// PNG with the resolution recorded (pHYs, in pixels per metre) so a word processor places it at
/// its intended size; tiny-skia's own encoder leaves it out.
fn encode_png(pixmap: &resvg::tiny_skia::Pixmap, dpi: u32) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    // The background is opaque white: RGB is a quarter smaller than RGBA.
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Best);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    let error = |e: png::EncodingError| format!("cannot encode the PNG: {e}");
    let mut writer = encoder.write_header().map_err(error)?;
    writer.write_image_data(&rgb).map_err(error)?;
    writer.finish().map_err(error)?;
    Ok(bytes)
}

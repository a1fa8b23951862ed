use image::{
    codecs::png::{CompressionType, FilterType, PngEncoder},
    ExtendedColorType, ImageEncoder,
};

use super::encode_error;
use crate::{Bitmap, Layout, Output, Result};

/// 8-bit PNG in the bitmap's own layout, adaptive filtering, zlib level from `compression`;
/// with `palette`, colours are quantised to at most 256 (NeuQuant) and written indexed.
pub(super) fn encode(bitmap: &Bitmap, output: &Output) -> Result<Vec<u8>> {
    let level = output.compression.unwrap_or(Output::DEFAULT_COMPRESSION);
    if output.palette {
        return indexed(bitmap, level);
    }
    let colour = match bitmap.layout {
        Layout::Gray => ExtendedColorType::L8,
        Layout::GrayAlpha => ExtendedColorType::La8,
        Layout::Rgb => ExtendedColorType::Rgb8,
        Layout::Rgba => ExtendedColorType::Rgba8,
    };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(
        &mut out,
        CompressionType::Level(level),
        FilterType::Adaptive,
    )
    .write_image(&bitmap.data, bitmap.width, bitmap.height, colour)
    .map_err(|e| encode_error("png")(&e))?;
    Ok(out)
}

fn indexed(bitmap: &Bitmap, level: u8) -> Result<Vec<u8>> {
    let err = encode_error("png");
    let rgba = bitmap.clone().into_colour().with_alpha();
    let quant = color_quant::NeuQuant::new(10, 256, &rgba.data);
    let indices: Vec<u8> = rgba
        .data
        .chunks_exact(4)
        .map(|p| quant.index_of(p) as u8)
        .collect();
    let map = quant.color_map_rgba();
    let palette: Vec<u8> = map
        .chunks_exact(4)
        .flat_map(|c| [c[0], c[1], c[2]])
        .collect();
    let alphas: Vec<u8> = map.chunks_exact(4).map(|c| c[3]).collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, bitmap.width, bitmap.height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    if bitmap.layout.has_alpha() {
        encoder.set_trns(alphas);
    }
    encoder.set_deflate_compression(png::DeflateCompression::Level(level));
    let mut writer = encoder.write_header().map_err(|e| err(&e))?;
    writer.write_image_data(&indices).map_err(|e| err(&e))?;
    writer.finish().map_err(|e| err(&e))?;
    Ok(out)
}

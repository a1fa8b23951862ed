use image::{
    codecs::png::{CompressionType, FilterType, PngEncoder},
    ExtendedColorType, ImageEncoder,
};

use super::encode_error;
use crate::{Bitmap, Layout, Output, Result};

/// 8-bit PNG in the bitmap's own layout, adaptive filtering, zlib level from `compression`.
pub(super) fn encode(bitmap: &Bitmap, output: &Output) -> Result<Vec<u8>> {
    let colour = match bitmap.layout {
        Layout::Gray => ExtendedColorType::L8,
        Layout::GrayAlpha => ExtendedColorType::La8,
        Layout::Rgb => ExtendedColorType::Rgb8,
        Layout::Rgba => ExtendedColorType::Rgba8,
    };
    let level = output.compression.unwrap_or(Output::DEFAULT_COMPRESSION);
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

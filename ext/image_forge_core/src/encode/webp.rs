use webp::{Encoder, PixelLayout, WebPConfig};

use super::encode_error;
use crate::{Bitmap, Format, Layout, Output, Result};

/// Lossy (quality) or lossless WebP through libwebp. Expects an RGB or RGBA bitmap.
pub(super) fn encode(bitmap: Bitmap, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("webp");
    let layout = if bitmap.layout == Layout::Rgba {
        PixelLayout::Rgba
    } else {
        PixelLayout::Rgb
    };
    let mut config = WebPConfig::new().map_err(|()| err(&"libwebp config version mismatch"))?;
    config.lossless = i32::from(output.lossless);
    config.quality = f32::from(output.quality_for(Format::Webp));
    config.method = i32::from(output.effort.unwrap_or(Output::DEFAULT_EFFORT));
    config.alpha_compression = i32::from(!output.lossless);
    let memory = Encoder::new(&bitmap.data, layout, bitmap.width, bitmap.height)
        .encode_advanced(&config)
        .map_err(|e| err(&format!("{e:?}")))?;
    Ok(memory.to_vec())
}

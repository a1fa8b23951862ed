use image::{codecs::gif::GifEncoder, ExtendedColorType};

use super::encode_error;
use crate::{Bitmap, Layout, Result};

/// A still GIF: colours quantised to a 256-entry palette (NeuQuant), alpha as transparency.
pub(super) fn encode(bitmap: Bitmap) -> Result<Vec<u8>> {
    let rgba = bitmap.into_colour().with_alpha();
    debug_assert_eq!(rgba.layout, Layout::Rgba);
    let mut out = Vec::new();
    // Speed 10: NeuQuant samples every 10th pixel, ImageMagick-like quality at a fraction of
    // the cost of speed 1.
    GifEncoder::new_with_speed(&mut out, 10)
        .encode(
            &rgba.data,
            rgba.width,
            rgba.height,
            ExtendedColorType::Rgba8,
        )
        .map_err(|e| encode_error("gif")(&e))?;
    Ok(out)
}

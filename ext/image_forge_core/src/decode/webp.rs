use crate::{error::invalid, Bitmap, Layout, Result};

/// Decodes a still WebP (lossy or lossless) with libwebp.
pub(super) fn decode(bytes: &[u8]) -> Result<Bitmap> {
    let image = webp::Decoder::new(bytes)
        .decode()
        .ok_or_else(|| invalid("WebP: corrupt or truncated data"))?;
    let layout = match image.layout() {
        webp::PixelLayout::Rgba => Layout::Rgba,
        webp::PixelLayout::Rgb => Layout::Rgb,
    };
    Bitmap::new(image.width(), image.height(), layout, image.to_vec())
}

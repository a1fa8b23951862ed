use std::io::Cursor;

use image::{codecs::webp::WebPDecoder, DynamicImage};

use super::{generic::from_dynamic, Decoded};
use crate::{error::invalid, probe::riff_chunk, Bitmap, Info, Layout, Result};

/// Decodes a still WebP (lossy or lossless) with libwebp; an animated one gives its first
/// frame (through image-webp, which libwebp's simple API cannot do).
pub(super) fn decode(bytes: &[u8], info: &Info) -> Result<Decoded> {
    let icc = riff_chunk(bytes, b"ICCP").map(<[u8]>::to_vec);
    if info.frames > 1 {
        let decoder =
            WebPDecoder::new(Cursor::new(bytes)).map_err(|e| invalid(format!("WebP: {e}")))?;
        let image =
            DynamicImage::from_decoder(decoder).map_err(|e| invalid(format!("WebP: {e}")))?;
        return Ok(Decoded {
            bitmap: from_dynamic(image)?,
            icc,
        });
    }
    let image = webp::Decoder::new(bytes)
        .decode()
        .ok_or_else(|| invalid("WebP: corrupt or truncated data"))?;
    let layout = match image.layout() {
        webp::PixelLayout::Rgba => Layout::Rgba,
        webp::PixelLayout::Rgb => Layout::Rgb,
    };
    let bitmap = Bitmap::new(image.width(), image.height(), layout, image.to_vec())?;
    Ok(Decoded { bitmap, icc })
}

use ravif::{BitDepth, Encoder, Img, RGB8, RGBA8};

use super::encode_error;
use crate::{Bitmap, Format, Layout, Output, Result};

/// AVIF through rav1e (ravif), single-threaded. Expects an RGB or RGBA bitmap.
pub(super) fn encode(bitmap: Bitmap, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("avif");
    let quality = f32::from(output.quality_for(Format::Avif));
    let encoder = Encoder::new()
        .with_quality(quality)
        .with_alpha_quality(quality)
        .with_speed(output.speed.unwrap_or(Output::DEFAULT_AVIF_SPEED))
        .with_num_threads(Some(1))
        // 8 bits: every AVIF decoder reads it (10-bit is smaller but not universally read).
        .with_bit_depth(BitDepth::Eight);
    let (w, h) = (bitmap.width as usize, bitmap.height as usize);
    let encoded = if bitmap.layout == Layout::Rgba {
        let px: Vec<RGBA8> = bitmap
            .data
            .chunks_exact(4)
            .map(|p| RGBA8::new(p[0], p[1], p[2], p[3]))
            .collect();
        encoder.encode_rgba(Img::new(&px[..], w, h))
    } else {
        let px: Vec<RGB8> = bitmap
            .data
            .chunks_exact(3)
            .map(|p| RGB8::new(p[0], p[1], p[2]))
            .collect();
        encoder.encode_rgb(Img::new(&px[..], w, h))
    };
    encoded.map(|e| e.avif_file).map_err(|e| err(&e))
}

use std::io::Cursor;

use image::{codecs::png::PngDecoder, ColorType, ImageDecoder};

use super::Decoded;
use crate::{error::invalid, Bitmap, Layout, Result};

/// What the PNG decoder may allocate besides the pixels: the chunks it keeps (iCCP inflated,
/// text and EXIF as read) and a row buffer. A compressed iCCP chunk of 250 KB inflated to
/// 256 MB before this bound (now such a profile is dropped: the png crate skips an iCCP it
/// cannot read); real profiles are well under 1 MB. Text chunks are kept as stored (growing
/// buffers, up to twice their size), so the budget grows with the file: a PNG with megabytes
/// of XMP still decodes.
const METADATA_BUDGET: u64 = 32 << 20;

/// Decodes any PNG (palette and low bit depths are expanded by the decoder) to 8 bits.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded> {
    let png_err = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => invalid(format!(
            "PNG: its metadata chunks need more than {} MiB",
            METADATA_BUDGET >> 20
        )),
        e => invalid(format!("PNG: {e}")),
    };
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(METADATA_BUDGET + 2 * bytes.len() as u64);
    let mut decoder = PngDecoder::with_limits(Cursor::new(bytes), limits).map_err(png_err)?;
    let icc = decoder.icc_profile().ok().flatten();
    let (width, height) = decoder.dimensions();
    let colour = decoder.color_type();
    let layout = match colour {
        ColorType::L8 | ColorType::L16 => Layout::Gray,
        ColorType::La8 | ColorType::La16 => Layout::GrayAlpha,
        ColorType::Rgb8 | ColorType::Rgb16 => Layout::Rgb,
        _ => Layout::Rgba,
    };
    let mut buf = vec![0; decoder.total_bytes() as usize];
    decoder.read_image(&mut buf).map_err(png_err)?;
    let data = if colour.bytes_per_pixel() as usize == layout.channels() {
        buf
    } else {
        to_8_bit(&buf)
    };
    Ok(Decoded::new(Bitmap::new(width, height, layout, data)?, icc))
}

/// 16-bit samples (native-endian, as the decoder returns them) to 8-bit, rounded.
fn to_8_bit(samples: &[u8]) -> Vec<u8> {
    samples
        .chunks_exact(2)
        .map(|s| ((u32::from(u16::from_ne_bytes([s[0], s[1]])) * 255 + 32_767) / 65_535) as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sixteen_bit_samples_round_to_nearest() {
        let s: Vec<u8> = [0u16, 65_535, 32_896, 257, 128]
            .iter()
            .flat_map(|v| v.to_ne_bytes())
            .collect();
        assert_eq!(super::to_8_bit(&s), vec![0, 255, 128, 1, 0]);
    }
}

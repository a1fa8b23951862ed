use std::{borrow::Cow, io::Cursor};

use png::{BitDepth, ColorType, Decoder, InterlaceInfo, Transformations};

use super::Decoded;
use crate::{error::invalid, Bitmap, Cancel, Layout, Result};

/// What the PNG decoder may allocate besides the pixels: the chunks it keeps (iCCP inflated,
/// EXIF as read) and its row buffers. A compressed iCCP chunk of 250 KB inflated to 256 MB
/// before this bound (now such a profile is dropped: the png crate skips an iCCP it cannot
/// read); real profiles are well under 1 MB. The budget grows with the file, so a PNG with
/// megabytes of metadata still decodes.
pub(super) const METADATA_BUDGET: u64 = 32 << 20;

/// Decodes any PNG to 8 bits, row by row: palette and low bit depths are expanded by the
/// decoder, 16-bit rows are rounded to 8 bits as they arrive and interlaced passes are
/// spread into place, so the only full-size buffer is the 8-bit result (a 49 MP 16-bit RGBA
/// file needed 597 MB when decoded whole at 16 bits first).
pub(super) fn decode(bytes: &[u8], cancel: &Cancel) -> Result<Decoded> {
    let png_err = |e: png::DecodingError| match e {
        png::DecodingError::LimitsExceeded => invalid(format!(
            "PNG: its metadata chunks need more than {} MiB",
            METADATA_BUDGET >> 20
        )),
        e => invalid(format!("PNG: {e}")),
    };
    let budget = METADATA_BUDGET + 2 * bytes.len() as u64;
    let mut decoder = Decoder::new_with_limits(
        Cursor::new(bytes),
        png::Limits {
            bytes: usize::try_from(budget).unwrap_or(usize::MAX),
        },
    );
    decoder.set_transformations(Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(png_err)?;
    let icc = reader.info().icc_profile.as_ref().map(|p| p.to_vec());
    let (width, height) = reader.info().size();
    let (colour, depth) = reader.output_color_type();
    let layout = match colour {
        ColorType::Grayscale => Layout::Gray,
        ColorType::GrayscaleAlpha => Layout::GrayAlpha,
        ColorType::Rgb | ColorType::Indexed => Layout::Rgb,
        ColorType::Rgba => Layout::Rgba,
    };
    let stride = width as usize * layout.channels();
    let mut data = vec![0; stride * height as usize];
    let mut line = 0;
    while let Some(row) = reader.next_interlaced_row().map_err(png_err)? {
        cancel.check()?;
        let samples = if depth == BitDepth::Sixteen {
            Cow::Owned(to_8_bit(row.data()))
        } else {
            Cow::Borrowed(row.data())
        };
        match row.interlace() {
            InterlaceInfo::Adam7(pass) => {
                let bits = (layout.channels() * 8) as u8;
                png::expand_interlaced_row(&mut data, stride, &samples, pass, bits);
            }
            InterlaceInfo::Null(_) => {
                let at = line * stride;
                let dst = data
                    .get_mut(at..at + stride)
                    .ok_or_else(|| invalid("PNG: more rows than its height"))?;
                dst.copy_from_slice(
                    samples
                        .get(..stride)
                        .ok_or_else(|| invalid("PNG: short row"))?,
                );
                line += 1;
            }
        }
    }
    Ok(Decoded::new(Bitmap::new(width, height, layout, data)?, icc))
}

/// 16-bit samples (big-endian, as PNG stores them) to 8-bit, rounded.
fn to_8_bit(samples: &[u8]) -> Vec<u8> {
    samples
        .chunks_exact(2)
        .map(|s| ((u32::from(u16::from_be_bytes([s[0], s[1]])) * 255 + 32_767) / 65_535) as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sixteen_bit_samples_round_to_nearest() {
        let s: Vec<u8> = [0u16, 65_535, 32_896, 257, 128]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        assert_eq!(super::to_8_bit(&s), vec![0, 255, 128, 1, 0]);
    }
}

//! Decoders: bytes of a probed image to an 8-bit [`Bitmap`] in its stored orientation, with
//! the embedded ICC profile (applied later, on the smaller resized image).

mod generic;
mod jpeg;
mod jpeg_reduced;
mod jpeg_rows;
mod png;
mod rows;
mod webp;

pub(crate) use generic::image_format;
pub(crate) use jpeg::decode_planes;
pub(crate) use rows::decode_resized;

use crate::{Bitmap, Cancel, Error, Format, Info, Result};

/// What decoding an image allocates, as its header tells: the probe fills it in, the plan
/// turns it into bytes ([`memory`]) and checks them against `max_memory` before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct DecodeCost {
    /// Bytes per source pixel that shrink-on-load does not reduce (a progressive JPEG's
    /// coefficients, a full-depth image before its 8-bit copy), in sixteenths of a byte.
    pub source_sixteenths: u32,
    /// Bytes per decoded pixel (after shrink-on-load), the result and any copy of it.
    pub decoded: u32,
    /// Channels of the decoded bitmap: 1 (gray) to 4 (RGBA).
    pub channels: u8,
}

/// A decoder's own state besides what [`DecodeCost`] counts: tables, row buffers, chunks.
const DECODER_OVERHEAD: u64 = 8 << 20;

/// Estimated peak bytes of [`decode`] for `info` at `shrink`, from a file of `len` bytes.
pub(crate) fn memory(info: &Info, shrink: u32, len: usize) -> u64 {
    let cost = info.decode_cost;
    let source = u64::from(info.width) * u64::from(info.height);
    let shrink = u64::from(shrink.max(1));
    let decoded = u64::from(info.width).div_ceil(shrink) * u64::from(info.height).div_ceil(shrink);
    let chunks = match info.format {
        Format::Png => png::METADATA_BUDGET + 2 * len as u64,
        _ => len as u64,
    };
    DECODER_OVERHEAD
        + chunks
        + source * u64::from(cost.source_sixteenths) / 16
        + decoded * u64::from(cost.decoded)
}

/// Decoded pixels plus the ICC profile that describes them, when one is embedded.
pub(crate) struct Decoded {
    pub bitmap: Bitmap,
    pub icc: Option<Vec<u8>>,
    /// Decoded pixels per source pixel on each axis (below 1 after shrink-on-load). Not
    /// always size / source size: a JPEG scaled by 1/d has a partial last pixel.
    pub scale: (f64, f64),
}

impl Decoded {
    pub fn new(bitmap: Bitmap, icc: Option<Vec<u8>>) -> Self {
        Decoded {
            bitmap,
            icc,
            scale: (1.0, 1.0),
        }
    }
}

/// Decodes `bytes`, which [`crate::probe`] described as `info`. `shrink` (1, 2, 4 or 8) asks
/// decoders that can for an image that many times smaller per axis (JPEG's DCT scaling);
/// others ignore it. Animated images give their first frame. Decoders that read in pieces
/// (PNG rows, TIFF strips and tiles) check `cancel` between them.
pub(crate) fn decode(bytes: &[u8], info: &Info, shrink: u32, cancel: &Cancel) -> Result<Decoded> {
    match info.format {
        Format::Jpeg => jpeg::decode(bytes, info, shrink),
        Format::Png => png::decode(bytes, cancel),
        Format::Webp => webp::decode(bytes, info, shrink),
        Format::Gif | Format::Bmp | Format::Tiff => {
            generic::decode(bytes, info, memory(info, 1, bytes.len()), cancel)
        }
        other => Err(Error::UnsupportedFormat(format!("cannot decode {other}"))),
    }
}

/// Refuses a decoder whose idea of the image's size is not the probe's: the limits and the
/// memory estimate were checked on the probe's.
fn check_size(info: &Info, decoder: (u32, u32)) -> Result<()> {
    if decoder != (info.width, info.height) {
        return Err(crate::error::invalid(format!(
            "{}: the stream is {}x{} but its header says {}x{}",
            info.format, decoder.0, decoder.1, info.width, info.height
        )));
    }
    Ok(())
}

/// The largest shrink-on-load factor a decoder of `format` can apply and keep the result
/// within 0.5 dB of a full decode (spec/conformance/shrink_on_load_spec.rb). JPEG scales in
/// the DCT domain by 1/2, 1/4 or 1/8 and needs a 3x reduction left for the final Lanczos3
/// (libvips leaves 2x and loses up to 7 dB there); libwebp's box-like rescaler takes any
/// factor but needs 4x left. `fast` (the recipe's `fast_shrink`) lets JPEG go as deep as the
/// output allows, as sharp's `fastShrinkOnLoad` does, for speed over those dBs.
pub(crate) fn shrink_on_load(format: Format, reduction: f64, fast: bool) -> u32 {
    let headroom = if fast { 1.0 } else { 3.0 };
    match format {
        Format::Jpeg => [8, 4, 2]
            .into_iter()
            .find(|&d| reduction >= headroom * f64::from(d))
            .unwrap_or(1),
        Format::Webp => ((reduction / 4.0).floor() as u32).max(1),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_leaves_enough_reduction_for_the_resize() {
        assert_eq!(shrink_on_load(Format::Jpeg, 3.78, false), 1);
        assert_eq!(shrink_on_load(Format::Jpeg, 6.0, false), 2);
        assert_eq!(shrink_on_load(Format::Jpeg, 14.99, false), 4);
        assert_eq!(shrink_on_load(Format::Jpeg, 24.0, false), 8);
        assert_eq!(shrink_on_load(Format::Png, 16.0, false), 1);
        assert_eq!(shrink_on_load(Format::Webp, 16.0, false), 4);
        assert_eq!(shrink_on_load(Format::Webp, 7.9, false), 1);
    }

    #[test]
    fn fast_shrink_goes_as_deep_as_the_output_allows() {
        assert_eq!(shrink_on_load(Format::Jpeg, 1.99, true), 1);
        assert_eq!(shrink_on_load(Format::Jpeg, 3.78, true), 2);
        assert_eq!(shrink_on_load(Format::Jpeg, 4.12, true), 4);
        assert_eq!(shrink_on_load(Format::Jpeg, 16.5, true), 8);
        assert_eq!(shrink_on_load(Format::Png, 16.0, true), 1);
        assert_eq!(shrink_on_load(Format::Webp, 16.0, true), 4);
    }
}

//! Decoders: bytes of a probed image to an 8-bit [`Bitmap`] in its stored orientation, with
//! the embedded ICC profile (applied later, on the smaller resized image).

mod generic;
mod jpeg;
mod png;
mod webp;

use crate::{Bitmap, Error, Format, Info, Result};

/// Decoded pixels plus the ICC profile that describes them, when one is embedded.
pub(crate) struct Decoded {
    pub bitmap: Bitmap,
    pub icc: Option<Vec<u8>>,
}

/// Decodes `bytes`, which [`crate::probe`] described as `info`. `shrink` (1, 2, 4 or 8) asks
/// decoders that can for an image that many times smaller per axis (JPEG's DCT scaling);
/// others ignore it. Animated images give their first frame.
pub(crate) fn decode(bytes: &[u8], info: &Info, shrink: u32) -> Result<Decoded> {
    match info.format {
        Format::Jpeg => jpeg::decode(bytes, shrink),
        Format::Png => png::decode(bytes),
        Format::Webp => webp::decode(bytes, info),
        Format::Gif | Format::Bmp | Format::Tiff => generic::decode(bytes, info.format),
        other => Err(Error::UnsupportedFormat(format!("cannot decode {other}"))),
    }
}

/// The largest shrink-on-load factor a decoder of `format` can apply to leave at least a 2x
/// reduction for the final Lanczos3 resize (libvips' rule: that keeps output quality at par).
pub(crate) fn shrink_on_load(format: Format, reduction: f64) -> u32 {
    if format != Format::Jpeg {
        return 1;
    }
    [8, 4, 2]
        .into_iter()
        .find(|&d| reduction >= 2.0 * f64::from(d))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_leaves_at_least_two_times_for_the_resize() {
        assert_eq!(shrink_on_load(Format::Jpeg, 3.78), 1);
        assert_eq!(shrink_on_load(Format::Jpeg, 4.0), 2);
        assert_eq!(shrink_on_load(Format::Jpeg, 14.99), 4);
        assert_eq!(shrink_on_load(Format::Jpeg, 16.0), 8);
        assert_eq!(shrink_on_load(Format::Png, 16.0), 1);
    }
}

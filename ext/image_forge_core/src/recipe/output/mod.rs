//! Encoder settings: the steps of a recipe that are not ops.

mod parse;
mod print;

pub(super) use parse::{names, set};
pub(super) use print::steps;

use crate::{Colour, Fixed, Format};

/// Encoder settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Output {
    /// Output format. Default: the source format (PNG for BMP and TIFF sources).
    pub format: Option<Format>,
    /// Lossy quality 1..=100. Default: 80 for JPEG, 79 for WebP, 63 for AVIF (as imgproxy).
    pub quality: Option<u8>,
    /// Progressive JPEG. Default: false.
    pub progressive: bool,
    /// Optimised Huffman tables for JPEG (smaller, slower). Default: false.
    pub optimize: bool,
    /// Keep full chroma resolution in JPEG (4:4:4 instead of 4:2:0). Default: false.
    pub chroma_444: bool,
    /// Lossless WebP. Default: false.
    pub lossless: bool,
    /// WebP encoder effort 0..=6. Default: 4.
    pub effort: Option<u8>,
    /// PNG compression 0..=9: 0 stored, 1 fdeflate's single-pass coder (the default, built for
    /// filtered photo rows), 2..=9 zlib levels (smaller for graphics; BENCHMARKS.md).
    pub compression: Option<u8>,
    /// Quantise PNG colours to a palette of at most 256. Default: false.
    pub palette: bool,
    /// AVIF encoder speed 1 (slowest, smallest) ..= 10: libaom's all-intra speed, 10 the same
    /// as 9. Default: 9, as imgproxy.
    pub speed: Option<u8>,
    /// Colour alpha is flattened onto when the output format has none. Default: white.
    pub background: Option<Colour>,
    /// Shrink JPEGs on load as deep as the output size allows (as sharp's default
    /// `fastShrinkOnLoad`): faster, up to 7 dB lower PSNR. Default: false, which leaves
    /// the resize at least 3x of the reduction to do (BENCHMARKS.md).
    pub fast_shrink: bool,
    /// Device pixel ratio: multiplies every size in the ops. Default: 1.
    pub dpr: Option<Fixed>,
    /// Copy the source's EXIF (orientation set upright) into JPEG, PNG and WebP output.
    /// Default: false (stripped).
    pub keep_metadata: bool,
    /// Keep the source's ICC profile and its colours (no conversion to sRGB) in JPEG, PNG and
    /// WebP output. Default: false (converted to sRGB, profile stripped).
    pub keep_icc: bool,
}

impl Output {
    /// PNG: fdeflate's fast coder (see `encode::png`); smaller files at 2..=9 cost 1.4x-4x.
    pub const DEFAULT_COMPRESSION: u8 = 1;
    pub const DEFAULT_EFFORT: u8 = 4;
    pub const DEFAULT_AVIF_SPEED: u8 = 9;

    /// The quality to encode `format` with: the recipe's, or imgproxy's default for it.
    pub fn quality_for(&self, format: Format) -> u8 {
        self.quality.unwrap_or(match format {
            Format::Webp => 79,
            Format::Avif => 63,
            _ => 80,
        })
    }
}

use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

use super::encode_error;
use crate::{Bitmap, Format, Layout, Output, Result};

/// Baseline (or progressive) JPEG with 4:2:0 chroma (4:4:4 on request), as libvips writes
/// by default.
pub(super) fn encode(bitmap: Bitmap, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("jpeg");
    let (format, subsamp) = match bitmap.layout {
        Layout::Gray => (PixelFormat::GRAY, Subsamp::Gray),
        _ if output.chroma_444 => (PixelFormat::RGB, Subsamp::None),
        _ => (PixelFormat::RGB, Subsamp::Sub2x2),
    };
    let mut c = Compressor::new().map_err(|e| err(&e))?;
    c.set_quality(i32::from(output.quality_for(Format::Jpeg)))
        .map_err(|e| err(&e))?;
    c.set_subsamp(subsamp).map_err(|e| err(&e))?;
    c.set_progressive(output.progressive).map_err(|e| err(&e))?;
    c.set_optimize(output.optimize).map_err(|e| err(&e))?;
    let image = Image {
        pixels: &bitmap.data[..],
        width: bitmap.width as usize,
        pitch: bitmap.row_bytes(),
        height: bitmap.height as usize,
        format,
    };
    c.compress_to_vec(image).map_err(|e| err(&e))
}

use turbojpeg::{Colorspace, Decompressor, Image, PixelFormat, ScalingFactor};

use super::{check_size, Decoded};
use crate::{error::invalid, icc, jpeg_segments, Bitmap, Info, Layout, Result};

/// Decodes with libjpeg-turbo, scaled by 1/`shrink` in the DCT domain. CMYK and YCCK are
/// converted to sRGB here, since resampling treats a fourth channel as alpha.
pub(super) fn decode(bytes: &[u8], info: &Info, shrink: u32) -> Result<Decoded> {
    let jpeg_err = |e: turbojpeg::Error| invalid(format!("JPEG: {e}"));
    let mut d = Decompressor::new().map_err(jpeg_err)?;
    let header = d.read_header(bytes).map_err(jpeg_err)?;
    check_size(info, (header.width as u32, header.height as u32))?;
    let cmyk = matches!(header.colorspace, Colorspace::CMYK | Colorspace::YCCK);
    let (format, layout) = match header.colorspace {
        Colorspace::Gray => (PixelFormat::GRAY, Layout::Gray),
        _ if cmyk => (PixelFormat::CMYK, Layout::Rgba),
        _ => (PixelFormat::RGB, Layout::Rgb),
    };
    let factor = ScalingFactor::new(1, shrink as usize);
    let scaled = if shrink > 1 && !header.is_lossless {
        d.set_scaling_factor(factor).map_err(jpeg_err)?;
        header.scaled(factor)
    } else {
        header
    };
    let pitch = scaled.width * format.size();
    let mut pixels = vec![0; pitch * scaled.height];
    let image = Image {
        pixels: &mut pixels[..],
        width: scaled.width,
        pitch,
        height: scaled.height,
        format,
    };
    d.decompress(bytes, image).map_err(jpeg_err)?;
    let (w, h) = (scaled.width as u32, scaled.height as u32);
    let icc = jpeg_segments::icc_profile(bytes);
    // DCT scaling maps each block of d x d source pixels to one pixel exactly.
    let scale = f64::from(factor.num() as u32) / f64::from(factor.denom() as u32);
    let scale = if scaled.width == header.width {
        (1.0, 1.0)
    } else {
        (scale, scale)
    };
    let decoded = if cmyk {
        let inverted = jpeg_segments::has_adobe_marker(bytes);
        Decoded::new(
            icc::cmyk_to_srgb(pixels, w, h, icc.as_deref(), inverted)?,
            None,
        )
    } else {
        Decoded::new(Bitmap::new(w, h, layout, pixels)?, icc)
    };
    Ok(Decoded { scale, ..decoded })
}

use turbojpeg::{
    Colorspace, DecompressHeader, Decompressor, Image, PixelFormat, ScalingFactor, YuvImage,
};

use super::{check_size, Decoded};
use crate::{
    error::invalid, icc, jpeg_segments, planes::SourcePlanes, Bitmap, Info, Layout, Result,
};

fn jpeg_err(e: turbojpeg::Error) -> crate::Error {
    invalid(format!("JPEG: {e}"))
}

/// A decompressor set to scale by 1/`shrink` in the DCT domain, the header and the scaled
/// header, and the decoded pixels per source pixel.
fn open(
    bytes: &[u8],
    info: &Info,
    shrink: u32,
) -> Result<(Decompressor, DecompressHeader, DecompressHeader, (f64, f64))> {
    let mut d = Decompressor::new().map_err(jpeg_err)?;
    let header = d.read_header(bytes).map_err(jpeg_err)?;
    check_size(info, (header.width as u32, header.height as u32))?;
    let factor = ScalingFactor::new(1, shrink as usize);
    let scaled = if shrink > 1 && !header.is_lossless {
        d.set_scaling_factor(factor).map_err(jpeg_err)?;
        header.scaled(factor)
    } else {
        header
    };
    // DCT scaling maps each block of d x d source pixels to one pixel exactly.
    let scale = if scaled.width == header.width {
        (1.0, 1.0)
    } else {
        let s = 1.0 / f64::from(shrink);
        (s, s)
    };
    Ok((d, header, scaled, scale))
}

/// Decodes with libjpeg-turbo, scaled by 1/`shrink` in the DCT domain. CMYK and YCCK are
/// converted to sRGB here, since resampling treats a fourth channel as alpha.
pub(super) fn decode(bytes: &[u8], info: &Info, shrink: u32) -> Result<Decoded> {
    let (mut d, header, scaled, scale) = open(bytes, info, shrink)?;
    let cmyk = matches!(header.colorspace, Colorspace::CMYK | Colorspace::YCCK);
    let (format, layout) = match header.colorspace {
        Colorspace::Gray => (PixelFormat::GRAY, Layout::Gray),
        _ if cmyk => (PixelFormat::CMYK, Layout::Rgba),
        _ => (PixelFormat::RGB, Layout::Rgb),
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

/// Decodes a YCbCr JPEG to its planes, without colour conversion or chroma upsampling, scaled
/// by 1/`shrink` as [`decode`] is. `None` for any other colour space (gray, RGB, CMYK, YCCK),
/// lossless JPEG, or a subsampling libjpeg-turbo cannot give as planes. Also returns the decoded pixels per
/// source pixel.
pub(crate) fn decode_planes(
    bytes: &[u8],
    info: &Info,
    shrink: u32,
) -> Result<Option<(SourcePlanes, (f64, f64))>> {
    let (mut d, header, scaled, scale) = open(bytes, info, shrink)?;
    let subsamp = scaled.subsamp;
    if header.colorspace != Colorspace::YCbCr
        || header.is_lossless
        || matches!(
            subsamp,
            turbojpeg::Subsamp::Gray | turbojpeg::Subsamp::Unknown
        )
    {
        return Ok(None);
    }
    let (fx, fy) = subsamp.size();
    let size = (scaled.width as u32, scaled.height as u32);
    let factor = (fx as u32, fy as u32);
    if let Some(planes) = super::jpeg_reduced::reduced_planes(bytes, factor, shrink) {
        if planes.size == size {
            return Ok(Some((planes, scale)));
        }
    }
    let len = SourcePlanes::len(size, factor);
    if turbojpeg::yuv_pixels_len(scaled.width, 1, scaled.height, subsamp).ok() != Some(len) {
        return Ok(None);
    }
    let mut data = vec![0; len];
    let image = YuvImage {
        pixels: &mut data[..],
        width: scaled.width,
        align: 1,
        height: scaled.height,
        subsamp,
    };
    d.decompress_to_yuv(bytes, image).map_err(jpeg_err)?;
    Ok(Some((SourcePlanes { data, size, factor }, scale)))
}

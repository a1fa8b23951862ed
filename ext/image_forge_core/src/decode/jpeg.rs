use turbojpeg::{Colorspace, Decompressor, Image, PixelFormat, ScalingFactor};

use crate::{error::invalid, Bitmap, Error, Layout, Result};

/// Decodes with libjpeg-turbo, scaled by 1/`shrink` in the DCT domain.
pub(super) fn decode(bytes: &[u8], shrink: u32) -> Result<Bitmap> {
    let jpeg_err = |e: turbojpeg::Error| invalid(format!("JPEG: {e}"));
    let mut d = Decompressor::new().map_err(jpeg_err)?;
    let header = d.read_header(bytes).map_err(jpeg_err)?;
    let (format, layout) = match header.colorspace {
        Colorspace::Gray => (PixelFormat::GRAY, Layout::Gray),
        Colorspace::CMYK | Colorspace::YCCK => {
            return Err(Error::UnsupportedFormat(
                "CMYK JPEG cannot be read yet".into(),
            ))
        }
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
    Bitmap::new(scaled.width as u32, scaled.height as u32, layout, pixels)
}

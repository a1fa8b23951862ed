use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::Decoded;
use crate::{error::invalid, Bitmap, Format, Layout, Result};

/// GIF (first frame), BMP and TIFF through the `image` crate, reduced to 8 bits.
pub(super) fn decode(bytes: &[u8], format: Format) -> Result<Decoded> {
    let fmt = match format {
        Format::Gif => ImageFormat::Gif,
        Format::Bmp => ImageFormat::Bmp,
        _ => ImageFormat::Tiff,
    };
    let err = |e: image::ImageError| invalid(format!("{format}: {e}"));
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), fmt)
        .into_decoder()
        .map_err(err)?;
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder).map_err(err)?;
    Ok(Decoded::new(
        from_dynamic(image)?.without_opaque_alpha(),
        icc,
    ))
}

/// Any `image` buffer as an 8-bit bitmap in the nearest layout.
pub(super) fn from_dynamic(image: DynamicImage) -> Result<Bitmap> {
    let (w, h) = (image.width(), image.height());
    let colour = image.color();
    let (layout, data) = match (colour.has_color(), colour.has_alpha()) {
        (false, false) => (Layout::Gray, image.into_luma8().into_raw()),
        (false, true) => (Layout::GrayAlpha, image.into_luma_alpha8().into_raw()),
        (true, false) => (Layout::Rgb, image.into_rgb8().into_raw()),
        (true, true) => (Layout::Rgba, image.into_rgba8().into_raw()),
    };
    Bitmap::new(w, h, layout, data)
}

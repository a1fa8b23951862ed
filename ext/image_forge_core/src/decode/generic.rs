use std::io::{self, BufRead, Cursor, Read, Seek, SeekFrom};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::Decoded;
use crate::{error::invalid, Bitmap, Cancel, Error, Format, Info, Layout, Result};

/// GIF (first frame), BMP and TIFF through the `image` crate, reduced to 8 bits. The decoder
/// may not allocate past `max_alloc` nor see a size other than the probe's, so one that
/// disagrees with the probe (a GIF frame larger than its screen) fails instead of
/// allocating; reads check `cancel`, so a TIFF stops between strips and tiles.
pub(super) fn decode(
    bytes: &[u8],
    info: &Info,
    max_alloc: u64,
    cancel: &Cancel,
) -> Result<Decoded> {
    let format = info.format;
    let err = |e: image::ImageError| match e {
        _ if cancel.is_cancelled() => Error::Cancelled,
        image::ImageError::Limits(e) => invalid(format!(
            "{format}: the decoder needs more than the header allows ({e})"
        )),
        e => invalid(format!("{format}: {e}")),
    };
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(info.width);
    limits.max_image_height = Some(info.height);
    limits.max_alloc = Some(max_alloc);
    let mut reader =
        ImageReader::with_format(Cancellable::new(bytes, cancel), image_format(format));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(err)?;
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder).map_err(err)?;
    Ok(Decoded::new(
        from_dynamic(image)?.without_opaque_alpha(),
        icc,
    ))
}

/// The `image` crate's name for the formats it decodes here.
pub(crate) fn image_format(format: Format) -> ImageFormat {
    match format {
        Format::Gif => ImageFormat::Gif,
        Format::Bmp => ImageFormat::Bmp,
        _ => ImageFormat::Tiff,
    }
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

/// The source bytes as a reader that fails once the render is cancelled: decoders that read
/// strip by strip (TIFF) stop at the next strip.
struct Cancellable<'a> {
    bytes: Cursor<&'a [u8]>,
    cancel: &'a Cancel,
}

impl<'a> Cancellable<'a> {
    fn new(bytes: &'a [u8], cancel: &'a Cancel) -> Self {
        Self {
            bytes: Cursor::new(bytes),
            cancel,
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.cancel.is_cancelled() {
            return Err(io::Error::other("render cancelled"));
        }
        Ok(())
    }
}

impl Read for Cancellable<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.check()?;
        self.bytes.read(buf)
    }
}

impl BufRead for Cancellable<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.check()?;
        self.bytes.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.bytes.consume(amount);
    }
}

impl Seek for Cancellable<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.check()?;
        self.bytes.seek(to)
    }
}

#[cfg(test)]
mod tests {
    use image::{codecs::tiff::TiffEncoder, ExtendedColorType, ImageEncoder};

    use super::*;
    use crate::Limits;

    /// A 64x64 RGB TIFF, and what the probe says of it.
    fn tiff() -> (Vec<u8>, Info) {
        let mut tiff = Vec::new();
        TiffEncoder::new(Cursor::new(&mut tiff))
            .write_image(&[7; 64 * 64 * 3], 64, 64, ExtendedColorType::Rgb8)
            .unwrap();
        let info = crate::probe(&tiff, &Limits::default()).unwrap();
        (tiff, info)
    }

    #[test]
    fn a_cancelled_render_stops_at_the_next_read() {
        let (tiff, info) = tiff();
        let cancel = Cancel::new();
        assert_eq!(
            decode(&tiff, &info, u64::MAX, &cancel)
                .unwrap()
                .bitmap
                .width,
            64
        );
        cancel.cancel();
        assert!(matches!(
            decode(&tiff, &info, u64::MAX, &cancel),
            Err(Error::Cancelled)
        ));
    }

    #[test]
    fn a_decoder_that_needs_more_than_the_header_allows_fails() {
        let (tiff, info) = tiff();
        let result = decode(&tiff, &info, 1000, &Cancel::new());
        assert!(matches!(
            result,
            Err(Error::InvalidImage(m)) if m.contains("more than the header allows")
        ));
    }
}

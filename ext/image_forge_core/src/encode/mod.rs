//! Encoders: a [`Bitmap`] to the bytes of the output format. No metadata is written.

mod av1;
mod avif;
mod gif;
mod jpeg;
mod png;
mod webp;

use crate::{planes::Planes, Bitmap, Colour, Error, Format, Output, Result};

pub(crate) fn encode(bitmap: Bitmap, format: Format, output: &Output) -> Result<Vec<u8>> {
    match format {
        Format::Jpeg => {
            let bg = output.background.unwrap_or(Colour::WHITE);
            jpeg::encode(bitmap.flatten([bg.r, bg.g, bg.b]), output)
        }
        Format::Png => png::encode(&bitmap, output),
        Format::Webp => webp::encode(bitmap.into_colour(), output),
        Format::Avif => avif::encode(bitmap.into_colour(), output),
        Format::Gif => gif::encode(bitmap),
        other => Err(Error::UnsupportedFormat(format!("cannot write {other}"))),
    }
}

/// Encodes Y, Cb and Cr planes straight into JPEG, whose own colour space they are.
pub(crate) fn encode_planes(planes: &Planes, output: &Output) -> Result<Vec<u8>> {
    jpeg::encode_planes(planes, output)
}

fn encode_error(format: &'static str) -> impl Fn(&dyn std::fmt::Display) -> Error {
    move |e| Error::Encode {
        format,
        reason: e.to_string(),
    }
}

//! Encoders: a [`Bitmap`] to the bytes of the output format. No metadata is written.

mod jpeg;
mod png;
mod webp;

use crate::{Bitmap, Error, Format, Output, Result};

/// Background that alpha is flattened onto when the output format has no alpha. Default: white.
pub(crate) const FLATTEN_BACKGROUND: [u8; 3] = [255, 255, 255];

pub(crate) fn encode(bitmap: Bitmap, format: Format, output: &Output) -> Result<Vec<u8>> {
    match format {
        Format::Jpeg => jpeg::encode(bitmap.flatten(FLATTEN_BACKGROUND), output),
        Format::Png => png::encode(&bitmap, output),
        Format::Webp => webp::encode(bitmap.into_colour(), output),
        other => Err(Error::UnsupportedFormat(format!("cannot write {other}"))),
    }
}

fn encode_error(format: &'static str) -> impl Fn(&dyn std::fmt::Display) -> Error {
    move |e| Error::Encode {
        format,
        reason: e.to_string(),
    }
}

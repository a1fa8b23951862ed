//! Header parsing: format, dimensions and orientation without decoding any pixel.

use crate::{
    decode::DecodeCost, error::invalid, exif, gif_header, jpeg_segments, tiff_header, Error,
    Format, Limits, Result,
};

/// EXIF orientation: how the stored pixels must be turned to be displayed upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Orientation(u8);

impl Orientation {
    pub const UPRIGHT: Orientation = Orientation(1);

    /// Orientation from the EXIF value 1..=8; anything else counts as upright.
    pub fn from_exif(value: u8) -> Self {
        if (1..=8).contains(&value) {
            Orientation(value)
        } else {
            Self::UPRIGHT
        }
    }

    pub fn exif_value(self) -> u8 {
        self.0.max(1)
    }

    /// True for 5..=8, where width and height trade places when displayed.
    pub fn swaps_axes(self) -> bool {
        self.0 >= 5
    }
}

/// What the header says about an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    pub format: Format,
    /// Stored width, before orientation.
    pub width: u32,
    /// Stored height, before orientation.
    pub height: u32,
    pub orientation: Orientation,
    pub has_alpha: bool,
    /// Animation frames (1 for still images). Only the first is decoded.
    pub frames: u32,
    /// What decoding it allocates, from the header: for the memory estimate.
    pub(crate) decode_cost: DecodeCost,
}

impl Info {
    /// Width and height as displayed, after EXIF orientation.
    pub fn display_size(&self) -> (u32, u32) {
        if self.orientation.swaps_axes() {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// Reads format, size and orientation from the header and checks `limits.max_pixels`.
///
/// Recognised but unsupported formats give [`Error::UnsupportedFormat`]; bytes that are no
/// image, or a header that is cut short, give [`Error::InvalidImage`].
pub fn probe(bytes: &[u8], limits: &Limits) -> Result<Info> {
    limits.check_bytes(bytes.len() as u64)?;
    let format = Format::sniff(bytes).ok_or_else(|| {
        if bytes.is_empty() {
            invalid("empty input")
        } else {
            invalid("not a recognised image format")
        }
    })?;
    let info = match format {
        // Scans are counted here, so an upload refuses what a render would.
        Format::Jpeg => jpeg(bytes, jpeg_segments::check_scan_count(bytes)?)?,
        Format::Png => png(bytes)?,
        Format::Webp => webp(bytes)?,
        Format::Gif | Format::Bmp | Format::Tiff => generic(bytes, format)?,
        other => {
            return Err(Error::UnsupportedFormat(format!(
                "{} images cannot be read yet (supported: jpeg, png, webp, gif, bmp, tiff)",
                other.name()
            )))
        }
    };
    if info.width == 0 || info.height == 0 {
        return Err(invalid("image has a zero dimension"));
    }
    limits.check_pixels((info.width, info.height))?;
    Ok(info)
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

/// Reads the frame header (SOFn) and EXIF orientation from the JPEG's marker segments. A JPEG
/// of several `scans` (progressive, or baseline with separate scans per component) is decoded
/// through a buffer of every DCT coefficient: 2 bytes each, 64 per block of each component.
fn jpeg(b: &[u8], scans: usize) -> Result<Info> {
    let truncated = || invalid("JPEG header is truncated");
    // The first EXIF block counts, as in libexif (some writers append a second one).
    let mut orientation = None;
    for segment in jpeg_segments::segments(b) {
        let (marker, body) = segment?;
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") && orientation.is_none() {
            orientation = Some(
                exif::orientation(&body[6..]).map_or(Orientation::UPRIGHT, Orientation::from_exif),
            );
        } else if jpeg_segments::is_frame_header(marker) {
            let height = be16(body, 1).ok_or_else(truncated)?;
            let width = be16(body, 3).ok_or_else(truncated)?;
            let components = body.get(6..).unwrap_or_default();
            let sampling: Vec<(u32, u32)> = components
                .chunks_exact(3)
                .take(usize::from(*body.get(5).ok_or_else(truncated)?))
                .map(|c| (u32::from(c[1] >> 4).max(1), u32::from(c[1] & 15).max(1)))
                .collect();
            let max_h = sampling.iter().map(|s| s.0).max().unwrap_or(1);
            let max_v = sampling.iter().map(|s| s.1).max().unwrap_or(1);
            let coefficients = if scans > 1 {
                let blocks: u32 = sampling.iter().map(|(h, v)| h * v).sum();
                32 * blocks / (max_h * max_v)
            } else {
                0
            };
            return Ok(Info {
                format: Format::Jpeg,
                width: width.into(),
                height: height.into(),
                orientation: orientation.unwrap_or(Orientation::UPRIGHT),
                has_alpha: false,
                frames: 1,
                decode_cost: DecodeCost {
                    source_sixteenths: coefficients,
                    // RGB or gray; CMYK is converted to RGB in a second buffer.
                    decoded: if sampling.len() >= 4 { 8 } else { 3 },
                    channels: if sampling.len() == 1 { 1 } else { 3 },
                },
            });
        }
    }
    Err(invalid("JPEG has no frame header before its scan data"))
}

fn png(b: &[u8]) -> Result<Info> {
    if b.get(12..16) != Some(b"IHDR") {
        return Err(invalid("PNG does not start with an IHDR chunk"));
    }
    let (width, height) = be32(b, 16)
        .zip(be32(b, 20))
        .ok_or_else(|| invalid("PNG header is truncated"))?;
    let color_type = *b
        .get(25)
        .ok_or_else(|| invalid("PNG header is truncated"))?;
    if width > i32::MAX as u32 || height > i32::MAX as u32 {
        return Err(invalid("PNG dimensions are out of range"));
    }
    // Colour types 4 and 6 carry alpha; a palette or gray image may add it with tRNS.
    let has_alpha = matches!(color_type, 4 | 6) || has_png_chunk(b, b"tRNS");
    let channels = u8::from(matches!(color_type, 2 | 3 | 6)) * 2 + 1 + u8::from(has_alpha);
    Ok(Info {
        format: Format::Png,
        width,
        height,
        orientation: Orientation::UPRIGHT,
        has_alpha,
        frames: 1,
        // Rows are decoded one at a time into the 8-bit result.
        decode_cost: DecodeCost {
            source_sixteenths: 0,
            decoded: channels.into(),
            channels,
        },
    })
}

fn has_png_chunk(b: &[u8], name: &[u8; 4]) -> bool {
    let mut at = 8;
    while let Some(len) = be32(b, at) {
        match b.get(at + 4..at + 8) {
            Some(n) if n == name => return true,
            Some(b"IDAT") | None => return false,
            _ => at += 12 + len as usize,
        }
    }
    false
}

/// Reads the first chunk of a RIFF/WEBP file: VP8 (lossy), VP8L (lossless) or VP8X (extended).
fn webp(b: &[u8]) -> Result<Info> {
    let truncated = || invalid("WebP header is truncated");
    let chunk = b.get(12..16).ok_or_else(truncated)?;
    let mut frames = 1;
    let (width, height, has_alpha, mut orientation) = match chunk {
        b"VP8 " => {
            if b.get(23..26) != Some(&[0x9d, 0x01, 0x2a]) {
                return Err(invalid("VP8 frame has no start code"));
            }
            let w = be16_le(b, 26).ok_or_else(truncated)? & 0x3fff;
            let h = be16_le(b, 28).ok_or_else(truncated)? & 0x3fff;
            (u32::from(w), u32::from(h), false, Orientation::UPRIGHT)
        }
        b"VP8L" => {
            if b.get(20) != Some(&0x2f) {
                return Err(invalid("VP8L stream has no signature"));
            }
            let bits = le32(b, 21).ok_or_else(truncated)?;
            let w = (bits & 0x3fff) + 1;
            let h = ((bits >> 14) & 0x3fff) + 1;
            let alpha = (bits >> 28) & 1 == 1;
            (w, h, alpha, Orientation::UPRIGHT)
        }
        b"VP8X" => {
            let flags = *b.get(20).ok_or_else(truncated)?;
            if flags & 0x02 != 0 {
                frames = riff_chunks(b)
                    .filter(|(id, _)| *id == b"ANMF")
                    .count()
                    .max(1) as u32;
            }
            let w = le24(b, 24).ok_or_else(truncated)? + 1;
            let h = le24(b, 27).ok_or_else(truncated)? + 1;
            (w, h, flags & 0x10 != 0, Orientation::UPRIGHT)
        }
        _ => return Err(invalid("WebP has an unknown first chunk")),
    };
    if let Some(exif_chunk) = riff_chunk(b, b"EXIF") {
        // Some writers keep the JPEG-style "Exif\0\0" prefix inside the chunk.
        let tiff = exif_chunk.strip_prefix(b"Exif\0\0").unwrap_or(exif_chunk);
        if let Some(v) = exif::orientation(tiff) {
            orientation = Orientation::from_exif(v);
        }
    }
    Ok(Info {
        format: Format::Webp,
        width,
        height,
        orientation,
        has_alpha,
        frames,
        decode_cost: if frames > 1 {
            // image-webp: the canvas, a frame, the 8-bit copy; no scaled decoding.
            DecodeCost {
                source_sixteenths: 12 * 16,
                decoded: 0,
                channels: 4,
            }
        } else {
            // libwebp: lossless keeps the image as 32-bit ARGB while it decodes.
            DecodeCost {
                source_sixteenths: 8 * 16,
                decoded: 4,
                channels: if has_alpha { 4 } else { 3 },
            }
        },
    })
}

fn be16_le(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// The top-level chunks (id, body) of a RIFF file, stopping at the first malformed one.
fn riff_chunks(b: &[u8]) -> impl Iterator<Item = (&[u8; 4], &[u8])> {
    let mut at = 12usize;
    std::iter::from_fn(move || {
        let id: &[u8; 4] = b.get(at..at + 4)?.try_into().ok()?;
        let len = le32(b, at + 4)? as usize;
        let body = b.get(at + 8..(at + 8).checked_add(len)?)?;
        at += 8 + len + (len & 1);
        Some((id, body))
    })
}

/// The body of the first RIFF chunk called `name`.
pub(crate) fn riff_chunk<'a>(b: &'a [u8], name: &[u8; 4]) -> Option<&'a [u8]> {
    riff_chunks(b)
        .find(|(id, _)| *id == name)
        .map(|(_, body)| body)
}

/// GIF, BMP and TIFF headers through the `image` crate's decoders (no pixels are read).
fn generic(b: &[u8], format: Format) -> Result<Info> {
    use image::{ImageDecoder, ImageReader};
    let fmt = crate::decode::image_format(format);
    let decoder = ImageReader::with_format(std::io::Cursor::new(b), fmt)
        .into_decoder()
        .map_err(|e| invalid(format!("{format}: {e}")))?;
    let (width, height) = decoder.dimensions();
    let colour = decoder.color_type();
    let (orientation, source_bytes) = match format {
        Format::Tiff => {
            tiff_header::check_chunks(b)?;
            let orientation =
                exif::orientation(b).map_or(Orientation::UPRIGHT, Orientation::from_exif);
            // The image at its own depth, and a strip of it, before the 8-bit copy.
            (orientation, 2 * u32::from(colour.bytes_per_pixel()))
        }
        Format::Gif => {
            gif_header::check_first_frame(b, width, height)?;
            // The RGBA canvas and the RGBA frame read into it.
            (Orientation::UPRIGHT, 8)
        }
        _ => (Orientation::UPRIGHT, u32::from(colour.bytes_per_pixel())),
    };
    Ok(Info {
        format,
        width,
        height,
        orientation,
        has_alpha: colour.has_alpha(),
        frames: 1,
        // The 8-bit copy, and its copy without an opaque alpha channel.
        decode_cost: DecodeCost {
            source_sixteenths: 16 * (source_bytes + 8),
            decoded: 0,
            channels: colour.channel_count().clamp(1, 4),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Limit;

    fn jpeg_header(w: u16, h: u16, exif_orientation: Option<u16>) -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        if let Some(v) = exif_orientation {
            let tiff = exif::tiff_with_orientation(v, true);
            b.extend_from_slice(&[0xFF, 0xE1]);
            b.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
            b.extend_from_slice(b"Exif\0\0");
            b.extend_from_slice(&tiff);
        }
        b.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8]);
        b.extend_from_slice(&h.to_be_bytes());
        b.extend_from_slice(&w.to_be_bytes());
        b.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        b
    }

    #[test]
    fn jpeg_size_and_orientation_come_from_the_header() {
        let info = probe(&jpeg_header(640, 480, Some(6)), &Limits::default()).unwrap();
        assert_eq!((info.width, info.height), (640, 480));
        assert_eq!(info.orientation.exif_value(), 6);
        assert_eq!(info.display_size(), (480, 640));
    }

    #[test]
    fn pixel_limit_is_checked_from_the_header() {
        let err = probe(&jpeg_header(60000, 60000, None), &Limits::default()).unwrap_err();
        assert!(matches!(
            err,
            Error::LimitExceeded {
                what: Limit::Pixels,
                actual: 3_600_000_000,
                limit: 50_000_000
            }
        ));
    }

    #[test]
    fn truncated_headers_are_invalid_not_panics() {
        let full = jpeg_header(64, 64, Some(3));
        for len in 0..full.len() - 1 {
            assert!(
                matches!(
                    probe(&full[..len], &Limits::default()),
                    Err(Error::InvalidImage(_))
                ),
                "prefix of {len} bytes"
            );
        }
    }

    #[test]
    fn known_but_unsupported_formats_say_so() {
        let err = probe(b"\0\0\0\x1cftypavif", &Limits::default()).unwrap_err();
        assert!(matches!(err, Error::UnsupportedFormat(m) if m.contains("avif")));
        assert!(matches!(
            probe(b"hello world", &Limits::default()),
            Err(Error::InvalidImage(_))
        ));
    }
}

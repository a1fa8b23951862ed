//! The first image file directory (IFD) of a TIFF or BigTIFF file, read for what the decoder
//! would trust blindly: the codec streams inside strips and tiles. Bounds-checked: the bytes
//! come from untrusted files.

use crate::{error::invalid, jpeg_segments, Error, Result};

const IMAGE_WIDTH: u16 = 256;
const IMAGE_LENGTH: u16 = 257;
const COMPRESSION: u16 = 259;
const STRIP_OFFSETS: u16 = 273;
const ROWS_PER_STRIP: u16 = 278;
const STRIP_BYTE_COUNTS: u16 = 279;
const TILE_WIDTH: u16 = 322;
const TILE_LENGTH: u16 = 323;
const TILE_OFFSETS: u16 = 324;
const TILE_BYTE_COUNTS: u16 = 325;

/// Compression 6: "old-style" JPEG, deprecated since TIFF 6.0's technote 2.
const OLD_JPEG: u64 = 6;
/// Compression 7: a JPEG stream per strip or tile.
const JPEG: u64 = 7;

/// Checks the codec streams of the first image against its layout: a JPEG-compressed strip
/// or tile must not hold a JPEG larger than the strip or tile itself (an 807-byte file whose
/// 16x16 image held a 16384x16384 JPEG was decoded at the JPEG's size). Old-style JPEG is
/// refused. Other compressions decode into buffers the size of the strip.
pub(crate) fn check_chunks(b: &[u8]) -> Result<()> {
    let ifd = Ifd::first(b)?;
    let compression = ifd.values(COMPRESSION)?.first().copied().unwrap_or(1);
    if compression == OLD_JPEG {
        return Err(Error::UnsupportedFormat(
            "TIFF with old-style JPEG compression (6)".into(),
        ));
    }
    if compression != JPEG {
        return Ok(());
    }
    let one = |tag| -> Result<Option<u64>> { Ok(ifd.values(tag)?.first().copied()) };
    let height = one(IMAGE_LENGTH)?.unwrap_or(0);
    let (chunk_w, chunk_h, offsets, counts) = match one(TILE_WIDTH)? {
        Some(tile_w) => (
            tile_w,
            one(TILE_LENGTH)?.unwrap_or(0),
            ifd.values(TILE_OFFSETS)?,
            ifd.values(TILE_BYTE_COUNTS)?,
        ),
        None => (
            one(IMAGE_WIDTH)?.unwrap_or(0),
            one(ROWS_PER_STRIP)?.unwrap_or(height).min(height.max(1)),
            ifd.values(STRIP_OFFSETS)?,
            ifd.values(STRIP_BYTE_COUNTS)?,
        ),
    };
    for (i, (&offset, &count)) in offsets.iter().zip(&counts).enumerate() {
        let chunk = usize::try_from(offset)
            .ok()
            .zip(usize::try_from(count).ok())
            .and_then(|(at, len)| b.get(at..at.checked_add(len)?))
            .ok_or_else(|| invalid(format!("TIFF: chunk {i} lies outside the file")))?;
        let (w, h) = jpeg_size(chunk)
            .ok_or_else(|| invalid(format!("TIFF: chunk {i} holds no JPEG frame header")))?;
        if u64::from(w) > chunk_w || u64::from(h) > chunk_h || w == 0 || h == 0 {
            return Err(invalid(format!(
                "TIFF: chunk {i} holds a {w}x{h} JPEG, but its chunks are {chunk_w}x{chunk_h}"
            )));
        }
    }
    Ok(())
}

/// Width and height from a JPEG stream's frame header (tables may live elsewhere, in the
/// JPEGTables tag; the frame header is in each chunk).
fn jpeg_size(stream: &[u8]) -> Option<(u16, u16)> {
    if !stream.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    jpeg_segments::segments(stream)
        .map_while(Result::ok)
        .find(|(marker, _)| jpeg_segments::is_frame_header(*marker))
        .and_then(|(_, body)| {
            let h = u16::from_be_bytes(body.get(1..3)?.try_into().ok()?);
            let w = u16::from_be_bytes(body.get(3..5)?.try_into().ok()?);
            Some((w, h))
        })
}

/// One IFD's entries, classic (12-byte entries, 4-byte offsets) or BigTIFF (20, 8).
struct Ifd<'a> {
    b: &'a [u8],
    big_endian: bool,
    big_tiff: bool,
    entries: usize,
    count: usize,
}

impl<'a> Ifd<'a> {
    fn first(b: &'a [u8]) -> Result<Self> {
        let truncated = || invalid("TIFF header is truncated");
        let big_endian = match b.get(0..2) {
            Some(b"II") => false,
            Some(b"MM") => true,
            _ => return Err(invalid("TIFF has no byte order mark")),
        };
        let mut ifd = Ifd {
            b,
            big_endian,
            big_tiff: false,
            entries: 0,
            count: 0,
        };
        ifd.big_tiff = ifd.uint(2, 2).ok_or_else(truncated)? == 43;
        let at = if ifd.big_tiff {
            ifd.uint(8, 8)
        } else {
            ifd.uint(4, 4)
        };
        let at = at
            .and_then(|a| usize::try_from(a).ok())
            .ok_or_else(truncated)?;
        let (count_len, entry_len) = ifd.sizes();
        ifd.count = usize::try_from(ifd.uint(at, count_len).ok_or_else(truncated)?)
            .map_err(|_| truncated())?;
        ifd.entries = at + count_len;
        let end = ifd
            .count
            .checked_mul(entry_len)
            .and_then(|n| n.checked_add(ifd.entries));
        if end.is_none_or(|end| end > b.len()) {
            return Err(truncated());
        }
        Ok(ifd)
    }

    /// (bytes of the entry count, bytes of one entry).
    fn sizes(&self) -> (usize, usize) {
        if self.big_tiff {
            (8, 20)
        } else {
            (2, 12)
        }
    }

    fn uint(&self, at: usize, len: usize) -> Option<u64> {
        let bytes = self.b.get(at..at.checked_add(len)?)?;
        let fold = |acc: u64, &byte: &u8| acc << 8 | u64::from(byte);
        Some(if self.big_endian {
            bytes.iter().fold(0, fold)
        } else {
            bytes.iter().rev().fold(0, fold)
        })
    }

    /// The unsigned integer values of `tag` (SHORT, LONG or LONG8); none when absent.
    fn values(&self, tag: u16) -> Result<Vec<u64>> {
        let truncated = || invalid(format!("TIFF tag {tag} lies outside the file"));
        let (_, entry_len) = self.sizes();
        let value_len = if self.big_tiff { 8 } else { 4 };
        for i in 0..self.count {
            let entry = self.entries + i * entry_len;
            if self.uint(entry, 2) != Some(u64::from(tag)) {
                continue;
            }
            let size = match self.uint(entry + 2, 2) {
                Some(3) => 2,
                Some(4) => 4,
                Some(16) => 8,
                _ => {
                    return Err(invalid(format!(
                        "TIFF tag {tag} is not an unsigned integer"
                    )))
                }
            };
            let count = self.uint(entry + 4, value_len).ok_or_else(truncated)?;
            let total = usize::try_from(count)
                .ok()
                .and_then(|n| n.checked_mul(size))
                .filter(|&n| n <= self.b.len())
                .ok_or_else(truncated)?;
            let field = entry + 4 + value_len;
            let at = if total <= value_len {
                field
            } else {
                usize::try_from(self.uint(field, value_len).ok_or_else(truncated)?)
                    .map_err(|_| truncated())?
            };
            return (0..total / size)
                .map(|k| self.uint(at + k * size, size).ok_or_else(truncated))
                .collect();
        }
        Ok(Vec::new())
    }
}

//! The GIF blocks up to the first image descriptor: the frame a decoder will read first, which
//! the logical screen size alone does not bound. Bounds-checked: the bytes are untrusted.

use crate::{error::invalid, Result};

/// The first frame's rectangle: (left, top, width, height).
pub(crate) fn first_frame(b: &[u8]) -> Result<(u32, u32, u32, u32)> {
    let truncated = || invalid("GIF is truncated before its first image");
    let le16 = |at: usize| -> Result<u32> {
        let s = b.get(at..at + 2).ok_or_else(truncated)?;
        Ok(u32::from(u16::from_le_bytes([s[0], s[1]])))
    };
    let flags = *b.get(10).ok_or_else(truncated)?;
    // A global colour table of 2^(n+1) RGB entries follows the screen descriptor.
    let mut at = 13
        + if flags & 0x80 != 0 {
            3 << ((flags & 7) + 1)
        } else {
            0
        };
    loop {
        match *b.get(at).ok_or_else(truncated)? {
            0x2C => return Ok((le16(at + 1)?, le16(at + 3)?, le16(at + 5)?, le16(at + 7)?)),
            // An extension: label, then data sub-blocks up to an empty one.
            0x21 => {
                at += 2;
                loop {
                    let len = usize::from(*b.get(at).ok_or_else(truncated)?);
                    at += 1 + len;
                    if len == 0 {
                        break;
                    }
                }
            }
            0x3B => return Err(invalid("GIF has no image")),
            other => return Err(invalid(format!("GIF has an unknown block 0x{other:02x}"))),
        }
    }
}

/// Refuses a first frame that does not lie inside the `width` x `height` logical screen:
/// it would be decoded at its own size, past what the screen size let through the limits.
pub(crate) fn check_first_frame(b: &[u8], width: u32, height: u32) -> Result<()> {
    let (left, top, w, h) = first_frame(b)?;
    if left + w > width || top + h > height {
        return Err(invalid(format!(
            "GIF frame of {w}x{h} at {left},{top} lies outside its {width}x{height} screen"
        )));
    }
    Ok(())
}

//! The memory a render needs, estimated from the header and the plan before any pixel is
//! decoded, so that `max_memory` bounds the worst file within the other limits. Each figure
//! is an upper bound of what the step holds at once: its input, its output and its scratch.

use crate::{Format, Op};

/// Bytes of a bitmap of `size` with `channels` 8-bit samples per pixel.
pub(crate) fn bitmap((w, h): (u32, u32), channels: u8) -> u64 {
    u64::from(w) * u64::from(h) * u64::from(channels)
}

/// The channels of a recipe's intermediate bitmaps, at most, from a source of `channels`:
/// ops that paint a background or an overlay may add colour and alpha.
pub(crate) fn channels(ops: &[Op], channels: u8) -> u8 {
    ops.iter()
        .fold((channels, channels), |(now, most), op| {
            let next = op.channels(now);
            (next, most.max(next))
        })
        .1
}

/// What a resize from `from` to `to` (both of `channels`) holds besides its input:
/// fast_image_resize keeps a premultiplied copy of the source when it has alpha, and the
/// result of its first (horizontal or vertical) pass.
pub(crate) fn resize_scratch(from: (u32, u32), to: (u32, u32), channels: u8) -> u64 {
    let premultiplied = if channels.is_multiple_of(2) {
        bitmap(from, channels)
    } else {
        0
    };
    let first_pass = bitmap((to.0, from.1), channels).max(bitmap((from.0, to.1), channels));
    bitmap(to, channels) + premultiplied + first_pass
}

/// A step (a pixel op, an orientation, a colour conversion) from `input` bytes to `output`
/// bytes that holds `scratch` bytes besides.
pub(crate) fn step(input: u64, output: u64, scratch: u64) -> u64 {
    input + output + scratch
}

/// Encoding a bitmap of `size` to `format`: the bitmap, the encoder's own copy of the picture
/// (YUV planes, palette indices, filtered rows) and the output buffer, and a copy of that when
/// metadata is embedded.
pub(crate) fn encode(format: Format, size: (u32, u32), channels: u8) -> u64 {
    let pixels = u64::from(size.0) * u64::from(size.1);
    let per_pixel = match format {
        Format::Jpeg => 8,
        Format::Png | Format::Gif => 12,
        Format::Webp => 16,
        // libaom keeps the YUV source, its reconstruction and per-block search state.
        _ => 32,
    };
    bitmap(size, channels) + pixels * per_pixel + ENCODER_OVERHEAD
}

/// An encoder's tables, Huffman or entropy state, zlib window.
const ENCODER_OVERHEAD: u64 = 4 << 20;

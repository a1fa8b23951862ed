//! AVIF: the picture as full-range BT.601 YCbCr (4:2:0 below quality 90, 4:4:4 from 90, as
//! libvips decides), an alpha plane when any pixel is not opaque, each an AV1 frame from
//! libaom, in avif-serialize's container.

use super::av1::{self, Frame, Sampling};
use super::encode_error;
use crate::{Bitmap, Format, Layout, Output, Result};

/// Expects an RGB or RGBA bitmap.
pub(super) fn encode(bitmap: Bitmap, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("avif");
    let quality = output.quality_for(Format::Avif);
    // libavif's and libheif's mapping, so that a quality means what it means in libvips.
    let quantizer = (100u32.saturating_sub(u32::from(quality)) * 63 + 50) / 100;
    let quantizer = quantizer as u8;
    // Speed 1..=10 maps onto libaom's 0..=9 all-intra speeds as imgproxy's does: 10 is 9.
    let cpu_used = output.speed.unwrap_or(Output::DEFAULT_AVIF_SPEED).min(9);
    let sampling = if quality >= 90 {
        Sampling::Yuv444
    } else {
        Sampling::Yuv420
    };
    let (width, height) = (bitmap.width, bitmap.height);
    let channels = if bitmap.layout == Layout::Rgba { 4 } else { 3 };

    let planes = ycbcr(&bitmap.data, width, height, channels, sampling);
    let colour = Frame {
        width,
        height,
        sampling,
        planes: [&planes.0, &planes.1, &planes.2],
    };
    let colour = av1::encode(&colour, quantizer, cpu_used).map_err(|e| err(&e))?;

    let alpha = if channels == 4 && bitmap.data.chunks_exact(4).any(|p| p[3] != 255) {
        let plane: Vec<u8> = bitmap.data.chunks_exact(4).map(|p| p[3]).collect();
        let (cw, ch) = Sampling::Monochrome.chroma_size(width, height);
        let grey = vec![128; cw as usize * ch as usize];
        let frame = Frame {
            width,
            height,
            sampling: Sampling::Monochrome,
            planes: [&plane, &grey, &grey],
        };
        Some(av1::encode(&frame, quantizer, cpu_used).map_err(|e| err(&e))?)
    } else {
        None
    };

    let mut container = avif_serialize::Aviffy::new();
    container
        .set_width(width)
        .set_height(height)
        .set_bit_depth(8)
        .set_seq_profile(u8::from(sampling == Sampling::Yuv444))
        .set_chroma_subsampling(if sampling == Sampling::Yuv420 {
            (true, true)
        } else {
            (false, false)
        });
    let mut file = Vec::with_capacity(colour.len() + alpha.as_ref().map_or(0, Vec::len) + 512);
    container
        .write_slice(&mut file, &colour, alpha.as_deref())
        .map_err(|e| err(&e))?;
    Ok(file)
}

/// Full-range BT.601 Y, Cb and Cr planes of interleaved 8-bit RGB(A) `pixels`. 4:2:0 chroma is
/// the mean of each 2x2 block (of the pixels inside the picture, at odd edges).
fn ycbcr(
    pixels: &[u8],
    width: u32,
    height: u32,
    channels: usize,
    sampling: Sampling,
) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (w, h) = (width as usize, height as usize);
    let y: Vec<u8> = pixels
        .chunks_exact(channels)
        .map(|p| luma(p[0], p[1], p[2]))
        .collect();
    let (cw, ch) = sampling.chroma_size(width, height);
    let (cw, ch) = (cw as usize, ch as usize);
    let mut cb = Vec::with_capacity(cw * ch);
    let mut cr = Vec::with_capacity(cw * ch);
    let step = if sampling == Sampling::Yuv420 { 2 } else { 1 };
    for cy in 0..ch {
        let rows = (cy * step)..((cy * step + step).min(h));
        for cx in 0..cw {
            let columns = (cx * step)..((cx * step + step).min(w));
            let mut sum = [0u32; 3];
            let mut count = 0;
            for row in rows.clone() {
                for column in columns.clone() {
                    let p = &pixels[(row * w + column) * channels..][..3];
                    sum[0] += u32::from(p[0]);
                    sum[1] += u32::from(p[1]);
                    sum[2] += u32::from(p[2]);
                    count += 1;
                }
            }
            let [r, g, b] = sum.map(|s| s as f32 / count as f32);
            cb.push(clamp(128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b));
            cr.push(clamp(128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b));
        }
    }
    (y, cb, cr)
}

fn luma(r: u8, g: u8, b: u8) -> u8 {
    // 0.299, 0.587 and 0.114 in 16-bit fixed point (they sum to 65536), rounded.
    ((19_595 * u32::from(r) + 38_470 * u32::from(g) + 7_471 * u32::from(b) + 32_768) >> 16) as u8
}

fn clamp(v: f32) -> u8 {
    v.round().clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ycbcr_of_primaries_and_greys_follows_bt601_full_range() {
        // white, black, red, mid grey: one pixel each, 4:4:4
        let px = [255, 255, 255, 0, 0, 0, 255, 0, 0, 128, 128, 128];
        let (y, cb, cr) = ycbcr(&px, 4, 1, 3, Sampling::Yuv444);
        assert_eq!(y, [255, 0, 76, 128]);
        assert_eq!(cb, [128, 128, 85, 128]);
        assert_eq!(cr, [128, 128, 255, 128]);
    }

    #[test]
    fn chroma_420_averages_each_block_and_the_odd_edge() {
        // 3x1 RGBA, red, blue, green: red and blue share the first chroma sample, green has
        // its own.
        let px = [255, 0, 0, 255, 0, 0, 255, 255, 0, 255, 0, 0];
        let (y, cb, cr) = ycbcr(&px, 3, 1, 4, Sampling::Yuv420);
        assert_eq!(y.len(), 3);
        assert_eq!((cb.len(), cr.len()), (2, 2));
        // mean of red and blue is (127.5, 0, 127.5)
        assert_eq!(cb[0], clamp(128.0 - 0.168_736 * 127.5 + 0.5 * 127.5));
        assert_eq!(cr[1], clamp(128.0 - 0.418_688 * 255.0));
    }
}

//! Gaussian kernels: blur and unsharp mask, in fixed point, one output row at a time.

mod mask;
mod separable;

use mask::{Mask, BITS};
use separable::{Finish, Rows};

use crate::{Bitmap, Cancel, Result};

/// What [`blur`] and [`sharpen`] hold besides their input and output, for `input` bytes in,
/// with `sigma`: one padded u16 row, and with alpha a ring of premultiplied u16 rows as tall
/// as the mask. Only the byte count is known here, so each is bounded by the worst shape
/// (a single row; a mask taller than the image): twice the input each, plus the padding.
pub(crate) fn scratch(input: u64, sigma: f64) -> u64 {
    let radius = mask::radius(sigma) as u64;
    4 * input + 64 * (radius + 1)
}

/// Gaussian blur with libvips' mask length, edges extended, alpha premultiplied.
pub(crate) fn blur(src: Bitmap, sigma: f64, cancel: &Cancel) -> Result<Bitmap> {
    let data = blurred(&src, sigma, cancel)?;
    Ok(Bitmap { data, ..src })
}

/// Unsharp mask: adds back the difference from a Gaussian blur of `sigma` (colour only).
pub(crate) fn sharpen(src: Bitmap, sigma: f64, cancel: &Cancel) -> Result<Bitmap> {
    let mut out = blurred(&src, sigma, cancel)?;
    // One flat loop over every sample (it vectorises), then alpha put back.
    for (o, &s) in out.iter_mut().zip(&src.data) {
        *o = (2 * i16::from(s) - i16::from(*o)).clamp(0, 255) as u8;
    }
    if src.layout.has_alpha() {
        let ch = src.layout.channels();
        for (o, s) in out.chunks_exact_mut(ch).zip(src.data.chunks_exact(ch)) {
            o[ch - 1] = s[ch - 1];
        }
    }
    Ok(Bitmap { data: out, ..src })
}

/// The blurred samples of `src`.
fn blurred(src: &Bitmap, sigma: f64, cancel: &Cancel) -> Result<Vec<u8>> {
    let mask = Mask::new(sigma);
    let ch = src.layout.channels();
    let size = (src.width as usize, src.height as usize, ch);
    let stride = src.row_bytes();
    let mut out = vec![0u8; src.data.len()];
    if src.layout.has_alpha() {
        let rows = Premultiplied::new(&src.data, size, mask.radius());
        separable::convolve(
            rows,
            Unpremultiply {
                out: &mut out,
                stride,
                ch,
            },
            size,
            &mask,
            cancel,
        )?;
    } else {
        let rows = Opaque {
            data: &src.data,
            stride,
        };
        separable::convolve(
            rows,
            Rounded {
                out: &mut out,
                stride,
            },
            size,
            &mask,
            cancel,
        )?;
    }
    Ok(out)
}

/// Rows of an image without alpha, read in place.
struct Opaque<'a> {
    data: &'a [u8],
    stride: usize,
}

impl Rows for Opaque<'_> {
    type Sample = u8;
    const SHIFT: u32 = BITS - 8;

    fn prepare(&mut self, _: usize) {}

    fn row(&self, j: usize) -> &[u8] {
        &self.data[j * self.stride..][..self.stride]
    }
}

/// Writes sums of 8-bit rows kept with 8 fractional bits back as 8 bits.
struct Rounded<'a> {
    out: &'a mut [u8],
    stride: usize,
}

impl Finish for Rounded<'_> {
    #[inline(always)]
    fn block(&mut self, y: usize, start: usize, sums: &[u32]) {
        const SHIFT: u32 = BITS + 8;
        let out = &mut self.out[y * self.stride + start..][..sums.len()];
        for (o, &s) in out.iter_mut().zip(sums) {
            *o = ((s + (1 << (SHIFT - 1))) >> SHIFT).min(255) as u8;
        }
    }
}

/// Rows of an image with alpha, premultiplied exactly in u16 (colour x alpha, alpha x 255)
/// as the mask first reaches them, into a ring as tall as the mask.
struct Premultiplied<'a> {
    data: &'a [u8],
    ch: usize,
    stride: usize,
    last_row: usize,
    radius: usize,
    ring: Vec<u16>,
    slots: usize,
    ready: usize,
}

impl<'a> Premultiplied<'a> {
    fn new(data: &'a [u8], (w, h, ch): (usize, usize, usize), radius: usize) -> Self {
        let slots = (2 * radius + 1).min(h);
        Self {
            data,
            ch,
            stride: w * ch,
            last_row: h - 1,
            radius,
            ring: vec![0; slots * w * ch],
            slots,
            ready: 0,
        }
    }
}

impl Rows for Premultiplied<'_> {
    type Sample = u16;
    const SHIFT: u32 = BITS;

    fn prepare(&mut self, y: usize) {
        let ch = self.ch;
        while self.ready <= (y + self.radius).min(self.last_row) {
            let j = self.ready;
            let src = &self.data[j * self.stride..][..self.stride];
            let dst = &mut self.ring[(j % self.slots) * self.stride..][..self.stride];
            for (d, s) in dst.chunks_exact_mut(ch).zip(src.chunks_exact(ch)) {
                let a = u16::from(s[ch - 1]);
                for c in 0..ch - 1 {
                    d[c] = u16::from(s[c]) * a;
                }
                d[ch - 1] = a * 255;
            }
            self.ready += 1;
        }
    }

    fn row(&self, j: usize) -> &[u16] {
        &self.ring[(j % self.slots) * self.stride..][..self.stride]
    }
}

/// Divides the blurred colour by the blurred alpha, both in the same scale.
struct Unpremultiply<'a> {
    out: &'a mut [u8],
    stride: usize,
    ch: usize,
}

impl Finish for Unpremultiply<'_> {
    fn block(&mut self, y: usize, start: usize, sums: &[u32]) {
        let ch = self.ch;
        let out = &mut self.out[y * self.stride + start..][..sums.len()];
        for (o, s) in out.chunks_exact_mut(ch).zip(sums.chunks_exact(ch)) {
            let alpha = u64::from(s[ch - 1]);
            for c in 0..ch - 1 {
                o[c] = match alpha {
                    0 => 0,
                    _ => ((u64::from(s[c]) * 255 + alpha / 2) / alpha).min(255) as u8,
                };
            }
            let scale = 255u64 << BITS;
            o[ch - 1] = ((alpha + scale / 2) / scale) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    /// The blur in f64, written the plain way: premultiply, one pass each way over the whole
    /// image, unpremultiply, round.
    fn reference(src: &Bitmap, sigma: f64) -> Vec<u8> {
        let (w, h, ch) = (
            src.width as usize,
            src.height as usize,
            src.layout.channels(),
        );
        let alpha = src.layout.has_alpha();
        let weights = mask::weights(sigma);
        let r = weights.len() as isize - 1;
        let mut data: Vec<f64> = src.data.iter().map(|&v| f64::from(v)).collect();
        if alpha {
            for px in data.chunks_exact_mut(ch) {
                let a = px[ch - 1] / 255.0;
                px[..ch - 1].iter_mut().for_each(|v| *v *= a);
            }
        }
        for horizontal in [false, true] {
            let mut out = vec![0.0; data.len()];
            for y in 0..h as isize {
                for x in 0..w as isize {
                    for k in -r..=r {
                        let (sx, sy) = if horizontal {
                            ((x + k).clamp(0, w as isize - 1), y)
                        } else {
                            (x, (y + k).clamp(0, h as isize - 1))
                        };
                        let (o, i) = (
                            (y as usize * w + x as usize) * ch,
                            (sy as usize * w + sx as usize) * ch,
                        );
                        for c in 0..ch {
                            out[o + c] += weights[k.unsigned_abs()] * data[i + c];
                        }
                    }
                }
            }
            data = out;
        }
        if alpha {
            for px in data.chunks_exact_mut(ch) {
                let a = px[ch - 1] / 255.0;
                px[..ch - 1]
                    .iter_mut()
                    .for_each(|v| *v = if a > 0.0 { *v / a } else { 0.0 });
            }
        }
        data.iter()
            .map(|v| v.round().clamp(0.0, 255.0) as u8)
            .collect()
    }

    fn psnr(a: &[u8], b: &[u8]) -> f64 {
        let mse = a
            .iter()
            .zip(b)
            .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
            .sum::<f64>()
            / a.len() as f64;
        10.0 * (255.0 * 255.0 / mse.max(1e-10)).log10()
    }

    /// Noise with some flat runs (a xorshift, so the test needs no crate).
    fn noise(w: u32, h: u32, layout: Layout, seed: u64) -> Bitmap {
        let mut state = seed | 1;
        let data = (0..w as usize * h as usize * layout.channels())
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if i % 97 < 20 {
                    255
                } else {
                    (state >> 24) as u8
                }
            })
            .collect();
        Bitmap::new(w, h, layout, data).unwrap()
    }

    #[test]
    fn blur_matches_the_float_reference() {
        let layouts = [Layout::Gray, Layout::GrayAlpha, Layout::Rgb, Layout::Rgba];
        let sizes = [(1, 1), (1, 40), (40, 1), (3, 2), (37, 23), (70, 45)];
        for (i, &(w, h)) in sizes.iter().enumerate() {
            for (j, &layout) in layouts.iter().enumerate() {
                for sigma in [0.3, 1.0, 2.0, 5.5, 20.0] {
                    let src = noise(w, h, layout, (i * 4 + j) as u64 + 1);
                    let expected = reference(&src, sigma);
                    let got = blur(src, sigma, &Cancel::new()).unwrap().data;
                    let db = psnr(&got, &expected);
                    assert!(db > 55.0, "{w}x{h} {layout:?} sigma {sigma}: {db:.1} dB");
                }
            }
        }
    }

    #[test]
    fn sharpen_adds_back_the_difference_from_the_reference_blur_and_keeps_alpha() {
        for layout in [Layout::Rgb, Layout::GrayAlpha] {
            let src = noise(33, 17, layout, 7);
            let blurred = reference(&src, 1.5);
            let got = sharpen(src.clone(), 1.5, &Cancel::new()).unwrap().data;
            let ch = layout.channels();
            let expected: Vec<u8> = src
                .data
                .iter()
                .zip(&blurred)
                .enumerate()
                .map(
                    |(i, (&s, &b))| match layout.has_alpha() && i % ch == ch - 1 {
                        true => s,
                        false => (2 * i32::from(s) - i32::from(b)).clamp(0, 255) as u8,
                    },
                )
                .collect();
            let db = psnr(&got, &expected);
            assert!(db > 50.0, "{layout:?}: {db:.1} dB");
        }
    }

    #[test]
    fn transparent_pixels_lend_no_colour() {
        // Opaque blue beside transparent red: the blurred opaque side stays pure blue.
        let (blue, clear_red) = ([0, 0, 255, 255], [255, 0, 0, 0]);
        let data = [blue; 8]
            .into_iter()
            .chain([clear_red; 8])
            .flatten()
            .collect();
        let b = blur(
            Bitmap::new(16, 1, Layout::Rgba, data).unwrap(),
            2.0,
            &Cancel::new(),
        )
        .unwrap();
        for px in b.data.chunks_exact(4).filter(|p| p[3] > 0) {
            assert_eq!(&px[..3], &[0, 0, 255], "{:?}", b.data);
        }
    }

    #[test]
    fn blur_keeps_flat_areas_and_softens_edges() {
        let data: Vec<u8> = (0..20).map(|x| if x < 10 { 0 } else { 200 }).collect();
        let b = blur(
            Bitmap::new(20, 1, Layout::Gray, data).unwrap(),
            1.0,
            &Cancel::new(),
        )
        .unwrap();
        assert_eq!((b.data[0], b.data[19]), (0, 200));
        assert!(b.data[9] > 20 && b.data[10] < 180, "{:?}", b.data);
    }

    #[test]
    fn sharpen_steepens_edges() {
        let data: Vec<u8> = (0..20).map(|x| if x < 10 { 50 } else { 150 }).collect();
        let s = sharpen(
            Bitmap::new(20, 1, Layout::Gray, data).unwrap(),
            1.0,
            &Cancel::new(),
        )
        .unwrap();
        assert!(s.data[9] < 50 && s.data[10] > 150, "{:?}", s.data);
        assert_eq!((s.data[0], s.data[19]), (50, 150));
    }

    #[test]
    fn a_cancelled_blur_stops() {
        let cancel = Cancel::new();
        cancel.cancel();
        let bitmap = Bitmap::new(20, 20, Layout::Gray, vec![0; 400]).unwrap();
        assert!(matches!(
            blur(bitmap, 5.0, &cancel),
            Err(crate::Error::Cancelled)
        ));
    }
}

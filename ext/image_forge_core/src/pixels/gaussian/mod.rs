//! Gaussian kernels: blur and unsharp mask, in fixed point, one output row at a time, in
//! place.

mod mask;
mod separable;

use mask::{Mask, BITS};
use separable::{Finish, Rows};

use crate::{Bitmap, Cancel, Result};

/// What [`blur`] and [`sharpen`] hold besides their input, over which they write their
/// output, for `input` bytes in, with `sigma`: one padded u16 row and a ring of rows as tall
/// as the mask (u16 ones with alpha). Only the byte count is known here, so each is bounded
/// by the worst shape (a single row; a mask taller than the image): twice the input each,
/// plus the padding.
pub(crate) fn scratch(input: u64, sigma: f64) -> u64 {
    let radius = mask::radius(sigma) as u64;
    4 * input + 64 * (radius + 1)
}

/// Gaussian blur with libvips' mask length, edges extended, alpha premultiplied.
pub(crate) fn blur(src: Bitmap, sigma: f64, cancel: &Cancel) -> Result<Bitmap> {
    convolve(src, sigma, false, cancel)
}

/// Unsharp mask: adds back the difference from a Gaussian blur of `sigma` (colour only).
pub(crate) fn sharpen(src: Bitmap, sigma: f64, cancel: &Cancel) -> Result<Bitmap> {
    convolve(src, sigma, true, cancel)
}

/// Blurs `bitmap`, or sharpens it, over its own pixels: each source row goes into a ring as
/// tall as the mask (premultiplied when there is alpha) before the output row lands on it, so
/// the image is never held twice (a 6 MP blur held 18 MB more).
fn convolve(mut bitmap: Bitmap, sigma: f64, sharpen: bool, cancel: &Cancel) -> Result<Bitmap> {
    let mask = Mask::new(sigma);
    let ch = bitmap.layout.channels();
    let size = (bitmap.width as usize, bitmap.height as usize, ch);
    if bitmap.layout.has_alpha() {
        let mut rows = InPlace::<u16>::new(&mut bitmap.data, size, mask.radius(), sharpen);
        separable::convolve(&mut rows, size, &mask, cancel)?;
    } else {
        let mut rows = InPlace::<u8>::new(&mut bitmap.data, size, mask.radius(), sharpen);
        separable::convolve(&mut rows, size, &mask, cancel)?;
    }
    Ok(bitmap)
}

/// How source samples enter the ring, and how the sums leave it.
trait Sample: Copy + Default + Into<u32> {
    /// See [`Rows::SHIFT`].
    const SHIFT: u32;
    /// A source row into the ring.
    fn load(src: &[u8], dst: &mut [Self], ch: usize);
    /// Sums (`1 << BITS` times the ring's scale) into `out`, which holds the source samples
    /// they came from: the blur, or with `sharpen` the source plus its difference from it.
    fn store(sums: &[u32], out: &mut [u8], ch: usize, sharpen: bool);
}

/// Without alpha: 8-bit rows as they are.
impl Sample for u8 {
    const SHIFT: u32 = BITS - 8;

    fn load(src: &[u8], dst: &mut [u8], _: usize) {
        dst.copy_from_slice(src);
    }

    #[inline(always)]
    fn store(sums: &[u32], out: &mut [u8], _: usize, sharpen: bool) {
        // The ring keeps 8 fractional bits; two flat loops, so each vectorises.
        const SHIFT: u32 = BITS + 8;
        let blurred = |s: u32| ((s + (1 << (SHIFT - 1))) >> SHIFT).min(255) as u8;
        if sharpen {
            for (o, &s) in out.iter_mut().zip(sums) {
                *o = (2 * i16::from(*o) - i16::from(blurred(s))).clamp(0, 255) as u8;
            }
        } else {
            for (o, &s) in out.iter_mut().zip(sums) {
                *o = blurred(s);
            }
        }
    }
}

/// With alpha: premultiplied exactly in u16 (colour x alpha, alpha x 255), divided back out.
impl Sample for u16 {
    const SHIFT: u32 = BITS;

    fn load(src: &[u8], dst: &mut [u16], ch: usize) {
        for (d, s) in dst.chunks_exact_mut(ch).zip(src.chunks_exact(ch)) {
            let a = u16::from(s[ch - 1]);
            for c in 0..ch - 1 {
                d[c] = u16::from(s[c]) * a;
            }
            d[ch - 1] = a * 255;
        }
    }

    fn store(sums: &[u32], out: &mut [u8], ch: usize, sharpen: bool) {
        for (o, s) in out.chunks_exact_mut(ch).zip(sums.chunks_exact(ch)) {
            let alpha = u64::from(s[ch - 1]);
            for c in 0..ch - 1 {
                let blurred = match alpha {
                    0 => 0,
                    _ => ((u64::from(s[c]) * 255 + alpha / 2) / alpha).min(255) as u8,
                };
                o[c] = match sharpen {
                    true => (2 * i16::from(o[c]) - i16::from(blurred)).clamp(0, 255) as u8,
                    false => blurred,
                };
            }
            // Sharpening keeps alpha as it was.
            if !sharpen {
                let scale = 255u64 << BITS;
                o[ch - 1] = ((alpha + scale / 2) / scale) as u8;
            }
        }
    }
}

/// The image being convolved over itself, and the ring of source rows the mask still reaches.
struct InPlace<'a, S> {
    data: &'a mut [u8],
    ch: usize,
    stride: usize,
    last_row: usize,
    radius: usize,
    ring: Vec<S>,
    slots: usize,
    /// Rows loaded into the ring so far.
    ready: usize,
    sharpen: bool,
}

impl<'a, S: Sample> InPlace<'a, S> {
    fn new(
        data: &'a mut [u8],
        (w, h, ch): (usize, usize, usize),
        radius: usize,
        sharpen: bool,
    ) -> Self {
        let slots = (2 * radius + 1).min(h);
        Self {
            data,
            ch,
            stride: w * ch,
            last_row: h - 1,
            radius,
            ring: vec![S::default(); slots * w * ch],
            slots,
            ready: 0,
            sharpen,
        }
    }
}

impl<S: Sample> Rows for InPlace<'_, S> {
    type Sample = S;
    const SHIFT: u32 = S::SHIFT;

    /// Loads rows up to `y + r`. Output row `y` is written only after this, and the rows
    /// above it that the ring drops were written before, so no row is overwritten unread.
    fn prepare(&mut self, y: usize) {
        while self.ready <= (y + self.radius).min(self.last_row) {
            let j = self.ready;
            let src = &self.data[j * self.stride..][..self.stride];
            let dst = &mut self.ring[(j % self.slots) * self.stride..][..self.stride];
            S::load(src, dst, self.ch);
            self.ready += 1;
        }
    }

    fn row(&self, j: usize) -> &[S] {
        &self.ring[(j % self.slots) * self.stride..][..self.stride]
    }
}

impl<S: Sample> Finish for InPlace<'_, S> {
    #[inline(always)]
    fn block(&mut self, y: usize, start: usize, sums: &[u32]) {
        let out = &mut self.data[y * self.stride + start..][..sums.len()];
        S::store(sums, out, self.ch, self.sharpen);
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

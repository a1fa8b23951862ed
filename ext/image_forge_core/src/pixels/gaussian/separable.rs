//! The separable convolution, one output row at a time: a vertical pass over the source rows
//! the mask reaches into one padded u16 row, then a horizontal pass over that row. Scratch is
//! that row (plus whatever the row source keeps), never a copy of the image.

use super::mask::Mask;
use crate::{Cancel, Result};

/// Source rows, 2r+1 of which feed each output row.
pub(super) trait Rows {
    type Sample: Copy + Into<u32>;
    /// Bits the vertical pass drops from its sums so the padded row fits u16: with u8 samples
    /// the row keeps 8 fractional bits, with u16 ones none.
    const SHIFT: u32;
    /// Called before output row `y`; rows up to `y + r` are asked for next.
    fn prepare(&mut self, y: usize);
    /// Row `j` (already clamped to the image), `width * channels` samples.
    fn row(&self, j: usize) -> &[Self::Sample];
}

/// Takes the horizontal sums, `1 << mask::BITS` times the padded row's scale.
pub(super) trait Finish {
    /// Sums for output row `y`, samples `start..start + sums.len()`; `start` is a multiple
    /// of `BLOCK`, so with 2 or 4 channels a block holds whole pixels.
    fn block(&mut self, y: usize, start: usize, sums: &[u32]);
}

/// Samples summed per step. Long enough that each tap's loop vectorises as a plain loop over
/// memory (an accumulator block of a few registers gets split into scalars by LLVM instead),
/// short enough that the block and its taps stay in L1.
pub(super) const BLOCK: usize = 512;

/// Convolves `rows` (`w` x `h` pixels of `ch` samples) with `mask` both ways, handing each
/// output row back to it; one object, as the image may be its own output. Checks `cancel`
/// every row.
pub(super) fn convolve<R: Rows + Finish>(
    rows: &mut R,
    size: (usize, usize, usize),
    mask: &Mask,
    cancel: &Cancel,
) -> Result<()> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked on the line above.
        return unsafe { convolve_avx2(rows, size, mask, cancel) };
    }
    run(rows, size, mask, cancel)
}

/// The same loops compiled for AVX2, which LLVM vectorises 8 lanes wide.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn convolve_avx2<R: Rows + Finish>(
    rows: &mut R,
    size: (usize, usize, usize),
    mask: &Mask,
    cancel: &Cancel,
) -> Result<()> {
    run(rows, size, mask, cancel)
}

#[inline(always)]
fn run<R: Rows + Finish>(
    rows: &mut R,
    (w, h, ch): (usize, usize, usize),
    mask: &Mask,
    cancel: &Cancel,
) -> Result<()> {
    let r = mask.radius();
    let len = w * ch;
    let mut padded = vec![0u16; (w + 2 * r) * ch];
    let round = (1u32 << R::SHIFT) >> 1;
    for y in 0..h {
        cancel.check()?;
        rows.prepare(y);
        let taps: Vec<&[R::Sample]> = (0..=2 * r)
            .map(|k| rows.row((y + k).saturating_sub(r).min(h - 1)))
            .collect();
        let inner = &mut padded[r * ch..r * ch + len];
        weighted_sums(&taps, &mask.weights, |start, sums| {
            for (p, &s) in inner[start..].iter_mut().zip(sums) {
                *p = ((s + round) >> R::SHIFT) as u16;
            }
        });
        // Edges extend: the first and last pixels repeat into the padding.
        for k in 0..r {
            padded.copy_within(r * ch..(r + 1) * ch, k * ch);
            padded.copy_within((r + w - 1) * ch..(r + w) * ch, (r + w + k) * ch);
        }
        let taps: Vec<&[u16]> = (0..=2 * r).map(|k| &padded[k * ch..k * ch + len]).collect();
        weighted_sums(&taps, &mask.weights, |start, sums| {
            rows.block(y, start, sums)
        });
    }
    Ok(())
}

/// Sums `taps` (2r+1 equally long slices, symmetric about the middle one) weighted by
/// `weights` (the centre's, then each pair's outwards), `BLOCK` samples at a time.
#[inline(always)]
fn weighted_sums<T: Copy + Into<u32>>(
    taps: &[&[T]],
    weights: &[u32],
    mut out: impl FnMut(usize, &[u32]),
) {
    let len = taps[weights.len() - 1].len();
    let mut acc = [0u32; BLOCK];
    let mut start = 0;
    while start + BLOCK <= len {
        sum_block(taps, weights, start, &mut acc);
        out(start, &acc);
        start += BLOCK;
    }
    if start < len {
        let tail = &mut acc[..len - start];
        sum_block(taps, weights, start, tail);
        out(start, tail);
    }
}

/// Pairs are added before the multiply: half the multiplies of a plain dot product.
#[inline(always)]
fn sum_block<T: Copy + Into<u32>>(taps: &[&[T]], weights: &[u32], start: usize, acc: &mut [u32]) {
    let r = weights.len() - 1;
    let n = acc.len();
    for (a, &c) in acc.iter_mut().zip(&taps[r][start..start + n]) {
        *a = weights[0] * c.into();
    }
    for (k, &w) in weights.iter().enumerate().skip(1) {
        let (lo, hi) = (
            &taps[r - k][start..start + n],
            &taps[r + k][start..start + n],
        );
        for ((a, &l), &h) in acc.iter_mut().zip(lo).zip(hi) {
            *a += w * (l.into() + h.into());
        }
    }
}

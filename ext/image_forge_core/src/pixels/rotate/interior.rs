//! Fixed-point bilinear sampling along one output row whose taps all fall inside the image:
//! source positions step by constant deltas, so the loop has no edge tests and no floats.

/// Source positions are 32.32 fixed point: 3,600 steps drift less than 2^-20 pixel.
pub(super) const POS: u32 = 32;
/// Fractional bits kept for the weights: 1/2048 pixel, and four taps of 255 times 2^22
/// fit a u32.
const F: u32 = 11;
const ONE: u32 = 1 << F;

/// Samples `out.len() / CH` pixels starting at source position (`sx`, `sy`) and stepping by
/// (`dx`, `dy`); every tap (x0..=x0 + 1, y0..=y0 + 1) must lie inside `src` (`stride` bytes
/// a row). With `ALPHA` the last channel is alpha and colour is interpolated premultiplied,
/// so transparent taps lend no colour.
pub(super) fn row<const CH: usize, const ALPHA: bool>(
    src: &[u8],
    stride: usize,
    (mut sx, mut sy): (i64, i64),
    (dx, dy): (i64, i64),
    out: &mut [u8],
) {
    for o in out.chunks_exact_mut(CH) {
        let (x0, y0) = ((sx >> POS) as usize, (sy >> POS) as usize);
        let fx = (sx >> (POS - F)) as u32 & (ONE - 1);
        let fy = (sy >> (POS - F)) as u32 & (ONE - 1);
        sx += dx;
        sy += dy;
        // Weights of the four taps, summing to exactly 2^(2F).
        let w11 = fx * fy;
        let w01 = (fx << F) - w11;
        let w10 = (fy << F) - w11;
        let w00 = (ONE << F) - w01 - w10 - w11;
        let i = y0 * stride + x0 * CH;
        // One bounds check for all four taps.
        let p = &src[i..i + stride + 2 * CH];
        let (top, bottom) = p.split_at(stride);
        if ALPHA {
            blend_premultiplied::<CH>(top, bottom, [w00, w01, w10, w11], o);
        } else {
            for c in 0..CH {
                let v = w00 * u32::from(top[c])
                    + w01 * u32::from(top[CH + c])
                    + w10 * u32::from(bottom[c])
                    + w11 * u32::from(bottom[CH + c]);
                o[c] = ((v + (1 << (2 * F - 1))) >> (2 * F)) as u8;
            }
        }
    }
}

/// Colour weighted by weight times alpha, divided by the interpolated alpha (rounded).
#[inline(always)]
fn blend_premultiplied<const CH: usize>(top: &[u8], bottom: &[u8], w: [u32; 4], o: &mut [u8]) {
    let a = CH - 1;
    let taps = [
        &top[..CH],
        &top[CH..2 * CH],
        &bottom[..CH],
        &bottom[CH..2 * CH],
    ];
    let wa: [u64; 4] = std::array::from_fn(|k| u64::from(w[k] * u32::from(taps[k][a])));
    let alpha: u64 = wa.iter().sum();
    for c in 0..a {
        let num: u64 = (0..4).map(|k| wa[k] * u64::from(taps[k][c])).sum();
        o[c] = if alpha > 0 {
            ((2 * num + alpha) / (2 * alpha)) as u8
        } else {
            0
        };
    }
    o[a] = ((alpha + (1 << (2 * F - 1))) >> (2 * F)) as u8;
}

//! Gaussian kernels: blur and unsharp mask.

use crate::{Bitmap, Cancel, Layout, Result};

/// What [`blur`] and [`sharpen`] hold besides their input and output, for `input` bytes in:
/// three `f32` copies of the image (and sharpen a blurred copy too).
pub(crate) fn scratch(input: u64) -> u64 {
    14 * input
}

/// Gaussian blur: two separable passes in f32, edges extended, alpha premultiplied.
pub(crate) fn blur(src: Bitmap, sigma: f64, cancel: &Cancel) -> Result<Bitmap> {
    let (w, h, layout) = (src.width as usize, src.height as usize, src.layout);
    let ch = layout.channels();
    let mut data: Vec<f32> = src.data.iter().map(|&v| f32::from(v)).collect();
    if layout.has_alpha() {
        for px in data.chunks_exact_mut(ch) {
            let a = px[ch - 1] / 255.0;
            px[..ch - 1].iter_mut().for_each(|v| *v *= a);
        }
    }
    let kernel = gaussian_kernel(sigma);
    let tmp = convolve(&data, (w, h, ch), &kernel, true, cancel)?;
    let mut out = convolve(&tmp, (w, h, ch), &kernel, false, cancel)?;
    if layout.has_alpha() {
        for px in out.chunks_exact_mut(ch) {
            let a = px[ch - 1] / 255.0;
            if a > 0.0 {
                px[..ch - 1].iter_mut().for_each(|v| *v /= a);
            }
        }
    }
    let bytes = out
        .iter()
        .map(|v| v.round().clamp(0.0, 255.0) as u8)
        .collect();
    Ok(Bitmap {
        width: src.width,
        height: src.height,
        layout,
        data: bytes,
    })
}

/// Unsharp mask: adds back the difference from a Gaussian blur of `sigma` (colour only).
pub(crate) fn sharpen(src: Bitmap, sigma: f64, cancel: &Cancel) -> Result<Bitmap> {
    let blurred = blur(src.clone(), sigma, cancel)?;
    let colour = match src.layout {
        Layout::Gray | Layout::Rgb => src.layout.channels(),
        _ => src.layout.channels() - 1,
    };
    let ch = src.layout.channels();
    let mut out = src;
    for (px, b) in out
        .data
        .chunks_exact_mut(ch)
        .zip(blurred.data.chunks_exact(ch))
    {
        for c in 0..colour {
            let v = 2 * i32::from(px[c]) - i32::from(b[c]);
            px[c] = v.clamp(0, 255) as u8;
        }
    }
    Ok(out)
}

/// Normalised weights out to 3 sigma.
fn gaussian_kernel(sigma: f64) -> Vec<f32> {
    let radius = (sigma * 3.0).ceil().max(1.0) as i64;
    let weights: Vec<f64> = (-radius..=radius)
        .map(|i| (-(i * i) as f64 / (2.0 * sigma * sigma)).exp())
        .collect();
    let sum: f64 = weights.iter().sum();
    weights.iter().map(|w| (w / sum) as f32).collect()
}

/// One separable pass; checks `cancel` every line (a large sigma makes each line slow).
fn convolve(
    src: &[f32],
    (w, h, ch): (usize, usize, usize),
    kernel: &[f32],
    horizontal: bool,
    cancel: &Cancel,
) -> Result<Vec<f32>> {
    let radius = (kernel.len() / 2) as isize;
    let mut out = vec![0f32; src.len()];
    let (len, lines) = if horizontal { (w, h) } else { (h, w) };
    let index = |line: usize, pos: usize| {
        if horizontal {
            line * w + pos
        } else {
            pos * w + line
        }
    };
    for line in 0..lines {
        cancel.check()?;
        for pos in 0..len {
            let o = index(line, pos) * ch;
            for (k, weight) in kernel.iter().enumerate() {
                let p = (pos as isize + k as isize - radius).clamp(0, len as isize - 1) as usize;
                let s = index(line, p) * ch;
                for c in 0..ch {
                    out[o + c] += src[s + c] * weight;
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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

use super::crop;
use crate::{Bitmap, Result};

/// Crops to `width` x `height` keeping the most detailed part: repeatedly drops the edge
/// strip whose luma histogram has less entropy (libvips' `interesting: entropy`).
pub(crate) fn smart_crop(src: Bitmap, width: u32, height: u32) -> Result<Bitmap> {
    let (width, height) = (width.min(src.width), height.min(src.height));
    let luma = luma(&src);
    let w = src.width as usize;
    let (mut left, mut right) = (0usize, src.width as usize);
    let (mut top, mut bottom) = (0usize, src.height as usize);
    while right - left > width as usize {
        let strip = strip(right - left - width as usize);
        let a = entropy(&luma, w, left..left + strip, top..bottom);
        let b = entropy(&luma, w, right - strip..right, top..bottom);
        if a < b {
            left += strip
        } else {
            right -= strip
        }
    }
    while bottom - top > height as usize {
        let strip = strip(bottom - top - height as usize);
        let a = entropy(&luma, w, left..right, top..top + strip);
        let b = entropy(&luma, w, left..right, bottom - strip..bottom);
        if a < b {
            top += strip
        } else {
            bottom -= strip
        }
    }
    crop(src, left as u32, top as u32, width, height)
}

fn strip(excess: usize) -> usize {
    excess.min((excess / 8).max(8))
}

fn luma(src: &Bitmap) -> Vec<u8> {
    let ch = src.layout.channels();
    src.data
        .chunks_exact(ch)
        .map(|p| {
            if ch >= 3 {
                ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8
            } else {
                p[0]
            }
        })
        .collect()
}

fn entropy(luma: &[u8], w: usize, xs: std::ops::Range<usize>, ys: std::ops::Range<usize>) -> f64 {
    let mut hist = [0u32; 256];
    for y in ys {
        for &v in &luma[y * w + xs.start..y * w + xs.end] {
            hist[v as usize] += 1;
        }
    }
    let total: f64 = hist.iter().map(|&c| f64::from(c)).sum();
    hist.iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / total;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn keeps_the_detailed_region() {
        // Flat gray except a noisy 10x10 patch at the right edge.
        let (w, h) = (60u32, 10u32);
        let data: Vec<u8> = (0..w * h)
            .map(|i| {
                if i % w >= 50 {
                    ((i * 37) % 251) as u8
                } else {
                    128
                }
            })
            .collect();
        let c = smart_crop(Bitmap::new(w, h, Layout::Gray, data).unwrap(), 10, 10).unwrap();
        assert!(c.data.iter().any(|&v| v != 128));
        assert_eq!((c.width, c.height), (10, 10));
        assert!(c.data.iter().filter(|&&v| v == 128).count() < 10);
    }
}

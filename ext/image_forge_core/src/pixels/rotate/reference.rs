//! Plain floating-point bilinear sampling: the definition the fixed-point interior follows,
//! used as is where a pixel's taps straddle the image's edge (a few per row).

use crate::{Bitmap, Colour};

/// The background premultiplied, in the source's channel layout, and the flags to sample.
pub(super) struct Edge<'a> {
    pub src: &'a Bitmap,
    pub bg: [f64; 4],
}

impl<'a> Edge<'a> {
    pub fn new(src: &'a Bitmap, background: Colour) -> Self {
        let ch = src.layout.channels();
        let bg = premultiplied(background_pixel(background, ch), ch, src.layout.has_alpha());
        Self { src, bg }
    }

    /// Writes the pixel sampled at source position (`sx`, `sy`) (pixel centres on whole
    /// numbers) to `out`: taps outside the image take the background, so coverage blends.
    pub fn pixel(&self, sx: f64, sy: f64, out: &mut [u8]) {
        let src = self.src;
        let ch = src.layout.channels();
        let alpha = src.layout.has_alpha();
        let (w, h) = (i64::from(src.width), i64::from(src.height));
        let sample = |x: i64, y: i64, c: usize| -> f64 {
            if x < 0 || y < 0 || x >= w || y >= h {
                return self.bg[c];
            }
            let px = &src.data[((y * w + x) as usize) * ch..][..ch];
            let v = f64::from(px[c]);
            if alpha && c < ch - 1 {
                v * f64::from(px[ch - 1]) / 255.0
            } else {
                v
            }
        };
        let (x0, y0) = (sx.floor() as i64, sy.floor() as i64);
        let (fx, fy) = (sx - sx.floor(), sy - sy.floor());
        let mut px = [0f64; 4];
        for (c, v) in px.iter_mut().enumerate().take(ch) {
            let top = sample(x0, y0, c) * (1.0 - fx) + sample(x0 + 1, y0, c) * fx;
            let bottom = sample(x0, y0 + 1, c) * (1.0 - fx) + sample(x0 + 1, y0 + 1, c) * fx;
            *v = top * (1.0 - fy) + bottom * fy;
        }
        let a = if alpha { px[ch - 1] / 255.0 } else { 1.0 };
        for (c, (o, v)) in out.iter_mut().zip(&px).enumerate().take(ch) {
            let v = if alpha && c < ch - 1 && a > 0.0 {
                v / a
            } else {
                *v
            };
            *o = v.round().clamp(0.0, 255.0) as u8;
        }
    }
}

fn premultiplied(mut px: [f64; 4], channels: usize, alpha: bool) -> [f64; 4] {
    if alpha {
        let a = px[channels - 1] / 255.0;
        px[..channels - 1].iter_mut().for_each(|v| *v *= a);
    }
    px
}

fn background_pixel(c: Colour, channels: usize) -> [f64; 4] {
    let gray = f64::from(c.r) * 0.2126 + f64::from(c.g) * 0.7152 + f64::from(c.b) * 0.0722;
    match channels {
        1 => [gray, 0.0, 0.0, 0.0],
        2 => [gray, f64::from(c.a), 0.0, 0.0],
        _ => [
            f64::from(c.r),
            f64::from(c.g),
            f64::from(c.b),
            f64::from(c.a),
        ],
    }
}

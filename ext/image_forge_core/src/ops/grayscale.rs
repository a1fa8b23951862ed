//! `grayscale`

use std::{fmt, sync::OnceLock};

use super::{Env, Operation, Plan};
use crate::{recipe::Args, Bitmap, Fixed, Layout, Result};

/// Converts to gray (luminance), keeping alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Grayscale;

impl Operation for Grayscale {
    const NAME: &'static str = "grayscale";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(0, 0)?;
        Ok(Self)
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Self::NAME)
    }

    fn scaled(self, _: Fixed) -> Self {
        self
    }

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        Ok(Plan::apply(size))
    }

    fn channels(&self, channels: u8) -> u8 {
        channels
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        Ok(grayscale(bitmap))
    }
}


/// sRGB byte -> linear light, and linear light (12 bits) -> sRGB byte.
fn tables() -> &'static ([f32; 256], [u8; 4096]) {
    static TABLES: OnceLock<([f32; 256], [u8; 4096])> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut to_linear = [0f32; 256];
        for (i, v) in to_linear.iter_mut().enumerate() {
            let c = i as f64 / 255.0;
            *v = if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            } as f32;
        }
        let mut to_srgb = [0u8; 4096];
        for (i, v) in to_srgb.iter_mut().enumerate() {
            let l = i as f64 / 4095.0;
            let c = if l <= 0.003_130_8 {
                l * 12.92
            } else {
                1.055 * l.powf(1.0 / 2.4) - 0.055
            };
            *v = (c * 255.0).round() as u8;
        }
        (to_linear, to_srgb)
    })
}

/// Luminance (Rec. 709 weights in linear light, as libvips' `colourspace(:b_w)`), alpha kept.
fn grayscale(src: Bitmap) -> Bitmap {
    let (layout, ch) = match src.layout {
        Layout::Gray | Layout::GrayAlpha => return src,
        Layout::Rgb => (Layout::Gray, 3),
        Layout::Rgba => (Layout::GrayAlpha, 4),
    };
    let (lin, srgb) = tables();
    let mut out = Vec::with_capacity(src.data.len() / ch * (ch - 2));
    for px in src.data.chunks_exact(ch) {
        let y = 0.2126 * lin[px[0] as usize]
            + 0.7152 * lin[px[1] as usize]
            + 0.0722 * lin[px[2] as usize];
        out.push(srgb[(y * 4095.0 + 0.5) as usize]);
        if ch == 4 {
            out.push(px[3]);
        }
    }
    Bitmap {
        width: src.width,
        height: src.height,
        layout,
        data: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_neutral_grays_and_weights_green_most() {
        let b = Bitmap::new(
            3,
            1,
            Layout::Rgba,
            vec![128, 128, 128, 7, 0, 255, 0, 255, 0, 0, 255, 255],
        )
        .unwrap();
        let g = grayscale(b);
        assert_eq!(g.layout, Layout::GrayAlpha);
        assert_eq!((g.data[0], g.data[1], g.data[3]), (128, 7, 255));
        assert!(g.data[2] > 200 && g.data[4] < 100, "{:?}", g.data);
    }
}

//! `modulate:brightness[:saturation[:hue]]`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{recipe::Args, Bitmap, Fixed, Layout, Result};

const FACTOR_MAX: Fixed = Fixed::from_thousandths(10_000);

/// Multiplies brightness and saturation, rotates hue by degrees (HSL, as ImageMagick).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Modulate {
    /// Default: 1.
    pub brightness: Fixed,
    /// Default: 1.
    pub saturation: Fixed,
    /// Degrees, 0..360. Default: 0.
    pub hue: u16,
}

impl Operation for Modulate {
    const NAME: &'static str = "modulate";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(1, 3)?;
        let factor = |i| a.fixed_or(i, Fixed::from_thousandths(0), FACTOR_MAX, Fixed::ONE);
        Ok(Self {
            brightness: factor(0)?,
            saturation: factor(1)?,
            hue: a.degrees_or_zero(2)?,
        })
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            brightness,
            saturation,
            hue,
        } = self;
        write!(f, "{}:{brightness}:{saturation}:{hue}", Self::NAME)
    }

    fn scaled(self, _: Fixed) -> Self {
        self
    }

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        Ok(Plan::apply(size))
    }

    fn channels(&self, _: u8) -> u8 {
        4
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        Ok(modulate(
            bitmap,
            self.brightness.get(),
            self.saturation.get(),
            f64::from(self.hue),
        ))
    }
}


/// Scales lightness and saturation and turns hue by `hue` degrees, in HSL as ImageMagick's
/// `-modulate` does. Gray images only take the brightness change.
fn modulate(src: Bitmap, brightness: f64, saturation: f64, hue: f64) -> Bitmap {
    let ch = src.layout.channels();
    let colour = matches!(src.layout, Layout::Rgb | Layout::Rgba);
    let mut out = src;
    for px in out.data.chunks_exact_mut(ch) {
        if !colour {
            px[0] = (f64::from(px[0]) * brightness).round().clamp(0.0, 255.0) as u8;
            continue;
        }
        let (h, s, l) = to_hsl(px[0], px[1], px[2]);
        let rgb = from_hsl(
            (h + hue / 360.0).rem_euclid(1.0),
            (s * saturation).min(1.0),
            (l * brightness).min(1.0),
        );
        px[..3].copy_from_slice(&rgb);
    }
    out
}

fn to_hsl(r: u8, g: u8, b: u8) -> (f64, f64, f64) {
    let (r, g, b) = (
        f64::from(r) / 255.0,
        f64::from(g) / 255.0,
        f64::from(b) / 255.0,
    );
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let l = (max + min) / 2.0;
    let d = max - min;
    if d == 0.0 {
        return (0.0, 0.0, l);
    }
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    (h / 6.0, s, l)
}

fn from_hsl(h: f64, s: f64, l: f64) -> [u8; 3] {
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let channel = |t: f64| {
        let t = t.rem_euclid(1.0);
        let v = if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        };
        (v * 255.0).round().clamp(0.0, 255.0) as u8
    };
    [channel(h + 1.0 / 3.0), channel(h), channel(h - 1.0 / 3.0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(rgb: [u8; 3], b: f64, s: f64, h: f64) -> Vec<u8> {
        modulate(
            Bitmap::new(1, 1, Layout::Rgb, rgb.to_vec()).unwrap(),
            b,
            s,
            h,
        )
        .data
    }

    #[test]
    fn identity_round_trips_and_each_factor_does_its_job() {
        assert_eq!(one([200, 100, 50], 1.0, 1.0, 0.0), vec![200, 100, 50]);
        assert_eq!(one([255, 0, 0], 1.0, 1.0, 120.0), vec![0, 255, 0]);
        assert_eq!(one([200, 100, 50], 1.0, 0.0, 0.0), vec![125, 125, 125]);
        assert!(one([100, 100, 100], 1.5, 1.0, 0.0)[0] == 150);
    }
}

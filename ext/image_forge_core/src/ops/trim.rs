//! `trim[:threshold]`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{pixels::crop, recipe::Args, Bitmap, Fixed, Result};

/// Cuts away borders of the top-left pixel's colour, within `threshold` per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trim {
    /// Default: 10.
    pub threshold: u8,
}

impl Operation for Trim {
    const NAME: &'static str = "trim";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(0, 1)?;
        let threshold = match a.get(0) {
            None => 10,
            Some(_) => a.small(0, 0, 255)?,
        };
        Ok(Self { threshold })
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", Self::NAME, self.threshold)
    }

    fn scaled(self, _: Fixed) -> Self {
        self
    }

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        // The size depends on the pixels: at most the image's. The pipeline plans what follows
        // again on the size trim leaves.
        Ok(Plan::apply(size))
    }

    fn channels(&self, channels: u8) -> u8 {
        channels
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        Ok(trim(bitmap, self.threshold))
    }
}


/// Cuts away the border whose pixels all match the top-left pixel within `threshold` per
/// channel. An image that is all border is left as it is.
fn trim(src: Bitmap, threshold: u8) -> Bitmap {
    let ch = src.layout.channels();
    let (w, h) = (src.width as usize, src.height as usize);
    let corner = src.data[..ch].to_vec();
    let differs = |x: usize, y: usize| {
        let p = &src.data[(y * w + x) * ch..(y * w + x + 1) * ch];
        p.iter()
            .zip(&corner)
            .any(|(a, b)| a.abs_diff(*b) > threshold)
    };
    let (mut left, mut right, mut top, mut bottom) = (w, 0, h, 0);
    for y in 0..h {
        for x in 0..w {
            if differs(x, y) {
                left = left.min(x);
                right = right.max(x + 1);
                top = top.min(y);
                bottom = bottom.max(y + 1);
            }
        }
    }
    if left >= right {
        return src;
    }
    let (l, t, cw, chh) = (
        left as u32,
        top as u32,
        (right - left) as u32,
        (bottom - top) as u32,
    );
    crop(src, l, t, cw, chh).expect("the box lies inside the image")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn removes_a_uniform_border_within_the_threshold() {
        let mut data = vec![250u8; 6 * 5];
        data[2 * 6 + 3] = 10;
        data[6 + 2] = 20;
        data[0] = 255;
        let t = trim(Bitmap::new(6, 5, Layout::Gray, data).unwrap(), 10);
        assert_eq!((t.width, t.height), (2, 2));
        let flat = Bitmap::new(3, 3, Layout::Gray, vec![7; 9]).unwrap();
        assert_eq!(trim(flat, 0).width, 3);
    }
}

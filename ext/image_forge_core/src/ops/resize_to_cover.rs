//! `resize_to_cover:W:H`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{geometry, recipe::Args, Bitmap, Fixed, Result};

/// Resizes to cover the box, keeping aspect ratio; no crop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResizeToCover {
    pub width: u32,
    pub height: u32,
}

impl Operation for ResizeToCover {
    const NAME: &'static str = "resize_to_cover";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(2, 2)?;
        Ok(Self {
            width: a.required_dimension(0)?,
            height: a.required_dimension(1)?,
        })
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", Self::NAME, self.width, self.height)
    }

    fn scaled(self, dpr: Fixed) -> Self {
        Self {
            width: geometry::scale_side(self.width, dpr),
            height: geometry::scale_side(self.height, dpr),
        }
    }

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        let scale = geometry::cover_scale(self.width, self.height, size);
        Ok(Plan::resize(geometry::scale(size, scale)))
    }

    fn channels(&self, channels: u8) -> u8 {
        channels
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    /// Only resamples: the pipeline does that.
    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        Ok(bitmap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::resized;

    #[test]
    fn cover_enlarges_small_images_and_shrinks_large_ones() {
        let cover = |width, height| ResizeToCover { width, height };
        assert_eq!(resized(cover(400, 400), (100, 50)), (800, 400));
        assert_eq!(resized(cover(100, 100), (1000, 500)), (200, 100));
    }
}

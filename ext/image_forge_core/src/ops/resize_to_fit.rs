//! `resize_to_fit:W:H`

use std::fmt;

use super::{Env, Operation, Plan, Size};
use crate::{geometry, recipe::Args, Bitmap, Fixed, Result};

/// Resizes (up or down) to fit within the box, keeping aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResizeToFit(pub Size);

impl Operation for ResizeToFit {
    const NAME: &'static str = "resize_to_fit";

    fn parse(args: &Args<'_>) -> Result<Self> {
        Size::parse(args).map(Self)
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", Self::NAME, self.0)
    }

    fn scaled(self, dpr: Fixed) -> Self {
        Self(self.0.scaled(dpr))
    }

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        let scale = geometry::fit_scale(self.0, size);
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
    fn fit_enlarges_small_images() {
        let fit = |width, height| ResizeToFit(Size { width, height });
        assert_eq!(resized(fit(Some(400), Some(400)), (100, 50)), (400, 200));
        assert_eq!(resized(fit(Some(400), None), (100, 50)), (400, 200));
    }
}

//! `resize_to_limit:W:H`

use std::fmt;

use super::{Env, Operation, Plan, Size};
use crate::{geometry, recipe::Args, Bitmap, Fixed, Result};

/// Downsizes to fit within the box, keeping aspect ratio; never enlarges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResizeToLimit(pub Size);

impl Operation for ResizeToLimit {
    const NAME: &'static str = "resize_to_limit";

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
        let scale = geometry::fit_scale(self.0, size).min(1.0);
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

    fn limit(width: Option<u32>, height: Option<u32>) -> ResizeToLimit {
        ResizeToLimit(Size { width, height })
    }

    #[test]
    fn limit_fits_inside_and_never_enlarges() {
        let op = limit(Some(720), Some(588));
        assert_eq!(resized(op, (2725, 2225)), (720, 588));
        assert_eq!(resized(op, (2225, 2725)), (480, 588));
        assert_eq!(resized(op, (100, 50)), (100, 50));
        assert!(op.plan((100, 50)).unwrap().resize.is_none());
        assert_eq!(resized(limit(None, Some(100)), (1000, 500)), (200, 100));
    }

    #[test]
    fn dpr_multiplies_the_box() {
        let op = limit(Some(100), None).scaled(Fixed::from_thousandths(2_000));
        assert_eq!(op, limit(Some(200), None));
    }
}

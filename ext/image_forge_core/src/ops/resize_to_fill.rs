//! `resize_to_fill:W:H[:gravity]`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{geometry, pixels::smart_crop, recipe::Args, Bitmap, Fixed, Gravity, Result};

/// Resizes to cover the box, then crops it to exactly its size at `gravity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResizeToFill {
    pub width: u32,
    pub height: u32,
    /// Default: centre. Attention crops by the pixels, after the resize.
    pub gravity: Gravity,
}

impl Operation for ResizeToFill {
    const NAME: &'static str = "resize_to_fill";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(2, 3)?;
        Ok(Self {
            width: a.required_dimension(0)?,
            height: a.required_dimension(1)?,
            gravity: a.gravity(2, Gravity::Centre)?,
        })
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", Self::NAME, self.width, self.height)?;
        if self.gravity != Gravity::Centre {
            write!(f, ":{}", self.gravity)?;
        }
        Ok(())
    }

    fn scaled(self, dpr: Fixed) -> Self {
        Self {
            width: geometry::scale_side(self.width, dpr),
            height: geometry::scale_side(self.height, dpr),
            ..self
        }
    }

    /// A known gravity crops inside the resampling; attention resamples to cover and then
    /// crops where the detail is.
    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        let (width, height) = (self.width, self.height);
        if self.gravity != Gravity::Attention {
            return Ok(Plan::resize(geometry::fill(size, width, height, self.gravity)));
        }
        let cover = geometry::scale(size, geometry::cover_scale(width, height, size));
        let (w, h) = cover.map_or(size, |p| (p.width, p.height));
        Ok(Plan {
            resize: cover,
            apply: Some((width.min(w), height.min(h))),
        })
    }

    fn channels(&self, channels: u8) -> u8 {
        channels
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        match self.gravity {
            Gravity::Attention => smart_crop(bitmap, self.width, self.height),
            _ => Ok(bitmap),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ops::resized, Op};

    fn fill(width: u32, height: u32, gravity: Gravity) -> ResizeToFill {
        ResizeToFill {
            width,
            height,
            gravity,
        }
    }

    #[test]
    fn fill_resamples_to_exactly_the_box() {
        assert_eq!(resized(fill(200, 200, Gravity::East), (1000, 500)), (200, 200));
        assert_eq!(fill(10, 10, Gravity::North).plan((10, 10)).unwrap().apply, None);
    }

    #[test]
    fn attention_covers_then_crops_by_the_pixels() {
        let plan = fill(200, 100, Gravity::Attention).plan((1000, 1000)).unwrap();
        let resize = plan.resize.unwrap();
        assert_eq!((resize.width, resize.height), (200, 200));
        assert_eq!(plan.apply, Some((200, 100)));
    }

    #[test]
    fn dpr_multiplies_resize_sizes() {
        let two = Fixed::from_thousandths(2_000);
        assert_eq!(
            fill(100, 50, Gravity::North).scaled(two),
            fill(200, 100, Gravity::North)
        );
        assert_eq!(Op::from(crate::ops::Flip).scaled(two), Op::from(crate::ops::Flip));
    }
}

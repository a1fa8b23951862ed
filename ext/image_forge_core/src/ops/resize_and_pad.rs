//! `resize_and_pad:W:H[:background[:gravity]]`

use std::fmt;

use super::{Env, Operation, Plan, Size};
use crate::{geometry, pixels::pad, recipe::Args, Bitmap, Colour, Fixed, Gravity, Result};

/// Resizes to fit the box, then pads to exactly its size with `background`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResizeAndPad {
    pub width: u32,
    pub height: u32,
    /// Default: black.
    pub background: Colour,
    /// Where the image sits on the canvas. Default: centre.
    pub gravity: Gravity,
}

impl Operation for ResizeAndPad {
    const NAME: &'static str = "resize_and_pad";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(2, 4)?;
        Ok(Self {
            width: a.required_dimension(0)?,
            height: a.required_dimension(1)?,
            background: a.colour(2, Colour::BLACK)?,
            gravity: a.placement(3, Gravity::Centre)?,
        })
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", Self::NAME, self.width, self.height)?;
        if self.background != Colour::BLACK || self.gravity != Gravity::Centre {
            write!(f, ":{}", self.background)?;
        }
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

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        let box_ = Size {
            width: Some(self.width),
            height: Some(self.height),
        };
        Ok(Plan {
            resize: geometry::scale(size, geometry::fit_scale(box_, size)),
            apply: Some((self.width, self.height)),
        })
    }

    fn channels(&self, _: u8) -> u8 {
        4
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        Ok(pad(
            bitmap,
            self.width,
            self.height,
            self.background,
            self.gravity,
        ))
    }
}

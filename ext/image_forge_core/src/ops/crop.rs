//! `crop:left:top:W:H`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{
    pixels::{check_fits, crop},
    recipe::Args,
    Bitmap, Fixed, Result,
};

/// Cuts out a rectangle; it must lie within the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Crop {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
}

impl Operation for Crop {
    const NAME: &'static str = "crop";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(4, 4)?;
        Ok(Self {
            left: a.offset(0)?,
            top: a.offset(1)?,
            width: a.required_dimension(2)?,
            height: a.required_dimension(3)?,
        })
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            left,
            top,
            width,
            height,
        } = self;
        write!(f, "{}:{left}:{top}:{width}:{height}", Self::NAME)
    }

    /// Crop boxes are in source pixels: the device pixel ratio does not change them.
    fn scaled(self, _: Fixed) -> Self {
        self
    }

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        check_fits(size, self.left, self.top, self.width, self.height)?;
        Ok(Plan::apply((self.width, self.height)))
    }

    fn channels(&self, channels: u8) -> u8 {
        channels
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        crop(bitmap, self.left, self.top, self.width, self.height)
    }
}

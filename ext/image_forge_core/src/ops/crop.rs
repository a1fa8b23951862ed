//! `crop:left:top:W:H`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{
    geometry::{CropBox, ResizePlan},
    pixels::check_fits,
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

    /// A resampling at scale 1, which copies: leading a recipe, it is fused with decoding
    /// like any first resize, so a JPEG's rows past the box are never decoded and those above
    /// it are dropped as they come.
    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        check_fits(size, self.left, self.top, self.width, self.height)?;
        Ok(Plan::resize(Some(ResizePlan {
            input: size,
            crop: CropBox {
                left: f64::from(self.left),
                top: f64::from(self.top),
                width: f64::from(self.width),
                height: f64::from(self.height),
            },
            width: self.width,
            height: self.height,
        })))
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

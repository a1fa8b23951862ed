//! `flip`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{pixels::orient, recipe::Args, Bitmap, Fixed, Orientation, Result};

/// Mirrors top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Flip;

impl Operation for Flip {
    const NAME: &'static str = "flip";

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
        Ok(orient(bitmap, Orientation::from_exif(4)))
    }
}

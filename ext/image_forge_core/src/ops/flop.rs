//! `flop`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{pixels::orient, recipe::Args, Bitmap, Fixed, Orientation, Result};

/// Mirrors left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Flop;

impl Operation for Flop {
    const NAME: &'static str = "flop";

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
        Ok(orient(bitmap, Orientation::from_exif(2)))
    }
}

//! `blur:sigma`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{pixels::gaussian, recipe::Args, Bitmap, Fixed, Result};

/// The sigmas `blur` and `sharpen` take.
pub(super) const SIGMA_MIN: Fixed = Fixed::from_thousandths(100);
pub(super) const SIGMA_MAX: Fixed = Fixed::from_thousandths(100_000);

/// Gaussian blur with this sigma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Blur(pub Fixed);

impl Operation for Blur {
    const NAME: &'static str = "blur";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(1, 1)?;
        a.fixed(0, SIGMA_MIN, SIGMA_MAX).map(Self)
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", Self::NAME, self.0)
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

    fn scratch(&self, input: u64, _: &Env<'_>) -> u64 {
        gaussian::scratch(input, self.0.get())
    }

    fn apply(&self, bitmap: Bitmap, env: &Env<'_>) -> Result<Bitmap> {
        gaussian::blur(bitmap, self.0.get(), env.cancel)
    }
}

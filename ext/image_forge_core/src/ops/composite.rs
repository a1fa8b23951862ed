//! `composite:overlay[:gravity[:dx[:dy[:opacity]]]]`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{
    decode::{self, decode},
    error::invalid_recipe,
    icc, memory,
    pixels::{composite, orient},
    probe,
    recipe::Args,
    Bitmap, Cancel, Fixed, Gravity, Limits, OverlayId, Result,
};

/// Draws an overlay image (a watermark) at `gravity`, moved by (`dx`, `dy`), with
/// `opacity`. The overlay's bytes travel beside the recipe, named by `overlay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Composite {
    pub overlay: OverlayId,
    /// Default: north-west.
    pub gravity: Gravity,
    /// Default: 0.
    pub dx: i32,
    /// Default: 0.
    pub dy: i32,
    /// Multiplies the overlay's alpha, 0..=1. Default: 1.
    pub opacity: Fixed,
}

impl Operation for Composite {
    const NAME: &'static str = "composite";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(1, 5)?;
        Ok(Self {
            overlay: a.text(0).parse()?,
            gravity: a.placement(1, Gravity::NorthWest)?,
            dx: a.signed_or_zero(2)?,
            dy: a.signed_or_zero(3)?,
            opacity: a.fixed_or(4, Fixed::from_thousandths(0), Fixed::ONE, Fixed::ONE)?,
        })
    }

    /// Every argument is printed, defaults too: the form the first recipes were signed with.
    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            overlay,
            gravity,
            dx,
            dy,
            opacity,
        } = self;
        write!(
            f,
            "{}:{overlay}:{gravity}:{dx}:{dy}:{opacity}",
            Self::NAME
        )
    }

    /// Overlays are drawn at their own size; offsets are not scaled either.
    fn scaled(self, _: Fixed) -> Self {
        self
    }

    fn plan(&self, size: (u32, u32)) -> Result<Plan> {
        Ok(Plan::apply(size))
    }

    fn channels(&self, _: u8) -> u8 {
        4
    }

    /// Loading the overlay: its decode, then its upright copy. An unreadable or missing
    /// overlay costs nothing here; it fails when loaded.
    fn scratch(&self, _: u64, env: &Env<'_>) -> u64 {
        let Some(bytes) = env.overlays.get(&self.overlay) else {
            return 0;
        };
        probe(bytes, env.limits).map_or(0, |info| {
            decode::memory(&info, 1, bytes.len())
                + 2 * memory::bitmap((info.width, info.height), 4)
        })
    }

    fn apply(&self, bitmap: Bitmap, env: &Env<'_>) -> Result<Bitmap> {
        let bytes = env.overlays.get(&self.overlay).ok_or_else(|| {
            invalid_recipe(format!("composite: overlay {} was not given", self.overlay))
        })?;
        Ok(composite(
            bitmap,
            load(bytes, env.limits, env.cancel)?,
            self.gravity,
            (self.dx, self.dy),
            self.opacity.get(),
        ))
    }
}

/// An image as displayed: decoded, in sRGB, upright. For overlays, which are not resized.
fn load(bytes: &[u8], limits: &Limits, cancel: &Cancel) -> Result<Bitmap> {
    let info = probe(bytes, limits)?;
    let decoded = decode(bytes, &info, 1, cancel)?;
    let bitmap = match decoded.icc {
        Some(profile) => icc::to_srgb(decoded.bitmap, &profile),
        None => decoded.bitmap,
    };
    Ok(orient(bitmap, info.orientation))
}

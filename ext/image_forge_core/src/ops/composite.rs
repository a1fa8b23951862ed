//! `composite:overlay[:gravity[:dx[:dy[:opacity[:mode]]]]]`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{
    decode::{self, decode},
    error::invalid_recipe,
    icc, memory,
    pixels::{composite, orient},
    probe,
    recipe::Args,
    BlendMode, Bitmap, Cancel, Fixed, Gravity, Limits, OverlayId, Result,
};

/// Draws an overlay image (a watermark) at `gravity`, moved by (`dx`, `dy`), with
/// `opacity`, combined with the image by `mode`. The overlay's bytes travel beside the recipe,
/// named by `overlay`.
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
    /// Default: over.
    pub mode: BlendMode,
}

impl Operation for Composite {
    const NAME: &'static str = "composite";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(1, 6)?;
        Ok(Self {
            overlay: a.text(0).parse()?,
            gravity: a.placement(1, Gravity::NorthWest)?,
            dx: a.signed_or_zero(2)?,
            dy: a.signed_or_zero(3)?,
            opacity: a.fixed_or(4, Fixed::from_thousandths(0), Fixed::ONE, Fixed::ONE)?,
            mode: a.get(5).map_or(Ok(BlendMode::Over), str::parse)?,
        })
    }

    /// Every argument is printed, defaults too (the form the first recipes were signed with),
    /// but the mode only when it is not `over`, so those recipes keep their strings.
    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            overlay,
            gravity,
            dx,
            dy,
            opacity,
            mode,
        } = self;
        write!(
            f,
            "{}:{overlay}:{gravity}:{dx}:{dy}:{opacity}",
            Self::NAME
        )?;
        if *mode != BlendMode::Over {
            write!(f, ":{mode}")?;
        }
        Ok(())
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
            self.mode,
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

#[cfg(test)]
mod tests {
    use crate::{BlendMode, Error, Op, Recipe};

    const ID: &str = "00ff00ff00ff00ff";

    #[test]
    fn the_mode_is_a_sixth_argument_printed_unless_over() {
        let r = Recipe::parse(&format!("composite:{ID}:::::multiply")).unwrap();
        let Op::Composite(c) = r.ops[0] else {
            panic!("{r:?}")
        };
        assert_eq!(c.mode, BlendMode::Multiply);
        assert_eq!(r.to_string(), format!("composite:{ID}:north-west:0:0:1:multiply"));
        for over in ["", ":::::over", "::::1:over"] {
            assert_eq!(
                Recipe::parse(&format!("composite:{ID}{over}"))
                    .unwrap()
                    .to_string(),
                format!("composite:{ID}:north-west:0:0:1"),
                "{over}"
            );
        }
        assert_eq!(
            Recipe::parse(&format!("composite:{ID}:south:1:2:0.5:dest_in"))
                .unwrap()
                .to_string(),
            format!("composite:{ID}:south:1:2:0.5:dest-in")
        );
    }

    #[test]
    fn unknown_modes_and_a_seventh_argument_are_refused() {
        for bad in [":::::burn", ":::::over:1"] {
            assert!(
                matches!(
                    Recipe::parse(&format!("composite:{ID}{bad}")),
                    Err(Error::InvalidRecipe(_))
                ),
                "{bad}"
            );
        }
    }
}

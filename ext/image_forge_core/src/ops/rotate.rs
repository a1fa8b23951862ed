//! `rotate:degrees[:background]`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{
    pixels::{orient, rotate, rotated_size},
    recipe::Args,
    Bitmap, Colour, Fixed, Orientation, Result,
};

/// Rotates clockwise; multiples of 90 are exact, other angles fill with `background`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rotate {
    /// 0..360.
    pub degrees: u16,
    /// The corners' colour. Default: black; always black for quarter turns, which have none.
    pub background: Colour,
}

impl Operation for Rotate {
    const NAME: &'static str = "rotate";

    fn parse(a: &Args<'_>) -> Result<Self> {
        a.arity(1, 2)?;
        // Any whole angle, as image_processing's suite asks (`rotate(450)` is a quarter turn).
        let degrees = match a.get(0).map(str::parse::<i32>) {
            Some(Ok(v)) => v.rem_euclid(360) as u16,
            _ => return Err(a.error("angle must be whole degrees", 0)),
        };
        let background = a.colour(1, Colour::BLACK)?;
        Ok(Self {
            degrees,
            // Unused by exact quarter turns; dropped so that equal renders have equal recipes
            // (and one canonical string). Found by the recipe fuzzer.
            background: if degrees.is_multiple_of(90) {
                Colour::BLACK
            } else {
                background
            },
        })
    }

    fn print(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", Self::NAME, self.degrees)?;
        if self.background != Colour::BLACK && !self.degrees.is_multiple_of(90) {
            write!(f, ":{}", self.background)?;
        }
        Ok(())
    }

    fn scaled(self, _: Fixed) -> Self {
        self
    }

    fn plan(&self, (w, h): (u32, u32)) -> Result<Plan> {
        Ok(Plan::apply(match self.degrees {
            90 | 270 => (h, w),
            degrees => rotated_size((w, h), f64::from(degrees)),
        }))
    }

    /// Any angle may paint a background.
    fn channels(&self, _: u8) -> u8 {
        4
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, env: &Env<'_>) -> Result<Bitmap> {
        let exif = match self.degrees {
            0 => return Ok(bitmap),
            90 => 6,
            180 => 3,
            270 => 8,
            degrees => return rotate(bitmap, f64::from(degrees), self.background, env.cancel),
        };
        Ok(orient(bitmap, Orientation::from_exif(exif)))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Error, Recipe};

    #[test]
    fn a_quarter_turn_has_no_background() {
        // Fuzz finding: the background was kept but not printed, so the canonical string
        // parsed to a different recipe.
        let r = Recipe::parse("crop:10:10:100:100,rotate:90:00ff00,trim:+2").unwrap();
        assert_eq!(
            r,
            Recipe::parse("crop:10:10:100:100,rotate:90,trim:2").unwrap()
        );
        assert_eq!(Recipe::parse(&r.to_string()).unwrap(), r);
        assert_eq!(
            Recipe::parse("rotate:45:00ff00").unwrap().to_string(),
            "rotate:45:00ff00"
        );
    }

    #[test]
    fn any_whole_angle_turns_modulo_a_full_turn() {
        for (angle, canonical) in [
            ("450", "rotate:90"),
            ("720", "rotate:0"),
            ("-450", "rotate:270"),
            ("-1", "rotate:359"),
            ("2147483647", "rotate:127"),
            ("-2147483648", "rotate:232"),
            ("405:ff0000", "rotate:45:ff0000"),
            ("810:ff0000", "rotate:90"),
        ] {
            let r = Recipe::parse(&format!("rotate:{angle}")).unwrap();
            assert_eq!(r.to_string(), canonical, "{angle}");
            assert_eq!(Recipe::parse(canonical).unwrap(), r, "{angle}");
        }
    }

    #[test]
    fn angles_are_whole_degrees() {
        for bad in ["rotate:1.5", "rotate:", "rotate:x", "rotate:2147483648"] {
            assert!(
                matches!(Recipe::parse(bad), Err(Error::InvalidRecipe(m)) if m.contains("rotate")),
                "{bad}"
            );
        }
    }
}

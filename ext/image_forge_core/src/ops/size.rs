//! The box of `resize_to_limit` and `resize_to_fit`: either side may be left out.

use std::fmt;

use crate::{error::invalid_recipe, geometry::scale_side, recipe::Args, Fixed, Result};

/// Target box of a resize; `None` leaves that side unconstrained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Size {
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl Size {
    /// Reads `W:H`, either of them empty but not both.
    pub(super) fn parse(a: &Args<'_>) -> Result<Size> {
        a.arity(2, 2)?;
        let size = Size {
            width: a.dimension(0)?,
            height: a.dimension(1)?,
        };
        if size.width.is_none() && size.height.is_none() {
            return Err(invalid_recipe(format!(
                "{} needs a width or a height",
                a.name()
            )));
        }
        Ok(size)
    }

    pub(super) fn scaled(self, dpr: Fixed) -> Size {
        Size {
            width: self.width.map(|v| scale_side(v, dpr)),
            height: self.height.map(|v| scale_side(v, dpr)),
        }
    }
}

/// `W:H`, an unconstrained side left empty.
impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        write!(f, "{}:{}", side(self.width), side(self.height))
    }
}

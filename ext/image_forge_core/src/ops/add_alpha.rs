//! `add_alpha`

use std::fmt;

use super::{Env, Operation, Plan};
use crate::{recipe::Args, Bitmap, Fixed, Result};

/// Gives the image an alpha channel, opaque, when it has none: PNG output is then RGBA (or
/// gray and alpha). An image with alpha is left as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddAlpha;

impl Operation for AddAlpha {
    const NAME: &'static str = "add_alpha";

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

    /// Gray and RGB gain a channel; gray-alpha and RGBA have theirs.
    fn channels(&self, channels: u8) -> u8 {
        channels + channels % 2
    }

    fn scratch(&self, _: u64, _: &Env<'_>) -> u64 {
        0
    }

    fn apply(&self, bitmap: Bitmap, _: &Env<'_>) -> Result<Bitmap> {
        Ok(bitmap.with_alpha())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cancel, Layout, Limits, Overlays};

    #[test]
    fn adds_an_opaque_alpha_only_where_there_is_none() {
        let env = Env {
            overlays: &Overlays::new(),
            limits: &Limits::default(),
            cancel: &Cancel::new(),
        };
        let rgb = Bitmap::new(2, 1, Layout::Rgb, vec![1, 2, 3, 4, 5, 6]).unwrap();
        let rgba = AddAlpha.apply(rgb, &env).unwrap();
        assert_eq!(
            (rgba.layout, &rgba.data),
            (Layout::Rgba, &vec![1, 2, 3, 255, 4, 5, 6, 255])
        );
        let gray = Bitmap::new(1, 1, Layout::Gray, vec![9]).unwrap();
        assert_eq!(AddAlpha.apply(gray, &env).unwrap().data, vec![9, 255]);
        let kept = Bitmap::new(1, 1, Layout::GrayAlpha, vec![9, 7]).unwrap();
        assert_eq!(AddAlpha.apply(kept, &env).unwrap().data, vec![9, 7]);
        assert_eq!(
            [1, 2, 3, 4].map(|c| AddAlpha.channels(c)),
            [2, 2, 4, 4]
        );
    }
}

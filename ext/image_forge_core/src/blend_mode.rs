//! How an overlay combines with the image under it: a subset of libvips' `VipsBlendMode`, with
//! the arithmetic of its `vips_composite`.

use std::{fmt, str::FromStr};

use crate::{error::invalid_recipe, Error};

/// A compositing operator: Porter-Duff for `clear`, `source`, `over`, `dest-in` and
/// `dest-out`, PDF separable blend modes for `multiply` to `lighten`, and `add`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum BlendMode {
    /// The overlay on top, showing the image through its transparent parts.
    #[default]
    Over,
    Multiply,
    Screen,
    Overlay,
    Darken,
    Lighten,
    /// Adds the (premultiplied) colours and alphas, clipped.
    Add,
    /// Transparent everywhere.
    Clear,
    /// The overlay only: transparent outside it.
    Source,
    /// The image, where the overlay is opaque: transparent outside it.
    DestIn,
    /// The image, where the overlay is transparent.
    DestOut,
}

const NAMES: [(BlendMode, &str); 11] = [
    (BlendMode::Over, "over"),
    (BlendMode::Multiply, "multiply"),
    (BlendMode::Screen, "screen"),
    (BlendMode::Overlay, "overlay"),
    (BlendMode::Darken, "darken"),
    (BlendMode::Lighten, "lighten"),
    (BlendMode::Add, "add"),
    (BlendMode::Clear, "clear"),
    (BlendMode::Source, "source"),
    (BlendMode::DestIn, "dest-in"),
    (BlendMode::DestOut, "dest-out"),
];

impl BlendMode {
    /// Whether a transparent overlay pixel changes the image under it. libvips composites
    /// every pixel for these modes (the others are "skippable"), as if the overlay lay on a
    /// transparent canvas of the image's size: so they change the image outside the overlay.
    pub(crate) fn reaches_outside(self) -> bool {
        matches!(
            self,
            BlendMode::Clear | BlendMode::Source | BlendMode::DestIn
        )
    }

    /// Whether the result can be transparent where the image is opaque.
    pub(crate) fn makes_transparent(self) -> bool {
        self.reaches_outside() || self == BlendMode::DestOut
    }

    /// Blends overlay colours `a` (premultiplied, 0..=255) of alpha `aa` (0..=1) onto image
    /// colours `b` (premultiplied) of alpha `ab`, as libvips does: the result's premultiplied
    /// colours replace `b`, and its alpha is returned. As in libvips, the PDF blend functions
    /// see premultiplied colours.
    pub(crate) fn blend(self, a: &[f64], aa: f64, b: &mut [f64], ab: f64) -> f64 {
        let scale_b = |b: &mut [f64], factor: f64| b.iter_mut().for_each(|v| *v *= factor);
        match self {
            BlendMode::Clear => {
                b.fill(0.0);
                0.0
            }
            BlendMode::Source => {
                b.copy_from_slice(a);
                aa
            }
            BlendMode::Over => {
                b.iter_mut()
                    .zip(a)
                    .for_each(|(b, a)| *b = a + *b * (1.0 - aa));
                aa + ab * (1.0 - aa)
            }
            BlendMode::DestIn | BlendMode::DestOut => {
                let ar = if self == BlendMode::DestIn {
                    aa * ab
                } else {
                    (1.0 - aa) * ab
                };
                if ab != 0.0 {
                    scale_b(b, ar / ab);
                }
                ar
            }
            BlendMode::Add => {
                b.iter_mut().zip(a).for_each(|(b, a)| *b += a);
                (aa + ab).min(1.0)
            }
            BlendMode::Multiply => separable(a, aa, b, ab, mul),
            BlendMode::Screen => separable(a, aa, b, ab, |a, b| a + b - mul(a, b)),
            BlendMode::Overlay => separable(a, aa, b, ab, |a, b| {
                if b <= 127.5 {
                    2.0 * mul(a, b)
                } else {
                    255.0 - 2.0 * mul(255.0 - a, 255.0 - b)
                }
            }),
            BlendMode::Darken => separable(a, aa, b, ab, f64::min),
            BlendMode::Lighten => separable(a, aa, b, ab, f64::max),
        }
    }
}

/// Product of two channels in 0..=255.
fn mul(x: f64, y: f64) -> f64 {
    x * y / 255.0
}

/// A PDF separable blend mode whose blend function of one channel (in 0..=255) is `f`.
fn separable(a: &[f64], aa: f64, b: &mut [f64], ab: f64, f: impl Fn(f64, f64) -> f64) -> f64 {
    for (b, &a) in b.iter_mut().zip(a) {
        *b = (1.0 - ab) * a + (1.0 - aa) * *b + aa * ab * f(a, *b);
    }
    aa + ab * (1.0 - aa)
}

impl FromStr for BlendMode {
    type Err = Error;

    /// libvips' names; `dest_in` and `dest_out` too (Ruby symbols).
    fn from_str(s: &str) -> Result<Self, Error> {
        let name = s.replace('_', "-");
        NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(m, _)| *m)
            .ok_or_else(|| invalid_recipe(format!("unknown blend mode {s:?}")))
    }
}

impl fmt::Display for BlendMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = NAMES
            .iter()
            .find(|(m, _)| m == self)
            .map_or("over", |(_, n)| n);
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_underscores_are_accepted() {
        for (mode, name) in NAMES {
            assert_eq!(name.parse::<BlendMode>().unwrap(), mode);
            assert_eq!(mode.to_string(), name);
        }
        assert_eq!("dest_out".parse::<BlendMode>().unwrap(), BlendMode::DestOut);
        assert!("burn".parse::<BlendMode>().is_err());
    }
}

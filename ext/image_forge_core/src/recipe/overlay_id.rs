//! The name of an overlay image in a `composite` step.

use std::{fmt, str::FromStr};

use crate::{error::invalid_recipe, Error, Result};

/// Names an overlay image in a recipe: the first 8 bytes of its SHA-256, written as 16 hex
/// digits, so that a changed overlay makes a different recipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OverlayId(pub [u8; 8]);

impl FromStr for OverlayId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let mut id = [0u8; 8];
        // All ASCII hex first: slicing at byte offsets needs ASCII (a fuzz finding: "Ǥ"
        // panicked), and from_str_radix alone would take "+f".
        let ok = s.len() == 16
            && s.bytes().all(|b| b.is_ascii_hexdigit())
            && id.iter_mut().enumerate().all(|(i, b)| {
                u8::from_str_radix(&s[i * 2..i * 2 + 2], 16)
                    .map(|v| *b = v)
                    .is_ok()
            });
        ok.then_some(OverlayId(id)).ok_or_else(|| {
            invalid_recipe(format!(
                "composite: overlay id must be 16 hex digits, got {s:?}"
            ))
        })
    }
}

impl fmt::Display for OverlayId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_ids_are_sixteen_ascii_hex_digits() {
        for bad in [
            "012345678Ǥbcdgf",
            "+f+f+f+f+f+f+f+f",
            "0123456789abcde",
            "0123456789abcdeg",
        ] {
            assert!(
                matches!(bad.parse::<OverlayId>(), Err(Error::InvalidRecipe(_))),
                "{bad}"
            );
        }
        assert!("0123456789abcdef".parse::<OverlayId>().is_ok());
    }
}

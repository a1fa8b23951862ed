//! Colours in recipes: `rrggbb`, `rrggbbaa`, or a few names.

use std::{fmt, str::FromStr};

use crate::{error::invalid_recipe, Error};

/// An sRGB colour with alpha, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Colour {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Colour {
    pub const BLACK: Colour = Colour::rgb(0, 0, 0);
    pub const WHITE: Colour = Colour::rgb(255, 255, 255);
    pub const TRANSPARENT: Colour = Colour {
        r: 0,
        g: 0,
        b: 0,
        a: 0,
    };

    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b, a: 255 }
    }

    pub fn rgba(self) -> [u8; 4] {
        [self.r, self.g, self.b, self.a]
    }
}

impl FromStr for Colour {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let named = match s {
            "black" => Some(Colour::BLACK),
            "white" => Some(Colour::WHITE),
            "transparent" | "none" => Some(Colour::TRANSPARENT),
            _ => None,
        };
        if let Some(c) = named {
            return Ok(c);
        }
        let hex = s.strip_prefix('#').unwrap_or(s);
        // ASCII hex digits only: from_str_radix alone would take "+f".
        let byte = |i: usize| {
            hex.get(i..i + 2)
                .filter(|pair| pair.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        };
        let parsed = match hex.len() {
            6 => byte(0)
                .zip(byte(2))
                .zip(byte(4))
                .map(|((r, g), b)| Colour::rgb(r, g, b)),
            8 => byte(0)
                .zip(byte(2))
                .zip(byte(4))
                .zip(byte(6))
                .map(|(((r, g), b), a)| Colour { r, g, b, a }),
            _ => None,
        };
        parsed.ok_or_else(|| {
            invalid_recipe(format!(
                "colour {s:?} is not rrggbb, rrggbbaa, black, white or transparent"
            ))
        })
    }
}

/// Canonical form: lower-case `rrggbb`, or `rrggbbaa` when not opaque.
impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02x}{:02x}{:02x}", self.r, self.g, self.b)?;
        if self.a != 255 {
            write!(f, "{:02x}", self.a)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_and_names_and_prints_canonically() {
        assert_eq!("#FF8000".parse::<Colour>().unwrap().to_string(), "ff8000");
        assert_eq!("ff800080".parse::<Colour>().unwrap().a, 128);
        assert_eq!(
            "transparent".parse::<Colour>().unwrap().to_string(),
            "00000000"
        );
        assert_eq!("white".parse::<Colour>().unwrap(), Colour::WHITE);
        for bad in ["", "fff", "gggggg", "ff00ff0", "red"] {
            assert!(bad.parse::<Colour>().is_err(), "{bad}");
        }
    }
}

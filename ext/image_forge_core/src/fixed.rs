//! Decimal arguments (sigma, multipliers) as fixed-point thousandths, so recipes compare and
//! print exactly.

use std::fmt;

use crate::{error::invalid_recipe, Result};

/// A non-negative decimal with three fractional digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fixed(u32);

impl Fixed {
    pub const ONE: Fixed = Fixed(1000);

    pub const fn from_thousandths(v: u32) -> Fixed {
        Fixed(v)
    }

    pub fn get(self) -> f64 {
        f64::from(self.0) / 1000.0
    }

    /// Parses `12`, `0.5`, `1.25`; at most three decimals, within `min..=max`.
    pub fn parse(name: &str, s: &str, min: Fixed, max: Fixed) -> Result<Fixed> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        let ok =
            digits(int) && (!s.contains('.') || digits(frac)) && frac.len() <= 3 && int.len() <= 6;
        let value = ok.then(|| {
            let frac_value: u32 = format!("{frac:0<3}").parse().unwrap_or(0);
            int.parse::<u32>().unwrap_or(0) * 1000 + frac_value
        });
        match value.map(Fixed) {
            Some(v) if v >= min && v <= max => Ok(v),
            _ => Err(invalid_recipe(format!(
                "{name} must be a number in {min}..={max} with at most 3 decimals, got {s:?}"
            ))),
        }
    }
}

/// Canonical form: no trailing zeros, no trailing dot (`1.5`, `2`, `0.125`).
impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / 1000, self.0 % 1000);
        if frac == 0 {
            write!(f, "{int}")
        } else {
            let digits = format!("{frac:03}");
            write!(f, "{int}.{}", digits.trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Fixed = Fixed(100_000);

    #[test]
    fn parses_and_prints_canonically() {
        for (input, canonical) in [
            ("1", "1"),
            ("1.50", "1.5"),
            ("0.125", "0.125"),
            ("2.0", "2"),
        ] {
            assert_eq!(
                Fixed::parse("x", input, Fixed(0), MAX).unwrap().to_string(),
                canonical
            );
        }
    }

    #[test]
    fn rejects_malformed_and_out_of_range() {
        for bad in ["", ".5", "1.", "-1", "1e3", "0.0001", "NaN", "101", "1.2.3"] {
            assert!(Fixed::parse("x", bad, Fixed(0), MAX).is_err(), "{bad}");
        }
    }
}

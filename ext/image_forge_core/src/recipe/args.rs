//! Typed reading of one step's arguments, shared by every op's parser and the output settings.
//! Errors name the step, so a bad recipe says which argument of which step it refused.

use super::MAX_DIMENSION;
use crate::{error::invalid_recipe, Colour, Error, Fixed, Gravity, Result};

/// The arguments of one step, with the step's name for error messages.
pub(crate) struct Args<'a> {
    name: &'a str,
    args: Vec<&'a str>,
}

impl<'a> Args<'a> {
    pub fn new(name: &'a str, args: Vec<&'a str>) -> Self {
        Self { name, args }
    }

    /// The step's name.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// Refuses fewer than `min` or more than `max` arguments.
    pub fn arity(&self, min: usize, max: usize) -> Result<()> {
        let n = self.args.len();
        if (min..=max).contains(&n) {
            return Ok(());
        }
        let expected = if min == max {
            format!("{min}")
        } else {
            format!("{min} to {max}")
        };
        Err(invalid_recipe(format!(
            "{} takes {expected} argument(s), got {n}",
            self.name
        )))
    }

    /// Argument `i`, or `None` when it is missing or empty.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        self.args.get(i).copied().filter(|a| !a.is_empty())
    }

    /// Argument `i` as written, `""` when missing.
    pub fn text(&self, i: usize) -> &'a str {
        self.args.get(i).copied().unwrap_or("")
    }

    /// An error about argument `i`: `name: what, got "arg"`.
    pub fn error(&self, what: &str, i: usize) -> Error {
        invalid_recipe(format!("{}: {what}, got {:?}", self.name, self.text(i)))
    }

    /// A width or height; empty means unconstrained.
    pub fn dimension(&self, i: usize) -> Result<Option<u32>> {
        let Some(arg) = self.get(i) else {
            return Ok(None);
        };
        match arg.parse::<u32>() {
            Ok(v) if (1..=MAX_DIMENSION).contains(&v) => Ok(Some(v)),
            _ => Err(self.error(
                &format!("dimension must be an integer in 1..={MAX_DIMENSION}"),
                i,
            )),
        }
    }

    pub fn required_dimension(&self, i: usize) -> Result<u32> {
        self.dimension(i)?
            .ok_or_else(|| self.error("a width and a height are required", i))
    }

    /// A distance from the left or top edge.
    pub fn offset(&self, i: usize) -> Result<u32> {
        match self.get(i).map(str::parse::<u32>) {
            Some(Ok(v)) if v < MAX_DIMENSION * 4 => Ok(v),
            _ => Err(self.error("offset must be a non-negative integer", i)),
        }
    }

    /// A move either way; empty means 0.
    pub fn signed_or_zero(&self, i: usize) -> Result<i32> {
        let limit = (MAX_DIMENSION * 4) as i32;
        match self.get(i).map(str::parse::<i32>) {
            None => Ok(0),
            Some(Ok(v)) if (-limit..=limit).contains(&v) => Ok(v),
            _ => Err(self.error("offset must be an integer", i)),
        }
    }

    pub fn number(&self, i: usize, min: u32, max: u32) -> Result<u32> {
        match self.get(i).map(str::parse::<u32>) {
            Some(Ok(v)) if (min..=max).contains(&v) => Ok(v),
            _ => Err(self.error(&format!("must be an integer in {min}..={max}"), i)),
        }
    }

    pub fn small(&self, i: usize, min: u8, max: u8) -> Result<u8> {
        Ok(self.number(i, min.into(), max.into())? as u8)
    }

    pub fn fixed(&self, i: usize, min: Fixed, max: Fixed) -> Result<Fixed> {
        Fixed::parse(self.name, self.text(i), min, max)
    }

    /// [`Args::fixed`], or `default` when the argument is missing or empty.
    pub fn fixed_or(&self, i: usize, min: Fixed, max: Fixed, default: Fixed) -> Result<Fixed> {
        match self.get(i) {
            None => Ok(default),
            Some(_) => self.fixed(i, min, max),
        }
    }

    pub fn flag(&self, i: usize) -> Result<bool> {
        match self.get(i) {
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            _ => Err(self.error("must be true or false", i)),
        }
    }

    /// A gravity; empty means `default`.
    pub fn gravity(&self, i: usize, default: Gravity) -> Result<Gravity> {
        self.get(i).map_or(Ok(default), str::parse)
    }

    /// A gravity that places a whole image (a pad, an overlay): attention only crops.
    pub fn placement(&self, i: usize, default: Gravity) -> Result<Gravity> {
        match self.gravity(i, default)? {
            Gravity::Attention => Err(self.error("attention gravity only applies to crops", i)),
            g => Ok(g),
        }
    }

    pub fn colour(&self, i: usize, default: Colour) -> Result<Colour> {
        self.get(i).map_or(Ok(default), str::parse)
    }

    /// Whole degrees in -360..=360, as 0..360; empty means 0.
    pub fn degrees_or_zero(&self, i: usize) -> Result<u16> {
        match self.get(i).map(str::parse::<i32>) {
            None => Ok(0),
            Some(Ok(v)) if (-360..=360).contains(&v) => Ok(v.rem_euclid(360) as u16),
            _ => Err(self.error("angle must be whole degrees in -360..=360", i)),
        }
    }
}

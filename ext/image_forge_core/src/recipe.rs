//! A transformation as a value, and its one canonical string.
//!
//! Grammar: steps separated by `,`; a step is a name and `:`-separated arguments, e.g.
//! `resize_to_limit:720:588,format:jpeg,quality:80`. An empty dimension means "unconstrained".
//! Names are matched against a fixed list; nothing else is accepted.

use std::{fmt, str::FromStr};

use crate::{error::invalid_recipe, Error, Format, Result};

/// Largest width or height a recipe may ask for.
pub const MAX_DIMENSION: u32 = 16_383;

/// Target box of a resize; `None` leaves that side unconstrained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// One transformation step, applied in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Op {
    /// Downsizes to fit within the box, keeping aspect ratio; never enlarges.
    ResizeToLimit(Size),
    /// Resizes (up or down) to fit within the box, keeping aspect ratio.
    ResizeToFit(Size),
    /// Resizes to cover the box, then crops the centre to exactly its size.
    ResizeToFill { width: u32, height: u32 },
}

/// Encoder settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Output {
    /// Output format. Default: the source format.
    pub format: Option<Format>,
    /// Lossy quality 1..=100. Default: 80 for JPEG and WebP.
    pub quality: Option<u8>,
    /// Progressive JPEG. Default: false.
    pub progressive: bool,
    /// Lossless WebP. Default: false.
    pub lossless: bool,
    /// PNG zlib effort 0..=9. Default: 6.
    pub compression: Option<u8>,
}

impl Output {
    pub const DEFAULT_QUALITY: u8 = 80;
    pub const DEFAULT_COMPRESSION: u8 = 6;

    pub fn quality_or_default(&self) -> u8 {
        self.quality.unwrap_or(Self::DEFAULT_QUALITY)
    }
}

/// An ordered list of operations plus output settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe {
    pub ops: Vec<Op>,
    /// Apply EXIF orientation. Default: true.
    pub auto_orient: bool,
    pub output: Output,
}

impl Default for Recipe {
    fn default() -> Self {
        Self {
            ops: Vec::new(),
            auto_orient: true,
            output: Output::default(),
        }
    }
}

impl Recipe {
    /// Parses the recipe grammar; `to_string()` gives the canonical form back.
    pub fn parse(text: &str) -> Result<Recipe> {
        text.parse()
    }
}

impl FromStr for Recipe {
    type Err = Error;

    fn from_str(text: &str) -> Result<Recipe> {
        let mut recipe = Recipe::default();
        for step in text.split(',').filter(|s| !s.is_empty()) {
            let mut parts = step.split(':');
            let name = parts.next().unwrap_or_default();
            let args: Vec<&str> = parts.collect();
            let arity = |n: usize| -> Result<()> {
                if args.len() == n {
                    Ok(())
                } else {
                    Err(invalid_recipe(format!(
                        "{name} takes {n} argument(s), got {}",
                        args.len()
                    )))
                }
            };
            match name {
                "resize_to_limit" | "resize_to_fit" => {
                    arity(2)?;
                    let size = Size {
                        width: dimension(args[0])?,
                        height: dimension(args[1])?,
                    };
                    if size.width.is_none() && size.height.is_none() {
                        return Err(invalid_recipe(format!("{name} needs a width or a height")));
                    }
                    recipe.ops.push(if name == "resize_to_limit" {
                        Op::ResizeToLimit(size)
                    } else {
                        Op::ResizeToFit(size)
                    });
                }
                "resize_to_fill" => {
                    arity(2)?;
                    let (width, height) =
                        dimension(args[0])?
                            .zip(dimension(args[1])?)
                            .ok_or_else(|| {
                                invalid_recipe("resize_to_fill needs a width and a height")
                            })?;
                    recipe.ops.push(Op::ResizeToFill { width, height });
                }
                "auto_orient" => {
                    arity(1)?;
                    recipe.auto_orient = flag(name, args[0])?;
                }
                "format" => {
                    arity(1)?;
                    recipe.output.format = Some(args[0].parse()?);
                }
                "quality" => {
                    arity(1)?;
                    recipe.output.quality = Some(number(name, args[0], 1, 100)?);
                }
                "compression" => {
                    arity(1)?;
                    recipe.output.compression = Some(number(name, args[0], 0, 9)?);
                }
                "progressive" => {
                    arity(1)?;
                    recipe.output.progressive = flag(name, args[0])?;
                }
                "lossless" => {
                    arity(1)?;
                    recipe.output.lossless = flag(name, args[0])?;
                }
                other => return Err(invalid_recipe(format!("unknown operation {other:?}"))),
            }
        }
        Ok(recipe)
    }
}

fn dimension(arg: &str) -> Result<Option<u32>> {
    if arg.is_empty() {
        return Ok(None);
    }
    match arg.parse::<u32>() {
        Ok(v) if (1..=MAX_DIMENSION).contains(&v) => Ok(Some(v)),
        _ => Err(invalid_recipe(format!(
            "dimension {arg:?} is not an integer in 1..={MAX_DIMENSION}"
        ))),
    }
}

fn number(name: &str, arg: &str, min: u8, max: u8) -> Result<u8> {
    match arg.parse::<u8>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(invalid_recipe(format!(
            "{name} must be an integer in {min}..={max}, got {arg:?}"
        ))),
    }
}

fn flag(name: &str, arg: &str) -> Result<bool> {
    match arg {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(invalid_recipe(format!(
            "{name} must be true or false, got {arg:?}"
        ))),
    }
}

fn write_dim(f: &mut fmt::Formatter<'_>, v: Option<u32>) -> fmt::Result {
    match v {
        Some(v) => write!(f, "{v}"),
        None => Ok(()),
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, size) = match *self {
            Op::ResizeToLimit(s) => ("resize_to_limit", s),
            Op::ResizeToFit(s) => ("resize_to_fit", s),
            Op::ResizeToFill { width, height } => {
                return write!(f, "resize_to_fill:{width}:{height}")
            }
        };
        write!(f, "{name}:")?;
        write_dim(f, size.width)?;
        f.write_str(":")?;
        write_dim(f, size.height)
    }
}

/// Canonical form: ops in order, then output settings in a fixed order, defaults omitted.
impl fmt::Display for Recipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut steps: Vec<String> = self.ops.iter().map(Op::to_string).collect();
        if !self.auto_orient {
            steps.push("auto_orient:false".into());
        }
        let out = &self.output;
        if let Some(format) = out.format {
            steps.push(format!("format:{format}"));
        }
        if let Some(q) = out.quality {
            steps.push(format!("quality:{q}"));
        }
        if let Some(c) = out.compression {
            steps.push(format!("compression:{c}"));
        }
        if out.progressive {
            steps.push("progressive:true".into());
        }
        if out.lossless {
            steps.push("lossless:true".into());
        }
        f.write_str(&steps.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_string_orders_output_settings_and_drops_defaults() {
        let r = Recipe::parse(
            "quality:80,resize_to_limit:720:,progressive:1,format:jpg,lossless:false",
        )
        .unwrap();
        assert_eq!(
            r.to_string(),
            "resize_to_limit:720:,format:jpeg,quality:80,progressive:true"
        );
        assert_eq!(Recipe::parse(&r.to_string()).unwrap(), r);
    }

    #[test]
    fn rejects_unknown_ops_and_bad_arguments() {
        for bad in [
            "system:ls",
            "resize_to_limit:0:10",
            "resize_to_limit::",
            "resize_to_fill:10:",
            "resize_to_fit:10",
            "quality:101",
            "format:gif",
            "resize_to_limit:99999:1",
            "progressive:yes",
        ] {
            assert!(
                matches!(Recipe::parse(bad), Err(Error::InvalidRecipe(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn empty_recipe_is_the_identity() {
        assert_eq!(Recipe::parse("").unwrap(), Recipe::default());
    }
}

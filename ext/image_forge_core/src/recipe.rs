//! A transformation as a value, and its one canonical string.
//!
//! Grammar: steps separated by `,`; a step is a name and `:`-separated arguments, e.g.
//! `resize_to_fill:300:200:north,format:webp,quality:75`. An empty dimension means
//! "unconstrained"; trailing optional arguments may be left out. Names are matched against
//! a fixed list; nothing else is accepted. The canonical form (`to_string()`) lists the ops in
//! order, then the output settings in a fixed order, leaving out defaults, so equal recipes
//! give equal strings. Every character is URL-path safe.

use std::{fmt, str::FromStr};

use crate::{error::invalid_recipe, Colour, Error, Fixed, Format, Gravity, Result};

/// Largest width or height a recipe may ask for.
pub const MAX_DIMENSION: u32 = 16_383;

/// Target box of a resize; `None` leaves that side unconstrained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Size {
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// One transformation step, applied in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Op {
    /// Downsizes to fit within the box, keeping aspect ratio; never enlarges.
    ResizeToLimit(Size),
    /// Resizes (up or down) to fit within the box, keeping aspect ratio.
    ResizeToFit(Size),
    /// Resizes to cover the box, then crops it to exactly its size at `gravity`.
    ResizeToFill {
        width: u32,
        height: u32,
        gravity: Gravity,
    },
    /// Resizes to cover the box, keeping aspect ratio; no crop.
    ResizeToCover { width: u32, height: u32 },
    /// Resizes to fit the box, then pads to exactly its size with `background`.
    ResizeAndPad {
        width: u32,
        height: u32,
        background: Colour,
        gravity: Gravity,
    },
    /// Cuts out a rectangle; it must lie within the image.
    Crop {
        left: u32,
        top: u32,
        width: u32,
        height: u32,
    },
    /// Rotates clockwise; multiples of 90 are exact, other angles fill with `background`.
    Rotate { degrees: u16, background: Colour },
    /// Mirrors top to bottom.
    Flip,
    /// Mirrors left to right.
    Flop,
    /// Converts to gray (luminance), keeping alpha.
    Grayscale,
    /// Gaussian blur with this sigma.
    Blur(Fixed),
    /// Unsharp mask with this sigma.
    Sharpen(Fixed),
    /// Multiplies brightness and saturation, rotates hue by degrees (HSL, as ImageMagick).
    Modulate {
        brightness: Fixed,
        saturation: Fixed,
        hue: u16,
    },
    /// Cuts away borders of the top-left pixel's colour, within `threshold` per channel.
    Trim { threshold: u8 },
    /// Draws an overlay image (a watermark) at `gravity`, moved by (`dx`, `dy`), with
    /// `opacity`. The overlay's bytes travel beside the recipe, named by `overlay`.
    Composite {
        overlay: OverlayId,
        gravity: Gravity,
        dx: i32,
        dy: i32,
        opacity: Fixed,
    },
}

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

/// Encoder settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Output {
    /// Output format. Default: the source format (PNG for BMP and TIFF sources).
    pub format: Option<Format>,
    /// Lossy quality 1..=100. Default: 80 for JPEG, 79 for WebP, 63 for AVIF (as imgproxy).
    pub quality: Option<u8>,
    /// Progressive JPEG. Default: false.
    pub progressive: bool,
    /// Optimised Huffman tables for JPEG (smaller, slower). Default: false.
    pub optimize: bool,
    /// Keep full chroma resolution in JPEG (4:4:4 instead of 4:2:0). Default: false.
    pub chroma_444: bool,
    /// Lossless WebP. Default: false.
    pub lossless: bool,
    /// WebP encoder effort 0..=6. Default: 4.
    pub effort: Option<u8>,
    /// PNG zlib level 0..=9. Default: 2: with adaptive row filters it is smaller than libvips'
    /// unfiltered level 6 and three times faster than level 6 (BENCHMARKS.md).
    pub compression: Option<u8>,
    /// Quantise PNG colours to a palette of at most 256. Default: false.
    pub palette: bool,
    /// AVIF encoder speed 1 (slowest, smallest) ..= 10. Default: 8.
    pub speed: Option<u8>,
    /// Colour alpha is flattened onto when the output format has none. Default: white.
    pub background: Option<Colour>,
    /// Device pixel ratio: multiplies every size in the ops. Default: 1.
    pub dpr: Option<Fixed>,
    /// Copy the source's EXIF (orientation set upright) into JPEG, PNG and WebP output.
    /// Default: false (stripped).
    pub keep_metadata: bool,
    /// Keep the source's ICC profile and its colours (no conversion to sRGB) in JPEG, PNG and
    /// WebP output. Default: false (converted to sRGB, profile stripped).
    pub keep_icc: bool,
}

impl Output {
    pub const DEFAULT_COMPRESSION: u8 = 2;
    pub const DEFAULT_EFFORT: u8 = 4;
    pub const DEFAULT_AVIF_SPEED: u8 = 8;

    /// The quality to encode `format` with: the recipe's, or imgproxy's default for it.
    pub fn quality_for(&self, format: Format) -> u8 {
        self.quality.unwrap_or(match format {
            Format::Webp => 79,
            Format::Avif => 63,
            _ => 80,
        })
    }
}

/// An ordered list of operations plus output settings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

    /// The format this recipe writes for a source in `source` format.
    pub fn output_format(&self, source: Format) -> Format {
        self.output.format.unwrap_or(source.default_output())
    }
}

/// The arguments of one step, with the step's name for error messages.
struct Args<'a> {
    name: &'a str,
    args: Vec<&'a str>,
}

impl<'a> Args<'a> {
    fn arity(&self, min: usize, max: usize) -> Result<()> {
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

    fn get(&self, i: usize) -> Option<&'a str> {
        self.args.get(i).copied().filter(|a| !a.is_empty())
    }

    fn error(&self, what: &str, i: usize) -> Error {
        invalid_recipe(format!(
            "{}: {what}, got {:?}",
            self.name,
            self.args.get(i).unwrap_or(&"")
        ))
    }

    fn dimension(&self, i: usize) -> Result<Option<u32>> {
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

    fn required_dimension(&self, i: usize) -> Result<u32> {
        self.dimension(i)?
            .ok_or_else(|| self.error("a width and a height are required", i))
    }

    fn offset(&self, i: usize) -> Result<u32> {
        match self.get(i).map(str::parse::<u32>) {
            Some(Ok(v)) if v < MAX_DIMENSION * 4 => Ok(v),
            _ => Err(self.error("offset must be a non-negative integer", i)),
        }
    }

    fn signed(&self, i: usize) -> Result<i32> {
        let limit = (MAX_DIMENSION * 4) as i32;
        match self.get(i).map(str::parse::<i32>) {
            Some(Ok(v)) if (-limit..=limit).contains(&v) => Ok(v),
            _ => Err(self.error("offset must be an integer", i)),
        }
    }

    fn number(&self, i: usize, min: u32, max: u32) -> Result<u32> {
        match self.get(i).map(str::parse::<u32>) {
            Some(Ok(v)) if (min..=max).contains(&v) => Ok(v),
            _ => Err(self.error(&format!("must be an integer in {min}..={max}"), i)),
        }
    }

    fn small(&self, i: usize, min: u8, max: u8) -> Result<u8> {
        Ok(self.number(i, min.into(), max.into())? as u8)
    }

    fn fixed(&self, i: usize, min: Fixed, max: Fixed) -> Result<Fixed> {
        Fixed::parse(self.name, self.args.get(i).unwrap_or(&""), min, max)
    }

    fn flag(&self, i: usize) -> Result<bool> {
        match self.get(i) {
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            _ => Err(self.error("must be true or false", i)),
        }
    }

    fn gravity(&self, i: usize) -> Result<Gravity> {
        self.get(i).map_or(Ok(Gravity::Centre), str::parse)
    }

    fn colour(&self, i: usize, default: Colour) -> Result<Colour> {
        self.get(i).map_or(Ok(default), str::parse)
    }

    fn degrees(&self, i: usize) -> Result<u16> {
        match self.get(i).map(str::parse::<i32>) {
            Some(Ok(v)) if (-360..=360).contains(&v) => Ok(v.rem_euclid(360) as u16),
            _ => Err(self.error("angle must be whole degrees in -360..=360", i)),
        }
    }
}

const SIGMA_MIN: Fixed = Fixed::from_thousandths(100);
const SIGMA_MAX: Fixed = Fixed::from_thousandths(100_000);
const FACTOR_MAX: Fixed = Fixed::from_thousandths(10_000);

impl FromStr for Recipe {
    type Err = Error;

    fn from_str(text: &str) -> Result<Recipe> {
        let mut recipe = Recipe::default();
        let out = &mut recipe.output;
        for step in text.split(',').filter(|s| !s.is_empty()) {
            let mut parts = step.split(':');
            let name = parts.next().unwrap_or_default();
            let a = Args {
                name,
                args: parts.collect(),
            };
            let op = match name {
                "resize_to_limit" | "resize_to_fit" => {
                    a.arity(2, 2)?;
                    let size = Size {
                        width: a.dimension(0)?,
                        height: a.dimension(1)?,
                    };
                    if size.width.is_none() && size.height.is_none() {
                        return Err(invalid_recipe(format!("{name} needs a width or a height")));
                    }
                    Some(if name == "resize_to_limit" {
                        Op::ResizeToLimit(size)
                    } else {
                        Op::ResizeToFit(size)
                    })
                }
                "resize_to_fill" => {
                    a.arity(2, 3)?;
                    let (width, height) = (a.required_dimension(0)?, a.required_dimension(1)?);
                    Some(Op::ResizeToFill {
                        width,
                        height,
                        gravity: a.gravity(2)?,
                    })
                }
                "resize_to_cover" => {
                    a.arity(2, 2)?;
                    let (width, height) = (a.required_dimension(0)?, a.required_dimension(1)?);
                    Some(Op::ResizeToCover { width, height })
                }
                "resize_and_pad" => {
                    a.arity(2, 4)?;
                    let (width, height) = (a.required_dimension(0)?, a.required_dimension(1)?);
                    let background = a.colour(2, Colour::BLACK)?;
                    let gravity = a.gravity(3)?;
                    if gravity == Gravity::Attention {
                        return Err(a.error("attention gravity only applies to crops", 3));
                    }
                    Some(Op::ResizeAndPad {
                        width,
                        height,
                        background,
                        gravity,
                    })
                }
                "crop" => {
                    a.arity(4, 4)?;
                    Some(Op::Crop {
                        left: a.offset(0)?,
                        top: a.offset(1)?,
                        width: a.required_dimension(2)?,
                        height: a.required_dimension(3)?,
                    })
                }
                "rotate" => {
                    a.arity(1, 2)?;
                    let degrees = a.degrees(0)?;
                    let background = a.colour(1, Colour::BLACK)?;
                    Some(Op::Rotate {
                        degrees,
                        // Unused by exact quarter turns; dropped so that equal renders have
                        // equal recipes (and one canonical string). Found by the recipe fuzzer.
                        background: if degrees % 90 == 0 {
                            Colour::BLACK
                        } else {
                            background
                        },
                    })
                }
                "flip" | "flop" | "grayscale" => {
                    a.arity(0, 0)?;
                    Some(match name {
                        "flip" => Op::Flip,
                        "flop" => Op::Flop,
                        _ => Op::Grayscale,
                    })
                }
                "blur" => {
                    a.arity(1, 1)?;
                    Some(Op::Blur(a.fixed(0, SIGMA_MIN, SIGMA_MAX)?))
                }
                "sharpen" => {
                    a.arity(1, 1)?;
                    Some(Op::Sharpen(a.fixed(0, SIGMA_MIN, SIGMA_MAX)?))
                }
                "modulate" => {
                    a.arity(1, 3)?;
                    let factor = |i| {
                        if a.get(i).is_none() {
                            Ok(Fixed::ONE)
                        } else {
                            a.fixed(i, Fixed::from_thousandths(0), FACTOR_MAX)
                        }
                    };
                    let hue = if a.get(2).is_none() { 0 } else { a.degrees(2)? };
                    Some(Op::Modulate {
                        brightness: factor(0)?,
                        saturation: factor(1)?,
                        hue,
                    })
                }
                "composite" => {
                    a.arity(1, 5)?;
                    let overlay = a.args[0].parse()?;
                    let gravity = a.get(1).map_or(Ok(Gravity::NorthWest), str::parse)?;
                    if gravity == Gravity::Attention {
                        return Err(a.error("attention gravity only applies to crops", 1));
                    }
                    let offset = |i| a.get(i).map_or(Ok(0), |_| a.signed(i));
                    let opacity = if a.get(4).is_none() {
                        Fixed::ONE
                    } else {
                        a.fixed(4, Fixed::from_thousandths(0), Fixed::ONE)?
                    };
                    Some(Op::Composite {
                        overlay,
                        gravity,
                        dx: offset(2)?,
                        dy: offset(3)?,
                        opacity,
                    })
                }
                "trim" => {
                    a.arity(0, 1)?;
                    let threshold = if a.get(0).is_none() {
                        10
                    } else {
                        a.small(0, 0, 255)?
                    };
                    Some(Op::Trim { threshold })
                }
                "auto_orient" => {
                    a.arity(1, 1)?;
                    recipe.auto_orient = a.flag(0)?;
                    None
                }
                _ => {
                    output_setting(out, &a)?;
                    None
                }
            };
            recipe.ops.extend(op);
        }
        Ok(recipe)
    }
}

fn output_setting(out: &mut Output, a: &Args<'_>) -> Result<()> {
    a.arity(1, 1)?;
    match a.name {
        "format" => out.format = Some(a.args[0].parse()?),
        "quality" => out.quality = Some(a.small(0, 1, 100)?),
        "compression" => out.compression = Some(a.small(0, 0, 9)?),
        "effort" => out.effort = Some(a.small(0, 0, 6)?),
        "speed" => out.speed = Some(a.small(0, 1, 10)?),
        "palette" => out.palette = a.flag(0)?,
        "keep_metadata" => out.keep_metadata = a.flag(0)?,
        "keep_icc" => out.keep_icc = a.flag(0)?,
        "progressive" => out.progressive = a.flag(0)?,
        "optimize" => out.optimize = a.flag(0)?,
        "lossless" => out.lossless = a.flag(0)?,
        "chroma" => {
            out.chroma_444 = match a.get(0) {
                Some("444") => true,
                Some("420") => false,
                _ => return Err(a.error("chroma subsampling must be 420 or 444", 0)),
            }
        }
        "background" => out.background = Some(a.colour(0, Colour::WHITE)?),
        "dpr" => {
            out.dpr = Some(a.fixed(0, Fixed::ONE, Fixed::from_thousandths(5_000)))
                .transpose()?
                .filter(|d| *d != Fixed::ONE)
        }
        other => return Err(invalid_recipe(format!("unknown operation {other:?}"))),
    }
    Ok(())
}

fn dim(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gravity = |g: Gravity| {
            if g == Gravity::Centre {
                String::new()
            } else {
                format!(":{g}")
            }
        };
        match *self {
            Op::ResizeToLimit(s) => write!(f, "resize_to_limit:{}:{}", dim(s.width), dim(s.height)),
            Op::ResizeToFit(s) => write!(f, "resize_to_fit:{}:{}", dim(s.width), dim(s.height)),
            Op::ResizeToFill {
                width,
                height,
                gravity: g,
            } => {
                write!(f, "resize_to_fill:{width}:{height}{}", gravity(g))
            }
            Op::ResizeToCover { width, height } => write!(f, "resize_to_cover:{width}:{height}"),
            Op::ResizeAndPad {
                width,
                height,
                background,
                gravity: g,
            } => {
                write!(f, "resize_and_pad:{width}:{height}")?;
                if background != Colour::BLACK || g != Gravity::Centre {
                    write!(f, ":{background}{}", gravity(g))?;
                }
                Ok(())
            }
            Op::Crop {
                left,
                top,
                width,
                height,
            } => write!(f, "crop:{left}:{top}:{width}:{height}"),
            Op::Rotate {
                degrees,
                background,
            } => {
                write!(f, "rotate:{degrees}")?;
                if background != Colour::BLACK && degrees % 90 != 0 {
                    write!(f, ":{background}")?;
                }
                Ok(())
            }
            Op::Flip => f.write_str("flip"),
            Op::Flop => f.write_str("flop"),
            Op::Grayscale => f.write_str("grayscale"),
            Op::Blur(s) => write!(f, "blur:{s}"),
            Op::Sharpen(s) => write!(f, "sharpen:{s}"),
            Op::Modulate {
                brightness,
                saturation,
                hue,
            } => {
                write!(f, "modulate:{brightness}:{saturation}:{hue}")
            }
            Op::Trim { threshold } => write!(f, "trim:{threshold}"),
            Op::Composite {
                overlay,
                gravity: g,
                dx,
                dy,
                opacity,
            } => {
                write!(f, "composite:{overlay}:{g}:{dx}:{dy}:{opacity}")
            }
        }
    }
}

/// Canonical form: ops in order, then output settings in a fixed order, defaults omitted.
impl fmt::Display for Recipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut steps: Vec<String> = self.ops.iter().map(Op::to_string).collect();
        if !self.auto_orient {
            steps.push("auto_orient:false".into());
        }
        let o = &self.output;
        let numbers = [
            ("dpr", o.dpr.map(|v| v.to_string())),
            ("format", o.format.map(|v| v.to_string())),
            ("quality", o.quality.map(|v| v.to_string())),
            ("compression", o.compression.map(|v| v.to_string())),
            ("effort", o.effort.map(|v| v.to_string())),
            ("speed", o.speed.map(|v| v.to_string())),
        ];
        steps.extend(
            numbers
                .into_iter()
                .filter_map(|(k, v)| Some(format!("{k}:{}", v?))),
        );
        let flags = [
            (o.progressive, "progressive:true"),
            (o.optimize, "optimize:true"),
            (o.chroma_444, "chroma:444"),
            (o.lossless, "lossless:true"),
            (o.palette, "palette:true"),
            (o.keep_metadata, "keep_metadata:true"),
            (o.keep_icc, "keep_icc:true"),
        ];
        steps.extend(
            flags
                .into_iter()
                .filter(|(on, _)| *on)
                .map(|(_, s)| s.to_string()),
        );
        if let Some(background) = o.background {
            steps.push(format!("background:{background}"));
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
            "quality:80,resize_to_limit:720:,progressive:1,format:jpg,lossless:false,dpr:1",
        )
        .unwrap();
        assert_eq!(
            r.to_string(),
            "resize_to_limit:720:,format:jpeg,quality:80,progressive:true"
        );
        assert_eq!(Recipe::parse(&r.to_string()).unwrap(), r);
    }

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
    fn every_op_round_trips_through_its_canonical_string() {
        let text = "resize_to_fill:10:20:north-east,resize_to_cover:5:6,resize_and_pad:7:8:ffffff00:south,\
                    crop:1:2:3:4,rotate:45:ff0000,rotate:90,flip,flop,grayscale,blur:1.5,sharpen:0.5,\
                    modulate:1.2:0.8:90,trim:12,composite:00ff00ff00ff00ff:south-east:-10:5:0.5,auto_orient:false,dpr:2,format:webp,quality:70,effort:6,lossless:true";
        let r = Recipe::parse(text).unwrap();
        assert_eq!(r.to_string(), text.replace(' ', ""));
        assert_eq!(r.ops.len(), 14);
    }

    #[test]
    fn optional_arguments_take_their_defaults() {
        let r = Recipe::parse("resize_to_fill:10:20:centre,rotate:-90:000000,modulate:1.5,trim")
            .unwrap();
        assert_eq!(
            r.to_string(),
            "resize_to_fill:10:20,rotate:270,modulate:1.5:1:0,trim:10"
        );
    }

    #[test]
    fn rejects_unknown_ops_and_bad_arguments_naming_them() {
        for (bad, mentions) in [
            ("system:ls", "system"),
            ("resize_to_limit:0:10", "resize_to_limit"),
            ("resize_to_limit::", "resize_to_limit"),
            ("resize_to_fill:10:", "resize_to_fill"),
            ("resize_to_fit:10", "resize_to_fit"),
            ("quality:101", "quality"),
            ("format:heic", "heic"),
            ("speed:11", "speed"),
            ("resize_to_limit:99999:1", "resize_to_limit"),
            ("progressive:yes", "progressive"),
            ("blur:0", "blur"),
            ("rotate:720", "rotate"),
            ("resize_and_pad:1:1:000000:attention", "attention"),
            ("crop:0:0:0:10", "crop"),
            ("flip:1", "flip"),
            ("dpr:9", "dpr"),
        ] {
            match Recipe::parse(bad) {
                Err(Error::InvalidRecipe(m)) => assert!(m.contains(mentions), "{bad}: {m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn empty_recipe_is_the_identity() {
        assert_eq!(Recipe::parse("").unwrap(), Recipe::default());
    }
}

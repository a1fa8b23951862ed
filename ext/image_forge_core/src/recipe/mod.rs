//! A transformation as a value, and its one canonical string.
//!
//! Grammar: steps separated by `,`; a step is a name and `:`-separated arguments, e.g.
//! `resize_to_fill:300:200:north,format:webp,quality:75`. An empty dimension means
//! "unconstrained"; trailing optional arguments may be left out. Names are matched against
//! a fixed list; nothing else is accepted. The canonical form (`to_string()`) lists the ops in
//! order, then the output settings in a fixed order, leaving out defaults, so equal recipes
//! give equal strings. Every character is URL-path safe.
//!
//! Each op reads and prints its own arguments (in `ops`); this module holds the recipe as a
//! whole: the step loop, the output settings and the canonical order.

mod args;
mod output;
mod overlay_id;
mod parse;
mod print;
mod suggest;

pub(crate) use args::Args;
pub use output::Output;
pub use overlay_id::OverlayId;

use crate::{Format, Op, Result};

/// Largest width or height a recipe may ask for.
pub const MAX_DIMENSION: u32 = 16_383;

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

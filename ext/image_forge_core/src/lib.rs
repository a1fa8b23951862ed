//! ImageForge's engine: probe, decode, transform and encode images. Pure Rust, no Ruby.
//!
//! Data flows one way: bytes -> [`probe`] (format, size, orientation, limits) -> plan
//! (shrink-on-load) -> decode -> ops -> orient -> encode. [`render`] runs the whole pipeline.

mod bitmap;
mod blend_mode;
mod cancel;
mod colour;
mod decode;
mod encode;
mod error;
mod exif;
mod fixed;
mod format;
mod geometry;
mod gif_header;
mod gravity;
mod icc;
mod jpeg_segments;
mod limits;
mod memory;
mod metadata;
pub mod ops;
mod pipeline;
mod pixels;
mod planes;
mod probe;
mod recipe;
mod recipe_segment;
#[cfg(feature = "s3")]
pub mod s3;
mod signed_path;
#[cfg(test)]
mod test_jpeg;
mod tiff_header;

pub use bitmap::{Bitmap, Layout};
pub use blend_mode::BlendMode;
pub use cancel::Cancel;
pub use colour::Colour;
pub use error::{Error, Limit, Result};
pub use fixed::Fixed;
pub use format::Format;
pub use gravity::Gravity;
pub use limits::Limits;
pub use ops::{Op, Size};
pub use pipeline::Overlays;
pub use pipeline::{
    decode_only, estimate_memory, probe_renderable, render, render_many, render_with, Rendered,
};
pub use probe::{probe, Info, Orientation};
pub use recipe::{Output, OverlayId, Recipe};
pub use recipe_segment::{parse_recipe_segment, recipe_segment};
pub use signed_path::{sign_path, verify_path, PathError, SignedPath, UNSIGNED};

/// Panics on purpose: lets the binding prove that a panic in the engine becomes a Ruby error.
#[doc(hidden)]
pub fn panic_for_test(message: &str) -> ! {
    panic!("{message}")
}

//! Pixel operations, one per file.

mod orient;
mod resize;

pub(crate) use orient::orient;
pub(crate) use resize::resize;

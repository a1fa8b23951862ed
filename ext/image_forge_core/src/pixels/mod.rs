//! Pixel kernels the ops share: resampling, orientation, crops, pads, rotation, blur,
//! compositing. Each works on upright (display-space) 8-bit bitmaps.

mod composite;
mod crop;
pub(crate) mod gaussian;
mod orient;
mod pad;
mod resize;
mod resize_rows;
mod rotate;
mod smart_crop;

pub(crate) use composite::composite;
pub(crate) use crop::{check_fits, crop};
pub(crate) use orient::orient;
pub(crate) use pad::pad;
pub(crate) use resize::{resize, resize_first, resize_plane};
pub(crate) use resize_rows::RowResize;
pub(crate) use rotate::{rotate, rotated_size};
pub(crate) use smart_crop::smart_crop;

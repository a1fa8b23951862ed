//! Pixel operations on upright (display-space) bitmaps, one per file. Resizing is planned in
//! `geometry` and fused with decoding in `pipeline`; everything else is applied here.

mod blur;
mod composite;
mod crop;
mod grayscale;
mod modulate;
mod orient;
mod pad;
mod resize;
mod rotate;
mod smart_crop;
mod trim;

pub(crate) use composite::composite;
pub(crate) use crop::{check_fits, crop};
pub(crate) use orient::orient;
pub(crate) use pad::pad;
pub(crate) use resize::resize;
pub(crate) use smart_crop::smart_crop;

use crate::{Bitmap, Cancel, Op, Orientation, Result};

/// Applies a non-resizing op. Resizing ops are handled by the pipeline. The slow ones (blur,
/// sharpen, any-angle rotation) check `cancel` as they go, so `Thread#kill` does not wait for
/// them to finish.
pub(crate) fn apply(op: &Op, bitmap: Bitmap, cancel: &Cancel) -> Result<Bitmap> {
    Ok(match *op {
        Op::Crop {
            left,
            top,
            width,
            height,
        } => crop(bitmap, left, top, width, height)?,
        Op::Rotate { degrees: 0, .. } => bitmap,
        Op::Rotate { degrees: 90, .. } => orient(bitmap, Orientation::from_exif(6)),
        Op::Rotate { degrees: 180, .. } => orient(bitmap, Orientation::from_exif(3)),
        Op::Rotate { degrees: 270, .. } => orient(bitmap, Orientation::from_exif(8)),
        Op::Rotate {
            degrees,
            background,
        } => rotate::rotate(bitmap, f64::from(degrees), background, cancel)?,
        Op::Flip => orient(bitmap, Orientation::from_exif(4)),
        Op::Flop => orient(bitmap, Orientation::from_exif(2)),
        Op::Grayscale => grayscale::grayscale(bitmap),
        Op::Blur(sigma) => blur::blur(bitmap, sigma.get(), cancel)?,
        Op::Sharpen(sigma) => blur::sharpen(bitmap, sigma.get(), cancel)?,
        Op::Modulate {
            brightness,
            saturation,
            hue,
        } => modulate::modulate(bitmap, brightness.get(), saturation.get(), f64::from(hue)),
        Op::Trim { threshold } => trim::trim(bitmap, threshold),
        _ => bitmap,
    })
}

/// The size `op` turns `size` into, or an upper bound when it depends on the pixels (trim).
pub(crate) fn output_size(op: &Op, (w, h): (u32, u32)) -> (u32, u32) {
    match *op {
        Op::Crop { width, height, .. } => (width, height),
        Op::Rotate {
            degrees: 90 | 270, ..
        } => (h, w),
        Op::Rotate { degrees, .. } => rotate::rotated_size((w, h), f64::from(degrees)),
        _ => (w, h),
    }
}

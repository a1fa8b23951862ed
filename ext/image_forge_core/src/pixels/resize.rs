use fast_image_resize::{
    images::{Image, ImageRef},
    FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer,
};

use super::RowResize;
use crate::{error::invalid, geometry::ResizePlan, Bitmap, Layout, Result};

/// The first resize of a render: by rows ([`RowResize`]), as a source decoded in bands is
/// resized, so that both give the same bytes.
pub(crate) fn resize_first(src: &Bitmap, plan: &ResizePlan) -> Result<Bitmap> {
    RowResize::run(*plan, src)
}

/// Lanczos3 resize of `plan.crop` to the plan's size; alpha is premultiplied while resampling.
/// The source is only read, so one decode can feed several resizes.
pub(crate) fn resize(src: &Bitmap, plan: &ResizePlan) -> Result<Bitmap> {
    resize_samples(&src.data, (src.width, src.height), src.layout, plan)
}

/// [`resize`] of one 8-bit plane of `size` (a JPEG's luma or chroma samples), given as a slice
/// of the decoder's buffer so that the planes need not be copied apart first.
pub(crate) fn resize_plane(data: &[u8], size: (u32, u32), plan: &ResizePlan) -> Result<Bitmap> {
    resize_samples(data, size, Layout::Gray, plan)
}

fn resize_samples(
    data: &[u8],
    (width, height): (u32, u32),
    layout: Layout,
    plan: &ResizePlan,
) -> Result<Bitmap> {
    let pixel_type = pixel_type(layout);
    let source = ImageRef::new(width, height, data, pixel_type).map_err(fir_err)?;
    let mut dst = Image::new(plan.width, plan.height, pixel_type);
    let c = plan.crop;
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(c.left, c.top, c.width, c.height)
        .use_alpha(layout.has_alpha());
    Resizer::new()
        .resize(&source, &mut dst, &options)
        .map_err(fir_err)?;
    Bitmap::new(plan.width, plan.height, layout, dst.into_vec())
}

pub(super) fn pixel_type(layout: Layout) -> PixelType {
    match layout {
        Layout::Gray => PixelType::U8,
        Layout::GrayAlpha => PixelType::U8x2,
        Layout::Rgb => PixelType::U8x3,
        Layout::Rgba => PixelType::U8x4,
    }
}

pub(super) fn fir_err(e: impl std::fmt::Display) -> crate::Error {
    invalid(format!("resize: {e}"))
}

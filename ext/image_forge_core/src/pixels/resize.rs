use fast_image_resize::{
    images::{Image, ImageRef},
    FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer,
};

use crate::{error::invalid, geometry::ResizePlan, Bitmap, Layout, Result};

/// Lanczos3 resize of `plan.crop` to the plan's size; alpha is premultiplied while resampling.
/// The source is only read, so one decode can feed several resizes.
pub(crate) fn resize(src: &Bitmap, plan: &ResizePlan) -> Result<Bitmap> {
    let pixel_type = match src.layout {
        Layout::Gray => PixelType::U8,
        Layout::GrayAlpha => PixelType::U8x2,
        Layout::Rgb => PixelType::U8x3,
        Layout::Rgba => PixelType::U8x4,
    };
    let fir_err = |e: &dyn std::fmt::Display| invalid(format!("resize: {e}"));
    let layout = src.layout;
    let source =
        ImageRef::new(src.width, src.height, &src.data, pixel_type).map_err(|e| fir_err(&e))?;
    let mut dst = Image::new(plan.width, plan.height, pixel_type);
    let c = plan.crop;
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(c.left, c.top, c.width, c.height)
        .use_alpha(layout.has_alpha());
    Resizer::new()
        .resize(&source, &mut dst, &options)
        .map_err(|e| fir_err(&e))?;
    Bitmap::new(plan.width, plan.height, layout, dst.into_vec())
}

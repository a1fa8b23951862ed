//! JPEGs for unit tests: RGB pixels from a function, compressed by libjpeg-turbo.

use turbojpeg::{Compressor, Image, PixelFormat, Subsamp};

/// A JPEG of `pixel(x, y)` at `quality`, with `subsamp` chroma (gray for `Subsamp::Gray`).
pub(crate) fn rgb(
    (w, h): (u32, u32),
    quality: i32,
    subsamp: Subsamp,
    progressive: bool,
    pixel: impl Fn(u32, u32) -> [u8; 3],
) -> Vec<u8> {
    let data: Vec<u8> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .flat_map(|(x, y)| pixel(x, y))
        .collect();
    let mut c = Compressor::new().unwrap();
    c.set_quality(quality).unwrap();
    c.set_subsamp(subsamp).unwrap();
    c.set_progressive(progressive).unwrap();
    let image = Image {
        pixels: &data[..],
        width: w as usize,
        pitch: w as usize * 3,
        height: h as usize,
        format: PixelFormat::RGB,
    };
    c.compress_to_vec(image).unwrap()
}

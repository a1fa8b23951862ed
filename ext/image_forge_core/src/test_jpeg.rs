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
    let data = samples((w, h), pixel);
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

/// A JPEG of `pixel(x, y)` as [`rgb`] makes it, with Huffman tables optimised for the image
/// when `optimize`, and a restart marker every `restart_mcus` MCUs (none at 0). The turbojpeg
/// crate has no setter for restart markers, so this sets libjpeg-turbo's parameter itself.
pub(crate) fn with_restarts(
    (w, h): (u32, u32),
    quality: i32,
    subsamp: Subsamp,
    optimize: bool,
    restart_mcus: i32,
    pixel: impl Fn(u32, u32) -> [u8; 3],
) -> Vec<u8> {
    use turbojpeg_sys as tj;
    let data = samples((w, h), pixel);
    // SAFETY: the handle is checked and destroyed here; libjpeg-turbo reads `data` (w x h
    // RGB, pitch 3w) and allocates the JPEG, which is copied and then freed with tj3Free.
    unsafe {
        let handle = tj::tj3Init(tj::TJINIT_TJINIT_COMPRESS as i32);
        assert!(!handle.is_null());
        for (param, value) in [
            (tj::TJPARAM_TJPARAM_QUALITY, quality),
            (tj::TJPARAM_TJPARAM_SUBSAMP, subsamp as i32),
            (tj::TJPARAM_TJPARAM_OPTIMIZE, i32::from(optimize)),
            (tj::TJPARAM_TJPARAM_RESTARTBLOCKS, restart_mcus),
        ] {
            assert_eq!(tj::tj3Set(handle, param as i32, value), 0);
        }
        let (mut buf, mut len) = (std::ptr::null_mut(), 0);
        let status = tj::tj3Compress8(
            handle,
            data.as_ptr(),
            w as i32,
            3 * w as i32,
            h as i32,
            tj::TJPF_TJPF_RGB,
            &mut buf,
            &mut len,
        );
        assert_eq!(status, 0);
        let jpeg = std::slice::from_raw_parts(buf, len as usize).to_vec();
        tj::tj3Free(buf.cast());
        tj::tj3Destroy(handle);
        jpeg
    }
}

/// The RGB samples of `pixel(x, y)`, row by row.
fn samples((w, h): (u32, u32), pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .flat_map(|(x, y)| pixel(x, y))
        .collect()
}

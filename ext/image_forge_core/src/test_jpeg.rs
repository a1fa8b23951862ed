//! JPEGs for unit tests: RGB pixels from a function, compressed by libjpeg-turbo.

use turbojpeg::Subsamp;
use turbojpeg_sys as tj;

/// A JPEG of `pixel(x, y)` at `quality`, with `subsamp` chroma (gray for `Subsamp::Gray`).
pub(crate) fn rgb(
    size: (u32, u32),
    quality: i32,
    subsamp: Subsamp,
    progressive: bool,
    pixel: impl Fn(u32, u32) -> [u8; 3],
) -> Vec<u8> {
    let params = [(tj::TJPARAM_TJPARAM_PROGRESSIVE, i32::from(progressive))];
    compress(size, quality, subsamp, &params, pixel)
}

/// A JPEG of `pixel(x, y)` as [`rgb`] makes it, with Huffman tables optimised for the image
/// when `optimize`, and a restart marker every `restart_mcus` MCUs (none at 0).
pub(crate) fn with_restarts(
    size: (u32, u32),
    quality: i32,
    subsamp: Subsamp,
    optimize: bool,
    restart_mcus: i32,
    pixel: impl Fn(u32, u32) -> [u8; 3],
) -> Vec<u8> {
    let params = [
        (tj::TJPARAM_TJPARAM_OPTIMIZE, i32::from(optimize)),
        (tj::TJPARAM_TJPARAM_RESTARTBLOCKS, restart_mcus),
    ];
    compress(size, quality, subsamp, &params, pixel)
}

/// libjpeg-turbo's compressor with `params` set beside quality and subsampling. Through the
/// raw API: the turbojpeg crate has no setter for restart markers.
fn compress(
    (w, h): (u32, u32),
    quality: i32,
    subsamp: Subsamp,
    params: &[(tj::TJPARAM, i32)],
    pixel: impl Fn(u32, u32) -> [u8; 3],
) -> Vec<u8> {
    let data: Vec<u8> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .flat_map(|(x, y)| pixel(x, y))
        .collect();
    // SAFETY: the handle is checked and destroyed here; libjpeg-turbo reads `data` (w x h
    // RGB, pitch 3w) and allocates the JPEG, which is copied and then freed with tj3Free.
    unsafe {
        let handle = tj::tj3Init(tj::TJINIT_TJINIT_COMPRESS as i32);
        assert!(!handle.is_null());
        let base = [
            (tj::TJPARAM_TJPARAM_QUALITY, quality),
            (tj::TJPARAM_TJPARAM_SUBSAMP, subsamp as i32),
        ];
        for &(param, value) in base.iter().chain(params) {
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

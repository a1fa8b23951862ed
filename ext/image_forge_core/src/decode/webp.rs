use std::io::Cursor;

use image::{codecs::webp::WebPDecoder, DynamicImage, ImageDecoder};
use libwebp_sys as sys;

use super::{check_size, generic::from_dynamic, Decoded};
use crate::{error::invalid, probe::riff_chunk, Bitmap, Info, Layout, Result};

/// Decodes a still WebP (lossy or lossless) with libwebp, straight into the bitmap and, with
/// `shrink` > 1, scaled down by libwebp's rescaler on the way. An animated one gives its
/// first frame (through image-webp: libwebp's decoder API cannot).
pub(super) fn decode(bytes: &[u8], info: &Info, shrink: u32) -> Result<Decoded> {
    let icc = riff_chunk(bytes, b"ICCP").map(<[u8]>::to_vec);
    if info.frames > 1 {
        let err = |e: image::ImageError| invalid(format!("WebP: {e}"));
        let mut decoder = WebPDecoder::new(Cursor::new(bytes)).map_err(err)?;
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(info.width);
        limits.max_image_height = Some(info.height);
        limits.max_alloc = Some(super::memory(info, 1, bytes.len()));
        decoder.set_limits(limits).map_err(err)?;
        let image = DynamicImage::from_decoder(decoder).map_err(err)?;
        return Ok(Decoded::new(from_dynamic(image)?, icc));
    }
    let bitmap = decode_still(bytes, info, shrink)?;
    // libwebp's rescaler fits the whole picture into the scaled size.
    let scale = (
        f64::from(bitmap.width) / f64::from(info.width),
        f64::from(bitmap.height) / f64::from(info.height),
    );
    Ok(Decoded {
        scale,
        ..Decoded::new(bitmap, icc)
    })
}

fn decode_still(bytes: &[u8], info: &Info, shrink: u32) -> Result<Bitmap> {
    let corrupt = || invalid("WebP: corrupt or truncated data");
    // SAFETY: libwebp writes only into `buf`, whose pointer, stride and size it is given; the
    // config is initialised by WebPInitDecoderConfig before use and freed after.
    unsafe {
        let mut config: sys::WebPDecoderConfig = std::mem::zeroed();
        if !sys::WebPInitDecoderConfig(&mut config) {
            return Err(invalid("WebP: decoder version mismatch"));
        }
        if sys::WebPGetFeatures(bytes.as_ptr(), bytes.len(), &mut config.input)
            != sys::VP8StatusCode::VP8_STATUS_OK
        {
            return Err(corrupt());
        }
        let (w, h) = (config.input.width as u32, config.input.height as u32);
        check_size(info, (w, h))?;
        let (sw, sh) = (w.div_ceil(shrink.max(1)), h.div_ceil(shrink.max(1)));
        if (sw, sh) != (w, h) {
            config.options.use_scaling = 1;
            config.options.scaled_width = sw as i32;
            config.options.scaled_height = sh as i32;
        }
        let (layout, mode) = if config.input.has_alpha != 0 {
            (Layout::Rgba, sys::WEBP_CSP_MODE::MODE_RGBA)
        } else {
            (Layout::Rgb, sys::WEBP_CSP_MODE::MODE_RGB)
        };
        let stride = sw as usize * layout.channels();
        let mut buf = vec![0u8; stride * sh as usize];
        config.output.colorspace = mode;
        config.output.is_external_memory = 1;
        config.output.u.RGBA = sys::WebPRGBABuffer {
            rgba: buf.as_mut_ptr(),
            stride: stride as i32,
            size: buf.len(),
        };
        let status = sys::WebPDecode(bytes.as_ptr(), bytes.len(), &mut config);
        sys::WebPFreeDecBuffer(&mut config.output);
        if status != sys::VP8StatusCode::VP8_STATUS_OK {
            return Err(corrupt());
        }
        Bitmap::new(sw, sh, layout, buf)
    }
}

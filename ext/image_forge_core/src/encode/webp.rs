use libwebp_sys as sys;
use webp::{Encoder, PixelLayout, WebPConfig};

use super::encode_error;
use crate::{planes::Planes, Bitmap, Format, Layout, Output, Result};

/// Lossy (quality) or lossless WebP through libwebp. Expects an RGB or RGBA bitmap.
pub(super) fn encode(bitmap: Bitmap, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("webp");
    let layout = if bitmap.layout == Layout::Rgba {
        PixelLayout::Rgba
    } else {
        PixelLayout::Rgb
    };
    let memory = Encoder::new(&bitmap.data, layout, bitmap.width, bitmap.height)
        .encode_advanced(&config(output)?)
        .map_err(|e| err(&format!("{e:?}")))?;
    Ok(memory.to_vec())
}

/// Lossy WebP from 4:2:0 JPEG planes: libwebp takes them as its own YUV picture, so nothing is
/// converted to RGB and back. JPEG's samples are full range, VP8's are studio range
/// (luma 16..=235, chroma 16..=240): the planes are rescaled on the way.
pub(super) fn encode_planes(mut planes: Planes, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("webp");
    if planes.factor != (2, 2) || output.lossless {
        return Err(err(&"WebP planes must be lossy 4:2:0"));
    }
    to_studio_range(&mut planes.y.data, 219);
    to_studio_range(&mut planes.cb.data, 224);
    to_studio_range(&mut planes.cr.data, 224);
    let config = config(output)?;
    let mut picture = sys::WebPPicture::new().map_err(|()| err(&"libwebp version mismatch"))?;
    picture.use_argb = 0;
    picture.colorspace = sys::WebPEncCSP::WEBP_YUV420;
    picture.width = planes.y.width as i32;
    picture.height = planes.y.height as i32;
    picture.y = planes.y.data.as_mut_ptr();
    picture.u = planes.cb.data.as_mut_ptr();
    picture.v = planes.cr.data.as_mut_ptr();
    picture.y_stride = planes.y.width as i32;
    picture.uv_stride = planes.cb.width as i32;
    // SAFETY: the picture points into `planes`, which outlive the call and are the sizes
    // libwebp reads (luma width x height, chroma half of that rounded up); libwebp may write
    // into them (preprocessing) but allocates nothing there. The memory writer is initialised
    // before and cleared after, and the picture's own allocations are freed.
    unsafe {
        let mut writer = std::mem::MaybeUninit::<sys::WebPMemoryWriter>::uninit();
        sys::WebPMemoryWriterInit(writer.as_mut_ptr());
        picture.writer = Some(sys::WebPMemoryWrite);
        picture.custom_ptr = writer.as_mut_ptr().cast();
        let ok = sys::WebPEncode(&config, &mut picture) != 0;
        let code = picture.error_code;
        sys::WebPPictureFree(&mut picture);
        let mut writer = writer.assume_init();
        let bytes = std::slice::from_raw_parts(writer.mem, writer.size).to_vec();
        sys::WebPMemoryWriterClear(&mut writer);
        if ok {
            Ok(bytes)
        } else {
            Err(err(&format!("{code:?}")))
        }
    }
}

fn config(output: &Output) -> Result<WebPConfig> {
    let err = encode_error("webp");
    let mut config = WebPConfig::new().map_err(|()| err(&"libwebp config version mismatch"))?;
    config.lossless = i32::from(output.lossless);
    config.quality = f32::from(output.quality_for(Format::Webp));
    config.method = i32::from(output.effort.unwrap_or(Output::DEFAULT_EFFORT));
    config.alpha_compression = i32::from(!output.lossless);
    Ok(config)
}

/// Maps full-range samples (0..=255) onto 16..16 + `span`, around the same middle for chroma
/// (128 stays 128 when `span` is 224).
fn to_studio_range(samples: &mut [u8], span: u32) {
    let table: Vec<u8> = (0..=255u32)
        .map(|v| (16 + (v * span + 127) / 255) as u8)
        .collect();
    for s in samples {
        *s = table[usize::from(*s)];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn studio_range_keeps_ends_and_neutral_chroma() {
        let mut luma = [0, 128, 255];
        to_studio_range(&mut luma, 219);
        assert_eq!(luma, [16, 126, 235]);
        let mut chroma = [0, 128, 255];
        to_studio_range(&mut chroma, 224);
        assert_eq!(chroma, [16, 128, 240]);
    }
}

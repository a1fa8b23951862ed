use std::borrow::Cow;

use turbojpeg::{Compressor, Image, PixelFormat, Subsamp, YuvPlanesImage};

use super::encode_error;
use crate::{planes::Planes, Bitmap, Format, Layout, Output, Result};

/// Baseline (or progressive) JPEG with 4:2:0 chroma (4:4:4 on request), as libvips writes
/// by default.
pub(super) fn encode(bitmap: Bitmap, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("jpeg");
    let (format, subsamp) = match bitmap.layout {
        Layout::Gray => (PixelFormat::GRAY, Subsamp::Gray),
        _ if output.chroma_444 => (PixelFormat::RGB, Subsamp::None),
        _ => (PixelFormat::RGB, Subsamp::Sub2x2),
    };
    let image = Image {
        pixels: &bitmap.data[..],
        width: bitmap.width as usize,
        pitch: bitmap.row_bytes(),
        height: bitmap.height as usize,
        format,
    };
    compressor(output, subsamp)?
        .compress_to_vec(image)
        .map_err(|e| err(&e))
}

/// [`encode`] of Y, Cb and Cr planes, without colour conversion or chroma downsampling: their
/// subsampling is the output's, 4:2:0 or 4:4:4 (as `output` asks).
pub(super) fn encode_planes(planes: &Planes, output: &Output) -> Result<Vec<u8>> {
    let err = encode_error("jpeg");
    let subsamp = match planes.factor {
        (1, 1) => Subsamp::None,
        (2, 2) => Subsamp::Sub2x2,
        other => {
            return Err(err(&format!(
                "no JPEG subsampling for chroma planes {other:?}"
            )))
        }
    };
    // libjpeg-turbo reads whole chroma samples: an odd-sized luma plane needs its edge repeated.
    let (fx, fy) = planes.factor;
    let y = padded(&planes.y, (planes.cb.width * fx, planes.cb.height * fy));
    let image = YuvPlanesImage {
        y_plane: &y.data[..],
        u_plane: &planes.cb.data[..],
        v_plane: &planes.cr.data[..],
        width: planes.y.width as usize,
        height: planes.y.height as usize,
        y_stride: y.width as usize,
        u_stride: planes.cb.width as usize,
        v_stride: planes.cr.width as usize,
        subsamp,
    };
    compressor(output, subsamp)?
        .compress_yuv_planes_to_vec(&image)
        .map_err(|e| err(&e))
}

fn compressor(output: &Output, subsamp: Subsamp) -> Result<Compressor> {
    let err = encode_error("jpeg");
    let mut c = Compressor::new().map_err(|e| err(&e))?;
    c.set_quality(i32::from(output.quality_for(Format::Jpeg)))
        .map_err(|e| err(&e))?;
    c.set_subsamp(subsamp).map_err(|e| err(&e))?;
    c.set_progressive(output.progressive).map_err(|e| err(&e))?;
    c.set_optimize(output.optimize).map_err(|e| err(&e))?;
    Ok(c)
}

/// `plane` grown to `size` by repeating its last column and row.
fn padded(plane: &Bitmap, (w, h): (u32, u32)) -> Cow<'_, Bitmap> {
    if (plane.width, plane.height) == (w, h) {
        return Cow::Borrowed(plane);
    }
    let (pw, ph) = (plane.width as usize, plane.height as usize);
    let mut data = Vec::with_capacity(w as usize * h as usize);
    for y in 0..h as usize {
        let row = &plane.data[y.min(ph - 1) * pw..][..pw];
        data.extend_from_slice(row);
        data.resize(data.len() + (w as usize - pw), row[pw - 1]);
    }
    Cow::Owned(Bitmap {
        width: w,
        height: h,
        layout: Layout::Gray,
        data,
    })
}

//! A JPEG decoded a band of rows at a time (libjpeg-turbo's scanline API, through the C side
//! in `jpeg_rows.c`), for [`super::rows`]. Gives the same pixels as [`super::jpeg::decode`].

use std::{
    ffi::{c_char, c_int, c_long, c_uint, c_ulong, CStr},
    marker::PhantomData,
    ptr::NonNull,
};

use turbojpeg::Colorspace;

use super::{check_size, rows::Rows};
use crate::{error::invalid, Info, Layout, Result};

#[repr(C)]
struct RawRows {
    _private: [u8; 0],
}

extern "C" {
    fn if_jpeg_rows_open(
        data: *const u8,
        len: c_ulong,
        denom: c_uint,
        components: c_int,
        width: *mut c_uint,
        height: *mut c_uint,
    ) -> *mut RawRows;
    fn if_jpeg_rows_columns(rows: *mut RawRows, first: *mut c_uint, count: *mut c_uint) -> c_int;
    fn if_jpeg_rows_skip(rows: *mut RawRows, count: c_uint) -> c_long;
    fn if_jpeg_rows_read(
        rows: *mut RawRows,
        out: *mut u8,
        stride: c_ulong,
        count: c_uint,
    ) -> c_long;
    fn if_jpeg_rows_error(rows: *const RawRows) -> *const c_char;
    fn if_jpeg_rows_close(rows: *mut RawRows);
}

/// An open decode of a JPEG that borrows its bytes.
pub(crate) struct JpegRows<'a> {
    raw: NonNull<RawRows>,
    /// The decoded size (after DCT scaling) and layout.
    pub size: (u32, u32),
    pub layout: Layout,
    /// Decoded pixels per source pixel on each axis, as [`super::Decoded`]'s.
    pub scale: (f64, f64),
    /// Rows decoded (or skipped) so far.
    pub done: u32,
    /// The columns each row is decoded at, `first..first + count`; the rest are left as
    /// they are.
    columns: (u32, u32),
    bytes: PhantomData<&'a [u8]>,
}

// SAFETY: the decoder state is owned by this value alone and libjpeg keeps no thread-local
// state, so it may move to another thread.
unsafe impl Send for JpegRows<'_> {}

impl<'a> JpegRows<'a> {
    /// Starts decoding `bytes` (probed as `info`) scaled by 1/`shrink`: gray to gray, YCbCr
    /// or RGB to RGB. `None` for CMYK and YCCK.
    pub fn open(bytes: &'a [u8], info: &Info, shrink: u32) -> Result<Option<Self>> {
        // The stream's own header must agree with the probe's before its size is trusted.
        let header = turbojpeg::read_header(bytes).map_err(|e| invalid(format!("JPEG: {e}")))?;
        check_size(info, (header.width as u32, header.height as u32))?;
        let (layout, components) = match header.colorspace {
            Colorspace::Gray => (Layout::Gray, 1),
            Colorspace::YCbCr | Colorspace::RGB => (Layout::Rgb, 3),
            _ => return Ok(None),
        };
        let denom = if header.is_lossless { 1 } else { shrink.max(1) };
        let (mut w, mut h) = (0, 0);
        // SAFETY: `bytes` outlives the decoder (the lifetime 'a); the out pointers are valid.
        let raw = unsafe {
            if_jpeg_rows_open(
                bytes.as_ptr(),
                bytes.len() as c_ulong,
                denom,
                components,
                &mut w,
                &mut h,
            )
        };
        let raw = NonNull::new(raw).ok_or_else(|| invalid("JPEG: out of memory"))?;
        // As the whole decode scales: each d x d block of the source becomes one pixel.
        let s = if w == info.width {
            1.0
        } else {
            1.0 / f64::from(denom)
        };
        let rows = JpegRows {
            raw,
            size: (w, h),
            layout,
            scale: (s, s),
            done: 0,
            columns: (0, w),
            bytes: PhantomData,
        };
        rows.check_error()?;
        Ok(Some(rows))
    }

    /// Row bytes of the decoded image.
    pub fn stride(&self) -> usize {
        self.size.0 as usize * self.layout.channels()
    }

    fn check_error(&self) -> Result<()> {
        // SAFETY: the message is a NUL-terminated buffer inside the decoder, alive as it is.
        let message = unsafe { CStr::from_ptr(if_jpeg_rows_error(self.raw.as_ptr())) };
        match message.to_string_lossy() {
            m if m.is_empty() => Ok(()),
            m => Err(invalid(format!("JPEG: {m}"))),
        }
    }
}

impl Rows for JpegRows<'_> {
    fn size(&self) -> (u32, u32) {
        self.size
    }

    fn layout(&self) -> Layout {
        self.layout
    }

    fn scale(&self) -> (f64, f64) {
        self.scale
    }

    fn done(&self) -> u32 {
        self.done
    }

    /// Decodes only columns `first..end` (libjpeg widens them to whole blocks) from now on.
    fn limit_columns(&mut self, (first, end): (u32, u32)) -> Result<()> {
        if (first, end) == (0, self.size.0) {
            return Ok(());
        }
        let (mut x, mut w) = (first, end - first);
        // SAFETY: the pointers are valid; called before any row is read or skipped.
        if unsafe { if_jpeg_rows_columns(self.raw.as_ptr(), &mut x, &mut w) } != 0 {
            self.check_error()?;
        }
        self.columns = (x, w);
        Ok(())
    }

    /// Skips the next `count` rows, which are then neither colour converted nor upsampled.
    fn skip(&mut self, count: u32) -> Result<()> {
        if count == 0 {
            return Ok(());
        }
        // SAFETY: an open decoder.
        let n = unsafe { if_jpeg_rows_skip(self.raw.as_ptr(), count) };
        if n < 0 {
            self.check_error()?;
        }
        if n != c_long::from(count) {
            return Err(invalid("JPEG: the decoder stopped before the last row"));
        }
        self.done += count;
        Ok(())
    }

    /// Decodes the next rows into `out` (a whole number of rows of [`Self::stride`] bytes, at
    /// most what is left).
    fn read(&mut self, out: &mut [u8]) -> Result<()> {
        let stride = self.stride();
        let count = out.len() / stride;
        debug_assert!(count as u32 <= self.size.1 - self.done);
        let offset = self.columns.0 as usize * self.layout.channels();
        let row = self.columns.1 as usize * self.layout.channels();
        assert!(
            count == 0 || offset + row <= stride,
            "columns within the row"
        );
        // SAFETY: `out` holds `count` rows of `stride` bytes, and the decoded columns of each
        // end within its row.
        let n = unsafe {
            if_jpeg_rows_read(
                self.raw.as_ptr(),
                out.as_mut_ptr().add(offset),
                stride as c_ulong,
                count as c_uint,
            )
        };
        if n < 0 {
            self.check_error()?;
        }
        if n != count as c_long {
            return Err(invalid("JPEG: the decoder stopped before the last row"));
        }
        self.done += count as u32;
        Ok(())
    }
}

impl Drop for JpegRows<'_> {
    fn drop(&mut self) {
        // SAFETY: opened by if_jpeg_rows_open and closed only here.
        unsafe { if_jpeg_rows_close(self.raw.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use turbojpeg::Subsamp;

    use super::*;
    use crate::{
        decode::{decode, decode_resized},
        geometry::{scale, ResizePlan},
        pixels::resize_first,
        probe, test_jpeg, Cancel, Limits,
    };

    /// A JPEG of a ramp with edges, `subsamp` chroma (gray for `Subsamp::Gray`).
    fn jpeg(size: (u32, u32), subsamp: Subsamp, progressive: bool) -> Vec<u8> {
        test_jpeg::rgb(size, 90, subsamp, progressive, |x, y| {
            [
                (x * 7 % 256) as u8,
                (y * 5 % 256) as u8,
                ((x ^ y) % 251) as u8,
            ]
        })
    }

    fn cases() -> Vec<(Vec<u8>, &'static str)> {
        vec![
            (jpeg((203, 117), Subsamp::Sub2x2, false), "4:2:0 odd size"),
            (jpeg((160, 96), Subsamp::None, false), "4:4:4"),
            (jpeg((99, 130), Subsamp::Sub2x1, true), "4:2:2 progressive"),
            (jpeg((77, 51), Subsamp::Gray, false), "gray"),
        ]
    }

    #[test]
    fn rows_in_bands_are_the_whole_decode() {
        for (bytes, name) in cases() {
            let info = probe(&bytes, &Limits::default()).unwrap();
            for shrink in [1, 2, 4, 8] {
                let whole = decode(&bytes, &info, shrink, &Cancel::new()).unwrap();
                let mut rows = JpegRows::open(&bytes, &info, shrink).unwrap().unwrap();
                let b = &whole.bitmap;
                assert_eq!(rows.size, (b.width, b.height), "{name} 1/{shrink}");
                assert_eq!((rows.layout, rows.scale), (b.layout, whole.scale), "{name}");
                let mut out = vec![0; b.data.len()];
                // Bands of 7 rows and a short last one.
                for band in out.chunks_mut(7 * rows.stride()) {
                    rows.read(band).unwrap();
                }
                assert!(out == b.data, "{name} 1/{shrink}");
            }
        }
    }

    #[test]
    fn a_resize_as_the_rows_come_is_the_resize_of_the_whole_decode() {
        for (bytes, name) in cases() {
            let info = probe(&bytes, &Limits::default()).unwrap();
            let size = (info.width, info.height);
            let plans = [
                scale(size, 0.3).unwrap(),
                scale(size, 0.11).unwrap(),
                crate::geometry::fill(size, 40, 40, crate::Gravity::default()).unwrap(),
                // The crop op's plan: a box at scale 1, away from every edge.
                ResizePlan {
                    input: size,
                    crop: crate::geometry::CropBox {
                        left: 17.0,
                        top: 9.0,
                        width: 50.0,
                        height: 40.0,
                    },
                    width: 50,
                    height: 40,
                },
            ];
            for plan in plans {
                for shrink in [1, 2] {
                    let whole = decode(&bytes, &info, shrink, &Cancel::new()).unwrap();
                    let b = &whole.bitmap;
                    let expected =
                        resize_first(b, &plan.for_input((b.width, b.height), whole.scale)).unwrap();
                    let (banded, _) = decode_resized(&bytes, &info, shrink, plan, &Cancel::new())
                        .unwrap()
                        .unwrap();
                    assert!(banded == expected, "{name} {plan:?} 1/{shrink}");
                }
            }
        }
    }

    #[test]
    fn a_truncated_file_is_an_error_in_rows_as_it_is_whole() {
        let bytes = jpeg((203, 117), Subsamp::Sub2x2, false);
        let info = probe(&bytes, &Limits::default()).unwrap();
        let cut = &bytes[..bytes.len() / 2];
        let plan = scale((203, 117), 0.5).unwrap();
        let err = decode_resized(cut, &info, 1, plan, &Cancel::new()).unwrap_err();
        assert!(err.to_string().contains("JPEG"), "{err}");
        assert!(
            decode(cut, &info, 1, &Cancel::new()).is_err(),
            "the whole decode agrees"
        );
    }
}

//! Decoders that give rows in bands (JPEG through libjpeg-turbo's scanline API, PNG as it
//! inflates), feeding the first resize as they come, so that a render never holds the whole
//! decoded image: memory follows the output.

use super::{jpeg_rows::JpegRows, png::PngRows};
use crate::{
    geometry::ResizePlan, jpeg_segments, pixels::RowResize, Bitmap, Cancel, Format, Info, Layout,
    Result,
};

/// Source rows decoded per call: enough that a decoder's per-call work does not show.
const BAND_ROWS: u32 = 32;

/// A decode under way that gives the image's rows in order, in its stored orientation.
pub(crate) trait Rows {
    /// The decoded size (after any shrink-on-load).
    fn size(&self) -> (u32, u32);
    fn layout(&self) -> Layout;
    /// Decoded pixels per source pixel on each axis, as [`super::Decoded`]'s.
    fn scale(&self) -> (f64, f64) {
        (1.0, 1.0)
    }
    /// Rows read or skipped so far.
    fn done(&self) -> u32;
    /// Decodes only columns `first..end` from now on, where the decoder can; the others are
    /// left as they are in what [`Self::read`] writes.
    fn limit_columns(&mut self, _columns: (u32, u32)) -> Result<()> {
        Ok(())
    }
    /// Passes over the next `count` rows.
    fn skip(&mut self, count: u32) -> Result<()>;
    /// Decodes the next rows into `out`: a whole number of rows, at most what is left.
    fn read(&mut self, out: &mut [u8]) -> Result<()>;
    /// Reads to the end of the stream where a decoder must to call the file whole (a PNG's
    /// last chunks), once the rows the resize needs are in.
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

/// Decodes a JPEG scaled by 1/`shrink`, or a non-interlaced PNG, and resizes it by `plan`
/// (planned for the stored source) as the rows come, holding only the rows the resize still
/// needs. Gives the resized image and the embedded ICC profile; `None` where the image must
/// be decoded whole (another format, a CMYK JPEG, an interlaced PNG). Checks `cancel` between
/// bands.
pub(crate) fn decode_resized(
    bytes: &[u8],
    info: &Info,
    shrink: u32,
    plan: ResizePlan,
    cancel: &Cancel,
) -> Result<Option<(Bitmap, Option<Vec<u8>>)>> {
    match info.format {
        Format::Jpeg => match JpegRows::open(bytes, info, shrink)? {
            Some(rows) => Ok(Some((
                resized(rows, plan, cancel)?,
                jpeg_segments::icc_profile(bytes),
            ))),
            None => Ok(None),
        },
        Format::Png => match PngRows::open(bytes, info)? {
            Some(mut rows) => {
                let icc = rows.icc();
                Ok(Some((resized(rows, plan, cancel)?, icc)))
            }
            None => Ok(None),
        },
        _ => Ok(None),
    }
}

fn resized(mut rows: impl Rows, plan: ResizePlan, cancel: &Cancel) -> Result<Bitmap> {
    let mut resize = RowResize::new(plan.for_input(rows.size(), rows.scale()), rows.layout())?;
    let until = resize.needs_until();
    // Columns the resize never reads are not decoded, rows above the first it reads are
    // skipped, and rows below the last are never reached.
    rows.limit_columns(resize.columns())?;
    rows.skip(resize.needs_from())?;
    while rows.done() < until {
        cancel.check()?;
        let count = BAND_ROWS.min(until - rows.done());
        resize.feed(rows.done(), count, |band| rows.read(band))?;
    }
    rows.finish()?;
    resize.finish()
}

//! The first resize of a render, fed the source a band of rows at a time, so that a decoder
//! that gives rows (JPEG) need never hold the whole image: memory follows the output.
//!
//! fast_image_resize resamples 8-bit images vertically first, into a temporary image as wide
//! as the columns the horizontal pass reads and as tall as the output. This does the same in
//! steps: each step resamples a few output rows vertically from the source rows their
//! kernels reach, which may then be dropped, and the horizontal pass runs once at the end.
//! A whole decoded bitmap goes through the same steps, so a recipe's bytes do not depend on
//! whether its source came in bands.

use fast_image_resize::{
    images::{Image, ImageRef},
    FilterType, ResizeAlg, ResizeOptions, Resizer,
};

use super::resize::{fir_err, pixel_type};
use crate::{error::invalid, geometry::ResizePlan, Bitmap, Layout, Result};

/// Lanczos3 reaches 3 input pixels each side, times the reduction when shrinking.
const SUPPORT: f64 = 3.0;

/// Source rows each vertical step covers, about: few enough to stay in cache, enough that
/// the per-step set-up does not show.
const STEP_ROWS: f64 = 96.0;

/// A resize of `plan` under way, for an image without alpha (whose premultiplied resampling
/// cannot be split into passes without a loss).
pub(crate) struct RowResize {
    plan: ResizePlan,
    layout: Layout,
    /// The source columns the horizontal pass reads: `cols.0..cols.1`.
    cols: (u32, u32),
    /// Output rows per vertical step.
    step: u32,
    /// The next output row the vertical pass makes.
    next: u32,
    /// The vertical pass's result: `cols` wide, as tall as the output.
    temp: Vec<u8>,
    /// Source rows fed with [`Self::feed`] and still needed, from row `held_from` on.
    held: Vec<u8>,
    held_from: u32,
    resizer: Resizer,
}

impl RowResize {
    /// Starts `plan`, whose input is the (decoded) image of `layout`.
    pub fn new(plan: ResizePlan, layout: Layout) -> Result<Self> {
        if layout.has_alpha() {
            return Err(invalid("resize by rows: an image with alpha"));
        }
        let c = plan.crop;
        let sx = c.width / f64::from(plan.width);
        let reach = if copies_columns(&plan) {
            // The vertical pass's result is then the output itself.
            0.0
        } else {
            SUPPORT * sx.max(1.0) + 1.0
        };
        let first = (c.left - reach).floor().max(0.0) as u32;
        let last = ((c.left + c.width + reach).ceil() as u32).min(plan.input.0);
        let sy = c.height / f64::from(plan.height);
        let step = ((STEP_ROWS / sy).ceil() as u32).clamp(1, plan.height);
        let temp = vec![0; (last - first) as usize * plan.height as usize * layout.channels()];
        Ok(RowResize {
            plan,
            layout,
            cols: (first, last),
            step,
            next: 0,
            temp,
            held: Vec::new(),
            held_from: 0,
            resizer: Resizer::new(),
        })
    }

    /// Source rows scaled per output row.
    fn scale_y(&self) -> f64 {
        self.plan.crop.height / f64::from(self.plan.height)
    }

    /// The source rows that output rows `rows` read: the span of their kernels.
    fn source_rows(&self, rows: std::ops::Range<u32>) -> (u32, u32) {
        let c = self.plan.crop;
        let sy = self.scale_y();
        let reach = SUPPORT * sy.max(1.0) + 1.0;
        let centre = |j: u32| c.top + (f64::from(j) + 0.5) * sy;
        let first = (centre(rows.start) - reach).floor().max(0.0) as u32;
        let last = ((centre(rows.end - 1) + reach).ceil() as u32).min(self.plan.input.1);
        (first, last)
    }

    /// The first source row still needed (earlier ones may be dropped); the input's height
    /// once every output row is made.
    pub fn needs_from(&self) -> u32 {
        if self.next == self.plan.height {
            return self.plan.input.1;
        }
        self.source_rows(self.next..self.next + 1).0
    }

    /// The source columns the resize reads, `first..end`: the others need not be decoded.
    pub fn columns(&self) -> (u32, u32) {
        self.cols
    }

    /// The end of the source rows the resize reads: later ones need not be decoded.
    pub fn needs_until(&self) -> u32 {
        self.source_rows(self.plan.height - 1..self.plan.height).1
    }

    /// Takes the next `count` source rows, from row `row` on (after the rows fed before, or
    /// any row the first time): `fill` writes them into the space given, and every output row
    /// they complete is made. Rows no longer needed are dropped once they are at least half
    /// of what is held, so each row is moved about once.
    pub fn feed(
        &mut self,
        row: u32,
        count: u32,
        fill: impl FnOnce(&mut [u8]) -> Result<()>,
    ) -> Result<()> {
        let stride = self.stride();
        let held_rows = (self.held.len() / stride) as u32;
        if held_rows == 0 {
            self.held_from = row;
        }
        debug_assert!(
            held_rows == 0 || row == self.held_from + held_rows,
            "rows in order"
        );
        let dead = self.needs_from().min(row).saturating_sub(self.held_from);
        if dead > 0 && 2 * dead >= held_rows {
            self.held.drain(..dead as usize * stride);
            self.held_from += dead;
        }
        let filled = self.held.len();
        self.held.resize(filled + count as usize * stride, 0);
        fill(&mut self.held[filled..])?;
        let held = std::mem::take(&mut self.held);
        let made = self.advance(&held, self.held_from);
        self.held = held;
        made
    }

    /// Makes every output row whose source rows are all in `src`: whole rows of the input,
    /// starting at row `first`.
    fn advance(&mut self, src: &[u8], first: u32) -> Result<()> {
        let stride = self.stride();
        let end = first + (src.len() / stride) as u32;
        while self.next < self.plan.height {
            let rows = self.next..(self.next + self.step).min(self.plan.height);
            let (lo, hi) = self.source_rows(rows.clone());
            if lo < first || hi > end {
                debug_assert!(lo >= first, "rows {lo}.. were dropped before use");
                return Ok(());
            }
            let band = &src[(lo - first) as usize * stride..(hi - first) as usize * stride];
            self.vertical(band, lo, rows.clone())?;
            self.next = rows.end;
        }
        Ok(())
    }

    /// Resamples output rows `rows` vertically from `band`, the source rows from `lo`.
    fn vertical(&mut self, band: &[u8], lo: u32, rows: std::ops::Range<u32>) -> Result<()> {
        let pixel_type = pixel_type(self.layout);
        let (w, h) = (self.plan.input.0, (band.len() / self.stride()) as u32);
        let source = ImageRef::new(w, h, band, pixel_type).map_err(fir_err)?;
        let width = self.cols.1 - self.cols.0;
        let row_bytes = width as usize * self.layout.channels();
        let sy = self.scale_y();
        let top = self.plan.crop.top + f64::from(rows.start) * sy - f64::from(lo);
        let height = (f64::from(rows.len() as u32) * sy).min(f64::from(h) - top);
        let options = options().crop(f64::from(self.cols.0), top, f64::from(width), height);
        let out = &mut self.temp[rows.start as usize * row_bytes..rows.end as usize * row_bytes];
        let mut dst =
            Image::from_slice_u8(width, rows.len() as u32, out, pixel_type).map_err(fir_err)?;
        self.resizer
            .resize(&source, &mut dst, &options)
            .map_err(fir_err)
    }

    fn stride(&self) -> usize {
        self.plan.input.0 as usize * self.layout.channels()
    }

    /// The horizontal pass, once every output row has been made vertically.
    pub fn finish(mut self) -> Result<Bitmap> {
        if self.next != self.plan.height {
            return Err(invalid("resize by rows: the source ended early"));
        }
        let width = self.cols.1 - self.cols.0;
        if copies_columns(&self.plan) {
            return Bitmap::new(width, self.plan.height, self.layout, self.temp);
        }
        let pixel_type = pixel_type(self.layout);
        let source =
            ImageRef::new(width, self.plan.height, &self.temp, pixel_type).map_err(fir_err)?;
        let mut dst = Image::new(self.plan.width, self.plan.height, pixel_type);
        let c = self.plan.crop;
        let options = options().crop(
            c.left - f64::from(self.cols.0),
            0.0,
            c.width
                .min(f64::from(width) - (c.left - f64::from(self.cols.0))),
            f64::from(self.plan.height),
        );
        self.resizer
            .resize(&source, &mut dst, &options)
            .map_err(fir_err)?;
        Bitmap::new(
            self.plan.width,
            self.plan.height,
            self.layout,
            dst.into_vec(),
        )
    }

    /// The whole resize of a decoded `src`, in the same steps.
    pub fn run(plan: ResizePlan, src: &Bitmap) -> Result<Bitmap> {
        let mut resize = RowResize::new(plan, src.layout)?;
        resize.advance(&src.data, 0)?;
        resize.finish()
    }
}

/// Whether the horizontal pass of `plan` only copies whole columns (a crop's, or a resize of
/// rows alone).
fn copies_columns(plan: &ResizePlan) -> bool {
    let c = plan.crop;
    c.left.fract() == 0.0 && c.width == f64::from(plan.width)
}

fn options() -> ResizeOptions {
    ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        geometry::{fill, scale, CropBox},
        pixels::resize,
        Gravity,
    };

    fn image((w, h): (u32, u32), layout: Layout) -> Bitmap {
        let ch = layout.channels();
        let data = (0..w * h * ch as u32)
            .map(|i| {
                let (x, y) = ((i / ch as u32) % w, (i / ch as u32) / w);
                ((x * 13 + y * 7 + i % 3 * 50) % 256) as u8
                    ^ if (x / 9 + y / 5) % 2 == 0 { 0 } else { 0x40 }
            })
            .collect();
        Bitmap::new(w, h, layout, data).unwrap()
    }

    #[test]
    fn the_resize_by_rows_is_the_whole_resize_within_a_level() {
        let size = (301, 187);
        let plans = [
            scale(size, 0.26).unwrap(),
            scale(size, 0.05).unwrap(),
            scale(size, 1.7).unwrap(),
            fill(size, 50, 90, Gravity::default()).unwrap(),
            ResizePlan {
                input: size,
                crop: CropBox {
                    left: 10.4,
                    top: 33.7,
                    width: 120.25,
                    height: 140.9,
                },
                width: 61,
                height: 200,
            },
            // Columns only, then rows only: each pass alone.
            ResizePlan {
                input: size,
                crop: CropBox {
                    left: 0.0,
                    top: 0.0,
                    width: 301.0,
                    height: 187.0,
                },
                width: 100,
                height: 187,
            },
            ResizePlan {
                input: size,
                crop: CropBox {
                    left: 5.0,
                    top: 0.0,
                    width: 200.0,
                    height: 187.0,
                },
                width: 200,
                height: 40,
            },
        ];
        for layout in [Layout::Rgb, Layout::Gray] {
            let src = image(size, layout);
            for plan in plans {
                let whole = resize(&src, &plan).unwrap();
                let rows = RowResize::run(plan, &src).unwrap();
                assert_eq!((rows.width, rows.height), (whole.width, whole.height));
                let worst = rows
                    .data
                    .iter()
                    .zip(&whole.data)
                    .map(|(a, b)| a.abs_diff(*b))
                    .max();
                assert!(worst <= Some(1), "{layout:?} {plan:?}: {worst:?}");
            }
        }
    }

    #[test]
    fn bands_of_any_height_give_the_same_bytes() {
        let src = image((240, 333), Layout::Rgb);
        let plan = scale((240, 333), 0.19).unwrap();
        let expected = RowResize::run(plan, &src).unwrap();
        let stride = 240 * 3;
        for band in [1, 5, 64] {
            let mut resize = RowResize::new(plan, Layout::Rgb).unwrap();
            for (i, rows) in src.data.chunks(band * stride).enumerate() {
                let count = (rows.len() / stride) as u32;
                resize
                    .feed((i * band) as u32, count, |space| {
                        space.copy_from_slice(rows);
                        Ok(())
                    })
                    .unwrap();
            }
            assert!(resize.finish().unwrap() == expected, "bands of {band}");
        }
    }

    #[test]
    fn an_image_with_alpha_is_refused() {
        let plan = scale((10, 10), 0.5).unwrap();
        assert!(RowResize::new(plan, Layout::Rgba).is_err());
    }
}

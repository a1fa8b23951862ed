//! The first resize of a render, fed the source a band of rows at a time, so that a decoder
//! that gives rows (JPEG, PNG) need never hold the whole image: memory follows the output.
//!
//! fast_image_resize resamples 8-bit images vertically first, into a temporary image as wide
//! as the columns the horizontal pass reads and as tall as the output. This does the same in
//! steps: each step resamples a few output rows vertically from the source rows their
//! kernels reach, which may then be dropped, and the horizontal pass runs once at the end.
//! A whole decoded bitmap goes through the same steps, so a recipe's bytes do not depend on
//! whether its source came in bands.
//!
//! With alpha, as fast_image_resize does for a whole image: colour is multiplied by alpha
//! (in 8 bits) as the rows arrive, both passes resample the premultiplied samples, and the
//! output is divided by its alpha at the end.

use fast_image_resize::{
    images::{Image, ImageRef},
    FilterType, MulDiv, ResizeAlg, ResizeOptions, Resizer,
};

use super::resize::{fir_err, pixel_type};
use crate::{error::invalid, geometry::ResizePlan, Bitmap, Layout, Result};

/// Lanczos3 reaches 3 input pixels each side, times the reduction when shrinking.
const SUPPORT: f64 = 3.0;

/// Source rows each vertical step covers, about: few enough to stay in cache, enough that
/// the per-step set-up does not show.
const STEP_ROWS: f64 = 96.0;

/// A resize of `plan` under way.
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
        if self.layout.has_alpha() {
            let width = self.plan.input.0;
            by_alpha(&mut self.held[filled..], (width, count), self.layout, true)?;
        }
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
        let (size, mut data) = match copies_columns(&self.plan) {
            true => (
                (self.cols.1 - self.cols.0, self.plan.height),
                std::mem::take(&mut self.temp),
            ),
            false => ((self.plan.width, self.plan.height), self.horizontal()?),
        };
        if self.layout.has_alpha() {
            by_alpha(&mut data, size, self.layout, false)?;
        }
        Bitmap::new(size.0, size.1, self.layout, data)
    }

    /// Resamples the vertical pass's result across, to the output's width.
    fn horizontal(&mut self) -> Result<Vec<u8>> {
        let width = self.cols.1 - self.cols.0;
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
        Ok(dst.into_vec())
    }

    /// The whole resize of a decoded `src`, in the same steps. With alpha it is fed in bands,
    /// premultiplied as they come, so that no premultiplied copy of the whole image is made.
    pub fn run(plan: ResizePlan, src: &Bitmap) -> Result<Bitmap> {
        let mut resize = RowResize::new(plan, src.layout)?;
        if !src.layout.has_alpha() {
            resize.advance(&src.data, 0)?;
            return resize.finish();
        }
        let stride = resize.stride();
        let band = STEP_ROWS as usize * stride;
        let (from, until) = (resize.needs_from(), resize.needs_until());
        let rows = &src.data[from as usize * stride..until as usize * stride];
        let mut row = from;
        for chunk in rows.chunks(band) {
            let count = (chunk.len() / stride) as u32;
            resize.feed(row, count, |held| {
                held.copy_from_slice(chunk);
                Ok(())
            })?;
            row += count;
        }
        resize.finish()
    }
}

/// Multiplies the colour of `samples` (whole rows of `size` in `layout`, with alpha) by their
/// alpha, or with `multiply` false divides it back out.
fn by_alpha(samples: &mut [u8], size: (u32, u32), layout: Layout, multiply: bool) -> Result<()> {
    let mut image =
        Image::from_slice_u8(size.0, size.1, samples, pixel_type(layout)).map_err(fir_err)?;
    let mul_div = MulDiv::default();
    if multiply {
        mul_div.multiply_alpha_inplace(&mut image)
    } else {
        mul_div.divide_alpha_inplace(&mut image)
    }
    .map_err(fir_err)
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

    /// A pixel's samples times 255, colour weighted by its alpha where it has one.
    fn premultiplied(px: &[u8], layout: Layout) -> Vec<u32> {
        let alpha = match layout.has_alpha() {
            true => u32::from(px[px.len() - 1]),
            false => 255,
        };
        let colours = px.len() - usize::from(layout.has_alpha());
        px.iter()
            .enumerate()
            .map(|(c, &v)| u32::from(v) * if c < colours { alpha } else { 255 })
            .collect()
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
        for layout in [Layout::Rgb, Layout::Gray, Layout::Rgba, Layout::GrayAlpha] {
            let src = image(size, layout);
            let ch = layout.channels();
            for plan in plans {
                let whole = resize(&src, &plan).unwrap();
                let rows = RowResize::run(plan, &src).unwrap();
                assert_eq!((rows.width, rows.height), (whole.width, whole.height));
                // Colour is compared as it was resampled, premultiplied: dividing by a small
                // alpha magnifies a level's difference.
                let worst = rows
                    .data
                    .chunks(ch)
                    .zip(whole.data.chunks(ch))
                    .flat_map(|(a, b)| {
                        let (a, b) = (premultiplied(a, layout), premultiplied(b, layout));
                        (0..ch).map(move |c| a[c].abs_diff(b[c]).div_ceil(255))
                    })
                    .max();
                assert!(worst <= Some(2), "{layout:?} {plan:?}: {worst:?}");
            }
        }
    }

    #[test]
    fn bands_of_any_height_give_the_same_bytes() {
        for layout in [Layout::Rgb, Layout::Rgba] {
            bands_give_the_same_bytes(layout);
        }
    }

    fn bands_give_the_same_bytes(layout: Layout) {
        let src = image((240, 333), layout);
        let plan = scale((240, 333), 0.19).unwrap();
        let expected = RowResize::run(plan, &src).unwrap();
        let stride = 240 * layout.channels();
        for band in [1, 5, 64] {
            let mut resize = RowResize::new(plan, layout).unwrap();
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
    fn transparent_pixels_lend_no_colour() {
        // Opaque red on the left, fully transparent green on the right.
        let data = (0..40 * 10)
            .flat_map(|i| match i % 40 < 20 {
                true => [255, 0, 0, 255],
                false => [0, 255, 0, 0],
            })
            .collect();
        let src = Bitmap::new(40, 10, Layout::Rgba, data).unwrap();
        let out = RowResize::run(scale((40, 10), 0.25).unwrap(), &src).unwrap();
        let visible: Vec<&[u8]> = out.data.chunks(4).filter(|p| p[3] > 0).collect();
        assert!(visible.len() >= 5 * 5 / 2, "{:?}", out.data);
        assert!(
            visible.iter().all(|p| p[1] == 0 && p[0] == 255),
            "{visible:?}"
        );
    }
}

//! Sizes and crop boxes of the resizing ops, with image_processing's semantics, planned in
//! display space before any pixel is decoded.

use crate::{Fixed, Gravity, Orientation, Size};

/// A rectangle of the input, in (possibly fractional) input pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CropBox {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// One resampling: take `crop` of an `input`-sized image and scale it to `width` x `height`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ResizePlan {
    pub input: (u32, u32),
    pub crop: CropBox,
    pub width: u32,
    pub height: u32,
}

impl ResizePlan {
    /// How many times smaller the output is than the input, on the axis that shrinks least.
    pub fn reduction(&self) -> f64 {
        (self.crop.width / f64::from(self.width)).min(self.crop.height / f64::from(self.height))
    }

    /// The same plan for the stored pixels, which `orientation` turns into the display ones.
    pub fn in_stored_space(self, orientation: Orientation) -> Self {
        if orientation == Orientation::UPRIGHT {
            return self;
        }
        let swap = orientation.swaps_axes();
        let (dw, dh) = self.input;
        let stored = if swap { (dh, dw) } else { (dw, dh) };
        let (sw, sh) = (f64::from(stored.0), f64::from(stored.1));
        let c = self.crop;
        let a = display_to_stored(orientation, (sw, sh), c.left, c.top);
        let b = display_to_stored(orientation, (sw, sh), c.left + c.width, c.top + c.height);
        ResizePlan {
            input: stored,
            crop: CropBox {
                left: a.0.min(b.0),
                top: a.1.min(b.1),
                width: (a.0 - b.0).abs(),
                height: (a.1 - b.1).abs(),
            },
            width: if swap { self.height } else { self.width },
            height: if swap { self.width } else { self.height },
        }
    }

    /// The same plan for an input that was decoded smaller (shrink-on-load) to `size`, at
    /// `scale` decoded pixels per source pixel.
    pub fn for_input(self, size: (u32, u32), (sx, sy): (f64, f64)) -> Self {
        if size == self.input {
            return self;
        }
        let c = self.crop;
        let left = c.left * sx;
        let top = c.top * sy;
        ResizePlan {
            input: size,
            crop: CropBox {
                left,
                top,
                width: (c.width * sx).min(f64::from(size.0) - left),
                height: (c.height * sy).min(f64::from(size.1) - top),
            },
            ..self
        }
    }
}

/// Maps a point of the displayed image to the stored one (continuous coordinates; `stored`
/// is the stored width and height), inverting EXIF orientation.
fn display_to_stored(o: Orientation, (w, h): (f64, f64), x: f64, y: f64) -> (f64, f64) {
    match o.exif_value() {
        2 => (w - x, y),
        3 => (w - x, h - y),
        4 => (x, h - y),
        5 => (y, x),
        6 => (y, h - x),
        7 => (w - y, h - x),
        8 => (w - y, x),
        _ => (x, y),
    }
}

/// A side multiplied by the device pixel ratio (imgproxy's `dpr`), within the recipe limits.
pub(crate) fn scale_side(v: u32, dpr: Fixed) -> u32 {
    ((f64::from(v) * dpr.get()).round() as u32).clamp(1, crate::recipe::MAX_DIMENSION)
}

/// Scales the whole of a `w` x `h` image by `scale`; `None` when that leaves it as it is.
pub(crate) fn scale((w, h): (u32, u32), scale: f64) -> Option<ResizePlan> {
    let size = (scaled(f64::from(w), scale), scaled(f64::from(h), scale));
    (size != (w, h)).then_some(ResizePlan {
        input: (w, h),
        crop: whole((w, h)),
        width: size.0,
        height: size.1,
    })
}

/// Crops a `w` x `h` image to the aspect of `width` x `height` at `gravity`, then scales the
/// crop to exactly that size (image_processing's `resize_to_fill`); `None` when that leaves
/// the image as it is.
pub(crate) fn fill(
    (w, h): (u32, u32),
    width: u32,
    height: u32,
    gravity: Gravity,
) -> Option<ResizePlan> {
    let (fw, fh) = (f64::from(w), f64::from(h));
    let scale = cover_scale(width, height, (w, h));
    let (cw, ch) = (
        (f64::from(width) / scale).min(fw),
        (f64::from(height) / scale).min(fh),
    );
    let (gx, gy) = gravity.fractions();
    let crop = CropBox {
        left: (fw - cw) * gx,
        top: (fh - ch) * gy,
        width: cw,
        height: ch,
    };
    (crop != whole((w, h)) || (width, height) != (w, h)).then_some(ResizePlan {
        input: (w, h),
        crop,
        width,
        height,
    })
}

/// The largest scale at which a `w` x `h` image fits the box; unconstrained sides do not
/// limit it.
pub(crate) fn fit_scale(size: Size, (w, h): (u32, u32)) -> f64 {
    let sx = size
        .width
        .map_or(f64::INFINITY, |t| f64::from(t) / f64::from(w));
    let sy = size
        .height
        .map_or(f64::INFINITY, |t| f64::from(t) / f64::from(h));
    sx.min(sy)
}

/// The smallest scale at which a `w` x `h` image covers `width` x `height`.
pub(crate) fn cover_scale(width: u32, height: u32, (w, h): (u32, u32)) -> f64 {
    (f64::from(width) / f64::from(w)).max(f64::from(height) / f64::from(h))
}

fn whole((w, h): (u32, u32)) -> CropBox {
    CropBox {
        left: 0.0,
        top: 0.0,
        width: f64::from(w),
        height: f64::from(h),
    }
}

fn scaled(len: f64, scale: f64) -> u32 {
    ((len * scale).round() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_crops_at_its_gravity() {
        let p = fill((1000, 500), 200, 200, Gravity::Centre).unwrap();
        assert_eq!((p.width, p.height), (200, 200));
        assert_eq!(
            p.crop,
            CropBox {
                left: 250.0,
                top: 0.0,
                width: 500.0,
                height: 500.0
            }
        );
        assert_eq!(p.reduction(), 2.5);
        assert_eq!(
            fill((1000, 500), 200, 200, Gravity::East)
                .unwrap()
                .crop
                .left,
            500.0
        );
        assert_eq!(
            fill((1000, 500), 200, 200, Gravity::NorthWest)
                .unwrap()
                .crop
                .left,
            0.0
        );
        let south = fill((100, 100), 100, 20, Gravity::South).unwrap();
        assert_eq!((south.crop.top, south.crop.height), (80.0, 20.0));
        assert!(fill((100, 50), 100, 50, Gravity::Centre).is_none());
    }

    #[test]
    fn stored_space_maps_the_crop_through_every_orientation() {
        // A 100x50 display image; the crop is its right half.
        let p = fill((100, 50), 50, 50, Gravity::East).unwrap();
        let expect = [
            (1, (100, 50), (50.0, 0.0, 50.0, 50.0)),
            (2, (100, 50), (0.0, 0.0, 50.0, 50.0)),
            (3, (100, 50), (0.0, 0.0, 50.0, 50.0)),
            (4, (100, 50), (50.0, 0.0, 50.0, 50.0)),
            (5, (50, 100), (0.0, 50.0, 50.0, 50.0)),
            (6, (50, 100), (0.0, 0.0, 50.0, 50.0)),
            (7, (50, 100), (0.0, 0.0, 50.0, 50.0)),
            (8, (50, 100), (0.0, 50.0, 50.0, 50.0)),
        ];
        for (o, input, (l, t, w, h)) in expect {
            let s = p.in_stored_space(Orientation::from_exif(o));
            assert_eq!(s.input, input, "orientation {o}");
            assert_eq!(
                s.crop,
                CropBox {
                    left: l,
                    top: t,
                    width: w,
                    height: h
                },
                "orientation {o}"
            );
        }
    }

    #[test]
    fn for_input_rescales_the_crop_for_shrink_on_load() {
        let p = fill((800, 400), 100, 100, Gravity::Centre).unwrap();
        let q = p.for_input((200, 100), (0.25, 0.25));
        assert_eq!(
            q.crop,
            CropBox {
                left: 50.0,
                top: 0.0,
                width: 100.0,
                height: 100.0
            }
        );
    }

    #[test]
    fn dpr_multiplies_sides_within_the_limits() {
        let two = Fixed::from_thousandths(2_000);
        assert_eq!(scale_side(100, two), 200);
        assert_eq!(scale_side(16_000, two), 16_383);
        assert_eq!(scale_side(1, Fixed::from_thousandths(1_400)), 1);
    }
}

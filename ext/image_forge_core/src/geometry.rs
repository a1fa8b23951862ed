//! Sizes and crop boxes of the resizing ops, with image_processing's semantics, planned in
//! display space before any pixel is decoded.

use crate::{Fixed, Gravity, Op, Orientation, Size};

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

/// The op with every size multiplied by the device pixel ratio (imgproxy's `dpr`).
pub(crate) fn scale_op(op: Op, dpr: Fixed) -> Op {
    let s =
        |v: u32| ((f64::from(v) * dpr.get()).round() as u32).clamp(1, crate::recipe::MAX_DIMENSION);
    let size = |z: Size| Size {
        width: z.width.map(s),
        height: z.height.map(s),
    };
    match op {
        Op::ResizeToLimit(z) => Op::ResizeToLimit(size(z)),
        Op::ResizeToFit(z) => Op::ResizeToFit(size(z)),
        Op::ResizeToFill {
            width,
            height,
            gravity,
        } => Op::ResizeToFill {
            width: s(width),
            height: s(height),
            gravity,
        },
        Op::ResizeToCover { width, height } => Op::ResizeToCover {
            width: s(width),
            height: s(height),
        },
        Op::ResizeAndPad {
            width,
            height,
            background,
            gravity,
        } => Op::ResizeAndPad {
            width: s(width),
            height: s(height),
            background,
            gravity,
        },
        other => other,
    }
}

/// The resampling a resize op does on an input of `w` x `h`; `None` for other ops and for
/// resizes that leave the image as it is. For `resize_and_pad` this is the fit before the pad;
/// for attention `resize_to_fill`, the cover before the crop.
pub(crate) fn plan(op: &Op, (w, h): (u32, u32)) -> Option<ResizePlan> {
    let (fw, fh) = (f64::from(w), f64::from(h));
    let whole = CropBox {
        left: 0.0,
        top: 0.0,
        width: fw,
        height: fh,
    };
    let scale_to = |scale: f64| (scaled(fw, scale), scaled(fh, scale));
    let cover = |width: u32, height: u32| (f64::from(width) / fw).max(f64::from(height) / fh);
    let (size, crop) = match *op {
        Op::ResizeToLimit(size) => (scale_to(fit_scale(size, fw, fh).min(1.0)), whole),
        Op::ResizeToFit(size) => (scale_to(fit_scale(size, fw, fh)), whole),
        Op::ResizeAndPad { width, height, .. } => {
            let size = Size {
                width: Some(width),
                height: Some(height),
            };
            (scale_to(fit_scale(size, fw, fh)), whole)
        }
        Op::ResizeToCover { width, height }
        | Op::ResizeToFill {
            width,
            height,
            gravity: Gravity::Attention,
        } => (scale_to(cover(width, height)), whole),
        Op::ResizeToFill {
            width,
            height,
            gravity,
        } => {
            let scale = cover(width, height);
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
            ((width, height), crop)
        }
        _ => return None,
    };
    let plan = ResizePlan {
        input: (w, h),
        crop,
        width: size.0,
        height: size.1,
    };
    (plan.crop != whole || size != (w, h)).then_some(plan)
}

/// The largest scale at which the image fits the box; unconstrained sides do not limit it.
fn fit_scale(size: Size, fw: f64, fh: f64) -> f64 {
    let sx = size.width.map_or(f64::INFINITY, |t| f64::from(t) / fw);
    let sy = size.height.map_or(f64::INFINITY, |t| f64::from(t) / fh);
    sx.min(sy)
}

fn scaled(len: f64, scale: f64) -> u32 {
    ((len * scale).round() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(w: Option<u32>, h: Option<u32>) -> Size {
        Size {
            width: w,
            height: h,
        }
    }

    fn dims(op: Op, input: (u32, u32)) -> (u32, u32) {
        plan(&op, input).map_or(input, |p| (p.width, p.height))
    }

    fn fill(width: u32, height: u32, gravity: Gravity) -> Op {
        Op::ResizeToFill {
            width,
            height,
            gravity,
        }
    }

    #[test]
    fn limit_fits_inside_and_never_enlarges() {
        let op = Op::ResizeToLimit(size(Some(720), Some(588)));
        assert_eq!(dims(op, (2725, 2225)), (720, 588));
        assert_eq!(dims(op, (2225, 2725)), (480, 588));
        assert_eq!(dims(op, (100, 50)), (100, 50));
        assert!(plan(&op, (100, 50)).is_none());
        assert_eq!(
            dims(Op::ResizeToLimit(size(None, Some(100))), (1000, 500)),
            (200, 100)
        );
    }

    #[test]
    fn fit_and_cover_enlarge_small_images() {
        assert_eq!(
            dims(Op::ResizeToFit(size(Some(400), Some(400))), (100, 50)),
            (400, 200)
        );
        assert_eq!(
            dims(Op::ResizeToFit(size(Some(400), None)), (100, 50)),
            (400, 200)
        );
        assert_eq!(
            dims(
                Op::ResizeToCover {
                    width: 400,
                    height: 400
                },
                (100, 50)
            ),
            (800, 400)
        );
        assert_eq!(
            dims(
                Op::ResizeToCover {
                    width: 100,
                    height: 100
                },
                (1000, 500)
            ),
            (200, 100)
        );
    }

    #[test]
    fn fill_crops_at_its_gravity() {
        let p = plan(&fill(200, 200, Gravity::Centre), (1000, 500)).unwrap();
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
            plan(&fill(200, 200, Gravity::East), (1000, 500))
                .unwrap()
                .crop
                .left,
            500.0
        );
        assert_eq!(
            plan(&fill(200, 200, Gravity::NorthWest), (1000, 500))
                .unwrap()
                .crop
                .left,
            0.0
        );
        let south = plan(&fill(100, 20, Gravity::South), (100, 100)).unwrap();
        assert_eq!((south.crop.top, south.crop.height), (80.0, 20.0));
    }

    #[test]
    fn stored_space_maps_the_crop_through_every_orientation() {
        // A 100x50 display image; the crop is its right half.
        let p = plan(&fill(50, 50, Gravity::East), (100, 50)).unwrap();
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
        let p = plan(&fill(100, 100, Gravity::Centre), (800, 400)).unwrap();
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
    fn dpr_multiplies_resize_sizes() {
        let op = scale_op(
            fill(100, 50, Gravity::North),
            Fixed::from_thousandths(2_000),
        );
        assert_eq!(op, fill(200, 100, Gravity::North));
        assert_eq!(scale_op(Op::Flip, Fixed::from_thousandths(2_000)), Op::Flip);
    }
}

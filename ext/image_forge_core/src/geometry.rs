//! Output sizes for each resize op, with image_processing's semantics, in display space.

use crate::{Op, Orientation, Size};

/// A rectangle of the input, in (possibly fractional) input pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CropBox {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// What one resize op does to an input of `input` size: take `crop` of it, scale that to
/// `width` x `height`.
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

    /// The same plan for the stored (un-oriented) pixels. Valid because every crop here is
    /// centred, so flips leave it unchanged and transposes only swap the axes.
    pub fn in_stored_space(self, orientation: Orientation) -> Self {
        if !orientation.swaps_axes() {
            return self;
        }
        let c = self.crop;
        ResizePlan {
            input: (self.input.1, self.input.0),
            crop: CropBox {
                left: c.top,
                top: c.left,
                width: c.height,
                height: c.width,
            },
            width: self.height,
            height: self.width,
        }
    }

    /// The same plan for an input that was decoded smaller (shrink-on-load) to `size`.
    pub fn for_input(self, size: (u32, u32)) -> Self {
        if size == self.input {
            return self;
        }
        let sx = f64::from(size.0) / f64::from(self.input.0);
        let sy = f64::from(size.1) / f64::from(self.input.1);
        let c = self.crop;
        ResizePlan {
            input: size,
            crop: CropBox {
                left: c.left * sx,
                top: c.top * sy,
                width: (c.width * sx).min(f64::from(size.0)),
                height: (c.height * sy).min(f64::from(size.1)),
            },
            ..self
        }
    }
}

/// Plans `op` for an input of `w` x `h`; `None` when the op leaves the image as it is.
pub(crate) fn plan(op: &Op, (w, h): (u32, u32)) -> Option<ResizePlan> {
    let (fw, fh) = (f64::from(w), f64::from(h));
    let whole = CropBox {
        left: 0.0,
        top: 0.0,
        width: fw,
        height: fh,
    };
    let scale_to = |scale: f64| -> (u32, u32) { (scaled(fw, scale), scaled(fh, scale)) };
    let (width, height, crop) = match *op {
        Op::ResizeToLimit(size) => {
            let scale = fit_scale(size, fw, fh).min(1.0);
            let (tw, th) = scale_to(scale);
            (tw, th, whole)
        }
        Op::ResizeToFit(size) => {
            let (tw, th) = scale_to(fit_scale(size, fw, fh));
            (tw, th, whole)
        }
        Op::ResizeToFill { width, height } => {
            let scale = (f64::from(width) / fw).max(f64::from(height) / fh);
            let (cw, ch) = (
                (f64::from(width) / scale).min(fw),
                (f64::from(height) / scale).min(fh),
            );
            let crop = CropBox {
                left: (fw - cw) / 2.0,
                top: (fh - ch) / 2.0,
                width: cw,
                height: ch,
            };
            (width, height, crop)
        }
    };
    let plan = ResizePlan {
        input: (w, h),
        crop,
        width,
        height,
    };
    (plan.crop != whole || (width, height) != (w, h)).then_some(plan)
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
    fn fit_enlarges_small_images() {
        assert_eq!(
            dims(Op::ResizeToFit(size(Some(400), Some(400))), (100, 50)),
            (400, 200)
        );
        assert_eq!(
            dims(Op::ResizeToFit(size(Some(400), None)), (100, 50)),
            (400, 200)
        );
    }

    #[test]
    fn fill_covers_then_crops_the_centre() {
        let p = plan(
            &Op::ResizeToFill {
                width: 200,
                height: 200,
            },
            (1000, 500),
        )
        .unwrap();
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
    }

    #[test]
    fn stored_space_swaps_axes_for_transposing_orientations() {
        let p = plan(
            &Op::ResizeToFill {
                width: 200,
                height: 100,
            },
            (1000, 500),
        )
        .unwrap();
        let s = p.in_stored_space(Orientation::from_exif(6));
        assert_eq!((s.input, s.width, s.height), ((500, 1000), 100, 200));
        assert_eq!(s.crop.width, p.crop.height);
        assert_eq!(p.in_stored_space(Orientation::from_exif(3)), p);
    }

    #[test]
    fn for_input_rescales_the_crop_for_shrink_on_load() {
        let p = plan(
            &Op::ResizeToFill {
                width: 100,
                height: 100,
            },
            (800, 400),
        )
        .unwrap();
        let q = p.for_input((200, 100));
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
}

use crate::{Bitmap, BlendMode, Gravity, Layout};

/// Draws `overlay` onto `base` at `gravity`, moved by (`dx`, `dy`), with its alpha scaled by
/// `opacity` (0..=1), combined by `mode` as libvips' `composite2` with x and y: the overlay
/// lies on a transparent canvas of the base's size, so modes that change the image under a
/// transparent pixel (clear, source, dest-in) change it outside the overlay too. Parts of the
/// overlay outside the base are cut off.
pub(crate) fn composite(
    base: Bitmap,
    overlay: Bitmap,
    gravity: Gravity,
    (dx, dy): (i32, i32),
    opacity: f64,
    mode: BlendMode,
) -> Bitmap {
    let colour = matches!(overlay.layout, Layout::Rgb | Layout::Rgba);
    let base = if colour { base.into_colour() } else { base };
    let base = if mode.makes_transparent() {
        base.with_alpha()
    } else {
        base
    };
    let overlay = if matches!(base.layout, Layout::Rgb | Layout::Rgba) {
        overlay.into_colour()
    } else {
        overlay
    };
    let overlay = overlay.with_alpha();
    let (gx, gy) = gravity.fractions();
    let left =
        ((f64::from(base.width) - f64::from(overlay.width)) * gx).floor() as i64 + i64::from(dx);
    let top =
        ((f64::from(base.height) - f64::from(overlay.height)) * gy).floor() as i64 + i64::from(dy);
    let (bch, och) = (base.layout.channels(), overlay.layout.channels());
    let base_alpha = base.layout.has_alpha();
    let (bw, ow, oh) = (
        i64::from(base.width),
        i64::from(overlay.width),
        i64::from(overlay.height),
    );
    let mut out = base;
    let blend = |o: &[u8], b: &mut [u8]| {
        let colours = och - 1;
        let aa = f64::from(o[colours]) / 255.0 * opacity;
        let ab = if base_alpha {
            f64::from(b[colours]) / 255.0
        } else {
            1.0
        };
        let (mut pa, mut pb) = ([0f64; 3], [0f64; 3]);
        for c in 0..colours {
            pa[c] = f64::from(o[c]) * aa;
            pb[c] = f64::from(b[c]) * ab;
        }
        let ar = mode.blend(&pa[..colours], aa, &mut pb[..colours], ab);
        for c in 0..colours {
            let v = if ar > 0.0 { pb[c] / ar } else { 0.0 };
            b[c] = v.round().clamp(0.0, 255.0) as u8;
        }
        if base_alpha {
            b[colours] = (ar * 255.0).round() as u8;
        }
    };
    let transparent = [0u8; 4];
    let rows = if mode.reaches_outside() {
        0..i64::from(out.height)
    } else {
        top.max(0)..(top + oh).min(i64::from(out.height))
    };
    for y in rows {
        let (xs, inside_row) = if mode.reaches_outside() {
            (0..bw, (top..top + oh).contains(&y))
        } else {
            (left.max(0)..(left + ow).min(bw), true)
        };
        for x in xs {
            let b = &mut out.data[((y * bw + x) as usize) * bch..][..bch];
            let (ox, oy) = (x - left, y - top);
            if inside_row && (0..ow).contains(&ox) {
                blend(&overlay.data[((oy * ow + ox) as usize) * och..][..och], b);
            } else {
                blend(&transparent[..och], b);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blends_at_gravity_with_opacity_and_clips() {
        let base = Bitmap::new(3, 1, Layout::Rgb, vec![0; 9]).unwrap();
        let dot = Bitmap::new(1, 1, Layout::Rgba, vec![200, 100, 0, 255]).unwrap();
        let over = |base, dot, gravity, offset, opacity| {
            composite(base, dot, gravity, offset, opacity, BlendMode::Over)
        };
        let c = over(base.clone(), dot.clone(), Gravity::East, (0, 0), 0.5);
        assert_eq!(c.data, vec![0, 0, 0, 0, 0, 0, 100, 50, 0]);
        let clipped = over(base, dot, Gravity::NorthWest, (-5, 0), 1.0);
        assert!(clipped.data.iter().all(|&v| v == 0));
    }

    /// Composites a 1x1 overlay of `overlay` (RGBA) onto the first of two opaque pixels,
    /// (200, 100, 0) and (10, 20, 30); the second lies outside the overlay.
    fn two(overlay: [u8; 4], mode: BlendMode) -> (Layout, Vec<u8>) {
        let base = Bitmap::new(2, 1, Layout::Rgb, vec![200, 100, 0, 10, 20, 30]).unwrap();
        let dot = Bitmap::new(1, 1, Layout::Rgba, overlay.to_vec()).unwrap();
        let out = composite(base, dot, Gravity::NorthWest, (0, 0), 1.0, mode);
        (out.layout, out.data)
    }

    // Expected values by hand, in 0..=255 with alphas in 0..=1: A and B are the overlay's and
    // the image's colours premultiplied by their alphas aA and aB.

    #[test]
    fn separable_modes_with_an_opaque_overlay() {
        let blue = [100, 200, 255, 255];
        let outside = [10, 20, 30];
        for (mode, first) in [
            (BlendMode::Over, [100, 200, 255]),
            // A * B / 255: 100 * 200 / 255 = 78.4, 200 * 100 / 255 = 78.4, 255 * 0 = 0.
            (BlendMode::Multiply, [78, 78, 0]),
            // A + B - A * B / 255: 300 - 78.4 = 221.6, 221.6, 255.
            (BlendMode::Screen, [222, 222, 255]),
            // B > 127.5: 255 - 2 (255 - A)(255 - B) / 255 = 255 - 2 * 155 * 55 / 255 = 188.1;
            // B <= 127.5: 2 A B / 255 = 2 * 200 * 100 / 255 = 156.9; 0.
            (BlendMode::Overlay, [188, 157, 0]),
            (BlendMode::Darken, [100, 100, 0]),
            (BlendMode::Lighten, [200, 200, 255]),
            // A + B, clipped: 300, 300, 255.
            (BlendMode::Add, [255, 255, 255]),
        ] {
            let mut expected = first.to_vec();
            expected.extend(outside);
            assert_eq!(two(blue, mode), (Layout::Rgb, expected), "{mode}");
        }
    }

    #[test]
    fn separable_modes_see_premultiplied_colours_as_in_libvips() {
        // aA = 0.4: A = (40, 80, 102); f = A * B / 255 = (31.37, 31.37, 0);
        // result = (1 - aA) B + aA aB f = (120 + 12.55, 60 + 12.55, 0), alpha 1.
        let (_, data) = two([100, 200, 255, 102], BlendMode::Multiply);
        assert_eq!(&data[..3], &[133, 73, 0]);
        // Over: A + (1 - aA) B = (40 + 120, 80 + 60, 102).
        let (_, data) = two([100, 200, 255, 102], BlendMode::Over);
        assert_eq!(&data[..3], &[160, 140, 102]);
    }

    #[test]
    fn porter_duff_modes_can_clear_and_reach_outside_the_overlay() {
        let half = [100, 200, 255, 102];
        for (mode, expected) in [
            // Transparent everywhere, outside the overlay too.
            (BlendMode::Clear, [0, 0, 0, 0, 0, 0, 0, 0]),
            // The overlay where it is; transparent elsewhere.
            (BlendMode::Source, [100, 200, 255, 102, 0, 0, 0, 0]),
            // The image, alpha aA aB = 0.4 under the overlay; 0 outside it.
            (BlendMode::DestIn, [200, 100, 0, 102, 0, 0, 0, 0]),
            // The image, alpha (1 - aA) aB = 0.6 under the overlay; untouched outside it.
            (BlendMode::DestOut, [200, 100, 0, 153, 10, 20, 30, 255]),
        ] {
            assert_eq!(two(half, mode), (Layout::Rgba, expected.to_vec()), "{mode}");
        }
    }

    #[test]
    fn add_sums_alphas_up_to_opaque() {
        // A transparent image pixel under a half-transparent overlay: aR = 0 + 0.4, and the
        // colour is the overlay's.
        let base = Bitmap::new(1, 1, Layout::Rgba, vec![9, 9, 9, 0]).unwrap();
        let dot = Bitmap::new(1, 1, Layout::Rgba, vec![100, 200, 255, 102]).unwrap();
        let out = composite(base, dot, Gravity::Centre, (0, 0), 1.0, BlendMode::Add);
        assert_eq!(out.data, vec![100, 200, 255, 102]);
        // Two at 0.4: aR = 0.8; colours (40 + 80, 80 + 40, 100 + 0) / 0.8.
        let base = Bitmap::new(1, 1, Layout::Rgba, vec![200, 100, 0, 102]).unwrap();
        let dot = Bitmap::new(1, 1, Layout::Rgba, vec![100, 200, 250, 102]).unwrap();
        let out = composite(base, dot, Gravity::Centre, (0, 0), 1.0, BlendMode::Add);
        assert_eq!(out.data, vec![150, 150, 125, 204]);
    }

    #[test]
    fn opacity_scales_the_overlay_alpha_before_blending() {
        let base = Bitmap::new(1, 1, Layout::Gray, vec![200]).unwrap();
        let dot = Bitmap::new(1, 1, Layout::GrayAlpha, vec![100, 255]).unwrap();
        // aA = 0.5: (1 - aA) B + aA f, f = 0.5 * 100 * 200 / 255 = 39.2: 100 + 19.6.
        let out = composite(base, dot, Gravity::Centre, (0, 0), 0.5, BlendMode::Multiply);
        assert_eq!((out.layout, out.data), (Layout::Gray, vec![120]));
    }
}

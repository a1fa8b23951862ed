use crate::{Bitmap, Gravity, Layout};

/// Draws `overlay` over `base` at `gravity`, moved by (`dx`, `dy`), with its alpha scaled by
/// `opacity` (0..=1): Porter-Duff "over". Parts outside the base are cut off.
pub(crate) fn composite(
    base: Bitmap,
    overlay: Bitmap,
    gravity: Gravity,
    (dx, dy): (i32, i32),
    opacity: f64,
) -> Bitmap {
    let colour = matches!(overlay.layout, Layout::Rgb | Layout::Rgba);
    let base = if colour { base.into_colour() } else { base };
    let overlay = if matches!(base.layout, Layout::Rgb | Layout::Rgba) {
        overlay.into_colour()
    } else {
        overlay
    };
    let overlay = overlay.with_alpha();
    let (bch, och) = (base.layout.channels(), overlay.layout.channels());
    let base_alpha = base.layout.has_alpha();
    let (gx, gy) = gravity.fractions();
    let left =
        ((f64::from(base.width) - f64::from(overlay.width)) * gx).floor() as i64 + i64::from(dx);
    let top =
        ((f64::from(base.height) - f64::from(overlay.height)) * gy).floor() as i64 + i64::from(dy);
    let mut out = base;
    for oy in 0..i64::from(overlay.height) {
        let y = top + oy;
        if y < 0 || y >= i64::from(out.height) {
            continue;
        }
        for ox in 0..i64::from(overlay.width) {
            let x = left + ox;
            if x < 0 || x >= i64::from(out.width) {
                continue;
            }
            let o = &overlay.data[((oy * i64::from(overlay.width) + ox) as usize) * och..][..och];
            let b = &mut out.data[((y * i64::from(out.width) + x) as usize) * bch..][..bch];
            let a = f64::from(o[och - 1]) / 255.0 * opacity;
            let ba = if base_alpha {
                f64::from(b[bch - 1]) / 255.0
            } else {
                1.0
            };
            let out_a = a + ba * (1.0 - a);
            let colours = och - 1;
            for c in 0..colours {
                let v = if out_a > 0.0 {
                    (f64::from(o[c]) * a + f64::from(b[c]) * ba * (1.0 - a)) / out_a
                } else {
                    0.0
                };
                b[c] = v.round().clamp(0.0, 255.0) as u8;
            }
            if base_alpha {
                b[bch - 1] = (out_a * 255.0).round() as u8;
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
        let c = composite(base.clone(), dot.clone(), Gravity::East, (0, 0), 0.5);
        assert_eq!(c.data, vec![0, 0, 0, 0, 0, 0, 100, 50, 0]);
        let clipped = composite(base, dot, Gravity::NorthWest, (-5, 0), 1.0);
        assert!(clipped.data.iter().all(|&v| v == 0));
    }
}

mod interior;
mod reference;

use std::{cmp::Ordering, ops::Range};

use interior::POS;
use reference::Edge;

use crate::{Bitmap, Cancel, Colour, Layout, Result};

/// Size of the canvas that holds a `w` x `h` image rotated by `degrees`: the bounding box
/// rounded to the nearest pixel, as libvips' `similarity` (and so image_processing) sizes it.
pub(crate) fn rotated_size((w, h): (u32, u32), degrees: f64) -> (u32, u32) {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (fw, fh) = (f64::from(w), f64::from(h));
    let nw = (fw * cos.abs() + fh * sin.abs()).round().max(1.0);
    let nh = (fw * sin.abs() + fh * cos.abs()).round().max(1.0);
    (nw as u32, nh as u32)
}

/// Rotates clockwise by any angle onto a canvas that holds the whole image, filling the
/// corners with `background` (bilinear sampling, so edges are smooth; alpha premultiplied
/// while sampling, so transparent pixels lend no colour).
/// Checks `cancel` every row.
pub(crate) fn rotate(
    src: Bitmap,
    degrees: f64,
    background: Colour,
    cancel: &Cancel,
) -> Result<Bitmap> {
    let src = if background.a < 255 {
        src.with_alpha()
    } else {
        src
    };
    let ch = src.layout.channels();
    let (nw, nh) = rotated_size((src.width, src.height), degrees);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (scx, scy) = (f64::from(src.width) / 2.0, f64::from(src.height) / 2.0);
    let (dcx, dcy) = (f64::from(nw) / 2.0, f64::from(nh) / 2.0);
    let edge = Edge::new(&src, background);
    // Far outside, every tap is background: what the corners get, exactly as at the edge.
    let mut bg = [0u8; 4];
    edge.pixel(-1e6, -1e6, &mut bg[..ch]);
    let bg_row: Vec<u8> = bg[..ch].repeat(nw as usize);
    let interior = interior_row(src.layout);
    let fixed = |v: f64| (v * f64::from(1u32 << 16) * f64::from(1u32 << 16)).round() as i64;
    let step = (fixed(cos), fixed(-sin));
    let (w, h, n) = (i64::from(src.width), i64::from(src.height), i64::from(nw));
    let stride = src.row_bytes();
    let mut data = vec![0u8; nw as usize * nh as usize * ch];
    for (y, out) in data.chunks_exact_mut(nw as usize * ch).enumerate() {
        cancel.check()?;
        // Inverse rotation of the row's first destination pixel centre into the source.
        let (dx, dy) = (0.5 - dcx, y as f64 + 0.5 - dcy);
        let start = (
            fixed(cos * dx + sin * dy + scx - 0.5),
            fixed(-sin * dx + cos * dy + scy - 0.5),
        );
        let at = |x: i64| (start.0 + x * step.0, start.1 + x * step.1);
        // Pixels with any tap inside the image, and within them those with all four inside.
        let touched = both(
            span(start.0, step.0, -1, w - 1, n),
            span(start.1, step.1, -1, h - 1, n),
        );
        let inner = both(
            span(start.0, step.0, 0, w - 2, n),
            span(start.1, step.1, 0, h - 2, n),
        );
        let inner = both(inner, touched.clone());
        let inner = if inner.is_empty() {
            touched.start..touched.start
        } else {
            inner
        };
        let bytes = |r: &Range<i64>| r.start as usize * ch..r.end as usize * ch;
        for r in [0..touched.start, touched.end..n] {
            out[bytes(&r)].copy_from_slice(&bg_row[bytes(&r)]);
        }
        for x in (touched.start..inner.start).chain(inner.end..touched.end) {
            let (sx, sy) = at(x);
            let unit = f64::from(1u32 << 16) * f64::from(1u32 << 16);
            let o = x as usize * ch;
            edge.pixel(sx as f64 / unit, sy as f64 / unit, &mut out[o..o + ch]);
        }
        interior(
            &src.data,
            stride,
            at(inner.start),
            step,
            &mut out[bytes(&inner)],
        );
    }
    Ok(Bitmap {
        width: nw,
        height: nh,
        layout: src.layout,
        data,
    })
}

type Interior = fn(&[u8], usize, (i64, i64), (i64, i64), &mut [u8]);

/// The fixed-point row kernel for `layout`'s channels.
fn interior_row(layout: Layout) -> Interior {
    match (layout.channels(), layout.has_alpha()) {
        (1, _) => interior::row::<1, false>,
        (2, _) => interior::row::<2, true>,
        (3, _) => interior::row::<3, false>,
        _ => interior::row::<4, true>,
    }
}

/// The `x` in `0..n` for which the whole part of the 32.32 position `start + x * step` lies
/// in `lo..=hi`. Exact integer arithmetic: a row's pixels split where the kernels assume.
fn span(start: i64, step: i64, lo: i64, hi: i64, n: i64) -> Range<i64> {
    let (min, max) = (lo << POS, ((hi + 1) << POS) - 1);
    if lo > hi {
        return 0..0;
    }
    let (from, to) = match step.cmp(&0) {
        Ordering::Equal if (min..=max).contains(&start) => (0, n - 1),
        Ordering::Equal => return 0..0,
        Ordering::Greater => (ceil_div(min - start, step), floor_div(max - start, step)),
        Ordering::Less => (ceil_div(max - start, step), floor_div(min - start, step)),
    };
    let (from, to) = (from.max(0), (to + 1).min(n));
    if from < to {
        from..to
    } else {
        0..0
    }
}

fn both(a: Range<i64>, b: Range<i64>) -> Range<i64> {
    let (from, to) = (a.start.max(b.start), a.end.min(b.end));
    if from < to {
        from..to
    } else {
        0..0
    }
}

fn floor_div(p: i64, q: i64) -> i64 {
    let d = p / q;
    if p % q != 0 && ((p < 0) != (q < 0)) {
        d - 1
    } else {
        d
    }
}

fn ceil_div(p: i64, q: i64) -> i64 {
    -floor_div(-p, q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_pixels_lend_no_colour() {
        // Opaque blue next to fully transparent red, rotated onto a transparent canvas.
        let data: Vec<u8> = (0..16)
            .flat_map(|x| {
                if x < 8 {
                    [0, 0, 255, 255]
                } else {
                    [255, 0, 0, 0]
                }
            })
            .collect();
        let r = rotate(
            Bitmap::new(16, 1, Layout::Rgba, data).unwrap(),
            30.0,
            Colour::TRANSPARENT,
            &Cancel::new(),
        )
        .unwrap();
        for px in r.data.chunks_exact(4).filter(|p| p[3] > 0) {
            assert_eq!(px[0], 0, "{px:?}");
        }
    }

    #[test]
    fn a_cancelled_rotation_stops() {
        let cancel = Cancel::new();
        cancel.cancel();
        let b = Bitmap::new(20, 20, Layout::Rgb, vec![10; 20 * 20 * 3]).unwrap();
        assert!(matches!(
            rotate(b, 45.0, Colour::WHITE, &cancel),
            Err(crate::Error::Cancelled)
        ));
    }

    /// The same rotation sampled in floating point everywhere: the definition.
    fn reference(src: &Bitmap, degrees: f64, background: Colour) -> Vec<u8> {
        let ch = src.layout.channels();
        let (nw, nh) = rotated_size((src.width, src.height), degrees);
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (scx, scy) = (f64::from(src.width) / 2.0, f64::from(src.height) / 2.0);
        let (dcx, dcy) = (f64::from(nw) / 2.0, f64::from(nh) / 2.0);
        let edge = Edge::new(src, background);
        let mut out = vec![0u8; nw as usize * nh as usize * ch];
        for (i, px) in out.chunks_exact_mut(ch).enumerate() {
            let (x, y) = ((i % nw as usize) as f64, (i / nw as usize) as f64);
            let (dx, dy) = (x + 0.5 - dcx, y + 0.5 - dcy);
            edge.pixel(
                cos * dx + sin * dy + scx - 0.5,
                -sin * dx + cos * dy + scy - 0.5,
                px,
            );
        }
        out
    }

    #[test]
    fn the_fixed_point_rotation_is_the_float_one_within_a_level() {
        for layout in [Layout::Gray, Layout::GrayAlpha, Layout::Rgb, Layout::Rgba] {
            let ch = layout.channels();
            let (w, h) = (67u32, 41u32);
            // Noise-like values and an alpha that varies, so rounding and premultiplying show.
            let data: Vec<u8> = (0..w * h * ch as u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 1)
                .collect();
            let src = Bitmap::new(w, h, layout, data).unwrap();
            for degrees in [
                0.5, 1.0, 30.0, 45.0, 89.9, 90.0, 135.0, 181.0, 270.0, 300.0, -17.0,
            ] {
                for background in [Colour::WHITE, Colour::TRANSPARENT] {
                    let ours = rotate(src.clone(), degrees, background, &Cancel::new()).unwrap();
                    // rotate adds alpha for a transparent background.
                    let alpha = if background.a < 255 {
                        src.clone().with_alpha()
                    } else {
                        src.clone()
                    };
                    let expected = reference(&alpha, degrees, background);
                    assert_eq!(ours.data.len(), expected.len(), "{layout:?} {degrees}");
                    // Colour where alpha is small is ill-conditioned (a 1/2048 weight moves
                    // it levels): with alpha, colour is compared premultiplied, as it is seen,
                    // where a level of colour and one of alpha add up to 2.
                    let has_alpha = ours.layout.has_alpha();
                    let worst = ours
                        .data
                        .chunks_exact(ours.layout.channels())
                        .zip(expected.chunks_exact(ours.layout.channels()))
                        .flat_map(|(a, b)| {
                            let n = a.len();
                            let opacity = |p: &[u8]| {
                                if has_alpha {
                                    f64::from(p[n - 1]) / 255.0
                                } else {
                                    1.0
                                }
                            };
                            let (oa, ob) = (opacity(a), opacity(b));
                            (0..n).map(move |c| {
                                let (sa, sb) = if has_alpha && c < n - 1 {
                                    (oa, ob)
                                } else {
                                    (1.0, 1.0)
                                };
                                (f64::from(a[c]) * sa - f64::from(b[c]) * sb).abs()
                            })
                        })
                        .fold(0.0, f64::max);
                    assert!(
                        worst <= if has_alpha { 2.0 } else { 1.0 },
                        "{layout:?} {degrees} {background:?}: off by {worst}"
                    );
                }
            }
        }
    }

    #[test]
    fn canvas_is_the_bounding_box_rounded_as_libvips_does() {
        assert_eq!(rotated_size((100, 50), 90.0), (50, 100));
        // 141.42 and, at 30 degrees, 359.81 x 323.21 (ImageProcessing::Vips: 141, 360x323).
        assert_eq!(rotated_size((100, 100), 45.0), (141, 141));
        assert_eq!(rotated_size((300, 200), 30.0), (360, 323));
        assert_eq!(rotated_size((10, 10), 0.0), (10, 10));
    }

    #[test]
    fn corners_take_the_background_and_the_centre_keeps_the_image() {
        let b = Bitmap::new(20, 20, Layout::Rgb, vec![10; 20 * 20 * 3]).unwrap();
        let r = rotate(b, 45.0, Colour::WHITE, &Cancel::new()).unwrap();
        assert_eq!((r.width, r.height), (28, 28));
        assert_eq!(&r.data[..3], &[255, 255, 255]);
        let centre = ((14 * 28 + 14) * 3) as usize;
        assert_eq!(&r.data[centre..centre + 3], &[10, 10, 10]);
    }
}

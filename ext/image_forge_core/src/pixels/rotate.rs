use crate::{Bitmap, Cancel, Colour, Result};

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
    let alpha = src.layout.has_alpha();
    let (nw, nh) = rotated_size((src.width, src.height), degrees);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (scx, scy) = (f64::from(src.width) / 2.0, f64::from(src.height) / 2.0);
    let (dcx, dcy) = (f64::from(nw) / 2.0, f64::from(nh) / 2.0);
    let bg = background_pixel(background, ch);
    let (w, h) = (src.width as i64, src.height as i64);
    let bg = premultiplied(bg, ch, alpha);
    let sample = |x: i64, y: i64, c: usize| -> f64 {
        if x < 0 || y < 0 || x >= w || y >= h {
            return bg[c];
        }
        let px = &src.data[((y * w + x) as usize) * ch..][..ch];
        let v = f64::from(px[c]);
        if alpha && c < ch - 1 {
            v * f64::from(px[ch - 1]) / 255.0
        } else {
            v
        }
    };
    let mut data = Vec::with_capacity(nw as usize * nh as usize * ch);
    for y in 0..nh {
        cancel.check()?;
        for x in 0..nw {
            // Inverse rotation of the destination pixel centre into the source.
            let (dx, dy) = (f64::from(x) + 0.5 - dcx, f64::from(y) + 0.5 - dcy);
            let sx = cos * dx + sin * dy + scx - 0.5;
            let sy = -sin * dx + cos * dy + scy - 0.5;
            let (x0, y0) = (sx.floor() as i64, sy.floor() as i64);
            let (fx, fy) = (sx - sx.floor(), sy - sy.floor());
            let mut px = [0f64; 4];
            for (c, v) in px.iter_mut().enumerate().take(ch) {
                let top = sample(x0, y0, c) * (1.0 - fx) + sample(x0 + 1, y0, c) * fx;
                let bottom = sample(x0, y0 + 1, c) * (1.0 - fx) + sample(x0 + 1, y0 + 1, c) * fx;
                *v = top * (1.0 - fy) + bottom * fy;
            }
            let a = if alpha { px[ch - 1] / 255.0 } else { 1.0 };
            for (c, v) in px.iter().enumerate().take(ch) {
                let v = if alpha && c < ch - 1 && a > 0.0 {
                    v / a
                } else {
                    *v
                };
                data.push(v.round().clamp(0.0, 255.0) as u8);
            }
        }
    }
    Ok(Bitmap {
        width: nw,
        height: nh,
        layout: src.layout,
        data,
    })
}

fn premultiplied(mut px: [f64; 4], channels: usize, alpha: bool) -> [f64; 4] {
    if alpha {
        let a = px[channels - 1] / 255.0;
        px[..channels - 1].iter_mut().for_each(|v| *v *= a);
    }
    px
}

fn background_pixel(c: Colour, channels: usize) -> [f64; 4] {
    let gray = f64::from(c.r) * 0.2126 + f64::from(c.g) * 0.7152 + f64::from(c.b) * 0.0722;
    match channels {
        1 => [gray, 0.0, 0.0, 0.0],
        2 => [gray, f64::from(c.a), 0.0, 0.0],
        _ => [
            f64::from(c.r),
            f64::from(c.g),
            f64::from(c.b),
            f64::from(c.a),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

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

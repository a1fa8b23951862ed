use crate::{bitmap::push_with_alpha, Bitmap, Colour, Gravity, Layout};

/// Places the image on a `width` x `height` canvas of `background` at `gravity`. A background
/// that is not opaque gives the result an alpha channel. Each output byte is written once:
/// the border from a row of background, the image rows copied (gaining alpha) in between.
pub(crate) fn pad(
    src: Bitmap,
    width: u32,
    height: u32,
    background: Colour,
    gravity: Gravity,
) -> Bitmap {
    let opaque = background.a == 255;
    if (src.width, src.height) == (width, height) {
        return if opaque { src } else { src.with_alpha() };
    }
    let layout = if opaque {
        src.layout
    } else {
        src.layout.with_alpha()
    };
    let (w, h) = (width as usize, height as usize);
    let ch = layout.channels();
    let bg_row = pixel(background, layout)[..ch].repeat(w);
    let (gx, gy) = gravity.fractions();
    let left = ((f64::from(width.saturating_sub(src.width)) * gx).floor() as usize).min(w);
    let top = ((f64::from(height.saturating_sub(src.height)) * gy).floor() as usize).min(h);
    let copy_w = (src.width as usize).min(w - left);
    let copy_h = (src.height as usize).min(h - top);
    let mut data = Vec::with_capacity(w * h * ch);
    for _ in 0..top {
        data.extend_from_slice(&bg_row);
    }
    for row in src.data.chunks_exact(src.row_bytes().max(1)).take(copy_h) {
        data.extend_from_slice(&bg_row[..left * ch]);
        let row = &row[..copy_w * src.layout.channels()];
        if layout == src.layout {
            data.extend_from_slice(row);
        } else {
            push_with_alpha(&mut data, row, src.layout.channels());
        }
        data.extend_from_slice(&bg_row[(left + copy_w) * ch..]);
    }
    for _ in top + copy_h..h {
        data.extend_from_slice(&bg_row);
    }
    Bitmap {
        width,
        height,
        layout,
        data,
    }
}

/// `colour` in `layout`'s channels (gray from the colour's luma).
fn pixel(c: Colour, layout: Layout) -> [u8; 4] {
    let gray = ((u32::from(c.r) * 54 + u32::from(c.g) * 183 + u32::from(c.b) * 19) / 256) as u8;
    match layout {
        Layout::Gray => [gray, 0, 0, 0],
        Layout::GrayAlpha => [gray, c.a, 0, 0],
        Layout::Rgb => [c.r, c.g, c.b, 0],
        Layout::Rgba => c.rgba(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_the_image_at_gravity_on_the_background() {
        let b = Bitmap::new(1, 1, Layout::Rgb, vec![9, 9, 9]).unwrap();
        let p = pad(b.clone(), 3, 1, Colour::WHITE, Gravity::West);
        assert_eq!(p.data, vec![9, 9, 9, 255, 255, 255, 255, 255, 255]);
        let t = pad(b, 2, 1, Colour::TRANSPARENT, Gravity::East);
        assert_eq!(
            (t.layout, t.data),
            (Layout::Rgba, vec![0, 0, 0, 0, 9, 9, 9, 255])
        );
    }

    /// Each canvas pixel is the image's where it lands, the background's elsewhere.
    #[test]
    fn every_pixel_is_the_image_or_the_background() {
        let src = Bitmap::new(3, 2, Layout::Gray, vec![1, 2, 3, 4, 5, 6]).unwrap();
        for gravity in [Gravity::Centre, Gravity::SouthEast, Gravity::NorthWest] {
            for (w, h, bg) in [
                (5, 4, Colour::WHITE),
                (3, 5, Colour::TRANSPARENT),
                (2, 1, Colour::BLACK),
            ] {
                let p = pad(src.clone(), w, h, bg, gravity);
                let ch = p.layout.channels();
                let (gx, gy) = gravity.fractions();
                let left = (f64::from(w.saturating_sub(3)) * gx).floor() as usize;
                let top = (f64::from(h.saturating_sub(2)) * gy).floor() as usize;
                for y in 0..h as usize {
                    for x in 0..w as usize {
                        let got = &p.data[(y * w as usize + x) * ch..][..ch];
                        let inside = (left..left + 3).contains(&x) && (top..top + 2).contains(&y);
                        let expected = if inside {
                            let v = src.data[(y - top) * 3 + x - left];
                            [v, 255]
                        } else {
                            [pixel(bg, p.layout)[0], bg.a]
                        };
                        assert_eq!(got, &expected[..ch], "{gravity:?} {w}x{h} at {x},{y}");
                    }
                }
            }
        }
    }
}

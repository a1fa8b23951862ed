use crate::{Bitmap, Colour, Gravity, Layout};

/// Places the image on a `width` x `height` canvas of `background` at `gravity`. A background
/// that is not opaque gives the result an alpha channel.
pub(crate) fn pad(
    src: Bitmap,
    width: u32,
    height: u32,
    background: Colour,
    gravity: Gravity,
) -> Bitmap {
    let src = if background.a < 255 {
        src.with_alpha()
    } else {
        src
    };
    if (src.width, src.height) == (width, height) {
        return src;
    }
    let ch = src.layout.channels();
    let bg = pixel(background, src.layout);
    let mut data = Vec::with_capacity(width as usize * height as usize * ch);
    for _ in 0..width as usize * height as usize {
        data.extend_from_slice(&bg[..ch]);
    }
    let (gx, gy) = gravity.fractions();
    let left =
        ((f64::from(width.saturating_sub(src.width)) * gx).floor() as usize).min(width as usize);
    let top =
        ((f64::from(height.saturating_sub(src.height)) * gy).floor() as usize).min(height as usize);
    let copy_w = (src.width as usize).min(width as usize - left);
    let row = src.row_bytes();
    for y in 0..(src.height as usize).min(height as usize - top) {
        let dst = ((top + y) * width as usize + left) * ch;
        data[dst..dst + copy_w * ch].copy_from_slice(&src.data[y * row..y * row + copy_w * ch]);
    }
    Bitmap {
        width,
        height,
        layout: src.layout,
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
}

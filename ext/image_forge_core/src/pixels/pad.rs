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
    let (gx, gy) = gravity.fractions();
    let left = ((f64::from(width.saturating_sub(src.width)) * gx).floor() as usize).min(w);
    let top = ((f64::from(height.saturating_sub(src.height)) * gy).floor() as usize).min(h);
    let canvas = Canvas {
        width,
        height,
        layout,
        bg_row: pixel(background, layout)[..layout.channels()].repeat(w),
        left,
        top,
        copy_w: (src.width as usize).min(w - left),
        copy_h: (src.height as usize).min(h - top),
    };
    if layout == src.layout
        && (canvas.copy_w, canvas.copy_h) == (src.width as usize, src.height as usize)
    {
        canvas.over(src)
    } else {
        canvas.copied(&src)
    }
}

/// Where the image lands on the canvas, and how much of it.
struct Canvas {
    width: u32,
    height: u32,
    layout: Layout,
    /// One row of background in `layout`.
    bg_row: Vec<u8>,
    left: usize,
    top: usize,
    copy_w: usize,
    copy_h: usize,
}

impl Canvas {
    fn bitmap(&self, data: Vec<u8>) -> Bitmap {
        Bitmap {
            width: self.width,
            height: self.height,
            layout: self.layout,
            data,
        }
    }

    /// A new canvas, written in order.
    fn copied(&self, src: &Bitmap) -> Bitmap {
        let (h, ch) = (self.height as usize, self.layout.channels());
        let (left, copy_w, bg_row) = (self.left, self.copy_w, &self.bg_row);
        let mut data = Vec::with_capacity(bg_row.len() * h);
        for _ in 0..self.top {
            data.extend_from_slice(bg_row);
        }
        for row in src
            .data
            .chunks_exact(src.row_bytes().max(1))
            .take(self.copy_h)
        {
            data.extend_from_slice(&bg_row[..left * ch]);
            let row = &row[..copy_w * src.layout.channels()];
            if self.layout == src.layout {
                data.extend_from_slice(row);
            } else {
                push_with_alpha(&mut data, row, src.layout.channels());
            }
            data.extend_from_slice(&bg_row[(left + copy_w) * ch..]);
        }
        for _ in self.top + self.copy_h..h {
            data.extend_from_slice(bg_row);
        }
        self.bitmap(data)
    }

    /// The canvas grown over the buffer of an image it holds whole, in its layout: glibc's
    /// realloc moves a large block's pages without copying them, the rows move down into
    /// place from the last, and the margins are filled, so the image is never held twice (a
    /// 6 MP pad to 3000x3000 held 18 MB more).
    fn over(&self, src: Bitmap) -> Bitmap {
        let (h, stride, bg_row) = (self.height as usize, self.bg_row.len(), &self.bg_row);
        let (row, rows, top) = (src.row_bytes(), self.copy_h, self.top);
        let left = self.left * self.layout.channels();
        let mut data = src.data;
        // Exactly the canvas: `resize` alone may double the capacity.
        data.reserve_exact(stride * h - data.len());
        data.resize(stride * h, 0);
        // Row y's new place starts at or after where the rows above it end, so moving from
        // the last row up never writes over a row not yet moved.
        for y in (0..rows).rev() {
            let to = (top + y) * stride;
            data.copy_within(y * row..(y + 1) * row, to + left);
            data[to..to + left].copy_from_slice(&bg_row[..left]);
            data[to + left + row..to + stride].copy_from_slice(&bg_row[left + row..]);
        }
        for y in (0..top).chain(top + rows..h) {
            data[y * stride..][..stride].copy_from_slice(bg_row);
        }
        self.bitmap(data)
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

    /// Growing the image's own buffer gives the bytes of a new canvas, at every gravity.
    #[test]
    fn the_canvas_over_the_image_is_the_copied_one() {
        for layout in [Layout::Gray, Layout::Rgb, Layout::Rgba] {
            let ch = layout.channels();
            let data = (0..7 * 5 * ch).map(|i| (i * 37 % 251) as u8).collect();
            let src = Bitmap::new(7, 5, layout, data).unwrap();
            for gravity in [
                Gravity::Centre,
                Gravity::SouthEast,
                Gravity::NorthWest,
                Gravity::East,
            ] {
                for (w, h) in [(7, 9), (12, 5), (13, 11), (8, 6)] {
                    let p = pad(src.clone(), w, h, Colour::BLACK, gravity);
                    let (gx, gy) = gravity.fractions();
                    let canvas = Canvas {
                        width: w,
                        height: h,
                        layout,
                        bg_row: pixel(Colour::BLACK, layout)[..ch].repeat(w as usize),
                        left: (f64::from(w - 7) * gx).floor() as usize,
                        top: (f64::from(h - 5) * gy).floor() as usize,
                        copy_w: 7,
                        copy_h: 5,
                    };
                    assert_eq!(p, canvas.copied(&src), "{layout:?} {gravity:?} {w}x{h}");
                }
            }
        }
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

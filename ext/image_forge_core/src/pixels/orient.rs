use crate::{Bitmap, Orientation};

/// Turns stored pixels upright according to EXIF `orientation` (1 leaves them as they are).
pub(crate) fn orient(src: Bitmap, orientation: Orientation) -> Bitmap {
    let o = orientation.exif_value();
    if o == 1 {
        return src;
    }
    let (w, h) = (src.width as usize, src.height as usize);
    let (ow, oh) = if orientation.swaps_axes() {
        (h, w)
    } else {
        (w, h)
    };
    let ch = src.layout.channels();
    let mut out = vec![0u8; src.data.len()];
    for y in 0..oh {
        for x in 0..ow {
            // Source pixel shown at display position (x, y), per the EXIF definitions.
            let (sx, sy) = match o {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x),
            };
            let s = (sy * w + sx) * ch;
            let d = (y * ow + x) * ch;
            out[d..d + ch].copy_from_slice(&src.data[s..s + ch]);
        }
    }
    Bitmap {
        width: ow as u32,
        height: oh as u32,
        layout: src.layout,
        data: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    /// A 3x2 gray image whose pixel values are their stored index.
    fn grid() -> Bitmap {
        Bitmap::new(3, 2, Layout::Gray, vec![0, 1, 2, 3, 4, 5]).unwrap()
    }

    #[test]
    fn every_orientation_maps_pixels_as_exif_defines() {
        let expect: [(u8, (u32, u32), [u8; 6]); 8] = [
            (1, (3, 2), [0, 1, 2, 3, 4, 5]),
            (2, (3, 2), [2, 1, 0, 5, 4, 3]),
            (3, (3, 2), [5, 4, 3, 2, 1, 0]),
            (4, (3, 2), [3, 4, 5, 0, 1, 2]),
            (5, (2, 3), [0, 3, 1, 4, 2, 5]),
            (6, (2, 3), [3, 0, 4, 1, 5, 2]),
            (7, (2, 3), [5, 2, 4, 1, 3, 0]),
            (8, (2, 3), [2, 5, 1, 4, 0, 3]),
        ];
        for (o, size, data) in expect {
            let b = orient(grid(), Orientation::from_exif(o));
            assert_eq!(
                ((b.width, b.height), b.data),
                (size, data.to_vec()),
                "orientation {o}"
            );
        }
    }
}

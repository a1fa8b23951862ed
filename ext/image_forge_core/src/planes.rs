//! Images as JPEG stores them: a luma and two chroma planes (full-range BT.601, JFIF), the
//! chroma ones possibly smaller. Renders that only resize a JPEG into JPEG or WebP work on
//! these and never convert to RGB (see `pipeline::planar`).

use crate::Bitmap;

/// A JPEG decoded to its Y, Cb and Cr planes, as libjpeg-turbo lays them out in one buffer:
/// each plane padded to whole chroma samples (a 4:2:0 image of odd width has a luma plane one
/// column wider), rows packed.
pub(crate) struct SourcePlanes {
    pub data: Vec<u8>,
    /// The image's size: the visible part of the luma plane.
    pub size: (u32, u32),
    /// Luma samples per chroma sample on each axis: (2, 2) for 4:2:0, (1, 1) for 4:4:4.
    pub factor: (u32, u32),
}

impl SourcePlanes {
    /// The bytes of `size` planes of `factor` subsampling, the padding included.
    pub fn len((w, h): (u32, u32), factor: (u32, u32)) -> usize {
        let [y, c, _] = plane_sizes((w, h), factor);
        pixels(y) + 2 * pixels(c)
    }

    /// The luma plane and the two chroma planes, each with its (padded) size.
    pub fn planes(&self) -> [(&[u8], (u32, u32)); 3] {
        let sizes = plane_sizes(self.size, self.factor);
        let (y, chroma) = self.data.split_at(pixels(sizes[0]));
        let (cb, cr) = chroma.split_at(pixels(sizes[1]));
        [
            (y, sizes[0]),
            (cb, sizes[1]),
            (&cr[..pixels(sizes[2])], sizes[2]),
        ]
    }
}

/// Sizes of the luma and chroma planes of a `w` x `h` image with `factor` subsampling, as
/// libjpeg-turbo's `tj3YUVPlaneWidth`/`Height` give them.
pub(crate) fn plane_sizes((w, h): (u32, u32), (fx, fy): (u32, u32)) -> [(u32, u32); 3] {
    let chroma = (w.div_ceil(fx), h.div_ceil(fy));
    [(chroma.0 * fx, chroma.1 * fy), chroma, chroma]
}

fn pixels((w, h): (u32, u32)) -> usize {
    w as usize * h as usize
}

/// A rendered image's planes, upright and unpadded: `y` is the image's size, `cb` and `cr`
/// are that divided by `factor`, rounded up. Each is a gray bitmap.
pub(crate) struct Planes {
    pub y: Bitmap,
    pub cb: Bitmap,
    pub cr: Bitmap,
    pub factor: (u32, u32),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plane_sizes_pad_luma_to_whole_chroma_samples() {
        assert_eq!(plane_sizes((5, 3), (2, 2)), [(6, 4), (3, 2), (3, 2)]);
        assert_eq!(plane_sizes((5, 3), (1, 1)), [(5, 3), (5, 3), (5, 3)]);
        assert_eq!(SourcePlanes::len((5, 3), (2, 1)), 18 + 2 * 9);
    }
}

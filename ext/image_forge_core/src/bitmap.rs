use crate::{error::invalid, Result};

/// Channel layout of an 8-bit [`Bitmap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Gray,
    GrayAlpha,
    Rgb,
    Rgba,
}

impl Layout {
    pub fn channels(self) -> usize {
        match self {
            Layout::Gray => 1,
            Layout::GrayAlpha => 2,
            Layout::Rgb => 3,
            Layout::Rgba => 4,
        }
    }

    pub fn has_alpha(self) -> bool {
        matches!(self, Layout::GrayAlpha | Layout::Rgba)
    }

    /// The layout with an alpha channel added, if it has none.
    pub fn with_alpha(self) -> Layout {
        match self {
            Layout::Gray => Layout::GrayAlpha,
            Layout::Rgb => Layout::Rgba,
            other => other,
        }
    }
}

/// Decoded pixels: 8 bits per channel, rows packed without padding, sRGB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    pub width: u32,
    pub height: u32,
    pub layout: Layout,
    pub data: Vec<u8>,
}

impl Bitmap {
    /// Wraps pixel data, checking that its length matches the size and layout.
    pub fn new(width: u32, height: u32, layout: Layout, data: Vec<u8>) -> Result<Self> {
        let expected = width as usize * height as usize * layout.channels();
        if data.len() != expected {
            return Err(invalid(format!(
                "decoder returned {} bytes for {width}x{height} {layout:?}, expected {expected}",
                data.len()
            )));
        }
        Ok(Self {
            width,
            height,
            layout,
            data,
        })
    }

    pub fn row_bytes(&self) -> usize {
        self.width as usize * self.layout.channels()
    }

    /// Composites alpha onto an opaque background colour, dropping the alpha channel.
    pub fn flatten(self, background: [u8; 3]) -> Bitmap {
        let (layout, step) = match self.layout {
            Layout::Rgba => (Layout::Rgb, 4),
            Layout::GrayAlpha => (Layout::Gray, 2),
            _ => return self,
        };
        let colour = step - 1;
        let mut out = Vec::with_capacity(self.data.len() / step * colour);
        for px in self.data.chunks_exact(step) {
            let a = u32::from(px[colour]);
            for (c, &v) in px[..colour].iter().enumerate() {
                let bg = u32::from(background[c.min(2)]);
                out.push(((u32::from(v) * a + bg * (255 - a) + 127) / 255) as u8);
            }
        }
        Bitmap {
            width: self.width,
            height: self.height,
            layout,
            data: out,
        }
    }

    /// Drops an alpha channel that is opaque everywhere (GIF decoders always return RGBA).
    pub fn without_opaque_alpha(self) -> Bitmap {
        let ch = self.layout.channels();
        let opaque =
            self.layout.has_alpha() && self.data.chunks_exact(ch).all(|p| p[ch - 1] == 255);
        if !opaque {
            return self;
        }
        let layout = if ch == 4 { Layout::Rgb } else { Layout::Gray };
        let data = self
            .data
            .chunks_exact(ch)
            .flat_map(|p| p[..ch - 1].iter().copied())
            .collect();
        Bitmap {
            width: self.width,
            height: self.height,
            layout,
            data,
        }
    }

    /// Adds an opaque alpha channel when there is none.
    pub fn with_alpha(self) -> Bitmap {
        let layout = self.layout.with_alpha();
        if layout == self.layout {
            return self;
        }
        let ch = self.layout.channels();
        let mut out = Vec::with_capacity(self.data.len() / ch * (ch + 1));
        push_with_alpha(&mut out, &self.data, ch);
        Bitmap {
            width: self.width,
            height: self.height,
            layout,
            data: out,
        }
    }

    /// Expands gray layouts to RGB(A), for encoders that take colour only.
    pub fn into_colour(self) -> Bitmap {
        let layout = match self.layout {
            Layout::Gray => Layout::Rgb,
            Layout::GrayAlpha => Layout::Rgba,
            _ => return self,
        };
        let mut out = Vec::with_capacity(self.data.len() * 3);
        for px in self.data.chunks_exact(self.layout.channels()) {
            out.extend_from_slice(&[px[0], px[0], px[0]]);
            out.extend_from_slice(&px[1..]);
        }
        Bitmap {
            width: self.width,
            height: self.height,
            layout,
            data: out,
        }
    }
}

/// Appends `pixels` (of `channels` samples each) to `out` with an opaque alpha sample added.
pub(crate) fn push_with_alpha(out: &mut Vec<u8>, pixels: &[u8], channels: usize) {
    for px in pixels.chunks_exact(channels) {
        out.extend_from_slice(px);
        out.push(255);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flatten_blends_with_rounding() {
        let b = Bitmap::new(2, 1, Layout::Rgba, vec![255, 0, 0, 128, 10, 20, 30, 0]).unwrap();
        let f = b.flatten([255, 255, 255]);
        assert_eq!(f.layout, Layout::Rgb);
        assert_eq!(f.data, vec![255, 127, 127, 255, 255, 255]);
    }

    #[test]
    fn new_rejects_wrong_length() {
        assert!(Bitmap::new(2, 2, Layout::Rgb, vec![0; 11]).is_err());
    }

    #[test]
    fn into_colour_copies_gray_into_each_channel() {
        let b = Bitmap::new(1, 1, Layout::GrayAlpha, vec![7, 9])
            .unwrap()
            .into_colour();
        assert_eq!((b.layout, b.data), (Layout::Rgba, vec![7, 7, 7, 9]));
    }
}

use std::{borrow::Cow, io::Cursor};

use png::{BitDepth, ColorType, Decoder, InterlaceInfo, Transformations};

use super::{check_size, rows::Rows, Decoded};
use crate::{error::invalid, Bitmap, Cancel, Info, Layout, Result};

/// What the PNG decoder may allocate besides the pixels: the chunks it keeps (iCCP inflated,
/// EXIF as read) and its row buffers. A compressed iCCP chunk of 250 KB inflated to 256 MB
/// before this bound (now such a profile is dropped: the png crate skips an iCCP it cannot
/// read); real profiles are well under 1 MB. The budget grows with the file, so a PNG with
/// megabytes of metadata still decodes.
pub(super) const METADATA_BUDGET: u64 = 32 << 20;

/// A PNG being read: the decoder after the header, the layout of its 8-bit rows, whether
/// the stream's samples are 16-bit (rounded to 8 as they arrive), and its ICC profile.
struct Reader<'a> {
    reader: png::Reader<Cursor<&'a [u8]>>,
    layout: Layout,
    sixteen: bool,
    icc: Option<Vec<u8>>,
}

fn png_err(e: png::DecodingError) -> crate::Error {
    match e {
        png::DecodingError::LimitsExceeded => invalid(format!(
            "PNG: its metadata chunks need more than {} MiB",
            METADATA_BUDGET >> 20
        )),
        e => invalid(format!("PNG: {e}")),
    }
}

impl<'a> Reader<'a> {
    fn open(bytes: &'a [u8]) -> Result<Self> {
        let budget = METADATA_BUDGET + 2 * bytes.len() as u64;
        let mut decoder = Decoder::new_with_limits(
            Cursor::new(bytes),
            png::Limits {
                bytes: usize::try_from(budget).unwrap_or(usize::MAX),
            },
        );
        decoder.set_transformations(Transformations::EXPAND);
        let reader = decoder.read_info().map_err(png_err)?;
        let icc = reader.info().icc_profile.as_ref().map(|p| p.to_vec());
        let (colour, depth) = reader.output_color_type();
        let layout = match colour {
            ColorType::Grayscale => Layout::Gray,
            ColorType::GrayscaleAlpha => Layout::GrayAlpha,
            ColorType::Rgb | ColorType::Indexed => Layout::Rgb,
            ColorType::Rgba => Layout::Rgba,
        };
        Ok(Reader {
            reader,
            layout,
            sixteen: depth == BitDepth::Sixteen,
            icc,
        })
    }

    fn size(&self) -> (u32, u32) {
        self.reader.info().size()
    }

    fn stride(&self) -> usize {
        self.size().0 as usize * self.layout.channels()
    }

    /// The next row of a non-interlaced image, into `out` (one row of [`Self::stride`]).
    fn row(&mut self, out: &mut [u8]) -> Result<()> {
        let sixteen = self.sixteen;
        let row = self
            .reader
            .next_row()
            .map_err(png_err)?
            .ok_or_else(|| invalid("PNG: fewer rows than its height"))?;
        let samples = eight_bit(row.data(), sixteen);
        out.copy_from_slice(
            samples
                .get(..out.len())
                .ok_or_else(|| invalid("PNG: short row"))?,
        );
        Ok(())
    }
}

/// Decodes any PNG to 8 bits, row by row: palette and low bit depths are expanded by the
/// decoder, 16-bit rows are rounded to 8 bits as they arrive and interlaced passes are
/// spread into place, so the only full-size buffer is the 8-bit result (a 49 MP 16-bit RGBA
/// file needed 597 MB when decoded whole at 16 bits first).
pub(super) fn decode(bytes: &[u8], cancel: &Cancel) -> Result<Decoded> {
    let mut png = Reader::open(bytes)?;
    let (width, height) = png.size();
    let (layout, stride) = (png.layout, png.stride());
    let mut data = vec![0; stride * height as usize];
    if !png.reader.info().interlaced {
        for row in data.chunks_exact_mut(stride) {
            cancel.check()?;
            png.row(row)?;
        }
        png.reader.finish().map_err(png_err)?;
        return Ok(Decoded::new(
            Bitmap::new(width, height, layout, data)?,
            png.icc,
        ));
    }
    while let Some(row) = png.reader.next_interlaced_row().map_err(png_err)? {
        cancel.check()?;
        let InterlaceInfo::Adam7(pass) = row.interlace() else {
            return Err(invalid("PNG: a plain row in an interlaced image"));
        };
        let samples = eight_bit(row.data(), png.sixteen);
        let bits = (layout.channels() * 8) as u8;
        png::expand_interlaced_row(&mut data, stride, &samples, pass, bits);
    }
    Ok(Decoded::new(
        Bitmap::new(width, height, layout, data)?,
        png.icc,
    ))
}

/// A non-interlaced PNG decoded a band of rows at a time, as [`decode`] gives them, so that a
/// render can resize as it decodes and never hold the whole image.
pub(crate) struct PngRows<'a> {
    png: Reader<'a>,
    /// Rows read (or skipped) so far.
    done: u32,
}

impl<'a> PngRows<'a> {
    /// Starts decoding `bytes` (probed as `info`); `None` for an interlaced PNG, whose last
    /// pass reaches the first row.
    pub fn open(bytes: &'a [u8], info: &Info) -> Result<Option<Self>> {
        let png = Reader::open(bytes)?;
        check_size(info, png.size())?;
        Ok((!png.reader.info().interlaced).then_some(PngRows { png, done: 0 }))
    }

    /// The embedded ICC profile, taken out.
    pub fn icc(&mut self) -> Option<Vec<u8>> {
        self.png.icc.take()
    }
}

impl Rows for PngRows<'_> {
    fn size(&self) -> (u32, u32) {
        self.png.size()
    }

    fn layout(&self) -> Layout {
        self.png.layout
    }

    fn done(&self) -> u32 {
        self.done
    }

    /// Inflates and drops the next `count` rows: a PNG's rows can only be reached in order.
    fn skip(&mut self, count: u32) -> Result<()> {
        let mut row = vec![0; self.png.stride()];
        for _ in 0..count {
            self.png.row(&mut row)?;
        }
        self.done += count;
        Ok(())
    }

    fn read(&mut self, out: &mut [u8]) -> Result<()> {
        let stride = self.png.stride();
        for row in out.chunks_exact_mut(stride) {
            self.png.row(row)?;
            self.done += 1;
        }
        Ok(())
    }

    /// Inflates any rows below the resize's last and reads to IEND, as [`decode`] does, so
    /// that a cut or corrupt file is an error whichever path it takes.
    fn finish(&mut self) -> Result<()> {
        self.png.reader.finish().map_err(png_err)
    }
}

/// A row's samples in 8 bits: as they are, or rounded from 16.
fn eight_bit(data: &[u8], sixteen: bool) -> Cow<'_, [u8]> {
    match sixteen {
        true => Cow::Owned(to_8_bit(data)),
        false => Cow::Borrowed(data),
    }
}

/// 16-bit samples (big-endian, as PNG stores them) to 8-bit, rounded.
fn to_8_bit(samples: &[u8]) -> Vec<u8> {
    samples
        .chunks_exact(2)
        .map(|s| ((u32::from(u16::from_be_bytes([s[0], s[1]])) * 255 + 32_767) / 65_535) as u8)
        .collect()
}

#[cfg(test)]
mod tests {
    use png::{BitDepth, ColorType, Encoder};

    use crate::{
        decode::{decode, decode_resized},
        geometry::{fill, scale},
        pixels::resize_first,
        probe, Cancel, Gravity, Limits,
    };

    #[test]
    fn sixteen_bit_samples_round_to_nearest() {
        let s: Vec<u8> = [0u16, 65_535, 32_896, 257, 128]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        assert_eq!(super::to_8_bit(&s), vec![0, 255, 128, 1, 0]);
    }

    /// A 97x61 PNG of `colour` and `depth` with edges and, where it has alpha, transparency.
    fn png(colour: ColorType, depth: BitDepth) -> Vec<u8> {
        let (w, h) = (97u32, 61u32);
        let samples = colour.samples() * if depth == BitDepth::Sixteen { 2 } else { 1 };
        let data: Vec<u8> = (0..w * h * samples as u32)
            .map(|i| {
                let (x, y) = ((i / samples as u32) % w, (i / samples as u32) / w);
                let v = (x * 11 + y * 5 + (i % samples as u32) * 70) % 256;
                (if (x / 7 + y / 9) % 3 == 0 { v / 8 } else { v }) as u8
            })
            .collect();
        let mut out = Vec::new();
        let mut encoder = Encoder::new(&mut out, w, h);
        encoder.set_color(colour);
        encoder.set_depth(depth);
        if colour == ColorType::Indexed {
            encoder.set_palette(
                (0..=255u8)
                    .flat_map(|v| [v, 255 - v, v / 2])
                    .collect::<Vec<_>>(),
            );
            encoder.set_trns((0..=255u8).map(|v| v.wrapping_mul(3)).collect::<Vec<_>>());
        }
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&data).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn a_resize_as_the_rows_come_is_the_resize_of_the_whole_decode() {
        let cases = [
            (ColorType::Rgb, BitDepth::Eight),
            (ColorType::Rgba, BitDepth::Eight),
            (ColorType::Rgba, BitDepth::Sixteen),
            (ColorType::GrayscaleAlpha, BitDepth::Eight),
            (ColorType::Grayscale, BitDepth::Sixteen),
            (ColorType::Indexed, BitDepth::Eight),
        ];
        for (colour, depth) in cases {
            let bytes = png(colour, depth);
            let info = probe(&bytes, &Limits::default()).unwrap();
            let size = (info.width, info.height);
            let whole = decode(&bytes, &info, 1, &Cancel::new()).unwrap();
            for plan in [
                scale(size, 0.3).unwrap(),
                scale(size, 0.07).unwrap(),
                fill(size, 40, 40, Gravity::default()).unwrap(),
            ] {
                let expected = resize_first(&whole.bitmap, &plan).unwrap();
                let (banded, _) = decode_resized(&bytes, &info, 1, plan, &Cancel::new())
                    .unwrap()
                    .expect("a plain PNG decodes in bands");
                assert!(banded == expected, "{colour:?} {depth:?} {plan:?}");
            }
        }
    }

    #[test]
    fn a_truncated_file_is_an_error_in_rows_as_it_is_whole() {
        let bytes = png(ColorType::Rgba, BitDepth::Eight);
        let info = probe(&bytes, &Limits::default()).unwrap();
        let cut = &bytes[..bytes.len() / 2];
        let plan = scale((97, 61), 0.5).unwrap();
        let err = decode_resized(cut, &info, 1, plan, &Cancel::new()).unwrap_err();
        assert!(err.to_string().contains("PNG"), "{err}");
        assert!(decode(cut, &info, 1, &Cancel::new()).is_err());
    }
}

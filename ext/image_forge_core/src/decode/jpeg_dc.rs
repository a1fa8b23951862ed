//! A baseline JPEG straight to its planes at 1/8 scale. There each 8x8 block becomes one
//! pixel, from its DC coefficient alone (libjpeg-turbo's 1x1 IDCT reads nothing else), so the
//! AC coefficients need only be stepped over, not valued. libjpeg-turbo still decodes each
//! one; here a 4096-entry table steps over two codes and their value bits at a time, which
//! takes a 29 MP photo's entropy decode, nearly all of a 400 px thumbnail's time, from 72 to
//! 44 ms. Within the image the planes equal `tj3DecompressToYUV8`'s at scale 1/8, byte for
//! byte; the luma padding past it (to whole chroma samples) repeats the last column and row.
//!
//! Only what this expects is taken: baseline or extended sequential Huffman, 8 bits, one
//! interleaved scan of three components with 1x1 chroma, well-formed to the last bit. For
//! anything else, a bad code, a misplaced restart marker or a truncated scan included, it
//! returns `None` and libjpeg-turbo decodes the file as before, with its own handling of
//! damage. The work is bounded by the MCU count, and nothing is allocated but the planes.

use crate::{jpeg_segments, planes::SourcePlanes};

/// Bits of lookahead of the AC table: 4096 entries (16 KB) stay in the L1 cache beside the
/// planes being written; 11 and 13 bits measured slower.
const PAIR_BITS: u32 = 12;
/// Bits of lookahead of the single-code table the DC codes are read with.
const FAST_BITS: u32 = 9;

/// The 1/8-scale planes of `bytes` when it is a JPEG this module takes and its luma is
/// subsampled by `factor` (as libjpeg-turbo reported); `None` otherwise.
pub(crate) fn dc_planes(bytes: &[u8], factor: (u32, u32)) -> Option<SourcePlanes> {
    let frame = Frame::parse(bytes)?;
    let (h, v) = frame.sampling;
    (factor == (h, v)).then_some(())?;
    let (mcus_x, mcus_y) = (
        frame.width.div_ceil(8 * h) as usize,
        frame.height.div_ceil(8 * v) as usize,
    );
    let size = (frame.width.div_ceil(8), frame.height.div_ceil(8));
    let sizes = crate::planes::plane_sizes(size, factor);
    let luma = (mcus_x * h as usize, mcus_y * v as usize);
    (sizes[0] == (luma.0 as u32, luma.1 as u32)).then_some(())?;
    let mut data = vec![0u8; SourcePlanes::len(size, factor)];
    let chroma_len = mcus_x * mcus_y;
    let offsets = [0, luma.0 * luma.1, luma.0 * luma.1 + chroma_len];
    let widths = [luma.0, mcus_x, mcus_x];

    let mut reader = Reader::new(bytes.get(frame.scan_start..)?);
    let mut pred = [0i32; 3];
    let mut restarts = 0u8;
    for mcu in 0..mcus_x * mcus_y {
        if frame.restart_interval > 0 && mcu > 0 && mcu % frame.restart_interval == 0 {
            reader.restart(0xD0 + restarts % 8)?;
            restarts = restarts.wrapping_add(1);
            pred = [0; 3];
        }
        let (mx, my) = (mcu % mcus_x, mcu / mcus_x);
        // A scan cut short reads zeros to the end: stop at the row where that began.
        (mx > 0 || !reader.overran()).then_some(())?;
        for c in &frame.scan {
            let (bw, bh) = c.blocks;
            for dy in 0..bh {
                for dx in 0..bw {
                    let diff = reader.dc(&frame.tables[c.dc])?;
                    pred[c.plane] = pred[c.plane].wrapping_add(diff);
                    reader.skip_ac(&frame.tables[c.ac])?;
                    let (x, y) = (mx * bw + dx, my * bh + dy);
                    data[offsets[c.plane] + y * widths[c.plane] + x] = sample(pred[c.plane], c.q0);
                }
            }
        }
    }
    reader.finish()?;
    pad_luma(&mut data[..luma.0 * luma.1], luma.0, size);
    Some(SourcePlanes { data, size, factor })
}

/// Luma columns and rows past the image (up to whole chroma samples) repeat its last ones
/// rather than hold the blocks the encoder padded its MCUs with (libjpeg-turbo leaves them
/// unspecified): a resize's kernel may reach them.
fn pad_luma(plane: &mut [u8], width: usize, (w, h): (u32, u32)) {
    let (w, h) = (w as usize, h as usize);
    for row in plane.chunks_exact_mut(width).take(h) {
        let last = row[w - 1];
        row[w..].fill(last);
    }
    let (image, padding) = plane.split_at_mut(width * h);
    for row in padding.chunks_exact_mut(width) {
        row.copy_from_slice(&image[width * (h - 1)..]);
    }
}

/// The 1x1 IDCT: the dequantised DC, descaled by 8 and level-shifted, as libjpeg-turbo stores
/// the coefficient (16 bits) and rounds it.
fn sample(dc: i32, q0: i32) -> u8 {
    let v = ((i32::from(dc as i16) * q0 + 4) >> 3) + 128;
    v.clamp(0, 255) as u8
}

/// One component of the scan, in scan order.
struct ScanComponent {
    /// Its plane: 0 luma, 1 and 2 chroma (the frame's order).
    plane: usize,
    /// Blocks per MCU across and down.
    blocks: (usize, usize),
    dc: usize,
    ac: usize,
    q0: i32,
}

struct Frame {
    width: u32,
    height: u32,
    /// Luma blocks per MCU (chroma has one).
    sampling: (u32, u32),
    restart_interval: usize,
    /// DC tables 0..4, then AC tables 4..8.
    tables: Vec<Table>,
    scan: Vec<ScanComponent>,
    scan_start: usize,
}

impl Frame {
    fn parse(bytes: &[u8]) -> Option<Frame> {
        let mut tables: Vec<Option<Table>> = (0..8).map(|_| None).collect();
        let mut q0 = [None; 4];
        let mut sof = None;
        let mut restart_interval = 0;
        let mut segments = jpeg_segments::segments(bytes);
        for segment in segments.by_ref() {
            let (marker, body) = segment.ok()?;
            match marker {
                0xC4 => Table::parse_all(body, &mut tables)?,
                0xDB => parse_quant(body, &mut q0)?,
                0xDD => {
                    restart_interval =
                        usize::from(u16::from_be_bytes(body.get(..2)?.try_into().ok()?))
                }
                0xC0 | 0xC1 => sof = Some(body),
                m if jpeg_segments::is_frame_header(m) => return None,
                _ => {}
            }
        }
        let sof = sof?;
        let (sos, scan_start) = segments.first_scan()?;
        // Precision 8, three components.
        (sof.first() == Some(&8) && sof.get(5) == Some(&3) && sof.len() >= 15).then_some(())?;
        let height = u32::from(u16::from_be_bytes([sof[1], sof[2]]));
        let width = u32::from(u16::from_be_bytes([sof[3], sof[4]]));
        (width > 0 && height > 0).then_some(())?;
        let comps: Vec<(u8, u32, u32, usize)> = (0..3)
            .map(|i| {
                let c = &sof[6 + 3 * i..9 + 3 * i];
                (
                    c[0],
                    u32::from(c[1] >> 4),
                    u32::from(c[1] & 15),
                    usize::from(c[2]),
                )
            })
            .collect();
        let sampling = (comps[0].1, comps[0].2);
        let luma_ok = (1..=2).contains(&sampling.0) && (1..=2).contains(&sampling.1);
        let chroma_ok = comps[1..].iter().all(|c| (c.1, c.2) == (1, 1));
        (luma_ok && chroma_ok).then_some(())?;
        // One scan of all three components, the whole spectrum, no successive approximation.
        (sos.len() == 10 && sos[0] == 3 && sos[7..] == [0, 63, 0]).then_some(())?;
        let mut scan = Vec::with_capacity(3);
        for i in 0..3 {
            let (id, tables_byte) = (sos[1 + 2 * i], sos[2 + 2 * i]);
            let plane = comps.iter().position(|c| c.0 == id)?;
            (!scan.iter().any(|s: &ScanComponent| s.plane == plane)).then_some(())?;
            let (dc, ac) = (
                usize::from(tables_byte >> 4),
                4 + usize::from(tables_byte & 15),
            );
            (dc < 4 && ac < 8 && tables[dc].is_some() && tables[ac].is_some()).then_some(())?;
            let c = comps[plane];
            scan.push(ScanComponent {
                plane,
                blocks: (c.1 as usize, c.2 as usize),
                dc,
                ac,
                q0: (*q0.get(c.3)?)?,
            });
        }
        let tables = tables
            .into_iter()
            .map(|t| t.unwrap_or_else(Table::empty))
            .collect();
        Some(Frame {
            width,
            height,
            sampling,
            restart_interval,
            tables,
            scan,
            scan_start,
        })
    }
}

/// The first (DC) entry of each quantisation table in a DQT segment.
fn parse_quant(mut body: &[u8], q0: &mut [Option<i32>; 4]) -> Option<()> {
    while let Some(&pq_tq) = body.first() {
        let (precision, id) = (pq_tq >> 4, usize::from(pq_tq & 15));
        let len = match precision {
            0 => 64,
            1 => 128,
            _ => return None,
        };
        let table = body.get(1..1 + len)?;
        let dc = if precision == 0 {
            i32::from(table[0])
        } else {
            i32::from(u16::from_be_bytes([table[0], table[1]]))
        };
        *q0.get_mut(id)? = Some(dc);
        body = &body[1 + len..];
    }
    Some(())
}

/// A Huffman table: canonical codes by length for any code, and lookahead tables for the
/// short ones.
struct Table {
    /// Codes of at most [`FAST_BITS`] bits, indexed by the next bits: length << 8 | symbol,
    /// 0 where the code is longer.
    fast: Vec<u16>,
    /// For AC: up to two codes, each with its value bits, whole within the next
    /// [`PAIR_BITS`] bits: bits used | coefficients stepped << 8 | END_OF_BLOCK, 0 where even
    /// the first is longer. The second is left out after an end of block.
    pair: Vec<u32>,
    /// Largest code of each length (-1: none), and what to add to a code of that length for
    /// its symbol's index.
    max_code: [i32; 17],
    offset: [i32; 17],
    symbols: Vec<u8>,
}

const END_OF_BLOCK: u32 = 1 << 16;

impl Table {
    fn empty() -> Table {
        Table {
            fast: Vec::new(),
            pair: Vec::new(),
            max_code: [-1; 17],
            offset: [0; 17],
            symbols: Vec::new(),
        }
    }

    /// Every table of a DHT segment into `tables` (DC 0..4, AC 4..8).
    fn parse_all(mut body: &[u8], tables: &mut [Option<Table>]) -> Option<()> {
        while let Some(&tc_th) = body.first() {
            let (class, id) = (tc_th >> 4, usize::from(tc_th & 15));
            (class <= 1 && id < 4).then_some(())?;
            let counts: [u8; 16] = body.get(1..17)?.try_into().ok()?;
            let n: usize = counts.iter().map(|&c| usize::from(c)).sum();
            let symbols = body.get(17..17 + n)?;
            tables[usize::from(class) * 4 + id] = Some(Table::new(&counts, symbols, class == 1)?);
            body = &body[17 + n..];
        }
        Some(())
    }

    fn new(counts: &[u8; 16], symbols: &[u8], ac: bool) -> Option<Table> {
        // libjpeg-turbo refuses DC symbols above 15; value bits of more would not fit.
        (symbols.len() <= 256 && (ac || symbols.iter().all(|&s| s <= 15))).then_some(())?;
        let mut table = Table::empty();
        table.symbols = symbols.to_vec();
        table.fast = vec![0; 1 << FAST_BITS];
        // (bits used, coefficients stepped, end of block) of the first code in a PAIR_BITS
        // window, when it and its value bits fit.
        let mut first = vec![None; if ac { 1 << PAIR_BITS } else { 0 }];
        let (mut code, mut k) = (0u32, 0usize);
        for len in 1..=16u32 {
            let count = u32::from(counts[len as usize - 1]);
            // Codes must fit their length, and none may be all ones (libjpeg-turbo's check).
            (code + count < 1 << len).then_some(())?;
            table.offset[len as usize] = k as i32 - code as i32;
            for &symbol in &symbols[k..k + count as usize] {
                if len <= FAST_BITS {
                    let shift = FAST_BITS - len;
                    let entry = (len as u16) << 8 | u16::from(symbol);
                    table.fast[(code << shift) as usize..((code + 1) << shift) as usize]
                        .fill(entry);
                }
                let (run, size) = (u32::from(symbol >> 4), u32::from(symbol & 15));
                if ac && len + size <= PAIR_BITS {
                    let step = match (run, size) {
                        (_, 1..) => Some(run + 1),
                        (15, 0) => Some(16),
                        _ => None, // end of block
                    };
                    let shift = PAIR_BITS - len;
                    first[(code << shift) as usize..((code + 1) << shift) as usize]
                        .fill(Some((len + size, step)));
                }
                code += 1;
            }
            k += count as usize;
            table.max_code[len as usize] = if count > 0 { code as i32 - 1 } else { -1 };
            code <<= 1;
        }
        if ac {
            table.pair = (0..1usize << PAIR_BITS)
                .map(|i| pair_entry(&first, i))
                .collect();
        }
        Some(table)
    }
}

fn pair_entry(first: &[Option<(u32, Option<u32>)>], i: usize) -> u32 {
    let Some((bits, step)) = first[i] else {
        return 0;
    };
    let Some(step) = step else {
        return bits | END_OF_BLOCK;
    };
    let mask = (1 << PAIR_BITS) - 1;
    // The second code is only known from the bits past the first.
    match first[(i << bits) & mask] {
        Some((bits2, step2)) if bits2 <= PAIR_BITS - bits => {
            let end = if step2.is_none() { END_OF_BLOCK } else { 0 };
            (bits + bits2) | (step + step2.unwrap_or(0)) << 8 | end
        }
        _ => bits | step << 8,
    }
}

/// The entropy-coded bits of a scan, with stuffed zero bytes taken out. Past a marker or the
/// end, zeros are fed and counted, so that reading into them is found afterwards.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    /// The next bits, most significant first; `n` of them are read in.
    buf: u64,
    n: u32,
    /// How many of the bits read in are zeros fed past a marker or the end.
    fed: u64,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Reader<'a> {
        Reader {
            data,
            pos: 0,
            buf: 0,
            n: 0,
            fed: 0,
        }
    }

    /// Reads in bytes until at least 57 bits are in.
    #[inline(always)]
    fn refill(&mut self) {
        if let Some(word) = self.data.get(self.pos..self.pos + 8) {
            let word = u64::from_be_bytes(word.try_into().expect("eight bytes"));
            // No 0xFF among the eight bytes, so no stuffing and no marker: take the whole
            // bytes that fit at once. Bits of a byte that does not fit land where the next
            // refill puts that byte again.
            let inverted = !word;
            if inverted.wrapping_sub(0x0101_0101_0101_0101) & !inverted & 0x8080_8080_8080_8080 == 0
            {
                self.buf |= word >> self.n;
                self.pos += ((63 - self.n) >> 3) as usize;
                self.n |= 56;
                return;
            }
        }
        self.refill_bytewise();
    }

    fn refill_bytewise(&mut self) {
        while self.n <= 56 {
            let byte = match (self.data.get(self.pos), self.data.get(self.pos + 1)) {
                (Some(0xFF), Some(0)) => {
                    self.pos += 2;
                    0xFF
                }
                (Some(0xFF), _) | (None, _) => {
                    self.fed += 8;
                    0
                }
                (Some(&b), _) => {
                    self.pos += 1;
                    b
                }
            };
            self.buf |= u64::from(byte) << (56 - self.n);
            self.n += 8;
        }
    }

    #[inline(always)]
    fn peek(&self, bits: u32) -> usize {
        (self.buf >> (64 - bits)) as usize
    }

    #[inline(always)]
    fn consume(&mut self, bits: u32) {
        self.buf <<= bits;
        self.n -= bits;
    }

    /// A code longer than the lookahead tables, bit by bit; `None` for no code.
    fn decode_long(&mut self, table: &Table) -> Option<u8> {
        let window = self.peek(16) as i32;
        for len in 1..=16usize {
            let code = window >> (16 - len);
            if code <= table.max_code[len] {
                self.consume(len as u32);
                return table
                    .symbols
                    .get((code + table.offset[len]) as usize)
                    .copied();
            }
        }
        None
    }

    /// One block's DC difference.
    #[inline(always)]
    fn dc(&mut self, table: &Table) -> Option<i32> {
        if self.n < 32 {
            self.refill();
        }
        let entry = table.fast[self.peek(FAST_BITS)];
        let size = if entry != 0 {
            self.consume(u32::from(entry >> 8));
            u32::from(entry & 0xFF)
        } else {
            u32::from(self.decode_long(table)?)
        };
        if size == 0 {
            return Some(0);
        }
        let value = self.peek(size) as i32;
        self.consume(size);
        // Values below half the range are negative (JPEG's EXTEND).
        Some(if value < 1 << (size - 1) {
            value - (1 << size) + 1
        } else {
            value
        })
    }

    /// Steps over one block's AC coefficients. A run past the block's end ends it, as in
    /// libjpeg-turbo.
    #[inline(always)]
    fn skip_ac(&mut self, table: &Table) -> Option<()> {
        let mut k = 1;
        loop {
            if self.n < 32 {
                self.refill();
            }
            let entry = table.pair[self.peek(PAIR_BITS)];
            let step = (entry >> 8) & 0xFF;
            if entry != 0 && k + step < 64 {
                self.consume(entry & 0xFF);
                if entry & END_OF_BLOCK != 0 {
                    return Some(());
                }
                k += step;
                continue;
            }
            let symbol = u32::from(self.decode_long(table)?);
            let (run, size) = (symbol >> 4, symbol & 15);
            match size {
                0 if run != 15 => return Some(()),
                0 => k += 16,
                _ => {
                    self.consume(size);
                    k += run + 1;
                }
            }
            if k >= 64 {
                return Some(());
            }
        }
    }

    /// At a restart marker: only padding may be left before it.
    fn restart(&mut self, marker: u8) -> Option<()> {
        self.refill_bytewise();
        (!self.overran() && u64::from(self.n) - self.fed <= 7).then_some(())?;
        (self.data.get(self.pos..self.pos + 2)? == [0xFF, marker]).then_some(())?;
        self.pos += 2;
        (self.buf, self.n, self.fed) = (0, 0, 0);
        Some(())
    }

    /// After the last MCU: no bit was read past the data.
    fn finish(&self) -> Option<()> {
        (!self.overran()).then_some(())
    }

    /// Whether zeros fed past the data have been read as codes.
    fn overran(&self) -> bool {
        u64::from(self.n) < self.fed
    }
}

#[cfg(test)]
mod tests {
    use turbojpeg::{Decompressor, ScalingFactor, Subsamp, YuvImage};

    use super::*;
    use crate::test_jpeg;

    /// libjpeg-turbo's planes of `jpeg` at scale 1/8.
    fn libjpeg_turbo(jpeg: &[u8]) -> Vec<u8> {
        let mut d = Decompressor::new().unwrap();
        let header = d.read_header(jpeg).unwrap();
        let factor = ScalingFactor::new(1, 8);
        d.set_scaling_factor(factor).unwrap();
        let scaled = header.scaled(factor);
        let len = turbojpeg::yuv_pixels_len(scaled.width, 1, scaled.height, scaled.subsamp);
        let mut data = vec![0; len.unwrap()];
        let image = YuvImage {
            pixels: &mut data[..],
            width: scaled.width,
            align: 1,
            height: scaled.height,
            subsamp: scaled.subsamp,
        };
        d.decompress_to_yuv(jpeg, image).unwrap();
        data
    }

    /// A photo-like pattern with fine texture, so that blocks carry many AC codes, long ones
    /// included, and saturated corners, so that DC values reach the ends of the range.
    fn scene(x: u32, y: u32) -> [u8; 3] {
        let noise = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)) % 61;
        let corner = if x < 12 && y < 12 { 255 } else { 0 };
        [
            ((x * 3 + noise) % 256) as u8 | corner,
            ((y * 5 + 2 * noise) % 256) as u8,
            ((x + y) % 200 + noise) as u8 & !corner,
        ]
    }

    /// The planes without the luma padding, which libjpeg-turbo leaves unspecified.
    fn visible(data: &[u8], size: (u32, u32), factor: (u32, u32)) -> Vec<u8> {
        let [luma, chroma, _] = crate::planes::plane_sizes(size, factor);
        let (lw, lh) = (luma.0 as usize, luma.1 as usize);
        let mut out: Vec<u8> = data[..lw * lh]
            .chunks_exact(lw)
            .take(size.1 as usize)
            .flat_map(|row| &row[..size.0 as usize])
            .copied()
            .collect();
        out.extend_from_slice(&data[lw * lh..lw * lh + 2 * (chroma.0 * chroma.1) as usize]);
        out
    }

    fn factor(subsamp: Subsamp) -> (u32, u32) {
        let (x, y) = subsamp.size();
        (x as u32, y as u32)
    }

    #[test]
    fn planes_equal_libjpeg_turbos_at_one_eighth() {
        let cases = [
            ((517, 389), Subsamp::Sub2x2),
            ((64, 64), Subsamp::None),
            ((333, 65), Subsamp::Sub2x1),
            ((95, 190), Subsamp::Sub1x2),
            ((1, 1), Subsamp::Sub2x2),
            ((17, 9), Subsamp::Sub2x2),
        ];
        for (size, subsamp) in cases {
            for quality in [40, 97] {
                for (optimize, restart) in [(false, 0), (true, 0), (false, 1), (true, 7)] {
                    let jpeg =
                        test_jpeg::with_restarts(size, quality, subsamp, optimize, restart, scene);
                    let planes = dc_planes(&jpeg, factor(subsamp))
                        .unwrap_or_else(|| panic!("{size:?} {subsamp:?} q{quality} rst {restart}"));
                    assert_eq!(planes.size, (size.0.div_ceil(8), size.1.div_ceil(8)));
                    assert_eq!(
                        visible(&planes.data, planes.size, planes.factor),
                        visible(&libjpeg_turbo(&jpeg), planes.size, planes.factor),
                        "{size:?} {subsamp:?} q{quality} optimize {optimize} restart {restart}"
                    );
                }
            }
        }
    }

    #[test]
    fn what_it_does_not_expect_is_left_to_libjpeg_turbo() {
        let jpeg = |subsamp, progressive| test_jpeg::rgb((96, 80), 90, subsamp, progressive, scene);
        let ok = jpeg(Subsamp::Sub2x2, false);
        assert!(dc_planes(&ok, (2, 2)).is_some());
        // Another subsampling than libjpeg-turbo reported, progressive, gray.
        assert!(dc_planes(&ok, (1, 1)).is_none());
        assert!(dc_planes(&jpeg(Subsamp::Sub2x2, true), (2, 2)).is_none());
        assert!(dc_planes(&jpeg(Subsamp::Gray, false), (1, 1)).is_none());
        // The scan cut short, anywhere.
        let scan = Frame::parse(&ok).unwrap().scan_start;
        for end in [scan + 1, (scan + ok.len()) / 2, ok.len() - 40] {
            assert!(dc_planes(&ok[..end], (2, 2)).is_none(), "cut at {end}");
        }
        // A restart marker out of sequence.
        let restarts = test_jpeg::with_restarts((96, 80), 90, Subsamp::Sub2x2, false, 2, scene);
        assert!(dc_planes(&restarts, (2, 2)).is_some());
        let at = restarts.windows(2).position(|w| w == [0xFF, 0xD0]).unwrap();
        let mut swapped = restarts.clone();
        swapped[at + 1] = 0xD3;
        assert!(dc_planes(&swapped, (2, 2)).is_none());
        // A Huffman table with more codes than its lengths hold.
        let dht = ok.windows(2).position(|w| w == [0xFF, 0xC4]).unwrap();
        let mut overfull = ok.clone();
        overfull[dht + 5] = 3; // three codes of length 1
        assert!(dc_planes(&overfull, (2, 2)).is_none());
    }

    #[test]
    fn damaged_scans_never_panic() {
        let ok = test_jpeg::with_restarts((120, 72), 80, Subsamp::Sub2x2, true, 3, scene);
        let scan = Frame::parse(&ok).unwrap().scan_start;
        let mut state = 0x2545_f491_u32;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let mut bytes = ok.clone();
            let at = scan + state as usize % (ok.len() - scan);
            bytes[at] = (state >> 8) as u8;
            if let Some(planes) = dc_planes(&bytes, (2, 2)) {
                assert_eq!(planes.data.len(), SourcePlanes::len((15, 9), (2, 2)));
            }
        }
    }
}

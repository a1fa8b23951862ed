//! A baseline JPEG straight to its planes at 1/8 or 1/4 scale. There libjpeg-turbo's reduced
//! IDCTs read few of each block's coefficients: at 1/8 (1x1) only the DC one, at 1/4 (2x2)
//! those whose row and column are 0 or odd, each pixel being the mean of a 4x4 quarter of the
//! full IDCT. libjpeg-turbo still decodes every code and value, one lookup per code, into a
//! block, and then runs the IDCT. Here a 4096-entry table takes two codes with their value
//! bits at a time, and each value goes straight into the four pixels' sums with its weights
//! (zero for the coefficients not read). A 29 MP photo to 400 px, where the entropy decode is
//! nearly all the time: 974 M instructions at 1/4 (libjpeg-turbo's `decode_mcu` and 2x2
//! IDCT) become 686 M, and a render takes 68.7 ms instead of 97.6; at 1/8, 547 M become 367 M
//! and 84.1 ms become 51 to 59. Within the image the planes equal `tj3DecompressToYUV8`'s at
//! 1/8 byte for byte, and at 1/4 within a level (its fixed-point 2x2 IDCT rounds otherwise);
//! the luma padding past the image (to whole chroma samples) repeats the last column and row.
//!
//! Only what this expects is taken: baseline or extended sequential Huffman, 8 bits, one
//! interleaved scan of three components with 1x1 chroma, well-formed to the last bit. For
//! anything else, a bad code, a misplaced restart marker or a truncated scan included, it
//! returns `None` and libjpeg-turbo decodes the file as before, with its own handling of
//! damage. The work is bounded by the MCU count, and nothing is allocated but the planes.

use crate::{jpeg_segments, planes::SourcePlanes};

/// Bits of lookahead of the AC table: 4096 entries stay in the L1 cache beside the planes
/// being written; 11 and 13 bits measured slower.
const PAIR_BITS: u32 = 12;
/// Bits of lookahead of the single-code table the DC codes are read with.
const FAST_BITS: u32 = 9;

/// The planes of `bytes` at 1/`shrink` (8 or 4) when it is a JPEG this module takes and its
/// luma is subsampled by `factor` (as libjpeg-turbo reported); `None` otherwise.
pub(crate) fn reduced_planes(
    bytes: &[u8],
    factor: (u32, u32),
    shrink: u32,
) -> Option<SourcePlanes> {
    // Output pixels per block side.
    let side = match shrink {
        8 => 1,
        4 => 2,
        _ => return None,
    };
    let frame = Frame::parse(bytes, side == 2)?;
    let (h, v) = frame.sampling;
    (factor == (h, v)).then_some(())?;
    let (mcus_x, mcus_y) = (
        frame.width.div_ceil(8 * h) as usize,
        frame.height.div_ceil(8 * v) as usize,
    );
    let size = (frame.width.div_ceil(shrink), frame.height.div_ceil(shrink));
    let sizes = crate::planes::plane_sizes(size, factor);
    let mut data = vec![0u8; SourcePlanes::len(size, factor)];
    let (luma_len, chroma_len) = (
        (sizes[0].0 * sizes[0].1) as usize,
        (sizes[1].0 * sizes[1].1) as usize,
    );
    let offsets = [0, luma_len, luma_len + chroma_len];
    // The 2x2 IDCT's weights, per scan component (1x1 reads the DC alone).
    let weights: Vec<Weights> = match side {
        2 => frame.scan.iter().map(|c| Weights::new(&c.quant)).collect(),
        _ => Vec::new(),
    };

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
        for (i, c) in frame.scan.iter().enumerate() {
            let (bw, bh) = c.blocks;
            let (pw, ph) = sizes[c.plane];
            let (pw, ph) = (pw as usize, ph as usize);
            let plane = &mut data[offsets[c.plane]..offsets[c.plane] + pw * ph];
            for dy in 0..bh {
                for dx in 0..bw {
                    let diff = reader.dc(&frame.tables[c.dc])?;
                    pred[c.plane] = pred[c.plane].wrapping_add(diff);
                    let (x, y) = ((mx * bw + dx) * side, (my * bh + dy) * side);
                    if side == 1 {
                        reader.skip_ac(&frame.tables[c.ac])?;
                        if x < pw && y < ph {
                            plane[y * pw + x] = sample(pred[c.plane], c.quant[0]);
                        }
                        continue;
                    }
                    let block =
                        reader.two_by_two(&frame.tables[c.ac], &weights[i], pred[c.plane])?;
                    for (i, value) in block.into_iter().enumerate() {
                        let (x, y) = (x + i % 2, y + i / 2);
                        if x < pw && y < ph {
                            plane[y * pw + x] = value;
                        }
                    }
                }
            }
        }
    }
    reader.finish()?;
    pad_luma(&mut data[..luma_len], sizes[0].0 as usize, size);
    Some(SourcePlanes { data, size, factor })
}

/// Luma columns and rows past the image (up to whole chroma samples) repeat its last ones
/// rather than hold what the encoder padded its MCUs with (libjpeg-turbo leaves them
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

/// Row (or column) frequency u's share in the mean of the first half of an 8-point IDCT's
/// output, in JPEG's scaling; the second half's is the same for even u and negated for odd
/// u. Zero for u = 2, 4, 6, which is why the 2x2 IDCT reads no coefficient there.
fn half_mean(u: usize) -> f32 {
    let c = if u == 0 {
        std::f64::consts::FRAC_1_SQRT_2
    } else {
        1.0
    };
    let sum: f64 = (0..4)
        .map(|i| ((2 * i + 1) as f64 * u as f64 * std::f64::consts::PI / 16.0).cos())
        .sum();
    (c / 2.0 * sum / 4.0) as f32
}

/// A component's 2x2 IDCT in zigzag order: what a coefficient of 1 adds to each of the four
/// pixels (left to right, top to bottom); zeros for the coefficients it does not read.
struct Weights([[f32; 4]; 64]);

impl Weights {
    fn new(quant: &[i32; 64]) -> Weights {
        let mut weights = [[0.0; 4]; 64];
        for (k, &natural) in ZIGZAG.iter().enumerate() {
            let (u, v) = (natural / 8, natural % 8);
            let read = |f: usize| f == 0 || f % 2 == 1;
            if read(u) && read(v) {
                let w = half_mean(u) * half_mean(v) * quant[k] as f32;
                // An odd frequency is negated in the second half: the right column, the
                // bottom row.
                let (across, down) = (
                    if v % 2 == 1 { -w } else { w },
                    if u % 2 == 1 { -1.0 } else { 1.0 },
                );
                weights[k] = [w, across, w * down, across * down];
            }
        }
        Weights(weights)
    }

    /// Adds `value` times coefficient `at`'s weights to `pixels`.
    #[inline(always)]
    fn add(&self, pixels: &mut [f32; 4], at: usize, value: f32) {
        for (p, w) in pixels.iter_mut().zip(&self.0[at]) {
            *p += w * value;
        }
    }
}

/// The natural (row-major) index of each coefficient in zigzag order.
const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

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
    /// Its quantisation table, in zigzag order.
    quant: [i32; 64],
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
    /// With `values`, the AC tables give the coefficients' values; else only their steps.
    fn parse(bytes: &[u8], values: bool) -> Option<Frame> {
        let mut tables: Vec<Option<Table>> = (0..8).map(|_| None).collect();
        let mut quant = [None; 4];
        let mut sof = None;
        let mut restart_interval = 0;
        let mut segments = jpeg_segments::segments(bytes);
        for segment in segments.by_ref() {
            let (marker, body) = segment.ok()?;
            match marker {
                0xC4 => Table::parse_all(body, &mut tables, values)?,
                0xDB => parse_quant(body, &mut quant)?,
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
                quant: (*quant.get(c.3)?)?,
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

/// The quantisation tables of a DQT segment, in zigzag order as stored.
fn parse_quant(mut body: &[u8], tables: &mut [Option<[i32; 64]>; 4]) -> Option<()> {
    while let Some(&pq_tq) = body.first() {
        let (wide, id) = (pq_tq >> 4, usize::from(pq_tq & 15));
        let len = match wide {
            0 => 64,
            1 => 128,
            _ => return None,
        };
        let values = body.get(1..1 + len)?;
        let mut table = [0; 64];
        for (k, q) in table.iter_mut().enumerate() {
            *q = if wide == 0 {
                i32::from(values[k])
            } else {
                i32::from(u16::from_be_bytes([values[2 * k], values[2 * k + 1]]))
            };
        }
        *tables.get_mut(id)? = Some(table);
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
    /// For AC, indexed by the next [`PAIR_BITS`] bits: up to two codes, each with its value
    /// bits, whole within them (see [`Pair`]); 0 where even the first is longer.
    pair: Vec<u64>,
    /// The same for stepping over AC codes, in half the cache (see [`Pair::skip`]).
    skip: Vec<u32>,
    /// Largest code of each length (-1: none), and what to add to a code of that length for
    /// its symbol's index.
    max_code: [i32; 17],
    offset: [i32; 17],
    symbols: Vec<u8>,
}

/// One AC code with its value bits, as the pair table holds it.
#[derive(Clone, Copy)]
struct Code {
    /// The code's and its value's bits.
    bits: u32,
    /// Coefficients it moves past: a run of zeros and the value (run + 1), 16 zeros, or 0 at
    /// the end of the block.
    step: u32,
    value: i16,
}

/// The fields of a pair-table entry: bits used (0..8), each code's step (8..16, 16..24; a
/// second step of 0 is no second code), the block ending after them (24), the entry
/// being valid (31), and each code's value (32..48, 48..64).
struct Pair;

impl Pair {
    const END: u64 = 1 << 24;
    const VALID: u64 = 1 << 31;

    fn pack(codes: &[Code]) -> u64 {
        let mut entry = Pair::VALID;
        for (i, c) in codes.iter().enumerate() {
            entry += u64::from(c.bits);
            entry |= u64::from(c.step) << (8 + 8 * i) | u64::from(c.value as u16) << (32 + 16 * i);
            if c.step == 0 {
                entry |= Pair::END;
            }
        }
        entry
    }

    fn bits(entry: u64) -> u32 {
        (entry & 0xFF) as u32
    }

    fn steps(entry: u64) -> (usize, usize) {
        (
            ((entry >> 8) & 0xFF) as usize,
            ((entry >> 16) & 0xFF) as usize,
        )
    }

    /// An entry without the values: bits used (0..8), both codes' steps together (8..16),
    /// the end of the block (16) and validity (31).
    fn skip(entry: u64) -> u32 {
        let (one, two) = Pair::steps(entry);
        let end = if entry & Pair::END != 0 {
            Pair::SKIP_END
        } else {
            0
        };
        let valid = if entry != 0 { 1 << 31 } else { 0 };
        Pair::bits(entry) | ((one + two) as u32) << 8 | end | valid
    }

    const SKIP_END: u32 = 1 << 16;

    fn values(entry: u64) -> (f32, f32) {
        (
            f32::from((entry >> 32) as u16 as i16),
            f32::from((entry >> 48) as u16 as i16),
        )
    }
}

impl Table {
    fn empty() -> Table {
        Table {
            fast: Vec::new(),
            pair: Vec::new(),
            skip: Vec::new(),
            max_code: [-1; 17],
            offset: [0; 17],
            symbols: Vec::new(),
        }
    }

    /// Every table of a DHT segment into `tables` (DC 0..4, AC 4..8).
    fn parse_all(mut body: &[u8], tables: &mut [Option<Table>], values: bool) -> Option<()> {
        while let Some(&tc_th) = body.first() {
            let (class, id) = (tc_th >> 4, usize::from(tc_th & 15));
            (class <= 1 && id < 4).then_some(())?;
            let counts: [u8; 16] = body.get(1..17)?.try_into().ok()?;
            let n: usize = counts.iter().map(|&c| usize::from(c)).sum();
            let symbols = body.get(17..17 + n)?;
            tables[usize::from(class) * 4 + id] =
                Some(Table::new(&counts, symbols, class == 1, values)?);
            body = &body[17 + n..];
        }
        Some(())
    }

    fn new(counts: &[u8; 16], symbols: &[u8], ac: bool, values: bool) -> Option<Table> {
        // libjpeg-turbo refuses DC symbols above 15; value bits of more would not fit.
        (symbols.len() <= 256 && (ac || symbols.iter().all(|&s| s <= 15))).then_some(())?;
        let mut table = Table::empty();
        table.symbols = symbols.to_vec();
        table.fast = vec![0; 1 << FAST_BITS];
        // The first code in each PAIR_BITS window, when it and its value bits fit.
        let mut first: Vec<Option<Code>> = vec![None; if ac { 1 << PAIR_BITS } else { 0 }];
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
                    let shift = PAIR_BITS - len;
                    for i in (code << shift)..((code + 1) << shift) {
                        let raw = (i >> (shift - size)) & ((1 << size) - 1);
                        let step = match (run, size) {
                            (_, 1..) => run + 1,
                            (15, 0) => 16,
                            _ => 0,
                        };
                        first[i as usize] = Some(Code {
                            bits: len + size,
                            step,
                            value: extend(raw as i32, size) as i16,
                        });
                    }
                }
                code += 1;
            }
            k += count as usize;
            table.max_code[len as usize] = if count > 0 { code as i32 - 1 } else { -1 };
            code <<= 1;
        }
        if ac && values {
            table.pair = (0..1usize << PAIR_BITS)
                .map(|i| pair_entry(&first, i))
                .collect();
        } else if ac {
            table.skip = (0..1usize << PAIR_BITS)
                .map(|i| Pair::skip(pair_entry(&first, i)))
                .collect();
        }
        Some(table)
    }
}

fn pair_entry(first: &[Option<Code>], i: usize) -> u64 {
    let Some(one) = first[i] else {
        return 0;
    };
    if one.step == 0 {
        return Pair::pack(&[one]);
    }
    // The second code is only known from the bits past the first.
    match first[(i << one.bits) & ((1 << PAIR_BITS) - 1)] {
        Some(two) if two.bits <= PAIR_BITS - one.bits => Pair::pack(&[one, two]),
        _ => Pair::pack(&[one]),
    }
}

/// A coefficient from its `size` value bits: below half the range they are negative (JPEG's
/// EXTEND).
fn extend(raw: i32, size: u32) -> i32 {
    if size == 0 {
        0
    } else if raw < 1 << (size - 1) {
        raw - (1 << size) + 1
    } else {
        raw
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
        Some(self.value(size))
    }

    /// A coefficient from the next `size` bits.
    #[inline(always)]
    fn value(&mut self, size: u32) -> i32 {
        if size == 0 {
            return 0;
        }
        let raw = self.peek(size) as i32;
        self.consume(size);
        extend(raw, size)
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
            let entry = table.skip[self.peek(PAIR_BITS)];
            let steps = ((entry >> 8) & 0xFF) as usize;
            // Only short of the block's end: a block whose last coefficient is its 64th has
            // no end-of-block code, and the bits after it are the next block's DC.
            if entry != 0 && k + steps < 64 {
                self.consume(entry & 0xFF);
                if entry & Pair::SKIP_END != 0 {
                    return Some(());
                }
                k += steps;
                continue;
            }
            match self.long_code(table)? {
                Some((run, _)) => k += run + 1,
                None => return Some(()),
            }
            if k >= 64 {
                return Some(());
            }
        }
    }

    /// One block at 1/4: its 2x2 pixels, from the DC coefficient `dc` and the AC
    /// coefficients `weights` reads, each added to its sum as it is decoded.
    #[inline(always)]
    fn two_by_two(&mut self, table: &Table, weights: &Weights, dc: i32) -> Option<[u8; 4]> {
        let mut pixels = [0f32; 4];
        weights.add(&mut pixels, 0, f32::from(dc as i16));
        let mut k = 1;
        loop {
            if self.n < 32 {
                self.refill();
            }
            let entry = table.pair[self.peek(PAIR_BITS)];
            let (one, two) = Pair::steps(entry);
            // Short of the block's end, as in `skip_ac`.
            if entry != 0 && k + one + two < 64 {
                self.consume(Pair::bits(entry));
                let (first, second) = Pair::values(entry);
                // A missing second code, or an end of block, has step and value 0: it adds
                // nothing at the coefficient before.
                weights.add(&mut pixels, k + one - 1, first);
                k += one;
                weights.add(&mut pixels, k + two - 1, second);
                k += two;
                if entry & Pair::END != 0 {
                    break;
                }
                continue;
            }
            let Some((run, value)) = self.long_code(table)? else {
                break;
            };
            let at = k + run;
            // libjpeg-turbo puts a value past the block's end into its last coefficient.
            (at < 64).then_some(())?;
            weights.add(&mut pixels, at, value as f32);
            k = at + 1;
            if k >= 64 {
                break;
            }
        }
        // Rounded to nearest: the cast truncates, which is the floor from 0 up.
        Some(pixels.map(|g| ((g + 128.5) as i32).clamp(0, 255) as u8))
    }

    /// An AC code the pair table does not hold, with its value: (zeros before the value,
    /// value), a run of 16 zeros as (15, 0), or `None` at the end of the block.
    fn long_code(&mut self, table: &Table) -> Option<Option<(usize, i32)>> {
        let symbol = u32::from(self.decode_long(table)?);
        let (run, size) = (symbol >> 4, symbol & 15);
        if size == 0 {
            return Some((run == 15).then_some((15, 0)));
        }
        Some(Some((run as usize, self.value(size))))
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

    /// libjpeg-turbo's planes of `jpeg` at scale 1/`shrink`.
    fn libjpeg_turbo(jpeg: &[u8], shrink: usize) -> Vec<u8> {
        let mut d = Decompressor::new().unwrap();
        let header = d.read_header(jpeg).unwrap();
        let factor = ScalingFactor::new(1, shrink);
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
    fn planes_equal_libjpeg_turbos_at_one_eighth_and_are_within_a_level_at_one_quarter() {
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
                    let case = format!("{size:?} {subsamp:?} q{quality} {optimize} rst {restart}");
                    for shrink in [8, 4] {
                        let planes = reduced_planes(&jpeg, factor(subsamp), shrink)
                            .unwrap_or_else(|| panic!("{case} 1/{shrink}"));
                        let expected = (size.0.div_ceil(shrink), size.1.div_ceil(shrink));
                        assert_eq!(planes.size, expected);
                        let ours = visible(&planes.data, planes.size, planes.factor);
                        let theirs = visible(
                            &libjpeg_turbo(&jpeg, shrink as usize),
                            planes.size,
                            planes.factor,
                        );
                        let worst = ours
                            .iter()
                            .zip(&theirs)
                            .map(|(a, b)| a.abs_diff(*b))
                            .max()
                            .unwrap();
                        let bound = if shrink == 8 { 0 } else { 1 };
                        assert!(worst <= bound, "{case} 1/{shrink}: {worst} levels apart");
                    }
                }
            }
        }
    }

    #[test]
    fn what_it_does_not_expect_is_left_to_libjpeg_turbo() {
        let jpeg = |subsamp, progressive| test_jpeg::rgb((96, 80), 90, subsamp, progressive, scene);
        let ok = jpeg(Subsamp::Sub2x2, false);
        assert!(reduced_planes(&ok, (2, 2), 8).is_some());
        // Another subsampling than libjpeg-turbo reported, progressive, gray.
        assert!(reduced_planes(&ok, (1, 1), 8).is_none());
        assert!(reduced_planes(&jpeg(Subsamp::Sub2x2, true), (2, 2), 4).is_none());
        assert!(reduced_planes(&jpeg(Subsamp::Gray, false), (1, 1), 8).is_none());
        // The scan cut short, anywhere.
        let scan = Frame::parse(&ok, false).unwrap().scan_start;
        for end in [scan + 1, (scan + ok.len()) / 2, ok.len() - 40] {
            assert!(
                reduced_planes(&ok[..end], (2, 2), 8).is_none(),
                "cut at {end}"
            );
        }
        // A restart marker out of sequence.
        let restarts = test_jpeg::with_restarts((96, 80), 90, Subsamp::Sub2x2, false, 2, scene);
        assert!(reduced_planes(&restarts, (2, 2), 4).is_some());
        let at = restarts.windows(2).position(|w| w == [0xFF, 0xD0]).unwrap();
        let mut swapped = restarts.clone();
        swapped[at + 1] = 0xD3;
        assert!(reduced_planes(&swapped, (2, 2), 4).is_none());
        // A Huffman table with more codes than its lengths hold.
        let dht = ok.windows(2).position(|w| w == [0xFF, 0xC4]).unwrap();
        let mut overfull = ok.clone();
        overfull[dht + 5] = 3; // three codes of length 1
        assert!(reduced_planes(&overfull, (2, 2), 8).is_none());
    }

    #[test]
    fn damaged_scans_never_panic() {
        let ok = test_jpeg::with_restarts((120, 72), 80, Subsamp::Sub2x2, true, 3, scene);
        let scan = Frame::parse(&ok, false).unwrap().scan_start;
        let mut state = 0x2545_f491_u32;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let mut bytes = ok.clone();
            let at = scan + state as usize % (ok.len() - scan);
            bytes[at] = (state >> 8) as u8;
            for (shrink, size) in [(8, (15, 9)), (4, (30, 18))] {
                if let Some(planes) = reduced_planes(&bytes, (2, 2), shrink) {
                    assert_eq!(planes.data.len(), SourcePlanes::len(size, (2, 2)));
                }
            }
        }
    }
}

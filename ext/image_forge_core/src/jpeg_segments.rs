//! Walks the marker segments of a JPEG header, up to its first scan. Bounds-checked: the
//! bytes come from untrusted files.

use crate::{
    error::{invalid, Limit},
    Error, Result,
};

/// Most scans a JPEG may have. Each scan of a progressive JPEG walks every block again, so a
/// 100 KB file of 5,000 scans over 4 MP took 12 s to fail; encoders write about 10 (mozjpeg's
/// most is about 20). libjpeg-turbo suggests a limit too (TJPARAM_SCANLIMIT).
pub(crate) const MAX_JPEG_SCANS: usize = 100;

/// Refuses a JPEG with more than [`MAX_JPEG_SCANS`] scans (in `probe`, before libjpeg-turbo
/// sees it); returns how many it has.
pub(crate) fn check_scan_count(bytes: &[u8]) -> Result<usize> {
    let scans = scan_count(bytes, MAX_JPEG_SCANS);
    if scans > MAX_JPEG_SCANS {
        return Err(Error::LimitExceeded {
            what: Limit::Scans,
            actual: scans as u64,
            limit: MAX_JPEG_SCANS as u64,
        });
    }
    Ok(scans)
}

/// Counts SOS markers, stepping over segment bodies by their lengths (an EXIF thumbnail's
/// own markers are not counted) and over entropy-coded data (where 0xFF is followed by 0x00
/// or a restart marker). Stops once past `limit`.
fn scan_count(bytes: &[u8], limit: usize) -> usize {
    let (mut at, mut scans) = (2, 0);
    while scans <= limit {
        let Some(offset) = bytes.get(at..).and_then(|rest| memchr::memchr(0xFF, rest)) else {
            break;
        };
        at += offset;
        let Some(&marker) = bytes.get(at + 1) else {
            break;
        };
        match marker {
            0xD9 => break,
            // Fill bytes, stuffed zeros, restart and length-less markers.
            0xFF => at += 1,
            0x00 | 0x01 | 0xD0..=0xD8 => at += 2,
            _ => {
                let Some(len) = bytes.get(at + 2..at + 4) else {
                    break;
                };
                if marker == 0xDA {
                    scans += 1;
                }
                at += 2 + usize::from(u16::from_be_bytes([len[0], len[1]]));
            }
        }
    }
    scans
}

/// Segments (marker, body) from after SOI up to, not including, the first SOS.
pub(crate) struct Segments<'a> {
    bytes: &'a [u8],
    at: usize,
    done: bool,
}

pub(crate) fn segments(bytes: &[u8]) -> Segments<'_> {
    Segments {
        bytes,
        at: 2,
        done: false,
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = Result<(u8, &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = self.read();
        if !matches!(item, Some(Ok(_))) {
            self.done = true;
        }
        item
    }
}

impl<'a> Segments<'a> {
    /// Once the walk has ended at the first SOS: its body and where its entropy-coded data
    /// starts. `None` before then, or when the header ended otherwise.
    pub(crate) fn first_scan(&self) -> Option<(&'a [u8], usize)> {
        let b = self.bytes;
        (self.done && b.get(self.at..self.at + 2)? == [0xFF, 0xDA]).then_some(())?;
        let len = usize::from(u16::from_be_bytes([
            *b.get(self.at + 2)?,
            *b.get(self.at + 3)?,
        ]));
        let start = self.at + 2 + len;
        Some((b.get(self.at + 4..start)?, start))
    }

    fn read(&mut self) -> Option<Result<(u8, &'a [u8])>> {
        let b = self.bytes;
        let truncated = || invalid("JPEG header is truncated");
        loop {
            match b.get(self.at) {
                Some(0xFF) => {}
                Some(_) => return Some(Err(invalid("JPEG marker expected"))),
                None => return Some(Err(truncated())),
            }
            let Some(&marker) = b.get(self.at + 1) else {
                return Some(Err(truncated()));
            };
            match marker {
                0xFF => self.at += 1,               // fill byte
                0x01 | 0xD0..=0xD8 => self.at += 2, // markers without a length
                0xD9 | 0xDA => return None,
                _ => break,
            }
        }
        let Some(len) = b.get(self.at + 2..self.at + 4) else {
            return Some(Err(truncated()));
        };
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len < 2 {
            return Some(Err(invalid("JPEG segment length is too small")));
        }
        let marker = b[self.at + 1];
        let Some(body) = b.get(self.at + 4..self.at + 2 + len) else {
            return Some(Err(truncated()));
        };
        self.at += 2 + len;
        Some(Ok((marker, body)))
    }
}

/// True for SOF0..SOF15 (frame headers), which exclude DHT (C4), JPG (C8) and DAC (CC).
pub(crate) fn is_frame_header(marker: u8) -> bool {
    (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// The embedded ICC profile: APP2 `ICC_PROFILE` chunks joined in sequence order.
pub(crate) fn icc_profile(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut chunks: Vec<(u8, &[u8])> = segments(bytes)
        .map_while(Result::ok)
        .filter(|(m, body)| *m == 0xE2 && body.len() > 14 && body.starts_with(b"ICC_PROFILE\0"))
        .map(|(_, body)| (body[12], &body[14..]))
        .collect();
    chunks.sort_by_key(|(seq, _)| *seq);
    (!chunks.is_empty()).then(|| {
        chunks
            .into_iter()
            .flat_map(|(_, c)| c.iter().copied())
            .collect()
    })
}

/// True when an Adobe APP14 segment is present: its CMYK samples are stored inverted.
pub(crate) fn has_adobe_marker(bytes: &[u8]) -> bool {
    segments(bytes)
        .map_while(Result::ok)
        .any(|(m, body)| m == 0xEE && body.starts_with(b"Adobe"))
}

//! Walks the marker segments of a JPEG header, up to its first scan. Bounds-checked: the
//! bytes come from untrusted files.

use crate::{error::invalid, Result};

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

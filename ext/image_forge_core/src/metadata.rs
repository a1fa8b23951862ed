//! Metadata kept on request (`keep_metadata`, `keep_icc`): EXIF read from the source, and
//! EXIF and ICC written into the encoded output by splicing its container. Stripped by
//! default; AVIF and GIF outputs carry none.

use crate::{exif, jpeg_segments, probe::riff_chunk, Format};

/// The source's EXIF block (TIFF structure, without JPEG's `Exif\0\0` prefix).
pub(crate) fn source_exif(bytes: &[u8], format: Format) -> Option<Vec<u8>> {
    let block = match format {
        Format::Jpeg => jpeg_segments::segments(bytes)
            .map_while(Result::ok)
            .find(|(m, body)| *m == 0xE1 && body.starts_with(b"Exif\0\0"))
            .map(|(_, body)| &body[6..]),
        Format::Png => png_chunks(bytes)
            .find(|(id, _)| *id == b"eXIf")
            .map(|(_, body)| body),
        Format::Webp => {
            riff_chunk(bytes, b"EXIF").map(|c| c.strip_prefix(b"Exif\0\0").unwrap_or(c))
        }
        _ => None,
    };
    block.map(<[u8]>::to_vec)
}

/// `encoded` with `exif` (orientation reset to upright) and `icc` embedded, where the format
/// has a place for them.
pub(crate) fn embed(
    encoded: Vec<u8>,
    format: Format,
    exif: Option<&[u8]>,
    icc: Option<&[u8]>,
    alpha: bool,
) -> Vec<u8> {
    if exif.is_none() && icc.is_none() {
        return encoded;
    }
    let exif = exif.map(|e| {
        let mut e = e.to_vec();
        exif::set_upright(&mut e);
        e
    });
    match format {
        Format::Jpeg => jpeg(encoded, exif.as_deref(), icc),
        Format::Png => png(encoded, exif.as_deref(), icc),
        Format::Webp => webp(encoded, exif.as_deref(), icc, alpha),
        _ => encoded,
    }
}

fn jpeg(encoded: Vec<u8>, exif: Option<&[u8]>, icc: Option<&[u8]>) -> Vec<u8> {
    let mut segments = Vec::new();
    let mut segment = |marker: u8, body: &[u8]| {
        if body.len() + 2 <= usize::from(u16::MAX) {
            segments.extend_from_slice(&[0xFF, marker]);
            segments.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
            segments.extend_from_slice(body);
        }
    };
    if let Some(e) = exif {
        segment(0xE1, &[b"Exif\0\0".as_slice(), e].concat());
    }
    if let Some(p) = icc {
        let chunks: Vec<&[u8]> = p.chunks(65_519).collect();
        for (i, c) in chunks.iter().enumerate().take(255) {
            let head = [
                b"ICC_PROFILE\0".as_slice(),
                &[i as u8 + 1, chunks.len().min(255) as u8],
            ]
            .concat();
            segment(0xE2, &[head.as_slice(), c].concat());
        }
    }
    // After SOI and the JFIF APP0 segment, which readers expect first.
    let at = match encoded.get(2..6) {
        Some([0xFF, 0xE0, hi, lo]) => 4 + usize::from(u16::from_be_bytes([*hi, *lo])),
        _ => 2,
    };
    [&encoded[..at], &segments, &encoded[at..]].concat()
}

fn png_chunks(b: &[u8]) -> impl Iterator<Item = (&[u8; 4], &[u8])> {
    let mut at = 8usize;
    std::iter::from_fn(move || {
        let len = u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize;
        let id: &[u8; 4] = b.get(at + 4..at + 8)?.try_into().ok()?;
        let body = b.get(at + 8..(at + 8).checked_add(len)?)?;
        at += 12 + len;
        Some((id, body))
    })
}

fn png_chunk(out: &mut Vec<u8>, id: &[u8; 4], body: &[u8]) {
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend_from_slice(id);
    out.extend_from_slice(body);
    let mut crc = crc32fast::Hasher::new();
    crc.update(id);
    crc.update(body);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

fn png(encoded: Vec<u8>, exif: Option<&[u8]>, icc: Option<&[u8]>) -> Vec<u8> {
    // Both chunks go right after IHDR (8 signature + 25 IHDR bytes): iCCP must precede IDAT.
    let mut extra = Vec::new();
    if let Some(p) = icc {
        let body = [
            b"icc\0\0".as_slice(),
            &miniz_oxide::deflate::compress_to_vec_zlib(p, 6),
        ]
        .concat();
        png_chunk(&mut extra, b"iCCP", &body);
    }
    if let Some(e) = exif {
        png_chunk(&mut extra, b"eXIf", e);
    }
    [&encoded[..33], &extra, &encoded[33..]].concat()
}

fn webp(encoded: Vec<u8>, exif: Option<&[u8]>, icc: Option<&[u8]>, alpha: bool) -> Vec<u8> {
    let Some(info) = crate::probe::probe(&encoded, &crate::Limits::default()).ok() else {
        return encoded;
    };
    let riff_chunk_bytes = |id: &[u8], body: &[u8]| {
        let mut c = [id, &(body.len() as u32).to_le_bytes()[..], body].concat();
        if body.len() % 2 == 1 {
            c.push(0);
        }
        c
    };
    // Image chunks of the simple (VP8/VP8L) or extended (after VP8X) file, as they are.
    let image: Vec<u8> = {
        let mut at = 12;
        let mut out = Vec::new();
        while let (Some(id), Some(len)) = (encoded.get(at..at + 4), encoded.get(at + 4..at + 8)) {
            let len = u32::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
            let end = (at + 8 + len + (len & 1)).min(encoded.len());
            if !matches!(id, b"VP8X" | b"ICCP" | b"EXIF") {
                out.extend_from_slice(&encoded[at..end]);
            }
            at = end;
        }
        out
    };
    let flags = u8::from(icc.is_some()) << 5 | u8::from(alpha) << 4 | u8::from(exif.is_some()) << 3;
    let (w, h) = (info.width - 1, info.height - 1);
    let mut vp8x = vec![flags, 0, 0, 0];
    vp8x.extend_from_slice(&w.to_le_bytes()[..3]);
    vp8x.extend_from_slice(&h.to_le_bytes()[..3]);
    let mut body = b"WEBP".to_vec();
    body.extend(riff_chunk_bytes(b"VP8X", &vp8x));
    if let Some(p) = icc {
        body.extend(riff_chunk_bytes(b"ICCP", p));
    }
    body.extend(image);
    if let Some(e) = exif {
        body.extend(riff_chunk_bytes(b"EXIF", e));
    }
    [
        b"RIFF".as_slice(),
        &(body.len() as u32).to_le_bytes(),
        &body,
    ]
    .concat()
}

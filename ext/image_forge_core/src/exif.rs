//! Reads the orientation tag (0x0112) from a TIFF-structured EXIF block. Nothing else is parsed.

/// Returns the EXIF orientation (1..=8) from a TIFF header block, or `None` when absent or
/// malformed. Every read is bounds-checked: the block comes from untrusted files.
pub(crate) fn orientation(tiff: &[u8]) -> Option<u8> {
    let big_endian = match tiff.get(0..4)? {
        b"II*\0" => false,
        b"MM\0*" => true,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count).find_map(|i| {
        let entry = ifd.checked_add(2 + i * 12)?;
        (u16_at(entry)? == 0x0112).then_some(())?;
        // Type 3 (SHORT), count 1: the value sits in the first two bytes of the value field.
        let value = u16_at(entry + 8)?;
        (1..=8).contains(&value).then_some(value as u8)
    })
}

/// A minimal TIFF block holding one orientation entry, as cameras write it.
#[cfg(test)]
pub(crate) fn tiff_with_orientation(value: u16, big_endian: bool) -> Vec<u8> {
    let p16 = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let p32 = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut t = Vec::new();
    t.extend_from_slice(if big_endian { b"MM\0*" } else { b"II*\0" });
    t.extend_from_slice(&p32(8));
    t.extend_from_slice(&p16(1));
    t.extend_from_slice(&p16(0x0112));
    t.extend_from_slice(&p16(3));
    t.extend_from_slice(&p32(1));
    t.extend_from_slice(&p16(value));
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&p32(0));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_orientation_in_both_byte_orders() {
        for big in [false, true] {
            for v in 1..=8 {
                assert_eq!(orientation(&tiff_with_orientation(v, big)), Some(v as u8));
            }
        }
    }

    #[test]
    fn rejects_out_of_range_and_truncated_blocks() {
        assert_eq!(orientation(&tiff_with_orientation(9, false)), None);
        let t = tiff_with_orientation(6, false);
        for len in 0..t.len() - 6 {
            assert_eq!(orientation(&t[..len]), None, "truncated at {len}");
        }
        assert_eq!(orientation(b"garbage!"), None);
    }
}

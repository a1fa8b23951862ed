//! Reads the orientation tag (0x0112) from a TIFF-structured EXIF block. Nothing else is parsed.

/// Where the orientation value sits in a TIFF block, and whether the block is big-endian.
/// Every read is bounds-checked: the block comes from untrusted files.
fn orientation_value_at(tiff: &[u8]) -> Option<(usize, bool)> {
    let big_endian = match tiff.get(0..4)? {
        b"II*\0" => false,
        b"MM\0*" => true,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let ifd_bytes: [u8; 4] = tiff.get(4..8)?.try_into().ok()?;
    let ifd = if big_endian {
        u32::from_be_bytes(ifd_bytes)
    } else {
        u32::from_le_bytes(ifd_bytes)
    } as usize;
    let count = u16_at(ifd)? as usize;
    (0..count).find_map(|i| {
        let entry = ifd.checked_add(2 + i * 12)?;
        // Type 3 (SHORT), count 1: the value sits in the first two bytes of the value field.
        (u16_at(entry)? == 0x0112 && u16_at(entry + 8).is_some()).then_some((entry + 8, big_endian))
    })
}

/// Returns the EXIF orientation (1..=8) from a TIFF header block, or `None` when absent or
/// malformed.
pub(crate) fn orientation(tiff: &[u8]) -> Option<u8> {
    let (at, big_endian) = orientation_value_at(tiff)?;
    let b = [tiff[at], tiff[at + 1]];
    let value = if big_endian {
        u16::from_be_bytes(b)
    } else {
        u16::from_le_bytes(b)
    };
    (1..=8).contains(&value).then_some(value as u8)
}

/// Sets the orientation tag, if present, to 1 (upright): for EXIF kept on pixels that were
/// already turned upright, so that viewers do not turn them again.
pub(crate) fn set_upright(tiff: &mut [u8]) {
    if let Some((at, big_endian)) = orientation_value_at(tiff) {
        let one = if big_endian {
            1u16.to_be_bytes()
        } else {
            1u16.to_le_bytes()
        };
        tiff[at..at + 2].copy_from_slice(&one);
    }
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
    fn set_upright_rewrites_only_the_orientation() {
        for big in [false, true] {
            let mut t = tiff_with_orientation(6, big);
            set_upright(&mut t);
            assert_eq!(t, tiff_with_orientation(1, big));
        }
        let mut junk = b"junk".to_vec();
        set_upright(&mut junk);
        assert_eq!(junk, b"junk");
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

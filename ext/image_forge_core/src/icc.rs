//! Colour management: pixels described by an embedded ICC profile to sRGB (moxcms).
//!
//! A profile that cannot be read or does not fit the pixels is ignored and the pixels are
//! taken as sRGB, as libvips does: a broken profile should not make a photo unreadable.

use moxcms::{ColorProfile, DataColorSpace, Layout as CmsLayout, ProfileText, TransformOptions};

use crate::{Bitmap, Layout, Result};

/// Converts an RGB(A) bitmap from `profile` to sRGB; gray bitmaps and sRGB profiles pass.
pub(crate) fn to_srgb(bitmap: Bitmap, profile: &[u8]) -> Bitmap {
    let layout = match bitmap.layout {
        Layout::Rgb => CmsLayout::Rgb,
        Layout::Rgba => CmsLayout::Rgba,
        Layout::Gray | Layout::GrayAlpha => return bitmap,
    };
    let Some(source) = parse(profile, DataColorSpace::Rgb) else {
        return bitmap;
    };
    if is_srgb(&source) {
        return bitmap;
    }
    let Ok(transform) = source.create_transform_8bit(
        layout,
        &ColorProfile::new_srgb(),
        layout,
        TransformOptions::default(),
    ) else {
        return bitmap;
    };
    let mut out = vec![0; bitmap.data.len()];
    match transform.transform(&bitmap.data, &mut out) {
        Ok(()) => Bitmap {
            data: out,
            ..bitmap
        },
        Err(_) => bitmap,
    }
}

/// Converts CMYK samples (4 per pixel) to sRGB: through `profile` when it is a usable CMYK
/// profile, else with the naive formula. `inverted` is Adobe's convention (0 = full ink).
pub(crate) fn cmyk_to_srgb(
    mut cmyk: Vec<u8>,
    width: u32,
    height: u32,
    profile: Option<&[u8]>,
    inverted: bool,
) -> Result<Bitmap> {
    if inverted {
        cmyk.iter_mut().for_each(|v| *v = 255 - *v);
    }
    let source = profile.and_then(|p| parse(p, DataColorSpace::Cmyk));
    let managed = source.and_then(|s| {
        let t = s
            .create_transform_8bit(
                CmsLayout::Rgba,
                &ColorProfile::new_srgb(),
                CmsLayout::Rgb,
                TransformOptions::default(),
            )
            .ok()?;
        let mut rgb = vec![0; cmyk.len() / 4 * 3];
        t.transform(&cmyk, &mut rgb).ok().map(|()| rgb)
    });
    let rgb = managed.unwrap_or_else(|| {
        let ink = |v: u8, k: u8| ((255 - u32::from(v)) * (255 - u32::from(k)) / 255) as u8;
        cmyk.chunks_exact(4)
            .flat_map(|p| [ink(p[0], p[3]), ink(p[1], p[3]), ink(p[2], p[3])])
            .collect()
    });
    Bitmap::new(width, height, Layout::Rgb, rgb)
}

/// Whether [`to_srgb`] leaves RGB pixels described by `profile` as they are: an sRGB profile,
/// or one it cannot use.
pub(crate) fn keeps_rgb(profile: &[u8]) -> bool {
    parse(profile, DataColorSpace::Rgb).is_none_or(|p| is_srgb(&p))
}

fn parse(profile: &[u8], space: DataColorSpace) -> Option<ColorProfile> {
    ColorProfile::new_from_slice(profile)
        .ok()
        .filter(|p| p.color_space == space)
}

/// sRGB profiles (by name, as most embedded ones are) need no work.
fn is_srgb(profile: &ColorProfile) -> bool {
    let name = match &profile.description {
        Some(ProfileText::PlainString(s)) => s.clone(),
        Some(ProfileText::Localizable(v)) => v.first().map(|l| l.value.clone()).unwrap_or_default(),
        Some(ProfileText::Description(d)) => d.ascii_string.clone(),
        None => String::new(),
    };
    name.to_ascii_lowercase().contains("srgb")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_cmyk_conversion_handles_adobe_inversion() {
        let plain = cmyk_to_srgb(vec![0, 255, 255, 0, 0, 0, 0, 255], 2, 1, None, false).unwrap();
        assert_eq!(plain.data, vec![255, 0, 0, 0, 0, 0]);
        let adobe = cmyk_to_srgb(vec![255, 0, 0, 255], 1, 1, None, true).unwrap();
        assert_eq!(adobe.data, vec![255, 0, 0]);
    }

    #[test]
    fn wide_gamut_red_becomes_a_more_saturated_srgb_red_and_srgb_passes() {
        let p3 = ColorProfile::new_display_p3().encode().unwrap();
        let b = Bitmap::new(1, 1, Layout::Rgb, vec![200, 60, 60]).unwrap();
        let out = to_srgb(b.clone(), &p3);
        assert!(out.data[0] > 200 && out.data[1] < 60, "{:?}", out.data);
        let srgb = ColorProfile::new_srgb().encode().unwrap();
        assert_eq!(to_srgb(b.clone(), &srgb), b);
        assert_eq!(to_srgb(b.clone(), b"not a profile"), b);
    }
}

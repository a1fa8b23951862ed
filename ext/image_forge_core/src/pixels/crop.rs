use crate::{error::invalid_recipe, Bitmap, Result};

/// Refuses a crop rectangle that does not lie inside a `w` x `h` image.
pub(crate) fn check_fits(
    (w, h): (u32, u32),
    left: u32,
    top: u32,
    width: u32,
    height: u32,
) -> Result<()> {
    let fits =
        |offset: u32, len: u32, total: u32| offset.checked_add(len).is_some_and(|end| end <= total);
    if fits(left, width, w) && fits(top, height, h) {
        return Ok(());
    }
    Err(invalid_recipe(format!(
        "crop {width}x{height} at ({left}, {top}) does not fit in the {w}x{h} image"
    )))
}

/// Cuts out `width` x `height` at (`left`, `top`); the rectangle must lie inside the image.
pub(crate) fn crop(src: Bitmap, left: u32, top: u32, width: u32, height: u32) -> Result<Bitmap> {
    check_fits((src.width, src.height), left, top, width, height)?;
    if (left, top, width, height) == (0, 0, src.width, src.height) {
        return Ok(src);
    }
    let ch = src.layout.channels();
    let row = src.row_bytes();
    let mut out = Vec::with_capacity(width as usize * height as usize * ch);
    for y in top as usize..(top + height) as usize {
        let start = y * row + left as usize * ch;
        out.extend_from_slice(&src.data[start..start + width as usize * ch]);
    }
    Bitmap::new(width, height, src.layout, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Layout;

    #[test]
    fn cuts_the_rectangle_and_refuses_one_outside() {
        let b = Bitmap::new(3, 2, Layout::Gray, vec![0, 1, 2, 3, 4, 5]).unwrap();
        assert_eq!(crop(b.clone(), 1, 0, 2, 2).unwrap().data, vec![1, 2, 4, 5]);
        assert!(crop(b.clone(), 2, 0, 2, 1).is_err());
        assert!(crop(b, u32::MAX, 0, 2, 1).is_err());
    }
}

//! The render: probe -> plan -> decode (shrink-on-load) -> resize -> orient -> encode.

use std::fmt;

use crate::{
    decode::{decode, shrink_on_load},
    encode::encode,
    error::{invalid_recipe, Limit},
    geometry::{plan, ResizePlan},
    ops::{orient, resize},
    probe, Bitmap, Cancel, Error, Format, Limits, Orientation, Recipe, Result,
};

/// The encoded result of a render.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Rendered({} {}x{}, {} bytes)",
            self.format,
            self.width,
            self.height,
            self.bytes.len()
        )
    }
}

/// Runs `recipe` on the image in `bytes`. `cancel` is checked between steps.
pub fn render(bytes: &[u8], recipe: &Recipe, limits: &Limits, cancel: &Cancel) -> Result<Rendered> {
    let info = probe(bytes, limits)?;
    let format = recipe.output.format.unwrap_or(info.format);
    if !format.is_writable() {
        return Err(invalid_recipe(format!("cannot write {format}")));
    }
    let orientation = if recipe.auto_orient {
        info.orientation
    } else {
        Orientation::UPRIGHT
    };
    let display = if recipe.auto_orient {
        info.display_size()
    } else {
        (info.width, info.height)
    };
    let plans = plan_ops(recipe, display, limits)?;

    // Every op so far is centred, so it commutes with orientation: resize the stored pixels and
    // turn only the (smaller) result upright.
    let stored: Vec<ResizePlan> = plans
        .iter()
        .map(|p| p.in_stored_space(orientation))
        .collect();
    let shrink = stored
        .first()
        .map_or(1, |p| shrink_on_load(info.format, p.reduction()));
    cancel.check()?;
    let mut bitmap = decode(bytes, &info, shrink)?;
    for p in &stored {
        cancel.check()?;
        let p = p.for_input((bitmap.width, bitmap.height));
        bitmap = resize(bitmap, &p)?;
    }
    cancel.check()?;
    let bitmap: Bitmap = orient(bitmap, orientation);
    let (width, height) = (bitmap.width, bitmap.height);
    let bytes = encode(bitmap, format, &recipe.output)?;
    Ok(Rendered {
        bytes,
        format,
        width,
        height,
    })
}

/// Plans each op on the size the previous one produced; checks the output limits, so that
/// upscaling cannot allocate more than a source may.
fn plan_ops(recipe: &Recipe, mut size: (u32, u32), limits: &Limits) -> Result<Vec<ResizePlan>> {
    let mut plans = Vec::new();
    for op in &recipe.ops {
        if let Some(p) = plan(op, size) {
            size = (p.width, p.height);
            plans.push(p);
        }
    }
    let largest = size.0.max(size.1);
    if largest > limits.max_output_dimension {
        return Err(Error::LimitExceeded {
            what: Limit::Dimension,
            actual: largest.into(),
            limit: limits.max_output_dimension.into(),
        });
    }
    let pixels = u64::from(size.0) * u64::from(size.1);
    if pixels > limits.max_pixels {
        return Err(Error::LimitExceeded {
            what: Limit::Pixels,
            actual: pixels,
            limit: limits.max_pixels,
        });
    }
    Ok(plans)
}

//! The render: probe -> plan -> decode (shrink-on-load) -> first resize -> to sRGB -> orient
//! -> ops -> flatten -> encode. Limits are checked on the plan, before any pixel is decoded.

use std::{borrow::Cow, fmt, sync::Mutex};

use crate::{
    decode::{decode, shrink_on_load},
    encode::encode,
    error::invalid_recipe,
    geometry::{plan, scale_op, ResizePlan},
    icc, metadata,
    ops::{self, composite, orient, pad, resize, smart_crop},
    probe, Bitmap, Cancel, Colour, Format, Gravity, Info, Limits, Op, Orientation, OverlayId,
    Recipe, Result,
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
        let (w, h, n) = (self.width, self.height, self.bytes.len());
        write!(f, "Rendered({} {w}x{h}, {n} bytes)", self.format)
    }
}

/// Overlay images for `composite` steps, by the id the recipe names them with.
pub type Overlays = std::collections::HashMap<OverlayId, Vec<u8>>;

/// One step of a planned render, in display space.
#[derive(Debug, Clone, Copy)]
enum Step {
    Resize(ResizePlan),
    Pad {
        width: u32,
        height: u32,
        background: Colour,
        gravity: Gravity,
    },
    SmartCrop(u32, u32),
    Pixels(Op),
}

/// Runs `recipe` on the image in `bytes`. `cancel` is checked between steps.
pub fn render(bytes: &[u8], recipe: &Recipe, limits: &Limits, cancel: &Cancel) -> Result<Rendered> {
    render_with(bytes, recipe, &Overlays::new(), limits, cancel)
}

/// [`render`] with the overlay images that the recipe's `composite` steps name.
pub fn render_with(
    bytes: &[u8],
    recipe: &Recipe,
    overlays: &Overlays,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Rendered> {
    let mut results = render_many(
        bytes,
        std::slice::from_ref(recipe),
        overlays,
        limits,
        cancel,
    )?;
    results
        .pop()
        .unwrap_or_else(|| Err(invalid_recipe("no result")))
}

/// Renders several recipes (the presets of an upload, say) from one probe and one decode, at
/// the finest shrink-on-load any of them needs. The outer error is the source's (unreadable,
/// over a limit); each recipe then succeeds or fails on its own. Recipes render in parallel,
/// one thread per core, sharing the decoded pixels.
pub fn render_many(
    bytes: &[u8],
    recipes: &[Recipe],
    overlays: &Overlays,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<Result<Rendered>>> {
    let info = probe(bytes, limits)?;
    let plans: Vec<Result<Plan>> = recipes
        .iter()
        .map(|r| Plan::new(r, &info, limits))
        .collect();
    let shrink = plans
        .iter()
        .flatten()
        .map(|p| {
            p.first
                .map_or(1, |f| shrink_on_load(info.format, f.reduction()))
        })
        .min()
        .unwrap_or(1);
    cancel.check()?;
    let decoded = decode(bytes, &info, shrink)?;
    let source = Source {
        bytes,
        info: &info,
        icc: decoded.icc.as_deref(),
    };
    let render_one = |plan: Plan, recipe: &Recipe, pixels: Cow<'_, Bitmap>| {
        cancel.check()?;
        let bitmap = match plan.first {
            Some(p) => resize(
                &pixels,
                &p.for_input((pixels.width, pixels.height), decoded.scale),
            )?,
            None => pixels.into_owned(),
        };
        finish(bitmap, plan, recipe, &source, overlays, limits, cancel)
    };

    let mut results: Vec<Option<Result<Rendered>>> = Vec::with_capacity(plans.len());
    let mut jobs = Vec::new();
    for (i, plan) in plans.into_iter().enumerate() {
        match plan {
            Ok(plan) => {
                jobs.push((i, plan));
                results.push(None);
            }
            Err(e) => results.push(Some(Err(e))),
        }
    }
    if jobs.len() <= 1 {
        // One recipe takes the decoded pixels instead of a copy.
        if let Some((i, plan)) = jobs.pop() {
            results[i] = Some(render_one(plan, &recipes[i], Cow::Owned(decoded.bitmap)));
        }
    } else {
        // Several recipes share the decoded pixels, rendered on as many threads as there are
        // cores (each holds its own intermediate bitmaps).
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(jobs.len());
        let queue = Mutex::new(jobs.into_iter());
        let done = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let next = queue.lock().unwrap_or_else(|p| p.into_inner()).next();
                    let Some((i, plan)) = next else { break };
                    let rendered = render_one(plan, &recipes[i], Cow::Borrowed(&decoded.bitmap));
                    done.lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .push((i, rendered));
                });
            }
        });
        for (i, rendered) in done.into_inner().unwrap_or_else(|p| p.into_inner()) {
            results[i] = Some(rendered);
        }
    }
    Ok(results
        .into_iter()
        .map(|r| r.expect("every recipe has a result"))
        .collect())
}

/// Decodes as a render of `recipe` would, and stops there: the floor a render's time cannot
/// go below. Returns the decoded size.
pub fn decode_only(bytes: &[u8], recipe: &Recipe, limits: &Limits) -> Result<(u32, u32)> {
    let info = probe(bytes, limits)?;
    let plan = Plan::new(recipe, &info, limits)?;
    let shrink = plan
        .first
        .map_or(1, |f| shrink_on_load(info.format, f.reduction()));
    let decoded = decode(bytes, &info, shrink)?;
    Ok((decoded.bitmap.width, decoded.bitmap.height))
}

/// A recipe planned against a probed source: its output format, the orientation to apply, the
/// leading resize (in stored space, fused with decoding) and the steps after it.
struct Plan {
    format: Format,
    orientation: Orientation,
    first: Option<ResizePlan>,
    steps: Vec<Step>,
}

impl Plan {
    fn new(recipe: &Recipe, info: &Info, limits: &Limits) -> Result<Plan> {
        let format = recipe.output_format(info.format);
        let (orientation, display) = if recipe.auto_orient {
            (info.orientation, info.display_size())
        } else {
            (Orientation::UPRIGHT, (info.width, info.height))
        };
        let mut steps = plan_steps(recipe, display, limits)?;
        // A leading resize runs on the stored pixels, before orientation: the decoder can
        // shrink for it, and only the smaller result has to be turned upright.
        let first = match steps.first() {
            Some(Step::Resize(p)) => Some(p.in_stored_space(orientation)),
            _ => None,
        };
        if first.is_some() {
            steps.remove(0);
        }
        Ok(Plan {
            format,
            orientation,
            first,
            steps,
        })
    }
}

/// What every recipe of a render shares about the source.
struct Source<'a> {
    bytes: &'a [u8],
    info: &'a Info,
    icc: Option<&'a [u8]>,
}

/// The rest of a render after the first resize: to sRGB, upright, the other steps, encode.
fn finish(
    mut bitmap: Bitmap,
    plan: Plan,
    recipe: &Recipe,
    source: &Source<'_>,
    overlays: &Overlays,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Rendered> {
    // Like libvips' thumbnail, convert to sRGB after the first (shrinking) resize: far fewer
    // pixels, and no visible difference for photos. keep_icc keeps the source's colours and
    // profile instead.
    let out = &recipe.output;
    if let Some(profile) = source.icc.filter(|_| !out.keep_icc) {
        bitmap = icc::to_srgb(bitmap, profile);
    }
    bitmap = orient(bitmap, plan.orientation);
    for step in plan.steps {
        cancel.check()?;
        bitmap = run_step(step, bitmap, overlays, limits, cancel)?;
    }
    cancel.check()?;
    let (width, height, alpha) = (bitmap.width, bitmap.height, bitmap.layout.has_alpha());
    let format = plan.format;
    let mut bytes = encode(bitmap, format, out)?;
    if out.keep_metadata || out.keep_icc {
        let exif = out
            .keep_metadata
            .then(|| metadata::source_exif(source.bytes, source.info.format))
            .flatten();
        let profile = source.icc.filter(|_| out.keep_icc);
        bytes = metadata::embed(bytes, format, exif.as_deref(), profile, alpha);
    }
    Ok(Rendered {
        bytes,
        format,
        width,
        height,
    })
}

fn run_step(
    step: Step,
    bitmap: Bitmap,
    overlays: &Overlays,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Bitmap> {
    match step {
        Step::Pixels(Op::Composite {
            overlay,
            gravity,
            dx,
            dy,
            opacity,
        }) => {
            let bytes = overlays.get(&overlay).ok_or_else(|| {
                invalid_recipe(format!("composite: overlay {overlay} was not given"))
            })?;
            Ok(composite(
                bitmap,
                load(bytes, limits)?,
                gravity,
                (dx, dy),
                opacity.get(),
            ))
        }
        Step::Resize(p) => resize(&bitmap, &p),
        Step::Pad {
            width,
            height,
            background,
            gravity,
        } => Ok(pad(bitmap, width, height, background, gravity)),
        Step::SmartCrop(w, h) => smart_crop(bitmap, w, h),
        Step::Pixels(op) => ops::apply(&op, bitmap, cancel),
    }
}

/// An image as displayed: decoded, in sRGB, upright. For overlays, which are not resized.
fn load(bytes: &[u8], limits: &Limits) -> Result<Bitmap> {
    let info = probe(bytes, limits)?;
    let decoded = decode(bytes, &info, 1)?;
    let bitmap = match decoded.icc {
        Some(profile) => icc::to_srgb(decoded.bitmap, &profile),
        None => decoded.bitmap,
    };
    Ok(orient(bitmap, info.orientation))
}

/// Expands the ops into steps on the sizes each produces, and checks the limits on every
/// intermediate size, so that no op can allocate more than a source may.
fn plan_steps(recipe: &Recipe, mut size: (u32, u32), limits: &Limits) -> Result<Vec<Step>> {
    let mut steps = Vec::new();
    for op in &recipe.ops {
        let op = recipe.output.dpr.map_or(*op, |dpr| scale_op(*op, dpr));
        if let Some(p) = plan(&op, size) {
            steps.push(Step::Resize(p));
            size = (p.width, p.height);
        }
        match op {
            Op::ResizeToLimit(_) | Op::ResizeToFit(_) | Op::ResizeToCover { .. } => {}
            Op::ResizeToFill {
                width,
                height,
                gravity: Gravity::Attention,
            } => {
                steps.push(Step::SmartCrop(width, height));
                size = (width.min(size.0), height.min(size.1));
            }
            Op::ResizeToFill { .. } => {}
            Op::ResizeAndPad {
                width,
                height,
                background,
                gravity,
            } => {
                steps.push(Step::Pad {
                    width,
                    height,
                    background,
                    gravity,
                });
                size = (width, height);
            }
            other => {
                if let Op::Crop {
                    left,
                    top,
                    width,
                    height,
                } = other
                {
                    ops::check_fits(size, left, top, width, height)?;
                }
                steps.push(Step::Pixels(other));
                size = ops::output_size(&other, size);
            }
        }
        limits.check_output(size)?;
    }
    Ok(steps)
}

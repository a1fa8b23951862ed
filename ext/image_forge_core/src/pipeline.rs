//! The render: probe -> plan -> decode (shrink-on-load) -> first resize -> to sRGB -> orient
//! -> ops -> flatten -> encode. Limits are checked on the plan, before any pixel is decoded.

use std::{borrow::Cow, fmt, sync::Mutex};

use crate::{
    decode::{self, decode, shrink_on_load},
    encode::encode,
    error::invalid_recipe,
    geometry::{plan, scale_op, ResizePlan},
    icc, memory, metadata,
    ops::{self, composite, orient, pad, resize, smart_crop},
    probe, Bitmap, Cancel, Colour, Format, Gravity, Info, Limits, Op, Orientation, OverlayId,
    Recipe, Result, Size,
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
/// over a limit, over `max_memory` for the renders together); each recipe then succeeds or
/// fails on its own. Recipes render in parallel, one thread per core, sharing the decoded
/// pixels.
pub fn render_many(
    bytes: &[u8],
    recipes: &[Recipe],
    overlays: &Overlays,
    limits: &Limits,
    cancel: &Cancel,
) -> Result<Vec<Result<Rendered>>> {
    let (info, plans, shrink) = plan_all(bytes, recipes, overlays, limits)?;
    cancel.check()?;
    let decoded = decode(bytes, &info, shrink, cancel)?;
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
        let queue = Mutex::new(jobs.into_iter());
        let done = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..workers(recipes.len()) {
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

/// The estimated peak memory of [`render_many`] of `recipes` on `bytes`, in bytes: what is
/// checked against `max_memory` before decoding. Errors as the render's source errors.
pub fn estimate_memory(
    bytes: &[u8],
    recipes: &[Recipe],
    overlays: &Overlays,
    limits: &Limits,
) -> Result<u64> {
    let unlimited = Limits {
        max_memory: u64::MAX,
        ..*limits
    };
    let (info, plans, shrink) = plan_all(bytes, recipes, overlays, &unlimited)?;
    Ok(peak_memory(&info, bytes.len(), &plans, shrink))
}

/// [`probe`], and also refuses an image that not even the smallest render could decode within
/// `max_memory` (a progressive JPEG's coefficients, a 16-bit PNG at full size): what an upload
/// checks, so that it does not store a source no variant can be rendered from.
pub fn probe_renderable(bytes: &[u8], limits: &Limits) -> Result<Info> {
    // Every upload probes: the recipe is built, not parsed.
    let smallest = Recipe {
        ops: vec![Op::ResizeToLimit(Size {
            width: Some(1),
            height: Some(1),
        })],
        ..Recipe::default()
    };
    let (info, _, _) = plan_all(
        bytes,
        std::slice::from_ref(&smallest),
        &Overlays::new(),
        limits,
    )?;
    Ok(info)
}

/// Probe, plan every recipe, choose the shrink-on-load, and check the memory they need.
fn plan_all(
    bytes: &[u8],
    recipes: &[Recipe],
    overlays: &Overlays,
    limits: &Limits,
) -> Result<(Info, Vec<Result<Plan>>, u32)> {
    let info = probe(bytes, limits)?;
    let plans: Vec<Result<Plan>> = recipes
        .iter()
        .map(|r| Plan::new(r, &info, overlays, limits))
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
    limits.check_memory(peak_memory(&info, bytes.len(), &plans, shrink))?;
    Ok((info, plans, shrink))
}

/// The decode's peak, or the decoded pixels plus the recipes that run at once, whichever is
/// larger.
fn peak_memory(info: &Info, len: usize, plans: &[Result<Plan>], shrink: u32) -> u64 {
    let shrink_by = |side: u32| side.div_ceil(shrink.max(1));
    let channels = info.decode_cost.channels;
    let decoded_size = (shrink_by(info.width), shrink_by(info.height));
    let decoded = memory::bitmap(decoded_size, channels);
    let mut renders: Vec<u64> = plans
        .iter()
        .flatten()
        .map(|plan| {
            let first = plan.first.map_or(0, |p| {
                memory::resize_scratch(decoded_size, (p.width, p.height), channels)
            });
            first.max(plan.memory)
        })
        .collect();
    renders.sort_unstable_by(|a, b| b.cmp(a));
    let running: u64 = renders.iter().take(workers(renders.len())).sum();
    decode::memory(info, shrink, len).max(decoded + running)
}

/// Threads that render `jobs` recipes of one source: one per core.
fn workers(jobs: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs)
        .max(1)
}

/// Decodes as a render of `recipe` would, and stops there: the floor a render's time cannot
/// go below. Returns the decoded size.
pub fn decode_only(bytes: &[u8], recipe: &Recipe, limits: &Limits) -> Result<(u32, u32)> {
    let (info, _, shrink) = plan_all(
        bytes,
        std::slice::from_ref(recipe),
        &Overlays::new(),
        limits,
    )?;
    let decoded = decode(bytes, &info, shrink, &Cancel::new())?;
    Ok((decoded.bitmap.width, decoded.bitmap.height))
}

/// A recipe planned against a probed source: its output format, the orientation to apply, the
/// leading resize (in stored space, fused with decoding) and the steps after it.
struct Plan {
    format: Format,
    orientation: Orientation,
    first: Option<ResizePlan>,
    steps: Vec<Planned>,
    /// Channels of its intermediate bitmaps, at most.
    channels: u8,
    /// Peak bytes of the steps after the leading resize, the encode included.
    memory: u64,
}

impl Plan {
    fn new(recipe: &Recipe, info: &Info, overlays: &Overlays, limits: &Limits) -> Result<Plan> {
        let format = recipe.output_format(info.format);
        let (orientation, display) = if recipe.auto_orient {
            (info.orientation, info.display_size())
        } else {
            (Orientation::UPRIGHT, (info.width, info.height))
        };
        let channels = memory::channels(&recipe.ops, info.decode_cost.channels);
        let mut planned = plan_steps(recipe, 0, display, channels, overlays, limits)?;
        // A leading resize runs on the stored pixels, before orientation: the decoder can
        // shrink for it, and only the smaller result has to be turned upright.
        let first = match planned.steps.first() {
            Some(Planned {
                step: Step::Resize(p),
                ..
            }) => Some(p.in_stored_space(orientation)),
            _ => None,
        };
        if first.is_some() {
            planned.steps.remove(0);
        }
        // Colour conversion and orientation copy the (resized) image once each.
        let upright = memory::bitmap(first.map_or(display, |p| (p.width, p.height)), channels);
        let memory = planned
            .memory()
            .max(memory::op(None, upright, upright))
            .max(memory::encode(format, planned.size, channels));
        Ok(Plan {
            format,
            orientation,
            first,
            steps: planned.steps,
            channels,
            memory,
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
    let mut steps = plan.steps;
    let mut i = 0;
    while let Some(&Planned { op, step, .. }) = steps.get(i) {
        cancel.check()?;
        let before = (bitmap.width, bitmap.height);
        bitmap = run_step(step, bitmap, overlays, limits, cancel)?;
        let after = (bitmap.width, bitmap.height);
        if matches!(step, Step::Pixels(Op::Trim { .. })) && after != before {
            // Trim's size depends on the pixels: what follows is planned again on the size it
            // left, and checked again.
            let rest = plan_steps(recipe, op + 1, after, plan.channels, overlays, limits)?;
            let resident = memory::encode(plan.format, rest.size, plan.channels);
            limits.check_memory(rest.memory().max(resident))?;
            steps.truncate(i + 1);
            steps.extend(rest.steps);
        }
        i += 1;
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
                load(bytes, limits, cancel)?,
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
fn load(bytes: &[u8], limits: &Limits, cancel: &Cancel) -> Result<Bitmap> {
    let info = probe(bytes, limits)?;
    let decoded = decode(bytes, &info, 1, cancel)?;
    let bitmap = match decoded.icc {
        Some(profile) => icc::to_srgb(decoded.bitmap, &profile),
        None => decoded.bitmap,
    };
    Ok(orient(bitmap, info.orientation))
}

/// What an overlay costs to load: its decode, then its upright copy. Unreadable overlays
/// cost nothing here; they fail when loaded.
fn overlay_memory(bytes: &[u8], limits: &Limits) -> u64 {
    probe(bytes, limits).map_or(0, |info| {
        decode::memory(&info, 1, bytes.len()) + 2 * memory::bitmap((info.width, info.height), 4)
    })
}

/// Peak bytes of one step from a bitmap of `from` pixels to one of `to`.
fn step_memory(
    step: &Step,
    from: (u32, u32),
    to: (u32, u32),
    channels: u8,
    overlays: &Overlays,
    limits: &Limits,
) -> u64 {
    let (input, output) = (memory::bitmap(from, channels), memory::bitmap(to, channels));
    match step {
        Step::Resize(_) => input + memory::resize_scratch(from, to, channels),
        Step::Pixels(Op::Composite { overlay, .. }) => {
            let load = overlays
                .get(overlay)
                .map_or(0, |b| overlay_memory(b, limits));
            memory::op(None, input, output) + load
        }
        Step::Pixels(op) => memory::op(Some(op), input, output),
        _ => memory::op(None, input, output),
    }
}

/// Steps planned from one op of the recipe on: in order, with the size they end at.
struct PlannedSteps {
    steps: Vec<Planned>,
    size: (u32, u32),
}

impl PlannedSteps {
    /// The peak memory of the steps: the largest of any one.
    fn memory(&self) -> u64 {
        self.steps.iter().map(|s| s.memory).max().unwrap_or(0)
    }
}

/// One step, the index of the recipe op it comes from, and its peak memory.
#[derive(Debug, Clone, Copy)]
struct Planned {
    op: usize,
    step: Step,
    memory: u64,
}

/// Expands the ops of `recipe` from index `from` on into steps on the sizes each produces,
/// starting at `size` with bitmaps of up to `channels`, and checks the limits on every
/// intermediate size, so that no op can allocate more than a source may.
fn plan_steps(
    recipe: &Recipe,
    from: usize,
    mut size: (u32, u32),
    channels: u8,
    overlays: &Overlays,
    limits: &Limits,
) -> Result<PlannedSteps> {
    let mut steps = Vec::new();
    for (index, op) in recipe.ops.iter().enumerate().skip(from) {
        let op = recipe.output.dpr.map_or(*op, |dpr| scale_op(*op, dpr));
        let mut push = |step: Step, size: &mut (u32, u32), to: (u32, u32)| {
            let memory = step_memory(&step, *size, to, channels, overlays, limits);
            steps.push(Planned {
                op: index,
                step,
                memory,
            });
            *size = to;
        };
        if let Some(p) = plan(&op, size) {
            push(Step::Resize(p), &mut size, (p.width, p.height));
        }
        match op {
            Op::ResizeToLimit(_) | Op::ResizeToFit(_) | Op::ResizeToCover { .. } => {}
            Op::ResizeToFill {
                width,
                height,
                gravity: Gravity::Attention,
            } => {
                let to = (width.min(size.0), height.min(size.1));
                push(Step::SmartCrop(width, height), &mut size, to);
            }
            Op::ResizeToFill { .. } => {}
            Op::ResizeAndPad {
                width,
                height,
                background,
                gravity,
            } => push(
                Step::Pad {
                    width,
                    height,
                    background,
                    gravity,
                },
                &mut size,
                (width, height),
            ),
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
                let to = ops::output_size(&other, size);
                push(Step::Pixels(other), &mut size, to);
            }
        }
        limits.check_output(size)?;
    }
    Ok(PlannedSteps { steps, size })
}

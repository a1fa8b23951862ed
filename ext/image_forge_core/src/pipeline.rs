//! The render: probe -> plan -> decode (shrink-on-load) -> first resize -> to sRGB -> orient
//! -> ops -> flatten -> encode. Limits are checked on the plan, before any pixel is decoded.

use std::{borrow::Cow, fmt, sync::Mutex};

mod planar;

use planar::PlanarPlan;

use crate::{
    decode::{self, decode, shrink_on_load},
    encode::encode,
    error::invalid_recipe,
    geometry::ResizePlan,
    icc, memory, metadata,
    ops::{Env, ResizeToLimit},
    pixels::{orient, resize, resize_first},
    probe, Bitmap, Cancel, Format, Info, Limits, Op, Orientation, Output, OverlayId, Recipe,
    Result, Size,
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

/// One step of a planned render, in display space: an op's resampling, or its pixel work.
#[derive(Debug, Clone, Copy)]
enum Step {
    Resize(ResizePlan),
    Apply(Op),
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
/// the finest shrink-on-load any of them needs; a batch that mixes JPEG-to-JPEG resizes (from
/// the JPEG's planes) with other recipes (from RGB) decodes once for each, so every recipe
/// renders the bytes it would alone. The outer error is the source's (unreadable,
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
    let env = Env {
        overlays,
        limits,
        cancel,
    };
    let (info, plans, _) = plan_all(bytes, recipes, &env)?;
    cancel.check()?;
    let mut results: Vec<Option<Result<Rendered>>> = Vec::with_capacity(plans.len());
    let (mut planar_jobs, mut rgb_jobs) = (Vec::new(), Vec::new());
    let icc = planar::source_icc(bytes, &plans);
    for (i, plan) in plans.into_iter().enumerate() {
        match plan {
            Ok(plan) if plan.takes_planes(icc.as_deref()) => {
                planar_jobs.push((i, plan));
                results.push(None);
            }
            Ok(plan) => {
                rgb_jobs.push((i, plan));
                results.push(None);
            }
            Err(e) => results.push(Some(Err(e))),
        }
    }
    // Each recipe takes the path it would take alone; a batch with both decodes twice, one
    // after the other, each at the finest shrink its own recipes need.
    if !planar_jobs.is_empty() {
        match planar::decode(bytes, &info, finest_shrink(&planar_jobs), icc)? {
            Some(planar) => {
                let source = Source {
                    bytes,
                    info: &info,
                    icc: planar.icc.as_deref(),
                };
                render_planar(planar_jobs, recipes, &planar, &source, &env, &mut results);
            }
            None => rgb_jobs.append(&mut planar_jobs),
        }
    }
    if let [(i, plan)] = &rgb_jobs[..] {
        // A lone recipe that starts with a resize takes a JPEG or PNG a band of rows at a
        // time: the whole decoded image is never held.
        if let Some(first) = plan.first {
            let i = *i;
            if let Some((bitmap, icc)) =
                decode::decode_resized(bytes, &info, plan.shrink, first, cancel)?
            {
                let source = Source {
                    bytes,
                    info: &info,
                    icc: icc.as_deref(),
                };
                let (_, plan) = rgb_jobs.pop().expect("one job");
                results[i] = Some(finish(bitmap, plan, &recipes[i], &source, &env));
            }
        }
    }
    if !rgb_jobs.is_empty() {
        cancel.check()?;
        let decoded = decode(bytes, &info, finest_shrink(&rgb_jobs), cancel)?;
        let source = Source {
            bytes,
            info: &info,
            icc: decoded.icc.as_deref(),
        };
        let render_one = |plan: Plan, recipe: &Recipe, pixels: Cow<'_, Bitmap>| {
            cancel.check()?;
            let bitmap = match plan.first {
                Some(p) => resize_first(
                    &pixels,
                    &p.for_input((pixels.width, pixels.height), decoded.scale),
                )?,
                None => pixels.into_owned(),
            };
            finish(bitmap, plan, recipe, &source, &env)
        };
        render_jobs(rgb_jobs, recipes, decoded.bitmap, render_one, &mut results);
    }
    Ok(results
        .into_iter()
        .map(|r| r.expect("every recipe has a result"))
        .collect())
}

/// The shrink-on-load that serves every one of `jobs`.
fn finest_shrink(jobs: &[(usize, Plan)]) -> u32 {
    jobs.iter().map(|(_, p)| p.shrink).min().unwrap_or(1)
}

/// Renders `jobs` from a JPEG's planes.
fn render_planar(
    jobs: Vec<(usize, Plan)>,
    recipes: &[Recipe],
    planar: &planar::PlanarSource,
    source: &Source<'_>,
    env: &Env<'_>,
    results: &mut [Option<Result<Rendered>>],
) {
    let render_one = |plan: Plan, recipe: &Recipe, _: Cow<'_, ()>| {
        let planar_plan = plan
            .planar
            .ok_or_else(|| invalid_recipe("planar render of a recipe planned for RGB"))?;
        let (bytes, size) = planar::render(
            planar,
            &planar_plan,
            plan.orientation,
            &recipe.output,
            env.cancel,
        )?;
        Ok(package(
            bytes,
            plan.format,
            size,
            false,
            &recipe.output,
            source,
        ))
    };
    render_jobs(jobs, recipes, (), render_one, results);
}

/// Renders `jobs` (a recipe's index and its plan) from the decoded `pixels`, on as many threads
/// as there are cores, into `results`.
fn render_jobs<T: Clone + Sync>(
    mut jobs: Vec<(usize, Plan)>,
    recipes: &[Recipe],
    pixels: T,
    render_one: impl Fn(Plan, &Recipe, Cow<'_, T>) -> Result<Rendered> + Sync,
    results: &mut [Option<Result<Rendered>>],
) {
    if jobs.len() <= 1 {
        // One recipe takes the decoded pixels instead of a copy.
        if let Some((i, plan)) = jobs.pop() {
            results[i] = Some(render_one(plan, &recipes[i], Cow::Owned(pixels)));
        }
        return;
    }
    // Several recipes share the decoded pixels, rendered on as many threads as there are
    // cores (each holds its own intermediate bitmaps).
    let workers = workers(jobs.len());
    let queue = Mutex::new(jobs.into_iter());
    let done = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = queue.lock().unwrap_or_else(|p| p.into_inner()).next();
                let Some((i, plan)) = next else { break };
                let rendered = render_one(plan, &recipes[i], Cow::Borrowed(&pixels));
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
    let env = Env {
        overlays,
        limits: &unlimited,
        cancel: &Cancel::new(),
    };
    let (info, plans, shrink) = plan_all(bytes, recipes, &env)?;
    Ok(peak_memory(&info, bytes.len(), &plans, shrink))
}

/// [`probe`], and also refuses an image that not even the smallest render could decode within
/// `max_memory` (a progressive JPEG's coefficients, a 16-bit PNG at full size): what an upload
/// checks, so that it does not store a source no variant can be rendered from.
pub fn probe_renderable(bytes: &[u8], limits: &Limits) -> Result<Info> {
    // Every upload probes: the recipe is built, not parsed.
    let smallest = Recipe {
        ops: vec![Op::ResizeToLimit(ResizeToLimit(Size {
            width: Some(1),
            height: Some(1),
        }))],
        ..Recipe::default()
    };
    let env = Env {
        overlays: &Overlays::new(),
        limits,
        cancel: &Cancel::new(),
    };
    let (info, _, _) = plan_all(bytes, std::slice::from_ref(&smallest), &env)?;
    Ok(info)
}

/// Probe, plan every recipe, choose the shrink-on-load, and check the memory they need.
fn plan_all(
    bytes: &[u8],
    recipes: &[Recipe],
    env: &Env<'_>,
) -> Result<(Info, Vec<Result<Plan>>, u32)> {
    let info = probe(bytes, env.limits)?;
    let plans: Vec<Result<Plan>> = recipes.iter().map(|r| Plan::new(r, &info, env)).collect();
    let shrink = plans.iter().flatten().map(|p| p.shrink).min().unwrap_or(1);
    env.limits
        .check_memory(peak_memory(&info, bytes.len(), &plans, shrink))?;
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
    let cancel = Cancel::new();
    let env = Env {
        overlays: &Overlays::new(),
        limits,
        cancel: &cancel,
    };
    let (info, plans, shrink) = plan_all(bytes, std::slice::from_ref(recipe), &env)?;
    let icc = planar::source_icc(bytes, &plans);
    if plans
        .iter()
        .flatten()
        .any(|p| p.takes_planes(icc.as_deref()))
    {
        if let Some(planar) = planar::decode(bytes, &info, shrink, icc)? {
            return Ok(planar.planes.size);
        }
    }
    let decoded = decode(bytes, &info, shrink, &cancel)?;
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
    /// How it renders from a JPEG's planes, when it can.
    planar: Option<PlanarPlan>,
    /// The shrink-on-load it allows.
    shrink: u32,
}

impl Plan {
    fn new(recipe: &Recipe, info: &Info, env: &Env<'_>) -> Result<Plan> {
        let format = recipe.output_format(info.format);
        let (orientation, display) = if recipe.auto_orient {
            (info.orientation, info.display_size())
        } else {
            (Orientation::UPRIGHT, (info.width, info.height))
        };
        let channels = memory::channels(&recipe.ops, info.decode_cost.channels);
        let mut planned = plan_steps(recipe, 0, display, channels, env)?;
        // A leading resize runs on the stored pixels, before orientation: the decoder can
        // shrink for it, and only the smaller result has to be turned upright.
        let display_first = match planned.steps.first() {
            Some(Planned {
                step: Step::Resize(p),
                ..
            }) => Some(*p),
            _ => None,
        };
        if display_first.is_some() {
            planned.steps.remove(0);
        }
        let first = display_first.map(|p| p.in_stored_space(orientation));
        let shrink = first.map_or(1, |f| {
            shrink_on_load(info.format, f.reduction(), recipe.output.fast_shrink)
        });
        let planar = PlanarPlan::new(
            recipe,
            info,
            orientation,
            format,
            display_first,
            planned.steps.len(),
        );
        // Colour conversion and orientation copy the (resized) image once each.
        let upright = memory::bitmap(first.map_or(display, |p| (p.width, p.height)), channels);
        let memory = planned
            .memory()
            .max(memory::step(upright, upright, 0))
            .max(memory::encode(format, planned.size, channels));
        Ok(Plan {
            format,
            orientation,
            first,
            steps: planned.steps,
            channels,
            memory,
            planar,
            shrink,
        })
    }

    /// Whether it renders from the planes of a JPEG whose embedded profile is `icc`.
    fn takes_planes(&self, icc: Option<&[u8]>) -> bool {
        self.planar.is_some_and(|p| p.takes(icc))
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
    env: &Env<'_>,
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
    while let Some(&Planned { op, step, size, .. }) = steps.get(i) {
        env.cancel.check()?;
        bitmap = match step {
            Step::Resize(p) => resize(&bitmap, &p)?,
            Step::Apply(op) => op.apply(bitmap, env)?,
        };
        let after = (bitmap.width, bitmap.height);
        if after != size {
            // The size depends on the pixels (trim's): what follows is planned again on the
            // size it left, and checked again.
            let rest = plan_steps(recipe, op + 1, after, plan.channels, env)?;
            let resident = memory::encode(plan.format, rest.size, plan.channels);
            env.limits.check_memory(rest.memory().max(resident))?;
            steps.truncate(i + 1);
            steps.extend(rest.steps);
        }
        i += 1;
    }
    env.cancel.check()?;
    let size = (bitmap.width, bitmap.height);
    let alpha = bitmap.layout.has_alpha();
    let bytes = encode(bitmap, plan.format, out)?;
    Ok(package(bytes, plan.format, size, alpha, out, source))
}

/// The encoded image with the metadata the output keeps.
fn package(
    mut bytes: Vec<u8>,
    format: Format,
    (width, height): (u32, u32),
    alpha: bool,
    out: &Output,
    source: &Source<'_>,
) -> Rendered {
    if out.keep_metadata || out.keep_icc {
        let exif = out
            .keep_metadata
            .then(|| metadata::source_exif(source.bytes, source.info.format))
            .flatten();
        let profile = source.icc.filter(|_| out.keep_icc);
        bytes = metadata::embed(bytes, format, exif.as_deref(), profile, alpha);
    }
    Rendered {
        bytes,
        format,
        width,
        height,
    }
}

/// Peak bytes of one step from a bitmap of `from` pixels to one of `to`.
fn step_memory(step: &Step, from: (u32, u32), to: (u32, u32), channels: u8, env: &Env<'_>) -> u64 {
    let (input, output) = (memory::bitmap(from, channels), memory::bitmap(to, channels));
    match step {
        Step::Resize(_) => input + memory::resize_scratch(from, to, channels),
        Step::Apply(op) => memory::step(input, output, op.scratch(input, env)),
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

/// One step, the index of the recipe op it comes from, the size it leaves and its peak
/// memory.
#[derive(Debug, Clone, Copy)]
struct Planned {
    op: usize,
    step: Step,
    size: (u32, u32),
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
    env: &Env<'_>,
) -> Result<PlannedSteps> {
    let mut steps = Vec::new();
    for (index, op) in recipe.ops.iter().enumerate().skip(from) {
        let op = recipe.output.dpr.map_or(*op, |dpr| op.scaled(dpr));
        let plan = op.plan(size)?;
        let resize = plan.resize.map(|p| (Step::Resize(p), (p.width, p.height)));
        let apply = plan.apply.map(|to| (Step::Apply(op), to));
        for (step, to) in resize.into_iter().chain(apply) {
            steps.push(Planned {
                op: index,
                step,
                size: to,
                memory: step_memory(&step, size, to, channels, env),
            });
            size = to;
        }
        env.limits.check_output(size)?;
    }
    Ok(PlannedSteps { steps, size })
}

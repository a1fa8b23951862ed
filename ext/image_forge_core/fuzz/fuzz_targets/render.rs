//! Probe, decode and render of any input (JPEG, PNG, WebP, GIF, BMP, TIFF, and whatever else
//! the bytes claim to be). The first byte picks a recipe, so one corpus drives every decoder
//! through resize (with shrink-on-load), crops, rotation, filters and every encoder.
//!
//! Oracle: no panic, no hang, no allocation past the limits (libFuzzer's -malloc_limit_mb),
//! the render's peak heap (counted by the global allocator) within the memory the plan
//! estimated and `max_memory` let through, and a successful render is an image of the size and
//! format it claims.
#![no_main]

use std::{
    alloc::{GlobalAlloc, Layout, System},
    sync::atomic::{AtomicUsize, Ordering},
};

use image_forge_core::{estimate_memory, probe, render, Cancel, Format, Limits, Overlays, Recipe};
use libfuzzer_sys::fuzz_target;

/// The system allocator, counting live bytes and their peak since the last [`reset_peak`].
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

/// Starts a new peak from what is live now; returns that baseline.
fn reset_peak() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const RECIPES: &[&str] = &[
    "resize_to_limit:64:64,format:jpeg",
    "resize_to_fill:32:48:attention,format:png",
    "resize_and_pad:40:40:ff000080,format:webp,quality:50",
    "crop:1:1:8:8,rotate:90,format:gif",
    "rotate:33,trim:20,format:png,palette:1",
    "blur:1.5,sharpen:0.8,modulate:1.2:0.5:90,grayscale,format:webp,lossless:1",
    "resize_to_cover:16:16,flip,flop,format:avif,speed:10",
    "keep_metadata:1,keep_icc:1,auto_orient:false,resize_to_limit:48:,format:jpeg,chroma:444",
    "add_alpha,rotate:450,resize_to_limit:32:32,format:png",
    // Deep reductions into JPEG: ImageForge's own entropy decoder at 1/4 and at 1/8.
    "resize_to_limit:2:2,format:jpeg",
    "resize_to_limit:1:1,format:jpeg",
];

// Small enough that a bomb is refused before it can slow the fuzzer, large enough for every
// code path (shrink-on-load, banded decodes) to run. Allocations past a few multiples of this
// are bugs, found by libFuzzer's malloc limit.
const LIMITS: Limits = Limits {
    max_pixels: 4_000_000,
    max_bytes: 1 << 20,
    max_output_dimension: 4_096,
    max_memory: 256 << 20,
};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    if probe(bytes, &LIMITS).is_err() {
        return;
    }
    let recipe: Recipe = RECIPES[usize::from(selector) % RECIPES.len()]
        .parse()
        .expect("the fuzz recipes parse");
    let recipes = std::slice::from_ref(&recipe);
    let Ok(budget) = estimate_memory(bytes, recipes, &Overlays::new(), &LIMITS) else {
        return;
    };
    let before = reset_peak();
    let rendered = render(bytes, &recipe, &LIMITS, &Cancel::new());
    let peak = (PEAK.load(Ordering::Relaxed) - before) as u64;
    assert!(
        peak <= budget.min(LIMITS.max_memory),
        "peak heap {peak} bytes past the estimate {budget} ({:?})",
        rendered.as_ref().map(|r| (r.width, r.height))
    );
    if let Ok(out) = rendered {
        if out.format == Format::Avif {
            // Not readable by the engine (AVIF input is not supported): check the brand.
            assert_eq!(out.bytes.get(4..12), Some(&b"ftypavif"[..]), "{out:?}");
            return;
        }
        let info = probe(&out.bytes, &Limits::default()).expect("a render's output probes");
        assert_eq!((info.width, info.height), (out.width, out.height), "{out:?}");
        assert_eq!(info.format, out.format);
    }
});

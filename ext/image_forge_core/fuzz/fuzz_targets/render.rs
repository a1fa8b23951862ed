//! Probe, decode and render of any input (JPEG, PNG, WebP, GIF, BMP, TIFF, and whatever else
//! the bytes claim to be). The first byte picks a recipe, so one corpus drives every decoder
//! through resize (with shrink-on-load), crops, rotation, filters and every encoder.
//!
//! Oracle: no panic, no hang, no allocation past the limits (libFuzzer's -malloc_limit_mb),
//! and a successful render is an image of the size and format it claims.
#![no_main]

use image_forge_core::{probe, render, Cancel, Format, Limits, Recipe};
use libfuzzer_sys::fuzz_target;

const RECIPES: &[&str] = &[
    "resize_to_limit:64:64,format:jpeg",
    "resize_to_fill:32:48:attention,format:png",
    "resize_and_pad:40:40:ff000080,format:webp,quality:50",
    "crop:1:1:8:8,rotate:90,format:gif",
    "rotate:33,trim:20,format:png,palette:1",
    "blur:1.5,sharpen:0.8,modulate:1.2:0.5:90,grayscale,format:webp,lossless:1",
    "resize_to_cover:16:16,flip,flop,format:avif,speed:10",
    "keep_metadata:1,keep_icc:1,auto_orient:false,resize_to_limit:48:,format:jpeg,chroma:444",
];

// Small enough that a bomb is refused before it can slow the fuzzer, large enough for every
// code path (shrink-on-load, banded decodes) to run. Allocations past a few multiples of this
// are bugs, found by libFuzzer's malloc limit.
const LIMITS: Limits = Limits {
    max_pixels: 4_000_000,
    max_bytes: 1 << 20,
    max_output_dimension: 4_096,
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
    if let Ok(out) = render(bytes, &recipe, &LIMITS, &Cancel::new()) {
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

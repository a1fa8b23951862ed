//! The recipe parser, on any text (the endpoint parses recipes from URLs).
//!
//! Oracle: no panic, and the canonical form of a recipe that parses is a fixed point: it
//! parses to the same recipe and prints the same again (variant keys and signatures rely on it).
#![no_main]

use image_forge_core::{Format, Recipe};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(recipe) = text.parse::<Recipe>() else {
        return;
    };
    let canonical = recipe.to_string();
    let again: Recipe = canonical
        .parse()
        .unwrap_or_else(|e| panic!("canonical {canonical:?} of {text:?} does not parse: {e}"));
    assert_eq!(again, recipe, "{text:?} -> {canonical:?}");
    assert_eq!(again.to_string(), canonical);
    let _ = recipe.output_format(Format::Png);
});

//! `ImageForge::Native`: the fixed-arity functions the Ruby layer calls. Arguments are copied
//! out of Ruby objects before the GVL is released; results become Ruby objects after.

use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    path::PathBuf,
};

use image_forge_core::{decode_only, probe_renderable, render_many, Limits, OverlayId, Overlays};
use magnus::{function, prelude::*, Error, RArray, RModule, RString, Ruby, TryConvert};

use crate::{
    errors,
    nogvl::without_gvl,
    recipe::{self, NativeRecipe},
};

pub(crate) fn init(module: &RModule) -> Result<RModule, Error> {
    let native = module.define_module("Native")?;
    native.define_module_function("render", function!(render, 5))?;
    native.define_module_function("decode_only_file", function!(decode_only_file, 3))?;
    native.define_module_function("probe_blob", function!(probe_blob, 2))?;
    native.define_module_function("sniff_content_type", function!(sniff_content_type, 1))?;
    native.define_module_function("sign_path", function!(sign_path, 4))?;
    native.define_module_function("verify_path", function!(verify_path, 4))?;
    native.define_module_function("_panic", function!(panic_for_test, 1))?;
    recipe::init(&native)?;
    Ok(native)
}

/// Where the source bytes come from.
enum Source {
    Bytes(Vec<u8>),
    File(PathBuf),
}

impl Source {
    /// The source bytes; a file over `limits.max_bytes` is refused before it is read.
    fn read(self, limits: &Limits) -> image_forge_core::Result<Vec<u8>> {
        match self {
            Source::Bytes(bytes) => Ok(bytes),
            Source::File(path) => {
                let io = |source| image_forge_core::Error::Io {
                    context: format!("cannot read {}", path.display()),
                    source,
                };
                limits.check_bytes(std::fs::metadata(&path).map_err(io)?.len())?;
                std::fs::read(&path).map_err(io)
            }
        }
    }
}

type Outcome<T> = std::thread::Result<image_forge_core::Result<T>>;

/// Turns an engine error or a caught panic into a Ruby exception.
fn settle<T>(ruby: &Ruby, outcome: Outcome<T>) -> Result<T, Error> {
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(errors::to_ruby(ruby, e)),
        Err(panic) => Err(errors::panic_to_ruby(ruby, panic)),
    }
}

/// Runs `work` without the GVL; errors and panics come back as Ruby exceptions.
fn engine<T: Send>(
    ruby: &Ruby,
    work: impl FnOnce(&image_forge_core::Cancel) -> image_forge_core::Result<T> + Send,
) -> Result<T, Error> {
    settle(ruby, without_gvl(work))
}

fn bytes_of(s: RString) -> Vec<u8> {
    // SAFETY: the slice is copied before any Ruby code (or GC) can run.
    unsafe { s.as_slice() }.to_vec()
}

/// Limits from Ruby's `[max_pixels, max_bytes, max_output_dimension, max_memory]`.
fn limits((max_pixels, max_bytes, max_output_dimension, max_memory): RbLimits) -> Limits {
    Limits {
        max_pixels,
        max_bytes,
        max_output_dimension,
        max_memory,
    }
}

type RbLimits = (u64, u64, u32, u64);

/// Overlays from Ruby's `[[id_hex, bytes], ...]`, copied out while the GVL is held.
fn overlays(ruby: &Ruby, pairs: RArray) -> Result<Overlays, Error> {
    let mut out = Overlays::new();
    for pair in pairs.into_iter() {
        let (id, bytes): (String, RString) = TryConvert::try_convert(pair)?;
        let id: OverlayId = id.parse().map_err(|e| errors::to_ruby(ruby, e))?;
        out.insert(id, bytes_of(bytes));
    }
    Ok(out)
}

/// `render(path, bytes, recipes, limits, overlays)` -> one String or exception per recipe
/// (`Native::Recipe`s), all from one read and one decode of the source: the file at `path`
/// (read without the GVL) or else `bytes`. Errors of the source itself are raised.
fn render(
    ruby: &Ruby,
    path: Option<String>,
    bytes: Option<RString>,
    recipes: RArray,
    limits_array: RbLimits,
    overlay_pairs: RArray,
) -> Result<RArray, Error> {
    let source = match (path, bytes) {
        (Some(path), _) => Source::File(path.into()),
        (None, Some(bytes)) => Source::Bytes(bytes_of(bytes)),
        (None, None) => {
            return Err(Error::new(
                ruby.exception_arg_error(),
                "a path or bytes is required",
            ))
        }
    };
    let limits = limits(limits_array);
    let overlays = overlays(ruby, overlay_pairs)?;
    let recipes = recipe::recipes(recipes)?;
    let results = engine(ruby, move |cancel| {
        render_many(&source.read(&limits)?, &recipes, &overlays, &limits, cancel)
    })?;
    let out = ruby.ary_new_capa(results.len());
    for result in results {
        match result {
            Ok(r) => out.push(ruby.str_from_slice(&r.bytes))?,
            Err(e) => out.push(errors::to_exception(ruby, e)?)?,
        }
    }
    Ok(out)
}

/// `decode_only_file(path, recipe, limits)` -> [width, height] decoded, as the render would:
/// the benchmark's floor.
fn decode_only_file(
    ruby: &Ruby,
    path: String,
    recipe: &NativeRecipe,
    limits_array: RbLimits,
) -> Result<(u32, u32), Error> {
    let limits = limits(limits_array);
    let recipe = recipe::recipe(recipe);
    engine(ruby, move |_| {
        decode_only(&Source::File(path.into()).read(&limits)?, &recipe, &limits)
    })
}

/// `probe_blob(bytes, limits_array)` -> [format, width, height, orientation, has_alpha], with
/// width and height as displayed (after EXIF orientation).
fn probe_blob(ruby: &Ruby, bytes: RString, limits_array: RbLimits) -> Result<RArray, Error> {
    let limits = limits(limits_array);
    // Reading a header is quick: probe in place, with the GVL held and no copy.
    // SAFETY: no Ruby code runs while the slice is borrowed.
    let bytes = unsafe { bytes.as_slice() };
    let info = settle(
        ruby,
        catch_unwind(AssertUnwindSafe(|| probe_renderable(bytes, &limits))),
    )?;
    let out = ruby.ary_new_capa(5);
    out.push(info.format.name())?;
    let (width, height) = info.display_size();
    out.push(width)?;
    out.push(height)?;
    out.push(info.orientation.exif_value())?;
    out.push(info.has_alpha)?;
    Ok(out)
}

/// `sniff_content_type(bytes)` -> the MIME type the leading bytes announce, or nil.
fn sniff_content_type(bytes: RString) -> Option<&'static str> {
    // SAFETY: no Ruby code runs while the slice is borrowed.
    image_forge_core::Format::sniff(unsafe { bytes.as_slice() }).map(|f| f.mime_type())
}

/// `sign_path(secret, recipe, key, expires_at)` -> "/<signature>/[e:<t>/]<recipe>/<key>";
/// InvalidArgumentError for a recipe or key that could not be verified back.
fn sign_path(
    ruby: &Ruby,
    secret: RString,
    recipe: String,
    key: String,
    expires_at: Option<u64>,
) -> Result<String, Error> {
    // SAFETY: no Ruby code runs while the slice is borrowed.
    image_forge_core::sign_path(unsafe { secret.as_slice() }, &recipe, &key, expires_at)
        .map_err(|e| errors::path_to_ruby(ruby, e))
}

/// `verify_path(path, secrets, now, allow_unsigned)` -> [expires_at, recipe, key];
/// InvalidArgumentError for a malformed path, SignatureError for a bad or expired one.
fn verify_path(
    ruby: &Ruby,
    path: String,
    secrets: RArray,
    now: u64,
    allow_unsigned: bool,
) -> Result<(Option<u64>, String, String), Error> {
    let secrets = secrets
        .into_iter()
        .map(|s| RString::try_convert(s).map(bytes_of))
        .collect::<Result<Vec<_>, _>>()?;
    image_forge_core::verify_path(&path, &secrets, now, allow_unsigned)
        .map(|p| (p.expires_at, p.recipe, p.key))
        .map_err(|e| errors::path_to_ruby(ruby, e))
}

/// Panics inside the engine, without the GVL, to prove the panic boundary holds.
fn panic_for_test(ruby: &Ruby, message: String) -> Result<(), Error> {
    engine(ruby, move |_| -> image_forge_core::Result<()> {
        image_forge_core::panic_for_test(&message)
    })
}

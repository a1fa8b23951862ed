//! Maps engine errors to the exception classes defined in `lib/image_forge/errors.rb`.

use magnus::{exception::ExceptionClass, prelude::*, value::Lazy, Error, Exception, RModule, Ruby};

fn class(ruby: &Ruby, name: &str) -> ExceptionClass {
    let module: RModule = ruby
        .class_object()
        .const_get("ImageForge")
        .expect("lib/image_forge.rb defines ImageForge before loading the extension");
    module
        .const_get(name)
        .unwrap_or_else(|_| panic!("ImageForge::{name} is defined in lib/image_forge/errors.rb"))
}

static BASE: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "Error"));
static INVALID_IMAGE: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "InvalidImageError"));
static UNSUPPORTED: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "UnsupportedFormatError"));
static LIMIT: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "LimitExceededError"));
static INVALID_RECIPE: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "InvalidRecipeError"));
static IO: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "IOError"));
static CANCELLED: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "CancelledError"));

/// The Ruby exception for an engine error; its message is the error's `Display`.
pub(crate) fn to_ruby(ruby: &Ruby, err: image_forge_core::Error) -> Error {
    Error::new(ruby.get_inner(class_for(&err)), err.to_string())
}

/// The same exception as an object, for results that carry errors instead of raising them.
pub(crate) fn to_exception(ruby: &Ruby, err: image_forge_core::Error) -> Result<Exception, Error> {
    ruby.get_inner(class_for(&err))
        .new_instance((err.to_string(),))
}

fn class_for(err: &image_forge_core::Error) -> &'static Lazy<ExceptionClass> {
    use image_forge_core::Error as E;
    match err {
        E::InvalidImage(_) => &INVALID_IMAGE,
        E::UnsupportedFormat(_) => &UNSUPPORTED,
        E::LimitExceeded { .. } => &LIMIT,
        E::InvalidRecipe(_) => &INVALID_RECIPE,
        E::Io { .. } => &IO,
        E::Cancelled => &CANCELLED,
        _ => &BASE,
    }
}

/// A panic caught at the boundary, as `ImageForge::Error` instead of a process-ending `fatal`.
pub(crate) fn panic_to_ruby(ruby: &Ruby, payload: Box<dyn std::any::Any + Send>) -> Error {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    Error::new(
        ruby.get_inner(&BASE),
        format!("internal error in the image engine: {detail}"),
    )
}

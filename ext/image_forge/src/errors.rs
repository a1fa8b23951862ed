//! Maps engine errors to the exception classes defined in `lib/image_forge/errors.rb`.

use image_forge_core::{s3::StorageError, Limit};
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
static CANCELLED: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "CancelledError"));
static INVALID_ARGUMENT: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "InvalidArgumentError"));
static STORAGE: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "StorageError"));
static NOT_FOUND: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "NotFoundError"));
static ACCESS_DENIED: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "AccessDeniedError"));
static TIMEOUT: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "TimeoutError"));
static SIGNATURE: Lazy<ExceptionClass> = Lazy::new(|r| class(r, "SignatureError"));

/// The Ruby exception for an engine error; its message is the error's `Display`.
pub(crate) fn to_ruby(ruby: &Ruby, err: image_forge_core::Error) -> Error {
    match to_exception(ruby, err) {
        Ok(exception) => exception.into(),
        Err(e) => e,
    }
}

/// The same exception as an object, for results that carry errors instead of raising them.
/// A LimitExceededError names its limit (`limit`: :pixels, :bytes, :dimension or :scans), so the
/// endpoint can answer 413 for bytes and 422 for the others.
pub(crate) fn to_exception(ruby: &Ruby, err: image_forge_core::Error) -> Result<Exception, Error> {
    let exception = ruby
        .get_inner(class_for(&err))
        .new_instance((err.to_string(),))?;
    if let image_forge_core::Error::LimitExceeded { what, .. } = &err {
        let name = match what {
            Limit::Pixels => "pixels",
            Limit::Bytes => "bytes",
            Limit::Dimension => "dimension",
            Limit::Scans => "scans",
            Limit::Memory => "memory",
        };
        let _: magnus::Value =
            exception.funcall("instance_variable_set", ("@limit", ruby.to_symbol(name)))?;
    }
    Ok(exception)
}

fn class_for(err: &image_forge_core::Error) -> &'static Lazy<ExceptionClass> {
    use image_forge_core::Error as E;
    match err {
        E::InvalidImage(_) => &INVALID_IMAGE,
        E::UnsupportedFormat(_) => &UNSUPPORTED,
        E::LimitExceeded { .. } => &LIMIT,
        E::InvalidRecipe(_) => &INVALID_RECIPE,
        // A file that cannot be read is a storage failure (and must stay an ImageForge::Error;
        // "IOError" would resolve to Ruby's own).
        E::Io { .. } => &STORAGE,
        E::Cancelled => &CANCELLED,
        _ => &BASE,
    }
}

/// The Ruby exception for a storage error, with S3's `code`, `request_id` and `status` set on
/// it when S3 answered. An object over `max_bytes` is a LimitExceededError (`limit` :bytes),
/// like a source over the limit anywhere else.
pub(crate) fn storage_to_ruby(ruby: &Ruby, err: StorageError) -> Error {
    let class = match &err {
        StorageError::TooLarge { .. } => &LIMIT,
        StorageError::NotFound { .. } => &NOT_FOUND,
        StorageError::AccessDenied { .. } => &ACCESS_DENIED,
        StorageError::Timeout { .. } => &TIMEOUT,
        StorageError::Cancelled => &CANCELLED,
        StorageError::InvalidArgument(_) => &INVALID_ARGUMENT,
        _ => &STORAGE,
    };
    let build = || -> Result<Exception, Error> {
        let exception = ruby.get_inner(class).new_instance((err.to_string(),))?;
        if ruby.get_inner(class).is_inherited(ruby.get_inner(&STORAGE)) {
            let _: magnus::Value =
                exception.funcall("instance_variable_set", ("@code", err.code()))?;
            let _: magnus::Value =
                exception.funcall("instance_variable_set", ("@request_id", err.request_id()))?;
            let _: magnus::Value =
                exception.funcall("instance_variable_set", ("@status", err.status()))?;
        }
        if let StorageError::TooLarge { .. } = err {
            let _: magnus::Value =
                exception.funcall("instance_variable_set", ("@limit", ruby.to_symbol("bytes")))?;
        }
        Ok(exception)
    };
    match build() {
        Ok(exception) => exception.into(),
        Err(e) => e,
    }
}

/// A refused signed path: malformed is an argument error, bad or expired a SignatureError.
pub(crate) fn path_to_ruby(ruby: &Ruby, err: image_forge_core::PathError) -> Error {
    let class = match err {
        image_forge_core::PathError::Malformed(_) => &INVALID_ARGUMENT,
        _ => &SIGNATURE,
    };
    Error::new(ruby.get_inner(class), err.to_string())
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

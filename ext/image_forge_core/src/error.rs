use std::fmt;

/// Everything that can go wrong in the engine. Each variant maps to one Ruby exception class.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not a well-formed image of the format they claim (truncated, corrupt).
    #[error("invalid image: {0}")]
    InvalidImage(String),
    /// A recognised format, or a variant of one, that the engine does not handle.
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
    /// The image is larger than a configured limit; checked before any large allocation.
    #[error("{what} {actual} exceeds the limit of {limit}")]
    LimitExceeded {
        what: Limit,
        actual: u64,
        limit: u64,
    },
    /// A recipe string that does not parse, or an operation with arguments out of range.
    #[error("invalid recipe: {0}")]
    InvalidRecipe(String),
    /// Encoding failed inside a codec.
    #[error("encoding {format} failed: {reason}")]
    Encode {
        format: &'static str,
        reason: String,
    },
    /// Reading the source or writing the result failed.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// The caller asked the render to stop (Ruby `Thread#kill`, `Timeout`, Ctrl-C).
    #[error("render cancelled")]
    Cancelled,
}

/// Which limit an image exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Pixels,
    Bytes,
    Dimension,
    /// Scans of a progressive JPEG (see `MAX_JPEG_SCANS`).
    Scans,
    /// The render's estimated peak memory, in bytes.
    Memory,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::Pixels => "pixel count",
            Limit::Bytes => "byte size",
            Limit::Dimension => "dimension",
            Limit::Scans => "JPEG scan count",
            Limit::Memory => "estimated memory",
        })
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidImage(message.into())
}

pub(crate) fn invalid_recipe(message: impl Into<String>) -> Error {
    Error::InvalidRecipe(message.into())
}

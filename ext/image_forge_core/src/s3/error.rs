//! Storage errors: what went wrong talking to S3, in terms a caller can act on. Messages carry
//! the S3 error code and request id, never credentials.

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::operation::RequestId;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// An S3 operation that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The key (or bucket) does not exist.
    #[error("no object at {key}")]
    NotFound {
        key: String,
        request_id: Option<String>,
    },

    /// The credentials were refused or lack permission.
    #[error("access denied ({code}) for {key}{}", request_suffix(request_id))]
    AccessDenied {
        key: String,
        code: String,
        request_id: Option<String>,
    },

    /// Connecting, reading or the whole operation took longer than configured.
    #[error("timed out {what} for {key}")]
    Timeout { key: String, what: &'static str },

    /// Any other answer from S3: its code, status and message.
    #[error(
        "S3 {code} (HTTP {status}) for {key}{}{}",
        message_suffix(message),
        request_suffix(request_id)
    )]
    Service {
        key: String,
        code: String,
        status: u16,
        message: String,
        request_id: Option<String>,
    },

    /// The request never got an answer: connection refused or reset, DNS, TLS.
    #[error("cannot reach S3 for {key}: {message}")]
    Network { key: String, message: String },

    /// The downloaded bytes do not match the checksum S3 holds for them.
    #[error("checksum mismatch for {key}: {message}")]
    Checksum { key: String, message: String },

    /// The object is larger than the caller's `max_bytes`: its Content-Length said so (`size`)
    /// before the body was read, or its body ran past the limit (`size` unknown).
    #[error("the object at {key} {}, over max_bytes ({max})", size_phrase(*size))]
    TooLarge {
        key: String,
        size: Option<u64>,
        max: u64,
    },

    /// A local file could not be read or written.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    /// The settings or arguments cannot make a valid request.
    #[error("{0}")]
    InvalidArgument(String),

    /// Ruby asked for the thread back (Thread#kill, Timeout) before the operation finished.
    #[error("the storage operation was cancelled")]
    Cancelled,
}

fn size_phrase(size: Option<u64>) -> String {
    match size {
        Some(size) => format!("is {size} bytes"),
        None => "has more bytes".into(),
    }
}

fn message_suffix(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(": {message}")
    }
}

fn request_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

impl StorageError {
    /// The S3 error code, when S3 answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::NotFound { .. } => Some("NoSuchKey"),
            Self::AccessDenied { code, .. } | Self::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The request id S3 gave its answer, for support tickets and server logs.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::NotFound { request_id, .. }
            | Self::AccessDenied { request_id, .. }
            | Self::Service { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of S3's answer, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::NotFound { .. } => Some(404),
            Self::AccessDenied { .. } => Some(403),
            Self::Service { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub(crate) fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Self {
        let context = context.into();
        move |source| Self::Io { context, source }
    }

    /// Classifies an SDK error for `key`.
    pub(crate) fn from_sdk<E>(key: &str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let key = key.to_string();
        let request_id = err.request_id().map(str::to_string);
        match &err {
            SdkError::TimeoutError(_) => Self::Timeout {
                key,
                what: "waiting for S3",
            },
            SdkError::DispatchFailure(failure) if failure.is_timeout() => Self::Timeout {
                key,
                what: "connecting to or reading from S3",
            },
            SdkError::DispatchFailure(failure) => Self::Network {
                key,
                message: failure
                    .as_connector_error()
                    .map(|e| chain(e))
                    .unwrap_or_else(|| "dispatch failure".into()),
            },
            SdkError::ResponseError(_) => Self::Network {
                key,
                message: chain(&err),
            },
            SdkError::ServiceError(service) => {
                let status = service.raw().status().as_u16();
                let code = service
                    .err()
                    .code()
                    .map(str::to_string)
                    .unwrap_or_else(|| default_code(status).into());
                let message = service.err().message().unwrap_or_default().to_string();
                classify(key, code, status, message, request_id)
            }
            _ => Self::InvalidArgument(format!(
                "cannot build the S3 request for {key}: {}",
                chain(&err)
            )),
        }
    }
}

fn classify(
    key: String,
    code: String,
    status: u16,
    message: String,
    request_id: Option<String>,
) -> StorageError {
    match code.as_str() {
        // NoSuchBucket stays a StorageError: a misconfigured bucket is not a missing image.
        "NoSuchKey" | "NotFound" | "NoSuchUpload" => StorageError::NotFound { key, request_id },
        "AccessDenied"
        | "InvalidAccessKeyId"
        | "SignatureDoesNotMatch"
        | "Forbidden"
        | "ExpiredToken"
        | "InvalidToken" => StorageError::AccessDenied {
            key,
            code,
            request_id,
        },
        _ => StorageError::Service {
            key,
            code,
            status,
            message,
            request_id,
        },
    }
}

/// HEAD answers have no body, so no code: name the status as S3 would.
fn default_code(status: u16) -> &'static str {
    match status {
        404 => "NotFound",
        403 => "Forbidden",
        503 => "SlowDown",
        _ => "Unknown",
    }
}

/// An error and its causes on one line.
pub(crate) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

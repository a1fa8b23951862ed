//! How to reach a bucket: region, endpoint, credentials, timeouts, retries, multipart sizes.

use std::time::Duration;

use aws_config::{retry::RetryConfig, timeout::TimeoutConfig, BehaviorVersion, Region};
use aws_sdk_s3::config::{Credentials, ResponseChecksumValidation};

use super::StorageError;

/// Static credentials. When none are given the standard AWS chain is used (environment,
/// profile, web identity, container and instance metadata).
#[derive(Clone)]
pub struct StaticCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

// Secrets never reach logs or error messages through Debug.
impl std::fmt::Debug for StaticCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticCredentials { .. }")
    }
}

/// Settings of an [`S3Store`](super::S3Store).
#[derive(Clone, Debug)]
pub struct S3Config {
    pub bucket: String,
    pub region: String,
    /// An S3-compatible endpoint (MinIO, R2, ...); `None` for AWS.
    pub endpoint: Option<String>,
    pub force_path_style: bool,
    pub credentials: Option<StaticCredentials>,
    pub connect_timeout: Duration,
    /// Longest wait for any read on an open connection: catches a stalled server.
    pub read_timeout: Duration,
    /// Longest time one whole operation (all attempts) may take.
    pub operation_timeout: Duration,
    /// Attempts per operation, first one included (retries use exponential backoff).
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    /// Files larger than this are sent as a multipart upload.
    pub multipart_threshold: u64,
    pub part_size: u64,
    /// Parts in flight at once; memory use is about `part_size * concurrency`.
    pub concurrency: usize,
}

impl S3Config {
    /// Defaults for everything but the bucket and region.
    pub fn new(bucket: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            bucket: bucket.into(),
            region: region.into(),
            endpoint: None,
            force_path_style: false,
            credentials: None,
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(30),
            operation_timeout: Duration::from_secs(300),
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            multipart_threshold: 16 * 1024 * 1024,
            part_size: 8 * 1024 * 1024,
            concurrency: 4,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), StorageError> {
        let invalid = |m: &str| Err(StorageError::InvalidArgument(m.into()));
        if self.bucket.is_empty() {
            return invalid("bucket must not be empty");
        }
        if self.region.is_empty() {
            return invalid("region must not be empty");
        }
        // S3's own bounds: parts of 5 MiB to 5 GiB, at most 10,000 of them.
        if !(5 * 1024 * 1024..=5 * 1024 * 1024 * 1024).contains(&self.part_size) {
            return invalid("part_size must be between 5 MiB and 5 GiB");
        }
        if self.multipart_threshold < self.part_size {
            return invalid("multipart_threshold must be at least part_size");
        }
        if self.concurrency == 0 || self.max_attempts == 0 {
            return invalid("concurrency and max_attempts must be at least 1");
        }
        Ok(())
    }

    /// A client for this configuration; must run inside the S3 runtime.
    pub(crate) async fn client(&self) -> aws_sdk_s3::Client {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(self.region.clone()))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(self.connect_timeout)
                    .read_timeout(self.read_timeout)
                    .operation_timeout(self.operation_timeout)
                    .build(),
            )
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(self.max_attempts)
                    .with_initial_backoff(self.initial_backoff),
            );
        if let Some(c) = &self.credentials {
            loader = loader.credentials_provider(Credentials::new(
                &c.access_key_id,
                &c.secret_access_key,
                c.session_token.clone(),
                None,
                "image_forge",
            ));
        }
        let shared = loader.load().await;
        let mut builder = aws_sdk_s3::config::Builder::from(&shared)
            .force_path_style(self.force_path_style)
            // Downloads are checked against the checksum S3 stored at upload.
            .response_checksum_validation(ResponseChecksumValidation::WhenSupported);
        if let Some(endpoint) = &self.endpoint {
            builder = builder.endpoint_url(endpoint);
        }
        aws_sdk_s3::Client::from_conf(builder.build())
    }

    /// The parts a file of `size` bytes is sent in, as (offset, length).
    pub(crate) fn parts(&self, size: u64) -> Vec<(u64, u64)> {
        // Grow the part size when 10,000 parts would not hold the file.
        let part = self.part_size.max(size.div_ceil(10_000));
        (0..size.div_ceil(part))
            .map(|i| (i * part, part.min(size - i * part)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_file_exactly_once() {
        let config = S3Config::new("b", "r");
        for size in [
            1,
            8 * 1024 * 1024,
            8 * 1024 * 1024 + 1,
            64 * 1024 * 1024 + 7,
        ] {
            let parts = config.parts(size);
            assert_eq!(parts.iter().map(|p| p.1).sum::<u64>(), size);
            assert!(parts.windows(2).all(|w| w[0].0 + w[0].1 == w[1].0));
        }
        // 100 GiB at 8 MiB would be 12,800 parts: the part grows to stay within 10,000.
        assert!(config.parts(100 << 30).len() <= 10_000);
    }

    #[test]
    fn validation_names_the_bad_setting() {
        let mut config = S3Config::new("b", "r");
        config.part_size = 1024;
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("part_size"), "{err}");
    }

    #[test]
    fn debug_hides_the_secret() {
        let mut config = S3Config::new("b", "r");
        config.credentials = Some(StaticCredentials {
            access_key_id: "AKIDEXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG".into(),
            session_token: Some("token-value".into()),
        });
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("wJalrXUtnFEMI") && !shown.contains("token-value"),
            "{shown}"
        );
    }
}

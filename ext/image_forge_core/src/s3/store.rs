//! `S3Store`: one bucket, the operations of ImageForge's storage contract, each a blocking
//! call run on the shared runtime.

use std::{sync::Mutex, time::Duration};

use aws_sdk_s3::{
    presigning::PresigningConfig,
    primitives::ByteStream,
    types::{ChecksumAlgorithm, ChecksumMode},
    Client,
};

use super::{
    body,
    runtime::{block_on, runtime},
    S3Config, StorageError,
};
use crate::Cancel;

/// Headers stored with an object.
#[derive(Clone, Debug, Default)]
pub struct PutOptions {
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub content_disposition: Option<String>,
    pub metadata: Vec<(String, String)>,
}

/// What S3 answered to an upload.
#[derive(Clone, Debug)]
pub struct Stored {
    pub etag: String,
    pub size: u64,
}

/// An object's headers.
#[derive(Clone, Debug)]
pub struct Head {
    pub size: u64,
    pub etag: String,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub content_disposition: Option<String>,
    /// Seconds since the Unix epoch.
    pub last_modified: Option<i64>,
    pub metadata: Vec<(String, String)>,
}

/// One listed object.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub size: u64,
    /// Some stores (s3s-fs) list no ETags.
    pub etag: Option<String>,
    pub last_modified: Option<i64>,
}

/// One page of a listing and the token of the next, if any.
#[derive(Clone, Debug)]
pub struct ListPage {
    pub entries: Vec<Entry>,
    pub next: Option<String>,
}

/// The HTTP method a presigned URL is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
}

/// What a presigned URL binds besides the key and expiry.
#[derive(Clone, Debug, Default)]
pub struct PresignOptions {
    /// PUT: the `Content-Type` the uploader must send.
    pub content_type: Option<String>,
    /// PUT: the exact `Content-Length` the uploader must send.
    pub content_length: Option<u64>,
    /// GET: the `Content-Disposition` S3 answers with (e.g. `attachment; filename="a.jpg"`).
    pub response_content_disposition: Option<String>,
}

/// A presigned request: what a browser or plain HTTP client needs to perform it.
#[derive(Clone, Debug)]
pub struct Presigned {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
}

/// A bucket on S3 or an S3-compatible store.
#[derive(Debug)]
pub struct S3Store {
    config: S3Config,
    /// The client and the process it was built in: rebuilt in a forked child.
    client: Mutex<Option<(u32, Client)>>,
}

impl S3Store {
    pub fn new(config: S3Config) -> Result<Self, StorageError> {
        config.validate()?;
        Ok(Self {
            config,
            client: Mutex::new(None),
        })
    }

    pub fn config(&self) -> &S3Config {
        &self.config
    }

    pub(crate) fn bucket(&self) -> &str {
        &self.config.bucket
    }

    /// This process' client; connections do not survive a fork, so a child builds its own.
    pub(crate) async fn client(&self) -> Client {
        let pid = std::process::id();
        {
            let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
            forget_if_stale(&mut slot);
            if let Some((_, client)) = slot.as_ref() {
                return client.clone();
            }
        }
        let client = self.config.client().await;
        *self.client.lock().unwrap_or_else(|p| p.into_inner()) = Some((pid, client.clone()));
        client
    }
}

/// Leaks a client built in another process (the parent, before a fork) instead of dropping
/// it: its connection pool would wake tasks on the parent's runtime, whose threads a fork
/// does not copy, and could block forever on a lock one of them held at the fork (seen: a
/// spec's child hung in tokio's `push_remote_task` from Ruby's GC, `extern_free`).
fn forget_if_stale(slot: &mut Option<(u32, Client)>) {
    if slot
        .as_ref()
        .is_some_and(|(owner, _)| *owner != std::process::id())
    {
        std::mem::forget(slot.take());
    }
}

impl Drop for S3Store {
    /// A store freed in a forked child must not drop the parent's client either.
    fn drop(&mut self) {
        forget_if_stale(self.client.get_mut().unwrap_or_else(|p| p.into_inner()));
    }
}

impl S3Store {
    /// The object's bytes, checked against its stored checksum when it has one. With
    /// `max_bytes`, a larger object is refused (`TooLarge`) without being held: from its
    /// Content-Length before the body is read, else once the body runs past the limit.
    pub fn get_bytes(
        &self,
        key: &str,
        max_bytes: Option<u64>,
        cancel: &Cancel,
    ) -> Result<Vec<u8>, StorageError> {
        block_on(cancel, async {
            let object = self.get_object(key, max_bytes).await?;
            body::collect(key, object, self.config.read_timeout, max_bytes).await
        })
    }

    /// Streams the object into `path`, atomically: the file appears complete or not at all.
    /// `max_bytes` as for `get_bytes` (a refused download leaves no file).
    pub fn get_file(
        &self,
        key: &str,
        path: &std::path::Path,
        max_bytes: Option<u64>,
        cancel: &Cancel,
    ) -> Result<u64, StorageError> {
        block_on(cancel, async {
            let object = self.get_object(key, max_bytes).await?;
            body::write_file(key, object, path, self.config.read_timeout, max_bytes).await
        })
    }

    /// The body of `key`, with checksum validation asked for; `TooLarge` when its
    /// Content-Length is over `max_bytes` (the body is dropped unread, closing the connection).
    async fn get_object(
        &self,
        key: &str,
        max_bytes: Option<u64>,
    ) -> Result<ByteStream, StorageError> {
        let out = self
            .client()
            .await
            .get_object()
            .bucket(self.bucket())
            .key(key)
            .checksum_mode(ChecksumMode::Enabled)
            .send()
            .await
            .map_err(|e| StorageError::from_sdk(key, e))?;
        let size = out.content_length().map(|l| l.max(0) as u64);
        body::within(key, size, max_bytes, size)?;
        Ok(out.body)
    }

    pub fn head(&self, key: &str, cancel: &Cancel) -> Result<Head, StorageError> {
        block_on(cancel, async {
            let out = self
                .client()
                .await
                .head_object()
                .bucket(self.bucket())
                .key(key)
                .send()
                .await
                .map_err(|e| StorageError::from_sdk(key, e))?;
            Ok(Head {
                size: out.content_length().unwrap_or(0).max(0) as u64,
                etag: unquote(out.e_tag()),
                content_type: out.content_type().map(str::to_string),
                cache_control: out.cache_control().map(str::to_string),
                content_disposition: out.content_disposition().map(str::to_string),
                last_modified: out.last_modified().map(|t| t.secs()),
                metadata: sorted(out.metadata()),
            })
        })
    }

    /// Whether `key` exists; other failures (access, network) are errors, not `false`.
    pub fn exists(&self, key: &str, cancel: &Cancel) -> Result<bool, StorageError> {
        match self.head(key, cancel) {
            Ok(_) => Ok(true),
            Err(StorageError::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Deletes `key`; deleting a missing key succeeds, as on S3.
    pub fn delete(&self, key: &str, cancel: &Cancel) -> Result<(), StorageError> {
        block_on(cancel, async {
            self.client()
                .await
                .delete_object()
                .bucket(self.bucket())
                .key(key)
                .send()
                .await
                .map_err(|e| StorageError::from_sdk(key, e))?;
            Ok(())
        })
    }

    /// Server-side copy of `from` to `to` (headers and metadata kept).
    pub fn copy(&self, from: &str, to: &str, cancel: &Cancel) -> Result<(), StorageError> {
        block_on(cancel, async {
            self.client()
                .await
                .copy_object()
                .bucket(self.bucket())
                .key(to)
                .copy_source(copy_source(self.bucket(), from))
                .checksum_algorithm(ChecksumAlgorithm::Crc32)
                .send()
                .await
                .map_err(|e| StorageError::from_sdk(from, e))?;
            Ok(())
        })
    }

    /// One page (at most `max_keys`) of the keys under `prefix`, in key order.
    pub fn list_page(
        &self,
        prefix: &str,
        token: Option<String>,
        max_keys: i32,
        cancel: &Cancel,
    ) -> Result<ListPage, StorageError> {
        block_on(cancel, async {
            let out = self
                .client()
                .await
                .list_objects_v2()
                .bucket(self.bucket())
                .prefix(prefix)
                .set_continuation_token(token)
                .max_keys(max_keys)
                .send()
                .await
                .map_err(|e| StorageError::from_sdk(prefix, e))?;
            let entries = out
                .contents()
                .iter()
                .map(|o| Entry {
                    key: o.key().unwrap_or_default().to_string(),
                    size: o.size().unwrap_or(0).max(0) as u64,
                    etag: Some(unquote(o.e_tag())).filter(|e| !e.is_empty()),
                    last_modified: o.last_modified().map(|t| t.secs()),
                })
                .collect();
            let next = if out.is_truncated() == Some(true) {
                out.next_continuation_token().map(str::to_string)
            } else {
                None
            };
            Ok(ListPage { entries, next })
        })
    }

    /// A URL that performs `method` on `key` without credentials until `expires_in` passes.
    pub fn presign(
        &self,
        method: Method,
        key: &str,
        expires_in: Duration,
        options: &PresignOptions,
    ) -> Result<Presigned, StorageError> {
        let config = PresigningConfig::expires_in(expires_in)
            .map_err(|e| StorageError::InvalidArgument(format!("expires_in: {e}")))?;
        // Signing is local, but the SDK's client and credential chain live on the runtime.
        runtime()?.block_on(async {
            let client = self.client().await;
            let request = match method {
                Method::Get => client
                    .get_object()
                    .bucket(self.bucket())
                    .key(key)
                    .set_response_content_disposition(options.response_content_disposition.clone())
                    .presigned(config)
                    .await
                    .map_err(|e| StorageError::from_sdk(key, e))?,
                Method::Put => client
                    .put_object()
                    .bucket(self.bucket())
                    .key(key)
                    .set_content_type(options.content_type.clone())
                    .set_content_length(options.content_length.map(|l| l as i64))
                    .presigned(config)
                    .await
                    .map_err(|e| StorageError::from_sdk(key, e))?,
            };
            Ok(Presigned {
                method: request.method().to_string(),
                url: request.uri().to_string(),
                headers: request
                    .headers()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            })
        })
    }
}

/// ETags come quoted from S3; callers compare them as plain strings.
pub(crate) fn unquote(etag: Option<&str>) -> String {
    etag.unwrap_or_default().trim_matches('"').to_string()
}

fn sorted(metadata: Option<&std::collections::HashMap<String, String>>) -> Vec<(String, String)> {
    let mut pairs: Vec<_> = metadata
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    pairs.sort();
    pairs
}

/// `bucket/key` with the key percent-encoded, as CopyObject's `x-amz-copy-source` wants it.
fn copy_source(bucket: &str, key: &str) -> String {
    let mut out = format!("{bucket}/");
    for byte in key.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_source_encodes_everything_but_unreserved_and_slash() {
        assert_eq!(copy_source("b", "a/b c+ü.jpg"), "b/a/b%20c%2B%C3%BC.jpg");
    }

    #[test]
    fn etags_lose_their_quotes() {
        assert_eq!(unquote(Some("\"abc-2\"")), "abc-2");
        assert_eq!(unquote(None), "");
    }
}

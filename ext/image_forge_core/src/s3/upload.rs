//! Uploads: bytes in one PutObject; files above the multipart threshold in parallel parts,
//! aborted on any failure or cancel so no orphaned parts stay behind (and keep costing).

use std::path::{Path, PathBuf};

use aws_sdk_s3::{
    primitives::ByteStream,
    types::{ChecksumAlgorithm, CompletedMultipartUpload, CompletedPart},
    Client,
};
use tokio::{io::AsyncReadExt, io::AsyncSeekExt, task::JoinSet};

use super::{
    runtime::{runtime, until_cancelled},
    store::unquote,
    PutOptions, S3Store, StorageError, Stored,
};
use crate::Cancel;

/// Sets the headers of `PutOptions` on a PutObject or CreateMultipartUpload request (two
/// builder types with the same setters).
macro_rules! with_headers {
    ($request:expr, $options:expr) => {
        $request
            .set_content_type($options.content_type.clone())
            .set_cache_control($options.cache_control.clone())
            .set_content_disposition($options.content_disposition.clone())
            .set_metadata(metadata($options))
    };
}

impl S3Store {
    /// Stores `bytes` under `key` in one request. The SDK sends a CRC32 of the body, which S3
    /// checks before it stores anything.
    pub fn put_bytes(
        &self,
        key: &str,
        bytes: Vec<u8>,
        options: &PutOptions,
        cancel: &Cancel,
    ) -> Result<Stored, StorageError> {
        runtime()?.block_on(until_cancelled(
            cancel,
            self.put_object(key, bytes, options),
        ))
    }

    /// Stores the file at `path`: one request up to the multipart threshold, else parts of
    /// `part_size`, `concurrency` at a time, read from disk as they are sent.
    pub fn put_file(
        &self,
        key: &str,
        path: &Path,
        options: &PutOptions,
        cancel: &Cancel,
    ) -> Result<Stored, StorageError> {
        let size = std::fs::metadata(path)
            .map_err(StorageError::io(format!("cannot read {}", path.display())))?
            .len();
        if size <= self.config().multipart_threshold {
            let bytes = std::fs::read(path)
                .map_err(StorageError::io(format!("cannot read {}", path.display())))?;
            return self.put_bytes(key, bytes, options, cancel);
        }
        runtime()?.block_on(self.put_multipart(key, path, size, options, cancel))
    }

    async fn put_object(
        &self,
        key: &str,
        bytes: Vec<u8>,
        options: &PutOptions,
    ) -> Result<Stored, StorageError> {
        let size = bytes.len() as u64;
        let request = self
            .client()
            .await
            .put_object()
            .bucket(self.bucket())
            .key(key)
            .body(ByteStream::from(bytes))
            .checksum_algorithm(ChecksumAlgorithm::Crc32);
        let out = with_headers!(request, options)
            .send()
            .await
            .map_err(|e| StorageError::from_sdk(key, e))?;
        Ok(Stored {
            etag: unquote(out.e_tag()),
            size,
        })
    }

    async fn put_multipart(
        &self,
        key: &str,
        path: &Path,
        size: u64,
        options: &PutOptions,
        cancel: &Cancel,
    ) -> Result<Stored, StorageError> {
        let client = self.client().await;
        let request = client
            .create_multipart_upload()
            .bucket(self.bucket())
            .key(key)
            .checksum_algorithm(ChecksumAlgorithm::Crc32);
        let created = with_headers!(request, options)
            .send()
            .await
            .map_err(|e| StorageError::from_sdk(key, e))?;
        let upload_id = created.upload_id().unwrap_or_default().to_string();
        let upload = Upload {
            client,
            bucket: self.bucket().to_string(),
            key: key.to_string(),
            upload_id,
        };
        // Completing is not cancelled half-way: once asked, the object may exist.
        let sent = async {
            let parts = upload
                .send_parts(
                    path,
                    &self.config().parts(size),
                    self.config().concurrency,
                    cancel,
                )
                .await?;
            upload.complete(parts).await
        }
        .await;
        match sent {
            Ok(etag) => Ok(Stored { etag, size }),
            Err(e) => {
                upload.abort().await;
                Err(e)
            }
        }
    }
}

fn metadata(options: &PutOptions) -> Option<std::collections::HashMap<String, String>> {
    (!options.metadata.is_empty()).then(|| options.metadata.iter().cloned().collect())
}

/// A multipart upload in progress.
struct Upload {
    client: Client,
    bucket: String,
    key: String,
    upload_id: String,
}

impl Upload {
    /// Sends every part, at most `concurrency` at once. The first failure, or a cancel, stops
    /// the rest. After a failure the parts in flight are let finish (each is bounded by the
    /// client's timeouts) before the caller aborts the upload: dropping a request does not
    /// stop the server storing it, and a part stored after the abort stays behind. A cancel
    /// drops them at once, as the caller asked for promptness.
    async fn send_parts(
        &self,
        path: &Path,
        parts: &[(u64, u64)],
        concurrency: usize,
        cancel: &Cancel,
    ) -> Result<Vec<CompletedPart>, StorageError> {
        let mut running = JoinSet::new();
        let outcome =
            until_cancelled(cancel, self.drive(&mut running, path, parts, concurrency)).await;
        if outcome.is_err() {
            let drain = async {
                while running.join_next().await.is_some() {}
                Ok(())
            };
            let _ = until_cancelled(cancel, drain).await;
            running.shutdown().await;
        }
        outcome
    }

    async fn drive(
        &self,
        running: &mut JoinSet<Result<CompletedPart, StorageError>>,
        path: &Path,
        parts: &[(u64, u64)],
        concurrency: usize,
    ) -> Result<Vec<CompletedPart>, StorageError> {
        let mut pending = parts.iter().enumerate();
        let mut done = Vec::with_capacity(parts.len());
        loop {
            while running.len() < concurrency {
                let Some((index, &(offset, length))) = pending.next() else {
                    break;
                };
                running.spawn(self.send_part(path.to_path_buf(), index as i32 + 1, offset, length));
            }
            match running.join_next().await {
                None => break,
                Some(Ok(part)) => done.push(part?),
                Some(Err(join)) => {
                    return Err(StorageError::InvalidArgument(format!(
                        "an upload task of {} failed: {join}",
                        self.key
                    )))
                }
            }
        }
        done.sort_by_key(|p| p.part_number());
        Ok(done)
    }

    fn send_part(
        &self,
        path: PathBuf,
        number: i32,
        offset: u64,
        length: u64,
    ) -> impl std::future::Future<Output = Result<CompletedPart, StorageError>> + Send + 'static
    {
        let (client, bucket, key, upload_id) = (
            self.client.clone(),
            self.bucket.clone(),
            self.key.clone(),
            self.upload_id.clone(),
        );
        async move {
            let bytes = read_range(&path, offset, length).await?;
            let out = client
                .upload_part()
                .bucket(bucket)
                .key(&key)
                .upload_id(upload_id)
                .part_number(number)
                .body(ByteStream::from(bytes))
                .checksum_algorithm(ChecksumAlgorithm::Crc32)
                .send()
                .await
                .map_err(|e| StorageError::from_sdk(&key, e))?;
            Ok(CompletedPart::builder()
                .part_number(number)
                .set_e_tag(out.e_tag().map(str::to_string))
                .set_checksum_crc32(out.checksum_crc32().map(str::to_string))
                .build())
        }
    }

    async fn complete(&self, parts: Vec<CompletedPart>) -> Result<String, StorageError> {
        let out = self
            .client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| StorageError::from_sdk(&self.key, e))?;
        Ok(unquote(out.e_tag()))
    }

    /// Best effort: the original failure is what the caller needs to see. Runs even after a
    /// cancel, bounded by the client's operation timeout.
    async fn abort(&self) {
        let _ = self
            .client
            .abort_multipart_upload()
            .bucket(&self.bucket)
            .key(&self.key)
            .upload_id(&self.upload_id)
            .send()
            .await;
    }
}

async fn read_range(path: &Path, offset: u64, length: u64) -> Result<Vec<u8>, StorageError> {
    let context = || format!("cannot read {}", path.display());
    let mut file = tokio::fs::File::open(path)
        .await
        .map_err(StorageError::io(context()))?;
    file.seek(std::io::SeekFrom::Start(offset))
        .await
        .map_err(StorageError::io(context()))?;
    let mut bytes = vec![0; length as usize];
    file.read_exact(&mut bytes)
        .await
        .map_err(StorageError::io(context()))?;
    Ok(bytes)
}

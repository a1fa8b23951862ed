//! Reading a download's body: every chunk within the read timeout (a stalled server fails
//! instead of hanging), files written atomically.

use std::{
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use aws_smithy_types::byte_stream::ByteStream;
use tokio::io::AsyncWriteExt;

use super::{error::chain, StorageError};

/// The next chunk of `body`, `None` at its end.
async fn next_chunk(
    key: &str,
    body: &mut ByteStream,
    read_timeout: Duration,
) -> Result<Option<bytes::Bytes>, StorageError> {
    match tokio::time::timeout(read_timeout, body.next()).await {
        Err(_) => Err(StorageError::Timeout {
            key: key.to_string(),
            what: "reading the object",
        }),
        Ok(None) => Ok(None),
        Ok(Some(Ok(chunk))) => Ok(Some(chunk)),
        Ok(Some(Err(e))) => Err(body_error(key, &e)),
    }
}

/// The SDK reports a checksum mismatch as a body error; tell it apart from a broken stream.
fn body_error(key: &str, err: &(dyn std::error::Error + 'static)) -> StorageError {
    let message = chain(err);
    let key = key.to_string();
    if message.to_ascii_lowercase().contains("checksum") {
        StorageError::Checksum { key, message }
    } else {
        StorageError::Network { key, message }
    }
}

pub(crate) async fn collect(
    key: &str,
    mut body: ByteStream,
    read_timeout: Duration,
) -> Result<Vec<u8>, StorageError> {
    let mut out = Vec::new();
    while let Some(chunk) = next_chunk(key, &mut body, read_timeout).await? {
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// A temporary file that is removed when dropped unless it was moved into place: also when a
/// cancelled download's future is dropped half-way.
struct TempFile {
    path: PathBuf,
    kept: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Writes `body` to a temporary file next to `path`, syncs it, then renames it into place.
pub(crate) async fn write_file(
    key: &str,
    mut body: ByteStream,
    path: &Path,
    read_timeout: Duration,
) -> Result<u64, StorageError> {
    let mut temp = TempFile {
        path: temp_path(path),
        kept: false,
    };
    let tmp = temp.path.clone();
    let size = {
        // A new file only readable by this user: never an existing file or a symlink's target.
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .await
            .map_err(StorageError::io(format!("cannot create {}", tmp.display())))?;
        let mut size = 0u64;
        while let Some(chunk) = next_chunk(key, &mut body, read_timeout).await? {
            file.write_all(&chunk)
                .await
                .map_err(StorageError::io(format!("cannot write {}", tmp.display())))?;
            size += chunk.len() as u64;
        }
        file.sync_all()
            .await
            .map_err(StorageError::io(format!("cannot sync {}", tmp.display())))?;
        size
    };
    tokio::fs::rename(&tmp, path)
        .await
        .map_err(StorageError::io(format!(
            "cannot move into {}",
            path.display()
        )))?;
    temp.kept = true;
    Ok(size)
}

/// A name next to `path` no other writer in this or another process picks.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(
        ".{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    path.with_file_name(name)
}

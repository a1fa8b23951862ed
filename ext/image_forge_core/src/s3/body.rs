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

/// `TooLarge` when `read` bytes are over `max_bytes`; `size` is the object's size when known.
pub(crate) fn within(
    key: &str,
    read: Option<u64>,
    max_bytes: Option<u64>,
    size: Option<u64>,
) -> Result<(), StorageError> {
    match (read, max_bytes) {
        (Some(read), Some(max)) if read > max => Err(StorageError::TooLarge {
            key: key.to_string(),
            size,
            max,
        }),
        _ => Ok(()),
    }
}

/// The whole body; `TooLarge` before a chunk would take it past `max_bytes`.
pub(crate) async fn collect(
    key: &str,
    mut body: ByteStream,
    read_timeout: Duration,
    max_bytes: Option<u64>,
) -> Result<Vec<u8>, StorageError> {
    // Sized once from Content-Length (checked against max_bytes already): growing by doubling
    // would hold up to twice the object at the last reallocation.
    let expected = body.size_hint().1.unwrap_or(0);
    let capacity = max_bytes.map_or(expected, |max| expected.min(max));
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = next_chunk(key, &mut body, read_timeout).await? {
        within(key, Some((out.len() + chunk.len()) as u64), max_bytes, None)?;
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
    max_bytes: Option<u64>,
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
            within(key, Some(size + chunk.len() as u64), max_bytes, None)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T>(work: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(work)
    }

    const TIMEOUT: Duration = Duration::from_secs(5);

    #[test]
    fn collect_stops_past_max_bytes() {
        let body = || ByteStream::from(vec![7u8; 100]);
        assert_eq!(
            run(collect("k", body(), TIMEOUT, Some(100))).unwrap().len(),
            100
        );
        assert_eq!(run(collect("k", body(), TIMEOUT, None)).unwrap().len(), 100);
        let err = run(collect("k", body(), TIMEOUT, Some(99))).unwrap_err();
        assert!(
            matches!(
                err,
                StorageError::TooLarge {
                    size: None,
                    max: 99,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn write_file_stops_past_max_bytes_and_leaves_no_file() {
        let dir = std::env::temp_dir().join(format!("image_forge-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out");
        let err = run(write_file(
            "k",
            ByteStream::from(vec![7u8; 100]),
            &path,
            TIMEOUT,
            Some(10),
        ))
        .unwrap_err();
        assert!(
            matches!(err, StorageError::TooLarge { max: 10, .. }),
            "{err:?}"
        );
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn too_large_names_the_size_when_known() {
        let known = within("a.jpg", Some(5), Some(4), Some(5)).unwrap_err();
        assert_eq!(
            known.to_string(),
            "the object at a.jpg is 5 bytes, over max_bytes (4)"
        );
        let unknown = within("a.jpg", Some(5), Some(4), None).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "the object at a.jpg has more bytes, over max_bytes (4)"
        );
        assert!(within("a.jpg", Some(4), Some(4), Some(4)).is_ok());
        assert!(within("a.jpg", None, Some(4), None).is_ok());
    }
}

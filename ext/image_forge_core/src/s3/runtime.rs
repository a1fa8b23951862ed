//! The one Tokio runtime all S3 I/O runs on, rebuilt in a forked child: a fork copies the
//! runtime's memory but not its worker threads, so the parent's runtime is dead there.

use std::{future::Future, sync::Arc, time::Duration};

use once_cell::sync::Lazy;
use std::sync::Mutex;
use tokio::runtime::Runtime;

use super::StorageError;
use crate::Cancel;

/// A runtime and the process (pid) it was built in.
type Owned = Option<(u32, Arc<Runtime>)>;

static RUNTIME: Lazy<Mutex<Owned>> = Lazy::new(|| Mutex::new(None));

/// The runtime of this process, built on first use and again after a fork.
pub(crate) fn runtime() -> Result<Arc<Runtime>, StorageError> {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((owner, rt)) = slot.as_ref() {
        if *owner == pid {
            return Ok(rt.clone());
        }
    }
    // The inherited runtime's threads do not exist here: dropping it would wait for them
    // forever, so it is leaked (once per fork, a few KB).
    if let Some(stale) = slot.take() {
        std::mem::forget(stale);
    }
    let rt = Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("image-forge-s3")
            .enable_all()
            .build()
            .map_err(StorageError::io("cannot start the S3 runtime"))?,
    );
    *slot = Some((pid, rt.clone()));
    Ok(rt)
}

/// Runs `work` to completion on the shared runtime, from a thread outside it. Gives up with
/// `Cancelled` soon after `cancel` is raised: the future is dropped, which closes its requests.
pub(crate) fn block_on<T>(
    cancel: &Cancel,
    work: impl Future<Output = Result<T, StorageError>>,
) -> Result<T, StorageError> {
    runtime()?.block_on(until_cancelled(cancel, work))
}

/// `work`, or `Cancelled` once `cancel` is raised (polled every 20 ms: Ruby's unblock
/// function only sets a flag).
pub(crate) async fn until_cancelled<T>(
    cancel: &Cancel,
    work: impl Future<Output = Result<T, StorageError>>,
) -> Result<T, StorageError> {
    let watch = async {
        while !cancel.is_cancelled() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::select! {
        result = work => result,
        () = watch => Err(StorageError::Cancelled),
    }
}

//! Runs Rust work with Ruby's GVL released, so other Ruby threads run meanwhile.

use std::{
    any::Any,
    ffi::c_void,
    panic::{catch_unwind, AssertUnwindSafe},
};

use image_forge_core::Cancel;

struct Call<'a, F, R> {
    work: Option<F>,
    cancel: &'a Cancel,
    result: Option<std::thread::Result<R>>,
}

unsafe extern "C" fn run<F, R>(data: *mut c_void) -> *mut c_void
where
    F: FnOnce(&Cancel) -> R,
{
    let call = &mut *(data as *mut Call<F, R>);
    if let Some(work) = call.work.take() {
        let cancel = call.cancel;
        call.result = Some(catch_unwind(AssertUnwindSafe(|| work(cancel))));
    }
    std::ptr::null_mut()
}

/// Ruby calls this from another thread on `Thread#kill`, `Timeout` or a signal.
unsafe extern "C" fn unblock(data: *mut c_void) {
    (*(data as *const Cancel)).cancel();
}

/// Runs `work` without the GVL. Panics are caught here and returned as `Err`, never unwound
/// into Ruby. `work` gets a [`Cancel`] that Ruby raises when it wants the thread back; the
/// closure must hold no Ruby values (they may move while the GVL is released), hence `Send`.
pub(crate) fn without_gvl<F, R>(work: F) -> Result<R, Box<dyn Any + Send>>
where
    F: FnOnce(&Cancel) -> R + Send,
    R: Send,
{
    let cancel = Cancel::new();
    let mut call = Call {
        work: Some(work),
        cancel: &cancel,
        result: None,
    };
    unsafe {
        rb_sys::rb_thread_call_without_gvl(
            Some(run::<F, R>),
            &mut call as *mut Call<F, R> as *mut c_void,
            Some(unblock),
            &cancel as *const Cancel as *mut c_void,
        );
    }
    // Ruby always calls `run` for flags = 0; a missing result is reported, not assumed.
    call.result
        .unwrap_or_else(|| Err(Box::new("the work did not run: Ruby skipped the call")))
}

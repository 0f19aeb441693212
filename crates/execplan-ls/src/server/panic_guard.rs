//! A panic in the analysis answers one request with an error (or drops one notification's
//! result); the server keeps serving.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use tower_lsp_server::jsonrpc;

/// Runs `f`, turning a panic into an internal error that names `what` (the LSP method).
pub fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    catch_unwind(AssertUnwindSafe(|| {
        if test_panic_requested(what) {
            panic!("test hook: EXECPLAN_TEST_PANIC={what}");
        }
        f()
    }))
    .map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        tracing::error!("panic while handling {what}: {message}");
        let mut error = jsonrpc::Error::internal_error();
        error.message = format!("execplan-ls failed while handling {what}: {message}").into();
        error
    })
}

/// A test-only hook: `EXECPLAN_TEST_PANIC=<method>` makes that method's handler panic, so
/// end-to-end tests can prove the boundary holds in the real binary.
fn test_panic_requested(what: &str) -> bool {
    static TARGET: OnceLock<Option<String>> = OnceLock::new();
    TARGET
        .get_or_init(|| std::env::var("EXECPLAN_TEST_PANIC").ok())
        .as_deref()
        == Some(what)
}

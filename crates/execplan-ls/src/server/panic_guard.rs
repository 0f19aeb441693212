//! A panic in the analysis answers one request with an error (or drops one notification's
//! result); the server keeps serving.

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc;

/// Runs `f`, turning a panic into an internal error that names `what`.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
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

//! Logs go to stderr: stdout carries the protocol.

use tracing_subscriber::EnvFilter;

/// Installs a stderr subscriber filtered by `EXECPLAN_LOG` (default `warn`).
pub fn init() {
    let filter = EnvFilter::try_from_env("EXECPLAN_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(false)
        .try_init();
}

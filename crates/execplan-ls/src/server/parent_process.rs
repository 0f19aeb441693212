//! An editor that dies without `shutdown` leaves its server behind; `processId` from
//! `initialize` lets the server notice and leave too.

use std::time::Duration;

const POLL: Duration = Duration::from_secs(2);

/// Watches process `pid` on a thread of its own and exits (status 1) once it is gone.
pub fn exit_when_gone(pid: u32) {
    let spawned = std::thread::Builder::new()
        .name("parent-watch".to_string())
        .spawn(move || loop {
            std::thread::sleep(POLL);
            if !is_alive(pid) {
                tracing::warn!(pid, "the client process is gone; exiting");
                std::process::exit(1);
            }
        });
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot watch the client process");
    }
}

#[cfg(unix)]
fn is_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // Signal 0 checks for existence without sending anything; EPERM means it exists but
    // belongs to someone else.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn is_alive(_pid: u32) -> bool {
    // Without a portable check, trust the client to close our input.
    true
}

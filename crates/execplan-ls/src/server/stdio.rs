//! stdin and stdout on threads of their own.
//!
//! tokio's `stdin()`/`stdout()` hand every read and write to its blocking pool, a task
//! spawned per call; on the keystroke path that was a measurable part of the round trip.
//! Here one thread reads stdin and one writes stdout, each blocking on its own file, and
//! the runtime's thread meets them through channels.

use std::io::{Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc;

/// How much input waits for the server before the reading thread stops reading: the
/// client is slowed down rather than memory growing without bound.
const READ_AHEAD_CHUNKS: usize = 64;
const CHUNK: usize = 64 * 1024;

/// stdin, read by a thread of its own.
pub struct ThreadStdin {
    chunks: mpsc::Receiver<Vec<u8>>,
    current: Vec<u8>,
    at: usize,
}

impl ThreadStdin {
    pub fn spawn() -> ThreadStdin {
        let (sender, chunks) = mpsc::channel(READ_AHEAD_CHUNKS);
        // Not joined: at exit it may be blocked reading, and the process ends with it.
        let spawned = std::thread::Builder::new()
            .name("stdin".to_string())
            .spawn(move || {
                let mut stdin = std::io::stdin().lock();
                loop {
                    let mut buffer = vec![0; CHUNK];
                    match stdin.read(&mut buffer) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => {
                            buffer.truncate(n);
                            if sender.blocking_send(buffer).is_err() {
                                return;
                            }
                        }
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the stdin thread: {e}");
        }
        ThreadStdin {
            chunks,
            current: Vec::new(),
            at: 0,
        }
    }
}

impl AsyncRead for ThreadStdin {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.at == self.current.len() {
            match self.chunks.poll_recv(cx) {
                Poll::Ready(Some(chunk)) => {
                    self.current = chunk;
                    self.at = 0;
                }
                // The thread has stopped: end of input.
                Poll::Ready(None) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(self.current.len() - self.at);
        let at = self.at;
        buf.put_slice(&self.current[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

/// stdout, written by a thread of its own; [`ThreadStdout::spawn`] also returns the
/// thread, to join once everything is written.
pub struct ThreadStdout {
    frames: std::sync::mpsc::Sender<Vec<u8>>,
}

impl ThreadStdout {
    pub fn spawn() -> (ThreadStdout, Option<std::thread::JoinHandle<()>>) {
        let (frames, received) = std::sync::mpsc::channel::<Vec<u8>>();
        let thread = std::thread::Builder::new()
            .name("stdout".to_string())
            .spawn(move || {
                let mut stdout = std::io::stdout().lock();
                while let Ok(bytes) = received.recv() {
                    if stdout.write_all(&bytes).is_err() {
                        return;
                    }
                    // Flush once nothing more is queued: one write per burst.
                    let mut failed = false;
                    while let Ok(more) = received.try_recv() {
                        failed |= stdout.write_all(&more).is_err();
                    }
                    if failed || stdout.flush().is_err() {
                        return;
                    }
                }
            });
        let thread = match thread {
            Ok(thread) => Some(thread),
            Err(e) => {
                tracing::error!("cannot start the stdout thread: {e}");
                None
            }
        };
        (ThreadStdout { frames }, thread)
    }
}

impl AsyncWrite for ThreadStdout {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.frames.send(buf.to_vec()) {
            Ok(()) => Poll::Ready(Ok(buf.len())),
            Err(_) => Poll::Ready(Err(std::io::ErrorKind::BrokenPipe.into())),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        // The thread flushes after every burst.
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

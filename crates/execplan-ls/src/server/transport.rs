//! The stdio framing in front of tower-lsp-server.
//!
//! tower-lsp-server stops reading its input at the first message it cannot decode (bad
//! JSON, a missing `Content-Length`, a body that is not a JSON-RPC message), which would
//! end the server. This layer reads the frames itself: well-formed messages go on to the
//! server unchanged and in order; anything else is answered with a JSON-RPC error
//! (`-32700` parse error, `-32600` invalid request) and reading goes on. Header lines are
//! scanned for `Content-Length:` wherever it appears, so a body sent without a length, or
//! with a short one, costs one error and the next message is found again.

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, DuplexStream,
};
use tokio::sync::mpsc;

/// Larger bodies are read and dropped with an error, so memory stays bounded.
const MAX_BODY: usize = 256 * 1024 * 1024;
const PIPE: usize = 64 * 1024;

/// What the server reads and writes instead of stdin and stdout.
pub struct ServerPipes {
    pub input: DuplexStream,
    pub output: DuplexStream,
}

/// Starts the framing tasks between `stdin`/`stdout` and the returned pipes. The returned
/// handle finishes once everything the server wrote has reached `stdout`.
pub fn start<R, W>(stdin: R, stdout: W) -> (ServerPipes, tokio::task::JoinHandle<()>)
where
    R: AsyncRead + Unpin + Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    let (to_server, server_input) = tokio::io::duplex(PIPE);
    let (server_output, from_server) = tokio::io::duplex(PIPE);
    let (frames_tx, frames_rx) = mpsc::unbounded_channel::<Option<Vec<u8>>>();

    tokio::spawn(read_client(stdin, to_server, frames_tx.clone()));
    tokio::spawn(read_server(from_server, frames_tx));
    let writer = tokio::spawn(write_client(stdout, frames_rx));
    (
        ServerPipes {
            input: server_input,
            output: server_output,
        },
        writer,
    )
}

/// Client → server: forwards well-formed frames, answers the rest.
async fn read_client<R: AsyncRead + Unpin>(
    stdin: R,
    mut to_server: DuplexStream,
    replies: mpsc::UnboundedSender<Option<Vec<u8>>>,
) {
    let mut reader = BufReader::new(stdin);
    loop {
        let length = match read_headers(&mut reader).await {
            Headers::Length(length) => length,
            Headers::End => break,
        };
        let body = match read_body(&mut reader, length).await {
            Ok(Some(body)) => body,
            Ok(None) => {
                tracing::error!(length, "message body over {MAX_BODY} bytes dropped");
                let _ = replies.send(Some(frame(&error_reply(
                    Value::Null,
                    -32600,
                    "message too large",
                ))));
                continue;
            }
            Err(_) => break,
        };
        match check_message(&body) {
            Ok(()) => {
                let header = format!("Content-Length: {}\r\n\r\n", body.len());
                if to_server.write_all(header.as_bytes()).await.is_err()
                    || to_server.write_all(&body).await.is_err()
                {
                    break; // the server has stopped reading: it is exiting
                }
            }
            Err(reply) => {
                tracing::error!(
                    "malformed message answered with an error: {}",
                    reply["error"]["message"]
                );
                let _ = replies.send(Some(frame(&reply)));
            }
        }
    }
    // Dropping `to_server` tells the server its input has ended.
}

enum Headers {
    Length(usize),
    End,
}

/// Reads header lines up to the blank line that ends them, and returns the last
/// `Content-Length` seen. Lines without one (junk, a body that had no length) are skipped.
async fn read_headers<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> Headers {
    let mut length = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return Headers::End,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if let Some(length) = length {
                return Headers::Length(length);
            }
            continue;
        }
        if let Some(value) = content_length(trimmed) {
            length = Some(value);
        } else if !is_header(trimmed) {
            tracing::error!(line = %trimmed, "skipping input that is not an LSP header");
        }
    }
}

fn content_length(line: &str) -> Option<usize> {
    let lower = line.to_ascii_lowercase();
    let at = lower.rfind("content-length:")?;
    line[at + "content-length:".len()..].trim().parse().ok()
}

fn is_header(line: &str) -> bool {
    line.to_ascii_lowercase().starts_with("content-type:")
}

async fn read_body<R: AsyncRead + Unpin>(
    reader: &mut R,
    length: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    if length > MAX_BODY {
        let skipped =
            tokio::io::copy(&mut reader.take(length as u64), &mut tokio::io::sink()).await?;
        if skipped < length as u64 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        return Ok(None);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok(Some(body))
}

/// The fields that make a JSON-RPC message, read without building the (possibly very
/// large) parameters.
#[derive(serde::Deserialize)]
struct Envelope {
    jsonrpc: Option<String>,
    method: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    result: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    error: Option<Value>,
}

/// Tells a present `"id": null` (or `"result": null`) apart from a missing field. Only
/// responses carry `result`, and they are small.
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    <Value as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// A body tower-lsp-server can decode: JSON, and a request, notification or response.
fn check_message(body: &[u8]) -> Result<(), Value> {
    let envelope: Envelope = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(e) if e.is_data() => {
            return Err(error_reply(
                Value::Null,
                -32600,
                "invalid request: not a JSON-RPC 2.0 message",
            ))
        }
        Err(e) => {
            return Err(error_reply(
                Value::Null,
                -32700,
                &format!("parse error: {e}"),
            ))
        }
    };
    let valid_id = matches!(
        envelope.id,
        None | Some(Value::Null | Value::Number(_) | Value::String(_))
    );
    let is_request = envelope.method.as_ref().is_some_and(Value::is_string) && valid_id;
    let is_response =
        envelope.id.is_some() && (envelope.result.is_some() || envelope.error.is_some());
    if envelope.jsonrpc.as_deref() == Some("2.0") && (is_request || is_response) {
        Ok(())
    } else {
        let id = envelope.id.filter(|_| valid_id).unwrap_or(Value::Null);
        Err(error_reply(
            id,
            -32600,
            "invalid request: not a JSON-RPC 2.0 message",
        ))
    }
}

fn error_reply(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

/// Server → client: cuts the server's output into whole frames, so injected error replies
/// never land inside one.
async fn read_server(output: DuplexStream, frames: mpsc::UnboundedSender<Option<Vec<u8>>>) {
    let mut reader = BufReader::new(output);
    loop {
        let Headers::Length(length) = read_headers(&mut reader).await else {
            break;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).await.is_err() {
            break;
        }
        let mut framed = format!("Content-Length: {length}\r\n\r\n").into_bytes();
        framed.extend_from_slice(&body);
        let _ = frames.send(Some(framed));
    }
    // The server's output has ended: everything before this marker is to be written.
    let _ = frames.send(None);
}

async fn write_client<W: AsyncWrite + Unpin>(
    mut stdout: W,
    mut frames: mpsc::UnboundedReceiver<Option<Vec<u8>>>,
) {
    while let Some(Some(frame)) = frames.recv().await {
        if stdout.write_all(&frame).await.is_err() || stdout.flush().await.is_err() {
            break;
        }
    }
    let _ = stdout.flush().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_is_found_anywhere_in_a_line() {
        assert_eq!(content_length("Content-Length: 12"), Some(12));
        assert_eq!(content_length("content-length:7"), Some(7));
        assert_eq!(content_length("}junk\"Content-Length: 94"), Some(94));
        assert_eq!(content_length("Content-Type: x"), None);
    }

    #[test]
    fn only_json_rpc_messages_pass() {
        assert!(check_message(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_ok());
        assert!(check_message(br#"{"jsonrpc":"2.0","id":3,"result":null}"#).is_ok());
        assert_eq!(check_message(b"{").unwrap_err()["error"]["code"], -32700);
        assert_eq!(check_message(br#"{"id":4}"#).unwrap_err()["id"], 4);
        assert_eq!(check_message(b"[]").unwrap_err()["error"]["code"], -32600);
    }
}

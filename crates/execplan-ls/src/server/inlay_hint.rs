//! `textDocument/inlayHint`: each stamp's age after it ("3d ago"), in plans, when the
//! setting `inlayHints.relativeTime` (`[inlay_hints] relative_time` in `.execplan.toml`)
//! is on. Off by default. Only the lines of the requested range are scanned.

use execplan_ide::glance::stamp_ages;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::panic_guard::guarded;
use super::plans::plan_config;
use super::Backend;
use crate::position;

pub fn inlay_hints(backend: &Backend, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let uri = &params.text_document.uri;
    let state = &backend.state;
    if !relative_time_enabled(backend, uri) {
        return Ok(None);
    }
    let Some(snapshot) = state.snapshot(uri) else {
        return Ok(None);
    };
    let encoding = state.encoding();
    guarded("inlayHint", || {
        let config = plan_config(state, uri, &snapshot.file)?;
        let asked = position::offset_range(&snapshot.rope, params.range, encoding);
        let hints = stamp_ages(&snapshot.file, asked.clone(), config.now)
            .into_iter()
            // The stamps on the range's lines, but only hints inside the range.
            .filter(|age| asked.start <= age.range.end && age.range.end <= asked.end)
            .map(|age| InlayHint {
                position: position::position(&snapshot.rope, age.range.end, encoding),
                label: InlayHintLabel::String(age.label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Some(hints)
    })
}

/// The setting for the document `uri`: its repository's `.execplan.toml` over the
/// editor's settings (as every setting), else the editor's.
fn relative_time_enabled(backend: &Backend, uri: &Uri) -> bool {
    let state = &backend.state;
    let setting = match uri.to_file_path() {
        Some(path) => state.repo_settings(&path).0.settings.inlay_relative_time,
        None => {
            state
                .editor_settings
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .inlay_relative_time
        }
    };
    setting.unwrap_or(false)
}

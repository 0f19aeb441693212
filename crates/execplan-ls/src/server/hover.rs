//! `textDocument/hover`.

use execplan_ide::detect_plan;
use execplan_ide::hover::{hover as ide_hover, FilePreview};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::diagnostics::file_name;
use super::panic_guard::guarded;
use super::Backend;
use crate::position;
use crate::workspace::read_inside;

/// How much of a file a hover shows.
const PREVIEW_LINES: usize = 8;
const PREVIEW_BYTES: u64 = 64 * 1024;

pub fn hover(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let uri = &params.text_document_position_params.text_document.uri;
    let Some(request) = backend.state.request(uri) else {
        return Ok(None);
    };
    let (snapshot, repo, config, encoding) = (
        &request.snapshot,
        &request.repo,
        &request.config,
        request.encoding,
    );
    guarded("hover", || {
        let offset = request.offset(params.text_document_position_params.position);
        let ctx = request.edit_context();
        let name = file_name(uri);
        let is_plan = detect_plan(&snapshot.file, &name, config).is_plan();
        // Only indexed files (inside the root, never through a symlink) are read.
        let preview = |path: &str| -> Option<FilePreview> {
            let repo = repo.as_ref()?;
            if !repo.files.is_file(path) {
                return None;
            }
            let size = std::fs::symlink_metadata(repo.root.join(path)).ok()?.len();
            if size > PREVIEW_BYTES {
                return Some(FilePreview {
                    size,
                    first_lines: "(too large to preview)".to_string(),
                });
            }
            let text = read_inside(&repo.root, path, PREVIEW_BYTES as usize).ok()?;
            let first_lines = text
                .lines()
                .take(PREVIEW_LINES)
                .collect::<Vec<_>>()
                .join("\n");
            Some(FilePreview { size, first_lines })
        };
        let found = ide_hover(&snapshot.file, offset, &ctx, is_plan, &preview);
        // On a stale plan's Progress heading: the commits it has not caught up with.
        let stale = backend
            .state
            .documents
            .get(uri)
            .and_then(|open| open.staleness.clone())
            .filter(|_| is_plan)
            .and_then(|staleness| {
                let finding =
                    execplan_ide::history::stale_finding(&snapshot.file, config, &staleness)?;
                let on_anchor = finding.range.start <= offset && offset <= finding.range.end;
                on_anchor.then(|| {
                    (
                        finding.range,
                        execplan_ide::history::stale_hover(&staleness),
                    )
                })
            });
        let (range, value) = match (found, stale) {
            (Some(found), Some((_, commits))) => {
                (found.range, format!("{}\n\n---\n\n{commits}", found.text))
            }
            (Some(found), None) => (found.range, found.text),
            (None, Some((range, commits))) => (range, commits),
            (None, None) => return None,
        };
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(position::range(&snapshot.rope, range, encoding)),
        })
    })
}

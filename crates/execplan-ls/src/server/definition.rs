//! `textDocument/definition`, `textDocument/documentLink` and `textDocument/references`:
//! following the repository paths a plan names.

use std::path::Path;

use execplan_ide::detect_plan;
use execplan_ide::navigation::{self, NavTarget};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::panic_guard::guarded;
use super::Backend;
use crate::position;

/// At most this many plans are searched for references.
const MAX_PLANS: usize = 5_000;

pub fn definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let uri = &params.text_document_position_params.text_document.uri;
    let state = &backend.state;
    let (Some(snapshot), Some(repo)) = (state.snapshot(uri), state.repo_for(uri)) else {
        return Ok(None);
    };
    let encoding = state.encoding();
    guarded("definition", || {
        let offset = position::offset(
            &snapshot.rope,
            params.text_document_position_params.position,
            encoding,
        );
        let targets =
            navigation::definition(&snapshot.file, offset, &repo.files, Some(&repo.doc_dir));
        let locations: Vec<Location> = targets
            .iter()
            .filter_map(|t| location(backend, &repo.root, t))
            .collect();
        match locations.len() {
            0 => None,
            1 => Some(GotoDefinitionResponse::Scalar(
                locations.into_iter().next()?,
            )),
            _ => Some(GotoDefinitionResponse::Array(locations)),
        }
    })
}

pub fn document_links(
    backend: &Backend,
    params: DocumentLinkParams,
) -> Result<Option<Vec<DocumentLink>>> {
    let uri = &params.text_document.uri;
    let state = &backend.state;
    let (Some(snapshot), Some(repo)) = (state.snapshot(uri), state.repo_for(uri)) else {
        return Ok(None);
    };
    let encoding = state.encoding();
    guarded("documentLink", || {
        let links = navigation::document_links(&snapshot.file, &repo.files, Some(&repo.doc_dir));
        Some(
            links
                .into_iter()
                .filter_map(|link| {
                    let mut target = file_uri(&repo.root, &link.target.path)?;
                    if let Some(line) = link.target.line {
                        target = format!("{}#L{line}", target.as_str()).parse().ok()?;
                    }
                    Some(DocumentLink {
                        range: position::range(&snapshot.rope, link.range, encoding),
                        target: Some(target),
                        tooltip: Some(link.target.path),
                        data: None,
                    })
                })
                .collect(),
        )
    })
}

pub fn references(backend: &Backend, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let uri = &params.text_document_position.text_document.uri;
    let state = &backend.state;
    let (Some(snapshot), Some(repo)) = (state.snapshot(uri), state.repo_for(uri)) else {
        return Ok(None);
    };
    let encoding = state.encoding();
    let offset = position::offset(
        &snapshot.rope,
        params.text_document_position.position,
        encoding,
    );
    let Some(target) = guarded("references", || {
        navigation::path_at(&snapshot.file, offset, &repo.files, Some(&repo.doc_dir))
    })?
    else {
        return Ok(None);
    };
    let config = state.config_for(uri);
    let mut out = Vec::new();
    // The workspace index: open documents as the editor holds them, the rest as on disk.
    for document in state.workspace_documents().into_iter().take(MAX_PLANS) {
        let Some(plan) = document
            .path
            .as_ref()
            .and_then(|p| p.strip_prefix(&repo.root).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
        else {
            continue;
        };
        let (plan_uri, file) = (document.uri, document.file);
        let name = plan.rsplit('/').next().unwrap_or(&plan);
        if !detect_plan(&file, name, &config).is_plan() && plan_uri != *uri {
            continue;
        }
        let dir = plan.rsplit_once('/').map_or("", |(d, _)| d);
        let ranges = guarded("references", || {
            navigation::references_to(&file, &target, &repo.files, Some(dir))
        })?;
        if ranges.is_empty() {
            continue;
        }
        let rope = ropey::Rope::from_str(file.text());
        out.extend(ranges.into_iter().map(|range| Location {
            uri: plan_uri.clone(),
            range: position::range(&rope, range, encoding),
        }));
    }
    Ok(Some(out))
}

pub fn file_uri(root: &Path, relative: &str) -> Option<Uri> {
    Uri::from_file_path(root.join(relative))
}

/// Bytes of a target file read to place a line in it.
const MAX_TARGET_READ: usize = 64 * 1024 * 1024;

/// Where a target leads: its file, at its line and column clamped to the file (as the
/// editor holds it when open, else as on disk), so `#L41` of a ten-line file is its last
/// line.
fn location(backend: &Backend, root: &Path, target: &NavTarget) -> Option<Location> {
    let uri = file_uri(root, &target.path)?;
    let at = match target.line {
        None => Position::new(0, 0),
        Some(line) => {
            let rope = match backend.state.snapshot(&uri) {
                Some(open) => open.rope,
                None => ropey::Rope::from_str(
                    &crate::workspace::read_inside(root, &target.path, MAX_TARGET_READ)
                        .unwrap_or_default(),
                ),
            };
            let column = target.column.unwrap_or(1);
            position::line_column(&rope, line, column, backend.state.encoding())
        }
    };
    Some(Location {
        uri,
        range: Range::new(at, at),
    })
}

//! `workspace/willRenameFiles`: before a file or folder is renamed, the edits that keep
//! every plan's references (backticked paths and links) pointing at it.

use std::collections::HashMap;
use std::path::PathBuf;

use execplan_ide::rename_edits;
use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::diagnostics::analyse;
use super::panic_guard::guarded;
use super::Backend;
use crate::position;

pub fn will_rename_files(
    backend: &Backend,
    params: RenameFilesParams,
) -> Result<Option<WorkspaceEdit>> {
    let state = &backend.state;
    let encoding = state.encoding();
    let roots = state.roots();
    let documents = state.workspace_documents();
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for rename in params.files {
        let (Some(old), Some(new)) = (local_path(&rename.old_uri), local_path(&rename.new_uri))
        else {
            continue;
        };
        // Both ends in the same root; a move out of the workspace leaves references alone.
        let Some(root) = roots
            .iter()
            .filter(|r| old.starts_with(r) && new.starts_with(r))
            .max_by_key(|r| r.components().count())
        else {
            continue;
        };
        let relative = |p: &PathBuf| {
            p.strip_prefix(root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .ok()
        };
        let (Some(from), Some(to)) = (relative(&old), relative(&new)) else {
            continue;
        };
        let repo = state.repo_index(root);
        for document in &documents {
            let Some(document_path) = document.path.as_ref().and_then(relative) else {
                continue;
            };
            if !analyse(
                state,
                &document.uri,
                &document.file,
                "workspace/willRenameFiles",
            )?
            .is_plan
            {
                continue;
            }
            let edits = guarded("workspace/willRenameFiles", || {
                rename_edits(&document.file, &document_path, &repo, &from, &to)
            })?;
            if edits.is_empty() {
                continue;
            }
            let rope = Rope::from_str(document.file.text());
            let out = changes.entry(document.uri.clone()).or_default();
            for edit in edits {
                let range = position::range(&rope, edit.range, encoding);
                // Two renames in one request may reach the same reference: the first wins.
                if out.iter().any(|e| e.range == range) {
                    continue;
                }
                out.push(TextEdit {
                    range,
                    new_text: edit.new_text,
                });
            }
        }
    }
    if changes.is_empty() {
        return Ok(None);
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

fn local_path(uri: &str) -> Option<PathBuf> {
    let uri: Uri = uri.parse().ok()?;
    uri.to_file_path().map(|p| p.into_owned())
}

//! `textDocument/codeAction`: quick fixes, entry and item actions, fix-all, template.

use std::collections::HashMap;

use execplan_ide::actions::{
    add_progress_entry, assists, fix_all, missing_file_at, Assist, AssistKind,
};
use execplan_ide::detect_plan;
use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::diagnostics::file_name;
use super::panic_guard::guarded;
use super::state::ClientFeatures;
use super::Backend;
use crate::position::{self, PositionEncoding};

/// The kind of our fix-all action, under `source.fixAll`.
pub const FIX_ALL_KIND: &str = "source.fixAll.execplan";

/// The rule (from the path rules) whose diagnostics can be fixed by creating the file.
const PATH_NOT_FOUND: &str = "path-not-found";

pub fn code_action(
    backend: &Backend,
    params: CodeActionParams,
) -> Result<Option<CodeActionResponse>> {
    let uri = &params.text_document.uri;
    let state = &backend.state;
    let Some(request) = state.request(uri) else {
        return Ok(None);
    };
    let (snapshot, repo, config, encoding) = (
        &request.snapshot,
        &request.repo,
        &request.config,
        request.encoding,
    );
    let features = state.features();
    let only = params.context.only.clone();
    let wants = |kind: &str| {
        only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                let k = k.as_str();
                kind == k || kind.starts_with(&format!("{k}."))
            })
        })
    };
    guarded("codeAction", || {
        let range = position::offset_range(&snapshot.rope, params.range, encoding);
        let mut ctx = request.edit_context();
        ctx.diagnostics = snapshot.diagnostics.as_deref().map(Vec::as_slice);
        let name = file_name(uri);
        let is_plan = detect_plan(&snapshot.file, &name, config).is_plan();
        let title = title_from(&name);
        let convert = Converter {
            uri,
            version: snapshot.version,
            rope: &snapshot.rope,
            encoding,
            features,
            context: &params.context.diagnostics,
        };
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        for assist in assists(&snapshot.file, range, &ctx, is_plan, &title) {
            let action = convert.action(assist);
            if wants(action.kind.as_ref().map_or("", |k| k.as_str())) {
                out.push(CodeActionOrCommand::CodeAction(action));
            }
        }
        if features.create_files && wants(CodeActionKind::QUICKFIX.as_str()) {
            if let Some(repo) = &repo {
                for d in &params.context.diagnostics {
                    if d.code != Some(NumberOrString::String(PATH_NOT_FOUND.to_string())) {
                        continue;
                    }
                    let d_range = position::offset_range(&snapshot.rope, d.range, encoding);
                    let Some(path) = missing_file_at(&snapshot.file, &d_range, &ctx) else {
                        continue;
                    };
                    let Some(target) = Uri::from_file_path(repo.root.join(&path)) else {
                        continue;
                    };
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Create `{path}`"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: Some(WorkspaceEdit {
                            document_changes: Some(DocumentChanges::Operations(vec![
                                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                                    uri: target,
                                    options: Some(CreateFileOptions {
                                        overwrite: Some(false),
                                        ignore_if_exists: Some(true),
                                    }),
                                    annotation_id: None,
                                })),
                            ])),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }));
                }
            }
        }
        if is_plan && wants(FIX_ALL_KIND) {
            if let Some(assist) = fix_all(&snapshot.file, &ctx) {
                out.push(CodeActionOrCommand::CodeAction(convert.action(assist)));
            }
        }
        Some(out)
    })
}

/// The edit of "Add progress entry (now)" on the open document `uri`'s current text, for
/// the code lens's command (`workspace/executeCommand`); `None` when it is not open.
pub fn progress_entry_edit(backend: &Backend, uri: &Uri) -> Option<WorkspaceEdit> {
    let request = backend.state.request(uri)?;
    let ctx = request.edit_context();
    let assist = add_progress_entry(&request.snapshot.file, &ctx);
    let convert = Converter {
        uri,
        version: request.snapshot.version,
        rope: &request.snapshot.rope,
        encoding: request.encoding,
        features: backend.state.features(),
        context: &[],
    };
    convert.action(assist).edit
}

struct Converter<'a> {
    uri: &'a Uri,
    version: i32,
    rope: &'a Rope,
    encoding: PositionEncoding,
    features: ClientFeatures,
    context: &'a [Diagnostic],
}

impl Converter<'_> {
    fn action(&self, assist: Assist) -> CodeAction {
        let edits: Vec<TextEdit> = assist
            .edits
            .into_iter()
            .map(|e| TextEdit {
                range: position::range(self.rope, e.range, self.encoding),
                new_text: e.new_text,
            })
            .collect();
        // With document changes the edit names the version it was computed against, so a
        // client applies it only to that text.
        let edit = if self.features.document_changes {
            WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: self.uri.clone(),
                        version: Some(self.version),
                    },
                    edits: edits.into_iter().map(OneOf::Left).collect(),
                }])),
                ..Default::default()
            }
        } else {
            WorkspaceEdit {
                changes: Some(HashMap::from([(self.uri.clone(), edits)])),
                ..Default::default()
            }
        };
        let diagnostics = assist.diagnostic.map(|d| {
            let range = position::range(self.rope, d.range, self.encoding);
            let code = NumberOrString::String(d.rule.code().to_string());
            self.context
                .iter()
                .filter(|c| c.range == range && c.code.as_ref() == Some(&code))
                .cloned()
                .collect::<Vec<_>>()
        });
        CodeAction {
            title: assist.label,
            kind: Some(match assist.kind {
                AssistKind::QuickFix => CodeActionKind::QUICKFIX,
                AssistKind::Refactor => CodeActionKind::REFACTOR,
                AssistKind::RefactorRewrite => CodeActionKind::REFACTOR_REWRITE,
                AssistKind::SourceFixAll => CodeActionKind::new(FIX_ALL_KIND),
            }),
            diagnostics: diagnostics.filter(|d| !d.is_empty()),
            edit: Some(edit),
            is_preferred: assist.is_preferred.then_some(true),
            ..Default::default()
        }
    }
}

/// `ship-the-thing.md` → `Ship the thing`.
fn title_from(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let words = stem.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "ExecPlan title".to_string(),
    }
}

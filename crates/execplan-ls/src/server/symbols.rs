//! `textDocument/documentSymbol`, `textDocument/foldingRange` and `workspace/symbol`.

use execplan_ide::detect_plan;
use execplan_ide::symbols::{self, Symbol, SymbolKind as Kind};
use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::panic_guard::guarded;
use super::Backend;
use crate::position::{self, PositionEncoding};

/// At most this many plans are read, and symbols returned, for one search.
const MAX_PLANS: usize = 5_000;
const MAX_SYMBOLS: usize = 1_000;

pub fn document_symbols(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let state = &backend.state;
    let Some(snapshot) = state.snapshot(&params.text_document.uri) else {
        return Ok(None);
    };
    let config = state.config_for(&params.text_document.uri);
    let encoding = state.encoding();
    guarded("documentSymbol", || {
        let found = symbols::document_symbols(&snapshot.file, &config.standard);
        Some(DocumentSymbolResponse::Nested(
            found
                .into_iter()
                .map(|s| convert(&snapshot.rope, encoding, s))
                .collect(),
        ))
    })
}

#[allow(deprecated)] // `deprecated` is a required field of the struct
fn convert(rope: &Rope, encoding: PositionEncoding, symbol: Symbol) -> DocumentSymbol {
    DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: position::range(rope, symbol.range, encoding),
        selection_range: position::range(rope, symbol.selection_range, encoding),
        children: Some(
            symbol
                .children
                .into_iter()
                .map(|c| convert(rope, encoding, c))
                .collect(),
        ),
    }
}

fn kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Title => SymbolKind::FILE,
        Kind::Section => SymbolKind::NAMESPACE,
        Kind::Task { done: true } => SymbolKind::BOOLEAN,
        Kind::Task { done: false } => SymbolKind::EVENT,
        Kind::Decision => SymbolKind::KEY,
    }
}

pub fn folding_ranges(
    backend: &Backend,
    params: FoldingRangeParams,
) -> Result<Option<Vec<FoldingRange>>> {
    let state = &backend.state;
    let Some(snapshot) = state.snapshot(&params.text_document.uri) else {
        return Ok(None);
    };
    let encoding = state.encoding();
    guarded("foldingRange", || {
        let ranges = symbols::folding_ranges(&snapshot.file);
        Some(
            ranges
                .into_iter()
                .filter_map(|r| {
                    let range = position::range(&snapshot.rope, r, encoding);
                    (range.end.line > range.start.line).then(|| FoldingRange {
                        start_line: range.start.line,
                        end_line: range.end.line,
                        kind: Some(FoldingRangeKind::Region),
                        ..Default::default()
                    })
                })
                .collect(),
        )
    })
}

/// Every plan of every workspace root, and its decisions, whose name contains the query.
#[allow(deprecated)] // `SymbolInformation::deprecated` is a required field
pub fn workspace_symbols(
    backend: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    let state = &backend.state;
    let encoding = state.encoding();
    let query = params.query.to_lowercase();
    let roots = state.roots();
    let mut out = Vec::new();
    // The workspace index: open documents as the editor holds them, the rest as on disk;
    // nothing is read per request.
    for document in state.workspace_documents().into_iter().take(MAX_PLANS) {
        let Some(path) = &document.path else {
            continue;
        };
        let Some(plan) = roots
            .iter()
            .find_map(|r| path.strip_prefix(r).ok())
            .map(|p| p.to_string_lossy().replace('\\', "/"))
        else {
            continue;
        };
        let (uri, file) = (document.uri, document.file);
        let rope = Rope::from_str(file.text());
        let name = plan.rsplit('/').next().unwrap_or(&plan);
        let config = state.config_for(&uri);
        if !detect_plan(&file, name, &config).is_plan() {
            continue;
        }
        let found = guarded("workspace/symbol", || {
            symbols::workspace_symbols(&file, &config.standard)
        })?;
        let title = found
            .iter()
            .find(|s| s.kind == Kind::Title)
            .map(|s| s.name.clone());
        for symbol in found {
            if !symbol.name.to_lowercase().contains(&query) {
                continue;
            }
            out.push(SymbolInformation {
                name: symbol.name,
                kind: kind(symbol.kind),
                tags: None,
                deprecated: None,
                location: Location {
                    uri: uri.clone(),
                    range: position::range(&rope, symbol.selection_range, encoding),
                },
                container_name: if symbol.kind == Kind::Title {
                    Some(plan.to_string())
                } else {
                    title.clone()
                },
            });
            if out.len() >= MAX_SYMBOLS {
                return Ok(Some(WorkspaceSymbolResponse::Flat(out)));
            }
        }
    }
    Ok(Some(WorkspaceSymbolResponse::Flat(out)))
}

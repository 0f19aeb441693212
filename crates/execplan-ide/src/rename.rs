//! Renaming a file or folder of the repository: the edits that keep a plan's references
//! to it pointing at it. Backticked paths and link targets are rewritten in the form they
//! were written (from the root, or relative to the plan's folder); a `:line` or `#L10`
//! suffix and a link's `#anchor` stay as they are, since only the path itself is edited.

use execplan_syntax::SourceFile;

use crate::{join_relative, path_refs, PathRefKind, RepoFiles, TextEdit};

/// The edits to the plan at `document_path` (relative to the root) when `from` is renamed
/// to `to` (both relative to the root; a file or a folder). A reference is matched by what
/// it resolves to in `repo`, the index from before the rename, as path lookups resolve
/// it: a backticked path from the root first, then from the plan's folder; a link from
/// the plan's folder.
pub fn rename_edits(
    file: &SourceFile,
    document_path: &str,
    repo: &RepoFiles,
    from: &str,
    to: &str,
) -> Vec<TextEdit> {
    let from = from.trim_matches('/');
    let to = to.trim_matches('/');
    if from.is_empty() || to.is_empty() || from == to {
        return Vec::new();
    }
    let doc_dir = document_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut edits = Vec::new();
    for reference in path_refs(file) {
        if reference.kind == PathRefKind::Bare || reference.is_absolute() || reference.is_glob() {
            continue;
        }
        // A link's `#anchor` or `?query` is not part of the path.
        let written = match reference.kind {
            PathRefKind::Link => {
                let cut = reference
                    .path
                    .find(['#', '?'])
                    .unwrap_or(reference.path.len());
                &reference.path[..cut]
            }
            _ => reference.path.as_str(),
        };
        if written.is_empty() || written.contains("://") {
            continue;
        }
        let bases: &[&str] = match reference.kind {
            PathRefKind::Link => &[doc_dir],
            _ => &["", doc_dir],
        };
        let Some((base, resolved)) = bases.iter().find_map(|base| {
            let joined = join_relative(base, written)?;
            (!joined.is_empty() && repo.exists(&joined)).then_some((*base, joined))
        }) else {
            continue;
        };
        let Some(rest) = resolved.strip_prefix(from) else {
            continue;
        };
        if !rest.is_empty() && !rest.starts_with('/') {
            continue;
        }
        let renamed = format!("{to}{rest}");
        let mut new_text = relative_to(base, &renamed);
        if written.starts_with("./") && !new_text.starts_with("../") {
            new_text.insert_str(0, "./");
        }
        if written.ends_with('/') {
            new_text.push('/');
        }
        if new_text == written {
            continue;
        }
        let start = reference.range.start;
        edits.push(TextEdit {
            range: start..start + written.len(),
            new_text,
        });
    }
    edits
}

/// `path` (relative to the root) as written from folder `base` (relative to the root).
fn relative_to(base: &str, path: &str) -> String {
    let base: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let target: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; base.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

//! `path-not-found`: a repository path in backticks or a markdown link that does not
//! exist in the repository's file index. A warning in Context and Orientation, which
//! describes the repository as it is; a hint elsewhere, where a plan may name files it
//! will create.
//!
//! Paths are looked up from the repository root and from the plan's own directory
//! (links are relative to the plan, as markdown renders them). A glob exists when it
//! matches a file or directory. A name without a `/` (`Cargo.toml`) exists when a file
//! of that name is anywhere in the repository. A path with a `/` but no file extension
//! (`owner/repo`, `text/plain`) is reported only when its first directory exists, since
//! otherwise it is more likely not a path at all. Absolute paths are `absolute-path`'s.

use std::borrow::Cow;

use super::{sections, Context};
use crate::{Diagnostic, PathRefKind, RepoFiles, Rule, Severity};

pub(crate) fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(repo) = cx.config.repo.as_deref() else {
        return;
    };
    let doc_dir = cx
        .config
        .document_path
        .as_deref()
        .and_then(|p| p.rsplit_once('/').map(|(dir, _)| dir))
        .unwrap_or("");
    for reference in &cx.path_refs {
        if reference.kind == PathRefKind::Bare || reference.is_absolute() {
            continue;
        }
        let path = clean(&reference.path, reference.kind);
        if path.is_empty() || path.starts_with('/') || path.contains("://") {
            continue;
        }
        if exists(repo, doc_dir, &path, reference.kind, reference.is_glob()) {
            continue;
        }
        let in_context = sections::is_inside(cx, "Context and Orientation", reference.range.start);
        let mut diagnostic = Diagnostic::new(
            Rule::PathNotFound,
            reference.range.clone(),
            if reference.is_glob() {
                format!("`{path}` matches no file in the repository")
            } else {
                format!("`{path}` does not exist in the repository")
            },
        );
        diagnostic.severity = if in_context {
            Severity::Warning
        } else {
            Severity::Hint
        };
        out.push(diagnostic);
    }
}

/// Drops a link's `#anchor` and `?query`, decodes `%20`, and a leading `./`.
fn clean(path: &str, kind: PathRefKind) -> String {
    let mut path: Cow<'_, str> = Cow::Borrowed(path);
    if kind == PathRefKind::Link {
        let cut = path.find(['#', '?']).unwrap_or(path.len());
        path = Cow::Owned(path[..cut].replace("%20", " "));
    }
    path.trim_start_matches("./").to_string()
}

fn exists(repo: &RepoFiles, doc_dir: &str, path: &str, kind: PathRefKind, glob: bool) -> bool {
    let candidates: Vec<Option<String>> = match kind {
        PathRefKind::Link => vec![join(doc_dir, path)],
        _ => vec![join("", path), join(doc_dir, path)],
    };
    let candidates: Vec<String> = candidates.into_iter().flatten().collect();
    if glob {
        return candidates.iter().any(|c| glob_matches(repo, c));
    }
    if candidates.iter().any(|c| repo.exists(c)) {
        return true;
    }
    let name = path.trim_end_matches('/');
    if !name.contains('/') {
        return repo.files().any(|f| f.rsplit('/').next() == Some(name));
    }
    // `owner/repo`, `text/plain`: not reported unless it starts in a real directory.
    let has_extension = name
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.') && !last.starts_with('.'));
    if !has_extension && !name.ends_with('/') {
        let first = name.split('/').next().unwrap_or("");
        return !repo.is_dir(first) || first.is_empty();
    }
    false
}

/// `dir/../x` → `x`; `None` when the path climbs out of the repository.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') {
        joined.push('/');
    }
    Some(joined)
}

fn glob_matches(repo: &RepoFiles, pattern: &str) -> bool {
    match RepoFiles::glob(pattern) {
        Some(matcher) => repo.any_matching(&matcher),
        None => true, // not a pattern we can read: say nothing rather than guess
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_files_and_directories() {
        let repo = RepoFiles::from_files(["src/ingest/api.py", "src/a.rs", "docs/x.md"]);
        assert!(glob_matches(&repo, "src/ingest/*"));
        assert!(glob_matches(&repo, "**/*.rs"));
        assert!(glob_matches(&repo, "src/{a,b}.rs"));
        assert!(glob_matches(&repo, "src/*"));
        assert!(!glob_matches(&repo, "lib/*.rs"));
        assert_eq!(join("docs/plans", "../x.md").as_deref(), Some("docs/x.md"));
        assert_eq!(join("", "../x.md"), None);
    }
}

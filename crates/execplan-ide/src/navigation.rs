//! Following the paths a plan names: definitions, document links, references.

use execplan_syntax::{SourceFile, TextRange};

use crate::paths::{join_relative, readme_of, resolve};
use crate::{path_ref_at, path_refs, PathRef, RepoFiles};

/// At most this many files answer a glob.
pub const MAX_GLOB_MATCHES: usize = 100;

/// A place in the repository: a file (relative to the root) and, when the plan said, a
/// 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavTarget {
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

/// The files the path at `offset` names: the file itself (at its line), every match of a
/// glob (sorted, at most `MAX_GLOB_MATCHES`), or a folder's README.
pub fn definition(
    file: &SourceFile,
    offset: usize,
    repo: &RepoFiles,
    doc_dir: Option<&str>,
) -> Vec<NavTarget> {
    match path_ref_at(file, offset) {
        Some(found) => targets(&found, repo, doc_dir),
        None => Vec::new(),
    }
}

/// Where one path reference leads.
pub fn targets(found: &PathRef, repo: &RepoFiles, doc_dir: Option<&str>) -> Vec<NavTarget> {
    if found.is_absolute() {
        return Vec::new();
    }
    // A path with brackets that names a file as written (`app/[id]/page.tsx`) is that file.
    if found.is_glob() && resolve(repo, doc_dir, &found.path).is_none() {
        return glob_matches(&found.path, repo, doc_dir)
            .into_iter()
            .map(|path| NavTarget {
                path,
                line: None,
                column: None,
            })
            .collect();
    }
    let Some(resolved) = resolve(repo, doc_dir, &found.path) else {
        return Vec::new();
    };
    if resolved.is_dir {
        return readme_of(repo, &resolved.path)
            .map(|path| NavTarget {
                path,
                line: None,
                column: None,
            })
            .into_iter()
            .collect();
    }
    vec![NavTarget {
        path: resolved.path,
        line: found.line,
        column: found.column,
    }]
}

/// The repository files a glob matches, from the root (or else from the document's folder).
pub fn glob_matches(pattern: &str, repo: &RepoFiles, doc_dir: Option<&str>) -> Vec<String> {
    let bases = std::iter::once("").chain(doc_dir.filter(|d| !d.is_empty()));
    for base in bases {
        let Some(joined) = join_relative(base, pattern) else {
            continue;
        };
        let Some(matcher) = RepoFiles::glob(&joined) else {
            return Vec::new();
        };
        let found: Vec<String> = repo
            .files_matching(&matcher)
            .take(MAX_GLOB_MATCHES)
            .map(str::to_string)
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// A link for a path that resolves to a file (or a folder with a README).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLink {
    pub range: TextRange,
    pub target: NavTarget,
}

/// A link for every path of the plan that leads to exactly one file.
pub fn document_links(
    file: &SourceFile,
    repo: &RepoFiles,
    doc_dir: Option<&str>,
) -> Vec<DocumentLink> {
    path_refs(file)
        .into_iter()
        .filter(|r| !r.is_glob() || resolve(repo, doc_dir, &r.path).is_some())
        .filter_map(|r| {
            let mut found = targets(&r, repo, doc_dir);
            (found.len() == 1).then(|| DocumentLink {
                range: r.full_range.clone(),
                target: found.remove(0),
            })
        })
        .collect()
}

/// The repository path the reference at `offset` names, resolved, for references.
pub fn path_at(
    file: &SourceFile,
    offset: usize,
    repo: &RepoFiles,
    doc_dir: Option<&str>,
) -> Option<String> {
    let found = path_ref_at(file, offset)?;
    resolved_path(&found, repo, doc_dir)
}

fn resolved_path(found: &PathRef, repo: &RepoFiles, doc_dir: Option<&str>) -> Option<String> {
    if found.is_absolute() || found.is_glob() {
        return None;
    }
    match resolve(repo, doc_dir, &found.path) {
        Some(r) => Some(r.path),
        None => join_relative("", &found.path).filter(|p| !p.is_empty()),
    }
}

/// Where `file` names the repository path `path`.
pub fn references_to(
    file: &SourceFile,
    path: &str,
    repo: &RepoFiles,
    doc_dir: Option<&str>,
) -> Vec<TextRange> {
    path_refs(file)
        .into_iter()
        .filter(|r| resolved_path(r, repo, doc_dir).as_deref() == Some(path))
        .map(|r| r.range)
        .collect()
}

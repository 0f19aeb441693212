//! `path-not-found`: a repository path in backticks or a markdown link that does not
//! exist in the repository's file index. A warning in Context and Orientation, which
//! describes the repository as it is; a hint elsewhere, where a plan may name files it
//! will create.
//!
//! Paths are looked up from the repository root and from the plan's own directory
//! (links are relative to the plan, as markdown renders them). A path with glob
//! characters is looked up as written first (`app/[slug]/page.tsx` is a route file),
//! then as a glob, which exists when it matches a file or directory. A name without a `/` (`Cargo.toml`) exists when a file
//! of that name is anywhere in the repository. A path with a `/` but no file extension
//! (`owner/repo`, `text/plain`) is reported only when its first directory exists, since
//! otherwise it is more likely not a path at all. Absolute paths are `absolute-path`'s.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{sections, Context};
use crate::path_refs::is_glob;
use crate::repo_files::strip_dot_slashes;
use crate::{is_absolute, Diagnostic, PathRefKind, RepoFiles, Rule, Severity};

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
    // Found on the first miss only: most plans name paths that exist.
    let mut context_bodies = None;
    // Each glob's answer: a plan often names one pattern several times, and each answer
    // compiles the pattern and tries it on many paths.
    let mut globs = HashMap::new();
    for reference in &cx.path_refs {
        let written = reference.path(cx.file.text());
        if reference.kind == PathRefKind::Bare || is_absolute(written) {
            continue;
        }
        let path = clean(written, reference.kind);
        if path.is_empty() || path.starts_with('/') || has_scheme(&path) {
            continue;
        }
        let glob = is_glob(written);
        // A name with brackets is a file first (`app/missions/[missionId]/page.tsx`, as
        // Next.js, SvelteKit and Astro name their routes), a pattern only if it is not.
        let found = if glob {
            candidates(doc_dir, &path, reference.kind).any(|c| repo.exists(&c))
                || glob_exists(repo, doc_dir, &path, reference.kind, &mut globs)
        } else {
            exists(repo, doc_dir, &path, reference.kind)
        };
        if found {
            continue;
        }
        let in_context = context_bodies
            .get_or_insert_with(|| sections::bodies(cx, "Context and Orientation"))
            .iter()
            .any(|b| b.contains(&reference.range.start));
        let mut diagnostic = Diagnostic::new(
            Rule::PathNotFound,
            reference.range.clone(),
            if glob {
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

/// Drops a link's `#anchor` and `?query`, decodes `%20` and backslash escapes
/// (`a\_b.md` is `a_b.md` in a destination, as CommonMark reads it), and a leading `./`.
/// Borrows unless there is something to decode.
fn clean(path: &str, kind: PathRefKind) -> Cow<'_, str> {
    let path = match kind {
        PathRefKind::Link => &path[..path.find(['#', '?']).unwrap_or(path.len())],
        _ => path,
    };
    if kind == PathRefKind::Link && (path.contains("%20") || path.contains('\\')) {
        let mut decoded = String::with_capacity(path.len());
        let mut chars = path.chars().peekable();
        while let Some(c) = chars.next() {
            match chars.peek() {
                Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                    decoded.push(next);
                    chars.next();
                }
                _ => decoded.push(c),
            }
        }
        Cow::Owned(strip_dot_slashes(&decoded.replace("%20", " ")).to_string())
    } else {
        Cow::Borrowed(strip_dot_slashes(path))
    }
}

/// `path.contains("://")`, byte by byte (a substring searcher per path costs more).
fn has_scheme(path: &str) -> bool {
    path.as_bytes().windows(3).any(|w| w == b"://")
}

/// The paths `path` may mean: links are relative to the plan, other references may be
/// either way. Joined only when they are reached.
fn candidates<'p>(
    doc_dir: &'p str,
    path: &'p str,
    kind: PathRefKind,
) -> impl Iterator<Item = Cow<'p, str>> {
    let from_root = (kind != PathRefKind::Link).then_some("");
    from_root
        .into_iter()
        .chain([doc_dir])
        .filter_map(move |dir| join(dir, path))
}

/// Whether the glob `path` matches something from any of its candidate folders; answers
/// are kept in `known` by pattern.
fn glob_exists(
    repo: &RepoFiles,
    doc_dir: &str,
    path: &str,
    kind: PathRefKind,
    known: &mut HashMap<String, bool>,
) -> bool {
    candidates(doc_dir, path, kind).any(|c| match known.get(c.as_ref()) {
        Some(&matches) => matches,
        None => {
            let matches = glob_matches(repo, &c);
            known.insert(c.into_owned(), matches);
            matches
        }
    })
}

fn exists(repo: &RepoFiles, doc_dir: &str, path: &str, kind: PathRefKind) -> bool {
    if candidates(doc_dir, path, kind).any(|c| repo.exists(&c)) {
        return true;
    }
    let name = path.trim_end_matches('/');
    if !name.contains('/') {
        return repo.has_file_named(name);
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
fn join<'p>(dir: &str, path: &'p str) -> Option<Cow<'p, str>> {
    // The usual case, plain folders and a plain relative path, is the two side by side.
    if is_plain_dir(dir) && is_plain_path(path) {
        return Some(if dir.is_empty() {
            Cow::Borrowed(path)
        } else {
            Cow::Owned(format!("{dir}/{path}"))
        });
    }
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
    Some(Cow::Owned(joined))
}

/// No folder, or folders without an empty, `.` or `..` component.
fn is_plain_dir(dir: &str) -> bool {
    dir.is_empty() || has_plain_components(dir)
}

/// A path `join` keeps as written: not empty, no empty, `.` or `..` component, except
/// that it may end in one `/`.
fn is_plain_path(path: &str) -> bool {
    has_plain_components(path.strip_suffix('/').unwrap_or(path))
}

/// `path.split('/')` has no empty, `.` or `..` component (so `path` is not empty), read
/// byte by byte: this runs for every path of the plan.
fn has_plain_components(path: &str) -> bool {
    path.as_bytes()
        .split(|&b| b == b'/')
        .all(|part| !matches!(part, b"" | b"." | b".."))
}

fn glob_matches(repo: &RepoFiles, pattern: &str) -> bool {
    // Not a pattern we can read: say nothing rather than guess.
    repo.any_matching_glob(pattern).unwrap_or(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_destinations_are_decoded_as_commonmark_decodes_them() {
        assert_eq!(clean("./a\\_b%20c.md#x", PathRefKind::Link), "a_b c.md");
        assert_eq!(
            clean("C:\\Users\\x.rs", PathRefKind::Link),
            "C:\\Users\\x.rs"
        );
        assert_eq!(clean("a\\_b.md", PathRefKind::CodeSpan), "a\\_b.md");
    }

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

    #[test]
    fn plain_joins_agree_with_the_general_case() {
        let cases = [
            ("", "a/b.rs"),
            ("", "a/"),
            ("docs", "a.md"),
            ("docs/plans", "src/"),
            ("docs/", "a.md"),
            ("/docs", "a.md"),
            ("docs//x", "a.md"),
            ("docs", "./a.md"),
            ("docs", "a//b.md"),
            ("docs", "a/./b.md"),
            ("docs", "../a.md"),
            ("docs", ""),
            ("", ""),
            ("", "/"),
            ("docs", "a//"),
            (".", "a"),
            ("a/", "x.md"),
            ("a/..", "x.md"),
        ];
        for (dir, path) in cases {
            let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            let climbs = path.split('/').any(|part| match part {
                "" | "." => false,
                ".." => parts.pop().is_none(),
                _ => {
                    parts.push(part);
                    false
                }
            });
            let general = (!climbs).then(|| {
                let mut joined = parts.join("/");
                if path.ends_with('/') {
                    joined.push('/');
                }
                joined
            });
            assert_eq!(
                join(dir, path).as_deref(),
                general.as_deref(),
                "{dir:?} {path:?}"
            );
        }
    }
}

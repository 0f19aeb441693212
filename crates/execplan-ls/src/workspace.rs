//! The repository a document belongs to, and an index of its files. The only place that
//! walks the disk for the server and the CLI; nothing outside a root is ever listed.

use std::path::{Path, PathBuf};

use execplan_ide::RepoFiles;
use execplan_syntax::SourceFile;

/// Markdown files larger than this are not kept in the workspace index (an open document
/// of any size is still analysed as the editor holds it).
pub const MAX_INDEXED_MARKDOWN: u64 = 1024 * 1024;

/// At most this many markdown files of one root are read and kept, so the memory the
/// index holds stays bounded on huge repositories.
pub const MAX_INDEXED_DOCUMENTS: usize = 20_000;

/// The repository root for a file: the innermost workspace folder that holds it, else its
/// nearest ancestor with a `.git`.
pub fn repo_root(file: &Path, workspace_roots: &[PathBuf]) -> Option<PathBuf> {
    let holding = workspace_roots
        .iter()
        .filter(|root| file.starts_with(root))
        .max_by_key(|root| root.components().count());
    if let Some(root) = holding {
        return Some(root.clone());
    }
    // With workspace folders, nothing outside them is read or listed.
    if !workspace_roots.is_empty() {
        return None;
    }
    file.ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// `relative` resolved under `root`, only when the file it names really lies inside the
/// root: `..` chains, absolute paths and symlinks that lead out all give `None`. Both sides
/// are canonicalised, so a symlinked folder along the way is seen through.
pub fn resolve_inside(root: &Path, relative: &str) -> Option<PathBuf> {
    let relative = Path::new(relative);
    if relative.is_absolute() {
        return None;
    }
    let root = std::fs::canonicalize(root).ok()?;
    let resolved = std::fs::canonicalize(root.join(relative)).ok()?;
    resolved.starts_with(&root).then_some(resolved)
}

/// Reads at most `limit` bytes of a regular file inside `root` as text; invalid UTF-8 (a
/// binary file, NUL bytes) is replaced, never an error.
pub fn read_inside(root: &Path, relative: &str, limit: usize) -> std::io::Result<String> {
    use std::io::Read;
    let outside = || std::io::Error::other("not a regular file of the repository");
    let path = resolve_inside(root, relative).ok_or_else(outside)?;
    if !std::fs::metadata(&path)?.is_file() {
        return Err(outside());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&path)?
        .take(limit as u64)
        .read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A workspace root as indexed: its files, and its markdown files parsed as they are on
/// disk (candidates for plans; detection needs the settings, so it happens later).
pub struct RootIndex {
    pub files: RepoFiles,
    pub documents: Vec<(PathBuf, SourceFile)>,
}

/// Walks `root` once (as [`index_repo`] does) and reads and parses its markdown files.
pub fn index_root(root: &Path) -> RootIndex {
    let files = index_repo(root);
    let documents = files
        .files()
        .filter(|f| is_markdown(f))
        .take(MAX_INDEXED_DOCUMENTS)
        .filter_map(|f| {
            let path = root.join(f);
            Some((path.clone(), read_markdown(root, &path)?))
        })
        .collect();
    RootIndex { files, documents }
}

/// `.md` or `.markdown`.
pub fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// A markdown file of the root, parsed; `None` when it is not a regular file inside the
/// root (symlinks are refused), is too large, or cannot be read.
pub fn read_markdown(root: &Path, path: &Path) -> Option<SourceFile> {
    let relative = path.strip_prefix(root).ok()?.to_str()?;
    // File events name paths the client chose: resolve them as every read does, so a
    // symlinked folder cannot lead out of the root.
    let resolved = resolve_inside(root, relative)?;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_INDEXED_MARKDOWN || !resolved.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(resolved).ok()?;
    Some(SourceFile::parse(&text))
}

/// Every file under `root`, honouring `.gitignore` (even outside a git checkout), with
/// hidden folders such as `.agent/` included and `.git` left out. Symlinks are not
/// followed, so the index cannot reach outside the root.
pub fn index_repo(root: &Path) -> RepoFiles {
    let mut files = RepoFiles::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .build();
    for entry in walker.flatten() {
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if let Ok(relative) = entry.path().strip_prefix(root) {
            files.insert_file(&relative.to_string_lossy().replace('\\', "/"));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_workspace_folder_wins_then_git() {
        let roots = [PathBuf::from("/w"), PathBuf::from("/w/sub")];
        assert_eq!(
            repo_root(Path::new("/w/sub/a.md"), &roots),
            Some(PathBuf::from("/w/sub"))
        );
        assert_eq!(
            repo_root(Path::new("/w/a.md"), &roots),
            Some(PathBuf::from("/w"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn only_files_really_inside_the_root_are_resolved_or_read() {
        let base = std::env::temp_dir().join(format!("execplan-inside-{}", std::process::id()));
        let root = base.join("repo");
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::write(base.join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("docs/a.md"), b"ok \0 \xff bytes").unwrap();
        std::os::unix::fs::symlink(&base, root.join("out")).unwrap();
        std::os::unix::fs::symlink(base.join("secret.txt"), root.join("docs/link.txt")).unwrap();
        let read = |p: &str| read_inside(&root, p, 1024).ok();
        assert_eq!(read("docs/a.md").as_deref(), Some("ok \0 \u{fffd} bytes"));
        assert_eq!(
            read("docs/../docs/a.md").as_deref(),
            Some("ok \0 \u{fffd} bytes")
        );
        assert_eq!(read("../secret.txt"), None);
        assert_eq!(read("out/secret.txt"), None);
        assert_eq!(read("docs/link.txt"), None);
        assert_eq!(read(&base.join("secret.txt").to_string_lossy()), None);
        assert_eq!(read_inside(&root, "docs/a.md", 2).unwrap(), "ok");
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn index_honours_gitignore_and_skips_git() {
        let dir = std::env::temp_dir().join(format!("execplan-index-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        std::fs::create_dir_all(dir.join(".agent/plans")).unwrap();
        std::fs::create_dir_all(dir.join("target")).unwrap();
        std::fs::write(dir.join(".gitignore"), "target/\n").unwrap();
        std::fs::write(dir.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(dir.join(".agent/plans/a.md"), "# a").unwrap();
        std::fs::write(dir.join("target/out.md"), "x").unwrap();
        let index = index_repo(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(index.is_file(".agent/plans/a.md"));
        assert!(index.is_file(".gitignore"));
        assert!(!index.exists("target/out.md"));
        assert!(!index.exists(".git/HEAD"));
    }
}

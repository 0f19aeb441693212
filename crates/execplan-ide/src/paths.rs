//! Resolving a path a plan names to a file or folder of the repository, never outside it.

use crate::RepoFiles;

/// A path of the repository, relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub path: String,
    pub is_dir: bool,
}

/// `path` joined to `base` (a folder relative to the root), with `.` and `..` applied.
/// `None` when it is absolute or climbs out of the root.
pub fn join_relative(base: &str, path: &str) -> Option<String> {
    if crate::is_absolute(path) || path.starts_with('\\') {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// `path` against the repository root, then against the document's folder.
pub fn resolve(repo: &RepoFiles, doc_dir: Option<&str>, path: &str) -> Option<Resolved> {
    let bases = std::iter::once("").chain(doc_dir.filter(|d| !d.is_empty()));
    for base in bases {
        let Some(joined) = join_relative(base, path) else {
            continue;
        };
        if repo.is_file(&joined) {
            return Some(Resolved {
                path: joined,
                is_dir: false,
            });
        }
        if !joined.is_empty() && repo.is_dir(&joined) {
            return Some(Resolved {
                path: joined,
                is_dir: true,
            });
        }
    }
    None
}

/// A folder's README, if it has one (`README.md` first, then any `README*`).
pub fn readme_of(repo: &RepoFiles, dir: &str) -> Option<String> {
    let children = repo.children(dir);
    let pick = children
        .iter()
        .find(|(name, is_dir)| !is_dir && name.eq_ignore_ascii_case("README.md"))
        .or_else(|| {
            children
                .iter()
                .find(|(name, is_dir)| !is_dir && name.to_ascii_lowercase().starts_with("readme"))
        })?;
    Some(if dir.is_empty() {
        pick.0.to_string()
    } else {
        format!("{dir}/{}", pick.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joining_never_leaves_the_root() {
        assert_eq!(
            join_relative("docs", "../src/a.rs").as_deref(),
            Some("src/a.rs")
        );
        assert_eq!(
            join_relative("", "./src/./a.rs").as_deref(),
            Some("src/a.rs")
        );
        assert_eq!(join_relative("", "../etc/passwd"), None);
        assert_eq!(join_relative("docs", "../../x"), None);
        assert_eq!(join_relative("", "/etc/passwd"), None);
        assert_eq!(join_relative("", "~/x"), None);
    }

    #[test]
    fn root_first_then_the_documents_folder() {
        let repo = RepoFiles::from_files(["src/a.rs", "docs/plans/b.md", "docs/README.md"]);
        assert_eq!(
            resolve(&repo, Some("docs/plans"), "b.md"),
            Some(Resolved {
                path: "docs/plans/b.md".into(),
                is_dir: false
            })
        );
        assert_eq!(
            resolve(&repo, Some("docs/plans"), "src"),
            Some(Resolved {
                path: "src".into(),
                is_dir: true
            })
        );
        assert_eq!(resolve(&repo, None, "../src/a.rs"), None);
        assert_eq!(readme_of(&repo, "docs").as_deref(), Some("docs/README.md"));
        assert_eq!(readme_of(&repo, "src"), None);
    }
}

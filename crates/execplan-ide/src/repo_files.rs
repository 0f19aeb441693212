//! The repository's files, as a sorted index of relative paths. Built once by the server
//! or the CLI (which walk the disk, honouring `.gitignore`) and queried without I/O, so a
//! request never walks the disk and never sees anything outside the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

/// Paths relative to the repository root, `/`-separated, without a leading `./`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoFiles {
    files: BTreeSet<String>,
    dirs: BTreeSet<String>,
    /// How many files have each file name (the last component), so a plan's bare
    /// `Cargo.toml` is looked up without a pass over every file of the repository.
    names: BTreeMap<String, usize>,
}

/// A path's last component.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl RepoFiles {
    /// An index of these files; their parent directories are indexed too.
    pub fn from_files<I, S>(files: I) -> RepoFiles
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut index = RepoFiles::default();
        for file in files {
            index.insert_file(&file.into());
        }
        index
    }

    pub fn insert_file(&mut self, path: &str) {
        let path = strip_dot_slashes(path).trim_matches('/');
        if path.is_empty() {
            return;
        }
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i;
            self.dirs.insert(path[..end].to_string());
            end += 1;
        }
        if self.files.insert(path.to_string()) {
            *self.names.entry(file_name(path).to_string()).or_default() += 1;
        }
    }

    pub fn remove_file(&mut self, path: &str) {
        let path = strip_dot_slashes(path);
        if self.files.remove(path) {
            self.forget_name(path);
        }
    }

    /// Removes a directory and everything under it.
    pub fn remove_dir(&mut self, path: &str) {
        let path = normalize(path);
        let prefix = format!("{path}/");
        let removed: Vec<String> = self
            .files
            .range(prefix.clone()..)
            .take_while(|f| f.starts_with(&prefix))
            .cloned()
            .collect();
        for file in removed {
            self.files.remove(&file);
            self.forget_name(&file);
        }
        self.dirs.retain(|d| d != path && !d.starts_with(&prefix));
    }

    fn forget_name(&mut self, path: &str) {
        let name = file_name(path);
        if let Some(count) = self.names.get_mut(name) {
            *count -= 1;
            if *count == 0 {
                self.names.remove(name);
            }
        }
    }

    /// Whether some file, in any folder, is called `name`.
    pub(crate) fn has_file_named(&self, name: &str) -> bool {
        self.names.contains_key(name)
    }

    pub fn is_file(&self, path: &str) -> bool {
        self.files.contains(normalize(path))
    }

    pub fn is_dir(&self, path: &str) -> bool {
        let path = normalize(path);
        path.is_empty() || self.dirs.contains(path)
    }

    pub fn exists(&self, path: &str) -> bool {
        self.is_file(path) || self.is_dir(path)
    }

    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The direct children of directory `dir` (`""` for the root): names with whether
    /// each is a directory, sorted by name.
    pub fn children(&self, dir: &str) -> Vec<(&str, bool)> {
        let dir = normalize(dir);
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out = direct_children(&self.dirs, &prefix, true);
        out.extend(direct_children(&self.files, &prefix, false));
        out.sort();
        out
    }
}

/// Globs longer than this are not expanded: no real path pattern is, and it bounds the
/// regex a plan can make the server compile.
const MAX_GLOB_LEN: usize = 512;

impl RepoFiles {
    /// A matcher for a repository glob (`src/*.rs`, `**/*.py`, `{a,b}.md`): `*` stays within
    /// one folder, `**` crosses folders. `None` for a pattern that is not a readable glob
    /// or is too long to be one.
    pub fn glob(pattern: &str) -> Option<globset::GlobMatcher> {
        let pattern = pattern.trim_end_matches('/');
        if pattern.is_empty() || pattern.len() > MAX_GLOB_LEN {
            return None;
        }
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .ok()?;
        Some(glob.compile_matcher())
    }

    /// The files `matcher` matches, in sorted order.
    pub fn files_matching<'a>(
        &'a self,
        matcher: &'a globset::GlobMatcher,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.files().filter(move |f| matcher.is_match(f))
    }

    /// Whether `matcher` matches any file or folder.
    pub fn any_matching(&self, matcher: &globset::GlobMatcher) -> bool {
        self.files().any(|f| matcher.is_match(f)) || self.dirs.iter().any(|d| matcher.is_match(d))
    }

    /// Whether the glob `pattern` matches any file or folder, as [`RepoFiles::any_matching`]
    /// with [`RepoFiles::glob`]'s matcher says; `None` when `pattern` is not a readable glob.
    /// A path matches only if it starts with the pattern's literal beginning, so only the
    /// paths in that stretch of the sorted index are tried, not every path of the
    /// repository (`vendor/serde*/…` in a large repository tries the few under `vendor`).
    pub(crate) fn any_matching_glob(&self, pattern: &str) -> Option<bool> {
        let matcher = RepoFiles::glob(pattern)?;
        let prefix = literal_prefix(pattern.trim_end_matches('/'));
        let starting = |set: &'_ BTreeSet<String>| {
            set.range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                .take_while(|p| p.starts_with(prefix))
                .any(|p| matcher.is_match(p))
        };
        Some(starting(&self.files) || starting(&self.dirs))
    }
}

/// The beginning every path matching glob `pattern` has: the text before its first special
/// character, cut back before its last `/` when it has one (so `a/**` gives `a`, in case
/// the folder `a` itself matches). Shorter than need be is safe: it only narrows the
/// search.
fn literal_prefix(pattern: &str) -> &str {
    let special = ['*', '?', '[', ']', '{', '}', ',', '!', '\\'];
    let literal = &pattern[..pattern.find(special).unwrap_or(pattern.len())];
    literal
        .rfind('/')
        .map_or(literal, |slash| &literal[..slash])
}

fn direct_children<'a>(
    set: &'a BTreeSet<String>,
    prefix: &str,
    is_dir: bool,
) -> Vec<(&'a str, bool)> {
    set.range(prefix.to_string()..)
        .take_while(|p| p.starts_with(prefix))
        .map(|p| &p[prefix.len()..])
        .filter(|rest| !rest.is_empty() && !rest.contains('/'))
        .map(|rest| (rest, is_dir))
        .collect()
}

fn normalize(path: &str) -> &str {
    strip_dot_slashes(path).trim_end_matches('/')
}

/// `path.trim_start_matches("./")`, without the substring searcher a `&str` pattern sets
/// up: lookups run for every path a plan names.
pub(crate) fn strip_dot_slashes(path: &str) -> &str {
    let mut rest = path;
    while let Some(after) = rest.strip_prefix("./") {
        rest = after;
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_dot_slashes_are_stripped_as_trim_start_matches_does() {
        for path in [
            "", ".", "./", "././a", ".//a", "a/./b", "../a", "./.x", "././",
        ] {
            assert_eq!(
                strip_dot_slashes(path),
                path.trim_start_matches("./"),
                "{path:?}"
            );
        }
    }

    #[test]
    fn files_imply_their_directories() {
        let index = RepoFiles::from_files(["src/main.rs", "src/ingest/api.py", "README.md"]);
        assert!(index.is_file("src/main.rs"));
        assert!(index.is_dir("src/ingest") && index.is_dir("src/ingest/") && index.is_dir("./src"));
        assert!(!index.exists("src/missing.rs"));
        assert_eq!(
            index.children(""),
            vec![("README.md", false), ("src", true)]
        );
        assert_eq!(
            index.children("src"),
            vec![("ingest", true), ("main.rs", false)]
        );
    }

    #[test]
    fn globs_match_files_and_folders_and_refuse_monsters() {
        let index = RepoFiles::from_files(["src/ingest/api.py", "src/a.rs", "docs/x.md"]);
        let matched = |p: &str| {
            let matcher = RepoFiles::glob(p).unwrap();
            index
                .files_matching(&matcher)
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(matched("src/*"), ["src/a.rs"]);
        assert_eq!(matched("**/*.py"), ["src/ingest/api.py"]);
        assert_eq!(matched("{docs,src}/*.{md,rs}"), ["docs/x.md", "src/a.rs"]);
        assert!(
            index.any_matching(&RepoFiles::glob("src/ing*").unwrap()),
            "a folder matches"
        );
        assert!(RepoFiles::glob(&"{a,".repeat(300)).is_none());
        assert!(RepoFiles::glob(&"*".repeat(600)).is_none());
    }

    #[test]
    fn globs_match_as_a_pass_over_every_path_does() {
        let index = RepoFiles::from_files([
            "a",
            "a/b.rs",
            "ab/c.rs",
            "src/ingest/api.py",
            "src/a.rs",
            "src.rs",
            "docs/x.md",
            "vendor/serde/src/lib.rs",
            "vendor/serde_json/src/de.rs",
            "*/lit.md",
        ]);
        for pattern in [
            "a/**",
            "a/*",
            "a*",
            "a",
            "src*",
            "src/*",
            "src/**/*.py",
            "src/ing*",
            "**/*.rs",
            "**/c.rs",
            "{docs,src}/*.{md,rs}",
            "vendor/serde*/src/*.rs",
            "vendor/serde*",
            "\\*/lit.md",
            "*/lit.md",
            "[ab]/b.rs",
            "docs/",
            "nothing/*",
            "docs/x.md/*",
        ] {
            let matcher = RepoFiles::glob(pattern).unwrap();
            assert_eq!(
                index.any_matching_glob(pattern),
                Some(index.any_matching(&matcher)),
                "{pattern}"
            );
        }
        assert_eq!(index.any_matching_glob("{a,"), None);
    }

    #[test]
    fn removing_a_directory_removes_what_it_holds() {
        let mut index = RepoFiles::from_files(["src/a/b.rs", "src/a/c/d.rs", "src/ab.rs"]);
        index.remove_dir("src/a");
        assert!(!index.exists("src/a/b.rs") && !index.exists("src/a/c") && !index.exists("src/a"));
        assert!(index.is_file("src/ab.rs") && index.is_dir("src"));
        assert!(!index.has_file_named("b.rs") && !index.has_file_named("d.rs"));
        assert!(index.has_file_named("ab.rs"));
    }

    #[test]
    fn file_names_are_counted_across_folders() {
        let mut index = RepoFiles::from_files(["Cargo.toml", "crates/a/Cargo.toml", "src/lib.rs"]);
        index.insert_file("src/lib.rs");
        assert!(index.has_file_named("Cargo.toml") && index.has_file_named("lib.rs"));
        assert!(!index.has_file_named("src") && !index.has_file_named("a"));
        index.remove_file("Cargo.toml");
        assert!(
            index.has_file_named("Cargo.toml"),
            "one is left in crates/a"
        );
        index.remove_file("./crates/a/Cargo.toml");
        index.remove_file("crates/a/Cargo.toml");
        assert!(!index.has_file_named("Cargo.toml"));
        index.remove_file("src/lib.rs");
        assert!(
            !index.has_file_named("lib.rs"),
            "inserting twice counts once"
        );
        assert!(index.names.is_empty());
    }
}

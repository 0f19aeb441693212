//! Where a document's settings come from: `.execplan.toml` (found by walking up from the
//! document), the editor's settings, and the repository's own PLANS.md as the schema.
//! Reads files; the parsing itself is `execplan_ide`'s.
//!
//! Precedence: `.execplan.toml` wins over the editor's settings, key by key (rules
//! severity by severity), so the editor shows what CI reports; the editor's settings
//! fill whatever the file leaves unset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use execplan_ide::{
    read_schema, template, template::TemplateTexts, AnalysisConfig, ConfigError, RepoFiles,
    SchemaReading, Settings, Standard,
};
use execplan_syntax::SourceFile;
use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::workspace;

pub const CONFIG_FILE: &str = ".execplan.toml";

/// Where standards are looked for, in order, under the repository root.
const STANDARD_PATHS: &[&str] = &[
    ".agent/PLANS.md",
    ".agents/PLANS.md",
    "PLANS.md",
    "docs/PLANS.md",
];

/// Everything shared by the documents of one repository.
pub struct RepoSettings {
    /// The repository root: the folder holding `.execplan.toml`, else the workspace
    /// folder or nearest `.git` ancestor. `None` when the document belongs to none.
    pub root: Option<PathBuf>,
    pub config_file: Option<PathBuf>,
    pub config_text: Option<String>,
    /// Problems in `.execplan.toml` (or in the editor's settings).
    pub errors: Vec<ConfigError>,
    pub settings: Settings,
    pub standard: Standard,
    /// Where the sections in force came from, in words.
    pub standard_origin: String,
    /// The template texts in force: the built-in template's, and the repository's own
    /// template's when its standard holds one.
    pub template: Arc<TemplateTexts>,
    plans: Option<GlobSet>,
    exclude: Option<GlobSet>,
    pub files: Option<Arc<RepoFiles>>,
    /// Every readable standard of the repository by relative path, for plans that name
    /// theirs (empty when `standard` is configured).
    standards: Arc<Vec<(String, Standard)>>,
    /// The folders the standard in force keeps plans in.
    plan_folders: Arc<Vec<String>>,
}

impl RepoSettings {
    /// Loads the settings for a document at `path` (a file or a directory), with the
    /// editor's settings under them; indexes the repository's files when `index`.
    pub fn load(
        path: &Path,
        workspace_roots: &[PathBuf],
        editor: &Settings,
        index: bool,
    ) -> RepoSettings {
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let config_file = find_config(&dir, workspace_roots);
        let root = config_file
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| workspace::repo_root(&dir.join("_"), workspace_roots));
        let mut errors = Vec::new();
        let (file_settings, config_text) = match &config_file {
            Some(file) => match std::fs::read_to_string(file) {
                Ok(text) => {
                    let (settings, found) = Settings::parse_toml(&text);
                    errors.extend(found);
                    (settings, Some(text))
                }
                Err(e) => {
                    errors.push(ConfigError {
                        message: format!("cannot be read: {e}"),
                        range: None,
                    });
                    (Settings::default(), None)
                }
            },
            None => (Settings::default(), None),
        };
        let settings = file_settings.or(editor.clone());
        let standards = match (&root, &settings.standard) {
            (Some(root), None) => repo_standards(root),
            _ => Arc::default(),
        };
        let (derived, standard_origin, plan_folders, standard_path) =
            derive_standard(root.as_deref(), &settings, &standards, &mut errors);
        let template = standard_template(root.as_deref(), standard_path.as_deref());
        let standard = settings.standard_over(derived);
        let standard_origin = if settings.required_sections.is_some() {
            match &config_file {
                Some(file) => format!("[sections] in {}", file.display()),
                None => "the editor's `sections` setting".to_string(),
            }
        } else {
            standard_origin
        };
        let plans = globs(settings.plans.as_deref(), "plans", &mut errors);
        let exclude = globs(settings.exclude.as_deref(), "exclude", &mut errors);
        let files = match (&root, index) {
            (Some(root), true) => Some(Arc::new(workspace::index_repo(root))),
            _ => None,
        };
        RepoSettings {
            root,
            config_file,
            config_text,
            errors,
            settings,
            standard,
            standard_origin,
            template,
            plans,
            exclude,
            files,
            plan_folders: Arc::new(plan_folders),
            standards: Arc::new(
                standards
                    .iter()
                    .filter_map(|(path, reading)| Some((path.clone(), reading.schema.clone()?.0)))
                    .collect(),
            ),
        }
    }

    /// The command line's settings for `path`. Outside any git repository (and with no
    /// `.execplan.toml` above), `fallback_root` stands for the repository, as an editor's
    /// workspace folder would, so an unpacked archive still has its PLANS.md read. Its
    /// files are not indexed: that folder is only a guess at the repository, so the path
    /// rules stay silent there rather than report every path as missing.
    pub fn load_for_cli(path: &Path, fallback_root: &Path, index: bool) -> RepoSettings {
        let loaded = RepoSettings::load(path, &[], &Settings::default(), index);
        if loaded.root.is_some() || !path.starts_with(fallback_root) {
            return loaded;
        }
        RepoSettings::load(
            path,
            &[fallback_root.to_path_buf()],
            &Settings::default(),
            false,
        )
    }

    /// The analysis configuration for the document at `path`.
    pub fn analysis_config(&self, path: &Path) -> AnalysisConfig {
        let mut config = AnalysisConfig::default();
        config.apply(&self.settings, self.standard.clone());
        config.repo = self.files.clone();
        config.template = self.template.clone();
        config.standards = self.standards.clone();
        config.plan_folders = self.plan_folders.clone();
        config.standard_configured =
            self.settings.standard.is_some() || self.settings.required_sections.is_some();
        if let Some(root) = &self.root {
            config.repo_root = Some(slashed(root));
            config.document_path = path.strip_prefix(root).ok().map(slashed);
        }
        config
    }

    /// The path relative to the root, for matching `plans` and `exclude` globs.
    fn relative(&self, path: &Path) -> Option<String> {
        let root = self.root.as_deref()?;
        path.strip_prefix(root).ok().map(slashed)
    }

    pub fn is_excluded(&self, path: &Path) -> bool {
        matches(self.exclude.as_ref(), self.relative(path))
    }

    pub fn is_configured_plan(&self, path: &Path) -> bool {
        matches(self.plans.as_ref(), self.relative(path))
    }

    /// `path:line: message` lines for the configuration's problems.
    pub fn error_lines(&self) -> Vec<String> {
        let file = self
            .config_file
            .as_ref()
            .map_or_else(|| "settings".to_string(), |f| f.display().to_string());
        self.errors
            .iter()
            .map(|e| match (&e.range, &self.config_text) {
                (Some(range), Some(text)) => {
                    let line = text[..range.start.min(text.len())].matches('\n').count() + 1;
                    format!("{file}:{line}: {}", e.message)
                }
                _ => format!("{file}: {}", e.message),
            })
            .collect()
    }
}

/// The folder that stands for the repository when the command line is pointed at `named`
/// (a file or folder) outside git: the current directory when it holds `named`, else
/// `named` itself (a file's folder). Both are canonical, as the targets' paths are.
pub fn cli_fallback_root(named: &Path) -> PathBuf {
    let named = std::fs::canonicalize(named).unwrap_or_else(|_| named.to_path_buf());
    let named = if named.is_file() {
        named.parent().map(Path::to_path_buf).unwrap_or(named)
    } else {
        named
    };
    match std::env::current_dir().and_then(std::fs::canonicalize) {
        Ok(cwd) if named.starts_with(&cwd) => cwd,
        _ => named,
    }
}

/// The nearest `.execplan.toml` from `dir` upwards, not above the workspace folder or
/// repository root that holds `dir`.
fn find_config(dir: &Path, workspace_roots: &[PathBuf]) -> Option<PathBuf> {
    let stop = workspace::repo_root(&dir.join("_"), workspace_roots);
    for ancestor in dir.ancestors() {
        let candidate = ancestor.join(CONFIG_FILE);
        if candidate.is_file() {
            return Some(candidate);
        }
        if stop.as_deref() == Some(ancestor) {
            break;
        }
    }
    None
}

/// A standard is a short document; this bounds what a misconfigured path can cost.
const MAX_STANDARD_BYTES: usize = 1024 * 1024;

/// The template texts in force: the built-in template's, and those of the template the
/// standard at `standard_path` holds (they are placeholders too).
fn standard_template(root: Option<&Path>, standard_path: Option<&str>) -> Arc<TemplateTexts> {
    let text = root
        .zip(standard_path)
        .and_then(|(root, path)| workspace::read_inside(root, path, MAX_STANDARD_BYTES).ok());
    match text {
        Some(text) => Arc::new(template::built_in_texts().with_standard(&text)),
        None => template::built_in_texts(),
    }
}

/// The standard in force, where it came from, the folders it keeps plans in, and the
/// path of the standard read.
fn derive_standard(
    root: Option<&Path>,
    settings: &Settings,
    standards: &[(String, SchemaReading)],
    errors: &mut Vec<ConfigError>,
) -> (Standard, String, Vec<String>, Option<String>) {
    let built_in = || {
        (
            Standard::default(),
            "the built-in ExecPlan standard".to_string(),
            Vec::new(),
            None,
        )
    };
    let Some(root) = root else {
        return built_in();
    };
    let reading = match &settings.standard {
        Some(candidate) => {
            // A `standard` that leads outside the repository (`..`, an absolute path, a
            // symlink out) is not read.
            match workspace::read_inside(root, candidate, MAX_STANDARD_BYTES) {
                Ok(text) => Some((candidate.clone(), read_schema(&SourceFile::parse(&text)))),
                Err(_) => {
                    errors.push(ConfigError {
                        message: format!(
                            "`standard`: cannot read {}",
                            root.join(candidate).display()
                        ),
                        range: None,
                    });
                    None
                }
            }
        }
        // The usual places first, in order; else the repository's only PLANS.md (one
        // kept beside the skill that cites it), else its shallowest.
        None => STANDARD_PATHS
            .iter()
            .find_map(|p| standards.iter().find(|(path, _)| path == p))
            .or_else(|| standards.first())
            .cloned(),
    };
    let Some((candidate, reading)) = reading else {
        return built_in();
    };
    let folders = reading.plan_folders;
    match (reading.schema, reading.problem) {
        (Some((standard, source)), _) => (
            standard,
            format!("{candidate}, from {}", source.describe()),
            folders,
            Some(candidate.clone()),
        ),
        (None, Some(problem)) => (
            Standard::default(),
            format!(
                "the built-in ExecPlan standard ({candidate}: {})",
                problem.message
            ),
            folders,
            Some(candidate.clone()),
        ),
        (None, None) => (
            Standard::default(),
            format!("the built-in ExecPlan standard ({candidate} names fewer than three sections)"),
            folders,
            Some(candidate.clone()),
        ),
    }
}

/// At most this many standards of one repository are read.
const MAX_STANDARDS: usize = 16;

/// Every `PLANS.md` of the repository (any case, any folder, `.gitignore` honoured), read
/// as a standard, shallowest first. The walk stops after this many entries, so a huge
/// repository costs a bounded time once per load.
const MAX_STANDARD_WALK: usize = 200_000;

/// The standards of each repository root, read once: settings are loaded for every
/// folder that holds a document, and each load would otherwise walk the repository again.
/// The server forgets them when a `PLANS.md` changes ([`forget_standards`]).
static STANDARDS: Mutex<BTreeMap<PathBuf, Arc<RepoStandards>>> = Mutex::new(BTreeMap::new());

/// A repository's standards as read: relative path and what reading it gave.
type RepoStandards = Vec<(String, SchemaReading)>;

/// Reads every repository's standards again at the next load.
pub fn forget_standards() {
    STANDARDS.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

fn repo_standards(root: &Path) -> Arc<RepoStandards> {
    if let Some(found) = STANDARDS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(root)
    {
        return found.clone();
    }
    let found = Arc::new(read_standards(root));
    STANDARDS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(root.to_path_buf(), found.clone());
    found
}

fn read_standards(root: &Path) -> Vec<(String, SchemaReading)> {
    let mut found: Vec<String> = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| entry.file_name() != ".git" && entry.file_name() != "node_modules")
        .build();
    for entry in walker.take(MAX_STANDARD_WALK).flatten() {
        let is_standard = entry.file_name().eq_ignore_ascii_case("PLANS.md")
            && entry.file_type().is_some_and(|t| t.is_file());
        if is_standard {
            if let Ok(relative) = entry.path().strip_prefix(root) {
                found.push(slashed(relative));
            }
        }
    }
    found.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    found
        .into_iter()
        .take(MAX_STANDARDS)
        .filter_map(|path| {
            let text = workspace::read_inside(root, &path, MAX_STANDARD_BYTES).ok()?;
            let reading = read_schema(&SourceFile::parse(&text));
            Some((path, reading))
        })
        .collect()
}

fn globs(patterns: Option<&[String]>, key: &str, errors: &mut Vec<ConfigError>) -> Option<GlobSet> {
    let patterns = patterns?;
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        match Glob::new(pattern) {
            Ok(glob) => {
                builder.add(glob);
            }
            Err(e) => errors.push(ConfigError {
                message: format!("`{key}`: {e}"),
                range: None,
            }),
        }
    }
    builder.build().ok()
}

fn matches(set: Option<&GlobSet>, path: Option<String>) -> bool {
    match (set, path) {
        (Some(set), Some(path)) => set.is_match(&path),
        _ => false,
    }
}

fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

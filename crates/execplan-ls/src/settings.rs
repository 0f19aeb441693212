//! Where a document's settings come from: `.execplan.toml` (found by walking up from the
//! document), the editor's settings, and the repository's own PLANS.md as the schema.
//! Reads files; the parsing itself is `execplan_ide`'s.
//!
//! Precedence: `.execplan.toml` wins over the editor's settings, key by key (rules
//! severity by severity), so the editor shows what CI reports; the editor's settings
//! fill whatever the file leaves unset.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use execplan_ide::{
    standard_from_plans_md, template, template::TemplateTexts, AnalysisConfig, ConfigError,
    RepoFiles, Settings, Standard,
};
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
        let (derived, standard_origin, standard_text) =
            derive_standard(root.as_deref(), &settings, &mut errors);
        let template = match standard_text {
            Some(text) => Arc::new(template::built_in_texts().with_standard(&text)),
            None => template::built_in_texts(),
        };
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
        }
    }

    /// The analysis configuration for the document at `path`.
    pub fn analysis_config(&self, path: &Path) -> AnalysisConfig {
        let mut config = AnalysisConfig::default();
        config.apply(&self.settings, self.standard.clone());
        config.repo = self.files.clone();
        config.template = self.template.clone();
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

/// The standard in force, where it came from, and the text of the PLANS.md read (whose
/// template's texts are placeholders too).
fn derive_standard(
    root: Option<&Path>,
    settings: &Settings,
    errors: &mut Vec<ConfigError>,
) -> (Standard, String, Option<String>) {
    let built_in = || {
        (
            Standard::default(),
            "the built-in ExecPlan standard".to_string(),
            None,
        )
    };
    let Some(root) = root else {
        return built_in();
    };
    let candidates: Vec<String> = match &settings.standard {
        Some(path) => vec![path.clone()],
        None => STANDARD_PATHS.iter().map(|p| p.to_string()).collect(),
    };
    for candidate in candidates {
        let path = root.join(&candidate);
        // A `standard` that leads outside the repository (`..`, an absolute path, a
        // symlink out) is not read.
        let text = workspace::read_inside(root, &candidate, MAX_STANDARD_BYTES);
        let Ok(text) = text else {
            if settings.standard.is_some() {
                errors.push(ConfigError {
                    message: format!("`standard`: cannot read {}", path.display()),
                    range: None,
                });
            }
            continue;
        };
        return match standard_from_plans_md(&text) {
            Some((standard, source)) => (
                standard,
                format!("{candidate}, from {}", source.describe()),
                Some(text),
            ),
            None => (
                Standard::default(),
                format!(
                    "the built-in ExecPlan standard ({candidate} names fewer than three sections)"
                ),
                Some(text),
            ),
        };
    }
    built_in()
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

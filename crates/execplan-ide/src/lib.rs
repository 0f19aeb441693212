//! Pure analysis of ExecPlans: which documents are plans, where their required sections
//! are, and what is wrong with them. Results are plain structs with byte ranges into the
//! snapshot's text; this crate knows nothing of LSP, JSON or async.

pub mod actions;
mod clock;
mod code_blocks;
pub mod completion;
mod config;
mod context;
mod detect;
mod diagnostic;
mod edits;
mod find;
pub mod hover;
pub mod navigation;
mod path_refs;
mod paths;
mod plan;
mod rename;
mod repo_files;
mod rules;
mod schema;
mod section_names;
mod standard;
mod suppression;
pub mod symbols;
pub mod template;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

pub use clock::UtcMinute;
pub use config::{ConfigError, RuleSettings, Settings, TimestampForm};
pub use context::EditContext;
pub use detect::{detect_plan, Detection};
pub use diagnostic::{Diagnostic, Fix, Severity, TextEdit};
pub use path_refs::{is_absolute, path_ref_at, path_refs, PathRef, PathRefKind};
pub use paths::{join_relative, resolve, Resolved};
pub use plan::{PlanSection, PlanStructure, SectionMatch};
pub use rename::rename_edits;
pub use repo_files::RepoFiles;
pub use rules::Rule;
pub use schema::{standard_from_plans_md, SchemaSource};
pub use standard::{SectionSpec, Standard};

use std::sync::Arc;

use execplan_syntax::SourceFile;

/// Everything the analysis needs besides the text.
#[derive(Debug, Clone)]
pub struct AnalysisConfig {
    pub standard: Standard,
    /// Severity overrides by rule; `None` turns a rule off.
    pub rules: RuleSettings,
    /// "Now", for `timestamp-future` (and new stamps).
    pub now: UtcMinute,
    /// Who writes new Decision Log entries, when configured.
    pub author: Option<String>,
    pub timestamp_form: TimestampForm,
    /// The files of the document's repository; path rules are silent without it.
    pub repo: Option<Arc<RepoFiles>>,
    /// The repository root as an absolute, `/`-separated path, for `absolute-path`.
    pub repo_root: Option<String>,
    /// The document's path relative to the repository root, for relative links.
    pub document_path: Option<String>,
}

impl Default for AnalysisConfig {
    fn default() -> AnalysisConfig {
        AnalysisConfig {
            standard: Standard::default(),
            rules: RuleSettings::new(),
            now: UtcMinute::now(),
            author: None,
            timestamp_form: TimestampForm::default(),
            repo: None,
            repo_root: None,
            document_path: None,
        }
    }
}

impl AnalysisConfig {
    /// Applies settings: the standard they put in force over `derived`, severities,
    /// timestamp form and author.
    pub fn apply(&mut self, settings: &Settings, derived: Standard) {
        self.standard = settings.standard_over(derived);
        self.rules = settings.rules.clone();
        self.timestamp_form = settings.timestamp_form.unwrap_or_default();
        self.author = settings.author.clone();
    }
}

/// What the analysis makes of one document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub detection: Detection,
    /// Empty when the document is not a plan (and not forced to be one).
    pub diagnostics: Vec<Diagnostic>,
}

/// Detects whether `file` (named `file_name`) is a plan and, if it is or `force_plan` says
/// to treat it as one (a file named on the command line), finds its diagnostics.
pub fn analyze(
    file: &SourceFile,
    file_name: &str,
    config: &AnalysisConfig,
    force_plan: bool,
) -> Analysis {
    let detection = detect_plan(file, file_name, &config.standard);
    let diagnostics = if detection.is_plan() || force_plan {
        diagnostics(file, config)
    } else {
        Vec::new()
    };
    Analysis {
        detection,
        diagnostics,
    }
}

/// Every diagnostic for `file`, analysed as a plan, sorted by position.
pub fn diagnostics(file: &SourceFile, config: &AnalysisConfig) -> Vec<Diagnostic> {
    let names = plan::normalized_names(&config.standard);
    let structure = PlanStructure::with_names(file, &names);
    let mut out = Vec::new();
    rules::structure::check(file, &structure, &config.standard, &mut out);
    let cx = rules::Context {
        file,
        structure: &structure,
        config,
        names,
        index_bodies: rules::index_entry::index_bodies(file),
        path_refs: path_refs::found_refs(file),
        code: code_blocks::CodeBlocks::new(file.outline()),
    };
    rules::check_content(&cx, &mut out);
    out.retain_mut(|d| match config.rules.get(&d.rule) {
        Some(Some(severity)) => {
            d.severity = *severity;
            true
        }
        Some(None) => false,
        None => true,
    });
    suppression::retain_unsuppressed(file, &cx.code, &mut out);
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code()).cmp(&(
            b.range.start,
            b.range.end,
            b.rule.code(),
        ))
    });
    out
}

//! Pure analysis of ExecPlans: which documents are plans, where their required sections
//! are, and what is wrong with them. Results are plain structs with byte ranges into the
//! snapshot's text; this crate knows nothing of LSP, JSON or async.

pub mod actions;
mod cited_standard;
mod clock;
mod code_blocks;
pub mod completion;
mod config;
mod context;
mod detect;
mod diagnostic;
mod edits;
mod find;
pub mod glance;
pub mod history;
pub mod hover;
pub mod index;
pub mod living;
pub mod navigation;
mod path_refs;
mod paths;
mod plan;
mod rename;
mod repo_files;
mod reuse;
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

pub use cited_standard::cited_standard;
pub use clock::UtcMinute;
pub use config::{ConfigError, RuleSettings, Settings, TimestampForm};
pub use context::EditContext;
pub use detect::{detect_plan, Detection};
pub use diagnostic::{Applicability, Diagnostic, Fix, RelatedNote, Severity, TextEdit};
pub use path_refs::{is_absolute, path_ref_at, path_refs, PathRef, PathRefKind};
pub use paths::{join_relative, resolve, Resolved};
pub use plan::{PlanSection, PlanStructure, SectionMatch};
pub use rename::rename_edits;
pub use repo_files::RepoFiles;
pub use reuse::Reusable;
pub use rules::Rule;
pub use schema::{
    plan_folders, read_schema, standard_from_plans_md, SchemaProblem, SchemaReading, SchemaSource,
};
pub use standard::{DecisionFields, SectionSpec, Standard};

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
    /// What the templates in force write (the built-in one's, and the repository's own
    /// when its standard holds one): a placeholder until changed.
    pub template: Arc<template::TemplateTexts>,
    /// The repository's standards by repository-relative path (every `PLANS.md` it
    /// holds), so a plan that names one follows it.
    pub standards: Arc<Vec<(String, Standard)>>,
    /// Configuration fixed the standard (`standard` or `[sections]`): plans follow it
    /// whatever they name.
    pub standard_configured: bool,
    /// The folders the repository's standard keeps plans in (`.agent/execplans/active/`).
    pub plan_folders: Arc<Vec<String>>,
    /// Commits after which an unfinished plan is stale (`stale-plan`); the default when
    /// `None`.
    pub stale_commits: Option<usize>,
    /// `[index] require`: every unfinished plan must be in the index.
    pub index_require: bool,
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
            template: template::built_in_texts(),
            standards: Arc::default(),
            standard_configured: false,
            plan_folders: Arc::default(),
            stale_commits: None,
            index_require: false,
        }
    }
}

impl AnalysisConfig {
    /// Whether an analysis under `other` finds what one under `self` does: the same
    /// settings, the same minute, and the very same repository index.
    pub(crate) fn same_as(&self, other: &AnalysisConfig) -> bool {
        let same_repo = match (&self.repo, &other.repo) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_repo
            && self.standard == other.standard
            && self.rules == other.rules
            && self.now == other.now
            && self.author == other.author
            && self.timestamp_form == other.timestamp_form
            && self.repo_root == other.repo_root
            && self.document_path == other.document_path
            && (Arc::ptr_eq(&self.template, &other.template) || self.template == other.template)
            && (Arc::ptr_eq(&self.standards, &other.standards) || self.standards == other.standards)
            && self.standard_configured == other.standard_configured
            && self.plan_folders == other.plan_folders
            && self.stale_commits == other.stale_commits
            && self.index_require == other.index_require
    }

    /// Applies settings: the standard they put in force over `derived`, severities,
    /// timestamp form and author.
    pub fn apply(&mut self, settings: &Settings, derived: Standard) {
        self.standard = settings.standard_over(derived);
        self.rules = settings.rules.clone();
        self.timestamp_form = settings
            .timestamp_form
            .or(self.standard.timestamp_form)
            .unwrap_or_default();
        self.author = settings.author.clone();
        self.stale_commits = settings.stale_commits;
        self.index_require = settings.index_require.unwrap_or(false);
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
    analyze_reusing(file, file_name, config, force_plan, None).0
}

/// [`analyze`], reusing what the analysis of an earlier snapshot of the same document
/// left (see [`Reusable`]), and returning what this one leaves for the next.
pub fn analyze_reusing(
    file: &SourceFile,
    file_name: &str,
    config: &AnalysisConfig,
    force_plan: bool,
    previous: Option<&Reusable>,
) -> (Analysis, Option<Reusable>) {
    let config = &*cited_standard::config_for(file, config);
    let detection = detect_plan(file, file_name, config);
    if detection == Detection::Standard {
        // A standard is not a plan, even when named on the command line or matched by
        // the `plans` globs; what it gets is a word on the schema that could not be read.
        return (
            Analysis {
                detection,
                diagnostics: rules::standard_schema::check(file, config),
            },
            None,
        );
    }
    let (diagnostics, reusable) = if detection.is_plan() || force_plan {
        let (diagnostics, reusable) = reuse::diagnostics_reusing(file, config, previous);
        (diagnostics, Some(reusable))
    } else {
        (Vec::new(), None)
    };
    (
        Analysis {
            detection,
            diagnostics,
        },
        reusable,
    )
}

/// Every diagnostic for `file`, analysed as a plan, sorted by position.
pub fn diagnostics(file: &SourceFile, config: &AnalysisConfig) -> Vec<Diagnostic> {
    reuse::diagnostics_reusing(file, config, None).0
}

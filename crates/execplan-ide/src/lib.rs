//! Pure analysis of ExecPlans: which documents are plans, where their required sections
//! are, and what is wrong with them. Results are plain structs with byte ranges into the
//! snapshot's text; this crate knows nothing of LSP, JSON or async.

pub mod actions;
mod clock;
pub mod completion;
mod context;
mod detect;
mod diagnostic;
mod edits;
pub mod hover;
pub mod navigation;
mod path_refs;
mod paths;
mod plan;
mod repo_files;
mod rules;
mod section_names;
mod standard;
pub mod symbols;
pub mod template;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod tests;

pub use clock::UtcMinute;
pub use context::EditContext;
pub use detect::{detect_plan, Detection};
pub use diagnostic::{Diagnostic, Fix, Severity, TextEdit};
pub use path_refs::{is_absolute, path_ref_at, path_refs, PathRef, PathRefKind};
pub use paths::{join_relative, resolve, Resolved};
pub use plan::{PlanSection, PlanStructure, SectionMatch};
pub use repo_files::RepoFiles;
pub use rules::Rule;
pub use standard::{SectionSpec, Standard};

use execplan_syntax::SourceFile;

/// Everything the analysis needs besides the text.
#[derive(Debug, Clone, Default)]
pub struct AnalysisConfig {
    pub standard: Standard,
    /// Who signs Decision Log entries; `None` leaves an `author` placeholder.
    pub author: Option<String>,
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
    let structure = PlanStructure::new(file, &config.standard);
    let mut out = Vec::new();
    rules::structure::check(file, &structure, &config.standard, &mut out);
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code()).cmp(&(
            b.range.start,
            b.range.end,
            b.rule.code(),
        ))
    });
    out
}

//! `standard-schema`: a repository's PLANS.md whose list of sections could not be read
//! (commands, paths or sentences where section names belong). Plans then follow the
//! built-in standard, and this diagnostic, on the standard itself, says why.

use execplan_syntax::SourceFile;

use super::Rule;
use crate::{schema, AnalysisConfig, Diagnostic};

pub(crate) fn check(file: &SourceFile, config: &AnalysisConfig) -> Vec<Diagnostic> {
    let Some(problem) = schema::read_schema(file).problem else {
        return Vec::new();
    };
    let severity = match config.rules.get(&Rule::StandardSchema) {
        Some(None) => return Vec::new(),
        Some(Some(severity)) => *severity,
        None => Rule::StandardSchema.default_severity(),
    };
    let mut diagnostic = Diagnostic::new(Rule::StandardSchema, problem.range, problem.message);
    diagnostic.severity = severity;
    vec![diagnostic]
}

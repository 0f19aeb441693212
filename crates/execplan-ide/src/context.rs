//! What editing features need besides the text: the time, the author, what the client
//! can do, and the repository the document lives in.

use crate::{AnalysisConfig, RepoFiles, UtcMinute};

#[derive(Debug, Clone, Copy)]
pub struct EditContext<'a> {
    pub config: &'a AnalysisConfig,
    pub now: UtcMinute,
    /// The client accepts snippets (`${1:…}`) in completions.
    pub snippets: bool,
    /// The repository's files, when the document is in one.
    pub repo: Option<&'a RepoFiles>,
    /// The document's folder relative to the repository root (`""` at the root).
    pub doc_dir: Option<&'a str>,
    /// Whether the document is a plan (or an empty file, about to become one). Other
    /// markdown gets only path completions, never the standard's headings and entries.
    pub is_plan: bool,
    /// The document's diagnostics when the caller already has them; else quick fixes
    /// analyse the document themselves.
    pub diagnostics: Option<&'a [crate::Diagnostic]>,
}

impl<'a> EditContext<'a> {
    pub fn new(config: &'a AnalysisConfig, now: UtcMinute) -> EditContext<'a> {
        EditContext {
            config,
            now,
            snippets: false,
            repo: None,
            doc_dir: None,
            is_plan: true,
            diagnostics: None,
        }
    }

    pub fn stamp(&self) -> crate::template::Stamp<'a> {
        crate::template::Stamp {
            now: self.now,
            author: self.config.author.as_deref(),
        }
    }
}

use execplan_syntax::TextRange;

use crate::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// One finding, located by byte range in the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    /// A mechanical correction, when the rule has one; its applicability says whether it
    /// may be applied without review.
    pub fix: Option<Fix>,
    /// Notes at other places of the same document (LSP's related information).
    pub related: Vec<RelatedNote>,
}

/// A note on a diagnostic, at another place of the same document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedNote {
    pub range: TextRange,
    pub message: String,
}

/// A replacement of a byte range of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

/// Whether a fix may be applied without review, as ruff separates its fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Cannot change the document's structure or meaning: `check --fix` and the editor's
    /// fix-all (`source.fixAll`) apply it.
    Safe,
    /// May change what the plan says or how its sections nest: offered as a quick fix in
    /// the editor, applied by `check` only with `--fix --unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A correction: what it does, in words, the edits that do it, and whether it is safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub label: String,
    pub edits: Vec<TextEdit>,
    pub applicability: Applicability,
}

impl Fix {
    /// A fix that cannot change the document's structure or meaning.
    pub fn safe(label: impl Into<String>, edits: Vec<TextEdit>) -> Fix {
        Fix::new(label, edits, Applicability::Safe)
    }

    pub fn new(
        label: impl Into<String>,
        edits: Vec<TextEdit>,
        applicability: Applicability,
    ) -> Fix {
        Fix {
            label: label.into(),
            edits,
            applicability,
        }
    }

    pub fn is_safe(&self) -> bool {
        self.applicability == Applicability::Safe
    }
}

impl Diagnostic {
    pub fn new(rule: Rule, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            range,
            message: message.into(),
            fix: None,
            related: Vec::new(),
        }
    }
}

impl Diagnostic {
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }
}

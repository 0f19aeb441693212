//! The rules, each with a stable code and a default severity.

pub(crate) mod structure;

use crate::Severity;

/// Every rule the analysis reports. Codes are stable: configuration and suppression
/// comments refer to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    MissingSection,
    SectionOrder,
    DuplicateSection,
    HeadingLevel,
    HeadingSpelling,
    MissingTitle,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::MissingSection,
        Rule::SectionOrder,
        Rule::DuplicateSection,
        Rule::HeadingLevel,
        Rule::HeadingSpelling,
        Rule::MissingTitle,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::MissingSection => "missing-section",
            Rule::SectionOrder => "section-order",
            Rule::DuplicateSection => "duplicate-section",
            Rule::HeadingLevel => "heading-level",
            Rule::HeadingSpelling => "heading-spelling",
            Rule::MissingTitle => "missing-title",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::MissingSection => Severity::Error,
            Rule::SectionOrder
            | Rule::DuplicateSection
            | Rule::HeadingLevel
            | Rule::HeadingSpelling
            | Rule::MissingTitle => Severity::Warning,
        }
    }

    /// One line on what the rule checks, for hovers, SARIF and `docs/rules.md`.
    pub fn summary(self) -> &'static str {
        match self {
            Rule::MissingSection => "Every required section of the standard is present.",
            Rule::SectionOrder => "Required sections appear in the standard's order.",
            Rule::DuplicateSection => "No required section appears twice.",
            Rule::HeadingLevel => "Required sections are level-2 (`##`) headings.",
            Rule::HeadingSpelling => {
                "Required section headings are spelt as the standard spells them."
            }
            Rule::MissingTitle => "The plan has a level-1 (`#`) title.",
        }
    }
}

//! The rules, each with a stable code and a default severity.

pub(crate) mod absolute_path;
pub(crate) mod decision_incomplete;
pub(crate) mod empty_section;
pub(crate) mod index_entry;
pub(crate) mod observation_incomplete;
pub(crate) mod path_not_found;
pub(crate) mod placeholder;
pub(crate) mod progress_item;
pub(crate) mod progress_timestamp;
pub(crate) mod standard_schema;
pub(crate) mod status;
pub(crate) mod steps_without_commands;
pub(crate) mod structure;
pub(crate) mod timestamps;

mod labels;
mod sections;
pub(crate) mod stamp;

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
    EmptySection,
    Placeholder,
    ProgressItem,
    ProgressTimestamp,
    TimestampInvalid,
    TimestampFuture,
    DecisionIncomplete,
    ObservationIncomplete,
    StepsWithoutCommands,
    IndexEntry,
    AbsolutePath,
    PathNotFound,
    StandardSchema,
    StatusContradiction,
    OutcomesUnwritten,
    StalePlan,
    IndexMismatch,
}

/// The rules of `structure.rs`.
#[cfg(test)]
pub(crate) const STRUCTURE: &[Rule] = &[
    Rule::MissingSection,
    Rule::SectionOrder,
    Rule::DuplicateSection,
    Rule::HeadingLevel,
    Rule::HeadingSpelling,
    Rule::MissingTitle,
];

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::MissingSection,
        Rule::SectionOrder,
        Rule::DuplicateSection,
        Rule::HeadingLevel,
        Rule::HeadingSpelling,
        Rule::MissingTitle,
        Rule::EmptySection,
        Rule::Placeholder,
        Rule::ProgressItem,
        Rule::ProgressTimestamp,
        Rule::TimestampInvalid,
        Rule::TimestampFuture,
        Rule::DecisionIncomplete,
        Rule::ObservationIncomplete,
        Rule::StepsWithoutCommands,
        Rule::IndexEntry,
        Rule::AbsolutePath,
        Rule::PathNotFound,
        Rule::StandardSchema,
        Rule::StatusContradiction,
        Rule::OutcomesUnwritten,
        Rule::StalePlan,
        Rule::IndexMismatch,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rule::MissingSection => "missing-section",
            Rule::SectionOrder => "section-order",
            Rule::DuplicateSection => "duplicate-section",
            Rule::HeadingLevel => "heading-level",
            Rule::HeadingSpelling => "heading-spelling",
            Rule::MissingTitle => "missing-title",
            Rule::EmptySection => "empty-section",
            Rule::Placeholder => "placeholder",
            Rule::ProgressItem => "progress-item",
            Rule::ProgressTimestamp => "progress-timestamp",
            Rule::TimestampInvalid => "timestamp-invalid",
            Rule::TimestampFuture => "timestamp-future",
            Rule::DecisionIncomplete => "decision-incomplete",
            Rule::ObservationIncomplete => "observation-incomplete",
            Rule::StepsWithoutCommands => "steps-without-commands",
            Rule::IndexEntry => "index-entry",
            Rule::AbsolutePath => "absolute-path",
            Rule::PathNotFound => "path-not-found",
            Rule::StandardSchema => "standard-schema",
            Rule::StatusContradiction => "status-contradiction",
            Rule::OutcomesUnwritten => "outcomes-unwritten",
            Rule::StalePlan => "stale-plan",
            Rule::IndexMismatch => "index-mismatch",
        }
    }

    /// Whether the rule's every diagnostic comes from one block (a paragraph, a heading, a
    /// top-level list item, a line of a section) and depends only on that block's text
    /// and on which section holds it. A change elsewhere leaves such diagnostics as they
    /// were, moved; the analysis of an edited snapshot reuses them (`check_blocks`).
    pub fn is_block_local(self) -> bool {
        matches!(
            self,
            Rule::Placeholder
                | Rule::ProgressTimestamp
                | Rule::TimestampInvalid
                | Rule::TimestampFuture
                | Rule::IndexEntry
                | Rule::AbsolutePath
                | Rule::PathNotFound
        )
    }

    /// Whether the rule reads one required section as a whole (an entry may run over
    /// several blocks; emptiness is the whole body's) and reports inside that section's
    /// heading and body. A change in another section leaves its diagnostics as they were,
    /// moved (`check_sections`). `placeholder` is both: its `<…>` placeholders are found
    /// block by block, the template's text once per section.
    pub fn is_section_local(self) -> bool {
        matches!(
            self,
            Rule::EmptySection
                | Rule::ProgressItem
                | Rule::Placeholder
                | Rule::DecisionIncomplete
                | Rule::ObservationIncomplete
                | Rule::StepsWithoutCommands
        )
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::MissingSection | Rule::TimestampInvalid => Severity::Error,
            // The standard numbers its sections but never says their order is mandatory.
            Rule::SectionOrder => Severity::Information,
            // A nudge to update the plan, not a defect in it.
            Rule::StalePlan => Severity::Information,
            Rule::DuplicateSection
            | Rule::HeadingLevel
            | Rule::HeadingSpelling
            | Rule::MissingTitle
            | Rule::EmptySection
            | Rule::Placeholder
            | Rule::ProgressItem
            | Rule::ProgressTimestamp
            | Rule::TimestampFuture
            | Rule::DecisionIncomplete
            | Rule::ObservationIncomplete
            | Rule::StepsWithoutCommands
            | Rule::IndexEntry
            | Rule::AbsolutePath
            | Rule::PathNotFound
            | Rule::StandardSchema
            | Rule::StatusContradiction
            | Rule::OutcomesUnwritten
            | Rule::IndexMismatch => Severity::Warning,
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
            Rule::EmptySection => {
                "Living sections (Progress, Surprises & Discoveries, Decision Log, Outcomes & Retrospective) are not left empty."
            }
            Rule::Placeholder => {
                "No template placeholder or template text is left unfilled."
            }
            Rule::ProgressItem => "Every item directly in Progress is a checkbox.",
            Rule::ProgressTimestamp => {
                "Every completed Progress item carries a `(YYYY-MM-DD HH:MMZ)` timestamp."
            }
            Rule::TimestampInvalid => "Timestamps are real dates and times.",
            Rule::TimestampFuture => "No timestamp lies more than a day in the future.",
            Rule::DecisionIncomplete => {
                "Every Decision Log entry has a Decision, a Rationale and a Date/Author."
            }
            Rule::ObservationIncomplete => {
                "Every Observation in Surprises & Discoveries has its Evidence."
            }
            Rule::StepsWithoutCommands => {
                "Concrete Steps shows the commands to run (a code block, a transcript, `inline code`)."
            }
            Rule::IndexEntry => {
                "Active ExecPlan Index lines read `<date> - <plan name> - status: <status> - owner: <name>`."
            }
            Rule::AbsolutePath => "File references are repository-relative, not absolute.",
            Rule::PathNotFound => "Repository paths the plan names exist.",
            Rule::StandardSchema => {
                "A repository's PLANS.md lists its required sections in a form that can be read."
            }
            Rule::StatusContradiction => {
                "The plan's status agrees with its Progress: not done with items open, not planned with items done."
            }
            Rule::OutcomesUnwritten => {
                "A finished plan (every Progress item done, or its status done) has its Outcomes & Retrospective written."
            }
            Rule::StalePlan => {
                "An unfinished plan is brought up to date when commits change the files it names."
            }
            Rule::IndexMismatch => {
                "An ExecPlan index lists existing plans with their own status (and, when required, every unfinished plan)."
            }
        }
    }
}

/// What every content rule reads: the text, where the required sections are, and the
/// configuration.
pub(crate) struct Context<'a> {
    pub file: &'a execplan_syntax::SourceFile,
    pub structure: &'a crate::PlanStructure,
    pub config: &'a crate::AnalysisConfig,
    /// The standard's section names and aliases, normalised once (`plan::normalized_names`)
    /// for the rules that find a built-in section by name.
    pub names: Vec<Vec<String>>,
    /// The bodies of the Active ExecPlan Index headings, which two rules read.
    pub index_bodies: Vec<execplan_syntax::TextRange>,
    /// Every path reference of the plan, found once: two rules read them, and finding
    /// them scans all the prose.
    pub path_refs: Vec<crate::path_refs::FoundRef>,
    /// The code blocks, indexed once for the rules that skip code (and for suppression).
    pub code: crate::code_blocks::CodeBlocks,
    /// Where the block-local rules ([`Rule::is_block_local`]) look: everything, or the
    /// window a snapshot rescanned when the rest of its diagnostics are reused.
    pub window: Option<execplan_syntax::TextRange>,
}

impl Context<'_> {
    /// Whether a block starting at `offset` is the block-local rules' to look at.
    pub fn in_window(&self, offset: usize) -> bool {
        self.window.as_ref().is_none_or(|w| w.contains(&offset))
    }

    /// Whether the section rules ([`Rule::is_section_local`]) look at a section spanning
    /// `extent` (its heading and body): when it holds part of the window.
    pub fn touches_window(&self, extent: &execplan_syntax::TextRange) -> bool {
        self.window
            .as_ref()
            .is_none_or(|w| extent.start < w.end && w.start < extent.end)
    }

    /// The paragraphs starting in the window (all, without one), found by binary search.
    pub fn paragraphs_in_window(&self) -> &[execplan_syntax::TextRange] {
        let outline = self.file.outline();
        match &self.window {
            Some(w) => outline.paragraphs_starting_in(w),
            None => &outline.paragraphs,
        }
    }

    /// The part of `region` the block-local rules look at (all of it, without a window).
    pub fn clip(&self, region: &execplan_syntax::TextRange) -> execplan_syntax::TextRange {
        match &self.window {
            Some(w) => {
                region.start.max(w.start)..region.end.min(w.end).max(region.start.max(w.start))
            }
            None => region.clone(),
        }
    }
}

/// Runs the content rules that read a section as a whole, on the sections that hold part
/// of `cx.window` (all, without one). The structure rules run separately.
pub(crate) fn check_sections(cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
    empty_section::check(cx, out);
    progress_item::check(cx, out);
    placeholder::check_sections(cx, out);
    decision_incomplete::check(cx, out);
    observation_incomplete::check(cx, out);
    steps_without_commands::check(cx, out);
}

/// Runs the block-local rules on the blocks starting in `cx.window` (all, without one).
pub(crate) fn check_blocks(cx: &Context<'_>, out: &mut Vec<crate::Diagnostic>) {
    placeholder::check(cx, out);
    progress_timestamp::check(cx, out);
    timestamps::check(cx, out);
    index_entry::check(cx, out);
    absolute_path::check(cx, out);
    path_not_found::check(cx, out);
}

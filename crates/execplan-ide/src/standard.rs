//! The sections a plan must have, in order: the built-in standard of `PLANS.md`.

/// One required section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    /// The heading as the standard writes it.
    pub name: String,
    /// Other headings that mean the same section.
    pub aliases: Vec<String>,
    /// Living sections are kept up to date while the work runs.
    pub living: bool,
}

/// The required sections in the order the standard puts them, and the forms its
/// entries take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standard {
    pub sections: Vec<SectionSpec>,
    /// Which fields a Decision Log entry carries besides `Decision:`.
    pub decision_fields: DecisionFields,
    /// The stamp form the standard's own examples use, when it is not the built-in one
    /// (`.execplan.toml`'s `timestamp_form` still wins).
    pub timestamp_form: Option<crate::TimestampForm>,
    /// Whether a completed Progress item must carry a stamp: a repository standard that
    /// never shows or asks for one does not require it.
    pub stamps_required: bool,
}

/// The fields the built-in standard asks of every decision; a repository's standard whose
/// template writes decisions without one of them does not ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionFields {
    pub rationale: bool,
    pub date_author: bool,
}

impl Default for DecisionFields {
    fn default() -> DecisionFields {
        DecisionFields {
            rationale: true,
            date_author: true,
        }
    }
}

/// The twelve sections of the ExecPlan standard, in order, and whether each is living.
const BUILT_IN: [(&str, bool); 12] = [
    ("Purpose / Big Picture", false),
    ("Progress", true),
    ("Surprises & Discoveries", true),
    ("Decision Log", true),
    ("Outcomes & Retrospective", true),
    ("Context and Orientation", false),
    ("Plan of Work", false),
    ("Concrete Steps", false),
    ("Validation and Acceptance", false),
    ("Idempotence and Recovery", false),
    ("Artifacts and Notes", false),
    ("Interfaces and Dependencies", false),
];

impl Default for Standard {
    fn default() -> Standard {
        Standard {
            sections: BUILT_IN
                .iter()
                .map(|&(name, living)| SectionSpec {
                    name: name.to_string(),
                    aliases: Vec::new(),
                    living,
                })
                .collect(),
            decision_fields: DecisionFields::default(),
            timestamp_form: None,
            stamps_required: true,
        }
    }
}

impl Standard {
    /// The index of the section named `name` (as the standard writes it), if required.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.name == name)
    }
}

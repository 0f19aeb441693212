//! Which markdown documents are ExecPlans. Anything else gets no diagnostics at all, so a
//! README beside a plan stays quiet.

use execplan_syntax::SourceFile;

use crate::{PlanStructure, Standard};

/// Why a document is, or is not, analysed as a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// The title or the preamble before the first section names it an ExecPlan.
    NamesItself,
    /// Front matter says `kind: exec-plan` (or `execplan`).
    FrontMatter,
    /// It has at least three of the standard's section headings.
    Sections,
    /// A `PLANS.md` that defines the standard rather than following it.
    Standard,
    /// Nothing marks it as a plan.
    NotAPlan,
}

impl Detection {
    pub fn is_plan(self) -> bool {
        matches!(
            self,
            Detection::NamesItself | Detection::FrontMatter | Detection::Sections
        )
    }
}

/// Decides whether `file`, named `file_name` (its last path component), is a plan.
pub fn detect_plan(file: &SourceFile, file_name: &str, standard: &Standard) -> Detection {
    if file_name.eq_ignore_ascii_case("PLANS.md") && defines_standard(file) {
        return Detection::Standard;
    }
    if front_matter_kind(file)
        .is_some_and(|k| matches!(k.as_str(), "exec-plan" | "execplan" | "exec_plan"))
    {
        return Detection::FrontMatter;
    }
    if names_itself(file) {
        return Detection::NamesItself;
    }
    if PlanStructure::new(file, standard).distinct_count() >= 3 {
        return Detection::Sections;
    }
    Detection::NotAPlan
}

/// A standard has a template (or skeleton) or a "Required Sections" list.
fn defines_standard(file: &SourceFile) -> bool {
    file.outline().headings.iter().any(|h| {
        let text = h.text.to_lowercase();
        text.contains("template") || text.contains("skeleton") || text.contains("required sections")
    })
}

fn front_matter_kind(file: &SourceFile) -> Option<String> {
    let front = file.outline().front_matter.as_ref()?;
    file.text()[front.body.clone()].lines().find_map(|line| {
        let value = line.trim().strip_prefix("kind:")?;
        Some(value.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
    })
}

/// The title, or the text before the first level-2 heading, says "ExecPlan". The word is
/// matched case-sensitively and whole, so `execplan-ls` or `ExecPlanner` do not count.
fn names_itself(file: &SourceFile) -> bool {
    let outline = file.outline();
    if outline
        .title()
        .is_some_and(|t| contains_word_execplan(&t.text))
    {
        return true;
    }
    let start = outline.front_matter.as_ref().map_or(0, |f| f.range.end);
    let end = outline
        .headings
        .iter()
        .find(|h| h.level >= 2)
        .map_or(file.text().len(), |h| h.range.start)
        .max(start);
    contains_word_execplan(&file.text()[start..end])
}

fn contains_word_execplan(text: &str) -> bool {
    text.match_indices("ExecPlan").any(|(i, word)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..]
            .trim_start_matches('s')
            .chars()
            .next();
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_' && c != '-');
        boundary(before) && boundary(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str, name: &str) -> Detection {
        detect_plan(&SourceFile::parse(text), name, &Standard::default())
    }

    #[test]
    fn plans_are_recognised_by_title_preamble_front_matter_or_sections() {
        assert_eq!(
            detect("# ExecPlan: ship it\n", "a.md"),
            Detection::NamesItself
        );
        assert_eq!(
            detect(
                "# Ship it\n\nThis ExecPlan is a living document.\n\n## Progress\n",
                "a.md"
            ),
            Detection::NamesItself
        );
        assert_eq!(
            detect("---\nkind: exec-plan\n---\n# Ship it\n", "a.md"),
            Detection::FrontMatter
        );
        assert_eq!(
            detect(
                "# Ship it\n\n## Progress\n\n## Decision Log\n\n## Plan of Work\n",
                "a.md"
            ),
            Detection::Sections
        );
    }

    #[test]
    fn other_markdown_is_not_a_plan() {
        assert_eq!(
            detect("# execplan-ls\n\nA language server.\n", "README.md"),
            Detection::NotAPlan
        );
        assert_eq!(
            detect("# Notes\n\n## Progress\n\n## Ideas\n", "notes.md"),
            Detection::NotAPlan
        );
        assert_eq!(
            detect(
                "# Ship\n\n## Details\n\nWe track this in the ExecPlan.\n",
                "a.md"
            ),
            Detection::NotAPlan,
            "a mention after the first section is not a preamble"
        );
    }

    #[test]
    fn a_standard_is_not_a_plan() {
        let standard = "# PLANS.md\n\nAn ExecPlan must have these.\n\n## Required Sections\n\n1. Progress\n\n## ExecPlan Template\n\n## Progress\n\n## Decision Log\n";
        assert_eq!(detect(standard, "PLANS.md"), Detection::Standard);
        assert!(detect(standard, "other.md").is_plan());
    }
}

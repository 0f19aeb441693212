//! Which markdown documents are ExecPlans. Anything else gets no diagnostics at all, so a
//! README beside a plan stays quiet.

use execplan_syntax::{Heading, SourceFile};

use crate::{AnalysisConfig, PlanStructure};

/// Why a document is, or is not, analysed as a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// Its title names one ExecPlan (`# ExecPlan: …`, `# … ExecPlan`), or its preamble
    /// carries the standard's "this ExecPlan is a living document" sentence.
    NamesItself,
    /// Front matter says `kind: exec-plan` (or `execplan`).
    FrontMatter,
    /// It has at least three of the standard's section headings.
    Sections,
    /// It lies directly in a folder the repository's standard keeps plans in.
    PlanFolder,
    /// A `PLANS.md`: it defines the standard rather than following it.
    Standard,
    /// A plan template, meant to be copied: named or titled as one, or its title is
    /// still a placeholder (`# <Short, action-oriented description>`).
    Template,
    /// Nothing marks it as a plan.
    NotAPlan,
}

impl Detection {
    pub fn is_plan(self) -> bool {
        matches!(
            self,
            Detection::NamesItself
                | Detection::FrontMatter
                | Detection::Sections
                | Detection::PlanFolder
        )
    }

    /// Why, in a few words (for `execplan-ls plans`).
    pub fn describe(self) -> &'static str {
        match self {
            Detection::NamesItself => "plan: its title or preamble names it an ExecPlan",
            Detection::FrontMatter => "plan: its front matter says kind: exec-plan",
            Detection::Sections => "plan: it has three or more of the standard's sections",
            Detection::PlanFolder => "plan: it lies in a folder the standard keeps plans in",
            Detection::Standard => "not a plan: the standard (PLANS.md)",
            Detection::Template => "not a plan: a template",
            Detection::NotAPlan => "not a plan",
        }
    }
}

/// Decides whether `file`, named `file_name` (its last path component), is a plan.
///
/// Front matter decides first, as the author's explicit word. A `PLANS.md` is the
/// standard and a template is a template whatever they hold: both carry every heading
/// of a plan by design. Otherwise a title that names one ExecPlan, the standard's
/// "living document" sentence in the preamble, or three of the standard's sections make
/// a plan. A mention of ExecPlans in prose, a plural (`# Active ExecPlans`), a metadata
/// line (`- ExecPlan: none`) or a table header do not.
pub fn detect_plan(file: &SourceFile, file_name: &str, config: &AnalysisConfig) -> Detection {
    let standard = &config.standard;
    match front_matter_kind(file).as_deref() {
        Some("exec-plan" | "execplan" | "exec_plan") => return Detection::FrontMatter,
        Some("template" | "exec-plan-template" | "execplan-template") => {
            return Detection::Template
        }
        _ => {}
    }
    if file_name.eq_ignore_ascii_case("PLANS.md") {
        return Detection::Standard;
    }
    if is_template(file, file_name) {
        return Detection::Template;
    }
    if title_names_one_plan(file) || preamble_says_living_plan(file) {
        return Detection::NamesItself;
    }
    if PlanStructure::new(file, standard).distinct_count() >= 3 {
        return Detection::Sections;
    }
    if in_plan_folder(file_name, config) {
        return Detection::PlanFolder;
    }
    Detection::NotAPlan
}

/// Whether the document lies directly in one of the standard's plan folders, and is not
/// one of the files every folder may hold (a README, an index, agent instructions).
fn in_plan_folder(file_name: &str, config: &AnalysisConfig) -> bool {
    let Some((dir, _)) = config
        .document_path
        .as_deref()
        .and_then(|p| p.rsplit_once('/'))
    else {
        return false;
    };
    let lower = file_name.to_ascii_lowercase();
    let ordinary = [
        "readme.md",
        "index.md",
        "agents.md",
        "claude.md",
        "skill.md",
        "changelog.md",
    ];
    !ordinary.contains(&lower.as_str())
        && config
            .plan_folders
            .iter()
            .any(|folder| folder.trim_end_matches('/') == dir)
}

fn front_matter_kind(file: &SourceFile) -> Option<String> {
    let front = file.outline().front_matter.as_ref()?;
    file.text()[front.body.clone()].lines().find_map(|line| {
        let value = line.trim().strip_prefix("kind:")?;
        Some(value.trim().trim_matches(['"', '\'']).to_ascii_lowercase())
    })
}

/// The heading that titles the document: its level-1 heading, else its first heading
/// when that opens the document (a plan that starts at `## ExecPlan: …`).
fn title(file: &SourceFile) -> Option<&Heading> {
    let outline = file.outline();
    outline.title().or_else(|| {
        let first = outline.headings.first()?;
        let before = &file.text()
            [outline.front_matter.as_ref().map_or(0, |f| f.range.end)..first.range.start];
        before
            .trim_start_matches('\u{feff}')
            .trim()
            .is_empty()
            .then_some(first)
    })
}

/// `PLAN.template.md`, `EP-TEMPLATE.md`, `plans/templates/x.md`'s `execplan-template.md`;
/// `# ExecPlan Template`; a title that is still a placeholder (`# <Title>`,
/// `# ExecPlan: <任务名>`).
fn is_template(file: &SourceFile, file_name: &str) -> bool {
    if file_name.to_ascii_lowercase().contains("template") {
        return true;
    }
    let Some(title) = title(file) else {
        return false;
    };
    let text = title.text.to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "template" || w == "skeleton")
        || is_placeholder_title(&title.text)
}

/// A title that holds a `<…>` placeholder or the standard's `YYYY-MM-DD`.
fn is_placeholder_title(title: &str) -> bool {
    let angle = title
        .find('<')
        .is_some_and(|open| title[open..].find('>').is_some_and(|close| close > 1));
    angle || title.contains("YYYY-MM-DD")
}

/// `ExecPlan: Harness redesign`, `ExecPlan — Remove X`, `Ship the importer (ExecPlan)`,
/// `Ship the importer ExecPlan`: the title names this one plan. Not `ExecPlans`,
/// `ExecPlan Standard`, `ExecPlan Orchestrator` or `Writing an ExecPlan`.
fn title_names_one_plan(file: &SourceFile) -> bool {
    let Some(title) = title(file) else {
        return false;
    };
    let text = title
        .text
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '`' | '[' | ']'));
    if let Some(rest) = text.strip_prefix("ExecPlan") {
        let rest = rest.trim_start_matches(['*', '_', '`', ']']).trim_start();
        // A bare `# ExecPlan` names one too.
        return rest.is_empty() || rest.starts_with([':', '：', '—', '–', '-', '|', '/']);
    }
    let text = text.trim_end_matches([')', '）', ']', '*', '_', '`']);
    let Some(before) = text.strip_suffix("ExecPlan") else {
        return false;
    };
    let before = before.trim_end_matches(['(', '（', '[', '*', '_', '`', ' ']);
    let previous = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    // `# Writing an ExecPlan`, `# How to review the ExecPlan` talk about plans.
    !before.is_empty()
        && !matches!(
            previous.as_str(),
            "a" | "an" | "the" | "each" | "every" | "your" | "one" | "this"
        )
}

/// The standard asks every plan to say, near its top, that it is a living document:
/// "This ExecPlan is a living document." That sentence in the preamble (the text before
/// the first `##` section) marks a plan; a passing mention of ExecPlans does not, nor
/// does a skill's "An ExecPlan is a living document".
fn preamble_says_living_plan(file: &SourceFile) -> bool {
    let outline = file.outline();
    let start = outline.front_matter.as_ref().map_or(0, |f| f.range.end);
    let end = outline
        .headings
        .iter()
        .find(|h| h.level >= 2)
        .map_or(file.text().len(), |h| h.range.start)
        .max(start);
    let preamble = &file.text()[start..end];
    preamble.lines().any(|line| {
        let lower = line.to_lowercase().replace('`', "");
        let english = lower.contains("this execplan") && lower.contains("living document");
        // As translated plans write it: "本 ExecPlan 是一个活文档", "この ExecPlan は生きた
        // ドキュメント", "이 ExecPlan은 살아있는 문서".
        let translated = [
            "活文档",
            "活的文档",
            "生きたドキュメント",
            "リビングドキュメント",
            "살아있는 문서",
            "살아 있는 문서",
        ]
        .iter()
        .any(|phrase| lower.contains(phrase));
        contains_word_execplan(line) && (english || translated)
    })
}

/// The word `ExecPlan`, singular and whole: not `ExecPlans`, `execplan-ls`, `ExecPlanner`.
fn contains_word_execplan(text: &str) -> bool {
    text.match_indices("ExecPlan").any(|(i, word)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        // ASCII letters continue the word (`ExecPlans`, `ExecPlanner`); a particle in a
        // script without spaces does not (`ExecPlan은`, `ExecPlanは`).
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_' && c != '-');
        boundary(before) && boundary(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str, name: &str) -> Detection {
        detect_plan(&SourceFile::parse(text), name, &AnalysisConfig::default())
    }

    #[test]
    fn a_file_in_a_plan_folder_the_standard_names() {
        let config = AnalysisConfig {
            plan_folders: std::sync::Arc::new(vec![".agent/execplans/archive/".to_string()]),
            document_path: Some(".agent/execplans/archive/EP-1.md".to_string()),
            ..AnalysisConfig::default()
        };
        let text = SourceFile::parse("# EP-1\n\n## Objective\n\n## Scope\n");
        assert_eq!(
            detect_plan(&text, "EP-1.md", &config),
            Detection::PlanFolder
        );
        assert_eq!(
            detect_plan(&text, "README.md", &config),
            Detection::NotAPlan
        );
        let elsewhere = AnalysisConfig {
            document_path: Some(".agent/execplans/archive/old/EP-1.md".to_string()),
            ..config.clone()
        };
        assert_eq!(
            detect_plan(&text, "EP-1.md", &elsewhere),
            Detection::NotAPlan
        );
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
        for translated in [
            "# 实现\n\n本 ExecPlan 是一个活文档。\n\n## 目的\n",
            "# 구현\n\n이 ExecPlan은 살아있는 문서입니다.\n\n## 목적\n",
        ] {
            assert_eq!(
                detect(translated, "a.md"),
                Detection::NamesItself,
                "{translated}"
            );
        }
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
        assert_eq!(detect(standard, "plans.md"), Detection::Standard);
        // A standard with plan entries appended below its template is still the standard.
        let appended = format!(
            "{standard}\n# ExecPlan: one\n\n## Progress\n\n## Decision Log\n\n## Plan of Work\n"
        );
        assert_eq!(detect(&appended, "PLANS.md"), Detection::Standard);
    }

    #[test]
    fn documents_about_plans_are_not_plans() {
        for (name, text) in [
            ("README.md", "# Widgets\n\nWe plan big changes with ExecPlans; see `.agent/PLANS.md`.\n\n## Install\n"),
            ("AGENTS.md", "# ExecPlans\n\nWhen writing complex features, use an ExecPlan.\n"),
            ("INDEX.md", "# Active ExecPlans\n\nNo active ExecPlans yet.\n"),
            ("INDEX.md", "# Completed ExecPlans\n\n- [a](a.md)\n"),
            ("TASK_01.md", "# Task 01\n\n- ExecPlan: none\n- Owner: Ada\n"),
            ("tasks.md", "# Tasks\n\n| Task | ExecPlan | Depends on |\n|---|---|---|\n| a | b | c |\n"),
            ("SKILL.md", "# ExecPlan Orchestrator\n\nWrite an ExecPlan for: $ARGUMENTS\n"),
            ("review.md", "# Review\n\nReview an implementation plan, ExecPlan, design note.\n"),
            ("SKILL.md", "# Writing an ExecPlan\n\nAn ExecPlan is a living document.\n"),
            ("std.md", "# ExecPlan Standard\n\nHow we write plans.\n"),
        ] {
            assert_eq!(detect(text, name), Detection::NotAPlan, "{name}: {text:?}");
        }
    }

    #[test]
    fn templates_are_not_plans() {
        let sections =
            "## Purpose / Big Picture\n\n## Progress\n\n## Decision Log\n\n## Plan of Work\n";
        for (name, title) in [
            ("execplan-template.md", "# ExecPlan: <title>"),
            ("PLAN.template.md", "# Plan"),
            ("EP-TEMPLATE.md", "# ExecPlan: EP-YYYY-MM-DD__slug"),
            ("TEMPLATE.md", "# ExecPlan: <任务名>"),
            ("plan.md", "# <Short, action-oriented description>"),
            ("plan.md", "# ExecPlan Template"),
        ] {
            let text = format!("{title}\n\n{sections}");
            assert_eq!(detect(&text, name), Detection::Template, "{name}: {title}");
        }
        assert_eq!(
            detect("---\nkind: exec-plan\n---\n# <title>\n", "TEMPLATE.md"),
            Detection::FrontMatter,
            "front matter is the author's word"
        );
    }

    #[test]
    fn a_title_that_names_one_plan() {
        for title in [
            "# ExecPlan: Harness redesign",
            "## ExecPlan: Harness redesign",
            "# ExecPlan — Remove compatibility paths",
            "# Ship the importer ExecPlan",
            "# Ship the importer (ExecPlan)",
            "# ExecPlan",
            "\u{feff}# ExecPlan: after a byte-order mark",
        ] {
            assert_eq!(
                detect(&format!("{title}\n\nText.\n"), "a.md"),
                Detection::NamesItself,
                "{title}"
            );
        }
        assert_eq!(
            detect("Intro line.\n\n## ExecPlan: not the first thing\n", "a.md"),
            Detection::NotAPlan,
            "a level-2 heading titles the document only when it opens it"
        );
    }
}

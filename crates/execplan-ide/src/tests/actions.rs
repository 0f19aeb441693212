use execplan_syntax::SourceFile;
use expect_test::{expect, Expect};

use crate::actions::{assists, fix_all, missing_file_at};
use crate::fixture::{apply_edits, extract_markers, test_now};
use crate::{AnalysisConfig, EditContext, RepoFiles};

fn run(fixture: &str, label: &str) -> Option<String> {
    let (text, range) = extract_markers(fixture);
    let range = range.expect("a $0 cursor");
    let file = SourceFile::parse(&text);
    let config = AnalysisConfig {
        author: Some("Ada".to_string()),
        ..AnalysisConfig::default()
    };
    let ctx = EditContext::new(&config, test_now());
    let found = assists(&file, range, &ctx, true, "New plan");
    let assist = found.into_iter().find(|a| a.label == label)?;
    Some(apply_edits(&text, &assist.edits, assist.cursor))
}

/// Applies the action labelled `label` and shows the result (`$0` at the cursor).
#[track_caller]
fn check(fixture: &str, label: &str, expect: Expect) {
    let result = run(fixture, label).unwrap_or_else(|| panic!("no action {label:?}"));
    // CR is shown, so a snapshot proves CRLF files keep their line endings.
    expect.assert_eq(&result.replace('\r', "␍"));
}

/// The labels of the actions offered at the cursor.
#[track_caller]
fn check_labels(fixture: &str, expect: Expect) {
    let (text, range) = extract_markers(fixture);
    let file = SourceFile::parse(&text);
    let config = AnalysisConfig::default();
    let ctx = EditContext::new(&config, test_now());
    let found = assists(&file, range.unwrap(), &ctx, true, "New plan");
    let labels: Vec<String> = found
        .iter()
        .map(|a| format!("{:?} {}\n", a.kind, a.label))
        .collect();
    expect.assert_eq(&labels.concat());
}

const FULL: &str = "# ExecPlan: 中文 🚀\n\n## Purpose / Big Picture\n\nText 😀.\n\n## Progress\n\n- [x] (2026-11-20 10:00Z) 設計 done\n- [ ] (2026-11-21 11:00Z) 実装 🚧 half\n\n## Surprises & Discoveries\n\n## Decision Log\n\n- Decision: keep it.\n  Rationale: simple.\n  Date/Author: 2026-11-20, Ada\n\n## Outcomes & Retrospective\n## Context and Orientation\n## Plan of Work\n## Concrete Steps\n## Validation and Acceptance\n## Idempotence and Recovery\n## Artifacts and Notes\n## Interfaces and Dependencies\n";

fn at(marker_after: &str) -> String {
    FULL.replacen(marker_after, &format!("{marker_after}$0"), 1)
}

#[test]
fn add_progress_entry_appends_after_the_last_item() {
    check(
        &at("Text 😀"),
        "Add progress entry (now)",
        expect![[r#"
        # ExecPlan: 中文 🚀

        ## Purpose / Big Picture

        Text 😀.

        ## Progress

        - [x] (2026-11-20 10:00Z) 設計 done
        - [ ] (2026-11-21 11:00Z) 実装 🚧 half
        - [ ] (2026-11-24 09:15Z) $0

        ## Surprises & Discoveries

        ## Decision Log

        - Decision: keep it.
          Rationale: simple.
          Date/Author: 2026-11-20, Ada

        ## Outcomes & Retrospective
        ## Context and Orientation
        ## Plan of Work
        ## Concrete Steps
        ## Validation and Acceptance
        ## Idempotence and Recovery
        ## Artifacts and Notes
        ## Interfaces and Dependencies
    "#]],
    );
}

#[test]
fn add_progress_entry_creates_progress_in_its_place() {
    let fixture = "# ExecPlan 🚀\r\n\r\n## Purpose / Big Picture\r\n\r\n計画$0.\r\n\r\n## Surprises & Discoveries\r\n";
    check(
        fixture,
        "Add progress entry (now)",
        expect![[r#"
        # ExecPlan 🚀␍
        ␍
        ## Purpose / Big Picture␍
        ␍
        計画.␍
        ␍
        ## Progress␍
        ␍
        - [ ] (2026-11-24 09:15Z) $0␍
        ␍
        ## Surprises & Discoveries␍
    "#]],
    );
}

#[test]
fn add_decision_appends_a_stamped_entry() {
    check(
        &at("Text 😀"),
        "Add decision (today)",
        expect![[r#"
        # ExecPlan: 中文 🚀

        ## Purpose / Big Picture

        Text 😀.

        ## Progress

        - [x] (2026-11-20 10:00Z) 設計 done
        - [ ] (2026-11-21 11:00Z) 実装 🚧 half

        ## Surprises & Discoveries

        ## Decision Log

        - Decision: keep it.
          Rationale: simple.
          Date/Author: 2026-11-20, Ada
        - Decision: what was decided
          Rationale: why this and not the alternatives
          Date/Author: 2026-11-24, Ada$0

        ## Outcomes & Retrospective
        ## Context and Orientation
        ## Plan of Work
        ## Concrete Steps
        ## Validation and Acceptance
        ## Idempotence and Recovery
        ## Artifacts and Notes
        ## Interfaces and Dependencies
    "#]],
    );
}

#[test]
fn mark_done_replaces_the_stamp() {
    check(
        &at("実装"),
        "Mark done (now)",
        expect![[r#"
        # ExecPlan: 中文 🚀

        ## Purpose / Big Picture

        Text 😀.

        ## Progress

        - [x] (2026-11-20 10:00Z) 設計 done
        - [x] (2026-11-24 09:15Z) 実装 🚧 half

        ## Surprises & Discoveries

        ## Decision Log

        - Decision: keep it.
          Rationale: simple.
          Date/Author: 2026-11-20, Ada

        ## Outcomes & Retrospective
        ## Context and Orientation
        ## Plan of Work
        ## Concrete Steps
        ## Validation and Acceptance
        ## Idempotence and Recovery
        ## Artifacts and Notes
        ## Interfaces and Dependencies
    "#]],
    );
    check(
        "# ExecPlan\n\n## Progress\n\n- [ ] 🚧 unstamped$0\n",
        "Mark done (now)",
        expect![[r#"
            # ExecPlan

            ## Progress

            - [x] (2026-11-24 09:15Z) 🚧 unstamped
        "#]],
    );
}

#[test]
fn split_into_done_and_remaining() {
    check(
        &at("実装"),
        "Split into done and remaining",
        expect![[r#"
        # ExecPlan: 中文 🚀

        ## Purpose / Big Picture

        Text 😀.

        ## Progress

        - [x] (2026-11-20 10:00Z) 設計 done
        - [x] (2026-11-24 09:15Z) 実装 🚧 half (completed part)
        - [ ] 実装 🚧 half (remaining)

        ## Surprises & Discoveries

        ## Decision Log

        - Decision: keep it.
          Rationale: simple.
          Date/Author: 2026-11-20, Ada

        ## Outcomes & Retrospective
        ## Context and Orientation
        ## Plan of Work
        ## Concrete Steps
        ## Validation and Acceptance
        ## Idempotence and Recovery
        ## Artifacts and Notes
        ## Interfaces and Dependencies
    "#]],
    );
}

#[test]
fn only_open_progress_items_can_be_marked_done() {
    check_labels(
        &at("設計"),
        expect![[r#"
        Refactor Add progress entry (now)
        Refactor Add decision (today)
    "#]],
    );
}

#[test]
fn missing_sections_are_inserted_where_the_standard_puts_them() {
    let fixture = "# ExecPlan 計画$0 😀\n\n## Purpose / Big Picture\n\nWhy.\n\n## Decision Log\n\n## Concrete Steps\n\nRun it.\n";
    check_labels(
        fixture,
        expect![[r#"
        QuickFix Insert section `## Progress`
        QuickFix Insert all missing sections
        QuickFix Insert section `## Surprises & Discoveries`
        QuickFix Insert section `## Outcomes & Retrospective`
        QuickFix Insert section `## Context and Orientation`
        QuickFix Insert section `## Plan of Work`
        QuickFix Insert section `## Validation and Acceptance`
        QuickFix Insert section `## Idempotence and Recovery`
        QuickFix Insert section `## Artifacts and Notes`
        QuickFix Insert section `## Interfaces and Dependencies`
        Refactor Add progress entry (now)
        Refactor Add decision (today)
    "#]],
    );
    check(
        fixture,
        "Insert section `## Progress`",
        expect![[r#"
        # ExecPlan 計画 😀

        ## Purpose / Big Picture

        Why.

        ## Progress

        - [ ] (2026-11-24 09:15Z) First step.

        ## Decision Log

        ## Concrete Steps

        Run it.
    "#]],
    );
    check(
        fixture,
        "Insert all missing sections",
        expect![[r#"
        # ExecPlan 計画 😀

        ## Purpose / Big Picture

        Why.

        ## Progress

        - [ ] (2026-11-24 09:15Z) First step.

        ## Surprises & Discoveries

        - Observation: what behaved unexpectedly
          Evidence: the output, log line or test that showed it

        ## Decision Log

        ## Outcomes & Retrospective

        What was achieved, what remains, and what was learned, compared against the purpose.

        ## Context and Orientation

        The state of the repository as a newcomer needs it: the key files by repository-relative path and how they connect.

        ## Plan of Work

        The sequence of edits, file by file and function by function, and why.

        ## Concrete Steps

        Run it.

        ## Validation and Acceptance

        How to tell the change works: what to run and the behaviour to observe.

        ## Idempotence and Recovery

        How to re-run the steps safely, and how to recover or roll back after a partial failure.

        ## Artifacts and Notes

        Short transcripts, diffs or logs that prove success.

        ## Interfaces and Dependencies

        The libraries, services, modules and signatures that must exist when the work is done.
    "#]],
    );
}

#[test]
fn heading_spelling_and_level_fixes() {
    let fixture = FULL.replace("## Surprises & Discoveries", "### Suprises & Discoveries$0");
    check(
        &fixture,
        "Spell it `Surprises & Discoveries`",
        expect![[r#"
        # ExecPlan: 中文 🚀

        ## Purpose / Big Picture

        Text 😀.

        ## Progress

        - [x] (2026-11-20 10:00Z) 設計 done
        - [ ] (2026-11-21 11:00Z) 実装 🚧 half

        ### Surprises & Discoveries

        ## Decision Log

        - Decision: keep it.
          Rationale: simple.
          Date/Author: 2026-11-20, Ada

        ## Outcomes & Retrospective
        ## Context and Orientation
        ## Plan of Work
        ## Concrete Steps
        ## Validation and Acceptance
        ## Idempotence and Recovery
        ## Artifacts and Notes
        ## Interfaces and Dependencies
    "#]],
    );
    check(
        &fixture,
        "Make it `## Surprises & Discoveries`",
        expect![[r#"
        # ExecPlan: 中文 🚀

        ## Purpose / Big Picture

        Text 😀.

        ## Progress

        - [x] (2026-11-20 10:00Z) 設計 done
        - [ ] (2026-11-21 11:00Z) 実装 🚧 half

        ## Suprises & Discoveries

        ## Decision Log

        - Decision: keep it.
          Rationale: simple.
          Date/Author: 2026-11-20, Ada

        ## Outcomes & Retrospective
        ## Context and Orientation
        ## Plan of Work
        ## Concrete Steps
        ## Validation and Acceptance
        ## Idempotence and Recovery
        ## Artifacts and Notes
        ## Interfaces and Dependencies
    "#]],
    );
}

/// The fixes offered at the cursor: kind, applicability, whether preferred, label.
#[track_caller]
fn check_fixes(fixture: &str, expect: Expect) {
    let (text, range) = extract_markers(fixture);
    let file = SourceFile::parse(&text);
    let config = AnalysisConfig::default();
    let ctx = EditContext::new(&config, test_now());
    let found = assists(&file, range.unwrap(), &ctx, true, "New plan");
    let lines: Vec<String> = found
        .iter()
        .filter(|a| a.kind == crate::actions::AssistKind::QuickFix)
        .map(|a| {
            let preferred = if a.is_preferred { " preferred" } else { "" };
            format!("{}{preferred} {}\n", a.applicability.as_str(), a.label)
        })
        .collect();
    expect.assert_eq(&lines.concat());
}

#[test]
fn every_fix_is_offered_with_its_applicability() {
    // `### Suprises` nested under `## Progress`: respelling it is safe; promoting it out
    // of Progress is not, and is offered but not preferred.
    check_fixes(
        &FULL.replace("## Surprises & Discoveries", "### Suprises & Discoveries$0"),
        expect![[r#"
            unsafe Make it `## Surprises & Discoveries`
            safe preferred Spell it `Surprises & Discoveries`
        "#]],
    );
    // A level-3 section right under the title keeps its place at level 2: safe.
    check_fixes(
        &FULL.replace("## Purpose / Big Picture", "### Purpose / Big Picture$0"),
        expect![[r#"
            safe preferred Make it `## Purpose / Big Picture`
        "#]],
    );
    // Inserting a section writes placeholders for the author: offered, never automatic.
    check_fixes(
        &FULL
            .replace("## Decision Log\n", "")
            .replace("# ExecPlan", "# ExecPlan$0"),
        expect![[r#"
            unsafe Insert section `## Decision Log`
        "#]],
    );
}

/// Each fix of `text`'s diagnostics under `config`: rule, applicability, label.
fn fixes_of(text: &str, config: &AnalysisConfig) -> String {
    let file = SourceFile::parse(text);
    crate::diagnostics(&file, config)
        .iter()
        .filter_map(|d| {
            let fix = d.fix.as_ref()?;
            Some(format!(
                "{} {} {}\n",
                d.rule.code(),
                fix.applicability.as_str(),
                fix.label
            ))
        })
        .collect()
}

#[test]
fn heading_level_fixes_are_safe_only_where_the_section_keeps_its_place() {
    let config = AnalysisConfig::default();
    // Right under the title, with only deeper headings inside: safe. Followed by a
    // `### Notes` that promotion would pull into it: unsafe. A `# Decision Log` whose
    // `## Options` would become its sibling: unsafe. A setext title-level heading with
    // nothing under it: safe.
    let text = "# ExecPlan: x\n\n### Purpose / Big Picture\n\n#### Detail\n\n### Progress\n\n### Notes\n\n## Surprises & Discoveries\n\nContext and Orientation\n=======================\n\n# Decision Log\n\n## Options\n\n## Outcomes & Retrospective\n\n## Plan of Work\n## Concrete Steps\n## Validation and Acceptance\n## Idempotence and Recovery\n## Artifacts and Notes\n## Interfaces and Dependencies\n";
    expect![[r#"
        heading-level safe Make it `## Purpose / Big Picture`
        heading-level unsafe Make it `## Progress`
        heading-level safe Make it `## Context and Orientation`
        heading-level unsafe Make it `## Decision Log`
    "#]]
    .assert_eq(&fixes_of(text, &config));
}

#[test]
fn heading_spelling_fixes_are_safe_for_typos_only() {
    // A typo is respelt safely; a short form may name another section on purpose.
    let text = FULL
        .replace("## Surprises & Discoveries", "## Suprises & Discoveries")
        .replace("## Purpose / Big Picture", "## Purpose");
    expect![[r#"
        heading-spelling unsafe Spell it `Purpose / Big Picture`
        heading-spelling safe Spell it `Surprises & Discoveries`
    "#]]
    .assert_eq(&fixes_of(&text, &AnalysisConfig::default()));
}

#[test]
fn absolute_path_fixes_are_unsafe_in_links() {
    // A link's target resolves against the plan's folder, not the repository root.
    let config = AnalysisConfig {
        repo_root: Some("/home/ada/proj".to_string()),
        ..AnalysisConfig::default()
    };
    let text = "# ExecPlan: x\n\n## Context and Orientation\n\nSee `/home/ada/proj/src/lib.rs` and [the lib](/home/ada/proj/src/lib.rs).\n";
    expect![[r#"
        absolute-path safe Rewrite as `src/lib.rs`
        absolute-path unsafe Rewrite as `src/lib.rs`
    "#]]
    .assert_eq(&fixes_of(text, &config));
}

#[test]
fn fix_all_leaves_a_living_wrapper_and_its_subsections_alone() {
    // As real plans write it: the living sections under a `##` wrapper, with `####`
    // subsections. Promoting them would empty the wrapper and leave the `####` under `##`:
    // that is an unsafe fix, offered one by one, not applied by fix-all.
    let text = "# ExecPlan: wrapped\n\n## Purpose / Big Picture\n\nWhy.\n\n## Living ExecPlan\n\n### Progress\n\n- [x] (2026-11-20 10:00Z) Done.\n\n#### Milestone 1\n\n- [ ] Next.\n\n### Surprises & Discoveries\n\n(None yet.)\n\n### Decision Log\n\n(None yet.)\n\n### Outcomes & Retrospective\n\n(None yet.)\n\n## Context and Orientation\n## Plan of Work\n## Concrete Steps\n## Validation and Acceptance\n## Idempotence and Recovery\n## Artifacts and Notes\n## Interfaces and Dependencies\n";
    let file = SourceFile::parse(text);
    let config = AnalysisConfig::default();
    let ctx = EditContext::new(&config, test_now());
    assert_eq!(fix_all(&file, &ctx), None);
    let cursor = text.find("### Progress").unwrap();
    let offered = assists(&file, cursor..cursor, &ctx, true, "New plan");
    let promote = offered
        .iter()
        .find(|a| a.label == "Make it `## Progress`")
        .expect("the promotion stays a quick fix");
    assert_eq!(promote.applicability, crate::Applicability::Unsafe);
    assert!(!promote.is_preferred);
}

#[test]
fn fix_all_applies_every_safe_fix() {
    let text = FULL
        .replace("## Surprises & Discoveries", "### Suprises & Discoveries")
        .replace("## Plan of Work", "# Plan of Work");
    let file = SourceFile::parse(&text);
    let config = AnalysisConfig::default();
    let ctx = EditContext::new(&config, test_now());
    let fix = fix_all(&file, &ctx).expect("fixes");
    expect![[r#"
        # ExecPlan: 中文 🚀

        ## Purpose / Big Picture

        Text 😀.

        ## Progress

        - [x] (2026-11-20 10:00Z) 設計 done
        - [ ] (2026-11-21 11:00Z) 実装 🚧 half

        ### Surprises & Discoveries

        ## Decision Log

        - Decision: keep it.
          Rationale: simple.
          Date/Author: 2026-11-20, Ada

        ## Outcomes & Retrospective
        ## Context and Orientation
        ## Plan of Work
        ## Concrete Steps
        ## Validation and Acceptance
        ## Idempotence and Recovery
        ## Artifacts and Notes
        ## Interfaces and Dependencies
    "#]]
    .assert_eq(&apply_edits(&text, &fix.edits, None));
}

#[test]
fn an_empty_file_starts_from_the_template() {
    check(
        "$0",
        "Start an ExecPlan from the template",
        expect![[r#"
        # New plan

        This ExecPlan is a living document: keep Progress, Surprises & Discoveries, Decision Log and Outcomes & Retrospective up to date as the work proceeds.

        ## Purpose / Big Picture

        What someone can do after this change that they could not do before, and how to see it working.

        ## Progress

        - [ ] (2026-11-24 09:15Z) Start the plan.

        ## Surprises & Discoveries

        - Observation: what behaved unexpectedly
          Evidence: the output, log line or test that showed it

        ## Decision Log

        - Decision: what was decided
          Rationale: why this and not the alternatives
          Date/Author: 2026-11-24, Ada

        ## Outcomes & Retrospective

        What was achieved, what remains, and what was learned, compared against the purpose.

        ## Context and Orientation

        The state of the repository as a newcomer needs it: the key files by repository-relative path and how they connect.

        ## Plan of Work

        The sequence of edits, file by file and function by function, and why.

        ## Concrete Steps

        From the repository root:

            command

        What it prints when it works.

        ## Validation and Acceptance

        How to tell the change works: what to run and the behaviour to observe.

        ## Idempotence and Recovery

        How to re-run the steps safely, and how to recover or roll back after a partial failure.

        ## Artifacts and Notes

        Short transcripts, diffs or logs that prove success.

        ## Interfaces and Dependencies

        The libraries, services, modules and signatures that must exist when the work is done.
    "#]],
    );
}

#[test]
fn create_file_only_inside_the_repository() {
    let text = "# ExecPlan\n\nEdit `src/new.rs` and `../x.rs` and `src/lib.rs`.\n";
    let file = SourceFile::parse(text);
    let config = AnalysisConfig::default();
    let repo = RepoFiles::from_files(["src/lib.rs"]);
    let mut ctx = EditContext::new(&config, test_now());
    ctx.repo = Some(&repo);
    let span = |s: &str| {
        let i = text.find(s).unwrap();
        i..i + s.len()
    };
    assert_eq!(
        missing_file_at(&file, &span("src/new.rs"), &ctx).as_deref(),
        Some("src/new.rs")
    );
    assert_eq!(missing_file_at(&file, &span("../x.rs"), &ctx), None);
    assert_eq!(missing_file_at(&file, &span("src/lib.rs"), &ctx), None);
}

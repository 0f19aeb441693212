use expect_test::expect;

use crate::fixture::check_diagnostics;

/// All twelve sections, in order, at level 2: nothing to report.
const COMPLETE: &str = "# ExecPlan: ship the thing

## Purpose / Big Picture
## Progress
## Surprises & Discoveries
## Decision Log
## Outcomes & Retrospective
## Context and Orientation
## Plan of Work
## Concrete Steps
## Validation and Acceptance
## Idempotence and Recovery
## Artifacts and Notes
## Interfaces and Dependencies
";

#[test]
fn a_complete_plan_has_no_structure_diagnostics() {
    check_diagnostics(COMPLETE, expect![""]);
}

#[test]
fn each_missing_section_is_reported_once_on_the_title() {
    let plan = COMPLETE
        .replace("## Concrete Steps\n", "")
        .replace("## Decision Log\n", "");
    check_diagnostics(
        &plan,
        expect![[r#"
            1:1..1:27 error[missing-section] Missing required section `## Decision Log`
            1:1..1:27 error[missing-section] Missing required section `## Concrete Steps`
        "#]],
    );
}

#[test]
fn recognisable_variants_produce_nothing() {
    let plan = "# ExecPlan

## 1. purpose / big picture
## 2) Progress:
## SURPRISES AND DISCOVERIES
## Decision log
## Outcomes and retrospective
## Context & Orientation
##   Plan of work   
## Concrete steps
## Validation & acceptance
## Idempotence and recovery ##
## Artifacts & notes
## 12. Interfaces and dependencies:
";
    check_diagnostics(plan, expect![""]);
}

#[test]
fn misspelt_headings_count_as_present_with_a_warning() {
    let plan = COMPLETE
        .replace("Surprises & Discoveries", "Suprises & Discoveries")
        .replace("Interfaces and Dependencies", "Interfaces & Dependency");
    check_diagnostics(
        &plan,
        expect![[r#"
            5:4..5:26 warning[heading-spelling] `Suprises & Discoveries` reads as a misspelling of `Surprises & Discoveries`
            14:4..14:27 warning[heading-spelling] `Interfaces & Dependency` reads as a misspelling of `Interfaces and Dependencies`
        "#]],
    );
}

#[test]
fn order_reports_only_the_sections_that_must_move() {
    // The living sections moved to the end, as some real plans do: four move, not eight.
    let plan = "# ExecPlan
## Purpose / Big Picture
## Context and Orientation
## Plan of Work
## Concrete Steps
## Validation and Acceptance
## Idempotence and Recovery
## Artifacts and Notes
## Interfaces and Dependencies
## Progress
## Surprises & Discoveries
## Decision Log
## Outcomes & Retrospective
";
    check_diagnostics(
        plan,
        expect![[r#"
            10:1..10:12 warning[section-order] `Progress` is out of order: the standard puts it after `Purpose / Big Picture`
            11:1..11:27 warning[section-order] `Surprises & Discoveries` is out of order: the standard puts it after `Purpose / Big Picture`
            12:1..12:16 warning[section-order] `Decision Log` is out of order: the standard puts it after `Purpose / Big Picture`
            13:1..13:28 warning[section-order] `Outcomes & Retrospective` is out of order: the standard puts it after `Purpose / Big Picture`
        "#]],
    );
}

#[test]
fn nested_and_duplicate_sections() {
    let plan = COMPLETE
        .replace("## Progress\n", "## Living sections\n### Progress\n")
        .replace(
            "## Artifacts and Notes\n",
            "## Artifacts and Notes\n## Artifacts and Notes\n",
        );
    check_diagnostics(
        &plan,
        expect![[r#"
            5:1..5:13 warning[heading-level] `Progress` is a level-3 heading; the standard makes it level 2 (`## Progress`)
            15:1..15:23 warning[duplicate-section] Section `Artifacts and Notes` appears more than once
        "#]],
    );
}

#[test]
fn headings_in_code_blocks_do_not_count_but_a_wrapper_fence_does() {
    let in_code = COMPLETE.replace("## Progress\n", "```md\n## Progress\n```\n");
    check_diagnostics(
        &in_code,
        expect![[r#"
            1:1..1:27 error[missing-section] Missing required section `## Progress`
        "#]],
    );
    let wrapped = format!("```md\n{COMPLETE}```\n");
    check_diagnostics(&wrapped, expect![""]);
    let wrapped_without_progress = format!(
        "````markdown\n{}````\n",
        COMPLETE.replace("## Progress\n", "")
    );
    check_diagnostics(
        &wrapped_without_progress,
        expect![[r#"
            2:1..2:27 error[missing-section] Missing required section `## Progress`
        "#]],
    );
}

#[test]
fn front_matter_and_comments_are_not_headings() {
    let plan = format!(
        "---\nkind: exec-plan\ntitle: x\n---\n<!--\n## Progress\n-->\n{}",
        COMPLETE.replace("## Progress\n", "")
    );
    check_diagnostics(
        &plan,
        expect![[r#"
            8:1..8:27 error[missing-section] Missing required section `## Progress`
        "#]],
    );
}

#[test]
fn without_a_title_findings_sit_on_the_first_line() {
    let plan = COMPLETE
        .replacen("# ExecPlan: ship the thing\n\n", "", 1)
        .replace("## Decision Log\n", "");
    check_diagnostics(
        &plan,
        expect![[r#"
            1:1..1:25 error[missing-section] Missing required section `## Decision Log`
            1:1..1:25 warning[missing-title] The plan has no level-1 `#` title
        "#]],
    );
}

#[test]
fn cjk_text_crlf_and_no_final_newline() {
    let plan = "# ExecPlan：発行\r\n\r\n## Purpose / Big Picture\r\n目的。\r\n## Progress\r\n## Surprises & Discoveries\r\n## Decision Log\r\n## Outcomes & Retrospective\r\n## Context and Orientation\r\n## Plan of Work\r\n## Validation and Acceptance\r\n## Idempotence and Recovery\r\n## Artifacts and Notes\r\n## Interfaces and Dependencies";
    check_diagnostics(
        plan,
        expect![[r#"
            1:1..1:14 error[missing-section] Missing required section `## Concrete Steps`
        "#]],
    );
    // Translated headings are the built-in sections they translate: 进展 is Progress, 决策日志
    // the Decision Log (the other ten are missing).
    let translated = "# 计划\n\n## 进展\n\n## 决策日志\n";
    check_diagnostics(
        translated,
        expect![[r#"
            1:1..1:5 error[missing-section] Missing required section `## Purpose / Big Picture`
            1:1..1:5 error[missing-section] Missing required section `## Surprises & Discoveries`
            1:1..1:5 error[missing-section] Missing required section `## Outcomes & Retrospective`
            1:1..1:5 error[missing-section] Missing required section `## Context and Orientation`
            1:1..1:5 error[missing-section] Missing required section `## Plan of Work`
            1:1..1:5 error[missing-section] Missing required section `## Concrete Steps`
            1:1..1:5 error[missing-section] Missing required section `## Validation and Acceptance`
            1:1..1:5 error[missing-section] Missing required section `## Idempotence and Recovery`
            1:1..1:5 error[missing-section] Missing required section `## Artifacts and Notes`
            1:1..1:5 error[missing-section] Missing required section `## Interfaces and Dependencies`
        "#]],
    );
}

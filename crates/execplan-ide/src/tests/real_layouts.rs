//! Headings, stamps and entries as real repositories write them (modelled on the layouts
//! in `../shared/corpus/repos`): read as their authors meant, without false alarms.

use expect_test::expect;

use crate::fixture::{check_diagnostics, check_rule, check_rule_with, test_config};
use crate::{standard_from_plans_md, Rule};

/// The twelve sections in order, with four headings written as given.
fn plan(purpose: &str, progress: &str, work: &str, validation: &str) -> String {
    format!(
        "# ExecPlan: ship\n\n## {purpose}\n## {progress}\n## Surprises & Discoveries\n## Decision Log\n## Outcomes & Retrospective\n## Context and Orientation\n## {work}\n## Concrete Steps\n## {validation}\n## Idempotence and Recovery\n## Artifacts and Notes\n## Interfaces and Dependencies\n"
    )
}

#[test]
fn bilingual_glossed_and_colon_headings_are_the_section() {
    let text = plan(
        "Purpose / Big Picture / 목적 / 큰 그림",
        "Progress / 진행 상황",
        "Plan Of Work / PR Sequence",
        "Validation: acceptance",
    );
    check_diagnostics(&text, expect![""]);
}

#[test]
fn a_short_form_is_a_spelling_to_complete_not_a_missing_section() {
    let text = plan("Purpose", "Progress", "Plan of Work", "Acceptance Criteria");
    check_diagnostics(
        &text,
        expect![[r#"
            3:4..3:11 warning[heading-spelling] `Purpose` reads as a short form of `Purpose / Big Picture`; the standard names it in full
            11:4..11:23 warning[heading-spelling] `Acceptance Criteria` reads as a short form of `Validation and Acceptance`; the standard names it in full
        "#]],
    );
    // A heading every kind of plan has is not taken for a section it only shares a word with.
    let other = plan(
        "Purpose / Big Picture",
        "Progress",
        "Plan of Work",
        "Validation and Acceptance",
    ) + "## Execution Log\n";
    check_rule(Rule::HeadingSpelling, &other, expect![""]);
}

#[test]
fn stamps_with_a_zone_are_zoned() {
    let plan = "# ExecPlan: ship\n\n## Progress\n\n- [x] (2026-08-06 18:23 JST) one\n- [x] (2026-08-06 18:23 CST) two\n- [x] (2026-08-06 18:23 +08:00) three\n- [x] (2026-08-06 18:23 EDT) four\n";
    check_rule(
        Rule::ProgressTimestamp,
        plan,
        expect![[r#"
            5:8..5:28 warning[progress-timestamp] Timestamp `2026-08-06 18:23 JST` uses a zone's name; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
              fix: Rewrite as `(2026-08-06 09:23Z)`
                "2026-08-06 18:23 JST" -> "2026-08-06 09:23Z"
            6:8..6:28 warning[progress-timestamp] Timestamp `2026-08-06 18:23 CST` uses a zone name that several zones share, so it cannot be converted; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
            7:8..7:31 warning[progress-timestamp] Timestamp `2026-08-06 18:23 +08:00` uses a UTC offset; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
              fix: Rewrite as `(2026-08-06 10:23Z)`
                "2026-08-06 18:23 +08:00" -> "2026-08-06 10:23Z"
            8:8..8:28 warning[progress-timestamp] Timestamp `2026-08-06 18:23 EDT` uses a zone's name; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
              fix: Rewrite as `(2026-08-06 22:23Z)`
                "2026-08-06 18:23 EDT" -> "2026-08-06 22:23Z"
        "#]],
    );
}

#[test]
fn a_title_after_a_byte_order_mark_is_the_title() {
    let text = format!(
        "\u{feff}{}",
        plan(
            "Purpose / Big Picture",
            "Progress",
            "Plan of Work",
            "Validation and Acceptance"
        )
    );
    check_diagnostics(&text, expect![""]);
}

#[test]
fn entries_take_the_forms_of_the_repository_standard() {
    // A standard that names no Rationale, no Date/Author and no stamps.
    let (standard, _) = standard_from_plans_md(
        "# Rules\n\n## Required sections\n\n1. Goal\n2. Progress\n3. Decision Log\n",
    )
    .unwrap();
    let config = crate::AnalysisConfig {
        standard: standard.clone(),
        ..test_config()
    };
    let mut config = config;
    config.timestamp_form = standard.timestamp_form.unwrap_or_default();
    let plan = "# ExecPlan: ship\n\n## Goal\n\n## Progress\n\n- [x] Wrote it.\n- [x] (2026-02-10) Shipped it.\n\n## Decision Log\n\n- Decision: keep it small.\n";
    check_rule_with(Rule::DecisionIncomplete, plan, &config, expect![""]);
    check_rule_with(Rule::ProgressTimestamp, plan, &config, expect![""]);
    // An ISO standard accepts ISO stamps.
    let (iso, _) = standard_from_plans_md(
        "# Rules\n\n## Required sections\n\n1. Goal\n2. Progress\n3. Decision Log\n\nStamp items `(2026-05-26T16:25Z)`.\n",
    )
    .unwrap();
    let mut config = crate::AnalysisConfig {
        standard: iso.clone(),
        ..test_config()
    };
    config.timestamp_form = iso.timestamp_form.unwrap_or_default();
    let plan = "# ExecPlan: ship\n\n## Goal\n\n## Progress\n\n- [x] (2026-05-26T16:25Z) Shipped it.\n- [x] Forgot the stamp.\n\n## Decision Log\n";
    check_rule_with(
        Rule::ProgressTimestamp,
        plan,
        &config,
        expect![[r#"
            8:3..8:24 warning[progress-timestamp] Completed item has no timestamp; write when it was done as `(YYYY-MM-DD HH:MMZ)`
        "#]],
    );
}

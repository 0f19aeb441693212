//! The content rules: each fires on a fixture that breaks it and is silent on the fixed
//! one.

use expect_test::expect;

use crate::fixture::check_rule;
use crate::Rule;

#[test]
fn empty_section_fires_on_whitespace_and_comments_only() {
    let broken = "# ExecPlan: x\n\n## Progress\n\n<!-- fill in -->\n\n## Surprises & Discoveries\n\n## Decision Log\n\n- Decision: a\n";
    check_rule(
        Rule::EmptySection,
        broken,
        expect![[r#"
            3:1..3:12 warning[empty-section] `Progress` is empty; a living section records what happened, or says "(None yet.)"
            7:1..7:27 warning[empty-section] `Surprises & Discoveries` is empty; a living section records what happened, or says "(None yet.)"
        "#]],
    );
    let fixed = broken.replace("<!-- fill in -->", "- [ ] Start.").replace(
        "## Surprises & Discoveries\n",
        "## Surprises & Discoveries\n\n(None yet.)\n",
    );
    check_rule(Rule::EmptySection, &fixed, expect![""]);
    // Non-living sections may be empty.
    check_rule(
        Rule::EmptySection,
        "# ExecPlan: x\n\n## Plan of Work\n\n## Concrete Steps\n",
        expect![""],
    );
}

#[test]
fn placeholder_finds_template_text_outside_code() {
    let broken = "# <ExecPlan title>\n\n## Progress\n\n- [ ] (YYYY-MM-DD HH:MMZ) Initial planning.\n\n## Decision Log\n\n- Decision: <what was decided>\n  Date/Author: <date>, <name>\n\nRun `tool <input file>` and\n\n    cmd <some arg>\n";
    check_rule(
        Rule::Placeholder,
        broken,
        expect![[r#"
            1:3..1:19 warning[placeholder] Template placeholder `<ExecPlan title>` is not filled in
            5:8..5:25 warning[placeholder] Template placeholder `YYYY-MM-DD HH:MMZ` is not filled in
            9:13..9:31 warning[placeholder] Template placeholder `<what was decided>` is not filled in
            10:16..10:22 warning[placeholder] Template placeholder `<date>` is not filled in
            10:24..10:30 warning[placeholder] Template placeholder `<name>` is not filled in
        "#]],
    );
    let fixed = "# ExecPlan: ship it\n\n## Progress\n\n- [ ] (2026-11-20 09:00Z) Initial planning.\n\n## Decision Log\n\n- Decision: ship on Friday.\n  Date/Author: 2026-11-20, Ada\n\nRun `tool <input file>` and use <br> or <details>.\n";
    check_rule(Rule::Placeholder, fixed, expect![""]);
}

#[test]
fn a_plan_fresh_from_the_template_is_unfilled_once_per_section() {
    // What `execplan-ls new` writes: every section still holds the template's text, and
    // each is reported once (Decision Log has three template lines, one finding).
    let stamp = crate::template::Stamp {
        now: crate::fixture::test_now(),
        author: None,
    };
    let plan = crate::template::plan("Ship it", &crate::Standard::default(), stamp);
    check_rule(
        Rule::Placeholder,
        &plan,
        expect![[r#"
            7:1..7:96 warning[placeholder] `Purpose / Big Picture` still holds the template's text ("What someone can do after this change that they could not d…"); write the plan's own
            11:1..11:42 warning[placeholder] `Progress` still holds the template's text ("- [ ] (2026-11-24 09:15Z) Start the plan."); write the plan's own
            15:1..15:41 warning[placeholder] `Surprises & Discoveries` still holds the template's text ("- Observation: what behaved unexpectedly"); write the plan's own
            20:1..20:29 warning[placeholder] `Decision Log` still holds the template's text ("- Decision: what was decided"); write the plan's own
            26:1..26:85 warning[placeholder] `Outcomes & Retrospective` still holds the template's text ("What was achieved, what remains, and what was learned, comp…"); write the plan's own
            30:1..30:116 warning[placeholder] `Context and Orientation` still holds the template's text ("The state of the repository as a newcomer needs it: the key…"); write the plan's own
            34:1..34:71 warning[placeholder] `Plan of Work` still holds the template's text ("The sequence of edits, file by file and function by functio…"); write the plan's own
            42:1..42:30 warning[placeholder] `Concrete Steps` still holds the template's text ("What it prints when it works."); write the plan's own
            46:1..46:72 warning[placeholder] `Validation and Acceptance` still holds the template's text ("How to tell the change works: what to run and the behaviour…"); write the plan's own
            50:1..50:89 warning[placeholder] `Idempotence and Recovery` still holds the template's text ("How to re-run the steps safely, and how to recover or roll…"); write the plan's own
            54:1..54:53 warning[placeholder] `Artifacts and Notes` still holds the template's text ("Short transcripts, diffs or logs that prove success."); write the plan's own
            58:1..58:87 warning[placeholder] `Interfaces and Dependencies` still holds the template's text ("The libraries, services, modules and signatures that must e…"); write the plan's own
        "#]],
    );
    // Written over, the sections are filled; a kept "From the repository root:" is the
    // plan's own words, and a line that only resembles the template is not it.
    let filled = plan
        .lines()
        .map(|line| {
            let keep = line.starts_with('#')
                || line.is_empty()
                || line.starts_with("This ExecPlan")
                || line.starts_with("From the repository root")
                || line.starts_with("    ");
            if keep {
                line.to_string()
            } else if line.starts_with("- [ ]") {
                "- [ ] (2026-11-24 09:15Z) Write the parser.".to_string()
            } else {
                "The plan's own words about what someone can do after this change.".to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    check_rule(Rule::Placeholder, &filled, expect![""]);
}

#[test]
fn a_repositorys_own_template_text_is_a_placeholder_too() {
    // A PLANS.md whose skeleton sits in a fence, as real standards keep it.
    let standard = "# PLANS.md\n\nHow we plan.\n\n```md\n# <Title>\n\n## Goal\n\nDescribe the outcome a user can observe.\n\n## Progress\n\n- [ ] (YYYY-MM-DD HH:MMZ) Initial planning completed.\n- [ ] Example step.\n\n## Risks\n\nList what could go wrong and how to notice it.\nKeep it short.\n\n    make check\n```\n";
    let mut config = crate::fixture::test_config();
    config.template =
        std::sync::Arc::new(crate::template::TemplateTexts::built_in().with_standard(standard));
    let plan = "# ExecPlan: x\n\n## Purpose / Big Picture\n\nDescribe the outcome a user can observe.\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) Initial planning completed.\n- [ ] Example step.\n\n## Context and Orientation\n\nList what could go wrong and how to notice it.\nKeep it short.\n\n## Concrete Steps\n\n    make check\n";
    crate::fixture::check_rule_with(
        Rule::Placeholder,
        plan,
        &config,
        expect![[r#"
            5:1..5:41 warning[placeholder] `Purpose / Big Picture` still holds the template's text ("Describe the outcome a user can observe."); write the plan's own
            10:1..10:20 warning[placeholder] `Progress` still holds the template's text ("- [ ] Example step."); write the plan's own
            14:1..14:47 warning[placeholder] `Context and Orientation` still holds the template's text ("List what could go wrong and how to notice it."); write the plan's own
        "#]],
    );
    // A skeleton indented as a code block, in a script written without spaces.
    let indented = "# PLANS.md\n\n## 模板\n\n    # <标题>\n\n    ## 目标与全局图景\n\n    用几句话说明这次变更完成后用户获得了什么能力。\n\n    ## 进度\n\n    - [ ] 示例：尚未完成的步骤。\n\n    ## 决策记录\n\n    - 决策：……\n";
    let mut config = crate::fixture::test_config();
    config.template =
        std::sync::Arc::new(crate::template::TemplateTexts::built_in().with_standard(indented));
    crate::fixture::check_rule_with(
        Rule::Placeholder,
        "# ExecPlan: x\n\n## Purpose / Big Picture\n\n用几句话说明这次变更完成后用户获得了什么能力。\n\n## Progress\n\n- [ ] 示例：尚未完成的步骤。\n- [ ] 写解析器。\n",
        &config,
        expect![[r#"
            5:1..5:24 warning[placeholder] `Purpose / Big Picture` still holds the template's text ("用几句话说明这次变更完成后用户获得了什么能力。"); write the plan's own
            9:1..9:18 warning[placeholder] `Progress` still holds the template's text ("- [ ] 示例：尚未完成的步骤。"); write the plan's own
        "#]],
    );
    // A ticked item is the plan's record, not the template's. Under the built-in
    // template alone, the repository's lines are the plan's own.
    check_rule(Rule::Placeholder, plan, expect![""]);
}

#[test]
fn progress_items_are_checkboxes_but_sub_items_may_be_notes() {
    let broken = "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) Done.\n  - a note under it\n- Plain item.\n1. Numbered item.\n\n## Decision Log\n\n- Not progress.\n";
    check_rule(
        Rule::ProgressItem,
        broken,
        expect![[r#"
            7:1..7:14 warning[progress-item] Progress items are checkboxes: `- [ ]` for open, `- [x]` for done
            8:1..8:18 warning[progress-item] Progress items are checkboxes: `- [ ]` for open, `- [x]` for done
        "#]],
    );
    let fixed = broken
        .replace("- Plain item.", "- [ ] Plain item.")
        .replace("1. Numbered item.", "- [ ] Numbered item.");
    check_rule(Rule::ProgressItem, &fixed, expect![""]);
}

#[test]
fn progress_timestamps_in_other_forms_are_reported_with_fixes_where_unambiguous() {
    let broken = "# ExecPlan: x\n\n## Progress\n\n- [x] Done without a stamp.\n- [x] (2026-11-20) Date only.\n- [x] 2026-11-20T09:15:30Z ISO, no parentheses.\n- [x] (2026-11-20 11:15+02:00) With an offset.\n- [x] (2026-11-20 09:15) No zone.\n- [x] (2026-11-20 09:15Z) Right.\n- [ ] Open items need no stamp.\n";
    check_rule(
        Rule::ProgressTimestamp,
        broken,
        expect![[r#"
            5:3..5:28 warning[progress-timestamp] Completed item has no timestamp; write when it was done as `(YYYY-MM-DD HH:MMZ)`
            6:8..6:18 warning[progress-timestamp] Timestamp `2026-11-20` has a date but no time; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
            7:7..7:27 warning[progress-timestamp] Timestamp `2026-11-20T09:15:30Z` uses the ISO `T` form; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
              fix: Rewrite as `(2026-11-20 09:15Z)`
                "2026-11-20T09:15:30Z" -> "(2026-11-20 09:15Z)"
            8:8..8:30 warning[progress-timestamp] Timestamp `2026-11-20 11:15+02:00` uses a UTC offset; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
              fix: Rewrite as `(2026-11-20 09:15Z)`
                "2026-11-20 11:15+02:00" -> "2026-11-20 09:15Z"
            9:8..9:24 warning[progress-timestamp] Timestamp `2026-11-20 09:15` has no time zone; the standard writes `(YYYY-MM-DD HH:MMZ)` in UTC
        "#]],
    );
    let fixed = "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-11-20 09:15Z) Done.\n- [ ] Open.\n";
    check_rule(Rule::ProgressTimestamp, fixed, expect![""]);
}

#[test]
fn date_only_stamps_pass_when_configured() {
    let mut config = crate::fixture::test_config();
    config.timestamp_form = crate::TimestampForm::Date;
    crate::fixture::check_rule_with(
        Rule::ProgressTimestamp,
        "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-11-20) Date only.\n- [x] (2026-11-20 09:15Z) Full.\n",
        &config,
        expect![""],
    );
}

#[test]
fn invalid_and_future_timestamps() {
    let broken = "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-02-30 10:00Z) No such day.\n- [x] (2026-11-20 25:10Z) No such hour.\n- [x] (2026-12-01 10:00Z) Next week.\n\n## Decision Log\n\n- Decision: a\n  Rationale: b\n  Date/Author: 2026-13-01 / Ada\n\n## Plan of Work\n\nOn 2026-02-30 nothing is checked outside living sections.\n";
    check_rule(
        Rule::TimestampInvalid,
        broken,
        expect![[r#"
            5:8..5:25 error[timestamp-invalid] `2026-02-30 10:00Z` is not a real date and time
            6:8..6:25 error[timestamp-invalid] `2026-11-20 25:10Z` is not a real date and time
            13:16..13:26 error[timestamp-invalid] `2026-13-01` is not a real date and time
        "#]],
    );
    check_rule(
        Rule::TimestampFuture,
        broken,
        expect![[r#"
            7:8..7:25 warning[timestamp-future] `2026-12-01 10:00Z` is in the future (now is 2026-11-24 09:15Z)
        "#]],
    );
    let fixed = "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-02-28 10:00Z) a\n- [x] (2026-11-25 08:00Z) within a day of now.\n";
    check_rule(Rule::TimestampInvalid, fixed, expect![""]);
    check_rule(Rule::TimestampFuture, fixed, expect![""]);
}

#[test]
fn decision_entries_need_rationale_and_date_author() {
    let broken = "# ExecPlan: x\n\n## Decision Log\n\n- Decision: bullets.\n  Rationale: short.\n\n**Decision:** a paragraph. Date/Author: 2026-11-20 / Ada\n\n- Decision: one line. Rationale: r. Date/Author: 2026-11-20 / Ada\n";
    check_rule(
        Rule::DecisionIncomplete,
        broken,
        expect![[r#"
            5:3..5:11 warning[decision-incomplete] Decision entry has no `Date/Author:`
            8:3..8:11 warning[decision-incomplete] Decision entry has no `Rationale:`
        "#]],
    );
    // What is missing is named exactly: a date without an author lacks the author.
    let partial = "# ExecPlan: x\n\n## Decision Log\n\n- Decision: a.\n  Rationale: r.\n  Date: 2026-07-16\n\n- Decision: b.\n  Rationale: r.\n  Author: Ada\n\n- Decision: c.\n  Date: 2026-07-16\n\n- Decision: d.\n";
    check_rule(
        Rule::DecisionIncomplete,
        partial,
        expect![[r#"
            5:3..5:11 warning[decision-incomplete] Decision entry has no author (its `Date:` has no `Author:` beside it)
            9:3..9:11 warning[decision-incomplete] Decision entry has no date (its `Author:` has no `Date:` beside it)
            13:3..13:11 warning[decision-incomplete] Decision entry has no `Rationale:` and no author (its `Date:` has no `Author:` beside it)
            16:3..16:11 warning[decision-incomplete] Decision entry has no `Rationale:` and no `Date/Author:`
        "#]],
    );
    let fixed = "# ExecPlan: x\n\n## Decision Log\n\n- Decision: bullets.\n  Rationale: short.\n  Date/Author: 2026-11-20 / Ada\n\n**Decision:** a paragraph. **Rationale:** b. **Date/Author:** 2026-11-20 / Ada\n\n- Decision: one line. Rationale: r. Date: 2026-11-20. Author: Ada\n";
    check_rule(Rule::DecisionIncomplete, fixed, expect![""]);
}

#[test]
fn observations_need_evidence() {
    let broken = "# ExecPlan: x\n\n## Surprises & Discoveries\n\n- Observation: the cache is cold.\n- Observation: builds are slow.\n  Evidence: `cargo build` took 3 minutes.\n";
    check_rule(
        Rule::ObservationIncomplete,
        broken,
        expect![[r#"
            5:3..5:14 warning[observation-incomplete] Observation has no `Evidence:` (a command output, log line or test signal)
        "#]],
    );
    let fixed = broken.replace(
        "cold.\n",
        "cold.\n  Evidence: the first request took 2 s.\n",
    );
    check_rule(Rule::ObservationIncomplete, &fixed, expect![""]);
}

#[test]
fn concrete_steps_need_commands() {
    let broken = "# ExecPlan: x\n\n## Concrete Steps\n\nRun the tests.\n\n## Validation and Acceptance\n\n    cargo test\n";
    check_rule(
        Rule::StepsWithoutCommands,
        broken,
        expect![[r#"
            3:1..3:18 warning[steps-without-commands] Concrete Steps shows no commands; show the exact commands to run, in a code block or as `inline code`
        "#]],
    );
    let fenced = broken.replace(
        "Run the tests.\n",
        "Run the tests:\n\n```sh\ncargo test\n```\n",
    );
    check_rule(Rule::StepsWithoutCommands, &fenced, expect![""]);
    let indented = broken.replace("Run the tests.\n", "Run the tests:\n\n    cargo test\n");
    check_rule(Rule::StepsWithoutCommands, &indented, expect![""]);
    let in_a_step = broken.replace("Run the tests.\n", "1. Run the tests:\n\n    cargo test\n");
    check_rule(Rule::StepsWithoutCommands, &in_a_step, expect![""]);
    // Commands as inline code, as a transcript (indented or quoted), or on a line of their
    // own under a step are commands too.
    for shown in [
        "1. Validate the YAML:\n\n   - `python -c \"import yaml; yaml.safe_load(open('a.yaml'))\"`\n",
        "Then verify with `npm run lint` and `npm test`.\n",
        "Expected lint transcript:\n\n  > pnpm -C apps/web run lint\n  (no errors)\n",
        "From the root:\n\n> $ make check\n",
        "1) Search for the callers.\n   rg -n \"RPCConfig\" internal cmd\n",
    ] {
        let with = broken.replace("Run the tests.\n", shown);
        check_rule(Rule::StepsWithoutCommands, &with, expect![""]);
    }
    // Code spans that name files or identifiers, and quoted prose, are not commands.
    let no_commands = broken.replace(
        "Run the tests.\n",
        "1. Edit `src/routes.ts` to add `orderDetailRoute`.\n\n> Run the tests after each step.\n",
    );
    check_rule(
        Rule::StepsWithoutCommands,
        &no_commands,
        expect![[r#"
            3:1..3:18 warning[steps-without-commands] Concrete Steps shows no commands; show the exact commands to run, in a code block or as `inline code`
        "#]],
    );
}

#[test]
fn index_entries_follow_the_template_line() {
    let broken = "# ExecPlans\n\n## Active ExecPlan Index\n\n- 2026-11-20 - Rules - status: started - owner: Ada\n- Rules - status: done - owner: Ada\n- 2026-11-20 - Rules - status: done\n- `2026-11-20 - Rules - status: in_progress - owner: Ada`\n- 2026-11-20 — Editors — status: blocked — owner: Bo\n";
    check_rule(
        Rule::IndexEntry,
        broken,
        expect![[r#"
            5:1..5:52 warning[index-entry] Index status `started` is not one of planned, in_progress, blocked, done
            6:1..6:36 warning[index-entry] Index entry does not start with a date; it should read `<date> - <plan name> - status: planned|in_progress|blocked|done - owner: <name>`
            7:1..7:36 warning[index-entry] Index entry has no `owner:`; it should read `<date> - <plan name> - status: planned|in_progress|blocked|done - owner: <name>`
        "#]],
    );
    let fixed = "# ExecPlans\n\n## Active ExecPlan Index\n\n- 2026-11-20 - Rules - status: planned - owner: Ada\n";
    check_rule(Rule::IndexEntry, fixed, expect![""]);
}

#[test]
fn status_contradiction_fires_when_the_status_and_progress_disagree() {
    let done_but_open = "# ExecPlan: x\n\n> **Status:** `COMPLETED`\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) a\n- [ ] b\n- [ ] c\n";
    check_rule(
        Rule::StatusContradiction,
        done_but_open,
        expect![[r#"
            3:16..3:25 warning[status-contradiction] The status says `COMPLETED` but 2 of 3 Progress items are open: tick what is done, or change the status
        "#]],
    );
    let planned_but_done = "---\nstatus: draft\n---\n# ExecPlan: x\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) a\n- [ ] b\n";
    check_rule(
        Rule::StatusContradiction,
        planned_but_done,
        expect![[r#"
            2:9..2:14 warning[status-contradiction] The status says `draft` but 1 of 2 Progress items is done: the work has started
        "#]],
    );
    // Agreeing, or saying nothing of progress.
    for fine in [
        done_but_open.replace("- [ ] b\n- [ ] c", "- [x] (2026-11-21 09:00Z) b"),
        done_but_open.replace("COMPLETED", "ACTIVE"),
        done_but_open.replace("COMPLETED", "Accepted"),
        planned_but_done.replace("- [x] (2026-11-20 09:00Z) a", "- [ ] a"),
    ] {
        check_rule(Rule::StatusContradiction, &fine, expect![""]);
    }
}

#[test]
fn outcomes_unwritten_fires_on_a_finished_plan_with_pending_outcomes() {
    let finished = "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-11-20 09:00Z) a\n\n## Outcomes & Retrospective\n\n(To be filled during and after implementation.)\n";
    check_rule(
        Rule::OutcomesUnwritten,
        finished,
        expect![[r#"
            7:1..7:28 warning[outcomes-unwritten] every Progress item is done, but Outcomes & Retrospective is not written yet: say what was achieved, what remains and what was learned
        "#]],
    );
    let said_done = "# ExecPlan: x\n\nStatus: Done\n\n## Progress\n\n- [ ] a\n\n## Outcomes & Retrospective\n\nPending.\n";
    check_rule(
        Rule::OutcomesUnwritten,
        said_done,
        expect![[r#"
            9:1..9:28 warning[outcomes-unwritten] the status says done, but Outcomes & Retrospective is not written yet: say what was achieved, what remains and what was learned
        "#]],
    );
    // The template's own text is not written either.
    let template = finished.replace(
        "(To be filled during and after implementation.)",
        "What was achieved, what remains, and what was learned, compared against the purpose.",
    );
    check_rule(
        Rule::OutcomesUnwritten,
        &template,
        expect![[r#"
            7:1..7:28 warning[outcomes-unwritten] every Progress item is done, but Outcomes & Retrospective is not written yet: say what was achieved, what remains and what was learned
        "#]],
    );
    for fine in [
        // Written.
        finished.replace(
            "(To be filled during and after implementation.)",
            "Shipped; CI logs are shorter.",
        ),
        // Not finished yet.
        finished.replace("- [x] (2026-11-20 09:00Z) a", "- [ ] a"),
        // Empty: `empty-section`'s finding, not this one's.
        finished.replace("(To be filled during and after implementation.)\n", ""),
    ] {
        check_rule(Rule::OutcomesUnwritten, &fine, expect![""]);
    }
}

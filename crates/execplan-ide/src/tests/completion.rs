use execplan_syntax::SourceFile;
use expect_test::{expect, Expect};

use crate::completion::completions;
use crate::fixture::{extract_markers, line_col, test_now};
use crate::{AnalysisConfig, EditContext, RepoFiles};

fn repo() -> RepoFiles {
    RepoFiles::from_files([
        "README.md",
        "src/main.rs",
        "src/lib.rs",
        "src/ingest/api.py",
        "docs/plans/ship.md",
        "docs/notes.md",
    ])
}

#[track_caller]
fn check_with(fixture: &str, snippets: bool, author: Option<&str>, expect: Expect) {
    let (text, cursor) = extract_markers(fixture);
    let offset = cursor.expect("a $0 cursor").start;
    let file = SourceFile::parse(&text);
    let config = AnalysisConfig {
        author: author.map(str::to_string),
        ..AnalysisConfig::default()
    };
    let repo = repo();
    let mut ctx = EditContext::new(&config, test_now());
    ctx.snippets = snippets;
    ctx.repo = Some(&repo);
    ctx.doc_dir = Some("docs/plans");
    let found = completions(&file, offset, &ctx);
    let mut out = String::new();
    if found.is_incomplete {
        out.push_str("(incomplete)\n");
    }
    for item in &found.items {
        out.push_str(&format!(
            "{:?} {:?} {}..{}{} {:?}\n",
            item.kind,
            item.label,
            line_col(&text, item.range.start),
            line_col(&text, item.range.end),
            if item.retrigger { " retrigger" } else { "" },
            item.insert_text,
        ));
    }
    expect.assert_eq(&out);
}

#[track_caller]
fn check(fixture: &str, expect: Expect) {
    check_with(fixture, true, None, expect);
}

const HEAD: &str = "# ExecPlan: 中文 🚀 plan\n\n## Purpose / Big Picture\n\nText.\n\n";

#[test]
fn heading_line_offers_missing_sections_in_order() {
    check(
        &format!("{HEAD}## Progress\n\n- [ ] one\n\n## Pro$0\n"),
        expect![[r###"
            Section "Surprises & Discoveries" 11:1..11:7 "## Surprises & Discoveries\n\n- Observation: ${1:what behaved unexpectedly}\n  Evidence: ${2:the output, log line or test that showed it}\n"
            Section "Decision Log" 11:1..11:7 "## Decision Log\n\n- Decision: ${1:what was decided}\n  Rationale: ${2:why this and not the alternatives}\n  Date/Author: 2026-11-24, ${3:author}\n"
            Section "Outcomes & Retrospective" 11:1..11:7 "## Outcomes & Retrospective\n\n${1:What was achieved, what remains, and what was learned, compared against the purpose.}\n"
            Section "Context and Orientation" 11:1..11:7 "## Context and Orientation\n\n${1:The state of the repository as a newcomer needs it: the key files by repository-relative path and how they connect.}\n"
            Section "Plan of Work" 11:1..11:7 "## Plan of Work\n\n${1:The sequence of edits, file by file and function by function, and why.}\n"
            Section "Concrete Steps" 11:1..11:7 "## Concrete Steps\n\n${1:From the repository root:}\n\n    ${2:command}\n\n${3:What it prints when it works.}\n"
            Section "Validation and Acceptance" 11:1..11:7 "## Validation and Acceptance\n\n${1:How to tell the change works: what to run and the behaviour to observe.}\n"
            Section "Idempotence and Recovery" 11:1..11:7 "## Idempotence and Recovery\n\n${1:How to re-run the steps safely, and how to recover or roll back after a partial failure.}\n"
            Section "Artifacts and Notes" 11:1..11:7 "## Artifacts and Notes\n\n${1:Short transcripts, diffs or logs that prove success.}\n"
            Section "Interfaces and Dependencies" 11:1..11:7 "## Interfaces and Dependencies\n\n${1:The libraries, services, modules and signatures that must exist when the work is done.}\n"
        "###]],
    );
}

#[test]
fn plain_text_without_snippet_support_and_crlf_kept() {
    let fixture = "# ExecPlan 計画 😀\r\n\r\n## Purpose / Big Picture\r\n\r\n##$0";
    check_with(
        &fixture.replace("## Purpose / Big Picture\r\n\r\n", "## Purpose / Big Picture\r\n\r\n## Progress\r\n\r\n## Surprises & Discoveries\r\n\r\n## Outcomes & Retrospective\r\n\r\n## Context and Orientation\r\n\r\n## Plan of Work\r\n\r\n## Concrete Steps\r\n\r\n## Validation and Acceptance\r\n\r\n## Idempotence and Recovery\r\n\r\n## Artifacts and Notes\r\n\r\n## Interfaces and Dependencies\r\n\r\n"),
        false,
        Some("Ada"),
        expect![[r###"
            Section "Decision Log" 25:1..25:3 "## Decision Log\r\n\r\n- Decision: what was decided\r\n  Rationale: why this and not the alternatives\r\n  Date/Author: 2026-11-24, Ada\r\n"
        "###]],
    );
}

#[test]
fn progress_entries_are_stamped_now_after_cjk_and_emoji() {
    check(
        &format!("{HEAD}## Progress\n\n- [x] (2026-11-20 10:00Z) 設計 ✅ done\n- [$0\n"),
        expect![[r#"
            Entry "Progress entry (now)" 10:1..10:4 "- [ ] (2026-11-24 09:15Z) "
            Entry "Done entry (now)" 10:1..10:4 "- [x] (2026-11-24 09:15Z) "
        "#]],
    );
    check(
        &format!("{HEAD}## Progress\n\n- [x] 🎉 done\n$0\n"),
        expect![[r#"
            Entry "Progress entry (now)" 10:1..10:1 "- [ ] (2026-11-24 09:15Z) "
            Entry "Done entry (now)" 10:1..10:1 "- [x] (2026-11-24 09:15Z) "
        "#]],
    );
}

#[test]
fn decision_and_observation_skeletons() {
    check_with(
        &format!("{HEAD}## Decision Log\n\n  - De$0\n"),
        true,
        Some("Grace $ Hopper"),
        expect![[r#"
            Entry "Decision (today)" 9:3..9:7 "- Decision: ${1:what was decided}\n    Rationale: ${2:why this and not the alternatives}\n    Date/Author: 2026-11-24, Grace \\$ Hopper"
        "#]],
    );
    check(
        &format!("{HEAD}## Surprises & Discoveries\n\n$0"),
        expect![[r###"
            Entry "Observation" 9:1..9:1 "- Observation: ${1:what behaved unexpectedly}\n  Evidence: ${2:the output, log line or test that showed it}"
            Section "Progress" 9:1..9:1 "## Progress\n\n- [ ] (2026-11-24 09:15Z) ${1:First step.}\n"
            Section "Decision Log" 9:1..9:1 "## Decision Log\n\n- Decision: ${1:what was decided}\n  Rationale: ${2:why this and not the alternatives}\n  Date/Author: 2026-11-24, ${3:author}\n"
            Section "Outcomes & Retrospective" 9:1..9:1 "## Outcomes & Retrospective\n\n${1:What was achieved, what remains, and what was learned, compared against the purpose.}\n"
            Section "Context and Orientation" 9:1..9:1 "## Context and Orientation\n\n${1:The state of the repository as a newcomer needs it: the key files by repository-relative path and how they connect.}\n"
            Section "Plan of Work" 9:1..9:1 "## Plan of Work\n\n${1:The sequence of edits, file by file and function by function, and why.}\n"
            Section "Concrete Steps" 9:1..9:1 "## Concrete Steps\n\n${1:From the repository root:}\n\n    ${2:command}\n\n${3:What it prints when it works.}\n"
            Section "Validation and Acceptance" 9:1..9:1 "## Validation and Acceptance\n\n${1:How to tell the change works: what to run and the behaviour to observe.}\n"
            Section "Idempotence and Recovery" 9:1..9:1 "## Idempotence and Recovery\n\n${1:How to re-run the steps safely, and how to recover or roll back after a partial failure.}\n"
            Section "Artifacts and Notes" 9:1..9:1 "## Artifacts and Notes\n\n${1:Short transcripts, diffs or logs that prove success.}\n"
            Section "Interfaces and Dependencies" 9:1..9:1 "## Interfaces and Dependencies\n\n${1:The libraries, services, modules and signatures that must exist when the work is done.}\n"
        "###]],
    );
}

#[test]
fn paths_complete_one_segment_at_a_time() {
    check(
        "Edit 日本語 🚀 `$0",
        expect![[r#"
            File "README.md" 1:13..1:13 "README.md"
            Folder "docs/" 1:13..1:13 retrigger "docs/"
            Folder "src/" 1:13..1:13 retrigger "src/"
        "#]],
    );
    check(
        "Edit 日本語 🚀 `src/ma$0` now",
        expect![[r#"
            File "main.rs" 1:17..1:19 "main.rs"
        "#]],
    );
    check(
        "See [the notes](docs/$0)",
        expect![[r#"
            File "notes.md" 1:22..1:22 "notes.md"
            Folder "plans/" 1:22..1:22 retrigger "plans/"
        "#]],
    );
}

#[test]
fn links_climb_from_the_plans_folder_up_to_the_root() {
    // The plan is `docs/plans/…`: `..` is `docs`, `../..` the root.
    check(
        "See [the notes](../$0",
        expect![[r#"
            File "notes.md" 1:20..1:20 "notes.md"
            Folder "plans/" 1:20..1:20 retrigger "plans/"
        "#]],
    );
    check(
        "See [the code](../../sr$0",
        expect![[r#"
            Folder "src/" 1:22..1:24 retrigger "src/"
        "#]],
    );
}

#[test]
fn paths_never_leave_the_repository() {
    check("`../../../$0", expect![""]);
    check("[up](../../../../$0", expect![""]);
    check("`/etc/$0", expect![""]);
    check("`~/$0", expect![""]);
    check("`cargo test $0", expect![""]);
}

#[test]
fn statuses_in_an_active_index_line() {
    check(
        "# Plans\n\n## Active ExecPlan Index\n\n- `2026-11-24 - 船 🚢 - status: in$0\n",
        expect![[r#"
            Status "planned" 5:31..5:33 "planned"
            Status "in_progress" 5:31..5:33 "in_progress"
            Status "blocked" 5:31..5:33 "blocked"
            Status "done" 5:31..5:33 "done"
        "#]],
    );
}

#[test]
fn nothing_inside_code_blocks() {
    check(
        &format!("{HEAD}## Progress\n\n```\n## $0\n```\n"),
        expect![""],
    );
}

/// A README is not a plan: typing a heading there offers nothing of the standard, but
/// backticked paths still complete.
#[test]
fn other_markdown_gets_paths_but_not_the_standards_headings() {
    let config = AnalysisConfig::default();
    let repo = repo();
    let mut ctx = EditContext::new(&config, test_now());
    ctx.repo = Some(&repo);
    ctx.is_plan = false;
    let labels = |fixture: &str| {
        let (text, cursor) = extract_markers(fixture);
        let file = SourceFile::parse(&text);
        completions(&file, cursor.unwrap().start, &ctx)
            .items
            .into_iter()
            .map(|i| i.label)
            .collect::<Vec<_>>()
    };
    assert_eq!(labels("# Project\n\n## $0\n"), Vec::<String>::new());
    assert_eq!(
        labels("# Project\n\nSee `src/$0`\n"),
        ["ingest/", "lib.rs", "main.rs"]
    );
}

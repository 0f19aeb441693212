use execplan_syntax::SourceFile;
use expect_test::{expect, Expect};

use crate::fixture::{extract_markers, line_col, test_now};
use crate::hover::{hover, FilePreview};
use crate::{AnalysisConfig, EditContext, RepoFiles};

#[track_caller]
fn check(fixture: &str, expect: Expect) {
    let (text, cursor) = extract_markers(fixture);
    let file = SourceFile::parse(&text);
    let config = AnalysisConfig::default();
    let repo = RepoFiles::from_files(["src/main.rs", "src/lib.rs", "src/ingest/api.py"]);
    let mut ctx = EditContext::new(&config, test_now());
    ctx.repo = Some(&repo);
    ctx.doc_dir = Some("");
    let preview = |path: &str| {
        (path == "src/main.rs").then(|| FilePreview {
            size: 13,
            first_lines: "fn main() {}\n".to_string(),
        })
    };
    let found = hover(&file, cursor.unwrap().start, &ctx, true, &preview);
    let out = found.map_or(String::new(), |h| {
        format!(
            "{}..{}\n{}\n",
            line_col(&text, h.range.start),
            line_col(&text, h.range.end),
            h.text
        )
    });
    expect.assert_eq(&out);
}

#[test]
fn paths_files_folders_globs_and_missing() {
    check(
        "# ExecPlan\n\n漢字 😀 `src/ma$0in.rs`",
        expect![[r#"
        3:7..3:18
        `src/main.rs`: file, 13 bytes

        ```
        fn main() {}
        ```
    "#]],
    );
    check(
        "# ExecPlan\n\n漢字 😀 `sr$0c/`",
        expect![[r#"
        3:7..3:11
        `src/`: folder, 3 entries
        - `ingest/`
        - `lib.rs`
        - `main.rs`
    "#]],
    );
    check(
        "# ExecPlan\n\n漢字 😀 `src/*.r$0s`",
        expect![[r#"
        3:7..3:15
        `src/*.rs` matches 2 file(s)
        - `src/lib.rs`
        - `src/main.rs`
    "#]],
    );
    check(
        "# ExecPlan\n\n漢字 😀 `src/gone.r$0s`",
        expect![[r#"
        3:7..3:18
        `src/gone.rs` does not exist in the repository
    "#]],
    );
    check(
        "# ExecPlan\n\n漢字 😀 `/home/ada/no$0tes.md`",
        expect![[r#"
            3:7..3:25
            `/home/ada/notes.md` is an absolute path: plans name files relative to the repository root.

            ---

            `absolute-path`: File references are repository-relative, not absolute.
        "#]],
    );
}

#[test]
fn timestamps_in_words() {
    check(
        "- [x] (2026-11-21 0$08:05Z) 設計 😀",
        expect![[r#"
        1:8..1:25
        Saturday 21 November 2026, 08:05 UTC (3 days ago)

        ---

        `missing-section`: Every required section of the standard is present.

        ---

        `missing-title`: The plan has a level-1 (`#`) title.
    "#]],
    );
    check(
        "- [x] ($02026-11-24 09:15Z)",
        expect![[r#"
        1:8..1:25
        Tuesday 24 November 2026, 09:15 UTC (now)

        ---

        `missing-section`: Every required section of the standard is present.

        ---

        `missing-title`: The plan has a level-1 (`#`) title.
    "#]],
    );
    check(
        "- [x] (2025-01-01T00:00Z$0)",
        expect![[r#"
        1:8..1:25
        Wednesday 1 January 2025, 00:00 UTC (1 year ago)

        ---

        `missing-section`: Every required section of the standard is present.

        ---

        `missing-title`: The plan has a level-1 (`#`) title.
    "#]],
    );
}

#[test]
fn section_guidance_and_rule_explanations() {
    check(
        "# ExecPlan 中文 😀\n\n## Decision$0 Log\n",
        expect![[r#"
            3:1..3:16
            **Decision Log**: Every decision taken while working: the Decision, its Rationale, and the Date/Author.

            A living section: keep it current as the work proceeds.

            ---

            `empty-section`: Living sections (Progress, Surprises & Discoveries, Decision Log, Outcomes & Retrospective) are not left empty.
        "#]],
    );
    check(
        "# ExecPlan 中文\n\n### Pro$0gress\n",
        expect![[r#"
            3:1..3:13
            **Progress**: A checklist of steps, each stamped `(YYYY-MM-DD HH:MMZ)` when done; split partly done work into a done and a remaining item. Kept current at every stopping point.

            A living section: keep it current as the work proceeds.

            ---

            `empty-section`: Living sections (Progress, Surprises & Discoveries, Decision Log, Outcomes & Retrospective) are not left empty.

            ---

            `heading-level`: Required sections are level-2 (`##`) headings.
        "#]],
    );
}

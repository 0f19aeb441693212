//! `rename_edits`: a plan's references follow a renamed file or folder.

use execplan_syntax::SourceFile;
use expect_test::{expect, Expect};

use crate::{rename_edits, RepoFiles};

fn repo() -> RepoFiles {
    RepoFiles::from_files([
        "src/ingest/api.py",
        "src/ingest/mod.rs",
        "src/lib.rs",
        "docs/plans/a.md",
        "docs/guide.md",
    ])
}

/// Applies the edits of renaming `from` to `to` in the plan `docs/plans/a.md` and shows
/// the text that results.
#[track_caller]
fn check(text: &str, from: &str, to: &str, expect: Expect) {
    let file = SourceFile::parse(text);
    let mut edits = rename_edits(&file, "docs/plans/a.md", &repo(), from, to);
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for edit in edits {
        out.replace_range(edit.range, &edit.new_text);
    }
    expect.assert_eq(&out);
}

#[test]
fn a_renamed_file_keeps_line_suffixes_and_anchors() {
    check(
        "# ExecPlan: x\n\nSee `src/lib.rs:12`, `src/lib.rs#L3`, `./src/lib.rs` and [lib](../../src/lib.rs#L7).\nNot `src/lib.rsx` nor `lib.rs` nor\n\n    `src/lib.rs` in code.\n",
        "src/lib.rs",
        "src/core/lib.rs",
        expect![[r#"
            # ExecPlan: x

            See `src/core/lib.rs:12`, `src/core/lib.rs#L3`, `./src/core/lib.rs` and [lib](../../src/core/lib.rs#L7).
            Not `src/lib.rsx` nor `lib.rs` nor

                `src/lib.rs` in code.
        "#]],
    );
}

#[test]
fn a_renamed_folder_moves_everything_under_it() {
    check(
        "# ExecPlan: x\n\n`src/ingest/`, `src/ingest/api.py:4`, [mod](../../src/ingest/mod.rs), `src/ingestion.rs`.\n",
        "src/ingest",
        "src/import",
        expect![[r#"
            # ExecPlan: x

            `src/import/`, `src/import/api.py:4`, [mod](../../src/import/mod.rs), `src/ingestion.rs`.
        "#]],
    );
}

#[test]
fn paths_relative_to_the_plan_stay_relative() {
    check(
        "# ExecPlan: x\n\nSee [guide](../guide.md) and `../guide.md`.\n",
        "docs/guide.md",
        "guide/index.md",
        expect![[r#"
            # ExecPlan: x

            See [guide](../../guide/index.md) and `../../guide/index.md`.
        "#]],
    );
}

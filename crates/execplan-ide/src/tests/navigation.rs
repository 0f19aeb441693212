use execplan_syntax::SourceFile;
use expect_test::{expect, Expect};

use crate::fixture::{extract_markers, line_col};
use crate::navigation::{definition, document_links, references_to};
use crate::RepoFiles;

fn repo() -> RepoFiles {
    RepoFiles::from_files([
        "README.md",
        "src/main.rs",
        "src/lib.rs",
        "src/ingest/api.py",
        "src/ingest/README.md",
        "docs/plans/ship.md",
        "docs/plans/other.md",
    ])
}

#[track_caller]
fn check(fixture: &str, expect: Expect) {
    let (text, cursor) = extract_markers(fixture);
    let file = SourceFile::parse(&text);
    let repo = repo();
    let found = definition(&file, cursor.unwrap().start, &repo, Some("docs/plans"));
    let out: Vec<String> = found
        .iter()
        .map(|t| format!("{} line={:?} column={:?}\n", t.path, t.line, t.column))
        .collect();
    expect.assert_eq(&out.concat());
}

#[test]
fn backticked_linked_and_bare_paths() {
    check(
        "漢字 😀 `src/ma$0in.rs`",
        expect![[r#"
        src/main.rs line=None column=None
    "#]],
    );
    check(
        "漢字 😀 [main](src/main.rs$0)",
        expect![[r#"
        src/main.rs line=None column=None
    "#]],
    );
    check(
        "漢字 😀 see src/l$0ib.rs.",
        expect![[r#"
        src/lib.rs line=None column=None
    "#]],
    );
}

#[test]
fn lines_and_columns() {
    check(
        "🚀 `src/main.rs:42$0`",
        expect![[r#"
        src/main.rs line=Some(42) column=None
    "#]],
    );
    check(
        "🚀 `src/main.rs:42:$07`",
        expect![[r#"
        src/main.rs line=Some(42) column=Some(7)
    "#]],
    );
    check(
        "🚀 `src/$0main.rs#L42`",
        expect![[r#"
        src/main.rs line=Some(42) column=None
    "#]],
    );
}

#[test]
fn globs_folders_and_the_documents_folder() {
    check(
        "🚀 `src/**/*.py$0`",
        expect![[r#"
        src/ingest/api.py line=None column=None
    "#]],
    );
    check(
        "🚀 `src/*.rs$0`",
        expect![[r#"
        src/lib.rs line=None column=None
        src/main.rs line=None column=None
    "#]],
    );
    check(
        "🚀 `src/ingest/$0`",
        expect![[r#"
        src/ingest/README.md line=None column=None
    "#]],
    );
    check(
        "🚀 `other.md$0`",
        expect![[r#"
        docs/plans/other.md line=None column=None
    "#]],
    );
}

#[test]
fn nothing_outside_the_repository() {
    check("🚀 `../../etc/passwd$0`", expect![""]);
    check("🚀 `/etc/passwd$0`", expect![""]);
    check("🚀 `src/missing.rs$0`", expect![""]);
}

#[test]
fn links_and_references() {
    let text = "# ExecPlan 中文\n\nEdit `src/main.rs:3`, `src/*.rs`, `missing.rs` and [o](other.md).\n\nAgain: src/main.rs.\n";
    let file = SourceFile::parse(text);
    let repo = repo();
    let links: Vec<String> = document_links(&file, &repo, Some("docs/plans"))
        .iter()
        .map(|l| {
            format!(
                "{}..{} {} {:?}\n",
                line_col(text, l.range.start),
                line_col(text, l.range.end),
                l.target.path,
                l.target.line
            )
        })
        .collect();
    expect![[r#"
        3:7..3:20 src/main.rs Some(3)
        3:56..3:64 docs/plans/other.md None
        5:8..5:19 src/main.rs None
    "#]]
    .assert_eq(&links.concat());
    let refs: Vec<String> = references_to(&file, "src/main.rs", &repo, Some("docs/plans"))
        .iter()
        .map(|r| format!("{}..{}\n", line_col(text, r.start), line_col(text, r.end)))
        .collect();
    expect![[r#"
        3:7..3:18
        5:8..5:19
    "#]]
    .assert_eq(&refs.concat());
}

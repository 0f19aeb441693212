//! `absolute-path` and `path-not-found`, against a small repository index.

use std::sync::Arc;

use expect_test::expect;

use crate::fixture::{check_rule, check_rule_with, test_config};
use crate::{AnalysisConfig, RepoFiles, Rule};

fn in_repo() -> AnalysisConfig {
    AnalysisConfig {
        repo: Some(Arc::new(RepoFiles::from_files([
            "src/ingest/api.py",
            "src/lib.rs",
            "docs/plans/a.md",
            "docs/guide.md",
            "Cargo.toml",
        ]))),
        repo_root: Some("/home/ada/proj".to_string()),
        document_path: Some("docs/plans/a.md".to_string()),
        ..test_config()
    }
}

#[test]
fn absolute_paths_are_reported_and_rewritten_inside_the_repository() {
    let broken = "# ExecPlan: x\n\n## Context and Orientation\n\nSee `/home/ada/proj/src/lib.rs:12`, `/Users/bo/other/x.rs`, `C:\\Users\\bo\\x.rs`, `D:\\work\\repo` and [guide](/home/ada/proj/docs/guide.md).\nThe route `/api/users/list` is not a file.\n";
    check_rule_with(
        Rule::AbsolutePath,
        broken,
        &in_repo(),
        expect![[r#"
            5:6..5:31 warning[absolute-path] `/home/ada/proj/src/lib.rs` is an absolute path; write it relative to the repository root: `src/lib.rs`
              fix: Rewrite as `src/lib.rs`
                "/home/ada/proj/src/lib.rs" -> "src/lib.rs"
            5:38..5:58 warning[absolute-path] `/Users/bo/other/x.rs` is an absolute path on one machine; the standard asks for repository-relative paths
            5:62..5:78 warning[absolute-path] `C:\Users\bo\x.rs` is an absolute path on one machine; the standard asks for repository-relative paths
            5:82..5:94 warning[absolute-path] `D:\work\repo` is an absolute path on one machine; the standard asks for repository-relative paths
            5:108..5:136 warning[absolute-path] `/home/ada/proj/docs/guide.md` is an absolute path; write it relative to the repository root: `docs/guide.md`
              fix: Rewrite as `docs/guide.md`
                "/home/ada/proj/docs/guide.md" -> "docs/guide.md"
        "#]],
    );
    check_rule_with(
        Rule::AbsolutePath,
        "# ExecPlan: x\n\nSee `src/lib.rs:12` and [guide](../guide.md).\n",
        &in_repo(),
        expect![""],
    );
}

#[test]
fn missing_paths_warn_in_context_and_hint_elsewhere() {
    let broken = "# ExecPlan: x\n\n## Context and Orientation\n\nSee `src/ingest/*`, `src/gone.rs:10`, `src/lib.rs#L3`, `Cargo.toml`, `Missing.toml`, `owner/repo`, `src/{lib,main}.rs` and [guide](../guide.md), [nope](../nope.md).\n\n## Plan of Work\n\nCreate `src/new.rs`; see `a::b`, `cargo run --x`, `https://x.org/a.rs`.\n";
    check_rule_with(
        Rule::PathNotFound,
        broken,
        &in_repo(),
        expect![[r#"
            5:22..5:33 warning[path-not-found] `src/gone.rs` does not exist in the repository
            5:71..5:83 warning[path-not-found] `Missing.toml` does not exist in the repository
            5:153..5:163 warning[path-not-found] `../nope.md` does not exist in the repository
            9:9..9:19 hint[path-not-found] `src/new.rs` does not exist in the repository
        "#]],
    );
    let fixed = "# ExecPlan: x\n\n## Context and Orientation\n\nSee `src/ingest/*`, `src/lib.rs:10`, `**/*.py` and [guide](../guide.md).\n";
    check_rule_with(Rule::PathNotFound, fixed, &in_repo(), expect![""]);
    // Without a repository index the rule says nothing.
    check_rule(Rule::PathNotFound, broken, expect![""]);
}

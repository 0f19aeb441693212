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

/// A repository with route folders named in brackets, as Next.js, SvelteKit and Astro
/// name them, and a C module whose two files a plan names as one glob.
fn routes_repo() -> AnalysisConfig {
    AnalysisConfig {
        repo: Some(Arc::new(RepoFiles::from_files([
            "apps/web/app/missions/[missionId]/page.tsx",
            "src/routes/blog/[slug]/+page.svelte",
            "src/window.c",
            "src/window.h",
            "docs/plans/a.md",
        ]))),
        document_path: Some("docs/plans/a.md".to_string()),
        ..test_config()
    }
}

#[test]
fn a_path_with_brackets_is_a_file_first_then_a_glob() {
    let plan = "# ExecPlan: x\n\n## Context and Orientation\n\nThe page is `apps/web/app/missions/[missionId]/page.tsx`, the post `src/routes/blog/[slug]/+page.svelte:3`; the window module is `src/window.[ch]`. The effect `[:effects/api-load]` and the keyword `:effects/api-load` are Clojure, not paths. Gone: `apps/web/app/missions/[other]/page.tsx`, `src/door.[ch]`.\n";
    check_rule_with(
        Rule::PathNotFound,
        plan,
        &routes_repo(),
        expect![[r#"
            5:249..5:287 warning[path-not-found] `apps/web/app/missions/[other]/page.tsx` matches no file in the repository
            5:291..5:304 warning[path-not-found] `src/door.[ch]` matches no file in the repository
        "#]],
    );
    let file = execplan_syntax::SourceFile::parse(plan);
    let paths: Vec<String> = crate::path_refs(&file)
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert!(!paths.iter().any(|p| p.contains(":effects")), "{paths:?}");
    // Go to definition and hover lead to the route file itself.
    let at = plan.find("[missionId]").unwrap();
    let repo = routes_repo().repo.unwrap();
    let targets = crate::navigation::definition(&file, at, &repo, Some("docs/plans"));
    assert_eq!(
        targets.iter().map(|t| t.path.as_str()).collect::<Vec<_>>(),
        ["apps/web/app/missions/[missionId]/page.tsx"]
    );
    // It is a document link too; the glob `src/window.[ch]`, which names two files, is not.
    let links: Vec<String> = crate::navigation::document_links(&file, &repo, Some("docs/plans"))
        .into_iter()
        .map(|l| l.target.path)
        .collect();
    assert_eq!(
        links,
        [
            "apps/web/app/missions/[missionId]/page.tsx",
            "src/routes/blog/[slug]/+page.svelte"
        ]
    );
}

#[test]
fn system_paths_are_every_machines_and_scratch_paths_only_a_hint() {
    let plan = "# ExecPlan: x\n\n## Context and Orientation\n\nRun `/usr/bin/env python3`-style tools from `/usr/local/bin/uv`, `/bin/sh`, `/opt/homebrew/bin/brew`; read `/etc/hosts` and `/proc/self/status`; discard to `/dev/null`; the store is `/nix/store/abc-x/bin/x`. Logs go to `/tmp/run/out.log`. My checkout is `/home/ada/other/x.rs`.\n";
    check_rule_with(
        Rule::AbsolutePath,
        plan,
        &in_repo(),
        expect![[r#"
            5:221..5:237 hint[absolute-path] `/tmp/run/out.log` is a scratch path: another machine or run will not have it; if the plan needs the file, keep it in the repository
            5:256..5:276 warning[absolute-path] `/home/ada/other/x.rs` is an absolute path on one machine; the standard asks for repository-relative paths
        "#]],
    );
}

#[test]
fn destinations_and_code_spans_are_read_as_commonmark_reads_them() {
    let config = AnalysisConfig {
        repo: Some(Arc::new(RepoFiles::from_files([
            "docs/plans/a.md",
            "docs/my guide.md",
            "docs/a_(b).md",
            "src/lib.rs",
        ]))),
        repo_root: Some("/home/ada/proj".to_string()),
        document_path: Some("docs/plans/a.md".to_string()),
        ..test_config()
    };
    // A reference link's definition, a destination in `<…>` with a space, one with
    // balanced parentheses, one with backslash escapes, a code span after an escaped
    // backtick, an autolink to a file.
    let plan = "# ExecPlan: x\n\n## Context and Orientation\n\nSee [the guide][g], [mine](<../my guide.md> \"Mine\"), [b](../a_(b).md), [c](../a\\_\\(b\\).md), [gone][n].\nAn escaped \\` is no code: `src/lib.rs` and `src/gone.rs` are.\nThe build log: <file:///home/ada/proj/src/lib.rs>.\n\n[g]: ../my%20guide.md\n[n]: <../nope.md> 'Nope'\n";
    check_rule_with(
        Rule::PathNotFound,
        plan,
        &config,
        expect![[r#"
            6:45..6:56 warning[path-not-found] `src/gone.rs` does not exist in the repository
            10:7..10:17 warning[path-not-found] `../nope.md` does not exist in the repository
        "#]],
    );
    check_rule_with(
        Rule::AbsolutePath,
        plan,
        &config,
        expect![[r#"
            7:17..7:49 warning[absolute-path] `file:///home/ada/proj/src/lib.rs` is an absolute path; write it relative to the repository root: `src/lib.rs`
              fix: Rewrite as `src/lib.rs`
                "file:///home/ada/proj/src/lib.rs" -> "src/lib.rs"
        "#]],
    );
}

use execplan_syntax::SourceFile;
use expect_test::expect;

use crate::fixture::line_col;
use crate::symbols::{document_symbols, folding_ranges, workspace_symbols, Symbol};
use crate::Standard;

const PLAN: &str = "# ExecPlan: 計画 🚀\n\n## Purpose / Big Picture\n\nWhy 😀.\n\n### Detail\n\nMore.\n\n## Progress\n\n- [x] (2026-11-20 10:00Z) 設計\n- [ ] 実装 🚧\n  still going\n\n## Decision Log\n\n- Decision: use 漢字.\n  Rationale: tests.\n  Date/Author: 2026-11-20, Ada\n\n```sh\ncargo test\n```\n";

fn render(text: &str, symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        out.push_str(&format!(
            "{}{:?} {:?} {:?} {}..{} sel {}..{}\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            s.detail,
            line_col(text, s.range.start),
            line_col(text, s.range.end),
            line_col(text, s.selection_range.start),
            line_col(text, s.selection_range.end),
        ));
        render(text, &s.children, depth + 1, out);
    }
}

#[test]
fn outline_is_hierarchical_with_progress_items() {
    let file = SourceFile::parse(PLAN);
    let mut out = String::new();
    render(
        PLAN,
        &document_symbols(&file, &Standard::default()),
        0,
        &mut out,
    );
    expect![[r#"
        Title "ExecPlan: 計画 🚀" None 1:1..25:4 sel 1:3..1:17
          Section "Purpose / Big Picture" None 3:1..9:6 sel 3:4..3:25
            Section "Detail" None 7:1..9:6 sel 7:5..7:11
          Section "Progress" None 11:1..15:14 sel 11:4..11:12
            Task { done: true } "(2026-11-20 10:00Z) 設計" Some("done") 13:1..13:29 sel 13:7..13:29
            Task { done: false } "実装 🚧" Some("open") 14:1..15:14 sel 14:7..14:11
          Section "Decision Log" None 17:1..25:4 sel 17:4..17:16
            Decision "use 漢字." Some("decision") 19:1..21:31 sel 19:3..19:20
    "#]]
    .assert_eq(&out);
}

#[test]
fn folding_sections_entries_and_code() {
    let file = SourceFile::parse(PLAN);
    let out: Vec<String> = folding_ranges(&file)
        .iter()
        .map(|r| format!("{}..{}\n", line_col(PLAN, r.start), line_col(PLAN, r.end)))
        .collect();
    expect![[r#"
        1:1..25:4
        3:1..9:6
        7:1..9:6
        11:1..15:14
        14:1..15:14
        17:1..25:4
        19:1..21:31
        23:1..25:4
    "#]]
    .assert_eq(&out.concat());
}

#[test]
fn workspace_symbols_are_the_title_and_decisions() {
    let file = SourceFile::parse(PLAN);
    let mut out = String::new();
    render(
        PLAN,
        &workspace_symbols(&file, &Standard::default()),
        0,
        &mut out,
    );
    expect![[r#"
        Title "ExecPlan: 計画 🚀" None 1:1..25:4 sel 1:3..1:17
        Decision "use 漢字." Some("decision") 19:1..21:31 sel 19:3..19:20
    "#]]
    .assert_eq(&out);
}

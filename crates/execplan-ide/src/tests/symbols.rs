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

/// LSP's rules for document symbols, on byte ranges: names not blank, ranges on character
/// boundaries and inside the text, selections inside their symbol, children inside their
/// parent, siblings in order without overlapping.
fn assert_lsp_rules(text: &str, symbols: &[Symbol], bounds: std::ops::Range<usize>) {
    let mut previous_end = bounds.start;
    for s in symbols {
        let at = format!("{:?} in {text:?}", s.name);
        assert!(!s.name.trim().is_empty(), "blank name: {at}");
        for r in [&s.range, &s.selection_range] {
            assert!(r.start <= r.end, "reversed range {r:?}: {at}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert!(
            bounds.start <= s.range.start && s.range.end <= bounds.end,
            "{:?} outside its parent {bounds:?}: {at}",
            s.range
        );
        assert!(
            s.range.start <= s.selection_range.start && s.selection_range.end <= s.range.end,
            "selection {:?} outside range {:?}: {at}",
            s.selection_range,
            s.range
        );
        assert!(
            previous_end <= s.range.start,
            "overlaps its previous sibling: {at}"
        );
        previous_end = s.range.end;
        assert_lsp_rules(text, &s.children, s.range.clone());
    }
}

fn outline_of(text: &str) -> String {
    let file = SourceFile::parse(text);
    let symbols = document_symbols(&file, &Standard::default());
    assert_lsp_rules(text, &symbols, 0..text.len());
    let mut out = String::new();
    render(text, &symbols, 0, &mut out);
    out
}

#[test]
fn a_heading_being_typed_selects_inside_its_range() {
    expect![[r#"
        Section "(untitled)" None 1:1..1:3 sel 1:1..1:3
    "#]]
    .assert_eq(&outline_of("## \n"));
    expect![[r#"
        Title "(untitled)" None 1:1..1:2 sel 1:1..1:2
    "#]]
    .assert_eq(&outline_of("#"));
}

#[test]
fn a_progress_item_with_trailing_spaces_selects_inside_its_range() {
    expect![[r#"
        Section "Progress" None 1:1..2:31 sel 1:4..1:12
          Task { done: true } "(2026-12-04 10:00Z) done" Some("done") 2:1..2:31 sel 2:7..2:31
    "#]]
    .assert_eq(&outline_of(
        "## Progress\n- [x] (2026-12-04 10:00Z) done \n",
    ));
    // An ideographic space is whitespace too, at the end of a CJK line.
    expect![[r#"
        Section "Progress" None 1:1..2:11 sel 1:4..1:12
          Task { done: false } "設計する" Some("open") 2:1..2:11 sel 2:7..2:11
    "#]]
    .assert_eq(&outline_of("## Progress\n- [ ] 設計する\u{3000}\n"));
}

#[test]
fn empty_items_and_decisions_are_named() {
    expect![[r#"
        Section "Progress" None 1:1..2:6 sel 1:4..1:12
          Task { done: false } "(open)" Some("open") 2:1..2:6 sel 2:1..2:6
    "#]]
    .assert_eq(&outline_of("## Progress\n- [ ] \n"));
    expect![[r#"
        Section "Decision Log" None 1:1..2:12 sel 1:4..1:16
          Decision "(decision)" Some("decision") 2:1..2:12 sel 2:3..2:12
    "#]]
    .assert_eq(&outline_of("## Decision Log\n- Decision:\n"));
}

#[test]
fn a_heading_inside_a_list_item_is_not_a_section() {
    expect![[r#"
        Section "Progress" None 1:1..3:18 sel 1:4..1:12
          Task { done: true } "a" Some("done") 2:1..3:18 sel 2:7..2:8
    "#]]
    .assert_eq(&outline_of("## Progress\n- [x] a\n  ## Decision Log\n"));
    expect![[r##"
        Section "Progress" None 1:1..2:8 sel 1:4..1:12
          Task { done: true } "#" Some("done") 2:1..2:8 sel 2:7..2:8
    "##]]
    .assert_eq(&outline_of("## Progress\n- [x]\t#\n"));
}

#[test]
fn items_of_a_subsection_belong_to_the_subsection() {
    expect![[r#"
        Section "Progress" None 1:1..5:8 sel 1:4..1:12
          Task { done: true } "a" Some("done") 2:1..2:8 sel 2:7..2:8
          Section "Later" None 3:1..5:8 sel 3:5..3:10
    "#]]
    .assert_eq(&outline_of("## Progress\n- [x] a\n### Later\n\n- [ ] b\n"));
}

/// Shapes people type, cut at every character: the rules hold at each prefix.
#[test]
fn every_prefix_of_typed_plans_keeps_the_rules() {
    let samples = [
        "# ExecPlan: 計画 🚀\n\n## Progress\n\n- [x] (2026-12-04 10:00Z) done \n- [ ] \t\n  ## Decision Log\n- [x]\t#\n\n## Decision Log\n\n- Decision: \n- Decision: 漢字　\n  Rationale: x\n",
        "## \r\n- [ ] a \r## Progress\r\n- [ ]\u{3000}\r\n> ## Quote\n> - [x] q\n",
        "Title\n=====\n\n## Progress\n   - [ ] deep\n      ### inside\n```\n## not\n```\n",
    ];
    for sample in samples {
        for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
            let text = &sample[..end];
            let file = SourceFile::parse(text);
            assert_lsp_rules(
                text,
                &document_symbols(&file, &Standard::default()),
                0..text.len(),
            );
        }
    }
}

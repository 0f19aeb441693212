//! Test helpers: fixtures are raw strings where `$0` marks a cursor and `$0…$0` a range;
//! results are rendered as text and compared with `expect-test` snapshots
//! (`UPDATE_EXPECT=1 cargo test` refreshes them).

use execplan_syntax::{SourceFile, TextRange};

use crate::{diagnostics, AnalysisConfig, Diagnostic};

/// Removes the `$0` markers: one gives a cursor (an empty range), two a range.
#[allow(dead_code)] // used by the cursor-based features' tests
pub fn extract_markers(fixture: &str) -> (String, Option<TextRange>) {
    let mut text = String::with_capacity(fixture.len());
    let mut marks = Vec::new();
    let mut rest = fixture;
    while let Some(i) = rest.find("$0") {
        text.push_str(&rest[..i]);
        marks.push(text.len());
        rest = &rest[i + 2..];
    }
    text.push_str(rest);
    let range = match marks.as_slice() {
        [] => None,
        [at] => Some(*at..*at),
        [start, end] => Some(*start..*end),
        _ => panic!("a fixture has at most two $0 markers"),
    };
    (text, range)
}

/// `line:col` (1-based, columns in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    format!("{line}:{col}")
}

pub fn render_diagnostics(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!(
            "{}..{} {}[{}] {}\n",
            line_col(text, d.range.start),
            line_col(text, d.range.end),
            d.severity.as_str(),
            d.rule.code(),
            d.message
        ));
    }
    out
}

/// Analyses `fixture` as a plan under the built-in standard and renders the structure
/// rules' diagnostics (the content rules have their own tests, one rule at a time).
#[track_caller]
pub fn check_diagnostics(fixture: &str, expect: expect_test::Expect) {
    let file = SourceFile::parse(fixture);
    let found: Vec<Diagnostic> = diagnostics(&file, &AnalysisConfig::default())
        .into_iter()
        .filter(|d| crate::rules::STRUCTURE.contains(&d.rule))
        .collect();
    expect.assert_eq(&render_diagnostics(fixture, &found));
}

/// The fixed "now" of fixture tests.
pub fn test_now() -> crate::UtcMinute {
    crate::UtcMinute::new(2026, 11, 24, 9, 15).unwrap()
}

/// `text` with `edits` applied (non-overlapping, any order) and `$0` at `cursor`, when
/// given (an offset in the edited text).
pub fn apply_edits(text: &str, edits: &[crate::TextEdit], cursor: Option<usize>) -> String {
    let mut edits: Vec<&crate::TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start, e.range.end)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.clone(), &e.new_text);
    }
    if let Some(at) = cursor {
        out.insert_str(at, "$0");
    }
    out
}

/// A configuration with a fixed "now" (2026-11-24 09:15Z), for deterministic tests.
pub fn test_config() -> AnalysisConfig {
    AnalysisConfig {
        now: crate::UtcMinute::new(2026, 11, 24, 9, 15).unwrap(),
        ..AnalysisConfig::default()
    }
}

/// Analyses `fixture` under `config` and renders only `rule`'s diagnostics, each with
/// its fix (label and edits) when it has one.
#[track_caller]
pub fn check_rule_with(
    rule: crate::Rule,
    fixture: &str,
    config: &AnalysisConfig,
    expect: expect_test::Expect,
) {
    let file = SourceFile::parse(fixture);
    let found: Vec<Diagnostic> = diagnostics(&file, config)
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect();
    let mut out = String::new();
    for d in &found {
        out.push_str(&render_diagnostics(fixture, std::slice::from_ref(d)));
        if let Some(fix) = &d.fix {
            out.push_str(&format!("  fix: {}\n", fix.label));
            for edit in &fix.edits {
                out.push_str(&format!(
                    "    {:?} -> {:?}\n",
                    &fixture[edit.range.clone()],
                    edit.new_text
                ));
            }
        }
    }
    expect.assert_eq(&out);
}

/// [`check_rule_with`] under [`test_config`].
#[track_caller]
pub fn check_rule(rule: crate::Rule, fixture: &str, expect: expect_test::Expect) {
    check_rule_with(rule, fixture, &test_config(), expect);
}

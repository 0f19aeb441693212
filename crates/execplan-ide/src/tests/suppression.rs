//! Suppression comments.

use expect_test::expect;

use crate::fixture::check_rule;
use crate::Rule;

const PLAN: &str = "# ExecPlan: x\n\n## Progress\n\n- One.\n<!-- execplan-disable-next-line progress-item -->\n- Two.\n\n<!-- execplan-disable progress-item, placeholder -->\n\n- Three <a b>.\n\n<!-- execplan-enable -->\n\n- Four <c d>.\n";

#[test]
fn next_line_and_region_comments_suppress_their_codes() {
    check_rule(
        Rule::ProgressItem,
        PLAN,
        expect![[r#"
            5:1..5:7 warning[progress-item] Progress items are checkboxes: `- [ ]` for open, `- [x]` for done
            15:1..15:14 warning[progress-item] Progress items are checkboxes: `- [ ]` for open, `- [x]` for done
        "#]],
    );
    check_rule(
        Rule::Placeholder,
        PLAN,
        expect![[r#"
            15:8..15:13 warning[placeholder] Template placeholder `<c d>` is not filled in
        "#]],
    );
}

#[test]
fn a_file_comment_suppresses_everywhere_and_no_code_means_every_rule() {
    let file_wide = format!("<!-- execplan-disable-file progress-item -->\n{PLAN}");
    check_rule(Rule::ProgressItem, &file_wide, expect![""]);
    check_rule(
        Rule::Placeholder,
        &file_wide,
        expect![[r#"
            16:8..16:13 warning[placeholder] Template placeholder `<c d>` is not filled in
        "#]],
    );
    let all = format!("{PLAN}\n<!-- execplan-disable-file -->\n");
    check_rule(Rule::Placeholder, &all, expect![""]);
}

/// Found by the incremental property test: `<!-->` once sliced its body backwards.
#[test]
fn a_comment_opener_that_looks_closed_does_not_panic() {
    let text = "# ExecPlan\n\n<!--> not closed here\n\ntext <!-- execplan-disable-file missing-section -->\n";
    let file = execplan_syntax::SourceFile::parse(text);
    let found = crate::diagnostics(&file, &crate::fixture::test_config());
    assert!(
        found.iter().all(|d| d.rule != crate::Rule::MissingSection),
        "{found:?}"
    );
}

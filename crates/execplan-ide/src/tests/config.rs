//! Severities from configuration, and a custom standard.

use expect_test::expect;

use crate::fixture::{check_rule_with, test_config};
use crate::{Rule, Settings, Standard};

#[test]
fn configured_severities_apply_and_off_silences() {
    let (settings, errors) =
        Settings::parse_toml("[rules]\nprogress-item = \"error\"\nplaceholder = \"off\"\n");
    assert!(errors.is_empty());
    let mut config = test_config();
    config.apply(&settings, Standard::default());
    let plan = "# ExecPlan: x\n\n## Progress\n\n- Not a box <a b>.\n";
    check_rule_with(
        Rule::ProgressItem,
        plan,
        &config,
        expect![[r#"
            5:1..5:19 error[progress-item] Progress items are checkboxes: `- [ ]` for open, `- [x]` for done
        "#]],
    );
    check_rule_with(Rule::Placeholder, plan, &config, expect![""]);
}

#[test]
fn explicit_sections_replace_the_standard() {
    let (settings, _) =
        Settings::parse_toml("[sections]\nrequired = [\"Goal\", \"Progress\", \"Risks\"]\n");
    let mut config = test_config();
    config.apply(&settings, Standard::default());
    check_rule_with(
        Rule::MissingSection,
        "# ExecPlan: x\n\n## Goal\n\nG.\n\n## Progress\n\n- [ ] a\n",
        &config,
        expect![[r#"
            1:1..1:14 error[missing-section] Missing required section `## Risks`
        "#]],
    );
}

#[test]
fn inlay_hints_relative_time_in_either_spelling_and_the_file_wins() {
    let (file, errors) = Settings::parse_toml("[inlay_hints]\nrelative_time = false\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(file.inlay_relative_time, Some(false));
    let editor: toml::Table = "[inlayHints]\nrelativeTime = true\n".parse().unwrap();
    let (editor, errors) = Settings::from_table(&editor);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(editor.inlay_relative_time, Some(true));
    assert_eq!(file.or(editor.clone()).inlay_relative_time, Some(false));
    assert_eq!(
        Settings::default().or(editor).inlay_relative_time,
        Some(true)
    );
    assert_eq!(Settings::default().inlay_relative_time, None);
    let (_, errors) = Settings::parse_toml("[inlay_hints]\nrelative_time = \"yes\"\n");
    assert_eq!(errors.len(), 1);
}

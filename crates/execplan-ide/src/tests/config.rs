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

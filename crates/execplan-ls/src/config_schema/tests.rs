//! The generated files stay what the registry and the parser say: the committed schema,
//! `docs/rules.md`'s table and the VS Code `execplan.rules` setting equal their generators'
//! output (`UPDATE_EXPECT=1 cargo test --bin execplan-ls generated` rewrites them), every
//! key of the schema goes through the `.execplan.toml` parser, and the README's example
//! validates against the schema.

use std::path::PathBuf;

use execplan_ide::{Rule, Settings, Severity, TimestampForm};
use serde_json::Value;

use super::*;

fn repo_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo_file(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

/// Compares `actual` with the file's text, or rewrites the file when updating.
fn check_generated(relative: &str, expected_text: &str, actual_text: &str) {
    if expected_text == actual_text {
        return;
    }
    if updating() {
        std::fs::write(repo_file(relative), actual_text).unwrap();
        return;
    }
    panic!(
        "{relative} is out of date with the rule registry or the schema generator; \
         run `UPDATE_EXPECT=1 cargo test --bin execplan-ls generated` and commit the result.\n\
         --- committed\n{expected_text}\n--- generated\n{actual_text}"
    );
}

#[test]
fn generated_schema_copy_is_current() {
    let committed =
        std::fs::read_to_string(repo_file("docs/execplan.schema.json")).unwrap_or_default();
    check_generated("docs/execplan.schema.json", &committed, &json_schema());
}

const TABLE_START: &str = "<!-- rule table: generated from the rule registry; refresh with `UPDATE_EXPECT=1 cargo test --bin execplan-ls generated` -->\n";
const TABLE_END: &str = "<!-- end of rule table -->\n";

#[test]
fn generated_rules_table_is_current() {
    let text = read("docs/rules.md");
    let start = text
        .find(TABLE_START)
        .expect("docs/rules.md has the table's start marker")
        + TABLE_START.len();
    let end = start
        + text[start..]
            .find(TABLE_END)
            .expect("docs/rules.md has the table's end marker");
    let mut updated = text.clone();
    updated.replace_range(start..end, &rules_table());
    check_generated("docs/rules.md", &text, &updated);
}

/// The byte range of the JSON value that starts at `start` (an object or array), found by
/// matching brackets outside strings.
fn json_value_span(text: &str, start: usize) -> std::ops::Range<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        return start..i + 1;
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    panic!("unbalanced JSON value at {start}");
}

#[test]
fn generated_vscode_rules_setting_is_current() {
    let relative = "editors/vscode/package.json";
    let text = read(relative);
    let key = "\"execplan.rules\": ";
    let at = text
        .find(key)
        .expect("package.json declares execplan.rules")
        + key.len();
    let span = json_value_span(&text, at);
    // The value sits at depth 4: contributes → configuration → properties → key.
    let mut updated = text.clone();
    updated.replace_range(span, &vscode_rules_setting().pretty(4));
    check_generated(relative, &text, &updated);
    // The file stays valid JSON, and the setting lists every code of the registry.
    let parsed: Value = serde_json::from_str(&updated).unwrap();
    let setting = &parsed["contributes"]["configuration"]["properties"]["execplan.rules"];
    let codes: Vec<&str> = setting["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut all: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
    all.sort_unstable();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, all);
    for rule in Rule::ALL {
        let description = setting["markdownDescription"].as_str().unwrap();
        assert!(
            description.contains(&format!("`{}`", rule.code())),
            "{description}"
        );
    }
}

#[test]
fn every_rule_has_a_documented_section_with_its_default() {
    let text = read("docs/rules.md");
    for rule in Rule::ALL {
        let heading = format!("\n### {}\n", rule.code());
        let at = text
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/rules.md has no `### {}` section", rule.code()));
        let body = &text[at + heading.len()..];
        let default = body
            .strip_prefix("Default: ")
            .unwrap_or_else(|| panic!("`### {}` does not open with its default", rule.code()));
        let default = default.trim_start_matches("**");
        assert!(
            default.starts_with(rule.default_severity().as_str()),
            "docs/rules.md says `{}` defaults to {:?}, the registry says {}",
            rule.code(),
            &default[..20.min(default.len())],
            rule.default_severity().as_str()
        );
    }
}

#[test]
fn readme_rule_table_lists_every_rule_with_its_default() {
    let text = read("README.md");
    for rule in Rule::ALL {
        let row = format!("| `{}` | ", rule.code());
        let at = text
            .find(&row)
            .unwrap_or_else(|| panic!("the README's rule table has no row for `{}`", rule.code()));
        let default = &text[at + row.len()..];
        assert!(
            default.starts_with(rule.default_severity().as_str()),
            "the README's table gives `{}` another default than {}",
            rule.code(),
            rule.default_severity().as_str()
        );
    }
}

// --- The schema against the parser -------------------------------------------------------

fn schema() -> Value {
    serde_json::from_str(&json_schema()).expect("the schema is JSON")
}

/// A value the schema allows for a property, and every value when it lists them (both
/// booleans, an integer's minimum and default).
fn allowed_values(property: &Value) -> Vec<Value> {
    if let Some(values) = property["enum"].as_array() {
        return values.clone();
    }
    if property["type"] == "boolean" {
        return vec![Value::Bool(true), Value::Bool(false)];
    }
    if property["type"] == "integer" {
        let mut values = vec![property["minimum"].clone(), property["default"].clone()];
        values.extend(
            property["examples"]
                .as_array()
                .into_iter()
                .flatten()
                .cloned(),
        );
        values.retain(|v| v.is_i64());
        assert!(
            !values.is_empty(),
            "an integer property with no value to try: {property}"
        );
        return values;
    }
    let examples = property["examples"]
        .as_array()
        .unwrap_or_else(|| panic!("schema property without enum or examples: {property}"));
    assert!(!examples.is_empty());
    examples.clone()
}

/// A JSON string, array or object of strings as TOML (JSON's string escapes are TOML's).
fn toml_value(value: &Value) -> String {
    match value {
        Value::String(_) | Value::Bool(_) | Value::Number(_) => value.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(entries) => format!(
            "{{ {} }}",
            entries
                .iter()
                .map(|(k, v)| format!("{} = {}", Value::String(k.clone()), toml_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => panic!("no TOML for {other}"),
    }
}

/// Parses `key = value` under `[table]` (top level without one); the parser must accept it.
fn parse(table: Option<&str>, key: &str, value: &Value) -> Settings {
    let header = table.map(|t| format!("[{t}]\n")).unwrap_or_default();
    let text = format!(
        "{header}{} = {}\n",
        Value::String(key.to_string()),
        toml_value(value)
    );
    let (settings, errors) = Settings::parse_toml(&text);
    assert!(errors.is_empty(), "the parser rejects {text:?}: {errors:?}");
    settings
}

fn severity(level: &str) -> Option<Severity> {
    match level {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "information" => Some(Severity::Information),
        "hint" => Some(Severity::Hint),
        "off" => None,
        other => panic!("unknown level {other}"),
    }
}

#[test]
fn every_key_of_the_schema_goes_through_the_parser() {
    let schema = schema();
    let properties = schema["properties"].as_object().unwrap();
    let mut seen = Vec::new();
    for (key, property) in properties {
        match key.as_str() {
            "plans" | "exclude" | "standard" | "author" | "timestamp_form" => {
                for value in allowed_values(property) {
                    let s = parse(None, key, &value);
                    let strings = |v: &Value| -> Vec<String> {
                        v.as_array()
                            .unwrap()
                            .iter()
                            .map(|s| s.as_str().unwrap().to_string())
                            .collect()
                    };
                    match key.as_str() {
                        "plans" => assert_eq!(s.plans, Some(strings(&value))),
                        "exclude" => assert_eq!(s.exclude, Some(strings(&value))),
                        "standard" => assert_eq!(s.standard.as_deref(), value.as_str()),
                        "author" => assert_eq!(s.author.as_deref(), value.as_str()),
                        _ => {
                            let form = match value.as_str().unwrap() {
                                "minute" => TimestampForm::Minute,
                                "date" => TimestampForm::Date,
                                "iso" => TimestampForm::Iso,
                                other => panic!("schema allows timestamp_form {other}"),
                            };
                            assert_eq!(s.timestamp_form, Some(form));
                        }
                    }
                    seen.push(key.clone());
                }
            }
            "sections" => {
                let inner = property["properties"].as_object().unwrap();
                for (sub, sub_property) in inner {
                    for value in allowed_values(sub_property) {
                        let s = parse(Some("sections"), sub, &value);
                        match sub.as_str() {
                            "required" => assert_eq!(
                                s.required_sections,
                                Some(serde_json::from_value::<Vec<String>>(value.clone()).unwrap())
                            ),
                            "aliases" => {
                                let expected: std::collections::BTreeMap<String, Vec<String>> =
                                    serde_json::from_value(value.clone()).unwrap();
                                assert_eq!(s.aliases, expected);
                            }
                            other => panic!("this test does not know `sections.{other}`: teach it"),
                        }
                        seen.push(format!("sections.{sub}"));
                    }
                }
            }
            "stale" | "index" | "inlay_hints" => {
                let inner = property["properties"].as_object().unwrap();
                for (sub, sub_property) in inner {
                    for value in allowed_values(sub_property) {
                        let s = parse(Some(key), sub, &value);
                        match (key.as_str(), sub.as_str()) {
                            ("stale", "commits") => {
                                assert_eq!(s.stale_commits, Some(value.as_u64().unwrap() as usize))
                            }
                            ("index", "require") => {
                                assert_eq!(s.index_require, value.as_bool())
                            }
                            ("inlay_hints", "relative_time") => {
                                assert_eq!(s.inlay_relative_time, value.as_bool())
                            }
                            (table, other) => {
                                panic!("this test does not know `{table}.{other}`: teach it")
                            }
                        }
                        seen.push(format!("{key}.{sub}"));
                    }
                }
            }
            "rules" => {
                let codes = property["properties"].as_object().unwrap();
                assert_eq!(codes.len(), Rule::ALL.len());
                for (code, rule_property) in codes {
                    let rule = Rule::from_code(code).unwrap_or_else(|| {
                        panic!("the schema names `{code}`, the registry does not")
                    });
                    assert_eq!(
                        rule_property["default"].as_str(),
                        Some(rule.default_severity().as_str())
                    );
                    for level in allowed_values(rule_property) {
                        let s = parse(Some("rules"), code, &level);
                        let level = level.as_str().unwrap();
                        assert_eq!(
                            s.rules.get(&rule),
                            Some(&severity(level)),
                            "{code} = {level}"
                        );
                    }
                    seen.push(format!("rules.{code}"));
                }
            }
            other => panic!("this test does not know the schema's key `{other}`: teach it"),
        }
    }
    // Everything the parser reads is in the schema: the top-level keys and every rule.
    for key in [
        "plans",
        "exclude",
        "standard",
        "author",
        "timestamp_form",
        "sections.required",
        "sections.aliases",
        "stale.commits",
        "index.require",
        "inlay_hints.relative_time",
    ] {
        assert!(seen.iter().any(|s| s == key), "the schema lacks `{key}`");
    }
    // What the schema closes (additionalProperties: false) the parser rejects too.
    for text in [
        "unknown = 1",
        "[sections]\nrequire = [\"A\"]",
        "[rules]\nno-such-rule = \"off\"",
        "[rules]\nplaceholder = \"fatal\"",
        "timestamp_form = \"second\"",
        "[stale]\nweeks = 2",
        "[index]\nstrict = true",
    ] {
        let (_, errors) = Settings::parse_toml(text);
        assert!(
            !errors.is_empty(),
            "the parser accepts {text:?}, which the schema rejects"
        );
        let table: toml::Table = text.parse().unwrap();
        let json = serde_json::to_value(&table).unwrap();
        assert!(
            validate(&schema, &json, "").is_err(),
            "the schema accepts {text:?}"
        );
    }
}

/// Validates `value` against the subset of JSON Schema that [`json_schema`] uses; any
/// other keyword fails, so the check cannot silently ignore part of the schema.
fn validate(schema: &Value, value: &Value, path: &str) -> Result<(), String> {
    let schema = schema.as_object().expect("a schema is an object");
    for keyword in schema.keys() {
        assert!(
            matches!(
                keyword.as_str(),
                "$schema"
                    | "title"
                    | "description"
                    | "type"
                    | "properties"
                    | "additionalProperties"
                    | "items"
                    | "enum"
                    | "default"
                    | "examples"
                    | "minimum"
            ),
            "the test's validator does not know `{keyword}`"
        );
    }
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        let ok = match kind {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            other => panic!("type {other}"),
        };
        if !ok {
            return Err(format!(
                "{path}: not a{} {kind}",
                if kind == "array" || kind == "object" {
                    "n"
                } else {
                    ""
                }
            ));
        }
    }
    if let (Some(minimum), Some(n)) = (
        schema.get("minimum").and_then(Value::as_i64),
        value.as_i64(),
    ) {
        if n < minimum {
            return Err(format!("{path}: {n} is below {minimum}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            return Err(format!("{path}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            validate(items, item, &format!("{path}[{i}]"))?;
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for (key, item) in object {
            let child = format!("{path}.{key}");
            match properties.and_then(|p| p.get(key)) {
                Some(property) => validate(property, item, &child)?,
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => return Err(format!("{child}: not allowed")),
                    Some(Value::Bool(true)) | None => {}
                    Some(extra) => validate(extra, item, &child)?,
                },
            }
        }
    }
    Ok(())
}

/// The README's `.execplan.toml` example: the block indented by four spaces after the line
/// that introduces the file.
fn readme_config_example() -> String {
    let readme = read("README.md");
    let intro = readme
        .find("`.execplan.toml`, found by walking up")
        .expect("the README introduces .execplan.toml");
    readme[intro..]
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with("    ") || l.trim().is_empty())
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn readme_example_and_own_config_validate_against_the_schema() {
    let schema = schema();
    let example = readme_config_example();
    assert!(
        example.contains("[rules]"),
        "README example not found: {example}"
    );
    for (name, text) in [
        ("README example", example),
        (".execplan.toml", read(".execplan.toml")),
    ] {
        let (_, errors) = Settings::parse_toml(&text);
        assert!(
            errors.is_empty(),
            "the parser rejects the {name}: {errors:?}"
        );
        let table: toml::Table = text.parse().unwrap();
        let json = serde_json::to_value(&table).unwrap();
        if let Err(problem) = validate(&schema, &json, "") {
            panic!("the {name} does not validate against the schema: {problem}");
        }
    }
}

#[test]
fn the_schema_rejects_what_the_parser_reports() {
    let schema = schema();
    for text in [
        "plans = \"a.md\"",
        "[rules]\nplaceholder = 3",
        "author = [\"Ada\"]",
        "[sections.aliases]\nProgress = \"Status\"",
        "[stale]\ncommits = 0",
        "[stale]\ncommits = \"3\"",
        "[index]\nrequire = \"yes\"",
    ] {
        let (_, errors) = Settings::parse_toml(text);
        assert!(!errors.is_empty(), "{text:?}");
        let table: toml::Table = text.parse().unwrap();
        assert!(
            validate(&schema, &serde_json::to_value(&table).unwrap(), "").is_err(),
            "{text:?}"
        );
    }
}

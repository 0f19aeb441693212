//! Per-repository settings: `.execplan.toml` (parsed here, from text) or the same keys
//! from the editor. Parsing never fails: it returns what it understood and one error per
//! thing it did not, so the defaults stay in force for the rest.
//!
//! ```toml
//! plans = [".agent/plans/**/*.md"]      # also plans, whatever detection says
//! exclude = ["docs/archive/**"]         # never checked
//! standard = "docs/PLANS.md"            # the PLANS.md to follow
//! author = "Ada"                        # for new Decision Log entries
//! timestamp_form = "minute"             # or "date": date-only stamps are accepted
//!
//! [inlay_hints]
//! relative_time = true                  # "3d ago" after stamps in the editor (off by default)
//!
//! [sections]
//! required = ["Purpose / Big Picture", "Progress", "Decision Log"]
//! [sections.aliases]
//! "Progress" = ["Status"]
//!
//! [rules]
//! placeholder = "error"                 # error | warning | information | hint | off
//! path-not-found = "off"
//! ```

use std::collections::BTreeMap;

use execplan_syntax::TextRange;

use crate::{Rule, SectionSpec, Severity, Standard};

/// Which progress timestamps `progress-timestamp` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampForm {
    /// `(YYYY-MM-DD HH:MMZ)`, the standard's form.
    #[default]
    Minute,
    /// `(YYYY-MM-DD)` too.
    Date,
    /// The ISO form `(YYYY-MM-DDTHH:MMZ)` too.
    Iso,
}

/// Severity overrides: `None` turns a rule off.
pub type RuleSettings = BTreeMap<Rule, Option<Severity>>;

/// What a configuration says; every field is optional, so settings from two places can
/// be layered with [`Settings::or`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub plans: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub standard: Option<String>,
    pub author: Option<String>,
    pub timestamp_form: Option<TimestampForm>,
    /// An explicit list of required sections, in order.
    pub required_sections: Option<Vec<String>>,
    /// Extra headings that mean a section, by the section's name.
    pub aliases: BTreeMap<String, Vec<String>>,
    pub rules: RuleSettings,
    /// `[stale] commits`: how many commits to the files an unfinished plan names, since
    /// its last entry, make it stale.
    pub stale_commits: Option<usize>,
    /// `[index] require`: every unfinished plan must be listed in the index.
    pub index_require: Option<bool>,
    /// `inlay_hints.relative_time` (`inlayHints.relativeTime` from the editor): show each
    /// stamp's age after it. Off unless set.
    pub inlay_relative_time: Option<bool>,
}

/// Something in a configuration that was not understood, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    /// Byte range in the configuration text, when known.
    pub range: Option<TextRange>,
}

impl Settings {
    /// Parses `.execplan.toml` text.
    pub fn parse_toml(text: &str) -> (Settings, Vec<ConfigError>) {
        match text.parse::<toml::Table>() {
            Ok(table) => {
                let (settings, errors) = Settings::from_table(&table);
                let errors = errors
                    .into_iter()
                    .map(|(key, message)| ConfigError {
                        range: locate(text, &key),
                        message,
                    })
                    .collect();
                (settings, errors)
            }
            Err(error) => (
                Settings::default(),
                vec![ConfigError {
                    message: format!("not valid TOML: {}", error.message().trim()),
                    range: error.span(),
                }],
            ),
        }
    }

    /// Reads settings from a table (of TOML, or of the editor's JSON converted to it).
    /// Returns, for each problem, the key it is about and a message.
    pub fn from_table(table: &toml::Table) -> (Settings, Vec<(String, String)>) {
        let mut s = Settings::default();
        let mut errors = Vec::new();
        for (key, value) in table {
            match key.as_str() {
                "plans" => s.plans = string_list(key, value, &mut errors),
                "exclude" => s.exclude = string_list(key, value, &mut errors),
                "standard" => s.standard = string(key, value, &mut errors),
                "author" => s.author = string(key, value, &mut errors),
                "timestamp_form" | "timestamp-form" => {
                    s.timestamp_form = match value.as_str() {
                        Some("minute") => Some(TimestampForm::Minute),
                        Some("date") => Some(TimestampForm::Date),
                        Some("iso") => Some(TimestampForm::Iso),
                        _ => {
                            errors.push((
                                key.clone(),
                                format!("`{key}` must be \"minute\", \"date\" or \"iso\""),
                            ));
                            None
                        }
                    }
                }
                "sections" => sections(&mut s, value, &mut errors),
                "rules" => rules(&mut s, value, &mut errors),
                "stale" => stale(&mut s, value, &mut errors),
                "index" => index(&mut s, value, &mut errors),
                "inlay_hints" | "inlayHints" | "inlay-hints" => {
                    inlay_hints(&mut s, value, &mut errors)
                }
                _ => errors.push((key.clone(), format!("unknown setting `{key}`"))),
            }
        }
        (s, errors)
    }

    /// These settings, with `fallback`'s filling whatever these leave unset.
    pub fn or(self, fallback: Settings) -> Settings {
        let mut rules = fallback.rules;
        rules.extend(self.rules);
        let mut aliases = fallback.aliases;
        aliases.extend(self.aliases);
        Settings {
            plans: self.plans.or(fallback.plans),
            exclude: self.exclude.or(fallback.exclude),
            standard: self.standard.or(fallback.standard),
            author: self.author.or(fallback.author),
            timestamp_form: self.timestamp_form.or(fallback.timestamp_form),
            required_sections: self.required_sections.or(fallback.required_sections),
            aliases,
            rules,
            stale_commits: self.stale_commits.or(fallback.stale_commits),
            index_require: self.index_require.or(fallback.index_require),
            inlay_relative_time: self.inlay_relative_time.or(fallback.inlay_relative_time),
        }
    }

    /// The standard these settings put in force over `derived` (the repository's
    /// PLANS.md, or the built-in list): an explicit section list wins; aliases are added.
    pub fn standard_over(&self, derived: Standard) -> Standard {
        let mut standard = match &self.required_sections {
            Some(names) => Standard::from_names(names),
            None => derived,
        };
        for (name, aliases) in &self.aliases {
            if let Some(spec) = standard
                .sections
                .iter_mut()
                .find(|s| s.name.eq_ignore_ascii_case(name))
            {
                spec.aliases.extend(aliases.iter().cloned());
            }
        }
        standard
    }
}

fn string(key: &str, value: &toml::Value, errors: &mut Vec<(String, String)>) -> Option<String> {
    match value.as_str() {
        Some(s) => Some(s.to_string()),
        None => {
            errors.push((key.to_string(), format!("`{key}` must be a string")));
            None
        }
    }
}

fn string_list(
    key: &str,
    value: &toml::Value,
    errors: &mut Vec<(String, String)>,
) -> Option<Vec<String>> {
    let list = value.as_array().and_then(|items| {
        items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
    });
    if list.is_none() {
        errors.push((
            key.to_string(),
            format!("`{key}` must be a list of strings"),
        ));
    }
    list
}

fn index(s: &mut Settings, value: &toml::Value, errors: &mut Vec<(String, String)>) {
    let Some(table) = value.as_table() else {
        errors.push(("index".into(), "`index` must be a table".into()));
        return;
    };
    for (key, value) in table {
        match (key.as_str(), value.as_bool()) {
            ("require", Some(require)) => s.index_require = Some(require),
            ("require", None) => {
                errors.push((key.clone(), "`index.require` must be true or false".into()))
            }
            _ => errors.push((key.clone(), format!("unknown setting `index.{key}`"))),
        }
    }
}

fn stale(s: &mut Settings, value: &toml::Value, errors: &mut Vec<(String, String)>) {
    let Some(table) = value.as_table() else {
        errors.push(("stale".into(), "`stale` must be a table".into()));
        return;
    };
    for (key, value) in table {
        match (key.as_str(), value.as_integer()) {
            ("commits", Some(n)) if n >= 1 => s.stale_commits = Some(n as usize),
            ("commits", _) => errors.push((
                key.clone(),
                "`stale.commits` must be a whole number of at least 1".into(),
            )),
            _ => errors.push((key.clone(), format!("unknown setting `stale.{key}`"))),
        }
    }
}

fn sections(s: &mut Settings, value: &toml::Value, errors: &mut Vec<(String, String)>) {
    let Some(table) = value.as_table() else {
        errors.push(("sections".into(), "`sections` must be a table".into()));
        return;
    };
    for (key, value) in table {
        match key.as_str() {
            "required" => s.required_sections = string_list(key, value, errors),
            "aliases" => {
                let Some(aliases) = value.as_table() else {
                    errors.push((key.clone(), "`sections.aliases` must be a table".into()));
                    continue;
                };
                for (name, list) in aliases {
                    if let Some(list) = string_list(name, list, errors) {
                        s.aliases.insert(name.clone(), list);
                    }
                }
            }
            _ => errors.push((key.clone(), format!("unknown setting `sections.{key}`"))),
        }
    }
}

fn inlay_hints(s: &mut Settings, value: &toml::Value, errors: &mut Vec<(String, String)>) {
    let Some(table) = value.as_table() else {
        errors.push(("inlay_hints".into(), "`inlay_hints` must be a table".into()));
        return;
    };
    for (key, value) in table {
        match key.as_str() {
            "relative_time" | "relativeTime" | "relative-time" => match value.as_bool() {
                Some(on) => s.inlay_relative_time = Some(on),
                None => errors.push((
                    key.clone(),
                    "`inlay_hints.relative_time` must be true or false".into(),
                )),
            },
            _ => errors.push((key.clone(), format!("unknown setting `inlay_hints.{key}`"))),
        }
    }
}

fn rules(s: &mut Settings, value: &toml::Value, errors: &mut Vec<(String, String)>) {
    let Some(table) = value.as_table() else {
        errors.push(("rules".into(), "`rules` must be a table".into()));
        return;
    };
    for (code, level) in table {
        let Some(rule) = Rule::from_code(code) else {
            errors.push((code.clone(), format!("unknown rule `{code}`")));
            continue;
        };
        let severity = match level.as_str() {
            Some("error") => Some(Severity::Error),
            Some("warning") => Some(Severity::Warning),
            Some("information" | "info") => Some(Severity::Information),
            Some("hint") => Some(Severity::Hint),
            Some("off") => None,
            _ => {
                errors.push((
                    code.clone(),
                    format!(
                        "rule `{code}` must be \"error\", \"warning\", \"information\", \"hint\" or \"off\""
                    ),
                ));
                continue;
            }
        };
        s.rules.insert(rule, severity);
    }
}

/// The first line that sets `key`, for pointing at a problem.
fn locate(text: &str, key: &str) -> Option<TextRange> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let bare = trimmed.trim_start_matches(['"', '\'']);
        if bare.starts_with(key) {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..offset + line.trim_end().len());
        }
        offset += line.len();
    }
    None
}

impl Standard {
    /// A standard of these sections, in order; living ones are those the built-in
    /// standard calls living.
    /// A standard of these sections, in order. A section the built-in standard has (by
    /// name, or by a translation of its name: `进度` is Progress) keeps its role: it is
    /// living when the built-in one is, and the English name is an alias, so the rules
    /// that read Progress or the Decision Log read it too.
    pub fn from_names(names: &[String]) -> Standard {
        use crate::section_names::{normalize, translation_of};
        let built_in = Standard::default();
        let counterpart = |name: &str| {
            let n = normalize(name);
            let english = translation_of(name).map(normalize);
            built_in.sections.iter().find(|s| {
                let b = normalize(&s.name);
                b == n || english.as_deref() == Some(b.as_str())
            })
        };
        Standard {
            sections: names
                .iter()
                .map(|name| {
                    let built = counterpart(name);
                    SectionSpec {
                        name: name.clone(),
                        aliases: built
                            .filter(|b| normalize(&b.name) != normalize(name))
                            .map(|b| vec![b.name.clone()])
                            .unwrap_or_default(),
                        living: built.is_some_and(|b| b.living),
                    }
                })
                .collect(),
            ..Standard::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_config_is_read() {
        let (s, errors) = Settings::parse_toml(
            "plans = [\"p/*.md\"]\nstandard = \"docs/PLANS.md\"\ntimestamp_form = \"date\"\n\
             [sections]\nrequired = [\"Progress\", \"Notes\"]\n[sections.aliases]\nProgress = [\"Status\"]\n\
             [rules]\nplaceholder = \"error\"\npath-not-found = \"off\"\n",
        );
        assert_eq!(errors, vec![]);
        assert_eq!(s.plans, Some(vec!["p/*.md".to_string()]));
        assert_eq!(s.timestamp_form, Some(TimestampForm::Date));
        assert_eq!(s.rules[&Rule::Placeholder], Some(Severity::Error));
        assert_eq!(s.rules[&Rule::PathNotFound], None);
        let standard = s.standard_over(Standard::default());
        assert_eq!(standard.sections.len(), 2);
        assert!(standard.sections[0].living);
        assert_eq!(standard.sections[0].aliases, vec!["Status".to_string()]);
    }

    #[test]
    fn errors_are_located_and_the_rest_is_kept() {
        let text = "author = \"Ada\"\n[rules]\nplaceholder = \"loud\"\nno-such-rule = \"off\"\n";
        let (s, errors) = Settings::parse_toml(text);
        assert_eq!(s.author.as_deref(), Some("Ada"));
        let messages: Vec<_> = errors
            .iter()
            .map(|e| format!("{} @ {:?}", e.message, e.range.clone().map(|r| &text[r])))
            .collect();
        assert_eq!(
            messages,
            vec![
                "unknown rule `no-such-rule` @ Some(\"no-such-rule = \\\"off\\\"\")",
                "rule `placeholder` must be \"error\", \"warning\", \"information\", \"hint\" or \"off\" @ Some(\"placeholder = \\\"loud\\\"\")",
            ]
        );
        let (s, errors) = Settings::parse_toml("[rules\nx = 1");
        assert_eq!(s, Settings::default());
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.starts_with("not valid TOML"),
            "{errors:?}"
        );
        assert!(errors[0].range.is_some());
    }
}

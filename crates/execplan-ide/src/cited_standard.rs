//! A plan that names its standard follows it: "This plan follows
//! `.codex/skills/execplan/references/PLANS.md`" in the preamble picks that PLANS.md out of
//! the repository's standards (read by the caller, handed in as
//! [`AnalysisConfig::standards`]), unless configuration fixed the standard.

use std::borrow::Cow;

use execplan_syntax::SourceFile;

use crate::{join_relative, AnalysisConfig, Standard};

/// The configuration to analyse `file` under: `config`, or a copy following the standard
/// the plan's preamble names.
pub(crate) fn config_for<'c>(
    file: &SourceFile,
    config: &'c AnalysisConfig,
) -> Cow<'c, AnalysisConfig> {
    match cited_standard(file, config) {
        Some(standard) if *standard != config.standard => {
            let mut owned = config.clone();
            owned.standard = standard.clone();
            Cow::Owned(owned)
        }
        _ => Cow::Borrowed(config),
    }
}

/// The repository standard whose path the plan's preamble names, backticked or linked.
pub fn cited_standard<'c>(file: &SourceFile, config: &'c AnalysisConfig) -> Option<&'c Standard> {
    if config.standard_configured || config.standards.is_empty() {
        return None;
    }
    let outline = file.outline();
    let start = outline.front_matter.as_ref().map_or(0, |f| f.range.end);
    let end = outline
        .headings
        .iter()
        .find(|h| h.level >= 2)
        .map_or(file.text().len(), |h| h.range.start)
        .max(start);
    let preamble = &file.text()[start..end];
    let doc_dir = config
        .document_path
        .as_deref()
        .and_then(|p| p.rsplit_once('/').map(|(dir, _)| dir))
        .unwrap_or("");
    cited_paths(preamble).find_map(|written| {
        let written = written.trim_start_matches("./");
        let from_root = join_relative("", written);
        let from_dir = join_relative(doc_dir, written);
        config
            .standards
            .iter()
            .find(|(path, _)| {
                from_root.as_deref() == Some(path.as_str())
                    || from_dir.as_deref() == Some(path.as_str())
            })
            .map(|(_, standard)| standard)
    })
}

/// Paths ending in `PLANS.md` inside backticks or a link's parentheses.
fn cited_paths(text: &str) -> impl Iterator<Item = &str> {
    let lower = text.to_ascii_lowercase();
    let ends: Vec<usize> = lower
        .match_indices("plans.md")
        .map(|(i, m)| i + m.len())
        .collect();
    ends.into_iter().filter_map(move |end| {
        let closing = text[end..].chars().next()?;
        let opening = match closing {
            '`' => '`',
            ')' => '(',
            '>' => '<',
            _ => return None,
        };
        let start = text[..end].rfind(opening)? + 1;
        let path = &text[start..end];
        (!path.contains(char::is_whitespace)).then_some(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_with(standards: Vec<(&str, Standard)>, document: &str) -> AnalysisConfig {
        AnalysisConfig {
            standards: std::sync::Arc::new(
                standards
                    .into_iter()
                    .map(|(p, s)| (p.to_string(), s))
                    .collect(),
            ),
            document_path: Some(document.to_string()),
            ..AnalysisConfig::default()
        }
    }

    #[test]
    fn a_plan_follows_the_standard_its_preamble_names() {
        let short = Standard::from_names(&["Goal".into(), "Scope".into(), "Progress".into()]);
        let config = config_with(
            vec![(".codex/skills/execplan/references/PLANS.md", short.clone())],
            "plans/a.md",
        );
        for preamble in [
            "This plan follows `.codex/skills/execplan/references/PLANS.md`.",
            "See [the standard](../.codex/skills/execplan/references/PLANS.md).",
            "See [the standard](<./.codex/skills/execplan/references/PLANS.md>).",
        ] {
            let file = SourceFile::parse(&format!("# ExecPlan: x\n\n{preamble}\n\n## Goal\n"));
            assert_eq!(cited_standard(&file, &config), Some(&short), "{preamble}");
        }
        let silent = SourceFile::parse("# ExecPlan: x\n\n## Goal\n\nSee `docs/PLANS.md`.\n");
        assert_eq!(
            cited_standard(&silent, &config),
            None,
            "only the preamble counts"
        );
        let mut configured = config.clone();
        configured.standard_configured = true;
        let file =
            SourceFile::parse("# x\n\nFollows `.codex/skills/execplan/references/PLANS.md`.\n");
        assert_eq!(
            cited_standard(&file, &configured),
            None,
            "configuration wins"
        );
    }
}

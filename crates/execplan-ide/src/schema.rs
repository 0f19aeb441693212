//! A repository's own PLANS.md as the schema: the required sections and their order,
//! read from its numbered (or bulleted) "Required Sections" list, else from the `##`
//! headings of its template (plain, or inside a ```md fence). Fewer than three sections
//! read as "no schema here", and the built-in list stays in force.

use execplan_syntax::{Heading, SourceFile};

use crate::Standard;

/// Where a standard's sections came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaSource {
    /// The numbered "Required Sections" list of a PLANS.md.
    RequiredList,
    /// The `##` headings of a PLANS.md's template or skeleton.
    Template,
}

impl SchemaSource {
    pub fn describe(&self) -> &'static str {
        match self {
            SchemaSource::RequiredList => "its \"Required Sections\" list",
            SchemaSource::Template => "the headings of its template",
        }
    }
}

/// The fewest sections that make a schema.
const MIN_SECTIONS: usize = 3;

/// The standard a PLANS.md defines, if it defines one.
pub fn standard_from_plans_md(text: &str) -> Option<(Standard, SchemaSource)> {
    let file = SourceFile::parse(text);
    if let Some(names) = required_list(&file).filter(|n| n.len() >= MIN_SECTIONS) {
        return Some((Standard::from_names(&names), SchemaSource::RequiredList));
    }
    template_headings(&file)
        .filter(|n| n.len() >= MIN_SECTIONS)
        .map(|names| (Standard::from_names(&names), SchemaSource::Template))
}

fn required_list(file: &SourceFile) -> Option<Vec<String>> {
    let outline = file.outline();
    let heading = outline.headings.iter().find(|h| {
        let t = h.text.to_lowercase();
        t.contains("required") && (t.contains("section") || t.contains("structure"))
    })?;
    let body = heading.body();
    let items: Vec<_> = outline
        .list_items
        .iter()
        .filter(|i| body.contains(&i.range.start))
        .collect();
    let depth = items.iter().map(|i| i.depth).min()?;
    let names: Vec<String> = items
        .iter()
        .filter(|i| i.depth == depth)
        .filter_map(|i| section_name(&file.text()[i.first_line.clone()]))
        .collect();
    dedup(names)
}

/// `Purpose / Big Picture`, `` `Progress` contains … ``, `**Decision Log**: …`,
/// `Plan of Work — the edits` → the section's name.
fn section_name(line: &str) -> Option<String> {
    let line = line.trim();
    let name = if let Some(rest) = line.strip_prefix('`') {
        rest.split('`').next().unwrap_or("")
    } else if let Some(rest) = line.strip_prefix("**") {
        rest.split("**").next().unwrap_or("")
    } else {
        let cut = [" — ", " – ", " - ", ": ", " ("]
            .iter()
            .filter_map(|sep| line.find(sep))
            .min()
            .unwrap_or(line.len());
        &line[..cut]
    };
    let name = name
        .trim()
        .trim_start_matches("## ")
        .trim_end_matches([':', '.', '：']);
    (!name.is_empty() && name.chars().count() <= 60).then(|| name.to_string())
}

fn template_headings(file: &SourceFile) -> Option<Vec<String>> {
    let outline = file.outline();
    let text = file.text();
    let (index, template) = outline
        .headings
        .iter()
        .enumerate()
        .find(|(_, h)| names_a_template(&h.text))?;
    // A fenced template: its own `##` headings.
    if let Some(fence) = outline.code_blocks.iter().find(|b| {
        b.fenced
            && b.range.start > template.range.start
            && matches!(b.info.as_deref(), Some(i) if i.eq_ignore_ascii_case("md") || i.eq_ignore_ascii_case("markdown"))
    }) {
        let inner = &text[fence.range.clone()];
        let content = inner.split_once('\n').map_or("", |(_, rest)| rest);
        let content = content.trim_end().trim_end_matches(['`', '~']);
        let names = level_two(&SourceFile::parse(content).outline().headings);
        if names.len() >= MIN_SECTIONS {
            return dedup(names);
        }
    }
    // A template heading whose own subsections are the sections (`## Plantilla mínima`
    // then `### 1. Título y objetivo`, …): their names, without the numbering.
    if template.level >= 2 {
        let nested: Vec<String> = outline.headings[index + 1..]
            .iter()
            .take_while(|h| h.range.start < template.section.end)
            .filter(|h| h.level == template.level + 1)
            .map(|h| without_numbering(&h.text).to_string())
            .collect();
        if nested.len() >= MIN_SECTIONS {
            return dedup(nested);
        }
    }
    // A plain template: the `##` headings after it, until a thematic break or an
    // "Optional" heading.
    let end = text[template.range.end..]
        .find("\n---")
        .map_or(text.len(), |i| template.range.end + i);
    let after: Vec<Heading> = outline.headings[index + 1..]
        .iter()
        .filter(|h| h.range.start < end)
        .take_while(|h| !h.text.to_lowercase().starts_with("optional"))
        .cloned()
        .collect();
    dedup(level_two(&after))
}

/// "Template" or "skeleton", also as standards in other languages write it.
fn names_a_template(heading: &str) -> bool {
    let t = heading.to_lowercase();
    [
        "template",
        "skeleton",
        "plantilla",
        "modèle",
        "vorlage",
        "modelo",
        "模板",
        "テンプレート",
        "템플릿",
    ]
    .iter()
    .any(|word| t.contains(word))
}

/// `3. Contexto` → `Contexto`; `3) x` → `x`.
fn without_numbering(name: &str) -> &str {
    let rest = name.trim_start_matches(|c: char| c.is_ascii_digit());
    if rest.len() == name.len() {
        return name;
    }
    rest.strip_prefix(['.', ')']).unwrap_or(rest).trim_start()
}

fn level_two(headings: &[Heading]) -> Vec<String> {
    headings
        .iter()
        .filter(|h| h.level == 2)
        .map(|h| h.text.clone())
        .collect()
}

fn dedup(names: Vec<String>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Option<(Vec<String>, SchemaSource)> {
        standard_from_plans_md(text)
            .map(|(s, src)| (s.sections.into_iter().map(|s| s.name).collect(), src))
    }

    #[test]
    fn the_required_list_wins() {
        let text = "# PLANS\n\n## Required Sections\n\n1. Goal\n2. Progress — timestamped\n3. `Risks`: what could go wrong\n\n## Template\n\n## A\n## B\n## C\n## D\n";
        assert_eq!(
            names(text),
            Some((
                vec!["Goal".into(), "Progress".into(), "Risks".into()],
                SchemaSource::RequiredList
            ))
        );
    }

    #[test]
    fn template_headings_plain_or_fenced() {
        let plain = "# PLANS\n\n## ExecPlan Template\n\n# <title>\n\n## Goal\n\n## Progress\n\n## Risks\n\n---\n\n## Optional: Index\n";
        assert_eq!(
            names(plain).map(|n| n.0),
            Some(vec!["Goal".into(), "Progress".into(), "Risks".into()])
        );
        let fenced = "# PLANS\n\n## Skeleton of a Good ExecPlan\n\n```md\n# Title\n\n## Goal\n## Progress\n## Decision Log\n```\n";
        let (found, source) = names(fenced).unwrap();
        assert_eq!(found, vec!["Goal", "Progress", "Decision Log"]);
        assert_eq!(source, SchemaSource::Template);
        let (standard, _) = standard_from_plans_md(fenced).unwrap();
        assert!(standard.sections[1].living && !standard.sections[0].living);
    }

    #[test]
    fn a_template_whose_subsections_are_the_sections() {
        let text = "# Planes\n\n## Plantilla mínima\n### 1. Título y objetivo\n### 2. Contexto\n### 3. Riesgos\n### 4. Log de progreso\n\n## Reglas\n### No es una sección\n";
        let (names, source) = names(text).unwrap();
        assert_eq!(
            names,
            [
                "Título y objetivo",
                "Contexto",
                "Riesgos",
                "Log de progreso"
            ]
        );
        assert_eq!(source, SchemaSource::Template);
    }

    #[test]
    fn fewer_than_three_sections_is_no_schema() {
        assert_eq!(
            names("# PLANS\n\n## Required Sections\n\n1. Goal\n2. Progress\n"),
            None
        );
        assert_eq!(names("# Notes\n\nNothing here.\n"), None);
    }
}

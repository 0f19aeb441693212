//! A repository's own PLANS.md as the schema: the required sections and their order, read
//! as its authors wrote them. In order of preference:
//!
//! 1. under a "Required sections" heading (in English or as translated standards write
//!    it: `必須セクション`, `필수 구조`, `最小结构`): its subsections (`### Goal`), else a
//!    skeleton in a code block there, else its list (`1. Purpose / Big Picture`);
//! 2. a template or skeleton heading's skeleton: a ```` ```md ```` fence or a block
//!    indented four spaces after it, its own subsections, or the `##` headings after it.
//!
//! What is read must look like section names: a list of commands, paths or sentences is
//! not a schema. Then the built-in standard applies and [`SchemaReading::problem`] says
//! what could not be read, for a diagnostic on the standard. Fewer than three sections
//! read as "no schema here".

use execplan_syntax::{Heading, SourceFile, TextRange};

use crate::Standard;

/// Where a standard's sections came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaSource {
    /// The numbered "Required Sections" list of a PLANS.md.
    RequiredList,
    /// The subsections of its "Required Sections" heading (`### Goal`, …).
    RequiredHeadings,
    /// The `##` headings of a PLANS.md's template or skeleton.
    Template,
}

impl SchemaSource {
    pub fn describe(&self) -> &'static str {
        match self {
            SchemaSource::RequiredList => "its \"Required Sections\" list",
            SchemaSource::RequiredHeadings => "the headings under its \"Required Sections\"",
            SchemaSource::Template => "the headings of its template",
        }
    }
}

/// Something in a standard that looked like its list of sections but could not be read as
/// one, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaProblem {
    pub message: String,
    pub range: TextRange,
}

/// What reading a PLANS.md gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SchemaReading {
    pub schema: Option<(Standard, SchemaSource)>,
    /// Set when a list of sections was found but rejected (and no other source gave one).
    pub problem: Option<SchemaProblem>,
    /// The folders the standard says plans live in (see [`plan_folders`]).
    pub plan_folders: Vec<String>,
}

/// The fewest sections that make a schema.
const MIN_SECTIONS: usize = 3;

/// The standard a PLANS.md defines, if it defines one.
pub fn standard_from_plans_md(text: &str) -> Option<(Standard, SchemaSource)> {
    read_schema(&SourceFile::parse(text)).schema
}

/// Reads the schema of a parsed PLANS.md, saying what could not be read.
pub fn read_schema(file: &SourceFile) -> SchemaReading {
    let mut problem = None;
    let candidates = required_sections(file)
        .into_iter()
        .chain(template_headings(file));
    for (names, source, range, aliases) in candidates {
        let names = dedup(names);
        if names.len() < MIN_SECTIONS {
            continue;
        }
        match unreadable_name(&names) {
            None => {
                let mut standard = Standard::from_names(&names);
                entry_forms(file.text(), &mut standard);
                for (name, more) in aliases {
                    if let Some(spec) = standard.sections.iter_mut().find(|s| s.name == name) {
                        spec.aliases.extend(more.into_iter().filter(|a| *a != name));
                    }
                }
                return SchemaReading {
                    schema: Some((standard, source)),
                    problem: None,
                    plan_folders: plan_folders(file),
                };
            }
            Some((name, why)) => {
                problem.get_or_insert(SchemaProblem {
                    message: format!(
                        "the standard's {} reads as no list of sections: `{name}` {why}; the built-in twelve sections apply",
                        source.describe().trim_start_matches("its ").trim_start_matches("the ")
                    ),
                    range,
                });
            }
        }
    }
    SchemaReading {
        schema: None,
        problem,
        plan_folders: plan_folders(file),
    }
}

/// The folders a standard says plans live in: backticked repository paths ending in `/`
/// that name plans (`.agent/execplans/active/`, `docs/exec-plans/completed/`, `plans/`).
/// A folder with a placeholder (`<workstream>/`) is left out: what else such folders
/// hold (task files) is not for a path to say.
pub fn plan_folders(file: &SourceFile) -> Vec<String> {
    let mut folders: Vec<String> = Vec::new();
    for code in file.text().split('`').skip(1).step_by(2) {
        let folder = code.trim_start_matches('/');
        let usable = folder.ends_with('/')
            && folder.len() > 1
            && folder.to_ascii_lowercase().contains("plan")
            && !folder.contains(['<', '>', '*', ' ', '{', '$'])
            && !folder.starts_with("..");
        if usable && !folders.iter().any(|f| f == folder) {
            folders.push(folder.to_string());
        }
    }
    folders
}

/// Names, where they came from, the range to point at when they are rejected, and other
/// headings the standard allows for some of them.
type Candidate = (
    Vec<String>,
    SchemaSource,
    TextRange,
    Vec<(String, Vec<String>)>,
);

/// "Required sections" as standards write it, in English and in the languages of the
/// translated standards seen in real repositories.
fn names_required_sections(heading: &str) -> bool {
    let t = heading.to_lowercase();
    let required = [
        "required",
        "mandatory",
        "必須",
        "必须",
        "必需",
        "필수",
        "最小",
    ]
    .iter()
    .any(|w| t.contains(w));
    let sections = [
        "section",
        "structure",
        "セクション",
        "構成",
        "章节",
        "结构",
        "結構",
        "섹션",
        "구조",
    ]
    .iter()
    .any(|w| t.contains(w));
    required && sections
}

fn required_sections(file: &SourceFile) -> Vec<Candidate> {
    let outline = file.outline();
    let Some((index, heading)) = outline
        .headings
        .iter()
        .enumerate()
        .find(|(_, h)| names_required_sections(&h.text))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    // `### Goal`, `### Scope`, … under it.
    let nested = subsection_names(&outline.headings, index, heading);
    if !nested.is_empty() {
        out.push((
            nested,
            SchemaSource::RequiredHeadings,
            heading.range.clone(),
            Vec::new(),
        ));
    }
    // A skeleton in a code block under it.
    if let Some(names) = skeleton_in_code_block(file, heading.range.end, heading.section.end) {
        out.push((
            names,
            SchemaSource::Template,
            heading.range.clone(),
            Vec::new(),
        ));
    }
    // Its list, before any subsection (a subsection's bullets are its own advice).
    let body_end = outline.headings[index + 1..]
        .iter()
        .find(|h| h.range.start >= heading.range.end)
        .map_or(heading.section.end, |h| {
            h.range.start.min(heading.section.end)
        });
    let body = heading.range.end..body_end;
    let items: Vec<_> = outline
        .list_items
        .iter()
        .filter(|i| body.contains(&i.range.start))
        .collect();
    if let Some(depth) = items.iter().map(|i| i.depth).min() {
        // The first list only: a paragraph after it ("Fixed rules:") starts other advice.
        let text = file.text();
        let top: Vec<_> = items.iter().filter(|i| i.depth == depth).collect();
        let mut list = vec![top[0]];
        for item in &top[1..] {
            let previous = list[list.len() - 1];
            let between = text.get(previous.range.end..item.range.start).unwrap_or("");
            if !between.trim().is_empty() {
                break;
            }
            list.push(item);
        }
        let mut names = Vec::new();
        let mut aliases = Vec::new();
        for item in &list {
            if let Some(name) = section_name(&text[item.first_line.clone()]) {
                // Other headings the item's own notes allow for the section
                // ("or use the heading `## 0. Architecture review`").
                let notes = text.get(item.first_line.end..item.range.end).unwrap_or("");
                aliases.push((name.clone(), backticked_headings(notes)));
                names.push(name);
            }
        }
        let range = list[0].first_line.clone();
        out.push((names, SchemaSource::RequiredList, range, aliases));
    }
    out
}

/// The forms a repository's standard gives entries, read from its text: a decision's
/// `Rationale:` and `Date/Author:` are asked for only when the standard mentions them, and
/// Progress stamps take the form of its examples (`(2025-10-01 13:00Z)`, ISO
/// `2026-05-26T16:25Z`, or dates); a standard that shows and names no stamp at all asks
/// for none.
fn entry_forms(text: &str, standard: &mut Standard) {
    let lower = text.to_lowercase();
    standard.decision_fields = crate::DecisionFields {
        rationale: lower.contains("rationale"),
        date_author: lower.contains("date/author")
            || lower.contains("date / author")
            || lower.contains("author:"),
    };
    let region = 0..text.len();
    let stamps: Vec<_> = crate::rules::stamp::scan(text, &region).collect();
    let minute = lower.contains("yyyy-mm-dd hh:mm")
        || stamps
            .iter()
            .any(|s| s.time.is_some() && !text[s.range.clone()].contains('T'));
    let iso = lower.contains("yyyy-mm-ddthh:mm")
        || stamps
            .iter()
            .any(|s| s.time.is_some() && text[s.range.clone()].contains('T'));
    let named = lower.contains("timestamp") || lower.contains("time stamp");
    standard.timestamp_form = if minute {
        None
    } else if iso {
        Some(crate::TimestampForm::Iso)
    } else {
        Some(crate::TimestampForm::Date)
    };
    standard.stamps_required = minute || iso || named || !stamps.is_empty();
}

/// `` `## Name` `` spans in `text`: the names.
fn backticked_headings(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|code| code.strip_prefix("## "))
        .map(|name| without_numbering(name.trim()).to_string())
        .filter(|name| !name.is_empty())
        .collect()
}

/// `Purpose / Big Picture`, `` `Progress` contains … ``, `**Decision Log**: …`,
/// `Plan of Work — the edits` → the section's name. ``1. `# <Title>` `` is the plan's
/// title, not a section: `None`.
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
    let name = name.trim();
    if name.starts_with("# ") || name == "#" {
        return None;
    }
    let name = name.trim_start_matches("## ").trim_end_matches([':', '：']);
    // A full stop closes a name's abbreviation (`Misc.`) but a sentence's last word: keep
    // it on anything long enough to be a sentence, so it is recognised as one.
    let name = if name.split_whitespace().count() >= 4 {
        name
    } else {
        name.trim_end_matches('.')
    };
    (!name.is_empty() && name.chars().count() <= 60).then(|| name.to_string())
}

/// Why `name` is no section name, if it is not: a command (`mise run check`,
/// `cargo test --all`), a path (`docs/PLANS.md`), or a sentence.
fn unreadable_name(names: &[String]) -> Option<(&str, &'static str)> {
    names.iter().find_map(|name| {
        let why = if looks_like_command(name) {
            "looks like a command"
        } else if looks_like_path(name) {
            "looks like a path"
        } else if looks_like_sentence(name) {
            "looks like a sentence"
        } else {
            return None;
        };
        Some((name.as_str(), why))
    })
}

fn looks_like_command(name: &str) -> bool {
    let shell = ["--", "&&", "||", " | ", "$", "=", "./", " -"]
        .iter()
        .any(|s| name.contains(s));
    // Section names are capitalised, or written in a script without case; a run of
    // lowercase ASCII words (`mise run check`, `npm test`) is a command line.
    let lowercase_words = name.contains(' ')
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, ' ' | ':' | '_' | '.' | '-')
        });
    shell || lowercase_words
}

fn looks_like_path(name: &str) -> bool {
    name.split_whitespace().any(|word| {
        let slash = word.len() > 1 && (word.contains('/') || word.contains('\\'));
        let extension = word.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && matches!(
                    ext,
                    "md" | "rs"
                        | "py"
                        | "ts"
                        | "js"
                        | "json"
                        | "toml"
                        | "yaml"
                        | "yml"
                        | "sh"
                        | "go"
                )
        });
        slash || extension
    })
}

/// Long, or closed by a full stop; in scripts written without spaces, long or broken by
/// a clause's comma.
fn looks_like_sentence(name: &str) -> bool {
    name.split_whitespace().count() > 8
        || name.ends_with(['.', '。', '!', '?', '！', '？'])
        || name.contains(['，', '；', '。'])
        || (!name.contains(' ') && name.chars().count() > 24)
}

/// The level+1 subsections of `heading` (index `index`), without their numbering.
fn subsection_names(headings: &[Heading], index: usize, heading: &Heading) -> Vec<String> {
    headings[index + 1..]
        .iter()
        .take_while(|h| h.range.start < heading.section.end)
        .filter(|h| h.level == heading.level + 1)
        .map(|h| without_numbering(&h.text).to_string())
        .collect()
}

/// The `##` headings of the first skeleton in a code block between `from` and `to`: a
/// fence whose info says markdown (or says nothing), or a block indented four spaces.
fn skeleton_in_code_block(file: &SourceFile, from: usize, to: usize) -> Option<Vec<String>> {
    let text = file.text();
    file.outline()
        .code_blocks
        .iter()
        .filter(|b| b.range.start >= from && b.range.start < to)
        .filter(|b| {
            !b.fenced
                || matches!(b.info.as_deref(), None | Some("")) 
                || matches!(b.info.as_deref(), Some(i) if i.eq_ignore_ascii_case("md") || i.eq_ignore_ascii_case("markdown"))
        })
        .find_map(|block| {
            let content = code_block_content(&text[block.range.clone()], block.fenced);
            let names = level_two(&SourceFile::parse(&content).outline().headings);
            (names.len() >= MIN_SECTIONS).then_some(names)
        })
}

/// The text inside a code block: a fence's lines between its fences, or an indented
/// block's lines without their four columns of indentation.
fn code_block_content(block: &str, fenced: bool) -> String {
    if fenced {
        let content = block.split_once('\n').map_or("", |(_, rest)| rest);
        let content = content.trim_end();
        let content = content
            .rsplit_once('\n')
            .filter(|(_, last)| last.trim_start().starts_with(['`', '~']))
            .map_or(content, |(inner, _)| inner);
        return content.to_string();
    }
    block
        .lines()
        .map(|line| {
            let mut rest = line;
            let mut columns = 0;
            while columns < 4 {
                if let Some(r) = rest.strip_prefix(' ') {
                    rest = r;
                    columns += 1;
                } else if let Some(r) = rest.strip_prefix('\t') {
                    rest = r;
                    columns = 4;
                } else {
                    break;
                }
            }
            rest
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn template_headings(file: &SourceFile) -> Vec<Candidate> {
    let outline = file.outline();
    let text = file.text();
    let Some((index, template)) = outline
        .headings
        .iter()
        .enumerate()
        .find(|(_, h)| names_a_template(&h.text))
    else {
        return Vec::new();
    };
    let range = template.range.clone();
    let mut out = Vec::new();
    // A skeleton in a fence or an indented block after the template heading.
    if let Some(names) = skeleton_in_code_block(file, template.range.end, text.len()) {
        out.push((names, SchemaSource::Template, range.clone(), Vec::new()));
    }
    // A template heading whose own subsections are the sections (`## Plantilla mínima`
    // then `### 1. Título y objetivo`, …): their names, without the numbering.
    if template.level >= 2 {
        let nested = subsection_names(&outline.headings, index, template);
        if nested.len() >= MIN_SECTIONS {
            out.push((nested, SchemaSource::Template, range.clone(), Vec::new()));
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
    out.push((level_two(&after), SchemaSource::Template, range, Vec::new()));
    out
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
        "骨架",
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

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
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

    #[test]
    fn subsections_under_required_sections_are_the_schema() {
        // The bullets under a subsection are advice, not sections.
        let text = "# Plans\n\n## Required sections\n\n### Goal\n\n- `mise run check`\n- `mise run build`\n\n### Scope\n\n### Milestones\n\n### Progress\n\n## Other\n";
        let (found, source) = names(text).unwrap();
        assert_eq!(found, ["Goal", "Scope", "Milestones", "Progress"]);
        assert_eq!(source, SchemaSource::RequiredHeadings);
        let japanese = "# ExecPlan Standard\n\n## 必須セクション\n\n### Goal\n\n- 目的を書く。\n\n### Scope\n\n### Decisions / Risks\n\n### Progress\n";
        assert_eq!(
            names(japanese).unwrap().0,
            ["Goal", "Scope", "Decisions / Risks", "Progress"]
        );
    }

    #[test]
    fn the_title_item_of_a_required_list_is_not_a_section() {
        let text = "# PLANS\n\n## Required sections\n\n1. `# <Short action-oriented title>`\n2. `## Goal`\n3. `## Progress`\n4. `## Risks`\n";
        assert_eq!(names(text).unwrap().0, ["Goal", "Progress", "Risks"]);
    }

    #[test]
    fn an_indented_skeleton_is_a_template() {
        let text = "# 执行计划\n\n## 优秀 ExecPlan 的骨架模板\n\n    # <简短的标题>\n\n    ## 目标与全局图景\n\n    ## 进度\n\n    - [x] (2025-10-01 13:00Z) 示例。\n\n    ## 决策记录\n\n    ## 额外章节\n";
        let (found, source) = names(text).unwrap();
        assert_eq!(found, ["目标与全局图景", "进度", "决策记录", "额外章节"]);
        assert_eq!(source, SchemaSource::Template);
        // Translated sections keep their roles.
        let (standard, _) = standard_from_plans_md(text).unwrap();
        assert!(standard.sections[1].living && standard.sections[2].living);
        assert_eq!(standard.sections[1].aliases, ["Progress"]);
        assert!(!standard.sections[3].living);
    }

    #[test]
    fn a_fenced_skeleton_under_required_structure() {
        let text = "# Standard\n\n## 필수 구조\n\n```markdown\n# <제목>\n\n## Purpose / Big Picture\n## Scope\n### In Scope\n## Progress\n## Decision Log\n```\n";
        assert_eq!(
            names(text).unwrap().0,
            ["Purpose / Big Picture", "Scope", "Progress", "Decision Log"]
        );
    }

    #[test]
    fn a_list_of_commands_is_no_schema_and_says_why() {
        let text = "# PLANS\n\n## Required sections\n\n- `mise run check`\n- `mise run build`\n- `mise run test`\n";
        let reading = read_schema(&SourceFile::parse(text));
        assert_eq!(reading.schema, None);
        let problem = reading.problem.expect("the rejected list is reported");
        assert!(
            problem
                .message
                .contains("`mise run check` looks like a command"),
            "{}",
            problem.message
        );
        assert_eq!(&text[problem.range.clone()], "`mise run check`");
        for (list, why) in [
            (
                "- docs/a.md\n- docs/b.md\n- docs/c.md\n",
                "looks like a path",
            ),
            (
                "- Write the plan before you start.\n- Keep it current.\n- Close it out.\n",
                "looks like a sentence",
            ),
        ] {
            let reading = read_schema(&SourceFile::parse(&format!(
                "# P\n\n## Required Sections\n\n{list}"
            )));
            assert_eq!(reading.schema, None);
            assert!(reading.problem.unwrap().message.contains(why));
        }
    }
}

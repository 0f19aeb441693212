//! `index-mismatch`: an ExecPlan index (the standard's optional "Active ExecPlan Index" in
//! PLANS.md, or an index file's "Active ExecPlans" list) agrees with the plans it lists.
//! An entry that names a plan file that does not exist, an entry whose status contradicts
//! the plan's own, and, with `[index] require = true`, an unfinished plan missing from the
//! index. The plans come in as data ([`PlanFacts`], gathered by `check` or the server from
//! the workspace); nothing here reads the disk.

use execplan_syntax::{SourceFile, TextRange};

use crate::living::{summarize, StatusKind};
use crate::section_names::normalize;
use crate::{AnalysisConfig, Diagnostic, Fix, Rule, TextEdit};

/// What the index check needs to know of one plan of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFacts {
    /// Relative to the repository root, `/`-separated.
    pub path: String,
    pub title: Option<String>,
    /// The status as the plan writes it.
    pub status: Option<String>,
    /// Not done: its status says so (planned, in progress, blocked) or, without a status
    /// word that tells, it has open Progress items (or none yet).
    pub unfinished: bool,
}

impl PlanFacts {
    /// The facts of the plan `file` at `path`.
    pub fn of(file: &SourceFile, config: &AnalysisConfig, path: &str) -> PlanFacts {
        let config = crate::cited_standard::config_for(file, config);
        let summary = summarize(file, &config);
        PlanFacts {
            path: path.to_string(),
            title: summary.title.clone(),
            status: summary.status.as_ref().map(|s| s.text.clone()),
            unfinished: match summary.status.as_ref().map(|s| s.kind) {
                Some(StatusKind::Done) => false,
                Some(StatusKind::Planned | StatusKind::Active | StatusKind::Blocked) => true,
                Some(StatusKind::Other) | None => summary
                    .progress
                    .as_ref()
                    .is_none_or(|p| p.open > 0 || p.total() == 0),
            },
        }
    }

    /// The file name without `.md`.
    fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name)
    }
}

/// One line of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The item's first line.
    pub line: TextRange,
    /// The plan file it names (`Path:…`, a link or a code span ending in `.md`).
    pub path: Option<String>,
    /// The plan's name or id, when written as one.
    pub name: Option<String>,
    pub status: Option<String>,
}

/// Whether a heading names an index of plans: "Active ExecPlan Index", "ExecPlan Index",
/// "Active ExecPlans", "Archived ExecPlans".
fn is_index_heading(text: &str) -> bool {
    let n = normalize(text);
    n.contains("execplan index")
        || n.contains("exec plan index")
        || n.contains("plans index")
        || n == "active execplans"
        || n == "completed execplans"
        || n == "archived execplans"
}

/// Every index heading with its body (nested ones too: a title "ExecPlan Index" over
/// "## Active ExecPlans").
pub fn index_bodies(file: &SourceFile) -> Vec<(TextRange, TextRange)> {
    file.outline()
        .headings
        .iter()
        .filter(|h| is_index_heading(&h.text))
        .map(|h| (h.range.clone(), h.body()))
        .collect()
}

/// The entries of every index in `file`: the list items an index heading holds directly
/// (a title "ExecPlan Index" over "## Conventions" lists no plan there) that give a
/// status or a plan path.
pub fn entries(file: &SourceFile) -> Vec<IndexEntry> {
    let text = file.text();
    let outline = file.outline();
    let headings = &outline.headings;
    let mut out = Vec::new();
    for item in &outline.list_items {
        if item.depth > 0 || outline.in_code_block(item.range.start) {
            continue;
        }
        let nearest = headings.partition_point(|h| h.range.start < item.range.start);
        if nearest == 0 || !is_index_heading(&headings[nearest - 1].text) {
            continue;
        }
        if let Some(entry) = read_entry(text, item.first_line.clone()) {
            out.push(entry);
        }
    }
    out
}

fn read_entry(text: &str, line: TextRange) -> Option<IndexEntry> {
    let written = &text[line.clone()];
    let parts: Vec<&str> = split_dashes(written)
        .into_iter()
        .map(|p| p.trim().trim_matches('`').trim())
        .collect();
    let field = |name: &str| {
        parts.iter().find_map(|p| {
            let (key, value) = p.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().trim_matches('`').trim().to_string())
        })
    };
    // The format's own example (`status: planned|in_progress`, `Path:<repo-relative
    // path>`, `EP-YYYY-MM-DD__slug.md`) is no entry.
    let example = |v: &String| v.contains(['|', '<', '>']) || v.contains("YYYY");
    let status = field("status").filter(|s| !s.is_empty() && !example(s));
    let path = field("path")
        .map(|p| p.trim_start_matches('/').to_string())
        .or_else(|| md_path(written))
        .filter(|p| !example(p));
    if status.is_none() && path.is_none() {
        return None;
    }
    let name = parts
        .iter()
        .find(|p| {
            !p.is_empty()
                && !p.contains(':')
                && crate::rules::stamp::scan(p, &(0..p.len()))
                    .next()
                    .is_none_or(|s| s.range.start != 0)
        })
        .map(|p| p.to_string());
    Some(IndexEntry {
        line,
        path,
        name,
        status,
    })
}

/// A `.md` path in a link destination or a code span of the line.
fn md_path(line: &str) -> Option<String> {
    let link = line.split("](").skip(1).find_map(|rest| {
        let dest = rest.split(')').next()?.trim();
        dest.ends_with(".md").then(|| dest.to_string())
    });
    link.or_else(|| {
        line.split('`')
            .skip(1)
            .step_by(2)
            .map(str::trim)
            .find(|span| span.ends_with(".md") && !span.contains(' '))
            .map(|s| s.trim_start_matches("./").to_string())
    })
}

/// `a - b — c` → `a`, `b`, `c`: splits on a dash with spaces around it.
fn split_dashes(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '-' | '–' | '—')
            && text[..i].ends_with(' ')
            && text[i + c.len_utf8()..].starts_with(' ')
        {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The plan an entry lists: by path (from the root, then from the index's folder), else
/// by name (the title, with or without "ExecPlan:", or the file name).
fn matched<'p>(entry: &IndexEntry, plans: &'p [PlanFacts], doc_dir: &str) -> Option<&'p PlanFacts> {
    if let Some(path) = &entry.path {
        let candidates = [
            crate::paths::join_relative("", path),
            crate::paths::join_relative(doc_dir, path),
        ];
        return plans
            .iter()
            .find(|p| candidates.iter().flatten().any(|c| *c == p.path));
    }
    let name = normalize(entry.name.as_deref()?);
    plans.iter().find(|p| {
        let title = p.title.as_deref().map(normalize).unwrap_or_default();
        let bare = title
            .strip_prefix("execplan:")
            .map(str::trim)
            .unwrap_or(&title);
        name == title || name == bare || name == normalize(p.stem())
    })
}

/// The findings on `file`'s indexes against the repository's `plans`.
pub fn index_findings(
    file: &SourceFile,
    config: &AnalysisConfig,
    plans: &[PlanFacts],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if matches!(config.rules.get(&Rule::IndexMismatch), Some(None)) {
        return out;
    }
    let doc_dir = config
        .document_path
        .as_deref()
        .and_then(|p| p.rsplit_once('/'))
        .map_or("", |(dir, _)| dir);
    let entries = entries(file);
    let mut listed: Vec<&str> = Vec::new();
    for entry in &entries {
        let plan = matched(entry, plans, doc_dir);
        if let Some(plan) = plan {
            listed.push(&plan.path);
        }
        match (plan, &entry.path) {
            (None, Some(path)) => {
                let exists = config
                    .repo
                    .as_ref()
                    .is_none_or(|repo| crate::paths::resolve(repo, Some(doc_dir), path).is_some());
                if !exists {
                    out.push(Diagnostic::new(
                        Rule::IndexMismatch,
                        entry.line.clone(),
                        format!("The index lists `{path}`, which does not exist"),
                    ));
                }
            }
            (Some(plan), _) => {
                if let Some(message) = status_mismatch(entry, plan) {
                    out.push(Diagnostic::new(
                        Rule::IndexMismatch,
                        entry.line.clone(),
                        message,
                    ));
                }
            }
            (None, None) => {}
        }
    }
    if config.index_require {
        let bodies = index_bodies(file);
        let text = file.text();
        // The active plans' list when there is one ("## Active ExecPlans"), else the first.
        let chosen = bodies
            .iter()
            .find(|(heading, _)| normalize(&text[heading.clone()]).contains("active"))
            .or(bodies.first());
        if let Some((heading, body)) = chosen {
            // New lines go after the index's last entry (or right under its heading).
            let at = entries
                .iter()
                .filter(|e| body.contains(&e.line.start))
                .map(|e| e.line.end)
                .max()
                .map(|end| text[end..].find('\n').map_or(text.len(), |i| end + i + 1))
                .unwrap_or_else(|| body.start);
            for plan in plans.iter().filter(|p| p.unfinished) {
                if listed.contains(&plan.path.as_str()) {
                    continue;
                }
                let title = plan.title.as_deref().unwrap_or(plan.stem());
                let title = title.strip_prefix("ExecPlan:").map_or(title, str::trim);
                let owner = config.author.as_deref().unwrap_or("TBD");
                let line = format!(
                    "- {} - {title} ([{}]({})) - status: in_progress - owner: {owner}\n",
                    config.now.date(),
                    plan.stem(),
                    relative_link(doc_dir, &plan.path)
                );
                let insert = if at > 0 && !text[..at].ends_with('\n') {
                    format!("\n{line}")
                } else {
                    line
                };
                out.push(
                    Diagnostic::new(
                        Rule::IndexMismatch,
                        heading.clone(),
                        format!("`{}` is unfinished but not in the index", plan.path),
                    )
                    .with_fix(Fix::new(
                        format!("Add `{}` to the index", plan.path),
                        vec![TextEdit {
                            range: at..at,
                            new_text: insert,
                        }],
                        crate::Applicability::Unsafe,
                    )),
                );
            }
        }
    }
    out.sort_by_key(|d| d.range.start);
    out
}

/// The status an entry gives against the plan's own state.
fn status_mismatch(entry: &IndexEntry, plan: &PlanFacts) -> Option<String> {
    let said = entry.status.as_deref()?;
    let kind = StatusKind::of(said);
    // The plan's own status word decides when it has one; else its Progress.
    let (plan_state, plan_done) = match &plan.status {
        Some(own) => match StatusKind::of(own) {
            StatusKind::Other => return None,
            own_kind => (format!("says `{own}`"), own_kind == StatusKind::Done),
        },
        None if plan.unfinished => ("has open Progress items".to_string(), false),
        None => ("has every Progress item done".to_string(), true),
    };
    let contradicts = match kind {
        StatusKind::Done => !plan_done,
        StatusKind::Planned | StatusKind::Active | StatusKind::Blocked => plan_done,
        StatusKind::Other => false,
    };
    contradicts.then(|| {
        format!(
            "The index says `{said}`, but `{}` {plan_state}: update one of them",
            plan.path
        )
    })
}

/// `path` (from the root) as a link from a document in `doc_dir`.
fn relative_link(doc_dir: &str, path: &str) -> String {
    let from: Vec<&str> = doc_dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = path.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RepoFiles;
    use std::sync::Arc;

    fn plans() -> Vec<PlanFacts> {
        let facts = |path: &str, title: &str, status: Option<&str>, unfinished| PlanFacts {
            path: path.to_string(),
            title: Some(title.to_string()),
            status: status.map(str::to_string),
            unfinished,
        };
        vec![
            facts("docs/plans/quiet.md", "ExecPlan: Add --quiet", None, true),
            facts(
                "docs/plans/rules.md",
                "ExecPlan: Rules",
                Some("COMPLETED"),
                false,
            ),
            facts(
                ".agent/execplans/active/EP-1__boot.md",
                "Boot",
                Some("ACTIVE"),
                true,
            ),
            facts("docs/plans/forgotten.md", "ExecPlan: Forgotten", None, true),
        ]
    }

    fn config(require: bool) -> AnalysisConfig {
        AnalysisConfig {
            document_path: Some("PLANS.md".to_string()),
            repo: Some(Arc::new(RepoFiles::from_files(
                plans().iter().map(|p| p.path.clone()),
            ))),
            index_require: require,
            now: crate::UtcMinute::new(2026, 12, 5, 9, 0).unwrap(),
            author: Some("Ada".to_string()),
            ..AnalysisConfig::default()
        }
    }

    const INDEX: &str = "# Plans\n\n## Active ExecPlan Index\n\n\
        - 2026-11-20 - Add --quiet - status: in_progress - owner: Ada\n\
        - 2026-11-21 - Rules - status: in_progress - owner: Ada\n\
        - `EP-1__boot` — `Status:DONE` — `Path:.agent/execplans/active/EP-1__boot.md`\n\
        - 2026-11-22 - [Gone](docs/plans/gone.md) - status: planned - owner: Ada\n";

    fn messages(found: &[Diagnostic]) -> Vec<String> {
        found.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn entries_that_contradict_their_plans_or_name_no_file() {
        let file = SourceFile::parse(INDEX);
        let found = index_findings(&file, &config(false), &plans());
        assert_eq!(
            messages(&found),
            [
                "The index says `in_progress`, but `docs/plans/rules.md` says `COMPLETED`: update one of them",
                "The index says `DONE`, but `.agent/execplans/active/EP-1__boot.md` says `ACTIVE`: update one of them",
                "The index lists `docs/plans/gone.md`, which does not exist",
            ]
        );
        assert!(INDEX[found[0].range.clone()].starts_with("2026-11-21 - Rules"));
    }

    #[test]
    fn with_require_an_unfinished_plan_missing_from_the_index_gets_its_line() {
        let file = SourceFile::parse(INDEX);
        let found = index_findings(&file, &config(true), &plans());
        let missing: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| d.message.contains("not in the index"))
            .collect();
        assert_eq!(missing.len(), 1, "{found:?}");
        assert_eq!(
            missing[0].message,
            "`docs/plans/forgotten.md` is unfinished but not in the index"
        );
        assert_eq!(&INDEX[missing[0].range.clone()], "## Active ExecPlan Index");
        let fix = missing[0].fix.as_ref().unwrap();
        let mut fixed = INDEX.to_string();
        let edit = &fix.edits[0];
        fixed.replace_range(edit.range.clone(), &edit.new_text);
        assert!(
            fixed.ends_with("owner: Ada\n- 2026-12-05 - Forgotten ([forgotten](docs/plans/forgotten.md)) - status: in_progress - owner: Ada\n"),
            "{fixed}"
        );
        // Listed now: nothing missing.
        let file = SourceFile::parse(&fixed);
        let again = index_findings(&file, &config(true), &plans());
        assert!(
            again
                .iter()
                .all(|d| !d.message.contains("not in the index")),
            "{again:?}"
        );
    }

    #[test]
    fn what_is_not_an_index_entry() {
        // Lines without a status or a plan path (conventions, the format itself) are not
        // entries; nor is anything outside an index heading.
        let text = "# ExecPlan Index\n\n## Entry format\n\n- `EP-YYYY-MM-DD__slug` — `Status:<DRAFT|ACTIVE>`\n\n## Conventions\n\n1. Active plans: `/.agent/execplans/active/`\n";
        assert_eq!(entries(&SourceFile::parse(text)), []);
        let text = "# Notes\n\n- 2026-11-21 - Rules - status: done - owner: Ada\n";
        assert_eq!(entries(&SourceFile::parse(text)), []);
    }
}

//! How far a plan is and what it says of itself: its status (front matter or a `Status:`
//! line under the title), its Progress counts, its newest dated entry, and whether its
//! Outcomes & Retrospective holds anything yet. The contradiction rules, the code lens,
//! `execplan-ls status` and staleness all read this one summary.

use execplan_syntax::{SourceFile, TaskState, TextRange};

use crate::plan::{normalized_names, PlanStructure};
use crate::rules::stamp;
use crate::section_names::normalize;
use crate::template::TemplateTexts;
use crate::{AnalysisConfig, UtcMinute};

/// What a plan's status word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    /// done, complete(d), finished, implemented, shipped, closed, archived.
    Done,
    /// planned, draft, proposed, pending, not started, todo.
    Planned,
    /// active, in progress, ongoing, started, wip.
    Active,
    /// blocked, on hold, paused.
    Blocked,
    /// Anything else (`Accepted`, `Needs review`): read, but it says nothing of progress.
    Other,
}

impl StatusKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusKind::Done => "done",
            StatusKind::Planned => "planned",
            StatusKind::Active => "in_progress",
            StatusKind::Blocked => "blocked",
            StatusKind::Other => "other",
        }
    }

    /// The kind a status word (or a phrase starting with one) names.
    pub fn of(word: &str) -> StatusKind {
        let lowered = word.to_lowercase().replace(['_', '-'], " ");
        let first_two: String = lowered
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let first = first_two.split(' ').next().unwrap_or("");
        let first = first.trim_end_matches(|c: char| !c.is_alphanumeric());
        match first_two.as_str() {
            "in progress" | "not started" | "on hold" | "under way" => {
                return match first {
                    "in" | "under" => StatusKind::Active,
                    "not" => StatusKind::Planned,
                    _ => StatusKind::Blocked,
                };
            }
            _ => {}
        }
        match first {
            "done" | "complete" | "completed" | "finished" | "implemented" | "shipped"
            | "closed" | "archived" | "merged" | "landed" => StatusKind::Done,
            "planned" | "planning" | "draft" | "proposed" | "pending" | "todo" | "new"
            | "backlog" => StatusKind::Planned,
            "active" | "ongoing" | "started" | "wip" | "inprogress" | "implementing"
            | "executing" | "doing" => StatusKind::Active,
            "blocked" | "paused" | "stalled" | "suspended" => StatusKind::Blocked,
            _ => StatusKind::Other,
        }
    }

    /// Whether a plan in this state is still being worked on (or not started).
    pub fn is_unfinished(self) -> bool {
        !matches!(self, StatusKind::Done)
    }
}

/// The status a plan gives itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStatus {
    /// The status as written, without emphasis or backticks (`COMPLETED`).
    pub text: String,
    pub kind: StatusKind,
    /// Where the value is written.
    pub range: TextRange,
}

/// Progress's checkboxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressCount {
    /// The (first) Progress heading.
    pub heading: TextRange,
    pub done: usize,
    pub open: usize,
}

impl ProgressCount {
    pub fn total(&self) -> usize {
        self.done + self.open
    }
}

/// The newest dated entry of the living sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastEntry {
    /// The earliest moment the stamp can mean (midnight UTC for a date alone).
    pub at: UtcMinute,
    /// The stamp as written.
    pub text: String,
    pub range: TextRange,
}

/// What a plan says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    /// The level-1 title's text.
    pub title: Option<String>,
    pub status: Option<PlanStatus>,
    /// `None` when the plan has no Progress section.
    pub progress: Option<ProgressCount>,
    pub last_entry: Option<LastEntry>,
    /// The Outcomes & Retrospective heading, when the section is there and holds
    /// something, but nothing of the plan's own yet ("Pending.", "(None yet.)"). An empty
    /// one is `empty-section`'s to report.
    pub outcomes_unwritten: Option<TextRange>,
    /// The Outcomes & Retrospective heading, when present.
    pub outcomes_heading: Option<TextRange>,
}

impl PlanSummary {
    /// Not finished: open Progress items, or no items at all, and a status that does not
    /// say done.
    pub fn is_unfinished(&self) -> bool {
        let status_open = self.status.as_ref().is_none_or(|s| s.kind.is_unfinished());
        let items_open = self
            .progress
            .as_ref()
            .is_none_or(|p| p.open > 0 || p.total() == 0);
        status_open && items_open
    }
}

/// The living sections a plan's last update is read from.
const DATED_SECTIONS: &[&str] = &["Progress", "Decision Log", "Surprises & Discoveries"];

/// Reads `file`'s summary under the standard in `config`.
pub fn summarize(file: &SourceFile, config: &AnalysisConfig) -> PlanSummary {
    let names = normalized_names(&config.standard);
    let structure = PlanStructure::with_names(file, &names);
    summarize_with(file, &structure, &names, &config.template, true)
}

/// [`summarize`] on a structure already found; without `last_entry` (which reads every
/// stamp of the living sections) unless `with_last_entry`.
pub(crate) fn summarize_with(
    file: &SourceFile,
    structure: &PlanStructure,
    names: &[Vec<String>],
    template: &TemplateTexts,
    with_last_entry: bool,
) -> PlanSummary {
    let text = file.text();
    let bodies = |name: &str| -> Vec<(TextRange, TextRange)> {
        let wanted = normalize(name);
        structure
            .sections
            .iter()
            .filter(|s| names[s.spec].contains(&wanted))
            .map(|s| (s.heading_range.clone(), s.body.clone()))
            .collect()
    };
    let progress_sections = bodies("Progress");
    let progress = progress_sections.first().map(|(heading, _)| {
        let items = &file.outline().list_items;
        let mut count = ProgressCount {
            heading: heading.clone(),
            done: 0,
            open: 0,
        };
        for (_, body) in &progress_sections {
            let first = items.partition_point(|i| i.range.start < body.start);
            for item in items[first..]
                .iter()
                .take_while(|i| i.range.start < body.end)
            {
                match item.task {
                    Some((TaskState::Done, _)) => count.done += 1,
                    Some((TaskState::Open, _)) => count.open += 1,
                    None => {}
                }
            }
        }
        count
    });
    let mut last_entry: Option<LastEntry> = None;
    for name in DATED_SECTIONS.iter().filter(|_| with_last_entry) {
        for (_, body) in bodies(name) {
            for found in stamp::scan(text, &body) {
                let Some(at) = found.earliest().filter(|_| found.is_valid()) else {
                    continue;
                };
                if file.outline().in_code_block(found.range.start) {
                    continue;
                }
                if last_entry.as_ref().is_none_or(|l| at > l.at) {
                    last_entry = Some(LastEntry {
                        at,
                        text: text[found.range.clone()].to_string(),
                        range: found.range.clone(),
                    });
                }
            }
        }
    }
    let outcomes = bodies("Outcomes & Retrospective");
    let outcomes_heading = outcomes.first().map(|(h, _)| h.clone());
    let outcomes_unwritten = outcomes
        .first()
        .filter(|_| {
            let bodies = || outcomes.iter().map(|(_, body)| &text[body.clone()]);
            let unwritten = |body: &str| {
                is_unwritten(body)
                    || body
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .all(|l| template.contains_line(l))
            };
            bodies().all(unwritten) && bodies().any(crate::rules::empty_section::has_content)
        })
        .map(|(h, _)| h.clone());
    PlanSummary {
        title: file.outline().title().map(|t| t.text.clone()),
        status: read_status(file, structure),
        progress,
        last_entry,
        outcomes_unwritten,
        outcomes_heading,
    }
}

/// Whether a section body holds nothing of the plan's own: whitespace, comments, and the
/// words plans and templates leave there until the end ("Pending.", "(None yet.)",
/// "(To be filled during and after implementation.)", "TBD").
pub(crate) fn is_unwritten(body: &str) -> bool {
    let mut rest = String::new();
    let mut remaining = body;
    // Comments say nothing.
    while let Some(start) = remaining.find("<!--") {
        rest.push_str(&remaining[..start]);
        match remaining[start..].find("-->") {
            Some(end) => remaining = &remaining[start + end + 3..],
            None => {
                remaining = "";
                break;
            }
        }
    }
    rest.push_str(remaining);
    rest.lines()
        .map(|l| {
            l.trim()
                .trim_start_matches(['-', '*', '+', '>'])
                .trim()
                .trim_matches(|c: char| matches!(c, '(' | ')' | '_' | '*' | '.' | '…'))
                .to_lowercase()
        })
        .filter(|l| !l.is_empty())
        .all(|l| {
            const FILLERS: &[&str] = &[
                "pending",
                "none yet",
                "none",
                "tbd",
                "todo",
                "n/a",
                "not yet",
                "to be filled",
                "to be written",
                "to be completed",
                "fill in",
            ];
            FILLERS
                .iter()
                .any(|f| l == *f || (l.starts_with(f) && l.len() < f.len() + 60))
        })
}

/// The plan's status: `status:` in front matter, else a `Status:` line (or list item,
/// quote line, `**Status:**`, `Plan status:`) between the title and the first required
/// section.
pub fn read_status(file: &SourceFile, structure: &PlanStructure) -> Option<PlanStatus> {
    let text = file.text();
    let outline = file.outline();
    if let Some(front) = &outline.front_matter {
        let mut at = front.body.start;
        for line in text[front.body.clone()].split_inclusive('\n') {
            let start = at;
            at += line.len();
            let Some(value) = line.strip_prefix("status:") else {
                continue;
            };
            let lead = start + "status:".len() + (value.len() - value.trim_start().len());
            let value = value.trim().trim_matches(['"', '\'']);
            if value.is_empty() {
                continue;
            }
            let offset = text[lead..].find(value).map_or(lead, |i| lead + i);
            return Some(PlanStatus {
                text: value.to_string(),
                kind: StatusKind::of(value),
                range: offset..offset + value.len(),
            });
        }
    }
    let start = outline.front_matter.as_ref().map_or(0, |f| f.range.end);
    let end = structure
        .sections
        .first()
        .map_or(text.len(), |s| s.heading_range.start)
        .max(start);
    let mut at = start;
    for line in text[start..end].split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        if outline.in_code_block(line_start) {
            continue;
        }
        if let Some(status) = status_line(line, line_start) {
            return Some(status);
        }
    }
    None
}

/// `- **Status:** `COMPLETED``, `> Status: Draft`, `Plan status: COMPLETE`, read from one
/// line starting at `offset`.
fn status_line(line: &str, offset: usize) -> Option<PlanStatus> {
    let body = line.trim_end();
    let mut i = 0;
    let bytes = body.as_bytes();
    // Quote markers, a list marker, spaces and emphasis before the key.
    while i < bytes.len() && matches!(bytes[i], b'>' | b' ' | b'\t' | b'-' | b'*' | b'+' | b'_') {
        i += 1;
    }
    let rest = &body[i..];
    let lowered = rest.to_ascii_lowercase();
    let key_len = ["plan status", "status"]
        .iter()
        .find(|k| lowered.starts_with(*k))?
        .len();
    let mut j = i + key_len;
    // `**Status:**` closes its emphasis after the colon, `**Status**:` before it.
    while j < bytes.len() && matches!(bytes[j], b'*' | b'_') {
        j += 1;
    }
    if bytes.get(j) != Some(&b':') {
        return None;
    }
    j += 1;
    while j < bytes.len() && matches!(bytes[j], b'*' | b'_' | b' ' | b'\t' | b'`') {
        j += 1;
    }
    let value_start = j;
    let value_end = body[value_start..]
        .find(['`', '*', '.', ';', '(', '|', ','])
        .map_or(body.len(), |k| value_start + k);
    let value = body[value_start..value_end].trim_end();
    if value.is_empty() {
        return None;
    }
    Some(PlanStatus {
        text: value.to_string(),
        kind: StatusKind::of(value),
        range: offset + value_start..offset + value_start + value.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> PlanSummary {
        summarize(&SourceFile::parse(text), &AnalysisConfig::default())
    }

    #[test]
    fn status_words_and_phrases() {
        for (word, kind) in [
            ("COMPLETED", StatusKind::Done),
            ("Complete", StatusKind::Done),
            ("done", StatusKind::Done),
            ("in_progress", StatusKind::Active),
            ("In progress", StatusKind::Active),
            ("ACTIVE", StatusKind::Active),
            ("DRAFT", StatusKind::Planned),
            ("not_started", StatusKind::Planned),
            ("Proposed", StatusKind::Planned),
            ("On hold", StatusKind::Blocked),
            ("Accepted", StatusKind::Other),
        ] {
            assert_eq!(StatusKind::of(word), kind, "{word}");
        }
    }

    #[test]
    fn status_lines_as_plans_write_them() {
        for (line, value) in [
            ("Status: DRAFT\n", "DRAFT"),
            ("> **Status:** `COMPLETED`\n", "COMPLETED"),
            ("- Status: `ACTIVE`\n", "ACTIVE"),
            ("Plan status: COMPLETE\n", "COMPLETE"),
            (
                "**Status**: Completed on 2026-07-28. All gates pass.\n",
                "Completed on 2026-07-28",
            ),
        ] {
            let text = format!("# ExecPlan: x\n\n{line}\n## Progress\n\n- [ ] a\n");
            let status = summary(&text).status.unwrap_or_else(|| panic!("{line}"));
            assert_eq!(status.text, value, "{line}");
            assert_eq!(&text[status.range.clone()], value, "{line}");
        }
        // Not before the first section: a status word in the body is not the plan's.
        let text = "# ExecPlan: x\n\n## Progress\n\n- [ ] a\n\nStatus: done\n";
        assert_eq!(summary(text).status, None);
        // A front matter `status:` comes first.
        let text = "---\ntitle: x\nstatus: in_progress\n---\n# x\n\nStatus: done\n\n## Progress\n";
        let status = summary(text).status.unwrap();
        assert_eq!(
            (status.text.as_str(), status.kind),
            ("in_progress", StatusKind::Active)
        );
        assert_eq!(&text[status.range], "in_progress");
    }

    #[test]
    fn progress_counts_and_the_newest_entry() {
        let text =
            "# ExecPlan: x\n\n## Progress\n\n- [x] (2026-11-20 09:15Z) a\n  - [x] a.1\n- [ ] b\n\n\
                    ## Decision Log\n\n- Decision: d\n  Date/Author: 2026-11-22 / Ada\n\n\
                    ## Surprises & Discoveries\n\n```\n2026-12-01 10:00Z in a block\n```\n\n\
                    ## Outcomes & Retrospective\n\n(None yet.)\n";
        let s = summary(text);
        let progress = s.progress.unwrap();
        assert_eq!((progress.done, progress.open), (2, 1));
        assert_eq!(&text[progress.heading], "## Progress");
        let last = s.last_entry.unwrap();
        assert_eq!(last.text, "2026-11-22");
        assert!(s.outcomes_unwritten.is_some());
    }

    #[test]
    fn unwritten_outcomes() {
        for body in [
            "",
            "\n(None yet.)\n",
            "Pending.\n",
            "_(To be filled during and after implementation.)_\n",
            "<!-- fill in at the end -->\nTBD\n",
        ] {
            assert!(is_unwritten(body), "{body:?}");
        }
        for body in [
            "Shipped the flag; CI logs are 40% shorter.\n",
            "Pending.\nThe rollout is half done.\n",
        ] {
            assert!(!is_unwritten(body), "{body:?}");
        }
    }
}

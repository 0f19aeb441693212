//! `execplan-ls status [PATH…] [--format table|json|markdown]`: one row per plan, found
//! as `check` finds them (the same walk, configuration and detection), with its title,
//! path, status, Progress counts, last update and stale commits, the stalest unfinished
//! first: unfinished before finished, then the most stale commits, then the oldest last
//! update (a plan with no dated entry first), then by path.
//!
//! `table` (the default) aligns its columns and colours them only when stdout is a
//! terminal and `NO_COLOR` is unset; `json` is `{"plans": [...]}` with the fields of the
//! server's `execplan/plans`; `markdown` is a table for a pull-request comment.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use execplan_ide::glance::{entry_age, listing_order, progress_line, stale_words};
use execplan_ide::living::{summarize, PlanSummary, StatusKind};
use execplan_ide::UtcMinute;
use execplan_syntax::SourceFile;
use serde_json::json;

use crate::check;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// Aligned columns.
    Table,
    Json,
    /// A markdown table, for a pull-request comment.
    Markdown,
}

/// The commits that make `plan` stale (0 when it is not), or `None` without git history.
/// Every format shows it when known.
fn stale_commits(plan: &check::PlanFile, file: &SourceFile) -> Option<u32> {
    let history = plan.history.as_deref()?;
    let plan_path = plan.config.document_path.as_deref()?;
    let found = execplan_ide::history::plan_staleness(file, &plan.config, history, plan_path);
    Some(found.map_or(0, |f| {
        execplan_ide::history::stale_count(file, &plan.config, &f)
    }))
}

/// One plan's row.
struct Row {
    path: String,
    summary: PlanSummary,
    stale: Option<u32>,
}

pub fn run(paths: &[std::path::PathBuf], format: StatusFormat) -> ExitCode {
    let plans = match check::plan_files(paths) {
        Ok(plans) => plans,
        Err(code) => return code,
    };
    let now = UtcMinute::now();
    let mut rows: Vec<Row> = plans
        .into_iter()
        .map(|plan| {
            let file = SourceFile::parse(&plan.text);
            let summary = summarize(&file, &plan.config);
            Row {
                stale: stale_commits(&plan, &file),
                path: plan.path.display().to_string(),
                summary,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        listing_order((&a.summary, a.stale), (&b.summary, b.stale))
            .then_with(|| a.path.cmp(&b.path))
    });
    let text = match format {
        StatusFormat::Table => table(&rows, now, use_colour()),
        StatusFormat::Json => json_text(&rows, now),
        StatusFormat::Markdown => markdown(&rows, now),
    };
    // A closed pipe (`status | head`) is not worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn title(row: &Row) -> String {
    row.summary
        .title
        .clone()
        .unwrap_or_else(|| "(untitled)".to_string())
}

fn status(row: &Row) -> String {
    row.summary
        .status
        .as_ref()
        .map_or_else(|| "-".to_string(), |s| s.text.clone())
}

/// `7/12`, or `-` without a Progress section.
fn done(row: &Row) -> String {
    row.summary
        .progress
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| format!("{}/{}", p.done, p.total()))
}

/// `2026-11-22 (3 days ago)`, or `-` with no dated entry.
fn last_update(row: &Row, now: UtcMinute) -> String {
    row.summary.last_entry.as_ref().map_or_else(
        || "-".to_string(),
        |l| format!("{} ({})", l.text, entry_age(l.at, now)),
    )
}

/// `3 commits`, `0`, or `-` when unknown.
fn stale(row: &Row) -> String {
    match row.stale {
        None => "-".to_string(),
        Some(0) => "0".to_string(),
        n => stale_words(n)
            .map(|w| w.trim_start_matches("stale: ").to_string())
            .unwrap_or_default(),
    }
}

const TITLE_WIDTH: usize = 60;

fn table(rows: &[Row], now: UtcMinute, colour: bool) -> String {
    if rows.is_empty() {
        return "No plans found.\n".to_string();
    }
    let header = ["TITLE", "PATH", "STATUS", "DONE", "LAST UPDATE", "STALE"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|row| {
            [
                shorten(&title(row), TITLE_WIDTH),
                row.path.clone(),
                status(row),
                done(row),
                last_update(row, now),
                stale(row),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<String>, out: &mut String| {
        let last = cells.len() - 1;
        let mut text = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            text.push_str(&cell);
            if i < last {
                text.push_str("  ");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    let pad =
        |cell: &str, width: usize| format!("{cell}{}", " ".repeat(width - cell.chars().count()));
    line(
        header
            .iter()
            .zip(widths)
            .map(|(h, w)| paint(&pad(h, w), "1", colour))
            .collect(),
        &mut out,
    );
    for (row, cells) in rows.iter().zip(cells) {
        let status_colour = match row.summary.status.as_ref().map(|s| s.kind) {
            Some(StatusKind::Done) => "32",
            Some(StatusKind::Blocked) => "31",
            Some(StatusKind::Active) => "36",
            _ => "",
        };
        let colours = [
            if row.summary.is_unfinished() { "1" } else { "" },
            "2",
            status_colour,
            "",
            "",
            if row.stale.is_some_and(|n| n > 0) {
                "33"
            } else {
                ""
            },
        ];
        line(
            cells
                .iter()
                .zip(widths)
                .zip(colours)
                .map(|((cell, width), code)| paint(&pad(cell, width), code, colour))
                .collect(),
            &mut out,
        );
    }
    out
}

/// `text` in the SGR colour `code`, when colour is on and there is one.
fn paint(text: &str, code: &str, colour: bool) -> String {
    if !colour || code.is_empty() {
        return text.to_string();
    }
    // The padding stays outside the colour, so underlines and backgrounds never spill.
    let trimmed = text.trim_end();
    format!("\x1b[{code}m{trimmed}\x1b[0m{}", &text[trimmed.len()..])
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max - 1).collect();
    format!("{}…", kept.trim_end())
}

fn json_text(rows: &[Row], now: UtcMinute) -> String {
    let plans: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            let s = &row.summary;
            json!({
                "path": row.path,
                "title": s.title,
                "status": s.status.as_ref().map(|st| st.text.clone()),
                "statusKind": s.status.as_ref().map(|st| st.kind.as_str()),
                "unfinished": s.is_unfinished(),
                "done": s.progress.as_ref().map_or(0, |p| p.done),
                "total": s.progress.as_ref().map_or(0, |p| p.total()),
                "lastEntry": s.last_entry.as_ref().map(|l| l.text.clone()),
                "lastEntryAge": s.last_entry.as_ref().map(|l| entry_age(l.at, now)),
                "staleCommits": row.stale,
                "progressLine": progress_line(s, now, row.stale),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&json!({ "plans": plans }))
        .unwrap_or_else(|_| "{\"plans\": []}".to_string());
    text.push('\n');
    text
}

fn markdown(rows: &[Row], now: UtcMinute) -> String {
    if rows.is_empty() {
        return "No ExecPlans found.\n".to_string();
    }
    let unfinished = rows.iter().filter(|r| r.summary.is_unfinished()).count();
    let mut out = String::from("| Plan | Status | Done | Last update | Stale |\n");
    out.push_str("| --- | --- | ---: | --- | ---: |\n");
    for row in rows {
        let link = format!(
            "[{}]({})",
            escape(&title(row)),
            row.path.trim_start_matches("./").replace(' ', "%20")
        );
        out.push_str(&format!(
            "| {link} | {} | {} | {} | {} |\n",
            escape(&status(row)),
            done(row),
            escape(&last_update(row, now)),
            stale(row),
        ));
    }
    let plural = if rows.len() == 1 { "" } else { "s" };
    out.push_str(&format!(
        "\n{} plan{plural}, {unfinished} unfinished.\n",
        rows.len()
    ));
    out
}

/// Text safe inside a markdown table cell and a link's text.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(text: &str, stale: Option<u32>) -> Row {
        Row {
            path: "./plan.md".to_string(),
            summary: summarize(
                &SourceFile::parse(text),
                &execplan_ide::AnalysisConfig::default(),
            ),
            stale,
        }
    }

    const PLAN: &str =
        "# ExecPlan: x\n\nStatus: blocked\n\n## Progress\n\n- [ ] (2026-11-20 10:00Z) a\n";

    /// Staleness, once the lead's count arrives, shows in every format.
    #[test]
    fn stale_commits_show_when_known() {
        let now = UtcMinute::parse_rfc3339("2026-11-25T12:00:00Z").unwrap();
        let rows = [row(PLAN, Some(3))];
        assert!(table(&rows, now, false).contains("  3 commits\n"));
        assert!(markdown(&rows, now).contains("| 3 commits |"));
        assert!(json_text(&rows, now).contains(
            "\"progressLine\": \"0 of 1 done · last entry 5 days ago · stale: 3 commits\""
        ));
        assert!(table(&[row(PLAN, Some(1))], now, false).contains("  1 commit\n"));
        assert!(table(&[row(PLAN, Some(0))], now, false).ends_with("  0\n"));
        // Colour, when on: the status by its kind, the staleness in yellow, padding outside.
        let coloured = table(&rows, now, true);
        assert!(coloured.contains("\x1b[31mblocked\x1b[0m "), "{coloured:?}");
        assert!(
            coloured.contains("\x1b[33m3 commits\x1b[0m"),
            "{coloured:?}"
        );
        assert!(!table(&rows, now, false).contains('\x1b'));
    }
}
